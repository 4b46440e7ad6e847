/* db_post.h: typed access to posts and pages. */
#ifndef QUIRE_DB_POST_H
#define QUIRE_DB_POST_H

#include <stdint.h>

struct arena;
struct db;
struct post;

enum db_post {
	DB_POST_BY_SLUG,
	DB_POST_BY_ID,
	DB_POST_HOME,
	DB_POST_HOME_COUNT,
	DB_POST_TAG,
	DB_POST_TAG_COUNT,
	DB_POST_RANGE,
	DB_POST_RANGE_COUNT,
	DB_POST_AUTHOR,
	DB_POST_AUTHOR_COUNT,
	DB_POST_PREV,
	DB_POST_NEXT,
	DB_POST_RECENT,
	DB_POST_PAGES,
	DB_POST_ALL,
	DB_POST_INSERT,
	DB_POST_UPDATE,
	DB_POST_SLUG_TAKEN,
	DB_POST_DUE,
	DB_POST_NEXT_DUE,
	DB_POST_SET_STATUS,
	DB_POST_FTS_DELETE,
	DB_POST_FTS_INSERT,
	DB_POST_SEARCH,
	DB_POST_SEARCH_COUNT,
	DB_POST_SEARCH_HIT,
	DB_POST_SEARCH_PUBLIC,
	DB_POST_SEARCH_FLOOR,
	DB_POST_FTS5_API,
	DB_POST_SITEMAP,
	DB_POST__MAX
};
extern const char *const db_post_sql[DB_POST__MAX];

/* Which public list of posts (newest first). */
enum post_list {
	LIST_HOME,	/* all posts */
	LIST_TAG,	/* a = tag id */
	LIST_RANGE,	/* a <= published < b */
	LIST_AUTHOR,	/* a = user id */
	LIST__MAX
};

/*
 * A post or page by slug or id, any status (callers decide what is
 * public). Returns 1 and fills *p (strings in the arena), 0 if there is
 * none, -1 on a database error (logged). With body_md set, also loads the
 * Markdown source.
 */
int	db_post_by_slug(struct db *, struct arena *, const char *slug,
	    struct post *p);
int	db_post_by_id(struct db *, struct arena *, int64_t id, int body_md,
	    struct post *p);
/*
 * One page of a public list: up to limit posts from offset, in *out (an
 * arena array), their number in *n. Returns 0 or -1.
 */
int	db_post_list(struct db *, struct arena *, enum post_list,
	    int64_t a, int64_t b, int limit, int offset, struct post **out,
	    int *n);
/* How many posts a list has in all, or -1. */
int64_t	db_post_count(struct db *, enum post_list, int64_t a, int64_t b);
/* The published post before (older) or after (newer) p: 1, 0 or -1.
   Only id, slug, title and published are filled. */
int	db_post_adjacent(struct db *, struct arena *, const struct post *p,
	    int newer, struct post *out);
/* The newest n public posts, or the public pages (id, slug, title,
   published only). Returns 0 or -1. */
int	db_post_recent(struct db *, struct arena *, int limit,
	    struct post **out, int *n);
int	db_post_pages(struct db *, struct arena *, struct post **out, int *n);
/*
 * Full-text search of public posts and pages for an FTS5 query (already
 * made safe by the caller), best first (bm25, title weighted up; equal
 * scores oldest id first), among the matches from id `floor' on. Each hit's title_marked and snippet
 * hold the text with \x01 before and \x02 after every match. Returns 0
 * or -1; db_post_search_count the total.
 *
 * Ranking reads every match, so a word in most of 100,000 posts would
 * cost a reader (or anyone hammering /search) 100 ms; db_post_search_floor
 * bounds it: the lowest id of the newest `max' matches when there are
 * more (*capped set), else 0 (all of them); -1 on error.
 */
struct search_hit {
	struct post	*post;
	const char	*title_marked;
	const char	*snippet;
};
int	db_post_search(struct db *, struct arena *, const char *query,
	    int64_t floor, int limit, int offset, struct search_hit **out,
	    int *n);
int64_t	db_post_search_count(struct db *, const char *query, int64_t floor);
/* The ranking function of db_post_search on this connection (before any
   EXPLAIN of its statement; db_post_search calls it itself). 0 or -1. */
int	db_post_search_init(struct db *);
int64_t	db_post_search_floor(struct db *, const char *query, int max,
	    int *capped);
/* Every published post and page for the sitemap, posts first, newest
   first: id, slug, type, published and updated filled. 0 or -1. */
int	db_post_sitemap(struct db *, struct arena *, struct post **out,
	    int *n);
/* Publish scheduled posts due by now: the number published, or -1.
   *next gets the time of the next scheduled post (0: none). */
int	db_post_publish_due(struct db *, int64_t now, int64_t *next);

#endif
