package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"

	"depeche/internal/mail"
)

// FuzzBuild checks that whatever a caller passes, a built message parses,
// carries exactly the expected headers (nothing injected) and gives the
// subject and recipient back.
func FuzzBuild(f *testing.F) {
	f.Add("Bonjour", "lea@example.org", "decision", "https://depeche.example/u?t=1", "fr", "Bonjour\n")
	f.Add("a\r\nBcc: x@y.z", "a@b.c\r\nBcc: x@y.z", "v\nBcc: x@y.z", "https://x.example/\r\n", "fr\r\n", "x")
	f.Add("=?utf-8?q?x?= تمّت", "\"Martin, Léa\" <lea@example.org>", "é", "http://127.0.0.1:8080/u", "pt-BR", ".\r.\r\n\n= \t")
	f.Add(strings.Repeat("très ", 40), "x@[127.0.0.1]", strings.Repeat("z", 200), "", "", strings.Repeat("é", 100))
	s := mail.NewSender(mail.Config{From: "Dépêche <noreply@depeche.example>"}, now, seeded())
	var dec mime.WordDecoder
	f.Fuzz(func(t *testing.T, subject, to, kind, unsub, lang, text string) {
		m := mail.Message{
			To: []string{to}, Subject: subject, Text: text, Language: lang, Unsubscribe: unsub,
			Headers: map[string]string{"X-Depeche-Kind": kind},
		}
		data, err := s.Build(m)
		if err != nil {
			return
		}
		msg, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("built message does not parse: %v\n%q", err, data)
		}
		allowed := map[string]bool{
			"Date": true, "From": true, "To": true, "Subject": true, "Message-Id": true,
			"Mime-Version": true, "Auto-Submitted": true, "X-Depeche-Kind": true,
			"Content-Type": true, "Content-Transfer-Encoding": true,
			"Content-Language": lang != "", "List-Unsubscribe": unsub != "", "List-Unsubscribe-Post": unsub != "",
		}
		for name, values := range msg.Header {
			if !allowed[name] || len(values) != 1 {
				t.Fatalf("header %s %q present\n%s", name, values, data)
			}
		}
		want := 0
		for _, ok := range allowed {
			if ok {
				want++
			}
		}
		if len(msg.Header) != want {
			t.Fatalf("headers %v\n%s", msg.Header, data)
		}
		norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		for name, want := range map[string]string{"Subject": subject, "X-Depeche-Kind": kind} {
			got, err := dec.DecodeHeader(msg.Header.Get(name))
			if err != nil || norm(got) != norm(want) {
				t.Fatalf("%s %q decodes to %q, %v", name, want, got, err)
			}
		}
		in, _ := netmail.ParseAddress(to)
		out, err := msg.Header.AddressList("To")
		if err != nil || len(out) != 1 || out[0].Address != in.Address || out[0].Name != in.Name {
			t.Fatalf("To %q came back as %v, %v", to, out, err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if err != nil || string(body) != strings.ReplaceAll(text, "\n", "\r\n") {
			t.Fatalf("body %q decodes to %q, %v", text, body, err)
		}
		for _, line := range strings.Split(string(data), "\r\n") {
			if len(line) > 998 || strings.ContainsAny(line, "\r\n") {
				t.Fatalf("bad line %q", line)
			}
		}
	})
}
