/* test_markdown.c: post and comment rendering is safe. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "html.h"
#include "markdown.h"

static const char *
post(struct arena *a, const char *md)
{
	return html_str(md_render_post(a, md, strlen(md)));
}

static const char *
cmt(struct arena *a, const char *md)
{
	return html_str(md_render_comment(a, md, strlen(md)));
}

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };
	struct buf	 b = { 0 };
	const char	*h;

	h = post(&a, "# Title\n\nSome *text*.\n");
	CHECK(&c, strstr(h, "<h1>Title</h1>") && strstr(h, "<em>text</em>"),
	    "posts keep headings and emphasis");
	h = post(&a, "<script>alert(1)</script>\n\nok\n");
	CHECK(&c, strstr(h, "<script") == NULL, "raw HTML is dropped: %s", h);
	h = post(&a, "[x](javascript:alert(1)) [y](vbscript:x) [z](data:text/html,x)");
	CHECK(&c, strstr(h, "javascript:") == NULL &&
	    strstr(h, "vbscript:") == NULL && strstr(h, "data:text") == NULL,
	    "unsafe link schemes are dropped: %s", h);
	h = post(&a, "\"quotes\" -- dashes\n");
	CHECK(&c, strstr(h, "\xe2\x80\x9cquotes\xe2\x80\x9d") != NULL,
	    "smart punctuation: %s", h);

	h = cmt(&a, "see [this](https://example.org/)");
	CHECK(&c, strstr(h, "<a rel=\"nofollow ugc noopener\" "
	    "href=\"https://example.org/\">") != NULL,
	    "comment links get rel=nofollow ugc noopener: %s", h);
	h = cmt(&a, "# Shouting\n\ntext");
	CHECK(&c, strstr(h, "<h1") == NULL && strstr(h, "Shouting") != NULL,
	    "comment headings become plain text: %s", h);
	h = cmt(&a, "![alt text](https://example.org/x.png)");
	CHECK(&c, strstr(h, "<img") == NULL &&
	    strstr(h, "href=\"https://example.org/x.png\"") != NULL,
	    "comment images become links: %s", h);
	h = cmt(&a, "<img src=x onerror=alert(1)> <a href=\"x\">y</a>");
	CHECK(&c, strstr(h, "<img") == NULL && strstr(h, "onerror") == NULL,
	    "raw HTML in comments is dropped: %s", h);
	h = cmt(&a, "[x](javascript:alert(1))");
	CHECK(&c, strstr(h, "javascript") == NULL,
	    "javascript: links in comments are dropped: %s", h);
	h = cmt(&a, "text with <a href=\"y\"> written out");
	CHECK(&c, strstr(h, "<a rel") == NULL,
	    "a written-out '<a href=' is text, not a link: %s", h);

	md_summary(&b, "<p>One &amp; two <b>three</b></p><p>four five</p>",
	    48, 4);
	CHECK(&c, strcmp(buf_str(&b), "One & two three [\xe2\x80\xa6]") == 0,
	    "summary: tags dropped, entities decoded, cut: '%s'", buf_str(&b));
	buf_reset(&b);
	md_summary(&b, "<p>caf&#233; &#x65E5;</p>", 25, 55);
	CHECK(&c, strcmp(buf_str(&b), "caf\xc3\xa9 \xe6\x97\xa5") == 0,
	    "summary decodes numeric entities: '%s'", buf_str(&b));
	buf_free(&b);
	arena_free(&a);
	return check_done(&c);
}
