-- Comments, second part: policy overrides per section, the site's choice of
-- a required e-mail, banned words/names/domains, edits kept as revisions,
-- commenters' subscriptions, and the flags the notification job works from.

ALTER TABLE sections ADD COLUMN comment_policy TEXT NOT NULL DEFAULT ''
    CHECK (comment_policy IN ('', 'before', 'after', 'members', 'closed', 'none'));
ALTER TABLE sites ADD COLUMN comment_email_required BOOLEAN NOT NULL DEFAULT TRUE;

-- Which comment languages a moderator reads, comma-separated ("" = all):
-- new messages are announced to the moderators who can read them.
ALTER TABLE users ADD COLUMN moderation_languages TEXT NOT NULL DEFAULT '';

CREATE TABLE comment_bans (
    site_id {{bigint}} NOT NULL REFERENCES sites (id),
    kind    TEXT NOT NULL CHECK (kind IN ('word', 'name', 'domain')),
    value   TEXT NOT NULL,
    PRIMARY KEY (site_id, kind, value)
);

-- The text of a comment before each edit, with who changed it.
CREATE TABLE comment_revisions (
    id          {{id}},
    comment_id  {{bigint}} NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    author_name TEXT NOT NULL,
    author_url  TEXT NOT NULL,
    body        TEXT NOT NULL,
    edited_by   {{bigint}} REFERENCES users (id),
    created_at  {{time}} NOT NULL
);
CREATE INDEX comment_revisions_comment ON comment_revisions (comment_id, created_at);

ALTER TABLE comments ADD COLUMN edited_at {{time}};
-- What the commenter asked to be told by e-mail.
ALTER TABLE comments ADD COLUMN notify_published BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE comments ADD COLUMN notify_replies BOOLEAN NOT NULL DEFAULT FALSE;
-- Work left for the notification job: announcing a pending message to the
-- moderators, announcing a publication to its author and to the author of
-- the message it answers. Existing messages have nothing left to announce.
ALTER TABLE comments ADD COLUMN moderators_notified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE comments ADD COLUMN announced BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE comments SET moderators_notified = TRUE, announced = TRUE;
CREATE INDEX comments_unnotified ON comments (site_id, id) WHERE moderators_notified = FALSE;
CREATE INDEX comments_unannounced ON comments (site_id, id) WHERE announced = FALSE;
CREATE INDEX comments_email ON comments (site_id, author_email);
