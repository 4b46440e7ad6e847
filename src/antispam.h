/* antispam.h: comment-form tokens, owner cookies and keyed hashes. */
#ifndef QUIRE_ANTISPAM_H
#define QUIRE_ANTISPAM_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_NONCE	16
/* base64url (no padding) of the 73-byte token, plus NUL. */
#define TOKEN_TEXT	100
#define TOKEN_CHARS	98	/* strlen of every token */
/*
 * Where a page kept in a cache has its token: as many characters as a
 * token, none of which can start one (a token starts "AQ"); the form's
 * markup around it (name="token" value="...") is what is looked for.
 */
#define TOKEN_HOLE	"--------------------------------------------------" \
			"------------------------------------------------"

/* Why a token was refused (or TOKEN_OK). */
enum token_verdict {
	TOKEN_OK,
	TOKEN_MALFORMED,	/* not base64url of the right size/version */
	TOKEN_FORGED,		/* the MAC does not match */
	TOKEN_WRONG_POST,	/* issued for another post */
	TOKEN_TOO_FAST,		/* younger than the minimum fill time */
	TOKEN_EXPIRED,		/* older than the maximum age */
	TOKEN__MAX
};
extern const char *const token_verdict_names[TOKEN__MAX];

struct token {
	int64_t		 issued;
	int64_t		 post_id;
	unsigned char	 nonce[TOKEN_NONCE];
	int		 same_net;	/* the client's network matches */
};

/*
 * Make a token for post_id at time now for a client at addr, signed with
 * a key derived from the site's 32-byte secret; base64url text in out.
 */
void	token_make(const unsigned char key[32], int64_t post_id, int64_t now,
	    const char *addr, char out[TOKEN_TEXT]);
/*
 * Check a token in the order DESIGN.md gives: format, MAC, post, minimum
 * fill time, maximum age. Fills t (also on TOO_FAST/EXPIRED, so a caller
 * can still tell a double submission). The nonce is spent by the caller,
 * in the transaction that stores the comment.
 */
enum token_verdict token_check(const unsigned char key[32], const char *text,
	    int64_t post_id, int64_t now, int min_fill, int max_age,
	    const char *addr, struct token *t);
/*
 * Tokens made by nginx (the second cache tier, contrib/nginx.conf with
 * the set-misc module) for a page it serves from quire's page files:
 *
 *     3.SECONDS.NONCE.NET.MAC
 *
 * SECONDS the time of the view ($msec's whole seconds); NONCE nginx's
 * $request_id (32 hex digits); NET the base64url HMAC-SHA-256 of "n|"
 * and edge_network's text of the client's address; MAC the base64url
 * HMAC-SHA-256 of "3.SECONDS.NONCE.NET|" and the page's path, so a token
 * is bound to its post by its URL. Both are keyed with the 64 hex digits
 * edge_key_conf writes. token_check_edge checks one as token_check does
 * a token of quire's (same_net from NET).
 */
#define EDGE_TOKEN_MAX	160
enum token_verdict token_check_edge(const unsigned char key[32],
	    const char *text, const char *post_path, int64_t now,
	    int min_fill, int max_age, const char *addr, struct token *t);
/*
 * The nginx include file with that key (pages directory, token.conf):
 * `set $quire_key "HEX";`, derived from the site's secret, so it is the
 * same after every restart and never exposes the secret.
 */
#define EDGE_CONF_MAX	192
void	edge_key_conf(const unsigned char key[32], char out[EDGE_CONF_MAX]);
/*
 * The client's network as nginx's map in contrib/nginx.conf writes it
 * from $remote_addr's text: "4:" and the first three numbers of an IPv4
 * address (its /24); for an IPv6 address whose text begins with its
 * first three groups in full, "6:", those and ":" and the high byte of
 * the fourth in hex without leading zeros (its /56); else "?:" and the
 * whole address (an address like 2001:db8::1 is bound as it is).
 */
void	edge_network(const char *addr, char *out, size_t n);
/* The client's network for the token: the /24 of IPv4, /56 of IPv6. */
void	token_network(const char *addr, char *out, size_t n);
/*
 * The key a per-client limit counts under (comment rate, flood, login
 * throttle): an IPv4 address as it is, an IPv6 address's /64 ("6:" and
 * 16 hex digits), so rotating addresses within one /64 gains nothing.
 * Writes at most n bytes (LIMIT_KEY_MAX is always enough) into out.
 */
#define LIMIT_KEY_MAX	64
void	limit_key(const char *addr, char *out, size_t n);

/*
 * Avatar hash: hex of a keyed BLAKE2b of the lower-cased, trimmed email
 * (32 hex digits + NUL), so no email or guessable hash is published.
 */
void	avatar_hash(const unsigned char key[32], const char *email,
	    char out[33]);

/*
 * Owner marks: "ID.SECRET" in the writer's cookie tells quire the
 * browser wrote comment ID (to show it while held, to allow its edit).
 * SECRET (base64url of OWNER_SECRET bytes) is derived from the site key
 * and the nonce of the form's token, so the same form sent twice gets
 * the same mark; the comment row keeps only owner_key(SECRET) (its
 * edit_key), so a mark opens its own comment and no other.
 */
#define OWNER_SECRET	16
#define OWNER_KEY	16		/* bytes of a comment's edit_key */
#define OWNER_KEY_HEX	(2 * OWNER_KEY + 1)
#define OWNER_TEXT	64
/* The secret of the comment sent with a token's nonce. */
void	owner_secret(const unsigned char key[32],
	    const unsigned char nonce[TOKEN_NONCE],
	    unsigned char secret[OWNER_SECRET]);
/* The edit_key stored for a secret (a hash of it). */
void	owner_key(const unsigned char secret[OWNER_SECRET],
	    unsigned char out[OWNER_KEY]);
/* The mark for comment id and its secret: NUL-terminated text in out. */
void	owner_mark(int64_t id, const unsigned char secret[OWNER_SECRET],
	    char out[OWNER_TEXT]);
/*
 * Read a mark of n bytes: its id, or 0 if it is not a mark; keyhex gets
 * the lower-case hex of the edit_key it opens.
 */
int64_t	owner_parse(const char *mark, size_t n, char keyhex[OWNER_KEY_HEX]);

#endif
