package site

import "net/http"

// ClientIPForTest exposes the address resolution to tests.
func (s *Site) ClientIPForTest(r *http.Request) string { return s.clientIP(r) }
