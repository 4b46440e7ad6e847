/* date.c: time zones, date formatting and parsing (UTC unix seconds). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "i18n.h"

#define ZONEINFO	"/usr/share/zoneinfo/"
#define ZONE_MAX	64
#define T_MIN		INT64_C(-62167219200)	/* 0000-01-01T00:00:00Z */
#define T_MAX		INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */
#define DAY		86400

static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static const char *const wdays[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

const char *
date_month_name(int month)
{
	return month >= 1 && month <= 12 ? months[month - 1] : NULL;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	static const int	 mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static int64_t
clamp(int64_t t, int64_t lo, int64_t hi)
{
	return t < lo ? lo : t > hi ? hi : t;
}

/* Break t down as UTC; t is clamped to years 0000-9999. */
static void
utc_break(int64_t t, struct tm *tm)
{
	int64_t	 days, secs, y;

	t = clamp(t, T_MIN, T_MAX);
	days = (t >= 0 ? t : t - (DAY - 1)) / DAY;
	secs = t - days * DAY;
	memset(tm, 0, sizeof(*tm));
	civil_from_days(days, &y, &tm->tm_mon, &tm->tm_mday);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon--;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01: Thu */
}

/* Break t down in the current zone, falling back to UTC if the
   platform cannot or the local year is outside 0000-9999. */
static void
local_break(int64_t t, struct tm *tm)
{
	t = clamp(t, T_MIN, T_MAX);
	if (date_local(t, tm) == -1 || tm->tm_year < -1900 ||
	    tm->tm_year > 9999 - 1900)
		utc_break(t, tm);
}

/* Returns 1 if name is a plausible zone name to look up, else 0. */
static int
zone_name_ok(const char *name)
{
	static const char	 ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_+-/";
	size_t			 len;

	len = strlen(name);
	if (len == 0 || len > ZONE_MAX || name[0] == '/' ||
	    strspn(name, ok) != len || strstr(name, "..") != NULL ||
	    strncmp(name, "right/", 6) == 0)
		return 0;
	return 1;
}

/*
 * Write to tz (sz bytes) the TZ value for the zone file of name: ":"
 * and its absolute path. Returns 0, or -1 if the name is malformed or
 * its file is missing or not a TZif file.
 */
static int
zone_file(const char *name, char *tz, size_t sz)
{
	char	 magic[4];
	FILE	*f;
	size_t	 got;
	int	 n;

	if (!zone_name_ok(name))
		return -1;
	n = snprintf(tz, sz, ":%s%s", ZONEINFO, name);
	if (n < 0 || (size_t)n >= sz)
		return -1;
	if ((f = fopen(tz + 1, "rb")) == NULL)
		return -1;
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got != sizeof(magic) || memcmp(magic, "TZif", 4) != 0)
		return -1;
	return 0;
}

int
date_set_zone(const char *zone)
{
	char	 tz[sizeof(ZONEINFO) + ZONE_MAX + 1];

	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Etc/UTC") == 0 ||
	    strcmp(zone, "GMT") == 0 || strcmp(zone, "Etc/GMT") == 0)
		(void)snprintf(tz, sizeof(tz), "UTC0");
	else if (zone_file(zone, tz, sizeof(tz)) == -1)
		return -1;
	if (setenv("TZ", tz, 1) == -1)
		return -1;
	tzset();
	return 0;
}

int
date_zone_exists(const char *zone)
{
	char	 tz[sizeof(ZONEINFO) + ZONE_MAX + 1];

	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Etc/UTC") == 0 ||
	    strcmp(zone, "GMT") == 0 || strcmp(zone, "Etc/GMT") == 0)
		return 1;
	return zone_file(zone, tz, sizeof(tz)) == 0;
}

int
date_local(int64_t t, struct tm *out)
{
	time_t	 tt = (time_t)t;

	if ((int64_t)tt != t || localtime_r(&tt, out) == NULL)
		return -1;
	return 0;
}

static void
fmt_long(struct buf *b, const struct tm *tm)
{
	buf_printf(b, "%s %d, %04d", months[tm->tm_mon], tm->tm_mday,
	    tm->tm_year + 1900);
}

void
date_fmt_long(struct buf *b, int64_t t)
{
	struct tm	 tm;

	local_break(t, &tm);
	fmt_long(b, &tm);
}

void
date_fmt_long_time(struct buf *b, int64_t t)
{
	struct tm	 tm;
	int		 h;

	local_break(t, &tm);
	fmt_long(b, &tm);
	h = tm.tm_hour % 12;
	buf_printf(b, " at %d:%02d %s", h == 0 ? 12 : h, tm.tm_min,
	    tm.tm_hour < 12 ? "am" : "pm");
}

/* Months and weekdays for translators: a date's and a heading's. */
#define NC_(ctx, s)	(s)
static const char *const months_in_date[12] = {
	NC_("month in a date", "January"), NC_("month in a date", "February"),
	NC_("month in a date", "March"), NC_("month in a date", "April"),
	NC_("month in a date", "May"), NC_("month in a date", "June"),
	NC_("month in a date", "July"), NC_("month in a date", "August"),
	NC_("month in a date", "September"),
	NC_("month in a date", "October"),
	NC_("month in a date", "November"),
	NC_("month in a date", "December"),
};
static const char *const month_names[12] = {
	NC_("month", "January"), NC_("month", "February"),
	NC_("month", "March"), NC_("month", "April"), NC_("month", "May"),
	NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
	NC_("month", "September"), NC_("month", "October"),
	NC_("month", "November"), NC_("month", "December"),
};
static const char *const wday_names[7] = {
	NC_("weekday", "Sunday"), NC_("weekday", "Monday"),
	NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
	NC_("weekday", "Thursday"), NC_("weekday", "Friday"),
	NC_("weekday", "Saturday"),
};

void
date_lang_init(struct date_lang *d, const struct i18n *c)
{
	int	 i;

	for (i = 0; i < 12; i++) {
		d->month_in_date[i] = i18n_pgettext(c, "month in a date",
		    months_in_date[i]);
		d->month[i] = i18n_pgettext(c, "month", month_names[i]);
	}
	for (i = 0; i < 7; i++)
		d->wday[i] = i18n_pgettext(c, "weekday", wday_names[i]);
	/* TRANSLATORS: the usual date: %e day, %B month, %Y year. */
	d->date_format = _x(c, "date format", "%B %e, %Y");
	/* TRANSLATORS: the usual time: %g hour 1-12, %H 00-23, %M minutes,
	   %P am or pm. */
	d->time_format = _x(c, "time format", "%g:%M %P");
	/* TRANSLATORS: {date} and {time} of a comment or an edit. */
	d->date_at_time = _(c, "{date} at {time}");
	d->am = _(c, "am");
	d->pm = _(c, "pm");
}

const char *
date_month(const struct date_lang *d, int month)
{
	if (month < 1 || month > 12)
		return "";
	return d->month[month - 1];
}

#define DATE_FORMAT_MAX	64

int
date_format_ok(const char *fmt)
{
	const char	*p;

	if (strlen(fmt) > DATE_FORMAT_MAX)
		return 0;
	for (p = fmt; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p == '%' && (*++p == '\0' || strchr("edBmYAHMgP%", *p) ==
		    NULL))
			return 0;
	}
	return 1;
}

/* One conversion of date_fmt. */
static void
fmt_conv(struct buf *b, const struct date_lang *d, int conv,
    const struct tm *tm)
{
	int	 h = tm->tm_hour % 12;

	switch (conv) {
	case 'e': buf_printf(b, "%d", tm->tm_mday); break;
	case 'd': buf_printf(b, "%02d", tm->tm_mday); break;
	case 'B': buf_puts(b, d->month_in_date[tm->tm_mon]); break;
	case 'm': buf_printf(b, "%02d", tm->tm_mon + 1); break;
	case 'Y': buf_printf(b, "%04d", tm->tm_year + 1900); break;
	case 'A': buf_puts(b, d->wday[tm->tm_wday]); break;
	case 'H': buf_printf(b, "%02d", tm->tm_hour); break;
	case 'M': buf_printf(b, "%02d", tm->tm_min); break;
	case 'g': buf_printf(b, "%d", h == 0 ? 12 : h); break;
	case 'P': buf_puts(b, tm->tm_hour < 12 ? d->am : d->pm); break;
	default: buf_putc(b, conv); break;
	}
}

static void
fmt_tm(struct buf *b, const struct date_lang *d, const char *fmt,
    const struct tm *tm)
{
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0')
			buf_putc(b, *fmt);
		else
			fmt_conv(b, d, *++fmt, tm);
	}
}

void
date_fmt(struct buf *b, const struct date_lang *d, const char *fmt,
    int64_t t)
{
	struct tm	 tm;

	if (fmt == NULL || *fmt == '\0')
		fmt = d->date_format;
	local_break(t, &tm);
	fmt_tm(b, d, fmt, &tm);
}

void
date_fmt_time(struct buf *b, const struct date_lang *d, const char *fmt,
    int64_t t)
{
	struct tm	 tm;
	const char	*pat = d->date_at_time;

	local_break(t, &tm);
	while (*pat != '\0') {
		if (strncmp(pat, "{date}", 6) == 0) {
			fmt_tm(b, d, fmt != NULL && *fmt != '\0' ? fmt :
			    d->date_format, &tm);
			pat += 6;
		} else if (strncmp(pat, "{time}", 6) == 0) {
			fmt_tm(b, d, d->time_format, &tm);
			pat += 6;
		} else
			buf_putc(b, *pat++);
	}
}

void
date_fmt_iso(struct buf *b, int64_t t)
{
	struct tm	 tm;

	utc_break(t, &tm);
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
date_fmt_http(struct buf *b, int64_t t)
{
	struct tm	 tm;

	utc_break(t, &tm);
	buf_printf(b, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
	    wdays[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Read exactly n digits at *p into *v and advance; -1 if not there. */
static int
digits(const char **p, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/* Skip the literal lit at *p; -1 if not there. */
static int
lit(const char **p, const char *lit)
{
	size_t	 n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return -1;
	*p += n;
	return 0;
}

/* Read a three-letter English month name; sets *m to 1-12. */
static int
month_abbr(const char **p, int *m)
{
	int	 i;

	for (i = 0; i < 12; i++)
		if (strncmp(*p, months[i], 3) == 0) {
			*m = i + 1;
			*p += 3;
			return 0;
		}
	return -1;
}

/* Read a weekday name, three letters or (full) whole; -1 if none. */
static int
wday_name(const char **p, int full)
{
	size_t	 n;
	int	 i;

	for (i = 0; i < 7; i++) {
		n = full ? strlen(wdays[i]) : 3;
		if (strncmp(*p, wdays[i], n) == 0) {
			*p += n;
			return 0;
		}
	}
	return -1;
}

/* Read "HH:MM:SS". */
static int
hms(const char **p, int *h, int *mi, int *s)
{
	if (digits(p, 2, h) == -1 || lit(p, ":") == -1 ||
	    digits(p, 2, mi) == -1 || lit(p, ":") == -1 ||
	    digits(p, 2, s) == -1)
		return -1;
	return 0;
}

/* Check the fields and store the UTC time; -1 if out of range. */
static int
utc_make(int y, int m, int d, int h, int mi, int s, int64_t *out)
{
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m) ||
	    h > 23 || mi > 59 || s > 59)
		return -1;
	*out = days_from_civil(y, m, d) * DAY + h * 3600 + mi * 60 + s;
	return 0;
}

int
date_parse_http(const char *s, int64_t *out)
{
	const char	*p = s;
	int		 y, m, d, h, mi, sec;

	if (wday_name(&p, 0) == -1)
		return -1;
	if (p[0] == ',' && p[1] == ' ') {		/* IMF-fixdate */
		p += 2;
		if (digits(&p, 2, &d) == -1 || lit(&p, " ") == -1 ||
		    month_abbr(&p, &m) == -1 || lit(&p, " ") == -1 ||
		    digits(&p, 4, &y) == -1 || lit(&p, " ") == -1 ||
		    hms(&p, &h, &mi, &sec) == -1 || lit(&p, " GMT") == -1)
			return -1;
	} else if (p[0] == ' ') {			/* asctime */
		p++;
		if (month_abbr(&p, &m) == -1 || lit(&p, " ") == -1)
			return -1;
		if (*p == ' ')
			p++;
		if (*p == '\0' ||
		    digits(&p, p[1] == ' ' ? 1 : 2, &d) == -1 ||
		    lit(&p, " ") == -1 || hms(&p, &h, &mi, &sec) == -1 ||
		    lit(&p, " ") == -1 || digits(&p, 4, &y) == -1)
			return -1;
	} else {					/* RFC 850 */
		p = s;
		if (wday_name(&p, 1) == -1 || lit(&p, ", ") == -1 ||
		    digits(&p, 2, &d) == -1 || lit(&p, "-") == -1 ||
		    month_abbr(&p, &m) == -1 || lit(&p, "-") == -1 ||
		    digits(&p, 2, &y) == -1 || lit(&p, " ") == -1 ||
		    hms(&p, &h, &mi, &sec) == -1 || lit(&p, " GMT") == -1)
			return -1;
		y += y < 70 ? 2000 : 1900;
	}
	if (*p != '\0')
		return -1;
	return utc_make(y, m, d, h, mi, sec, out);
}

/* Read an optional zone designator; sets *has and *off (seconds east). */
static int
iso_zone(const char **p, int *has, int *off)
{
	int	 sign, h, m = 0;

	*has = 0;
	*off = 0;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*has = 1;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &h) == -1)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (digits(p, 2, &m) == -1)
			return -1;
	} else if (**p >= '0' && **p <= '9' && digits(p, 2, &m) == -1)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*has = 1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

int
date_parse_iso(const char *s, int64_t *out)
{
	const char	*p = s;
	struct tm	 tm;
	time_t		 tt;
	int64_t		 t;
	int		 y, m, d, h = 0, mi = 0, sec = 0, has_zone = 0, off = 0;

	if (digits(&p, 4, &y) == -1 || lit(&p, "-") == -1 ||
	    digits(&p, 2, &m) == -1 || lit(&p, "-") == -1 ||
	    digits(&p, 2, &d) == -1)
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) == -1 || lit(&p, ":") == -1 ||
		    digits(&p, 2, &mi) == -1)
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) == -1)
				return -1;
			if (*p == '.') {
				p++;
				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (iso_zone(&p, &has_zone, &off) == -1)
			return -1;
	}
	if (*p != '\0' || utc_make(y, m, d, h, mi, sec, &t) == -1)
		return -1;
	if (has_zone) {
		*out = t - off;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	errno = 0;
	if ((tt = mktime(&tm)) == (time_t)-1 && errno != 0)
		return -1;
	*out = (int64_t)tt;
	return 0;
}
