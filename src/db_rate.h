/* db_rate.h: fixed-window rate counters (comments, logins). */
#ifndef QUIRE_DB_RATE_H
#define QUIRE_DB_RATE_H

#include <stdint.h>

struct db;

enum db_rate {
	DB_RATE_GET,
	DB_RATE_HIT,
	DB_RATE_PRUNE,
	DB_RATE__MAX
};
extern const char *const db_rate_sql[DB_RATE__MAX];

/* Hits on key in the window of `window' seconds holding now, or -1. */
int64_t	db_rate_count(struct db *, const char *key, int64_t now, int window);
/* Count one hit (in the caller's transaction); drops old windows now and
   then. 0 or -1. */
int	db_rate_hit(struct db *, const char *key, int64_t now, int window);

#endif
