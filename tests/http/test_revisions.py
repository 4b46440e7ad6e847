"""test_revisions.py: revisions, never losing a word, two editors,
autosaves and shared drafts (issue 20; DESIGN.md, "Revisions, protected
posts, shared drafts").

The editor is used as a browser uses it (admin_client.Client): open the
page, read its form, change fields, press a button. A session is made
to end mid-edit by the test itself (its row deleted, or its last use
moved back past the idle limit), then the save is sent: after logging
in, every character typed is back in the form.
"""
import base64
import hashlib
import hmac
import re
import shutil
import tempfile
import time
import urllib.parse

import pytest

from admin_client import Client, form_fields, form_values
from conftest import ADMIN_PASSWORD, make_blog

# Text that must come back byte for byte (as test_admin_posts.KEEP).
KEEP = ("\nFirst line <b>bold</b> & &amp; \"double\" 'single' \U0001F389 "
        "\u65e5\u672c\u8a9e\u00a0x\t<script>alert(1)</script>\n\n"
        "- a list item\n\n   trailing   \n" + "long " * 2000)

NOT_SAVED = "Not saved yet"


@pytest.fixture(scope="module")
def rb():
    tmp = tempfile.mkdtemp(prefix="quire-revisions-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        b.quire("user", "add", "--login", "bob", "--name", "Bob Author",
                "--email", "bob@example.org", "--role", "author",
                input=ADMIN_PASSWORD + "\n")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def admin(rb):
    c = Client(rb)
    c.login()
    return c


_seq = iter(range(1, 10 ** 6))


def unique(word):
    return "%s %d" % (word, next(_seq))


def create(c, **values):
    values.setdefault("status", "draft")
    values.setdefault("body", "Some text.\n")
    r = c.submit_editor("/admin/posts/new", **values)
    assert r.status == 303, "%r\n%s" % (r, r.text[:2000])
    m = re.fullmatch(r"/admin/posts/(\d+)\?done=\w+", r.location)
    assert m, r.location
    return int(m.group(1))


def edit(c, pid, **values):
    return c.submit_editor("/admin/posts/%d" % pid, **values)


def revisions(b, pid):
    return b.sql("SELECT id, kind, status, title, body, tags, excerpt "
                 "FROM revisions WHERE post_id = ? ORDER BY id", (pid,))


def post_row(b, pid):
    return b.sql("SELECT title, body_md, excerpt, password FROM posts "
                 "WHERE id = ?", (pid,))[0]


# -- revisions ---------------------------------------------------------------

def test_every_save_is_a_revision(rb, admin):
    t1 = unique("First")
    pid = create(admin, title=t1, body="one two three", tags="a, b",
                 excerpt="ex one")
    r = edit(admin, pid, title=t1 + " again", body="one 2 three")
    assert r.status == 303, r
    rows = revisions(rb, pid)
    assert [(k, t, body) for _, k, _, t, body, _, _ in rows] == [
        ("save", t1, "one two three"), ("save", t1 + " again",
                                        "one 2 three")]
    assert rows[0][5] == "a, b" and rows[0][6] == "ex one"
    # Who and when, on the history page linked from the editor.
    page = admin.get("/admin/posts/%d" % pid)
    link = page.page().find("a", href="/admin/posts/%d/revisions" % pid)
    assert link is not None and link.text() == "Revisions"
    h = admin.get("/admin/posts/%d/revisions" % pid)
    assert h.status == 200
    text = h.main_text()
    assert "Ada Admin" in text and t1 + " again" in text
    assert "2 revision(s)" in text


def test_word_diff_and_side_by_side(rb, admin):
    pid = create(admin, title=unique("Diff"),
                 body="the quick <fox> jumps")
    edit(admin, pid, body="the slow <fox> & jumps")
    (a, *_), (b_, *_) = revisions(rb, pid)
    r = admin.get("/admin/posts/%d/revisions?a=%d&b=%d" % (pid, a, b_))
    assert r.status == 200
    assert ("the <del>quick</del><ins>slow</ins> &lt;fox&gt; "
            "<ins>&amp; </ins>jumps") in r.text
    assert "<fox>" not in r.text
    r = admin.get("/admin/posts/%d/revisions?a=%d&b=%d&view=side"
                  % (pid, a, b_))
    assert r.status == 200
    cells = [td.text() for td in r.page().find_all("td")
             if "diff-text" in (td.attrs.get("class") or "")]
    assert "the quick <fox> jumps" in cells
    assert "the slow <fox> & jumps" in cells
    # A revision of another post is not one of this post's.
    other = create(admin, title=unique("Other"))
    (o, *_), = revisions(rb, other)
    r = admin.get("/admin/posts/%d/revisions?a=%d&b=%d" % (pid, a, o))
    assert r.status == 400


def test_restore_makes_a_new_revision(rb, admin):
    pid = create(admin, title=unique("Restore"), body="version one",
                 excerpt="first excerpt")
    edit(admin, pid, body="version two", excerpt="second")
    first = revisions(rb, pid)[0][0]
    csrf = admin.csrf("/admin/posts/%d/revisions" % pid)
    r = admin.post("/admin/posts/%d/revisions" % pid,
                   {"csrf": csrf, "restore": str(first)})
    assert r.status == 303, r
    assert r.location == "/admin/posts/%d?done=reverted" % pid
    assert post_row(rb, pid)[1:3] == ("version one", "first excerpt")
    rows = revisions(rb, pid)
    assert len(rows) == 3 and rows[-1][1] == "restore"
    assert rows[-1][4] == "version one"
    page = admin.get(r.location)
    assert "Revision restored" in page.main_text()


def test_restore_of_another_posts_revision_is_bad_input(rb, admin):
    pid = create(admin, title=unique("Mine"), body="mine")
    other = create(admin, title=unique("Theirs"), body="theirs")
    theirs = revisions(rb, other)[0][0]
    before = post_row(rb, pid), revisions(rb, pid)
    csrf = admin.csrf("/admin/posts/%d/revisions" % pid)
    for value in [str(theirs), "0", "-1", "x", "", "99999999"]:
        r = admin.post("/admin/posts/%d/revisions" % pid,
                       {"csrf": csrf, "restore": value})
        assert r.status == 422, (value, r)
        assert "restore: that is not a revision of this post" in \
            r.main_text()
    assert (post_row(rb, pid), revisions(rb, pid)) == before


def test_retention_keeps_newest_and_published(rb, admin):
    rb.settings(revisions_keep=3)
    try:
        pid = create(admin, title=unique("Keep"), body="v0",
                     status="publish")
        for i in range(1, 7):
            edit(admin, pid, body="v%d" % i, status="draft")
        rows = revisions(rb, pid)
        bodies = [r[4] for r in rows]
        # The published first version, and the newest three.
        assert bodies == ["v0", "v4", "v5", "v6"], bodies
    finally:
        rb.settings(revisions_keep=50)


def test_history_is_paged(rb, admin):
    pid = create(admin, title=unique("Paged"))
    rb.sql("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM "
           "n WHERE v < 120) INSERT INTO revisions (post_id, author_id, "
           "created, kind, status, title, body) SELECT ?, 1, 1700000000 + "
           "v, 'save', 'draft', 'T' || v, 'B' FROM n", (pid,))
    r = admin.get("/admin/posts/%d/revisions" % pid)
    assert r.status == 200
    assert len(r.page().find_all("tr")) == 51       # 50 and the head
    older = r.page().find("a", class_="older")
    assert older is not None
    r2 = admin.get(older.attrs["href"])
    assert len(r2.page().find_all("tr")) == 51
    r3 = admin.get("/admin/posts/%d/revisions?page=3" % pid)
    assert len(r3.page().find_all("tr")) == 22      # 121 in all


# -- never lose a word ---------------------------------------------------------

def typed(pid=None):
    return {"title": unique("Typed \u00e9 <title>"), "body": KEEP,
            "tags": "one, two & three", "excerpt": "An excerpt \"q\"",
            "slug": "", "status": "draft"}


def held_round_trip(b, c, path, fields, end_session):
    """Open path's editor, fill fields, end the session the way given,
    press save: the login form; log in: back in the editor, as typed."""
    form = dict(c.editor(path))
    form.update(fields)
    form["save"] = "1"
    end_session()
    r = c.post(path, form)
    assert r.status == 403, r
    main = r.main_text()
    assert "What you typed is kept" in main
    login = r.page().find("form", cls="login-form")
    assert login is not None
    # Nothing of the text in any header (never in a URL).
    assert "Typed" not in str(r.headers) and "alert" not in str(r.headers)
    r = c.login()
    assert r.location == path, r.location
    r = c.get(path)
    assert r.status == 200
    assert NOT_SAVED in r.main_text()
    got = form_values(r)
    for k, v in fields.items():
        assert got[k] == v, (k, got[k][:80], v[:80])
    # Once only: the held form is gone, the cookie with it.
    assert b.sql("SELECT count(*) FROM held_forms")[0][0] == 0
    assert "quire_held" not in c.cookies
    return r


def test_session_row_deleted_mid_edit(rb):
    c = Client(rb)
    c.login()
    pid = create(c, title=unique("Before"), body="stored text")
    before = post_row(rb, pid)
    fields = typed()
    r = held_round_trip(rb, c, "/admin/posts/%d" % pid, fields,
                        lambda: rb.sql("DELETE FROM sessions"))
    assert post_row(rb, pid) == before      # not saved yet
    # Saving it now keeps every character.
    f = form_values(r)
    f["save"] = "1"
    r = c.post("/admin/posts/%d" % pid, f)
    assert r.status == 303
    assert post_row(rb, pid)[:3] == (fields["title"], KEEP,
                                     fields["excerpt"])


def test_session_idle_past_its_limit_mid_edit(rb):
    c = Client(rb)
    c.login()
    fields = typed()
    held_round_trip(rb, c, "/admin/posts/new", fields,
                    lambda: rb.sql("UPDATE sessions SET seen = seen - "
                                   "15 * 86400, created = created - "
                                   "15 * 86400"))
    assert rb.sql("SELECT count(*) FROM posts WHERE title = ?",
                  (fields["title"],))[0][0] == 0


def test_stale_token_mid_edit(rb):
    c = Client(rb)
    c.login()
    pid = create(c, title=unique("Stale"))
    path = "/admin/posts/%d" % pid
    form = dict(c.editor(path))
    fields = typed()
    form.update(fields)
    form["save"] = "1"
    form["csrf"] = "0" * 64
    r = c.post(path, form)
    assert r.status == 403
    assert "security token is missing or out of date" in r.main_text()
    assert "What you typed is kept" in r.main_text()
    c.login()
    r = c.get(path)
    assert NOT_SAVED in r.main_text()
    got = form_values(r)
    assert all(got[k] == v for k, v in fields.items())


def test_after_a_password_change(rb):
    c = Client(rb)
    c.login(login="bob")
    pid = create(c, title=unique("Bob's"))
    form = dict(c.editor("/admin/posts/%d" % pid))
    fields = typed()
    form.update(fields, save="1")
    # The password changed elsewhere: every session of bob ends.
    rb.quire("user", "passwd", "--login", "bob",
             input=ADMIN_PASSWORD + "\n")
    rb.sql("DELETE FROM sessions WHERE user_id = "
           "(SELECT id FROM users WHERE login = 'bob')")
    r = c.post("/admin/posts/%d" % pid, form)
    assert r.status == 403 and "What you typed is kept" in r.main_text()
    c.login(login="bob")
    r = c.get("/admin/posts/%d" % pid)
    assert NOT_SAVED in r.main_text()
    assert form_values(r)["body"] == KEEP


def test_held_form_is_bound_to_its_login(rb):
    """A form held with a stale token of the admin's session goes back
    to the admin only: bob logging in on that browser does not get it."""
    c = Client(rb)
    c.login()
    form = dict(c.editor("/admin/posts/new"))
    form.update(typed(), save="1", csrf="0" * 64)
    assert c.post("/admin/posts/new", form).status == 403
    r = c.login(login="bob")
    assert r.location == "/admin/", r.location
    r = c.get("/admin/posts/new")
    assert NOT_SAVED not in r.main_text()
    assert form_values(r)["body"] == ""
    rb.sql("DELETE FROM held_forms")


def test_foreign_origin_is_not_held(rb):
    c = Client(rb)
    form = {"title": "From elsewhere", "body": "x", "save": "1"}
    r = c.post("/admin/posts/new", form,
               headers={"Origin": "http://evil.example"})
    assert r.status == 403
    assert "quire_held" not in c.cookies
    assert rb.sql("SELECT count(*) FROM held_forms")[0][0] == 0


def test_settings_held_over_a_login(rb):
    c = Client(rb)
    c.login()
    r = c.get("/admin/settings")
    form = dict((k, v) for k, v in
                __import__("admin_client").form_fields(
                    r.page().find("form", cls="settings-form")))
    form["description"] = "A tagline \u2014 typed <here> & kept"
    rb.sql("DELETE FROM sessions")
    r = c.post("/admin/settings", form)
    assert r.status == 403 and "What you typed is kept" in r.main_text()
    c.login()
    r = c.get("/admin/settings")
    assert NOT_SAVED in r.main_text()
    inp = r.page().find("input", name="description")
    assert inp.attrs["value"] == "A tagline \u2014 typed <here> & kept"
    assert rb.sql("SELECT count(*) FROM settings WHERE key = "
                  "'description' AND value LIKE 'A tagline%'")[0][0] == 0


# -- two editors -------------------------------------------------------------

def test_two_sessions_saving_the_same_post(rb):
    a = Client(rb)
    a.login()
    b = Client(rb)
    b.login()
    pid = create(a, title=unique("Shared"), body="base text here")
    path = "/admin/posts/%d" % pid
    fa = dict(a.editor(path))
    fb = dict(b.editor(path))
    fa.update(body="base text here, and Alice's words", save="1")
    fb.update(body="Bob's own words on base text", save="1")
    assert a.post(path, fa).status == 303
    r = b.post(path, fb)
    assert r.status == 409, r
    # Nothing overwritten: theirs stored, yours in the form and kept.
    assert post_row(rb, pid)[1] == "base text here, and Alice's words"
    assert form_values(r)["body"] == "Bob's own words on base text"
    theirs = r.page().find("textarea", id_="theirs-body")
    assert theirs is not None
    assert "Alice's words" in theirs.text()
    assert "Someone else saved this post" in r.main_text()
    kinds = [(k, body) for _, k, _, _, body, _, _ in revisions(rb, pid)]
    assert ("conflict", "Bob's own words on base text") in kinds
    # Bob merges and saves: now based on the stored revision, it goes.
    merged = form_values(r)
    merged["body"] = "base text here, and Alice's words; Bob's own words"
    merged["save"] = "1"
    r = b.post(path, merged)
    assert r.status == 303, r
    assert post_row(rb, pid)[1] == merged["body"]
    # Both texts reachable in the history.
    bodies = [row[4] for row in revisions(rb, pid)]
    assert "base text here, and Alice's words" in bodies
    assert "Bob's own words on base text" in bodies


# -- autosave ----------------------------------------------------------------

def test_autosave_and_its_banner(rb, admin):
    pid = create(admin, title=unique("Auto"), body="saved text")
    path = "/admin/posts/%d" % pid
    csrf = admin.csrf(path)
    r = admin.post(path + "/autosave", {"csrf": csrf, "title": "Auto t",
                                        "body": "typed since <save>",
                                        "tags": "", "excerpt": ""})
    assert r.status == 200, r
    assert post_row(rb, pid)[1] == "saved text"     # the post unchanged
    r = admin.get(path)
    banner = r.page().find("p", class_="notice autosave-banner")
    assert banner is not None, r.text[:3000]
    link = banner.find("a").attrs["href"]
    r = admin.get(link)
    assert form_values(r)["body"] == "typed since <save>"
    assert "not saved yet" in r.main_text()
    # One autosave per author and post; a save drops it.
    admin.post(path + "/autosave", {"csrf": csrf, "body": "again"})
    assert [k for _, k, *_ in revisions(rb, pid)].count("autosave") == 1
    edit(admin, pid, body="saved again")
    assert [k for _, k, *_ in revisions(rb, pid)].count("autosave") == 0
    assert admin.get(path).page().find(
        "p", class_="notice autosave-banner") is None
    # Without the token: refused, nothing stored.
    r = admin.post(path + "/autosave", {"body": "x"})
    assert r.status == 403


# -- shared drafts -------------------------------------------------------------

def share(c, pid, button="share"):
    path = "/admin/posts/%d" % pid
    r = c.post(path, {"csrf": c.csrf(path), button: "1"})
    assert r.status == 303, r
    page = c.get(path)
    form = page.page().find("form", class_="share")
    a = form.find("a")
    return urllib.parse.urlsplit(a.attrs["href"]).path if a else None


def test_shared_draft_link(rb, admin):
    pid = create(admin, title=unique("Draft to share"),
                 body="Secret draft words zebracorn")
    link = share(admin, pid)
    assert link.startswith("/preview/")
    reader = Client(rb)
    r = reader.get(link)
    assert r.status == 200, r
    assert "zebracorn" in r.text
    assert "Preview" in r.main_text()
    assert r.header("X-Robots-Tag") == "noindex"
    assert '<meta name="robots" content="noindex">' in r.text
    assert "no-store" in (r.header("Cache-Control") or "")
    # A forged one: the signature does not match.
    forged = link[:-4] + ("0000" if not link.endswith("0000") else "1111")
    assert reader.get(forged).status == 410
    # Revoked: 410 with a page saying so.
    assert share(admin, pid, "unshare") is None
    r = reader.get(link)
    assert r.status == 410
    assert "This preview link no longer works" in r.main_text()
    assert "zebracorn" not in r.text


def test_expired_shared_draft_is_gone(rb, admin):
    pid = create(admin, title=unique("Expiring"), body="old draft words")
    share(admin, pid)
    key = bytes.fromhex(rb.sql("SELECT value FROM settings WHERE key = "
                               "'secret_key'")[0][0])
    nonce = rb.sql("SELECT preview_nonce FROM posts WHERE id = ?",
                   (pid,))[0][0]
    past = int(time.time()) - 60
    rb.sql("UPDATE posts SET preview_expires = ? WHERE id = ?", (past, pid))
    mac = hmac.new(key, ("preview:%d:%d:%s" % (pid, past, nonce)).encode(),
                   hashlib.sha256).hexdigest()[:32]
    r = Client(rb).get("/preview/%d-%d-%s" % (pid, past, mac))
    assert r.status == 410
    assert "This preview link has expired" in r.main_text()
    assert "old draft words" not in r.text


def test_comment_reply_held_over_a_login(rb):
    c = Client(rb)
    c.login()
    pid = create(c, title=unique("Commented"), status="publish")
    rb.settings(min_fill_seconds=0, moderation="none")
    reader = Client(rb)
    path = [a.attrs["href"] for a in c.get("/admin/posts/%d" % pid)
            .page().find_all("a") if a.text() == "View"][0]
    page = reader.get(urllib.parse.urlsplit(path).path)
    doc = page.page()
    f = dict(form_fields(doc.find("form", id_="commentform"), doc))
    f.update(author="Rosa", email="rosa@example.org", comment="Hello")
    assert reader.post("/comment", f).status == 303
    cid = rb.sql("SELECT max(id) FROM comments")[0][0]
    reply = "A long reply \u2014 <kept> & \"quoted\"\n\nSecond paragraph."
    csrf = c.csrf("/admin/comments/%d" % cid)
    rb.sql("DELETE FROM sessions")
    r = c.post("/admin/comments/%d" % cid, {"csrf": csrf, "reply": reply})
    assert r.status == 403 and "What you typed is kept" in r.main_text()
    assert c.login().location == "/admin/comments/%d" % cid
    r = c.get("/admin/comments/%d" % cid)
    assert NOT_SAVED in r.main_text()
    from admin_client import textarea_value
    assert textarea_value(r.page().find("textarea", name="reply")) == reply
    assert rb.sql("SELECT count(*) FROM comments WHERE body_md = ?",
                  (reply,))[0][0] == 0


def test_tag_form_held_and_never_acted_on(rb):
    c = Client(rb)
    c.login()
    create(c, title=unique("Tagged"), tags="heldtag")
    tid = rb.sql("SELECT id FROM tags WHERE slug = 'heldtag'")[0][0]
    csrf = c.csrf("/admin/tags")
    rb.sql("DELETE FROM sessions")
    r = c.post("/admin/tags", {"csrf": csrf, "action": "update",
                               "id": str(tid), "name": "Held \u00e9 name",
                               "slug": "heldtag"})
    assert r.status == 403
    c.login()
    r = c.get("/admin/tags")
    assert NOT_SAVED in r.main_text()
    assert r.page().find("input", id_="name-%d" % tid).attrs["value"] == \
        "Held \u00e9 name"
    assert rb.sql("SELECT name FROM tags WHERE id = ?", (tid,)) == [
        ("heldtag",)]
    # A held delete is shown, never done.
    csrf = c.csrf("/admin/tags")
    rb.sql("DELETE FROM sessions")
    r = c.post("/admin/tags", {"csrf": csrf, "action": "delete",
                               "id": str(tid)})
    assert r.status == 403
    c.login()
    assert c.get("/admin/tags").status == 200
    assert rb.sql("SELECT count(*) FROM tags WHERE id = ?", (tid,)) == [
        (1,)]


def test_form_of_an_expired_session_is_bound_to_its_user(rb):
    """The session expired (idle): its user is known, so only that user
    gets the form back; bob logging in on the same browser does not."""
    c = Client(rb)
    c.login()
    form = dict(c.editor("/admin/posts/new"))
    form.update(typed(), save="1")
    rb.sql("UPDATE sessions SET seen = seen - 15 * 86400")
    assert c.post("/admin/posts/new", form).status == 403
    assert rb.sql("SELECT u.login FROM held_forms h JOIN users u ON "
                  "u.id = h.user_id") == [("admin",)]
    assert c.login(login="bob").location == "/admin/"
    assert NOT_SAVED not in c.get("/admin/posts/new").main_text()
    rb.sql("DELETE FROM held_forms")
