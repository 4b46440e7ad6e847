/* test_esc.c: unit tests for esc.c's XML escaping (esc_xml, esc_xml_cdata). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "esc.h"

/* s on one line: controls shown as '?'. */
static const char *
label(const char *s)
{
	static char	 l[128];
	size_t		 i;

	for (i = 0; s[i] != '\0' && i < sizeof(l) - 1; i++)
		l[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	l[i] = '\0';
	return l;
}

/* fn over the n bytes of s (a heap copy, for ASan) must give want. */
static void
eq(struct check *c, void (*fn)(struct buf *, const char *, size_t),
    const char *name, const char *s, size_t n, const char *want)
{
	struct buf	 b = { 0 };
	char		*p;
	int		 ok;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(p, s, n);
	fn(&b, p, n);
	ok = strcmp(buf_str(&b), want) == 0;
	CHECK(c, ok, "%s: %s", name, label(want));
	if (!ok)
		printf("#   got: %s\n", label(buf_str(&b)));
	free(p);
	buf_free(&b);
}

#define X(c, in, want)	eq(c, esc_xml, "esc_xml", in, sizeof(in) - 1, want)
#define CD(c, in, want)	eq(c, esc_xml_cdata, "esc_xml_cdata", in, \
	    sizeof(in) - 1, want)

int
main(void)
{
	struct check	 c = { 0 };

	X(&c, "a & b <c> \"d\" 'e'",
	    "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;");
	X(&c, "tab\there\nline\r", "tab\there\nline\r");
	X(&c, "c0 \x01\x08\x0b\x0c\x1b\x1f gone", "c0  gone");
	X(&c, "nul \0 gone", "nul  gone");
	X(&c, "U+FFFF \xef\xbf\xbf U+FFFE \xef\xbf\xbe gone",
	    "U+FFFF  U+FFFE  gone");
	X(&c, "U+FFFD \xef\xbf\xbd kept", "U+FFFD \xef\xbf\xbd kept");
	X(&c, "U+1FFFE \xf0\x9f\xbf\xbe U+FDD0 \xef\xb7\x90 kept",
	    "U+1FFFE \xf0\x9f\xbf\xbe U+FDD0 \xef\xb7\x90 kept");
	X(&c, "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8e\x89",
	    "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8e\x89");
	X(&c, "bad \xff \xc3 \xed\xa0\x80 end",
	    "bad \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd end");
	X(&c, "cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd");
	CD(&c, "plain <b>&amp;</b>", "<![CDATA[plain <b>&amp;</b>]]>");
	CD(&c, "a]]>b", "<![CDATA[a]]]]><![CDATA[>b]]>");
	CD(&c, "]]>]]>", "<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>");
	CD(&c, "x\x01\xef\xbf\xbf\xef\xbf\xbey\xff",
	    "<![CDATA[xy\xef\xbf\xbd]]>");
	CD(&c, "", "<![CDATA[]]>");
	return check_done(&c);
}
