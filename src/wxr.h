/* wxr.h: a streaming reader of WordPress eXtended RSS (WXR 1.0-1.2) files. */
#ifndef QUIRE_WXR_H
#define QUIRE_WXR_H

#include <stddef.h>
#include <stdio.h>

/*
 * The reader hands over one thing at a time, as soon as its closing tag
 * is read, and forgets it when the callback returns: memory stays flat
 * however large the file. Every string is NUL-terminated UTF-8 ("" when
 * the element was absent) and lives only during the callback.
 */

/* The <channel>'s own fields, as far as read when a callback runs. */
struct wxr_channel {
	const char	*title;
	const char	*link;
	const char	*description;
	const char	*wxr_version;		/* "1.2" */
	const char	*base_site_url;
	const char	*base_blog_url;
};

/* <wp:author> */
struct wxr_author {
	const char	*id;			/* wp:author_id (WXR 1.1+) */
	const char	*login;
	const char	*email;
	const char	*display_name;
	const char	*first_name;
	const char	*last_name;
};

/* <wp:category>, <wp:tag> or <wp:term> at the channel level. */
struct wxr_term {
	const char	*kind;			/* "category" | "tag" | "term" */
	const char	*slug;			/* nicename, as written */
	const char	*name;
	const char	*description;
	const char	*parent;
	const char	*taxonomy;		/* wp:term only */
};

/* <category domain="..." nicename="...">name</category> in an item. */
struct wxr_category {
	const char	*domain;		/* category, post_tag, ... */
	const char	*nicename;
	const char	*name;
};

/* <wp:comment> in an item. */
struct wxr_comment {
	const char	*id;
	const char	*author;
	const char	*author_email;
	const char	*author_url;
	const char	*author_ip;
	const char	*date;			/* local, "YYYY-MM-DD HH:MM:SS" */
	const char	*date_gmt;
	const char	*content;
	const char	*approved;		/* "1", "0", "spam", "trash" */
	const char	*type;			/* "", "comment", "pingback" ... */
	const char	*parent;
	const char	*user_id;
};

/* <wp:postmeta> in an item. */
struct wxr_meta {
	const char	*key;
	const char	*value;
};

/* <item>: a post, page, attachment, menu item ... */
struct wxr_item {
	unsigned long		 line;		/* of <item> in the file */
	const char		*title;
	const char		*link;
	const char		*guid;
	const char		*creator;	/* dc:creator: an author login */
	const char		*content;	/* content:encoded */
	const char		*excerpt;	/* excerpt:encoded */
	const char		*post_id;
	const char		*post_date;
	const char		*post_date_gmt;
	const char		*comment_status;
	const char		*post_name;
	const char		*status;
	const char		*post_parent;
	const char		*post_type;
	const char		*post_password;
	const char		*is_sticky;
	const char		*menu_order;
	const char		*attachment_url;	/* attachments */
	struct wxr_category	*cats;
	size_t			 ncats;
	struct wxr_comment	*comments;
	size_t			 ncomments;
	struct wxr_meta		*meta;
	size_t			 nmeta;
};

/* The value of the item's postmeta key (the last one), or NULL. */
const char	*wxr_meta(const struct wxr_item *, const char *key);

/*
 * The callbacks (any may be NULL). Each returns 0 to go on, or -1 with
 * a reason in err to stop the reading.
 */
struct wxr_handler {
	void	*arg;
	int	(*author)(void *, const struct wxr_channel *,
		    const struct wxr_author *, char *err, size_t errsz);
	int	(*term)(void *, const struct wxr_channel *,
		    const struct wxr_term *, char *err, size_t errsz);
	int	(*item)(void *, const struct wxr_channel *,
		    const struct wxr_item *, char *err, size_t errsz);
};

/*
 * Read a WXR file from f with expat, calling h for each author, term and
 * item in file order. The file must be well-formed XML with an <rss>
 * root, a <channel> and a wp:wxr_version of 1.0, 1.1 or 1.2 before the
 * first item; namespaces are recognised by URI (http or https, any 1.x
 * export version), not by prefix. DTD entity declarations are refused
 * (no entity expansion). A single element's text over 64 MiB is refused.
 * Returns 0, or -1 with "line N: why" in err (a callback's reason gets
 * the line prefixed too).
 */
int	wxr_read(FILE *f, const struct wxr_handler *h, char *err,
	    size_t errsz);

#endif
