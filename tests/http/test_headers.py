"""test_headers.py: the headers DESIGN.md's "Security" section asks for,
on every kind of response, and the session cookie's life.

- Every HTML answer of quire (pages, 400/404/405/413/422 error pages,
  admin pages, the 303 after a POST) sends a Content-Security-Policy that
  allows no inline script and no eval, X-Content-Type-Options: nosniff
  and a Referrer-Policy; admin answers also frame-ancestors 'none' (and
  X-Frame-Options: DENY for old browsers) and Cache-Control: no-store.
- Feeds, the sitemap, robots.txt and avatars send nosniff; an avatar (an
  SVG, a document that could run script when opened by itself) a CSP
  that allows nothing; static files from nginx send nosniff.
- The session cookie is HttpOnly, SameSite=Lax, Path=/, and Secure when
  the site is reached over HTTPS: that part runs a second nginx with TLS
  (a throw-away self-signed certificate) in front of the same quire, as
  nginx's fastcgi_params pass HTTPS=on only for a TLS connection.
- The session id changes at every login (an id fixed beforehand by
  someone else is never adopted), and logging out ends the session on the
  server: the old cookie, replayed, opens nothing.
"""
import base64
import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.parse

import pytest

from conftest import (ADMIN_PASSWORD, NGINX, TOP, Response, csp_directives,
                      free_port, make_blog, parse_html)
from procs import track

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def hb():
    tmp = tempfile.mkdtemp(prefix="quire-headers-")
    b = None
    try:
        b = make_blog(tmp, workers=2)
        b.settings(min_fill_seconds=0, flood_seconds=0, rate_limit=10000,
                   moderation="none")
        url = b.add_post("title: Header Post\ndate: 2024-03-01T10:00:00Z\n"
                         "tags: Headers\n\nBody.\n")
        b.post_path = urllib.parse.urlsplit(url).path
        b.post_id = b.sql("SELECT id FROM posts WHERE title = "
                          "'Header Post'")[0][0]
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# -- a client with a cookie jar ---------------------------------------------

class Resp(Response):
    def cookies(self):
        """{name: (value, [attributes, lower-cased])}"""
        out = {}
        for v in self.all("Set-Cookie"):
            parts = [p.strip() for p in v.split(";")]
            name, _, value = parts[0].partition("=")
            out[name] = (value, [p.lower() for p in parts[1:]])
        return out


def request(port, method, path, body=None, headers=None, cookie=None,
            tls=False):
    if tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=15,
                                           context=ctx)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = cookie
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body).encode()
        h.update(FORM)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return Resp(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def login(port, cookie=None, tls=False):
    r = request(port, "POST", "/admin/login", {
        "login": "admin", "password": ADMIN_PASSWORD, "next": "/admin/"},
        cookie=cookie, tls=tls)
    assert r.status == 303, r.status
    return r


def session_of(r):
    value, attrs = r.cookies()["quire_session"]
    return value, attrs


def csrf_of(port, cookie, tls=False):
    r = request(port, "GET", "/admin/", cookie=cookie, tls=tls)
    assert r.status == 200, r.status
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)


def comment_token(b):
    r = request(b.port, "GET", b.post_path)
    return re.search(r'name="token" value="([^"]+)"', r.text).group(1)


# -- what every kind of answer must carry -----------------------------------

def assert_html_security(r, what, admin=False):
    csp = r.header("Content-Security-Policy")
    assert csp, "%s: no Content-Security-Policy" % what
    d = csp_directives(csp)
    scripts = d.get("script-src", d.get("default-src"))
    assert scripts is not None, "%s: CSP leaves scripts open: %s" % (
        what, csp)
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:",
                "https:", "blob:"):
        assert bad not in scripts, "%s: script source %s in %s" % (
            what, bad, csp)
    assert d.get("object-src") == ["'none'"], (what, csp)
    assert d.get("base-uri") in (["'none'"], ["'self'"]), (what, csp)
    assert "frame-ancestors" in d, (what, csp)
    assert r.header("X-Content-Type-Options") == "nosniff", what
    assert r.header("Referrer-Policy") in (
        "no-referrer", "same-origin", "strict-origin",
        "strict-origin-when-cross-origin"), what
    assert r.header("X-Powered-By") is None, what
    assert r.header("Server") in (None, "nginx"), what     # no version
    if admin:
        assert d["frame-ancestors"] == ["'none'"], (what, csp)
        assert r.header("X-Frame-Options") == "DENY", what
        assert r.header("Cache-Control") == "no-store", what
    else:
        assert d["frame-ancestors"] in (["'none'"], ["'self'"]), (what, csp)


def assert_nosniff(r, what):
    assert r.header("X-Content-Type-Options") == "nosniff", what
    assert r.header("X-Powered-By") is None, what
    assert r.header("Server") in (None, "nginx"), what


PUBLIC_HTML = [
    ("home", "GET", "/", None, 200),
    ("a post (with a form)", "GET", "/2024/03/header-post/", None, 200),
    ("a tag page", "GET", "/tag/headers/", None, 200),
    ("the tag list", "GET", "/tags/", None, 200),
    ("search results", "GET", "/search?q=body", None, 200),
    ("a date archive", "GET", "/2024/", None, 200),
    ("404", "GET", "/no-such-page/", None, 404),
    ("404 post", "GET", "/2024/03/no-such-post/", None, 404),
    ("405", "POST", "/tags/", b"a=1", 405),
    ("400 path", "GET", "/%C0%AF/", None, 400),
    ("400 query", "GET", "/search?q=%FF", None, 400),
    ("400 form", "POST", "/comment", b"author=%zz", 400),
    ("413 comment", "POST", "/comment", b"comment=" + b"a" * 70000, 413),
    ("422 comment", "POST", "/comment", b"author=a&comment_post_ID=0", 422),
    ("403 comment edit", "GET", "/comment/edit?c=1", None, 403),
    ("HEAD of a page", "HEAD", "/", None, 200),
]


@pytest.mark.parametrize("name,method,path,body,status", PUBLIC_HTML,
                         ids=[c[0] for c in PUBLIC_HTML])
def test_public_html_answers(hb, name, method, path, body, status):
    r = request(hb.port, method, path, body,
                FORM if body is not None else None)
    assert r.status == status, (name, r.status)
    assert r.header("Content-Type") == "text/html; charset=utf-8", name
    assert_html_security(r, name)
    if status == 405:
        assert r.header("Allow") == "GET, HEAD"
    if status >= 400:
        assert r.header("Cache-Control") == "no-store", name


@pytest.mark.parametrize("path,ctype", [
    ("/feed/", "application/atom+xml"),
    ("/comments/feed/", "application/atom+xml"),
    ("/tag/headers/feed/", "application/atom+xml"),
    ("/2024/03/header-post/feed/", "application/atom+xml"),
    ("/sitemap.xml", "application/xml"),
    ("/robots.txt", "text/plain"),
])
def test_feeds_and_text(hb, path, ctype):
    r = request(hb.port, "GET", path)
    assert r.status == 200, path
    assert r.header("Content-Type").split(";")[0] == ctype, path
    assert_nosniff(r, path)


def test_avatar_svg(hb):
    # An avatar is shown beside comments; ask for one by its hash.
    r = request(hb.port, "GET", "/avatar/" + "0" * 32 + ".svg")
    assert r.status == 200, r.status
    assert r.header("Content-Type") == "image/svg+xml"
    assert_nosniff(r, "avatar")
    csp = csp_directives(r.header("Content-Security-Policy") or "")
    assert csp.get("default-src") == ["'none'"], r.header(
        "Content-Security-Policy")
    assert "script-src" not in csp
    assert b"<script" not in r.body


def test_static_css_via_nginx(hb):
    r = request(hb.port, "GET", "/static/style.css")
    assert r.status == 200
    assert r.header("Content-Type") == "text/css"
    assert_nosniff(r, "style.css")


def test_303_after_a_comment(hb):
    r = request(hb.port, "POST", "/comment", {
        "author": "Header Tester", "email": "h@example.org", "url": "",
        "comment": "A comment for the headers.",
        "comment_post_ID": str(hb.post_id), "comment_parent": "0",
        "token": comment_token(hb), "wp-comment-cookies-consent": "yes"})
    assert r.status == 303, r.status
    assert r.header("Location").startswith(hb.base + hb.post_path) or \
        r.header("Location").startswith(hb.post_path)
    assert r.header("Cache-Control") == "no-store"
    assert_nosniff(r, "303")
    # The commenter's cookies: not for scripts, not sent cross-site.
    cookies = r.cookies()
    assert {"quire_own", "comment_author", "comment_author_email",
            "comment_author_url"} <= set(cookies), cookies
    for name, (_, attrs) in cookies.items():
        assert "httponly" in attrs, name
        assert "samesite=lax" in attrs, name
        assert "path=/" in attrs, name
        assert "secure" not in attrs, name      # plain HTTP here


ADMIN_PAGES = [("/admin/", "Dashboard"), ("/admin/posts", "Posts"),
               ("/admin/posts/new", "New Post"),
               ("/admin/comments", "Comments"), ("/admin/tags", "Tags"),
               ("/admin/settings", "Settings"), ("/admin/users", "Users")]


@pytest.mark.parametrize("path,heading", ADMIN_PAGES)
def test_admin_pages(hb, path, heading):
    """Every admin page, signed in: the page itself (its heading), with
    the admin's security headers."""
    cookie = "quire_session=" + session_of(login(hb.port))[0]
    r = request(hb.port, "GET", path, cookie=cookie)
    assert r.status == 200, (path, r.status)
    h1 = parse_html(r.body.decode("utf-8")).find("h1")
    assert h1 is not None and h1.text() == heading, (path, h1)
    assert_html_security(r, path, admin=True)


@pytest.mark.parametrize("name,method,path,body,status", [
    ("login form", "GET", "/admin/login", None, 200),
    ("303 to the login", "GET", "/admin/posts", None, 303),
    ("403 POST without a session", "POST", "/admin/posts/new", b"a=1",
     403),
    ("405 POST to a list", "POST", "/admin/posts", b"a=1", 405),
    ("404 under /admin/", "GET", "/admin/no-such", None, 404),
    ("405 under /admin/", "GET", "/admin/logout", None, 405),
    ("422 login", "POST", "/admin/login", b"login=&password=", 422),
])
def test_admin_answers_without_a_session(hb, name, method, path, body,
                                         status):
    r = request(hb.port, method, path, body,
                FORM if body is not None else None)
    assert r.status == status, (name, r.status)
    assert_html_security(r, name, admin=True)


# -- the session cookie -------------------------------------------------------

def test_session_cookie_flags(hb):
    value, attrs = session_of(login(hb.port))
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), value   # 32 bytes
    assert "httponly" in attrs
    assert "samesite=lax" in attrs
    assert "path=/" in attrs
    assert "secure" not in attrs        # plain HTTP: the browser would drop
    assert any(a.startswith("max-age=") and int(a[8:]) > 0 for a in attrs)
    # Only its hash is stored.
    rows = hb.sql("SELECT hash FROM sessions")
    raw = base64.urlsafe_b64decode(value + "=")
    assert all(bytes(h) != raw and value.encode() not in bytes(h)
               for (h,) in rows)


def test_session_rotated_at_login(hb):
    first, _ = session_of(login(hb.port))
    c1 = "quire_session=" + first
    assert request(hb.port, "GET", "/admin/", cookie=c1).status == 200
    # Logging in again from the same browser: a new id, the old one gone.
    second, _ = session_of(login(hb.port, cookie=c1))
    assert second != first
    assert request(hb.port, "GET", "/admin/", cookie=c1).status == 303
    assert request(hb.port, "GET", "/admin/",
                   cookie="quire_session=" + second).status == 200


def test_fixed_session_id_is_never_adopted(hb):
    """Someone plants a cookie of their choosing before the login: the
    login answers with an id of its own, and the planted one opens
    nothing."""
    planted = "A" * 43
    r = login(hb.port, cookie="quire_session=" + planted)
    got, _ = session_of(r)
    assert got != planted
    assert request(hb.port, "GET", "/admin/",
                   cookie="quire_session=" + planted).status == 303


def test_logout_ends_the_session_on_the_server(hb):
    value, _ = session_of(login(hb.port))
    cookie = "quire_session=" + value
    before = hb.sql("SELECT count(*) FROM sessions")[0][0]
    csrf = csrf_of(hb.port, cookie)
    r = request(hb.port, "POST", "/admin/logout", {"csrf": csrf},
                cookie=cookie)
    assert r.status == 303
    assert r.header("Location").endswith("/admin/login")
    gone, attrs = session_of(r)
    assert gone == "" and "max-age=0" in attrs
    assert hb.sql("SELECT count(*) FROM sessions")[0][0] == before - 1
    # The old cookie, replayed (as a copy of it could be), opens nothing.
    for path in ("/admin/", "/admin/posts", "/admin/settings"):
        r = request(hb.port, "GET", path, cookie=cookie)
        assert r.status == 303, (path, r.status)
        assert r.header("Location").startswith("/admin/login")
    r = request(hb.port, "POST", "/admin/tags", {
        "csrf": csrf, "action": "delete", "id": "1"}, cookie=cookie)
    assert r.status == 403


def test_logout_needs_the_csrf_token(hb):
    value, _ = session_of(login(hb.port))
    cookie = "quire_session=" + value
    r = request(hb.port, "POST", "/admin/logout", {"csrf": "0" * 64},
                cookie=cookie)
    assert r.status == 403
    assert request(hb.port, "GET", "/admin/", cookie=cookie).status == 200


# -- over HTTPS ----------------------------------------------------------------

@pytest.fixture(scope="module")
def tls(hb):
    """A second nginx in front of the same quire, over TLS, with a
    certificate made for the test."""
    d = os.path.join(hb.tmp, "tls")
    os.makedirs(d, exist_ok=True)
    crt, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    p = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-keyout", key, "-out", crt, "-days", "1", "-subj",
         "/CN=127.0.0.1"], capture_output=True, text=True)
    if p.returncode != 0:
        pytest.skip("openssl could not make a certificate: " + p.stderr)
    port = free_port()
    conf = subprocess.run(
        ["sh", os.path.join(TOP, "contrib", "nginx-local.sh"), d,
         str(port), hb.sock, os.path.join(TOP, "static"),
         str(hb.workers)], capture_output=True, text=True,
        check=True).stdout
    listen = "listen 127.0.0.1:%d;" % port
    assert listen in conf
    conf = conf.replace(listen, "listen 127.0.0.1:%d ssl;\n"
                        "\tssl_certificate %s;\n\tssl_certificate_key %s;"
                        % (port, crt, key))
    with open(os.path.join(d, "nginx.conf"), "w") as f:
        f.write(conf)
    proc = track(subprocess.Popen(
        [NGINX, "-p", d, "-c", os.path.join(d, "nginx.conf"), "-e",
         os.path.join(d, "nginx.err"), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL))
    try:
        deadline = time.time() + 10
        while True:
            try:
                request(port, "GET", "/robots.txt", tls=True)
                break
            except (OSError, ssl.SSLError):
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("nginx with TLS did not start")
                time.sleep(0.05)
        yield port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_session_cookie_is_secure_over_https(hb, tls):
    r = login(tls, tls=True)
    value, attrs = session_of(r)
    assert "secure" in attrs and "httponly" in attrs and \
        "samesite=lax" in attrs, attrs
    cookie = "quire_session=" + value
    page = request(tls, "GET", "/admin/", cookie=cookie, tls=True)
    assert page.status == 200
    assert_html_security(page, "admin over https", admin=True)
    # Logging out over HTTPS clears it with the same flags.
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"',
                     page.text).group(1)
    out = request(tls, "POST", "/admin/logout", {"csrf": csrf},
                  cookie=cookie, tls=True)
    assert out.status == 303
    gone, attrs = session_of(out)
    assert gone == "" and "secure" in attrs


def test_comment_cookies_are_secure_over_https(hb, tls):
    page = request(tls, "GET", hb.post_path, tls=True)
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    r = request(tls, "POST", "/comment", {
        "author": "Secure Tester", "email": "s@example.org", "url": "",
        "comment": "Over TLS.", "comment_post_ID": str(hb.post_id),
        "comment_parent": "0", "token": token,
        "wp-comment-cookies-consent": "yes"}, tls=True)
    assert r.status == 303, r.status
    cookies = r.cookies()
    assert "quire_own" in cookies
    for name, (_, attrs) in cookies.items():
        assert "secure" in attrs and "httponly" in attrs, (name, attrs)
