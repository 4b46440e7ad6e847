/* db_mention.h: typed access to mentions, both ways (sql/0013). */
#ifndef QUIRE_DB_MENTION_H
#define QUIRE_DB_MENTION_H

#include <stdint.h>

struct arena;
struct db;

enum db_mention {
	DB_MENTION_QUEUE_ADD,
	DB_MENTION_QUEUE_NEXT,
	DB_MENTION_QUEUE_DONE,
	DB_MENTION_HAS_WORK,
	DB_MENTION_BY_SOURCE,
	DB_MENTION_ADD,
	DB_MENTION_UPDATE,
	DB_MENTION_SET_AUTHOR,
	DB_MENTION_TODO_NEXT,
	DB_MENTION_TODO_DEL,
	DB_MENTION_SENT_HASH,
	DB_MENTION_SENT_PUT,
	DB_MENTION_SENT_LIST,
	DB_MENTION__MAX
};
extern const char *const db_mention_sql[DB_MENTION__MAX];

/* A received mention waiting in the queue. */
struct mention_in {
	int64_t		 id;
	const char	*kind;		/* webmention | pingback */
	const char	*source, *target;
	int64_t		 post_id;
	const char	*addr;
};

/* What was sent for one link of a post. */
struct mention_out {
	const char	*target;
	const char	*link_hash;
	const char	*kind;		/* webmention | pingback | none */
	const char	*endpoint;
	int64_t		 code;		/* HTTP status or fault code */
	int		 ok;
	const char	*answer;
	int64_t		 sent;
};

/* Queue a received mention (committed by the caller's statement
   alone): its id, or -1. */
int64_t	db_mention_queue(struct db *, const struct mention_in *,
	    int64_t now);
/* The oldest queued mention: 1 (filled, strings in the arena), 0, -1. */
int	db_mention_next(struct db *, struct arena *, struct mention_in *);
/* Close a queued mention: state done or refused, and why. 0 or -1. */
int	db_mention_done(struct db *, int64_t id, const char *state,
	    const char *result, int64_t now);
/* Is anything queued, either way? 1, 0, -1. */
int	db_mention_has_work(struct db *);
/* The comment made by source on post: its id, 0 if none, -1. */
int64_t	db_mention_comment(struct db *, int64_t post_id, const char *source);
/* Record that comment_id is source's mention of post: 0 or -1. */
int	db_mention_add(struct db *, int64_t comment_id, int64_t post_id,
	    const char *source, const char *author);
/* A mention's new title, URL and text, and its author: 0 or -1. */
int	db_mention_update(struct db *, int64_t comment_id, const char *name,
	    const char *url, const char *md, const char *html,
	    const char *author);
/* A post whose links are to be told: 1 (*post_id and the token of its
   last change), 0, -1; and done with it unless it changed since. */
int	db_mention_todo_next(struct db *, int64_t *post_id, int64_t *token);
int	db_mention_todo_del(struct db *, int64_t post_id, int64_t token);
/* The link hash last sent for post and target, NULL if never. */
const char *db_mention_sent_hash(struct db *, struct arena *,
	    int64_t post_id, const char *target);
/* Store what sending to a target did (replacing the last): 0 or -1. */
int	db_mention_sent_put(struct db *, int64_t post_id,
	    const struct mention_out *);
/* Everything sent for a post, by target: 0 or -1. */
int	db_mention_sent_list(struct db *, struct arena *, int64_t post_id,
	    struct mention_out **out, int *n);

#endif
