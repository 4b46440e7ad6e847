"""test_trust_login.py: issue 14's findings 5 and 13, through real nginx.

Login throttling counts per login and network, per network over all
logins, and per login over all networks (which never refuses a network
that has not failed); the dashboard lists what waits (held comments with
their moderation buttons, drafts), an author's own only; Last-Modified
stays put, never later than now, and answers If-Modified-Since with 304
while the change clock runs ahead of the wall clock; a redirect never
copies a query (or path) kilobytes long into its Location.

A blog of this module's own (fixture `tb`); clients bind loopback source
addresses of their own (127.0.0.N, which nginx passes on as REMOTE_ADDR),
each acting as another person or network.
"""
import email.utils
import shutil
import time
import tempfile

import pytest

from admin_client import Client, clear_of_window_edge
from conftest import make_blog

WRONG = "The login or password is wrong."
THROTTLED = "Too many failed logins"


@pytest.fixture(scope="module")
def tb():
    tmp = tempfile.mkdtemp(prefix="quire-trust-login-")
    # Tier 1: quire's own answers (Last-Modified is quire's, not that of
    # nginx's page files).
    b = make_blog(tmp, content=False, pages=False)
    b.add_post("title: In The News\ntags: News\n\nA post tagged News.\n")
    b.users = 0
    yield b
    b.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def new_user(b, role="admin"):
    """A user of the test's own: (login, password)."""
    b.users += 1
    login = "trust%d" % b.users
    pw = "pass-%d-word" % b.users
    b.quire("user", "add", "--login", login, "--name", "Trust %d" % b.users,
            "--email", "%s@example.org" % login, "--role", role,
            input=pw + "\n")
    return login, pw


def try_login(addr, b, login, pw):
    return Client(b, addr=addr).post("/admin/login",
                                     {"login": login, "password": pw})


def assert_throttled(r, login):
    assert r.status == 429, r
    retry = r.header("Retry-After")
    assert retry is not None and retry.isdigit(), retry
    assert int(retry) > 0
    text = r.main_text()
    assert THROTTLED in text and "try again" in text
    assert WRONG not in text
    assert r.page().find("input", name="login").attrs["value"] == login
    assert r.set_cookies() == {}


def assert_logged_in(r):
    assert r.status == 303, r
    assert r.location.endswith("/admin/")
    assert "quire_session" in r.set_cookies()


# -- finding 5: one attacker must not lock the owner out --------------------

def test_failures_from_one_network_do_not_lock_out_another(tb):
    clear_of_window_edge()
    login, pw = new_user(tb)
    for i in range(5):
        r = try_login("127.0.0.2", tb, login, "wrong%d" % i)
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    r = try_login("127.0.0.2", tb, login, "wrong5")
    assert_throttled(r, login)
    assert int(r.header("Retry-After")) <= 900
    # The owner, on a network of their own, gets in.
    assert_logged_in(try_login("127.0.0.3", tb, login, pw))
    # The attacker's network waits, even with the right password.
    assert_throttled(try_login("127.0.0.2", tb, login, pw), login)
    # And the throttled network is refused whatever case the login has.
    assert_throttled(try_login("127.0.0.2", tb, login.upper(), pw),
                     login.upper())


def test_distributed_guessing_never_refuses_a_clean_network(tb):
    # The per-login count runs in hour-long windows: keep clear of the
    # edge, so that all of this test's failures land in one of them.
    clear_of_window_edge(need=120, window=3600)
    login, pw = new_user(tb)
    # 50 failures, each from a network of its own (each under the
    # per-network limits): the login's own limit is then reached.
    for i in range(50):
        r = try_login("127.0.0.%d" % (10 + i), tb, login, "guess%d" % i)
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    # A network that has failed for this login now waits ...
    r = try_login("127.0.0.10", tb, login, pw)
    assert_throttled(r, login)
    assert int(r.header("Retry-After")) <= 3600
    # ... a clean network still gets in with the right password ...
    assert_logged_in(try_login("127.0.0.100", tb, login, pw))
    # ... and a clean network with a wrong one is told to wait (its one
    # try is spent), as it is when it comes back.
    assert_throttled(try_login("127.0.0.101", tb, login, "guess-more"), login)
    assert_throttled(try_login("127.0.0.101", tb, login, pw), login)
    # Other logins are not slowed down by this one's guessing.
    other, opw = new_user(tb)
    assert_logged_in(try_login("127.0.0.10", tb, other, opw))


def test_one_network_trying_many_logins_is_throttled(tb):
    clear_of_window_edge()
    login, pw = new_user(tb)
    addr = "127.0.0.200"
    for i in range(20):
        r = try_login(addr, tb, "nobody%d" % i, "nope")
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    assert_throttled(try_login(addr, tb, "nobody-else", "nope"),
                     "nobody-else")
    assert_throttled(try_login(addr, tb, login, pw), login)
    assert_logged_in(try_login("127.0.0.201", tb, login, pw))


# -- finding 13a: the dashboard lists what waits ---------------------------

def add_post(b, title, status="published", author=None):
    """A post made by `quire post add`; its id."""
    import os
    import time
    path = os.path.join(b.tmp, "trust-%d.md" % time.monotonic_ns())
    with open(path, "w", encoding="utf-8") as f:
        f.write("title: %s\nstatus: %s\n\nThe body of %s.\n"
                % (title, status, title))
    b.quire("post", "add", *(["--author", author] if author else []), path)
    return b.sql("SELECT id FROM posts WHERE title = ?", (title,))[0][0]


def hold_comment(b, post_id, name, text):
    """A comment awaiting moderation, as the comment form stores one
    held; its id."""
    import html
    import time
    b.sql("INSERT INTO comments (post_id, depth, status, author_name, "
          "author_email, author_addr, created, body_md, body_html) "
          "VALUES (?, 1, 'pending', ?, ?, '192.0.2.7', ?, ?, ?)",
          (post_id, name, name.split()[0].lower() + "@example.com",
           int(time.time()), text, "<p>%s</p>\n" % html.escape(text)))
    cid = b.sql("SELECT max(id) FROM comments")[0][0]
    b.sql("UPDATE comments SET path = ? WHERE id = ?", ("%010d" % cid, cid))
    return cid


def logged_in(b, login, pw):
    c = Client(b)
    assert_logged_in(c.post("/admin/login", {"login": login,
                                              "password": pw}))
    return c


def test_dashboard_lists_held_comments_with_moderation(tb):
    login, pw = new_user(tb)
    post = add_post(tb, "Post With A Held Comment")
    cid = hold_comment(tb, post, "Harriet Held",
                       "Is this <thing> on? & more words")
    c = logged_in(tb, login, pw)
    r = c.get("/admin/")
    assert r.status == 200
    box = r.page().find("section", id_="dash-pending")
    assert box is not None, r.text
    item = box.find("li", id_="pending-%d" % cid)
    assert item is not None, box.text()
    assert "Harriet Held" in item.text()
    assert "Is this <thing> on? & more words" in item.text()
    assert "Post With A Held Comment" in item.text()
    assert item.find("a", href="/admin/comments/%d" % cid) is not None
    assert box.find("a", href="/admin/comments?status=pending") is not None
    # Its Approve button works from the dashboard, and comes back to it.
    buttons = {b.text(): b.attrs["value"]
               for b in item.find_all("button", name="one")}
    assert set(buttons) == {"Approve", "Spam", "Trash"}, buttons
    form = box.find("form")
    fields = [(i.attrs["name"], i.attrs.get("value", ""))
              for i in form.find_all("input")]
    r = c.post(form.attrs["action"], fields + [("one", buttons["Approve"])])
    assert r.status == 303 and r.location == "/admin/?done=approved", r
    assert tb.sql("SELECT status FROM comments WHERE id = ?",
                  (cid,))[0][0] == "approved"
    r = c.get(r.location)
    assert "Approved." in r.main_text()
    assert r.page().find("li", id_="pending-%d" % cid) is None


def test_dashboard_lists_drafts_linked_to_the_editor(tb):
    login, pw = new_user(tb)
    draft = add_post(tb, "A Draft Still Being Written", status="draft")
    c = logged_in(tb, login, pw)
    r = c.get("/admin/")
    box = r.page().find("section", id_="dash-drafts")
    assert box is not None, r.text
    link = box.find("a", href="/admin/posts/%d" % draft)
    assert link is not None, box.text()
    assert link.text() == "A Draft Still Being Written"
    assert "last changed" in link.parent.text()
    assert box.find("a", href="/admin/posts?status=draft") is not None


def test_dashboard_shows_an_author_only_their_own(tb):
    admin_login, admin_pw = new_user(tb)
    author, author_pw = new_user(tb, role="author")
    theirs = add_post(tb, "The Author's Own Post", author=author)
    others = add_post(tb, "Someone Else's Post", author=admin_login)
    mine_c = hold_comment(tb, theirs, "Ann Onymous", "On the author's post")
    other_c = hold_comment(tb, others, "Otto Other", "On another post")
    mine_d = add_post(tb, "The Author's Draft", status="draft", author=author)
    other_d = add_post(tb, "Someone Else's Draft", status="draft",
                       author=admin_login)
    page = logged_in(tb, author, author_pw).get("/admin/").page()
    assert page.find("li", id_="pending-%d" % mine_c) is not None
    assert page.find("li", id_="pending-%d" % other_c) is None
    assert page.find("a", href="/admin/posts/%d" % mine_d) is not None
    assert page.find("a", href="/admin/posts/%d" % other_d) is None
    # An admin sees both.
    page = logged_in(tb, admin_login, admin_pw).get("/admin/").page()
    assert page.find("li", id_="pending-%d" % other_c) is not None
    assert page.find("a", href="/admin/posts/%d" % other_d) is not None


def test_dashboard_lists_at_most_five_of_each(tb):
    login, pw = new_user(tb)
    post = add_post(tb, "A Post With Many Held Comments")
    for i in range(7):
        hold_comment(tb, post, "Many Commenter%d" % i, "Held text %d" % i)
        add_post(tb, "Many Drafts %d" % i, status="draft")
    page = logged_in(tb, login, pw).get("/admin/").page()
    assert len(page.find("section", id_="dash-pending").find_all("li")) == 5
    assert len(page.find("section", id_="dash-drafts").find_all("li")) == 5


# -- finding 13b: Last-Modified while the change clock runs ahead -----------

def burst(b, n=30):
    """n changes in a row, as a bulk edit or an import makes them: each
    moves the change clock on by a second, ahead of the wall clock."""
    old = b.sql("SELECT value FROM settings WHERE key = 'description'")
    for i in range(n):
        b.settings(description="Burst %d" % i)
    b.settings(description=old[0][0] if old else "")


def clock_ahead(b):
    """How far the change clock is ahead of the wall clock (seconds)."""
    return b.sql("SELECT changed - unixepoch() FROM site_state")[0][0]


def http_date(s):
    return email.utils.parsedate_to_datetime(s).timestamp()


LISTINGS = ["/", "/tag/news/", "/feed/", "/tags/"]


def test_last_modified_is_stable_and_304s_while_the_clock_is_ahead(tb):
    burst(tb)
    assert clock_ahead(tb) >= 20
    # The second of the last change is over (in it, no Last-Modified
    # later than now can be right for every reader: see site.h).
    time.sleep(1.1)
    first = {p: tb.get(p) for p in LISTINGS}
    time.sleep(1.1)
    assert clock_ahead(tb) >= 15       # still ahead: nothing caught up
    for path, r in first.items():
        assert r.status == 200, (path, r)
        lm = r.header("Last-Modified")
        assert lm is not None, path
        again = tb.get(path)
        assert again.header("Last-Modified") == lm, path
        # Never later than the response's own Date (RFC 9110).
        assert http_date(lm) <= http_date(again.header("Date")), path
        c = tb.get(path, headers={"If-Modified-Since": lm})
        assert c.status == 304 and c.body == b"", (path, c)
    # A change while still ahead: the old Last-Modified is no longer
    # current; the page is sent again, with a later one.
    lm = first["/tag/news/"].header("Last-Modified")
    tb.add_post("title: More News\ntags: News\n\nAnother one.\n")
    burst(tb, 5)
    assert clock_ahead(tb) > 0
    r = tb.get("/tag/news/", headers={"If-Modified-Since": lm})
    assert r.status == 200 and "More News" in r.text
    time.sleep(1.1)
    r = tb.get("/tag/news/", headers={"If-Modified-Since": lm})
    assert r.status == 200 and "More News" in r.text
    assert http_date(r.header("Last-Modified")) > http_date(lm)


# -- finding 13c: a redirect never copies a huge query ---------------------

def test_slash_redirect_drops_a_huge_query(tb):
    r = tb.get("/tag/news?x=" + "a" * 7000)
    assert r.status == 301, r
    loc = r.header("Location")
    assert loc is not None and len(loc) < 2048, len(loc or "")
    assert loc.endswith("/tag/news/"), loc
    assert tb.get(loc).status == 200


def test_slash_redirect_keeps_a_short_query(tb):
    r = tb.get("/tag/news?utm_source=feed&x=%C3%A9")
    assert r.status == 301, r
    assert r.header("Location").endswith("/tag/news/?utm_source=feed&x=%C3%A9")


def test_slash_redirect_of_a_path_no_page_can_have_is_404(tb):
    r = tb.get("/tag/" + "n" * 1500)
    assert r.status == 404, r
    assert r.header("Location") is None


def test_login_redirect_from_a_huge_admin_address_is_short(tb):
    r = Client(tb).get("/admin/posts?q=" + "%C3%A9" * 1200)
    assert r.status == 303, r
    loc = r.header("Location")
    assert len(loc) < 2048 and "/admin/login" in loc, loc[:200]
    # A normal one still comes back to where it was.
    r = Client(tb).get("/admin/posts?status=draft")
    assert r.location.endswith(
        "/admin/login?next=%2Fadmin%2Fposts%3Fstatus%3Ddraft"), r.location
