/* markdown.h: Markdown to HTML with cmark, when text is saved. */
#ifndef QUIRE_MARKDOWN_H
#define QUIRE_MARKDOWN_H

#include <stddef.h>

struct arena;
struct buf;
struct html;

/*
 * A post or page body: CommonMark in cmark's safe mode (raw HTML and
 * javascript:/vbscript:/file:/data: links dropped) with smart punctuation.
 * Returns trusted HTML in the arena.
 */
const struct html *md_render_post(struct arena *, const char *, size_t);
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
