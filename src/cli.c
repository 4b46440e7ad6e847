/* cli.c: option parsing and messages shared by the subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
