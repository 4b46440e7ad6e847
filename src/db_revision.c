/* db_revision.c: statements on revisions, held forms, post passwords and
   shared drafts. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_revision.h"

#define LCOLS "r.id, r.post_id, coalesce(r.author_id, 0), " \
	"coalesce(u.name, ''), r.created, r.kind, r.status, r.title"
#define FCOLS LCOLS ", r.body, r.html, r.tags, r.excerpt"
#define RFROM " FROM revisions r LEFT JOIN users u ON u.id = r.author_id "
/* The newest save, restore or import of post ?1 (no row: none), walking
   the index back from the end: no more rows read than the autosaves and
   conflicts since. */
#define STORED "SELECT id FROM revisions WHERE post_id = ?1 AND kind IN " \
	"('save', 'restore', 'import') ORDER BY id DESC LIMIT 1"

const char *const db_revision_sql[DB_REVISION__MAX] = {
	[DB_REV_INSERT] =
	"INSERT INTO revisions (post_id, author_id, created, kind, status, "
	"title, body, html, tags, excerpt) VALUES (?1, nullif(?2, 0), ?3, ?4, "
	"?5, ?6, ?7, ?8, ?9, ?10)",
	[DB_REV_GET] =
	"SELECT " FCOLS RFROM "WHERE r.id = ?1",
	/* The page's ids from the covering index (post_id, id) alone, so a
	   deep OFFSET skips index entries, not rows and their authors. */
	[DB_REV_LIST] =
	"SELECT " LCOLS RFROM "WHERE r.id IN (SELECT id FROM revisions "
	"WHERE post_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3) "
	"ORDER BY r.id DESC",
	[DB_REV_COUNT] =
	"SELECT count(*) FROM revisions WHERE post_id = ?1",
	[DB_REV_STORED] = STORED,
	[DB_REV_AUTOSAVE] =
	"SELECT id, created FROM revisions WHERE post_id = ?1 AND "
	"author_id = ?2 AND kind = 'autosave' ORDER BY id DESC LIMIT 1",
	[DB_REV_DROP_AUTOSAVES] =
	"DELETE FROM revisions WHERE post_id = ?1 AND author_id = ?2 AND "
	"kind = 'autosave'",
	[DB_REV_PRUNE] =
	"DELETE FROM revisions WHERE post_id = ?1 AND status <> 'published' "
	"AND id NOT IN (SELECT id FROM revisions WHERE post_id = ?1 "
	"ORDER BY id DESC LIMIT ?2) AND id NOT IN (" STORED ")",
	/* The JSON export's (export.c): every revision, the author by
	   login; every post password. */
	[DB_REV_EXPORT] =
	"SELECT r.post_id, u.login, r.created, r.kind, r.status, r.title, "
	"r.body, r.html, r.tags, r.excerpt FROM revisions r LEFT JOIN users u "
	"ON u.id = r.author_id ORDER BY r.post_id, r.id",
	[DB_PW_EXPORT] =
	"SELECT id, password FROM posts WHERE password <> '' ORDER BY id",
	[DB_HELD_INSERT] =
	"INSERT INTO held_forms (hash, user_id, path, form, created) "
	"VALUES (?1, nullif(?2, 0), ?3, ?4, ?5)",
	[DB_HELD_BY_HASH] =
	"SELECT id, coalesce(user_id, 0), path, form, created, claimed "
	"FROM held_forms WHERE hash = ?1",
	[DB_HELD_CLAIM] =
	"UPDATE held_forms SET user_id = ?2, claimed = 1 WHERE id = ?1",
	[DB_HELD_DELETE] =
	"DELETE FROM held_forms WHERE id = ?1",
	[DB_HELD_PRUNE] =
	"DELETE FROM held_forms WHERE created < ?1",
	[DB_POST_PW_SET] =
	"UPDATE posts SET password = ?2 WHERE id = ?1",
	[DB_POST_PW_GET] =
	"SELECT password FROM posts WHERE id = ?1",
	[DB_PREVIEW_SET] =
	"UPDATE posts SET preview_nonce = ?2, preview_expires = ?3 "
	"WHERE id = ?1",
	[DB_PREVIEW_GET] =
	"SELECT preview_nonce, preview_expires FROM posts WHERE id = ?1",
};
const int db_revision_n = DB_REVISION__MAX;

static void
rev_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct revision	*v = item;

	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(st, 0);
	v->post_id = sqlite3_column_int64(st, 1);
	v->author_id = sqlite3_column_int64(st, 2);
	v->author_name = db_col_text(a, st, 3);
	v->created = sqlite3_column_int64(st, 4);
	v->kind = db_col_text(a, st, 5);
	v->status = db_col_text(a, st, 6);
	v->title = db_col_text(a, st, 7);
	if (sqlite3_column_count(st) > 8) {
		v->body = db_col_text(a, st, 8);
		v->html = sqlite3_column_int(st, 9);
		v->tags = db_col_text(a, st, 10);
		v->excerpt = db_col_text(a, st, 11);
	}
}

int64_t
db_rev_insert(struct db *db, const struct revision *v)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, DB_REV_INSERT)) == NULL)
		return -1;
	db_bind_int(st, 1, v->post_id);
	db_bind_int(st, 2, v->author_id);
	db_bind_int(st, 3, v->created);
	db_bind_text(st, 4, v->kind);
	db_bind_text(st, 5, v->status);
	db_bind_text(st, 6, v->title);
	db_bind_text(st, 7, v->body);
	db_bind_int(st, 8, v->html);
	db_bind_text(st, 9, v->tags);
	db_bind_text(st, 10, v->excerpt);
	if (db_step_write(db, st, "new revision") == -1)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

int
db_rev_get(struct db *db, struct arena *a, int64_t id, struct revision *v)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_REVISION, DB_REV_GET)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rev_row(a, st, v);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "revision");
	return -1;
}

int
db_rev_list(struct db *db, struct arena *a, int64_t post_id, int limit,
    int offset, struct revision **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, DB_REV_LIST)) != NULL) {
		db_bind_int(st, 1, post_id);
		db_bind_int(st, 2, limit);
		db_bind_int(st, 3, offset);
	}
	return db_rows(db, a, st, sizeof(**out), limit > 0 ? limit : 1,
	    rev_row, (void **)out, n, "revisions");
}

static int64_t
one_int(struct db *db, int idx, int64_t a, int64_t b, const char *what)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_REVISION, idx)) != NULL) {
		db_bind_int(st, 1, a);
		if (sqlite3_bind_parameter_count(st) > 1)
			db_bind_int(st, 2, b);
	}
	return db_step_int(db, st, &v, what) == -1 ? -1 : v;
}

int64_t
db_rev_count(struct db *db, int64_t post_id)
{
	return one_int(db, DB_REV_COUNT, post_id, 0, "count revisions");
}

int64_t
db_rev_stored(struct db *db, int64_t post_id)
{
	return one_int(db, DB_REV_STORED, post_id, 0, "stored revision");
}

int
db_rev_autosave(struct db *db, int64_t post_id, int64_t user_id,
    struct revision *v)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(v, 0, sizeof(*v));
	if ((st = db_stmt(db, DBF_REVISION, DB_REV_AUTOSAVE)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, user_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v->id = sqlite3_column_int64(st, 0);
		v->created = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "autosave");
	return -1;
}

static int
write2(struct db *db, int idx, int64_t a, int64_t b, const char *what)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, idx)) == NULL)
		return -1;
	db_bind_int(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		db_bind_int(st, 2, b);
	return db_step_write(db, st, what) == -1 ? -1 : 0;
}

int
db_rev_drop_autosaves(struct db *db, int64_t post_id, int64_t user_id)
{
	return write2(db, DB_REV_DROP_AUTOSAVES, post_id, user_id,
	    "drop autosaves");
}

int
db_rev_prune(struct db *db, int64_t post_id, int keep)
{
	return write2(db, DB_REV_PRUNE, post_id, keep, "prune revisions");
}

int
db_held_insert(struct db *db, const unsigned char hash[32], int64_t user_id,
    const char *path, const char *form, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, DB_HELD_INSERT)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, path);
	db_bind_text(st, 4, form);
	db_bind_int(st, 5, now);
	return db_step_write(db, st, "hold form") == -1 ? -1 : 0;
}

int
db_held_by_hash(struct db *db, struct arena *a, const unsigned char hash[32],
    struct held_form *h)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_REVISION, DB_HELD_BY_HASH)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->id = sqlite3_column_int64(st, 0);
		h->user_id = sqlite3_column_int64(st, 1);
		h->path = db_col_text(a, st, 2);
		h->form = db_col_text(a, st, 3);
		h->created = sqlite3_column_int64(st, 4);
		h->claimed = sqlite3_column_int(st, 5);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "held form");
	return -1;
}

int
db_held_claim(struct db *db, int64_t id, int64_t user_id)
{
	return write2(db, DB_HELD_CLAIM, id, user_id, "claim held form");
}

int
db_held_delete(struct db *db, int64_t id)
{
	return write2(db, DB_HELD_DELETE, id, 0, "delete held form");
}

int
db_held_prune(struct db *db, int64_t before)
{
	return write2(db, DB_HELD_PRUNE, before, 0, "prune held forms");
}

int
db_post_pw_set(struct db *db, int64_t post_id, const char *pw)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, DB_POST_PW_SET)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, pw);
	return db_step_write(db, st, "post password") == -1 ? -1 : 0;
}

const char *
db_post_pw_get(struct db *db, struct arena *a, int64_t post_id)
{
	sqlite3_stmt	*st;
	const char	*pw = NULL;
	int		 rc;

	if ((st = db_stmt(db, DBF_REVISION, DB_POST_PW_GET)) == NULL)
		return NULL;
	db_bind_int(st, 1, post_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		pw = db_col_text(a, st, 0);
	else if (rc == SQLITE_DONE)
		pw = "";
	else
		db_log(db, "post password");
	db_done(st);
	return pw;
}

int
db_preview_set(struct db *db, int64_t post_id, const char *nonce,
    int64_t expires)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_REVISION, DB_PREVIEW_SET)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_text(st, 2, nonce);
	db_bind_int(st, 3, expires);
	return db_step_write(db, st, "share draft") == -1 ? -1 : 0;
}

int
db_preview_get(struct db *db, struct arena *a, int64_t post_id,
    const char **nonce, int64_t *expires)
{
	sqlite3_stmt	*st;
	int		 rc;

	*nonce = NULL;
	*expires = 0;
	if ((st = db_stmt(db, DBF_REVISION, DB_PREVIEW_GET)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			*nonce = db_col_text(a, st, 0);
		*expires = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "shared draft");
	return -1;
}
