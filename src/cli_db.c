/* cli_db.c: `quire init' and `quire migrate'. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "site.h"

/* quire init --title TEXT --base-url URL [--timezone ZONE] [--db FILE] */
int
cli_init(int argc, char *argv[])
{
	struct cli	 c = { "init",
	    "usage: quire init --title TEXT --base-url URL [--timezone ZONE] "
	    "[--db FILE]\n"
	    "Create the database, apply the schema, store the title, base URL\n"
	    "and time zone (default UTC), and make the site's secret key.\n",
	    { { "db", 0, NULL }, { "title", 0, NULL },
	      { "base-url", 0, NULL }, { "timezone", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	const char	*path, *title, *url, *tz;
	char		 err[512];
	int		 rc = 1;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	rc = 1;
	path = cli_db(&c);
	title = cli_get(&c, "title");
	url = cli_get(&c, "base-url");
	tz = cli_get(&c, "timezone");
	if (title == NULL || url == NULL || c.npos > 0)
		return cli_usage(&c, "--title and --base-url are required");
	if (access(path, F_OK) == 0) {
		if (db_open(&db, path, 0, err, sizeof(err)) == 0 &&
		    db_version(&db) > 0) {
			db_close(&db);
			return cli_fail(path, "already initialised (use "
			    "'quire migrate' to upgrade it)");
		}
		db_close(&db);
	}
	if (db_open(&db, path, 1, err, sizeof(err)) == -1) {
		cli_fail("init", "%s", err);
		goto out;
	}
	if (db_migrate(&db, err, sizeof(err)) == -1) {
		cli_fail("init", "%s", err);
		goto out;
	}
	if (site_set(&db, "title", title, err, sizeof(err)) == -1 ||
	    site_set(&db, "base_url", url, err, sizeof(err)) == -1 ||
	    (tz != NULL && site_set(&db, "timezone", tz, err, sizeof(err))
	    == -1)) {
		cli_fail("init", "%s", err);
		unlink(path);
		goto out;
	}
	if (site_make_key(&db) == -1) {
		cli_fail("init", "cannot store the secret key: %s",
		    sqlite3_errmsg(db.h));
		goto out;
	}
	printf("created %s (schema version %d)\n", path, db_version(&db));
	rc = 0;
out:
	db_close(&db);
	return rc;
}

/* quire migrate [--db FILE] */
int
cli_migrate(int argc, char *argv[])
{
	struct cli	 c = { "migrate",
	    "usage: quire migrate [--db FILE]\n"
	    "Apply the schema migrations this quire has and the database\n"
	    "lacks, each in its own transaction. Back up first (quire backup).\n",
	    { { "db", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	char		 err[512];
	int		 rc, n;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	if (access(cli_db(&c), F_OK) != 0)
		return cli_fail(cli_db(&c), "no such database (create it with "
		    "'quire init')");
	rc = 1;
	if (db_open(&db, cli_db(&c), 0, err, sizeof(err)) == -1) {
		cli_fail("migrate", "%s", err);
		goto out;
	}
	if ((n = db_migrate(&db, err, sizeof(err))) == -1) {
		cli_fail("migrate", "%s", err);
		goto out;
	}
	printf("%s: %d migration%s applied; schema version %d\n", cli_db(&c),
	    n, n == 1 ? "" : "s", db_version(&db));
	rc = 0;
out:
	db_close(&db);
	return rc;
}
