/* db_comment.c: statements on comments, and typed reads and writes. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_comment.h"
#include "db_post.h"
#include "model.h"

#define COLS "c.id, c.post_id, c.parent_id, c.depth, c.type, c.status, " \
	"c.author_name, c.author_email, c.author_url, c.user_id, c.created, " \
	"c.body_html, c.path"

const char *const db_comment_sql[DB_COMMENT__MAX] = {
	/* DB_COMMENT_THREAD */
	"SELECT " COLS " FROM comments c WHERE c.post_id = ?1 "
	"AND c.status = 'approved' ORDER BY c.path",
	/* DB_COMMENT_BY_ID */
	"SELECT " COLS " FROM comments c WHERE c.id = ?1",
	/* DB_COMMENT_INSERT */
	"INSERT INTO comments (post_id, parent_id, depth, type, status, "
	"author_name, author_email, author_url, author_addr, author_agent, "
	"user_id, created, body_md, body_html, fingerprint, import_key) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	"?15, ?16)",
	/* DB_COMMENT_SET_PATH */
	"UPDATE comments SET path = ?2 WHERE id = ?1",
};
const int db_comment_n = DB_COMMENT__MAX;

static void
row(struct arena *a, sqlite3_stmt *st, struct comment *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->post_id = sqlite3_column_int64(st, 1);
	c->parent_id = sqlite3_column_int64(st, 2);
	c->depth = sqlite3_column_int(st, 3);
	c->type = db_col_text(a, st, 4);
	c->status = db_col_text(a, st, 5);
	c->author_name = db_col_text(a, st, 6);
	c->author_email = db_col_text(a, st, 7);
	c->author_url = db_col_text(a, st, 8);
	c->user_id = sqlite3_column_int64(st, 9);
	c->created = sqlite3_column_int64(st, 10);
	c->body_html = db_col_text(a, st, 11);
	c->path = db_col_text(a, st, 12);
}

int
db_comment_thread(struct db *db, struct arena *a, int64_t post_id,
    struct comment **out, int *n)
{
	sqlite3_stmt	*st;
	struct comment	*v, *nv;
	int		 cap = 16, rc;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_THREAD)) == NULL)
		return -1;
	db_bind_int(st, 1, post_id);
	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			nv = arena_alloc(a, sizeof(*v) * (size_t)cap * 2);
			memcpy(nv, v, sizeof(*v) * (size_t)cap);
			v = nv;
			cap *= 2;
		}
		row(a, st, &v[(*n)++]);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "comment thread");
		return -1;
	}
	*out = v;
	return 0;
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
		row(a, st, c);
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
	char		*path;
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
	db_bind_text(st, 5, c->status);
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
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto out;
	id = sqlite3_last_insert_rowid(db->h);
	path = ppath != NULL ? arena_printf(&a, "%s.%010lld", ppath,
	    (long long)id) : arena_printf(&a, "%010lld", (long long)id);
	if ((st = db_stmt(db, DBF_COMMENT, DB_COMMENT_SET_PATH)) == NULL)
		goto fail;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, path);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if ((st = db_stmt(db, DBF_POST, DB_POST_RECOUNT_COMMENTS)) == NULL)
		goto fail;
	db_bind_int(st, 1, c->post_id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	goto out;
fail:
	id = -1;
out:
	if (id == -1)
		db_log(db, "add comment");
	arena_free(&a);
	return id;
}
