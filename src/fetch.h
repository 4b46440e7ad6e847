/* fetch.h: outgoing HTTP for mentions (libcurl), kept from private
   addresses. Used only in the keeper's mention process. */
#ifndef QUIRE_FETCH_H
#define QUIRE_FETCH_H

#include <stddef.h>

#include "buf.h"

struct arena;
struct sockaddr;

#define FETCH_TIMEOUT	10		/* seconds, the whole transfer */
#define FETCH_MAX	(1024 * 1024)	/* bytes of a body */
#define FETCH_REDIRS	5

struct fetch_opts {
	int		 allow_private;	/* the fetch_private setting */
	long		 timeout;	/* seconds; 0: FETCH_TIMEOUT */
	size_t		 max;		/* bytes; 0: FETCH_MAX */
	const char	*user_agent;	/* NULL: "quire" */
};

/*
 * What came back: the final status (0 if none), the final response's
 * header lines and body (malloc'd buffers), the URL after redirects
 * (in the arena), and for a failure, why (a static string, "" if none).
 */
struct fetch_res {
	long		 status;
	struct buf	 headers;
	struct buf	 body;
	const char	*url;
	const char	*err;
	int		 refused;	/* a private address: nothing was sent */
};

/* Once per process, before any fetch (curl_global_init): 0 or -1. */
int	fetch_init(void);
/*
 * GET url (or POST body of type ctype when body is not NULL), following
 * at most FETCH_REDIRS redirects over http and https only, never
 * connecting to a loopback, private, link-local, multicast or
 * unspecified address (every address is checked as the socket is
 * opened, for each redirect and each DNS answer) unless
 * o->allow_private. Returns 0 when a response came (any status), -1
 * with res->err set otherwise (a body over the limit is an error too).
 * fetch_res_free() in both cases.
 */
int	fetch_url(struct arena *, const char *url, const char *ctype,
	    const char *body, size_t bodylen, const struct fetch_opts *,
	    struct fetch_res *);
void	fetch_res_free(struct fetch_res *);
/* Is sa an address fetches refuse (loopback, private, ...)? 1 or 0. */
int	fetch_addr_private(const struct sockaddr *sa);
/*
 * ref resolved against base (RFC 3986), as an absolute http(s) URL in
 * the arena; NULL if either is malformed or the result is not http(s).
 * With base NULL, ref itself checked and normalised.
 */
char	*fetch_url_resolve(struct arena *, const char *base, const char *ref);
/*
 * Is url's host a name reserved for documentation and tests (RFC 2606,
 * RFC 6761: example.com, .org and .net and their subdomains, and the
 * .test, .example, .invalid and .localhost domains)? 1 or 0. Mentions
 * are never sent there: sample posts link to such names.
 */
int	fetch_host_reserved(const char *url);
/*
 * The value of the next header `name' (any case) in the header lines h
 * from offset *pos (start at 0; call again for the next one), in the
 * arena, trimmed; NULL when there are no more.
 */
char	*fetch_header(struct arena *, const char *h, const char *name,
	    size_t *pos);

#endif
