/* db_comment.c: statements on comments, and typed reads and writes. */
#include <stdio.h>
#include <string.h>

#include "antispam.h"
#include "arena.h"
#include "db.h"
#include "db_comment.h"
#include "db_post.h"
#include "model.h"

#define COLS DB_COMMENT_COLS

/* Never an id given before (sql/0006-trust.sql): the largest ever
   stored, or the largest there is (should a change have bypassed the
   trigger), plus one. */
#define NEXT_ID "(SELECT max(comment_last_id, (SELECT coalesce(max(id), " \
	"0) FROM comments)) + 1 FROM site_state)"

const char *const db_comment_sql[DB_COMMENT__MAX] = {
	[DB_COMMENT_THREAD] =
	"SELECT " COLS " FROM comments c WHERE c.post_id = ?1 "
	"AND c.status = 'approved' UNION ALL "
	"SELECT " COLS " FROM json_each(?2) j JOIN comments c "
	"ON c.id = j.value ->> 0 WHERE c.post_id = ?1 "
	"AND c.status IN ('pending', 'spam') "
	"AND lower(hex(c.edit_key)) = j.value ->> 1 ORDER BY 13",
	[DB_COMMENT_BY_ID] =
	"SELECT " COLS " FROM comments c WHERE c.id = ?1",
	/* DB_COMMENT_INSERT: the id chosen here (NEXT_ID), so that the
	   thread path, ?17 (the parent's path and a '.', or '') and the id,
	   is written with the row, not after it */
	[DB_COMMENT_INSERT] =
	"INSERT INTO comments (id, path, post_id, parent_id, depth, type, "
	"status, author_name, author_email, author_url, author_addr, "
	"author_agent, user_id, created, body_md, body_html, fingerprint, "
	"import_key, author_net, edit_key) VALUES (" NEXT_ID ", ?17 || "
	"printf('%010d', " NEXT_ID "), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	"?11, ?12, ?13, ?14, ?15, ?16, ?18, ?19)",
	[DB_COMMENT_NONCE_GET] =
	"SELECT comment_id FROM spent_nonces WHERE nonce = ?1",
	[DB_COMMENT_NONCE_PUT] =
	"INSERT INTO spent_nonces (nonce, spent, comment_id) "
	"VALUES (?1, ?2, ?3) ON CONFLICT (nonce) DO NOTHING",
	[DB_COMMENT_FINGERPRINT] =
	"SELECT fingerprint FROM comments WHERE id = ?1",
	[DB_COMMENT_LAST_BY_ADDR] =
	"SELECT max(created) FROM comments WHERE author_net = ?1",
	[DB_COMMENT_COUNT_FROM] =
	"SELECT count(*) FROM comments WHERE author_net = ?1 AND "
	"created >= ?2",
	[DB_COMMENT_LAST_BY_EMAIL] =
	"SELECT max(created) FROM comments WHERE author_email = ?1",
	/* DB_COMMENT_TRUSTED: an approved comment by the same name and
	   email, neither of them a user's (anyone can type an email) */
	[DB_COMMENT_TRUSTED] =
	"SELECT 1 FROM comments WHERE author_email = ?1 AND "
	"status = 'approved' AND author_name = ?2 AND user_id IS NULL "
	"AND NOT EXISTS (SELECT 1 FROM users WHERE lower(email) = "
	"lower(?1) AND email <> '') LIMIT 1",
	[DB_COMMENT_HAS_REPLIES] =
	"SELECT 1 FROM comments WHERE parent_id = ?1 LIMIT 1",
	[DB_COMMENT_UPDATE_BODY] =
	"UPDATE comments SET body_md = ?2, body_html = ?3, status = ?4 "
	"WHERE id = ?1",
	[DB_COMMENT_DELETE] =
	"DELETE FROM comments WHERE id = ?1",
	[DB_COMMENT_SOURCE] =
	"SELECT body_md FROM comments WHERE id = ?1",
	[DB_COMMENT_RECENT] =
	"SELECT " COLS ", p.slug, p.title, p.type, p.published "
	"FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE c.status = 'approved' AND p.status = 'published' AND ?1 = ?1 "
	"AND p.password = '' "
	"ORDER BY c.created DESC, c.id DESC LIMIT ?2",
	[DB_COMMENT_RECENT_POST] =
	"SELECT " COLS ", p.slug, p.title, p.type, p.published "
	"FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE c.post_id = ?1 AND c.status = 'approved' "
	"ORDER BY c.created DESC, c.id DESC LIMIT ?2",
	[DB_COMMENT_ADDR] =
	"SELECT author_addr FROM comments WHERE id = ?1",
};
const int db_comment_n = DB_COMMENT__MAX;

enum comment_status
db_comment_col_status(sqlite3_stmt *st, int i)
{
	enum comment_status	 s;

	if (comment_status_parse((const char *)sqlite3_column_text(st, i),
	    &s) == -1)
		return COMMENT_PENDING;
	return s;
}

void
db_comment_row(struct arena *a, sqlite3_stmt *st, struct comment *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->post_id = sqlite3_column_int64(st, 1);
	c->parent_id = sqlite3_column_int64(st, 2);
	c->depth = sqlite3_column_int(st, 3);
	c->type = db_col_text(a, st, 4);
	c->status = db_comment_col_status(st, 5);
	c->author_name = db_col_text(a, st, 6);
	c->author_email = db_col_text(a, st, 7);
	c->author_url = db_col_text(a, st, 8);
	c->user_id = sqlite3_column_int64(st, 9);
	c->created = sqlite3_column_int64(st, 10);
	c->body_html = db_col_text(a, st, 11);
	c->path = db_col_text(a, st, 12);
	c->edit_key = db_col_text(a, st, 13);
	c->moderated = sqlite3_column_int(st, 14);
}

static void
row_v(struct arena *a, sqlite3_stmt *st, void *c)
{
	db_comment_row(a, st, c);
}

int
db_comment_thread(struct db *db, struct arena *a, int64_t post_id,
    const char *own, struct comment **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_THREAD)) != NULL) {
		db_bind_int(st, 1, post_id);
		db_bind_text(st, 2, own != NULL ? own : "[]");
	}
	return db_rows(db, a, st, sizeof(**out), 16, row_v, (void **)out, n,
	    "comment thread");
}

/* by id, also returning the thread path in *path (arena). */
static int
by_id(struct db *db, struct arena *a, int64_t id, struct comment *c,
    const char **path)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_BY_ID)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_comment_row(a, st, c);
		if (path != NULL)
			*path = c->path;
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "comment");
	return -1;
}

int
db_comment_by_id(struct db *db, struct arena *a, int64_t id,
    struct comment *c)
{
	return by_id(db, a, id, c, NULL);
}

int64_t
db_comment_add(struct db *db, const struct comment *c,
    const struct comment_new *cn)
{
	struct arena	 a = { 0 };
	struct comment	 parent;
	sqlite3_stmt	*st;
	const char	*ppath = NULL;
	char		 net[LIMIT_KEY_MAX];
	int64_t		 id = -1;
	int		 rc;

	if (c->parent_id > 0 &&
	    by_id(db, &a, c->parent_id, &parent, &ppath) != 1)
		goto out;
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_INSERT)) == NULL)
		goto out;
	db_bind_int(st, 1, c->post_id);
	if (c->parent_id > 0)
		db_bind_int(st, 2, c->parent_id);
	db_bind_int(st, 3, c->parent_id > 0 ? parent.depth + 1 : 1);
	db_bind_text(st, 4, c->type ? c->type : "comment");
	db_bind_text(st, 5, comment_status_names[c->status]);
	db_bind_text(st, 6, c->author_name);
	db_bind_text(st, 7, c->author_email ? c->author_email : "");
	db_bind_text(st, 8, c->author_url ? c->author_url : "");
	db_bind_text(st, 9, cn->addr ? cn->addr : "");
	db_bind_text(st, 10, cn->agent ? cn->agent : "");
	if (c->user_id > 0)
		db_bind_int(st, 11, c->user_id);
	db_bind_int(st, 12, c->created);
	db_bind_text(st, 13, cn->body_md ? cn->body_md : "");
	db_bind_text(st, 14, c->body_html);
	if (cn->fingerprint != NULL)
		sqlite3_bind_blob(st, 15, cn->fingerprint,
		    (int)cn->fingerprint_len, SQLITE_STATIC);
	db_bind_text(st, 16, cn->import_key);
	db_bind_text(st, 17, ppath != NULL ? arena_printf(&a, "%s.", ppath) :
	    "");
	limit_key(cn->addr ? cn->addr : "", net, sizeof(net));
	db_bind_text(st, 18, net);
	if (cn->edit_key != NULL)
		sqlite3_bind_blob(st, 19, cn->edit_key, OWNER_KEY,
		    SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto out;
	id = sqlite3_last_insert_rowid(db->h);
out:
	if (id == -1)
		db_log(db, "add comment");
	arena_free(&a);
	return id;
}

int64_t
db_comment_by_nonce(struct db *db, const unsigned char *nonce, size_t len)
{
	sqlite3_stmt	*st;
	int64_t		 id;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_NONCE_GET)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, nonce, (int)len, SQLITE_STATIC);
	if (db_step_int(db, st, &id, "nonce") == -1)
		return -1;
	return id;
}

int
db_comment_spend_nonce(struct db *db, const unsigned char *nonce, size_t len,
    int64_t comment_id, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_NONCE_PUT)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, nonce, (int)len, SQLITE_STATIC);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, comment_id);
	if (db_step_write(db, st, "spend nonce") == -1)
		return -1;
	return sqlite3_changes(db->h) == 0;
}

int
db_comment_fingerprint_is(struct db *db, int64_t id, const unsigned char *fp,
    size_t len)
{
	sqlite3_stmt	*st;
	int		 rc, same = 0;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_FINGERPRINT)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = (size_t)sqlite3_column_bytes(st, 0) == len &&
		    memcmp(sqlite3_column_blob(st, 0), fp, len) == 0;
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return same;
}

int64_t
db_comment_last_from(struct db *db, const char *addr, const char *email)
{
	sqlite3_stmt	*st;
	char		 net[LIMIT_KEY_MAX];
	int64_t		 a = 0, e = 0;

	limit_key(addr, net, sizeof(net));
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_LAST_BY_ADDR)) != NULL)
		db_bind_text(st, 1, net);
	if (db_step_int(db, st, &a, "last comment") == -1)
		return -1;
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_LAST_BY_EMAIL)) != NULL)
		db_bind_text(st, 1, email);
	if (db_step_int(db, st, &e, "last comment") == -1)
		return -1;
	return a > e ? a : e;
}

int64_t
db_comment_count_from(struct db *db, const char *addr, int64_t since)
{
	sqlite3_stmt	*st;
	char		 net[LIMIT_KEY_MAX];
	int64_t		 n = 0;

	limit_key(addr, net, sizeof(net));
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_COUNT_FROM)) != NULL) {
		db_bind_text(st, 1, net);
		db_bind_int(st, 2, since);
	}
	return db_step_int(db, st, &n, "comments from") == -1 ? -1 : n;
}

int
db_comment_trusted(struct db *db, const char *name, const char *email)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_TRUSTED)) != NULL) {
		db_bind_text(st, 1, email);
		db_bind_text(st, 2, name);
	}
	return db_step_int(db, st, &v, "trusted");
}

int
db_comment_has_replies(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_HAS_REPLIES)) != NULL)
		db_bind_int(st, 1, id);
	return db_step_int(db, st, &v, "replies");
}

int
db_comment_set_body(struct db *db, int64_t id, const char *md,
    const char *html, enum comment_status status)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_UPDATE_BODY)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, md);
	db_bind_text(st, 3, html);
	db_bind_text(st, 4, comment_status_names[status]);
	if (db_step_write(db, st, "edit comment") == -1)
		return -1;
	return 0;
}

int
db_comment_delete(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_DELETE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	db_log(db, "delete comment");
	return -1;
}

const char *
db_comment_source(struct db *db, struct arena *a, int64_t id)
{
	sqlite3_stmt	*st;
	const char	*s = "";

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_SOURCE)) == NULL)
		return s;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_col_text(a, st, 0);
	db_done(st);
	return s;
}

const char *
db_comment_addr(struct db *db, struct arena *a, int64_t id)
{
	sqlite3_stmt	*st;
	const char	*s = "";

	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_ADDR)) == NULL)
		return s;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_col_text(a, st, 0);
	db_done(st);
	return s;
}

int
db_comment_recent(struct db *db, struct arena *a, int64_t post_id, int limit,
    struct comment **out, int *n)
{
	sqlite3_stmt	*st;
	struct comment	*v;
	int		 rc = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, DBF_COMMENT, post_id ? DB_COMMENT_RECENT_POST :
	    DB_COMMENT_RECENT);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	db_bind_int(st, 2, limit);
	v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_comment_row(a, st, &v[*n]);
		v[*n].post_slug = db_col_text(a, st, DB_COMMENT_NCOLS);
		v[*n].post_title = db_col_text(a, st, DB_COMMENT_NCOLS + 1);
		v[*n].post_type = db_col_text(a, st, DB_COMMENT_NCOLS + 2);
		v[*n].post_published = sqlite3_column_int64(st,
		    DB_COMMENT_NCOLS + 3);
		(*n)++;
	}
	if (*n == limit)
		rc = SQLITE_DONE;
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "recent comments");
		return -1;
	}
	*out = v;
	return 0;
}
