/* db_admin.c: the statements behind the admin pages' lists and counts. */
#include "db.h"
#include "db_admin.h"

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
	"SELECT c.id, c.post_id, c.parent_id, c.depth, c.type, c.status, "
	"c.author_name, c.author_email, c.author_url, c.user_id, c.created, "
	"c.body_html, c.path, p.slug, p.title, p.type, p.published, "
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
