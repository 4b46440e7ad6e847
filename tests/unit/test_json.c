/* test_json.c: the JSON reader (valid and invalid input) and writer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"

struct tally {
	int	 n;
	int	 pass;
	int	 fail;
};

static int
check(struct tally *t, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print an ok or fail line for test t->n; returns ok. */
static int
check(struct tally *t, int ok, const char *fmt, ...)
{
	va_list	 ap;

	t->n++;
	if (ok)
		t->pass++;
	else
		t->fail++;
	printf("%s %d - ", ok ? "ok" : "fail", t->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return ok;
}

static struct json *
parse(struct arena *a, const char *s, size_t len, char *err, size_t errsz)
{
	err[0] = '\0';
	return json_parse(a, s, len, err, errsz);
}

/* Input that must parse; returns the root. */
static struct json *
valid(struct tally *t, struct arena *a, const char *s, size_t len,
    const char *name)
{
	struct json	*j;
	char		 err[128];

	j = parse(a, s, len, err, sizeof(err));
	if (!check(t, j != NULL, "valid: %s", name))
		printf("#   error: %s\n", err);
	return j;
}

/* Input that must fail with the message want. */
static void
invalid(struct tally *t, struct arena *a, const char *s, size_t len,
    const char *want, const char *name)
{
	struct json	*j;
	char		 err[128];

	j = parse(a, s, len, err, sizeof(err));
	if (!check(t, j == NULL && strcmp(err, want) == 0, "invalid: %s",
	    name))
		printf("#   expected: \"%s\"\n#   got:      %s \"%s\"\n",
		    want, j != NULL ? "a value," : "NULL,", err);
}

static void
test_valid(struct tally *t, struct arena *a)
{
	const struct json	*j, *c;
	const char		*s;

	s = " \t\r\n null \n";
	j = valid(t, a, s, strlen(s), "null with white space");
	check(t, j != NULL && j->type == JSON_NULL, "null type");
	j = valid(t, a, "true", 4, "true");
	check(t, j != NULL && j->type == JSON_TRUE, "true type");
	j = valid(t, a, "false", 5, "false");
	check(t, j != NULL && j->type == JSON_FALSE, "false type");
	j = valid(t, a, "-12.50e+2", 9, "number");
	check(t, j != NULL && j->type == JSON_NUMBER && j->num == -1250.0 &&
	    j->len == 9 && strcmp(j->str, "-12.50e+2") == 0,
	    "number: num and source text");
	j = valid(t, a, "0", 1, "zero");
	check(t, j != NULL && j->num == 0.0 && strcmp(j->str, "0") == 0,
	    "zero value");
	j = valid(t, a, "[1.5,-0,2E3]", 12, "numbers in an array");
	check(t, j != NULL && j->n == 3 && j->child->num == 1.5 &&
	    j->child->next->next->num == 2000.0, "array of numbers");
	s = "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\"";
	j = valid(t, a, s, strlen(s), "string escapes");
	check(t, j != NULL && j->type == JSON_STRING && strcmp(j->str,
	    "a\"b\\c/d\b\f\n\r\tA\xc3\xa9\xe2\x82\xac") == 0,
	    "string escapes decoded");
	s = "\"\\ud83d\\ude00 \\uD834\\uDD1E\"";
	j = valid(t, a, s, strlen(s), "surrogate pairs");
	check(t, j != NULL && strcmp(j->str,
	    "\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e") == 0,
	    "surrogate pairs decoded to UTF-8");
	s = "\"a\\u0000b\"";
	j = valid(t, a, s, strlen(s), "NUL in a string");
	check(t, j != NULL && j->len == 3 && memcmp(j->str, "a\0b", 4) == 0,
	    "NUL in a string: length counts it, still NUL-terminated");
	s = "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"";
	j = valid(t, a, s, strlen(s), "raw UTF-8 in a string");
	check(t, j != NULL && j->len == strlen(s) - 2, "raw UTF-8 kept");
	j = valid(t, a, "\xef\xbb\xbf{}", 5, "byte order mark ignored");
	s = "{\"a\": {\"b\": [true, null, \"x\"]}, \"c\": 1, \"a\": 2}";
	j = valid(t, a, s, strlen(s), "nested object");
	c = json_get(j, "a");
	check(t, j != NULL && j->n == 3 && c != NULL &&
	    c->type == JSON_OBJECT && c->keylen == 1,
	    "json_get: first member of a name");
	c = json_get(c, "b");
	check(t, c != NULL && c->type == JSON_ARRAY && c->n == 3 &&
	    c->child->type == JSON_TRUE &&
	    c->child->next->type == JSON_NULL &&
	    strcmp(c->child->next->next->str, "x") == 0, "nested array");
	check(t, json_get(j, "nope") == NULL && json_get(c, "b") == NULL &&
	    json_get(NULL, "a") == NULL, "json_get: absent, not an object");
	s = "{\"\\u0000k\":1}";
	j = valid(t, a, s, strlen(s), "NUL in a key");
	check(t, j != NULL && j->child->keylen == 2 &&
	    j->child->key[0] == '\0', "NUL in a key: keylen counts it");
	j = valid(t, a, "[[],{},\"\"]", 10, "empty containers");
	check(t, j != NULL && j->n == 3 && j->child->n == 0 &&
	    j->child->child == NULL && j->child->next->n == 0 &&
	    j->child->next->next->len == 0, "empty containers are empty");
}

static void
test_invalid(struct tally *t, struct arena *a)
{
	static const struct {
		const char	*in;
		const char	*err;
	} bad[] = {
		{ "", "line 1: unexpected end of input, expected a value" },
		{ "  \n ",
		    "line 2: unexpected end of input, expected a value" },
		{ "[", "line 1: unexpected end of input, expected a value" },
		{ "[1,]", "line 1: unexpected ']', expected a value" },
		{ "[1 2]", "line 1: unexpected '2', expected ',' or ']'" },
		{ "{\"a\":1,}",
		    "line 1: unexpected '}', expected a string (member name)" },
		{ "{\"a\" 1}", "line 1: unexpected '1', expected ':'" },
		{ "{1:2}",
		    "line 1: unexpected '1', expected a string (member name)" },
		{ "{'a':1}",
		    "line 1: unexpected ''', expected a string (member name)" },
		{ "01", "line 1: unexpected '1', expected end of input" },
		{ "1.", "line 1: bad number" },
		{ ".5", "line 1: unexpected '.', expected a value" },
		{ "+1", "line 1: unexpected '+', expected a value" },
		{ "-", "line 1: bad number" },
		{ "1e", "line 1: bad number" },
		{ "0x10", "line 1: unexpected 'x', expected end of input" },
		{ "tru", "line 1: bad literal, expected true" },
		{ "nul", "line 1: bad literal, expected null" },
		{ "True", "line 1: unexpected 'T', expected a value" },
		{ "1 2", "line 1: unexpected '2', expected end of input" },
		{ "\"abc", "line 1: unterminated string" },
		{ "\"abc\\\"", "line 1: unterminated string" },
		{ "\"\\x\"", "line 1: bad escape in string" },
		{ "\"\\u12\"", "line 1: bad \\u escape in string" },
		{ "\"\\u12g4\"", "line 1: bad \\u escape in string" },
		{ "\"\\ud800\"",
		    "line 1: unpaired surrogate \\ud800 in string" },
		{ "\"\\udc00\"",
		    "line 1: unpaired surrogate \\udc00 in string" },
		{ "\"\\ud800\\u0041\"",
		    "line 1: unpaired surrogate \\ud800 in string" },
		{ "\"\\ud800\\ud800\"",
		    "line 1: unpaired surrogate \\ud800 in string" },
		{ "\"a\tb\"", "line 1: control character in string" },
		{ "[\n\"a\nb\"]", "line 2: control character in string" },
		{ "\"\xc0\xaf\"", "line 1: invalid UTF-8 in string" },
		{ "\"\xed\xa0\x80\"", "line 1: invalid UTF-8 in string" },
		{ "\"\xf4\x90\x80\x80\"", "line 1: invalid UTF-8 in string" },
		{ "\"\xe2\x82\"", "line 1: invalid UTF-8 in string" },
		{ "\"\x80\"", "line 1: invalid UTF-8 in string" },
		{ "[1,\n\n  x]", "line 3: unexpected 'x', expected a value" },
		{ "{\"a\":\n[1,\n2,\n}",
		    "line 4: unexpected '}', expected a value" },
		{ "/* c */ 1", "line 1: unexpected '/', expected a value" },
	};
	char	 buf[64];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		invalid(t, a, bad[i].in, strlen(bad[i].in), bad[i].err,
		    bad[i].err);
	invalid(t, a, "[1,\0 2]", 7,
	    "line 1: unexpected byte 0x00, expected a value",
	    "NUL outside a string");
	invalid(t, a, "\"a\0b\"", 5,
	    "line 1: control character in string", "raw NUL in a string");
	memcpy(buf, "[1]", 4);
	invalid(t, a, buf, 2, "line 1: unexpected end of input, "
	    "expected ',' or ']'", "length is respected");
}

static void
test_depth(struct tally *t, struct arena *a)
{
	struct buf	 b;
	const struct json *j;
	char		 err[128];
	int		 i, d;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < 512; i++)
		buf_puts(&b, i % 2 ? "{\"k\":" : "[");
	buf_puts(&b, "0");
	for (i = 511; i >= 0; i--)
		buf_puts(&b, i % 2 ? "}" : "]");
	j = parse(a, b.p, b.len, err, sizeof(err));
	for (d = 0; j != NULL && (j->type == JSON_ARRAY ||
	    j->type == JSON_OBJECT); d++)
		j = j->child;
	if (!check(t, d == 512, "depth 512 parses (%d)", d))
		printf("#   error: %s\n", err);
	buf_reset(&b);
	for (i = 0; i < 513; i++)
		buf_puts(&b, "[");
	for (i = 0; i < 513; i++)
		buf_puts(&b, "]");
	j = parse(a, b.p, b.len, err, sizeof(err));
	check(t, j == NULL && strcmp(err, "line 1: nesting deeper than 512") ==
	    0, "depth 513 fails");
	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "[");
	j = parse(a, b.p, b.len, err, sizeof(err));
	check(t, j == NULL && strcmp(err, "line 1: nesting deeper than 512") ==
	    0, "depth 100000 fails early");
	buf_free(&b);
}

/* Write s as JSON, compare with want, parse it back and compare. */
static void
round_trip(struct tally *t, struct arena *a, const char *s, size_t len,
    const char *want, const char *name)
{
	struct buf	 b;
	struct json	*j;
	char		 err[128];

	memset(&b, 0, sizeof(b));
	json_write_string(&b, s, len);
	if (!check(t, strcmp(buf_str(&b), want) == 0, "write: %s", name))
		printf("#   expected: %s\n#   got:      %s\n", want,
		    buf_str(&b));
	j = parse(a, b.p, b.len, err, sizeof(err));
	check(t, j != NULL && j->type == JSON_STRING && j->len == len &&
	    memcmp(j->str, s, len) == 0, "round trip: %s", name);
	buf_free(&b);
}

static void
test_write(struct tally *t, struct arena *a)
{
	struct buf	 b;
	struct json	*j;
	char		 err[128];

	round_trip(t, a, "", 0, "\"\"", "empty");
	round_trip(t, a, "plain text", 10, "\"plain text\"", "plain");
	round_trip(t, a, "q\"b\\s/", 6, "\"q\\\"b\\\\s/\"", "quote, backslash");
	round_trip(t, a, "\b\f\n\r\t\x01\x1f\x7f", 8,
	    "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"", "control characters");
	round_trip(t, a, "a\0b", 3, "\"a\\u0000b\"", "NUL");
	round_trip(t, a, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,
	    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", "UTF-8 kept as is");
	memset(&b, 0, sizeof(b));
	json_write_string(&b, "a\xff" "b\xc0\xaf\xe2\x82", 7);
	check(t, strcmp(buf_str(&b),
	    "\"a\\ufffdb\\ufffd\\ufffd\\ufffd\\ufffd\"") == 0,
	    "write: invalid UTF-8 becomes \\ufffd");
	j = parse(a, b.p, b.len, err, sizeof(err));
	check(t, j != NULL && j->len == 2 + 5 * 3,
	    "write: invalid UTF-8 output parses");
	buf_free(&b);
}

int
main(void)
{
	struct tally	 t;
	struct arena	 a;

	memset(&t, 0, sizeof(t));
	memset(&a, 0, sizeof(a));
	test_valid(&t, &a);
	test_invalid(&t, &a);
	test_depth(&t, &a);
	test_write(&t, &a);
	arena_free(&a);
	printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail > 0;
}
