/* http.h: requests and responses, independent of FastCGI. */
#ifndef QUIRE_HTTP_H
#define QUIRE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct arena;
struct kv;
struct tval;
struct worker;
struct session;
struct upload;

enum http_method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_OTHER,
	METHOD__MAX
};
#define M_GET	(1u << METHOD_GET)
#define M_HEAD	(1u << METHOD_HEAD)
#define M_POST	(1u << METHOD_POST)

#define REQ_MAXARGS	4

/*
 * Where a request comes from: FastCGI params and stdin (serve.c), or a
 * raw HTTP request read by `quire test-request'. param returns NULL for an
 * absent parameter; read returns bytes read, 0 at end, -1 on error.
 */
struct http_src {
	const char	*(*param)(void *, const char *name);
	long		 (*read)(void *, char *, size_t);
	void		*arg;
};

struct req {
	struct arena		*arena;
	struct worker		*w;
	enum http_method	 method;
	const char		*method_name;
	const char		*uri;		/* REQUEST_URI as sent */
	const char		*path;		/* decoded path, starts with '/' */
	const char		*query_raw;	/* after '?', or "" */
	struct kv		*query;
	struct kv		*cookies;
	struct kv		*form;		/* urlencoded POST body */
	struct upload		*upload;	/* a multipart body's files
						   (upload.h), or NULL */
	const char		*body;
	size_t			 bodylen;
	size_t			 content_length;
	const char		*content_type;
	const char		*remote_addr;
	const char		*host;
	int			 https;
	const char		*if_none_match;
	const char		*if_modified_since;
	const char		*user_agent;
	const char		*referer;
	const char		*origin;
	int64_t			 now;
	/* Route captures: :s segments in arg, numbers in num. */
	const char		*arg[REQ_MAXARGS];
	long long		 num[REQ_MAXARGS];
	int			 nargs, nnums;
	int			 page;		/* :n, 0 when absent */
	const char		*own;		/* the browser's own comments
						   (JSON array), or NULL */
	struct session		*session;	/* admin pages: who is logged in */
	int			 held;		/* form is a held one (held.h):
						   show it, save nothing */
	int			 query_bad;	/* http_query was asked for a
						   value that is not clean text */
};

/* Cache-Control kinds a handler may choose. */
enum cache_kind {
	CACHE_REVALIDATE,	/* listings, archives, feeds: ETag + 304 */
	CACHE_PRIVATE,		/* pages with a comment form: no ETag, no 304 */
	CACHE_NONE,		/* admin: no-store */
	CACHE_FOREVER,		/* content-addressed (avatars) */
	CACHE__MAX
};

struct resp {
	int		 status;
	const char	*content_type;	/* default text/html; charset=utf-8 */
	enum cache_kind	 cache;
	int64_t		 last_modified;	/* 0: none */
	const char	*location;	/* for 301/303 */
	const char	*message;	/* for error pages */
	const char	*tmpl;		/* template to render into body */
	struct tval	*ctx;		/* its context */
	int		 admin;		/* admin page: frame-ancestors 'none' */
	struct buf	*headers;	/* extra header lines, "Name: value\r\n" */
	struct buf	*body;
	const char	*etag;		/* known already (cached): not hashed */
	int		 from_cache;	/* answered from the page cache */
	int64_t		 token_post;	/* the body has a comment form whose
					   token is filled in when sent */
	long		 token_hole;	/* where in body (-1: none), set by
					   app_handle (tmpl_render_hole) */
};

/*
 * http_req_init fills req from src: method, URI, decoded path, query,
 * cookies, client headers and the body's length. Returns 0, or an HTTP
 * status for a request that must be refused: 414 (URI too long), 400
 * (malformed URI, path, query or Content-Length).
 * http_req_read_body reads a POST's body once the route is known (its
 * limit is the route's): 0, or 413 (over body_max), 400 (the body ended
 * early, or a form that cannot be decoded).
 */
int	 http_req_init(struct req *, struct arena *, const struct http_src *);
int	 http_req_read_body(struct req *, const struct http_src *,
	    size_t body_max);
/*
 * Read and drop whatever is left of the request body. Always called
 * before answering: on a kept FastCGI connection, unread stdin records
 * would be taken for the next request's.
 */
void	 http_req_drain(struct req *, const struct http_src *);
/* Add a response header line; name and value must not hold CR or LF
   (values with them are refused: returns -1, nothing added). */
int	 http_header(struct resp *, const char *name, const char *value);
/* The ETag of a body: a quoted hash, 18 characters + NUL. */
#define HTTP_ETAG_LEN	24
void	 http_etag(const char *body, size_t n, char out[HTTP_ETAG_LEN]);
/* The reason phrase of a status code ("Not Found"). */
const char *http_reason(int status);
/*
 * Serialize resp as a CGI response (Status:, headers, blank line, body
 * unless HEAD) into out. Applies conditional GET: sets ETag for
 * CACHE_REVALIDATE and CACHE_FOREVER 200s, answers 304 on a match.
 * A Location longer than HTTP_LOCATION_MAX bytes is sent without its
 * query (what a redirect copied from a request is never kilobytes long).
 */
#define HTTP_LOCATION_MAX	2048
void	 http_resp_write(const struct req *, struct resp *, struct buf *out);
/* The first value of a cookie, or NULL. */
const char *http_cookie(const struct req *, const char *name);
/* A query parameter, or NULL. A value that is not clean text (invalid
   UTF-8, NUL or another control character) is NULL too, and sets
   query_bad: the request is then answered 400 (app.c). */
const char *http_query(const struct req *, const char *name);
/*
 * An id in a parameter: 1 to 18 decimal digits and nothing else (no
 * sign, no space, "2abc" is no id), not 0. The id, or -1 for anything
 * else (NULL and "" too).
 */
int64_t	 id_parse(const char *s);
/*
 * A page number in a parameter: 1 for none (NULL or ""), the number for
 * 1 to max written in digits alone ("2abc" is not 2), else 1.
 */
long	 page_parse(const char *s, long max);

#endif
