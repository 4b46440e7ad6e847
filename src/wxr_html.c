/* wxr_html.c: WordPress HTML made fit to serve: paragraphs, shortcodes (the sanitizing is html_sanitize.c's). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "html_sanitize.h"
#include "html_token.h"
#include "wxr_html.h"
#include "wxr_media.h"

/* -- characters ------------------------------------------------------------ */

/* Where the lower-case w starts in s[i, n), without case; or n. */
static size_t
find_ci(const char *s, size_t n, size_t i, const char *w)
{
	for (; i < n; i++)
		if (html_starts_ci(s + i, n - i, w))
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
		if (!html_is_space((unsigned char)p->s[i]))
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
	for (i = at; i > u->start && html_is_space((unsigned char)p->s[i - 1]); i--)
		continue;
	if (i == u->start) {
		for (j = k; j > 0 && blank(p, j - 1); j--)
			continue;
		if (j == 0 || p->u[j - 1].block || p->u[j - 1].br)
			return 0;
	}
	/* After it: not one of the tags wpautop keeps <br /> away from. */
	for (i = at + 1; i < u->end && html_is_space((unsigned char)p->s[i]); i++)
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
		while (html_is_space((unsigned char)p->s[p->u[a].start]))
			p->u[a].start++;
	if (p->u[b - 1].type == U_TEXT)
		while (html_is_space((unsigned char)p->s[p->u[b - 1].end - 1]))
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
		for (j = i + 1; j < end && html_is_space((unsigned char)p->s[j]) &&
		    p->s[j] != '\n'; j++)
			continue;
		if (j >= end || p->s[j] != '\n')
			continue;
		u.start = start;
		u.end = i;
		unit_add(p, &u);
		flush_segment(p);
		while (j < end && html_is_space((unsigned char)p->s[j]))
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
	struct html_tag	 t;
	size_t		 i, start = 0, n;
	enum html_tok	 k;

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
		    (k = html_tok_scan(p.s + i, n - i, &t)) == HTML_TOK_TEXT) {
			i++;
			continue;
		}
		add_text(&p, start, i);
		memset(&u, 0, sizeof(u));
		u.start = i;
		u.type = k == HTML_TOK_SKIP ? U_RAW : U_TAG;
		u.comment = k == HTML_TOK_SKIP;
		u.close = t.close;
		u.block = k == HTML_TOK_TAG && html_in_list(blocks, t.name);
		u.br = k == HTML_TOK_TAG && strcmp(t.name, "br") == 0;
		u.nobr = k == HTML_TOK_TAG && html_in_list(no_br_before, t.name);
		i += t.len;
		if (k == HTML_TOK_TAG && !t.close && html_in_list(raw, t.name)) {
			u.type = U_RAW;
			i = html_tok_skip_element(p.s, n, i, t.name);
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
		while (i < n && html_is_space((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		ks = i;
		named = 0;
		if (s[i] != '"' && s[i] != '\'') {
			while (i < n && !html_is_space((unsigned char)s[i]) &&
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
			while (i < n && !html_is_space((unsigned char)s[i]))
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

	html_tok_decode(&u, url, n);
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
		for (i = 0; i < cn && html_is_space((unsigned char)c[i]); i++)
			continue;
		if (html_starts_ci(c + i, cn - i, "<a ")) {
			if ((vn = find_ci(c, cn, i, "</a>")) < cn)
				img = vn + 4;
		} else if (html_starts_ci(c + i, cn - i, "<img")) {
			for (img = i; img < cn && c[img] != '>'; img++)
				continue;
			if (img < cn)
				img++;
		}
		cap = c + img;
		capn = cn - img;
		while (capn > 0 && html_is_space((unsigned char)*cap)) {
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
shortcode(struct buf *out, const char *s, size_t n, struct wxr_notes *notes,
    struct wxr_media *md)
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
	int			 made;

	i = 1;
	if (n > 1 && s[1] == '[')
		i = 2;
	for (k = 0; i < n && k < sizeof(name) - 1 &&
	    ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'); i++)
		name[k++] = s[i];
	name[k] = '\0';
	if (!html_in_list(known, name) || i >= n ||
	    (!html_is_space((unsigned char)s[i]) && s[i] != ']' && s[i] != '/'))
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
		    html_is_space((unsigned char)*v); v++, vn--)
			continue;
		while (vn > 0 && html_is_space((unsigned char)v[vn - 1]))
			vn--;
		put_link(out, v, vn);
		if (notes != NULL)
			notes->embed++;
		return close + strlen(name) + 3;
	}
	if (strcmp(name, "gallery") == 0) {
		made = md != NULL ? md->galleries : 0;
		wxr_media_gallery(out, at, an, md);
		if (notes != NULL && md != NULL && md->galleries > made)
			notes->gallery_made++;
		else if (notes != NULL)
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
		    (html_starts_ci(v, vn, "http://") ||
		    html_starts_ci(v, vn, "https://"))))
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
	if (!html_starts_ci(s + i, n - i, "http://") &&
	    !html_starts_ci(s + i, n - i, "https://"))
		return 0;
	*u = s + i;
	while (i < n && !html_is_space((unsigned char)s[i]) && s[i] != '<' &&
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

/* wxr_shortcodes, with [gallery] made from md's photos. */
static void
shortcodes(struct buf *out, const char *s, size_t n, struct wxr_notes *notes,
    struct wxr_media *md)
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
			if ((used = shortcode(out, s + i, n - i, notes,
			    md)) > 0) {
				start = i += used;
				continue;
			}
		}
		i++;
	}
	buf_add(out, s + start, n - start);
}

void
wxr_shortcodes(struct buf *out, const char *s, size_t n,
    struct wxr_notes *notes)
{
	shortcodes(out, s, n, notes, NULL);
}

/* -- together ---------------------------------------------------------------- */

void
wxr_html(struct buf *out, const char *s, size_t n, int comment,
    struct wxr_notes *notes)
{
	wxr_html_media(out, s, n, comment, notes, NULL);
}

void
wxr_html_media(struct buf *out, const char *s, size_t n, int comment,
    struct wxr_notes *notes, struct wxr_media *md)
{
	struct buf			 a = { 0 }, b = { 0 }, c = { 0 }, m = { 0 };
	struct html_sanitize_counts	 removed = { 0 };

	/* Sanitized before paragraphs are made (so a removed <script>
	   leaves no <br> behind) and after (to balance what autop did to
	   inline elements across blank lines; a second pass changes
	   nothing else). */
	shortcodes(&m, s, n, notes, md);
	wxr_media_rewrite(&a, buf_str(&m), m.len, md);
	html_sanitize(&b, buf_str(&a), a.len, comment, &removed);
	wxr_autop(&c, buf_str(&b), b.len);
	html_sanitize(out, buf_str(&c), c.len, comment, NULL);
	if (notes != NULL) {
		notes->elements += removed.elements;
		notes->attributes += removed.attributes;
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	buf_free(&m);
}

void
wxr_text(struct buf *out, const char *s, size_t n)
{
	struct buf	 d = { 0 };
	struct html_tag	 t;
	size_t		 i, used, base = out->len;
	unsigned char	 c;
	int		 space = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '<' && html_tok_scan(s + i, n - i, &t) != HTML_TOK_TEXT) {
			if (html_in_list(blocks, t.name) || strcmp(t.name, "br") == 0)
				buf_putc(&d, ' ');
			i += t.len - 1;
			continue;
		}
		if (s[i] == '&' && (used = html_tok_entity(&d, s + i, n - i)) > 0) {
			i += used - 1;
			continue;
		}
		buf_putc(&d, s[i]);
	}
	for (i = 0; i < d.len; i++) {
		c = (unsigned char)d.p[i];
		if (html_is_space(c) || c == '\v') {
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
