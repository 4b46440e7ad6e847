/* db_privacy.c: statements on what quire keeps about a person: the
   addresses and user agents of comments and sessions (cut once they are
   ip_days old), and a commenter's comments by email (export, erasure).
   privacy.c steps them. */
#include <stddef.h>

#include "db.h"
#include "db_privacy.h"

/* An email (?1, trimmed) as the person may have typed it, in any case,
   with spaces around it (the index comments_email_nocase,
   sql/0008-privacy.sql). */
#define BY_EMAIL "trim(author_email) = ?1 COLLATE NOCASE"

const char *const db_privacy_sql[DB_PRIVACY__MAX] = {
	/* DB_PRIVACY_UNCUT: the oldest first (the partial index
	   comments_uncut holds only these rows) */
	[DB_PRIVACY_UNCUT] =
	"SELECT id, author_addr FROM comments WHERE addr_cut = 0 "
	"AND created < ?1 ORDER BY created LIMIT ?2",
	[DB_PRIVACY_CUT] =
	"UPDATE comments SET author_addr = ?2, author_agent = '', "
	"author_net = '', addr_cut = 1 WHERE id = ?1",
	/* DB_PRIVACY_SESSIONS_OLD: a few rows (the blog's authors) */
	[DB_PRIVACY_SESSIONS_OLD] =
	"SELECT id, addr, agent FROM sessions WHERE created < ?1",
	[DB_PRIVACY_SESSION_CUT] =
	"UPDATE sessions SET addr = ?2, agent = '' WHERE id = ?1",
	[DB_PRIVACY_COMMENTS] =
	"SELECT c.id, c.post_id, p.type, p.slug, p.published, p.title, "
	"c.parent_id, c.created, c.status, c.type, c.author_name, "
	"c.author_email, c.author_url, c.author_addr, c.author_agent, "
	"c.body_md FROM comments c JOIN posts p ON p.id = c.post_id "
	"WHERE trim(c.author_email) = ?1 COLLATE NOCASE "
	" ORDER BY c.created, c.id",
	/* DB_PRIVACY_USERS: a few rows */
	[DB_PRIVACY_USERS] =
	"SELECT id, login, name, email, role, bio_md, created FROM users "
	"WHERE trim(email) = ?1 COLLATE NOCASE ORDER BY id",
	[DB_PRIVACY_USER_SESSIONS] =
	"SELECT created, seen, addr, agent FROM sessions WHERE user_id = ?1 "
	"ORDER BY created",
	[DB_PRIVACY_COUNT] =
	"SELECT count(*) FROM comments WHERE " BY_EMAIL,
	/* DB_PRIVACY_ANONYMISE: the text and its place in the thread stay */
	[DB_PRIVACY_ANONYMISE] =
	"UPDATE comments SET author_name = 'Anonymous', author_email = '', "
	"author_url = '', author_addr = '', author_agent = '', "
	"author_net = '', addr_cut = 1, fingerprint = NULL, edit_key = NULL "
	"WHERE " BY_EMAIL,
	/* DB_PRIVACY_DELETE: replies stay (parent_id ON DELETE SET NULL;
	   their path still places them under the nearest ancestor left),
	   the posts' counts follow by triggers (sql/0005-counts.sql) */
	[DB_PRIVACY_DELETE] =
	"DELETE FROM comments WHERE " BY_EMAIL,
	/* DB_PRIVACY_WATCH: the replies a person asked to be mailed */
	[DB_PRIVACY_WATCH] =
	"SELECT comment_id, created, stopped FROM mail_watch "
	"WHERE email = ?1 COLLATE NOCASE ORDER BY comment_id",
	[DB_PRIVACY_ADDR] =
	"SELECT confirmed FROM mail_addrs WHERE email = ?1",
	/* DB_PRIVACY_ADDR_DROP: with the comments, the address's consent */
	[DB_PRIVACY_ADDR_DROP] =
	"DELETE FROM mail_addrs WHERE email = ?1",
};
const int db_privacy_n = DB_PRIVACY__MAX;
