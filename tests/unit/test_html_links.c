/* test_html_links.c: unit tests for html_links.c (links, endpoints,
   h-entry) and the Link header reader of mention.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "fetch.h"
#include "html_links.h"
#include "mention.h"

/* Scan s from a heap copy without terminator (ASan sees any overread). */
static void
scan(struct arena *a, const char *s, const char *want, struct html_scan *out)
{
	size_t	 n = strlen(s);
	char	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(p, s, n);
	memset(out, 0, sizeof(*out));
	out->want = want;
	html_links_scan(a, p, n, out);
	/* Results live in the arena, never in p. */
	memset(p, 'x', n);
	free(p);
}

static int
eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static void
test_endpoints(struct check *c, struct arena *a)
{
	struct html_scan	 s;

	scan(a, "<html><head><link rel=\"webmention\" href=\"/wm?x=1&amp;y=2\">"
	    "</head><body><a rel=pingback href=/xmlrpc>x</a></body></html>",
	    NULL, &s);
	CHECK(c, eq(s.webmention, "/wm?x=1&y=2"), "<link rel=webmention>, "
	    "references decoded: %s", s.webmention ? s.webmention : "(null)");
	CHECK(c, eq(s.pingback, "/xmlrpc"), "<a rel=pingback>");
	scan(a, "<p><a href=\"http://x/\" rel=\"nofollow WebMention\">e</a>"
	    "<link rel=webmention href=\"/second\">", NULL, &s);
	CHECK(c, eq(s.webmention, "http://x/"), "first in document order, "
	    "rel words in any case");
	scan(a, "<link rel=webmention href=\"\">", NULL, &s);
	CHECK(c, eq(s.webmention, ""), "an empty href (the page itself)");
	scan(a, "<!-- <link rel=webmention href=/no> --><script>"
	    "'<link rel=webmention href=/no2>'</script><a rel=webmention>"
	    "no href</a>", NULL, &s);
	CHECK(c, s.webmention == NULL, "none in comments, scripts, or "
	    "without href");
}

static void
test_links(struct check *c, struct arena *a)
{
	struct html_scan	 s;
	const char		*h = "<p>See <a href=\"https://b.example/p/\">"
	    "<em>this</em></a> and <a href='/rel'>that</a>.<img "
	    "src=\"https://b.example/i.png\"></p>";

	scan(a, h, "https://b.example/p/", &s);
	CHECK(c, s.links_want == 1, "a link to want is found");
	CHECK(c, s.nlinks == 2 && eq(s.links[0].href, "https://b.example/p/")
	    && eq(s.links[1].href, "/rel"), "both <a href> links: %d",
	    s.nlinks);
	CHECK(c, s.nlinks == 2 && s.links[0].start == 7 &&
	    strncmp(h + s.links[0].end - 4, "</a>", 4) == 0,
	    "a link's span runs from <a> to </a>");
	scan(a, h, "https://b.example/i.png", &s);
	CHECK(c, s.links_want == 1, "an <img src> counts as a link");
	scan(a, h, "https://b.example/p", &s);
	CHECK(c, s.links_want == 0, "a different address does not count");
	scan(a, "<a href=\"https://b.example/p/#frag\">x</a>",
	    "https://b.example/p/", &s);
	CHECK(c, s.links_want == 1, "a fragment is not part of the address");
	scan(a, "<p>https://b.example/p/ as text</p>", "https://b.example/p/",
	    &s);
	CHECK(c, s.links_want == 0, "an address in the text is no link");
}

static void
test_hentry(struct check *c, struct arena *a)
{
	struct html_scan	 s;

	scan(a, "<html><head><title>Site &amp; Page</title></head><body>"
	    "<article class=\"post h-entry\"><h1 class=\"p-name\">Reply "
	    "<b>title</b></h1><div class=\"p-author h-card\"><img src=a.png>"
	    "<span class=p-name>Jane Doe</span> <a class=u-url href=/>"
	    "home</a></div><div class=\"e-content\"><p>I liked <a href="
	    "\"http://t/\">this</a>.</p><p>More.</p></div></article>"
	    "<p class=p-name>not in the entry</p></body></html>",
	    "http://t/", &s);
	CHECK(c, s.hentry == 1, "an h-entry");
	CHECK(c, eq(s.title, "Site & Page"), "title: %s", s.title);
	CHECK(c, eq(s.name, "Reply title"), "p-name: %s", s.name);
	CHECK(c, eq(s.author, "Jane Doe"), "author from the h-card's "
	    "p-name: %s", s.author);
	CHECK(c, eq(s.content, "I liked this. More."), "e-content as text: "
	    "%s", s.content);
	CHECK(c, s.links_want == 1, "and the link inside");
	scan(a, "<div class=h-entry><span class=p-author>Bob</span>"
	    "<p class=p-summary>Short.</p></div>", NULL, &s);
	CHECK(c, eq(s.author, "Bob") && eq(s.summary, "Short."), "p-author "
	    "without an h-card; p-summary");
	scan(a, "<title>Only a title</title><p>Body text.</p>", NULL, &s);
	CHECK(c, s.hentry == 0 && eq(s.title, "Only a title") &&
	    eq(s.text, "Body text."), "no h-entry: title and text");
	scan(a, "<div class=h-entry><p class=p-name>unclosed <div>", NULL, &s);
	CHECK(c, eq(s.name, "unclosed"), "unclosed elements end with the "
	    "page");
}

static void
test_excerpt(struct check *c, struct arena *a)
{
	const char	*e;

	e = html_links_excerpt(a, "  one\n two   three ", 100);
	CHECK(c, eq(e, "one two three"), "white space collapsed: '%s'", e);
	e = html_links_excerpt(a, "alpha beta gamma delta", 12);
	CHECK(c, eq(e, "alpha beta\xe2\x80\xa6"), "cut at a word: '%s'", e);
	e = html_links_excerpt(a, "\xc3\xa9\xc3\xa9\xc3\xa9", 3);
	CHECK(c, eq(e, "\xc3\xa9\xe2\x80\xa6"), "never inside a character");
}

static void
test_link_header(struct check *c, struct arena *a)
{
	const char	*e;

	e = mention_link_header(a, "HTTP/1.1 200 OK\r\nLink: <https://x/"
	    "a,b>; rel=\"other\", <https://x/wm?q=1>; rel=\"x webmention\"\r\n"
	    "\r\n");
	CHECK(c, eq(e, "https://x/wm?q=1"), "Link: the value with "
	    "rel=webmention among others: %s", e ? e : "(null)");
	e = mention_link_header(a, "link: </wm>; rel=webmention\r\n");
	CHECK(c, eq(e, "/wm"), "any case, rel without quotes");
	e = mention_link_header(a, "Link: </x>; rel=\"nowebmention\"\r\n"
	    "Link: </y>; title=\"webmention\"\r\n");
	CHECK(c, e == NULL, "only the rel word webmention counts");
}

static void
test_reserved(struct check *c)
{
	CHECK(c, fetch_host_reserved("https://example.org/1") &&
	    fetch_host_reserved("http://www.Example.COM./x") &&
	    fetch_host_reserved("http://blog.test:8080/") &&
	    fetch_host_reserved("http://a.localhost/"), "example names and "
	    "reserved domains are never told");
	CHECK(c, !fetch_host_reserved("https://myexample.org/") &&
	    !fetch_host_reserved("https://example.org.uk/") &&
	    !fetch_host_reserved("http://127.0.0.1/"), "others are");
}

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };

	test_endpoints(&c, &a);
	test_links(&c, &a);
	test_hentry(&c, &a);
	test_excerpt(&c, &a);
	test_link_header(&c, &a);
	test_reserved(&c);
	arena_free(&a);
	return check_done(&c);
}
