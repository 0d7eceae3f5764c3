package server_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/server"
	"depeche/internal/store/storetest"
)

// serveLimited runs the application with the given limits on a local port
// until the test ends, and returns its address.
func serveLimited(t *testing.T, lim server.Limits, site http.Handler) string {
	t.Helper()
	st := storetest.Open(t, "sqlite", nil)
	srv := server.New(st, slog.New(slog.DiscardHandler), server.Routes{Site: site})
	srv.Limits = lim
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve = %v", err)
		}
	})
	return ln.Addr().String()
}

// TestSlowlorisIsCutOff sends a request's headers a byte at a time, each
// byte well within the read header timeout but the whole far beyond it:
// the server closes the connection long before the headers end, and the
// handler never runs. A client sending at a normal pace is served.
func TestSlowlorisIsCutOff(t *testing.T) {
	const readHeader = 200 * time.Millisecond
	var reached atomic.Int32
	addr := serveLimited(t, server.Limits{ReadHeader: readHeader}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		io.WriteString(w, "served")
	}))

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// About 5 s of headers at 50 ms a byte: 25 times the timeout.
	headers := "GET /fr/ HTTP/1.1\r\nHost: diplomatie.example\r\nUser-Agent: " + strings.Repeat("s", 50) + "\r\n\r\n"
	var sent atomic.Int32
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for i := range len(headers) {
			if _, err := conn.Write([]byte{headers[i]}); err != nil {
				return
			}
			sent.Add(1)
			// The attack itself is to be slow: this pause is the client's
			// behaviour under test, not a synchronization.
			time.Sleep(50 * time.Millisecond)
		}
	}()
	// A deadline only so that a server that waits forever fails the test
	// instead of hanging it.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	reply, err := io.ReadAll(conn)
	took := time.Since(start)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server still holds the connection after %v, %d of %d bytes sent", took, sent.Load(), len(headers))
	}
	// Closed by the server: EOF (ReadAll's nil) or a reset, as the client
	// may still be writing; with no response, or a client error at most
	// (net/http answers a half-read request 400).
	if len(reply) > 0 && !strings.HasPrefix(string(reply), "HTTP/1.1 4") {
		t.Errorf("the server answered a request it never fully read: %q", reply)
	}
	if n := sent.Load(); int(n) >= len(headers) {
		t.Errorf("cut off only after the whole header was sent (%d bytes, %v)", n, took)
	}
	if took > readHeader+3*time.Second {
		t.Errorf("cut off after %v; the read header timeout is %v", took, readHeader)
	}
	conn.Close()
	<-writerDone
	if reached.Load() != 0 {
		t.Error("the handler ran for a request whose headers never arrived")
	}

	resp, err := http.Get("http://" + addr + "/fr/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "served" {
		t.Errorf("an ordinary client after the attack: %d %q", resp.StatusCode, body)
	}
}

// TestOversizedHeadersRefused: headers past MaxHeaderBytes get 431 and
// never reach a handler.
func TestOversizedHeadersRefused(t *testing.T) {
	var reached atomic.Int32
	addr := serveLimited(t, server.Limits{MaxHeaderBytes: 1 << 10}, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		reached.Add(1)
	}))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// net/http reads 4 KiB past the limit before refusing: send well over.
	big := "GET /fr/ HTTP/1.1\r\nHost: diplomatie.example\r\nX-Filler: " + strings.Repeat("x", 32<<10) + "\r\n\r\n"
	go conn.Write([]byte(big))
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized headers: %d, want 431", resp.StatusCode)
	}
	if reached.Load() != 0 {
		t.Error("the handler ran for oversized headers")
	}
}

// TestDefaultLimits: every connection bound is set, so a zero value never
// leaves one open by accident.
func TestDefaultLimits(t *testing.T) {
	d := server.DefaultLimits
	if d.ReadHeader <= 0 || d.Read <= 0 || d.Write <= 0 || d.Idle <= 0 || d.MaxHeaderBytes <= 0 {
		t.Errorf("a default limit is unset: %+v", d)
	}
	if d.ReadHeader > d.Read {
		t.Errorf("ReadHeader %v exceeds Read %v", d.ReadHeader, d.Read)
	}
}
