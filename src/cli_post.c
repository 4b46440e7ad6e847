/* cli_post.c: `quire post add' and `quire post list'. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "date.h"
#include "db.h"
#include "db_post.h"
#include "db_user.h"
#include "model.h"
#include "post.h"
#include "postfile.h"
#include "site.h"
#include "url.h"

#define FILE_MAX	(4 * 1024 * 1024)

static int
post_add(int argc, char *argv[])
{
	struct cli		 c = { "post add",
	    "usage: quire post add [--author LOGIN] [--db FILE] FILE.md\n"
	    "Add a post or page from a Markdown file (- for stdin) that starts\n"
	    "with a header block of 'key: value' lines and a blank line (or a\n"
	    "block fenced by '---' lines):\n"
	    "  title:   the title (required)\n"
	    "  slug:    the URL name (default: made from the title)\n"
	    "  tags:    comma-separated tag names\n"
	    "  date:    ISO 8601, 2024-05-01T10:00:00Z, or a local time\n"
	    "           (2024-05-01 10:00) in the site's time zone\n"
	    "  status:  draft | published (default) | scheduled\n"
	    "  type:    post (default) | page\n"
	    "  excerpt: a short summary; comments: open | closed\n"
	    "The author defaults to the first admin. Prints the URL.\n",
	    { { "db", 0, NULL }, { "author", 0, NULL } }, { 0 }, 0 };
	struct db		 db;
	struct site		 site = { 0 };
	struct arena		 a = { 0 };
	struct buf		 text = { 0 };
	struct postfile		 pf;
	struct post_input	 in = { 0 };
	struct post		 p;
	struct user		 u;
	const char		*login;
	char			 err[512], warn[256];
	int64_t			 id, now = (int64_t)time(NULL);
	int			 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos != 1)
		return cli_usage(&c, "one FILE.md is needed");
	if (cli_slurp(c.pos[0], &text, FILE_MAX) != 0) {
		buf_free(&text);
		return 1;
	}
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	if (postfile_parse(&a, buf_str(&text), text.len, &pf, warn,
	    sizeof(warn), err, sizeof(err)) == -1) {
		cli_fail(c.pos[0], "%s", err);
		goto out;
	}
	if (warn[0] != '\0')
		fprintf(stderr, "quire: %s: %s\n", c.pos[0], warn);
	if (pf.title == NULL || *pf.title == '\0') {
		cli_fail(c.pos[0], "no title: add a 'title:' line to the "
		    "header");
		goto out;
	}
	if ((login = cli_get(&c, "author")) == NULL &&
	    (login = db_user_first_admin(&db, &a)) == NULL) {
		cli_fail("post add", "no users yet: add one with 'quire user "
		    "add --role admin' or name one with --author");
		goto out;
	}
	if ((rc = db_user_by_login(&db, &a, login, &u)) != 1) {
		if (rc == 0)
			cli_fail(login, "no such user");
		rc = 1;
		goto out;
	}
	rc = 1;
	in.title = pf.title;
	in.slug = pf.slug;
	in.tags = pf.tags;
	in.type = pf.type;
	in.excerpt = pf.excerpt;
	in.body_md = pf.body;
	in.author_id = u.id;
	in.comments_open = pf.comments == NULL ||
	    strcmp(pf.comments, "closed") != 0;
	in.status = pf.status;
	if (pf.date != NULL && date_parse_iso(pf.date, &in.published) == -1) {
		cli_fail(c.pos[0], "date: '%s' is not an ISO 8601 date "
		    "(2024-05-01T10:00:00Z or 2024-05-01 10:00)", pf.date);
		goto out;
	}
	if (in.status != NULL && strcmp(in.status, "scheduled") == 0 &&
	    pf.date == NULL) {
		cli_fail(c.pos[0], "status: scheduled needs a date: line");
		goto out;
	}
	if (in.status != NULL && strcmp(in.status, "draft") != 0 &&
	    strcmp(in.status, "published") != 0 &&
	    strcmp(in.status, "scheduled") != 0) {
		cli_fail(c.pos[0], "status: '%s' is not draft, published or "
		    "scheduled", in.status);
		goto out;
	}
	/* BEGIN IMMEDIATE: post_save's savepoint alone would start a
	   deferred transaction, which fails at once (no busy wait) when
	   another process (quire serve's keeper sending mail) commits
	   between its reads and its first write. */
	if (db_begin(&db) == -1) {
		cli_fail(c.pos[0], "database: %s", sqlite3_errmsg(db.h));
		goto out;
	}
	if ((id = post_save(&db, &a, &in, now, err, sizeof(err))) == -1) {
		db_rollback(&db);
		cli_fail(c.pos[0], "%s", err);
		goto out;
	}
	if (db_commit(&db) == -1) {
		cli_fail(c.pos[0], "database: %s", sqlite3_errmsg(db.h));
		goto out;
	}
	if (db_post_by_id(&db, &a, id, 0, &p) != 1) {
		cli_fail("post add", "cannot read back post %lld",
		    (long long)id);
		goto out;
	}
	printf("%s%s\n", site.base_url, url_post_a(&a, &p));
	if (strcmp(p.status, "published") != 0)
		fprintf(stderr, "quire: post %lld is %s, not yet public\n",
		    (long long)id, p.status);
	rc = 0;
out:
	buf_free(&text);
	arena_free(&a);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}

static int
post_list(int argc, char *argv[])
{
	struct cli	 c = { "post list",
	    "usage: quire post list [--db FILE]\n"
	    "Print id, status, date (ISO 8601, UTC) and URL of every post and\n"
	    "page, newest first, separated by tabs.\n",
	    { { "db", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct site	 site = { 0 };
	struct arena	 a = { 0 };
	struct buf	 b = { 0 };
	struct post	 p = { 0 };
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	if ((st = db_stmt(&db, DBF_POST, DB_POST_ALL)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p.id = sqlite3_column_int64(st, 0);
		p.type = (const char *)sqlite3_column_text(st, 1);
		p.status = (const char *)sqlite3_column_text(st, 2);
		p.slug = (const char *)sqlite3_column_text(st, 3);
		p.published = sqlite3_column_int64(st, 5);
		buf_reset(&b);
		date_fmt_iso(&b, p.published);
		printf("%lld\t%s\t%s\t%s", (long long)p.id, p.status,
		    buf_str(&b), site.base_url);
		buf_reset(&b);
		url_post(&b, p.type, p.slug, p.published);
		printf("%s\n", buf_str(&b));
	}
	db_done(st);
	rc = rc == SQLITE_DONE ? 0 : cli_fail("post list", "%s",
	    sqlite3_errmsg(db.h));
out:
	buf_free(&b);
	arena_free(&a);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}

/* quire post add|list ... */
int
cli_post(int argc, char *argv[])
{
	if (argc > 0 && strcmp(argv[0], "add") == 0)
		return post_add(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "list") == 0)
		return post_list(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "--help") == 0) {
		printf("usage: quire post add|list [OPTIONS]\n");
		return 0;
	}
	fprintf(stderr, "usage: quire post add|list [OPTIONS] "
	    "(quire post add --help)\n");
	return 2;
}
