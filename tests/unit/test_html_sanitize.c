/* test_html_sanitize.c: unit tests for html_sanitize.c (the allow list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "html_sanitize.h"

enum mode {
	POST,
	COMMENT
};

/* Sanitize s (a heap copy without terminator, for ASan); the result in
   a static buffer. */
static const char *
run(enum mode m, const char *s, struct html_sanitize_counts *removed)
{
	static struct buf	 out;
	size_t			 n = strlen(s);
	char			*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(p, s, n);
	buf_free(&out);
	html_sanitize(&out, p, n, m == COMMENT, removed);
	free(p);
	return buf_str(&out);
}

/* s on one line, at most 50 bytes, controls shown as '?'. */
static const char *
label(const char *s)
{
	static char	 l[64];
	size_t		 i, k = 0;

	for (i = 0; s[i] != '\0' && k < 50; i++)
		l[k++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	l[k] = '\0';
	return l;
}

static void
eq_mode(struct check *c, enum mode m, const char *in, const char *want)
{
	struct buf	 again = { 0 };
	const char	*got = run(m, in, NULL);
	char		*copy;
	int		 ok = strcmp(got, want) == 0;

	CHECK(c, ok, "sanitize%s %s", m == COMMENT ? " (comment)" : "",
	    label(in));
	if (!ok)
		printf("#   in:   %s\n#   got:  %s\n#   want: %s\n", in, got,
		    want);
	/* Sanitizing the output again changes nothing. */
	if ((copy = strdup(got)) == NULL)
		abort();
	html_sanitize(&again, copy, strlen(copy), m == COMMENT, NULL);
	if (strcmp(buf_str(&again), copy) != 0) {
		CHECK(c, 0, "sanitize again changes %s", label(in));
		printf("#   once:  %s\n#   twice: %s\n", copy, buf_str(&again));
	}
	free(copy);
	buf_free(&again);
}

static void
eq(struct check *c, const char *in, const char *want)
{
	eq_mode(c, POST, in, want);
}

/* The sanitized output must not contain needle (case-insensitive). */
static void
lacks(struct check *c, const char *in, const char *needle)
{
	const char	*got = run(POST, in, NULL);
	char		*low, *p;

	if ((low = strdup(got)) == NULL)
		abort();
	for (p = low; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	CHECK(c, strstr(low, needle) == NULL, "no '%s' in sanitized %s",
	    needle, label(in));
	if (strstr(low, needle) != NULL)
		printf("#   got: %s\n", got);
	free(low);
}

/* What was kept before the allow list, and still is. */
static void
test_kept(struct check *c)
{
	eq(c, "<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>");
	eq(c, "<img src=\"x.png\" onerror=\"alert(1)\">", "<img src=\"x.png\">");
	eq(c, "<img src=x OnError=alert(1) alt='a \"b\"'>",
	    "<img src=\"x\" alt=\"a &quot;b&quot;\">");
	eq(c, "<img srcset=\"a.png 1x, b.png 2x\">",
	    "<img srcset=\"a.png 1x, b.png 2x\">");
	eq(c, "<a href=\"https://e.org/?a=1&amp;b=2\">x</a>",
	    "<a href=\"https://e.org/?a=1&amp;b=2\">x</a>");
	eq(c, "<a href=\"/2020/01/x/\">x</a>", "<a href=\"/2020/01/x/\">x</a>");
	eq(c, "<a href=\"mailto:a@b.c\">m</a>", "<a href=\"mailto:a@b.c\">m</a>");
	eq(c, "<a href=\"page.html\">p</a>", "<a href=\"page.html\">p</a>");
	eq(c, "<!-- comment --><p>x<!-- --></p>", "<p>x</p>");
	eq(c, "1 < 2 <3", "1 &lt; 2 &lt;3");
	eq(c, "<p>unclosed <em>tags", "<p>unclosed <em>tags</em></p>");
	eq(c, "stray</div> end</p>", "stray end");
	eq(c, "<p>one<p>two", "<p>one</p><p>two</p>");
	eq(c, "<p>para<div>block</div>", "<p>para</p><div>block</div>");
	eq(c, "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>");
	eq(c, "<em>a<b>b</em>c</b>", "<em>a<b>b</b></em>c");
	eq(c, "<br/><hr /><img src=a />", "<br><hr><img src=\"a\">");
	eq(c, "<p title=\"</p><script>x</script>\">t</p>",
	    "<p title=\"&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;\">t</p>");
	eq(c, "<noscript><p title=\"</noscript><img src=x "
	    "onerror=alert(1)>\"></p></noscript>",
	    "<p title=\"&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;\">"
	    "</p>");
	eq(c, "<img src=\"x\"", "");
	eq(c, "<figure id=\"attachment_1\" class=\"wp-caption alignright\">"
	    "<img src=\"/a.jpg\" alt=\"A cat\" width=\"300\" height=\"200\">"
	    "<figcaption class=\"wp-caption-text\">A cat</figcaption></figure>",
	    "<figure id=\"attachment_1\" class=\"wp-caption alignright\">"
	    "<img src=\"/a.jpg\" alt=\"A cat\" width=\"300\" height=\"200\">"
	    "<figcaption class=\"wp-caption-text\">A cat</figcaption></figure>");
	eq(c, "<table><thead><tr><th scope=\"col\">h</th></tr></thead><tbody>"
	    "<tr><td colspan=\"2\" rowspan=\"1\">d</td></tr></tbody></table>",
	    "<table><thead><tr><th scope=\"col\">h</th></tr></thead><tbody>"
	    "<tr><td colspan=\"2\" rowspan=\"1\">d</td></tr></tbody></table>");
	eq(c, "<ol start=\"3\" reversed type=\"a\"><li value=\"5\">x</li></ol>",
	    "<ol start=\"3\" reversed type=\"a\"><li value=\"5\">x</li></ol>");
	eq(c, "<blockquote cite=\"https://e.org/\"><q cite=\"/x\">q</q>"
	    "</blockquote>", "<blockquote cite=\"https://e.org/\"><q cite=\"/x\">"
	    "q</q></blockquote>");
	eq(c, "<time datetime=\"2024-01-01\">1 Jan</time> <abbr title=\"HyperText"
	    "\">HTML</abbr> <del datetime=\"2024\">x</del><ins>y</ins>",
	    "<time datetime=\"2024-01-01\">1 Jan</time> <abbr title=\"HyperText"
	    "\">HTML</abbr> <del datetime=\"2024\">x</del><ins>y</ins>");
	eq(c, "<picture><source srcset=\"a.webp\" type=\"image/webp\">"
	    "<img src=\"a.jpg\" alt=\"\"></picture>",
	    "<picture><source srcset=\"a.webp\" type=\"image/webp\">"
	    "<img src=\"a.jpg\" alt=\"\"></picture>");
	eq(c, "<video controls src=\"/v.mp4\" poster=\"/p.jpg\" autoplay "
	    "onplay=\"x()\">v</video>",
	    "<video controls src=\"/v.mp4\" poster=\"/p.jpg\">v</video>");
	eq(c, "<details open><summary>s</summary>d</details>",
	    "<details open><summary>s</summary>d</details>");
	eq(c, "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>",
	    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>");
	eq(c, "<p lang=\"de\" dir=\"ltr\">x</p>", "<p lang=\"de\" dir=\"ltr\">x</p>");
	eq(c, "<a href=\"/a\" href=\"javascript:x\">two</a>",
	    "<a href=\"/a\">two</a>");
	eq_mode(c, COMMENT, "<a href=\"https://e.org\" rel=\"me\">e</a>",
	    "<a href=\"https://e.org\" rel=\"nofollow ugc noopener\">e</a>");
	eq_mode(c, COMMENT, "<p class=\"bypostauthor\" id=\"respond\">x</p>",
	    "<p>x</p>");
}

/* Elements: scripts and other languages go with their content; any
   other element not on the list loses its tags, never its text. */
static void
test_elements(struct check *c)
{
	eq(c, "a<script>alert(1)</script>b", "ab");
	eq(c, "a<SCRIPT type=x>alert(1)</ScRiPt >b", "ab");
	eq(c, "a<script>never closed", "a");
	eq(c, "<style>p{}</style>x", "x");
	eq(c, "<iframe src=\"https://e.org\">fallback</iframe>x", "x");
	eq(c, "<object data=\"x.swf\"><param name=a>t</object>y", "y");
	eq(c, "<embed src=\"x.swf\">z", "z");
	eq(c, "<svg><script>alert(1)</script></svg>ok", "ok");
	eq(c, "<svg onload=alert(1)><circle r=1 /></svg>ok", "ok");
	eq(c, "<math><mi xlink:href=\"javascript:x\">m</mi></math>ok", "ok");
	eq(c, "<meta http-equiv=refresh content=\"0;url=x\">m", "m");
	eq(c, "<base href=\"https://evil.example/\">b", "b");
	eq(c, "<link rel=stylesheet href=x.css>l", "l");
	eq(c, "<form action=\"javascript:x\"><button formaction="
	    "\"javascript:y\">b</button></form>", "b");
	eq(c, "<form><input type=text name=q value=v><label>L</label>"
	    "<textarea>t</textarea><select><option>o</select></form>x", "Lx");
	eq(c, "<blink>unknown</blink> <marquee>text</marquee> kept",
	    "unknown text kept");
	eq(c, "<p><font color=red face=x>old</font> <center>c</center></p>",
	    "<p>old c</p>");
	eq(c, "<custom-element data-x=1>t</custom-element>", "t");
	eq(c, "<html><head><title>T</title></head><body>b</body></html>", "b");
	eq(c, "<frameset><frame src=x></frameset>f", "f");
	lacks(c, "<scr<script>ipt>alert(1)</script>", "<script");
	lacks(c, "<<script>script>alert(1)<</script>/script>", "<script");
	lacks(c, "<object><embed src=x.swf></object>", "embed");
	lacks(c, "<iframe srcdoc=\"<script>x</script>\"></iframe>", "script");
}

/* Attributes: only the listed ones, URLs of safe schemes only. */
static void
test_attributes(struct check *c)
{
	struct html_sanitize_counts	 removed = { 0 };

	eq(c, "<p data-x=\"1\" unknown=2 title=\"t\">x</p>",
	    "<p title=\"t\">x</p>");
	eq(c, "<a href=\"x\" \"bad=1 a=b>l</a>", "<a href=\"x\">l</a>");
	eq(c, "<p style=\"text-align: center\">c</p>", "<p>c</p>");
	eq(c, "<div style=\"width:expression(alert(1))\">d</div>",
	    "<div>d</div>");
	eq(c, "<a href=\"/x\" target=\"_blank\" onclick=\"x()\">t</a>",
	    "<a href=\"/x\">t</a>");
	eq(c, "<img src=\"a.png\" usemap=\"#m\" ismap longdesc=\"javascript:x\">",
	    "<img src=\"a.png\">");
	eq(c, "<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"java&#x09;script:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"jav&#9;ascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\" \x01javascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"  javascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"java\nscript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"&#x6A&#x61vascript:alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>");
	eq(c, "<a href=javascript:alert(1)>x</a>", "<a>x</a>");
	eq(c, "<a href=\"vbscript:msgbox\">x</a>", "<a>x</a>");
	eq(c, "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
	    "<a>x</a>");
	eq(c, "<img src=\"DATA:image/svg+xml,<svg onload=x>\">", "<img>");
	eq(c, "<img src=\"data:image/png;base64,AAAA\">", "<img>");
	eq(c, "<img srcset=\"a.png 1x, javascript:x 2x\">", "<img>");
	eq(c, "<picture><source srcset=\"a.webp, jav&#x61;script:x 2x\">"
	    "</picture>", "<picture><source></picture>");
	eq(c, "<blockquote cite=\"javascript:x\">q</blockquote>",
	    "<blockquote>q</blockquote>");
	eq(c, "<q cite=\"vbscript:x\">q</q>", "<q>q</q>");
	eq(c, "<video poster=\"javascript:x\" src=\"data:video/mp4,x\">"
	    "</video>", "<video></video>");
	eq(c, "<button formaction=\"javascript:x\">b</button>", "b");
	lacks(c, "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", "javascript");
	lacks(c, "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115"
	    "&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097"
	    "\">x</a>", "href");
	lacks(c, "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;"
	    "&#x70;&#x74;&#x3A;x\">x</a>", "href");
	lacks(c, "<body onload=alert(1)>", "onload");
	lacks(c, "<div/onclick=alert(1)>x</div>", "onclick");
	lacks(c, "<svg/onload=alert(1)>", "onload");
	lacks(c, "<a href=\"\x0bjavascript:x\">x</a>", "javascript");
	lacks(c, "<p STYLE=\"background:url(javascript:x)\">s</p>", "style");
	run(POST, "<script>x</script><img src=a onerror=b>"
	    "<a href=javascript:c>d</a><blink>e</blink>", &removed);
	CHECK(c, removed.elements == 2 && removed.attributes == 2,
	    "removed counts elements %d, attributes %d", removed.elements,
	    removed.attributes);
}

int
main(void)
{
	struct check	 c = { 0 };

	test_kept(&c);
	test_elements(&c);
	test_attributes(&c);
	return check_done(&c);
}
