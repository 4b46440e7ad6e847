/* urlenc.c: percent-decoding, query strings, form bodies and cookies. */
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "urlenc.h"
#include "utf8.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode n bytes at s into dst (room for n bytes). Returns the decoded
 * length, or (size_t)-1 if an escape is malformed. If slash is not NULL,
 * *slash is set to 1 when a '/' came from %2F.
 */
static size_t
decode(const char *s, size_t n, int plus_is_space, char *dst, int *slash)
{
	size_t	 i, j;
	int	 hi, lo;

	for (i = j = 0; i < n; i++) {
		if (s[i] == '+' && plus_is_space) {
			dst[j++] = ' ';
			continue;
		}
		if (s[i] != '%') {
			dst[j++] = s[i];
			continue;
		}
		if (n - i < 3 ||
		    (hi = hexval((unsigned char)s[i + 1])) < 0 ||
		    (lo = hexval((unsigned char)s[i + 2])) < 0)
			return (size_t)-1;
		dst[j] = (char)(hi << 4 | lo);
		if (dst[j] == '/' && slash != NULL)
			*slash = 1;
		j++;
		i += 2;
	}
	return j;
}

int
url_decode(struct arena *a, const char *s, size_t n, int plus_is_space,
    char **out, size_t *outlen)
{
	char	*p;
	size_t	 len;

	p = arena_alloc(a, n + 1);
	if ((len = decode(s, n, plus_is_space, p, NULL)) == (size_t)-1)
		return -1;
	p[len] = '\0';
	*out = p;
	*outlen = len;
	return 0;
}

/* Returns 1 if the decoded path has no control characters, else 0. */
static int
path_clean(const char *s, size_t n)
{
	size_t	 i;

	if (!text_clean(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 0;
	return 1;
}

int
path_decode(struct arena *a, const char *s, size_t n, char **out)
{
	char	*p;
	size_t	 i, start, j, len;
	int	 slash = 0;

	p = arena_alloc(a, n + 1);
	j = 0;
	for (start = 0; start <= n; start = i + 1) {
		for (i = start; i < n && s[i] != '/'; i++)
			continue;
		len = decode(s + start, i - start, 0, p + j, &slash);
		if (len == (size_t)-1 || slash)
			return -1;
		if ((len == 1 && p[j] == '.') ||
		    (len == 2 && p[j] == '.' && p[j + 1] == '.'))
			return -1;
		j += len;
		if (i < n)
			p[j++] = '/';
	}
	if (!path_clean(p, j))
		return -1;
	p[j] = '\0';
	*out = p;
	return 0;
}

int
form_parse(struct arena *a, const char *s, size_t n, struct kv **head)
{
	struct kv	*first = NULL, **tail = &first, *kv;
	size_t		 i, start, eq;
	char		*key, *val;

	*head = NULL;
	for (start = 0; start < n; start = i + 1) {
		for (i = start; i < n && s[i] != '&'; i++)
			continue;
		if (i == start)
			continue;
		for (eq = start; eq < i && s[eq] != '='; eq++)
			continue;
		kv = arena_alloc(a, sizeof(*kv));
		if (url_decode(a, s + start, eq - start, 1, &key,
		    &kv->keylen) == -1)
			return -1;
		if (memchr(key, '\0', kv->keylen) != NULL ||
		    !utf8_valid(key, kv->keylen))
			return -1;
		if (eq == i) {
			val = arena_strndup(a, "", 0);
			kv->vallen = 0;
		} else if (url_decode(a, s + eq + 1, i - eq - 1, 1, &val,
		    &kv->vallen) == -1)
			return -1;
		kv->key = key;
		kv->val = val;
		kv->next = NULL;
		*tail = kv;
		tail = &kv->next;
	}
	*head = first;
	return 0;
}

/* RFC 7230 tchar: the characters allowed in a cookie name. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends one pair s[0..n) to the list at *tail if it is well formed. */
static int
cookie_pair(struct arena *a, const char *s, size_t n, struct kv ***tail)
{
	struct kv	*kv;
	size_t		 i, eq, vs, ve;

	for (eq = 0; eq < n && s[eq] != '='; eq++)
		continue;
	if (eq == n)
		return 0;
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 0;
	for (vs = 0; vs < eq && is_ows(s[vs]); vs++)
		continue;
	for (ve = eq; ve > vs && is_ows(s[ve - 1]); ve--)
		continue;
	if (vs == ve)
		return 0;
	for (i = vs; i < ve; i++)
		if (!is_tchar((unsigned char)s[i]))
			return 0;
	kv = arena_alloc(a, sizeof(*kv));
	kv->key = arena_strndup(a, s + vs, ve - vs);
	kv->keylen = ve - vs;
	for (vs = eq + 1; vs < n && is_ows(s[vs]); vs++)
		continue;
	for (ve = n; ve > vs && is_ows(s[ve - 1]); ve--)
		continue;
	if (ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') {
		vs++;
		ve--;
	}
	kv->val = arena_strndup(a, s + vs, ve - vs);
	kv->vallen = ve - vs;
	kv->next = NULL;
	**tail = kv;
	*tail = &kv->next;
	return 1;
}

int
cookie_parse(struct arena *a, const char *header, struct kv **head)
{
	struct kv	*first = NULL, **tail = &first;
	size_t		 i, start, n;
	int		 count = 0;

	*head = NULL;
	if (header == NULL)
		return 0;
	n = strlen(header);
	for (start = 0; start < n; start = i + 1) {
		for (i = start; i < n && header[i] != ';'; i++)
			continue;
		count += cookie_pair(a, header + start, i - start, &tail);
		if (count > COOKIE_MAX)
			return -1;
	}
	*head = first;
	return 0;
}

const struct kv *
kv_find(const struct kv *kv, const char *key)
{
	size_t	 len = strlen(key);

	for (; kv != NULL; kv = kv->next)
		if (kv->keylen == len && memcmp(kv->key, key, len) == 0)
			return kv;
	return NULL;
}

const char *
kv_get(const struct kv *kv, const char *key)
{
	return (kv = kv_find(kv, key)) == NULL ? NULL : kv->val;
}

int
kv_count(const struct kv *kv, const char *key)
{
	int	 count = 0;

	for (; (kv = kv_find(kv, key)) != NULL; kv = kv->next)
		count++;
	return count;
}
