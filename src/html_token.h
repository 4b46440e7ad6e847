/* html_token.h: HTML read as a browser's tokenizer reads it (simplified): tags, attributes, character references. */
#ifndef QUIRE_HTML_TOKEN_H
#define QUIRE_HTML_TOKEN_H

#include <stddef.h>

struct buf;

/*
 * The tokenizer's character classes and words, for the sanitizer and the
 * WordPress reader too: HTML white space; a letter or digit; ASCII lower
 * case; do the n bytes at s start with the lower-case word w (any case)?
 * is w in the NULL-ended list? Each 1 or 0 (html_lower: the character).
 */
int	html_is_space(int c);
int	html_is_alnum(int c);
int	html_lower(int c);
int	html_starts_ci(const char *s, size_t n, const char *w);
int	html_in_list(const char *const *list, const char *w);

#define HTML_NAME_LEN	32	/* longest element or attribute name + 1 */

enum html_tok {
	HTML_TOK_TEXT,	/* a '<' that is only text */
	HTML_TOK_TAG,	/* a start or end tag */
	HTML_TOK_SKIP	/* a comment, <!...>, <?...>, or a tag cut off by
			   the end */
};

struct html_tag {
	size_t	 len;		/* bytes from '<' to just past '>' */
	char	 name[HTML_NAME_LEN]; /* lower case; "" if too long
				   or holding odd characters */
	int	 close;		/* an end tag */
	size_t	 attrs;		/* offset of the attributes */
};

struct html_attr {
	const char	*name;
	size_t		 namelen;
	const char	*val;	/* raw: references not decoded */
	size_t		 vallen;
	int		 has_val;
};

/*
 * s[0] is '<' (n > 0): what starts there. For a tag, t holds its
 * length, lower-case name and where its attributes start. Reads at most
 * n bytes.
 */
enum html_tok	 html_tok_scan(const char *s, size_t n, struct html_tag *t);
/*
 * Read the attribute at s[*i] in a tag (the n bytes of the tag), as an
 * HTML parser does. Returns 1 with *a filled (pointing into s), 0 at the
 * tag's '>' (*i just past it), or -1 if the input ends first (*i = n).
 */
int		 html_tok_attr(const char *s, size_t n, size_t *i,
		    struct html_attr *a);
/*
 * From s[i] (just after a start tag named name), the offset just past
 * its end tag "</name ...>", or n if there is none.
 */
size_t		 html_tok_skip_element(const char *s, size_t n, size_t i,
		    const char *name);
/*
 * s[0] is '&'. If a character reference starts there, append its
 * character (UTF-8) to out and return its length; else return 0.
 * Numeric ones need no ';' (as in browsers); named ones do. NUL,
 * surrogates and numbers past U+10FFFF give U+FFFD.
 */
size_t		 html_tok_entity(struct buf *out, const char *s, size_t n);
/* Append the n bytes at s to out with character references decoded. */
void		 html_tok_decode(struct buf *out, const char *s, size_t n);

#endif
