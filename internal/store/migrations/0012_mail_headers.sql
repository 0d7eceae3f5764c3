-- A message to a reader carries a one-click unsubscribe address (RFC 8058):
-- the mailer turns it into the List-Unsubscribe and List-Unsubscribe-Post
-- headers. One column with one meaning rather than free-form headers, so
-- that nothing queued can inject a header the mail package did not vet.
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url TEXT NOT NULL DEFAULT '';
