// Package mail sends the e-mails of Dépêche — password resets, proposal and
// decision notices, comment notifications — over SMTP, with the standard
// library only.
//
//	func NewSender(cfg Config, now func() time.Time, rnd io.Reader) *Sender
//	func (s *Sender) Send(ctx context.Context, m Message) error
//	func (s *Sender) Build(m Message) ([]byte, error)
//	func (c Config) Validate() error
//	func IsTemporary(err error) bool
//
// Rules the package keeps:
//
//   - One SMTP conversation per message. The whole conversation (dial,
//     greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT) is bounded by
//     Config.Timeout and by the caller's context; cancelling the context
//     interrupts a stuck server at once.
//   - Transport security follows Config.StartTLS: "required" (the default)
//     sends nothing — no credentials, no envelope, no message — unless
//     STARTTLS succeeded with a verified certificate; "opportunistic" uses
//     STARTTLS when offered; "none" never does and is meant for local relays.
//     Credentials are never sent outside TLS, whatever the mode: a
//     configuration that would need it is an error.
//   - Header injection is impossible: a CR, LF or other control character in
//     a subject, address, header name or value is an error wrapping
//     ErrInvalidMessage, and nothing is sent. Addresses are parsed one by one
//     with net/mail; their addr-spec must be ASCII (no SMTPUTF8).
//   - Messages are 7-bit clean: non-ASCII header text becomes RFC 2047
//     encoded-words, bodies are UTF-8 in quoted-printable with CRLF line ends,
//     lines are folded to 78 characters where they can be. Dot-stuffing is
//     done by net/smtp's DATA writer.
//   - A server's refusal is an *Error with its reply code and text; 4xx
//     replies, network failures and timeouts are temporary (IsTemporary), so
//     an outbox can try again later. 5xx replies, invalid messages and
//     security refusals are permanent.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StartTLS modes.
const (
	TLSRequired      = "required"
	TLSOpportunistic = "opportunistic"
	TLSNone          = "none"
)

const (
	defaultPort    = 587
	defaultTimeout = 30 * time.Second
	defaultHello   = "localhost"
)

var (
	// ErrDisabled is returned by Send when no SMTP host is configured.
	ErrDisabled = errors.New("mail: sending is disabled (no SMTP host configured)")
	// ErrInvalidMessage wraps every reason a Message cannot be built.
	ErrInvalidMessage = errors.New("mail: invalid message")
	// ErrInvalidConfig wraps every reason a Config is refused.
	ErrInvalidConfig = errors.New("mail: invalid configuration")
	// ErrNoStartTLS is returned when StartTLS is "required" and the server
	// does not offer STARTTLS. Nothing was sent.
	ErrNoStartTLS = errors.New("mail: server does not offer STARTTLS, which is required")
	// ErrInsecureAuth is returned when credentials would have to be sent
	// outside TLS. They were not sent.
	ErrInsecureAuth = errors.New("mail: refusing to send credentials without TLS")
)

// Config is how to reach the SMTP server. The zero Host disables sending.
type Config struct {
	Host     string // "" disables sending (Send returns ErrDisabled)
	Port     int    // 587 when 0
	Username string // empty: no AUTH
	Password string
	From     string // "Dépêche <noreply@example.org>": header From and envelope sender
	// StartTLS is "required" (default), "opportunistic" or "none".
	StartTLS  string
	TLSConfig *tls.Config   // nil: system roots; ServerName defaults to Host
	Timeout   time.Duration // whole conversation; 30s when 0
	HelloName string        // EHLO name; "localhost" when empty
}

func (c Config) withDefaults() Config {
	if c.Port == 0 {
		c.Port = defaultPort
	}
	if c.StartTLS == "" {
		c.StartTLS = TLSRequired
	}
	if c.Timeout == 0 {
		c.Timeout = defaultTimeout
	}
	if c.HelloName == "" {
		c.HelloName = defaultHello
	}
	return c
}

// Validate reports whether the configuration can be used, so that a
// misconfiguration is found at start-up rather than at the first e-mail. A
// configuration without Host is valid: sending is disabled.
func (c Config) Validate() error {
	c = c.withDefaults()
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidConfig}, args...)...)
	}
	if c.Host == "" {
		return nil
	}
	if strings.ContainsAny(c.Host, " \t\r\n/@") || hasControl(c.Host) {
		return bad("host %q", c.Host)
	}
	if c.Port < 1 || c.Port > 65535 {
		return bad("port %d", c.Port)
	}
	switch c.StartTLS {
	case TLSRequired, TLSOpportunistic, TLSNone:
	default:
		return bad("StartTLS must be %q, %q or %q, not %q", TLSRequired, TLSOpportunistic, TLSNone, c.StartTLS)
	}
	if c.Username != "" && c.StartTLS == TLSNone {
		return bad("credentials are configured but StartTLS is %q: they would be sent in clear", TLSNone)
	}
	if c.Password != "" && c.Username == "" {
		return bad("a password without a user name")
	}
	if hasControl(c.Username) || hasControl(c.Password) {
		return bad("control character in the credentials")
	}
	if c.Timeout < 0 {
		return bad("negative timeout")
	}
	if strings.ContainsAny(c.HelloName, " \t") || hasControl(c.HelloName) || !isASCII(c.HelloName) {
		return bad("EHLO name %q", c.HelloName)
	}
	if _, err := parseAddress(c.From); err != nil {
		return bad("From: %v", err)
	}
	return nil
}

// Sender sends messages with one configuration. It is safe for concurrent
// use; each Send holds its own SMTP conversation.
type Sender struct {
	cfg Config
	now func() time.Time

	rndMu sync.Mutex
	rnd   io.Reader
}

// NewSender returns a Sender for cfg. now gives the Date header (nil:
// time.Now) and rnd the Message-ID and MIME boundaries (nil: crypto/rand);
// both are injected so that tests are deterministic. The configuration is
// checked by Send (and by Config.Validate, to call at start-up).
func NewSender(cfg Config, now func() time.Time, rnd io.Reader) *Sender {
	if now == nil {
		now = time.Now
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	return &Sender{cfg: cfg.withDefaults(), now: now, rnd: rnd}
}

// Enabled reports whether an SMTP host is configured.
func (s *Sender) Enabled() bool { return s.cfg.Host != "" }

// Error is a refusal from the SMTP server: its reply code and text, and the
// command that drew it.
type Error struct {
	Command   string // "greeting", "EHLO", "STARTTLS", "AUTH", "SIZE", "MAIL", "RCPT", "DATA", "end of data"
	Recipient string // for RCPT: the refused address
	Code      int    // 421, 451, 550…
	Msg       string // the server's text, lines joined by "\n"
}

func (e *Error) Error() string {
	if e.Recipient != "" {
		return fmt.Sprintf("mail: server refused %s <%s>: %d %s", e.Command, e.Recipient, e.Code, e.Msg)
	}
	return fmt.Sprintf("mail: server refused %s: %d %s", e.Command, e.Code, e.Msg)
}

// Temporary reports whether the reply was a transient (4xx) failure.
func (e *Error) Temporary() bool { return e.Code >= 400 && e.Code < 500 }

// IsTemporary reports whether sending the same message later may succeed:
// a 4xx reply from the server, a network failure or a timeout. A 5xx reply,
// an invalid message or configuration, a security refusal, ErrDisabled or
// the caller's cancellation are not temporary.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	var se *Error
	if errors.As(err, &se) {
		return se.Temporary()
	}
	switch {
	case errors.Is(err, context.Canceled),
		errors.Is(err, ErrDisabled),
		errors.Is(err, ErrInvalidMessage),
		errors.Is(err, ErrInvalidConfig),
		errors.Is(err, ErrNoStartTLS),
		errors.Is(err, ErrInsecureAuth):
		return false
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	var tlsErr *tls.CertificateVerificationError
	if errors.As(err, &tlsErr) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// Send builds m and delivers it in one SMTP conversation. Every recipient
// must be accepted, or nothing is sent. It returns ErrDisabled when no host
// is configured.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if s.cfg.Host == "" {
		return ErrDisabled
	}
	if err := s.cfg.Validate(); err != nil {
		return err
	}
	b, err := s.build(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("mail: connecting to %s: %w", s.cfg.Host, ctx.Err())
		}
		return fmt.Errorf("mail: connecting to %s: %w", s.cfg.Host, err)
	}
	defer conn.Close()
	// Cancellation and the deadline unblock whatever read or write is in
	// progress; the context is then already done, so the error says why.
	// The connection's own deadline is only a backstop.
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline.Add(time.Second))
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	err = s.converse(conn, b)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("mail: sending to %s: %w (%v)", s.cfg.Host, ctx.Err(), err)
	}
	return err
}

// converse holds the SMTP conversation on an open connection.
func (s *Sender) converse(conn net.Conn, b *built) error {
	stage := "greeting"
	var c *smtp.Client
	// fail turns a reply into an *Error and, after a refusal, ends the
	// conversation politely; other errors are wrapped as they are.
	fail := func(err error) error {
		var te *textproto.Error
		if errors.As(err, &te) {
			if c != nil && te.Code != 421 {
				c.Quit()
			}
			return &Error{Command: stage, Code: te.Code, Msg: te.Msg}
		}
		return fmt.Errorf("mail: %s with %s: %w", stage, s.cfg.Host, err)
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fail(err)
	}
	defer c.Close()

	stage = "EHLO"
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return fail(err)
	}
	// net/smtp sends EHLO lazily and Extension swallows its error: a NOOP
	// sends it now and reports a refusal.
	if err := c.Noop(); err != nil {
		return fail(err)
	}
	offersTLS, _ := c.Extension("STARTTLS")
	secure := false
	if s.cfg.StartTLS != TLSNone && offersTLS {
		stage = "STARTTLS"
		tc := &tls.Config{}
		if s.cfg.TLSConfig != nil {
			tc = s.cfg.TLSConfig.Clone()
		}
		if tc.ServerName == "" {
			tc.ServerName = s.cfg.Host
		}
		if tc.MinVersion == 0 {
			tc.MinVersion = tls.VersionTLS12
		}
		if err := c.StartTLS(tc); err != nil {
			return fail(err)
		}
		secure = true
	}
	if !secure && s.cfg.StartTLS == TLSRequired {
		c.Quit()
		return fmt.Errorf("%w (%s)", ErrNoStartTLS, s.cfg.Host)
	}

	if s.cfg.Username != "" {
		stage = "AUTH"
		if !secure {
			c.Quit()
			return fmt.Errorf("%w (%s does not offer STARTTLS)", ErrInsecureAuth, s.cfg.Host)
		}
		a, err := s.auth(c)
		if err != nil {
			c.Quit()
			return err
		}
		if err := c.Auth(a); err != nil {
			return fail(err)
		}
	}

	if ok, param := c.Extension("SIZE"); ok {
		if limit, err := strconv.Atoi(strings.TrimSpace(param)); err == nil && limit > 0 && len(b.data) > limit {
			c.Quit()
			return &Error{Command: "SIZE", Code: 552, Msg: fmt.Sprintf("message of %d bytes exceeds the server's limit of %d", len(b.data), limit)}
		}
	}

	stage = "MAIL"
	if err := c.Mail(b.from); err != nil {
		return fail(err)
	}
	stage = "RCPT"
	for _, rcpt := range b.rcpts {
		if err := c.Rcpt(rcpt); err != nil {
			e := fail(err)
			if se, ok := e.(*Error); ok {
				se.Recipient = rcpt
			}
			return e
		}
	}
	stage = "DATA"
	w, err := c.Data()
	if err != nil {
		return fail(err)
	}
	if _, err := w.Write(b.data); err != nil {
		return fail(err)
	}
	stage = "end of data"
	if err := w.Close(); err != nil {
		return fail(err)
	}
	// The message is accepted; a failed QUIT does not undo that.
	c.Quit()
	return nil
}

// auth picks a mechanism the server offers: PLAIN, else LOGIN.
func (s *Sender) auth(c *smtp.Client) (smtp.Auth, error) {
	_, mechs := c.Extension("AUTH")
	offered := map[string]bool{}
	for _, m := range strings.Fields(strings.ToUpper(mechs)) {
		offered[m] = true
	}
	switch {
	case offered["PLAIN"]:
		return &plainAuth{user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host}, nil
	case offered["LOGIN"]:
		return &loginAuth{user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host}, nil
	case mechs == "":
		return nil, fmt.Errorf("mail: credentials are configured but %s does not offer AUTH", s.cfg.Host)
	default:
		return nil, fmt.Errorf("mail: %s offers no supported AUTH mechanism (PLAIN, LOGIN): %s", s.cfg.Host, mechs)
	}
}

// plainAuth is AUTH PLAIN (RFC 4616) that refuses to run outside TLS, even
// towards localhost (unlike smtp.PlainAuth).
type plainAuth struct{ user, pass, host string }

func (a *plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS {
		return "", nil, ErrInsecureAuth
	}
	if server.Name != a.host {
		return "", nil, fmt.Errorf("mail: AUTH for %s attempted with %s", a.host, server.Name)
	}
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a *plainAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("mail: unexpected AUTH PLAIN challenge")
	}
	return nil, nil
}

// loginAuth is the AUTH LOGIN mechanism some servers offer alone.
type loginAuth struct {
	user, pass, host string
	step             int
}

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS {
		return "", nil, ErrInsecureAuth
	}
	if server.Name != a.host {
		return "", nil, fmt.Errorf("mail: AUTH for %s attempted with %s", a.host, server.Name)
	}
	a.step = 0
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.step++
	switch a.step {
	case 1:
		return []byte(a.user), nil
	case 2:
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("mail: unexpected AUTH LOGIN challenge %q", fromServer)
}

// parseAddress parses one address (with or without display name) and
// refuses line breaks, lists and non-ASCII addr-specs.
func parseAddress(s string) (*mail.Address, error) {
	if s == "" {
		return nil, errors.New("empty address")
	}
	if hasControl(s) {
		return nil, fmt.Errorf("control character in address %q", s)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("address %q: %v", s, err)
	}
	if !isASCII(a.Address) || strings.ContainsAny(a.Address, " <>\"") {
		return nil, fmt.Errorf("address %q: only ASCII addresses are supported", s)
	}
	return a, nil
}

// hasControl reports C0 controls (CR and LF among them) and DEL; a tab is
// allowed only where folding white space is, so it is refused too.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	// U+0085 (NEL), U+2028 and U+2029 break lines in some readers.
	return strings.ContainsAny(s, "\u0085\u2028\u2029")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
