/* rawreq.h: a raw HTTP/1.x request as a request source (no FastCGI). */
#ifndef QUIRE_RAWREQ_H
#define QUIRE_RAWREQ_H

#include <stddef.h>

#include "http.h"

struct arena;

#define RAWREQ_MAXPARAMS	64

struct rawreq {
	struct arena	*a;
	const char	*names[RAWREQ_MAXPARAMS];
	const char	*values[RAWREQ_MAXPARAMS];
	int		 n;
	const char	*body;
	size_t		 bodylen, off;
};

/*
 * Parse "METHOD URI HTTP/1.1", header lines, a blank line and a body
 * from the n bytes at s (copied into the arena) into CGI params as nginx
 * would pass them (REQUEST_METHOD, REQUEST_URI, CONTENT_TYPE,
 * CONTENT_LENGTH, HTTP_*, REMOTE_ADDR 127.0.0.1), and fill src to read
 * them. Returns 0, or -1 when there is no request line.
 */
int	rawreq_parse(struct rawreq *, struct arena *, const char *s, size_t n,
	    struct http_src *src);

#endif
