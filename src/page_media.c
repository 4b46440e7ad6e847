/* page_media.c: /media/..., the stored files of photos (media.c). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "db_import.h"
#include "http.h"
#include "import_uploads.h"
#include "media.h"
#include "pages.h"
#include "worker.h"
#include "wxr_media.h"

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

/* Is s n lower-case hex digits? */
static int
hex_ok(const char *s, size_t n)
{
	size_t	 i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return 1;
}

/* A stored file's own name as import_uploads.c makes them. */
static int
file_name_ok(const char *s)
{
	size_t	 i;

	if (*s == '\0' || *s == '.' || strlen(s) > 100)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/*
 * GET /media/AB/HEX/NAME: a file imported as it was (a PDF, an MP3: not a
 * photo), by the name import_uploads.c gave it, with its Content-Type;
 * anything not on wxr_file_type's list as a download. nginx serves these
 * itself; quire answers when reached directly. 200, or 404.
 */
int
page_media_file(struct req *r, struct resp *resp)
{
	struct stat	 st;
	const char	*rel, *type, *dir = r->w->media;
	char		 path[4096];
	int		 fd, rc;

	if (dir == NULL || !hex_ok(r->arg[0], 2) ||
	    !hex_ok(r->arg[1], MEDIA_NAME_HEX) ||
	    memcmp(r->arg[0], r->arg[1], 2) != 0 || !file_name_ok(r->arg[2]))
		return 404;
	rel = arena_printf(r->arena, "%s/%s/%s", r->arg[0], r->arg[1],
	    r->arg[2]);
	if ((rc = db_import_file_by_name(&r->w->db, r->arena, rel, &type)) != 1)
		return rc == 0 ? 404 : 500;
	(void)snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 404 : 500;
	rc = 404;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > FILE_MAX)
		goto out;
	rc = 500;
	if (slurp(fd, (size_t)st.st_size, resp->body) == -1) {
		buf_reset(resp->body);
		goto out;
	}
	if (strcmp(type, "application/octet-stream") == 0)
		(void)http_header(resp, "Content-Disposition", "attachment");
	resp->content_type = type;
	resp->cache = CACHE_FOREVER;
	resp->last_modified = (int64_t)st.st_mtime;
	rc = 200;
out:
	close(fd);
	return rc;
}

/*
 * GET /wp-content/uploads/PATH: an old WordPress upload URL, of any size
 * variant (-300x200, -scaled ...), imported with quire import --uploads:
 * 301 to its photo (the narrowest file at least as wide as the variant
 * asked for, else the widest) or file. 404 if none was imported.
 */
int
page_media_upload(struct req *r, struct resp *resp)
{
	const char	*path, *url;
	int		 rc;

	if ((path = wxr_upload_path(r->arena, r->path)) == NULL)
		return 404;
	if ((rc = upl_find(&r->w->db, r->arena, path, &url)) != 1)
		return rc == 0 ? 404 : 500;
	resp->location = url;
	return 301;
}
