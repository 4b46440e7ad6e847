/* media_copy.c: a photo's files, and imported files, copied between media directories (backups). */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "media.h"
#include "media_copy.h"

#define COPY_BUF	65536

static int
fsync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Make dir if it is not there, and fsync its parent when it was made. */
static int
make_dir(const char *dir, const char *parent)
{
	if (mkdir(dir, 0755) == 0)
		return fsync_dir(parent);
	return errno == EEXIST ? 0 : -1;
}

/* Everything from fd in to fd out, then fsync out: 0 or -1 (errno). */
static int
pump(int in, int out)
{
	char	 b[COPY_BUF];
	ssize_t	 r, w, off;

	for (;;) {
		if ((r = read(in, b, sizeof(b))) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		for (off = 0; off < r; off += w)
			if ((w = write(out, b + off, (size_t)(r - off))) == -1) {
				if (errno != EINTR)
					return -1;
				w = 0;
			}
	}
	return fsync(out);
}

static int
is_hex(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

int
media_copy_name_ok(const char *p)
{
	size_t	 i;

	if (media_file_type(p) != NULL)
		return 1;
	/* "ab/" + 20 hex digits starting with "ab" + "/" + NAME */
	if (strlen(p) < 3 + MEDIA_NAME_HEX + 2 || !is_hex(p, 2) ||
	    p[2] != '/' || !is_hex(p + 3, MEDIA_NAME_HEX) ||
	    memcmp(p, p + 3, 2) != 0 || p[3 + MEDIA_NAME_HEX] != '/')
		return 0;
	p += 3 + MEDIA_NAME_HEX + 1;
	if (*p == '.' || strlen(p) > MEDIA_FILE_NAME_MAX)
		return 0;
	for (i = 0; p[i] != '\0'; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
		    p[i] == '-' || p[i] == '.'))
			return 0;
	return 1;
}

/* Copy one file; 1 if written, 0 if it was there, -1 (err). */
static int
copy_one(const char *from, const char *to, const char *file, char *err,
    size_t errsz)
{
	char		 src[PATH_MAX], dst[PATH_MAX], tmp[PATH_MAX],
			 sub[PATH_MAX], top[PATH_MAX];
	const char	*base = strrchr(file, '/') + 1;
	struct stat	 ss, ds;
	int		 in = -1, out = -1, e, nested;

	if (!media_copy_name_ok(file)) {
		snprintf(err, errsz, "%s: not a media file name", file);
		return -1;
	}
	/* a photo's file in ab/, an imported file in ab/abHEX/ */
	nested = media_file_type(file) == NULL;
	if ((size_t)snprintf(src, sizeof(src), "%s/%s", from, file) >=
	    sizeof(src) || (size_t)snprintf(dst, sizeof(dst), "%s/%s", to,
	    file) >= sizeof(dst) || (size_t)snprintf(tmp, sizeof(tmp),
	    "%s/%.*s.%s.tmp-%ld", to, (int)(base - file), file, base,
	    (long)getpid()) >= sizeof(tmp)) {
		snprintf(err, errsz, "%s: path too long", file);
		return -1;
	}
	(void)snprintf(top, sizeof(top), "%s/%.2s", to, file);
	(void)snprintf(sub, sizeof(sub), "%s/%.*s", to, (int)(base - file - 1),
	    file);
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(in, &ss) == -1) {
		snprintf(err, errsz, "%s: %s", src, strerror(errno));
		goto fail;
	}
	if (stat(dst, &ds) == 0 && ds.st_size == ss.st_size) {
		close(in);
		return 0;
	}
	if (make_dir(top, to) == -1 || (nested && make_dir(sub, top) == -1)) {
		snprintf(err, errsz, "%s: %s", sub, strerror(errno));
		goto fail;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || pump(in, out) == -1 || close(out) == -1) {
		e = errno;
		out = -1;
		unlink(tmp);
		snprintf(err, errsz, "%s: %s", tmp, strerror(e));
		goto fail;
	}
	out = -1;
	if (rename(tmp, dst) == -1 || fsync_dir(sub) == -1) {
		snprintf(err, errsz, "%s: %s", dst, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	close(in);
	return 1;
fail:
	if (out != -1)
		close(out);
	if (in != -1)
		close(in);
	return -1;
}

int
media_copy_files(const char *from, const char *to, const char *const *files,
    int n, int *copied, char *err, size_t errsz)
{
	char	 parent[PATH_MAX];
	char	*slash;
	int	 i, r;

	*copied = 0;
	(void)snprintf(parent, sizeof(parent), "%s", to);
	if ((slash = strrchr(parent, '/')) == NULL)
		(void)snprintf(parent, sizeof(parent), ".");
	else if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (make_dir(to, parent) == -1) {
		snprintf(err, errsz, "%s: %s", to, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((r = copy_one(from, to, files[i], err, errsz)) == -1)
			return -1;
		*copied += r;
	}
	return 0;
}

const char *
media_missing(const char *dir, const char *const *files, int n,
    int *nmissing)
{
	char		 path[PATH_MAX];
	struct stat	 s;
	const char	*first = NULL;
	int		 i;

	*nmissing = 0;
	for (i = 0; i < n; i++) {
		if (media_copy_name_ok(files[i]) &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    files[i]) < sizeof(path) && stat(path, &s) == 0 &&
		    S_ISREG(s.st_mode))
			continue;
		if (first == NULL)
			first = files[i];
		(*nmissing)++;
	}
	return first;
}
