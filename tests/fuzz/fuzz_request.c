/*
 * fuzz_request.c: whole requests through the router and every handler,
 * against a real (temporary) database with sample content: raw HTTP in,
 * a response out, never a crash; never a 5xx.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "post.h"
#include "rawreq.h"
#include "site.h"
#include "worker.h"

static struct worker	 w;

static void
setup(void)
{
	struct db		 db;
	struct arena		 a = { 0 };
	struct post_input	 in = { 0 };
	char			 path[] = "/tmp/quire-fuzz-XXXXXX", err[512];
	const char		*tmpl;
	int			 fd;

	if (sodium_init() < 0 || (fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	if (db_open(&db, path, 1, err, sizeof(err)) == -1 ||
	    db_migrate(&db, err, sizeof(err)) == -1 || site_make_key(&db) ||
	    db_exec(&db, "INSERT INTO users (login, name, role, created) "
	    "VALUES ('admin', 'Ada', 'admin', 0)") == -1) {
		fprintf(stderr, "fuzz setup: %s\n", err);
		abort();
	}
	in.title = "Hello";
	in.body_md = "# hi\n\ntext";
	in.tags = "a, b";
	in.author_id = 1;
	in.comments_open = 1;
	in.published = 1700000000;
	if (post_save(&db, &a, &in, 1700000000, err, sizeof(err)) == -1)
		abort();
	db_close(&db);
	arena_free(&a);
	tmpl = getenv("QUIRE_TEMPLATES") ? getenv("QUIRE_TEMPLATES") :
	    "templates";
	if (worker_open(&w, strdup(path), tmpl, err, sizeof(err)) == -1) {
		fprintf(stderr, "fuzz setup: %s\n", err);
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct rawreq	 raw;
	struct http_src	 src;
	struct arena	 a = { 0 };
	struct buf	 out = { 0 };

	if (rawreq_parse(&raw, &a, (const char *)data, n, &src) == 0) {
		app_handle(&w, &src, &out);
		if (strncmp(buf_str(&out), "Status: 5", 9) == 0 &&
		    strncmp(buf_str(&out), "Status: 503", 11) != 0) {
			fprintf(stderr, "%.*s\n", (int)(out.len > 400 ? 400 :
			    out.len), buf_str(&out));
			abort();
		}
	}
	buf_free(&out);
	arena_free(&a);
	arena_reset(&w.arena);
	return 0;
}
