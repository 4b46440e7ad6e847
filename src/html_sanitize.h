/* html_sanitize.h: HTML from authors and imports made safe to serve, by an allow list. */
#ifndef QUIRE_HTML_SANITIZE_H
#define QUIRE_HTML_SANITIZE_H

#include <stddef.h>

struct arena;
struct buf;
struct html;

/* What html_sanitize removed, added up over calls. */
struct html_sanitize_counts {
	int	 elements;	/* start tags not on the list (script, svg,
				   form, font ...), some with their content */
	int	 attributes;	/* attributes not on the list (on*, style
				   ...) and URLs of a scheme not allowed */
};

/*
 * Append to out the n bytes of HTML s made safe to serve, by an allow
 * list. Kept: the elements of a blog post's body (paragraphs, headings,
 * lists, tables, quotes, code, inline text markup, figures, images,
 * <picture>, <video> and <audio>, div, span, section, details, ruby,
 * time), each with the attributes listed for it (href, src, srcset,
 * alt, width, height, cite, datetime, colspan, start ...) and the
 * global title, lang and dir (and class and id, except in comments).
 * Every other element's tags are dropped and what is inside kept as
 * text; script, style, iframe, object, svg, math, textarea, select and a
 * few more are dropped with their content. Every other attribute is
 * dropped: on* handlers, style, target, form attributes. URLs (href,
 * src, cite, poster, each of srcset) are kept only when relative or
 * http, https, mailto, ftp or tel, with character references, white
 * space, controls and case dealt with first, so "jav&#x09;ascript:"
 * is caught. Comments and <!...> are removed, every attribute is
 * re-quoted, and the elements balanced (unmatched end tags dropped,
 * open ones closed). Sanitizing the output again changes nothing. With
 * `comment', links get rel="nofollow ugc noopener". removed may be
 * NULL.
 */
void	html_sanitize(struct buf *out, const char *s, size_t n, int comment,
	    struct html_sanitize_counts *removed);

/* html_sanitize into the arena, as the HTML to serve (nothing counted). */
const struct html *html_sanitized(struct arena *, const char *s, size_t n,
	    int comment);

#endif
