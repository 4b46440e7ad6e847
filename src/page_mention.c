/* page_mention.c: mentions received: POST /webmention (W3C Webmention)
   and POST /xmlrpc.php (pingback.ping). Both only check and queue; the
   keeper fetches the source (mention.c). */
#include <stdio.h>
#include <string.h>

#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_mention.h"
#include "db_rate.h"
#include "fetch.h"
#include "http.h"
#include "mention.h"
#include "model.h"
#include "pages.h"
#include "urlenc.h"
#include "worker.h"
#include "xmlrpc.h"

/* A mention as received, checked against the site. */
struct received {
	const char	*source, *target;
	struct post	 p;
	const char	*why;		/* what is wrong, or NULL */
	int		 fault;		/* its pingback fault code */
};

/* Check source and target: 0 (why says if they will do), -1 (the
   database failed). */
static int
check(struct req *r, struct received *m)
{
	struct arena	*a = r->arena;
	const char	*base = r->w->site.base_url;
	int		 rc;

	m->why = NULL;
	if (m->source == NULL || *m->source == '\0')
		m->why = "source: missing", m->fault = PINGBACK_NO_SOURCE;
	else if (m->target == NULL || *m->target == '\0')
		m->why = "target: missing", m->fault = PINGBACK_NO_TARGET;
	else if (fetch_url_resolve(a, NULL, m->source) == NULL ||
	    strpbrk(m->source, " \t\r\n<>\"") != NULL)
		m->why = "source: not an http or https URL",
		m->fault = PINGBACK_NO_SOURCE;
	else if (fetch_url_resolve(a, NULL, m->target) == NULL ||
	    strpbrk(m->target, " \t\r\n<>\"") != NULL)
		m->why = "target: not an http or https URL",
		m->fault = PINGBACK_NO_TARGET;
	else if (strcmp(m->source, m->target) == 0)
		m->why = "source and target are the same address",
		m->fault = PINGBACK_ERROR;
	if (m->why != NULL)
		return 0;
	if ((rc = mention_target_post(&r->w->db, a, base, m->target, &m->p))
	    == -1)
		return -1;
	if (rc == 0)
		m->why = arena_printf(a, "target: not the address of a post "
		    "or page on this site (%s)", base),
		m->fault = PINGBACK_NO_TARGET;
	else if (strcmp(m->p.status, "published") != 0 ||
	    m->p.published > r->now)
		m->why = "target: not a published post",
		m->fault = PINGBACK_BAD_TARGET;
	else if (!comment_is_open(r, &m->p))
		m->why = "target: the post is closed to comments and mentions",
		m->fault = PINGBACK_BAD_TARGET;
	return 0;
}

/* Mentions one address (limit_key: an IPv6 /64) may have queued in an
   hour: each makes the keeper fetch a page from elsewhere. */
#define MENTIONS_PER_HOUR	60
#define MENTION_WINDOW		3600

static const char *
mention_key(struct req *r)
{
	char	 net[64];

	limit_key(r->remote_addr != NULL ? r->remote_addr : "", net,
	    sizeof(net));
	return arena_printf(r->arena, "mention %s", net);
}

/* Seconds until the address counted under key may send another mention,
   0 if now, -1 if the database failed. */
static int64_t
mention_wait(struct req *r, const char *key)
{
	int64_t	 n;

	if ((n = db_rate_count(&r->w->db, key, r->now, MENTION_WINDOW)) == -1)
		return -1;
	return n < MENTIONS_PER_HOUR ? 0 :
	    MENTION_WINDOW - r->now % MENTION_WINDOW;
}

/* Queue a checked mention and count it under key (its address's). */
static int64_t
enqueue(struct req *r, const struct received *m, const char *kind,
    const char *key)
{
	struct mention_in	 in;
	int64_t			 id;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.source = m->source;
	in.target = m->target;
	in.post_id = m->p.id;
	in.addr = r->remote_addr;
	if ((id = db_mention_queue(&r->w->db, &in, r->now)) != -1)
		(void)db_rate_hit(&r->w->db, key, r->now, MENTION_WINDOW);
	return id;
}

/*
 * POST /webmention: source, target (x-www-form-urlencoded). 202 and
 * queued for the keeper to verify; 400 with the reason (a field
 * missing or sent twice, not an http(s) URL, source == target, a target
 * that is no post of this site, not published, or closed); 429 with
 * Retry-After after MENTIONS_PER_HOUR from one address; 503 when the
 * database is unavailable.
 */
int
page_mention_webmention(struct req *r, struct resp *resp)
{
	struct received	 m;
	const char	*key = mention_key(r);
	int64_t		 wait;

	memset(&m, 0, sizeof(m));
	if (kv_count(r->form, "source") > 1 || kv_count(r->form, "target") > 1) {
		resp->message = "source and target must each be sent once";
		return 400;
	}
	m.source = kv_get(r->form, "source");
	m.target = kv_get(r->form, "target");
	if (check(r, &m) == -1)
		return 503;
	if (m.why != NULL) {
		resp->message = m.why;
		return 400;
	}
	if ((wait = mention_wait(r, key)) == -1)
		return 503;
	if (wait > 0) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)wait));
		resp->message = "too many mentions from your address this "
		    "hour: please send this one later";
		return 429;
	}
	if (enqueue(r, &m, "webmention", key) == -1)
		return 503;
	resp->content_type = "text/plain; charset=utf-8";
	resp->cache = CACHE_NONE;
	buf_puts(resp->body, "Accepted: the mention will be verified, and "
	    "shown once a moderator approves it.\n");
	return 202;
}

/* The answer to a pingback.ping call, fault or not. */
static int
pingback(struct req *r, struct buf *out, const struct xmlrpc_call *c)
{
	struct received	 m;
	const char	*key = mention_key(r);
	int64_t		 id, wait;

	if (strcmp(c->method, "pingback.ping") != 0) {
		xmlrpc_fault(out, XMLRPC_NO_METHOD, "requested method not "
		    "found");
		return 0;
	}
	if (c->nparams != 2 || c->params[0] == NULL || c->params[1] == NULL) {
		xmlrpc_fault(out, XMLRPC_BAD_PARAMS, "pingback.ping takes two "
		    "strings: sourceURI, targetURI");
		return 0;
	}
	memset(&m, 0, sizeof(m));
	m.source = c->params[0];
	m.target = c->params[1];
	if (check(r, &m) == -1)
		return -1;
	if (m.why != NULL) {
		xmlrpc_fault(out, m.fault, m.why);
		return 0;
	}
	if ((id = db_mention_comment(&r->w->db, m.p.id, m.source)) == -1)
		return -1;
	if (id > 0) {
		xmlrpc_fault(out, PINGBACK_ALREADY, "the pingback has already "
		    "been registered");
		return 0;
	}
	if ((wait = mention_wait(r, key)) == -1)
		return -1;
	if (wait > 0) {
		xmlrpc_fault(out, PINGBACK_DENIED, "too many pingbacks from "
		    "your address this hour: please send this one later");
		return 0;
	}
	if (enqueue(r, &m, "pingback", key) == -1)
		return -1;
	xmlrpc_response(out, "Pingback queued: it will be verified, and "
	    "shown once a moderator approves it.");
	return 0;
}

/*
 * POST /xmlrpc.php: an XML-RPC methodCall; pingback.ping(sourceURI,
 * targetURI) is the only method. Always 200 with a methodResponse:
 * the string on success, else a fault numbered as the XML-RPC fault
 * code interoperability spec (-32700 not well formed, -32601 no such
 * method, -32602 bad params, ...) and Pingback 1.0 (0x0010 bad source,
 * 0x0020 no such target, 0x0021 target not open, 0x0030 already
 * registered, 0x0031 access denied: over MENTIONS_PER_HOUR from one
 * address) say. 503 when the database is unavailable.
 */
int
page_mention_xmlrpc(struct req *r, struct resp *resp)
{
	struct xmlrpc_call	 c;
	int			 rc;

	resp->content_type = "text/xml; charset=utf-8";
	resp->cache = CACHE_NONE;
	if ((rc = xmlrpc_parse(r->arena, r->body != NULL ? r->body : "",
	    r->bodylen, &c)) != 0) {
		xmlrpc_fault(resp->body, rc, rc == XMLRPC_PARSE_ERROR ?
		    "parse error: not well formed" : rc == XMLRPC_BAD_ENCODING ?
		    "parse error: unsupported encoding" : rc ==
		    XMLRPC_BAD_PARAMS ? "invalid method parameters" :
		    "invalid XML-RPC: not conforming to spec");
		return 200;
	}
	if (pingback(r, resp->body, &c) == -1) {
		buf_reset(resp->body);
		resp->content_type = NULL;
		return 503;
	}
	return 200;
}
