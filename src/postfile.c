/* postfile.c: Markdown post files with a header block. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "postfile.h"

/* Trim, drop matching quotes and YAML list brackets. */
static const char *
clean(struct arena *a, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') ||
	    (s[0] == '\'' && s[n - 1] == '\'') ||
	    (s[0] == '[' && s[n - 1] == ']')))
		s++, n -= 2;
	return arena_strndup(a, s, n);
}

static int
is_fence(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

static int
blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
set(struct arena *a, struct postfile *pf, const char *key, size_t kn,
    const char *val, char *warn, size_t warnsz, int line)
{
	const char	*v;

	v = clean(a, val, strlen(val));
#define KEY(k) (kn == strlen(k) && strncasecmp(key, k, kn) == 0)
	if (KEY("title"))
		pf->title = v;
	else if (KEY("slug"))
		pf->slug = v;
	else if (KEY("tags") || KEY("categories") || KEY("category"))
		pf->tags = pf->tags && *pf->tags ? arena_printf(a, "%s, %s",
		    pf->tags, v) : v;
	else if (KEY("date"))
		pf->date = v;
	else if (KEY("status"))
		pf->status = v;
	else if (KEY("type"))
		pf->type = v;
	else if (KEY("excerpt") || KEY("description") || KEY("summary"))
		pf->excerpt = v;
	else if (KEY("comments"))
		pf->comments = v;
	else if (KEY("draft")) {
		if (strcmp(v, "true") == 0)
			pf->status = "draft";
	} else
		(void)snprintf(warn, warnsz, "line %d: ignored unknown key "
		    "'%.*s'", line, (int)kn, key);
#undef KEY
}

int
postfile_parse(struct arena *a, const char *text, size_t n,
    struct postfile *pf, char *warn, size_t warnsz, char *err, size_t errsz)
{
	const char	*p = text, *end = text + n, *nl, *colon;
	size_t		 len;
	int		 line = 0, fenced = 0, any = 0;
	char		*val;

	memset(pf, 0, sizeof(*pf));
	if (warnsz)
		warn[0] = '\0';
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a byte order mark */
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		if (line == 1 && is_fence(p, len)) {
			fenced = 1;
			continue;
		}
		if (fenced && is_fence(p, len)) {
			p = nl < end ? nl + 1 : end;
			break;
		}
		if (!fenced && blank(p, len)) {
			p = nl < end ? nl + 1 : end;
			break;
		}
		if (fenced && (blank(p, len) || *p == '#'))
			continue;
		colon = memchr(p, ':', len);
		if (colon == NULL || colon == p) {
			snprintf(err, errsz, "line %d: expected 'key: value' "
			    "in the header (end it with a blank line)", line);
			return -1;
		}
		val = arena_strndup(a, colon + 1, (size_t)(nl - colon - 1));
		set(a, pf, p, (size_t)(colon - p), val, warn, warnsz, line);
		any = 1;
		if (nl == end) {
			p = end;
			break;
		}
	}
	if (!any) {
		snprintf(err, errsz, "no header block (start the file with "
		    "'title: ...' lines and a blank line)");
		return -1;
	}
	if (p > end)
		p = end;
	/* Drop blank lines between the header and the body. */
	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	pf->body = arena_strndup(a, p, (size_t)(end - p));
	return 0;
}
