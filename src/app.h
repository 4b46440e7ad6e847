/* app.h: one request, from CGI params to a complete response. */
#ifndef QUIRE_APP_H
#define QUIRE_APP_H

struct buf;
struct http_src;
struct worker;

/*
 * Answer one request read from src: parse, route, check methods, run the
 * handler, render its template (or the themed error page), and serialize
 * the whole response into out. Never fails: errors become 4xx/5xx pages.
 * Everything per-request is allocated from w->arena (the caller resets it).
 */
void	app_handle(struct worker *, const struct http_src *, struct buf *out);

#endif
