/* be64.h: 64-bit big-endian integers in byte strings (signed tokens). */
#ifndef BE64_H
#define BE64_H

#include <stdint.h>

/* Write v at p[0..8), most significant byte first. */
static inline void
put64(unsigned char *p, uint64_t v)
{
	int	 i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* The value put64 wrote at p[0..8). */
static inline uint64_t
get64(const unsigned char *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

#endif
