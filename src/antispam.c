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
#include "be64.h"

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
	SUBKEY_EDGE,		/* nginx's token HMAC key */
};

const char *const token_verdict_names[TOKEN__MAX] = {
	"ok", "malformed", "forged", "wrong post", "too fast", "expired",
};

static void
subkey(const unsigned char key[32], enum subkey id, unsigned char out[32])
{
	crypto_kdf_derive_from_key(out, 32, (uint64_t)id, "quire-as", key);
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

void
limit_key(const char *addr, char *out, size_t n)
{
	unsigned char	 a[16];
	char		 hex[2 * 8 + 1];

	/* IPv6: the /64 (8 bytes), what one household or machine is
	   given; an IPv4-mapped one (::ffff:a.b.c.d): its IPv4 address;
	   IPv4 and anything else: the address itself. */
	if (inet_pton(AF_INET6, addr, a) != 1)
		(void)snprintf(out, n, "%s", addr);
	else if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a))
		(void)snprintf(out, n, "%u.%u.%u.%u", a[12], a[13], a[14],
		    a[15]);
	else {
		sodium_bin2hex(hex, sizeof(hex), a, 8);
		(void)snprintf(out, n, "6:%s", hex);
	}
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

/* -- tokens made by nginx ---------------------------------------------- */

/* The edge HMAC key as the text nginx uses: 64 hex digits. */
static void
edge_mac_key(const unsigned char key[32], char hex[65])
{
	unsigned char	 k[32];

	subkey(key, SUBKEY_EDGE, k);
	sodium_bin2hex(hex, 65, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
}

void
edge_key_conf(const unsigned char key[32], char out[EDGE_CONF_MAX])
{
	char	 hex[65];

	edge_mac_key(key, hex);
	(void)snprintf(out, EDGE_CONF_MAX, "# written by quire serve: the key "
	    "nginx signs comment tokens with\nset $quire_key \"%s\";\n", hex);
	sodium_memzero(hex, sizeof(hex));
}

/* n decimal digits (1 to 3) at s, then stop; how many, or 0. */
static size_t
digits(const char *s)
{
	size_t	 n = 0;

	while (n < 4 && isdigit((unsigned char)s[n]))
		n++;
	return n >= 1 && n <= 3 ? n : 0;
}

/* 1 to 4 lowercase hex digits at s; how many, or 0. */
static size_t
hexits(const char *s)
{
	size_t	 n = 0;

	while (n < 5 && (isdigit((unsigned char)s[n]) ||
	    (s[n] >= 'a' && s[n] <= 'f')))
		n++;
	return n >= 1 && n <= 4 ? n : 0;
}

void
edge_network(const char *addr, char *out, size_t n)
{
	size_t	 i = 0, k, part, three = 0;

	/* "4:" and the first three numbers of a dotted quad. */
	for (part = 0; part < 4; part++) {
		if ((k = digits(addr + i)) == 0)
			break;
		i += k;
		if (part == 2)
			three = i;
		if (part < 3 && addr[i++] != '.')
			break;
	}
	if (part == 4 && addr[i] == '\0') {
		(void)snprintf(out, n, "4:%.*s", (int)three, addr);
		return;
	}
	/* "6:", the first three groups and the high byte of the fourth
	   (its /56), of an address that begins with them written in full
	   (a fourth group of 1 or 2 digits, or "::" there: high byte 0). */
	for (i = 0, part = 0; part < 3; part++) {
		if ((k = hexits(addr + i)) == 0 || addr[i + k] != ':')
			break;
		i += k + 1;
	}
	if (part == 3) {
		k = hexits(addr + i);
		if (addr[i] == ':' || (k > 0 && (addr[i + k] == ':' ||
		    addr[i + k] == '\0'))) {
			(void)snprintf(out, n, "6:%.*s:%.*s", (int)(i - 1), addr,
			    k > 2 ? (int)(k - 2) : 1, k > 2 ? addr + i : "0");
			return;
		}
	}
	(void)snprintf(out, n, "?:%s", addr);
}

/* base64url (no padding) HMAC-SHA-256 under the edge key of a ++ b ++ c. */
static void
edge_hmac(const char hexkey[65], const char *a, size_t alen, const char *b,
    const char *c, char out[44])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)hexkey, 64);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)a, alen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)b,
	    strlen(b));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)c,
	    strlen(c));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 44, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(&st, sizeof(st));
}

static int
all_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) ||
		    isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

enum token_verdict
token_check_edge(const unsigned char key[32], const char *text,
    const char *post_path, int64_t now, int min_fill, int max_age,
    const char *addr, struct token *tok)
{
	char		 hex[65], mac[44], nh[44], net[128];
	const char	*p, *dot[4];
	char		*end;
	size_t		 n = 0;
	long long	 sec;
	int		 ok;

	memset(tok, 0, sizeof(*tok));
	if (text == NULL || strncmp(text, "3.", 2) != 0 ||
	    strlen(text) > EDGE_TOKEN_MAX)
		return TOKEN_MALFORMED;
	for (p = text + 2; *p != '\0' && n < 4; p++)
		if (*p == '.')
			dot[n++] = p;
	if (n != 3)
		return TOKEN_MALFORMED;
	/* 3.SECONDS.NONCE.NET.MAC */
	sec = strtoll(text + 2, &end, 10);
	if (end != dot[0] || end == text + 2 || sec <= 0 ||
	    dot[1] - dot[0] - 1 != 2 * TOKEN_NONCE ||
	    !all_hex(dot[0] + 1, 2 * TOKEN_NONCE) ||
	    dot[2] - dot[1] - 1 != 43 || strlen(dot[2] + 1) != 43)
		return TOKEN_MALFORMED;
	edge_mac_key(key, hex);
	edge_hmac(hex, text, (size_t)(dot[2] - text), "|", post_path, mac);
	ok = sodium_memcmp(mac, dot[2] + 1, 43) == 0;
	if (ok) {
		edge_network(addr, net, sizeof(net));
		edge_hmac(hex, "n|", 2, net, "", nh);
		tok->same_net = sodium_memcmp(nh, dot[1] + 1, 43) == 0;
	}
	sodium_memzero(hex, sizeof(hex));
	if (!ok)
		return TOKEN_FORGED;
	tok->issued = sec;
	tok->post_id = 0;	/* bound by the path instead */
	(void)sodium_hex2bin(tok->nonce, TOKEN_NONCE, dot[0] + 1,
	    2 * TOKEN_NONCE, NULL, NULL, NULL);
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
owner_secret(const unsigned char key[32], const unsigned char nonce[TOKEN_NONCE],
    unsigned char secret[OWNER_SECRET])
{
	unsigned char	 k[32], mac[crypto_auth_BYTES];

	subkey(key, SUBKEY_OWNER, k);
	crypto_auth(mac, nonce, TOKEN_NONCE, k);
	memcpy(secret, mac, OWNER_SECRET);
	sodium_memzero(k, sizeof(k));
	sodium_memzero(mac, sizeof(mac));
}

void
owner_key(const unsigned char secret[OWNER_SECRET], unsigned char out[OWNER_KEY])
{
	crypto_generichash(out, OWNER_KEY, secret, OWNER_SECRET, NULL, 0);
}

void
owner_mark(int64_t id, const unsigned char secret[OWNER_SECRET],
    char out[OWNER_TEXT])
{
	char	 b64[32];

	sodium_bin2base64(b64, sizeof(b64), secret, OWNER_SECRET,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	(void)snprintf(out, OWNER_TEXT, "%lld.%s", (long long)id, b64);
}

int64_t
owner_parse(const char *mark, size_t n, char keyhex[OWNER_KEY_HEX])
{
	unsigned char	 secret[OWNER_SECRET], k[OWNER_KEY];
	const char	*dot, *end;
	size_t		 len;
	int64_t		 id = 0;
	const char	*p;

	keyhex[0] = '\0';
	if (n == 0 || n >= OWNER_TEXT || (dot = memchr(mark, '.', n)) == NULL ||
	    dot == mark || dot - mark > 18)
		return 0;
	for (p = mark; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		id = id * 10 + (*p - '0');
	}
	if (id <= 0 || sodium_base642bin(secret, sizeof(secret), dot + 1,
	    (size_t)(mark + n - dot - 1), NULL, &len, &end,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != OWNER_SECRET || end != mark + n)
		return 0;
	owner_key(secret, k);
	sodium_bin2hex(keyhex, OWNER_KEY_HEX, k, sizeof(k));
	sodium_memzero(secret, sizeof(secret));
	return id;
}
