/* comment_policy.c: what a comment must be, and what the site's policy
   makes of it (held, spam or approved). Pure functions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "comment_policy.h"
#include "i18n.h"
#include "pages.h"
#include "site.h"
#include "url.h"
#include "utf8.h"

/* -- the fields ------------------------------------------------------------ */

/* Trim white space at both ends (in the arena). */
static const char *
trim(struct arena *a, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

/* A field as text: the arena copy of (s, n), trimmed unless raw, or a
   showable copy with *bad set when it is not text. */
static const char *
text(struct arena *a, const char *s, size_t n, int raw, int *bad)
{
	if (s == NULL) {
		*bad = 0;
		return "";
	}
	if ((*bad = !text_clean(s, n)))
		return utf8_showable(a, s, n);
	return raw ? arena_strndup(a, s, n) : trim(a, s, n);
}

static int
email_ok(const char *e)
{
	const char	*at, *dot, *p;

	if ((at = strchr(e, '@')) == NULL || at == e || strchr(at + 1, '@'))
		return 0;
	if ((dot = strrchr(at, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0')
		return 0;
	for (p = e; *p; p++)
		if (*p == ' ' || *p == '<' || *p == '>' || *p == '"' ||
		    *p == ',' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

static const char *
author_error(const char *s, int bad)
{
	if (bad)
		return N_("Your name holds characters that are not allowed "
		    "(control characters or invalid text).");
	if (*s == '\0')
		return N_("Please enter your name.");
	if (strpbrk(s, "\r\n") != NULL)
		return N_("Your name cannot hold line breaks.");
	if (strlen(s) > COMMENT_NAME_MAX)
		return N_("Your name is too long (200 characters at most).");
	return NULL;
}

static const char *
email_error(const char *s, int bad)
{
	if (bad || (*s != '\0' && !email_ok(s)))
		return N_("Please enter a valid email address.");
	if (*s == '\0')
		return N_("Please enter your email address. It will not be "
		    "published.");
	if (strlen(s) > COMMENT_EMAIL_MAX)
		return N_("Your email address is too long.");
	return NULL;
}

/* The website: "example.org" is taken as http://example.org; an address
   in error stays as it was typed. */
static const char *
url_check(struct arena *a, const char **url, int bad)
{
	const char	*p, *with;

	if (bad)
		return N_("Your website address holds characters that are not "
		    "allowed (control characters or invalid text).");
	if (**url == '\0')
		return NULL;
	if (strstr(*url, "://") == NULL && !url_has_scheme(*url)) {
		with = arena_printf(a, "http://%s", *url);
		if ((p = url_http_problem(with)) == NULL)
			*url = with;
	} else
		p = url_http_problem(*url);
	if (p == NULL && strlen(*url) > COMMENT_URL_MAX)
		p = N_("That website address is too long.");
	return p;
}

static const char *
text_error(struct arena *a, const char *s, size_t n, int bad)
{
	if (bad)
		return N_("Your comment holds characters that are not allowed "
		    "(control characters or invalid text). Please remove them "
		    "and send it again.");
	if (*trim(a, s, n) == '\0')
		return N_("Please type your comment.");
	if (n > COMMENT_TEXT_MAX)
		/* {n} and {max} are filled where it is shown. */
		return N_("Your comment is {n} bytes; the limit is {max}. "
		    "Please shorten it.");
	return NULL;
}

int
comment_validate(struct arena *a, const struct comment_raw *in,
    struct comment_submit *s)
{
	char	*end;
	int	 bad;

	memset(s, 0, sizeof(*s));
	s->author = text(a, in->author, in->author_len, 0, &bad);
	s->err_author = author_error(s->author, bad);
	s->email = text(a, in->email, in->email_len, 0, &bad);
	s->err_email = email_error(s->email, bad);
	s->url = text(a, in->url, in->url_len, 0, &bad);
	s->err_url = url_check(a, &s->url, bad);
	s->comment = text(a, in->comment, in->comment_len, 1, &bad);
	s->err_comment = text_error(a, s->comment, in->comment_len, bad);
	s->save = in->save;
	if (in->parent != NULL && *in->parent != '\0') {
		s->parent_id = strtoll(in->parent, &end, 10);
		if (*end != '\0' || s->parent_id < 0)
			s->parent_id = -1;
	}
	return (s->err_author != NULL) + (s->err_email != NULL) +
	    (s->err_url != NULL) + (s->err_comment != NULL);
}

/* -- the policy ------------------------------------------------------------ */

static int
contains_ci(const char *hay, const char *needle, size_t n)
{
	size_t	 i, hn = strlen(hay);

	if (n == 0 || n > hn)
		return 0;
	for (i = 0; i + n <= hn; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Does a line of the blocklist match the address or a field? */
static int
blocked(const char *list, const struct comment_submit *s, const char *addr)
{
	const char	*p, *e, *t;
	size_t		 n;

	for (p = list; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		t = e;
		while (p < t && isspace((unsigned char)*p))
			p++;
		while (t > p && isspace((unsigned char)t[-1]))
			t--;
		n = (size_t)(t - p);
		if (n == 0)
			continue;
		if ((strlen(addr) == n && strncmp(addr, p, n) == 0) ||
		    contains_ci(s->author, p, n) ||
		    contains_ci(s->email, p, n) || contains_ci(s->url, p, n) ||
		    contains_ci(s->comment, p, n))
			return 1;
	}
	return 0;
}

static int
count_links(const char *html)
{
	int		 n = 0;
	const char	*p;

	for (p = html; (p = strstr(p, "<a ")) != NULL; p += 3)
		n++;
	return n;
}

enum comment_status
comment_policy(const struct site *site, const struct comment_submit *s,
    const char *addr, const char *html, int honeypot, int same_net,
    int trusted)
{
	if (honeypot || blocked(site->blocklist, s, addr))
		return COMMENT_SPAM;
	if (site->moderation == MOD_ALL || !same_net ||
	    count_links(html) > site->link_limit)
		return COMMENT_PENDING;
	if (site->moderation == MOD_FIRST && !trusted)
		return COMMENT_PENDING;
	return COMMENT_APPROVED;
}

enum comment_status
comment_edit_status(enum comment_status old_status, int moderated,
    enum comment_status policy)
{
	if (old_status == COMMENT_SPAM || policy == COMMENT_SPAM)
		return COMMENT_SPAM;
	if (old_status != COMMENT_APPROVED || policy != COMMENT_APPROVED ||
	    moderated)
		return COMMENT_PENDING;
	return COMMENT_APPROVED;
}

void
comment_fingerprint(const struct comment_submit *s, int64_t post_id,
    unsigned char out[16])
{
	crypto_generichash_state	 st;
	char				 ids[64];

	(void)snprintf(ids, sizeof(ids), "%lld/%lld", (long long)post_id,
	    s->parent_id);
	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)ids,
	    strlen(ids) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->author,
	    strlen(s->author) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->email,
	    strlen(s->email) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->comment,
	    strlen(s->comment));
	crypto_generichash_final(&st, out, 16);
}
