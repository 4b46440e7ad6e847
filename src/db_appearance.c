/* db_appearance.c: statements on the menu, the sidebar's blocks and the
   look of the site. */
#include <stdlib.h>

#include "arena.h"
#include "db.h"
#include "db_appearance.h"

const char *const db_appearance_sql[DB_APPEARANCE__MAX] = {
	/* DB_APPEARANCE_MENU: with the page's and the tag's slug */
	[DB_APPEARANCE_MENU] =
	"SELECT m.id, m.kind, m.target, m.label, "
	"coalesce((SELECT p.slug FROM posts p WHERE m.kind = 'page' AND "
	"p.id = CAST(m.target AS INTEGER) AND p.type = 'page' AND "
	"p.status = 'published'), ''), "
	"coalesce((SELECT t.slug FROM tags t WHERE m.kind = 'tag' AND "
	"t.id = CAST(m.target AS INTEGER)), '') "
	"FROM menu_items m ORDER BY m.position, m.id",
	[DB_APPEARANCE_MENU_CLEAR] =
	"DELETE FROM menu_items",
	[DB_APPEARANCE_MENU_ADD] =
	"INSERT INTO menu_items (position, kind, target, label) "
	"VALUES (?1, ?2, ?3, ?4)",
	[DB_APPEARANCE_BLOCKS] =
	"SELECT kind, position, enabled, title, body_md, body_html "
	"FROM sidebar_blocks ORDER BY position, kind",
	[DB_APPEARANCE_BLOCK_SET] =
	"UPDATE sidebar_blocks SET position = ?2, enabled = ?3, title = ?4, "
	"body_md = ?5, body_html = ?6 WHERE kind = ?1",
	[DB_APPEARANCE_GET] =
	"SELECT coalesce(front_page, 0), coalesce(icon_id, 0), "
	"coalesce(logo_id, 0), css, css_hash FROM appearance WHERE id = 1",
	[DB_APPEARANCE_SET] =
	"UPDATE appearance SET front_page = nullif(?1, 0), "
	"icon_id = nullif(?2, 0), logo_id = nullif(?3, 0), css = ?4, "
	"css_hash = ?5 WHERE id = 1",
	/* DB_APPEARANCE_MONTHS: ?1 limit */
	[DB_APPEARANCE_MONTHS] =
	"SELECT CAST(strftime('%Y', published, 'unixepoch', 'localtime') AS "
	"INTEGER) AS y, CAST(strftime('%m', published, 'unixepoch', "
	"'localtime') AS INTEGER) AS m, count(*) FROM posts p "
	"WHERE p.type = 'post' AND p.status = 'published' "
	"GROUP BY y, m ORDER BY y DESC, m DESC LIMIT ?1",
	[DB_APPEARANCE_PHOTOS] =
	"SELECT id, coalesce(original_name, ''), width, height FROM media "
	"WHERE state = 'ready' ORDER BY id DESC LIMIT ?1",
};
const int db_appearance_n = DB_APPEARANCE__MAX;

static void
menu_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct menu_item	*m = item;

	m->id = sqlite3_column_int64(st, 0);
	m->kind = db_col_text(a, st, 1);
	m->target = db_col_text(a, st, 2);
	m->label = db_col_text(a, st, 3);
	m->page_slug = db_col_text(a, st, 4);
	m->tag_slug = db_col_text(a, st, 5);
}

int
db_appearance_menu(struct db *db, struct arena *a, struct menu_item **out,
    int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_MENU),
	    sizeof(**out), 16, menu_row, (void **)out, n, "menu");
}

int
db_appearance_menu_set(struct db *db, const struct menu_item *m, int n)
{
	sqlite3_stmt	*st;
	int		 i;

	st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_MENU_CLEAR);
	if (st == NULL || db_step_write(db, st, "clear menu") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_MENU_ADD);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, i + 1);
		db_bind_text(st, 2, m[i].kind);
		db_bind_text(st, 3, m[i].target);
		db_bind_text(st, 4, m[i].label);
		if (db_step_write(db, st, "add menu item") == -1)
			return -1;
	}
	return 0;
}

static void
block_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct sidebar_block	*b = item;

	b->kind = db_col_text(a, st, 0);
	b->position = sqlite3_column_int(st, 1);
	b->enabled = sqlite3_column_int(st, 2);
	b->title = db_col_text(a, st, 3);
	b->body_md = db_col_text(a, st, 4);
	b->body_html = db_col_text(a, st, 5);
}

int
db_appearance_blocks(struct db *db, struct arena *a,
    struct sidebar_block **out, int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_APPEARANCE,
	    DB_APPEARANCE_BLOCKS), sizeof(**out), 8, block_row, (void **)out,
	    n, "sidebar blocks");
}

int
db_appearance_block_set(struct db *db, const struct sidebar_block *b)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_BLOCK_SET)) ==
	    NULL)
		return -1;
	db_bind_text(st, 1, b->kind);
	db_bind_int(st, 2, b->position);
	db_bind_int(st, 3, b->enabled);
	db_bind_text(st, 4, b->title);
	db_bind_text(st, 5, b->body_md);
	db_bind_text(st, 6, b->body_html);
	return db_step_write(db, st, "sidebar block") == -1 ? -1 : 0;
}

int
db_appearance_get(struct db *db, struct arena *a, struct appearance *ap)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_GET)) == NULL)
		return -1;
	ap->front_page = ap->icon_id = ap->logo_id = 0;
	ap->css = ap->css_hash = "";
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ap->front_page = sqlite3_column_int64(st, 0);
		ap->icon_id = sqlite3_column_int64(st, 1);
		ap->logo_id = sqlite3_column_int64(st, 2);
		ap->css = db_col_text(a, st, 3);
		ap->css_hash = db_col_text(a, st, 4);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_log(db, "appearance");
		return -1;
	}
	return 0;
}

int
db_appearance_set(struct db *db, const struct appearance *ap)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_SET)) == NULL)
		return -1;
	db_bind_int(st, 1, ap->front_page);
	db_bind_int(st, 2, ap->icon_id);
	db_bind_int(st, 3, ap->logo_id);
	db_bind_text(st, 4, ap->css);
	db_bind_text(st, 5, ap->css_hash);
	return db_step_write(db, st, "appearance") == -1 ? -1 : 0;
}

static void
month_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct archive_month	*m = item;

	(void)a;
	m->year = sqlite3_column_int(st, 0);
	m->month = sqlite3_column_int(st, 1);
	m->count = sqlite3_column_int(st, 2);
}

int
db_appearance_months(struct db *db, struct arena *a, int limit,
    struct archive_month **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_MONTHS)) != NULL)
		db_bind_int(st, 1, limit);
	return db_rows(db, a, st, sizeof(**out), 12, month_row, (void **)out,
	    n, "archive months");
}

static void
photo_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct photo_choice	*p = item;

	p->id = sqlite3_column_int64(st, 0);
	p->name = db_col_text(a, st, 1);
	p->width = sqlite3_column_int(st, 2);
	p->height = sqlite3_column_int(st, 3);
}

int
db_appearance_photos(struct db *db, struct arena *a, int limit,
    struct photo_choice **out, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_APPEARANCE, DB_APPEARANCE_PHOTOS)) != NULL)
		db_bind_int(st, 1, limit);
	return db_rows(db, a, st, sizeof(**out), 16, photo_row, (void **)out,
	    n, "photos");
}
