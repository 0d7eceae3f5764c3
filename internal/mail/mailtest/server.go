// Package mailtest is an in-process SMTP server for tests (RFC 5321, with
// STARTTLS per RFC 3207, AUTH PLAIN and LOGIN per RFC 4954/4616, SIZE per
// RFC 1870). It listens on 127.0.0.1, offers STARTTLS with a certificate
// generated at start, records what it receives and closes in t.Cleanup.
//
//	srv := mailtest.NewServer(t, mailtest.WithAuth("ed", "secret"))
//	cfg := mail.Config{Host: srv.Host(), Port: srv.Port(), TLSConfig: srv.TLSConfig(), …}
//	… send …
//	got := srv.WaitFor(1, 5*time.Second)
//
// It is strict where a lenient server would hide a client's bug: command
// and data lines must end in CRLF, data lines may not exceed 1000 octets,
// AUTH is refused before STARTTLS when STARTTLS is offered, and data
// pipelined after STARTTLS closes the connection.
package mailtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one message the server accepted.
type Received struct {
	From string   // reverse-path, without angle brackets
	To   []string // forward-paths, in order
	Data []byte   // the message after dot-unstuffing, CRLF line ends, without the final "."
	TLS  bool     // the transaction ran under STARTTLS
	Auth string   // the authenticated user, "" if none
}

// Option configures a Server.
type Option func(*options)

type options struct {
	noTLS        bool
	user, pass   string
	insecureAuth bool
	mechs        []string
	maxSize      int
	reject       map[string]bool
	replies      map[string]reply
	stall        map[string]bool
}

type reply struct {
	code int
	text string
}

// WithoutSTARTTLS makes the server not offer STARTTLS.
func WithoutSTARTTLS() Option { return func(o *options) { o.noTLS = true } }

// WithAuth enables AUTH PLAIN and LOGIN with these credentials and makes
// authentication required before MAIL.
func WithAuth(user, pass string) Option {
	return func(o *options) { o.user, o.pass = user, pass }
}

// AuthMechanisms restricts the mechanisms offered (default "PLAIN",
// "LOGIN"), for example to a LOGIN-only server.
func AuthMechanisms(mechs ...string) Option {
	return func(o *options) {
		o.mechs = nil
		for _, m := range mechs {
			o.mechs = append(o.mechs, strings.ToUpper(m))
		}
	}
}

// AllowAuthWithoutTLS makes the server offer and accept AUTH before
// STARTTLS, like a careless server, to check that a client does not use it.
// Without STARTTLS (WithoutSTARTTLS) AUTH is always offered in clear.
func AllowAuthWithoutTLS() Option { return func(o *options) { o.insecureAuth = true } }

// MaxSize sets the SIZE limit in octets (10 MiB by default); a larger
// message is refused with 552.
func MaxSize(n int) Option { return func(o *options) { o.maxSize = n } }

// RejectRecipient makes RCPT TO for these addresses fail with 550.
func RejectRecipient(addrs ...string) Option {
	return func(o *options) {
		for _, a := range addrs {
			o.reject[strings.ToLower(a)] = true
		}
	}
}

// Reply makes the server answer a command with this reply instead of
// carrying it out, once the command is otherwise acceptable. verb is "EHLO",
// "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", or "." for the end of the
// message data (the data is read, then refused). For example
// Reply("RCPT", 451, "4.7.1 Greylisted, try again later").
func Reply(verb string, code int, text string) Option {
	return func(o *options) { o.replies[strings.ToUpper(verb)] = reply{code, text} }
}

// Stall makes the server stop answering when it receives verb (or, for
// "GREETING", instead of greeting), until the client hangs up or the test
// ends: a stuck server.
func Stall(verb string) Option {
	return func(o *options) { o.stall[strings.ToUpper(verb)] = true }
}

// Server is a running test SMTP server.
type Server struct {
	t         testing.TB
	opts      options
	ln        net.Listener
	serverTLS *tls.Config
	clientTLS *tls.Config
	done      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup

	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	msgs    []Received
	cmds    []string
	clear   []byte
	changed chan struct{} // closed and replaced whenever msgs grows
}

// NewServer starts a server on 127.0.0.1:0. It is closed in t.Cleanup.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	o := options{mechs: []string{"PLAIN", "LOGIN"}, maxSize: 10 << 20, reject: map[string]bool{}, replies: map[string]reply{}, stall: map[string]bool{}}
	for _, opt := range opts {
		opt(&o)
	}
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("mailtest: certificate: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{
		t:         t,
		opts:      o,
		ln:        ln,
		serverTLS: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		clientTLS: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		done:      make(chan struct{}),
		conns:     map[net.Conn]struct{}{},
		changed:   make(chan struct{}),
	}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.Close)
	return s
}

// Addr is "127.0.0.1:port".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Host is "127.0.0.1", the name the certificate is valid for.
func (s *Server) Host() string { return "127.0.0.1" }

// Port is the port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// TLSConfig is a client configuration trusting the server's certificate.
func (s *Server) TLSConfig() *tls.Config { return s.clientTLS.Clone() }

// Messages returns a copy of the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.copyMessages()
}

func (s *Server) copyMessages() []Received {
	out := make([]Received, len(s.msgs))
	for i, m := range s.msgs {
		m.To = append([]string(nil), m.To...)
		m.Data = append([]byte(nil), m.Data...)
		out[i] = m
	}
	return out
}

// WaitFor waits until at least n messages were accepted and returns them;
// after timeout it fails the test. Call it from the test's goroutine.
func (s *Server) WaitFor(n int, timeout time.Duration) []Received {
	s.t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := s.copyMessages()
			s.mu.Unlock()
			return out
		}
		got, ch := len(s.msgs), s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			s.t.Fatalf("mailtest: %d message(s) received after %v, want %d", got, timeout, n)
			return nil
		}
	}
}

// Commands returns the verbs received so far, in order, across
// connections ("EHLO", "STARTTLS", "AUTH", "MAIL"…). Arguments are left out.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

// Cleartext returns every byte clients sent outside TLS.
func (s *Server) Cleartext() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.clear...)
}

// Close stops the server and ends open connections. It is called by
// t.Cleanup; calling it earlier is allowed.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		select {
		case <-s.done:
			s.mu.Unlock()
			c.Close()
			return
		default:
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				c.Close()
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
			newSession(s, c).run()
		}()
	}
}

// clearWriter appends what it is given to the cleartext record.
type clearWriter struct{ s *Server }

func (w clearWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	w.s.clear = append(w.s.clear, p...)
	w.s.mu.Unlock()
	return len(p), nil
}

const (
	maxCommandLine = 512   // RFC 5321 §4.5.3.1.4, CRLF included
	maxAuthLine    = 12288 // RFC 4954 §4
	maxDataLine    = 1000  // RFC 5321 §4.5.3.1.6, CRLF included
)

type session struct {
	s     *Server
	raw   net.Conn
	r     *bufio.Reader
	w     *bufio.Writer
	tls   bool
	helo  bool
	ehlo  bool
	user  string // authenticated
	inTx  bool
	from  string
	rcpts []string
}

func newSession(s *Server, c net.Conn) *session {
	return &session{
		s:   s,
		raw: c,
		r:   bufio.NewReader(io.TeeReader(c, clearWriter{s})),
		w:   bufio.NewWriter(c),
	}
}

// reply writes a (possibly multi-line) reply.
func (ss *session) reply(code int, lines ...string) error {
	for i, l := range lines {
		sep := "-"
		if i == len(lines)-1 {
			sep = " "
		}
		fmt.Fprintf(ss.w, "%d%s%s\r\n", code, sep, l)
	}
	return ss.w.Flush()
}

// readLine reads one line ending in LF, at most limit octets; a longer line
// is consumed and reported. The line keeps its terminator.
func (ss *session) readLine(limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := ss.r.ReadSlice('\n')
		if len(line)+len(chunk) > limit {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, tooLong, err
	}
}

// readCommand reads a CRLF-terminated line and returns it without CRLF;
// ok is false when a reply about the line was already sent.
func (ss *session) readCommand(limit int) (string, bool, error) {
	line, tooLong, err := ss.readLine(limit)
	if err != nil {
		return "", false, err
	}
	if tooLong {
		return "", false, ss.reply(500, "5.5.6 Line too long")
	}
	if !bytes.HasSuffix(line, []byte("\r\n")) || bytes.IndexByte(line[:len(line)-2], '\r') >= 0 {
		return "", false, ss.reply(500, "5.5.2 Lines must end with CRLF")
	}
	return string(line[:len(line)-2]), true, nil
}

// stall stops answering until the client hangs up or the server closes.
func (ss *session) stall() { io.Copy(io.Discard, ss.r) }

func (ss *session) resetTx() {
	ss.inTx, ss.from, ss.rcpts = false, "", nil
}

func (ss *session) run() {
	if ss.s.opts.stall["GREETING"] {
		ss.stall()
		return
	}
	if ss.reply(220, "127.0.0.1 ESMTP mailtest") != nil {
		return
	}
	for {
		line, ok, err := ss.readCommand(maxAuthLine)
		if err != nil {
			return
		}
		if !ok {
			continue
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		ss.s.mu.Lock()
		ss.s.cmds = append(ss.s.cmds, verb)
		ss.s.mu.Unlock()
		if verb != "AUTH" && len(line)+2 > maxCommandLine {
			err = ss.reply(500, "5.5.6 Line too long")
		} else if ss.s.opts.stall[verb] {
			ss.stall()
			return
		} else {
			var quit bool
			quit, err = ss.command(verb, strings.TrimSpace(arg))
			if quit {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// command carries out one command; quit ends the session.
func (ss *session) command(verb, arg string) (quit bool, err error) {
	o := &ss.s.opts
	switch verb {
	case "AUTH", "MAIL", "RCPT", "DATA":
		// checked below, once the command is otherwise acceptable
	default:
		if r, ok := o.replies[verb]; ok {
			return false, ss.reply(r.code, r.text)
		}
	}
	switch verb {
	case "EHLO", "HELO":
		if arg == "" {
			return false, ss.reply(501, "5.5.4 Syntax: "+verb+" hostname")
		}
		ss.resetTx()
		ss.helo, ss.ehlo = true, verb == "EHLO"
		if verb == "HELO" {
			return false, ss.reply(250, "127.0.0.1")
		}
		lines := []string{"127.0.0.1 greets " + arg, "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE " + strconv.Itoa(o.maxSize)}
		if !o.noTLS && !ss.tls {
			lines = append(lines, "STARTTLS")
		}
		if ss.authAllowed() {
			lines = append(lines, "AUTH "+strings.Join(o.mechs, " "))
		}
		return false, ss.reply(250, append(lines, "HELP")...)

	case "STARTTLS":
		switch {
		case o.noTLS || !ss.ehlo:
			return false, ss.reply(502, "5.5.1 STARTTLS not available")
		case ss.tls:
			return false, ss.reply(503, "5.5.1 TLS already active")
		case arg != "":
			return false, ss.reply(501, "5.5.4 Syntax: STARTTLS")
		case ss.r.Buffered() > 0:
			// Commands pipelined behind STARTTLS would be taken as sent
			// under TLS (CVE-2011-0411): refuse them.
			ss.reply(554, "5.5.1 Data pipelined after STARTTLS")
			return true, nil
		}
		if err := ss.reply(220, "2.0.0 Ready to start TLS"); err != nil {
			return true, err
		}
		tc := tls.Server(ss.raw, ss.s.serverTLS)
		if err := tc.Handshake(); err != nil {
			return true, nil
		}
		// RFC 3207 §4.2: forget everything learnt before TLS.
		ss.tls, ss.helo, ss.ehlo, ss.user = true, false, false, ""
		ss.resetTx()
		ss.r, ss.w = bufio.NewReader(tc), bufio.NewWriter(tc)
		return false, nil

	case "AUTH":
		return false, ss.auth(arg)

	case "MAIL":
		if !ss.helo {
			return false, ss.reply(503, "5.5.1 Send EHLO first")
		}
		if ss.inTx {
			return false, ss.reply(503, "5.5.1 Nested MAIL command")
		}
		if o.user != "" && ss.user == "" {
			return false, ss.reply(530, "5.7.0 Authentication required")
		}
		addr, params, ok := parsePath(arg, "FROM:")
		if !ok {
			return false, ss.reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
		}
		for _, p := range params {
			k, v, _ := strings.Cut(p, "=")
			switch strings.ToUpper(k) {
			case "SIZE":
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					return false, ss.reply(501, "5.5.4 Bad SIZE parameter")
				}
				if n > o.maxSize {
					return false, ss.reply(552, "5.3.4 Message too big")
				}
			case "BODY":
				if u := strings.ToUpper(v); u != "7BIT" && u != "8BITMIME" {
					return false, ss.reply(501, "5.5.4 Bad BODY parameter")
				}
			default:
				return false, ss.reply(555, "5.5.4 Unsupported parameter "+k)
			}
		}
		if r, ok := o.replies["MAIL"]; ok {
			return false, ss.reply(r.code, r.text)
		}
		ss.inTx, ss.from, ss.rcpts = true, addr, nil
		return false, ss.reply(250, "2.1.0 Ok")

	case "RCPT":
		if !ss.inTx {
			return false, ss.reply(503, "5.5.1 Need MAIL command")
		}
		addr, params, ok := parsePath(arg, "TO:")
		if !ok || addr == "" || len(params) > 0 {
			return false, ss.reply(501, "5.5.4 Syntax: RCPT TO:<address>")
		}
		if !strings.Contains(addr, "@") && !strings.EqualFold(addr, "postmaster") {
			return false, ss.reply(501, "5.1.3 Bad recipient address syntax")
		}
		if o.reject[strings.ToLower(addr)] {
			return false, ss.reply(550, "5.1.1 <"+addr+">: Recipient address rejected: User unknown")
		}
		if r, ok := o.replies["RCPT"]; ok {
			return false, ss.reply(r.code, r.text)
		}
		if len(ss.rcpts) >= 100 {
			return false, ss.reply(452, "4.5.3 Too many recipients")
		}
		ss.rcpts = append(ss.rcpts, addr)
		return false, ss.reply(250, "2.1.5 Ok")

	case "DATA":
		switch {
		case !ss.inTx:
			return false, ss.reply(503, "5.5.1 Need MAIL command")
		case len(ss.rcpts) == 0:
			return false, ss.reply(554, "5.5.1 No valid recipients")
		case arg != "":
			return false, ss.reply(501, "5.5.4 Syntax: DATA")
		}
		if r, ok := o.replies["DATA"]; ok {
			return false, ss.reply(r.code, r.text)
		}
		if err := ss.reply(354, "End data with <CR><LF>.<CR><LF>"); err != nil {
			return true, err
		}
		return false, ss.data()

	case "RSET":
		if arg != "" {
			return false, ss.reply(501, "5.5.4 Syntax: RSET")
		}
		ss.resetTx()
		return false, ss.reply(250, "2.0.0 Ok")
	case "NOOP":
		return false, ss.reply(250, "2.0.0 Ok")
	case "QUIT":
		ss.reply(221, "2.0.0 Bye")
		return true, nil
	case "VRFY":
		return false, ss.reply(252, "2.5.0 Cannot VRFY user")
	case "HELP":
		return false, ss.reply(214, "2.0.0 mailtest: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT")
	case "EXPN", "TURN", "SEND", "SOML", "SAML":
		return false, ss.reply(502, "5.5.1 Command not implemented")
	}
	return false, ss.reply(500, "5.5.2 Command unrecognized")
}

// authAllowed: credentials are configured, and TLS is active, not offered,
// or not insisted upon.
func (ss *session) authAllowed() bool {
	o := &ss.s.opts
	return o.user != "" && (ss.tls || o.noTLS || o.insecureAuth)
}

// auth runs an AUTH exchange (RFC 4954).
func (ss *session) auth(arg string) error {
	o := &ss.s.opts
	switch {
	case !ss.ehlo:
		return ss.reply(503, "5.5.1 Send EHLO first")
	case ss.user != "":
		return ss.reply(503, "5.5.1 Already authenticated")
	case ss.inTx:
		return ss.reply(503, "5.5.1 AUTH not allowed during a mail transaction")
	case o.user == "":
		return ss.reply(502, "5.5.1 AUTH not enabled")
	case !ss.authAllowed():
		return ss.reply(530, "5.7.0 Must issue a STARTTLS command first")
	}
	fields := strings.Fields(arg)
	if len(fields) == 0 || len(fields) > 2 {
		return ss.reply(501, "5.5.4 Syntax: AUTH mechanism [initial-response]")
	}
	mech := strings.ToUpper(fields[0])
	if !slices.Contains(o.mechs, mech) {
		return ss.reply(504, "5.5.4 Unrecognized authentication type")
	}
	initial, hasInitial := "", len(fields) == 2
	if hasInitial {
		initial = fields[1]
	}
	// next returns the client's next response, decoded; ok is false when
	// the exchange ended (a reply was sent).
	next := func(challenge string) ([]byte, bool, error) {
		if err := ss.reply(334, base64.StdEncoding.EncodeToString([]byte(challenge))); err != nil {
			return nil, false, err
		}
		line, ok, err := ss.readCommand(maxAuthLine)
		if err != nil || !ok {
			return nil, false, err
		}
		return decodeResponse(ss, line)
	}
	var user, pass string
	switch mech {
	case "PLAIN":
		var resp []byte
		var ok bool
		var err error
		if hasInitial {
			resp, ok, err = decodeResponse(ss, initial)
		} else {
			resp, ok, err = next("")
		}
		if !ok {
			return err
		}
		parts := strings.Split(string(resp), "\x00")
		if len(parts) != 3 || parts[0] != "" && parts[0] != parts[1] {
			return ss.reply(501, "5.5.2 Malformed PLAIN response")
		}
		user, pass = parts[1], parts[2]
	case "LOGIN":
		var u []byte
		var ok bool
		var err error
		if hasInitial {
			u, ok, err = decodeResponse(ss, initial)
		} else {
			u, ok, err = next("Username:")
		}
		if !ok {
			return err
		}
		p, ok, err := next("Password:")
		if !ok {
			return err
		}
		user, pass = string(u), string(p)
	default:
		return ss.reply(504, "5.5.4 Unrecognized authentication type")
	}
	if r, ok := o.replies["AUTH"]; ok {
		return ss.reply(r.code, r.text)
	}
	if user != o.user || pass != o.pass {
		return ss.reply(535, "5.7.8 Authentication credentials invalid")
	}
	ss.user = user
	return ss.reply(235, "2.7.0 Authentication successful")
}

// decodeResponse decodes a base64 AUTH response; "*" cancels and "="
// is the empty response.
func decodeResponse(ss *session, s string) ([]byte, bool, error) {
	switch s {
	case "*":
		return nil, false, ss.reply(501, "5.0.0 Authentication cancelled")
	case "=":
		return []byte{}, true, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, false, ss.reply(501, "5.5.2 Cannot decode response")
	}
	return b, true, nil
}

// data reads the message up to the lone ".", removes dot-stuffing and
// answers.
func (ss *session) data() error {
	o := &ss.s.opts
	var msg []byte
	var problem reply
	for {
		line, tooLong, err := ss.readLine(maxDataLine)
		if err != nil {
			return err
		}
		if tooLong && problem.code == 0 {
			problem = reply{500, "5.5.6 Line longer than 1000 octets"}
			continue
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) || bytes.IndexByte(line[:len(line)-2], '\r') >= 0 {
			if problem.code == 0 {
				problem = reply{554, "5.6.0 Bare CR or LF in message data"}
			}
			if string(line) == ".\n" {
				// a client ending data with a bare LF would hang a
				// strict server; end here to report the problem.
				break
			}
			continue
		}
		if string(line) == ".\r\n" {
			break
		}
		if line[0] == '.' {
			line = line[1:] // RFC 5321 §4.5.2
		}
		if len(msg)+len(line) > o.maxSize {
			if problem.code == 0 {
				problem = reply{552, "5.3.4 Message too big"}
			}
			continue
		}
		msg = append(msg, line...)
	}
	defer ss.resetTx()
	if problem.code != 0 {
		return ss.reply(problem.code, problem.text)
	}
	if r, ok := o.replies["."]; ok {
		return ss.reply(r.code, r.text)
	}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, Received{
		From: ss.from,
		To:   append([]string(nil), ss.rcpts...),
		Data: msg,
		TLS:  ss.tls,
		Auth: ss.user,
	})
	n := len(ss.s.msgs)
	close(ss.s.changed)
	ss.s.changed = make(chan struct{})
	ss.s.mu.Unlock()
	return ss.reply(250, fmt.Sprintf("2.0.0 Ok: queued as %d", n))
}

// parsePath parses "FROM:<addr> params" or "TO:<addr> params".
func parsePath(arg, prefix string) (addr string, params []string, ok bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", nil, false
	}
	rest := strings.TrimLeft(arg[len(prefix):], " ")
	if !strings.HasPrefix(rest, "<") {
		return "", nil, false
	}
	end := strings.IndexByte(rest, '>')
	if end < 0 {
		return "", nil, false
	}
	addr = rest[1:end]
	if i := strings.IndexByte(addr, ':'); i >= 0 && strings.HasPrefix(addr, "@") {
		addr = addr[i+1:] // obsolete source route
	}
	if strings.ContainsAny(addr, " <>") {
		return "", nil, false
	}
	return addr, strings.Fields(rest[end+1:]), true
}

// selfSigned makes a certificate for 127.0.0.1, ::1 and localhost that is
// its own CA, and a pool trusting it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
