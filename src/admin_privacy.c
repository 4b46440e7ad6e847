/* admin_privacy.c: the personal-data tools (admins only): everything
   stored about a commenter, by email, as a JSON download, or their
   comments anonymised or deleted (privacy.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "privacy.h"
#include "site.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "worker.h"

/* What the form holds and what to say about it. */
struct form {
	const char	*email;		/* as typed */
	const char	*err_email;
	int		 del;		/* delete rather than anonymise */
	int64_t		 confirm;	/* comments to erase, asked to confirm */
};

/* A count from the query (?anonymised=N, ?deleted=N): N, or -1. */
static long long
query_count(struct req *r, const char *name)
{
	const char	*q;
	char		*end;
	long long	 n;

	if ((q = http_query(r, name)) == NULL || *q < '0' || *q > '9')
		return -1;
	n = strtoll(q, &end, 10);
	return *end == '\0' && n >= 0 ? n : -1;
}

static int
privacy_page(struct req *r, struct resp *resp, const struct form *f,
    const char *message, int status)
{
	struct tval	*ctx, *c;
	long long	 n;

	if ((ctx = admin_ctx(r, resp, N_("Personal Data"), "privacy",
	    "admin_privacy")) == NULL)
		return 500;
	if ((n = query_count(r, "anonymised")) >= 0)
		tmpl_set_text(ctx, "notice", i18n_format(r->arena,
		    _n(&r->w->lang, "{n} comment anonymised.", "{n} comments "
		    "anonymised.", (unsigned long)n), "n",
		    arena_printf(r->arena, "%lld", n), NULL));
	else if ((n = query_count(r, "deleted")) >= 0)
		tmpl_set_text(ctx, "notice", i18n_format(r->arena,
		    _n(&r->w->lang, "{n} comment deleted.", "{n} comments "
		    "deleted.", (unsigned long)n), "n", arena_printf(r->arena,
		    "%lld", n), NULL));
	tmpl_set_text(ctx, "email", f->email ? f->email : "");
	tv_set(ctx, "err_email", f->err_email ? tv_text(r->arena,
	    f->err_email) : tv_null(r->arena));
	tv_set(ctx, "message", message ? tv_text(r->arena, message) :
	    tv_null(r->arena));
	tmpl_set_bool(ctx, "delete", f->del);
	tmpl_set_int(ctx, "ip_days", r->w->site.ip_days);
	if (f->confirm > 0) {
		c = tmpl_set_obj(ctx, "confirm");
		tmpl_set_text(c, "what", i18n_format(r->arena, f->del ?
		    _n(&r->w->lang, "Delete {n} comment of {email}", "Delete "
		    "{n} comments of {email}", (unsigned long)f->confirm) :
		    _n(&r->w->lang, "Anonymise {n} comment of {email}",
		    "Anonymise {n} comments of {email}", (unsigned long)
		    f->confirm), "n", arena_printf(r->arena, "%lld",
		    (long long)f->confirm), "email", f->email, NULL));
	}
	return status;
}

/* POST action=export: the JSON download, or the page saying why not. */
static int
do_export(struct req *r, struct resp *resp, struct form *f,
    const char *email)
{
	int	 n;

	if ((n = privacy_export(&r->w->db, r->arena, r->w->site.base_url,
	    email, r->now, resp->body)) == -1)
		return 503;
	if (n == 0) {
		buf_reset(resp->body);
		return privacy_page(r, resp, f, i18n_format(r->arena,
		    _(&r->w->lang, "Nothing is stored for {email}: no comments "
		    "or users have this email."), "email", email, NULL), 404);
	}
	resp->content_type = "application/json; charset=utf-8";
	resp->cache = CACHE_NONE;
	resp->admin = 1;
	if (http_header(resp, "Content-Disposition", "attachment; "
	    "filename=\"personal-data.json\"") == -1)
		return 500;
	return 200;
}

/* POST action=erase: a confirmation first, then 303 with the count. */
static int
do_erase(struct req *r, struct resp *resp, struct form *f, const char *email)
{
	int64_t	 n;

	if ((n = privacy_count(&r->w->db, email)) == -1)
		return 503;
	if (n == 0)
		return privacy_page(r, resp, f, i18n_format(r->arena,
		    _(&r->w->lang, "No comments have the email {email}: "
		    "nothing was erased."), "email", email, NULL), 404);
	if (kv_get(r->form, "confirm") == NULL ||
	    strcmp(kv_get(r->form, "confirm"), "1") != 0) {
		f->confirm = n;
		return privacy_page(r, resp, f, NULL, 200);
	}
	if ((n = privacy_erase(&r->w->db, email, f->del)) == -1)
		return 503;
	resp->location = url_admin_privacy_done_a(r->arena, f->del,
	    (long long)n);
	return 303;
}

/*
 * GET /admin/privacy: the personal-data tools (admins only; 403 for
 * authors); ?anonymised=N or ?deleted=N shows what the last erasure did.
 * POST /admin/privacy (email, action=export|erase, delete=1, confirm=1):
 * export: 200 with the JSON as an attachment; erase without confirm: 200
 * with a confirmation (how many comments); with confirm: 303 to
 * ?anonymised=N or ?deleted=N. An empty or over-long email: 422 with
 * the form kept; an email nothing is stored for: 404 with the form;
 * 503 if the database is busy. GET never changes anything.
 */
int
admin_privacy_show(struct req *r, struct resp *resp)
{
	struct form	 f = { 0 };

	return privacy_page(r, resp, &f, NULL, 200);
}

int
admin_privacy_save(struct req *r, struct resp *resp)
{
	struct form	 f = { 0 };
	const char	*action, *email;

	f.email = kv_get(r->form, "email");
	f.del = kv_get(r->form, "delete") != NULL &&
	    strcmp(kv_get(r->form, "delete"), "1") == 0;
	action = kv_get(r->form, "action");
	if (action == NULL || (strcmp(action, "export") != 0 &&
	    strcmp(action, "erase") != 0)) {
		resp->message = N_("The form was not sent whole: there is no "
		    "action export or erase.");
		return 400;
	}
	if (f.email == NULL || (email = privacy_email(r->arena, f.email)) ==
	    NULL) {
		f.err_email = i18n_format(r->arena, _(&r->w->lang, "Email: "
		    "please give the email address (at most {n} characters)."),
		    "n", arena_printf(r->arena, "%d", PRIVACY_EMAIL_MAX), NULL);
		return privacy_page(r, resp, &f, NULL, 422);
	}
	if (strcmp(action, "export") == 0)
		return do_export(r, resp, &f, email);
	return do_erase(r, resp, &f, email);
}
