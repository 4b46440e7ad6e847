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

/*
 * Is cp a character XML 1.0 allows? Tab, newline, carriage return,
 * U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF; utf8_next already
 * refuses surrogates and anything above U+10FFFF, which leaves the C0
 * controls and U+FFFE, U+FFFF to refuse here.
 */
static int
xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xfffe && cp != 0xffff;
}

/*
 * The XML character at s (n > 0 bytes): returns how many bytes it takes
 * and sets *out to what to write in its place: NULL for the bytes
 * themselves, "" for nothing (a character XML forbids), U+FFFD for a
 * byte that starts no well-formed UTF-8 character.
 */
static size_t
xml_next(const char *s, size_t n, const char **out)
{
	uint32_t	 cp;
	size_t		 k;

	*out = NULL;
	if ((k = utf8_next(s, n, &cp)) == 0) {
		*out = "\xef\xbf\xbd";
		return 1;
	}
	if (!xml_char(cp))
		*out = "";
	return k;
}

void
esc_xml(struct buf *b, const char *s, size_t n)
{
	size_t		 i = 0, start = 0, k;
	const char	*put;

	while (i < n) {
		if ((put = html_entity((unsigned char)s[i])) != NULL)
			k = 1;
		else
			k = xml_next(s + i, n - i, &put);
		if (put == NULL) {
			i += k;
			continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, put);
		i += k;
		start = i;
	}
	buf_add(b, s + start, n - start);
}

void
esc_xml_cdata(struct buf *b, const char *s, size_t n)
{
	size_t		 i = 0, start = 0, k;
	const char	*put;

	buf_puts(b, "<![CDATA[");
	while (i < n) {
		if (n - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
			put = "]]]]><![CDATA[>";
			k = 3;
		} else
			k = xml_next(s + i, n - i, &put);
		if (put == NULL) {
			i += k;
			continue;
		}
		buf_add(b, s + start, i - start);
		buf_puts(b, put);
		i += k;
		start = i;
	}
	buf_add(b, s + start, n - start);
	buf_puts(b, "]]>");
}
