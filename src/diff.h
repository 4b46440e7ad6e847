/* diff.h: a word diff of two texts, made by quire (Myers' O(ND)). */
#ifndef QUIRE_DIFF_H
#define QUIRE_DIFF_H

struct arena;
struct html;

/*
 * Compare old and new word by word (a word: a run of non-space bytes or
 * of spaces; each kept whole). Returns HTML in the arena: the common
 * words escaped, removed ones in <del>, added ones in <ins>. Texts so
 * different that the edit script passes DIFF_MAX_EDITS come out as the
 * whole old text deleted and the whole new one inserted. *changes, if
 * not NULL, is set to the number of changed runs (0: the same).
 */
#define DIFF_MAX_EDITS	4000
const struct html *diff_words(struct arena *, const char *old,
	    const char *new, int *changes);

#endif
