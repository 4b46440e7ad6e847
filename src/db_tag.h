/* db_tag.h: typed access to tags and the post-tag links. */
#ifndef QUIRE_DB_TAG_H
#define QUIRE_DB_TAG_H

#include <stdint.h>

struct arena;
struct db;
struct tag;

enum db_tag {
	DB_TAG_BY_SLUG,
	DB_TAG_ALL,
	DB_TAG_TOP,
	DB_TAG_OF_POST,
	DB_TAG_ENSURE,
	DB_TAG_ID_BY_SLUG,
	DB_TAG_LINK,
	DB_TAG_UNLINK_POST,
	DB_TAG_BY_ID,
	DB_TAG_ID_BY_NAME,
	DB_TAG_RENAME,
	DB_TAG_SET_SLUG,
	DB_TAG_MERGE_LINKS,
	DB_TAG_DELETE,
	DB_TAG_FTS_RETAG,
	DB_TAG__MAX
};
extern const char *const db_tag_sql[DB_TAG__MAX];

/* A tag by slug: 1 (filled), 0 (none) or -1. */
int	db_tag_by_slug(struct db *, struct arena *, const char *slug,
	    struct tag *);
/* Tags with public posts by name; the `limit' most used (limit > 0);
   a post's tags by name. Arrays in the arena; 0 or -1. */
int	db_tag_all(struct db *, struct arena *, struct tag **, int *n);
int	db_tag_top(struct db *, struct arena *, int limit, struct tag **,
	    int *n);
int	db_tag_of_post(struct db *, struct arena *, int64_t post_id,
	    struct tag **, int *n);
/*
 * Replace a post's tags with the comma-separated names in list (tags are
 * created on the fly, slugs made from the names); triggers keep every
 * tag's post_count (sql/0005-counts.sql). Call inside a transaction.
 * Returns 0 or -1.
 */
int	db_tag_set_post(struct db *, int64_t post_id,
	    const char *list);
/* A tag by id: 1 (filled, strings in the arena), 0 (none) or -1. */
int	db_tag_by_id(struct db *, struct arena *, int64_t id, struct tag *);
/* The id of a tag called name (ASCII case ignored) other than `except'
   (0: any): the id, 0 for none, -1 on error. */
int64_t	db_tag_named(struct db *, const char *name, int64_t except);
/*
 * The admin's changes to tags, each keeping the search index's tag names
 * and the post counts right. Call inside a transaction; 0 or -1 (logged).
 * rename and set_slug change one column (the slug must be valid and
 * free: the caller checks); merge gives every post of tag `from' tag
 * `into' and deletes `from'; delete removes the tag and
 * its links, keeping the posts.
 */
int	db_tag_rename(struct db *, int64_t id, const char *name);
int	db_tag_set_slug(struct db *, int64_t id, const char *slug);
int	db_tag_merge(struct db *, int64_t from, int64_t into);
int	db_tag_delete(struct db *, int64_t id);

#endif
