"""test_import.py: moving in and out. `quire import --format wxr|json`,
`quire export --format json|wxr` and `quire backup`, through the command
line, and what readers then see (pages, 301s from old permalinks) through
real nginx. The exports: a hand-written file with every edge case
(fixtures/edge-cases.wxr) and three generated ones (gen_wxr.py): a large
blog, one like the benchmark export and one like WordPress's Theme Unit
Test export, each with the counts the generator wrote. The tests that
read a generated theme or bench export run once more ([corpus]) on the
real one from $QUIRE_SHARED (default ../shared), skipped when absent."""
from html import unescape
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

import gen_wxr
from conftest import ADMIN_PASSWORD, SHARED, Blog, make_blog, need_corpus

HERE = os.path.dirname(os.path.abspath(__file__))
THEME = os.path.join(SHARED, "wxr", "themeunittestdata.wordpress.xml")
BENCH = os.path.join(SHARED, "bench", "wordpress-export.xml")
EDGE = os.path.join(HERE, "fixtures", "edge-cases.wxr")
GEN = os.path.join(HERE, "gen_wxr.py")

WP = "{https://wordpress.org/export/1.2/}"
# What the real corpora hold, as quire's importer reports it (the same
# keys as gen_wxr's counts, those the tests read).
THEME_WANT = {
    "posts": {"n": 51, "published": 49, "draft": 1, "scheduled": 1},
    "pages": {"n": 21, "published": 21}, "authors": 2,
    "tags": {"n": 178, "categories": 67, "tags": 110},
    "comments": {"n": 28, "approved": 25, "pending": 3, "spam": 0},
    "pingbacks": {"n": 4, "pingbacks": 2, "trackbacks": 2},
    "attachments": 38, "menu items": 70, "other terms": 6, "protected": 1,
    "gallery": 12, "caption": 12, "items": 72, "comment rows": 32,
    "deepest": 10, "approved on": {"template-comments": 19},
}
BENCH_WANT = {
    "posts": {"n": 200, "published": 200},
    "comments": {"n": 1383, "approved": 1383, "pending": 0, "spam": 0},
    "pingbacks": {"n": 0, "pingbacks": 0, "trackbacks": 0},
    "tags": {"n": 41, "categories": 1, "tags": 40}, "other terms": 0,
    "comment rows": 1383, "by author": 47, "tag posts": {"ims": 60},
}

TABLES = ("users", "posts", "tags", "post_tags", "comments", "redirects",
          "settings", "posts_fts")


# -- helpers ---------------------------------------------------------------

class Blogs:
    """Blogs made for one test, each in its own directory; started ones
    (quire serve + nginx) are stopped by PID at the end."""

    def __init__(self):
        self.made = []

    def new(self, start=False):
        tmp = tempfile.mkdtemp(prefix="quire-import-")
        if start:
            b = make_blog(tmp, content=False)
        else:
            b = Blog(tmp)
            b.quire("init", "--title", "Test Blog", "--base-url", b.base,
                    "--timezone", "Europe/Berlin")
            b.quire("user", "add", "--login", "admin", "--name",
                    "Ada Admin", "--email", "ada@example.org", "--role",
                    "admin", input=ADMIN_PASSWORD + "\n")
        self.made.append(b)
        return b

    def close(self):
        for b in self.made:
            b.stop()
            shutil.rmtree(b.tmp, ignore_errors=True)


@pytest.fixture
def blogs():
    b = Blogs()
    yield b
    b.close()


class Export:
    """A WXR file and what its import must report (gen_wxr's counts)."""

    def __init__(self, path, want):
        self.path = path
        self.want = want


def export(request, kind, corpus, corpus_want):
    """The generated export of gen_wxr's `kind`, or the real corpus
    (skipped when absent), as the fixture's parameter says."""
    if request.param == "corpus":
        return Export(need_corpus(corpus), corpus_want)
    tmp = tempfile.mkdtemp(prefix="quire-gen-")
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    path = os.path.join(tmp, kind + ".wxr")
    with open(path, "w", encoding="utf-8") as f:
        want = getattr(gen_wxr, kind)(f)
    return Export(path, want)


@pytest.fixture(scope="module", params=["generated", "corpus"])
def theme(request):
    """An export like WordPress's Theme Unit Test data: gen_wxr's, or the
    real one."""
    return export(request, "theme", THEME, THEME_WANT)


@pytest.fixture(scope="module", params=["generated", "corpus"])
def bench(request):
    """An export like the benchmark blog: gen_wxr's, or the real one."""
    return export(request, "bench", BENCH, BENCH_WANT)


@pytest.fixture(scope="module")
def theme_blog(theme):
    """A served blog with the theme export imported once."""
    bs = Blogs()
    try:
        b = bs.new(start=True)
        b.want = theme.want
        b.path = theme.path
        b.first_import = b.quire("import", "--format", "wxr", theme.path)
        yield b
    finally:
        bs.close()


def notes(n, what):
    """An import note's count and noun: "1 [gallery] shortcode",
    "12 [gallery] shortcodes"."""
    return "%d %s%s" % (n, what, "" if n == 1 else "s")


def nonzero(d):
    return {k: v for k, v in d.items() if v}


def summary(text):
    """The summary's "  name: N (a word, b word)" lines as
    {name: {"n": N, word: a, ...}}."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^  ([a-z ]+):\s+(\d+)(.*)$", line)
        if m:
            d = {"n": int(m.group(2))}
            for v, k in re.findall(r"(\d+) ([a-z]+)", m.group(3)):
                d[k] = int(v)
            out[m.group(1)] = d
    return out


def counts(b):
    return {t: b.sql("SELECT count(*) FROM %s" % t)[0][0] for t in TABLES}


def items(path):
    """(item element, post_type) for every <item> of a WXR file."""
    ch = ET.parse(path).getroot().find("channel")
    ns = WP
    if ch.find(ns + "wxr_version") is None:
        ns = "{http://wordpress.org/export/1.2/}"
    return ch, ns


def location_path(r):
    loc = r.header("Location")
    assert loc, "no Location in a %d" % r.status
    return re.sub(r"^https?://[^/]+", "", loc)


# -- the Theme Unit Test export ----------------------------------------------

def test_theme_summary(theme_blog):
    w = theme_blog.want
    s = summary(theme_blog.first_import.stdout)
    assert "(WXR 1.2) in one transaction" in theme_blog.first_import.stdout
    assert s["posts"] == w["posts"]
    assert s["pages"] == w["pages"]
    assert s["authors"]["n"] == w["authors"]
    assert s["authors"]["existing"] == 0
    assert s["tags"] == w["tags"]
    assert s["comments"] == w["comments"]
    assert s["pingbacks"] == w["pingbacks"]
    assert s["attachments"]["n"] == w["attachments"]
    assert s["menu items"]["n"] == w["menu items"]
    assert s["other types"]["n"] == 0
    assert s["other terms"]["n"] == w["other terms"]
    assert s["trashed comments"]["n"] == 0
    assert s["already imported"] == {"n": 0, "pages": 0, "comments": 0}
    out = theme_blog.first_import.stdout
    assert notes(w["protected"], "password-protected post") + \
        " kept with its password" in out
    assert notes(w["gallery"], "[gallery] shortcode") + " dropped" in out
    assert notes(w["caption"], "[caption] shortcode") + " made <figure>" \
        in out


def test_theme_rows(theme_blog):
    b = theme_blog
    w = b.want
    assert b.sql("SELECT type, count(*) FROM posts GROUP BY type") == [
        ("page", w["pages"]["n"]), ("post", w["posts"]["n"])]
    assert dict(b.sql("SELECT status, count(*) FROM posts WHERE "
                      "type = 'post' GROUP BY status")) == {
        k: v for k, v in w["posts"].items() if k != "n"}
    assert dict(b.sql("SELECT type, count(*) FROM comments "
                      "GROUP BY type")) == nonzero({
        "comment": w["comments"]["n"],
        "pingback": w["pingbacks"]["pingbacks"],
        "trackback": w["pingbacks"]["trackbacks"]})
    assert dict(b.sql("SELECT status, count(*) FROM comments "
                      "GROUP BY status")) == nonzero({
        "approved": w["comments"]["approved"] + w["pingbacks"]["n"],
        "pending": w["comments"]["pending"],
        "spam": w["comments"]["spam"]})
    assert b.sql("SELECT count(*) FROM tags")[0][0] == w["tags"]["n"]
    assert sorted(r[0] for r in b.sql("SELECT login FROM users")) == [
        "admin", "themedemos", "themereviewteam"]
    assert b.sql("SELECT count(*) FROM users WHERE pwhash IS NULL")[0][0] == 2
    # Names kept and decoded, descriptions too.
    assert b.sql("SELECT name, description FROM tags WHERE slug = "
                 "'content-2'") == [("content περιεχόμενο", "")]
    assert b.sql("SELECT description FROM tags WHERE slug = 'block'") == [
        ("Items in the block category have been created with the block "
         "editor.",)]
    # Every category and tag the file defines, under its slug, with its
    # name and description decoded (odd names: entities, quotes, angle
    # brackets, Greek, Japanese).
    ch, ns = items(b.path)
    terms = [(t.find(ns + "category_nicename"), t.find(ns + "cat_name"),
              t.find(ns + "category_description"))
             for t in ch.findall(ns + "category")] + [
        (t.find(ns + "tag_slug"), t.find(ns + "tag_name"),
         t.find(ns + "tag_description")) for t in ch.findall(ns + "tag")]
    got = {r[0]: r[1:] for r in b.sql("SELECT slug, name, description "
                                      "FROM tags")}
    assert len(terms) == w["tags"]["categories"] + w["tags"]["tags"]
    want = {}
    for slug_, name, desc in terms:
        # A category and a tag with the same slug are one tag: the first
        # in the file gives its name and description.
        want.setdefault(urllib.parse.unquote(slug_.text.strip()), (
            unescape(name.text or "").strip(),
            unescape(desc.text or "").strip() if desc is not None else ""))
    for slug_ in want:
        assert got[slug_] == want[slug_], slug_
    # Every post keeps its WordPress guid as its import key.
    assert b.sql("SELECT count(*) FROM posts WHERE import_key LIKE "
                 "'wxr:%'")[0][0] == w["items"]
    # No body kept a script, an event handler or a javascript: URL.
    for (html,) in b.sql("SELECT body_html FROM posts"):
        low = html.lower()
        assert "<script" not in low and "javascript:" not in low
        assert not re.search(r"<[^>]+\son[a-z]+=", low)
    # Comment counts and tag counts were kept right.
    assert b.sql("SELECT comment_count FROM posts WHERE slug = "
                 "'template-comments'") == [
        (w["approved on"]["template-comments"],)]


def test_theme_threads(theme_blog):
    """Each comment's parent is the one WordPress named."""
    ch, ns = items(theme_blog.path)
    want = {}
    for it in ch.findall("item"):
        guid = it.find("guid").text
        for c in it.findall(ns + "comment"):
            want["wxr:%s:%s" % (guid, c.find(ns + "comment_id").text)] = (
                c.find(ns + "comment_parent").text)
    rows = theme_blog.sql("SELECT c.import_key, p.import_key, c.depth "
                          "FROM comments c LEFT JOIN comments p "
                          "ON p.id = c.parent_id")
    assert len(rows) == len(want) == theme_blog.want["comment rows"]
    for key, pkey, depth in rows:
        parent = want[key]
        if parent == "0":
            assert pkey is None, key
        else:
            assert pkey == key.rsplit(":", 1)[0] + ":" + parent, key
    # The deep thread on "Template: Comments": 904 -> 905 -> ... -> 915.
    deepest = theme_blog.sql("SELECT max(depth) FROM comments")[0][0]
    assert deepest == theme_blog.want["deepest"] == 10
    # The held reply to an approved comment on "Page with comments".
    assert theme_blog.sql(
        "SELECT c.status, p.author_name FROM comments c JOIN comments p "
        "ON p.id = c.parent_id WHERE c.author_name = 'themereviewteam'") == [
        ("pending", "tellyworthtest2")]


def test_theme_pages_served(theme_blog):
    b = theme_blog
    # A page at /SLUG/.
    r = b.get("/about/")
    assert r.status == 200 and "About The Tests" in r.text
    # Unicode titles: the Greek pages, one with a percent-encoded slug.
    r = b.get("/greek/")
    assert r.status == 200 and "Ελληνικά-Greek" in r.text
    slug = b.sql("SELECT slug FROM posts WHERE title = "
                 "'Επίπεδο 2 -Second Greek level'")[0][0]
    assert slug == "επίπεδο-2"
    r = b.get("/%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-2/")
    assert r.status == 200 and "Second Greek level" in r.text
    # The post with no title still imported, under its own slug.
    assert b.sql("SELECT title, status FROM posts WHERE slug = "
                 "'edge-case-no-title'") == [("", "published")]
    assert b.get("/2009/09/edge-case-no-title/").status == 200
    # Sticky.
    assert b.sql("SELECT slug FROM posts WHERE sticky = 1") == [
        ("template-sticky",)]
    # The scheduled one (2030) is not public; nor is the protected one.
    assert b.sql("SELECT status FROM posts WHERE slug = 'scheduled'") == [
        ("scheduled",)]
    assert b.get("/2030/01/scheduled/").status == 404
    # The protected one keeps its password: the title and the form.
    r = b.get("/2012/01/template-password-protected/")
    assert r.status == 200
    assert "This content is password protected" in r.text
    assert b.sql("SELECT password FROM posts WHERE slug = "
                 "'template-password-protected'") == [("enter",)]
    # Comments on a post, in their threads.
    r = b.get("/2012/01/template-comments/")
    assert r.status == 200
    ids = [i for (i,) in b.sql(
        "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id "
        "WHERE p.slug = 'template-comments' AND c.status = 'approved'")]
    for i in ids:
        assert 'id="comment-%d"' % i in r.text
    # A title with markup is plain text; the excerpt was kept.
    assert b.sql("SELECT title FROM posts WHERE slug = "
                 "'markup-title-with-markup'") == [
        ("Markup: Title With Markup",)]
    assert "Template: Excerpt (Defined)" in b.get(
        "/2012/03/template-excerpt-defined/").text


def test_old_permalinks_301(theme_blog):
    b = theme_blog
    cases = [
        ("/2018/10/20/keyboard-navigation/", "/2018/10/keyboard-navigation/"),
        ("/?p=1724", "/2018/10/keyboard-navigation/"),
        ("/?p=2", "/about/"),
        ("/?page_id=2", "/about/"),
        ("/about/page-with-comments/", "/page-with-comments/"),
        ("/level-1/level-2/level-3/", "/level-3/"),
        ("/category/cat-a/", "/tag/cat-a/"),
        ("/greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/",
         "/%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-2/"),
        ("/?p=1164", "/2013/04/draft/"),
    ]
    for old, new in cases:
        r = b.get(old)
        assert r.status == 301, old
        assert location_path(r) == new, old
    # And the new address answers (the draft's does not: not public).
    assert b.get("/2018/10/keyboard-navigation/").status == 200
    assert b.get("/level-3/").status == 200
    # The home page itself is still the home page.
    assert b.get("/").status == 200
    assert b.get("/?p=999999").status == 200


def test_reimport_skips_everything(theme_blog):
    b = theme_blog
    w = b.want
    before = counts(b)
    p = b.quire("import", "--format", "wxr", b.path)
    s = summary(p.stdout)
    assert s["posts"]["n"] == 0 and s["pages"]["n"] == 0
    assert s["comments"]["n"] == 0 and s["pingbacks"]["n"] == 0
    assert s["authors"] == {"n": 0, "existing": w["authors"]}
    assert s["tags"]["n"] == 0
    assert s["already imported"] == {"n": w["posts"]["n"],
                                     "pages": w["pages"]["n"],
                                     "comments": w["comment rows"]}
    assert counts(b) == before


# -- the hand-written edge cases ------------------------------------------------

def test_edge_cases(blogs):
    b = blogs.new()
    p = b.quire("import", "--format", "wxr", EDGE)
    s = summary(p.stdout)
    assert s["posts"] == {"n": 7, "published": 3, "draft": 1, "pending": 1,
                          "scheduled": 1, "private": 1}
    assert s["pages"] == {"n": 1, "published": 1}
    assert s["comments"] == {"n": 6, "approved": 4, "pending": 1, "spam": 1}
    assert s["pingbacks"] == {"n": 2, "pingbacks": 1, "trackbacks": 1}
    assert s["attachments"]["n"] == 1 and s["menu items"]["n"] == 1
    assert s["other types"]["n"] == 1 and "(wp_block 1)" in p.stdout
    assert s["other statuses"]["n"] == 1
    assert s["trashed comments"]["n"] == 1
    assert "1 reply to a comment not imported made top-level" in p.stdout
    assert "1 [gallery] shortcode dropped" in p.stdout

    # Tags and categories: names entity-decoded, slugs kept or made.
    assert sorted(b.sql("SELECT slug, name, description FROM tags")) == [
        ("a-b", "A & B", "Things & stuff"), ("cafe", "Café", ""),
        ("fish-chips", "Fish & Chips", ""),
        ("quotes", '"Quoted" <tag>', "")]
    # The encoded slug, percent-decoded and made a slug.
    assert b.sql("SELECT title FROM posts WHERE slug = 'cafe-creme'") == [
        ("Café crème",)]
    # Statuses, the future post, the draft with no title, no slug and a
    # zero GMT date (its local date read in the site's zone).
    rows = dict((r[0], r[1:]) for r in b.sql(
        "SELECT slug, status, title, published, sticky, comments_open "
        "FROM posts"))
    assert rows["in-the-future"][0] == "scheduled"
    assert rows["only-for-me"][0] == "private"
    assert rows["waiting-for-review"][0] == "pending"
    assert rows["post"][:2] == ("draft", "")
    assert rows["post"][2] == 1559368800     # 2019-06-01 08:00 Berlin
    assert rows["hello-welcome"][1:] == ("Hello & Welcome", 1584180000, 1, 1)
    assert rows["cafe-creme"][4] == 0        # comments closed
    assert rows["about-us"][0] == "published"
    assert rows["same-guid"][0] == "published"
    assert b.sql("SELECT type FROM posts WHERE slug = 'about-us'") == [
        ("page",)]
    # Skipped: the trashed post, the attachment, the menu item, the block.
    for slug in ("a-trashed-post__trashed", "cat", "home",
                 "a-reusable-block"):
        assert not b.sql("SELECT 1 FROM posts WHERE slug LIKE ?",
                         (slug + "%",))

    # The body: paragraphs, the ]]> kept, the shortcodes, the sanitizer.
    html = b.sql("SELECT body_html FROM posts WHERE slug = "
                 "'hello-welcome'")[0][0]
    assert "<p>First paragraph<br>\nwith a line break.</p>" in html
    assert "the CDATA end ]]> in it." in html
    assert "<script" not in html and "alert" not in html
    assert "onerror" not in html and "javascript" not in html
    assert '<a href="https://example.org/">good link</a>' in html
    assert ('<figure id="attachment_5" class="wp-caption alignleft">'
            '<img src="/cat.jpg" alt="cat">') in html
    assert '<figcaption class="wp-caption-text">A cat</figcaption>' in html
    assert "[gallery" not in html
    assert ('<a href="https://www.youtube.com/watch?v=abc">'
            'https://www.youtube.com/watch?v=abc</a>') in html
    assert "<ul>\n<li>one</li>" in html and "<p><ul>" not in html
    assert "<pre>keep\n   this\n\nas is</pre>" in html
    assert b.sql("SELECT body_md, excerpt FROM posts WHERE slug = "
                 "'hello-welcome'") == [("", "A short & sweet excerpt.")]

    # Comments: parent after child, trash skipped, orphan made top
    # level, spam, pingback, trackback, author mapped to the user.
    c = {r[0]: r[1:] for r in b.sql(
        "SELECT c.author_name, c.status, c.type, p.author_name, c.depth, "
        "c.author_url, c.author_addr, u.login, c.body_html "
        "FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
        "LEFT JOIN users u ON u.id = c.user_id")}
    assert c["Child & Reply"][:4] == ("approved", "comment", "Parent", 2)
    assert c["Jane & Co"][:4] == ("pending", "comment", "Child & Reply", 3)
    assert c["Jane & Co"][6] == "jane.doe"
    assert c["Orphan"][2:4] == (None, 1)
    assert "Trash" not in c
    assert c["Spammer"][0] == "spam"
    assert c["Other Blog » A post"][:2] == ("approved", "pingback")
    assert c["Tracker"][1] == "trackback"
    assert c["Parent"][4] == ""             # javascript: URL dropped
    assert c["Parent"][5] == "192.0.2.1"
    body = c["Child & Reply"][7]
    assert "javascript" not in body and "onclick" not in body
    assert 'rel="nofollow ugc noopener"' in body
    assert "<p>I reply to the parent" in body
    # The same comment id on another post (with a repeated guid) is a
    # comment of its own.
    assert c["Same id, other post"][:2] == ("approved", "comment")
    # Authors: created without passwords, the login made one of ours.
    assert sorted(b.sql("SELECT login, name, email, pwhash FROM users "
                        "WHERE login <> 'admin'")) == [
        ("bob", "Bob", "bob@example.org", None),
        ("jane.doe", "Jane & Co", "jane@example.org", None)]
    # Old permalinks recorded: the link (decoded path), /?p=, /?page_id=.
    r = dict(b.sql("SELECT old_path, new_path FROM redirects"))
    assert r["/2021/01/02/café-crème/"] == "/2021/01/cafe-creme/"
    assert r["/?p=10"] == "/2020/03/hello-welcome/"
    assert r["/company/about-us/"] == "/about-us/"
    assert r["/?page_id=20"] == "/about-us/"
    assert r["/category/a-b/"] == "/tag/a-b/"
    assert r["/category/café/"] == "/tag/cafe/"

    # Importing again adds nothing and says so.
    before = counts(b)
    p = b.quire("import", "--format", "wxr", EDGE)
    s = summary(p.stdout)
    assert s["already imported"] == {"n": 7, "pages": 1, "comments": 8}
    assert s["posts"]["n"] == 0 and s["comments"]["n"] == 0
    assert counts(b) == before


def test_malformed_xml_imports_nothing(blogs):
    b = blogs.new()
    b.quire("import", "--format", "wxr", EDGE)
    before = counts(b)
    with open(EDGE, encoding="utf-8") as f:
        text = f.read()
    # Good items first, then a broken one near the end: nothing at all.
    broken = text.replace("Same guid as the first post", "Same guid as "
                          "the first post, renamed")
    broken = broken[:broken.rindex("</item>")] + "</itme>\n</channel></rss>"
    cases = {
        "broken.wxr": (broken, r"line \d+: mismatched tag"),
        "cut.wxr": (text[:len(text) // 2], r"line \d+: (unclosed token|"
                    r"no element found)"),
        "notwxr.xml": ("<?xml version='1.0'?>\n<feed><title>x</title>"
                       "</feed>\n", r"line 2: the root element is <feed>"),
        "noversion.xml": ("<rss><channel><item><title>x</title></item>"
                          "</channel></rss>", r"line 1: no wp:wxr_version"),
        "entities.xml": ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
                         '<!ENTITY a "aaaaaaaaaa">\n]>\n<rss/>\n',
                         r"line \d+: the file declares entities"),
    }
    for name, (body, why) in cases.items():
        path = os.path.join(b.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        p = b.quire("import", "--format", "wxr", path, check=False)
        assert p.returncode == 1, name
        assert re.match(r"^quire: %s: %s" % (re.escape(path), why),
                        p.stderr), p.stderr
        assert counts(b) == before, name
    assert not b.sql("SELECT 1 FROM posts WHERE title LIKE '%renamed%'")
    # A fresh blog: the file's authors and tags were not left behind.
    f = blogs.new()
    fbefore = counts(f)
    p = f.quire("import", "--format", "wxr", os.path.join(b.tmp,
                "broken.wxr"), check=False)
    assert p.returncode == 1 and counts(f) == fbefore
    # Usage errors exit 2.
    assert b.quire("import", EDGE, check=False).returncode == 2
    assert b.quire("import", "--format", "csv", EDGE,
                   check=False).returncode == 2
    p = b.quire("import", "--format", "wxr", "/nonexistent.wxr", check=False)
    assert p.returncode == 1
    assert p.stderr.startswith("quire: /nonexistent.wxr: ")


# -- other WordPress exports ------------------------------------------------------

def test_bench_export(blogs, bench):
    w = bench.want
    b = blogs.new()
    s = summary(b.quire("import", "--format", "wxr", bench.path).stdout)
    assert s["posts"] == w["posts"]
    assert s["comments"] == w["comments"]
    assert s["tags"] == w["tags"]
    assert s["other terms"]["n"] == w["other terms"]
    assert b.sql("SELECT count(*) FROM comments")[0][0] == w["comment rows"]
    # The author's own comments are hers (comment_user_id kept).
    assert b.sql("SELECT count(*) FROM comments WHERE user_id IS NOT "
                 "NULL")[0][0] == w["by author"] > 0
    assert b.sql("SELECT sum(comment_count) FROM posts")[0][0] == \
        w["comments"]["approved"]
    assert b.sql("SELECT post_count FROM tags WHERE slug = 'ims'") == [
        (w["tag posts"]["ims"],)]


def test_generated_1000_posts(blogs):
    b = blogs.new()
    path = os.path.join(b.tmp, "gen.wxr")
    counts_path = os.path.join(b.tmp, "gen.json")
    subprocess.run([sys.executable, GEN, "--posts", "1000", "--comments",
                    "10000", "--counts", counts_path, path], check=True,
                   timeout=300)
    with open(counts_path, encoding="utf-8") as f:
        w = json.load(f)
    assert w["comments"]["pending"] == 1000     # every tenth is held
    p = b.quire("import", "--format", "wxr", path)
    s = summary(p.stdout)
    assert s["posts"] == w["posts"] == {"n": 1000, "published": 1000}
    assert s["comments"] == w["comments"]
    assert "made top-level" not in p.stdout
    # The reply written before its parent has that parent.
    rows = b.sql("SELECT c.import_key, p.import_key FROM comments c JOIN "
                 "comments p ON p.id = c.parent_id WHERE c.import_key = "
                 "'wxr:https://gen.example/?p=1:3'")
    assert rows == [("wxr:https://gen.example/?p=1:3",
                     "wxr:https://gen.example/?p=1:2")]


# -- export and import of our own JSON ---------------------------------------------

def test_json_round_trip(blogs, theme):
    w = theme.want
    a = blogs.new()
    a.quire("import", "--format", "wxr", theme.path)
    a.quire("import", "--format", "wxr", EDGE)
    a.sql("UPDATE comments SET fingerprint = x'00ff10', edit_key = x'abcd' "
          "WHERE id = 1")
    # A post written in Markdown: the import renders its HTML again,
    # so it holds what quire renders.
    a.sql("UPDATE posts SET body_md = 'Some *Markdown*', body_html = "
          "'<p>Some <em>Markdown</em></p>' || char(10), summary = "
          "'Some Markdown' WHERE id = 1")
    a.sql("INSERT INTO settings (key, value) VALUES ('moderation', 'all')")
    one = os.path.join(a.tmp, "one.json")
    a.quire("export", "--format", "json", one)
    # Standard output gives the same bytes.
    assert a.quire("export", "--format", "json").stdout == open(
        one, encoding="utf-8").read()
    with open(one, encoding="utf-8") as f:
        text = f.read()
    assert '"secret_key"' not in text and "pwhash" not in text
    assert '"format": "quire-export"' in text

    b = blogs.new()
    p = b.quire("import", "--format", "json", one)
    s = summary(p.stdout)
    assert s["posts"]["n"] == w["posts"]["n"] + 7
    assert s["pages"]["n"] == w["pages"]["n"] + 1
    assert s["users"]["n"] == 1 + w["authors"] + 2
    two = os.path.join(b.tmp, "two.json")
    b.quire("export", "--format", "json", two)
    with open(one, "rb") as f1, open(two, "rb") as f2:
        assert f1.read() == f2.read()
    # Derived data rebuilt: counts, summaries, the search index.
    for q in ("SELECT sum(comment_count), group_concat(summary) FROM posts",
              "SELECT sum(post_count) FROM tags",
              "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'cat'",
              "SELECT group_concat(path) FROM comments"):
        assert a.sql(q) == b.sql(q), q
    # The admin's password survived the import (users matched by login).
    assert b.sql("SELECT pwhash IS NOT NULL FROM users WHERE login = "
                 "'admin'") == [(1,)]
    # A database with posts is refused, and left alone.
    before = counts(b)
    p = b.quire("import", "--format", "json", one, check=False)
    assert p.returncode == 1
    assert "not empty" in p.stderr and p.stderr.startswith("quire: ")
    assert counts(b) == before
    # Not our format.
    bad = os.path.join(b.tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{"format": "other"}')
    p = blogs.new().quire("import", "--format", "json", bad, check=False)
    assert p.returncode == 1 and "not a quire export" in p.stderr


# -- export as WXR -----------------------------------------------------------------

def test_wxr_export(blogs, theme):
    want = theme.want
    a = blogs.new()
    a.quire("import", "--format", "wxr", theme.path)
    a.quire("import", "--format", "wxr", EDGE)
    # A title and a comment with the CDATA terminator in them.
    a.sql("UPDATE posts SET title = 'x ]]> y' WHERE slug = 'cafe-creme'")
    a.sql("UPDATE comments SET body_html = '<p>a ]]> b ]]]]> c</p>' "
          "WHERE author_name = 'Parent'")
    path = os.path.join(a.tmp, "out.wxr")
    a.quire("export", "--format", "wxr", path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for ns in ("excerpt", "content", "wfw", "dc", "wp"):
        assert re.search(r'xmlns:%s="http://' % ns, text), ns
    assert "]]]]><![CDATA[>" in text
    root = ET.parse(path).getroot()
    ch = root.find("channel")
    w = "{http://wordpress.org/export/1.2/}"
    assert ch.find(w + "wxr_version").text == "1.2"
    its = ch.findall("item")
    assert len(its) == want["items"] + 8
    by_slug = {i.find(w + "post_name").text: i for i in its}
    assert by_slug["cafe-creme"].find("title").text == "x ]]> y"
    c = "{http://purl.org/rss/1.0/modules/content/}encoded"
    assert "the CDATA end ]]> in it." in by_slug["hello-welcome"].find(c).text
    comments = [x.find(w + "comment_content").text for i in its
                for x in i.findall(w + "comment")]
    assert "<p>a ]]> b ]]]]> c</p>" in comments
    assert len(comments) == want["comment rows"] + 8
    statuses = sorted({i.find(w + "status").text for i in its})
    assert statuses == ["draft", "future", "pending", "private", "publish"]
    assert {i.find(w + "post_type").text for i in its} == {"post", "page"}
    cats = by_slug["hello-welcome"].findall("category")
    assert sorted((x.get("domain"), x.get("nicename"), x.text)
                  for x in cats) == [
        ("post_tag", "a-b", "A & B"), ("post_tag", "fish-chips",
                                       "Fish & Chips"),
        ("post_tag", "quotes", '"Quoted" <tag>')]
    assert len(ch.findall(w + "author")) == 1 + want["authors"] + 2
    # Another empty blog takes it with the same counts.
    b = blogs.new()
    s = summary(b.quire("import", "--format", "wxr", path).stdout)
    assert s["posts"]["n"] == want["posts"]["n"] + 7
    assert s["pages"]["n"] == want["pages"]["n"] + 1
    for q in ("SELECT type, status, count(*) FROM posts GROUP BY 1, 2",
              "SELECT type, status, count(*) FROM comments GROUP BY 1, 2",
              "SELECT count(*) FROM tags", "SELECT count(*) FROM post_tags",
              "SELECT count(*) FROM users"):
        assert a.sql(q) == b.sql(q), q


# -- backup ----------------------------------------------------------------------

def test_backup_during_writes(blogs, bench):
    b = blogs.new()
    b.quire("import", "--format", "wxr", bench.path)
    stop = threading.Event()
    written = [0]
    errors = []

    def writer():
        con = sqlite3.connect(b.db, timeout=30)
        try:
            con.execute("PRAGMA foreign_keys=ON")
            i = 0
            while not stop.is_set():
                i += 1
                now = int(time.time())
                with con:
                    cur = con.execute(
                        "INSERT INTO posts (type, status, slug, title, "
                        "author_id, published, created, updated, body_html) "
                        "VALUES ('post', 'published', ?, ?, 1, ?, ?, ?, ?)",
                        ("load-%d" % i, "Load %d" % i, now, now, now,
                         "<p>%s</p>" % ("x" * 2000)))
                    con.execute(
                        "INSERT INTO comments (post_id, status, author_name, "
                        "created, body_md, body_html) VALUES (?, 'approved', "
                        "'Loader', ?, 'hi', '<p>hi</p>')",
                        (cur.lastrowid, now))
                written[0] = i
        except Exception as e:          # reported by the test
            errors.append(e)
        finally:
            con.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        deadline = time.time() + 10
        while written[0] < 20 and time.time() < deadline:
            time.sleep(0.01)
        dest = os.path.join(b.tmp, "copy.db")
        at_start = written[0]
        p = b.quire("backup", dest)
        during = written[0] - at_start
    finally:
        stop.set()
        t.join()
    assert not errors, errors
    assert p.returncode == 0 and "integrity_check ok" in p.stdout
    assert at_start >= 20, "the writer did not get going"
    assert during > 0, "no write overlapped the backup"
    con = sqlite3.connect(dest)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        n = con.execute("SELECT count(*) FROM posts").fetchone()[0]
        assert n >= bench.want["posts"]["n"] + at_start
        assert con.execute("SELECT count(*) FROM comments").fetchone()[0] \
            >= bench.want["comment rows"] + at_start
    finally:
        con.close()
    assert not os.path.exists(dest + "-wal")
    assert not [x for x in os.listdir(b.tmp) if ".tmp-" in x]
    # An existing DEST is kept unless --force.
    size = os.path.getsize(dest)
    p = b.quire("backup", dest, check=False)
    assert p.returncode == 1 and "exists" in p.stderr and "--force" in \
        p.stderr
    assert os.path.getsize(dest) == size
    b.sql("INSERT INTO settings (key, value) VALUES ('description', 'new')")
    p = b.quire("backup", "--force", dest)
    assert "integrity_check ok" in p.stdout
    con = sqlite3.connect(dest)
    try:
        assert con.execute("SELECT value FROM settings WHERE key = "
                           "'description'").fetchone() == ("new",)
    finally:
        con.close()
