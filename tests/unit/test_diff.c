/* test_diff.c: unit tests for diff.c (the word diff of revisions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "diff.h"
#include "html.h"

static void
expect(struct check *c, struct arena *a, const char *old, const char *new,
    const char *want, int want_changes)
{
	const struct html	*h;
	int			 n = -1;

	h = diff_words(a, old, new, &n);
	CHECK(c, strcmp(html_str(h), want) == 0 && n == want_changes,
	    "diff '%s' -> '%s': got '%s' (%d changes)", old, new, html_str(h),
	    n);
}

int
main(void)
{
	struct check	 c = { 0, 0, 0, 0 };
	struct arena	 a = { 0 };
	struct buf	*unused = NULL;
	char		*big1, *big2;
	const struct html *h;
	size_t		 i;

	(void)unused;
	expect(&c, &a, "", "", "", 0);
	expect(&c, &a, "same words", "same words", "same words", 0);
	expect(&c, &a, "", "new", "<ins>new</ins>", 1);
	expect(&c, &a, "old", "", "<del>old</del>", 1);
	expect(&c, &a, "the quick fox", "the slow fox",
	    "the <del>quick</del><ins>slow</ins> fox", 2);
	expect(&c, &a, "a b c", "a c", "a <del>b </del>c", 1);
	expect(&c, &a, "a c", "a b c", "a <ins>b </ins>c", 1);
	expect(&c, &a, "<script>", "<b>&",
	    "<del>&lt;script&gt;</del><ins>&lt;b&gt;&amp;</ins>", 2);
	/* The marker bytes in a text are not markup. */
	expect(&c, &a, "x\x01y", "x\x01y", "x y", 0);
	/* Too different for DIFF_MAX_EDITS: all out, all in, no crash. */
	big1 = malloc(200000);
	big2 = malloc(200000);
	for (i = 0; i + 2 < 200000; i += 2) {
		big1[i] = 'a' + (char)(i % 7);
		big2[i] = 'a' + (char)(i % 5);
		big1[i + 1] = big2[i + 1] = ' ';
	}
	big1[i] = big2[i] = '\0';
	h = diff_words(&a, big1, big2, NULL);
	CHECK(&c, strncmp(html_str(h), "<del>", 5) == 0 &&
	    strstr(html_str(h), "<ins>") != NULL, "a large diff is made");
	free(big1);
	free(big2);
	arena_free(&a);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? 1 : 0;
}
