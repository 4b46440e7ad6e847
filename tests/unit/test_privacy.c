/*
 * test_privacy.c: addresses cut to their network (privacy_cut_addr) and
 * emails as looked up (privacy_email).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "privacy.h"

static const struct {
	const char	*in, *out;
} cuts[] = {
	{ "192.0.2.77", "192.0.2.0" },
	{ "10.1.2.3", "10.1.2.0" },
	{ "192.0.2.0", "192.0.2.0" },		/* cut already: the same */
	{ "2001:db8:abcd:12ff:1::5", "2001:db8:abcd:1200::" },
	{ "2001:db8:abcd:1200::", "2001:db8:abcd:1200::" },
	{ "2001:DB8:0:0:0:0:0:1", "2001:db8::" },
	{ "::1", "::" },
	{ "fe80::1:2:3:4", "fe80::" },
	{ "2001:db8:aaaa:bbcc:dddd:eeee:ffff:1", "2001:db8:aaaa:bb00::" },
	{ "::ffff:198.51.100.9", "198.51.100.0" },	/* IPv4-mapped */
	{ "", "" },				/* a unix socket */
	{ "not an address", "" },
	{ "192.0.2.300", "" },
	{ NULL, NULL }
};

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };
	char		 out[PRIVACY_ADDR_MAX], small[8];
	const char	*e;
	int		 i;

	for (i = 0; cuts[i].in != NULL; i++) {
		privacy_cut_addr(cuts[i].in, out, sizeof(out));
		CHECK(&c, strcmp(out, cuts[i].out) == 0, "cut '%s': '%s' "
		    "(want '%s')", cuts[i].in, out, cuts[i].out);
	}
	privacy_cut_addr("2001:db8:abcd:12ff::1", small, sizeof(small));
	CHECK(&c, strcmp(small, "") == 0, "too small a buffer: empty, not "
	    "a truncated address");
	e = privacy_email(&a, "  Ann@Example.com \t");
	CHECK(&c, e != NULL && strcmp(e, "Ann@Example.com") == 0,
	    "email trimmed, case kept: '%s'", e ? e : "(null)");
	CHECK(&c, privacy_email(&a, " \t ") == NULL, "blank email refused");
	CHECK(&c, privacy_email(&a, "a@b\x01" "c") == NULL,
	    "control characters refused");
	memset(out, 'a', sizeof(out));
	out[sizeof(out) - 1] = '\0';
	CHECK(&c, privacy_email(&a, out) != NULL, "63 bytes pass");
	arena_free(&a);
	return check_done(&c);
}
