/* page_chrome.h: what the layout shows around every themed page: the
   menu, the sidebar's blocks, the site icon and logo, the extra CSS. */
#ifndef QUIRE_PAGE_CHROME_H
#define QUIRE_PAGE_CHROME_H

struct req;
struct resp;
struct tval;
struct appearance;
struct menu_item;

/*
 * Fill ctx (a themed page's root) with "menu" (label, url, current),
 * "sidebar" (the blocks that are on, in order, each an object with one
 * of search, recent_posts, recent_comments, tags, archives, text set),
 * "has_sidebar", "icon" and "logo" (src, type or width and height) and
 * "custom_css" (its URL), all in r's arena. 0, or -1 on a database
 * error.
 */
int	page_chrome(struct req *, struct tval *ctx);
/*
 * The URL a menu item links to, in the arena, or NULL when what it
 * names is gone (a page unpublished or deleted, a tag deleted).
 */
const char *page_chrome_menu_url(struct req *, const struct menu_item *);
/*
 * GET /custom.css: the extra CSS of /admin/appearance as text/css;
 * cached for a year when ?v= is its hash (the URL the layout links to),
 * else revalidated. 200 (empty when there is none).
 */
int	page_chrome_css(struct req *, struct resp *);

#endif
