/* db_user.h: typed access to users. */
#ifndef QUIRE_DB_USER_H
#define QUIRE_DB_USER_H

#include <stdint.h>

struct arena;
struct db;
struct user;

enum db_user {
	DB_USER_BY_LOGIN,
	DB_USER_BY_ID,
	DB_USER_INSERT,
	DB_USER_SET_PASSWORD,
	DB_USER_FIRST_ADMIN,
	DB_USER_SET_BIO,
	DB_USER_LIST,
	DB_USER_ADMIN_COUNT,
	DB_USER_UPDATE,
	DB_USER_SET_PASSWORD_ID,
	DB_USER_GIVE_POSTS,
	DB_USER_DELETE,
	DB_USER__MAX
};
extern const char *const db_user_sql[DB_USER__MAX];

/* Is s a login: 1-60 of [a-z0-9._-], starting with a letter or digit? */
int	db_user_login_valid(const char *s);
/* A user by login or id: 1 (filled, strings in the arena), 0, -1. */
int	db_user_by_login(struct db *, struct arena *, const char *login,
	    struct user *);
int	db_user_by_id(struct db *, struct arena *, int64_t id, struct user *);
/* Add a user (pwhash may be NULL): the new id, 0 if the login is
   taken, -1 on error. */
int64_t	db_user_add(struct db *, const struct user *, int64_t now);
/* Set the password hash of login: 1, 0 (no such user), -1. */
int	db_user_set_password(struct db *, const char *login,
	    const char *pwhash);
/* Set a user's bio (Markdown and its rendering): 1, 0, -1. */
int	db_user_set_bio(struct db *, int64_t id, const char *md,
	    const char *html);
/* The login of the oldest admin, in the arena, or NULL. */
const char *db_user_first_admin(struct db *, struct arena *);

/* A user as the admin's list shows it. */
struct user_row {
	struct user	*u;
	int64_t		 posts;		/* posts and pages, any status */
};
/* Every user by login, with post counts (arena array): 0 or -1. */
int	db_user_list(struct db *, struct arena *, struct user_row **,
	    int *n);
/* How many admins there are, or -1. */
int64_t	db_user_admin_count(struct db *);
/* Set name, email, role and bio (Markdown and its rendering) of id:
   1, 0 (no such user), -1. */
int	db_user_update(struct db *, const struct user *);
/* Set the password hash of id: 1, 0 (no such user), -1. */
int	db_user_set_password_id(struct db *, int64_t id, const char *pwhash);
/*
 * Remove user id, giving their posts to heir; their comments stay with
 * user_id NULL and their sessions go (foreign keys). Call inside a
 * transaction. 1, 0 (no such user), -1.
 */
int	db_user_remove(struct db *, int64_t id, int64_t heir);

#endif
