/* main.c: `quire CMD ...': dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "config.h"

static const char usage[] =
"usage: quire COMMAND [OPTIONS]\n"
"\n"
"quire is a blog engine: a FastCGI server behind nginx, with SQLite.\n"
"\n"
"Commands:\n"
"  init --title TEXT --base-url URL [--timezone ZONE]\n"
"                         create the database, its schema and secret key\n"
"  user add --login L --name N --email E [--role admin|author]\n"
"                         add a user; the password is one line on stdin\n"
"  user passwd --login L  set a password (one line on stdin)\n"
"  post add [--author L] FILE.md\n"
"                         add a post or page from a Markdown file with a\n"
"                         header block (title:, slug:, tags:, date:,\n"
"                         status:, type:); prints its URL\n"
"  post list              id, status, date and URL of every post\n"
"  serve --listen ADDR [--workers N] [--templates DIR] [--media DIR]\n"
"        [--theme DIR]    serve FastCGI on unix:/path.sock or HOST:PORT\n"
"                         (or on fd 0 without --listen, for spawn-fcgi);\n"
"                         a theme's templates override the built-in ones\n"
"  import --format wxr|json [--uploads DIR] [--media DIR] FILE\n"
"                         import a WordPress export (WXR) or a JSON export:\n"
"                         posts, pages, tags, comments, authors, photos\n"
"                         (wxr: from a copy of wp-content/uploads); old\n"
"                         permalinks and upload URLs answer 301\n"
"  export --format json|wxr [FILE]\n"
"                         everything, as JSON (lossless) or WXR 1.2\n"
"  comments export --email E [--out FILE]\n"
"                         everything stored about a commenter, as JSON\n"
"  comments erase --email E [--delete]\n"
"                         anonymise (or delete) a commenter's comments\n"
"  comments prune         cut addresses older than ip_days to their\n"
"                         network now (quire serve does every 10 min)\n"
"  backup [--force] DEST  online SQLite backup, integrity-checked, and\n"
"                         the photos' files into DEST.media/\n"
"  migrate                bring the database schema up to date\n"
"  media add [--alt TEXT] [--media DIR] FILE...\n"
"                         store photos (re-encoded in a few widths, WebP\n"
"                         and JPEG or PNG, no metadata); prints each URL\n"
"  media list             id, size, posts using it and URL of each photo\n"
"  mail test --to ADDR    send a test message through mail_command now;\n"
"                         says what the command answered\n"
"  mail send              send the outbox's messages due now (quire\n"
"                         serve's keeper does, about once a second)\n"
"  demo                   fill a new database with sample content\n"
"  test-request           answer one raw HTTP request from stdin\n"
"\n"
"Every command takes --db FILE (default: $QUIRE_DB, then ./quire.db)\n"
"and --help. Errors go to stderr as 'quire: what: why' with exit status\n"
"1; usage errors exit with 2.\n"
"\n"
"  quire --version        print the version\n";

int
main(int argc, char *argv[])
{
	const char	*cmd;

	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("quire %s\n", QUIRE_VERSION);
		return 0;
	}
	if (sodium_init() < 0)
		return cli_fail("libsodium", "cannot initialise");
	argc -= 2;
	argv += 2;
	if (strcmp(cmd, "init") == 0)
		return cli_init(argc, argv);
	if (strcmp(cmd, "migrate") == 0)
		return cli_migrate(argc, argv);
	if (strcmp(cmd, "user") == 0)
		return cli_user(argc, argv);
	if (strcmp(cmd, "post") == 0)
		return cli_post(argc, argv);
	if (strcmp(cmd, "serve") == 0)
		return cli_serve(argc, argv);
	if (strcmp(cmd, "demo") == 0)
		return cli_demo(argc, argv);
	if (strcmp(cmd, "test-request") == 0)
		return cli_test_request(argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cli_import(argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cli_export(argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cli_backup(argc, argv);
	if (strcmp(cmd, "comments") == 0)
		return cli_comments(argc, argv);
	if (strcmp(cmd, "media") == 0)
		return cli_media(argc, argv);
	if (strcmp(cmd, "mail") == 0)
		return cli_mail(argc, argv);
	fprintf(stderr, "quire: unknown command '%s'\n\n%s", cmd, usage);
	return 2;
}
