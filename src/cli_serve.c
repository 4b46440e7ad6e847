/* cli_serve.c: `quire serve' and `quire test-request'. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "config.h"
#include "http.h"
#include "media.h"
#include "rawreq.h"
#include "serve.h"
#include "worker.h"

/* ./templates when run from a source tree, else the installed ones. */
static const char *
default_templates(void)
{
	if (access("templates/layout.mustache", R_OK) == 0)
		return "templates";
	return QUIRE_DATADIR "/templates";
}

/* quire serve [--listen ADDR] [--workers N] [--templates DIR]
   [--theme DIR] [--db F] */
int
cli_serve(int argc, char *argv[])
{
	struct cli		 c = { "serve",
	    "usage: quire serve [--listen ADDR] [--workers N] "
	    "[--templates DIR]\n"
	    "                   [--theme DIR] [--socket-mode MODE] [--pages DIR]\n"
	    "                   [--media DIR] [--db FILE]\n"
	    "Serve the blog over FastCGI. ADDR is unix:/path.sock or HOST:PORT;\n"
	    "without --listen, serve the FastCGI socket on fd 0 (spawn-fcgi).\n"
	    "A master keeps N workers (default: the number of CPUs) and\n"
	    "replaces one that dies. SIGTERM or SIGINT: finish the requests in\n"
	    "flight and exit. SIGHUP: reload the templates.\n"
	    "--templates defaults to ./templates if present, else\n"
	    QUIRE_DATADIR "/templates. --socket-mode is octal (default 660).\n"
	    "--theme DIR: a theme; each file in DIR/templates replaces the\n"
	    "built-in template of its name (SIGHUP reloads them), and nginx\n"
	    "serves DIR/static/NAME in place of /static/NAME (README, Themes).\n"
	    "--pages DIR: also write public pages as files into DIR for nginx\n"
	    "to serve by itself (contrib/nginx.conf); quire points nginx at\n"
	    "new files whenever anything changes, so no reader gets a page\n"
	    "from before a change. DIR must be readable by nginx; it holds\n"
	    "token.conf (mode 600), the nginx include with the key nginx\n"
	    "signs comment tokens with: start quire before nginx loads it.\n"
	    "--media DIR: the photos' files, answered at /media/ (default:\n"
	    "media/ beside the database file).\n",
	    { { "db", 0, NULL }, { "listen", 0, NULL }, { "workers", 0, NULL },
	      { "templates", 0, NULL }, { "socket-mode", 0, NULL },
	      { "pages", 0, NULL }, { "media", 0, NULL }, { "theme", 0, NULL } },
	    { 0 }, 0 };
	struct serve_opts	 o = { 0 };
	char			 cwd[2048], pages[4096];
	const char		*s;
	char			*end, *media;
	long			 v;
	int			 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument '%s'", c.pos[0]);
	o.db = cli_db(&c);
	o.listen = cli_get(&c, "listen");
	o.templates = cli_get(&c, "templates") ? cli_get(&c, "templates") :
	    default_templates();
	o.theme = cli_get(&c, "theme");
	if (o.theme != NULL && *o.theme == '\0')
		return cli_usage(&c, "--theme needs a directory");
	o.socket_mode = 0660;
	if ((s = cli_get(&c, "workers")) != NULL) {
		v = strtol(s, &end, 10);
		if (*s == '\0' || *end != '\0' || v < 1 || v > 256)
			return cli_usage(&c, "--workers is 1 to 256");
		o.workers = (int)v;
	}
	if ((s = cli_get(&c, "socket-mode")) != NULL) {
		v = strtol(s, &end, 8);
		if (*s == '\0' || *end != '\0' || v < 0 || v > 0777)
			return cli_usage(&c, "--socket-mode is octal, e.g. 660");
		o.socket_mode = (int)v;
	}
	if ((s = cli_get(&c, "pages")) != NULL) {
		if (*s == '\0')
			return cli_usage(&c, "--pages needs a directory");
		if (*s != '/') {
			/* nginx and the command line need the full path. */
			if (getcwd(cwd, sizeof(cwd)) == NULL)
				return cli_fail("serve", "getcwd: %s",
				    strerror(errno));
			if ((size_t)snprintf(pages, sizeof(pages), "%s/%s", cwd,
			    s) >= sizeof(pages))
				return cli_usage(&c, "--pages: name too long");
			s = pages;
		}
		o.pages = s;
	}
	if (access(o.db, F_OK) != 0)
		return cli_fail(o.db, "no such database (create it with "
		    "'quire init')");
	media = cli_get(&c, "media") ? strdup(cli_get(&c, "media")) :
	    media_dir_default(o.db);
	o.media = media;
	rc = serve_run(&o);
	free(media);
	return rc;
}

/* quire test-request [--templates DIR] [--db F] < request.txt */
int
cli_test_request(int argc, char *argv[])
{
	struct cli	 c = { "test-request",
	    "usage: quire test-request [--templates DIR] [--theme DIR] "
	    "[--media DIR] [--db FILE] < REQUEST\n"
	    "Answer one raw HTTP request (request line, headers, blank line,\n"
	    "body) read from stdin, without FastCGI; print the CGI response.\n",
	    { { "db", 0, NULL }, { "templates", 0, NULL }, { "media", 0, NULL },
	      { "theme", 0, NULL } },
	    { 0 }, 0 };
	struct worker	 w;
	char		*media = NULL;
	struct arena	 a = { 0 };
	struct rawreq	 raw;
	struct http_src	 src;
	struct buf	 in = { 0 }, out = { 0 };
	char		 chunk[8192], err[512];
	size_t		 n;
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_add(&in, chunk, n);
	rc = 1;
	if (worker_open(&w, cli_db(&c), cli_get(&c, "templates") ?
	    cli_get(&c, "templates") : default_templates(), err,
	    sizeof(err)) == -1 || (cli_get(&c, "theme") != NULL &&
	    worker_set_theme(&w, cli_get(&c, "theme"), err,
	    sizeof(err)) == -1)) {
		cli_fail("test-request", "%s", err);
		goto out;
	}
	w.media = media = cli_get(&c, "media") ? strdup(cli_get(&c, "media")) :
	    media_dir_default(cli_db(&c));
	if (rawreq_parse(&raw, &a, buf_str(&in), in.len, &src) == -1) {
		cli_fail("test-request", "no request line on stdin");
		goto out;
	}
	app_handle(&w, &src, &out);
	fwrite(out.p, 1, out.len, stdout);
	rc = 0;
out:
	free(media);
	worker_close(&w);
	buf_free(&in);
	buf_free(&out);
	arena_free(&a);
	return rc;
}
