/* page_search.c: full-text search of posts and pages (SQLite FTS5). */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db_post.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "model.h"
#include "pages.h"
#include "template.h"
#include "url.h"
#include "utf8.h"
#include "worker.h"

#define QUERY_MAX	200
#define WORDS_MAX	16
/* Ranked are the newest SEARCH_MAX matches (db_post_search_floor). */
#define SEARCH_MAX	1000

/*
 * Scripts written without spaces between words (Chinese, Japanese, Thai,
 * ...): the index holds a whole run of them as one token ("日本語も大丈夫"),
 * so a word typed in them is looked up as the start of a token.
 */
static int
unspaced(const char *s, size_t n)
{
	uint32_t	 cp;
	size_t		 k;

	for (; n > 0; s += k, n -= k) {
		if ((k = utf8_next(s, n, &cp)) == 0)
			k = 1;
		else if ((cp >= 0x0e00 && cp <= 0x0eff) ||	/* Thai, Lao */
		    (cp >= 0x1000 && cp <= 0x109f) ||		/* Myanmar */
		    (cp >= 0x1780 && cp <= 0x17ff) ||		/* Khmer */
		    (cp >= 0x2e80 && cp <= 0x9fff) ||	/* CJK, kana */
		    (cp >= 0xac00 && cp <= 0xd7af) ||		/* Hangul */
		    (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xff66 && cp <= 0xff9f) ||	/* half-width kana */
		    (cp >= 0x20000 && cp <= 0x3134f))
			return 1;
	}
	return 0;
}

/*
 * Make the reader's words into an FTS5 query that cannot be a syntax
 * error: every run of letters and digits (any script) becomes a quoted
 * string, all of them required (a word in a script written without
 * spaces matches the start of a token). Operators, quotes and brackets
 * typed by the reader are only separators. Returns "" when there are no
 * words.
 */
const char *
search_query(struct arena *a, const char *q)
{
	struct buf	 b = { 0 };
	const char	*p = q, *start;
	unsigned char	 c;
	int		 words = 0;
	char		*s;

	while (*p != '\0' && words < WORDS_MAX) {
		c = (unsigned char)*p;
		if (!(c >= 0x80 || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_')) {
			p++;
			continue;
		}
		start = p;
		while ((c = (unsigned char)*p) != '\0' && (c >= 0x80 ||
		    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_'))
			p++;
		if (words++)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		buf_add(&b, start, (size_t)(p - start));
		buf_putc(&b, '"');
		if (unspaced(start, (size_t)(p - start)))
			buf_putc(&b, '*');
	}
	s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/*
 * GET /search?q=WORDS&page=N: posts and pages matching every word, best
 * first, with the matches marked. 200 (also for no words or no hits).
 */
int
page_search_show(struct req *r, struct resp *resp)
{
	struct worker		*w = r->w;
	struct search_hit	*h;
	struct tval		*ctx, *list, *o;
	const char		*q, *fts;
	long			 page = 1;
	int64_t			 total = 0, floor = 0;
	int			 n, i, pages, capped = 0;

	if ((q = http_query(r, "q")) == NULL)
		q = "";
	if (strlen(q) > QUERY_MAX)	/* never inside a character */
		q = arena_strndup(r->arena, q, utf8_prefix(q, strlen(q),
		    QUERY_MAX));
	page = page_parse(http_query(r, "page"), 1000);
	fts = search_query(r->arena, q);
	ctx = page_ctx(r, resp, *fts ? i18n_format(r->arena, _(&w->lang,
	    "Search Results for \xe2\x80\x9c{query}\xe2\x80\x9d"), "query", q,
	    NULL) : _(&w->lang, "Search"));
	if (ctx == NULL)
		return 500;
	tmpl_set_text(ctx, "query", q);
	tmpl_set_bool(ctx, "searched", *fts != '\0');
	list = tmpl_set_list(ctx, "hits");
	if (*fts != '\0') {
		if ((floor = db_post_search_floor(&w->db, fts, SEARCH_MAX,
		    &capped)) < 0 ||
		    (total = db_post_search_count(&w->db, fts, floor)) < 0)
			return 500;
		if (db_post_search(&w->db, r->arena, fts, floor,
		    w->site.per_page, (int)(page - 1) * w->site.per_page, &h,
		    &n) == -1)
			return 500;
		for (i = 0; i < n; i++) {
			o = tmpl_list_obj(list);
			if (page_post_fields(r, o, h[i].post) == -1)
				return 500;
			tmpl_set_html(o, "title_html", html_marked(r->arena,
			    *h[i].title_marked ? h[i].title_marked :
			    _(&w->lang, "(no title)")));
			tmpl_set_html(o, "snippet", html_marked(r->arena,
			    h[i].snippet));
		}
	}
	tmpl_set_int(ctx, "total", total);
	tmpl_set_text(ctx, "total_label", capped ? i18n_format(r->arena,
	    _(&w->lang, "More than {n} matches: the best of the newest {n}"),
	    "n", arena_printf(r->arena, "%d", SEARCH_MAX), NULL) :
	    i18n_format(r->arena, _n(&w->lang, "{n} result", "{n} results",
	    (unsigned long)total), "n", arena_printf(r->arena, "%lld",
	    (long long)total), NULL));
	tmpl_set_bool(ctx, "no_hits", *fts != '\0' && total == 0);
	pages = page_count(total, w->site.per_page);
	if (pages > 1) {
		o = tmpl_set_obj(ctx, "paging");
		tmpl_set_int(o, "page", page);
		tmpl_set_int(o, "pages", pages);
		if (page < pages)
			tmpl_set_text(o, "older", url_search_a(r->arena, q,
			    page + 1));
		if (page > 1)	/* the first page has one address */
			tmpl_set_text(o, "newer", url_search_a(r->arena, q,
			    page - 1));
	}
	resp->ctx = ctx;
	resp->tmpl = "search";
	resp->cache = CACHE_REVALIDATE;
	resp->last_modified = w->site.modified;
	return 200;
}
