/* pagecache.c: rendered pages kept by each worker, exact by data_version.
   The worker empties it whenever another process commits (PRAGMA
   data_version moves) or it commits itself; entries also age out. */
#include <stdlib.h>
#include <string.h>

#include "antispam.h"
#include "pagecache.h"

static unsigned
hash(const char *s)
{
	unsigned	 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % 512;
}

const struct pc_entry *
pagecache_get(struct pagecache *pc, const char *key, int64_t now)
{
	struct pc_entry	*e;

	for (e = pc->slot[hash(key)]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			if (now - e->stored > PAGECACHE_MAX_AGE)
				break;
			pc->hits++;
			return e;
		}
	pc->misses++;
	return NULL;
}

static char *
dup(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n + 1)) == NULL)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
entry_free(struct pc_entry *e)
{
	free(e->key);
	free(e->content_type);
	free(e->headers);
	free(e->body);
	free(e);
}

void
pagecache_clear(struct pagecache *pc)
{
	struct pc_entry	*e, *next;
	int		 i;

	for (i = 0; i < 512; i++) {
		for (e = pc->slot[i]; e != NULL; e = next) {
			next = e->next;
			entry_free(e);
		}
		pc->slot[i] = NULL;
	}
	pc->bytes = 0;
	pc->ncounts = 0;
}

int
pagecache_count_get(const struct pagecache *pc, int kind, int64_t a,
    int64_t b, int64_t *total)
{
	int	 i, n;

	n = pc->ncounts < PAGECACHE_COUNTS ? pc->ncounts : PAGECACHE_COUNTS;
	for (i = 0; i < n; i++)
		if (pc->counts[i].kind == kind && pc->counts[i].a == a &&
		    pc->counts[i].b == b) {
			*total = pc->counts[i].total;
			return 1;
		}
	return 0;
}

void
pagecache_count_put(struct pagecache *pc, int kind, int64_t a, int64_t b,
    int64_t total)
{
	struct pc_count	*c = &pc->counts[pc->ncounts % PAGECACHE_COUNTS];

	c->kind = kind;
	c->a = a;
	c->b = b;
	c->total = total;
	/* Past the ring's size the count stays there: all slots in use. */
	if (++pc->ncounts == 2 * PAGECACHE_COUNTS)
		pc->ncounts = PAGECACHE_COUNTS;
}

void
pagecache_put(struct pagecache *pc, const char *key, const char *ctype,
    int cache, int64_t last_modified, const char *headers, size_t hlen,
    const char *body, size_t blen, const char *etag, int64_t token_post,
    long token_hole, int64_t now)
{
	struct pc_entry	*e, **pp;
	size_t		 size = strlen(key) + hlen + blen + sizeof(*e);
	unsigned	 h = hash(key);

	if (size > PAGECACHE_MAX_BYTES / 4)
		return;
	/* Replace an old entry for the key. */
	for (pp = &pc->slot[h]; *pp != NULL; pp = &(*pp)->next)
		if (strcmp((*pp)->key, key) == 0) {
			e = *pp;
			*pp = e->next;
			pc->bytes -= strlen(e->key) + e->headerslen +
			    e->bodylen + sizeof(*e);
			entry_free(e);
			break;
		}
	if (pc->bytes + size > PAGECACHE_MAX_BYTES)
		pagecache_clear(pc);
	if ((e = calloc(1, sizeof(*e))) == NULL)
		abort();
	e->key = dup(key, strlen(key));
	e->content_type = dup(ctype, strlen(ctype));
	e->cache = cache;
	e->last_modified = last_modified;
	e->stored = now;
	e->headers = dup(headers, hlen);
	e->headerslen = hlen;
	e->body = dup(body, blen);
	e->bodylen = blen;
	memcpy(e->etag, etag, sizeof(e->etag) - 1);
	e->token_post = token_post;
	e->token_hole = token_hole;
	e->next = pc->slot[h];
	pc->slot[h] = e;
	pc->bytes += size;
}

int
pagecache_token_fill(const unsigned char key[32], char *body, size_t len,
    long hole, int64_t post_id, int64_t now, const char *addr)
{
	char	 token[TOKEN_TEXT];

	if (hole < 0 || (size_t)hole + TOKEN_CHARS > len)
		return 0;
	token_make(key, post_id, now, addr, token);
	memcpy(body + hole, token, TOKEN_CHARS);
	return 1;
}
