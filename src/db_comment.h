/* db_comment.h: typed access to comments. */
#ifndef QUIRE_DB_COMMENT_H
#define QUIRE_DB_COMMENT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "model.h"

struct arena;
struct db;

/*
 * The columns every read of a comment starts with (of `comments c'), and
 * db_comment_row, which reads those DB_COMMENT_NCOLS into c (strings in
 * the arena); a statement's own columns follow them.
 */
#define DB_COMMENT_COLS "c.id, c.post_id, c.parent_id, c.depth, c.type, " \
	"c.status, c.author_name, c.author_email, c.author_url, c.user_id, " \
	"c.created, c.body_html, c.path, lower(hex(c.edit_key)), c.moderated"
#define DB_COMMENT_NCOLS	15
void	db_comment_row(struct arena *, sqlite3_stmt *, struct comment *);

enum db_comment {
	DB_COMMENT_THREAD,
	DB_COMMENT_BY_ID,
	DB_COMMENT_INSERT,
	DB_COMMENT_NONCE_GET,
	DB_COMMENT_NONCE_PUT,
	DB_COMMENT_FINGERPRINT,
	DB_COMMENT_LAST_BY_ADDR,
	DB_COMMENT_COUNT_FROM,
	DB_COMMENT_LAST_BY_EMAIL,
	DB_COMMENT_TRUSTED,
	DB_COMMENT_HAS_REPLIES,
	DB_COMMENT_UPDATE_BODY,
	DB_COMMENT_DELETE,
	DB_COMMENT_SOURCE,
	DB_COMMENT_RECENT,
	DB_COMMENT_RECENT_POST,
	DB_COMMENT_ADDR,
	DB_COMMENT__MAX
};
extern const char *const db_comment_sql[DB_COMMENT__MAX];

/* What a new comment is made of, beyond struct comment. */
struct comment_new {
	const char		*body_md;
	const char		*addr;
	const char		*agent;
	const unsigned char	*fingerprint;	/* may be NULL */
	size_t			 fingerprint_len;
	const char		*import_key;	/* may be NULL */
	const unsigned char	*edit_key;	/* OWNER_KEY bytes, or NULL */
};

/*
 * The approved comments of a post in thread order (each reply right
 * after its parent's earlier replies), in an arena array, plus the held
 * or spam ones named in the JSON array `own' of [id, "edit_key hex"]
 * pairs (the browser's own, comment_owned; NULL or "[]" for none): a
 * pair opens a comment only with its own edit_key. 0 or -1.
 */
int	db_comment_thread(struct db *, struct arena *, int64_t post_id,
	    const char *own, struct comment **out, int *n);
/* The comment stored with a spent token nonce: its id, 0 if the nonce
   is unspent, -1 on error. */
int64_t	db_comment_by_nonce(struct db *, const unsigned char *nonce,
	    size_t len);
/* Record a nonce as spent by comment id (in the storing transaction):
   0, 1 if it was spent already (a race lost), -1 on error. */
int	db_comment_spend_nonce(struct db *, const unsigned char *nonce,
	    size_t len, int64_t comment_id, int64_t now);
/* Does comment id have this fingerprint? 1, 0, -1. */
int	db_comment_fingerprint_is(struct db *, int64_t id,
	    const unsigned char *fp, size_t len);
/* The newest comment time from an address or an email (0: none). */
int64_t	db_comment_last_from(struct db *, const char *addr,
	    const char *email);
/* How many comments came from an address since a time: n or -1. */
int64_t	db_comment_count_from(struct db *, const char *addr, int64_t since);
/*
 * Is this a returning commenter: an approved comment by the same name
 * and email, neither a user's, and the email no user's? 1, 0, -1.
 */
int	db_comment_trusted(struct db *, const char *name, const char *email);
/* Does comment id have replies? 1, 0, -1. */
int	db_comment_has_replies(struct db *, int64_t id);
/* Replace a comment's text and set its status: 0 or -1. */
int	db_comment_set_body(struct db *, int64_t id, const char *md,
	    const char *html, enum comment_status);
/* Column i of st as a comment status (one the schema does not allow
   reads as COMMENT_PENDING: held, never shown). For db_*.c. */
enum comment_status db_comment_col_status(sqlite3_stmt *, int i);
/* The newest approved comments on public posts (post_id 0: all posts),
   with their post's slug, title, type and date. 0 or -1. */
int	db_comment_recent(struct db *, struct arena *, int64_t post_id,
	    int limit, struct comment **out, int *n);
/* A comment's Markdown source, in the arena ("" if none). */
const char *db_comment_source(struct db *, struct arena *, int64_t id);
/* Delete a comment (triggers recount its post): 0 or -1. */
int	db_comment_delete(struct db *, int64_t id);
/* The network address a comment came from, in the arena ("" if none). */
const char *db_comment_addr(struct db *, struct arena *, int64_t id);
/* A comment by id: 1 (filled), 0 or -1. */
int	db_comment_by_id(struct db *, struct arena *, int64_t id,
	    struct comment *);
/*
 * Store a comment: c gives post, parent (0: top level), depth, type,
 * status, author, user and time; the thread path is made here, and the
 * post's comment count follows by triggers (sql/0005-counts.sql). Call
 * inside a transaction.
 * Returns the new id, or -1.
 */
int64_t	db_comment_add(struct db *, const struct comment *c,
	    const struct comment_new *);

#endif
