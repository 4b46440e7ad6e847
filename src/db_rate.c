/* db_rate.c: fixed-window rate counters (comments, logins). */
#include "db.h"
#include "db_rate.h"

const char *const db_rate_sql[DB_RATE__MAX] = {
	[DB_RATE_GET] =
	"SELECT count FROM rate_limits WHERE key = ?1 AND window = ?2",
	[DB_RATE_HIT] =
	"INSERT INTO rate_limits (key, window, count) VALUES (?1, ?2, 1) "
	"ON CONFLICT (key, window) DO UPDATE SET count = count + 1",
	[DB_RATE_PRUNE] =
	"DELETE FROM rate_limits WHERE window < ?1",
};
const int db_rate_n = DB_RATE__MAX;

int64_t
db_rate_count(struct db *db, const char *key, int64_t now, int window)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_RATE, DB_RATE_GET)) != NULL) {
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, now - now % window);
	}
	return db_step_int(db, st, &v, "rate count") == -1 ? -1 : v;
}

int
db_rate_hit(struct db *db, const char *key, int64_t now, int window)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_RATE, DB_RATE_HIT)) == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, now - now % window);
	if (db_step_write(db, st, "rate hit") == -1)
		return -1;
	/* Old windows are useless; drop them now and then. */
	if (now % 16 == 0 && (st = db_stmt(db, DBF_RATE, DB_RATE_PRUNE))
	    != NULL) {
		db_bind_int(st, 1, now - 86400);
		(void)sqlite3_step(st);
		db_done(st);
	}
	return 0;
}
