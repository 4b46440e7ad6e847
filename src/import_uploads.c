/* import_uploads.c: WordPress attachments' files (quire import --uploads): stored, and found again by old references. */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_import.h"
#include "db_media.h"
#include "import.h"
#include "import_uploads.h"
#include "media.h"
#include "urlenc.h"
#include "utf8.h"
#include "wxr.h"
#include "wxr_html.h"
#include "wxr_media.h"

#define STRIPS_MAX	4	/* size-variant suffixes taken off a name */
#define FILE_NAME_MAX	100	/* bytes of a stored file's own name */

/* -- small helpers ---------------------------------------------------------- */

/* Plain text of s, at most max bytes, in the arena. */
static const char *
plain(struct arena *a, const char *s, size_t max)
{
	struct buf	 b = { 0 };
	const char	*r;

	wxr_text(&b, s, strlen(s));
	r = arena_strndup(a, buf_str(&b), utf8_prefix(buf_str(&b), b.len,
	    max));
	buf_free(&b);
	return r;
}

/* Is rel a plain relative path (no "..", ".", "//", leading '/',
   backslash or control character)? */
static int
rel_ok(const char *rel)
{
	const char	*p = rel;
	size_t		 n;

	if (*rel == '\0' || *rel == '/' || strchr(rel, '\\') != NULL)
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	for (p = rel; *p != '\0'; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
	}
	return utf8_valid(rel, strlen(rel));
}

/* The upload path of the attachment (as in DIR), or NULL. */
static const char *
upload_rel(struct arena *a, const struct wxr_item *it)
{
	const char	*rel;

	if ((rel = wxr_meta(it, "_wp_attached_file")) != NULL && rel_ok(rel))
		return rel;
	if ((rel = wxr_upload_path(a, it->attachment_url)) != NULL &&
	    rel_ok(rel))
		return rel;
	if ((rel = wxr_upload_path(a, it->guid)) != NULL && rel_ok(rel))
		return rel;
	return NULL;
}

/* The path of an absolute URL, decoded, without query: NULL if none. */
static const char *
page_path(struct arena *a, const char *url)
{
	const char	*p;
	char		*dec;

	if ((p = strstr(url, "://")) == NULL || (p = strchr(p + 3, '/')) ==
	    NULL)
		return NULL;
	if (path_decode(a, p, strcspn(p, "?#"), &dec) == -1)
		return NULL;
	return dec;
}

/* Name the first few of a kind in the summary. */
static void
name_one(char *names, size_t size, int n, const char *what)
{
	if (n <= IMPORT_NAMES)
		(void)snprintf(names + (size_t)(n - 1) * size, size, "%s", what);
}

/* -- files that are not photos ----------------------------------------------- */

/* A stored file's own name, from the upload's: [A-Za-z0-9._-], the rest
   made '-', never starting with '.'; "file" if nothing is left. */
static const char *
safe_name(struct arena *a, const char *rel)
{
	const char	*base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char		*s = arena_alloc(a, FILE_NAME_MAX + 1);
	size_t		 i, k = 0;
	int		 c;

	for (i = 0; base[i] != '\0' && k < FILE_NAME_MAX; i++) {
		c = (unsigned char)base[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		    (c == '.' && k > 0))
			s[k++] = (char)c;
		else if (k > 0 && s[k - 1] != '-')
			s[k++] = '-';
	}
	s[k] = '\0';
	return k > 0 ? s : "file";
}

/* DIR/.tmp/lock held shared (stores) or exclusive without waiting
   (recovery), as media.c does: the fd, or -1. */
static int
lock_media(const char *dir, int how)
{
	char	 path[4096];
	int	 fd;

	(void)snprintf(path, sizeof(path), "%s/.tmp", dir);
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(path, 0755) == -1 && errno != EEXIST))
		return -1;
	(void)snprintf(path, sizeof(path), "%s/.tmp/lock", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return -1;
	if (flock(fd, how) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Copy the file at src to the new file tmp (fsync'd), its SHA-256 into
   hex: its size, or -1 (errno). */
static int64_t
copy_hash(const char *src, const char *tmp, char hex[65])
{
	crypto_hash_sha256_state	 h;
	unsigned char			 sum[crypto_hash_sha256_BYTES], b[65536];
	ssize_t				 r, w, off;
	int64_t				 total = 0;
	int				 in, out = -1, e;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1)
		goto fail;
	crypto_hash_sha256_init(&h);
	while ((r = read(in, b, sizeof(b))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		crypto_hash_sha256_update(&h, b, (size_t)r);
		for (off = 0; off < r; off += w)
			if ((w = write(out, b + off, (size_t)(r - off))) == -1)
				goto fail;
		total += r;
	}
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(hex, 65, sum, sizeof(sum));
	if (fsync(out) == -1 || close(out) == -1) {
		out = -1;
		goto fail;
	}
	close(in);
	return total;
fail:
	e = errno;
	close(in);
	if (out != -1)
		close(out);
	unlink(tmp);
	errno = e;
	return -1;
}

/* Run a statement of the import family binding an id: 0 or -1. */
static int
run_id(struct db *db, int idx, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, idx)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The file with this hash: its id (0 none, -1 error); pending in *p. */
static int64_t
file_by_hash(struct db *db, const char *hex, int *p)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FILE_BY_HASH)) == NULL)
		return -1;
	db_bind_text(st, 1, hex);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*p = sqlite3_column_int(st, 1);
	}
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/* Insert the pending row of a new file, committed: its id, or -1. */
static int64_t
file_insert(struct db *db, const char *hex, const char *name,
    const char *type, int64_t bytes, int64_t created)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FILE_INSERT)) == NULL)
		goto fail;
	db_bind_text(st, 1, hex);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, type);
	db_bind_int(st, 4, bytes);
	db_bind_int(st, 5, created);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
fail:
	db_rollback(db);
	return -1;
}

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

/* Move tmp to DIR/ab/HEX/NAME (made and synced): 0 or -1. */
static int
file_publish(const char *dir, const char *name, const char *tmp)
{
	char	 p[4096];
	size_t	 sub;

	sub = (size_t)snprintf(p, sizeof(p), "%s/%.2s", dir, name);
	if ((mkdir(p, 0755) == -1 && errno != EEXIST) || sub >= sizeof(p))
		return -1;
	(void)snprintf(p, sizeof(p), "%s/%.*s", dir, 3 + MEDIA_NAME_HEX,
	    name);
	if (mkdir(p, 0755) == -1 && errno != EEXIST)
		return -1;
	(void)snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (rename(tmp, p) == -1)
		return -1;
	(void)snprintf(p, sizeof(p), "%s/%.*s", dir, 3 + MEDIA_NAME_HEX,
	    name);
	return fsync_dir(p);
}

/*
 * Store the file at src as it is (media.c's order: the row pending and
 * committed, the file moved into place, the row ready): its id in *id,
 * or -1 with err.
 */
static int
store_file(struct db *db, struct arena *a, const char *dir, const char *src,
    const char *rel, int64_t created, int64_t *id, char *err, size_t errsz)
{
	char		 tmp[4096], hex[65];
	const char	*name;
	int64_t		 bytes, fid = 0;
	int		 lock, pending = 0;

	if ((lock = lock_media(dir, LOCK_SH)) == -1) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	(void)snprintf(tmp, sizeof(tmp), "%s/.tmp/file.%ld", dir,
	    (long)getpid());
	if ((bytes = copy_hash(src, tmp, hex)) == -1) {
		snprintf(err, errsz, "%s: %s", src, strerror(errno));
		goto fail;
	}
	if ((fid = file_by_hash(db, hex, &pending)) != 0) {
		if (fid > 0 && pending)
			snprintf(err, errsz, "%s: being stored by another "
			    "process", src);
		unlink(tmp);
		goto done;
	}
	name = arena_printf(a, "%.2s/%.*s/%s", hex, MEDIA_NAME_HEX, hex,
	    safe_name(a, rel));
	if ((fid = file_insert(db, hex, name, wxr_file_type(name), bytes,
	    created)) == -1)
		goto dberr;
	if (file_publish(dir, name, tmp) == -1) {
		snprintf(err, errsz, "%s/%s: %s", dir, name, strerror(errno));
		(void)run_id(db, DB_IMPORT_FILE_DELETE, fid);
		fid = -1;
		goto fail;
	}
	if (run_id(db, DB_IMPORT_FILE_READY, fid) == -1)
		goto dberr;
done:
	close(lock);
	*id = fid;
	return fid > 0 && !pending ? 0 : -1;
dberr:
	snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
fail:
	unlink(tmp);
	close(lock);
	return -1;
}

int
upl_recover(struct db *db, const char *dir)
{
	sqlite3_stmt	*st;
	char		 path[4096];
	int64_t		 ids[64];
	int		 lock, n = 0, i, rc;

	if ((lock = lock_media(dir, LOCK_EX | LOCK_NB)) == -1)
		return errno == EWOULDBLOCK ? 0 : -1;
	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_FILE_PENDING)) == NULL) {
		close(lock);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 64) {
		ids[n++] = sqlite3_column_int64(st, 0);
		(void)snprintf(path, sizeof(path), "%s/%s", dir,
		    (const char *)sqlite3_column_text(st, 1));
		unlink(path);
	}
	db_done(st);
	for (i = 0; i < n; i++)
		if (run_id(db, DB_IMPORT_FILE_DELETE, ids[i]) == -1)
			n = -1;
	close(lock);
	return n == -1 ? -1 : 0;
}

/* -- attachments --------------------------------------------------------------- */

/* The file of rel in DIR (or of the original a size variant's name
   names): its path, and the path in DIR in *found; NULL if none. */
static const char *
find_file(struct arena *a, const char *dir, const char *rel,
    const char **found)
{
	struct stat	 sb;
	char		*r = arena_strdup(a, rel);
	const char	*path;
	int		 k;

	for (k = 0; k <= STRIPS_MAX; k++) {
		path = arena_printf(a, "%s/%s", dir, r);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			*found = r;
			return path;
		}
		if (!wxr_upload_strip(r))
			break;
	}
	return NULL;
}

/* Is the file at path an image media.c reads (by its first bytes)? */
static int
is_photo(const char *path)
{
	unsigned char	 b[32];
	ssize_t		 n;
	int		 fd;
	enum media_format f;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, b, sizeof(b));
	close(fd);
	f = n > 0 ? media_sniff(b, (size_t)n) : MEDIA_UNKNOWN;
	return f != MEDIA_UNKNOWN && f != MEDIA_SVG;
}

/* Store the photo at path with the item's texts: 1 and *id, 0 if it
   is refused (named in st), -1 with err. */
static int
store_photo(struct db *db, struct arena *a, const struct import_uploads *up,
    const char *path, const char *rel, const struct wxr_item *it,
    int64_t created, int64_t *id, struct import_stats *st, char *err,
    size_t errsz)
{
	struct media_opts	 o = { 0 };
	struct media		 m;
	struct buf		 b = { 0 };
	sqlite3_stmt		*s;
	const char		*alt;
	char			 why[300];
	int			 status, rc;

	alt = wxr_meta(it, "_wp_attachment_image_alt");
	o.dir = up->media;
	o.max_bytes = up->max_bytes;
	o.alt = alt != NULL ? plain(a, alt, 1000) : "";
	o.original_name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	o.now = created;
	if ((rc = media_read_file(path, up->max_bytes, &b, &status, why,
	    sizeof(why))) == 0)
		rc = media_store(db, a, &o, b.p ? b.p : "", b.len, &m, &status,
		    why, sizeof(why));
	buf_free(&b);
	if (rc == -1 && status != 500) {
		st->refused++;
		name_one(st->refused_names[0], sizeof(st->refused_names[0]),
		    st->refused, arena_printf(a, "%s: %s", rel, why));
		return 0;
	}
	if (rc == -1) {
		snprintf(err, errsz, "%s: %s", rel, why);
		return -1;
	}
	if ((s = db_stmt(db, DBF_IMPORT, DB_IMPORT_MEDIA_TEXT)) == NULL)
		goto dberr;
	db_bind_int(s, 1, m.id);
	db_bind_text(s, 2, o.alt);
	db_bind_text(s, 3, plain(a, it->excerpt, 2000));
	rc = sqlite3_step(s);
	db_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;
	*id = m.id;
	return 1;
dberr:
	snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
	return -1;
}

/* Add an upload path of attachment id (if no other has it): 0 or -1. */
static int
put_path(struct db *db, const char *path, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_UPLOAD_PUT)) == NULL)
		return -1;
	db_bind_text(st, 1, path);
	db_bind_int(st, 2, id);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The upload paths of attachment id: its own, the original's when it is
   a -scaled or -rotated copy, and its URL's. 0 or -1. */
static int
put_paths(struct db *db, struct arena *a, const struct wxr_item *it,
    const char *rel, int64_t id)
{
	const char	*u;
	char		*r = arena_strdup(a, rel);
	size_t		 n;

	if (put_path(db, rel, id) == -1)
		return -1;
	n = strlen(r);
	if (wxr_upload_strip(r) && n - strlen(r) >= 7 && (strstr(rel,
	    "-scaled.") != NULL || strstr(rel, "-rotated.") != NULL) &&
	    put_path(db, r, id) == -1)
		return -1;
	if ((u = wxr_upload_path(a, it->attachment_url)) != NULL &&
	    strcmp(u, rel) != 0 && put_path(db, u, id) == -1)
		return -1;
	return 0;
}

/* Insert the attachment's row and paths, committed: 0 or -1. */
static int
att_insert(struct db *db, struct arena *a, const char *site,
    const struct wxr_item *it, const char *key, const char *rel,
    int64_t media_id, int64_t file_id, int64_t created)
{
	sqlite3_stmt	*st;
	const char	*page = page_path(a, it->link);
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((st = db_stmt(db, DBF_IMPORT, DB_IMPORT_ATT_INSERT)) == NULL)
		goto fail;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, site);
	db_bind_text(st, 3, it->post_id);
	db_bind_text(st, 4, it->post_parent);
	db_bind_int(st, 5, atoi(it->menu_order));
	if (media_id > 0)
		db_bind_int(st, 6, media_id);
	if (file_id > 0)
		db_bind_int(st, 7, file_id);
	db_bind_text(st, 8, rel);
	db_bind_text(st, 9, page != NULL && strcmp(page, "/") != 0 ? page : "");
	db_bind_text(st, 10, plain(a, it->title, 1000));
	db_bind_text(st, 11, plain(a, it->content, 10000));
	db_bind_int(st, 12, created);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || put_paths(db, a, it, rel,
	    sqlite3_last_insert_rowid(db->h)) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
upl_attachment(struct db *db, struct arena *a, const struct import_uploads *up,
    const char *site, const struct wxr_item *it, const char *key,
    int64_t created, struct import_stats *st, char *err, size_t errsz)
{
	struct db_attachment	 att;
	const char		*rel, *path, *found;
	int64_t			 mid = 0, fid = 0;
	int			 rc;

	if ((rc = db_import_att_by_key(db, key, &att)) == -1)
		goto dberr;
	if (rc == 1 && (att.media_id > 0 || att.file_id > 0)) {
		st->uploads_there++;
		return 0;
	}
	if ((rel = upload_rel(a, it)) == NULL ||
	    (path = find_file(a, up->dir, rel, &found)) == NULL) {
		st->missing++;
		name_one(st->missing_names[0], sizeof(st->missing_names[0]),
		    st->missing, rel ? rel : *it->attachment_url ?
		    it->attachment_url : it->title);
		/* Its row and paths all the same: its old URLs are known
		   (not "unknown"), and the next run tries again. */
		if (rel != NULL && att_insert(db, a, site, it, key, rel, 0, 0,
		    created) == -1)
			goto dberr;
		return 0;
	}
	if (is_photo(path)) {
		if ((rc = store_photo(db, a, up, path, found, it, created, &mid,
		    st, err, errsz)) <= 0)
			return rc;
		st->photos++;
	} else {
		if (store_file(db, a, up->media, path, found, created, &fid,
		    err, errsz) == -1)
			return -1;
		st->files++;
	}
	if (att_insert(db, a, site, it, key, rel, mid, fid, created) == -1)
		goto dberr;
	return 0;
dberr:
	snprintf(err, errsz, "attachment '%s': database: %s", it->title,
	    sqlite3_errmsg(db->h));
	return -1;
}

/* -- finding them again ---------------------------------------------------------- */

/* What attachment att is: its photo or file, into *f. 1, 0 or -1. */
static int
found(struct db *db, struct arena *a, const struct db_attachment *att,
    struct wxr_found *f)
{
	const char	*name, *type;
	int		 rc;

	memset(f, 0, sizeof(*f));
	if (att->media_id > 0)
		return db_media_get(db, a, att->media_id, &f->m) == 1 &&
		    f->m.nv > 0;
	if ((rc = db_import_file(db, a, att->file_id, &name, &type)) != 1)
		return rc;
	f->url = arena_printf(a, "/media/%s", name);
	return 1;
}

/* The attachment an upload path names, any size variant: 1, 0, -1. */
static int
by_path(struct db *db, struct arena *a, const char *path,
    struct db_attachment *att)
{
	char	*p = arena_strdup(a, path);
	int	 k, rc;

	for (k = 0; k <= STRIPS_MAX; k++) {
		if ((rc = db_import_upload(db, p, att)) != 0)
			return rc;
		if (!wxr_upload_strip(p))
			break;
	}
	return 0;
}

/* An old upload URL that names no imported attachment, counted. */
static void
unknown(struct import_stats *st, const char *path)
{
	int	 i;

	if (st == NULL)
		return;
	for (i = 0; i < st->unknown && i < IMPORT_NAMES; i++)
		if (strcmp(st->unknown_names[i], path) == 0)
			return;
	st->unknown++;
	name_one(st->unknown_names[0], sizeof(st->unknown_names[0]),
	    st->unknown, path);
}

static int
look_id(void *arg, struct arena *a, const char *wp_id, struct wxr_found *f)
{
	struct upl_ctx		*c = arg;
	struct db_attachment	 att;

	if (db_import_att_by_wpid(c->db, c->site, wp_id, &att) != 1)
		return 0;
	return found(c->db, a, &att, f) == 1;
}

static int
look_url(void *arg, struct arena *a, const char *url, struct wxr_found *f)
{
	struct upl_ctx		*c = arg;
	struct db_attachment	 att;
	const char		*p;

	if ((p = wxr_upload_path(a, url)) != NULL) {
		if (by_path(c->db, a, p, &att) != 1) {
			unknown(c->st, p);
			return 0;
		}
	} else if ((p = page_path(a, url)) == NULL || strcmp(p, "/") == 0 ||
	    db_import_att_by_page(c->db, p, &att) != 1)
		return 0;
	return found(c->db, a, &att, f) == 1;
}

static int
look_attached(void *arg, struct arena *a, const char ***ids)
{
	struct upl_ctx	*c = arg;
	sqlite3_stmt	*st;
	int		 n = 0, cap = 16;

	*ids = arena_alloc(a, sizeof(**ids) * (size_t)cap);
	if (c->parent == NULL || *c->parent == '\0' ||
	    (st = db_stmt(c->db, DBF_IMPORT, DB_IMPORT_ATT_CHILDREN)) == NULL)
		return 0;
	db_bind_text(st, 1, c->site);
	db_bind_text(st, 2, c->parent);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, sizeof(**ids), n, &cap);
		(*ids)[n++] = db_col_text(a, st, 0);
	}
	db_done(st);
	return n;
}

void
upl_media(struct wxr_media *md, struct upl_ctx *c, struct arena *a)
{
	memset(md, 0, sizeof(*md));
	md->arg = c;
	md->by_id = look_id;
	md->by_url = look_url;
	md->attached = look_attached;
	md->a = a;
}

int
upl_find(struct db *db, struct arena *a, const char *path, const char **url)
{
	struct db_attachment		 att;
	struct wxr_found		 f;
	const struct media_variant	*v, *best = NULL;
	int				 i, w, rc;

	if ((rc = by_path(db, a, path, &att)) != 1 ||
	    (rc = found(db, a, &att, &f)) != 1)
		return rc;
	if (f.m.nv == 0) {
		*url = f.url;
		return 1;
	}
	/* A size variant: the narrowest file at least as wide. */
	*url = media_url(a, &f.m);
	if ((w = wxr_upload_width(path)) <= 0 || (v = media_widest(&f.m,
	    "jpeg")) == NULL)
		return 1;
	for (i = 0; i < f.m.nv; i++)
		if (strcmp(f.m.v[i].format, v->format) == 0 &&
		    f.m.v[i].width >= w && (best == NULL ||
		    f.m.v[i].width < best->width))
			best = &f.m.v[i];
	if (best != NULL)
		*url = arena_printf(a, "/media/%s", best->file);
	return 1;
}
