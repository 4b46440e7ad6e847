/* worker.h: what one serving process holds for its lifetime. */
#ifndef QUIRE_WORKER_H
#define QUIRE_WORKER_H

#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "db.h"
#include "i18n.h"
#include "pagecache.h"
#include "pagedir.h"
#include "site.h"

struct tmpl_set;

/*
 * Everything a request handler may use beyond its request: the database
 * connection with its prepared statements, the parsed templates, the
 * site's settings (reloaded when another process commits), and the
 * per-request arena. One per process; no globals.
 */
struct worker {
	struct db	 db;
	struct tmpl_set	*tmpl;
	const char	*tmpl_dir;
	const char	*theme_dir;	/* --theme: overrides, or NULL */
	const char	*pages;		/* page files for nginx, or NULL */
	const char	*media;		/* photos' files (media.h), or NULL */
	char		 pages_gen[PAGEDIR_GEN_MAX];	/* last seen */
	struct site	 site;
	struct i18n	 lang;		/* site.language's catalog; the
					   templates are translated by it */
	struct date_lang dates;		/* its month names, formats */
	int64_t		 data_version;	/* last seen PRAGMA data_version */
	int64_t		 next_due;	/* earliest scheduled post, 0 none */
	struct arena	 arena;		/* reset after every request */
	struct pagecache cache;		/* rendered public pages */
};

/*
 * Open the database and load templates and settings. Returns 0, or -1
 * with a message in err; worker_close() in either case.
 */
int	worker_open(struct worker *, const char *dbpath, const char *tmpl_dir,
	    char *err, size_t errsz);
void	worker_close(struct worker *);
/*
 * Use the theme in dir (quire serve --theme): each template in
 * DIR/templates replaces the built-in one of its name, now and at each
 * reload. dir must outlive the worker. 0, or -1 with a message in err
 * (the built-in templates stay).
 */
int	worker_set_theme(struct worker *, const char *dir, char *err,
	    size_t errsz);
/* Re-read the templates (SIGHUP); keeps the old ones on error. */
int	worker_reload_templates(struct worker *);
/*
 * Before each request: reload the settings and empty the page cache if
 * another connection has committed since, and publish scheduled posts
 * that are due (which empties the cache too).
 */
void	worker_refresh(struct worker *, int64_t now);

#endif
