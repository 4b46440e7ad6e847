/* esc.h: one function per escape context. */
#ifndef QUIRE_ESC_H
#define QUIRE_ESC_H

#include <stddef.h>

struct buf;

/* Text inside an element: & < > " ' become entities, and bytes that
   are not valid UTF-8 become U+FFFD. */
void	esc_html_text(struct buf *, const char *, size_t);
/* A double-quoted attribute value: as esc_html_text (the same set). */
void	esc_html_attr(struct buf *, const char *, size_t);
/* One URL path segment or query value: everything but unreserved %XX. */
void	esc_url_component(struct buf *, const char *, size_t);
/* XML character data and attribute values (Atom, WXR): & < > " '
   become entities; characters XML 1.0 forbids are dropped. */
void	esc_xml(struct buf *, const char *, size_t);

#endif
