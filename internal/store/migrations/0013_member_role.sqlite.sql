-- depeche:foreign-keys-off
-- Members: readers with an account, who may comment where a thread is for
-- members only and have no back office. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (the procedure of SQLite's
-- ALTER TABLE documentation: foreign keys off around the transaction, then
-- checked before commit). Row ids are kept, so every reference still holds.
CREATE TABLE users_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    email                TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    slug                 TEXT NOT NULL UNIQUE,
    role                 TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'moderator', 'member')),
    password_hash        TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    disabled_at          TIMESTAMP,
    ui_language          TEXT NOT NULL DEFAULT '',
    moderation_languages TEXT NOT NULL DEFAULT ''
);
INSERT INTO users_new (id, email, display_name, slug, role, password_hash, created_at, updated_at, disabled_at, ui_language, moderation_languages)
    SELECT id, email, display_name, slug, role, password_hash, created_at, updated_at, disabled_at, ui_language, moderation_languages FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
