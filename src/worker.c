/* worker.c: what one serving process holds, opened and refreshed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db_post.h"
#include "template.h"
#include "worker.h"

/*
 * The built-in templates, then the theme's over them, into a new set:
 * it, or NULL with a message in err.
 */
static struct tmpl_set *
templates(const struct worker *w, char *err, size_t errsz)
{
	struct tmpl_set	*t;
	char		 dir[4096];

	t = tmpl_set_new();
	tmpl_set_lang(t, &w->lang);
	if (tmpl_set_load_dir(t, w->tmpl_dir, err, errsz) == -1)
		goto fail;
	if (w->theme_dir != NULL) {
		if ((size_t)snprintf(dir, sizeof(dir), "%s/templates",
		    w->theme_dir) >= sizeof(dir)) {
			snprintf(err, errsz, "%s: name too long", w->theme_dir);
			goto fail;
		}
		/* A theme may hold static files only. */
		if (access(dir, F_OK) == 0 &&
		    tmpl_set_load_dir(t, dir, err, errsz) == -1)
			goto fail;
	}
	if (!tmpl_has(t, "layout") || !tmpl_has(t, "error")) {
		snprintf(err, errsz, "%s: not a quire theme (no layout or "
		    "error template)", w->tmpl_dir);
		goto fail;
	}
	return t;
fail:
	tmpl_set_free(t);
	return NULL;
}

int
worker_set_theme(struct worker *w, const char *dir, char *err,
    size_t errsz)
{
	struct tmpl_set	*t;
	const char	*old = w->theme_dir;

	if (access(dir, F_OK) != 0) {
		snprintf(err, errsz, "--theme %s: %s", dir, strerror(errno));
		return -1;
	}
	w->theme_dir = dir;
	if ((t = templates(w, err, errsz)) == NULL) {
		w->theme_dir = old;
		return -1;
	}
	if (w->tmpl != NULL)
		tmpl_set_free(w->tmpl);
	w->tmpl = t;
	pagecache_clear(&w->cache);
	return 0;
}

int
worker_open(struct worker *w, const char *dbpath, const char *tmpl_dir,
    char *err, size_t errsz)
{
	int	 v;

	memset(w, 0, sizeof(*w));
	w->tmpl_dir = tmpl_dir;
	if (db_open(&w->db, dbpath, 0, err, errsz) == -1)
		return -1;
	if ((v = db_version(&w->db)) != db_version_latest()) {
		snprintf(err, errsz, "%s: schema version %d, this quire needs "
		    "%d: run 'quire migrate'%s", dbpath, v,
		    db_version_latest(), v == 0 ? " (or 'quire init')" : "");
		return -1;
	}
	if (site_load(&w->db, &w->site) == -1) {
		snprintf(err, errsz, "%s: cannot read settings", dbpath);
		return -1;
	}
	(void)i18n_open(&w->lang, w->site.language);
	date_lang_init(&w->dates, &w->lang);
	w->tmpl = tmpl_set_new();
	tmpl_set_lang(w->tmpl, &w->lang);
	if (tmpl_set_load_dir(w->tmpl, tmpl_dir, err, errsz) == -1)
		return -1;
	if (!tmpl_has(w->tmpl, "layout") || !tmpl_has(w->tmpl, "error")) {
		snprintf(err, errsz, "%s: not a quire theme (no layout or "
		    "error template)", tmpl_dir);
		return -1;
	}
	w->data_version = db_data_version(&w->db);
	w->next_due = -1;
	return 0;
}

void
worker_close(struct worker *w)
{
	pagecache_clear(&w->cache);
	if (w->tmpl != NULL)
		tmpl_set_free(w->tmpl);
	w->tmpl = NULL;
	site_free(&w->site);
	db_close(&w->db);
	arena_free(&w->arena);
}

int
worker_reload_templates(struct worker *w)
{
	struct tmpl_set	*t;
	char		 err[512];

	if ((t = templates(w, err, sizeof(err))) == NULL) {
		fprintf(stderr, "quire: reload templates: %s; keeping the "
		    "old ones\n", err);
		return -1;
	}
	tmpl_set_free(w->tmpl);
	w->tmpl = t;
	pagecache_clear(&w->cache);	/* pages made with the old ones */
	return 0;
}

/* After the settings were read: a new language re-translates the
   templates (the old ones stay if that fails, with the old catalog). */
static void
language_check(struct worker *w)
{
	struct i18n	 old = w->lang;

	if (strcmp(w->lang.tag, w->site.language) == 0)
		return;
	(void)i18n_open(&w->lang, w->site.language);
	if (worker_reload_templates(w) == -1)
		w->lang = old;
	date_lang_init(&w->dates, &w->lang);
}

void
worker_refresh(struct worker *w, int64_t now)
{
	int64_t	 v, next;
	int	 n;

	v = db_data_version(&w->db);
	if (v != w->data_version) {
		w->data_version = v;
		pagecache_clear(&w->cache);
		(void)site_load(&w->db, &w->site);
		language_check(w);
		w->next_due = -1;	/* scheduled posts may have changed */
	}
	if (w->next_due == -1 || (w->next_due > 0 && w->next_due <= now)) {
		/* Our own commit does not move data_version: no re-read. */
		if ((n = db_post_publish_due(&w->db, now, &next)) >= 0)
			w->next_due = next;
		if (n > 0) {
			pagecache_clear(&w->cache);
			(void)site_load(&w->db, &w->site);
		}
	}
}
