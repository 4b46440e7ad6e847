/* cli_user.c: `quire user add' and `quire user passwd'. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "cli.h"
#include "db.h"
#include "db_user.h"
#include "model.h"
#include "utf8.h"

#define PW_MIN	8
#define PW_MAX	1024

/*
 * Read one line of password from stdin (without echo on a terminal) and
 * hash it with crypto_pwhash_str (Argon2id). 0, or -1 with a message.
 */
static int
read_password(char hash[crypto_pwhash_STRBYTES])
{
	char		 pw[PW_MAX + 2];
	struct termios	 t, saved;
	int		 tty = isatty(0), rc = -1;
	size_t		 n;

	if (tty) {
		fprintf(stderr, "Password: ");
		tcgetattr(0, &saved);
		t = saved;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &t);
	}
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		cli_fail("password", "expected one line on standard input");
		goto out;
	}
	n = strlen(pw);
	if (n > 0 && pw[n - 1] == '\n')
		pw[--n] = '\0';
	else if (n > PW_MAX) {
		cli_fail("password", "longer than %d bytes", PW_MAX);
		goto out;
	}
	if (n > 0 && pw[n - 1] == '\r')
		pw[--n] = '\0';
	if (n < PW_MIN || !utf8_valid(pw, n)) {
		cli_fail("password", "must be at least %d characters of "
		    "UTF-8 text", PW_MIN);
		goto out;
	}
	if (crypto_pwhash_str(hash, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		cli_fail("password", "out of memory while hashing");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(pw, sizeof(pw));
	if (tty) {
		tcsetattr(0, TCSANOW, &saved);
		fputc('\n', stderr);
	}
	return rc;
}

static int
user_add(int argc, char *argv[])
{
	struct cli	 c = { "user add",
	    "usage: quire user add --login L --name N --email E "
	    "[--role admin|author] [--db FILE]\n"
	    "Add a user. The password is read as one line from standard input\n"
	    "(at least 8 characters) and stored as an Argon2id hash.\n",
	    { { "db", 0, NULL }, { "login", 0, NULL }, { "name", 0, NULL },
	      { "email", 0, NULL }, { "role", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct user	 u = { 0 };
	char		 hash[crypto_pwhash_STRBYTES];
	int64_t		 id;
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	u.login = cli_get(&c, "login");
	u.name = cli_get(&c, "name");
	u.email = cli_get(&c, "email");
	u.role = cli_get(&c, "role") ? cli_get(&c, "role") : "author";
	if (u.login == NULL || u.name == NULL || u.email == NULL)
		return cli_usage(&c, "--login, --name and --email are required");
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	if (!db_user_login_valid(u.login))
		return cli_fail(u.login, "a login is 1-60 lower-case letters, "
		    "digits, '.', '_' or '-'");
	if (strcmp(u.role, "admin") != 0 && strcmp(u.role, "author") != 0)
		return cli_usage(&c, "--role is admin or author");
	if (*u.name == '\0' || !text_clean(u.name, strlen(u.name)) ||
	    strlen(u.name) > 200)
		return cli_fail("name", "must be 1-200 bytes of text");
	if (strchr(u.email, '@') == NULL || strlen(u.email) > 254)
		return cli_fail(u.email, "not an email address");
	if (cli_open_db(&db, NULL, cli_db(&c)) != 0) {
		cli_close_db(&db);
		return 1;
	}
	rc = 1;
	if (read_password(hash) == -1)
		goto out;
	u.pwhash = hash;
	if ((id = db_user_add(&db, &u, (int64_t)time(NULL))) == -1) {
		cli_fail("user add", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	if (id == 0) {
		cli_fail(u.login, "a user with this login exists");
		goto out;
	}
	printf("added %s %s (id %lld)\n", u.role, u.login, (long long)id);
	rc = 0;
out:
	cli_close_db(&db);
	return rc;
}

static int
user_passwd(int argc, char *argv[])
{
	struct cli	 c = { "user passwd",
	    "usage: quire user passwd --login L [--db FILE]\n"
	    "Set a user's password, read as one line from standard input.\n",
	    { { "db", 0, NULL }, { "login", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct arena	 a = { 0 };
	struct user	 u;
	const char	*login;
	char		 hash[crypto_pwhash_STRBYTES];
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if ((login = cli_get(&c, "login")) == NULL)
		return cli_usage(&c, "--login is required");
	if (cli_open_db(&db, NULL, cli_db(&c)) != 0) {
		cli_close_db(&db);
		return 1;
	}
	rc = 1;
	if ((rc = db_user_by_login(&db, &a, login, &u)) != 1) {
		if (rc == 0)
			cli_fail(login, "no such user");
		rc = 1;
		goto out;
	}
	rc = 1;
	if (read_password(hash) == -1)
		goto out;
	if (db_user_set_password(&db, login, hash) != 1) {
		cli_fail("user passwd", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	printf("password set for %s\n", login);
	rc = 0;
out:
	arena_free(&a);
	cli_close_db(&db);
	return rc;
}

/* quire user add|passwd ... */
int
cli_user(int argc, char *argv[])
{
	if (argc > 0 && strcmp(argv[0], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "passwd") == 0)
		return user_passwd(argc - 1, argv + 1);
	if (argc > 0 && (strcmp(argv[0], "--help") == 0)) {
		printf("usage: quire user add|passwd [OPTIONS]\n");
		return 0;
	}
	fprintf(stderr, "usage: quire user add|passwd [OPTIONS] "
	    "(quire user add --help)\n");
	return 2;
}
