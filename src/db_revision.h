/* db_revision.h: statements on revisions, held forms, post passwords and
   shared drafts (sql/0014-revisions.sql). */
#ifndef QUIRE_DB_REVISION_H
#define QUIRE_DB_REVISION_H

#include <stdint.h>

struct arena;
struct db;

enum db_revision {
	DB_REV_INSERT,
	DB_REV_GET,
	DB_REV_LIST,
	DB_REV_COUNT,
	DB_REV_STORED,
	DB_REV_AUTOSAVE,
	DB_REV_DROP_AUTOSAVES,
	DB_REV_PRUNE,
	DB_REV_EXPORT,
	DB_PW_EXPORT,
	DB_HELD_INSERT,
	DB_HELD_BY_HASH,
	DB_HELD_CLAIM,
	DB_HELD_DELETE,
	DB_HELD_PRUNE,
	DB_POST_PW_SET,
	DB_POST_PW_GET,
	DB_PREVIEW_SET,
	DB_PREVIEW_GET,
	DB_REVISION__MAX
};
extern const char *const db_revision_sql[DB_REVISION__MAX];

/* One revision; body and the rest are NULL in list rows. */
struct revision {
	int64_t		 id;
	int64_t		 post_id;
	int64_t		 author_id;	/* 0: the user is gone */
	const char	*author_name;	/* "" when gone */
	int64_t		 created;
	const char	*kind;		/* save restore autosave conflict import */
	const char	*status;	/* the post's status when saved */
	const char	*title;
	const char	*body;
	int		 html;		/* body is HTML */
	const char	*tags;
	const char	*excerpt;
};

/* Store a revision (id and author_name ignored): its id, or -1. */
int64_t	db_rev_insert(struct db *, const struct revision *);
/* Revision id (in the arena): 1 found, 0 none, -1 on error. */
int	db_rev_get(struct db *, struct arena *, int64_t id, struct revision *);
/* A page of post_id's revisions, newest first, without their text:
   0 with the rows in *out and their number in *n (arena), or -1. */
int	db_rev_list(struct db *, struct arena *, int64_t post_id, int limit,
	    int offset, struct revision **out, int *n);
/* How many revisions post_id has, or -1. */
int64_t	db_rev_count(struct db *, int64_t post_id);
/* The id of the revision the post now holds (its newest save, restore
   or import), 0 when it has none, or -1. */
int64_t	db_rev_stored(struct db *, int64_t post_id);
/* The newest autosave of post_id by user_id: 1 and *rev (id, created), 0 none,
   -1 on error. */
int	db_rev_autosave(struct db *, int64_t post_id, int64_t user_id,
	    struct revision *rev);
/* Drop user's autosaves of post_id: 0 or -1. */
int	db_rev_drop_autosaves(struct db *, int64_t post_id, int64_t user_id);
/* Keep post_id's newest `keep' revisions, every one saved as
   published and the one the post holds; drop the rest. 0 or -1. */
int	db_rev_prune(struct db *, int64_t post_id, int keep);
/* A held form. */
struct held_form {
	int64_t		 id;
	int64_t		 user_id;	/* 0: not yet bound */
	const char	*path;
	const char	*form;		/* urlencoded */
	int64_t		 created;
	int		 claimed;
};
int	db_held_insert(struct db *, const unsigned char hash[32],
	    int64_t user_id, const char *path, const char *form, int64_t now);
/* 1 and *h, 0 none, -1 on error. */
int	db_held_by_hash(struct db *, struct arena *,
	    const unsigned char hash[32], struct held_form *h);
int	db_held_claim(struct db *, int64_t id, int64_t user_id);
int	db_held_delete(struct db *, int64_t id);
/* Drop held forms made before `before'. 0 or -1. */
int	db_held_prune(struct db *, int64_t before);

/* A post's password ('' none): set (0 or -1), read (arena; NULL on
   error). */
int	db_post_pw_set(struct db *, int64_t post_id, const char *pw);
const char *db_post_pw_get(struct db *, struct arena *, int64_t post_id);
/* A shared draft's nonce (NULL: not shared) and expiry. */
int	db_preview_set(struct db *, int64_t post_id, const char *nonce,
	    int64_t expires);
/* 1 with *nonce (arena, NULL when not shared) and *expires, 0 no such
   post, -1 on error. */
int	db_preview_get(struct db *, struct arena *, int64_t post_id,
	    const char **nonce, int64_t *expires);

#endif
