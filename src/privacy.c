/* privacy.c: what quire keeps about a person, and for how long: comment
   and session addresses cut to their network after ip_days (the keeper,
   `quire comments prune'), a commenter's data exported as JSON or erased
   by email (`quire comments export|erase', /admin/privacy). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_privacy.h"
#include "json.h"
#include "privacy.h"
#include "url.h"
#include "utf8.h"

void
privacy_cut_addr(const char *addr, char *out, size_t n)
{
	unsigned char	 a[16];

	if (inet_pton(AF_INET, addr, a) == 1)
		(void)snprintf(out, n, "%u.%u.%u.0", a[0], a[1], a[2]);
	else if (inet_pton(AF_INET6, addr, a) != 1)
		(void)snprintf(out, n, "%s", "");
	else if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a))
		(void)snprintf(out, n, "%u.%u.%u.0", a[12], a[13], a[14]);
	else {
		memset(a + 7, 0, sizeof(a) - 7);
		if (n < INET6_ADDRSTRLEN || inet_ntop(AF_INET6, a, out,
		    (socklen_t)n) == NULL)
			(void)snprintf(out, n, "%s", "");
	}
}

/* Set the address of row id (comment or session, by stmt) to cut. */
static int
cut_row(struct db *db, int stmt, int64_t id, const char *cut)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_PRIVACY, stmt)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, cut);
	return db_step_write(db, st, "privacy: cut an address") == -1 ? -1 : 0;
}

int
privacy_cut_batch(struct db *db, int64_t before, int max)
{
	sqlite3_stmt	*st;
	struct arena	 a = { 0 };
	int64_t		*ids;
	char	       **addrs, cut[PRIVACY_ADDR_MAX];
	int		 n = 0, i, rc = SQLITE_DONE;

	if (max < 1)
		return 0;
	ids = arena_alloc(&a, sizeof(*ids) * (size_t)max);
	addrs = arena_alloc(&a, sizeof(*addrs) * (size_t)max);
	/* Read the batch before the write lock is taken (none at all when
	   there is nothing to cut, nor on a read-only database), and not
	   while changing rows out of the index being read. A row erased
	   in between is cut again harmlessly ("" stays ""). */
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_UNCUT)) == NULL)
		goto fail;
	db_bind_int(st, 1, before);
	db_bind_int(st, 2, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(st, 0);
		addrs[n++] = db_col_text(&a, st, 1);
	}
	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "privacy: comments to cut");
		goto fail;
	}
	if (n == 0) {
		arena_free(&a);
		return 0;
	}
	if (db_begin(db) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		privacy_cut_addr(addrs[i], cut, sizeof(cut));
		if (cut_row(db, DB_PRIVACY_CUT, ids[i], cut) == -1)
			goto fail;
	}
	if (db_commit(db) == -1)
		goto fail;
	arena_free(&a);
	return n;
fail:
	db_rollback(db);
	arena_free(&a);
	return -1;
}

#define SESSIONS_MAX	256	/* a pass's sessions; the rest, next pass */

int
privacy_cut_sessions(struct db *db, int64_t before)
{
	sqlite3_stmt	*st;
	struct arena	 a = { 0 };
	int64_t		 ids[SESSIONS_MAX];
	const char	*cuts[SESSIONS_MAX], *addr, *agent;
	char		 cut[PRIVACY_ADDR_MAX];
	int		 n = 0, i, rc = SQLITE_DONE;

	/* A handful of rows; those cut already are left alone. */
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_SESSIONS_OLD)) == NULL)
		return -1;
	db_bind_int(st, 1, before);
	while (n < SESSIONS_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		addr = (const char *)sqlite3_column_text(st, 1);
		agent = (const char *)sqlite3_column_text(st, 2);
		privacy_cut_addr(addr ? addr : "", cut, sizeof(cut));
		if (strcmp(cut, addr ? addr : "") == 0 &&
		    (agent == NULL || *agent == '\0'))
			continue;
		ids[n] = sqlite3_column_int64(st, 0);
		cuts[n++] = arena_strdup(&a, cut);
	}
	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "privacy: sessions to cut");
		goto fail;
	}
	if (n == 0) {
		arena_free(&a);
		return 0;
	}
	if (db_begin(db) == -1)
		goto fail;
	for (i = 0; i < n; i++)
		if (cut_row(db, DB_PRIVACY_SESSION_CUT, ids[i], cuts[i]) == -1)
			goto fail;
	if (db_commit(db) == -1)
		goto fail;
	arena_free(&a);
	return n;
fail:
	db_rollback(db);
	arena_free(&a);
	return -1;
}

int64_t
privacy_prune(struct db *db, int64_t now, int ip_days)
{
	int64_t	 before = now - (int64_t)ip_days * 86400, total = 0;
	int	 n;

	if (privacy_cut_sessions(db, before) == -1)
		return -1;
	do {
		if ((n = privacy_cut_batch(db, before, PRIVACY_BATCH)) == -1)
			return -1;
		total += n;
	} while (n == PRIVACY_BATCH);
	return total;
}

const char *
privacy_email(struct arena *a, const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || n > PRIVACY_EMAIL_MAX || !text_clean(s, n) ||
	    memchr(s, '\n', n) != NULL)
		return NULL;
	return arena_strndup(a, s, n);
}

/* -- JSON ------------------------------------------------------------------ */

/* `"key": ' after a comma unless it is the object's first member. */
static void
jkey(struct buf *b, const char *key)
{
	if (b->len > 0 && b->p[b->len - 1] != '{')
		buf_puts(b, ", ");
	json_write_string(b, key, strlen(key));
	buf_puts(b, ": ");
}

static void
jtext(struct buf *b, const char *key, const char *s)
{
	jkey(b, key);
	json_write_string(b, s, strlen(s));
}

/* Column i as a string ("" for NULL). */
static void
jcol(struct buf *b, const char *key, sqlite3_stmt *st, int i)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	jkey(b, key);
	json_write_string(b, s ? s : "", s ? (size_t)sqlite3_column_bytes(st,
	    i) : 0);
}

static void
jdate(struct buf *b, const char *key, int64_t t)
{
	jkey(b, key);
	buf_putc(b, '"');
	date_fmt_iso(b, t);
	buf_putc(b, '"');
}

/* One comment row of DB_PRIVACY_COMMENTS as an object. */
static void
comment_json(struct buf *b, const char *base_url, sqlite3_stmt *st)
{
	struct buf	 url = { 0 };

	buf_putc(b, '{');
	jkey(b, "id");
	buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, 0));
	jkey(b, "post");
	buf_putc(b, '{');
	jkey(b, "id");
	buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, 1));
	buf_puts(&url, base_url);
	url_post(&url, (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 3),
	    sqlite3_column_int64(st, 4));
	jtext(b, "url", buf_str(&url));
	jcol(b, "title", st, 5);
	buf_putc(b, '}');
	jkey(b, "parent_id");
	if (sqlite3_column_type(st, 6) == SQLITE_NULL)
		buf_puts(b, "null");
	else
		buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, 6));
	jdate(b, "date", sqlite3_column_int64(st, 7));
	jcol(b, "status", st, 8);
	jcol(b, "type", st, 9);
	jcol(b, "name", st, 10);
	jcol(b, "email", st, 11);
	jcol(b, "url", st, 12);
	jcol(b, "address", st, 13);
	jcol(b, "user_agent", st, 14);
	jcol(b, "text", st, 15);
	buf_putc(b, '}');
	buf_free(&url);
}

/* The sessions of user id as a list: 0 or -1. */
static int
sessions_json(struct db *db, struct buf *b, int64_t id)
{
	sqlite3_stmt	*st;
	int		 n = 0, rc;

	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_USER_SESSIONS)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	buf_putc(b, '[');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n    {" : "\n    {");
		jdate(b, "created", sqlite3_column_int64(st, 0));
		jdate(b, "last_seen", sqlite3_column_int64(st, 1));
		jcol(b, "address", st, 2);
		jcol(b, "user_agent", st, 3);
		buf_putc(b, '}');
	}
	db_done(st);
	buf_puts(b, "]");
	if (rc != SQLITE_DONE) {
		db_log(db, "privacy: sessions");
		return -1;
	}
	return 0;
}

/* The users with email as a list, each with its sessions: how many,
   or -1. */
static int
users_json(struct db *db, struct arena *a, struct buf *b, const char *email)
{
	sqlite3_stmt	*st;
	struct buf	 row = { 0 };
	int64_t		 ids[16];
	const char	*rows[16];
	int		 n = 0, rc, i;

	/* Rows first, sessions after: one statement at a time. A user
	   with this email beyond the 16th (there is no such blog) is
	   still counted, and said to be left out. */
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_USERS)) == NULL)
		return -1;
	db_bind_text(st, 1, email);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 16) {
		buf_reset(&row);
		buf_putc(&row, '{');
		jcol(&row, "login", st, 1);
		jcol(&row, "name", st, 2);
		jcol(&row, "email", st, 3);
		jcol(&row, "role", st, 4);
		jcol(&row, "bio", st, 5);
		jdate(&row, "created", sqlite3_column_int64(st, 6));
		ids[n] = sqlite3_column_int64(st, 0);
		rows[n++] = arena_strdup(a, buf_str(&row));
	}
	db_done(st);
	buf_free(&row);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_log(db, "privacy: users");
		return -1;
	}
	buf_putc(b, '[');
	for (i = 0; i < n; i++) {
		buf_puts(b, i > 0 ? ",\n  " : "\n  ");
		buf_puts(b, rows[i]);
		jkey(b, "sessions");
		if (sessions_json(db, b, ids[i]) == -1)
			return -1;
		buf_putc(b, '}');
	}
	buf_puts(b, n > 0 ? "\n ]" : "]");
	return n;
}

/*
 * `, "mail": {"confirmed": DATE or null, "replies": [...]}': whether
 * email confirmed it wants mail, and the comments whose replies it asked
 * for (when, and when it stopped). How many subscriptions, or -1.
 */
static int
mail_json(struct db *db, struct buf *b, const char *email)
{
	sqlite3_stmt	*st;
	int		 n = 0, rc;

	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_ADDR)) == NULL)
		return -1;
	db_bind_text(st, 1, email);
	buf_puts(b, ",\n \"mail\": {");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		jdate(b, "confirmed", sqlite3_column_int64(st, 0));
	else
		buf_puts(b, "\"confirmed\": null");
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_WATCH)) == NULL)
		return -1;
	db_bind_text(st, 1, email);
	buf_puts(b, ", \"replies\": [");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(b, n++ > 0 ? ",\n  {" : "\n  {");
		buf_printf(b, "\"comment_id\": %lld",
		    (long long)sqlite3_column_int64(st, 0));
		jdate(b, "asked", sqlite3_column_int64(st, 1));
		if (sqlite3_column_type(st, 2) == SQLITE_NULL) {
			jkey(b, "stopped");
			buf_puts(b, "null");
		} else
			jdate(b, "stopped", sqlite3_column_int64(st, 2));
		buf_putc(b, '}');
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "privacy: mail");
		return -1;
	}
	buf_puts(b, n > 0 ? "\n ]}" : "]}");
	return n;
}

int
privacy_export(struct db *db, struct arena *a, const char *base_url,
    const char *email, int64_t now, struct buf *out)
{
	sqlite3_stmt	*st;
	int		 n = 0, u, w, rc;

	buf_puts(out, "{");
	jtext(out, "email", email);
	jdate(out, "exported", now);
	buf_puts(out, ",\n \"comments\": [");
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_COMMENTS)) == NULL)
		return -1;
	db_bind_text(st, 1, email);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(out, n++ > 0 ? ",\n  " : "\n  ");
		comment_json(out, base_url, st);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log(db, "privacy: comments");
		return -1;
	}
	buf_puts(out, n > 0 ? "\n ],\n \"users\": " : "],\n \"users\": ");
	if ((u = users_json(db, a, out, email)) == -1 ||
	    (w = mail_json(db, out, email)) == -1)
		return -1;
	buf_puts(out, "\n}\n");
	return n + u + w;
}

int64_t
privacy_count(struct db *db, const char *email)
{
	sqlite3_stmt	*st;
	int64_t		 n;

	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_COUNT)) == NULL)
		return -1;
	db_bind_text(st, 1, email);
	if (db_step_int(db, st, &n, "privacy: count") == -1)
		return -1;
	return n;
}

int64_t
privacy_erase(struct db *db, const char *email, int del)
{
	sqlite3_stmt	*st;
	int64_t		 n;

	if (db_begin(db) == -1)
		return -1;
	if ((st = db_stmt(db, DBF_PRIVACY, DB_PRIVACY_ADDR_DROP)) == NULL)
		goto fail;
	db_bind_text(st, 1, email);
	if (db_step_write(db, st, "privacy: mail address") == -1)
		goto fail;
	if ((st = db_stmt(db, DBF_PRIVACY, del ? DB_PRIVACY_DELETE :
	    DB_PRIVACY_ANONYMISE)) == NULL)
		goto fail;
	db_bind_text(st, 1, email);
	if ((n = db_step_write(db, st, del ? "privacy: delete comments" :
	    "privacy: anonymise comments")) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return n;
fail:
	db_rollback(db);
	return -1;
}
