/* admin_appearance.c: the site's look (menu, sidebar blocks, front page,
   icon and logo, extra CSS) at /admin/appearance; admins only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "admin.h"
#include "arena.h"
#include "db.h"
#include "db_appearance.h"
#include "db_media.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "http.h"
#include "markdown.h"
#include "media.h"
#include "model.h"
#include "site.h"
#include "template.h"
#include "url.h"
#include "urlenc.h"
#include "utf8.h"
#include "worker.h"

#define MENU_MAX	50		/* items */
#define LABEL_MAX	100		/* bytes */
#define TITLE_MAX	200
#define TEXT_MAX	(16 * 1024)	/* the text block's Markdown */
#define CSS_MAX		(64 * 1024)
#define PHOTOS_MAX	200		/* offered as icon or logo */
#define NBLOCKS		6

/* Every word this page shows, in one place. */
#define T_TITLE		N_("Appearance")
#define T_ONE_ERROR	"Nothing was saved: one field needs correcting."
#define T_N_ERRORS	"Nothing was saved: {n} fields need correcting."
#define T_CHOOSE	N_("\xe2\x80\x94 choose \xe2\x80\x94")
#define T_LATEST	N_("Your latest posts")
#define T_NO_PHOTO	N_("None")
#define E_CLEAN		N_("This holds characters that are not allowed " \
	"(control characters or invalid text).")
#define E_LABEL		N_("Please give the item a label.")
#define E_KIND		N_("Please choose what the item links to.")
#define E_PAGE		N_("Please choose a published page.")
#define E_TAG		N_("Please choose a tag.")
#define E_ARCHIVE	N_("Please give a year (2024) or a month (2024/05).")
#define E_LINK		N_("Only http:// and https:// addresses can be " \
	"linked, such as https://example.org/.")
#define E_POS		N_("Please give a whole number from 1 to 99.")
#define E_FRONT		N_("Please choose one of your published pages.")
#define E_PHOTO		N_("Please choose a photo from the library.")
#define E_STYLE		N_("CSS may not contain \xe2\x80\x9c</style\xe2\x80\x9d.")

static const struct {
	const char	*kind;
	const char	*label;
} menu_kinds[] = {
	{ "page", N_("Page") },
	{ "tag", N_("Tag") },
	{ "archive", N_("Archive (a year or a month)") },
	{ "link", N_("Link (an http or https address)") },
	{ "home", N_("Front page") },
	{ NULL, NULL }
};

static const struct {
	const char	*kind;
	const char	*label;
} block_kinds[NBLOCKS] = {
	{ "search", N_("Search") },
	{ "recent_posts", N_("Recent posts") },
	{ "recent_comments", N_("Recent comments") },
	{ "tags", N_("Tags") },
	{ "archives", N_("Monthly archives") },
	{ "text", N_("Text (Markdown)") },
};

/* A menu item as the form holds it, with what was wrong with it. */
struct mrow {
	const char	*kind;
	const char	*page, *tag, *archive, *url;	/* the target */
	const char	*label;
	const char	*pos;
	const char	*err_label, *err_target, *err_pos;
};

/* A sidebar block as the form holds it. */
struct brow {
	const char	*kind;
	int		 on;
	const char	*pos;
	const char	*title, *body;
	const char	*err_pos, *err_title, *err_body;
};

/* The whole form: what is stored (GET) or what was sent (POST). */
struct look {
	struct mrow	 m[MENU_MAX + 1];
	int		 nm;
	struct mrow	 add;		/* the new item's row */
	struct brow	 b[NBLOCKS];
	const char	*front, *icon, *logo, *css;
	const char	*err_front, *err_icon, *err_logo, *err_css;
	const char	*err_menu;
	int		 nerrors;
	/* the choices: published pages, tags, photos */
	struct post	*pages;
	int		 npages;
	struct tag	*tags;
	int		 ntags;
	struct photo_choice *photos;
	int		 nphotos;
};

static const char *
menu_kind_label(const char *kind)
{
	int	 i;

	for (i = 0; menu_kinds[i].kind != NULL; i++)
		if (strcmp(menu_kinds[i].kind, kind) == 0)
			return menu_kinds[i].label;
	return NULL;
}

static const char *
num(struct arena *a, long long v)
{
	return arena_printf(a, "%lld", v);
}

/* The choices every row offers. 0 or -1. */
static int
choices(struct req *r, struct look *l)
{
	struct db	*db = &r->w->db;

	if (db_post_pages(db, r->arena, &l->pages, &l->npages) == -1 ||
	    db_tag_all(db, r->arena, &l->tags, &l->ntags) == -1 ||
	    db_appearance_photos(db, r->arena, PHOTOS_MAX, &l->photos,
	    &l->nphotos) == -1)
		return -1;
	return 0;
}

/* The stored look into l. 0 or -1. */
static int
load(struct req *r, struct look *l)
{
	struct menu_item	*m;
	struct sidebar_block	*b;
	struct appearance	 ap;
	int			 n, nb, i, j;

	memset(l, 0, sizeof(*l));
	if (choices(r, l) == -1 ||
	    db_appearance_menu(&r->w->db, r->arena, &m, &n) == -1 ||
	    db_appearance_blocks(&r->w->db, r->arena, &b, &nb) == -1 ||
	    db_appearance_get(&r->w->db, r->arena, &ap) == -1)
		return -1;
	for (i = 0, j = 0; i < nb && j < NBLOCKS; i++, j++) {
		l->b[j].kind = b[i].kind;
		l->b[j].on = b[i].enabled;
		l->b[j].pos = num(r->arena, j + 1);
		l->b[j].title = b[i].title;
		l->b[j].body = b[i].body_md;
	}
	for (i = 0; i < n && l->nm < MENU_MAX; i++, l->nm++) {
		l->m[l->nm].kind = m[i].kind;
		l->m[l->nm].page = l->m[l->nm].tag = "";
		l->m[l->nm].archive = l->m[l->nm].url = "";
		if (strcmp(m[i].kind, "page") == 0)
			l->m[l->nm].page = m[i].target;
		else if (strcmp(m[i].kind, "tag") == 0)
			l->m[l->nm].tag = m[i].target;
		else if (strcmp(m[i].kind, "archive") == 0)
			l->m[l->nm].archive = m[i].target;
		else if (strcmp(m[i].kind, "link") == 0)
			l->m[l->nm].url = m[i].target;
		l->m[l->nm].label = m[i].label;
		l->m[l->nm].pos = num(r->arena, l->nm + 1);
	}
	l->add.kind = "page";
	l->add.page = l->add.tag = l->add.archive = l->add.url = "";
	l->add.label = "";
	l->front = num(r->arena, ap.front_page);
	l->icon = num(r->arena, ap.icon_id);
	l->logo = num(r->arena, ap.logo_id);
	l->css = ap.css;
	return 0;
}

/*
 * Rendering.
 */

/* A <select>'s options: value, label, selected. */
static void
option(struct tval *list, const char *value, const char *label,
    const char *current)
{
	struct tval	*o;

	o = tmpl_list_obj(list);
	tmpl_set_text(o, "value", value);
	tmpl_set_text(o, "label", label);
	tmpl_set_bool(o, "selected", strcmp(value, current) == 0);
}

/* The published pages, after a first option (none_value, none). */
static void
page_options(struct req *r, const struct look *l, struct tval *o,
    const char *key, const char *current, const char *none_value,
    const char *none)
{
	struct tval	*list;
	int		 i;

	list = tmpl_set_list(o, key);
	option(list, none_value, none, current);
	for (i = 0; i < l->npages; i++)
		option(list, num(r->arena, l->pages[i].id), l->pages[i].title,
		    current);
}

static void
tag_options(struct req *r, const struct look *l, struct tval *o,
    const char *current)
{
	struct tval	*list;
	int		 i;

	list = tmpl_set_list(o, "tags");
	option(list, "", _(&r->w->lang, T_CHOOSE), current);
	for (i = 0; i < l->ntags; i++)
		option(list, num(r->arena, l->tags[i].id), l->tags[i].name,
		    current);
}

static void
photo_options(struct req *r, const struct look *l, struct tval *o,
    const char *key, const char *current)
{
	struct tval	*list;
	int		 i;

	list = tmpl_set_list(o, key);
	option(list, "0", _(&r->w->lang, T_NO_PHOTO), current);
	for (i = 0; i < l->nphotos; i++)
		option(list, num(r->arena, l->photos[i].id), i18n_format(
		    r->arena, _(&r->w->lang, "Photo {id}: {name} "
		    "({width}\xc3\x97{height})"), "id", num(r->arena,
		    l->photos[i].id), "name", l->photos[i].name, "width",
		    num(r->arena, l->photos[i].width), "height",
		    num(r->arena, l->photos[i].height), NULL), current);
}

/* An error beside a field: "err_NAME" text, or null so that no outer
   value shows. */
static void
set_error(struct req *r, struct tval *o, const char *key, const char *e)
{
	tv_set(o, key, e != NULL ? tv_text(r->arena, _(&r->w->lang, e)) :
	    tv_null(r->arena));
}

static void
render_row(struct req *r, const struct look *l, struct tval *o,
    const struct mrow *m, const char *id)
{
	int	 i;

	tmpl_set_text(o, "id", id);
	tmpl_set_text(o, "kind", m->kind);
	tmpl_set_text(o, "kind_label", menu_kind_label(m->kind) ?
	    _(&r->w->lang, menu_kind_label(m->kind)) : m->kind);
	for (i = 0; menu_kinds[i].kind != NULL; i++)
		tmpl_set_bool(o, arena_printf(r->arena, "is_%s",
		    menu_kinds[i].kind), strcmp(m->kind, menu_kinds[i].kind) ==
		    0);
	page_options(r, l, o, "pages", m->page, "",
	    _(&r->w->lang, T_CHOOSE));
	tag_options(r, l, o, m->tag);
	tmpl_set_text(o, "archive", m->archive);
	tmpl_set_text(o, "url", m->url);
	tmpl_set_text(o, "label", m->label);
	tmpl_set_text(o, "pos", m->pos != NULL ? m->pos : "");
	set_error(r, o, "err_label", m->err_label);
	set_error(r, o, "err_target", m->err_target);
	set_error(r, o, "err_pos", m->err_pos);
}

static void
render_menu(struct req *r, const struct look *l, struct tval *ctx)
{
	struct tval	*list, *o, *kinds;
	int		 i;

	tmpl_set_int(ctx, "menu_count", l->nm);
	tmpl_set_bool(ctx, "has_menu", l->nm > 0);
	set_error(r, ctx, "err_menu", l->err_menu);
	list = tmpl_set_list(ctx, "menu_rows");
	for (i = 0; i < l->nm; i++) {
		o = tmpl_list_obj(list);
		render_row(r, l, o, &l->m[i], arena_printf(r->arena, "m%d", i));
		tmpl_set_int(o, "i", i);
		tmpl_set_int(o, "n", i + 1);
		tmpl_set_bool(o, "can_up", i > 0);
		tmpl_set_bool(o, "can_down", i + 1 < l->nm);
	}
	o = tmpl_set_obj(ctx, "add");
	render_row(r, l, o, &l->add, "new");
	kinds = tmpl_set_list(o, "kinds");
	for (i = 0; menu_kinds[i].kind != NULL; i++)
		option(kinds, menu_kinds[i].kind, _(&r->w->lang,
		    menu_kinds[i].label), l->add.kind);
}

static void
render_blocks(struct req *r, const struct look *l, struct tval *ctx)
{
	struct tval	*list, *o;
	int		 i, k;

	list = tmpl_set_list(ctx, "blocks");
	for (i = 0; i < NBLOCKS; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_text(o, "kind", l->b[i].kind);
		for (k = 0; k < NBLOCKS; k++)
			if (strcmp(block_kinds[k].kind, l->b[i].kind) == 0)
				tmpl_set_text(o, "name", _(&r->w->lang,
				    block_kinds[k].label));
		tmpl_set_bool(o, "on", l->b[i].on);
		tmpl_set_text(o, "pos", l->b[i].pos);
		tmpl_set_bool(o, "is_text", strcmp(l->b[i].kind, "text") == 0);
		tmpl_set_text(o, "title", l->b[i].title);
		tmpl_set_text(o, "body", l->b[i].body);
		set_error(r, o, "err_pos", l->b[i].err_pos);
		set_error(r, o, "err_title", l->b[i].err_title);
		set_error(r, o, "err_body", l->b[i].err_body);
	}
}

/* The page with l's values and errors. */
static int
look_page(struct req *r, struct resp *resp, const struct look *l,
    int status)
{
	struct tval	*ctx;

	if ((ctx = admin_ctx(r, resp, T_TITLE, "appearance",
	    "admin_appearance")) == NULL)
		return 500;
	if (l->nerrors > 0)
		tmpl_set_text(ctx, "error", i18n_format(r->arena,
		    _n(&r->w->lang, T_ONE_ERROR, T_N_ERRORS,
		    (unsigned long)l->nerrors), "n", num(r->arena,
		    l->nerrors), NULL));
	render_menu(r, l, ctx);
	render_blocks(r, l, ctx);
	page_options(r, l, ctx, "front_pages", l->front, "0",
	    _(&r->w->lang, T_LATEST));
	set_error(r, ctx, "err_front", l->err_front);
	photo_options(r, l, ctx, "icons", l->icon);
	photo_options(r, l, ctx, "logos", l->logo);
	set_error(r, ctx, "err_icon", l->err_icon);
	set_error(r, ctx, "err_logo", l->err_logo);
	tmpl_set_text(ctx, "css", l->css);
	tmpl_set_int(ctx, "css_max", CSS_MAX);
	set_error(r, ctx, "err_css", l->err_css);
	return status;
}

/*
 * Reading and checking the form.
 */

/* A field's value, "" if absent, CRLF made LF. */
static const char *
field(struct req *r, const char *key)
{
	const char	*v;
	char		*t, *p;

	if ((v = kv_get(r->form, key)) == NULL)
		return "";
	t = arena_strdup(r->arena, v);
	for (p = t; *v != '\0'; v++)
		if (*v != '\r')
			*p++ = *v;
		else if (v[1] != '\n')
			*p++ = '\n';
	*p = '\0';
	return t;
}

/* The value without white space at either end. */
static const char *
trimmed(struct req *r, const char *key)
{
	const char	*s = field(r, key);
	size_t		 n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(r->arena, s, n);
}

/* "This is too long: at most max bytes.", translated. */
static const char *
too_long(struct req *r, size_t max)
{
	return i18n_format(r->arena, _n(&r->w->lang, "This is too long: at "
	    "most {n} byte.", "This is too long: at most {n} bytes.", max),
	    "n", num(r->arena, (long long)max), NULL);
}

/* Why text s (at most max bytes, one line unless lines) will not do,
   or NULL. */
static const char *
text_problem(struct req *r, const char *s, size_t max, int lines)
{
	if (!text_clean(s, strlen(s)) || (!lines && strchr(s, '\n') != NULL))
		return E_CLEAN;
	if (strlen(s) > max)
		return too_long(r, max);
	return NULL;
}

static int
is_page(const struct look *l, const char *id)
{
	int	 i;

	for (i = 0; i < l->npages; i++)
		if (id_parse(id) == l->pages[i].id)
			return 1;
	return 0;
}

static int
is_tag(const struct look *l, const char *id)
{
	int	 i;

	for (i = 0; i < l->ntags; i++)
		if (id_parse(id) == l->tags[i].id)
			return 1;
	return 0;
}

/* "YYYY" or "YYYY/MM" (01-12), optionally with slashes around. */
static const char *
archive_target(struct req *r, const char *s)
{
	int	 y, m = 0, n = 0;
	char	 c;

	if (*s == '/')
		s++;
	if (sscanf(s, "%4d%n", &y, &n) != 1 || n != 4 || y < 1000)
		return NULL;
	s += 4;
	if (*s == '/' && isdigit((unsigned char)s[1])) {
		if (sscanf(s + 1, "%2d%n", &m, &n) != 1 || n != 2 || m < 1 ||
		    m > 12)
			return NULL;
		s += 3;
	}
	if (*s == '/')
		s++;
	if (sscanf(s, "%c", &c) == 1)
		return NULL;
	return m ? arena_printf(r->arena, "%04d/%02d", y, m) :
	    arena_printf(r->arena, "%04d", y);
}

/* Check row m; its stored target into *target. The number of errors
   found (0 or more); each is set in m. */
static int
check_row(struct req *r, const struct look *l, struct mrow *m,
    const char **target)
{
	int	 n = 0;

	if ((m->err_label = text_problem(r, m->label, LABEL_MAX, 0)) == NULL &&
	    *m->label == '\0')
		m->err_label = E_LABEL;
	n += m->err_label != NULL;
	*target = "";
	if (strcmp(m->kind, "page") == 0) {
		if (!is_page(l, m->page))
			m->err_target = E_PAGE;
		*target = m->page;
	} else if (strcmp(m->kind, "tag") == 0) {
		if (!is_tag(l, m->tag))
			m->err_target = E_TAG;
		*target = m->tag;
	} else if (strcmp(m->kind, "archive") == 0) {
		if ((*target = archive_target(r, m->archive)) == NULL)
			m->err_target = E_ARCHIVE;
	} else if (strcmp(m->kind, "link") == 0) {
		if ((m->err_target = text_problem(r, m->url, 2000, 0)) ==
		    NULL && !url_http_ok(m->url))
			m->err_target = E_LINK;
		*target = m->url;
	} else if (strcmp(m->kind, "home") != 0)
		m->err_target = E_KIND;
	return n + (m->err_target != NULL);
}

/* The row named prefix (m3, new) from the form. */
static void
read_row(struct req *r, struct mrow *m, const char *prefix)
{
	m->kind = trimmed(r, arena_printf(r->arena, "%s_kind", prefix));
	m->page = trimmed(r, arena_printf(r->arena, "%s_page", prefix));
	m->tag = trimmed(r, arena_printf(r->arena, "%s_tag", prefix));
	m->archive = trimmed(r, arena_printf(r->arena, "%s_archive", prefix));
	m->url = trimmed(r, arena_printf(r->arena, "%s_url", prefix));
	m->label = trimmed(r, arena_printf(r->arena, "%s_label", prefix));
	m->pos = trimmed(r, arena_printf(r->arena, "%s_pos", prefix));
}

/* A position field: 1 to 99, or -1. */
static int
position(const char *s)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 1 || v > 99)
		return -1;
	return (int)v;
}

/* Order rows by their position fields (stable: ties keep the form's
   order); a bad one is an error. 0 or the number of errors. */
static int
sort_rows(struct look *l)
{
	struct mrow	 t;
	int		 i, j, bad = 0;

	for (i = 0; i < l->nm; i++)
		if (position(l->m[i].pos) == -1) {
			l->m[i].err_pos = E_POS;
			bad++;
		}
	if (bad)
		return bad;
	for (i = 1; i < l->nm; i++)	/* insertion sort: stable */
		for (j = i; j > 0 && position(l->m[j - 1].pos) >
		    position(l->m[j].pos); j--) {
			t = l->m[j];
			l->m[j] = l->m[j - 1];
			l->m[j - 1] = t;
		}
	return 0;
}

/* The menu as sent: rows, less a removed one, moved by a button or by
   their positions, plus the new row if it was filled in. */
static void
read_menu(struct req *r, struct look *l)
{
	struct mrow	 t;
	long		 count, rm, up, down;
	int		 i, bad;

	count = id_parse(field(r, "menu_count"));
	if (count < 0)
		count = 0;
	if (count > MENU_MAX)
		count = MENU_MAX;
	rm = id_parse(field(r, "remove"));
	up = id_parse(field(r, "up"));
	down = id_parse(field(r, "down"));
	/* id_parse takes 1..; the buttons send the row's number, 1.. */
	for (i = 0; i < count; i++) {
		if (rm == i + 1)
			continue;
		read_row(r, &l->m[l->nm], arena_printf(r->arena, "m%d", i));
		l->nm++;
	}
	if (up > 1 && up <= l->nm) {
		t = l->m[up - 1];
		l->m[up - 1] = l->m[up - 2];
		l->m[up - 2] = t;
	} else if (down >= 1 && down < l->nm) {
		t = l->m[down - 1];
		l->m[down - 1] = l->m[down];
		l->m[down] = t;
	} else if ((bad = sort_rows(l)) > 0) {
		l->nerrors += bad;
		goto add;
	}
	for (i = 0; i < l->nm; i++)	/* shown in their new order */
		l->m[i].pos = num(r->arena, i + 1);
add:
	read_row(r, &l->add, "new");
	if (*l->add.kind == '\0')
		l->add.kind = "page";
}

/* Check the menu; the items to store into items[] (count in *n). */
static void
check_menu(struct req *r, struct look *l, struct menu_item *items, int *n)
{
	const char	*target;
	int		 i, e;

	*n = 0;
	for (i = 0; i < l->nm; i++) {
		if ((e = check_row(r, l, &l->m[i], &target)) > 0) {
			l->nerrors += e;
			continue;
		}
		items[*n].kind = l->m[i].kind;
		items[*n].target = target;
		items[*n].label = l->m[i].label;
		(*n)++;
	}
	/* The new row counts when anything was typed or chosen in it. */
	if (*l->add.label == '\0' && *l->add.url == '\0' &&
	    *l->add.archive == '\0' && *l->add.page == '\0' &&
	    *l->add.tag == '\0')
		return;
	if (l->nm >= MENU_MAX) {
		l->err_menu = i18n_format(r->arena, _n(&r->w->lang, "The menu "
		    "holds at most {n} item.", "The menu holds at most {n} "
		    "items.", MENU_MAX), "n", num(r->arena, MENU_MAX), NULL);
		l->nerrors++;
		return;
	}
	if ((e = check_row(r, l, &l->add, &target)) > 0) {
		l->nerrors += e;
		return;
	}
	items[*n].kind = l->add.kind;
	items[*n].target = target;
	items[*n].label = l->add.label;
	(*n)++;
}

/* The blocks as sent, checked, in their new order. */
static void
read_blocks(struct req *r, struct look *l)
{
	struct brow	 t;
	int		 i, j;
	const char	*k;

	for (i = 0; i < NBLOCKS; i++) {
		k = block_kinds[i].kind;
		l->b[i].kind = k;
		l->b[i].on = *field(r, arena_printf(r->arena, "b_%s_on", k)) !=
		    '\0';
		l->b[i].pos = trimmed(r, arena_printf(r->arena, "b_%s_pos", k));
		if (position(l->b[i].pos) == -1) {
			l->b[i].err_pos = E_POS;
			l->nerrors++;
		}
		l->b[i].title = trimmed(r, arena_printf(r->arena, "b_%s_title",
		    k));
		l->b[i].body = field(r, arena_printf(r->arena, "b_%s_body", k));
		if ((l->b[i].err_title = text_problem(r, l->b[i].title,
		    TITLE_MAX, 0)) != NULL)
			l->nerrors++;
		if ((l->b[i].err_body = text_problem(r, l->b[i].body,
		    TEXT_MAX, 1)) != NULL)
			l->nerrors++;
	}
	if (l->nerrors > 0)
		return;
	for (i = 1; i < NBLOCKS; i++)
		for (j = i; j > 0 && position(l->b[j - 1].pos) >
		    position(l->b[j].pos); j--) {
			t = l->b[j];
			l->b[j] = l->b[j - 1];
			l->b[j - 1] = t;
		}
}

/* A photo id from the library, or "0": its id, else -1. */
static int64_t
photo_id(struct req *r, const char *s)
{
	struct media	 m;

	if (strcmp(s, "0") == 0 || *s == '\0')
		return 0;
	if (db_media_get(&r->w->db, r->arena, id_parse(s), &m) != 1)
		return -1;
	return m.id;
}

static int
has_style_end(const char *css)
{
	const char	*p;

	for (p = css; (p = strchr(p, '<')) != NULL; p++)
		if (strncasecmp(p, "</style", 7) == 0)
			return 1;
	return 0;
}

/* The look as sent, checked, into ap (and l for the form). */
static void
read_look(struct req *r, struct look *l, struct appearance *ap)
{
	unsigned char	 h[16];
	char		 hex[sizeof(h) * 2 + 1];

	l->front = trimmed(r, "front_page");
	ap->front_page = 0;
	if (*l->front != '\0' && strcmp(l->front, "0") != 0) {
		if (is_page(l, l->front))
			ap->front_page = id_parse(l->front);
		else
			l->err_front = E_FRONT;
	}
	l->icon = trimmed(r, "icon_id");
	l->logo = trimmed(r, "logo_id");
	if ((ap->icon_id = photo_id(r, l->icon)) == -1)
		l->err_icon = E_PHOTO;
	if ((ap->logo_id = photo_id(r, l->logo)) == -1)
		l->err_logo = E_PHOTO;
	l->css = ap->css = field(r, "css");
	if (!text_clean(l->css, strlen(l->css)))
		l->err_css = E_CLEAN;
	else if (strlen(l->css) > CSS_MAX)
		l->err_css = too_long(r, CSS_MAX);
	else if (has_style_end(l->css))
		l->err_css = E_STYLE;
	l->nerrors += (l->err_front != NULL) + (l->err_icon != NULL) +
	    (l->err_logo != NULL) + (l->err_css != NULL);
	crypto_generichash(h, sizeof(h), (const unsigned char *)ap->css,
	    strlen(ap->css), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	ap->css_hash = *ap->css ? arena_strdup(r->arena, hex) : "";
}

/* Store it all in one transaction. 0 or -1. */
static int
store(struct req *r, const struct look *l, const struct menu_item *items,
    int n, const struct appearance *ap)
{
	struct sidebar_block	 b;
	const struct html	*h;
	int			 i;

	if (db_begin(&r->w->db) == -1)
		return -1;
	if (db_appearance_menu_set(&r->w->db, items, n) == -1)
		goto fail;
	for (i = 0; i < NBLOCKS; i++) {
		b.kind = l->b[i].kind;
		b.position = i + 1;
		b.enabled = l->b[i].on;
		b.title = l->b[i].title;
		b.body_md = l->b[i].body;
		h = md_render_post(r->arena, b.body_md, strlen(b.body_md));
		b.body_html = *b.body_md ? html_str(h) : "";
		if (db_appearance_block_set(&r->w->db, &b) == -1)
			goto fail;
	}
	if (db_appearance_set(&r->w->db, ap) == -1)
		goto fail;
	return db_commit(&r->w->db);
fail:
	db_rollback(&r->w->db);
	return -1;
}

/*
 * GET /admin/appearance: the menu, the sidebar's blocks, the front page,
 * the icon and logo and the extra CSS, in one form (admins only; 403
 * for authors). 200; 503 if the database is busy.
 */
int
admin_appearance_show(struct req *r, struct resp *resp)
{
	struct look	*l;

	l = arena_alloc(r->arena, sizeof(*l));
	if (load(r, l) == -1)
		return 503;
	return look_page(r, resp, l, 200);
}

/*
 * POST /admin/appearance: menu_count, mN_kind, mN_page, mN_tag,
 * mN_archive, mN_url, mN_label, mN_pos (N from 0), the new item's
 * new_kind ... new_label, b_KIND_on, b_KIND_pos, b_text_title,
 * b_text_body, front_page, icon_id, logo_id, css; the button pressed:
 * save, up=N, down=N or remove=N (N from 1). Everything is checked and
 * stored in one transaction: 303 to ?done=saved; 422 with nothing
 * saved, every value as typed and each error beside its field; 503 if
 * the database is busy.
 */
int
admin_appearance_save(struct req *r, struct resp *resp)
{
	struct look		*l;
	struct menu_item	*items;
	struct appearance	 ap;
	int			 n;

	l = arena_alloc(r->arena, sizeof(*l));
	memset(l, 0, sizeof(*l));
	items = arena_alloc(r->arena, sizeof(*items) * (MENU_MAX + 1));
	if (choices(r, l) == -1)
		return 503;
	read_menu(r, l);
	read_blocks(r, l);
	read_look(r, l, &ap);
	check_menu(r, l, items, &n);
	if (l->nerrors > 0)
		return look_page(r, resp, l, 422);
	if (store(r, l, items, n, &ap) == -1)
		return 503;
	/* This worker's own commit does not move data_version: reload. */
	if (site_load(&r->w->db, &r->w->site) == -1)
		return 503;
	return admin_done(r, resp, "/admin/appearance", "saved");
}
