/* post.c: saving posts and pages: slug, Markdown, tags, counts, index. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_media.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "i18n.h"
#include "markdown.h"
#include "media.h"
#include "model.h"
#include "db_revision.h"
#include "post.h"
#include "slug.h"
#include "utf8.h"

#define TITLE_MAX	1000
#define BODY_MAX	(4 * 1024 * 1024)

/* md_photos' lookup: the stored photos, by the URLs posts give them. */
static int
photo_lookup(void *arg, struct arena *a, const char *url, struct media *m)
{
	return db_media_by_url(arg, a, url, m) == 1;
}

const struct html *
post_render_md(struct db *db, struct arena *a, const char *md)
{
	struct md_photos	 ph = { photo_lookup, db };

	return md_render_post_photos(a, md, strlen(md), &ph);
}

/*
 * Record which photos the post's HTML shows (media_uses), however it
 * was made: each "/media/ab/NAME... in an attribute (text in rendered
 * HTML has its quotes escaped). 0 or -1.
 */
int
post_set_uses(struct db *db, int64_t post_id, const char *html)
{
	int64_t		 ids[256], id;
	char		 name[3 + MEDIA_NAME_HEX + 1];
	const char	*p;
	int		 n = 0, i;

	for (p = html; (p = strstr(p, "\"/media/")) != NULL && n < 256;
	    p += 8) {
		if (strlen(p + 8) < sizeof(name) - 1)
			break;
		memcpy(name, p + 8, sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		if ((id = db_media_by_name(db, name)) == -1)
			return -1;
		for (i = 0; i < n && ids[i] != id; i++)
			;
		if (id > 0 && i == n)
			ids[n++] = id;
	}
	return db_media_set_uses(db, post_id, ids, n);
}

/* Is slug used by a post other than id? 1, 0 or -1. */
static int
slug_taken(struct db *db, const char *slug, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_POST, DB_POST_SLUG_TAKEN)) == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	db_bind_int(st, 2, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The reason msg (translated, placeholders filled) in err. */
static void
reason(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
}

/* The reason msg about the slug in err, and in->slug_error set. */
static void
slug_reason(const struct post_input *in, char *err, size_t errsz,
    const char *msg)
{
	reason(err, errsz, msg);
	if (in->slug_error != NULL)
		*in->slug_error = 1;
}

/* Choose the slug: given or made from the title, unique. */
static const char *
choose_slug(struct db *db, struct arena *a, const struct post_input *in,
    char *err, size_t errsz)
{
	struct buf	 b = { 0 };
	const char	*base, *s;
	int		 i, t;

	if (in->slug != NULL && *in->slug != '\0') {
		if (!slug_valid(in->slug, strlen(in->slug))) {
			slug_make(&b, in->slug, strlen(in->slug));
			if (b.len == 0) {
				slug_reason(in, err, errsz, i18n_format(a,
				    _(in->lang, "the slug '{slug}' has no "
				    "letters or digits"), "slug", in->slug,
				    NULL));
				buf_free(&b);
				return NULL;
			}
			base = arena_strdup(a, buf_str(&b));
		} else
			base = in->slug;
	} else {
		slug_make(&b, in->title, strlen(in->title));
		base = b.len > 0 ? arena_strdup(a, buf_str(&b)) :
		    (in->type && strcmp(in->type, "page") == 0 ? "page" :
		    "post");
	}
	buf_free(&b);
	for (i = 1; i < 10000; i++) {
		s = i == 1 ? base : arena_printf(a, "%s-%d", base, i);
		if ((t = slug_taken(db, s, in->id)) == -1) {
			snprintf(err, errsz, "database error");
			return NULL;
		}
		if (t == 0)
			return s;
		if (!in->slug_suffix && in->slug != NULL && *in->slug != '\0') {
			slug_reason(in, err, errsz, i18n_format(a,
			    _(in->lang, "the slug '{slug}' is already used by "
			    "another post"), "slug", s, NULL));
			return NULL;
		}
	}
	slug_reason(in, err, errsz, i18n_format(a, _(in->lang, "no free "
	    "slug for '{slug}'"), "slug", base, NULL));
	return NULL;
}

static int
valid_status(const char *s)
{
	static const char *const ok[] = { "draft", "published", "scheduled",
	    "pending", "private", "trash" };
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(s, ok[i]) == 0)
			return 1;
	return 0;
}

static int
index_post(struct db *db, struct arena *a, int64_t id, const char *title,
    const char *html, const char *tags)
{
	struct buf	 text = { 0 };
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	if ((st = db_stmt(db, DBF_POST, DB_POST_FTS_DELETE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	md_summary(&text, html, strlen(html), 1 << 30);
	/* \x01 and \x02 mark matches in search results: never in text. */
	for (i = 0; i < text.len; i++)
		if (text.p[i] == '\x01' || text.p[i] == '\x02')
			text.p[i] = ' ';
	if ((st = db_stmt(db, DBF_POST, DB_POST_FTS_INSERT)) == NULL) {
		buf_free(&text);
		return -1;
	}
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, arena_strdup(a, buf_str(&text)));
	db_bind_text(st, 4, tags ? tags : "");
	rc = sqlite3_step(st);
	db_done(st);
	buf_free(&text);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
check_input(struct arena *a, const struct post_input *in, char *err,
    size_t errsz)
{
	const struct i18n	*l = in->lang;

	if (in->title == NULL || (*in->title == '\0' && !in->allow_untitled)) {
		reason(err, errsz, _(l, "the title is empty"));
		return -1;
	}
	if (strlen(in->title) > TITLE_MAX) {
		reason(err, errsz, i18n_format(a, _n(l, "the title is longer "
		    "than {n} byte", "the title is longer than {n} bytes",
		    TITLE_MAX), "n", arena_printf(a, "%d", TITLE_MAX), NULL));
		return -1;
	}
	if (!utf8_valid(in->title, strlen(in->title)) ||
	    !text_clean(in->title, strlen(in->title))) {
		reason(err, errsz, _(l, "the title holds invalid UTF-8 or "
		    "control characters"));
		return -1;
	}
	if (in->body_md != NULL && (strlen(in->body_md) > BODY_MAX ||
	    !utf8_valid(in->body_md, strlen(in->body_md)))) {
		reason(err, errsz, i18n_format(a, _n(l, "the body is not valid "
		    "UTF-8 or is over {n} byte", "the body is not valid UTF-8 "
		    "or is over {n} bytes", BODY_MAX), "n", arena_printf(a,
		    "%d", BODY_MAX), NULL));
		return -1;
	}
	if (in->status != NULL && !valid_status(in->status)) {
		reason(err, errsz, i18n_format(a, _(l, "unknown status "
		    "'{status}' (draft, published or scheduled)"), "status",
		    in->status, NULL));
		return -1;
	}
	if (in->type != NULL && strcmp(in->type, "post") != 0 &&
	    strcmp(in->type, "page") != 0) {
		reason(err, errsz, i18n_format(a, _(l, "unknown type '{type}' "
		    "(post or page)"), "type", in->type, NULL));
		return -1;
	}
	return 0;
}

int64_t
post_save(struct db *db, struct arena *a, const struct post_input *in,
    int64_t now, char *err, size_t errsz)
{
	const struct html	*h;
	struct buf		 sum = { 0 };
	sqlite3_stmt		*st;
	const char		*slug, *status, *html, *type;
	int64_t			 id = -1, published;
	int			 rc;

	if (in->slug_error != NULL)
		*in->slug_error = 0;
	if (check_input(a, in, err, errsz) == -1)
		return -1;
	if (db_exec(db, "SAVEPOINT post_save") == -1) {
		snprintf(err, errsz, "database busy or read-only");
		return -1;
	}
	if ((slug = choose_slug(db, a, in, err, errsz)) == NULL)
		goto fail;
	type = in->type ? in->type : "post";
	status = in->status ? in->status : "published";
	published = in->published ? in->published : now;
	if (strcmp(status, "published") == 0 && published > now)
		status = "scheduled";
	else if (strcmp(status, "scheduled") == 0 && published <= now)
		status = "published";
	if (in->body_html != NULL)
		html = in->body_html;
	else {
		h = post_render_md(db, a, in->body_md ? in->body_md : "");
		html = html_str(h);
	}
	md_summary(&sum, html, strlen(html), 55);

	st = db_stmt(db, DBF_POST, in->id ? DB_POST_UPDATE : DB_POST_INSERT);
	if (st == NULL)
		goto dberr;
	if (in->id) {
		db_bind_int(st, 1, in->id);
		db_bind_text(st, 2, type);
		db_bind_text(st, 3, status);
		db_bind_text(st, 4, slug);
		db_bind_text(st, 5, in->title);
		db_bind_int(st, 6, in->author_id);
		db_bind_int(st, 7, published);
		db_bind_int(st, 8, now);
		db_bind_text(st, 9, in->body_md ? in->body_md : "");
		db_bind_text(st, 10, html);
		db_bind_text(st, 11, in->excerpt ? in->excerpt : "");
		db_bind_text(st, 12, buf_str(&sum));
		db_bind_int(st, 13, in->comments_open);
	} else {
		db_bind_text(st, 1, type);
		db_bind_text(st, 2, status);
		db_bind_text(st, 3, slug);
		db_bind_text(st, 4, in->title);
		db_bind_int(st, 5, in->author_id);
		db_bind_int(st, 6, published);
		db_bind_int(st, 7, now);
		db_bind_text(st, 8, in->body_md ? in->body_md : "");
		db_bind_text(st, 9, html);
		db_bind_text(st, 10, in->excerpt ? in->excerpt : "");
		db_bind_text(st, 11, buf_str(&sum));
		db_bind_int(st, 12, in->comments_open);
		db_bind_int(st, 13, in->sticky);
		db_bind_text(st, 14, in->import_key);
	}
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dberr;
	id = in->id ? in->id : sqlite3_last_insert_rowid(db->h);
	if (db_tag_set_post(db, id, in->tags) == -1)
		goto dberr;
	if (index_post(db, a, id, in->title, html, in->tags) == -1)
		goto dberr;
	if (post_set_uses(db, id, html) == -1)
		goto dberr;
	if (db_exec(db, "RELEASE post_save") == -1)
		goto dberr;
	buf_free(&sum);
	return id;
dberr:
	snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
fail:
	buf_free(&sum);
	db_exec(db, "ROLLBACK TO post_save");
	db_exec(db, "RELEASE post_save");
	return -1;
}

int
post_reindex(struct db *db, struct arena *a, int64_t id, const char *title,
    const char *html, const char *tags)
{
	return index_post(db, a, id, title, html, tags);
}

int
post_rerender(struct db *db, struct arena *a, int64_t id)
{
	struct post	 p;
	struct tag	*t;
	struct buf	 tags = { 0 };
	const char	*html;
	int		 n, i, rc, locked;

	if ((rc = db_post_by_id(db, a, id, 1, &p)) != 1)
		return rc;
	if (p.body_md == NULL || *p.body_md == '\0')
		return 0;	/* kept as HTML: no photo was placed by us */
	html = html_str(post_render_md(db, a, p.body_md));
	if (db_tag_of_post(db, a, id, &t, &n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		buf_printf(&tags, "%s%s", i ? ", " : "", t[i].name);
	locked = p.password != NULL && *p.password != '\0';
	rc = db_media_post_html(db, id, html) == -1 ||
	    post_set_uses(db, id, html) == -1 ||
	    index_post(db, a, id, p.title, locked ? "" : html, locked ? "" :
	    buf_str(&tags)) == -1 ? -1 : 0;
	buf_free(&tags);
	return rc;
}

int
post_set_password(struct db *db, struct arena *a, int64_t id,
    const char *password, const char *title)
{
	if (db_post_pw_set(db, id, password) == -1)
		return -1;
	if (*password == '\0')
		return 0;
	return index_post(db, a, id, title, "", "");
}
