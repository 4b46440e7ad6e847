/* db_setting.c: statements on the settings table, and typed reads and
   writes of it. */
#include "db.h"
#include "db_setting.h"

const char *const db_setting_sql[DB_SETTING__MAX] = {
	[DB_SETTING_ALL] =
	"SELECT key, value FROM settings",
	[DB_SETTING_GET] =
	"SELECT value FROM settings WHERE key = ?1",
	[DB_SETTING_PUT] =
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* DB_SETTING_CHANGED: the change clock first (pagedir.c reads
	   only it), then the real time it last moved */
	[DB_SETTING_CHANGED] =
	"SELECT changed, changed_at FROM site_state WHERE id = 1",
	[DB_SETTING_PAGES] =
	"SELECT pages FROM site_state WHERE id = 1",
	[DB_SETTING_PAGES_SET] =
	"UPDATE site_state SET pages = ?1 WHERE id = 1",
};
const int db_setting_n = DB_SETTING__MAX;

static void
row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct setting	*s = item;

	s->key = db_col_text(a, st, 0);
	s->value = db_col_text(a, st, 1);
}

int
db_setting_all(struct db *db, struct arena *a, struct setting **out, int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_SETTING, DB_SETTING_ALL),
	    sizeof(**out), 32, row, (void **)out, n, "settings");
}

int
db_setting_get(struct db *db, struct arena *a, const char *key,
    const char **value)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_SETTING, DB_SETTING_GET)) == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*value = db_col_text(a, st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "settings");
	return -1;
}

int
db_setting_put(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SETTING, DB_SETTING_PUT)) == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_step_write(db, st, "setting") == -1 ? -1 : 0;
}

int
db_setting_changed(struct db *db, int64_t *changed, int64_t *at)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_SETTING, DB_SETTING_CHANGED)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*changed = sqlite3_column_int64(st, 0);
		*at = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "site state");
	return -1;
}
