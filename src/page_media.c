/* page_media.c: /media/..., the stored files of photos (media.c). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "media.h"
#include "pages.h"
#include "worker.h"

#define FILE_MAX	(64 * 1024 * 1024)	/* far above any variant */

/* Read the open file fd (size bytes) into b: 0 or -1. */
static int
slurp(int fd, size_t size, struct buf *b)
{
	ssize_t	 r;
	char	*p;

	p = buf_reserve(b, size);
	while (size > 0) {
		if ((r = read(fd, p, size)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		size -= (size_t)r;
		b->len += (size_t)r;
	}
	return 0;
}

/*
 * GET /media/DIR/FILE: a variant of a photo, read from the media
 * directory (nginx serves these itself in contrib/nginx.conf; quire
 * answers when reached directly). Only names media.c makes are looked
 * up ("ab/ab..20 hex..-WIDTH.webp|jpg|png|gif"), so no path leaves the
 * directory. 200 with the type of the extension and a one-year immutable
 * Cache-Control; 404 for anything else.
 */
int
page_media_show(struct req *r, struct resp *resp)
{
	struct stat	 st;
	const char	*rel, *type, *dir = r->w->media;
	char		 path[4096];
	int		 fd, rc = 404;

	rel = arena_printf(r->arena, "%s/%s", r->arg[0], r->arg[1]);
	if (dir == NULL || (type = media_file_type(rel)) == NULL ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, rel) >=
	    sizeof(path))
		return 404;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT || errno == ENOTDIR ? 404 : 500;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > FILE_MAX)
		goto out;
	if (slurp(fd, (size_t)st.st_size, resp->body) == -1) {
		fprintf(stderr, "quire: media: %s: read error\n", path);
		buf_reset(resp->body);
		rc = 500;
		goto out;
	}
	resp->content_type = type;
	resp->cache = CACHE_FOREVER;
	resp->last_modified = (int64_t)st.st_mtime;
	rc = 200;
out:
	close(fd);
	return rc;
}
