/* session.h: admin logins, sessions, CSRF tokens and origin checks. */
#ifndef QUIRE_SESSION_H
#define QUIRE_SESSION_H

#include <stdint.h>

#include "model.h"

struct req;
struct resp;

#define SESSION_COOKIE	"quire_session"
#define SESSION_IDLE	(14 * 86400)	/* idle sessions end after this */
#define SESSION_MAX	(90 * 86400)	/* and every session after this */

struct session {
	int64_t		 id;
	struct user	 user;
	char		 csrf[65];	/* hex, for forms */
	int64_t		 created;
};

/*
 * The session named by the request's cookie, if valid and not expired:
 * 1 and *s filled, 0 (none; an expired one is deleted, and s->user.id
 * says whose it was, else 0), -1 on error.
 */
int	session_load(struct req *, struct session *);
/*
 * Start a session for u: a new random id (rotated at every login), its
 * hash stored, the cookie set on resp. The session the request came with,
 * if any, is ended. 0 or -1.
 */
int	session_start(struct req *, struct resp *, const struct user *u);
/* End s (logout): the row deleted, the cookie cleared. */
void	session_end(struct req *, struct resp *, const struct session *s);
/* Does the form's csrf field match the session's? */
int	session_csrf_ok(const struct req *, const struct session *);
/*
 * Did the request come from this site? An Origin (or, without one, a
 * Referer) header must name the site's own scheme and host; a request
 * with neither is allowed (some browsers send none), the CSRF token still
 * guards it.
 */
int	session_origin_ok(const struct req *);
/*
 * Check a password against a crypto_pwhash_str hash; with hash NULL (no
 * such user, or none set) a dummy hash is checked, so that both answers
 * take the same time. 1 if it matches.
 */
int	session_password_ok(const char *hash, const char *password);
/*
 * Login throttling (see session.c): session_login_wait returns the
 * seconds this client must wait before trying this login again (0: go
 * ahead). Counted per login and network (limit_key of the address), per
 * network over all logins, and per login over all networks; the last
 * never stops a network that has not failed for the login in its window.
 * session_login_failed counts a failure; it returns the seconds to wait
 * when the login was already over its limit for all networks (this
 * network was let in only because it had not failed yet, and now has),
 * else 0: the caller then answers that wrong password as refused.
 */
int64_t	session_login_wait(struct req *, const char *login);
int64_t	session_login_failed(struct req *, const char *login);

#endif
