/* postfile.h: Markdown post files with a header block. */
#ifndef QUIRE_POSTFILE_H
#define QUIRE_POSTFILE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* The header of a post file; absent fields are NULL. */
struct postfile {
	const char	*title;
	const char	*slug;
	const char	*tags;		/* comma-separated */
	const char	*date;		/* ISO 8601, as written */
	const char	*status;
	const char	*type;
	const char	*excerpt;
	const char	*comments;	/* "open" | "closed" */
	const char	*body;		/* the Markdown after the header */
};

/*
 * Parse `key: value' lines up to a blank line (or a block fenced by
 * `---' lines, as Hugo and Jekyll write it), then the body. Keys are
 * case-insensitive; "categories" adds to tags; values may be quoted;
 * YAML lists in brackets are accepted for tags. Unknown keys are
 * ignored with a warning in warn (the last one). Returns 0, or -1 with
 * the line number and reason in err. Strings live in the arena.
 */
int	postfile_parse(struct arena *, const char *text, size_t n,
	    struct postfile *, char *warn, size_t warnsz, char *err,
	    size_t errsz);

#endif
