/* admin_mentions.c: the editor's "Mentions sent" block (what the keeper
   told the pages a post links to, and what each answered). */
#include <stdio.h>

#include "admin_mentions.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "db_mention.h"
#include "http.h"
#include "i18n.h"
#include "template.h"
#include "worker.h"

int
admin_mentions_fill(struct req *r, struct tval *ctx, int64_t post_id)
{
	struct mention_out	*v = NULL;
	struct tval		*list, *o;
	struct buf		 b = { 0 };
	int			 i, n = 0;

	list = tmpl_set_list(ctx, "mentions_sent");
	tmpl_set_bool(ctx, "has_mentions_sent", 0);
	if (post_id == 0)
		return 0;
	if (db_mention_sent_list(&r->w->db, r->arena, post_id, &v, &n) == -1)
		return -1;
	tmpl_set_bool(ctx, "has_mentions_sent", n > 0);
	for (i = 0; i < n; i++) {
		o = tmpl_list_obj(list);
		tmpl_set_text(o, "target", v[i].target);
		tmpl_set_text(o, "how", _(&r->w->lang, v[i].kind[0] == 'w' ?
		    N_("Webmention") : v[i].kind[0] == 'p' ? N_("Pingback") :
		    N_("not sent")));
		tmpl_set_text(o, "endpoint", v[i].endpoint);
		tmpl_set_bool(o, "ok", v[i].ok);
		tv_set(o, "code", v[i].code != 0 ? tv_text(r->arena,
		    arena_printf(r->arena, "%lld", (long long)v[i].code)) :
		    tv_null(r->arena));
		tmpl_set_text(o, "answer", v[i].answer);
		buf_reset(&b);
		date_fmt_time(&b, &r->w->dates, r->w->site.date_format,
		    v[i].sent);
		tmpl_set_text(o, "sent", buf_str(&b));
	}
	buf_free(&b);
	return 0;
}
