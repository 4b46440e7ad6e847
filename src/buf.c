/* buf.c: growable byte buffers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

char *
buf_reserve(struct buf *b, size_t n)
{
	size_t	 want, cap;
	char	*p;

	if (n > (size_t)-1 / 2 - b->len)
		abort();
	want = b->len + n + 1;
	if (want > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < want)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			abort();
		b->p = p;
		b->cap = cap;
	}
	return b->p + b->len;
}

void
buf_add(struct buf *b, const void *s, size_t n)
{
	char	*dst;

	dst = buf_reserve(b, n);
	if (n)
		memcpy(dst, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	buf_reserve(b, (size_t)n);
	(void)vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *
buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}
