/* diff.c: a word diff of two texts (Myers, "An O(ND) Difference Algorithm
   and Its Variations", 1986: the greedy forward search, its trace kept
   to walk back the edit script). */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diff.h"
#include "html.h"

struct words {
	const char	**w;
	size_t		 *len;
	int		  n;
};

/* Split s into words and runs of white space, in the arena. The marker
   bytes html_diff reads (\x01..\x04) are made spaces first. */
static void
split(struct arena *a, const char *s, struct words *ws)
{
	size_t	 n = strlen(s), i = 0, j;
	char	*c;
	int	 cap = 16, sp;

	c = arena_strndup(a, s, n);
	for (j = 0; j < n; j++)
		if (c[j] >= '\x01' && c[j] <= '\x04')
			c[j] = ' ';
	ws->n = 0;
	ws->w = arena_alloc(a, sizeof(*ws->w) * (size_t)cap);
	ws->len = arena_alloc(a, sizeof(*ws->len) * (size_t)cap);
	while (i < n) {
		sp = c[i] == ' ' || c[i] == '\n' || c[i] == '\t' ||
		    c[i] == '\r';
		for (j = i + 1; j < n; j++)
			if ((c[j] == ' ' || c[j] == '\n' || c[j] == '\t' ||
			    c[j] == '\r') != sp)
				break;
		if (ws->n == cap) {
			int	 c2 = cap;

			ws->w = arena_grow(a, ws->w, sizeof(*ws->w), ws->n,
			    &cap);
			ws->len = arena_grow(a, ws->len, sizeof(*ws->len),
			    ws->n, &c2);
		}
		ws->w[ws->n] = c + i;
		ws->len[ws->n] = j - i;
		ws->n++;
		i = j;
	}
}

static int
same(const struct words *a, int i, const struct words *b, int j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->w[i], b->w[j], a->len[i]) == 0;
}

/* One step of the script: 0 keep, 1 delete (from a), 2 insert (from b). */
static void
emit(struct buf *out, int *state, int op, const char *w, size_t n,
    int *changes)
{
	static const char *const open[] = { "", "\x03", "\x01" };
	static const char *const close[] = { "", "\x04", "\x02" };

	if (op != *state) {
		buf_puts(out, close[*state]);
		buf_puts(out, open[op]);
		if (op != 0)
			(*changes)++;
		*state = op;
	}
	buf_add(out, w, n);
}

/*
 * The edit script from Myers' trace: v[d] holds, for each diagonal k in
 * [-d, d], the furthest x reached with d edits. Walked back from the
 * end, then replayed forwards into ops (0 keep, 1 del, 2 ins).
 */
static int
script(struct arena *ar, const struct words *a, const struct words *b,
    unsigned char **ops_out, int *nops)
{
	int	 n = a->n, m = b->n, max = n + m, d, k, x, y, off;
	int	**v, *cur, *prev, nops_, cap;
	unsigned char *ops;

	if (max > 2 * DIFF_MAX_EDITS + 2 * 200000)
		return -1;
	v = arena_alloc(ar, sizeof(*v) * (size_t)(DIFF_MAX_EDITS + 1));
	for (d = 0; d <= max && d <= DIFF_MAX_EDITS; d++) {
		off = d;
		cur = arena_alloc(ar, sizeof(int) * (size_t)(2 * d + 1));
		v[d] = cur;
		prev = d > 0 ? v[d - 1] : NULL;
		for (k = -d; k <= d; k += 2) {
			if (d == 0)
				x = 0;
			else if (k == -d || (k != d && prev[k - 1 + d - 1] <
			    prev[k + 1 + d - 1]))
				x = prev[k + 1 + d - 1];	/* down: insert */
			else
				x = prev[k - 1 + d - 1] + 1;	/* right: delete */
			y = x - k;
			while (x < n && y < m && same(a, x, b, y))
				x++, y++;
			cur[k + off] = x;
			if (x >= n && y >= m)
				goto found;
		}
	}
	return -1;
found:
	/* Walk back: at each d, which way did we come? */
	cap = n + m + 1;
	ops = arena_alloc(ar, (size_t)cap);
	nops_ = cap;
	x = n, y = m;
	for (; d > 0; d--) {
		int	 px, py, pk, ex, ey;

		k = x - y;
		prev = v[d - 1];
		if (k == -d || (k != d && prev[k - 1 + d - 1] <
		    prev[k + 1 + d - 1]))
			pk = k + 1;	/* came down: an insert */
		else
			pk = k - 1;	/* came right: a delete */
		px = prev[pk + d - 1];
		py = px - pk;
		ex = pk == k + 1 ? px : px + 1;
		ey = pk == k + 1 ? py + 1 : py;
		while (x > ex && y > ey) {
			ops[--nops_] = 0;
			x--, y--;
		}
		ops[--nops_] = pk == k + 1 ? 2 : 1;
		x = px, y = py;
	}
	while (x > 0 && y > 0) {
		ops[--nops_] = 0;
		x--, y--;
	}
	*ops_out = ops + nops_;
	*nops = cap - nops_;
	return 0;
}

const struct html *
diff_words(struct arena *ar, const char *old, const char *new, int *changes)
{
	struct words	 a, b;
	struct buf	 out = { 0 };
	unsigned char	*ops;
	const struct html *h;
	int		 i, j, t, nops, state = 0, nch = 0;

	split(ar, old, &a);
	split(ar, new, &b);
	if (script(ar, &a, &b, &ops, &nops) == 0) {
		for (t = 0, i = 0, j = 0; t < nops; t++) {
			if (ops[t] == 0) {
				emit(&out, &state, 0, a.w[i], a.len[i], &nch);
				i++, j++;
			} else if (ops[t] == 1) {
				emit(&out, &state, 1, a.w[i], a.len[i], &nch);
				i++;
			} else {
				emit(&out, &state, 2, b.w[j], b.len[j], &nch);
				j++;
			}
		}
	} else {
		for (i = 0; i < a.n; i++)
			emit(&out, &state, 1, a.w[i], a.len[i], &nch);
		for (j = 0; j < b.n; j++)
			emit(&out, &state, 2, b.w[j], b.len[j], &nch);
	}
	emit(&out, &state, 0, "", 0, &nch);
	h = html_diff(ar, buf_str(&out));
	buf_free(&out);
	if (changes != NULL)
		*changes = nch;
	return h;
}
