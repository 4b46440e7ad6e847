/* db_redirect.c: statements on redirects (old paths to new ones). */
#include "arena.h"
#include "db.h"
#include "db_redirect.h"
#include "url.h"

const char *const db_redirect_sql[DB_REDIRECT__MAX] = {
	[DB_REDIRECT_GET] =
	"SELECT new_path FROM redirects WHERE old_path = ?1",
	[DB_REDIRECT_PUT] =
	"INSERT INTO redirects (old_path, new_path, created) "
	"VALUES (?1, ?2, ?3) ON CONFLICT (old_path) DO UPDATE SET "
	"new_path = excluded.new_path, created = excluded.created",
};
const int db_redirect_n = DB_REDIRECT__MAX;

const char *
db_redirect_get(struct db *db, struct arena *a, const char *old_path)
{
	sqlite3_stmt	*st;
	const char	*to = NULL;

	if ((st = db_stmt(db, DBF_REDIRECT, DB_REDIRECT_GET)) == NULL)
		return NULL;
	db_bind_text(st, 1, old_path);
	if (sqlite3_step(st) == SQLITE_ROW)
		to = db_col_text(a, st, 0);
	db_done(st);
	/* However it got there, a Location never leads off the site. */
	if (to != NULL && !url_local_path(to))
		to = NULL;
	return to;
}

int
db_redirect_put(struct db *db, const char *old_path, const char *new_path,
    int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REDIRECT, DB_REDIRECT_PUT)) == NULL)
		return -1;
	db_bind_text(st, 1, old_path);
	db_bind_text(st, 2, new_path);
	db_bind_int(st, 3, now);
	if (db_step_write(db, st, "redirect") == -1)
		return -1;
	return 0;
}
