/* wxr_html.c: WordPress HTML made fit to serve: paragraphs, shortcodes, sanitizing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "wxr_html.h"

#define NAME_LEN	32	/* longest element or attribute name + 1 */
#define DEPTH_MAX	256	/* open elements kept by the sanitizer */

/* -- characters and lists ------------------------------------------------ */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int
in_list(const char *const *list, const char *w)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

/* Case-insensitive: do the n bytes at s start with the lower-case w? */
static int
starts_ci(const char *s, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* Where the lower-case w starts in s[i, n), without case; or n. */
static size_t
find_ci(const char *s, size_t n, size_t i, const char *w)
{
	for (; i < n; i++)
		if (starts_ci(s + i, n - i, w))
			return i;
	return n;
}

/* Does the n bytes at s contain the string w? */
static int
contains(const char *s, size_t n, const char *w)
{
	size_t	 i, wn = strlen(w);

	for (i = 0; i + wn <= n; i++)
		if (memcmp(s + i, w, wn) == 0)
			return 1;
	return 0;
}

/* WordPress's wpautop block list (plus main). */
static const char *const blocks[] = { "table", "thead", "tfoot", "caption",
	"col", "colgroup", "tbody", "tr", "td", "th", "div", "dl", "dd", "dt",
	"ul", "ol", "li", "pre", "form", "map", "area", "blockquote",
	"address", "style", "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
	"fieldset", "legend", "section", "article", "aside", "hgroup",
	"header", "footer", "nav", "figure", "figcaption", "details", "menu",
	"summary", "main", NULL };
/* No <br /> before these, opening or closing (wpautop). */
static const char *const no_br_before[] = { "p", "li", "div", "dl", "dd",
	"dt", "th", "pre", "td", "ul", "ol", NULL };
static const char *const void_elems[] = { "area", "base", "br", "col",
	"embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
	"param", "source", "track", "wbr", NULL };
/* Removed with everything inside them. */
static const char *const drop_all[] = { "script", "style", "iframe",
	"object", "applet", "noembed", "noframes", "frameset", "template",
	"xmp", "title", "textarea", "svg", "math", NULL };
/* Removed, what is inside them kept. */
static const char *const drop_tag[] = { "embed", "base", "meta", "link",
	"param", "frame", "keygen", "noscript", "plaintext", "html", "head",
	"body", "animate", "set", "animatemotion", "animatetransform",
	"handler", "isindex", "portal", NULL };
/* Attributes holding one URL. */
static const char *const url_attrs[] = { "href", "src", "action",
	"formaction", "poster", "background", "cite", "longdesc", "lowsrc",
	"dynsrc", "data", "codebase", "icon", "manifest", "profile", "usemap",
	"ping", "xlink:href", "xml:base", NULL };
static const char *const url_schemes[] = { "http", "https", "mailto", "ftp",
	"tel", NULL };
/* A start tag of these closes an open <p> (in button scope). */
static const char *const closes_p[] = { "address", "article", "aside",
	"blockquote", "details", "div", "dl", "fieldset", "figcaption",
	"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre",
	"section", "summary", "table", "ul", "li", "dd", "dt", NULL };

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
static size_t
entity(struct buf *out, const char *s, size_t n)
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
	for (i = 1; i < n && i < 16 && is_alnum((unsigned char)s[i]); i++)
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
static void
decode(struct buf *out, const char *s, size_t n)
{
	size_t	 i, start = 0, used;

	for (i = 0; i < n; i++) {
		if (s[i] != '&')
			continue;
		buf_add(out, s + start, i - start);
		start = i;
		if ((used = entity(out, s + i, n - i)) == 0)
			continue;
		start = i + used;
		i += used - 1;
	}
	buf_add(out, s + start, n - start);
}

/* -- tags ---------------------------------------------------------------- */

enum tok {
	TOK_TEXT,	/* a '<' that is only text */
	TOK_TAG,	/* a start or end tag */
	TOK_SKIP	/* a comment, <!...>, <?...>, or a tag cut off by the end */
};

struct tag {
	size_t	 len;		/* bytes from '<' to just past '>' */
	char	 name[NAME_LEN];/* lower case; "" if too long */
	int	 close;		/* an end tag */
	size_t	 attrs;		/* offset of the attributes */
};

struct attr {
	const char	*name;
	size_t		 namelen;
	const char	*val;	/* raw: references not decoded */
	size_t		 vallen;
	int		 has_val;
};

/*
 * Read the attribute at s[*i] in a tag, as an HTML parser does. Returns
 * 1 with *a filled, 0 at the tag's '>' (*i just past it), or -1 if the
 * input ends first (*i = n).
 */
static int
attr_next(const char *s, size_t n, size_t *i, struct attr *a)
{
	size_t	 j = *i;
	char	 q;

	while (j < n && (is_space((unsigned char)s[j]) || s[j] == '/'))
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
	while (j < n && !is_space((unsigned char)s[j]) && s[j] != '/' &&
	    s[j] != '>' && s[j] != '=')
		j++;
	a->namelen = (size_t)(s + j - a->name);
	while (j < n && is_space((unsigned char)s[j]))
		j++;
	if (j < n && s[j] == '=') {
		j++;
		while (j < n && is_space((unsigned char)s[j]))
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
			while (j < n && !is_space((unsigned char)s[j]) &&
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
static enum tok
scan(const char *s, size_t n, struct tag *t)
{
	struct attr	 a;
	size_t		 i, k;
	int		 rc, bad;

	memset(t, 0, sizeof(*t));
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		t->len = comment_end(s, n, 4);
		return TOK_SKIP;
	}
	if (n >= 2 && (s[1] == '!' || s[1] == '?' ||
	    (s[1] == '/' && n >= 3 && !is_alpha((unsigned char)s[2])))) {
		for (i = 2; i < n && s[i] != '>'; i++)
			continue;
		t->len = i < n ? i + 1 : n;
		return TOK_SKIP;
	}
	i = 1;
	if (n > 1 && s[1] == '/') {
		t->close = 1;
		i = 2;
	}
	if (i >= n || !is_alpha((unsigned char)s[i]))
		return TOK_TEXT;
	for (k = 0, bad = 0; i < n && !is_space((unsigned char)s[i]) &&
	    s[i] != '/' && s[i] != '>'; i++, k++) {
		if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
			bad = 1;
		if (k < NAME_LEN - 1)
			t->name[k] = (char)lower((unsigned char)s[i]);
	}
	/* Names too long or holding odd characters: dropped by callers. */
	if (k >= NAME_LEN - 1 || bad)
		t->name[0] = '\0';
	else
		t->name[k] = '\0';
	t->attrs = i;
	while ((rc = attr_next(s, n, &i, &a)) == 1)
		continue;
	t->len = i;
	return rc == 0 ? TOK_TAG : TOK_SKIP;
}

/*
 * From s[i] (just after a start tag named name), the offset just past
 * its end tag "</name ...>", or n if there is none.
 */
static size_t
skip_element(const char *s, size_t n, size_t i, const char *name)
{
	size_t	 len = strlen(name);
	char	 c;

	for (; i + 1 < n; i++) {
		if (s[i] != '<' || s[i + 1] != '/' ||
		    !starts_ci(s + i + 2, n - i - 2, name))
			continue;
		c = i + 2 + len < n ? s[i + 2 + len] : '>';
		if (!is_space((unsigned char)c) && c != '/' && c != '>')
			continue;
		for (i += 2 + len; i < n && s[i] != '>'; i++)
			continue;
		return i < n ? i + 1 : n;
	}
	return n;
}

/* -- the sanitizer --------------------------------------------------------- */

struct san {
	struct buf		*out;
	struct wxr_notes	*notes;
	int			 comment;
	int			 depth;
	char			 stack[DEPTH_MAX][NAME_LEN];
};

/*
 * Is the decoded URL s safe in an href or src? Relative ones are, and
 * those whose scheme is in url_schemes. Characters up to space are
 * skipped (browsers drop tab and newlines anywhere, and leading space
 * and controls), and the scheme is compared without case.
 */
static int
url_ok(const char *s, size_t n)
{
	char		 scheme[16];
	size_t		 i, k = 0;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			continue;
		if (c == ':') {
			if (k >= sizeof(scheme))
				return 0;
			scheme[k] = '\0';
			return in_list(url_schemes, scheme);
		}
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (k < sizeof(scheme))
			scheme[k] = (char)lower(c);
		k++;
	}
	return 1;
}

/* srcset: "url [descriptor], url [descriptor] ...", every URL safe. */
static int
srcset_ok(const char *s, size_t n)
{
	size_t	 i = 0, start;

	while (i < n) {
		while (i < n && (is_space((unsigned char)s[i]) || s[i] == ','))
			i++;
		start = i;
		while (i < n && !is_space((unsigned char)s[i]) && s[i] != ',')
			i++;
		if (i > start && !url_ok(s + start, i - start))
			return 0;
		while (i < n && s[i] != ',')
			i++;
	}
	return 1;
}

/* A style attribute without script-running CSS of old browsers. */
static int
style_ok(const char *s, size_t n)
{
	static const char *const bad[] = { "expression", "javascript:",
	    "vbscript:", "behavior:", "-moz-binding", NULL };
	struct buf		 b = { 0 };
	const char *const	*p;
	size_t			 i;
	int			 ok = 1;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]) && s[i] != '\\' &&
		    s[i] != '\0')
			buf_putc(&b, lower((unsigned char)s[i]));
	for (p = bad; *p != NULL && ok; p++)
		if (strstr(buf_str(&b), *p) != NULL)
			ok = 0;
	buf_free(&b);
	return ok;
}

/* Is the attribute name well-formed, and is it kept on element el? */
static int
attr_name(const struct attr *a, const char *el, int comment, char *name)
{
	size_t	 i;

	if (a->namelen == 0 || a->namelen >= NAME_LEN ||
	    !is_alpha((unsigned char)a->name[0]))
		return 0;
	for (i = 0; i < a->namelen; i++) {
		name[i] = (char)lower((unsigned char)a->name[i]);
		if (!is_alnum((unsigned char)name[i]) && name[i] != '-' &&
		    name[i] != '_' && name[i] != ':' && name[i] != '.')
			return 0;
	}
	name[i] = '\0';
	if (comment && strcmp(el, "a") == 0 && strcmp(name, "rel") == 0)
		return 0;
	return 1;
}

/* Copy a start tag's attributes, the safe ones, re-quoted. */
static void
put_attrs(struct san *z, const char *s, const struct tag *t)
{
	struct attr	 a;
	struct buf	 val = { 0 };
	char		 name[NAME_LEN];
	size_t		 i = t->attrs;
	int		 ok;

	while (attr_next(s, t->len, &i, &a) == 1) {
		if (!attr_name(&a, t->name, z->comment, name))
			continue;
		buf_reset(&val);
		decode(&val, a.val ? a.val : "", a.vallen);
		if (strncmp(name, "on", 2) == 0 || strcmp(name, "srcdoc") == 0)
			ok = 0;
		else if (in_list(url_attrs, name))
			ok = url_ok(val.p ? val.p : "", val.len);
		else if (strcmp(name, "srcset") == 0 ||
		    strcmp(name, "imagesrcset") == 0)
			ok = srcset_ok(val.p ? val.p : "", val.len);
		else if (strcmp(name, "style") == 0)
			ok = style_ok(val.p ? val.p : "", val.len);
		else
			ok = 1;
		if (!ok) {
			if (z->notes != NULL)
				z->notes->attributes++;
			continue;
		}
		buf_putc(z->out, ' ');
		buf_puts(z->out, name);
		if (a.has_val) {
			buf_puts(z->out, "=\"");
			esc_html_attr(z->out, val.p ? val.p : "", val.len);
			buf_putc(z->out, '"');
		}
	}
	buf_free(&val);
}

/* Close the open elements down to and including stack[to]. */
static void
close_to(struct san *z, int to)
{
	while (z->depth > to) {
		z->depth--;
		buf_puts(z->out, "</");
		buf_puts(z->out, z->stack[z->depth]);
		buf_putc(z->out, '>');
	}
}

/* The open element name nearest the top, not past one of stop: its
   index, or -1. */
static int
open_at(const struct san *z, const char *name, const char *const *stop)
{
	int	 i;

	for (i = z->depth - 1; i >= 0; i--) {
		if (strcmp(z->stack[i], name) == 0)
			return i;
		if (stop != NULL && in_list(stop, z->stack[i]))
			return -1;
	}
	return -1;
}

/* The end tags a parser implies before start tag name. */
static void
implied_ends(struct san *z, const char *name)
{
	static const char *const scope[] = { "table", "td", "th", "caption",
	    "button", "template", NULL };
	static const char *const list[] = { "ul", "ol", "menu", "table", "td",
	    "th", NULL };
	static const char *const dl[] = { "dl", "table", "td", "th", NULL };
	static const char *const table[] = { "table", NULL };
	static const char *const row[] = { "tr", "table", NULL };
	int	 i;

	if (in_list(closes_p, name) && (i = open_at(z, "p", scope)) >= 0)
		close_to(z, i);
	if (strcmp(name, "li") == 0 && (i = open_at(z, "li", list)) >= 0)
		close_to(z, i);
	if (strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0) {
		if ((i = open_at(z, "dt", dl)) >= 0)
			close_to(z, i);
		if ((i = open_at(z, "dd", dl)) >= 0)
			close_to(z, i);
	}
	if (strcmp(name, "tr") == 0 && (i = open_at(z, "tr", table)) >= 0)
		close_to(z, i);
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		if ((i = open_at(z, "td", row)) >= 0)
			close_to(z, i);
		if ((i = open_at(z, "th", row)) >= 0)
			close_to(z, i);
	}
	if (strcmp(name, "option") == 0 && z->depth > 0 &&
	    strcmp(z->stack[z->depth - 1], "option") == 0)
		close_to(z, z->depth - 1);
}

static void
start_tag(struct san *z, const char *s, const struct tag *t)
{
	int	 is_void = in_list(void_elems, t->name);

	implied_ends(z, t->name);
	if (!is_void && z->depth == DEPTH_MAX)
		return;
	buf_putc(z->out, '<');
	buf_puts(z->out, t->name);
	put_attrs(z, s, t);
	if (z->comment && strcmp(t->name, "a") == 0)
		buf_puts(z->out, " rel=\"nofollow ugc noopener\"");
	buf_putc(z->out, '>');
	if (!is_void)
		memcpy(z->stack[z->depth++], t->name, NAME_LEN);
}

static void
end_tag(struct san *z, const struct tag *t)
{
	int	 i;

	if ((i = open_at(z, t->name, NULL)) >= 0)
		close_to(z, i);
}

void
wxr_sanitize(struct buf *out, const char *s, size_t n, int comment,
    struct wxr_notes *notes)
{
	struct san	*z;
	struct tag	 t;
	size_t		 i = 0, start = 0;
	enum tok	 k;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		abort();
	z->out = out;
	z->notes = notes;
	z->comment = comment;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		buf_add(out, s + start, i - start);
		k = scan(s + i, n - i, &t);
		if (k == TOK_TEXT) {
			buf_puts(out, "&lt;");
			start = ++i;
			continue;
		}
		i += t.len;
		start = i;
		if (k == TOK_SKIP || t.name[0] == '\0')
			continue;
		if (!t.close && in_list(drop_all, t.name)) {
			if (notes != NULL)
				notes->elements++;
			start = i = skip_element(s, n, i, t.name);
		} else if (in_list(drop_tag, t.name)) {
			if (notes != NULL && !t.close)
				notes->elements++;
		} else if (t.close)
			end_tag(z, &t);
		else
			start_tag(z, s + i - t.len, &t);
	}
	buf_add(out, s + start, n - start);
	close_to(z, 0);
	free(z);
}

/* -- paragraphs ------------------------------------------------------------ */

enum unit_type {
	U_TEXT,
	U_TAG,		/* a tag: block says if it is a block element */
	U_RAW		/* a comment, or <pre>, <script>, <style> ... whole */
};

struct unit {
	enum unit_type	 type;
	size_t		 start, end;
	int		 block;		/* a block tag, <pre> or <style> */
	int		 close;		/* an end tag */
	int		 br;		/* a <br> */
	int		 comment;	/* an HTML comment */
	int		 nobr;		/* in no_br_before */
};

struct autop {
	struct buf	*out;
	const char	*s;
	struct unit	*u;
	size_t		 n, cap;
};

static void
unit_add(struct autop *p, const struct unit *u)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		if ((p->u = realloc(p->u, p->cap * sizeof(*p->u))) == NULL)
			abort();
	}
	p->u[p->n++] = *u;
}

/* Is unit k only white space? */
static int
blank(const struct autop *p, size_t k)
{
	size_t	 i;

	if (p->u[k].type != U_TEXT)
		return 0;
	for (i = p->u[k].start; i < p->u[k].end; i++)
		if (!is_space((unsigned char)p->s[i]))
			return 0;
	return 1;
}

/* Should the newline at s[at], in text unit k, become a <br />? */
static int
want_br(const struct autop *p, size_t k, size_t at)
{
	const struct unit	*u = &p->u[k];
	size_t			 i, j;

	/* Before it: text, or the last tag that is not a block or <br>. */
	for (i = at; i > u->start && is_space((unsigned char)p->s[i - 1]); i--)
		continue;
	if (i == u->start) {
		for (j = k; j > 0 && blank(p, j - 1); j--)
			continue;
		if (j == 0 || p->u[j - 1].block || p->u[j - 1].br)
			return 0;
	}
	/* After it: not one of the tags wpautop keeps <br /> away from. */
	for (i = at + 1; i < u->end && is_space((unsigned char)p->s[i]); i++)
		continue;
	if (i == u->end) {
		for (j = k + 1; j < p->n && blank(p, j); j++)
			continue;
		if (j == p->n || p->u[j].nobr || p->u[j].block)
			return 0;
	}
	return 1;
}

/* Write units [0, n) as one paragraph-or-block, then clear them. */
static void
flush_segment(struct autop *p)
{
	size_t	 a = 0, b = p->n, k, i, start, end, tail;
	int	 wrap, only_comments = 1;

	/* Trim white space at both ends. */
	while (a < b && blank(p, a))
		a++;
	while (b > a && blank(p, b - 1))
		b--;
	if (a == b)
		goto out;
	if (p->u[a].type == U_TEXT)
		while (is_space((unsigned char)p->s[p->u[a].start]))
			p->u[a].start++;
	if (p->u[b - 1].type == U_TEXT)
		while (is_space((unsigned char)p->s[p->u[b - 1].end - 1]))
			p->u[b - 1].end--;
	for (k = a; k < b; k++)
		if (!p->u[k].comment && !blank(p, k))
			only_comments = 0;
	wrap = !only_comments && !p->u[a].block;
	/* A trailing end tag of a block stays outside the paragraph. */
	tail = b;
	if (wrap && p->u[b - 1].block && p->u[b - 1].close)
		tail = b - 1;
	if (wrap)
		buf_puts(p->out, "<p>");
	for (k = a; k < b; k++) {
		if (k == tail)
			buf_puts(p->out, "</p>");
		start = p->u[k].start;
		end = p->u[k].end;
		if (p->u[k].type != U_TEXT) {
			buf_add(p->out, p->s + start, end - start);
			continue;
		}
		for (i = start; i < end; i++) {
			if (p->s[i] == '\n' && want_br(p, k, i)) {
				buf_add(p->out, p->s + start, i - start);
				buf_puts(p->out, "<br />");
				start = i;
			}
		}
		buf_add(p->out, p->s + start, end - start);
	}
	if (wrap && tail == b)
		buf_puts(p->out, "</p>");
	buf_putc(p->out, '\n');
out:
	p->n = 0;
}

/* Add the text s[start, end) to the segment, ending the segment at each
   blank line. */
static void
add_text(struct autop *p, size_t start, size_t end)
{
	struct unit	 u = { 0 };
	size_t		 i, j;

	u.type = U_TEXT;
	for (i = start; i < end; i++) {
		if (p->s[i] != '\n')
			continue;
		for (j = i + 1; j < end && is_space((unsigned char)p->s[j]) &&
		    p->s[j] != '\n'; j++)
			continue;
		if (j >= end || p->s[j] != '\n')
			continue;
		u.start = start;
		u.end = i;
		unit_add(p, &u);
		flush_segment(p);
		while (j < end && is_space((unsigned char)p->s[j]))
			j++;
		start = j;
		i = j - 1;
	}
	if (end > start) {
		u.start = start;
		u.end = end;
		unit_add(p, &u);
	}
}

void
wxr_autop(struct buf *out, const char *in, size_t len)
{
	static const char *const raw[] = { "pre", "script", "style", "svg",
	    "math", "textarea", NULL };
	struct autop	 p = { 0 };
	struct buf	 norm = { 0 };
	struct unit	 u;
	struct tag	 t;
	size_t		 i, start = 0, n;
	enum tok	 k;

	if (len == 0)
		return;
	if (contains(in, len, "<!-- wp:")) {
		buf_add(out, in, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if (in[i] == '\r') {
			buf_putc(&norm, '\n');
			if (i + 1 < len && in[i + 1] == '\n')
				i++;
		} else
			buf_putc(&norm, in[i]);
	}
	p.out = out;
	p.s = norm.p;
	n = norm.len;
	i = 0;
	while (i < n) {
		if (p.s[i] != '<' ||
		    (k = scan(p.s + i, n - i, &t)) == TOK_TEXT) {
			i++;
			continue;
		}
		add_text(&p, start, i);
		memset(&u, 0, sizeof(u));
		u.start = i;
		u.type = k == TOK_SKIP ? U_RAW : U_TAG;
		u.comment = k == TOK_SKIP;
		u.close = t.close;
		u.block = k == TOK_TAG && in_list(blocks, t.name);
		u.br = k == TOK_TAG && strcmp(t.name, "br") == 0;
		u.nobr = k == TOK_TAG && in_list(no_br_before, t.name);
		i += t.len;
		if (k == TOK_TAG && !t.close && in_list(raw, t.name)) {
			u.type = U_RAW;
			i = skip_element(p.s, n, i, t.name);
		}
		u.end = i;
		/* Blocks start a segment when they open, end one when they
		   close (and so do <hr>, <pre> and <style> as a whole). */
		if (u.block && !u.close)
			flush_segment(&p);
		unit_add(&p, &u);
		if (u.block && (u.close || u.type == U_RAW ||
		    strcmp(t.name, "hr") == 0))
			flush_segment(&p);
		start = i;
	}
	add_text(&p, start, n);
	flush_segment(&p);
	free(p.u);
	buf_free(&norm);
}

/* -- shortcodes ------------------------------------------------------------ */

/* The value of attribute key in a shortcode's attribute text (or, with
   key NULL, the first positional value). 1 and *v, *vn set, or 0. */
static int
sc_attr(const char *s, size_t n, const char *key, const char **v,
    size_t *vn)
{
	size_t	 i = 0, ks, kn;
	char	 q;
	int	 named;

	while (i < n) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		ks = i;
		named = 0;
		if (s[i] != '"' && s[i] != '\'') {
			while (i < n && !is_space((unsigned char)s[i]) &&
			    s[i] != '=')
				i++;
			if (i < n && s[i] == '=') {
				named = 1;
				kn = i - ks;
				i++;
			} else {
				kn = 0;
				i = ks;
			}
		} else
			kn = 0;
		if (i < n && (s[i] == '"' || s[i] == '\'')) {
			q = s[i++];
			*v = s + i;
			while (i < n && s[i] != q)
				i++;
			*vn = (size_t)(s + i - *v);
			if (i < n)
				i++;
		} else {
			*v = s + i;
			while (i < n && !is_space((unsigned char)s[i]))
				i++;
			*vn = (size_t)(s + i - *v);
		}
		if (key == NULL && !named)
			return 1;
		if (key != NULL && named && kn == strlen(key) &&
		    memcmp(s + ks, key, kn) == 0)
			return 1;
	}
	return 0;
}

/* <a href="URL">URL</a> for the n bytes of HTML text at url. */
static void
put_link(struct buf *out, const char *url, size_t n)
{
	struct buf	 u = { 0 };

	decode(&u, url, n);
	buf_puts(out, "<a href=\"");
	esc_html_attr(out, buf_str(&u), u.len);
	buf_puts(out, "\">");
	esc_html_text(out, buf_str(&u), u.len);
	buf_puts(out, "</a>");
	buf_free(&u);
}

/* Where "[/name]" starts in s[i, n), or n. */
static size_t
sc_close(const char *s, size_t n, size_t i, const char *name)
{
	size_t	 len = strlen(name);

	for (; i + len + 3 <= n; i++)
		if (s[i] == '[' && s[i + 1] == '/' &&
		    memcmp(s + i + 2, name, len) == 0 && s[i + 2 + len] == ']')
			return i;
	return n;
}

/* [caption id= align= width= caption=]<a><img></a> Text[/caption] */
static void
put_caption(struct buf *out, const char *at, size_t an, const char *c,
    size_t cn)
{
	const char	*v, *cap;
	size_t		 vn, capn, img = 0, i;

	if (sc_attr(at, an, "caption", &cap, &capn))
		img = cn;
	else {
		for (i = 0; i < cn && is_space((unsigned char)c[i]); i++)
			continue;
		if (starts_ci(c + i, cn - i, "<a ")) {
			if ((vn = find_ci(c, cn, i, "</a>")) < cn)
				img = vn + 4;
		} else if (starts_ci(c + i, cn - i, "<img")) {
			for (img = i; img < cn && c[img] != '>'; img++)
				continue;
			if (img < cn)
				img++;
		}
		cap = c + img;
		capn = cn - img;
		while (capn > 0 && is_space((unsigned char)*cap)) {
			cap++;
			capn--;
		}
	}
	buf_puts(out, "<figure");
	if (sc_attr(at, an, "id", &v, &vn) && vn > 0) {
		buf_puts(out, " id=\"");
		esc_html_attr(out, v, vn);
		buf_putc(out, '"');
	}
	buf_puts(out, " class=\"wp-caption");
	if (sc_attr(at, an, "align", &v, &vn) && vn > 0) {
		buf_putc(out, ' ');
		esc_html_attr(out, v, vn);
	}
	if (sc_attr(at, an, "class", &v, &vn) && vn > 0) {
		buf_putc(out, ' ');
		esc_html_attr(out, v, vn);
	}
	buf_puts(out, "\">");
	buf_add(out, c, img);
	if (capn > 0) {
		buf_puts(out, "<figcaption class=\"wp-caption-text\">");
		buf_add(out, cap, capn);
		buf_puts(out, "</figcaption>");
	}
	buf_puts(out, "</figure>");
}

/*
 * s[0] is '['. If a shortcode this file knows starts there, append its
 * replacement and return the bytes it took; else return 0.
 */
static size_t
shortcode(struct buf *out, const char *s, size_t n, struct wxr_notes *notes)
{
	static const char *const known[] = { "caption", "wp_caption",
	    "gallery", "embed", "audio", "video", "playlist", NULL };
	static const char *const media[] = { "src", "mp3", "m4a", "ogg",
	    "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv", NULL };
	const char *const	*m;
	char			 name[16];
	const char		*at, *v;
	size_t			 i, k, an, vn, close, end;
	char			 q = 0;

	i = 1;
	if (n > 1 && s[1] == '[')
		i = 2;
	for (k = 0; i < n && k < sizeof(name) - 1 &&
	    ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'); i++)
		name[k++] = s[i];
	name[k] = '\0';
	if (!in_list(known, name) || i >= n ||
	    (!is_space((unsigned char)s[i]) && s[i] != ']' && s[i] != '/'))
		return 0;
	at = s + i;
	for (; i < n && (q || s[i] != ']'); i++)
		if (s[i] == '"' || s[i] == '\'')
			q = q == 0 ? s[i] : (q == s[i] ? 0 : q);
	if (i >= n)
		return 0;
	an = (size_t)(s + i - at);
	if (an > 0 && at[an - 1] == '/')
		an--;
	end = i + 1;
	if (s[1] == '[') {
		/* [[name ...]]: the shortcode written out, not run. */
		if (end >= n || s[end] != ']')
			return 0;
		buf_add(out, s + 1, end - 1);
		return end + 1;
	}
	close = sc_close(s, n, end, name);
	if (strcmp(name, "caption") == 0 || strcmp(name, "wp_caption") == 0) {
		if (close == n)
			return 0;
		put_caption(out, at, an, s + end, close - end);
		if (notes != NULL)
			notes->caption++;
		return close + strlen(name) + 3;
	}
	if (strcmp(name, "embed") == 0) {
		if (close == n)
			return 0;
		for (v = s + end, vn = close - end; vn > 0 &&
		    is_space((unsigned char)*v); v++, vn--)
			continue;
		while (vn > 0 && is_space((unsigned char)v[vn - 1]))
			vn--;
		put_link(out, v, vn);
		if (notes != NULL)
			notes->embed++;
		return close + strlen(name) + 3;
	}
	if (strcmp(name, "gallery") == 0) {
		if (notes != NULL)
			notes->gallery++;
		return end;
	}
	if (notes != NULL)
		notes->media++;
	if (strcmp(name, "audio") == 0 || strcmp(name, "video") == 0) {
		for (m = media; *m != NULL; m++)
			if (sc_attr(at, an, *m, &v, &vn) && vn > 0)
				break;
		if (*m != NULL || (sc_attr(at, an, NULL, &v, &vn) && vn > 0 &&
		    (starts_ci(v, vn, "http://") ||
		    starts_ci(v, vn, "https://"))))
			put_link(out, v, vn);
		/* An enclosing one: its content is a fallback, dropped. */
		if (close < n && close - end < 4096 &&
		    !contains(s + end, close - end, "["))
			return close + strlen(name) + 3;
	}
	return end;
}

/* A line of only an http(s) URL at s (a line start): its length up to
   the newline, and the URL in *u, *un; or 0. */
static size_t
lone_url(const char *s, size_t n, const char **u, size_t *un)
{
	size_t	 i = 0, e;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (!starts_ci(s + i, n - i, "http://") &&
	    !starts_ci(s + i, n - i, "https://"))
		return 0;
	*u = s + i;
	while (i < n && !is_space((unsigned char)s[i]) && s[i] != '<' &&
	    s[i] != '>' && s[i] != '"')
		i++;
	*un = (size_t)(s + i - *u);
	e = i;
	while (e < n && (s[e] == ' ' || s[e] == '\t' || s[e] == '\r'))
		e++;
	if (e < n && s[e] != '\n')
		return 0;
	return i;
}

void
wxr_shortcodes(struct buf *out, const char *s, size_t n,
    struct wxr_notes *notes)
{
	const char	*u;
	size_t		 i = 0, start = 0, used, un;
	int		 bol = 1;

	while (i < n) {
		if (bol && (used = lone_url(s + i, n - i, &u, &un)) > 0) {
			buf_add(out, s + start, i - start);
			buf_add(out, s + i, (size_t)(u - (s + i)));
			put_link(out, u, un);
			if (notes != NULL)
				notes->embed++;
			start = i += used;
			bol = 0;
			continue;
		}
		bol = s[i] == '\n';
		if (s[i] == '[') {
			buf_add(out, s + start, i - start);
			start = i;
			if ((used = shortcode(out, s + i, n - i, notes)) > 0) {
				start = i += used;
				continue;
			}
		}
		i++;
	}
	buf_add(out, s + start, n - start);
}

/* -- together ---------------------------------------------------------------- */

void
wxr_html(struct buf *out, const char *s, size_t n, int comment,
    struct wxr_notes *notes)
{
	struct buf	 a = { 0 }, b = { 0 }, c = { 0 };

	/* Sanitized before paragraphs are made (so a removed <script>
	   leaves no <br> behind) and after (to balance what autop did to
	   inline elements across blank lines; a second pass changes
	   nothing else). */
	wxr_shortcodes(&a, s, n, notes);
	wxr_sanitize(&b, buf_str(&a), a.len, comment, notes);
	wxr_autop(&c, buf_str(&b), b.len);
	wxr_sanitize(out, buf_str(&c), c.len, comment, notes);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

void
wxr_text(struct buf *out, const char *s, size_t n)
{
	struct buf	 d = { 0 };
	struct tag	 t;
	size_t		 i, used, base = out->len;
	unsigned char	 c;
	int		 space = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '<' && scan(s + i, n - i, &t) != TOK_TEXT) {
			if (in_list(blocks, t.name) || strcmp(t.name, "br") == 0)
				buf_putc(&d, ' ');
			i += t.len - 1;
			continue;
		}
		if (s[i] == '&' && (used = entity(&d, s + i, n - i)) > 0) {
			i += used - 1;
			continue;
		}
		buf_putc(&d, s[i]);
	}
	for (i = 0; i < d.len; i++) {
		c = (unsigned char)d.p[i];
		if (is_space(c) || c == '\v') {
			space = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		/* C1 controls: U+0080-U+009F are 0xc2 0x80-0x9f. */
		if (c == 0xc2 && i + 1 < d.len &&
		    (unsigned char)d.p[i + 1] >= 0x80 &&
		    (unsigned char)d.p[i + 1] <= 0x9f) {
			i++;
			continue;
		}
		if (space && out->len > base)
			buf_putc(out, ' ');
		space = 0;
		buf_putc(out, c);
	}
	buf_free(&d);
}
