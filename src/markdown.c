/* markdown.c: Markdown to HTML with cmark, when text is saved. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
#include "markdown.h"

const struct html *
md_render_post(struct arena *a, const char *s, size_t n)
{
	char		*out, *copy;
	size_t		 len;

	/* CMARK_OPT_DEFAULT is safe in cmark 0.30: no CMARK_OPT_UNSAFE. */
	out = cmark_markdown_to_html(s, n, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
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
