/* wxr.c: a streaming reader of WordPress eXtended RSS (WXR 1.0-1.2) files. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "arena.h"
#include "buf.h"
#include "wxr.h"

#define DEPTH_MAX	64
#define TEXT_MAX	(64u * 1024 * 1024)
#define CHUNK		65536

/* Where the element at some depth sits. */
enum ctx {
	C_NONE,		/* outside anything we read */
	C_RSS,
	C_CHANNEL,
	C_ITEM,
	C_COMMENT,
	C_AUTHOR,
	C_TERM,
	C_META,
	C_FIELD		/* a field being captured, or something ignored */
};

struct field {
	const char	*name;
	size_t		 off;	/* of a const char * in the struct */
};

static const struct field channel_fields[] = {
	{ "title", offsetof(struct wxr_channel, title) },
	{ "link", offsetof(struct wxr_channel, link) },
	{ "description", offsetof(struct wxr_channel, description) },
	{ "wp:wxr_version", offsetof(struct wxr_channel, wxr_version) },
	{ "wp:base_site_url", offsetof(struct wxr_channel, base_site_url) },
	{ "wp:base_blog_url", offsetof(struct wxr_channel, base_blog_url) },
	{ NULL, 0 }
};

static const struct field author_fields[] = {
	{ "wp:author_id", offsetof(struct wxr_author, id) },
	{ "wp:author_login", offsetof(struct wxr_author, login) },
	{ "wp:author_email", offsetof(struct wxr_author, email) },
	{ "wp:author_display_name",
	    offsetof(struct wxr_author, display_name) },
	{ "wp:author_first_name", offsetof(struct wxr_author, first_name) },
	{ "wp:author_last_name", offsetof(struct wxr_author, last_name) },
	{ NULL, 0 }
};

static const struct field term_fields[] = {
	{ "wp:category_nicename", offsetof(struct wxr_term, slug) },
	{ "wp:cat_name", offsetof(struct wxr_term, name) },
	{ "wp:category_description", offsetof(struct wxr_term, description) },
	{ "wp:category_parent", offsetof(struct wxr_term, parent) },
	{ "wp:tag_slug", offsetof(struct wxr_term, slug) },
	{ "wp:tag_name", offsetof(struct wxr_term, name) },
	{ "wp:tag_description", offsetof(struct wxr_term, description) },
	{ "wp:term_slug", offsetof(struct wxr_term, slug) },
	{ "wp:term_name", offsetof(struct wxr_term, name) },
	{ "wp:term_description", offsetof(struct wxr_term, description) },
	{ "wp:term_parent", offsetof(struct wxr_term, parent) },
	{ "wp:term_taxonomy", offsetof(struct wxr_term, taxonomy) },
	{ NULL, 0 }
};

static const struct field item_fields[] = {
	{ "title", offsetof(struct wxr_item, title) },
	{ "link", offsetof(struct wxr_item, link) },
	{ "guid", offsetof(struct wxr_item, guid) },
	{ "dc:creator", offsetof(struct wxr_item, creator) },
	{ "content:encoded", offsetof(struct wxr_item, content) },
	{ "excerpt:encoded", offsetof(struct wxr_item, excerpt) },
	{ "wp:post_id", offsetof(struct wxr_item, post_id) },
	{ "wp:post_date", offsetof(struct wxr_item, post_date) },
	{ "wp:post_date_gmt", offsetof(struct wxr_item, post_date_gmt) },
	{ "wp:comment_status", offsetof(struct wxr_item, comment_status) },
	{ "wp:post_name", offsetof(struct wxr_item, post_name) },
	{ "wp:status", offsetof(struct wxr_item, status) },
	{ "wp:post_parent", offsetof(struct wxr_item, post_parent) },
	{ "wp:post_type", offsetof(struct wxr_item, post_type) },
	{ "wp:post_password", offsetof(struct wxr_item, post_password) },
	{ "wp:is_sticky", offsetof(struct wxr_item, is_sticky) },
	{ "wp:menu_order", offsetof(struct wxr_item, menu_order) },
	{ "wp:attachment_url", offsetof(struct wxr_item, attachment_url) },
	{ NULL, 0 }
};

static const struct field meta_fields[] = {
	{ "wp:meta_key", offsetof(struct wxr_meta, key) },
	{ "wp:meta_value", offsetof(struct wxr_meta, value) },
	{ NULL, 0 }
};

static const struct field comment_fields[] = {
	{ "wp:comment_id", offsetof(struct wxr_comment, id) },
	{ "wp:comment_author", offsetof(struct wxr_comment, author) },
	{ "wp:comment_author_email",
	    offsetof(struct wxr_comment, author_email) },
	{ "wp:comment_author_url", offsetof(struct wxr_comment, author_url) },
	{ "wp:comment_author_IP", offsetof(struct wxr_comment, author_ip) },
	{ "wp:comment_date", offsetof(struct wxr_comment, date) },
	{ "wp:comment_date_gmt", offsetof(struct wxr_comment, date_gmt) },
	{ "wp:comment_content", offsetof(struct wxr_comment, content) },
	{ "wp:comment_approved", offsetof(struct wxr_comment, approved) },
	{ "wp:comment_type", offsetof(struct wxr_comment, type) },
	{ "wp:comment_parent", offsetof(struct wxr_comment, parent) },
	{ "wp:comment_user_id", offsetof(struct wxr_comment, user_id) },
	{ NULL, 0 }
};

struct reader {
	XML_Parser			 p;
	const struct wxr_handler	*h;
	char				*err;
	size_t				 errsz;
	int				 failed;
	int				 depth;
	enum ctx			 st[DEPTH_MAX];
	int				 seen_rss, seen_channel;
	/* The channel's fields, kept for the whole file. */
	struct arena			 chan_arena;
	struct wxr_channel		 chan;
	/* What is being read now; strings in `a', reset after each. */
	struct arena			 a;
	struct wxr_author		 author;
	struct wxr_term			 term;
	struct wxr_item			 item;
	struct wxr_comment		 comment;
	struct wxr_meta			 meta;
	size_t				 cats_cap, comments_cap, meta_cap;
	/* The text of the field being captured, and where it goes. */
	struct buf			 text;
	const char			**target;
	struct arena			*target_arena;
	int				 capturing;
	int				 cap_depth;	/* of the field */
};

/* Stop with "line N: why". */
static void
fail(struct reader *r, unsigned long line, const char *why)
{
	if (r->failed)
		return;
	r->failed = 1;
	snprintf(r->err, r->errsz, "line %lu: %s", line, why);
	XML_StopParser(r->p, XML_FALSE);
}

static unsigned long
line(struct reader *r)
{
	return (unsigned long)XML_GetCurrentLineNumber(r->p);
}

/* The prefix we use for a namespace URI, by what it is, not by name. */
static const char *
ns_prefix(const char *uri, size_t n)
{
	static const struct {
		const char	*part;
		const char	*prefix;
	} known[] = {
		{ "wordpress.org/export/1.", "wp" },
		{ "purl.org/rss/1.0/modules/content", "content" },
		{ "purl.org/dc/elements/1.1", "dc" },
		{ "wellformedweb.org/CommentAPI", "wfw" },
	};
	size_t	 i, k, len;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		len = strlen(known[i].part);
		for (k = 0; k + len <= n; k++)
			if (memcmp(uri + k, known[i].part, len) == 0)
				break;
		if (k + len > n)
			continue;
		if (i == 0 && n >= 8 && memcmp(uri + n - 8, "excerpt/", 8) == 0)
			return "excerpt";
		return known[i].prefix;
	}
	return "?";
}

/* "URI\nlocal" (expat's namespaced name) as "prefix:local". */
static void
qname(const char *raw, char *out, size_t outsz)
{
	const char	*nl;

	if ((nl = strchr(raw, '\n')) == NULL)
		(void)snprintf(out, outsz, "%s", raw);
	else
		(void)snprintf(out, outsz, "%s:%s",
		    ns_prefix(raw, (size_t)(nl - raw)), nl + 1);
}

static const struct field *
find_field(const struct field *f, const char *name)
{
	for (; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* Begin capturing the text of a field into *target (in arena a). */
static void
capture(struct reader *r, const char **target, struct arena *a)
{
	buf_reset(&r->text);
	r->target = target;
	r->target_arena = a;
	r->capturing = 1;
	r->cap_depth = r->depth;
}

/* Point every field of a table that is still NULL at "". */
static void
fill(void *base, const struct field *f)
{
	const char	**s;

	for (; f->name != NULL; f++) {
		s = (const char **)(void *)((char *)base + f->off);
		if (*s == NULL)
			*s = "";
	}
}

static void
channel_fill(struct reader *r)
{
	fill(&r->chan, channel_fields);
}

/* Is the WXR version known? Checked before the first author, term or
   item. */
static int
version_ok(struct reader *r)
{
	const char	*v = r->chan.wxr_version;
	char		 why[128];

	if (v == NULL || *v == '\0') {
		fail(r, line(r), "no wp:wxr_version before the content: not "
		    "a WordPress export (WXR) file");
		return 0;
	}
	if (strcmp(v, "1.0") != 0 && strcmp(v, "1.1") != 0 &&
	    strcmp(v, "1.2") != 0) {
		(void)snprintf(why, sizeof(why), "WXR version '%.20s' is not "
		    "one this importer knows (1.0, 1.1, 1.2)", v);
		fail(r, line(r), why);
		return 0;
	}
	return 1;
}

static void
category_start(struct reader *r, const char **attrs)
{
	struct wxr_category	*c, *nc;
	char			 name[128];
	int			 i;

	if (r->item.ncats == r->cats_cap) {
		r->cats_cap = r->cats_cap ? r->cats_cap * 2 : 8;
		nc = arena_zalloc(&r->a, r->cats_cap * sizeof(*nc));
		if (r->item.ncats > 0)
			memcpy(nc, r->item.cats, r->item.ncats * sizeof(*nc));
		r->item.cats = nc;
	}
	c = &r->item.cats[r->item.ncats++];
	memset(c, 0, sizeof(*c));
	for (i = 0; attrs[i] != NULL; i += 2) {
		qname(attrs[i], name, sizeof(name));
		if (strcmp(name, "domain") == 0)
			c->domain = arena_strdup(&r->a, attrs[i + 1]);
		else if (strcmp(name, "nicename") == 0)
			c->nicename = arena_strdup(&r->a, attrs[i + 1]);
	}
	if (c->domain == NULL)
		c->domain = "";
	if (c->nicename == NULL)
		c->nicename = "";
	capture(r, &c->name, &r->a);
}

/* A start tag inside an item (depth: the item's child). */
static enum ctx
item_child(struct reader *r, const char *name, const char **attrs)
{
	const struct field	*f;

	if (strcmp(name, "wp:comment") == 0) {
		memset(&r->comment, 0, sizeof(r->comment));
		return C_COMMENT;
	}
	if (strcmp(name, "category") == 0) {
		category_start(r, attrs);
		return C_FIELD;
	}
	if (strcmp(name, "wp:postmeta") == 0) {
		memset(&r->meta, 0, sizeof(r->meta));
		return C_META;
	}
	if ((f = find_field(item_fields, name)) != NULL)
		capture(r, (const char **)(void *)((char *)&r->item + f->off),
		    &r->a);
	return C_FIELD;
}

/* A start tag inside the channel. */
static enum ctx
channel_child(struct reader *r, const char *name)
{
	const struct field	*f;

	if (strcmp(name, "item") == 0 || strcmp(name, "wp:author") == 0 ||
	    strcmp(name, "wp:category") == 0 || strcmp(name, "wp:tag") == 0 ||
	    strcmp(name, "wp:term") == 0) {
		if (!version_ok(r))
			return C_FIELD;
		arena_reset(&r->a);
		if (strcmp(name, "item") == 0) {
			memset(&r->item, 0, sizeof(r->item));
			r->item.line = line(r);
			r->cats_cap = r->comments_cap = r->meta_cap = 0;
			return C_ITEM;
		}
		if (strcmp(name, "wp:author") == 0) {
			memset(&r->author, 0, sizeof(r->author));
			return C_AUTHOR;
		}
		memset(&r->term, 0, sizeof(r->term));
		r->term.kind = strcmp(name, "wp:category") == 0 ? "category" :
		    strcmp(name, "wp:tag") == 0 ? "tag" : "term";
		return C_TERM;
	}
	if ((f = find_field(channel_fields, name)) != NULL &&
	    *(const char **)(void *)((char *)&r->chan + f->off) == NULL)
		capture(r, (const char **)(void *)((char *)&r->chan + f->off),
		    &r->chan_arena);
	return C_FIELD;
}

static void XMLCALL
on_start(void *arg, const char *raw, const char **attrs)
{
	struct reader		*r = arg;
	const struct field	*f;
	enum ctx		 parent, c = C_FIELD;
	char			 name[128], why[200];

	if (r->failed)
		return;
	qname(raw, name, sizeof(name));
	if (r->depth >= DEPTH_MAX) {
		fail(r, line(r), "elements nested too deep");
		return;
	}
	parent = r->depth > 0 ? r->st[r->depth - 1] : C_NONE;
	if (r->depth == 0) {
		if (strcmp(name, "rss") != 0) {
			(void)snprintf(why, sizeof(why), "the root element is "
			    "<%.60s>, not <rss>: not a WordPress export (WXR) "
			    "file", name);
			fail(r, line(r), why);
			return;
		}
		r->seen_rss = 1;
		c = C_RSS;
	} else if (r->capturing)
		c = C_FIELD;	/* markup inside a field: its text is kept */
	else switch (parent) {
	case C_RSS:
		if (strcmp(name, "channel") == 0 && !r->seen_channel) {
			r->seen_channel = 1;
			c = C_CHANNEL;
		}
		break;
	case C_CHANNEL:
		c = channel_child(r, name);
		break;
	case C_ITEM:
		c = item_child(r, name, attrs);
		break;
	case C_COMMENT:
		if ((f = find_field(comment_fields, name)) != NULL)
			capture(r, (const char **)(void *)((char *)&r->comment +
			    f->off), &r->a);
		break;
	case C_META:
		if ((f = find_field(meta_fields, name)) != NULL)
			capture(r, (const char **)(void *)((char *)&r->meta +
			    f->off), &r->a);
		break;
	case C_AUTHOR:
		if ((f = find_field(author_fields, name)) != NULL)
			capture(r, (const char **)(void *)((char *)&r->author +
			    f->off), &r->a);
		break;
	case C_TERM:
		if ((f = find_field(term_fields, name)) != NULL)
			capture(r, (const char **)(void *)((char *)&r->term +
			    f->off), &r->a);
		break;
	default:
		break;
	}
	r->st[r->depth++] = c;
}

/* The comment just read, added to the item. */
static void
comment_end(struct reader *r)
{
	struct wxr_comment	*nc;

	fill(&r->comment, comment_fields);
	if (r->item.ncomments == r->comments_cap) {
		r->comments_cap = r->comments_cap ? r->comments_cap * 2 : 16;
		nc = arena_alloc(&r->a, r->comments_cap * sizeof(*nc));
		if (r->item.ncomments > 0)
			memcpy(nc, r->item.comments,
			    r->item.ncomments * sizeof(*nc));
		r->item.comments = nc;
	}
	r->item.comments[r->item.ncomments++] = r->comment;
}

/* The postmeta just read, added to the item. */
static void
meta_end(struct reader *r)
{
	struct wxr_meta	*nm;

	fill(&r->meta, meta_fields);
	if (r->item.nmeta == r->meta_cap) {
		r->meta_cap = r->meta_cap ? r->meta_cap * 2 : 8;
		nm = arena_alloc(&r->a, r->meta_cap * sizeof(*nm));
		if (r->item.nmeta > 0)
			memcpy(nm, r->item.meta, r->item.nmeta * sizeof(*nm));
		r->item.meta = nm;
	}
	r->item.meta[r->item.nmeta++] = r->meta;
}

const char *
wxr_meta(const struct wxr_item *it, const char *key)
{
	size_t	 i;

	for (i = it->nmeta; i > 0; i--)
		if (strcmp(it->meta[i - 1].key, key) == 0)
			return it->meta[i - 1].value;
	return NULL;
}

/* Run callback rc's result: on -1, stop with the line of what. */
static void
called(struct reader *r, int rc, unsigned long at, char *why)
{
	if (rc == -1)
		fail(r, at, why[0] != '\0' ? why : "import failed");
}

static void XMLCALL
on_end(void *arg, const char *raw)
{
	struct reader	*r = arg;
	char		 why[512];
	enum ctx	 c;

	(void)raw;
	if (r->failed || r->depth == 0)
		return;
	c = r->st[--r->depth];
	why[0] = '\0';
	if (r->capturing) {
		if (r->depth > r->cap_depth)
			return;		/* markup inside the field */
		*r->target = arena_strndup(r->target_arena, buf_str(&r->text),
		    r->text.len);
		r->capturing = 0;
		r->target = NULL;
		return;
	}
	switch (c) {
	case C_COMMENT:
		comment_end(r);
		break;
	case C_META:
		meta_end(r);
		break;
	case C_ITEM:
		fill(&r->item, item_fields);
		channel_fill(r);
		if (r->h->item != NULL)
			called(r, r->h->item(r->h->arg, &r->chan, &r->item, why,
			    sizeof(why)), r->item.line, why);
		break;
	case C_AUTHOR:
		fill(&r->author, author_fields);
		channel_fill(r);
		if (r->h->author != NULL)
			called(r, r->h->author(r->h->arg, &r->chan, &r->author,
			    why, sizeof(why)), line(r), why);
		break;
	case C_TERM:
		fill(&r->term, term_fields);
		channel_fill(r);
		if (r->h->term != NULL)
			called(r, r->h->term(r->h->arg, &r->chan, &r->term, why,
			    sizeof(why)), line(r), why);
		break;
	default:
		break;
	}
}

static void XMLCALL
on_text(void *arg, const char *s, int len)
{
	struct reader	*r = arg;

	if (r->failed || !r->capturing || len <= 0)
		return;
	if (r->text.len + (size_t)len > TEXT_MAX) {
		fail(r, line(r), "an element's text is longer than 64 MiB");
		return;
	}
	buf_add(&r->text, s, (size_t)len);
}

static void XMLCALL
on_entity_decl(void *arg, const char *name, int is_param, const char *value,
    int value_len, const char *base, const char *system_id,
    const char *public_id, const char *notation)
{
	struct reader	*r = arg;

	(void)name;
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)system_id;
	(void)public_id;
	(void)notation;
	fail(r, line(r), "the file declares entities (<!ENTITY>), which a "
	    "WordPress export never does: refused");
}

int
wxr_read(FILE *f, const struct wxr_handler *h, char *err, size_t errsz)
{
	struct reader	 r;
	void		*chunk;
	size_t		 n;
	int		 final = 0, rc = -1;

	memset(&r, 0, sizeof(r));
	r.h = h;
	r.err = err;
	r.errsz = errsz;
	if ((r.p = XML_ParserCreateNS(NULL, '\n')) == NULL)
		abort();
	XML_SetUserData(r.p, &r);
	XML_SetElementHandler(r.p, on_start, on_end);
	XML_SetCharacterDataHandler(r.p, on_text);
	XML_SetEntityDeclHandler(r.p, on_entity_decl);
	while (!final && !r.failed) {
		if ((chunk = XML_GetBuffer(r.p, CHUNK)) == NULL)
			abort();
		n = fread(chunk, 1, CHUNK, f);
		if (ferror(f)) {
			snprintf(err, errsz, "line %lu: read error",
			    line(&r));
			goto out;
		}
		final = n < CHUNK && feof(f);
		if (XML_ParseBuffer(r.p, (int)n, final) == XML_STATUS_ERROR) {
			if (!r.failed)
				snprintf(err, errsz, "line %lu: %s", line(&r),
				    XML_ErrorString(XML_GetErrorCode(r.p)));
			goto out;
		}
	}
	if (r.failed)
		goto out;
	if (!r.seen_channel) {
		snprintf(err, errsz, "line %lu: no <channel>: not a WordPress "
		    "export (WXR) file", line(&r));
		goto out;
	}
	if (r.chan.wxr_version == NULL && version_ok(&r) == 0)
		goto out;
	rc = 0;
out:
	XML_ParserFree(r.p);
	buf_free(&r.text);
	arena_free(&r.a);
	arena_free(&r.chan_arena);
	return rc;
}
