/* mail_keeper.c: the keeper's part in mail: events made into messages
   in the outbox, the daily digest, and the mailer process that pipes
   each message to mail_command (mail_keeper.h). */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "db_mail.h"
#include "db_setting.h"
#include "i18n.h"
#include "mail.h"
#include "mail_keeper.h"
#include "model.h"
#include "site.h"
#include "url.h"

#define DIGEST_EVERY	86400
#define DIGEST_MAX	100	/* comments listed in one digest */
#define HELD_FRESH	(2 * 86400) /* older held comments (imports): no mail */

/* The only globals: flags set by signal handlers (the mailer's). */
static volatile sig_atomic_t	 mailer_stop;

/* What composing a message needs. */
struct mctx {
	struct db		*db;
	struct arena		*a;
	struct site		*site;
	const char		*from;
	const char		*host;
	const char		*notify_moderation;
	int64_t			 now;
	struct i18n		 lang;	/* the site's language */
};

/* A comment as the mails show it, with its post. */
struct mcomment {
	int64_t		 id, parent_id, created;
	const char	*status, *name, *email, *url, *text;
	struct post	 p;
};

static void
comment_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct mcomment	*c = item;

	c->id = sqlite3_column_int64(st, 0);
	c->status = db_col_text(a, st, 1);
	c->name = db_col_text(a, st, 2);
	c->email = db_col_text(a, st, 3);
	c->url = db_col_text(a, st, 4);
	c->created = sqlite3_column_int64(st, 5);
	c->text = db_col_text(a, st, 6);
	c->parent_id = sqlite3_column_int64(st, 7);
	c->p.id = sqlite3_column_int64(st, 8);
	c->p.type = db_col_text(a, st, 9);
	c->p.slug = db_col_text(a, st, 10);
	c->p.title = db_col_text(a, st, 11);
	c->p.published = sqlite3_column_int64(st, 12);
	c->p.author_id = sqlite3_column_int64(st, 13);
	c->p.status = db_col_text(a, st, 14);
	if (*c->p.title == '\0')
		c->p.title = "(no title)";
}

/* Comment id with its post: 1, 0 (gone) or -1. */
static int
comment_get(struct mctx *m, int64_t id, struct mcomment *out)
{
	struct mcomment	*c;
	sqlite3_stmt	*st;
	int		 n;

	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_COMMENT)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (db_rows(m->db, m->a, st, sizeof(*c), 1, comment_row, (void **)&c,
	    &n, "mail comment") == -1)
		return -1;
	if (n == 0)
		return 0;
	*out = c[0];
	return 1;
}

const char *
mail_keeper_from(struct arena *a, const struct site *site,
    const char *mail_from)
{
	const char	*h;
	size_t		 n;

	if (mail_from != NULL && *mail_from != '\0')
		return mail_from;
	h = strstr(site->base_url, "://");
	h = h != NULL ? h + 3 : site->base_url;
	n = strcspn(h, "/:?#");
	if (*h == '[')
		n = strcspn(h, "/?#");
	return arena_printf(a, "quire@%.*s", (int)n, h);
}

/* The setting key, or its default. */
static const char *
setting(struct db *db, struct arena *a, const char *key)
{
	const struct site_setting	*s;
	const char			*v = NULL;

	if (db_setting_get(db, a, key, &v) == 1)
		return v;
	for (s = site_settings; s->key != NULL; s++)
		if (strcmp(s->key, key) == 0)
			return s->def;
	return "";
}

/* Put message m (to rcpt) in the outbox unless dedupe was there. */
static int
enqueue(struct mctx *m, const char *kind, const char *dedupe,
    struct mail_msg *msg)
{
	struct buf	 b = { 0 }, id = { 0 };
	sqlite3_stmt	*st;
	int		 rc = -1;

	msg->from_name = m->site->title;
	msg->from = m->from;
	msg->date = m->now;
	mail_message_id(&id, m->host);
	msg->message_id = buf_str(&id);
	if (mail_format(&b, msg) == -1) {
		fprintf(stderr, "quire: mail: %s: no usable address (from %s, "
		    "to %s); not sent\n", kind, msg->from, msg->to);
		rc = 0;
		goto out;
	}
	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_OUTBOX_ADD)) == NULL)
		goto out;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, dedupe);
	db_bind_text(st, 3, msg->to);
	db_bind_text(st, 4, buf_str(&b));
	db_bind_int(st, 5, m->now);
	rc = db_step_write(m->db, st, "outbox") == -1 ? -1 : 0;
out:
	buf_free(&b);
	buf_free(&id);
	return rc;
}

static const char *
subject(struct mctx *m, const char *what)
{
	return arena_printf(m->a, "[%s] %s", m->site->title, what);
}

static const char *
mlink(struct mctx *m, const char *path, enum mail_token_kind k, int64_t id,
    int days)
{
	char	 t[MAIL_TOKEN_CHARS + 1];

	mail_token_make(m->site->key, k, id, m->now + (int64_t)days * 86400,
	    t);
	return arena_printf(m->a, "%s%s?t=%s", m->site->base_url, path, t);
}

/* The lines about comment c in a moderation mail or digest. */
static void
moderation_item(struct mctx *m, struct buf *b, const struct mcomment *c)
{
	const struct i18n	*l = &m->lang;

	buf_printf(b, "%s\n", i18n_format(m->a, _(l, "On \xe2\x80\x9c{title}"
	    "\xe2\x80\x9d ({url})"), "title", c->p.title, "url",
	    arena_printf(m->a, "%s%s", m->site->base_url, url_post_a(m->a,
	    &c->p)), NULL));
	buf_printf(b, "%s\n", i18n_format(m->a, _(l, "From: {name}"), "name",
	    c->name, NULL));
	if (*c->url != '\0')
		buf_printf(b, "%s\n", i18n_format(m->a, _(l, "Website: {url}"),
		    "url", c->url, NULL));
	buf_printf(b, "\n%s\n\n", c->text);
	buf_printf(b, "%s\n%s\n", i18n_format(m->a, _n(l, "Approve it, mark "
	    "it as spam or move it to the trash (no login needed; this link "
	    "works for {n} day, for this comment only):", "Approve it, mark "
	    "it as spam or move it to the trash (no login needed; this link "
	    "works for {n} days, for this comment only):",
	    MAIL_MODERATE_DAYS), "n", arena_printf(m->a, "%d",
	    MAIL_MODERATE_DAYS), NULL), mlink(m, "/moderate",
	    MAIL_TOKEN_MODERATE, c->id, MAIL_MODERATE_DAYS));
}

/* The staff to tell about comments on post author's posts: users with
   an email who are admins or that author. */
struct staff {
	int64_t		 id;
	const char	*name, *email;
	int		 admin;
};

static void
staff_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct staff	*s = item;

	s->id = sqlite3_column_int64(st, 0);
	s->name = db_col_text(a, st, 1);
	s->email = db_col_text(a, st, 2);
	s->admin = strcmp(db_col_text(a, st, 3), "admin") == 0;
}

static int
staff(struct mctx *m, int64_t author, struct staff **s, int *n)
{
	sqlite3_stmt	*st;

	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_STAFF)) == NULL)
		return -1;
	db_bind_int(st, 1, author);
	return db_rows(m->db, m->a, st, sizeof(**s), 8, staff_row,
	    (void **)s, n, "mail staff");
}

/* A comment is held: tell the post's author and the admins. */
static int
on_held(struct mctx *m, const struct mcomment *c)
{
	struct mail_msg	 msg;
	struct staff	*s;
	struct buf	 b = { 0 };
	int		 i, n, rc = 0;

	/* Settled meanwhile, or an imported comment: no mail. */
	if (strcmp(m->notify_moderation, "each") != 0 ||
	    strcmp(c->status, "pending") != 0 || c->created < m->now -
	    HELD_FRESH)
		return 0;
	if (staff(m, c->p.author_id, &s, &n) == -1)
		return -1;
	buf_printf(&b, "%s\n\n", _(&m->lang, "A new comment is waiting for "
	    "your approval."));
	moderation_item(m, &b, c);
	buf_printf(&b, "\n%s\n", i18n_format(m->a, _(&m->lang, "Everything "
	    "waiting: {url}"), "url", arena_printf(m->a,
	    "%s/admin/comments?status=pending", m->site->base_url), NULL));
	for (i = 0; i < n && rc == 0; i++) {
		memset(&msg, 0, sizeof(msg));
		msg.to_name = s[i].name;
		msg.to = s[i].email;
		msg.subject = subject(m, i18n_format(m->a, _(&m->lang,
		    "Please moderate: \xe2\x80\x9c{title}\xe2\x80\x9d"),
		    "title", c->p.title, NULL));
		msg.body = buf_str(&b);
		rc = enqueue(m, "moderation", arena_printf(m->a, "mod:%lld:%lld",
		    (long long)c->id, (long long)s[i].id), &msg);
	}
	buf_free(&b);
	return rc;
}

/* The watch of comment id: 1 (filled), 0 (none), -1. */
struct watch {
	const char	*email, *name;
	int		 stopped, confirmed;
};

static void
watch_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct watch	*w = item;

	w->email = db_col_text(a, st, 0);
	w->stopped = sqlite3_column_int(st, 1);
	w->confirmed = sqlite3_column_int(st, 2);
	w->name = db_col_text(a, st, 3);
}

static int
watch_get(struct mctx *m, int64_t id, struct watch *out)
{
	struct watch	*w;
	sqlite3_stmt	*st;
	int		 n;

	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_WATCH)) == NULL)
		return -1;
	db_bind_int(st, 1, id);
	if (db_rows(m->db, m->a, st, sizeof(*w), 1, watch_row, (void **)&w,
	    &n, "mail watch") == -1)
		return -1;
	if (n == 0)
		return 0;
	*out = w[0];
	return 1;
}

/* A reply is approved: one mail to the parent's writer, if they asked
   and confirmed, and did not write the reply themself. */
static int
on_approved(struct mctx *m, const struct mcomment *c)
{
	struct mail_msg	 msg;
	struct watch	 w;
	struct buf	 b = { 0 };
	const char	*unsub;
	int		 rc;

	if (strcmp(c->status, "approved") != 0 || c->parent_id <= 0 ||
	    (rc = watch_get(m, c->parent_id, &w)) == 0)
		return 0;
	if (rc == -1)
		return -1;
	if (w.stopped || !w.confirmed || strcasecmp(w.email, c->email) == 0)
		return 0;
	unsub = mlink(m, "/email/unsubscribe", MAIL_TOKEN_UNSUBSCRIBE,
	    c->parent_id, MAIL_UNSUBSCRIBE_DAYS);
	buf_printf(&b, "%s\n\n%s\n\n%s\n\n-- \n%s\n", i18n_format(m->a,
	    _(&m->lang, "{name} replied to your comment on \xe2\x80\x9c{title}"
	    "\xe2\x80\x9d:"), "name", c->name, "title", c->p.title, NULL),
	    c->text, i18n_format(m->a, _(&m->lang, "Read it, and answer: "
	    "{url}"), "url", arena_printf(m->a, "%s%s", m->site->base_url,
	    url_comment_a(m->a, &c->p, c->id)), NULL), i18n_format(m->a,
	    _(&m->lang, "You get this mail because you asked for replies to "
	    "your comment. To get no more, open: {url}"), "url", unsub,
	    NULL));
	memset(&msg, 0, sizeof(msg));
	msg.to_name = w.name;
	msg.to = w.email;
	msg.subject = subject(m, i18n_format(m->a, _(&m->lang, "{name} "
	    "replied to your comment on \xe2\x80\x9c{title}\xe2\x80\x9d"),
	    "name", c->name, "title", c->p.title, NULL));
	msg.body = buf_str(&b);
	msg.unsubscribe = unsub;
	rc = enqueue(m, "reply", arena_printf(m->a, "reply:%lld",
	    (long long)c->id), &msg);
	buf_free(&b);
	return rc;
}

/* A commenter asked for replies: confirm the address first (at most one
   confirmation a day for an address). */
static int
on_watch(struct mctx *m, const struct mcomment *c)
{
	struct mail_msg	 msg;
	struct watch	 w;
	struct buf	 b = { 0 }, key = { 0 };
	const char	*p;
	int		 rc;

	if ((rc = watch_get(m, c->id, &w)) != 1)
		return rc;
	if (w.confirmed || w.stopped || strcmp(c->status, "spam") == 0 ||
	    strcmp(c->status, "trash") == 0)
		return 0;
	buf_printf(&b, "%s\n\n%s\n%s\n\n%s\n", i18n_format(m->a,
	    _(&m->lang, "Someone, we hope you, asked {site} to send this "
	    "address a mail for each reply to a comment on \xe2\x80\x9c{title}"
	    "\xe2\x80\x9d ({url})."), "site", m->site->title, "title",
	    c->p.title, "url", arena_printf(m->a, "%s%s", m->site->base_url,
	    url_post_a(m->a, &c->p)), NULL), i18n_format(m->a, _n(&m->lang,
	    "To confirm, open this link and press the button (it works for "
	    "{n} day):", "To confirm, open this link and press the button "
	    "(it works for {n} days):", MAIL_CONFIRM_DAYS), "n",
	    arena_printf(m->a, "%d", MAIL_CONFIRM_DAYS), NULL), mlink(m,
	    "/email/confirm", MAIL_TOKEN_CONFIRM, c->id, MAIL_CONFIRM_DAYS),
	    _(&m->lang, "If it was not you, ignore this mail: nothing more "
	    "will be sent."));
	buf_puts(&key, "confirm:");
	for (p = w.email; *p != '\0'; p++)
		buf_putc(&key, *p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	buf_printf(&key, ":%lld", (long long)(m->now / 86400));
	memset(&msg, 0, sizeof(msg));
	msg.to_name = w.name;
	msg.to = w.email;
	msg.subject = subject(m, _(&m->lang, "Please confirm: mail for "
	    "replies to your comment"));
	msg.body = buf_str(&b);
	rc = enqueue(m, "confirm", buf_str(&key), &msg);
	buf_free(&b);
	buf_free(&key);
	return rc;
}

struct event {
	int64_t		 id, comment;
	const char	*kind;
};

static void
event_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct event	*e = item;

	e->id = sqlite3_column_int64(st, 0);
	e->kind = db_col_text(a, st, 1);
	e->comment = sqlite3_column_int64(st, 2);
}

/* One event made into its mails, and forgotten. */
static int
event_run(struct mctx *m, const struct event *e)
{
	struct mcomment	 c;
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = comment_get(m, e->comment, &c)) == -1)
		return -1;
	if (rc == 1 && strcmp(e->kind, "held") == 0)
		rc = on_held(m, &c);
	else if (rc == 1 && strcmp(e->kind, "approved") == 0 &&
	    m->site->notify_replies)
		rc = on_approved(m, &c);
	else if (rc == 1 && strcmp(e->kind, "watch") == 0 &&
	    m->site->notify_replies)
		rc = on_watch(m, &c);
	else
		rc = 0;
	if (rc == -1 || (st = db_stmt(m->db, DBF_MAIL, DB_MAIL_EVENT_DEL)) ==
	    NULL)
		return -1;
	db_bind_int(st, 1, e->id);
	return db_step_write(m->db, st, "mail event") == -1 ? -1 : 0;
}

/* A batch of events in one transaction: how many, or -1. */
static int
events_run(struct mctx *m)
{
	struct event	*e;
	sqlite3_stmt	*st;
	int		 i, n;

	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_EVENTS)) == NULL)
		return -1;
	db_bind_int(st, 1, MAIL_EVENTS);
	if (db_rows(m->db, m->a, st, sizeof(*e), 16, event_row, (void **)&e,
	    &n, "mail events") == -1 || n == 0)
		return n == 0 ? 0 : -1;
	if (db_begin(m->db) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (event_run(m, &e[i]) == -1)
			goto fail;
	if (db_commit(m->db) == -1)
		return -1;
	return n;
fail:
	db_rollback(m->db);
	return -1;
}

/* The daily digest: every comment waiting, to each staff member who
   may moderate it, when none went in the last day. */
static int
digest_run(struct mctx *m)
{
	struct mail_msg	 msg;
	struct mcomment	 c;
	struct staff	*s;
	struct buf	 b = { 0 };
	sqlite3_stmt	*st;
	const char	*nk;
	int64_t		 last, *ids;
	int		 i, j, k, n, ns, rc = -1;

	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_LAST_DIGEST)) == NULL ||
	    db_step_int(m->db, st, &last, "digest") == -1)
		return -1;
	if (last > m->now - DIGEST_EVERY)
		return 0;
	if ((st = db_stmt(m->db, DBF_MAIL, DB_MAIL_PENDING)) == NULL)
		return -1;
	db_bind_int(st, 1, DIGEST_MAX);
	ids = arena_alloc(m->a, sizeof(*ids) * DIGEST_MAX);
	for (n = 0; n < DIGEST_MAX && sqlite3_step(st) == SQLITE_ROW; n++)
		ids[n] = sqlite3_column_int64(st, 0);
	db_done(st);
	if (n == 0 || staff(m, -1, &s, &ns) == -1 || db_begin(m->db) == -1)
		return n == 0 ? 0 : -1;
	for (i = 0; i < ns; i++) {
		buf_reset(&b);
		for (j = k = 0; j < n; j++) {
			if (comment_get(m, ids[j], &c) != 1 || (!s[i].admin &&
			    c.p.author_id != s[i].id))
				continue;
			buf_puts(&b, "----------------------------------------"
			    "\n");
			moderation_item(m, &b, &c);
			k++;
		}
		if (k == 0)
			continue;
		memset(&msg, 0, sizeof(msg));
		msg.to_name = s[i].name;
		msg.to = s[i].email;
		nk = arena_printf(m->a, "%d", k);
		msg.subject = subject(m, i18n_format(m->a, _n(&m->lang,
		    "{n} comment waiting for moderation", "{n} comments "
		    "waiting for moderation", (unsigned long)k), "n", nk,
		    NULL));
		msg.body = arena_printf(m->a, "%s\n\n%s\n%s\n",
		    i18n_format(m->a, _n(&m->lang, "{n} comment is waiting "
		    "for your approval:", "{n} comments are waiting for your "
		    "approval:", (unsigned long)k), "n", nk, NULL),
		    buf_str(&b), i18n_format(m->a, _(&m->lang, "Everything "
		    "waiting: {url}"), "url", arena_printf(m->a,
		    "%s/admin/comments?status=pending", m->site->base_url),
		    NULL));
		if (enqueue(m, "digest", arena_printf(m->a, "digest:%lld:%lld",
		    (long long)s[i].id, (long long)m->now), &msg) == -1)
			goto fail;
	}
	rc = db_commit(m->db);
	buf_free(&b);
	return rc;
fail:
	db_rollback(m->db);
	buf_free(&b);
	return -1;
}

/* -- the mailer ----------------------------------------------------------- */

static void
on_mailer_signal(int sig)
{
	(void)sig;
	mailer_stop = 1;
}

/* Seconds to wait before attempt n + 1. */
static int64_t
backoff(int64_t attempts)
{
	int64_t	 d = 15;

	while (--attempts > 0 && d < 3600)
		d *= 2;
	return d < 3600 ? d : 3600;
}

/* Claim the next message due: its id, 0 (none), or -1. */
static int64_t
claim(struct db *db, int64_t now)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_DUE)) == NULL)
		goto fail;
	db_bind_int(st, 1, now);
	if ((rc = db_step_int(db, st, &id, "outbox due")) == -1)
		goto fail;
	if (rc == 1) {
		if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_CLAIM)) == NULL)
			goto fail;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)getpid());
		db_bind_int(st, 3, now);
		if (db_step_write(db, st, "outbox claim") != 1)
			goto fail;
	}
	return db_commit(db) == -1 ? -1 : id;
fail:
	db_rollback(db);
	return -1;
}

/* Record how sending message id went; tried a few times, for a busy
   database must not make a sent message look unsent. */
static void
record(struct db *db, int64_t id, int ok, int64_t created, int64_t attempts,
    const char *err)
{
	sqlite3_stmt	*st;
	int64_t		 now = time(NULL);
	int		 i, gone = !ok && now - created >= MAIL_RETRY_FOR;

	for (i = 0; i < 10; i++) {
		if ((st = db_stmt(db, DBF_MAIL, ok ? DB_MAIL_SENT :
		    DB_MAIL_RETRY)) == NULL)
			continue;
		db_bind_int(st, 1, id);
		if (ok)
			db_bind_int(st, 2, now);
		else {
			db_bind_text(st, 2, gone ? "failed" : "queued");
			db_bind_int(st, 3, now + backoff(attempts));
			db_bind_text(st, 4, err);
		}
		if (db_step_write(db, st, "outbox record") != -1)
			return;
	}
}

/* Send one message: 1 (sent), 2 (failed; tried again later), 0 (none
   due), -1 (database). */
static int
mailer_one(struct db *db, struct arena *a)
{
	sqlite3_stmt	*st;
	const char	*msg, *cmd;
	char		 err[MAIL_ERR_MAX + 128];
	int64_t		 id, created = 0, attempts = 1;
	int		 ok;

	if ((id = claim(db, time(NULL))) <= 0)
		return (int)id;
	msg = "";
	if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_MESSAGE)) != NULL) {
		db_bind_int(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			msg = db_col_text(a, st, 0);
			created = sqlite3_column_int64(st, 1);
			attempts = sqlite3_column_int64(st, 2);
		}
		db_done(st);
	}
	cmd = setting(db, a, "mail_command");
	ok = mail_send(cmd, msg, strlen(msg), MAIL_TIMEOUT, err,
	    sizeof(err)) == 0;
	if (!ok)
		fprintf(stderr, "quire: mail %lld: %s: %s\n", (long long)id,
		    cmd, err);
	record(db, id, ok, created, attempts, ok ? "" : err);
	return ok ? 1 : 2;
}

int
mail_keeper_send(const char *dbpath, int mailer, int *sent, int *failed)
{
	struct db	 db;
	struct arena	 a = { 0 };
	char		 err[512];
	struct sigaction sa;
	int		 rc;

	*sent = *failed = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_mailer_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
#ifdef __linux__
	if (mailer)
		(void)prctl(PR_SET_NAME, "quire-mailer");
#endif
	/* Readers first: starting sendmail for each message costs CPU. */
	if (mailer)
		(void)setpriority(PRIO_PROCESS, 0, 10);
	memset(&db, 0, sizeof(db));
	if (db_open(&db, dbpath, 0, err, sizeof(err)) == -1) {
		fprintf(stderr, "quire: mailer: %s\n", err);
		db_close(&db);
		return -1;
	}
	/* A claim or a "sent" lost to a power cut (not to a crash of a
	   process: WAL keeps those) only makes the message go once more,
	   which the mailer's own death at the wrong instant may do anyway;
	   not waiting for the disk twice a message doubles the rate. */
	(void)db_exec(&db, "PRAGMA synchronous = NORMAL");
	while (!mailer_stop && (rc = mailer_one(&db, &a)) != 0 && rc != -1) {
		if (rc == 1)
			(*sent)++;
		else
			(*failed)++;
		arena_reset(&a);
	}
	arena_free(&a);
	db_close(&db);
	return 0;
}

/* Whether process pid runs (a zombie does not). */
static int
running(pid_t pid)
{
	char	 path[64], buf[256], *p;
	FILE	*f;
	int	 z = 0;

	if (pid <= 0 || (kill(pid, 0) == -1 && errno == ESRCH))
		return 0;
	(void)snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(buf, sizeof(buf), f) != NULL &&
		    (p = strrchr(buf, ')')) != NULL)
			z = p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
		fclose(f);
	}
	return !z;
}

/*
 * Messages marked as being sent: those of a mailer that still runs are
 * left to it (1: one runs); those of a mailer gone (killed, or the
 * machine restarted) go back in the queue: sent again, they reach their
 * reader twice only if the MTA had taken them before the mailer died.
 */
static int
recover(struct db *db, struct arena *a, int64_t now)
{
	sqlite3_stmt	*st;
	int64_t		 id[16], pid[16], claimed[16];
	int		 i, n = 0, live = 0;

	if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_SENDING)) == NULL)
		return -1;
	while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
		id[n] = sqlite3_column_int64(st, 0);
		pid[n] = sqlite3_column_int64(st, 1);
		claimed[n++] = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	for (i = 0; i < n; i++) {
		if (running((pid_t)pid[i]) && now - claimed[i] <
		    MAIL_TIMEOUT + 60) {
			live = 1;
			continue;
		}
		if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_RECOVER)) == NULL)
			return -1;
		db_bind_int(st, 1, id[i]);
		db_bind_int(st, 2, now);
		db_bind_text(st, 3, arena_printf(a, "the mailer (process %lld) "
		    "stopped while sending; sending again", (long long)pid[i]));
		(void)db_step_write(db, st, "outbox recover");
	}
	return live;
}

/* Start a mailer if messages are due and none runs. */
static void
mailer_start(struct mail_keeper *mk, struct db *db, struct arena *a,
    const char *dbpath, int64_t now)
{
	sqlite3_stmt	*st;
	int64_t		 id;
	pid_t		 pid;
	int		 i;

	for (i = 0; i < MAIL_MAILERS && mk->mailer[i] > 0; i++)
		;
	/* Each claims its messages in a transaction: none sends another's. */
	if (recover(db, a, now) == -1 || i == MAIL_MAILERS ||
	    (st = db_stmt(db, DBF_MAIL, DB_MAIL_DUE)) == NULL)
		return;
	db_bind_int(st, 1, now);
	if (db_step_int(db, st, &id, "outbox due") != 1)
		return;
	if ((pid = fork()) == -1) {
		fprintf(stderr, "quire: mailer: fork: %s\n", strerror(errno));
		return;
	}
	if (pid == 0) {
		/* A fresh process: an SQLite connection must not be used, nor
		   its file locks trusted, across fork(). */
		execl("/proc/self/exe", "quire", "mail", "send", "--mailer",
		    "--db", dbpath, (char *)NULL);
		fprintf(stderr, "quire: mailer: exec: %s\n", strerror(errno));
		_exit(127);
	}
	mk->mailer[i] = pid;
}

int
mail_keeper_tick(struct mail_keeper *mk, struct db *db, const char *dbpath,
    int64_t now)
{
	struct arena	 a = { 0 };
	struct site	 site;
	struct mctx	 m;
	int		 i, st, n = 0, more = 0;

	for (i = 0; i < MAIL_MAILERS; i++)
		if (mk->mailer[i] > 0 && waitpid(mk->mailer[i], &st, WNOHANG)
		    != 0)
			mk->mailer[i] = 0;
	/* Once a second (the keeper may tick every 10 ms), unless events
	   were left over. */
	if (now == mk->last && !mk->more)
		return 0;
	mk->last = now;
	memset(&site, 0, sizeof(site));
	memset(&m, 0, sizeof(m));
	m.db = db;
	m.a = &a;
	m.site = &site;
	m.now = now;
	m.notify_moderation = setting(db, &a, "notify_moderation");
	if (site_load(db, &site) == -1 || !site.has_key)
		goto out;
	(void)i18n_open(&m.lang, site.language);
	m.from = mail_keeper_from(&a, &site, setting(db, &a, "mail_from"));
	m.host = strchr(m.from, '@') + 1;
	if ((n = events_run(&m)) == MAIL_EVENTS)
		more = 1;
	mk->more = more;
	if (strcmp(m.notify_moderation, "digest") == 0 && now >= mk->digest_at) {
		mk->digest_at = now + 60;
		(void)digest_run(&m);
	}
	mailer_start(mk, db, &a, dbpath, now);
out:
	site_free(&site);
	arena_free(&a);
	return more;
}

void
mail_keeper_stop(struct mail_keeper *mk)
{
	int	 i;

	for (i = 0; i < MAIL_MAILERS; i++) {
		if (mk->mailer[i] > 0)
			(void)kill(mk->mailer[i], SIGTERM);
		mk->mailer[i] = 0;
	}
}

int
mail_keeper_waiting(struct db *db, struct arena *a, int64_t now, int64_t *n,
    int64_t *oldest, const char **error, int64_t *failed)
{
	sqlite3_stmt	*st;
	int		 rc;

	*n = *oldest = *failed = 0;
	*error = "";
	if ((st = db_stmt(db, DBF_MAIL, DB_MAIL_WAITING)) == NULL)
		return -1;
	db_bind_int(st, 1, now - 7 * 86400);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		*oldest = sqlite3_column_int64(st, 1);
		*error = db_col_text(a, st, 2);
		*failed = sqlite3_column_int64(st, 3);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}
