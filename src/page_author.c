/* page_author.c: author archives with the author's bio. */
#include <string.h>

#include "arena.h"
#include "db_post.h"
#include "db_user.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "url.h"
#include "worker.h"

/*
 * GET /author/LOGIN/ and /author/LOGIN/page/N/: "Author Archives: NAME",
 * the bio, and the author's posts. 200; 404 for an unknown author or
 * past the last page.
 */
int
page_author_show(struct req *r, struct resp *resp)
{
	struct page_list	 l = { 0 };
	struct user		 u;
	int			 rc;

	rc = db_user_by_login(&r->w->db, r->arena, r->arg[0], &u);
	if (rc == -1)
		return 500;
	if (rc == 0)
		return 404;
	l.kind = LIST_AUTHOR;
	l.a = u.id;
	l.base = url_author_a(r->arena, u.login);
	l.heading_prefix = arena_printf(r->arena, "%s ",
	    _(&r->w->lang, "Author Archives:"));
	l.title = arena_printf(r->arena, "%s%s", l.heading_prefix, u.name);
	l.heading = u.name;
	if (*u.bio_html != '\0')
		l.description = html_stored(r->arena, u.bio_html);
	l.tmpl = "archive";
	l.empty_ok = 1;
	return page_list_show(r, resp, &l);
}
