-- Whether feeds carry each article's full text or only its lead.
ALTER TABLE sites ADD COLUMN feed_full_content BOOLEAN NOT NULL DEFAULT TRUE;
