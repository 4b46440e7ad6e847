/* html.h: HTML that the program rendered itself, as its own type. */
#ifndef QUIRE_HTML_H
#define QUIRE_HTML_H

#include <stddef.h>

struct arena;

/*
 * A fragment of HTML that is safe to emit unescaped (tmpl_set_html).
 * The type is opaque and only the functions below make one:
 * html_stored, html_scrollers, html_text_para and html_marked here,
 * md_render_post and md_render_comment (markdown.c: cmark's output),
 * html_sanitized (html_sanitize.c: the allow list's output). The bytes
 * are NUL-terminated, live in an arena (or as long as the string they
 * wrap) and are never copied. tests/unit/test_html_make.c checks that
 * no other file calls html_trust or builds a struct html;
 * tests/unit/test_tmpl_raw.c that templates emit nothing else raw.
 */
struct html;

/* The bytes of h (NUL-terminated) and their length. */
const char	*html_str(const struct html *);
size_t		 html_len(const struct html *);

/*
 * Wrap len bytes (s[len] is '\0') that are already trusted HTML; not
 * copied. Returns an arena-allocated struct html. Only for html.c,
 * markdown.c and html_sanitize.c (test_html_make): everyone else uses
 * a constructor that says where its HTML comes from.
 */
const struct html *html_trust(struct arena *, const char *, size_t);

/* A stored body_html or bio_html column as it is: the HTML markdown.c
   or the sanitizer made when the text was saved. Not copied. */
const struct html *html_stored(struct arena *, const char *);

/* Plain text escaped (esc_html_text) as one paragraph: <p>TEXT</p>. */
const struct html *html_text_para(struct arena *, const char *text);

/* Text escaped, each \x01 and \x02 in it (the start and end of a search
   match) made <mark> and </mark>. */
const struct html *html_marked(struct arena *, const char *);

/* Text escaped, each \x01..\x02 in it made <ins>..</ins> and each
   \x03..\x04 <del>..</del>: a word diff (diff.c). */
const struct html *html_diff(struct arena *, const char *);

/* Stored post or comment HTML as served: <pre> and <table> reachable by
   keyboard (tabindex="0"), since the theme lets them scroll. */
const struct html *html_scrollers(struct arena *, const char *, size_t);

#endif
