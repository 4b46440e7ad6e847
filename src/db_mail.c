/* db_mail.c: statements on the outbox, the mail events and commenters'
   wishes for replies (db_mail.h). */
#include <stddef.h>

#include "db.h"
#include "db_mail.h"

const char *const db_mail_sql[DB_MAIL__MAX] = {
	[DB_MAIL_EVENTS] =
	"SELECT id, kind, comment_id FROM mail_events ORDER BY id LIMIT ?1",
	[DB_MAIL_EVENT_DEL] =
	"DELETE FROM mail_events WHERE id = ?1",
	/* DB_MAIL_COMMENT: the columns mail_keeper.c's comment_row reads */
	[DB_MAIL_COMMENT] =
	"SELECT c.id, c.status, c.author_name, c.author_email, c.author_url, "
	"c.created, c.body_md, coalesce(c.parent_id, 0), p.id, p.type, "
	"p.slug, p.title, p.published, p.author_id, p.status "
	"FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ?1",
	[DB_MAIL_STAFF] =
	"SELECT id, name, email, role FROM users WHERE trim(email) <> '' "
	"AND (role = 'admin' OR id = ?1 OR ?1 = -1) ORDER BY id",
	[DB_MAIL_WATCH] =
	"SELECT w.email, w.stopped IS NOT NULL, a.confirmed IS NOT NULL, "
	"c.author_name FROM mail_watch w JOIN comments c "
	"ON c.id = w.comment_id LEFT JOIN mail_addrs a ON a.email = w.email "
	"WHERE w.comment_id = ?1",
	[DB_MAIL_WATCH_ADD] =
	"INSERT INTO mail_watch (comment_id, email, created) "
	"VALUES (?1, ?2, ?3) ON CONFLICT (comment_id) DO NOTHING",
	[DB_MAIL_WATCH_STOP] =
	"UPDATE mail_watch SET stopped = ?2 WHERE comment_id = ?1 "
	"AND stopped IS NULL",
	[DB_MAIL_ADDR_CONFIRM] =
	"INSERT INTO mail_addrs (email, confirmed) VALUES (?1, ?2) "
	"ON CONFLICT (email) DO NOTHING",
	[DB_MAIL_OUTBOX_ADD] =
	"INSERT INTO outbox (kind, dedupe, rcpt, message, created, next_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (dedupe) DO NOTHING",
	[DB_MAIL_DUE] =
	"SELECT id FROM outbox WHERE state = 'queued' AND next_at <= ?1 "
	"ORDER BY next_at, id LIMIT 1",
	[DB_MAIL_CLAIM] =
	"UPDATE outbox SET state = 'sending', pid = ?2, claimed = ?3, "
	"attempts = attempts + 1 WHERE id = ?1 AND state = 'queued'",
	[DB_MAIL_MESSAGE] =
	"SELECT message, created, attempts FROM outbox WHERE id = ?1",
	[DB_MAIL_SENT] =
	"UPDATE outbox SET state = 'sent', sent = ?2, pid = 0, "
	"last_error = '' WHERE id = ?1 AND state = 'sending'",
	[DB_MAIL_RETRY] =
	"UPDATE outbox SET state = ?2, next_at = ?3, last_error = ?4, "
	"pid = 0 WHERE id = ?1 AND state = 'sending'",
	[DB_MAIL_SENDING] =
	"SELECT id, pid, claimed FROM outbox WHERE state = 'sending'",
	[DB_MAIL_RECOVER] =
	"UPDATE outbox SET state = 'queued', pid = 0, next_at = ?2, "
	"last_error = ?3 WHERE id = ?1 AND state = 'sending'",
	/* DB_MAIL_WAITING: how many wait, since when, the last error, and
	   how many were given up in the last week */
	[DB_MAIL_WAITING] =
	"SELECT count(*), coalesce(min(created), 0), "
	"(SELECT last_error FROM outbox WHERE state IN ('queued', 'sending') "
	"AND last_error <> '' ORDER BY id DESC LIMIT 1), "
	"(SELECT count(*) FROM outbox WHERE state = 'failed' "
	"AND created > ?1) FROM outbox WHERE state IN ('queued', 'sending')",
	[DB_MAIL_LAST_DIGEST] =
	"SELECT coalesce(max(created), 0) FROM outbox WHERE kind = 'digest'",
	[DB_MAIL_PENDING] =
	"SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE c.status = 'pending' ORDER BY c.id LIMIT ?1",
};
const int db_mail_n = DB_MAIL__MAX;

int
db_mail_watch_add(struct db *db, int64_t comment_id, const char *email,
    int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_WATCH_ADD)) == NULL)
		return -1;
	db_bind_int(st, 1, comment_id);
	db_bind_text(st, 2, email);
	db_bind_int(st, 3, now);
	return db_step_write(db, st, "mail watch") == -1 ? -1 : 0;
}
