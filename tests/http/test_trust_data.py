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
import re
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


# -- 10: the JSON import goes through the same checks ------------------------

def crafted_export(b):
    """A blog's JSON export with a post and a comment, then crafted."""
    b.add_post("title: Honest post\ndate: 2024-03-01T10:00:00Z\n\n"
               "Body *text*.\n")
    b.add_post("title: Second post\ndate: 2024-03-02T10:00:00Z\n\n"
               "Second **body**.\n")
    pid = b.sql("SELECT id FROM posts WHERE title = 'Honest post'")[0][0]
    b.sql("INSERT INTO comments (id, post_id, depth, path, type, status, "
          "author_name, author_email, author_url, created, body_md, "
          "body_html) VALUES (1, ?, 1, '0000000001', 'comment', "
          "'approved', 'Mallory', 'm@example.org', 'https://ok.example/', "
          "1709287200, '', '<p>Hi</p>')", (pid,))
    text = b.quire("export", "--format", "json").stdout
    data = json.loads(text)
    for p in data["posts"]:
        if p["title"] == "Honest post":
            # A page: its address is /SLUG/, so this slug would make it
            # //evil.com/, another site to a browser.
            p["type"] = "page"
            p["slug"] = "/evil.com"
            p["body_md"] = ""
            p["body_html"] = ("<p>Hello</p><script>alert('post')</script>"
                              "<img src=x onerror=alert('img')>")
        else:
            # Markdown there: the HTML is made again from it.
            p["body_html"] = "<script>alert('md')</script>"
    c = data["comments"][0]
    c["author_url"] = "javascript:alert('url')"
    c["body_html"] = "<p>Hi<script>alert('comment')</script></p>"
    return data


def write_json(b, name, data):
    path = os.path.join(b.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)
    return path


def no_offsite_location(b, path):
    r = b.get(path)
    loc = r.header("Location")
    if loc is not None:
        rest = loc[len(b.base):] if loc.startswith(b.base) else loc
        # Browsers drop tabs and newlines, and read "//host" and
        # "/\\host" as another site.
        assert rest.startswith("/") and not rest.startswith("//") and \
            not rest.startswith("/\\") and \
            not any(ord(ch) <= 32 for ch in rest), (path, r.status, loc)
    return r


def test_json_import_sanitized(blogs):
    a = blogs(start=False)
    data = crafted_export(a)
    data.setdefault("redirects", []).append(
        {"old_path": "/old-page/", "new_path": "/2024/03/second-post/",
         "created": 1709287200})
    f = write_json(a, "crafted.json", data)

    b = blogs()
    b.quire("import", "--format", "json", f)
    # Stored by an older quire's import: never answered.
    b.sql("INSERT INTO redirects (old_path, new_path, created) VALUES "
          "('/legacy/', '//evil.com/', 0), ('/?p=77', '/\\evil.com/', 0), "
          "('/tabbed/', '/\t/evil.com/', 0)")
    for p in ("/legacy/", "/legacy", "/?p=77", "/tabbed/",
              "/%2Fevil.com", "/%2Fevil.com/", "//evil.com", "//evil.com/",
              "/2024/03/%2Fevil.com", "/2024/03/%2Fevil.com/", "/old-page/",
              "/old-page"):
        no_offsite_location(b, p)
    slugs = sorted(r[0] for r in b.sql("SELECT slug FROM posts"))
    assert slugs == ["evil-com", "second-post"]
    assert b.get("/old-page/").header("Location").endswith(
        "/2024/03/second-post/")

    honest = b.get("/evil-com/")
    assert honest.status == 200
    assert "Hello" in honest.text
    second = b.get("/2024/03/second-post/")
    assert second.status == 200
    assert "<strong>body</strong>" in second.text
    for r in (honest, second, b.get("/"), b.get("/feed/"),
              b.get("/comments/feed/")):
        for word in ("alert('post')", "alert('img')", "alert('md')",
                     "alert('comment')", "alert(&#39;", "onerror"):
            assert word not in r.text, word
    assert "javascript:" not in honest.text
    url = b.sql("SELECT author_url FROM comments")[0][0]
    assert not url.lower().startswith("javascript")


@pytest.mark.parametrize("case", ["redirect", "slug"])
def test_json_import_refuses_bad_record(blogs, case):
    a = blogs(start=False)
    data = crafted_export(a)
    if case == "redirect":
        data.setdefault("redirects", []).append(
            {"old_path": "/old/", "new_path": "//evil.com/",
             "created": 1709287200})
        want = 'redirect /old/: bad new_path "//evil.com/": '
    else:
        post = data["posts"][0]
        post["slug"] = "//..//"
        want = 'post %d: bad slug "//..//": ' % post["id"]
    f = write_json(a, "crafted.json", data)
    b = blogs(start=False)
    p = b.quire("import", "--format", "json", f, check=False)
    assert p.returncode == 1, p.stderr
    assert p.stderr.startswith("quire: %s: %s" % (f, want)), p.stderr
    for t in ("posts", "comments", "redirects", "tags"):
        assert b.sql("SELECT count(*) FROM %s" % t) == [(0,)], t


# -- 12. the sanitizer is an allow list ----------------------------------------

HOSTILE_BODY = """<p>Kept text.</p>
<details open ontoggle="alert('details')"><summary>s</summary>d</details>
<svg><animate onbegin="alert('svg')" attributeName="x"/></svg>
<math><maction actiontype="statusline" xlink:href="javascript:alert('math')">m</maction></math>
<a href="java&#x09;script:alert('tab')">tabbed</a>
<a href=" JaVaScRiPt:alert('case')">cased</a>
<a href="data:text/html,<script>alert('data')</script>">data</a>
<img src="x" onerror="alert('img')" alt="pic" style="position:fixed">
<form action="https://evil.example/"><button formaction="javascript:alert('btn')">go</button><input name="token" value="x"></form>
<iframe srcdoc="&lt;script&gt;alert('iframe')&lt;/script&gt;"></iframe>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">
<marquee onstart="alert('marquee')">scroll</marquee>
<x-widget onmouseover="alert('custom')" data-x="1">custom text</x-widget>
<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/s.css">
<p title="ok" class="wp-caption" onclick="alert('p')">Last words.</p>"""


def wxr_with_body(body):
    return """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Hostile</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>eve</wp:author_login>
<wp:author_email>eve@example.org</wp:author_email>
<wp:author_display_name>Eve</wp:author_display_name></wp:author>
<item><title>Hostile body</title>
<link>https://old.example.com/2021/01/02/hostile-body/</link>
<pubDate>Sat, 02 Jan 2021 10:00:00 +0000</pubDate>
<dc:creator>eve</dc:creator>
<guid isPermaLink="false">https://old.example.com/?p=5</guid>
<content:encoded><![CDATA[%s]]></content:encoded>
<wp:post_id>5</wp:post_id><wp:post_date>2021-01-02 10:00:00</wp:post_date>
<wp:post_date_gmt>2021-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name>hostile-body</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>
</channel></rss>
""" % body


def test_imported_html_keeps_only_what_the_allow_list_names(blogs):
    """A WordPress body full of things no block list knows: only listed
    elements and attributes reach the page, URLs only with safe schemes,
    and the text of what was dropped stays readable."""
    b = blogs()
    path = os.path.join(b.tmp, "hostile.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wxr_with_body(HOSTILE_BODY))
    b.quire("import", "--format", "wxr", path)
    stored = b.sql("SELECT body_html FROM posts WHERE slug = "
                   "'hostile-body'")[0][0]
    page = b.get("/2021/01/hostile-body/")
    assert page.status == 200
    article = page.text[page.text.index("Kept text."):
                        page.text.index("Last words.") + 11]
    for html_ in (stored, article):
        low = html_.lower()
        for bad in ("<svg", "<math", "<form", "<button", "<input", "<iframe",
                    "<object", "<embed", "<marquee", "<x-widget", "<base",
                    "<meta", "<style", "<link", "javascript", "data:text",
                    "style=", "srcdoc", "formaction", "xlink:href"):
            assert bad not in low, bad
        assert re.search(r"\son[a-z]+\s*=", low) is None, low
    # What stays: the listed elements, their safe attributes, the text.
    for good in ("<p>Kept text.</p>", "<details", "<summary>s</summary>",
                 'alt="pic"', "tabbed", "cased", "custom text", "scroll",
                 'title="ok"', "Last words."):
        assert good in stored, good
