/* markdown.h: Markdown to HTML with cmark, when text is saved. */
#ifndef QUIRE_MARKDOWN_H
#define QUIRE_MARKDOWN_H

#include <stddef.h>

struct arena;
struct buf;
struct html;
struct media;

/*
 * Photos while a post renders: lookup(arg, arena, url, m) fills *m (arena
 * strings) and returns 1 when url names a stored photo, else 0.
 */
struct md_photos {
	int	(*lookup)(void *, struct arena *, const char *url,
		    struct media *);
	void	*arg;
};

/*
 * A post or page body: CommonMark in cmark's safe mode (raw HTML and
 * javascript:/vbscript:/file:/data: links dropped) with smart punctuation.
 * Returns trusted HTML in the arena.
 */
const struct html *md_render_post(struct arena *, const char *, size_t);
/*
 * The same, and an image whose URL photos->lookup knows becomes a
 * <picture> (WebP source first) with srcset, sizes, width, height, alt
 * (the Markdown's, else the photo's), decoding="async" and, but for the
 * first photo, loading="lazy", linked to its widest file; alone in its
 * paragraph with a title (the Markdown's, else the photo's caption),
 * ![alt](url "caption"), inside <figure> with
 * <figcaption>. photos NULL: as md_render_post.
 */
const struct html *md_render_post_photos(struct arena *, const char *,
	    size_t, const struct md_photos *photos);
/*
 * The <picture> of photo m into out (pure: the unit test's and the
 * renderer's): alt as given, linked to href unless that is NULL, lazy
 * unless `first'.
 */
void	md_picture(struct buf *out, const struct media *m, const char *alt,
	    const char *href, int first);
/*
 * A comment: like a post body (safe mode) but headings become plain
 * paragraphs, images become links to the image, and every link gets
 * rel="nofollow ugc noopener". Returns trusted HTML in the arena.
 */
const struct html *md_render_comment(struct arena *, const char *, size_t);
/*
 * A plain-text summary of HTML: tags dropped, entities for & < > " '
 * and numeric ones decoded, white space folded, at most `words' words,
 * with " […]" when cut. Appended to out.
 */
void	md_summary(struct buf *out, const char *html, size_t n, int words);

#endif
