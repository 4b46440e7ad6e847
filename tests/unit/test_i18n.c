/* test_i18n.c: unit tests for i18n.c (plural forms, .mo reading, format). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"

static int	 n_ok, n_fail;

static void
check(int ok, const char *what)
{
	if (ok) {
		printf("ok %d - %s\n", ++n_ok + n_fail, what);
		return;
	}
	printf("fail %d - %s\n", n_ok + ++n_fail, what);
}

#define PL	"(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
#define AR	"(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : " \
		"n%100>=11 ? 4 : 5)"

static void
plurals(void)
{
	struct i18n_plural	 p;
	static const unsigned long pl_n[] = { 0, 1, 2, 5, 21, 22, 112, 104 };
	static const unsigned long pl_f[] = { 2, 0, 1, 2, 2, 1, 2, 1 };
	static const unsigned long ar_n[] = { 0, 1, 2, 3, 10, 11, 99, 100,
	    102, 103, 111 };
	static const unsigned long ar_f[] = { 0, 1, 2, 3, 3, 4, 4, 5, 5, 3,
	    4 };
	static const char *const bad[] = { "", "n ==", "(n", "n = 1", "x",
	    "n ? 1", "n & 1", "1 2", "((((((((((((((((((((((((((((((((((n"
	    "))))))))))))))))))))))))))))))))))", NULL };
	size_t			 i;
	char			 what[128];

	check(i18n_plural_parse(&p, PL) == 0, "Polish parses");
	for (i = 0; i < sizeof(pl_n) / sizeof(pl_n[0]); i++) {
		snprintf(what, sizeof(what), "Polish %lu -> form %lu", pl_n[i],
		    pl_f[i]);
		check(i18n_plural_eval(&p, pl_n[i]) == pl_f[i], what);
	}
	check(i18n_plural_parse(&p, AR) == 0, "Arabic parses");
	for (i = 0; i < sizeof(ar_n) / sizeof(ar_n[0]); i++) {
		snprintf(what, sizeof(what), "Arabic %lu -> form %lu", ar_n[i],
		    ar_f[i]);
		check(i18n_plural_eval(&p, ar_n[i]) == ar_f[i], what);
	}
	check(i18n_plural_parse(&p, "n > 1;") == 0 &&
	    i18n_plural_eval(&p, 0) == 0 && i18n_plural_eval(&p, 1) == 0 &&
	    i18n_plural_eval(&p, 2) == 1, "French n > 1");
	check(i18n_plural_parse(&p, "n != 1") == 0 &&
	    i18n_plural_eval(&p, 0) == 1 && i18n_plural_eval(&p, 1) == 0,
	    "English n != 1");
	check(i18n_plural_parse(&p, "0") == 0 && i18n_plural_eval(&p, 7) == 0,
	    "one form");
	check(i18n_plural_parse(&p, "n % 0 + n / 0") == 0 &&
	    i18n_plural_eval(&p, 5) == 0, "division by zero is 0");
	check(i18n_plural_parse(&p, "!(n <= 1) * 2 - 1 + (n >= 3)") == 0 &&
	    i18n_plural_eval(&p, 1) == (unsigned long)-1 &&
	    i18n_plural_eval(&p, 3) == 2, "! <= >= * - +");
	check(i18n_plural_parse(&p, "n==1 ? 0 : n==2 ? 1 : 2") == 0 &&
	    i18n_plural_eval(&p, 2) == 1 && i18n_plural_eval(&p, 9) == 2,
	    "?: is right-associative");
	for (i = 0; bad[i] != NULL; i++) {
		snprintf(what, sizeof(what), "refused: \"%.40s\"", bad[i]);
		check(i18n_plural_parse(&p, bad[i]) == -1, what);
	}
}

/* A little-endian .mo of n sorted pairs (ids[i], strs[i]). */
static unsigned char *
mo_make(const char *const *ids, const char *const *strs, size_t *idl,
    size_t *strl, uint32_t n, size_t *len)
{
	unsigned char	*b;
	size_t		 off, i, cap = 4096;
	uint32_t	 hdr[7] = { 0x950412de, 0, n, 28, 28 + 8 * n, 0, 0 };

	if ((b = calloc(1, cap)) == NULL)
		abort();
	memcpy(b, hdr, sizeof(hdr));
	off = 28 + 16 * n;
	for (i = 0; i < n; i++) {
		uint32_t e[2] = { (uint32_t)idl[i], (uint32_t)off };
		memcpy(b + 28 + 8 * i, e, 8);
		memcpy(b + off, ids[i], idl[i] + 1);
		off += idl[i] + 1;
		e[0] = (uint32_t)strl[i];
		e[1] = (uint32_t)off;
		memcpy(b + 28 + 8 * n + 8 * i, e, 8);
		memcpy(b + off, strs[i], strl[i] + 1);
		off += strl[i] + 1;
	}
	*len = off;
	return b;
}

static void
mo(void)
{
	static const char *const ids[] = { "", "Reply", "Untranslated",
	    "ctx\004May", "{n} comment\0{n} comments" };
	static const char *const strs[] = {
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Plural-Forms: nplurals=3; plural=" PL ";\n",
	    "Odpowiedz", "", "maja", "{n} komentarz\0{n} komentarze\0"
	    "{n} komentarzy" };
	size_t		 idl[5], strl[5] = { 0 }, len, i;
	unsigned char	*b;
	struct i18n	 c;

	for (i = 0; i < 5; i++) {
		idl[i] = strlen(ids[i]);
		strl[i] = strlen(strs[i]);
	}
	idl[4] = 11 + 1 + 12;
	strl[4] = 13 + 1 + 14 + 1 + 14;
	b = mo_make(ids, strs, idl, strl, 5, &len);
	check(i18n_mo_open(&c, b, len) == 0, "a .mo opens");
	check(c.nplurals == 3, "nplurals from the header");
	check(strcmp(i18n_gettext(&c, "Reply"), "Odpowiedz") == 0, "lookup");
	check(strcmp(i18n_gettext(&c, "Untranslated"), "Untranslated") == 0,
	    "an empty translation falls back to the msgid");
	check(strcmp(i18n_gettext(&c, "Missing"), "Missing") == 0,
	    "a missing msgid falls back");
	check(strcmp(i18n_gettext(&c, ""), "") == 0, "the header is no msg");
	check(strcmp(i18n_pgettext(&c, "ctx", "May"), "maja") == 0 &&
	    strcmp(i18n_pgettext(&c, "other", "May"), "May") == 0,
	    "context");
	check(strcmp(i18n_ngettext(&c, "{n} comment", "{n} comments", 1),
	    "{n} komentarz") == 0, "plural 1");
	check(strcmp(i18n_ngettext(&c, "{n} comment", "{n} comments", 22),
	    "{n} komentarze") == 0, "plural 22");
	check(strcmp(i18n_ngettext(&c, "{n} comment", "{n} comments", 112),
	    "{n} komentarzy") == 0, "plural 112");
	check(strcmp(i18n_ngettext(&c, "x", "xs", 2), "xs") == 0 &&
	    strcmp(i18n_ngettext(NULL, "x", "xs", 1), "x") == 0,
	    "plural fallback");
	check(strcmp(i18n_gettext(NULL, "Reply"), "Reply") == 0,
	    "no catalog is English");
	/* Damage: every truncation, and bytes flipped in the tables. */
	for (i = 0; i < len; i++)
		if (i18n_mo_open(&c, b, i) == 0 && i >= 28)
			(void)i18n_gettext(&c, "Reply");
	check(i18n_mo_open(&c, b, 20) == -1, "truncated header refused");
	b[28 + 8 + 4] = 0xff;	/* "Reply"'s offset far out */
	check(i18n_mo_open(&c, b, len) == -1 &&
	    strcmp(i18n_gettext(&c, "Reply"), "Reply") == 0,
	    "offset out of range refused; English left");
	free(b);
	{
		static const char *const u_ids[] = { "b", "a" };
		static const char *const u_strs[] = { "B", "A" };
		size_t	 ul[2] = { 1, 1 };

		b = mo_make(u_ids, u_strs, ul, ul, 2, &len);
		check(i18n_mo_open(&c, b, len) == -1, "unsorted refused");
		free(b);
	}
}

static void
languages(void)
{
	struct i18n	 c;

	check(i18n_open(&c, "en") == 0 && c.rtl == 0, "en");
	check(i18n_open(&c, "de") == 0 && strcmp(i18n_gettext(&c,
	    "Leave a Reply"), "Schreibe einen Kommentar") == 0,
	    "de: Schreibe einen Kommentar");
	check(i18n_open(&c, "de-AT") == 0 && strcmp(c.tag, "de-AT") == 0 &&
	    strcmp(i18n_gettext(&c, "Leave a Reply"), "Schreibe einen "
	    "Kommentar") == 0, "de-AT uses de");
	check(i18n_open(&c, "ar") == 0 && c.rtl == 1 && c.nplurals == 6,
	    "ar: rtl, 6 forms");
	check(i18n_open(&c, "pl") == 0 && c.nplurals == 3, "pl: 3 forms");
	check(i18n_open(&c, "fr") == 0 && strcmp(i18n_gettext(&c,
	    "Leave a Reply"), "Laisser un commentaire") == 0, "fr");
	check(i18n_open(&c, "es") == 0 && strcmp(i18n_gettext(&c,
	    "Leave a Reply"), "Deja una respuesta") == 0, "es");
	check(i18n_tag_ok("pt-BR") == 0, "pt-BR: no catalog shipped");
	check(i18n_tag_ok("xx") == 0 && i18n_tag_ok("") == 0 &&
	    i18n_tag_ok("de_DE") == 0 && i18n_tag_ok("de-") == 0 &&
	    i18n_tag_ok("d") == 0 && i18n_tag_ok("de-toolongsubtag") == 0 &&
	    i18n_tag_ok("<script>") == 0, "bad tags refused");
	check(i18n_open(&c, "xx") == -1 && strcmp(c.tag, "en") == 0,
	    "unknown: English");
}

static void
format(void)
{
	struct arena	 a = { 0 };

	check(strcmp(i18n_format(&a, "{n} thoughts on \xe2\x80\x9c{title}"
	    "\xe2\x80\x9d", "n", "9", "title", "<b>", NULL),
	    "9 thoughts on \xe2\x80\x9c<b>\xe2\x80\x9d") == 0,
	    "named placeholders (text, escaped where shown)");
	check(strcmp(i18n_format(&a, "\xc2\xab{title}\xc2\xbb: {n}", "n",
	    "2", "title", "T", NULL), "\xc2\xabT\xc2\xbb: 2") == 0,
	    "reordered");
	check(strcmp(i18n_format(&a, "{x} {{y} {", "n", "1", NULL),
	    "{x} {y} {") == 0, "unknown kept, {{ literal, lone {");
	check(strcmp(i18n_format(&a, "", NULL), "") == 0, "empty");
	arena_free(&a);
}

int
main(void)
{
	plurals();
	mo();
	languages();
	format();
	printf("%d passed, %d failed\n", n_ok, n_fail);
	return n_fail != 0;
}
