"""test_admin_tags.py: the tags page (rename, new slug with 301s from the
old addresses, merge, delete), from outside.

An admin logs in with a cookie-keeping HTTP session and sends the CSRF
token and the blog's Origin on every POST. Each test adds posts with
tags of its own (through `quire post add`), changes them in the admin,
and checks the stored tags, links and counts, and what readers get
through nginx: the tag archives, their 301s and the search.

These tests change tags, so they run on a blog of their own (module
fixture `tb`).
"""
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import http.client

import pytest

from conftest import ADMIN_PASSWORD, TOP, make_blog, parse_html
from content import post_file

VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")
JAVA = shutil.which("java") or "/usr/bin/java"
AUTHOR_PASSWORD = "an author's own long password"

_seq = itertools.count(1)


@pytest.fixture(scope="module")
def tb():
    tmp = tempfile.mkdtemp(prefix="quire-tags-")
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


class Browser:
    """Cookies kept, the blog's Origin on POST, the CSRF token read from
    the last admin page fetched."""

    def __init__(self, b):
        self.b = b
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                          timeout=30)
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

    def post(self, path, fields, csrf=True):
        items = list(fields.items() if isinstance(fields, dict) else fields)
        if csrf:
            items.insert(0, ("csrf", self.csrf))
        body = urllib.parse.urlencode(items).encode("ascii")
        return self.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.b.base})

    def login(self, login, password):
        assert self.get("/admin/login").status == 200
        r = self.post("/admin/login", {"login": login, "password": password,
                                       "next": "/admin/"}, csrf=False)
        assert r.status == 303, "login %s: %d" % (login, r.status)
        assert self.get("/admin/").status == 200
        return self


@pytest.fixture
def admin(tb):
    return Browser(tb).login("admin", ADMIN_PASSWORD)


# -- helpers -----------------------------------------------------------------

def add_posts(b, tags_list, status="published"):
    """One post per entry of tags_list (a list of tag names each); their
    ids."""
    ids = []
    for tags in tags_list:
        title = "Tagged post %d" % next(_seq)
        path = os.path.join(b.tmp, "tag-%d.md" % time.monotonic_ns())
        with open(path, "w", encoding="utf-8") as f:
            f.write(post_file(title, "Body of %s.\n" % title,
                              tags=", ".join(tags), status=status))
        b.quire("post", "add", path)
        ids.append(b.sql("SELECT id FROM posts WHERE title = ?",
                         (title,))[0][0])
    return ids


def tag(b, slug):
    """(id, name, slug, post_count) of the tag with that slug, or None."""
    rows = b.sql("SELECT id, name, slug, post_count FROM tags WHERE "
                 "slug = ?", (slug,))
    return rows[0] if rows else None


def linked(b, tag_id):
    return sorted(p for (p,) in b.sql(
        "SELECT post_id FROM post_tags WHERE tag_id = ?", (tag_id,)))


def public_count(b, tag_id):
    return b.sql("SELECT count(*) FROM post_tags pt JOIN posts p ON p.id = "
                 "pt.post_id WHERE pt.tag_id = ? AND p.status = 'published' "
                 "AND p.type = 'post'", (tag_id,))[0][0]


def all_counts(b):
    return dict(b.sql("SELECT slug, post_count FROM tags"))


def counts_right(b):
    for tid, n in b.sql("SELECT id, post_count FROM tags"):
        assert n == public_count(b, tid), "tag %d: %d" % (tid, n)


def done(r, code):
    assert r.status == 303, "wanted 303, got %d: %s" % (r.status,
                                                       r.text[:800])
    loc = urllib.parse.urlsplit(r.header("Location"))
    assert loc.path == "/admin/tags"
    assert urllib.parse.parse_qs(loc.query).get("done") == [code], loc
    return loc


def moved(b, path, to):
    """GET path through nginx gives a 301 to `to'."""
    r = b.get(path)
    assert r.status == 301, "%s: %d" % (path, r.status)
    assert urllib.parse.urlsplit(r.header("Location")).path == to, \
        r.header("Location")


def row(r, tag_id):
    return r.doc.find("tr", id_="tag-%d" % tag_id)


def update(admin, tid, name=None, slug=None):
    fields = [("action", "update"), ("id", str(tid))]
    if name is not None:
        fields.append(("name", name))
    if slug is not None:
        fields.append(("slug", slug))
    admin.get("/admin/tags")
    return admin.post("/admin/tags", fields)


# -- the list ---------------------------------------------------------------

def test_lists_every_tag_with_counts(tb, admin):
    add_posts(tb, [["Only In Drafts"]], status="draft")
    r = admin.get("/admin/tags")
    assert r.status == 200
    assert "no-store" in r.header("Cache-Control")
    for tid, name, slug, count in tb.sql("SELECT id, name, slug, post_count "
                                         "FROM tags"):
        tr = row(r, tid)
        assert tr is not None, name
        assert tr.find("input", name="name").attrs["value"] == name
        assert tr.find("input", name="slug").attrs["value"] == slug
        assert tr.find(cls="public-count").text() == str(count)
    draft = tag(tb, "only-in-drafts")
    assert draft[3] == 0
    assert row(r, draft[0]) is not None
    # Readers' /tags/ leaves it out; the admin list does not.
    assert "Only In Drafts" not in tb.get("/tags/").text


# -- rename and slug ------------------------------------------------------------

def test_rename(tb, admin):
    ids = add_posts(tb, [["Rename Me"], ["Rename Me", "Other Tag"]])
    tid = tag(tb, "rename-me")[0]
    before = all_counts(tb)
    done(update(admin, tid, name="Renamed Tag", slug="rename-me"),
         "updated")
    assert tag(tb, "rename-me")[1] == "Renamed Tag"
    assert linked(tb, tid) == sorted(ids)
    assert all_counts(tb) == before
    r = tb.get("/tag/rename-me/")
    assert r.status == 200
    assert parse_html(r.text).find("h1").text() == \
        "Tag Archives: Renamed Tag"
    # A post saved again with the new name keeps to the same tag.
    more = add_posts(tb, [["Renamed Tag"]])
    assert tb.sql("SELECT count(*) FROM tags WHERE name = 'Renamed Tag'")[0][0] \
        == 1
    assert linked(tb, tid) == sorted(ids + more)
    # The search index knows the new name.
    done(update(admin, tid, name="Zyxwvut"), "updated")
    r = tb.get("/search?q=Zyxwvut")
    assert r.status == 200
    for pid in ids + more:
        title = tb.sql("SELECT title FROM posts WHERE id = ?", (pid,))[0][0]
        assert title in r.text
    counts_right(tb)


def test_slug_change_redirects_old_addresses(tb, admin):
    ids = add_posts(tb, [["Slug Alpha"], ["Slug Alpha"]])
    tid = tag(tb, "slug-alpha")[0]
    r = update(admin, tid, name="Slug Alpha", slug="slug-beta")
    done(r, "updated")
    assert tag(tb, "slug-alpha") is None
    assert tag(tb, "slug-beta")[0] == tid
    assert linked(tb, tid) == sorted(ids)
    assert tag(tb, "slug-beta")[3] == 2
    assert tb.get("/tag/slug-beta/").status == 200
    assert tb.get("/tag/slug-beta/feed/").status == 200
    moved(tb, "/tag/slug-alpha/", "/tag/slug-beta/")
    moved(tb, "/tag/slug-alpha/feed/", "/tag/slug-beta/feed/")
    # Again: every old address leads straight to the newest.
    done(update(admin, tid, slug="slug-gamma"), "updated")
    moved(tb, "/tag/slug-alpha/", "/tag/slug-gamma/")
    moved(tb, "/tag/slug-beta/", "/tag/slug-gamma/")
    moved(tb, "/tag/slug-alpha/feed/", "/tag/slug-gamma/feed/")
    # And back: the first address is the tag's own again, no redirect.
    done(update(admin, tid, slug="slug-alpha"), "updated")
    assert tb.get("/tag/slug-alpha/").status == 200
    assert tb.get("/tag/slug-alpha/feed/").status == 200
    moved(tb, "/tag/slug-beta/", "/tag/slug-alpha/")
    moved(tb, "/tag/slug-gamma/", "/tag/slug-alpha/")
    counts_right(tb)


def test_slug_typed_loosely_is_made_a_slug(tb, admin):
    add_posts(tb, [["Loose Slug"]])
    tid = tag(tb, "loose-slug")[0]
    done(update(admin, tid, slug="  Caf\u00e9 Cr\u00e8me 2024!  "), "updated")
    assert tb.sql("SELECT slug FROM tags WHERE id = ?", (tid,))[0][0] == \
        "cafe-creme-2024"
    moved(tb, "/tag/loose-slug/", "/tag/cafe-creme-2024/")


def test_slug_change_of_a_non_latin_slug(tb, admin):
    add_posts(tb, [["\u0411\u0435\u0433"]])
    t = tag(tb, "\u0431\u0435\u0433")
    assert t is not None
    old = "/tag/%D0%B1%D0%B5%D0%B3/"
    assert tb.get(old).status == 200
    done(update(admin, t[0], slug="beg"), "updated")
    moved(tb, old, "/tag/beg/")
    moved(tb, old + "feed/", "/tag/beg/feed/")
    done(update(admin, t[0], slug="\u0431\u0435\u0433"), "updated")
    assert tb.get(old).status == 200
    moved(tb, "/tag/beg/", old)


def test_errors_keep_what_was_typed(tb, admin):
    add_posts(tb, [["Keeper One"], ["Keeper Two"]])
    one, two = tag(tb, "keeper-one")[0], tag(tb, "keeper-two")[0]
    snapshot = tb.sql("SELECT id, name, slug, post_count FROM tags "
                      "ORDER BY id")
    typed_name = "Typed \u00c4 <b>&amp;</b> \"q\""
    cases = [
        # (name, slug, field with the error, words in it)
        (typed_name, "keeper-two", "slug", "already used by the tag"),
        ("   ", "keeper-one-x", "name", "Please give the tag a name"),
        ("Keeper Two", "keeper-one", "name", "Another tag is already called"),
        ("With, comma", "keeper-one", "name", "comma"),
        (typed_name, "!!!", "slug", "letters or digits"),
        (typed_name, "", "slug", "Please give the tag a slug"),
        ("Bell\x07", "keeper-one", "name", "not allowed"),
    ]
    for name, slug, field, words in cases:
        r = update(admin, one, name=name, slug=slug)
        assert r.status == 422, (name, slug, r.status)
        tr = row(r, one)
        inp = {f: tr.find("input", name=f) for f in ("name", "slug")}
        assert inp["slug"].attrs["value"] == slug
        if field != "name" or "\x07" not in name:
            assert inp["name"].attrs["value"] == name
        assert inp[field].attrs.get("aria-invalid") == "true"
        err = tr.find("span", id_="%s-error-%d" % (field, one))
        assert err is not None and words in err.text(), err and err.text()
        other = "slug" if field == "name" else "name"
        assert tr.find("span", id_="%s-error-%d" % (other, one)) is None
        # The other rows show what is stored.
        assert row(r, two).find("input", name="name").attrs["value"] == \
            "Keeper Two"
        assert r.doc.find(cls="form-errors") is not None
    assert tb.sql("SELECT id, name, slug, post_count FROM tags "
                  "ORDER BY id") == snapshot


# -- merge and delete --------------------------------------------------------------

def test_merge(tb, admin):
    a_only, both, b_only = add_posts(tb, [["Merge From"],
                                          ["Merge From", "Merge Into"],
                                          ["Merge Into"]])
    draft, = add_posts(tb, [["Merge From"]], status="draft")
    a, b = tag(tb, "merge-from")[0], tag(tb, "merge-into")[0]
    assert tag(tb, "merge-from")[3] == 2 and tag(tb, "merge-into")[3] == 2
    before = all_counts(tb)
    admin.get("/admin/tags")
    done(admin.post("/admin/tags", {"action": "merge", "from": str(a),
                                    "into": str(b)}), "merged")
    assert tag(tb, "merge-from") is None
    assert linked(tb, a) == []
    assert linked(tb, b) == sorted([a_only, both, b_only, draft])
    assert tag(tb, "merge-into")[3] == 3
    after = all_counts(tb)
    del before["merge-from"], before["merge-into"]
    del after["merge-into"]
    assert after == before
    moved(tb, "/tag/merge-from/", "/tag/merge-into/")
    moved(tb, "/tag/merge-from/feed/", "/tag/merge-into/feed/")
    r = tb.get("/tag/merge-into/")
    assert r.status == 200
    for pid in (a_only, both, b_only):
        title = tb.sql("SELECT title FROM posts WHERE id = ?", (pid,))[0][0]
        assert title in r.text
    counts_right(tb)


def test_merge_into_itself_422(tb, admin):
    add_posts(tb, [["Selfish"], ["Bystander Tag"]])
    a, other = tag(tb, "selfish")[0], tag(tb, "bystander-tag")[0]
    admin.get("/admin/tags")
    r = admin.post("/admin/tags", {"action": "merge", "from": str(a),
                                   "into": str(a)})
    assert r.status == 422
    err = r.doc.find("span", id_="merge-error")
    assert "cannot be merged into itself" in err.text()
    for sel in ("merge-from", "merge-into"):
        chosen = [o.attrs["value"] for o in
                  r.doc.find("select", id_=sel).find_all("option")
                  if "selected" in o.attrs]
        assert chosen == [str(a)], (sel, chosen)
    r = admin.post("/admin/tags", {"action": "merge", "from": str(a),
                                   "into": ""})
    assert r.status == 422
    assert "choose both tags" in r.doc.find("span", id_="merge-error").text()
    assert tag(tb, "selfish") is not None
    assert linked(tb, other) != []


def test_delete(tb, admin):
    ids = add_posts(tb, [["Doomed", "Survivor"], ["Doomed"]])
    d = tag(tb, "doomed")[0]
    before = all_counts(tb)
    admin.get("/admin/tags")
    done(admin.post("/admin/tags", {"action": "delete", "id": str(d)}),
         "deleted")
    assert tag(tb, "doomed") is None
    assert linked(tb, d) == []
    assert tb.sql("SELECT count(*) FROM posts WHERE id IN (?, ?)",
                  tuple(ids))[0][0] == 2
    del before["doomed"]
    assert all_counts(tb) == before
    assert tb.get("/tag/doomed/").status == 404
    r = admin.get("/admin/tags?done=deleted")
    assert r.doc.find("p", cls="notice").text() == "Deleted for good."
    assert row(r, d) is None
    # A stale form: the tag is gone.
    assert admin.post("/admin/tags", {"action": "delete",
                                      "id": str(d)}).status == 404
    counts_right(tb)


def test_redirects_to_a_deleted_tag_are_dropped(tb, admin):
    add_posts(tb, [["Short Lived"]])
    t = tag(tb, "short-lived")[0]
    done(update(admin, t, slug="short-lived-2"), "updated")
    moved(tb, "/tag/short-lived/", "/tag/short-lived-2/")
    done(admin.post("/admin/tags", {"action": "delete", "id": str(t)}),
         "deleted")
    assert tb.get("/tag/short-lived/").status == 404


# -- who may --------------------------------------------------------------------

def test_author_gets_403(tb):
    author = Browser(tb).login("writer", AUTHOR_PASSWORD)
    r = author.get("/admin/tags")
    assert r.status == 403
    assert "Only administrators" in r.text
    tid = tb.sql("SELECT min(id) FROM tags")[0][0]
    before = tb.sql("SELECT id, name, slug FROM tags ORDER BY id")
    for fields in ({"action": "delete", "id": str(tid)},
                   {"action": "update", "id": str(tid), "name": "Mine"}):
        assert author.post("/admin/tags", fields).status == 403
    assert tb.sql("SELECT id, name, slug FROM tags ORDER BY id") == before


def test_missing_csrf_403(tb, admin):
    tid = tb.sql("SELECT min(id) FROM tags")[0][0]
    admin.get("/admin/tags")
    r = admin.post("/admin/tags", {"action": "delete", "id": str(tid)},
                   csrf=False)
    assert r.status == 403
    assert tag(tb, tb.sql("SELECT slug FROM tags WHERE id = ?",
                          (tid,))[0][0]) is not None


def test_unknown_action_400(tb, admin):
    admin.get("/admin/tags")
    assert admin.post("/admin/tags", {"action": "explode"}).status == 400


# -- valid HTML --------------------------------------------------------------

def test_tags_pages_are_valid_html(tb, admin):
    assert os.path.exists(VNU), "no %s: run 'npm ci' in tests/" % VNU
    add_posts(tb, [["Valid \u00dcml\u00e4ut"], ["Valid Two"]])
    one = tag(tb, "valid-umlaut")[0]
    pages = {"tags": admin.get("/admin/tags"),
             "tags-notice": admin.get("/admin/tags?done=merged")}
    pages["tags-422-slug"] = update(admin, one, name="X", slug="valid-two")
    pages["tags-422-merge"] = admin.post("/admin/tags", {
        "action": "merge", "from": str(one), "into": str(one)})
    # Each page is the one meant: the list, its notice, and each form
    # with its error.
    assert pages["tags"].status == 200
    assert pages["tags"].doc.find("h1").text() == "Tags"
    assert pages["tags-notice"].status == 200
    assert pages["tags-notice"].doc.find("p", cls="notice").text() == \
        "Merged."
    r = pages["tags-422-slug"]
    assert r.status == 422
    err = row(r, one).find("span", id_="slug-error-%d" % one)
    assert err is not None and "already used by the tag" in err.text()
    r = pages["tags-422-merge"]
    assert r.status == 422
    assert "cannot be merged into itself" in r.doc.find(
        "span", id_="merge-error").text()
    d = tempfile.mkdtemp(prefix="quire-vnu-tags-")
    try:
        names = {}
        for name, r in pages.items():
            f = os.path.join(d, name + ".html")
            with open(f, "wb") as out:
                out.write(r.body)
            names["file:" + f] = name
        out = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                              "--format", "json"] + sorted(names),
                             capture_output=True, text=True, timeout=300)
        report = json.loads(out.stdout)
        errors = ["%s:%s: %s" % (names.get(m.get("url"), m.get("url")),
                                 m.get("lastLine"), m.get("message"))
                  for m in report.get("messages", [])]
        assert errors == []
    finally:
        shutil.rmtree(d, ignore_errors=True)
