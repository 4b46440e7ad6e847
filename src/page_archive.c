/* page_archive.c: yearly and monthly archives. */
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db_post.h"
#include "http.h"
#include "i18n.h"
#include "pages.h"
#include "url.h"
#include "worker.h"

/* Local midnight of y-m-d in the site's zone, or -1. */
static int64_t
local_start(int y, int m)
{
	char	 s[32];
	int64_t	 t;

	(void)snprintf(s, sizeof(s), "%04d-%02d-01", y, m);
	if (date_parse_iso(s, &t) == -1)
		return -1;
	return t;
}

static int
archive(struct req *r, struct resp *resp, int y, int m)
{
	struct page_list	 l = { 0 };
	struct buf		 b = { 0 };
	int64_t			 from, to;

	from = local_start(y, m ? m : 1);
	to = m == 0 ? local_start(y + 1, 1) :
	    local_start(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	if (from == -1 || to == -1)
		return 404;
	l.kind = LIST_RANGE;
	l.a = from;
	l.b = to;
	if (m == 0) {
		url_year(&b, y);
		l.heading_prefix = arena_printf(r->arena, "%s ",
		    _(&r->w->lang, "Yearly Archives:"));
		l.heading = arena_printf(r->arena, "%d", y);
	} else {
		url_month(&b, y, m);
		l.heading_prefix = arena_printf(r->arena, "%s ",
		    _(&r->w->lang, "Monthly Archives:"));
		l.heading = arena_printf(r->arena, "%s %d",
		    date_month(&r->w->dates, m), y);
	}
	l.title = arena_printf(r->arena, "%s%s", l.heading_prefix, l.heading);
	l.base = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	l.tmpl = "archive";
	return page_list_show(r, resp, &l);
}

/*
 * GET /YYYY/ and /YYYY/page/N/: "Yearly Archives: YYYY".
 * 200; 404 when the year has no posts or past the last page.
 */
int
page_archive_year(struct req *r, struct resp *resp)
{
	return archive(r, resp, (int)r->num[0], 0);
}

/*
 * GET /YYYY/MM/ and /YYYY/MM/page/N/: "Monthly Archives: May 2024".
 * 200; 404 when the month has no posts or past the last page.
 */
int
page_archive_month(struct req *r, struct resp *resp)
{
	return archive(r, resp, (int)r->num[0], (int)r->num[1]);
}
