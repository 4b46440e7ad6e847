/* i18n.h: message catalogs (gettext .mo), plural forms, placeholders. */
#ifndef QUIRE_I18N_H
#define QUIRE_I18N_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define I18N_PLURAL_MAX	64	/* nodes in a Plural-Forms expression */
#define I18N_TAG_MAX	36	/* a BCP 47 tag we keep */

/*
 * A plural expression, compiled: the C-like language of gettext's
 * Plural-Forms header (n, integers, ?:, ||, &&, ==, !=, <, <=, >, >=,
 * +, -, *, /, %, !, parentheses).
 */
struct i18n_plural {
	struct {
		unsigned char	 op;
		unsigned char	 a, b, c;	/* operand node indices */
		unsigned long	 v;		/* a number */
	}		 node[I18N_PLURAL_MAX];
	int		 n;
	int		 root;
};

/*
 * One catalog: a .mo file's bytes (not copied, they must outlive it),
 * checked once by i18n_mo_open, looked up by binary search.
 */
struct i18n {
	const unsigned char	*mo;
	size_t			 len;
	int			 swap;	/* big-endian file */
	uint32_t		 count;
	uint32_t		 orig, trans;	/* table offsets */
	unsigned		 nplurals;
	struct i18n_plural	 plural;
	char			 tag[I18N_TAG_MAX];	/* "de", "pt-BR" */
	int			 rtl;
};

/* A catalog built into the binary (generated src/po_embed.c). */
struct i18n_embedded {
	const char		*lang;	/* "de" */
	const unsigned char	*mo;
	size_t			 len;
};
extern const struct i18n_embedded i18n_catalogs[];	/* NULL-terminated */
/* The shipped languages for messages: "en, ar, de, ...". */
extern const char i18n_language_list[];

/*
 * Compile a Plural-Forms expression ("n != 1", "(n==1 ? 0 : ...)"). Returns
 * 0, or -1 if it is not one (syntax, too long, nested too deep).
 */
int		 i18n_plural_parse(struct i18n_plural *, const char *expr);
/* The form index for n (division by zero gives 0). */
unsigned long	 i18n_plural_eval(const struct i18n_plural *, unsigned long n);

/*
 * Read a .mo file's len bytes at mo (kept, not copied). Checks every
 * offset and that the msgids are sorted; reads nplurals and plural= from
 * the header (English's "n != 1" without one). Returns 0, or -1 if the
 * bytes are not a usable catalog (c is then the empty English catalog).
 */
int		 i18n_mo_open(struct i18n *c, const void *mo, size_t len);

/*
 * The catalog for a language tag: "en" (built in, empty), a shipped
 * language, or a regional variant of one ("de-AT", "pt-BR" use "de",
 * "pt" unless a catalog of their own is shipped). Tags are matched
 * case-insensitively and stored as given in c->tag. Returns 0, or -1 if
 * the tag names no language quire ships (c is then English).
 */
int		 i18n_open(struct i18n *c, const char *tag);
/* 1 if i18n_open would accept the tag, else 0. */
int		 i18n_tag_ok(const char *tag);

/*
 * The translation of msgid, or msgid itself when the catalog has none
 * (or an empty one): never NULL, never empty for a non-empty msgid. c may
 * be NULL (English). The result lives as long as the catalog's bytes.
 */
const char	*i18n_gettext(const struct i18n *c, const char *msgid);
/* The same with a context (msgctxt). */
const char	*i18n_pgettext(const struct i18n *c, const char *ctx,
		    const char *msgid);
/* The plural form of (sg, pl) for n; English rules without a catalog. */
const char	*i18n_ngettext(const struct i18n *c, const char *sg,
		    const char *pl, unsigned long n);

/*
 * Fill a translated format's named placeholders: "{count} thoughts on
 * “{title}”" with the pairs "count", "9", "title", "Hello", NULL. A name
 * not given stays as written; "{{" is a literal "{". Values are inserted
 * as they are (the result is text, escaped where it is shown). Returns a
 * string in the arena.
 */
const char	*i18n_format(struct arena *, const char *fmt, ...)
		    __attribute__((sentinel));

/* Marks a string for extraction only (translated later, by its msgid). */
#define N_(s)		(s)
/* The translation of s in catalog l (a const struct i18n *). */
#define _(l, s)		i18n_gettext((l), (s))
/* The plural form of s/p for n in catalog l. */
#define _n(l, s, p, n)	i18n_ngettext((l), (s), (p), (n))
/* The translation of s in context x. */
#define _x(l, x, s)	i18n_pgettext((l), (x), (s))

#endif
