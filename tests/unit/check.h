/* check.h: the unit tests' tiny harness (kcgi regress style). */
#ifndef QUIRE_CHECK_H
#define QUIRE_CHECK_H

#include <stdio.h>
#include <unistd.h>

struct check {
	int	 n, passed, failed;
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

/* Print the closing line; the exit status for main. */
static inline int
check_done(const struct check *c)
{
	printf("%d passed, %d failed\n", c->passed, c->failed);
	return c->failed ? 1 : 0;
}

#endif
