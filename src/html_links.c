/* html_links.c: links, endpoints and the microformats2 h-entry of a page
   of HTML, read with the tokenizer of html_token.c and a stack of open
   elements (end tags close what they match, as browsers mostly do). */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "html_links.h"
#include "html_token.h"

#define STACK_MAX	256
#define CAP_MAX		(8 * 1024)

enum cap {
	CAP_NAME,
	CAP_AUTHOR_NAME,
	CAP_AUTHOR_TEXT,
	CAP_CONTENT,
	CAP_SUMMARY,
	CAP_TEXT,
	CAP__MAX
};

struct scan {
	struct arena		*a;
	struct html_scan	*s;
	const char		*html;
	size_t			 n;
	char			 stack[STACK_MAX][HTML_NAME_LEN];
	int			 sp;
	int			 entry, entry_done, author, a_depth, a_link;
	int			 depth[CAP__MAX];	/* 0: not capturing */
	int			 done[CAP__MAX];
	struct buf		 cap[CAP__MAX];
	int			 cap_links;
};

static const char *const voids[] = { "area", "base", "br", "col",
	"embed", "hr", "img", "input", "link", "meta", "param", "source",
	"track", "wbr", NULL };
static const char *const blocks[] = { "address", "article", "aside",
	"blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
	"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
	"main", "nav", "ol", "p", "pre", "section", "table", "td", "th",
	"tr", "ul", NULL };
static const char *const raw[] = { "script", "style", "textarea",
	"template", "noscript", "iframe", "xmp", NULL };

int
html_links_has_word(const char *v, const char *w)
{
	size_t	 n = strlen(w), k;

	while (*v != '\0') {
		while (html_is_space((unsigned char)*v))
			v++;
		k = 0;
		while (v[k] != '\0' && !html_is_space((unsigned char)v[k]))
			k++;
		if (k == n && html_starts_ci(v, k, w))
			return 1;
		v += k;
	}
	return 0;
}

/* Append text to every capture that is open. */
static void
text(struct scan *x, const char *p, size_t n)
{
	int	 i;

	for (i = 0; i < CAP__MAX; i++)
		if ((x->depth[i] > 0 || i == CAP_TEXT) && !x->done[i] &&
		    x->cap[i].len + n <= CAP_MAX)
			buf_add(&x->cap[i], p, n);
}

static void
text_decoded(struct scan *x, const char *p, size_t n)
{
	struct buf	 b = { 0 };

	if (n == 0)
		return;
	html_tok_decode(&b, p, n);
	text(x, b.p, b.len);
	buf_free(&b);
}

static const char *
attr_decoded(struct arena *a, const struct html_attr *at)
{
	struct buf	 b = { 0 };
	char		*s;

	if (at->val == NULL || at->vallen == 0)
		return "";
	html_tok_decode(&b, at->val, at->vallen);
	s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The attributes a scan looks at, decoded ("" when absent, NULL for
   href when absent: an empty href is the page itself). */
struct attrs {
	const char	*cls, *rel, *href, *src;
};

static void
attrs_read(struct scan *x, size_t at, const struct html_tag *t,
    struct attrs *v)
{
	struct html_attr	 a;
	size_t			 i = t->attrs;

	v->cls = v->rel = v->src = "";
	v->href = NULL;
	while (html_tok_attr(x->html + at, t->len, &i, &a) == 1) {
		if (a.namelen == 5 && html_starts_ci(a.name, 5, "class"))
			v->cls = attr_decoded(x->a, &a);
		else if (a.namelen == 3 && html_starts_ci(a.name, 3, "rel"))
			v->rel = attr_decoded(x->a, &a);
		else if (a.namelen == 4 && html_starts_ci(a.name, 4, "href") &&
		    v->href == NULL)
			v->href = attr_decoded(x->a, &a);
		else if (a.namelen == 3 && html_starts_ci(a.name, 3, "src"))
			v->src = attr_decoded(x->a, &a);
	}
}

/* Does u, up to a '#', equal want? */
static int
same_url(const char *u, const char *want)
{
	size_t	 n = strcspn(u, "#");

	return strlen(want) == n && strncmp(u, want, n) == 0;
}

static void
cap_start(struct scan *x, enum cap c)
{
	if (x->depth[c] == 0 && !x->done[c])
		x->depth[c] = x->sp;
}

static void
classes(struct scan *x, const struct attrs *v)
{
	if (*v->cls == '\0')
		return;
	if (x->entry == 0 && !x->entry_done &&
	    html_links_has_word(v->cls, "h-entry")) {
		x->entry = x->sp;
		x->s->hentry = 1;
	}
	if (x->entry == 0)
		return;
	if (x->author == 0 && html_links_has_word(v->cls, "p-author")) {
		x->author = x->sp;
		cap_start(x, CAP_AUTHOR_TEXT);
	}
	if (html_links_has_word(v->cls, "p-name"))
		cap_start(x, x->author ? CAP_AUTHOR_NAME : CAP_NAME);
	if (html_links_has_word(v->cls, "e-content"))
		cap_start(x, CAP_CONTENT);
	if (html_links_has_word(v->cls, "p-summary"))
		cap_start(x, CAP_SUMMARY);
}

static void
link_add(struct scan *x, const char *href, size_t at)
{
	struct html_scan	*s = x->s;

	if (s->nlinks == HTML_LINKS_MAX)
		return;
	if (s->links == NULL)
		s->links = arena_alloc(x->a, HTML_LINKS_MAX *
		    sizeof(*s->links));
	s->links[s->nlinks].href = href;
	s->links[s->nlinks].start = at;
	s->links[s->nlinks].end = x->n;
	if (x->a_depth == 0) {
		x->a_depth = x->sp;
		x->a_link = s->nlinks;
	}
	s->nlinks++;
}

static void
start_tag(struct scan *x, size_t at, const struct html_tag *t)
{
	struct html_scan	*s = x->s;
	struct attrs		 v;
	int			 is_void = html_in_list(voids, t->name);

	attrs_read(x, at, t, &v);
	if (!is_void && x->sp < STACK_MAX) {
		memcpy(x->stack[x->sp], t->name, HTML_NAME_LEN);
		x->sp++;
	}
	if ((strcmp(t->name, "a") == 0 || strcmp(t->name, "link") == 0) &&
	    v.href != NULL && *v.rel != '\0') {
		if (s->webmention == NULL &&
		    html_links_has_word(v.rel, "webmention"))
			s->webmention = v.href;
		if (s->pingback == NULL &&
		    html_links_has_word(v.rel, "pingback"))
			s->pingback = v.href;
	}
	if (s->want != NULL && ((v.href != NULL && same_url(v.href,
	    s->want)) || (*v.src != '\0' && same_url(v.src, s->want))))
		s->links_want = 1;
	if (strcmp(t->name, "a") == 0 && v.href != NULL && !is_void)
		link_add(x, v.href, at);
	if (!is_void)
		classes(x, &v);
}

static void
close_depth(struct scan *x, int d, size_t end)
{
	int	 i;

	for (i = 0; i < CAP__MAX; i++)
		if (x->depth[i] == d) {
			x->depth[i] = 0;
			x->done[i] = 1;
		}
	if (x->author == d)
		x->author = 0;
	if (x->entry == d) {
		x->entry = 0;
		x->entry_done = 1;
	}
	if (x->a_depth == d) {
		x->s->links[x->a_link].end = end;
		x->a_depth = 0;
	}
}

static void
end_tag(struct scan *x, size_t end, const struct html_tag *t)
{
	int	 k;

	for (k = x->sp - 1; k >= 0; k--)
		if (strcmp(x->stack[k], t->name) == 0)
			break;
	if (k < 0)
		return;
	while (x->sp > k) {
		close_depth(x, x->sp, end);
		x->sp--;
	}
}

/* <title>: its text, up to </title>; i is just past the start tag. */
static size_t
title(struct scan *x, size_t i)
{
	size_t		 e = html_tok_skip_element(x->html, x->n, i, "title");
	size_t		 stop = e;
	struct buf	 b = { 0 };

	while (stop > i && x->html[stop - 1] != '<')
		stop--;
	if (stop > i)
		stop--;
	else
		stop = e;
	if (x->s->title == NULL || *x->s->title == '\0') {
		html_tok_decode(&b, x->html + i, stop - i);
		x->s->title = html_links_excerpt(x->a, buf_str(&b), 1000);
		buf_free(&b);
	}
	return e;
}

static void
finish(struct scan *x)
{
	struct html_scan	*s = x->s;
	int			 i;

	s->name = html_links_excerpt(x->a, buf_str(&x->cap[CAP_NAME]), 1000);
	s->author = html_links_excerpt(x->a,
	    buf_str(&x->cap[CAP_AUTHOR_NAME]), 400);
	if (*s->author == '\0')
		s->author = html_links_excerpt(x->a,
		    buf_str(&x->cap[CAP_AUTHOR_TEXT]), 400);
	s->content = html_links_excerpt(x->a, buf_str(&x->cap[CAP_CONTENT]),
	    CAP_MAX);
	s->summary = html_links_excerpt(x->a, buf_str(&x->cap[CAP_SUMMARY]),
	    CAP_MAX);
	s->text = html_links_excerpt(x->a, buf_str(&x->cap[CAP_TEXT]),
	    CAP_MAX);
	if (s->title == NULL)
		s->title = "";
	for (i = 0; i < CAP__MAX; i++)
		buf_free(&x->cap[i]);
}

void
html_links_scan(struct arena *a, const char *html, size_t n,
    struct html_scan *s)
{
	struct scan	*x;
	struct html_tag	 t;
	enum html_tok	 k;
	size_t		 i = 0, from = 0;

	x = arena_zalloc(a, sizeof(*x));
	x->a = a;
	x->s = s;
	x->html = html;
	x->n = n;
	s->links_want = s->hentry = s->nlinks = 0;
	s->links = NULL;
	s->webmention = s->pingback = s->title = NULL;
	while (i < n) {
		if (html[i] != '<' || (k = html_tok_scan(html + i, n - i, &t))
		    == HTML_TOK_TEXT) {
			i++;
			continue;
		}
		text_decoded(x, html + from, i - from);
		if (k == HTML_TOK_TAG && html_in_list(blocks, t.name))
			text(x, " ", 1);
		if (k == HTML_TOK_TAG && t.close)
			end_tag(x, i + t.len, &t);
		else if (k == HTML_TOK_TAG)
			start_tag(x, i, &t);
		i += t.len;
		if (k == HTML_TOK_TAG && !t.close && strcmp(t.name, "title")
		    == 0) {
			i = title(x, i);
			end_tag(x, i, &t);
		} else if (k == HTML_TOK_TAG && !t.close &&
		    html_in_list(raw, t.name)) {
			i = html_tok_skip_element(html, n, i, t.name);
			end_tag(x, i, &t);
		}
		from = i;
	}
	text_decoded(x, html + from, n - from);
	finish(x);
}

/* The length of the UTF-8 character that starts with byte c. */
static size_t
u8len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

char *
html_links_excerpt(struct arena *a, const char *t, size_t max)
{
	struct buf	 b = { 0 };
	size_t		 i, k, lastsp = 0;
	int		 space = 0, cut = 0;
	char		*out;

	for (i = 0; t[i] != '\0'; i += k) {
		k = u8len((unsigned char)t[i]);
		if (strnlen(t + i, k) < k)
			break;
		if (html_is_space((unsigned char)t[i])) {
			space = b.len > 0;
			continue;
		}
		if (space) {
			if (b.len + 1 > max) {
				cut = 1;
				break;
			}
			lastsp = b.len;
			buf_putc(&b, ' ');
			space = 0;
		}
		if (b.len + k > max) {
			cut = 1;
			break;
		}
		buf_add(&b, t + i, k);
	}
	if (cut && lastsp > max / 2)
		b.len = lastsp;
	if (cut)
		buf_puts(&b, "\xe2\x80\xa6");
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}
