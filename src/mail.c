/* mail.c: mail messages as RFC 5322 text, the signed tokens of their
   links, and handing a message to the system's sendmail (mail.h). */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "be64.h"
#include "buf.h"
#include "mail.h"
#include "utf8.h"

#define LINE_MAX_COLS	76	/* quoted-printable and folded headers */
#define WORD_BYTES	39	/* raw bytes in one encoded word (52 b64) */

/* -- headers ------------------------------------------------------------ */

int
mail_addr_ok(const char *s)
{
	const char	*at, *p;
	size_t		 n = strlen(s);

	if (n < 3 || n > 254 || (at = strchr(s, '@')) == NULL ||
	    at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL ||
	    at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127 ||
		    strchr("\"<>(),;:\\[]", *p) != NULL)
			return 0;
	return 1;
}

/* s with control characters made spaces and invalid UTF-8 made '?',
   into b (emptied first). Returns whether it is all ASCII. */
static int
clean_text(struct buf *b, const char *s)
{
	size_t		 n = strlen(s), i = 0, k;
	uint32_t	 cp;
	int		 ascii = 1;

	buf_reset(b);
	while (i < n) {
		if ((k = utf8_next(s + i, n - i, &cp)) == 0) {
			buf_putc(b, '?');
			i++;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029)
			buf_putc(b, ' ');
		else {
			buf_add(b, s + i, k);
			if (cp >= 0x80)
				ascii = 0;
		}
		i += k;
	}
	return ascii;
}

/* Encoded words for s (n bytes of valid UTF-8), folded. */
static void
encoded_words(struct buf *out, const char *s, size_t n)
{
	char		 b64[sodium_base64_ENCODED_LEN(WORD_BYTES,
			    sodium_base64_VARIANT_ORIGINAL)];
	size_t		 i = 0, k, take;
	uint32_t	 cp;
	int		 first = 1;

	while (i < n) {
		take = 0;
		while (i + take < n && (k = utf8_next(s + i + take,
		    n - i - take, &cp)) > 0 && take + k <= WORD_BYTES)
			take += k;
		if (take == 0)
			take = 1;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s +
		    i, take, sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(out, "\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		first = 0;
		i += take;
	}
}

void
mail_header_text(struct buf *out, const char *s, size_t used)
{
	struct buf	 b = { 0 };
	const char	*p, *sp;
	size_t		 col = used, w;
	int		 ascii;

	ascii = clean_text(&b, s);
	if (!ascii || strstr(buf_str(&b), "=?") != NULL) {
		encoded_words(out, b.p ? b.p : "", b.len);
		buf_free(&b);
		return;
	}
	/* ASCII: folded at spaces before 78 columns where it can be. */
	for (p = buf_str(&b); *p != '\0'; p = sp) {
		sp = p + 1 + strcspn(p + 1, " ");
		w = (size_t)(sp - p);
		if (col + w > 78 && col > used && *p == ' ') {
			buf_puts(out, "\n");
			col = 0;
		}
		buf_add(out, p, w);
		col += w;
	}
	buf_free(&b);
}

/* A mailbox: "Name" <addr>, the name quoted or encoded. */
static void
mailbox(struct buf *out, const char *name, const char *addr)
{
	struct buf	 b = { 0 };
	const char	*p;

	if (name != NULL && *name != '\0') {
		if (clean_text(&b, name) && strstr(buf_str(&b), "=?") ==
		    NULL && b.len < 60) {
			buf_putc(out, '"');
			for (p = buf_str(&b); *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_putc(out, '\\');
				buf_putc(out, *p);
			}
			buf_putc(out, '"');
		} else
			encoded_words(out, b.p ? b.p : "", b.len);
		buf_printf(out, " <%s>", addr);
	} else
		buf_puts(out, addr);
	buf_free(&b);
}

void
mail_date(struct buf *out, int64_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
mail_message_id(struct buf *out, const char *host)
{
	unsigned char	 r[12];
	char		 hex[25];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(hex, sizeof(hex), r, sizeof(r));
	buf_printf(out, "<%s.%lld@%s>", hex, (long long)time(NULL), host);
}

/* -- the body ------------------------------------------------------------- */

void
mail_qp(struct buf *out, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text, *eol;
	char			 enc[4];
	size_t			 col, w;
	int			 lit;

	while (*p != '\0') {
		eol = p + strcspn((const char *)p, "\n");
		for (col = 0; p < eol; p++) {
			lit = (*p >= 33 && *p <= 126 && *p != '=') ||
			    ((*p == ' ' || *p == '\t') && p + 1 < eol);
			if (*p == '\r')
				continue;
			if (lit) {
				enc[0] = (char)*p;
				w = 1;
			} else {
				(void)snprintf(enc, sizeof(enc), "=%02X", *p);
				w = 3;
			}
			if (col + w > LINE_MAX_COLS - 1) {
				buf_puts(out, "=\n");
				col = 0;
			}
			buf_add(out, enc, w);
			col += w;
		}
		buf_putc(out, '\n');
		if (*p == '\n')
			p++;
	}
}

/* -- the message ---------------------------------------------------------- */

int
mail_format(struct buf *out, const struct mail_msg *m)
{
	if (m->from == NULL || m->to == NULL || !mail_addr_ok(m->from) ||
	    !mail_addr_ok(m->to) || (m->unsubscribe != NULL &&
	    strpbrk(m->unsubscribe, " <>\r\n\t\"") != NULL))
		return -1;
	buf_puts(out, "Date: ");
	mail_date(out, m->date);
	buf_puts(out, "\nFrom: ");
	mailbox(out, m->from_name, m->from);
	buf_puts(out, "\nTo: ");
	mailbox(out, m->to_name, m->to);
	buf_puts(out, "\nSubject: ");
	mail_header_text(out, m->subject != NULL ? m->subject : "", 9);
	if (m->message_id != NULL && strpbrk(m->message_id, " \r\n\t") ==
	    NULL)
		buf_printf(out, "\nMessage-ID: %s", m->message_id);
	buf_puts(out, "\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "Auto-Submitted: auto-generated\n");
	if (m->unsubscribe != NULL)
		buf_printf(out, "List-Unsubscribe: <%s>\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
		    m->unsubscribe);
	buf_putc(out, '\n');
	mail_qp(out, m->body != NULL ? m->body : "");
	return 0;
}

/* -- tokens ----------------------------------------------------------------- */

#define TOKEN_VERSION	1
#define TBODY		(1 + 1 + 8 + 8)
#define TLEN		(TBODY + crypto_auth_BYTES)

static void
token_key(const unsigned char key[32], unsigned char out[32])
{
	crypto_kdf_derive_from_key(out, 32, 1, "quire-ml", key);
}

void
mail_token_make(const unsigned char key[32], enum mail_token_kind kind,
    int64_t id, int64_t expires, char *out)
{
	unsigned char	 t[TLEN], k[32];

	t[0] = TOKEN_VERSION;
	t[1] = (unsigned char)kind;
	put64(t + 2, (uint64_t)expires);
	put64(t + 10, (uint64_t)id);
	token_key(key, k);
	crypto_auth(t + TBODY, t, TBODY, k);
	sodium_memzero(k, sizeof(k));
	sodium_bin2base64(out, MAIL_TOKEN_CHARS + 1, t, TLEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum mail_token_verdict
mail_token_check(const unsigned char key[32], enum mail_token_kind kind,
    const char *token, int64_t now, int64_t *id)
{
	unsigned char	 t[TLEN], k[32];
	size_t		 n;
	int		 ok;

	*id = 0;
	if (token == NULL || strlen(token) != MAIL_TOKEN_CHARS ||
	    sodium_base642bin(t, sizeof(t), token, MAIL_TOKEN_CHARS, NULL, &n,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != TLEN)
		return MAIL_TOKEN_BAD;
	token_key(key, k);
	ok = crypto_auth_verify(t + TBODY, t, TBODY, k) == 0;
	sodium_memzero(k, sizeof(k));
	if (!ok || t[0] != TOKEN_VERSION || t[1] != (unsigned char)kind ||
	    get64(t + 10) > INT64_MAX || get64(t + 10) == 0)
		return MAIL_TOKEN_BAD;
	*id = (int64_t)get64(t + 10);
	if ((int64_t)get64(t + 2) < now)
		return MAIL_TOKEN_EXPIRED;
	return MAIL_TOKEN_OK;
}

/* -- sending ---------------------------------------------------------------- */

/* The child: the command in a group of its own, the pipes as stdin and
   stderr (stdout goes to stderr too). Never returns. */
static void
child(const char *command, int in, int err)
{
	int	 fd;

	(void)setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) == -1 || dup2(err, 1) == -1 || dup2(err, 2) == -1)
		_exit(126);
	for (fd = 3; fd < 1024; fd++)
		(void)close(fd);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

/* Feed the message and gather stderr until both are done or the time
   is up: 0, or -1 (timed out). */
static int
converse(int in, int err, const char *msg, size_t len, int timeout,
    struct buf *eb)
{
	struct pollfd	 pf[2];
	time_t		 end = time(NULL) + timeout;
	size_t		 off = 0;
	ssize_t		 n;
	char		 chunk[512];
	int		 left;

	(void)fcntl(in, F_SETFL, O_NONBLOCK);
	if (len == 0) {
		close(in);
		in = -1;
	}
	while (in != -1 || err != -1) {
		if ((left = (int)(end - time(NULL))) <= 0)
			break;
		pf[0].fd = in;
		pf[0].events = POLLOUT;
		pf[1].fd = err;
		pf[1].events = POLLIN;
		if (poll(pf, 2, left * 1000) == -1 && errno != EINTR)
			break;
		if (in != -1 && (pf[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			n = write(in, msg + off, len - off);
			if (n > 0)
				off += (size_t)n;
			if ((n == -1 && errno != EAGAIN && errno != EINTR) ||
			    off == len) {
				close(in);
				in = -1;
			}
		}
		if (err != -1 && (pf[1].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			n = read(err, chunk, sizeof(chunk));
			if (n > 0 && eb->len < MAIL_ERR_MAX)
				buf_add(eb, chunk, (size_t)n);
			else if (n == 0 || (n == -1 && errno != EINTR &&
			    errno != EAGAIN)) {
				close(err);
				err = -1;
			}
		}
	}
	if (in != -1)
		close(in);
	if (err != -1)
		close(err);
	return in == -1 && err == -1 ? 0 : -1;
}

/* The first line or so of what the command said, made printable. */
static void
tell(char *err, size_t errsz, const char *what, const struct buf *eb)
{
	char	 said[MAIL_ERR_MAX + 1];
	size_t	 i, n = eb->len < MAIL_ERR_MAX ? eb->len : MAIL_ERR_MAX;

	for (i = 0; i < n; i++)
		said[i] = (eb->p[i] >= ' ' && eb->p[i] != 127) ||
		    (eb->p[i] & 0x80) ? eb->p[i] : ' ';
	while (n > 0 && said[n - 1] == ' ')
		n--;
	said[n] = '\0';
	(void)snprintf(err, errsz, "%s%s%s", what, n ? ": " : "", said);
}

int
mail_send(const char *command, const char *message, size_t len,
    int timeout, char *err, size_t errsz)
{
	struct sigaction	 ign, old;
	struct buf		 eb = { 0 };
	char			 what[128];
	int			 in[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int			 st = 0, timed_out, rc = -1;
	pid_t			 pid;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if (pipe(in) == -1 || pipe(ep) == -1) {
		(void)snprintf(err, errsz, "pipe: %s", strerror(errno));
		goto out;
	}
	if ((pid = fork()) == -1) {
		(void)snprintf(err, errsz, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		close(in[1]);
		close(ep[0]);
		child(command, in[0], ep[1]);
	}
	(void)setpgid(pid, pid);	/* as the child does: no race */
	close(in[0]);
	close(ep[1]);
	timed_out = converse(in[1], ep[0], message, len, timeout, &eb) == -1;
	in[1] = ep[0] = in[0] = ep[1] = -1;
	if (timed_out)
		(void)kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (timed_out)
		(void)snprintf(what, sizeof(what), "no answer after %d "
		    "seconds (stopped)", timeout);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		rc = 0;
		(void)snprintf(what, sizeof(what), "exit status 0");
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		(void)snprintf(what, sizeof(what), "exit status 127 (command "
		    "not found?)");
	else if (WIFEXITED(st))
		(void)snprintf(what, sizeof(what), "exit status %d",
		    WEXITSTATUS(st));
	else
		(void)snprintf(what, sizeof(what), "killed by signal %d",
		    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	tell(err, errsz, what, &eb);
out:
	if (in[0] != -1)
		close(in[0]);
	if (in[1] != -1)
		close(in[1]);
	if (ep[0] != -1)
		close(ep[0]);
	if (ep[1] != -1)
		close(ep[1]);
	sigaction(SIGPIPE, &old, NULL);
	buf_free(&eb);
	return rc;
}
