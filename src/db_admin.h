/* db_admin.h: the statements behind the admin pages' lists and counts. */
#ifndef QUIRE_DB_ADMIN_H
#define QUIRE_DB_ADMIN_H

#include <stdint.h>

enum db_admin {
	DB_ADMIN_POST_COUNTS,		/* status, count (posts and pages) */
	DB_ADMIN_POST_LIST,		/* by status, title search, paged */
	DB_ADMIN_POST_LIST_COUNT,
	DB_ADMIN_COMMENT_COUNTS,	/* status, count */
	DB_ADMIN_COMMENT_LIST,		/* by status, paged, with post */
	DB_ADMIN_COMMENT_LIST_COUNT,
	DB_ADMIN_COMMENT_SET_STATUS,
	DB_ADMIN_POST_SET_STATUS,
	DB_ADMIN_POST_TRASH,
	DB_ADMIN_POST_RESTORE,
	DB_ADMIN_POST_DELETE,
	DB_ADMIN_REDIRECT_RETARGET,
	DB_ADMIN_REDIRECT_DROP,
	DB_ADMIN_TAG_LIST,		/* every tag, with its links */
	DB_ADMIN_REDIRECT_DROP_TO,
	DB_ADMIN_DRAFTS,		/* newest changed drafts, for the dashboard */
	DB_ADMIN__MAX
};
extern const char *const db_admin_sql[DB_ADMIN__MAX];

#endif
