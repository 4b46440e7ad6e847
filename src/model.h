/* model.h: rows as the program sees them (strings live in an arena). */
#ifndef QUIRE_MODEL_H
#define QUIRE_MODEL_H

#include <stdint.h>

struct user {
	int64_t		 id;
	const char	*login;
	const char	*name;
	const char	*email;
	const char	*role;		/* "admin" | "author" */
	const char	*bio_md;
	const char	*bio_html;
	const char	*pwhash;	/* NULL: no password set */
};

struct post {
	int64_t		 id;
	const char	*type;		/* "post" | "page" */
	const char	*status;	/* draft published scheduled ... */
	const char	*slug;
	const char	*title;
	int64_t		 published;
	int64_t		 updated;
	int64_t		 created;
	const char	*body_html;
	const char	*body_md;	/* only where asked for */
	const char	*summary;	/* plain text */
	const char	*excerpt;	/* the author's own, may be "" */
	int		 comments_open;
	int		 comment_count;
	int64_t		 author_id;
	const char	*author_login;
	const char	*author_name;
	int64_t		 featured_id;	/* media id chosen, or 0 */
	const char	*password;	/* "" or the post's password: then
					   lists hold no text of it */
};

struct tag {
	int64_t		 id;
	const char	*name;
	const char	*slug;
	const char	*description;
	int		 post_count;
};

/* A comment's status; comment_status_names holds the names stored in
   the database (sql/schema.sql allows no others). */
enum comment_status {
	COMMENT_APPROVED,	/* shown */
	COMMENT_PENDING,	/* held for moderation */
	COMMENT_SPAM,
	COMMENT_TRASH,
	COMMENT_STATUS__MAX
};
extern const char *const comment_status_names[COMMENT_STATUS__MAX];
/* The status named s (may be NULL): 0 with *out set, or -1. */
int	comment_status_parse(const char *s, enum comment_status *out);

struct comment {
	int64_t		 id;
	int64_t		 post_id;
	int64_t		 parent_id;	/* 0: top level */
	int		 depth;		/* 1: top level */
	const char	*type;		/* comment pingback trackback */
	enum comment_status status;
	const char	*author_name;
	const char	*author_email;
	const char	*author_url;
	int64_t		 user_id;	/* 0: not a user of the blog */
	int64_t		 created;
	const char	*body_html;
	const char	*path;		/* thread order key */
	const char	*edit_key;	/* lower hex, "" if none */
	int		 moderated;	/* its status was set after posting */
	/* Only from db_comment_recent: the post it is on. */
	const char	*post_slug;
	const char	*post_title;
	const char	*post_type;
	int64_t		 post_published;
};

#endif
