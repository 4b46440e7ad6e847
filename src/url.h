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
 * Checking URLs that people and files give.
 *
 * url_http_ok: is u an http:// or https:// URL (any case) with a host,
 * and without white space, controls, quotes, angle brackets, backslashes
 * or the other characters a URL must not hold unencoded (` { } | ^)?
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
