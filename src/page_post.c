/* page_post.c: a post or page with its comment thread. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db_comment.h"
#include "db_media.h"
#include "db_post.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "media.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

#define THREAD_MAX_DEPTH	10
#define EDIT_SECONDS		(15 * 60)

/* May the browser still edit its comment c? (owner mark, 15 minutes;
   "no replies yet" is checked when the edit is asked for). */
static int
own_editable(struct req *r, const struct comment *c)
{
	if (r->own == NULL || r->now - c->created > EDIT_SECONDS)
		return 0;
	return comment_owns(r->own, c);
}

/* One comment's fields. */
static void
comment_fields(struct req *r, struct tval *o, const struct comment *c,
    const struct post *p, int open)
{
	struct buf	 b = { 0 };
	char		 hash[33];

	/*
	 * Every key is set on every comment, false or null when it does
	 * not apply: Mustache looks a missing key up in the enclosing
	 * comment, and a reply must never show its parent's link or badge.
	 */
	tmpl_set_int(o, "id", c->id);
	tmpl_set_text(o, "author", c->author_name);
	tv_set(o, "author_url", *c->author_url != '\0' ?
	    tv_text(r->arena, c->author_url) : tv_null(r->arena));
	tmpl_set_bool(o, "by_author", 0);
	tmpl_set_bool(o, "pingback", 0);
	tmpl_set_bool(o, "mention", 0);
	tmpl_set_text(o, "kind_label", _(&r->w->lang, strcmp(c->type,
	    "trackback") == 0 ? N_("Trackback:") : strcmp(c->type,
	    "webmention") == 0 ? N_("Mention:") : N_("Pingback:")));
	tmpl_set_bool(o, "held", 0);
	tmpl_set_bool(o, "has_replies", 0);
	tv_set(o, "reply_url", tv_null(r->arena));
	tv_set(o, "edit_url", tv_null(r->arena));
	tv_set(o, "avatar", tv_null(r->arena));
	tmpl_set_text(o, "date", page_date(r, c->created, 1));
	date_fmt_iso(&b, c->created);
	tmpl_set_text(o, "date_iso", arena_strdup(r->arena, buf_str(&b)));
	buf_free(&b);
	tmpl_set_html(o, "body", html_scrollers(r->arena, c->body_html,
	    strlen(c->body_html)));
	tmpl_set_int(o, "depth", c->depth);
	if (c->user_id != 0 && c->user_id == p->author_id)
		tmpl_set_bool(o, "by_author", 1);
	if (strcmp(c->type, "comment") != 0)
		tmpl_set_bool(o, "pingback", 1);
	if (strcmp(c->type, "webmention") == 0)
		tmpl_set_bool(o, "mention", 1);
	if (r->w->site.has_key) {
		avatar_hash(r->w->site.key, c->author_email, hash);
		tmpl_set_text(o, "avatar", url_avatar_a(r->arena, hash));
	}
	if (c->status != COMMENT_APPROVED) {
		/* The writer's own held comment (or spam, alike to them). */
		tmpl_set_bool(o, "held", 1);
	} else if (open)
		tmpl_set_text(o, "reply_url", url_reply_a(r->arena, c->id));
	if (own_editable(r, c))
		tmpl_set_text(o, "edit_url", url_comment_edit_a(r->arena,
		    c->id));
}

/* Is path `anc' an ancestor of path `p' in thread order? */
static int
is_ancestor(const char *anc, const char *p)
{
	size_t	 n = strlen(anc);

	return strncmp(anc, p, n) == 0 && p[n] == '.';
}

/*
 * The approved comments as a tree: each reply goes under its nearest
 * shown ancestor (a held parent does not hide its approved replies).
 */
static int
thread(struct req *r, struct tval *ctx, const struct post *p, int open)
{
	struct comment	*c;
	struct tval	*lists[THREAD_MAX_DEPTH + 1], *o;
	struct tval	*parents[THREAD_MAX_DEPTH + 1];
	const char	*paths[THREAD_MAX_DEPTH + 1];
	int		 n, i, top = 0;

	r->own = comment_owned(r);
	if (db_comment_thread(&r->w->db, r->arena, p->id, r->own, &c, &n) ==
	    -1)
		return -1;
	lists[0] = tmpl_set_list(ctx, "comments");
	paths[0] = "";
	for (i = 0; i < n; i++) {
		while (top > 0 && !is_ancestor(paths[top], c[i].path))
			top--;
		o = tmpl_list_obj(lists[top]);
		comment_fields(r, o, &c[i], p, open);
		if (top > 0)
			tmpl_set_bool(parents[top], "has_replies", 1);
		if (top < THREAD_MAX_DEPTH) {
			top++;
			parents[top] = o;
			lists[top] = tmpl_set_list(o, "replies");
			paths[top] = c[i].path;
		}
	}
	if (n > 0)
		tmpl_set_bool(ctx, "has_comments", 1);
	return 0;
}

static void
adjacent(struct req *r, struct tval *ctx, const struct post *p)
{
	struct post	 q;
	struct tval	*o;

	if (db_post_adjacent(&r->w->db, r->arena, p, 0, &q) == 1) {
		q.type = "post";
		tmpl_set_bool(ctx, "post_nav", 1);
		o = tmpl_set_obj(ctx, "prev");
		tmpl_set_text(o, "title", *q.title ? q.title :
		    _(&r->w->lang, "(no title)"));
		tmpl_set_text(o, "url", url_post_a(r->arena, &q));
	}
	if (db_post_adjacent(&r->w->db, r->arena, p, 1, &q) == 1) {
		q.type = "post";
		tmpl_set_bool(ctx, "post_nav", 1);
		o = tmpl_set_obj(ctx, "next");
		tmpl_set_text(o, "title", *q.title ? q.title :
		    _(&r->w->lang, "(no title)"));
		tmpl_set_text(o, "url", url_post_a(r->arena, &q));
	}
}

/*
 * The post's featured photo, else its first (the first /media/ URL in its
 * HTML, which only attributes hold), as og:image, the JPEG (PNG, GIF) file closest above
 * 1200 px wide, with its size and alt text; it makes the Twitter card
 * a large one too.
 */
static void
og_image(struct req *r, struct tval *ctx, const struct post *p)
{
	const struct media_variant	*v, *best = NULL;
	struct media			 m;
	struct tval			*o;
	const char			*fmt;
	int				 i;

	if (!page_first_photo(r, p, &m) ||
	    ((v = media_widest(&m, "jpeg")) == NULL &&
	    (v = media_widest(&m, "png")) == NULL &&
	    (v = media_widest(&m, "gif")) == NULL))
		return;
	fmt = v->format;
	for (i = 0; i < m.nv; i++)
		if (strcmp(m.v[i].format, fmt) == 0 && m.v[i].width >= 1200 &&
		    (best == NULL || m.v[i].width < best->width))
			best = &m.v[i];
	if (best == NULL)
		best = v;
	o = tmpl_set_obj(ctx, "og_image");
	tmpl_set_text(o, "url", arena_printf(r->arena, "%s/media/%s",
	    r->w->site.base_url, best->file));
	tmpl_set_int(o, "width", best->width);
	tmpl_set_int(o, "height", best->height);
	if (*m.alt != '\0')
		tmpl_set_text(o, "alt", m.alt);
}

/* Where other sites send mentions of this post (DESIGN.md, "Mentions"):
   the Link and X-Pingback headers, and <link> elements in the head. */
static int
mention_endpoints(struct req *r, struct resp *resp, struct tval *ctx)
{
	const char	*wm, *pb;

	wm = arena_printf(r->arena, "%s/webmention", r->w->site.base_url);
	pb = arena_printf(r->arena, "%s/xmlrpc.php", r->w->site.base_url);
	tmpl_set_text(ctx, "webmention_endpoint", wm);
	tmpl_set_text(ctx, "pingback_server", pb);
	if (http_header(resp, "Link", arena_printf(r->arena,
	    "<%s>; rel=\"webmention\"", wm)) == -1 ||
	    http_header(resp, "X-Pingback", pb) == -1)
		return -1;
	return 0;
}

int
page_post_render(struct req *r, struct resp *resp, const struct post *p,
    const struct comment_submit *sub, int status)
{
	struct tval	*ctx, *po;
	const char	*title;
	int		 open;

	title = *p->title ? p->title : _(&r->w->lang, "(no title)");
	if (!page_protected_open(r, p))	/* the title and a password form */
		return page_protected_form(r, resp, p, NULL, status);
	if ((ctx = page_ctx(r, resp, title)) == NULL)
		return 500;
	po = tmpl_set_obj(ctx, "post");
	if (page_post_fields(r, po, p) == -1)
		return 500;
	tmpl_set_text(ctx, "og_type", "article");
	og_image(r, ctx, p);
	if (mention_endpoints(r, resp, ctx) == -1)
		return 500;
	tv_set(ctx, "meta_description", *p->excerpt || *p->summary ?
	    tv_text(r->arena, *p->excerpt ? p->excerpt : p->summary) :
	    tv_null(r->arena));
	if (strcmp(p->type, "post") == 0)	/* pages have no such feed */
		page_feed_link(r, ctx, i18n_format(r->arena, _(&r->w->lang,
		    "{site} \xc2\xbb {title} Comments Feed"), "site",
		    r->w->site.title, "title", title, NULL), url_feed_of_a(
		    r->arena, url_post_a(r->arena, p)));
	tmpl_set_html(po, "body", html_scrollers(r->arena, p->body_html,
	    strlen(p->body_html)));
	if (strcmp(p->type, "post") == 0)
		adjacent(r, ctx, p);
	open = comment_is_open(r, p);
	if (thread(r, ctx, p, open) == -1)
		return 500;
	tmpl_set_text(ctx, "thoughts", i18n_format(r->arena, _n(&r->w->lang,
	    "{n} thought on \xe2\x80\x9c{title}\xe2\x80\x9d",
	    "{n} thoughts on \xe2\x80\x9c{title}\xe2\x80\x9d",
	    (unsigned long)p->comment_count), "n", arena_printf(r->arena,
	    "%d", p->comment_count), "title", title, NULL));
	if (!open)
		tmpl_set_bool(ctx, "comments_closed", 1);
	/* Closed: no form, unless one was just sent here (a 422 that must
	   give the text back). */
	if ((open || sub != NULL) && comment_form_fill(r, ctx, p, sub) == -1)
		return 500;
	resp->ctx = ctx;
	resp->tmpl = "post";
	/* A page with a comment form carries a fresh token every time;
	   one made with a commenter's own state is theirs alone, form or
	   not (their held comments, their saved details). */
	if (tv_get(ctx, "respond") != NULL) {
		resp->cache = CACHE_PRIVATE;
		resp->token_post = p->id;
	} else if (comment_personal(r))
		resp->cache = CACHE_PRIVATE;
	else {
		resp->cache = CACHE_REVALIDATE;
		resp->last_modified = r->w->site.modified;
	}
	/* A protected post, opened: this reader's alone, never kept. */
	if (p->password != NULL && *p->password != '\0')
		resp->cache = CACHE_NONE;
	return status;
}

/*
 * GET /YYYY/MM/SLUG/: a published post, its tags, previous/next links
 * and approved comments. 200; 301 when YYYY/MM are not the post's (it
 * moved); 404 for an unknown or unpublished post.
 */
int
page_post_show(struct req *r, struct resp *resp)
{
	struct post	 p;
	struct tm	 tm;
	int		 rc;

	rc = db_post_by_slug(&r->w->db, r->arena, r->arg[0], &p);
	if (rc == -1)
		return 500;
	if (rc == 0 || strcmp(p.status, "published") != 0 ||
	    strcmp(p.type, "post") != 0)
		return 404;
	if (date_local(p.published, &tm) == -1)
		return 500;
	if (tm.tm_year + 1900 != r->num[0] || tm.tm_mon + 1 != r->num[1]) {
		resp->location = url_post_a(r->arena, &p);
		return 301;
	}
	return page_post_render(r, resp, &p, NULL, 200);
}

/*
 * GET /SLUG/: a published page (About, Contact). 200; 301 to the post's
 * address if SLUG is a post's; 404 otherwise.
 */
int
page_post_page(struct req *r, struct resp *resp)
{
	struct post	 p;
	int		 rc;

	rc = db_post_by_slug(&r->w->db, r->arena, r->arg[0], &p);
	if (rc == -1)
		return 500;
	if (rc == 0 || strcmp(p.status, "published") != 0)
		return 404;
	if (strcmp(p.type, "page") != 0) {
		resp->location = url_post_a(r->arena, &p);
		return 301;
	}
	return page_post_render(r, resp, &p, NULL, 200);
}
