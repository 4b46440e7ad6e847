/* arena.h: per-request bump allocator. */
#ifndef QUIRE_ARENA_H
#define QUIRE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

/*
 * A bump allocator: everything allocated from it lives until
 * arena_reset() (after each request) or arena_free(). Out of memory aborts.
 * A zeroed struct arena is valid and empty.
 */
struct arena {
	struct arena_chunk	*head;	/* newest chunk first */
	size_t			 used;	/* bytes used in head */
};

void	*arena_alloc(struct arena *, size_t);	/* aligned for any type */
void	*arena_zalloc(struct arena *, size_t);	/* zero-filled */
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * An arena array v of *cap elements of size elem that holds n: returned
 * as is while n < *cap, else a copy with twice the room (*cap updated).
 */
void	*arena_grow(struct arena *, void *v, size_t elem, int n, int *cap);
/* Free all but the first chunk and make it empty again. */
void	 arena_reset(struct arena *);
/* Free everything; the arena is empty and reusable afterwards. */
void	 arena_free(struct arena *);

#endif
