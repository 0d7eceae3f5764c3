-- The duplicate check finds a text in a thread through its hash (store's
-- bodyHash: SHA-256 in hex of the text as stored) instead of reading every
-- recent message of the thread. Existing rows keep '' — SQLite has no SHA-256
-- in SQL to fill them in with — and the check compares those by text; once
-- older than its window they cost nothing, the index keeping them in date
-- order.
ALTER TABLE comments ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_body_hash ON comments (group_id, body_hash, created_at);
-- A statement that changes a text without its hash (an edit by the team)
-- leaves it unknown rather than wrong.
CREATE TRIGGER comments_body_hash_stale AFTER UPDATE OF body ON comments
FOR EACH ROW WHEN NEW.body IS NOT OLD.body AND NEW.body_hash = OLD.body_hash AND NEW.body_hash <> ''
BEGIN
    UPDATE comments SET body_hash = '' WHERE id = NEW.id;
END;
