-- Members: readers with an account, who may comment where a thread is for
-- members only and have no back office.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('administrator', 'editor', 'author', 'moderator', 'member'));
