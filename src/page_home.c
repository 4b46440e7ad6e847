/* page_home.c: the home page and its further pages. */
#include "arena.h"
#include "db_post.h"
#include "db_redirect.h"
#include "http.h"
#include "pages.h"
#include "urlenc.h"
#include "worker.h"

/*
 * GET / and /page/N/: the newest posts in full, posts_per_page a page.
 * 200; 404 past the last page. GET /?p=ID and /?page_id=ID, WordPress's
 * own permalinks, are 301 to the imported post when a redirect for
 * them is stored (quire import).
 */
int
page_home_show(struct req *r, struct resp *resp)
{
	struct page_list	 l = { 0 };
	const char		*to;

	if ((kv_get(r->query, "p") != NULL ||
	    kv_get(r->query, "page_id") != NULL) &&
	    (to = db_redirect_get(&r->w->db, r->arena,
	    arena_printf(r->arena, "%s?%s", r->path, r->query_raw))) != NULL) {
		resp->location = to;
		return 301;
	}
	l.kind = LIST_HOME;
	l.base = "/";
	l.tmpl = "home";
	l.full = 1;
	l.empty_ok = 1;
	return page_list_show(r, resp, &l);
}
