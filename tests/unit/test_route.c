/* test_route.c: the route table matches what DESIGN.md lists. */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "http.h"
#include "pages.h"
#include "route.h"

static const struct route *
m(struct arena *a, struct req *r, enum http_method meth, const char *path,
    unsigned *allow)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->method = meth;
	r->path = path;
	return route_match(r, allow);
}

int
main(void)
{
	struct check		 c = { 0 };
	struct arena		 a = { 0 };
	struct req		 r;
	const struct route	*rt;
	unsigned		 allow;
	char			 buf[64];

	rt = m(&a, &r, METHOD_GET, "/", &allow);
	CHECK(&c, rt && rt->handler == page_home_show, "/ is the home page");
	rt = m(&a, &r, METHOD_GET, "/page/3/", &allow);
	CHECK(&c, rt && rt->handler == page_home_show && r.page == 3,
	    "/page/3/ is home page 3");
	rt = m(&a, &r, METHOD_GET, "/page/0/", &allow);
	CHECK(&c, rt == NULL || rt->handler != page_home_show,
	    "/page/0/ is not a home page");
	rt = m(&a, &r, METHOD_GET, "/page/007/", &allow);
	CHECK(&c, rt == NULL || rt->handler != page_home_show,
	    "/page/007/ (leading zeros) is not a home page");
	rt = m(&a, &r, METHOD_GET, "/page/99999999999999999999/", &allow);
	CHECK(&c, rt == NULL || rt->handler != page_home_show,
	    "an overflowing page number is not a home page");
	rt = m(&a, &r, METHOD_GET, "/2024/05/hello-world/", &allow);
	CHECK(&c, rt && rt->handler == page_post_show && r.num[0] == 2024 &&
	    r.num[1] == 5 && strcmp(r.arg[0], "hello-world") == 0,
	    "/2024/05/hello-world/ is a post");
	rt = m(&a, &r, METHOD_GET, "/2024/13/x/", &allow);
	CHECK(&c, rt == NULL || rt->handler != page_post_show,
	    "month 13 is not a post URL");
	rt = m(&a, &r, METHOD_GET, "/2024/", &allow);
	CHECK(&c, rt && rt->handler == page_archive_year && r.page == 0,
	    "/2024/ is a year archive");
	rt = m(&a, &r, METHOD_GET, "/2024/page/2/", &allow);
	CHECK(&c, rt && rt->handler == page_archive_year && r.page == 2 &&
	    r.num[0] == 2024, "/2024/page/2/ is page 2 of the year");
	rt = m(&a, &r, METHOD_GET, "/2024/05/", &allow);
	CHECK(&c, rt && rt->handler == page_archive_month,
	    "/2024/05/ is a month archive");
	rt = m(&a, &r, METHOD_GET, "/2024/05/page/2/", &allow);
	CHECK(&c, rt && rt->handler == page_archive_month && r.page == 2,
	    "/2024/05/page/2/ is page 2 of the month");
	rt = m(&a, &r, METHOD_GET, "/tag/ims/", &allow);
	CHECK(&c, rt && rt->handler == page_tag_show &&
	    strcmp(r.arg[0], "ims") == 0, "/tag/ims/ is a tag archive");
	rt = m(&a, &r, METHOD_GET, "/tag/ims/page/2/", &allow);
	CHECK(&c, rt && rt->handler == page_tag_show && r.page == 2,
	    "/tag/ims/page/2/ is page 2 of a tag");
	rt = m(&a, &r, METHOD_GET, "/tags/", &allow);
	CHECK(&c, rt && rt->handler == page_tag_index, "/tags/ lists tags");
	rt = m(&a, &r, METHOD_GET, "/author/ada/", &allow);
	CHECK(&c, rt && rt->handler == page_author_show,
	    "/author/ada/ is an author archive");
	rt = m(&a, &r, METHOD_GET, "/about/", &allow);
	CHECK(&c, rt && rt->handler == page_post_page, "/about/ is a page");
	rt = m(&a, &r, METHOD_GET, "/about", &allow);
	CHECK(&c, rt == NULL && allow == 0, "/about matches nothing");
	CHECK(&c, route_path_exists("/about/"), "but /about/ exists");
	rt = m(&a, &r, METHOD_HEAD, "/tags/", &allow);
	CHECK(&c, rt && rt->handler == page_tag_index,
	    "HEAD goes where GET goes");
	rt = m(&a, &r, METHOD_POST, "/tags/", &allow);
	route_allow(allow, buf, sizeof(buf));
	CHECK(&c, rt == NULL && strcmp(buf, "GET, HEAD") == 0,
	    "POST /tags/ is refused; Allow: %s", buf);
	rt = m(&a, &r, METHOD_GET, "//", &allow);
	CHECK(&c, rt == NULL, "an empty segment matches nothing");
	rt = m(&a, &r, METHOD_GET, "/a/b/c/d/e/", &allow);
	CHECK(&c, rt == NULL && allow == 0, "/a/b/c/d/e/ matches nothing");
	arena_free(&a);
	return check_done(&c);
}
