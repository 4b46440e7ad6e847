/* test_wxr_html.c: unit tests for wxr_html.c (autop, shortcodes, text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "wxr_html.h"

enum fn {
	AUTOP,
	SHORTCODES,
	HTML,
	TEXT
};

/* Run fn over s (a heap copy without terminator, for ASan); the result
   in a static buffer. */
static const char *
run(enum fn fn, const char *s, struct wxr_notes *notes)
{
	static struct buf	 out;
	size_t			 n = strlen(s);
	char			*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(p, s, n);
	buf_free(&out);
	switch (fn) {
	case AUTOP:
		wxr_autop(&out, p, n);
		break;
	case SHORTCODES:
		wxr_shortcodes(&out, p, n, notes);
		break;
	case HTML:
		wxr_html(&out, p, n, 0, notes);
		break;
	case TEXT:
		wxr_text(&out, p, n);
		break;
	}
	free(p);
	return buf_str(&out);
}

/* s on one line, at most 50 bytes, newlines shown as \\n. */
static const char *
label(const char *s)
{
	static char	 l[64];
	size_t		 i, k = 0;

	for (i = 0; s[i] != '\0' && k < 50; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			l[k++] = '\\';
			l[k++] = s[i] == '\n' ? 'n' : 'r';
		} else if ((unsigned char)s[i] < 0x20)
			l[k++] = '?';
		else
			l[k++] = s[i];
	}
	l[k] = '\0';
	return l;
}

static void
eq(struct check *c, enum fn fn, const char *in, const char *want)
{
	static const char *const names[] = { "autop", "shortcodes", "html",
	    "text" };
	const char	*got = run(fn, in, NULL);
	int		 ok = strcmp(got, want) == 0;

	CHECK(c, ok, "%s %s", names[fn], label(in));
	if (!ok)
		printf("#   in:   %s\n#   got:  %s\n#   want: %s\n", in, got,
		    want);
}

static void
test_autop(struct check *c)
{
	eq(c, AUTOP, "", "");
	eq(c, AUTOP, "Hello", "<p>Hello</p>\n");
	eq(c, AUTOP, "One\n\nTwo", "<p>One</p>\n<p>Two</p>\n");
	eq(c, AUTOP, "One\r\n\r\nTwo\r\n", "<p>One</p>\n<p>Two</p>\n");
	eq(c, AUTOP, "One\n \n\n\nTwo", "<p>One</p>\n<p>Two</p>\n");
	eq(c, AUTOP, "line one\nline two",
	    "<p>line one<br />\nline two</p>\n");
	eq(c, AUTOP, "<em>a</em>\nb", "<p><em>a</em><br />\nb</p>\n");
	eq(c, AUTOP, "a<br>\nb", "<p>a<br>\nb</p>\n");
	eq(c, AUTOP, "<div>x</div>", "<div>x</div>\n");
	eq(c, AUTOP, "Text\n<div>block</div>\nMore",
	    "<p>Text</p>\n<div>block</div>\n<p>More</p>\n");
	eq(c, AUTOP, "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
	    "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
	eq(c, AUTOP, "<table><tr><td>a</td></tr></table>",
	    "<table>\n<tr>\n<td>a</td>\n</tr>\n</table>\n");
	eq(c, AUTOP, "<blockquote>Quote</blockquote>",
	    "<blockquote>Quote</blockquote>\n");
	eq(c, AUTOP, "<blockquote>\n\nQuote\n\n</blockquote>",
	    "<blockquote>\n<p>Quote</p>\n</blockquote>\n");
	eq(c, AUTOP, "<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>\n");
	eq(c, AUTOP, "<figure><img src=\"a.jpg\"></figure>",
	    "<figure><img src=\"a.jpg\"></figure>\n");
	eq(c, AUTOP, "text</div>", "<p>text</p></div>\n");
	eq(c, AUTOP, "<pre>a\n\nb\n  c</pre>", "<pre>a\n\nb\n  c</pre>\n");
	eq(c, AUTOP, "x\n\n<pre>\n1\n\n2</pre>\n\ny",
	    "<p>x</p>\n<pre>\n1\n\n2</pre>\n<p>y</p>\n");
	eq(c, AUTOP, "<script>a\n\nb</script>", "<p><script>a\n\nb</script>"
	    "</p>\n");
	eq(c, AUTOP, "<!--more-->\n\nText", "<!--more-->\n<p>Text</p>\n");
	eq(c, AUTOP, "<a href=\"x\n\ny\">l</a>",
	    "<p><a href=\"x\n\ny\">l</a></p>\n");
	eq(c, AUTOP, "a\n<hr />\nb", "<p>a</p>\n<hr />\n<p>b</p>\n");
	eq(c, AUTOP, "<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->",
	    "<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->");
	eq(c, AUTOP, "<p>already</p>\n\n<p>wrapped</p>",
	    "<p>already</p>\n<p>wrapped</p>\n");
	eq(c, AUTOP, "a\n<div>\nb\n</div>", "<p>a</p>\n<div>\nb\n</div>\n");
}

static void
test_shortcodes(struct check *c)
{
	struct wxr_notes	 notes = { 0 };

	eq(c, SHORTCODES, "no codes [here]", "no codes [here]");
	eq(c, SHORTCODES, "[caption id=\"attachment_1\" align=\"alignright\" "
	    "width=\"300\"]<a href=\"/x\"><img src=\"/a.jpg\" /></a> A cat"
	    "[/caption]",
	    "<figure id=\"attachment_1\" class=\"wp-caption alignright\">"
	    "<a href=\"/x\"><img src=\"/a.jpg\" /></a><figcaption "
	    "class=\"wp-caption-text\">A cat</figcaption></figure>");
	eq(c, SHORTCODES, "[caption caption=\"Hi\"]<img src=\"b\">[/caption]",
	    "<figure class=\"wp-caption\"><img src=\"b\"><figcaption "
	    "class=\"wp-caption-text\">Hi</figcaption></figure>");
	eq(c, SHORTCODES, "[caption]no end", "[caption]no end");
	eq(c, SHORTCODES, "a [gallery ids=\"1,2\"] b", "a  b");
	eq(c, SHORTCODES, "[gallery]", "");
	eq(c, SHORTCODES, "[embed]https://example.org/v?a=1&amp;b=2[/embed]",
	    "<a href=\"https://example.org/v?a=1&amp;b=2\">"
	    "https://example.org/v?a=1&amp;b=2</a>");
	eq(c, SHORTCODES, "[audio mp3=\"https://e.org/a.mp3\"][/audio]",
	    "<a href=\"https://e.org/a.mp3\">https://e.org/a.mp3</a>");
	eq(c, SHORTCODES, "[audio https://e.org/b.mp3]",
	    "<a href=\"https://e.org/b.mp3\">https://e.org/b.mp3</a>");
	eq(c, SHORTCODES, "[playlist ids=\"1\"]", "");
	eq(c, SHORTCODES, "[[gallery]]", "[gallery]");
	eq(c, SHORTCODES, "Text\nhttps://youtu.be/x\nmore",
	    "Text\n<a href=\"https://youtu.be/x\">https://youtu.be/x</a>\n"
	    "more");
	eq(c, SHORTCODES, "see https://e.org/ here", "see https://e.org/ here");
	run(SHORTCODES, "[gallery] [gallery columns=2] [caption]<img src=x>"
	    "c[/caption] [video src=\"v.mp4\"]", &notes);
	CHECK(c, notes.gallery == 2 && notes.caption == 1 && notes.media == 1,
	    "notes count galleries %d, captions %d, media %d", notes.gallery,
	    notes.caption, notes.media);
}

static void
test_html(struct check *c)
{
	eq(c, HTML, "Hi\n\n[caption id=\"a\" align=\"alignleft\"]<img src="
	    "\"x.jpg\" onload=\"bad()\" /> Cap <b>bold</b>[/caption]\n\nBye",
	    "<p>Hi</p>\n<figure id=\"a\" class=\"wp-caption alignleft\">"
	    "<img src=\"x.jpg\">\n<figcaption class=\"wp-caption-text\">"
	    "Cap <b>bold</b></figcaption>\n</figure>\n<p>Bye</p>\n");
	eq(c, HTML, "[embed]javascript:alert(1)[/embed]",
	    "<p><a>javascript:alert(1)</a></p>\n");
	eq(c, HTML, "a <script>x\n\ny</script> b", "<p>a  b</p>\n");
	eq(c, HTML, "<strong>bold\n\nstill</strong>",
	    "<p><strong>bold</strong></p>\n<p>still</p>\n");
}

static void
test_text(struct check *c)
{
	eq(c, TEXT, "A &amp; B", "A & B");
	eq(c, TEXT, "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>",
	    "Markup: Title With Markup");
	eq(c, TEXT, "  spaced \n\t out  ", "spaced out");
	eq(c, TEXT, "Ping 1 &laquo; What&#8217;s a Blog",
	    "Ping 1 \xc2\xab What\xe2\x80\x99s a Blog");
	eq(c, TEXT, "AT&T &unknown; &#x41;", "AT&T &unknown; A");
	eq(c, TEXT, "I <3 cats", "I <3 cats");
	eq(c, TEXT, "ctl\x01\x7f char", "ctl char");
	eq(c, TEXT, "<p>one</p><p>two</p>", "one two");
	eq(c, TEXT, "&#0;&#xD800;", "\xef\xbf\xbd\xef\xbf\xbd");
}

/*
 * The fuzzer found a read past the end of the input in the [caption]
 * code: every prefix of these shortcodes, each in a heap buffer of
 * exactly its size (so that ASan sees any overread), must be handled.
 */
static void
test_truncated_shortcodes(struct check *c)
{
	static const char *const inputs[] = {
		"[caption id=\"attachment_1\" align=\"alignright\" "
		    "width=\"300\"]<a href=\"/x\"><img src=\"/a.jpg\" /></a> "
		    "A cat[/caption]",
		"[caption]<img src=\"/a.jpg\">text",
		"[gallery ids=\"1,2\"][embed]https://example.org/v[/embed]",
		"[[caption]] [caption caption=\"x\"]y[/caption",
	};
	struct buf	 out = { 0 };
	size_t		 i, n, len;
	char		*copy;
	int		 ok = 1;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		len = strlen(inputs[i]);
		for (n = 0; n <= len; n++) {
			if ((copy = malloc(n ? n : 1)) == NULL)
				abort();
			memcpy(copy, inputs[i], n);
			buf_reset(&out);
			wxr_shortcodes(&out, copy, n, NULL);
			buf_reset(&out);
			wxr_html(&out, copy, n, 0, NULL);
			free(copy);
		}
	}
	buf_free(&out);
	CHECK(c, ok, "every prefix of caption, gallery and embed shortcodes "
	    "is read within its bounds");
}

int
main(void)
{
	struct check	 c = { 0 };

	test_truncated_shortcodes(&c);
	test_autop(&c);
	test_shortcodes(&c);
	test_html(&c);
	test_text(&c);
	return check_done(&c);
}
