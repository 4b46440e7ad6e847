/* db_setting.c: statements on the settings table. */
#include "db_setting.h"

const char *const db_setting_sql[DB_SETTING__MAX] = {
	[DB_SETTING_ALL] =
	"SELECT key, value FROM settings",
	[DB_SETTING_GET] =
	"SELECT value FROM settings WHERE key = ?1",
	[DB_SETTING_PUT] =
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* DB_SETTING_CHANGED: the change clock first (pagedir.c reads
	   only it), then the real time it last moved */
	[DB_SETTING_CHANGED] =
	"SELECT changed, changed_at FROM site_state WHERE id = 1",
	[DB_SETTING_PAGES] =
	"SELECT pages FROM site_state WHERE id = 1",
	[DB_SETTING_PAGES_SET] =
	"UPDATE site_state SET pages = ?1 WHERE id = 1",
};
const int db_setting_n = DB_SETTING__MAX;
