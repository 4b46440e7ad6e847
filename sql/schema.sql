-- schema.sql: quire's database, version 1. Later changes are numbered
-- migrations (sql/NNNN-name.sql); PRAGMA user_version counts them.
-- Times are UTC unix seconds. Text is UTF-8.

CREATE TABLE settings (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	login		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	email		TEXT NOT NULL DEFAULT '',
	role		TEXT NOT NULL DEFAULT 'author'
			CHECK (role IN ('admin', 'author')),
	pwhash		TEXT,			-- crypto_pwhash_str; NULL: cannot log in
	bio_md		TEXT NOT NULL DEFAULT '',
	bio_html	TEXT NOT NULL DEFAULT '',
	created		INTEGER NOT NULL
);

CREATE TABLE sessions (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	hash		BLOB NOT NULL UNIQUE,	-- BLAKE2b of the cookie's 32 bytes
	csrf		BLOB NOT NULL,
	created		INTEGER NOT NULL,
	seen		INTEGER NOT NULL,
	addr		TEXT NOT NULL DEFAULT '',
	agent		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- status: draft, published (public once published <= now), scheduled
-- (becomes published at `published'), pending and private (imported, not
-- public), trash (trashed_status says what to restore).
CREATE TABLE posts (
	id		INTEGER PRIMARY KEY,
	type		TEXT NOT NULL DEFAULT 'post' CHECK (type IN ('post', 'page')),
	status		TEXT NOT NULL DEFAULT 'published' CHECK (status IN
			('draft', 'published', 'scheduled', 'pending', 'private',
			 'trash')),
	trashed_status	TEXT,
	slug		TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL,
	author_id	INTEGER NOT NULL REFERENCES users(id),
	published	INTEGER NOT NULL,	-- publication time (or planned)
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL,
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT NOT NULL DEFAULT '',
	excerpt		TEXT NOT NULL DEFAULT '',	-- the author's own, may be empty
	summary		TEXT NOT NULL DEFAULT '',	-- plain text, made when saved
	comments_open	INTEGER NOT NULL DEFAULT 1,
	comment_count	INTEGER NOT NULL DEFAULT 0,	-- approved comments
	sticky		INTEGER NOT NULL DEFAULT 0,
	import_key	TEXT UNIQUE		-- e.g. wxr:GUID, for idempotent import
);
CREATE INDEX posts_list ON posts(type, status, published);
CREATE INDEX posts_author ON posts(author_id, type, status, published);

CREATE TABLE tags (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	slug		TEXT NOT NULL UNIQUE,
	description	TEXT NOT NULL DEFAULT '',
	post_count	INTEGER NOT NULL DEFAULT 0	-- public posts
);

CREATE TABLE post_tags (
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	tag_id		INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX post_tags_tag ON post_tags(tag_id, post_id);

-- Comments are read in thread order by `path': the zero-padded ids of the
-- ancestors and the comment itself, joined by '.'.
CREATE TABLE comments (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	parent_id	INTEGER REFERENCES comments(id) ON DELETE SET NULL,
	depth		INTEGER NOT NULL DEFAULT 1,
	path		TEXT NOT NULL DEFAULT '',
	type		TEXT NOT NULL DEFAULT 'comment'
			CHECK (type IN ('comment', 'pingback', 'trackback')),
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
			('approved', 'pending', 'spam', 'trash')),
	author_name	TEXT NOT NULL,
	author_email	TEXT NOT NULL DEFAULT '',
	author_url	TEXT NOT NULL DEFAULT '',
	author_addr	TEXT NOT NULL DEFAULT '',
	author_agent	TEXT NOT NULL DEFAULT '',
	user_id		INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created		INTEGER NOT NULL,
	body_md		TEXT NOT NULL,
	body_html	TEXT NOT NULL,
	fingerprint	BLOB,			-- hash of post, parent, author, text
	edit_key	BLOB,			-- hash of the writer's edit secret
	import_key	TEXT UNIQUE
);
CREATE INDEX comments_thread ON comments(post_id, status, path);
CREATE INDEX comments_status ON comments(status, created);
CREATE INDEX comments_email ON comments(author_email, status);
CREATE INDEX comments_addr ON comments(author_addr, created);
CREATE INDEX comments_fingerprint ON comments(fingerprint);
CREATE INDEX comments_parent ON comments(parent_id);

-- Anti-spam token nonces, spent in the transaction that stores a comment.
CREATE TABLE spent_nonces (
	nonce		BLOB PRIMARY KEY,
	spent		INTEGER NOT NULL,
	comment_id	INTEGER
) WITHOUT ROWID;

-- Fixed-window counters: comments per address, logins per login/address.
CREATE TABLE rate_limits (
	key		TEXT NOT NULL,
	window		INTEGER NOT NULL,	-- window start
	count		INTEGER NOT NULL,
	PRIMARY KEY (key, window)
) WITHOUT ROWID;

-- Old paths (a changed slug, an imported permalink) answered with a 301.
CREATE TABLE redirects (
	old_path	TEXT PRIMARY KEY,
	new_path	TEXT NOT NULL,
	created		INTEGER NOT NULL
) WITHOUT ROWID;

-- Full-text index of public posts and pages: rowid = posts.id.
CREATE VIRTUAL TABLE posts_fts USING fts5(
	title, body, tags,
	tokenize = 'unicode61 remove_diacritics 2'
);
