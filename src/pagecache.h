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
	struct pc_entry	*next;		/* hash chain */
};

struct pagecache {
	struct pc_entry	*slot[512];
	size_t		 bytes;
	uint64_t	 hits, misses;
};

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
	    int64_t now);
/* Forget everything (the database changed). */
void	pagecache_clear(struct pagecache *);

#endif
