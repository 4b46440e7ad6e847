/* url.c: every link the site makes is built here. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "esc.h"
#include "model.h"
#include "url.h"

void
url_post(struct buf *b, const char *type, const char *slug, int64_t published)
{
	struct tm	 tm;

	if (type != NULL && strcmp(type, "page") == 0) {
		buf_putc(b, '/');
	} else {
		if (date_local(published, &tm) == -1)
			memset(&tm, 0, sizeof(tm));
		buf_printf(b, "/%04d/%02d/", tm.tm_year + 1900, tm.tm_mon + 1);
	}
	esc_url_component(b, slug, strlen(slug));
	buf_putc(b, '/');
}

void
url_tag(struct buf *b, const char *slug)
{
	buf_puts(b, "/tag/");
	esc_url_component(b, slug, strlen(slug));
	buf_putc(b, '/');
}

void
url_author(struct buf *b, const char *login)
{
	buf_puts(b, "/author/");
	esc_url_component(b, login, strlen(login));
	buf_putc(b, '/');
}

void
url_year(struct buf *b, int year)
{
	buf_printf(b, "/%04d/", year);
}

void
url_month(struct buf *b, int year, int month)
{
	buf_printf(b, "/%04d/%02d/", year, month);
}

void
url_paged(struct buf *b, const char *base, int n)
{
	buf_puts(b, base);
	if (n > 1)
		buf_printf(b, "page/%d/", n);
}

static char *
to_arena(struct arena *a, struct buf *b)
{
	char	*s;

	s = arena_strndup(a, buf_str(b), b->len);
	buf_free(b);
	return s;
}

char *
url_post_a(struct arena *a, const struct post *p)
{
	struct buf	 b = { 0 };

	url_post(&b, p->type, p->slug, p->published);
	return to_arena(a, &b);
}

char *
url_tag_a(struct arena *a, const char *slug)
{
	struct buf	 b = { 0 };

	url_tag(&b, slug);
	return to_arena(a, &b);
}

char *
url_author_a(struct arena *a, const char *login)
{
	struct buf	 b = { 0 };

	url_author(&b, login);
	return to_arena(a, &b);
}

const char *
url_http_problem(const char *u)
{
	const char	*p;

	if (strncasecmp(u, "http://", 7) != 0 &&
	    strncasecmp(u, "https://", 8) != 0)
		return "Please enter a website address starting with http:// "
		    "or https://, or leave it empty.";
	p = strstr(u, "//") + 2;
	if (*p == '\0' || *p == '/')
		return "That website address has no site name after the "
		    "http://.";
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '\\' || *p == '`' ||
		    *p == '{' || *p == '}' || *p == '|' || *p == '^')
			return "A website address cannot hold spaces or the "
			    "characters < > \" \\ ` { } | ^. Please check it, or "
			    "leave it empty.";
	return NULL;
}

int
url_http_ok(const char *u)
{
	return url_http_problem(u) == NULL;
}

int
url_has_scheme(const char *u)
{
	const char	*p = u;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return *p == ':' && !isdigit((unsigned char)p[1]);
}

int
url_local_path(const char *s)
{
	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return 0;
	return 1;
}
