/* export.h: the whole blog as quire's JSON export or as a WordPress WXR 1.2 file. */
#ifndef QUIRE_EXPORT_H
#define QUIRE_EXPORT_H

#include <stddef.h>
#include <stdio.h>

struct db;
struct site;

#define EXPORT_FORMAT	"quire-export"
#define EXPORT_VERSION	1

/*
 * Write everything to f as JSON (docs/export-format.md): the settings
 * but the secret key, users without password hashes, tags, posts and
 * pages with their Markdown source and rendered HTML, comments and
 * redirects. Read in one read transaction (a consistent snapshot while
 * the server writes); ordering and formatting are fixed, so the same
 * database always gives the same bytes. Returns 0, or -1 with a reason
 * in err.
 */
int	export_json(struct db *, FILE *f, char *err, size_t errsz);

/*
 * Write the posts, pages, tags, authors and comments to f as a WXR 1.2
 * file that WordPress's importer reads: tags as post_tag terms, bodies
 * and comments as the stored HTML (CDATA, with "]]>" split), statuses
 * in WordPress's words. site gives the title and base URL, and its time
 * zone must be the process's (site_load). Returns 0, or -1 with err.
 */
int	export_wxr(struct db *, const struct site *, FILE *f, char *err,
	    size_t errsz);

#endif
