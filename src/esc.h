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
/*
 * XML character data and attribute values (Atom feeds, the sitemap,
 * WXR): & < > " ' become entities; characters XML 1.0 forbids (C0
 * controls but tab, newline and carriage return; U+FFFE, U+FFFF) are
 * dropped, and bytes that are not valid UTF-8 become U+FFFD, so the
 * output is well-formed whatever the input. Every byte of XML the
 * program writes that does not come from a string literal goes through
 * this or esc_xml_cdata.
 */
void	esc_xml(struct buf *, const char *, size_t);
/*
 * The n bytes of s as one CDATA section (WXR), "<![CDATA[...]]>": the
 * same characters as esc_xml dropped or replaced, and every "]]>" split
 * as "]]]]><![CDATA[>" so the section cannot end early.
 */
void	esc_xml_cdata(struct buf *, const char *, size_t);

#endif
