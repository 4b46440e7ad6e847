/* import_wxr.c: a WordPress export (WXR) into the database, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "db_comment.h"
#include "db_import.h"
#include "db_post.h"
#include "db_redirect.h"
#include "db_user.h"
#include "import.h"
#include "import_uploads.h"
#include "markdown.h"
#include "media.h"
#include "html_sanitize.h"
#include "db_media.h"
#include "model.h"
#include "post.h"
#include "slug.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "wxr.h"
#include "wxr_html.h"
#include "wxr_media.h"

#define TITLE_MAX	1000
#define LOGIN_MAX	60

/* A WordPress author as a user of ours. */
struct author {
	char	*login;		/* ours, made from WordPress's */
	char	*wp_id;
	int64_t	 uid;
};

/* The import in progress. */
struct imp {
	struct db		*db;
	int64_t			 now;
	struct import_stats	*st;
	struct arena		 a;		/* per item */
	struct author		*authors;
	size_t			 nauthors, cap;
	char			**seen;		/* guids so far: a hash set */
	size_t			 nseen, seencap;
	int64_t			 fallback_uid;	/* for items without author */
	const struct import_uploads *up;
	int			 pass;		/* 1: attachments' files */
};

/* -- small helpers ------------------------------------------------------- */

static char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		abort();
	return p;
}

/* Plain text of s (entities decoded, tags dropped), in the arena. */
static const char *
text(struct arena *a, const char *s, size_t max)
{
	struct buf	 b = { 0 };
	const char	*r;

	wxr_text(&b, s, strlen(s));
	r = arena_strndup(a, buf_str(&b), utf8_prefix(buf_str(&b), b.len,
	    max));
	buf_free(&b);
	return r;
}

static size_t
hash(const char *s)
{
	size_t	 h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Is s in the set of guids seen so far? 1, or 0 (and now it is). An
   open-addressing hash set, grown at half full. */
static int
seen_before(struct imp *im, const char *s)
{
	char	**old = im->seen;
	size_t	 h, i, oldcap = im->seencap;

	if (im->nseen * 2 >= im->seencap) {
		im->seencap = oldcap ? oldcap * 2 : 1024;
		if ((im->seen = calloc(im->seencap, sizeof(char *))) == NULL)
			abort();
		for (i = 0; i < oldcap; i++) {
			if (old[i] == NULL)
				continue;
			for (h = hash(old[i]); im->seen[h % im->seencap] != NULL;
			    h++)
				continue;
			im->seen[h % im->seencap] = old[i];
		}
		free(old);
	}
	for (h = hash(s); im->seen[h % im->seencap] != NULL; h++)
		if (strcmp(im->seen[h % im->seencap], s) == 0)
			return 1;
	im->seen[h % im->seencap] = xstrdup(s);
	im->nseen++;
	return 0;
}

/*
 * A WordPress date, "YYYY-MM-DD HH:MM:SS" in UTC (gmt) or in the site's
 * zone: 1 and *t, or 0 for WordPress's "0000-00-00 00:00:00" or junk.
 */
static int
wp_date(const char *s, int gmt, int64_t *t)
{
	char	 iso[40];

	if (*s == '\0' || strncmp(s, "0000", 4) == 0 || strlen(s) > 30)
		return 0;
	(void)snprintf(iso, sizeof(iso), "%s%s", s, gmt ? "Z" : "");
	return date_parse_iso(iso, t) == 0;
}

/* A WordPress slug (often percent-encoded) as ours, in the arena; NULL
   if nothing usable is left. */
static const char *
wp_slug(struct arena *a, const char *s)
{
	struct buf	 b = { 0 };
	char		*dec;
	const char	*r = NULL;
	size_t		 n;

	if (url_decode(a, s, strlen(s), 0, &dec, &n) == -1 ||
	    strlen(dec) != n || !utf8_valid(dec, n))
		dec = (char *)s;
	n = strlen(dec);
	if (n > 0 && slug_valid(dec, n))
		return dec;
	slug_make(&b, dec, n);
	if (b.len > 0)
		r = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return r;
}

/* A WordPress login made one of ours: lower case [a-z0-9._-], starting
   with a letter or digit, at most LOGIN_MAX bytes. */
static const char *
wp_login(struct arena *a, const char *s)
{
	char	*l = arena_alloc(a, LOGIN_MAX + 1);
	size_t	 i, k = 0;
	int	 c, dash = 0;

	for (i = 0; s[i] != '\0' && k < LOGIN_MAX; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    ((c == '.' || c == '_' || c == '-') && k > 0)) {
			l[k++] = (char)c;
			dash = 0;
		} else if (k > 0 && !dash) {
			l[k++] = '-';
			dash = 1;
		}
	}
	while (k > 0 && l[k - 1] == '-')
		k--;
	l[k] = '\0';
	return k > 0 ? l : NULL;
}

/*
 * The path and query of a permalink, as the server sees a request for
 * it: "https://host/2024/05/caf%C3%A9/?x=1#c" gives "/2024/05/café/?x=1"
 * (the path decoded, runs of '/' folded, the query raw). NULL for none
 * or the home page.
 */
static const char *
old_path(struct arena *a, const char *link)
{
	const char	*p, *q;
	char		*dec, *w, *r;
	size_t		 plen, qlen;

	if ((p = strstr(link, "://")) != NULL) {
		if ((p = strchr(p + 3, '/')) == NULL)
			return NULL;
	} else if (link[0] == '/')
		p = link;
	else
		return NULL;
	plen = strcspn(p, "?#");
	q = p[plen] == '?' ? p + plen + 1 : "";
	qlen = strcspn(q, "#");
	if (path_decode(a, p, plen, &dec) == -1)
		return NULL;
	for (r = w = dec; *r != '\0'; r++)
		if (*r != '/' || w == dec || w[-1] != '/')
			*w++ = *r;
	*w = '\0';
	if (qlen == 0)
		return strcmp(dec, "/") == 0 ? NULL : dec;
	return arena_printf(a, "%s?%.*s", dec, (int)qlen, q);
}

/* Store a redirect unless it points at itself. 0 or -1. */
static int
redirect(struct imp *im, const char *from, const char *to)
{
	char	*dec;

	if (from == NULL || path_decode(&im->a, to, strlen(to), &dec) == -1)
		return 0;
	if (strcmp(from, dec) == 0 || strcmp(from, to) == 0)
		return 0;
	if (db_redirect_put(im->db, from, to, im->now) == -1)
		return -1;
	im->st->redirects++;
	return 0;
}

/* -- authors --------------------------------------------------------------- */

/* The author by WordPress login (as made one of ours) or id. */
static struct author *
author_find(struct imp *im, const char *login, const char *wp_id)
{
	size_t	 i;

	for (i = 0; i < im->nauthors; i++) {
		if (login != NULL && strcmp(im->authors[i].login, login) == 0)
			return &im->authors[i];
		if (wp_id != NULL && *wp_id != '\0' && *im->authors[i].wp_id &&
		    strcmp(im->authors[i].wp_id, wp_id) == 0)
			return &im->authors[i];
	}
	return NULL;
}

/* The user for a WordPress author, made (without a password) if new:
   the id, or -1 with err. */
static int64_t
author_user(struct imp *im, const char *wlogin, const char *wid,
    const char *name, const char *email, char *err, size_t errsz)
{
	struct author	*au;
	struct user	 u = { 0 };
	const char	*login;
	int64_t		 uid;
	int		 rc;

	if ((login = wp_login(&im->a, wlogin)) == NULL)
		login = arena_printf(&im->a, "author-%zu", im->nauthors + 1);
	if ((au = author_find(im, login, NULL)) != NULL)
		return au->uid;
	if ((rc = db_user_by_login(im->db, &im->a, login, &u)) == -1)
		goto dberr;
	if (rc == 1) {
		uid = u.id;
		im->st->authors_there++;
	} else {
		u.login = login;
		u.name = text(&im->a, *name ? name : wlogin, 200);
		if (*u.name == '\0')
			u.name = login;
		u.email = text(&im->a, email, 200);
		u.role = "author";
		if ((uid = db_user_add(im->db, &u, im->now)) <= 0)
			goto dberr;
		im->st->authors_new++;
		if (strcmp(login, wlogin) != 0)
			im->st->logins_changed++;
	}
	if (im->nauthors == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 8;
		im->authors = realloc(im->authors, im->cap * sizeof(*au));
		if (im->authors == NULL)
			abort();
	}
	au = &im->authors[im->nauthors++];
	au->login = xstrdup(login);
	au->wp_id = xstrdup(wid ? wid : "");
	au->uid = uid;
	return uid;
dberr:
	snprintf(err, errsz, "author '%s': database: %s", wlogin,
	    sqlite3_errmsg(im->db->h));
	return -1;
}

static int
on_author(void *arg, const struct wxr_channel *ch, const struct wxr_author *w,
    char *err, size_t errsz)
{
	struct imp	*im = arg;

	(void)ch;
	if (*w->login == '\0')
		return 0;
	return author_user(im, w->login, w->id, w->display_name, w->email, err,
	    errsz) == -1 ? -1 : 0;
}

/* -- tags ------------------------------------------------------------------ */

/* The tag for a category or tag (slug as WordPress had it, decoded and
   made valid): its id, 0 if it has no usable slug, -1. */
static int64_t
tag_of(struct imp *im, const char *nicename, const char *rawname,
    const char *description, const char **slugp, const char **namep)
{
	const char	*slug, *name;

	name = text(&im->a, rawname, 200);
	if ((slug = wp_slug(&im->a, nicename)) == NULL &&
	    (slug = wp_slug(&im->a, name)) == NULL)
		return 0;
	if (*name == '\0')
		name = slug;
	if (slugp != NULL)
		*slugp = slug;
	if (namep != NULL)
		*namep = name;
	return db_import_tag(im->db, slug, name,
	    description ? text(&im->a, description, 2000) : "");
}

static int
on_term(void *arg, const struct wxr_channel *ch, const struct wxr_term *t,
    char *err, size_t errsz)
{
	struct imp	*im = arg;
	struct buf	 to = { 0 };
	const char	*slug, *from;
	int64_t		 id;
	int		 cat, rc = 0;

	(void)ch;
	/* WordPress 5+ writes each category and tag once more as a
	   wp:term: the same tag again, not counted twice. */
	if (strcmp(t->kind, "term") == 0) {
		cat = strcmp(t->taxonomy, "category") == 0;
		if (!cat && strcmp(t->taxonomy, "post_tag") != 0) {
			im->st->terms_other++;
			return 0;
		}
	} else {
		cat = strcmp(t->kind, "category") == 0;
		if (cat)
			im->st->file_categories++;
		else
			im->st->file_tags++;
	}
	arena_reset(&im->a);
	if ((id = tag_of(im, t->slug, t->name, t->description, &slug,
	    NULL)) == -1) {
		snprintf(err, errsz, "%s '%s': database: %s", t->kind, t->name,
		    sqlite3_errmsg(im->db->h));
		return -1;
	}
	if (id == 0 || *t->slug == '\0')
		return 0;
	/* WordPress's archive of the term: /category/SLUG/, /tag/SLUG/. */
	url_tag(&to, slug);
	from = old_path(&im->a, url_wp_term_a(&im->a, cat, t->slug));
	if (redirect(im, from, buf_str(&to)) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(im->db->h));
		rc = -1;
	}
	buf_free(&to);
	return rc;
}

/* Link the item's categories and tags to post id; their names, comma
   separated, go to the search index. 0 or -1. */
static int
item_tags(struct imp *im, const struct wxr_item *it, int64_t id)
{
	struct buf	 names = { 0 };
	const char	*name;
	size_t		 i;
	int64_t		 tid;
	int		 rc = -1;

	for (i = 0; i < it->ncats; i++) {
		if (strcmp(it->cats[i].domain, "category") != 0 &&
		    strcmp(it->cats[i].domain, "post_tag") != 0)
			continue;
		tid = tag_of(im, it->cats[i].nicename, it->cats[i].name, NULL,
		    NULL, &name);
		if (tid == -1)
			goto out;
		if (tid == 0)
			continue;
		if (db_import_tag_link(im->db, id, tid) == -1)
			goto out;
		if (names.len > 0)
			buf_puts(&names, ", ");
		buf_puts(&names, name);
	}
	rc = db_import_fts_tags(im->db, id, buf_str(&names));
out:
	buf_free(&names);
	return rc;
}

/* -- comments ------------------------------------------------------------ */

/* Store one comment of post id (key: the post's import key). 0 or -1. */
static int
comment_one(struct imp *im, const struct wxr_comment *w, int64_t post_id,
    int64_t published, const char *key, char *err, size_t errsz)
{
	struct comment		 c = { 0 };
	struct comment_new	 cn = { 0 };
	struct author		*au;
	struct buf		 html = { 0 };
	const char		*ckey, *url;
	int64_t			 id;

	ckey = arena_printf(&im->a, "%s:%s", key, w->id);
	if ((id = db_import_comment_by_key(im->db, ckey)) == -1)
		goto dberr;
	if (id > 0) {
		im->st->comments_there++;
		return 0;
	}
	c.post_id = post_id;
	if (*w->parent != '\0' && strcmp(w->parent, "0") != 0) {
		c.parent_id = db_import_comment_by_key(im->db,
		    arena_printf(&im->a, "%s:%s", key, w->parent));
		if (c.parent_id == -1)
			goto dberr;
		if (c.parent_id == 0)
			im->st->orphans++;
	}
	c.type = strcmp(w->type, "pingback") == 0 ? "pingback" :
	    strcmp(w->type, "trackback") == 0 ? "trackback" : "comment";
	c.status = strcmp(w->approved, "1") == 0 ? COMMENT_APPROVED :
	    strcmp(w->approved, "spam") == 0 ? COMMENT_SPAM : COMMENT_PENDING;
	c.author_name = text(&im->a, w->author, 200);
	c.author_email = text(&im->a, w->author_email, 200);
	url = text(&im->a, w->author_url, 2000);
	c.author_url = url_http_ok(url) ? url : "";
	if (!wp_date(w->date_gmt, 1, &c.created) &&
	    !wp_date(w->date, 0, &c.created))
		c.created = published;
	if (*w->user_id != '\0' && strcmp(w->user_id, "0") != 0 &&
	    (au = author_find(im, NULL, w->user_id)) != NULL)
		c.user_id = au->uid;
	wxr_html(&html, w->content, strlen(w->content), 1, &im->st->notes);
	c.body_html = buf_str(&html);
	cn.addr = text(&im->a, w->author_ip, 64);
	cn.import_key = ckey;
	id = db_comment_add(im->db, &c, &cn);
	buf_free(&html);
	if (id == -1)
		goto dberr;
	if (strcmp(c.type, "pingback") == 0)
		im->st->pingbacks++;
	else if (strcmp(c.type, "trackback") == 0)
		im->st->trackbacks++;
	else if (c.status == COMMENT_APPROVED)
		im->st->approved++;
	else if (c.status == COMMENT_SPAM)
		im->st->spam++;
	else
		im->st->held++;
	return 0;
dberr:
	snprintf(err, errsz, "comment %s: database: %s", w->id,
	    sqlite3_errmsg(im->db->h));
	return -1;
}

struct cref {
	const char	*id;
	size_t		 i;
};

static int
cref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cref *)a)->id,
	    ((const struct cref *)b)->id);
}

/* The index of the comment whose parent comment i names, or n. */
static size_t
parent_index(const struct wxr_item *it, const struct cref *refs, size_t i)
{
	struct cref	 key, *r;

	key.id = it->comments[i].parent;
	if (*key.id == '\0' || strcmp(key.id, "0") == 0)
		return it->ncomments;
	r = bsearch(&key, refs, it->ncomments, sizeof(*refs), cref_cmp);
	return r != NULL ? r->i : it->ncomments;
}

/*
 * Store the item's comments, each parent before its replies (a reply
 * may come first in the file): for each comment, walk up its unstored
 * ancestors and store them from the top down. Trashed ones are skipped;
 * a reply whose parent is not stored (trashed, missing, or a cycle of
 * parents) becomes a top-level comment. 0 or -1.
 */
static int
item_comments(struct imp *im, const struct wxr_item *it, int64_t post_id,
    int64_t published, const char *key, char *err, size_t errsz)
{
	struct cref	*refs;
	unsigned char	*state;		/* 0 to do, 1 on the chain, 2 done */
	size_t		*chain, n = it->ncomments, i, j, k;

	if (n == 0)
		return 0;
	refs = arena_alloc(&im->a, n * sizeof(*refs));
	chain = arena_alloc(&im->a, n * sizeof(*chain));
	state = arena_zalloc(&im->a, n);
	for (i = 0; i < n; i++) {
		refs[i].id = it->comments[i].id;
		refs[i].i = i;
		if (strcmp(it->comments[i].approved, "trash") == 0) {
			im->st->comments_trash++;
			state[i] = 2;
		}
	}
	qsort(refs, n, sizeof(*refs), cref_cmp);
	for (i = 0; i < n; i++) {
		for (k = 0, j = i; j < n && state[j] == 0;
		    j = parent_index(it, refs, j)) {
			state[j] = 1;
			chain[k++] = j;
		}
		while (k > 0) {
			j = chain[--k];
			if (comment_one(im, &it->comments[j], post_id,
			    published, key, err, errsz) == -1)
				return -1;
			state[j] = 2;
		}
	}
	return 0;
}

/* -- items ------------------------------------------------------------------ */

static const char *
status_of(const char *wp)
{
	static const char *const map[][2] = {
		{ "publish", "published" }, { "draft", "draft" },
		{ "pending", "pending" }, { "future", "scheduled" },
		{ "private", "private" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(wp, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Count an item of a type we do not import. */
static void
skip_type(struct import_stats *st, const char *type)
{
	int	 i;

	if (strcmp(type, "attachment") == 0) {
		st->attachments++;
		return;
	}
	if (strcmp(type, "nav_menu_item") == 0) {
		st->menu_items++;
		return;
	}
	st->other_types++;
	for (i = 0; i < st->ntypes; i++)
		if (strcmp(st->types[i].name, type) == 0) {
			st->types[i].n++;
			return;
		}
	if (st->ntypes < IMPORT_TYPES) {
		(void)snprintf(st->types[st->ntypes].name,
		    sizeof(st->types[0].name), "%s", *type ? type : "(none)");
		st->types[st->ntypes++].n = 1;
	}
}

/* The import key of an item: wxr:GUID (wxr:GUID#ID when two items of
   the file share a guid), or wxr:ID without a guid. */
static const char *
item_key(struct imp *im, const struct wxr_item *it)
{
	if (*it->guid == '\0')
		return arena_printf(&im->a, "wxr:%s", *it->post_id ?
		    it->post_id : it->link);
	if (seen_before(im, it->guid))
		return arena_printf(&im->a, "wxr:%s#%s", it->guid,
		    it->post_id);
	return arena_printf(&im->a, "wxr:%s", it->guid);
}

/* The site an export's WordPress ids belong to. */
static const char *
site_of(const struct wxr_channel *ch)
{
	return *ch->base_site_url ? ch->base_site_url : ch->link;
}

/* The lookups of the imported attachments for the item's body. */
static void
item_media(struct imp *im, const struct wxr_channel *ch,
    const struct wxr_item *it, struct upl_ctx *c, struct wxr_media *md)
{
	c->db = im->db;
	c->site = site_of(ch);
	c->parent = it->post_id;
	c->st = im->st->uploads_dir ? im->st : NULL;
	upl_media(md, c, &im->a);
}

/* Store a new post or page from an item: its id, or -1 with err. */
static int64_t
item_post(struct imp *im, const struct wxr_channel *ch,
    const struct wxr_item *it, const char *key, const char *status,
    int64_t uid, char *err, size_t errsz)
{
	struct post_input	 in = { 0 };
	struct buf		 html = { 0 };
	struct wxr_media	 md;
	struct upl_ctx		 c;
	int64_t			 id;
	char			 why[400];

	in.type = it->post_type;
	in.status = status;
	if (*it->post_password != '\0')
		im->st->protected++;
	in.title = text(&im->a, it->title, TITLE_MAX);
	in.slug = wp_slug(&im->a, it->post_name);
	item_media(im, ch, it, &c, &md);
	wxr_html_media(&html, it->content, strlen(it->content), 0,
	    &im->st->notes, &md);
	in.body_md = "";
	in.body_html = buf_str(&html);
	in.excerpt = text(&im->a, it->excerpt, 10000);
	if (!wp_date(it->post_date_gmt, 1, &in.published) &&
	    !wp_date(it->post_date, 0, &in.published))
		in.published = im->now;
	in.author_id = uid;
	in.comments_open = strcmp(it->comment_status, "closed") != 0;
	in.sticky = strcmp(it->is_sticky, "1") == 0;
	in.import_key = key;
	in.allow_untitled = 1;
	in.slug_suffix = 1;
	id = post_save(im->db, &im->a, &in, im->now, why, sizeof(why));
	/* WordPress's post password, kept as it is (cut at
	   POST_PASSWORD_MAX bytes, as the editor takes no longer one). */
	if (id != -1 && *it->post_password != '\0' && post_set_password(im->db,
	    &im->a, id, arena_strndup(&im->a, it->post_password,
	    utf8_prefix(it->post_password, strlen(it->post_password),
	    POST_PASSWORD_MAX)), in.title) == -1) {
		(void)snprintf(why, sizeof(why), "its password could not be "
		    "stored");
		id = -1;
	}
	buf_free(&html);
	if (id == -1)
		snprintf(err, errsz, "%s '%s' (wp:post_id %s): %s",
		    it->post_type, in.title, it->post_id, why);
	return id;
}

/* The 301s from the item's old addresses to post p. 0 or -1. */
static int
item_redirects(struct imp *im, const struct wxr_item *it,
    const struct post *p)
{
	const char	*to = url_post_a(&im->a, p);

	if (redirect(im, old_path(&im->a, it->link), to) == -1)
		return -1;
	if (*it->post_id == '\0')
		return 0;
	if (redirect(im, url_wp_post_a(&im->a, it->post_id),
	    to) == -1)
		return -1;
	if (strcmp(p->type, "page") == 0 && redirect(im,
	    url_wp_page_a(&im->a, it->post_id), to) == -1)
		return -1;
	return 0;
}

/* The user for items without a dc:creator: the first admin, or a new
   "wordpress" user. */
static int64_t
fallback_user(struct imp *im)
{
	struct user	 u = { 0 };
	const char	*login;

	if ((login = db_user_first_admin(im->db, &im->a)) != NULL &&
	    db_user_by_login(im->db, &im->a, login, &u) == 1)
		return u.id;
	if (db_user_by_login(im->db, &im->a, "wordpress", &u) == 1)
		return u.id;
	u.login = "wordpress";
	u.name = "WordPress";
	u.role = "author";
	return db_user_add(im->db, &u, im->now);
}

/* The item's category and tag names, comma separated (arena). */
static const char *
tag_names(struct imp *im, const struct wxr_item *it)
{
	struct buf	 b = { 0 };
	const char	*r;
	size_t		 i;

	for (i = 0; i < it->ncats; i++) {
		if (strcmp(it->cats[i].domain, "category") != 0 &&
		    strcmp(it->cats[i].domain, "post_tag") != 0)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, text(&im->a, it->cats[i].name, 200));
	}
	r = arena_strdup(&im->a, buf_str(&b));
	buf_free(&b);
	return r;
}

/* Post p's body is now html: stored, indexed, its photos recorded. */
static int
set_body(struct imp *im, const struct wxr_item *it, const struct post *p,
    const char *html)
{
	struct buf	 sum = { 0 };
	sqlite3_stmt	*st;
	int		 rc;

	md_summary(&sum, html, strlen(html), 55);
	if ((st = db_stmt(im->db, DBF_IMPORT, DB_IMPORT_POST_BODY)) == NULL) {
		buf_free(&sum);
		return -1;
	}
	db_bind_int(st, 1, p->id);
	db_bind_text(st, 2, html);
	db_bind_text(st, 3, buf_str(&sum));
	rc = sqlite3_step(st);
	db_done(st);
	buf_free(&sum);
	if (rc != SQLITE_DONE || post_reindex(im->db, &im->a, p->id, p->title,
	    html, tag_names(im, it)) == -1 ||
	    post_set_uses(im->db, p->id, html) == -1)
		return -1;
	im->st->bodies_updated++;
	return 0;
}

/* Does stored HTML still name an old upload? */
static int
names_uploads(const char *html)
{
	return strstr(html, "/wp-content/uploads/") != NULL ||
	    strstr(html, ".files.wordpress.com/") != NULL;
}

/*
 * A post imported before: its photos put in. Rendered again if its body
 * is what an import without them made (not edited since); else only
 * its old upload URLs are changed. 0 or -1.
 */
static int
item_refresh(struct imp *im, const struct wxr_channel *ch,
    const struct wxr_item *it, const struct post *p)
{
	struct buf		 nw = { 0 }, old = { 0 }, t = { 0 };
	struct wxr_notes	 scratch = { 0 };
	struct wxr_media	 md;
	struct upl_ctx		 c;
	size_t			 n = strlen(it->content);
	int			 rc = 0;

	item_media(im, ch, it, &c, &md);
	wxr_html_media(&nw, it->content, n, 0, &scratch, &md);
	if (strcmp(buf_str(&nw), p->body_html) == 0)
		goto out;
	wxr_html(&old, it->content, n, 0, &scratch);
	if (strcmp(buf_str(&old), p->body_html) == 0)
		rc = set_body(im, it, p, buf_str(&nw));
	else if (names_uploads(p->body_html)) {
		item_media(im, ch, it, &c, &md);
		c.st = NULL;	/* counted above */
		wxr_media_rewrite(&t, p->body_html, strlen(p->body_html), &md);
		buf_reset(&nw);
		html_sanitize(&nw, buf_str(&t), t.len, 0, NULL);
		if (strcmp(buf_str(&nw), p->body_html) != 0)
			rc = set_body(im, it, p, buf_str(&nw));
	}
out:
	buf_free(&nw);
	buf_free(&old);
	buf_free(&t);
	return rc;
}

/* The item's attachments belong to post id; its _thumbnail_id is the
   featured photo (unless one is chosen). 0 or -1. */
static int
item_photos(struct imp *im, const struct wxr_channel *ch,
    const struct wxr_item *it, int64_t id)
{
	struct db_attachment	 att;
	sqlite3_stmt		*st;
	const char		*thumb;
	int			 rc;

	if ((st = db_stmt(im->db, DBF_IMPORT, DB_IMPORT_ATT_PARENT)) == NULL)
		return -1;
	db_bind_text(st, 1, site_of(ch));
	db_bind_text(st, 2, it->post_id);
	db_bind_int(st, 3, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	if ((thumb = wxr_meta(it, "_thumbnail_id")) == NULL ||
	    (rc = db_import_att_by_wpid(im->db, site_of(ch), thumb, &att)) == 0
	    || att.media_id == 0)
		return rc == -1 ? -1 : 0;
	if ((st = db_stmt(im->db, DBF_IMPORT, DB_IMPORT_FEATURED)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, att.media_id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(im->db->h) > 0)
		im->st->featured++;
	return 0;
}

/*
 * An attachment in the second reading: one whose file is stored gets
 * its author as the photo's owner and a 301 from its old attachment
 * page; the others are counted as skipped. 0 or -1 with err.
 */
static int
item_attachment(struct imp *im, const struct wxr_item *it, const char *key,
    char *err, size_t errsz)
{
	struct db_attachment	 att;
	struct wxr_found	 f;
	sqlite3_stmt		*st;
	int64_t			 uid;
	int			 rc;

	if ((rc = db_import_att_by_key(im->db, key, &att)) == 0 ||
	    (rc == 1 && att.media_id == 0 && att.file_id == 0)) {
		skip_type(im->st, it->post_type);
		return 0;
	}
	if (rc == -1)
		goto dberr;
	if (*it->creator != '\0') {
		if ((uid = author_user(im, it->creator, NULL, it->creator, "",
		    err, errsz)) == -1)
			return -1;
		if ((st = db_stmt(im->db, DBF_IMPORT, DB_IMPORT_ATT_USER)) ==
		    NULL)
			goto dberr;
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, uid);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			goto dberr;
	}
	memset(&f, 0, sizeof(f));
	if (att.media_id > 0 && db_media_get(im->db, &im->a, att.media_id,
	    &f.m) == 1 && f.m.nv > 0 && redirect(im, old_path(&im->a,
	    it->link), media_url(&im->a, &f.m)) == -1)
		goto dberr;
	return 0;
dberr:
	snprintf(err, errsz, "attachment '%s': database: %s", it->title,
	    sqlite3_errmsg(im->db->h));
	return -1;
}

/* The first reading (--uploads): each attachment's file stored. */
static int
on_item_upload(void *arg, const struct wxr_channel *ch,
    const struct wxr_item *it, char *err, size_t errsz)
{
	struct imp	*im = arg;
	const char	*key;
	int64_t		 created;

	arena_reset(&im->a);
	key = item_key(im, it);		/* every item: the same keys after */
	if (strcmp(it->post_type, "attachment") != 0)
		return 0;
	if (!wp_date(it->post_date_gmt, 1, &created) &&
	    !wp_date(it->post_date, 0, &created))
		created = im->now;
	return upl_attachment(im->db, &im->a, im->up, site_of(ch), it, key,
	    created, im->st, err, errsz);
}

static int
on_item(void *arg, const struct wxr_channel *ch, const struct wxr_item *it,
    char *err, size_t errsz)
{
	struct imp	*im = arg;
	struct post	 p;
	const char	*status, *key;
	int64_t		 id, uid;
	int		 fresh = 0;

	arena_reset(&im->a);
	if (im->st->format[0] == '\0')
		(void)snprintf(im->st->format, sizeof(im->st->format),
		    "WXR %s", ch->wxr_version);
	if (strcmp(it->post_type, "attachment") == 0)
		return item_attachment(im, it, item_key(im, it), err, errsz);
	if (strcmp(it->post_type, "post") != 0 &&
	    strcmp(it->post_type, "page") != 0) {
		skip_type(im->st, it->post_type);
		return 0;
	}
	if ((status = status_of(it->status)) == NULL) {
		im->st->status_skipped++;
		return 0;
	}
	key = item_key(im, it);
	if (*it->creator != '\0')
		uid = author_user(im, it->creator, NULL, it->creator, "", err,
		    errsz);
	else {
		if (im->fallback_uid == 0 &&
		    (im->fallback_uid = fallback_user(im)) <= 0)
			goto dberr;
		uid = im->fallback_uid;
	}
	if (uid == -1)
		return -1;
	if ((id = db_import_post_by_key(im->db, key)) == -1)
		goto dberr;
	if (id > 0) {
		if (strcmp(it->post_type, "page") == 0)
			im->st->pages_there++;
		else
			im->st->posts_there++;
	} else {
		if ((id = item_post(im, ch, it, key, status, uid, err,
		    errsz)) == -1)
			return -1;
		if (item_tags(im, it, id) == -1)
			goto dberr;
		fresh = 1;
	}
	if (db_post_by_id(im->db, &im->a, id, 0, &p) != 1)
		goto dberr;
	if (fresh)
		import_count(im->st, p.type, p.status);
	else if (item_refresh(im, ch, it, &p) == -1)
		goto dberr;
	if (item_photos(im, ch, it, id) == -1)
		goto dberr;
	if (item_redirects(im, it, &p) == -1)
		goto dberr;
	if (item_comments(im, it, id, p.published, key, err, errsz) == -1)
		return -1;
	return 0;
dberr:
	snprintf(err, errsz, "%s '%s': database: %s", it->post_type,
	    it->title, sqlite3_errmsg(im->db->h));
	return -1;
}

/* -- the whole file ------------------------------------------------------------ */

/* Forget the guids seen in the first reading. */
static void
seen_clear(struct imp *im)
{
	size_t	 i;

	for (i = 0; i < im->seencap; i++)
		free(im->seen[i]);
	free(im->seen);
	im->seen = NULL;
	im->nseen = im->seencap = 0;
}

/*
 * The first reading of f (--uploads): every attachment's file stored,
 * each committed on its own; f rewound after. 0, or -1 with err.
 */
static int
read_uploads(struct imp *im, FILE *f, char *err, size_t errsz)
{
	struct wxr_handler	 h = { 0 };

	im->st->uploads_dir = 1;
	if (upl_recover(im->db, im->up->media) == -1 ||
	    media_recover(im->db, im->up->media) == -1)
		fprintf(stderr, "quire: media: %s: cannot clean up after an "
		    "earlier store\n", im->up->media);
	h.arg = im;
	h.item = on_item_upload;
	if (wxr_read(f, &h, err, errsz) == -1)
		return -1;
	seen_clear(im);
	if (fseek(f, 0, SEEK_SET) == -1) {
		snprintf(err, errsz, "cannot read the file again (--uploads "
		    "needs a file, not a pipe)");
		return -1;
	}
	return 0;
}

int
import_wxr(struct db *db, FILE *f, int64_t now,
    const struct import_uploads *up, struct import_stats *st, char *err,
    size_t errsz)
{
	struct wxr_handler	 h = { 0 };
	struct imp		 im;
	struct db_counts	 before, after;
	size_t			 i;
	int			 rc = -1;

	memset(st, 0, sizeof(*st));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.now = now;
	im.st = st;
	im.up = up;
	h.arg = &im;
	h.author = on_author;
	h.term = on_term;
	h.item = on_item;
	/* A bounded page cache of 16 MiB: a large import then rewrites far
	   fewer spilled pages; memory stays flat in the file's size. */
	(void)db_exec(db, "PRAGMA cache_size=-16384");
	if (up != NULL && up->dir != NULL && read_uploads(&im, f, err,
	    errsz) == -1)
		goto out;
	if (db_begin(db) == -1) {
		snprintf(err, errsz, "database busy or read-only: %s",
		    sqlite3_errmsg(db->h));
		goto out;
	}
	if (db_import_counts(db, &before) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	if (wxr_read(f, &h, err, errsz) == -1)
		goto fail;
	/* Post counts by post_save, comment counts by db_comment_add; tags
	   were linked here. */
	if (db_import_recount(db) == -1 || db_import_counts(db, &after) == -1) {
		snprintf(err, errsz, "database: %s", sqlite3_errmsg(db->h));
		goto fail;
	}
	st->tags_new = after.tags - before.tags;
	if (st->format[0] == '\0')
		(void)snprintf(st->format, sizeof(st->format), "WXR");
	if (db_commit(db) == -1) {
		snprintf(err, errsz, "commit: %s", sqlite3_errmsg(db->h));
		goto out;
	}
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	for (i = 0; i < im.nauthors; i++) {
		free(im.authors[i].login);
		free(im.authors[i].wp_id);
	}
	free(im.authors);
	seen_clear(&im);
	arena_free(&im.a);
	return rc;
}
