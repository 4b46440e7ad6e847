/* session.c: admin logins, sessions, CSRF tokens and origin checks. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "db.h"
#include "db_rate.h"
#include "db_session.h"
#include "db_user.h"
#include "http.h"
#include "session.h"
#include "urlenc.h"
#include "worker.h"

#define LOGIN_WINDOW	900	/* seconds */
#define LOGIN_PER_USER	5	/* failures per login per window */
#define LOGIN_PER_ADDR	20	/* failures per address per window */
#define TOUCH_EVERY	300	/* write `seen' at most this often */

static void
hash_id(const unsigned char id[32], unsigned char out[32])
{
	crypto_generichash(out, 32, id, 32, NULL, 0);
}

static int
cookie_id(const struct req *r, unsigned char id[32])
{
	const char	*c;
	size_t		 n;

	if ((c = http_cookie(r, SESSION_COOKIE)) == NULL)
		return 0;
	if (sodium_base642bin(id, 32, c, strlen(c), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != 32)
		return 0;
	return 1;
}

int
session_load(struct req *r, struct session *s)
{
	struct worker		*w = r->w;
	struct session_row	 row;
	unsigned char		 id[32], h[32];
	int			 rc;

	memset(s, 0, sizeof(*s));
	if (!cookie_id(r, id))
		return 0;
	hash_id(id, h);
	sodium_memzero(id, sizeof(id));
	if ((rc = db_session_by_hash(&w->db, r->arena, h, &row)) != 1)
		return rc;
	if (r->now - row.seen > SESSION_IDLE ||
	    r->now - row.created > SESSION_MAX) {
		(void)db_session_delete(&w->db, row.id, row.user_id);
		return 0;
	}
	if ((rc = db_user_by_id(&w->db, r->arena, row.user_id, &s->user)) != 1)
		return rc;
	s->id = row.id;
	s->created = row.created;
	sodium_bin2hex(s->csrf, sizeof(s->csrf), row.csrf, sizeof(row.csrf));
	if (r->now - row.seen > TOUCH_EVERY)
		(void)db_session_touch(&w->db, row.id, r->now);
	return 1;
}

static void
set_cookie(struct req *r, struct resp *resp, const char *value, int max_age)
{
	(void)http_header(resp, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
	    SESSION_COOKIE, value, max_age, r->https ? "; Secure" : ""));
}

int
session_start(struct req *r, struct resp *resp, const struct user *u)
{
	struct worker	*w = r->w;
	struct session	 old;
	unsigned char	 id[32], h[32], csrf[32];
	char		 text[64];

	if (session_load(r, &old) == 1)
		(void)db_session_delete(&w->db, old.id, old.user.id);
	(void)db_session_prune(&w->db, r->now - SESSION_IDLE,
	    r->now - SESSION_MAX);
	randombytes_buf(id, sizeof(id));
	randombytes_buf(csrf, sizeof(csrf));
	hash_id(id, h);
	if (db_session_insert(&w->db, h, u->id, csrf, r->now, r->remote_addr,
	    r->user_agent) == -1) {
		sodium_memzero(id, sizeof(id));
		return -1;
	}
	sodium_bin2base64(text, sizeof(text), id, sizeof(id),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(id, sizeof(id));
	set_cookie(r, resp, text, SESSION_MAX);
	sodium_memzero(text, sizeof(text));
	return 0;
}

void
session_end(struct req *r, struct resp *resp, const struct session *s)
{
	(void)db_session_delete(&r->w->db, s->id, s->user.id);
	set_cookie(r, resp, "", 0);
}

int
session_csrf_ok(const struct req *r, const struct session *s)
{
	const char	*t;

	if ((t = kv_get(r->form, "csrf")) == NULL || strlen(t) != 64)
		return 0;
	return sodium_memcmp(t, s->csrf, 64) == 0;
}

/* Does url start with the site's own origin (scheme://host[:port])? */
static int
same_origin(const struct req *r, const char *url)
{
	const char	*base = r->w->site.base_url, *p, *host = r->host, *hp;
	size_t		 n, hn;
	char		 own[512];

	/* The configured address, then the address this request came to. */
	p = strstr(base, "://");
	n = p ? (size_t)(p + 3 - base) + strcspn(p + 3, "/") : strlen(base);
	if (strncmp(url, base, n) == 0 && (url[n] == '\0' || url[n] == '/'))
		return 1;
	/*
	 * nginx's fastcgi_params pass the Host without its port ($host):
	 * for the configured host, take the configured port, or
	 * http://host (port 80, another origin) would pass for
	 * http://host:8080.
	 */
	if (p != NULL && strchr(host, ':') == NULL) {
		hp = p + 3;
		hn = *hp == '[' ? strcspn(hp, "]") + 1 : strcspn(hp, ":/");
		if (hn == strlen(host) && strncasecmp(hp, host, hn) == 0 &&
		    hp[hn] == ':')
			host = arena_strndup(r->arena, hp, strcspn(hp, "/"));
	}
	(void)snprintf(own, sizeof(own), "%s://%s", r->https ? "https" :
	    "http", host);
	n = strlen(own);
	return *r->host != '\0' && strncmp(url, own, n) == 0 &&
	    (url[n] == '\0' || url[n] == '/');
}

int
session_origin_ok(const struct req *r)
{
	if (r->origin != NULL)
		return strcmp(r->origin, "null") != 0 && same_origin(r,
		    r->origin);
	if (r->referer != NULL)
		return same_origin(r, r->referer);
	return 1;
}

int
session_password_ok(const char *hash, const char *password)
{
	/* An Argon2id hash of a random password nobody knows. */
	static const char dummy[] = "$argon2id$v=19$m=65536,t=2,p=1$"
	    "BgTwCm9+yzFzUMF1CEDjJQ$"
	    "W8NX/AFCxjjzOK8y+2JijFFxxiPgUqdAnnGBO8X0z1Q";
	int	 ok;

	ok = crypto_pwhash_str_verify(hash != NULL ? hash : dummy, password,
	    strlen(password)) == 0;
	return hash != NULL && ok;
}

static const char *
login_key(struct req *r, const char *login)
{
	char	*k, *p;

	k = arena_printf(r->arena, "login:%.100s", login);
	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

int64_t
session_login_wait(struct req *r, const char *login)
{
	int64_t	 wait = LOGIN_WINDOW - r->now % LOGIN_WINDOW;

	if (db_rate_count(&r->w->db, login_key(r, login), r->now,
	    LOGIN_WINDOW) >= LOGIN_PER_USER)
		return wait;
	if (db_rate_count(&r->w->db, arena_printf(r->arena, "loginaddr:%s",
	    r->remote_addr), r->now, LOGIN_WINDOW) >= LOGIN_PER_ADDR)
		return wait;
	return 0;
}

void
session_login_failed(struct req *r, const char *login)
{
	(void)db_rate_hit(&r->w->db, login_key(r, login), r->now,
	    LOGIN_WINDOW);
	(void)db_rate_hit(&r->w->db, arena_printf(r->arena, "loginaddr:%s",
	    r->remote_addr), r->now, LOGIN_WINDOW);
}
