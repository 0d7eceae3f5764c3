package mail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"depeche/internal/mail"
	"depeche/internal/mail/mailtest"
)

// clock is the fixed time of every test message.
var clock = time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("CET", 3600))

func now() time.Time { return clock }

// seeded is a deterministic source of randomness.
func seeded() io.Reader { return rand.NewChaCha8([32]byte{'d', 'e', 'p', 'e', 'c', 'h', 'e'}) }

const (
	frText = "Bonjour Léa,\n\nVotre proposition « Modérer sans censurer » a été acceptée.\n" +
		"Ligne avec espaces finales   \nÉlan, cœur, œuvre — déjà vu ? Ça ira !\n" +
		"Une ligne très longue qui dépasse largement les soixante-seize caractères autorisés par ligne en quoted-printable.\n"
	arText  = "مرحبا ليلى،\nتمّت الموافقة على مقالك «تدريب الدبلوماسيين».\n"
	subject = "Votre proposition a été acceptée — تمّت الموافقة"
	unsub   = "https://depeche.example/fr/desabonnement?t=Zm9vYmFy&k=1"
)

// config returns a client configuration for srv.
func config(srv *mailtest.Server) mail.Config {
	return mail.Config{
		Host:      srv.Host(),
		Port:      srv.Port(),
		From:      "Dépêche <noreply@depeche.example>",
		TLSConfig: srv.TLSConfig(),
		Timeout:   5 * time.Second,
	}
}

func message() mail.Message {
	return mail.Message{
		To:          []string{"Léa Martin <lea@example.org>"},
		Subject:     subject,
		Text:        frText + "\n" + arText,
		ReplyTo:     "redaction@depeche.example",
		Language:    "fr",
		Unsubscribe: unsub,
		Headers:     map[string]string{"X-Depeche-Kind": "decision"},
	}
}

// crlf is text as the message carries it: CRLF line ends, ending with one.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func decodeQP(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatalf("quoted-printable: %v", err)
	}
	return string(b)
}

func TestSendStartTLSAuthPlain(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("editor@depeche.example", "pa:ss wörd"))
	cfg := config(srv)
	cfg.Username, cfg.Password = "editor@depeche.example", "pa:ss wörd"
	m := message()
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(1, 5*time.Second)[0]

	if !got.TLS || got.Auth != "editor@depeche.example" {
		t.Errorf("TLS %v, auth %q: want TLS and the editor", got.TLS, got.Auth)
	}
	if got.From != "noreply@depeche.example" || len(got.To) != 1 || got.To[0] != "lea@example.org" {
		t.Errorf("envelope %q → %q", got.From, got.To)
	}
	// What arrived is exactly what Build makes: the transport is transparent.
	want, err := mail.NewSender(cfg, now, seeded()).Build(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Data, want) {
		t.Errorf("received data differs from Build:\n%s\n---\n%s", got.Data, want)
	}

	msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatalf("net/mail cannot parse the message: %v\n%s", err, got.Data)
	}
	h := msg.Header
	from, err := netmail.ParseAddress(h.Get("From"))
	if err != nil || from.Name != "Dépêche" || from.Address != "noreply@depeche.example" {
		t.Errorf("From %q → %v, %v", h.Get("From"), from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Léa Martin" || to[0].Address != "lea@example.org" {
		t.Errorf("To %q → %v, %v", h.Get("To"), to, err)
	}
	if rt, err := netmail.ParseAddress(h.Get("Reply-To")); err != nil || rt.Address != "redaction@depeche.example" {
		t.Errorf("Reply-To %q", h.Get("Reply-To"))
	}
	var dec mime.WordDecoder
	if s, err := dec.DecodeHeader(h.Get("Subject")); err != nil || s != subject {
		t.Errorf("Subject %q decodes to %q, %v; want %q", h.Get("Subject"), s, err, subject)
	}
	if d, err := h.Date(); err != nil || !d.Equal(clock) {
		t.Errorf("Date %q → %v, %v; want %v", h.Get("Date"), d, err, clock)
	}
	if id := h.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@depeche\.example>$`).MatchString(id) {
		t.Errorf("Message-ID %q", id)
	}
	for name, want := range map[string]string{
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Content-Language":          "fr",
		"List-Unsubscribe":          "<" + unsub + ">",
		"List-Unsubscribe-Post":     "List-Unsubscribe=One-Click",
		"Auto-Submitted":            "auto-generated",
		"X-Depeche-Kind":            "decision",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if body := decodeQP(t, msg.Body); body != crlf(m.Text) {
		t.Errorf("body decodes to\n%q\nwant\n%q", body, crlf(m.Text))
	}
	checkSevenBit(t, got.Data)

	// The credentials never crossed the wire in clear.
	clear := srv.Cleartext()
	for _, secret := range []string{"pa:ss wörd", "AUTH", base64.StdEncoding.EncodeToString([]byte("\x00editor@depeche.example\x00pa:ss wörd"))} {
		if bytes.Contains(clear, []byte(secret)) {
			t.Errorf("%q was sent in clear:\n%s", secret, clear)
		}
	}
	if cmds := strings.Join(srv.Commands(), " "); cmds != "EHLO NOOP STARTTLS EHLO AUTH MAIL RCPT DATA QUIT" {
		t.Errorf("conversation: %s", cmds)
	}
}

// checkSevenBit checks the message is 7-bit with CRLF lines of at most 78
// characters in the header and 76 in the body.
func checkSevenBit(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("message does not end with CRLF")
	}
	inHeader := true
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if line == "" {
			inHeader = false
		}
		max := 76
		if inHeader {
			max = 78
		}
		if inHeader && strings.Contains(line, "=?") {
			max = 76 // RFC 2047 §2
		}
		if len(line) > max {
			t.Errorf("line %d has %d characters (> %d): %q", i+1, len(line), max, line)
		}
		for _, c := range []byte(line) {
			if c >= 0x80 || c == '\r' || c == '\n' || c == 0 {
				t.Errorf("line %d has byte %#x: %q", i+1, c, line)
				break
			}
		}
		if inHeader && i > 0 && strings.TrimSpace(line) == "" && line != "" {
			t.Errorf("header line %d is only white space", i+1)
		}
	}
}

func TestMultipartAlternative(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := message()
	m.HTML = "<p dir=\"auto\">Bonjour <strong>Léa</strong>,</p>\n<p lang=\"ar\" dir=\"rtl\">مرحبا ليلى</p>\n<p>. point</p>"
	if err := mail.NewSender(config(srv), now, seeded()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(1, 5*time.Second)[0]
	if !got.TLS || got.Auth != "" {
		t.Errorf("TLS %v, auth %q", got.TLS, got.Auth)
	}
	checkSevenBit(t, got.Data)
	msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "" {
		t.Errorf("multipart message has Content-Transfer-Encoding %q", cte)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for _, want := range []struct{ typ, body string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		p, err := mr.NextRawPart()
		if err != nil {
			t.Fatalf("part %s: %v", want.typ, err)
		}
		if ct := p.Header.Get("Content-Type"); ct != want.typ {
			t.Errorf("part Content-Type %q, want %q", ct, want.typ)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("part Content-Transfer-Encoding %q", cte)
		}
		if body := decodeQP(t, p); body != crlf(want.body) {
			t.Errorf("%s decodes to\n%q\nwant\n%q", want.typ, body, crlf(want.body))
		}
	}
	if _, err := mr.NextRawPart(); err != io.EOF {
		t.Errorf("after two parts: %v, want EOF", err)
	}
}

func TestDotLinesSurvive(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := message()
	m.Text = ".\n.leading dot\n..two dots\n. \nend\n."
	if err := mail.NewSender(config(srv), now, seeded()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(1, 5*time.Second)[0]
	// quoted-printable leaves dots alone, so only dot-stuffing protects
	// these lines — the lone "." above all, which would end DATA.
	for _, line := range []string{"\r\n.\r\n.leading dot\r\n..two dots\r\n", "\r\nend\r\n.\r\n"} {
		if !bytes.Contains(got.Data, []byte(line)) {
			t.Errorf("received data lacks %q:\n%s", line, got.Data)
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	if body := decodeQP(t, msg.Body); body != crlf(m.Text) {
		t.Errorf("body %q, want %q", body, crlf(m.Text))
	}
}

func TestRequiredStartTLSRefusesPlainServer(t *testing.T) {
	for _, creds := range []bool{false, true} {
		srv := mailtest.NewServer(t, mailtest.WithoutSTARTTLS())
		cfg := config(srv) // StartTLS "" means required
		if creds {
			cfg.Username, cfg.Password = "ed", "s3cret"
		}
		err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
		if !errors.Is(err, mail.ErrNoStartTLS) {
			t.Errorf("credentials %v: error %v, want ErrNoStartTLS", creds, err)
		}
		if mail.IsTemporary(err) {
			t.Errorf("missing STARTTLS reported as temporary")
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("server received %d message(s)", n)
		}
		if cmds := strings.Join(srv.Commands(), " "); cmds != "EHLO NOOP QUIT" {
			t.Errorf("conversation %q, want EHLO NOOP QUIT only", cmds)
		}
	}
}

func TestCredentialsNeverInClear(t *testing.T) {
	// A server without STARTTLS that would take AUTH in clear.
	srv := mailtest.NewServer(t, mailtest.WithoutSTARTTLS(), mailtest.WithAuth("ed", "s3cret"))
	cfg := config(srv)
	cfg.StartTLS = mail.TLSOpportunistic
	cfg.Username, cfg.Password = "ed", "s3cret"
	err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
	if !errors.Is(err, mail.ErrInsecureAuth) {
		t.Errorf("error %v, want ErrInsecureAuth", err)
	}
	clear := string(srv.Cleartext())
	if strings.Contains(clear, "AUTH") || strings.Contains(clear, base64.StdEncoding.EncodeToString([]byte("\x00ed\x00s3cret"))) ||
		strings.Contains(clear, "MAIL") {
		t.Errorf("sent in clear:\n%s", clear)
	}

	// A server offering STARTTLS but also AUTH before it: the client
	// still upgrades first.
	srv = mailtest.NewServer(t, mailtest.WithAuth("ed", "s3cret"), mailtest.AllowAuthWithoutTLS())
	cfg = config(srv)
	cfg.StartTLS = mail.TLSOpportunistic
	cfg.Username, cfg.Password = "ed", "s3cret"
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.WaitFor(1, 5*time.Second)[0]; !got.TLS || got.Auth != "ed" {
		t.Errorf("TLS %v, auth %q", got.TLS, got.Auth)
	}
	if clear := string(srv.Cleartext()); strings.Contains(clear, "AUTH") {
		t.Errorf("AUTH sent in clear:\n%s", clear)
	}

	// "none" with credentials is a configuration error: nothing connects.
	srv = mailtest.NewServer(t, mailtest.WithoutSTARTTLS(), mailtest.WithAuth("ed", "s3cret"))
	cfg = config(srv)
	cfg.StartTLS = mail.TLSNone
	cfg.Username, cfg.Password = "ed", "s3cret"
	if err := cfg.Validate(); !errors.Is(err, mail.ErrInvalidConfig) {
		t.Errorf("Validate: %v, want ErrInvalidConfig", err)
	}
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); !errors.Is(err, mail.ErrInvalidConfig) {
		t.Errorf("Send: %v, want ErrInvalidConfig", err)
	}
	if cmds := srv.Commands(); len(cmds) != 0 {
		t.Errorf("server saw %v", cmds)
	}
}

func TestOpportunisticAndNoneWithoutCredentials(t *testing.T) {
	for _, mode := range []string{mail.TLSOpportunistic, mail.TLSNone} {
		srv := mailtest.NewServer(t, mailtest.WithoutSTARTTLS())
		cfg := config(srv)
		cfg.StartTLS = mode
		if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if got := srv.WaitFor(1, 5*time.Second)[0]; got.TLS {
			t.Errorf("%s: TLS without STARTTLS?", mode)
		}
	}
	// "none" does not upgrade even when offered.
	srv := mailtest.NewServer(t)
	cfg := config(srv)
	cfg.StartTLS = mail.TLSNone
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitFor(1, 5*time.Second)[0]; got.TLS {
		t.Error(`"none" used STARTTLS`)
	}
}

func TestAuthLoginAndBadCredentials(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("ed", "s3cret"), mailtest.AuthMechanisms("LOGIN"))
	cfg := config(srv)
	cfg.Username, cfg.Password = "ed", "s3cret"
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); err != nil {
		t.Fatalf("AUTH LOGIN: %v", err)
	}
	if got := srv.WaitFor(1, 5*time.Second)[0]; got.Auth != "ed" {
		t.Errorf("auth %q", got.Auth)
	}

	cfg.Password = "wrong"
	err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
	var se *mail.Error
	if !errors.As(err, &se) || se.Code != 535 || se.Command != "AUTH" || mail.IsTemporary(err) {
		t.Errorf("bad password: %v, want a permanent 535 on AUTH", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

func TestUntrustedCertificate(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("ed", "s3cret"))
	cfg := config(srv)
	cfg.TLSConfig = nil // system roots do not trust the test certificate
	cfg.Username, cfg.Password = "ed", "s3cret"
	err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
	if err == nil || mail.IsTemporary(err) {
		t.Errorf("error %v, want a permanent TLS failure", err)
	}
	if cmds := strings.Join(srv.Commands(), " "); strings.Contains(cmds, "AUTH") || strings.Contains(cmds, "MAIL") {
		t.Errorf("conversation went on: %s", cmds)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	srv := mailtest.NewServer(t)
	sender := mail.NewSender(config(srv), now, seeded())
	cases := map[string]func(*mail.Message){
		"CRLF in To":                 func(m *mail.Message) { m.To = []string{"a@b.c\r\nBcc: x@y.z"} },
		"LF in To":                   func(m *mail.Message) { m.To = []string{"a@b.c\nBcc: x@y.z"} },
		"CR in To":                   func(m *mail.Message) { m.To = []string{"a@b.c\rBcc: x@y.z"} },
		"CRLF in display name":       func(m *mail.Message) { m.To = []string{"\"Léa\r\nBcc: x@y.z\" <lea@example.org>"} },
		"list in one To":             func(m *mail.Message) { m.To = []string{"a@b.c, x@y.z"} },
		"not an address":             func(m *mail.Message) { m.To = []string{"Léa Martin"} },
		"non-ASCII address":          func(m *mail.Message) { m.To = []string{"léa@example.org"} },
		"no recipient":               func(m *mail.Message) { m.To = nil },
		"LF in Subject":              func(m *mail.Message) { m.Subject = "Bonjour\nBcc: x@y.z" },
		"CR in Subject":              func(m *mail.Message) { m.Subject = "Bonjour\rBcc: x@y.z" },
		"NEL in Subject":             func(m *mail.Message) { m.Subject = "Bonjour\u0085Bcc: x@y.z" },
		"invalid UTF-8 Subject":      func(m *mail.Message) { m.Subject = "Bonjour \xff" },
		"CRLF in Reply-To":           func(m *mail.Message) { m.ReplyTo = "a@b.c\r\nBcc: x@y.z" },
		"CRLF in header value":       func(m *mail.Message) { m.Headers = map[string]string{"X-Depeche-Kind": "a\r\nBcc: x@y.z"} },
		"CRLF in header name":        func(m *mail.Message) { m.Headers = map[string]string{"X-A\r\nBcc": "x@y.z"} },
		"colon in header name":       func(m *mail.Message) { m.Headers = map[string]string{"Bcc: x@y.z\r\nX-A": "1"} },
		"reserved header Bcc":        func(m *mail.Message) { m.Headers = map[string]string{"bcc": "x@y.z"} },
		"reserved header Content-":   func(m *mail.Message) { m.Headers = map[string]string{"Content-Type": "text/html"} },
		"reserved header From":       func(m *mail.Message) { m.Headers = map[string]string{"FROM": "x@y.z"} },
		"CRLF in Language":           func(m *mail.Message) { m.Language = "fr\r\nBcc: x@y.z" },
		"bad Language":               func(m *mail.Message) { m.Language = "fr_FR" },
		"CRLF in Unsubscribe":        func(m *mail.Message) { m.Unsubscribe = "https://a.example/\r\nBcc: x@y.z" },
		"angle in Unsubscribe":       func(m *mail.Message) { m.Unsubscribe = "https://a.example/>, <mailto:x@y.z" },
		"javascript Unsubscribe":     func(m *mail.Message) { m.Unsubscribe = "javascript:alert(1)" },
		"plain http Unsubscribe":     func(m *mail.Message) { m.Unsubscribe = "http://depeche.example/unsub" },
		"relative Unsubscribe":       func(m *mail.Message) { m.Unsubscribe = "/fr/desabonnement" },
		"empty text":                 func(m *mail.Message) { m.Text = " \n" },
		"invalid UTF-8 text":         func(m *mail.Message) { m.Text = "a\xffb" },
		"too many recipients (101)":  func(m *mail.Message) { m.To = make([]string, 101) },
		"duplicate header, any case": func(m *mail.Message) { m.Headers = map[string]string{"X-A": "1", "x-a": "2"} },
	}
	for name, mutate := range cases {
		m := message()
		mutate(&m)
		err := sender.Send(context.Background(), m)
		if !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("%s: error %v, want ErrInvalidMessage", name, err)
		}
		if mail.IsTemporary(err) {
			t.Errorf("%s: reported as temporary", name)
		}
		if _, err := sender.Build(m); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("%s: Build error %v", name, err)
		}
	}
	if cmds := srv.Commands(); len(cmds) != 0 {
		t.Errorf("invalid messages reached the server: %v", cmds)
	}

	cfg := config(srv)
	cfg.From = "noreply@depeche.example\r\nBcc: x@y.z"
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); !errors.Is(err, mail.ErrInvalidConfig) {
		t.Errorf("CRLF in From: %v, want ErrInvalidConfig", err)
	}
	cfg = config(srv)
	cfg.HelloName = "a\r\nMAIL FROM:<x@y.z>"
	if err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message()); !errors.Is(err, mail.ErrInvalidConfig) {
		t.Errorf("CRLF in HelloName: %v, want ErrInvalidConfig", err)
	}
	if cmds := srv.Commands(); len(cmds) != 0 {
		t.Errorf("invalid configurations reached the server: %v", cmds)
	}
}

func TestRecipientRefusedIsPermanent(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.RejectRecipient("gone@example.org"))
	m := message()
	m.To = []string{"lea@example.org", "gone@example.org"}
	err := mail.NewSender(config(srv), now, seeded()).Send(context.Background(), m)
	var se *mail.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want *mail.Error", err)
	}
	if se.Code != 550 || se.Command != "RCPT" || !strings.Contains(se.Msg, "User unknown") || se.Recipient != "gone@example.org" {
		t.Errorf("error %+v", se)
	}
	if !strings.Contains(err.Error(), "550") {
		t.Errorf("message %q lacks the code", err)
	}
	if mail.IsTemporary(err) {
		t.Error("550 reported as temporary")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d message(s) delivered despite a refused recipient", n)
	}
	if cmds := strings.Join(srv.Commands(), " "); strings.Contains(cmds, "DATA") || !strings.HasSuffix(cmds, "QUIT") {
		t.Errorf("conversation %s", cmds)
	}
}

func TestTemporaryFailures(t *testing.T) {
	for _, tc := range []struct {
		verb, command string
		code          int
		temporary     bool
	}{
		{"RCPT", "RCPT", 451, true},
		{"MAIL", "MAIL", 421, true},
		{".", "end of data", 451, true},
		{"DATA", "DATA", 554, false},
		{".", "end of data", 554, false},
	} {
		srv := mailtest.NewServer(t, mailtest.Reply(tc.verb, tc.code, "4.7.1 Please try again later"))
		err := mail.NewSender(config(srv), now, seeded()).Send(context.Background(), message())
		var se *mail.Error
		if !errors.As(err, &se) || se.Code != tc.code || se.Command != tc.command {
			t.Errorf("%d on %s: error %v", tc.code, tc.verb, err)
			continue
		}
		if mail.IsTemporary(err) != tc.temporary {
			t.Errorf("%d on %s: IsTemporary %v, want %v", tc.code, tc.verb, !tc.temporary, tc.temporary)
		}
		if se.Msg != "4.7.1 Please try again later" {
			t.Errorf("text %q", se.Msg)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d on %s: message recorded", tc.code, tc.verb)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.MaxSize(500))
	err := mail.NewSender(config(srv), now, seeded()).Send(context.Background(), message())
	var se *mail.Error
	if !errors.As(err, &se) || se.Code != 552 || mail.IsTemporary(err) {
		t.Errorf("error %v, want a permanent 552", err)
	}
	if cmds := strings.Join(srv.Commands(), " "); strings.Contains(cmds, "MAIL") {
		t.Errorf("sent MAIL although the message is too big: %s", cmds)
	}
}

func TestContextCancellationStopsStuckServer(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Stall("DATA"))
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config(srv)
	cfg.Timeout = time.Minute
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- mail.NewSender(cfg, now, seeded()).Send(ctx, message()) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		if mail.IsTemporary(err) {
			t.Errorf("cancellation reported as temporary")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Send returned after %v", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Send still blocked 5s after cancellation")
	}
	if cmds := strings.Join(srv.Commands(), " "); !strings.HasSuffix(cmds, "DATA") {
		t.Errorf("conversation %s, want it stuck at DATA", cmds)
	}
}

func TestTimeoutBoundsConversation(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Stall("GREETING"))
	cfg := config(srv)
	cfg.Timeout = 300 * time.Millisecond
	start := time.Now()
	err := mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
	if !errors.Is(err, context.DeadlineExceeded) || !mail.IsTemporary(err) {
		t.Errorf("error %v, want a temporary deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send returned after %v", d)
	}
}

func TestUnreachableServerIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cfg := mail.Config{Host: "127.0.0.1", Port: port, From: "noreply@depeche.example", Timeout: 2 * time.Second}
	err = mail.NewSender(cfg, now, seeded()).Send(context.Background(), message())
	if err == nil || !mail.IsTemporary(err) {
		t.Errorf("error %v, want temporary", err)
	}
}

func TestDisabled(t *testing.T) {
	s := mail.NewSender(mail.Config{From: "noreply@depeche.example"}, nil, nil)
	if s.Enabled() {
		t.Error("enabled without host")
	}
	if err := s.Send(context.Background(), message()); !errors.Is(err, mail.ErrDisabled) || mail.IsTemporary(err) {
		t.Errorf("error %v, want ErrDisabled", err)
	}
	if err := (mail.Config{}).Validate(); err != nil {
		t.Errorf("empty config: %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := mail.Config{Host: "smtp.example.org", From: "Dépêche <noreply@depeche.example>"}
	if err := good.Validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for name, mutate := range map[string]func(*mail.Config){
		"bad mode":          func(c *mail.Config) { c.StartTLS = "yes" },
		"bad port":          func(c *mail.Config) { c.Port = 70000 },
		"no From":           func(c *mail.Config) { c.From = "" },
		"password, no user": func(c *mail.Config) { c.Password = "x" },
		"none with user":    func(c *mail.Config) { c.StartTLS = mail.TLSNone; c.Username = "u" },
		"host with space":   func(c *mail.Config) { c.Host = "smtp example" },
		"negative timeout":  func(c *mail.Config) { c.Timeout = -time.Second },
	} {
		c := good
		mutate(&c)
		if err := c.Validate(); !errors.Is(err, mail.ErrInvalidConfig) {
			t.Errorf("%s: %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestSubjectEncodingAndFolding(t *testing.T) {
	s := mail.NewSender(mail.Config{From: "noreply@depeche.example"}, now, seeded())
	var dec mime.WordDecoder
	for _, tc := range []struct {
		subject string
		want    *regexp.Regexp // on the raw, unfolded header
	}{
		{"Nouveau commentaire", regexp.MustCompile(`^Nouveau commentaire$`)},
		{"Réinitialisation de votre mot de passe", regexp.MustCompile(`^=\?utf-8\?q\?`)},
		{"تعليق جديد في انتظار المراجعة على مقالك «تدريب الدبلوماسيين»", regexp.MustCompile(`^=\?utf-8\?b\?`)},
		{"=?utf-8?q?not_an_encoded_word?=", regexp.MustCompile(`^=\?utf-8\?[qb]\?`)},
		{strings.TrimSpace(strings.Repeat("Un sujet vraiment très long pour un courriel, ", 6)), regexp.MustCompile(`^=\?utf-8\?q\?`)},
		{strings.TrimSpace(strings.Repeat("A rather long plain subject line for folding ", 5)), regexp.MustCompile(`^A rather`)},
		{strings.Repeat("x", 120), regexp.MustCompile(`^=\?utf-8\?q\?x+\?=( =\?utf-8\?q\?x+\?=)+$`)},
		{"", regexp.MustCompile(`^$`)},
	} {
		m := message()
		m.Subject = tc.subject
		data, err := s.Build(m)
		if err != nil {
			t.Fatal(err)
		}
		checkSevenBit(t, data)
		msg, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		raw := msg.Header.Get("Subject") // net/mail unfolds
		if !tc.want.MatchString(raw) {
			t.Errorf("subject %q written as %q", tc.subject, raw)
		}
		got, err := dec.DecodeHeader(raw)
		if err != nil || got != tc.subject {
			t.Errorf("subject %q decodes to %q, %v", tc.subject, got, err)
		}
		for _, w := range regexp.MustCompile(`=\?[^ ]*\?=`).FindAllString(raw, -1) {
			if len(w) > 75 {
				t.Errorf("encoded-word of %d characters: %s", len(w), w)
			}
		}
	}
}

func TestLongRecipientListFolds(t *testing.T) {
	s := mail.NewSender(mail.Config{From: "noreply@depeche.example"}, now, seeded())
	m := message()
	m.To = nil
	for i := range 12 {
		m.To = append(m.To, "Rédacteur n°"+strconv.Itoa(i)+" <redacteur"+strconv.Itoa(i)+"@depeche.example>")
	}
	m.To = append(m.To, "redacteur3@DEPECHE.example") // duplicate, dropped
	data, err := s.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	checkSevenBit(t, data)
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 12 || to[11].Name != "Rédacteur n°11" {
		t.Errorf("To parses to %v, %v", to, err)
	}
}
