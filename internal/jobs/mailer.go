package jobs

import (
	"context"
	"log/slog"
	"time"

	"depeche/internal/mail"
	"depeche/internal/store"
)

// maxMailAttempts bounds retries of temporary failures (about a day with
// the growing delays below).
const maxMailAttempts = 12

// Mailer sends the outbox. Every process may run one: messages are claimed
// before sending.
type Mailer struct {
	Store    *store.Store
	Sender   *mail.Sender
	Log      *slog.Logger
	Interval time.Duration
}

// Tick sends what is due and returns how many messages went out.
func (m *Mailer) Tick(ctx context.Context) (int, error) {
	if !m.Sender.Enabled() {
		return 0, nil
	}
	batch, err := m.Store.ClaimMail(ctx, 20, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, msg := range batch {
		err := m.Sender.Send(ctx, mail.Message{To: []string{msg.Recipient}, Subject: msg.Subject, Text: msg.Body, Language: msg.Language,
			Unsubscribe: msg.Unsubscribe, Headers: map[string]string{"X-Depeche-Kind": msg.Kind}})
		if err == nil {
			sent++
			if err := m.Store.MailSent(ctx, msg.ID); err != nil {
				return sent, err
			}
			continue
		}
		permanent := !mail.IsTemporary(err) || msg.Attempts+1 >= maxMailAttempts
		retry := time.Minute << min(msg.Attempts, 10)
		m.Log.Warn("mail not sent", "to", msg.Recipient, "kind", msg.Kind, "permanent", permanent, "err", err)
		if err := m.Store.MailFailed(ctx, msg.ID, err.Error(), retry, permanent); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Run sends until ctx ends.
func (m *Mailer) Run(ctx context.Context) {
	interval := m.Interval
	if interval <= 0 {
		interval = 10 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := m.Tick(ctx); err != nil && ctx.Err() == nil {
			m.Log.Error("mailer", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
