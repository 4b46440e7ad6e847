/* html_token.c: HTML read as a browser's tokenizer reads it (simplified): tags, attributes, character references. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "html_token.h"

int
html_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
html_is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

int
html_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Case-insensitive: do the n bytes at s start with the lower-case w? */
int
html_starts_ci(const char *s, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || html_lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

int
html_in_list(const char *const *list, const char *w)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

/* -- entities ------------------------------------------------------------ */

struct entity {
	const char	*name;
	const char	*utf8;
};

static const struct entity entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", "\xc2\xa0" }, { "colon", ":" },
	{ "Tab", "\t" }, { "NewLine", "\n" }, { "sol", "/" },
	{ "lpar", "(" }, { "rpar", ")" }, { "excl", "!" }, { "num", "#" },
	{ "percnt", "%" }, { "period", "." }, { "comma", "," },
	{ "semi", ";" }, { "equals", "=" }, { "quest", "?" },
	{ "commat", "@" }, { "lsqb", "[" }, { "rsqb", "]" },
	{ "lowbar", "_" }, { "grave", "`" }, { "lcub", "{" },
	{ "rcub", "}" }, { "verbar", "|" }, { "bsol", "\\" },
	{ "dollar", "$" }, { "ast", "*" }, { "plus", "+" },
	{ "hellip", "\xe2\x80\xa6" }, { "mdash", "\xe2\x80\x94" },
	{ "ndash", "\xe2\x80\x93" }, { "lsquo", "\xe2\x80\x98" },
	{ "rsquo", "\xe2\x80\x99" }, { "ldquo", "\xe2\x80\x9c" },
	{ "rdquo", "\xe2\x80\x9d" }, { "sbquo", "\xe2\x80\x9a" },
	{ "bdquo", "\xe2\x80\x9e" }, { "laquo", "\xc2\xab" },
	{ "raquo", "\xc2\xbb" }, { "lsaquo", "\xe2\x80\xb9" },
	{ "rsaquo", "\xe2\x80\xba" }, { "bull", "\xe2\x80\xa2" },
	{ "middot", "\xc2\xb7" }, { "deg", "\xc2\xb0" },
	{ "plusmn", "\xc2\xb1" }, { "times", "\xc3\x97" },
	{ "divide", "\xc3\xb7" }, { "frac12", "\xc2\xbd" },
	{ "frac14", "\xc2\xbc" }, { "frac34", "\xc2\xbe" },
	{ "copy", "\xc2\xa9" }, { "reg", "\xc2\xae" },
	{ "trade", "\xe2\x84\xa2" }, { "sect", "\xc2\xa7" },
	{ "para", "\xc2\xb6" }, { "cent", "\xc2\xa2" },
	{ "pound", "\xc2\xa3" }, { "yen", "\xc2\xa5" },
	{ "euro", "\xe2\x82\xac" }, { "iexcl", "\xc2\xa1" },
	{ "iquest", "\xc2\xbf" }, { "shy", "\xc2\xad" },
	{ "ensp", "\xe2\x80\x82" }, { "emsp", "\xe2\x80\x83" },
	{ "thinsp", "\xe2\x80\x89" }, { "zwnj", "\xe2\x80\x8c" },
	{ "zwj", "\xe2\x80\x8d" }, { "dagger", "\xe2\x80\xa0" },
	{ "Dagger", "\xe2\x80\xa1" }, { "permil", "\xe2\x80\xb0" },
	{ "prime", "\xe2\x80\xb2" }, { "larr", "\xe2\x86\x90" },
	{ "rarr", "\xe2\x86\x92" }, { "uarr", "\xe2\x86\x91" },
	{ "darr", "\xe2\x86\x93" }, { "hearts", "\xe2\x99\xa5" },
	{ "infin", "\xe2\x88\x9e" }, { "ne", "\xe2\x89\xa0" },
	{ "le", "\xe2\x89\xa4" }, { "ge", "\xe2\x89\xa5" },
	{ "Agrave", "\xc3\x80" }, { "Aacute", "\xc3\x81" },
	{ "Acirc", "\xc3\x82" }, { "Atilde", "\xc3\x83" },
	{ "Auml", "\xc3\x84" }, { "Aring", "\xc3\x85" },
	{ "AElig", "\xc3\x86" }, { "Ccedil", "\xc3\x87" },
	{ "Egrave", "\xc3\x88" }, { "Eacute", "\xc3\x89" },
	{ "Ecirc", "\xc3\x8a" }, { "Euml", "\xc3\x8b" },
	{ "Igrave", "\xc3\x8c" }, { "Iacute", "\xc3\x8d" },
	{ "Icirc", "\xc3\x8e" }, { "Iuml", "\xc3\x8f" },
	{ "Ntilde", "\xc3\x91" }, { "Ograve", "\xc3\x92" },
	{ "Oacute", "\xc3\x93" }, { "Ocirc", "\xc3\x94" },
	{ "Otilde", "\xc3\x95" }, { "Ouml", "\xc3\x96" },
	{ "Oslash", "\xc3\x98" }, { "Ugrave", "\xc3\x99" },
	{ "Uacute", "\xc3\x9a" }, { "Ucirc", "\xc3\x9b" },
	{ "Uuml", "\xc3\x9c" }, { "Yacute", "\xc3\x9d" },
	{ "szlig", "\xc3\x9f" }, { "agrave", "\xc3\xa0" },
	{ "aacute", "\xc3\xa1" }, { "acirc", "\xc3\xa2" },
	{ "atilde", "\xc3\xa3" }, { "auml", "\xc3\xa4" },
	{ "aring", "\xc3\xa5" }, { "aelig", "\xc3\xa6" },
	{ "ccedil", "\xc3\xa7" }, { "egrave", "\xc3\xa8" },
	{ "eacute", "\xc3\xa9" }, { "ecirc", "\xc3\xaa" },
	{ "euml", "\xc3\xab" }, { "igrave", "\xc3\xac" },
	{ "iacute", "\xc3\xad" }, { "icirc", "\xc3\xae" },
	{ "iuml", "\xc3\xaf" }, { "ntilde", "\xc3\xb1" },
	{ "ograve", "\xc3\xb2" }, { "oacute", "\xc3\xb3" },
	{ "ocirc", "\xc3\xb4" }, { "otilde", "\xc3\xb5" },
	{ "ouml", "\xc3\xb6" }, { "oslash", "\xc3\xb8" },
	{ "ugrave", "\xc3\xb9" }, { "uacute", "\xc3\xba" },
	{ "ucirc", "\xc3\xbb" }, { "uuml", "\xc3\xbc" },
	{ "yacute", "\xc3\xbd" }, { "yuml", "\xc3\xbf" },
	{ NULL, NULL }
};

static void
put_utf8(struct buf *b, uint32_t cp)
{
	char	 u[4];

	if (cp < 0x80) {
		buf_putc(b, (int)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

static int
digit(int c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * s[0] is '&'. If a character reference starts there, append its
 * character to out and return its length; else return 0. Numeric ones
 * need no ';' (as in browsers); named ones do.
 */
size_t
html_tok_entity(struct buf *out, const char *s, size_t n)
{
	const struct entity	*e;
	uint32_t		 cp = 0;
	size_t			 i;
	int			 hex = 0, d, digits = 0;

	if (n > 1 && s[1] == '#') {
		i = 2;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n && (d = digit((unsigned char)s[i], hex)) >= 0;
		    i++, digits++)
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		if (digits == 0)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		put_utf8(out, cp);
		return i;
	}
	for (i = 1; i < n && i < 16 && html_is_alnum((unsigned char)s[i]); i++)
		continue;
	if (i == 1 || i >= n || s[i] != ';')
		return 0;
	for (e = entities; e->name != NULL; e++)
		if (strlen(e->name) == i - 1 &&
		    memcmp(e->name, s + 1, i - 1) == 0) {
			buf_puts(out, e->utf8);
			return i + 1;
		}
	return 0;
}

/* Append the n bytes at s with character references decoded. */
void
html_tok_decode(struct buf *out, const char *s, size_t n)
{
	size_t	 i, start = 0, used;

	for (i = 0; i < n; i++) {
		if (s[i] != '&')
			continue;
		buf_add(out, s + start, i - start);
		start = i;
		if ((used = html_tok_entity(out, s + i, n - i)) == 0)
			continue;
		start = i + used;
		i += used - 1;
	}
	buf_add(out, s + start, n - start);
}

/* -- tags ---------------------------------------------------------------- */

/*
 * Read the attribute at s[*i] in a tag, as an HTML parser does. Returns
 * 1 with *a filled, 0 at the tag's '>' (*i just past it), or -1 if the
 * input ends first (*i = n).
 */
int
html_tok_attr(const char *s, size_t n, size_t *i, struct html_attr *a)
{
	size_t	 j = *i;
	char	 q;

	while (j < n && (html_is_space((unsigned char)s[j]) || s[j] == '/'))
		j++;
	if (j >= n) {
		*i = n;
		return -1;
	}
	if (s[j] == '>') {
		*i = j + 1;
		return 0;
	}
	memset(a, 0, sizeof(*a));
	a->name = s + j++;
	while (j < n && !html_is_space((unsigned char)s[j]) && s[j] != '/' &&
	    s[j] != '>' && s[j] != '=')
		j++;
	a->namelen = (size_t)(s + j - a->name);
	while (j < n && html_is_space((unsigned char)s[j]))
		j++;
	if (j < n && s[j] == '=') {
		j++;
		while (j < n && html_is_space((unsigned char)s[j]))
			j++;
		a->has_val = 1;
		if (j < n && (s[j] == '"' || s[j] == '\'')) {
			q = s[j++];
			a->val = s + j;
			while (j < n && s[j] != q)
				j++;
			a->vallen = (size_t)(s + j - a->val);
			if (j < n)
				j++;
		} else {
			a->val = s + j;
			while (j < n && !html_is_space((unsigned char)s[j]) &&
			    s[j] != '>')
				j++;
			a->vallen = (size_t)(s + j - a->val);
		}
	}
	*i = j;
	return 1;
}

/* From s[i], just past the '>' of the next "-->" (or "--!>"), or n. */
static size_t
comment_end(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '>')
		return i + 1;
	if (i + 1 < n && s[i] == '-' && s[i + 1] == '>')
		return i + 2;
	for (; i + 2 < n; i++) {
		if (s[i] != '-' || s[i + 1] != '-')
			continue;
		if (s[i + 2] == '>')
			return i + 3;
		if (i + 3 < n && s[i + 2] == '!' && s[i + 3] == '>')
			return i + 4;
	}
	return n;
}

/* s[0] is '<': what starts there (HTML's tokenizer, simplified). */
enum html_tok
html_tok_scan(const char *s, size_t n, struct html_tag *t)
{
	struct html_attr	 a;
	size_t		 i, k;
	int		 rc, bad;

	memset(t, 0, sizeof(*t));
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		t->len = comment_end(s, n, 4);
		return HTML_TOK_SKIP;
	}
	if (n >= 2 && (s[1] == '!' || s[1] == '?' ||
	    (s[1] == '/' && n >= 3 && !is_alpha((unsigned char)s[2])))) {
		for (i = 2; i < n && s[i] != '>'; i++)
			continue;
		t->len = i < n ? i + 1 : n;
		return HTML_TOK_SKIP;
	}
	i = 1;
	if (n > 1 && s[1] == '/') {
		t->close = 1;
		i = 2;
	}
	if (i >= n || !is_alpha((unsigned char)s[i]))
		return HTML_TOK_TEXT;
	for (k = 0, bad = 0; i < n && !html_is_space((unsigned char)s[i]) &&
	    s[i] != '/' && s[i] != '>'; i++, k++) {
		if (!html_is_alnum((unsigned char)s[i]) && s[i] != '-')
			bad = 1;
		if (k < HTML_NAME_LEN - 1)
			t->name[k] = (char)html_lower((unsigned char)s[i]);
	}
	/* Names too long or holding odd characters: dropped by callers. */
	if (k >= HTML_NAME_LEN - 1 || bad)
		t->name[0] = '\0';
	else
		t->name[k] = '\0';
	t->attrs = i;
	while ((rc = html_tok_attr(s, n, &i, &a)) == 1)
		continue;
	t->len = i;
	return rc == 0 ? HTML_TOK_TAG : HTML_TOK_SKIP;
}

/*
 * From s[i] (just after a start tag named name), the offset just past
 * its end tag "</name ...>", or n if there is none.
 */
size_t
html_tok_skip_element(const char *s, size_t n, size_t i, const char *name)
{
	size_t	 len = strlen(name);
	char	 c;

	for (; i + 1 < n; i++) {
		if (s[i] != '<' || s[i + 1] != '/' ||
		    !html_starts_ci(s + i + 2, n - i - 2, name))
			continue;
		c = i + 2 + len < n ? s[i + 2 + len] : '>';
		if (!html_is_space((unsigned char)c) && c != '/' && c != '>')
			continue;
		for (i += 2 + len; i < n && s[i] != '>'; i++)
			continue;
		return i < n ? i + 1 : n;
	}
	return n;
}

