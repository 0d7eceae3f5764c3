-- Who decided what about each comment, when and why: the moderation log.
CREATE TABLE comment_events (
    id         {{id}},
    comment_id {{bigint}} NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    {{bigint}} REFERENCES users (id),
    action     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL
);
CREATE INDEX comment_events_comment ON comment_events (comment_id, created_at);
