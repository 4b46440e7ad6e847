/* date.h: time zones, date formatting and parsing (UTC unix seconds). */
#ifndef QUIRE_DATE_H
#define QUIRE_DATE_H

#include <stdint.h>
#include <time.h>

struct buf;
struct i18n;

/*
 * Make zone (an IANA name such as "Europe/Berlin") the process's time
 * zone for the local-time functions below, by setting TZ and calling
 * tzset(). Returns 0, or -1 if the name is malformed (empty, over 64
 * bytes, a leading '/', "..", characters other than [A-Za-z0-9_+-/], a
 * "right/" leap-second zone) or not a TZif file under
 * /usr/share/zoneinfo; the zone is then unchanged. "UTC", "Etc/UTC",
 * "GMT" and "Etc/GMT" work without tzdata. Changes the environment:
 * call it at start-up or between requests, not from threads.
 */
int	date_set_zone(const char *zone);

/* Break t down in the current zone into *out. Returns 0, or -1 if t is
   out of range for the platform. */
int	date_local(int64_t t, struct tm *out);
/* 1 if zone names a usable time zone (as date_set_zone takes), else 0;
   the process zone is not changed. */
int	date_zone_exists(const char *zone);

/*
 * The formatters append to the buf. Years are clamped to 0000-9999 (a
 * t outside that range prints as its nearer end). The local-time ones
 * fall back to UTC if the platform cannot convert t.
 */
/* "January 4, 2012" in the current zone. */
void	date_fmt_long(struct buf *, int64_t t);
/* "January 4, 2012 at 2:06 pm" in the current zone (WordPress's default;
   0:05 is "12:05 am", 12:00 is "12:00 pm"). */
void	date_fmt_long_time(struct buf *, int64_t t);
/*
 * A language's names and formats for dates, looked up in its catalog
 * once (date_lang_init; the strings live as long as the catalog).
 */
struct date_lang {
	const char	*month_in_date[12];	/* "4 maja 2024" */
	const char	*month[12];		/* "maj 2024" */
	const char	*wday[7];		/* Sunday first */
	const char	*date_format, *time_format;	/* the usual */
	const char	*date_at_time;		/* "{date} at {time}" */
	const char	*am, *pm;
};
/* Fill d from catalog c (NULL: English). */
void	date_lang_init(struct date_lang *d, const struct i18n *c);
/*
 * t in the current zone by fmt, a date_format setting (date_format_ok),
 * with month and weekday names from d; never the C locale. fmt NULL or
 * "": the language's usual ("January 4, 2012").
 */
void	date_fmt(struct buf *, const struct date_lang *d, const char *fmt,
	    int64_t t);
/* The date as date_fmt and the time, as the language says ("January 4,
   2012 at 2:06 pm"). */
void	date_fmt_time(struct buf *, const struct date_lang *d,
	    const char *fmt, int64_t t);
/* 1 if fmt is a date format date_fmt knows (%e %d %B %m %Y %A %H %M %g
   %P %%, at most 64 bytes, no control characters), else 0. */
int	date_format_ok(const char *fmt);
/* The month's name (1-12) as a heading shows it ("May"), translated. */
const char *date_month(const struct date_lang *d, int month);
/* "2012-01-04T14:06:00Z" (UTC; for <time datetime> and Atom). */
void	date_fmt_iso(struct buf *, int64_t t);
/* "Wed, 04 Jan 2012 14:06:00 GMT" (IMF-fixdate, RFC 9110; no locale). */
void	date_fmt_http(struct buf *, int64_t t);

/*
 * Parse an HTTP date: IMF-fixdate, RFC 850 ("Wednesday, 04-Jan-12
 * 14:06:00 GMT"; two-digit years 70-99 are 19xx, 00-69 are 20xx) or
 * asctime ("Wed Jan  4 14:06:00 2012"). The weekday name must be a real
 * one but is not checked against the date. Returns 0 and sets *out, or
 * -1 (and *out untouched) if s is not exactly one such date.
 */
int	date_parse_http(const char *s, int64_t *out);

/*
 * Parse an ISO 8601 date and time: "YYYY-MM-DD", optionally followed by
 * 'T' (or 't' or a space) and "HH:MM", optionally ":SS" and a fraction
 * ".ddd" (ignored), optionally a zone "Z", "+HH:MM", "+HHMM" or "+HH"
 * (or '-'). Without a zone the time is local in the current zone, via
 * mktime (a time in a DST gap is moved as mktime moves it; an ambiguous
 * one is resolved as mktime does). Every field is range-checked (the
 * day against the month, leap years included; hour 0-23, minute and
 * second 0-59, zone offset up to 23:59). Returns 0 and sets *out, or -1
 * with *out untouched.
 */
int	date_parse_iso(const char *s, int64_t *out);

/* "January" for 1 ... "December" for 12; NULL for anything else. */
const char *date_month_name(int month);

#endif
