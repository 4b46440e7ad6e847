/* utf8.c: UTF-8 validation, clean-text checks and safe truncation. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "utf8.h"

size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 len, i;

	if (n == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;	/* continuation byte, C0, C1 or F5-FF */
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t		 i, len;
	uint32_t	 cp;

	for (i = 0; i < n; i += len) {
		if ((unsigned char)s[i] < 0x80) {
			len = 1;
			continue;
		}
		if ((len = utf8_next(s + i, n - i, &cp)) == 0)
			return 0;
	}
	return 1;
}

int
text_clean(const char *s, size_t n)
{
	size_t		 i, len;
	uint32_t	 cp;

	for (i = 0; i < n; i += len) {
		if ((len = utf8_next(s + i, n - i, &cp)) == 0)
			return 0;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			continue;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 0;
	}
	return 1;
}

size_t
utf8_prefix(const char *s, size_t n, size_t max)
{
	size_t		 i, len;
	uint32_t	 cp;

	if (n <= max)
		return n;
	for (i = 0; i < max; i += len) {
		if ((len = utf8_next(s + i, n - i, &cp)) == 0)
			len = 1;
		if (len > max - i)
			break;
	}
	return i;
}

const char *
utf8_showable(struct arena *a, const char *s, size_t n)
{
	struct buf	 b = { 0 };
	uint32_t	 cp;
	size_t		 i = 0, k;
	char		*out;

	if (utf8_valid(s, n) && memchr(s, '\0', n) == NULL)
		return s;
	while (i < n) {
		k = utf8_next(s + i, n - i, &cp);
		if (k == 0 || cp == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		buf_add(&b, s + i, k);
		i += k;
	}
	out = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return out;
}
