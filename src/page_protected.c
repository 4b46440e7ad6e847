/* page_protected.c: password-protected posts (the password form, the
   cookie for a post) and shared drafts (/preview/TOKEN). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "db.h"
#include "db_post.h"
#include "db_revision.h"
#include "html.h"
#include "i18n.h"
#include "http.h"
#include "model.h"
#include "pages.h"
#include "session.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "worker.h"

#define PP_COOKIE	"quire_pp_"	/* + the post's id */
#define PP_MAX_AGE	(10 * 86400)
#define MAC_HEX		32		/* 16 bytes of HMAC-SHA256, hex */

/* HMAC-SHA256 of msg under the site's key, its first 16 bytes in hex. */
static void
mac(const struct req *r, const char *msg, char out[MAC_HEX + 1])
{
	unsigned char	 h[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(h, (const unsigned char *)msg, strlen(msg),
	    r->w->site.key);
	sodium_bin2hex(out, MAC_HEX + 1, h, MAC_HEX / 2);
}

/* The cookie value that opens p: made with its password as it is now,
   so a new password closes what the old one opened. */
static void
pp_value(const struct req *r, const struct post *p, char out[MAC_HEX + 1])
{
	char	*msg;
	size_t	 n = strlen(p->password) + 64;

	msg = arena_alloc(r->arena, n);
	(void)snprintf(msg, n, "protected:%lld:%s", (long long)p->id,
	    p->password);
	mac(r, msg, out);
}

int
page_protected_open(const struct req *r, const struct post *p)
{
	char		 want[MAC_HEX + 1], name[40];
	const char	*c;

	if (p->password == NULL || *p->password == '\0')
		return 1;
	if (!r->w->site.has_key)
		return 0;
	(void)snprintf(name, sizeof(name), PP_COOKIE "%lld",
	    (long long)p->id);
	if ((c = http_cookie(r, name)) == NULL || strlen(c) != MAC_HEX)
		return 0;
	pp_value(r, p, want);
	return sodium_memcmp(c, want, MAC_HEX) == 0;
}

int
page_protected_form(struct req *r, struct resp *resp, const struct post *p,
    const char *error, int status)
{
	struct tval	*ctx, *po;

	if ((ctx = page_ctx(r, resp, *p->title ? p->title : "(no title)"))
	    == NULL)
		return 500;
	po = tmpl_set_obj(ctx, "post");
	if (page_post_fields(r, po, p) == -1)
		return 500;
	tmpl_set_int(ctx, "post_id", p->id);
	tv_set(ctx, "error", error ? tv_text(r->arena, error) :
	    tv_null(r->arena));
	resp->ctx = ctx;
	resp->tmpl = "post_protected";
	resp->cache = CACHE_NONE;
	return status;
}

/* The 429 of a throttled password, the form again. */
static int
throttled(struct req *r, struct resp *resp, const struct post *p,
    int64_t wait)
{
	(void)http_header(resp, "Retry-After", arena_printf(r->arena, "%lld",
	    (long long)wait));
	return page_protected_form(r, resp, p, i18n_format(r->arena,
	    _n(&r->w->lang, "Too many wrong passwords. Please wait a minute "
	    "and try again.", "Too many wrong passwords. Please wait {n} "
	    "minutes and try again.", (unsigned long)(wait + 59) / 60), "n",
	    arena_printf(r->arena, "%lld", (long long)(wait + 59) / 60),
	    NULL), 429);
}

/*
 * POST /protected (post_id, password): the right password of a published
 * protected post sets its cookie (10 days) and 303s back to the post; a
 * wrong one: 403 and the form again; 429 with Retry-After when
 * throttled (session.c's login limits, under the name post:ID); 404 for
 * no such published post.
 */
int
page_protected_unlock(struct req *r, struct resp *resp)
{
	struct post	 p;
	const char	*id_s, *pw, *key;
	char		 value[MAC_HEX + 1], *end;
	long long	 id;
	int64_t		 wait;
	int		 rc;

	id_s = kv_get(r->form, "post_id");
	pw = kv_get(r->form, "password");
	id = id_s != NULL ? strtoll(id_s, &end, 10) : 0;
	if (id_s == NULL || *id_s == '\0' || *end != '\0' || id <= 0)
		return 404;
	if ((rc = db_post_by_id(&r->w->db, r->arena, id, 0, &p)) == -1)
		return 503;
	if (rc == 0 || strcmp(p.status, "published") != 0)
		return 404;
	resp->location = url_post_a(r->arena, &p);
	if (*p.password == '\0')
		return 303;
	key = arena_printf(r->arena, "post:%lld", id);
	if ((wait = session_login_wait(r, key)) > 0)
		return throttled(r, resp, &p, wait);
	if (pw == NULL || strlen(pw) != strlen(p.password) ||
	    sodium_memcmp(pw, p.password, strlen(pw)) != 0 ||
	    !r->w->site.has_key) {
		resp->location = NULL;
		if ((wait = session_login_failed(r, key)) > 0)
			return throttled(r, resp, &p, wait);
		return page_protected_form(r, resp, &p, _(&r->w->lang,
		    "That password is not right."), 403);
	}
	pp_value(r, &p, value);
	(void)http_header(resp, "Set-Cookie", arena_printf(r->arena,
	    PP_COOKIE "%lld=%s; Path=/; Max-Age=%d; HttpOnly; "
	    "SameSite=Lax%s", id, value, PP_MAX_AGE, r->https ?
	    "; Secure" : ""));
	return 303;
}

const char *
page_preview_path(struct req *r, int64_t id, const char *nonce,
    int64_t expires)
{
	char	 m[MAC_HEX + 1];

	mac(r, arena_printf(r->arena, "preview:%lld:%lld:%s", (long long)id,
	    (long long)expires, nonce), m);
	return arena_printf(r->arena, "/preview/%lld-%lld-%s", (long long)id,
	    (long long)expires, m);
}

/* TOKEN as ID-EXPIRES-MAC: 0 and its parts, or -1 (not one). */
static int
token_parse(const char *t, long long *id, long long *expires,
    const char **m)
{
	char	*end;

	*id = strtoll(t, &end, 10);
	if (end == t || *end != '-' || *id <= 0)
		return -1;
	t = end + 1;
	*expires = strtoll(t, &end, 10);
	if (end == t || *end != '-' || *expires <= 0)
		return -1;
	*m = end + 1;
	return strlen(*m) == MAC_HEX ? 0 : -1;
}

/*
 * GET /preview/TOKEN: a shared draft or scheduled post (its editor's
 * Share button), marked as a preview, noindex, never cached. 200; 410
 * with a page saying so when the link expired or was revoked (a new
 * link, or none); 404 for a token that names no post.
 */
int
page_preview_show(struct req *r, struct resp *resp)
{
	struct post	 p;
	struct tval	*ctx, *po;
	const char	*m, *nonce, *want;
	long long	 id, expires;
	int64_t		 exp_now;
	int		 rc;

	resp->cache = CACHE_NONE;
	(void)http_header(resp, "X-Robots-Tag", "noindex");
	if (token_parse(r->arg[0], &id, &expires, &m) == -1 ||
	    !r->w->site.has_key)
		return 404;
	if ((rc = db_post_by_id(&r->w->db, r->arena, id, 1, &p)) == -1 ||
	    db_preview_get(&r->w->db, r->arena, id, &nonce, &exp_now) == -1)
		return 503;
	if (rc == 0 || strcmp(p.status, "trash") == 0)
		return 404;
	want = nonce != NULL ? page_preview_path(r, id, nonce, expires) : "";
	if (nonce == NULL || strcmp(want + strlen(want) - MAC_HEX, m) != 0 ||
	    exp_now != expires || expires <= r->now) {
		resp->message = expires <= r->now && nonce != NULL &&
		    exp_now == expires ? N_("This preview link has expired. "
		    "Ask the author for a new one.") : N_("This preview link "
		    "no longer works: the author revoked it or made a new "
		    "one.");
		return 410;
	}
	if ((ctx = page_ctx(r, resp, *p.title ? p.title :
	    _(&r->w->lang, "(no title)"))) ==
	    NULL)
		return 500;
	po = tmpl_set_obj(ctx, "post");
	if (page_post_fields(r, po, &p) == -1)
		return 500;
	tmpl_set_html(po, "body", html_scrollers(r->arena, p.body_html,
	    strlen(p.body_html)));
	tmpl_set_text(ctx, "preview_status", _(&r->w->lang, p.status));
	resp->ctx = ctx;
	resp->tmpl = "preview";
	resp->cache = CACHE_NONE;
	return 200;
}
