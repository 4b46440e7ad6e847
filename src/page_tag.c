/* page_tag.c: tag archives and the list of all tags. */
#include <string.h>

#include "arena.h"
#include "db_post.h"
#include "db_tag.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "worker.h"

/*
 * GET /tag/SLUG/ and /tag/SLUG/page/N/: "Tag Archives: NAME" with the
 * tag's posts. 200; 404 for an unknown tag or past the last page.
 */
int
page_tag_show(struct req *r, struct resp *resp)
{
	struct page_list	 l = { 0 };
	struct tag		 t;
	int			 rc;

	rc = db_tag_by_slug(&r->w->db, r->arena, r->arg[0], &t);
	if (rc == -1)
		return 500;
	if (rc == 0)
		return 404;
	l.kind = LIST_TAG;
	l.a = t.id;
	l.base = url_tag_a(r->arena, t.slug);
	l.heading_prefix = arena_printf(r->arena, "%s ",
	    _(&r->w->lang, "Tag Archives:"));
	l.title = arena_printf(r->arena, "%s%s", l.heading_prefix, t.name);
	l.heading = t.name;
	if (*t.description != '\0') {
		/* Plain text, shown as an escaped paragraph. */
		l.description = html_text_para(r->arena, t.description);
	}
	l.tmpl = "archive";
	l.empty_ok = 1;
	l.feed = url_feed_of_a(r->arena, l.base);
	l.feed_title = i18n_format(r->arena, _(&r->w->lang,
	    "{site} \xc2\xbb {tag} Tag Feed"), "site", r->w->site.title,
	    "tag", t.name, NULL);
	return page_list_show(r, resp, &l);
}

/*
 * GET /tags/: every tag that has public posts, by name, with counts.
 * 200.
 */
int
page_tag_index(struct req *r, struct resp *resp)
{
	struct tag	*t;
	struct tval	*ctx, *list, *o;
	int		 n, i, max = 1;

	if (db_tag_all(&r->w->db, r->arena, &t, &n) == -1)
		return 500;
	if ((ctx = page_ctx(r, resp, _(&r->w->lang, "Tags"))) == NULL)
		return 500;
	for (i = 0; i < n; i++)
		if (t[i].post_count > max)
			max = t[i].post_count;
	list = tmpl_set_list(ctx, "tags");
	if (n > 0)
		tmpl_set_bool(ctx, "has_tags", 1);
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_text(o, "name", t[i].name);
		tmpl_set_text(o, "url", url_tag_a(r->arena, t[i].slug));
		tmpl_set_int(o, "count", t[i].post_count);
		tmpl_set_text(o, "count_label", i18n_format(r->arena,
		    _n(&r->w->lang, "{n} post", "{n} posts",
		    (unsigned long)t[i].post_count), "n", arena_printf(
		    r->arena, "%d", t[i].post_count), NULL));
		tmpl_set_int(o, "size", 1 + (4 * t[i].post_count) / max);
	}
	tmpl_set_int(ctx, "tag_count", n);
	resp->ctx = ctx;
	resp->tmpl = "tags";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = r->w->site.modified;
	return 200;
}
