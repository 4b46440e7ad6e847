/* page_comment.c: POST /comment, and the writer's 15-minute window to
   change or delete their comment (/comment/edit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"
#include "arena.h"
#include "comment_policy.h"
#include "db.h"
#include "db_comment.h"
#include "db_mail.h"
#include "db_post.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "markdown.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define EDIT_SECONDS	(15 * 60)

#define UNSAVED N_("Your comment could not be saved just now (the blog is " \
	"busy or under maintenance). Your text is below, so that you can " \
	"keep it; please try again in a moment.")
#define AGAIN_LATER N_("Your comment could not be saved just now. Please " \
	"press the button again in a moment.")
#define USED N_("This form was already used for another comment. Your " \
	"text is kept below: please press the button again.")

/* One submission on its way through POST /comment. */
struct sub {
	struct comment_submit	 s;
	struct post		 p;
	struct token		 tok;
	unsigned char		 fp[16];
	int			 errs;
};

/* -- outcomes ---------------------------------------------------------------- */

/* 303 to the stored comment (approved: its anchor; held: the post, where
   the owner cookie shows it). */
static int
see_comment(struct req *r, struct resp *resp, const struct sub *x,
    int64_t id)
{
	comment_cookies_set(r, resp, id, x->tok.nonce, &x->s);
	resp->location = url_comment_a(r->arena, &x->p, id);
	return 303;
}

/*
 * A page that gives the text back without a form: themed if the page
 * can be made, else the plain error page with the text in its message
 * (the database is failing: then the status is 503).
 */
static int
kept_page(struct req *r, struct resp *resp, const struct comment_submit *s,
    int status, const char *title, const char *message)
{
	struct tval	*ctx;

	resp->tmpl = NULL;
	resp->ctx = NULL;
	resp->cache = CACHE_NONE;
	title = _(&r->w->lang, title);
	message = _(&r->w->lang, message);
	if ((ctx = page_ctx(r, resp, title)) == NULL) {
		resp->message = arena_printf(r->arena, "%s\n\n%s", message,
		    s->comment);
		return 503;
	}
	tmpl_set_text(ctx, "error_title", title);
	tmpl_set_text(ctx, "message", message);
	tmpl_set_text(ctx, "kept_text", s->comment);
	resp->ctx = ctx;
	resp->tmpl = "error";
	return status;
}

/* The form comes back (status 403, 422, 429, 503) with everything kept;
   if the post page cannot be made, the text comes back all the same. */
static int
again(struct req *r, struct resp *resp, struct sub *x, int status,
    const char *message)
{
	int	 rc;

	if (message != NULL)
		x->s.message = message;
	if ((rc = page_post_render(r, resp, &x->p, &x->s, status)) != 500)
		return rc;
	return kept_page(r, resp, &x->s, 503, N_("Comment not saved"), UNSAVED);
}

/* -- the steps of POST /comment (each: 0 to go on, or the answer) ---------- */

/* The first field of the form that was sent more than once, or NULL:
   which of two names or two tokens is meant is anybody's guess. */
static const char *
duplicate_field(const struct req *r)
{
	static const char *const names[] = { "author", "email", "url",
	    "comment", "comment_post_ID", "comment_parent", "token",
	    "subject", NULL };
	int	 i;

	for (i = 0; names[i] != NULL; i++)
		if (kv_count(r->form, names[i]) > 1)
			return names[i];
	return NULL;
}

/* The fields, checked, and the post they are for (open for comments). */
static int
sub_read(struct req *r, struct resp *resp, struct sub *x)
{
	struct comment_raw	 raw = { 0 };
	const struct kv		*kv;
	const char		*pid, *dup;
	long long		 post_id;
	int			 rc;

#define RAW(f, name)	if ((kv = kv_find(r->form, name)) != NULL) { \
		raw.f = kv->val; raw.f##_len = kv->vallen; }
	RAW(author, "author");
	RAW(email, "email");
	RAW(url, "url");
	RAW(comment, "comment");
#undef RAW
	raw.parent = kv_get(r->form, "comment_parent");
	raw.save = kv_get(r->form, "wp-comment-cookies-consent") != NULL;
	x->errs = comment_validate(r->arena, &raw, &x->s);
	x->s.notify = kv_get(r->form, "notify") != NULL;
	if ((dup = duplicate_field(r)) != NULL) {
		x->s.message = i18n_format(r->arena, _(&r->w->lang,
		    "The form was sent with the field \xe2\x80\x9c{field}"
		    "\xe2\x80\x9d more than once, so it was not accepted. Your "
		    "text is kept below: please press the button again."),
		    "field", dup, NULL);
		x->errs++;
	}
	pid = kv_get(r->form, "comment_post_ID");
	if ((post_id = id_parse(pid)) <= 0 || (rc = db_post_by_id(&r->w->db,
	    r->arena, post_id, 0, &x->p)) == 0 || (rc == 1 &&
	    strcmp(x->p.status, "published") != 0))
		return kept_page(r, resp, &x->s, 422, N_("Comment not posted"),
		    N_("The post you commented on does not exist or is not open "
		    "for comments. Your text is below, so that you can keep "
		    "it."));
	if (rc == -1)
		return kept_page(r, resp, &x->s, 503, N_("Comment not saved"),
		    UNSAVED);
	if (!page_protected_open(r, &x->p))
		return kept_page(r, resp, &x->s, 403, "Comment not posted",
		    "This post is password protected: enter its password "
		    "first. Your text is below, so that you can keep it.");
	if (!comment_is_open(r, &x->p))
		return again(r, resp, x, 422, N_("Comments are closed on this "
		    "post."));
	comment_fingerprint(&x->s, x->p.id, x->fp);
	return 0;
}

/* The token: the same form sent twice comes to the comment it stored,
   whatever its age; anything else refused is 403. */
static int
sub_token(struct req *r, struct resp *resp, struct sub *x)
{
	struct worker		*w = r->w;
	enum token_verdict	 v;
	const char		*t;
	int64_t			 id;

	t = kv_get(r->form, "token");
	if (t != NULL && strncmp(t, "3.", 2) == 0)
		/* Made by nginx for a page it served from the page files:
		   bound to the post by the post's address. */
		v = token_check_edge(w->site.key, t, url_post_a(r->arena,
		    &x->p), r->now, w->site.min_fill, w->site.max_age,
		    r->remote_addr, &x->tok);
	else
		v = token_check(w->site.key, t, x->p.id, r->now,
		    w->site.min_fill, w->site.max_age, r->remote_addr, &x->tok);
	if (v == TOKEN_OK || v == TOKEN_TOO_FAST || v == TOKEN_EXPIRED) {
		id = db_comment_by_nonce(&w->db, x->tok.nonce, TOKEN_NONCE);
		if (id == -1)
			return again(r, resp, x, 503, AGAIN_LATER);
		if (id > 0 && db_comment_fingerprint_is(&w->db, id, x->fp,
		    sizeof(x->fp)) == 1)
			return see_comment(r, resp, x, id);
		if (id > 0)
			return again(r, resp, x, 403, USED);
	}
	if (v == TOKEN_TOO_FAST)
		return again(r, resp, x, 403, N_("That was quicker than a person "
		    "types, so it was not accepted. Your text is kept below: "
		    "please press the button again."));
	if (v == TOKEN_EXPIRED)
		return again(r, resp, x, 403, N_("This form had expired. Your "
		    "text is kept below: please press the button again."));
	if (v != TOKEN_OK)
		return again(r, resp, x, 403, N_("The form could not be verified "
		    "(it may be from an old page). Your text is kept below: "
		    "please press the button again."));
	return 0;
}

/* The reply target: on this post and shown; a reply deeper than the
   maximum joins the thread at the maximum depth (in *parent_id). */
static int
sub_parent(struct req *r, struct resp *resp, struct sub *x,
    int64_t *parent_id)
{
	struct comment	 parent;

	*parent_id = x->s.parent_id;
	if (x->s.parent_id < 0 || (x->s.parent_id > 0 &&
	    (db_comment_by_id(&r->w->db, r->arena, x->s.parent_id, &parent)
	    != 1 || parent.post_id != x->p.id ||
	    parent.status != COMMENT_APPROVED))) {
		x->s.parent_id = 0;
		return again(r, resp, x, 422, N_("The comment you replied to is "
		    "not on this post (any more). You can post your text as a "
		    "new comment."));
	}
	while (*parent_id > 0 && parent.depth >= r->w->site.max_depth) {
		*parent_id = parent.parent_id;
		if (*parent_id > 0 && db_comment_by_id(&r->w->db, r->arena,
		    *parent_id, &parent) != 1)
			*parent_id = 0;
	}
	return 0;
}

/* Rate limit (the comments stored from this client in this minute: the
   comments are their own record) and flood control. */
static int
sub_limits(struct req *r, struct resp *resp, struct sub *x)
{
	const struct site	*site = &r->w->site;
	int64_t			 hits, last;

	hits = db_comment_count_from(&r->w->db, r->remote_addr,
	    r->now - r->now % 60);
	if (hits >= site->rate_limit) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)(60 - r->now % 60)));
		return again(r, resp, x, 429, N_("You have sent several comments "
		    "in a short time. Please wait a minute and press the "
		    "button again; your text is kept below."));
	}
	last = db_comment_last_from(&r->w->db, r->remote_addr, x->s.email);
	if (last > 0 && r->now - last < site->flood) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)(site->flood - (r->now - last))));
		return again(r, resp, x, 429, N_("You are posting comments too "
		    "quickly. Please wait a few seconds and press the button "
		    "again; your text is kept below."));
	}
	return 0;
}

/* The policy's status for a comment into *out: 0, or -1 on a database
   error. */
static int
status_for(struct req *r, const struct comment_submit *s, const char *html,
    int honeypot, int same_net, enum comment_status *out)
{
	int	 trusted = 1;

	if (r->w->site.moderation == MOD_FIRST &&
	    (trusted = db_comment_trusted(&r->w->db, s->author, s->email))
	    == -1)
		return -1;
	*out = comment_policy(&r->w->site, s, r->remote_addr, html, honeypot,
	    same_net, trusted);
	return 0;
}

/* Store the comment in one transaction with its nonce, on disk when
   this returns (group commit: the fsync is shared, db.h). Returns the
   id, 0 if the nonce was spent meanwhile, -1 on error. */
static int64_t
store(struct req *r, struct comment *c, const struct comment_new *cn,
    const struct token *tok, int notify)
{
	struct db	*db = &r->w->db;
	int64_t		 id;

	if (db_begin_grouped(db) == -1)
		return -1;
	if ((id = db_comment_by_nonce(db, tok->nonce, TOKEN_NONCE)) != 0) {
		db_rollback(db);
		return id > 0 ? 0 : -1;
	}
	if ((id = db_comment_add(db, c, cn)) == -1 ||
	    db_comment_spend_nonce(db, tok->nonce, TOKEN_NONCE, id, r->now)
	    != 0)
		goto fail;
	/* "Email me replies": the wish, and so the confirmation mail,
	   commits with the comment (mail_keeper.c sends it). */
	if (notify && c->status != COMMENT_SPAM && r->w->site.notify_replies &&
	    db_mail_watch_add(db, id, c->author_email, r->now) == -1)
		goto fail;
	if (db_commit_grouped(db) == -1)
		return -1;
	return id;
fail:
	db_rollback(db);
	return -1;
}

/* The comment as the policy has it, stored with its nonce and the hash
   of its owner's secret; 303 to it. */
static int
sub_store(struct req *r, struct resp *resp, struct sub *x, int64_t parent_id)
{
	struct comment		 c = { 0 };
	struct comment_new	 cn = { 0 };
	const struct html	*h;
	unsigned char		 secret[OWNER_SECRET], edit_key[OWNER_KEY];
	const char		*hp;
	int64_t			 id;

	h = md_render_comment(r->arena, x->s.comment, strlen(x->s.comment));
	hp = kv_get(r->form, "subject");
	if (status_for(r, &x->s, html_str(h), hp != NULL && *hp != '\0',
	    x->tok.same_net, &c.status) == -1)
		return again(r, resp, x, 503, AGAIN_LATER);
	owner_secret(r->w->site.key, x->tok.nonce, secret);
	owner_key(secret, edit_key);
	sodium_memzero(secret, sizeof(secret));
	c.post_id = x->p.id;
	c.parent_id = parent_id;
	c.type = "comment";
	c.author_name = x->s.author;
	c.author_email = x->s.email;
	c.author_url = x->s.url;
	c.created = r->now;
	c.body_html = html_str(h);
	cn.body_md = x->s.comment;
	cn.addr = r->remote_addr;
	cn.agent = r->user_agent;
	cn.fingerprint = x->fp;
	cn.fingerprint_len = sizeof(x->fp);
	cn.edit_key = edit_key;
	if ((id = store(r, &c, &cn, &x->tok, x->s.notify)) == -1)
		return again(r, resp, x, 503, N_("Your comment could not be saved "
		    "just now (the blog is busy or under maintenance). Your "
		    "text is kept below: please press the button again in a "
		    "moment."));
	if (id == 0)		/* the same nonce won a race */
		id = db_comment_by_nonce(&r->w->db, x->tok.nonce, TOKEN_NONCE);
	if (id <= 0 || db_comment_fingerprint_is(&r->w->db, id, x->fp,
	    sizeof(x->fp)) != 1)
		return again(r, resp, x, 403, USED);
	return see_comment(r, resp, x, id);
}

/*
 * POST /comment: author, email, url, comment, comment_post_ID,
 * comment_parent, token, subject (the honeypot),
 * wp-comment-cookies-consent. 303 to the comment (stored, or stored
 * before by the same form); 422 invalid; 403 bad token; 429 rate or
 * flood; 503 database unavailable; 413 (router) over 64 KiB.
 */
int
comment_post(struct req *r, struct resp *resp)
{
	struct sub	 x;
	int64_t		 parent_id;
	int		 st;

	memset(&x, 0, sizeof(x));
	if ((st = sub_read(r, resp, &x)) != 0 ||
	    (st = sub_token(r, resp, &x)) != 0)
		return st;
	if (x.errs > 0)
		return again(r, resp, &x, 422, NULL);
	if ((st = sub_parent(r, resp, &x, &parent_id)) != 0 ||
	    (st = sub_limits(r, resp, &x)) != 0)
		return st;
	return sub_store(r, resp, &x, parent_id);
}

/* -- the writer's edit window ------------------------------------------------ */

#define NOT_EDITABLE N_("This comment can no longer be changed: only its " \
	"writer can, from the same browser, within 15 minutes and before " \
	"anyone replies.")

/* The writer's own comment, editable: 1 (in c), 0 (not theirs, too
   old, or answered already), -1 on a database error. */
static int
editable(struct req *r, int64_t id, struct comment *c)
{
	int	 rc;

	if (id <= 0 || (rc = db_comment_by_id(&r->w->db, r->arena, id, c))
	    == 0)
		return 0;
	if (rc == -1)
		return -1;
	if (!comment_owns(comment_owned(r), c) ||
	    r->now - c->created > EDIT_SECONDS ||
	    c->status == COMMENT_TRASH)
		return 0;
	if ((rc = db_comment_has_replies(&r->w->db, id)) != 0)
		return rc == 1 ? 0 : -1;
	return 1;
}

static int
edit_page(struct req *r, struct resp *resp, const struct comment *c,
    const char *text, const char *message, int status)
{
	struct tval	*ctx, *f;
	struct post	 p;
	int64_t		 left;

	if (db_post_by_id(&r->w->db, r->arena, c->post_id, 0, &p) != 1)
		return 404;
	if ((ctx = page_ctx(r, resp, _(&r->w->lang, "Edit your comment")))
	    == NULL)
		return 500;
	f = tmpl_set_obj(ctx, "edit");
	tmpl_set_int(f, "id", c->id);
	tmpl_set_text(f, "comment", text);
	tmpl_set_text(f, "post_title", *p.title ? p.title :
	    _(&r->w->lang, "(no title)"));
	tmpl_set_text(f, "post_url", url_post_a(r->arena, &p));
	left = (EDIT_SECONDS - (r->now - c->created) + 59) / 60;
	tmpl_set_int(f, "minutes_left", left);
	tmpl_set_text(f, "minutes_note", i18n_format(r->arena, _n(&r->w->lang,
	    "You can change or delete it for {n} more minute, until someone "
	    "replies.", "You can change or delete it for {n} more minutes, "
	    "until someone replies.", (unsigned long)left), "n",
	    arena_printf(r->arena, "%lld", (long long)left), NULL));
	if (message != NULL)
		tmpl_set_text(f, "message", _(&r->w->lang, message));
	resp->ctx = ctx;
	resp->tmpl = "comment_edit";
	resp->cache = CACHE_NONE;
	return status;
}

/*
 * GET /comment/edit?c=ID: the writer's form to change or delete their
 * comment, for 15 minutes after posting and until someone replies.
 * 200; 403 when it is not (or no longer) theirs to edit.
 */
int
comment_edit_show(struct req *r, struct resp *resp)
{
	struct comment	 c;
	int		 rc;

	if ((rc = editable(r, id_parse(http_query(r, "c")), &c)) == -1)
		return 503;
	if (rc == 0) {
		resp->message = NOT_EDITABLE;
		return 403;
	}
	return edit_page(r, resp, &c, db_comment_source(&r->w->db, r->arena,
	    c.id), NULL, 200);
}

/* Delete the writer's comment: 303 to the post's comments, or 503. */
static int
edit_delete(struct req *r, struct resp *resp, const struct comment *c,
    const struct post *p)
{
	if (db_begin(&r->w->db) == -1 ||
	    db_comment_delete(&r->w->db, c->id) == -1 ||
	    db_commit(&r->w->db) == -1) {
		db_rollback(&r->w->db);
		return 503;
	}
	resp->location = url_comments_a(r->arena, p);
	return 303;
}

/*
 * POST /comment/edit: c, comment, and save or delete. 303 back to the
 * post; 422 (text kept) for an invalid text; 403 when not editable. The
 * new text goes through the policy as a new comment would: held, spam,
 * or (a comment a moderator approved) back to the queue.
 */
int
comment_edit_save(struct req *r, struct resp *resp)
{
	struct comment_submit	 s = { 0 };
	struct comment		 c;
	struct post		 p;
	const struct html	*h;
	const char		*text;
	enum comment_status	 status;
	size_t			 n;
	int			 rc;

	if ((rc = editable(r, id_parse(kv_get(r->form, "c")), &c)) == -1)
		return 503;
	if (rc == 0) {
		resp->message = NOT_EDITABLE;
		return 403;
	}
	if (db_post_by_id(&r->w->db, r->arena, c.post_id, 0, &p) != 1)
		return 404;
	if (kv_get(r->form, "delete") != NULL)
		return edit_delete(r, resp, &c, &p);
	text = (text = kv_get(r->form, "comment")) != NULL ? text : "";
	n = kv_find(r->form, "comment") ? kv_find(r->form, "comment")->vallen :
	    0;
	if (!text_clean(text, n))
		return edit_page(r, resp, &c, utf8_showable(r->arena, text, n),
		    N_("Your comment holds characters that are not allowed "
		    "(control characters or invalid text)."), 422);
	if (text[strspn(text, " \t\r\n")] == '\0' || n > COMMENT_TEXT_MAX)
		return edit_page(r, resp, &c, text, n > COMMENT_TEXT_MAX ?
		    N_("Your comment is too long (16 KiB at most).") :
		    N_("Please type your comment, or delete it."), 422);
	h = md_render_comment(r->arena, text, n);
	s.author = c.author_name;
	s.email = c.author_email;
	s.url = c.author_url;
	s.comment = text;
	if (status_for(r, &s, html_str(h), 0, 1, &status) == -1 ||
	    db_comment_set_body(&r->w->db, c.id, text, html_str(h),
	    comment_edit_status(c.status, c.moderated, status)) == -1)
		return edit_page(r, resp, &c, text, N_("Your change could not be "
		    "saved just now. Please try again in a moment."), 503);
	resp->location = url_comment_a(r->arena, &p, c.id);
	return 303;
}
