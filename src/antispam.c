/* antispam.c: comment-form tokens, owner cookies and keyed hashes. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"

#define TOKEN_VERSION	1
#define NETHASH		8
/* version | issued (8, BE) | post (8, BE) | nonce | nethash | mac */
#define BODY_LEN	(1 + 8 + 8 + TOKEN_NONCE + NETHASH)
#define TOKEN_LEN	(BODY_LEN + crypto_auth_BYTES)

/* Subkey ids under the context "quire-as". */
enum subkey {
	SUBKEY_TOKEN = 1,
	SUBKEY_NET,
	SUBKEY_AVATAR,
	SUBKEY_OWNER,
};

const char *const token_verdict_names[TOKEN__MAX] = {
	"ok", "malformed", "forged", "wrong post", "too fast", "expired",
};

static void
subkey(const unsigned char key[32], enum subkey id, unsigned char out[32])
{
	crypto_kdf_derive_from_key(out, 32, (uint64_t)id, "quire-as", key);
}

static void
put64(unsigned char *p, uint64_t v)
{
	int	 i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

void
token_network(const char *addr, char *out, size_t n)
{
	unsigned char	 a[16];
	char		 hex[2 * 7 + 1];

	/* IPv4: the /24; IPv6: the /56 (7 bytes); else the text itself. */
	if (inet_pton(AF_INET, addr, a) == 1) {
		sodium_bin2hex(hex, sizeof(hex), a, 3);
		(void)snprintf(out, n, "4:%s", hex);
	} else if (inet_pton(AF_INET6, addr, a) == 1) {
		sodium_bin2hex(hex, sizeof(hex), a, 7);
		(void)snprintf(out, n, "6:%s", hex);
	} else
		(void)snprintf(out, n, "?:%s", addr);
}

static void
nethash(const unsigned char key[32], const char *addr,
    unsigned char out[NETHASH])
{
	unsigned char	 k[32];
	char		 net[64];

	token_network(addr, net, sizeof(net));
	subkey(key, SUBKEY_NET, k);
	crypto_generichash(out, NETHASH, (const unsigned char *)net,
	    strlen(net), k, sizeof(k));
	sodium_memzero(k, sizeof(k));
}

void
token_make(const unsigned char key[32], int64_t post_id, int64_t now,
    const char *addr, char out[TOKEN_TEXT])
{
	unsigned char	 t[TOKEN_LEN], k[32];

	t[0] = TOKEN_VERSION;
	put64(t + 1, (uint64_t)now);
	put64(t + 9, (uint64_t)post_id);
	randombytes_buf(t + 17, TOKEN_NONCE);
	nethash(key, addr, t + 17 + TOKEN_NONCE);
	subkey(key, SUBKEY_TOKEN, k);
	crypto_auth(t + BODY_LEN, t, BODY_LEN, k);
	sodium_memzero(k, sizeof(k));
	sodium_bin2base64(out, TOKEN_TEXT, t, sizeof(t),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum token_verdict
token_check(const unsigned char key[32], const char *text, int64_t post_id,
    int64_t now, int min_fill, int max_age, const char *addr,
    struct token *tok)
{
	unsigned char	 t[TOKEN_LEN + 1], k[32], nh[NETHASH];
	size_t		 len;
	int		 ok;

	memset(tok, 0, sizeof(*tok));
	if (text == NULL || strlen(text) >= TOKEN_TEXT ||
	    sodium_base642bin(t, sizeof(t), text, strlen(text), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != TOKEN_LEN || t[0] != TOKEN_VERSION)
		return TOKEN_MALFORMED;
	subkey(key, SUBKEY_TOKEN, k);
	ok = crypto_auth_verify(t + BODY_LEN, t, BODY_LEN, k) == 0;
	sodium_memzero(k, sizeof(k));
	if (!ok)
		return TOKEN_FORGED;
	tok->issued = (int64_t)get64(t + 1);
	tok->post_id = (int64_t)get64(t + 9);
	memcpy(tok->nonce, t + 17, TOKEN_NONCE);
	nethash(key, addr, nh);
	tok->same_net = sodium_memcmp(nh, t + 17 + TOKEN_NONCE, NETHASH) == 0;
	if (tok->post_id != post_id)
		return TOKEN_WRONG_POST;
	if (now - tok->issued < min_fill)
		return TOKEN_TOO_FAST;
	if (now - tok->issued > max_age)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}

void
avatar_hash(const unsigned char key[32], const char *email, char out[33])
{
	unsigned char	 k[32], h[16];
	char		 low[256];
	size_t		 i, n = 0;

	while (*email == ' ' || *email == '\t')
		email++;
	for (i = 0; email[i] != '\0' && n + 1 < sizeof(low); i++)
		low[n++] = (char)tolower((unsigned char)email[i]);
	while (n > 0 && (low[n - 1] == ' ' || low[n - 1] == '\t'))
		n--;
	subkey(key, SUBKEY_AVATAR, k);
	crypto_generichash(h, sizeof(h), (const unsigned char *)low, n, k,
	    sizeof(k));
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(out, 33, h, sizeof(h));
}

void
owner_sign(const unsigned char key[32], int64_t id, char out[OWNER_TEXT])
{
	unsigned char	 k[32], mac[crypto_auth_BYTES];
	char		 msg[32], b64[32];

	(void)snprintf(msg, sizeof(msg), "%lld", (long long)id);
	subkey(key, SUBKEY_OWNER, k);
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), k);
	sodium_memzero(k, sizeof(k));
	/* 16 bytes of the MAC are plenty for a cookie. */
	sodium_bin2base64(b64, sizeof(b64), mac, 16,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	(void)snprintf(out, OWNER_TEXT, "%s.%s", msg, b64);
}

int64_t
owner_verify(const unsigned char key[32], const char *mark, size_t n)
{
	char		 want[OWNER_TEXT];
	const char	*dot;
	long long	 id;
	char		*end;

	if (n == 0 || n >= OWNER_TEXT || (dot = memchr(mark, '.', n)) == NULL)
		return 0;
	id = strtoll(mark, &end, 10);
	if (end != dot || id <= 0)
		return 0;
	owner_sign(key, id, want);
	if (strlen(want) != n || sodium_memcmp(want, mark, n) != 0)
		return 0;
	return id;
}
