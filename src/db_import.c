/* db_import.c: statements for moving a blog in and out (import, export). */
#include <string.h>

#include "db.h"
#include "db_import.h"

const char *const db_import_sql[DB_IMPORT__MAX] = {
	[DB_IMPORT_COUNTS] =
	"SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts), "
	"(SELECT count(*) FROM comments), (SELECT count(*) FROM tags), "
	"(SELECT count(*) FROM redirects)",
	[DB_IMPORT_POST_BY_KEY] =
	"SELECT id FROM posts WHERE import_key = ?1",
	[DB_IMPORT_COMMENT_BY_KEY] =
	"SELECT id FROM comments WHERE import_key = ?1",
	[DB_IMPORT_TAG_PUT] =
	"INSERT INTO tags (name, slug, description) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (slug) DO UPDATE SET description = excluded.description "
	"WHERE tags.description = '' AND excluded.description <> ''",
	[DB_IMPORT_TAG_ID] =
	"SELECT id FROM tags WHERE slug = ?1",
	[DB_IMPORT_TAG_LINK] =
	"INSERT OR IGNORE INTO post_tags (post_id, tag_id) VALUES (?1, ?2)",
	[DB_IMPORT_TAG_RECOUNT_ALL] =
	"UPDATE tags SET post_count = (SELECT count(*) FROM post_tags pt "
	"JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = tags.id "
	"AND p.type = 'post' AND p.status = 'published')",
	[DB_IMPORT_FTS_TAGS] =
	"UPDATE posts_fts SET tags = ?2 WHERE rowid = ?1",
	[DB_IMPORT_COMMENT_RECOUNT_ALL] =
	"UPDATE posts SET comment_count = (SELECT count(*) FROM comments c "
	"WHERE c.post_id = posts.id AND c.status = 'approved')",
	[DB_IMPORT_USER_UPSERT] =
	"INSERT INTO users (login, name, email, role, bio_md, bio_html, "
	"created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (login) DO "
	"UPDATE SET name = excluded.name, email = excluded.email, "
	"role = excluded.role, bio_md = excluded.bio_md, "
	"bio_html = excluded.bio_html, created = excluded.created",
	[DB_IMPORT_USER_ID] =
	"SELECT id FROM users WHERE login = ?1",
	[DB_IMPORT_POST_INSERT] =
	"INSERT INTO posts (id, type, status, trashed_status, slug, title, "
	"author_id, published, created, updated, body_md, body_html, excerpt, "
	"summary, comments_open, sticky, import_key) VALUES (?1, ?2, ?3, ?4, "
	"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	[DB_IMPORT_COMMENT_INSERT] =
	"INSERT INTO comments (id, post_id, parent_id, depth, path, type, "
	"status, author_name, author_email, author_url, author_addr, "
	"author_agent, user_id, created, body_md, body_html, fingerprint, "
	"edit_key, import_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	[DB_IMPORT_COMMENT_PATH] =
	"SELECT depth, path, post_id FROM comments WHERE id = ?1",
	[DB_IMPORT_SETTINGS] =
	"SELECT key, value FROM settings WHERE key <> 'secret_key' "
	"ORDER BY key",
	[DB_IMPORT_USERS] =
	"SELECT login, name, email, role, bio_md, bio_html, created "
	"FROM users ORDER BY login",
	[DB_IMPORT_USERS_BY_ID] =
	"SELECT id, login, name, email FROM users ORDER BY id",
	[DB_IMPORT_TAGS] =
	"SELECT slug, name, description, id FROM tags ORDER BY slug",
	[DB_IMPORT_POSTS] =
	"SELECT p.id, p.type, p.status, p.trashed_status, p.slug, p.title, "
	"u.login, p.published, p.created, p.updated, p.body_md, p.body_html, "
	"p.excerpt, p.comments_open, p.sticky, p.import_key, p.featured_id "
	"FROM posts p JOIN users u ON u.id = p.author_id ORDER BY p.id",
	[DB_IMPORT_POST_TAGS] =
	"SELECT t.slug, t.name FROM post_tags pt JOIN tags t "
	"ON t.id = pt.tag_id WHERE pt.post_id = ?1 ORDER BY t.slug",
	[DB_IMPORT_COMMENTS] =
	"SELECT c.id, c.post_id, c.parent_id, c.type, c.status, "
	"c.author_name, c.author_email, c.author_url, c.author_addr, "
	"c.author_agent, u.login, c.created, c.body_md, c.body_html, "
	"lower(hex(c.fingerprint)), lower(hex(c.edit_key)), c.import_key, "
	"c.fingerprint IS NULL, c.edit_key IS NULL, c.user_id "
	"FROM comments c LEFT JOIN users u ON u.id = c.user_id "
	"WHERE ?1 = 0 OR c.post_id = ?1 ORDER BY c.id",
	/* DB_IMPORT_POST_COMMENTS: the same, for one post (WXR) */
	[DB_IMPORT_POST_COMMENTS] =
	"SELECT c.id, c.post_id, c.parent_id, c.type, c.status, "
	"c.author_name, c.author_email, c.author_url, c.author_addr, "
	"c.author_agent, u.login, c.created, c.body_md, c.body_html, "
	"lower(hex(c.fingerprint)), lower(hex(c.edit_key)), c.import_key, "
	"c.fingerprint IS NULL, c.edit_key IS NULL, c.user_id "
	"FROM comments c LEFT JOIN users u ON u.id = c.user_id "
	"WHERE c.post_id = ?1 ORDER BY c.id",
	[DB_IMPORT_REDIRECTS] =
	"SELECT old_path, new_path, created FROM redirects ORDER BY old_path",
	/* DB_IMPORT_MEDIA: the ready photos, by id (their variants:
	   DB_MEDIA_VARIANTS) */
	[DB_IMPORT_MEDIA] =
	"SELECT m.id, m.name, m.hash, m.original_name, m.format, m.width, "
	"m.height, m.bytes, m.alt, m.caption, m.has_alpha, m.animated, "
	"u.login, m.created, (SELECT min(post_id) FROM media_uses "
	"WHERE media_id = m.id) FROM media m LEFT JOIN users u "
	"ON u.id = m.user_id WHERE m.state = 'ready' ORDER BY m.id",
	[DB_IMPORT_MEDIA_INSERT] =
	"INSERT INTO media (id, name, hash, original_name, format, width, "
	"height, bytes, alt, caption, has_alpha, animated, user_id, created, "
	"state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	"?13, ?14, 'ready')",
	[DB_IMPORT_POST_FEATURED] =
	"UPDATE posts SET featured_id = ?2 WHERE id = ?1",
	/* DB_IMPORT_MAX_POST_ID: WXR attachments are numbered after it */
	[DB_IMPORT_MAX_POST_ID] =
	"SELECT coalesce(max(id), 0) FROM posts",
	[DB_IMPORT_ATT_BY_KEY] =
	"SELECT id, media_id, file_id FROM wp_attachments WHERE import_key = ?1",
	[DB_IMPORT_ATT_INSERT] =
	"INSERT INTO wp_attachments (import_key, site, wp_id, wp_parent, "
	"menu_order, media_id, file_id, path, page, title, description, "
	"created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
	"ON CONFLICT (import_key) DO UPDATE SET media_id = excluded.media_id, "
	"file_id = excluded.file_id, path = excluded.path",
	[DB_IMPORT_ATT_BY_WPID] =
	"SELECT id, media_id, file_id FROM wp_attachments WHERE site = ?1 "
	"AND wp_id = ?2 ORDER BY id LIMIT 1",
	[DB_IMPORT_ATT_BY_PAGE] =
	"SELECT id, media_id, file_id FROM wp_attachments WHERE page = ?1 "
	"ORDER BY id LIMIT 1",
	[DB_IMPORT_ATT_CHILDREN] =
	"SELECT wp_id FROM wp_attachments WHERE site = ?1 AND wp_parent = ?2 "
	"AND media_id IS NOT NULL ORDER BY menu_order, "
	"CAST(wp_id AS INTEGER), id LIMIT 200",
	[DB_IMPORT_ATT_PARENT] =
	"UPDATE wp_attachments SET post_id = ?3 WHERE site = ?1 AND "
	"wp_parent = ?2 AND post_id IS NOT ?3",
	[DB_IMPORT_ATT_USER] =
	"UPDATE media SET user_id = ?2 WHERE user_id IS NULL AND id = "
	"(SELECT media_id FROM wp_attachments WHERE import_key = ?1)",
	[DB_IMPORT_UPLOAD_PUT] =
	"INSERT OR IGNORE INTO wp_uploads (path, attachment_id) VALUES (?1, ?2)",
	[DB_IMPORT_UPLOAD_GET] =
	"SELECT a.id, a.media_id, a.file_id FROM wp_uploads u "
	"JOIN wp_attachments a ON a.id = u.attachment_id WHERE u.path = ?1",
	[DB_IMPORT_MEDIA_TEXT] =
	"UPDATE media SET alt = CASE WHEN alt = '' THEN ?2 ELSE alt END, "
	"caption = CASE WHEN caption = '' THEN ?3 ELSE caption END "
	"WHERE id = ?1",
	[DB_IMPORT_FILE_BY_HASH] =
	"SELECT id, state = 'pending' FROM files WHERE hash = ?1",
	[DB_IMPORT_FILE_BY_NAME] =
	"SELECT type FROM files WHERE name = ?1 AND state = 'ready'",
	[DB_IMPORT_FILE_GET] =
	"SELECT name, type FROM files WHERE id = ?1 AND state = 'ready'",
	[DB_IMPORT_FILE_INSERT] =
	"INSERT INTO files (hash, name, type, bytes, created, state) "
	"VALUES (?1, ?2, ?3, ?4, ?5, 'pending')",
	[DB_IMPORT_FILE_READY] =
	"UPDATE files SET state = 'ready' WHERE id = ?1",
	[DB_IMPORT_FILE_PENDING] =
	"SELECT id, name FROM files WHERE state = 'pending'",
	[DB_IMPORT_FILE_DELETE] =
	"DELETE FROM files WHERE id = ?1",
	[DB_IMPORT_FEATURED] =
	"UPDATE posts SET featured_id = ?2 WHERE id = ?1 AND featured_id "
	"IS NULL",
	[DB_IMPORT_POST_BODY] =
	"UPDATE posts SET body_html = ?2, summary = ?3 WHERE id = ?1",
	/* The rest of the JSON export (export.c, import_json.c): the
	   tables that came with uploads, the look, mentions and mail. */
	[DB_IMPORT_X_FILES] =
	"SELECT id, hash, name, type, bytes, created FROM files "
	"WHERE state = 'ready' ORDER BY id",
	[DB_IMPORT_X_FILE_PUT] =
	"INSERT INTO files (id, hash, name, type, bytes, created, state) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'ready')",
	[DB_IMPORT_X_ATTS] =
	"SELECT id, import_key, site, wp_id, wp_parent, menu_order, "
	"media_id, file_id, post_id, path, page, title, description, created "
	"FROM wp_attachments ORDER BY id",
	[DB_IMPORT_X_ATT_PUT] =
	"INSERT INTO wp_attachments (id, import_key, site, wp_id, wp_parent, "
	"menu_order, media_id, file_id, post_id, path, page, title, "
	"description, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"?10, ?11, ?12, ?13, ?14)",
	[DB_IMPORT_X_UPLOADS] =
	"SELECT path FROM wp_uploads WHERE attachment_id = ?1 ORDER BY path",
	[DB_IMPORT_X_MEDIA_ID] =
	"SELECT id FROM media WHERE id = ?1 AND state = 'ready'",
	[DB_IMPORT_X_FILE_ID] =
	"SELECT id FROM files WHERE id = ?1",
	[DB_IMPORT_X_POST_TYPE] =
	"SELECT type FROM posts WHERE id = ?1",
	[DB_IMPORT_X_MENU] =
	"SELECT m.position, m.kind, CASE WHEN m.kind = 'tag' THEN "
	"coalesce((SELECT t.slug FROM tags t WHERE t.id = "
	"CAST(m.target AS INTEGER)), '') ELSE m.target END, m.label "
	"FROM menu_items m ORDER BY m.position, m.id",
	[DB_IMPORT_X_BLOCKS] =
	"SELECT kind, position, enabled, title, body_md FROM sidebar_blocks "
	"ORDER BY position, kind",
	[DB_IMPORT_X_LOOK] =
	"SELECT front_page, icon_id, logo_id, css FROM appearance "
	"WHERE id = 1",
	[DB_IMPORT_X_MENTIONS] =
	"SELECT comment_id, post_id, source, author FROM mentions "
	"ORDER BY comment_id",
	[DB_IMPORT_X_MENTION_PUT] =
	"INSERT INTO mentions (comment_id, post_id, source, author) "
	"SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM comments "
	"WHERE id = ?1 AND post_id = ?2 AND type IN ('webmention', "
	"'pingback'))",
	[DB_IMPORT_X_SENT] =
	"SELECT post_id, target, link_hash, kind, endpoint, code, ok, answer, "
	"sent FROM mention_sent ORDER BY post_id, target",
	[DB_IMPORT_X_SENT_PUT] =
	"INSERT INTO mention_sent (post_id, target, link_hash, kind, "
	"endpoint, code, ok, answer, sent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	"?7, ?8, ?9)",
	[DB_IMPORT_X_WATCH] =
	"SELECT comment_id, email, created, stopped FROM mail_watch "
	"ORDER BY comment_id",
	[DB_IMPORT_X_WATCH_PUT] =
	"INSERT INTO mail_watch (comment_id, email, created, stopped) "
	"SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM comments "
	"WHERE id = ?1)",
	[DB_IMPORT_X_ADDRS] =
	"SELECT email, confirmed FROM mail_addrs ORDER BY email",
	[DB_IMPORT_X_ADDR_PUT] =
	"INSERT OR REPLACE INTO mail_addrs (email, confirmed) VALUES (?1, ?2)",
	[DB_IMPORT_X_EVENTS_MAX] =
	"SELECT coalesce(max(id), 0) FROM mail_events",
	[DB_IMPORT_X_EVENTS_DROP] =
	"DELETE FROM mail_events WHERE id > ?1",
};
const int db_import_n = DB_IMPORT__MAX;

int
db_import_counts(struct db *db, struct db_counts *c)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_COUNTS)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->users = sqlite3_column_int64(st, 0);
		c->posts = sqlite3_column_int64(st, 1);
		c->comments = sqlite3_column_int64(st, 2);
		c->tags = sqlite3_column_int64(st, 3);
		c->redirects = sqlite3_column_int64(st, 4);
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		db_log(db, "counts");
		return -1;
	}
	return 0;
}

/* The integer of a one-row, one-column query binding text key; 0 for
   no row, -1 on error. */
static int64_t
id_of(struct db *db, int idx, const char *key, const char *what)
{
	sqlite3_stmt	*st;
	int64_t		 id;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) != NULL)
		db_bind_text(st, 1, key);
	return db_step_int(db, st, &id, what) == -1 ? -1 : id;
}

int64_t
db_import_post_by_key(struct db *db, const char *key)
{
	return id_of(db, DB_IMPORT_POST_BY_KEY, key, "post by import key");
}

int64_t
db_import_comment_by_key(struct db *db, const char *key)
{
	return id_of(db, DB_IMPORT_COMMENT_BY_KEY, key,
	    "comment by import key");
}

/* Step a statement without results: 0 or -1 (logged). */
static int
run(struct db *db, sqlite3_stmt *st, const char *what)
{
	int	 rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return 0;
}

int64_t
db_import_tag(struct db *db, const char *slug, const char *name,
    const char *description)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_TAG_PUT)) != NULL) {
		db_bind_text(st, 1, name);
		db_bind_text(st, 2, slug);
		db_bind_text(st, 3, description ? description : "");
	}
	if (run(db, st, "tag") == -1)
		return -1;
	return id_of(db, DB_IMPORT_TAG_ID, slug, "tag id");
}

int
db_import_tag_link(struct db *db, int64_t post_id, int64_t tag_id)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_TAG_LINK)) != NULL) {
		db_bind_int(st, 1, post_id);
		db_bind_int(st, 2, tag_id);
	}
	return run(db, st, "link tag");
}

int
db_import_fts_tags(struct db *db, int64_t post_id, const char *tags)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FTS_TAGS)) != NULL) {
		db_bind_int(st, 1, post_id);
		db_bind_text(st, 2, tags);
	}
	return run(db, st, "index tags");
}

/* Step an attachment query (bound): 1 with *a, 0, or -1 (logged). */
static int
att_row(struct db *db, sqlite3_stmt *st, struct db_attachment *a)
{
	int	 rc;

	memset(a, 0, sizeof(*a));
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a->id = sqlite3_column_int64(st, 0);
		a->media_id = sqlite3_column_int64(st, 1);
		a->file_id = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "attachment");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* An attachment query of one text argument. */
static int
att_by(struct db *db, int idx, const char *v, struct db_attachment *a)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) != NULL)
		db_bind_text(st, 1, v);
	return att_row(db, st, a);
}

int
db_import_att_by_key(struct db *db, const char *key, struct db_attachment *a)
{
	return att_by(db, DB_IMPORT_ATT_BY_KEY, key, a);
}

int
db_import_att_by_wpid(struct db *db, const char *site, const char *id,
    struct db_attachment *a)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_ATT_BY_WPID)) != NULL) {
		db_bind_text(st, 1, site);
		db_bind_text(st, 2, id);
	}
	return att_row(db, st, a);
}

int
db_import_att_by_page(struct db *db, const char *page,
    struct db_attachment *a)
{
	return att_by(db, DB_IMPORT_ATT_BY_PAGE, page, a);
}

int
db_import_upload(struct db *db, const char *path, struct db_attachment *a)
{
	return att_by(db, DB_IMPORT_UPLOAD_GET, path, a);
}

int
db_import_file(struct db *db, struct arena *ar, int64_t id,
    const char **name, const char **type)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FILE_GET)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*name = db_col_text(ar, st, 0);
		*type = db_col_text(ar, st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "file");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
db_import_file_by_name(struct db *db, struct arena *ar, const char *name,
    const char **type)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FILE_BY_NAME)) == NULL)
		return -1;
	db_bind_text(st, 1, name);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*type = db_col_text(ar, st, 0);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "file by name");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
db_import_recount(struct db *db)
{
	if (run(db, db_stmt(db, DBF_IMPORT, DB_IMPORT_TAG_RECOUNT_ALL),
	    "recount tags") == -1)
		return -1;
	return run(db, db_stmt(db, DBF_IMPORT, DB_IMPORT_COMMENT_RECOUNT_ALL),
	    "recount comments");
}
