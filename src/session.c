/* session.c: admin logins, sessions, CSRF tokens and origin checks. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "antispam.h"
#include "arena.h"
#include "db.h"
#include "db_rate.h"
#include "db_session.h"
#include "db_user.h"
#include "http.h"
#include "session.h"
#include "urlenc.h"
#include "worker.h"

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
		s->user.id = row.user_id;	/* whose it was (held.h) */
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

/*
 * Login throttling. A failure is counted under four keys, each in a
 * fixed window: the (login, network) pair, over 15 minutes and over the
 * hour; the login over all networks, over the hour; the network over
 * all logins, over 15 minutes. The network is limit_key() of the client
 * address (IPv4 as is, IPv6 its /64), so that an attacker elsewhere never
 * locks the owner out of their own network (issue 14, finding 5).
 */
#define LOGIN_WINDOW	900	/* seconds: pair and network counts */
#define LOGIN_PER_PAIR	5	/* failures per login and network */
#define LOGIN_PER_NET	20	/* failures per network, all logins */
#define LOGIN_SLOW	3600	/* seconds: the login's count */
#define LOGIN_PER_LOGIN	50	/* failures per login, all networks */

enum login_key {
	LK_PAIR,	/* "loginnet:NET:LOGIN", LOGIN_WINDOW */
	LK_PAIR_SLOW,	/* "loginnet1h:NET:LOGIN", LOGIN_SLOW */
	LK_LOGIN,	/* "loginall:LOGIN", LOGIN_SLOW */
	LK_NET,		/* "loginaddr:NET", LOGIN_WINDOW */
	LK__MAX
};
static const char *const login_key_names[LK__MAX] = {
	"loginnet", "loginnet1h", "loginall", "loginaddr"
};
static const int login_key_windows[LK__MAX] = {
	LOGIN_WINDOW, LOGIN_SLOW, LOGIN_SLOW, LOGIN_WINDOW
};

/* The counter key of kind k for this client and login (lower case). */
static const char *
login_key(struct req *r, enum login_key k, const char *login)
{
	char	 net[LIMIT_KEY_MAX];
	char	*key, *p;

	limit_key(r->remote_addr != NULL ? r->remote_addr : "", net,
	    sizeof(net));
	switch (k) {
	case LK_LOGIN:
		key = arena_printf(r->arena, "%s:%.100s", login_key_names[k],
		    login);
		break;
	case LK_NET:
		key = arena_printf(r->arena, "%s:%s", login_key_names[k], net);
		break;
	default:
		key = arena_printf(r->arena, "%s:%s:%.100s",
		    login_key_names[k], net, login);
		break;
	}
	for (p = key; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return key;
}

static int64_t
login_count(struct req *r, enum login_key k, const char *login)
{
	return db_rate_count(&r->w->db, login_key(r, k, login), r->now,
	    login_key_windows[k]);
}

/* Seconds until the window of kind k that holds now ends. */
static int64_t
login_window_left(const struct req *r, enum login_key k)
{
	return login_key_windows[k] - r->now % login_key_windows[k];
}

int64_t
session_login_wait(struct req *r, const char *login)
{
	if (login_count(r, LK_PAIR, login) >= LOGIN_PER_PAIR)
		return login_window_left(r, LK_PAIR);
	if (login_count(r, LK_NET, login) >= LOGIN_PER_NET)
		return login_window_left(r, LK_NET);
	/* Guessing spread over many networks slows the login down, but
	   a network that has not failed for it may still try. */
	if (login_count(r, LK_LOGIN, login) >= LOGIN_PER_LOGIN &&
	    login_count(r, LK_PAIR_SLOW, login) > 0)
		return login_window_left(r, LK_LOGIN);
	return 0;
}

int64_t
session_login_failed(struct req *r, const char *login)
{
	int	 crowded, k;

	/* Was this network let in only because it had not failed yet? */
	crowded = login_count(r, LK_LOGIN, login) >= LOGIN_PER_LOGIN;
	if (db_begin(&r->w->db) == 0) {
		for (k = 0; k < LK__MAX; k++)
			(void)db_rate_hit(&r->w->db, login_key(r, k, login),
			    r->now, login_key_windows[k]);
		(void)db_commit(&r->w->db);
	}
	return crowded ? login_window_left(r, LK_LOGIN) : 0;
}
