package mail

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is one e-mail. Every text is UTF-8.
type Message struct {
	To          []string // one address per element ("Léa <lea@example.org>" or "lea@example.org")
	Subject     string   // RFC 2047-encoded when needed, folded
	Text        string   // plain-text body, required; any line ends
	HTML        string   // optional alternative: the message becomes multipart/alternative
	ReplyTo     string
	Language    string // Content-Language, a BCP 47 tag ("fr", "ar", "pt-BR")
	Unsubscribe string // one-click URL (RFC 8058): List-Unsubscribe and List-Unsubscribe-Post
	// Headers are extra headers such as X-Depeche-Kind. Names must be
	// RFC 5322 field names and may not replace a header the package writes
	// (Date, From, To, Subject, Content-*…); values are encoded like the
	// subject.
	Headers map[string]string
}

// maxRecipients bounds To; notifications should go one recipient at a time
// anyway, so that readers do not see each other's addresses.
const maxRecipients = 100

// reserved are the headers Build writes or that must never come from a
// caller (lower case). Any "content-*" header is reserved too.
var reserved = map[string]bool{
	"date": true, "from": true, "sender": true, "to": true, "cc": true, "bcc": true,
	"reply-to": true, "subject": true, "message-id": true, "mime-version": true,
	"list-unsubscribe": true, "list-unsubscribe-post": true, "auto-submitted": true,
	"return-path": true, "received": true,
}

// built is a message ready for the envelope.
type built struct {
	from  string   // envelope sender (addr-spec)
	rcpts []string // envelope recipients (addr-specs)
	data  []byte   // RFC 5322 message, CRLF line ends
}

// Build returns the RFC 5322 bytes Send would transmit (before
// dot-stuffing). It draws from the Sender's clock and randomness, so two
// calls differ in Date, Message-ID and boundary unless those are fixed.
func (s *Sender) Build(m Message) ([]byte, error) {
	b, err := s.build(m)
	if err != nil {
		return nil, err
	}
	return b.data, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidMessage}, args...)...)
}

func (s *Sender) build(m Message) (*built, error) {
	from, err := parseAddress(s.cfg.From)
	if err != nil {
		return nil, invalid("From (configuration): %v", err)
	}
	if len(m.To) == 0 {
		return nil, invalid("no recipient")
	}
	if len(m.To) > maxRecipients {
		return nil, invalid("%d recipients, more than %d", len(m.To), maxRecipients)
	}
	var to, rcpts []string
	seen := map[string]bool{}
	for _, raw := range m.To {
		a, err := parseAddress(raw)
		if err != nil {
			return nil, invalid("To: %v", err)
		}
		key := strings.ToLower(a.Address)
		if seen[key] {
			continue
		}
		seen[key] = true
		to = append(to, a.String())
		rcpts = append(rcpts, a.Address)
	}
	var replyTo string
	if m.ReplyTo != "" {
		a, err := parseAddress(m.ReplyTo)
		if err != nil {
			return nil, invalid("Reply-To: %v", err)
		}
		replyTo = a.String()
	}
	if err := checkText("subject", m.Subject); err != nil {
		return nil, err
	}
	if m.Language != "" && !validLanguage(m.Language) {
		return nil, invalid("language tag %q", m.Language)
	}
	if m.Unsubscribe != "" {
		if err := checkUnsubscribe(m.Unsubscribe); err != nil {
			return nil, err
		}
	}
	extra, err := checkHeaders(m.Headers)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, invalid("empty text body")
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return nil, invalid("body is not valid UTF-8")
	}

	id, err := s.random(16)
	if err != nil {
		return nil, fmt.Errorf("mail: message id: %w", err)
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var buf bytes.Buffer
	h := func(name, value string) { writeHeader(&buf, name, value) }
	h("Date", s.now().Format(time.RFC1123Z))
	h("From", from.String())
	h("To", strings.Join(to, ", "))
	if replyTo != "" {
		h("Reply-To", replyTo)
	}
	h("Subject", encodeText(m.Subject, len("Subject: ")))
	h("Message-ID", "<"+id+"@"+domain+">")
	h("MIME-Version", "1.0")
	if m.Language != "" {
		h("Content-Language", m.Language)
	}
	// Every mail of Dépêche is sent by a program (RFC 3834): vacation
	// responders must not answer it.
	h("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		h("List-Unsubscribe", "<"+m.Unsubscribe+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	for _, kv := range extra {
		h(kv[0], encodeText(kv[1], len(kv[0])+2))
	}

	if m.HTML == "" {
		h("Content-Type", "text/plain; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		buf.WriteString("\r\n")
		if err := writeQP(&buf, m.Text); err != nil {
			return nil, err
		}
	} else {
		rb, err := s.random(12)
		if err != nil {
			return nil, fmt.Errorf("mail: boundary: %w", err)
		}
		// "=_" cannot occur in quoted-printable text, so the boundary
		// cannot occur in the parts.
		boundary := "=_" + rb
		h("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
		buf.WriteString("\r\n")
		mw := multipart.NewWriter(&buf)
		if err := mw.SetBoundary(boundary); err != nil {
			return nil, err
		}
		for _, part := range []struct{ typ, body string }{
			{"text/plain; charset=utf-8", m.Text},
			{"text/html; charset=utf-8", m.HTML},
		} {
			w, err := mw.CreatePart(textproto.MIMEHeader{
				"Content-Type":              {part.typ},
				"Content-Transfer-Encoding": {"quoted-printable"},
			})
			if err != nil {
				return nil, err
			}
			if err := writeQP(w, part.body); err != nil {
				return nil, err
			}
		}
		if err := mw.Close(); err != nil {
			return nil, err
		}
	}
	return &built{from: from.Address, rcpts: rcpts, data: buf.Bytes()}, nil
}

// random returns n random bytes in hex.
func (s *Sender) random(n int) (string, error) {
	b := make([]byte, n)
	s.rndMu.Lock()
	_, err := io.ReadFull(s.rnd, b)
	s.rndMu.Unlock()
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// writeQP writes text as quoted-printable with CRLF line ends, ending with
// a line break.
func writeQP(w io.Writer, text string) error {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := io.WriteString(qp, text); err != nil {
		return err
	}
	return qp.Close()
}

// checkText refuses what could break out of a header: control characters
// (CR and LF first) and invalid UTF-8.
func checkText(what, s string) error {
	if hasControl(s) {
		return invalid("%s contains a line break or control character", what)
	}
	if !utf8.ValidString(s) {
		return invalid("%s is not valid UTF-8", what)
	}
	return nil
}

// checkHeaders validates the extra headers and returns them sorted by name.
func checkHeaders(hs map[string]string) ([][2]string, error) {
	var out [][2]string
	seen := map[string]bool{}
	for name, value := range hs {
		if !validFieldName(name) {
			return nil, invalid("header name %q", name)
		}
		lower := strings.ToLower(name)
		if reserved[lower] || strings.HasPrefix(lower, "content-") {
			return nil, invalid("header %s is written by the mail package", name)
		}
		if seen[lower] {
			return nil, invalid("header %s given twice", name)
		}
		seen[lower] = true
		if err := checkText("header "+name, value); err != nil {
			return nil, err
		}
		out = append(out, [2]string{name, value})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i][0]) < strings.ToLower(out[j][0]) })
	return out, nil
}

// validFieldName: printable ASCII except colon (RFC 5322 §3.6.8).
func validFieldName(s string) bool {
	if s == "" || len(s) > 76 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 33 || s[i] > 126 || s[i] == ':' {
			return false
		}
	}
	return true
}

// validLanguage accepts one BCP 47 tag shape: letters, then subtags of
// letters and digits, each 1–8 long.
func validLanguage(s string) bool {
	if len(s) > 35 {
		return false
	}
	for i, sub := range strings.Split(s, "-") {
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for j := 0; j < len(sub); j++ {
			c := sub[j]
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			digit := c >= '0' && c <= '9'
			if !letter && !(digit && i > 0) {
				return false
			}
		}
	}
	return true
}

// checkUnsubscribe accepts an absolute HTTPS URL (RFC 8058 requires it);
// plain http is allowed only towards the loopback, for development.
func checkUnsubscribe(raw string) error {
	if len(raw) > 900 {
		return invalid("unsubscribe URL longer than 900 bytes")
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' {
			return invalid("unsubscribe URL contains %q (must be ASCII, percent-encoded)", c)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return invalid("unsubscribe URL: %v", err)
	}
	if u.Host == "" || u.User != nil {
		return invalid("unsubscribe URL %q must be absolute, without credentials", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return invalid("unsubscribe URL %q must use https", raw)
		}
	default:
		return invalid("unsubscribe URL %q must use https", raw)
	}
	return nil
}

// writeHeader writes "Name: value", folding at spaces so that lines stay
// within 78 characters where the value allows it, 76 when they hold
// encoded-words (RFC 2047 §2). Folding only inserts CRLF before an existing
// space, so unfolding gives the value back.
func writeHeader(buf *bytes.Buffer, name, value string) {
	limit := 78
	if strings.Contains(value, "=?") {
		limit = 76
	}
	buf.WriteString(name)
	buf.WriteByte(':')
	col := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		// Before the first word only when that makes it fit.
		if word != "" && col+1+len(word) > limit && (i > 0 || 1+len(word) <= limit) {
			buf.WriteString("\r\n")
			col = 0
		}
		buf.WriteByte(' ')
		buf.WriteString(word)
		col += 1 + len(word)
	}
	buf.WriteString("\r\n")
}

// encodeText prepares unstructured header text (RFC 5322 §3.2.5): kept as it
// is when it is plain ASCII that folds well, otherwise written as RFC 2047
// encoded-words of at most 75 characters, separated by spaces. used is the
// width of "Name: ", so that the first word fits on the name's line.
func encodeText(s string, used int) string {
	if s == "" {
		return ""
	}
	plain := isASCII(s) && !strings.Contains(s, "=?")
	for _, w := range strings.Split(s, " ") {
		if len(w) > 70 {
			plain = false
		}
	}
	if plain {
		return s
	}
	// Q keeps Latin text legible; B is shorter for Arabic and the like.
	escaped := 0
	for i := 0; i < len(s); i++ {
		if !qSafe(s[i]) && s[i] != ' ' {
			escaped++
		}
	}
	first := 76 - used - len(qPrefix) - len("?=")
	if first < 16 {
		first = wordPayload // writeHeader folds before it
	}
	if len(s)+2*escaped <= (len(s)+2)/3*4 {
		return strings.Join(qWords(s, first), " ")
	}
	return strings.Join(bWords(s, first), " ")
}

const (
	qPrefix = "=?utf-8?q?"
	bPrefix = "=?utf-8?b?"
	// an encoded-word is at most 75 characters (RFC 2047 §2)
	wordPayload = 75 - len(qPrefix) - len("?=")
)

func qSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '!' || c == '*' || c == '+' || c == '-' || c == '/'
}

// qWords encodes s in Q encoded-words, never splitting a character; the
// first word's payload is at most first characters, the others' wordPayload.
func qWords(s string, first int) []string {
	var words []string
	var cur strings.Builder
	limit := first
	for _, r := range s {
		var enc strings.Builder
		var tmp [utf8.UTFMax]byte
		for _, c := range tmp[:utf8.EncodeRune(tmp[:], r)] {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case qSafe(c):
				enc.WriteByte(c)
			default:
				fmt.Fprintf(&enc, "=%02X", c)
			}
		}
		if cur.Len()+enc.Len() > limit && cur.Len() > 0 {
			words = append(words, qPrefix+cur.String()+"?=")
			cur.Reset()
			limit = wordPayload
		}
		cur.WriteString(enc.String())
	}
	return append(words, qPrefix+cur.String()+"?=")
}

// bWords encodes s in B encoded-words, never splitting a character; the
// first word's payload is at most first characters, the others' wordPayload.
func bWords(s string, first int) []string {
	var words []string
	start, maxRaw := 0, first/4*3 // 45 bytes → 60 characters
	for i, r := range s {
		if i+utf8.RuneLen(r)-start > maxRaw && i > start {
			words = append(words, bPrefix+base64.StdEncoding.EncodeToString([]byte(s[start:i]))+"?=")
			start, maxRaw = i, wordPayload/4*3
		}
	}
	return append(words, bPrefix+base64.StdEncoding.EncodeToString([]byte(s[start:]))+"?=")
}
