/* test_comment_policy.c: what a comment must be and what the policy
   makes of it (comment_policy.c), and id_parse. */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "comment_policy.h"
#include "http.h"
#include "pages.h"
#include "site.h"

static struct comment_raw
raw(const char *author, const char *email, const char *url, const char *text)
{
	struct comment_raw	 r = { 0 };

	r.author = author;
	r.author_len = author ? strlen(author) : 0;
	r.email = email;
	r.email_len = email ? strlen(email) : 0;
	r.url = url;
	r.url_len = url ? strlen(url) : 0;
	r.comment = text;
	r.comment_len = text ? strlen(text) : 0;
	return r;
}

static void
validate_tests(struct check *c, struct arena *a)
{
	struct comment_submit	 s;
	struct comment_raw	 in;

	in = raw("  Zo\xc3\xab  ", " z@example.org ", "example.org", " hi ");
	CHECK(c, comment_validate(a, &in, &s) == 0 &&
	    strcmp(s.author, "Zo\xc3\xab") == 0 &&
	    strcmp(s.email, "z@example.org") == 0 &&
	    strcmp(s.url, "http://example.org") == 0 &&
	    strcmp(s.comment, " hi ") == 0,
	    "a good form: trimmed, website made http://, text as typed");
	in = raw("", "nobody", "exa<mple>.org", "  ");
	CHECK(c, comment_validate(a, &in, &s) == 4, "four errors");
	CHECK(c, strcmp(s.url, "exa<mple>.org") == 0 &&
	    strstr(s.err_url, "cannot hold spaces") != NULL,
	    "a website in error stays as typed, and the error names the "
	    "characters: %s", s.err_url);
	in = raw("A", "a@b.cd", "javascript:alert(1)", "x");
	CHECK(c, comment_validate(a, &in, &s) == 1 &&
	    strstr(s.err_url, "starting with http://") != NULL &&
	    strcmp(s.url, "javascript:alert(1)") == 0,
	    "a scheme other than http(s) is refused, not prefixed");
	in = raw("A\nB", "a@b.cd", "https://", "x");
	CHECK(c, comment_validate(a, &in, &s) == 2 &&
	    strstr(s.err_author, "line breaks") != NULL &&
	    strstr(s.err_url, "no site name") != NULL, "line break, no host");
	in = raw("A", "a@b.cd", NULL, "bell \x01");
	CHECK(c, comment_validate(a, &in, &s) == 1 &&
	    strstr(s.err_comment, "not allowed") != NULL,
	    "a control character in the text");
	in = raw("A", "a@b.cd", NULL, "x");
	in.parent = "2abc";
	CHECK(c, comment_validate(a, &in, &s) == 0 && s.parent_id == -1,
	    "a parent that is no id");
}

static void
policy_tests(struct check *c)
{
	struct site		 site = { 0 };
	struct comment_submit	 s = { 0 };
	const char		*two = "<a href=x>1</a><a href=y>2</a>";

	site.moderation = MOD_NONE;
	site.link_limit = 1;
	site.blocklist = "  casino \n\n203.0.113.9\n";
	s.author = "Ann";
	s.email = "ann@example.org";
	s.url = "";
	s.comment = "Hello";
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "<p>x</p>", 0,
	    1, 0) == COMMENT_APPROVED, "nothing to hold");
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "", 1, 1, 1) ==
	    COMMENT_SPAM, "the honeypot: spam");
	CHECK(c, comment_policy(&site, &s, "203.0.113.9", "", 0, 1, 1) ==
	    COMMENT_SPAM, "a blocked address: spam");
	s.comment = "My CASINO";
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "", 0, 1, 1) ==
	    COMMENT_SPAM, "a blocked word, any case: spam");
	s.comment = "Hello";
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", two, 0, 1, 1) ==
	    COMMENT_PENDING, "over the link limit: held");
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "", 0, 0, 1) ==
	    COMMENT_PENDING, "a token from another network: held");
	site.moderation = MOD_FIRST;
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "", 0, 1, 0) ==
	    COMMENT_PENDING && comment_policy(&site, &s, "192.0.2.1", "", 0,
	    1, 1) == COMMENT_APPROVED, "first-time held, returning not");
	site.moderation = MOD_ALL;
	CHECK(c, comment_policy(&site, &s, "192.0.2.1", "", 0, 1, 1) ==
	    COMMENT_PENDING, "everything held");

	CHECK(c, comment_edit_status(COMMENT_APPROVED, 0, COMMENT_APPROVED) ==
	    COMMENT_APPROVED, "an edit the policy approves stays approved");
	CHECK(c, comment_edit_status(COMMENT_APPROVED, 1, COMMENT_APPROVED) ==
	    COMMENT_PENDING, "a moderator's approval is not kept by an edit");
	CHECK(c, comment_edit_status(COMMENT_APPROVED, 0, COMMENT_PENDING) ==
	    COMMENT_PENDING, "an edit the policy holds is held");
	CHECK(c, comment_edit_status(COMMENT_PENDING, 0, COMMENT_APPROVED) ==
	    COMMENT_PENDING && comment_edit_status(COMMENT_SPAM, 0,
	    COMMENT_APPROVED) == COMMENT_SPAM, "an edit never approves");
	CHECK(c, comment_edit_status(COMMENT_APPROVED, 0, COMMENT_SPAM) ==
	    COMMENT_SPAM, "an edit the policy calls spam is spam");
}

static void
fingerprint_tests(struct check *c)
{
	struct comment_submit	 s = { 0 };
	unsigned char		 a[16], b[16];

	s.author = "Ann";
	s.email = "ann@example.org";
	s.comment = "Hello";
	comment_fingerprint(&s, 7, a);
	comment_fingerprint(&s, 7, b);
	CHECK(c, memcmp(a, b, 16) == 0, "the same form, the same fingerprint");
	comment_fingerprint(&s, 8, b);
	CHECK(c, memcmp(a, b, 16) != 0, "another post, another fingerprint");
	s.comment = "Hello!";
	comment_fingerprint(&s, 7, b);
	CHECK(c, memcmp(a, b, 16) != 0, "another text, another fingerprint");
}

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };

	validate_tests(&c, &a);
	policy_tests(&c);
	fingerprint_tests(&c);
	CHECK(&c, id_parse("42") == 42 && id_parse("2abc") == -1 &&
	    id_parse("") == -1 && id_parse(NULL) == -1 && id_parse("0") == -1 &&
	    id_parse("-3") == -1 && id_parse("+3") == -1 &&
	    id_parse(" 3") == -1 && id_parse("1234567890123456789") == -1 &&
	    id_parse("123456789012345678") == 123456789012345678LL,
	    "id_parse: digits only, 1 to 18 of them, not 0");
	CHECK(&c, page_parse("3", 10) == 3 && page_parse("2abc", 10) == 1 &&
	    page_parse(NULL, 10) == 1 && page_parse("11", 10) == 1 &&
	    page_parse("0", 10) == 1 && page_parse("-2", 10) == 1,
	    "page_parse: digits alone, 1 to max, else page 1");
	arena_free(&a);
	return check_done(&c);
}
