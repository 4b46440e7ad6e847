/* fuzz_wxr.c: the streaming WXR reader on any bytes; every string it hands
   over must be NUL-terminated and every callback see consistent counts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wxr.h"

static int
item(void *arg, const struct wxr_channel *ch, const struct wxr_item *it,
    char *err, size_t errsz)
{
	size_t	 i, *total = arg;

	(void)err;
	(void)errsz;
	*total += strlen(ch->wxr_version) + strlen(it->title) +
	    strlen(it->content) + strlen(it->post_type);
	for (i = 0; i < it->ncats; i++)
		*total += strlen(it->cats[i].domain) + strlen(it->cats[i].name);
	for (i = 0; i < it->ncomments; i++)
		*total += strlen(it->comments[i].content) +
		    strlen(it->comments[i].parent);
	return it->ncomments > 1000 ? -1 : 0;
}

static int
term(void *arg, const struct wxr_channel *ch, const struct wxr_term *t,
    char *err, size_t errsz)
{
	size_t	*total = arg;

	(void)ch;
	if (strcmp(t->kind, "category") != 0 && strcmp(t->kind, "tag") != 0 &&
	    strcmp(t->kind, "term") != 0)
		abort();
	*total += strlen(t->slug) + strlen(t->name);
	snprintf(err, errsz, "stop");
	return t->name[0] == '!' ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct wxr_handler	 h = { 0 };
	size_t			 total = 0;
	char			 err[256];
	FILE			*f;

	if (n == 0 || (f = fmemopen((void *)data, n, "r")) == NULL)
		return 0;
	h.arg = &total;
	h.item = item;
	h.term = term;
	if (wxr_read(f, &h, err, sizeof(err)) == -1 &&
	    strncmp(err, "line ", 5) != 0)
		abort();
	fclose(f);
	return 0;
}
