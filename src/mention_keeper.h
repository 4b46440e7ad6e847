/* mention_keeper.h: the keeper's hook for mentions: a short-lived
   process of its own does the network work, so the keeper (and its
   page files) never waits for another site. */
#ifndef QUIRE_MENTION_KEEPER_H
#define QUIRE_MENTION_KEEPER_H

#include <stdint.h>
#include <sys/types.h>

struct db;

struct mention_keeper {
	pid_t		 child;		/* the mention process, 0: none */
	int64_t		 next;		/* when to look at the queues again */
};

/*
 * Called by the keeper on every tick (k zeroed before the first): reap
 * a finished mention process; once a second (a minute after a database
 * error), if mentions are queued
 * either way (db: the keeper's connection) and none is running, fork
 * one that opens dbpath itself, verifies and sends until the queues are
 * empty, and exits. stop: the keeper is leaving; the process is told
 * to stop (SIGTERM) and reaped. Never fails: problems are logged.
 */
void	mention_keeper_tick(struct mention_keeper *k, const char *dbpath,
	    struct db *db, int64_t now, int stop);

#endif
