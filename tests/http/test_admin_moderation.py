"""test_admin_moderation.py: the comment moderation pages, from outside.

An admin (and, for the role tests, an author) logs in through
/admin/login with a cookie-keeping HTTP session, reads the CSRF token
from the pages and sends it, with the blog's own Origin, on every POST,
as a browser would. Each test checks what it changed in the stored rows
(status, text, parent) and in the post's comment_count, and what the
public post page shows afterwards.

These tests change comments, so they run on a blog of their own (module
fixture `mb`); most add a post of their own with comments written
straight into the database, in the same thread-path form quire uses.
"""
import html
import http.client
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse

import pytest

from conftest import ADMIN_PASSWORD, TOP, make_blog, parse_html
from content import THREAD_TITLE, post_file

VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")
JAVA = shutil.which("java") or "/usr/bin/java"
AUTHOR_PASSWORD = "an author's own long password"

_seq = itertools.count(1)
_addr = itertools.count(40)


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-moderation-")
    b = None
    try:
        b = make_blog(tmp)
        b.quire("user", "add", "--login", "writer", "--name", "Walt Writer",
                "--email", "walt@example.org", "--role", "author",
                input=AUTHOR_PASSWORD + "\n")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# -- a logged-in browser ----------------------------------------------------

class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self._doc = None

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def doc(self):
        if self._doc is None:
            self._doc = parse_html(self.text)
        return self._doc

    def __repr__(self):
        return "<Resp %d %d bytes>" % (self.status, len(self.body))


class Browser:
    """Cookies kept, the Origin of the blog sent on POST, and the CSRF
    token read from the last admin page fetched."""

    def __init__(self, b, addr="127.0.0.1"):
        self.b = b
        self.addr = addr
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                          timeout=30,
                                          source_address=(self.addr, 0))
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Resp(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for k, v in resp.headers:
            if k.lower() != "set-cookie":
                continue
            first, _, attrs = v.partition(";")
            name, _, value = first.partition("=")
            if value.strip() == "" or "max-age=0" in attrs.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()
        m = re.search(r'name="csrf" value="([^"]+)"', resp.body.decode(
            "utf-8", "replace"))
        if m:
            self.csrf = m.group(1)
        return resp

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, csrf=True, origin=None):
        """fields: a dict or a list of pairs (str or bytes values)."""
        items = list(fields.items() if isinstance(fields, dict) else fields)
        if csrf:
            items.insert(0, ("csrf", self.csrf))
        body = urllib.parse.urlencode(items).encode("ascii")
        return self.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin or self.b.base})

    def login(self, login, password):
        assert self.get("/admin/login").status == 200
        r = self.post("/admin/login", {"login": login, "password": password,
                                       "next": "/admin/"}, csrf=False)
        assert r.status == 303, "login %s: %d" % (login, r.status)
        assert self.get("/admin/").status == 200
        assert self.csrf
        return self


@pytest.fixture
def admin(mb):
    return Browser(mb).login("admin", ADMIN_PASSWORD)


@pytest.fixture
def author(mb):
    return Browser(mb).login("writer", AUTHOR_PASSWORD)


# -- fixtures in the database -------------------------------------------------

class Post:
    def __init__(self, b, title, url):
        self.title = title
        self.url = url
        self.path = urllib.parse.urlsplit(url).path
        self.id = b.sql("SELECT id FROM posts WHERE title = ?", (title,))[0][0]


def new_post(b, author=None):
    title = "Moderated post %d" % next(_seq)
    path = os.path.join(b.tmp, "mod-%d.md" % time.monotonic_ns())
    with open(path, "w", encoding="utf-8") as f:
        f.write(post_file(title, "Body of *%s*.\n" % title))
    args = ["post", "add"] + (["--author", author] if author else []) + [path]
    return Post(b, title, b.quire(*args).stdout.strip())


def add_comment(b, post, name, status="pending", parent=None, text=None,
                email=None, minutes=0):
    """A comment written into the database; its id."""
    text = text or "Words of %s" % name
    if parent:
        ppath, pdepth = b.sql("SELECT path, depth FROM comments WHERE "
                              "id = ?", (parent,))[0]
    else:
        ppath, pdepth = None, 0
    b.sql("INSERT INTO comments (post_id, parent_id, depth, status, "
          "author_name, author_email, author_addr, created, body_md, "
          "body_html) VALUES (?,?,?,?,?,?,?,?,?,?)",
          (post.id, parent, pdepth + 1, status, name,
           email or name.lower().replace(" ", ".") + "@example.com",
           "192.0.2.%d" % (next(_seq) % 250 + 1),
           int(time.time()) - 3600 + minutes * 60 + next(_seq), text,
           "<p>%s</p>\n" % html.escape(text)))
    cid = b.sql("SELECT max(id) FROM comments")[0][0]
    path = ("%s.%010d" % (ppath, cid)) if ppath else "%010d" % cid
    b.sql("UPDATE comments SET path = ? WHERE id = ?", (path, cid))
    b.sql("UPDATE posts SET comment_count = (SELECT count(*) FROM comments "
          "WHERE post_id = ?1 AND status = 'approved') WHERE id = ?1",
          (post.id,))
    return cid


def status_of(b, cid):
    rows = b.sql("SELECT status FROM comments WHERE id = ?", (cid,))
    return rows[0][0] if rows else None


def comment_count(b, post):
    return b.sql("SELECT comment_count FROM posts WHERE id = ?",
                 (post.id,))[0][0]


def approved(b, post):
    return b.sql("SELECT count(*) FROM comments WHERE post_id = ? AND "
                 "status = 'approved'", (post.id,))[0][0]


def assert_counts_right(b, post):
    assert comment_count(b, post) == approved(b, post)


def done(r, code, path=None):
    assert r.status == 303, "wanted 303, got %d: %s" % (r.status,
                                                       r.text[:500])
    loc = urllib.parse.urlsplit(r.header("Location"))
    assert urllib.parse.parse_qs(loc.query).get("done") == [code], loc
    if path is not None:
        assert loc.path == path, loc
    return loc


def error_text(r):
    return " ".join(r.doc.text().split())


def textarea(node):
    raw = "".join(c for c in node.children if isinstance(c, str))
    return raw[1:] if raw.startswith("\n") else raw


def rows(r):
    """{comment id: row node} of a queue page."""
    out = {}
    for tr in r.doc.find_all("tr", cls="comment-row"):
        out[int(tr.attrs["id"].rsplit("-", 1)[1])] = tr
    return out


def tab_counts(r):
    nav = r.doc.find("nav", cls="filters")
    out = {}
    for a in nav.find_all("a"):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(
            a.attrs["href"]).query)
        m = re.search(r"\((\d+)\)", a.text())
        out[q["status"][0]] = int(m.group(1))
    return out


# -- the queue ---------------------------------------------------------------

def test_default_view_is_pending_with_the_held_comment(mb, admin):
    mb.sql("UPDATE comments SET author_addr = '198.51.100.23' WHERE "
           "author_name = 'Held Harry'")
    r = admin.get("/admin/comments")
    assert r.status == 200
    assert "no-store" in r.header("Cache-Control")
    harry = mb.sql("SELECT id FROM comments WHERE author_name = "
                   "'Held Harry'")[0][0]
    got = rows(r)
    assert harry in got
    row = got[harry]
    assert row.find("b", cls="comment-author").text() == "Held Harry"
    assert row.find(cls="comment-email").text() == "held.harry@example.com"
    assert row.find(cls="comment-addr").text() == "198.51.100.23"
    link = row.find("a", cls="comment-post")
    assert link.text() == THREAD_TITLE
    assert link.attrs["href"] == urllib.parse.urlsplit(
        mb.urls["thread"]).path
    assert row.find("time").attrs["datetime"].startswith("2024-05-02")
    assert row.find(cls="comment-text").find("p").text() == \
        "I am held for moderation"
    box = row.find("input", type="checkbox")
    assert box.attrs["name"] == "id" and box.attrs["value"] == str(harry)
    spam = mb.sql("SELECT id FROM comments WHERE author_name = "
                  "'Spammy Sam'")[0][0]
    assert spam not in got


@pytest.mark.parametrize("view", ["pending", "approved", "spam", "trash"])
def test_each_view_shows_its_rows_and_every_count(mb, admin, view):
    r = admin.get("/admin/comments?status=%s" % view)
    assert r.status == 200
    want = {s: 0 for s in ("pending", "approved", "spam", "trash")}
    want.update(dict(mb.sql("SELECT status, count(*) FROM comments "
                            "GROUP BY status")))
    assert tab_counts(r) == want
    ids = [i for (i,) in mb.sql(
        "SELECT id FROM comments WHERE status = ? ORDER BY created DESC, "
        "id DESC LIMIT 20", (view,))]
    assert list(rows(r)) == ids
    current = r.doc.find("nav", cls="filters").find(
        "a", **{"aria-current": "page"})
    assert "status=" + view in current.attrs["href"]
    if not ids:
        assert "No comments here." in r.text


def test_paging_twenty_a_page(mb, admin):
    p = new_post(mb)
    for i in range(23):
        add_comment(mb, p, "Pager %d" % i, status="trash", minutes=i)
    total = mb.sql("SELECT count(*) FROM comments WHERE status = "
                   "'trash'")[0][0]
    assert total >= 23
    r1 = admin.get("/admin/comments?status=trash")
    assert len(rows(r1)) == 20
    older = r1.doc.find("nav", cls="paging").find("a")
    assert older is not None and "page=2" in older.attrs["href"]
    r2 = admin.get(older.attrs["href"])
    assert len(rows(r2)) == total - 20
    assert not set(rows(r1)) & set(rows(r2))
    # Clean up: the trash view's count stays small for the others.
    admin.post("/admin/comments", [("action", "delete")] +
               [("id", str(i)) for i in list(rows(r1)) + list(rows(r2))
                if mb.sql("SELECT post_id FROM comments WHERE id = ?",
                          (i,))[0][0] == p.id])
    assert mb.sql("SELECT count(*) FROM comments WHERE post_id = ?",
                  (p.id,))[0][0] == 0


# -- actions -----------------------------------------------------------------

def test_each_action_one_row(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Olga One")
    steps = [("approve", "approved", "approved", 1),
             ("unapprove", "pending", "unapproved", 0),
             ("spam", "spam", "spammed", 0),
             ("restore", "pending", "restored", 0),
             ("approve", "approved", "approved", 1),
             ("trash", "trash", "trashed", 0),
             ("restore", "pending", "restored", 0),
             ("trash", "trash", "trashed", 0)]
    for action, status, code, count in steps:
        before = status_of(mb, c)
        admin.get("/admin/comments?status=%s" % before)
        r = admin.post("/admin/comments", {"status": before,
                                           "one": "%s:%d" % (action, c)})
        done(r, code, "/admin/comments")
        assert "status=%s" % before in r.header("Location")
        assert status_of(mb, c) == status, action
        assert comment_count(mb, p) == count, action
    r = admin.get(r.header("Location"))
    assert r.doc.find("p", cls="notice").text() == "Moved to the trash."
    r = admin.post("/admin/comments", {"status": "trash",
                                       "one": "delete:%d" % c})
    done(r, "deleted")
    assert status_of(mb, c) is None
    assert comment_count(mb, p) == 0


def test_each_action_on_the_comment_page(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Paula Page")
    for action, status, code in [("approve", "approved", "approved"),
                                 ("unapprove", "pending", "unapproved"),
                                 ("spam", "spam", "spammed"),
                                 ("restore", "pending", "restored"),
                                 ("trash", "trash", "trashed")]:
        r = admin.get("/admin/comments/%d" % c)
        assert r.status == 200
        buttons = [b.attrs["value"] for b in r.doc.find(
            "form", cls="comment-actions").find_all("button")]
        assert action in buttons, (action, buttons)
        r = admin.post("/admin/comments/%d" % c, {"action": action})
        done(r, code, "/admin/comments/%d" % c)
        assert status_of(mb, c) == status
        assert_counts_right(mb, p)
    r = admin.post("/admin/comments/%d" % c, {"action": "delete"})
    loc = done(r, "deleted", "/admin/comments")
    assert "status=trash" in loc.query
    assert status_of(mb, c) is None


def test_bulk_actions(mb, admin):
    p = new_post(mb)
    ids = [add_comment(mb, p, "Bulk %d" % i) for i in range(4)]
    other = add_comment(mb, p, "Bystander")

    def bulk(action, chosen, view="pending"):
        admin.get("/admin/comments?status=%s" % view)
        return admin.post("/admin/comments", [("status", view),
                                              ("action", action)] +
                          [("id", str(i)) for i in chosen])

    done(bulk("approve", ids), "approved")
    assert [status_of(mb, i) for i in ids] == ["approved"] * 4
    assert status_of(mb, other) == "pending"
    assert comment_count(mb, p) == 4
    done(bulk("unapprove", ids[:2], "approved"), "unapproved")
    assert comment_count(mb, p) == 2
    done(bulk("spam", ids[:3]), "spammed")
    assert [status_of(mb, i) for i in ids] == ["spam"] * 3 + ["approved"]
    assert comment_count(mb, p) == 1
    done(bulk("restore", ids[:3], "spam"), "restored")
    assert [status_of(mb, i) for i in ids[:3]] == ["pending"] * 3
    done(bulk("trash", ids), "trashed")
    assert [status_of(mb, i) for i in ids] == ["trash"] * 4
    assert comment_count(mb, p) == 0
    # All or nothing: one comment not in the trash refuses the lot.
    r = bulk("delete", ids + [other], "trash")
    assert r.status == 403
    assert "only a comment in the trash or marked as spam can be deleted" \
        in error_text(r)
    assert "Nothing was changed" in error_text(r)
    assert [status_of(mb, i) for i in ids] == ["trash"] * 4
    done(bulk("delete", ids, "trash"), "deleted")
    assert [status_of(mb, i) for i in ids] == [None] * 4
    assert status_of(mb, other) == "pending"
    assert_counts_right(mb, p)


def test_bulk_form_needs_an_action_and_a_comment(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Nobody Chose")
    admin.get("/admin/comments")
    r = admin.post("/admin/comments", {"status": "pending",
                                       "action": "approve"})
    assert r.status == 422
    assert "Please select at least one comment." in r.doc.find(
        cls="form-errors").text()
    r = admin.post("/admin/comments", [("status", "pending"),
                                       ("action", "bless"),
                                       ("id", str(c))])
    assert r.status == 422
    assert "Please choose what to do" in r.doc.find(cls="form-errors").text()
    assert status_of(mb, c) == "pending"


def test_delete_only_from_trash_or_spam(mb, admin):
    p = new_post(mb)
    for status in ("pending", "approved"):
        c = add_comment(mb, p, "Keeper %s" % status, status=status)
        for path, fields in [("/admin/comments",
                              {"status": status, "one": "delete:%d" % c}),
                             ("/admin/comments/%d" % c,
                              {"action": "delete"})]:
            r = admin.post(path, fields)
            assert r.status == 403
            assert "Move it to the trash first" in error_text(r)
            assert status_of(mb, c) == status
    s = add_comment(mb, p, "Spam To Go", status="spam")
    done(admin.post("/admin/comments", {"status": "spam",
                                        "one": "delete:%d" % s}), "deleted")
    assert status_of(mb, s) is None
    # Restore is for the trash and spam only, too.
    r = admin.post("/admin/comments/%d" % c, {"action": "restore"})
    assert r.status == 403
    assert status_of(mb, c) == "approved"
    assert_counts_right(mb, p)


def test_missing_csrf_or_foreign_origin_403(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Csrf Carl")
    admin.get("/admin/comments")
    r = admin.post("/admin/comments", {"status": "pending",
                                       "one": "approve:%d" % c}, csrf=False)
    assert r.status == 403
    r = admin.post("/admin/comments", {"csrf": "0" * 64, "status": "pending",
                                       "one": "approve:%d" % c}, csrf=False)
    assert r.status == 403
    r = admin.post("/admin/comments/%d" % c, {"action": "approve"},
                   origin="http://evil.example")
    assert r.status == 403
    r = admin.post("/admin/comments/%d" % c, {"reply": "Hi"}, csrf=False)
    assert r.status == 403
    assert status_of(mb, c) == "pending"
    assert mb.sql("SELECT count(*) FROM comments WHERE parent_id = ?",
                  (c,))[0][0] == 0


def test_not_logged_in(mb):
    anon = Browser(mb)
    r = anon.get("/admin/comments")
    assert r.status == 303
    assert r.header("Location").startswith("/admin/login?next=")
    assert anon.post("/admin/comments", {"action": "approve", "id": "1"},
                     csrf=False).status == 403


def test_unknown_comment_404(mb, admin):
    assert admin.get("/admin/comments/999999").status == 404
    admin.get("/admin/comments")
    r = admin.post("/admin/comments", {"status": "pending",
                                       "one": "approve:999999"})
    assert r.status == 404


# -- trust, replies, edits ---------------------------------------------------

def read_comment_form(resp_text):
    fields = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<input type="hidden" name="([a-z_A-Z]+)"[^>]*? value="([^"]*)"',
        resp_text)}
    assert "token" in fields, "no comment form"
    return fields


def send_comment(mb, reader, post, email, text):
    r = reader.get(post.path)
    assert r.status == 200
    fields = read_comment_form(r.text)
    fields.update({"author": "Trusty Tina", "email": email, "url": "",
                   "comment": text})
    time.sleep(0.05)
    r = reader.post("/comment", fields, csrf=False)
    assert r.status == 303, r.text[:500]
    m = re.search(r"#comment-(\d+)$", r.header("Location"))
    return int(m.group(1))


def test_approving_makes_the_email_trusted(mb, admin):
    mb.settings(moderation="first", min_fill_seconds=0, flood_seconds=0,
             rate_limit=10000)
    p = new_post(mb)
    reader = Browser(mb, "127.0.0.%d" % next(_addr))
    email = "tina.%d@example.net" % next(_seq)
    first = send_comment(mb, reader, p, email, "My very first comment.")
    assert status_of(mb, first) == "pending"
    # Still held until a person approves: a second one is held too.
    second = send_comment(mb, reader, p, email, "Hello again?")
    assert status_of(mb, second) == "pending"
    admin.get("/admin/comments")
    done(admin.post("/admin/comments", {"status": "pending",
                                        "one": "approve:%d" % first}),
         "approved")
    assert status_of(mb, first) == "approved"
    assert comment_count(mb, p) == 1
    third = send_comment(mb, reader, p, email, "Now I am trusted.")
    assert status_of(mb, third) == "approved"
    assert comment_count(mb, p) == 2
    page = reader.get(p.path)
    assert page.doc.find("li", id_="comment-%d" % third) is not None
    # Another address is still held: trust is per email.
    fourth = send_comment(mb, reader, p, "stranger.%d@example.net" %
                          next(_seq), "Who am I?")
    assert status_of(mb, fourth) == "pending"


def test_reply_as_the_post_author(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Quentin Question", text="How did you do it?")
    r = admin.get("/admin/comments/%d" % c)
    assert r.status == 200
    assert r.doc.find("h2", id_="reply-title").text() == \
        "Reply as the post author"
    assert r.doc.find(cls="comment-addr").text().startswith("192.0.2.")
    r = admin.post("/admin/comments/%d" % c, {"reply": "With *patience*."})
    loc = done(r, "replied")
    rid = int(loc.path.rsplit("/", 1)[1])
    row = mb.sql("SELECT parent_id, depth, status, user_id, author_name, "
                 "author_email, body_md, body_html FROM comments WHERE "
                 "id = ?", (rid,))[0]
    assert row[:6] == (c, 2, "approved", 1, "Ada Admin", "ada@example.org")
    assert row[6] == "With *patience*."
    assert "<em>patience</em>" in row[7]
    # The held comment it answers is approved with it.
    assert status_of(mb, c) == "approved"
    assert comment_count(mb, p) == 2
    page = admin.get(loc.path + "?" + loc.query)
    assert page.doc.find("p", cls="notice").text() == \
        "Your reply is published."
    assert page.doc.find("section", cls="comment-context") is not None
    # The public page: nested under the parent, with the badge.
    pub = Browser(mb).get(p.path)
    parent = pub.doc.find("li", id_="comment-%d" % c)
    child = pub.doc.find("li", id_="comment-%d" % rid)
    assert parent is not None and child is not None
    assert parent in list(child.ancestors())
    assert "bypostauthor" in child.classes()
    assert child.find("span", cls="badge").text() == "Post author"
    assert "Ada Admin" in child.text()


def test_reply_at_the_maximum_depth_joins_the_thread(mb, admin):
    mb.settings(max_depth=2)
    try:
        p = new_post(mb)
        top = add_comment(mb, p, "Top Tom", status="approved")
        deep = add_comment(mb, p, "Deep Dora", status="approved",
                           parent=top)
        r = admin.post("/admin/comments/%d" % deep, {"reply": "Same level"})
        rid = int(done(r, "replied").path.rsplit("/", 1)[1])
        assert mb.sql("SELECT parent_id, depth FROM comments WHERE id = ?",
                      (rid,))[0] == (top, 2)
        assert comment_count(mb, p) == 3
    finally:
        mb.settings(max_depth=5)


def test_no_reply_to_spam_or_trash(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Junk Jim", status="spam")
    r = admin.get("/admin/comments/%d" % c)
    assert r.doc.find("textarea", name="reply") is None
    r = admin.post("/admin/comments/%d" % c, {"reply": "Hello"})
    assert r.status == 403
    assert mb.sql("SELECT count(*) FROM comments WHERE post_id = ?",
                  (p.id,))[0][0] == 1


def test_edit_text(mb, admin):
    p = new_post(mb)
    c = add_comment(mb, p, "Edna Edit", status="approved",
                    text="Orignal **txt**")
    r = admin.get("/admin/comments/%d" % c)
    assert textarea(r.doc.find("textarea", name="comment")) == \
        "Orignal **txt**"
    new = "Original **text**, fixed. [link](javascript:alert(1)) " \
          "[ok](https://example.org/)\n\n<script>alert(1)</script>\n"
    r = admin.post("/admin/comments/%d" % c, {"comment": new})
    done(r, "updated", "/admin/comments/%d" % c)
    md, body = mb.sql("SELECT body_md, body_html FROM comments WHERE id = ?",
                      (c,))[0]
    assert md == new
    assert "<strong>text</strong>" in body
    assert "<script" not in body and "javascript:" not in body
    assert 'rel="nofollow ugc noopener"' in body
    assert status_of(mb, c) == "approved"
    assert comment_count(mb, p) == 1
    pub = Browser(mb).get(p.path)
    assert "Original text, fixed." in pub.doc.find(
        "li", id_="comment-%d" % c).text()


KEPT = "Zo\u00eb \u65e5\u672c\u8a9e \U0001F389 <b>&amp; \"q\" 'a'\n"


@pytest.mark.parametrize("field", ["comment", "reply"])
@pytest.mark.parametrize("case", ["empty", "long", "control", "utf8"])
def test_invalid_text_422_keeps_everything(mb, admin, field, case):
    p = new_post(mb)
    c = add_comment(mb, p, "Vera Valid", text="Untouched")
    value, shown = {
        "empty": (" \n\t ", " \n\t "),
        "long": (KEPT + "x" * (16 * 1024), KEPT + "x" * (16 * 1024)),
        "control": (KEPT + "bell\x07", KEPT + "bell\x07"),
        "utf8": (KEPT.encode() + b"caf\xe9!", KEPT + "caf\ufffd!"),
    }[case]
    admin.get("/admin/comments/%d" % c)
    r = admin.post("/admin/comments/%d" % c, {field: value})
    assert r.status == 422, r.status
    ta = r.doc.find("textarea", name=field)
    assert textarea(ta) == shown
    assert ta.attrs.get("aria-invalid") == "true"
    err = r.doc.find("span", id_="edit-error" if field == "comment"
                     else "reply-error")
    assert err is not None and err.text()
    assert mb.sql("SELECT body_md, status FROM comments WHERE id = ?",
                  (c,))[0] == ("Untouched", "pending")
    assert mb.sql("SELECT count(*) FROM comments WHERE post_id = ?",
                  (p.id,))[0][0] == 1


# -- roles -------------------------------------------------------------------

def test_author_moderates_only_their_own_posts(mb, author, admin):
    mine = new_post(mb, author="writer")
    theirs = new_post(mb)
    own = add_comment(mb, mine, "On Mine")
    foreign = add_comment(mb, theirs, "On Theirs")
    r = author.get("/admin/comments")
    assert r.status == 200
    got = rows(r)
    assert own in got and foreign not in got
    want = {s: 0 for s in ("pending", "approved", "spam", "trash")}
    want.update(dict(mb.sql(
        "SELECT c.status, count(*) FROM comments c JOIN posts p ON p.id = "
        "c.post_id WHERE p.author_id = (SELECT id FROM users WHERE login = "
        "'writer') GROUP BY c.status")))
    assert tab_counts(r) == want
    # Another author's comment: refused, never a silent no-op.
    r = author.post("/admin/comments", {"status": "pending",
                                        "one": "approve:%d" % foreign})
    assert r.status == 403
    assert "their own posts" in error_text(r)
    r = author.post("/admin/comments", [("status", "pending"),
                                        ("action", "approve"),
                                        ("id", str(own)),
                                        ("id", str(foreign))])
    assert r.status == 403
    assert status_of(mb, own) == "pending"
    assert status_of(mb, foreign) == "pending"
    assert author.get("/admin/comments/%d" % foreign).status == 403
    for fields in ({"action": "trash"}, {"comment": "Hacked"},
                   {"reply": "Me too"}):
        assert author.post("/admin/comments/%d" % foreign,
                           fields).status == 403
    assert mb.sql("SELECT body_md, status FROM comments WHERE id = ?",
                  (foreign,))[0] == ("Words of On Theirs", "pending")
    assert mb.sql("SELECT count(*) FROM comments WHERE parent_id = ?",
                  (foreign,))[0][0] == 0
    # Their own: fine, and a reply carries their name.
    done(author.post("/admin/comments", {"status": "pending",
                                         "one": "approve:%d" % own}),
         "approved")
    assert status_of(mb, own) == "approved"
    r = author.post("/admin/comments/%d" % own, {"reply": "Thanks!"})
    rid = int(done(r, "replied").path.rsplit("/", 1)[1])
    assert mb.sql("SELECT author_name, user_id FROM comments WHERE id = ?",
                  (rid,))[0] == ("Walt Writer", mb.sql(
                      "SELECT id FROM users WHERE login = 'writer'")[0][0])
    assert comment_count(mb, mine) == 2
    # The admin moderates both.
    done(admin.post("/admin/comments", {"status": "pending",
                                        "one": "approve:%d" % foreign}),
         "approved")


def test_author_cannot_manage_tags(mb, author):
    assert author.get("/admin/tags").status == 403
    assert author.post("/admin/tags", {"action": "delete",
                                       "id": "1"}).status == 403
    assert mb.sql("SELECT count(*) FROM tags WHERE id = 1")[0][0] == 1


# -- valid HTML --------------------------------------------------------------

def test_admin_comment_pages_are_valid_html(mb, admin):
    assert os.path.exists(VNU), "no %s: run 'npm ci' in tests/" % VNU
    p = new_post(mb)
    top = add_comment(mb, p, "Valid Val", status="approved",
                      text="A *valid* comment")
    reply = add_comment(mb, p, "Reply Rita", parent=top)
    mb.sql("UPDATE comments SET author_url = 'https://rita.example/' "
           "WHERE id = ?", (reply,))
    pages = {}
    for view in ("pending", "approved", "spam", "trash"):
        pages["queue-" + view] = admin.get("/admin/comments?status=" + view)
    pages["comment"] = admin.get("/admin/comments/%d" % reply)
    pages["comment-422"] = admin.post("/admin/comments/%d" % reply,
                                      {"reply": ""})
    pages["queue-422"] = admin.post("/admin/comments", {"action": "spam"})
    pages["comment-403"] = admin.post("/admin/comments/%d" % reply,
                                      {"action": "delete"})
    assert pages["comment-422"].status == 422
    assert pages["queue-422"].status == 422
    assert pages["comment-403"].status == 403
    d = tempfile.mkdtemp(prefix="quire-vnu-admin-")
    try:
        files = {}
        for name, r in pages.items():
            f = os.path.join(d, name + ".html")
            with open(f, "wb") as out:
                out.write(r.body)
            files[f] = name
        out = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                              "--format", "json"] + sorted(files),
                             capture_output=True, text=True, timeout=300)
        report = json.loads(out.stdout)
        errors = ["%s:%s: %s" % (files.get(urllib.parse.unquote(
            m.get("url", "")).replace("file:", ""), m.get("url")),
            m.get("lastLine"), m.get("message"))
            for m in report.get("messages", [])]
        assert errors == []
    finally:
        shutil.rmtree(d, ignore_errors=True)
