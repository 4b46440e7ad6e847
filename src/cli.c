/* cli.c: option parsing and messages shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "db.h"
#include "pagedir.h"
#include "site.h"

static struct cli_opt *
find(struct cli *c, const char *name, size_t n)
{
	int	 i;

	for (i = 0; i < CLI_MAXOPT && c->opt[i].name != NULL; i++)
		if (strlen(c->opt[i].name) == n &&
		    strncmp(c->opt[i].name, name, n) == 0)
			return &c->opt[i];
	return NULL;
}

int
cli_parse(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	*o;
	const char	*a, *eq;
	int		 i;

	for (i = 0; i < argc; i++) {
		a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			printf("%s", c->usage);
			exit(0);
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			if (c->npos == CLI_MAXPOS)
				return cli_usage(c, "too many arguments");
			c->pos[c->npos++] = a;
			continue;
		}
		a += 2;
		eq = strchr(a, '=');
		if ((o = find(c, a, eq ? (size_t)(eq - a) : strlen(a))) == NULL)
			return cli_usage(c, "unknown option --%s", a);
		if (o->flag) {
			if (eq != NULL)
				return cli_usage(c, "--%s takes no value",
				    o->name);
			o->value = "1";
		} else if (eq != NULL)
			o->value = eq + 1;
		else if (i + 1 < argc)
			o->value = argv[++i];
		else
			return cli_usage(c, "--%s needs a value", o->name);
	}
	return 0;
}

const char *
cli_get(const struct cli *c, const char *name)
{
	int	 i;

	for (i = 0; i < CLI_MAXOPT && c->opt[i].name != NULL; i++)
		if (strcmp(c->opt[i].name, name) == 0)
			return c->opt[i].value;
	return NULL;
}

const char *
cli_db(const struct cli *c)
{
	const char	*db;

	if ((db = cli_get(c, "db")) != NULL)
		return db;
	if ((db = getenv("QUIRE_DB")) != NULL && *db != '\0')
		return db;
	return "quire.db";
}

int
cli_fail(const char *what, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "quire: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int
cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "quire %s: ", c->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", c->usage);
	return 2;
}

int
cli_open_db(struct db *db, struct site *site, const char *path)
{
	char	 err[512];

	memset(db, 0, sizeof(*db));	/* closable whatever happens */
	if (access(path, F_OK) != 0)
		return cli_fail(path, "no such database (create it with "
		    "'quire init')");
	if (db_open(db, path, 0, err, sizeof(err)) == -1)
		return cli_fail("db", "%s", err);
	if (db_version(db) != db_version_latest())
		return cli_fail(path, "schema version %d, expected %d: run "
		    "'quire migrate'", db_version(db), db_version_latest());
	if (site != NULL && site_load(db, site) == -1)
		return cli_fail(path, "cannot read the settings");
	return 0;
}

void
cli_close_db(struct db *db)
{
	char	*dir;

	/* Something changed: nginx must not go on serving page files from
	   before it (quire serve --pages; its keeper would see it within
	   10 ms, but a reader may ask sooner). */
	if (db->h != NULL && sqlite3_total_changes(db->h) > 0 &&
	    (dir = pagedir_recorded(db)) != NULL) {
		if (pagedir_flip(dir, db, 0) == -1)
			fprintf(stderr, "quire: the page files in %s were not "
			    "updated now; quire serve will within a moment\n",
			    dir);
		free(dir);
	}
	db_close(db);
}

int
cli_slurp(const char *path, struct buf *b, size_t max)
{
	FILE	*f;
	char	*chunk;
	size_t	 n;
	int	 rc = 0;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL)
		return cli_fail(path, "%s", strerror(errno));
	while ((chunk = buf_reserve(b, 1 << 16)) != NULL &&
	    (n = fread(chunk, 1, 1 << 16, f)) > 0) {
		b->len += n;
		b->p[b->len] = '\0';
		if (b->len > max) {
			rc = cli_fail(path, "larger than %zu bytes", max);
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = cli_fail(path, "read error");
	if (f != stdin)
		fclose(f);
	if (rc == 0 && memchr(buf_str(b), '\0', b->len) != NULL)
		rc = cli_fail(path, "holds NUL bytes: not a text file");
	return rc;
}
