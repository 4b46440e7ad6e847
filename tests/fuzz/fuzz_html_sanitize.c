/* fuzz_html_sanitize.c: any HTML through html_sanitize (as the editor's
   HTML and the JSON import take it) and through wxr_html (imported
   WordPress HTML); the output's tags must be well-formed, hold no event
   handler or style, no element off the allow list and no javascript:
   URL, and sanitizing it again must change nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html_sanitize.h"
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
	    "object", "embed", "svg", "math", "base", "meta", "link", "form",
	    "input", "button", "textarea", "select", "frame", "frameset",
	    "applet", "template", "noscript", "html", "body", "head", NULL };
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
			if (strncmp(attr, "on", 2) == 0 ||
			    strcmp(attr, "style") == 0 ||
			    strcmp(attr, "formaction") == 0)
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

/* out = sanitize(s); sanitize(out) must be out again. */
static void
idempotent(const char *s, size_t n, int comment)
{
	struct buf	 b = { 0 };

	html_sanitize(&b, s, n, comment, NULL);
	if (b.len != n || memcmp(buf_str(&b), s, n) != 0)
		abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct buf	 a = { 0 };
	int		 comment = n > 0 && (data[0] & 1);

	html_sanitize(&a, (const char *)data, n, comment, NULL);
	check(buf_str(&a), a.len);
	idempotent(buf_str(&a), a.len, comment);
	buf_reset(&a);
	wxr_html(&a, (const char *)data, n, comment, NULL);
	check(buf_str(&a), a.len);
	idempotent(buf_str(&a), a.len, comment);
	buf_reset(&a);
	wxr_text(&a, (const char *)data, n);
	buf_free(&a);
	return 0;
}
