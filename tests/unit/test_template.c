/*
 * test_template.c: the Mustache spec suite, then quire's own template tests.
 * The spec's JSON files are an external corpus, read from the directory
 * given as the first argument, else $QUIRE_SHARED/mustache-spec, else
 * ../shared/mustache-spec; when it is absent each spec file is reported
 * as skipped ("skip N - reason"), not failed.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
#include "json.h"
#include "template.h"

#define MAIN	"(spec template)"	/* the name the spec template gets */

struct tally {
	int	 n;
	int	 pass;
	int	 fail;
	int	 skip;
};

static const char *const spec_files[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials",
	"sections", "inheritance",
};

static void
put_escaped(const char *label, const char *s, size_t len)
{
	size_t	 i;

	printf("#   %-9s \"", label);
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default:
			if ((unsigned char)s[i] < 0x20)
				printf("\\x%02x", (unsigned char)s[i]);
			else
				putchar(s[i]);
		}
	}
	puts("\"");
}

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

/* Compare got with the C string want; print both on a mismatch. */
static void
check_out(struct tally *t, const char *got, size_t gotlen, const char *want,
    size_t wantlen, const char *name)
{
	if (!check(t, gotlen == wantlen && memcmp(got, want, gotlen) == 0,
	    "%s", name)) {
		put_escaped("expected:", want, wantlen);
		put_escaped("got:", got, gotlen);
	}
}

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	do {
		n = fread(buf_reserve(b, 8192), 1, 8192, f);
		b->len += n;
		b->p[b->len] = '\0';
	} while (n > 0);
	fclose(f);
	return 0;
}

static struct tval *
to_tval(struct arena *a, const struct json *j)
{
	const struct json	*c;
	struct tval		*v;

	switch (j->type) {
	case JSON_FALSE:
		return tv_bool(a, 0);
	case JSON_TRUE:
		return tv_bool(a, 1);
	case JSON_NUMBER:
		return tv_text(a, arena_printf(a, "%.15g", j->num));
	case JSON_STRING:
		return tv_textn(a, j->str, j->len);
	case JSON_ARRAY:
		v = tv_list(a);
		for (c = j->child; c != NULL; c = c->next)
			tv_push(v, to_tval(a, c));
		return v;
	case JSON_OBJECT:
		v = tv_obj(a);
		for (c = j->child; c != NULL; c = c->next)
			tv_set(v, c->key, to_tval(a, c));
		return v;
	default:
		return tv_null(a);
	}
}

static void
spec_test(struct tally *t, const char *file, const struct json *test)
{
	const struct json	*name, *data, *tmpl, *want, *parts, *p;
	struct tmpl_set		*set;
	struct arena		 a;
	struct buf		 out;
	char			 err[256], label[512];
	int			 ok = 1;

	memset(&a, 0, sizeof(a));
	memset(&out, 0, sizeof(out));
	name = json_get(test, "name");
	data = json_get(test, "data");
	tmpl = json_get(test, "template");
	want = json_get(test, "expected");
	parts = json_get(test, "partials");
	(void)snprintf(label, sizeof(label), "%s: %s", file,
	    name != NULL && name->type == JSON_STRING ? name->str : "?");
	if (data == NULL || tmpl == NULL || tmpl->type != JSON_STRING ||
	    want == NULL || want->type != JSON_STRING) {
		check(t, 0, "%s (malformed test)", label);
		return;
	}
	set = tmpl_set_new();
	tmpl_set_strict(set, 0);	/* the spec emits any value raw */
	if (parts != NULL && parts->type == JSON_OBJECT)
		for (p = parts->child; p != NULL; p = p->next)
			if (p->type != JSON_STRING || tmpl_set_add(set, p->key,
			    p->str, p->len, err, sizeof(err)) == -1)
				ok = 0;
	if (ok && tmpl_set_add(set, MAIN, tmpl->str, tmpl->len, err,
	    sizeof(err)) == -1)
		ok = 0;
	if (ok && tmpl_render(set, MAIN, to_tval(&a, data), &out) == -1)
		ok = 0;
	if (ok)
		check_out(t, buf_str(&out), out.len, want->str, want->len,
		    label);
	else if (!check(t, 0, "%s", label))
		printf("#   error: %s\n", err);
	tmpl_set_free(set);
	buf_free(&out);
	arena_free(&a);
}

static void
spec_file(struct tally *t, const char *dir, const char *file)
{
	const struct json	*tests, *c;
	struct json		*root;
	struct arena		 a;
	struct buf		 path, text;
	char			 err[256];

	memset(&a, 0, sizeof(a));
	memset(&path, 0, sizeof(path));
	memset(&text, 0, sizeof(text));
	buf_printf(&path, "%s/%s.json", dir, file);
	if (read_file(path.p, &text) == -1) {
		check(t, 0, "%s: cannot read", path.p);
		goto out;
	}
	if ((root = json_parse(&a, buf_str(&text), text.len, err,
	    sizeof(err))) == NULL) {
		check(t, 0, "%s: %s", path.p, err);
		goto out;
	}
	if ((tests = json_get(root, "tests")) == NULL ||
	    tests->type != JSON_ARRAY) {
		check(t, 0, "%s: no tests array", path.p);
		goto out;
	}
	for (c = tests->child; c != NULL; c = c->next)
		spec_test(t, file, c);
out:
	buf_free(&path);
	buf_free(&text);
	arena_free(&a);
}

/* Add a NUL-terminated template; 0 or -1 with err[] filled. */
static int
add(struct tmpl_set *set, const char *name, const char *text, char *err,
    size_t errsz)
{
	return tmpl_set_add(set, name, text, strlen(text), err, errsz);
}

/* Render the template text as "t" with ctx; compare with want. */
static void
render_check(struct tally *t, struct tmpl_set *set, const char *text,
    const struct tval *ctx, const char *want, const char *name)
{
	struct buf	 out;
	char		 err[256];

	memset(&out, 0, sizeof(out));
	if (add(set, "t", text, err, sizeof(err)) == -1 ||
	    tmpl_render(set, "t", ctx, &out) == -1) {
		check(t, 0, "%s: %s", name, err);
		return;
	}
	check_out(t, buf_str(&out), out.len, want, strlen(want), name);
	buf_free(&out);
}

static void
test_strict(struct tally *t, struct arena *a)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct tval	*ctx = tv_obj(a);

	tmpl_set_text(ctx, "text", "<b>&");
	tmpl_set_html(ctx, "html", html_trust(a, "<i>x</i>", 8));
	render_check(t, set, "{{{text}}}|{{&text}}|{{text}}", ctx,
	    "&lt;b&gt;&amp;|&lt;b&gt;&amp;|&lt;b&gt;&amp;",
	    "quire: a new set is strict: {{{x}}} escapes text");
	tmpl_set_strict(set, 0);
	render_check(t, set, "{{{text}}}|{{&text}}", ctx, "<b>&|<b>&",
	    "quire: non-strict {{{x}}} emits text raw");
	tmpl_set_strict(set, 1);
	render_check(t, set, "{{{html}}}|{{&html}}", ctx, "<i>x</i>|<i>x</i>",
	    "quire: strict {{{x}}} emits html raw");
	render_check(t, set, "{{html}}", ctx, "&lt;i&gt;x&lt;/i&gt;",
	    "quire: {{x}} escapes html");
	render_check(t, set, "'{{#html}}y{{/html}}'", ctx, "'y'",
	    "quire: html is truthy");
	tmpl_set_free(set);
}

static void
test_values(struct tally *t, struct arena *a)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct tval	*ctx = tv_obj(a), *list, *o;

	tmpl_set_text(ctx, "x", "one");
	tmpl_set_text(ctx, "x", "two");
	tmpl_set_int(ctx, "n", -1234567890123LL);
	tmpl_set_textf(ctx, "f", "%d-%s", 7, "up");
	tmpl_set_bool(ctx, "yes", 1);
	tmpl_set_bool(ctx, "no", 0);
	tmpl_set_list(ctx, "empty");
	list = tmpl_set_list(ctx, "items");
	o = tmpl_list_obj(list);
	tmpl_set_text(o, "name", "a");
	o = tmpl_list_obj(list);
	tmpl_set_text(o, "name", "b");
	tmpl_set_bool(o, "last", 1);
	o = tmpl_set_obj(ctx, "post");
	tmpl_set_text(tmpl_set_obj(o, "author"), "name", "Ann <a@b>");
	render_check(t, set, "{{x}} {{n}} {{f}}", ctx,
	    "two -1234567890123 7-up",
	    "quire: tv_set replaces, tmpl_set_int, tmpl_set_textf");
	render_check(t, set, "{{#yes}}Y{{/yes}}{{^no}}N{{/no}}"
	    "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", ctx, "YNe",
	    "quire: booleans and the empty list");
	render_check(t, set, "{{#items}}{{name}}{{^last}},{{/last}}"
	    "{{/items}}", ctx, "a,b", "quire: list of objects");
	render_check(t, set, "{{post.author.name}}|{{post.nope.name}}", ctx,
	    "Ann &lt;a@b&gt;|", "quire: dotted names");
	check(t, tv_kind(tv_get(ctx, "x")) == TV_TEXT &&
	    tv_get(ctx, "missing") == NULL && tv_kind(NULL) == TV_NULL,
	    "quire: tv_get and tv_kind");
	tmpl_set_free(set);
}

static void
test_recursion(struct tally *t)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct arena	 a;
	struct tval	*ctx, *list;
	struct buf	 out;
	char		 err[256];
	size_t		 i;
	int		 ok;

	memset(&a, 0, sizeof(a));
	memset(&out, 0, sizeof(out));
	ok = add(set, "r", "x{{>r}}", err, sizeof(err)) == 0 &&
	    tmpl_render(set, "r", NULL, &out) == 0;
	for (i = 0; ok && i < out.len; i++)
		ok = out.p[i] == 'x';
	check(t, ok && out.len > 1 && out.len <= 65,
	    "quire: recursive partial stops (%zu levels)", out.len);
	buf_reset(&out);
	ok = add(set, "p", "y{{<p}}{{/p}}", err, sizeof(err)) == 0 &&
	    tmpl_render(set, "p", NULL, &out) == 0;
	check(t, ok && out.len > 1 && out.len <= 65,
	    "quire: recursive parent stops (%zu levels)", out.len);
	buf_reset(&out);
	ok = add(set, "q", "{{$b}}d{{/b}}", err, sizeof(err)) == 0 &&
	    add(set, "c", "{{<q}}{{$b}}z{{$b}}{{/b}}{{/b}}{{/q}}", err,
	    sizeof(err)) == 0 && tmpl_render(set, "c", NULL, &out) == 0;
	check(t, ok && out.len > 1 && out.len <= 65,
	    "quire: block that expands itself stops (%zu levels)", out.len);
	buf_reset(&out);
	ctx = tv_obj(&a);
	list = tmpl_set_list(ctx, "a");
	for (i = 0; i < 3; i++)
		tv_push(list, tv_bool(&a, 1));
	ok = add(set, "e", "{{#a}}.{{>e}}{{/a}}", err, sizeof(err)) == 0 &&
	    tmpl_render(set, "e", ctx, &out) == 0;
	check(t, ok && out.len > 1000000 && out.len <= 4000000,
	    "quire: exponential recursion stops (%zu bytes)", out.len);
	arena_free(&a);
	buf_free(&out);
	tmpl_set_free(set);
}

static void
test_errors(struct tally *t)
{
	static const struct {
		const char	*text;
		const char	*err;
	} bad[] = {
		{ "a\n{{#sec}}x", "t:2: unclosed section 'sec'" },
		{ "{{^a}}\n{{#b}}\n{{/a}}",
		    "t:3: closing tag 'a' does not match section 'b' "
		    "(line 2)" },
		{ "ok\n\n{{/x}}", "t:3: unexpected closing tag 'x'" },
		{ "x\n{{name", "t:2: unclosed tag" },
		{ "{{{name}}", "t:1: unclosed tag" },
		{ "{{<p}}{{$b}}{{/p}}",
		    "t:1: closing tag 'p' does not match block 'b' (line 1)" },
		{ "{{=<% %>=}}\n<%x}}", "t:2: unclosed tag" },
		{ "{{=x=}}", "t:1: bad set-delimiters tag" },
		{ "{{# }}{{/}}", "t:1: empty section tag" },
		{ "{{<p}}", "t:1: unclosed parent 'p'" },
	};
	struct tmpl_set	*set = tmpl_set_new();
	char		 err[256];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		rc = tmpl_set_add(set, "t", bad[i].text, strlen(bad[i].text),
		    err, sizeof(err));
		if (!check(t, rc == -1 && strcmp(err, bad[i].err) == 0,
		    "quire: parse error %s", bad[i].err))
			printf("#   got: %d \"%s\"\n", rc, err);
	}
	check(t, !tmpl_has(set, "t"), "quire: failed add leaves no template");
	rc = tmpl_set_add(set, "t", "{{#a}}", 6, err, 4);
	check(t, rc == -1 && strcmp(err, "t:1") == 0,
	    "quire: error message truncated to errsz");
	tmpl_set_free(set);
}

static void
test_indent(struct tally *t, struct arena *a)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct tval	*ctx = tv_obj(a), *list;
	char		 err[256];

	list = tmpl_set_list(ctx, "items");
	tmpl_set_text(tmpl_list_obj(list), "v", "1");
	tmpl_set_text(tmpl_list_obj(list), "v", "2");
	(void)add(set, "inner", "<li>{{v}}</li>\n", err, sizeof(err));
	(void)add(set, "list",
	    "<ul>\n{{#items}}\n  {{>inner}}\n{{/items}}\n</ul>\n", err,
	    sizeof(err));
	render_check(t, set, "<div>\n  {{>list}}\n</div>\n", ctx,
	    "<div>\n  <ul>\n    <li>1</li>\n    <li>2</li>\n  </ul>\n</div>\n",
	    "quire: nested standalone partials indent");
	(void)add(set, "layout", "<html>\n  <body>\n    {{$main}}\n"
	    "    {{/main}}\n  </body>\n</html>\n", err, sizeof(err));
	render_check(t, set, "{{<layout}}\n{{$main}}\n<p>\n  {{#items}}"
	    "{{v}}{{/items}}\n</p>\n{{/main}}\n{{/layout}}\n", ctx,
	    "<html>\n  <body>\n    <p>\n      12\n    </p>\n  </body>\n"
	    "</html>\n", "quire: layout block re-indented");
	render_check(t, set, "{{<layout}}\n{{$main}}\n{{>list}}\n{{/main}}\n"
	    "{{/layout}}\n", ctx, "<html>\n  <body>\n    <ul>\n"
	    "      <li>1</li>\n      <li>2</li>\n    </ul>\n  </body>\n"
	    "</html>\n", "quire: block starting with a standalone partial");
	render_check(t, set, "{{<layout}}{{$main}}<p>a</p>\n<p>b</p>\n{{/main}}"
	    "{{/layout}}", ctx, "<html>\n  <body>\n    <p>a</p>\n"
	    "    <p>b</p>\n  </body>\n</html>\n",
	    "quire: inline block content indented as a whole");
	tmpl_set_free(set);
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[1024];
	FILE	*f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void
remove_file(const char *dir, const char *name)
{
	char	 path[1024];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
}

static void
test_load_dir(struct tally *t)
{
	static const char *const files[] = {
		"page.mustache", "head.mustache", "notes.txt",
		".hidden.mustache", "bad.mustache",
	};
	struct tmpl_set	*set = tmpl_set_new();
	struct buf	 out;
	char		 dir[] = "/tmp/test_template.XXXXXX";
	char		 err[512], want[600];
	size_t		 i;
	int		 n;

	memset(&out, 0, sizeof(out));
	if (mkdtemp(dir) == NULL) {
		check(t, 0, "quire: load_dir: mkdtemp");
		tmpl_set_free(set);
		return;
	}
	if (write_file(dir, "page.mustache", "[{{>head}}]\n") == -1 ||
	    write_file(dir, "head.mustache", "<h1>{{title}}</h1>") == -1 ||
	    write_file(dir, "notes.txt", "{{#oops}}") == -1 ||
	    write_file(dir, ".hidden.mustache", "{{#oops}}") == -1) {
		check(t, 0, "quire: load_dir: write files");
		goto out;
	}
	n = tmpl_set_load_dir(set, dir, err, sizeof(err));
	check(t, n == 2 && tmpl_has(set, "page") && tmpl_has(set, "head") &&
	    !tmpl_has(set, "notes") && !tmpl_has(set, ".hidden"),
	    "quire: load_dir loads *.mustache only (%d)", n);
	check(t, tmpl_render(set, "page", NULL, &out) == 0 &&
	    strcmp(buf_str(&out), "[<h1></h1>]\n") == 0,
	    "quire: load_dir templates render");
	check(t, tmpl_render(set, "nope", NULL, &out) == -1,
	    "quire: render of a missing template is -1");
	if (write_file(dir, "bad.mustache", "ok\n{{#x}}\n") == -1) {
		check(t, 0, "quire: load_dir: write bad.mustache");
		goto out;
	}
	n = tmpl_set_load_dir(set, dir, err, sizeof(err));
	(void)snprintf(want, sizeof(want), "%s/bad.mustache:2: "
	    "unclosed section 'x'", dir);
	if (!check(t, n == -1 && strcmp(err, want) == 0,
	    "quire: load_dir reports the path and line"))
		printf("#   got: %d \"%s\"\n", n, err);
	n = tmpl_set_load_dir(set, "/nonexistent/quire", err, sizeof(err));
	check(t, n == -1 && strncmp(err, "/nonexistent/quire: ", 20) == 0,
	    "quire: load_dir of a missing directory");
out:
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		remove_file(dir, files[i]);
	(void)rmdir(dir);
	buf_free(&out);
	tmpl_set_free(set);
}

int
main(int argc, char *argv[])
{
	struct tally	 t;
	struct arena	 a;
	struct stat	 st;
	struct buf	 d;
	const char	*dir, *shared;
	size_t		 i;

	memset(&t, 0, sizeof(t));
	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	if (argc > 1)
		buf_printf(&d, "%s", argv[1]);
	else if ((shared = getenv("QUIRE_SHARED")) != NULL && *shared != '\0')
		buf_printf(&d, "%s/mustache-spec", shared);
	else
		buf_printf(&d, "../shared/mustache-spec");
	dir = buf_str(&d);
	for (i = 0; i < sizeof(spec_files) / sizeof(spec_files[0]); i++) {
		if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
			t.n++;
			t.skip++;
			printf("skip %d - mustache spec %s: %s not found (the "
			    "external corpus: set QUIRE_SHARED)\n", t.n,
			    spec_files[i], dir);
			continue;
		}
		spec_file(&t, dir, spec_files[i]);
	}
	buf_free(&d);
	test_strict(&t, &a);
	test_values(&t, &a);
	test_recursion(&t);
	test_errors(&t);
	test_indent(&t, &a);
	test_load_dir(&t);
	arena_free(&a);
	if (t.skip > 0)
		printf("%d passed, %d failed, %d skipped\n", t.pass, t.fail,
		    t.skip);
	else
		printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail > 0;
}
