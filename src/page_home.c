/* page_home.c: the home page and its further pages. */
#include "db_post.h"
#include "http.h"
#include "pages.h"

/*
 * GET / and /page/N/: the newest posts in full, posts_per_page a page.
 * 200; 404 past the last page.
 */
int
page_home_show(struct req *r, struct resp *resp)
{
	struct page_list	 l = { 0 };

	l.kind = LIST_HOME;
	l.base = "/";
	l.tmpl = "home";
	l.full = 1;
	l.empty_ok = 1;
	return page_list_show(r, resp, &l);
}
