-- Secrets shared by every process (the key signing comment forms and
-- hashing addresses), and the keyed hash of the poster's network, for rate
-- limits that hold across a cluster without storing any address.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE comments ADD COLUMN net_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX comments_net ON comments (site_id, net_hash, created_at);
CREATE INDEX comments_ip ON comments (site_id, ip_hash, created_at);
