/* privacy.h: what quire keeps about a person, and for how long:
   addresses cut after ip_days, a commenter's data exported or erased. */
#ifndef QUIRE_PRIVACY_H
#define QUIRE_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;

#define PRIVACY_BATCH	500	/* comments cut by one transaction */
#define PRIVACY_EVERY	600	/* seconds between the keeper's passes */
#define PRIVACY_ADDR_MAX 64	/* room for a cut address and its NUL */
#define PRIVACY_EMAIL_MAX 254

/*
 * An address cut to its network: IPv4 (and IPv4-mapped IPv6) to the /24
 * as "a.b.c.0", IPv6 to the /56 as canonical text with the rest zero
 * ("2001:db8:1:200::"); anything else (a unix socket's "") to "".
 * Writes at most n bytes (PRIVACY_ADDR_MAX is enough) into out.
 */
void	privacy_cut_addr(const char *addr, char *out, size_t n);
/*
 * Cut the addresses of at most max comments created before `before',
 * the oldest first, dropping their user agents and limit keys
 * (author_net), in one short transaction. Returns how many were cut
 * (fewer than max: none are left), or -1 (logged; nothing changed).
 */
int	privacy_cut_batch(struct db *, int64_t before, int max);
/* Likewise for the sessions made before `before' (a few rows, one
   transaction): how many changed, or -1. */
int	privacy_cut_sessions(struct db *, int64_t before);
/*
 * A whole pass, as `quire comments prune' makes it: everything older
 * than ip_days days at now, in batches of PRIVACY_BATCH. The number of
 * comments cut, or -1 (those before the failing batch stay cut).
 */
int64_t	privacy_prune(struct db *, int64_t now, int ip_days);
/*
 * The email a person gave, as looked up: white space trimmed off both
 * ends (an arena copy). NULL if nothing is left, it is longer than
 * PRIVACY_EMAIL_MAX bytes, or it holds control characters.
 */
const char *privacy_email(struct arena *, const char *s);
/*
 * Everything stored about email (matched without regard to case) as one
 * JSON object appended to out: its comments, each with its post's URL
 * (base_url and the path) and title, and the user accounts with that
 * email with their sessions, and "mail": when email confirmed it wants
 * mail (or null) and the comments whose replies it asked for. Returns
 * how many comments, users and reply subscriptions were found (0: out holds an object with empty lists), or -1 (logged).
 */
int	privacy_export(struct db *, struct arena *, const char *base_url,
	    const char *email, int64_t now, struct buf *out);
/* How many comments carry email (any case): n, or -1 (logged). */
int64_t	privacy_count(struct db *, const char *email);
/*
 * Erase email's comments (any case), in one transaction of its own:
 * anonymised (name "Anonymous", email, website, address, user agent
 * gone; text and thread kept), or with del deleted (their replies stay
 * in the thread); the address's confirmation for mail goes too (its
 * reply subscriptions go with the comments' emails). User accounts are
 * not touched. How many comments, or -1 (logged).
 */
int64_t	privacy_erase(struct db *, const char *email, int del);

#endif
