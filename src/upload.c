/* upload.c: form bodies with files (multipart/form-data). */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "i18n.h"
#include "multipart.h"
#include "upload.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

/* The parse's state, for the callbacks. */
struct reader {
	struct req		*r;
	struct upload		*u;
	size_t			 file_max;
	const char		*tmpdir;
	struct kv		**tail;
	struct buf		 text;		/* the current text field */
	size_t			 text_total;
	struct upload_file	*cur;		/* the file being written */
	const char		*field;		/* the text field's name */
	int			 skip;		/* drop this part's bytes */
	int			 cap;
};

int
upload_is_multipart(const struct req *r)
{
	return r->content_type != NULL &&
	    strncasecmp(r->content_type, "multipart/form-data", 19) == 0;
}

/* A file's name fit to show: its last path segment, clean text. */
static const char *
show_name(struct arena *a, const char *s)
{
	const char	*p;

	if ((p = strrchr(s, '/')) != NULL)
		s = p + 1;
	if ((p = strrchr(s, '\\')) != NULL)
		s = p + 1;
	if (*s == '\0' || !text_clean(s, strlen(s)))
		return "(a file with no usable name)";
	return arena_strndup(a, s, utf8_prefix(s, strlen(s), 200));
}

static void
refuse(struct reader *rd, int status, const char *error)
{
	if (rd->u->status == 0) {
		rd->u->status = status;
		rd->u->error = error;
	}
}

/* A temporary file no directory names: gone with its descriptor. */
static int
tmpfd(const char *dir)
{
	char	 path[4096];
	int	 fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/upload-XXXXXX", dir) >=
	    sizeof(path))
		return -1;
	if ((fd = mkstemp(path)) == -1)
		return -1;
	(void)unlink(path);
	return fd;
}

static int
on_begin(void *arg, const struct mp_part *p)
{
	struct reader		*rd = arg;
	struct upload_file	*f;

	rd->cur = NULL;
	rd->skip = 0;
	buf_reset(&rd->text);
	rd->field = arena_strdup(rd->r->arena, p->name);
	if (p->filename == NULL)
		return 0;
	if (*p->filename == '\0') {	/* no file chosen */
		rd->skip = 1;
		return 0;
	}
	if (++rd->u->seen > UPLOAD_FILES_MAX) {
		rd->skip = 1;
		return 0;
	}
	rd->u->f = arena_grow(rd->r->arena, rd->u->f, sizeof(*f), rd->u->n,
	    &rd->cap);
	f = &rd->u->f[rd->u->n++];
	f->field = rd->field;
	f->name = show_name(rd->r->arena, p->filename);
	f->size = 0;
	if ((f->fd = tmpfd(rd->tmpdir)) == -1) {
		fprintf(stderr, "quire: upload: %s: %s\n", rd->tmpdir,
		    strerror(errno));
		return 500;
	}
	rd->cur = f;
	return 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	struct reader	*rd = arg;
	ssize_t		 w;

	if (rd->skip)
		return 0;
	if (rd->cur == NULL) {
		if ((rd->text_total += n) > UPLOAD_TEXT_MAX)
			return 413;
		buf_add(&rd->text, p, n);
		return 0;
	}
	if (rd->cur->size + n > rd->file_max) {
		refuse(rd, 413, i18n_format(rd->r->arena,
		    _n(&rd->r->w->lang, "{file}: the file is larger than {n} "
		    "MiB, the most a photo may be.", "{file}: the file is "
		    "larger than {n} MiB, the most a photo may be.",
		    rd->file_max >> 20), "file", rd->cur->name, "n",
		    arena_printf(rd->r->arena, "%zu", rd->file_max >> 20),
		    NULL));
		rd->skip = 1;
		return 0;
	}
	while (n > 0) {
		if ((w = write(rd->cur->fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "quire: upload: %s\n",
			    strerror(errno));
			return 500;
		}
		rd->cur->size += (size_t)w;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
on_end(void *arg)
{
	struct reader	*rd = arg;
	struct kv	*kv;

	if (rd->cur != NULL || rd->skip)
		return 0;
	kv = arena_zalloc(rd->r->arena, sizeof(*kv));
	kv->key = rd->field;
	kv->keylen = strlen(rd->field);
	kv->vallen = rd->text.len;
	kv->val = arena_strndup(rd->r->arena, rd->text.p ? rd->text.p : "",
	    rd->text.len);
	*rd->tail = kv;
	rd->tail = &kv->next;
	return 0;
}

/* Feed the body, Content-Length bytes, to the parser: 0 or a status. */
static int
feed(struct req *r, const struct http_src *src, struct multipart *mp)
{
	char	 chunk[16384];
	size_t	 got = 0, want;
	long	 n;
	int	 rc;

	while (got < r->content_length) {
		want = r->content_length - got;
		if (want > sizeof(chunk))
			want = sizeof(chunk);
		if ((n = src->read(src->arg, chunk, want)) <= 0)
			return 400;
		got += (size_t)n;
		if ((rc = multipart_feed(mp, chunk, (size_t)n)) != 0)
			return rc;
	}
	return multipart_finish(mp);
}

int
upload_read(struct req *r, const struct http_src *src, size_t file_max,
    const char *tmpdir)
{
	struct reader		 rd;
	struct multipart	*mp;
	struct mp_cb		 cb = { on_begin, on_data, on_end, NULL };
	int			 rc;

	memset(&rd, 0, sizeof(rd));
	r->upload = rd.u = arena_zalloc(r->arena, sizeof(*rd.u));
	if (r->content_length > UPLOAD_FILES_MAX * file_max + UPLOAD_TEXT_MAX)
		return 413;	/* the caller drains it */
	rd.cap = 4;
	rd.u->f = arena_alloc(r->arena, sizeof(*rd.u->f) * (size_t)rd.cap);
	rd.r = r;
	rd.file_max = file_max;
	rd.tmpdir = tmpdir;
	rd.tail = &r->form;
	r->form = NULL;
	cb.arg = &rd;
	mp = malloc(sizeof(*mp));
	if (mp == NULL || multipart_init(mp, r->content_type, &cb) == -1) {
		free(mp);
		return 400;
	}
	rc = feed(r, src, mp);
	free(mp);
	buf_free(&rd.text);
	if (rc == 0 && rd.u->seen > UPLOAD_FILES_MAX)
		refuse(&rd, 422, i18n_format(r->arena, _n(&r->w->lang,
		    "{n} file was chosen: at most {max} can be sent at once.",
		    "{n} files were chosen: at most {max} can be sent at once.",
		    (unsigned long)rd.u->seen), "n", arena_printf(r->arena,
		    "%d", rd.u->seen), "max", arena_printf(r->arena, "%d",
		    UPLOAD_FILES_MAX), NULL));
	return rc;
}

int
upload_slurp(const struct upload_file *f, struct buf *b)
{
	char	*p;
	size_t	 got = 0;
	ssize_t	 n;

	p = buf_reserve(b, f->size + 1);
	while (got < f->size) {
		if ((n = pread(f->fd, p + got, f->size - got, (off_t)got)) ==
		    -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	b->len += got;
	return 0;
}

void
upload_close(struct req *r)
{
	int	 i;

	if (r->upload == NULL)
		return;
	for (i = 0; i < r->upload->n; i++)
		if (r->upload->f[i].fd != -1) {
			close(r->upload->f[i].fd);
			r->upload->f[i].fd = -1;
		}
}
