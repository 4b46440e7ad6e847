/* db.h: the SQLite connection, migrations and named prepared statements. */
#ifndef QUIRE_DB_H
#define QUIRE_DB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sqlite3.h>

/* sql/ files embedded at build time (src/sql_embed.c). */
struct sql_file {
	const char	*name;	/* "schema.sql", "0002-name.sql" */
	const char	*sql;
};
extern const struct sql_file sql_files[];	/* NULL-terminated */

/*
 * Statement families: each db_*.c file owns one, as an enum of names and
 * a parallel array of SQL (the kcgi pattern). Statements are prepared on
 * first use with SQLITE_PREPARE_PERSISTENT and kept for the worker's life.
 */
enum db_family {
	DBF_SETTING,
	DBF_USER,
	DBF_POST,
	DBF_TAG,
	DBF_COMMENT,
	DBF_REDIRECT,
	DBF_RATE,
	DBF_SESSION,
	DBF_ADMIN,
	DBF_IMPORT,
	DBF_PRIVACY,
	DBF_MEDIA,
	DBF_APPEARANCE,
	DBF_MAIL,
	DBF_MENTION,
	DBF_REVISION,
	DBF__MAX
};

struct db_family_def {
	const char		*name;
	const char *const	*sql;
};
extern const struct db_family_def db_families[DBF__MAX];
/* How many statements family f has. */
int	db_family_count(enum db_family f);

struct db {
	sqlite3		*h;
	int		 busy_ms;	/* how long to wait for a lock */
	struct timespec	 busy_start;
	const char	*path;
	sqlite3_stmt	**stmts[DBF__MAX];
	int		 grouped;	/* in a db_begin_grouped transaction */
};

/*
 * Open (creating if `create') the database at path with WAL, foreign keys,
 * synchronous=FULL and a busy timeout. A file it creates is made by
 * db_create_private first: owner only. Returns 0, or -1 with a message in
 * err. The db must be closed with db_close even on failure.
 */
/*
 * Make path a file only its owner may read or write (mode 0600,
 * whatever the umask): created empty if it does not exist (an empty
 * file is an empty SQLite database), its mode set if it does. SQLite
 * gives the -wal, -shm and -journal files it makes beside a database
 * the database file's mode, so they are owner-only too. For files that
 * will hold the site key and password hashes: databases and backups.
 * Returns 0, or -1 with "path: why" in err.
 */
int		 db_create_private(const char *path, char *err, size_t errsz);
int		 db_open(struct db *, const char *path, int create,
		    char *err, size_t errsz);
void		 db_close(struct db *);
/* Open the same file again in place of db's connection (statements are
   prepared anew): 0, or -1 with a message in err, db left as it was. */
int		 db_reopen(struct db *, char *err, size_t errsz);
/* The schema version of the database, and the one this binary knows. */
int		 db_version(struct db *);
int		 db_version_latest(void);
/*
 * Bring the schema up to date: schema.sql on an empty database, then each
 * numbered migration above user_version, each in its own transaction.
 * Returns the number applied, or -1 with a message in err.
 */
int		 db_migrate(struct db *, char *err, size_t errsz);
/*
 * The prepared statement `idx' of family `fam', reset and with bindings
 * cleared, ready to bind. NULL (and a log line) if it fails to prepare.
 * Call db_done() when finished with it.
 */
sqlite3_stmt	*db_stmt(struct db *, enum db_family fam, int idx);
void		 db_done(sqlite3_stmt *);
/* Prepare every statement of every family: 0, or -1 with the failing
   statement and SQLite's message in err (the unit test uses this). */
int		 db_prepare_all(struct db *, char *err, size_t errsz);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK: 0 or -1 (logged). */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/*
 * Group commit. db_begin_grouped is BEGIN IMMEDIATE with the commit's
 * fsync taken out of the write lock: COMMIT writes the WAL frames
 * (synchronous=NORMAL), releases the lock, and db_commit_grouped then
 * fsyncs the WAL before it returns, so several writers' commits share
 * one flush and none waits on another's fsync under the lock. When
 * db_commit_grouped returns 0 the transaction is on disk, as after
 * db_commit; -1 (logged) if it did not commit, or if the flush failed
 * (committed, perhaps not durable). db_rollback ends it too.
 */
int		 db_begin_grouped(struct db *);
int		 db_commit_grouped(struct db *);
/*
 * Step a statement that returns no rows and reset it: the number of rows
 * it changed (0 or more), or -1 after logging `what' and SQLite's message.
 */
int		 db_step_write(struct db *, sqlite3_stmt *, const char *what);
/*
 * Step st to its end, reading each row with row(a, st, item) into an
 * arena array of size-byte items that grows as needed (cap: its first
 * size), and reset st: 0 with the array in *out and its length in *n,
 * or -1 after logging `what' (also when st is NULL: db_stmt failed).
 */
struct arena;
int		 db_rows(struct db *, struct arena *, sqlite3_stmt *st,
		    size_t size, int cap, void (*row)(struct arena *,
		    sqlite3_stmt *, void *item), void **out, int *n,
		    const char *what);
/*
 * Step a statement for its first row's first column, into *v (0 when
 * there is no row), and reset it: 1 (a row), 0 (none), or -1 after
 * logging `what' (also when st is NULL: db_stmt failed).
 */
int		 db_step_int(struct db *, sqlite3_stmt *, int64_t *v,
		    const char *what);
/* Run SQL without results (e.g. pragmas): 0 or -1 (logged). */
int		 db_exec(struct db *, const char *sql);
/* PRAGMA data_version: changes when another connection commits. */
int64_t		 db_data_version(struct db *);
/* Log `quire: db: what: sqlite message' to stderr. */
void		 db_log(struct db *, const char *what);

/* Bind helpers: text may be NULL (binds NULL). */
void		 db_bind_text(sqlite3_stmt *, int, const char *);
void		 db_bind_int(sqlite3_stmt *, int, int64_t);
/* Column text as a NUL-terminated arena copy ("" for NULL). */
struct arena;
char		*db_col_text(struct arena *, sqlite3_stmt *, int);

#endif
