/* held.c: forms held across a login (DESIGN.md, "Revisions, protected
   posts, shared drafts"): the text stays on the server, never in a URL,
   for HELD_MAX_AGE, and goes back only to the login that follows. */
#include <string.h>

#include <sodium.h>

#include "antispam.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_rate.h"
#include "db_revision.h"
#include "esc.h"
#include "held.h"
#include "http.h"
#include "session.h"
#include "urlenc.h"
#include "worker.h"

static void
hash_id(const unsigned char id[32], unsigned char out[32])
{
	crypto_generichash(out, 32, id, 32, NULL, 0);
}

static void
set_cookie(struct req *r, struct resp *resp, const char *value, int age)
{
	(void)http_header(resp, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/admin/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
	    HELD_COOKIE, value, age, r->https ? "; Secure" : ""));
}

/* The cookie's id hashed: 1, or 0 when there is none (or not an id). */
static int
cookie_hash(const struct req *r, unsigned char h[32])
{
	unsigned char	 id[32];
	const char	*c;
	size_t		 n;

	if ((c = http_cookie(r, HELD_COOKIE)) == NULL ||
	    sodium_base642bin(id, 32, c, strlen(c), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != 32)
		return 0;
	hash_id(id, h);
	sodium_memzero(id, sizeof(id));
	return 1;
}

/* The form's fields, urlencoded again (the token left out). */
static const char *
encode(struct req *r)
{
	const struct kv	*kv;
	struct buf	 b = { 0 };
	const char	*s;

	for (kv = r->form; kv != NULL; kv = kv->next) {
		if (strcmp(kv->key, "csrf") == 0)
			continue;
		if (b.len > 0)
			buf_putc(&b, '&');
		esc_url_component(&b, kv->key, kv->keylen);
		buf_putc(&b, '=');
		esc_url_component(&b, kv->val, kv->vallen);
	}
	s = arena_strndup(r->arena, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

int
held_hold(struct req *r, struct resp *resp, int64_t user_id)
{
	unsigned char	 id[32], h[32];
	char		 text[64], net[LIMIT_KEY_MAX];
	const char	*key;

	if (r->form == NULL)
		return -1;
	/* Held forms take room: HELD_PER_NET an hour from one network
	   (limit_key), so that nobody fills the disk with them. */
	limit_key(r->remote_addr != NULL ? r->remote_addr : "", net,
	    sizeof(net));
	key = arena_printf(r->arena, "held:%s", net);
	if (db_rate_count(&r->w->db, key, r->now, HELD_MAX_AGE) >=
	    HELD_PER_NET || db_rate_hit(&r->w->db, key, r->now,
	    HELD_MAX_AGE) == -1)
		return -1;
	randombytes_buf(id, sizeof(id));
	hash_id(id, h);
	(void)db_held_prune(&r->w->db, r->now - HELD_MAX_AGE);
	if (db_held_insert(&r->w->db, h, user_id, r->path, encode(r),
	    r->now) == -1) {
		sodium_memzero(id, sizeof(id));
		return -1;
	}
	sodium_bin2base64(text, sizeof(text), id, sizeof(id),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(id, sizeof(id));
	set_cookie(r, resp, text, HELD_MAX_AGE);
	return 0;
}

const char *
held_claim(struct req *r, int64_t user_id)
{
	struct held_form	 f;
	unsigned char		 h[32];

	if (!cookie_hash(r, h) || db_held_by_hash(&r->w->db, r->arena, h,
	    &f) != 1)
		return NULL;
	if (f.created < r->now - HELD_MAX_AGE ||
	    (f.user_id != 0 && f.user_id != user_id) ||
	    strncmp(f.path, "/admin/", 7) != 0)
		return NULL;
	if (db_held_claim(&r->w->db, f.id, user_id) == -1)
		return NULL;
	return f.path;
}

int
held_take(struct req *r, struct resp *resp)
{
	struct held_form	 f;
	struct kv		*form;
	unsigned char		 h[32];
	int			 rc;

	if (r->session == NULL || !cookie_hash(r, h))
		return 0;
	if ((rc = db_held_by_hash(&r->w->db, r->arena, h, &f)) != 1)
		return rc;
	if (!f.claimed || f.user_id != r->session->user.id ||
	    strcmp(f.path, r->path) != 0 ||
	    f.created < r->now - HELD_MAX_AGE)
		return 0;
	if (form_parse(r->arena, f.form, strlen(f.form), &form) == -1)
		return 0;
	if (db_held_delete(&r->w->db, f.id) == -1)
		return -1;
	set_cookie(r, resp, "", 0);
	r->form = form;
	r->held = 1;
	return 1;
}
