/* test_sql.c: the schema migrates, and every named statement prepares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "db_post.h"

/* The single integer a query answers, or -1. */
static int64_t
count_rows(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t
sync_level(struct db *db)
{
	return count_rows(db, "PRAGMA synchronous");
}

int
main(void)
{
	struct check	 c = { 0 };
	struct db	 db;
	char		 path[] = "/tmp/quire-test-sql-XXXXXX", err[1024];
	int		 fd, n;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	CHECK(&c, db_open(&db, path, 1, err, sizeof(err)) == 0, "db_open: %s",
	    err);
	CHECK(&c, db_version(&db) == 0, "a new database has version 0");
	n = db_migrate(&db, err, sizeof(err));
	CHECK(&c, n == db_version_latest(), "migrate applies %d files (%s)", n,
	    n < 0 ? err : "ok");
	CHECK(&c, db_version(&db) == db_version_latest(),
	    "user_version is the latest (%d)", db_version(&db));
	CHECK(&c, db_migrate(&db, err, sizeof(err)) == 0,
	    "migrating again applies nothing");
	{
		int	 f, i, holes = 0;

		/* Designated initializers: a statement the enum names but the
		   table forgot would be NULL. */
		for (f = 0; f < DBF__MAX; f++)
			for (i = 0; i < db_family_count(f); i++)
				if (db_families[f].sql[i] == NULL) {
					printf("# %s %d has no SQL\n",
					    db_families[f].name, i);
					holes++;
				}
		CHECK(&c, holes == 0, "every named statement has its SQL");
	}
	/* The search's ranking function, as before its first search. */
	CHECK(&c, db_post_search_init(&db) == 0, "quire_rank registered");
	CHECK(&c, db_prepare_all(&db, err, sizeof(err)) == 0,
	    "every statement prepares against the schema%s%s",
	    err[0] ? ": " : "", err[0] ? err : "");
	CHECK(&c, strcmp(sql_files[0].name, "schema.sql") == 0,
	    "schema.sql is embedded first");
	CHECK(&c, db_exec(&db, "PRAGMA foreign_key_check") == 0,
	    "foreign keys hold");
	{
		int64_t	 v = -1;

		/* Group commit: the row is there after db_commit_grouped,
		   gone after a rollback, and the connection is back to
		   synchronous=FULL (2) either way. */
		CHECK(&c, db_begin_grouped(&db) == 0 && db_exec(&db,
		    "INSERT INTO settings (key, value) VALUES ('gc', '1')")
		    == 0 && db_commit_grouped(&db) == 0,
		    "a grouped transaction commits and its WAL is flushed");
		CHECK(&c, sync_level(&db) == 2, "synchronous is FULL after it");
		CHECK(&c, db_begin_grouped(&db) == 0 && db_exec(&db,
		    "DELETE FROM settings WHERE key = 'gc'") == 0,
		    "a second grouped transaction begins");
		db_rollback(&db);
		CHECK(&c, sync_level(&db) == 2,
		    "synchronous is FULL after a rollback too");
		v = count_rows(&db, "SELECT count(*) FROM settings "
		    "WHERE key = 'gc'");
		CHECK(&c, v == 1, "the committed row stayed, the rolled-back "
		    "delete did not happen (%lld)", (long long)v);
	}
	db_close(&db);
	check_rm_db(path);
	return check_done(&c);
}
