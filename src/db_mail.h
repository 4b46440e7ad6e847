/* db_mail.h: statements on the outbox, the mail events and the
   commenters' wishes for replies (sql/0012-mail.sql). mail_keeper.c
   and page_email.c step them. */
#ifndef QUIRE_DB_MAIL_H
#define QUIRE_DB_MAIL_H

#include <stdint.h>

struct db;

enum db_mail {
	DB_MAIL_EVENTS,		/* the oldest events: id, kind, comment */
	DB_MAIL_EVENT_DEL,
	DB_MAIL_COMMENT,	/* a comment with its post */
	DB_MAIL_STAFF,		/* admins and a post's author (-1: all), with email */
	DB_MAIL_WATCH,		/* a watch with its address's state */
	DB_MAIL_WATCH_ADD,
	DB_MAIL_WATCH_STOP,
	DB_MAIL_ADDR_CONFIRM,
	DB_MAIL_OUTBOX_ADD,
	DB_MAIL_DUE,		/* the next queued message due */
	DB_MAIL_CLAIM,
	DB_MAIL_MESSAGE,
	DB_MAIL_SENT,
	DB_MAIL_RETRY,
	DB_MAIL_SENDING,	/* rows being sent: id, pid, claimed */
	DB_MAIL_RECOVER,
	DB_MAIL_WAITING,	/* the dashboard's summary */
	DB_MAIL_LAST_DIGEST,
	DB_MAIL_PENDING,	/* comments awaiting moderation */
	DB_MAIL__MAX
};

extern const char *const db_mail_sql[DB_MAIL__MAX];
extern const int db_mail_n;

/*
 * Add a wish for replies to comment id by email (the comment's writer),
 * inside the caller's transaction (a trigger records the event that
 * sends the confirmation). 0, or -1 (logged).
 */
int	db_mail_watch_add(struct db *, int64_t comment_id, const char *email,
	    int64_t now);

#endif
