/* i18n.c: gettext .mo catalogs read in place, plural forms, placeholders. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"

/*
 * Plural expressions: a recursive-descent parser over C precedence into
 * a fixed node array (no allocation), evaluated recursively.
 */
enum pop {
	P_NUM, P_N, P_NOT, P_MUL, P_DIV, P_MOD, P_ADD, P_SUB, P_LT, P_LE,
	P_GT, P_GE, P_EQ, P_NE, P_AND, P_OR, P_COND, P__MAX
};

#define PLURAL_DEPTH	32

struct pparse {
	const char		*s;
	struct i18n_plural	*p;
	int			 depth;
	int			 bad;
};

static int	p_cond(struct pparse *);

static void
p_space(struct pparse *x)
{
	while (*x->s == ' ' || *x->s == '\t' || *x->s == '\n' || *x->s == '\r')
		x->s++;
}

static int
p_node(struct pparse *x, int op, int a, int b, int c, unsigned long v)
{
	struct i18n_plural	*p = x->p;

	if (x->bad || p->n >= I18N_PLURAL_MAX || a < 0 || b < 0 || c < 0) {
		x->bad = 1;
		return -1;
	}
	p->node[p->n].op = (unsigned char)op;
	p->node[p->n].a = (unsigned char)a;
	p->node[p->n].b = (unsigned char)b;
	p->node[p->n].c = (unsigned char)c;
	p->node[p->n].v = v;
	return p->n++;
}

/* Does the input continue with tok? Then skip it. */
static int
p_eat(struct pparse *x, const char *tok)
{
	size_t	 n = strlen(tok);

	p_space(x);
	if (strncmp(x->s, tok, n) != 0)
		return 0;
	/* "<" is not "<=", "!" is not "!=", "=" alone is not a token. */
	if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!') &&
	    x->s[1] == '=')
		return 0;
	if (n == 1 && (tok[0] == '&' || tok[0] == '|'))
		return 0;
	x->s += n;
	return 1;
}

static int
p_primary(struct pparse *x)
{
	unsigned long	 v = 0;
	int		 r;

	if (++x->depth > PLURAL_DEPTH) {
		x->bad = 1;
		return -1;
	}
	p_space(x);
	if (p_eat(x, "!")) {
		r = p_node(x, P_NOT, p_primary(x), 0, 0, 0);
	} else if (p_eat(x, "(")) {
		r = p_cond(x);
		if (!p_eat(x, ")"))
			x->bad = 1;
	} else if (*x->s == 'n' && !isalnum((unsigned char)x->s[1])) {
		x->s++;
		r = p_node(x, P_N, 0, 0, 0, 0);
	} else if (isdigit((unsigned char)*x->s)) {
		while (isdigit((unsigned char)*x->s)) {
			if (v > 100000000UL)
				x->bad = 1;
			v = v * 10 + (unsigned long)(*x->s++ - '0');
		}
		r = p_node(x, P_NUM, 0, 0, 0, v);
	} else {
		x->bad = 1;
		r = -1;
	}
	x->depth--;
	return x->bad ? -1 : r;
}

/* One level of left-associative binary operators. */
struct plevel {
	const char	*tok[4];
	int		 op[4];
};

static const struct plevel levels[] = {
	{ { "||" }, { P_OR } },
	{ { "&&" }, { P_AND } },
	{ { "==", "!=" }, { P_EQ, P_NE } },
	{ { "<=", ">=", "<", ">" }, { P_LE, P_GE, P_LT, P_GT } },
	{ { "+", "-" }, { P_ADD, P_SUB } },
	{ { "*", "/", "%" }, { P_MUL, P_DIV, P_MOD } },
};
#define NLEVELS	(int)(sizeof(levels) / sizeof(levels[0]))

static int
p_binary(struct pparse *x, int level)
{
	int	 l, i, matched;

	if (level == NLEVELS)
		return p_primary(x);
	l = p_binary(x, level + 1);
	do {
		matched = 0;
		for (i = 0; i < 4 && levels[level].tok[i] != NULL; i++)
			if (p_eat(x, levels[level].tok[i])) {
				l = p_node(x, levels[level].op[i], l,
				    p_binary(x, level + 1), 0, 0);
				matched = 1;
				break;
			}
	} while (matched && !x->bad);
	return x->bad ? -1 : l;
}

static int
p_cond(struct pparse *x)
{
	int	 c, a, b;

	if (++x->depth > PLURAL_DEPTH) {
		x->bad = 1;
		return -1;
	}
	c = p_binary(x, 0);
	if (!x->bad && p_eat(x, "?")) {
		a = p_cond(x);
		if (!p_eat(x, ":"))
			x->bad = 1;
		b = p_cond(x);
		c = p_node(x, P_COND, c, a, b, 0);
	}
	x->depth--;
	return x->bad ? -1 : c;
}

int
i18n_plural_parse(struct i18n_plural *p, const char *expr)
{
	struct pparse	 x = { expr, p, 0, 0 };

	memset(p, 0, sizeof(*p));
	p->root = p_cond(&x);
	p_space(&x);
	if (x.bad || p->root < 0 || (*x.s != '\0' && *x.s != ';')) {
		memset(p, 0, sizeof(*p));
		return -1;
	}
	return 0;
}

static unsigned long
p_eval(const struct i18n_plural *p, int i, unsigned long n, int depth)
{
	unsigned long	 a, b;
	int		 op = p->node[i].op;

	if (depth > PLURAL_DEPTH * 2)
		return 0;
	if (op == P_NUM)
		return p->node[i].v;
	if (op == P_N)
		return n;
	a = p_eval(p, p->node[i].a, n, depth + 1);
	if (op == P_NOT)
		return !a;
	if (op == P_COND)
		return p_eval(p, a ? p->node[i].b : p->node[i].c, n, depth + 1);
	if (op == P_AND && !a)
		return 0;
	if (op == P_OR && a)
		return 1;
	b = p_eval(p, p->node[i].b, n, depth + 1);
	switch (op) {
	case P_MUL: return a * b;
	case P_DIV: return b == 0 ? 0 : a / b;
	case P_MOD: return b == 0 ? 0 : a % b;
	case P_ADD: return a + b;
	case P_SUB: return a - b;
	case P_LT: return a < b;
	case P_LE: return a <= b;
	case P_GT: return a > b;
	case P_GE: return a >= b;
	case P_EQ: return a == b;
	case P_NE: return a != b;
	case P_AND: case P_OR: return b != 0;
	default: return 0;
	}
}

unsigned long
i18n_plural_eval(const struct i18n_plural *p, unsigned long n)
{
	if (p->n == 0)
		return n != 1;
	return p_eval(p, p->root, n, 0);
}

/*
 * .mo files: a header of 32-bit words (magic, revision, count, offset of
 * the msgid table, of the msgstr table, hash size and offset), then
 * tables of (length, offset) pairs, msgids sorted.
 */
static uint32_t
mo_u32(const struct i18n *c, size_t off)
{
	const unsigned char	*b = c->mo + off;

	if (c->swap)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		    (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[1] << 8 | b[0];
}

/* String i of a table at tab: NULL unless in bounds and NUL-ended. */
static const char *
mo_str(const struct i18n *c, uint32_t tab, uint32_t i, uint32_t *len)
{
	uint32_t	 l = mo_u32(c, tab + (size_t)i * 8);
	uint32_t	 o = mo_u32(c, tab + (size_t)i * 8 + 4);

	if (o > c->len || l >= c->len - o || c->mo[o + l] != '\0')
		return NULL;
	if (len != NULL)
		*len = l;
	return (const char *)c->mo + o;
}

static void
mo_empty(struct i18n *c)
{
	memset(c, 0, sizeof(*c));
	c->nplurals = 2;
	(void)strcpy(c->tag, "en");
}

/* Read nplurals and plural= from the header entry (msgid ""). */
static int
mo_header(struct i18n *c, const char *h)
{
	const char	*p, *q;
	char		 expr[512];
	size_t		 n;

	if ((p = strstr(h, "Plural-Forms:")) == NULL)
		return 0;
	if ((q = strstr(p, "nplurals=")) == NULL)
		return -1;
	c->nplurals = (unsigned)strtoul(q + 9, NULL, 10);
	if (c->nplurals < 1 || c->nplurals > 6)
		return -1;
	if ((q = strstr(q + 9, "plural=")) == NULL)
		return -1;
	q += 7;
	n = strcspn(q, ";\n");
	if (n >= sizeof(expr))
		return -1;
	memcpy(expr, q, n);
	expr[n] = '\0';
	return i18n_plural_parse(&c->plural, expr);
}

int
i18n_mo_open(struct i18n *c, const void *mo, size_t len)
{
	const char	*prev = NULL, *s, *h;
	uint32_t	 i, magic;

	mo_empty(c);
	if (mo == NULL || len < 28 || len > 0x7fffffff)
		return -1;
	c->mo = mo;
	c->len = len;
	magic = mo_u32(c, 0);
	if (magic != 0x950412de) {
		c->swap = 1;
		if (mo_u32(c, 0) != 0x950412de)
			goto fail;
	}
	if ((mo_u32(c, 4) >> 16) != 0)		/* major revision 0 only */
		goto fail;
	c->count = mo_u32(c, 8);
	c->orig = mo_u32(c, 12);
	c->trans = mo_u32(c, 16);
	if (c->count > len / 16 || c->orig > len || c->trans > len ||
	    (size_t)c->count * 8 > len - c->orig ||
	    (size_t)c->count * 8 > len - c->trans)
		goto fail;
	for (i = 0; i < c->count; i++) {
		if ((s = mo_str(c, c->orig, i, NULL)) == NULL ||
		    mo_str(c, c->trans, i, NULL) == NULL)
			goto fail;
		if (prev != NULL && strcmp(prev, s) >= 0)
			goto fail;	/* unsorted: no binary search */
		prev = s;
	}
	if (c->count > 0 && *(s = mo_str(c, c->orig, 0, NULL)) == '\0' &&
	    (h = mo_str(c, c->trans, 0, NULL)) != NULL &&
	    mo_header(c, h) == -1)
		goto fail;
	return 0;
fail:
	mo_empty(c);
	return -1;
}

/* The index of key among the msgids, or -1. */
static long
mo_find(const struct i18n *c, const char *key)
{
	uint32_t	 lo = 0, hi, mid;
	int		 cmp;

	if (c == NULL || c->mo == NULL)
		return -1;
	hi = c->count;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(key, mo_str(c, c->orig, mid, NULL));
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *
i18n_gettext(const struct i18n *c, const char *msgid)
{
	const char	*t;
	long		 i;

	if (*msgid == '\0' || (i = mo_find(c, msgid)) < 0)
		return msgid;
	t = mo_str(c, c->trans, (uint32_t)i, NULL);
	return *t != '\0' ? t : msgid;
}

const char *
i18n_pgettext(const struct i18n *c, const char *ctx, const char *msgid)
{
	char		 key[512];
	const char	*t;
	long		 i;
	int		 n;

	if (c == NULL || c->mo == NULL)
		return msgid;
	n = snprintf(key, sizeof(key), "%s\004%s", ctx, msgid);
	if (n < 0 || (size_t)n >= sizeof(key) || (i = mo_find(c, key)) < 0)
		return msgid;
	t = mo_str(c, c->trans, (uint32_t)i, NULL);
	return *t != '\0' ? t : msgid;
}

const char *
i18n_ngettext(const struct i18n *c, const char *sg, const char *pl,
    unsigned long n)
{
	const char	*t, *end;
	unsigned long	 form;
	uint32_t	 len;
	long		 i;

	if ((i = mo_find(c, sg)) < 0)
		return n == 1 ? sg : pl;
	form = i18n_plural_eval(&c->plural, n);
	if (form >= c->nplurals)
		form = 0;
	t = mo_str(c, c->trans, (uint32_t)i, &len);
	end = t + len;
	while (form > 0 && t < end) {
		t += strlen(t) + 1;
		form--;
	}
	if (t >= end || *t == '\0')
		return n == 1 ? sg : pl;
	return t;
}

/*
 * Languages: the shipped catalogs, and which are written right to left.
 */
static const char *const rtl_langs[] = { "ar", "he", "fa", "ur", NULL };

/* The length of tag's primary subtag if the tag is well-formed BCP 47
   (language[-script][-region][-variant]...: letters and digits, subtags of
   1-8), else 0. */
static size_t
tag_primary(const char *tag)
{
	size_t	 n, first = 0, k;
	const char *p = tag;

	if (strlen(tag) >= I18N_TAG_MAX)
		return 0;
	for (k = 0;; k++) {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n < 1 || n > 8)
			return 0;
		if (k == 0) {
			if (n < 2 || n > 3 || strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != n)
				return 0;
			first = n;
		}
		p += n;
		if (*p == '\0')
			return first;
		if (*p != '-')
			return 0;
		p++;
	}
}

static const struct i18n_embedded *
find_catalog(const char *tag, size_t n)
{
	const struct i18n_embedded	*e;

	for (e = i18n_catalogs; e->lang != NULL; e++)
		if (strlen(e->lang) == n && strncasecmp(e->lang, tag, n) == 0)
			return e;
	return NULL;
}

int
i18n_tag_ok(const char *tag)
{
	size_t	 n = tag_primary(tag);

	if (n == 0)
		return 0;
	return (n == 2 && strncasecmp(tag, "en", 2) == 0) ||
	    find_catalog(tag, n) != NULL;
}

int
i18n_open(struct i18n *c, const char *tag)
{
	const struct i18n_embedded	*e;
	const char *const		*r;
	size_t				 n;

	mo_empty(c);
	if (!i18n_tag_ok(tag))
		return -1;
	n = tag_primary(tag);
	if ((e = find_catalog(tag, strlen(tag))) == NULL)
		e = find_catalog(tag, n);
	if (e != NULL && i18n_mo_open(c, e->mo, e->len) == -1) {
		fprintf(stderr, "quire: catalog %s: not a usable .mo file\n",
		    e->lang);
		return -1;
	}
	(void)snprintf(c->tag, sizeof(c->tag), "%s", tag);
	for (r = rtl_langs; *r != NULL; r++)
		if (n == strlen(*r) && strncasecmp(tag, *r, n) == 0)
			c->rtl = 1;
	return 0;
}

const char *
i18n_format(struct arena *a, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	const char	*p, *end, *name, *val, *out;
	va_list		 ap;
	size_t		 n;
	int		 found;

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '{') {
			buf_putc(&b, *p);
			continue;
		}
		if (p[1] == '{') {
			buf_putc(&b, '{');
			p++;
			continue;
		}
		if ((end = strchr(p + 1, '}')) == NULL) {
			buf_puts(&b, p);
			break;
		}
		n = (size_t)(end - p - 1);
		found = 0;
		va_start(ap, fmt);
		while ((name = va_arg(ap, const char *)) != NULL) {
			val = va_arg(ap, const char *);
			if (!found && strlen(name) == n &&
			    strncmp(name, p + 1, n) == 0) {
				buf_puts(&b, val != NULL ? val : "");
				found = 1;
			}
		}
		va_end(ap);
		if (!found)
			buf_add(&b, p, n + 2);
		p = end;
	}
	out = arena_strndup(a, b.p != NULL ? b.p : "", b.len);
	buf_free(&b);
	return out;
}
