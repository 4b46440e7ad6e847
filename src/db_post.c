/* db_post.c: statements on posts, and typed reads of them. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_post.h"
#include "db_tag.h"
#include "model.h"
#include "post.h"

#define COLS "p.id, p.type, p.status, p.slug, p.title, p.published, " \
	"p.updated, p.body_html, p.summary, p.excerpt, p.comments_open, " \
	"p.comment_count, p.author_id, u.login, u.name, p.created, " \
	"p.featured_id, p.password"
#define FROM " FROM posts p JOIN users u ON u.id = p.author_id "
#define PUBLIC "p.type = 'post' AND p.status = 'published'"
#define ORDER " ORDER BY p.published DESC, p.id DESC LIMIT ?3 OFFSET ?4"
/*
 * The end of a list's page: its ids are chosen in a subquery that reads
 * only a covering index (posts_list, posts_author), so a deep OFFSET skips
 * index entries rather than whole rows; then the page's rows are read.
 */
#define PAGE " ORDER BY published DESC, id DESC LIMIT ?3 OFFSET ?4) " \
	"ORDER BY p.published DESC, p.id DESC"

const char *const db_post_sql[DB_POST__MAX] = {
	[DB_POST_BY_SLUG] =
	"SELECT " COLS ", p.body_md" FROM "WHERE p.slug = ?1",
	[DB_POST_BY_ID] =
	"SELECT " COLS ", p.body_md" FROM "WHERE p.id = ?1",
	[DB_POST_HOME] =
	"SELECT " COLS FROM "WHERE p.id IN (SELECT id FROM posts WHERE "
	"type = 'post' AND status = 'published' AND ?1 = ?1 AND ?2 = ?2" PAGE,
	/* DB_POST_HOME_COUNT: kept by triggers (0005-counts.sql) */
	[DB_POST_HOME_COUNT] =
	"SELECT public_posts FROM site_state WHERE id = 1 AND ?1 = ?1 "
	"AND ?2 = ?2",
	[DB_POST_TAG] =
	"SELECT " COLS " FROM post_tags pt JOIN posts p ON p.id = pt.post_id "
	"JOIN users u ON u.id = p.author_id WHERE pt.tag_id = ?1 AND ?2 = ?2 "
	"AND " PUBLIC ORDER,
	/* DB_POST_TAG_COUNT: kept by triggers (0005-counts.sql) */
	[DB_POST_TAG_COUNT] =
	"SELECT post_count FROM tags WHERE id = ?1 AND ?2 = ?2",
	[DB_POST_RANGE] =
	"SELECT " COLS FROM "WHERE p.id IN (SELECT id FROM posts WHERE "
	"type = 'post' AND status = 'published' AND published >= ?1 AND "
	"published < ?2" PAGE,
	[DB_POST_RANGE_COUNT] =
	"SELECT count(*) FROM posts p WHERE " PUBLIC
	" AND p.published >= ?1 AND p.published < ?2",
	[DB_POST_AUTHOR] =
	"SELECT " COLS FROM "WHERE p.id IN (SELECT id FROM posts WHERE "
	"author_id = ?1 AND ?2 = ?2 AND type = 'post' AND "
	"status = 'published'" PAGE,
	[DB_POST_AUTHOR_COUNT] =
	"SELECT count(*) FROM posts p WHERE p.author_id = ?1 AND ?2 = ?2 AND "
	PUBLIC,
	[DB_POST_PREV] =
	"SELECT p.id, p.slug, p.title, p.published FROM posts p WHERE "
	PUBLIC " AND (p.published < ?1 OR (p.published = ?1 AND p.id < ?2)) "
	"ORDER BY p.published DESC, p.id DESC LIMIT 1",
	[DB_POST_NEXT] =
	"SELECT p.id, p.slug, p.title, p.published FROM posts p WHERE "
	PUBLIC " AND (p.published > ?1 OR (p.published = ?1 AND p.id > ?2)) "
	"ORDER BY p.published ASC, p.id ASC LIMIT 1",
	[DB_POST_RECENT] =
	"SELECT p.id, p.slug, p.title, p.published FROM posts p WHERE "
	PUBLIC " ORDER BY p.published DESC, p.id DESC LIMIT ?1",
	[DB_POST_PAGES] =
	"SELECT p.id, p.slug, p.title, p.published FROM posts p WHERE "
	"p.type = 'page' AND p.status = 'published' "
	"ORDER BY p.published ASC, p.id ASC",
	[DB_POST_ALL] =
	"SELECT p.id, p.type, p.status, p.slug, p.title, p.published "
	"FROM posts p ORDER BY p.published DESC, p.id DESC",
	[DB_POST_INSERT] =
	"INSERT INTO posts (type, status, slug, title, author_id, published, "
	"created, updated, body_md, body_html, excerpt, summary, "
	"comments_open, sticky, import_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	"?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[DB_POST_UPDATE] =
	"UPDATE posts SET type = ?2, status = ?3, slug = ?4, title = ?5, "
	"author_id = ?6, published = ?7, updated = ?8, body_md = ?9, "
	"body_html = ?10, excerpt = ?11, summary = ?12, comments_open = ?13 "
	"WHERE id = ?1",
	[DB_POST_SLUG_TAKEN] =
	"SELECT id FROM posts WHERE slug = ?1 AND id <> ?2",
	[DB_POST_DUE] =
	"SELECT id FROM posts WHERE status = 'scheduled' AND published <= ?1",
	[DB_POST_NEXT_DUE] =
	"SELECT min(published) FROM posts WHERE status = 'scheduled'",
	[DB_POST_SET_STATUS] =
	"UPDATE posts SET status = ?2 WHERE id = ?1",
	[DB_POST_FTS_DELETE] =
	"DELETE FROM posts_fts WHERE rowid = ?1",
	[DB_POST_FTS_INSERT] =
	"INSERT INTO posts_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)",
	[DB_POST_SEARCH] =
	"SELECT " COLS ", highlight(posts_fts, 0, char(1), char(2)), "
	"snippet(posts_fts, 1, char(1), char(2), '\xe2\x80\xa6', 24) "
	"FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"JOIN users u ON u.id = p.author_id "
	"WHERE posts_fts MATCH ?1 AND posts_fts.rowid >= ?4 AND "
	"p.status = 'published' "
	"ORDER BY bm25(posts_fts, 10.0, 1.0, 4.0) LIMIT ?2 OFFSET ?3",
	[DB_POST_SEARCH_COUNT] =
	"SELECT count(*) FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"WHERE posts_fts MATCH ?1 AND posts_fts.rowid >= ?2 AND "
	"p.status = 'published'",
	/* DB_POST_SEARCH_FLOOR: the match after the newest ?2, if any */
	[DB_POST_SEARCH_FLOOR] =
	"SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1 "
	"ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
	[DB_POST_SITEMAP] =
	"SELECT p.id, p.slug, p.type, p.published, p.updated FROM posts p "
	"WHERE p.status = 'published' ORDER BY p.type DESC, p.published DESC",
};
const int db_post_n = DB_POST__MAX;

static void
row_full(struct arena *a, sqlite3_stmt *st, void *item)
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
	p->body_html = db_col_text(a, st, 7);
	p->summary = db_col_text(a, st, 8);
	p->excerpt = db_col_text(a, st, 9);
	p->comments_open = sqlite3_column_int(st, 10);
	p->comment_count = sqlite3_column_int(st, 11);
	p->author_id = sqlite3_column_int64(st, 12);
	p->author_login = db_col_text(a, st, 13);
	p->author_name = db_col_text(a, st, 14);
	p->created = sqlite3_column_int64(st, 15);
	p->featured_id = sqlite3_column_int64(st, 16);
	p->password = db_col_text(a, st, 17);
	if (sqlite3_column_count(st) > 18 &&
	    strcmp(sqlite3_column_name(st, 18), "body_md") == 0)
		p->body_md = db_col_text(a, st, 18);
	else if (*p->password != '\0') {
		/* A list (home, archives, feeds, search): a protected post
		   shows its title only, whoever reads (post.h). */
		p->body_html = POST_LOCKED_HTML;
		p->summary = POST_LOCKED_TEXT;
		p->excerpt = "";
	}
}

static void
row_brief(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct post	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->slug = db_col_text(a, st, 1);
	p->title = db_col_text(a, st, 2);
	p->published = sqlite3_column_int64(st, 3);
}

static int
one(struct db *db, struct arena *a, sqlite3_stmt *st, struct post *p)
{
	int	 rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_full(a, st, p);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "post");
	return -1;
}

int
db_post_by_slug(struct db *db, struct arena *a, const char *slug,
    struct post *p)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_POST, DB_POST_BY_SLUG)) == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	return one(db, a, st, p);
}

int
db_post_by_id(struct db *db, struct arena *a, int64_t id, int body_md,
    struct post *p)
{
	sqlite3_stmt	*st;
	int		 rc;

	(void)body_md;
	if ((st = db_stmt(db, DBF_POST, DB_POST_BY_ID)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = one(db, a, st, p);
	return rc;
}

/* Step st collecting rows into an arena array, with row() per row. */
static int
many(struct db *db, struct arena *a, sqlite3_stmt *st, int cap,
    void (*row)(struct arena *, sqlite3_stmt *, void *), struct post **out,
    int *n)
{
	return db_rows(db, a, st, sizeof(**out), cap, row, (void **)out, n,
	    "post list");
}

static const int list_stmt[LIST__MAX][2] = {
	{ DB_POST_HOME, DB_POST_HOME_COUNT },
	{ DB_POST_TAG, DB_POST_TAG_COUNT },
	{ DB_POST_RANGE, DB_POST_RANGE_COUNT },
	{ DB_POST_AUTHOR, DB_POST_AUTHOR_COUNT },
};

int
db_post_list(struct db *db, struct arena *a, enum post_list kind,
    int64_t ka, int64_t kb, int limit, int offset, struct post **out,
    int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_POST, list_stmt[kind][0])) == NULL)
		return -1;
	db_bind_int(st, 1, ka);
	db_bind_int(st, 2, kb);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	return many(db, a, st, limit > 0 ? limit : 1, row_full, out, n);
}

int64_t
db_post_count(struct db *db, enum post_list kind, int64_t ka, int64_t kb)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_POST, list_stmt[kind][1])) != NULL) {
		db_bind_int(st, 1, ka);
		db_bind_int(st, 2, kb);
	}
	return db_step_int(db, st, &v, "post count") == 1 ? v : -1;
}

int
db_post_adjacent(struct db *db, struct arena *a, const struct post *p,
    int newer, struct post *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_stmt(db, DBF_POST, newer ? DB_POST_NEXT : DB_POST_PREV);
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, p->published);
	db_bind_int(st, 2, p->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_brief(a, st, out);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "adjacent post");
	return -1;
}

int
db_post_recent(struct db *db, struct arena *a, int limit, struct post **out,
    int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_POST, DB_POST_RECENT)) == NULL)
		return -1;
	db_bind_int(st, 1, limit);
	return many(db, a, st, limit > 0 ? limit : 1, row_brief, out, n);
}

int
db_post_pages(struct db *db, struct arena *a, struct post **out, int *n)
{
	return many(db, a, db_stmt(db, DBF_POST, DB_POST_PAGES), 8,
	    row_brief, out, n);
}

int
db_post_publish_due(struct db *db, int64_t now, int64_t *next)
{
	sqlite3_stmt	*st, *up;
	int64_t		 id;
	int		 n = 0, rc;

	*next = 0;
	/* A read first: most of the time nothing is due. */
	if ((st = db_stmt(db, DBF_POST, DB_POST_NEXT_DUE)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*next = sqlite3_column_int64(st, 0);
	db_done(st);
	if (*next == 0 || *next > now)
		return 0;
	if (db_begin(db) == -1)
		return -1;
	if ((st = db_stmt(db, DBF_POST, DB_POST_DUE)) == NULL)
		goto fail;
	db_bind_int(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if ((up = db_stmt(db, DBF_POST, DB_POST_SET_STATUS)) == NULL)
			goto fail;
		db_bind_int(up, 1, id);
		db_bind_text(up, 2, "published");
		rc = sqlite3_step(up);
		db_done(up);
		if (rc != SQLITE_DONE)
			goto fail;
		n++;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if ((st = db_stmt(db, DBF_POST, DB_POST_NEXT_DUE)) == NULL)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		*next = sqlite3_column_int64(st, 0);
	db_done(st);
	if (db_commit(db) == -1)
		return -1;
	return n;
fail:
	db_log(db, "publish scheduled posts");
	db_rollback(db);
	return -1;
}

int
db_post_search(struct db *db, struct arena *a, const char *query,
    int64_t floor, int limit, int offset, struct search_hit **out, int *n)
{
	sqlite3_stmt		*st;
	struct search_hit	*v;
	int			 rc = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, DBF_POST, DB_POST_SEARCH)) == NULL)
		return -1;
	db_bind_text(st, 1, query);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	db_bind_int(st, 4, floor);
	v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v[*n].post = arena_alloc(a, sizeof(*v[*n].post));
		row_full(a, st, v[*n].post);
		v[*n].title_marked = db_col_text(a, st, 18);
		v[*n].snippet = *v[*n].post->password != '\0' ?
		    POST_LOCKED_TEXT : db_col_text(a, st, 19);
		(*n)++;
	}
	if (*n == limit)
		rc = SQLITE_DONE;
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "search");
		return -1;
	}
	*out = v;
	return 0;
}

int64_t
db_post_search_count(struct db *db, const char *query, int64_t floor)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_POST, DB_POST_SEARCH_COUNT)) != NULL) {
		db_bind_text(st, 1, query);
		db_bind_int(st, 2, floor);
	}
	return db_step_int(db, st, &v, "search count") == 1 ? v : -1;
}

int64_t
db_post_search_floor(struct db *db, const char *query, int max, int *capped)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	if ((st = db_stmt(db, DBF_POST, DB_POST_SEARCH_FLOOR)) != NULL) {
		db_bind_text(st, 1, query);
		db_bind_int(st, 2, max);
	}
	if ((*capped = db_step_int(db, st, &v, "search")) == -1) {
		*capped = 0;
		return -1;
	}
	return *capped ? v + 1 : 0;
}

static void
row_sitemap(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct post	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->slug = db_col_text(a, st, 1);
	p->type = db_col_text(a, st, 2);
	p->published = sqlite3_column_int64(st, 3);
	p->updated = sqlite3_column_int64(st, 4);
}

int
db_post_sitemap(struct db *db, struct arena *a, struct post **out, int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_POST, DB_POST_SITEMAP),
	    sizeof(**out), 64, row_sitemap, (void **)out, n, "sitemap");
}
