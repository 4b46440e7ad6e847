/* test_mail.c: unit tests for mail.c: messages (headers encoded and
   folded, no header injection, quoted-printable bodies), tokens, and
   mail_send with a real /bin/sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "check.h"
#include "mail.h"

/* The header block of a message (up to the blank line). */
static const char *
headers(const struct buf *b, char *out, size_t n)
{
	const char	*end = strstr(buf_str(b), "\n\n");
	size_t		 len = end ? (size_t)(end - b->p) + 1 : 0;

	if (len >= n)
		len = n - 1;
	memcpy(out, b->p, len);
	out[len] = '\0';
	return out;
}

/* Whether every header line is a field ("Name: ") or a continuation
   (starts with a space), none over 78 columns (998 at most). */
static int
well_formed(const char *h, size_t *longest)
{
	const char	*p = h, *e;
	size_t		 n;

	*longest = 0;
	for (; *p != '\0'; p = e + 1) {
		e = strchr(p, '\n');
		if (e == NULL)
			return 0;
		n = (size_t)(e - p);
		if (n > *longest)
			*longest = n;
		if (*p != ' ' && (memchr(p, ':', n) == NULL ||
		    memchr(p, ' ', n) < (void *)memchr(p, ':', n)))
			return 0;
	}
	return 1;
}

static void
test_format(struct check *c)
{
	struct mail_msg	 m;
	struct buf	 b = { 0 };
	char		 h[8192];
	size_t		 longest;

	memset(&m, 0, sizeof(m));
	m.from_name = "My \"quoted\" blog";
	m.from = "blog@example.org";
	m.to_name = "Zoë Ünïcode";
	m.to = "zoe@example.org";
	m.subject = "Hello\r\nBcc: victim@example.org\r\n\r\nbody";
	m.body = "line one\nlé ünïcödé = equals\ntrailing space \n";
	m.date = 0;
	m.message_id = "<1@example.org>";
	CHECK(c, mail_format(&b, &m) == 0, "a message is formatted");
	headers(&b, h, sizeof(h));
	CHECK(c, strstr(h, "\nBcc:") == NULL, "CR/LF in a subject makes no "
	    "header");
	CHECK(c, strstr(h, "Subject: Hello  Bcc: victim@example.org    body"
	    "\n") != NULL, "the subject keeps its text on one line: %s", h);
	CHECK(c, strstr(h, "Date: Thu, 01 Jan 1970 00:00:00 +0000\n") != NULL,
	    "Date in RFC 5322 form");
	CHECK(c, strstr(h, "From: \"My \\\"quoted\\\" blog\" "
	    "<blog@example.org>\n") != NULL, "From name quoted");
	CHECK(c, strstr(h, "To: =?UTF-8?B?") != NULL, "non-ASCII name as an "
	    "encoded word");
	CHECK(c, strstr(h, "Content-Type: text/plain; charset=utf-8\n") !=
	    NULL && strstr(h, "Content-Transfer-Encoding: quoted-printable\n")
	    != NULL && strstr(h, "MIME-Version: 1.0\n") != NULL, "MIME");
	CHECK(c, strstr(h, "List-Unsubscribe") == NULL, "no List-Unsubscribe "
	    "unless asked");
	CHECK(c, strstr(buf_str(&b), "\n\nline one\nl=C3=A9 =C3=BC") != NULL,
	    "body quoted-printable: %s", buf_str(&b));
	CHECK(c, strstr(buf_str(&b), "=3D equals\n") != NULL, "= encoded");
	CHECK(c, strstr(buf_str(&b), "trailing space=20\n") != NULL,
	    "trailing space encoded");
	CHECK(c, well_formed(h, &longest) && longest <= 78, "header lines "
	    "well formed, at most 78 columns (%zu)", longest);

	/* A long non-ASCII subject: folded encoded words. */
	buf_reset(&b);
	m.subject = "Ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé "
	    "ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé ünïcödé";
	m.unsubscribe = "https://example.org/email/unsubscribe?t=abc";
	CHECK(c, mail_format(&b, &m) == 0, "long subject formatted");
	headers(&b, h, sizeof(h));
	CHECK(c, well_formed(h, &longest) && longest <= 78, "folded under 78 "
	    "(%zu)", longest);
	CHECK(c, strstr(h, "List-Unsubscribe: <https://example.org/email/"
	    "unsubscribe?t=abc>\nList-Unsubscribe-Post: List-Unsubscribe="
	    "One-Click\n") != NULL, "RFC 8058 headers");

	/* Addresses that would inject: refused, nothing written. */
	buf_reset(&b);
	m.to = "a@b.org\nBcc: c@d.org";
	CHECK(c, mail_format(&b, &m) == -1 && b.len == 0, "a To with LF is "
	    "refused");
	m.to = "Name <a@b.org>";
	CHECK(c, mail_format(&b, &m) == -1, "a To with <> is refused");
	m.to = "a@b.org";
	m.unsubscribe = "https://x/\r\nBcc: y";
	CHECK(c, mail_format(&b, &m) == -1, "an unsubscribe URL with CRLF "
	    "is refused");
	CHECK(c, mail_addr_ok("a@b.org") && !mail_addr_ok("a@") &&
	    !mail_addr_ok("@b") && !mail_addr_ok("a b@c.org") &&
	    !mail_addr_ok("a@b@c") && !mail_addr_ok(""), "addresses");

	/* Long body lines: soft breaks, no line over 76. */
	buf_reset(&b);
	mail_qp(&b, "0123456789012345678901234567890123456789012345678901234"
	    "5678901234567890123456789012345678901234567890123456789 é\n");
	{
		const char	*p = buf_str(&b), *e;
		size_t		 most = 0;

		for (; (e = strchr(p, '\n')) != NULL; p = e + 1)
			if ((size_t)(e - p) > most)
				most = (size_t)(e - p);
		CHECK(c, most <= 76 && strstr(buf_str(&b), "=\n") != NULL,
		    "quoted-printable lines at most 76 (%zu)", most);
	}
	buf_free(&b);
}

static void
test_tokens(struct check *c)
{
	unsigned char	 key[32], other[32];
	char		 t[MAIL_TOKEN_CHARS + 1], bad[MAIL_TOKEN_CHARS + 1];
	int64_t		 id;

	randombytes_buf(key, sizeof(key));
	randombytes_buf(other, sizeof(other));
	mail_token_make(key, MAIL_TOKEN_MODERATE, 42, 1000, t);
	CHECK(c, strlen(t) == MAIL_TOKEN_CHARS, "token length %zu", strlen(t));
	CHECK(c, mail_token_check(key, MAIL_TOKEN_MODERATE, t, 999, &id) ==
	    MAIL_TOKEN_OK && id == 42, "a token checks, with its id");
	CHECK(c, mail_token_check(key, MAIL_TOKEN_MODERATE, t, 1001, &id) ==
	    MAIL_TOKEN_EXPIRED, "expired after its time");
	CHECK(c, mail_token_check(key, MAIL_TOKEN_UNSUBSCRIBE, t, 999, &id) ==
	    MAIL_TOKEN_BAD, "a token of another kind is refused");
	CHECK(c, mail_token_check(other, MAIL_TOKEN_MODERATE, t, 999, &id) ==
	    MAIL_TOKEN_BAD, "another site's key: refused");
	memcpy(bad, t, sizeof(bad));
	bad[20] = bad[20] == 'A' ? 'B' : 'A';
	CHECK(c, mail_token_check(key, MAIL_TOKEN_MODERATE, bad, 999, &id) ==
	    MAIL_TOKEN_BAD, "a changed token is refused");
	CHECK(c, mail_token_check(key, MAIL_TOKEN_MODERATE, NULL, 999, &id) ==
	    MAIL_TOKEN_BAD && mail_token_check(key, MAIL_TOKEN_MODERATE, "x",
	    999, &id) == MAIL_TOKEN_BAD, "missing or short tokens refused");
}

static void
test_send(struct check *c)
{
	char	 err[1024], path[] = "/tmp/quire-test-mail-XXXXXX";
	char	 cmd[256], got[64];
	FILE	*f;
	int	 fd;
	size_t	 n;

	if ((fd = mkstemp(path)) == -1) {
		CHECK_SKIP(c, "mkstemp failed");
		return;
	}
	close(fd);
	(void)snprintf(cmd, sizeof(cmd), "cat > %s", path);
	CHECK(c, mail_send(cmd, "To: a@b.org\n\nhi\n", 16, 10, err,
	    sizeof(err)) == 0, "cat takes the message: %s", err);
	f = fopen(path, "r");
	n = f ? fread(got, 1, sizeof(got) - 1, f) : 0;
	got[n] = '\0';
	if (f)
		fclose(f);
	CHECK(c, strcmp(got, "To: a@b.org\n\nhi\n") == 0, "the message went "
	    "to its standard input whole");
	unlink(path);
	CHECK(c, mail_send("echo no such user >&2; exit 67", "x", 1, 10, err,
	    sizeof(err)) == -1 && strcmp(err, "exit status 67: no such user")
	    == 0, "a failure says its status and stderr: %s", err);
	CHECK(c, mail_send("/nonexistent/sendmail -t", "x", 1, 10, err,
	    sizeof(err)) == -1 && strstr(err, "127") != NULL, "a missing "
	    "command: %s", err);
	CHECK(c, mail_send("sleep 30", "x", 1, 1, err, sizeof(err)) == -1 &&
	    strstr(err, "no answer after 1 seconds") != NULL, "a command that "
	    "hangs is stopped: %s", err);
	CHECK(c, mail_send("exec 0<&-; exit 0", "big", 3, 10, err,
	    sizeof(err)) == 0, "a command that reads nothing: no SIGPIPE");
}

int
main(void)
{
	struct check	 c = { 0, 0, 0, 0 };

	if (sodium_init() < 0)
		return 1;
	test_format(&c);
	test_tokens(&c);
	test_send(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? 1 : 0;
}
