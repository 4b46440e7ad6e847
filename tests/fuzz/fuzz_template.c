/* fuzz_template.c: the template engine, template text and data. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
#include "json.h"
#include "template.h"

/* A value from JSON, as the spec runner makes them. */
static struct tval *
value(struct arena *a, const struct json *j, int depth)
{
	struct tval		*v;
	const struct json	*c;

	if (depth > 32)
		return tv_null(a);
	switch (j->type) {
	case JSON_TRUE:
		return tv_bool(a, 1);
	case JSON_FALSE:
		return tv_bool(a, 0);
	case JSON_NUMBER:
	case JSON_STRING:
		return tv_text(a, j->str);
	case JSON_ARRAY:
		v = tv_list(a);
		for (c = j->child; c != NULL; c = c->next)
			tv_push(v, value(a, c, depth + 1));
		return v;
	case JSON_OBJECT:
		v = tv_obj(a);
		for (c = j->child; c != NULL; c = c->next)
			tv_set(v, c->key, value(a, c, depth + 1));
		return v;
	default:
		return tv_null(a);
	}
}

/* Input: template text, a NUL, then JSON data (optional). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct arena		 a = { 0 };
	struct tmpl_set		*set;
	struct buf		 out = { 0 };
	struct json		*j;
	struct tval		*ctx;
	const char		*text = (const char *)data, *nul;
	size_t			 tlen = n;
	char			 err[256];

	if ((nul = memchr(data, '\0', n)) != NULL)
		tlen = (size_t)(nul - text);
	set = tmpl_set_new();
	tmpl_set_strict(set, n % 2);
	ctx = tv_obj(&a);
	tmpl_set_text(ctx, "x", "<b>&amp;'\"</b>");
	tmpl_set_html(ctx, "h", html_trust(&a, "<i>ok</i>", 9));
	if (nul != NULL && (j = json_parse(&a, nul + 1, n - tlen - 1, err,
	    sizeof(err))) != NULL && j->type == JSON_OBJECT)
		ctx = value(&a, j, 0);
	if (tmpl_set_add(set, "p", "{{x}}{{>t}}", 11, err, sizeof(err)) == 0 &&
	    tmpl_set_add(set, "t", text, tlen, err, sizeof(err)) == 0) {
		(void)tmpl_render(set, "t", ctx, &out);
		buf_reset(&out);
		(void)tmpl_render(set, "p", ctx, &out);
	}
	buf_free(&out);
	tmpl_set_free(set);
	arena_free(&a);
	return 0;
}
