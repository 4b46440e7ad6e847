/* media_copy.h: a photo's files copied between media directories (backups). */
#ifndef QUIRE_MEDIA_COPY_H
#define QUIRE_MEDIA_COPY_H

#include <stddef.h>

/* Bytes of an imported file's own name (import_uploads.c). */
#define MEDIA_FILE_NAME_MAX	100

/*
 * Is p a name media_copy_files copies: a photo's file ("ab/ab12...-480.
 * webp", media_file_type), or a file imported as it came ("ab/ab12..(20
 * hex)/NAME", NAME of [A-Za-z0-9._-], not starting with '.', at most
 * MEDIA_FILE_NAME_MAX bytes; import_uploads.c)? 1 or 0.
 */
int	media_copy_name_ok(const char *p);

/*
 * Copy files[0..n) (paths under a media directory, as media_variants
 * names them: "ab/ab12...-480.webp", or imported files' names:
 * media_copy_name_ok) from the directory from into the
 * directory to, in the same layout (to/ab/...), making to and its
 * subdirectories as needed. A file already in to with the same size is
 * left as it is (file names hold a content hash, so they never change);
 * any other is written to a temporary name beside it, fsynced, renamed
 * into place, and its directory fsynced. A name media_copy_name_ok refuses
 * is refused. *copied counts the files written. Returns 0, or -1
 * with "PATH: why" in err (files copied before stay: each is whole).
 */
int	media_copy_files(const char *from, const char *to,
	    const char *const *files, int n, int *copied, char *err,
	    size_t errsz);

/*
 * The first of files[0..n) that is not a regular file in dir, or NULL
 * when all are there; a name media_copy_name_ok refuses counts as
 * missing. *nmissing counts them all.
 */
const char *media_missing(const char *dir, const char *const *files, int n,
	    int *nmissing);

#endif
