-- What the public "N views" of an article counts: the whole translation
-- group (every language) or the language version alone.
ALTER TABLE sites ADD COLUMN view_count_scope TEXT NOT NULL DEFAULT 'group' CHECK (view_count_scope IN ('group', 'language'));
