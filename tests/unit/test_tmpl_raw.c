/*
 * test_tmpl_raw.c: every {{{x}}} and {{&x}} in templates/ names a field
 * that the program fills with HTML it rendered itself (fossil's codecheck
 * idea, applied to templates). Adding a raw field means adding it here,
 * with the code that makes its struct html.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const html_fields[] = {
	"body",		/* markdown.c: post and comment bodies */
	"description",	/* markdown.c: author bio; html.c: tag description
			   (html_text_para) */
	"title_html",	/* html.c: escaped title with <mark> (html_marked) */
	"snippet",	/* html.c: escaped snippet with <mark> */
	"diff",		/* diff.c via html.c: escaped words, <ins>/<del> */
	"preview",	/* markdown.c or html_sanitize.c: the editor's
			   preview of a post */
	"privacy_note",	/* markdown.c: the privacy setting (site.c) */
	NULL
};

static int
allowed(const char *name)
{
	int	 i;

	for (i = 0; html_fields[i] != NULL; i++)
		if (strcmp(html_fields[i], name) == 0)
			return 1;
	return 0;
}

/* Check each raw tag in s; with c NULL only count the bad ones. */
static int
scan(struct check *c, const char *file, const char *s)
{
	int		 bad = 0;
	const char	*p, *e;
	char		 name[128];
	size_t		 n;
	int		 amp;

	for (p = s; (p = strstr(p, "{{")) != NULL; p += 2) {
		if (p[2] == '{')
			amp = 0;
		else if (p[2] == '&')
			amp = 1;
		else
			continue;
		p += 3;
		while (*p == ' ')
			p++;
		e = p + strcspn(p, " }");
		n = (size_t)(e - p);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p, n);
		name[n] = '\0';
		bad += !allowed(name);
		if (c != NULL)
			CHECK(c, allowed(name), "%s: raw %s{{%s%s}} is an "
			    "HTML field", file, amp ? "&" : "{",
			    amp ? "&" : "{", name);
	}
	return bad;
}

int
main(int argc, char *argv[])
{
	struct check	 c = { 0 };
	const char	*dir = argc > 1 ? argv[1] : "templates";
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	char		 path[1024], *text;
	long		 len;
	int		 files = 0;

	if ((d = opendir(dir)) == NULL) {
		printf("fail 1 - cannot open %s\n0 passed, 1 failed\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".mustache") == NULL)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		text = calloc(1, (size_t)len + 1);
		if (text != NULL && fread(text, 1, (size_t)len, f) ==
		    (size_t)len)
			scan(&c, de->d_name, text);
		free(text);
		fclose(f);
		files++;
	}
	closedir(d);
	CHECK(&c, files >= 5, "found %d templates in %s", files, dir);
	/* The checker itself must catch a bad field. */
	CHECK(&c, scan(NULL, "probe", "<p>{{{comment_author}}}{{& url}}"
	    "{{{body}}}</p>") == 2, "the checker rejects raw non-HTML fields");
	return check_done(&c);
}
