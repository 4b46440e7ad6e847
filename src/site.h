/* site.h: the site's settings, as one typed struct. */
#ifndef QUIRE_SITE_H
#define QUIRE_SITE_H

#include <stdint.h>

#include "arena.h"

struct db;
struct html;

enum moderation {
	MOD_NONE,	/* publish at once */
	MOD_FIRST,	/* hold a commenter's first comment */
	MOD_ALL,	/* hold every comment */
	MOD__MAX
};

struct site {
	struct arena	 arena;		/* the strings below */
	const char	*title;
	const char	*description;
	const char	*base_url;	/* no trailing slash */
	const char	*timezone;
	int		 per_page;
	enum moderation	 moderation;
	int		 max_depth;
	int		 link_limit;
	int		 min_fill;	/* seconds */
	int		 max_age;	/* seconds */
	int		 rate_limit;	/* comments per minute per address */
	int		 flood;		/* seconds between two comments */
	int		 close_days;	/* 0: never */
	int		 media_max_bytes; /* largest photo upload */
	const char	*blocklist;
	const char	*language;	/* BCP 47 tag i18n_open accepts */
	const char	*date_format;	/* date_fmt's; "": the language's */
	int		 ip_days;	/* addresses kept whole this long */
	int		 notify_replies; /* offer mail for replies */
	int		 fetch_private;	/* mentions may fetch private addresses */
	int		 revisions_keep; /* newest revisions kept per post */
	int		 preview_days;	/* a shared draft's link works */
	const struct html *privacy_note; /* under the comment form, or NULL */
	int64_t		 changed;	/* when anything public last changed */
	/*
	 * The Last-Modified of every page made from this state:
	 * min(changed, changed_at + 1), changed_at being the real time the
	 * clock last moved. Stable while nothing changes, different for
	 * every state a reader may have been shown; later than now only in
	 * the second of a change made while the clock ran ahead of time
	 * (http.c then says now, and gives no 304 for If-Modified-Since).
	 */
	int64_t		 modified;
	unsigned char	 key[32];	/* secret; never leaves the process */
	int		 has_key;
};

/* Setting names, defaults, and validation, for init, settings and export. */
struct site_setting {
	const char	*key;
	const char	*def;
	const char	*help;
	int		 is_int;	/* a whole number in [min, max] */
	long		 min, max;
};
extern const struct site_setting site_settings[];	/* NULL-terminated */

/*
 * Load every setting from the database into s (strings in s->arena,
 * replacing what was there). Missing settings take their defaults.
 * Applies the time zone to the process. Returns 0 or -1 (logged).
 */
int	site_load(struct db *, struct site *);
void	site_free(struct site *);
/* Store one setting (validated): 0, or -1 with a reason in err. */
int	site_set(struct db *, const char *key, const char *value,
	    char *err, size_t errsz);
/* Make and store a new secret key (at init). 0 or -1. */
int	site_make_key(struct db *);

#endif
