/* admin_mentions.h: the editor's "Mentions sent" block. */
#ifndef QUIRE_ADMIN_MENTIONS_H
#define QUIRE_ADMIN_MENTIONS_H

#include <stdint.h>

struct req;
struct tval;

/*
 * Fill ctx's "mentions_sent" (a list; empty for post_id 0) with what
 * was sent for each link of the post: target, how (Webmention,
 * pingback, or no endpoint), where, when and the answer, for the
 * partial template admin_post_mentions. 0, or -1 (database error).
 */
int	admin_mentions_fill(struct req *, struct tval *ctx, int64_t post_id);

#endif
