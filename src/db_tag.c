/* db_tag.c: statements on tags, and typed reads and writes of them. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_tag.h"
#include "model.h"
#include "slug.h"

#define COLS "t.id, t.name, t.slug, t.description, t.post_count"

const char *const db_tag_sql[DB_TAG__MAX] = {
	[DB_TAG_BY_SLUG] =
	"SELECT " COLS " FROM tags t WHERE t.slug = ?1",
	[DB_TAG_ALL] =
	"SELECT " COLS " FROM tags t WHERE t.post_count > 0 "
	"ORDER BY t.name COLLATE NOCASE, t.id",
	[DB_TAG_TOP] =
	"SELECT " COLS " FROM tags t WHERE t.post_count > 0 "
	"ORDER BY t.post_count DESC, t.name COLLATE NOCASE LIMIT ?1",
	[DB_TAG_OF_POST] =
	"SELECT " COLS " FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
	"WHERE pt.post_id = ?1 ORDER BY t.name COLLATE NOCASE",
	[DB_TAG_ENSURE] =
	"INSERT INTO tags (name, slug) VALUES (?1, ?2) "
	"ON CONFLICT (slug) DO NOTHING",
	[DB_TAG_ID_BY_SLUG] =
	"SELECT id FROM tags WHERE slug = ?1",
	[DB_TAG_LINK] =
	"INSERT OR IGNORE INTO post_tags (post_id, tag_id) VALUES (?1, ?2)",
	[DB_TAG_UNLINK_POST] =
	"DELETE FROM post_tags WHERE post_id = ?1",
	[DB_TAG_BY_ID] =
	"SELECT " COLS " FROM tags t WHERE t.id = ?1",
	/* DB_TAG_ID_BY_NAME: ?1 name (ASCII case ignored), ?2 a tag to
	   leave out (0: none) */
	[DB_TAG_ID_BY_NAME] =
	"SELECT id FROM tags WHERE name = ?1 COLLATE NOCASE AND id <> ?2 "
	"ORDER BY id LIMIT 1",
	[DB_TAG_RENAME] =
	"UPDATE tags SET name = ?2 WHERE id = ?1",
	[DB_TAG_SET_SLUG] =
	"UPDATE tags SET slug = ?2 WHERE id = ?1",
	/* DB_TAG_MERGE_LINKS: the posts of tag ?1 get tag ?2 too */
	[DB_TAG_MERGE_LINKS] =
	"INSERT OR IGNORE INTO post_tags (post_id, tag_id) "
	"SELECT post_id, ?2 FROM post_tags WHERE tag_id = ?1",
	/* DB_TAG_DELETE: its links go with it (ON DELETE CASCADE) */
	[DB_TAG_DELETE] =
	"DELETE FROM tags WHERE id = ?1",
	/* DB_TAG_FTS_RETAG: the tag names in the search index of the posts
	   of tag ?1, leaving out tag ?2 (0: none); posts not in the index
	   have no row to update */
	[DB_TAG_FTS_RETAG] =
	"UPDATE posts_fts SET tags = coalesce((SELECT group_concat(t.name, "
	"', ') FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
	"WHERE pt.post_id = posts_fts.rowid AND pt.tag_id <> ?2), '') "
	"WHERE rowid IN (SELECT post_id FROM post_tags WHERE tag_id = ?1)",
};
const int db_tag_n = DB_TAG__MAX;

static void
row(struct arena *a, sqlite3_stmt *st, struct tag *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->name = db_col_text(a, st, 1);
	t->slug = db_col_text(a, st, 2);
	t->description = db_col_text(a, st, 3);
	t->post_count = sqlite3_column_int(st, 4);
}

int
db_tag_by_slug(struct db *db, struct arena *a, const char *slug,
    struct tag *t)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_TAG, DB_TAG_BY_SLUG)) == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(a, st, t);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "tag");
	return -1;
}

static void
row_v(struct arena *a, sqlite3_stmt *st, void *t)
{
	row(a, st, t);
}

static int
many(struct db *db, struct arena *a, sqlite3_stmt *st, struct tag **out,
    int *n)
{
	return db_rows(db, a, st, sizeof(**out), 16, row_v, (void **)out, n,
	    "tag list");
}

int
db_tag_all(struct db *db, struct arena *a, struct tag **out, int *n)
{
	return many(db, a, db_stmt(db, DBF_TAG, DB_TAG_ALL), out, n);
}

int
db_tag_top(struct db *db, struct arena *a, int limit, struct tag **out,
    int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_TAG, DB_TAG_TOP)) != NULL)
		db_bind_int(st, 1, limit);
	return many(db, a, st, out, n);
}

int
db_tag_of_post(struct db *db, struct arena *a, int64_t post_id,
    struct tag **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_TAG, DB_TAG_OF_POST)) != NULL)
		db_bind_int(st, 1, post_id);
	return many(db, a, st, out, n);
}

static int
exec1(struct db *db, int idx, int64_t a, const char *what)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_TAG, idx)) == NULL)
		return -1;
	db_bind_int(st, 1, a);
	return db_step_write(db, st, what) == -1 ? -1 : 0;
}

/*
 * The tag called `name', or a new one if no tag has that name or its
 * slug: its id, 0 if the name has nothing usable, or -1. The name comes
 * first: a tag renamed, or given another slug, in the admin keeps its
 * posts when they are saved again with its name.
 */
static int64_t
ensure(struct db *db, const char *name, size_t n)
{
	struct buf	 slug = { 0 }, nm = { 0 };
	sqlite3_stmt	*st;
	int64_t		 id = -1;
	int		 rc;

	buf_add(&nm, name, n);
	if ((id = db_tag_named(db, buf_str(&nm), 0)) != 0) {
		buf_free(&nm);
		return id;
	}
	id = -1;
	slug_make(&slug, name, n);
	if (slug.len == 0)
		goto out;	/* nothing usable in the name: skip it */
	if ((st = db_stmt(db, DBF_TAG, DB_TAG_ENSURE)) == NULL)
		goto out;
	db_bind_text(st, 1, buf_str(&nm));
	db_bind_text(st, 2, buf_str(&slug));
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto out;
	if ((st = db_stmt(db, DBF_TAG, DB_TAG_ID_BY_SLUG)) == NULL)
		goto out;
	db_bind_text(st, 1, buf_str(&slug));
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
out:
	if (id == -1 && slug.len > 0)
		db_log(db, "tag");
	if (slug.len == 0)
		id = 0;
	buf_free(&slug);
	buf_free(&nm);
	return id;
}

int
db_tag_set_post(struct db *db, int64_t post_id,
    const char *list)
{
	const char	*p, *e, *s;
	int64_t		 id;
	sqlite3_stmt	*st;
	int		 rc;

	if (exec1(db, DB_TAG_UNLINK_POST, post_id, "unlink tags") == -1)
		return -1;
	for (p = list; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		s = e;
		while (s > p && (s[-1] == ' ' || s[-1] == '\t'))
			s--;
		if (s == p)
			continue;
		if ((id = ensure(db, p, (size_t)(s - p))) == -1)
			return -1;
		if (id == 0)
			continue;
		if ((st = db_stmt(db, DBF_TAG, DB_TAG_LINK)) == NULL)
			return -1;
		db_bind_int(st, 1, post_id);
		db_bind_int(st, 2, id);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE) {
			db_log(db, "link tag");
			return -1;
		}
	}
	return 0;
}

int
db_tag_by_id(struct db *db, struct arena *a, int64_t id, struct tag *t)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_TAG, DB_TAG_BY_ID)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(a, st, t);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "tag");
	return -1;
}

int64_t
db_tag_named(struct db *db, const char *name, int64_t except)
{
	sqlite3_stmt	*st;
	int64_t		 id;

	if ((st = db_stmt(db, DBF_TAG, DB_TAG_ID_BY_NAME)) != NULL) {
		db_bind_text(st, 1, name);
		db_bind_int(st, 2, except);
	}
	return db_step_int(db, st, &id, "tag by name") == -1 ? -1 : id;
}

/* Step statement idx of two arguments, id and text or id and id. */
static int
exec2(struct db *db, int idx, int64_t a, const char *s, int64_t b,
    const char *what)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_TAG, idx)) == NULL)
		return -1;
	db_bind_int(st, 1, a);
	if (s != NULL)
		db_bind_text(st, 2, s);
	else
		db_bind_int(st, 2, b);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, what);
		return -1;
	}
	return 0;
}

int
db_tag_rename(struct db *db, int64_t id, const char *name)
{
	if (exec2(db, DB_TAG_RENAME, id, name, 0, "rename tag") == -1)
		return -1;
	return exec2(db, DB_TAG_FTS_RETAG, id, NULL, 0, "index tags");
}

int
db_tag_set_slug(struct db *db, int64_t id, const char *slug)
{
	return exec2(db, DB_TAG_SET_SLUG, id, slug, 0, "tag slug");
}

int
db_tag_merge(struct db *db, int64_t from, int64_t into)
{
	if (exec2(db, DB_TAG_MERGE_LINKS, from, NULL, into, "merge tags") ==
	    -1)
		return -1;
	if (exec2(db, DB_TAG_FTS_RETAG, from, NULL, from, "index tags") == -1)
		return -1;
	return exec1(db, DB_TAG_DELETE, from, "delete tag");
}

int
db_tag_delete(struct db *db, int64_t id)
{
	if (exec2(db, DB_TAG_FTS_RETAG, id, NULL, id, "index tags") == -1)
		return -1;
	return exec1(db, DB_TAG_DELETE, id, "delete tag");
}
