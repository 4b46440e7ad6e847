/* page_chrome.c: the menu, the sidebar's blocks, the site icon and logo
   and the extra CSS that the layout shows around every themed page, as
   arranged at /admin/appearance. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db_appearance.h"
#include "db_comment.h"
#include "db_media.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "media.h"
#include "model.h"
#include "page_chrome.h"
#include "urlenc.h"
#include "template.h"
#include "url.h"
#include "worker.h"

#define RECENT_POSTS	5
#define RECENT_COMMENTS	5
#define TOP_TAGS	12
#define ARCHIVE_MONTHS	12

/* Every word this file shows a reader, in one place. */
#define T_HOME		N_("Home")
#define T_TAGS		N_("Tags")
#define T_ON		N_("{author} on {title}")
#define T_NO_TITLE	N_("(no title)")
#define TR(r, s)	_(&(r)->w->lang, (s))

static void
menu_add(struct req *r, struct tval *list, const char *label,
    const char *url)
{
	struct tval	*o;

	o = tmpl_list_obj(list);
	tmpl_set_text(o, "label", label);
	tmpl_set_text(o, "url", url);
	tmpl_set_bool(o, "current", strcmp(r->path, url) == 0);
}

const char *
page_chrome_menu_url(struct req *r, const struct menu_item *m)
{
	struct post	 p = { 0 };

	if (strcmp(m->kind, "home") == 0)
		return "/";
	if (strcmp(m->kind, "page") == 0) {
		if (*m->page_slug == '\0')
			return NULL;
		p.type = "page";
		p.slug = m->page_slug;
		return url_post_a(r->arena, &p);
	}
	if (strcmp(m->kind, "tag") == 0)
		return *m->tag_slug == '\0' ? NULL :
		    url_tag_a(r->arena, m->tag_slug);
	if (strcmp(m->kind, "archive") == 0)
		return arena_printf(r->arena, "/%s/", m->target);
	return m->target;
}

/* The stored menu, or when there is none the default one: Home, every
   published page, Tags. */
static int
menu(struct req *r, struct tval *ctx)
{
	struct menu_item	*m;
	struct post		*p;
	struct tval		*list;
	const char		*url;
	int			 n, i;

	if (db_appearance_menu(&r->w->db, r->arena, &m, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "menu");
	for (i = 0; i < n; i++)
		if ((url = page_chrome_menu_url(r, &m[i])) != NULL) {
			menu_add(r, list, m[i].label, url);
			tmpl_set_bool(ctx, "has_menu", 1);
		}
	if (n > 0)
		return 0;
	tmpl_set_bool(ctx, "has_menu", 1);
	menu_add(r, list, TR(r, T_HOME), "/");
	if (db_post_pages(&r->w->db, r->arena, &p, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		p[i].type = "page";
		menu_add(r, list, p[i].title, url_post_a(r->arena, &p[i]));
	}
	menu_add(r, list, TR(r, T_TAGS), "/tags/");
	return 0;
}

static int
recent_posts(struct req *r, struct tval *o)
{
	struct post	*p;
	struct tval	*list, *e;
	int		 n, i;

	if (db_post_recent(&r->w->db, r->arena, RECENT_POSTS, &p, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	list = tmpl_set_list(tmpl_set_obj(o, "recent_posts"), "items");
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		p[i].type = "post";
		tmpl_set_text(e, "title", *p[i].title ? p[i].title :
		    TR(r, T_NO_TITLE));
		tmpl_set_text(e, "url", url_post_a(r->arena, &p[i]));
	}
	return 0;
}

static int
recent_comments(struct req *r, struct tval *o)
{
	struct comment	*c;
	struct post	 p = { 0 };
	struct tval	*list, *e;
	int		 n, i;

	if (db_comment_recent(&r->w->db, r->arena, 0, RECENT_COMMENTS, &c,
	    &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	list = tmpl_set_list(tmpl_set_obj(o, "recent_comments"), "items");
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		p.id = c[i].post_id;
		p.type = c[i].post_type;
		p.slug = c[i].post_slug;
		p.published = c[i].post_published;
		tmpl_set_text(e, "text", i18n_format(r->arena, TR(r, T_ON),
		    "author", c[i].author_name, "title", *c[i].post_title ?
		    c[i].post_title : TR(r, T_NO_TITLE), NULL));
		tmpl_set_text(e, "url", url_comment_a(r->arena, &p, c[i].id));
	}
	return 0;
}

static int
tags(struct req *r, struct tval *o)
{
	struct tag	*t;
	struct tval	*list, *e;
	int		 n, i, max = 1;

	if (db_tag_top(&r->w->db, r->arena, TOP_TAGS, &t, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	list = tmpl_set_list(tmpl_set_obj(o, "tags"), "items");
	for (i = 0; i < n; i++)
		if (t[i].post_count > max)
			max = t[i].post_count;
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		tmpl_set_text(e, "name", t[i].name);
		tmpl_set_text(e, "url", url_tag_a(r->arena, t[i].slug));
		tmpl_set_int(e, "count", t[i].post_count);
		/* Five sizes, by share of the most used tag. */
		tmpl_set_int(e, "size", 1 + (4 * t[i].post_count) / max);
	}
	return 0;
}

static int
archives(struct req *r, struct tval *o)
{
	struct archive_month	*m;
	struct tval		*list, *e;
	struct buf		 b = { 0 };
	int			 n, i;

	if (db_appearance_months(&r->w->db, r->arena, ARCHIVE_MONTHS, &m,
	    &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	list = tmpl_set_list(tmpl_set_obj(o, "archives"), "items");
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		buf_reset(&b);
		url_month(&b, m[i].year, m[i].month);
		tmpl_set_text(e, "url", arena_strdup(r->arena, buf_str(&b)));
		tmpl_set_text(e, "name", arena_printf(r->arena, "%s %d",
		    date_month(&r->w->dates, m[i].month), m[i].year));
		tmpl_set_int(e, "count", m[i].count);
	}
	buf_free(&b);
	return 0;
}

/* The blocks that are on, in order; a block with nothing to show (no
   posts yet) is left out. */
static int
sidebar(struct req *r, struct tval *ctx)
{
	static const char *const kinds[] = { "search", "recent_posts",
	    "recent_comments", "tags", "archives", "text", NULL };
	struct sidebar_block	*b;
	struct tval		*list, *o, *t;
	int			 n, i, k, rc, shown = 0;

	if (db_appearance_blocks(&r->w->db, r->arena, &b, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "sidebar");
	for (i = 0; i < n; i++) {
		if (!b[i].enabled)
			continue;
		o = tv_obj(r->arena);
		rc = 0;
		if (strcmp(b[i].kind, "search") == 0)
			tmpl_set_bool(o, "search", 1);
		else if (strcmp(b[i].kind, "recent_posts") == 0)
			rc = recent_posts(r, o);
		else if (strcmp(b[i].kind, "recent_comments") == 0)
			rc = recent_comments(r, o);
		else if (strcmp(b[i].kind, "tags") == 0)
			rc = tags(r, o);
		else if (strcmp(b[i].kind, "archives") == 0)
			rc = archives(r, o);
		else if (strcmp(b[i].kind, "text") == 0 &&
		    (*b[i].title != '\0' || *b[i].body_html != '\0')) {
			t = tmpl_set_obj(o, "text");
			tmpl_set_bool(t, "has_title", *b[i].title != '\0');
			tmpl_set_text(t, "title", b[i].title);
			tmpl_set_html(t, "body", html_stored(r->arena,
			    b[i].body_html));
		}
		if (rc == -1)
			return -1;
		if (tv_get(o, b[i].kind) == NULL)
			continue;
		/* No kind's section may find a value further up. */
		for (k = 0; kinds[k] != NULL; k++)
			if (tv_get(o, kinds[k]) == NULL)
				tmpl_set_bool(o, kinds[k], 0);
		tv_push(list, o);
		shown++;
	}
	tmpl_set_bool(ctx, "has_sidebar", shown > 0);
	return 0;
}

/* The narrowest variant of photo m in one of the formats (in order of
   preference) at least `min' px wide, else the widest; NULL if none. */
static const struct media_variant *
variant(const struct media *m, const char *const *formats, int min)
{
	const struct media_variant	*best = NULL;
	int				 i, f;

	for (f = 0; formats[f] != NULL && best == NULL; f++)
		for (i = 0; i < m->nv; i++) {
			if (strcmp(m->v[i].format, formats[f]) != 0)
				continue;
			if (best == NULL || (best->width < min &&
			    m->v[i].width > best->width) ||
			    (m->v[i].width >= min && m->v[i].width <
			    best->width))
				best = &m->v[i];
		}
	return best;
}

static int
photos(struct req *r, struct tval *ctx, const struct appearance *ap)
{
	static const char *const icon_formats[] = { "png", "gif", "jpeg",
	    NULL };
	static const char *const logo_formats[] = { "png", "jpeg", "gif",
	    "webp", NULL };
	const struct media_variant	*v;
	struct media			 m;
	struct tval			*o;
	int				 rc;

	if (ap->icon_id > 0 && (rc = db_media_get(&r->w->db, r->arena,
	    ap->icon_id, &m)) != 0) {
		if (rc == -1)
			return -1;
		if ((v = variant(&m, icon_formats, 64)) != NULL) {
			o = tmpl_set_obj(ctx, "icon");
			tmpl_set_text(o, "src", arena_printf(r->arena,
			    "/media/%s", v->file));
			tmpl_set_text(o, "type", strcmp(v->format, "jpeg") == 0 ?
			    "image/jpeg" : arena_printf(r->arena, "image/%s",
			    v->format));
		}
	}
	if (ap->logo_id > 0 && (rc = db_media_get(&r->w->db, r->arena,
	    ap->logo_id, &m)) != 0) {
		if (rc == -1)
			return -1;
		if ((v = variant(&m, logo_formats, 480)) != NULL) {
			o = tmpl_set_obj(ctx, "logo");
			tmpl_set_text(o, "src", arena_printf(r->arena,
			    "/media/%s", v->file));
			tmpl_set_int(o, "width", v->width);
			tmpl_set_int(o, "height", v->height);
			tmpl_set_text(o, "alt", *m.alt ? m.alt :
			    r->w->site.title);
		}
	}
	return 0;
}

int
page_chrome(struct req *r, struct tval *ctx)
{
	struct appearance	 ap;

	if (menu(r, ctx) == -1 || sidebar(r, ctx) == -1 ||
	    db_appearance_get(&r->w->db, r->arena, &ap) == -1 ||
	    photos(r, ctx, &ap) == -1)
		return -1;
	if (*ap.css != '\0')
		tmpl_set_text(ctx, "custom_css", arena_printf(r->arena,
		    "/custom.css?v=%s", ap.css_hash));
	return 0;
}

/*
 * GET /custom.css[?v=HASH]: the extra CSS (text/css; charset=utf-8).
 * 200; a year's cache when HASH is the CSS's own, else revalidated.
 */
int
page_chrome_css(struct req *r, struct resp *resp)
{
	struct appearance	 ap;
	const char		*v;

	if (db_appearance_get(&r->w->db, r->arena, &ap) == -1)
		return 500;
	buf_add(resp->body, ap.css, strlen(ap.css));
	resp->content_type = "text/css; charset=utf-8";
	v = kv_get(r->query, "v");
	if (v != NULL && *ap.css_hash != '\0' && strcmp(v, ap.css_hash) == 0)
		resp->cache = CACHE_FOREVER;
	else {
		resp->cache = CACHE_REVALIDATE;
		resp->last_modified = r->w->site.modified;
	}
	return 200;
}
