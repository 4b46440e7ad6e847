/*
 * test_html_make.c: only the files html.h names make a struct html
 * (test_tmpl_raw's idea, applied to the C code). In the .c and .h files
 * of src, comments and strings aside, a file not listed here may
 * neither call html_trust nor name a struct html other than through a
 * pointer (a definition, a compound literal, a variable, sizeof).
 * Everyone else gets its struct html from the named constructors:
 * html_stored, html_scrollers, html_text_para, html_marked (html.c),
 * md_render_* (markdown.c), html_sanitized (html_sanitize.c). Adding a
 * file here means adding a way to make trusted HTML: say why.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const struct {
	const char	*file;
	int		 by_value;	/* may also define or fill one */
} makers[] = {
	{ "html.h", 0 },	/* declares html_trust */
	{ "html.c", 1 },	/* the type, and HTML from stored columns,
				   escaped text and search marks */
	{ "markdown.c", 0 },	/* cmark's output (no CMARK_OPT_UNSAFE) */
	{ "html_sanitize.c", 0 }, /* the allow list's output */
	{ NULL, 0 }
};

/* -1: not listed; else the index in makers. */
static int
maker(const char *file)
{
	int	 i;

	for (i = 0; makers[i].file != NULL; i++)
		if (strcmp(makers[i].file, file) == 0)
			return i;
	return -1;
}

static int
ident(int ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Blank out comments and string and character literals, in place. */
static void
strip(char *s)
{
	char	*p, q;

	for (p = s; *p != '\0'; p++) {
		if (p[0] == '/' && p[1] == '*') {
			for (; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
				if (*p != '\n')
					*p = ' ';
			if (*p == '\0')
				return;
			p[0] = p[1] = ' ';
			p++;
		} else if (p[0] == '/' && p[1] == '/') {
			for (; *p != '\0' && *p != '\n'; p++)
				*p = ' ';
			if (*p == '\0')
				return;
		} else if (*p == '"' || *p == '\'') {
			q = *p++;
			for (; *p != '\0' && *p != q && *p != '\n'; p++) {
				if (*p == '\\' && p[1] != '\0')
					*p++ = ' ';
				*p = ' ';
			}
			if (*p == '\0')
				return;
		}
	}
}

/* The line number of p in s. */
static int
line_of(const char *s, const char *p)
{
	int	 n = 1;

	for (; s < p; s++)
		n += *s == '\n';
	return n;
}

/* Check one file's text (stripped in place); with c NULL only count. */
static int
scan(struct check *c, const char *file, char *s)
{
	int		 bad = 0, m = maker(file), ok;
	const char	*p, *q;

	strip(s);
	for (p = s; (p = strstr(p, "html_trust")) != NULL; p += 10) {
		if ((p > s && ident(p[-1])) || ident(p[10]))
			continue;
		for (q = p + 10; isspace((unsigned char)*q); q++)
			;
		if (*q != '(')
			continue;
		ok = m >= 0;
		bad += !ok;
		if (c != NULL && !ok)
			CHECK(c, 0, "%s:%d: html_trust called outside the files "
			    "that make HTML", file, line_of(s, p));
	}
	for (p = s; (p = strstr(p, "struct")) != NULL; p += 6) {
		if ((p > s && ident(p[-1])) || !isspace((unsigned char)p[6]))
			continue;
		for (q = p + 6; isspace((unsigned char)*q); q++)
			;
		if (strncmp(q, "html", 4) != 0 || ident(q[4]))
			continue;
		for (q += 4; isspace((unsigned char)*q) ||
		    (*q == 'c' && strncmp(q, "const", 5) == 0 && !ident(q[5]));
		    q += *q == 'c' ? 5 : 1)
			;
		if (*q == '*' || *q == ';')
			continue;
		ok = m >= 0 && makers[m].by_value;
		bad += !ok;
		if (c != NULL && !ok)
			CHECK(c, 0, "%s:%d: a struct html by value (definition, "
			    "literal, variable or sizeof)", file, line_of(s, p));
	}
	return bad;
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*text;
	long	 len;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = len < 0 ? NULL : calloc(1, (size_t)len + 1);
	if (text != NULL && fread(text, 1, (size_t)len, f) != (size_t)len) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

int
main(int argc, char *argv[])
{
	struct check	 c = { 0 };
	const char	*dir = argc > 1 ? argv[1] : "src";
	struct dirent	*de;
	DIR		*d;
	char		 path[1024], *text, probe[] =
	    "struct html h = { \"x\", 1 };\n"
	    "const struct html *p = &(struct html){ s, n };\n"
	    "n = sizeof(struct html); q = html_trust (a, s, n);\n"
	    "/* html_trust(a, s, n) and struct html in a comment */\n"
	    "const struct html *const *v = html_stored(a, \"struct html x\");\n"
	    "struct html;\nstruct html_tag t; my_html_trust(a);\n";
	size_t		 n;
	int		 files = 0, bad = 0, seen_html = 0;

	if ((d = opendir(dir)) == NULL) {
		printf("fail 1 - cannot open %s\n0 passed, 1 failed\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 3 || de->d_name[0] == '.' ||
		    (strcmp(de->d_name + n - 2, ".c") != 0 &&
		    strcmp(de->d_name + n - 2, ".h") != 0))
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((text = slurp(path)) == NULL)
			continue;
		bad += scan(&c, de->d_name, text);
		seen_html += strcmp(de->d_name, "html.c") == 0;
		free(text);
		files++;
	}
	closedir(d);
	CHECK(&c, files >= 20 && seen_html,
	    "scanned %d files in %s, html.c among them", files, dir);
	CHECK(&c, bad == 0, "only html.c, markdown.c and html_sanitize.c "
	    "make a struct html");
	/* The checker itself must catch the ways round. */
	CHECK(&c, scan(NULL, "probe.c", probe) == 4, "the checker finds a "
	    "variable, a literal, sizeof and a call in a probe");
	return check_done(&c);
}
