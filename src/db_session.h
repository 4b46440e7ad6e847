/* db_session.h: login sessions (only hashes of their cookies are kept). */
#ifndef QUIRE_DB_SESSION_H
#define QUIRE_DB_SESSION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

enum db_session {
	DB_SESSION_INSERT,
	DB_SESSION_BY_HASH,
	DB_SESSION_TOUCH,
	DB_SESSION_DELETE,
	DB_SESSION_DELETE_USER,
	DB_SESSION_LIST_USER,
	DB_SESSION_PRUNE,
	DB_SESSION_DELETE_OTHERS,
	DB_SESSION__MAX
};
extern const char *const db_session_sql[DB_SESSION__MAX];

struct session_row {
	int64_t		 id;
	int64_t		 user_id;
	unsigned char	 csrf[32];
	int64_t		 created;
	int64_t		 seen;
	const char	*addr;
	const char	*agent;
};

/* Store a session: its id, or -1. */
int64_t	db_session_insert(struct db *, const unsigned char hash[32],
	    int64_t user_id, const unsigned char csrf[32], int64_t now,
	    const char *addr, const char *agent);
/* A session by the hash of its cookie: 1 (filled), 0, -1. */
int	db_session_by_hash(struct db *, struct arena *,
	    const unsigned char hash[32], struct session_row *);
/* Note activity; delete one or all of a user's; 0 or -1. */
int	db_session_touch(struct db *, int64_t id, int64_t now);
int	db_session_delete(struct db *, int64_t id, int64_t user_id);
int	db_session_delete_user(struct db *, int64_t user_id);
/* A user's sessions, newest first (arena array). 0 or -1. */
int	db_session_list(struct db *, struct arena *, int64_t user_id,
	    struct session_row **, int *n);
/* Delete sessions idle since `idle_before' or made before `born_before'. */
int	db_session_prune(struct db *, int64_t idle_before, int64_t born_before);
/* Delete all of a user's sessions but `keep' (another user's session id,
   or 0, keeps all of theirs going). 0 or -1. */
int	db_session_delete_others(struct db *, int64_t user_id, int64_t keep);

#endif
