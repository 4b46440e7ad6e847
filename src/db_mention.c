/* db_mention.c: statements on mentions received and sent. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_mention.h"

const char *const db_mention_sql[DB_MENTION__MAX] = {
	[DB_MENTION_QUEUE_ADD] =
	"INSERT INTO mention_queue (kind, source, target, post_id, addr, "
	"received) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[DB_MENTION_QUEUE_NEXT] =
	"SELECT id, kind, source, target, post_id, addr FROM mention_queue "
	"WHERE state = 'queued' ORDER BY id LIMIT 1",
	[DB_MENTION_QUEUE_DONE] =
	"UPDATE mention_queue SET state = ?2, result = ?3, done = ?4 "
	"WHERE id = ?1",
	[DB_MENTION_HAS_WORK] =
	"SELECT EXISTS (SELECT 1 FROM mention_queue WHERE state = 'queued') "
	"OR EXISTS (SELECT 1 FROM mention_todo)",
	[DB_MENTION_BY_SOURCE] =
	"SELECT comment_id FROM mentions WHERE post_id = ?1 AND source = ?2",
	[DB_MENTION_ADD] =
	"INSERT INTO mentions (comment_id, post_id, source, author) "
	"VALUES (?1, ?2, ?3, ?4)",
	[DB_MENTION_UPDATE] =
	"UPDATE comments SET author_name = ?2, author_url = ?3, "
	"body_md = ?4, body_html = ?5 WHERE id = ?1",
	[DB_MENTION_SET_AUTHOR] =
	"UPDATE mentions SET author = ?2 WHERE comment_id = ?1",
	[DB_MENTION_TODO_NEXT] =
	"SELECT post_id, token FROM mention_todo ORDER BY post_id LIMIT 1",
	[DB_MENTION_TODO_DEL] =
	"DELETE FROM mention_todo WHERE post_id = ?1 AND token = ?2",
	[DB_MENTION_SENT_HASH] =
	"SELECT link_hash FROM mention_sent WHERE post_id = ?1 AND "
	"target = ?2",
	[DB_MENTION_SENT_PUT] =
	"INSERT OR REPLACE INTO mention_sent (post_id, target, link_hash, "
	"kind, endpoint, code, ok, answer, sent) VALUES (?1, ?2, ?3, ?4, "
	"?5, ?6, ?7, ?8, ?9)",
	[DB_MENTION_SENT_LIST] =
	"SELECT target, link_hash, kind, endpoint, code, ok, answer, sent "
	"FROM mention_sent WHERE post_id = ?1 ORDER BY target",
};
const int db_mention_n = DB_MENTION__MAX;

int64_t
db_mention_queue(struct db *db, const struct mention_in *m, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_QUEUE_ADD)) == NULL)
		return -1;
	db_bind_text(st, 1, m->kind);
	db_bind_text(st, 2, m->source);
	db_bind_text(st, 3, m->target);
	db_bind_int(st, 4, m->post_id);
	db_bind_text(st, 5, m->addr != NULL ? m->addr : "");
	db_bind_int(st, 6, now);
	if (db_step_write(db, st, "mention queue") == -1)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

int
db_mention_next(struct db *db, struct arena *a, struct mention_in *m)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_QUEUE_NEXT)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->kind = db_col_text(a, st, 1);
		m->source = db_col_text(a, st, 2);
		m->target = db_col_text(a, st, 3);
		m->post_id = sqlite3_column_int64(st, 4);
		m->addr = db_col_text(a, st, 5);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "mention next");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
db_mention_done(struct db *db, int64_t id, const char *state,
    const char *result, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_QUEUE_DONE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, result);
	db_bind_int(st, 4, now);
	return db_step_write(db, st, "mention done") == -1 ? -1 : 0;
}

int
db_mention_has_work(struct db *db)
{
	int64_t	 v;

	if (db_step_int(db, db_stmt(db, DBF_MENTION, DB_MENTION_HAS_WORK),
	    &v, "mention work") == -1)
		return -1;
	return v != 0;
}

int64_t
db_mention_comment(struct db *db, int64_t post_id, const char *source)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_BY_SOURCE)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, source);
	if (db_step_int(db, st, &v, "mention by source") == -1)
		return -1;
	return v;
}

int
db_mention_add(struct db *db, int64_t comment_id, int64_t post_id,
    const char *source, const char *author)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_ADD)) == NULL)
		return -1;
	db_bind_int(st, 1, comment_id);
	db_bind_int(st, 2, post_id);
	db_bind_text(st, 3, source);
	db_bind_text(st, 4, author);
	return db_step_write(db, st, "mention add") == -1 ? -1 : 0;
}

int
db_mention_update(struct db *db, int64_t comment_id, const char *name,
    const char *url, const char *md, const char *html, const char *author)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_UPDATE)) == NULL)
		return -1;
	db_bind_int(st, 1, comment_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, url);
	db_bind_text(st, 4, md);
	db_bind_text(st, 5, html);
	if (db_step_write(db, st, "mention update") == -1)
		return -1;
	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_SET_AUTHOR)) == NULL)
		return -1;
	db_bind_int(st, 1, comment_id);
	db_bind_text(st, 2, author);
	return db_step_write(db, st, "mention author") == -1 ? -1 : 0;
}

int
db_mention_todo_next(struct db *db, int64_t *post_id, int64_t *token)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_TODO_NEXT)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*post_id = sqlite3_column_int64(st, 0);
		*token = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "mention todo");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
db_mention_todo_del(struct db *db, int64_t post_id, int64_t token)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_TODO_DEL)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, token);
	return db_step_write(db, st, "mention todo done") == -1 ? -1 : 0;
}

const char *
db_mention_sent_hash(struct db *db, struct arena *a, int64_t post_id,
    const char *target)
{
	sqlite3_stmt	*st;
	const char	*h = NULL;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_SENT_HASH)) == NULL)
		return NULL;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, target);
	if (sqlite3_step(st) == SQLITE_ROW)
		h = db_col_text(a, st, 0);
	db_done(st);
	return h;
}

int
db_mention_sent_put(struct db *db, int64_t post_id,
    const struct mention_out *o)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_SENT_PUT)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, o->target);
	db_bind_text(st, 3, o->link_hash);
	db_bind_text(st, 4, o->kind);
	db_bind_text(st, 5, o->endpoint);
	db_bind_int(st, 6, o->code);
	db_bind_int(st, 7, o->ok);
	db_bind_text(st, 8, o->answer);
	db_bind_int(st, 9, o->sent);
	return db_step_write(db, st, "mention sent") == -1 ? -1 : 0;
}

static void
sent_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct mention_out	*o = item;

	o->target = db_col_text(a, st, 0);
	o->link_hash = db_col_text(a, st, 1);
	o->kind = db_col_text(a, st, 2);
	o->endpoint = db_col_text(a, st, 3);
	o->code = sqlite3_column_int64(st, 4);
	o->ok = sqlite3_column_int(st, 5);
	o->answer = db_col_text(a, st, 6);
	o->sent = sqlite3_column_int64(st, 7);
}

int
db_mention_sent_list(struct db *db, struct arena *a, int64_t post_id,
    struct mention_out **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MENTION, DB_MENTION_SENT_LIST)) != NULL)
		db_bind_int(st, 1, post_id);
	return db_rows(db, a, st, sizeof(**out), 16, sent_row,
	    (void **)out, n, "mention sent list");
}
