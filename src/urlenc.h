/* urlenc.h: percent-decoding, query strings, form bodies and cookies. */
#ifndef QUIRE_URLENC_H
#define QUIRE_URLENC_H

#include <stddef.h>

struct arena;

/*
 * One name/value pair of a query string, form body or Cookie header, in
 * the order they came. key and val are NUL-terminated and live in the
 * arena given to the parser; val may hold NUL bytes after decoding, so
 * vallen is its real length.
 */
struct kv {
	const char	*key;
	const char	*val;
	size_t		 keylen;
	size_t		 vallen;
	struct kv	*next;
};

/*
 * Percent-decode the n bytes at s; with plus_is_space, '+' becomes a
 * space (form bodies and query strings). Returns 0 and sets *out to an
 * arena-allocated, NUL-terminated copy and *outlen to its length (which
 * may hold NUL bytes: %00 is decoded, callers decide), or -1 if a '%' is
 * not followed by two hex digits; *out and *outlen are then untouched.
 * Never reads past n.
 */
int	url_decode(struct arena *, const char *s, size_t n, int plus_is_space,
	    char **out, size_t *outlen);

/*
 * Decode a URL path such as "/2024/05/caf%C3%A9/" (no '+' rule). Returns
 * 0 and sets *out to an arena-allocated, NUL-terminated copy, or -1 if an
 * escape is malformed, or the result holds a NUL or any other control
 * character (C0 including tab and newline, DEL, C1), is not valid UTF-8,
 * has a segment that decodes to "." or "..", or has a '/' that came
 * from %2F. *out is untouched on -1. Never reads past n.
 */
int	path_decode(struct arena *, const char *s, size_t n, char **out);

/*
 * Parse application/x-www-form-urlencoded data or a query string
 * ("a=1&b=2"): pairs are separated by '&', '+' is a space, empty pairs
 * are skipped, a pair without '=' gets the value "" and "=x" gets the
 * key "". Returns 0 and sets *head to the first pair (NULL if there are
 * none), everything arena-allocated; or -1 if an escape is malformed or
 * a key is not valid UTF-8 or holds a NUL, with *head set to NULL.
 * Values hold whatever bytes they decode to: validating them is the
 * caller's job. Never reads past n.
 */
int	form_parse(struct arena *, const char *s, size_t n, struct kv **head);

/*
 * Parse a Cookie header ("a=b; c=d", RFC 6265). Tolerant: pairs
 * without '=' or with an empty or non-token name, and pairs holding
 * control characters other than tab, are skipped; whitespace around
 * names and values and one pair of double quotes around a value are
 * stripped; no percent decoding. A NULL header gives an empty list.
 * Returns 0 and sets *head (arena-allocated, header order, duplicates
 * kept so the first wins in kv_get), or -1 if the header holds more
 * than COOKIE_MAX well-formed pairs, with *head set to NULL: no browser
 * sends that many, so the caller may answer 400.
 */
#define COOKIE_MAX	100
int	cookie_parse(struct arena *, const char *header, struct kv **head);

/* Returns the first pair named key, or NULL. */
const struct kv	*kv_find(const struct kv *, const char *key);

/* Returns the value of the first pair named key (owned by its arena), or
   NULL if there is none. */
const char	*kv_get(const struct kv *, const char *key);

/* Returns how many pairs are named key (to detect duplicate fields). */
int		 kv_count(const struct kv *, const char *key);

#endif
