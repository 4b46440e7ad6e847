/* test_utf8.c: unit tests for utf8.c (validation, clean text, prefixes). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct t {
	int	 n;
	int	 pass;
	int	 fail;
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
valid(const char *s, size_t n)
{
	char	*p = exact(s, n);
	int	 rc = utf8_valid(p, n);

	free(p);
	return rc;
}

static int
clean(const char *s, size_t n)
{
	char	*p = exact(s, n);
	int	 rc = text_clean(p, n);

	free(p);
	return rc;
}

static size_t
prefix(const char *s, size_t n, size_t max)
{
	char	*p = exact(s, n);
	size_t	 rc = utf8_prefix(p, n, max);

	free(p);
	return rc;
}

#define V(t, lit, want, what) \
	check_int((t), valid((lit), sizeof(lit) - 1), (want), (what))
#define C(t, lit, want, what) \
	check_int((t), clean((lit), sizeof(lit) - 1), (want), (what))

static void
test_valid(struct t *t)
{
	V(t, "", 1, "valid: empty");
	V(t, "hello, world", 1, "valid: ASCII");
	V(t, "a\0b", 1, "valid: NUL is well-formed UTF-8");
	V(t, "\xc2\x80", 1, "valid: U+0080 (smallest 2-byte)");
	V(t, "\xc3\xa9", 1, "valid: é");
	V(t, "\xdf\xbf", 1, "valid: U+07FF (largest 2-byte)");
	V(t, "\xe0\xa0\x80", 1, "valid: U+0800 (smallest 3-byte)");
	V(t, "\xe2\x82\xac", 1, "valid: €");
	V(t, "\xed\x9f\xbf", 1, "valid: U+D7FF (below surrogates)");
	V(t, "\xee\x80\x80", 1, "valid: U+E000 (above surrogates)");
	V(t, "\xef\xbf\xbf", 1, "valid: U+FFFF");
	V(t, "\xf0\x90\x80\x80", 1, "valid: U+10000 (smallest 4-byte)");
	V(t, "\xf0\x9f\x98\x80", 1, "valid: 4-byte emoji");
	V(t, "\xf4\x8f\xbf\xbf", 1, "valid: U+10FFFF");
	V(t, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", 1,
	    "valid: Cyrillic word");
	V(t, "\xe6\x97\xa5\xe6\x9c\xac", 1, "valid: CJK");

	V(t, "\xc0\xaf", 0, "invalid: overlong '/' C0 AF");
	V(t, "\xc0\x80", 0, "invalid: overlong NUL C0 80");
	V(t, "\xc1\xbf", 0, "invalid: overlong C1 BF");
	V(t, "\xe0\x80\xaf", 0, "invalid: overlong 3-byte '/'");
	V(t, "\xe0\x9f\xbf", 0, "invalid: overlong 3-byte U+07FF");
	V(t, "\xf0\x80\x80\xaf", 0, "invalid: overlong 4-byte '/'");
	V(t, "\xf0\x8f\xbf\xbf", 0, "invalid: overlong 4-byte U+FFFF");
	V(t, "\xed\xa0\x80", 0, "invalid: surrogate U+D800 ED A0 80");
	V(t, "\xed\xbf\xbf", 0, "invalid: surrogate U+DFFF");
	V(t, "\xed\xa0\xbd\xed\xb8\x80", 0, "invalid: CESU-8 surrogate pair");
	V(t, "\xf4\x90\x80\x80", 0, "invalid: U+110000");
	V(t, "\xf5\x80\x80\x80", 0, "invalid: F5 lead byte");
	V(t, "\xf8\x88\x80\x80\x80", 0, "invalid: 5-byte sequence");
	V(t, "\xfe", 0, "invalid: FE");
	V(t, "\xff", 0, "invalid: FF");
	V(t, "\x80", 0, "invalid: lone continuation 80");
	V(t, "a\xbf", 0, "invalid: lone continuation after ASCII");
	V(t, "\xc3", 0, "invalid: truncated 2-byte at end");
	V(t, "\xe2\x82", 0, "invalid: truncated 3-byte at end");
	V(t, "\xf0\x9f\x98", 0, "invalid: truncated 4-byte at end");
	V(t, "\xc3" "A", 0, "invalid: lead byte then ASCII");
	V(t, "\xe2\x82" "A", 0, "invalid: 3-byte cut by ASCII");
	V(t, "\xe2\x82\xac\xac", 0, "invalid: extra continuation byte");
	check_int(t, utf8_valid("\xc3\xa9", 1), 0,
	    "invalid: n cuts a character");
}

static void
test_next(struct t *t)
{
	uint32_t	 cp = 0;

	check_int(t, (long)utf8_next("A", 1, &cp), 1, "next: ASCII length");
	check_int(t, cp, 'A', "next: ASCII code point");
	check_int(t, (long)utf8_next("\xc3\xa9", 2, &cp), 2, "next: é length");
	check_int(t, cp, 0xe9, "next: é code point");
	check_int(t, (long)utf8_next("\xe2\x82\xac", 3, &cp), 3,
	    "next: € length");
	check_int(t, cp, 0x20ac, "next: € code point");
	check_int(t, (long)utf8_next("\xf0\x9f\x98\x80", 4, &cp), 4,
	    "next: emoji length");
	check_int(t, cp, 0x1f600, "next: emoji code point");
	cp = 7;
	check_int(t, (long)utf8_next("\xed\xa0\x80", 3, &cp), 0,
	    "next: surrogate is 0");
	check_int(t, cp, 7, "next: cp untouched on error");
	check_int(t, (long)utf8_next("", 0, &cp), 0, "next: n = 0");
	check_int(t, (long)utf8_next("\xf0\x9f\x98\x80", 3, &cp), 0,
	    "next: n cuts a character");
}

static void
test_clean(struct t *t)
{
	C(t, "", 1, "clean: empty");
	C(t, "Hello, world!", 1, "clean: ASCII");
	C(t, "line 1\r\nline 2\n\tindented", 1, "clean: tab, CR, LF allowed");
	C(t, "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", 1,
	    "clean: é, em dash, emoji");
	C(t, "\xc2\xa0", 1, "clean: NBSP U+00A0 is not a control");
	C(t, "a\0b", 0, "clean: NUL rejected");
	C(t, "\x01", 0, "clean: SOH rejected");
	C(t, "\x1b[31mred", 0, "clean: ESC rejected");
	C(t, "a\x0b" "b", 0, "clean: VT rejected");
	C(t, "a\x0c" "b", 0, "clean: FF rejected");
	C(t, "a\x08" "b", 0, "clean: backspace rejected");
	C(t, "\x1f", 0, "clean: US rejected");
	C(t, "\x7f", 0, "clean: DEL rejected");
	C(t, "\xc2\x80", 0, "clean: C1 U+0080 rejected");
	C(t, "\xc2\x85", 0, "clean: C1 NEL U+0085 rejected");
	C(t, "\xc2\x9f", 0, "clean: C1 U+009F rejected");
	C(t, "\xc0\xaf", 0, "clean: overlong rejected");
	C(t, "\xed\xa0\x80", 0, "clean: surrogate rejected");
	C(t, "abc\xff", 0, "clean: invalid byte rejected");
	C(t, "\xc3", 0, "clean: truncated rejected");
}

static void
test_prefix(struct t *t)
{
	/* "h\xc3\xa9llo" is h é l l o: 6 bytes. */
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 10), 6,
	    "prefix: n <= max gives n");
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 6), 6,
	    "prefix: n == max gives n");
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 0), 0, "prefix: max 0");
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 1), 1,
	    "prefix: before é");
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 2), 1,
	    "prefix: does not cut é");
	check_int(t, (long)prefix("h\xc3\xa9llo", 6, 3), 3, "prefix: after é");
	check_int(t, (long)prefix("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, 7),
	    4, "prefix: 4-byte chars, max 7");
	check_int(t, (long)prefix("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, 3),
	    0, "prefix: 4-byte char, max 3");
	check_int(t, (long)prefix("a\xe2\x82\xac" "b", 5, 3), 1,
	    "prefix: does not cut €");
	check_int(t, (long)prefix("a\xe2\x82\xac" "b", 5, 4), 4,
	    "prefix: whole €");
	check_int(t, (long)prefix("\xff\xff\xff\xff", 4, 2), 2,
	    "prefix: invalid bytes count singly");
	check_int(t, (long)prefix("ab\xe2\x82", 4, 3), 3,
	    "prefix: truncated char counts bytewise");
}

int
main(void)
{
	struct t	 t = { 0, 0, 0 };

	test_valid(&t);
	test_next(&t);
	test_clean(&t);
	test_prefix(&t);
	printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
