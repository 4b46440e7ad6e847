/* mention_keeper.c: the keeper's hook for mentions (mention_keeper.h). */
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "arena.h"
#include "db.h"
#include "db_mention.h"
#include "fetch.h"
#include "mention.h"
#include "mention_keeper.h"
#include "site.h"

#define PASS_SECONDS	300	/* a process's longest run */

/* The mention process: both queues until they are empty. */
static int
run(const char *dbpath, pid_t keeper)
{
	struct db		 db;
	struct site		 site;
	struct arena		 a = { 0 };
	struct mention_ctx	 x;
	char			 err[512];
	time_t			 start = time(NULL);
	int			 got, rc = 0;

	memset(&site, 0, sizeof(site));
	if (getppid() != keeper)
		return 0;
	if (fetch_init() == -1 || db_open(&db, dbpath, 0, err,
	    sizeof(err)) == -1 || site_load(&db, &site) == -1) {
		fprintf(stderr, "quire: mentions: cannot start: %s\n", err);
		return 1;
	}
	memset(&x, 0, sizeof(x));
	x.db = &db;
	x.site = &site;
	x.arena = &a;
	x.fetch.allow_private = site.fetch_private;
	x.fetch.user_agent = arena_printf(&site.arena, "quire/%s (+%s)",
	    QUIRE_VERSION, site.base_url);
	do {
		x.now = time(NULL);
		got = mention_verify_next(&x);
		arena_reset(&a);
		if (got == 0) {
			x.now = time(NULL);
			got = mention_send_next(&x);
			arena_reset(&a);
		}
		if (got == -1)
			rc = 1;
	} while (got == 1 && time(NULL) - start < PASS_SECONDS);
	arena_free(&a);
	site_free(&site);
	db_close(&db);
	return rc;
}

void
mention_keeper_tick(struct mention_keeper *k, const char *dbpath,
    struct db *db, int64_t now, int stop)
{
	pid_t	 keeper;
	int	 status, rc;

	if (k->child > 0 && stop)
		(void)kill(k->child, SIGTERM);
	if (k->child > 0 && waitpid(k->child, &status, stop ? 0 : WNOHANG)
	    != 0)
		k->child = 0;
	if (stop || k->child > 0 || now < k->next)
		return;
	k->next = now + 1;
	if ((rc = db_mention_has_work(db)) == -1)
		k->next = now + 60;	/* logged; not every second */
	if (rc != 1)
		return;
	keeper = getpid();
	if ((k->child = fork()) == -1) {
		perror("quire: mentions: fork");
		k->child = 0;
		return;
	}
	if (k->child == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
#ifdef __linux__
		(void)prctl(PR_SET_NAME, "quire-mentions");
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		_exit(run(dbpath, keeper));
	}
}
