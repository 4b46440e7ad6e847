/* pages.h: the page handlers, one file per page family. */
#ifndef QUIRE_PAGES_H
#define QUIRE_PAGES_H

struct req;
struct resp;
struct tval;

/* page_home.c */
int	page_home_show(struct req *, struct resp *);
/* page_post.c */
int	page_post_show(struct req *, struct resp *);
int	page_post_page(struct req *, struct resp *);
/* page_tag.c */
int	page_tag_show(struct req *, struct resp *);
int	page_tag_index(struct req *, struct resp *);
/* page_archive.c */
int	page_archive_year(struct req *, struct resp *);
int	page_archive_month(struct req *, struct resp *);
/* page_author.c */
int	page_author_show(struct req *, struct resp *);

/*
 * page.c: shared by the handlers above. page_ctx makes the root template
 * context with what the layout needs (site, navigation, sidebar) and a
 * <title>; page_posts fills a list of post summaries; page_paging fills
 * "older"/"newer" links. Each returns 0, or -1 on a database error.
 */
struct post;
struct tval	*page_ctx(struct req *, struct resp *, const char *title);
int		 page_post_fields(struct req *, struct tval *, const struct post *);
int		 page_posts(struct req *, struct tval *list,
		    const struct post *, int n, int full);
void		 page_paging(struct req *, struct tval *ctx, const char *base,
		    int page, int pages);
/*
 * A paginated list of posts (home, tag, date and author archives):
 * counts, 404 past the last page, fills posts, paging and headings, and
 * names the template. Returns an HTTP status.
 */
struct html;
struct page_list {
	int		 kind;		/* enum post_list */
	long long	 a, b;		/* its keys */
	const char	*base;		/* URL of page 1, ending in '/' */
	const char	*title;		/* <title>; NULL: the site's */
	const char	*heading_prefix; /* "Tag Archives: " */
	const char	*heading;	/* "IMS" */
	const struct html *description;	/* tag description, author bio */
	const char	*tmpl;		/* "home" or "archive" */
	int		 full;		/* full bodies, not summaries */
	int		 empty_ok;	/* page 1 of an empty list is 200 */
};
int		 page_list_show(struct req *, struct resp *,
		    const struct page_list *);
/* Page number from the route (1 when absent); pages for a count. */
int		 page_number(const struct req *);
int		 page_count(long long items, int per_page);

#endif
