/* mention.h: verifying mentions received and sending them for
   published posts (DESIGN.md, "Mentions"). Run by the keeper's mention
   process only: the network never holds up a request. */
#ifndef QUIRE_MENTION_H
#define QUIRE_MENTION_H

#include <stdint.h>

#include "fetch.h"

struct arena;
struct db;
struct site;

/* What a pass works with: the database (its own connection), the
   site's settings, an arena reset after each item, how to fetch. */
struct mention_ctx {
	struct db		*db;
	struct site		*site;
	struct arena		*arena;
	struct fetch_opts	 fetch;
	int64_t			 now;
};

/*
 * Verify the oldest queued mention: fetch its source; a source that
 * links to the target becomes (or updates) a comment of type
 * webmention or pingback through the comment policy; one that answers
 * 410 or no longer links removes it. Returns 1 (one handled), 0
 * (nothing queued) or -1 (a database error).
 */
int	mention_verify_next(struct mention_ctx *);
/*
 * Tell the pages a queued post links to: for each link not told before
 * (or changed since), and once each link told before that the post no
 * longer has, discover the target's Webmention endpoint, else
 * its pingback server, send, and store the answer. 1, 0 or -1 as above.
 */
int	mention_send_next(struct mention_ctx *);
/*
 * A Webmention endpoint in the Link header lines h (rel="webmention",
 * among others), as written (relative or not), in the arena; NULL if
 * none.
 */
char	*mention_link_header(struct arena *, const char *h);
/*
 * The post a target URL names on this site (base, no trailing slash):
 * 1 with *p filled (any status; strings in the arena), 0 (not a post or
 * page address of this site), -1 (database error).
 */
struct post;
int	mention_target_post(struct db *, struct arena *, const char *base,
	    const char *target, struct post *p);

#endif
