/* esc.c: escaping for HTML text, attributes, URL components and XML. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "utf8.h"

static const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void
esc_html_text(struct buf *b, const char *s, size_t n)
{
	size_t		 i, start = 0, k;
	const char	*ent;
	uint32_t	 cp;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			/* Valid UTF-8 passes; a bad byte is shown as U+FFFD,
			   so no page ever carries invalid text. */
			if ((k = utf8_next(s + i, n - i, &cp)) > 0) {
				i += k - 1;
				continue;
			}
			ent = "\xef\xbf\xbd";
		} else if ((ent = html_entity((unsigned char)s[i])) == NULL)
			continue;
		buf_add(b, s + start, i - start);
		buf_puts(b, ent);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

void
esc_html_attr(struct buf *b, const char *s, size_t n)
{
	esc_html_text(b, s, n);
}

void
esc_url_component(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		 i;
	unsigned char	 c;
	char		 e[3];

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			buf_putc(b, c);
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 15];
		buf_add(b, e, 3);
	}
}

void
esc_xml(struct buf *b, const char *s, size_t n)
{
	size_t		 i, start = 0;
	unsigned char	 c;
	const char	*ent;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		ent = html_entity(c);
		if (ent == NULL && (c >= 0x20 || c == '\t' || c == '\n' ||
		    c == '\r'))
			continue;
		buf_add(b, s + start, i - start);
		if (ent != NULL)
			buf_puts(b, ent);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}
