/* test_sql.c: the schema migrates, and every named statement prepares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "db_post.h"

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
	db_close(&db);
	check_rm_db(path);
	return check_done(&c);
}
