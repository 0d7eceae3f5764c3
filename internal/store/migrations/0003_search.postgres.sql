-- Full-text index of articles. The text stored here is already analyzed in
-- Go (internal/search: folded, stemmed terms), so the 'simple'
-- configuration only splits it and both databases match exactly the same
-- way. rowid is the article id, named as in SQLite's FTS5 table so the
-- statements that fill it are shared.
CREATE TABLE article_search (
    rowid     BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    lang      TEXT NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED,
    all_tsv   tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED
);
CREATE INDEX article_search_all ON article_search USING GIN (all_tsv);
