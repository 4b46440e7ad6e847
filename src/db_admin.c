/* db_admin.c: the statements behind the admin pages' lists and counts,
   and typed reads and writes of them. */
#include <string.h>

#include "db.h"
#include "db_admin.h"
#include "db_comment.h"
#include "db_post.h"
#include "model.h"

/*
 * ?2 in the list statements is the author to restrict to (0: everyone),
 * so that an author's lists hold only their own posts and comments.
 */
const char *const db_admin_sql[DB_ADMIN__MAX] = {
	[DB_ADMIN_POST_COUNTS] =
	"SELECT status, count(*) FROM posts WHERE (?1 = 0 OR author_id = ?1) "
	"GROUP BY status",
	/* DB_ADMIN_POST_LIST: ?1 status ('' all but trash), ?2 author,
	   ?3 title words, ?4 limit, ?5 offset */
	[DB_ADMIN_POST_LIST] =
	"SELECT p.id, p.type, p.status, p.slug, p.title, p.published, "
	"p.updated, p.comment_count, u.name FROM posts p "
	"JOIN users u ON u.id = p.author_id "
	"WHERE (?1 = '' AND p.status <> 'trash' OR p.status = ?1) "
	"AND (?2 = 0 OR p.author_id = ?2) "
	"AND (?3 = '' OR p.title LIKE '%' || ?3 || '%' ESCAPE '\\') "
	"ORDER BY p.published DESC, p.id DESC LIMIT ?4 OFFSET ?5",
	[DB_ADMIN_POST_LIST_COUNT] =
	"SELECT count(*) FROM posts p "
	"WHERE (?1 = '' AND p.status <> 'trash' OR p.status = ?1) "
	"AND (?2 = 0 OR p.author_id = ?2) "
	"AND (?3 = '' OR p.title LIKE '%' || ?3 || '%' ESCAPE '\\')",
	[DB_ADMIN_COMMENT_COUNTS] =
	"SELECT c.status, count(*) FROM comments c JOIN posts p "
	"ON p.id = c.post_id WHERE (?1 = 0 OR p.author_id = ?1) "
	"GROUP BY c.status",
	/* DB_ADMIN_COMMENT_LIST: ?1 status, ?2 author, ?3 limit, ?4 offset */
	[DB_ADMIN_COMMENT_LIST] =
	"SELECT " DB_COMMENT_COLS ", p.slug, p.title, p.type, p.published, "
	"c.author_addr FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE c.status = ?1 AND (?2 = 0 OR p.author_id = ?2) "
	"ORDER BY c.created DESC, c.id DESC LIMIT ?3 OFFSET ?4",
	[DB_ADMIN_COMMENT_LIST_COUNT] =
	"SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE c.status = ?1 AND (?2 = 0 OR p.author_id = ?2)",
	[DB_ADMIN_COMMENT_SET_STATUS] =
	"UPDATE comments SET status = ?2 WHERE id = ?1",
	[DB_ADMIN_POST_SET_STATUS] =
	"UPDATE posts SET status = ?2, updated = ?3 WHERE id = ?1",
	[DB_ADMIN_POST_TRASH] =
	"UPDATE posts SET trashed_status = status, status = 'trash', "
	"updated = ?2 WHERE id = ?1 AND status <> 'trash'",
	[DB_ADMIN_POST_RESTORE] =
	"UPDATE posts SET status = coalesce(trashed_status, 'draft'), "
	"trashed_status = NULL, updated = ?2 WHERE id = ?1 AND status = 'trash'",
	[DB_ADMIN_POST_DELETE] =
	"DELETE FROM posts WHERE id = ?1 AND status = 'trash'",
	/* DB_ADMIN_REDIRECT_RETARGET: old links to ?1 now go to ?2 */
	[DB_ADMIN_REDIRECT_RETARGET] =
	"UPDATE redirects SET new_path = ?2 WHERE new_path = ?1",
	/* DB_ADMIN_REDIRECT_DROP: a path in use again is no redirect */
	[DB_ADMIN_REDIRECT_DROP] =
	"DELETE FROM redirects WHERE old_path = ?1",
	/* DB_ADMIN_TAG_LIST: also the tags without public posts; the last
	   column counts the posts of any status linked to the tag */
	[DB_ADMIN_TAG_LIST] =
	"SELECT t.id, t.name, t.slug, t.post_count, (SELECT count(*) FROM "
	"post_tags pt WHERE pt.tag_id = t.id) FROM tags t "
	"ORDER BY t.name COLLATE NOCASE, t.id",
	/* DB_ADMIN_REDIRECT_DROP_TO: old links to a path that is gone */
	[DB_ADMIN_REDIRECT_DROP_TO] =
	"DELETE FROM redirects WHERE new_path = ?1",
	/* DB_ADMIN_DRAFTS: ?1 author (0: everyone), ?2 limit; last changed
	   first */
	[DB_ADMIN_DRAFTS] =
	"SELECT id, type, title, updated FROM posts WHERE status = 'draft' "
	"AND (?1 = 0 OR author_id = ?1) ORDER BY updated DESC, id DESC "
	"LIMIT ?2",
};
const int db_admin_n = DB_ADMIN__MAX;

static void
count_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct admin_count	*c = item;

	c->status = db_col_text(a, st, 0);
	c->n = sqlite3_column_int64(st, 1);
}

static int
counts(struct db *db, struct arena *a, int idx, int64_t author,
    struct admin_count **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, idx)) != NULL)
		db_bind_int(st, 1, author);
	return db_rows(db, a, st, sizeof(**out), 8, count_row, (void **)out,
	    n, "status counts");
}

int
db_admin_post_counts(struct db *db, struct arena *a, int64_t author,
    struct admin_count **out, int *n)
{
	return counts(db, a, DB_ADMIN_POST_COUNTS, author, out, n);
}

int
db_admin_comment_counts(struct db *db, struct arena *a, int64_t author,
    struct admin_count **out, int *n)
{
	return counts(db, a, DB_ADMIN_COMMENT_COUNTS, author, out, n);
}

static void
post_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct post	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->type = db_col_text(a, st, 1);
	p->status = db_col_text(a, st, 2);
	p->slug = db_col_text(a, st, 3);
	p->title = db_col_text(a, st, 4);
	p->published = sqlite3_column_int64(st, 5);
	p->updated = sqlite3_column_int64(st, 6);
	p->comment_count = sqlite3_column_int(st, 7);
	p->author_name = db_col_text(a, st, 8);
}

int
db_admin_post_list(struct db *db, struct arena *a, const char *status,
    int64_t author, const char *like, int limit, int offset,
    struct post **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_POST_LIST)) != NULL) {
		db_bind_text(st, 1, status);
		db_bind_int(st, 2, author);
		db_bind_text(st, 3, like);
		db_bind_int(st, 4, limit);
		db_bind_int(st, 5, offset);
	}
	return db_rows(db, a, st, sizeof(**out), limit > 0 ? limit : 1,
	    post_row, (void **)out, n, "admin posts");
}

int64_t
db_admin_post_list_count(struct db *db, const char *status, int64_t author,
    const char *like)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_POST_LIST_COUNT)) != NULL) {
		db_bind_text(st, 1, status);
		db_bind_int(st, 2, author);
		db_bind_text(st, 3, like);
	}
	return db_step_int(db, st, &v, "admin posts count") == -1 ? -1 : v;
}

static void
comment_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct admin_comment	*ac = item;
	struct comment		*c = &ac->c;

	memset(ac, 0, sizeof(*ac));
	db_comment_row(a, st, c);
	c->post_slug = db_col_text(a, st, DB_COMMENT_NCOLS);
	c->post_title = db_col_text(a, st, DB_COMMENT_NCOLS + 1);
	c->post_type = db_col_text(a, st, DB_COMMENT_NCOLS + 2);
	c->post_published = sqlite3_column_int64(st, DB_COMMENT_NCOLS + 3);
	ac->addr = db_col_text(a, st, DB_COMMENT_NCOLS + 4);
}

int
db_admin_comment_list(struct db *db, struct arena *a,
    enum comment_status status, int64_t author, int limit, int offset,
    struct admin_comment **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_COMMENT_LIST)) != NULL) {
		db_bind_text(st, 1, comment_status_names[status]);
		db_bind_int(st, 2, author);
		db_bind_int(st, 3, limit);
		db_bind_int(st, 4, offset);
	}
	return db_rows(db, a, st, sizeof(**out), limit > 0 ? limit : 1,
	    comment_row, (void **)out, n, "admin comments");
}

int64_t
db_admin_comment_list_count(struct db *db, enum comment_status status,
    int64_t author)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_COMMENT_LIST_COUNT)) !=
	    NULL) {
		db_bind_text(st, 1, comment_status_names[status]);
		db_bind_int(st, 2, author);
	}
	return db_step_int(db, st, &v, "admin comments count") == -1 ? -1 :
	    v;
}

static void
draft_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct post	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->type = db_col_text(a, st, 1);
	p->title = db_col_text(a, st, 2);
	p->updated = sqlite3_column_int64(st, 3);
}

int
db_admin_drafts(struct db *db, struct arena *a, int64_t author, int limit,
    struct post **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_DRAFTS)) != NULL) {
		db_bind_int(st, 1, author);
		db_bind_int(st, 2, limit);
	}
	return db_rows(db, a, st, sizeof(**out), limit > 0 ? limit : 1,
	    draft_row, (void **)out, n, "drafts");
}

static void
tag_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct admin_tag	*t = item;

	memset(t, 0, sizeof(*t));
	t->tag.id = sqlite3_column_int64(st, 0);
	t->tag.name = db_col_text(a, st, 1);
	t->tag.slug = db_col_text(a, st, 2);
	t->tag.description = "";
	t->tag.post_count = sqlite3_column_int(st, 3);
	t->links = sqlite3_column_int(st, 4);
}

int
db_admin_tags(struct db *db, struct arena *a, struct admin_tag **out,
    int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_ADMIN, DB_ADMIN_TAG_LIST),
	    sizeof(**out), 32, tag_row, (void **)out, n, "admin tags");
}

int
db_admin_comment_set_status(struct db *db, int64_t id,
    enum comment_status status)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, DB_ADMIN_COMMENT_SET_STATUS)) ==
	    NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, comment_status_names[status]);
	return db_step_write(db, st, "comment status") == -1 ? -1 : 0;
}

int
db_admin_post_move(struct db *db, int64_t id, enum post_move m, int64_t now)
{
	static const int	 idx[POST_MOVE__MAX] = {
		[POST_MOVE_TRASH] = DB_ADMIN_POST_TRASH,
		[POST_MOVE_RESTORE] = DB_ADMIN_POST_RESTORE,
		[POST_MOVE_DELETE] = DB_ADMIN_POST_DELETE,
	};
	sqlite3_stmt		*st;

	if ((st = db_stmt(db, DBF_ADMIN, idx[m])) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (m != POST_MOVE_DELETE)
		db_bind_int(st, 2, now);
	if (db_step_write(db, st, "post status") == -1)
		return -1;
	if (m != POST_MOVE_DELETE)
		return 0;
	/* The post is gone; a search index row left behind finds nothing
	   (the search joins posts), so its failure is no failure. */
	if ((st = db_stmt(db, DBF_POST, DB_POST_FTS_DELETE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	(void)db_step_write(db, st, "post search index");
	return 0;
}

/* Step one redirects statement with a path (and a second one): 0, -1. */
static int
redirect(struct db *db, int idx, const char *a, const char *b)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_ADMIN, idx)) == NULL)
		return -1;
	db_bind_text(st, 1, a);
	if (b != NULL)
		db_bind_text(st, 2, b);
	return db_step_write(db, st, "redirects") == -1 ? -1 : 0;
}

int
db_admin_redirect_retarget(struct db *db, const char *from, const char *to)
{
	return redirect(db, DB_ADMIN_REDIRECT_RETARGET, from, to);
}

int
db_admin_redirect_drop(struct db *db, const char *old_path)
{
	return redirect(db, DB_ADMIN_REDIRECT_DROP, old_path, NULL);
}

int
db_admin_redirect_drop_to(struct db *db, const char *new_path)
{
	return redirect(db, DB_ADMIN_REDIRECT_DROP_TO, new_path, NULL);
}
