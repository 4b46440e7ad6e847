-- 0012-mail.sql: mail (DESIGN.md, "Mail").
--
-- The outbox: every message quire sends is first a row here, then the
-- keeper's mailer pipes it to mail_command (mail_keeper.c). state:
-- queued (next_at: when to try), sending (pid: the mailer trying it
-- since claimed), sent, failed (given up after two days). dedupe names
-- what a message is about, so that nothing is mailed twice.
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	dedupe		TEXT UNIQUE,
	rcpt		TEXT NOT NULL,
	message		TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
			('queued', 'sending', 'sent', 'failed')),
	created		INTEGER NOT NULL,
	next_at		INTEGER NOT NULL,
	attempts	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT NOT NULL DEFAULT '',
	pid		INTEGER NOT NULL DEFAULT 0,
	claimed		INTEGER NOT NULL DEFAULT 0,
	sent		INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_at);

-- What happened that may call for mail, written in the transaction of
-- the change itself (triggers: every way of storing or moderating a
-- comment counts), made into outbox rows by the keeper: held (awaits
-- moderation), approved (a reply became visible), watch (a commenter
-- asked for replies: confirm the address).
CREATE TABLE mail_events (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('held', 'approved',
			'watch')),
	comment_id	INTEGER NOT NULL,
	created		INTEGER NOT NULL
);

-- Addresses that confirmed they want mail from this blog (double
-- opt-in), and the comments whose replies their writers want.
CREATE TABLE mail_addrs (
	email		TEXT PRIMARY KEY COLLATE NOCASE,
	confirmed	INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE mail_watch (
	comment_id	INTEGER PRIMARY KEY
			REFERENCES comments(id) ON DELETE CASCADE,
	email		TEXT NOT NULL,
	created		INTEGER NOT NULL,
	stopped		INTEGER		-- unsubscribed at
);

CREATE TRIGGER mail_comment_held AFTER INSERT ON comments
    WHEN new.status = 'pending'
BEGIN
	INSERT INTO mail_events (kind, comment_id, created)
	VALUES ('held', new.id, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER mail_reply_new AFTER INSERT ON comments
    WHEN new.status = 'approved' AND new.parent_id IS NOT NULL
BEGIN
	INSERT INTO mail_events (kind, comment_id, created)
	VALUES ('approved', new.id, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER mail_reply_approved AFTER UPDATE OF status ON comments
    WHEN new.status = 'approved' AND old.status <> 'approved'
    AND new.parent_id IS NOT NULL
BEGIN
	INSERT INTO mail_events (kind, comment_id, created)
	VALUES ('approved', new.id, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER mail_watch_new AFTER INSERT ON mail_watch
BEGIN
	INSERT INTO mail_events (kind, comment_id, created)
	VALUES ('watch', new.comment_id, new.created);
END;
-- A commenter's email erased (quire comments erase): their wish for
-- replies goes with it.
CREATE TRIGGER mail_watch_erased AFTER UPDATE OF author_email ON comments
    WHEN new.author_email IS NOT old.author_email
BEGIN
	DELETE FROM mail_watch WHERE comment_id = new.id;
END;
