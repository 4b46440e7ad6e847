/* db_appearance.h: statements on the menu, the sidebar's blocks and the
   look of the site (sql/0015-appearance.sql). */
#ifndef QUIRE_DB_APPEARANCE_H
#define QUIRE_DB_APPEARANCE_H

#include <stdint.h>

struct arena;
struct db;

enum db_appearance {
	DB_APPEARANCE_MENU,
	DB_APPEARANCE_MENU_CLEAR,
	DB_APPEARANCE_MENU_ADD,
	DB_APPEARANCE_BLOCKS,
	DB_APPEARANCE_BLOCK_SET,
	DB_APPEARANCE_GET,
	DB_APPEARANCE_SET,
	DB_APPEARANCE_MONTHS,
	DB_APPEARANCE_PHOTOS,
	DB_APPEARANCE__MAX
};
extern const char *const db_appearance_sql[DB_APPEARANCE__MAX];

/* A menu item as stored, with what its target names (for its URL). */
struct menu_item {
	int64_t		 id;
	const char	*kind;		/* home page tag archive link */
	const char	*target;	/* an id, "YYYY[/MM]", a URL or "" */
	const char	*label;
	/* kind page: the page, if it exists and is published */
	const char	*page_slug;	/* "" if none */
	/* kind tag: the tag's slug, "" if it is gone */
	const char	*tag_slug;
};

/* One of the sidebar's blocks (kinds: sql/0015-appearance.sql). */
struct sidebar_block {
	const char	*kind;
	int		 position;
	int		 enabled;
	const char	*title;		/* the text block's heading */
	const char	*body_md;	/* the text block's Markdown */
	const char	*body_html;	/* rendered from body_md when saved */
};

/* The one row of the site's look. */
struct appearance {
	int64_t		 front_page;	/* a page's id, or 0: latest posts */
	int64_t		 icon_id;	/* photos, or 0 */
	int64_t		 logo_id;
	const char	*css;		/* extra CSS, "" for none */
	const char	*css_hash;	/* its hash, for its URL */
};

/* A month with public posts, for the archives block. */
struct archive_month {
	int		 year, month, count;
};

/* A photo to choose as icon or logo. */
struct photo_choice {
	int64_t		 id;
	const char	*name;		/* the uploaded file's name */
	int		 width, height;
};

/* The menu in order, into *out (arena): 0, or -1 (logged). */
int	db_appearance_menu(struct db *, struct arena *, struct menu_item **,
	    int *n);
/* Replace the menu by items[0..n) in that order (in the caller's
   transaction; targets and labels checked by the caller): 0 or -1. */
int	db_appearance_menu_set(struct db *, const struct menu_item *, int n);
/* Every sidebar block, in order: 0 or -1. */
int	db_appearance_blocks(struct db *, struct arena *,
	    struct sidebar_block **, int *n);
/* Store block b (by its kind): 0 or -1. */
int	db_appearance_block_set(struct db *, const struct sidebar_block *);
/* The look into *a (arena strings): 0 or -1. */
int	db_appearance_get(struct db *, struct arena *, struct appearance *);
/* Store the look: 0 or -1. */
int	db_appearance_set(struct db *, const struct appearance *);
/* The newest `limit' months with public posts, in the process's time
   zone: 0 or -1. */
int	db_appearance_months(struct db *, struct arena *, int limit,
	    struct archive_month **, int *n);
/* The ready photos, newest first (at most limit): 0 or -1. */
int	db_appearance_photos(struct db *, struct arena *, int limit,
	    struct photo_choice **, int *n);

#endif
