/* wxr_media.c: WordPress uploads in imported HTML: old upload URLs, [gallery], photos in place of <img>. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "html_token.h"
#include "markdown.h"
#include "media.h"
#include "urlenc.h"
#include "wxr_media.h"

#define GALLERY_MAX	200	/* photos in one [gallery] */

/* -- upload paths ----------------------------------------------------------- */

static int
ends_with(const char *s, size_t n, const char *w)
{
	size_t	 wn = strlen(w);

	return n >= wn && memcmp(s + n - wn, w, wn) == 0;
}

const char *
wxr_upload_path(struct arena *a, const char *url)
{
	const char	*p, *host, *h;
	char		*dec;
	size_t		 n, hn;

	if ((p = strstr(url, "/wp-content/uploads/")) != NULL)
		p += sizeof("/wp-content/uploads/") - 1;
	else {
		/* https://NAME.files.wordpress.com/2019/05/x.jpg */
		if ((host = strstr(url, "://")) == NULL)
			return NULL;
		host += 3;
		hn = strcspn(host, "/?#");
		for (h = host; h < host + hn && *h != '@'; h++)
			continue;
		if (h < host + hn)
			return NULL;	/* user@host: not WordPress's */
		if (!ends_with(host, hn, ".files.wordpress.com") ||
		    host[hn] != '/')
			return NULL;
		p = host + hn + 1;
	}
	n = strcspn(p, "?#");
	if (n == 0 || path_decode(a, p, n, &dec) == -1 || *dec == '/' ||
	    strchr(dec, '\\') != NULL || strstr(dec, "//") != NULL)
		return NULL;
	/* Multisite: uploads/sites/N/2019/05/x.jpg is the site's own. */
	if (strncmp(dec, "sites/", 6) == 0 && dec[6] >= '0' && dec[6] <= '9') {
		for (p = dec + 6; *p >= '0' && *p <= '9'; p++)
			continue;
		if (*p == '/' && p[1] != '\0')
			dec += p + 1 - dec;
	}
	return dec[strlen(dec) - 1] == '/' ? NULL : dec;
}

/* The digits at s (at least min, at most max): how many, or 0. */
static size_t
digits(const char *s, size_t min, size_t max)
{
	size_t	 i;

	for (i = 0; i < max && s[i] >= '0' && s[i] <= '9'; i++)
		continue;
	return i >= min ? i : 0;
}

/* The length of a size-variant suffix that starts at s and ends at e
   (s[0] is '-'), or 0. */
static size_t
variant(const char *s, const char *e)
{
	size_t	 n = (size_t)(e - s), d, k;

	if ((n == 7 && memcmp(s, "-scaled", 7) == 0) ||
	    (n == 8 && memcmp(s, "-rotated", 8) == 0))
		return n;
	if (s[1] == 'e' && (d = digits(s + 2, 10, 13)) > 0 && 2 + d == n)
		return n;
	if ((d = digits(s + 1, 1, 5)) == 0 || s[1 + d] != 'x')
		return 0;
	if ((k = digits(s + 2 + d, 1, 5)) == 0)
		return 0;
	k += 2 + d;
	if (k == n)
		return n;
	if (n == k + 3 && s[k] == '@' && s[k + 1] >= '1' && s[k + 1] <= '9' &&
	    s[k + 2] == 'x')
		return n;
	return 0;
}

int
wxr_upload_strip(char *path)
{
	char	*base, *dot, *dash;

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		return 0;
	for (dash = dot - 1; dash > base && *dash != '-'; dash--)
		continue;
	if (dash == base || variant(dash, dot) == 0)
		return 0;
	memmove(dash, dot, strlen(dot) + 1);
	return 1;
}

int
wxr_upload_width(const char *path)
{
	const char	*base, *dot, *dash;
	size_t		 d;

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL)
		return 0;
	for (dash = dot - 1; dash > base && *dash != '-'; dash--)
		continue;
	if (dash == base || variant(dash, dot) == 0 ||
	    (d = digits(dash + 1, 1, 5)) == 0 || dash[1 + d] != 'x')
		return 0;
	return atoi(dash + 1);
}

const char *
wxr_file_type(const char *name)
{
	static const char *const types[][2] = {
		{ "pdf", "application/pdf" }, { "mp3", "audio/mpeg" },
		{ "m4a", "audio/mp4" }, { "ogg", "audio/ogg" },
		{ "oga", "audio/ogg" }, { "wav", "audio/wav" },
		{ "flac", "audio/flac" }, { "mp4", "video/mp4" },
		{ "m4v", "video/mp4" }, { "mov", "video/quicktime" },
		{ "webm", "video/webm" }, { "ogv", "video/ogg" },
		{ "txt", "text/plain; charset=utf-8" }, { "csv", "text/csv" },
		{ "zip", "application/zip" }, { "epub", "application/epub+zip" },
		{ "doc", "application/msword" },
		{ "docx", "application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document" },
		{ "xls", "application/vnd.ms-excel" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet" },
		{ "ppt", "application/vnd.ms-powerpoint" },
		{ "pptx", "application/vnd.openxmlformats-officedocument."
		    "presentationml.presentation" },
		{ "odt", "application/vnd.oasis.opendocument.text" },
		{ "ods", "application/vnd.oasis.opendocument.spreadsheet" },
		{ "odp", "application/vnd.oasis.opendocument.presentation" },
	};
	const char	*dot = strrchr(name, '.');
	size_t		 i, k;
	char		 ext[8];

	if (dot == NULL || strchr(dot, '/') != NULL || strlen(dot + 1) >=
	    sizeof(ext))
		return "application/octet-stream";
	for (k = 0; dot[1 + k] != '\0'; k++)
		ext[k] = (char)html_lower((unsigned char)dot[1 + k]);
	ext[k] = '\0';
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(ext, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* -- galleries ----------------------------------------------------------- */

/* The value of key in a shortcode's attribute text, into *v, *vn: 1, or
   0 if it has none. */
static int
sc_value(const char *s, size_t n, const char *key, const char **v,
    size_t *vn)
{
	size_t	 i = 0, kn = strlen(key), ks;
	char	 q;

	while (i < n) {
		while (i < n && html_is_space((unsigned char)s[i]))
			i++;
		ks = i;
		while (i < n && !html_is_space((unsigned char)s[i]) &&
		    s[i] != '=')
			i++;
		if (i >= n || s[i] != '=') {
			while (i < n && !html_is_space((unsigned char)s[i]))
				i++;
			continue;
		}
		i++;
		*v = s + i;
		if (i < n && (s[i] == '"' || s[i] == '\'' ||
		    (unsigned char)s[i] == 0xe2)) {
			/* "x", 'x', or WordPress's curly quotes (3 bytes) */
			if ((unsigned char)s[i] == 0xe2) {
				q = 0;
				i += i + 3 <= n ? 3 : 1;
			} else
				q = s[i++];
			*v = s + i;
			while (i < n && (q ? s[i] != q :
			    (unsigned char)s[i] != 0xe2))
				i++;
			*vn = (size_t)(s + i - *v);
			i += q ? 1 : 3;
		} else {
			while (i < n && !html_is_space((unsigned char)s[i]))
				i++;
			*vn = (size_t)(s + i - *v);
		}
		if (i - ks > kn && memcmp(s + ks, key, kn) == 0 &&
		    s[ks + kn] == '=')
			return 1;
	}
	return 0;
}

/* Split v[0..n) at commas into ids (digits only), in the arena: how many. */
static int
id_list(struct arena *a, const char *v, size_t n, const char **ids, int max)
{
	size_t	 i = 0, s;
	int	 k = 0;

	while (i < n && k < max) {
		while (i < n && (v[i] < '0' || v[i] > '9'))
			i++;
		s = i;
		while (i < n && v[i] >= '0' && v[i] <= '9')
			i++;
		if (i > s)
			ids[k++] = arena_strndup(a, v + s, i - s);
	}
	return k;
}

static int
in_list(const char **ids, int n, const char *id)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

/* The ids a [gallery] shows, into ids (GALLERY_MAX): how many. */
static int
gallery_ids(const char *at, size_t an, struct wxr_media *md,
    const char **ids)
{
	const char	*v, **all, *ex[GALLERY_MAX];
	size_t		 vn;
	int		 n, k = 0, nex = 0, i;

	if ((sc_value(at, an, "ids", &v, &vn) ||
	    sc_value(at, an, "include", &v, &vn)) && vn > 0)
		return id_list(md->a, v, vn, ids, GALLERY_MAX);
	if (md->attached == NULL)
		return 0;
	if (sc_value(at, an, "exclude", &v, &vn))
		nex = id_list(md->a, v, vn, ex, GALLERY_MAX);
	n = md->attached(md->arg, md->a, &all);
	for (i = 0; i < n && k < GALLERY_MAX; i++)
		if (!in_list(ex, nex, all[i]))
			ids[k++] = all[i];
	return k;
}

/* One photo of a grid of cols columns: md_picture's <picture>, its
   sizes made the cell's (about 800 px / cols; two columns on phones). */
static void
put_cell(struct buf *out, const struct media *m, const char *href, int cols)
{
	static const char	 full[] = "sizes=\"(max-width: 800px) 100vw, "
	    "800px\"";
	struct buf		 b = { 0 };
	const char		*p, *q;

	md_picture(&b, m, m->alt, href, 0);
	for (q = buf_str(&b); (p = strstr(q, full)) != NULL;
	    q = p + sizeof(full) - 1) {
		buf_add(out, q, (size_t)(p - q));
		buf_printf(out, "sizes=\"(max-width: 40rem) %dvw, %dpx\"",
		    cols == 1 ? 100 : 50, 800 / cols);
	}
	buf_puts(out, q);
	buf_free(&b);
}

void
wxr_media_gallery(struct buf *out, const char *at, size_t an,
    struct wxr_media *md)
{
	const char		*ids[GALLERY_MAX], *v, *href;
	struct wxr_found	 f;
	size_t			 vn, start = out->len;
	int			 n, i, cols = 3, link = 1, placed = 0;

	if (md == NULL || md->by_id == NULL) {
		if (md != NULL)
			md->dropped++;
		return;
	}
	n = gallery_ids(at, an, md, ids);
	if (sc_value(at, an, "columns", &v, &vn) && vn == 1 && *v >= '1' &&
	    *v <= '9')
		cols = *v - '0';
	if (sc_value(at, an, "link", &v, &vn) && vn == 4 &&
	    memcmp(v, "none", 4) == 0)
		link = 0;
	buf_printf(out, "<div class=\"gallery gallery-columns-%d%s\">", cols,
	    sc_value(at, an, "size", &v, &vn) && vn == 9 &&
	    memcmp(v, "thumbnail", 9) == 0 ? " gallery-size-thumbnail" : "");
	for (i = 0; i < n; i++) {
		memset(&f, 0, sizeof(f));
		if (md->by_id(md->arg, md->a, ids[i], &f) != 1 || f.m.nv == 0)
			continue;
		href = link ? media_url(md->a, &f.m) : NULL;
		buf_puts(out, "<figure class=\"gallery-item\">");
		/* Lazy: the rewrite of the body, after, puts the first
		   photo that is not in a gallery. */
		put_cell(out, &f.m, href, cols);
		if (*f.m.caption != '\0') {
			buf_puts(out, "<figcaption>");
			esc_html_text(out, f.m.caption, strlen(f.m.caption));
			buf_puts(out, "</figcaption>");
		}
		buf_puts(out, "</figure>");
		placed++;
	}
	if (placed == 0) {
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
		md->dropped++;
		return;
	}
	buf_puts(out, "</div>");
	md->galleries++;
}

/* -- references in HTML --------------------------------------------------- */

/* What an old URL (raw attribute text, references not decoded) names:
   1 and *f, or 0. */
static int
lookup(struct wxr_media *md, const char *raw, size_t n, struct wxr_found *f)
{
	struct buf	 u = { 0 };
	int		 rc = 0;

	memset(f, 0, sizeof(*f));
	html_tok_decode(&u, raw, n);
	while (u.len > 0 && html_is_space((unsigned char)u.p[u.len - 1]))
		u.p[--u.len] = '\0';
	if (u.len > 0 && md->by_url != NULL)
		rc = md->by_url(md->arg, md->a, buf_str(&u), f);
	buf_free(&u);
	return rc;
}

/* The new URL for what f names. */
static const char *
new_url(struct wxr_media *md, const struct wxr_found *f)
{
	return f->m.nv > 0 ? media_url(md->a, &f->m) : f->url;
}

/* A srcset's URLs mapped (the descriptors kept), appended to out as an
   attribute value (escaped). */
static void
put_srcset(struct buf *out, struct wxr_media *md, const char *v, size_t n)
{
	struct wxr_found	 f;
	const char		*url;
	size_t			 i = 0, s, e;
	int			 first = 1;

	while (i < n) {
		while (i < n && (html_is_space((unsigned char)v[i]) ||
		    v[i] == ','))
			i++;
		if (i >= n)
			break;
		s = i;
		while (i < n && !html_is_space((unsigned char)v[i]) &&
		    v[i] != ',')
			i++;
		e = i;
		while (i < n && v[i] != ',')
			i++;
		if (!first)
			buf_puts(out, ", ");
		first = 0;
		if (lookup(md, v + s, e - s, &f) && (url = new_url(md,
		    &f)) != NULL) {
			esc_html_attr(out, url, strlen(url));
			buf_add(out, v + e, i - e);
		} else
			buf_add(out, v + s, i - s);
	}
}

/* An attribute's raw value re-quoted into out. */
static void
put_raw(struct buf *out, const struct html_attr *at)
{
	char	 q = memchr(at->val, '"', at->vallen) ? '\'' : '"';

	buf_putc(out, q);
	buf_add(out, at->val, at->vallen);
	buf_putc(out, q);
}

/* The tag at s (its attributes from t->attrs) again, with URLs that name
   a stored photo or file pointing to it. A replaced href: its old URL
   (decoded) in *old and the new one in *nw, else NULLs. */
static void
put_tag(struct buf *out, const char *s, const struct html_tag *t,
    struct wxr_media *md, const char **old, const char **nw)
{
	struct html_attr	 at;
	struct wxr_found	 f;
	struct buf		 d = { 0 };
	const char		*url;
	size_t			 i = t->attrs;

	*old = *nw = NULL;
	buf_putc(out, '<');
	buf_puts(out, t->name);
	while (html_tok_attr(s, t->len, &i, &at) == 1) {
		buf_putc(out, ' ');
		buf_add(out, at.name, at.namelen);
		if (!at.has_val)
			continue;
		buf_putc(out, '=');
		if (at.namelen == 6 && html_starts_ci(at.name, 6, "srcset")) {
			buf_putc(out, '"');
			put_srcset(out, md, at.val, at.vallen);
			buf_putc(out, '"');
			continue;
		}
		if (((at.namelen == 4 && html_starts_ci(at.name, 4, "href")) ||
		    (at.namelen == 3 && html_starts_ci(at.name, 3, "src")) ||
		    (at.namelen == 6 && html_starts_ci(at.name, 6, "poster"))) &&
		    lookup(md, at.val, at.vallen, &f) &&
		    (url = new_url(md, &f)) != NULL) {
			if (at.namelen == 4) {
				html_tok_decode(&d, at.val, at.vallen);
				*old = arena_strdup(md->a, buf_str(&d));
				*nw = url;
				buf_free(&d);
			}
			buf_putc(out, '"');
			esc_html_attr(out, url, strlen(url));
			buf_putc(out, '"');
			continue;
		}
		put_raw(out, &at);
	}
	buf_putc(out, '>');
}

/* The attribute name's raw value in the tag, or NULL. */
static const char *
attr(struct arena *a, const char *s, const struct html_tag *t,
    const char *name)
{
	struct html_attr	 at;
	struct buf		 b = { 0 };
	const char		*r;
	size_t			 i = t->attrs, n = strlen(name);

	while (html_tok_attr(s, t->len, &i, &at) == 1)
		if (at.namelen == n && html_starts_ci(at.name, n, name) &&
		    at.has_val) {
			html_tok_decode(&b, at.val, at.vallen);
			r = arena_strdup(a, buf_str(&b));
			buf_free(&b);
			return r;
		}
	return NULL;
}

/* The photo a "wp-image-N" class names: 1 and *f, or 0. */
static int
by_class(struct wxr_media *md, const char *cls, struct wxr_found *f)
{
	const char	*p;
	size_t		 d;

	memset(f, 0, sizeof(*f));
	for (p = cls; p != NULL && (p = strstr(p, "wp-image-")) != NULL;
	    p += 9) {
		if (p != cls && !html_is_space((unsigned char)p[-1]))
			continue;
		d = digits(p + 9, 1, 19);
		if (d == 0 || (p[9 + d] != '\0' &&
		    !html_is_space((unsigned char)p[9 + d])))
			continue;
		return md->by_id != NULL && md->by_id(md->arg, md->a,
		    arena_strndup(md->a, p + 9, d), f) == 1 && f->m.nv > 0;
	}
	return 0;
}

/* An <img> at s: its photo's <picture>, or the tag with its URLs mapped. */
static void
put_img(struct buf *out, const char *s, const struct html_tag *t,
    struct wxr_media *md, int in_link)
{
	struct wxr_found	 f;
	const char		*src, *alt, *cls;

	src = attr(md->a, s, t, "src");
	cls = attr(md->a, s, t, "class");
	if (!by_class(md, cls, &f) && (src == NULL ||
	    !lookup(md, src, strlen(src), &f) || f.m.nv == 0)) {
		put_tag(out, s, t, md, &src, &alt);
		return;
	}
	if ((alt = attr(md->a, s, t, "alt")) == NULL || *alt == '\0')
		alt = f.m.alt;
	md_picture(out, &f.m, alt, in_link ? NULL : media_url(md->a, &f.m),
	    md->placed++ == 0);
}

/* A "<!-- wp:cover {...} -->" comment: the photo its "id" or "url"
   names, 1 and *f, or 0. */
static int
cover(struct wxr_media *md, const char *s, size_t n, struct wxr_found *f)
{
	const char	*p, *e;
	size_t		 d;

	if (n < 14 || memcmp(s, "<!-- wp:cover ", 14) != 0)
		return 0;
	e = s + n;
	for (p = s; p + 5 < e && memcmp(p, "\"id\":", 5) != 0; p++)
		continue;
	if (p + 5 < e && (d = digits(p + 5, 1, 19)) > 0 && md->by_id != NULL &&
	    md->by_id(md->arg, md->a, arena_strndup(md->a, p + 5, d), f) &&
	    f->m.nv > 0)
		return 1;
	for (p = s; p + 7 < e && memcmp(p, "\"url\":\"", 7) != 0; p++)
		continue;
	if (p + 7 >= e)
		return 0;
	for (d = 0; p + 7 + d < e && p[7 + d] != '"'; d++)
		continue;
	return lookup(md, p + 7, d, f) && f->m.nv > 0;
}

/*
 * The text s[0..n) of a link whose href was old: if it is that old URL
 * written out (as WordPress's [audio] and plain links have it), the new
 * file's name instead. 1 if it was replaced.
 */
static int
link_text(struct buf *out, struct wxr_media *md, const char *s, size_t n,
    const char *old, const char *nw)
{
	struct buf	 d = { 0 };
	const char	*base;
	int		 same;

	html_tok_decode(&d, s, n);
	while (d.len > 0 && html_is_space((unsigned char)d.p[d.len - 1]))
		d.p[--d.len] = '\0';
	same = d.len > 0 && strcmp(buf_str(&d) + strspn(buf_str(&d),
	    " \t\r\n"), old) == 0;
	buf_free(&d);
	(void)md;
	if (!same)
		return 0;
	base = strrchr(nw, '/') ? strrchr(nw, '/') + 1 : nw;
	esc_html_text(out, base, strlen(base));
	return 1;
}

void
wxr_media_rewrite(struct buf *out, const char *s, size_t n,
    struct wxr_media *md)
{
	struct html_tag		 t;
	struct wxr_found	 cf;
	enum html_tok		 k;
	const char		*old = NULL, *nw = NULL;
	size_t			 i = 0, start = 0, e;
	int			 in_link = 0, pending = 0;

	if (md == NULL) {
		buf_add(out, s, n);
		return;
	}
	while (i < n) {
		if (s[i] != '<' || (k = html_tok_scan(s + i, n - i, &t)) ==
		    HTML_TOK_TEXT) {
			i++;
			continue;
		}
		buf_add(out, s + start, i - start);
		if (k == HTML_TOK_SKIP) {
			if (cover(md, s + i, t.len, &cf))
				pending = 1;
			buf_add(out, s + i, t.len);
		} else if (t.close || t.name[0] == '\0') {
			if (strcmp(t.name, "a") == 0 && in_link > 0)
				in_link--;
			buf_add(out, s + i, t.len);
		} else if (strcmp(t.name, "img") == 0)
			put_img(out, s + i, &t, md, in_link);
		else {
			if (strcmp(t.name, "a") == 0)
				in_link++;
			put_tag(out, s + i, &t, md, &old, &nw);
			if (pending && strcmp(t.name, "div") == 0) {
				md_picture(out, &cf.m, cf.m.alt, NULL,
				    md->placed++ == 0);
				pending = 0;
			}
		}
		i += t.len;
		start = i;
		if (old != NULL && strcmp(t.name, "a") == 0) {
			for (e = i; e < n && s[e] != '<'; e++)
				continue;
			if (link_text(out, md, s + i, e - i, old, nw))
				start = i = e;
		}
		old = NULL;
	}
	buf_add(out, s + start, n - start);
}
