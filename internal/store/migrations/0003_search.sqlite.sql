-- Full-text index of articles. The text stored here is already analyzed in
-- Go (internal/search: folded, stemmed terms), so the tokenizer only splits
-- on spaces and both databases match exactly the same way. rowid is the
-- article id; lang holds the article's language as a single term, so that
-- the language filter happens inside the index.
CREATE VIRTUAL TABLE article_search USING fts5(lang, title, body, tokenize = 'unicode61 remove_diacritics 0');
