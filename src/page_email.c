/* page_email.c: the pages the links in quire's mails open: confirm an
   address for replies (/email/confirm), stop them (/email/unsubscribe,
   also RFC 8058 one-click), and moderate a held comment (/moderate).
   A GET shows a page with a button and changes nothing; the POST acts,
   the signed token (mail.h) its only authority. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_admin.h"
#include "db_comment.h"
#include "db_mail.h"
#include "db_post.h"
#include "db_setting.h"
#include "html.h"
#include "i18n.h"
#include "http.h"
#include "mail.h"
#include "mail_keeper.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "worker.h"

/* One page of this family: its heading, a message, and the form. */
struct epage {
	const char	*title;
	const char	*message;
	const char	*action;	/* the form's action, NULL: no form */
	const char	*token;
	const char	*button;	/* one button, or NULL with moderation */
	const struct comment *c;	/* /moderate: the comment shown */
	const struct post *p;
};

static int
render(struct req *r, struct resp *resp, const struct epage *e, int status)
{
	struct tval	*ctx, *f, *list, *b, *o;
	static const char *const acts[][2] = { { "approve", N_("Approve") },
	    { "spam", N_("Spam") }, { "trash", N_("Trash") } };
	size_t		 i;

	if ((ctx = page_ctx(r, resp, _(&r->w->lang, e->title))) == NULL)
		return 500;
	tmpl_set_text(ctx, "heading", _(&r->w->lang, e->title));
	tmpl_set_text(ctx, "message", _(&r->w->lang, e->message));
	if (e->c != NULL) {
		o = tmpl_set_obj(ctx, "comment");
		tmpl_set_text(o, "author", e->c->author_name);
		tmpl_set_text(o, "post_title", *e->p->title ? e->p->title :
		    _(&r->w->lang, "(no title)"));
		tmpl_set_text(o, "post_url", url_post_a(r->arena, e->p));
		tmpl_set_text(o, "status", _(&r->w->lang,
		    comment_status_names[e->c->status]));
		tmpl_set_html(o, "body", html_stored(r->arena,
		    e->c->body_html));
	}
	if (e->action != NULL) {
		f = tmpl_set_obj(ctx, "form");
		tmpl_set_text(f, "action", e->action);
		tmpl_set_text(f, "token", e->token);
		list = tmpl_set_list(f, "buttons");
		for (i = 0; i < (e->button ? 1 : 3); i++) {
			b = tmpl_list_obj(list);
			tmpl_set_text(b, "value", e->button ? "1" : acts[i][0]);
			tmpl_set_text(b, "label", _(&r->w->lang, e->button ?
			    e->button : acts[i][1]));
		}
	}
	resp->ctx = ctx;
	resp->tmpl = "email";
	resp->cache = CACHE_NONE;
	return status;
}

/* The token of this request (the form's, else the query's) checked for
   kind: 0 with the id, or the status of the page saying why not. */
static int
token(struct req *r, struct resp *resp, enum mail_token_kind kind,
    const char **t, int64_t *id)
{
	struct epage	 e = { 0 };

	*t = r->form != NULL ? kv_get(r->form, "t") : NULL;
	if (*t == NULL)
		*t = http_query(r, "t");
	switch (mail_token_check(r->w->site.key, kind, *t, r->now, id)) {
	case MAIL_TOKEN_OK:
		return 0;
	case MAIL_TOKEN_EXPIRED:
		e.title = N_("This link has expired");
		e.message = kind == MAIL_TOKEN_MODERATE ? N_("Moderation "
		    "links work for 7 days. The comment is still in the "
		    "moderation queue of the admin pages.") : kind ==
		    MAIL_TOKEN_CONFIRM ? N_("Confirmation links work for 7 "
		    "days. Tick \xe2\x80\x9c"
		    "Email me replies\xe2\x80\x9d with "
		    "your next comment to get a new one.") : N_("This "
		    "unsubscribe link is too old; use the one in a newer "
		    "mail.");
		return render(r, resp, &e, 410);
	default:
		e.title = N_("This link is not valid");
		e.message = N_("The link is incomplete or was changed (a "
		    "mail program may have cut it in two). Open it from the "
		    "mail again, or copy the whole of it.");
		return render(r, resp, &e, 400);
	}
}

/* The watch of comment id, with its post: 1, 0 (gone), -1. */
static int
watch(struct req *r, int64_t id, struct comment *c, struct post *p,
    int *stopped, int *confirmed)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_comment_by_id(&r->w->db, r->arena, id, c)) != 1)
		return rc;
	if ((rc = db_post_by_id(&r->w->db, r->arena, c->post_id, 0, p)) != 1)
		return rc;
	if ((st = db_stmt(&r->w->db, DBF_MAIL, DB_MAIL_WATCH)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*stopped = sqlite3_column_int(st, 1);
		*confirmed = sqlite3_column_int(st, 2);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
gone(struct req *r, struct resp *resp)
{
	struct epage	 e = { 0 };

	e.title = N_("Nothing to do");
	e.message = N_("The comment this link was for is no longer stored, "
	    "so no mail will be sent about it.");
	return render(r, resp, &e, 404);
}

/*
 * GET /email/confirm?t=T: a page with a button to confirm the address;
 * 200 (or saying it is confirmed already); 400 bad token; 410 expired;
 * 404 the comment is gone. POST /email/confirm (t): confirms the
 * address (again: no change); 303 back to the page.
 */
int
page_email_confirm(struct req *r, struct resp *resp)
{
	struct epage	 e = { 0 };
	struct comment	 c;
	struct post	 p;
	const char	*t;
	int64_t		 id;
	int		 rc, stopped = 0, confirmed = 0;
	sqlite3_stmt	*st;

	if ((rc = token(r, resp, MAIL_TOKEN_CONFIRM, &t, &id)) != 0)
		return rc;
	if ((rc = watch(r, id, &c, &p, &stopped, &confirmed)) != 1)
		return rc == 0 ? gone(r, resp) : 503;
	if (r->method == METHOD_POST) {
		if ((st = db_stmt(&r->w->db, DBF_MAIL, DB_MAIL_ADDR_CONFIRM)) ==
		    NULL)
			return 503;
		db_bind_text(st, 1, c.author_email);
		db_bind_int(st, 2, r->now);
		if (db_step_write(&r->w->db, st, "mail confirm") == -1)
			return 503;
		resp->location = arena_printf(r->arena, "/email/confirm?t=%s",
		    t);
		return 303;
	}
	e.title = confirmed ? N_("Address confirmed") :
	    N_("Confirm your address");
	e.message = i18n_format(r->arena, confirmed ? _(&r->w->lang,
	    "Thank you. You will get a mail for each reply to your comment "
	    "on \xe2\x80\x9c{title}\xe2\x80\x9d.") : _(&r->w->lang, "Press "
	    "the button to get a mail for each reply to your comment on "
	    "\xe2\x80\x9c{title}\xe2\x80\x9d, and to later comments where "
	    "you ask for them."), "title", p.title, NULL);
	if (!confirmed) {
		e.action = "/email/confirm";
		e.token = t;
		e.button = N_("Confirm");
	}
	return render(r, resp, &e, 200);
}

/*
 * GET /email/unsubscribe?t=T: a page with a button; 200, 400, 410, 404.
 * POST /email/unsubscribe (t in the form or the query; no CSRF token:
 * RFC 8058's one-click POST, List-Unsubscribe=One-Click, is answered
 * 200, a browser's form 303 back to the page). Again: no change.
 */
int
page_email_unsubscribe(struct req *r, struct resp *resp)
{
	struct epage	 e = { 0 };
	struct comment	 c;
	struct post	 p;
	const char	*t, *oc;
	int64_t		 id;
	int		 rc, stopped = 0, confirmed = 0;
	sqlite3_stmt	*st;

	if ((rc = token(r, resp, MAIL_TOKEN_UNSUBSCRIBE, &t, &id)) != 0)
		return rc;
	if ((rc = watch(r, id, &c, &p, &stopped, &confirmed)) != 1)
		return rc == 0 ? gone(r, resp) : 503;
	if (r->method == METHOD_POST && !stopped) {
		if ((st = db_stmt(&r->w->db, DBF_MAIL, DB_MAIL_WATCH_STOP)) ==
		    NULL)
			return 503;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, r->now);
		if (db_step_write(&r->w->db, st, "mail unsubscribe") == -1)
			return 503;
		stopped = 1;
	}
	oc = r->form != NULL ? kv_get(r->form, "List-Unsubscribe") : NULL;
	if (r->method == METHOD_POST && (oc == NULL || strcmp(oc,
	    "One-Click") != 0)) {
		resp->location = arena_printf(r->arena,
		    "/email/unsubscribe?t=%s", t);
		return 303;
	}
	e.title = stopped ? N_("Unsubscribed") : N_("Stop the mails");
	e.message = i18n_format(r->arena, stopped ? _(&r->w->lang, "You "
	    "will get no more mail about replies to your comment on "
	    "\xe2\x80\x9c{title}\xe2\x80\x9d.") : _(&r->w->lang, "Press the "
	    "button to get no more mail about replies to your comment on "
	    "\xe2\x80\x9c{title}\xe2\x80\x9d."), "title", p.title, NULL);
	if (!stopped) {
		e.action = "/email/unsubscribe";
		e.token = t;
		e.button = N_("Unsubscribe");
	}
	return render(r, resp, &e, 200);
}

/* The status an action of the moderation page sets, or -1. */
static int
action_status(const char *a)
{
	if (a == NULL)
		return -1;
	if (strcmp(a, "approve") == 0)
		return COMMENT_APPROVED;
	if (strcmp(a, "spam") == 0)
		return COMMENT_SPAM;
	if (strcmp(a, "trash") == 0)
		return COMMENT_TRASH;
	return -1;
}

/*
 * GET /moderate?t=T: the held comment the signed link is for, with
 * buttons approve, spam, trash; 200, 400, 410, 404 (deleted).
 * POST /moderate (t, action=approve|spam|trash): sets that comment's
 * status (no login: the token, good for this comment only, is the
 * authority); 303 to the page; 400 for another action.
 */
int
page_moderate(struct req *r, struct resp *resp)
{
	struct epage	 e = { 0 };
	struct comment	 c;
	struct post	 p;
	const char	*t;
	int64_t		 id;
	int		 rc, to;

	if ((rc = token(r, resp, MAIL_TOKEN_MODERATE, &t, &id)) != 0)
		return rc;
	if ((rc = db_comment_by_id(&r->w->db, r->arena, id, &c)) != 1 ||
	    (rc = db_post_by_id(&r->w->db, r->arena, c.post_id, 0, &p)) != 1)
		return rc == 0 ? gone(r, resp) : 503;
	if (r->method == METHOD_POST) {
		if ((to = action_status(kv_get(r->form, "action"))) == -1) {
			resp->message = N_("Choose approve, spam or trash.");
			return 400;
		}
		if (db_admin_comment_set_status(&r->w->db, id, to) == -1)
			return 503;
		resp->location = arena_printf(r->arena, "/moderate?t=%s", t);
		return 303;
	}
	e.title = c.status == COMMENT_PENDING ? N_("A comment awaits "
	    "moderation") : N_("Comment moderated");
	e.message = c.status == COMMENT_PENDING ? N_("Approve it to show "
	    "it under the post, or mark it as spam, or move it to the "
	    "trash.") : i18n_format(r->arena, _(&r->w->lang, "This comment "
	    "is now {status}. You can still change that here while the link "
	    "works, or in the admin pages."), "status", _(&r->w->lang,
	    comment_status_names[c.status]), NULL);
	e.action = "/moderate";
	e.token = t;
	e.c = &c;
	e.p = &p;
	return render(r, resp, &e, 200);
}

/* The dashboard's word on mail waiting (admin_dashboard.c). */
void
page_email_dashboard(struct req *r, struct tval *ctx)
{
	struct tval	*o;
	const char	*error, *cmd;
	int64_t		 n, oldest, failed;
	struct buf	 b = { 0 };

	if (mail_keeper_waiting(&r->w->db, r->arena, r->now, &n, &oldest,
	    &error, &failed) == -1 || (n == 0 && failed == 0) ||
	    (*error == '\0' && failed == 0 && oldest > r->now - 120))
		return;
	o = tmpl_set_obj(ctx, "mail_waiting");
	date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    oldest);
	tmpl_set_text(o, "waiting", i18n_format(r->arena, _n(&r->w->lang,
	    "{n} message not sent since {since}.", "{n} messages not sent "
	    "since {since}.", (unsigned long)n), "n", arena_printf(r->arena,
	    "%lld", (long long)n), "since", buf_str(&b), NULL));
	if (*error != '\0')
		tmpl_set_text(o, "error", error);
	if (failed > 0)
		tmpl_set_text(o, "failed", i18n_format(r->arena,
		    _n(&r->w->lang, "{n} message given up after two days of "
		    "trying.", "{n} messages given up after two days of "
		    "trying.", (unsigned long)failed), "n",
		    arena_printf(r->arena, "%lld", (long long)failed), NULL));
	if (db_setting_get(&r->w->db, r->arena, "mail_command", &cmd) != 1)
		cmd = MAIL_COMMAND_DEFAULT;
	tmpl_set_text(o, "command", cmd);
	buf_free(&b);
}
