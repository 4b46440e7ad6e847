/* html.h: HTML that the program rendered itself, as its own type. */
#ifndef QUIRE_HTML_H
#define QUIRE_HTML_H

#include <stddef.h>

struct arena;

/*
 * A fragment of HTML that is safe to emit unescaped. Only code that
 * produces HTML itself may make one: markdown.c (cmark output), esc.c
 * (escaped text), and the feed and avatar code. tests/unit/test_tmpl_raw.c
 * checks that templates emit nothing else raw.
 */
struct html {
	const char	*s;
	size_t		 len;
};

/*
 * Wrap bytes that are already trusted HTML. The bytes are not copied and
 * must outlive the struct (an arena or a worker-lifetime string).
 * Returns an arena-allocated struct html.
 */
const struct html *html_trust(struct arena *, const char *, size_t);

/* Stored post or comment HTML as served: <pre> and <table> reachable by
   keyboard (tabindex="0"), since the theme lets them scroll. */
const struct html *html_scrollers(struct arena *, const char *, size_t);

#endif
