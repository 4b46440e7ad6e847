-- 0013-mentions.sql: Webmention and pingback, both ways (DESIGN.md,
-- "Mentions"; src/mention.c does the work, in the keeper).

-- Comments may be of type webmention. Widening a CHECK changes nothing
-- stored, so the table's text is edited in place, as SQLite's manual
-- allows ("ALTER TABLE", the simpler procedure), rather than rebuilt
-- under its triggers; RESET makes this connection read the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''trackback'')',
    '''trackback'', ''webmention'')')
    WHERE type = 'table' AND name = 'comments';
PRAGMA writable_schema = RESET;

-- Mentions received (POST /webmention, POST /xmlrpc.php), committed by
-- the request, verified by the keeper: state queued, then done (a
-- comment made, updated or removed) or refused (result says why).
CREATE TABLE mention_queue (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('webmention', 'pingback')),
	source		TEXT NOT NULL,
	target		TEXT NOT NULL,
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	addr		TEXT NOT NULL DEFAULT '',
	received	INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued', 'done', 'refused')),
	result		TEXT NOT NULL DEFAULT '',
	done		INTEGER
);
CREATE INDEX mention_queue_todo ON mention_queue(id) WHERE state = 'queued';
CREATE INDEX mention_queue_post ON mention_queue(post_id);

-- The comment a verified mention made: one per post and source, so a
-- mention sent again updates it and a source gone removes it.
CREATE TABLE mentions (
	comment_id	INTEGER PRIMARY KEY
			REFERENCES comments(id) ON DELETE CASCADE,
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	source		TEXT NOT NULL,
	author		TEXT NOT NULL DEFAULT '',	-- h-card name
	UNIQUE (post_id, source)
);

-- Posts whose links are to be told (a trigger queues them when a post
-- is published or its text changes; never imported ones). token is new
-- with each change: the keeper removes the row it handled only if no
-- change came meanwhile.
CREATE TABLE mention_todo (
	post_id		INTEGER PRIMARY KEY
			REFERENCES posts(id) ON DELETE CASCADE,
	token		INTEGER NOT NULL
);
CREATE TRIGGER posts_mention_i AFTER INSERT ON posts
    WHEN new.import_key IS NULL AND new.status = 'published'
BEGIN
	INSERT OR REPLACE INTO mention_todo(post_id, token)
	    VALUES (new.id, random());
END;
CREATE TRIGGER posts_mention_u AFTER UPDATE OF status, body_html ON posts
    WHEN new.import_key IS NULL AND new.status = 'published' AND
    (old.status IS NOT new.status OR old.body_html IS NOT new.body_html)
BEGIN
	INSERT OR REPLACE INTO mention_todo(post_id, token)
	    VALUES (new.id, random());
END;

-- What was sent for each link of a post: once per post and target
-- unless the link (its markup, hashed) changed. kind: webmention,
-- pingback, or none (no endpoint found); code: the HTTP status or the
-- XML-RPC fault (0: no answer); answer: what came back, or why not.
CREATE TABLE mention_sent (
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	target		TEXT NOT NULL,
	link_hash	TEXT NOT NULL,
	kind		TEXT NOT NULL DEFAULT 'none',
	endpoint	TEXT NOT NULL DEFAULT '',
	code		INTEGER NOT NULL DEFAULT 0,
	ok		INTEGER NOT NULL DEFAULT 0,
	answer		TEXT NOT NULL DEFAULT '',
	sent		INTEGER NOT NULL,
	PRIMARY KEY (post_id, target)
) WITHOUT ROWID;
