/* admin_settings.c: the site's settings page (title, address, time zone,
   paging, comment policy, blocklist, privacy, mail); admins only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_setting.h"
#include "http.h"
#include "i18n.h"
#include "site.h"
#include "template.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

enum field_kind {
	FIELD_TEXT,	/* one line of text */
	FIELD_URL,	/* one line, an http(s) address */
	FIELD_NUMBER,	/* a whole number in [lo, hi] */
	FIELD_CHOICE,	/* moderation: radio buttons */
	FIELD_LINES,	/* a textarea, one entry a line */
	FIELD__MAX
};

/* The options of a choice (radio buttons). */
struct choice {
	const char	*value;
	const char	*label;
};

static const struct choice moderation_choices[] = {
	{ "none", N_("None: publish comments at once") },
	{ "first", N_("First: hold a commenter\xe2\x80\x99s first comment") },
	{ "all", N_("All: hold every comment") },
	{ NULL, NULL }
};

static const struct choice notify_moderation_choices[] = {
	{ "each", N_("Each: a mail for every comment held") },
	{ "digest", N_("Digest: one mail a day listing the comments waiting") },
	{ "off", N_("Off: no mail") },
	{ NULL, NULL }
};

static const struct choice notify_replies_choices[] = {
	{ "on", N_("On: commenters may ask for a mail for each reply") },
	{ "off", N_("Off: the form does not offer it") },
	{ NULL, NULL }
};

/*
 * The form, in the order it shows, in two groups. Help texts, defaults
 * and number ranges come from site_settings[]. The secret key is not
 * here, so it is never shown nor changed.
 */
static const struct field {
	const char	*key;
	const char	*label;
	enum field_kind	 kind;
	int		 group;		/* 0: general, 1: comments, 2: privacy,
					   3: mail */
	size_t		 max;		/* bytes */
	const struct choice *choices;	/* FIELD_CHOICE */
} fields[] = {
	{ "title", N_("Site title"), FIELD_TEXT, 0, 200, NULL },
	{ "description", N_("Tagline"), FIELD_TEXT, 0, 500, NULL },
	{ "base_url", N_("Base URL"), FIELD_URL, 0, 500, NULL },
	{ "timezone", N_("Time zone"), FIELD_TEXT, 0, 64, NULL },
	{ "posts_per_page", N_("Posts per page"), FIELD_NUMBER, 0, 20, NULL },
	{ "language", N_("Site language"), FIELD_TEXT, 0, 35, NULL },
	{ "date_format", N_("Date format"), FIELD_TEXT, 0, 64, NULL },
	{ "moderation", N_("Hold comments for moderation"), FIELD_CHOICE, 1, 10,
	    moderation_choices },
	{ "max_depth", N_("Maximum reply depth"), FIELD_NUMBER, 1, 20, NULL },
	{ "link_limit", N_("Links allowed in a comment"), FIELD_NUMBER, 1, 20,
	    NULL },
	{ "min_fill_seconds", N_("Minimum fill time (seconds)"), FIELD_NUMBER, 1,
	    20, NULL },
	{ "rate_limit", N_("Rate limit (comments per minute)"), FIELD_NUMBER, 1,
	    20, NULL },
	{ "flood_seconds", N_("Flood interval (seconds)"), FIELD_NUMBER, 1, 20,
	    NULL },
	{ "close_after_days", N_("Close comments after (days)"), FIELD_NUMBER, 1,
	    20, NULL },
	{ "max_token_age", N_("Maximum form age (seconds)"), FIELD_NUMBER, 1, 20,
	    NULL },
	{ "revisions_keep", N_("Revisions kept per post (besides every published "
	    "one)"), FIELD_NUMBER, 0, 20, NULL },
	{ "preview_days", N_("Shared draft links work for (days)"), FIELD_NUMBER,
	    0, 20, NULL },
	{ "blocklist", N_("Blocklist"), FIELD_LINES, 1, 32 * 1024, NULL },
	{ "ip_days", N_("Keep commenters\xe2\x80\x99 addresses whole (days)"),
	    FIELD_NUMBER, 2, 20, NULL },
	{ "privacy_note", N_("Privacy note under the comment form"), FIELD_LINES,
	    2, 4096, NULL },
	{ "mail_from", N_("Mail from"), FIELD_TEXT, 3, 254, NULL },
	{ "mail_command", N_("Mail command"), FIELD_TEXT, 3, 1000, NULL },
	{ "notify_moderation", N_("Mail about comments awaiting moderation"),
	    FIELD_CHOICE, 3, 10, notify_moderation_choices },
	{ "notify_replies", N_("Mail commenters replies to their comments"),
	    FIELD_CHOICE, 3, 10, notify_replies_choices },
	{ NULL, NULL, FIELD__MAX, 0, 0, NULL }
};

#define NFIELDS	(sizeof(fields) / sizeof(fields[0]) - 1)

/* What the form holds: a value and, after a failed save, an error. */
struct entry {
	const char	*value;
	const char	*error;
};

/* The site_settings[] entry of key (every field has one). */
static const struct site_setting *
setting(const char *key)
{
	const struct site_setting	*s;

	for (s = site_settings; s->key != NULL; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	abort();
}

/* The stored value of a setting (its default if never set), or NULL on
   a database error. */
static const char *
stored(struct req *r, const char *key)
{
	const char	*v = setting(key)->def;

	if (db_setting_get(&r->w->db, r->arena, key, &v) == -1)
		return NULL;
	return v;
}

static void
render_field(struct req *r, struct tval *list, const struct field *f,
    const struct entry *e)
{
	const struct site_setting	*d = setting(f->key);
	struct tval			*o, *opts, *c;
	int				 i;

	o = tmpl_list_obj(list);
	tmpl_set_text(o, "key", f->key);
	tmpl_set_text(o, "label", _(&r->w->lang, f->label));
	if (d->is_int)
		tmpl_set_textf(o, "help", "%s (%ld\xe2\x80\x93%ld)", _(&r->w->lang, d->help),
		    d->min, d->max);
	else
		tmpl_set_text(o, "help", _(&r->w->lang, d->help));
	tmpl_set_text(o, "value", e->value);
	tmpl_set_int(o, "maxlength", (long long)f->max);
	tv_set(o, "field_error", e->error != NULL ? tv_text(r->arena,
	    _(&r->w->lang, e->error)) : tv_null(r->arena));
	tmpl_set_bool(o, "is_line", f->kind == FIELD_TEXT ||
	    f->kind == FIELD_URL || f->kind == FIELD_NUMBER);
	tmpl_set_bool(o, "is_number", f->kind == FIELD_NUMBER);
	tmpl_set_bool(o, "is_url", f->kind == FIELD_URL);
	tmpl_set_bool(o, "is_lines", f->kind == FIELD_LINES);
	tmpl_set_bool(o, "is_choice", f->kind == FIELD_CHOICE);
	if (f->kind != FIELD_CHOICE)
		return;
	opts = tmpl_set_list(o, "choices");
	for (i = 0; f->choices[i].value != NULL; i++) {
		c = tmpl_list_obj(opts);
		tmpl_set_text(c, "choice", f->choices[i].value);
		tmpl_set_text(c, "choice_label", _(&r->w->lang,
		    f->choices[i].label));
		tmpl_set_bool(c, "checked", strcmp(e->value,
		    f->choices[i].value) == 0);
	}
}

/* The page, with the values (and errors) in e, one per field. */
static int
settings_page(struct req *r, struct resp *resp, const struct entry *e,
    int nerrors, int status)
{
	struct tval	*ctx, *groups, *g, *list;
	size_t		 i;
	int		 grp;
	static const char *const legends[] = { N_("General"), N_("Comments"),
	    N_("Privacy"), N_("Mail") };

	if ((ctx = admin_ctx(r, resp, N_("Settings"), "settings",
	    "admin_settings")) == NULL)
		return 500;
	if (nerrors > 0)
		tmpl_set_text(ctx, "error", i18n_format(r->arena,
		    _n(&r->w->lang, "Nothing was saved: one field needs "
		    "correcting.", "Nothing was saved: {n} fields need "
		    "correcting.", (unsigned long)nerrors), "n",
		    arena_printf(r->arena, "%d", nerrors), NULL));
	groups = tmpl_set_list(ctx, "groups");
	for (grp = 0; grp < 4; grp++) {
		g = tmpl_list_obj(groups);
		tmpl_set_text(g, "legend", _(&r->w->lang, legends[grp]));
		list = tmpl_set_list(g, "fields");
		for (i = 0; i < NFIELDS; i++)
			if (fields[i].group == grp)
				render_field(r, list, &fields[i], &e[i]);
	}
	return status;
}

/* Leading and trailing white space off a one-line value. */
static const char *
trim(struct arena *a, const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* Lines as the browser sends them (CRLF) stored as LF. */
static const char *
unix_lines(struct arena *a, const char *s)
{
	char	*t, *p;

	t = arena_strdup(a, s);
	for (p = t; *s != '\0'; s++)
		if (*s != '\r')
			*p++ = *s;
		else if (s[1] != '\n')
			*p++ = '\n';
	*p = '\0';
	return t;
}

/* "base URL must ..." as a sentence: "Base URL must ...". */
static const char *
sentence(struct arena *a, const char *s)
{
	char	*t;

	t = arena_printf(a, "%s.", s);
	t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

/*
 * Why site_set refused value for key, in the site's language: site_set
 * has one rule per key, so the key says which (err, its English words,
 * for a key not listed).
 */
static const char *
refusal(struct req *r, const char *key, const char *value, const char *err)
{
	static const struct {
		const char	*key, *why;
	} words[] = {
		{ "base_url", N_("Base URL must start with http:// or "
		    "https://.") },
		{ "title", N_("The title must not be empty.") },
		{ "moderation", N_("Moderation must be none, first or all.") },
		{ "notify_moderation", N_("Please choose each, digest or "
		    "off.") },
		{ "notify_replies", N_("Please choose on or off.") },
		{ "mail_from", N_("This must be an address such as "
		    "blog@example.org (no name, spaces or angle brackets).") },
		{ "mail_command", N_("The mail command must be one line, such "
		    "as /usr/sbin/sendmail -t -i.") },
		/* xgettext:no-c-format */
		{ "date_format", N_("Date format: only %e %d %B %m %Y %A %H %M "
		    "%g %P and %% are known, and at most 64 characters.") },
	};
	const struct i18n	*l = &r->w->lang;
	size_t			 i;

	if (strcmp(key, "timezone") == 0)
		return i18n_format(r->arena, _(l, "Unknown time zone "
		    "\xe2\x80\x9c{zone}\xe2\x80\x9d (an IANA name such as "
		    "Europe/Berlin)."), "zone", value, NULL);
	if (strcmp(key, "language") == 0)
		return i18n_format(r->arena, _(l, "Language must be a BCP 47 "
		    "tag of a shipped language ({languages}) or a regional "
		    "variant of one, such as de-AT."), "languages",
		    i18n_language_list, NULL);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(key, words[i].key) == 0)
			return _(l, words[i].why);
	return sentence(r->arena, err);
}

/* An http(s) address without a host, or with characters no address
   has. Other schemes pass: site_set names the rule they break. */
static int
url_bad(const char *v)
{
	const char	*h;

	if (strncmp(v, "http://", 7) == 0)
		h = v + 7;
	else if (strncmp(v, "https://", 8) == 0)
		h = v + 8;
	else
		return 0;
	return *h == '\0' || *h == '/' || strpbrk(v, " \t\"'<>\\") != NULL;
}

/*
 * Check what the form holds for f (kv: the submitted pair) and make the
 * value to store in *out. NULL if it may go on to site_set, else why not.
 */
static const char *
check(struct req *r, const struct field *f, const struct kv *kv,
    const char **out)
{
	const struct site_setting	*d;
	const char			*v = kv->val;
	char				*end;
	long				 n;

	if (!text_clean(v, kv->vallen))
		return N_("This holds characters that are not allowed (control "
		    "characters or invalid text).");
	if (kv->vallen > f->max)
		return i18n_format(r->arena, _n(&r->w->lang, "This is too "
		    "long: at most {n} byte.", "This is too long: at most {n} "
		    "bytes.", f->max), "n", arena_printf(r->arena, "%zu",
		    f->max), NULL);
	if (f->kind == FIELD_LINES) {
		*out = unix_lines(r->arena, v);
		return NULL;
	}
	if (strpbrk(v, "\r\n") != NULL)
		return N_("This must be one line.");
	*out = v = trim(r->arena, v);
	if (f->kind == FIELD_URL && url_bad(v))
		return N_("Please give the full address, such as "
		    "https://example.org.");
	if (f->kind == FIELD_NUMBER) {
		d = setting(f->key);
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || n < d->min || n > d->max)
			return i18n_format(r->arena, _(&r->w->lang, "Please "
			    "give a whole number from {min} to {max}."), "min",
			    arena_printf(r->arena, "%ld", d->min), "max",
			    arena_printf(r->arena, "%ld", d->max), NULL);
	}
	return NULL;
}

/*
 * Store every submitted field in one transaction; a field not in the
 * form keeps its value. The number of fields in error (e[] says which
 * and why), or -1 if the database failed.
 */
static int
save(struct req *r, struct entry *e)
{
	const struct kv	*kv;
	const char	*v, *why;
	char		 err[256];
	size_t		 i;
	int		 nerrors = 0;

	if (db_begin(&r->w->db) == -1)
		return -1;
	for (i = 0; i < NFIELDS; i++) {
		if ((kv = kv_find(r->form, fields[i].key)) == NULL)
			continue;
		e[i].value = kv->val;
		v = NULL;
		if ((why = check(r, &fields[i], kv, &v)) == NULL &&
		    site_set(&r->w->db, fields[i].key, v, err,
		    sizeof(err)) == -1)
			why = refusal(r, fields[i].key, v, err);
		if (why != NULL) {
			e[i].error = why;
			nerrors++;
		}
	}
	if (nerrors > 0) {
		db_rollback(&r->w->db);
		return nerrors;
	}
	if (db_commit(&r->w->db) == -1)
		return -1;
	return 0;
}

/*
 * GET /admin/settings: the settings form (admins only; 403 for authors).
 * POST /admin/settings (title, description, base_url, timezone,
 * posts_per_page, moderation, max_depth, link_limit, min_fill_seconds,
 * rate_limit, flood_seconds, close_after_days, max_token_age, blocklist,
 * ip_days, privacy_note, mail_from, mail_command, notify_moderation,
 * notify_replies, revisions_keep, preview_days):
 * all validated and stored in one transaction: 303 to ?done=saved; 422
 * with nothing saved, every value as typed and each error beside its
 * field; 503 if the database is busy.
 */
static int
load(struct req *r, struct entry e[NFIELDS])
{
	size_t	 i;

	memset(e, 0, sizeof(struct entry) * NFIELDS);
	for (i = 0; i < NFIELDS; i++)
		if ((e[i].value = stored(r, fields[i].key)) == NULL)
			return -1;
	return 0;
}

int
admin_settings_show(struct req *r, struct resp *resp)
{
	struct entry	 e[NFIELDS];

	if (load(r, e) == -1)
		return 503;
	return settings_page(r, resp, e, 0, 200);
}

/* A held form (held.h): every value as typed, a notice, nothing saved. */
static int
held_page(struct req *r, struct resp *resp, struct entry e[NFIELDS])
{
	const struct kv	*kv;
	size_t		 i;
	int		 status;

	for (i = 0; i < NFIELDS; i++)
		if ((kv = kv_find(r->form, fields[i].key)) != NULL)
			e[i].value = kv->val;
	status = settings_page(r, resp, e, 0, 200);
	if (resp->ctx != NULL)
		tmpl_set_text(resp->ctx, "notice", ADMIN_HELD_NOTICE);
	return status;
}

int
admin_settings_save(struct req *r, struct resp *resp)
{
	struct entry	 e[NFIELDS];
	int		 n;

	if (load(r, e) == -1)
		return 503;
	if (r->held)	/* back after a login: shown, not saved (held.h) */
		return held_page(r, resp, e);
	if ((n = save(r, e)) == -1)
		return 503;
	if (n > 0)
		return settings_page(r, resp, e, n, 422);
	/* This worker's own commit does not move data_version: reload. */
	if (site_load(&r->w->db, &r->w->site) == -1)
		return 503;
	return admin_done(r, resp, "/admin/settings", "saved");
}
