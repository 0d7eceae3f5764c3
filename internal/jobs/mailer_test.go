package jobs_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"depeche/internal/jobs"
	"depeche/internal/mail"
	"depeche/internal/mail/mailtest"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestMailerSendsOnceAndRetries runs two mailers (two processes) on one
// database against a real SMTP server: each message is delivered once, a
// refused address is given up, a temporary refusal is retried.
func TestMailerSendsOnceAndRetries(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
			clock := func() time.Time { return now }
			var cfg store.Config
			if kind == "sqlite" {
				cfg.DataDir = t.TempDir()
			} else {
				cfg.DatabaseURL = storetest.PostgresSchema(t)
			}
			cfg.Now = clock
			var nodes []*store.Store
			for range 2 {
				s, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				nodes = append(nodes, s)
			}
			srv := mailtest.NewServer(t, mailtest.WithAuth("depeche", "secret"), mailtest.RejectRecipient("gone@example.org"))
			sender := mail.NewSender(mail.Config{Host: srv.Host(), Port: srv.Port(), Username: "depeche", Password: "secret",
				From: "Dépêche <noreply@example.org>", TLSConfig: srv.TLSConfig(), Timeout: 10 * time.Second}, clock, nil)
			for _, to := range []string{"claire@example.org", "karim@example.org", "gone@example.org", "awa@example.org"} {
				if err := nodes[0].QueueMail(ctx, store.Mail{Recipient: to, Subject: "Article proposé", Body: "Bonjour,\n\nUn article attend.", Language: "fr", Kind: "proposed"}); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			for _, node := range nodes {
				m := &jobs.Mailer{Store: node, Sender: sender, Log: slog.New(slog.DiscardHandler)}
				wg.Go(func() {
					if _, err := m.Tick(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			got := srv.WaitFor(3, 10*time.Second)
			seen := map[string]int{}
			for _, msg := range got {
				for _, to := range msg.To {
					seen[to]++
				}
			}
			for _, to := range []string{"claire@example.org", "karim@example.org", "awa@example.org"} {
				if seen[to] != 1 {
					t.Errorf("%s received %d messages, want 1", to, seen[to])
				}
			}
			if seen["gone@example.org"] != 0 {
				t.Error("a refused address received mail")
			}
			waiting, sent, failed, err := nodes[1].MailCounts(ctx)
			if err != nil || waiting != 0 || sent != 3 || failed != 1 {
				t.Errorf("outbox: %d waiting, %d sent, %d failed (%v); want 0, 3, 1", waiting, sent, failed, err)
			}
			if !strings.Contains(string(got[0].Data), "Un article attend.") {
				t.Errorf("body not delivered: %s", got[0].Data)
			}
		})
	}
}

// TestMailerDisabled leaves mail waiting when no server is configured.
func TestMailerDisabled(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	if err := st.QueueMail(context.Background(), store.Mail{Recipient: "a@example.org", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	m := &jobs.Mailer{Store: st, Sender: mail.NewSender(mail.Config{}, nil, nil), Log: slog.New(slog.DiscardHandler)}
	if n, err := m.Tick(context.Background()); n != 0 || err != nil {
		t.Fatalf("disabled mailer sent %d (%v)", n, err)
	}
	if waiting, _, _, _ := st.MailCounts(context.Background()); waiting != 1 {
		t.Errorf("%d waiting, want the message kept", waiting)
	}
}
