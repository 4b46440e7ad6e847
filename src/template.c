/* template.c: Mustache templates, parsed once into a tree and rendered fast. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "html.h"
#include "i18n.h"
#include "template.h"

#define TMPL_MAX_DEPTH	64		/* nested partials, parents, blocks */
#ifndef TMPL_MAX_EXPAND
#define TMPL_MAX_EXPAND	1000000		/* partials etc. in one render */
#endif
#define TMPL_MAX_NEST	128		/* nested sections in one template */
#define TMPL_MAX_FILE	(16 * 1024 * 1024)	/* one template file */
#define TMPL_EXT	".mustache"

/*
 * Values.
 */

struct tv_ent {
	const char	*key;	/* NULL in a list */
	struct tval	*v;
	struct tv_ent	*next;
};

struct tval {
	enum tval_kind	 kind;
	int		 b;	/* TV_BOOL */
	const char	*s;	/* TV_TEXT, TV_HTML */
	size_t		 len;
	struct arena	*a;	/* where entries of a list or object go */
	struct tv_ent	*head;	/* TV_LIST items, TV_OBJ members */
	struct tv_ent	*tail;
};

/*
 * The parsed tree. Text nodes and nodes whose tag opens a line of the
 * template have bol set: when a partial is rendered with an indent
 * (a standalone {{>x}}), the indent goes out there and after every
 * newline inside a text node, which is "prepend it to each line".
 */
enum node_type {
	N_TEXT,		/* s, len */
	N_VAR,		/* {{x}}: parts */
	N_RAW,		/* {{{x}}}, {{&x}}: parts */
	N_SECTION,	/* {{#x}}: parts, child */
	N_INVERTED,	/* {{^x}}: parts, child */
	N_PARTIAL,	/* {{>x}}: s, hash, ind */
	N_PARENT,	/* {{<x}}: s, hash, ind; child holds only blocks */
	N_BLOCK,	/* {{$x}}: s, child (default), ind (re-indent) */
	N_BOL,		/* nothing but a line start (a tag that renders "") */
	N__MAX
};

struct node {
	enum node_type	 type;
	int		 bol;
	int		 standalone;
	struct node	*next;
	struct node	*child;
	const char	*s;	/* text, or the tag's name */
	size_t		 len;
	const char	**parts;	/* the name split at dots; none: "." */
	size_t		 nparts;
	uint32_t	 hash;	/* of s, for partials and parents */
	const char	*ind;	/* indent to add (standalone only) */
	size_t		 indlen;
};

struct tmpl {
	const char	*name;
	uint32_t	 hash;
	struct arena	 arena;	/* the source copy, the nodes, the names */
	struct node	*root;
	int		 xml;	/* starts "<?xml": values escaped by esc_xml */
};

struct tmpl_set {
	struct tmpl	**slot;	/* open addressing, linear probing */
	size_t		 cap;	/* a power of two, or 0 */
	size_t		 n;
	int		 strict;
	const struct i18n *lang;	/* for {{#_}}...{{/_}} in files */
};

/*
 * Parsing happens in passes over a token array: tokenize (tags, and text
 * split after each newline, with sections matched), mark standalone lines,
 * take block indentation off, then build the tree.
 */
enum tok_type {
	TOK_TEXT,
	TOK_VAR,
	TOK_RAW,
	TOK_SECTION,
	TOK_INVERTED,
	TOK_CLOSE,
	TOK_PARTIAL,
	TOK_PARENT,
	TOK_BLOCK,
	TOK_COMMENT,
	TOK_DELIM,
	TOK__MAX
};

static const char *const tok_names[TOK__MAX] = {
	"text", "variable", "variable", "section", "inverted section",
	"closing tag", "partial", "parent", "block", "comment", "delimiters",
};

struct tok {
	enum tok_type	 type;
	const char	*s;	/* the text, or the tag's (trimmed) name */
	size_t		 len;
	size_t		 pos;	/* offset of the token in the source */
	size_t		 end;	/* offset just past it */
	int		 line;
	int		 bol;	/* the token opens a line */
	int		 standalone;
	int		 removed;
	const char	*ind;	/* standalone: the white space before it */
	size_t		 indlen;
	const char	*margin;	/* standalone block: common indent */
	size_t		 marginlen;
	int		 hasmargin;	/* its content has a non-blank line */
	const char	*xind;	/* standalone block: indent when expanded */
	size_t		 xindlen;
	size_t		 match;	/* open or close tag: the other one */
};

struct parser {
	const char	*label;	/* name or path, for messages */
	const char	*src;	/* the template's copy of the text */
	size_t		 len;
	struct arena	*a;	/* the template's arena */
	struct tok	*toks;
	size_t		 ntok;
	size_t		 tokcap;
	char		*err;
	size_t		 errsz;
};

struct scan {
	const char	*od;	/* opening delimiter */
	size_t		 odlen;
	const char	*cd;	/* closing delimiter */
	size_t		 cdlen;
	int		 line;
	size_t		 stack[TMPL_MAX_NEST];	/* open tags, by token index */
	size_t		 nstack;
};

/* Render state; the rest is passed down as linked frames on the C stack. */
struct render {
	const struct tmpl_set	*set;
	struct buf		*out;
	int			 strict;
	int			 xml;	/* every value through esc_xml */
	int			 depth;
	long			 expand;	/* expansions left */
	long			 hole;		/* where the TV_HOLE went */
	int			 holes;		/* how many were rendered */
};

struct frame {
	const struct tval	*v;
	const struct frame	*up;
};

struct indent {
	const char		*s;
	size_t			 len;
	const struct indent	*up;
};

/* The blocks a parent tag passes, outermost last in the chain. */
struct args {
	const struct node	*parent;
	const struct indent	*ind;	/* indent where the parent tag was */
	const struct args	*up;
};

static void	 render_nodes(struct render *, const struct node *,
		    const struct frame *, const struct indent *,
		    const struct args *);

static struct tval *
tv_new(struct arena *a, enum tval_kind kind)
{
	struct tval	*v;

	v = arena_zalloc(a, sizeof(*v));
	v->kind = kind;
	v->a = a;
	v->s = "";
	return v;
}

/* A TV_NULL value from the arena. */
struct tval *
tv_null(struct arena *a)
{
	return tv_new(a, TV_NULL);
}

/* A TV_BOOL value from the arena: b nonzero is truthy. */
struct tval *
tv_bool(struct arena *a, int b)
{
	struct tval	*v;

	v = tv_new(a, TV_BOOL);
	v->b = b != 0;
	return v;
}

/* A TV_TEXT value of the NUL-terminated s (not copied; NULL is ""). */
struct tval *
tv_text(struct arena *a, const char *s)
{
	return tv_textn(a, s, s != NULL ? strlen(s) : 0);
}

/* A TV_TEXT value of n bytes at s (not copied). */
struct tval *
tv_textn(struct arena *a, const char *s, size_t n)
{
	struct tval	*v;

	v = tv_new(a, TV_TEXT);
	if (s != NULL) {
		v->s = s;
		v->len = n;
	}
	return v;
}

struct tval *
tv_hole(struct arena *a, const char *fill, size_t len)
{
	struct tval	*v;

	v = tv_new(a, TV_HOLE);
	v->s = fill;
	v->len = len;
	return v;
}

/* A TV_HTML value; the bytes h points to are not copied (NULL is ""). */
struct tval *
tv_html(struct arena *a, const struct html *h)
{
	struct tval	*v;

	v = tv_new(a, TV_HTML);
	if (h != NULL && html_str(h) != NULL) {
		v->s = html_str(h);
		v->len = html_len(h);
	}
	return v;
}

/* An empty TV_LIST; tv_push allocates from the same arena. */
struct tval *
tv_list(struct arena *a)
{
	return tv_new(a, TV_LIST);
}

/* An empty TV_OBJ; tv_set and tmpl_set_* allocate from the same arena. */
struct tval *
tv_obj(struct arena *a)
{
	return tv_new(a, TV_OBJ);
}

/* The kind of v; a NULL v is TV_NULL. */
enum tval_kind
tv_kind(const struct tval *v)
{
	return v != NULL ? v->kind : TV_NULL;
}

/* Append v to a TV_LIST; does nothing if list is not one. */
void
tv_push(struct tval *list, struct tval *v)
{
	struct tv_ent	*e;

	if (list == NULL || list->kind != TV_LIST)
		return;
	if (v == NULL)
		v = tv_null(list->a);
	e = arena_alloc(list->a, sizeof(*e));
	e->key = NULL;
	e->v = v;
	e->next = NULL;
	if (list->tail != NULL)
		list->tail->next = e;
	else
		list->head = e;
	list->tail = e;
}

/* Set key (not copied) in a TV_OBJ, replacing an earlier value. */
void
tv_set(struct tval *obj, const char *key, struct tval *v)
{
	struct tv_ent	*e;

	if (obj == NULL || obj->kind != TV_OBJ || key == NULL)
		return;
	if (v == NULL)
		v = tv_null(obj->a);
	for (e = obj->head; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			e->v = v;
			return;
		}
	e = arena_alloc(obj->a, sizeof(*e));
	e->key = key;
	e->v = v;
	e->next = NULL;
	if (obj->tail != NULL)
		obj->tail->next = e;
	else
		obj->head = e;
	obj->tail = e;
}

/* The value of key in a TV_OBJ; NULL if absent or obj is no object. */
struct tval *
tv_get(const struct tval *obj, const char *key)
{
	const struct tv_ent	*e;

	if (obj == NULL || obj->kind != TV_OBJ)
		return NULL;
	for (e = obj->head; e != NULL; e = e->next)
		if (e->key[0] == key[0] && strcmp(e->key, key) == 0)
			return e->v;
	return NULL;
}

/* Set key to a TV_TEXT of s (not copied). */
void
tmpl_set_text(struct tval *obj, const char *key, const char *s)
{
	if (obj != NULL && obj->kind == TV_OBJ)
		tv_set(obj, key, tv_text(obj->a, s));
}

/* Set key to a TV_HTML of h. */
void
tmpl_set_html(struct tval *obj, const char *key, const struct html *h)
{
	if (obj != NULL && obj->kind == TV_OBJ)
		tv_set(obj, key, tv_html(obj->a, h));
}

/* Set key to a TV_BOOL. */
void
tmpl_set_bool(struct tval *obj, const char *key, int b)
{
	if (obj != NULL && obj->kind == TV_OBJ)
		tv_set(obj, key, tv_bool(obj->a, b));
}

/* Set key to the decimal text of i. */
void
tmpl_set_int(struct tval *obj, const char *key, long long i)
{
	if (obj != NULL && obj->kind == TV_OBJ)
		tv_set(obj, key, tv_text(obj->a, arena_printf(obj->a, "%lld",
		    i)));
}

/* Set key to a TV_TEXT formatted into the object's arena. */
void
tmpl_set_textf(struct tval *obj, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	if (obj == NULL || obj->kind != TV_OBJ)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	s = arena_alloc(obj->a, (size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tv_set(obj, key, tv_textn(obj->a, s, (size_t)n));
}

/* Set key to a new, empty TV_OBJ and return it (NULL if obj is none). */
struct tval *
tmpl_set_obj(struct tval *obj, const char *key)
{
	struct tval	*v;

	if (obj == NULL || obj->kind != TV_OBJ)
		return NULL;
	v = tv_obj(obj->a);
	tv_set(obj, key, v);
	return v;
}

/* Set key to a new, empty TV_LIST and return it (NULL if obj is none). */
struct tval *
tmpl_set_list(struct tval *obj, const char *key)
{
	struct tval	*v;

	if (obj == NULL || obj->kind != TV_OBJ)
		return NULL;
	v = tv_list(obj->a);
	tv_set(obj, key, v);
	return v;
}

/* Append a new, empty TV_OBJ to a TV_LIST and return it. */
struct tval *
tmpl_list_obj(struct tval *list)
{
	struct tval	*v;

	if (list == NULL || list->kind != TV_LIST)
		return NULL;
	v = tv_obj(list->a);
	tv_push(list, v);
	return v;
}

/*
 * The template set.
 */

static uint32_t
name_hash(const char *s, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct tmpl *
set_find(const struct tmpl_set *set, const char *name, uint32_t hash)
{
	size_t	 i;

	if (set->cap == 0)
		return NULL;
	for (i = hash & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (set->slot[i]->hash == hash &&
		    strcmp(set->slot[i]->name, name) == 0)
			return set->slot[i];
	return NULL;
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t);
}

static void
set_grow(struct tmpl_set *set)
{
	struct tmpl	**old = set->slot;
	size_t		 oldcap = set->cap, i, j;

	set->cap = oldcap ? oldcap * 2 : 32;
	if ((set->slot = calloc(set->cap, sizeof(*set->slot))) == NULL)
		abort();
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		for (j = old[i]->hash & (set->cap - 1); set->slot[j] != NULL;
		    j = (j + 1) & (set->cap - 1))
			continue;
		set->slot[j] = old[i];
	}
	free(old);
}

/* Put t in the set, freeing a template of the same name. */
static void
set_put(struct tmpl_set *set, struct tmpl *t)
{
	size_t	 i;

	if ((set->n + 1) * 2 > set->cap)
		set_grow(set);
	for (i = t->hash & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (set->slot[i]->hash == t->hash &&
		    strcmp(set->slot[i]->name, t->name) == 0) {
			tmpl_free(set->slot[i]);
			set->slot[i] = t;
			return;
		}
	set->slot[i] = t;
	set->n++;
}

/* A new empty strict set; free with tmpl_set_free. Aborts when out of
   memory. */
struct tmpl_set *
tmpl_set_new(void)
{
	struct tmpl_set	*set;

	if ((set = calloc(1, sizeof(*set))) == NULL)
		abort();
	set->strict = 1;
	return set;
}

/* Free the set and every template in it; NULL is allowed. */
void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->cap; i++)
		tmpl_free(set->slot[i]);
	free(set->slot);
	free(set);
}

/* In strict mode only TV_HTML values are emitted raw by {{{x}}}. */
void
tmpl_set_strict(struct tmpl_set *set, int strict)
{
	set->strict = strict != 0;
}

/* Whether the set has a template called name. */
int
tmpl_has(const struct tmpl_set *set, const char *name)
{
	return set_find(set, name, name_hash(name, strlen(name))) != NULL;
}

/*
 * Parser helpers.
 */

static int
perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, int line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (p->err == NULL || p->errsz == 0)
		return -1;
	n = snprintf(p->err, p->errsz, "%s:%d: ", p->label, line);
	if (n >= 0 && (size_t)n < p->errsz) {
		va_start(ap, fmt);
		(void)vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Length of the line ending ("\n", "\r\n") that s ends with, or 0. */
static size_t
eol_len(const char *s, size_t len)
{
	if (len == 0 || s[len - 1] != '\n')
		return 0;
	return len >= 2 && s[len - 2] == '\r' ? 2 : 1;
}

/* Offset of needle in src at or after from, or len if none. */
static size_t
find(const char *src, size_t len, size_t from, const char *nd, size_t ndlen)
{
	const char	*p;

	while (from + ndlen <= len) {
		p = memchr(src + from, nd[0], len - from - ndlen + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - src);
		if (memcmp(p, nd, ndlen) == 0)
			return from;
		from++;
	}
	return len;
}

static struct tok *
tok_add(struct parser *p, enum tok_type type, size_t pos, size_t end,
    int line)
{
	struct tok	*t;
	size_t		 cap;

	if (p->ntok == p->tokcap) {
		cap = p->tokcap ? p->tokcap * 2 : 64;
		if ((t = realloc(p->toks, cap * sizeof(*t))) == NULL)
			abort();
		p->toks = t;
		p->tokcap = cap;
	}
	t = &p->toks[p->ntok++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->pos = pos;
	t->end = end;
	t->line = line;
	t->bol = pos == 0 || p->src[pos - 1] == '\n';
	t->ind = t->xind = "";
	return t;
}

/* Text tokens for [from, to), one per line piece. */
static void
scan_text(struct parser *p, struct scan *sc, size_t from, size_t to)
{
	struct tok	*t;
	const char	*nl;
	size_t		 end;

	while (from < to) {
		nl = memchr(p->src + from, '\n', to - from);
		end = nl != NULL ? (size_t)(nl - p->src) + 1 : to;
		t = tok_add(p, TOK_TEXT, from, end, sc->line);
		t->s = p->src + from;
		t->len = end - from;
		if (nl != NULL)
			sc->line++;
		from = end;
	}
}

/* A {{=a b=}} tag on line: content in [q, c). */
static int
scan_delim(struct parser *p, struct scan *sc, int line, size_t q, size_t c)
{
	const char	*s = p->src;
	size_t		 a, b;

	if (c == q || s[c - 1] != '=')
		return perr(p, line, "bad set-delimiters tag");
	for (c--; q < c && is_ws(s[q]); q++)
		continue;
	while (c > q && is_ws(s[c - 1]))
		c--;
	for (a = q; a < c && !is_ws(s[a]) && s[a] != '='; a++)
		continue;
	for (b = a; b < c && is_ws(s[b]); b++)
		continue;
	if (a == q || b == a || b == c || memchr(s + b, '=', c - b) != NULL)
		return perr(p, line, "bad set-delimiters tag");
	while (b < c && is_ws(s[c - 1]))
		c--;
	if (memchr(s + b, ' ', c - b) != NULL ||
	    memchr(s + b, '\t', c - b) != NULL)
		return perr(p, line, "bad set-delimiters tag");
	sc->od = s + q;
	sc->odlen = a - q;
	sc->cd = s + b;
	sc->cdlen = c - b;
	return 0;
}

/* Match a tag that opens or closes a section, parent or block. */
static int
scan_nest(struct parser *p, struct scan *sc, struct tok *t)
{
	struct tok	*o;
	size_t		 i = (size_t)(t - p->toks);

	if (t->type != TOK_CLOSE) {
		if (sc->nstack == TMPL_MAX_NEST)
			return perr(p, t->line, "sections nested too deeply");
		sc->stack[sc->nstack++] = i;
		return 0;
	}
	if (sc->nstack == 0)
		return perr(p, t->line, "unexpected closing tag '%.*s'",
		    (int)t->len, t->s);
	o = &p->toks[sc->stack[--sc->nstack]];
	if (o->len != t->len || memcmp(o->s, t->s, t->len) != 0)
		return perr(p, t->line, "closing tag '%.*s' does not match "
		    "%s '%.*s' (line %d)", (int)t->len, t->s,
		    tok_names[o->type], (int)o->len, o->s, o->line);
	o->match = i;
	t->match = (size_t)(o - p->toks);
	return 0;
}

/* The tag at o; on return *next is just past it. */
static int
scan_tag(struct parser *p, struct scan *sc, size_t o, size_t *next)
{
	const char	*s = p->src;
	enum tok_type	 type = TOK_VAR;
	struct tok	*t;
	size_t		 q, c, e, i;
	int		 line = sc->line;

	q = o + sc->odlen;
	if (q < p->len && s[q] == '{') {
		type = TOK_RAW;
		for (c = ++q; c < p->len; c++)
			if (s[c] == '}' && c + 1 + sc->cdlen <= p->len &&
			    memcmp(s + c + 1, sc->cd, sc->cdlen) == 0)
				break;
		if (c >= p->len)
			return perr(p, line, "unclosed tag");
		e = c + 1 + sc->cdlen;
	} else {
		if ((c = find(s, p->len, q, sc->cd, sc->cdlen)) == p->len)
			return perr(p, line, "unclosed tag");
		e = c + sc->cdlen;
		while (q < c && is_ws(s[q]))
			q++;
		switch (q < c ? s[q] : '\0') {
		case '#': type = TOK_SECTION; break;
		case '^': type = TOK_INVERTED; break;
		case '/': type = TOK_CLOSE; break;
		case '>': type = TOK_PARTIAL; break;
		case '<': type = TOK_PARENT; break;
		case '$': type = TOK_BLOCK; break;
		case '!': type = TOK_COMMENT; break;
		case '=': type = TOK_DELIM; break;
		case '&': type = TOK_RAW; break;
		default: q--; break;
		}
		q++;
	}
	for (i = o; i < e; i++)
		if (s[i] == '\n')
			sc->line++;
	*next = e;
	t = tok_add(p, type, o, e, line);
	if (type == TOK_COMMENT)
		return 0;
	if (type == TOK_DELIM)
		return scan_delim(p, sc, line, q, c);
	while (q < c && is_ws(s[q]))
		q++;
	while (c > q && is_ws(s[c - 1]))
		c--;
	if (q == c)
		return perr(p, line, "empty %s tag", tok_names[type]);
	t->s = s + q;
	t->len = c - q;
	if (type == TOK_SECTION || type == TOK_INVERTED ||
	    type == TOK_PARENT || type == TOK_BLOCK || type == TOK_CLOSE)
		return scan_nest(p, sc, t);
	return 0;
}

static int
tokenize(struct parser *p)
{
	struct scan	 sc;
	struct tok	*o;
	size_t		 pos = 0, at;

	memset(&sc, 0, sizeof(sc));
	sc.od = "{{";
	sc.odlen = 2;
	sc.cd = "}}";
	sc.cdlen = 2;
	sc.line = 1;
	while (pos < p->len) {
		at = find(p->src, p->len, pos, sc.od, sc.odlen);
		scan_text(p, &sc, pos, at);
		if (at == p->len)
			break;
		if (scan_tag(p, &sc, at, &pos) == -1)
			return -1;
	}
	if (sc.nstack > 0) {
		o = &p->toks[sc.stack[sc.nstack - 1]];
		return perr(p, o->line, "unclosed %s '%.*s'",
		    tok_names[o->type], (int)o->len, o->s);
	}
	return 0;
}

/*
 * Two tags alone on a line that count as standalone together: a parent
 * and its first block, a last block's end and the parent's, and a block
 * or parent opened and closed at once.
 */
static int
standalone_pair(const struct parser *p, size_t i)
{
	const struct tok	*a = &p->toks[i], *b = &p->toks[i + 1];

	if (a->type == TOK_PARENT && b->type == TOK_BLOCK)
		return 1;
	if (a->type == TOK_CLOSE && b->type == TOK_CLOSE &&
	    p->toks[a->match].type == TOK_BLOCK &&
	    p->toks[b->match].type == TOK_PARENT)
		return 1;
	return (a->type == TOK_BLOCK || a->type == TOK_PARENT) &&
	    b->type == TOK_CLOSE && b->match == i;
}

/*
 * Tokens [i, j] are one line. If its tags stand alone, remove the white
 * space around them and the line ending (an empty block keeps it, as the
 * spec's "Standalone block" wants).
 */
static void
standalone_line(struct parser *p, size_t i, size_t j)
{
	struct tok	*t, *lead = NULL, *trail = NULL;
	size_t		 a = i, k, nl = 0;
	int		 keepnl;

	if (p->toks[a].type == TOK_TEXT) {
		if (a == j || !is_blank(p->toks[a].s, p->toks[a].len))
			return;
		lead = &p->toks[a++];
	}
	for (k = a; k <= j && p->toks[k].type != TOK_TEXT; k++)
		if (p->toks[k].type == TOK_VAR || p->toks[k].type == TOK_RAW)
			return;
	if (k == a || k - a > 2 || (k - a == 2 && !standalone_pair(p, a)))
		return;
	if (k <= j) {
		if (k != j)
			return;
		trail = &p->toks[k];
		nl = eol_len(trail->s, trail->len);
		if (!is_blank(trail->s, trail->len - nl))
			return;
	}
	keepnl = k - a == 2 && p->toks[a].type == TOK_BLOCK &&
	    p->toks[a + 1].type == TOK_CLOSE;
	for (t = &p->toks[a]; t < &p->toks[k]; t++) {
		t->standalone = 1;
		t->bol = 0;
		t->ind = lead != NULL ? lead->s : "";
		t->indlen = lead != NULL ? lead->len : 0;
	}
	if (lead != NULL)
		lead->removed = 1;
	if (trail != NULL && keepnl && nl > 0) {
		trail->s += trail->len - nl;
		trail->len = nl;
	} else if (trail != NULL)
		trail->removed = 1;
}

static void
standalone(struct parser *p)
{
	size_t	 i = 0, j;

	while (i < p->ntok) {
		for (j = i; j + 1 < p->ntok; j++)
			if (p->toks[j].type == TOK_TEXT &&
			    eol_len(p->toks[j].s, p->toks[j].len) > 0)
				break;
		standalone_line(p, i, j);
		i = j + 1;
	}
}

/*
 * The common leading white space of the non-blank lines in [from, to)
 * of the source, for the standalone block t.
 */
static void
block_margin(struct parser *p, struct tok *t, size_t from, size_t to)
{
	const char	*s = p->src;
	size_t		 w, k;

	while (from < to) {
		for (w = from; w < to && (s[w] == ' ' || s[w] == '\t'); w++)
			continue;
		if (w < to && s[w] != '\n' &&
		    !(s[w] == '\r' && w + 1 < to && s[w + 1] == '\n')) {
			if (!t->hasmargin) {
				t->margin = s + from;
				t->marginlen = w - from;
				t->hasmargin = 1;
			}
			for (k = 0; k < t->marginlen && k < w - from &&
			    t->margin[k] == s[from + k]; k++)
				continue;
			t->marginlen = k;
		}
		while (w < to && s[w] != '\n')
			w++;
		from = w + 1;
	}
}

static void
block_margins(struct parser *p)
{
	struct tok	*t, *c;
	const char	*nl;
	size_t		 i, from, to;

	for (i = 0; i < p->ntok; i++) {
		t = &p->toks[i];
		if (t->type != TOK_BLOCK || !t->standalone || t->match == i + 1)
			continue;
		c = &p->toks[t->match];
		nl = memchr(p->src + t->end, '\n', p->len - t->end);
		from = nl != NULL ? (size_t)(nl - p->src) + 1 : p->len;
		to = c->pos;
		if (c->standalone)
			while (to > from && p->src[to - 1] != '\n')
				to--;
		block_margin(p, t, from, to < from ? from : to);
	}
}

/* Take up to mlen bytes of the margin m off the front of *s. */
static void
strip(const char **s, size_t *len, const char *m, size_t mlen)
{
	size_t	 k;

	for (k = 0; k < mlen && k < *len && (*s)[k] == m[k]; k++)
		continue;
	*s += k;
	*len -= k;
}

/*
 * Block indentation is removed where a block is defined and added where
 * it is expanded (the spec's "Block reindentation"): each standalone
 * block's lines lose its margin, and a nested block keeps only the part
 * of its own margin beyond the enclosing one.
 */
static void
dedent(struct parser *p)
{
	struct {
		const char	*s;
		size_t		 len;
	}		 stack[TMPL_MAX_NEST + 1];
	size_t		 n = 0, i;
	const char	*m = "";
	size_t		 mlen = 0;
	struct tok	*t;

	for (i = 0; i < p->ntok; i++) {
		t = &p->toks[i];
		if (t->removed)
			continue;
		switch (t->type) {
		case TOK_TEXT:
			if (t->bol)
				strip(&t->s, &t->len, m, mlen);
			if (t->len == 0) {
				t->removed = 1;
				if (i + 1 < p->ntok)
					p->toks[i + 1].bol = 1;
			}
			break;
		case TOK_PARTIAL:
		case TOK_PARENT:
			if (t->standalone)
				strip(&t->ind, &t->indlen, m, mlen);
			break;
		case TOK_BLOCK:
			if (!t->standalone)
				break;
			strip(&t->ind, &t->indlen, m, mlen);
			t->xind = t->ind;
			t->xindlen = t->indlen;
			stack[n].s = m;
			stack[n++].len = mlen;
			if (t->hasmargin) {
				t->xind = t->margin;
				t->xindlen = t->marginlen;
				strip(&t->xind, &t->xindlen, m, mlen);
				if (t->xindlen == 0) {
					t->xind = t->ind;
					t->xindlen = t->indlen;
				}
				m = t->margin;
				mlen = t->marginlen;
			}
			break;
		case TOK_CLOSE:
			if (p->toks[t->match].type == TOK_BLOCK &&
			    p->toks[t->match].standalone && n > 0) {
				m = stack[--n].s;
				mlen = stack[n].len;
			}
			break;
		default:
			break;
		}
	}
}

/*
 * Tree building.
 */

struct build {
	struct node	*n;
	struct node	**tail;
};

static struct node *
node_add(struct parser *p, struct build *b, enum node_type type, int bol)
{
	struct node	*n;

	n = arena_zalloc(p->a, sizeof(*n));
	n->type = type;
	n->bol = bol;
	*b->tail = n;
	b->tail = &n->next;
	return n;
}

static void
node_name(struct parser *p, struct node *n, const struct tok *t)
{
	const char	*s = t->s, *dot;
	size_t		 len = t->len, i;

	n->s = arena_strndup(p->a, t->s, t->len);
	n->len = t->len;
	n->hash = name_hash(t->s, t->len);
	if (t->type != TOK_VAR && t->type != TOK_RAW &&
	    t->type != TOK_SECTION && t->type != TOK_INVERTED)
		return;
	if (len == 1 && s[0] == '.')
		return;
	for (n->nparts = 1, i = 0; i < len; i++)
		if (s[i] == '.')
			n->nparts++;
	n->parts = arena_alloc(p->a, n->nparts * sizeof(*n->parts));
	for (i = 0; i < n->nparts; i++) {
		dot = memchr(s, '.', len);
		n->parts[i] = arena_strndup(p->a, s,
		    dot != NULL ? (size_t)(dot - s) : len);
		if (dot != NULL) {
			len -= (size_t)(dot - s) + 1;
			s = dot + 1;
		}
	}
}

static void
text_flush(struct parser *p, struct build *b, struct buf *text, int *bol)
{
	struct node	*n;

	if (text->len == 0)
		return;
	n = node_add(p, b, N_TEXT, *bol);
	n->s = arena_strndup(p->a, text->p, text->len);
	n->len = text->len;
	buf_reset(text);
	*bol = 0;
}

/* A parent's arguments are its blocks; everything else in it is dropped. */
static void
parent_args(struct node *parent)
{
	struct node	**pp = &parent->child;

	while (*pp != NULL)
		if ((*pp)->type != N_BLOCK)
			*pp = (*pp)->next;
		else
			pp = &(*pp)->next;
}

static struct node *
build(struct parser *p)
{
	static const enum node_type types[TOK__MAX] = {
		[TOK_VAR] = N_VAR, [TOK_RAW] = N_RAW,
		[TOK_SECTION] = N_SECTION, [TOK_INVERTED] = N_INVERTED,
		[TOK_PARTIAL] = N_PARTIAL, [TOK_PARENT] = N_PARENT,
		[TOK_BLOCK] = N_BLOCK,
	};
	struct build	 stack[TMPL_MAX_NEST + 1];
	struct node	 root, *n;
	struct buf	 text;
	const struct tok *t;
	size_t		 depth = 0, i;
	int		 tbol = 0;

	memset(&root, 0, sizeof(root));
	memset(&text, 0, sizeof(text));
	stack[0].n = &root;
	stack[0].tail = &root.child;
	for (i = 0; i < p->ntok; i++) {
		t = &p->toks[i];
		if (t->removed)
			continue;
		if (t->type == TOK_TEXT) {
			if (text.len == 0)
				tbol = t->bol;
			buf_add(&text, t->s, t->len);
			continue;
		}
		text_flush(p, &stack[depth], &text, &tbol);
		switch (t->type) {
		case TOK_COMMENT:
		case TOK_DELIM:
			if (t->bol)
				node_add(p, &stack[depth], N_BOL, 1);
			break;
		case TOK_CLOSE:
			if (t->bol)
				node_add(p, &stack[depth], N_BOL, 1);
			if (stack[depth].n->type == N_PARENT)
				parent_args(stack[depth].n);
			depth--;
			break;
		default:
			n = node_add(p, &stack[depth], types[t->type], t->bol);
			n->standalone = t->standalone;
			node_name(p, n, t);
			n->ind = t->type == TOK_BLOCK ? t->xind : t->ind;
			n->indlen = t->type == TOK_BLOCK ? t->xindlen :
			    t->indlen;
			if (t->type == TOK_SECTION || t->type == TOK_INVERTED ||
			    t->type == TOK_PARENT || t->type == TOK_BLOCK) {
				depth++;
				stack[depth].n = n;
				stack[depth].tail = &n->child;
			}
			break;
		}
	}
	text_flush(p, &stack[depth], &text, &tbol);
	buf_free(&text);
	return root.child;
}

static struct tmpl *
tmpl_parse(const char *label, const char *name, const char *text,
    size_t len, char *err, size_t errsz)
{
	struct tmpl	*t;
	struct parser	 p;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		abort();
	memset(&p, 0, sizeof(p));
	p.label = label;
	p.a = &t->arena;
	if (text == NULL)
		len = 0;
	p.src = arena_strndup(p.a, text != NULL ? text : "", len);
	p.len = len;
	p.err = err;
	p.errsz = errsz;
	t->name = arena_strdup(p.a, name);
	t->hash = name_hash(name, strlen(name));
	if (tokenize(&p) == -1)
		goto fail;
	standalone(&p);
	block_margins(&p);
	dedent(&p);
	t->root = build(&p);
	free(p.toks);
	return t;
fail:
	free(p.toks);
	tmpl_free(t);
	return NULL;
}

/*
 * Parse text as template name (replacing one of that name). Returns 0, or
 * -1 with "label:line: message" in err; the set is unchanged then.
 */
static int
tmpl_add(struct tmpl_set *set, const char *label, const char *name,
    const char *text, size_t len, char *err, size_t errsz)
{
	struct tmpl	*t;

	if ((t = tmpl_parse(label, name, text, len, err, errsz)) == NULL)
		return -1;
	t->xml = len >= 5 && memcmp(text, "<?xml", 5) == 0;
	set_put(set, t);
	return 0;
}

/*
 * Parse len bytes of text (copied) as template name, replacing any
 * template of that name. Returns 0, or -1 with "name:line: message" in
 * err (the set is unchanged then).
 */
int
tmpl_set_add(struct tmpl_set *set, const char *name, const char *text,
    size_t len, char *err, size_t errsz)
{
	return tmpl_add(set, name, name, text, len, err, errsz);
}

static int
seterr(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
seterr(char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (err != NULL && errsz > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Read the regular file path into b. Returns 1, 0 if not regular, -1. */
static int
read_file(const char *path, struct buf *b, char *err, size_t errsz)
{
	FILE		*f;
	struct stat	 st;
	size_t		 n;

	buf_reset(b);
	if ((f = fopen(path, "r")) == NULL)
		return seterr(err, errsz, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == -1) {
		seterr(err, errsz, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		fclose(f);
		return 0;
	}
	do {
		n = fread(buf_reserve(b, 8192), 1, 8192, f);
		b->len += n;
		b->p[b->len] = '\0';
		if (b->len > TMPL_MAX_FILE) {
			seterr(err, errsz, "%s: file too large", path);
			goto fail;
		}
	} while (n > 0);
	if (ferror(f)) {
		seterr(err, errsz, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	return 1;
fail:
	fclose(f);
	return -1;
}

void
tmpl_set_lang(struct tmpl_set *set, const struct i18n *lang)
{
	set->lang = lang;
}

#define TR_OPEN		"{{#_}}"
#define TR_CLOSE	"{{/_}}"

/*
 * Replace each {{#_}}msgid{{/_}} in src by the catalog's translation of
 * msgid (template source itself: markup and {{tags}} as in the msgid), so
 * a page costs nothing more in any language. 0, or -1 if one is unclosed.
 */
static int
translate(const struct i18n *lang, const char *path, const char *src,
    size_t len, struct buf *out, char *err, size_t errsz)
{
	const char	*p = src, *end = src + len, *o, *c;
	char		*id;
	size_t		 ol = strlen(TR_OPEN), cl = strlen(TR_CLOSE);

	buf_reset(out);
	while ((o = strstr(p, TR_OPEN)) != NULL) {
		if ((c = strstr(o + ol, TR_CLOSE)) == NULL)
			return seterr(err, errsz, "%s: unclosed " TR_OPEN, path);
		buf_add(out, p, (size_t)(o - p));
		if ((id = strndup(o + ol, (size_t)(c - o - ol))) == NULL)
			abort();
		buf_puts(out, i18n_gettext(lang, id));
		free(id);
		p = c + cl;
	}
	buf_add(out, p, (size_t)(end - p));
	return 0;
}

/*
 * Add every *.mustache file in DIR (dot files skipped), named by its file
 * name without the extension. Returns the number loaded, or -1 with
 * "path:line: message" or "path: why" in err; templates loaded before
 * the failure stay in the set.
 */
int
tmpl_set_load_dir(struct tmpl_set *set, const char *dir, char *err,
    size_t errsz)
{
	DIR		*d;
	struct dirent	*de;
	struct buf	 path, name, text, tr;
	size_t		 len, extlen = strlen(TMPL_EXT);
	int		 n = 0, rc;

	memset(&path, 0, sizeof(path));
	memset(&name, 0, sizeof(name));
	memset(&text, 0, sizeof(text));
	memset(&tr, 0, sizeof(tr));
	if ((d = opendir(dir)) == NULL)
		return seterr(err, errsz, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= extlen ||
		    strcmp(de->d_name + len - extlen, TMPL_EXT) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		if ((rc = read_file(path.p, &text, err, errsz)) == 0)
			continue;
		buf_reset(&name);
		buf_add(&name, de->d_name, len - extlen);
		if (rc == -1 || translate(set->lang, path.p, buf_str(&text),
		    text.len, &tr, err, errsz) == -1 ||
		    tmpl_add(set, path.p, name.p, buf_str(&tr), tr.len, err,
		    errsz) == -1) {
			n = -1;
			break;
		}
		n++;
	}
	closedir(d);
	buf_free(&path);
	buf_free(&name);
	buf_free(&text);
	buf_free(&tr);
	return n;
}

/*
 * Rendering: no allocation but the output buffer's.
 */

static void
emit_indent(struct buf *out, const struct indent *ind)
{
	if (ind == NULL)
		return;
	emit_indent(out, ind->up);
	buf_add(out, ind->s, ind->len);
}

/* Text, with the indent after every newline that is not the last byte. */
static void
emit_text(struct buf *out, const char *s, size_t len,
    const struct indent *ind)
{
	const char	*nl, *end = s + len;

	if (ind != NULL)
		while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL &&
		    nl + 1 < end) {
			buf_add(out, s, (size_t)(nl + 1 - s));
			emit_indent(out, ind);
			s = nl + 1;
		}
	buf_add(out, s, (size_t)(end - s));
}

/* The indent for a standalone tag n: its own white space on top of up. */
static const struct indent *
push_indent(struct indent *sub, const char *s, size_t len,
    const struct indent *up)
{
	if (len == 0)
		return up;
	sub->s = s;
	sub->len = len;
	sub->up = up;
	return sub;
}

static const struct tval *
lookup(const struct frame *f, const struct node *n)
{
	const struct tval	*v = NULL;
	size_t			 i;

	if (n->nparts == 0)
		return f != NULL ? f->v : NULL;
	for (; f != NULL; f = f->up)
		if ((v = tv_get(f->v, n->parts[0])) != NULL)
			break;
	for (i = 1; v != NULL && i < n->nparts; i++)
		v = tv_get(v, n->parts[i]);
	return v;
}

static int
falsey(const struct tval *v)
{
	return v == NULL || v->kind == TV_NULL ||
	    (v->kind == TV_BOOL && !v->b) ||
	    (v->kind == TV_LIST && v->head == NULL);
}

static void
render_var(struct render *r, const struct node *n, const struct frame *f)
{
	const struct tval	*v;
	const char		*s;
	size_t			 len;

	if ((v = lookup(f, n)) == NULL)
		return;
	switch (v->kind) {
	case TV_TEXT:
	case TV_HTML:
		s = v->s;
		len = v->len;
		break;
	case TV_BOOL:
		s = v->b ? "true" : "false";
		len = strlen(s);
		break;
	case TV_HOLE:
		if (r->holes++ == 0)
			r->hole = (long)r->out->len;
		buf_add(r->out, v->s, v->len);
		return;
	default:
		return;
	}
	if (r->xml)
		esc_xml(r->out, s, len);
	else if (n->type == N_RAW && (v->kind == TV_HTML || !r->strict))
		buf_add(r->out, s, len);
	else
		esc_html_text(r->out, s, len);
}

static void
render_section(struct render *r, const struct node *n, const struct frame *f,
    const struct indent *ind, const struct args *args)
{
	const struct tval	*v;
	const struct tv_ent	*e;
	struct frame		 sub;

	v = lookup(f, n);
	if (falsey(v))
		return;
	sub.up = f;
	if (v->kind == TV_LIST) {
		for (e = v->head; e != NULL; e = e->next) {
			sub.v = e->v;
			render_nodes(r, n->child, &sub, ind, args);
		}
		return;
	}
	sub.v = v;
	render_nodes(r, n->child, &sub, ind, args);
}

static void
render_partial(struct render *r, const struct node *n, const struct frame *f,
    const struct indent *ind, const struct args *args)
{
	const struct tmpl	*t;
	struct indent		 sub;
	struct args		 a;

	if (r->depth >= TMPL_MAX_DEPTH || r->expand <= 0 ||
	    (t = set_find(r->set, n->s, n->hash)) == NULL)
		return;
	r->expand--;
	if (n->type == N_PARENT) {
		a.parent = n;
		a.ind = ind;
		a.up = args;
		args = &a;
	}
	r->depth++;
	render_nodes(r, t->root, f, n->standalone ?
	    push_indent(&sub, n->ind, n->indlen, ind) : NULL, args);
	r->depth--;
}

/*
 * A block renders the outermost parent argument of its name, else its
 * own content. Standalone, either is re-indented to where the block is.
 */
static void
render_block(struct render *r, const struct node *n, const struct frame *f,
    const struct indent *ind, const struct args *args)
{
	const struct args	*a;
	const struct node	*c, *body = n->child;
	const struct indent	*use = ind;
	struct indent		 sub;
	int			 found = 0;

	for (a = args; a != NULL; a = a->up)
		for (c = a->parent->child; c != NULL; c = c->next)
			if (c->len == n->len && memcmp(c->s, n->s, n->len) ==
			    0) {
				body = c->child;
				use = a->ind;
				found = 1;
				break;
			}
	if (n->standalone)
		use = push_indent(&sub, n->ind, n->indlen, ind);
	if (found && (r->depth >= TMPL_MAX_DEPTH || r->expand-- <= 0))
		return;
	/* Content that does not start on a line of its own is indented. */
	if (n->standalone && use != NULL && body != NULL && !body->bol &&
	    !body->standalone)
		emit_indent(r->out, use);
	r->depth += found;
	render_nodes(r, body, f, use, args);
	r->depth -= found;
}

static void
render_nodes(struct render *r, const struct node *n, const struct frame *f,
    const struct indent *ind, const struct args *args)
{
	for (; n != NULL; n = n->next) {
		if (n->bol && ind != NULL)
			emit_indent(r->out, ind);
		switch (n->type) {
		case N_TEXT:
			emit_text(r->out, n->s, n->len, ind);
			break;
		case N_VAR:
		case N_RAW:
			render_var(r, n, f);
			break;
		case N_SECTION:
			render_section(r, n, f, ind, args);
			break;
		case N_INVERTED:
			if (falsey(lookup(f, n)))
				render_nodes(r, n->child, f, ind, args);
			break;
		case N_PARTIAL:
		case N_PARENT:
			render_partial(r, n, f, ind, args);
			break;
		case N_BLOCK:
			render_block(r, n, f, ind, args);
			break;
		default:
			break;
		}
	}
}

/*
 * Render template name with ctx (may be NULL) appended to out. Missing
 * names and partials render as "". Against runaway recursion, partials
 * nested deeper than 64, and any beyond the first million in one render,
 * are not rendered. Returns 0, or -1 if there is no template of that name.
 */
int
tmpl_render(const struct tmpl_set *set, const char *name,
    const struct tval *ctx, struct buf *out)
{
	long	 hole;

	return tmpl_render_hole(set, name, ctx, out, &hole);
}

int
tmpl_render_hole(const struct tmpl_set *set, const char *name,
    const struct tval *ctx, struct buf *out, long *hole)
{
	const struct tmpl	*t;
	struct render		 r;
	struct frame		 f;

	*hole = -1;
	if ((t = set_find(set, name, name_hash(name, strlen(name)))) == NULL)
		return -1;
	r.hole = -1;
	r.holes = 0;
	r.set = set;
	r.out = out;
	r.strict = set->strict;
	r.xml = t->xml;
	r.depth = 0;
	r.expand = TMPL_MAX_EXPAND;
	f.v = ctx;
	f.up = NULL;
	render_nodes(&r, t->root, ctx != NULL ? &f : NULL, NULL, NULL);
	if (r.holes == 1)
		*hole = r.hole;
	return 0;
}
