/* pagecache.h: rendered pages kept by each worker, exact by data_version. */
#ifndef QUIRE_PAGECACHE_H
#define QUIRE_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>

#define PAGECACHE_MAX_BYTES	(6 * 1024 * 1024)	/* per worker */
#define PAGECACHE_MAX_AGE	60			/* seconds */

/* One cached response: what http_resp_write needs to send it again. */
struct pc_entry {
	char		*key;		/* the request URI */
	char		*content_type;
	int		 cache;		/* enum cache_kind */
	int64_t		 last_modified;
	int64_t		 stored;	/* when, for PAGECACHE_MAX_AGE */
	char		*headers;	/* extra header lines */
	size_t		 headerslen;
	char		*body;
	size_t		 bodylen;
	char		 etag[24];
	int64_t		 token_post;	/* body has a token hole (post id) */
	long		 token_hole;	/* where (see struct resp) */
	struct pc_entry	*next;		/* hash chain */
};

/* A list's number of posts (enum post_list and its keys). */
struct pc_count {
	int		 kind;
	int64_t		 a, b;
	int64_t		 total;
};

#define PAGECACHE_COUNTS	32

struct pagecache {
	struct pc_entry	*slot[512];
	size_t		 bytes;
	uint64_t	 hits, misses;
	struct pc_count	 counts[PAGECACHE_COUNTS];	/* a ring */
	int		 ncounts;
};

/*
 * A page that carries a comment form keeps a hole where the form's token
 * goes (a TV_HOLE: tmpl_render_hole reports its offset, and the cache
 * and the page files keep it beside the page). Write a fresh token for
 * post_id, issued now to a client at addr, into body at hole: 1, or 0
 * if there is no hole (hole < 0 or past the body's len).
 */
int	pagecache_token_fill(const unsigned char key[32], char *body,
	    size_t len, long hole, int64_t post_id, int64_t now,
	    const char *addr);

/* The entry for key, or NULL (also when older than PAGECACHE_MAX_AGE). */
const struct pc_entry *pagecache_get(struct pagecache *, const char *key,
	    int64_t now);
/*
 * Keep a copy of a response (bytes copied; a full cache is emptied first,
 * so memory stays under PAGECACHE_MAX_BYTES).
 */
void	pagecache_put(struct pagecache *, const char *key,
	    const char *content_type, int cache, int64_t last_modified,
	    const char *headers, size_t headerslen, const char *body,
	    size_t bodylen, const char *etag, int64_t token_post,
	    long token_hole, int64_t now);
/*
 * The post count of a list, kept beside the pages (a year's archive
 * counts thousands of index entries, and every page of it needs the
 * number): 1 and *total, or 0 when not kept. Exact for the same reason
 * as the pages: pagecache_clear() on every change.
 */
int	pagecache_count_get(const struct pagecache *, int kind, int64_t a,
	    int64_t b, int64_t *total);
void	pagecache_count_put(struct pagecache *, int kind, int64_t a,
	    int64_t b, int64_t total);
/* Forget everything (the database changed). */
void	pagecache_clear(struct pagecache *);

#endif
