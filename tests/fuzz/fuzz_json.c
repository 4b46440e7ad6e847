/* fuzz_json.c: the JSON reader (spec tests, import). */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena	 a = { 0 };
	char		 err[128];

	(void)json_parse(&a, (const char *)data, n, err, sizeof(err));
	arena_free(&a);
	return 0;
}
