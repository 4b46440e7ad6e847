/* markdown.c: Markdown to HTML with cmark, when text is saved. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "html.h"
#include "markdown.h"
#include "media.h"

/* The layout's column: a photo is the screen's width up to 800 px. */
#define PHOTO_SIZES	"(max-width: 800px) 100vw, 800px"

const struct html *
md_render_post(struct arena *a, const char *s, size_t n)
{
	return md_render_post_photos(a, s, n, NULL);
}

/* srcset="..." of every variant of m in format. */
static void
srcset(struct buf *out, const struct media *m, const char *format)
{
	const char	*sep = "";
	int		 i;

	buf_puts(out, " srcset=\"");
	/* Narrowest first, as they are listed (widest first per format). */
	for (i = m->nv - 1; i >= 0; i--) {
		if (strcmp(m->v[i].format, format) != 0)
			continue;
		buf_printf(out, "%s/media/", sep);
		esc_html_attr(out, m->v[i].file, strlen(m->v[i].file));
		buf_printf(out, " %dw", m->v[i].width);
		sep = ", ";
	}
	buf_puts(out, "\"");
}

void
md_picture(struct buf *out, const struct media *m, const char *alt,
    const char *href, int first)
{
	const struct media_variant	*v;
	const char			*fmt;

	if ((v = media_widest(m, "jpeg")) == NULL &&
	    (v = media_widest(m, "png")) == NULL &&
	    (v = media_widest(m, "gif")) == NULL &&
	    (v = media_widest(m, "webp")) == NULL)
		return;
	fmt = v->format;
	if (href != NULL) {
		buf_puts(out, "<a class=\"photo\" href=\"");
		esc_html_attr(out, href, strlen(href));
		buf_puts(out, "\">");
	}
	buf_puts(out, "<picture>");
	if (strcmp(fmt, "webp") != 0 && media_widest(m, "webp") != NULL) {
		buf_puts(out, "<source type=\"image/webp\"");
		srcset(out, m, "webp");
		buf_puts(out, " sizes=\"" PHOTO_SIZES "\">");
	}
	buf_puts(out, "<img src=\"/media/");
	esc_html_attr(out, v->file, strlen(v->file));
	buf_puts(out, "\"");
	srcset(out, m, fmt);
	buf_printf(out, " sizes=\"" PHOTO_SIZES "\" width=\"%d\" "
	    "height=\"%d\" alt=\"", v->width, v->height);
	esc_html_attr(out, alt, strlen(alt));
	buf_printf(out, "\"%s decoding=\"async\"></picture>",
	    first ? "" : " loading=\"lazy\"");
	if (href != NULL)
		buf_puts(out, "</a>");
}

/* The text of an image's description (its children), for alt. */
static void
plain_text(struct buf *out, cmark_node *node)
{
	cmark_node	*c;
	const char	*lit;

	for (c = cmark_node_first_child(node); c != NULL;
	    c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(c)) != NULL)
				buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			plain_text(out, c);
		}
	}
}

static int
inside_link(cmark_node *node)
{
	while ((node = cmark_node_parent(node)) != NULL)
		if (cmark_node_get_type(node) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/*
 * Put the photo m in place of the image node: a custom node whose text is
 * HTML made here (escaped), which cmark emits as it is even in safe mode
 * (no Markdown can make such a node).
 */
static void
place_photo(struct arena *a, cmark_node *img, const struct media *m,
    int first)
{
	struct buf	 alt = { 0 }, html = { 0 };
	cmark_node	*para, *nn;
	const char	*title, *href;
	int		 figure;

	plain_text(&alt, img);
	if (alt.len == 0)
		buf_puts(&alt, m->alt);
	title = cmark_node_get_title(img);
	if ((title == NULL || *title == '\0') && m->caption != NULL)
		title = m->caption;	/* the library's caption */
	para = cmark_node_parent(img);
	figure = title != NULL && *title != '\0' && para != NULL &&
	    cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH &&
	    cmark_node_first_child(para) == img &&
	    cmark_node_last_child(para) == img;
	href = inside_link(img) ? NULL : media_url(a, m);
	if (figure)
		buf_puts(&html, "<figure class=\"photo\">");
	md_picture(&html, m, buf_str(&alt), href, first);
	if (figure) {
		buf_puts(&html, "<figcaption>");
		esc_html_text(&html, title, strlen(title));
		buf_puts(&html, "</figcaption></figure>");
	}
	nn = cmark_node_new(figure ? CMARK_NODE_CUSTOM_BLOCK :
	    CMARK_NODE_CUSTOM_INLINE);
	cmark_node_set_on_enter(nn, buf_str(&html));
	cmark_node_set_on_exit(nn, "");
	if (figure) {
		cmark_node_replace(para, nn);
		cmark_node_free(para);
	} else {
		cmark_node_replace(img, nn);
		cmark_node_free(img);
	}
	buf_free(&alt);
	buf_free(&html);
}

/* Replace every image that names a known photo, in document order. */
static void
place_photos(struct arena *a, cmark_node *doc, const struct md_photos *ph)
{
	cmark_iter	*it;
	cmark_node	*node, **imgs = NULL;
	struct media	*ms = NULL;
	const char	*url;
	int		 n = 0, cap = 0, i;

	/* Collect first, then change: the iterator must not see a freed node. */
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(node) != CMARK_NODE_IMAGE ||
		    (url = cmark_node_get_url(node)) == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			imgs = realloc(imgs, sizeof(*imgs) * (size_t)cap);
			ms = realloc(ms, sizeof(*ms) * (size_t)cap);
			if (imgs == NULL || ms == NULL)
				abort();
		}
		if (ph->lookup(ph->arg, a, url, &ms[n]) == 1 && ms[n].nv > 0)
			imgs[n++] = node;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++)
		place_photo(a, imgs[i], &ms[i], i == 0);
	free(imgs);
	free(ms);
}

const struct html *
md_render_post_photos(struct arena *a, const char *s, size_t n,
    const struct md_photos *photos)
{
	cmark_node	*doc;
	char		*out, *copy;
	size_t		 len;

	/* CMARK_OPT_DEFAULT is safe in cmark 0.30: no CMARK_OPT_UNSAFE. */
	doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	if (doc == NULL)
		abort();
	if (photos != NULL && photos->lookup != NULL)
		place_photos(a, doc, photos);
	out = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	cmark_node_free(doc);
	if (out == NULL)
		abort();
	len = strlen(out);
	copy = arena_strndup(a, out, len);
	free(out);
	return html_trust(a, copy, len);
}

/* Move node's children to a new node of type t and put it in its place. */
static void
retype(cmark_node *node, cmark_node_type t, const char *url)
{
	cmark_node	*nn, *child;

	nn = cmark_node_new(t);
	if (url != NULL)
		cmark_node_set_url(nn, url);
	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_append_child(nn, child);
	cmark_node_replace(node, nn);
	cmark_node_free(node);
}

const struct html *
md_render_comment(struct arena *a, const char *s, size_t n)
{
	cmark_node	*doc, *node, *next;
	cmark_iter	*it;
	cmark_event_type ev;
	struct buf	 out = { 0 };
	char		*html, *p, *q;
	const struct html *h;

	doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	if (doc == NULL)
		abort();
	/* Collect first, then change: the iterator must not see a freed node. */
	for (;;) {
		next = NULL;
		it = cmark_iter_new(doc);
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			node = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER &&
			    (cmark_node_get_type(node) == CMARK_NODE_HEADING ||
			    cmark_node_get_type(node) == CMARK_NODE_IMAGE)) {
				next = node;
				break;
			}
		}
		cmark_iter_free(it);
		if (next == NULL)
			break;
		if (cmark_node_get_type(next) == CMARK_NODE_HEADING)
			retype(next, CMARK_NODE_PARAGRAPH, NULL);
		else
			retype(next, CMARK_NODE_LINK, cmark_node_get_url(next));
	}
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	cmark_node_free(doc);
	if (html == NULL)
		abort();
	/* Safe mode escapes all text, so "<a href=" only starts real links. */
	for (p = html; (q = strstr(p, "<a href=")) != NULL; p = q + 3) {
		buf_add(&out, p, (size_t)(q - p));
		buf_puts(&out, "<a rel=\"nofollow ugc noopener\" ");
	}
	buf_puts(&out, p);
	free(html);
	h = html_trust(a, arena_strndup(a, buf_str(&out), out.len), out.len);
	buf_free(&out);
	return h;
}

/* Append the UTF-8 encoding of code point cp. */
static void
put_utf8(struct buf *b, unsigned long cp)
{
	char	 u[4];

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(b, u, 4);
	}
}

/* Decode the entity at s (after '&'); returns bytes consumed, 0 if none. */
static size_t
entity(struct buf *b, const char *s, size_t n)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "#39;", "'" }, { "apos;", "'" },
		{ "nbsp;", " " },
	};
	size_t		 i, len;
	unsigned long	 cp = 0;
	int		 hex;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		len = strlen(named[i].name);
		if (n >= len && memcmp(s, named[i].name, len) == 0) {
			buf_puts(b, named[i].text);
			return len;
		}
	}
	if (n < 3 || s[0] != '#')
		return 0;
	hex = s[1] == 'x' || s[1] == 'X';
	for (i = hex ? 2 : 1; i < n && i < 10; i++) {
		if (s[i] == ';')
			break;
		if (s[i] >= '0' && s[i] <= '9')
			cp = cp * (hex ? 16 : 10) + (unsigned long)(s[i] - '0');
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			cp = cp * 16 + (unsigned long)(s[i] - 'a' + 10);
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			cp = cp * 16 + (unsigned long)(s[i] - 'A' + 10);
		else
			return 0;
	}
	if (i >= n || s[i] != ';' || i == (hex ? 2u : 1u))
		return 0;
	put_utf8(b, cp);
	return i + 1;
}

/* Is the tag starting at s (after '<') a block-level one? */
static int
block_tag(const char *s, size_t n)
{
	static const char *const blocks[] = { "p", "br", "li", "ul", "ol",
	    "h1", "h2", "h3", "h4", "h5", "h6", "div", "pre", "blockquote",
	    "tr", "td", "th", "table", "hr", "dd", "dt", "figure",
	    "figcaption", "section", "article", "img" };
	size_t	 i, len, k;

	if (n > 0 && s[0] == '/')
		s++, n--;
	for (len = 0; len < n && ((s[len] >= 'a' && s[len] <= 'z') ||
	    (s[len] >= 'A' && s[len] <= 'Z') || (s[len] >= '0' &&
	    s[len] <= '9')); len++)
		;
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		k = strlen(blocks[i]);
		if (k == len && strncasecmp(s, blocks[i], k) == 0)
			return 1;
	}
	return 0;
}

void
md_summary(struct buf *out, const char *html, size_t n, int words)
{
	struct buf	 text = { 0 };
	size_t		 i, used;
	int		 space = 1, count = 0, cut = 0;
	const char	*p, *end;

	/* Text without tags, entities decoded. */
	for (i = 0; i < n; i++) {
		if (html[i] == '<') {
			/* Block elements separate words; inline ones do not. */
			if (block_tag(html + i + 1, n - i - 1))
				buf_putc(&text, ' ');
			while (i < n && html[i] != '>')
				i++;
			continue;
		}
		if (html[i] == '&' &&
		    (used = entity(&text, html + i + 1, n - i - 1)) > 0) {
			i += used;
			continue;
		}
		buf_putc(&text, html[i]);
	}
	/* Fold white space, count words. */
	p = buf_str(&text);
	end = p + text.len;
	for (; p < end; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space) {
			if (count == words) {
				cut = 1;
				break;
			}
			if (count > 0)
				buf_putc(out, ' ');
			count++;
			space = 0;
		}
		buf_putc(out, *p);
	}
	if (cut)
		buf_puts(out, " [\xe2\x80\xa6]");
	buf_free(&text);
}
