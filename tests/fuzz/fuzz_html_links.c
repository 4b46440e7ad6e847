/* fuzz_html_links.c: any bytes through html_links_scan (the pages other
   sites answer with); every link's span must lie inside the input and
   start at a '<', and every string must be valid to read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "html_links.h"
#include "mention.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a = { 0 };
	struct html_scan	 s;
	char			*h;
	int			 i;

	memset(&s, 0, sizeof(s));
	s.want = "http://t.example/p/";
	html_links_scan(&a, (const char *)data, size, &s);
	for (i = 0; i < s.nlinks; i++) {
		if (s.links[i].start >= size || s.links[i].end > size ||
		    s.links[i].end < s.links[i].start ||
		    data[s.links[i].start] != '<')
			abort();
		(void)strlen(s.links[i].href);
	}
	(void)strlen(s.title);
	(void)strlen(s.name);
	(void)strlen(s.author);
	(void)strlen(s.content);
	(void)strlen(s.summary);
	if (strlen(s.text) > 9 * 1024)
		abort();
	/* The same bytes as Link header lines. */
	if ((h = malloc(size + 1)) == NULL)
		abort();
	memcpy(h, data, size);
	h[size] = '\0';
	(void)mention_link_header(&a, h);
	free(h);
	arena_free(&a);
	return 0;
}
