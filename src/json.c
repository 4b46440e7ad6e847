/* json.c: a strict RFC 8259 reader into arena nodes, and a string writer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"

#define JSON_MAX_DEPTH	512

struct jp {
	struct arena	*a;
	const char	*p;	/* next byte */
	const char	*end;
	int		 line;
	int		 depth;	/* open arrays and objects */
	char		*err;
	size_t		 errsz;
};

static struct json	*parse_value(struct jp *);

static void *
jerr(struct jp *jp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void *
jerr(struct jp *jp, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (jp->err == NULL || jp->errsz == 0)
		return NULL;
	n = snprintf(jp->err, jp->errsz, "line %d: ", jp->line);
	if (n >= 0 && (size_t)n < jp->errsz) {
		va_start(ap, fmt);
		(void)vsnprintf(jp->err + n, jp->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

/* An error about the byte at jp->p (or the end of the input). */
static void *
junexpected(struct jp *jp, const char *what)
{
	unsigned char	 c;

	if (jp->p >= jp->end)
		return jerr(jp, "unexpected end of input, expected %s", what);
	c = (unsigned char)*jp->p;
	if (c > 0x20 && c < 0x7f)
		return jerr(jp, "unexpected '%c', expected %s", c, what);
	return jerr(jp, "unexpected byte 0x%02x, expected %s", c, what);
}

static void
skip_ws(struct jp *jp)
{
	for (; jp->p < jp->end; jp->p++) {
		if (*jp->p == '\n')
			jp->line++;
		else if (*jp->p != ' ' && *jp->p != '\t' && *jp->p != '\r')
			break;
	}
}

/*
 * Length of the well-formed UTF-8 sequence at s (n bytes available),
 * or 0: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static char *
utf8_put(char *d, unsigned long cp)
{
	if (cp < 0x80)
		*d++ = (char)cp;
	else if (cp < 0x800) {
		*d++ = (char)(0xc0 | (cp >> 6));
		*d++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*d++ = (char)(0xe0 | (cp >> 12));
		*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*d++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*d++ = (char)(0xf0 | (cp >> 18));
		*d++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*d++ = (char)(0x80 | (cp & 0x3f));
	}
	return d;
}

/* Four hex digits at s (at least 4 bytes); -1 if they are not. */
static long
hex4(const char *s)
{
	long	 v = 0;
	int	 i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (c - 'A' + 10);
		else
			return -1;
	}
	return v;
}

/* A \u escape of four hex digits (and its low surrogate) at *sp, before end. */
static char *
parse_uescape(struct jp *jp, const char **sp, const char *end, char *d)
{
	const char	*s = *sp;
	long		 cp, lo;

	if (end - s < 6 || (cp = hex4(s + 2)) < 0)
		return jerr(jp, "bad \\u escape in string");
	s += 6;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return jerr(jp, "unpaired surrogate \\u%04lx in string",
		    (unsigned long)cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (end - s < 6 || s[0] != '\\' || s[1] != 'u' ||
		    (lo = hex4(s + 2)) < 0xdc00 || lo > 0xdfff)
			return jerr(jp, "unpaired surrogate \\u%04lx in string",
			    (unsigned long)cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		s += 6;
	}
	*sp = s;
	return utf8_put(d, (unsigned long)cp);
}

/* The string at jp->p (a '"'), decoded into the arena. */
static int
parse_string(struct jp *jp, const char **out, size_t *outlen)
{
	const char	*s, *q;
	char		*buf, *d;
	size_t		 n;

	for (q = jp->p + 1; q < jp->end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < jp->end)
			q++;
	if (q >= jp->end) {
		jerr(jp, "unterminated string");
		return -1;
	}
	d = buf = arena_alloc(jp->a, (size_t)(q - jp->p));
	for (s = jp->p + 1; s < q; ) {
		if (*s == '\\') {
			switch (s[1]) {
			case '"': *d++ = '"'; break;
			case '\\': *d++ = '\\'; break;
			case '/': *d++ = '/'; break;
			case 'b': *d++ = '\b'; break;
			case 'f': *d++ = '\f'; break;
			case 'n': *d++ = '\n'; break;
			case 'r': *d++ = '\r'; break;
			case 't': *d++ = '\t'; break;
			case 'u':
				if ((d = parse_uescape(jp, &s, q, d)) == NULL)
					return -1;
				continue;
			default:
				jerr(jp, "bad escape in string");
				return -1;
			}
			s += 2;
		} else if ((unsigned char)*s < 0x20) {
			jerr(jp, "control character in string");
			return -1;
		} else {
			n = utf8_len((const unsigned char *)s, (size_t)(q - s));
			if (n == 0) {
				jerr(jp, "invalid UTF-8 in string");
				return -1;
			}
			memcpy(d, s, n);
			d += n;
			s += n;
		}
	}
	*d = '\0';
	*out = buf;
	*outlen = (size_t)(d - buf);
	jp->p = q + 1;
	return 0;
}

static int
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static struct json *
parse_number(struct jp *jp, struct json *j)
{
	const char	*p = jp->p, *end = jp->end;
	char		*text;

	if (*p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (is_digit(p, end))
		while (is_digit(p, end))
			p++;
	else
		return jerr(jp, "bad number");
	if (p < end && *p == '.') {
		if (!is_digit(++p, end))
			return jerr(jp, "bad number");
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return jerr(jp, "bad number");
		while (is_digit(p, end))
			p++;
	}
	text = arena_strndup(jp->a, jp->p, (size_t)(p - jp->p));
	j->type = JSON_NUMBER;
	j->num = strtod(text, NULL);
	j->str = text;
	j->len = (size_t)(p - jp->p);
	jp->p = p;
	return j;
}

static struct json *
parse_literal(struct jp *jp, struct json *j, const char *word,
    enum json_type type)
{
	size_t	 len = strlen(word);

	if ((size_t)(jp->end - jp->p) < len || memcmp(jp->p, word, len) != 0)
		return jerr(jp, "bad literal, expected %s", word);
	jp->p += len;
	j->type = type;
	return j;
}

/* Link c after *tail in the array or object j. */
static void
add_child(struct json *j, struct json ***tail, struct json *c)
{
	**tail = c;
	*tail = &c->next;
	j->n++;
}

static struct json *
parse_array(struct jp *jp, struct json *j)
{
	struct json	**tail = &j->child, *c;

	j->type = JSON_ARRAY;
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == ']') {
		jp->p++;
		return j;
	}
	for (;;) {
		if ((c = parse_value(jp)) == NULL)
			return NULL;
		add_child(j, &tail, c);
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ']') {
			jp->p++;
			return j;
		}
		if (jp->p >= jp->end || *jp->p != ',')
			return junexpected(jp, "',' or ']'");
		jp->p++;
		skip_ws(jp);
	}
}

static struct json *
parse_object(struct jp *jp, struct json *j)
{
	struct json	**tail = &j->child, *c;
	const char	*key;
	size_t		 keylen;

	j->type = JSON_OBJECT;
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == '}') {
		jp->p++;
		return j;
	}
	for (;;) {
		if (jp->p >= jp->end || *jp->p != '"')
			return junexpected(jp, "a string (member name)");
		if (parse_string(jp, &key, &keylen) == -1)
			return NULL;
		skip_ws(jp);
		if (jp->p >= jp->end || *jp->p != ':')
			return junexpected(jp, "':'");
		jp->p++;
		skip_ws(jp);
		if ((c = parse_value(jp)) == NULL)
			return NULL;
		c->key = key;
		c->keylen = keylen;
		add_child(j, &tail, c);
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == '}') {
			jp->p++;
			return j;
		}
		if (jp->p >= jp->end || *jp->p != ',')
			return junexpected(jp, "',' or '}'");
		jp->p++;
		skip_ws(jp);
	}
}

/* One value at jp->p (white space before it already skipped). */
static struct json *
parse_value(struct jp *jp)
{
	struct json	*j, *r;

	if (jp->p >= jp->end)
		return junexpected(jp, "a value");
	j = arena_zalloc(jp->a, sizeof(*j));
	switch (*jp->p) {
	case '{':
	case '[':
		if (++jp->depth > JSON_MAX_DEPTH)
			return jerr(jp, "nesting deeper than %d",
			    JSON_MAX_DEPTH);
		r = *jp->p == '{' ? parse_object(jp, j) : parse_array(jp, j);
		jp->depth--;
		return r;
	case '"':
		j->type = JSON_STRING;
		if (parse_string(jp, &j->str, &j->len) == -1)
			return NULL;
		return j;
	case 't':
		return parse_literal(jp, j, "true", JSON_TRUE);
	case 'f':
		return parse_literal(jp, j, "false", JSON_FALSE);
	case 'n':
		return parse_literal(jp, j, "null", JSON_NULL);
	default:
		if (*jp->p == '-' || is_digit(jp->p, jp->end))
			return parse_number(jp, j);
		return junexpected(jp, "a value");
	}
}

/*
 * Parse len bytes of JSON text (one value; a leading UTF-8 byte order
 * mark is ignored). Every node and string lives in the arena. Returns the
 * root, or NULL with "line L: what" in err.
 */
struct json *
json_parse(struct arena *a, const char *text, size_t len, char *err,
    size_t errsz)
{
	struct jp	 jp;
	struct json	*root;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	memset(&jp, 0, sizeof(jp));
	jp.a = a;
	jp.p = text;
	jp.end = text + len;
	jp.line = 1;
	jp.err = err;
	jp.errsz = errsz;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		jp.p += 3;
	skip_ws(&jp);
	if ((root = parse_value(&jp)) == NULL)
		return NULL;
	skip_ws(&jp);
	if (jp.p < jp.end)
		return junexpected(&jp, "end of input");
	return root;
}

/* The first member called key of the object obj; NULL if none. */
const struct json *
json_get(const struct json *obj, const char *key)
{
	const struct json	*c;
	size_t			 len;

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	len = strlen(key);
	for (c = obj->child; c != NULL; c = c->next)
		if (c->keylen == len && memcmp(c->key, key, len) == 0)
			return c;
	return NULL;
}

/*
 * Append s (len bytes) as a JSON string, quotes included: '"', '\' and
 * control characters are escaped, valid UTF-8 is copied as is, and each
 * byte of invalid UTF-8 becomes \ufffd.
 */
void
json_write_string(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start = 0, n;
	char			 e[7];
	const char		*rep;

	buf_putc(b, '"');
	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x80 && u[i] != '"' &&
		    u[i] != '\\') {
			i++;
			continue;
		}
		if (u[i] >= 0x80 && (n = utf8_len(u + i, len - i)) > 0) {
			i += n;
			continue;
		}
		buf_add(b, s + start, i - start);
		switch (u[i]) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		default:
			if (u[i] >= 0x80) {
				rep = "\\ufffd";
				break;
			}
			memcpy(e, "\\u00", 4);
			e[4] = hex[u[i] >> 4];
			e[5] = hex[u[i] & 15];
			e[6] = '\0';
			rep = e;
			break;
		}
		buf_puts(b, rep);
		start = ++i;
	}
	buf_add(b, s + start, i - start);
	buf_putc(b, '"');
}
