-- Old addresses keep working: a table of redirects that imports fill and
-- editors edit, and the slugs each article had before.

CREATE TABLE redirects (
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    old_path   TEXT NOT NULL,
    target     TEXT NOT NULL,
    created_at {{time}} NOT NULL,
    PRIMARY KEY (site_id, old_path)
);

CREATE TABLE article_old_slugs (
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    language   TEXT NOT NULL,
    slug       TEXT NOT NULL,
    article_id {{bigint}} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, language, slug)
);

CREATE INDEX articles_legacy ON articles (site_id, legacy_id);
CREATE INDEX sections_legacy ON sections (site_id, legacy_id);
CREATE INDEX keywords_legacy ON keywords (site_id, legacy_id);
