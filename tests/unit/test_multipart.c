/* test_multipart.c: unit tests for multipart.c, the form-data parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "multipart.h"
#include "check.h"

/* What the callbacks saw, as "name|filename|type=data;" lines. */
struct seen {
	struct buf	 out;
	int		 stop_at;	/* begin returns 413 at this part */
	int		 parts;
};

static int
on_begin(void *arg, const struct mp_part *p)
{
	struct seen	*s = arg;

	if (++s->parts == s->stop_at)
		return 413;
	buf_printf(&s->out, "%s|%s|%s=", p->name,
	    p->filename ? p->filename : "(none)", p->type);
	return 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	buf_add(&((struct seen *)arg)->out, p, n);
	return 0;
}

static int
on_end(void *arg)
{
	buf_putc(&((struct seen *)arg)->out, ';');
	return 0;
}

/* Parse body in pieces of `piece' bytes: the status; what was seen in
   s. */
static int
parse(const char *ct, const char *body, size_t n, size_t piece,
    struct seen *s, const char **err)
{
	static struct multipart	 mp;
	struct mp_cb		 cb = { on_begin, on_data, on_end, s };
	size_t			 k;
	int			 rc;

	buf_reset(&s->out);
	s->parts = 0;
	if (multipart_init(&mp, ct, &cb) == -1)
		return -1;
	for (; n > 0; body += k, n -= k) {
		k = n < piece ? n : piece;
		if ((rc = multipart_feed(&mp, body, k)) != 0) {
			*err = mp.err;
			return rc;
		}
	}
	rc = multipart_finish(&mp);
	*err = mp.err;
	return rc;
}

/* parse() of a string with no NUL. */
static int
pstr(const char *body, size_t piece, struct seen *s, const char **err)
{
	return parse("multipart/form-data; boundary=XyZ", body, strlen(body),
	    piece, s, err);
}

static void
boundaries(struct check *c)
{
	char	 b[MP_BOUNDARY_MAX + 1];

	CHECK(c, multipart_boundary("multipart/form-data; boundary=abc", b,
	    sizeof(b)) == 0 && strcmp(b, "abc") == 0, "plain boundary");
	CHECK(c, multipart_boundary("Multipart/Form-Data; charset=utf-8; "
	    "BOUNDARY=\"a b:c\"", b, sizeof(b)) == 0 &&
	    strcmp(b, "a b:c") == 0, "quoted boundary, any case, after "
	    "another parameter");
	CHECK(c, multipart_boundary("multipart/form-data", b, sizeof(b)) ==
	    -1, "no boundary");
	CHECK(c, multipart_boundary("multipart/form-data; boundary=", b,
	    sizeof(b)) == -1, "empty boundary");
	CHECK(c, multipart_boundary("multipart/form-data; boundary=a<b", b,
	    sizeof(b)) == -1, "a character no boundary holds");
	CHECK(c, multipart_boundary("multipart/form-data; boundary="
	    "12345678901234567890123456789012345678901234567890"
	    "123456789012345678901", b, sizeof(b)) == -1, "71 characters");
	CHECK(c, multipart_boundary("application/x-www-form-urlencoded; "
	    "boundary=a", b, sizeof(b)) == -1, "another type");
	CHECK(c, multipart_boundary(NULL, b, sizeof(b)) == -1, "no type");
}

#define CT	"multipart/form-data; boundary=XyZ"

static void
bodies(struct check *c)
{
	static const char body[] = "preamble\r\n--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok\r\n--XyZ\r\n"
	    "content-disposition: form-data; name=\"files\"; "
	    "filename=\"a \\\"b\\\".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
	    "\xff\xd8\r\n--X\r\n--Xy\0Z\r\n--XyZ  \r\n"
	    "Content-Disposition: form-data; name=empty\r\n\r\n"
	    "\r\n--XyZ--\r\nepilogue";
	static const char want[] = "csrf|(none)|=tok;"
	    "files|a \"b\".jpg|image/jpeg=\xff\xd8\r\n--X\r\n--Xy\0Z;"
	    "empty|(none)|=;";
	struct seen	 s = { { 0 }, 0, 0 };
	const char	*err;
	size_t		 piece;
	int		 ok = 1, rc;

	for (piece = 1; piece <= sizeof(body); piece++) {
		rc = parse(CT, body, sizeof(body) - 1, piece, &s, &err);
		if (rc != 0 || s.out.len != sizeof(want) - 1 ||
		    memcmp(s.out.p, want, sizeof(want) - 1) != 0) {
			ok = 0;
			printf("# piece %zu: rc %d, %s\n", piece, rc,
			    buf_str(&s.out));
			break;
		}
	}
	CHECK(c, ok, "three parts, in pieces of every size, data with "
	    "near-boundaries and a NUL kept exactly");
	CHECK(c, pstr("--XyZ\r\nContent-Disposition: form-data; "
	    "name=a\r\n\r\nxyz", 7, &s, &err) == 400 &&
	    strstr(err, "ended") != NULL, "truncated body: 400");
	CHECK(c, pstr("", 1, &s, &err) == 400, "empty body: 400");
	CHECK(c, pstr("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n"
	    "--XyZ--", 5, &s, &err) == 400 &&
	    strstr(err, "Content-Disposition") != NULL,
	    "a part without Content-Disposition: 400");
	CHECK(c, pstr("--XyZ\r\nContent-Disposition: attachment; "
	    "name=a\r\n\r\nx\r\n--XyZ--", 5, &s, &err) == 400,
	    "not form-data: 400");
	CHECK(c, pstr("--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a\r\n\r\nx\r\n--XyZ--", 5, &s, &err) == 400,
	    "an unclosed quote: 400");
	CHECK(c, pstr("--XyZgarbage\r\n", 3, &s, &err) == 400,
	    "a boundary followed by other text: 400");
	s.stop_at = 2;
	CHECK(c, parse(CT, body, sizeof(body) - 1, 100, &s, &err) == 413 &&
	    strcmp(buf_str(&s.out), "csrf|(none)|=tok;") == 0,
	    "a callback's status stops the parse");
	s.stop_at = 0;
	buf_free(&s.out);
}

static void
limits(struct check *c)
{
	struct seen	 s = { { 0 }, 0, 0 };
	struct buf	 b = { 0 };
	const char	*err;
	int		 i;

	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
	    "X-Long: ");
	for (i = 0; i < MP_HEADER_MAX; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\r\n\r\nv\r\n--XyZ--");
	CHECK(c, parse(CT, b.p, b.len, 4096, &s, &err) == 400 &&
	    strstr(err, "too long") != NULL, "headers over %d bytes: 400",
	    MP_HEADER_MAX);
	buf_reset(&b);
	for (i = 0; i <= MP_PARTS_MAX; i++)
		buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; "
		    "name=a\r\n\r\nv\r\n");
	buf_puts(&b, "--XyZ--");
	CHECK(c, parse(CT, b.p, b.len, 65536, &s, &err) == 400 &&
	    strstr(err, "too many") != NULL, "over %d parts: 400",
	    MP_PARTS_MAX);
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=f; "
	    "filename=big\r\n\r\n");
	for (i = 0; i < 300000; i++)
		buf_putc(&b, "ab\r\n-"[i % 5]);
	buf_puts(&b, "\r\n--XyZ--\r\n");
	CHECK(c, parse(CT, b.p, b.len, 100000, &s, &err) == 0 &&
	    s.out.len == 300000 + 8, "a part larger than the window "
	    "streams through");
	buf_free(&b);
	buf_free(&s.out);
}

int
main(void)
{
	struct check	 c = { 0 };

	boundaries(&c);
	bodies(&c);
	limits(&c);
	return check_done(&c);
}
