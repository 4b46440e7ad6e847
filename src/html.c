/* html.c: the trusted-HTML type and the ways to make one. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "html.h"

struct html {
	const char	*s;
	size_t		 len;
};

const char *
html_str(const struct html *h)
{
	return h->s;
}

size_t
html_len(const struct html *h)
{
	return h->len;
}

const struct html *
html_trust(struct arena *a, const char *s, size_t len)
{
	struct html	*h;

	h = arena_alloc(a, sizeof(*h));
	h->s = s;
	h->len = len;
	return h;
}

const struct html *
html_stored(struct arena *a, const char *s)
{
	return html_trust(a, s, strlen(s));
}

const struct html *
html_text_para(struct arena *a, const char *text)
{
	struct buf	 b = { 0 };
	char		*out;
	size_t		 n;

	buf_puts(&b, "<p>");
	esc_html_text(&b, text, strlen(text));
	buf_puts(&b, "</p>");
	n = b.len;
	out = arena_strndup(a, buf_str(&b), n);
	buf_free(&b);
	return html_trust(a, out, n);
}

/* Escape text marked with \x01 (start) and \x02 (end) of a match. */
const struct html *
html_marked(struct arena *a, const char *s)
{
	struct buf	 b = { 0 };
	const char	*p;
	size_t		 n;
	char		*out;

	for (p = s; *p != '\0'; p += n) {
		n = strcspn(p, "\x01\x02");
		esc_html_text(&b, p, n);
		if (p[n] == '\x01')
			buf_puts(&b, "<mark>");
		else if (p[n] == '\x02')
			buf_puts(&b, "</mark>");
		if (p[n] != '\0')
			n++;
	}
	out = arena_strndup(a, buf_str(&b), b.len);
	n = b.len;
	buf_free(&b);
	return html_trust(a, out, n);
}

const struct html *
html_diff(struct arena *a, const char *s)
{
	static const char *const tags[] = { "", "<ins>", "</ins>", "<del>",
	    "</del>" };
	struct buf	 b = { 0 };
	const char	*p;
	size_t		 n;
	char		*out;

	for (p = s; *p != '\0'; p += n) {
		n = strcspn(p, "\x01\x02\x03\x04");
		esc_html_text(&b, p, n);
		if (p[n] != '\0') {
			buf_puts(&b, tags[(unsigned char)p[n]]);
			n++;
		}
	}
	out = arena_strndup(a, buf_str(&b), b.len);
	n = b.len;
	buf_free(&b);
	return html_trust(a, out, n);
}

/* The length of "<pre" or "<table" when p starts such a tag, else 0. */
static size_t
scroller_tag(const char *p, const char *end)
{
	static const char *const tags[] = { "<pre", "<table" };
	size_t	 i, k;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		k = strlen(tags[i]);
		if ((size_t)(end - p) > k && memcmp(p, tags[i], k) == 0 &&
		    (p[k] == '>' || p[k] == ' '))
			return k;
	}
	return 0;
}

/*
 * Stored post or comment HTML as served: each <pre> and <table> gets
 * tabindex="0". The theme lets them scroll sideways when wider than the
 * column (phones), and a box that scrolls must be reachable by keyboard.
 * The stored HTML is cmark's or the importer's sanitized output: tags
 * are lower case and these two carry no tabindex of their own.
 */
const struct html *
html_scrollers(struct arena *a, const char *s, size_t len)
{
	static const char	 add[] = " tabindex=\"0\"";
	const char		*p, *q, *end = s + len;
	char			*out, *o;
	size_t			 n = 0, k;

	for (p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if (scroller_tag(p, end) > 0)
			n++;
	if (n == 0)
		return html_trust(a, s, len);
	out = o = arena_alloc(a, len + n * (sizeof(add) - 1) + 1);
	for (p = s; (q = memchr(p, '<', (size_t)(end - p))) != NULL; p = q) {
		k = scroller_tag(q, end);
		if (k == 0)
			k = 1;
		memcpy(o, p, (size_t)(q - p) + k);
		o += (q - p) + k;
		if (k > 1) {
			memcpy(o, add, sizeof(add) - 1);
			o += sizeof(add) - 1;
		}
		q += k;
	}
	memcpy(o, p, (size_t)(end - p));
	o += end - p;
	*o = '\0';
	return html_trust(a, out, (size_t)(o - out));
}
