/* check.h: the unit tests' tiny harness (kcgi regress style). */
#ifndef QUIRE_CHECK_H
#define QUIRE_CHECK_H

#include <stdio.h>

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

/* Print the closing line; the exit status for main. */
static inline int
check_done(const struct check *c)
{
	printf("%d passed, %d failed\n", c->passed, c->failed);
	return c->failed ? 1 : 0;
}

#endif
