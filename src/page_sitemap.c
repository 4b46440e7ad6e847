/* page_sitemap.c: /sitemap.xml and /robots.txt for search engines. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_post.h"
#include "db_tag.h"
#include "esc.h"
#include "http.h"
#include "model.h"
#include "pages.h"
#include "url.h"
#include "worker.h"

static void
loc(struct buf *b, const char *base, const char *path, int64_t lastmod)
{
	buf_puts(b, "<url><loc>");
	esc_xml(b, base, strlen(base));
	esc_xml(b, path, strlen(path));
	buf_puts(b, "</loc>");
	if (lastmod > 0) {
		buf_puts(b, "<lastmod>");
		date_fmt_iso(b, lastmod);
		buf_puts(b, "</lastmod>");
	}
	buf_puts(b, "</url>\n");
}

/*
 * GET /sitemap.xml: the home page, every public post and page (with
 * lastmod) and every tag with posts. A tag's lastmod, and the home
 * page's, is the newest change of a post it lists. 200 application/xml.
 */
int
page_sitemap_show(struct req *r, struct resp *resp)
{
	struct worker	*w = r->w;
	struct buf	*b = resp->body, path = { 0 }, posts = { 0 };
	struct tag	*t, *pt;
	struct post	*p;
	int64_t		*tag_mod, home = 0;
	int		 n, np, i, j, k, npt;

	if (db_tag_all(&w->db, r->arena, &t, &n) == -1 ||
	    db_post_sitemap(&w->db, r->arena, &p, &np) == -1)
		return 500;
	tag_mod = arena_zalloc(r->arena, sizeof(*tag_mod) * (size_t)(n + 1));
	for (i = 0; i < np; i++) {
		buf_reset(&path);
		url_post(&path, p[i].type, p[i].slug, p[i].published);
		loc(&posts, w->site.base_url, buf_str(&path), p[i].updated);
		if (strcmp(p[i].type, "post") == 0 && p[i].updated > home)
			home = p[i].updated;
		if (db_tag_of_post(&w->db, r->arena, p[i].id, &pt, &npt) ==
		    -1) {
			buf_free(&path);
			buf_free(&posts);
			return 500;
		}
		for (j = 0; j < npt; j++)
			for (k = 0; k < n; k++)
				if (t[k].id == pt[j].id &&
				    tag_mod[k] < p[i].updated)
					tag_mod[k] = p[i].updated;
	}
	buf_free(&path);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	loc(b, w->site.base_url, "/", home);
	buf_add(b, buf_str(&posts), posts.len);
	buf_free(&posts);
	for (i = 0; i < n; i++)
		loc(b, w->site.base_url, url_tag_a(r->arena, t[i].slug),
		    tag_mod[i]);
	buf_puts(b, "</urlset>\n");
	resp->content_type = "application/xml; charset=utf-8";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = w->site.modified;
	return 200;
}

/*
 * GET /robots.txt: everything may be crawled but the admin area; where
 * the sitemap is. 200 text/plain.
 */
int
page_robots_show(struct req *r, struct resp *resp)
{
	buf_printf(resp->body, "User-agent: *\nDisallow: /admin/\n"
	    "Disallow: /comment\n\nSitemap: %s/sitemap.xml\n",
	    r->w->site.base_url);
	resp->content_type = "text/plain; charset=utf-8";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = r->w->site.modified;
	return 200;
}
