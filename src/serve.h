/* serve.h: `quire serve': the prefork FastCGI master and its workers. */
#ifndef QUIRE_SERVE_H
#define QUIRE_SERVE_H

struct serve_opts {
	const char	*db;
	const char	*listen;	/* unix:/path, HOST:PORT, or NULL: fd 0 */
	const char	*templates;
	const char	*theme;		/* --theme DIR, or NULL */
	int		 workers;	/* 0: number of CPUs */
	int		 socket_mode;	/* for a unix socket, e.g. 0660 */
	const char	*pages;		/* page files for nginx (pagedir.h) */
	const char	*media;		/* photos' files (media.h) */
};

/*
 * Serve until SIGTERM or SIGINT: open the socket, check the database and
 * templates once, then keep opts->workers worker processes alive. SIGHUP
 * makes the workers reload templates. Returns the exit status (0 after a
 * clean stop, 1 if it could not start; the reason is on stderr).
 */
int	serve_run(const struct serve_opts *);

#endif
