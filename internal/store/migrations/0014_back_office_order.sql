-- The back office lists a site's articles by last change: with hundreds of
-- thousands of articles, a sort without an index takes seconds.
CREATE INDEX articles_updated ON articles (site_id, updated_at, id);
