-- The content model. Written once for both databases; {{id}}, {{time}} and
-- {{bigint}} are the only words that differ (see dialect.go).

CREATE TABLE sites (
    id               {{id}},
    host             TEXT NOT NULL UNIQUE,
    base_url         TEXT NOT NULL,
    default_language TEXT NOT NULL,
    time_zone        TEXT NOT NULL,
    comment_policy   TEXT NOT NULL CHECK (comment_policy IN ('before', 'after', 'members', 'closed', 'none')),
    created_at       {{time}} NOT NULL
);

CREATE TABLE site_languages (
    site_id       {{bigint}} NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('ltr', 'rtl')),
    position      INTEGER NOT NULL,
    site_name     TEXT NOT NULL,
    tagline       TEXT NOT NULL DEFAULT '',
    legal_notice  TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    footer        TEXT NOT NULL DEFAULT '',
    copyright     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, code)
);

CREATE TABLE users (
    id            {{id}},
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'moderator')),
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    {{time}} NOT NULL,
    updated_at    {{time}} NOT NULL
);

CREATE TABLE user_bios (
    user_id  {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    bio      TEXT NOT NULL,
    PRIMARY KEY (user_id, language)
);

CREATE TABLE sections (
    id         {{id}},
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    parent_id  {{bigint}} REFERENCES sections (id),
    position   INTEGER NOT NULL DEFAULT 0,
    legacy_id  {{bigint}},
    created_at {{time}} NOT NULL
);
CREATE INDEX sections_site ON sections (site_id, parent_id, position);

CREATE TABLE section_texts (
    section_id  {{bigint}} NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    site_id     {{bigint}} NOT NULL REFERENCES sites (id),
    language    TEXT NOT NULL,
    slug        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (section_id, language),
    UNIQUE (site_id, language, slug)
);

CREATE TABLE keyword_groups (
    id       {{id}},
    site_id  {{bigint}} NOT NULL REFERENCES sites (id),
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE keyword_group_texts (
    group_id {{bigint}} NOT NULL REFERENCES keyword_groups (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    title    TEXT NOT NULL,
    PRIMARY KEY (group_id, language)
);

CREATE TABLE keywords (
    id        {{id}},
    site_id   {{bigint}} NOT NULL REFERENCES sites (id),
    group_id  {{bigint}} REFERENCES keyword_groups (id),
    legacy_id {{bigint}}
);

CREATE TABLE keyword_texts (
    keyword_id {{bigint}} NOT NULL REFERENCES keywords (id) ON DELETE CASCADE,
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    language   TEXT NOT NULL,
    slug       TEXT NOT NULL,
    title      TEXT NOT NULL,
    PRIMARY KEY (keyword_id, language),
    UNIQUE (site_id, language, slug)
);

CREATE TABLE translation_groups (
    id              {{id}},
    site_id         {{bigint}} NOT NULL REFERENCES sites (id),
    source_language TEXT NOT NULL,
    shared_comments BOOLEAN NOT NULL DEFAULT TRUE,
    legacy_id       {{bigint}},
    created_at      {{time}} NOT NULL
);

CREATE TABLE articles (
    id              {{id}},
    site_id         {{bigint}} NOT NULL REFERENCES sites (id),
    group_id        {{bigint}} NOT NULL REFERENCES translation_groups (id),
    section_id      {{bigint}} NOT NULL REFERENCES sections (id),
    language        TEXT NOT NULL,
    slug            TEXT NOT NULL,
    surtitle        TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    subtitle        TEXT NOT NULL DEFAULT '',
    lead            TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'published', 'refused', 'trashed')),
    comment_policy  TEXT NOT NULL DEFAULT '' CHECK (comment_policy IN ('', 'before', 'after', 'members', 'closed', 'none')),
    revision        INTEGER NOT NULL DEFAULT 1,
    source_revision INTEGER NOT NULL DEFAULT 0,
    view_count      {{bigint}} NOT NULL DEFAULT 0,
    legacy_id       {{bigint}},
    created_at      {{time}} NOT NULL,
    updated_at      {{time}} NOT NULL,
    published_at    {{time}},
    scheduled_at    {{time}},
    UNIQUE (site_id, language, slug),
    UNIQUE (group_id, language)
);
CREATE INDEX articles_public ON articles (site_id, language, status, published_at);
CREATE INDEX articles_section ON articles (section_id, language, status, published_at);
CREATE INDEX articles_scheduled ON articles (scheduled_at);

-- Each save of an article keeps its text, so that a translation can show
-- what changed in its source since it was made, and revisions can be restored.
CREATE TABLE article_revisions (
    article_id {{bigint}} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    surtitle   TEXT NOT NULL,
    title      TEXT NOT NULL,
    subtitle   TEXT NOT NULL,
    lead       TEXT NOT NULL,
    body       TEXT NOT NULL,
    author_id  {{bigint}} REFERENCES users (id),
    created_at {{time}} NOT NULL,
    PRIMARY KEY (article_id, revision)
);

CREATE TABLE article_authors (
    article_id {{bigint}} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    {{bigint}} NOT NULL REFERENCES users (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_authors_user ON article_authors (user_id);

CREATE TABLE article_keywords (
    article_id {{bigint}} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    keyword_id {{bigint}} NOT NULL REFERENCES keywords (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, keyword_id)
);
CREATE INDEX article_keywords_keyword ON article_keywords (keyword_id);

CREATE TABLE media (
    id         {{id}},
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    path       TEXT NOT NULL,
    mime_type  TEXT NOT NULL,
    size       {{bigint}} NOT NULL,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    credit     TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL,
    UNIQUE (site_id, path)
);

CREATE TABLE media_texts (
    media_id {{bigint}} NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    alt      TEXT NOT NULL DEFAULT '',
    caption  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (media_id, language)
);

CREATE TABLE comments (
    id           {{id}},
    site_id      {{bigint}} NOT NULL REFERENCES sites (id),
    article_id   {{bigint}} NOT NULL REFERENCES articles (id),
    group_id     {{bigint}} NOT NULL REFERENCES translation_groups (id),
    parent_id    {{bigint}} REFERENCES comments (id),
    root_id      {{bigint}},
    language     TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL DEFAULT '',
    author_url   TEXT NOT NULL DEFAULT '',
    user_id      {{bigint}} REFERENCES users (id),
    body         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'spam')),
    ip_hash      TEXT NOT NULL DEFAULT '',
    spam_score   REAL NOT NULL DEFAULT 0,
    spam_reasons TEXT NOT NULL DEFAULT '',
    created_at   {{time}} NOT NULL,
    updated_at   {{time}} NOT NULL
);
CREATE INDEX comments_group ON comments (group_id, status, created_at);
CREATE INDEX comments_article ON comments (article_id, status, created_at);
CREATE INDEX comments_moderation ON comments (site_id, status, created_at);
