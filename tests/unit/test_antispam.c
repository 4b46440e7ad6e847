/* test_antispam.c: tokens, owner marks and avatar hashes, fixed clock. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"
#include "check.h"

/* An edge token as contrib/quire.js makes one (keys from edge_keys). */
static void
edge_make(const unsigned char key[32], int64_t sec, const char *nonce,
    const char *addr, const char *path, char *out, size_t n)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[32];
	char				 keys[128], nh[17], b64[64];
	size_t				 len;

	edge_keys(key, keys);
	edge_nethash(key, addr, nh);
	len = (size_t)snprintf(out, n, "2.%lld.%s.%s", (long long)sec, nonce,
	    nh);
	crypto_auth_hmacsha256_init(&st, (unsigned char *)keys, 64);
	crypto_auth_hmacsha256_update(&st, (unsigned char *)out, len);
	crypto_auth_hmacsha256_update(&st, (unsigned char *)"|", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)path,
	    strlen(path));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	(void)snprintf(out + len, n - len, ".%s", b64);
}

static void
edge_tests(struct check *c, const unsigned char key[32],
    const unsigned char other[32], int64_t now)
{
	static const char	 nonce[] = "0123456789abcdef0123456789abcdef";
	struct token		 t;
	char			 tok[200], bad[200], keys[128];
	enum token_verdict	 v;

	edge_keys(key, keys);
	CHECK(c, strlen(keys) == 64 + 1 + 16 + 1 && keys[64] == '\n',
	    "token.key is two hex lines (%zu bytes)", strlen(keys));
	edge_make(key, now, nonce, "192.0.2.10", "/2024/05/a-post/", tok,
	    sizeof(tok));
	v = token_check_edge(key, tok, "/2024/05/a-post/", now + 10, 3,
	    172800, "192.0.2.99", &t);
	CHECK(c, v == TOKEN_OK && t.same_net && t.issued == now &&
	    t.nonce[0] == 0x01 && t.nonce[15] == 0xef,
	    "an edge token checks (%s): issued, nonce, same /24",
	    token_verdict_names[v]);
	v = token_check_edge(key, tok, "/2024/05/a-post/", now + 10, 3,
	    172800, "198.51.100.1", &t);
	CHECK(c, v == TOKEN_OK && !t.same_net,
	    "from another network: still valid, the network differs");
	CHECK(c, token_check_edge(key, tok, "/2024/05/other/", now + 10, 3,
	    172800, "192.0.2.10", &t) == TOKEN_FORGED,
	    "bound to its page: another post's address fails");
	CHECK(c, token_check_edge(other, tok, "/2024/05/a-post/", now + 10, 3,
	    172800, "192.0.2.10", &t) == TOKEN_FORGED, "another key fails");
	CHECK(c, token_check_edge(key, tok, "/2024/05/a-post/", now + 2, 3,
	    172800, "192.0.2.10", &t) == TOKEN_TOO_FAST, "too fast");
	CHECK(c, token_check_edge(key, tok, "/2024/05/a-post/", now + 172801,
	    3, 172800, "192.0.2.10", &t) == TOKEN_EXPIRED, "expired");
	memcpy(bad, tok, sizeof(bad));
	bad[3] = bad[3] == '9' ? '8' : '9';	/* the time, moved */
	CHECK(c, token_check_edge(key, bad, "/2024/05/a-post/", now + 10, 3,
	    172800, "192.0.2.10", &t) == TOKEN_FORGED,
	    "a changed time fails the MAC");
	memcpy(bad, tok, sizeof(bad));
	bad[20] = bad[20] == 'a' ? 'b' : 'a';	/* the nonce */
	CHECK(c, token_check_edge(key, bad, "/2024/05/a-post/", now + 10, 3,
	    172800, "192.0.2.10", &t) == TOKEN_FORGED,
	    "a changed nonce fails the MAC");
	CHECK(c, token_check_edge(key, "2.1.2.3.4", "/", now, 3, 172800,
	    "192.0.2.10", &t) == TOKEN_MALFORMED &&
	    token_check_edge(key, "2.", "/", now, 3, 172800, "192.0.2.10",
	    &t) == TOKEN_MALFORMED && token_check_edge(key, NULL, "/", now, 3,
	    172800, "192.0.2.10", &t) == TOKEN_MALFORMED &&
	    token_check_edge(key, TOKEN_HOLE, "/", now, 3, 172800,
	    "192.0.2.10", &t) == TOKEN_MALFORMED,
	    "junk edge tokens are malformed");
	(void)snprintf(bad, sizeof(bad), "%s", tok);
	bad[2] = '-';	/* a negative time */
	CHECK(c, token_check_edge(key, bad, "/2024/05/a-post/", now, 3,
	    172800, "192.0.2.10", &t) == TOKEN_MALFORMED,
	    "a negative time is malformed");
}

int
main(void)
{
	struct check		 c = { 0 };
	struct token		 t;
	unsigned char		 key[32], other[32];
	char			 tok[TOKEN_TEXT], bad[TOKEN_TEXT], net[64];
	char			 mark[OWNER_TEXT], h1[33], h2[33];
	const int64_t		 now = 1700000000;
	enum token_verdict	 v;

	if (sodium_init() < 0)
		return 1;
	memset(key, 7, sizeof(key));
	memset(other, 8, sizeof(other));
	token_make(key, 42, now, "192.0.2.10", tok);
	CHECK(&c, strlen(tok) > 90 && strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(tok),
	    "a token is base64url (%zu chars)", strlen(tok));
	CHECK(&c, strlen(tok) == TOKEN_CHARS && strlen(TOKEN_HOLE) ==
	    TOKEN_CHARS, "a token and the cache's hole for one are %d chars",
	    TOKEN_CHARS);
	CHECK(&c, token_check(key, TOKEN_HOLE, 42, now + 10, 3, 172800,
	    "192.0.2.10", &t) != TOKEN_OK, "the hole itself is no token");
	v = token_check(key, tok, 42, now + 10, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_OK && t.same_net && t.post_id == 42 &&
	    t.issued == now, "a fresh token 10 s old passes (%s)",
	    token_verdict_names[v]);
	v = token_check(key, tok, 42, now + 2, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_TOO_FAST, "2 s old is too fast (%s)",
	    token_verdict_names[v]);
	v = token_check(key, tok, 42, now + 3, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_OK, "exactly the minimum fill time passes");
	v = token_check(key, tok, 42, now + 172801, 3, 172800, "192.0.2.10",
	    &t);
	CHECK(&c, v == TOKEN_EXPIRED, "older than 2 days is expired (%s)",
	    token_verdict_names[v]);
	v = token_check(key, tok, 43, now + 10, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_WRONG_POST, "another post's token is refused");
	v = token_check(other, tok, 42, now + 10, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_FORGED, "another site's key: forged");
	strcpy(bad, tok);
	bad[20] = bad[20] == 'A' ? 'B' : 'A';
	v = token_check(key, bad, 42, now + 10, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_FORGED, "one changed character: forged (%s)",
	    token_verdict_names[v]);
	v = token_check(key, "", 42, now, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_MALFORMED, "empty: malformed");
	v = token_check(key, NULL, 42, now, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_MALFORMED, "absent: malformed");
	v = token_check(key, "!!!!", 42, now, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_MALFORMED, "not base64: malformed");
	bad[0] = '\0';
	strncat(bad, tok, 50);
	v = token_check(key, bad, 42, now + 10, 3, 172800, "192.0.2.10", &t);
	CHECK(&c, v == TOKEN_MALFORMED, "truncated: malformed");
	v = token_check(key, tok, 42, now + 10, 3, 172800, "192.0.2.99", &t);
	CHECK(&c, v == TOKEN_OK && t.same_net, "same /24: same network");
	v = token_check(key, tok, 42, now + 10, 3, 172800, "198.51.100.1", &t);
	CHECK(&c, v == TOKEN_OK && !t.same_net,
	    "another network: still valid, but marked (held, not refused)");
	{
		char	 tok2[TOKEN_TEXT];

		token_make(key, 42, now, "192.0.2.10", tok2);
		CHECK(&c, strcmp(tok, tok2) != 0,
		    "two tokens for the same post differ (fresh nonce)");
	}
	token_network("2001:db8:aa:bbcc::1", net, sizeof(net));
	CHECK(&c, strcmp(net, "6:20010db800aabb") == 0, "IPv6 /56: %s", net);
	token_network("2001:db8:aa:bbff:1::2", h1, sizeof(h1));
	CHECK(&c, strcmp(net, h1) == 0, "same /56, same network");
	token_network("203.0.113.77", net, sizeof(net));
	CHECK(&c, strcmp(net, "4:cb0071") == 0, "IPv4 /24: %s", net);

	{
		unsigned char	 n1[TOKEN_NONCE], n2[TOKEN_NONCE];
		unsigned char	 s1[OWNER_SECRET], s2[OWNER_SECRET];
		unsigned char	 k1[OWNER_KEY];
		char		 hex[OWNER_KEY_HEX], want[OWNER_KEY_HEX];

		memset(n1, 1, sizeof(n1));
		memset(n2, 2, sizeof(n2));
		owner_secret(key, n1, s1);
		owner_secret(key, n1, s2);
		CHECK(&c, memcmp(s1, s2, OWNER_SECRET) == 0,
		    "the same form's nonce gives the same secret");
		owner_secret(key, n2, s2);
		CHECK(&c, memcmp(s1, s2, OWNER_SECRET) != 0,
		    "another nonce, another secret");
		owner_secret(other, n1, s2);
		CHECK(&c, memcmp(s1, s2, OWNER_SECRET) != 0,
		    "another site key, another secret");
		owner_key(s1, k1);
		sodium_bin2hex(want, sizeof(want), k1, sizeof(k1));
		owner_mark(1234, s1, mark);
		CHECK(&c, owner_parse(mark, strlen(mark), hex) == 1234 &&
		    strcmp(hex, want) == 0,
		    "a mark names its id and opens its edit_key (%s)", mark);
		owner_mark(1234, s2, mark);
		CHECK(&c, owner_parse(mark, strlen(mark), hex) == 1234 &&
		    strcmp(hex, want) != 0,
		    "a mark with another secret opens another key");
		CHECK(&c, owner_parse("12", 2, hex) == 0 &&
		    owner_parse(".x", 2, hex) == 0 &&
		    owner_parse("", 0, hex) == 0 &&
		    owner_parse("-1.AAAAAAAAAAAAAAAAAAAAAA", 25, hex) == 0 &&
		    owner_parse("1.AAAA", 6, hex) == 0 &&
		    owner_parse("1234.kDyHmwHPJJ4h1bQy2WBq-g", 27, hex) == 1234,
		    "junk marks are refused, a well-formed one read");
	}

	edge_tests(&c, key, other, now);

	avatar_hash(key, "Zoe@Example.org ", h1);
	avatar_hash(key, "zoe@example.org", h2);
	CHECK(&c, strcmp(h1, h2) == 0 && strlen(h1) == 32,
	    "avatar hash ignores case and spaces: %s", h1);
	avatar_hash(other, "zoe@example.org", h2);
	CHECK(&c, strcmp(h1, h2) != 0, "avatar hash depends on the site key");
	return check_done(&c);
}
