/*
 * pagedir.h: page files that nginx serves without asking quire (the
 * second cache tier, `quire serve --pages DIR`).
 *
 * DIR/current is a symbolic link to one generation, DIR/gCLOCK-TIME,
 * named after the change clock (site_state.changed, moved by triggers on
 * every change a reader can see) of the state its pages show. A page is
 * only ever written into the generation of the clock it was rendered
 * at, and `current` is moved (under DIR/.lock) to the generation of the
 * clock read after a commit, before the writer answers: so a file nginx
 * finds through `current` is never older than the last change. Old
 * generations are removed by the master a few seconds after they stop
 * being current (a request may still be reading one).
 *
 * In a generation: PATH/index.html and PATH/index.atom are whole pages;
 * PATH/form.html is a page with a comment form up to its token, whose
 * field is the page's last element (form="commentform"): nginx sends
 * the file and appends a fresh token and PAGEDIR_FORM_TAIL to it
 * (echo_after_body in contrib/nginx.conf), so the file is sent as it is,
 * with sendfile, and only the token is made per view. DIR/token.conf is
 * the nginx include with the key nginx signs those tokens with
 * (antispam.h, edge_key_conf).
 */
#ifndef QUIRE_PAGEDIR_H
#define QUIRE_PAGEDIR_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define PAGEDIR_GEN_MAX	48
#define PAGEDIR_GRACE	10	/* seconds a retired generation is kept */
#define PAGEDIR_REFRESH	60	/* seconds between fresh generations */
/* What follows the token in a page with a comment form, as nginx's
   echo_after_body in contrib/nginx.conf writes it. */
#define PAGEDIR_FORM_TAIL "\" form=\"commentform\">\n</body>\n</html>\n"

/*
 * Make DIR if missing and (re)write DIR/token.conf (mode 0600: nginx's
 * master reads it when it loads its configuration) from the site's key.
 * 0, or -1 with the reason in err.
 */
int	pagedir_open(const char *dir, const unsigned char key[32], char *err,
	    size_t errsz);
/* What DIR/current points at, in gen: 0, or -1 if nothing (gen ""). */
int	pagedir_current(const char *dir, char gen[PAGEDIR_GEN_MAX]);
/* The clock a generation's name carries, or -1. */
int64_t	pagedir_gen_clock(const char *gen);
/*
 * Point DIR/current at the generation of the database's clock as it is
 * now (read under DIR/.lock). fresh: a new generation even if the clock
 * has not moved (pages that depend on the time, e.g. comments closing
 * after N days; a new template set). 1 if moved, 0 if already there,
 * -1 on error (said on stderr).
 */
int	pagedir_flip(const char *dir, struct db *, int fresh);
/*
 * Store a rendered page for path (a request path ending in '/', made of
 * [A-Za-z0-9._~/-] only, else nothing is stored) in generation gen, if
 * gen is still current and is that of clock (the change clock the page
 * was rendered at). hole: the offset of the token hole in body (holelen
 * bytes), or -1 for a page without a form; a page with one is stored
 * only if PAGEDIR_FORM_TAIL follows its hole. type: the Content-Type.
 * A whole page's ETag and Last-Modified as nginx will send them go to
 * etag (PAGEDIR_ETAG bytes) and *mtime, if etag is not NULL.
 * 1 if stored, 0 if not, -1 on a write error.
 */
#define PAGEDIR_ETAG	40
int	pagedir_store(const char *dir, const char *gen, int64_t clock,
	    const char *path, const char *type, const char *body, size_t len,
	    long hole, size_t holelen, char *etag, int64_t *mtime);
/*
 * The master's sweep: remove generations that have not been current
 * for PAGEDIR_GRACE seconds. retired/at remember when each was last seen
 * in use (n slots, kept by the caller between calls).
 */
struct pagedir_seen {
	char	 gen[PAGEDIR_GEN_MAX];
	int64_t	 at;
};
void	pagedir_sweep(const char *dir, struct pagedir_seen *, size_t n,
	    int64_t now);
/* The directory recorded by `quire serve --pages` in the database, or
   NULL (malloc'd; the caller frees). */
char	*pagedir_recorded(struct db *);
/* Record dir (NULL: none) in the database for the command line. */
int	pagedir_record(struct db *, const char *dir);

#endif
