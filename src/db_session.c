/* db_session.c: statements on login sessions. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_session.h"

#define COLS "id, user_id, csrf, created, seen, addr, agent"

const char *const db_session_sql[DB_SESSION__MAX] = {
	[DB_SESSION_INSERT] =
	"INSERT INTO sessions (hash, user_id, csrf, created, seen, addr, agent) "
	"VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
	[DB_SESSION_BY_HASH] =
	"SELECT " COLS " FROM sessions WHERE hash = ?1",
	[DB_SESSION_TOUCH] =
	"UPDATE sessions SET seen = ?2 WHERE id = ?1",
	[DB_SESSION_DELETE] =
	"DELETE FROM sessions WHERE id = ?1 AND user_id = ?2",
	[DB_SESSION_DELETE_USER] =
	"DELETE FROM sessions WHERE user_id = ?1",
	[DB_SESSION_LIST_USER] =
	"SELECT " COLS " FROM sessions WHERE user_id = ?1 ORDER BY seen DESC",
	[DB_SESSION_PRUNE] =
	"DELETE FROM sessions WHERE seen < ?1 OR created < ?2",
	[DB_SESSION_DELETE_OTHERS] =
	"DELETE FROM sessions WHERE user_id = ?1 AND id != ?2",
};
const int db_session_n = DB_SESSION__MAX;

static void
row(struct arena *a, sqlite3_stmt *st, struct session_row *s)
{
	const void	*csrf;

	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	s->user_id = sqlite3_column_int64(st, 1);
	csrf = sqlite3_column_blob(st, 2);
	if (csrf != NULL && sqlite3_column_bytes(st, 2) == 32)
		memcpy(s->csrf, csrf, 32);
	s->created = sqlite3_column_int64(st, 3);
	s->seen = sqlite3_column_int64(st, 4);
	s->addr = db_col_text(a, st, 5);
	s->agent = db_col_text(a, st, 6);
}

int64_t
db_session_insert(struct db *db, const unsigned char hash[32],
    int64_t user_id, const unsigned char csrf[32], int64_t now,
    const char *addr, const char *agent)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_INSERT)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	db_bind_int(st, 2, user_id);
	sqlite3_bind_blob(st, 3, csrf, 32, SQLITE_STATIC);
	db_bind_int(st, 4, now);
	db_bind_text(st, 5, addr);
	db_bind_text(st, 6, agent);
	if (db_step_write(db, st, "new session") == -1)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

int
db_session_by_hash(struct db *db, struct arena *a,
    const unsigned char hash[32], struct session_row *s)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_BY_HASH)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(a, st, s);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "session");
	return -1;
}

int
db_session_touch(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_TOUCH)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return db_step_write(db, st, "touch session") == -1 ? -1 : 0;
}

int
db_session_delete(struct db *db, int64_t id, int64_t user_id)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_DELETE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	return db_step_write(db, st, "delete session") == -1 ? -1 : 0;
}

int
db_session_delete_user(struct db *db, int64_t user_id)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_DELETE_USER)) == NULL)
		return -1;
	db_bind_int(st, 1, user_id);
	return db_step_write(db, st, "delete sessions") == -1 ? -1 : 0;
}

static void
row_v(struct arena *a, sqlite3_stmt *st, void *s)
{
	row(a, st, s);
}

int
db_session_list(struct db *db, struct arena *a, int64_t user_id,
    struct session_row **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_LIST_USER)) != NULL)
		db_bind_int(st, 1, user_id);
	return db_rows(db, a, st, sizeof(**out), 8, row_v, (void **)out, n,
	    "sessions");
}

int
db_session_prune(struct db *db, int64_t idle_before, int64_t born_before)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_PRUNE)) == NULL)
		return -1;
	db_bind_int(st, 1, idle_before);
	db_bind_int(st, 2, born_before);
	return db_step_write(db, st, "prune sessions") == -1 ? -1 : 0;
}

int
db_session_delete_others(struct db *db, int64_t user_id, int64_t keep)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SESSION, DB_SESSION_DELETE_OTHERS)) == NULL)
		return -1;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, keep);
	return db_step_write(db, st, "delete other sessions") == -1 ? -1 : 0;
}
