/* page_sitemap.c: /sitemap.xml and /robots.txt for search engines. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_post.h"
#include "db_tag.h"
#include "http.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

/* One <url> of the sitemap: a path under the base URL and the time of
   its last change (0: none shown). */
static void
url_item(struct req *r, struct tval *list, const char *path, int64_t lastmod)
{
	struct tval	*o;
	struct buf	 b = { 0 };

	o = tmpl_list_obj(list);
	tmpl_set_text(o, "path", path);
	if (lastmod > 0) {
		date_fmt_iso(&b, lastmod);
		tmpl_set_text(o, "lastmod", arena_strndup(r->arena, buf_str(&b),
		    b.len));
		buf_free(&b);
	} else
		tv_set(o, "lastmod", tv_null(r->arena));
}

/*
 * GET /sitemap.xml: the home page, every public post and page (with
 * lastmod) and every tag with posts. A tag's lastmod, and the home
 * page's, is the newest change of a post it lists. 200 application/xml
 * (templates/sitemap.mustache).
 */
int
page_sitemap_show(struct req *r, struct resp *resp)
{
	struct worker	*w = r->w;
	struct tval	*ctx, *list;
	struct tag	*t, *pt;
	struct post	*p;
	int64_t		*tag_mod, home = 0;
	int		 n, np, i, j, k, npt;

	if (db_tag_all(&w->db, r->arena, &t, &n) == -1 ||
	    db_post_sitemap(&w->db, r->arena, &p, &np) == -1)
		return 500;
	tag_mod = arena_zalloc(r->arena, sizeof(*tag_mod) * (size_t)(n + 1));
	for (i = 0; i < np; i++) {
		if (strcmp(p[i].type, "post") == 0 && p[i].updated > home)
			home = p[i].updated;
		if (db_tag_of_post(&w->db, r->arena, p[i].id, &pt, &npt) == -1)
			return 500;
		for (j = 0; j < npt; j++)
			for (k = 0; k < n; k++)
				if (t[k].id == pt[j].id &&
				    tag_mod[k] < p[i].updated)
					tag_mod[k] = p[i].updated;
	}
	ctx = tv_obj(r->arena);
	tmpl_set_text(ctx, "base", w->site.base_url);
	list = tmpl_set_list(ctx, "urls");
	url_item(r, list, "/", home);
	for (i = 0; i < np; i++)
		url_item(r, list, url_post_a(r->arena, &p[i]), p[i].updated);
	for (i = 0; i < n; i++)
		url_item(r, list, url_tag_a(r->arena, t[i].slug), tag_mod[i]);
	resp->ctx = ctx;
	resp->tmpl = "sitemap";
	resp->content_type = "application/xml; charset=utf-8";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = w->site.modified;
	return 200;
}

/*
 * GET /robots.txt: everything may be crawled but the admin area; where
 * the sitemap is. 200 text/plain (templates/robots.mustache).
 */
int
page_robots_show(struct req *r, struct resp *resp)
{
	struct tval	*ctx;

	ctx = tv_obj(r->arena);
	tmpl_set_text(ctx, "base", r->w->site.base_url);
	resp->ctx = ctx;
	resp->tmpl = "robots";
	resp->content_type = "text/plain; charset=utf-8";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = r->w->site.modified;
	return 200;
}
