/* db_redirect.h: old paths answered with a 301. */
#ifndef QUIRE_DB_REDIRECT_H
#define QUIRE_DB_REDIRECT_H

#include <stdint.h>

struct arena;
struct db;

enum db_redirect {
	DB_REDIRECT_GET,
	DB_REDIRECT_PUT,
	DB_REDIRECT__MAX
};
extern const char *const db_redirect_sql[DB_REDIRECT__MAX];

/* Where old_path now lives (arena string), or NULL: also when what is
   stored is not a path on this site (url_local_path). */
const char *db_redirect_get(struct db *, struct arena *, const char *old_path);
/* Record old_path -> new_path (replacing): 0 or -1. */
int	db_redirect_put(struct db *, const char *old_path,
	    const char *new_path, int64_t now);

#endif
