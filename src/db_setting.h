/* db_setting.h: named statements of the settings table. */
#ifndef QUIRE_DB_SETTING_H
#define QUIRE_DB_SETTING_H

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

#endif
