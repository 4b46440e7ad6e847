/* test_antispam.c: tokens, owner marks and avatar hashes, fixed clock. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"
#include "check.h"

/* The key nginx includes, read back from edge_key_conf's text. */
static int
conf_key(const unsigned char key[32], char hex[65])
{
	char		 conf[EDGE_CONF_MAX];
	const char	*p;

	edge_key_conf(key, conf);
	if ((p = strstr(conf, "set $quire_key \"")) == NULL)
		return -1;
	p += strlen("set $quire_key \"");
	if (strspn(p, "0123456789abcdef") != 64 || strcmp(p + 64, "\";\n"))
		return -1;
	memcpy(hex, p, 64);
	hex[64] = '\0';
	return 0;
}

/* base64url HMAC-SHA-256 of a ++ b under the 64 hex digits. */
static void
hmac64(const char hex[65], const char *a, const char *b, char out[44])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[32];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)hex, 64);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)a,
	    strlen(a));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)b,
	    strlen(b));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 44, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* An edge token as contrib/nginx.conf makes one: net is what its map
   makes of the address. */
static void
edge_make(const unsigned char key[32], int64_t sec, const char *nonce,
    const char *net, const char *path, char *out, size_t n)
{
	char	 hex[65], nh[44], mac[44], msg[160], pre[200];

	if (conf_key(key, hex) == -1) {
		out[0] = '\0';
		return;
	}
	(void)snprintf(pre, sizeof(pre), "n|%s", net);
	hmac64(hex, pre, "", nh);
	(void)snprintf(msg, sizeof(msg), "3.%lld.%s.%s", (long long)sec,
	    nonce, nh);
	(void)snprintf(pre, sizeof(pre), "%s|", msg);
	hmac64(hex, pre, path, mac);
	(void)snprintf(out, n, "%s.%s", msg, mac);
}

static void
edge_tests(struct check *c, const unsigned char key[32],
    const unsigned char other[32], int64_t now)
{
	static const char	 nonce[] = "0123456789abcdef0123456789abcdef";
	static const struct {
		const char	*addr, *net;
	} nets[] = {
		{ "192.0.2.10", "4:192.0.2" },
		{ "10.1.22.255", "4:10.1.22" },
		{ "2001:db8:85a3:8d3:1319:8a2e:370:7348", "6:2001:db8:85a3:8" },
		{ "2001:db8:85a3:5600::1", "6:2001:db8:85a3:56" },
		{ "2001:db8:85a3:ab::1", "6:2001:db8:85a3:0" },
		{ "2001:db8:85a3:7:8:9:a:b", "6:2001:db8:85a3:0" },
		{ "2001:db8:1::5", "6:2001:db8:1:0" },
		{ "1:2:3:4", "6:1:2:3:0" },
		{ "2001:db8:1:12345::", "?:2001:db8:1:12345::" },
		{ "2001:db8::1", "?:2001:db8::1" },
		{ "::1", "?:::1" },
		{ "::ffff:192.0.2.1", "?:::ffff:192.0.2.1" },
		{ "1.2.3", "?:1.2.3" },
		{ "1.2.3.4.5", "?:1.2.3.4.5" },
		{ "1234.2.3.4", "?:1234.2.3.4" },
		{ "unix:", "?:unix:" },
	};
	struct token		 t;
	char			 tok[200], bad[200], hex[65], net[128];
	enum token_verdict	 v;
	size_t			 i;
	int			 same = 1;

	CHECK(c, conf_key(key, hex) == 0,
	    "token.conf is one nginx 'set $quire_key' of 64 hex digits");
	for (i = 0; i < sizeof(nets) / sizeof(nets[0]); i++) {
		edge_network(nets[i].addr, net, sizeof(net));
		if (strcmp(net, nets[i].net) != 0) {
			printf("# %s: %s, not %s\n", nets[i].addr, net,
			    nets[i].net);
			same = 0;
		}
	}
	CHECK(c, same, "the network of an address as nginx's map has it");
	edge_make(key, now, nonce, "4:192.0.2", "/2024/05/a-post/", tok,
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
	edge_make(key, now, nonce, "6:2001:db8:85a3:ff", "/a/", tok,
	    sizeof(tok));
	v = token_check_edge(key, tok, "/a/", now + 10, 3, 172800,
	    "2001:db8:85a3:ff01::1", &t);
	CHECK(c, v == TOKEN_OK && t.same_net,
	    "an IPv6 reader in the same /56 is on the same network");
	v = token_check_edge(key, tok, "/a/", now + 10, 3, 172800,
	    "2001:db8:85a3:fe01::1", &t);
	CHECK(c, v == TOKEN_OK && !t.same_net,
	    "one in the next /56 is not");
	edge_make(key, now, nonce, "4:192.0.2", "/2024/05/a-post/", tok,
	    sizeof(tok));
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
	CHECK(c, token_check_edge(key, "3.1.2.3.4", "/", now, 3, 172800,
	    "192.0.2.10", &t) == TOKEN_MALFORMED &&
	    token_check_edge(key, "3.", "/", now, 3, 172800, "192.0.2.10",
	    &t) == TOKEN_MALFORMED && token_check_edge(key, NULL, "/", now, 3,
	    172800, "192.0.2.10", &t) == TOKEN_MALFORMED &&
	    token_check_edge(key, TOKEN_HOLE, "/", now, 3, 172800,
	    "192.0.2.10", &t) == TOKEN_MALFORMED,
	    "junk edge tokens are malformed");
	memcpy(bad, tok, sizeof(bad));
	bad[0] = '2';	/* the njs token of earlier releases */
	CHECK(c, token_check_edge(key, bad, "/2024/05/a-post/", now + 10, 3,
	    172800, "192.0.2.10", &t) == TOKEN_MALFORMED,
	    "a version-2 token is no longer taken");
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
