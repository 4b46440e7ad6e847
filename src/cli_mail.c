/* cli_mail.c: `quire mail test': send a message through mail_command at
   once, not through the outbox, and say what happened; `quire mail
   send': the outbox's messages due now (the keeper's mailer). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "db_setting.h"
#include "mail.h"
#include "mail_keeper.h"
#include "site.h"

#define TEST_USAGE \
"usage: quire mail test --to ADDR [--db FILE]\n" \
"Send a test message to ADDR through the mail_command setting (default\n" \
"'" MAIL_COMMAND_DEFAULT "'), at once, and say what happened: the\n" \
"command's exit status and what it wrote to standard error. Exit 0 when\n" \
"the command took the message (exit status 0), else 1. Mail for\n" \
"moderation and replies goes through the outbox instead, sent by quire\n" \
"serve's keeper, retried for two days (see README, \"Mail\").\n"

#define SEND_USAGE \
"usage: quire mail send [--db FILE]\n" \
"Send every message of the outbox that is due now through mail_command,\n" \
"one at a time, as quire serve's keeper does about once a second; a\n" \
"failed one is tried again later. Prints how many were sent and how many\n" \
"failed (then exit 1). (--mailer: as the keeper runs it.)\n"

/* The test message to `to' from this site, into b: 0, or 1 (said why). */
static int
test_message(struct arena *a, struct db *db, const struct site *site,
    const char *to, struct buf *b)
{
	struct mail_msg	 m;
	struct buf	 id = { 0 };
	const char	*from = NULL;
	int		 rc;

	(void)db_setting_get(db, a, "mail_from", &from);
	memset(&m, 0, sizeof(m));
	m.from_name = site->title;
	m.from = mail_keeper_from(a, site, from);
	m.to = to;
	m.subject = arena_printf(a, "[%s] Test mail from quire", site->title);
	m.body = arena_printf(a, "This is a test message from %s (%s), sent "
	    "by `quire mail test'.\n\nIf you read this, mail from quire "
	    "reaches you: moderation mails and reply notifications will, "
	    "too.\n", site->title, site->base_url);
	m.date = time(NULL);
	mail_message_id(&id, strchr(m.from, '@') + 1);
	m.message_id = buf_str(&id);
	rc = mail_format(b, &m);
	buf_free(&id);
	if (rc == -1)
		return cli_fail("mail test", "%s is no address mail can be sent "
		    "from (the mail_from setting)", m.from);
	return 0;
}

/* quire mail test --to ADDR */
static int
mail_test(int argc, char *argv[])
{
	struct cli	 c = { "mail test", TEST_USAGE,
	    { { "db", 0, NULL }, { "to", 0, NULL } }, { 0 }, 0 };
	struct arena	 a = { 0 };
	struct buf	 b = { 0 };
	struct db	 db;
	struct site	 site;
	const char	*to, *cmd = MAIL_COMMAND_DEFAULT;
	char		 err[MAIL_ERR_MAX + 128];
	int		 rc;

	memset(&site, 0, sizeof(site));
	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	if ((to = cli_get(&c, "to")) == NULL)
		return cli_usage(&c, "--to is required");
	if (!mail_addr_ok(to))
		return cli_fail("--to", "'%s' is not an address such as "
		    "someone@example.org", to);
	rc = 1;
	if (cli_open_db(&db, &site, cli_db(&c)) != 0 ||
	    test_message(&a, &db, &site, to, &b) != 0)
		goto out;
	(void)db_setting_get(&db, &a, "mail_command", &cmd);
	if (mail_send(cmd, b.p, b.len, MAIL_TIMEOUT, err, sizeof(err)) == -1) {
		cli_fail("mail test", "%s: %s", cmd, err);
		goto out;
	}
	printf("quire: mail test: handed to '%s' for %s: %s\n", cmd, to, err);
	rc = 0;
out:
	cli_close_db(&db);
	site_free(&site);
	buf_free(&b);
	arena_free(&a);
	return rc;
}

/* quire mail send [--mailer] */
static int
mail_send_due(int argc, char *argv[])
{
	struct cli	 c = { "mail send", SEND_USAGE,
	    { { "db", 0, NULL }, { "mailer", 1, NULL } }, { 0 }, 0 };
	struct db	 db;
	int		 rc, sent, failed, mailer;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	mailer = cli_get(&c, "mailer") != NULL;
	if (!mailer) {
		rc = cli_open_db(&db, NULL, cli_db(&c));
		db_close(&db);
		if (rc != 0)
			return rc;
	}
	if (mail_keeper_send(cli_db(&c), mailer, &sent, &failed) == -1)
		return 1;
	if (!mailer)
		printf("quire: mail send: %d sent, %d failed (tried again "
		    "later)\n", sent, failed);
	return failed > 0 && !mailer ? 1 : 0;
}

/* quire mail test|send ... */
int
cli_mail(int argc, char *argv[])
{
	if (argc > 0 && strcmp(argv[0], "test") == 0)
		return mail_test(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "send") == 0)
		return mail_send_due(argc - 1, argv + 1);
	if (argc > 0 && (strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "-h") == 0)) {
		printf("%s\n%s", TEST_USAGE, SEND_USAGE);
		return 0;
	}
	fprintf(stderr, "quire mail: unknown or missing subcommand\n%s\n%s",
	    TEST_USAGE, SEND_USAGE);
	return 2;
}
