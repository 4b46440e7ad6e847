/* cli_serve.c: `quire serve' and `quire test-request'. */
#include <ctype.h>
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

/* quire serve [--listen ADDR] [--workers N] [--templates DIR] [--db F] */
int
cli_serve(int argc, char *argv[])
{
	struct cli		 c = { "serve",
	    "usage: quire serve [--listen ADDR] [--workers N] "
	    "[--templates DIR]\n"
	    "                   [--socket-mode MODE] [--db FILE]\n"
	    "Serve the blog over FastCGI. ADDR is unix:/path.sock or HOST:PORT;\n"
	    "without --listen, serve the FastCGI socket on fd 0 (spawn-fcgi).\n"
	    "A master keeps N workers (default: the number of CPUs) and\n"
	    "replaces one that dies. SIGTERM or SIGINT: finish the requests in\n"
	    "flight and exit. SIGHUP: reload the templates.\n"
	    "--templates defaults to ./templates if present, else\n"
	    QUIRE_DATADIR "/templates. --socket-mode is octal (default 660).\n",
	    { { "db", 0, NULL }, { "listen", 0, NULL }, { "workers", 0, NULL },
	      { "templates", 0, NULL }, { "socket-mode", 0, NULL } },
	    { 0 }, 0 };
	struct serve_opts	 o = { 0 };
	const char		*s;
	char			*end;
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
	if (access(o.db, F_OK) != 0)
		return cli_fail(o.db, "no such database (create it with "
		    "'quire init')");
	return serve_run(&o);
}

/* A raw HTTP request as CGI params. */
struct raw_req {
	struct arena	*a;
	const char	*names[64];
	const char	*values[64];
	int		 n;
	const char	*body;
	size_t		 bodylen, off;
};

static const char *
raw_param(void *arg, const char *name)
{
	struct raw_req	*r = arg;
	int		 i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

static long
raw_read(void *arg, char *p, size_t n)
{
	struct raw_req	*r = arg;

	if (n > r->bodylen - r->off)
		n = r->bodylen - r->off;
	memcpy(p, r->body + r->off, n);
	r->off += n;
	return (long)n;
}

static void
raw_add(struct raw_req *r, const char *name, const char *value)
{
	if (r->n < 64) {
		r->names[r->n] = name;
		r->values[r->n++] = value;
	}
}

/* Parse "METHOD URI HTTP/1.1", header lines, blank line, body. */
static int
raw_parse(struct raw_req *r, char *s, size_t n)
{
	char	*line, *end, *sp, *colon, *name, *p;

	if ((end = strstr(s, "\r\n\r\n")) != NULL) {
		*end = '\0';
		r->body = end + 4;
	} else if ((end = strstr(s, "\n\n")) != NULL) {
		*end = '\0';
		r->body = end + 2;
	} else
		r->body = s + n;
	r->bodylen = (size_t)(s + n - r->body);
	line = strsep(&s, "\n");
	if (line == NULL || (sp = strchr(line, ' ')) == NULL)
		return -1;
	*sp = '\0';
	raw_add(r, "REQUEST_METHOD", line);
	line = sp + 1;
	if ((sp = strchr(line, ' ')) != NULL)
		*sp = '\0';
	line[strcspn(line, "\r")] = '\0';
	raw_add(r, "REQUEST_URI", line);
	raw_add(r, "REMOTE_ADDR", "127.0.0.1");
	while ((line = strsep(&s, "\n")) != NULL) {
		line[strcspn(line, "\r")] = '\0';
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		for (p = colon + 1; *p == ' '; p++)
			;
		if (strcasecmp(line, "Content-Type") == 0)
			name = "CONTENT_TYPE";
		else if (strcasecmp(line, "Content-Length") == 0)
			name = "CONTENT_LENGTH";
		else {
			name = arena_printf(r->a, "HTTP_%s", line);
			for (sp = name + 5; *sp; sp++)
				*sp = *sp == '-' ? '_' : (char)toupper(
				    (unsigned char)*sp);
		}
		raw_add(r, name, p);
	}
	if (raw_param(r, "CONTENT_LENGTH") == NULL && r->bodylen > 0)
		raw_add(r, "CONTENT_LENGTH", arena_printf(r->a, "%zu",
		    r->bodylen));
	return 0;
}

/* quire test-request [--templates DIR] [--db F] < request.txt */
int
cli_test_request(int argc, char *argv[])
{
	struct cli	 c = { "test-request",
	    "usage: quire test-request [--templates DIR] [--db FILE] < REQUEST\n"
	    "Answer one raw HTTP request (request line, headers, blank line,\n"
	    "body) read from stdin, without FastCGI; print the CGI response.\n",
	    { { "db", 0, NULL }, { "templates", 0, NULL } }, { 0 }, 0 };
	struct worker	 w;
	struct arena	 a = { 0 };
	struct raw_req	 raw = { 0 };
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
	    sizeof(err)) == -1) {
		cli_fail("test-request", "%s", err);
		goto out;
	}
	raw.a = &a;
	buf_reserve(&in, 1);
	if (raw_parse(&raw, in.p ? in.p : (char *)"", in.len) == -1) {
		cli_fail("test-request", "no request line on stdin");
		goto out;
	}
	src.param = raw_param;
	src.read = raw_read;
	src.arg = &raw;
	app_handle(&w, &src, &out);
	fwrite(out.p, 1, out.len, stdout);
	rc = 0;
out:
	worker_close(&w);
	buf_free(&in);
	buf_free(&out);
	arena_free(&a);
	return rc;
}
