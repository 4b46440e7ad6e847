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

#endif
