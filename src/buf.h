/* buf.h: growable byte buffers (fossil's Blob, kcgi's kcgi_buf). */
#ifndef QUIRE_BUF_H
#define QUIRE_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte buffer on the heap.
 * A zeroed struct buf is a valid empty buffer. Out of memory aborts:
 * a worker that cannot allocate is replaced by the master.
 */
struct buf {
	char	*p;	/* bytes; NULL until the first add */
	size_t	 len;	/* bytes used, not counting the terminating NUL */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
/* Make room for n more bytes; returns where they go (len unchanged). */
char	*buf_reserve(struct buf *, size_t n);
/* Forget the contents, keep the allocation. */
void	 buf_reset(struct buf *);
/* Release the allocation; the buf is empty and reusable afterwards. */
void	 buf_free(struct buf *);
/* The contents as a C string ("" for an empty buffer); owned by the buf. */
const char *buf_str(const struct buf *);

#endif
