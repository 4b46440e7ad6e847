/* slug.c: URL slugs from titles, and checking slugs given by people. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "slug.h"
#include "utf8.h"

/* What slug_make does with one character. */
enum sl_kind {
	SL_SEP,		/* a separator: part of a run that becomes '-' */
	SL_DROP,	/* ignored: neither kept nor a separator */
	SL_ASCII,	/* replaced by ASCII letters or digits */
	SL_KEEP,	/* kept as a (lower-cased) code point */
	SL__MAX
};

struct sl_class {
	enum sl_kind	 kind;
	const char	*ascii;	/* SL_ASCII: the replacement */
	char		 one[2];/* storage for a one-letter replacement */
	uint32_t	 cp;	/* SL_KEEP: the code point to write */
};

/*
 * Transliterations of U+00C0-U+017F (Latin-1 Supplement letters and
 * Latin Extended-A); NULL marks the two symbols × and ÷.
 */
static const char *const latin[0x180 - 0xc0] = {
	/* U+00C0 ÀÁÂÃÄÅÆÇ ÈÉÊËÌÍÎÏ */
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 ÐÑÒÓÔÕÖ× ØÙÚÛÜÝÞß */
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 àáâãäåæç èéêëìíîï */
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 ðñòóôõö÷ øùúûüýþÿ */
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 ĀāĂăĄąĆć ĈĉĊċČčĎď */
	"a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 ĐđĒēĔĕĖė ĘęĚěĜĝĞğ */
	"d", "d", "e", "e", "e", "e", "e", "e",
	"e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 ĠġĢģĤĥĦħ ĨĩĪīĬĭĮį */
	"g", "g", "g", "g", "h", "h", "h", "h",
	"i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 İıĲĳĴĵĶķ ĸĹĺĻļĽľĿ */
	"i", "i", "ij", "ij", "j", "j", "k", "k",
	"k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 ŀŁłŃńŅņŇ ňŉŊŋŌōŎŏ */
	"l", "l", "l", "n", "n", "n", "n", "n",
	"n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 ŐőŒœŔŕŖŗ ŘřŚśŜŝŞş */
	"o", "o", "oe", "oe", "r", "r", "r", "r",
	"r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 ŠšŢţŤťŦŧ ŨũŪūŬŭŮů */
	"s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 ŰűŲųŴŵŶŷ ŸŹźŻżŽžſ */
	"u", "u", "u", "u", "w", "w", "y", "y",
	"y", "z", "z", "z", "z", "z", "z", "s",
};

/* Single transliterations outside the table above. */
static const struct {
	uint32_t	 cp;
	const char	*ascii;
} latin_more[] = {
	{ 0x00aa, "a" },	/* ª */
	{ 0x00b2, "2" },	/* ² */
	{ 0x00b3, "3" },	/* ³ */
	{ 0x00b9, "1" },	/* ¹ */
	{ 0x00ba, "o" },	/* º */
	{ 0x0180, "b" },	/* ƀ */
	{ 0x0181, "b" },	/* Ɓ */
	{ 0x0186, "o" },	/* Ɔ */
	{ 0x0187, "c" },	/* Ƈ */
	{ 0x0188, "c" },	/* ƈ */
	{ 0x0189, "d" },	/* Ɖ */
	{ 0x018a, "d" },	/* Ɗ */
	{ 0x018e, "e" },	/* Ǝ */
	{ 0x0190, "e" },	/* Ɛ */
	{ 0x0191, "f" },	/* Ƒ */
	{ 0x0192, "f" },	/* ƒ */
	{ 0x0193, "g" },	/* Ɠ */
	{ 0x0197, "i" },	/* Ɨ */
	{ 0x0198, "k" },	/* Ƙ */
	{ 0x0199, "k" },	/* ƙ */
	{ 0x019a, "l" },	/* ƚ */
	{ 0x019d, "n" },	/* Ɲ */
	{ 0x019e, "n" },	/* ƞ */
	{ 0x019f, "o" },	/* Ɵ */
	{ 0x01a0, "o" },	/* Ơ */
	{ 0x01a1, "o" },	/* ơ */
	{ 0x01a4, "p" },	/* Ƥ */
	{ 0x01a5, "p" },	/* ƥ */
	{ 0x01ab, "t" },	/* ƫ */
	{ 0x01ac, "t" },	/* Ƭ */
	{ 0x01ad, "t" },	/* ƭ */
	{ 0x01ae, "t" },	/* Ʈ */
	{ 0x01af, "u" },	/* Ư */
	{ 0x01b0, "u" },	/* ư */
	{ 0x01b2, "v" },	/* Ʋ */
	{ 0x01b3, "y" },	/* Ƴ */
	{ 0x01b4, "y" },	/* ƴ */
	{ 0x01b5, "z" },	/* Ƶ */
	{ 0x01b6, "z" },	/* ƶ */
	{ 0x01c4, "dz" },	/* Ǆ */
	{ 0x01c5, "dz" },	/* ǅ */
	{ 0x01c6, "dz" },	/* ǆ */
	{ 0x01c7, "lj" },	/* Ǉ */
	{ 0x01c8, "lj" },	/* ǈ */
	{ 0x01c9, "lj" },	/* ǉ */
	{ 0x01ca, "nj" },	/* Ǌ */
	{ 0x01cb, "nj" },	/* ǋ */
	{ 0x01cc, "nj" },	/* ǌ */
	{ 0x01cd, "a" },	/* Ǎ */
	{ 0x01ce, "a" },	/* ǎ */
	{ 0x01cf, "i" },	/* Ǐ */
	{ 0x01d0, "i" },	/* ǐ */
	{ 0x01d1, "o" },	/* Ǒ */
	{ 0x01d2, "o" },	/* ǒ */
	{ 0x01d3, "u" },	/* Ǔ */
	{ 0x01d4, "u" },	/* ǔ */
	{ 0x01d5, "u" },	/* Ǖ */
	{ 0x01d6, "u" },	/* ǖ */
	{ 0x01d7, "u" },	/* Ǘ */
	{ 0x01d8, "u" },	/* ǘ */
	{ 0x01d9, "u" },	/* Ǚ */
	{ 0x01da, "u" },	/* ǚ */
	{ 0x01db, "u" },	/* Ǜ */
	{ 0x01dc, "u" },	/* ǜ */
	{ 0x01de, "a" },	/* Ǟ */
	{ 0x01df, "a" },	/* ǟ */
	{ 0x01e0, "a" },	/* Ǡ */
	{ 0x01e1, "a" },	/* ǡ */
	{ 0x01e2, "ae" },	/* Ǣ */
	{ 0x01e3, "ae" },	/* ǣ */
	{ 0x01e4, "g" },	/* Ǥ */
	{ 0x01e5, "g" },	/* ǥ */
	{ 0x01e6, "g" },	/* Ǧ */
	{ 0x01e7, "g" },	/* ǧ */
	{ 0x01e8, "k" },	/* Ǩ */
	{ 0x01e9, "k" },	/* ǩ */
	{ 0x01ea, "o" },	/* Ǫ */
	{ 0x01eb, "o" },	/* ǫ */
	{ 0x01ec, "o" },	/* Ǭ */
	{ 0x01ed, "o" },	/* ǭ */
	{ 0x01f0, "j" },	/* ǰ */
	{ 0x01f1, "dz" },	/* Ǳ */
	{ 0x01f2, "dz" },	/* ǲ */
	{ 0x01f3, "dz" },	/* ǳ */
	{ 0x01f4, "g" },	/* Ǵ */
	{ 0x01f5, "g" },	/* ǵ */
	{ 0x01f8, "n" },	/* Ǹ */
	{ 0x01f9, "n" },	/* ǹ */
	{ 0x01fa, "a" },	/* Ǻ */
	{ 0x01fb, "a" },	/* ǻ */
	{ 0x01fc, "ae" },	/* Ǽ */
	{ 0x01fd, "ae" },	/* ǽ */
	{ 0x01fe, "o" },	/* Ǿ */
	{ 0x01ff, "o" },	/* ǿ */
	{ 0x0200, "a" },	/* Ȁ */
	{ 0x0201, "a" },	/* ȁ */
	{ 0x0202, "a" },	/* Ȃ */
	{ 0x0203, "a" },	/* ȃ */
	{ 0x0204, "e" },	/* Ȅ */
	{ 0x0205, "e" },	/* ȅ */
	{ 0x0206, "e" },	/* Ȇ */
	{ 0x0207, "e" },	/* ȇ */
	{ 0x0208, "i" },	/* Ȉ */
	{ 0x0209, "i" },	/* ȉ */
	{ 0x020a, "i" },	/* Ȋ */
	{ 0x020b, "i" },	/* ȋ */
	{ 0x020c, "o" },	/* Ȍ */
	{ 0x020d, "o" },	/* ȍ */
	{ 0x020e, "o" },	/* Ȏ */
	{ 0x020f, "o" },	/* ȏ */
	{ 0x0210, "r" },	/* Ȑ */
	{ 0x0211, "r" },	/* ȑ */
	{ 0x0212, "r" },	/* Ȓ */
	{ 0x0213, "r" },	/* ȓ */
	{ 0x0214, "u" },	/* Ȕ */
	{ 0x0215, "u" },	/* ȕ */
	{ 0x0216, "u" },	/* Ȗ */
	{ 0x0217, "u" },	/* ȗ */
	{ 0x0218, "s" },	/* Ș (Romanian) */
	{ 0x0219, "s" },	/* ș */
	{ 0x021a, "t" },	/* Ț */
	{ 0x021b, "t" },	/* ț */
	{ 0x021e, "h" },	/* Ȟ */
	{ 0x021f, "h" },	/* ȟ */
	{ 0x0224, "z" },	/* Ȥ */
	{ 0x0225, "z" },	/* ȥ */
	{ 0x0226, "a" },	/* Ȧ */
	{ 0x0227, "a" },	/* ȧ */
	{ 0x0228, "e" },	/* Ȩ */
	{ 0x0229, "e" },	/* ȩ */
	{ 0x022a, "o" },	/* Ȫ */
	{ 0x022b, "o" },	/* ȫ */
	{ 0x022c, "o" },	/* Ȭ */
	{ 0x022d, "o" },	/* ȭ */
	{ 0x022e, "o" },	/* Ȯ */
	{ 0x022f, "o" },	/* ȯ */
	{ 0x0230, "o" },	/* Ȱ */
	{ 0x0231, "o" },	/* ȱ */
	{ 0x0232, "y" },	/* Ȳ */
	{ 0x0233, "y" },	/* ȳ */
	{ 0x1e9e, "ss" },	/* ẞ */
	{ 0xfb00, "ff" },	/* ﬀ */
	{ 0xfb01, "fi" },	/* ﬁ */
	{ 0xfb02, "fl" },	/* ﬂ */
	{ 0xfb03, "ffi" },	/* ﬃ */
	{ 0xfb04, "ffl" },	/* ﬄ */
	{ 0xfb05, "st" },	/* ﬅ */
	{ 0xfb06, "st" },	/* ﬆ */
};

/*
 * Latin Extended Additional (U+1E00-U+1EFF: Vietnamese, transliteration
 * of Indic and Semitic languages, Welsh): the base letter of each, '.'
 * where there is none (ẞ is in latin_more, ẟ is a Greek letter).
 */
static const char latin_add[0x100 + 1] =
	"aabbbbbbccddddddddddeeeeeeeeeeff"
	"gghhhhhhhhhhiiiikkkkkkllllllllmm"
	"mmmmnnnnnnnnoooooooopppprrrrrrrr"
	"ssssssssssttttttttuuuuuuuuuuvvvv"
	"wwwwwwwwwwxxxxyyzzzzzzhtwyasss.."
	"aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
	"eeeeeeeeiiiioooooooooooooooooooo"
	"oooouuuuuuuuuuuuuuyyyyyyyyllvvyy";

/*
 * Non-ASCII ranges that are not kept: separators (punctuation, spaces,
 * symbols, emoji, private use) and dropped characters (combining
 * accents, invisible formatting, variation selectors, apostrophes).
 * Sorted, not overlapping; everything else not handled earlier is a
 * letter, mark or digit of some script and is kept.
 */
static const struct {
	uint32_t	 lo, hi;
	enum sl_kind	 kind;
} ranges[] = {
	{ 0x0080, 0x00ac, SL_SEP },	/* C1, Latin-1 punctuation, symbols */
	{ 0x00ad, 0x00ad, SL_DROP },	/* soft hyphen */
	{ 0x00ae, 0x00bf, SL_SEP },
	{ 0x02b9, 0x02ba, SL_SEP },	/* modifier primes */
	{ 0x02bb, 0x02bc, SL_DROP },	/* ʻ okina, ʼ apostrophe */
	{ 0x02bd, 0x02ff, SL_SEP },	/* spacing accents and tone marks */
	{ 0x0300, 0x036f, SL_DROP },	/* combining diacritical marks */
	{ 0x0375, 0x0375, SL_SEP },	/* Greek lower numeral sign */
	{ 0x037e, 0x037e, SL_SEP },	/* Greek question mark */
	{ 0x0384, 0x0385, SL_SEP },	/* Greek tonos */
	{ 0x0387, 0x0387, SL_SEP },	/* Greek ano teleia */
	{ 0x0482, 0x0482, SL_SEP },	/* Cyrillic thousands sign */
	{ 0x055a, 0x055f, SL_SEP },	/* Armenian punctuation */
	{ 0x0589, 0x058a, SL_SEP },
	{ 0x058d, 0x058f, SL_SEP },
	{ 0x05be, 0x05be, SL_SEP },	/* Hebrew maqaf */
	{ 0x05c0, 0x05c0, SL_SEP },
	{ 0x05c3, 0x05c3, SL_SEP },
	{ 0x05c6, 0x05c6, SL_SEP },
	{ 0x05f3, 0x05f4, SL_SEP },
	{ 0x0600, 0x060f, SL_SEP },	/* Arabic signs, comma, date sep. */
	{ 0x061b, 0x061b, SL_SEP },	/* Arabic semicolon */
	{ 0x061c, 0x061c, SL_DROP },	/* Arabic letter mark */
	{ 0x061d, 0x061f, SL_SEP },	/* Arabic question mark */
	{ 0x066a, 0x066d, SL_SEP },
	{ 0x06d4, 0x06d4, SL_SEP },	/* Arabic full stop */
	{ 0x06dd, 0x06de, SL_SEP },
	{ 0x06e9, 0x06e9, SL_SEP },
	{ 0x0700, 0x070f, SL_SEP },	/* Syriac punctuation */
	{ 0x0964, 0x0965, SL_SEP },	/* danda */
	{ 0x0970, 0x0970, SL_SEP },
	{ 0x0e3f, 0x0e3f, SL_SEP },	/* Thai baht */
	{ 0x0e4f, 0x0e4f, SL_SEP },
	{ 0x0e5a, 0x0e5b, SL_SEP },
	{ 0x0f04, 0x0f14, SL_SEP },	/* Tibetan punctuation */
	{ 0x104a, 0x104f, SL_SEP },	/* Myanmar punctuation */
	{ 0x10fb, 0x10fb, SL_SEP },
	{ 0x1360, 0x1368, SL_SEP },	/* Ethiopic punctuation */
	{ 0x166d, 0x166e, SL_SEP },
	{ 0x1680, 0x1680, SL_SEP },	/* Ogham space */
	{ 0x169b, 0x169c, SL_SEP },
	{ 0x16eb, 0x16ed, SL_SEP },
	{ 0x17d4, 0x17da, SL_SEP },	/* Khmer punctuation */
	{ 0x1800, 0x180a, SL_SEP },	/* Mongolian punctuation */
	{ 0x180b, 0x180f, SL_DROP },	/* Mongolian selectors */
	{ 0x2000, 0x200a, SL_SEP },	/* spaces */
	{ 0x200b, 0x200f, SL_DROP },	/* zero width, LRM, RLM */
	{ 0x2010, 0x2017, SL_SEP },	/* dashes */
	{ 0x2018, 0x2019, SL_DROP },	/* ‘ ’ */
	{ 0x201a, 0x2029, SL_SEP },	/* quotes, bullets, …, separators */
	{ 0x202a, 0x202e, SL_DROP },	/* bidi embeddings and overrides */
	{ 0x202f, 0x205f, SL_SEP },	/* punctuation, narrow spaces */
	{ 0x2060, 0x206f, SL_DROP },	/* word joiner, invisible ops */
	{ 0x2070, 0x20cf, SL_SEP },	/* sub/superscripts, currency */
	{ 0x20d0, 0x20ff, SL_DROP },	/* combining marks for symbols */
	{ 0x2100, 0x2bff, SL_SEP },	/* letterlike ... miscellaneous */
	{ 0x2e00, 0x2e7f, SL_SEP },	/* supplemental punctuation */
	{ 0x2ff0, 0x3004, SL_SEP },	/* ideographic description, 、。 */
	{ 0x3008, 0x3020, SL_SEP },	/* CJK brackets */
	{ 0x3030, 0x3030, SL_SEP },
	{ 0x3036, 0x3037, SL_SEP },
	{ 0x303d, 0x303f, SL_SEP },
	{ 0x30a0, 0x30a0, SL_SEP },	/* ゠ */
	{ 0x30fb, 0x30fb, SL_SEP },	/* katakana middle dot */
	{ 0x3190, 0x319f, SL_SEP },	/* kanbun */
	{ 0x31c0, 0x31ef, SL_SEP },	/* CJK strokes */
	{ 0x3200, 0x33ff, SL_SEP },	/* enclosed and squared CJK */
	{ 0x4dc0, 0x4dff, SL_SEP },	/* hexagrams */
	{ 0xa490, 0xa4cf, SL_SEP },	/* Yi radicals */
	{ 0xa4fe, 0xa4ff, SL_SEP },
	{ 0xa60d, 0xa60f, SL_SEP },
	{ 0xa673, 0xa673, SL_SEP },
	{ 0xa67e, 0xa67e, SL_SEP },
	{ 0xa6f2, 0xa6f7, SL_SEP },
	{ 0xa700, 0xa721, SL_SEP },	/* modifier tone letters */
	{ 0xa789, 0xa78a, SL_SEP },
	{ 0xa828, 0xa82b, SL_SEP },
	{ 0xa830, 0xa839, SL_SEP },
	{ 0xa874, 0xa877, SL_SEP },
	{ 0xa8ce, 0xa8cf, SL_SEP },
	{ 0xa8f8, 0xa8fa, SL_SEP },
	{ 0xd800, 0xf8ff, SL_SEP },	/* surrogates, private use */
	{ 0xfd3e, 0xfd3f, SL_SEP },	/* ornate parentheses */
	{ 0xfdfc, 0xfdfd, SL_SEP },
	{ 0xfe00, 0xfe0f, SL_DROP },	/* variation selectors */
	{ 0xfe10, 0xfe1f, SL_SEP },	/* vertical forms */
	{ 0xfe20, 0xfe2f, SL_DROP },	/* combining half marks */
	{ 0xfe30, 0xfe6f, SL_SEP },	/* CJK compatibility, small forms */
	{ 0xfeff, 0xfeff, SL_DROP },	/* byte order mark */
	{ 0xff00, 0xff65, SL_SEP },	/* fullwidth punctuation */
	{ 0xffe0, 0xffff, SL_SEP },	/* fullwidth symbols, specials */
	{ 0x10100, 0x1013f, SL_SEP },	/* Aegean numbers */
	{ 0x1d000, 0x1d24f, SL_SEP },	/* musical symbols */
	{ 0x1d300, 0x1d37f, SL_SEP },	/* Tai Xuan Jing, counting rods */
	{ 0x1d400, 0x1d7ff, SL_SEP },	/* mathematical alphanumerics */
	{ 0x1ec70, 0x1ecbf, SL_SEP },
	{ 0x1ed00, 0x1ed4f, SL_SEP },
	{ 0x1eef0, 0x1eeff, SL_SEP },
	{ 0x1f000, 0x1fbff, SL_SEP },	/* emoji, pictographs, symbols */
	{ 0xe0000, 0xe007f, SL_DROP },	/* tags (emoji flags) */
	{ 0xe0100, 0xe01ef, SL_DROP },	/* variation selectors supp. */
	{ 0xf0000, 0x10ffff, SL_SEP },	/* private use planes */
};

/* The lower-case form of a kept character, where that is simple. */
static uint32_t
sl_lower(uint32_t cp)
{
	if (cp >= 0x0391 && cp <= 0x03ab && cp != 0x03a2)
		return cp + 0x20;		/* Greek Α-Ω, Ϊ Ϋ */
	if (cp == 0x0386)
		return 0x03ac;			/* Ά */
	if (cp >= 0x0388 && cp <= 0x038a)
		return cp + 0x25;		/* Έ Ή Ί */
	if (cp == 0x038c)
		return 0x03cc;			/* Ό */
	if (cp == 0x038e || cp == 0x038f)
		return cp + 0x3f;		/* Ύ Ώ */
	if (cp >= 0x0400 && cp <= 0x040f)
		return cp + 0x50;		/* Ѐ-Џ */
	if (cp >= 0x0410 && cp <= 0x042f)
		return cp + 0x20;		/* А-Я */
	if (((cp >= 0x0460 && cp <= 0x0481) ||
	    (cp >= 0x048a && cp <= 0x04bf) ||
	    (cp >= 0x04d0 && cp <= 0x052f)) && cp % 2 == 0)
		return cp + 1;			/* Ѡ-Ҁ, Ҋ-Ҿ, Ӑ-Ԯ */
	if (cp == 0x04c0)
		return 0x04cf;			/* Ӏ */
	if (cp >= 0x04c1 && cp <= 0x04cd && cp % 2 == 1)
		return cp + 1;			/* Ӂ-Ӎ */
	if (cp >= 0x0531 && cp <= 0x0556)
		return cp + 0x30;		/* Armenian Ա-Ֆ */
	return cp;
}

static void
sl_ascii(struct sl_class *c, int ch)
{
	c->kind = SL_ASCII;
	c->one[0] = (char)ch;
	c->one[1] = '\0';
	c->ascii = c->one;
}

/* Decide what slug_make does with the code point cp. */
static void
sl_classify(uint32_t cp, struct sl_class *c)
{
	size_t	 lo, hi, mid, i;

	c->kind = SL_KEEP;
	c->ascii = NULL;
	c->cp = cp;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			sl_ascii(c, (int)(cp - 'A' + 'a'));
		else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			sl_ascii(c, (int)cp);
		else
			c->kind = cp == '\'' ? SL_DROP : SL_SEP;
		return;
	}
	if (cp >= 0xc0 && cp < 0x180) {
		c->ascii = latin[cp - 0xc0];
		c->kind = c->ascii == NULL ? SL_SEP : SL_ASCII;
		return;
	}
	if (cp >= 0xff10 && cp <= 0xff19) {	/* fullwidth digits */
		sl_ascii(c, (int)(cp - 0xff10 + '0'));
		return;
	}
	if ((cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) {
		sl_ascii(c, (int)((cp - 0xff21) % 0x20 + 'a'));
		return;
	}
	if (cp == 0x00b5) {			/* micro sign: Greek mu */
		c->cp = 0x03bc;
		return;
	}
	for (i = 0; i < sizeof(latin_more) / sizeof(latin_more[0]); i++)
		if (latin_more[i].cp == cp) {
			c->kind = SL_ASCII;
			c->ascii = latin_more[i].ascii;
			return;
		}
	if (cp >= 0x1e00 && cp <= 0x1eff && latin_add[cp - 0x1e00] != '.') {
		sl_ascii(c, latin_add[cp - 0x1e00]);
		return;
	}
	lo = 0;
	hi = sizeof(ranges) / sizeof(ranges[0]);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < ranges[mid].lo)
			hi = mid;
		else if (cp > ranges[mid].hi)
			lo = mid + 1;
		else {
			c->kind = ranges[mid].kind;
			return;
		}
	}
	c->cp = sl_lower(cp);
}

/* Append the UTF-8 encoding of cp (a valid scalar value). */
static void
sl_put_utf8(struct buf *out, uint32_t cp)
{
	char	 u[4];
	size_t	 n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(out, u, n);
}

/* Cut the slug at out->p[start..] to at most SLUG_MAX bytes. */
static void
sl_cut(struct buf *out, size_t start)
{
	const char	*s;
	size_t		 len = out->len - start, cut;

	if (len <= SLUG_MAX)
		return;
	s = out->p + start;
	for (cut = SLUG_MAX; cut > 0 && s[cut] != '-'; cut--)
		continue;
	if (cut < SLUG_MAX / 2)
		cut = utf8_prefix(s, len, SLUG_MAX);
	out->len = start + cut;
	out->p[out->len] = '\0';
}

void
slug_make(struct buf *out, const char *title, size_t n)
{
	struct sl_class	 c;
	size_t		 i, len, start = out->len;
	uint32_t	 cp;
	int		 sep = 0;

	for (i = 0; i < n; i += len) {
		if ((len = utf8_next(title + i, n - i, &cp)) == 0) {
			len = 1;
			c.kind = SL_SEP;
		} else
			sl_classify(cp, &c);
		if (c.kind == SL_DROP)
			continue;
		if (c.kind == SL_SEP) {
			sep = out->len > start;
			continue;
		}
		if (sep)
			buf_putc(out, '-');
		sep = 0;
		if (c.kind == SL_ASCII)
			buf_puts(out, c.ascii);
		else
			sl_put_utf8(out, c.cp);
		/* Stop early: the cut below needs only one byte past. */
		if (out->len - start > SLUG_MAX + 1)
			break;
	}
	sl_cut(out, start);
}

int
slug_valid(const char *s, size_t n)
{
	struct sl_class	 c;
	size_t		 i, len;
	uint32_t	 cp;

	if (n == 0 || n > SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i += len) {
		if (s[i] == '-') {
			if (s[i + 1] == '-')
				return 0;
			len = 1;
			continue;
		}
		if ((len = utf8_next(s + i, n - i, &cp)) == 0)
			return 0;
		sl_classify(cp, &c);
		if (c.kind == SL_ASCII && cp < 0x80 && c.ascii[0] == (char)cp)
			continue;
		if (c.kind != SL_KEEP || c.cp != cp)
			return 0;
	}
	return 1;
}
