/* admin_revisions.c: a post's revisions: the history, a comparison of
   any two (a word diff made by diff.c, or side by side), restoring one,
   autosaves, and the editor's parts for them and for shared drafts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_post.h"
#include "db_revision.h"
#include "diff.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "session.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define HISTORY_PAGE	50

static const char *
when(struct req *r, int64_t t)
{
	struct buf	 b = { 0 };
	const char	*s;

	date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    t);
	s = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *
history_url(struct req *r, int64_t post_id)
{
	return arena_printf(r->arena, "/admin/posts/%lld/revisions",
	    (long long)post_id);
}

int64_t
admin_rev_record(struct req *r, const struct revision *v)
{
	int64_t	 id;
	int	 keep = r->w->site.revisions_keep > 0 ?
		    r->w->site.revisions_keep : 50;

	if (strcmp(v->kind, "save") == 0 || strcmp(v->kind, "restore") == 0) {
		if (db_rev_drop_autosaves(&r->w->db, v->post_id,
		    v->author_id) == -1)
			return -1;
	} else if (strcmp(v->kind, "autosave") == 0 &&
	    db_rev_drop_autosaves(&r->w->db, v->post_id, v->author_id) == -1)
		return -1;
	if ((id = db_rev_insert(&r->w->db, v)) == -1)
		return -1;
	if (db_rev_prune(&r->w->db, v->post_id, keep) == -1)
		return -1;
	return id;
}

int
admin_rev_editor(struct req *r, struct tval *ctx, int64_t post_id)
{
	struct revision	 v;
	struct tval	*o;
	const char	*nonce;
	int64_t		 stored, expires;
	int		 rc;

	tv_set(ctx, "autosave", tv_null(r->arena));
	tv_set(ctx, "shared", tv_null(r->arena));
	if (post_id == 0)
		return 0;
	tmpl_set_text(ctx, "history_url", history_url(r, post_id));
	tmpl_set_text(ctx, "autosave_url", arena_printf(r->arena,
	    "/admin/posts/%lld/autosave", (long long)post_id));
	if ((stored = db_rev_stored(&r->w->db, post_id)) == -1 ||
	    (rc = db_rev_autosave(&r->w->db, post_id, r->session->user.id,
	    &v)) == -1)
		return -1;
	if (rc == 1 && v.id > stored) {
		o = tmpl_set_obj(ctx, "autosave");
		tmpl_set_text(o, "url", arena_printf(r->arena,
		    "/admin/posts/%lld?autosave=%lld", (long long)post_id,
		    (long long)v.id));
		tmpl_set_text(o, "when", when(r, v.created));
	}
	if (db_preview_get(&r->w->db, r->arena, post_id, &nonce, &expires)
	    == -1)
		return -1;
	if (nonce != NULL && expires > r->now) {
		o = tmpl_set_obj(ctx, "shared");
		tmpl_set_text(o, "url", arena_printf(r->arena, "%s%s",
		    r->w->site.base_url, page_preview_path(r, post_id, nonce,
		    expires)));
		tmpl_set_text(o, "expires", when(r, expires));
	}
	return 0;
}

/* One compared field: its label and a word diff, or both sides. */
static void
field(struct req *r, struct tval *list, const char *label, const char *a,
    const char *b, int side)
{
	struct tval	*o;

	o = tmpl_list_obj(list);
	tmpl_set_text(o, "label", _(&r->w->lang, label));
	if (side) {
		tmpl_set_text(o, "a", a);
		tmpl_set_text(o, "b", b);
	} else
		tmpl_set_html(o, "diff", diff_words(r->arena, a, b, NULL));
}

int
admin_rev_conflict(struct req *r, struct tval *ctx, int64_t post_id,
    const char *title, const char *body, const char *tags,
    const char *excerpt, const char *yours)
{
	struct revision	 v;
	struct tval	*o;
	int64_t		 stored;

	o = tmpl_set_obj(ctx, "conflict");
	tmpl_set_text(o, "title", title);
	tmpl_set_text(o, "body", body);
	tmpl_set_text(o, "tags", tags);
	tmpl_set_text(o, "excerpt", excerpt);
	tmpl_set_text(o, "keep_url", url_admin_post_a(r->arena, post_id));
	tmpl_set_html(o, "diff", diff_words(r->arena, body, yours, NULL));
	if ((stored = db_rev_stored(&r->w->db, post_id)) == -1)
		return -1;
	if (stored > 0 && db_rev_get(&r->w->db, r->arena, stored, &v) == 1) {
		tmpl_set_text(o, "who", *v.author_name ? v.author_name :
		    "someone");
		tmpl_set_text(o, "when", when(r, v.created));
	}
	return 0;
}

int
admin_post_share(struct req *r, struct resp *resp, const struct post *p,
    int on)
{
	unsigned char	 raw[16];
	char		 nonce[33];
	int64_t		 expires = 0;

	nonce[0] = '\0';
	if (on) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
		expires = r->now + (int64_t)r->w->site.preview_days * 86400;
	}
	if (db_preview_set(&r->w->db, p->id, on ? nonce : NULL, expires) ==
	    -1)
		return 503;
	return admin_done(r, resp, url_admin_post_a(r->arena, p->id),
	    on ? "shared" : "unshared");
}

/* The post of the route's id, if this user may edit it: 0, or a status. */
static int
the_post(struct req *r, struct resp *resp, struct post *p)
{
	int	 rc;

	if ((rc = db_post_by_id(&r->w->db, r->arena, r->num[0], 1, p)) == -1)
		return 503;
	if (rc == 0)
		return 404;
	if (!admin_is_admin(r) && p->author_id != r->session->user.id)
		return admin_forbid(resp, N_("Authors can edit only their own "
		    "posts."));
	return 0;
}

/* Revision id of post_id from the query's `name': 1, 0 (absent), or -1
   (not a revision of this post: the query is bad). */
static int
query_rev(struct req *r, const char *name, int64_t post_id,
    struct revision *v)
{
	const char	*s;
	char		*end;
	long long	 id;

	if ((s = http_query(r, name)) == NULL)
		return 0;
	id = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || id <= 0 ||
	    db_rev_get(&r->w->db, r->arena, id, v) != 1 ||
	    v->post_id != post_id) {
		r->query_bad = 1;
		return -1;
	}
	return 1;
}

/* A revision's kind as the history shows it, translated. */
static const char *
rev_kind(struct req *r, const char *kind)
{
	static const char *const kinds[] = { N_("save"), N_("restore"),
	    N_("autosave"), N_("conflict"), N_("import") };
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return _(&r->w->lang, kinds[i]);
	return kind;
}

static const char *
rev_label(struct req *r, const struct revision *v)
{
	return i18n_format(r->arena, _(&r->w->lang, "Revision {id}, {when} "
	    "by {author} ({kind})"), "id", arena_printf(r->arena, "%lld",
	    (long long)v->id), "when", when(r, v->created), "author",
	    *v->author_name ? v->author_name : _(&r->w->lang,
	    "a former user"), "kind", rev_kind(r, v->kind), NULL);
}

/* ?a=R1&b=R2[&view=side]: the comparison, in ctx. */
static int
compare(struct req *r, struct tval *ctx, int64_t post_id)
{
	struct revision	 a, b;
	struct tval	*o, *list;
	const char	*view = http_query(r, "view");
	int		 side, ra, rb;

	ra = query_rev(r, "a", post_id, &a);
	rb = query_rev(r, "b", post_id, &b);
	if (ra <= 0 || rb <= 0)
		return ra == -1 || rb == -1 ? -1 : 0;
	if (a.id > b.id) {	/* older on the left */
		struct revision t = a;
		a = b;
		b = t;
	}
	side = view != NULL && strcmp(view, "side") == 0;
	o = tmpl_set_obj(ctx, "compare");
	tmpl_set_text(o, "a_label", rev_label(r, &a));
	tmpl_set_text(o, "b_label", rev_label(r, &b));
	tmpl_set_text(o, "diff_url", arena_printf(r->arena, "%s?a=%lld&b=%lld",
	    history_url(r, post_id), (long long)a.id, (long long)b.id));
	tmpl_set_text(o, "side_url", arena_printf(r->arena,
	    "%s?a=%lld&b=%lld&view=side", history_url(r, post_id),
	    (long long)a.id, (long long)b.id));
	tmpl_set_bool(o, "side", side);
	list = tmpl_set_list(o, "fields");
	field(r, list, N_("Title"), a.title, b.title, side);
	field(r, list, N_("Text"), a.body, b.body, side);
	field(r, list, N_("Tags"), a.tags, b.tags, side);
	field(r, list, N_("Excerpt"), a.excerpt, b.excerpt, side);
	return 0;
}

/* The history page (paged), with an error for a refused restore. */
static int
history(struct req *r, struct resp *resp, const struct post *p,
    const char *error, int status)
{
	struct revision	*v;
	struct tval	*ctx, *list, *o;
	int64_t		 total;
	long		 page;
	int		 i, n;

	page = page_parse(http_query(r, "page"), 100000);
	if ((ctx = admin_ctx(r, resp, "Revisions", "posts",
	    "admin_revisions")) == NULL)
		return 500;
	tmpl_set_text(ctx, "post_title", *p->title ? p->title : "(no title)");
	tmpl_set_text(ctx, "edit_url", url_admin_post_a(r->arena, p->id));
	tmpl_set_text(ctx, "self", history_url(r, p->id));
	if (error != NULL)
		tmpl_set_text(ctx, "error", _(&r->w->lang, error));
	if (compare(r, ctx, p->id) == -1)
		return 400;
	if ((total = db_rev_count(&r->w->db, p->id)) == -1 ||
	    db_rev_list(&r->w->db, r->arena, p->id, HISTORY_PAGE,
	    (int)((page - 1) * HISTORY_PAGE), &v, &n) == -1)
		return 503;
	tmpl_set_int(ctx, "total", total);
	tmpl_set_bool(ctx, "empty", total == 0);
	list = tmpl_set_list(ctx, "revisions");
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_int(o, "id", v[i].id);
		tmpl_set_text(o, "when", when(r, v[i].created));
		tmpl_set_text(o, "author", *v[i].author_name ?
		    v[i].author_name : _(&r->w->lang, "(a former user)"));
		tmpl_set_text(o, "kind", rev_kind(r, v[i].kind));
		tmpl_set_text(o, "status", admin_post_status(r,
		    v[i].status));
		tmpl_set_text(o, "title", *v[i].title ? v[i].title :
		    _(&r->w->lang, "(no title)"));
	}
	if (page > 1)
		tmpl_set_text(ctx, "newer", arena_printf(r->arena,
		    "%s?page=%ld", history_url(r, p->id), page - 1));
	if (page * HISTORY_PAGE < total)
		tmpl_set_text(ctx, "older", arena_printf(r->arena,
		    "%s?page=%ld", history_url(r, p->id), page + 1));
	return status;
}

/*
 * GET /admin/posts/ID/revisions?page=N&a=R1&b=R2&view=side: the post's
 * revisions, newest first, 50 a page; with a and b (revisions of this
 * post) their word diff, or both side by side. 200; 400 for a or b not
 * a revision of this post; 403 for another author's post; 404 no post.
 * POST (restore=R): revision R saved again as the post's text (a new
 * revision): 303 to the editor; 422 when R is not a revision of this
 * post, nothing changed.
 */
int
admin_revisions_show(struct req *r, struct resp *resp)
{
	struct post	 p;
	int		 rc;

	if ((rc = the_post(r, resp, &p)) != 0)
		return rc;
	return history(r, resp, &p, NULL, 200);
}

int
admin_revisions_save(struct req *r, struct resp *resp)
{
	struct post	 p;
	struct revision	 v;
	const char	*s;
	char		*end;
	long long	 id = 0;
	int		 rc;

	if ((rc = the_post(r, resp, &p)) != 0)
		return rc;
	if ((s = kv_get(r->form, "restore")) != NULL)
		id = strtoll(s, &end, 10);
	if (s == NULL || *s == '\0' || *end != '\0' || id <= 0 ||
	    (rc = db_rev_get(&r->w->db, r->arena, id, &v)) == 0 ||
	    (rc == 1 && v.post_id != p.id))
		return history(r, resp, &p, N_("restore: that is not a "
		    "revision of this post, so nothing was restored."), 422);
	if (rc == -1)
		return 503;
	return admin_post_restore(r, resp, &p, &v);
}

/*
 * POST /admin/posts/ID/autosave (title, body, tags, excerpt, format):
 * admin.js's autosave, every 30 seconds of typing: stored as this
 * user's autosave of the post (replacing their previous one); the post
 * is unchanged. 200 (text/plain); 422 for fields that are not text.
 */
int
admin_autosave(struct req *r, struct resp *resp)
{
	static const char *const names[] = { "title", "body", "tags",
	    "excerpt" };
	const char	*f[4];
	struct revision	 v;
	struct post	 p;
	struct tval	*ctx;
	int64_t		 id;
	size_t		 i;
	int		 rc;

	if ((rc = the_post(r, resp, &p)) != 0)
		return rc;
	for (i = 0; i < 4; i++) {
		if ((f[i] = kv_get(r->form, names[i])) == NULL)
			f[i] = "";
		if (!utf8_valid(f[i], strlen(f[i])) || (i != 1 &&
		    !text_clean(f[i], strlen(f[i])))) {
			resp->message = i18n_format(r->arena,
			    _(&r->w->lang, "{field}: not text, so nothing "
			    "was autosaved."), "field", names[i], NULL);
			return 422;
		}
	}
	memset(&v, 0, sizeof(v));
	v.post_id = p.id;
	v.author_id = r->session->user.id;
	v.created = r->now;
	v.kind = "autosave";
	v.status = p.status;
	v.title = f[0];
	v.body = f[1];
	v.tags = f[2];
	v.excerpt = f[3];
	v.html = kv_get(r->form, "format") != NULL &&
	    strcmp(kv_get(r->form, "format"), "html") == 0;
	if (db_begin(&r->w->db) == -1)
		return 503;
	if ((id = admin_rev_record(r, &v)) == -1) {
		db_rollback(&r->w->db);
		return 503;
	}
	if (db_commit(&r->w->db) == -1)
		return 503;
	ctx = tv_obj(r->arena);
	tmpl_set_int(ctx, "id", id);
	resp->ctx = ctx;
	resp->tmpl = "admin_autosaved";
	resp->content_type = "text/plain; charset=utf-8";
	resp->cache = CACHE_NONE;
	return 200;
}
