/* db_import.h: named statements for moving a blog in and out (import, export). */
#ifndef QUIRE_DB_IMPORT_H
#define QUIRE_DB_IMPORT_H

#include <stdint.h>

struct db;

/*
 * The rows are read and written whole here, ids, times and all, so that
 * an export imported again gives the same database; the typed db_*.c
 * functions cover what the running site does.
 */
enum db_import {
	DB_IMPORT_COUNTS,
	DB_IMPORT_POST_BY_KEY,
	DB_IMPORT_COMMENT_BY_KEY,
	DB_IMPORT_TAG_PUT,
	DB_IMPORT_TAG_ID,
	DB_IMPORT_TAG_LINK,
	DB_IMPORT_TAG_RECOUNT_ALL,
	DB_IMPORT_FTS_TAGS,
	DB_IMPORT_COMMENT_RECOUNT_ALL,
	DB_IMPORT_USER_UPSERT,
	DB_IMPORT_USER_ID,
	DB_IMPORT_POST_INSERT,
	DB_IMPORT_COMMENT_INSERT,
	DB_IMPORT_COMMENT_PATH,
	DB_IMPORT_SETTINGS,
	DB_IMPORT_USERS,
	DB_IMPORT_USERS_BY_ID,
	DB_IMPORT_TAGS,
	DB_IMPORT_POSTS,
	DB_IMPORT_POST_TAGS,
	DB_IMPORT_COMMENTS,
	DB_IMPORT_POST_COMMENTS,
	DB_IMPORT_REDIRECTS,
	DB_IMPORT_MEDIA,
	DB_IMPORT_MEDIA_INSERT,
	DB_IMPORT_POST_FEATURED,
	DB_IMPORT_MAX_POST_ID,
	DB_IMPORT__MAX
};
extern const char *const db_import_sql[DB_IMPORT__MAX];

/* How many rows the tables people make hold. */
struct db_counts {
	int64_t	 users, posts, comments, tags, redirects;
};

/* Fill *c: 0 or -1 (logged). */
int	db_import_counts(struct db *, struct db_counts *c);
/* The id of the post, or comment, with this import key: the id, 0 if
   there is none, -1 on error. */
int64_t	db_import_post_by_key(struct db *, const char *key);
int64_t	db_import_comment_by_key(struct db *, const char *key);
/*
 * Make sure a tag with this slug exists (name and description are kept
 * from the first that made it; an empty description is filled in), and
 * return its id, or -1.
 */
int64_t	db_import_tag(struct db *, const char *slug, const char *name,
	    const char *description);
/* Link a post to a tag (once): 0 or -1. */
int	db_import_tag_link(struct db *, int64_t post_id, int64_t tag_id);
/* Put the tag names into a post's search index entry: 0 or -1. */
int	db_import_fts_tags(struct db *, int64_t post_id, const char *tags);
/* Recount every tag's posts and every post's approved comments: 0 or -1. */
int	db_import_recount(struct db *);

#endif
