"""test_privacy.py: privacy by default (DESIGN.md, Privacy).

Commenters' addresses and user agents are kept whole for `ip_days` days,
then quire serve's keeper (at start, on SIGHUP, every 10 minutes) or
`quire comments prune` cuts addresses to their network (/24, /56) and
drops user agents and rate-limit keys; `quire comments export|erase` and
/admin/privacy give a person's data or erase it; the `privacy_note`
setting shows under the comment form.

Everything runs against a blog of this module's own (tier 1, quire's own
answers), through nginx. Comments come through the real form where their
address and user agent matter, and with sqlite3 where a test needs an
IPv6 address or a date in the past.
"""
import json
import os
import shutil
import signal
import tempfile
import time
import urllib.parse

import pytest

from admin_client import Client, form_fields
from conftest import make_blog, parse_html
from content import post_file
from procs import keeper, wait_for

DAY = 86400
UA = "PrivacyTest/1.0 (X11; a very identifying browser)"


@pytest.fixture(scope="module")
def pb():
    tmp = tempfile.mkdtemp(prefix="quire-privacy-")
    b = make_blog(tmp, content=False, pages=False)
    b.quire("user", "add", "--login", "writer", "--name", "Wri Ter",
            "--email", "writer@example.org", "--role", "author",
            input="writer-password\n")
    b.seq = 0
    yield b
    b.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(autouse=True)
def baseline(pb):
    pb.settings(moderation="none", min_fill_seconds=0, flood_seconds=0,
                rate_limit=1000000, ip_days=30, privacy_note="")
    yield


def new_post(b):
    b.seq += 1
    title = "Privacy post %d" % b.seq
    url = b.add_post(post_file(title, "Body.\n"))
    path = urllib.parse.urlsplit(url).path
    pid = b.sql("SELECT id FROM posts WHERE title = ?", (title,))[0][0]
    return pid, path


def comment(b, path, name, email, text, ua=UA, client=None, parent=None):
    """Post a comment through the form, as a browser at its own loopback
    address; the stored row's id."""
    c = client or Client(b)
    r = c.get(path + ("?replyto=%d" % parent if parent else ""),
              headers={"User-Agent": ua})
    assert r.status == 200, r
    doc = r.page()
    fields = dict(form_fields(doc.find("form", id_="commentform"), doc))
    fields.update(author=name, email=email, comment=text)
    r = c.post("/comment", fields, headers={"User-Agent": ua})
    assert r.status == 303, (r, r.text[:2000])
    cid = int(r.location.rsplit("#comment-", 1)[1])
    return cid, c.addr


def insert(b, pid, name, email, addr, agent="Agent/1", net=None, age=0,
           text="Inserted.", parent=None):
    """A comment stored with sqlite3 (an IPv6 client; a date in the
    past): its id."""
    con_rows = b.sql(
        "INSERT INTO comments (id, post_id, parent_id, depth, path, status, "
        "author_name, author_email, author_addr, author_agent, author_net, "
        "created, body_md, body_html) VALUES ((SELECT max(comment_last_id, "
        "(SELECT coalesce(max(id), 0) FROM comments)) + 1 FROM site_state), "
        "?, ?, ?, '', 'approved', ?, ?, ?, ?, ?, unixepoch() - ?, ?, ?) "
        "RETURNING id",
        (pid, parent, 2 if parent else 1, name, email, addr, agent,
         addr if net is None else net, age, text, "<p>%s</p>" % text))
    cid = con_rows[0][0]
    ppath = b.sql("SELECT path FROM comments WHERE id = ?",
                  (parent,))[0][0] + "." if parent else ""
    b.sql("UPDATE comments SET path = ? WHERE id = ?",
          (ppath + "%010d" % cid, cid))
    return cid


def row(b, cid):
    r = b.sql("SELECT author_name, author_email, author_url, author_addr, "
              "author_agent, author_net, body_md FROM comments WHERE id = ?",
              (cid,))
    if not r:
        return None
    return dict(zip(["name", "email", "url", "addr", "agent", "net",
                     "text"], r[0]))


def age(b, cid, days):
    b.sql("UPDATE comments SET created = unixepoch() - ? WHERE id = ?",
          (days * DAY, cid))


def admin(b):
    c = Client(b)
    c.login()
    return c


def page_text(b, path):
    r = b.get(path)
    assert r.status == 200
    return r.text


def heading(b, path):
    h = parse_html(page_text(b, path)).find("h2", cls="comments-title")
    return h.text() if h is not None else None


# -- addresses cut after ip_days ------------------------------------------

def test_keeper_cuts_old_addresses_and_leaves_fresh_ones(pb):
    pid, path = new_post(pb)
    old, addr = comment(pb, path, "Old Timer", "old@example.org", "Old.")
    fresh, faddr = comment(pb, path, "New Comer", "new@example.org", "New.")
    v6 = insert(pb, pid, "Six", "six@example.org",
                "2001:db8:abcd:12ff:1:2:3:4", net="6:20010db8abcd12ff",
                age=40 * DAY)
    # Stored whole, as the client came.
    r = row(pb, old)
    assert r["addr"] == addr and r["agent"] == UA and r["net"] == addr
    age(pb, old, 31)
    clock = pb.sql("SELECT changed FROM site_state")[0][0]
    keeper_pid = keeper(pb.quire_proc.pid)
    assert keeper_pid is not None, "quire serve runs a keeper"
    os.kill(pb.quire_proc.pid, signal.SIGHUP)   # a pass now
    wait_for("the keeper to cut the old addresses",
             lambda: row(pb, old)["agent"] == "" and
             row(pb, v6)["agent"] == "")
    r = row(pb, old)
    net = addr.rsplit(".", 1)[0] + ".0"
    assert r["addr"] == net, r
    assert r["agent"] == "" and r["net"] == ""
    assert r["name"] == "Old Timer" and r["text"] == "Old."
    r = row(pb, v6)
    assert r["addr"] == "2001:db8:abcd:1200::", r
    assert r["agent"] == "" and r["net"] == ""
    # Younger than ip_days: untouched.
    r = row(pb, fresh)
    assert r["addr"] == faddr and r["agent"] == UA and r["net"] == faddr
    # Readers see nothing change, and cached pages stay.
    assert pb.sql("SELECT changed FROM site_state")[0][0] == clock
    text = page_text(pb, path)
    assert "Old." in text and "Old Timer" in text
    assert keeper(pb.quire_proc.pid) == keeper_pid, "the keeper lived on"


def test_cli_prune_and_ip_days(pb):
    pid, path = new_post(pb)
    a = insert(pb, pid, "A", "a@example.org", "198.51.100.7", age=31 * DAY)
    b = insert(pb, pid, "B", "b@example.org", "198.51.100.8", age=5 * DAY)
    pb.settings(ip_days=60)
    p = pb.quire("comments", "prune")
    assert row(pb, a)["addr"] == "198.51.100.7", "kept: ip_days is 60"
    pb.settings(ip_days=30)
    p = pb.quire("comments", "prune")
    assert p.stdout.startswith("quire: cut the addresses of "), p.stdout
    assert row(pb, a)["addr"] == "198.51.100.0"
    assert row(pb, a)["agent"] == ""
    assert row(pb, b)["addr"] == "198.51.100.8"
    # ip_days=0: nothing is kept whole past the next pass.
    pb.settings(ip_days=0)
    time.sleep(1.1)             # created < now, in whole seconds
    pb.quire("comments", "prune")
    assert row(pb, b)["addr"] == "198.51.100.0"
    assert row(pb, b)["net"] == ""
    # A second pass changes nothing (and says so).
    p = pb.quire("comments", "prune")
    assert "of 0 comments" in p.stdout, p.stdout


def test_sessions_older_than_ip_days_are_cut(pb):
    c = Client(pb)
    c.get("/admin/login", headers={"User-Agent": UA})
    c.request("POST", "/admin/login", body=urllib.parse.urlencode(
        {"login": "admin", "password": "correct horse battery staple"}
    ).encode(), headers={"User-Agent": UA, "Content-Type":
                         "application/x-www-form-urlencoded"})
    sid = pb.sql("SELECT id FROM sessions WHERE agent = ?", (UA,))[0][0]
    pb.sql("UPDATE sessions SET created = unixepoch() - ? WHERE id = ?",
           (31 * DAY, sid))
    pb.quire("comments", "prune")
    addr, agent = pb.sql("SELECT addr, agent FROM sessions WHERE id = ?",
                         (sid,))[0]
    assert agent == "" and addr == c.addr.rsplit(".", 1)[0] + ".0"
    assert c.get("/admin/").status == 200, "the session still works"


def test_ip_days_setting_is_validated(pb):
    c = admin(pb)
    r = c.get("/admin/settings")
    fields = dict(form_fields(r.page().find("form", cls="settings-form")))
    assert fields["ip_days"] == "30"
    for bad in ["abc", "-1", "3651", "1.5", ""]:
        f = dict(fields, ip_days=bad, title="Kept Title %s" % bad)
        r = c.post("/admin/settings", f)
        assert r.status == 422, (bad, r)
        err = r.page().find("span", id_="error-ip_days")
        assert err is not None and "0 to 3650" in err.text(), bad
        kept = dict(form_fields(r.page().find("form", cls="settings-form")))
        assert kept["ip_days"] == bad and kept["title"] == f["title"]
        assert pb.sql("SELECT value FROM settings WHERE key = 'ip_days'"
                      )[0][0] == "30"
    r = c.post("/admin/settings", dict(fields, ip_days="7"))
    assert r.status == 303, r
    assert pb.sql("SELECT value FROM settings WHERE key = 'ip_days'"
                  )[0][0] == "7"


# -- export ----------------------------------------------------------------

def test_cli_export_holds_that_person_only(pb):
    pid, path = new_post(pb)
    title = pb.sql("SELECT title FROM posts WHERE id = ?", (pid,))[0][0]
    mine1, addr = comment(pb, path, "Exa Mple", "Exa@Example.org",
                          "First *words*.")
    other, _ = comment(pb, path, "Oth Er", "other@example.org", "Not hers.")
    mine2 = insert(pb, pid, "Exa", "exa@example.ORG", "2001:db8::9",
                   agent="Agent/2", parent=mine1)
    p = pb.quire("comments", "export", "--email", "  EXA@example.org ")
    data = json.loads(p.stdout)
    ids = [c["id"] for c in data["comments"]]
    assert sorted(ids) == sorted([mine1, mine2]), ids
    assert "other@example.org" not in p.stdout and "Not hers." not in p.stdout
    c = [c for c in data["comments"] if c["id"] == mine1][0]
    assert c["post"]["url"] == pb.base + path
    assert c["post"]["title"] == title
    assert c["name"] == "Exa Mple" and c["email"] == "Exa@Example.org"
    assert c["address"] == addr and c["user_agent"] == UA
    assert c["text"] == "First *words*."
    assert c["status"] == "approved" and c["type"] == "comment"
    assert c["date"].endswith("Z") and c["parent_id"] is None
    c2 = [c for c in data["comments"] if c["id"] == mine2][0]
    assert c2["parent_id"] == mine1 and c2["address"] == "2001:db8::9"
    assert data["users"] == []
    # To a file, readable by its owner only.
    out = os.path.join(pb.tmp, "export.json")
    pb.quire("comments", "export", "--email", "exa@example.org",
             "--out", out)
    assert os.stat(out).st_mode & 0o777 == 0o600
    with open(out) as f:
        assert json.load(f)["comments"] == data["comments"]
    # A user account with the email is part of it too.
    p = pb.quire("comments", "export", "--email", "WRITER@example.org")
    data = json.loads(p.stdout)
    assert data["comments"] == [] and data["users"][0]["login"] == "writer"
    # Nothing stored: said, exit 1, nothing on stdout.
    p = pb.quire("comments", "export", "--email", "nobody@example.org",
                 check=False)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.startswith("quire: nobody@example.org: "), p.stderr
    # Usage errors: exit 2 with the usage.
    for args in (["export"], ["export", "--email"], ["erase"],
                 ["frobnicate"], ["export", "--email", "a@b", "extra"]):
        p = pb.quire("comments", *args, check=False)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert "usage: quire comments" in p.stderr
        assert "quire comments" in p.stderr.splitlines()[0]
    p = pb.quire("comments", "export", "--email", "   ", check=False)
    assert p.returncode == 1 and p.stderr.startswith("quire: --email: ")
    p = pb.quire("comments", "--help")
    for c in ("export --email E [--out FILE]", "erase --email E [--delete]",
              "prune"):
        assert "usage: quire comments " + c in p.stdout


# -- erasure ----------------------------------------------------------------

def test_cli_erase_anonymises(pb):
    pid, path = new_post(pb)
    mine, _ = comment(pb, path, "Erin Erase", "erin@example.org",
                      "Erin's words stay.")
    reply, _ = comment(pb, path, "Rep Ly", "reply@example.org",
                       "A reply to Erin.", parent=mine)
    pb.sql("UPDATE comments SET author_url = 'https://erin.example/' "
           "WHERE id = ?", (mine,))
    assert "Erin Erase" in page_text(pb, path)
    p = pb.quire("comments", "erase", "--email", "ERIN@example.org")
    assert p.stdout.strip() == \
        "quire: anonymised 1 comment of ERIN@example.org", p.stdout
    r = row(pb, mine)
    assert r == {"name": "Anonymous", "email": "", "url": "", "addr": "",
                 "agent": "", "net": "", "text": "Erin's words stay."}
    assert pb.sql("SELECT count(*) FROM comments WHERE author_email LIKE "
                  "'%erin%'")[0][0] == 0
    text = page_text(pb, path)
    assert "Erin Erase" not in text and "erin.example" not in text
    page = parse_html(text)
    li = page.find(id_="comment-%d" % mine)
    assert "Anonymous" in li.text() and "stay." in li.text()
    assert li.find(id_="comment-%d" % reply) is not None, "thread kept"
    assert heading(pb, path).startswith("2 thoughts")
    # Again: nothing left to erase; said, exit 1.
    p = pb.quire("comments", "erase", "--email", "erin@example.org",
                 check=False)
    assert p.returncode == 1 and "nothing erased" in p.stderr


def test_cli_erase_delete_keeps_replies_and_counts(pb):
    pid, path = new_post(pb)
    top, _ = comment(pb, path, "Del Me", "del@example.org", "Delete me.")
    reply, _ = comment(pb, path, "Stay", "stay@example.org", "I stay.",
                       parent=top)
    deeper, _ = comment(pb, path, "Del Me", "DEL@example.org", "Me too.",
                        parent=reply)
    assert heading(pb, path).startswith("3 thoughts")
    p = pb.quire("comments", "erase", "--email", "del@example.org",
                 "--delete")
    assert p.stdout.strip() == \
        "quire: deleted 2 comments of del@example.org", p.stdout
    assert row(pb, top) is None and row(pb, deeper) is None
    assert row(pb, reply)["text"] == "I stay."
    assert pb.sql("SELECT comment_count FROM posts WHERE id = ?",
                  (pid,))[0][0] == 1
    assert heading(pb, path).startswith("1 thought ")
    page = parse_html(page_text(pb, path))
    assert page.find(id_="comment-%d" % reply) is not None
    assert "Delete me." not in page.text() and "Me too." not in page.text()
    # A reply to the reply left still works.
    again, _ = comment(pb, path, "Late", "late@example.org", "Later.",
                       parent=reply)
    assert heading(pb, path).startswith("2 thoughts")


# -- the admin's tools ------------------------------------------------------

def test_admin_privacy_export_and_erase(pb):
    pid, path = new_post(pb)
    mine, _ = comment(pb, path, "Ad Min Case", "case@example.org",
                      "Admin case.")
    other, _ = comment(pb, path, "Bystander", "by@example.org", "Stays.")
    c = admin(pb)
    r = c.get("/admin/privacy")
    assert r.status == 200
    nav = r.page().find("nav", cls="admin-nav")
    assert nav.find("a", href="/admin/privacy") is not None
    csrf = r.page().find("input", name="csrf").attrs["value"]
    # Export: a JSON download.
    r = c.post("/admin/privacy", {"csrf": csrf, "email": "Case@Example.org",
                                  "action": "export"})
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/json")
    assert r.header("Content-Disposition").startswith("attachment")
    assert "no-store" in r.header("Cache-Control") or \
        "private" in r.header("Cache-Control")
    data = json.loads(r.body)
    assert [x["id"] for x in data["comments"]] == [mine]
    assert "Bystander" not in r.text
    # Erase asks first, and changes nothing until confirmed.
    r = c.post("/admin/privacy", {"csrf": csrf, "email": "case@example.org",
                                  "action": "erase"})
    assert r.status == 200, r
    form = r.page().find("form", cls="privacy-confirm")
    assert form is not None and "Anonymise 1 comment" in form.text()
    assert row(pb, mine)["name"] == "Ad Min Case"
    r = c.post("/admin/privacy", dict(form_fields(form)))
    assert r.status == 303, r
    assert r.location == "/admin/privacy?anonymised=1", r.location
    r = c.get(r.location)
    assert "1 comment anonymised." in r.page().find(
        "p", cls="notice").text()
    assert row(pb, mine)["name"] == "Anonymous"
    assert row(pb, other)["name"] == "Bystander"
    assert "Ad Min Case" not in page_text(pb, path)
    # Delete, confirmed at once (a checkbox and confirm=1).
    r = c.post("/admin/privacy", {"csrf": csrf, "email": "by@example.org",
                                  "action": "erase", "delete": "1",
                                  "confirm": "1"})
    assert r.status == 303 and r.location == "/admin/privacy?deleted=1"
    assert row(pb, other) is None
    assert heading(pb, path).startswith("1 thought ")
    # Bad input: 422 with the form kept; nothing stored: 404.
    r = c.post("/admin/privacy", {"csrf": csrf, "email": "  ",
                                  "action": "export"})
    assert r.status == 422
    assert r.page().find("span", id_="email-error").text().startswith(
        "Email:")
    r = c.post("/admin/privacy", {"csrf": csrf, "email": "gone@example.org",
                                  "action": "erase", "confirm": "1"})
    assert r.status == 404
    assert r.page().find("input", id_="privacy-email").attrs["value"] == \
        "gone@example.org"
    # GET never changes anything, whatever it is given.
    keep, _ = comment(pb, path, "Get Safe", "get@example.org", "Safe.")
    r = c.get("/admin/privacy?email=get%40example.org&action=erase&"
              "confirm=1&delete=1&csrf=" + csrf)
    assert r.status == 200 and row(pb, keep)["name"] == "Get Safe"


def test_admin_privacy_needs_csrf_and_an_admin(pb):
    pid, path = new_post(pb)
    mine, _ = comment(pb, path, "Csrf Case", "csrf@example.org", "Here.")
    c = admin(pb)
    for fields in ({"email": "csrf@example.org", "action": "erase",
                    "confirm": "1"},
                   {"email": "csrf@example.org", "action": "erase",
                    "confirm": "1", "csrf": "0" * 64}):
        r = c.post("/admin/privacy", fields)
        assert r.status == 403, r
    r = c.post("/admin/privacy", {"email": "csrf@example.org",
                                  "action": "export"})
    assert r.status == 403 and b"Here." not in r.body
    assert row(pb, mine)["name"] == "Csrf Case"
    w = Client(pb)
    w.login(login="writer", password="writer-password")
    r = w.get("/admin/privacy")
    assert r.status == 403
    nav = w.get("/admin/").page().find("nav", cls="admin-nav")
    assert nav.find("a", href="/admin/privacy") is None
    csrf = w.csrf("/admin/")
    for action in ("export", "erase"):
        r = w.post("/admin/privacy", {"csrf": csrf, "action": action,
                                      "email": "csrf@example.org",
                                      "confirm": "1"})
        assert r.status == 403, (action, r)
        assert b"Here." not in r.body
    assert row(pb, mine)["name"] == "Csrf Case"


# -- the note under the form ---------------------------------------------------

def test_privacy_note_under_the_form(pb):
    pid, path = new_post(pb)
    page = parse_html(page_text(pb, path))
    assert page.find(cls="comment-privacy-note") is None, "empty: nothing"
    c = admin(pb)
    fields = dict(form_fields(c.get("/admin/settings").page().find(
        "form", cls="settings-form")))
    note = ("We keep your address for **30 days**; see "
            "[our policy](https://example.org/privacy).\r\n\r\n"
            "<script>alert(1)</script> <b onclick=x>raw</b>")
    r = c.post("/admin/settings", dict(fields, privacy_note=note))
    assert r.status == 303, (r, r.text[:1000])
    text = page_text(pb, path)
    page = parse_html(text)
    div = page.find("div", cls="comment-privacy-note")
    assert div is not None
    assert div.parent.attrs.get("id") == "respond", "under the form"
    assert div.find("strong").text() == "30 days"
    a = div.find("a")
    assert a.attrs["href"] == "https://example.org/privacy"
    assert "nofollow" in a.attrs["rel"]
    assert "<script>alert(1)</script>" not in text
    assert "onclick" not in text
    assert div.find("script") is None and div.find("b") is None
    # Emptied again: gone.
    pb.settings(privacy_note="")
    assert parse_html(page_text(pb, path)).find(
        cls="comment-privacy-note") is None


def test_pages_are_valid_html(pb):
    from test_admin_users import vnu_errors
    pid, path = new_post(pb)
    comment(pb, path, "Valid Person", "valid@example.org", "Valid.")
    pb.settings(privacy_note="Kept for *30 days*. [More](/privacy/)")
    c = admin(pb)
    csrf = c.csrf("/admin/privacy")
    pages = {
        "privacy": c.get("/admin/privacy?anonymised=2"),
        "privacy-confirm": c.post("/admin/privacy", {
            "csrf": csrf, "email": "valid@example.org", "action": "erase",
            "delete": "1"}),
        "privacy-422": c.post("/admin/privacy", {
            "csrf": csrf, "email": "", "action": "export"}),
        "privacy-404": c.post("/admin/privacy", {
            "csrf": csrf, "email": "no@example.org", "action": "export"}),
        "settings": c.get("/admin/settings"),
        "post-with-note": c.get(path),
    }
    assert [r.status for r in pages.values()] == [200, 200, 422, 404, 200,
                                                 200]
    errors = vnu_errors({k: r.body for k, r in pages.items()})
    assert errors == {k: [] for k in pages}, errors
