-- 0006-trust.sql: what a commenter's marks and limits stand on.
--
-- A comment id is never given twice: an owner cookie or a link made for
-- a deleted comment must never open the next one. site_state keeps the
-- largest id ever stored (a trigger, so imports and sqlite3 count too),
-- and new comments take the next one after it.
ALTER TABLE site_state ADD COLUMN comment_last_id INTEGER NOT NULL DEFAULT 0;
UPDATE site_state SET comment_last_id = (SELECT coalesce(max(id), 0)
    FROM comments);
CREATE TRIGGER comments_last_id AFTER INSERT ON comments
    WHEN new.id > (SELECT comment_last_id FROM site_state)
BEGIN
	UPDATE site_state SET comment_last_id = new.id;
END;

-- The key the per-client limits count under (antispam.h, limit_key):
-- the IPv4 address, or the /64 of an IPv6 one.
ALTER TABLE comments ADD COLUMN author_net TEXT NOT NULL DEFAULT '';
UPDATE comments SET author_net = author_addr;
DROP INDEX comments_addr;
CREATE INDEX comments_net ON comments(author_net, created);

-- Whether a moderator (or anything but the writer's first post) has set
-- the comment's status: an edit of a comment someone approved goes back
-- to the moderation queue (comment_form.c). A trigger, so every way of
-- moderating counts, the admin's, the CLI's and sqlite3's.
ALTER TABLE comments ADD COLUMN moderated INTEGER NOT NULL DEFAULT 0;
UPDATE comments SET moderated = 1 WHERE status <> 'pending';
CREATE TRIGGER comments_moderated AFTER UPDATE OF status ON comments
    WHEN old.status IS NOT new.status AND new.moderated = 0
BEGIN
	UPDATE comments SET moderated = 1 WHERE id = new.id;
END;

-- A visitor who types a user's email is never a trusted returning
-- commenter (db_comment.c, DB_COMMENT_TRUSTED).
CREATE INDEX users_email ON users(lower(email));
