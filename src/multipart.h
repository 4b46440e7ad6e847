/* multipart.h: a streaming multipart/form-data parser (RFC 7578). */
#ifndef QUIRE_MULTIPART_H
#define QUIRE_MULTIPART_H

#include <stddef.h>

#define MP_BOUNDARY_MAX	70		/* RFC 2046 */
#define MP_HEADER_MAX	8192		/* one part's header block */
#define MP_PARTS_MAX	1000		/* parts in one body */
#define MP_NAME_MAX	512		/* a field's name or a file name */
#define MP_WINDOW	(64 * 1024)	/* bytes looked at at once */

/* One part's headers, as its callbacks see them (valid until end). */
struct mp_part {
	const char	*name;		/* the field's name */
	const char	*filename;	/* NULL: a text field; may be "" */
	const char	*type;		/* its Content-Type, or "" */
};

/*
 * What to do with the parts: begin at each part's headers, data for
 * each run of its bytes (any size, in order), end after its last byte.
 * Each returns 0 to go on, or an HTTP status that stops the parse.
 */
struct mp_cb {
	int	(*begin)(void *, const struct mp_part *);
	int	(*data)(void *, const char *, size_t);
	int	(*end)(void *);
	void	*arg;
};

struct multipart {
	struct mp_cb	 cb;
	char		 delim[4 + MP_BOUNDARY_MAX + 1];  /* CRLF "--" b */
	size_t		 dlen;
	int		 state;
	int		 parts;
	char		 win[MP_WINDOW];
	size_t		 len;
	char		 name[MP_NAME_MAX], filename[MP_NAME_MAX];
	char		 type[128];
	int		 has_filename;
	const char	*err;		/* why the body was refused */
};

/*
 * The boundary of a Content-Type "multipart/form-data; boundary=B"
 * (quoted or not, any case) into out (MP_BOUNDARY_MAX + 1): 0, or -1
 * if the type is another or the boundary missing or invalid. Pure.
 */
int	multipart_boundary(const char *content_type, char *out, size_t n);
/* Start a parse of a body of content_type: 0, or -1 (no boundary). */
int	multipart_init(struct multipart *, const char *content_type,
	    const struct mp_cb *);
/*
 * Feed the next n bytes of the body. Memory stays at the window's size
 * whatever the body. 0, or an HTTP status: 400 for a malformed body
 * (the reason in err), or what a callback returned; after one, feed
 * no more.
 */
int	multipart_feed(struct multipart *, const char *, size_t n);
/* The body has ended: 0 if it ended with the closing boundary, else
   400 (truncated). */
int	multipart_finish(struct multipart *);

#endif
