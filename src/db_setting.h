/* db_setting.h: named statements of the settings table. */
#ifndef QUIRE_DB_SETTING_H
#define QUIRE_DB_SETTING_H

#include <stdint.h>

struct arena;
struct db;

enum db_setting {
	DB_SETTING_ALL,
	DB_SETTING_GET,
	DB_SETTING_PUT,
	DB_SETTING_CHANGED,
	DB_SETTING_PAGES,
	DB_SETTING_PAGES_SET,
	DB_SETTING__MAX
};
extern const char *const db_setting_sql[DB_SETTING__MAX];

/* A stored setting. */
struct setting {
	const char	*key;
	const char	*value;
};

/* Every stored setting, in an arena array: 0 or -1 (logged). */
int	db_setting_all(struct db *, struct arena *, struct setting **,
	    int *n);
/* The stored value of key in *value (arena): 1, 0 (never set; *value
   untouched) or -1 (logged). */
int	db_setting_get(struct db *, struct arena *, const char *key,
	    const char **value);
/* Store key = value (replacing): 0 or -1 (logged). */
int	db_setting_put(struct db *, const char *key, const char *value);
/* The change clock and the real time it last moved: 1 (filled), 0 (no
   row) or -1 (logged). */
int	db_setting_changed(struct db *, int64_t *changed, int64_t *at);

#endif
