/* test_slug.c: unit tests for slug.c (slug_make, slug_valid). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "slug.h"
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
	int	 rc = slug_valid(p, n);

	free(p);
	return rc;
}

/*
 * Make a slug of the n bytes of title and compare it with want; also
 * check that a non-empty result is valid and maps to itself.
 */
static void
check_slug_n(struct t *t, const char *title, size_t n, const char *want,
    const char *what)
{
	struct buf	 b = { NULL, 0, 0 }, again = { NULL, 0, 0 };
	char		*p = exact(title, n);
	char		 w[256];

	slug_make(&b, p, n);
	free(p);
	check(t, strcmp(buf_str(&b), want) == 0, what, "\"%s\", want \"%s\"",
	    buf_str(&b), want);
	if (b.len > 0) {
		(void)snprintf(w, sizeof(w), "%s: slug_valid", what);
		check(t, valid(b.p, b.len), w, "0");
		slug_make(&again, b.p, b.len);
		(void)snprintf(w, sizeof(w), "%s: idempotent", what);
		check(t, strcmp(buf_str(&again), buf_str(&b)) == 0, w,
		    "\"%s\"", buf_str(&again));
	}
	buf_free(&b);
	buf_free(&again);
}

static void
check_slug(struct t *t, const char *title, const char *want,
    const char *what)
{
	check_slug_n(t, title, strlen(title), want, what);
}

static void
test_ascii(struct t *t)
{
	check_slug(t, "Hello World", "hello-world", "ascii: two words");
	check_slug(t, "  Hello,   World!  ", "hello-world",
	    "ascii: runs and ends");
	check_slug(t, "Finding The Knots", "finding-the-knots",
	    "ascii: a title");
	check_slug(t, "C++ & Rust", "c-rust", "ascii: symbols");
	check_slug(t, "snake_case_name", "snake-case-name",
	    "ascii: underscore is a separator");
	check_slug(t, "Version 2.0", "version-2-0", "ascii: dot separates");
	check_slug(t, "already-a-slug", "already-a-slug", "ascii: a slug");
	check_slug(t, "--a--b--", "a-b", "ascii: dashes collapse");
	check_slug(t, "A/B", "a-b", "ascii: slash separates");
	check_slug(t, "../../etc/passwd", "etc-passwd",
	    "ascii: traversal is harmless");
	check_slug(t, "Don't stop", "dont-stop", "ascii: apostrophe dropped");
	check_slug(t, "Rock 'n' roll", "rock-n-roll",
	    "ascii: quotes as apostrophes");
	check_slug(t, "Tab\tand\nnewline", "tab-and-newline",
	    "ascii: control characters separate");
	check_slug(t, "<script>alert(1)</script>", "script-alert-1-script",
	    "ascii: markup");
	check_slug(t, "100%", "100", "ascii: percent");
	check_slug(t, "", "", "ascii: empty");
	check_slug(t, "   ", "", "ascii: only spaces");
	check_slug(t, "---", "", "ascii: only dashes");
	check_slug(t, "!?.,;:", "", "ascii: only punctuation");
	check_slug(t, "'''", "", "ascii: only apostrophes");
	check_slug_n(t, "a\0b", 3, "a-b", "ascii: NUL separates");
}

static void
test_latin(struct t *t)
{
	check_slug(t, "\xc3\x9c" "ber caf\xc3\xa9", "uber-cafe", "Über café");
	check_slug(t, "\xc3\x86r\xc3\xb8sk\xc3\xb8" "bing", "aeroskobing",
	    "Ærøskøbing");
	check_slug(t, "Stra\xc3\x9f" "e", "strasse", "Straße");
	check_slug(t, "GRO\xe1\xba\x9e", "gross", "capital sharp s");
	check_slug(t, "\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz", "Łódź");
	check_slug(t, "\xc3\x85ngstr\xc3\xb6m", "angstrom", "Ångström");
	check_slug(t, "\xc5\x92uvre", "oeuvre", "Œuvre");
	check_slug(t, "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", "creme-brulee",
	    "Crème brûlée");
	check_slug(t, "Espa\xc3\xb1" "a", "espana", "España");
	check_slug(t, "\xc3\x9e\xc3\xb3rsm\xc3\xb6rk", "thorsmork",
	    "Þórsmörk");
	check_slug(t, "\xc4\xb0stanbul \xc5\x9ei\xc5\x9fli", "istanbul-sisli",
	    "İstanbul Şişli");
	check_slug(t, "\xc8\x9a" "ar\xc4\x83 \xc8\x99i", "tara-si",
	    "Romanian comma-below letters");
	check_slug(t, "\xc4\x8c" "e\xc5\xa1tina \xc5\x98" "e\xc4\x8d",
	    "cestina-rec", "Czech carons");
	check_slug(t, "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t", "tieng-viet",
	    "Vietnamese");
	check_slug(t, "\xc3\x85" "A\xc3\xa5", "aaa", "Å A å");
	check_slug(t, "\xc3\xbf\xc5\xb8", "yy", "ÿ Ÿ");
	check_slug(t, "\xc4\xb2sselmeer", "ijsselmeer", "Ĳ ligature");
	check_slug(t, "\xef\xac\x81nance", "finance", "ﬁ ligature");
	check_slug(t, "5 \xc3\x97 3 \xc3\xb7 2", "5-3-2", "× and ÷ separate");
	check_slug(t, "E=mc\xc2\xb2", "e-mc2", "superscript two");
	check_slug(t, "\xef\xbc\xa6\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c"
	    "\xef\xbc\x91", "full1", "fullwidth letters and digits");
	check_slug(t, "cafe\xcc\x81", "cafe", "decomposed é (combining)");
	check_slug(t, "co\xc2\xadop", "coop", "soft hyphen dropped");
	check_slug(t, "zero\xe2\x80\x8bwidth", "zerowidth",
	    "zero-width space dropped");
	check_slug(t, "non\xc2\xa0" "breaking", "non-breaking",
	    "NBSP separates");
	check_slug(t, "\xc2\xa9 2024 \xc2\xae", "2024", "© and ® separate");
	check_slug(t, "5\xc2\xb5m", "5\xce\xbcm", "micro sign becomes μ");
}

static void
test_scripts(struct t *t)
{
	check_slug(t, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, "
	    "\xd0\xbc\xd0\xb8\xd1\x80!",
	    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82-"
	    "\xd0\xbc\xd0\xb8\xd1\x80", "Привет, мир!");
	check_slug(t, "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2 "
	    "\xd0\x81\xd0\x96",
	    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82-\xd1\x91\xd0\xb6",
	    "ПРИВЕТ ЁЖ lower-cased");
	check_slug(t, "\xd0\x86\xd1\x97\xd0\x84", "\xd1\x96\xd1\x97\xd1\x94",
	    "Ukrainian І ї Є");
	check_slug(t, "\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
	    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1", "ΑΘΗΝΑ");
	check_slug(t, "\xce\x8f\xcf\x81\xce\xb1", "\xcf\x8e\xcf\x81\xce\xb1",
	    "Ώρα (accented capital)");
	check_slug(t, "\xce\xa3\xce\xbf\xcf\x86\xcf\x8c\xcf\x82",
	    "\xcf\x83\xce\xbf\xcf\x86\xcf\x8c\xcf\x82",
	    "Σοφός (final sigma)");
	check_slug(t, "\xd4\xb2\xd5\xa1\xd6\x80\xd5\xa5\xd6\x82",
	    "\xd5\xa2\xd5\xa1\xd6\x80\xd5\xa5\xd6\x82", "Armenian capital");
	check_slug(t, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe3\x82\xbf\xe3\x82\xa4\xe3\x83\x88\xe3\x83\xab",
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe3\x82\xbf\xe3\x82\xa4\xe3\x83\x88\xe3\x83\xab",
	    "日本語のタイトル");
	check_slug(t, "\xe6\x97\xa5\xe6\x9c\xac\xe3\x80\x81\xe3\x82\xbf"
	    "\xe3\x80\x82", "\xe6\x97\xa5\xe6\x9c\xac-\xe3\x82\xbf",
	    "CJK punctuation separates");
	check_slug(t, "\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf",
	    "\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf", "katakana long mark kept");
	check_slug(t, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xec\xa0\x9c"
	    "\xeb\xaa\xa9", "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4-\xec\xa0\x9c"
	    "\xeb\xaa\xa9", "Korean");
	check_slug(t, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\xd8\x8c "
	    "\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85\xd8\x9f",
	    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7-"
	    "\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85", "Arabic with ، and ؟");
	check_slug(t, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "Hebrew");
	check_slug(t, "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d"
	    "\xe0\xa4\xa4\xe0\xa5\x87\xe0\xa5\xa4",
	    "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d"
	    "\xe0\xa4\xa4\xe0\xa5\x87", "Devanagari with danda");
	check_slug(t, "Caf\xc3\xa9 \xd0\xbc\xd0\xb8\xd1\x80 \xe6\x97\xa5",
	    "cafe-\xd0\xbc\xd0\xb8\xd1\x80-\xe6\x97\xa5", "mixed scripts");
	check_slug(t, "\xf0\xa0\x80\x8b", "\xf0\xa0\x80\x8b",
	    "4-byte CJK extension B kept");
}

static void
test_punct(struct t *t)
{
	check_slug(t, "Hello \xe2\x80\x94 World\xe2\x80\xa6", "hello-world",
	    "Hello — World…");
	check_slug(t, "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x93 text",
	    "quoted-text", "“Quoted” – text");
	check_slug(t, "Don\xe2\x80\x99t Panic", "dont-panic",
	    "’ as apostrophe dropped");
	check_slug(t, "\xe2\x80\x98single\xe2\x80\x99 quotes",
	    "single-quotes", "‘single’ quotes");
	check_slug(t, "\xc2\xabGuillemets\xc2\xbb", "guillemets",
	    "«Guillemets»");
	check_slug(t, "\xe2\x80\x9e" "Deutsch\xe2\x80\x9c", "deutsch",
	    "„Deutsch“");
	check_slug(t, "Price: \xe2\x82\xac" "5", "price-5", "euro sign");
	check_slug(t, "a\xe2\x84\xa2 b", "a-b", "™ separates");
	check_slug(t, "\xf0\x9f\x8e\x89\xf0\x9f\x9a\x80", "", "emoji only");
	check_slug(t, "\xe2\x9d\xa4\xef\xb8\x8f", "", "❤️ only");
	check_slug(t, "I \xe2\x9d\xa4\xef\xb8\x8f C", "i-c",
	    "emoji in a title");
	check_slug(t, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb code",
	    "code", "ZWJ emoji sequence");
	check_slug(t, "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa Berlin", "berlin",
	    "flag emoji");
	check_slug(t, "Party\xf0\x9f\x8e\x89time", "party-time",
	    "emoji between words");
	check_slug(t, "\xe2\x80\xae" "evil", "evil", "bidi override dropped");
	check_slug(t, "\xee\x80\x80" "pua", "pua", "private use separates");
}

static void
test_invalid(struct t *t)
{
	check_slug(t, "a\xff" "b", "a-b", "invalid byte separates");
	check_slug(t, "\xc0\xaf", "", "overlong only");
	check_slug(t, "a\xc0\xaf" "b", "a-b", "overlong separates");
	check_slug(t, "a\xed\xa0\x80" "b", "a-b", "surrogate separates");
	check_slug(t, "abc\xc3", "abc", "truncated char at end");
	check_slug(t, "\x80\x80\x80x", "x", "stray continuation bytes");
}

static void
test_long(struct t *t)
{
	struct buf	 in = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	int		 i;

	for (i = 0; i < 60; i++)
		buf_puts(&in, "word ");
	slug_make(&out, in.p, in.len);
	check(t, out.len == 199, "long: 300-char title cut at a '-'",
	    "%zu bytes", out.len);
	check(t, out.len > 0 && out.p[out.len - 1] == 'd',
	    "long: no trailing '-'", "'%c'",
	    out.len ? out.p[out.len - 1] : '?');
	check(t, slug_valid(out.p, out.len), "long: cut slug valid", "0");

	buf_reset(&in);
	buf_reset(&out);
	for (i = 0; i < 300; i++)
		buf_putc(&in, 'a');
	slug_make(&out, in.p, in.len);
	check(t, out.len == SLUG_MAX, "long: one 300-letter word", "%zu",
	    out.len);

	buf_reset(&in);
	buf_reset(&out);
	for (i = 0; i < 150; i++)
		buf_puts(&in, "\xd0\xaf");		/* Я */
	slug_make(&out, in.p, in.len);
	check(t, out.len == 200 && utf8_valid(out.p, out.len),
	    "long: 150 Cyrillic letters cut at a character", "%zu", out.len);

	buf_reset(&in);
	buf_reset(&out);
	buf_puts(&in, "a ");
	for (i = 0; i < 100; i++)
		buf_puts(&in, "\xe6\x97\xa5");		/* 日 */
	slug_make(&out, in.p, in.len);
	check(t, out.len == 200 && utf8_valid(out.p, out.len) &&
	    slug_valid(out.p, out.len),
	    "long: early '-' ignored, 3-byte chars cut whole", "%zu", out.len);

	buf_reset(&in);
	buf_reset(&out);
	for (i = 0; i < 100; i++)
		buf_puts(&in, "ab ");
	buf_puts(&in, "\xf0\x9f\x8e\x89");
	slug_make(&out, in.p, in.len);
	check(t, out.len == 200 && out.p[out.len - 1] == 'b',
	    "long: cut exactly before a '-'", "%zu", out.len);

	buf_reset(&out);
	buf_puts(&out, "/2024/05/");
	slug_make(&out, "Hi There", 8);
	check(t, strcmp(buf_str(&out), "/2024/05/hi-there") == 0,
	    "append: keeps what the buf held", "%s", buf_str(&out));
	buf_reset(&out);
	buf_puts(&out, "x");
	slug_make(&out, "!!!", 3);
	check(t, strcmp(buf_str(&out), "x") == 0,
	    "append: nothing usable appends nothing", "%s", buf_str(&out));
	buf_free(&in);
	buf_free(&out);
}

#define VALID(t, lit, want, what) \
	check((t), valid((lit), sizeof(lit) - 1) == (want), (what), "%d", \
	    !(want))

static void
test_valid(struct t *t)
{
	char	 s[SLUG_MAX + 2];

	VALID(t, "hello-world", 1, "valid: hello-world");
	VALID(t, "a", 1, "valid: one letter");
	VALID(t, "2024", 1, "valid: digits");
	VALID(t, "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82-"
	    "\xd0\xbc\xd0\xb8\xd1\x80", 1, "valid: привет-мир");
	VALID(t, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 1, "valid: 日本語");
	VALID(t, "", 0, "invalid: empty");
	VALID(t, "-", 0, "invalid: lone dash");
	VALID(t, "-a", 0, "invalid: leading dash");
	VALID(t, "a-", 0, "invalid: trailing dash");
	VALID(t, "a--b", 0, "invalid: double dash");
	VALID(t, "Hello", 0, "invalid: capital");
	VALID(t, "a/b", 0, "invalid: slash");
	VALID(t, "../etc", 0, "invalid: dots");
	VALID(t, "a b", 0, "invalid: space");
	VALID(t, "a_b", 0, "invalid: underscore");
	VALID(t, "a.b", 0, "invalid: dot");
	VALID(t, "a%20b", 0, "invalid: percent");
	VALID(t, "a\0b", 0, "invalid: NUL");
	VALID(t, "a\nb", 0, "invalid: newline");
	VALID(t, "caf\xc3\xa9", 0, "invalid: é (slug_make writes e)");
	VALID(t, "\xd0\x9f\xd1\x80", 0, "invalid: Cyrillic capital");
	VALID(t, "\xce\xa3", 0, "invalid: Greek capital");
	VALID(t, "\xf0\x9f\x8e\x89", 0, "invalid: emoji");
	VALID(t, "a\xc2\xa0" "b", 0, "invalid: NBSP");
	VALID(t, "a\xe2\x80\x8b" "b", 0, "invalid: zero-width space");
	VALID(t, "a\xe2\x80\xae" "b", 0, "invalid: bidi override");
	VALID(t, "a\xc2\x85", 0, "invalid: C1 control");
	VALID(t, "a\xff", 0, "invalid: bad byte");
	VALID(t, "a\xc0\xaf", 0, "invalid: overlong");
	VALID(t, "\xed\xa0\x80", 0, "invalid: surrogate");
	VALID(t, "\xd0", 0, "invalid: truncated");
	memset(s, 'a', sizeof(s));
	check(t, valid(s, SLUG_MAX) == 1, "valid: SLUG_MAX bytes", "0");
	check(t, valid(s, SLUG_MAX + 1) == 0, "invalid: SLUG_MAX + 1 bytes",
	    "1");
}

int
main(void)
{
	struct t	 t = { 0, 0, 0 };

	test_ascii(&t);
	test_latin(&t);
	test_scripts(&t);
	test_punct(&t);
	test_invalid(&t);
	test_long(&t);
	test_valid(&t);
	printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
