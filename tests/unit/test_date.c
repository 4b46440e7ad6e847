/* test_date.c: unit tests for date.c (zones, formatting, parsing). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"

struct t {
	int		 n;
	int		 pass;
	int		 fail;
	struct buf	 b;
};

static void
check(struct t *t, int ok, const char *what, const char *fmt, ...)
{
	va_list	 ap;

	t->n++;
	if (ok) {
		t->pass++;
		printf("ok %d - %s\n", t->n, what);
		return;
	}
	t->fail++;
	printf("fail %d - %s (got ", t->n, what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
}

static void
check_int(struct t *t, long long got, long long want, const char *what)
{
	check(t, got == want, what, "%lld, want %lld", got, want);
}

/* Format t with fn and compare with want. */
static void
check_fmt(struct t *t, void (*fn)(struct buf *, int64_t), int64_t v,
    const char *want, const char *what)
{
	buf_reset(&t->b);
	fn(&t->b, v);
	check(t, strcmp(buf_str(&t->b), want) == 0, what,
	    "\"%s\", want \"%s\"", buf_str(&t->b), want);
}

/* Parse s with fn; want_rc -1 means it must fail and leave *out alone. */
static void
check_parse(struct t *t, int (*fn)(const char *, int64_t *), const char *s,
    int want_rc, int64_t want, const char *what)
{
	int64_t	 got = 42;
	int	 rc;

	rc = fn(s, &got);
	if (want_rc == -1)
		check(t, rc == -1 && got == 42, what, "rc %d, %lld", rc,
		    (long long)got);
	else
		check(t, rc == 0 && got == want, what, "rc %d, %lld, want %lld",
		    rc, (long long)got, (long long)want);
}

#define ISO(t, s, rc, want, what) \
	check_parse((t), date_parse_iso, (s), (rc), (want), (what))
#define HTTP(t, s, rc, want, what) \
	check_parse((t), date_parse_http, (s), (rc), (want), (what))

static void
test_names(struct t *t)
{
	check(t, date_month_name(1) != NULL &&
	    strcmp(date_month_name(1), "January") == 0, "month 1", "other");
	check(t, date_month_name(12) != NULL &&
	    strcmp(date_month_name(12), "December") == 0, "month 12", "other");
	check(t, date_month_name(0) == NULL, "month 0 is NULL", "non-NULL");
	check(t, date_month_name(13) == NULL, "month 13 is NULL", "non-NULL");
	check(t, date_month_name(-1) == NULL, "month -1 is NULL", "non-NULL");
}

static void
test_zone_names(struct t *t)
{
	static const char *const bad[] = {
		"", "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd",
		"Europe/..", "..", "Nowhere/City", "Europe", "Europe/",
		"right/Europe/Berlin", "zone.tab", "tzdata.zi", "leapseconds",
		"Europe/Berlin\n", "Europe/Berlin ", " Europe/Berlin",
		"Europe/Berlin;rm", "Europe\\Berlin", "Europe/Berl*",
		"Europe/Berlin/../Paris",
		("Europe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
	};
	struct tm	 tm;
	size_t		 i, j;
	char		 what[128], name[48];

	check_int(t, date_set_zone("UTC"), 0, "zone: UTC");
	check(t, getenv("TZ") != NULL && strcmp(getenv("TZ"), "UTC0") == 0,
	    "zone: UTC needs no tzdata file (TZ=UTC0)", "%s",
	    getenv("TZ") ? getenv("TZ") : "NULL");
	check_int(t, date_set_zone("Etc/UTC"), 0, "zone: Etc/UTC");
	check_int(t, date_set_zone("GMT"), 0, "zone: GMT");
	check_int(t, date_set_zone("Europe/Berlin"), 0, "zone: Europe/Berlin");
	check(t, getenv("TZ") != NULL && strcmp(getenv("TZ"),
	    ":/usr/share/zoneinfo/Europe/Berlin") == 0,
	    "zone: TZ names the zone file", "%s",
	    getenv("TZ") ? getenv("TZ") : "NULL");
	check_int(t, date_set_zone("America/New_York"), 0,
	    "zone: America/New_York");
	check_int(t, date_set_zone("America/Port-au-Prince"), 0,
	    "zone: name with '-'");
	check_int(t, date_set_zone("Etc/GMT+5"), 0, "zone: name with '+'");
	check_int(t, date_set_zone("Asia/Kolkata"), 0, "zone: Asia/Kolkata");
	check_int(t, date_set_zone("Europe/Berlin"), 0, "zone: back to Berlin");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (j = 0; bad[i][j] != '\0' && j < 40; j++)
			name[j] = bad[i][j] >= ' ' && bad[i][j] < 0x7f ?
			    bad[i][j] : '?';
		name[j] = '\0';
		(void)snprintf(what, sizeof(what), "zone: \"%s\" rejected",
		    name);
		check_int(t, date_set_zone(bad[i]), -1, what);
	}
	/* 2024-07-01T12:00:00Z: still Berlin (14:00) after the failures. */
	check(t, date_local(1719835200, &tm) == 0 && tm.tm_hour == 14,
	    "zone: unchanged after rejected names", "hour %d", tm.tm_hour);
}

static void
test_zones(struct t *t)
{
	struct tm	 tm;
	int64_t		 summer = 1719835200;	/* 2024-07-01T12:00:00Z */
	int64_t		 winter = 1705320000;	/* 2024-01-15T12:00:00Z */

	date_set_zone("Europe/Berlin");
	check(t, date_local(summer, &tm) == 0 && tm.tm_hour == 14 &&
	    tm.tm_isdst > 0, "Berlin summer: 14:00 CEST", "%d isdst %d",
	    tm.tm_hour, tm.tm_isdst);
	check(t, date_local(winter, &tm) == 0 && tm.tm_hour == 13 &&
	    tm.tm_isdst == 0, "Berlin winter: 13:00 CET", "%d isdst %d",
	    tm.tm_hour, tm.tm_isdst);
	check_fmt(t, date_fmt_long_time, summer, "July 1, 2024 at 2:00 pm",
	    "Berlin: long time");
	/* DST starts 2024-03-31 01:00Z: 01:59:59 CET, then 03:00 CEST. */
	check(t, date_local(1711846799, &tm) == 0 && tm.tm_hour == 1 &&
	    tm.tm_min == 59, "Berlin: last second of CET", "%d:%d",
	    tm.tm_hour, tm.tm_min);
	check(t, date_local(1711846800, &tm) == 0 && tm.tm_hour == 3 &&
	    tm.tm_min == 0, "Berlin: first second of CEST is 03:00", "%d:%d",
	    tm.tm_hour, tm.tm_min);
	ISO(t, "2024-07-01T12:00", 0, summer - 2 * 3600,
	    "Berlin: local summer time parsed");
	ISO(t, "2024-01-15 12:00:00", 0, winter - 3600,
	    "Berlin: local winter time parsed");
	ISO(t, "2024-01-15", 0, 1705273200, "Berlin: local midnight parsed");
	ISO(t, "2024-07-01T12:00:00Z", 0, summer,
	    "Berlin: explicit Z ignores the zone");

	date_set_zone("America/New_York");
	check(t, date_local(summer, &tm) == 0 && tm.tm_hour == 8 &&
	    tm.tm_isdst > 0, "New York summer: 08:00 EDT", "%d isdst %d",
	    tm.tm_hour, tm.tm_isdst);
	check(t, date_local(winter, &tm) == 0 && tm.tm_hour == 7 &&
	    tm.tm_isdst == 0, "New York winter: 07:00 EST", "%d isdst %d",
	    tm.tm_hour, tm.tm_isdst);
	check_fmt(t, date_fmt_long_time, summer, "July 1, 2024 at 8:00 am",
	    "New York: long time");
	check_fmt(t, date_fmt_long_time, 1704078000,
	    "December 31, 2023 at 10:00 pm", "New York: previous day and year");
	check_fmt(t, date_fmt_long, 1704078000, "December 31, 2023",
	    "New York: long date");
	check_fmt(t, date_fmt_iso, 1704078000, "2024-01-01T03:00:00Z",
	    "New York: ISO stays UTC");
	check_fmt(t, date_fmt_http, 1704078000, "Mon, 01 Jan 2024 03:00:00 GMT",
	    "New York: HTTP date stays UTC");
	ISO(t, "2024-07-01T12:00", 0, summer + 4 * 3600,
	    "New York: local summer time parsed");
	ISO(t, "2024-01-15T12:00", 0, winter + 5 * 3600,
	    "New York: local winter time parsed");

	date_set_zone("Asia/Kolkata");
	check_fmt(t, date_fmt_long_time, summer, "July 1, 2024 at 5:30 pm",
	    "Kolkata: half-hour offset");

	/* DST gap and overlap in Berlin: accepted, resolved by mktime. */
	date_set_zone("Europe/Berlin");
	{
		int64_t	 v = 0;

		check(t, date_parse_iso("2024-03-31T02:30", &v) == 0 &&
		    (v == 1711845000 || v == 1711848600),
		    "Berlin: time in the DST gap accepted", "%lld",
		    (long long)v);
		check(t, date_parse_iso("2024-10-27T02:30", &v) == 0 &&
		    (v == 1729989000 || v == 1729992600),
		    "Berlin: ambiguous time accepted", "%lld", (long long)v);
	}
	date_set_zone("UTC");
}

static void
test_format(struct t *t)
{
	int64_t	 d = 1325685960;	/* 2012-01-04T14:06:00Z, a Wednesday */
	int64_t	 day = 1325635200;	/* 2012-01-04T00:00:00Z */

	date_set_zone("UTC");
	check_fmt(t, date_fmt_long, d, "January 4, 2012", "long");
	check_fmt(t, date_fmt_long_time, d, "January 4, 2012 at 2:06 pm",
	    "long time: afternoon");
	check_fmt(t, date_fmt_long_time, day + 12 * 3600,
	    "January 4, 2012 at 12:00 pm", "long time: noon is pm");
	check_fmt(t, date_fmt_long_time, day + 5 * 60,
	    "January 4, 2012 at 12:05 am", "long time: 00:05 is 12:05 am");
	check_fmt(t, date_fmt_long_time, day,
	    "January 4, 2012 at 12:00 am", "long time: midnight is 12:00 am");
	check_fmt(t, date_fmt_long_time, day + 11 * 3600 + 59 * 60,
	    "January 4, 2012 at 11:59 am", "long time: 11:59 am");
	check_fmt(t, date_fmt_long_time, day + 13 * 3600,
	    "January 4, 2012 at 1:00 pm", "long time: 13:00 is 1:00 pm");
	check_fmt(t, date_fmt_long_time, day + 23 * 3600 + 59 * 60 + 59,
	    "January 4, 2012 at 11:59 pm", "long time: 23:59:59");
	check_fmt(t, date_fmt_long_time, day + 9 * 3600 + 3 * 60,
	    "January 4, 2012 at 9:03 am", "long time: no leading zero hour");
	check_fmt(t, date_fmt_iso, d, "2012-01-04T14:06:00Z", "iso");
	check_fmt(t, date_fmt_iso, 0, "1970-01-01T00:00:00Z", "iso: epoch");
	check_fmt(t, date_fmt_iso, -1, "1969-12-31T23:59:59Z", "iso: -1");
	check_fmt(t, date_fmt_iso, 951782400, "2000-02-29T00:00:00Z",
	    "iso: 2000-02-29");
	check_fmt(t, date_fmt_iso, 1709208000, "2024-02-29T12:00:00Z",
	    "iso: 2024-02-29");
	check_fmt(t, date_fmt_iso, INT64_C(4102444800), "2100-01-01T00:00:00Z",
	    "iso: 2100");
	check_fmt(t, date_fmt_iso, INT64_MAX, "9999-12-31T23:59:59Z",
	    "iso: INT64_MAX clamped");
	check_fmt(t, date_fmt_iso, INT64_MIN, "0000-01-01T00:00:00Z",
	    "iso: INT64_MIN clamped");
	check_fmt(t, date_fmt_http, d, "Wed, 04 Jan 2012 14:06:00 GMT", "http");
	check_fmt(t, date_fmt_http, 784111777, "Sun, 06 Nov 1994 08:49:37 GMT",
	    "http: RFC example");
	check_fmt(t, date_fmt_http, 0, "Thu, 01 Jan 1970 00:00:00 GMT",
	    "http: epoch");
	check_fmt(t, date_fmt_http, -86400, "Wed, 31 Dec 1969 00:00:00 GMT",
	    "http: before the epoch");
	check_fmt(t, date_fmt_long, INT64_MAX, "December 31, 9999",
	    "long: INT64_MAX clamped");
	check_fmt(t, date_fmt_long, INT64_MIN, "January 1, 0000",
	    "long: INT64_MIN clamped");
	date_set_zone("Europe/Berlin");
	check_fmt(t, date_fmt_long_time, INT64_MAX,
	    "December 31, 9999 at 11:59 pm", "long: year 10000 falls back");
	check_fmt(t, date_fmt_long, INT64_MIN, "January 1, 0000",
	    "long: INT64_MIN in Berlin");
	date_set_zone("UTC");
}

/* Compare date_fmt_iso and date_fmt_http with gmtime_r and strftime. */
static void
test_against_libc(struct t *t)
{
	struct tm	 tm;
	char		 want[64];
	time_t		 tt;
	int64_t		 v, back;
	int		 bad_iso = 0, bad_http = 0, bad_rt = 0, n = 0;

	for (v = INT64_C(-2208988800); v < INT64_C(7258118400);
	    v += INT64_C(86399) * 37 + 12345) {
		n++;
		tt = (time_t)v;
		if (gmtime_r(&tt, &tm) == NULL)
			continue;
		buf_reset(&t->b);
		date_fmt_iso(&t->b, v);
		(void)strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (strcmp(buf_str(&t->b), want) != 0 && bad_iso++ == 0)
			printf("# iso %lld: %s != %s\n", (long long)v,
			    buf_str(&t->b), want);
		if (date_parse_iso(buf_str(&t->b), &back) != 0 || back != v)
			bad_rt++;
		buf_reset(&t->b);
		date_fmt_http(&t->b, v);
		(void)strftime(want, sizeof(want), "%a, %d %b %Y %H:%M:%S GMT",
		    &tm);
		if (strcmp(buf_str(&t->b), want) != 0 && bad_http++ == 0)
			printf("# http %lld: %s != %s\n", (long long)v,
			    buf_str(&t->b), want);
		if (date_parse_http(buf_str(&t->b), &back) != 0 || back != v)
			bad_rt++;
	}
	check(t, n > 1000 && bad_iso == 0, "libc: iso matches strftime",
	    "%d of %d differ", bad_iso, n);
	check(t, bad_http == 0, "libc: http matches strftime",
	    "%d of %d differ", bad_http, n);
	check(t, bad_rt == 0, "libc: format then parse round-trips",
	    "%d of %d differ", bad_rt, n);
}

static void
test_parse_iso(struct t *t)
{
	int64_t	 may = 1714557600;	/* 2024-05-01T10:00:00Z */

	date_set_zone("UTC");
	ISO(t, "2024-05-01T10:00:00Z", 0, may, "iso: Z");
	ISO(t, "2024-05-01t10:00:00z", 0, may, "iso: lower-case t and z");
	ISO(t, "2024-05-01T10:00:00+02:00", 0, may - 7200, "iso: +02:00");
	ISO(t, "2024-05-01T10:00:00-05:00", 0, may + 5 * 3600, "iso: -05:00");
	ISO(t, "2024-05-01T10:00:00+0530", 0, may - 19800, "iso: +0530");
	ISO(t, "2024-05-01T10:00:00+05", 0, may - 18000, "iso: +05");
	ISO(t, "2024-05-01T10:00:00+00:00", 0, may, "iso: +00:00");
	ISO(t, "2024-05-01T10:00Z", 0, may, "iso: no seconds, Z");
	ISO(t, "2024-05-01T10:00+01:00", 0, may - 3600,
	    "iso: no seconds, offset");
	ISO(t, "2024-05-01T10:00:00.123Z", 0, may, "iso: fraction ignored");
	ISO(t, "2024-05-01T10:00:00.999999+00:00", 0, may,
	    "iso: long fraction with offset");
	ISO(t, "2024-05-01 10:00:00", 0, may, "iso: space, local (UTC)");
	ISO(t, "2024-05-01T10:00", 0, may, "iso: T, no seconds, local");
	ISO(t, "2024-05-01", 0, may - 36000, "iso: date only, local");
	ISO(t, "2024-02-29", 0, 1709164800, "iso: leap day 2024");
	ISO(t, "2000-02-29T00:00:00Z", 0, 951782400, "iso: leap day 2000");
	ISO(t, "1970-01-01T00:00:00Z", 0, 0, "iso: epoch");
	ISO(t, "1969-12-31T23:59:59Z", 0, -1, "iso: -1 is a real time");
	ISO(t, "1969-12-31T23:59:59", 0, -1, "iso: -1 local is a real time");
	ISO(t, "0000-01-01T00:00:00Z", 0, INT64_C(-62167219200),
	    "iso: year 0000");
	ISO(t, "9999-12-31T23:59:59Z", 0, INT64_C(253402300799),
	    "iso: year 9999");
	ISO(t, "2024-12-31T23:59:59Z", 0, 1735689599, "iso: last second");

	ISO(t, "2023-02-29", -1, 0, "iso: 2023-02-29 rejected");
	ISO(t, "1900-02-29T00:00:00Z", -1, 0, "iso: 1900-02-29 rejected");
	ISO(t, "2024-02-30", -1, 0, "iso: 2024-02-30 rejected");
	ISO(t, "2024-04-31", -1, 0, "iso: April 31 rejected");
	ISO(t, "2024-13-01", -1, 0, "iso: month 13 rejected");
	ISO(t, "2024-00-10", -1, 0, "iso: month 0 rejected");
	ISO(t, "2024-01-00", -1, 0, "iso: day 0 rejected");
	ISO(t, "2024-01-32", -1, 0, "iso: day 32 rejected");
	ISO(t, "2024-05-01T24:00", -1, 0, "iso: hour 24 rejected");
	ISO(t, "2024-05-01T23:60", -1, 0, "iso: minute 60 rejected");
	ISO(t, "2024-05-01T23:59:60Z", -1, 0, "iso: second 60 rejected");
	ISO(t, "2024-05-01T10:00:00+24:00", -1, 0, "iso: offset 24 rejected");
	ISO(t, "2024-05-01T10:00:00+02:60", -1, 0, "iso: offset :60 rejected");
	ISO(t, "2024-05-01T10:00:00+2", -1, 0, "iso: offset +2 rejected");
	ISO(t, "2024-05-01T10:00:00+02:0", -1, 0, "iso: offset +02:0 rejected");
	ISO(t, "2024-05-01T10:00:00+", -1, 0, "iso: bare + rejected");
	ISO(t, "2024-5-1", -1, 0, "iso: one-digit fields rejected");
	ISO(t, "24-05-01", -1, 0, "iso: two-digit year rejected");
	ISO(t, "2024-05-01T10", -1, 0, "iso: hour only rejected");
	ISO(t, "2024-05-01T", -1, 0, "iso: bare T rejected");
	ISO(t, "2024-05-01T10:0", -1, 0, "iso: one-digit minute rejected");
	ISO(t, "2024-05-01T10:00:", -1, 0, "iso: bare colon rejected");
	ISO(t, "2024-05-01T10:00:00.Z", -1, 0, "iso: empty fraction rejected");
	ISO(t, "2024-05-01Z", -1, 0, "iso: zone without time rejected");
	ISO(t, "2024-05-01T10:00:00 ", -1, 0, "iso: trailing space rejected");
	ISO(t, " 2024-05-01", -1, 0, "iso: leading space rejected");
	ISO(t, "2024-05-01T10:00:00Zjunk", -1, 0,
	    "iso: trailing junk rejected");
	ISO(t, "2024/05/01", -1, 0, "iso: slashes rejected");
	ISO(t, "+2024-05-01", -1, 0, "iso: sign rejected");
	ISO(t, "-001-05-01", -1, 0, "iso: negative year rejected");
	ISO(t, "", -1, 0, "iso: empty rejected");
	ISO(t, "yesterday", -1, 0, "iso: words rejected");
	ISO(t, "2024-05-01T10:00:00 GMT", -1, 0, "iso: zone name rejected");
}

static void
test_parse_http(struct t *t)
{
	int64_t	 rfc = 784111777;	/* Sun, 06 Nov 1994 08:49:37 GMT */

	HTTP(t, "Sun, 06 Nov 1994 08:49:37 GMT", 0, rfc, "http: IMF-fixdate");
	HTTP(t, "Sunday, 06-Nov-94 08:49:37 GMT", 0, rfc, "http: RFC 850");
	HTTP(t, "Sun Nov  6 08:49:37 1994", 0, rfc, "http: asctime");
	HTTP(t, "Sun Nov 16 08:49:37 1994", 0, rfc + 10 * 86400,
	    "http: asctime two-digit day");
	HTTP(t, "Thursday, 01-Jan-70 00:00:00 GMT", 0, 0,
	    "http: RFC 850 year 70 is 1970");
	HTTP(t, "Wednesday, 04-Jan-12 14:06:00 GMT", 0, 1325685960,
	    "http: RFC 850 year 12 is 2012");
	HTTP(t, "Thu, 29 Feb 2024 12:00:00 GMT", 0, 1709208000,
	    "http: leap day");
	HTTP(t, "Sun, 06 Nov 1994 08:49:37 UTC", -1, 0, "http: UTC rejected");
	HTTP(t, "Sun, 06 Nov 1994 08:49:37", -1, 0, "http: no GMT rejected");
	HTTP(t, "Sun, 06 Nov 1994 08:49:37 GMT ", -1, 0,
	    "http: trailing space rejected");
	HTTP(t, "Sun, 06 Nov 1994 08:49:37 GMTx", -1, 0,
	    "http: trailing junk rejected");
	HTTP(t, "Sun, 6 Nov 1994 08:49:37 GMT", -1, 0,
	    "http: one-digit day rejected");
	HTTP(t, "Sun, 31 Feb 1994 08:49:37 GMT", -1, 0,
	    "http: Feb 31 rejected");
	HTTP(t, "Sun, 29 Feb 2023 08:49:37 GMT", -1, 0,
	    "http: 2023-02-29 rejected");
	HTTP(t, "Sun, 06 Nov 1994 24:00:00 GMT", -1, 0,
	    "http: hour 24 rejected");
	HTTP(t, "Sun, 06 Nov 1994 08:60:00 GMT", -1, 0,
	    "http: minute 60 rejected");
	HTTP(t, "Sun, 06 Now 1994 08:49:37 GMT", -1, 0,
	    "http: bad month rejected");
	HTTP(t, "Sun, 06 nov 1994 08:49:37 GMT", -1, 0,
	    "http: lower-case month rejected");
	HTTP(t, "Xyz, 06 Nov 1994 08:49:37 GMT", -1, 0,
	    "http: bad weekday rejected");
	HTTP(t, "Sunday, 06 Nov 1994 08:49:37 GMT", -1, 0,
	    "http: long weekday in IMF rejected");
	HTTP(t, "Sun, 06-Nov-94 08:49:37 GMT", -1, 0,
	    "http: short weekday in RFC 850 rejected");
	HTTP(t, "Sun Nov  6 08:49:37", -1, 0, "http: asctime without year");
	HTTP(t, "Sun Nov ", -1, 0, "http: asctime cut short");
	HTTP(t, "Sun", -1, 0, "http: weekday only");
	HTTP(t, "", -1, 0, "http: empty rejected");
	HTTP(t, "1994-11-06T08:49:37Z", -1, 0, "http: ISO rejected");
}

int
main(void)
{
	struct t	 t;

	memset(&t, 0, sizeof(t));
	test_names(&t);
	test_zone_names(&t);
	test_zones(&t);
	test_format(&t);
	test_against_libc(&t);
	test_parse_iso(&t);
	test_parse_http(&t);
	buf_free(&t.b);
	printf("%d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
