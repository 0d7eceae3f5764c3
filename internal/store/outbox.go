package store

import (
	"context"
	"time"
)

// Mail is one message waiting in the outbox.
type Mail struct {
	ID        int64
	Recipient string
	Subject   string
	Body      string
	Language  string
	Kind      string
	// Unsubscribe is the one-click unsubscribe URL of a message sent to a
	// reader (RFC 8058); "" for mail to the team.
	Unsubscribe string
	Attempts    int
}

// QueueMail puts a message in the outbox.
func (s *Store) QueueMail(ctx context.Context, m Mail) error {
	return queueMail(ctx, s.q(), s.now(), m)
}

// queueMail writes a message with q, so that it can be queued in the
// transaction of what caused it.
func queueMail(ctx context.Context, q q, now time.Time, m Mail) error {
	_, err := q.exec(ctx, `INSERT INTO mail_outbox (recipient, subject, body, language, kind, unsubscribe_url, created_at, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, m.Recipient, m.Subject, m.Body, m.Language, m.Kind, m.Unsubscribe, now)
	return err
}

// ClaimMail takes up to n due messages for this process for a lease
// period; another process cannot take them until the lease ends, so a
// message is sent once even with several processes.
func (s *Store) ClaimMail(ctx context.Context, n int, lease time.Duration) ([]Mail, error) {
	now := s.now()
	rows, err := s.q().query(ctx, `SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
		AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY id LIMIT $2`, now, n)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Mail
	for _, id := range ids {
		// The claim re-checks everything the list did: another process
		// may have sent, failed or postponed the message since.
		res, err := s.q().exec(ctx, `UPDATE mail_outbox SET claimed_until = $1 WHERE id = $2 AND (claimed_until IS NULL OR claimed_until < $3)
			AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $3`, now.Add(lease), id, now)
		if err != nil {
			return out, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // another process took it
		}
		var m Mail
		if err := s.q().queryRow(ctx, `SELECT id, recipient, subject, body, language, kind, unsubscribe_url, attempts FROM mail_outbox WHERE id = $1`, id).
			Scan(&m.ID, &m.Recipient, &m.Subject, &m.Body, &m.Language, &m.Kind, &m.Unsubscribe, &m.Attempts); err != nil {
			return out, classify(err)
		}
		out = append(out, m)
	}
	return out, nil
}

// MailSent records a delivered message.
func (s *Store) MailSent(ctx context.Context, id int64) error {
	_, err := s.q().exec(ctx, `UPDATE mail_outbox SET sent_at = $1, claimed_until = NULL, attempts = attempts + 1 WHERE id = $2`, s.now(), id)
	return err
}

// MailFailed records a failed attempt: a temporary failure is retried after
// retryIn, a permanent one (or too many attempts) is given up.
func (s *Store) MailFailed(ctx context.Context, id int64, reason string, retryIn time.Duration, permanent bool) error {
	now := s.now()
	var failed time.Time
	if permanent {
		failed = now
	}
	_, err := s.q().exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, claimed_until = NULL,
		failed_at = $3 WHERE id = $4`, reason, now.Add(retryIn), failed, id)
	return err
}

// MailCounts tells how many messages are waiting, sent and failed.
func (s *Store) MailCounts(ctx context.Context) (waiting, sent, failed int, err error) {
	err = s.q().queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM mail_outbox`).Scan(&waiting, &sent, &failed)
	return waiting, sent, failed, classify(err)
}
