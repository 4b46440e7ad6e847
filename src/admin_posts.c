/* admin_posts.c: the posts list and the editor (write, preview, publish,
   schedule, trash, restore, delete). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "admin_mentions.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_admin.h"
#include "db_media.h"
#include "db_post.h"
#include "db_redirect.h"
#include "db_revision.h"
#include "db_tag.h"
#include "html.h"
#include "html_sanitize.h"
#include "http.h"
#include "i18n.h"
#include "markdown.h"
#include "media.h"
#include "model.h"
#include "post.h"
#include "session.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define LIST_PAGE	20

static const char *const list_statuses[] = { "published", "draft",
    "scheduled", "pending", "private", "trash", NULL };

static int
may_edit(const struct req *r, const struct post *p)
{
	return admin_is_admin(r) || p->author_id == r->session->user.id;
}

/* The words of a title search as a LIKE pattern: % and _ are letters. */
static const char *
like_escape(struct arena *a, const char *q)
{
	struct buf	 b = { 0 };
	const char	*s;

	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *q);
	}
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * GET /admin/posts?status=S&q=WORDS&page=N: posts and pages, newest
 * first, filtered by status (default: all but the trash) and title.
 * Authors see their own only. 200.
 */
int
admin_posts(struct req *r, struct resp *resp)
{
	struct tval	*ctx, *list, *o, *f;
	const char	*status, *q, *like;
	struct post	*p;
	struct buf	 b = { 0 };
	int64_t		 uid, total;
	long		 page = 1;
	int		 i, n;

	status = http_query(r, "status");
	for (i = 0; status != NULL && list_statuses[i] != NULL; i++)
		if (strcmp(status, list_statuses[i]) == 0)
			break;
	if (status == NULL || list_statuses[i] == NULL)
		status = "";
	if ((q = http_query(r, "q")) == NULL || strlen(q) > 200 ||
	    !utf8_valid(q, strlen(q)))
		q = "";
	page = page_parse(http_query(r, "page"), 100000);
	uid = admin_is_admin(r) ? 0 : r->session->user.id;
	if ((ctx = admin_ctx(r, resp, N_("Posts"), "posts", "admin_posts")) ==
	    NULL)
		return 500;
	like = like_escape(r->arena, q);
	f = tmpl_set_obj(ctx, "filter");
	tmpl_set_bool(f, *status ? status : "all", 1);
	tmpl_set_text(ctx, "status", status);
	tmpl_set_text(ctx, "q", q);
	if ((total = db_admin_post_list_count(&r->w->db, status, uid, like))
	    == -1 || db_admin_post_list(&r->w->db, r->arena, status, uid, like,
	    LIST_PAGE, (int)((page - 1) * LIST_PAGE), &p, &n) == -1)
		return 500;
	list = tmpl_set_list(ctx, "posts");
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "id", p[i].id);
		tmpl_set_text(o, "title", *p[i].title ? p[i].title :
		    "(no title)");
		tmpl_set_text(o, "status", admin_post_status(r,
		    p[i].status));
		tmpl_set_bool(o, "is_page", strcmp(p[i].type, "page") == 0);
		tmpl_set_text(o, "author", p[i].author_name);
		tmpl_set_int(o, "comments", p[i].comment_count);
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    p[i].published);
		tmpl_set_text(o, "date", arena_strdup(r->arena, buf_str(&b)));
		tv_set(o, "view_url", strcmp(p[i].status, "published") == 0 ?
		    tv_text(r->arena, url_post_a(r->arena, &p[i])) :
		    tv_null(r->arena));
	}
	buf_free(&b);
	tmpl_set_bool(ctx, "empty", n == 0);
	tmpl_set_int(ctx, "total", total);
	if (page > 1)
		tmpl_set_text(ctx, "newer", url_admin_posts_a(r->arena,
		    status, q, page - 1));
	if (page * LIST_PAGE < total)
		tmpl_set_text(ctx, "older", url_admin_posts_a(r->arena,
		    status, q, page + 1));
	return 200;
}

/* What the editor holds: from the database, or from a submitted form. */
struct draft {
	int64_t		 id;
	const char	*title;
	const char	*slug;
	const char	*body;
	const char	*tags;
	const char	*status;	/* draft | publish | schedule */
	const char	*when;		/* local "YYYY-MM-DDTHH:MM" */
	const char	*excerpt;
	const char	*type;
	int		 comments_open;
	const char	*current;	/* the stored status, for the page */
	int		 html;		/* the text is HTML (an imported post
					   with no Markdown), kept as HTML */
	const char	*view_url;
	int64_t		 featured;	/* media id chosen, 0: first photo */
	int		 featured_sent;	/* the form had the field */
	const char	*password;	/* "" none */
	int64_t		 base;		/* the revision the form started from */
	int		 has_base;	/* the form said (base_revision) */
	const char	*kind;		/* the revision a save makes */
};

static const char *
local_when(struct arena *a, int64_t t)
{
	struct tm	 tm;

	if (date_local(t, &tm) == -1)
		return "";
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static const char *
tags_of(struct req *r, int64_t id)
{
	struct tag	*t;
	struct buf	 b = { 0 };
	const char	*s;
	int		 n, i;

	if (db_tag_of_post(&r->w->db, r->arena, id, &t, &n) == -1)
		return "";
	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, ", ");
		buf_puts(&b, t[i].name);
	}
	s = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The photos the editor offers as featured: the post's, then the
   author's newest; the chosen one selected. 0 or -1. */
static int
featured_choices(struct req *r, struct tval *e, const struct draft *d)
{
	struct tval	*list, *o;
	struct media	 m;
	int64_t		*ids;
	int		 n, i;

	if ((n = db_media_choices(&r->w->db, r->arena, d->id,
	    r->session->user.id, 100, &ids)) == -1)
		return -1;
	list = tmpl_set_list(e, "featured_choices");
	for (i = 0; i < n; i++) {
		if (db_media_get(&r->w->db, r->arena, ids[i], &m) != 1)
			continue;
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "id", m.id);
		tmpl_set_text(o, "label", i18n_format(r->arena,
		    _(&r->w->lang, "{name} ({width}\xc3\x97{height})"), "name",
		    *m.alt ? m.alt : *m.original_name ? m.original_name :
		    _(&r->w->lang, "photo"), "width", arena_printf(r->arena,
		    "%d", m.width), "height", arena_printf(r->arena, "%d",
		    m.height), NULL));
		tmpl_set_bool(o, "selected", m.id == d->featured);
	}
	tmpl_set_bool(e, "featured_first", d->featured == 0);
	return 0;
}

static int
editor(struct req *r, struct resp *resp, const struct draft *d,
    const char *error, const char *error_field, const struct html *preview,
    int status)
{
	struct tval	*ctx, *e, *sel;

	if ((ctx = admin_ctx(r, resp, d->id ? N_("Edit Post") : N_("New Post"),
	    "posts", "admin_post_edit")) == NULL)
		return 500;
	e = tmpl_set_obj(ctx, "post");
	/* No id for a new post ("0" would be a true section). */
	if (d->id != 0)
		tmpl_set_int(e, "id", d->id);
	else
		tv_set(e, "id", tv_null(r->arena));
	tmpl_set_text(e, "action", url_admin_post_a(r->arena, d->id));
	tmpl_set_text(e, "title", d->title);
	tmpl_set_text(e, "slug", d->slug);
	tmpl_set_text(e, "body", d->body);
	tmpl_set_text(e, "tags", d->tags);
	tmpl_set_text(e, "when", d->when);
	tmpl_set_text(e, "excerpt", d->excerpt);
	tmpl_set_bool(e, "comments_open", d->comments_open);
	tmpl_set_bool(e, "html", d->html);
	tmpl_set_bool(e, "is_page", strcmp(d->type, "page") == 0);
	sel = tmpl_set_obj(e, "status_is");
	tmpl_set_bool(sel, d->status, 1);
	tmpl_set_text(e, "current", admin_post_status(r, d->current ?
	    d->current : "new"));
	tmpl_set_bool(e, "in_trash", d->current &&
	    strcmp(d->current, "trash") == 0);
	tv_set(e, "view_url", d->view_url ? tv_text(r->arena, d->view_url) :
	    tv_null(r->arena));
	tmpl_set_text(e, "password", d->password ? d->password : "");
	tmpl_set_int(e, "base_revision", d->base);
	if (d->id != 0 && admin_rev_editor(r, ctx, d->id) == -1)
		return 500;
	tmpl_set_text(ctx, "timezone", r->w->site.timezone);
	if (featured_choices(r, e, d) == -1)
		return 500;
	if (error != NULL) {
		tmpl_set_text(ctx, "error", _(&r->w->lang, error));
		if (error_field != NULL)
			tmpl_set_bool(tmpl_set_obj(ctx, "error_in"),
			    error_field, 1);
	}
	if (preview != NULL) {
		tmpl_set_html(ctx, "preview", preview);
		tmpl_set_text(ctx, "preview_title", *d->title ? d->title :
		    "(no title)");
	}
	if (admin_mentions_fill(r, ctx, d->id) == -1)
		return 500;
	return status;
}

static void
draft_from_post(struct req *r, const struct post *p, struct draft *d)
{
	memset(d, 0, sizeof(*d));
	d->id = p->id;
	d->title = p->title;
	d->slug = p->slug;
	d->body = p->body_md ? p->body_md : "";
	if (*d->body == '\0' && *p->body_html != '\0') {
		d->body = p->body_html;
		d->html = 1;
	}
	d->tags = tags_of(r, p->id);
	d->status = strcmp(p->status, "published") == 0 ? "publish" :
	    strcmp(p->status, "scheduled") == 0 ? "schedule" : "draft";
	if (strcmp(p->status, "trash") == 0)
		d->status = "draft";
	d->when = local_when(r->arena, p->published);
	d->excerpt = p->excerpt;
	d->type = p->type;
	d->comments_open = p->comments_open;
	d->current = p->status;
	if (strcmp(p->status, "published") == 0)
		d->view_url = url_post_a(r->arena, p);
	d->featured = p->featured_id;
	d->password = p->password ? p->password : "";
	d->base = db_rev_stored(&r->w->db, p->id);
}

static const char *
form(struct req *r, const char *name)
{
	const char	*v = kv_get(r->form, name);

	return v != NULL ? v : "";
}

static void
draft_from_form(struct req *r, int64_t id, struct draft *d)
{
	memset(d, 0, sizeof(*d));
	d->id = id;
	d->title = form(r, "title");
	d->slug = form(r, "slug");
	d->body = form(r, "body");
	d->tags = form(r, "tags");
	d->status = form(r, "status");
	if (strcmp(d->status, "publish") != 0 &&
	    strcmp(d->status, "schedule") != 0)
		d->status = "draft";
	d->when = form(r, "when");
	d->excerpt = form(r, "excerpt");
	d->type = strcmp(form(r, "type"), "page") == 0 ? "page" : "post";
	d->comments_open = kv_get(r->form, "comments_open") != NULL;
	d->html = strcmp(form(r, "format"), "html") == 0;
	d->featured_sent = kv_get(r->form, "featured") != NULL;
	d->featured = id_parse(form(r, "featured"));
	if (d->featured < 0)
		d->featured = 0;	/* "", "first": the first photo */
	d->password = form(r, "password");
	if ((d->has_base = kv_get(r->form, "base_revision") != NULL))
		d->base = strtoll(form(r, "base_revision"), NULL, 10);
}

/* The body as served: Markdown rendered, or imported HTML sanitized. */
static const struct html *
render_body(struct req *r, const struct draft *d)
{
	if (!d->html)
		return post_render_md(&r->w->db, r->arena, d->body);
	return html_sanitized(r->arena, d->body, strlen(d->body), 0);
}

/* How many characters (not bytes) s holds: valid UTF-8 here. */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* The text fields must be text: every character kept, but no controls. */
static const char *
bad_field(const struct draft *d)
{
	if (!text_clean(d->title, strlen(d->title)))
		return "title";
	if (!utf8_valid(d->body, strlen(d->body)) ||
	    memchr(d->body, '\0', strlen(d->body)) != NULL)
		return "body";
	if (!text_clean(d->tags, strlen(d->tags)))
		return "tags";
	if (!text_clean(d->excerpt, strlen(d->excerpt)))
		return "excerpt";
	if (!text_clean(d->slug, strlen(d->slug)))
		return "slug";
	if (!text_clean(d->password, strlen(d->password)))
		return "password";
	return NULL;
}

/* When the old URL of a published post stops working, send it on. */
static void
keep_old_link(struct req *r, const char *old_path, int64_t id)
{
	struct post	 p;
	const char	*new_path;
	char		*old_key, *new_key;

	if (db_post_by_id(&r->w->db, r->arena, id, 0, &p) != 1 ||
	    strcmp(p.status, "published") != 0)
		return;
	new_path = url_post_a(r->arena, &p);
	if (strcmp(new_path, old_path) == 0)
		return;
	/* Redirects are looked up by the decoded path the router sees. */
	if (path_decode(r->arena, old_path, strlen(old_path), &old_key) ==
	    -1 || path_decode(r->arena, new_path, strlen(new_path), &new_key)
	    == -1)
		return;
	(void)db_redirect_put(&r->w->db, old_key, new_path, r->now);
	(void)db_admin_redirect_retarget(&r->w->db, old_path, new_path);
	(void)db_admin_redirect_drop(&r->w->db, new_key);
}

/* The draft as a revision of post id (saved with status). */
static void
as_revision(struct req *r, const struct draft *d, int64_t id,
    const char *status, const char *kind, struct revision *v)
{
	memset(v, 0, sizeof(*v));
	v->post_id = id;
	v->author_id = r->session->user.id;
	v->created = r->now;
	v->kind = kind;
	v->status = status;
	v->title = d->title;
	v->body = d->body;
	v->html = d->html;
	v->tags = d->tags;
	v->excerpt = d->excerpt;
}

/* Store the save as a revision (in the save's transaction). */
static int
record(struct req *r, const struct draft *d, int64_t id, const char *status)
{
	struct revision	 v;

	as_revision(r, d, id, status, d->kind ? d->kind : "save", &v);
	return admin_rev_record(r, &v);
}

/*
 * A save based on a revision older than the stored one: nothing is
 * overwritten. The author's text is kept as a revision (kind conflict)
 * and the editor shows it in the form, the stored version beside it
 * with the difference; saving again (now based on the stored revision)
 * keeps what the form holds then. 409.
 */
static int
conflict(struct req *r, struct resp *resp, struct draft *d,
    const struct post *old)
{
	struct draft	 theirs;
	struct revision	 v;
	int		 status;

	draft_from_post(r, old, &theirs);
	as_revision(r, d, old->id, old->status, "conflict", &v);
	if (db_begin(&r->w->db) == -1 || admin_rev_record(r, &v) == -1 ||
	    db_commit(&r->w->db) == -1) {
		db_rollback(&r->w->db);
		return editor(r, resp, d, N_("The post could not be saved just "
		    "now. Please try again."), NULL, NULL, 503);
	}
	d->base = theirs.base;
	status = editor(r, resp, d, N_("Someone else saved this post after you "
	    "opened it, so your save did not replace theirs. Your text is "
	    "in the form below (and kept in the history); theirs is shown "
	    "beside it. Merge them and save, or keep theirs."), NULL, NULL,
	    409);
	if (status == 409 && admin_rev_conflict(r, resp->ctx, old->id,
	    theirs.title, theirs.body, theirs.tags, theirs.excerpt, d->body)
	    == -1)
		return 500;
	return status;
}

/* Is the featured photo one the editor offers (or none)? */
static int
featured_ok(struct req *r, const struct draft *d)
{
	int64_t	*ids;
	int	 n, i;

	if (d->featured == 0)
		return 1;
	if ((n = db_media_choices(&r->w->db, r->arena, d->id,
	    r->session->user.id, 100, &ids)) == -1)
		return 0;
	for (i = 0; i < n && ids[i] != d->featured; i++)
		;
	return i < n;
}

/* The body with a Markdown image line for each photo of s appended
   (alt text escaped), where the author can move them. */
static const char *
body_with(struct req *r, const char *body, const struct stored *s)
{
	struct buf	 b = { 0 };
	const char	*p, *out;
	int		 i;

	if (s->n == 0)
		return body;
	buf_puts(&b, body);
	while (b.len > 0 && strchr(" \t\r\n", b.p[b.len - 1]) != NULL)
		b.len--;
	for (i = 0; i < s->n; i++) {
		buf_puts(&b, b.len > 0 ? "\n\n![" : "![");
		for (p = s->m[i].alt; *p != '\0'; p++) {
			if (strchr("[]\\*_`<>&!", *p) != NULL)
				buf_putc(&b, '\\');
			buf_putc(&b, *p);
		}
		buf_printf(&b, "](/media/%lld)", (long long)s->m[i].id);
	}
	buf_putc(&b, '\n');
	out = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Store the post (its photos stored first, its featured photo set) in
   one transaction: the id, or -1 with the editor's answer in *status. */
static int64_t
store(struct req *r, struct resp *resp, struct draft *d,
    struct post_input *in, const char *old_path, int *status)
{
	struct stored	 st;
	char		 err[256];
	int64_t		 id;
	int		 slug_error = 0;

	if ((*status = admin_media_store(r, "images", &st)) != 0) {
		*status = editor(r, resp, d, st.error, "images", NULL, *status);
		return -1;
	}
	if (!d->html)
		in->body_md = body_with(r, d->body, &st);
	else if (st.n > 0) {
		admin_media_unstore(r, &st);
		*status = editor(r, resp, d, N_("Photos can be added only to "
		    "a Markdown post; this one is kept as HTML."), "images",
		    NULL, 422);
		return -1;
	}
	if (db_begin(&r->w->db) == -1) {
		admin_media_unstore(r, &st);
		*status = editor(r, resp, d, N_("The post could not be saved "
		    "just now (the database is busy). Please try again."), NULL,
		    NULL, 503);
		return -1;
	}
	in->lang = &r->w->lang;
	in->slug_error = &slug_error;
	if ((id = post_save(&r->w->db, r->arena, in, r->now, err,
	    sizeof(err))) == -1 || ((d->featured_sent || d->id == 0) &&
	    db_media_set_featured(&r->w->db, id, d->featured) == -1)) {
		db_rollback(&r->w->db);
		admin_media_unstore(r, &st);
		*status = editor(r, resp, d, id == -1 ? arena_strdup(r->arena,
		    err) : N_("The post could not be saved just now. Please try "
		    "again."), id == -1 && slug_error ? "slug" : NULL, NULL,
		    id == -1 ? 422 : 503);
		return -1;
	}
	if (old_path != NULL)
		keep_old_link(r, old_path, id);
	if (post_set_password(&r->w->db, r->arena, id, d->password,
	    d->title) == -1 || record(r, d, id, in->status) == -1) {
		db_rollback(&r->w->db);
		admin_media_unstore(r, &st);
		*status = editor(r, resp, d, "The post could not be saved just "
		    "now. Please try again.", NULL, NULL, 503);
		return -1;
	}
	if (db_commit(&r->w->db) == -1) {
		admin_media_unstore(r, &st);
		*status = editor(r, resp, d, "The post could not be saved just "
		    "now. Please try again.", NULL, NULL, 503);
		return -1;
	}
	return id;
}

static int
save(struct req *r, struct resp *resp, struct draft *d, const struct post *old)
{
	struct post_input	 in = { 0 };
	const char		*bad, *old_path = NULL;
	char			*when;
	int64_t			 id;
	int			 status;

	if ((bad = bad_field(d)) != NULL)
		return editor(r, resp, d, N_("This field holds characters that "
		    "are not allowed (control characters or invalid text)."),
		    bad, NULL, 422);
	if (d->title[strspn(d->title, " \t\r\n")] == '\0')
		return editor(r, resp, d, N_("Please give the post a title."),
		    "title", NULL, 422);
	if (chars(d->password) > POST_PASSWORD_MAX)
		return editor(r, resp, d, N_("The password is too long: at most "
		    "200 characters."), "password", NULL, 422);
	if (old != NULL && d->has_base && d->base != db_rev_stored(&r->w->db,
	    old->id))
		return conflict(r, resp, d, old);
	in.id = d->id;
	in.title = d->title;
	in.slug = d->slug;
	if (d->html) {
		in.body_md = "";
		in.body_html = html_str(render_body(r, d));
	} else
		in.body_md = d->body;
	in.tags = d->tags;
	in.excerpt = d->excerpt;
	in.type = d->type;
	in.comments_open = d->comments_open;
	in.author_id = old ? old->author_id : r->session->user.id;
	in.status = strcmp(d->status, "publish") == 0 ? "published" :
	    strcmp(d->status, "schedule") == 0 ? "scheduled" : "draft";
	if (*d->when != '\0') {
		when = arena_strdup(r->arena, d->when);
		if (date_parse_iso(when, &in.published) == -1)
			return editor(r, resp, d, N_("Please give the date as "
			    "YYYY-MM-DD HH:MM."), "when", NULL, 422);
	} else if (old != NULL && strcmp(old->status, "draft") != 0)
		in.published = old->published;
	if (strcmp(in.status, "scheduled") == 0 && in.published <= r->now)
		return editor(r, resp, d, N_("To schedule a post, give a date "
		    "and time in the future."), "when", NULL, 422);
	if (strcmp(in.status, "draft") == 0 && *d->when == '\0')
		in.published = old ? old->published : r->now;
	if (!featured_ok(r, d))
		return editor(r, resp, d, N_("Please choose the featured photo "
		    "from the list."), "featured", NULL, 422);
	if (old != NULL && strcmp(old->status, "published") == 0)
		old_path = url_post_a(r->arena, old);
	if ((id = store(r, resp, d, &in, old_path, &status)) == -1)
		return status;
	if (d->kind != NULL && strcmp(d->kind, "restore") == 0)
		return admin_done(r, resp, url_admin_post_a(r->arena, id),
		    "reverted");
	return admin_done(r, resp, url_admin_post_a(r->arena, id),
	    strcmp(in.status, "published") == 0 &&
	    in.published <= r->now ? "published" : strcmp(in.status,
	    "draft") == 0 ? "saved" : "scheduled");
}

/* Trash, restore or delete: one statement (triggers keep the counts). */
static int
lifecycle(struct req *r, struct resp *resp, const struct post *p,
    enum post_move m, const char *done)
{
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (db_admin_post_move(&r->w->db, p->id, m, r->now) == -1) {
		db_rollback(&r->w->db);
		return 503;
	}
	if (db_commit(&r->w->db) == -1)
		return 503;
	if (m == POST_MOVE_DELETE)
		return admin_done(r, resp, "/admin/posts?status=trash", done);
	return admin_done(r, resp, url_admin_post_a(r->arena, p->id), done);
}

/*
 * GET /admin/posts/new: an empty editor. POST: preview (the rendered
 * Markdown above the form, nothing saved) or save: 303 to the editor of
 * the new post; 422 with every character kept for an invalid form.
 */
int
admin_post_new_show(struct req *r, struct resp *resp)
{
	struct draft	 d;

	memset(&d, 0, sizeof(d));
	d.title = d.slug = d.body = d.tags = d.excerpt = "";
	d.status = "draft";
	d.when = "";
	d.type = strcmp(http_query(r, "type") ? http_query(r, "type") : "",
	    "page") == 0 ? "page" : "post";
	d.comments_open = 1;
	return editor(r, resp, &d, NULL, NULL, NULL, 200);
}

/* A held form (held.h) in the editor: as typed, a notice, unsaved. */
static int
held(struct req *r, struct resp *resp, const struct draft *d)
{
	int	 status;

	status = editor(r, resp, d, NULL, NULL, NULL, 200);
	if (resp->ctx != NULL)
		tmpl_set_text(resp->ctx, "notice", ADMIN_HELD_NOTICE);
	return status;
}

int
admin_post_new_save(struct req *r, struct resp *resp)
{
	struct draft	 d;

	draft_from_form(r, 0, &d);
	if (r->held)	/* back after a login (held.h): shown, not saved */
		return held(r, resp, &d);
	if (kv_get(r->form, "preview") != NULL)
		return editor(r, resp, &d, NULL, NULL, render_body(r, &d), 200);
	return save(r, resp, &d, NULL);
}

/*
 * GET /admin/posts/ID: the editor. POST: preview, save, trash, restore,
 * or delete (from the trash only). 303 after a change; 403 for another
 * author's post; 404 for no such post; 422 for an invalid form.
 */
/* The post of the route's id, if this user may edit it: 0 to go on, or
   the status (404, 403, 503). */
static int
the_post(struct req *r, struct resp *resp, struct post *p)
{
	int	 rc;

	if ((rc = db_post_by_id(&r->w->db, r->arena, r->num[0], 1, p)) == -1)
		return 503;
	if (rc == 0)
		return 404;
	if (!may_edit(r, p))
		return admin_forbid(resp, N_("Authors can edit only their own "
		    "posts."));
	return 0;
}

/*
 * ?autosave=ID: the editor holding this user's autosave ID of the post
 * (the banner's link), not saved; 404 for any other revision.
 */
static int
from_autosave(struct req *r, struct resp *resp, struct draft *d)
{
	struct revision	 v;
	long long	 id;
	int		 rc, status;

	id = strtoll(http_query(r, "autosave"), NULL, 10);
	if ((rc = db_rev_get(&r->w->db, r->arena, id, &v)) == -1)
		return 503;
	if (rc == 0 || v.post_id != d->id || strcmp(v.kind, "autosave") != 0 ||
	    v.author_id != r->session->user.id)
		return 404;
	d->title = v.title;
	d->body = v.body;
	d->html = v.html;
	d->tags = v.tags;
	d->excerpt = v.excerpt;
	status = editor(r, resp, d, NULL, NULL, NULL, 200);
	if (resp->ctx != NULL)
		tmpl_set_text(resp->ctx, "notice", _(&r->w->lang, "Your autosave "
		    "is in the form: not saved yet. Save to keep it."));
	return status;
}

int
admin_post_edit_show(struct req *r, struct resp *resp)
{
	struct post	 p;
	struct draft	 d;
	int		 rc;

	if ((rc = the_post(r, resp, &p)) != 0)
		return rc;
	draft_from_post(r, &p, &d);
	if (http_query(r, "autosave") != NULL)
		return from_autosave(r, resp, &d);
	return editor(r, resp, &d, NULL, NULL, NULL, 200);
}

int
admin_post_restore(struct req *r, struct resp *resp, const struct post *p,
    const struct revision *v)
{
	struct draft	 d;

	draft_from_post(r, p, &d);
	d.title = v->title;
	d.body = v->body;
	d.html = v->html;
	d.tags = v->tags;
	d.excerpt = v->excerpt;
	d.when = "";
	d.kind = "restore";
	return save(r, resp, &d, p);
}

int
admin_post_edit_save(struct req *r, struct resp *resp)
{
	struct post	 p;
	struct draft	 d;
	int		 rc;

	if ((rc = the_post(r, resp, &p)) != 0)
		return rc;
	if (r->held) {
		draft_from_form(r, p.id, &d);
		d.current = p.status;
		return held(r, resp, &d);
	}
	if (kv_get(r->form, "share") != NULL ||
	    kv_get(r->form, "unshare") != NULL)
		return admin_post_share(r, resp, &p,
		    kv_get(r->form, "share") != NULL);
	if (kv_get(r->form, "trash") != NULL)
		return lifecycle(r, resp, &p, POST_MOVE_TRASH, "trashed");
	if (kv_get(r->form, "restore") != NULL)
		return lifecycle(r, resp, &p, POST_MOVE_RESTORE,
		    "restored");
	if (kv_get(r->form, "delete") != NULL) {
		if (strcmp(p.status, "trash") != 0)
			return admin_forbid(resp, N_("Only a post in the trash "
			    "can be deleted for good. Move it to the trash "
			    "first."));
		return lifecycle(r, resp, &p, POST_MOVE_DELETE, "deleted");
	}
	draft_from_form(r, p.id, &d);
	d.current = p.status;
	if (kv_get(r->form, "preview") != NULL)
		return editor(r, resp, &d, NULL, NULL, render_body(r, &d), 200);
	return save(r, resp, &d, &p);
}
