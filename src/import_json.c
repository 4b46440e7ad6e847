/* import_json.c: quire's own JSON export back into an empty database. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_appearance.h"
#include "db_import.h"
#include "db_media.h"
#include "db_redirect.h"
#include "db_revision.h"
#include "db_setting.h"
#include "db_post.h"
#include "db_user.h"
#include "export.h"
#include "html.h"
#include "html_sanitize.h"
#include "import.h"
#include "json.h"
#include "markdown.h"
#include "media.h"
#include "media_copy.h"
#include "model.h"
#include "post.h"
#include "site.h"
#include "slug.h"
#include "url.h"
#include "utf8.h"
#include "wxr_media.h"

struct jimp {
	struct db		*db;
	struct arena		*a;
	struct import_stats	*st;
	char			*err;
	size_t			 errsz;
	const char		*where;		/* "post 12" for messages */
	const char		*mdir;		/* the media directory */
};

/* -- reading members ----------------------------------------------------- */

static int
bad(struct jimp *j, const char *key, const char *what)
{
	snprintf(j->err, j->errsz, "%s: \"%s\" %s", j->where, key, what);
	return -1;
}

/* A string member (NULL for null or absent when may_null): 0 or -1. */
static int
get_str(struct jimp *j, const struct json *o, const char *key, int may_null,
    const char **out)
{
	const struct json	*v = json_get(o, key);

	*out = NULL;
	if (v == NULL || v->type == JSON_NULL) {
		if (may_null)
			return 0;
		return bad(j, key, "is missing");
	}
	if (v->type != JSON_STRING)
		return bad(j, key, "is not a string");
	if (strlen(v->str) != v->len)
		return bad(j, key, "holds a NUL character");
	*out = v->str;
	return 0;
}

/* An integer member (*isnull set for null when isnull is given). */
static int
get_int(struct jimp *j, const struct json *o, const char *key, int64_t *out,
    int *isnull)
{
	const struct json	*v = json_get(o, key);
	char			*end;

	*out = 0;
	if (isnull != NULL)
		*isnull = v == NULL || v->type == JSON_NULL;
	if (isnull != NULL && *isnull)
		return 0;
	if (v == NULL || v->type != JSON_NUMBER)
		return bad(j, key, "is not a number");
	errno = 0;
	*out = strtoll(v->str, &end, 10);
	if (errno != 0 || end == v->str || *end != '\0')
		return bad(j, key, "is not a whole number");
	return 0;
}

static int
get_bool(struct jimp *j, const struct json *o, const char *key, int *out)
{
	const struct json	*v = json_get(o, key);

	if (v == NULL || (v->type != JSON_TRUE && v->type != JSON_FALSE))
		return bad(j, key, "is not true or false");
	*out = v->type == JSON_TRUE;
	return 0;
}

/* The array member key of the root (absent: empty). */
static const struct json *
array(struct jimp *j, const struct json *root, const char *key, int *ok)
{
	const struct json	*v = json_get(root, key);

	*ok = 1;
	if (v == NULL)
		return NULL;
	if (v->type != JSON_ARRAY) {
		snprintf(j->err, j->errsz, "\"%s\" is not an array", key);
		*ok = 0;
		return NULL;
	}
	return v->child;
}

static int
dberr(struct jimp *j)
{
	snprintf(j->err, j->errsz, "%s: database: %s", j->where,
	    sqlite3_errmsg(j->db->h));
	return -1;
}

/* Step a statement without results. */
static int
run(struct jimp *j, sqlite3_stmt *st)
{
	int	 rc;

	if (st == NULL)
		return dberr(j);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : dberr(j);
}

/* -- what the file may not decide ------------------------------------------- */

/*
 * The slug to store for the given one: itself when slug_valid, else
 * what slug_make makes of it, as the editor and the WXR import do (so
 * "/evil.com" is "evil-com"). NULL with "WHERE: bad slug "x": why" in
 * err when nothing usable is left.
 */
static const char *
norm_slug(struct jimp *j, const char *slug)
{
	struct buf	 b = { 0 };
	const char	*s = slug;

	if (!slug_valid(slug, strlen(slug))) {
		slug_make(&b, slug, strlen(slug));
		s = b.len > 0 ? arena_strdup(j->a, buf_str(&b)) : NULL;
		buf_free(&b);
	}
	if (s == NULL)
		snprintf(j->err, j->errsz, "%s: bad slug \"%s\": it has no "
		    "letters or digits", j->where, slug);
	return s;
}

/* A post's slug, normalised, and not one an earlier post has. */
static const char *
post_slug(struct jimp *j, const char *given, int64_t id)
{
	sqlite3_stmt	*st;
	const char	*slug;
	int		 rc;

	if ((slug = norm_slug(j, given)) == NULL)
		return NULL;
	if ((st = db_stmt(j->db, DBF_POST, DB_POST_SLUG_TAKEN)) == NULL) {
		dberr(j);
		return NULL;
	}
	db_bind_text(st, 1, slug);
	db_bind_int(st, 2, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_ROW) {
		snprintf(j->err, j->errsz, "%s: bad slug \"%s\": %s\"%s\" is "
		    "another post's slug", j->where, given, strcmp(slug,
		    given) == 0 ? "" : "it becomes ", slug);
		return NULL;
	}
	if (rc != SQLITE_DONE) {
		dberr(j);
		return NULL;
	}
	return slug;
}

/*
 * The HTML to store for a body: rendered again from the Markdown when
 * there is some (what the editor and the comment form store), else the
 * file's HTML through html_sanitize. Never what the file says as it is.
 */
static const char *
body_html(struct jimp *j, const char *md, const char *html, int comment)
{
	struct buf		 b = { 0 };
	const struct html	*h;
	const char		*s;

	if (*md != '\0') {
		h = comment ? md_render_comment(j->a, md, strlen(md)) :
		    md_render_post(j->a, md, strlen(md));
		return html_str(h);
	}
	html_sanitize(&b, html, strlen(html), comment, NULL);
	s = arena_strndup(j->a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* -- the parts --------------------------------------------------------------- */

static int
settings(struct jimp *j, const struct json *root)
{
	const struct json		*o = json_get(root, "settings"), *m;
	const struct site_setting	*d;
	sqlite3_stmt			*st;
	const char			*key;
	char				 why[256];

	if (o == NULL)
		return 0;
	if (o->type != JSON_OBJECT) {
		snprintf(j->err, j->errsz, "\"settings\" is not an object");
		return -1;
	}
	for (m = o->child; m != NULL; m = m->next) {
		key = m->key;
		j->where = arena_printf(j->a, "setting %s", key);
		if (m->type != JSON_STRING || strlen(m->str) != m->len)
			return bad(j, key, "is not a string");
		if (strcmp(key, "secret_key") == 0)
			continue;
		for (d = site_settings; d->key != NULL; d++)
			if (strcmp(d->key, key) == 0)
				break;
		if (d->key != NULL) {
			if (site_set(j->db, key, m->str, why, sizeof(why)) == -1) {
				snprintf(j->err, j->errsz, "setting %s: %s", key,
				    why);
				return -1;
			}
		} else {
			/* Kept as they are: a newer quire's settings. */
			if ((st = db_stmt(j->db, DBF_SETTING, DB_SETTING_PUT))
			    != NULL) {
				db_bind_text(st, 1, key);
				db_bind_text(st, 2, m->str);
			}
			if (run(j, st) == -1)
				return -1;
		}
		j->st->settings++;
	}
	return 0;
}

static int
user(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*login, *name, *email, *role, *md, *html;
	int64_t		 created;

	j->where = "user";
	if (get_str(j, o, "login", 0, &login) == -1)
		return -1;
	j->where = arena_printf(j->a, "user %s", login);
	if (get_str(j, o, "name", 0, &name) == -1 ||
	    get_str(j, o, "email", 0, &email) == -1 ||
	    get_str(j, o, "role", 0, &role) == -1 ||
	    get_str(j, o, "bio_md", 0, &md) == -1 ||
	    get_str(j, o, "bio_html", 0, &html) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1)
		return -1;
	html = body_html(j, md, html, 0);
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_USER_UPSERT)) != NULL) {
		db_bind_text(st, 1, login);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, email);
		db_bind_text(st, 4, role);
		db_bind_text(st, 5, md);
		db_bind_text(st, 6, html);
		db_bind_int(st, 7, created);
	}
	if (run(j, st) == -1)
		return -1;
	j->st->users++;
	return 0;
}

/* The id of the user with login, or -1 (with err) if there is none. */
static int64_t
user_id(struct jimp *j, const char *login)
{
	sqlite3_stmt	*st;
	int64_t		 id = -1;

	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_USER_ID)) == NULL)
		return dberr(j);
	db_bind_text(st, 1, login);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (id == -1)
		snprintf(j->err, j->errsz, "%s: no user '%s' in the file",
		    j->where, login);
	return id;
}

static int
tag(struct jimp *j, const struct json *o)
{
	const char	*slug, *name, *desc;

	j->where = "tag";
	if (get_str(j, o, "slug", 0, &slug) == -1 ||
	    get_str(j, o, "name", 0, &name) == -1 ||
	    get_str(j, o, "description", 0, &desc) == -1)
		return -1;
	j->where = arena_printf(j->a, "tag %s", slug);
	if ((slug = norm_slug(j, slug)) == NULL)
		return -1;
	return db_import_tag(j->db, slug, name, desc) == -1 ? dberr(j) : 0;
}

/* Link post id to the tags whose slugs are in the array v; their names,
   comma-separated, in *names. */
static int
post_tags(struct jimp *j, int64_t id, const struct json *v, struct buf *names)
{
	const struct json	*t;
	sqlite3_stmt		*st;
	const char		*slug;
	int64_t			 tid;

	if (v == NULL || v->type != JSON_ARRAY)
		return bad(j, "tags", "is not an array");
	for (t = v->child; t != NULL; t = t->next) {
		if (t->type != JSON_STRING || strlen(t->str) != t->len)
			return bad(j, "tags", "holds something not a string");
		if ((slug = norm_slug(j, t->str)) == NULL)
			return -1;
		tid = 0;
		if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_TAG_ID)) == NULL)
			return dberr(j);
		db_bind_text(st, 1, slug);
		if (sqlite3_step(st) == SQLITE_ROW)
			tid = sqlite3_column_int64(st, 0);
		db_done(st);
		if (tid == 0) {
			snprintf(j->err, j->errsz, "%s: no tag '%s' in the "
			    "file", j->where, t->str);
			return -1;
		}
		if (db_import_tag_link(j->db, id, tid) == -1)
			return dberr(j);
		if (names->len > 0)
			buf_puts(names, ", ");
		buf_puts(names, slug);
	}
	return 0;
}

/* Post id's chosen photo: one the file's "media" holds. */
static int
featured_photo(struct jimp *j, int64_t id, int64_t media_id)
{
	struct media	 m;
	sqlite3_stmt	*st;
	int		 r;

	if ((r = db_media_get(j->db, j->a, media_id, &m)) == -1)
		return dberr(j);
	if (r == 0) {
		snprintf(j->err, j->errsz, "%s: \"featured_id\" %lld is not a "
		    "photo in the file's \"media\"", j->where,
		    (long long)media_id);
		return -1;
	}
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_POST_FEATURED)) !=
	    NULL) {
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, media_id);
	}
	return run(j, st);
}

/* A whole number member that must be at least min. */
static int
get_count(struct jimp *j, const struct json *o, const char *key,
    int64_t min, int64_t *out)
{
	if (get_int(j, o, key, out, NULL) == -1)
		return -1;
	if (*out < min || *out > INT32_MAX)
		return bad(j, key, min > 0 ? "is not a positive number" :
		    "is negative");
	return 0;
}

/* One of a photo's files: checked, and its row stored. */
static int
media_variant(struct jimp *j, int64_t id, const char *name,
    const struct json *o, const char **file)
{
	sqlite3_stmt	*st;
	const char	*format;
	int64_t		 w, h, bytes;
	size_t		 n = strlen(name);

	if (o->type != JSON_OBJECT)
		return bad(j, "variants", "holds something not an object");
	if (get_str(j, o, "format", 0, &format) == -1 ||
	    get_count(j, o, "width", 1, &w) == -1 ||
	    get_count(j, o, "height", 1, &h) == -1 ||
	    get_str(j, o, "file", 0, file) == -1 ||
	    get_count(j, o, "bytes", 0, &bytes) == -1)
		return -1;
	if (strcmp(format, "webp") != 0 && strcmp(format, "jpeg") != 0 &&
	    strcmp(format, "png") != 0 && strcmp(format, "gif") != 0)
		return bad(j, "format", "of a variant is not webp, jpeg, png "
		    "or gif");
	if (media_file_type(*file) == NULL || strncmp(*file, name, n) != 0 ||
	    (*file)[n] != '-') {
		snprintf(j->err, j->errsz, "%s: bad variant \"file\" \"%s\": "
		    "not NAME-WIDTH.EXT of this photo", j->where, *file);
		return -1;
	}
	if ((st = db_stmt(j->db, DBF_MEDIA, DB_MEDIA_VARIANT_INSERT)) != NULL) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, format);
		db_bind_int(st, 3, w);
		db_bind_int(st, 4, h);
		db_bind_text(st, 5, *file);
		db_bind_int(st, 6, bytes);
	}
	return run(j, st);
}

/* A photo's files: each checked, stored, and present in the media
   directory. */
static int
media_variants(struct jimp *j, int64_t id, const char *name,
    const struct json *v)
{
	const struct json	*e;
	const char		**files, *miss;
	int			 n = 0, cap = 8, nmiss;

	if (v == NULL || v->type != JSON_ARRAY || v->child == NULL)
		return bad(j, "variants", "is not an array of files");
	files = arena_alloc(j->a, sizeof(*files) * (size_t)cap);
	for (e = v->child; e != NULL; e = e->next) {
		files = arena_grow(j->a, files, sizeof(*files), n, &cap);
		if (media_variant(j, id, name, e, &files[n++]) == -1)
			return -1;
	}
	if ((miss = media_missing(j->mdir, files, n, &nmiss)) != NULL) {
		snprintf(j->err, j->errsz, "%s: %d of its %d files %s not in "
		    "the media directory %s: %s%s (copy the old media "
		    "directory, or a backup's DEST.media, there first)",
		    j->where, nmiss, n, nmiss == 1 ? "is" : "are", j->mdir,
		    miss, nmiss > 1 ? " and more" : "");
		return -1;
	}
	return 0;
}

/* The hash is 64 hex digits and the name the one made from it. */
static int
media_names(struct jimp *j, const char *hash, const char *name)
{
	char	 want[3 + MEDIA_NAME_HEX + 1];
	size_t	 i;

	for (i = 0; hash[i] != '\0'; i++)
		if (!((hash[i] >= '0' && hash[i] <= '9') ||
		    (hash[i] >= 'a' && hash[i] <= 'f')))
			break;
	if (i != 64 || hash[i] != '\0')
		return bad(j, "hash", "is not 64 lower-case hex digits");
	media_name(want, sizeof(want), hash);
	if (strcmp(want, name) != 0) {
		snprintf(j->err, j->errsz, "%s: bad \"name\" \"%s\": the "
		    "hash makes it \"%s\"", j->where, name, want);
		return -1;
	}
	return 0;
}

static int
media(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*name, *hash, *orig, *format, *alt, *caption, *owner;
	int64_t		 id, w, h, bytes, created, uid = 0;
	int		 alpha, anim;

	j->where = "media";
	if (get_count(j, o, "id", 1, &id) == -1)
		return -1;
	j->where = arena_printf(j->a, "media %lld", (long long)id);
	if (get_str(j, o, "name", 0, &name) == -1 ||
	    get_str(j, o, "hash", 0, &hash) == -1 ||
	    get_str(j, o, "original_name", 0, &orig) == -1 ||
	    get_str(j, o, "format", 0, &format) == -1 ||
	    get_count(j, o, "width", 1, &w) == -1 ||
	    get_count(j, o, "height", 1, &h) == -1 ||
	    get_count(j, o, "bytes", 0, &bytes) == -1 ||
	    get_str(j, o, "alt", 0, &alt) == -1 ||
	    get_str(j, o, "caption", 0, &caption) == -1 ||
	    get_bool(j, o, "has_alpha", &alpha) == -1 ||
	    get_bool(j, o, "animated", &anim) == -1 ||
	    get_str(j, o, "owner", 1, &owner) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1)
		return -1;
	if (media_names(j, hash, name) == -1)
		return -1;
	if (owner != NULL && (uid = user_id(j, owner)) == -1)
		return -1;
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_MEDIA_INSERT)) != NULL) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, hash);
		db_bind_text(st, 4, orig);
		db_bind_text(st, 5, format);
		db_bind_int(st, 6, w);
		db_bind_int(st, 7, h);
		db_bind_int(st, 8, bytes);
		db_bind_text(st, 9, alt);
		db_bind_text(st, 10, caption);
		db_bind_int(st, 11, alpha);
		db_bind_int(st, 12, anim);
		if (uid > 0)
			db_bind_int(st, 13, uid);
		db_bind_int(st, 14, created);
	}
	if (run(j, st) == -1 ||
	    media_variants(j, id, name, json_get(o, "variants")) == -1)
		return -1;
	j->st->media++;
	return 0;
}

static int
post(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	struct buf	 sum = { 0 }, names = { 0 };
	const char	*type, *status, *trashed, *slug, *title, *author, *md,
			*html, *excerpt, *key;
	int64_t		 id, uid, published, created, updated, featured;
	int		 open, sticky, nofeat, rc = -1;

	j->where = "post";
	if (get_int(j, o, "id", &id, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "post %lld", (long long)id);
	if (get_str(j, o, "type", 0, &type) == -1 ||
	    get_str(j, o, "status", 0, &status) == -1 ||
	    get_str(j, o, "trashed_status", 1, &trashed) == -1 ||
	    get_str(j, o, "slug", 0, &slug) == -1 ||
	    get_str(j, o, "title", 0, &title) == -1 ||
	    get_str(j, o, "author", 0, &author) == -1 ||
	    get_int(j, o, "published", &published, NULL) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1 ||
	    get_int(j, o, "updated", &updated, NULL) == -1 ||
	    get_bool(j, o, "comments_open", &open) == -1 ||
	    get_bool(j, o, "sticky", &sticky) == -1 ||
	    get_str(j, o, "import_key", 1, &key) == -1 ||
	    get_str(j, o, "excerpt", 0, &excerpt) == -1 ||
	    get_str(j, o, "body_md", 0, &md) == -1 ||
	    get_str(j, o, "body_html", 0, &html) == -1 ||
	    get_int(j, o, "featured_id", &featured, &nofeat) == -1)
		return -1;
	if ((uid = user_id(j, author)) == -1)
		return -1;
	if ((slug = post_slug(j, slug, id)) == NULL)
		return -1;
	/* Photos as the editor renders them, from the photos imported. */
	html = *md != '\0' ? html_str(post_render_md(j->db, j->a, md)) :
	    body_html(j, md, html, 0);
	md_summary(&sum, html, strlen(html), 55);
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_POST_INSERT)) == NULL) {
		dberr(j);
		goto out;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, status);
	db_bind_text(st, 4, trashed);
	db_bind_text(st, 5, slug);
	db_bind_text(st, 6, title);
	db_bind_int(st, 7, uid);
	db_bind_int(st, 8, published);
	db_bind_int(st, 9, created);
	db_bind_int(st, 10, updated);
	db_bind_text(st, 11, md);
	db_bind_text(st, 12, html);
	db_bind_text(st, 13, excerpt);
	db_bind_text(st, 14, buf_str(&sum));
	db_bind_int(st, 15, open);
	db_bind_int(st, 16, sticky);
	db_bind_text(st, 17, key);
	if (run(j, st) == -1)
		goto out;
	if (post_tags(j, id, json_get(o, "tags"), &names) == -1)
		goto out;
	if (post_reindex(j->db, j->a, id, title, html, buf_str(&names)) == -1 ||
	    post_set_uses(j->db, id, html) == -1) {
		dberr(j);
		goto out;
	}
	if (!nofeat && featured_photo(j, id, featured) == -1)
		goto out;
	import_count(j->st, type, status);
	rc = 0;
out:
	buf_free(&sum);
	buf_free(&names);
	return rc;
}

/* A hex string as a blob bound to parameter i (NULL binds NULL). */
static int
bind_hex(struct jimp *j, sqlite3_stmt *st, int i, const char *hex,
    const char *key)
{
	unsigned char	*b;
	size_t		 n, k;
	unsigned int	 v;

	if (hex == NULL) {
		sqlite3_bind_null(st, i);
		return 0;
	}
	n = strlen(hex);
	if (n % 2 != 0)
		return bad(j, key, "is not hexadecimal");
	b = arena_alloc(j->a, n / 2 + 1);
	for (k = 0; k < n / 2; k++) {
		if (sscanf(hex + 2 * k, "%2x", &v) != 1 ||
		    strchr("0123456789abcdefABCDEF", hex[2 * k]) == NULL ||
		    strchr("0123456789abcdefABCDEF", hex[2 * k + 1]) == NULL)
			return bad(j, key, "is not hexadecimal");
		b[k] = (unsigned char)v;
	}
	sqlite3_bind_blob(st, i, b, (int)(n / 2), SQLITE_STATIC);
	return 0;
}

/* Depth and thread path of a comment whose parent is pid (0: none). */
static int
thread(struct jimp *j, int64_t id, int64_t post_id, int64_t pid, int *depth,
    const char **path)
{
	sqlite3_stmt	*st;
	int		 found = 0;

	*depth = 1;
	*path = arena_printf(j->a, "%010lld", (long long)id);
	if (pid == 0)
		return 0;
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_COMMENT_PATH)) == NULL)
		return dberr(j);
	db_bind_int(st, 1, pid);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 2) == post_id) {
		found = 1;
		*depth = sqlite3_column_int(st, 0) + 1;
		*path = arena_printf(j->a, "%s.%010lld",
		    (const char *)sqlite3_column_text(st, 1), (long long)id);
	}
	db_done(st);
	if (!found) {
		snprintf(j->err, j->errsz, "%s: parent %lld is not an earlier "
		    "comment on the same post", j->where, (long long)pid);
		return -1;
	}
	return 0;
}

static int
comment(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*type, *status, *name, *email, *url, *addr, *agent,
			*login, *fp, *ek, *key, *md, *html, *path;
	int64_t		 id, post_id, pid, created, uid = 0;
	int		 nullparent, depth;

	j->where = "comment";
	if (get_int(j, o, "id", &id, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "comment %lld", (long long)id);
	if (get_int(j, o, "post_id", &post_id, NULL) == -1 ||
	    get_int(j, o, "parent_id", &pid, &nullparent) == -1 ||
	    get_str(j, o, "type", 0, &type) == -1 ||
	    get_str(j, o, "status", 0, &status) == -1 ||
	    get_str(j, o, "author_name", 0, &name) == -1 ||
	    get_str(j, o, "author_email", 0, &email) == -1 ||
	    get_str(j, o, "author_url", 0, &url) == -1 ||
	    get_str(j, o, "author_addr", 0, &addr) == -1 ||
	    get_str(j, o, "author_agent", 0, &agent) == -1 ||
	    get_str(j, o, "user", 1, &login) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1 ||
	    get_str(j, o, "fingerprint", 1, &fp) == -1 ||
	    get_str(j, o, "edit_key", 1, &ek) == -1 ||
	    get_str(j, o, "import_key", 1, &key) == -1 ||
	    get_str(j, o, "body_md", 0, &md) == -1 ||
	    get_str(j, o, "body_html", 0, &html) == -1)
		return -1;
	if (login != NULL && (uid = user_id(j, login)) == -1)
		return -1;
	if (thread(j, id, post_id, pid, &depth, &path) == -1)
		return -1;
	/* A website as the comment form takes one, or none. */
	if (!url_http_ok(url))
		url = "";
	html = body_html(j, md, html, 1);
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_COMMENT_INSERT)) == NULL)
		return dberr(j);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, post_id);
	if (pid != 0)
		db_bind_int(st, 3, pid);
	db_bind_int(st, 4, depth);
	db_bind_text(st, 5, path);
	db_bind_text(st, 6, type);
	db_bind_text(st, 7, status);
	db_bind_text(st, 8, name);
	db_bind_text(st, 9, email);
	db_bind_text(st, 10, url);
	db_bind_text(st, 11, addr);
	db_bind_text(st, 12, agent);
	if (uid > 0)
		db_bind_int(st, 13, uid);
	db_bind_int(st, 14, created);
	db_bind_text(st, 15, md);
	db_bind_text(st, 16, html);
	if (bind_hex(j, st, 17, fp, "fingerprint") == -1 ||
	    bind_hex(j, st, 18, ek, "edit_key") == -1) {
		db_done(st);
		return -1;
	}
	db_bind_text(st, 19, key);
	if (run(j, st) == -1)
		return -1;
	if (strcmp(type, "pingback") == 0)
		j->st->pingbacks++;
	else if (strcmp(type, "trackback") == 0)
		j->st->trackbacks++;
	else if (strcmp(status, "approved") == 0)
		j->st->approved++;
	else if (strcmp(status, "spam") == 0)
		j->st->spam++;
	else
		j->st->held++;
	return 0;
}

static int
redirect(struct jimp *j, const struct json *o)
{
	const char	*from, *to;
	int64_t		 created;

	j->where = "redirect";
	if (get_str(j, o, "old_path", 0, &from) == -1 ||
	    get_str(j, o, "new_path", 0, &to) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "redirect %s", from);
	if (!url_local_path(to)) {
		snprintf(j->err, j->errsz, "%s: bad new_path \"%s\": not a "
		    "path on this site (one '/' first, no white space)",
		    j->where, to);
		return -1;
	}
	if (db_redirect_put(j->db, from, to, created) == -1)
		return dberr(j);
	j->st->redirects++;
	return 0;
}

/*
 * A revision (export.c, export_revisions): of a post imported above, by
 * a user matched by login (null or unknown: a former user). Stored in
 * the file's order, so the newest stays the newest.
 */
static int
revision(struct jimp *j, const struct json *o)
{
	static const char *const kinds[] = { "save", "restore", "autosave",
	    "conflict", "import", NULL };
	struct revision	 v;
	struct user	 u;
	const char	*author;
	int		 i, rc;

	memset(&v, 0, sizeof(v));
	j->where = "revision";
	if (get_int(j, o, "post_id", &v.post_id, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "revision of post %lld",
	    (long long)v.post_id);
	if (get_str(j, o, "author", 1, &author) == -1 ||
	    get_int(j, o, "created", &v.created, NULL) == -1 ||
	    get_str(j, o, "kind", 0, &v.kind) == -1 ||
	    get_str(j, o, "status", 0, &v.status) == -1 ||
	    get_str(j, o, "title", 0, &v.title) == -1 ||
	    get_bool(j, o, "html", &v.html) == -1 ||
	    get_str(j, o, "tags", 0, &v.tags) == -1 ||
	    get_str(j, o, "excerpt", 0, &v.excerpt) == -1 ||
	    get_str(j, o, "body", 0, &v.body) == -1)
		return -1;
	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], v.kind) == 0)
			break;
	if (kinds[i] == NULL)
		return bad(j, "kind", "is not save, restore, autosave, "
		    "conflict or import");
	if (author != NULL) {
		if ((rc = db_user_by_login(j->db, j->a, author, &u)) == -1)
			return dberr(j);
		v.author_id = rc == 1 ? u.id : 0;
	}
	if (db_rev_insert(j->db, &v) == -1)
		return dberr(j);
	return 0;
}

/* A post's password (export.c, export_revisions). */
static int
protected_post(struct jimp *j, const struct json *o)
{
	struct post	 p;
	const char	*pw;
	int64_t		 id;
	int		 rc;

	j->where = "protected";
	if (get_int(j, o, "post_id", &id, NULL) == -1 ||
	    get_str(j, o, "password", 0, &pw) == -1)
		return -1;
	j->where = arena_printf(j->a, "password of post %lld", (long long)id);
	if ((rc = db_post_by_id(j->db, j->a, id, 0, &p)) == -1)
		return dberr(j);
	if (rc == 0)
		return bad(j, "post_id", "names no post of this file");
	if (post_set_password(j->db, j->a, id, pw, p.title) == -1)
		return dberr(j);
	return 0;
}

/* -- what came after version 1's first tables ---------------------------------
 * files, wp_attachments, appearance, mentions, mention_sent, mail_watch,
 * mail_addrs (docs/export-format.md). Each may be absent (an older
 * export): then nothing of it is made.
 */

/* A file imported as it came (a PDF): its row, its bytes in mdir. */
static int
file_row(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*hash, *name, *type, *miss;
	int64_t		 id, bytes, created;
	int		 nmiss;
	size_t		 i;

	j->where = "file";
	if (get_count(j, o, "id", 1, &id) == -1)
		return -1;
	j->where = arena_printf(j->a, "file %lld", (long long)id);
	if (get_str(j, o, "hash", 0, &hash) == -1 ||
	    get_str(j, o, "name", 0, &name) == -1 ||
	    get_str(j, o, "type", 0, &type) == -1 ||
	    get_count(j, o, "bytes", 0, &bytes) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1)
		return -1;
	for (i = 0; hash[i] != '\0'; i++)
		if (!((hash[i] >= '0' && hash[i] <= '9') ||
		    (hash[i] >= 'a' && hash[i] <= 'f')))
			break;
	if (i != 64 || hash[i] != '\0')
		return bad(j, "hash", "is not 64 lower-case hex digits");
	if (media_file_type(name) != NULL || !media_copy_name_ok(name) ||
	    strncmp(name, hash, 2) != 0 ||
	    strncmp(name + 3, hash, MEDIA_NAME_HEX) != 0) {
		snprintf(j->err, j->errsz, "%s: bad \"name\" \"%s\": not "
		    "%.2s/%.*s/NAME (NAME of letters, digits, '.', '_', '-')",
		    j->where, name, hash, MEDIA_NAME_HEX, hash);
		return -1;
	}
	if (strcmp(type, wxr_file_type(name)) != 0) {
		snprintf(j->err, j->errsz, "%s: bad \"type\" \"%s\": a file "
		    "named so is served as \"%s\"", j->where, type,
		    wxr_file_type(name));
		return -1;
	}
	if ((miss = media_missing(j->mdir, &name, 1, &nmiss)) != NULL) {
		snprintf(j->err, j->errsz, "%s: %s is not in the media "
		    "directory %s (copy the old media directory, or a "
		    "backup's DEST.media, there first)", j->where, miss,
		    j->mdir);
		return -1;
	}
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_FILE_PUT)) != NULL) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, hash);
		db_bind_text(st, 3, name);
		db_bind_text(st, 4, type);
		db_bind_int(st, 5, bytes);
		db_bind_int(st, 6, created);
	}
	return run(j, st);
}

/* Does statement idx find a row for id? 1, 0, or -1 (err). */
static int
row_exists(struct jimp *j, int idx, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(j->db, DBF_IMPORT, idx)) == NULL)
		return dberr(j);
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(j);
	return rc == SQLITE_ROW;
}

/* An optional id member naming a row statement idx finds (what: "a photo
   in the file's \"media\""); 0 in *out for null. */
static int
get_ref(struct jimp *j, const struct json *o, const char *key, int idx,
    const char *what, int64_t *out)
{
	int	 isnull, r;

	if (get_int(j, o, key, out, &isnull) == -1)
		return -1;
	if (isnull) {
		*out = 0;
		return 0;
	}
	if ((r = row_exists(j, idx, *out)) == -1)
		return -1;
	if (r == 0) {
		snprintf(j->err, j->errsz, "%s: \"%s\" %lld is not %s",
		    j->where, key, (long long)*out, what);
		return -1;
	}
	return 0;
}

/* Bind id to parameter i, or NULL for 0. */
static void
bind_ref(sqlite3_stmt *st, int i, int64_t id)
{
	if (id != 0)
		db_bind_int(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* An attachment's old upload paths: each answers 301 again. */
static int
att_uploads(struct jimp *j, int64_t id, const struct json *v)
{
	const struct json	*p;
	sqlite3_stmt		*st;

	if (v == NULL)
		return 0;
	if (v->type != JSON_ARRAY)
		return bad(j, "uploads", "is not an array");
	for (p = v->child; p != NULL; p = p->next) {
		if (p->type != JSON_STRING || strlen(p->str) != p->len ||
		    p->len == 0)
			return bad(j, "uploads", "holds something not a path");
		if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_UPLOAD_PUT)) !=
		    NULL) {
			db_bind_text(st, 1, p->str);
			db_bind_int(st, 2, id);
		}
		if (run(j, st) == -1)
			return -1;
	}
	return 0;
}

/* A WordPress attachment imported once (sql/0011-wp-uploads.sql). */
static int
wp_attachment(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*key, *site, *wp_id, *parent, *path, *page, *title,
			*desc;
	int64_t		 id, order, mid, fid, pid, created;

	j->where = "wp_attachment";
	if (get_count(j, o, "id", 1, &id) == -1)
		return -1;
	j->where = arena_printf(j->a, "wp_attachment %lld", (long long)id);
	if (get_str(j, o, "import_key", 0, &key) == -1 ||
	    get_str(j, o, "site", 0, &site) == -1 ||
	    get_str(j, o, "wp_id", 0, &wp_id) == -1 ||
	    get_str(j, o, "wp_parent", 0, &parent) == -1 ||
	    get_int(j, o, "menu_order", &order, NULL) == -1 ||
	    get_ref(j, o, "media_id", DB_IMPORT_X_MEDIA_ID,
	    "a photo in the file's \"media\"", &mid) == -1 ||
	    get_ref(j, o, "file_id", DB_IMPORT_X_FILE_ID,
	    "a file in the file's \"files\"", &fid) == -1 ||
	    get_ref(j, o, "post_id", DB_IMPORT_X_POST_TYPE,
	    "a post in the file's \"posts\"", &pid) == -1 ||
	    get_str(j, o, "path", 0, &path) == -1 ||
	    get_str(j, o, "page", 0, &page) == -1 ||
	    get_str(j, o, "title", 0, &title) == -1 ||
	    get_str(j, o, "description", 0, &desc) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1)
		return -1;
	if (mid != 0 && fid != 0)
		return bad(j, "file_id", "is set beside \"media_id\": an "
		    "attachment is a photo or a file, not both");
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_ATT_PUT)) != NULL) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, key);
		db_bind_text(st, 3, site);
		db_bind_text(st, 4, wp_id);
		db_bind_text(st, 5, parent);
		db_bind_int(st, 6, order);
		bind_ref(st, 7, mid);
		bind_ref(st, 8, fid);
		bind_ref(st, 9, pid);
		db_bind_text(st, 10, path);
		db_bind_text(st, 11, page);
		db_bind_text(st, 12, title);
		db_bind_text(st, 13, desc);
		db_bind_int(st, 14, created);
	}
	if (run(j, st) == -1)
		return -1;
	return att_uploads(j, id, json_get(o, "uploads"));
}

/* Is post id a page of the file? 1, 0, or -1 (err). */
static int
is_page(struct jimp *j, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc, r;

	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_POST_TYPE)) == NULL)
		return dberr(j);
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	r = rc == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "page") == 0;
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(j);
	return r;
}

/* "YYYY" or "YYYY/MM", as /admin/appearance stores an archive item. */
static int
archive_ok(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n != 4 && n != 7)
		return 0;
	for (i = 0; i < n; i++)
		if (i == 4 ? s[i] != '/' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return n == 4 || (strcmp(s + 5, "01") >= 0 && strcmp(s + 5, "12") <= 0);
}

/* A menu item: checked as the appearance form checks it; a tag by slug. */
static int
menu_item(struct jimp *j, const struct json *o, int64_t *pos)
{
	sqlite3_stmt	*st;
	const char	*kind, *target, *label;
	int64_t		 id = 0;
	int		 r;

	j->where = "appearance menu item";
	if (get_count(j, o, "position", 0, pos) == -1 ||
	    get_str(j, o, "kind", 0, &kind) == -1 ||
	    get_str(j, o, "target", 0, &target) == -1 ||
	    get_str(j, o, "label", 0, &label) == -1)
		return -1;
	j->where = arena_printf(j->a, "appearance menu item %lld",
	    (long long)*pos);
	if (*label == '\0' || strlen(label) > 100 ||
	    !text_clean(label, strlen(label)))
		return bad(j, "label", "is not 1-100 bytes of text");
	if (strcmp(kind, "home") == 0)
		target = "";
	else if (strcmp(kind, "page") == 0) {
		id = strtoll(target, NULL, 10);
		if ((r = is_page(j, id)) == -1)
			return -1;
		if (!r)
			return bad(j, "target", "is not a page in the file's "
			    "\"posts\"");
		target = arena_printf(j->a, "%lld", (long long)id);
	} else if (strcmp(kind, "tag") == 0) {
		if (*target != '\0') {
			if ((st = db_stmt(j->db, DBF_IMPORT,
			    DB_IMPORT_TAG_ID)) == NULL)
				return dberr(j);
			db_bind_text(st, 1, target);
			if (sqlite3_step(st) == SQLITE_ROW)
				id = sqlite3_column_int64(st, 0);
			db_done(st);
			if (id == 0)
				return bad(j, "target", "is not the slug of "
				    "a tag in the file's \"tags\"");
		}
		target = id ? arena_printf(j->a, "%lld", (long long)id) : "";
	} else if (strcmp(kind, "archive") == 0) {
		if (!archive_ok(target))
			return bad(j, "target", "is not YYYY or YYYY/MM");
	} else if (strcmp(kind, "link") == 0) {
		if (!url_http_ok(target))
			return bad(j, "target", "is not an http(s) address");
	} else
		return bad(j, "kind", "is not home, page, tag, archive or "
		    "link");
	if ((st = db_stmt(j->db, DBF_APPEARANCE, DB_APPEARANCE_MENU_ADD)) !=
	    NULL) {
		db_bind_int(st, 1, *pos);
		db_bind_text(st, 2, kind);
		db_bind_text(st, 3, target);
		db_bind_text(st, 4, label);
	}
	return run(j, st);
}

/* A sidebar block: its Markdown rendered again, as the form does. */
static int
sidebar_block(struct jimp *j, const struct json *o)
{
	static const char *const kinds[] = { "search", "recent_posts",
	    "recent_comments", "tags", "archives", "text", NULL };
	struct sidebar_block	 b;
	int64_t			 pos;
	int			 i;

	j->where = "appearance sidebar block";
	memset(&b, 0, sizeof(b));
	if (get_str(j, o, "kind", 0, &b.kind) == -1 ||
	    get_count(j, o, "position", 0, &pos) == -1 ||
	    get_bool(j, o, "enabled", &b.enabled) == -1 ||
	    get_str(j, o, "title", 0, &b.title) == -1 ||
	    get_str(j, o, "body_md", 0, &b.body_md) == -1)
		return -1;
	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], b.kind) == 0)
			break;
	if (kinds[i] == NULL)
		return bad(j, "kind", "is not search, recent_posts, "
		    "recent_comments, tags, archives or text");
	b.position = (int)pos;
	b.body_html = *b.body_md ? html_str(md_render_post(j->a, b.body_md,
	    strlen(b.body_md))) : "";
	return db_appearance_block_set(j->db, &b) == -1 ? dberr(j) : 0;
}

/* The extra CSS's hash, as /admin/appearance makes it ("" for none). */
static const char *
css_hash(struct jimp *j, const char *css)
{
	unsigned char	 h[16];
	char		 hex[sizeof(h) * 2 + 1];

	if (*css == '\0')
		return "";
	crypto_generichash(h, sizeof(h), (const unsigned char *)css,
	    strlen(css), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_strdup(j->a, hex);
}

/* "appearance": the look (export.c, export_look). */
static int
look(struct jimp *j, const struct json *root)
{
	const struct json	*o = json_get(root, "appearance"), *v;
	struct appearance	 ap;
	const char		*p;
	int64_t			 pos;
	int			 ok, r;

	if (o == NULL)
		return 0;
	j->where = "appearance";
	if (o->type != JSON_OBJECT) {
		snprintf(j->err, j->errsz, "\"appearance\" is not an object");
		return -1;
	}
	memset(&ap, 0, sizeof(ap));
	if (get_ref(j, o, "icon_id", DB_IMPORT_X_MEDIA_ID, "a photo in the "
	    "file's \"media\"", &ap.icon_id) == -1 ||
	    get_ref(j, o, "logo_id", DB_IMPORT_X_MEDIA_ID, "a photo in the "
	    "file's \"media\"", &ap.logo_id) == -1 ||
	    get_ref(j, o, "front_page", DB_IMPORT_X_POST_TYPE, "a page in "
	    "the file's \"posts\"", &ap.front_page) == -1 ||
	    get_str(j, o, "css", 0, &ap.css) == -1)
		return -1;
	if (ap.front_page != 0) {
		if ((r = is_page(j, ap.front_page)) == -1)
			return -1;
		if (r == 0)
			return bad(j, "front_page", "is a post, not a page");
	}
	if (!text_clean(ap.css, strlen(ap.css)) || strlen(ap.css) > 65536)
		return bad(j, "css", "is not at most 64 KiB of text");
	for (p = ap.css; (p = strchr(p, '<')) != NULL; p++)
		if (strncasecmp(p, "</style", 7) == 0)
			return bad(j, "css", "holds </style");
	ap.css_hash = css_hash(j, ap.css);
	if (db_appearance_set(j->db, &ap) == -1)
		return dberr(j);
	v = json_get(o, "menu");
	if (v != NULL && v->type != JSON_ARRAY)
		return bad(j, "menu", "is not an array");
	for (v = v ? v->child : NULL; v != NULL; v = v->next)
		if (v->type != JSON_OBJECT)
			return bad(j, "menu", "holds something not an object");
		else if (menu_item(j, v, &pos) == -1)
			return -1;
	j->where = "appearance";
	v = array(j, o, "sidebar", &ok);
	if (!ok)
		return -1;
	for (; v != NULL; v = v->next)
		if (v->type != JSON_OBJECT)
			return bad(j, "sidebar", "holds something not an "
			    "object");
		else if (sidebar_block(j, v) == -1)
			return -1;
	return 0;
}

/* A verified mention: which comment it made, from which source. */
static int
mention(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*source, *author;
	int64_t		 cid, pid;

	j->where = "mention";
	if (get_int(j, o, "comment_id", &cid, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "mention %lld", (long long)cid);
	if (get_int(j, o, "post_id", &pid, NULL) == -1 ||
	    get_str(j, o, "source", 0, &source) == -1 ||
	    get_str(j, o, "author", 0, &author) == -1)
		return -1;
	if (!url_http_ok(source))
		return bad(j, "source", "is not an http(s) address");
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_MENTION_PUT)) !=
	    NULL) {
		db_bind_int(st, 1, cid);
		db_bind_int(st, 2, pid);
		db_bind_text(st, 3, source);
		db_bind_text(st, 4, author);
	}
	if (run(j, st) == -1)
		return -1;
	if (sqlite3_changes(j->db->h) == 0)
		return bad(j, "comment_id", "is not a webmention or pingback "
		    "comment on that post in the file's \"comments\"");
	return 0;
}

/* What was sent for a link of a post (so it is not sent again). */
static int
mention_sent(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*target, *hash, *kind, *endpoint, *answer;
	int64_t		 pid, code, sent;
	int		 ok, r;

	j->where = "mention_sent";
	if (get_int(j, o, "post_id", &pid, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "mention_sent of post %lld",
	    (long long)pid);
	if (get_str(j, o, "target", 0, &target) == -1 ||
	    get_str(j, o, "link_hash", 0, &hash) == -1 ||
	    get_str(j, o, "kind", 0, &kind) == -1 ||
	    get_str(j, o, "endpoint", 0, &endpoint) == -1 ||
	    get_int(j, o, "code", &code, NULL) == -1 ||
	    get_bool(j, o, "ok", &ok) == -1 ||
	    get_str(j, o, "answer", 0, &answer) == -1 ||
	    get_int(j, o, "sent", &sent, NULL) == -1)
		return -1;
	if ((r = row_exists(j, DB_IMPORT_X_POST_TYPE, pid)) <= 0)
		return r == -1 ? -1 : bad(j, "post_id", "names no post of "
		    "this file");
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_SENT_PUT)) != NULL) {
		db_bind_int(st, 1, pid);
		db_bind_text(st, 2, target);
		db_bind_text(st, 3, hash);
		db_bind_text(st, 4, kind);
		db_bind_text(st, 5, endpoint);
		db_bind_int(st, 6, code);
		db_bind_int(st, 7, ok);
		db_bind_text(st, 8, answer);
		db_bind_int(st, 9, sent);
	}
	return run(j, st);
}

/* A commenter's wish for replies to their comment (and its end). */
static int
watch(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*email;
	int64_t		 cid, created, stopped;
	int		 nostop;

	j->where = "mail_watch";
	if (get_int(j, o, "comment_id", &cid, NULL) == -1)
		return -1;
	j->where = arena_printf(j->a, "mail_watch of comment %lld",
	    (long long)cid);
	if (get_str(j, o, "email", 0, &email) == -1 ||
	    get_int(j, o, "created", &created, NULL) == -1 ||
	    get_int(j, o, "stopped", &stopped, &nostop) == -1)
		return -1;
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_WATCH_PUT)) != NULL) {
		db_bind_int(st, 1, cid);
		db_bind_text(st, 2, email);
		db_bind_int(st, 3, created);
		bind_ref(st, 4, nostop ? 0 : stopped);
	}
	if (run(j, st) == -1)
		return -1;
	if (sqlite3_changes(j->db->h) == 0)
		return bad(j, "comment_id", "names no comment of this file");
	return 0;
}

/* An address that confirmed it wants mail (double opt-in), and when. */
static int
mail_addr(struct jimp *j, const struct json *o)
{
	sqlite3_stmt	*st;
	const char	*email;
	int64_t		 when;

	j->where = "mail_addr";
	if (get_str(j, o, "email", 0, &email) == -1 ||
	    get_int(j, o, "confirmed", &when, NULL) == -1)
		return -1;
	if (*email == '\0' || strchr(email, '@') == NULL)
		return bad(j, "email", "is not an email address");
	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_ADDR_PUT)) != NULL) {
		db_bind_text(st, 1, email);
		db_bind_int(st, 2, when);
	}
	return run(j, st);
}

/* The mail the import's own inserts asked for (moderation notices for
   held comments, replies to watchers, confirmations): none is sent for
   comments that only moved. */
static int
drop_mail_events(struct jimp *j, int64_t before)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_EVENTS_DROP)) != NULL)
		db_bind_int(st, 1, before);
	return run(j, st);
}

static int64_t
mail_events_max(struct jimp *j)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	if ((st = db_stmt(j->db, DBF_IMPORT, DB_IMPORT_X_EVENTS_MAX)) == NULL)
		return dberr(j);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n == -1 ? dberr(j) : n;
}

/* Every element of the root's array key through fn. */
static int
each(struct jimp *j, const struct json *root, const char *key,
    int (*fn)(struct jimp *, const struct json *))
{
	const struct json	*v;
	int			 ok;

	for (v = array(j, root, key, &ok); ok && v != NULL; v = v->next) {
		if (v->type != JSON_OBJECT) {
			snprintf(j->err, j->errsz, "\"%s\" holds something "
			    "not an object", key);
			return -1;
		}
		if (fn(j, v) == -1)
			return -1;
	}
	return ok ? 0 : -1;
}

/* Is this our export, of a version we read? */
static int
check_root(const struct json *root, char *err, size_t errsz)
{
	const struct json	*f, *v;

	if (root->type != JSON_OBJECT ||
	    (f = json_get(root, "format")) == NULL || f->type != JSON_STRING ||
	    strcmp(f->str, EXPORT_FORMAT) != 0) {
		snprintf(err, errsz, "not a quire export (no \"format\": \"%s\")",
		    EXPORT_FORMAT);
		return -1;
	}
	if ((v = json_get(root, "version")) == NULL || v->type != JSON_NUMBER ||
	    v->num != EXPORT_VERSION) {
		snprintf(err, errsz, "export version %s is not one this quire "
		    "reads (%d)", v != NULL && v->type == JSON_NUMBER ? v->str :
		    "?", EXPORT_VERSION);
		return -1;
	}
	return 0;
}

int
import_json(struct db *db, const char *mdir, const char *text, size_t len,
    struct import_stats *st, char *err, size_t errsz)
{
	struct arena		 a = { 0 };
	struct jimp		 j;
	struct json		*root;
	struct db_counts	 c;
	int64_t			 events;
	int			 rc = -1;

	memset(st, 0, sizeof(*st));
	(void)snprintf(st->format, sizeof(st->format), "quire JSON %d",
	    EXPORT_VERSION);
	if ((root = json_parse(&a, text, len, err, errsz)) == NULL ||
	    check_root(root, err, errsz) == -1)
		goto out;
	memset(&j, 0, sizeof(j));
	j.db = db;
	j.a = &a;
	j.st = st;
	j.err = err;
	j.errsz = errsz;
	j.mdir = mdir;
	if (db_begin(db) == -1) {
		snprintf(err, errsz, "database busy or read-only: %s",
		    sqlite3_errmsg(db->h));
		goto out;
	}
	if (db_import_counts(db, &c) == -1 ||
	    (events = mail_events_max(&j)) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (c.posts || c.comments || c.tags || c.redirects) {
		snprintf(err, errsz, "the database is not empty (%lld posts, "
		    "%lld comments, %lld tags, %lld redirects): a JSON export "
		    "is imported only into a new one (quire init; users may "
		    "exist and are matched by login)", (long long)c.posts,
		    (long long)c.comments, (long long)c.tags,
		    (long long)c.redirects);
		goto fail;
	}
	if (settings(&j, root) == -1 ||
	    each(&j, root, "users", user) == -1 ||
	    each(&j, root, "tags", tag) == -1 ||
	    each(&j, root, "media", media) == -1 ||
	    each(&j, root, "posts", post) == -1 ||
	    each(&j, root, "comments", comment) == -1 ||
	    each(&j, root, "redirects", redirect) == -1 ||
	    each(&j, root, "revisions", revision) == -1 ||
	    each(&j, root, "protected", protected_post) == -1 ||
	    each(&j, root, "files", file_row) == -1 ||
	    each(&j, root, "wp_attachments", wp_attachment) == -1 ||
	    look(&j, root) == -1 ||
	    each(&j, root, "mentions", mention) == -1 ||
	    each(&j, root, "mention_sent", mention_sent) == -1 ||
	    each(&j, root, "mail_watch", watch) == -1 ||
	    each(&j, root, "mail_addrs", mail_addr) == -1 ||
	    drop_mail_events(&j, events) == -1)
		goto fail;
	if (db_import_recount(db) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (db_import_counts(db, &c) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	st->tags_new = c.tags;
	if (db_commit(db) == -1) {
		snprintf(err, errsz, "commit: %s", sqlite3_errmsg(db->h));
		goto out;
	}
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	arena_free(&a);
	return rc;
}
