/* multipart.c: a streaming multipart/form-data parser (RFC 7578). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"

enum mp_state { MP_PREAMBLE, MP_AFTER, MP_HEADERS, MP_BODY, MP_DONE };

static const char bchars[] = "0123456789abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

int
multipart_boundary(const char *ct, char *out, size_t n)
{
	const char	*p, *e;
	size_t		 len;

	if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return -1;
	for (p = ct + 19; (p = strchr(p, ';')) != NULL; ) {
		p += 1 + strspn(p + 1, " \t");
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		p += 9;
		if (*p == '"') {
			if ((e = strchr(++p, '"')) == NULL)
				return -1;
		} else
			e = p + strcspn(p, "; \t");
		len = (size_t)(e - p);
		if (len == 0 || len > MP_BOUNDARY_MAX || len >= n ||
		    p[len - 1] == ' ')
			return -1;
		memcpy(out, p, len);
		out[len] = '\0';
		return strspn(out, bchars) == len ? 0 : -1;
	}
	return -1;
}

int
multipart_init(struct multipart *mp, const char *ct, const struct mp_cb *cb)
{
	char	 b[MP_BOUNDARY_MAX + 1];

	memset(mp, 0, sizeof(*mp));
	if (multipart_boundary(ct, b, sizeof(b)) == -1)
		return -1;
	mp->cb = *cb;
	mp->dlen = (size_t)snprintf(mp->delim, sizeof(mp->delim), "\r\n--%s",
	    b);
	/* The first boundary needs no CRLF before it: give it one. */
	memcpy(mp->win, "\r\n", 2);
	mp->len = 2;
	mp->state = MP_PREAMBLE;
	return 0;
}

/* Where needle[0..k) first is in h[0..n), or -1. */
static long
find(const char *h, size_t n, const char *needle, size_t k)
{
	const char	*p = h, *e = h + n;

	while ((size_t)(e - p) >= k &&
	    (p = memchr(p, needle[0], (size_t)(e - p) - k + 1)) != NULL) {
		if (memcmp(p, needle, k) == 0)
			return p - h;
		p++;
	}
	return -1;
}

static void
consume(struct multipart *mp, size_t k)
{
	memmove(mp->win, mp->win + k, mp->len - k);
	mp->len -= k;
}

static int
bad(struct multipart *mp, const char *why)
{
	mp->err = why;
	return 400;
}

/* A parameter value at *pp (quoted string or token) into out: 0 or -1. */
static int
param_value(const char **pp, const char *e, char *out, size_t n)
{
	const char	*p = *pp;
	size_t		 len = 0;

	if (p < e && *p == '"') {
		for (p++; p < e && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < e)
				p++;
			if (len + 1 >= n)
				return -1;
			out[len++] = *p;
		}
		if (p == e)
			return -1;
		p++;
	} else
		for (; p < e && *p != ';' && *p != ' ' && *p != '\t'; p++) {
			if (len + 1 >= n)
				return -1;
			out[len++] = *p;
		}
	out[len] = '\0';
	*pp = p;
	return 0;
}

/* Content-Disposition: form-data; name="x"; filename="y". 0 or -1. */
static int
disposition(struct multipart *mp, const char *p, const char *e)
{
	const char	*k;
	char		 skip[MP_NAME_MAX], *out;
	int		 named = 0;

	if (e - p < 9 || strncasecmp(p, "form-data", 9) != 0)
		return -1;
	for (p += 9;;) {
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p == e)
			break;
		if (*p++ != ';')
			return -1;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		for (k = p; p < e && *p != '='; p++)
			;
		if (p == e)
			return -1;
		out = skip;
		if (p - k == 4 && strncasecmp(k, "name", 4) == 0) {
			out = mp->name;
			named = 1;
		} else if (p - k == 8 && strncasecmp(k, "filename", 8) == 0) {
			out = mp->filename;
			mp->has_filename = 1;
		}
		p++;
		if (param_value(&p, e, out, MP_NAME_MAX) == -1)
			return -1;
	}
	return named ? 0 : -1;
}

/* The header block h[0..n) of a part: 0, or 400. */
static int
headers(struct multipart *mp, const char *h, size_t n)
{
	const char	*e = h + n, *le, *c, *v;
	size_t		 i;
	int		 disp = 0;

	mp->name[0] = mp->filename[0] = mp->type[0] = '\0';
	mp->has_filename = 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)h[i] < 0x20 && h[i] != '\t' &&
		    h[i] != '\r' && h[i] != '\n')
			return bad(mp, "a control character in a part's "
			    "headers");
	while (h < e) {
		if ((le = (const char *)memchr(h, '\r', (size_t)(e - h))) ==
		    NULL)
			le = e;
		if ((c = memchr(h, ':', (size_t)(le - h))) == NULL)
			return bad(mp, "a part's header line has no colon");
		for (v = c + 1; v < le && (*v == ' ' || *v == '\t'); v++)
			;
		if (c - h == 19 && strncasecmp(h, "content-disposition",
		    19) == 0) {
			if (disp++ || disposition(mp, v, le) == -1)
				return bad(mp, "a part's Content-Disposition "
				    "is not form-data with a name");
		} else if (c - h == 12 && strncasecmp(h, "content-type",
		    12) == 0) {
			if ((size_t)(le - v) >= sizeof(mp->type))
				return bad(mp, "a part's Content-Type is too "
				    "long");
			memcpy(mp->type, v, (size_t)(le - v));
			mp->type[le - v] = '\0';
		}
		h = le + 2;	/* lines end in CRLF: the block was cut so */
	}
	if (!disp)
		return bad(mp, "a part has no Content-Disposition");
	return 0;
}

/* A part's headers end at i (its CRLF CRLF): parse them, tell the
   caller, go on to its body. 0 or a status. */
static int
begin(struct multipart *mp, size_t i)
{
	struct mp_part	 part;
	int		 rc;

	if (i > MP_HEADER_MAX)
		return bad(mp, "a part's headers are too long");
	if (++mp->parts > MP_PARTS_MAX)
		return bad(mp, "too many parts");
	if ((rc = headers(mp, mp->win + 2, i >= 2 ? i - 2 : 0)) != 0)
		return rc;
	consume(mp, i + 4);
	part.name = mp->name;
	part.filename = mp->has_filename ? mp->filename : NULL;
	part.type = mp->type;
	if ((rc = mp->cb.begin(mp->cb.arg, &part)) != 0)
		return rc;
	mp->state = MP_BODY;
	return 0;
}

/* Look at the window: 0 when it needs more bytes, else a status. */
static int
run(struct multipart *mp)
{
	long		 i;
	size_t		 keep = mp->dlen - 1;
	int		 rc;

	for (;;) {
		switch (mp->state) {
		case MP_PREAMBLE:
		case MP_BODY:
			if ((i = find(mp->win, mp->len, mp->delim, mp->dlen))
			    == -1) {
				if (mp->len <= keep)
					return 0;
				if (mp->state == MP_BODY && (rc =
				    mp->cb.data(mp->cb.arg, mp->win,
				    mp->len - keep)) != 0)
					return rc;
				consume(mp, mp->len - keep);
				return 0;
			}
			if (mp->state == MP_BODY && ((i > 0 && (rc =
			    mp->cb.data(mp->cb.arg, mp->win, (size_t)i)) != 0)
			    || (rc = mp->cb.end(mp->cb.arg)) != 0))
				return rc;
			consume(mp, (size_t)i + mp->dlen);
			mp->state = MP_AFTER;
			break;
		case MP_AFTER:
			for (i = 0; (size_t)i < mp->len && (mp->win[i] == ' ' ||
			    mp->win[i] == '\t'); i++)
				;
			consume(mp, (size_t)i);
			if (mp->len < 2)
				return 0;
			if (memcmp(mp->win, "--", 2) == 0) {
				mp->state = MP_DONE;
				break;
			}
			if (memcmp(mp->win, "\r\n", 2) != 0)
				return bad(mp, "a boundary line ends with "
				    "something else than CRLF");
			mp->state = MP_HEADERS;
			break;
		case MP_HEADERS:
			if ((i = find(mp->win, mp->len, "\r\n\r\n", 4)) == -1)
				return mp->len > MP_HEADER_MAX + 4 ? bad(mp,
				    "a part's headers are too long") : 0;
			if ((rc = begin(mp, (size_t)i)) != 0)
				return rc;
			break;
		case MP_DONE:
			mp->len = 0;	/* the epilogue: ignored */
			return 0;
		}
	}
}

int
multipart_feed(struct multipart *mp, const char *p, size_t n)
{
	size_t	 k;
	int	 rc;

	while (n > 0) {
		k = sizeof(mp->win) - mp->len;
		if (k > n)
			k = n;
		memcpy(mp->win + mp->len, p, k);
		mp->len += k;
		p += k;
		n -= k;
		if ((rc = run(mp)) != 0)
			return rc;
	}
	return 0;
}

int
multipart_finish(struct multipart *mp)
{
	if (mp->state != MP_DONE)
		return bad(mp, "the form ended before its closing boundary");
	return 0;
}
