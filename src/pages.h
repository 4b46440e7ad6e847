/* pages.h: the page handlers, one file per page family. */
#ifndef QUIRE_PAGES_H
#define QUIRE_PAGES_H

struct req;
struct resp;
struct tval;
struct comment;

/* page_home.c */
int	page_home_show(struct req *, struct resp *);
int	page_home_blog(struct req *, struct resp *);
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
/* page_feed.c */
int	page_feed_posts(struct req *, struct resp *);
int	page_feed_tag(struct req *, struct resp *);
int	page_feed_comments(struct req *, struct resp *);
int	page_feed_post_comments(struct req *, struct resp *);
/* page_search.c */
int	page_search_show(struct req *, struct resp *);
struct arena;
const char *search_query(struct arena *, const char *words);
/* page_sitemap.c */
int	page_sitemap_show(struct req *, struct resp *);
int	page_robots_show(struct req *, struct resp *);
/* page_media.c */
int	page_media_show(struct req *, struct resp *);
int	page_media_file(struct req *, struct resp *);
int	page_media_upload(struct req *, struct resp *);
/* avatar.c */
int	page_avatar_show(struct req *, struct resp *);
struct buf;
void	avatar_svg(struct buf *, const unsigned char hash[16]);
/* page_comment.c */
int	comment_post(struct req *, struct resp *);
int	comment_edit_show(struct req *, struct resp *);
int	comment_edit_save(struct req *, struct resp *);
/* page_email.c: the pages the links in mails open */
int	page_email_confirm(struct req *, struct resp *);
int	page_email_unsubscribe(struct req *, struct resp *);
int	page_moderate(struct req *, struct resp *);
/* The dashboard's "mail_waiting" object in ctx when mail waits for more
   than two minutes or failed (the count, since when, the last error). */
void	page_email_dashboard(struct req *, struct tval *ctx);

/*
 * A comment as submitted, kept whole so that a refused form comes back
 * with every character the person typed, plus what was wrong with it.
 */
struct comment_submit {
	const char	*author;
	const char	*email;
	const char	*url;
	const char	*comment;
	long long	 parent_id;
	int		 save;		/* "Save my name..." was ticked */
	int		 notify;	/* "Email me replies" was ticked */
	const char	*err_author;
	const char	*err_email;
	const char	*err_url;
	const char	*err_comment;
	const char	*message;	/* about the whole form (403, 429, 503) */
};

/*
 * page_post.c: render post p (with its thread and comment form) as the
 * answer to a comment submission `sub' (NULL: a plain view) with the
 * given HTTP status. Returns the status, or 500.
 */
struct post;
int	page_post_render(struct req *, struct resp *, const struct post *,
	    const struct comment_submit *, int status);
/*
 * comment_form.c: fill ctx's "respond" object (the form, the hole for
 * its token, the reply target, the privacy note, and what sub kept, or
 * the commenter's remembered details): 0, or 0 with nothing filled when
 * the post takes no comments (and nothing was sent to give back).
 */
int	comment_form_fill(struct req *, struct tval *ctx, const struct post *,
	    const struct comment_submit *);
/*
 * The comments this browser wrote, from its owner cookie: a JSON array
 * of [id, "edit_key hex"] pairs in the request's arena, or NULL for none.
 */
const char *comment_owned(struct req *);
/* Does own (comment_owned) open comment c (by its id and edit_key)? */
int	comment_owns(const char *own, const struct comment *c);
int	comment_is_open(struct req *, const struct post *);
/* page_mention.c: POST /webmention and POST /xmlrpc.php (pingback). */
int	page_mention_webmention(struct req *, struct resp *);
int	page_mention_xmlrpc(struct req *, struct resp *);
/*
 * Does the request carry a commenter's personal state (an owner mark,
 * saved name, email or website)? A page made for it may show their held
 * comments or their details: it is private, never kept by a cache or
 * written as a page file, and no cached page is served for it.
 */
int	comment_personal(const struct req *);
/*
 * After a comment is stored: the owner mark of comment id (its secret
 * derived from the form token's nonce) joins the browser's owner cookie,
 * and the name, email and website are remembered or forgotten as s
 * asks. Set-Cookie headers on resp.
 */
void	comment_cookies_set(struct req *, struct resp *, int64_t id,
	    const unsigned char nonce[16], const struct comment_submit *s);

/*
 * page_protected.c: password-protected posts and shared drafts.
 * POST /protected (post_id, password): the password of a protected post
 * sets a cookie for it, then 303 back; throttled like logins.
 * GET /preview/TOKEN: a shared draft (signed, expiring, revocable).
 */
int	page_protected_unlock(struct req *, struct resp *);
int	page_preview_show(struct req *, struct resp *);
/* May this reader see p's text: it has no password, or the reader's
   cookie for it is right (made with the password it has now)? */
int	page_protected_open(const struct req *, const struct post *p);
/* The page of a protected post to a reader without its cookie: the
   title and the password form (error: why the last try failed). */
int	page_protected_form(struct req *, struct resp *, const struct post *p,
	    const char *error, int status);
/* The path of post id's shared-draft link (arena). */
const char *page_preview_path(struct req *, int64_t id, const char *nonce,
	    int64_t expires);

/*
 * page.c: shared by the handlers above. page_ctx makes the root template
 * context with what the layout needs (site, navigation, sidebar) and a
 * <title>; page_posts fills a list of post summaries; page_paging fills
 * "older"/"newer" links. Each returns 0, or -1 on a database error.
 */
struct post;
struct tval	*page_ctx(struct req *, struct resp *, const char *title);
/* Add an Atom feed to the page's autodiscovery links. */
void		 page_feed_link(struct req *, struct tval *ctx,
		    const char *title, const char *url);
int		 page_post_fields(struct req *, struct tval *, const struct post *);
int		 page_posts(struct req *, struct tval *list,
		    const struct post *, int n, int full);
void		 page_paging(struct req *, struct tval *ctx, const char *base,
		    int page, int pages);
/*
 * The photo that stands for post p: its featured one (featured_id), else
 * the first its HTML shows (the first /media/ URL in it: only attributes
 * hold one), into *m with arena strings: 1, or 0 if none.
 */
struct media;
int		 page_first_photo(struct req *, const struct post *p,
		    struct media *);
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
	const char	*feed;		/* its Atom feed, if any */
	const char	*feed_title;
};
int		 page_list_show(struct req *, struct resp *,
		    const struct page_list *);
/* Page number from the route (1 when absent); pages for a count. */
int		 page_number(const struct req *);
int		 page_count(long long items, int per_page);

/*
 * t as the site shows dates (the date_format setting, or the language's
 * usual), with the time too if with_time. In r's arena.
 */
const char	*page_date(struct req *, int64_t t, int with_time);

#endif
