/* comment_policy.h: what a comment must be, and what the site's policy
   makes of it. Pure functions: no request, no database. */
#ifndef QUIRE_COMMENT_POLICY_H
#define QUIRE_COMMENT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct arena;
struct comment_submit;
struct site;

#define COMMENT_NAME_MAX	200
#define COMMENT_EMAIL_MAX	254
#define COMMENT_URL_MAX		2000
#define COMMENT_TEXT_MAX	(16 * 1024)	/* DESIGN.md, "Data" */

/* A comment form's fields as they came (not NUL-checked; NULL: absent). */
struct comment_raw {
	const char	*author, *email, *url, *comment, *parent;
	size_t		 author_len, email_len, url_len, comment_len;
	int		 save;		/* "Save my name..." was ticked */
};

/*
 * Check a submission and fill s: names trimmed, "example.org" taken as
 * http://example.org, text that cannot be shown made showable, and an
 * error beside each field that is wrong (in words that name the
 * problem). Strings live in the arena. Returns the number of errors.
 */
int	comment_validate(struct arena *, const struct comment_raw *,
	    struct comment_submit *s);

/*
 * What the site's policy makes of a comment, new or edited:
 * COMMENT_SPAM (the honeypot was filled, or the blocklist matches its
 * fields or addr), COMMENT_PENDING (everything held, a token from
 * another network, more links in html than allowed, or an untrusted
 * commenter when only returning ones go through: trusted says whether
 * db_comment_trusted found them) or COMMENT_APPROVED.
 */
enum comment_status comment_policy(const struct site *,
	    const struct comment_submit *, const char *addr,
	    const char *html, int honeypot, int same_net, int trusted);

/*
 * The status of an edited comment: the policy's verdict on the new text
 * (policy), except that an edit never approves a held or spam comment,
 * and a comment someone approved (moderated) goes back to the queue.
 */
enum comment_status comment_edit_status(enum comment_status old_status,
	    int moderated, enum comment_status policy);

/*
 * The fingerprint of a submission (post, parent, name, email, text): the
 * same form sent twice has the same one. 16 bytes into out.
 */
void	comment_fingerprint(const struct comment_submit *, int64_t post_id,
	    unsigned char out[16]);

#endif
