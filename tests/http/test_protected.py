"""test_protected.py: password-protected posts (issue 20; DESIGN.md,
"Revisions, protected posts, shared drafts").

A protected post shows its title and a password form to everyone; the
right password (POST /protected, throttled like logins) sets a cookie
for that post. Without it no page, feed, search result, sitemap or page
file (the second cache tier, as in test_pagefiles.py) holds a word of
its text, excerpt or comments.
"""
import os
import re
import shutil
import tempfile
import urllib.parse

import pytest

from admin_client import Client, form_values
from conftest import form_inputs, make_blog, parse_html

SECRET_BODY = "quokkabody"
SECRET_EXCERPT = "wombatexcerpt"
SECRET_COMMENT = "numbatcomment"
PASSWORD = "open s\u00e9same & <friends>"


@pytest.fixture(scope="module")
def pb():
    tmp = tempfile.mkdtemp(prefix="quire-protected-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        b.settings(min_fill_seconds=0, flood_seconds=0, moderation="none",
                   rate_limit=100000)
        b.add_post("title: A public neighbour\ntags: garden\n\nPublic "
                   "words.\n")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(pb):
    c = Client(pb)
    c.login()
    return c


@pytest.fixture(scope="module")
def protected(pb, admin):
    """A published protected post with a comment: (id, path)."""
    r = admin.submit_editor(
        "/admin/posts/new", title="Members only", status="publish",
        tags="garden", body="The hidden text: %s.\n" % SECRET_BODY,
        excerpt="An excerpt with %s" % SECRET_EXCERPT)
    assert r.status == 303, r
    pid = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    path = view_path(admin, pid)
    # A reader comments while the post is still open to all.
    c = Client(pb)
    page = c.get(path)
    f = comment_form(page.text)
    f.update({"author": "Rosa", "email": "rosa@example.org",
              "comment": "I say %s here" % SECRET_COMMENT})
    r = c.post("/comment", f)
    assert r.status == 303, (r, r.text[:2000])
    # Now the password.
    r = admin.submit_editor("/admin/posts/%d" % pid, password=PASSWORD)
    assert r.status == 303, r
    assert pb.sql("SELECT password FROM posts WHERE id = ?", (pid,)) == [
        (PASSWORD,)]
    return pid, path


def view_path(admin, pid):
    page = admin.get("/admin/posts/%d" % pid)
    for a in page.page().find_all("a"):
        if a.text() == "View":
            return urllib.parse.urlsplit(a.attrs["href"]).path
    raise AssertionError("no View link")


def comment_form(html):
    return {i.attrs["name"]: i.attrs.get("value", "")
            for i in form_inputs(parse_html(html), "commentform")
            if "name" in i.attrs}


SECRETS = (SECRET_BODY, SECRET_EXCERPT, SECRET_COMMENT)


def clean(text, where):
    for s in SECRETS:
        assert s not in text, "%s shows %s" % (where, s)


def test_readers_see_the_title_and_a_form(pb, protected):
    pid, path = protected
    r = Client(pb).get(path)
    assert r.status == 200
    assert "Members only" in r.main_text()
    assert "This content is password protected" in r.main_text()
    form = r.page().find("form", action="/protected")
    assert form is not None and form.attrs["method"] == "post"
    assert form.find("input", name="post_id").attrs["value"] == str(pid)
    assert form.find("input", name="password") is not None
    clean(r.text, path)
    assert "no-store" in r.header("Cache-Control")


def test_no_public_page_shows_the_text(pb, protected):
    pid, path = protected
    reader = Client(pb)
    urls = ["/", "/feed/", "/comments/feed/", "/tag/garden/",
            "/tag/garden/feed/", "/sitemap.xml", "/search?q=Members",
            "/search?q=" + SECRET_BODY, "/search?q=" + SECRET_EXCERPT,
            "/author/admin/", path, path + "feed/"]
    y, m = path.split("/")[1:3]
    urls += ["/%s/" % y, "/%s/%s/" % (y, m)]
    for u in urls:
        for _ in range(2):      # the second from the caches, if any
            r = reader.get(u)
            assert r.status in (200, 404), (u, r)
            text = r.text
            if u.startswith("/search?q="):     # the query, echoed
                text = text.replace(u[len("/search?q="):], "")
            clean(text, u)
    # The title is found, the text is not.
    r = reader.get("/search?q=Members")
    assert "Members only" in r.main_text()
    r = reader.get("/search?q=" + SECRET_BODY)
    assert "Members only" not in r.main_text()
    # Its comments feed is not there at all.
    assert reader.get(path + "feed/").status == 404
    # No page file nginx serves holds a word of it (older generations,
    # from before the password, are no longer served).
    seen = 0
    for root, _, files in os.walk(os.path.join(pb.pages, "current") + "/"):
        for name in files:
            seen += 1
            with open(os.path.join(root, name), "rb") as f:
                data = f.read().decode("utf-8", "replace")
            clean(data, os.path.join(root, name))
    assert seen > 5, "no page files to look at"
    # The post's own page is never a file.
    assert not os.path.exists(os.path.join(pb.pages, "current",
                                           path.lstrip("/")))


def test_wrong_password_then_right_one(pb, protected):
    pid, path = protected
    c = Client(pb)
    r = c.post("/protected", {"post_id": str(pid), "password": "wrong"})
    assert r.status == 403
    assert "That password is not right." in r.main_text()
    clean(r.text, "wrong password")
    assert not any(k.startswith("quire_pp_") for k in c.cookies)
    r = c.post("/protected", {"post_id": str(pid), "password": PASSWORD})
    assert r.status == 303 and r.location.endswith(path), r
    cookie = r.set_cookies()["quire_pp_%d" % pid]
    assert "httponly" in cookie[1] and "path=/" in cookie[1]
    r = c.get(path)
    assert r.status == 200
    assert SECRET_BODY in r.text and SECRET_COMMENT in r.text
    # Still nobody else's: not kept by any cache, not a file.
    assert "no-store" in r.header("Cache-Control")
    assert not os.path.exists(os.path.join(pb.pages, "current",
                                           path.lstrip("/")))
    clean(Client(pb).get(path).text, "after an unlock")
    # A cookie for another post, or a made-up one, opens nothing.
    d = Client(pb)
    d.cookies["quire_pp_%d" % pid] = "0" * 32
    clean(d.get(path).text, "forged cookie")
    # A new password closes what the old one opened.
    admin = Client(pb)
    admin.login()
    admin.submit_editor("/admin/posts/%d" % pid, password=PASSWORD + "2")
    clean(c.get(path).text, "after a password change")
    admin.submit_editor("/admin/posts/%d" % pid, password=PASSWORD)


def test_comment_on_a_locked_post_is_refused(pb, protected):
    pid, path = protected
    c = Client(pb)
    r = c.post("/comment", {"comment_post_ID": str(pid), "author": "X",
                            "email": "x@example.org",
                            "comment": "sneaky words"})
    assert r.status in (403, 422), r
    assert pb.sql("SELECT count(*) FROM comments WHERE body_md LIKE "
                  "'%sneaky%'")[0][0] == 0


def test_password_attempts_are_throttled(pb, protected):
    pid, _ = protected
    c = Client(pb)
    statuses = [c.post("/protected", {"post_id": str(pid),
                                      "password": "nope%d" % i}).status
                for i in range(7)]
    assert statuses[:5] == [403] * 5, statuses
    assert statuses[-1] == 429, statuses
    r = c.post("/protected", {"post_id": str(pid), "password": PASSWORD})
    assert r.status == 429 and r.header("Retry-After")


def test_unknown_post_and_bad_input(pb, protected):
    c = Client(pb)
    for f in [{"post_id": "999999", "password": "x"},
              {"post_id": "abc", "password": "x"}, {"password": "x"}]:
        assert c.post("/protected", f).status == 404, f


def test_password_longer_than_200_is_bad_input(pb, admin):
    before = pb.sql("SELECT count(*) FROM posts")[0][0]
    r = admin.submit_editor("/admin/posts/new", title="Too long",
                            body="text kept \u00e9", password="p" * 201)
    assert r.status == 422
    assert "The password is too long: at most 200 characters." in \
        r.main_text()
    got = form_values(r)
    assert got["password"] == "p" * 201 and got["body"] == \
        "text kept \u00e9"
    assert pb.sql("SELECT count(*) FROM posts")[0][0] == before
    # 200 characters (not bytes) are fine.
    r = admin.submit_editor("/admin/posts/new", title="Just right",
                            body="x", password="\u00e9" * 200)
    assert r.status == 303, r


def test_json_export_keeps_passwords_and_revisions(pb, protected, tmp_path):
    pid, _ = protected
    out = pb.quire("export", "--format", "json", check=False)
    if out.returncode != 0:
        pytest.skip("quire export: %s" % out.stderr.strip())
    import json
    data = json.loads(out.stdout)
    assert {"post_id": pid, "password": PASSWORD} in data["protected"]
    revs = [r for r in data["revisions"] if r["post_id"] == pid]
    assert revs and any(SECRET_BODY in r["body"] for r in revs)
    # Into a new blog: the password and the history come along.
    tmp = tempfile.mkdtemp(prefix="quire-protected-import-")
    try:
        db = os.path.join(tmp, "b.db")
        src = os.path.join(tmp, "export.json")
        with open(src, "w", encoding="utf-8") as f:
            f.write(out.stdout)
        pb.quire("init", "--db", db, "--title", "Copy", "--base-url",
                 "http://127.0.0.1:9", db=False)
        pb.quire("import", "--format", "json", "--db", db, src, db=False)
        import sqlite3
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT password FROM posts WHERE id = ?",
                               (pid,)).fetchone() == (PASSWORD,)
            n = con.execute("SELECT count(*) FROM revisions WHERE "
                            "post_id = ?", (pid,)).fetchone()[0]
            assert n == len(revs)
        finally:
            con.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
