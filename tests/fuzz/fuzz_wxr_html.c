/* fuzz_wxr_html.c: imported WordPress HTML; the output's tags must be
   well-formed, hold no event handler, no script-like element and no
   javascript: URL, and sanitizing it again must change nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wxr_html.h"

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Check every tag of s: <name( attr(="...")?)*> or </name>. */
static void
check(const char *s, size_t n)
{
	static const char *const banned[] = { "script", "style", "iframe",
	    "object", "embed", "svg", "math", "base", "meta", NULL };
	char		 name[64], attr[64];
	size_t		 i = 0, k;
	int		 j;

	while (i < n) {
		if (s[i++] != '<')
			continue;
		if (i < n && s[i] == '/')
			i++;
		for (k = 0; i < n && s[i] != ' ' && s[i] != '>'; i++)
			if (k < sizeof(name) - 1)
				name[k++] = (char)lc((unsigned char)s[i]);
		name[k] = '\0';
		for (j = 0; banned[j] != NULL; j++)
			if (strcmp(name, banned[j]) == 0)
				abort();
		while (i < n && s[i] == ' ') {
			for (k = 0, i++; i < n && s[i] != '=' && s[i] != ' ' &&
			    s[i] != '>'; i++)
				if (k < sizeof(attr) - 1)
					attr[k++] = s[i];
			attr[k] = '\0';
			if (strncmp(attr, "on", 2) == 0)
				abort();
			if (i < n && s[i] == '=') {
				if (++i >= n || s[i] != '"')
					abort();
				if ((strcmp(attr, "href") == 0 ||
				    strcmp(attr, "src") == 0) && i + 11 < n &&
				    strncmp(s + i + 1, "javascript:", 11) == 0)
					abort();
				for (i++; i < n && s[i] != '"'; i++)
					if (s[i] == '<' || s[i] == '>')
						abort();
				i++;
			}
		}
		if (i >= n || s[i] != '>')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf	 a = { 0 }, b = { 0 };
	int		 comment = n > 0 && (data[0] & 1);

	wxr_html(&a, (const char *)data, n, comment, NULL);
	check(buf_str(&a), a.len);
	wxr_sanitize(&b, buf_str(&a), a.len, comment, NULL);
	if (b.len != a.len || memcmp(buf_str(&a), buf_str(&b), a.len) != 0)
		abort();
	buf_reset(&a);
	wxr_text(&a, (const char *)data, n);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
