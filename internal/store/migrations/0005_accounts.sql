-- Back-office accounts: sessions, failed logins for rate limiting, password
-- resets, section restrictions, and the notes of the validation workflow.

ALTER TABLE users ADD COLUMN disabled_at {{time}};
ALTER TABLE users ADD COLUMN ui_language TEXT NOT NULL DEFAULT '';

-- Only a hash of each session token is kept: a stolen database does not
-- hand out live sessions.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   {{time}} NOT NULL,
    last_seen_at {{time}} NOT NULL,
    expires_at   {{time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per failed login, keyed by account and by network; old rows are
-- pruned. Kept in the database so every process behind a load balancer
-- sees the same count.
CREATE TABLE login_failures (
    id         {{id}},
    key        TEXT NOT NULL,
    failed_at  {{time}} NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, failed_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at {{time}} NOT NULL,
    used_at    {{time}}
);

-- An administrator or editor listed here may act only on these sections
-- and their descendants; no row means no restriction.
CREATE TABLE user_sections (
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section_id {{bigint}} NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, section_id)
);

-- What happened to an article in the workflow, by whom, with an optional
-- note (a refusal's reason, a validation remark).
CREATE TABLE article_events (
    id         {{id}},
    article_id {{bigint}} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    {{bigint}} REFERENCES users (id),
    action     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL
);
CREATE INDEX article_events_article ON article_events (article_id, created_at);
