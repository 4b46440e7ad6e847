/* http.c: requests and responses: CGI params in, one CGI response out. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "arena.h"
#include "date.h"
#include "http.h"
#include "i18n.h"
#include "urlenc.h"
#include "utf8.h"

#define URI_MAX		8192

static const char *
param(const struct http_src *src, const char *name)
{
	const char	*v;

	v = src->param(src->arg, name);
	return v != NULL ? v : "";
}

static const char *
param_or_null(const struct http_src *src, const char *name)
{
	const char	*v;

	v = src->param(src->arg, name);
	return v != NULL && *v != '\0' ? v : NULL;
}

static enum http_method
method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/* Digits only, no sign, no overflow past `max'; -1 if not a number. */
static long long
parse_length(const char *s, long long max)
{
	long long	 v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return max + 1;
	}
	return v;
}

int
http_req_init(struct req *r, struct arena *a, const struct http_src *src)
{
	const char	*uri, *q, *cl, *https;
	char		*path;
	long long	 len;
	struct timespec	 ts;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	/* The precise clock, not time(2)'s coarse one, which runs a few
	   milliseconds behind: a token nginx stamped with $msec just after
	   a second began must not look issued in the future. */
	r->now = clock_gettime(CLOCK_REALTIME, &ts) == 0 ? (int64_t)ts.tv_sec :
	    (int64_t)time(NULL);
	r->method_name = arena_strdup(a, param(src, "REQUEST_METHOD"));
	r->method = method_of(r->method_name);
	r->content_type = param(src, "CONTENT_TYPE");
	r->remote_addr = param(src, "REMOTE_ADDR");
	r->host = param(src, "HTTP_HOST");
	https = param(src, "HTTPS");
	r->https = *https != '\0' && strcmp(https, "off") != 0;
	r->if_none_match = param_or_null(src, "HTTP_IF_NONE_MATCH");
	r->if_modified_since = param_or_null(src, "HTTP_IF_MODIFIED_SINCE");
	r->user_agent = param(src, "HTTP_USER_AGENT");
	r->referer = param_or_null(src, "HTTP_REFERER");
	r->origin = param_or_null(src, "HTTP_ORIGIN");
	r->query_raw = "";
	r->path = "/";

	r->uri = "/";
	uri = param(src, "REQUEST_URI");
	if (*uri == '\0')
		uri = param(src, "DOCUMENT_URI");
	if (strlen(uri) > URI_MAX)
		return 414;
	/* Raw bytes that are not text, or controls: no browser sends them
	   (it sends escapes), and no page may show them (canonical). */
	if (!text_clean(uri, strlen(uri)) || strpbrk(uri, "\t\r\n") != NULL)
		return 400;
	r->uri = uri;
	if (uri[0] != '/')
		return 400;
	if ((q = strchr(uri, '?')) == NULL)
		q = uri + strlen(uri);
	else
		r->query_raw = arena_strdup(a, q + 1);
	if (path_decode(a, uri, (size_t)(q - uri), &path) == -1)
		return 400;
	r->path = path;
	if (form_parse(a, r->query_raw, strlen(r->query_raw), &r->query) == -1)
		return 400;
	(void)cookie_parse(a, param(src, "HTTP_COOKIE"), &r->cookies);

	cl = param(src, "CONTENT_LENGTH");
	if (*cl != '\0') {
		if ((len = parse_length(cl, 1LL << 40)) < 0)
			return 400;
		r->content_length = (size_t)len;
	}
	return 0;
}

int
http_req_read_body(struct req *r, const struct http_src *src,
    size_t body_max)
{
	char	*p;
	size_t	 got = 0;
	long	 n;

	if (r->content_length == 0)
		return 0;
	if (r->content_length > body_max)
		return 413;	/* the caller drains it: http_req_drain */
	p = arena_alloc(r->arena, r->content_length + 1);
	while (got < r->content_length) {
		n = src->read(src->arg, p + got, r->content_length - got);
		if (n <= 0)
			return 400;
		got += (size_t)n;
	}
	p[got] = '\0';
	r->body = p;
	r->bodylen = got;
	if (strncmp(r->content_type, "application/x-www-form-urlencoded",
	    33) == 0 && form_parse(r->arena, p, got, &r->form) == -1)
		return 400;
	return 0;
}

void
http_req_drain(struct req *r, const struct http_src *src)
{
	char	 sink[16384];
	size_t	 got = 0;
	long	 n;

	/* Up to EOF of the request's stdin (nginx caps bodies: 1 MiB, more
	   on the upload routes). */
	while (got < (8u << 20) + r->content_length && (n = src->read(src->arg, sink,
	    sizeof(sink))) > 0)
		got += (size_t)n;
}

int
http_header(struct resp *resp, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return -1;
	buf_puts(resp->headers, name);
	buf_add(resp->headers, ": ", 2);
	buf_puts(resp->headers, value);
	buf_add(resp->headers, "\r\n", 2);
	return 0;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return N_("OK");
	case 301: return N_("Moved Permanently");
	case 302: return N_("Found");
	case 303: return N_("See Other");
	case 304: return N_("Not Modified");
	case 400: return N_("Bad Request");
	case 401: return N_("Unauthorized");
	case 403: return N_("Forbidden");
	case 404: return N_("Not Found");
	case 405: return N_("Method Not Allowed");
	case 409: return N_("Conflict");
	case 410: return N_("Gone");
	case 411: return N_("Length Required");
	case 413: return N_("Content Too Large");
	case 414: return N_("URI Too Long");
	case 415: return N_("Unsupported Media Type");
	case 422: return N_("Unprocessable Content");
	case 429: return N_("Too Many Requests");
	case 500: return N_("Internal Server Error");
	case 503: return N_("Service Unavailable");
	default: return N_("Unknown");
	}
}

/* Does the If-None-Match list name etag (weak comparison)? */
static int
etag_match(const char *list, const char *etag)
{
	const char	*p = list, *e;
	size_t		 n = strlen(etag);

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - p) == n && memcmp(p, etag, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

void
http_etag(const char *body, size_t n, char out[HTTP_ETAG_LEN])
{
	unsigned char	 h[8];
	size_t		 i;

	crypto_generichash(h, sizeof(h), (const unsigned char *)body, n,
	    NULL, 0);
	out[0] = '"';
	for (i = 0; i < sizeof(h); i++)
		(void)snprintf(out + 1 + 2 * i, 3, "%02x", h[i]);
	out[1 + 2 * sizeof(h)] = '"';
	out[2 + 2 * sizeof(h)] = '\0';
}

static const char *const cache_control[CACHE__MAX] = {
	"no-cache",				/* CACHE_REVALIDATE */
	"private, no-cache",			/* CACHE_PRIVATE */
	"no-store",				/* CACHE_NONE */
	"public, max-age=31536000, immutable",	/* CACHE_FOREVER */
};

static void
put_header(struct buf *out, const char *name, const char *value)
{
	buf_puts(out, name);
	buf_add(out, ": ", 2);
	buf_puts(out, value);
	buf_add(out, "\r\n", 2);
}

/*
 * The Location header, with every byte that may not appear in a URI
 * reference (controls, CR and LF among them, space, DEL, and bytes of
 * non-ASCII text) percent-encoded: no header can be injected through a
 * redirect target, and the target is still the same address (but for
 * a query dropped from one over HTTP_LOCATION_MAX bytes).
 */
static void
put_location(struct buf *out, const char *loc)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p, *end;
	size_t			 n = 0;

	end = (const unsigned char *)loc + strlen(loc);
	for (p = (const unsigned char *)loc; p < end; p++)
		n += *p <= 0x20 || *p >= 0x7f ? 3 : 1;
	/* A redirect that copied a long query (?next= of the login) goes
	   without it: no header some kilobytes long (issue 14, 13c). */
	if (n > HTTP_LOCATION_MAX && strchr(loc, '?') != NULL)
		end = (const unsigned char *)strchr(loc, '?');
	buf_puts(out, "Location: ");
	for (p = (const unsigned char *)loc; p < end; p++) {
		if (*p <= 0x20 || *p >= 0x7f) {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		} else
			buf_putc(out, (char)*p);
	}
	buf_add(out, "\r\n", 2);
}

void
http_resp_write(const struct req *r, struct resp *resp, struct buf *out)
{
	char		 etag[HTTP_ETAG_LEN], lm[64];
	struct buf	 date = { 0 };
	int		 status = resp->status, html, cond = 0;
	int64_t		 since;

	etag[0] = '\0';
	if (status == 200 && (resp->cache == CACHE_REVALIDATE ||
	    resp->cache == CACHE_FOREVER)) {
		if (resp->etag != NULL)
			(void)snprintf(etag, sizeof(etag), "%s", resp->etag);
		else
			http_etag(buf_str(resp->body), resp->body->len, etag);
		if (r->if_none_match != NULL)
			cond = etag_match(r->if_none_match, etag);
		else if (r->if_modified_since != NULL &&
		    resp->last_modified > 0 &&
		    resp->last_modified <= r->now &&
		    date_parse_http(r->if_modified_since, &since) == 0)
			/* The value the Last-Modified header shows. */
			cond = resp->last_modified <= since;
		if (cond && (r->method == METHOD_GET ||
		    r->method == METHOD_HEAD))
			status = 304;
	}
	if (resp->content_type == NULL)
		resp->content_type = "text/html; charset=utf-8";
	html = strncmp(resp->content_type, "text/html", 9) == 0;

	buf_printf(out, "Status: %d %s\r\n", status, http_reason(status));
	if (status != 304)
		put_header(out, "Content-Type", resp->content_type);
	if (status != 304)
		buf_printf(out, "Content-Length: %zu\r\n", resp->body->len);
	if (resp->location != NULL)
		put_location(out, resp->location);
	if (status >= 300 && status < 400 && status != 304)
		put_header(out, "Cache-Control", "no-store");
	else
		put_header(out, "Cache-Control", cache_control[resp->cache]);
	if (etag[0] != '\0')
		put_header(out, "ETag", etag);
	if (resp->last_modified > 0 && resp->cache != CACHE_PRIVATE &&
	    resp->cache != CACHE_NONE) {
		/* Never claim a time later than now (RFC 9110): that can
		   be only in the second of a change made while the change
		   clock ran ahead (site.h, `modified'), and then no
		   If-Modified-Since is answered 304 (above). */
		date_fmt_http(&date, resp->last_modified > r->now ? r->now :
		    resp->last_modified);
		(void)snprintf(lm, sizeof(lm), "%s", buf_str(&date));
		put_header(out, "Last-Modified", lm);
		buf_free(&date);
	}
	put_header(out, "X-Content-Type-Options", "nosniff");
	if (html) {
		put_header(out, "Content-Security-Policy",
		    resp->admin ?
		    "default-src 'self'; img-src 'self' data:; "
		    "object-src 'none'; base-uri 'none'; form-action 'self'; "
		    "frame-ancestors 'none'" :
		    "default-src 'self'; img-src 'self' data: https:; "
		    "object-src 'none'; base-uri 'none'; form-action 'self'; "
		    "frame-ancestors 'self'");
		put_header(out, "Referrer-Policy",
		    "strict-origin-when-cross-origin");
		if (resp->admin)
			put_header(out, "X-Frame-Options", "DENY");
	} else if (strncmp(resp->content_type, "image/svg+xml", 13) == 0)
		/* An SVG opened by itself is a document that could run
		   script: ours never do, and may not load anything. */
		put_header(out, "Content-Security-Policy", "default-src 'none'");
	buf_add(out, buf_str(resp->headers), resp->headers->len);
	buf_add(out, "\r\n", 2);
	if (status != 304 && r->method != METHOD_HEAD)
		buf_add(out, buf_str(resp->body), resp->body->len);
	resp->status = status;
}

const char *
http_cookie(const struct req *r, const char *name)
{
	return kv_get(r->cookies, name);
}

const char *
http_query(const struct req *r, const char *name)
{
	const struct kv	*kv;

	if ((kv = kv_find(r->query, name)) == NULL)
		return NULL;
	if (!text_clean(kv->val, kv->vallen)) {
		/* r is the caller's own request, never a const object. */
		((struct req *)r)->query_bad = 1;
		return NULL;
	}
	return kv->val;
}

int64_t
id_parse(const char *s)
{
	int64_t	 v = 0;
	size_t	 n;

	if (s == NULL)
		return -1;
	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		v = v * 10 + (s[n] - '0');
	return n > 0 && n <= 18 && s[n] == '\0' && v > 0 ? v : -1;
}

long
page_parse(const char *s, long max)
{
	int64_t	 v;

	if ((v = id_parse(s)) < 1 || v > max)
		return 1;
	return (long)v;
}
