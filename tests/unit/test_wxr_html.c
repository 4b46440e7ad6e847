/* test_wxr_html.c: unit tests for wxr_html.c (autop, shortcodes, sanitizer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "wxr_html.h"

enum fn {
	AUTOP,
	SHORTCODES,
	SANITIZE,
	SANITIZE_COMMENT,
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
	case SANITIZE:
		wxr_sanitize(&out, p, n, 0, notes);
		break;
	case SANITIZE_COMMENT:
		wxr_sanitize(&out, p, n, 1, notes);
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
	static const char *const names[] = { "autop", "shortcodes",
	    "sanitize", "sanitize (comment)", "html", "text" };
	const char	*got = run(fn, in, NULL);
	int		 ok = strcmp(got, want) == 0;

	CHECK(c, ok, "%s %s", names[fn], label(in));
	if (!ok)
		printf("#   in:   %s\n#   got:  %s\n#   want: %s\n", in, got,
		    want);
}

/* The sanitized output must not contain needle (case-insensitive). */
static void
lacks(struct check *c, const char *in, const char *needle)
{
	const char	*got = run(SANITIZE, in, NULL);
	char		*low, *p;

	if ((low = strdup(got)) == NULL)
		abort();
	for (p = low; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	CHECK(c, strstr(low, needle) == NULL, "no '%s' in sanitized %s",
	    needle, label(in));
	if (strstr(low, needle) != NULL)
		printf("#   got: %s\n", got);
	free(low);
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
test_sanitize(struct check *c)
{
	struct wxr_notes	 notes = { 0 };

	eq(c, SANITIZE, "<p>Hello <b>world</b></p>",
	    "<p>Hello <b>world</b></p>");
	eq(c, SANITIZE, "a<script>alert(1)</script>b", "ab");
	eq(c, SANITIZE, "a<SCRIPT type=x>alert(1)</ScRiPt >b", "ab");
	eq(c, SANITIZE, "a<script>never closed", "a");
	eq(c, SANITIZE, "<style>p{}</style>x", "x");
	eq(c, SANITIZE, "<iframe src=\"https://e.org\">fallback</iframe>x",
	    "x");
	eq(c, SANITIZE, "<object data=\"x.swf\"><param name=a>t</object>y",
	    "y");
	eq(c, SANITIZE, "<embed src=\"x.swf\">z", "z");
	eq(c, SANITIZE, "<img src=\"x.png\" onerror=\"alert(1)\">",
	    "<img src=\"x.png\">");
	eq(c, SANITIZE, "<img src=x OnError=alert(1) alt='a \"b\"'>",
	    "<img src=\"x\" alt=\"a &quot;b&quot;\">");
	eq(c, SANITIZE, "<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"jav&#9;ascript:alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=\" \x01javascript:alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"java\nscript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"&#106;avascript:alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"&#x6A&#x61vascript:alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"javascript&colon;alert(1)\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<a href=javascript:alert(1)>x</a>", "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"vbscript:msgbox\">x</a>", "<a>x</a>");
	eq(c, SANITIZE, "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
	    "<a>x</a>");
	eq(c, SANITIZE, "<img src=\"DATA:image/svg+xml,<svg onload=x>\">",
	    "<img>");
	eq(c, SANITIZE, "<img srcset=\"a.png 1x, javascript:x 2x\">", "<img>");
	eq(c, SANITIZE, "<img srcset=\"a.png 1x, b.png 2x\">",
	    "<img srcset=\"a.png 1x, b.png 2x\">");
	eq(c, SANITIZE, "<a href=\"https://e.org/?a=1&amp;b=2\">x</a>",
	    "<a href=\"https://e.org/?a=1&amp;b=2\">x</a>");
	eq(c, SANITIZE, "<a href=\"/2020/01/x/\">x</a>",
	    "<a href=\"/2020/01/x/\">x</a>");
	eq(c, SANITIZE, "<a href=\"mailto:a@b.c\">m</a>",
	    "<a href=\"mailto:a@b.c\">m</a>");
	eq(c, SANITIZE, "<a href=\"page.html\">p</a>",
	    "<a href=\"page.html\">p</a>");
	eq(c, SANITIZE, "<form action=\"javascript:x\"><button formaction="
	    "\"javascript:y\">b</button></form>",
	    "<form><button>b</button></form>");
	eq(c, SANITIZE, "<svg><script>alert(1)</script></svg>ok", "ok");
	eq(c, SANITIZE, "<math><mi xlink:href=\"javascript:x\">m</mi></math>"
	    "ok", "ok");
	eq(c, SANITIZE, "<div style=\"width:expression(alert(1))\">d</div>",
	    "<div>d</div>");
	eq(c, SANITIZE, "<p style=\"text-align: center\">c</p>",
	    "<p style=\"text-align: center\">c</p>");
	eq(c, SANITIZE, "<!-- comment --><p>x<!-- --></p>", "<p>x</p>");
	eq(c, SANITIZE, "1 < 2 <3", "1 &lt; 2 &lt;3");
	eq(c, SANITIZE, "<p>unclosed <em>tags", "<p>unclosed <em>tags</em></p>");
	eq(c, SANITIZE, "stray</div> end</p>", "stray end");
	eq(c, SANITIZE, "<p>one<p>two", "<p>one</p><p>two</p>");
	eq(c, SANITIZE, "<p>para<div>block</div>", "<p>para</p><div>block</div>");
	eq(c, SANITIZE, "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>");
	eq(c, SANITIZE, "<em>a<b>b</em>c</b>", "<em>a<b>b</b></em>c");
	eq(c, SANITIZE, "<br/><hr /><img src=a />", "<br><hr><img src=\"a\">");
	eq(c, SANITIZE, "<p title=\"</p><script>x</script>\">t</p>",
	    "<p title=\"&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;\">t</p>");
	eq(c, SANITIZE, "<noscript><p title=\"</noscript><img src=x "
	    "onerror=alert(1)>\"></p></noscript>",
	    "<p title=\"&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;\">"
	    "</p>");
	eq(c, SANITIZE, "<meta http-equiv=refresh content=\"0;url=x\">m", "m");
	eq(c, SANITIZE, "<base href=\"https://evil.example/\">b", "b");
	eq(c, SANITIZE, "<a href=\"x\" \"bad=1 a=b>l</a>",
	    "<a href=\"x\" a=\"b\">l</a>");
	eq(c, SANITIZE, "<img src=\"x\"", "");
	eq(c, SANITIZE_COMMENT, "<a href=\"https://e.org\" rel=\"me\">e</a>",
	    "<a href=\"https://e.org\" rel=\"nofollow ugc noopener\">e</a>");
	lacks(c, "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", "javascript");
	lacks(c, "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115"
	    "&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097"
	    "\">x</a>", "href");
	lacks(c, "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;"
	    "&#x70;&#x74;&#x3A;x\">x</a>", "href");
	lacks(c, "<body onload=alert(1)>", "onload");
	lacks(c, "<div/onclick=alert(1)>x</div>", "onclick");
	lacks(c, "<scr<script>ipt>alert(1)</script>", "<script");
	lacks(c, "<<script>script>alert(1)<</script>/script>", "<script");
	lacks(c, "<svg/onload=alert(1)>", "onload");
	lacks(c, "<iframe srcdoc=\"<script>x</script>\"></iframe>", "script");
	lacks(c, "<a href=\"\x0bjavascript:x\">x</a>", "javascript");
	lacks(c, "<object><embed src=x.swf></object>", "embed");
	run(SANITIZE, "<script>x</script><img src=a onerror=b>"
	    "<a href=javascript:c>d</a>", &notes);
	CHECK(c, notes.elements == 1 && notes.attributes == 2,
	    "notes count elements %d, attributes %d", notes.elements,
	    notes.attributes);
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
	test_sanitize(&c);
	test_html(&c);
	test_text(&c);
	return check_done(&c);
}
