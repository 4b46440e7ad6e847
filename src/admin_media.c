/* admin_media.c: the photo library (/admin/media): upload, alt text,
   caption, where a photo is used, delete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_media.h"
#include "http.h"
#include "i18n.h"
#include "media.h"
#include "post.h"
#include "session.h"
#include "template.h"
#include "upload.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define LIST_PAGE	24
#define TEXT_MAX	1000	/* alt text, caption */

/* Alt text from a file's name: the name without its extension. */
static const char *
alt_of(struct arena *a, const char *name)
{
	const char	*dot = strrchr(name, '.');

	if (*name == '(')	/* "(a file with no usable name)" */
		return "";
	return arena_strndup(a, name, dot && dot != name ?
	    (size_t)(dot - name) : strlen(name));
}

void
admin_media_unstore(struct req *r, const struct stored *s)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		if (s->fresh[i] && media_delete(&r->w->db, r->w->media,
		    s->m[i].id) == -1)
			fprintf(stderr, "quire: media: photo %lld could not be "
			    "removed again\n", (long long)s->m[i].id);
}

/* Store upload file f as the next photo of s: 0 or a status. */
static int
store_one(struct req *r, const struct upload_file *f, struct buf *b,
    struct stored *s)
{
	struct media_opts	 o;
	char			 err[512];
	int			 rc, status = 500;

	buf_reset(b);
	memset(&o, 0, sizeof(o));
	o.dir = r->w->media;
	o.max_bytes = (size_t)r->w->site.media_max_bytes;
	o.alt = alt_of(r->arena, f->name);
	o.original_name = f->name;
	o.user_id = r->session->user.id;
	o.now = r->now;
	o.lang = &r->w->lang;
	if (upload_slurp(f, b) == -1)
		snprintf(err, sizeof(err), "cannot read the upload back");
	else if ((rc = media_store(&r->w->db, r->arena, &o, b->p ? b->p : "",
	    b->len, &s->m[s->n], &status, err, sizeof(err))) >= 0) {
		s->fresh[s->n++] = rc == 1;
		return 0;
	}
	if (status == 413 || status == 422)
		s->error = i18n_format(r->arena, _(&r->w->lang, "{file}: "
		    "{why}."), "file", f->name, "why", err, NULL);
	else {
		fprintf(stderr, "quire: media: %s: %s\n", f->name, err);
		s->error = i18n_format(r->arena, _(&r->w->lang, "{file}: the "
		    "photo could not be stored just now. Please try again."),
		    "file", f->name, NULL);
	}
	return status;
}

int
admin_media_store(struct req *r, const char *field, struct stored *s)
{
	struct upload	*u = r->upload;
	struct buf	 b = { 0 };
	int		 i, status = 0;

	memset(s, 0, sizeof(*s));
	if (u == NULL || u->n == 0)
		return u != NULL && u->status ? (s->error = u->error,
		    u->status) : 0;
	if (u->status != 0) {
		s->error = u->error;
		return u->status;
	}
	if (r->w->media == NULL) {
		s->error = N_("Photos cannot be stored: this server has no media "
		    "directory.");
		return 500;
	}
	s->m = arena_zalloc(r->arena, sizeof(*s->m) * (size_t)u->n);
	s->fresh = arena_zalloc(r->arena, sizeof(*s->fresh) * (size_t)u->n);
	for (i = 0; i < u->n && status == 0; i++)
		if (strcmp(u->f[i].field, field) == 0)
			status = store_one(r, &u->f[i], &b, s);
	buf_free(&b);
	if (status != 0)
		admin_media_unstore(r, s);
	return status;
}

int
admin_media_rerender(struct req *r, const struct media_use *u, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (post_rerender(&r->w->db, r->arena, u[i].post_id) == -1)
			return -1;
	return 0;
}

/* "1.2 MB", "340 KB". */
static const char *
size_text(struct arena *a, int64_t n)
{
	if (n >= 1000000)
		return arena_printf(a, "%.1f MB", (double)n / 1e6);
	return arena_printf(a, "%lld KB", (long long)((n + 999) / 1000));
}

/* The narrowest variant in format fmt, or NULL. */
static const struct media_variant *
narrowest(const struct media *m, const char *fmt)
{
	const struct media_variant	*v = NULL;
	int				 i;

	for (i = 0; i < m->nv; i++)
		if (strcmp(m->v[i].format, fmt) == 0 &&
		    (v == NULL || m->v[i].width < v->width))
			v = &m->v[i];
	return v;
}

/* The fields of photo m into o: id, thumbnail, size, uses. 0 or -1. */
static int
photo_fields(struct req *r, struct tval *o, const struct media *m)
{
	const struct media_variant	*v;
	struct media_use		*u;
	struct tval			*list, *e;
	int				 n, i;

	tmpl_set_int(o, "id", m->id);
	tmpl_set_text(o, "edit_url", arena_printf(r->arena, "/admin/media/%lld",
	    (long long)m->id));
	if ((v = narrowest(m, "jpeg")) != NULL ||
	    (v = narrowest(m, "png")) != NULL ||
	    (v = narrowest(m, "gif")) != NULL ||
	    (v = narrowest(m, "webp")) != NULL) {
		tmpl_set_text(o, "thumb", arena_printf(r->arena, "/media/%s",
		    v->file));
		tmpl_set_int(o, "thumb_width", v->width);
		tmpl_set_int(o, "thumb_height", v->height);
	}
	tmpl_set_text(o, "name", *m->original_name ? m->original_name :
	    "(no name)");
	tmpl_set_text(o, "alt", m->alt);
	tmpl_set_text(o, "caption", m->caption);
	tmpl_set_int(o, "width", m->width);
	tmpl_set_int(o, "height", m->height);
	tmpl_set_text(o, "bytes", size_text(r->arena, m->bytes));
	tmpl_set_text(o, "url", media_url(r->arena, m));
	tmpl_set_text(o, "markdown", arena_printf(r->arena, "![%s](/media/%lld)",
	    m->alt, (long long)m->id));
	if ((n = db_media_used_by(&r->w->db, r->arena, m->id, &u)) == -1)
		return -1;
	list = tmpl_set_list(o, "uses");
	for (i = 0; i < n; i++) {
		e = tmpl_list_obj(list);
		tmpl_set_text(e, "title", *u[i].title ? u[i].title :
		    "(no title)");
		tmpl_set_text(e, "status", admin_post_status(r,
		    u[i].status));
		tmpl_set_text(e, "url", url_admin_post_a(r->arena,
		    u[i].post_id));
	}
	tmpl_set_bool(o, "used", n > 0);
	return 0;
}

/* The library page (page `page'), with an upload error if any. */
static int
library(struct req *r, struct resp *resp, const char *error, int status)
{
	struct tval	*ctx, *list;
	struct media	 m;
	int64_t		*ids, total;
	long		 page = page_parse(http_query(r, "page"), 100000);
	int		 n, i;

	if ((ctx = admin_ctx(r, resp, "Media", "media", "admin_media")) ==
	    NULL)
		return 500;
	if ((total = db_media_count(&r->w->db, admin_author_of(r))) == -1 ||
	    (n = db_media_page(&r->w->db, r->arena, admin_author_of(r),
	    LIST_PAGE, (int)((page - 1) * LIST_PAGE), &ids)) == -1)
		return 500;
	list = tmpl_set_list(ctx, "photos");
	for (i = 0; i < n; i++)
		if (db_media_get(&r->w->db, r->arena, ids[i], &m) != 1 ||
		    photo_fields(r, tmpl_list_obj(list), &m) == -1)
			return 500;
	tmpl_set_int(ctx, "total", total);
	tmpl_set_bool(ctx, "empty", n == 0);
	tmpl_set_int(ctx, "max_mib", r->w->site.media_max_bytes >> 20);
	tmpl_set_int(ctx, "max_files", UPLOAD_FILES_MAX);
	if (page > 1)
		tmpl_set_text(ctx, "newer", arena_printf(r->arena,
		    "/admin/media?page=%ld", page - 1));
	if (page * LIST_PAGE < total)
		tmpl_set_text(ctx, "older", arena_printf(r->arena,
		    "/admin/media?page=%ld", page + 1));
	if (error != NULL)
		tmpl_set_text(ctx, "error", _(&r->w->lang, error));
	return status;
}

/*
 * GET /admin/media?page=N: the photos (an author's own; an admin sees
 * everyone's), newest first, LIST_PAGE a page, each a thumbnail with
 * its pixel size, bytes and the posts that use it; and the upload form.
 * 200.
 */
int
admin_media_show(struct req *r, struct resp *resp)
{
	return library(r, resp, NULL, 200);
}

/*
 * POST /admin/media (multipart/form-data, field `files', several): store
 * every photo, 303 to the library. A file refused (not an image, an
 * unknown format, truncated, too many pixels, an SVG: 422; over the
 * byte limit: 413; more than UPLOAD_FILES_MAX files: 422): the library
 * again with the reason naming the file, and none of the files kept.
 */
int
admin_media_upload(struct req *r, struct resp *resp)
{
	struct stored	 s;
	int		 status;

	if ((status = admin_media_store(r, "files", &s)) != 0)
		return library(r, resp, s.error, status);
	if (s.n == 0)
		return library(r, resp, N_("Please choose one or more photos to "
		    "upload."), 422);
	return admin_done(r, resp, "/admin/media", "uploaded");
}

/* The route's photo, if this user may manage it: 0, or 404 (another
   author's photo is not shown to exist) or 500. */
static int
the_photo(struct req *r, struct media *m)
{
	int64_t	 owner;
	int	 rc;

	if ((owner = db_media_owner(&r->w->db, r->num[0])) == -1)
		return 500;
	if (owner == -2 || (!admin_is_admin(r) &&
	    owner != r->session->user.id))
		return 404;
	if ((rc = db_media_get(&r->w->db, r->arena, r->num[0], m)) != 1)
		return rc == 0 ? 404 : 500;
	return 0;
}

/* One photo's page: its form (alt and caption as given), or the
   confirmation of a delete. */
static int
one(struct req *r, struct resp *resp, const struct media *m,
    const char *alt, const char *caption, const char *error, int confirm,
    int status)
{
	struct tval	*ctx, *o;

	if ((ctx = admin_ctx(r, resp, confirm ? N_("Delete photo") : N_("Photo"),
	    "media", "admin_media_edit")) == NULL)
		return 500;
	o = tmpl_set_obj(ctx, "photo");
	if (photo_fields(r, o, m) == -1)
		return 500;
	tmpl_set_text(o, "edit_alt", alt);
	tmpl_set_text(o, "edit_caption", caption);
	tmpl_set_bool(ctx, "confirm", confirm);
	if (error != NULL)
		tmpl_set_text(ctx, "error", _(&r->w->lang, error));
	return status;
}

/*
 * GET /admin/media/ID: the photo, its alt text and caption, the
 * Markdown to copy, the posts that use it, delete. 404 for no such
 * photo or another author's.
 */
int
admin_media_one_show(struct req *r, struct resp *resp)
{
	struct media	 m;
	int		 rc;

	if ((rc = the_photo(r, &m)) != 0)
		return rc;
	return one(r, resp, &m, m.alt, m.caption, NULL, 0, 200);
}

/* Delete photo m (confirmed, or used nowhere), and re-render the posts
   that showed it. */
static int
delete_photo(struct req *r, struct resp *resp, const struct media *m)
{
	struct media_use	*u;
	int			 n;

	if ((n = db_media_used_by(&r->w->db, r->arena, m->id, &u)) == -1)
		return 500;
	if (n > 0 && kv_get(r->form, "confirm") == NULL)
		return one(r, resp, m, m->alt, m->caption, NULL, 1, 200);
	if (media_delete(&r->w->db, r->w->media, m->id) == -1)
		return 503;
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (admin_media_rerender(r, u, n) == -1) {
		db_rollback(&r->w->db);
		return 503;
	}
	if (db_commit(&r->w->db) == -1)
		return 503;
	return admin_done(r, resp, "/admin/media", "deleted");
}

/*
 * POST /admin/media/ID: `delete' (with `confirm' once the posts that
 * use it were shown: 200 with them first), 303 to the library; or
 * alt text and caption saved, the posts that show the photo rendered
 * again, 303 here. 422 with the text as typed when it is not text or
 * too long.
 */
int
admin_media_one_save(struct req *r, struct resp *resp)
{
	struct media		 m;
	struct media_use	*u;
	const char		*alt, *cap;
	int			 rc, n;

	if ((rc = the_photo(r, &m)) != 0)
		return rc;
	if (kv_get(r->form, "delete") != NULL)
		return delete_photo(r, resp, &m);
	alt = kv_get(r->form, "alt") ? kv_get(r->form, "alt") : "";
	cap = kv_get(r->form, "caption") ? kv_get(r->form, "caption") : "";
	if (!text_clean(alt, strlen(alt)) || !text_clean(cap, strlen(cap)))
		return one(r, resp, &m, utf8_showable(r->arena, alt,
		    strlen(alt)), utf8_showable(r->arena, cap, strlen(cap)),
		    N_("The alt text and caption must be plain text (no control "
		    "characters)."), 0, 422);
	if (strlen(alt) > TEXT_MAX || strlen(cap) > TEXT_MAX)
		return one(r, resp, &m, alt, cap, N_("The alt text and caption "
		    "may be 1000 bytes long at most."), 0, 422);
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (db_media_set_text(&r->w->db, m.id, alt, cap) == -1 ||
	    (n = db_media_used_by(&r->w->db, r->arena, m.id, &u)) == -1 ||
	    admin_media_rerender(r, u, n) == -1) {
		db_rollback(&r->w->db);
		return 503;
	}
	if (db_commit(&r->w->db) == -1)
		return 503;
	return admin_done(r, resp, arena_printf(r->arena, "/admin/media/%lld",
	    (long long)m.id), "saved");
}
