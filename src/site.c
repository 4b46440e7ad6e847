/* site.c: the site's settings, loaded into one typed struct. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "date.h"
#include "db.h"
#include "db_setting.h"
#include "mail.h"
#include "i18n.h"
#include "markdown.h"
#include "site.h"

const struct site_setting site_settings[] = {
	{ "title", "My blog", N_("the site's name"), 0, 0, 0 },
	{ "description", "", N_("a line under the title"), 0, 0, 0 },
	{ "base_url", "http://127.0.0.1:8080", N_("the public address, "
	    "e.g. https://example.org"), 0, 0, 0 },
	{ "timezone", "UTC", N_("an IANA zone such as Europe/Berlin"), 0, 0, 0 },
	{ "posts_per_page", "10", N_("posts on the home page and archives"),
	    1, 1, 100 },
	{ "moderation", "first", N_("none | first | all"), 0, 0, 0 },
	{ "max_depth", "5", N_("deepest level of comment replies"), 1, 1, 10 },
	{ "link_limit", "2", N_("comments with more links are held"), 1, 0, 1000 },
	{ "min_fill_seconds", "3", N_("forms sent faster are refused"),
	    1, 0, 86400 },
	{ "max_token_age", "172800", N_("seconds a comment form stays valid"),
	    1, 1, 365 * 86400L },
	{ "rate_limit", "5", N_("comments per minute from one address"),
	    1, 1, 1000000 },
	{ "flood_seconds", "15", N_("seconds between two comments from one "
	    "address or email"), 1, 0, 86400 },
	{ "close_after_days", "0", N_("close comments on older posts (0: never)"),
	    1, 0, 100000 },
	{ "blocklist", "", N_("words, emails, addresses: one per line"), 0, 0, 0 },
	{ "ip_days", "30", N_("days commenters' addresses and browsers are kept "
	    "whole; then addresses are cut to their network (0: at the next "
	    "pass, within 10 minutes)"), 1, 0, 3650 },
	{ "privacy_note", "", N_("Markdown shown under the comment form "
	    "(empty: nothing)"), 0, 0, 0 },
	{ "media_max_bytes", "26214400", N_("largest photo upload, in bytes"),
	    1, 1024, 1024L * 1024 * 1024 },
	{ "mail_from", "", N_("the address mail comes from (empty: quire@ "
	    "the host of the base URL)"), 0, 0, 0 },
	{ "mail_command", "/usr/sbin/sendmail -t -i", N_("the command mail is "
	    "piped to (run by /bin/sh; it reads the recipients from the "
	    "message)"), 0, 0, 0 },
	{ "notify_moderation", "each", N_("mail the post\xe2\x80\x99s author "
	    "and the admins when a comment is held: each | digest | off"),
	    0, 0, 0 },
	{ "notify_replies", "on", N_("offer commenters a mail for each reply "
	    "to their comment: on | off"), 0, 0, 0 },
	{ "language", "en", N_("the language of every page: a BCP 47 tag of a "
	    "shipped language (en, ar, de, es, fr, pl) or a regional variant "
	    "of one (de-AT, which uses de)"), 0, 0, 0 },
	{ "date_format", "", N_("how dates show: %e day, %d day 01-31, %B month "
	    "name, %m month 01-12, %Y year, %A weekday, %H:%M time, %g hour "
	    "1-12, %P am/pm, %% a percent sign (empty: the language's usual)"),
	    0, 0, 0 },
	{ "fetch_private", "0", N_("1: mentions may fetch loopback and private "
	    "addresses (for tests; never on a public site)"), 1, 0, 1 },
	{ "revisions_keep", "50", N_("revisions kept per post, besides every "
	    "published one"), 1, 1, 100000 },
	{ "preview_days", "7", N_("days a shared draft's link works"), 1, 1, 365 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};

static int
int_in(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (*s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static const struct site_setting *
find(const char *key)
{
	const struct site_setting	*s;

	for (s = site_settings; s->key != NULL; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

/* The int field of s that a numeric setting fills. */
static int *
int_field(struct site *s, const char *key)
{
	if (strcmp(key, "posts_per_page") == 0)
		return &s->per_page;
	if (strcmp(key, "max_depth") == 0)
		return &s->max_depth;
	if (strcmp(key, "link_limit") == 0)
		return &s->link_limit;
	if (strcmp(key, "min_fill_seconds") == 0)
		return &s->min_fill;
	if (strcmp(key, "max_token_age") == 0)
		return &s->max_age;
	if (strcmp(key, "rate_limit") == 0)
		return &s->rate_limit;
	if (strcmp(key, "flood_seconds") == 0)
		return &s->flood;
	if (strcmp(key, "close_after_days") == 0)
		return &s->close_days;
	if (strcmp(key, "ip_days") == 0)
		return &s->ip_days;
	if (strcmp(key, "media_max_bytes") == 0)
		return &s->media_max_bytes;
	if (strcmp(key, "fetch_private") == 0)
		return &s->fetch_private;
	if (strcmp(key, "revisions_keep") == 0)
		return &s->revisions_keep;
	if (strcmp(key, "preview_days") == 0)
		return &s->preview_days;
	return NULL;
}

/* Take one stored setting; an out-of-range number keeps the default. */
static void
apply(struct site *s, const char *key, const char *val)
{
	const struct site_setting	*d;
	long				 v;
	int				*f;

	if (strcmp(key, "secret_key") == 0) {
		s->has_key = sodium_hex2bin(s->key, sizeof(s->key), val,
		    strlen(val), NULL, NULL, NULL) == 0;
		return;
	}
	if ((d = find(key)) == NULL)
		return;
	if (d->is_int) {
		if ((f = int_field(s, key)) != NULL &&
		    int_in(val, d->min, d->max, &v) == 0)
			*f = (int)v;
		return;
	}
	val = arena_strdup(&s->arena, val);
	if (strcmp(key, "title") == 0)
		s->title = val;
	else if (strcmp(key, "description") == 0)
		s->description = val;
	else if (strcmp(key, "base_url") == 0)
		s->base_url = val;
	else if (strcmp(key, "timezone") == 0)
		s->timezone = val;
	else if (strcmp(key, "blocklist") == 0)
		s->blocklist = val;
	else if (strcmp(key, "language") == 0)
		s->language = i18n_tag_ok(val) ? val : "en";
	else if (strcmp(key, "date_format") == 0)
		s->date_format = date_format_ok(val) ? val : "";
	else if (strcmp(key, "privacy_note") == 0) {
		/* Rendered once per load, not per view: a short text. */
		s->privacy_note = *val != '\0' ? md_render_comment(&s->arena,
		    val, strlen(val)) : NULL;
	}
	else if (strcmp(key, "notify_replies") == 0)
		s->notify_replies = strcmp(val, "off") != 0;
	else if (strcmp(key, "moderation") == 0)
		s->moderation = strcmp(val, "none") == 0 ? MOD_NONE :
		    strcmp(val, "all") == 0 ? MOD_ALL : MOD_FIRST;
}

int
site_load(struct db *db, struct site *s)
{
	const struct site_setting	*d;
	struct setting			*v;
	struct arena			 a = { 0 };
	int64_t				 changed, at;
	int				 i, n;

	arena_reset(&s->arena);
	s->has_key = 0;
	for (d = site_settings; d->key != NULL; d++)
		apply(s, d->key, d->def);
	if (db_setting_all(db, &a, &v, &n) == -1) {
		arena_free(&a);
		return -1;
	}
	for (i = 0; i < n; i++)
		apply(s, v[i].key, v[i].value);
	arena_free(&a);
	s->changed = s->modified = 0;
	if (db_setting_changed(db, &changed, &at) == 1) {
		s->changed = changed;
		s->modified = at + 1;
		if (s->modified > s->changed)
			s->modified = s->changed;
	}
	if (date_set_zone(s->timezone) == -1) {
		fprintf(stderr, "quire: settings: unknown time zone %s; "
		    "using UTC\n", s->timezone);
		s->timezone = "UTC";
		(void)date_set_zone("UTC");
	}
	return 0;
}

void
site_free(struct site *s)
{
	arena_free(&s->arena);
	sodium_memzero(s->key, sizeof(s->key));
}

/* The mail settings (DESIGN.md, "Mail"). */
static int
mail_validate(const char *key, const char *value, char *err, size_t errsz)
{
	const char	*p;

	if (strcmp(key, "notify_moderation") == 0 && strcmp(value, "each") !=
	    0 && strcmp(value, "digest") != 0 && strcmp(value, "off") != 0) {
		snprintf(err, errsz, "notify_moderation must be each, digest "
		    "or off");
		return -1;
	}
	if (strcmp(key, "notify_replies") == 0 && strcmp(value, "on") != 0 &&
	    strcmp(value, "off") != 0) {
		snprintf(err, errsz, "notify_replies must be on or off");
		return -1;
	}
	if (strcmp(key, "mail_from") == 0 && *value != '\0' &&
	    !mail_addr_ok(value)) {
		snprintf(err, errsz, "mail_from must be an address such as "
		    "blog@example.org (no name, spaces or angle brackets)");
		return -1;
	}
	if (strcmp(key, "mail_command") == 0) {
		for (p = value; *p != '\0'; p++)
			if ((unsigned char)*p < ' ' || *p == 127)
				break;
		if (*value == '\0' || *p != '\0' || strlen(value) > 1000) {
			snprintf(err, errsz, "mail_command must be one line, "
			    "such as /usr/sbin/sendmail -t -i");
			return -1;
		}
	}
	return 0;
}

static int
validate(const char *key, const char *value, char *err, size_t errsz)
{
	const struct site_setting	*d = find(key);
	long				 v;

	if (d != NULL && d->is_int && int_in(value, d->min, d->max, &v) == -1) {
		snprintf(err, errsz, "%s must be a whole number from %ld to "
		    "%ld", key, d->min, d->max);
		return -1;
	}
	if (strcmp(key, "moderation") == 0 && strcmp(value, "none") != 0 &&
	    strcmp(value, "first") != 0 && strcmp(value, "all") != 0) {
		snprintf(err, errsz, "moderation must be none, first or all");
		return -1;
	}
	if (mail_validate(key, value, err, errsz) == -1)
		return -1;
	if (strcmp(key, "timezone") == 0 && date_zone_exists(value) == 0) {
		snprintf(err, errsz, "unknown time zone '%s' (an IANA name "
		    "such as Europe/Berlin)", value);
		return -1;
	}
	if (strcmp(key, "base_url") == 0 && strncmp(value, "http://", 7) != 0
	    && strncmp(value, "https://", 8) != 0) {
		snprintf(err, errsz, "base URL must start with http:// or "
		    "https://");
		return -1;
	}
	if (strcmp(key, "language") == 0 && !i18n_tag_ok(value)) {
		snprintf(err, errsz, "language must be a BCP 47 tag of a "
		    "shipped language (%s) or a regional variant of one, such "
		    "as de-AT", i18n_language_list);
		return -1;
	}
	if (strcmp(key, "date_format") == 0 && !date_format_ok(value)) {
		snprintf(err, errsz, "date format: only %%e %%d %%B %%m %%Y %%A "
		    "%%H %%M %%g %%P and %%%% are known, and at most 64 "
		    "characters");
		return -1;
	}
	if (strcmp(key, "title") == 0 && *value == '\0') {
		snprintf(err, errsz, "the title must not be empty");
		return -1;
	}
	return 0;
}

int
site_set(struct db *db, const char *key, const char *value, char *err,
    size_t errsz)
{
	int		 rc;
	size_t		 n;
	char		*trimmed = NULL;

	if (find(key) == NULL) {
		snprintf(err, errsz, "unknown setting '%s'", key);
		return -1;
	}
	if (strcmp(key, "base_url") == 0 && (n = strlen(value)) > 0 &&
	    value[n - 1] == '/') {
		if ((trimmed = strdup(value)) == NULL)
			abort();
		while (n > 0 && trimmed[n - 1] == '/')
			trimmed[--n] = '\0';
		value = trimmed;
	}
	if (validate(key, value, err, errsz) == -1) {
		free(trimmed);
		return -1;
	}
	rc = db_setting_put(db, key, value);
	free(trimmed);
	if (rc == -1) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

int
site_make_key(struct db *db)
{
	unsigned char	 key[32];
	char		 hex[65];
	int		 rc;

	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	rc = db_setting_put(db, "secret_key", hex);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}
