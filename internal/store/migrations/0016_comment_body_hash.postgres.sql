-- The duplicate check finds a text in a thread through its hash (store's
-- bodyHash: SHA-256 in hex of the text as stored) instead of reading every
-- recent message of the thread. Existing rows keep '', as on SQLite, which
-- cannot compute the hash in SQL, and the check compares those by text:
-- filling them in here would rewrite every comment for the sake of the last
-- day's, and once older than its window they cost nothing, the index
-- keeping them in date order. Rows inserted by an older binary during an
-- upgrade get '' too, and are compared the same way.
ALTER TABLE comments ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_body_hash ON comments (group_id, body_hash, created_at);
-- A statement that changes a text without its hash (an edit by the team)
-- leaves it unknown rather than wrong.
CREATE FUNCTION comments_body_hash_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body_hash = OLD.body_hash THEN
        NEW.body_hash := '';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER comments_body_hash_stale BEFORE UPDATE OF body ON comments
    FOR EACH ROW WHEN (NEW.body IS DISTINCT FROM OLD.body) EXECUTE FUNCTION comments_body_hash_stale();
