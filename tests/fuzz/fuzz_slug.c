/* fuzz_slug.c: slugs are always valid slugs, or empty. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "slug.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf	 b = { 0 };

	slug_make(&b, (const char *)data, n);
	if (b.len > 0 && !slug_valid(b.p, b.len))
		abort();
	(void)slug_valid((const char *)data, n);
	buf_free(&b);
	return 0;
}
