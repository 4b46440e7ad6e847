/* serve.c: `quire serve': the prefork FastCGI master and its workers. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <netdb.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "buf.h"
#include "db_post.h"
#include "http.h"
#include "media.h"
#include "mail_keeper.h"
#include "mention_keeper.h"
#include "pagedir.h"
#include "privacy.h"
#include "serve.h"
#include "site.h"
#include "worker.h"

#define MAX_WORKERS	256

/* The only globals: flags set by signal handlers. */
static volatile sig_atomic_t	 sig_stop;
static volatile sig_atomic_t	 sig_hup;
static volatile sig_atomic_t	 sig_chld;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		sig_stop = 1;
		break;
	case SIGHUP:
		sig_hup = 1;
		break;
	case SIGCHLD:
		sig_chld = 1;
		break;
	}
}

static void
on_worker_term(int sig)
{
	(void)sig;
	sig_stop = 1;
	FCGX_ShutdownPending();
}

/* Without SA_RESTART a blocked accept() sees EINTR and returns. */
static void
handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static const char *
fcgi_param(void *arg, const char *name)
{
	FCGX_Request	*rq = arg;

	return FCGX_GetParam(name, rq->envp);
}

static long
fcgi_read(void *arg, char *p, size_t n)
{
	FCGX_Request	*rq = arg;
	int		 want = n > (1 << 30) ? 1 << 30 : (int)n;

	return FCGX_GetStr(p, want, rq->in);
}

/*
 * A database that had to be opened read-only (its file system was
 * read-only then) is opened again once it is writable, checked at most
 * once a second, before a request: comments can be stored again without
 * a restart. The old connection is kept if the new one fails.
 */
static void
reopen_if_writable(struct worker *w, time_t *checked)
{
	char		 err[512];
	time_t		 now = time(NULL);
	int		 fd;

	if (sqlite3_db_readonly(w->db.h, "main") != 1 || now == *checked)
		return;
	*checked = now;
	if ((fd = open(w->db.path, O_RDWR)) == -1)
		return;
	close(fd);
	if (db_reopen(&w->db, err, sizeof(err)) == -1) {
		fprintf(stderr, "quire: worker %d: %s\n", (int)getpid(), err);
		return;
	}
	w->data_version = -1;	/* settings and cached pages made anew */
	if (sqlite3_db_readonly(w->db.h, "main") == 0)
		fprintf(stderr, "quire: worker %d: %s is writable again\n",
		    (int)getpid(), w->db.path);
}

/*
 * What every child of the master does first, its own signal handlers
 * set: the rest of the signals, dying with the master, signals
 * unblocked. 0 if the master is already gone.
 */
static int
child_start(pid_t master)
{
	sigset_t	 none;

	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit (ulimit -f, LimitFSIZE=) reached: let the write
	   fail (SQLITE_FULL, a 503 keeping the text), not kill the child. */
	signal(SIGXFSZ, SIG_IGN);
#ifdef __linux__
	/* A master killed outright (kill -9, OOM) takes its children with
	   it, gracefully: a new master can then start afresh. */
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	return getppid() == master;
}

/* One worker process: accept and answer requests until told to stop. */
static int
worker_main(const struct serve_opts *o, int fd, pid_t master)
{
	struct worker	 w;
	FCGX_Request	 rq;
	struct buf	 out = { 0 };
	struct http_src	 src;
	char		 err[512];
	time_t		 checked = time(NULL);

	handle(SIGTERM, on_worker_term, 0);
	handle(SIGINT, on_worker_term, 0);
	handle(SIGHUP, on_signal, SA_RESTART);	/* reload after the next */
	if (!child_start(master))
		return 0;	/* it died before we could ask */

	if (worker_open(&w, o->db, o->templates, err, sizeof(err)) == -1 ||
	    (o->theme != NULL && worker_set_theme(&w, o->theme, err,
	    sizeof(err)) == -1)) {
		fprintf(stderr, "quire: worker %d: %s\n", (int)getpid(), err);
		worker_close(&w);
		return 1;
	}
	if (FCGX_InitRequest(&rq, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		fprintf(stderr, "quire: worker: FCGX_InitRequest failed\n");
		worker_close(&w);
		return 1;
	}
	w.pages = o->pages;
	w.media = o->media;
	/* libvips in this process only (it must not be set up before a
	   fork); then what a store cut short by a crash left behind. */
	if (w.media != NULL && (media_init() == -1 ||
	    media_recover(&w.db, w.media) == -1))
		fprintf(stderr, "quire: worker %d: photos cannot be stored\n",
		    (int)getpid());
	src.param = fcgi_param;
	src.read = fcgi_read;
	src.arg = &rq;
	while (!sig_stop && FCGX_Accept_r(&rq) >= 0) {
		if (sig_hup) {
			sig_hup = 0;
			(void)worker_reload_templates(&w);
		}
		reopen_if_writable(&w, &checked);
		buf_reset(&out);
		app_handle(&w, &src, &out);
		if (FCGX_PutStr(out.p, (int)out.len, rq.out) < 0)
			fprintf(stderr, "quire: client went away\n");
		FCGX_Finish_r(&rq);
		arena_reset(&w.arena);
	}
	FCGX_Free(&rq, 1);
	buf_free(&out);
	worker_close(&w);
	return 0;
}

/*
 * The keeper: one process beside the workers for work no request should
 * wait for. It cuts commenters' addresses once they are ip_days old
 * (privacy.h): a pass at start, on SIGHUP and every PRIVACY_EVERY
 * seconds, one short transaction of PRIVACY_BATCH comments a tick, so
 * the write lock is never held long.
 *
 * With page files (--pages), nginx serves them without asking quire, so
 * it also watches the database for changes made by anyone (the command
 * line, sqlite3) and points nginx at a new generation; it publishes
 * scheduled posts when due, starts a fresh generation every
 * PAGEDIR_REFRESH seconds (pages that depend on the time) and on SIGHUP
 * (new templates), and removes old generations. Workers flip for their
 * own changes before they answer.
 */
static int
keeper_main(const struct serve_opts *o, pid_t master)
{
	struct db		 db;
	struct site		 site;
	struct timespec		 tick = { 0, 10 * 1000 * 1000 };
	struct timespec		 idle = { 1, 0 };
	struct pagedir_seen	 seen[256];
	struct mention_keeper	 mnk = { 0, 0 };
	char			 err[512];
	int64_t			 v, last, next_due = -1, now, swept = 0;
	int64_t			 refreshed, prune_at = 0, before = 0;
	int			 n, hup, hup_flip = 0, pruning = 0, mailing = 0;
	struct mail_keeper	 mk;

	handle(SIGTERM, on_signal, 0);
	handle(SIGINT, on_signal, 0);
	handle(SIGHUP, on_signal, 0);
	memset(&mk, 0, sizeof(mk));
	if (!child_start(master))
		return 0;
#ifdef __linux__
	/* So that ps, and the tests that count workers, can tell it. */
	(void)prctl(PR_SET_NAME, "quire-keeper");
#endif
	memset(seen, 0, sizeof(seen));
	memset(&site, 0, sizeof(site));
	if (db_open(&db, o->db, 0, err, sizeof(err)) == -1) {
		fprintf(stderr, "quire: keeper: %s\n", err);
		db_close(&db);
		return 1;
	}
	last = db_data_version(&db);
	if (o->pages != NULL)
		(void)pagedir_flip(o->pages, &db, 1);
	refreshed = time(NULL);
	while (!sig_stop) {
		/* Without page files there is nothing to watch closely. */
		nanosleep(o->pages != NULL || pruning || mailing ? &tick :
		    &idle, NULL);
		now = time(NULL);
		hup = sig_hup;
		sig_hup = 0;
		if (!pruning && (hup || now >= prune_at)) {
			prune_at = now + PRIVACY_EVERY;
			if (site_load(&db, &site) == 0) {
				before = now - (int64_t)site.ip_days * 86400;
				pruning = privacy_cut_sessions(&db, before) != -1;
			}
		}
		if (pruning) {
			n = privacy_cut_batch(&db, before, PRIVACY_BATCH);
			if (n < PRIVACY_BATCH)
				pruning = 0;	/* done, or again next pass */
			if (n == -1)
				prune_at = now + 60;
			/* Nothing a reader sees changed: the change clock
			   stays (sql/0008-privacy.sql), and so do the pages. */
		}
		/* Mail (mail_keeper.h): events into the outbox, the mailer. */
		mailing = mail_keeper_tick(&mk, &db, o->db, now);
		mention_keeper_tick(&mnk, o->db, &db, now, 0);
		if (o->pages == NULL)
			continue;
		if ((v = db_data_version(&db)) != last) {
			last = v;
			next_due = -1;
			(void)pagedir_flip(o->pages, &db, 0);
		}
		if (next_due == -1 || (next_due > 0 && next_due <= now)) {
			if ((n = db_post_publish_due(&db, now, &next_due)) > 0)
				(void)pagedir_flip(o->pages, &db, 0);
			else if (n < 0)
				next_due = now + 1;	/* try again */
		}
		/* New templates need a generation of their own: one made in
		   the second of the last is the same one (pagedir_flip says
		   0), so try again until the next second. */
		if (hup)
			hup_flip = 1;
		if (hup_flip || now - refreshed >= PAGEDIR_REFRESH) {
			n = pagedir_flip(o->pages, &db, 1);
			if (n == 1 || (n == 0 && !hup_flip))
				refreshed = now;
			if (n == 1)
				hup_flip = 0;
		}
		if (now != swept) {
			swept = now;
			pagedir_sweep(o->pages, seen, sizeof(seen) /
			    sizeof(seen[0]), now);
		}
	}
	mail_keeper_stop(&mk);
	mention_keeper_tick(&mnk, o->db, &db, time(NULL), 1);
	site_free(&site);
	db_close(&db);
	return 0;
}

static pid_t
spawn(const struct serve_opts *o, int fd, int keeper)
{
	pid_t	 pid, master = getpid();

	if ((pid = fork()) == -1) {
		fprintf(stderr, "quire: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(keeper ? keeper_main(o, master) :
		    worker_main(o, fd, master));
	return pid;
}

/*
 * Listening sockets are made here, not by FCGX_OpenSocket, which calls
 * exit() itself when bind fails: quire says why and exits 1.
 */
static int
listen_unix(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "quire: serve: socket path too long: %s\n",
		    path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 128) == -1) {
		fprintf(stderr, "quire: serve: cannot listen on unix:%s: %s\n",
		    path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

static int
listen_tcp(const char *addr)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	char		 host[256];
	const char	*colon, *port;
	int		 fd = -1, on = 1, rc, saved = 0;

	colon = strrchr(addr, ':');
	port = colon + 1;
	(void)snprintf(host, sizeof(host), "%.*s", (int)(colon - addr), addr);
	/* [::1]:9000 */
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((rc = getaddrinfo(*host && strcmp(host, "*") ? host : NULL, port,
	    &hints, &res)) != 0) {
		fprintf(stderr, "quire: serve: %s: %s\n", addr,
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 128) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		fprintf(stderr, "quire: serve: cannot listen on %s: %s\n",
		    addr, strerror(saved ? saved : errno));
	return fd;
}

/* Open the listening socket: 0 is the spawn-fcgi case. *unix_path is
   the socket's path, in o->listen (nothing to free: a worker forked
   from here would leak a copy), or NULL. */
static int
open_listener(const struct serve_opts *o, const char **unix_path)
{
	struct stat	 st;
	const char	*addr;
	int		 fd;

	*unix_path = NULL;
	if (o->listen == NULL) {
		if (fstat(0, &st) == -1 || !S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "quire: serve: no --listen given and "
			    "standard input is not a FastCGI socket\n");
			return -1;
		}
		return 0;
	}
	addr = o->listen;
	if (strncmp(addr, "unix:", 5) == 0) {
		addr += 5;
		if (*addr == '\0' || strchr(addr, ':') != NULL) {
			fprintf(stderr, "quire: serve: bad socket path '%s'\n",
			    addr);
			return -1;
		}
		/* A stale socket from an earlier run, but never a file. */
		if (lstat(addr, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(addr);
		*unix_path = addr;
	} else if (strchr(addr, ':') == NULL) {
		fprintf(stderr, "quire: serve: --listen wants unix:/path or "
		    "HOST:PORT, not '%s'\n", addr);
		return -1;
	}
	if ((fd = *unix_path != NULL ? listen_unix(addr) : listen_tcp(addr))
	    < 0) {
		*unix_path = NULL;
		return -1;
	}
	if (*unix_path != NULL && chmod(*unix_path, (mode_t)o->socket_mode)
	    == -1)
		fprintf(stderr, "quire: serve: chmod %s: %s\n", *unix_path,
		    strerror(errno));
	return fd;
}

static int
slot_of(const pid_t *pids, int n, pid_t pid)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return i;
	return -1;
}

/* Reap dead workers and start new ones in their place. */
static void
reap(const struct serve_opts *o, int fd, pid_t *pids, time_t *born, int n,
    int nw)
{
	pid_t	 pid;
	int	 status, i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if ((i = slot_of(pids, n, pid)) == -1)
			continue;
		pids[i] = 0;
		if (sig_stop)
			continue;
		if (WIFSIGNALED(status))
			fprintf(stderr, "quire: worker %d killed by signal "
			    "%d; starting another\n", (int)pid,
			    WTERMSIG(status));
		else
			fprintf(stderr, "quire: worker %d exited with %d; "
			    "starting another\n", (int)pid,
			    WEXITSTATUS(status));
		if (time(NULL) - born[i] < 1)
			sleep(1);	/* do not spin on a crash at start */
		born[i] = time(NULL);
		pids[i] = spawn(o, fd, i >= nw);
	}
}

/* SIGTERM to every worker, wait up to 30 s for in-flight requests. */
static void
drain(pid_t *pids, int n)
{
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	int		 i, left, tries, status;
	pid_t		 pid;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (tries = 0; tries < 600; tries++) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if ((i = slot_of(pids, n, pid)) != -1)
				pids[i] = 0;
		for (left = 0, i = 0; i < n; i++)
			left += pids[i] > 0;
		if (left == 0)
			return;
		nanosleep(&ts, NULL);
	}
	for (i = 0; i < n; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], &status, 0);
		}
}

int
serve_run(const struct serve_opts *o)
{
	struct worker	 check;
	pid_t		 pids[MAX_WORKERS + 1];	/* workers, the keeper */
	time_t		 born[MAX_WORKERS + 1];
	sigset_t	 block, old;
	const char	*unix_path = NULL;
	char		 err[512];
	int		 fd, n, nw, i;

	n = o->workers > 0 ? o->workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	/* Fail here, with a reason, rather than in every worker. */
	if (worker_open(&check, o->db, o->templates, err, sizeof(err)) == -1 ||
	    (o->theme != NULL && worker_set_theme(&check, o->theme, err,
	    sizeof(err)) == -1)) {
		fprintf(stderr, "quire: serve: %s\n", err);
		worker_close(&check);
		return 1;
	}
	err[0] = '\0';
	if (o->pages != NULL && (pagedir_open(o->pages, check.site.key, err,
	    sizeof(err)) == -1 || pagedir_record(&check.db, o->pages) == -1)) {
		fprintf(stderr, "quire: serve: --pages: %s\n", err[0] ? err :
		    "cannot record it in the database");
		worker_close(&check);
		return 1;
	}
	if (o->pages == NULL)
		(void)pagedir_record(&check.db, NULL);
	worker_close(&check);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "quire: serve: FCGX_Init failed\n");
		return 1;
	}
	if ((fd = open_listener(o, &unix_path)) == -1)
		return 1;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	handle(SIGTERM, on_signal, 0);
	handle(SIGINT, on_signal, 0);
	handle(SIGHUP, on_signal, 0);
	handle(SIGCHLD, on_signal, SA_NOCLDSTOP);
	signal(SIGPIPE, SIG_IGN);

	nw = n;
	n++;	/* the keeper */
	for (i = 0; i < n; i++) {
		born[i] = time(NULL);
		pids[i] = spawn(o, fd, i >= nw);
	}
	fprintf(stderr, "quire: serving %s with %d workers (pid %d)%s%s\n",
	    o->listen ? o->listen : "fd 0", nw, (int)getpid(),
	    o->pages ? "; page files in " : "", o->pages ? o->pages : "");
	while (!sig_stop) {
		sigsuspend(&old);
		if (sig_chld) {
			sig_chld = 0;
			reap(o, fd, pids, born, n, nw);
		}
		if (sig_hup) {
			sig_hup = 0;
			for (i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGHUP);
		}
	}
	drain(pids, n);
	if (unix_path != NULL)
		unlink(unix_path);
	fprintf(stderr, "quire: stopped\n");
	return 0;
}
