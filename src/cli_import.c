/* cli_import.c: `quire import', `quire export' and `quire backup'. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "db_media.h"
#include "export.h"
#include "import.h"
#include "media.h"
#include "media_copy.h"
#include "site.h"

#define JSON_MAX	(2048L * 1024 * 1024)	/* bytes of a JSON export */
#define BACKUP_PAGES	32	/* pages copied per step */
#define BACKUP_SLEEP	1	/* milliseconds between steps */

/* The media directory: --media, else "media" beside the database. */
static char *
media_dir(const struct cli *c)
{
	const char	*d;

	if ((d = cli_get(c, "media")) != NULL)
		return strdup(d);
	return media_dir_default(cli_db(c));
}

/* quire import --format wxr|json [--uploads DIR] [--media DIR] [--db FILE]
   FILE */
int
cli_import(int argc, char *argv[])
{
	struct cli		 c = { "import",
	    "usage: quire import --format wxr|json [--uploads DIR] "
	    "[--media DIR] [--db FILE] FILE\n"
	    "Import a WordPress export (WXR 1.0-1.2, from Tools > Export) or\n"
	    "quire's own JSON export (- reads stdin), all in one transaction:\n"
	    "nothing is imported if anything fails.\n"
	    "  wxr:  posts, pages, tags and categories, comments with their\n"
	    "        threads, pingbacks, authors (as users without a password),\n"
	    "        and a 301 from every old permalink. Importing the same\n"
	    "        file again adds only what is new. Menus and other content\n"
	    "        types are skipped; the summary says so.\n"
	    "  json: everything 'quire export --format json' wrote, into a\n"
	    "        database without posts, comments, tags or redirects.\n"
	    "        Its photos' files must be in the media directory first\n"
	    "        (copy the old one, or a backup's DEST.media, there):\n"
	    "        a file missing fails the import, naming it.\n"
	    "  --uploads DIR  (wxr) a copy of the old site's wp-content/uploads:\n"
	    "        each attachment's file is stored first, one at a time (a\n"
	    "        photo in the widths quire serves, without metadata; a PDF\n"
	    "        or other file as it is), then the posts point to them:\n"
	    "        <img>, srcset, links, [gallery] (a grid), block-editor\n"
	    "        images, galleries and covers, featured images. Every old\n"
	    "        /wp-content/uploads/ URL, any size, answers 301 to its\n"
	    "        photo. Files missing from DIR are named in the summary and\n"
	    "        their references left as they were. Run again (with the\n"
	    "        files found, or after an interrupted run) it adds what is\n"
	    "        missing, also to posts imported before.\n"
	    "  --media DIR    the media directory (default: media/ beside the\n"
	    "        database file)\n",
	    { { "db", 0, NULL }, { "format", 0, NULL }, { "uploads", 0, NULL },
	      { "media", 0, NULL } }, { 0 }, 0 };
	struct import_uploads	 up = { 0 };
	struct stat		 sb;
	int			 vips = 0;
	struct db		 db;
	struct site		 site = { 0 };
	struct import_stats	 st;
	struct buf		 text = { 0 };
	const char		*fmt, *path;
	FILE			*f = NULL;
	char			 err[1024], *mdir = NULL;
	int			 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if ((fmt = cli_get(&c, "format")) == NULL ||
	    (strcmp(fmt, "wxr") != 0 && strcmp(fmt, "json") != 0))
		return cli_usage(&c, "--format wxr or --format json is needed");
	if (c.npos != 1)
		return cli_usage(&c, "one FILE is needed");
	path = c.pos[0];
	if ((up.dir = cli_get(&c, "uploads")) != NULL &&
	    (strcmp(fmt, "wxr") != 0 || strcmp(path, "-") == 0))
		return cli_usage(&c, "--uploads goes with --format wxr and a "
		    "FILE (not -)");
	if (up.dir != NULL && stat(up.dir, &sb) == -1)
		return cli_fail(up.dir, "%s", strerror(errno));
	if (up.dir != NULL && !S_ISDIR(sb.st_mode))
		return cli_fail(up.dir, "not a directory");
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	up.media = mdir = media_dir(&c);
	up.max_bytes = (size_t)site.media_max_bytes;
	if (up.dir != NULL && (vips = media_init() == 0) == 0)
		goto out;
	if (strcmp(fmt, "wxr") == 0) {
		if (strcmp(path, "-") == 0)
			f = stdin;
		else if ((f = fopen(path, "r")) == NULL) {
			cli_fail(path, "%s", strerror(errno));
			goto out;
		}
		if (import_wxr(&db, f, (int64_t)time(NULL), &up, &st, err,
		    sizeof(err)) == -1) {
			cli_fail(path, "%s", err);
			goto out;
		}
	} else {
		if (cli_slurp(path, &text, JSON_MAX) != 0)
			goto out;
		if (import_json(&db, mdir, text.p ? text.p : "", text.len, &st,
		    err, sizeof(err)) == -1) {
			cli_fail(path, "%s", err);
			goto out;
		}
	}
	import_summary(stdout, path, &st);
	rc = 0;
out:
	if (f != NULL && f != stdin)
		fclose(f);
	if (vips)
		media_shutdown();
	free(mdir);
	buf_free(&text);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}

/*
 * A new file at path for writing, that only its owner may read (mode
 * 0600 whatever the umask: an export holds password hashes and email
 * addresses). NULL with errno set if it exists or cannot be made.
 */
static FILE *
private_file(const char *path)
{
	FILE	*f;
	int	 fd, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600))
	    == -1)
		return NULL;
	if (fchmod(fd, 0600) == -1 || (f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(path);
		errno = e;
		return NULL;
	}
	return f;
}

/* quire export --format json|wxr [--db FILE] [FILE] */
int
cli_export(int argc, char *argv[])
{
	struct cli	 c = { "export",
	    "usage: quire export --format json|wxr [--db FILE] [FILE]\n"
	    "Write the whole blog to FILE (standard output without one):\n"
	    "  json: everything, lossless (docs/export-format.md): settings\n"
	    "        but the secret key, users without passwords, tags, photos\n"
	    "        (alt text, caption, owner, their files' names; the files\n"
	    "        stay in the media directory), posts with Markdown, HTML\n"
	    "        and featured photo, comments, redirects. 'quire import\n"
	    "        --format json' reads it into a new database.\n"
	    "  wxr:  a WordPress export (WXR 1.2) for WordPress's importer.\n"
	    "FILE is written whole or not at all (a temporary file, renamed).\n",
	    { { "db", 0, NULL }, { "format", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct site	 site = { 0 };
	struct buf	 tmp = { 0 };
	const char	*fmt, *path = NULL;
	FILE		*f = stdout;
	char		 err[512];
	int		 rc, r;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if ((fmt = cli_get(&c, "format")) == NULL ||
	    (strcmp(fmt, "wxr") != 0 && strcmp(fmt, "json") != 0))
		return cli_usage(&c, "--format json or --format wxr is needed");
	if (c.npos > 1)
		return cli_usage(&c, "at most one FILE");
	if (c.npos == 1 && strcmp(c.pos[0], "-") != 0)
		path = c.pos[0];
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	if (path != NULL) {
		buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
		if ((f = private_file(buf_str(&tmp))) == NULL) {
			cli_fail(buf_str(&tmp), "%s", strerror(errno));
			goto out;
		}
	}
	r = strcmp(fmt, "json") == 0 ? export_json(&db, f, err, sizeof(err)) :
	    export_wxr(&db, &site, f, err, sizeof(err));
	if (r == -1) {
		cli_fail("export", "%s", err);
		goto out;
	}
	if (fflush(f) != 0 || ferror(f) || (f != stdout && fsync(fileno(f)))) {
		cli_fail(path ? path : "export", "write error: %s",
		    strerror(errno));
		goto out;
	}
	if (path != NULL) {
		r = fclose(f);
		f = stdout;
		if (r != 0 || rename(buf_str(&tmp), path) == -1) {
			cli_fail(path, "%s", strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	if (f != stdout) {
		fclose(f);
		unlink(buf_str(&tmp));
	} else if (rc != 0 && path != NULL)
		unlink(buf_str(&tmp));
	buf_free(&tmp);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}

/*
 * Copy the database at db to the new file path with the online backup
 * API, a few pages a step with a pause between, inside one read
 * transaction on the source: the copy is a single snapshot, and in WAL
 * mode the server's writers are never blocked. The copy is switched to
 * a rollback journal, so it is one self-contained file. The media files
 * that snapshot names go into *files (arena), their count in *nfiles.
 * 0 or -1 (err).
 */
static int
copy(struct db *db, const char *path, struct arena *a, const char ***files,
    int *nfiles, char *err, size_t errsz)
{
	sqlite3		*to = NULL;
	sqlite3_backup	*bk;
	int		 rc;

	if (db_create_private(path, err, errsz) == -1)
		return -1;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path,
		    to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		return -1;
	}
	if (db_exec(db, "BEGIN") == -1 ||
	    db_exec(db, "SELECT count(*) FROM sqlite_schema") == -1) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if ((bk = sqlite3_backup_init(to, "main", db->h, "main")) == NULL) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(to));
		goto fail;
	}
	do {
		rc = sqlite3_backup_step(bk, BACKUP_PAGES);
		if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(BACKUP_SLEEP);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsz, "backup: %s", sqlite3_errstr(rc));
		goto fail;
	}
	if ((*nfiles = db_media_all_files(db, a, files)) == -1) {
		snprintf(err, errsz, "media files: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	db_rollback(db);
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, sqlite3_errmsg(to));
		goto fail;
	}
	if (sqlite3_close(to) != SQLITE_OK) {
		snprintf(err, errsz, "%s: close failed", path);
		return -1;
	}
	return 0;
fail:
	db_rollback(db);
	sqlite3_close(to);
	return -1;
}

/* PRAGMA integrity_check on the file at path: "ok", or its first
   complaint, into out. 0 if ok, -1 otherwise. */
static int
check(const char *path, char *out, size_t outsz)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*st;
	int		 rc = -1;

	snprintf(out, outsz, "cannot open it");
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(out, outsz, "%s", sqlite3_errmsg(h));
		goto out;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, outsz, "%s", sqlite3_column_text(st, 0));
		rc = strcmp(out, "ok") == 0 ? 0 : -1;
	} else
		snprintf(out, outsz, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
out:
	sqlite3_close(h);
	return rc;
}

/*
 * Move the finished copy tmp to dest: with force by rename(), else by
 * link() (which, unlike rename, refuses a dest made meanwhile), falling
 * back to rename() on file systems without hard links. 0 or -1 (errno).
 */
static int
put_in_place(const char *tmp, const char *dest, int force)
{
	if (!force) {
		if (link(tmp, dest) == 0)
			return unlink(tmp);
		if (errno == EEXIST)
			return -1;
		if (access(dest, F_OK) == 0) {
			errno = EEXIST;
			return -1;
		}
	}
	return rename(tmp, dest);
}

/* quire backup [--force] [--media DIR] [--db FILE] DEST */
int
cli_backup(int argc, char *argv[])
{
	struct cli	 c = { "backup",
	    "usage: quire backup [--force] [--media DIR] [--db FILE] DEST\n"
	    "Copy the database to DEST with SQLite's online backup, safe while\n"
	    "the server runs and writes, then check the copy (PRAGMA\n"
	    "integrity_check). DEST is one self-contained SQLite file; an\n"
	    "existing DEST is replaced only with --force.\n"
	    "The photos' files, and the files imported as they came (a PDF\n"
	    "from --uploads), that this copy names are copied into the\n"
	    "directory DEST.media, laid out as the media directory (ab/NAME):\n"
	    "files already there are kept (their names hold a content hash),\n"
	    "so a DEST.media kept from an earlier backup only gains the new\n"
	    "ones. DEST is put in place after every file is copied and synced.\n"
	    "To restore: stop the server, copy DEST to the database file and\n"
	    "DEST.media/ into the media directory (cp -a DEST.media/. DIR/).\n"
	    "  --media DIR  the media directory (default: media/ beside the\n"
	    "               database file)\n",
	    { { "db", 0, NULL }, { "force", 1, NULL }, { "media", 0, NULL } },
	    { 0 }, 0 };
	struct db	 db;
	struct site	 site = { 0 };
	struct arena	 a = { 0 };
	struct buf	 tmp = { 0 }, mdest = { 0 };
	const char	*dest, **files;
	char		 err[512], result[256], *mdir = NULL;
	int		 rc, force, nfiles, copied;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos != 1)
		return cli_usage(&c, "one DEST is needed");
	dest = c.pos[0];
	force = cli_get(&c, "force") != NULL;
	if (!force && access(dest, F_OK) == 0)
		return cli_fail(dest, "exists already (use --force to replace "
		    "it)");
	rc = 1;
	mdir = media_dir(&c);
	buf_printf(&mdest, "%s.media", dest);
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	buf_printf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
	if (copy(&db, buf_str(&tmp), &a, &files, &nfiles, err,
	    sizeof(err)) == -1) {
		cli_fail("backup", "%s", err);
		unlink(buf_str(&tmp));
		goto out;
	}
	if (media_copy_files(mdir, buf_str(&mdest), files, nfiles, &copied,
	    err, sizeof(err)) == -1) {
		cli_fail("backup", "%s (%s not written)", err, dest);
		unlink(buf_str(&tmp));
		goto out;
	}
	if (put_in_place(buf_str(&tmp), dest, force) == -1) {
		cli_fail(dest, "%s", strerror(errno));
		unlink(buf_str(&tmp));
		goto out;
	}
	if (check(dest, result, sizeof(result)) == -1) {
		cli_fail(dest, "integrity_check: %s", result);
		goto out;
	}
	printf("backed up %s to %s: integrity_check %s; %d media file%s in "
	    "%s (%d copied)\n", cli_db(&c), dest, result, nfiles,
	    nfiles == 1 ? "" : "s", buf_str(&mdest), copied);
	rc = 0;
out:
	free(mdir);
	arena_free(&a);
	buf_free(&tmp);
	buf_free(&mdest);
	site_free(&site);
	cli_close_db(&db);
	return rc;
}
