"""test_protocol.py: HTTP as quire speaks it behind nginx: methods,
malformed and hostile requests, conditional GET, caching and security
headers. Every hostile request is followed by a normal one that must
still be answered."""
import email.utils
import re
import socket
import urllib.parse

import pytest

from conftest import csp_directives, parse_html

LIST_PAGES = ["/", "/page/2/", "/tag/running/", "/tag/running/page/2/",
              "/tags/", "/2024/", "/2024/01/", "/author/admin/"]
HTML_PAGES = LIST_PAGES + ["/2024/05/finding-the-knots/", "/about/"]


def assert_alive(blog):
    """The site still answers a normal request normally."""
    r = blog.get("/")
    assert r.status == 200, "after a hostile request: GET / is %d\n%s" % (
        r.status, blog.log()[-2000:])
    assert "Finding The Knots" in r.text


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", raw)
    assert m, "no HTTP status line in %r" % raw[:200]
    return int(m.group(1))


def headers_of(raw):
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    out = {}
    for line in head.split("\r\n")[1:]:
        k, _, v = line.partition(":")
        out.setdefault(k.strip().lower(), []).append(v.strip())
    return out


# -- methods ---------------------------------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH",
                                    "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/page/2/", "/tags/", "/tag/running/",
                                  "/2024/05/finding-the-knots/", "/about/",
                                  "/2024/"])
def test_wrong_method_is_405_with_allow(blog, method, path):
    body = b"a=1" if method in ("POST", "PUT", "PATCH") else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} \
        if body else {}
    r = blog.request(method, path, body=body, headers=headers)
    assert r.status == 405, "%s %s: %d" % (method, path, r.status)
    assert r.header("Allow") == "GET, HEAD"
    if method != "OPTIONS" or r.body:
        doc = parse_html(r.text)
        assert doc.find("h1").text() == "Method not allowed"
        assert doc.find("p", cls="site-title").text() == "Test Blog"


def test_unknown_method_is_not_5xx(blog):
    raw = blog.raw(b"FROB / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   b"Connection: close\r\n\r\n")
    assert 400 <= status_of(raw) < 500
    assert_alive(blog)


# -- malformed requests ------------------------------------------------------

# (path, does it reach quire?) nginx refuses some escapes itself; the rest
# quire must refuse with its own themed 400 page.
MALFORMED = [
    ("/tag/%ZZ/", False),           # not an escape: nginx says 400
    ("/tag/a%00b/", False),         # NUL: nginx says 400
    ("/%C0%AF/", True),             # overlong UTF-8 for '/'
    ("/tag/%E2%82/", True),         # truncated UTF-8 sequence
    ("/tag/%FF/", True),            # never valid in UTF-8
    ("/tag/%ED%A0%80/", True),      # a UTF-16 surrogate
    ("/tag/a%0Ab/", True),          # a newline in the path
    ("/tag/a%7Fb/", True),          # DEL
    ("/tag/%2E%2E/", None),         # ".." spelled with escapes
    ("/?q=%ZZ", True),              # bad escape in the query
    ("/?q=%", True),                # truncated escape in the query
    ("/?%FF=1", True),              # query key not UTF-8
]


@pytest.mark.parametrize("path,reaches_quire", MALFORMED)
def test_malformed_escapes_are_400(blog, path, reaches_quire):
    r = blog.get(path)
    assert r.status == 400, "GET %s: %d" % (path, r.status)
    if reaches_quire:
        doc = parse_html(r.text)
        assert doc.find("title").text() == "Bad Request \u2013 Test Blog"
        assert doc.find("h1").text() == "Bad Request"
        assert r.header("Cache-Control") == "no-store"
    assert_alive(blog)


def test_encoded_slash_in_segment_is_refused(blog):
    r = blog.get("/tag/a%2Fb/")
    assert r.status == 400, r.status
    assert parse_html(r.text).find("h1").text() == "Bad Request"
    assert_alive(blog)


def test_oversized_body_is_413(blog):
    r = blog.request("POST", "/", body=b"a" * (1024 * 1024 + 1),
                     headers={"Content-Type":
                              "application/x-www-form-urlencoded"})
    assert r.status == 413
    assert_alive(blog)
    # Below the limit the body is read and the method refused.
    r = blog.request("POST", "/", body=b"a=" + b"b" * 1000,
                     headers={"Content-Type":
                              "application/x-www-form-urlencoded"})
    assert r.status == 405


def test_stalled_bodies_do_not_tie_up_workers(blog):
    """Clients that send headers and part of a body, then stall, are
    nginx's to wait for: quire's workers (2 here) keep answering."""
    socks = []
    try:
        for _ in range(blog.workers + 2):
            s = socket.create_connection(("127.0.0.1", blog.port), 5)
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: 100000\r\n\r\nauthor=a&comment=")
            socks.append(s)
        for _ in range(blog.workers + 2):
            assert_alive(blog)
    finally:
        for s in socks:
            s.close()
    assert_alive(blog)


# -- hostile but well-formed requests ----------------------------------------

HOSTILE = {
    "huge query": lambda b: b.get("/?q=" + "a" * 7000),
    "query past nginx's limit": lambda b: b.get("/?q=" + "a" * 20000),
    "many parameters": lambda b: b.get("/?" + "&".join(
        "p%d=%d" % (i, i) for i in range(900))),
    "one parameter many times": lambda b: b.get("/tags/?" + "a=1&" * 1500),
    "invalid UTF-8 in query value": lambda b: b.get("/?q=%FF%FE%C0%AF"),
    "NUL in query value": lambda b: b.get("/?q=a%00b"),
    "many cookies": lambda b: b.get("/", headers={"Cookie": "; ".join(
        "c%d=%s" % (i, "v" * 20) for i in range(99))}),
    "more cookies than any browser": lambda b: b.get("/", headers={
        "Cookie": "; ".join("c%d=v" % i for i in range(400))}),
    "cookie header past nginx's limit": lambda b: b.get("/", headers={
        "Cookie": "a=" + "x" * 12000}),
    "garbage cookie": lambda b: b.get("/", headers={
        "Cookie": ";;;=;==;\x01a=b; \"\"=; a"}),
    "long path segment": lambda b: b.get("/tag/" + "x" * 6000 + "/"),
    "deep path": lambda b: b.get("/a" * 2000 + "/"),
    "empty segments": lambda b: b.get("//////"),
    "huge If-None-Match": lambda b: b.get("/tags/", headers={
        "If-None-Match": ", ".join('"%016x"' % i for i in range(300))}),
    "bad If-Modified-Since": lambda b: b.get("/", headers={
        "If-Modified-Since": "Tue, 99 Foo 99999 99:99:99 GMT"}),
    "backslashes": lambda b: b.get("/%5C%5C/%5C"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_request_never_5xx(blog, name):
    r = HOSTILE[name](blog)
    assert r.status < 500, "%s: %d\n%s" % (name, r.status, blog.log()[-2000:])
    assert_alive(blog)


def test_hostile_query_does_not_change_the_page(blog):
    plain = blog.get("/tags/")
    for q in ("?q=" + "a" * 7000, "?q=%FF%FE", "?" + "a=1&" * 500):
        r = blog.get("/tags/" + q)
        assert r.status == 200
        assert r.body == plain.body


@pytest.mark.parametrize("raw", [
    b"GET /?q=\xff\xfe\xc0 HTTP/1.1\r\n",          # raw bytes, not escapes
    b"GET /tag/\xff\xfe/ HTTP/1.1\r\n",
    b"GET /?q=\xe2\x82 HTTP/1.1\r\n",
    b"GET /tags/ HTTP/1.1\r\nUser-Agent: \xff\xfe\x00x\r\n",
    b"GET /tags/ HTTP/1.1\r\nReferer: \xc0\xaf\r\n",
    b"GET /tags/ HTTP/1.0\r\n",                     # no Host
    b"GET / HTTP/1.1\r\nHost: " + b"h" * 5000 + b"\r\n",
])
def test_raw_invalid_bytes_never_5xx(blog, raw):
    if b"Host:" not in raw:
        raw += b"Host: 127.0.0.1\r\n"
    resp = blog.raw(raw + b"Connection: close\r\n\r\n")
    assert 200 <= status_of(resp) < 500, resp[:300]
    assert_alive(blog)


# -- redirects must stay on the site -----------------------------------------

@pytest.mark.parametrize("path,location", [
    ("/%5Cevil.example", "/%5Cevil.example/"),
    ("/%5C%5Cevil.example", "/%5C%5Cevil.example/"),
    ("/a%3Fb", "/a%3Fb/"),
    ("/a%23b", "/a%23b/"),
    ("/caf%C3%A9", "/caf%C3%A9/"),
    ("/tag/running", "/tag/running/"),
    ("/tags?x=1", "/tags/?x=1"),
])
def test_slash_redirect_stays_on_site(blog, path, location):
    """A missing '/' is added; the Location is the same path, encoded as
    sent: never one a browser reads as another host (/\\host is //host)."""
    r = blog.get(path)
    assert r.status == 301
    loc = r.header("Location")
    assert loc == location or loc == blog.base + location, loc
    target = urllib.parse.urlsplit(
        urllib.parse.urljoin(blog.base + "/", loc.replace("\\", "/")))
    assert target.netloc == "127.0.0.1:%d" % blog.port


def test_header_injection_through_the_path(blog):
    r = blog.get("/x%0D%0ASet-Cookie:%20evil=1")
    assert r.status == 400
    assert r.header("Set-Cookie") is None
    r = blog.get("/x%0D%0ASet-Cookie:%20evil=1/")
    assert r.header("Set-Cookie") is None
    assert_alive(blog)


# -- conditional GET --------------------------------------------------------

@pytest.mark.parametrize("path", LIST_PAGES)
def test_list_pages_have_etag_and_answer_304(blog, path):
    r = blog.get(path)
    assert r.status == 200
    etag = r.header("ETag")
    assert etag is not None and re.fullmatch(r'"[0-9a-f]{8,}"', etag), etag
    assert r.header("Cache-Control") == "no-cache"
    # The same page again: the same ETag (it is the content's).
    assert blog.get(path).header("ETag") == etag
    c = blog.get(path, headers={"If-None-Match": etag})
    assert c.status == 304
    assert c.body == b""
    assert c.header("ETag") == etag
    # HEAD too.
    h = blog.request("HEAD", path, headers={"If-None-Match": etag})
    assert h.status == 304 and h.body == b""


def test_if_none_match_forms(blog):
    etag = blog.get("/tags/").header("ETag")
    for inm, want in [
            (etag, 304),
            ("W/" + etag, 304),                 # weak comparison
            ('"0000000000000000", ' + etag, 304),
            ('"0000000000000000"', 200),
            ('"' + etag.strip('"')[:-1] + '"', 200),   # a prefix of it
            (etag.strip('"'), 200),             # unquoted: not the tag
            ("*", 304)]:
        r = blog.get("/tags/", headers={"If-None-Match": inm})
        assert r.status == want, "If-None-Match: %s gave %d" % (inm, r.status)
        if want == 200:
            assert b"Tag Archives" not in r.body and b"14 posts" in r.body


def test_etags_differ_between_pages(blog):
    tags = {blog.get(p).header("ETag") for p in LIST_PAGES}
    assert len(tags) == len(LIST_PAGES)
    # And a page's ETag does not answer for another page.
    etag = blog.get("/tag/knees/").header("ETag")
    assert blog.get("/tag/ims/", headers={"If-None-Match": etag}).status == 200


def test_etag_changes_when_content_changes(empty_blog):
    b = empty_blog
    b.add_post("title: First\ndate: 2024-01-01T12:00:00Z\ntags: Alpha\n\nx\n")
    old = {p: b.get(p).header("ETag") for p in ("/", "/tags/", "/tag/alpha/")}
    assert all(old.values())
    b.add_post("title: Second\ndate: 2024-02-01T12:00:00Z\ntags: Alpha\n\ny\n")
    for path, etag in old.items():
        r = b.get(path, headers={"If-None-Match": etag})
        assert r.status == 200, "%s: 304 for the page before the change" % path
        assert r.header("ETag") != etag
    assert "Second" in b.get("/").text
    assert "2 posts" in b.get("/tags/").text


def quiet_clock(b, seconds=30):
    """As on a blog whose content was loaded a while ago: loading many
    rows moves the change clock a second per row, ahead of time, and
    Last-Modified is never claimed later than now (RFC 9110), so a 304
    for If-Modified-Since alone waits until time has caught up."""
    b.sql("UPDATE site_state SET changed = CAST(strftime('%s', 'now') "
          "AS INTEGER) - ?", (seconds,))


def test_last_modified_and_if_modified_since(blog):
    quiet_clock(blog)
    r = blog.get("/")
    lm = r.header("Last-Modified")
    assert lm is not None
    t = email.utils.parsedate_to_datetime(lm)
    assert t.tzinfo is not None and lm.endswith(" GMT")
    c = blog.get("/", headers={"If-Modified-Since": lm})
    assert c.status == 304 and c.body == b""
    later = email.utils.format_datetime(
        email.utils.parsedate_to_datetime(lm).replace(year=t.year + 1),
        usegmt=True)
    assert blog.get("/", headers={"If-Modified-Since": later}).status == 304
    earlier = email.utils.format_datetime(
        email.utils.parsedate_to_datetime(lm).replace(year=t.year - 1),
        usegmt=True)
    r = blog.get("/", headers={"If-Modified-Since": earlier})
    assert r.status == 200 and b"Finding The Knots" in r.body
    # If-None-Match wins over If-Modified-Since.
    r = blog.get("/", headers={"If-Modified-Since": lm,
                               "If-None-Match": '"0000000000000000"'})
    assert r.status == 200


def test_if_modified_since_after_a_change_is_200(empty_blog):
    """A page that changed since Last-Modified is not 304: here /tag/alpha/
    gains the new post in its "Recent Posts" sidebar."""
    b = empty_blog
    b.add_post("title: Tagged\ndate: 2024-01-01T12:00:00Z\ntags: Alpha\n\nx\n")
    # As if it was written a minute ago (no need to wait for the clock).
    b.sql("UPDATE posts SET created = created - 60, updated = updated - 60")
    quiet_clock(b, 60)
    before = b.get("/tag/alpha/")
    lm = before.header("Last-Modified")
    assert lm is not None
    assert b.get("/tag/alpha/", headers={
        "If-Modified-Since": lm}).status == 304
    b.add_post("title: Untagged Newer\ndate: 2024-02-01T12:00:00Z\n\ny\n")
    after = b.get("/tag/alpha/")
    assert after.body != before.body and "Untagged Newer" in after.text
    r = b.get("/tag/alpha/", headers={"If-Modified-Since": lm})
    assert r.status == 200, (
        "/tag/alpha/ changed (its sidebar lists the new post) but "
        "If-Modified-Since: %s still gets 304: Last-Modified %s is only the "
        "newest listed post's time, not the page's" % (
            lm, after.header("Last-Modified")))


# -- headers ---------------------------------------------------------------

SECURITY_CASES = HTML_PAGES + ["/no-such-page/", "/%C0%AF/"]


@pytest.mark.parametrize("path", SECURITY_CASES)
def test_security_headers_on_html(blog, path):
    r = blog.get(path)
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    csp = r.header("Content-Security-Policy")
    assert csp, "no Content-Security-Policy on %s" % path
    d = csp_directives(csp)
    scripts = d.get("script-src", d.get("default-src"))
    assert scripts is not None, "CSP does not restrict scripts: %s" % csp
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "data:" not in scripts
    assert d.get("object-src") == ["'none'"]
    assert "base-uri" in d and "frame-ancestors" in d
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Referrer-Policy") in (
        "no-referrer", "same-origin", "strict-origin",
        "strict-origin-when-cross-origin")
    assert r.header("X-Powered-By") is None
    assert r.header("Server") in (None, "nginx")   # no version


def test_no_inline_script_in_pages(blog):
    for path in HTML_PAGES:
        doc = parse_html(blog.get(path).text)
        for s in doc.find_all("script"):
            assert s.attrs.get("src"), "inline <script> on %s" % path
        for n in doc.iter():
            for k in n.attrs:
                assert not k.startswith("on"), "%s= on %s" % (k, path)


@pytest.mark.parametrize("path,want", [
    ("/", "no-cache"), ("/tags/", "no-cache"), ("/tag/running/", "no-cache"),
    ("/2024/", "no-cache"), ("/author/admin/", "no-cache"),
    ("/no-such-page/", "no-store"), ("/about", "no-store"),
    ("/page/1/", "no-store"), ("/%C0%AF/", "no-store")])
def test_cache_control(blog, path, want):
    r = blog.get(path)
    assert r.header("Cache-Control") == want, "%s: %s" % (
        path, r.header("Cache-Control"))


@pytest.mark.parametrize("path", ["/2024/05/finding-the-knots/",
                                  "/about/"])
def test_pages_with_a_comment_form_are_private_and_never_304(blog, path):
    """Each view carries a fresh anti-spam token: no shared cache may keep
    the page, and no validator may let a browser reuse an old one."""
    r = blog.get(path)
    assert r.status == 200
    assert "<form" in r.text, "no comment form on %s" % path
    assert r.header("Cache-Control") == "private, no-cache"
    assert r.header("ETag") is None
    assert r.header("Last-Modified") is None
    for h in ({"If-None-Match": "*"},
              {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}):
        c = blog.get(path, headers=h)
        assert c.status == 200 and b"<form" in c.body, h


def test_static_files_cached_by_nginx(blog):
    r = blog.get("/static/style.css")
    assert r.status == 200
    assert r.header("Content-Type") == "text/css"
    assert r.header("Cache-Control") == "max-age=86400"
    assert r.header("X-Content-Type-Options") == "nosniff"


def test_errors_do_not_leak_internals(blog):
    for path in ("/%C0%AF/", "/no-such/", "/tag/%FF/"):
        r = blog.get(path)
        for s in (b"sqlite", b"SQLITE", b".c:", b"Traceback", b"quire.db"):
            assert s not in r.body, (path, s)


def test_unread_bodies_do_not_poison_kept_connections(blog):
    """A POST answered without reading its body (405, 404, 413) must not
    leave stdin records on the kept FastCGI connection: the requests after
    it are answered normally, never 502."""
    body = b"x=" + b"a" * (100 * 1024)
    hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
    for i in range(12):
        r = blog.request("POST", "/tags/", body=body, headers=hdrs)
        assert r.status == 405, r.status
        r = blog.request("POST", "/no-such-page/", body=body, headers=hdrs)
        # /SLUG/ (a page) is GET and HEAD only, found or not.
        assert r.status == 405, r.status
        assert r.header("Allow") == "GET, HEAD"
        r = blog.request("POST", "/comment", body=body, headers=hdrs)
        assert r.status == 413, r.status
        r = blog.get("/tags/")
        assert r.status == 200, "request %d after unread bodies: %d" % (
            i, r.status)
