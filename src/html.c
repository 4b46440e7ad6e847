/* html.c: the trusted-HTML type. */
#include "arena.h"
#include "html.h"

const struct html *
html_trust(struct arena *a, const char *s, size_t len)
{
	struct html	*h;

	h = arena_alloc(a, sizeof(*h));
	h->s = s;
	h->len = len;
	return h;
}
