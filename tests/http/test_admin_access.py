"""test_admin_access.py: who gets into the admin area, and how.

Sessions, logging in and out, login throttling, session expiry, the CSRF
token and origin checks on every admin POST, the headers of admin pages,
GET never changing anything, and the `next` parameter staying on site.

Everything runs against a blog of this module's own (module fixture
`ab`), through nginx, each test with clients (admin_client.Client) that
have a cookie jar and a loopback address of their own. Throttling counts
failures per login and address, per address, and per login over all
addresses (test_trust_login.py), so the tests that fail logins on purpose
do it with users and addresses of their own: an exhausted counter never
locks another test out.
"""
import re
import shutil
import tempfile
import time
import urllib.parse

import pytest

from admin_client import (Client, clear_of_window_edge, form_values,
                          next_addr, session_hash)
from conftest import ADMIN_PASSWORD, make_blog

WRONG = "The login or password is wrong."
NO_SESSION = "Your session has ended"
BAD_TOKEN = "security token is missing or out of date"
FOREIGN = "sent from another site"

# Every admin path that takes a POST (the comment, tag, settings and user
# pages too: the checks are made before any page's own code runs).
POST_PATHS = ["/admin/logout", "/admin/posts/new",
              "/admin/posts/{id}", "/admin/comments", "/admin/comments/1",
              "/admin/tags", "/admin/settings", "/admin/users",
              "/admin/users/1", "/admin/privacy"]
# The posts list takes no POST at all: 405 with Allow (the route table
# owns methods), before any session is looked at.
GET_ONLY = ["/admin/posts", "/admin/"]
# Every admin page a GET needs a session for.
GET_PATHS = ["/admin/", "/admin/posts", "/admin/posts/new",
             "/admin/posts/{id}", "/admin/posts?status=draft&q=a%20b",
             "/admin/posts/new?type=page", "/admin/comments",
             "/admin/comments?status=pending", "/admin/tags",
             "/admin/settings", "/admin/users", "/admin/privacy"]


@pytest.fixture(scope="module")
def ab():
    tmp = tempfile.mkdtemp(prefix="quire-admin-access-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        b.add_post("title: Existing Post\nslug: existing\ntags: Old\n\n"
                   "The body.\n")
        b.post_id = b.sql("SELECT id FROM posts WHERE slug = 'existing'")[0][0]
        b.users = 0
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def new_user(b, role="admin"):
    """A user of this test's own (login, password)."""
    b.users += 1
    login = "user%d" % b.users
    pw = "pass-%d-word" % b.users
    b.quire("user", "add", "--login", login, "--name", "User %d" % b.users,
            "--email", "%s@example.org" % login, "--role", role,
            input=pw + "\n")
    return login, pw


def admin(b):
    c = Client(b)
    c.login()
    return c


def post_row(b):
    return b.sql("SELECT status, title, slug, updated FROM posts "
                 "WHERE id = ?", (b.post_id,))[0]


def counts(b):
    return b.sql("SELECT (SELECT count(*) FROM posts), "
                 "(SELECT count(*) FROM sessions), "
                 "(SELECT count(*) FROM users)")[0]


# -- no session ------------------------------------------------------------

def test_get_without_session_goes_to_login_and_back(ab):
    for path in GET_PATHS:
        path = path.format(id=ab.post_id)
        c = Client(ab)
        r = c.get(path)
        assert r.status == 303, (path, r)
        loc = urllib.parse.urlsplit(r.location)
        assert loc.scheme == "" and loc.netloc == "", r.location
        assert loc.path == "/admin/login", r.location
        q = urllib.parse.parse_qs(loc.query)
        assert q == {"next": [path]}, (path, r.location)
        assert c.session is None
        # The login form carries `next`, and logging in goes there.
        form = c.get(r.location)
        assert form.status == 200
        nxt = form.page().find("input", name="next").attrs["value"]
        assert nxt == path
        back = c.login(next=nxt)
        assert back.location == path, (path, back.location)


def test_post_without_session_is_refused(ab):
    before = counts(ab), post_row(ab)
    for path in POST_PATHS:
        path = path.format(id=ab.post_id)
        c = Client(ab)
        r = c.post(path, {"title": "Sneaky", "body": "x", "status": "publish",
                          "save": "1", "trash": "1", "csrf": "0" * 64})
        assert r.status == 403, (path, r)
        assert NO_SESSION in r.main_text(), path
        assert r.header("Location") is None
    for path in GET_ONLY:
        r = Client(ab).post(path, {"csrf": "0" * 64})
        assert r.status == 405, (path, r)
        assert r.header("Allow") == "GET, HEAD", path
    assert (counts(ab), post_row(ab)) == before


def test_cookie_that_is_not_a_session_is_ignored(ab):
    c = Client(ab)
    for value in ["", "x", "A" * 43, "not base64 at all!", "A" * 400]:
        c.cookies["quire_session"] = value
        r = c.get("/admin/")
        assert r.status == 303, (value, r)
        assert r.location.startswith("/admin/login?")


# -- logging in ------------------------------------------------------------

def test_wrong_password_and_unknown_login_answer_alike(ab):
    login, pw = new_user(ab)
    c = Client(ab)
    wrong = c.post("/admin/login", {"login": login, "password": pw + "x"})
    unknown = c.post("/admin/login", {"login": "nobody-here",
                                      "password": pw})
    # The form again, with the message (admin_login's contract: 200).
    assert wrong.status == unknown.status == 200
    assert WRONG in wrong.main_text()
    assert wrong.main_text() == unknown.main_text()
    # The whole page too, but for the login typed (kept in its field).
    assert (wrong.text.replace('value="%s"' % login, 'value="?"') ==
            unknown.text.replace('value="nobody-here"', 'value="?"'))
    assert wrong.set_cookies() == unknown.set_cookies() == {}
    assert c.session is None
    # ... and the right password does get in, from the same client.
    ok = c.login(login, pw)
    assert ok.location == "/admin/"
    assert c.get("/admin/").status == 200


def test_unknown_login_takes_as_long_as_a_wrong_password(ab):
    """No telling which logins exist by timing: an unknown login costs a
    password hash check too."""
    login, pw = new_user(ab)
    c = Client(ab)

    def timed(name):
        t = time.monotonic()
        r = c.post("/admin/login", {"login": name, "password": "guess-1234"})
        assert WRONG in r.text
        return time.monotonic() - t

    # Not a time budget: the two kinds are compared with each other,
    # taken in turn so that a busy machine slows both alike, and each by
    # its fastest try (load only ever adds time). Without the hash an
    # unknown login takes a small fraction of a known one's time.
    known, unknown = [], []
    for i in range(5):
        known.append(timed(login))
        unknown.append(timed("ghost-%d" % i))
    assert min(unknown) > min(known) * 0.4, (known, unknown)


def test_empty_fields_ask_for_both(ab):
    c = Client(ab)
    r = c.post("/admin/login", {"login": "admin", "password": ""})
    assert r.status == 422
    assert "Please enter your login and password." in r.main_text()
    assert c.session is None


def test_login_case_of_password_matters(ab):
    login, pw = new_user(ab)
    c = Client(ab)
    r = c.post("/admin/login", {"login": login, "password": pw.upper()})
    assert WRONG in r.main_text() and c.session is None


def test_five_failures_for_one_login_throttle_it(ab):
    clear_of_window_edge()
    login, pw = new_user(ab)
    addr = next_addr()
    # Five failures from one address: the count is per login and network
    # (test_trust_login.py: other networks are not locked out by it).
    for i in range(5):
        c = Client(ab, addr=addr)
        r = c.post("/admin/login", {"login": login, "password": "bad%d" % i})
        assert r.status != 429, "throttled after %d failures" % i
        assert WRONG in r.main_text()
    c = Client(ab, addr=addr)
    r = c.post("/admin/login", {"login": login, "password": "bad-again"})
    assert r.status == 429
    retry = r.header("Retry-After")
    assert retry is not None and retry.isdigit(), retry
    assert 0 < int(retry) <= 900
    text = r.main_text()
    assert "Too many failed logins" in text
    assert WRONG not in text
    # The login typed stays in the form.
    assert r.page().find("input", name="login").attrs["value"] == login
    # Even the right password is turned away now, from that network ...
    r = Client(ab, addr=addr).post("/admin/login", {"login": login,
                                                    "password": pw})
    assert r.status == 429 and r.set_cookies() == {}
    # ... and upper case is the same login.
    r = Client(ab, addr=addr).post("/admin/login", {"login": login.upper(),
                                                    "password": pw})
    assert r.status == 429
    # Another login is not affected.
    other = Client(ab)
    other.login()
    assert other.get("/admin/").status == 200


def test_twenty_failures_from_one_address_throttle_it(ab):
    clear_of_window_edge()
    addr = next_addr()
    login, pw = new_user(ab)
    c = Client(ab, addr=addr)
    # 20 failures over 20 logins (never 5 for one): only the address
    # count can stop the 21st.
    for i in range(20):
        r = c.post("/admin/login", {"login": "guess%d" % i,
                                    "password": "nope"})
        assert r.status != 429, "throttled after %d failures" % i
        assert WRONG in r.main_text()
    r = c.post("/admin/login", {"login": "guess-final", "password": "nope"})
    assert r.status == 429
    assert (r.header("Retry-After") or "").isdigit()
    # From this address, even a right password waits ...
    r = Client(ab, addr=addr).post("/admin/login", {"login": login,
                                                    "password": pw})
    assert r.status == 429 and r.set_cookies() == {}
    # ... but not from another.
    other = Client(ab)
    other.login(login, pw)
    assert other.get("/admin/").status == 200


def test_successful_login_sets_a_safe_cookie(ab):
    c = Client(ab)
    r = c.login()
    assert r.location == "/admin/"
    cookies = r.set_cookies()
    assert list(cookies) == ["quire_session"]
    value, attrs = cookies["quire_session"]
    assert "httponly" in attrs
    assert "samesite=lax" in attrs
    assert "path=/" in attrs
    assert "secure" not in attrs        # plain http here
    age = [a for a in attrs if a.startswith("max-age=")]
    assert age and 0 < int(age[0][8:]) <= 90 * 86400, attrs
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), value
    # Only a hash of it is stored.
    h = session_hash(value)
    rows = ab.sql("SELECT hash FROM sessions")
    assert (h,) in rows
    raw = value.encode()
    for (stored,) in rows:
        assert raw not in stored
    assert c.get("/admin/").status == 200


def test_session_id_rotates_on_every_login(ab):
    c = Client(ab)
    c.login()
    first = c.session
    assert c.get("/admin/").status == 200
    c.login()                   # again, sending the first cookie along
    second = c.session
    assert second and second != first
    assert c.get("/admin/").status == 200
    # The first cookie no longer opens anything.
    old = Client(ab)
    old.cookies["quire_session"] = first
    r = old.get("/admin/")
    assert r.status == 303 and r.location.startswith("/admin/login")
    assert ab.sql("SELECT count(*) FROM sessions WHERE hash = ?",
                  (session_hash(first),))[0][0] == 0
    # A cookie planted before logging in (session fixation) is replaced.
    planted = "B" * 43
    v = Client(ab)
    v.cookies["quire_session"] = planted
    v.login()
    assert v.session != planted


def test_logged_in_user_visiting_login_goes_to_dashboard(ab):
    c = admin(ab)
    r = c.get("/admin/login")
    assert r.status == 303 and r.location == "/admin/"


# -- logging out -----------------------------------------------------------

def test_logout_is_post_only_and_ends_the_session_on_the_server(ab):
    c = admin(ab)
    cookie = c.session
    r = c.get("/admin/logout")
    assert r.status == 405
    assert "POST" in (r.header("Allow") or "")
    assert c.get("/admin/").status == 200, "GET /admin/logout logged out"
    token = c.csrf()
    r = c.post("/admin/logout", {"csrf": token})
    assert r.status == 303 and r.location == "/admin/login"
    value, attrs = r.set_cookies()["quire_session"]
    assert value == "" and "max-age=0" in attrs
    assert ab.sql("SELECT count(*) FROM sessions WHERE hash = ?",
                  (session_hash(cookie),))[0][0] == 0
    # Replaying the old cookie (as a copy of it would) gets nowhere.
    replay = Client(ab)
    replay.cookies["quire_session"] = cookie
    r = replay.get("/admin/")
    assert r.status == 303 and r.location.startswith("/admin/login?next=")
    r = replay.post("/admin/posts/new", {"csrf": token, "title": "After",
                                         "save": "1"})
    assert r.status == 403
    assert ab.sql("SELECT count(*) FROM posts WHERE title = 'After'") == \
        [(0,)]


def test_logout_ends_only_its_own_session(ab):
    a = admin(ab)
    b = admin(ab)
    a.post("/admin/logout", {"csrf": a.csrf()})
    assert a.get("/admin/").status == 303
    assert b.get("/admin/").status == 200


# -- expiry ----------------------------------------------------------------

def _age(b, c, column, days):
    b.sql("UPDATE sessions SET %s = %s - ? WHERE hash = ?" % (column, column),
          (days * 86400, session_hash(c.session)))


def test_session_idle_for_13_days_still_works(ab):
    c = admin(ab)
    _age(ab, c, "seen", 13)
    assert c.get("/admin/").status == 200
    # ... and using it counts as activity.
    seen = ab.sql("SELECT seen FROM sessions WHERE hash = ?",
                  (session_hash(c.session),))[0][0]
    assert seen > time.time() - 3600


def test_session_idle_for_15_days_has_ended(ab):
    c = admin(ab)
    cookie = c.session
    _age(ab, c, "seen", 15)
    r = c.get("/admin/posts")
    assert r.status == 303
    assert r.location == "/admin/login?next=%2Fadmin%2Fposts"
    assert ab.sql("SELECT count(*) FROM sessions WHERE hash = ?",
                  (session_hash(cookie),))[0][0] == 0


def test_session_older_than_90_days_has_ended(ab):
    c = admin(ab)
    _age(ab, c, "created", 89)
    assert c.get("/admin/").status == 200
    _age(ab, c, "created", 2)           # 91 days, though seen just now
    r = c.get("/admin/")
    assert r.status == 303 and r.location.startswith("/admin/login?next=")
    r = c.post("/admin/posts/new", {"title": "Late", "save": "1"})
    assert r.status == 403


# -- CSRF and origin -------------------------------------------------------

def _attempt(b, c, path, **extra):
    """A POST to path that would change something if it got through."""
    fields = {"title": "CSRF attempt", "body": "x", "status": "publish",
              "save": "1", "trash": "1"}
    fields.update({k: v for k, v in extra.items() if k != "headers"})
    return c.post(path.format(id=b.post_id), fields,
                  headers=extra.get("headers"))


def _unchanged(b, before):
    assert (counts(b), post_row(b)) == before


def test_every_admin_post_without_token_is_refused(ab):
    c = admin(ab)
    before = counts(ab), post_row(ab)
    for path in POST_PATHS:
        r = _attempt(ab, c, path)
        assert r.status == 403, (path, r)
        assert BAD_TOKEN in r.main_text(), path
    _unchanged(ab, before)
    assert c.get("/admin/").status == 200   # the logout did not happen


def test_every_admin_post_with_a_wrong_token_is_refused(ab):
    c = admin(ab)
    other = admin(ab)
    mine, theirs = c.csrf(), other.csrf()
    assert mine != theirs
    before = counts(ab), post_row(ab)
    wrong = ["", "0" * 64, mine[:-1], mine + "0", mine.upper()
             if mine.upper() != mine else "f" * 64, theirs]
    for path in POST_PATHS:
        for token in wrong:
            r = _attempt(ab, c, path, csrf=token)
            assert r.status == 403, (path, token, r)
            assert BAD_TOKEN in r.main_text()
    _unchanged(ab, before)
    # The token must come in the body, not in the query string.
    r = c.post("/admin/posts/new?csrf=" + mine, {"title": "Query token",
                                                "save": "1"})
    assert r.status == 403
    _unchanged(ab, before)


def test_the_right_token_goes_through(ab):
    """The control for the tests above: the same request with the token."""
    c = admin(ab)
    r = c.post("/admin/posts/new", {"csrf": c.csrf(), "title": "Token ok",
                                    "body": "x", "status": "draft",
                                    "save": "1"},
               headers={"Origin": ab.base, "Referer": ab.base + "/admin/"})
    assert r.status == 303, r.text[:500]
    assert ab.sql("SELECT count(*) FROM posts WHERE title = 'Token ok'") == \
        [(1,)]


def test_foreign_origin_is_refused_even_with_the_token(ab):
    c = admin(ab)
    token = c.csrf()
    before = counts(ab), post_row(ab)
    host = "127.0.0.1:%d" % ab.port
    origins = ["https://evil.example", "null", "http://" + host + ".evil.example",
               "http://" + host + "0", "https://" + host,
               "http://127.0.0.1", "http://evil.example/" + host]
    for path in POST_PATHS:
        for origin in origins:
            r = _attempt(ab, c, path, csrf=token,
                         headers={"Origin": origin})
            assert r.status == 403, (path, origin, r)
            assert FOREIGN in r.main_text()
    _unchanged(ab, before)


def test_foreign_referer_without_origin_is_refused(ab):
    c = admin(ab)
    token = c.csrf()
    before = counts(ab), post_row(ab)
    for path in POST_PATHS:
        for ref in ["https://evil.example/admin/",
                    "http://127.0.0.1:%d.evil.example/" % ab.port]:
            r = _attempt(ab, c, path, csrf=token, headers={"Referer": ref})
            assert r.status == 403, (path, ref, r)
            assert FOREIGN in r.main_text()
    _unchanged(ab, before)
    # The control: a same-site Referer alone is fine.
    r = c.post("/admin/posts/%d" % ab.post_id,
               dict(form_values(c.get("/admin/posts/%d" % ab.post_id)),
                    save="1"),
               headers={"Referer": ab.base + "/admin/posts"})
    assert r.status == 303


def test_login_from_another_site_is_refused(ab):
    c = Client(ab)
    r = c.post("/admin/login", {"login": "admin",
                                "password": ADMIN_PASSWORD},
               headers={"Origin": "https://evil.example"})
    assert r.status == 403 and c.session is None
    r = c.post("/admin/login", {"login": "admin",
                                "password": ADMIN_PASSWORD},
               headers={"Referer": "https://evil.example/x"})
    assert r.status == 403 and c.session is None


# -- headers ---------------------------------------------------------------

def _admin_headers_ok(r, what):
    assert r.header("Cache-Control") == "no-store", (what, r.headers)
    csp = r.header("Content-Security-Policy") or ""
    assert "frame-ancestors 'none'" in csp, (what, csp)
    assert r.header("X-Frame-Options") == "DENY", (what, r.headers)
    assert "'unsafe-inline'" not in csp
    assert r.header("X-Content-Type-Options") == "nosniff"


def test_admin_responses_are_not_cached_or_framed(ab):
    anon = Client(ab)
    for path in ["/admin/login", "/admin/", "/admin/posts"]:
        _admin_headers_ok(anon.get(path), path)
    bad = anon.post("/admin/login", {"login": "x", "password": "y"})
    _admin_headers_ok(bad, "failed login")
    c = Client(ab)
    _admin_headers_ok(c.login(), "login redirect")
    for path, status in [
            ("/admin/", 200), ("/admin/posts", 200),
            ("/admin/posts?status=trash", 200), ("/admin/posts/new", 200),
            ("/admin/posts/%d" % ab.post_id, 200),
            ("/admin/posts/999999", 404), ("/admin/no-such-page", 404),
            ("/admin/logout", 405)]:        # logout is POST only
        r = c.get(path)
        assert r.status == status, (path, r)
        _admin_headers_ok(r, path)
    assert c.get("/admin/logout").header("Allow") == "POST"
    _admin_headers_ok(c.post("/admin/posts/new", {"title": "x"}),
                      "csrf refusal")
    preview = c.post("/admin/posts/new", {"csrf": c.csrf(), "title": "P",
                                          "body": "# H", "preview": "1"})
    assert preview.status == 200
    _admin_headers_ok(preview, "preview")


def test_public_pages_do_not_get_the_admin_headers(ab):
    """The control: the same headers are not just sent everywhere."""
    r = Client(ab).get("/")
    assert r.status == 200
    assert r.header("X-Frame-Options") is None
    assert "frame-ancestors 'none'" not in r.header("Content-Security-Policy")


# -- GET never changes anything --------------------------------------------

def test_get_with_action_parameters_does_nothing(ab):
    c = admin(ab)
    before = counts(ab), post_row(ab)
    q = ("trash=1&delete=1&restore=1&save=1&status=draft&title=Changed&"
         "slug=changed&csrf=" + c.csrf())
    r = c.get("/admin/posts/%d?%s" % (ab.post_id, q))
    assert r.status == 200
    v = form_values(r)
    assert v["title"] == "Existing Post" and v["slug"] == "existing"
    r = c.get("/admin/posts/new?" + q)
    assert r.status == 200
    r = c.get("/admin/posts?" + q)
    assert r.status == 200
    _unchanged(ab, before)
    # HEAD neither.
    assert c.request("HEAD", "/admin/posts/%d?%s" % (ab.post_id, q)).status \
        == 200
    _unchanged(ab, before)
    # The post is still public where it was.
    assert ab.get(_public_url(ab)).status == 200


def _public_url(b):
    r = b.get("/")
    m = re.search(r'href="([^"]*/existing/)"', r.text)
    assert m, "the existing post is not on the home page"
    return urllib.parse.urlsplit(m.group(1)).path


def test_get_login_with_credentials_in_the_query_does_not_log_in(ab):
    c = Client(ab)
    r = c.get("/admin/login?" + urllib.parse.urlencode(
        {"login": "admin", "password": ADMIN_PASSWORD}))
    assert r.status == 200 and c.session is None
    assert c.get("/admin/").status == 303


# -- next= stays on this site ----------------------------------------------

BAD_NEXT = ["//evil.example", "https://evil.example", "/\\evil",
            "/\\/evil.example", "http://127.0.0.1/admin/", "/admin//evil",
            "//evil.example/admin/", "/admin/\\evil", "javascript:alert(1)",
            " /admin/", "/admin/\r\nSet-Cookie: x=y", "/x", ""]


def test_next_cannot_leave_the_admin_area(ab):
    for bad in BAD_NEXT:
        c = Client(ab)
        r = c.login(next=bad)
        assert r.location == "/admin/", (bad, r.location)
        # The form never carries it either.
        page = Client(ab).get("/admin/login?next=" +
                                   urllib.parse.quote(bad, safe=""))
        inp = page.page().find("input", name="next")
        assert inp.attrs["value"] == "/admin/", (bad, inp.attrs)


def test_next_within_the_admin_area_is_kept(ab):
    for good in ["/admin/posts", "/admin/posts?status=draft&q=x%20y",
                 "/admin/posts/%d" % ab.post_id]:
        r = Client(ab).login(next=good)
        assert r.location == good, (good, r.location)
