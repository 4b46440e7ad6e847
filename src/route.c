/* route.c: the one route table and its matcher. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "http.h"
#include "i18n.h"
#include "admin.h"
#include "pages.h"
#include "page_chrome.h"
#include "route.h"

#define FORM_MAX	(64 * 1024)
#define POST_MAX	(1024 * 1024)	/* the post editor's form */
#define APPEARANCE_MAX	(256 * 1024)	/* 64 KiB of CSS and the menu */
#define ADMIN		(ROUTE_ADMIN | ROUTE_AUTH | ROUTE_CSRF)
#define HOLD		(ADMIN | ROUTE_HOLD)	/* free text: held over a login */

/* What an author is told on the admins' pages (403). */
#define ONLY_TAGS	N_("Only administrators can manage tags.")
#define ONLY_SETTINGS	N_("Only an admin can change the site's settings.")
#define ONLY_PRIVACY	N_("Only an admin can see and erase what is " \
	"stored about a person.")
#define ONLY_USERS	N_("Only an admin can see and add users.")
#define ONLY_LOOK	N_("Only an admin can change the site\xe2\x80\x99s " \
	"menu, sidebar and look.")

/* Order matters: the first match wins; /:s/ (pages) comes last. */
const struct route routes[] = {
	{ "/", M_GET, page_home_show, 0, 0, NULL },
	{ "/page/:n/", M_GET, page_home_show, 0, 0, NULL },
	{ "/blog/", M_GET, page_home_blog, 0, 0, NULL },
	{ "/blog/page/:n/", M_GET, page_home_blog, 0, 0, NULL },
	{ "/custom.css", M_GET, page_chrome_css, 0, 0, NULL },
	{ "/admin/login", M_GET, admin_login_show, ROUTE_ADMIN, 0, NULL },
	{ "/admin/login", M_POST, admin_login_save, ROUTE_ADMIN | ROUTE_ORIGIN,
	    FORM_MAX, NULL },
	{ "/admin/logout", M_POST, admin_logout, ADMIN, FORM_MAX, NULL },
	{ "/admin/", M_GET, admin_dashboard, ADMIN, 0, NULL },
	{ "/admin/posts", M_GET, admin_posts, ADMIN, 0, NULL },
	{ "/admin/posts/new", M_GET, admin_post_new_show, ADMIN, 0, NULL },
	{ "/admin/posts/new", M_POST, admin_post_new_save,
	    HOLD | ROUTE_UPLOAD, POST_MAX, NULL },
	{ "/admin/posts/:i", M_GET, admin_post_edit_show, ADMIN, 0, NULL },
	{ "/admin/posts/:i", M_POST, admin_post_edit_save,
	    HOLD | ROUTE_UPLOAD, POST_MAX, NULL },
	{ "/admin/posts/:i/revisions", M_GET, admin_revisions_show, ADMIN, 0,
	    NULL },
	{ "/admin/posts/:i/revisions", M_POST, admin_revisions_save, ADMIN,
	    FORM_MAX, NULL },
	{ "/admin/posts/:i/autosave", M_POST, admin_autosave, ADMIN, POST_MAX,
	    NULL },
	{ "/admin/media", M_GET, admin_media_show, ADMIN, 0, NULL },
	{ "/admin/media", M_POST, admin_media_upload, ADMIN | ROUTE_UPLOAD,
	    FORM_MAX, NULL },
	{ "/admin/media/:i", M_GET, admin_media_one_show, ADMIN, 0, NULL },
	{ "/admin/media/:i", M_POST, admin_media_one_save, ADMIN, FORM_MAX,
	    NULL },
	{ "/admin/comments", M_GET, admin_comments_show, ADMIN, 0, NULL },
	{ "/admin/comments", M_POST, admin_comments_save, ADMIN, FORM_MAX,
	    NULL },
	{ "/admin/comments/:i", M_GET, admin_comment_show, ADMIN, 0, NULL },
	{ "/admin/comments/:i", M_POST, admin_comment_save, HOLD, FORM_MAX,
	    NULL },
	{ "/admin/tags", M_GET, admin_tags_show, ADMIN, 0, ONLY_TAGS },
	{ "/admin/tags", M_POST, admin_tags_save, HOLD, FORM_MAX, ONLY_TAGS },
	{ "/admin/settings", M_GET, admin_settings_show, ADMIN, 0,
	    ONLY_SETTINGS },
	{ "/admin/settings", M_POST, admin_settings_save, HOLD, FORM_MAX,
	    ONLY_SETTINGS },
	{ "/admin/appearance", M_GET, admin_appearance_show, ADMIN, 0,
	    ONLY_LOOK },
	{ "/admin/appearance", M_POST, admin_appearance_save, ADMIN,
	    APPEARANCE_MAX, ONLY_LOOK },
	{ "/admin/privacy", M_GET, admin_privacy_show, ADMIN, 0, ONLY_PRIVACY },
	{ "/admin/privacy", M_POST, admin_privacy_save, ADMIN, FORM_MAX,
	    ONLY_PRIVACY },
	{ "/admin/users", M_GET, admin_users_show, ADMIN, 0, ONLY_USERS },
	{ "/admin/users", M_POST, admin_users_save, ADMIN, FORM_MAX,
	    ONLY_USERS },
	{ "/admin/users/:i", M_GET, admin_user_show, ADMIN, 0, NULL },
	{ "/admin/users/:i", M_POST, admin_user_save, ADMIN, FORM_MAX, NULL },
	{ "/feed/", M_GET, page_feed_posts, 0, 0, NULL },
	{ "/comments/feed/", M_GET, page_feed_comments, 0, 0, NULL },
	{ "/search", M_GET, page_search_show, 0, 0, NULL },
	{ "/sitemap.xml", M_GET, page_sitemap_show, 0, 0, NULL },
	{ "/robots.txt", M_GET, page_robots_show, 0, 0, NULL },
	{ "/tags/", M_GET, page_tag_index, 0, 0, NULL },
	{ "/tag/:s/", M_GET, page_tag_show, 0, 0, NULL },
	{ "/tag/:s/feed/", M_GET, page_feed_tag, 0, 0, NULL },
	{ "/tag/:s/page/:n/", M_GET, page_tag_show, 0, 0, NULL },
	{ "/author/:s/", M_GET, page_author_show, 0, 0, NULL },
	{ "/author/:s/page/:n/", M_GET, page_author_show, 0, 0, NULL },
	{ "/avatar/:s", M_GET, page_avatar_show, 0, 0, NULL },
	{ "/media/:s/:s", M_GET, page_media_show, 0, 0, NULL },
	{ "/media/:s/:s/:s", M_GET, page_media_file, 0, 0, NULL },
	{ "/wp-content/uploads/:*", M_GET, page_media_upload, 0, 0, NULL },
	{ "/comment", M_POST, comment_post, 0, FORM_MAX, NULL },
	{ "/protected", M_POST, page_protected_unlock, 0, FORM_MAX, NULL },
	{ "/preview/:s", M_GET, page_preview_show, 0, 0, NULL },
	{ "/comment/edit", M_GET, comment_edit_show, 0, 0, NULL },
	{ "/comment/edit", M_POST, comment_edit_save, 0, FORM_MAX, NULL },
	{ "/email/confirm", M_GET | M_POST, page_email_confirm, 0, FORM_MAX,
	    NULL },
	{ "/email/unsubscribe", M_GET | M_POST, page_email_unsubscribe, 0,
	    FORM_MAX, NULL },
	{ "/moderate", M_GET | M_POST, page_moderate, 0, FORM_MAX, NULL },
	{ "/webmention", M_POST, page_mention_webmention, 0, FORM_MAX, NULL },
	{ "/xmlrpc.php", M_POST, page_mention_xmlrpc, 0, FORM_MAX, NULL },
	{ "/:y/", M_GET, page_archive_year, 0, 0, NULL },
	{ "/:y/page/:n/", M_GET, page_archive_year, 0, 0, NULL },
	{ "/:y/:m/", M_GET, page_archive_month, 0, 0, NULL },
	{ "/:y/:m/page/:n/", M_GET, page_archive_month, 0, 0, NULL },
	{ "/:y/:m/:s/", M_GET, page_post_show, 0, 0, NULL },
	{ "/:y/:m/:s/feed/", M_GET, page_feed_post_comments, 0, 0, NULL },
	{ "/:s/", M_GET, page_post_page, 0, 0, NULL },
	{ NULL, 0, NULL, 0, 0, NULL }
};

/* Parse n digits at s as a number in [lo, hi]; -1 if not. */
static long long
digits(const char *s, size_t n, size_t want, long long lo, long long hi)
{
	long long	 v = 0;
	size_t		 i;

	if (n == 0 || (want && n != want) || n > 9 || (!want && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

/*
 * Match path against pattern; captures go to r when r is not NULL.
 * Both are '/'-separated; a trailing '/' must match a trailing '/'.
 */
static int
match(const char *pat, const char *path, struct req *r)
{
	const char	*pe, *se;
	size_t		 pn, sn;
	long long	 v;
	int		 nargs = 0, nnums = 0, has_page = 0;

	for (;;) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++, path++;
		if (*pat == '\0' || *path == '\0')
			break;
		pe = pat + strcspn(pat, "/");
		se = path + strcspn(path, "/");
		pn = (size_t)(pe - pat);
		sn = (size_t)(se - path);
		if (sn == 0)
			return 0;
		if (pn == 2 && pat[0] == ':') {
			v = 0;
			switch (pat[1]) {
			case 's':
				if (nargs == REQ_MAXARGS)
					return 0;
				if (r != NULL)
					r->arg[nargs] = arena_strndup(r->arena,
					    path, sn);
				nargs++;
				break;
			case 'n':
				v = digits(path, sn, 0, 1, 100000);
				has_page = 1;
				break;
			case 'y':
				v = digits(path, sn, 4, 1000, 9999);
				break;
			case 'm':
				v = digits(path, sn, 2, 1, 12);
				break;
			case 'i':
				v = digits(path, sn, 0, 1, 999999999);
				break;
			case '*':	/* the rest of the path, whatever it is */
				se = path + strlen(path);
				break;
			default:
				return 0;
			}
			if (v == -1)
				return 0;
			if (pat[1] == 'n') {
				if (r != NULL)
					r->page = (int)v;
			} else if (pat[1] != 's' && pat[1] != '*') {
				if (nnums == REQ_MAXARGS)
					return 0;
				if (r != NULL)
					r->num[nnums] = v;
				nnums++;
			}
		} else if (pn != sn || memcmp(pat, path, pn) != 0)
			return 0;
		pat = pe;
		path = se;
		if (*pat == '\0' || *path == '\0')
			break;
	}
	if (*pat != '\0' || *path != '\0')
		return 0;
	if (r != NULL) {
		if (!has_page)
			r->page = 0;
		r->nargs = nargs;
		r->nnums = nnums;
	}
	return 1;
}

const struct route *
route_match(struct req *r, unsigned *allow)
{
	const struct route	*rt, *found = NULL;
	unsigned		 m;

	*allow = 0;
	m = r->method == METHOD_HEAD ? M_GET : 1u << r->method;
	for (rt = routes; rt->pattern != NULL; rt++) {
		if (!match(rt->pattern, r->path, NULL))
			continue;
		*allow |= rt->methods;
		if (found == NULL && (rt->methods & m)) {
			found = rt;
			(void)match(rt->pattern, r->path, r);
		}
	}
	if (*allow & M_GET)
		*allow |= M_HEAD;
	return found;
}

const struct route *
route_post_of(struct req *r)
{
	const struct route	*rt;

	for (rt = routes; rt->pattern != NULL; rt++)
		if ((rt->methods & M_POST) && match(rt->pattern, r->path, r))
			return rt;
	return NULL;
}

int
route_path_exists(const char *path)
{
	const struct route	*rt;

	for (rt = routes; rt->pattern != NULL; rt++)
		if ((rt->methods & M_GET) && match(rt->pattern, path, NULL))
			return 1;
	return 0;
}

void
route_allow(unsigned methods, char *buf, size_t n)
{
	static const char *const names[] = { "GET", "HEAD", "POST" };
	size_t	 i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(methods & (1u << i)))
			continue;
		(void)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
		    names[i]);
		len = strlen(buf);
	}
}
