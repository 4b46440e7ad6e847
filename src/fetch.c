/* fetch.c: outgoing HTTP for mentions (libcurl), kept from private
   addresses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "arena.h"
#include "buf.h"
#include "fetch.h"

/* One transfer's state, for the callbacks. */
struct xfer {
	struct fetch_res	*res;
	size_t			 max;
	int			 allow_private;
	int			 too_big;
};

int
fetch_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int
v4_private(uint32_t a)
{
	return (a >> 24) == 0 ||		/* 0.0.0.0/8 */
	    (a >> 24) == 10 ||			/* 10/8 */
	    (a >> 24) == 127 ||			/* loopback */
	    (a >> 22) == (100u << 2 | 1) ||	/* 100.64/10, shared */
	    (a >> 16) == (169u << 8 | 254) ||	/* link-local */
	    (a >> 20) == (172u << 4 | 1) ||	/* 172.16/12 */
	    (a >> 16) == (192u << 8 | 168) ||	/* 192.168/16 */
	    (a >> 8) == (192u << 16 | 0 << 8 | 0) || /* 192.0.0/24 */
	    (a >> 17) == (198u << 7 | 9) || /* 198.18/15 */
	    (a >> 28) >= 14;			/* multicast, reserved */
}

int
fetch_addr_private(const struct sockaddr *sa)
{
	const struct sockaddr_in	*s4;
	const struct sockaddr_in6	*s6;
	const unsigned char		*b;
	static const unsigned char	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0xff, 0xff };
	static const unsigned char	 zero[15];
	uint32_t			 v4;

	if (sa->sa_family == AF_INET) {
		s4 = (const struct sockaddr_in *)(const void *)sa;
		return v4_private(ntohl(s4->sin_addr.s_addr));
	}
	if (sa->sa_family != AF_INET6)
		return 1;
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	b = s6->sin6_addr.s6_addr;
	if (memcmp(b, zero, 15) == 0)			/* :: and ::1 */
		return 1;
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0 ||
	    (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)) {
		/* ::ffff:a.b.c.d, ::a.b.c.d and 64:ff9b::/96 carry IPv4 */
		v4 = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		    (uint32_t)b[14] << 8 | b[15];
		return v4_private(v4);
	}
	if (b[0] == 0x20 && b[1] == 0x02) {		/* 6to4 */
		v4 = (uint32_t)b[2] << 24 | (uint32_t)b[3] << 16 |
		    (uint32_t)b[4] << 8 | b[5];
		return v4_private(v4);
	}
	return (b[0] & 0xfe) == 0xfc ||			/* fc00::/7 */
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||	/* fe80::/10 */
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||	/* fec0::/10 */
	    b[0] == 0xff;				/* multicast */
}

/* Every connection, first or after a redirect, whatever DNS said. */
static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer	*x = arg;

	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (!x->allow_private && fetch_addr_private(&a->addr)) {
		x->res->refused = 1;
		x->res->err = "the address is a private, loopback or "
		    "link-local one";
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;

	n *= size;
	if (x->res->body.len + n > x->max) {
		x->too_big = 1;
		return 0;
	}
	buf_add(&x->res->body, p, n);
	return n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;

	n *= size;
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		buf_reset(&x->res->headers);	/* keep the last response's */
	if (x->res->headers.len + n <= 64 * 1024)
		buf_add(&x->res->headers, p, n);
	return n;
}

static const char *
why(CURLcode rc, const struct xfer *x)
{
	if (x->too_big)
		return "the response is larger than 1 MiB";
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return "no complete answer within 10 seconds";
	case CURLE_TOO_MANY_REDIRECTS:
		return "more than 5 redirects";
	case CURLE_FILESIZE_EXCEEDED:
		return "the response is larger than 1 MiB";
	case CURLE_UNSUPPORTED_PROTOCOL:
		return "only http and https addresses are fetched";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "the host name does not resolve";
	case CURLE_COULDNT_CONNECT:
		return "could not connect";
	default:
		return curl_easy_strerror(rc);
	}
}

static void
setup(CURL *c, struct xfer *x, const struct fetch_opts *o)
{
	long	 t = o->timeout > 0 ? o->timeout : FETCH_TIMEOUT;

	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)FETCH_REDIRS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, o->user_agent != NULL ?
	    o->user_agent : "quire");
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
}

int
fetch_url(struct arena *a, const char *url, const char *ctype,
    const char *body, size_t bodylen, const struct fetch_opts *o,
    struct fetch_res *res)
{
	struct xfer		 x;
	struct curl_slist	*hdr = NULL;
	CURL			*c;
	CURLcode		 rc;
	char			*eff = NULL, line[128];

	memset(res, 0, sizeof(*res));
	res->err = "";
	res->url = url;
	memset(&x, 0, sizeof(x));
	x.res = res;
	x.max = o->max > 0 ? o->max : FETCH_MAX;
	x.allow_private = o->allow_private;
	if (fetch_url_resolve(a, NULL, url) == NULL) {
		res->err = "not an http or https address";
		return -1;
	}
	if ((c = curl_easy_init()) == NULL) {
		res->err = "out of memory";
		return -1;
	}
	setup(c, &x, o);
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (body != NULL) {
		(void)snprintf(line, sizeof(line), "Content-Type: %s", ctype);
		hdr = curl_slist_append(hdr, line);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)bodylen);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		/* A 301/302 answer to a POST is followed with a POST. */
		curl_easy_setopt(c, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);
	}
	rc = curl_easy_perform(c);
	(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK &&
	    eff != NULL)
		res->url = arena_strdup(a, eff);
	if (rc != CURLE_OK && !res->refused)
		res->err = why(rc, &x);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdr);
	return rc == CURLE_OK ? 0 : -1;
}

void
fetch_res_free(struct fetch_res *res)
{
	buf_free(&res->headers);
	buf_free(&res->body);
}

char *
fetch_url_resolve(struct arena *a, const char *base, const char *ref)
{
	CURLU	*u;
	char	*out = NULL, *scheme = NULL, *host = NULL, *r = NULL;

	if ((u = curl_url()) == NULL)
		return NULL;
	if (base != NULL && curl_url_set(u, CURLUPART_URL, base, 0) !=
	    CURLUE_OK)
		goto done;
	if (curl_url_set(u, CURLUPART_URL, ref, CURLU_URLENCODE |
	    CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0))
		goto done;
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0')
		goto done;
	if (curl_url_get(u, CURLUPART_URL, &r, 0) == CURLUE_OK)
		out = arena_strdup(a, r);
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(r);
	curl_url_cleanup(u);
	return out;
}

char *
fetch_header(struct arena *a, const char *h, const char *name, size_t *pos)
{
	const char	*p = h + *pos, *e, *v, *ve;
	size_t		 n = strlen(name);

	while (*p != '\0') {
		e = p + strcspn(p, "\r\n");
		if ((size_t)(e - p) > n && strncasecmp(p, name, n) == 0 &&
		    p[n] == ':') {
			v = p + n + 1;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			ve = e;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			*pos = (size_t)(e - h);
			return arena_strndup(a, v, (size_t)(ve - v));
		}
		p = e + strspn(e, "\r\n");
	}
	*pos = (size_t)(p - h);
	return NULL;
}

/* Does host end with the label sequence d (".example.com" or equal to
   "example.com")? */
static int
ends_with_domain(const char *host, const char *d)
{
	size_t	 n = strlen(host), k = strlen(d);

	if (n == k)
		return strcasecmp(host, d) == 0;
	return n > k && host[n - k - 1] == '.' &&
	    strcasecmp(host + n - k, d) == 0;
}

int
fetch_host_reserved(const char *url)
{
	static const char *const names[] = { "example.com", "example.net",
	    "example.org", "test", "example", "invalid", "localhost", NULL };
	CURLU	*u;
	char	*host = NULL;
	size_t	 n;
	int	 i, rc = 0;

	if ((u = curl_url()) == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		n = strlen(host);
		if (n > 0 && host[n - 1] == '.')
			host[n - 1] = '\0';
		for (i = 0; names[i] != NULL && !rc; i++)
			rc = ends_with_domain(host, names[i]);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}
