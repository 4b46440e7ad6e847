/* json.h: a small JSON reader and writer (spec tests, import/export). */
#ifndef QUIRE_JSON_H
#define QUIRE_JSON_H

#include <stddef.h>

struct arena;
struct buf;

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
	JSON__MAX
};

/* A parsed value; everything lives in the arena given to json_parse. */
struct json {
	enum json_type	 type;
	double		 num;	/* JSON_NUMBER */
	const char	*str;	/* JSON_STRING (UTF-8, NUL-terminated, may hold NULs)
				   and JSON_NUMBER (its source text) */
	size_t		 len;	/* bytes in str */
	const char	*key;	/* member name when inside an object */
	size_t		 keylen;
	struct json	*child;	/* first element/member of an array/object */
	struct json	*next;	/* next sibling */
	size_t		 n;	/* number of children */
};

/*
 * Parse len bytes of JSON (RFC 8259: one value, surrounding white space
 * allowed, \u escapes with surrogate pairs decoded to UTF-8). Returns the
 * root, or NULL with "line L: what" in err. Nesting deeper than 512 fails.
 */
struct json	*json_parse(struct arena *, const char *text, size_t len,
		    char *err, size_t errsz);
/* Member of an object by name; NULL if absent or not an object. */
const struct json *json_get(const struct json *obj, const char *key);

/* Writers: append JSON text to a buffer. */
void		 json_write_string(struct buf *, const char *s, size_t len);

#endif
