/* app.c: one request, from CGI params to a complete response. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "antispam.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "db_redirect.h"
#include "esc.h"
#include "held.h"
#include "http.h"
#include "i18n.h"
#include "pagedir.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "template.h"
#include "upload.h"
#include "url.h"
#include "worker.h"

static const char *
default_message(int status)
{
	switch (status) {
	case 400:
		return N_("The request was malformed, so the server could not "
		    "understand it.");
	case 403:
		return N_("You are not allowed to do that.");
	case 404:
		return N_("It looks like nothing was found at this location.");
	case 405:
		return N_("This address does not accept that method.");
	case 413:
		return N_("What you sent is larger than this server accepts.");
	case 414:
		return N_("The address is too long.");
	case 503:
		return N_("The blog is busy or under maintenance; please try "
		    "again in a moment.");
	default:
		return N_("Something went wrong on our side. Please try again.");
	}
}

static const char *
error_title(int status)
{
	switch (status) {
	case 404:
		return N_("Oops! That page can\xe2\x80\x99t be found.");
	case 405:
		return N_("Method not allowed");
	default:
		return http_reason(status);
	}
}

/* A themed error page, or a plain one if even that fails. */
static void
render_error(struct req *r, struct resp *resp, int status)
{
	struct tval	*ctx;

	resp->status = status;
	resp->cache = CACHE_NONE;
	buf_reset(resp->body);
	if (resp->message == NULL)
		resp->message = default_message(status);
	/* Messages marked N_() come out translated; others as they are. */
	if (r->w != NULL && (ctx = page_ctx(r, resp, _(&r->w->lang,
	    error_title(status)))) != NULL) {
		tmpl_set_text(ctx, "error_title", _(&r->w->lang,
		    error_title(status)));
		tmpl_set_text(ctx, "message", _(&r->w->lang, resp->message));
		tmpl_set_int(ctx, "status", status);
		if (status == 404)
			tmpl_set_bool(ctx, "not_found", 1);
		if (tmpl_render(r->w->tmpl, "error", ctx, resp->body) == 0)
			return;
		buf_reset(resp->body);
	}
	resp->content_type = "text/plain; charset=utf-8";
	buf_printf(resp->body, "%d %s\n%s\n", status, http_reason(status),
	    resp->message);
}

/*
 * The decoded path percent-encoded again, segment by segment, for a
 * Location header: "/\evil.com" must not come back as a path that a
 * browser reads as "//evil.com", nor "/a%3Fb" as "/a?b".
 */
static char *
path_encode(struct arena *a, const char *path)
{
	struct buf	 b = { 0 };
	const char	*p = path, *e;
	char		*s;

	while (*p != '\0') {
		if (*p == '/') {
			buf_putc(&b, '/');
			p++;
			continue;
		}
		if ((e = strchr(p, '/')) == NULL)
			e = p + strlen(p);
		esc_url_component(&b, p, (size_t)(e - p));
		p = e;
	}
	s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/*
 * What a redirect copies from the request. A longer query is dropped:
 * the reader still lands on the page they asked for, and parameters that
 * long are tracking or junk no page here reads (a 414 would leave them
 * on an error page for a link that works without them). A longer path
 * names no page (slugs are at most SLUG_MAX bytes): no redirect, 404.
 * Either way no Location is some kilobytes long (issue 14, finding 13c).
 */
#define REDIRECT_QUERY_MAX	1024
#define REDIRECT_PATH_MAX	1024

/* Redirect to path+'/' (keeping a query of up to REDIRECT_QUERY_MAX
   bytes) if that is a page. */
static int
slash_redirect(struct req *r, struct resp *resp)
{
	char	*to;

	if (r->method != METHOD_GET && r->method != METHOD_HEAD)
		return 0;
	to = arena_printf(r->arena, "%s/", r->path);
	if (!route_path_exists(to))
		return 0;
	to = path_encode(r->arena, to);
	if (strlen(to) > REDIRECT_PATH_MAX || !url_local_path(to))
		return 0;	/* "//host/": another site to a browser */
	if (*r->query_raw != '\0' &&
	    strlen(r->query_raw) <= REDIRECT_QUERY_MAX)
		to = arena_printf(r->arena, "%s?%s", to, r->query_raw);
	resp->location = to;
	return 301;
}

/* A stored redirect for this path (old slugs, imported permalinks). */
static int
stored_redirect(struct req *r, struct resp *resp)
{
	const char	*to;

	if (r->method != METHOD_GET && r->method != METHOD_HEAD)
		return 0;
	to = db_redirect_get(&r->w->db, r->arena, r->path);
	if (to == NULL && *r->query_raw != '\0')
		to = db_redirect_get(&r->w->db, r->arena,
		    arena_printf(r->arena, "%s?%s", r->path, r->query_raw));
	if (to == NULL || strcmp(to, r->path) == 0)
		return 0;
	resp->location = to;
	return 301;
}

/* Answer from the worker's page cache, if it holds this URI. */
static int
from_cache(struct worker *w, struct req *r, struct resp *resp)
{
	const struct pc_entry	*e;

	if ((e = pagecache_get(&w->cache, r->uri, r->now)) == NULL)
		return 0;
	resp->content_type = e->content_type;
	resp->cache = e->cache;
	resp->last_modified = e->last_modified;
	resp->etag = e->etag;
	buf_add(resp->headers, e->headers, e->headerslen);
	buf_add(resp->body, e->body, e->bodylen);
	resp->token_post = e->token_post;
	resp->token_hole = e->token_hole;
	resp->from_cache = 1;
	return 1;
}

/*
 * Is this answer a public page, the same for every reader (but for a
 * form's token)? Then the caches may keep it.
 */
static int
shareable(const struct req *r, const struct resp *resp)
{
	if (resp->status != 200 || resp->admin ||
	    (r->method != METHOD_GET && r->method != METHOD_HEAD) ||
	    comment_personal(r) ||
	    strstr(buf_str(resp->headers), "Set-Cookie") != NULL)
		return 0;
	/* A page with a form: only the token differs between readers
	   (with no query: ?replyto= places the form elsewhere). */
	if (resp->cache == CACHE_PRIVATE)
		return resp->token_post > 0 && *r->query_raw == '\0';
	return resp->cache == CACHE_REVALIDATE ||
	    resp->cache == CACHE_FOREVER;
}

/* Keep a public page that is the same for every reader. */
static void
to_cache(struct worker *w, const struct req *r, struct resp *resp)
{
	const struct pc_entry	*e;
	char			 etag[HTTP_ETAG_LEN];

	/* Large answers (photos) would crowd the pages out. */
	if (resp->from_cache || !shareable(r, resp) ||
	    resp->body->len > PAGECACHE_MAX_BYTES / 16)
		return;
	http_etag(buf_str(resp->body), resp->body->len, etag);
	pagecache_put(&w->cache, r->uri, resp->content_type ?
	    resp->content_type : "text/html; charset=utf-8", resp->cache,
	    resp->last_modified, buf_str(resp->headers), resp->headers->len,
	    buf_str(resp->body), resp->body->len, etag, resp->token_post,
	    resp->token_hole, r->now);
	if ((e = pagecache_get(&w->cache, r->uri, r->now)) != NULL)
		resp->etag = e->etag;
}

/*
 * The second tier: a public page without a query is written where nginx
 * serves it from (pagedir.h), in the generation this request began in,
 * gen, if that is still the current one and is of the clock the page
 * was made at.
 */
static void
to_pages(struct worker *w, const struct req *r, struct resp *resp,
    const char *gen)
{
	char	*etag;
	int64_t	 mtime = 0;
	long	 hole = -1;

	/* A page from the worker's cache was offered to this generation
	   when it was made (the cache is emptied with each generation). */
	if (w->pages == NULL || resp->from_cache || r->method != METHOD_GET ||
	    *r->query_raw != '\0' || strcmp(r->uri, r->path) != 0 ||
	    resp->cache == CACHE_FOREVER || !shareable(r, resp))
		return;
	if (resp->token_post > 0 && (hole = resp->token_hole) < 0)
		return;
	etag = arena_alloc(r->arena, PAGEDIR_ETAG);
	etag[0] = '\0';
	if (pagedir_store(w->pages, gen, w->site.changed, r->path,
	    resp->content_type ? resp->content_type : "text/html",
	    resp->body->p, resp->body->len, hole, hole < 0 ? 0 : TOKEN_CHARS,
	    etag, &mtime) == 1 && etag[0] != '\0') {
		/* From now on nginx answers with the file's validators: so
		   does this first answer. */
		resp->etag = etag;
		resp->last_modified = mtime;
	}
}

/*
 * A POST refused for its session or its CSRF token (why), of user_id
 * (0: unknown, the session is gone). On a route
 * with free text (ROUTE_HOLD) from this site, nothing is lost: the form
 * is held (held.h) and the answer is the login form, after which the
 * author is back on the page with the form as typed. Else a 403.
 */
static int
refused_post(struct req *r, struct resp *resp, const struct route *rt,
    int64_t user_id, const char *why)
{
	if ((rt->flags & ROUTE_HOLD) && session_origin_ok(r) &&
	    held_hold(r, resp, user_id) == 0)
		return admin_login_again(r, resp, strncmp(why, "Your", 4) ==
		    0 ? _(&r->w->lang, "Your session has ended. What you typed "
		    "is kept: log in, and it is back, not saved yet.") :
		    _(&r->w->lang, "This form\xe2\x80\x99s security token is "
		    "missing or out of date. What you typed is kept: log in, "
		    "and it is back, not saved yet."));
	resp->message = why;
	return 403;
}

/*
 * The route's flags, checked once here: admin pages are never cached or
 * framed; ROUTE_AUTH needs a session (GET goes to the login page, POST
 * is refused); ROUTE_CSRF needs the session's token and this site's
 * origin on every POST, ROUTE_ORIGIN the origin alone (the login, which
 * has no session yet); a route with admins_only is for admins. 0 to go
 * on, or a status.
 */
static int
guard(struct req *r, struct resp *resp, const struct route *rt)
{
	struct session		*sess;
	int			 rc;

	if (!(rt->flags & ROUTE_ADMIN))
		return 0;
	resp->admin = 1;
	resp->cache = CACHE_NONE;
	sess = arena_zalloc(r->arena, sizeof(*sess));
	if ((rc = session_load(r, sess)) == -1)
		return 503;
	if (rc == 1)
		r->session = sess;
	if ((rt->flags & ROUTE_AUTH) && r->session == NULL) {
		if (r->method == METHOD_POST)
			return refused_post(r, resp, rt, sess->user.id,
			    N_("Your session has ended. Please log in again; "
			    "then send the form again."));
		resp->location = url_login_a(r->arena, r->uri);
		return 303;
	}
	if ((rt->flags & ROUTE_ORIGIN) && r->method == METHOD_POST &&
	    !session_origin_ok(r))
		return admin_forbid(resp, N_("This login form was sent from "
		    "another site."));
	if ((rt->flags & ROUTE_CSRF) && r->method == METHOD_POST) {
		if (!session_origin_ok(r)) {
			resp->message = N_("This form was sent from another "
			    "site, so it was not accepted.");
			return 403;
		}
		if (!session_csrf_ok(r, r->session))
			return refused_post(r, resp, rt,
			    r->session->user.id, N_("This form's security "
			    "token is missing or out of date. Please go back, "
			    "reload the page and send it again."));
	}
	/* The admins' own pages: an author is told why not. */
	if (rt->admins_only != NULL && !admin_is_admin(r))
		return admin_forbid(resp, rt->admins_only);
	return 0;
}

/* Where an upload's files wait: the media directory's .tmp (the same
   disk as the photos), made if missing; /tmp without one. */
static const char *
upload_dir(struct worker *w)
{
	const char	*d;

	if (w->media == NULL)
		return "/tmp";
	d = arena_printf(&w->arena, "%s/.tmp", w->media);
	(void)mkdir(w->media, 0755);
	(void)mkdir(d, 0700);
	return d;
}

/*
 * A GET of a page whose form this author sent after their session had
 * ended, now logged in again: the form's own POST handler shows it
 * (req->held: nothing saved). 0 to go on, or a status.
 */
static int
held_route(struct req *r, struct resp *resp, const struct route **rt)
{
	const struct route	*post;
	struct req		 probe;

	if (r->method != METHOD_GET || r->session == NULL ||
	    http_cookie(r, HELD_COOKIE) == NULL)
		return 0;
	probe = *r;
	if ((post = route_post_of(&probe)) == NULL ||
	    !(post->flags & ROUTE_HOLD))
		return 0;
	switch (held_take(r, resp)) {
	case -1:
		return 503;
	case 1:
		*rt = post;
		memcpy(r->num, probe.num, sizeof(r->num));
		memcpy(r->arg, probe.arg, sizeof(r->arg));
		return 0;
	default:
		return 0;
	}
}

static int
dispatch(struct worker *w, const struct http_src *src, struct req *r,
    struct resp *resp)
{
	const struct route	*rt;
	unsigned		 allow;
	char			 allowbuf[64];
	int			 status;

	if ((status = http_req_init(r, &w->arena, src)) != 0)
		return status;
	r->w = w;
	worker_refresh(w, r->now);
	/* Every answer under /admin/, a 404 or 405 too, is an admin page:
	   never stored, never framed. */
	if (strncmp(r->path, "/admin/", 7) == 0 ||
	    strcmp(r->path, "/admin") == 0) {
		resp->admin = 1;
		resp->cache = CACHE_NONE;
	} else if ((r->method == METHOD_GET || r->method == METHOD_HEAD) &&
	    !comment_personal(r) && from_cache(w, r, resp))
		return 200;
	if ((rt = route_match(r, &allow)) == NULL) {
		if (allow != 0) {
			route_allow(allow, allowbuf, sizeof(allowbuf));
			(void)http_header(resp, "Allow", allowbuf);
			return 405;
		}
		if ((status = slash_redirect(r, resp)) != 0)
			return status;
		if ((status = stored_redirect(r, resp)) != 0)
			return status;
		return 404;
	}
	if (r->method == METHOD_POST && (rt->flags & ROUTE_UPLOAD) &&
	    upload_is_multipart(r)) {
		if ((status = upload_read(r, src, (size_t)w->site.
		    media_max_bytes, upload_dir(w))) != 0)
			return status;
	} else if (r->method == METHOD_POST &&
	    (status = http_req_read_body(r, src, rt->body_max)) != 0)
		return status;
	if ((status = guard(r, resp, rt)) != 0)
		return status;
	if ((status = held_route(r, resp, &rt)) != 0)
		return status;
	status = rt->handler(r, resp);
	if (r->query_bad && r->method != METHOD_POST) {
		/* The page read a query parameter that is not text (invalid
		   UTF-8, a NUL, a control character) or not what it must be
		   (?replyto=1e99): no page shows it. */
		buf_reset(resp->headers);
		resp->tmpl = NULL;
		resp->ctx = NULL;
		resp->location = NULL;
		resp->last_modified = 0;
		resp->message = N_("A parameter of this address is not "
		    "valid, so the server could not understand it.");
		return 400;
	}
	if (status == 404 && (rt->methods & M_GET) &&
	    (allow = (unsigned)stored_redirect(r, resp)) != 0)
		return (int)allow;
	return status;
}

/*
 * Did the request fail because the database cannot be used just now
 * (locked, disk full, read-only, the disk failing)? Then it is a 503,
 * "try again", not a 500. SQLite's last error tells, mostly; some I/O
 * failures come out as a plain SQLITE_ERROR ("vtable constructor
 * failed"), so a file that cannot be read counts too.
 */
static int
db_unavailable(struct db *db, const char *path)
{
	char	 hdr[100];
	int	 fd;

	switch (sqlite3_errcode(db->h) & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_PROTOCOL:
		break;
	default:
		if ((fd = open(db->path, O_RDONLY)) != -1 &&
		    pread(fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr)) {
			close(fd);
			return 0;
		}
		if (fd != -1)
			close(fd);
		break;
	}
	fprintf(stderr, "quire: %s: database unavailable: %s\n", path,
	    sqlite3_errmsg(db->h));
	return 1;
}

void
app_handle(struct worker *w, const struct http_src *src, struct buf *out)
{
	struct req	 r;
	struct resp	 resp;
	struct buf	 headers = { 0 }, body = { 0 };
	char		 gen[PAGEDIR_GEN_MAX];

	memset(&resp, 0, sizeof(resp));
	resp.token_hole = -1;
	resp.headers = &headers;
	resp.body = &body;
	/* Before anything is read: the generation of page files that this
	   request's page may go into. */
	gen[0] = '\0';
	if (w->pages != NULL) {
		(void)pagedir_current(w->pages, gen);
		if (strcmp(gen, w->pages_gen) != 0) {
			/* A new generation: make its files anew. */
			pagecache_clear(&w->cache);
			(void)snprintf(w->pages_gen, sizeof(w->pages_gen), "%s",
			    gen);
		}
	}
	resp.status = dispatch(w, src, &r, &resp);
	if (resp.status == 500 && db_unavailable(&w->db, r.path))
		resp.status = 503;
	http_req_drain(&r, src);
	upload_close(&r);
	if (r.w == NULL)
		r.w = w;
	/* A handler may name a template for a 4xx too (a form re-shown). */
	if (resp.tmpl != NULL && (resp.status == 200 || resp.status >= 400) &&
	    tmpl_render_hole(w->tmpl, resp.tmpl, resp.ctx, resp.body,
	    &resp.token_hole) == -1) {
		fprintf(stderr, "quire: %s: no template '%s'\n", r.path,
		    resp.tmpl);
		resp.tmpl = NULL;
		resp.status = 500;
	}
	if (resp.status >= 400 && resp.tmpl == NULL)
		render_error(&r, &resp, resp.status);
	if (r.method == METHOD_POST) {
		/* Our own commits do not move data_version: forget the
		   pages and re-read the change clock and settings. */
		pagecache_clear(&w->cache);
		(void)site_load(&w->db, &w->site);
	} else {
		to_cache(w, &r, &resp);
		to_pages(w, &r, &resp, gen);
	}
	/* A change committed (ours, read back by site_load above, or one
	   this worker saw first): the clock has moved past the files', and
	   nginx must not serve a page from before it once we answer. */
	if (w->pages != NULL && pagedir_gen_clock(gen) != w->site.changed)
		(void)pagedir_flip(w->pages, &w->db, 0);
	/* Every view of a comment form gets a token of its own. */
	if (resp.token_post > 0 && w->site.has_key)
		(void)pagecache_token_fill(w->site.key, resp.body->p,
		    resp.body->len, resp.token_hole, resp.token_post, r.now,
		    r.remote_addr);
	http_resp_write(&r, &resp, out);
	buf_free(&headers);
	buf_free(&body);
}
