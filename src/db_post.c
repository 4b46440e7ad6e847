/* db_post.c: statements on posts, and typed reads of them. */
#include <math.h>
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
	/*
	 * DB_POST_SEARCH: the matches from id ?2 on, best first. quire_rank
	 * is bm25 (see rank_fn below); equal scores oldest id first. Which
	 * of them are public is asked of the few the page needs
	 * (DB_POST_SEARCH_PUBLIC), not of all of them.
	 */
	[DB_POST_SEARCH] =
	"SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1 AND rowid >= ?2 "
	"ORDER BY quire_rank(posts_fts, ?3, 10.0, 1.0, 4.0), rowid",
	[DB_POST_SEARCH_PUBLIC] =
	"SELECT 1 FROM posts WHERE id = ?1 AND status = 'published'",
	/* DB_POST_SEARCH_HIT: one of them, its matches marked */
	[DB_POST_SEARCH_HIT] =
	"SELECT " COLS ", highlight(posts_fts, 0, char(1), char(2)), "
	"snippet(posts_fts, 1, char(1), char(2), '\xe2\x80\xa6', 24) "
	"FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"JOIN users u ON u.id = p.author_id "
	"WHERE posts_fts MATCH ?1 AND posts_fts.rowid = ?2",
	[DB_POST_SEARCH_COUNT] =
	"SELECT count(*) FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"WHERE posts_fts MATCH ?1 AND posts_fts.rowid >= ?2 AND "
	"p.status = 'published'",
	/* DB_POST_SEARCH_FLOOR: the match after the newest ?2, if any */
	[DB_POST_SEARCH_FLOOR] =
	"SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1 "
	"ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
	/* DB_POST_FTS5_API: the FTS5 extension's entry points (?1) */
	[DB_POST_FTS5_API] =
	"SELECT fts5(?1)",
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

/*
 * quire_rank(posts_fts, KEY, WEIGHTS...): SQLite's bm25(), the same
 * arithmetic in the same order, so the same scores to the last bit, with
 * one thing kept between queries: how many rows of the whole table hold
 * each phrase (its IDF). bm25() reads every match of every phrase for
 * it, on each query: 87,495 rows for a common word in 100,000 posts, more
 * than the ranking of the newest 1,000 itself. The counts are kept per
 * connection under KEY, which names the query and the state of the table
 * (db_post_search); RANK_KEEP queries at most.
 */
#define RANK_KEEP	16
#define RANK_K1		1.2
#define RANK_B		0.75

struct rank_kept {
	char		*key;		/* NULL: a free slot */
	int		 nphrase;
	sqlite3_int64	*hits;		/* rows holding phrase i; sqlite3_malloc'd,
					   the key after them */
};

struct rank_cache {
	struct rank_kept	 kept[RANK_KEEP];
	int			 next;	/* the one replaced next */
};

/* What one query's scores share: made at its first row. */
struct rank_query {
	int		 nphrase;
	double		 avgdl;
	double		*idf;
	double		*freq;
};

static void
rank_cache_free(void *p)
{
	struct rank_cache	*c = p;
	int			 i;

	for (i = 0; i < RANK_KEEP; i++)
		sqlite3_free(c->kept[i].hits);	/* and the key */
	sqlite3_free(c);
}

static int
rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

/* The rows holding each phrase: kept under key, or counted and kept. */
static int
rank_hits(const Fts5ExtensionApi *api, Fts5Context *fts,
    struct rank_cache *c, const char *key, int nphrase, sqlite3_int64 *hits)
{
	struct rank_kept	*k;
	size_t			 len = strlen(key);
	int			 i, rc;

	for (i = 0; i < RANK_KEEP; i++) {
		k = &c->kept[i];
		if (k->key != NULL && k->nphrase == nphrase &&
		    strcmp(k->key, key) == 0) {
			memcpy(hits, k->hits, sizeof(*hits) * (size_t)nphrase);
			return SQLITE_OK;
		}
	}
	for (i = 0; i < nphrase; i++) {
		hits[i] = 0;
		if ((rc = api->xQueryPhrase(fts, i, &hits[i],
		    rank_count_cb)) != SQLITE_OK)
			return rc;
	}
	k = &c->kept[c->next];
	c->next = (c->next + 1) % RANK_KEEP;
	sqlite3_free(k->hits);
	k->key = NULL;
	/* One block: the counts, then the key. */
	if ((k->hits = sqlite3_malloc64(sizeof(*hits) * (size_t)nphrase +
	    len + 1)) == NULL)
		return SQLITE_OK;	/* counted, not kept */
	memcpy(k->hits, hits, sizeof(*hits) * (size_t)nphrase);
	k->key = (char *)(k->hits + nphrase);
	memcpy(k->key, key, len + 1);
	k->nphrase = nphrase;
	return SQLITE_OK;
}

static int
rank_query(const Fts5ExtensionApi *api, Fts5Context *fts, const char *key,
    struct rank_query **out)
{
	struct rank_query	*q;
	sqlite3_int64		 rows = 0, tokens = 0, *hits;
	int			 i, n, rc;

	if ((*out = api->xGetAuxdata(fts, 0)) != NULL)
		return SQLITE_OK;
	n = api->xPhraseCount(fts);
	if ((q = sqlite3_malloc64(sizeof(*q) + (size_t)n *
	    (2 * sizeof(double) + sizeof(*hits)))) == NULL)
		return SQLITE_NOMEM;
	q->nphrase = n;
	q->idf = (double *)(void *)(q + 1);
	q->freq = q->idf + n;
	hits = (sqlite3_int64 *)(void *)(q->freq + n);
	if ((rc = api->xRowCount(fts, &rows)) != SQLITE_OK ||
	    (rc = api->xColumnTotalSize(fts, -1, &tokens)) != SQLITE_OK ||
	    (rc = rank_hits(api, fts, api->xUserData(fts), key, n,
	    hits)) != SQLITE_OK)
		goto fail;
	q->avgdl = (double)tokens / (double)rows;
	for (i = 0; i < n; i++) {
		/* bm25's IDF, at least 1e-6 (a phrase in half the rows) */
		q->idf[i] = log((rows - hits[i] + 0.5) / (hits[i] + 0.5));
		if (q->idf[i] <= 0.0)
			q->idf[i] = 1e-6;
	}
	if ((rc = api->xSetAuxdata(fts, q, sqlite3_free)) != SQLITE_OK)
		return rc;	/* q freed by it */
	*out = q;
	return SQLITE_OK;
fail:
	sqlite3_free(q);
	return rc;
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	struct rank_query	*q;
	const char		*key;
	double			 score = 0.0, d;
	int			 i, n = 0, ip, ic, io, ntok, rc;

	key = nval > 0 ? (const char *)sqlite3_value_text(val[0]) : NULL;
	if ((rc = rank_query(api, fts, key ? key : "", &q)) != SQLITE_OK)
		goto fail;
	memset(q->freq, 0, sizeof(double) * (size_t)q->nphrase);
	if ((rc = api->xInstCount(fts, &n)) != SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = api->xInst(fts, i, &ip, &ic, &io)) != SQLITE_OK)
			goto fail;
		q->freq[ip] += nval - 1 > ic ?
		    sqlite3_value_double(val[1 + ic]) : 1.0;
	}
	if ((rc = api->xColumnSize(fts, -1, &ntok)) != SQLITE_OK)
		goto fail;
	d = (double)ntok;
	for (i = 0; i < q->nphrase; i++)
		score += q->idf[i] * ((q->freq[i] * (RANK_K1 + 1.0)) /
		    (q->freq[i] + RANK_K1 * (1 - RANK_B + RANK_B * d /
		    q->avgdl)));
	sqlite3_result_double(ctx, -1.0 * score);
	return;
fail:
	sqlite3_result_error_code(ctx, rc);
}

/* quire_rank on this connection, before its first search. */
static int
rank_register(struct db *db)
{
	sqlite3_stmt		*st;
	fts5_api		*api = NULL;
	struct rank_cache	*c;

	if ((st = db_stmt(db, DBF_POST, DB_POST_FTS5_API)) == NULL)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(st);
	db_done(st);
	if (api == NULL || api->iVersion < 2)
		return -1;
	if ((c = sqlite3_malloc64(sizeof(*c))) == NULL)
		return -1;
	memset(c, 0, sizeof(*c));
	if (api->xCreateFunction(api, "quire_rank", c, rank_fn,
	    rank_cache_free) != SQLITE_OK) {
		rank_cache_free(c);
		return -1;
	}
	return 0;
}

int
db_post_search_init(struct db *db)
{
	if (db->stmts[DBF_POST] != NULL &&
	    db->stmts[DBF_POST][DB_POST_SEARCH] != NULL)
		return 0;	/* registered when it was prepared */
	return rank_register(db);
}

/* Whether post id is public: 1, 0, or -1 on error. */
static int
search_public(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_POST, DB_POST_SEARCH_PUBLIC)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* One hit of the page, its matches marked: 1, 0 if gone since, -1. */
static int
search_hit(struct db *db, struct arena *a, const char *query, int64_t id,
    struct search_hit *h)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_POST, DB_POST_SEARCH_HIT)) == NULL)
		return -1;
	db_bind_text(st, 1, query);
	db_bind_int(st, 2, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->post = arena_alloc(a, sizeof(*h->post));
		row_full(a, st, h->post);
		h->title_marked = db_col_text(a, st, 18);
		h->snippet = *h->post->password != '\0' ? POST_LOCKED_TEXT :
		    db_col_text(a, st, 19);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The matches are ranked first, the page's public ones picked by id,
 * then only its hits are read and marked: highlight() and snippet() on
 * every ranked row cost more than the ranking, and so did reading every
 * ranked row's post for its status.
 */
int
db_post_search(struct db *db, struct arena *a, const char *query,
    int64_t floor, int limit, int offset, struct search_hit **out, int *n)
{
	sqlite3_stmt		*st;
	struct search_hit	*v;
	int64_t			*ids, id;
	int			 rc = SQLITE_DONE, k = 0, i, got, skip = 0;
	int			 pub = 0;

	*out = NULL;
	*n = 0;
	if (db_post_search_init(db) == -1 ||
	    (st = db_stmt(db, DBF_POST, DB_POST_SEARCH)) == NULL)
		goto fail;
	db_bind_text(st, 1, query);
	db_bind_int(st, 2, floor);
	/* The counts quire_rank keeps hold while nobody (data_version) and
	   not this connection (total_changes) has written. */
	db_bind_text(st, 3, arena_printf(a, "%lld %lld %s",
	    (long long)db_data_version(db),
	    (long long)sqlite3_total_changes64(db->h), query));
	ids = arena_alloc(a, sizeof(*ids) * (size_t)(limit > 0 ? limit : 1));
	while (k < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if ((pub = search_public(db, id)) == -1)
			break;
		if (pub && skip < offset)
			skip++;
		else if (pub)
			ids[k++] = id;
	}
	if (k == limit)
		rc = SQLITE_DONE;
	db_done(st);
	if (rc != SQLITE_DONE || pub == -1)
		goto fail;
	v = arena_alloc(a, sizeof(*v) * (size_t)(k > 0 ? k : 1));
	for (i = 0; i < k; i++) {
		if ((got = search_hit(db, a, query, ids[i], &v[*n])) == -1)
			goto fail;
		*n += got;
	}
	*out = v;
	return 0;
fail:
	db_log(db, "search");
	*n = 0;
	return -1;
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
