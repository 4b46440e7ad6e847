/* admin_comments.c: comment moderation: the queue with its bulk and
   one-row actions, and one comment's page (edit its text, reply to it
   as the post author). */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_admin.h"
#include "db_comment.h"
#include "db_post.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "markdown.h"
#include "model.h"
#include "session.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"
#include "wxr_html.h"

#define LIST_PAGE	20
#define TEXT_MAX_LEN	(16 * 1024)	/* as for comments sent by readers */
#define BULK_MAX	500		/* comments one action may change */
#define EXCERPT_MAX	160		/* bytes of text in a row's excerpt */

/* What moderation does to a comment. */
enum act {
	ACT_APPROVE,
	ACT_UNAPPROVE,
	ACT_SPAM,
	ACT_TRASH,
	ACT_RESTORE,
	ACT_DELETE,
	ACT__MAX
};

static const struct {
	const char	*name;	/* the form's action value */
	const char	*label;	/* its button */
	enum comment_status to;	/* the status it sets (not ACT_DELETE) */
	const char	*done;	/* the notice after it */
	int		 danger;
} acts[ACT__MAX] = {
	{ "approve", N_("Approve"), COMMENT_APPROVED, "approved", 0 },
	{ "unapprove", N_("Unapprove"), COMMENT_PENDING, "unapproved", 0 },
	{ "spam", N_("Spam"), COMMENT_SPAM, "spammed", 0 },
	{ "trash", N_("Trash"), COMMENT_TRASH, "trashed", 1 },
	{ "restore", N_("Restore"), COMMENT_PENDING, "restored", 0 },
	{ "delete", N_("Delete for good"), COMMENT_PENDING, "deleted", 1 },
};

/* The actions offered for a comment of each status (ACT__MAX ends). */
static const enum act *
offered(enum comment_status status)
{
	static const enum act pending[] = { ACT_APPROVE, ACT_SPAM, ACT_TRASH,
	    ACT__MAX };
	static const enum act approved[] = { ACT_UNAPPROVE, ACT_SPAM,
	    ACT_TRASH, ACT__MAX };
	static const enum act held[] = { ACT_RESTORE, ACT_APPROVE, ACT_DELETE,
	    ACT__MAX };

	if (status == COMMENT_APPROVED)
		return approved;
	if (status == COMMENT_SPAM || status == COMMENT_TRASH)
		return held;
	return pending;
}

static int
act_parse(const char *s, enum act *a)
{
	int	 i;

	for (i = 0; s != NULL && i < ACT__MAX; i++)
		if (strcmp(s, acts[i].name) == 0) {
			*a = (enum act)i;
			return 0;
		}
	return -1;
}

/* The queue's view named s (a status); pending, the first tab, for any
   other s. */
static enum comment_status
view_of(const char *s)
{
	enum comment_status	 v;

	return comment_status_parse(s, &v) == 0 ? v : COMMENT_PENDING;
}


static const char *
when(struct req *r, int64_t t, int iso)
{
	struct buf	 b = { 0 };
	char		*s;

	if (iso)
		date_fmt_iso(&b, t);
	else
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    t);
	s = arena_strndup(r->arena, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* The plain text of a comment's HTML, cut to about EXCERPT_MAX bytes. */
static const char *
excerpt(struct arena *a, const char *html)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 n;

	wxr_text(&b, html, strlen(html));
	n = utf8_prefix(buf_str(&b), b.len, EXCERPT_MAX);
	s = n < b.len ? arena_printf(a, "%.*s\xe2\x80\xa6", (int)n,
	    buf_str(&b)) : arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* The fields a comment shows in the queue and on its page. Every key is
   set, so that none is looked up in an enclosing object. */
static void
comment_fields(struct req *r, struct tval *o, const struct comment *c,
    const char *addr)
{
	char	 hash[33];

	tmpl_set_int(o, "id", c->id);
	tmpl_set_text(o, "status", comment_status_names[c->status]);
	tmpl_set_text(o, "status_label", _(&r->w->lang,
	    comment_status_names[c->status]));
	tmpl_set_text(o, "author", c->author_name);
	tmpl_set_text(o, "email", c->author_email);
	tv_set(o, "addr", *addr != '\0' ? tv_text(r->arena, addr) :
	    tv_null(r->arena));
	tv_set(o, "website", *c->author_url != '\0' ? tv_text(r->arena,
	    c->author_url) : tv_null(r->arena));
	/* Only a web address becomes a link, whatever an import held. */
	tv_set(o, "website_url", strncmp(c->author_url, "http://", 7) == 0 ||
	    strncmp(c->author_url, "https://", 8) == 0 ?
	    tv_text(r->arena, c->author_url) : tv_null(r->arena));
	tmpl_set_bool(o, "is_pingback", strcmp(c->type, "comment") != 0);
	tmpl_set_text(o, "kind", _(&r->w->lang, strcmp(c->type, "trackback")
	    == 0 ? N_("trackback") : strcmp(c->type, "webmention") == 0 ?
	    N_("webmention") : strcmp(c->type, "pingback") == 0 ?
	    N_("pingback") : c->type));
	tmpl_set_text(o, "date", when(r, c->created, 0));
	tmpl_set_text(o, "iso", when(r, c->created, 1));
	tmpl_set_html(o, "body", html_stored(r->arena, c->body_html));
	if (r->w->site.has_key) {
		avatar_hash(r->w->site.key, c->author_email, hash);
		tmpl_set_text(o, "avatar", url_avatar_a(r->arena, hash));
	} else
		tv_set(o, "avatar", tv_null(r->arena));
	tv_set(o, "parent_id", c->parent_id > 0 ? tv_text(r->arena,
	    arena_printf(r->arena, "%lld", (long long)c->parent_id)) :
	    tv_null(r->arena));
	tmpl_set_text(o, "excerpt", excerpt(r->arena, c->body_html));
}

/* The action buttons (or options) for a comment of this status. */
static void
action_list(const struct i18n *l, struct tval *o, const char *key,
    enum comment_status status, int64_t id)
{
	const enum act	*a;
	struct tval	*list, *e;

	list = tmpl_set_list(o, key);
	for (a = offered(status); *a != ACT__MAX; a++) {
		e = tmpl_list_obj(list);
		tmpl_set_text(e, "name", acts[*a].name);
		tmpl_set_text(e, "label", _(l, *a == ACT_RESTORE &&
		    status == COMMENT_SPAM ? N_("Not spam") : acts[*a].label));
		tmpl_set_bool(e, "danger", acts[*a].danger);
		if (id > 0)
			tmpl_set_textf(e, "value", "%s:%lld", acts[*a].name,
			    (long long)id);
	}
}

/* A comment of the admin's list into the queue. */
static void
list_row(struct req *r, struct tval *list, const struct admin_comment *ac)
{
	const struct comment	*c = &ac->c;
	struct post		 p = { 0 };
	struct tval		*o;

	p.id = c->post_id;
	p.slug = c->post_slug;
	p.title = c->post_title;
	p.type = c->post_type;
	p.published = c->post_published;
	o = tmpl_list_obj(list);
	comment_fields(r, o, c, ac->addr);
	tmpl_set_text(o, "post_title", *p.title ? p.title :
	    _(&r->w->lang, "(no title)"));
	tmpl_set_text(o, "post_url", url_post_a(r->arena, &p));
	action_list(&r->w->lang, o, "actions", c->status, c->id);
}

/* The queue of one view, with `error' above it (a refused action). */
static int
queue(struct req *r, struct resp *resp, enum comment_status view,
    long page, const char *error, int status)
{
	struct tval		*ctx, *list;
	struct admin_comment	*c;
	const char		*name = comment_status_names[view];
	int64_t			 uid, total;
	int			 i, n;

	uid = admin_is_admin(r) ? 0 : r->session->user.id;
	if ((ctx = admin_ctx(r, resp, N_("Comments"), "comments",
	    "admin_comments")) == NULL)
		return 500;
	tmpl_set_bool(tmpl_set_obj(ctx, "view"), name, 1);
	tmpl_set_text(ctx, "status", name);
	tmpl_set_int(ctx, "page", page);
	tv_set(ctx, "error", error ? tv_text(r->arena, _(&r->w->lang,
	    error)) :
	    tv_null(r->arena));
	if ((total = db_admin_comment_list_count(&r->w->db, view, uid)) == -1
	    || db_admin_comment_list(&r->w->db, r->arena, view, uid,
	    LIST_PAGE, (int)((page - 1) * LIST_PAGE), &c, &n) == -1)
		return 500;
	list = tmpl_set_list(ctx, "comments");
	for (i = 0; i < n; i++)
		list_row(r, list, &c[i]);
	action_list(&r->w->lang, ctx, "bulk", view, 0);
	tmpl_set_bool(ctx, "empty", n == 0);
	tmpl_set_int(ctx, "total", total);
	if (page > 1)
		tmpl_set_text(ctx, "newer", url_admin_comments_a(r->arena,
		    name, page - 1));
	if (page * LIST_PAGE < total)
		tmpl_set_text(ctx, "older", url_admin_comments_a(r->arena,
		    name, page + 1));
	return status;
}

int
admin_comments_list(struct req *r, struct tval *ctx, const char *key,
    enum comment_status view, int limit)
{
	struct tval		*list;
	struct admin_comment	*c;
	int			 i, n;

	list = tmpl_set_list(ctx, key);
	if (db_admin_comment_list(&r->w->db, r->arena, view,
	    admin_is_admin(r) ? 0 : r->session->user.id, limit, 0, &c, &n) ==
	    -1)
		return -1;
	for (i = 0; i < n; i++)
		list_row(r, list, &c[i]);
	return n;
}

/* The post of comment c, and whether this user may moderate c: 1 (p
   filled), 0 (403, with the reason in resp), -1 (database). */
static int
may_moderate(struct req *r, struct resp *resp, const struct comment *c,
    struct post *p)
{
	int	 rc;

	if ((rc = db_post_by_id(&r->w->db, r->arena, c->post_id, 0, p)) != 1)
		return -1;
	if (admin_is_admin(r) || p->author_id == r->session->user.id)
		return 1;
	resp->message = i18n_format(r->arena, _(&r->w->lang, "Comment {id} "
	    "is on another author's post: authors can moderate only the "
	    "comments on their own posts. Nothing was changed."), "id",
	    arena_printf(r->arena, "%lld", (long long)c->id), NULL);
	return 0;
}

/*
 * Do action a to comment id, inside the caller's transaction: 0, or the
 * status that refuses it (403, 404, 503) with the reason in resp.
 * *c gets the comment as it was.
 */
static int
act_on(struct req *r, struct resp *resp, int64_t id, enum act a,
    struct comment *c)
{
	struct post	 p;
	int		 rc, held;

	if ((rc = db_comment_by_id(&r->w->db, r->arena, id, c)) == -1)
		return 503;
	if (rc == 0) {
		resp->message = i18n_format(r->arena, _(&r->w->lang, "There is "
		    "no comment {id} (any more). Nothing was changed."), "id",
		    arena_printf(r->arena, "%lld", (long long)id), NULL);
		return 404;
	}
	if ((rc = may_moderate(r, resp, c, &p)) != 1)
		return rc == 0 ? 403 : 503;
	held = c->status == COMMENT_SPAM || c->status == COMMENT_TRASH;
	if ((a == ACT_DELETE || a == ACT_RESTORE) && !held) {
		resp->message = i18n_format(r->arena, _(&r->w->lang,
		    a == ACT_DELETE ? N_("Comment {id} is {status}: only a "
		    "comment in the trash or marked as spam can be deleted for "
		    "good. Move it to the trash first. Nothing was changed.") :
		    N_("Comment {id} is {status}: only a comment in the trash "
		    "or marked as spam can be restored. Nothing was changed.")),
		    "id", arena_printf(r->arena, "%lld", (long long)id),
		    "status", c->status == COMMENT_APPROVED ?
		    /* TRANSLATORS: "Comment 12 is approved: ..." */
		    _x(&r->w->lang, "comment is", "approved") :
		    _x(&r->w->lang, "comment is", "awaiting moderation"), NULL);
		return 403;
	}
	if (a == ACT_DELETE)
		rc = db_comment_delete(&r->w->db, c->id);
	else
		rc = db_admin_comment_set_status(&r->w->db, c->id, acts[a].to);
	return rc == 0 ? 0 : 503;
}

/* Do a to every comment in ids (n of them), all or none: 0 or a status
   as act_on gives it. *c gets the last comment as it was. */
static int
act_all(struct req *r, struct resp *resp, const int64_t *ids, int n,
    enum act a, struct comment *c)
{
	int	 i, rc;

	if (db_begin(&r->w->db) == -1)
		return 503;
	for (i = 0; i < n; i++)
		if ((rc = act_on(r, resp, ids[i], a, c)) != 0)
			goto fail;
	if (db_commit(&r->w->db) == -1)
		return 503;
	return 0;
fail:
	db_rollback(&r->w->db);
	return rc;
}

/*
 * The comments a queue form names: "one" (ACTION:ID, a row's button)
 * wins over "action" with every "id". Returns the count (0: none
 * chosen), or -1 for a malformed id; *a gets the action, or -1 (as
 * ACT__MAX) when none is valid.
 */
static int
chosen(struct req *r, int64_t **ids, enum act *a)
{
	const struct kv	*kv;
	const char	*one, *colon;
	int		 n = 0;

	*a = ACT__MAX;
	*ids = arena_alloc(r->arena, sizeof(**ids) * BULK_MAX);
	if ((one = kv_get(r->form, "one")) != NULL &&
	    (colon = strchr(one, ':')) != NULL) {
		if (act_parse(arena_strndup(r->arena, one,
		    (size_t)(colon - one)), a) == -1)
			*a = ACT__MAX;
		if (((*ids)[0] = id_parse(colon + 1)) <= 0)
			return -1;
		return 1;
	}
	if (act_parse(kv_get(r->form, "action"), a) == -1)
		*a = ACT__MAX;
	for (kv = r->form; kv != NULL; kv = kv->next) {
		if (strcmp(kv->key, "id") != 0)
			continue;
		if (n == BULK_MAX || ((*ids)[n] = id_parse(kv->val)) <= 0)
			return -1;
		n++;
	}
	return n;
}

/*
 * GET /admin/comments?status=pending|approved|spam|trash&page=N: the
 * moderation queue of one view (default pending), 20 a page, newest
 * first, with each view's count; an author sees the comments on their
 * own posts only. 200.
 * POST /admin/comments: action=approve|unapprove|spam|trash|restore|
 * delete with one or more id fields, or one=ACTION:ID (a row's button);
 * status and page name the view to go back to (back=dashboard: to
 * /admin/, whose pending list sends this form). All or nothing: 303 to
 * the view with ?done=approved|updated|trashed|restored|deleted; 403
 * (nothing changed) for another author's comment, or restore or delete
 * of a comment not in the trash or spam; 404 for no such comment; 422
 * (the queue again, with the reason) for no action or no comment chosen.
 */
int
admin_comments_show(struct req *r, struct resp *resp)
{
	return queue(r, resp, view_of(http_query(r, "status")),
	    page_parse(http_query(r, "page"), 100000), NULL, 200);
}

int
admin_comments_save(struct req *r, struct resp *resp)
{
	struct comment	 c;
	enum comment_status	 view;
	const char	*back;
	int64_t		*ids;
	enum act	 a;
	long		 page;
	int		 n, rc;

	view = view_of(kv_get(r->form, "status"));
	page = page_parse(kv_get(r->form, "page"), 100000);
	if ((n = chosen(r, &ids, &a)) == -1)
		return queue(r, resp, view, page, N_("That is not a list of "
		    "comments. Please choose them again."), 422);
	if (a == ACT__MAX)
		return queue(r, resp, view, page, N_("Please choose what to do "
		    "with the selected comments."), 422);
	if (n == 0)
		return queue(r, resp, view, page, N_("Please select at least one "
		    "comment."), 422);
	if ((rc = act_all(r, resp, ids, n, a, &c)) != 0)
		return rc;
	if ((back = kv_get(r->form, "back")) != NULL &&
	    strcmp(back, "dashboard") == 0)
		return admin_done(r, resp, "/admin/", acts[a].done);
	return admin_done(r, resp, url_admin_comments_a(r->arena,
	    comment_status_names[view], page > 1 ? page : 0), acts[a].done);
}

/* -- one comment ------------------------------------------------------ */

/* What the comment page's forms hold, and what was wrong with them. */
struct forms {
	const char	*edit;		/* the text being edited */
	const char	*edit_error;
	const char	*reply;		/* the reply being written */
	const char	*reply_error;
};

static int
comment_page(struct req *r, struct resp *resp, const struct comment *c,
    const struct post *p, const struct forms *f, int status)
{
	struct tval	*ctx, *o, *po;
	struct comment	 parent;
	int		 mine;

	if ((ctx = admin_ctx(r, resp, N_("Comment"), "comments",
	    "admin_comment")) == NULL)
		return 500;
	o = tmpl_set_obj(ctx, "comment");
	comment_fields(r, o, c, db_comment_addr(&r->w->db, r->arena, c->id));
	tmpl_set_bool(o, "by_author", c->user_id != 0 &&
	    c->user_id == p->author_id);
	tmpl_set_text(o, "post_title", *p->title ? p->title :
	    _(&r->w->lang, "(no title)"));
	tmpl_set_text(o, "post_url", url_post_a(r->arena, p));
	tmpl_set_text(o, "post_status", admin_post_status(r, p->status));
	action_list(&r->w->lang, o, "actions", c->status, 0);
	tv_set(o, "parent", tv_null(r->arena));
	if (c->parent_id > 0 && db_comment_by_id(&r->w->db, r->arena,
	    c->parent_id, &parent) == 1) {
		po = tmpl_set_obj(o, "parent");
		comment_fields(r, po, &parent, "");
		tmpl_set_bool(po, "by_author", parent.user_id != 0 &&
		    parent.user_id == p->author_id);
	}
	tmpl_set_text(o, "edit_text", f->edit);
	tv_set(o, "edit_error", f->edit_error ? tv_text(r->arena,
	    _(&r->w->lang, f->edit_error)) : tv_null(r->arena));
	tmpl_set_text(o, "reply_text", f->reply);
	tv_set(o, "reply_error", f->reply_error ? tv_text(r->arena,
	    _(&r->w->lang, f->reply_error)) : tv_null(r->arena));
	tmpl_set_bool(o, "can_reply", c->status == COMMENT_APPROVED ||
	    c->status == COMMENT_PENDING);
	tmpl_set_bool(o, "is_pending", c->status == COMMENT_PENDING);
	mine = p->author_id == r->session->user.id;
	tmpl_set_text(o, "reply_as", mine ? _(&r->w->lang, "Reply as the "
	    "post author") : i18n_format(r->arena, _(&r->w->lang, "Reply as "
	    "{name}"), "name", r->session->user.name, NULL));
	return status;
}

/* The text field `name': its value (shown as typed) in *text, and the
   reason it cannot be a comment's text, or NULL. */
static const char *
text_field(struct req *r, const char *name, const char **text)
{
	const struct kv	*kv;
	size_t		 i;

	if ((kv = kv_find(r->form, name)) == NULL) {
		*text = "";
		return N_("Please type the text.");
	}
	*text = utf8_showable(r->arena, kv->val, kv->vallen);
	if (!text_clean(kv->val, kv->vallen))
		return N_("The text holds characters that are not allowed "
		    "(control characters or invalid text). Please remove them "
		    "and save again.");
	if (kv->vallen > TEXT_MAX_LEN)
		return i18n_format(r->arena, _n(&r->w->lang, "The text is "
		    "{n} byte long; the limit is {max}. Please shorten it.",
		    "The text is {n} bytes long; the limit is {max}. Please "
		    "shorten it.", kv->vallen), "n", arena_printf(r->arena,
		    "%zu", kv->vallen), "max", arena_printf(r->arena, "%d",
		    TEXT_MAX_LEN), NULL);
	for (i = 0; i < kv->vallen; i++)
		if (strchr(" \t\r\n", kv->val[i]) == NULL)
			return NULL;
	return N_("Please type the text.");
}

/* Save the edited text, rendered again: 303, 422 or 503. */
static int
edit(struct req *r, struct resp *resp, const struct comment *c,
    const struct post *p, struct forms *f)
{
	const struct html	*h;

	if ((f->edit_error = text_field(r, "comment", &f->edit)) != NULL)
		return comment_page(r, resp, c, p, f, 422);
	h = md_render_comment(r->arena, f->edit, strlen(f->edit));
	if (db_comment_set_body(&r->w->db, c->id, f->edit, html_str(h),
	    c->status) == -1) {
		f->edit_error = N_("The text could not be saved just now. Please "
		    "try again in a moment.");
		return comment_page(r, resp, c, p, f, 503);
	}
	return admin_done(r, resp, url_admin_comment_a(r->arena, c->id),
	    "updated");
}

/*
 * Store the reply of the logged-in user to c, approved, approving c if
 * it was held; a reply to a comment at the maximum depth joins the
 * thread at that depth (as comment_form.c does). 303, 403, 422 or 503.
 */
static int
reply(struct req *r, struct resp *resp, const struct comment *c,
    const struct post *p, struct forms *f)
{
	const struct user	*u = &r->session->user;
	const struct html	*h;
	struct comment		 n = { 0 }, parent = *c;
	struct comment_new	 cn = { 0 };
	int64_t			 id;

	if (c->status != COMMENT_APPROVED && c->status != COMMENT_PENDING)
		return admin_forbid(resp, N_("This comment is in the trash or "
		    "marked as spam: restore it before replying to it. Nothing "
		    "was changed."));
	if ((f->reply_error = text_field(r, "reply", &f->reply)) != NULL)
		return comment_page(r, resp, c, p, f, 422);
	h = md_render_comment(r->arena, f->reply, strlen(f->reply));
	n.parent_id = c->id;
	while (n.parent_id > 0 && parent.depth >= r->w->site.max_depth) {
		n.parent_id = parent.parent_id;
		if (n.parent_id > 0 && db_comment_by_id(&r->w->db, r->arena,
		    n.parent_id, &parent) != 1)
			n.parent_id = 0;
	}
	n.post_id = p->id;
	n.type = "comment";
	n.status = COMMENT_APPROVED;
	n.author_name = u->name;
	n.author_email = u->email;
	n.author_url = "";
	n.user_id = u->id;
	n.created = r->now;
	n.body_html = html_str(h);
	cn.body_md = f->reply;
	cn.addr = r->remote_addr;
	cn.agent = r->user_agent;
	if (db_begin(&r->w->db) == -1)
		goto busy;
	if (c->status == COMMENT_PENDING &&
	    db_admin_comment_set_status(&r->w->db, c->id, COMMENT_APPROVED)
	    == -1)
		goto fail;
	if ((id = db_comment_add(&r->w->db, &n, &cn)) == -1)
		goto fail;
	if (db_commit(&r->w->db) == -1)
		goto busy;
	return admin_done(r, resp, url_admin_comment_a(r->arena, id),
	    "replied");
fail:
	db_rollback(&r->w->db);
busy:
	f->reply_error = N_("The reply could not be saved just now. Please try "
	    "again in a moment.");
	return comment_page(r, resp, c, p, f, 503);
}

/*
 * GET /admin/comments/ID: the comment with its post and the comment it
 * answers, its moderation buttons, a form to edit its text (Markdown)
 * and one to reply as the logged-in user. 200.
 * POST /admin/comments/ID: action=approve|unapprove|spam|trash|restore|
 * delete: 303 with ?done=CODE (to the comment, or to its former view
 * after delete); comment=TEXT: 303 ?done=updated; reply=TEXT: the reply
 * stored approved (the comment approved if it was pending), 303 to the
 * reply with ?done=replied. 403 for a comment on another author's post
 * and for restore, delete or reply where the status forbids it; 404 for
 * no such comment; 422 (every character kept) for an empty text, one
 * over 16 KiB, or one with control characters or invalid UTF-8.
 */
/* The comment of the route's id and its post, if this user may
   moderate it: 0 to go on, or the status (404, 403, 503). */
static int
the_comment(struct req *r, struct resp *resp, struct comment *c,
    struct post *p, struct forms *f)
{
	int	 rc;

	if ((rc = db_comment_by_id(&r->w->db, r->arena, r->num[0], c)) == -1)
		return 503;
	if (rc == 0)
		return 404;
	if ((rc = may_moderate(r, resp, c, p)) != 1)
		return rc == 0 ? 403 : 503;
	f->edit = db_comment_source(&r->w->db, r->arena, c->id);
	f->reply = "";
	return 0;
}

int
admin_comment_show(struct req *r, struct resp *resp)
{
	struct comment	 c;
	struct post	 p;
	struct forms	 f = { 0 };
	int		 rc;

	if ((rc = the_comment(r, resp, &c, &p, &f)) != 0)
		return rc;
	return comment_page(r, resp, &c, &p, &f, 200);
}

int
admin_comment_save(struct req *r, struct resp *resp)
{
	struct comment	 c;
	struct post	 p;
	struct forms	 f = { 0 };
	enum act	 a;
	int64_t		 id;
	int		 rc;

	if ((rc = the_comment(r, resp, &c, &p, &f)) != 0)
		return rc;
	if (r->held) {	/* back after a login (held.h): shown, not saved */
		if (kv_get(r->form, "reply") != NULL)
			f.reply = kv_get(r->form, "reply");
		if (kv_get(r->form, "comment") != NULL)
			f.edit = kv_get(r->form, "comment");
		rc = comment_page(r, resp, &c, &p, &f, 200);
		if (resp->ctx != NULL)
			tmpl_set_text(resp->ctx, "notice", ADMIN_HELD_NOTICE);
		return rc;
	}
	if (kv_get(r->form, "action") != NULL) {
		if (act_parse(kv_get(r->form, "action"), &a) == -1) {
			resp->message = N_("There is no such action on comments.");
			return 400;
		}
		id = c.id;
		if ((rc = act_all(r, resp, &id, 1, a, &c)) != 0)
			return rc;
		if (a == ACT_DELETE)
			return admin_done(r, resp, url_admin_comments_a(
			    r->arena, comment_status_names[c.status], 0),
			    "deleted");
		return admin_done(r, resp, url_admin_comment_a(r->arena,
		    c.id), acts[a].done);
	}
	if (kv_find(r->form, "reply") != NULL)
		return reply(r, resp, &c, &p, &f);
	return edit(r, resp, &c, &p, &f);
}
