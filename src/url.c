/* url.c: every link the site makes is built here. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "esc.h"
#include "i18n.h"
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

/* Percent-encode a string onto b. */
static void
put_enc(struct buf *b, const char *s)
{
	esc_url_component(b, s, strlen(s));
}

char *
url_feed_of_a(struct arena *a, const char *base)
{
	return arena_printf(a, "%sfeed/", base);
}

char *
url_comments_a(struct arena *a, const struct post *p)
{
	return arena_printf(a, "%s#comments", url_post_a(a, p));
}

char *
url_comment_a(struct arena *a, const struct post *p, int64_t id)
{
	return arena_printf(a, "%s#comment-%lld", url_post_a(a, p),
	    (long long)id);
}

char *
url_reply_a(struct arena *a, int64_t id)
{
	return arena_printf(a, "?replyto=%lld#respond", (long long)id);
}

char *
url_comment_edit_a(struct arena *a, int64_t id)
{
	return arena_printf(a, "/comment/edit?c=%lld", (long long)id);
}

char *
url_avatar_a(struct arena *a, const char *hash)
{
	struct buf	 b = { 0 };

	buf_puts(&b, "/avatar/");
	put_enc(&b, hash);
	buf_puts(&b, ".svg");
	return to_arena(a, &b);
}

char *
url_search_a(struct arena *a, const char *q, long page)
{
	struct buf	 b = { 0 };

	buf_puts(&b, "/search?q=");
	put_enc(&b, q);
	if (page > 1)
		buf_printf(&b, "&page=%ld", page);
	return to_arena(a, &b);
}

char *
url_login_a(struct arena *a, const char *next)
{
	struct buf	 b = { 0 };

	buf_puts(&b, "/admin/login?next=");
	put_enc(&b, next);
	return to_arena(a, &b);
}

char *
url_admin_post_a(struct arena *a, int64_t id)
{
	if (id == 0)
		return arena_strdup(a, "/admin/posts/new");
	return arena_printf(a, "/admin/posts/%lld", (long long)id);
}

char *
url_admin_posts_a(struct arena *a, const char *status, const char *q,
    long page)
{
	struct buf	 b = { 0 };

	buf_puts(&b, "/admin/posts?status=");
	put_enc(&b, status);
	if (*q != '\0') {
		buf_puts(&b, "&q=");
		put_enc(&b, q);
	}
	buf_printf(&b, "&page=%ld", page);
	return to_arena(a, &b);
}

char *
url_admin_comment_a(struct arena *a, int64_t id)
{
	return arena_printf(a, "/admin/comments/%lld", (long long)id);
}

char *
url_admin_comments_a(struct arena *a, const char *status, long page)
{
	struct buf	 b = { 0 };

	buf_puts(&b, "/admin/comments?status=");
	put_enc(&b, status);
	if (page > 0)
		buf_printf(&b, "&page=%ld", page);
	return to_arena(a, &b);
}

char *
url_admin_user_a(struct arena *a, int64_t id)
{
	return arena_printf(a, "/admin/users/%lld", (long long)id);
}

char *
url_admin_privacy_done_a(struct arena *a, int deleted, long long n)
{
	return arena_printf(a, "/admin/privacy?%s=%lld",
	    deleted ? "deleted" : "anonymised", n);
}

char *
url_tag_path_a(struct arena *a, const char *slug, int feed)
{
	return arena_printf(a, "/tag/%s/%s", slug, feed ? "feed/" : "");
}

char *
url_wp_term_a(struct arena *a, int cat, const char *slug)
{
	return arena_printf(a, "/%s/%s/", cat ? "category" : "tag", slug);
}

char *
url_wp_post_a(struct arena *a, const char *id)
{
	return arena_printf(a, "/?p=%s", id);
}

char *
url_wp_page_a(struct arena *a, const char *id)
{
	return arena_printf(a, "/?page_id=%s", id);
}

const char *
url_http_problem(const char *u)
{
	const char	*p;

	if (strncasecmp(u, "http://", 7) != 0 &&
	    strncasecmp(u, "https://", 8) != 0)
		return N_("Please enter a website address starting with http:// "
		    "or https://, or leave it empty.");
	p = strstr(u, "//") + 2;
	if (*p == '\0' || *p == '/')
		return N_("That website address has no site name after the "
		    "http://.");
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '\\')
			return N_("A website address cannot hold spaces or the "
			    "characters < > \" \\. Please check it, or leave it "
			    "empty.");
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
