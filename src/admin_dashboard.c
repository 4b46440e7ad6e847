/* admin_dashboard.c: the admin's first page, /admin/: what needs
   attention (held comments, drafts), the counts, the recent comments. */
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_admin.h"
#include "db_comment.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

#define DASH_LIST	5	/* held comments, drafts on the dashboard */

static const char *const post_statuses[] = { "published", "draft",
    "scheduled", "pending", "private", "trash", NULL };

/* The newest approved comments on public posts, with their posts. */
static void
recent_comments(struct req *r, struct tval *ctx)
{
	struct comment	*c;
	struct tval	*list, *o;
	struct post	 p = { 0 };
	struct buf	 b = { 0 };
	int		 n, i;

	if (db_comment_recent(&r->w->db, r->arena, 0, 5, &c, &n) == -1)
		return;
	list = tmpl_set_list(ctx, "recent_comments");
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		p.type = c[i].post_type;
		p.slug = c[i].post_slug;
		p.published = c[i].post_published;
		tmpl_set_text(o, "author", c[i].author_name);
		tmpl_set_text(o, "post_title", *c[i].post_title ?
		    c[i].post_title : "(no title)");
		tmpl_set_text(o, "url", url_comment_a(r->arena, &p,
		    c[i].id));
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    c[i].created);
		tmpl_set_text(o, "date", arena_strdup(r->arena, buf_str(&b)));
	}
	buf_free(&b);
}

/* The drafts this user may edit, last changed first: how many, or -1. */
static int
recent_drafts(struct req *r, struct tval *ctx, int limit)
{
	struct tval	*list, *o;
	struct post	*p;
	struct buf	 b = { 0 };
	int		 i, n;

	list = tmpl_set_list(ctx, "drafts");
	if (db_admin_drafts(&r->w->db, r->arena, admin_author_of(r), limit, &p,
	    &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "id", p[i].id);
		tmpl_set_bool(o, "is_page", strcmp(p[i].type, "page") == 0);
		tmpl_set_text(o, "title", *p[i].title ? p[i].title :
		    "(no title)");
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    p[i].updated);
		tmpl_set_text(o, "changed", arena_strdup(r->arena,
		    buf_str(&b)));
	}
	buf_free(&b);
	return n;
}

/*
 * GET /admin/: what needs attention (the newest comments awaiting
 * moderation, with the queue's buttons, and the last changed drafts,
 * DASH_LIST of each, with links to the full lists), the counts, and the
 * recent comments. An author sees only what they may moderate or edit.
 * 200.
 */
int
admin_dashboard(struct req *r, struct resp *resp)
{
	struct tval	*ctx, *pc;
	int		 held, drafts;

	if ((ctx = admin_ctx(r, resp, N_("Dashboard"), "dashboard",
	    "admin_dashboard")) == NULL)
		return 500;
	pc = tmpl_set_obj(ctx, "post_counts");
	if (admin_status_counts(r, db_admin_post_counts, pc, post_statuses) < 0)
		return 500;
	if ((held = admin_comments_list(r, ctx, "pending", COMMENT_PENDING,
	    DASH_LIST)) < 0 || (drafts = recent_drafts(r, ctx, DASH_LIST)) < 0)
		return 500;
	tmpl_set_bool(ctx, "has_pending", held > 0);
	tmpl_set_bool(ctx, "has_drafts", drafts > 0);
	recent_comments(r, ctx);
	page_email_dashboard(r, ctx);	/* mail waiting, and why */
	return 200;
}
