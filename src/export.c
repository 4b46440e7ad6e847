/* export.c: the whole blog as quire's JSON export or as a WordPress WXR 1.2 file. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "db_import.h"
#include "db_media.h"
#include "db_revision.h"
#include "esc.h"
#include "export.h"
#include "json.h"
#include "media.h"
#include "site.h"
#include "url.h"

/* -- JSON ------------------------------------------------------------------ */

/* Column i as a JSON string, or null for SQL NULL. */
static void
jcol(struct buf *b, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		buf_puts(b, "null");
		return;
	}
	json_write_string(b, (const char *)sqlite3_column_text(st, i),
	    (size_t)sqlite3_column_bytes(st, i));
}

/* `, "key": ' then column i as a string, integer or boolean. */
static void
jkey(struct buf *b, const char *key)
{
	if (b->len > 0 && b->p[b->len - 1] != '{')
		buf_puts(b, ", ");
	json_write_string(b, key, strlen(key));
	buf_puts(b, ": ");
}

static void
jstr(struct buf *b, const char *key, sqlite3_stmt *st, int i)
{
	jkey(b, key);
	jcol(b, st, i);
}

static void
jint(struct buf *b, const char *key, sqlite3_stmt *st, int i)
{
	jkey(b, key);
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		buf_puts(b, "null");
	else
		buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, i));
}

static void
jbool(struct buf *b, const char *key, sqlite3_stmt *st, int i)
{
	jkey(b, key);
	buf_puts(b, sqlite3_column_int(st, i) ? "true" : "false");
}

/* Blob column i (given as hex) or null when column isnull is 1. */
static void
jhex(struct buf *b, const char *key, sqlite3_stmt *st, int i, int isnull)
{
	jkey(b, key);
	if (sqlite3_column_int(st, isnull))
		buf_puts(b, "null");
	else
		jcol(b, st, i);
}

/* Write buf b to f and empty it. */
static void
put(FILE *f, struct buf *b)
{
	fwrite(b->p ? b->p : "", 1, b->len, f);
	buf_reset(b);
}

/* The tag slugs of post id as a JSON array. */
static int
post_tags(struct db *db, struct buf *b, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_POST_TAGS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	buf_putc(b, '[');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ > 0)
			buf_puts(b, ", ");
		jcol(b, st, 0);
	}
	buf_putc(b, ']');
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One row of each table, as an object on its own line. */
static int
row_user(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	(void)db;
	jstr(b, "login", st, 0);
	jstr(b, "name", st, 1);
	jstr(b, "email", st, 2);
	jstr(b, "role", st, 3);
	jint(b, "created", st, 6);
	jstr(b, "bio_md", st, 4);
	jstr(b, "bio_html", st, 5);
	return 0;
}

static int
row_tag(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	(void)db;
	jstr(b, "slug", st, 0);
	jstr(b, "name", st, 1);
	jstr(b, "description", st, 2);
	return 0;
}

static int
row_post(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	jint(b, "id", st, 0);
	jstr(b, "type", st, 1);
	jstr(b, "status", st, 2);
	jstr(b, "trashed_status", st, 3);
	jstr(b, "slug", st, 4);
	jstr(b, "title", st, 5);
	jstr(b, "author", st, 6);
	jint(b, "published", st, 7);
	jint(b, "created", st, 8);
	jint(b, "updated", st, 9);
	jbool(b, "comments_open", st, 13);
	jbool(b, "sticky", st, 14);
	jstr(b, "import_key", st, 15);
	jint(b, "featured_id", st, 16);
	jkey(b, "tags");
	if (post_tags(db, b, sqlite3_column_int64(st, 0)) == -1)
		return -1;
	jstr(b, "excerpt", st, 12);
	jstr(b, "body_md", st, 10);
	jstr(b, "body_html", st, 11);
	return 0;
}

/* A photo's files as a JSON array of objects. */
static int
media_variants(struct db *db, struct buf *b, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_VARIANTS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	buf_putc(b, '[');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ", {" : "{");
		jstr(b, "format", st, 0);
		jint(b, "width", st, 1);
		jint(b, "height", st, 2);
		jstr(b, "file", st, 3);
		jint(b, "bytes", st, 4);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
row_media(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	jint(b, "id", st, 0);
	jstr(b, "name", st, 1);
	jstr(b, "hash", st, 2);
	jstr(b, "original_name", st, 3);
	jstr(b, "format", st, 4);
	jint(b, "width", st, 5);
	jint(b, "height", st, 6);
	jint(b, "bytes", st, 7);
	jstr(b, "alt", st, 8);
	jstr(b, "caption", st, 9);
	jbool(b, "has_alpha", st, 10);
	jbool(b, "animated", st, 11);
	jstr(b, "owner", st, 12);
	jint(b, "created", st, 13);
	jkey(b, "variants");
	return media_variants(db, b, sqlite3_column_int64(st, 0));
}

static int
row_comment(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	(void)db;
	jint(b, "id", st, 0);
	jint(b, "post_id", st, 1);
	jint(b, "parent_id", st, 2);
	jstr(b, "type", st, 3);
	jstr(b, "status", st, 4);
	jstr(b, "author_name", st, 5);
	jstr(b, "author_email", st, 6);
	jstr(b, "author_url", st, 7);
	jstr(b, "author_addr", st, 8);
	jstr(b, "author_agent", st, 9);
	jstr(b, "user", st, 10);
	jint(b, "created", st, 11);
	jhex(b, "fingerprint", st, 14, 17);
	jhex(b, "edit_key", st, 15, 18);
	jstr(b, "import_key", st, 16);
	jstr(b, "body_md", st, 12);
	jstr(b, "body_html", st, 13);
	return 0;
}

static int
row_redirect(struct db *db, struct buf *b, sqlite3_stmt *st)
{
	(void)db;
	jstr(b, "old_path", st, 0);
	jstr(b, "new_path", st, 1);
	jint(b, "created", st, 2);
	return 0;
}

/* `"name": [' then one object per row of statement idx, then `]'. */
static int
array(struct db *db, FILE *f, struct buf *b, const char *name, int idx,
    int (*row)(struct db *, struct buf *, sqlite3_stmt *))
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) == NULL)
		return -1;
	if (idx == DB_IMPORT_COMMENTS)
		db_bind_int(st, 1, 0);
	buf_puts(b, ",\n");
	json_write_string(b, name, strlen(name));
	buf_puts(b, ": [");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n  {" : "\n  {");
		if (row(db, b, st) == -1) {
			rc = SQLITE_ERROR;
			break;
		}
		buf_putc(b, '}');
		put(f, b);
	}
	db_done(st);
	buf_puts(b, n > 0 ? "\n]" : "]");
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
settings(struct db *db, struct buf *b)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_SETTINGS)) == NULL)
		return -1;
	buf_puts(b, ",\n\"settings\": {");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n  " : "\n  ");
		jcol(b, st, 0);
		buf_puts(b, ": ");
		jcol(b, st, 1);
	}
	db_done(st);
	buf_puts(b, n > 0 ? "\n}" : "}");
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * "revisions": every revision of every post, oldest first (the author by
 * login, null when gone), and "protected": each post password (sql/
 * 0014-revisions.sql; import_json.c reads both back).
 */
static int
export_revisions(struct db *db, FILE *f, struct buf *b)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_REVISION, DB_REV_EXPORT)) == NULL)
		return -1;
	buf_puts(b, ",\n\"revisions\": [");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n  {" : "\n  {");
		jint(b, "post_id", st, 0);
		jstr(b, "author", st, 1);
		jint(b, "created", st, 2);
		jstr(b, "kind", st, 3);
		jstr(b, "status", st, 4);
		jstr(b, "title", st, 5);
		jbool(b, "html", st, 7);
		jstr(b, "tags", st, 8);
		jstr(b, "excerpt", st, 9);
		jstr(b, "body", st, 6);
		buf_putc(b, '}');
		put(f, b);
	}
	db_done(st);
	buf_puts(b, n > 0 ? "\n]" : "]");
	if (rc != SQLITE_DONE ||
	    (st = db_stmt(db, DBF_REVISION, DB_PW_EXPORT)) == NULL)
		return -1;
	buf_puts(b, ",\n\"protected\": [");
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		buf_puts(b, n > 0 ? ",\n  {" : "\n  {");
		jint(b, "post_id", st, 0);
		jstr(b, "password", st, 1);
		buf_putc(b, '}');
	}
	db_done(st);
	buf_puts(b, n > 0 ? "\n]" : "]");
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * `"name": [' then one object per row of statement idx (family DBF_IMPORT),
 * its members cols[i] ("i:key" a whole number or null, "s:key" a string
 * or null, "b:key" true or false) from column i, then what extra (if
 * any) adds, then `]'. Written to f row by row when f is not NULL.
 */
static int
table(struct db *db, FILE *f, struct buf *b, const char *name, int idx,
    const char *const *cols, int (*extra)(struct db *, struct buf *,
    sqlite3_stmt *))
{
	sqlite3_stmt	*st;
	int		 rc, i, n = 0;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) == NULL)
		return -1;
	if (f != NULL)
		buf_puts(b, ",\n");
	json_write_string(b, name, strlen(name));
	buf_puts(b, ": [");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n  {" : "\n  {");
		for (i = 0; cols[i] != NULL; i++)
			if (cols[i][0] == 'i')
				jint(b, cols[i] + 2, st, i);
			else if (cols[i][0] == 'b')
				jbool(b, cols[i] + 2, st, i);
			else
				jstr(b, cols[i] + 2, st, i);
		if (extra != NULL && extra(db, b, st) == -1) {
			rc = SQLITE_ERROR;
			break;
		}
		buf_putc(b, '}');
		if (f != NULL)
			put(f, b);
	}
	db_done(st);
	buf_puts(b, n > 0 ? "\n]" : "]");
	return rc == SQLITE_DONE ? 0 : -1;
}

/* An attachment's old upload paths (wp_uploads) as "uploads": [...]. */
static int
att_uploads(struct db *db, struct buf *b, sqlite3_stmt *att)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_X_UPLOADS)) == NULL)
		return -1;
	db_bind_int(st, 1, sqlite3_column_int64(att, 0));
	jkey(b, "uploads");
	buf_putc(b, '[');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ > 0)
			buf_puts(b, ", ");
		jcol(b, st, 0);
	}
	buf_putc(b, ']');
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* "appearance": the look (sql/0015-appearance.sql): front page, icon
   and logo (ids of posts and media in the file), extra CSS, the menu
   (a tag item's target by the tag's slug) and the sidebar's blocks. */
static int
export_look(struct db *db, FILE *f, struct buf *b)
{
	static const char *const menu[] = { "i:position", "s:kind",
	    "s:target", "s:label", NULL };
	static const char *const blocks[] = { "s:kind", "i:position",
	    "b:enabled", "s:title", "s:body_md", NULL };
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_X_LOOK)) == NULL)
		return -1;
	buf_puts(b, ",\n\"appearance\": {");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jint(b, "front_page", st, 0);
		jint(b, "icon_id", st, 1);
		jint(b, "logo_id", st, 2);
		jstr(b, "css", st, 3);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (b->p[b->len - 1] != '{')
		buf_puts(b, ", ");
	if (table(db, NULL, b, "menu", DB_IMPORT_X_MENU, menu, NULL) == -1)
		return -1;
	buf_puts(b, ", ");
	if (table(db, NULL, b, "sidebar", DB_IMPORT_X_BLOCKS, blocks,
	    NULL) == -1)
		return -1;
	buf_puts(b, "}");
	put(f, b);
	return 0;
}

/* The tables after "protected" (docs/export-format.md): files, WordPress
   attachments, the look, mentions, and mail subscriptions. */
static int
export_more(struct db *db, FILE *f, struct buf *b)
{
	static const char *const files[] = { "i:id", "s:hash", "s:name",
	    "s:type", "i:bytes", "i:created", NULL };
	static const char *const atts[] = { "i:id", "s:import_key",
	    "s:site", "s:wp_id", "s:wp_parent", "i:menu_order", "i:media_id",
	    "i:file_id", "i:post_id", "s:path", "s:page", "s:title",
	    "s:description", "i:created", NULL };
	static const char *const mentions[] = { "i:comment_id", "i:post_id",
	    "s:source", "s:author", NULL };
	static const char *const sent[] = { "i:post_id", "s:target",
	    "s:link_hash", "s:kind", "s:endpoint", "i:code", "b:ok",
	    "s:answer", "i:sent", NULL };
	static const char *const watch[] = { "i:comment_id", "s:email",
	    "i:created", "i:stopped", NULL };
	static const char *const addrs[] = { "s:email", "i:confirmed", NULL };

	if (table(db, f, b, "files", DB_IMPORT_X_FILES, files, NULL) == -1 ||
	    table(db, f, b, "wp_attachments", DB_IMPORT_X_ATTS, atts,
	    att_uploads) == -1 ||
	    export_look(db, f, b) == -1 ||
	    table(db, f, b, "mentions", DB_IMPORT_X_MENTIONS, mentions,
	    NULL) == -1 ||
	    table(db, f, b, "mention_sent", DB_IMPORT_X_SENT, sent,
	    NULL) == -1 ||
	    table(db, f, b, "mail_watch", DB_IMPORT_X_WATCH, watch,
	    NULL) == -1 ||
	    table(db, f, b, "mail_addrs", DB_IMPORT_X_ADDRS, addrs,
	    NULL) == -1)
		return -1;
	return 0;
}

int
export_json(struct db *db, FILE *f, char *err, size_t errsz)
{
	struct buf	 b = { 0 };
	int		 rc = -1;

	if (db_exec(db, "BEGIN") == -1)
		goto out;
	buf_printf(&b, "{\"format\": \"%s\",\n\"version\": %d", EXPORT_FORMAT,
	    EXPORT_VERSION);
	if (settings(db, &b) == -1 ||
	    array(db, f, &b, "users", DB_IMPORT_USERS, row_user) == -1 ||
	    array(db, f, &b, "tags", DB_IMPORT_TAGS, row_tag) == -1 ||
	    array(db, f, &b, "media", DB_IMPORT_MEDIA, row_media) == -1 ||
	    array(db, f, &b, "posts", DB_IMPORT_POSTS, row_post) == -1 ||
	    array(db, f, &b, "comments", DB_IMPORT_COMMENTS,
	    row_comment) == -1 ||
	    array(db, f, &b, "redirects", DB_IMPORT_REDIRECTS,
	    row_redirect) == -1 ||
	    export_revisions(db, f, &b) == -1 ||
	    export_more(db, f, &b) == -1)
		goto out;
	buf_puts(&b, "\n}\n");
	put(f, &b);
	rc = 0;
out:
	if (rc == -1)
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
	db_rollback(db);
	buf_free(&b);
	return rc;
}

/* -- WXR ------------------------------------------------------------------- */

static void
col_cdata(struct buf *b, sqlite3_stmt *st, int i)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	esc_xml_cdata(b, s ? s : "", (size_t)sqlite3_column_bytes(st, i));
}

/* <name>CDATA of column i</name> */
static void
xcol(struct buf *b, const char *ind, const char *name, sqlite3_stmt *st,
    int i)
{
	buf_printf(b, "%s<%s>", ind, name);
	col_cdata(b, st, i);
	buf_printf(b, "</%s>\n", name);
}

static void
xstr(struct buf *b, const char *ind, const char *name, const char *s)
{
	buf_printf(b, "%s<%s>", ind, name);
	esc_xml_cdata(b, s, strlen(s));
	buf_printf(b, "</%s>\n", name);
}

/* "YYYY-MM-DD HH:MM:SS", in the site's zone or in UTC. */
static void
wp_date(struct buf *b, int64_t t, int gmt)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (gmt) {
		if (gmtime_r(&tt, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
	} else if (date_local(t, &tm) == -1)
		memset(&tm, 0, sizeof(tm));
	buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
xdate(struct buf *b, const char *ind, const char *name, int64_t t, int gmt)
{
	struct buf	 d = { 0 };

	wp_date(&d, t, gmt);
	xstr(b, ind, name, buf_str(&d));
	buf_free(&d);
}

static const char *
wp_status(const char *s)
{
	if (strcmp(s, "published") == 0)
		return "publish";
	if (strcmp(s, "scheduled") == 0)
		return "future";
	return s;	/* draft, pending, private, trash */
}

static const char *
wp_approved(const char *s)
{
	if (strcmp(s, "approved") == 0)
		return "1";
	if (strcmp(s, "pending") == 0)
		return "0";
	return s;	/* spam, trash */
}

static void
channel(struct buf *b, const struct site *site)
{
	struct buf	 d = { 0 };

	buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
	    "<!-- This is a WordPress eXtended RSS file generated by quire %s "
	    "as an export of your site. -->\n"
	    "<rss version=\"2.0\"\n"
	    "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
	    "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	    "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
	    "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n"
	    ">\n<channel>\n", QUIRE_VERSION);
	buf_puts(b, "\t<title>");
	esc_xml(b, site->title, strlen(site->title));
	buf_puts(b, "</title>\n\t<link>");
	esc_xml(b, site->base_url, strlen(site->base_url));
	buf_puts(b, "</link>\n\t<description>");
	esc_xml(b, site->description, strlen(site->description));
	date_fmt_http(&d, site->changed);
	buf_printf(b, "</description>\n\t<pubDate>%s</pubDate>\n"
	    "\t<language>en</language>\n"
	    "\t<wp:wxr_version>1.2</wp:wxr_version>\n", buf_str(&d));
	buf_puts(b, "\t<wp:base_site_url>");
	esc_xml(b, site->base_url, strlen(site->base_url));
	buf_puts(b, "</wp:base_site_url>\n\t<wp:base_blog_url>");
	esc_xml(b, site->base_url, strlen(site->base_url));
	buf_puts(b, "</wp:base_blog_url>\n");
	buf_free(&d);
}

static int
authors(struct db *db, FILE *f, struct buf *b)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_USERS_BY_ID)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(b, "\t<wp:author>\n\t\t<wp:author_id>%lld"
		    "</wp:author_id>\n",
		    (long long)sqlite3_column_int64(st, 0));
		xcol(b, "\t\t", "wp:author_login", st, 1);
		xcol(b, "\t\t", "wp:author_email", st, 3);
		xcol(b, "\t\t", "wp:author_display_name", st, 2);
		xstr(b, "\t\t", "wp:author_first_name", "");
		xstr(b, "\t\t", "wp:author_last_name", "");
		buf_puts(b, "\t</wp:author>\n");
		put(f, b);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
tags(struct db *db, FILE *f, struct buf *b)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_TAGS)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(b, "\t<wp:tag>\n\t\t<wp:term_id>%lld</wp:term_id>\n",
		    (long long)sqlite3_column_int64(st, 3));
		xcol(b, "\t\t", "wp:tag_slug", st, 0);
		xcol(b, "\t\t", "wp:tag_name", st, 1);
		xcol(b, "\t\t", "wp:tag_description", st, 2);
		buf_puts(b, "\t</wp:tag>\n");
		put(f, b);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
item_tags(struct db *db, struct buf *b, int64_t id)
{
	sqlite3_stmt	*st;
	const char	*slug;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_POST_TAGS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		slug = (const char *)sqlite3_column_text(st, 0);
		buf_puts(b, "\t\t<category domain=\"post_tag\" nicename=\"");
		esc_xml(b, slug, strlen(slug));
		buf_puts(b, "\">");
		col_cdata(b, st, 1);
		buf_puts(b, "</category>\n");
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
item_comments(struct db *db, struct buf *b, int64_t id)
{
	sqlite3_stmt	*st;
	const char	*s;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_POST_COMMENTS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_printf(b, "\t\t<wp:comment>\n\t\t\t<wp:comment_id>%lld"
		    "</wp:comment_id>\n",
		    (long long)sqlite3_column_int64(st, 0));
		xcol(b, "\t\t\t", "wp:comment_author", st, 5);
		xcol(b, "\t\t\t", "wp:comment_author_email", st, 6);
		xcol(b, "\t\t\t", "wp:comment_author_url", st, 7);
		xcol(b, "\t\t\t", "wp:comment_author_IP", st, 8);
		xdate(b, "\t\t\t", "wp:comment_date",
		    sqlite3_column_int64(st, 11), 0);
		xdate(b, "\t\t\t", "wp:comment_date_gmt",
		    sqlite3_column_int64(st, 11), 1);
		xcol(b, "\t\t\t", "wp:comment_content", st, 13);
		s = (const char *)sqlite3_column_text(st, 4);
		xstr(b, "\t\t\t", "wp:comment_approved", wp_approved(s));
		xcol(b, "\t\t\t", "wp:comment_type", st, 3);
		buf_printf(b, "\t\t\t<wp:comment_parent>%lld"
		    "</wp:comment_parent>\n\t\t\t<wp:comment_user_id>%lld"
		    "</wp:comment_user_id>\n\t\t</wp:comment>\n",
		    (long long)sqlite3_column_int64(st, 2),
		    (long long)sqlite3_column_int64(st, 19));
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* <wp:postmeta> with a key and a value. */
static void
xmeta(struct buf *b, const char *key, const char *value)
{
	buf_puts(b, "\t\t<wp:postmeta>\n");
	xstr(b, "\t\t\t", "wp:meta_key", key);
	xstr(b, "\t\t\t", "wp:meta_value", value);
	buf_puts(b, "\t\t</wp:postmeta>\n");
}

/* One <item>: the post row at st; its featured photo, if chosen, is
   attachment aoff + the photo's id. */
static int
item(struct db *db, const struct site *site, struct buf *b, sqlite3_stmt *st,
    int64_t aoff)
{
	struct buf	 d = { 0 };
	const char	*type, *slug, *key;
	int64_t		 id = sqlite3_column_int64(st, 0), published;

	type = (const char *)sqlite3_column_text(st, 1);
	slug = (const char *)sqlite3_column_text(st, 4);
	key = (const char *)sqlite3_column_text(st, 15);
	published = sqlite3_column_int64(st, 7);
	buf_puts(b, "\t<item>\n");
	xcol(b, "\t\t", "title", st, 5);
	buf_puts(&d, site->base_url);
	url_post(&d, type, slug, published);
	buf_puts(b, "\t\t<link>");
	esc_xml(b, d.p, d.len);
	buf_puts(b, "</link>\n");
	buf_reset(&d);
	date_fmt_http(&d, published);
	buf_printf(b, "\t\t<pubDate>%s</pubDate>\n", buf_str(&d));
	xcol(b, "\t\t", "dc:creator", st, 6);
	buf_reset(&d);
	if (key != NULL && strncmp(key, "wxr:", 4) == 0)
		buf_puts(&d, key + 4);
	else
		buf_printf(&d, "%s/?p=%lld", site->base_url, (long long)id);
	buf_puts(b, "\t\t<guid isPermaLink=\"false\">");
	esc_xml(b, d.p, d.len);
	buf_puts(b, "</guid>\n\t\t<description></description>\n");
	xcol(b, "\t\t", "content:encoded", st, 11);
	xcol(b, "\t\t", "excerpt:encoded", st, 12);
	buf_printf(b, "\t\t<wp:post_id>%lld</wp:post_id>\n", (long long)id);
	xdate(b, "\t\t", "wp:post_date", published, 0);
	xdate(b, "\t\t", "wp:post_date_gmt", published, 1);
	xdate(b, "\t\t", "wp:post_modified", sqlite3_column_int64(st, 9), 0);
	xdate(b, "\t\t", "wp:post_modified_gmt", sqlite3_column_int64(st, 9),
	    1);
	xstr(b, "\t\t", "wp:comment_status", sqlite3_column_int(st, 13) ?
	    "open" : "closed");
	xstr(b, "\t\t", "wp:ping_status", "closed");
	xcol(b, "\t\t", "wp:post_name", st, 4);
	xstr(b, "\t\t", "wp:status",
	    wp_status((const char *)sqlite3_column_text(st, 2)));
	buf_puts(b, "\t\t<wp:post_parent>0</wp:post_parent>\n"
	    "\t\t<wp:menu_order>0</wp:menu_order>\n");
	xstr(b, "\t\t", "wp:post_type", type);
	xstr(b, "\t\t", "wp:post_password", "");
	buf_printf(b, "\t\t<wp:is_sticky>%d</wp:is_sticky>\n",
	    sqlite3_column_int(st, 14));
	if (sqlite3_column_type(st, 16) != SQLITE_NULL) {
		buf_reset(&d);
		buf_printf(&d, "%lld", (long long)(aoff +
		    sqlite3_column_int64(st, 16)));
		xmeta(b, "_thumbnail_id", buf_str(&d));
	}
	buf_free(&d);
	if (item_tags(db, b, id) == -1 || item_comments(db, b, id) == -1)
		return -1;
	buf_puts(b, "\t</item>\n");
	return 0;
}

/*
 * One attachment <item>: the photo row at st (DB_IMPORT_MEDIA), as post
 * aoff + its id, child of the first post that shows it, its URL its
 * widest JPEG (PNG, GIF), which WordPress's importer fetches.
 */
static int
attachment(struct db *db, const struct site *site, struct buf *b,
    sqlite3_stmt *st, int64_t aoff)
{
	struct arena	 a = { 0 };
	struct media	 m;
	struct buf	 u = { 0 };
	const char	*owner, *url;
	int64_t		 id = sqlite3_column_int64(st, 0), t;
	int		 rc = -1;

	if (db_media_get(db, &a, id, &m) != 1 || (url = media_url(&a, &m))
	    == NULL)
		goto out;
	buf_printf(&u, "%s%s", site->base_url, url);
	owner = (const char *)sqlite3_column_text(st, 12);
	t = sqlite3_column_int64(st, 13);
	buf_puts(b, "\t<item>\n");
	xstr(b, "\t\t", "title", *m.original_name ? m.original_name :
	    m.name + 3);
	buf_puts(b, "\t\t<link>");
	esc_xml(b, u.p, u.len);
	buf_puts(b, "</link>\n\t\t<guid isPermaLink=\"false\">");
	esc_xml(b, u.p, u.len);
	buf_puts(b, "</guid>\n\t\t<description></description>\n");
	xstr(b, "\t\t", "dc:creator", owner ? owner : "");
	xstr(b, "\t\t", "content:encoded", "");
	xstr(b, "\t\t", "excerpt:encoded", m.caption);
	buf_printf(b, "\t\t<wp:post_id>%lld</wp:post_id>\n",
	    (long long)(aoff + id));
	xdate(b, "\t\t", "wp:post_date", t, 0);
	xdate(b, "\t\t", "wp:post_date_gmt", t, 1);
	xstr(b, "\t\t", "wp:comment_status", "closed");
	xstr(b, "\t\t", "wp:ping_status", "closed");
	buf_printf(b, "\t\t<wp:post_name>photo-%lld</wp:post_name>\n"
	    "\t\t<wp:status>inherit</wp:status>\n"
	    "\t\t<wp:post_parent>%lld</wp:post_parent>\n"
	    "\t\t<wp:menu_order>0</wp:menu_order>\n"
	    "\t\t<wp:post_type>attachment</wp:post_type>\n",
	    (long long)id, (long long)sqlite3_column_int64(st, 14));
	buf_puts(b, "\t\t<wp:attachment_url>");
	esc_xml(b, u.p, u.len);
	buf_puts(b, "</wp:attachment_url>\n");
	if (*m.alt != '\0')
		xmeta(b, "_wp_attachment_image_alt", m.alt);
	buf_puts(b, "\t</item>\n");
	rc = 0;
out:
	buf_free(&u);
	arena_free(&a);
	return rc;
}

/* Every step of statement st through fn, each item written to f. */
static int
items(struct db *db, const struct site *site, FILE *f, struct buf *b,
    int idx, int64_t aoff, int (*fn)(struct db *, const struct site *,
    struct buf *, sqlite3_stmt *, int64_t))
{
	sqlite3_stmt	*st;
	int		 step;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(db, site, b, st, aoff) == -1) {
			step = SQLITE_ERROR;
			break;
		}
		put(f, b);
	}
	db_done(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/* The largest post id: attachments are numbered after it. */
static int64_t
max_post_id(struct db *db)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_MAX_POST_ID)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

int
export_wxr(struct db *db, const struct site *site, FILE *f, char *err,
    size_t errsz)
{
	struct buf	 b = { 0 };
	int64_t		 aoff;
	int		 rc = -1;

	if (db_exec(db, "BEGIN") == -1)
		goto out;
	channel(&b, site);
	put(f, &b);
	if (authors(db, f, &b) == -1 || tags(db, f, &b) == -1)
		goto out;
	buf_printf(&b, "\t<generator>quire %s</generator>\n", QUIRE_VERSION);
	if ((aoff = max_post_id(db)) == -1 ||
	    items(db, site, f, &b, DB_IMPORT_POSTS, aoff, item) == -1 ||
	    items(db, site, f, &b, DB_IMPORT_MEDIA, aoff, attachment) == -1)
		goto out;
	buf_puts(&b, "</channel>\n</rss>\n");
	put(f, &b);
	rc = 0;
out:
	if (rc == -1)
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
	db_rollback(db);
	buf_free(&b);
	return rc;
}
