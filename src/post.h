/* post.h: saving posts and pages: slug, Markdown, tags, counts, index. */
#ifndef QUIRE_POST_H
#define QUIRE_POST_H

#include <stddef.h>
#include <stdint.h>

struct i18n;

struct arena;
struct db;

struct post_input {
	int64_t		 id;		/* 0: a new post */
	const char	*type;		/* "post" (default) | "page" */
	const char	*status;	/* draft | published (default) | scheduled
					   | pending | private */
	const char	*title;
	const char	*slug;		/* NULL or "": made from the title */
	const char	*body_md;	/* Markdown source */
	const char	*body_html;	/* NULL: rendered from body_md */
	const char	*excerpt;
	const char	*tags;		/* comma-separated names */
	int64_t		 published;	/* 0: now */
	int64_t		 author_id;
	int		 comments_open;
	int		 sticky;
	const char	*import_key;	/* NULL unless imported */
	int		 allow_untitled; /* imports may have no title */
	int		 slug_suffix;	/* a taken slug gets -2, -3 ...
					   instead of an error */
	const struct i18n *lang;	/* post_save's reasons in this
					   language; NULL: English */
	int		*slug_error;	/* if not NULL: set to 1 when the
					   reason is about the slug, else 0 */
};

/*
 * Validate and store a post: renders the Markdown, makes the slug unique
 * (or refuses a taken one), turns published-in-the-future into scheduled,
 * sets the tags and their counts, and updates the search index, all in one
 * savepoint. Returns the post's id, or -1 with a reason fit for the user
 * in err ("the slug 'x' is already used by another post").
 */
int64_t	post_save(struct db *, struct arena *, const struct post_input *,
	    int64_t now, char *err, size_t errsz);
/*
 * A post body's Markdown rendered, with the stored photos it names as
 * <picture>s (markdown.h, md_render_post_photos). HTML in the arena.
 */
struct html;
const struct html *post_render_md(struct db *, struct arena *,
	    const char *md);
/*
 * Render post id's Markdown again (a photo it shows has changed or
 * gone) and store the HTML, its photos' uses and its search entry.
 * Posts kept as HTML are left alone. Call inside a transaction.
 * 0 or -1.
 */
int	post_rerender(struct db *, struct arena *, int64_t id);
/*
 * Put post id into the search index (replacing what was there) with its
 * title, rendered HTML and tag names (any separator); for imports that
 * store rows themselves. Call inside a transaction. Returns 0 or -1.
 */
int	post_reindex(struct db *, struct arena *, int64_t id,
	    const char *title, const char *html, const char *tags);

/*
 * Record which stored photos the post's HTML shows (media_uses), from
 * the "/media/ab/NAME... URLs in its attributes; for imports that store
 * rows themselves. Returns 0 or -1.
 */
int	post_set_uses(struct db *, int64_t post_id, const char *html);

/*
 * A password-protected post (posts.password) as lists and feeds show it
 * to everyone: the title and this, never its text, excerpt or summary.
 */
#define POST_PASSWORD_MAX	200	/* characters */
#define POST_LOCKED_TEXT	"This post is password protected."
#define POST_LOCKED_HTML	"<p class=\"protected\">This post is " \
	"password protected.</p>"
/*
 * Set post id's password ("" for none) and, for a protected post, put
 * only its title in the search index (so no word of its text finds it).
 * Call inside a transaction, after post_save. 0 or -1.
 */
int	post_set_password(struct db *, struct arena *, int64_t id,
	    const char *password, const char *title);

#endif
