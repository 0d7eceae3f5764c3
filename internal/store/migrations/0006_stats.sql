-- Audience aggregates, per day in the site's time zone. Nothing here
-- identifies a reader: no address, no user agent, no identifier.

CREATE TABLE stats_pages (
    day        TEXT NOT NULL,
    site_id    {{bigint}} NOT NULL REFERENCES sites (id),
    path       TEXT NOT NULL,
    language   TEXT NOT NULL,
    article_id {{bigint}} NOT NULL DEFAULT 0,
    group_id   {{bigint}} NOT NULL DEFAULT 0,
    views      {{bigint}} NOT NULL,
    PRIMARY KEY (day, site_id, path, language)
);
CREATE INDEX stats_pages_group ON stats_pages (site_id, group_id, day);

CREATE TABLE stats_visitors (
    day      TEXT NOT NULL,
    site_id  {{bigint}} NOT NULL REFERENCES sites (id),
    visitors {{bigint}} NOT NULL,
    PRIMARY KEY (day, site_id)
);

-- Referrer hosts, requested languages and device classes.
CREATE TABLE stats_keys (
    day     TEXT NOT NULL,
    site_id {{bigint}} NOT NULL REFERENCES sites (id),
    kind    TEXT NOT NULL CHECK (kind IN ('referrer', 'language', 'device')),
    key     TEXT NOT NULL,
    count   {{bigint}} NOT NULL,
    PRIMARY KEY (day, site_id, kind, key)
);
