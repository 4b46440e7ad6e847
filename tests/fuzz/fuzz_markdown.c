/* fuzz_markdown.c: the comment renderer and summaries; the output must
   hold no script, event handler or javascript: link. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
#include "markdown.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena		 a = { 0 };
	struct buf		 b = { 0 };
	const struct html	*h;

	if (n > 16 * 1024)	/* the comment limit (cmark 0.30 is slow) */
		return 0;
	h = md_render_comment(&a, (const char *)data, n);
	if (strstr(html_str(h), "<script") != NULL ||
	    strstr(html_str(h), "<img") != NULL ||
	    strstr(html_str(h), "href=\"javascript:") != NULL ||
	    strstr(html_str(h), "<h1") != NULL)
		abort();
	md_summary(&b, html_str(h), html_len(h), 55);
	buf_free(&b);
	(void)md_render_post(&a, (const char *)data, n);
	arena_free(&a);
	return 0;
}
