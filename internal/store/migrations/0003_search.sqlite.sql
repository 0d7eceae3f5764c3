-- Full-text index of articles. The text stored here is already analyzed in
-- Go (internal/search: folded, stemmed terms), so the tokenizer only splits
-- on spaces and both databases match exactly the same way. rowid is the
-- article id.
CREATE VIRTUAL TABLE article_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
