/* mail_keeper.h: the keeper's part in mail (DESIGN.md, "Mail"): what
   happened made into outbox rows, and the mailer that sends them. */
#ifndef QUIRE_MAIL_KEEPER_H
#define QUIRE_MAIL_KEEPER_H

#include <sys/types.h>

#include <stdint.h>

struct arena;
struct db;
struct site;

#define MAIL_RETRY_FOR	(2 * 86400)	/* then a message is given up */
#define MAIL_EVENTS	100		/* events made into mail a tick */
#define MAIL_MAILERS	2		/* mailers sending side by side */

/* What the keeper keeps between ticks; zeroed to start. */
struct mail_keeper {
	pid_t		 mailer[MAIL_MAILERS]; /* mailers it started, or 0 */
	int64_t		 digest_at;	/* when to look at the digest */
	int64_t		 last;		/* the second of the last tick */
	int		 more;		/* events were left */
};

/*
 * One tick of the keeper (about once a second): make the mail events
 * committed since into outbox rows (one transaction a batch), send the
 * daily digest when it is due, requeue messages whose mailer died while
 * sending, and start a mailer process ("quire-mailer") when messages
 * are due (one more a tick, up to MAIL_MAILERS: sendmail is one process
 * a message, slow to start). A mailer outlives a keeper killed
 * outright: it finishes its message and marks it sent. Returns 1 when events are
 * left for the next tick (tick again soon), else 0.
 */
int	mail_keeper_tick(struct mail_keeper *, struct db *, const char *dbpath,
	    int64_t now);
/*
 * The mailer (quire mail send; the keeper runs it with mailer set, as
 * the process "quire-mailer"): send every message due, one at a time,
 * through mail_command, until none is due or SIGTERM; counts in *sent
 * and *failed. 0, or -1 when the database cannot be opened (logged).
 */
int	mail_keeper_send(const char *dbpath, int mailer, int *sent,
	    int *failed);
/* The keeper stops: ask the mailer to stop after its message. */
void	mail_keeper_stop(struct mail_keeper *);

/* The From address of this site: mail_from, else quire@HOST of the
   base URL (an arena string). */
const char *mail_keeper_from(struct arena *, const struct site *,
	    const char *mail_from);

/* The state of the outbox for the dashboard: how many wait (queued or
   being sent), the oldest's time, the last error ("" none), how many
   were given up in the last week. 0, or -1. */
int	mail_keeper_waiting(struct db *, struct arena *, int64_t now,
	    int64_t *n, int64_t *oldest, const char **error, int64_t *failed);

#endif
