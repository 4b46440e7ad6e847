/* page.c: what every themed page shows: site, navigation, sidebar,
   post summaries and paging links. */
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db_media.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "http.h"
#include "media.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

#define SIDEBAR_RECENT	5
#define SIDEBAR_TAGS	12

static char *
fmt(struct arena *a, void (*f)(struct buf *, int64_t), int64_t t)
{
	struct buf	 b = { 0 };
	char		*s;

	f(&b, t);
	s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static int
sidebar(struct req *r, struct tval *ctx)
{
	struct worker	*w = r->w;
	struct post	*p;
	struct tag	*t;
	struct tval	*list, *o;
	char		*url;
	int		 n, i, max = 1;

	if (db_post_pages(&w->db, r->arena, &p, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "nav");
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		p[i].type = "page";
		url = url_post_a(r->arena, &p[i]);
		tmpl_set_text(o, "title", p[i].title);
		tmpl_set_text(o, "url", url);
		if (strcmp(r->uri, url) == 0)
			tmpl_set_bool(o, "current", 1);
	}
	if (db_post_recent(&w->db, r->arena, SIDEBAR_RECENT, &p, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "recent");
	if (n > 0)
		tmpl_set_bool(ctx, "has_recent", 1);
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		p[i].type = "post";
		tmpl_set_text(o, "title", p[i].title);
		tmpl_set_text(o, "url", url_post_a(r->arena, &p[i]));
	}
	if (db_tag_top(&w->db, r->arena, SIDEBAR_TAGS, &t, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "top_tags");
	if (n > 0)
		tmpl_set_bool(ctx, "has_top_tags", 1);
	for (i = 0; i < n; i++)
		if (t[i].post_count > max)
			max = t[i].post_count;
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_text(o, "name", t[i].name);
		tmpl_set_text(o, "url", url_tag_a(r->arena, t[i].slug));
		tmpl_set_int(o, "count", t[i].post_count);
		/* Five sizes, by share of the most used tag. */
		tmpl_set_int(o, "size", 1 + (4 * t[i].post_count) / max);
	}
	return 0;
}

/* Canonical link, description, OpenGraph, feed autodiscovery. */
static void
head_meta(struct req *r, struct tval *ctx, const char *title)
{
	struct worker	*w = r->w;
	size_t		 n;

	n = strcspn(r->uri, "?");
	tmpl_set_text(ctx, "canonical", arena_printf(r->arena, "%s%.*s",
	    w->site.base_url, (int)n, r->uri));
	tmpl_set_text(ctx, "og_title", title != NULL && *title != '\0' ?
	    title : w->site.title);
	tmpl_set_text(ctx, "og_type", "website");
	tv_set(ctx, "meta_description", *w->site.description ?
	    tv_text(r->arena, w->site.description) : tv_null(r->arena));
	page_feed_link(r, ctx, w->site.title, "/feed/");
	page_feed_link(r, ctx, arena_printf(r->arena, "%s \xc2\xbb Comments "
	    "Feed", w->site.title), "/comments/feed/");
}

void
page_feed_link(struct req *r, struct tval *ctx, const char *title,
    const char *url)
{
	struct tval	*list, *o;

	(void)r;
	if ((list = tv_get(ctx, "feeds")) == NULL)
		list = tmpl_set_list(ctx, "feeds");
	o = tmpl_list_obj(list);
	tmpl_set_text(o, "title", title);
	tmpl_set_text(o, "url", url);
}

struct tval *
page_ctx(struct req *r, struct resp *resp, const char *title)
{
	struct worker	*w = r->w;
	struct tval	*ctx, *site;
	struct tm	 tm;

	(void)resp;
	ctx = tv_obj(r->arena);
	site = tmpl_set_obj(ctx, "site");
	tmpl_set_text(site, "title", w->site.title);
	if (*w->site.description != '\0')
		tmpl_set_text(site, "description", w->site.description);
	tmpl_set_text(site, "url", w->site.base_url);
	if (date_local(r->now, &tm) == 0)
		tmpl_set_int(site, "year", tm.tm_year + 1900);
	if (title != NULL && *title != '\0') {
		tmpl_set_text(ctx, "page_title", title);
		tmpl_set_text(ctx, "head_title", arena_printf(r->arena,
		    "%s \xe2\x80\x93 %s", title, w->site.title));
	} else
		tmpl_set_text(ctx, "head_title", w->site.title);
	if (strcmp(r->path, "/") == 0)
		tmpl_set_bool(ctx, "is_home", 1);
	head_meta(r, ctx, title);
	if (sidebar(r, ctx) == -1)
		return NULL;
	return ctx;
}

/* A post's tags as a list of {name, url}. */
static int
post_tags(struct req *r, struct tval *o, int64_t id)
{
	struct tag	*t;
	struct tval	*list, *to;
	int		 n, i;

	if (db_tag_of_post(&r->w->db, r->arena, id, &t, &n) == -1)
		return -1;
	tmpl_set_bool(o, "has_tags", n > 0);
	if (n == 0)
		return 0;
	tmpl_set_bool(o, "has_tags", 1);
	list = tmpl_set_list(o, "tags");
	for (i = 0; i < n; i++) {
		to = tmpl_list_obj(list);
		tmpl_set_text(to, "name", t[i].name);
		tmpl_set_text(to, "url", url_tag_a(r->arena, t[i].slug));
		if (i + 1 < n)
			tmpl_set_bool(to, "sep", 1);
	}
	return 0;
}

/* Fields every post shows: title, links, dates, author, counts. */
int
page_post_fields(struct req *r, struct tval *o, const struct post *p)
{
	char	*url;

	url = url_post_a(r->arena, p);
	tmpl_set_int(o, "id", p->id);
	tmpl_set_text(o, "title", *p->title ? p->title : "(no title)");
	tmpl_set_text(o, "url", url);
	tmpl_set_text(o, "date", fmt(r->arena, date_fmt_long, p->published));
	tmpl_set_text(o, "date_iso", fmt(r->arena, date_fmt_iso,
	    p->published));
	tmpl_set_text(o, "author", p->author_name);
	tmpl_set_text(o, "author_url", url_author_a(r->arena,
	    p->author_login));
	tmpl_set_int(o, "comment_count", p->comment_count);
	tmpl_set_text(o, "comments_url", url_comments_a(r->arena, p));
	if (p->comment_count == 0)
		tmpl_set_text(o, "comments_label", "Leave a comment");
	else if (p->comment_count == 1)
		tmpl_set_text(o, "comments_label", "1 Comment");
	else
		tmpl_set_textf(o, "comments_label", "%d Comments",
		    p->comment_count);
	if (strcmp(p->type, "page") == 0)
		tmpl_set_bool(o, "is_page", 1);
	return post_tags(r, o, p->id);
}

int
page_first_photo(struct req *r, const char *html, struct media *m)
{
	const char	*s;

	if ((s = strstr(html, "\"/media/")) == NULL)
		return 0;
	return db_media_by_url(&r->w->db, r->arena, arena_strndup(r->arena,
	    s + 1, strcspn(s + 1, "\" ")), m) == 1 && m->nv > 0;
}

int
page_post_photo(struct req *r, const struct post *p, struct media *m)
{
	if (p->featured_id > 0 && db_media_get(&r->w->db, r->arena,
	    p->featured_id, m) == 1 && m->nv > 0)
		return 1;
	return page_first_photo(r, p->body_html, m);
}

/* A summary's thumbnail: the post's first photo, about 480 px wide. */
static void
thumbnail(struct req *r, struct tval *o, const struct post *p)
{
	const struct media_variant	*v = NULL, *w;
	struct media			 m;
	struct tval			*t;
	int				 i;

	if (!page_post_photo(r, p, &m) ||
	    ((w = media_widest(&m, "jpeg")) == NULL &&
	    (w = media_widest(&m, "png")) == NULL &&
	    (w = media_widest(&m, "gif")) == NULL))
		return;
	for (i = 0; i < m.nv; i++)	/* the narrowest in w's format */
		if (strcmp(m.v[i].format, w->format) == 0 &&
		    (v == NULL || m.v[i].width < v->width))
			v = &m.v[i];
	t = tmpl_set_obj(o, "thumb");
	tmpl_set_text(t, "src", arena_printf(r->arena, "/media/%s", v->file));
	tmpl_set_int(t, "width", v->width);
	tmpl_set_int(t, "height", v->height);
	v = NULL;
	for (i = 0; i < m.nv; i++)
		if (strcmp(m.v[i].format, "webp") == 0 &&
		    (v == NULL || m.v[i].width < v->width))
			v = &m.v[i];
	if (v != NULL)
		tmpl_set_text(t, "webp", arena_printf(r->arena, "/media/%s",
		    v->file));
}

int
page_posts(struct req *r, struct tval *list, const struct post *p, int n,
    int full)
{
	struct tval	*o;
	int		 i;

	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		if (page_post_fields(r, o, &p[i]) == -1)
			return -1;
		if (full)
			tmpl_set_html(o, "body", html_scrollers(r->arena,
			    p[i].body_html, strlen(p[i].body_html)));
		else {
			tmpl_set_text(o, "summary", *p[i].excerpt ?
			    p[i].excerpt : p[i].summary);
			thumbnail(r, o, &p[i]);
		}
	}
	return 0;
}

void
page_paging(struct req *r, struct tval *ctx, const char *base, int page,
    int pages)
{
	struct tval	*pg;
	struct buf	 b = { 0 };

	if (pages <= 1)
		return;
	pg = tmpl_set_obj(ctx, "paging");
	tmpl_set_int(pg, "page", page);
	tmpl_set_int(pg, "pages", pages);
	if (page < pages) {
		url_paged(&b, base, page + 1);
		tmpl_set_text(pg, "older", arena_strdup(r->arena, buf_str(&b)));
		buf_reset(&b);
	}
	if (page > 1) {
		url_paged(&b, base, page - 1);
		tmpl_set_text(pg, "newer", arena_strdup(r->arena, buf_str(&b)));
	}
	buf_free(&b);
}

int
page_number(const struct req *r)
{
	return r->page > 0 ? r->page : 1;
}

int
page_count(long long items, int per_page)
{
	if (items <= 0 || per_page <= 0)
		return 1;
	return (int)((items + per_page - 1) / per_page);
}

int
page_list_show(struct req *r, struct resp *resp, const struct page_list *l)
{
	struct worker	*w = r->w;
	struct post	*p;
	struct tval	*ctx;
	int64_t		 total;
	int		 page, pages, n;

	page = page_number(r);
	if (r->page == 1) {		/* /page/1/ is the list itself */
		resp->location = l->base;
		return 301;
	}
	if (!pagecache_count_get(&w->cache, l->kind, l->a, l->b, &total)) {
		if ((total = db_post_count(&w->db, l->kind, l->a, l->b)) < 0)
			return 500;
		pagecache_count_put(&w->cache, l->kind, l->a, l->b, total);
	}
	pages = page_count(total, w->site.per_page);
	if (page > pages || (total == 0 && !l->empty_ok))
		return 404;
	if (db_post_list(&w->db, r->arena, l->kind, l->a, l->b,
	    w->site.per_page, (page - 1) * w->site.per_page, &p, &n) == -1)
		return 500;
	/* "Page 2 - Test Blog", not the site name twice. */
	ctx = page_ctx(r, resp, page == 1 ? l->title : l->title == NULL ?
	    arena_printf(r->arena, "Page %d", page) : arena_printf(r->arena,
	    "%s \xe2\x80\x93 Page %d", l->title, page));
	if (ctx == NULL)
		return 500;
	if (l->feed != NULL)
		page_feed_link(r, ctx, l->feed_title, l->feed);
	if (l->heading != NULL)
		tmpl_set_text(ctx, "heading", l->heading);
	if (l->heading_prefix != NULL)
		tmpl_set_text(ctx, "heading_prefix", l->heading_prefix);
	if (l->description != NULL)
		tmpl_set_html(ctx, "description", l->description);
	if (page_posts(r, tmpl_set_list(ctx, "posts"), p, n, l->full) == -1)
		return 500;
	page_paging(r, ctx, l->base, page, pages);
	resp->last_modified = w->site.modified;
	resp->ctx = ctx;
	resp->tmpl = l->tmpl;
	resp->cache = CACHE_REVALIDATE;
	return 200;
}
