/* mail.h: mail messages (RFC 5322 text, RFC 2047 headers, quoted-
   printable bodies), the signed tokens in their links, and handing one
   message to the system's sendmail. Nothing here touches the database. */
#ifndef QUIRE_MAIL_H
#define QUIRE_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define MAIL_COMMAND_DEFAULT	"/usr/sbin/sendmail -t -i"
#define MAIL_TIMEOUT		60	/* seconds a mail_command may take */
#define MAIL_ERR_MAX		512	/* bytes of an error kept */

/* One message to format; NULL headers are left out. */
struct mail_msg {
	const char	*from_name;	/* display name, any text */
	const char	*from;		/* addr-spec */
	const char	*to_name;
	const char	*to;
	const char	*subject;	/* any text: CR, LF and controls go */
	const char	*body;		/* UTF-8 plain text, '\n' lines */
	int64_t		 date;		/* unix seconds */
	const char	*message_id;	/* "<...>" */
	const char	*unsubscribe;	/* an https URL: RFC 8058 headers */
};

/*
 * Append m as a whole message (LF line ends, as sendmail -t wants
 * them on its standard input) to out: Date, From, To, Subject,
 * Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8,
 * Content-Transfer-Encoding quoted-printable, Auto-Submitted, the
 * List-Unsubscribe pair when asked for, a blank line, the body. Header
 * text is stripped of control characters (no header can be injected),
 * encoded as RFC 2047 words when not ASCII and folded under 78 columns.
 * Returns 0, or -1 when from or to is no usable address (nothing
 * appended).
 */
int	mail_format(struct buf *out, const struct mail_msg *m);
/* Whether s is an address mail may go to: local@domain, printable
   ASCII, no spaces, quotes, angle brackets or commas, at most 254. */
int	mail_addr_ok(const char *s);
/* Append s as an RFC 2047 header value (encoded words if not ASCII),
   controls removed; `used' columns are taken on the first line. */
void	mail_header_text(struct buf *out, const char *s, size_t used);
/* Append text (UTF-8, '\n' lines) quoted-printable, lines < 77. */
void	mail_qp(struct buf *out, const char *text);
/* The RFC 5322 date of t, in UTC ("Mon, 07 Dec 2026 20:46:34 +0000"). */
void	mail_date(struct buf *out, int64_t t);
/* A new Message-ID for a message from host: "<hex@host>". */
void	mail_message_id(struct buf *out, const char *host);

/* -- tokens in the links of mails ----------------------------------- */

enum mail_token_kind {
	MAIL_TOKEN_MODERATE = 1,	/* approve, spam or trash comment id */
	MAIL_TOKEN_CONFIRM,		/* confirm the address of watch id */
	MAIL_TOKEN_UNSUBSCRIBE,		/* stop watch id */
	MAIL_TOKEN__MAX
};
#define MAIL_TOKEN_CHARS	67	/* base64url text, without NUL */
#define MAIL_MODERATE_DAYS	7
#define MAIL_CONFIRM_DAYS	7
#define MAIL_UNSUBSCRIBE_DAYS	365

/*
 * A token for kind and id, valid until `expires' (unix seconds):
 * version | kind | expires | id, MAC'd with a key derived from the
 * site's secret (context "quire-ml"), base64url into out (at least
 * MAIL_TOKEN_CHARS + 1 bytes).
 */
void	mail_token_make(const unsigned char key[32], enum mail_token_kind,
	    int64_t id, int64_t expires, char *out);
enum mail_token_verdict {
	MAIL_TOKEN_OK,
	MAIL_TOKEN_BAD,		/* malformed, forged or of another kind */
	MAIL_TOKEN_EXPIRED,
};
/* Check a token of kind at now: the verdict, and its id in *id. */
enum mail_token_verdict mail_token_check(const unsigned char key[32],
	    enum mail_token_kind, const char *token, int64_t now, int64_t *id);

/* -- sending ---------------------------------------------------------- */

/*
 * Run command with /bin/sh -c in a process group of its own, message
 * on its standard input, killing the group after timeout seconds.
 * Returns 0 when it exited 0; else -1 with why in err (the exit
 * status or signal and the first of its standard error).
 */
int	mail_send(const char *command, const char *message, size_t len,
	    int timeout, char *err, size_t errsz);

#endif
