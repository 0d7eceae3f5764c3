-- The sitemap reads every public article's group, language, slug and dates.
-- A covering index lets it read the index alone instead of every article's
-- body: on 300,000 articles, megabytes instead of gigabytes.
CREATE INDEX articles_sitemap ON articles (site_id, group_id, language, status, published_at, slug, updated_at, id);
