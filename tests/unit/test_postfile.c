/* test_postfile.c: post files with a header block. */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "postfile.h"

static int
parse(struct arena *a, const char *s, struct postfile *pf, char *err)
{
	char	 warn[256];

	return postfile_parse(a, s, strlen(s), pf, warn, sizeof(warn), err,
	    256);
}

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };
	struct postfile	 pf;
	char		 err[256];

	CHECK(&c, parse(&a, "title: Hello\ntags: a, b\ndate: 2024-05-01\n\n"
	    "Body *here*.\n", &pf, err) == 0 && strcmp(pf.title, "Hello") == 0
	    && strcmp(pf.tags, "a, b") == 0 &&
	    strcmp(pf.date, "2024-05-01") == 0 &&
	    strcmp(pf.body, "Body *here*.\n") == 0, "plain header block");
	CHECK(&c, parse(&a, "---\ntitle: \"Quoted: yes\"\ntags: [x, y]\n"
	    "draft: true\n---\n\nBody\n", &pf, err) == 0 &&
	    strcmp(pf.title, "Quoted: yes") == 0 &&
	    strcmp(pf.tags, "x, y") == 0 && strcmp(pf.status, "draft") == 0 &&
	    strcmp(pf.body, "Body\n") == 0, "Hugo/Jekyll front matter");
	CHECK(&c, parse(&a, "Title: A\r\nType: page\r\n\r\nBody\r\n", &pf,
	    err) == 0 && strcmp(pf.title, "A") == 0 &&
	    strcmp(pf.type, "page") == 0, "CRLF and capitalised keys");
	CHECK(&c, parse(&a, "Just a body with no header\n", &pf, err) == -1,
	    "no header: %s", err);
	CHECK(&c, parse(&a, "", &pf, err) == -1, "empty file: %s", err);
	CHECK(&c, parse(&a, "title: only\n", &pf, err) == 0 &&
	    strcmp(pf.body, "") == 0, "a header with no body");
	CHECK(&c, parse(&a, "title: T\ncategories: c1\ntags: t1\n\nx", &pf,
	    err) == 0 && strcmp(pf.tags, "c1, t1") == 0,
	    "categories join tags: %s", pf.tags);
	arena_free(&a);
	return check_done(&c);
}
