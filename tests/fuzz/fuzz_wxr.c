/* fuzz_wxr.c: the streaming WXR reader on any bytes; every string it hands
   over must be NUL-terminated and every callback see consistent counts.
   Each item's content also goes through wxr_media.c (old upload URLs,
   [gallery], <img> made <picture>) with a resolver that knows one photo. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "wxr.h"
#include "wxr_html.h"
#include "wxr_media.h"

static struct media_variant	 vars[] = {
	{ "jpeg", 800, 600, "ab/ab00000000000000000000-800.jpg", 1 },
	{ "webp", 800, 600, "ab/ab00000000000000000000-800.webp", 1 },
};

/* The one photo: wp id 7, or any upload path holding a 'p'. */
static int
found(const char *what, struct wxr_found *f)
{
	memset(f, 0, sizeof(*f));
	if (strchr(what, 'p') == NULL && strcmp(what, "7") != 0)
		return strstr(what, ".pdf") != NULL ? (f->url = "/media/x.pdf",
		    1) : 0;
	f->m.v = vars;
	f->m.nv = 2;
	f->m.alt = "a\"<";
	f->m.caption = "c&";
	return 1;
}

static int
by_id(void *arg, struct arena *a, const char *id, struct wxr_found *f)
{
	(void)arg;
	(void)a;
	return found(id, f);
}

static int
by_url(void *arg, struct arena *a, const char *url, struct wxr_found *f)
{
	const char	*p;

	(void)arg;
	return (p = wxr_upload_path(a, url)) != NULL && found(p, f);
}

static int
attached(void *arg, struct arena *a, const char ***ids)
{
	static const char	*some[] = { "7", "8" };

	(void)arg;
	(void)a;
	*ids = some;
	return 2;
}

/* The item's content with its uploads: must not crash or leak. */
static void
media(const struct wxr_item *it)
{
	struct arena		 a = { 0 };
	struct wxr_media	 md = { 0 };
	struct buf		 out = { 0 };
	char			*p;

	md.by_id = by_id;
	md.by_url = by_url;
	md.attached = attached;
	md.a = &a;
	wxr_html_media(&out, it->content, strlen(it->content), 0, NULL, &md);
	if ((p = strdup(it->attachment_url)) == NULL)
		abort();
	while (wxr_upload_strip(p))
		continue;
	(void)wxr_upload_width(p);
	(void)wxr_file_type(p);
	free(p);
	buf_free(&out);
	arena_free(&a);
}

static int
item(void *arg, const struct wxr_channel *ch, const struct wxr_item *it,
    char *err, size_t errsz)
{
	size_t	 i, *total = arg;

	(void)err;
	(void)errsz;
	*total += strlen(ch->wxr_version) + strlen(it->title) +
	    strlen(it->content) + strlen(it->post_type);
	for (i = 0; i < it->ncats; i++)
		*total += strlen(it->cats[i].domain) + strlen(it->cats[i].name);
	for (i = 0; i < it->ncomments; i++)
		*total += strlen(it->comments[i].content) +
		    strlen(it->comments[i].parent);
	for (i = 0; i < it->nmeta; i++)
		*total += strlen(it->meta[i].key) + strlen(it->meta[i].value);
	if (it->nmeta > 0 && wxr_meta(it, it->meta[0].key) == NULL)
		abort();
	media(it);
	return it->ncomments > 1000 ? -1 : 0;
}

static int
term(void *arg, const struct wxr_channel *ch, const struct wxr_term *t,
    char *err, size_t errsz)
{
	size_t	*total = arg;

	(void)ch;
	if (strcmp(t->kind, "category") != 0 && strcmp(t->kind, "tag") != 0 &&
	    strcmp(t->kind, "term") != 0)
		abort();
	*total += strlen(t->slug) + strlen(t->name);
	snprintf(err, errsz, "stop");
	return t->name[0] == '!' ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct wxr_handler	 h = { 0 };
	size_t			 total = 0;
	char			 err[256];
	FILE			*f;

	if (n == 0 || (f = fmemopen((void *)data, n, "r")) == NULL)
		return 0;
	h.arg = &total;
	h.item = item;
	h.term = term;
	if (wxr_read(f, &h, err, sizeof(err)) == -1 &&
	    strncmp(err, "line ", 5) != 0)
		abort();
	fclose(f);
	return 0;
}
