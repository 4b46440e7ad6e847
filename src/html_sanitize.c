/* html_sanitize.c: HTML from authors and imports made safe to serve, by an allow list. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "html.h"
#include "html_sanitize.h"
#include "html_token.h"

#define DEPTH_MAX	256	/* open elements kept */

/* -- the lists --------------------------------------------------------------- */

/* Elements kept (each with its attributes, below). */
static const char *const elements[] = { "a", "abbr", "address", "article",
	"aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption",
	"cite", "code", "col", "colgroup", "dd", "del", "details", "dfn",
	"div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
	"h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
	"p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp",
	"section", "small", "source", "span", "strong", "sub", "summary",
	"sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
	"track", "u", "ul", "var", "video", "wbr", NULL };
/* Kept elements without an end tag. */
static const char *const void_elems[] = { "br", "col", "hr", "img",
	"source", "track", "wbr", NULL };
/* Removed with everything inside them: their content is script, style,
   another language's markup, raw text, or form controls' values. */
static const char *const drop_all[] = { "script", "style", "iframe",
	"object", "applet", "noembed", "noframes", "frameset", "template",
	"xmp", "title", "textarea", "select", "datalist", "svg", "math",
	NULL };

/* Attributes on every kept element; class and id not in comments (a
   commenter's class="bypostauthor" would wear the author's badge). */
static const char *const attrs_global[] = { "title", "lang", "dir", NULL };
static const char *const attrs_author[] = { "class", "id", NULL };

static const char *const at_a[] = { "href", "hreflang", NULL };
static const char *const at_img[] = { "src", "srcset", "sizes", "alt",
	"width", "height", "loading", "decoding", NULL };
static const char *const at_source[] = { "src", "srcset", "sizes", "type",
	"media", "width", "height", NULL };
static const char *const at_media[] = { "src", "poster", "controls",
	"width", "height", "preload", "loop", "muted", "playsinline", NULL };
static const char *const at_track[] = { "src", "kind", "srclang", "label",
	"default", NULL };
static const char *const at_cite[] = { "cite", NULL };
static const char *const at_edit[] = { "cite", "datetime", NULL };
static const char *const at_time[] = { "datetime", NULL };
static const char *const at_ol[] = { "start", "reversed", "type", NULL };
static const char *const at_li[] = { "value", NULL };
static const char *const at_cell[] = { "colspan", "rowspan", "headers",
	"scope", NULL };
static const char *const at_col[] = { "span", NULL };
static const char *const at_details[] = { "open", NULL };

static const struct {
	const char		*el;
	const char *const	*attrs;
} el_attrs[] = {
	{ "a", at_a }, { "img", at_img }, { "source", at_source },
	{ "video", at_media }, { "audio", at_media }, { "track", at_track },
	{ "blockquote", at_cite }, { "q", at_cite }, { "del", at_edit },
	{ "ins", at_edit }, { "time", at_time }, { "ol", at_ol },
	{ "li", at_li }, { "td", at_cell }, { "th", at_cell },
	{ "col", at_col }, { "colgroup", at_col }, { "details", at_details },
	{ NULL, NULL }
};

/* Attributes holding one URL; srcset holds several. */
static const char *const url_attrs[] = { "href", "src", "cite", "poster",
	NULL };
static const char *const url_schemes[] = { "http", "https", "mailto", "ftp",
	"tel", NULL };
/* A start tag of these closes an open <p> (in button scope). */
static const char *const closes_p[] = { "address", "article", "aside",
	"blockquote", "details", "div", "dl", "figcaption", "figure", "h1",
	"h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "section",
	"summary", "table", "ul", "li", "dd", "dt", NULL };

/* -- attributes -------------------------------------------------------------- */

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
			return html_in_list(url_schemes, scheme);
		}
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (k < sizeof(scheme))
			scheme[k] = (char)html_lower(c);
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
		while (i < n && (html_is_space((unsigned char)s[i]) || s[i] == ','))
			i++;
		start = i;
		while (i < n && !html_is_space((unsigned char)s[i]) && s[i] != ',')
			i++;
		if (i > start && !url_ok(s + start, i - start))
			return 0;
		while (i < n && s[i] != ',')
			i++;
	}
	return 1;
}

/* The attribute's name, lower case, into name; 0 if it is malformed. */
static int
attr_name(const struct html_attr *a, char *name)
{
	size_t	 i;

	if (a->namelen == 0 || a->namelen >= HTML_NAME_LEN)
		return 0;
	for (i = 0; i < a->namelen; i++) {
		name[i] = (char)html_lower((unsigned char)a->name[i]);
		if (!html_is_alnum((unsigned char)name[i]) && name[i] != '-')
			return 0;
	}
	name[i] = '\0';
	return 1;
}

/* Is attribute name kept on element el? */
static int
attr_allowed(const char *el, const char *name, int comment)
{
	int	 i;

	if (html_in_list(attrs_global, name) ||
	    (!comment && html_in_list(attrs_author, name)))
		return 1;
	for (i = 0; el_attrs[i].el != NULL; i++)
		if (strcmp(el_attrs[i].el, el) == 0)
			return html_in_list(el_attrs[i].attrs, name);
	return 0;
}

/* Is the decoded value v of the allowed attribute name safe? */
static int
value_ok(const char *name, const char *v, size_t n)
{
	if (html_in_list(url_attrs, name))
		return url_ok(v, n);
	if (strcmp(name, "srcset") == 0)
		return srcset_ok(v, n);
	return 1;
}

/* -- the sanitizer ----------------------------------------------------------- */

struct san {
	struct buf			*out;
	struct html_sanitize_counts	*removed;
	int				 comment;
	int				 depth;
	char				 stack[DEPTH_MAX][HTML_NAME_LEN];
};

/* Copy a start tag's allowed attributes, each once, re-quoted. */
static void
put_attrs(struct san *z, const char *s, const struct html_tag *t)
{
	struct html_attr	 a;
	struct buf		 val = { 0 }, seen = { 0 };
	char			 name[HTML_NAME_LEN + 2];
	size_t			 i = t->attrs;

	buf_putc(&seen, ' ');
	while (html_tok_attr(s, t->len, &i, &a) == 1) {
		buf_reset(&val);
		html_tok_decode(&val, a.val ? a.val : "", a.vallen);
		if (!attr_name(&a, name + 1) ||
		    !attr_allowed(t->name, name + 1, z->comment) ||
		    !value_ok(name + 1, val.p ? val.p : "", val.len)) {
			if (z->removed != NULL)
				z->removed->attributes++;
			continue;
		}
		/* The first of a repeated attribute is the one that counts. */
		name[0] = ' ';
		(void)strcat(name, " ");
		if (strstr(buf_str(&seen), name) != NULL)
			continue;
		buf_puts(&seen, name + 1);
		name[strlen(name) - 1] = '\0';
		buf_puts(z->out, name);
		if (a.has_val) {
			buf_puts(z->out, "=\"");
			esc_html_attr(z->out, val.p ? val.p : "", val.len);
			buf_putc(z->out, '"');
		}
	}
	buf_free(&val);
	buf_free(&seen);
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
		if (stop != NULL && html_in_list(stop, z->stack[i]))
			return -1;
	}
	return -1;
}

/* The end tags a parser implies before start tag name. */
static void
implied_ends(struct san *z, const char *name)
{
	static const char *const scope[] = { "table", "td", "th", "caption",
	    NULL };
	static const char *const list[] = { "ul", "ol", "table", "td", "th",
	    NULL };
	static const char *const dl[] = { "dl", "table", "td", "th", NULL };
	static const char *const table[] = { "table", NULL };
	static const char *const row[] = { "tr", "table", NULL };
	int	 i;

	if (html_in_list(closes_p, name) && (i = open_at(z, "p", scope)) >= 0)
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
}

static void
start_tag(struct san *z, const char *s, const struct html_tag *t)
{
	int	 is_void = html_in_list(void_elems, t->name);

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
		memcpy(z->stack[z->depth++], t->name, HTML_NAME_LEN);
}

static void
end_tag(struct san *z, const struct html_tag *t)
{
	int	 i;

	if ((i = open_at(z, t->name, NULL)) >= 0)
		close_to(z, i);
}

/* One tag at s (t read by html_tok_scan); returns where to go on from,
   past the element's content if it is dropped with it. */
static size_t
tag(struct san *z, const char *s, size_t n, const struct html_tag *t)
{
	if (t->name[0] != '\0' && html_in_list(elements, t->name)) {
		if (t->close)
			end_tag(z, t);
		else
			start_tag(z, s, t);
		return t->len;
	}
	if (!t->close && t->name[0] != '\0' && z->removed != NULL)
		z->removed->elements++;
	if (!t->close && t->name[0] != '\0' && html_in_list(drop_all, t->name))
		return html_tok_skip_element(s, n, t->len, t->name);
	return t->len;
}

void
html_sanitize(struct buf *out, const char *s, size_t n, int comment,
    struct html_sanitize_counts *removed)
{
	struct san		*z;
	struct html_tag		 t;
	size_t			 i = 0, start = 0;
	enum html_tok		 k;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		abort();
	z->out = out;
	z->removed = removed;
	z->comment = comment;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		buf_add(out, s + start, i - start);
		k = html_tok_scan(s + i, n - i, &t);
		if (k == HTML_TOK_TEXT) {
			buf_puts(out, "&lt;");
			start = ++i;
			continue;
		}
		if (k == HTML_TOK_SKIP)
			i += t.len;
		else
			i += tag(z, s + i, n - i, &t);
		start = i;
	}
	buf_add(out, s + start, n - start);
	close_to(z, 0);
	free(z);
}

const struct html *
html_sanitized(struct arena *a, const char *s, size_t n, int comment)
{
	struct buf	 b = { 0 };
	char		*out;
	size_t		 len;

	html_sanitize(&b, s, n, comment, NULL);
	len = b.len;
	out = arena_strndup(a, buf_str(&b), len);
	buf_free(&b);
	return html_trust(a, out, len);
}
