/* import.h: a WordPress export (WXR) or quire's own JSON export into the database. */
#ifndef QUIRE_IMPORT_H
#define QUIRE_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wxr_html.h"

struct db;

#define IMPORT_TYPES	16	/* unknown post types named in the summary */
#define IMPORT_NAMES	5	/* missing or refused files named */

/* Where attachments' files come from and go (quire import --uploads). */
struct import_uploads {
	const char	*dir;		/* a copy of wp-content/uploads, or
					   NULL: attachments are skipped */
	const char	*media;		/* the media directory */
	size_t		 max_bytes;	/* of a photo; 0: MEDIA_MAX_BYTES */
};

/* The statuses an imported post or page can have. */
enum import_status {
	IS_PUBLISHED,
	IS_DRAFT,
	IS_PENDING,
	IS_SCHEDULED,
	IS_PRIVATE,
	IS_TRASH,
	IS__MAX
};
extern const char *const import_status_names[IS__MAX];

/* What an import did, for the summary. */
struct import_stats {
	char		 format[32];	/* "WXR 1.2", "quire JSON 1" */
	int		 posts, pages;		/* stored */
	int		 post_status[IS__MAX], page_status[IS__MAX];
	int		 posts_there, pages_there;	/* imported before */
	int		 authors_new, authors_there, logins_changed;
	int		 file_categories, file_tags;	/* defined in the file */
	int64_t		 tags_new;			/* tags table growth */
	int		 users;				/* JSON */
	int		 approved, held, spam;		/* comments stored */
	int		 pingbacks, trackbacks;
	int		 comments_there, comments_trash, orphans;
	int		 redirects;
	int		 attachments, menu_items, terms_other;
	int		 other_types;
	struct {
		char	 name[32];
		int	 n;
	}		 types[IMPORT_TYPES];
	int		 ntypes;
	int		 status_skipped;	/* trash, auto-draft, inherit */
	int		 protected;		/* with a password (kept) */
	int		 settings;		/* JSON */
	int		 media;			/* JSON: photos */
	/* --uploads: attachments stored as photos or files, imported
	   before, whose file is missing from DIR (the first named), or
	   refused (a damaged image: the first with the reason); references
	   in bodies to uploads that are no attachment of the export. */
	int		 photos, files, uploads_there, uploads_dir;
	int		 missing, refused, unknown;
	char		 missing_names[IMPORT_NAMES][200];
	char		 unknown_names[IMPORT_NAMES][200];
	char		 refused_names[IMPORT_NAMES][300];
	int		 featured;		/* posts given a featured photo */
	int		 bodies_updated;	/* imported before: photos put in */
	struct wxr_notes notes;
};

/*
 * Import the WXR file f into db, all in one transaction: authors (as
 * users without a password), tags and categories (as tags), posts and
 * pages, comments with their threads, pingbacks and trackbacks, and a
 * 301 from every old permalink (the item's <link> and /?p=ID). Rows
 * imported before (by import key) are skipped. Local dates are read in
 * the process's time zone (site_load sets it). Returns 0 with *st
 * filled, or -1 with "line N: why" in err and the database unchanged.
 *
 * With up->dir, the file is read twice (f must be seekable): first each
 * attachment's file is found in up->dir and stored, one at a time and
 * each in its own transaction (a photo through media.c, any other file
 * as it is), so an interrupted import is taken up again where it
 * stopped; then the rest as above, with every reference to an old
 * upload pointing to its photo or file, [gallery] made grids, and
 * _thumbnail_id the featured photo. Posts imported before get their
 * photos too (their body rendered again if it was not edited since,
 * else only its old upload URLs changed). Missing files are counted
 * and named in *st, never an error.
 */
int	import_wxr(struct db *, FILE *f, int64_t now,
	    const struct import_uploads *up, struct import_stats *st,
	    char *err, size_t errsz);

/*
 * Import quire's JSON export (docs/export-format.md) of len bytes at
 * text, in one transaction, into a database that has no posts,
 * comments, tags or redirects (users may exist: they are matched by
 * login, and keep their password). Ids and times are kept, so
 * exporting again gives the same file. Every file of every photo must
 * be in the media directory mdir already (the import refuses the whole
 * file naming the first that is not). Returns 0 with *st filled, or -1
 * with a reason in err and the database unchanged.
 */
int	import_json(struct db *, const char *mdir, const char *text, size_t len,
	    struct import_stats *st, char *err, size_t errsz);

/* Count a stored post or page of this type and status. */
void	import_count(struct import_stats *, const char *type,
	    const char *status);

/* Print what an import did, for people (and tests), to f. */
void	import_summary(FILE *f, const char *file,
	    const struct import_stats *st);

#endif
