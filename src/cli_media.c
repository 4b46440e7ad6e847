/* cli_media.c: `quire media add' and `quire media list'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "db_media.h"
#include "media.h"
#include "site.h"
#include "utf8.h"

/* The media directory: --media, else "media" beside the database. */
static char *
media_dir(const struct cli *c)
{
	const char	*d;

	if ((d = cli_get(c, "media")) != NULL)
		return strdup(d);
	return media_dir_default(cli_db(c));
}

/* Store one file; prints its URL. 0, or 1 after saying why not. */
static int
add_one(struct db *db, struct arena *a, struct media_opts *o,
    const char *path)
{
	struct buf	 b = { 0 };
	struct media	 m;
	const char	*base, *url;
	char		 err[512];
	int		 status, rc = 1;

	if (media_read_file(path, o->max_bytes, &b, &status, err,
	    sizeof(err)) == -1) {
		cli_fail("media add", "%s: %s", path, err);
		goto out;
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	o->original_name = utf8_valid(base, strlen(base)) ? base : "";
	o->now = (int64_t)time(NULL);
	if (media_store(db, a, o, b.p ? b.p : "", b.len, &m, &status, err,
	    sizeof(err)) == -1) {
		cli_fail("media add", "%s: %s", path, err);
		goto out;
	}
	if ((url = media_url(a, &m)) == NULL) {
		cli_fail("media add", "%s: photo %lld has no files", path,
		    (long long)m.id);
		goto out;
	}
	printf("%s\n", url);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

static int
media_add(int argc, char *argv[])
{
	struct cli		 c = { "media add",
	    "usage: quire media add [--alt TEXT] [--media DIR] [--db FILE] "
	    "FILE...\n"
	    "Store photos (JPEG, PNG, WebP, GIF, HEIC, AVIF; at most 25 MiB\n"
	    "and 100 megapixels): each is turned upright, converted to sRGB\n"
	    "and stored without metadata in widths from 480 to 2400 px, as\n"
	    "WebP and JPEG (PNG with transparency; an animation as WebP and\n"
	    "GIF). Prints each photo's URL path, /media/..., its widest JPEG\n"
	    "(PNG, GIF), to use in Markdown: ![alt text](/media/...).\n"
	    "The same file stored again prints the same URL.\n"
	    "  --alt TEXT   the alt text of the photos\n"
	    "  --media DIR  the media directory (default: media/ beside the\n"
	    "               database file)\n",
	    { { "db", 0, NULL }, { "alt", 0, NULL }, { "media", 0, NULL } },
	    { 0 }, 0 };
	struct db		 db;
	struct site		 site = { 0 };
	struct arena		 a = { 0 };
	struct media_opts	 o = { 0 };
	char			*dir = NULL;
	int			 rc, i, failed = 0;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos == 0)
		return cli_usage(&c, "no FILE given");
	o.alt = cli_get(&c, "alt");
	if (o.alt != NULL && !utf8_valid(o.alt, strlen(o.alt)))
		return cli_usage(&c, "--alt is not UTF-8 text");
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	o.dir = dir = media_dir(&c);
	o.max_bytes = (size_t)site.media_max_bytes;
	if (media_init() == -1)
		goto out;
	if (media_recover(&db, o.dir) == -1)
		fprintf(stderr, "quire: media: %s: cannot clean up after an "
		    "earlier store\n", o.dir);
	for (i = 0; i < c.npos; i++) {
		failed |= add_one(&db, &a, &o, c.pos[i]);
		arena_reset(&a);
	}
	media_shutdown();
	rc = failed;
out:
	free(dir);
	arena_free(&a);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}

static int
media_list(int argc, char *argv[])
{
	struct cli	 c = { "media list",
	    "usage: quire media list [--db FILE]\n"
	    "Print every photo: id, size (WIDTHxHEIGHT), bytes as uploaded,\n"
	    "the ids of the posts that show it (comma-separated, or -) and\n"
	    "its URL path, separated by tabs, oldest first.\n",
	    { { "db", 0, NULL }, { "media", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct arena	 a = { 0 };
	struct media	 m;
	sqlite3_stmt	*st;
	const char	*used, *url;
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	rc = 1;
	if (cli_open_db(&db, NULL, cli_db(&c)) != 0)
		goto out;
	if ((st = db_stmt(&db, DBF_MEDIA, DB_MEDIA_LIST)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		used = (const char *)sqlite3_column_text(st, 4);
		memset(&m, 0, sizeof(m));
		printf("%lld\t%dx%d\t%lld\t%s\t",
		    (long long)sqlite3_column_int64(st, 0),
		    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
		    (long long)sqlite3_column_int64(st, 3),
		    used != NULL ? used : "-");
		/* Another statement: the list's row stays where it is. */
		url = db_media_get(&db, &a, sqlite3_column_int64(st, 0),
		    &m) == 1 ? media_url(&a, &m) : NULL;
		printf("%s\n", url != NULL ? url : "-");
		arena_reset(&a);
	}
	db_done(st);
	rc = rc == SQLITE_DONE ? 0 : cli_fail("media list", "%s",
	    sqlite3_errmsg(db.h));
out:
	arena_free(&a);
	cli_close_db(&db);
	return rc;
}

/* quire media add|list ... */
int
cli_media(int argc, char *argv[])
{
	if (argc > 0 && strcmp(argv[0], "add") == 0)
		return media_add(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "list") == 0)
		return media_list(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "--help") == 0) {
		printf("usage: quire media add|list [OPTIONS]\n");
		return 0;
	}
	fprintf(stderr, "usage: quire media add|list [OPTIONS] "
	    "(quire media add --help)\n");
	return 2;
}
