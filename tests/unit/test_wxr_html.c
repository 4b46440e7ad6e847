/* test_wxr_html.c: unit tests for wxr_html.c (autop, shortcodes, text) and wxr_media.c (upload paths, galleries, references). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "wxr_html.h"
#include "wxr_media.h"

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

/* -- wxr_media.c ------------------------------------------------------------- */

static void
test_upload_paths(struct check *c)
{
	static const char *const paths[][2] = {
		{ "https://x.org/wp-content/uploads/2019/05/a-300x200.jpg?w=1",
		  "2019/05/a-300x200.jpg" },
		{ "/wp-content/uploads/2019/05/caf%C3%A9.jpg", "2019/05/café.jpg" },
		{ "https://i0.wp.com/x.org/wp-content/uploads/a.png#x", "a.png" },
		{ "https://blog.files.wordpress.com/2008/06/c.jpg?w=604",
		  "2008/06/c.jpg" },
		{ "/wp-content/uploads/sites/3/2019/05/a.jpg", "2019/05/a.jpg" },
		{ "https://x.org/2019/05/a.jpg", NULL },
		{ "https://evil@blog.files.wordpress.com/a.jpg", NULL },
		{ "/wp-content/uploads/../etc/passwd", NULL },
		{ "/wp-content/uploads/2019/", NULL },
		{ "/wp-content/uploads/a%2Fb.jpg", NULL },
	};
	static const char *const strips[][2] = {
		{ "2019/05/a-300x200.jpg", "2019/05/a.jpg" },
		{ "a-1024x768@2x.jpg", "a.jpg" }, { "a-scaled.jpg", "a.jpg" },
		{ "a-rotated.png", "a.png" }, { "a-e1556964000.jpg", "a.jpg" },
		{ "a-b.jpg", NULL }, { "a-300x.jpg", NULL }, { "300x200.jpg", NULL },
		{ "2019/05/-300x200.jpg", NULL }, { "a-e123.jpg", NULL },
	};
	struct arena	 a = { 0 };
	const char	*r;
	char		 buf[100];
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		r = wxr_upload_path(&a, paths[i][0]);
		CHECK(c, paths[i][1] == NULL ? r == NULL : r != NULL &&
		    strcmp(r, paths[i][1]) == 0, "upload path of %s: %s",
		    paths[i][0], r ? r : "(none)");
	}
	for (i = 0; i < sizeof(strips) / sizeof(strips[0]); i++) {
		(void)snprintf(buf, sizeof(buf), "%s", strips[i][0]);
		CHECK(c, strips[i][1] == NULL ? wxr_upload_strip(buf) == 0 &&
		    strcmp(buf, strips[i][0]) == 0 : wxr_upload_strip(buf) &&
		    strcmp(buf, strips[i][1]) == 0, "strip %s: %s",
		    strips[i][0], buf);
	}
	CHECK(c, wxr_upload_width("2019/a-300x200.jpg") == 300 &&
	    wxr_upload_width("a-scaled.jpg") == 0, "width of a size variant");
	CHECK(c, strcmp(wxr_file_type("x/Guide.PDF"), "application/pdf") ==
	    0 && strcmp(wxr_file_type("x/a.svg"), "application/octet-stream")
	    == 0 && strcmp(wxr_file_type("x/a.html"),
	    "application/octet-stream") == 0 && strcmp(wxr_file_type("x/a"),
	    "application/octet-stream") == 0, "file types: HTML and SVG are "
	    "downloads");
	arena_free(&a);
}

/* A photo every lookup finds: id 7 (wp-image-7, upload 2019/a.jpg). */
static struct media_variant	 vars[] = {
	{ "jpeg", 800, 600, "ab/ab00000000000000000000-800.jpg", 1 },
	{ "webp", 800, 600, "ab/ab00000000000000000000-800.webp", 1 },
};

static int
fake_found(const char *what, struct wxr_found *f)
{
	memset(f, 0, sizeof(*f));
	if (strcmp(what, "7") == 0 || strstr(what, "2019/a") != NULL) {
		f->m.v = vars;
		f->m.nv = 2;
		f->m.alt = "Alt";
		f->m.caption = "A <caption>";
		return 1;
	}
	if (strstr(what, "doc.pdf") != NULL) {
		f->url = "/media/cd/cd00000000000000000000/doc.pdf";
		return 1;
	}
	return 0;
}

static int
fake_id(void *arg, struct arena *a, const char *id, struct wxr_found *f)
{
	(void)arg;
	(void)a;
	return fake_found(id, f);
}

static int
fake_url(void *arg, struct arena *a, const char *url, struct wxr_found *f)
{
	(void)arg;
	return wxr_upload_path(a, url) != NULL && fake_found(url, f);
}

static int
fake_attached(void *arg, struct arena *a, const char ***ids)
{
	static const char	*seven[] = { "7", "8", "7" };

	(void)arg;
	(void)a;
	*ids = seven;
	return 3;
}

static void
test_media_rewrite(struct check *c)
{
	struct arena		 a = { 0 };
	struct wxr_media	 md = { 0 };
	struct wxr_notes	 notes = { 0 };
	struct buf		 out = { 0 };
	const char		*s;

	md.by_id = fake_id;
	md.by_url = fake_url;
	md.attached = fake_attached;
	md.a = &a;
	s = "<p><a href=\"/wp-content/uploads/2019/a.jpg\"><img class=\"x "
	    "wp-image-9\" src=\"/wp-content/uploads/2019/a-300x200.jpg\" "
	    "alt=\"Mine\"></a> <img src=\"/wp-content/uploads/2019/b.jpg\" "
	    "srcset=\"/wp-content/uploads/2019/a.jpg 800w, /x.jpg 2w\">"
	    "<a href='/wp-content/uploads/doc.pdf'>/wp-content/uploads/"
	    "doc.pdf</a></p>";
	wxr_media_rewrite(&out, s, strlen(s), &md);
	CHECK(c, strstr(buf_str(&out), "<a href=\"/media/ab/ab000000000000000"
	    "00000-800.jpg\"><picture><source type=\"image/webp\"") != NULL &&
	    strstr(buf_str(&out), "alt=\"Mine\" decoding") != NULL,
	    "an <img> of a photo in a link: the link to the photo, a "
	    "<picture>, its own alt, not lazy: %s", buf_str(&out));
	CHECK(c, strstr(buf_str(&out), "<img src=\"/wp-content/uploads/2019/"
	    "b.jpg\" srcset=\"/media/ab/ab00000000000000000000-800.jpg 800w, "
	    "/x.jpg 2w\">") != NULL, "an unknown <img> kept, its srcset's "
	    "known URL changed");
	CHECK(c, strstr(buf_str(&out), "<a href=\"/media/cd/cd00000000000000"
	    "000000/doc.pdf\">doc.pdf</a>") != NULL, "a link to a file, its "
	    "old URL as text made the file's name");
	buf_reset(&out);
	md.placed = 0;
	s = "[gallery columns=\"2\" exclude=\"8\"]";
	wxr_html_media(&out, s, strlen(s), 0, &notes, &md);
	CHECK(c, strstr(buf_str(&out), "<div class=\"gallery "
	    "gallery-columns-2\">") != NULL && notes.gallery_made == 1 &&
	    strstr(buf_str(&out), "<figcaption>A &lt;caption&gt;</figcaption>")
	    != NULL, "[gallery] without ids: the attached photos, captions "
	    "escaped: %s", buf_str(&out));
	buf_reset(&out);
	s = "[gallery ids=\"1,2\"]";
	wxr_html_media(&out, s, strlen(s), 0, &notes, &md);
	CHECK(c, out.len == 0 && notes.gallery == 1, "[gallery] of unknown "
	    "photos dropped and counted");
	buf_free(&out);
	arena_free(&a);
}

int
main(void)
{
	struct check	 c = { 0 };

	test_upload_paths(&c);
	test_media_rewrite(&c);
	test_truncated_shortcodes(&c);
	test_autop(&c);
	test_shortcodes(&c);
	test_html(&c);
	test_text(&c);
	return check_done(&c);
}
