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

/* How many of counts c (n of them) have status st. */
static int64_t
count_of(const struct admin_count *c, int n, const char *st)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].status, st) == 0)
			return c[i].n;
	return 0;
}

/* One "At a glance" line: text (a plural message for n) linking url. */
static void
glance_item(struct req *r, struct tval *list, const char *url,
    const char *text, int64_t n)
{
	struct tval	*o = tmpl_list_obj(list);

	tmpl_set_text(o, "url", url);
	tmpl_set_text(o, "text", i18n_format(r->arena, text, "n",
	    arena_printf(r->arena, "%lld", (long long)n), NULL));
}

/* The "glance" list: posts and comments by status, in plural forms.
   0, or -1 if the database failed. */
static int
glance(struct req *r, struct tval *ctx)
{
	const struct i18n	*l = &r->w->lang;
	struct admin_count	*pc, *cc;
	struct tval		*list;
	int64_t			 k;
	int			 np, nc;

	if (db_admin_post_counts(&r->w->db, r->arena, admin_author_of(r),
	    &pc, &np) == -1 || db_admin_comment_counts(&r->w->db, r->arena,
	    admin_author_of(r), &cc, &nc) == -1)
		return -1;
	list = tmpl_set_list(ctx, "glance");
	k = count_of(pc, np, "published");
	glance_item(r, list, "/admin/posts?status=published", _n(l,
	    "{n} published post", "{n} published posts", k), k);
	k = count_of(pc, np, "draft");
	glance_item(r, list, "/admin/posts?status=draft", _n(l, "{n} draft",
	    "{n} drafts", k), k);
	k = count_of(pc, np, "scheduled");
	glance_item(r, list, "/admin/posts?status=scheduled", _n(l,
	    "{n} scheduled post", "{n} scheduled posts", k), k);
	k = count_of(cc, nc, "pending");
	glance_item(r, list, "/admin/comments?status=pending", _n(l,
	    "{n} comment awaiting moderation", "{n} comments awaiting "
	    "moderation", k), k);
	k = count_of(cc, nc, "approved");
	glance_item(r, list, "/admin/comments?status=approved", _n(l,
	    "{n} approved comment", "{n} approved comments", k), k);
	k = count_of(cc, nc, "spam");
	glance_item(r, list, "/admin/comments?status=spam", _n(l,
	    "{n} spam comment", "{n} spam comments", k), k);
	return 0;
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
	if (glance(r, ctx) == -1)
		return 500;
	recent_comments(r, ctx);
	page_email_dashboard(r, ctx);	/* mail waiting, and why */
	return 200;
}
