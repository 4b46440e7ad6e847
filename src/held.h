/* held.h: never lose a word: a form sent after its session ended, or
   with a stale CSRF token, is held until the author logs in again. */
#ifndef QUIRE_HELD_H
#define QUIRE_HELD_H

#include <stdint.h>

struct req;
struct resp;

#define HELD_COOKIE	"quire_held"
#define HELD_MAX_AGE	3600	/* seconds a held form waits for a login */
#define HELD_PER_NET	30	/* forms held per network an hour */

/*
 * Hold r's form (its text fields but the csrf token) for path r->path,
 * bound to user_id (0: to the next login in this browser): a row in
 * held_forms named by a random id whose hash is stored, and the id in
 * an HttpOnly cookie on resp. 0, or -1 (nothing held: also when this
 * network has had HELD_PER_NET forms held in the last HELD_MAX_AGE).
 */
int	held_hold(struct req *, struct resp *, int64_t user_id);
/*
 * At a login of user_id: bind this browser's held form, if any (not
 * older than HELD_MAX_AGE, and held for this user or for anyone), to
 * it. Returns the path (an /admin/ page) to go back to, in r's arena,
 * or NULL.
 */
const char *held_claim(struct req *, int64_t user_id);
/*
 * A GET of the page a held form was sent to, by the user who claimed
 * it: the form becomes r->form and r->held is set, the row is deleted
 * and the cookie cleared. 1 if so, 0 if not (nothing changed), -1 on a
 * database error.
 */
int	held_take(struct req *, struct resp *);

#endif
