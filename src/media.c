/* media.c: photos: checking, re-encoding and storing uploaded images. */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>
#include <vips/vips.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_media.h"
#include "i18n.h"
#include "media.h"

const char *const media_format_names[MEDIA__MAX] = {
	"unknown", "jpeg", "png", "webp", "gif", "heif", "svg"
};

/* The widths stored, smallest first (DESIGN.md: about 480 to 2400). */
static const int widths[] = { 480, 800, 1200, 1600, 2400 };
/* What a photo that cannot be decoded is (its 422 begins so). */
#define DAMAGED		N_("not an image: it is truncated or damaged")

#define NWIDTHS		((int)(sizeof(widths) / sizeof(widths[0])))

/* ISO BMFF brands of still and animated HEIF and AVIF images. */
static const char *const heif_brands[] = { "heic", "heix", "heim", "heis",
    "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis" };

enum media_format
media_sniff(const unsigned char *p, size_t n)
{
	size_t	 i;

	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return MEDIA_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return MEDIA_PNG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
	    memcmp(p, "GIF89a", 6) == 0))
		return MEDIA_GIF;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return MEDIA_WEBP;
	if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0)
		for (i = 0; i < sizeof(heif_brands) / sizeof(heif_brands[0]);
		    i++)
			if (memcmp(p + 8, heif_brands[i], 4) == 0)
				return MEDIA_HEIF;
	/* SVG: XML text (after a BOM and white space) naming <svg early. */
	i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<') {
		for (; i + 4 <= n && i < 4096; i++)
			if (strncasecmp((const char *)p + i, "<svg", 4) == 0)
				return MEDIA_SVG;
	}
	return MEDIA_UNKNOWN;
}

static const char *
num(struct arena *a, long long v)
{
	return arena_printf(a, "%lld", v);
}

/* media_check_pixels with its reason in language l (NULL: English). */
static int
check_pixels(const struct i18n *l, long long w, long long h,
    long long pages, char *err, size_t errsz)
{
	struct arena	 a = { 0 };
	const char	*why = NULL;
	long long	 mp = MEDIA_MAX_PIXELS / 1000000;

	if (w <= 0 || h <= 0 || pages <= 0)
		why = _(l, "not an image (it has no pixels)");
	/* Each factor is checked first: the product cannot overflow. */
	else if (w > MEDIA_MAX_PIXELS || h > MEDIA_MAX_PIXELS ||
	    pages > MEDIA_MAX_PIXELS || w * h > MEDIA_MAX_PIXELS ||
	    w * h * pages > MEDIA_MAX_PIXELS)
		why = pages > 1 ? i18n_format(&a, _(l, "too many pixels "
		    "({width} x {height}, {frames} frames; at most {n} "
		    "megapixels in all)"), "width", num(&a, w), "height",
		    num(&a, h), "frames", num(&a, pages), "n", num(&a, mp),
		    NULL) : i18n_format(&a, _(l, "too many pixels ({width} x "
		    "{height}; at most {n} megapixels)"), "width", num(&a, w),
		    "height", num(&a, h), "n", num(&a, mp), NULL);
	/* The widest variant must fit WebP's 16383 pixels. */
	else if (h * (w < 2400 ? w : 2400) / w > 16383)
		why = i18n_format(&a, _(l, "too tall for a web photo ({width} "
		    "x {height}: at most {max} pixels high at {width} wide)"),
		    "width", num(&a, w), "height", num(&a, h), "max",
		    num(&a, 16383LL * w / (w < 2400 ? w : 2400)), NULL);
	if (why != NULL)
		snprintf(err, errsz, "%s", why);
	arena_free(&a);
	return why != NULL ? -1 : 0;
}

int
media_check_pixels(long long w, long long h, long long pages, char *err,
    size_t errsz)
{
	return check_pixels(NULL, w, h, pages, err, errsz);
}

int
media_widths(int width, int out[MEDIA_WIDTHS_MAX])
{
	int	 i, n = 0;

	for (i = 0; i < NWIDTHS && widths[i] <= width; i++)
		out[n++] = widths[i];
	if (width > 0 && width < widths[NWIDTHS - 1] &&
	    (n == 0 || out[n - 1] != width))
		out[n++] = width;
	return n;
}

void
media_name(char *out, size_t n, const char *hex)
{
	(void)snprintf(out, n, "%.2s/%.*s", hex, MEDIA_NAME_HEX, hex);
}

static int
is_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

const char *
media_file_type(const char *p)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".webp", "image/webp" }, { ".jpg", "image/jpeg" },
		{ ".png", "image/png" }, { ".gif", "image/gif" },
	};
	size_t	 i, d;

	/* "ab/" + 20 hex digits starting with "ab" + "-" */
	if (strlen(p) < 3 + MEDIA_NAME_HEX + 1 || !is_hex(p, 2) ||
	    p[2] != '/' || !is_hex(p + 3, MEDIA_NAME_HEX) ||
	    memcmp(p, p + 3, 2) != 0 || p[3 + MEDIA_NAME_HEX] != '-')
		return NULL;
	p += 3 + MEDIA_NAME_HEX + 1;
	for (d = 0; p[d] >= '0' && p[d] <= '9'; d++)
		;
	if (d == 0 || d > 5 || p[0] == '0')
		return NULL;
	p += d;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(p, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

char *
media_dir_default(const char *dbpath)
{
	const char	*slash;
	char		*s;
	size_t		 n;

	if ((slash = strrchr(dbpath, '/')) == NULL)
		return strdup("media");
	n = (size_t)(slash - dbpath) + 1;
	if ((s = malloc(n + sizeof("media"))) == NULL)
		abort();
	memcpy(s, dbpath, n);
	memcpy(s + n, "media", sizeof("media"));
	return s;
}

/* Loaders libvips may use: only the formats media_sniff accepts. */
static const char *const loaders[] = { "VipsForeignLoadJpeg",
    "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif",
    "VipsForeignLoadHeif" };

/* libvips's warnings (a damaged tile, say) are not news: the error
   that follows says it, once, to the person who can act on it. */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer arg)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)arg;
}

int
media_init(void)
{
	size_t	 i;

	if (vips_init("quire") != 0) {
		fprintf(stderr, "quire: media: libvips: %s\n",
		    vips_error_buffer());
		return -1;
	}
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet, NULL);
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	/* Whatever a file claims, no other loader (SVG, PDF, ImageMagick
	   and the rest) ever sees it. */
	vips_operation_block_set("VipsForeignLoad", TRUE);
	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		vips_operation_block_set(loaders[i], FALSE);
	return 0;
}

void
media_shutdown(void)
{
	vips_shutdown();
}

/* libvips's error message, its first line, into err; the buffer cleared. */
static void
vips_reason(char *err, size_t errsz, const char *what)
{
	char	 msg[256];
	size_t	 n;

	(void)snprintf(msg, sizeof(msg), "%s", vips_error_buffer());
	vips_error_clear();
	n = strcspn(msg, "\n");
	msg[n] = '\0';
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	snprintf(err, errsz, "%s%s%s%s", what, msg[0] ? " (" : "", msg,
	    msg[0] ? ")" : "");
}

int
media_read_file(const char *path, size_t max, struct buf *b, int *status,
    char *err, size_t errsz)
{
	struct stat	 st;
	ssize_t		 r;
	char		*p;
	int		 fd;

	if (max == 0)
		max = MEDIA_MAX_BYTES;
	*status = 500;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(err, errsz, "%s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "not a regular file");
		goto fail;
	}
	for (;;) {
		p = buf_reserve(b, 1 << 16);
		if ((r = read(fd, p, 1 << 16)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errsz, "%s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		b->len += (size_t)r;
		if (b->len > max) {
			*status = 413;
			snprintf(err, errsz, "larger than %zu bytes (the limit, "
			    "setting media_max_bytes)", max);
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	if (fd != -1)
		close(fd);
	return -1;
}

/* What the header says, read without decoding a pixel. */
struct header {
	enum media_format	 format;
	int			 width, height;	/* upright */
	int			 pages;
	int			 has_alpha, animated;
};

static int
read_header(const struct i18n *l, const void *bytes, size_t n,
    struct header *h, char *err, size_t errsz)
{
	VipsImage	*im;
	int		 pages;

	/* Lazy: the loader reads the header only. */
	im = vips_image_new_from_buffer(bytes, n, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
	if (im == NULL) {
		vips_reason(err, errsz, _(l, "not an image: it cannot be "
		    "read"));
		return -1;
	}
	pages = vips_image_get_n_pages(im);
	h->pages = pages > 0 ? pages : 1;
	h->width = vips_image_get_width(im);
	h->height = vips_image_get_height(im);
	if (vips_image_get_orientation_swap(im)) {
		h->width = vips_image_get_height(im);
		h->height = vips_image_get_width(im);
	}
	h->has_alpha = vips_image_hasalpha(im);
	h->animated = h->pages > 1 && (h->format == MEDIA_GIF ||
	    h->format == MEDIA_WEBP);
	g_object_unref(im);
	if (!h->animated)
		h->pages = 1;	/* the first image is all that is decoded */
	return check_pixels(l, h->width, h->height, h->pages, err, errsz);
}

/* File name extension of a variant format. */
static const char *
ext_of(const char *format)
{
	return strcmp(format, "jpeg") == 0 ? "jpg" : format;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* The length of the chunk at p + in (with its padding), or 0 if it does
   not fit in the file. */
static size_t
chunk_len(const unsigned char *p, size_t in, size_t n)
{
	uint32_t	 size;
	size_t		 len;

	if (in + 8 > n || (size = le32(p + in + 4)) > n - in - 8)
		return 0;
	len = 8 + (size_t)size + (size & 1);
	return len > n - in ? n - in : len;
}

size_t
media_webp_strip(unsigned char *p, size_t n)
{
	size_t		 in = 12, out = 12, len;
	uint32_t	 size;

	if (n < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WEBP", 4))
		return n;
	/* Whole chunks to the end, or nothing is changed. */
	while (in < n && (len = chunk_len(p, in, n)) > 0)
		in += len;
	if (in != n)
		return n;
	for (in = 12; in < n; in += len) {
		len = chunk_len(p, in, n);
		if (memcmp(p + in, "EXIF", 4) != 0 &&
		    memcmp(p + in, "XMP ", 4) != 0 &&
		    memcmp(p + in, "ICCP", 4) != 0) {
			memmove(p + out, p + in, len);
			if (memcmp(p + out, "VP8X", 4) == 0 && len > 8)
				p[out + 8] &= (unsigned char)~0x2C;
			out += len;
		}
	}
	size = (uint32_t)(out - 8);
	p[4] = size & 0xff;
	p[5] = size >> 8 & 0xff;
	p[6] = size >> 16 & 0xff;
	p[7] = size >> 24 & 0xff;
	return out;
}

/*
 * Drop every metadata field but the animation's: the savers' strip
 * option is not enough (libvips 8.14's webpsave writes EXIF, GPS and
 * all, whatever it says).
 */
static void
strip(VipsImage *im)
{
	static const char *const keep[] = { "page-height", "delay", "loop",
	    "n-pages", "gif-delay", "gif-loop" };
	gchar	**f;
	size_t	 i, k;

	if ((f = vips_image_get_fields(im)) == NULL)
		return;
	for (i = 0; f[i] != NULL; i++) {
		for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
			if (strcmp(f[i], keep[k]) == 0)
				break;
		/* The fixed header fields (width, bands...) cannot go. */
		if (k == sizeof(keep) / sizeof(keep[0]) &&
		    vips_image_get_typeof(im, f[i]) != 0)
			(void)vips_image_remove(im, f[i]);
	}
	g_strfreev(f);
}

/*
 * The photo at width (or less: never upscaled), upright and sRGB, in
 * memory (so that it is encoded twice without decoding twice): *out,
 * unref'd by the caller. It is made from the file (shrink-on-load) for
 * the widest, and from the next wider one, `from', for the others: the
 * file is decoded once. 0, or -1 with the reason in err.
 */
static int
shrink(const void *bytes, size_t n, const struct header *h, VipsImage *from,
    int width, VipsImage **out, char *err, size_t errsz)
{
	VipsImage	*t = NULL, *u = NULL;
	int		 rc;

	*out = NULL;
	if (from != NULL)
		rc = vips_thumbnail_image(from, &t, width, "height",
		    VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL);
	else
		rc = vips_thumbnail_buffer((void *)bytes, n, &t, width,
		    "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
		    "option_string", h->animated ? "n=-1,fail_on=truncated" :
		    "fail_on=truncated", NULL);
	if (rc != 0)
		goto fail;
	if (vips_image_guess_interpretation(t) != VIPS_INTERPRETATION_sRGB) {
		if (vips_colourspace(t, &u, VIPS_INTERPRETATION_sRGB, NULL))
			goto fail;
		g_object_unref(t);
		t = u;
	}
	if ((*out = vips_image_copy_memory(t)) == NULL)
		goto fail;
	g_object_unref(t);
	strip(*out);
	return 0;
fail:
	vips_reason(err, errsz, DAMAGED);
	if (t != NULL)
		g_object_unref(t);
	return -1;
}

/*
 * Encode im as format with no metadata at all into *out (g_free), and
 * describe it in v. 0, or -1 with the reason in err.
 */
static int
encode(VipsImage *im, const struct header *h, const char *format,
    void **out, size_t *outlen, struct media_variant *v, char *err,
    size_t errsz)
{
	int	 rc;

	*out = NULL;
	if (strcmp(format, "webp") == 0)
		rc = vips_webpsave_buffer(im, out, outlen, "Q", 80, "effort",
		    2, "strip", TRUE, NULL);
	else if (strcmp(format, "jpeg") == 0)
		rc = vips_jpegsave_buffer(im, out, outlen, "Q", 82, "strip",
		    TRUE, "optimize_coding", TRUE, "interlace", TRUE, NULL);
	else if (strcmp(format, "png") == 0)
		rc = vips_pngsave_buffer(im, out, outlen, "strip", TRUE,
		    "compression", 6, NULL);
	else
		rc = vips_gifsave_buffer(im, out, outlen, "strip", TRUE, NULL);
	if (rc == 0 && strcmp(format, "webp") == 0)
		*outlen = media_webp_strip(*out, *outlen);
	if (rc != 0) {
		vips_reason(err, errsz, "cannot encode");
		g_free(*out);
		*out = NULL;
		return -1;
	}
	v->format = format;
	v->width = vips_image_get_width(im);
	v->height = h->animated ? vips_image_get_page_height(im) :
	    vips_image_get_height(im);
	v->bytes = (int64_t)*outlen;
	return 0;
}

/* Write n bytes to path (a new file) and fsync it: 0 or -1 (errno). */
static int
write_file(const char *path, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;
	int		 fd, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1)
		return -1;
	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		c += w;
		n -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto fail;
	return close(fd);
fail:
	e = errno;
	close(fd);
	unlink(path);
	errno = e;
	return -1;
}

static int
fsync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
mkdir_p1(const char *dir)
{
	return mkdir(dir, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

/*
 * The lock of DIR/.tmp/lock: stores hold it shared while they work,
 * media_recover exclusively (without waiting). The fd, or -1.
 */
static int
lock_dir(const char *dir, int how)
{
	char	 path[4096];
	int	 fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/.tmp", dir) >=
	    sizeof(path) || mkdir_p1(dir) == -1 || mkdir_p1(path) == -1)
		return -1;
	(void)snprintf(path, sizeof(path), "%s/.tmp/lock", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return -1;
	if (flock(fd, how) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A store's files: where they are written, and where they go. */
struct staged {
	char	 tmp[4096];
	char	 final[4096];
	int	 written, moved;
};

static void
unstage(struct staged *s, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (s[i].written && !s[i].moved)
			unlink(s[i].tmp);
		if (s[i].moved)
			unlink(s[i].final);
	}
}

/* Encode im as format into DIR/.tmp, as m's next variant: 0 or -1. */
static int
stage_one(struct arena *a, const struct media_opts *o, VipsImage *im,
    const struct header *h, const char *format, struct media *m,
    struct staged *s, char *err, size_t errsz)
{
	struct media_variant	*v = &m->v[m->nv];
	void			*out;
	size_t			 len;

	if (encode(im, h, format, &out, &len, v, err, errsz) == -1)
		return -1;
	v->file = arena_printf(a, "%s-%d.%s", m->name, v->width,
	    ext_of(format));
	(void)snprintf(s->tmp, sizeof(s->tmp), "%s/.tmp/%.2s-%s.%ld", o->dir,
	    v->file, v->file + 3, (long)getpid());
	(void)snprintf(s->final, sizeof(s->final), "%s/%s", o->dir, v->file);
	if (write_file(s->tmp, out, len) == -1) {
		snprintf(err, errsz, "%s: %s", s->tmp, strerror(errno));
		g_free(out);
		return -1;
	}
	g_free(out);
	s->written = 1;
	m->nv++;
	return 0;
}

/* Encode every variant of the photo into DIR/.tmp: 0, or -1 with err. */
static int
stage(struct arena *a, const struct media_opts *o, const void *bytes,
    size_t n, const struct header *h, struct media *m, struct staged *s,
    char *err, size_t errsz)
{
	const char	*fallback;
	VipsImage	*im, *prev = NULL;
	int		 w[MEDIA_WIDTHS_MAX], nw, i, rc = 0;

	fallback = h->animated ? "gif" : h->has_alpha ? "png" : "jpeg";
	nw = media_widths(h->width, w);
	m->v = arena_zalloc(a, sizeof(*m->v) * (size_t)(2 * nw));
	for (i = nw - 1; i >= 0 && rc == 0; i--) {
		if (shrink(bytes, n, h, prev, w[i], &im, err, errsz) == -1) {
			rc = -1;
			break;
		}
		rc = stage_one(a, o, im, h, "webp", m, &s[m->nv], err,
		    errsz) == -1 || stage_one(a, o, im, h, fallback, m,
		    &s[m->nv], err, errsz) == -1 ? -1 : 0;
		if (prev != NULL)
			g_object_unref(prev);
		prev = im;
	}
	if (prev != NULL)
		g_object_unref(prev);
	return rc;
}

/* Move the staged files into place: 0, or -1 with err. */
static int
publish(const char *dir, const struct media *m, struct staged *s,
    char *err, size_t errsz)
{
	char	 sub[4096];
	int	 i;

	(void)snprintf(sub, sizeof(sub), "%s/%.2s", dir, m->name);
	if (mkdir(sub, 0755) == 0) {
		if (fsync_dir(dir) == -1)	/* the new DIR/ab itself */
			goto fail;
	} else if (errno != EEXIST)
		goto fail;
	for (i = 0; i < m->nv; i++) {
		if (rename(s[i].tmp, s[i].final) == -1)
			goto fail;
		s[i].moved = 1;
	}
	if (fsync_dir(sub) == -1)
		goto fail;
	return 0;
fail:
	snprintf(err, errsz, "%s: %s", sub, strerror(errno));
	return -1;
}

/* Fill m from what is known before encoding. */
static void
describe(struct arena *a, const struct media_opts *o, const char *hex,
    size_t n, const struct header *h, struct media *m)
{
	char	 name[3 + MEDIA_NAME_HEX + 1];

	memset(m, 0, sizeof(*m));
	media_name(name, sizeof(name), hex);
	m->hash = arena_strdup(a, hex);
	m->name = arena_strdup(a, name);
	m->original_name = o->original_name ? o->original_name : "";
	m->format = media_format_names[h->format];
	m->width = h->width;
	m->height = h->height;
	m->bytes = (int64_t)n;
	m->alt = o->alt ? o->alt : "";
	m->caption = "";
	m->has_alpha = h->has_alpha;
	m->animated = h->animated;
	m->created = o->now;
}

/* Check bytes and read the header: 0, or -1 with err and *status. */
static int
check(struct arena *a, const struct media_opts *o, const void *bytes,
    size_t n, struct header *h, int *status, char *err, size_t errsz)
{
	size_t	 max = o->max_bytes ? o->max_bytes : MEDIA_MAX_BYTES;

	memset(h, 0, sizeof(*h));
	*status = 422;
	if (n > max) {
		*status = 413;
		snprintf(err, errsz, "%s", i18n_format(a, _n(o->lang, "larger "
		    "than {n} byte (the limit, setting media_max_bytes)",
		    "larger than {n} bytes (the limit, setting "
		    "media_max_bytes)", max), "n", arena_printf(a, "%zu", max),
		    NULL));
		return -1;
	}
	h->format = media_sniff(bytes, n);
	if (h->format == MEDIA_SVG) {
		snprintf(err, errsz, "%s", _(o->lang, "not an image (SVG is "
		    "not accepted: it can carry scripts)"));
		return -1;
	}
	if (h->format == MEDIA_UNKNOWN) {
		snprintf(err, errsz, "%s", _(o->lang, "not an image (not JPEG, "
		    "PNG, WebP, GIF, HEIC or AVIF)"));
		return -1;
	}
	return read_header(o->lang, bytes, n, h, err, errsz);
}

/* err, which begins with the English msgid, begun in language l. */
static void
translated(struct arena *a, const struct i18n *l, const char *msgid,
    char *err, size_t errsz)
{
	const char	*t = _(l, msgid);

	if (t != msgid)
		snprintf(err, errsz, "%s", arena_printf(a, "%s%s", t,
		    err + strlen(msgid)));
}

/* Store a new photo (hash hex): 1, or -1 with err and *status. */
static int
store_new(struct db *db, struct arena *a, const struct media_opts *o,
    const void *bytes, size_t n, const struct header *h, const char *hex,
    struct media *m, int *status, char *err, size_t errsz)
{
	struct staged	*s;
	int64_t		 id = 0;
	int		 lock, committed = 0;

	describe(a, o, hex, n, h, m);
	s = arena_zalloc(a, sizeof(*s) * 2 * MEDIA_WIDTHS_MAX);
	*status = 500;
	if ((lock = lock_dir(o->dir, LOCK_SH)) == -1) {
		snprintf(err, errsz, "%s: %s", o->dir, strerror(errno));
		return -1;
	}
	if (stage(a, o, bytes, n, h, m, s, err, errsz) == -1) {
		if (strncmp(err, DAMAGED, strlen(DAMAGED)) == 0) {
			*status = 422;
			translated(a, o->lang, DAMAGED, err, errsz);
		}
		goto fail;
	}
	/* The row first, pending: nothing names it yet, and a crash from
	   here on leaves a row that media_recover removes with its files. */
	if (db_begin(db) == -1 || (id = db_media_insert(db, m,
	    o->user_id)) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		id = 0;
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	committed = 1;
	if (publish(o->dir, m, s, err, errsz) == -1)
		goto fail;
	if (db_media_ready(db, id) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	m->id = id;
	close(lock);
	return 1;
fail:
	unstage(s, 2 * MEDIA_WIDTHS_MAX);
	if (committed)
		(void)db_media_delete(db, id);
	close(lock);
	return -1;
}

int
media_store(struct db *db, struct arena *a, const struct media_opts *o,
    const void *bytes, size_t n, struct media *m, int *status, char *err,
    size_t errsz)
{
	struct header	 h;
	unsigned char	 sum[crypto_hash_sha256_BYTES];
	char		 hex[2 * sizeof(sum) + 1];
	int64_t		 id;
	int		 pending;

	memset(m, 0, sizeof(*m));
	if (check(a, o, bytes, n, &h, status, err, errsz) == -1)
		return -1;
	crypto_hash_sha256(sum, bytes, n);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	*status = 500;
	if ((id = db_media_by_hash(db, hex, &pending)) > 0 && pending &&
	    media_recover(db, o->dir) == 0)
		id = db_media_by_hash(db, hex, &pending);
	if (id == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		return -1;
	}
	if (id > 0 && pending) {
		snprintf(err, errsz, "this photo is being stored by another "
		    "process just now; try again in a moment");
		return -1;
	}
	if (id > 0) {
		if (db_media_get(db, a, id, m) != 1) {
			snprintf(err, errsz, "cannot read photo %lld back",
			    (long long)id);
			return -1;
		}
		return 0;
	}
	return store_new(db, a, o, bytes, n, &h, hex, m, status, err, errsz);
}

/* Remove every file in DIR/.tmp but the lock. */
static void
clean_tmp(const char *dir)
{
	char		 path[4096];
	DIR		*d;
	struct dirent	*e;

	(void)snprintf(path, sizeof(path), "%s/.tmp", dir);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lock") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/.tmp/%s", dir,
		    e->d_name) < sizeof(path))
			unlink(path);
	}
	closedir(d);
}

int
media_recover(struct db *db, const char *dir)
{
	struct arena	 a = { 0 };
	const char	**files;
	char		 path[4096];
	int64_t		*ids;
	int		 lock, n, i, j, nf, rc = -1;

	/* Busy: a store is running, and its files are not leftovers. */
	if ((lock = lock_dir(dir, LOCK_EX | LOCK_NB)) == -1)
		return errno == EWOULDBLOCK ? 0 : -1;
	if ((n = db_media_pending(db, &a, &ids)) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if ((nf = db_media_files(db, &a, ids[i], &files)) == -1)
			goto out;
		for (j = 0; j < nf; j++)
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
			    files[j]) < sizeof(path))
				unlink(path);
		if (db_media_delete(db, ids[i]) == -1)
			goto out;
		fprintf(stderr, "quire: media: removed photo %lld, whose "
		    "store was cut short\n", (long long)ids[i]);
	}
	clean_tmp(dir);
	rc = 0;
out:
	close(lock);
	arena_free(&a);
	return rc;
}

int
media_delete(struct db *db, const char *dir, int64_t id)
{
	struct arena	 a = { 0 };
	const char	**files;
	char		 path[4096];
	int		 nf, i, rc = -1;

	if ((nf = db_media_files(db, &a, id, &files)) == -1 ||
	    db_media_unready(db, id) == -1)
		goto out;
	for (i = 0; i < nf; i++)
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    files[i]) < sizeof(path) && unlink(path) == -1 &&
		    errno != ENOENT)
			fprintf(stderr, "quire: media: %s: %s\n", path,
			    strerror(errno));
	rc = db_media_delete(db, id);
out:
	arena_free(&a);
	return rc;
}

const struct media_variant *
media_widest(const struct media *m, const char *format)
{
	const struct media_variant	*best = NULL;
	int				 i;

	for (i = 0; i < m->nv; i++)
		if (strcmp(m->v[i].format, format) == 0 &&
		    (best == NULL || m->v[i].width > best->width))
			best = &m->v[i];
	return best;
}

const char *
media_url(struct arena *a, const struct media *m)
{
	const struct media_variant	*v;

	if ((v = media_widest(m, "jpeg")) == NULL &&
	    (v = media_widest(m, "png")) == NULL &&
	    (v = media_widest(m, "gif")) == NULL &&
	    (v = media_widest(m, "webp")) == NULL)
		return NULL;
	return arena_printf(a, "/media/%s", v->file);
}
