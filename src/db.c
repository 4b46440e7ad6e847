/* db.c: the SQLite connection, migrations and named prepared statements. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"

extern const char *const db_setting_sql[];
extern const int db_setting_n;
extern const char *const db_user_sql[];
extern const int db_user_n;
extern const char *const db_post_sql[];
extern const int db_post_n;
extern const char *const db_tag_sql[];
extern const int db_tag_n;
extern const char *const db_comment_sql[];
extern const int db_comment_n;
extern const char *const db_redirect_sql[];
extern const int db_redirect_n;
extern const char *const db_rate_sql[];
extern const int db_rate_n;
extern const char *const db_session_sql[];
extern const int db_session_n;
extern const char *const db_admin_sql[];
extern const int db_admin_n;
extern const char *const db_import_sql[];
extern const int db_import_n;
extern const char *const db_privacy_sql[];
extern const int db_privacy_n;
extern const char *const db_media_sql[];
extern const int db_media_n;
extern const char *const db_appearance_sql[];
extern const int db_appearance_n;
extern const char *const db_mail_sql[];
extern const int db_mail_n;
extern const char *const db_mention_sql[];
extern const int db_mention_n;
extern const char *const db_revision_sql[];
extern const int db_revision_n;

const struct db_family_def db_families[DBF__MAX] = {
	{ "setting", db_setting_sql },
	{ "user", db_user_sql },
	{ "post", db_post_sql },
	{ "tag", db_tag_sql },
	{ "comment", db_comment_sql },
	{ "redirect", db_redirect_sql },
	{ "rate", db_rate_sql },
	{ "session", db_session_sql },
	{ "admin", db_admin_sql },
	{ "import", db_import_sql },
	{ "privacy", db_privacy_sql },
	{ "media", db_media_sql },
	{ "appearance", db_appearance_sql },
	{ "mail", db_mail_sql },
	{ "mention", db_mention_sql },
	{ "revision", db_revision_sql },
};

int
db_family_count(enum db_family f)
{
	switch (f) {
	case DBF_SETTING:
		return db_setting_n;
	case DBF_USER:
		return db_user_n;
	case DBF_POST:
		return db_post_n;
	case DBF_TAG:
		return db_tag_n;
	case DBF_COMMENT:
		return db_comment_n;
	case DBF_REDIRECT:
		return db_redirect_n;
	case DBF_RATE:
		return db_rate_n;
	case DBF_SESSION:
		return db_session_n;
	case DBF_ADMIN:
		return db_admin_n;
	case DBF_IMPORT:
		return db_import_n;
	case DBF_PRIVACY:
		return db_privacy_n;
	case DBF_MEDIA:
		return db_media_n;
	case DBF_APPEARANCE:
		return db_appearance_n;
	case DBF_MAIL:
		return db_mail_n;
	case DBF_MENTION:
		return db_mention_n;
	case DBF_REVISION:
		return db_revision_n;
	default:
		return 0;
	}
}

void
db_log(struct db *db, const char *what)
{
	fprintf(stderr, "quire: db: %s: %s\n", what,
	    db->h ? sqlite3_errmsg(db->h) : "not open");
}

/*
 * How long a writer waits for another's lock before SQLITE_BUSY (and a
 * 503 that keeps the text): 5 s, or $QUIRE_BUSY_TIMEOUT_MS (0-600000),
 * which the tests of a locked database set to keep them short.
 */
static int
busy_timeout_ms(void)
{
	const char	*s;
	char		*end;
	long		 v;

	if ((s = getenv("QUIRE_BUSY_TIMEOUT_MS")) == NULL || *s == '\0')
		return 5000;
	v = strtol(s, &end, 10);
	return *end == '\0' && v >= 0 && v <= 600000 ? (int)v : 5000;
}

/*
 * Wait for another writer's lock in short steps (50 us, growing to 1 ms)
 * up to db->busy_ms: SQLite's own busy_timeout sleeps 1 to 100 ms at a
 * time, which makes two workers that take turns committing comments
 * mostly sleep.
 */
static int
busy_wait(void *arg, int count)
{
	struct db	*db = arg;
	struct timespec	 now, ts;
	long long	 ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		db->busy_start = now;
	ms = (now.tv_sec - db->busy_start.tv_sec) * 1000LL +
	    (now.tv_nsec - db->busy_start.tv_nsec) / 1000000;
	if (ms >= db->busy_ms)
		return 0;
	ts.tv_sec = 0;
	ts.tv_nsec = count < 20 ? 50000L * (count + 1) : 1000000L;
	nanosleep(&ts, NULL);
	return 1;
}

/* Is path on a read-only file system? (statvfs does not tell: a disk
   error may make the kernel refuse writes with the mount still "rw".) */
static int
read_only_fs(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDWR)) != -1) {
		close(fd);
		return 0;
	}
	return errno == EROFS;
}

/*
 * A WAL database on a read-only file system whose -shm file is gone
 * cannot be opened at all: SQLite can neither create that file nor map
 * it. With no -wal file either, every commit is in the main file, which
 * can then be read as immutable: pages are served, writes fail (503,
 * the text kept), and the worker restarts once the file is writable
 * again (serve.c). 0, or -1 if that is not the case.
 */
static int
open_immutable(struct db *db, const char *path)
{
	struct stat	 st;
	char		 wal[4096], uri[4096 * 3 + 32];
	size_t		 i, n;

	if (!read_only_fs(path) || (size_t)snprintf(wal, sizeof(wal),
	    "%s-wal", path) >= sizeof(wal) || (stat(wal, &st) == 0 &&
	    st.st_size > 0))
		return -1;
	n = (size_t)snprintf(uri, sizeof(uri), "file:");
	for (i = 0; path[i] != '\0'; i++)
		if (path[i] == '?' || path[i] == '#' || path[i] == '%')
			n += (size_t)snprintf(uri + n, sizeof(uri) - n,
			    "%%%02X", (unsigned char)path[i]);
		else
			uri[n++] = path[i];
	(void)snprintf(uri + n, sizeof(uri) - n, "?immutable=1");
	sqlite3_close(db->h);
	db->h = NULL;
	if (sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_extended_result_codes(db->h, 1) != SQLITE_OK ||
	    sqlite3_exec(db->h, "PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	fprintf(stderr, "quire: db: %s: read-only file system: opened "
	    "read-only, writes will fail\n", path);
	return 0;
}

int
db_create_private(const char *path, char *err, size_t errsz)
{
	int	 fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		goto fail;
	if (fchmod(fd, 0600) == -1) {
		close(fd);
		goto fail;
	}
	if (close(fd) == -1)
		goto fail;
	return 0;
fail:
	snprintf(err, errsz, "%s: %s", path, strerror(errno));
	return -1;
}

int
db_open(struct db *db, const char *path, int create, char *err, size_t errsz)
{
	int	 flags, i;

	memset(db, 0, sizeof(*db));
	db->path = path;
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create && db_create_private(path, err, errsz) == -1)
		return -1;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	db->busy_ms = busy_timeout_ms();
	sqlite3_busy_handler(db->h, busy_wait, db);
	if (sqlite3_exec(db->h, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;", NULL, NULL, NULL) != SQLITE_OK &&
	    (create || (sqlite3_errcode(db->h) & 0xff) != SQLITE_CANTOPEN ||
	    open_immutable(db, path) == -1)) {
		snprintf(err, errsz, "%s: %s%s", path, db->h ?
		    sqlite3_errmsg(db->h) : "out of memory", read_only_fs(path) ?
		    " (read-only file system)" : "");
		return -1;
	}
	for (i = 0; i < DBF__MAX; i++) {
		db->stmts[i] = calloc((size_t)db_family_count(i) + 1,
		    sizeof(sqlite3_stmt *));
		if (db->stmts[i] == NULL)
			abort();
	}
	return 0;
}

int
db_reopen(struct db *db, char *err, size_t errsz)
{
	struct db	 fresh;

	if (db_open(&fresh, db->path, 0, err, errsz) == -1) {
		db_close(&fresh);
		return -1;
	}
	db_close(db);
	*db = fresh;
	sqlite3_busy_handler(db->h, busy_wait, db);	/* it was &fresh */
	return 0;
}

void
db_close(struct db *db)
{
	int	 i, j;

	for (i = 0; i < DBF__MAX; i++) {
		if (db->stmts[i] == NULL)
			continue;
		for (j = 0; j < db_family_count(i); j++)
			sqlite3_finalize(db->stmts[i][j]);
		free(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->h != NULL)
		sqlite3_close(db->h);
	db->h = NULL;
}

int
db_version(struct db *db)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_version_latest(void)
{
	int	 n = 0;

	while (sql_files[n].name != NULL)
		n++;
	return n;
}

static int
apply(struct db *db, int version, const struct sql_file *f, char *err,
    size_t errsz)
{
	char	*msg = NULL;
	char	 pragma[64];

	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	if (sqlite3_exec(db->h, f->sql, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	(void)snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d",
	    version);
	if (sqlite3_exec(db->h, pragma, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errsz, "%s: %s", f->name,
	    msg ? msg : sqlite3_errmsg(db->h));
	sqlite3_free(msg);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
db_migrate(struct db *db, char *err, size_t errsz)
{
	int	 cur, latest, n = 0;

	if ((cur = db_version(db)) < 0) {
		snprintf(err, errsz, "%s: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	latest = db_version_latest();
	if (cur > latest) {
		snprintf(err, errsz, "%s: schema version %d is newer than "
		    "this quire knows (%d); upgrade quire", db->path, cur,
		    latest);
		return -1;
	}
	for (; cur < latest; cur++, n++)
		if (apply(db, cur + 1, &sql_files[cur], err, errsz) == -1)
			return -1;
	return n;
}

sqlite3_stmt *
db_stmt(struct db *db, enum db_family fam, int idx)
{
	sqlite3_stmt	**slot;
	char		 what[64];

	if (fam < 0 || fam >= DBF__MAX || idx < 0 || idx >= db_family_count(fam))
		abort();
	slot = &db->stmts[fam][idx];
	if (*slot == NULL) {
		if (sqlite3_prepare_v3(db->h, db_families[fam].sql[idx], -1,
		    SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
			(void)snprintf(what, sizeof(what), "%s %d: prepare",
			    db_families[fam].name, idx);
			db_log(db, what);
			*slot = NULL;
			return NULL;
		}
	}
	sqlite3_reset(*slot);
	sqlite3_clear_bindings(*slot);
	return *slot;
}

void
db_done(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

int
db_prepare_all(struct db *db, char *err, size_t errsz)
{
	sqlite3_stmt	*st;
	int		 f, i;

	for (f = 0; f < DBF__MAX; f++)
		for (i = 0; i < db_family_count(f); i++) {
			if (sqlite3_prepare_v2(db->h, db_families[f].sql[i], -1,
			    &st, NULL) != SQLITE_OK) {
				snprintf(err, errsz, "%s %d: %s: %s",
				    db_families[f].name, i,
				    sqlite3_errmsg(db->h), db_families[f].sql[i]);
				return -1;
			}
			sqlite3_finalize(st);
		}
	return 0;
}

int
db_step_write(struct db *db, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return sqlite3_changes(db->h);
}

int
db_rows(struct db *db, struct arena *a, sqlite3_stmt *st, size_t size,
    int cap, void (*row)(struct arena *, sqlite3_stmt *, void *),
    void **out, int *n, const char *what)
{
	char	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if (st == NULL) {
		db_log(db, what);
		return -1;
	}
	v = arena_alloc(a, size * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = arena_grow(a, v, size, *n, &cap);
		row(a, st, v + size * (size_t)(*n)++);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	*out = v;
	return 0;
}

int
db_step_int(struct db *db, sqlite3_stmt *st, int64_t *v, const char *what)
{
	int	 rc;

	*v = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
db_exec(struct db *db, const char *sql)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_log(db, sql);
		return -1;
	}
	return 0;
}

int
db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db->grouped) {
		db->grouped = 0;
		(void)db_exec(db, "PRAGMA synchronous=FULL");
	}
}

int
db_begin_grouped(struct db *db)
{
	if (db_exec(db, "PRAGMA synchronous=NORMAL") == -1)
		return -1;
	db->grouped = 1;
	if (db_begin(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* fsync the WAL file through SQLite's own handle on it. */
static int
wal_sync(struct db *db)
{
	sqlite3_file	*f = NULL;

	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return -1;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ?
	    0 : -1;
}

int
db_commit_grouped(struct db *db)
{
	int	 rc = 0;

	if (db_commit(db) == -1)	/* rolled back, FULL again */
		return -1;
	db->grouped = 0;
	if (db_exec(db, "PRAGMA synchronous=FULL") == -1)
		rc = -1;
	if (wal_sync(db) == -1) {
		fprintf(stderr, "quire: db: %s: flushing the WAL failed\n",
		    db->path);
		rc = -1;
	}
	return rc;
}

int64_t
db_data_version(struct db *db)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	/* Not cached: PRAGMA statements cannot be kept meaningfully. */
	if (sqlite3_prepare_v2(db->h, "PRAGMA data_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

void
db_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

char *
db_col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char	*s;
	int			 n;

	s = sqlite3_column_text(st, i);
	n = sqlite3_column_bytes(st, i);
	if (s == NULL)
		return arena_strndup(a, "", 0);
	return arena_strndup(a, (const char *)s, (size_t)n);
}
