/* admin.h: the author's desk, everything under /admin/. */
#ifndef QUIRE_ADMIN_H
#define QUIRE_ADMIN_H

#include <stdint.h>

#include "model.h"

struct req;
struct resp;
struct tval;
struct arena;

/* admin.c: login, logout, dashboard, and what every admin page shares. */
int	admin_login_show(struct req *, struct resp *);
int	admin_login_save(struct req *, struct resp *);
int	admin_logout(struct req *, struct resp *);
/* admin_dashboard.c */
int	admin_dashboard(struct req *, struct resp *);
/* admin_posts.c */
int	admin_posts(struct req *, struct resp *);
int	admin_post_new_show(struct req *, struct resp *);
int	admin_post_new_save(struct req *, struct resp *);
int	admin_post_edit_show(struct req *, struct resp *);
int	admin_post_edit_save(struct req *, struct resp *);
/* admin_media.c: the photo library */
int	admin_media_show(struct req *, struct resp *);
int	admin_media_upload(struct req *, struct resp *);
int	admin_media_one_show(struct req *, struct resp *);
int	admin_media_one_save(struct req *, struct resp *);
/* The photos a request stored (admin_media_store). */
struct media;
struct stored {
	struct media	*m;
	int		*fresh;		/* 1: new, 0: stored before */
	int		 n;
	const char	*error;		/* why not, naming the file */
};
/*
 * Store the request's uploaded files of form field `field' as photos of
 * the logged-in user, alt text from each file's name: all or none.
 * 0 (s->n may be 0: no file was sent), or the status (413, 422, 500)
 * with s->error naming the file, nothing of this call kept.
 */
int	admin_media_store(struct req *, const char *field, struct stored *s);
/* Remove the photos a store made new (a later step failed). */
void	admin_media_unstore(struct req *, const struct stored *);
/* Re-render the posts of uses[0..n) (a photo changed): 0 or -1.
   Inside a transaction. */
struct media_use;
int	admin_media_rerender(struct req *, const struct media_use *, int n);
/* admin_revisions.c: history, comparison, restore, autosave */
int	admin_revisions_show(struct req *, struct resp *);
int	admin_revisions_save(struct req *, struct resp *);
int	admin_autosave(struct req *, struct resp *);
struct revision;
struct post;
/*
 * Store revision v (in the caller's transaction); a save or restore
 * also drops the author's autosaves of the post and prunes its history
 * to the revisions_keep setting (every published one kept). Its id, or
 * -1.
 */
int64_t	admin_rev_record(struct req *, const struct revision *v);
/*
 * The editor's revision parts in ctx for post_id: the history link, a
 * banner for this user's autosave newer than the stored revision, the
 * shared draft link. 0, or -1 on a database error.
 */
int	admin_rev_editor(struct req *, struct tval *ctx, int64_t post_id);
/* The stored version ("theirs") beside a conflicting save: its fields
   and a word diff of its body to yours, in ctx. 0 or -1. */
int	admin_rev_conflict(struct req *, struct tval *ctx, int64_t post_id,
	    const char *title, const char *body, const char *tags,
	    const char *excerpt, const char *yours);
/* POST share / unshare in the editor: a new shared-draft link (the
   old one revoked), or none. 303 to the editor. */
int	admin_post_share(struct req *, struct resp *, const struct post *,
	    int on);
/* admin_posts.c: revision v saved again as the post's text (a new
   revision, kind restore): 303 to the editor, or the editor's error. */
int	admin_post_restore(struct req *, struct resp *, const struct post *,
	    const struct revision *v);
/* admin_comments.c */
int	admin_comments_show(struct req *, struct resp *);
int	admin_comments_save(struct req *, struct resp *);
int	admin_comment_show(struct req *, struct resp *);
int	admin_comment_save(struct req *, struct resp *);
/*
 * Fill list `key' of ctx with the newest `limit' comments of status view
 * (pending, approved, spam, trash) that this user may moderate, with the
 * fields and row buttons of the queue and a plain-text `excerpt'; all in
 * r's arena. Returns how many, or -1 on a database error.
 */
int	admin_comments_list(struct req *, struct tval *ctx, const char *key,
	    enum comment_status view, int limit);
/* admin_tags.c */
int	admin_tags_show(struct req *, struct resp *);
int	admin_tags_save(struct req *, struct resp *);
/* admin_settings.c */
int	admin_settings_show(struct req *, struct resp *);
int	admin_settings_save(struct req *, struct resp *);
/* admin_appearance.c */
int	admin_appearance_show(struct req *, struct resp *);
int	admin_appearance_save(struct req *, struct resp *);
/* admin_privacy.c */
int	admin_privacy_show(struct req *, struct resp *);
int	admin_privacy_save(struct req *, struct resp *);
/* admin_users.c */
int	admin_users_show(struct req *, struct resp *);
int	admin_users_save(struct req *, struct resp *);
int	admin_user_show(struct req *, struct resp *);
int	admin_user_save(struct req *, struct resp *);

/*
 * The root context of an admin page: the user, the CSRF token for its
 * forms, the menu (with the pending comment count) and the title;
 * `section' marks the current menu entry ("posts", "comments" ...). A
 * ?done=CODE query adds the matching canned notice ("Saved." ...).
 * Names the template and makes the response uncacheable. NULL on a
 * database error.
 */
/* A post's status name, translated (admin.c). */
const char	*admin_post_status(struct req *, const char *);
struct tval	*admin_ctx(struct req *, struct resp *, const char *title,
		    const char *section, const char *tmpl);
/* Is the logged-in user an admin (not only an author)? */
int		 admin_is_admin(const struct req *);
/* The author whose posts and comments this user's lists hold (0: an
   admin's lists hold everyone's). */
int64_t		 admin_author_of(const struct req *);
/*
 * The counts of each status, from get (a db_admin_*_counts), into a
 * {status: n} object: every status in the NULL-ended `zero' present, 0
 * when it has no rows. 0, or -1 on a database error.
 */
struct db;
struct admin_count;
int		 admin_status_counts(struct req *, int (*get)(struct db *,
		    struct arena *, int64_t, struct admin_count **, int *),
		    struct tval *o, const char *const *zero);
/*
 * The login form instead of the page a POST was sent to (its session
 * ended, or its token is stale), saying why; next is r's path. The
 * status is 403.
 */
int		 admin_login_again(struct req *, struct resp *,
		    const char *why);
/* What the page of a held form (req->held) tells the author. */
#define ADMIN_HELD_NOTICE "Not saved yet: this is what you typed before " \
	"logging in again. Check it and save."
/* 403 with a reason shown on the themed error page. */
int		 admin_forbid(struct resp *, const char *why);
/* 303 to path (site-relative) with ?done=CODE for the notice. */
int		 admin_done(struct req *, struct resp *, const char *path,
		    const char *code);

#endif
