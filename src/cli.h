/* cli.h: the command line: subcommands, options, messages. */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

#include <stddef.h>

/*
 * Options: "--name VALUE" or "--name=VALUE" pairs, and "--flag". An
 * option spec lists the names a command takes; anything else is a usage
 * error. cli_opts_parse returns 0, or 2 after printing the usage error;
 * positional arguments are collected in order.
 */
#define CLI_MAXOPT	16
#define CLI_MAXPOS	256	/* media add FILE... */

struct cli_opt {
	const char	*name;		/* "db", without the dashes */
	int		 flag;		/* takes no value */
	const char	*value;		/* set by parse; "1" for flags */
};

struct cli {
	const char	*cmd;		/* "user add" */
	const char	*usage;		/* the usage line(s) */
	struct cli_opt	 opt[CLI_MAXOPT];
	const char	*pos[CLI_MAXPOS];
	int		 npos;
};

int		 cli_parse(struct cli *, int argc, char *argv[]);
const char	*cli_get(const struct cli *, const char *name);
/* The database path: --db, then $QUIRE_DB, then ./quire.db. */
const char	*cli_db(const struct cli *);
/* "quire: what: why" on stderr; returns 1 (the exit status). */
int		 cli_fail(const char *what, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* A usage error: the message, the usage, exit status 2. */
int		 cli_usage(const struct cli *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * Open an existing database at the schema this quire knows and, with site
 * not NULL, load its settings (which sets the time zone). 0, or 1 after
 * saying why not (the db must be closed either way).
 */
struct db;
struct site;
struct buf;
int		 cli_open_db(struct db *, struct site *, const char *path);
/* Close a database opened by a command that may have changed it: moves
   nginx's page files on (pagedir.h) if anything did change. */
void		 cli_close_db(struct db *);
/* The whole of path ("-": stdin), at most max bytes, into b: 0, or 1
   after saying why not. */
int		 cli_slurp(const char *path, struct buf *b, size_t max);

/* The subcommands (cli_*.c); each returns the exit status. */
int	cli_init(int, char *[]);
int	cli_migrate(int, char *[]);
int	cli_user(int, char *[]);
int	cli_post(int, char *[]);
int	cli_serve(int, char *[]);
int	cli_demo(int, char *[]);
int	cli_test_request(int, char *[]);
int	cli_import(int, char *[]);
int	cli_export(int, char *[]);
int	cli_backup(int, char *[]);
int	cli_comments(int, char *[]);
int	cli_media(int, char *[]);
int	cli_mail(int, char *[]);

#endif
