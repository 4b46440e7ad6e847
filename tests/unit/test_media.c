/*
 * test_media.c: the pure parts of media.c: format sniffing, the pixel
 * limit, the widths stored, file names and the names /media/ answers,
 * the WebP metadata stripper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "media.h"

static void
sniffing(struct check *c)
{
	static const struct {
		const char		*bytes;
		size_t			 n;
		enum media_format	 want;
	} t[] = {
		{ "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, MEDIA_JPEG },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, MEDIA_PNG },
		{ "GIF89a\x01\0", 8, MEDIA_GIF },
		{ "GIF87a", 6, MEDIA_GIF },
		{ "RIFF\x10\0\0\0WEBPVP8 ", 16, MEDIA_WEBP },
		{ "RIFF\x10\0\0\0AVI LIST", 16, MEDIA_UNKNOWN },
		{ "\0\0\0\x18" "ftypheic\0\0\0\0", 16, MEDIA_HEIF },
		{ "\0\0\0\x1c" "ftypavif\0\0\0\0", 16, MEDIA_HEIF },
		{ "\0\0\0\x18" "ftypisom\0\0\0\0", 16, MEDIA_UNKNOWN },
		{ "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 41, MEDIA_SVG },
		{ "\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<SVG>", 34, MEDIA_SVG },
		{ "<html><body>hi</body></html>", 28, MEDIA_UNKNOWN },
		{ "hello, I am not a picture\n", 26, MEDIA_UNKNOWN },
		{ "\xFF\xD8", 2, MEDIA_UNKNOWN },
		{ "", 0, MEDIA_UNKNOWN },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK(c, media_sniff((const unsigned char *)t[i].bytes,
		    t[i].n) == t[i].want, "sniff %zu is %s", i,
		    media_format_names[t[i].want]);
}

static void
pixels(struct check *c)
{
	char	 err[256];

	CHECK(c, media_check_pixels(6000, 4000, 1, err, sizeof(err)) == 0,
	    "24 megapixels pass");
	CHECK(c, media_check_pixels(10000, 10000, 1, err, sizeof(err)) == 0,
	    "exactly 100 megapixels pass");
	CHECK(c, media_check_pixels(10000, 10001, 1, err, sizeof(err)) == -1 &&
	    strstr(err, "too many pixels (10000 x 10001") != NULL,
	    "one row more is refused: %s", err);
	CHECK(c, media_check_pixels(100000, 100000, 1, err, sizeof(err)) == -1,
	    "the 100000 x 100000 bomb is refused");
	CHECK(c, media_check_pixels(1000, 1000, 101, err, sizeof(err)) == -1 &&
	    strstr(err, "101 frames") != NULL, "frames count: %s", err);
	CHECK(c, media_check_pixels(10000000, 10000000, 10000000, err,
	    sizeof(err)) == -1, "no overflow");
	CHECK(c, media_check_pixels(0, 10, 1, err, sizeof(err)) == -1,
	    "no pixels");
	CHECK(c, media_check_pixels(1000, 16383, 1, err, sizeof(err)) == 0,
	    "tall, still storable");
	CHECK(c, media_check_pixels(1000, 16384, 1, err, sizeof(err)) == -1 &&
	    strstr(err, "too tall") != NULL, "too tall: %s", err);
	CHECK(c, media_check_pixels(3600, 24574, 1, err, sizeof(err)) == 0,
	    "tall, shrunk to 2400 wide: 16383 high");
	CHECK(c, media_check_pixels(3600, 24576, 1, err, sizeof(err)) == -1,
	    "tall, shrunk to 2400 wide: 16384 high");
}

static void
widths(struct check *c)
{
	static const struct {
		int	 width;
		int	 n;
		int	 w[MEDIA_WIDTHS_MAX];
	} t[] = {
		{ 6000, 5, { 480, 800, 1200, 1600, 2400 } },
		{ 2400, 5, { 480, 800, 1200, 1600, 2400 } },
		{ 2000, 5, { 480, 800, 1200, 1600, 2000 } },
		{ 1000, 3, { 480, 800, 1000 } },
		{ 800, 2, { 480, 800 } },
		{ 480, 1, { 480 } },
		{ 300, 1, { 300 } },
		{ 1, 1, { 1 } },
	};
	int	 out[MEDIA_WIDTHS_MAX], i, n;

	for (i = 0; i < (int)(sizeof(t) / sizeof(t[0])); i++) {
		n = media_widths(t[i].width, out);
		CHECK(c, n == t[i].n && memcmp(out, t[i].w, sizeof(int) *
		    (size_t)n) == 0 && out[n - 1] <= t[i].width,
		    "widths of %d: %d, widest %d", t[i].width, n, out[n - 1]);
	}
}

static void
names(struct check *c)
{
	char	 name[64], *d;

	media_name(name, sizeof(name), "ab12cd34ef567890abcdef0123456789"
	    "ab12cd34ef567890abcdef0123456789");
	CHECK(c, strcmp(name, "ab/ab12cd34ef567890abcd") == 0, "name %s", name);
	CHECK(c, media_file_type("ab/ab12cd34ef567890abcd-1200.webp") != NULL &&
	    strcmp(media_file_type("ab/ab12cd34ef567890abcd-1200.webp"),
	    "image/webp") == 0, "webp");
	CHECK(c, strcmp(media_file_type("ab/ab12cd34ef567890abcd-480.jpg"),
	    "image/jpeg") == 0, "jpg");
	CHECK(c, strcmp(media_file_type("ab/ab12cd34ef567890abcd-9.png"),
	    "image/png") == 0, "png");
	CHECK(c, strcmp(media_file_type("ab/ab12cd34ef567890abcd-320.gif"),
	    "image/gif") == 0, "gif");
	CHECK(c, media_file_type("ab/ab12cd34ef567890abcd-1200.svg") == NULL,
	    "no svg");
	CHECK(c, media_file_type("cd/ab12cd34ef567890abcd-1200.jpg") == NULL,
	    "directory must match the name");
	CHECK(c, media_file_type("../ab12cd34ef567890abcd-1200.jpg") == NULL,
	    "no ..");
	CHECK(c, media_file_type("ab/../../etc/passwd") == NULL, "no traversal");
	CHECK(c, media_file_type("ab/ab12cd34ef567890abcd-1200.jpg/x") == NULL,
	    "nothing after");
	CHECK(c, media_file_type("ab/AB12cd34ef567890abcd-1200.jpg") == NULL,
	    "lower case hex only");
	CHECK(c, media_file_type("ab/ab12cd34ef567890abcd-0120.jpg") == NULL,
	    "no leading zero");
	CHECK(c, media_file_type("ab/ab12cd34ef567890abc-1200.jpg") == NULL,
	    "20 digits");
	CHECK(c, media_file_type("ab/ab12cd34ef567890abcd-.jpg") == NULL,
	    "a width");
	CHECK(c, media_file_type(".tmp/lock") == NULL, "not the lock");
	d = media_dir_default("/var/lib/quire/quire.db");
	CHECK(c, strcmp(d, "/var/lib/quire/media") == 0, "dir %s", d);
	free(d);
	d = media_dir_default("quire.db");
	CHECK(c, strcmp(d, "media") == 0, "dir %s", d);
	free(d);
}

static void
webp(struct check *c)
{
	/* VP8X with EXIF and XMP flags, a VP8L, an EXIF (odd size: padded)
	   and an XMP chunk. */
	unsigned char	 f[] = "RIFF\0\0\0\0WEBP"
	    "VP8X\x0a\0\0\0\x0c\0\0\0\0\0\0\0\0\0"
	    "VP8L\x04\0\0\0abcd"
	    "EXIF\x03\0\0\0GPS\0"
	    "XMP \x02\0\0\0xy";
	size_t		 n = sizeof(f) - 1, m;
	unsigned char	 bad[] = "RIFF\0\0\0\0WEBPEXIF\xff\0\0\0";
	unsigned char	 late[] = "RIFF\0\0\0\0WEBPEXIF\x02\0\0\0abVP8L\x02\0\0\0xyALPH\xff\0\0\0z";
	unsigned char	 late0[sizeof(late)];

	memcpy(late0, late, sizeof(late));

	f[4] = (unsigned char)(n - 8);
	m = media_webp_strip(f, n);
	CHECK(c, m == 12 + 18 + 12, "EXIF and XMP chunks gone: %zu", m);
	CHECK(c, f[4] == m - 8 && f[5] == 0, "RIFF size fixed");
	CHECK(c, (f[20] & 0x2C) == 0, "VP8X flags cleared");
	CHECK(c, memcmp(f + 30, "VP8Labcd", 4) == 0, "image data kept");
	CHECK(c, media_webp_strip(bad, sizeof(bad) - 1) == sizeof(bad) - 1,
	    "a chunk longer than the file: left as it is");
	CHECK(c, media_webp_strip(late, sizeof(late) - 1) == sizeof(late) - 1 &&
	    memcmp(late, late0, sizeof(late)) == 0,
	    "a bad chunk after an EXIF one: nothing moved (found by fuzz_media)");
}

int
main(void)
{
	struct check	 c = { 0 };

	sniffing(&c);
	pixels(&c);
	widths(&c);
	names(&c);
	webp(&c);
	return check_done(&c);
}
