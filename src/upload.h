/* upload.h: form bodies with files (multipart/form-data), for the routes
   that take photos (ROUTE_UPLOAD). */
#ifndef QUIRE_UPLOAD_H
#define QUIRE_UPLOAD_H

#include <stddef.h>

struct buf;
struct http_src;
struct req;

#define UPLOAD_FILES_MAX	20		/* files in one request */
#define UPLOAD_TEXT_MAX		(1024 * 1024)	/* its text fields, in all */

/* One file of the form, kept in an unlinked temporary file. */
struct upload_file {
	const char	*field;		/* the form field: "files", "images" */
	const char	*name;		/* its name as sent, fit to show */
	int		 fd;		/* -1 once closed */
	size_t		 size;
};

/* The files of a request, and the first one refused (the form's text is
   in req->form as for an urlencoded body). */
struct upload {
	struct upload_file	*f;
	int			 n;
	int			 status;	/* 0, or 413 or 422 */
	const char		*error;		/* why, naming the file */
	int			 seen;		/* files sent, kept or not */
};

/* Is the request's body multipart/form-data? */
int	upload_is_multipart(const struct req *);
/*
 * Read a multipart/form-data body: text fields into r->form, files
 * (each at most file_max bytes, at most UPLOAD_FILES_MAX of them, a
 * field with no file chosen skipped) into unlinked temporary files in
 * tmpdir, in r->upload. Content-Length is checked first: over
 * UPLOAD_FILES_MAX * file_max + UPLOAD_TEXT_MAX, 413 and nothing read.
 * A file over its limit, or too many, is not an error of the body: its
 * bytes are dropped and r->upload->status and error say which (the
 * page shows the form again). Returns 0, 413 (the body or its text too
 * large), 400 (malformed), or 500 (a temporary file could not be
 * written). upload_close() after the request in every case.
 */
int	upload_read(struct req *, const struct http_src *, size_t file_max,
	    const char *tmpdir);
/* Read file f back into b (appended): 0 or -1. */
int	upload_slurp(const struct upload_file *, struct buf *);
/* Close the request's temporary files (their space goes with them). */
void	upload_close(struct req *);

#endif
