/* media.h: photos: checking, re-encoding and storing uploaded images. */
#ifndef QUIRE_MEDIA_H
#define QUIRE_MEDIA_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;

#define MEDIA_MAX_BYTES		(25 * 1024 * 1024)	/* media_max_bytes */
#define MEDIA_MAX_PIXELS	100000000LL		/* 100 megapixels */
#define MEDIA_NAME_HEX		20	/* hash digits in a file name */
#define MEDIA_WIDTHS_MAX	6

/* What the first bytes of a file say it is. */
enum media_format {
	MEDIA_UNKNOWN,
	MEDIA_JPEG,
	MEDIA_PNG,
	MEDIA_WEBP,
	MEDIA_GIF,
	MEDIA_HEIF,	/* HEIC and AVIF (ISO BMFF with an image brand) */
	MEDIA_SVG,	/* known, and refused: it can carry scripts */
	MEDIA__MAX
};
extern const char *const media_format_names[MEDIA__MAX];

/* One stored file of a photo: a width in a format. */
struct media_variant {
	const char	*format;	/* webp jpeg png gif */
	int		 width, height;
	const char	*file;		/* "ab/ab12...-1200.webp", under the
					   media dir and /media/ */
	int64_t		 bytes;
};

/* A stored photo, as the library and the Markdown renderer see it. */
struct media {
	int64_t			 id;
	const char		*hash;		/* SHA-256 of the upload, hex */
	const char		*name;		/* "ab/ab12cd...": file stem */
	const char		*original_name;
	const char		*format;	/* as uploaded */
	int			 width, height;	/* upright */
	int64_t			 bytes;		/* as uploaded */
	const char		*alt, *caption;
	int			 has_alpha, animated;
	int64_t			 created;
	struct media_variant	*v;		/* widest first per format */
	int			 nv;
};

/* What a store is asked to do; zero values take the defaults. */
struct i18n;

struct media_opts {
	const char	*dir;		/* the media directory */
	size_t		 max_bytes;	/* 0: MEDIA_MAX_BYTES */
	const char	*alt;		/* NULL: "" */
	const char	*original_name;	/* the uploaded file's name, or NULL */
	int64_t		 user_id;	/* 0: nobody */
	int64_t		 now;
	const struct i18n *lang;	/* media_store's reasons in this
					   language; NULL: English */
};

/*
 * The format that the first n bytes of a file show (magic numbers; the
 * name is never trusted). Pure.
 */
enum media_format media_sniff(const unsigned char *, size_t n);
/*
 * Whether a photo of these dimensions and pages (frames) may be decoded
 * (at most MEDIA_MAX_PIXELS in all) and stored (its widest variant at
 * most 16383 pixels high, WebP's limit): 0, or -1 with the reason fit
 * for the user in err. Pure.
 */
int	media_check_pixels(long long width, long long height, long long pages,
	    char *err, size_t errsz);
/*
 * The widths to store of a photo `width' pixels wide: about 480, 800,
 * 1200, 1600 and 2400, never above width (the widest is width itself
 * when it is below 2400). Fills out (MEDIA_WIDTHS_MAX), returns how
 * many, smallest first. Pure.
 */
int	media_widths(int width, int out[MEDIA_WIDTHS_MAX]);
/*
 * Remove the EXIF, XMP and ICC chunks of the WebP file p[0..n) in place
 * (and their VP8X flags): its new length. Anything that is not a whole,
 * well-formed RIFF file is left as it is. Pure.
 */
size_t	media_webp_strip(unsigned char *p, size_t n);
/* "ab/ab12..." (MEDIA_NAME_HEX digits) for a hex hash, into out. Pure. */
void	media_name(char *out, size_t n, const char *hexhash);
/*
 * Whether path (after "/media/") names a stored variant's file exactly
 * as media.c makes them: "ab/" then the name's 20 hex digits, "-WIDTH."
 * and webp, jpg, png or gif. The Content-Type for it, or NULL. Pure.
 */
const char *media_file_type(const char *path);
/* The media directory for a database file: "media" beside it. Malloc'd. */
char	*media_dir_default(const char *dbpath);

/*
 * Set libvips up for this process (once, in a CLI command or a worker,
 * never in a process that forks afterwards): one thread, no operation
 * cache, so memory stays flat. 0, or -1 (logged).
 */
int	media_init(void);
void	media_shutdown(void);

/*
 * The shared entry point: store the photo in bytes[0..n). It is checked
 * (size, format, pixels), decoded, turned upright, converted to sRGB and
 * written in every width of media_widths, as WebP and JPEG (PNG with an
 * alpha channel; an animated GIF or WebP as animated WebP and GIF),
 * with no metadata; then the row is committed. Returns 1 (stored) or 0
 * (the same bytes were stored before: that photo) with it in *m (arena
 * strings); or -1 with the reason in err and the HTTP status that fits
 * in *status (413 too large, 422 not an image or too many pixels, 500),
 * nothing stored. media_init() first.
 */
int	media_store(struct db *, struct arena *, const struct media_opts *,
	    const void *bytes, size_t n, struct media *m, int *status,
	    char *err, size_t errsz);
/*
 * Read the file at path (at most max bytes, 0: MEDIA_MAX_BYTES) into b:
 * 0, or -1 with the reason in err and the status in *status (413 if too
 * large, 500 if unreadable).
 */
int	media_read_file(const char *path, size_t max, struct buf *b,
	    int *status, char *err, size_t errsz);
/*
 * Remove what a store cut short left behind: pending rows with their
 * files, and the files in DIR/.tmp, when no store is running. 0 or -1.
 */
int	media_recover(struct db *, const char *dir);

/*
 * Delete photo id with its files: the row goes pending first (so a crash
 * midway leaves what media_recover removes), then the files, then the
 * rows (its uses too; a post featuring it has none chosen again). Not
 * inside a transaction. 0, or -1 (logged).
 */
int	media_delete(struct db *, const char *dir, int64_t id);

/* The photo's plain URL path: its widest JPEG (PNG, GIF) variant, as
   "/media/ab/...-2400.jpg" in the arena. */
const char *media_url(struct arena *, const struct media *);
/* The widest variant in format (NULL if none). */
const struct media_variant *media_widest(const struct media *,
	    const char *format);

#endif
