/*
 * fuzz_media.c: the parts of media.c that read bytes before libvips does:
 * the format sniffer, the WebP metadata stripper (its output is a whole
 * RIFF file no longer than its input, and stripping twice changes
 * nothing), and the /media/ name check (a name it accepts never leaves
 * the directory).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	unsigned char	*p;
	char		*s;
	size_t		 m, m2;

	(void)media_sniff(data, n);
	if ((p = malloc(n + 1)) == NULL)
		abort();
	memcpy(p, data, n);
	m = media_webp_strip(p, n);
	if (m > n)
		abort();
	m2 = media_webp_strip(p, m);
	if (m2 != m)
		abort();
	free(p);
	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	if (media_file_type(s) != NULL && (strstr(s, "..") != NULL ||
	    s[0] == '/' || strchr(s + 3, '/') != NULL))
		abort();
	free(s);
	return 0;
}
