"""test_trust_data.py: data that is not to be trusted (issue 14).

Characters XML forbids in what people type stay out of every XML output
(Atom feeds, the sitemap, the WXR export); the files that hold the site
key and password hashes (the database, its -wal and -shm, backups,
exports) are readable by their owner only; and `quire import --format
json` gives a crafted file no way around the checks everything else
goes through (slugs, comment authors' URLs, body HTML, redirects). All
through the command line and real nginx."""
import json
import os
import shutil
import stat
import tempfile
import urllib.parse
import xml.dom.minidom

import pytest

from conftest import ADMIN_PASSWORD, Blog
from test_comments import Client

FORBIDDEN = "\uffff\ufffe"


@pytest.fixture
def blogs():
    """new(start=True): a blog in its own directory; every one started
    (quire serve and nginx) is stopped by PID at the end, even when the
    test or the start failed half-way."""
    made = []

    def new(start=True):
        tmp = tempfile.mkdtemp(prefix="quire-trust-")
        b = Blog(tmp, pages=False)
        made.append(b)
        b.quire("init", "--title", "Trust Blog", "--base-url", b.base,
                "--timezone", "Europe/Berlin")
        b.quire("user", "add", "--login", "admin", "--name", "Ada Admin",
                "--email", "ada@example.org", "--role", "admin",
                input=ADMIN_PASSWORD + "\n")
        if start:
            b.start()
        return b
    try:
        yield new
    finally:
        for b in made:
            b.stop()
            shutil.rmtree(b.tmp, ignore_errors=True)


def well_formed(what, body):
    """The document body parsed by a strict XML parser (expat)."""
    try:
        return xml.dom.minidom.parseString(body)
    except Exception as e:          # ExpatError, with the line and column
        raise AssertionError("%s is not well-formed XML: %s" % (what, e))


def texts(doc, tag):
    out = []
    for n in doc.getElementsByTagName(tag):
        out.append("".join(c.data for c in n.childNodes
                           if c.nodeType in (c.TEXT_NODE,
                                             c.CDATA_SECTION_NODE)))
    return out


# -- 7: XML outputs stay well-formed ------------------------------------------

def test_xml_outputs_well_formed_with_forbidden_characters(blogs):
    b = blogs()
    b.settings(min_fill_seconds=0, moderation="none")
    url = b.add_post("title: Odd %s title\ntags: Odd%stag\n\nBody with "
                     "%s in it.\n" % (FORBIDDEN, FORBIDDEN, FORBIDDEN))
    path = urllib.parse.urlsplit(url).path
    # The comment form takes them (they are not control characters).
    c = Client(b, n=40, name="Nina %s Noncharacter" % FORBIDDEN)
    r = c.comment(c.form(path), comment="Text %s with them." % FORBIDDEN)
    assert r.status == 303, r.status
    cid = b.sql("SELECT id FROM comments")[0][0]
    # C0 controls the form refuses, as an import might store them.
    b.sql("UPDATE comments SET author_name = author_name || ?, body_html "
          "= body_html || ? WHERE id = ?", ("\x01\x0b", "<p>\x1b</p>", cid))
    b.sql("UPDATE settings SET value = ? WHERE key = 'description'",
          ("Desc \x02" + FORBIDDEN,))
    slug = b.sql("SELECT slug FROM tags")[0][0]

    for p in ("/feed/", "/tag/%s/feed/" % slug, "/comments/feed/",
              path + "feed/", "/sitemap.xml"):
        r = b.get(p)
        assert r.status == 200, (p, r.status)
        doc = well_formed(p, r.body)
        if p == "/feed/":
            assert "Odd  title" in texts(doc, "title")
        if p == "/comments/feed/":
            assert texts(doc, "name") == ["Nina  Noncharacter"]

    out = os.path.join(b.tmp, "export.wxr")
    b.quire("export", "--format", "wxr", out)
    with open(out, "rb") as f:
        doc = well_formed("the WXR export", f.read())
    assert "Odd  title" in texts(doc, "title")
    assert "Nina  Noncharacter" in texts(doc, "wp:comment_author")
    well_formed("the WXR export on stdout",
                b.quire("export", "--format", "wxr").stdout.encode())


# -- 9: secrets readable by their owner only --------------------------------

def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_secret_files_owner_only(blogs):
    old = os.umask(0o022)           # a permissive umask, as most have
    try:
        b = blogs()
        r = b.get("/")              # the server has opened the database
        assert r.status == 200
        b.add_post("title: Written\n\nA write, so the -wal holds it.\n")
        backup = os.path.join(b.tmp, "backup.db")
        b.quire("backup", backup)
        export = os.path.join(b.tmp, "export.json")
        b.quire("export", "--format", "json", export)
        wxr = os.path.join(b.tmp, "export.wxr")
        b.quire("export", "--format", "wxr", wxr)
        files = [b.db, b.db + "-wal", b.db + "-shm", backup, export, wxr]
        for f in files:
            assert os.path.exists(f), f
        assert {os.path.basename(f): oct(mode(f)) for f in files} == {
            os.path.basename(f): oct(0o600) for f in files}
        # What nginx reads is still readable: the stylesheet it serves.
        assert b.get("/static/style.css").status == 200
    finally:
        os.umask(old)
