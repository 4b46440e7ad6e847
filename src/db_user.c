/* db_user.c: statements on users, and typed reads and writes of them. */
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_user.h"
#include "model.h"

#define COLS "id, login, name, email, role, bio_md, bio_html, pwhash"

const char *const db_user_sql[DB_USER__MAX] = {
	[DB_USER_BY_LOGIN] =
	"SELECT " COLS " FROM users WHERE login = ?1",
	[DB_USER_BY_ID] =
	"SELECT " COLS " FROM users WHERE id = ?1",
	[DB_USER_INSERT] =
	"INSERT INTO users (login, name, email, role, pwhash, bio_md, "
	"bio_html, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	"ON CONFLICT (login) DO NOTHING",
	[DB_USER_SET_PASSWORD] =
	"UPDATE users SET pwhash = ?2 WHERE login = ?1",
	[DB_USER_FIRST_ADMIN] =
	"SELECT login FROM users WHERE role = 'admin' ORDER BY id LIMIT 1",
	[DB_USER_SET_BIO] =
	"UPDATE users SET bio_md = ?2, bio_html = ?3 WHERE id = ?1",
	[DB_USER_LIST] =
	"SELECT " COLS ", (SELECT count(*) FROM posts p "
	"WHERE p.author_id = users.id) FROM users ORDER BY login",
	[DB_USER_ADMIN_COUNT] =
	"SELECT count(*) FROM users WHERE role = 'admin'",
	[DB_USER_UPDATE] =
	"UPDATE users SET name = ?2, email = ?3, role = ?4, bio_md = ?5, "
	"bio_html = ?6 WHERE id = ?1",
	[DB_USER_SET_PASSWORD_ID] =
	"UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[DB_USER_GIVE_POSTS] =
	"UPDATE posts SET author_id = ?2 WHERE author_id = ?1",
	[DB_USER_DELETE] =
	"DELETE FROM users WHERE id = ?1",
};
const int db_user_n = DB_USER__MAX;

/* The COLS of the current row into u. */
static void
user_row(struct arena *a, sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	u->login = db_col_text(a, st, 1);
	u->name = db_col_text(a, st, 2);
	u->email = db_col_text(a, st, 3);
	u->role = db_col_text(a, st, 4);
	u->bio_md = db_col_text(a, st, 5);
	u->bio_html = db_col_text(a, st, 6);
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		u->pwhash = db_col_text(a, st, 7);
}

static int
one(struct db *db, struct arena *a, sqlite3_stmt *st, struct user *u)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_row(a, st, u);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_log(db, "user");
	return -1;
}

int
db_user_by_login(struct db *db, struct arena *a, const char *login,
    struct user *u)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_BY_LOGIN)) == NULL)
		return -1;
	db_bind_text(st, 1, login);
	return one(db, a, st, u);
}

int
db_user_by_id(struct db *db, struct arena *a, int64_t id, struct user *u)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_BY_ID)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return one(db, a, st, u);
}

int64_t
db_user_add(struct db *db, const struct user *u, int64_t now)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_INSERT)) == NULL)
		return -1;
	db_bind_text(st, 1, u->login);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->email ? u->email : "");
	db_bind_text(st, 4, u->role ? u->role : "author");
	db_bind_text(st, 5, u->pwhash);
	db_bind_text(st, 6, u->bio_md ? u->bio_md : "");
	db_bind_text(st, 7, u->bio_html ? u->bio_html : "");
	db_bind_int(st, 8, now);
	if (db_step_write(db, st, "add user") == -1)
		return -1;
	if (sqlite3_changes(db->h) == 0)
		return 0;
	return sqlite3_last_insert_rowid(db->h);
}

int
db_user_set_password(struct db *db, const char *login, const char *pwhash)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_SET_PASSWORD)) == NULL)
		return -1;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, pwhash);
	if (db_step_write(db, st, "set password") == -1)
		return -1;
	return sqlite3_changes(db->h) > 0;
}

const char *
db_user_first_admin(struct db *db, struct arena *a)
{
	sqlite3_stmt	*st;
	const char	*login = NULL;

	if ((st = db_stmt(db, DBF_USER, DB_USER_FIRST_ADMIN)) == NULL)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		login = db_col_text(a, st, 0);
	db_done(st);
	return login;
}

int
db_user_set_bio(struct db *db, int64_t id, const char *md, const char *html)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_SET_BIO)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, md);
	db_bind_text(st, 3, html);
	if (db_step_write(db, st, "set bio") == -1)
		return -1;
	return sqlite3_changes(db->h) > 0;
}

/* A row of DB_USER_LIST: the user (no password hash) and their posts. */
static void
list_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct user_row	*v = item;

	v->u = arena_alloc(a, sizeof(*v->u));
	user_row(a, st, v->u);
	v->u->pwhash = NULL;
	v->posts = sqlite3_column_int64(st, 8);
}

int
db_user_list(struct db *db, struct arena *a, struct user_row **out, int *n)
{
	return db_rows(db, a, db_stmt(db, DBF_USER, DB_USER_LIST),
	    sizeof(**out), 16, list_row, (void **)out, n, "list users");
}

int64_t
db_user_admin_count(struct db *db)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	if ((st = db_stmt(db, DBF_USER, DB_USER_ADMIN_COUNT)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_log(db, "count admins");
	db_done(st);
	return n;
}

/* 1 if the write changed a row, 0 if none, -1. */
static int
write_changed(struct db *db, sqlite3_stmt *st, const char *what)
{
	int	 n = db_step_write(db, st, what);

	return n < 0 ? -1 : n > 0;
}

int
db_user_update(struct db *db, const struct user *u)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_UPDATE)) == NULL)
		return -1;
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->email);
	db_bind_text(st, 4, u->role);
	db_bind_text(st, 5, u->bio_md);
	db_bind_text(st, 6, u->bio_html);
	return write_changed(db, st, "update user");
}

int
db_user_set_password_id(struct db *db, int64_t id, const char *pwhash)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_SET_PASSWORD_ID)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, pwhash);
	return write_changed(db, st, "set password");
}

int
db_user_remove(struct db *db, int64_t id, int64_t heir)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_USER, DB_USER_GIVE_POSTS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, heir);
	if (write_changed(db, st, "give posts") == -1)
		return -1;
	if ((st = db_stmt(db, DBF_USER, DB_USER_DELETE)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	return write_changed(db, st, "remove user");
}

int
db_user_login_valid(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 60)
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (i > 0 && (s[i] == '.' || s[i] == '_' || s[i] == '-'))
			continue;
		return 0;
	}
	return 1;
}
