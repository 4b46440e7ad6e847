/* template.h: Mustache templates (spec incl. partials and inheritance). */
#ifndef QUIRE_TEMPLATE_H
#define QUIRE_TEMPLATE_H

#include <stddef.h>

struct arena;
struct buf;
struct html;
struct i18n;

/*
 * Values: the data a template renders. All of them live in an arena
 * (the per-request arena in the server); strings are NOT copied, they must
 * live at least as long as the arena (arena_strdup them if in doubt).
 * Keys are not copied either (string literals, usually).
 */
enum tval_kind {
	TV_NULL,	/* falsey, renders as "" */
	TV_BOOL,	/* b: 0 falsey, 1 truthy */
	TV_TEXT,	/* plain text: always escaped by {{x}} */
	TV_HTML,	/* trusted HTML: {{{x}}} emits it, {{x}} escapes it */
	TV_LIST,	/* sections iterate; empty list is falsey */
	TV_OBJ,		/* key/value pairs; a context frame */
	TV_HOLE,	/* a slot filled after rendering (tv_hole) */
	TV__MAX
};

struct tval;

struct tval	*tv_null(struct arena *);
struct tval	*tv_bool(struct arena *, int);
struct tval	*tv_text(struct arena *, const char *);
struct tval	*tv_textn(struct arena *, const char *, size_t);
struct tval	*tv_html(struct arena *, const struct html *);
struct tval	*tv_list(struct arena *);
struct tval	*tv_obj(struct arena *);
/*
 * A hole: renders as its fill text (len bytes, not copied, no markup
 * characters) wherever a template names it, and tmpl_render_hole reports
 * where in the output the first one went. So a page's per-view value (a
 * form's token) is found by the page's structure, never by searching
 * for text that a post body could contain too.
 */
struct tval	*tv_hole(struct arena *, const char *fill, size_t len);
enum tval_kind	 tv_kind(const struct tval *);
/* Append v to a TV_LIST. */
void		 tv_push(struct tval *list, struct tval *v);
/* Set key in a TV_OBJ (a later set of the same key wins). */
void		 tv_set(struct tval *obj, const char *key, struct tval *v);
/* Look a key up in a TV_OBJ (no dotted names); NULL if absent. */
struct tval	*tv_get(const struct tval *obj, const char *key);

/* Shorthands on a TV_OBJ, allocating from the object's arena. */
void		 tmpl_set_text(struct tval *obj, const char *key, const char *s);
void		 tmpl_set_html(struct tval *obj, const char *key,
		    const struct html *);
void		 tmpl_set_bool(struct tval *obj, const char *key, int);
void		 tmpl_set_int(struct tval *obj, const char *key, long long);
/* printf into a text value. */
void		 tmpl_set_textf(struct tval *obj, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Make a new TV_OBJ / TV_LIST under key and return it. */
struct tval	*tmpl_set_obj(struct tval *obj, const char *key);
struct tval	*tmpl_set_list(struct tval *obj, const char *key);
/* Append a new TV_OBJ to a TV_LIST and return it. */
struct tval	*tmpl_list_obj(struct tval *list);

/*
 * A template set: named templates, parsed once (per worker), that may
 * refer to each other as partials ({{>name}}) and parents ({{<name}}).
 */
struct tmpl_set;

/*
 * A new empty set, strict; free with tmpl_set_free. Never NULL (aborts
 * on OOM).
 */
struct tmpl_set	*tmpl_set_new(void);
void		 tmpl_set_free(struct tmpl_set *);
/*
 * Strict mode: {{{x}}} and {{&x}} emit a value raw only if it is
 * TV_HTML; any other value is escaped anyway. On by default; only the
 * Mustache spec tests turn it off (the spec emits any value raw).
 */
void		 tmpl_set_strict(struct tmpl_set *, int);
/*
 * Parse text (len bytes, copied) as template `name', replacing any
 * template of that name. Returns 0, or -1 with a message in err
 * ("name:line: unclosed section 'x'").
 */
int		 tmpl_set_add(struct tmpl_set *, const char *name,
		    const char *text, size_t len, char *err, size_t errsz);
/*
 * The catalog that tmpl_set_load_dir translates with (kept, not copied;
 * NULL: English). Files mark a message as {{#_}}Leave a Reply{{/_}}: the
 * text between is the msgid, template source with any markup and tags,
 * and its translation replaces the whole when the file is loaded.
 */
void		 tmpl_set_lang(struct tmpl_set *, const struct i18n *);
/*
 * Add every *.mustache file in DIR, named by its file name without the
 * extension. Returns the number loaded, or -1 with a message in err.
 */
int		 tmpl_set_load_dir(struct tmpl_set *, const char *dir,
		    char *err, size_t errsz);
/* Whether a template of that name exists. */
int		 tmpl_has(const struct tmpl_set *, const char *name);
/*
 * Render template `name' with ctx (usually a TV_OBJ) appended to out.
 * Missing partials and missing names render as empty (the spec's rule).
 * A template whose text starts with "<?xml" (the Atom feed) is XML:
 * every value it shows, {{{x}}} and partials' values included, goes
 * through esc_xml, so the output is well-formed whatever the data.
 * Returns 0, or -1 if no template has that name.
 */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct tval *ctx, struct buf *out);
/*
 * tmpl_render, and *hole set to the offset in out of the first TV_HOLE
 * rendered, or -1 if none was (or if one was rendered twice: a hole
 * whose place is not certain is no hole).
 */
int		 tmpl_render_hole(const struct tmpl_set *, const char *name,
		    const struct tval *ctx, struct buf *out, long *hole);

#endif
