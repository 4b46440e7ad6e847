/* fuzz_multipart.c: the multipart/form-data parser, fed in pieces. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

/* The callbacks check the order: begin, data..., end. */
struct order {
	int	 in;
	size_t	 bytes;
};

static int
on_begin(void *arg, const struct mp_part *p)
{
	struct order	*o = arg;

	if (o->in || p->name == NULL || p->type == NULL ||
	    strlen(p->name) >= MP_NAME_MAX)
		abort();
	o->in = 1;
	return 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	struct order	*o = arg;

	if (!o->in || n == 0)
		abort();
	o->bytes += n;
	(void)p[n - 1];
	return 0;
}

static int
on_end(void *arg)
{
	struct order	*o = arg;

	if (!o->in)
		abort();
	o->in = 0;
	return 0;
}

/*
 * Input: one byte for the size of the pieces, the boundary up to a
 * newline, then the body.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct multipart	 mp;
	struct order		 o = { 0, 0 };
	struct mp_cb		 cb = { on_begin, on_data, on_end, &o };
	char			 ct[128], b[MP_BOUNDARY_MAX + 1];
	const uint8_t		*nl;
	size_t			 piece, k, blen;

	if (n < 2)
		return 0;
	piece = 1 + data[0] % 64 * (data[0] > 200 ? 1000 : 1);
	data++, n--;
	if ((nl = memchr(data, '\n', n < 80 ? n : 80)) == NULL)
		return 0;
	blen = (size_t)(nl - data);
	memcpy(ct, "multipart/form-data; boundary=", 30);
	memcpy(ct + 30, data, blen);
	ct[30 + blen] = '\0';
	(void)multipart_boundary(ct, b, sizeof(b));
	if (multipart_init(&mp, ct, &cb) == -1)
		return 0;
	data = nl + 1;
	n -= blen + 1;
	for (; n > 0; data += k, n -= k) {
		k = n < piece ? n : piece;
		if (multipart_feed(&mp, (const char *)data, k) != 0)
			return 0;
	}
	if (multipart_finish(&mp) == 0 && o.in)
		abort();
	return 0;
}
