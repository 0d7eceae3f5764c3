-- Outgoing mail is written here in the transaction of what caused it, then
-- sent by a background job that retries temporary failures: no notification
-- is lost to a slow or absent mail server.
CREATE TABLE mail_outbox (
    id              {{id}},
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT '',
    created_at      {{time}} NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{time}} NOT NULL,
    claimed_until   {{time}},
    sent_at         {{time}},
    failed_at       {{time}},
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at);
