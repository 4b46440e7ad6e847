"""test_caching.py: HTTP caching, through nginx, with both workers.

Public pages without a comment form carry an ETag (the hash of the
body) and Last-Modified (the site's change clock), answer a matching
If-None-Match / If-Modified-Since with 304, and say Cache-Control:
no-cache (use it, but ask first). Each quire worker keeps rendered pages
of its own; once a change commits, no worker may answer from before it.
Pages with a comment form carry a fresh anti-spam token in every
response: private, no-cache, no ETag, never 304.

nginx keeps one connection to the workers alive, so requests sent one
after another all land on the same worker. To reach both, requests are
sent in concurrent bursts, and the workers' read counters
(/proc/PID/io, syscr) show that each worker answered some of them:
`every_worker` repeats bursts until that is so, so "both workers served
the old page, and after the change both serve the new one" is checked,
not hoped for.

The tests run on a blog of this module's own (`kb`, two workers).
"""
import calendar
import email.utils
import re
import shutil
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from admin_client import Client
from conftest import make_blog, parse_html
from content import THREAD_TITLE, post_file
from procs import children

BURST = 8


@pytest.fixture(scope="module")
def kb():
    tmp = tempfile.mkdtemp(prefix="quire-caching-")
    b = None
    try:
        b = make_blog(tmp, workers=2, pages=False)  # tier 1: the worker cache
        b.urls["closed"] = b.add_post(post_file(
            "Comments Closed Here", "Nothing to say back.\n",
            date="2023-10-10T10:00:00Z", comments="closed"))
        # Loading the content moved the site's change clock on by a second
        # per row, ahead of the real time; a blog in use has its content
        # from before now. Set the clock back to a few seconds ago, so that
        # Last-Modified is a time in the past, as on a settled blog.
        b.sql("UPDATE site_state SET changed = unixepoch() - 5")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(kb):
    c = Client(kb)
    c.login()
    return c


def path_of(url):
    return urllib.parse.urlsplit(url).path


# -- the workers --------------------------------------------------------------

def worker_pids(b):
    """The PIDs of `quire serve`'s workers (children of the master)."""
    return sorted(children(b.quire_proc.pid))


def reads(pid):
    with open("/proc/%d/io" % pid) as f:
        for line in f:
            if line.startswith("syscr:"):
                return int(line.split()[1])
    raise AssertionError("no syscr for %d" % pid)


def burst(b, path, headers=None, n=BURST):
    with ThreadPoolExecutor(n) as ex:
        return list(ex.map(lambda _: b.get(path, headers=headers), range(n)))


def every_worker(b, path, headers=None, tries=30):
    """Responses to bursts of GET path, sent until every worker has
    answered at least one of them (a worker that answers nothing does
    not read anything)."""
    pids = worker_pids(b)
    assert len(pids) == b.workers, pids
    before = {p: reads(p) for p in pids}
    got = []
    for _ in range(tries):
        got += burst(b, path, headers)
        if all(reads(p) > before[p] for p in pids):
            return got
    raise AssertionError("%s: not every worker answered in %d bursts"
                         % (path, tries))


def one_version(b, path, headers=None):
    """The response every worker gives for path: all alike."""
    got = every_worker(b, path, headers)
    assert {r.status for r in got} == {200}, [r.status for r in got]
    assert len({r.body for r in got}) == 1, "workers disagree on %s" % path
    assert len({r.header("ETag") for r in got}) == 1
    return got[0]


def http_date(s):
    return calendar.timegm(email.utils.parsedate(s))


# -- public pages: validators and 304 -----------------------------------------

REVALIDATE = ["/", "/page/2/", "/tag/running/", "/tags/", "/feed/",
              "/tag/running/feed/", "/comments/feed/",
              "/2024/05/finding-the-knots/feed/", "/sitemap.xml",
              "/robots.txt", "/2024/", "/2024/05/", "/author/admin/",
              "/search?q=post"]


@pytest.mark.parametrize("path", REVALIDATE)
def test_public_pages_have_validators(kb, path):
    r = kb.get(path)
    assert r.status == 200, (path, r)
    assert re.fullmatch(r'"([0-9a-f]{16}|[0-9a-f]+-[0-9a-f]+)"', r.header("ETag") or ""), \
        r.header("ETag")
    lm = r.header("Last-Modified")
    assert lm and lm.endswith(" GMT") and http_date(lm) > 0
    assert r.header("Cache-Control") == "no-cache"
    assert r.header("Set-Cookie") is None


def test_closed_post_has_validators(kb):
    """A post without a comment form is a public page like any other."""
    path = path_of(kb.urls["closed"])
    r = kb.get(path)
    assert r.status == 200
    assert parse_html(r.text).find("form", id_="commentform") is None
    assert r.header("Cache-Control") == "no-cache"
    etag = r.header("ETag")
    assert etag
    c = kb.get(path, headers={"If-None-Match": etag})
    assert c.status == 304 and c.body == b""


@pytest.mark.parametrize("path", REVALIDATE)
def test_conditional_get(kb, path):
    r = one_version(kb, path)
    etag, lm = r.header("ETag"), r.header("Last-Modified")
    matching = [{"If-None-Match": etag},
                {"If-None-Match": "W/" + etag},
                {"If-None-Match": '"aaaaaaaaaaaaaaaa", ' + etag},
                {"If-None-Match": "*"},
                {"If-Modified-Since": lm},
                {"If-None-Match": etag, "If-Modified-Since":
                 "Mon, 01 Jan 2001 00:00:00 GMT"}]   # INM decides
    for h in matching:
        for c in every_worker(kb, path, h):
            assert c.status == 304, (path, h, c)
            assert c.body == b""
            assert c.header("ETag") == etag
            assert c.header("Cache-Control") == "no-cache"
    not_matching = [{"If-None-Match": '"aaaaaaaaaaaaaaaa"'},
                    {"If-None-Match": etag.strip('"')},
                    {"If-None-Match": '"aaaaaaaaaaaaaaaa"',
                     "If-Modified-Since": lm},              # INM decides
                    {"If-Modified-Since": email.utils.formatdate(
                        http_date(lm) - 86400, usegmt=True)},
                    {"If-Modified-Since": "yesterday"}]
    for h in not_matching:
        c = kb.get(path, headers=h)
        assert c.status == 200, (path, h, c)
        assert c.body == r.body
    head = kb.request("HEAD", path, headers={"If-None-Match": etag})
    assert head.status == 304 and head.body == b""
    head = kb.request("HEAD", path)
    assert head.status == 200 and head.body == b""
    assert head.header("ETag") == etag


# -- after a change: nothing stale, from any worker ---------------------------

def snapshot(b, paths):
    return {p: one_version(b, p) for p in paths}


def assert_all_new(b, old, must_show, ims=True):
    """Every worker now gives each page a new body and ETag; the old ETag
    (and, with ims, the old Last-Modified) gets the new page, the new
    ETag a 304."""
    for path, before in old.items():
        now = one_version(b, path)
        assert now.body != before.body, "stale %s" % path
        assert now.header("ETag") != before.header("ETag"), path
        for text in must_show.get(path, []):
            assert text in now.text, (path, text)
        conds = [{"If-None-Match": before.header("ETag")}]
        if ims:
            conds.append({"If-Modified-Since":
                          before.header("Last-Modified")})
        for h in conds:
            for c in every_worker(b, path, h):
                assert c.status == 200, (path, h, c)
                assert c.body == now.body, "stale %s for %s" % (path, h)
        for c in every_worker(b, path, {"If-None-Match":
                                        now.header("ETag")}):
            assert c.status == 304, (path, c)


def test_new_post_changes_every_page_that_lists_it(kb):
    paths = ["/", "/feed/", "/tag/running/", "/tag/running/feed/", "/tags/",
             "/sitemap.xml", "/2024/", "/author/admin/",
             "/search?q=newcomer"]
    old = snapshot(kb, paths)
    assert "Running</a>" in old["/tags/"].text
    title = "Cache Newcomer"
    url = kb.add_post(post_file(title, "Fresh words.\n",
                                date="2024-06-01T10:00:00Z",
                                tags="Running"))
    show = {p: [title] for p in paths if p not in ("/sitemap.xml",
                                                   "/tags/")}
    show["/sitemap.xml"] = [url]
    assert_all_new(kb, old, show)


def test_held_comment_changes_no_page(kb):
    """ETags change exactly when what a reader sees changes: a comment
    held for moderation shows nowhere."""
    paths = ["/", "/comments/feed/", "/2024/05/finding-the-knots/feed/",
             "/tag/ims/"]
    old = snapshot(kb, paths)
    cid = _add_comment(kb, "Patient Pat", "Waiting for a yes")
    for path, before in old.items():
        now = one_version(kb, path)
        assert now.body == before.body, path
        assert now.header("ETag") == before.header("ETag"), path
        for c in every_worker(kb, path, {"If-None-Match":
                                         before.header("ETag")}):
            assert c.status == 304, (path, c)
    kb.sql("DELETE FROM comments WHERE id = ?", (cid,))


def _thread_id(b):
    return b.sql("SELECT id FROM posts WHERE title = ?", (THREAD_TITLE,))[0][0]


def _add_comment(b, name, text, status="pending"):
    b.sql("INSERT INTO comments (post_id, depth, status, author_name, "
          "author_email, created, body_md, body_html) "
          "VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
          (_thread_id(b), status, name, "pat@example.com",
           int(time.time()), text, "<p>%s</p>\n" % text))
    cid = b.sql("SELECT max(id) FROM comments")[0][0]
    b.sql("UPDATE comments SET path = ? WHERE id = ?", ("%010d" % cid, cid))
    return cid


def _approve(admin, cid):
    token = admin.csrf("/admin/comments")
    r = admin.post("/admin/comments", {"csrf": token, "status": "pending",
                                       "one": "approve:%d" % cid})
    assert r.status == 303, r
    assert "done=approved" in r.header("Location")


def test_approved_comment_changes_counts_and_comment_feeds(kb, admin):
    """Approved in the admin area (a POST one worker answers): the home
    page's and the tag archive's comment counts and both comment feeds
    change, on every worker."""
    count = kb.sql("SELECT comment_count FROM posts WHERE id = ?",
                   (_thread_id(kb),))[0][0]
    cid = _add_comment(kb, "Approved Ann", "Now you see me")
    paths = ["/", "/tag/ims/", "/comments/feed/",
             "/2024/05/finding-the-knots/feed/"]
    old = snapshot(kb, paths)
    for p in ("/", "/tag/ims/"):
        assert "%d Comments" % count in old[p].text
    _approve(admin, cid)
    assert kb.sql("SELECT comment_count FROM posts WHERE id = ?",
                  (_thread_id(kb),))[0][0] == count + 1
    # If-Modified-Since alone: test_if_modified_since_after_an_admin_change
    assert_all_new(kb, old, {
        "/": ["%d Comments" % (count + 1)],
        "/tag/ims/": ["%d Comments" % (count + 1)],
        "/comments/feed/": ["Approved Ann", "#comment-%d" % cid],
        "/2024/05/finding-the-knots/feed/": ["Approved Ann"]}, ims=False)


def test_approved_comment_by_sql_is_seen_by_every_worker(kb):
    """The same change made by another process (the command line, a
    script): the workers see the database move."""
    cid = _add_comment(kb, "Script Sam", "Approved from outside")
    paths = ["/", "/comments/feed/"]
    old = snapshot(kb, paths)
    kb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid,))
    kb.sql("UPDATE posts SET comment_count = comment_count + 1 "
           "WHERE id = ?", (_thread_id(kb),))
    assert_all_new(kb, old, {"/comments/feed/": ["Script Sam"]})


def test_if_modified_since_after_an_admin_change(kb, admin):
    cid = _add_comment(kb, "Late Lee", "Approved by a worker")
    old = snapshot(kb, ["/comments/feed/"])["/comments/feed/"]
    lm = old.header("Last-Modified")
    _approve(admin, cid)
    for c in every_worker(kb, "/comments/feed/", {"If-Modified-Since": lm}):
        assert c.status == 200, "a stale 304 after the change"
        assert b"Late Lee" in c.body
        assert http_date(c.header("Last-Modified")) >= http_date(lm)


def test_last_modified_is_never_in_the_future(kb):
    # One statement that touches every post (a bulk edit, a tag merge,
    # an import do as much) and changes nothing a reader sees.
    kb.sql("UPDATE posts SET sticky = sticky")
    for path in ("/", "/feed/", "/sitemap.xml"):
        r = kb.get(path)
        assert http_date(r.header("Last-Modified")) <= \
            http_date(r.header("Date")), (path, r.header("Last-Modified"),
                                          r.header("Date"))


# -- pages with a comment form ------------------------------------------------

def token_of(r):
    doc = parse_html(r.text)
    assert doc.find("form", id_="commentform") is not None, "no comment form"
    tok = doc.find("input", name="token")
    assert tok.attrs["form"] == "commentform"
    return tok.attrs["value"]


@pytest.mark.parametrize("which", ["thread", "thread-reply", "about"])
def test_comment_form_pages_are_private_and_never_304(kb, which):
    if which == "about":
        path = "/about/"
    else:
        path = path_of(kb.urls["thread"])
        if which == "thread-reply":
            path += "?replyto=%d" % kb.sql(
                "SELECT min(id) FROM comments WHERE status = 'approved'")[0][0]
    got = every_worker(kb, path)
    tokens = set()
    for r in got:
        assert r.status == 200
        assert r.header("Cache-Control") == "private, no-cache"
        assert r.header("ETag") is None
        assert r.header("Last-Modified") is None
        tokens.add(token_of(r))
    # A fresh token in every response, from every worker.
    assert len(tokens) == len(got)
    future = email.utils.formatdate(time.time() + 86400, usegmt=True)
    for h in ({"If-None-Match": "*"},
              {"If-None-Match": '"%s"' % ("0" * 16)},
              {"If-Modified-Since": future},
              {"If-None-Match": "*", "If-Modified-Since": future}):
        for r in every_worker(kb, path, h):
            assert r.status == 200, (path, h, r)
            assert r.header("ETag") is None
            tokens.add(token_of(r))
    assert len(tokens) > len(got)


def test_two_gets_carry_different_tokens(kb):
    path = path_of(kb.urls["thread"])
    a, b = kb.get(path), kb.get(path)
    assert token_of(a) != token_of(b)
    assert a.header("Cache-Control") == b.header("Cache-Control") == \
        "private, no-cache"


# -- avatars, static files, errors, admin -------------------------------------

def test_avatars_are_cached_for_a_year(kb):
    page = kb.get(path_of(kb.urls["thread"]))
    srcs = sorted({i.attrs["src"] for i in parse_html(page.text).find_all(
        "img") if i.attrs.get("src", "").startswith("/avatar/")})
    assert srcs
    for src in srcs[:3]:
        r = kb.get(src)
        assert r.status == 200
        assert r.header("Content-Type").startswith("image/svg+xml")
        assert r.header("Cache-Control") == \
            "public, max-age=31536000, immutable"
        etag = r.header("ETag")
        assert etag
        c = kb.get(src, headers={"If-None-Match": etag})
        assert c.status == 304 and c.body == b""
        assert c.header("Cache-Control") == \
            "public, max-age=31536000, immutable"
    bad = kb.get("/avatar/" + "z" * 32 + ".svg")
    assert bad.status == 404
    assert "immutable" not in (bad.header("Cache-Control") or "")


def test_static_files_expire_later(kb):
    r = kb.get("/static/style.css")
    assert r.status == 200
    assert r.header("Content-Type").startswith("text/css")
    m = re.search(r"max-age=(\d+)", r.header("Cache-Control") or "")
    assert m and int(m.group(1)) >= 3600, r.header("Cache-Control")
    assert http_date(r.header("Expires")) >= http_date(r.header("Date")) + \
        3600
    etag = r.header("ETag")
    assert etag
    c = kb.get("/static/style.css", headers={"If-None-Match": etag})
    assert c.status == 304 and c.body == b""


def test_errors_and_redirects_have_no_validators(kb):
    for path, status in (("/no/such/page/", 404),
                         ("/tag/no-such-tag/feed/", 404), ("/page/1/", 301)):
        r = kb.get(path, headers={"If-None-Match": "*"})
        assert r.status == status, (path, r)
        assert r.header("ETag") is None, path
        assert r.header("Last-Modified") is None, path
    r = kb.get("/no/such/page/")
    assert "That page can\u2019t be found." in r.text
    r = kb.get("/page/1/")
    assert r.status == 301 and r.header("Cache-Control") == "no-store"
    assert re.sub(r"^https?://[^/]+", "", r.header("Location")) == "/"


def test_admin_pages_are_never_stored(kb, admin):
    for client, path in ((kb, "/admin/login"), (admin, "/admin/"),
                         (admin, "/admin/comments")):
        r = client.get(path, headers={"If-None-Match": "*"})
        assert r.status == 200, (path, r)
        assert r.header("Cache-Control") == "no-store"
        assert r.header("ETag") is None
        assert r.header("Last-Modified") is None
