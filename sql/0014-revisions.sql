-- 0014-revisions.sql: revisions, held forms, protected posts and shared
-- drafts (DESIGN.md, "Revisions, protected posts, shared drafts").

-- Every save of a post is a revision: who, when, and the text as the
-- editor held it. kind: save (the editor's Save), restore (an older
-- revision saved again), autosave (admin.js; the post itself unchanged),
-- conflict (a save based on an older revision, kept beside the stored
-- one), import. status: the post's status when saved (every revision
-- saved as published is kept, whatever the retention setting).
CREATE TABLE revisions (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	author_id	INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created		INTEGER NOT NULL,
	kind		TEXT NOT NULL DEFAULT 'save' CHECK (kind IN
			('save', 'restore', 'autosave', 'conflict', 'import')),
	status		TEXT NOT NULL DEFAULT 'draft',
	title		TEXT NOT NULL DEFAULT '',
	body		TEXT NOT NULL DEFAULT '',
	html		INTEGER NOT NULL DEFAULT 0,	-- body is HTML, not Markdown
	tags		TEXT NOT NULL DEFAULT '',
	excerpt		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revisions_post ON revisions(post_id, id);
CREATE INDEX revisions_author ON revisions(author_id);

-- A form sent after its session ended (or with a stale CSRF token),
-- held until the login that follows in the same browser (the cookie
-- quire_held names it by a random id; the hash is stored). user_id: the
-- user of the session that had ended, when known; NULL: the next login.
-- claimed: that login took it (then user_id is set).
CREATE TABLE held_forms (
	id		INTEGER PRIMARY KEY,
	hash		BLOB NOT NULL UNIQUE,
	user_id		INTEGER REFERENCES users(id) ON DELETE CASCADE,
	path		TEXT NOT NULL,
	form		TEXT NOT NULL,		-- urlencoded text fields
	created		INTEGER NOT NULL,
	claimed		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX held_forms_user ON held_forms(user_id);
CREATE INDEX held_forms_created ON held_forms(created);

-- A post's password ('' none); a shared draft's nonce (NULL: not shared,
-- or revoked) and when its link expires.
ALTER TABLE posts ADD COLUMN password TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN preview_nonce TEXT;
ALTER TABLE posts ADD COLUMN preview_expires INTEGER NOT NULL DEFAULT 0;
