/* utf8.h: UTF-8 validation, clean-text checks and safe truncation. */
#ifndef QUIRE_UTF8_H
#define QUIRE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at the start of the n bytes at s. Returns its
 * length in bytes (1-4) and stores the code point in *cp, or returns 0
 * if n is 0 or the bytes there are not a well-formed character
 * (truncated, overlong, a surrogate, above U+10FFFF, a stray
 * continuation byte); *cp is then untouched. Never reads past n.
 */
size_t	utf8_next(const char *s, size_t n, uint32_t *cp);

/* Returns 1 if the n bytes are well-formed UTF-8, else 0. */
int	utf8_valid(const char *s, size_t n);

/*
 * Returns 1 if the n bytes are well-formed UTF-8 holding no NUL, no DEL
 * and no C0 or C1 control character other than tab, newline and
 * carriage return; else 0. For checking form input (comments, names).
 */
int	text_clean(const char *s, size_t n);

/*
 * Returns the length of the longest prefix of the n bytes at s that is
 * at most max bytes long and does not end inside a character. Bytes that
 * are not part of a well-formed character count as one-byte units, so
 * the result is also sensible for invalid input. Returns n if n <= max.
 */
size_t	utf8_prefix(const char *s, size_t n, size_t max);

/*
 * s as text that can be shown again in a form: invalid UTF-8 and NUL
 * bytes become U+FFFD, everything else is kept. Returns s itself when it
 * needs nothing, else a copy in the arena.
 */
struct arena;
const char *utf8_showable(struct arena *, const char *s, size_t n);

#endif
