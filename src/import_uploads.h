/* import_uploads.h: WordPress attachments' files (quire import --uploads): stored, and found again by old references. */
#ifndef QUIRE_IMPORT_UPLOADS_H
#define QUIRE_IMPORT_UPLOADS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct import_stats;
struct import_uploads;
struct wxr_item;
struct wxr_media;

/*
 * Store the file of the attachment item it (import key key, created at
 * created, of site) from up->dir: found by its _wp_attached_file, else
 * by its attachment URL's upload path (or a size variant's original);
 * a photo through media_store with the item's alt text
 * (_wp_attachment_image_alt) and caption (excerpt), any other file as it
 * is; then its wp_attachments row and old upload paths, committed. An
 * attachment imported before is skipped; a missing file or a refused
 * image is counted and named in *st. 0, or -1 with err (a database or
 * disk failure: the import stops).
 */
int	upl_attachment(struct db *, struct arena *,
	    const struct import_uploads *up, const char *site,
	    const struct wxr_item *it, const char *key, int64_t created,
	    struct import_stats *st, char *err, size_t errsz);
/*
 * Remove what a file store cut short left in the media directory dir:
 * pending file rows and their files (then media_recover does the same
 * for photos and DIR/.tmp). 0 or -1.
 */
int	upl_recover(struct db *, const char *dir);

/* What the lookups of one post's body need. */
struct upl_ctx {
	struct db	*db;
	const char	*site;
	const char	*parent;	/* the post's wp:post_id */
	struct import_stats *st;	/* old upload URLs found nowhere are
					   counted here, or NULL */
};
/* Fill md with lookups in the database's imported attachments for the
   post c names (c and a must outlive md's use). */
void	upl_media(struct wxr_media *md, struct upl_ctx *c, struct arena *a);
/*
 * The attachment an old upload path names (any size variant of it):
 * 1 with the photo's (or file's) URL path in *url (arena), 0 if none,
 * -1 on error. width: a variant's width to choose the nearest (0: the
 * widest).
 */
int	upl_find(struct db *, struct arena *, const char *path,
	    const char **url);

#endif
