/* cli_comments.c: `quire comments export|erase|prune': what is stored
   about a commenter, given to them or erased, and addresses cut when
   they are ip_days old without waiting for quire serve's keeper. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "privacy.h"
#include "site.h"

#define EXPORT_USAGE \
"usage: quire comments export --email E [--out FILE] [--db FILE]\n" \
"Everything stored about the person with email E (any case), as JSON:\n" \
"each comment with its post, date, status, name, email, website,\n" \
"address, user agent and text, and any user account with that email\n" \
"with its sessions, and whether E confirmed it wants mail and which\n" \
"comments' replies it asked for. To standard output, or to FILE (mode\n" \
"0600, written whole or not at all). Nothing stored for E: says so, exit 1.\n"
#define ERASE_USAGE \
"usage: quire comments erase --email E [--delete] [--db FILE]\n" \
"Anonymise E's comments (any case): the name becomes \"Anonymous\";\n" \
"email, website, address and user agent are removed; the text and its\n" \
"place in the thread stay. With --delete, delete the comments instead\n" \
"(their replies stay, under the nearest comment left). User accounts\n" \
"are not touched (remove them in /admin/users). Nothing stored for E:\n" \
"says so, exit 1.\n"
#define PRUNE_USAGE \
"usage: quire comments prune [--db FILE]\n" \
"Cut the addresses of comments and sessions older than the ip_days\n" \
"setting to their network (/24, /56) and drop their user agents, as\n" \
"quire serve's keeper does every 10 minutes.\n"

/* The email option, trimmed: NULL after a usage error or a failure (*rc
   says which). */
static const char *
email_opt(struct cli *c, struct arena *a, int *rc)
{
	const char	*e;

	if ((e = cli_get(c, "email")) == NULL) {
		*rc = cli_usage(c, "--email is required");
		return NULL;
	}
	if (c->npos > 0) {
		*rc = cli_usage(c, "unexpected argument '%s'", c->pos[0]);
		return NULL;
	}
	if ((e = privacy_email(a, e)) == NULL) {
		*rc = cli_fail("--email", "must be 1-%d bytes of text",
		    PRIVACY_EMAIL_MAX);
		return NULL;
	}
	return e;
}

/* Write b to path whole or not at all, readable by its owner only. */
static int
write_private(const char *path, const struct buf *b)
{
	struct buf	 tmp = { 0 };
	int		 fd, rc = 1;

	buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fd = open(buf_str(&tmp), O_WRONLY | O_CREAT | O_EXCL, 0600)) ==
	    -1) {
		cli_fail(path, "%s", strerror(errno));
		goto out;
	}
	if (write(fd, b->p, b->len) != (ssize_t)b->len || fsync(fd) == -1) {
		cli_fail(path, "%s", strerror(errno));
		close(fd);
		unlink(buf_str(&tmp));
		goto out;
	}
	close(fd);
	if (rename(buf_str(&tmp), path) == -1) {
		cli_fail(path, "%s", strerror(errno));
		unlink(buf_str(&tmp));
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/* quire comments export --email E [--out FILE] */
static int
comments_export(int argc, char *argv[])
{
	struct cli	 c = { "comments export", EXPORT_USAGE,
	    { { "db", 0, NULL }, { "email", 0, NULL }, { "out", 0, NULL } },
	    { 0 }, 0 };
	struct arena	 a = { 0 };
	struct db	 db;
	struct site	 site;
	struct buf	 out = { 0 };
	const char	*email, *path;
	int		 rc, n;

	memset(&site, 0, sizeof(site));
	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if ((email = email_opt(&c, &a, &rc)) == NULL)
		goto done;
	path = cli_get(&c, "out");
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	if ((n = privacy_export(&db, &a, site.base_url, email,
	    (int64_t)time(NULL), &out)) == -1) {
		cli_fail("comments export", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	if (n == 0) {
		cli_fail(email, "no comments or users with this email");
		goto out;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(out.p, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0) {
			cli_fail("standard output", "%s", strerror(errno));
			goto out;
		}
	} else if (write_private(path, &out) != 0)
		goto out;
	rc = 0;
out:
	cli_close_db(&db);
done:
	buf_free(&out);
	site_free(&site);
	arena_free(&a);
	return rc;
}

/* quire comments erase --email E [--delete] */
static int
comments_erase(int argc, char *argv[])
{
	struct cli	 c = { "comments erase", ERASE_USAGE,
	    { { "db", 0, NULL }, { "email", 0, NULL }, { "delete", 1, NULL } },
	    { 0 }, 0 };
	struct arena	 a = { 0 };
	struct db	 db;
	const char	*email;
	int64_t		 n;
	int		 rc, del;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if ((email = email_opt(&c, &a, &rc)) == NULL)
		goto done;
	del = cli_get(&c, "delete") != NULL;
	rc = 1;
	if (cli_open_db(&db, NULL, cli_db(&c)) != 0)
		goto out;
	if ((n = privacy_erase(&db, email, del)) == -1) {
		cli_fail("comments erase", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	if (n == 0) {
		cli_fail(email, "no comments with this email; nothing erased");
		goto out;
	}
	printf("quire: %s %lld comment%s of %s\n", del ? "deleted" :
	    "anonymised", (long long)n, n == 1 ? "" : "s", email);
	rc = 0;
out:
	cli_close_db(&db);
done:
	arena_free(&a);
	return rc;
}

/* quire comments prune */
static int
comments_prune(int argc, char *argv[])
{
	struct cli	 c = { "comments prune", PRUNE_USAGE,
	    { { "db", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct site	 site;
	int64_t		 n;
	int		 rc;

	memset(&site, 0, sizeof(site));
	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0)
		goto out;
	if ((n = privacy_prune(&db, (int64_t)time(NULL), site.ip_days)) ==
	    -1) {
		cli_fail("comments prune", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	printf("quire: cut the addresses of %lld comment%s older than %d "
	    "day%s\n", (long long)n, n == 1 ? "" : "s", site.ip_days,
	    site.ip_days == 1 ? "" : "s");
	rc = 0;
out:
	cli_close_db(&db);
	site_free(&site);
	return rc;
}

/* quire comments export|erase|prune ... */
int
cli_comments(int argc, char *argv[])
{
	if (argc > 0 && strcmp(argv[0], "export") == 0)
		return comments_export(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "erase") == 0)
		return comments_erase(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "prune") == 0)
		return comments_prune(argc - 1, argv + 1);
	if (argc > 0 && (strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "-h") == 0)) {
		printf("%s\n%s\n%s", EXPORT_USAGE, ERASE_USAGE, PRUNE_USAGE);
		return 0;
	}
	if (argc > 0)
		fprintf(stderr, "quire comments: unknown command '%s'\n",
		    argv[0]);
	fprintf(stderr, "usage: quire comments export|erase|prune [OPTIONS] "
	    "(quire comments --help)\n");
	return 2;
}
