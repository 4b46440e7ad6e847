/* db_admin.h: the statements behind the admin pages' lists and counts. */
#ifndef QUIRE_DB_ADMIN_H
#define QUIRE_DB_ADMIN_H

#include <stdint.h>

#include "model.h"

struct arena;
struct db;

enum db_admin {
	DB_ADMIN_POST_COUNTS,		/* status, count (posts and pages) */
	DB_ADMIN_POST_LIST,		/* by status, title search, paged */
	DB_ADMIN_POST_LIST_COUNT,
	DB_ADMIN_COMMENT_COUNTS,	/* status, count */
	DB_ADMIN_COMMENT_LIST,		/* by status, paged, with post */
	DB_ADMIN_COMMENT_LIST_COUNT,
	DB_ADMIN_COMMENT_SET_STATUS,
	DB_ADMIN_POST_SET_STATUS,
	DB_ADMIN_POST_TRASH,
	DB_ADMIN_POST_RESTORE,
	DB_ADMIN_POST_DELETE,
	DB_ADMIN_REDIRECT_RETARGET,
	DB_ADMIN_REDIRECT_DROP,
	DB_ADMIN_TAG_LIST,		/* every tag, with its links */
	DB_ADMIN_REDIRECT_DROP_TO,
	DB_ADMIN_DRAFTS,		/* newest changed drafts, for the dashboard */
	DB_ADMIN__MAX
};
extern const char *const db_admin_sql[DB_ADMIN__MAX];

/* How many posts or comments have a status. */
struct admin_count {
	const char	*status;
	int64_t		 n;
};

/* A comment of the admin's list: with its post's slug, title, type and
   date (c.post_*) and the network address it came from ("" if none). */
struct admin_comment {
	struct comment	 c;
	const char	*addr;
};

/* A tag of the admin's list: links counts its posts of any status. */
struct admin_tag {
	struct tag	 tag;
	int		 links;
};

/* What the trash button, the restore button and delete-for-good do. */
enum post_move {
	POST_MOVE_TRASH,	/* keeps the status to restore */
	POST_MOVE_RESTORE,	/* the status before, or draft */
	POST_MOVE_DELETE,	/* only from the trash; search index too */
	POST_MOVE__MAX
};

/*
 * In every function below, `author' restricts to the posts of one user
 * and the comments on them (0: everyone's). Arrays and strings are in
 * the arena; list functions return 0 or -1, counts the number or -1
 * (logged).
 */
/* The counts of each status there is (statuses without rows absent). */
int	db_admin_post_counts(struct db *, struct arena *, int64_t author,
	    struct admin_count **, int *n);
int	db_admin_comment_counts(struct db *, struct arena *, int64_t author,
	    struct admin_count **, int *n);
/*
 * Posts and pages with status (""; all but the trash) whose title holds
 * like (a LIKE pattern escaped with \; "": any), newest first: id, type,
 * status, slug, title, published, updated, comment_count and
 * author_name are filled.
 */
int	db_admin_post_list(struct db *, struct arena *, const char *status,
	    int64_t author, const char *like, int limit, int offset,
	    struct post **, int *n);
int64_t	db_admin_post_list_count(struct db *, const char *status,
	    int64_t author, const char *like);
/* Comments with a status, newest first. */
int	db_admin_comment_list(struct db *, struct arena *,
	    enum comment_status, int64_t author, int limit, int offset,
	    struct admin_comment **, int *n);
int64_t	db_admin_comment_list_count(struct db *, enum comment_status,
	    int64_t author);
/* The last changed drafts: id, type, title and updated filled. */
int	db_admin_drafts(struct db *, struct arena *, int64_t author,
	    int limit, struct post **, int *n);
/* Every tag (also those without public posts), by name. */
int	db_admin_tags(struct db *, struct arena *, struct admin_tag **,
	    int *n);
/* Give a comment a status (triggers recount its post): 0 or -1. */
int	db_admin_comment_set_status(struct db *, int64_t id,
	    enum comment_status);
/* Move post id (triggers keep the counts): 0 or -1. */
int	db_admin_post_move(struct db *, int64_t id, enum post_move,
	    int64_t now);
/*
 * Redirects: old links to `from' now go to `to' (retarget); a path in
 * use again is no redirect (drop); old links to a path that is gone are
 * dropped (drop_to). 0 or -1.
 */
int	db_admin_redirect_retarget(struct db *, const char *from,
	    const char *to);
int	db_admin_redirect_drop(struct db *, const char *old_path);
int	db_admin_redirect_drop_to(struct db *, const char *new_path);

#endif
