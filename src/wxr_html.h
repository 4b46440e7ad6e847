/* wxr_html.h: WordPress HTML made fit to serve: paragraphs, shortcodes (the sanitizing is html_sanitize.h's). */
#ifndef QUIRE_WXR_HTML_H
#define QUIRE_WXR_HTML_H

#include <stddef.h>

struct buf;
struct wxr_media;

/* What the conversion changed or dropped, added up over calls. */
struct wxr_notes {
	int	 gallery;	/* [gallery] shortcodes dropped (no photos) */
	int	 gallery_made;	/* [gallery] shortcodes made photo grids */
	int	 caption;	/* [caption] turned into <figure> */
	int	 embed;		/* [embed] and lone URLs turned into links */
	int	 media;		/* [audio] [video] made links, [playlist] dropped */
	int	 elements;	/* elements html_sanitize removed */
	int	 attributes;	/* attributes html_sanitize removed */
};

/*
 * Append to out the n bytes of s with WordPress's common shortcodes
 * replaced: [caption]...[/caption] by <figure> with a <figcaption>,
 * [embed]URL[/embed], [audio] and [video] by a plain link, [gallery]
 * and [playlist] dropped; a line holding only an http(s) URL (which
 * WordPress would embed) becomes a link too. [[x]] gives a literal [x];
 * other bracketed text is left alone. notes may be NULL.
 */
void	wxr_shortcodes(struct buf *out, const char *s, size_t n,
	    struct wxr_notes *notes);

/*
 * Append to out the n bytes of s with paragraphs made the way
 * WordPress's wpautop shows them: text separated by blank lines becomes
 * <p>...</p>, a single newline inside a paragraph <br />; block-level
 * elements (div, ul, table, blockquote, pre, h1-h6, figure ...) are not
 * wrapped, and what is inside <pre>, <script>, <style> and comments is
 * left alone. Content made with the block editor (it holds
 * "<!-- wp:" comments) is copied unchanged, as WordPress does.
 */
void	wxr_autop(struct buf *out, const char *s, size_t n);

/* wxr_shortcodes, html_sanitize, wxr_autop and html_sanitize again (to
   balance the elements): an imported body or comment as the HTML to
   store. */
void	wxr_html(struct buf *out, const char *s, size_t n, int comment,
	    struct wxr_notes *notes);
/* wxr_html with the uploads md knows: [gallery] made a grid of its
   photos, old upload references pointing to them (wxr_media.h). */
void	wxr_html_media(struct buf *out, const char *s, size_t n, int comment,
	    struct wxr_notes *notes, struct wxr_media *md);

/*
 * Append to out the plain text of the n bytes of s (a title, a tag or
 * author name, an excerpt): tags dropped, HTML entities decoded
 * ("A &amp; B" is "A & B"), control characters dropped, runs of white
 * space folded into one space, none at either end.
 */
void	wxr_text(struct buf *out, const char *s, size_t n);

#endif
