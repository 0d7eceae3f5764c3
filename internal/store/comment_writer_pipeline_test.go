package store_test

import (
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/store/storetest"
)

// TestSubmitCommentAfterLostConnection: on PostgreSQL the writer sends its
// begin and its read together; when the server has dropped its connection
// meanwhile, that first exchange fails having written nothing, and the
// batch goes through on a fresh connection.
func TestSubmitCommentAfterLostConnection(t *testing.T) {
	s := storetest.Open(t, "postgres", nil)
	f := newFixture(t, s)
	a := f.article(t, s, 0, "fr", "coupure", content.Published, t0)
	must(t, s.SubmitComment(ctx, reader(f.site.ID, a.ID, 1), siteLimits))
	pid := s.WriterBackendForTest()
	if pid == 0 {
		t.Fatal("the writer holds no connection")
	}
	must(t, s.ExecForTest(ctx, `SELECT pg_terminate_backend($1::int)`, int64(pid)))
	// The server only signals its process: wait until it has ended.
	for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
		n, err := s.QueryIntForTest(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int`, int64(pid))
		must(t, err)
		if n == 0 {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("backend %d still running", pid)
		}
	}
	c := reader(f.site.ID, a.ID, 2)
	must(t, s.SubmitComment(ctx, c, siteLimits))
	if got := stored(t, s, f.site.ID, a.GroupID); len(got) != 2 || got[1].ID != c.ID {
		t.Errorf("after a lost connection: %d stored, want the message acknowledged", len(got))
	}
	if s.WriterBackendForTest() == pid {
		t.Error("the writer kept its dead connection")
	}
}
