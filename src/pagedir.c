/* pagedir.c: page files that nginx serves without asking quire. */
#define _XOPEN_SOURCE 700	/* nftw */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "antispam.h"
#include "db.h"
#include "db_setting.h"
#include "pagedir.h"

/* Write len bytes to path whole or not at all: a temporary, renamed. */
static int
put_file(const char *path, const char *a, size_t alen, const char *b,
    size_t blen, mode_t mode)
{
	char		 tmp[4200];
	const char	*parts[2] = { a, b };
	size_t		 lens[2] = { alen, blen }, off;
	ssize_t		 n;
	int		 fd, i;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path,
	    (int)getpid()) >= sizeof(tmp))
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode))
	    == -1)
		return -1;
	for (i = 0; i < 2; i++)
		for (off = 0; off < lens[i]; off += (size_t)n)
			if ((n = write(fd, parts[i] + off, lens[i] - off))
			    <= 0) {
				close(fd);
				unlink(tmp);
				return -1;
			}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
pagedir_open(const char *dir, const unsigned char key[32], char *err,
    size_t errsz)
{
	char	 path[4096], conf[EDGE_CONF_MAX];
	int	 rc;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/token.key", dir) >=
	    sizeof(path) - 1) {
		snprintf(err, errsz, "%s: name too long", dir);
		return -1;
	}
	(void)unlink(path);	/* contrib/quire.js's key file, now unused */
	(void)snprintf(path, sizeof(path), "%s/token.conf", dir);
	edge_key_conf(key, conf);
	rc = put_file(path, conf, strlen(conf), NULL, 0, 0600);
	sodium_memzero(conf, sizeof(conf));
	if (rc == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
pagedir_current(const char *dir, char gen[PAGEDIR_GEN_MAX])
{
	char	 path[4096];
	ssize_t	 n;

	gen[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/current", dir) >=
	    sizeof(path))
		return -1;
	if ((n = readlink(path, gen, PAGEDIR_GEN_MAX - 1)) <= 0) {
		gen[0] = '\0';
		return -1;
	}
	gen[n] = '\0';
	return 0;
}

int64_t
pagedir_gen_clock(const char *gen)
{
	char		*end;
	long long	 v;

	if (gen[0] != 'g')
		return -1;
	v = strtoll(gen + 1, &end, 10);
	if (end == gen + 1 || *end != '-')
		return -1;
	return v;
}

static int64_t
clock_now(struct db *db)
{
	int64_t	 v;

	return db_step_int(db, db_stmt(db, DBF_SETTING, DB_SETTING_CHANGED),
	    &v, "change clock") == 1 ? v : -1;
}

int
pagedir_flip(const char *dir, struct db *db, int fresh)
{
	char	 lock[4096], gen[PAGEDIR_GEN_MAX], cur[PAGEDIR_GEN_MAX];
	char	 path[4096], tmp[4096];
	int64_t	 clock;
	int	 fd, rc = -1;

	if ((size_t)snprintf(lock, sizeof(lock), "%s/.lock", dir) >=
	    sizeof(lock))
		return -1;
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		fprintf(stderr, "quire: pages: %s: %s\n", lock,
		    strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR)
			goto out;
	/* The clock is read under the lock, after the writer's commit: a
	   flip that waited for ours reads a clock at least as new. */
	if ((clock = clock_now(db)) == -1)
		goto out;
	(void)pagedir_current(dir, cur);
	/* Never back to an older clock but when told to (a fresh start:
	   a database restored from a backup has an older one). */
	if (!fresh && pagedir_gen_clock(cur) >= clock) {
		rc = 0;
		goto out;
	}
	(void)snprintf(gen, sizeof(gen), "g%lld-%lld", (long long)clock,
	    (long long)time(NULL));
	if (strcmp(gen, cur) == 0) {
		rc = 0;
		goto out;
	}
	/* The generation's directory is made with its first file: until
	   then nginx finds nothing there and asks quire (one mkdir less
	   per comment). */
	(void)snprintf(tmp, sizeof(tmp), "%s/.current.%d", dir, (int)getpid());
	(void)snprintf(path, sizeof(path), "%s/current", dir);
	if (symlink(gen, tmp) == -1 && (errno != EEXIST ||
	    unlink(tmp) == -1 || symlink(gen, tmp) == -1))	/* a leftover */
		goto fail;
	if (rename(tmp, path) == -1) {
		unlink(tmp);
		goto fail;
	}
	rc = 1;
	goto out;
fail:
	fprintf(stderr, "quire: pages: %s: %s\n", path, strerror(errno));
out:
	close(fd);	/* and the lock with it */
	return rc;
}

/* A path quire may name a directory after: the URL and the file agree. */
static int
path_ok(const char *path)
{
	const char	*p;
	size_t		 n = strlen(path);

	if (n == 0 || n > 1024 || path[0] != '/' || path[n - 1] != '/')
		return 0;
	for (p = path; *p != '\0'; p++) {
		if (*p == '/' && (p[1] == '/' || p[1] == '.'))
			return 0;	/* no empty, dot or dot-dot segments */
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~' || *p == '/'))
			return 0;
	}
	return 1;
}

/* mkdir -p of base + path (path starts and ends with '/'). */
static int
make_dirs(char *full, size_t baselen)
{
	char	*p;

	for (p = full + baselen + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(full, 0755) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int
pagedir_store(const char *dir, const char *gen, int64_t clock,
    const char *path, const char *type, const char *body, size_t len,
    long hole, size_t holelen, char *etag, int64_t *mtime)
{
	struct stat	 sb;
	char		 now[PAGEDIR_GEN_MAX], full[4096], file[4200];
	size_t		 base, taillen;
	int		 n;

	if (gen[0] == '\0' || pagedir_gen_clock(gen) != clock ||
	    !path_ok(path))
		return 0;
	if (hole < 0 && strncmp(type, "text/html", 9) != 0 &&
	    strncmp(type, "application/atom+xml", 20) != 0)
		return 0;
	if (hole >= 0 && ((size_t)hole + holelen > len ||
	    strncmp(type, "text/html", 9) != 0))
		return 0;
	/* Still the generation nginx reads? Else no one would see it. */
	if (pagedir_current(dir, now) == -1 || strcmp(now, gen) != 0)
		return 0;
	n = snprintf(full, sizeof(full), "%s/%s", dir, gen);
	if (n < 0 || (size_t)n >= sizeof(full) - strlen(path) - 1)
		return 0;
	base = (size_t)n;
	(void)snprintf(full + base, sizeof(full) - base, "%s", path);
	/* From the generation's own directory on (made by its first file). */
	if (make_dirs(full, strlen(dir)) == -1)
		goto fail;
	if (hole < 0) {
		(void)snprintf(file, sizeof(file), "%sindex.%s", full,
		    type[0] == 't' ? "html" : "atom");
		if (put_file(file, body, len, NULL, 0, 0644) == -1)
			goto fail;
		/* The validators nginx will give the file, so that both
		   tiers answer a conditional request alike. */
		if (etag != NULL && stat(file, &sb) == 0) {
			(void)snprintf(etag, PAGEDIR_ETAG, "\"%llx-%llx\"",
			    (unsigned long long)sb.st_mtime,
			    (unsigned long long)sb.st_size);
			*mtime = (int64_t)sb.st_mtime;
		}
		return 1;
	}
	/* A page with a form: the page up to its token, if what follows
	   the token is what nginx appends after it. */
	taillen = len - (size_t)hole - holelen;
	if (taillen != sizeof(PAGEDIR_FORM_TAIL) - 1 || memcmp(body + hole +
	    holelen, PAGEDIR_FORM_TAIL, taillen) != 0)
		return 0;
	(void)snprintf(file, sizeof(file), "%sform.html", full);
	if (put_file(file, body, (size_t)hole, NULL, 0, 0644) == -1)
		goto fail;
	return 1;
fail:
	fprintf(stderr, "quire: pages: %s: %s\n", full, strerror(errno));
	return -1;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;	/* go on: what is left is tried again next time */
}

void
pagedir_sweep(const char *dir, struct pagedir_seen *seen, size_t n,
    int64_t now)
{
	DIR		*d;
	struct dirent	*e;
	char		 cur[PAGEDIR_GEN_MAX], path[4096];
	size_t		 i, free_slot;

	(void)pagedir_current(dir, cur);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (pagedir_gen_clock(e->d_name) == -1 ||
		    strlen(e->d_name) >= PAGEDIR_GEN_MAX)
			continue;
		free_slot = n;
		for (i = 0; i < n; i++) {
			if (strcmp(seen[i].gen, e->d_name) == 0)
				break;
			if (seen[i].gen[0] == '\0' && free_slot == n)
				free_slot = i;
		}
		if (strcmp(e->d_name, cur) == 0) {
			/* In use: its clock starts when it is let go. */
			if (i < n)
				seen[i].gen[0] = '\0';
			continue;
		}
		if (i == n) {
			if (free_slot < n) {
				memcpy(seen[free_slot].gen, e->d_name,
				    strlen(e->d_name) + 1);
				seen[free_slot].at = now;
			}
			continue;
		}
		if (now - seen[i].at < PAGEDIR_GRACE)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		(void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		seen[i].gen[0] = '\0';
	}
	closedir(d);
}

char *
pagedir_recorded(struct db *db)
{
	sqlite3_stmt	*st;
	const char	*s;
	char		*dir = NULL;

	if ((st = db_stmt(db, DBF_SETTING, DB_SETTING_PAGES)) == NULL)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (s = (const char *)sqlite3_column_text(st, 0)) != NULL)
		dir = strdup(s);
	db_done(st);
	return dir;
}

int
pagedir_record(struct db *db, const char *dir)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(db, DBF_SETTING, DB_SETTING_PAGES_SET)) == NULL)
		return -1;
	db_bind_text(st, 1, dir);
	return db_step_write(db, st, "record the pages directory") < 0 ?
	    -1 : 0;
}
