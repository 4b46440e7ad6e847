/* rawreq.c: a raw HTTP/1.x request as a request source (no FastCGI);
   for `quire test-request', golden tests and the fuzzers. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "rawreq.h"

static const char *
raw_param(void *arg, const char *name)
{
	struct rawreq	*r = arg;
	int		 i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

static long
raw_read(void *arg, char *p, size_t n)
{
	struct rawreq	*r = arg;

	if (n > r->bodylen - r->off)
		n = r->bodylen - r->off;
	memcpy(p, r->body + r->off, n);
	r->off += n;
	return (long)n;
}

static void
add(struct rawreq *r, const char *name, const char *value)
{
	if (r->n < RAWREQ_MAXPARAMS) {
		r->names[r->n] = name;
		r->values[r->n++] = value;
	}
}

int
rawreq_parse(struct rawreq *r, struct arena *a, const char *in, size_t n,
    struct http_src *src)
{
	char	*s, *line, *end, *sp, *colon, *name, *p;
	size_t	 head;

	memset(r, 0, sizeof(*r));
	r->a = a;
	s = arena_strndup(a, in, n);
	/* The head ends at the first blank line (a NUL ends it early). */
	head = strlen(s);
	if ((end = strstr(s, "\r\n\r\n")) != NULL) {
		*end = '\0';
		r->body = in + (end - s) + 4;
	} else if ((end = strstr(s, "\n\n")) != NULL) {
		*end = '\0';
		r->body = in + (end - s) + 2;
	} else
		r->body = in + head;
	r->bodylen = (size_t)(in + n - r->body);
	line = strsep(&s, "\n");
	if (line == NULL || (sp = strchr(line, ' ')) == NULL)
		return -1;
	*sp = '\0';
	add(r, "REQUEST_METHOD", line);
	line = sp + 1;
	if ((sp = strchr(line, ' ')) != NULL)
		*sp = '\0';
	line[strcspn(line, "\r")] = '\0';
	add(r, "REQUEST_URI", line);
	add(r, "REMOTE_ADDR", "127.0.0.1");
	while ((line = strsep(&s, "\n")) != NULL) {
		line[strcspn(line, "\r")] = '\0';
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		for (p = colon + 1; *p == ' '; p++)
			;
		if (strcasecmp(line, "Content-Type") == 0)
			name = "CONTENT_TYPE";
		else if (strcasecmp(line, "Content-Length") == 0)
			name = "CONTENT_LENGTH";
		else {
			name = arena_printf(a, "HTTP_%s", line);
			for (sp = name + 5; *sp; sp++)
				*sp = *sp == '-' ? '_' :
				    (char)toupper((unsigned char)*sp);
		}
		add(r, name, p);
	}
	src->param = raw_param;
	src->read = raw_read;
	src->arg = r;
	return 0;
}
