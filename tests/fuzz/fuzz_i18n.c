/* fuzz_i18n.c: any bytes as a .mo file and as a Plural-Forms expression:
   opened or refused, and lookups in what opened stay in bounds and
   never give NULL or an empty string for a non-empty msgid. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct i18n		 c;
	struct i18n_plural	 p;
	unsigned char		*mo;
	char			*expr;
	const char		*s;
	unsigned long		 k;

	/* The .mo reader on an exact-size copy (ASan sees overreads). */
	if ((mo = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(mo, data, n);
	if (i18n_mo_open(&c, mo, n) == 0) {
		s = i18n_gettext(&c, "Reply");
		if (s == NULL || *s == '\0')
			abort();
		s = i18n_ngettext(&c, "{n} comment", "{n} comments", 5);
		if (s == NULL || *s == '\0')
			abort();
		(void)i18n_pgettext(&c, "month", "May");
	}
	free(mo);
	/* The expression parser on the same bytes as a string. */
	if ((expr = malloc(n + 1)) == NULL)
		abort();
	memcpy(expr, data, n);
	expr[n] = '\0';
	if (i18n_plural_parse(&p, expr) == 0)
		for (k = 0; k < 130; k += 7)
			(void)i18n_plural_eval(&p, k);
	free(expr);
	return 0;
}
