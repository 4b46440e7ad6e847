/* test_urlenc.c: unit tests for urlenc.c (decoding, forms, cookies). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "urlenc.h"

struct t {
	int		 n;
	int		 pass;
	int		 fail;
	struct arena	 a;
};

static void
check(struct t *t, int ok, const char *what, const char *fmt, ...)
{
	va_list	 ap;

	t->n++;
	if (ok) {
		t->pass++;
		printf("ok %d - %s\n", t->n, what);
		return;
	}
	t->fail++;
	printf("fail %d - %s (got ", t->n, what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
}

static void
check_int(struct t *t, long got, long want, const char *what)
{
	check(t, got == want, what, "%ld, want %ld", got, want);
}

static void
check_str(struct t *t, const char *got, const char *want, const char *what)
{
	if (got == NULL || want == NULL) {
		check(t, got == want, what, "%s, want %s",
		    got ? got : "NULL", want ? want : "NULL");
		return;
	}
	check(t, strcmp(got, want) == 0, what, "\"%s\", want \"%s\"", got,
	    want);
}

/* A heap copy with no terminator, so ASan catches reads past n. */
static char *
exact(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(p, s, n);
	return p;
}

static int
dec(struct t *t, const char *s, int plus, char **out, size_t *len)
{
	char	*p = exact(s, strlen(s));
	int	 rc;

	rc = url_decode(&t->a, p, strlen(s), plus, out, len);
	free(p);
	return rc;
}

/* Decode s and compare with want (NULL: must fail). */
static void
check_dec(struct t *t, const char *s, int plus, const char *want,
    const char *what)
{
	char	*out = NULL;
	size_t	 len = 0;

	if (dec(t, s, plus, &out, &len) == -1) {
		check(t, want == NULL, what, "-1, want \"%s\"", want);
		return;
	}
	if (want == NULL) {
		check(t, 0, what, "\"%s\", want -1", out);
		return;
	}
	check(t, len == strlen(want) && strcmp(out, want) == 0, what,
	    "\"%s\" (%zu), want \"%s\"", out, len, want);
}

static void
test_url_decode(struct t *t)
{
	char	*out;
	size_t	 len;

	check_dec(t, "", 0, "", "decode: empty");
	check_dec(t, "hello", 0, "hello", "decode: plain");
	check_dec(t, "a%20b", 0, "a b", "decode: %20");
	check_dec(t, "a+b", 1, "a b", "decode: + is space in forms");
	check_dec(t, "a+b", 0, "a+b", "decode: + kept without the rule");
	check_dec(t, "1%2B1", 1, "1+1", "decode: %2B is '+' even in forms");
	check_dec(t, "%41%42%43", 0, "ABC", "decode: consecutive escapes");
	check_dec(t, "%e2%82%ac", 0, "\xe2\x82\xac", "decode: lower-case hex");
	check_dec(t, "%E2%82%aC", 0, "\xe2\x82\xac", "decode: mixed-case hex");
	check_dec(t, "%F0%9F%98%80", 0, "\xf0\x9f\x98\x80",
	    "decode: 4-byte character");
	check_dec(t, "100%25", 0, "100%", "decode: %25 is '%'");
	check_dec(t, "%", 0, NULL, "decode: lone % rejected");
	check_dec(t, "%2", 0, NULL, "decode: %2 rejected");
	check_dec(t, "abc%", 0, NULL, "decode: trailing % rejected");
	check_dec(t, "abc%4", 0, NULL, "decode: trailing %4 rejected");
	check_dec(t, "%zz", 0, NULL, "decode: %zz rejected");
	check_dec(t, "%2g", 0, NULL, "decode: %2g rejected");
	check_dec(t, "%g2", 0, NULL, "decode: %g2 rejected");
	check_dec(t, "%%41", 0, NULL, "decode: %%41 rejected");
	check_dec(t, "% 20", 0, NULL, "decode: '% 20' rejected");
	check_dec(t, "%+1", 1, NULL, "decode: %+1 rejected");
	check_dec(t, "%-1", 0, NULL, "decode: %-1 rejected");

	out = NULL;
	len = 0;
	check_int(t, dec(t, "a%00b", 0, &out, &len), 0, "decode: %00 allowed");
	check(t, out != NULL && len == 3 && out[0] == 'a' && out[1] == '\0' &&
	    out[2] == 'b' && out[3] == '\0', "decode: %00 gives a NUL byte",
	    "len %zu", len);

	out = (char *)"sentinel";
	len = 99;
	check_int(t, dec(t, "bad%zz", 0, &out, &len), -1,
	    "decode: failure returns -1");
	check(t, strcmp(out, "sentinel") == 0 && len == 99,
	    "decode: outputs untouched on failure", "len %zu", len);

	/* n shorter than the string: never look at the bytes after n. */
	check_int(t, url_decode(&t->a, "%41%42", 4, 0, &out, &len), -1,
	    "decode: escape cut by n rejected");
	check_int(t, url_decode(&t->a, "ab%41", 2, 0, &out, &len), 0,
	    "decode: stops at n");
	check_str(t, out, "ab", "decode: stops at n (value)");
}

static void
check_path(struct t *t, const char *s, const char *want, const char *what)
{
	char	*p = exact(s, strlen(s)), *out = NULL;
	int	 rc;

	rc = path_decode(&t->a, p, strlen(s), &out);
	free(p);
	if (rc == -1) {
		check(t, want == NULL, what, "-1, want \"%s\"", want);
		return;
	}
	if (want == NULL) {
		check(t, 0, what, "\"%s\", want -1", out);
		return;
	}
	check_str(t, out, want, what);
}

static void
test_path_decode(struct t *t)
{
	char	*out;

	check_path(t, "/", "/", "path: root");
	check_path(t, "", "", "path: empty");
	check_path(t, "/2024/05/hello-world/", "/2024/05/hello-world/",
	    "path: plain");
	check_path(t, "/2024/05/caf%C3%A9/", "/2024/05/caf\xc3\xa9/",
	    "path: UTF-8 escape");
	check_path(t, "/tag/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/",
	    "/tag/\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82/",
	    "path: Cyrillic tag");
	check_path(t, "/%F0%9F%98%80/", "/\xf0\x9f\x98\x80/",
	    "path: 4-byte character");
	check_path(t, "/a%20b/", "/a b/", "path: %20");
	check_path(t, "/a+b/", "/a+b/", "path: + is not a space");
	check_path(t, "//x//", "//x//", "path: empty segments kept");
	check_path(t, "/.well-known/x", "/.well-known/x",
	    "path: leading dot in a name is fine");
	check_path(t, "/.../", "/.../", "path: three dots is a name");
	check_path(t, "/a..b/", "/a..b/", "path: dots inside a name");
	check_path(t, "/..a/", "/..a/", "path: ..a is a name");

	check_path(t, "/../etc/passwd", NULL, "path: /../ rejected");
	check_path(t, "/a/..", NULL, "path: trailing .. rejected");
	check_path(t, "/a/../b", NULL, "path: inner .. rejected");
	check_path(t, "/./a", NULL, "path: . segment rejected");
	check_path(t, "/a/.", NULL, "path: trailing . rejected");
	check_path(t, "..", NULL, "path: bare .. rejected");
	check_path(t, "/%2e%2e/etc/passwd", NULL, "path: %2e%2e rejected");
	check_path(t, "/%2E%2E/", NULL, "path: %2E%2E rejected");
	check_path(t, "/.%2e/", NULL, "path: .%2e rejected");
	check_path(t, "/%2e./", NULL, "path: %2e. rejected");
	check_path(t, "/%2e/", NULL, "path: %2e rejected");
	check_path(t, "/a%2Fb/", NULL, "path: %2F rejected");
	check_path(t, "/a%2fb/", NULL, "path: %2f rejected");
	check_path(t, "/..%2f..%2fetc", NULL, "path: ..%2f rejected");
	check_path(t, "/%2e%2e%2f%2e%2e%2fetc", NULL,
	    "path: fully encoded traversal rejected");
	check_path(t, "/a%00b", NULL, "path: %00 rejected");
	check_path(t, "/a%00", NULL, "path: trailing %00 rejected");
	check_path(t, "/a%0a", NULL, "path: %0a rejected");
	check_path(t, "/a%0d%0aSet-Cookie:x", NULL,
	    "path: CRLF injection rejected");
	check_path(t, "/a%09b", NULL, "path: tab rejected");
	check_path(t, "/a%7f", NULL, "path: DEL rejected");
	check_path(t, "/a%1b", NULL, "path: ESC rejected");
	check_path(t, "/a%c2%85", NULL, "path: C1 NEL rejected");
	check_path(t, "/%c0%af", NULL, "path: overlong / (C0 AF) rejected");
	check_path(t, "/%c0%ae%c0%ae/", NULL, "path: overlong dots rejected");
	check_path(t, "/%ed%a0%80", NULL, "path: surrogate rejected");
	check_path(t, "/%ff", NULL, "path: invalid byte rejected");
	check_path(t, "/\xff", NULL, "path: raw invalid byte rejected");
	check_path(t, "/\xc3", NULL, "path: raw truncated UTF-8 rejected");
	check_path(t, "/a\x01", NULL, "path: raw control rejected");
	check_path(t, "/%", NULL, "path: lone % rejected");
	check_path(t, "/%2", NULL, "path: %2 rejected");
	check_path(t, "/%zz", NULL, "path: %zz rejected");
	check_path(t, "/%%41", NULL, "path: %%41 rejected");

	out = (char *)"sentinel";
	check_int(t, path_decode(&t->a, "/a/../b", 7, &out), -1,
	    "path: failure returns -1");
	check_str(t, out, "sentinel", "path: out untouched on failure");
	check_int(t, path_decode(&t->a, "/ab/..", 3, &out), 0,
	    "path: stops at n");
	check_str(t, out, "/ab", "path: stops at n (value)");
	check_int(t, path_decode(&t->a, "/%41%42", 5, &out), -1,
	    "path: escape cut by n rejected");
}

static int
form(struct t *t, const char *s, struct kv **head)
{
	char	*p = exact(s, strlen(s));
	int	 rc;

	rc = form_parse(&t->a, p, strlen(s), head);
	free(p);
	return rc;
}

static int
count(const struct kv *kv)
{
	int	 n = 0;

	for (; kv != NULL; kv = kv->next)
		n++;
	return n;
}

static void
test_form(struct t *t)
{
	struct kv	*kv;
	const struct kv	*f;
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	check_int(t, form(t, "a=1&b=2", &kv), 0, "form: a=1&b=2");
	check_int(t, count(kv), 2, "form: two pairs");
	check(t, kv != NULL && strcmp(kv->key, "a") == 0 &&
	    strcmp(kv->val, "1") == 0 && kv->next != NULL &&
	    strcmp(kv->next->key, "b") == 0, "form: order kept", "other");
	check_str(t, kv_get(kv, "b"), "2", "form: kv_get b");
	check_str(t, kv_get(kv, "c"), NULL, "form: kv_get missing");
	check_int(t, kv_count(kv, "c"), 0, "form: kv_count missing");

	check_int(t, form(t, "", &kv), 0, "form: empty input");
	check(t, kv == NULL, "form: empty input gives no pairs", "non-NULL");
	check_int(t, form(t, "&&&", &kv), 0, "form: only separators");
	check(t, kv == NULL, "form: only separators gives no pairs",
	    "non-NULL");
	check_int(t, form(t, "&a=1&&b=2&", &kv), 0, "form: empty pairs");
	check_int(t, count(kv), 2, "form: empty pairs skipped");

	check_int(t, form(t, "flag&x=1", &kv), 0, "form: key without =");
	f = kv_find(kv, "flag");
	check(t, f != NULL && f->vallen == 0 && strcmp(f->val, "") == 0,
	    "form: key without = gets \"\"", "other");
	check_int(t, form(t, "a=&b", &kv), 0, "form: a=");
	check_str(t, kv_get(kv, "a"), "", "form: a= gives \"\"");
	check_int(t, form(t, "=x&y=1", &kv), 0, "form: empty key");
	check_str(t, kv_get(kv, ""), "x", "form: empty key kept as \"\"");
	check_int(t, count(kv), 2, "form: empty key counted");
	check_int(t, form(t, "=", &kv), 0, "form: lone =");
	check(t, kv != NULL && kv->keylen == 0 && kv->vallen == 0,
	    "form: lone = is an empty key and value", "other");

	check_int(t, form(t, "author=J%C3%B6rg+M%C3%BCller&c=a%26b%3Dc", &kv),
	    0, "form: escapes");
	check_str(t, kv_get(kv, "author"), "J\xc3\xb6rg M\xc3\xbcller",
	    "form: + and UTF-8 in value");
	check_str(t, kv_get(kv, "c"), "a&b=c", "form: escaped & and =");
	check_int(t, form(t, "a+b=c+d&sum=1+%2B+1", &kv), 0, "form: plus");
	check_str(t, kv_get(kv, "a b"), "c d", "form: + in key and value");
	check_str(t, kv_get(kv, "sum"), "1 + 1", "form: %2B stays +");
	check_int(t, form(t, "x=a=b", &kv), 0, "form: = in value");
	check_str(t, kv_get(kv, "x"), "a=b", "form: value after first =");

	check_int(t, form(t, "a=1&a=2&b=3&a=4", &kv), 0, "form: duplicates");
	check_int(t, kv_count(kv, "a"), 3, "form: kv_count duplicates");
	check_int(t, kv_count(kv, "b"), 1, "form: kv_count single");
	check_str(t, kv_get(kv, "a"), "1", "form: kv_get gives the first");

	check_int(t, form(t, "k=%00z&v=%ff", &kv), 0,
	    "form: NUL and invalid UTF-8 in values allowed");
	f = kv_find(kv, "k");
	check(t, f != NULL && f->vallen == 2 && f->val[0] == '\0' &&
	    f->val[1] == 'z', "form: vallen counts the NUL", "other");
	f = kv_find(kv, "v");
	check(t, f != NULL && f->vallen == 1 &&
	    (unsigned char)f->val[0] == 0xff, "form: raw byte value", "other");

	kv = (struct kv *)&b;
	check_int(t, form(t, "a=%zz", &kv), -1, "form: %zz rejected");
	check(t, kv == NULL, "form: head NULL on failure", "non-NULL");
	check_int(t, form(t, "a=1&b=%", &kv), -1, "form: trailing % rejected");
	check_int(t, form(t, "a=%2", &kv), -1, "form: %2 rejected");
	check_int(t, form(t, "a%=1", &kv), -1, "form: % in key rejected");
	check_int(t, form(t, "a=%%41", &kv), -1, "form: %%41 rejected");
	check_int(t, form(t, "%00=v", &kv), -1, "form: NUL in key rejected");
	check_int(t, form(t, "k%00=v", &kv), -1,
	    "form: NUL inside key rejected");
	check_int(t, form(t, "k%ff=v", &kv), -1,
	    "form: invalid UTF-8 key rejected");
	check_int(t, form(t, "k%c0%af=v", &kv), -1,
	    "form: overlong key rejected");
	check_int(t, form(t, "k%C3%A9=v", &kv), 0, "form: UTF-8 key ok");
	check_str(t, kv_get(kv, "k\xc3\xa9"), "v", "form: UTF-8 key value");

	check_int(t, form_parse(&t->a, "a=1&b=2", 5, &kv), 0,
	    "form: stops at n");
	check(t, count(kv) == 2 && strcmp(kv->next->key, "b") == 0 &&
	    kv->next->vallen == 0, "form: stops at n (b=\"\")", "other");

	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	check_int(t, form(t, buf_str(&b), &kv), 0, "form: 1000 pairs");
	check_int(t, count(kv), 1000, "form: 1000 pairs counted");
	check_str(t, kv_get(kv, "f999"), "999", "form: last of 1000 pairs");
	buf_free(&b);
}

static void
test_cookie(struct t *t)
{
	struct kv	*kv;
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	kv = (struct kv *)&b;
	check_int(t, cookie_parse(&t->a, NULL, &kv), 0, "cookie: NULL header");
	check(t, kv == NULL, "cookie: NULL header gives no pairs", "other");
	check_int(t, cookie_parse(&t->a, "", &kv), 0, "cookie: empty header");
	check(t, kv == NULL, "cookie: empty header gives no pairs", "other");

	check_int(t, cookie_parse(&t->a, "a=b", &kv), 0, "cookie: one");
	check_str(t, kv_get(kv, "a"), "b", "cookie: one value");
	check_int(t, cookie_parse(&t->a, "sid=abc; theme=dark", &kv), 0,
	    "cookie: two");
	check_int(t, count(kv), 2, "cookie: two counted");
	check(t, kv != NULL && strcmp(kv->key, "sid") == 0,
	    "cookie: order kept", "other");
	check_str(t, kv_get(kv, "theme"), "dark", "cookie: second value");
	check_int(t, cookie_parse(&t->a, "a=1;b=2", &kv), 0,
	    "cookie: no space after ;");
	check_str(t, kv_get(kv, "b"), "2", "cookie: no space value");
	check_int(t, cookie_parse(&t->a, "  a = 1 ;\tb=2\t; ", &kv), 0,
	    "cookie: extra whitespace");
	check_str(t, kv_get(kv, "a"), "1", "cookie: whitespace trimmed");
	check_int(t, count(kv), 2, "cookie: whitespace pairs counted");
	check_int(t, cookie_parse(&t->a, "q=\"quoted\"; e=\"\"; h=\"", &kv),
	    0, "cookie: quotes");
	check_str(t, kv_get(kv, "q"), "quoted", "cookie: quotes stripped");
	check_str(t, kv_get(kv, "e"), "", "cookie: empty quoted value");
	check_str(t, kv_get(kv, "h"), "\"", "cookie: lone quote kept");
	check_int(t, cookie_parse(&t->a, "garbage; a=1; =x; b c=2; d=3", &kv),
	    0, "cookie: malformed pairs");
	check_int(t, count(kv), 2, "cookie: malformed pairs skipped");
	check_str(t, kv_get(kv, "d"), "3", "cookie: pair after malformed");
	check_int(t, cookie_parse(&t->a, "a\x01=1; b=\x7f; c=3", &kv), 0,
	    "cookie: control characters");
	check_int(t, count(kv), 1, "cookie: pairs with controls skipped");
	check_int(t, cookie_parse(&t->a, "a=b=c", &kv), 0,
	    "cookie: = in value");
	check_str(t, kv_get(kv, "a"), "b=c", "cookie: value after first =");
	check_int(t, cookie_parse(&t->a, "a=%41+", &kv), 0,
	    "cookie: percent");
	check_str(t, kv_get(kv, "a"), "%41+", "cookie: no percent decoding");
	check_int(t, cookie_parse(&t->a, "a=; b", &kv), 0, "cookie: a=");
	check_str(t, kv_get(kv, "a"), "", "cookie: empty value");
	check_int(t, count(kv), 1, "cookie: name without = skipped");
	check_int(t, cookie_parse(&t->a, ";;; ;", &kv), 0,
	    "cookie: only separators");
	check(t, kv == NULL, "cookie: only separators gives none", "other");
	check_int(t, cookie_parse(&t->a, "s=new; s=old", &kv), 0,
	    "cookie: duplicates");
	check_int(t, kv_count(kv, "s"), 2, "cookie: duplicates kept");
	check_str(t, kv_get(kv, "s"), "new", "cookie: first wins");
	check_int(t, cookie_parse(&t->a, "n=caf\xc3\xa9", &kv), 0,
	    "cookie: UTF-8 value");
	check_str(t, kv_get(kv, "n"), "caf\xc3\xa9", "cookie: UTF-8 kept");

	for (i = 0; i < COOKIE_MAX; i++)
		buf_printf(&b, "%sc%d=%d", i ? "; " : "", i, i);
	check_int(t, cookie_parse(&t->a, buf_str(&b), &kv), 0,
	    "cookie: COOKIE_MAX pairs accepted");
	check_int(t, count(kv), COOKIE_MAX, "cookie: COOKIE_MAX counted");
	buf_puts(&b, "; one=more");
	check_int(t, cookie_parse(&t->a, buf_str(&b), &kv), -1,
	    "cookie: COOKIE_MAX + 1 rejected");
	check(t, kv == NULL, "cookie: head NULL on -1", "other");
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, "junk; ");
	buf_puts(&b, "a=1");
	check_int(t, cookie_parse(&t->a, buf_str(&b), &kv), 0,
	    "cookie: many malformed pairs do not count");
	check_str(t, kv_get(kv, "a"), "1", "cookie: pair after junk");
	buf_free(&b);
}

int
main(void)
{
	struct t	 t;

	memset(&t, 0, sizeof(t));
	test_url_decode(&t);
	test_path_decode(&t);
	test_form(&t);
	test_cookie(&t);
	arena_free(&t.a);
	printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
