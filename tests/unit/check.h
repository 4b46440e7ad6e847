/* check.h: the unit tests' tiny harness (kcgi regress style). */
#ifndef QUIRE_CHECK_H
#define QUIRE_CHECK_H

#include <stdio.h>
#include <unistd.h>

struct check {
	int	 n, passed, failed, skipped;
};

#define CHECK(c, cond, ...) do {					\
	(c)->n++;							\
	if (cond) {							\
		(c)->passed++;						\
		printf("ok %d - ", (c)->n);				\
	} else {							\
		(c)->failed++;						\
		printf("fail %d - ", (c)->n);				\
	}								\
	printf(__VA_ARGS__);						\
	putchar('\n');							\
} while (0)

/*
 * A test that cannot run here (its external data is absent) prints
 * "skip N - reason" and is counted apart: tests/check.sh adds the skips
 * to its closing line and shows the reasons.
 */
#define CHECK_SKIP(c, ...) do {						\
	(c)->n++;							\
	(c)->skipped++;							\
	printf("skip %d - ", (c)->n);					\
	printf(__VA_ARGS__);						\
	putchar('\n');							\
} while (0)

/* Remove a test's SQLite database with its -wal and -shm files. */
static inline void
check_rm_db(const char *path)
{
	char	 f[4096];

	(void)unlink(path);
	(void)snprintf(f, sizeof(f), "%s-wal", path);
	(void)unlink(f);
	(void)snprintf(f, sizeof(f), "%s-shm", path);
	(void)unlink(f);
}

/* Print the closing line ("N passed, N failed[, N skipped]"); the exit
   status for main. */
static inline int
check_done(const struct check *c)
{
	if (c->skipped > 0)
		printf("%d passed, %d failed, %d skipped\n", c->passed,
		    c->failed, c->skipped);
	else
		printf("%d passed, %d failed\n", c->passed, c->failed);
	return c->failed ? 1 : 0;
}

#endif
