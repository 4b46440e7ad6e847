/* wxr_media.h: WordPress uploads in imported HTML: old upload URLs, [gallery], photos in place of <img>. */
#ifndef QUIRE_WXR_MEDIA_H
#define QUIRE_WXR_MEDIA_H

#include <stddef.h>

#include "media.h"

struct arena;
struct buf;

/*
 * The upload path an old URL names, as in a copy of wp-content/uploads:
 * what follows "/wp-content/uploads/" (any host, or none), or the path
 * of a WordPress.com "*.files.wordpress.com" URL; query and fragment
 * dropped, percent-escapes decoded, a multisite "sites/N/" dropped.
 * "https://x.org/wp-content/uploads/2019/05/a-300x200.jpg?w=1" gives
 * "2019/05/a-300x200.jpg". In the arena; NULL if the URL names no upload
 * (or a path with "..", a NUL or a backslash). Pure.
 */
const char	*wxr_upload_path(struct arena *, const char *url);
/*
 * Remove one of WordPress's size-variant suffixes from the file name of
 * path, in place: "-300x200", "-1024x768@2x", "-scaled", "-rotated",
 * "-e1234567890" (an edited copy) before the extension. 1 if one was
 * removed, else 0. Pure.
 */
int		 wxr_upload_strip(char *path);
/* The WIDTH of a "-WIDTHxHEIGHT" suffix in path's file name, or 0. Pure. */
int		 wxr_upload_width(const char *path);

/*
 * The Content-Type to serve a stored file (not a photo) with, by its
 * name's extension: PDF, audio, video, text and office documents from a
 * short list; anything else "application/octet-stream" (a download:
 * HTML or SVG from an old site never runs on this one). Pure.
 */
const char	*wxr_file_type(const char *name);

/* What an old reference names: a photo (m.nv > 0) or a file (url). */
struct wxr_found {
	struct media	 m;
	const char	*url;		/* a file's /media/ URL, or NULL */
};

/*
 * How the converter finds what old references name (import_uploads.c
 * gives the database's answers). Each lookup fills *f (arena strings)
 * and returns 1, or 0 for nothing known.
 */
struct wxr_media {
	void	*arg;
	/* A WordPress attachment id (wp-image-N, [gallery ids], blocks). */
	int	(*by_id)(void *, struct arena *, const char *wp_id,
		    struct wxr_found *);
	/* An old URL: an upload (any size variant) or attachment page. */
	int	(*by_url)(void *, struct arena *, const char *url,
		    struct wxr_found *);
	/* The attachment ids of the post being converted, in menu order
	   (a [gallery] without ids): how many, into *ids (arena). */
	int	(*attached)(void *, struct arena *, const char ***ids);
	struct arena	*a;		/* for the lookups' strings */
	int		 placed;	/* photos placed in this body so far */
	int		 galleries;	/* [gallery] shortcodes made grids */
	int		 dropped;	/* [gallery] with no photo found */
};

/*
 * A [gallery] shortcode (its attribute text at[0..an)) as a grid of
 * linked figures with captions, appended to out: ids= or include= (or,
 * without them, the post's attached photos less exclude=), columns=
 * (1-9, default 3), size= (thumbnail shows small), link= (none: no
 * links). Nothing when no photo is found (md->dropped counts it).
 */
void	wxr_media_gallery(struct buf *out, const char *at, size_t an,
	    struct wxr_media *md);
/*
 * Append the n bytes of HTML s to out with old uploads replaced: an
 * <img> whose wp-image-N class or src names a stored photo becomes its
 * <picture> (srcset, sizes, width, height, alt; linked to the photo
 * unless inside a link); href, src, srcset and poster URLs naming a
 * stored photo or file point to it; a cover block's background photo
 * (style attributes are not kept) is put inside it as a <picture>.
 * Everything else is copied as it is. md NULL: copied.
 */
void	wxr_media_rewrite(struct buf *out, const char *s, size_t n,
	    struct wxr_media *md);

#endif
