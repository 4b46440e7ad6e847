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
	DB_IMPORT_ATT_BY_KEY,
	DB_IMPORT_ATT_INSERT,
	DB_IMPORT_ATT_BY_WPID,
	DB_IMPORT_ATT_BY_PAGE,
	DB_IMPORT_ATT_CHILDREN,
	DB_IMPORT_ATT_PARENT,
	DB_IMPORT_ATT_USER,
	DB_IMPORT_UPLOAD_PUT,
	DB_IMPORT_UPLOAD_GET,
	DB_IMPORT_MEDIA_TEXT,
	DB_IMPORT_FILE_BY_HASH,
	DB_IMPORT_FILE_BY_NAME,
	DB_IMPORT_FILE_GET,
	DB_IMPORT_FILE_INSERT,
	DB_IMPORT_FILE_READY,
	DB_IMPORT_FILE_PENDING,
	DB_IMPORT_FILE_DELETE,
	DB_IMPORT_FEATURED,
	DB_IMPORT_POST_BODY,
	DB_IMPORT_X_FILES,
	DB_IMPORT_X_FILE_PUT,
	DB_IMPORT_X_ATTS,
	DB_IMPORT_X_ATT_PUT,
	DB_IMPORT_X_UPLOADS,
	DB_IMPORT_X_MEDIA_ID,
	DB_IMPORT_X_FILE_ID,
	DB_IMPORT_X_POST_TYPE,
	DB_IMPORT_X_MENU,
	DB_IMPORT_X_BLOCKS,
	DB_IMPORT_X_LOOK,
	DB_IMPORT_X_MENTIONS,
	DB_IMPORT_X_MENTION_PUT,
	DB_IMPORT_X_SENT,
	DB_IMPORT_X_SENT_PUT,
	DB_IMPORT_X_WATCH,
	DB_IMPORT_X_WATCH_PUT,
	DB_IMPORT_X_ADDRS,
	DB_IMPORT_X_ADDR_PUT,
	DB_IMPORT_X_EVENTS_MAX,
	DB_IMPORT_X_EVENTS_DROP,
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
/* An imported WordPress attachment: its photo or its file (one is 0). */
struct db_attachment {
	int64_t		 id, media_id, file_id;
};

/*
 * The attachment by import key, by the export's own id (site and
 * wp:post_id), by its old attachment page's path, or by an old upload
 * path (exactly as stored: wxr_upload_strip is the caller's): 1 with *a,
 * 0 if none, -1 on error.
 */
int	db_import_att_by_key(struct db *, const char *key,
	    struct db_attachment *);
int	db_import_att_by_wpid(struct db *, const char *site, const char *id,
	    struct db_attachment *);
int	db_import_att_by_page(struct db *, const char *page,
	    struct db_attachment *);
int	db_import_upload(struct db *, const char *path,
	    struct db_attachment *);
/* A ready file's name ("ab/..hex../NAME") and Content-Type by its id, or
   by its name: 1 (arena strings), 0 if none, -1 on error. */
int	db_import_file(struct db *, struct arena *, int64_t id,
	    const char **name, const char **type);
int	db_import_file_by_name(struct db *, struct arena *, const char *name,
	    const char **type);

/* Recount every tag's posts and every post's approved comments: 0 or -1. */
int	db_import_recount(struct db *);

#endif
