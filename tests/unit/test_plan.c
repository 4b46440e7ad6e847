/*
 * test_plan.c: EXPLAIN QUERY PLAN of every named statement: none scans a
 * table row by row unless it is listed below with the reason (a whole
 * export, the CLI's full list, a tiny table).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "db_post.h"

static const struct {
	const char	*family;
	const char	*sql_start;	/* the statement's first characters */
	const char	*why;
} allowed[] = {
	{ "setting", "SELECT key, value FROM settings", "all settings, a few rows" },
	{ "user", "SELECT login FROM users WHERE role", "users: a few rows" },
	{ "user", "SELECT count(*) FROM users WHERE role", "users: a few rows" },
	{ "post", "SELECT p.id, p.type, p.status, p.slug, p.title, p.published "
	    "FROM posts p ORDER BY", "quire post list: every post" },
	{ "tag", "SELECT t.id, t.name, t.slug, t.description, t.post_count "
	    "FROM tags t WHERE t.post_count > 0", "/tags/ and the sidebar: "
	    "every tag (hundreds at most)" },
	{ "session", "DELETE FROM sessions WHERE seen", "pruning at login" },
	{ "admin", "SELECT p.id, p.type", "the admin's posts list: title LIKE "
	    "search and status filters, paged" },
	{ "admin", "SELECT count(*) FROM posts p WHERE", "its count" },
	{ "admin", "SELECT t.id, t.name, t.slug, t.post_count", "the admin's "
	    "list of every tag" },
	{ "comment", "INSERT INTO comments (id, path", "site_state: its one "
	    "row (the largest comment id ever given)" },
	{ "import", "", "export and import read and write whole tables" },
	{ "privacy", "SELECT id, addr, agent FROM sessions", "sessions: a few "
	    "rows (the blog's authors), every 10 minutes" },
	{ "privacy", "SELECT id, login, name, email, role", "users: a few rows" },
	{ "media", "SELECT v.file FROM media_variants", "quire backup: "
	    "every photo's and imported file's file" },
	{ "privacy", "SELECT comment_id, created, stopped FROM mail_watch",
	    "quire comments export --email: one person's subscriptions, "
	    "by hand" },
	{ "media", "SELECT m.id, m.width, m.height", "quire media list: every "
	    "photo" },
	{ "appearance", "SELECT m.id, m.kind", "the menu: every item (tens)" },
	{ "appearance", "DELETE FROM menu_items", "the menu, replaced whole" },
	{ "appearance", "SELECT kind, position, enabled", "the sidebar: its "
	    "six blocks" },
	{ "mail", "SELECT id, kind, comment_id FROM mail_events", "the "
	    "oldest events in rowid order, LIMIT: a few rows read" },
	{ "mail", "SELECT id, name, email, role FROM users", "users: a few "
	    "rows" },
	{ "mention", "SELECT EXISTS (SELECT 1 FROM mention_queue", "the "
	    "keeper's check once a second: queues that are empty or nearly, "
	    "read to their first row" },
	{ "mention", "SELECT post_id, token FROM mention_todo", "the first row of "
	    "a queue that is empty or nearly (by its primary key)" },
	{ "revision", "SELECT id, password FROM posts", "the JSON export: "
	    "every protected post" },
	{ "post", "SELECT fts5(?1)", "no table: the FTS5 extension's entry "
	    "points, once a connection" },
	{ NULL, NULL, NULL }
};

static const char *
why_allowed(const char *family, const char *sql)
{
	int	 i;

	for (i = 0; allowed[i].family != NULL; i++)
		if (strcmp(allowed[i].family, family) == 0 &&
		    strncmp(sql, allowed[i].sql_start,
		    strlen(allowed[i].sql_start)) == 0)
			return allowed[i].why;
	return NULL;
}

int
main(void)
{
	struct check	 c = { 0 };
	struct db	 db;
	sqlite3_stmt	*st;
	char		 path[] = "/tmp/quire-test-plan-XXXXXX", err[512];
	char		*q;
	const char	*detail, *why;
	int		 fd, f, i, scans;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	if (db_open(&db, path, 1, err, sizeof(err)) == -1 ||
	    db_migrate(&db, err, sizeof(err)) == -1) {
		printf("fail 1 - %s\n0 passed, 1 failed\n", err);
		return 1;
	}
	/* The search's ranking function, as before its first search. */
	CHECK(&c, db_post_search_init(&db) == 0, "quire_rank registered");
	for (f = 0; f < DBF__MAX; f++)
		for (i = 0; i < db_family_count(f); i++) {
			if ((q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s",
			    db_families[f].sql[i])) == NULL)
				abort();
			if (sqlite3_prepare_v2(db.h, q, -1, &st, NULL) !=
			    SQLITE_OK) {
				CHECK(&c, 0, "%s %d: %s", db_families[f].name,
				    i, sqlite3_errmsg(db.h));
				sqlite3_free(q);
				continue;
			}
			scans = 0;
			while (sqlite3_step(st) == SQLITE_ROW) {
				detail = (const char *)sqlite3_column_text(st, 3);
				/* "SCAN t" is a full scan; "SCAN t USING
				   (COVERING) INDEX" walks an index in order. */
				if (detail != NULL &&
				    strncmp(detail, "SCAN ", 5) == 0 &&
				    strstr(detail, " USING ") == NULL &&
				    strstr(detail, "VIRTUAL TABLE") == NULL) {
					why = why_allowed(db_families[f].name,
					    db_families[f].sql[i]);
					CHECK(&c, why != NULL, "%s %d: %s%s%s (%.60s)",
					    db_families[f].name, i, detail,
					    why ? ": allowed, " : "",
					    why ? why : "", db_families[f].sql[i]);
					scans++;
				}
			}
			if (scans == 0)
				CHECK(&c, 1, "%s %d: no table scan",
				    db_families[f].name, i);
			sqlite3_finalize(st);
			sqlite3_free(q);
		}
	db_close(&db);
	check_rm_db(path);
	return check_done(&c);
}
