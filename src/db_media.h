/* db_media.h: statements on photos, their files and their uses. */
#ifndef QUIRE_DB_MEDIA_H
#define QUIRE_DB_MEDIA_H

#include <stdint.h>

struct arena;
struct db;
struct media;
struct media_variant;

enum db_media {
	DB_MEDIA_BY_HASH,
	DB_MEDIA_BY_NAME,
	DB_MEDIA_GET,
	DB_MEDIA_VARIANTS,
	DB_MEDIA_INSERT,
	DB_MEDIA_VARIANT_INSERT,
	DB_MEDIA_READY,
	DB_MEDIA_DELETE,
	DB_MEDIA_PENDING,
	DB_MEDIA_LIST,
	DB_MEDIA_USES_CLEAR,
	DB_MEDIA_USES_ADD,
	DB_MEDIA_ALL_FILES,
	DB_MEDIA_PAGE,
	DB_MEDIA_COUNT,
	DB_MEDIA_OWNER,
	DB_MEDIA_USED_BY,
	DB_MEDIA_SET_TEXT,
	DB_MEDIA_UNREADY,
	DB_MEDIA_SET_FEATURED,
	DB_MEDIA_POST_HTML,
	DB_MEDIA_OF_POST,
	DB_MEDIA__MAX
};
extern const char *const db_media_sql[DB_MEDIA__MAX];

/*
 * The ready photo id with its variants into *m (arena strings): 1, 0 if
 * there is none (or it is still pending), -1 on a database error.
 */
int	db_media_get(struct db *, struct arena *, int64_t id, struct media *);
/* The ready photo whose name is name ("ab/ab12..."): its id, 0 if none,
   -1 on error. */
int64_t	db_media_by_name(struct db *, const char *name);
/*
 * The ready photo a URL in a post names: "/media/ID", or "/media/ab/NAME"
 * with or without "-WIDTH.EXT" (any variant's URL). Into *m with its
 * variants: 1, 0 if url names none, -1 on a database error.
 */
int	db_media_by_url(struct db *, struct arena *, const char *url,
	    struct media *);
/* The photo with this content hash, ready or not: its id (and state in
   *pending, 1 if pending), 0 if none, -1 on error. */
int64_t	db_media_by_hash(struct db *, const char *hash, int *pending);
/*
 * Insert m as a pending photo with its variants (in the caller's
 * transaction): its id, or -1. user_id 0 stores NULL.
 */
int64_t	db_media_insert(struct db *, const struct media *, int64_t user_id);
/* Mark photo id ready: 0 or -1. */
int	db_media_ready(struct db *, int64_t id);
/* Delete photo id with its variant rows and uses: 0 or -1. */
int	db_media_delete(struct db *, int64_t id);
/* The variants' files of photo id, ready or not, into *files (arena
   array of arena strings): how many, or -1. */
int	db_media_files(struct db *, struct arena *, int64_t id,
	    const char ***files);
/* Photo ids in the pending state, into *ids (arena): how many, or -1. */
int	db_media_pending(struct db *, struct arena *, int64_t **ids);
/* Post post_id shows exactly the photos ids[0..n): 0 or -1. */
int	db_media_set_uses(struct db *, int64_t post_id, const int64_t *ids,
	    int n);

/*
 * Every file of every ready photo, and every ready imported file (the
 * `files' table: a PDF, an MP3), as paths under the media directory, in
 * order, into *files (arena): how many, or -1. Read in the caller's
 * transaction, so a backup names exactly its snapshot's files.
 */
int	db_media_all_files(struct db *, struct arena *, const char ***files);
/* A post that shows a photo (or has it as its featured image). */
struct media_use {
	int64_t		 post_id;
	const char	*title;
	const char	*status;
};

/*
 * Ready photo ids, newest first, of user_id (0: everyone's), `limit'
 * from `offset', into *ids (arena): how many, or -1. db_media_count
 * counts them all (or -1).
 */
int	db_media_page(struct db *, struct arena *, int64_t user_id, int limit,
	    int offset, int64_t **ids);
int64_t	db_media_count(struct db *, int64_t user_id);
/* Who uploaded ready photo id: the user id, 0 for nobody, -2 if there
   is no such photo, -1 on error. */
int64_t	db_media_owner(struct db *, int64_t id);
/* The posts that show photo id or have it featured, into *u (arena):
   how many, or -1. */
int	db_media_used_by(struct db *, struct arena *, int64_t id,
	    struct media_use **u);
/* Set photo id's alt text and caption: 0 or -1. */
int	db_media_set_text(struct db *, int64_t id, const char *alt,
	    const char *caption);
/* Make photo id pending again (before its files go): 0 or -1. */
int	db_media_unready(struct db *, int64_t id);
/* Post post_id's featured photo (0: none, its first photo stands in):
   0 or -1. */
int	db_media_set_featured(struct db *, int64_t post_id, int64_t media_id);
/* The photos post_id shows or features, then user_id's newest (0:
   nobody's), at most `limit' ids in all, into *ids: how many, or -1. */
int	db_media_choices(struct db *, struct arena *, int64_t post_id,
	    int64_t user_id, int limit, int64_t **ids);
/* Store post_id's body HTML again (photos re-rendered): 0 or -1. */
int	db_media_post_html(struct db *, int64_t post_id, const char *html);

#endif
