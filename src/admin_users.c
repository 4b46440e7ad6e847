/* admin_users.c: the users list with "Add user", and each user's page:
   profile and bio, role, password, sessions, removal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_session.h"
#include "db_user.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "markdown.h"
#include "model.h"
#include "session.h"
#include "site.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define PW_MIN		8	/* characters, as `quire user add' wants */
#define PW_MAX		1024	/* bytes */
#define NAME_MAX_LEN	200
#define EMAIL_MAX_LEN	254
#define BIO_MAX		(16 * 1024)	/* cmark 0.30 is slow on long input */
#define AGENT_SHOWN	160	/* bytes of a browser's name shown */

/* The fields of the user forms; the names are the form's and the
   template's ("err.email"). */
enum ufield {
	UF_LOGIN,
	UF_NAME,
	UF_EMAIL,
	UF_ROLE,
	UF_BIO,
	UF_PASSWORD,
	UF_PASSWORD2,
	UF_CURRENT,
	UF_HEIR,
	UF__MAX
};
static const char *const ufield_names[UF__MAX] = {
	"login", "name", "email", "role", "bio", "password", "password2",
	"current_password", "heir",
};

/* Why each field was refused, if it was. */
struct uerrors {
	const char	*e[UF__MAX];
	int		 n;
};

static void
refuse(struct uerrors *ue, enum ufield f, const char *why)
{
	if (ue->e[f] == NULL)
		ue->n++;
	ue->e[f] = why;
}

/* A form field's value ("" when absent); *clean is 0 if it holds a NUL,
   a control character other than tab and newline, or invalid UTF-8. */
static const char *
field(const struct req *r, const char *name, int *clean)
{
	const struct kv	*kv;

	if ((kv = kv_find(r->form, name)) == NULL) {
		*clean = 1;
		return "";
	}
	*clean = text_clean(kv->val, kv->vallen);
	return kv->val;
}

static void
check_name(struct uerrors *ue, const char *s, int clean)
{
	if (!clean || strpbrk(s, "\r\n\t") != NULL)
		refuse(ue, UF_NAME, N_("The name holds characters that are not "
		    "allowed."));
	else if (*s == '\0')
		refuse(ue, UF_NAME, N_("Please give a name."));
	else if (strlen(s) > NAME_MAX_LEN)
		refuse(ue, UF_NAME, N_("The name is too long (at most 200 "
		    "bytes)."));
}

static void
check_email(struct uerrors *ue, const char *s, int clean)
{
	const char	*at;

	at = strchr(s, '@');
	if (!clean || strpbrk(s, " \t\r\n<>\"") != NULL || at == NULL ||
	    at == s || at[1] == '\0' || strlen(s) > EMAIL_MAX_LEN)
		refuse(ue, UF_EMAIL, N_("Please give an email address, such as "
		    "name@example.org."));
}

/* A new password: why not, or NULL if it will do. */
static const char *
password_problem(const char *pw, int clean)
{
	const char	*p;
	size_t		 n = strlen(pw), chars = 0;

	if (!clean)
		return N_("The password holds characters that are not allowed.");
	if (n > PW_MAX)
		return N_("The password is too long (at most 1024 bytes).");
	for (p = pw; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			chars++;
	if (chars < PW_MIN)
		return N_("The password must be at least 8 characters long.");
	return NULL;
}

/* Argon2id, as `quire user add' makes it: an arena string, or NULL. */
static const char *
hash_password(struct arena *a, const char *pw)
{
	char	 h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return NULL;
	return arena_strdup(a, h);
}

static void
set_errors(struct req *r, struct tval *ctx, const struct uerrors *ue,
    const char *summary)
{
	struct tval	*o;
	int		 i;

	o = tmpl_set_obj(ctx, "err");
	for (i = 0; i < UF__MAX; i++)
		if (ue->e[i] != NULL)
			tmpl_set_text(o, ufield_names[i], _(&r->w->lang,
			    ue->e[i]));
	if (summary != NULL)
		tmpl_set_text(ctx, "error", _(&r->w->lang, summary));
	else if (ue->n > 0)
		tmpl_set_text(ctx, "error", i18n_format(r->arena,
		    _n(&r->w->lang, "Nothing was saved: one field needs "
		    "correcting.", "Nothing was saved: {n} fields need "
		    "correcting.", (unsigned long)ue->n), "n",
		    arena_printf(r->arena, "%d", ue->n), NULL));
}

/* Changes that readers may see: this worker's own commits do not move
   data_version, so reload its copy of the settings (and `changed'). */
static void
reload_site(struct req *r)
{
	(void)site_load(&r->w->db, &r->w->site);
}

/* --- /admin/users ----------------------------------------------------- */

/* What the "Add user" form held (the password is never shown again). */
struct newuser {
	const char	*login;
	const char	*name;
	const char	*email;
	const char	*role;
};

static int
users_page(struct req *r, struct resp *resp, const struct newuser *nu,
    const struct uerrors *ue, int status)
{
	struct tval	*ctx, *list, *o, *add;
	struct user_row	*u;
	int		 n, i;

	if ((ctx = admin_ctx(r, resp, N_("Users"), "users", "admin_users")) ==
	    NULL)
		return 500;
	if (db_user_list(&r->w->db, r->arena, &u, &n) == -1)
		return 503;
	list = tmpl_set_list(ctx, "users");
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "id", u[i].u->id);
		tmpl_set_text(o, "login", u[i].u->login);
		tmpl_set_text(o, "name", u[i].u->name);
		tmpl_set_text(o, "email", u[i].u->email);
		tmpl_set_text(o, "role", u[i].u->role);
		tmpl_set_int(o, "posts", u[i].posts);
		tmpl_set_bool(o, "is_me", u[i].u->id == r->session->user.id);
	}
	add = tmpl_set_obj(ctx, "add");
	tmpl_set_text(add, "login", nu->login);
	tmpl_set_text(add, "name", nu->name);
	tmpl_set_text(add, "email", nu->email);
	tmpl_set_bool(add, "role_admin", strcmp(nu->role, "admin") == 0);
	set_errors(r, ctx, ue, ue->n > 0 ? N_("The user was not added: see the "
	    "fields marked below.") : NULL);
	return status;
}

/* POST /admin/users: validate, hash, insert. */
int
admin_users_save(struct req *r, struct resp *resp)
{
	struct newuser	 nu;
	struct uerrors	 ue = { { 0 }, 0 };
	struct user	 u, old;
	const char	*pw, *why;
	int		 cl_login, cl_name, cl_email, cl_role, cl_pw, rc;
	int64_t		 id;

	nu.login = field(r, "login", &cl_login);
	nu.name = field(r, "name", &cl_name);
	nu.email = field(r, "email", &cl_email);
	nu.role = field(r, "role", &cl_role);
	pw = field(r, "password", &cl_pw);
	if (!cl_login || !db_user_login_valid(nu.login))
		refuse(&ue, UF_LOGIN, N_("A login is 1 to 60 lower-case "
		    "letters, digits, '.', '_' or '-', starting with a letter "
		    "or digit."));
	check_name(&ue, nu.name, cl_name);
	check_email(&ue, nu.email, cl_email);
	if (strcmp(nu.role, "admin") != 0 && strcmp(nu.role, "author") != 0) {
		refuse(&ue, UF_ROLE, N_("Choose admin or author."));
		nu.role = "author";
	}
	if ((why = password_problem(pw, cl_pw)) != NULL)
		refuse(&ue, UF_PASSWORD, why);
	if (ue.e[UF_LOGIN] == NULL) {
		if ((rc = db_user_by_login(&r->w->db, r->arena, nu.login,
		    &old)) == -1)
			return 503;
		if (rc == 1)
			refuse(&ue, UF_LOGIN, N_("A user with this login exists."));
	}
	if (ue.n > 0)
		return users_page(r, resp, &nu, &ue, 422);
	memset(&u, 0, sizeof(u));
	u.login = nu.login;
	u.name = nu.name;
	u.email = nu.email;
	u.role = nu.role;
	if ((u.pwhash = hash_password(r->arena, pw)) == NULL)
		return 503;
	if ((id = db_user_add(&r->w->db, &u, r->now)) == -1)
		return 503;
	if (id == 0) {
		refuse(&ue, UF_LOGIN, N_("A user with this login exists."));
		return users_page(r, resp, &nu, &ue, 422);
	}
	return admin_done(r, resp, "/admin/users", "added");
}

/*
 * GET /admin/users: every user (login, name, email, role, post count)
 * and an "Add user" form. POST /admin/users (login, name, email, role,
 * password): 303 to ?done=added; 422 with the form kept (but not the
 * password) and each error beside its field. Admins only: 403 otherwise.
 */
int
admin_users_show(struct req *r, struct resp *resp)
{
	struct newuser	 nu = { "", "", "", "author" };
	struct uerrors	 ue = { { 0 }, 0 };

	return users_page(r, resp, &nu, &ue, 200);
}


/* --- /admin/users/ID -------------------------------------------------- */

/* The profile form's values: from the database or as typed. */
struct profile {
	const char	*name;
	const char	*email;
	const char	*role;
	const char	*bio;
};

static void
render_sessions(struct req *r, struct tval *ctx, const struct user *u)
{
	struct session_row	*s;
	struct tval		*list, *o;
	struct buf		 b = { 0 };
	size_t			 n;
	int			 ns, i;

	if (db_session_list(&r->w->db, r->arena, u->id, &s, &ns) == -1)
		return;
	list = tmpl_set_list(ctx, "sessions");
	for (i = 0; i < ns; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "sid", s[i].id);
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    s[i].created);
		tmpl_set_text(o, "created", arena_strdup(r->arena,
		    buf_str(&b)));
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    s[i].seen);
		tmpl_set_text(o, "seen", arena_strdup(r->arena, buf_str(&b)));
		tmpl_set_text(o, "addr", s[i].addr);
		n = utf8_prefix(s[i].agent, strlen(s[i].agent), AGENT_SHOWN);
		tmpl_set_text(o, "agent", *s[i].agent == '\0' ? "unknown" :
		    n < strlen(s[i].agent) ? arena_printf(r->arena,
		    "%.*s\xe2\x80\xa6", (int)n, s[i].agent) : s[i].agent);
		tmpl_set_bool(o, "is_current", s[i].id == r->session->id);
	}
	tmpl_set_bool(ctx, "has_sessions", ns > 0);
	tmpl_set_bool(ctx, "other_sessions", ns > 1 ||
	    (ns == 1 && s[0].id != r->session->id));
	buf_free(&b);
}

/* Who may inherit the posts of u: everyone else, the admin first. */
static int
render_heirs(struct req *r, struct tval *ctx, const struct user *u)
{
	struct user_row	*all;
	struct tval	*list, *o;
	int		 n, i;

	if (db_user_list(&r->w->db, r->arena, &all, &n) == -1)
		return -1;
	list = tmpl_set_list(ctx, "heirs");
	for (i = 0; i < n; i++) {
		if (all[i].u->id == u->id) {
			tmpl_set_int(ctx, "post_count", all[i].posts);
			continue;
		}
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "heir_id", all[i].u->id);
		tmpl_set_text(o, "heir_label", arena_printf(r->arena,
		    "%s (%s)", all[i].u->name, all[i].u->login));
		tmpl_set_bool(o, "selected", all[i].u->id ==
		    r->session->user.id);
	}
	return 0;
}

static int
user_page(struct req *r, struct resp *resp, const struct user *u,
    const struct profile *p, const struct uerrors *ue, const char *summary,
    int status)
{
	struct tval	*ctx, *o;
	int		 me = u->id == r->session->user.id;

	if ((ctx = admin_ctx(r, resp, me ? N_("Profile") :
	    i18n_format(r->arena, _(&r->w->lang, "User {login}"), "login",
	    u->login, NULL), "users",
	    "admin_user")) == NULL)
		return 500;
	o = tmpl_set_obj(ctx, "user");
	tmpl_set_int(o, "id", u->id);
	tmpl_set_text(o, "login", u->login);
	tmpl_set_text(o, "action", url_admin_user_a(r->arena, u->id));
	tmpl_set_text(o, "author_url", url_author_a(r->arena, u->login));
	tmpl_set_text(o, "name", p->name);
	tmpl_set_text(o, "email", p->email);
	tmpl_set_text(o, "bio", p->bio);
	tmpl_set_text(o, "role", u->role);
	tmpl_set_bool(o, "role_admin", strcmp(p->role, "admin") == 0);
	tmpl_set_bool(o, "is_me", me);
	tmpl_set_bool(ctx, "can_role", admin_is_admin(r));
	tmpl_set_bool(ctx, "can_remove", admin_is_admin(r) && !me);
	set_errors(r, ctx, ue, summary);
	render_sessions(r, ctx, u);
	if (admin_is_admin(r) && !me && render_heirs(r, ctx, u) == -1)
		return 503;
	return status;
}

static void
profile_of(const struct user *u, struct profile *p)
{
	p->name = u->name;
	p->email = u->email;
	p->role = u->role;
	p->bio = u->bio_md;
}

/* The new password, checked (NULL: none asked for, or refused). For
   one's own account the current password must come with it. */
static const char *
new_password(struct req *r, struct resp *resp, const struct user *u,
    struct uerrors *ue, int *status)
{
	const char	*pw, *pw2, *cur, *why;
	int		 cl, cl2, clc;
	int64_t		 wait;

	pw = field(r, "password", &cl);
	pw2 = field(r, "password2", &cl2);
	cur = field(r, "current_password", &clc);
	if (*pw == '\0' && *pw2 == '\0')
		return NULL;
	if ((why = password_problem(pw, cl)) != NULL)
		refuse(ue, UF_PASSWORD, why);
	else if (strcmp(pw, pw2) != 0)
		refuse(ue, UF_PASSWORD2, N_("The two new passwords differ."));
	if (u->id != r->session->user.id)
		return ue->n > 0 ? NULL : pw;
	if (*cur == '\0' || strlen(cur) > PW_MAX) {
		refuse(ue, UF_CURRENT, N_("To change your password, please also "
		    "give your current one."));
		return NULL;
	}
	if ((wait = session_login_wait(r, u->login)) > 0) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)wait));
		refuse(ue, UF_CURRENT, N_("Too many wrong passwords. Please "
		    "wait a few minutes and try again."));
		*status = 429;
		return NULL;
	}
	if (!session_password_ok(u->pwhash, cur)) {
		session_login_failed(r, u->login);
		refuse(ue, UF_CURRENT, N_("The current password is wrong."));
		return NULL;
	}
	return ue->n > 0 ? NULL : pw;
}

/* POST /admin/users/ID (save): name, email, bio, role, password. */
static int
save_profile(struct req *r, struct resp *resp, const struct user *u)
{
	struct profile	 p;
	struct uerrors	 ue = { { 0 }, 0 };
	struct user	 nu;
	const struct html *h;
	const char	*pw, *hash = NULL;
	int		 cl_name, cl_email, status = 422;
	const struct kv	*bio;

	p.name = field(r, "name", &cl_name);
	p.email = field(r, "email", &cl_email);
	if ((p.role = kv_get(r->form, "role")) == NULL)
		p.role = u->role;
	bio = kv_find(r->form, "bio");
	p.bio = bio ? bio->val : u->bio_md;
	if (strcmp(p.role, "admin") != 0 && strcmp(p.role, "author") != 0) {
		refuse(&ue, UF_ROLE, N_("Choose admin or author."));
		p.role = u->role;
	} else if (strcmp(p.role, u->role) != 0 && !admin_is_admin(r))
		return admin_forbid(resp, N_("Only an admin can change a "
		    "user's role."));
	check_name(&ue, p.name, cl_name);
	check_email(&ue, p.email, cl_email);
	if (bio != NULL && (!utf8_valid(bio->val, bio->vallen) ||
	    memchr(bio->val, '\0', bio->vallen) != NULL))
		refuse(&ue, UF_BIO, N_("The bio holds characters that are not "
		    "allowed."));
	else if (strlen(p.bio) > BIO_MAX)
		refuse(&ue, UF_BIO, N_("The bio is too long (at most 16 KiB)."));
	pw = new_password(r, resp, u, &ue, &status);
	if (ue.n > 0)
		return user_page(r, resp, u, &p, &ue, NULL, status);
	if (pw != NULL && (hash = hash_password(r->arena, pw)) == NULL)
		return 503;
	h = md_render_post(r->arena, p.bio, strlen(p.bio));
	nu = *u;
	nu.name = p.name;
	nu.email = p.email;
	nu.role = p.role;
	nu.bio_md = p.bio;
	nu.bio_html = arena_strndup(r->arena, html_str(h), html_len(h));
	if (db_begin(&r->w->db) == -1)
		return 503;
	/* Counted under the write lock, so two admins cannot demote each
	   other at once. */
	if (strcmp(u->role, "admin") == 0 && strcmp(p.role, "admin") != 0 &&
	    db_user_admin_count(&r->w->db) <= 1) {
		db_rollback(&r->w->db);
		refuse(&ue, UF_ROLE, N_("This is the last admin: make another "
		    "user an admin first."));
		return user_page(r, resp, u, &p, &ue, N_("The last admin cannot "
		    "stop being one; nothing was saved."), 403);
	}
	if (db_user_update(&r->w->db, &nu) != 1)
		goto fail;
	if (hash != NULL && (db_user_set_password_id(&r->w->db, u->id, hash)
	    != 1 || db_session_delete_others(&r->w->db, u->id,
	    r->session->id) == -1))
		goto fail;
	if (db_commit(&r->w->db) == -1)
		return 503;
	reload_site(r);
	return admin_done(r, resp, url_admin_user_a(r->arena, u->id),
	    hash != NULL ? "password" : "saved");
fail:
	db_rollback(&r->w->db);
	return 503;
}

/* POST /admin/users/ID (revoke=SID or revoke_others): end sessions. */
static int
revoke(struct req *r, struct resp *resp, const struct user *u)
{
	const char	*v;
	long long	 sid;

	if (kv_get(r->form, "revoke_others") != NULL) {
		if (db_session_delete_others(&r->w->db, u->id,
		    r->session->id) == -1)
			return 503;
	} else {
		v = kv_get(r->form, "revoke");
		if ((sid = id_parse(v)) < 1)
			return 400;
		if (sid == r->session->id) {
			/* Signing this very browser out is logging out. */
			session_end(r, resp, r->session);
			resp->location = "/admin/login";
			return 303;
		}
		/* Scoped to u: another user's session id does nothing; one
		   already ended is ended, as asked. */
		if (db_session_delete(&r->w->db, sid, u->id) == -1)
			return 503;
	}
	return admin_done(r, resp, url_admin_user_a(r->arena, u->id),
	    "revoked");
}

/* POST /admin/users/ID (remove, heir=ID): the posts go to heir. */
static int
remove_user(struct req *r, struct resp *resp, const struct user *u)
{
	struct uerrors	 ue = { { 0 }, 0 };
	struct profile	 p;
	struct user	 heir;
	const char	*v;
	long long	 hid;
	int		 rc;

	if (!admin_is_admin(r))
		return admin_forbid(resp, N_("Only an admin can remove users."));
	if (u->id == r->session->user.id)
		return admin_forbid(resp, N_("You cannot remove yourself; "
		    "another admin can."));
	if ((v = kv_get(r->form, "heir")) == NULL)
		v = "";
	hid = id_parse(v);
	rc = hid > 0 && hid != u->id ?
	    db_user_by_id(&r->w->db, r->arena, hid, &heir) : 0;
	if (rc == -1)
		return 503;
	if (rc == 0) {
		profile_of(u, &p);
		refuse(&ue, UF_HEIR, N_("Choose who gets this user's posts."));
		return user_page(r, resp, u, &p, &ue, N_("The user was not "
		    "removed."), 422);
	}
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (strcmp(u->role, "admin") == 0 &&
	    db_user_admin_count(&r->w->db) <= 1) {
		db_rollback(&r->w->db);
		return admin_forbid(resp, N_("The last admin cannot be removed."));
	}
	if (db_user_remove(&r->w->db, u->id, heir.id) != 1) {
		db_rollback(&r->w->db);
		return 503;
	}
	if (db_commit(&r->w->db) == -1)
		return 503;
	reload_site(r);
	return admin_done(r, resp, "/admin/users", "deleted");
}

/*
 * GET /admin/users/ID: the user's profile form (name, email, bio, role
 * for admins, new password), their sessions, and (for an admin looking
 * at someone else) "Remove user". Admins may open anyone; an author
 * only themselves (403 otherwise). 404 for no such user.
 * POST /admin/users/ID:
 *   save: name, email, bio, role, password + password2 (and, for one's
 *     own account, current_password): 303 to ?done=saved, or ?done=password
 *     when the password changed, which ends every other session of the
 *     user; 422 with the form kept (passwords never) and errors beside
 *     their fields; 403 for a role change by an author or the demotion
 *     of the last admin; 429 after too many wrong current passwords.
 *   revoke=SID: end one of the user's sessions, 303 to ?done=revoked
 *     (the current one: logged out, 303 to the login page); 400 for a
 *     malformed SID.
 *   revoke_others: end all of the user's sessions but the current one,
 *     303 to ?done=revoked.
 *   remove, heir=ID (admins; not oneself, not the last admin, else 403):
 *     posts to heir, comments kept without the account, sessions ended;
 *     303 to /admin/users?done=deleted; 422 without a valid heir.
 */
/* The user of the route's id, if this user may change them: 0 to go
   on, or the status (403, 404, 503). */
static int
the_user(struct req *r, struct resp *resp, struct user *u)
{
	int	 rc;

	if (!admin_is_admin(r) && r->num[0] != r->session->user.id)
		return admin_forbid(resp, N_("Authors can change only their own "
		    "profile."));
	if ((rc = db_user_by_id(&r->w->db, r->arena, r->num[0], u)) == -1)
		return 503;
	return rc == 0 ? 404 : 0;
}

int
admin_user_show(struct req *r, struct resp *resp)
{
	struct user	 u;
	struct profile	 p;
	struct uerrors	 ue = { { 0 }, 0 };
	int		 rc;

	if ((rc = the_user(r, resp, &u)) != 0)
		return rc;
	profile_of(&u, &p);
	return user_page(r, resp, &u, &p, &ue, NULL, 200);
}

int
admin_user_save(struct req *r, struct resp *resp)
{
	struct user	 u;
	int		 rc;

	if ((rc = the_user(r, resp, &u)) != 0)
		return rc;
	if (kv_get(r->form, "remove") != NULL)
		return remove_user(r, resp, &u);
	if (kv_get(r->form, "revoke_others") != NULL ||
	    kv_get(r->form, "revoke") != NULL)
		return revoke(r, resp, &u);
	return save_profile(r, resp, &u);
}
