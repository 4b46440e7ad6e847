/* comment_form.c: the comment form, POST /comment, and the writer's
   15-minute edit window. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_comment.h"
#include "db_post.h"
#include "esc.h"
#include "html.h"
#include "http.h"
#include "markdown.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define NAME_MAX_LEN	200
#define EMAIL_MAX_LEN	254
#define URL_MAX_LEN	2000
#define TEXT_MAX_LEN	(16 * 1024)
#define EDIT_SECONDS	(15 * 60)
#define OWN_MAX		10
#define OWN_COOKIE	"quire_own"
#define YEAR		(365 * 86400)

/* -- the browser's own comments (a signed cookie) ----------------------- */

const char *
comment_owned(struct req *r)
{
	const char	*c, *p, *e;
	struct buf	 b = { 0 };
	int64_t		 id;
	int		 n = 0;
	char		*s;

	if ((c = http_cookie(r, OWN_COOKIE)) == NULL)
		return NULL;
	buf_putc(&b, '[');
	for (p = c; *p != '\0' && n < OWN_MAX; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "~");
		if (!r->w->site.has_key)
			break;
		if ((id = owner_verify(r->w->site.key, p, (size_t)(e - p))) > 0)
			buf_printf(&b, "%s%lld", n++ ? "," : "", (long long)id);
	}
	buf_putc(&b, ']');
	s = n ? arena_strdup(r->arena, buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

int
comment_owns(const char *own, long long id)
{
	char	 needle[32];
	size_t	 n;
	const char *p;

	if (own == NULL)
		return 0;
	n = (size_t)snprintf(needle, sizeof(needle), "%lld", (long long)id);
	for (p = own; (p = strstr(p, needle)) != NULL; p += n)
		if ((p[-1] == '[' || p[-1] == ',') &&
		    (p[n] == ']' || p[n] == ','))
			return 1;
	return 0;
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

/* Add comment id to the owner cookie, keeping the newest OWN_MAX. */
static void
own_add(struct req *r, struct resp *resp, int64_t id)
{
	char		 mark[OWNER_TEXT];
	const char	*old, *p, *e;
	struct buf	 b = { 0 };
	size_t		 len;
	int		 n = 1;

	owner_sign(r->w->site.key, id, mark);
	buf_puts(&b, mark);
	if ((old = http_cookie(r, OWN_COOKIE)) != NULL)
		for (p = old; *p != '\0' && n < OWN_MAX; p = *e ? e + 1 : e) {
			e = p + strcspn(p, "~");
			len = (size_t)(e - p);
			if (owner_verify(r->w->site.key, p, len) == 0 ||
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

/* A decimal id of 1 to 18 digits (no sign, no overflow), or -1. */
static long long
id_value(const char *s)
{
	long long	 v = 0;
	size_t		 n;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		v = v * 10 + (s[n] - '0');
	return n > 0 && n <= 18 && s[n] == '\0' ? v : -1;
}

int
comment_form_fill(struct req *r, struct tval *ctx, const struct post *p,
    const struct comment_submit *sub)
{
	struct tval	*f, *rt;
	struct comment	 c;
	const char	*q;
	long long	 parent = 0;

	/* A closed post shows no form, except to give back what someone
	   sent (422): their text must not be lost. */
	if ((sub == NULL && !comment_is_open(r, p)) || !r->w->site.has_key)
		return 0;
	f = tmpl_set_obj(ctx, "respond");
	/* Unset keys would be looked up in the page around the form. */
	tv_set(f, "reply_to", tv_null(r->arena));
	tv_set(f, "message", tv_null(r->arena));
	tv_set(f, "err_author", tv_null(r->arena));
	tv_set(f, "err_email", tv_null(r->arena));
	tv_set(f, "err_url", tv_null(r->arena));
	tv_set(f, "err_comment", tv_null(r->arena));
	tmpl_set_bool(f, "has_errors", 0);
	/* The site's privacy note (settings; Markdown rendered safely, as
	   a comment is, when the settings are loaded). */
	if (r->w->site.privacy_note != NULL)
		tmpl_set_html(f, "privacy_note", r->w->site.privacy_note);
	else
		tv_set(f, "privacy_note", tv_null(r->arena));
	/* The token is written into the page when it is sent. */
	tmpl_set_text(f, "token", TOKEN_HOLE);
	tmpl_set_int(f, "post_id", p->id);
	if (sub != NULL)
		parent = sub->parent_id;
	else if ((q = http_query(r, "replyto")) != NULL && *q != '\0' &&
	    (parent = id_value(q)) < 0) {
		/* Not a comment id at all (-1, 1e99, 20 digits): 400. */
		r->query_bad = 1;
		parent = 0;
	}
	if (parent > 0 && db_comment_by_id(&r->w->db, r->arena, parent, &c)
	    == 1 && c.post_id == p->id && strcmp(c.status, "approved") == 0) {
		rt = tmpl_set_obj(f, "reply_to");
		tmpl_set_text(rt, "name", c.author_name);
		tmpl_set_text(rt, "cancel_url", url_post_a(r->arena, p));
		tmpl_set_int(f, "parent_id", parent);
	} else
		tmpl_set_int(f, "parent_id", 0);
	if (sub != NULL) {
		tmpl_set_text(f, "author", sub->author);
		tmpl_set_text(f, "email", sub->email);
		tmpl_set_text(f, "url", sub->url);
		tmpl_set_text(f, "comment", sub->comment);
		tmpl_set_bool(f, "save", sub->save);
		if (sub->err_author)
			tmpl_set_text(f, "err_author", sub->err_author);
		if (sub->err_email)
			tmpl_set_text(f, "err_email", sub->err_email);
		if (sub->err_url)
			tmpl_set_text(f, "err_url", sub->err_url);
		if (sub->err_comment)
			tmpl_set_text(f, "err_comment", sub->err_comment);
		if (sub->message)
			tmpl_set_text(f, "message", sub->message);
		if (sub->err_author || sub->err_email || sub->err_url ||
		    sub->err_comment)
			tmpl_set_bool(f, "has_errors", 1);
	} else {
		tmpl_set_text(f, "author", (q = cookie_text(r,
		    "comment_author")) ? q : "");
		tmpl_set_text(f, "email", (q = cookie_text(r,
		    "comment_author_email")) ? q : "");
		tmpl_set_text(f, "url", (q = cookie_text(r,
		    "comment_author_url")) ? q : "");
		tmpl_set_bool(f, "save", http_cookie(r, "comment_author") !=
		    NULL && *http_cookie(r, "comment_author") != '\0');
		tmpl_set_text(f, "comment", "");
	}
	return 0;
}

int
comment_form_generic(const struct req *r)
{
	static const char *const personal[] = { OWN_COOKIE, "comment_author",
	    "comment_author_email", "comment_author_url", NULL };
	int	 i;

	if (*r->query_raw != '\0')
		return 0;
	for (i = 0; personal[i] != NULL; i++)
		if (http_cookie(r, personal[i]) != NULL)
			return 0;
	return 1;
}

long
comment_token_hole(const char *body, size_t len)
{
	static const char	 at[] = "name=\"token\" value=\"" TOKEN_HOLE;
	const char		*p, *end;

	/* memmem is not POSIX; the form is one of few '"' + "token" spots. */
	if (len < sizeof(at) - 1)
		return -1;
	end = body + len - (sizeof(at) - 1);
	for (p = body; p <= end; p++)
		if (*p == 'n' && memcmp(p, at, sizeof(at) - 1) == 0)
			return (long)(p - body) + (long)sizeof(at) - 1 -
			    TOKEN_CHARS;
	return -1;
}

int
comment_token_fill(const struct req *r, char *body, size_t len,
    long long post_id, long hole)
{
	char	 token[TOKEN_TEXT];

	if (hole < 0 || (size_t)hole + TOKEN_CHARS > len)
		return 0;
	token_make(r->w->site.key, post_id, r->now, r->remote_addr, token);
	memcpy(body + hole, token, TOKEN_CHARS);
	return 1;
}

/* -- validation -------------------------------------------------------- */

static const char *
field(struct req *r, const char *name, size_t *len, int *bad)
{
	const struct kv	*kv;

	if ((kv = kv_find(r->form, name)) == NULL) {
		*len = 0;
		return "";
	}
	*len = kv->vallen;
	if (!text_clean(kv->val, kv->vallen))
		*bad = 1;
	return kv->val;
}

/* Trim white space at both ends (in the arena). */
static const char *
trim(struct arena *a, const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

static int
email_ok(const char *e)
{
	const char	*at, *dot, *p;

	if ((at = strchr(e, '@')) == NULL || at == e || strchr(at + 1, '@'))
		return 0;
	if ((dot = strrchr(at, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0')
		return 0;
	for (p = e; *p; p++)
		if (*p == ' ' || *p == '<' || *p == '>' || *p == '"' ||
		    *p == ',' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

static int
url_ok(const char *u)
{
	const char	*p;

	if (strncasecmp(u, "http://", 7) != 0 &&
	    strncasecmp(u, "https://", 8) != 0)
		return 0;
	p = strstr(u, "//") + 2;
	if (*p == '\0' || *p == '/')
		return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return 0;
	return 1;
}

/*
 * Does u start with a URI scheme ("javascript:", "mailto:")? Such a
 * website is refused, not made "http://javascript:...". A colon and a
 * digit is a port ("example.org:8080"), not a scheme.
 */
static int
has_scheme(const char *u)
{
	const char	*p = u;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return *p == ':' && !isdigit((unsigned char)p[1]);
}

/* The first field of the form that was sent more than once, or NULL:
   which of two names or two tokens is meant is anybody's guess. */
static const char *
duplicate_field(const struct req *r)
{
	static const char *const names[] = { "author", "email", "url",
	    "comment", "comment_post_ID", "comment_parent", "token",
	    "subject", NULL };
	int	 i;

	for (i = 0; names[i] != NULL; i++)
		if (kv_count(r->form, names[i]) > 1)
			return names[i];
	return NULL;
}

/*
 * Read the submission from the form; fills sub (with errors) and returns
 * the number of field errors.
 */
static int
read_submission(struct req *r, struct comment_submit *s)
{
	size_t		 n;
	int		 bad, errs = 0;
	const char	*v, *parent;
	char		*end;

	memset(s, 0, sizeof(*s));
	bad = 0;
	v = field(r, "author", &n, &bad);
	s->author = bad ? utf8_showable(r->arena, v, n) : trim(r->arena, v);
	if (bad)
		s->err_author = "Your name holds characters that are not "
		    "allowed (control characters or invalid text).";
	else if (*s->author == '\0')
		s->err_author = "Please enter your name.";
	else if (strpbrk(s->author, "\r\n") != NULL)
		s->err_author = "Your name cannot hold line breaks.";
	else if (strlen(s->author) > NAME_MAX_LEN)
		s->err_author = "Your name is too long (200 characters at most).";
	bad = 0;
	v = field(r, "email", &n, &bad);
	s->email = bad ? utf8_showable(r->arena, v, n) : trim(r->arena, v);
	if (bad || (*s->email != '\0' && !email_ok(s->email)))
		s->err_email = "Please enter a valid email address.";
	else if (*s->email == '\0')
		s->err_email = "Please enter your email address. It will not "
		    "be published.";
	else if (strlen(s->email) > EMAIL_MAX_LEN)
		s->err_email = "Your email address is too long.";
	bad = 0;
	v = field(r, "url", &n, &bad);
	s->url = bad ? utf8_showable(r->arena, v, n) : trim(r->arena, v);
	if (!bad && *s->url != '\0' && strstr(s->url, "://") == NULL &&
	    strchr(s->url, ' ') == NULL && !has_scheme(s->url))
		s->url = arena_printf(r->arena, "http://%s", s->url);
	if (bad || (*s->url != '\0' && !url_ok(s->url)))
		s->err_url = "Please enter a website address starting with "
		    "http:// or https://, or leave it empty.";
	else if (strlen(s->url) > URL_MAX_LEN)
		s->err_url = "That website address is too long.";
	bad = 0;
	v = field(r, "comment", &n, &bad);
	s->comment = bad ? utf8_showable(r->arena, v, n) : v;
	if (bad)
		s->err_comment = "Your comment holds characters that are not "
		    "allowed (control characters or invalid text). Please "
		    "remove them and send it again.";
	else if (*trim(r->arena, v) == '\0')
		s->err_comment = "Please type your comment.";
	else if (n > TEXT_MAX_LEN)
		s->err_comment = arena_printf(r->arena, "Your comment is %zu "
		    "bytes; the limit is %d. Please shorten it.", n,
		    TEXT_MAX_LEN);
	s->save = kv_get(r->form, "wp-comment-cookies-consent") != NULL;
	if ((parent = kv_get(r->form, "comment_parent")) != NULL &&
	    *parent != '\0') {
		s->parent_id = strtoll(parent, &end, 10);
		if (*end != '\0' || s->parent_id < 0)
			s->parent_id = -1;
	}
	errs = (s->err_author != NULL) + (s->err_email != NULL) +
	    (s->err_url != NULL) + (s->err_comment != NULL);
	if ((v = duplicate_field(r)) != NULL) {
		s->message = arena_printf(r->arena, "The form was sent with "
		    "the field \xe2\x80\x9c%s\xe2\x80\x9d more than once, so it "
		    "was not accepted. Your text is kept below: please press "
		    "the button again.", v);
		errs++;
	}
	return errs;
}

/* -- policy -------------------------------------------------------------- */

static int
contains_ci(const char *hay, const char *needle, size_t n)
{
	size_t	 i, hn = strlen(hay);

	if (n == 0 || n > hn)
		return 0;
	for (i = 0; i + n <= hn; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static int
blocked(const char *list, const struct comment_submit *s, const char *addr)
{
	const char	*p, *e, *t;
	size_t		 n;

	for (p = list; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		t = e;
		while (p < t && isspace((unsigned char)*p))
			p++;
		while (t > p && isspace((unsigned char)t[-1]))
			t--;
		n = (size_t)(t - p);
		if (n == 0)
			continue;
		if ((strlen(addr) == n && strncmp(addr, p, n) == 0) ||
		    contains_ci(s->author, p, n) ||
		    contains_ci(s->email, p, n) || contains_ci(s->url, p, n) ||
		    contains_ci(s->comment, p, n))
			return 1;
	}
	return 0;
}

static int
count_links(const char *html)
{
	int		 n = 0;
	const char	*p;

	for (p = html; (p = strstr(p, "<a ")) != NULL; p += 3)
		n++;
	return n;
}

static void
fingerprint(const struct comment_submit *s, int64_t post_id,
    unsigned char out[16])
{
	crypto_generichash_state	 st;
	char				 ids[64];

	(void)snprintf(ids, sizeof(ids), "%lld/%lld", (long long)post_id,
	    s->parent_id);
	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)ids,
	    strlen(ids) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->author,
	    strlen(s->author) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->email,
	    strlen(s->email) + 1);
	crypto_generichash_update(&st, (const unsigned char *)s->comment,
	    strlen(s->comment));
	crypto_generichash_final(&st, out, 16);
}

/* -- outcomes ------------------------------------------------------------ */

/* 303 to the stored comment (approved: its anchor; held: the post, where
   the owner cookie shows it). */
static int
see_comment(struct req *r, struct resp *resp, const struct post *p,
    int64_t id, const struct comment_submit *s)
{
	own_add(r, resp, id);
	remember(r, resp, s);
	resp->location = arena_printf(r->arena, "%s#comment-%lld",
	    url_post_a(r->arena, p), (long long)id);
	return 303;
}

#define UNSAVED	"Your comment could not be saved just now (the blog is " \
	"busy or under maintenance). Your text is below, so that you can " \
	"keep it; please try again in a moment."

/*
 * A page that gives the text back without a form: themed if the page
 * can be made, else the plain error page with the text in its message
 * (the database is failing: then the status is 503).
 */
static int
kept_page(struct req *r, struct resp *resp, const struct comment_submit *s,
    int status, const char *title, const char *message)
{
	struct tval	*ctx;

	resp->tmpl = NULL;
	resp->ctx = NULL;
	resp->cache = CACHE_NONE;
	if ((ctx = page_ctx(r, resp, title)) == NULL) {
		resp->message = arena_printf(r->arena, "%s\n\n%s", message,
		    s->comment);
		return 503;
	}
	tmpl_set_text(ctx, "error_title", title);
	tmpl_set_text(ctx, "message", message);
	tmpl_set_text(ctx, "kept_text", s->comment);
	resp->ctx = ctx;
	resp->tmpl = "error";
	return status;
}

/* The form comes back (status 403, 422, 429, 503) with everything kept;
   if the post page cannot be made, the text comes back all the same. */
static int
again(struct req *r, struct resp *resp, const struct post *p,
    struct comment_submit *s, int status, const char *message)
{
	int	 rc;

	if (message != NULL)
		s->message = message;
	if ((rc = page_post_render(r, resp, p, s, status)) != 500)
		return rc;
	return kept_page(r, resp, s, 503, "Comment not saved", UNSAVED);
}

/* No post to show the form on: a page that still gives the text back. */
static int
lost_post(struct req *r, struct resp *resp, const struct comment_submit *s)
{
	return kept_page(r, resp, s, 422, "Comment not posted", "The post "
	    "you commented on does not exist or is not open for comments. "
	    "Your text is below, so that you can keep it.");
}

/* Store the comment in one transaction with its nonce.
   Returns the id, 0 if the nonce was spent meanwhile, -1 on error. */
static int64_t
store(struct req *r, struct comment *c, const struct comment_new *cn,
    const struct token *tok)
{
	struct db	*db = &r->w->db;
	int64_t		 id;
	int		 spent;

	if (db_begin(db) == -1)
		return -1;
	if ((id = db_comment_by_nonce(db, tok->nonce, TOKEN_NONCE)) != 0) {
		db_rollback(db);
		return id > 0 ? 0 : -1;
	}
	if ((id = db_comment_add(db, c, cn)) == -1)
		goto fail;
	if ((spent = db_comment_spend_nonce(db, tok->nonce, TOKEN_NONCE, id,
	    r->now)) != 0)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return id;
fail:
	db_rollback(db);
	return -1;
}

/*
 * POST /comment: author, email, url, comment, comment_post_ID,
 * comment_parent, token, subject (the honeypot),
 * wp-comment-cookies-consent. 303 to the comment (stored, or stored
 * before by the same form); 422 invalid; 403 bad token; 429 rate or
 * flood; 503 database unavailable; 413 (router) over 64 KiB.
 */
int
comment_post(struct req *r, struct resp *resp)
{
	struct worker		*w = r->w;
	struct comment_submit	 s;
	struct post		 p;
	struct comment		 c = { 0 }, parent;
	struct comment_new	 cn = { 0 };
	struct token		 tok;
	enum token_verdict	 v;
	const struct html	*h;
	unsigned char		 fp[16];
	const char		*pid, *status = "approved", *hp, *tokv;
	char			*end;
	long long		 post_id;
	int64_t			 id, last, hits;
	int			 errs, rc;

	errs = read_submission(r, &s);
	pid = kv_get(r->form, "comment_post_ID");
	post_id = pid ? strtoll(pid, &end, 10) : 0;
	if (pid == NULL || *end != '\0' || post_id <= 0 ||
	    (rc = db_post_by_id(&w->db, r->arena, post_id, 0, &p)) == 0 ||
	    (rc == 1 && strcmp(p.status, "published") != 0))
		return lost_post(r, resp, &s);
	if (rc == -1)
		return kept_page(r, resp, &s, 503, "Comment not saved",
		    UNSAVED);
	if (!comment_is_open(r, &p)) {
		s.message = "Comments are closed on this post.";
		return again(r, resp, &p, &s, 422, NULL);
	}
	fingerprint(&s, p.id, fp);

	/* The token: the same form sent twice comes to the comment it
	   stored, whatever its age; anything else refused is 403. */
	tokv = kv_get(r->form, "token");
	if (tokv != NULL && strncmp(tokv, "2.", 2) == 0)
		/* Made by nginx for a page it served from the page files:
		   bound to the post by the post's address. */
		v = token_check_edge(w->site.key, tokv, url_post_a(r->arena,
		    &p), r->now, w->site.min_fill, w->site.max_age,
		    r->remote_addr, &tok);
	else
		v = token_check(w->site.key, tokv, p.id, r->now,
		    w->site.min_fill, w->site.max_age, r->remote_addr, &tok);
	if (v == TOKEN_OK || v == TOKEN_TOO_FAST || v == TOKEN_EXPIRED) {
		id = db_comment_by_nonce(&w->db, tok.nonce, TOKEN_NONCE);
		if (id == -1)
			return again(r, resp, &p, &s, 503, "Your comment could "
			    "not be saved just now. Please press the button "
			    "again in a moment.");
		if (id > 0 && db_comment_fingerprint_is(&w->db, id, fp, 16)
		    == 1)
			return see_comment(r, resp, &p, id, &s);
		if (id > 0)
			return again(r, resp, &p, &s, 403, "This form was "
			    "already used for another comment. Your text is "
			    "kept below: please press the button again.");
	}
	if (v == TOKEN_TOO_FAST)
		return again(r, resp, &p, &s, 403, "That was quicker than a "
		    "person types, so it was not accepted. Your text is kept "
		    "below: please press the button again.");
	if (v == TOKEN_EXPIRED)
		return again(r, resp, &p, &s, 403, "This form had expired. "
		    "Your text is kept below: please press the button again.");
	if (v != TOKEN_OK)
		return again(r, resp, &p, &s, 403, "The form could not be "
		    "verified (it may be from an old page). Your text is kept "
		    "below: please press the button again.");
	if (errs > 0)
		return again(r, resp, &p, &s, 422, NULL);

	/* The reply target: on this post, shown; deeper than the maximum
	   joins the thread at the maximum depth. */
	if (s.parent_id < 0 || (s.parent_id > 0 && (db_comment_by_id(&w->db,
	    r->arena, s.parent_id, &parent) != 1 || parent.post_id != p.id ||
	    strcmp(parent.status, "approved") != 0))) {
		s.parent_id = 0;
		s.message = "The comment you replied to is not on this post "
		    "(any more). You can post your text as a new comment.";
		return again(r, resp, &p, &s, 422, NULL);
	}
	c.parent_id = s.parent_id;
	while (c.parent_id > 0 && parent.depth >= w->site.max_depth) {
		c.parent_id = parent.parent_id;
		if (c.parent_id > 0 && db_comment_by_id(&w->db, r->arena,
		    c.parent_id, &parent) != 1)
			c.parent_id = 0;
	}

	/* Rate limit (the comments stored from this address in this
	   minute: the comments are their own record) and flood control. */
	hits = db_comment_count_from(&w->db, r->remote_addr,
	    r->now - r->now % 60);
	if (hits >= w->site.rate_limit) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)(60 - r->now % 60)));
		return again(r, resp, &p, &s, 429, "You have sent several "
		    "comments in a short time. Please wait a minute and press "
		    "the button again; your text is kept below.");
	}
	last = db_comment_last_from(&w->db, r->remote_addr, s.email);
	if (last > 0 && r->now - last < w->site.flood) {
		(void)http_header(resp, "Retry-After", arena_printf(r->arena,
		    "%lld", (long long)(w->site.flood - (r->now - last))));
		return again(r, resp, &p, &s, 429, "You are posting comments "
		    "too quickly. Please wait a few seconds and press the "
		    "button again; your text is kept below.");
	}

	/* Policy: spam, held or approved. */
	h = md_render_comment(r->arena, s.comment, strlen(s.comment));
	hp = kv_get(r->form, "subject");
	if ((hp != NULL && *hp != '\0') || blocked(w->site.blocklist, &s,
	    r->remote_addr))
		status = "spam";
	else if (w->site.moderation == MOD_ALL || !tok.same_net ||
	    count_links(h->s) > w->site.link_limit)
		status = "pending";
	else if (w->site.moderation == MOD_FIRST &&
	    db_comment_trusted(&w->db, s.email) != 1)
		status = "pending";

	c.post_id = p.id;
	c.type = "comment";
	c.status = status;
	c.author_name = s.author;
	c.author_email = s.email;
	c.author_url = s.url;
	c.created = r->now;
	c.body_html = h->s;
	cn.body_md = s.comment;
	cn.addr = r->remote_addr;
	cn.agent = r->user_agent;
	cn.fingerprint = fp;
	cn.fingerprint_len = sizeof(fp);
	if ((id = store(r, &c, &cn, &tok)) == -1)
		return again(r, resp, &p, &s, 503, "Your comment could not be "
		    "saved just now (the blog is busy or under maintenance). "
		    "Your text is kept below: please press the button again "
		    "in a moment.");
	if (id == 0) {		/* the same nonce won a race */
		id = db_comment_by_nonce(&w->db, tok.nonce, TOKEN_NONCE);
		if (id > 0 && db_comment_fingerprint_is(&w->db, id, fp, 16)
		    == 1)
			return see_comment(r, resp, &p, id, &s);
		return again(r, resp, &p, &s, 403, "This form was already "
		    "used for another comment. Your text is kept below: "
		    "please press the button again.");
	}
	return see_comment(r, resp, &p, id, &s);
}

/* The writer's own comment, editable: 1 (in c), 0 (not theirs, too
   old, or answered already), -1 on a database error. */
static int
editable(struct req *r, int64_t id, struct comment *c)
{
	int	 rc;

	if (id <= 0 || !comment_owns(comment_owned(r), id))
		return 0;
	if ((rc = db_comment_by_id(&r->w->db, r->arena, id, c)) != 1)
		return rc;
	if (r->now - c->created > EDIT_SECONDS ||
	    strcmp(c->status, "trash") == 0)
		return 0;
	if ((rc = db_comment_has_replies(&r->w->db, id)) != 0)
		return rc == 1 ? 0 : -1;
	return 1;
}

static int
edit_page(struct req *r, struct resp *resp, const struct comment *c,
    const char *text, const char *message, int status)
{
	struct tval	*ctx, *f;
	struct post	 p;

	if (db_post_by_id(&r->w->db, r->arena, c->post_id, 0, &p) != 1)
		return 404;
	if ((ctx = page_ctx(r, resp, "Edit your comment")) == NULL)
		return 500;
	f = tmpl_set_obj(ctx, "edit");
	tmpl_set_int(f, "id", c->id);
	tmpl_set_text(f, "comment", text);
	tmpl_set_text(f, "post_title", *p.title ? p.title : "(no title)");
	tmpl_set_text(f, "post_url", url_post_a(r->arena, &p));
	tmpl_set_int(f, "minutes_left", (EDIT_SECONDS - (r->now - c->created)
	    + 59) / 60);
	if (message != NULL)
		tmpl_set_text(f, "message", message);
	resp->ctx = ctx;
	resp->tmpl = "comment_edit";
	resp->cache = CACHE_NONE;
	return status;
}

static int64_t
id_param(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : 0;
}

/*
 * GET /comment/edit?c=ID: the writer's form to change or delete their
 * comment, for 15 minutes after posting and until someone replies.
 * 200; 403 when it is not (or no longer) theirs to edit.
 */
int
comment_edit_show(struct req *r, struct resp *resp)
{
	struct comment	 c;
	int		 rc;

	rc = editable(r, id_param(http_query(r, "c")), &c);
	if (rc == -1)
		return 503;
	if (rc == 0) {
		resp->message = "This comment can no longer be changed: only "
		    "its writer can, from the same browser, within 15 minutes "
		    "and before anyone replies.";
		return 403;
	}
	if (db_comment_by_id(&r->w->db, r->arena, c.id, &c) != 1)
		return 404;
	return edit_page(r, resp, &c, db_comment_source(&r->w->db, r->arena, c.id), NULL, 200);
}

/*
 * POST /comment/edit: c, comment, and save or delete. 303 back to the
 * post; 422 (text kept) for an invalid text; 403 when not editable.
 */
int
comment_edit_save(struct req *r, struct resp *resp)
{
	struct comment		 c;
	struct post		 p;
	const struct html	*h;
	const char		*text;
	size_t			 n;
	int			 rc, bad = 0;

	rc = editable(r, id_param(kv_get(r->form, "c")), &c);
	if (rc == -1)
		return 503;
	if (rc == 0) {
		resp->message = "This comment can no longer be changed: only "
		    "its writer can, from the same browser, within 15 minutes "
		    "and before anyone replies.";
		return 403;
	}
	if (db_post_by_id(&r->w->db, r->arena, c.post_id, 0, &p) != 1)
		return 404;
	if (kv_get(r->form, "delete") != NULL) {
		if (db_begin(&r->w->db) == -1 ||
		    db_comment_delete(&r->w->db, c.id) == -1 ||
		    db_commit(&r->w->db) == -1) {
			db_rollback(&r->w->db);
			return 503;
		}
		resp->location = arena_printf(r->arena, "%s#comments",
		    url_post_a(r->arena, &p));
		return 303;
	}
	text = field(r, "comment", &n, &bad);
	if (bad)
		return edit_page(r, resp, &c, utf8_showable(r->arena, text, n),
		    "Your comment holds characters that are not allowed "
		    "(control characters or invalid text).", 422);
	if (*trim(r->arena, text) == '\0' || n > TEXT_MAX_LEN)
		return edit_page(r, resp, &c, text, n > TEXT_MAX_LEN ?
		    "Your comment is too long (16 KiB at most)." :
		    "Please type your comment, or delete it.", 422);
	h = md_render_comment(r->arena, text, n);
	if (db_comment_set_body(&r->w->db, c.id, text, h->s) == -1)
		return edit_page(r, resp, &c, text, "Your change could not be "
		    "saved just now. Please try again in a moment.", 503);
	resp->location = arena_printf(r->arena, "%s#comment-%lld",
	    url_post_a(r->arena, &p), (long long)c.id);
	return 303;
}
