/* fuzz_urlenc.c: percent-decoding, query strings, forms and cookies. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "urlenc.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena	 a = { 0 };
	struct kv	*kv;
	char		*out, *s;
	size_t		 len;

	(void)url_decode(&a, (const char *)data, n, 1, &out, &len);
	(void)path_decode(&a, (const char *)data, n, &out);
	if (form_parse(&a, (const char *)data, n, &kv) == 0)
		for (; kv != NULL; kv = kv->next)
			(void)kv_count(kv, kv->key);
	s = arena_strndup(&a, (const char *)data, n);
	(void)cookie_parse(&a, s, &kv);
	(void)utf8_valid((const char *)data, n);
	(void)text_clean((const char *)data, n);
	(void)utf8_prefix((const char *)data, n, n / 2);
	arena_free(&a);
	return 0;
}
