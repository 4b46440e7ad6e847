/* comment_form.c: the comment form on a post page, and the cookies a
   commenter's browser keeps: the owner marks of their comments and the
   details they asked to have remembered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "comment_policy.h"
#include "db_comment.h"
#include "esc.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define OWN_MAX		10
#define OWN_COOKIE	"quire_own"
#define YEAR		(365 * 86400)

/* -- the browser's own comments (a signed cookie) ----------------------- */

const char *
comment_owned(struct req *r)
{
	const char	*c, *p, *e;
	struct buf	 b = { 0 };
	char		 key[OWNER_KEY_HEX];
	int64_t		 id;
	int		 n = 0;
	char		*s;

	if ((c = http_cookie(r, OWN_COOKIE)) == NULL)
		return NULL;
	buf_putc(&b, '[');
	for (p = c; *p != '\0' && n < OWN_MAX; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "~");
		if ((id = owner_parse(p, (size_t)(e - p), key)) > 0)
			buf_printf(&b, "%s[%lld,\"%s\"]", n++ ? "," : "",
			    (long long)id, key);
	}
	buf_putc(&b, ']');
	s = n ? arena_strdup(r->arena, buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

int
comment_owns(const char *own, const struct comment *c)
{
	char	 pair[64];

	if (own == NULL || c->edit_key == NULL || *c->edit_key == '\0')
		return 0;
	(void)snprintf(pair, sizeof(pair), "[%lld,\"%s\"]",
	    (long long)c->id, c->edit_key);
	return strstr(own, pair) != NULL;
}

static void
set_cookie(struct resp *resp, const struct req *r, const char *name,
    const char *value, int max_age)
{
	char	*v;

	v = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age, r->https ? "; Secure" :
	    "");
	(void)http_header(resp, "Set-Cookie", v);
}

/* Add comment id's mark to the owner cookie, keeping the newest
   OWN_MAX. */
static void
own_add(struct req *r, struct resp *resp, int64_t id,
    const unsigned char secret[OWNER_SECRET])
{
	char		 mark[OWNER_TEXT], key[OWNER_KEY_HEX];
	const char	*old, *p, *e;
	struct buf	 b = { 0 };
	size_t		 len;
	int		 n = 1;

	owner_mark(id, secret, mark);
	buf_puts(&b, mark);
	if ((old = http_cookie(r, OWN_COOKIE)) != NULL)
		for (p = old; *p != '\0' && n < OWN_MAX; p = *e ? e + 1 : e) {
			e = p + strcspn(p, "~");
			len = (size_t)(e - p);
			if (owner_parse(p, len, key) == 0 ||
			    (len == strlen(mark) && strncmp(p, mark, len) == 0))
				continue;
			buf_putc(&b, '~');
			buf_add(&b, p, len);
			n++;
		}
	set_cookie(resp, r, OWN_COOKIE, buf_str(&b), 30 * 86400);
	buf_free(&b);
}

/* Remember (or forget) name, email and website for the next comment. */
static void
remember(struct req *r, struct resp *resp, const struct comment_submit *s)
{
	static const char *const names[] = { "comment_author",
	    "comment_author_email", "comment_author_url" };
	const char	*vals[3] = { s->author, s->email, s->url };
	struct buf	 b = { 0 };
	int		 i;

	for (i = 0; i < 3; i++) {
		buf_reset(&b);
		if (s->save)
			esc_url_component(&b, vals[i], strlen(vals[i]));
		set_cookie(resp, r, names[i], buf_str(&b), s->save ? YEAR : 0);
	}
	buf_free(&b);
}

static const char *
cookie_text(struct req *r, const char *name)
{
	const char	*c;
	char		*out;
	size_t		 n;

	if ((c = http_cookie(r, name)) == NULL || *c == '\0')
		return NULL;
	if (url_decode(r->arena, c, strlen(c), 0, &out, &n) == -1 ||
	    !text_clean(out, n) || memchr(out, '\0', n) != NULL)
		return NULL;
	return out;
}

void
comment_cookies_set(struct req *r, struct resp *resp, int64_t id,
    const unsigned char nonce[TOKEN_NONCE], const struct comment_submit *s)
{
	unsigned char	 secret[OWNER_SECRET];

	owner_secret(r->w->site.key, nonce, secret);
	own_add(r, resp, id, secret);
	sodium_memzero(secret, sizeof(secret));
	remember(r, resp, s);
}

/* -- the form ---------------------------------------------------------- */

int
comment_is_open(struct req *r, const struct post *p)
{
	if (!p->comments_open)
		return 0;
	if (r->w->site.close_days > 0 && r->now - p->published >
	    (int64_t)r->w->site.close_days * 86400)
		return 0;
	return 1;
}

/* The reply target: the comment ?replyto= or the sent form names, if it
   is shown on this post (a query that is no id makes the request 400). */
static void
fill_reply_to(struct req *r, struct tval *f, const struct post *p,
    const struct comment_submit *sub)
{
	struct tval	*rt;
	struct comment	 c;
	const char	*q;
	int64_t		 parent = 0;

	if (sub != NULL)
		parent = sub->parent_id;
	else if ((q = http_query(r, "replyto")) != NULL && *q != '\0' &&
	    (parent = id_parse(q)) < 0) {
		/* Not a comment id at all (-1, 1e99, 20 digits): 400. */
		r->query_bad = 1;
		parent = 0;
	}
	if (parent > 0 && db_comment_by_id(&r->w->db, r->arena, parent, &c)
	    == 1 && c.post_id == p->id && c.status == COMMENT_APPROVED) {
		rt = tmpl_set_obj(f, "reply_to");
		tmpl_set_text(rt, "name", c.author_name);
		tmpl_set_text(rt, "cancel_url", url_post_a(r->arena, p));
		tmpl_set_int(f, "parent_id", parent);
	} else
		tmpl_set_int(f, "parent_id", 0);
}

/* What the person sent, every character, with the errors beside it. */
static void
fill_sent(struct req *r, struct tval *f, const struct comment_submit *sub)
{
	const struct i18n	*l = &r->w->lang;

	tmpl_set_text(f, "author", sub->author);
	tmpl_set_text(f, "email", sub->email);
	tmpl_set_text(f, "url", sub->url);
	tmpl_set_text(f, "comment", sub->comment);
	tmpl_set_bool(f, "save", sub->save);
	tmpl_set_bool(f, "notify", sub->notify);
	/* The messages are msgids (N_() where they are made). */
	if (sub->message)
		tmpl_set_text(f, "message", _(l, sub->message));
	if (sub->err_author)
		tmpl_set_text(f, "err_author", _(l, sub->err_author));
	if (sub->err_email)
		tmpl_set_text(f, "err_email", _(l, sub->err_email));
	if (sub->err_url)
		tmpl_set_text(f, "err_url", _(l, sub->err_url));
	if (sub->err_comment)
		tmpl_set_text(f, "err_comment", i18n_format(r->arena,
		    _(l, sub->err_comment), "n", arena_printf(r->arena, "%zu",
		    strlen(sub->comment)), "max", arena_printf(r->arena, "%d",
		    COMMENT_TEXT_MAX), NULL));
	tmpl_set_bool(f, "has_errors", sub->err_author || sub->err_email ||
	    sub->err_url || sub->err_comment);
}

/* The details the commenter asked to have remembered (cookies). */
static void
fill_remembered(struct req *r, struct tval *f)
{
	const char	*q;

	tmpl_set_text(f, "author", (q = cookie_text(r, "comment_author")) ?
	    q : "");
	tmpl_set_text(f, "email", (q = cookie_text(r,
	    "comment_author_email")) ? q : "");
	tmpl_set_text(f, "url", (q = cookie_text(r, "comment_author_url")) ?
	    q : "");
	tmpl_set_bool(f, "save", (q = http_cookie(r, "comment_author")) !=
	    NULL && *q != '\0');
	tmpl_set_text(f, "comment", "");
	tmpl_set_bool(f, "notify", 0);
}

int
comment_form_fill(struct req *r, struct tval *ctx, const struct post *p,
    const struct comment_submit *sub)
{
	struct tval	*f;

	/* A closed post shows no form, except to give back what someone
	   sent (422): their text must not be lost. */
	if ((sub == NULL && !comment_is_open(r, p)) || !r->w->site.has_key)
		return 0;
	f = tmpl_set_obj(ctx, "respond");
	/* reply.js's labels, translated like the server's own: "{name}"
	   stands where it puts the commenter's name. */
	tmpl_set_text(tmpl_set_obj(f, "js"), "name", "{name}");
	/* Unset keys would be looked up in the page around the form. */
	tv_set(f, "reply_to", tv_null(r->arena));
	tv_set(f, "message", tv_null(r->arena));
	tv_set(f, "err_author", tv_null(r->arena));
	tv_set(f, "err_email", tv_null(r->arena));
	tv_set(f, "err_url", tv_null(r->arena));
	tv_set(f, "err_comment", tv_null(r->arena));
	tmpl_set_bool(f, "has_errors", 0);
	/* "Email me replies to my comment" (DESIGN.md, "Mail"). */
	tmpl_set_bool(f, "offer_notify", r->w->site.notify_replies);
	/* The site's privacy note (settings; Markdown rendered safely, as
	   a comment is, when the settings are loaded). */
	if (r->w->site.privacy_note != NULL)
		tmpl_set_html(f, "privacy_note", r->w->site.privacy_note);
	else
		tv_set(f, "privacy_note", tv_null(r->arena));
	/* The token is written into the page when it is sent, where the
	   template put this hole (app.c). */
	tv_set(f, "token", tv_hole(r->arena, TOKEN_HOLE, TOKEN_CHARS));
	tmpl_set_int(f, "post_id", p->id);
	fill_reply_to(r, f, p, sub);
	if (sub != NULL)
		fill_sent(r, f, sub);
	else
		fill_remembered(r, f);
	return 0;
}

int
comment_personal(const struct req *r)
{
	static const char *const personal[] = { OWN_COOKIE, "comment_author",
	    "comment_author_email", "comment_author_url", NULL };
	const char	*v;
	int		 i;

	for (i = 0; personal[i] != NULL; i++)
		if ((v = http_cookie(r, personal[i])) != NULL && *v != '\0')
			return 1;
	return 0;
}
