/* html_links.h: what mentions need from a page of HTML: its links, its
   Webmention and pingback endpoints, and its microformats2 h-entry. */
#ifndef QUIRE_HTML_LINKS_H
#define QUIRE_HTML_LINKS_H

#include <stddef.h>

struct arena;

#define HTML_LINKS_MAX		200	/* links kept from one page */
#define HTML_LINKS_TEXT		300	/* bytes of an excerpt, about */

/* One <a href> of a page: its href (references decoded) and where the
   element is in the page, start tag to end tag. */
struct html_link {
	const char	*href;
	size_t		 start, end;
};

/*
 * What html_links_scan read (strings in the arena, "" when absent):
 * with want set, whether any href or src equals it (before a '#');
 * the first <link> or <a> whose rel holds "webmention" (its href, ""
 * counts: the page itself) and the first with rel "pingback"; the
 * <title>; the first h-entry's p-name, author (the p-name of its
 * p-author h-card, else the p-author's text), e-content and p-summary
 * as plain text; the page's text; and its <a href> links.
 */
struct html_scan {
	const char		*want;		/* in: a URL, or NULL */
	int			 links_want;
	const char		*webmention;	/* NULL: none */
	const char		*pingback;	/* NULL: none */
	const char		*title;
	int			 hentry;	/* an h-entry was found */
	const char		*name, *author, *content, *summary, *text;
	struct html_link	*links;
	int			 nlinks;
};

/* Scan the n bytes of html into s (want set by the caller). Never fails;
   text is cut to a few KiB, links to HTML_LINKS_MAX. */
void	html_links_scan(struct arena *, const char *html, size_t n,
	    struct html_scan *s);
/*
 * An excerpt of plain text t: white space collapsed, cut at a word near
 * max bytes (never inside a UTF-8 character) with "…" added when cut.
 * In the arena.
 */
char	*html_links_excerpt(struct arena *, const char *t, size_t max);
/* Does the space-separated list v (an attribute value) hold word w,
   in any case? 1 or 0. */
int	html_links_has_word(const char *v, const char *w);

#endif
