/* avatar.c: generated avatars, /avatar/HASH.svg (no third party). */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "pages.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Append a 5x5 mirrored identicon for 16 bytes of hash: the hue from the
 * first two bytes, the cells from the next ones. The same hash always
 * draws the same picture.
 */
void
avatar_svg(struct buf *b, const unsigned char h[16])
{
	int	 hue, x, y, bit = 0, on;

	hue = (h[0] << 8 | h[1]) % 360;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 5 5\" width=\"80\" height=\"80\" "
	    "shape-rendering=\"crispEdges\">"
	    "<rect width=\"5\" height=\"5\" fill=\"hsl(%d,45%%,92%%)\"/>"
	    "<g fill=\"hsl(%d,55%%,42%%)\">", hue, hue);
	for (x = 0; x < 3; x++)
		for (y = 0; y < 5; y++, bit++) {
			on = h[2 + bit / 8] >> (bit % 8) & 1;
			if (!on)
				continue;
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"1\" "
			    "height=\"1\"/>", x, y);
			if (x < 2)
				buf_printf(b, "<rect x=\"%d\" y=\"%d\" "
				    "width=\"1\" height=\"1\"/>", 4 - x, y);
		}
	buf_puts(b, "</g></svg>\n");
}

/*
 * GET /avatar/HASH.svg: HASH is 32 lower-case hex digits (a keyed hash of
 * a commenter's email, made by avatar_hash). 200 image/svg+xml, cached
 * forever; 404 for anything else.
 */
int
page_avatar_show(struct req *r, struct resp *resp)
{
	const char	*s = r->arg[0];
	unsigned char	 h[16];
	int		 i, hi, lo;

	if (strlen(s) != 36 || strcmp(s + 32, ".svg") != 0)
		return 404;
	for (i = 0; i < 16; i++) {
		if ((hi = hexval(s[2 * i])) < 0 ||
		    (lo = hexval(s[2 * i + 1])) < 0)
			return 404;
		h[i] = (unsigned char)(hi << 4 | lo);
	}
	avatar_svg(resp->body, h);
	resp->content_type = "image/svg+xml";
	resp->cache = CACHE_FOREVER;
	return 200;
}
