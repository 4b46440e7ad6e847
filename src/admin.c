/* admin.c: admin login and logout, and what every admin page shares: the
   context, permissions, notices. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_admin.h"
#include "db_comment.h"
#include "db_post.h"
#include "db_user.h"
#include "esc.h"
#include "held.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "session.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "worker.h"


/*
 * The name of a post's status as the admin shows it, in the site's
 * language ("published", "draft", ...; "new" for an unsaved post); s
 * itself if it is none of them.
 */
const char *
admin_post_status(struct req *r, const char *s)
{
	static const char *const names[] = { N_("draft"), N_("published"),
	    N_("scheduled"), N_("pending"), N_("private"), N_("trash"),
	    N_("new") };
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return _(&r->w->lang, names[i]);
	return s;
}
/* Notices a POST may ask the next page to show (?done=CODE). */
static const struct {
	const char	*code;
	const char	*text;
} notices[] = {
	{ "saved", N_("Saved.") },
	{ "published", N_("Published.") },
	{ "scheduled", N_("Scheduled.") },
	{ "trashed", N_("Moved to the trash.") },
	{ "restored", N_("Restored from the trash.") },
	{ "deleted", N_("Deleted for good.") },
	{ "approved", N_("Approved.") },
	{ "updated", N_("Updated.") },
	{ "replied", N_("Your reply is published.") },
	{ "added", N_("Added.") },
	{ "merged", N_("Merged.") },
	{ "revoked", N_("Signed out there.") },
	{ "password", N_("Password changed.") },
	{ "spammed", N_("Marked as spam.") },
	{ "unapproved", N_("Unapproved: back in the queue.") },
	{ "uploaded", N_("Uploaded.") },
	{ "reverted", N_("Revision restored: saved as a new revision.") },
	{ "shared", N_("Shared: anyone with the link can read this draft.") },
	{ "unshared", N_("The shared link no longer works.") },
	{ NULL, NULL }
};

static const char *const comment_statuses[] = { "approved", "pending",
    "spam", "trash", NULL };


int64_t
admin_author_of(const struct req *r)
{
	return admin_is_admin(r) ? 0 : r->session->user.id;
}

int
admin_is_admin(const struct req *r)
{
	return r->session != NULL &&
	    strcmp(r->session->user.role, "admin") == 0;
}

int
admin_forbid(struct resp *resp, const char *why)
{
	resp->message = why;
	return 403;
}

int
admin_done(struct req *r, struct resp *resp, const char *path,
    const char *code)
{
	resp->location = arena_printf(r->arena, "%s%sdone=%s", path,
	    strchr(path, '?') ? "&" : "?", code);
	return 303;
}


int
admin_status_counts(struct req *r, int (*get)(struct db *, struct arena *,
    int64_t, struct admin_count **, int *), struct tval *o,
    const char *const *zero)
{
	struct admin_count	*c;
	int			 i, n;

	for (; *zero != NULL; zero++)
		tmpl_set_int(o, *zero, 0);
	if (get(&r->w->db, r->arena, admin_author_of(r), &c, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		tmpl_set_int(o, c[i].status, c[i].n);
	return 0;
}

struct tval *
admin_ctx(struct req *r, struct resp *resp, const char *title,
    const char *section, const char *tmpl)
{
	struct tval	*ctx, *u, *cc;
	const char	*done;
	int64_t		 n;
	int		 i;

	title = _(&r->w->lang, title);	/* N_() where it is named */
	ctx = tv_obj(r->arena);
	tmpl_set_text(ctx, "lang", r->w->lang.tag);
	if (r->w->lang.rtl)
		tmpl_set_bool(ctx, "rtl", 1);
	tmpl_set_text(ctx, "head_title", arena_printf(r->arena,
	    "%s \xe2\x80\xb9 %s \xe2\x80\x94 quire", title,
	    r->w->site.title));
	tmpl_set_text(ctx, "page_title", title);
	tmpl_set_text(ctx, "site_title", r->w->site.title);
	tmpl_set_text(ctx, "site_url", r->w->site.base_url);
	tv_set(ctx, "notice", tv_null(r->arena));
	if (r->session != NULL) {
		u = tmpl_set_obj(ctx, "me");
		tmpl_set_int(u, "id", r->session->user.id);
		tmpl_set_text(u, "name", r->session->user.name);
		tmpl_set_text(u, "login", r->session->user.login);
		tmpl_set_bool(u, "is_admin", admin_is_admin(r));
		tmpl_set_text(ctx, "csrf", r->session->csrf);
		cc = tmpl_set_obj(ctx, "comment_counts");
		if (admin_status_counts(r, db_admin_comment_counts, cc,
		    comment_statuses) < 0)
			return NULL;
		n = db_admin_comment_list_count(&r->w->db, COMMENT_PENDING,
		    admin_author_of(r));
		if (n > 0)
			tmpl_set_int(ctx, "pending_count", n);
	}
	if (section != NULL)
		tmpl_set_bool(tmpl_set_obj(ctx, "section"), section, 1);
	if ((done = http_query(r, "done")) != NULL)
		for (i = 0; notices[i].code != NULL; i++)
			if (strcmp(done, notices[i].code) == 0)
				tmpl_set_text(ctx, "notice", _(&r->w->lang,
				    notices[i].text));
	resp->ctx = ctx;
	resp->tmpl = tmpl;
	resp->cache = CACHE_NONE;
	resp->admin = 1;
	return ctx;
}

/* Only a site-relative path may be a place to go after logging in. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || strncmp(next, "/admin/", 7) != 0 ||
	    strpbrk(next, "\\\r\n") != NULL || strstr(next, "//") != NULL)
		return "/admin/";
	return next;
}

static int
login_form(struct req *r, struct resp *resp, const char *login,
    const char *error, int status)
{
	struct tval	*ctx;

	if ((ctx = admin_ctx(r, resp, N_("Log In"), NULL, "admin_login")) ==
	    NULL)
		return 500;
	tmpl_set_text(ctx, "login", login ? login : "");
	if (error != NULL)
		tmpl_set_text(ctx, "error", _(&r->w->lang, error));
	tmpl_set_text(ctx, "next", safe_next(kv_get(r->method == METHOD_POST ?
	    r->form : r->query, "next")));
	return status;
}

int
admin_login_again(struct req *r, struct resp *resp, const char *why)
{
	struct tval	*ctx;

	if ((ctx = admin_ctx(r, resp, "Log In", NULL, "admin_login")) == NULL)
		return 500;
	tmpl_set_text(ctx, "login", r->session ? r->session->user.login : "");
	tmpl_set_text(ctx, "error", why);
	tmpl_set_text(ctx, "next", safe_next(r->path));
	return 403;
}

/* 429: the form again, the login kept, saying how long to wait. */
static int
login_throttled(struct req *r, struct resp *resp, const char *login,
    int64_t wait)
{
	(void)http_header(resp, "Retry-After", arena_printf(r->arena, "%lld",
	    (long long)wait));
	return login_form(r, resp, login, i18n_format(r->arena,
	    _n(&r->w->lang, "Too many failed logins. Please wait a minute and "
	    "try again.", "Too many failed logins. Please wait {n} "
	    "minutes and try again.", (unsigned long)(wait + 59) / 60), "n",
	    arena_printf(r->arena, "%lld", (long long)(wait + 59) / 60),
	    NULL), 429);
}

/*
 * GET /admin/login: the login form. POST /admin/login (login, password,
 * next): 303 to next (an /admin/ page) with a new session; 200 with "The
 * login or password is wrong." for an unknown login or a wrong password
 * alike; 429 with Retry-After when throttled (session.c: per login and
 * network, per network, per login over all networks), the login kept;
 * 403 from another site.
 */
int
admin_login_show(struct req *r, struct resp *resp)
{
	if (r->session != NULL) {
		resp->location = "/admin/";
		return 303;
	}
	return login_form(r, resp, NULL, NULL, 200);
}

int
admin_login_save(struct req *r, struct resp *resp)
{
	struct user	 u;
	const char	*login, *pw;
	int64_t		 wait;
	int		 rc;

	login = kv_get(r->form, "login");
	pw = kv_get(r->form, "password");
	if (login == NULL || pw == NULL || *login == '\0' || *pw == '\0')
		return login_form(r, resp, login, N_("Please enter your login "
		    "and password."), 422);
	if (strlen(login) > 100 || strlen(pw) > 1024)
		return login_form(r, resp, NULL, N_("The login or password is "
		    "wrong."), 200);
	if ((wait = session_login_wait(r, login)) > 0)
		return login_throttled(r, resp, login, wait);
	rc = db_user_by_login(&r->w->db, r->arena, login, &u);
	if (rc == -1)
		return 503;
	/* The same work and the same answer for an unknown login. */
	if (!session_password_ok(rc == 1 ? u.pwhash : NULL, pw)) {
		if ((wait = session_login_failed(r, login)) > 0)
			return login_throttled(r, resp, login, wait);
		return login_form(r, resp, login, N_("The login or password is "
		    "wrong."), 200);
	}
	if (session_start(r, resp, &u) == -1)
		return 503;
	/* A form held over the login (held.h) goes back to its page. */
	if ((resp->location = held_claim(r, u.id)) == NULL)
		resp->location = safe_next(kv_get(r->form, "next"));
	return 303;
}

/* POST /admin/logout: the session ends on the server too. 303 to login. */
int
admin_logout(struct req *r, struct resp *resp)
{
	session_end(r, resp, r->session);
	resp->location = "/admin/login";
	return 303;
}
