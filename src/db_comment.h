/* db_comment.h: typed access to comments. */
#ifndef QUIRE_DB_COMMENT_H
#define QUIRE_DB_COMMENT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct comment;
struct db;

enum db_comment {
	DB_COMMENT_THREAD,
	DB_COMMENT_BY_ID,
	DB_COMMENT_INSERT,
	DB_COMMENT_SET_PATH,
	DB_COMMENT__MAX
};
extern const char *const db_comment_sql[DB_COMMENT__MAX];

/* What a new comment is made of, beyond struct comment. */
struct comment_new {
	const char		*body_md;
	const char		*addr;
	const char		*agent;
	const unsigned char	*fingerprint;	/* may be NULL */
	size_t			 fingerprint_len;
	const char		*import_key;	/* may be NULL */
};

/*
 * The approved comments of a post in thread order (each reply right
 * after its parent's earlier replies), in an arena array. 0 or -1.
 */
int	db_comment_thread(struct db *, struct arena *, int64_t post_id,
	    struct comment **out, int *n);
/* A comment by id: 1 (filled), 0 or -1. */
int	db_comment_by_id(struct db *, struct arena *, int64_t id,
	    struct comment *);
/*
 * Store a comment: c gives post, parent (0: top level), depth, type,
 * status, author, user and time; the thread path is made here, and the
 * post's comment count is kept right. Call inside a transaction.
 * Returns the new id, or -1.
 */
int64_t	db_comment_add(struct db *, const struct comment *c,
	    const struct comment_new *);

#endif
