/* db_privacy.h: named statements of privacy.c (what is kept about a
   person: cutting addresses, export and erasure by email). */
#ifndef QUIRE_DB_PRIVACY_H
#define QUIRE_DB_PRIVACY_H

enum db_privacy {
	DB_PRIVACY_UNCUT,		/* ?1 before, ?2 at most: id, addr */
	DB_PRIVACY_CUT,			/* ?1 id, ?2 the cut address */
	DB_PRIVACY_SESSIONS_OLD,	/* ?1 before: id, addr, agent */
	DB_PRIVACY_SESSION_CUT,		/* ?1 id, ?2 the cut address */
	DB_PRIVACY_COMMENTS,		/* ?1 email: a person's comments */
	DB_PRIVACY_USERS,		/* ?1 email: users with it */
	DB_PRIVACY_USER_SESSIONS,	/* ?1 user id: their sessions */
	DB_PRIVACY_COUNT,		/* ?1 email: how many comments */
	DB_PRIVACY_ANONYMISE,		/* ?1 email */
	DB_PRIVACY_DELETE,		/* ?1 email */
	DB_PRIVACY_WATCH,		/* ?1 email: reply subscriptions */
	DB_PRIVACY_ADDR,		/* ?1 email: when it was confirmed */
	DB_PRIVACY_ADDR_DROP,		/* ?1 email: forget the confirmation */
	DB_PRIVACY__MAX
};
extern const char *const db_privacy_sql[DB_PRIVACY__MAX];

#endif
