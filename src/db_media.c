/* db_media.c: statements on photos, their files and their uses. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_media.h"
#include "media.h"

const char *const db_media_sql[DB_MEDIA__MAX] = {
	/* DB_MEDIA_BY_HASH */
	"SELECT id, state = 'pending' FROM media WHERE hash = ?1",
	/* DB_MEDIA_BY_NAME */
	"SELECT id FROM media WHERE name = ?1 AND state = 'ready'",
	/* DB_MEDIA_GET */
	"SELECT id, hash, name, original_name, format, width, height, "
	"bytes, alt, caption, has_alpha, animated, created FROM media "
	"WHERE id = ?1 AND state = 'ready'",
	/* DB_MEDIA_VARIANTS */
	"SELECT format, width, height, file, bytes FROM media_variants "
	"WHERE media_id = ?1 ORDER BY format, width DESC",
	/* DB_MEDIA_INSERT */
	"INSERT INTO media (hash, name, original_name, format, width, "
	"height, bytes, alt, has_alpha, animated, user_id, created, state) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	"'pending')",
	/* DB_MEDIA_VARIANT_INSERT */
	"INSERT INTO media_variants (media_id, format, width, height, file, "
	"bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* DB_MEDIA_READY */
	"UPDATE media SET state = 'ready' WHERE id = ?1",
	/* DB_MEDIA_DELETE */
	"DELETE FROM media WHERE id = ?1",
	/* DB_MEDIA_PENDING */
	"SELECT id FROM media WHERE state = 'pending'",
	/* DB_MEDIA_LIST */
	"SELECT m.id, m.width, m.height, m.bytes, (SELECT group_concat("
	"u.post_id, ',') FROM media_uses u WHERE u.media_id = m.id) "
	"FROM media m WHERE m.state = 'ready' ORDER BY m.id",
	/* DB_MEDIA_USES_CLEAR */
	"DELETE FROM media_uses WHERE post_id = ?1",
	/* DB_MEDIA_USES_ADD */
	"INSERT OR IGNORE INTO media_uses (post_id, media_id) VALUES (?1, ?2)",
	/* DB_MEDIA_ALL_FILES */
	"SELECT v.file FROM media_variants v JOIN media m ON m.id = "
	"v.media_id WHERE m.state = 'ready' UNION ALL SELECT name FROM files "
	"WHERE state = 'ready' ORDER BY 1",
	/* DB_MEDIA_PAGE */
	"SELECT id FROM media WHERE state = 'ready' AND (?1 = 0 OR "
	"user_id = ?1) ORDER BY id DESC LIMIT ?2 OFFSET ?3",
	/* DB_MEDIA_COUNT */
	"SELECT count(*) FROM media WHERE state = 'ready' AND (?1 = 0 OR "
	"user_id = ?1)",
	/* DB_MEDIA_OWNER */
	"SELECT coalesce(user_id, 0) FROM media WHERE id = ?1 AND "
	"state = 'ready'",
	/* DB_MEDIA_USED_BY */
	"SELECT id, title, status FROM posts WHERE featured_id = ?1 UNION "
	"SELECT p.id, p.title, p.status FROM media_uses u JOIN posts p ON "
	"p.id = u.post_id WHERE u.media_id = ?1 ORDER BY 1",
	/* DB_MEDIA_SET_TEXT */
	"UPDATE media SET alt = ?2, caption = ?3 WHERE id = ?1",
	/* DB_MEDIA_UNREADY */
	"UPDATE media SET state = 'pending' WHERE id = ?1",
	/* DB_MEDIA_SET_FEATURED */
	"UPDATE posts SET featured_id = ?2 WHERE id = ?1",
	/* DB_MEDIA_POST_HTML */
	"UPDATE posts SET body_html = ?2 WHERE id = ?1",
	/* DB_MEDIA_OF_POST */
	"SELECT id FROM media WHERE state = 'ready' AND (id IN (SELECT "
	"media_id FROM media_uses WHERE post_id = ?1) OR id = (SELECT "
	"featured_id FROM posts WHERE id = ?1) OR (?2 > 0 AND user_id = ?2)) "
	"ORDER BY id IN (SELECT media_id FROM media_uses WHERE post_id = ?1) "
	"DESC, id DESC LIMIT ?3",
};
const int db_media_n = DB_MEDIA__MAX;

/* The variants of photo m->id into m->v. 0 or -1. */
static int
variants(struct db *db, struct arena *a, struct media *m)
{
	sqlite3_stmt	*st;
	int		 cap = 16, rc;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_VARIANTS)) == NULL)
		return -1;
	db_bind_int(st, 1, m->id);
	m->v = arena_alloc(a, sizeof(*m->v) * (size_t)cap);
	m->nv = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->v = arena_grow(a, m->v, sizeof(*m->v), m->nv, &cap);
		m->v[m->nv].format = db_col_text(a, st, 0);
		m->v[m->nv].width = sqlite3_column_int(st, 1);
		m->v[m->nv].height = sqlite3_column_int(st, 2);
		m->v[m->nv].file = db_col_text(a, st, 3);
		m->v[m->nv].bytes = sqlite3_column_int64(st, 4);
		m->nv++;
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media variants");
		return -1;
	}
	return 0;
}

int
db_media_get(struct db *db, struct arena *a, int64_t id, struct media *m)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(m, 0, sizeof(*m));
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_GET)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		db_done(st);
		if (rc == SQLITE_DONE)
			return 0;
		db_log(db, "media get");
		return -1;
	}
	m->id = sqlite3_column_int64(st, 0);
	m->hash = db_col_text(a, st, 1);
	m->name = db_col_text(a, st, 2);
	m->original_name = db_col_text(a, st, 3);
	m->format = db_col_text(a, st, 4);
	m->width = sqlite3_column_int(st, 5);
	m->height = sqlite3_column_int(st, 6);
	m->bytes = sqlite3_column_int64(st, 7);
	m->alt = db_col_text(a, st, 8);
	m->caption = db_col_text(a, st, 9);
	m->has_alpha = sqlite3_column_int(st, 10);
	m->animated = sqlite3_column_int(st, 11);
	m->created = sqlite3_column_int64(st, 12);
	db_done(st);
	return variants(db, a, m) == -1 ? -1 : 1;
}

int64_t
db_media_by_name(struct db *db, const char *name)
{
	sqlite3_stmt	*st;
	int64_t		 id;

	st = db_stmt(db, DBF_MEDIA, DB_MEDIA_BY_NAME);
	if (st != NULL)
		db_bind_text(st, 1, name);
	if (db_step_int(db, st, &id, "media by name") == -1)
		return -1;
	return id;
}

int
db_media_by_url(struct db *db, struct arena *a, const char *url,
    struct media *m)
{
	char		 name[3 + MEDIA_NAME_HEX + 1];
	int64_t		 id = 0;
	size_t		 i, n;

	memset(m, 0, sizeof(*m));
	if (strncmp(url, "/media/", 7) != 0)
		return 0;
	url += 7;
	for (n = 0; url[n] >= '0' && url[n] <= '9'; n++)
		id = id * 10 + (url[n] - '0');
	if (n > 0 && n < 16 && url[n] == '\0' && url[0] != '0')
		return db_media_get(db, a, id, m);
	n = 3 + MEDIA_NAME_HEX;
	if (strlen(url) < n || (url[n] != '\0' && url[n] != '-') ||
	    url[2] != '/' || memcmp(url, url + 3, 2) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (i != 2 && !((url[i] >= '0' && url[i] <= '9') ||
		    (url[i] >= 'a' && url[i] <= 'f')))
			return 0;
	memcpy(name, url, n);
	name[n] = '\0';
	if ((id = db_media_by_name(db, name)) <= 0)
		return (int)id;
	return db_media_get(db, a, id, m);
}

int64_t
db_media_by_hash(struct db *db, const char *hash, int *pending)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;
	int		 rc;

	*pending = 0;
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_BY_HASH)) == NULL)
		return -1;
	db_bind_text(st, 1, hash);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*pending = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "media by hash");
		return -1;
	}
	return id;
}

int64_t
db_media_insert(struct db *db, const struct media *m, int64_t user_id)
{
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 i;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_INSERT)) == NULL)
		return -1;
	db_bind_text(st, 1, m->hash);
	db_bind_text(st, 2, m->name);
	db_bind_text(st, 3, m->original_name ? m->original_name : "");
	db_bind_text(st, 4, m->format);
	db_bind_int(st, 5, m->width);
	db_bind_int(st, 6, m->height);
	db_bind_int(st, 7, m->bytes);
	db_bind_text(st, 8, m->alt ? m->alt : "");
	db_bind_int(st, 9, m->has_alpha);
	db_bind_int(st, 10, m->animated);
	if (user_id > 0)
		db_bind_int(st, 11, user_id);
	db_bind_int(st, 12, m->created);
	if (db_step_write(db, st, "media insert") == -1)
		return -1;
	id = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < m->nv; i++) {
		st = db_stmt(db, DBF_MEDIA, DB_MEDIA_VARIANT_INSERT);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, m->v[i].format);
		db_bind_int(st, 3, m->v[i].width);
		db_bind_int(st, 4, m->v[i].height);
		db_bind_text(st, 5, m->v[i].file);
		db_bind_int(st, 6, m->v[i].bytes);
		if (db_step_write(db, st, "media variant insert") == -1)
			return -1;
	}
	return id;
}

/* Run statement idx with id bound: 0 or -1. */
static int
by_id(struct db *db, int idx, int64_t id, const char *what)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MEDIA, idx)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return db_step_write(db, st, what) == -1 ? -1 : 0;
}

int
db_media_ready(struct db *db, int64_t id)
{
	return by_id(db, DB_MEDIA_READY, id, "media ready");
}

int
db_media_delete(struct db *db, int64_t id)
{
	return by_id(db, DB_MEDIA_DELETE, id, "media delete");
}

int
db_media_files(struct db *db, struct arena *a, int64_t id,
    const char ***files)
{
	struct media	 m = { 0 };
	int		 i;

	m.id = id;
	if (variants(db, a, &m) == -1)
		return -1;
	*files = arena_alloc(a, sizeof(**files) * (size_t)(m.nv + 1));
	for (i = 0; i < m.nv; i++)
		(*files)[i] = m.v[i].file;
	return m.nv;
}

int
db_media_pending(struct db *db, struct arena *a, int64_t **ids)
{
	sqlite3_stmt	*st;
	int		 n = 0, cap = 16, rc;

	*ids = arena_alloc(a, sizeof(**ids) * (size_t)cap);
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_PENDING)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, sizeof(**ids), n, &cap);
		(*ids)[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media pending");
		return -1;
	}
	return n;
}

int
db_media_set_uses(struct db *db, int64_t post_id, const int64_t *ids, int n)
{
	sqlite3_stmt	*st;
	int		 i;

	if (by_id(db, DB_MEDIA_USES_CLEAR, post_id, "media uses") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_USES_ADD)) == NULL)
			return -1;
		db_bind_int(st, 1, post_id);
		db_bind_int(st, 2, ids[i]);
		if (db_step_write(db, st, "media uses") == -1)
			return -1;
	}
	return 0;
}

int
db_media_page(struct db *db, struct arena *a, int64_t user_id, int limit,
    int offset, int64_t **ids)
{
	sqlite3_stmt	*st;
	int		 n = 0, cap = 16, rc;

	*ids = arena_alloc(a, sizeof(**ids) * (size_t)cap);
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_PAGE)) == NULL)
		return -1;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, sizeof(**ids), n, &cap);
		(*ids)[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media page");
		return -1;
	}
	return n;
}

int64_t
db_media_count(struct db *db, int64_t user_id)
{
	sqlite3_stmt	*st;
	int64_t		 n;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_COUNT)) != NULL)
		db_bind_int(st, 1, user_id);
	if (db_step_int(db, st, &n, "media count") == -1)
		return -1;
	return n;
}

int64_t
db_media_owner(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	int64_t		 uid = -2;
	int		 rc;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_OWNER)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		uid = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "media owner");
		return -1;
	}
	return uid;
}

int
db_media_used_by(struct db *db, struct arena *a, int64_t id,
    struct media_use **u)
{
	sqlite3_stmt	*st;
	int		 n = 0, cap = 8, rc;

	*u = arena_alloc(a, sizeof(**u) * (size_t)cap);
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_USED_BY)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*u = arena_grow(a, *u, sizeof(**u), n, &cap);
		(*u)[n].post_id = sqlite3_column_int64(st, 0);
		(*u)[n].title = db_col_text(a, st, 1);
		(*u)[n].status = db_col_text(a, st, 2);
		n++;
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media used by");
		return -1;
	}
	return n;
}

int
db_media_set_text(struct db *db, int64_t id, const char *alt,
    const char *caption)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_SET_TEXT)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, alt);
	db_bind_text(st, 3, caption);
	return db_step_write(db, st, "media text") == -1 ? -1 : 0;
}

int
db_media_unready(struct db *db, int64_t id)
{
	return by_id(db, DB_MEDIA_UNREADY, id, "media unready");
}

int
db_media_set_featured(struct db *db, int64_t post_id, int64_t media_id)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_SET_FEATURED)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	if (media_id > 0)
		db_bind_int(st, 2, media_id);
	else
		sqlite3_bind_null(st, 2);
	return db_step_write(db, st, "post featured") == -1 ? -1 : 0;
}

int
db_media_post_html(struct db *db, int64_t post_id, const char *html)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_POST_HTML)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, html);
	return db_step_write(db, st, "post html") == -1 ? -1 : 0;
}

int
db_media_choices(struct db *db, struct arena *a, int64_t post_id,
    int64_t user_id, int limit, int64_t **ids)
{
	sqlite3_stmt	*st;
	int		 n = 0, cap = 16, rc;

	*ids = arena_alloc(a, sizeof(**ids) * (size_t)cap);
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_OF_POST)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, sizeof(**ids), n, &cap);
		(*ids)[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media choices");
		return -1;
	}
	return n;
}

int
db_media_all_files(struct db *db, struct arena *a, const char ***files)
{
	sqlite3_stmt	*st;
	int		 n = 0, cap = 64, rc;

	*files = arena_alloc(a, sizeof(**files) * (size_t)cap);
	if ((st = db_stmt(db, DBF_MEDIA, DB_MEDIA_ALL_FILES)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*files = arena_grow(a, *files, sizeof(**files), n, &cap);
		(*files)[n++] = db_col_text(a, st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "media files");
		return -1;
	}
	return n;
}
