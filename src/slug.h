/* slug.h: URL slugs from titles, and checking slugs given by people. */
#ifndef QUIRE_SLUG_H
#define QUIRE_SLUG_H

#include <stddef.h>

struct buf;

#define SLUG_MAX	200	/* bytes */

/*
 * Append to out a URL slug made from the n bytes of title: ASCII letters
 * and digits lower-cased; Latin letters with diacritics transliterated
 * (é -> e, ß -> ss, Æ -> ae, ł -> l, fullwidth Ａ -> a); letters of
 * other scripts (Cyrillic, Greek, Armenian, Hebrew, Arabic, Indic, CJK,
 * Hangul ...) kept as UTF-8, with Cyrillic, Greek and Armenian capitals
 * lower-cased; combining accents (U+0300-U+036F), soft hyphens,
 * zero-width characters, variation selectors and apostrophes (' ’ ʼ)
 * dropped, so "Don’t" gives "dont"; every run of anything else
 * (spaces, punctuation, symbols, emoji, invalid UTF-8) becomes one '-',
 * with none at either end. At most SLUG_MAX bytes: a longer slug is cut
 * at its last '-' when that keeps at least half, else at a character
 * boundary. Appends nothing if nothing usable remains (the caller
 * substitutes "untitled" or the id). The result satisfies slug_valid().
 */
void	slug_make(struct buf *out, const char *title, size_t n);

/*
 * Returns 1 if the n bytes are a well-formed slug, else 0: exactly the
 * strings slug_make can output and maps to themselves. So: non-empty,
 * at most SLUG_MAX bytes, valid UTF-8, ASCII only [a-z0-9-], no '-' at
 * either end and no "--", and no non-ASCII character that slug_make
 * would change, drop or turn into '-' (capitals, Latin letters with
 * diacritics, spaces, punctuation, symbols, emoji, invisible
 * characters). A slug imported from elsewhere that fails this can be
 * passed through slug_make (and the old path redirected).
 */
int	slug_valid(const char *s, size_t n);

#endif
