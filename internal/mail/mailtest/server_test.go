package mailtest

import (
	"bufio"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// client is a raw SMTP client: it sends lines exactly as given.
type client struct {
	t    *testing.T
	conn net.Conn
	tp   *textproto.Conn
}

func dial(t *testing.T, s *Server) *client {
	t.Helper()
	conn, err := net.DialTimeout("tcp", s.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	c := &client{t: t, conn: conn, tp: textproto.NewConn(conn)}
	t.Cleanup(func() { c.tp.Close() })
	c.expect(220)
	return c
}

// expect reads a reply and checks its code.
func (c *client) expect(code int) string {
	c.t.Helper()
	got, msg, err := c.tp.ReadResponse(0)
	if err != nil && got == 0 {
		c.t.Fatalf("reading reply (want %d): %v", code, err)
	}
	if got != code {
		c.t.Fatalf("reply %d %q, want %d", got, msg, code)
	}
	return msg
}

// cmd sends a raw line (CRLF added) and checks the reply code.
func (c *client) cmd(line string, code int) string {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, line+"\r\n"); err != nil {
		c.t.Fatal(err)
	}
	return c.expect(code)
}

func (c *client) starttls(s *Server) {
	c.t.Helper()
	c.cmd("STARTTLS", 220)
	cfg := s.TLSConfig()
	cfg.ServerName = s.Host()
	tc := tls.Client(c.conn, cfg)
	if err := tc.Handshake(); err != nil {
		c.t.Fatalf("TLS handshake: %v", err)
	}
	c.conn, c.tp = tc, textproto.NewConn(tc)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestTransactionAndDotUnstuffing(t *testing.T) {
	s := NewServer(t, WithoutSTARTTLS())
	c := dial(t, s)
	c.cmd("MAIL FROM:<a@example.org>", 503) // before EHLO
	ehlo := c.cmd("EHLO client.example", 250)
	if strings.Contains(ehlo, "STARTTLS") {
		t.Errorf("STARTTLS offered by a server without it:\n%s", ehlo)
	}
	c.cmd("RCPT TO:<b@example.org>", 503) // before MAIL
	c.cmd("DATA", 503)
	c.cmd("MAIL FROM:<a@example.org> BODY=8BITMIME", 250)
	c.cmd("MAIL FROM:<a@example.org>", 503) // nested
	c.cmd("DATA", 554)                      // no recipient yet
	c.cmd("RCPT TO:<nobody>", 501)
	c.cmd("RCPT TO:<b@example.org>", 250)
	c.cmd("RCPT TO:<c@example.org>", 250)
	c.cmd("NOOP", 250)
	c.cmd("DATA", 354)
	c.cmd("Subject: dots\r\n\r\n..leading dot\r\n.", 250)
	c.cmd("RSET", 250)
	c.cmd("DATA", 503) // RSET ended the transaction
	c.cmd("FOO", 500)
	c.cmd("QUIT", 221)

	got := s.WaitFor(1, time.Second)
	want := "Subject: dots\r\n\r\n.leading dot\r\n"
	if string(got[0].Data) != want {
		t.Errorf("data %q, want %q", got[0].Data, want)
	}
	if got[0].From != "a@example.org" || strings.Join(got[0].To, ",") != "b@example.org,c@example.org" {
		t.Errorf("envelope %q → %q", got[0].From, got[0].To)
	}
	if got[0].TLS || got[0].Auth != "" {
		t.Errorf("TLS %v, auth %q: want neither", got[0].TLS, got[0].Auth)
	}
	if cmds := strings.Join(s.Commands(), " "); !strings.HasPrefix(cmds, "MAIL EHLO RCPT DATA MAIL") {
		t.Errorf("commands %s", cmds)
	}
}

func TestAuthNeedsTLSWhenOffered(t *testing.T) {
	s := NewServer(t, WithAuth("ed", "s3cret"))
	c := dial(t, s)
	ehlo := c.cmd("EHLO client.example", 250)
	if !strings.Contains(ehlo, "STARTTLS") || strings.Contains(ehlo, "AUTH") {
		t.Errorf("before TLS, want STARTTLS and no AUTH:\n%s", ehlo)
	}
	c.cmd("AUTH PLAIN "+b64("\x00ed\x00s3cret"), 530)
	c.cmd("MAIL FROM:<a@example.org>", 530)
	c.starttls(s)
	c.cmd("MAIL FROM:<a@example.org>", 503) // EHLO forgotten after TLS
	ehlo = c.cmd("EHLO client.example", 250)
	if strings.Contains(ehlo, "STARTTLS") || !strings.Contains(ehlo, "AUTH PLAIN LOGIN") {
		t.Errorf("after TLS, want AUTH and no STARTTLS:\n%s", ehlo)
	}
	c.cmd("AUTH PLAIN "+b64("\x00ed\x00wrong"), 535)
	c.cmd("AUTH CRAM-MD5", 504)
	c.cmd("AUTH PLAIN", 334)
	c.cmd("*", 501)
	c.cmd("AUTH PLAIN", 334)
	c.cmd(b64("\x00ed\x00s3cret"), 235)
	c.cmd("AUTH PLAIN "+b64("\x00ed\x00s3cret"), 503)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<b@example.org>", 250)
	c.cmd("DATA", 354)
	c.cmd("Subject: x\r\n\r\nbody\r\n.", 250)

	got := s.WaitFor(1, time.Second)
	if !got[0].TLS || got[0].Auth != "ed" {
		t.Errorf("TLS %v, auth %q: want true, ed", got[0].TLS, got[0].Auth)
	}
	if clear := string(s.Cleartext()); !strings.Contains(clear, "AUTH PLAIN") || strings.Contains(clear, "MAIL FROM:<a@example.org>\r\nRCPT") {
		t.Errorf("cleartext record wrong:\n%s", clear)
	}
}

func TestAuthLogin(t *testing.T) {
	s := NewServer(t, WithAuth("ed", "s3cret"), AuthMechanisms("LOGIN"))
	c := dial(t, s)
	c.cmd("EHLO client.example", 250)
	c.starttls(s)
	if ehlo := c.cmd("EHLO client.example", 250); !strings.Contains(ehlo, "AUTH LOGIN") || strings.Contains(ehlo, "PLAIN") {
		t.Errorf("want AUTH LOGIN only:\n%s", ehlo)
	}
	c.cmd("AUTH PLAIN "+b64("\x00ed\x00s3cret"), 504)
	if got := c.cmd("AUTH LOGIN", 334); got != b64("Username:") {
		t.Errorf("challenge %q", got)
	}
	c.cmd(b64("ed"), 334)
	c.cmd(b64("s3cret"), 235)
}

func TestInsecureAuthOption(t *testing.T) {
	s := NewServer(t, WithAuth("ed", "s3cret"), AllowAuthWithoutTLS())
	c := dial(t, s)
	if ehlo := c.cmd("EHLO client.example", 250); !strings.Contains(ehlo, "AUTH") {
		t.Errorf("AUTH not offered in clear:\n%s", ehlo)
	}
	c.cmd("AUTH PLAIN "+b64("\x00ed\x00s3cret"), 235)
}

func TestRefusalsAndLimits(t *testing.T) {
	s := NewServer(t, WithoutSTARTTLS(), MaxSize(64), RejectRecipient("Gone@Example.org"),
		Reply(".", 451, "4.3.0 Try later"))
	c := dial(t, s)
	if ehlo := c.cmd("EHLO client.example", 250); !strings.Contains(ehlo, "SIZE 64") {
		t.Errorf("SIZE not advertised:\n%s", ehlo)
	}
	c.cmd("STARTTLS", 502)
	c.cmd("MAIL FROM:<a@example.org> SIZE=65", 552)
	c.cmd("MAIL FROM:<a@example.org> SMTPUTF8", 555)
	c.cmd("MAIL FROM:<> SIZE=10", 250)
	c.cmd("RCPT TO:<gone@example.org>", 550)
	c.cmd("RCPT TO:<b@example.org>", 250)
	c.cmd("DATA", 354)
	c.cmd(strings.Repeat("x", 70)+"\r\n.", 552)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<b@example.org>", 250)
	c.cmd("DATA", 354)
	c.cmd("bare\nLF\r\n.", 554)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<b@example.org>", 250)
	c.cmd("DATA", 354)
	c.cmd("short\r\n.", 451)
	c.cmd("MAIL FROM:<"+strings.Repeat("a", 600)+"@example.org>", 500)
	io.WriteString(c.conn, "NOOP bare LF\n")
	c.expect(500)
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages recorded, want none", n)
	}
}

func TestReplyOverride(t *testing.T) {
	s := NewServer(t, WithoutSTARTTLS(), Reply("RCPT", 451, "4.7.1 Greylisted"))
	c := dial(t, s)
	c.cmd("EHLO client.example", 250)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	if msg := c.cmd("RCPT TO:<b@example.org>", 451); msg != "4.7.1 Greylisted" {
		t.Errorf("text %q", msg)
	}
}

func TestPipelinedAfterStartTLSIsRefused(t *testing.T) {
	s := NewServer(t)
	c := dial(t, s)
	c.cmd("EHLO client.example", 250)
	io.WriteString(c.conn, "STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n")
	if code, _, _ := c.tp.ReadResponse(0); code != 554 {
		t.Errorf("reply %d, want 554", code)
	}
	if _, err := bufio.NewReader(c.conn).ReadByte(); err == nil {
		t.Error("connection still open")
	}
}

func TestStall(t *testing.T) {
	s := NewServer(t, Stall("GREETING"))
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("stalled server greeted")
	}
}
