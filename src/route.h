/* route.h: the one route table and its matcher. */
#ifndef QUIRE_ROUTE_H
#define QUIRE_ROUTE_H

#include <stddef.h>

struct req;
struct resp;

#define ROUTE_ADMIN	0x01	/* an admin page: no caching, no framing */
#define ROUTE_AUTH	0x02	/* needs a logged-in user */
#define ROUTE_CSRF	0x04	/* a POST needs the CSRF token and origin */
#define ROUTE_ORIGIN	0x08	/* a POST must come from this site (login) */
#define ROUTE_UPLOAD	0x10	/* a POST may be multipart/form-data with
				   photos (upload.h); body_max is then for
				   an urlencoded body only */
#define ROUTE_HOLD	0x20	/* a POST refused for its session or token is
				   held (held.h) and its handler can show it
				   again unsaved (req->held) */

typedef int (*handler_fn)(struct req *, struct resp *);

/*
 * A route: a path pattern of '/'-separated segments, each a literal or
 * :s (any segment, captured in req->arg), :n (a page number 1..100000,
 * in req->page), :y (a year 1000..9999), :m (a month 01..12) and :i (an
 * id, 1..999999999), captured in req->num; or, last, :* (the rest of
 * the path, one segment or more, not captured); the methods it answers (HEAD goes wherever GET does), its
 * handler, flags, and the largest request body it takes.
 */
struct route {
	const char	*pattern;
	unsigned	 methods;
	handler_fn	 handler;
	unsigned	 flags;
	size_t		 body_max;
	const char	*admins_only;	/* non-NULL: for admins only; what
					   an author is told (403) */
};

/*
 * The route for r's path and method, with its captures stored in r; NULL
 * if none. *allow gets the methods of every route whose pattern matches
 * the path (0: the path is unknown), for 404 versus 405 and Allow:.
 */
const struct route *route_match(struct req *r, unsigned *allow);
/* Would path match a GET route? (for the missing-slash redirect) */
int	route_path_exists(const char *path);
/* The POST route of path, its captures stored in r (a held form goes
   to it, held.h); NULL if none. */
const struct route *route_post_of(struct req *r);
/* Format an Allow header value for a method set into buf (size n). */
void	route_allow(unsigned methods, char *buf, size_t n);
/* The table, for tests: NULL-terminated. */
extern const struct route routes[];

#endif
