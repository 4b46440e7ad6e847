/* fuzz_token.c: token and owner-mark verification never accept junk. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return sodium_init() < 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	unsigned char	 key[32];
	char		 s[256], hex[OWNER_KEY_HEX];
	struct token	 t;

	if (n >= sizeof(s))
		return 0;
	memset(key, 9, sizeof(key));
	memcpy(s, data, n);
	s[n] = '\0';
	/* Nothing the fuzzer types is a valid MAC. */
	if (token_check(key, s, 1, 2000000000, 0, 2000000000, "127.0.0.1",
	    &t) == TOKEN_OK)
		abort();
	/* An owner mark parses or not, never past its n bytes, and the
	   key it names is always 32 hex digits. */
	if (owner_parse(s, n, hex) > 0 && strlen(hex) != 2 * OWNER_KEY)
		abort();
	return 0;
}
