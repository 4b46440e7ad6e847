/* admin_tags.c: the tags page: rename a tag, change its slug (the old
   address answered with a 301), merge one tag into another, delete one. */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_admin.h"
#include "db_redirect.h"
#include "db_tag.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "slug.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define NAME_MAX_LEN	200

/* A form sent back (422): its row, what was typed, what was wrong. */
struct typed {
	int64_t		 id;		/* the row edited (0: none) */
	const char	*name;
	const char	*slug;
	const char	*name_error;
	const char	*slug_error;
	int64_t		 from;		/* the merge form */
	int64_t		 into;
	const char	*merge_error;
};


static struct tval *
text_or_null(struct arena *a, const char *s)
{
	return s != NULL ? tv_text(a, s) : tv_null(a);
}

/* One row of the list, with what was typed in it. */
static void
tag_row(struct req *r, struct tval *list, const struct admin_tag *at,
    const struct typed *t)
{
	const struct tag	*g = &at->tag;
	struct tval		*o;
	int			 here;

	o = tmpl_list_obj(list);
	here = t != NULL && t->id == g->id;
	tmpl_set_int(o, "id", g->id);
	tmpl_set_text(o, "name", g->name);
	tmpl_set_text(o, "slug", g->slug);
	tmpl_set_text(o, "url", url_tag_a(r->arena, g->slug));
	tmpl_set_int(o, "count", g->post_count);
	tmpl_set_int(o, "links", at->links);
	tmpl_set_text(o, "edit_name", here && t->name ? t->name : g->name);
	tmpl_set_text(o, "edit_slug", here && t->slug ? t->slug : g->slug);
	tv_set(o, "name_error", text_or_null(r->arena, here && t->name_error ?
	    _(&r->w->lang, t->name_error) : NULL));
	tv_set(o, "slug_error", text_or_null(r->arena, here && t->slug_error ?
	    _(&r->w->lang, t->slug_error) : NULL));
	tmpl_set_bool(o, "from_selected", t != NULL && t->from == g->id);
	tmpl_set_bool(o, "into_selected", t != NULL && t->into == g->id);
}

/* The page: every tag (also those without public posts) and the forms;
   t is a refused form to show again, or NULL. */
static int
tags_page(struct req *r, struct resp *resp, const struct typed *t,
    int status)
{
	struct tval		*ctx, *list;
	struct admin_tag	*g;
	int			 i, n;

	if ((ctx = admin_ctx(r, resp, N_("Tags"), "tags", "admin_tags")) ==
	    NULL)
		return 500;
	tv_set(ctx, "error", tv_null(r->arena));
	if (status == 422)
		tmpl_set_text(ctx, "error", _(&r->w->lang, "Nothing was "
		    "changed: please see the message below."));
	tv_set(ctx, "merge_error", text_or_null(r->arena, t != NULL &&
	    t->merge_error ? _(&r->w->lang, t->merge_error) : NULL));
	if (db_admin_tags(&r->w->db, r->arena, &g, &n) == -1)
		return 500;
	list = tmpl_set_list(ctx, "tags");
	for (i = 0; i < n; i++)
		tag_row(r, list, &g[i], t);
	tmpl_set_bool(ctx, "empty", n == 0);
	tmpl_set_bool(ctx, "can_merge", n > 1);
	tmpl_set_int(ctx, "total", n);
	return status;
}

/* A field as typed (for showing again) and trimmed (for use); -1 if it
   holds control characters or invalid text, else 0. */
static int
field(struct req *r, const char *key, const char **typed,
    const char **trimmed)
{
	const struct kv	*kv;
	const char	*s;
	size_t		 n;

	*typed = *trimmed = NULL;
	if ((kv = kv_find(r->form, key)) == NULL)
		return 0;
	if (!text_clean(kv->val, kv->vallen) || strchr(kv->val, '\n') ||
	    strchr(kv->val, '\r') || strchr(kv->val, '\t')) {
		*typed = utf8_valid(kv->val, kv->vallen) &&
		    strlen(kv->val) == kv->vallen ? kv->val : "";
		return -1;
	}
	*typed = kv->val;
	for (s = kv->val; *s == ' '; s++)
		continue;
	for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		continue;
	*trimmed = arena_strndup(r->arena, s, n);
	return 0;
}

/* Check the new name of tag id: NULL, or what is wrong with it. */
static const char *
name_problem(struct req *r, const char *name, int64_t id)
{
	int64_t	 other;

	if (*name == '\0')
		return N_("Please give the tag a name.");
	if (strlen(name) > NAME_MAX_LEN)
		return N_("The name is too long (200 bytes at most).");
	if (strchr(name, ',') != NULL)
		return N_("A tag name cannot hold a comma: commas separate the "
		    "tags of a post.");
	if ((other = db_tag_named(&r->w->db, name, id)) == -1)
		return N_("The name could not be checked just now. Please try "
		    "again.");
	if (other > 0)
		return i18n_format(r->arena, _(&r->w->lang, "Another tag is "
		    "already called \xe2\x80\x9c{name}\xe2\x80\x9d: to join "
		    "the two, merge them below."), "name", name, NULL);
	return NULL;
}

/* The slug to give tag id (made valid with slug_make) in *out, or what
   is wrong with the one typed. */
static const char *
slug_problem(struct req *r, const char *typed, int64_t id, const char **out)
{
	struct buf	 b = { 0 };
	struct tag	 other;
	int		 rc;

	*out = typed;
	if (*typed == '\0')
		return N_("Please give the tag a slug (the name in its address).");
	if (!slug_valid(typed, strlen(typed))) {
		slug_make(&b, typed, strlen(typed));
		*out = arena_strndup(r->arena, buf_str(&b), b.len);
		buf_free(&b);
		if (**out == '\0')
			return N_("The slug needs letters or digits.");
	}
	if ((rc = db_tag_by_slug(&r->w->db, r->arena, *out, &other)) == -1)
		return N_("The slug could not be checked just now. Please try "
		    "again.");
	if (rc == 1 && other.id != id)
		return i18n_format(r->arena, _(&r->w->lang, "The slug "
		    "\xe2\x80\x9c{slug}\xe2\x80\x9d is already used by the "
		    "tag \xe2\x80\x9c{tag}\xe2\x80\x9d."), "slug", *out,
		    "tag", other.name, NULL);
	return NULL;
}

/*
 * The tag at old_slug now lives at new_slug: its archive and its feed
 * answer 301, links that led to the old ones lead to the new ones, and
 * the new paths are no longer redirects themselves. Old paths are
 * stored as the router sees them (decoded), new ones as links are made.
 * Inside a transaction; 0 or -1.
 */
static int
tag_moved(struct req *r, const char *old_slug, const char *new_slug)
{
	const char	*old_path, *old_url, *new_url;
	int		 feed;

	for (feed = 0; feed <= 1; feed++) {
		old_path = url_tag_path_a(r->arena, old_slug, feed);
		old_url = url_tag_a(r->arena, old_slug);
		new_url = url_tag_a(r->arena, new_slug);
		if (feed) {
			old_url = url_feed_of_a(r->arena, old_url);
			new_url = url_feed_of_a(r->arena, new_url);
		}
		if (db_redirect_put(&r->w->db, old_path, new_url, r->now) ==
		    -1 ||
		    db_admin_redirect_retarget(&r->w->db, old_url, new_url) ==
		    -1 || db_admin_redirect_drop(&r->w->db, url_tag_path_a(
		    r->arena, new_slug, feed)) == -1)
			return -1;
	}
	return 0;
}

/* Old links to a deleted tag's pages go nowhere now: 0 or -1. */
static int
tag_gone(struct req *r, const char *slug)
{
	const char	*url = url_tag_a(r->arena, slug);

	if (db_admin_redirect_drop_to(&r->w->db, url) == -1)
		return -1;
	return db_admin_redirect_drop_to(&r->w->db, url_feed_of_a(r->arena,
	    url));
}

/* The tag a form's field names: 1 (t filled), or a status with resp's
   message (404: none; 503). */
static int
tag_of(struct req *r, struct resp *resp, const char *key, struct tag *t)
{
	int	 rc;

	rc = db_tag_by_id(&r->w->db, r->arena, id_parse(kv_get(r->form, key)),
	    t);
	if (rc == 1)
		return 1;
	if (rc == -1)
		return 503;
	resp->message = N_("There is no such tag (any more). Nothing was "
	    "changed.");
	return 404;
}

/* action=update: id, name and/or slug. */
static int
update(struct req *r, struct resp *resp)
{
	struct typed	 ty = { 0 };
	struct tag	 t;
	const char	*name, *slug, *new_slug = NULL;
	int		 rc;

	if ((rc = tag_of(r, resp, "id", &t)) != 1)
		return rc;
	ty.id = t.id;
	if (field(r, "name", &ty.name, &name) == -1)
		ty.name_error = N_("The name holds characters that are not "
		    "allowed (control characters, line breaks or invalid "
		    "text).");
	else if (name != NULL && strcmp(name, t.name) != 0)
		ty.name_error = name_problem(r, name, t.id);
	if (field(r, "slug", &ty.slug, &slug) == -1)
		ty.slug_error = N_("The slug holds characters that are not "
		    "allowed.");
	else if (slug != NULL && strcmp(slug, t.slug) != 0)
		ty.slug_error = slug_problem(r, slug, t.id, &new_slug);
	if (ty.name_error != NULL || ty.slug_error != NULL)
		return tags_page(r, resp, &ty, 422);
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (name != NULL && strcmp(name, t.name) != 0 &&
	    db_tag_rename(&r->w->db, t.id, name) == -1)
		goto fail;
	if (new_slug != NULL && strcmp(new_slug, t.slug) != 0 &&
	    (db_tag_set_slug(&r->w->db, t.id, new_slug) == -1 ||
	    tag_moved(r, t.slug, new_slug) == -1))
		goto fail;
	if (db_commit(&r->w->db) == -1)
		return 503;
	return admin_done(r, resp, "/admin/tags", "updated");
fail:
	db_rollback(&r->w->db);
	return 503;
}

/* A held update (held.h): the row's fields as typed, unsaved. */
static int
held_update(struct req *r, struct resp *resp)
{
	struct typed	 ty = { 0 };
	const char	*trimmed;
	int		 status;

	ty.id = id_parse(kv_get(r->form, "id"));
	(void)field(r, "name", &ty.name, &trimmed);
	(void)field(r, "slug", &ty.slug, &trimmed);
	status = tags_page(r, resp, &ty, 200);
	if (resp->ctx != NULL)
		tmpl_set_text(resp->ctx, "notice", ADMIN_HELD_NOTICE);
	return status;
}

/* action=merge: from, into. */
static int
merge(struct req *r, struct resp *resp)
{
	struct typed	 ty = { 0 };
	struct tag	 from, into;
	int		 rc;

	ty.from = id_parse(kv_get(r->form, "from"));
	ty.into = id_parse(kv_get(r->form, "into"));
	if (ty.from <= 0 || ty.into <= 0)
		ty.merge_error = N_("Please choose both tags: the one to merge, "
		    "and the one to merge it into.");
	else if (ty.from == ty.into)
		ty.merge_error = N_("A tag cannot be merged into itself: please "
		    "choose two different tags.");
	if (ty.merge_error != NULL)
		return tags_page(r, resp, &ty, 422);
	if ((rc = tag_of(r, resp, "from", &from)) != 1 ||
	    (rc = tag_of(r, resp, "into", &into)) != 1)
		return rc;
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (db_tag_merge(&r->w->db, from.id, into.id) == -1 ||
	    tag_moved(r, from.slug, into.slug) == -1)
		goto fail;
	if (db_commit(&r->w->db) == -1)
		return 503;
	return admin_done(r, resp, "/admin/tags", "merged");
fail:
	db_rollback(&r->w->db);
	return 503;
}

/* action=delete: id. */
static int
delete(struct req *r, struct resp *resp)
{
	struct tag	 t;
	int		 rc;

	if ((rc = tag_of(r, resp, "id", &t)) != 1)
		return rc;
	if (db_begin(&r->w->db) == -1)
		return 503;
	if (db_tag_delete(&r->w->db, t.id) == -1 || tag_gone(r, t.slug) == -1)
		goto fail;
	if (db_commit(&r->w->db) == -1)
		return 503;
	return admin_done(r, resp, "/admin/tags", "deleted");
fail:
	db_rollback(&r->w->db);
	return 503;
}

/*
 * GET /admin/tags: every tag (also those without public posts) with its
 * slug and post counts, and the forms below. Admins only. 200.
 * POST /admin/tags: action=update (id, name and/or slug: rename; a new
 * slug, valid and free, with /tag/OLD/ and /tag/OLD/feed/ answered 301),
 * action=merge (from, into: every post of `from' gets `into', `from' is
 * deleted and its addresses answer 301), action=delete (id: the tag and
 * its links; the posts stay). 303 with ?done=updated|merged|deleted; 403
 * for an author; 404 for no such tag; 422 (the page again, what was
 * typed kept, the reason by the field) for an empty, taken or invalid
 * name or slug, or a tag merged into itself; 400 for no such action.
 */
int
admin_tags_show(struct req *r, struct resp *resp)
{
	return tags_page(r, resp, NULL, 200);
}

int
admin_tags_save(struct req *r, struct resp *resp)
{
	const char	*action;

	if ((action = kv_get(r->form, "action")) == NULL)
		action = "";
	if (r->held)	/* back after a login: shown, never acted on */
		return held_update(r, resp);
	if (strcmp(action, "update") == 0)
		return update(r, resp);
	if (strcmp(action, "merge") == 0)
		return merge(r, resp);
	if (strcmp(action, "delete") == 0)
		return delete(r, resp);
	resp->message = N_("There is no such action on tags.");
	return 400;
}
