/* test_markdown.c: post and comment rendering is safe. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "html.h"
#include "markdown.h"
#include "media.h"

/* A fake library: "/media/1" and "/media/ab/ab..." are one photo, 1200
   by 800, in two widths as WebP and JPEG; alt text "stored <alt>". */
static struct media_variant vs[] = {
	{ "jpeg", 1200, 800, "ab/ab000000000000000000-1200.jpg", 1 },
	{ "jpeg", 480, 320, "ab/ab000000000000000000-480.jpg", 1 },
	{ "webp", 1200, 800, "ab/ab000000000000000000-1200.webp", 1 },
	{ "webp", 480, 320, "ab/ab000000000000000000-480.webp", 1 },
};

static int
lookup(void *arg, struct arena *a, const char *url, struct media *m)
{
	(void)a;
	(*(int *)arg)++;
	if (strcmp(url, "/media/1") != 0 &&
	    strncmp(url, "/media/ab/ab000000000000000000", 30) != 0)
		return 0;
	memset(m, 0, sizeof(*m));
	m->id = 1;
	m->name = "ab/ab000000000000000000";
	m->alt = "stored <alt>";
	m->width = 1200;
	m->height = 800;
	m->v = vs;
	m->nv = 4;
	return 1;
}

static const char *
photos(struct arena *a, const char *md)
{
	static int		 calls;
	struct md_photos	 ph = { lookup, &calls };

	return html_str(md_render_post_photos(a, md, strlen(md), &ph));
}

static void
test_photos(struct check *c, struct arena *a)
{
	const char	*h, *p;

	h = photos(a, "![A <b>cat</b> & \"dog\"](/media/1)\n\ntext "
	    "![second](/media/ab/ab000000000000000000-480.webp) more\n");
	CHECK(c, strncmp(h, "<p><a class=\"photo\" href=\"/media/ab/"
	    "ab000000000000000000-1200.jpg\"><picture><source type=\"image/"
	    "webp\" srcset=\"/media/ab/ab000000000000000000-480.webp 480w, "
	    "/media/ab/ab000000000000000000-1200.webp 1200w\" sizes=\"", 150)
	    == 0, "a photo: WebP source first, narrowest first: %s", h);
	CHECK(c, strstr(h, "<img src=\"/media/ab/ab000000000000000000-1200.jpg"
	    "\" srcset=\"/media/ab/ab000000000000000000-480.jpg 480w, "
	    "/media/ab/ab000000000000000000-1200.jpg 1200w\" sizes=\"(max-"
	    "width: 800px) 100vw, 800px\" width=\"1200\" height=\"800\"")
	    != NULL, "the img: JPEG srcset, sizes, width, height");
	CHECK(c, strstr(h, "alt=\"A cat &amp; \xe2\x80\x9c" "dog"
	    "\xe2\x80\x9d\" decoding=\"async\"></picture></a>") != NULL,
	    "alt text escaped (raw HTML dropped), the first photo not lazy");
	p = strstr(h, "alt=\"second\"");
	CHECK(c, p != NULL && strncmp(p, "alt=\"second\" loading=\"lazy\" "
	    "decoding=\"async\">", 44) == 0, "the second photo is lazy");
	CHECK(c, strstr(h, "<figure") == NULL, "no title: no figure");

	h = photos(a, "![](/media/1 \"A <i>caption</i> & more\")\n");
	CHECK(c, strncmp(h, "<figure class=\"photo\"><a class=\"photo\"", 38)
	    == 0 && strstr(h, "alt=\"stored &lt;alt&gt;\"") != NULL &&
	    strstr(h, "</picture></a><figcaption>A &lt;i&gt;caption&lt;/i&gt; "
	    "&amp; more</figcaption></figure>") != NULL &&
	    strstr(h, "<p>") == NULL,
	    "a titled photo alone: a figure (not in a <p>), the stored alt: %s",
	    h);

	h = photos(a, "[![x](/media/1)](https://example.org/)\n");
	CHECK(c, strstr(h, "<a href=\"https://example.org/\"><picture>") !=
	    NULL && strstr(h, "class=\"photo\"") == NULL,
	    "inside a link: not linked again: %s", h);

	h = photos(a, "![x](/media/2) ![y](https://example.org/y.png) "
	    "![z](javascript:alert(1))\n");
	CHECK(c, strstr(h, "<picture") == NULL &&
	    strstr(h, "<img src=\"/media/2\" alt=\"x\" />") != NULL &&
	    strstr(h, "javascript") == NULL,
	    "other images stay as cmark makes them (safe): %s", h);

	h = photos(a, "<script>alert(1)</script>\n\n![\"><script>](/media/1 "
	    "\"</figcaption><script>x</script>\")\n");
	CHECK(c, strstr(h, "<script") == NULL && strstr(h, "<figcaption>"
	    "&lt;/figcaption&gt;&lt;script&gt;") != NULL,
	    "nothing raw gets through alt or caption: %s", h);

	CHECK(c, strcmp(html_str(md_render_post(a, "![x](/media/1)", 14)),
	    "<p><img src=\"/media/1\" alt=\"x\" /></p>\n") == 0,
	    "without a library: a plain image");
}

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

	test_photos(&c, &a);

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
