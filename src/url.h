/* url.h: every link the site makes is built here (cgit's cgit_*_link). */
#ifndef QUIRE_URL_H
#define QUIRE_URL_H

#include <stdint.h>

struct arena;
struct buf;
struct post;

/* Site-relative paths, appended to a buf; slugs are percent-encoded. */
void	url_post(struct buf *, const char *type, const char *slug,
	    int64_t published);	/* /YYYY/MM/SLUG/ or /SLUG/ for pages */
void	url_tag(struct buf *, const char *slug);	/* /tag/SLUG/ */
void	url_author(struct buf *, const char *login);	/* /author/LOGIN/ */
void	url_year(struct buf *, int year);		/* /YYYY/ */
void	url_month(struct buf *, int year, int month);	/* /YYYY/MM/ */
/* base with "page/N/" appended when n > 1 (base ends in '/'). */
void	url_paged(struct buf *, const char *base, int n);

/* The same as arena strings. */
char	*url_post_a(struct arena *, const struct post *);
char	*url_tag_a(struct arena *, const char *slug);
char	*url_author_a(struct arena *, const char *login);

/*
 * More links, as arena strings (the arena owns them; nothing to free).
 * Slugs, logins, statuses and search words are percent-encoded.
 */
char	*url_feed_of_a(struct arena *, const char *base); /* BASE feed/ */
char	*url_comments_a(struct arena *,
	    const struct post *);		/* POST#comments */
char	*url_comment_a(struct arena *, const struct post *,
	    int64_t id);			/* POST#comment-ID */
char	*url_reply_a(struct arena *, int64_t id); /* ?replyto=ID#respond */
char	*url_comment_edit_a(struct arena *, int64_t id); /* /comment/edit?c=ID */
char	*url_avatar_a(struct arena *, const char *hash); /* /avatar/HASH.svg */
/* /search?q=Q, with &page=N when page > 1. */
char	*url_search_a(struct arena *, const char *q, long page);
/* /admin/login?next=NEXT: the login form, then back to next. */
char	*url_login_a(struct arena *, const char *next);
/* /admin/posts/ID, or /admin/posts/new when id is 0. */
char	*url_admin_post_a(struct arena *, int64_t id);
/* /admin/posts?status=S[&q=Q]&page=N: the list (q "": no q). */
char	*url_admin_posts_a(struct arena *, const char *status,
	    const char *q, long page);
char	*url_admin_comment_a(struct arena *, int64_t id); /* /admin/comments/ID */
/* /admin/comments?status=S, with &page=N when page > 0. */
char	*url_admin_comments_a(struct arena *, const char *status, long page);
char	*url_admin_user_a(struct arena *, int64_t id);	/* /admin/users/ID */
/* /admin/privacy?deleted=N or ?anonymised=N: what an erasure did. */
char	*url_admin_privacy_done_a(struct arena *, int deleted, long long n);

/*
 * Paths as the router sees them (decoded, nothing encoded), for the
 * redirect table's keys; never for links.
 * url_tag_path_a: /tag/SLUG/, or /tag/SLUG/feed/ when feed.
 * url_wp_term_a: WordPress's /category/SLUG/ (cat) or /tag/SLUG/.
 * url_wp_post_a, url_wp_page_a: WordPress's /?p=ID and /?page_id=ID.
 */
char	*url_tag_path_a(struct arena *, const char *slug, int feed);
char	*url_wp_term_a(struct arena *, int cat, const char *slug);
char	*url_wp_post_a(struct arena *, const char *id);
char	*url_wp_page_a(struct arena *, const char *id);

/*
 * Checking URLs that people and files give.
 *
 * url_http_ok: is u an http:// or https:// URL (any case) with a host,
 * and without white space, controls, quotes, angle brackets or
 * backslashes?
 * What a commenter's website must be. url_http_problem says what is
 * wrong with one in words for the person who typed it (NULL: nothing).
 * url_has_scheme: does u start with a URI scheme ("javascript:",
 * "mailto:")? A colon and a digit is a port ("example.org:8080"), not
 * a scheme; so a website without one may be made "http://" + u.
 * url_local_path: is s a path on this site, fit for a Location header:
 * it starts with '/', its second character is neither '/' nor '\'
 * (browsers read "//host" and "/\host" as another site), and it
 * holds no white space or controls (browsers drop tabs and newlines)?
 * Each returns 1 or 0.
 */
int	url_http_ok(const char *u);
const char *url_http_problem(const char *u);
int	url_has_scheme(const char *u);
int	url_local_path(const char *s);

#endif
