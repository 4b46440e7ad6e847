/* page_feed.c: Atom feeds of posts, of a tag, of comments. */
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "db_comment.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

#define FEED_ENTRIES	20
#define ATOM		"application/atom+xml; charset=utf-8"

static char *
iso(struct arena *a, int64_t t)
{
	struct buf	 b = { 0 };
	char		*s;

	date_fmt_iso(&b, t);
	s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* The host of the base URL, for tag: URIs (RFC 4151). */
static char *
authority(struct arena *a, const char *base)
{
	const char	*p;
	size_t		 n;

	p = strstr(base, "://");
	p = p ? p + 3 : base;
	n = strcspn(p, ":/");
	return arena_strndup(a, p, n);
}

/* tag:HOST,YYYY-MM-DD:KIND-ID: stable whatever the slug becomes. */
static char *
tag_uri(struct req *r, const char *kind, int64_t id, int64_t created)
{
	char	*d;

	d = iso(r->arena, created);
	d[10] = '\0';
	return arena_printf(r->arena, "tag:%s,%s:%s-%lld",
	    authority(r->arena, r->w->site.base_url), d, kind, (long long)id);
}

static char *
absolute(struct req *r, const char *path)
{
	return arena_printf(r->arena, "%s%s", r->w->site.base_url, path);
}

/* The feed's own fields; entries are added by the caller. */
static struct tval *
feed_ctx(struct req *r, struct resp *resp, const char *title,
    const char *kind, const char *alternate)
{
	struct tval	*ctx;

	ctx = tv_obj(r->arena);
	tmpl_set_text(ctx, "base", r->w->site.base_url);
	tmpl_set_text(ctx, "title", title);
	if (*r->w->site.description != '\0')
		tmpl_set_text(ctx, "subtitle", r->w->site.description);
	tmpl_set_text(ctx, "id", arena_printf(r->arena, "tag:%s,2005:%s",
	    authority(r->arena, r->w->site.base_url), kind));
	tmpl_set_text(ctx, "self", absolute(r, r->path));
	tmpl_set_text(ctx, "alternate", absolute(r, alternate));
	tmpl_set_text(ctx, "version", QUIRE_VERSION);
	resp->ctx = ctx;
	resp->tmpl = "feed";
	resp->content_type = ATOM;
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = r->w->site.modified;
	return ctx;
}

static int
post_entries(struct req *r, struct tval *ctx, const struct post *p, int n)
{
	struct tval	*list, *e, *tl, *to;
	struct tag	*t;
	int64_t		 newest = 0;
	int		 i, j, nt;

	list = tmpl_set_list(ctx, "entries");
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		tmpl_set_text(e, "title", *p[i].title ? p[i].title :
		    _(&r->w->lang, "(no title)"));
		tmpl_set_text(e, "id", tag_uri(r, "post", p[i].id,
		    p[i].created ? p[i].created : p[i].published));
		tmpl_set_text(e, "url", absolute(r, url_post_a(r->arena,
		    &p[i])));
		tmpl_set_text(e, "published", iso(r->arena, p[i].published));
		tmpl_set_text(e, "updated", iso(r->arena, p[i].updated));
		tmpl_set_text(e, "author", p[i].author_name);
		tmpl_set_text(e, "author_uri", absolute(r,
		    url_author_a(r->arena, p[i].author_login)));
		tv_set(e, "summary", *p[i].excerpt ? tv_text(r->arena,
		    p[i].excerpt) : tv_null(r->arena));
		tmpl_set_html(e, "content", html_stored(r->arena,
		    p[i].body_html));
		if (db_tag_of_post(&r->w->db, r->arena, p[i].id, &t, &nt) ==
		    -1)
			return -1;
		tl = tmpl_set_list(e, "tags");
		for (j = 0; j < nt; j++) {
			to = tmpl_list_obj(tl);
			tmpl_set_text(to, "slug", t[j].slug);
			tmpl_set_text(to, "name", t[j].name);
			tmpl_set_text(to, "scheme", absolute(r, "/tag/"));
		}
		if (p[i].updated > newest)
			newest = p[i].updated;
	}
	tmpl_set_text(ctx, "updated", iso(r->arena, newest ? newest :
	    r->w->site.changed));
	return 0;
}

/*
 * GET /feed/: the 20 newest posts, in full, as Atom. 200.
 */
int
page_feed_posts(struct req *r, struct resp *resp)
{
	struct post	*p;
	struct tval	*ctx;
	int		 n;

	if (db_post_list(&r->w->db, r->arena, LIST_HOME, 0, 0, FEED_ENTRIES,
	    0, &p, &n) == -1)
		return 500;
	ctx = feed_ctx(r, resp, r->w->site.title, "posts", "/");
	return post_entries(r, ctx, p, n) == -1 ? 500 : 200;
}

/*
 * GET /tag/SLUG/feed/: the tag's 20 newest posts as Atom. 200; 404 for
 * an unknown tag.
 */
int
page_feed_tag(struct req *r, struct resp *resp)
{
	struct post	*p;
	struct tag	 t;
	struct tval	*ctx;
	int		 n, rc;

	if ((rc = db_tag_by_slug(&r->w->db, r->arena, r->arg[0], &t)) != 1)
		return rc == 0 ? 404 : 500;
	if (db_post_list(&r->w->db, r->arena, LIST_TAG, t.id, 0,
	    FEED_ENTRIES, 0, &p, &n) == -1)
		return 500;
	ctx = feed_ctx(r, resp, arena_printf(r->arena, "%s \xe2\x80\x93 %s",
	    r->w->site.title, t.name), arena_printf(r->arena, "tag-%lld",
	    (long long)t.id), url_tag_a(r->arena, t.slug));
	return post_entries(r, ctx, p, n) == -1 ? 500 : 200;
}

/* empty: the feed's updated time when it has no entries. */
static int
comment_entries(struct req *r, struct tval *ctx, const struct comment *c,
    int n, int64_t empty)
{
	struct tval	*list, *e;
	struct post	 p = { 0 };
	int64_t		 newest = 0;
	int		 i;

	list = tmpl_set_list(ctx, "entries");
	for (i = 0; i < n; i++) {
		p.type = c[i].post_type;
		p.slug = c[i].post_slug;
		p.published = c[i].post_published;
		e = tmpl_list_obj(list);
		tmpl_set_text(e, "title", i18n_format(r->arena,
		    _(&r->w->lang, "Comment on {title} by {author}"), "title",
		    *c[i].post_title ? c[i].post_title : _(&r->w->lang,
		    "(no title)"), "author", c[i].author_name, NULL));
		tmpl_set_text(e, "id", tag_uri(r, "comment", c[i].id,
		    c[i].created));
		tmpl_set_text(e, "url", absolute(r, url_comment_a(r->arena,
		    &p, c[i].id)));
		tmpl_set_text(e, "published", iso(r->arena, c[i].created));
		tmpl_set_text(e, "updated", iso(r->arena, c[i].created));
		tmpl_set_text(e, "author", c[i].author_name);
		tv_set(e, "author_uri", *c[i].author_url ? tv_text(r->arena,
		    c[i].author_url) : tv_null(r->arena));
		tv_set(e, "summary", tv_null(r->arena));
		tmpl_set_list(e, "tags");
		tmpl_set_html(e, "content", html_stored(r->arena,
		    c[i].body_html));
		if (c[i].created > newest)
			newest = c[i].created;
	}
	tmpl_set_text(ctx, "updated", iso(r->arena, newest ? newest : empty));
	return 0;
}

/*
 * GET /comments/feed/: the 20 newest approved comments as Atom. 200.
 */
int
page_feed_comments(struct req *r, struct resp *resp)
{
	struct comment	*c;
	struct tval	*ctx;
	int		 n;

	if (db_comment_recent(&r->w->db, r->arena, 0, FEED_ENTRIES, &c, &n)
	    == -1)
		return 500;
	ctx = feed_ctx(r, resp, i18n_format(r->arena, _(&r->w->lang,
	    "Comments for {site}"), "site", r->w->site.title, NULL),
	    "comments", "/");
	return comment_entries(r, ctx, c, n, r->w->site.changed) == -1 ?
	    500 : 200;
}

/*
 * GET /YYYY/MM/SLUG/feed/: one post's approved comments as Atom. 200;
 * 301 when YYYY/MM are not the post's (as for the post itself); 404 for
 * an unknown or unpublished post, or a page.
 */
int
page_feed_post_comments(struct req *r, struct resp *resp)
{
	struct comment	*c;
	struct post	 p;
	struct tval	*ctx;
	struct tm	 tm;
	int		 n, rc;

	rc = db_post_by_slug(&r->w->db, r->arena, r->arg[0], &p);
	if (rc == -1)
		return 500;
	if (rc == 0 || strcmp(p.status, "published") != 0 ||
	    strcmp(p.type, "post") != 0 || *p.password != '\0')
		return 404;	/* a protected post's comments: no feed */
	if (date_local(p.published, &tm) == -1)
		return 500;
	if (tm.tm_year + 1900 != r->num[0] || tm.tm_mon + 1 != r->num[1]) {
		resp->location = url_feed_of_a(r->arena,
		    url_post_a(r->arena, &p));
		return 301;
	}
	if (db_comment_recent(&r->w->db, r->arena, p.id, FEED_ENTRIES, &c,
	    &n) == -1)
		return 500;
	ctx = feed_ctx(r, resp, i18n_format(r->arena, _(&r->w->lang,
	    "Comments on: {title}"), "title", *p.title ? p.title :
	    _(&r->w->lang, "(no title)"), NULL), arena_printf(r->arena,
	    "post-%lld-comments", (long long)p.id), url_post_a(r->arena, &p));
	/* No comments yet: as old as the post, whatever else changes. */
	return comment_entries(r, ctx, c, n, p.updated) == -1 ? 500 : 200;
}
