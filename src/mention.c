/* mention.c: verifying mentions received and sending them for published
   posts (Webmention, W3C Recommendation 2017; Pingback 1.0). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "comment_policy.h"
#include "db.h"
#include "db_comment.h"
#include "db_mention.h"
#include "db_post.h"
#include "esc.h"
#include "fetch.h"
#include "html_links.h"
#include "mention.h"
#include "model.h"
#include "pages.h"
#include "site.h"
#include "url.h"
#include "urlenc.h"
#include "xmlrpc.h"

#define EXCERPT_MAX	300

/* -- where a target points ------------------------------------------------- */

int
mention_target_post(struct db *db, struct arena *a, const char *base,
    const char *target, struct post *p)
{
	size_t		 n = strlen(base), e, s;
	const char	*path;
	char		*dec, *slug;
	int		 rc;

	if (strncasecmp(target, base, n) != 0 || target[n] != '/')
		return 0;
	path = target + n;
	e = strcspn(path, "?#");
	if (path_decode(a, path, e, &dec) == -1)
		return 0;
	e = strlen(dec);
	while (e > 0 && dec[e - 1] == '/')
		e--;
	s = e;
	while (s > 0 && dec[s - 1] != '/')
		s--;
	if (s == e)
		return 0;
	slug = arena_strndup(a, dec + s, e - s);
	if ((rc = db_post_by_slug(db, a, slug, p)) != 1)
		return rc;
	/* The post's own address, as the site makes it, and no other. */
	if (strncmp(url_post_a(a, p), path, strcspn(path, "?#")) != 0 ||
	    strlen(url_post_a(a, p)) != strcspn(path, "?#"))
		return 0;
	return 1;
}

static int
post_public(const struct post *p, int64_t now)
{
	return strcmp(p->status, "published") == 0 && p->published <= now;
}

/* -- receiving ------------------------------------------------------------- */

/* The comment's text: the author (from the h-card) and an excerpt. */
static void
mention_html(struct buf *b, const char *author, const char *excerpt)
{
	if (*author != '\0') {
		buf_puts(b, "<p class=\"mention-author\">");
		esc_html_text(b, author, strlen(author));
		buf_puts(b, "</p>\n");
	}
	if (*excerpt != '\0') {
		buf_puts(b, "<p>");
		esc_html_text(b, excerpt, strlen(excerpt));
		buf_puts(b, "</p>\n");
	}
}

/* Remove the comment source made on the post, if there is one. */
static int
forget(struct mention_ctx *x, const struct mention_in *m, const char *why)
{
	int64_t	 id;

	if ((id = db_mention_comment(x->db, m->post_id, m->source)) == -1)
		return -1;
	if (id > 0 && db_comment_delete(x->db, id) == -1)
		return -1;
	return db_mention_done(x->db, m->id, id > 0 ? "done" : "refused",
	    id > 0 ? arena_printf(x->arena, "%s: mention removed", why) : why,
	    x->now);
}

/* Store (or update) the comment a verified mention makes. */
static int
keep(struct mention_ctx *x, const struct mention_in *m,
    const struct html_scan *s)
{
	struct comment		 c = { 0 };
	struct comment_new	 cn = { 0 };
	struct comment_submit	 sub = { 0 };
	struct buf		 b = { 0 };
	const char		*name, *excerpt, *html;
	int64_t			 id;

	name = s->hentry && *s->name != '\0' ? s->name : s->title;
	if (*name == '\0')
		name = m->source;
	name = html_links_excerpt(x->arena, name, COMMENT_NAME_MAX - 10);
	excerpt = *s->summary ? s->summary : *s->content ? s->content :
	    s->text;
	excerpt = html_links_excerpt(x->arena, excerpt, EXCERPT_MAX);
	mention_html(&b, s->author, excerpt);
	html = arena_strdup(x->arena, buf_str(&b));
	buf_free(&b);
	if ((id = db_mention_comment(x->db, m->post_id, m->source)) == -1)
		return -1;
	if (id > 0) {
		if (db_mention_update(x->db, id, name, m->source, excerpt, html,
		    s->author) == -1)
			return -1;
		return db_mention_done(x->db, m->id, "done", arena_printf(
		    x->arena, "updated comment %lld", (long long)id), x->now);
	}
	sub.author = name;
	sub.email = "";
	sub.url = m->source;
	sub.comment = excerpt;
	c.post_id = m->post_id;
	c.type = m->kind;
	c.status = comment_policy(x->site, &sub, m->addr, html, 0, 1, 0);
	c.author_name = name;
	c.author_email = "";
	c.author_url = m->source;
	c.created = x->now;
	c.body_html = html;
	cn.body_md = excerpt;
	cn.addr = m->addr;
	cn.agent = "";
	if ((id = db_comment_add(x->db, &c, &cn)) == -1 ||
	    db_mention_add(x->db, id, m->post_id, m->source, s->author) == -1)
		return -1;
	return db_mention_done(x->db, m->id, "done", arena_printf(x->arena,
	    "comment %lld (%s)", (long long)id,
	    comment_status_names[c.status]), x->now);
}

/* Does the fetched source link to the target? */
static int
links_to(struct mention_ctx *x, const struct mention_in *m,
    const struct fetch_res *res, struct html_scan *s)
{
	const char	*ct;
	size_t		 pos = 0;

	memset(s, 0, sizeof(*s));
	s->want = m->target;
	html_links_scan(x->arena, buf_str(&res->body), res->body.len, s);
	if (s->links_want)
		return 1;
	ct = fetch_header(x->arena, buf_str(&res->headers), "Content-Type",
	    &pos);
	/* Plain text and JSON sources: the address anywhere in them. */
	return ct != NULL && strncasecmp(ct, "text/html", 9) != 0 &&
	    strstr(buf_str(&res->body), m->target) != NULL;
}

/* Verify one mention inside a transaction already begun. */
static int
verify(struct mention_ctx *x, const struct mention_in *m,
    const struct fetch_res *res, int fetched)
{
	struct html_scan	 s;
	struct post		 p;
	int			 rc;

	if ((rc = db_post_by_id(x->db, x->arena, m->post_id, 0, &p)) != 1)
		return rc == 0 ? db_mention_done(x->db, m->id, "refused",
		    "target: the post is gone", x->now) : -1;
	if (!fetched && res->refused)
		return db_mention_done(x->db, m->id, "refused", arena_printf(
		    x->arena, "source: not fetched: %s", res->err), x->now);
	if (!fetched)
		return db_mention_done(x->db, m->id, "refused", arena_printf(
		    x->arena, "source: %s", res->err), x->now);
	if (res->status == 410)
		return forget(x, m, "source: gone (410)");
	if (res->status < 200 || res->status > 299)
		return db_mention_done(x->db, m->id, "refused", arena_printf(
		    x->arena, "source: answered %ld", res->status), x->now);
	if (!links_to(x, m, res, &s))
		return forget(x, m, "source: does not link to the target");
	if (!post_public(&p, x->now) || !p.comments_open)
		return db_mention_done(x->db, m->id, "refused",
		    "target: the post does not take mentions", x->now);
	return keep(x, m, &s);
}

int
mention_verify_next(struct mention_ctx *x)
{
	struct mention_in	 m;
	struct fetch_res	 res;
	int			 rc, fetched;

	if ((rc = db_mention_next(x->db, x->arena, &m)) != 1)
		return rc;
	/* The network first, outside any transaction. */
	fetched = fetch_url(x->arena, m.source, NULL, NULL, 0, &x->fetch,
	    &res) == 0;
	rc = -1;
	if (db_begin(x->db) == 0) {
		if ((rc = verify(x, &m, &res, fetched)) == 0)
			rc = db_commit(x->db);
		else
			db_rollback(x->db);
	}
	fetch_res_free(&res);
	return rc == 0 ? 1 : -1;
}

/* -- sending --------------------------------------------------------------- */

/* The rel parameter of one link-value holds webmention? */
static int
rel_webmention(const char *p, const char *e, struct arena *a)
{
	const char	*q, *v, *ve;

	while (p < e) {
		q = p;
		while (q < e && *q != ';')
			q++;
		v = p;
		while (v < q && (*v == ' ' || *v == '\t' || *v == ';'))
			v++;
		if (q - v > 4 && strncasecmp(v, "rel", 3) == 0) {
			v += 3;
			while (v < q && (*v == ' ' || *v == '='))
				v++;
			ve = q;
			if (v < ve && *v == '"') {
				v++;
				while (ve > v && ve[-1] != '"')
					ve--;
				if (ve > v)
					ve--;
			}
			if (html_links_has_word(arena_strndup(a, v,
			    (size_t)(ve - v)), "webmention"))
				return 1;
		}
		p = q + 1;
	}
	return 0;
}

char *
mention_link_header(struct arena *a, const char *h)
{
	const char	*v, *p, *u, *ue, *e;
	size_t		 pos = 0;
	int		 inq;

	while ((v = fetch_header(a, h, "Link", &pos)) != NULL) {
		for (p = v; *p != '\0'; p = *e ? e + 1 : e) {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			if (*p != '<' || (ue = strchr(p, '>')) == NULL)
				break;
			u = p + 1;
			/* The parameters run to the next comma outside
			   quotes. */
			for (e = ue + 1, inq = 0; *e != '\0' && (inq ||
			    *e != ','); e++)
				if (*e == '"')
					inq = !inq;
			if (rel_webmention(ue + 1, e, a))
				return arena_strndup(a, u, (size_t)(ue - u));
		}
	}
	return NULL;
}

/* A short, one-line form of a body for the editor. */
static const char *
answer_text(struct arena *a, const struct fetch_res *res)
{
	struct html_scan	 s;

	memset(&s, 0, sizeof(s));
	html_links_scan(a, buf_str(&res->body), res->body.len, &s);
	return html_links_excerpt(a, s.text, 200);
}

/* POST a Webmention to endpoint. */
static void
send_webmention(struct mention_ctx *x, const char *endpoint,
    const char *source, struct mention_out *o)
{
	struct fetch_res	 res;
	struct buf		 body = { 0 };

	buf_puts(&body, "source=");
	esc_url_component(&body, source, strlen(source));
	buf_puts(&body, "&target=");
	esc_url_component(&body, o->target, strlen(o->target));
	o->kind = "webmention";
	o->endpoint = endpoint;
	if (fetch_url(x->arena, endpoint, "application/x-www-form-urlencoded",
	    body.p, body.len, &x->fetch, &res) == -1)
		o->answer = arena_printf(x->arena, "not sent: %s", res.err);
	else {
		o->code = res.status;
		o->ok = res.status >= 200 && res.status <= 299;
		o->answer = answer_text(x->arena, &res);
	}
	fetch_res_free(&res);
	buf_free(&body);
}

static void
send_pingback(struct mention_ctx *x, const char *server, const char *source,
    struct mention_out *o)
{
	struct fetch_res	 res;
	struct buf		 body = { 0 };
	const char		*msg;
	int			 fault;

	buf_puts(&body, "<?xml version=\"1.0\"?>\n<methodCall><methodName>"
	    "pingback.ping</methodName><params><param><value><string>");
	esc_xml(&body, source, strlen(source));
	buf_puts(&body, "</string></value></param><param><value><string>");
	esc_xml(&body, o->target, strlen(o->target));
	buf_puts(&body, "</string></value></param></params></methodCall>\n");
	o->kind = "pingback";
	o->endpoint = server;
	if (fetch_url(x->arena, server, "text/xml", body.p, body.len,
	    &x->fetch, &res) == -1)
		o->answer = arena_printf(x->arena, "not sent: %s", res.err);
	else if (res.status != 200) {
		o->code = res.status;
		o->answer = arena_printf(x->arena, "answered %ld", res.status);
	} else {
		fault = xmlrpc_answer(x->arena, buf_str(&res.body),
		    res.body.len, &msg);
		o->code = fault;
		o->ok = fault == 0;
		o->answer = html_links_excerpt(x->arena, msg, 200);
	}
	fetch_res_free(&res);
	buf_free(&body);
}

/* Discover target's endpoint (W3C Webmention 3.1.2, then Pingback's
   X-Pingback and <link rel="pingback">) and send to it. */
static void
tell(struct mention_ctx *x, const char *source, struct mention_out *o)
{
	struct fetch_res	 res;
	struct html_scan	 s;
	const char		*ep, *pb;
	size_t			 pos = 0;

	o->kind = "none";
	o->endpoint = "";
	o->code = 0;
	o->ok = 0;
	if (fetch_url(x->arena, o->target, NULL, NULL, 0, &x->fetch, &res)
	    == -1) {
		o->answer = arena_printf(x->arena, "target: %s", res.err);
		fetch_res_free(&res);
		return;
	}
	memset(&s, 0, sizeof(s));
	ep = mention_link_header(x->arena, buf_str(&res.headers));
	pb = fetch_header(x->arena, buf_str(&res.headers), "X-Pingback", &pos);
	html_links_scan(x->arena, buf_str(&res.body), res.body.len, &s);
	if (ep == NULL)
		ep = s.webmention;
	if (pb == NULL)
		pb = s.pingback;
	/* An empty href is the target page itself. */
	if (ep != NULL)
		ep = *ep == '\0' ? res.url : fetch_url_resolve(x->arena,
		    res.url, ep);
	if (pb != NULL)
		pb = fetch_url_resolve(x->arena, res.url, pb);
	fetch_res_free(&res);
	if (ep != NULL)
		send_webmention(x, ep, source, o);
	else if (pb != NULL)
		send_pingback(x, pb, source, o);
	else
		o->answer = "no Webmention endpoint or pingback server found";
}

/* The hash of a link's markup, hex, in the arena. */
static char *
link_hash(struct arena *a, const char *p, size_t n)
{
	unsigned char	 h[16];
	char		*hex = arena_alloc(a, 33);

	crypto_generichash(h, sizeof(h), (const unsigned char *)p, n, NULL, 0);
	sodium_bin2hex(hex, 33, h, sizeof(h));
	return hex;
}

/* A link told before that the post no longer has: tell it once more,
   so that it can remove the mention (Webmention 3.1.3). */
static int
send_removed(struct mention_ctx *x, const struct post *p, const char *source,
    const struct html_scan *s)
{
	struct mention_out	*v = NULL, o;
	const char		*t;
	int			 i, j, n = 0, kept;

	if (db_mention_sent_list(x->db, x->arena, p->id, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].link_hash, "removed") == 0)
			continue;
		for (j = 0, kept = 0; j < s->nlinks && !kept; j++)
			kept = (t = fetch_url_resolve(x->arena, source,
			    s->links[j].href)) != NULL &&
			    strcmp(t, v[i].target) == 0;
		if (kept)
			continue;
		memset(&o, 0, sizeof(o));
		o.target = v[i].target;
		o.link_hash = "removed";
		tell(x, source, &o);
		o.sent = x->now;
		if (db_mention_sent_put(x->db, p->id, &o) == -1)
			return -1;
	}
	return 0;
}

/* Tell every link of post p that was not told in this form before. */
static int
send_post(struct mention_ctx *x, const struct post *p)
{
	struct html_scan	 s;
	struct mention_out	 o;
	const char		*source, *old, *base = x->site->base_url;
	size_t			 nb = strlen(base);
	int			 i, j, dup;

	source = arena_printf(x->arena, "%s%s", base, url_post_a(x->arena, p));
	memset(&s, 0, sizeof(s));
	html_links_scan(x->arena, p->body_html, strlen(p->body_html), &s);
	for (i = 0; i < s.nlinks; i++) {
		memset(&o, 0, sizeof(o));
		if ((o.target = fetch_url_resolve(x->arena, source,
		    s.links[i].href)) == NULL)
			continue;
		/* Our own pages are not told, nor names reserved for
		   examples; nor one link twice. */
		if ((strncasecmp(o.target, base, nb) == 0 && (o.target[nb] ==
		    '/' || o.target[nb] == '\0')) ||
		    fetch_host_reserved(o.target))
			continue;
		for (j = 0, dup = 0; j < i && !dup; j++)
			dup = strcmp(s.links[j].href, s.links[i].href) == 0;
		if (dup)
			continue;
		o.link_hash = link_hash(x->arena, p->body_html +
		    s.links[i].start, s.links[i].end - s.links[i].start);
		old = db_mention_sent_hash(x->db, x->arena, p->id, o.target);
		if (old != NULL && strcmp(old, o.link_hash) == 0)
			continue;
		tell(x, source, &o);
		o.sent = x->now;
		if (db_mention_sent_put(x->db, p->id, &o) == -1)
			return -1;
	}
	return send_removed(x, p, source, &s);
}

int
mention_send_next(struct mention_ctx *x)
{
	struct post	 p;
	int64_t		 id, token;
	int		 rc;

	if ((rc = db_mention_todo_next(x->db, &id, &token)) != 1)
		return rc;
	if ((rc = db_post_by_id(x->db, x->arena, id, 0, &p)) == -1)
		return -1;
	/* Each link's result is stored as it comes: a pass cut short
	   (the keeper stopped) is taken up again, told links skipped. */
	if (rc == 1 && post_public(&p, x->now) && send_post(x, &p) == -1)
		return -1;
	return db_mention_todo_del(x->db, id, token) == -1 ? -1 : 1;
}
