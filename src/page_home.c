/* page_home.c: the home page and its further pages, and the posts at
   /blog/ when a page is the front page. */
#include <string.h>

#include "arena.h"
#include "db_appearance.h"
#include "model.h"
#include "db_post.h"
#include "db_redirect.h"
#include "http.h"
#include "pages.h"
#include "url.h"
#include "urlenc.h"
#include "worker.h"

/*
 * The page chosen as the front page at /admin/appearance into *p, if
 * one is and it is published: 1, 0 (the latest posts then), -1.
 */
static int
front_page(struct req *r, struct post *p)
{
	struct appearance	 ap;
	int			 rc;

	if (db_appearance_get(&r->w->db, r->arena, &ap) == -1)
		return -1;
	if (ap.front_page == 0)
		return 0;
	if ((rc = db_post_by_id(&r->w->db, r->arena, ap.front_page, 0,
	    p)) != 1)
		return rc;
	return strcmp(p->type, "page") == 0 &&
	    strcmp(p->status, "published") == 0;
}

static int
posts(struct req *r, struct resp *resp, const char *base)
{
	struct page_list	 l = { 0 };

	l.kind = LIST_HOME;
	l.base = base;
	l.tmpl = "home";
	l.full = 1;
	l.empty_ok = 1;
	return page_list_show(r, resp, &l);
}

/*
 * GET / and /page/N/: the newest posts in full, posts_per_page a page.
 * 200; 404 past the last page. With a page chosen as the front page
 * (/admin/appearance): / shows that page, and /page/N/ is 301 to
 * /blog/page/N/. GET /?p=ID and /?page_id=ID, WordPress's own
 * permalinks, are 301 to the imported post when a redirect for them is
 * stored (quire import).
 */
int
page_home_show(struct req *r, struct resp *resp)
{
	struct post	 p;
	const char	*to;
	int		 rc;

	if ((kv_get(r->query, "p") != NULL ||
	    kv_get(r->query, "page_id") != NULL) &&
	    (to = db_redirect_get(&r->w->db, r->arena,
	    arena_printf(r->arena, "%s?%s", r->path, r->query_raw))) != NULL) {
		resp->location = to;
		return 301;
	}
	if ((rc = front_page(r, &p)) == -1)
		return 500;
	if (rc == 0)
		return posts(r, resp, "/");
	if (r->page > 0) {
		resp->location = arena_printf(r->arena, "/blog/page/%d/",
		    r->page);
		return 301;
	}
	return page_post_render(r, resp, &p, NULL, 200);
}

/*
 * GET /blog/ and /blog/page/N/: with a page chosen as the front page,
 * the newest posts as / shows them otherwise (404 past the last page).
 * Without one, /blog/ is the page with the slug "blog" if there is one
 * (404 if not), and /blog/page/N/ is 404.
 */
int
page_home_blog(struct req *r, struct resp *resp)
{
	struct post	 p;
	int		 rc;

	if ((rc = front_page(r, &p)) == -1)
		return 500;
	if (rc == 1)
		return posts(r, resp, "/blog/");
	if (r->page > 0)
		return 404;
	r->arg[0] = "blog";
	r->nargs = 1;
	return page_post_page(r, resp);
}
