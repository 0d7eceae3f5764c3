package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestFirstStartOfTwoReplicas starts two servers at once on one empty
// PostgreSQL schema with --demo, as the first deployment of two replicas
// does: both must come up, and the database must hold one site.
func TestFirstStartOfTwoReplicas(t *testing.T) {
	url := storetest.PostgresSchema(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	codes := make([]int, 2)
	logs := make([]*syncBuffer, 2)
	for i := range 2 {
		e, _, errb := testEnv("", map[string]string{"DEPECHE_ADMIN_PASSWORD": "a long enough password"})
		logs[i] = errb
		wg.Go(func() {
			codes[i] = run(ctx, []string{"serve", "--demo", "--database", url, "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, e)
		})
	}
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if strings.Contains(logs[0].String(), "depeche is serving") && strings.Contains(logs[1].String(), "depeche is serving") {
			break
		}
	}
	cancel()
	wg.Wait()
	for i, code := range codes {
		if code != 0 || !strings.Contains(logs[i].String(), "depeche is serving") {
			t.Errorf("replica %d: exit %d\n%s", i, code, logs[i].String())
		}
	}
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountSites(context.Background()); err != nil || n != 1 {
		t.Errorf("sites after two first starts = %d (%v), want 1", n, err)
	}
}
