"""test_feeds.py: the Atom feeds, read as a feed reader reads them.

Every feed is parsed by feedparser (Debian's python3-feedparser) and
must come out clean (bozo == 0); every field a reader shows is compared
with what the database holds: titles, tag: ids, absolute links, times,
authors, categories, the rendered body. The raw XML is read too, to see
that every link is absolute without feedparser's help.

The tests run on a blog of this module's own (`fb`), with the shared
content plus a few posts of their own; the tests that change it (a new
comment approved, a slug changed, a post edited) work out what they
expect from the database when they run.
"""
import calendar
import datetime
import re
import shutil
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zoneinfo

import feedparser
import pytest

from admin_client import Client
from conftest import make_blog, parse_html
from content import THREAD_TITLE, post_file

TZ = zoneinfo.ZoneInfo("Europe/Berlin")     # the time zone make_blog sets
ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
CAP = 20

RICH_TITLE = "Ampersands & <angles> \u00fcber \u201cquotes\u201d"
RICH_EXCERPT = "The author's own summary: <b>not bold</b> & more"
RICH_BODY = ("Text with `<b>&` in code, **bold**, an\u00a0entity &amp; "
             "a [link](https://example.org/?a=1&b=2).\n\n"
             "<p>Raw <em>HTML</em> from the author.</p>\n")


@pytest.fixture(scope="module")
def fb():
    tmp = tempfile.mkdtemp(prefix="quire-feeds-")
    b = None
    try:
        b = make_blog(tmp, pages=False)  # tier 1: quire's own validators
        # The newest post: markup and characters XML must escape, an excerpt
        # of the author's own, a tag that exists and one that does not yet.
        b.urls["rich"] = b.add_post(post_file(
            RICH_TITLE, RICH_BODY, date="2024-05-03T07:00:00Z",
            tags="Running, Z\u00fcrich Trail", excerpt=RICH_EXCERPT))
        # A post nobody has commented on.
        b.urls["quiet"] = b.add_post(post_file(
            "Nobody Comments Here", "Silence.\n", date="2023-10-01T10:00:00Z"))
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(fb):
    c = Client(fb)
    c.login()
    return c


# -- reading feeds ------------------------------------------------------------

def path_of(url):
    return urllib.parse.urlsplit(url).path


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def fetch(b, path):
    r = b.get(path)
    assert r.status == 200, (path, r, r.text[:500])
    ctype = r.header("Content-Type")
    assert ctype is not None
    assert ctype.split(";")[0].strip() == "application/atom+xml", ctype
    assert "charset=utf-8" in ctype.replace(" ", "").lower(), ctype
    return r


def parse(body):
    """feedparser's reading; sanitising and URL resolving off, so that
    what is compared is what quire sent."""
    d = feedparser.parse(body, sanitize_html=False,
                         resolve_relative_uris=False)
    assert d.bozo == 0, "feedparser: %r" % d.get("bozo_exception")
    assert d.version == "atom10", d.version
    assert d.encoding.lower() == "utf-8"
    return d


def feed(b, path):
    """(response, feedparser result) of a feed that must be clean."""
    r = fetch(b, path)
    d = parse(r.body)
    check_raw(b, r.body)
    return r, d


def check_raw(b, body):
    """Well-formed XML whose every link, id and URI stands on its own:
    absolute, under the blog's base URL (ids are tag: URIs)."""
    root = ET.fromstring(body)
    assert root.tag == ATOM + "feed"
    assert root.get(XML_BASE) == b.base + "/"
    hrefs = [e.get("href") for e in root.iter(ATOM + "link")]
    hrefs += [e.get("scheme") for e in root.iter(ATOM + "category")]
    assert hrefs
    for h in hrefs:
        assert h.startswith(b.base + "/"), h
    # Authors' URIs: ours (author pages), or a commenter's own site.
    for e in root.iter(ATOM + "uri"):
        assert re.match(r"https?://[^/]+/", e.text), e.text
    for e in root.iter(ATOM + "id"):
        assert e.text.startswith("tag:127.0.0.1,"), e.text
    # An entry's only alternate link is its page.
    for entry in root.iter(ATOM + "entry"):
        alts = [l for l in entry.findall(ATOM + "link")
                if l.get("rel") == "alternate"]
        assert len(alts) == 1 and alts[0].get("type") == "text/html"
        assert entry.find(ATOM + "content").get("type") == "html"
        for tag in ("title", "id", "published", "updated", "author"):
            assert len(entry.findall(ATOM + tag)) == 1, tag


def raw_content(body):
    """{entry id: the text of its <content>} read straight from the XML:
    the HTML exactly as quire escaped it into the feed."""
    root = ET.fromstring(body)
    return {e.find(ATOM + "id").text: e.find(ATOM + "content").text
            for e in root.iter(ATOM + "entry")}


def links(parsed):
    """{rel: href} of a feed or entry (each rel once)."""
    out = {}
    for l in parsed.get("links", []):
        assert l.rel not in out, "two %s links" % l.rel
        out[l.rel] = l.href
    return out


def post_path(row):
    """The public path of a post row: /YYYY/MM/SLUG/ (Berlin time), or
    /SLUG/ for a page."""
    if row["type"] == "page":
        return "/%s/" % urllib.parse.quote(row["slug"], safe="")
    d = datetime.datetime.fromtimestamp(row["published"], TZ)
    return "/%04d/%02d/%s/" % (d.year, d.month,
                              urllib.parse.quote(row["slug"], safe=""))


POST_COLS = ["id", "type", "title", "slug", "published", "created",
             "updated", "body_html", "excerpt", "author", "login"]


def public_posts(b, tag_slug=None):
    """The published posts, newest first, as the feed must list them."""
    q = ("SELECT p.id, p.type, p.title, p.slug, p.published, p.created, "
         "p.updated, p.body_html, p.excerpt, u.name, u.login FROM posts p "
         "JOIN users u ON u.id = p.author_id "
         "WHERE p.type = 'post' AND p.status = 'published' ")
    args = ()
    if tag_slug is not None:
        q += ("AND p.id IN (SELECT pt.post_id FROM post_tags pt JOIN tags t "
              "ON t.id = pt.tag_id WHERE t.slug = ?) ")
        args = (tag_slug,)
    q += "ORDER BY p.published DESC, p.id DESC"
    return [dict(zip(POST_COLS, r)) for r in b.sql(q, args)]


def tags_of(b, post_id):
    return sorted(b.sql("SELECT t.slug, t.name FROM tags t JOIN post_tags pt "
                        "ON pt.tag_id = t.id WHERE pt.post_id = ?",
                        (post_id,)))


COMMENT_COLS = ["id", "post_id", "author", "url", "created", "body_html",
                "post_title", "post_slug", "post_type", "post_published"]


def approved_comments(b, post_id=None):
    q = ("SELECT c.id, c.post_id, c.author_name, c.author_url, c.created, "
         "c.body_html, p.title, p.slug, p.type, p.published FROM comments c "
         "JOIN posts p ON p.id = c.post_id WHERE c.status = 'approved' "
         "AND p.status = 'published' ")
    args = ()
    if post_id is not None:
        q += "AND c.post_id = ? "
        args = (post_id,)
    q += "ORDER BY c.created DESC, c.id DESC"
    return [dict(zip(COMMENT_COLS, r)) for r in b.sql(q, args)]


def post_row(b, title):
    rows = b.sql("SELECT id FROM posts WHERE title = ?", (title,))
    assert len(rows) == 1, title
    pid = rows[0][0]
    return [p for p in public_posts(b) if p["id"] == pid][0]


TAG_URI = re.compile(r"^tag:127\.0\.0\.1,(\d{4}-\d\d-\d\d):(post|comment)-"
                     r"(\d+)$")


def check_post_entry(b, e, row):
    """Every field of one entry of a posts feed against its row."""
    assert e.title == row["title"]
    m = TAG_URI.match(e.id)
    assert m, e.id
    assert m.group(2) == "post" and int(m.group(3)) == row["id"], e.id
    # The date in the tag: URI is the day the post was made (UTC).
    assert m.group(1) == iso(row["created"])[:10], e.id
    assert links(e) == {"alternate": b.base + post_path(row)}
    assert e.link == b.base + post_path(row)
    assert e.published == iso(row["published"])
    assert e.updated == iso(row["updated"])
    assert e.author == row["author"]
    assert e.author_detail.href == b.base + "/author/%s/" % row["login"]
    tags = tags_of(b, row["id"])
    got = sorted((t.term, t.label) for t in e.get("tags", []))
    assert got == tags, (row["title"], got, tags)
    for t in e.get("tags", []):
        assert t.scheme == b.base + "/tag/"
    assert len(e.content) == 1
    assert e.content[0].type == "text/html"
    # feedparser trims the ends; raw_content() shows the exact text.
    assert e.content[0].value == row["body_html"].strip()
    if row["excerpt"]:
        assert e.summary == row["excerpt"]


def check_comment_entry(b, e, c):
    assert e.title == "Comment on %s by %s" % (c["post_title"], c["author"])
    m = TAG_URI.match(e.id)
    assert m, e.id
    assert m.group(2) == "comment" and int(m.group(3)) == c["id"], e.id
    assert m.group(1) == iso(c["created"])[:10]
    page = post_path({"type": c["post_type"], "slug": c["post_slug"],
                      "published": c["post_published"]})
    assert e.link == "%s%s#comment-%d" % (b.base, page, c["id"])
    assert e.published == iso(c["created"])
    assert e.updated == iso(c["created"])
    assert e.author == c["author"]
    if c["url"]:
        assert e.author_detail.href == c["url"]
    else:
        assert "href" not in e.author_detail
    assert "tags" not in e
    assert e.content[0].type == "text/html"
    assert e.content[0].value == c["body_html"].strip()


def feed_updated(d):
    """The feed's updated time equals its newest entry's."""
    newest = max(e.updated for e in d.entries)
    assert d.feed.updated == newest, (d.feed.updated, newest)


# -- the posts feed -----------------------------------------------------------

def test_posts_feed_head(fb):
    r, d = feed(fb, "/feed/")
    assert d.feed.title == "Test Blog"
    assert d.feed.id.startswith("tag:127.0.0.1,")
    assert links(d.feed) == {"self": fb.base + "/feed/",
                             "alternate": fb.base + "/"}
    assert [l.type for l in d.feed.links] == ["application/atom+xml",
                                               "text/html"]
    assert d.feed.generator == "quire"
    feed_updated(d)


def test_posts_feed_entries_are_the_20_newest_in_full(fb):
    _, d = feed(fb, "/feed/")
    rows = public_posts(fb)
    assert len(rows) > CAP, "the fixture must have more posts than the cap"
    assert len(d.entries) == CAP
    assert [e.title for e in d.entries] == [p["title"] for p in rows[:CAP]]
    for e, row in zip(d.entries, rows[:CAP]):
        check_post_entry(fb, e, row)
    assert len({e.id for e in d.entries}) == CAP
    exact = raw_content(fetch(fb, "/feed/").body)
    for e, row in zip(d.entries, rows[:CAP]):
        assert exact[e.id] == row["body_html"]
    # The 21st newest is left out.
    assert rows[CAP]["title"] not in [e.title for e in d.entries]


def test_posts_feed_keeps_markup_and_escapes_right(fb):
    _, d = feed(fb, "/feed/")
    row = post_row(fb, RICH_TITLE)
    e = [e for e in d.entries if e.id.endswith(":post-%d" % row["id"])][0]
    check_post_entry(fb, e, row)
    assert e.title == RICH_TITLE                    # & and < as text
    assert e.summary == RICH_EXCERPT                # the author's excerpt
    html = e.content[0].value
    assert "<code>&lt;b&gt;&amp;</code>" in html
    assert '<a href="https://example.org/?a=1&amp;b=2">link</a>' in html
    assert "<strong>bold</strong>" in html
    # Categories for both tags, the new one with its Unicode name.
    assert sorted(t.label for t in e.tags) == ["Running",
                                              "Z\u00fcrich Trail"]


def test_posts_feed_leaves_out_drafts_future_and_pages(fb):
    r, d = feed(fb, "/feed/")
    titles = [e.title for e in d.entries]
    for t in ("Secret Draft", "From The Future", "About"):
        assert t not in titles
        assert t.encode() not in r.body


# -- the tag feeds ------------------------------------------------------------

@pytest.mark.parametrize("slug,name", [("running", "Running"),
                                       ("knees", "Knees"),
                                       ("uber-cafe", "\u00dcber Caf\u00e9"),
                                       ("zurich-trail", "Z\u00fcrich Trail")])
def test_tag_feed_holds_that_tags_posts_only(fb, slug, name):
    path = "/tag/%s/feed/" % slug
    _, d = feed(fb, path)
    assert d.feed.title == "Test Blog \u2013 %s" % name
    assert links(d.feed) == {"self": fb.base + path,
                             "alternate": fb.base + "/tag/%s/" % slug}
    rows = public_posts(fb, slug)
    assert rows, slug
    assert [e.title for e in d.entries] == [p["title"] for p in rows[:CAP]]
    for e, row in zip(d.entries, rows):
        check_post_entry(fb, e, row)
        assert slug in [t.term for t in e.tags]
    feed_updated(d)
    # Other tags' feeds have other ids.
    _, all_posts = feed(fb, "/feed/")
    assert d.feed.id != all_posts.feed.id


def test_tag_feeds_have_distinct_ids(fb):
    ids = {feed(fb, "/tag/%s/feed/" % s)[1].feed.id
           for s in ("running", "knees", "ims", "uber-cafe")}
    assert len(ids) == 4


@pytest.mark.parametrize("which", ["tag", "post", "draft", "future",
                                   "page"])
def test_unknown_and_unpublished_feeds_are_404(fb, which):
    path = {"tag": "/tag/no-such-tag/feed/",
            "post": "/2024/05/no-such-post/feed/",
            "draft": path_of(fb.urls["draft"]) + "feed/",
            "future": path_of(fb.urls["future"]) + "feed/",
            "page": "/2024/05/about/feed/"}[which]
    r = fb.get(path)
    assert r.status == 404, (path, r)
    assert "atom" not in (r.header("Content-Type") or "")


def test_comment_feed_under_a_wrong_month_redirects(fb):
    """As the post itself does: one address per feed."""
    right = path_of(fb.urls["thread"]) + "feed/"
    for wrong in ("/2019/01/finding-the-knots/feed/",
                  "/2024/04/finding-the-knots/feed/"):
        r = fb.get(wrong)
        assert r.status == 301, (wrong, r)
        assert path_of(r.header("Location")) == right


# -- the comment feeds --------------------------------------------------------

def test_comments_feed_approved_newest_first(fb):
    r, d = feed(fb, "/comments/feed/")
    assert d.feed.title == "Comments for Test Blog"
    assert links(d.feed) == {"self": fb.base + "/comments/feed/",
                             "alternate": fb.base + "/"}
    want = approved_comments(fb)
    assert want
    assert len(d.entries) == min(len(want), CAP)
    for e, c in zip(d.entries, want):
        check_comment_entry(fb, e, c)
    published = [e.published for e in d.entries]
    assert published == sorted(published, reverse=True)
    feed_updated(d)
    for who in ("Held Harry", "Spammy Sam"):
        assert who.encode() not in r.body
    for text in (b"I am held for moderation", b"Buy things"):
        assert text not in r.body


def test_comment_links_point_at_the_comment(fb):
    _, d = feed(fb, "/comments/feed/")
    page = fb.get(path_of(fb.urls["thread"]))
    assert page.status == 200
    doc = parse_html(page.text)
    for e in d.entries:
        url = urllib.parse.urlsplit(e.link)
        assert url.fragment.startswith("comment-")
        assert doc.find(id_=url.fragment) is not None, e.link
        assert fb.base + url.path == fb.urls["thread"]


def test_one_posts_comments_feed(fb):
    post = post_row(fb, THREAD_TITLE)
    path = path_of(fb.urls["thread"]) + "feed/"
    _, d = feed(fb, path)
    assert d.feed.title == "Comments on: %s" % THREAD_TITLE
    assert links(d.feed) == {"self": fb.base + path,
                             "alternate": fb.urls["thread"]}
    want = approved_comments(fb, post["id"])
    assert len(want) >= 9
    assert len(d.entries) == len(want)
    for e, c in zip(d.entries, want):
        check_comment_entry(fb, e, c)
    feed_updated(d)
    # Carol left her site: it is the author's URI.
    carol = [e for e in d.entries if e.author == "Carol"][0]
    assert carol.author_detail.href == "https://carol.example.net/"
    # Its id differs from the site's comment feed's.
    assert d.feed.id != feed(fb, "/comments/feed/")[1].feed.id


def test_comment_feed_of_a_post_without_comments(fb):
    row = post_row(fb, "Nobody Comments Here")
    path = path_of(fb.urls["quiet"]) + "feed/"
    r, d = feed(fb, path)
    assert d.entries == []
    assert d.feed.title == "Comments on: Nobody Comments Here"
    # An empty feed is as old as its post, not "now".
    assert d.feed.updated == iso(row["updated"])
    assert r.header("ETag")


def _add_pending(b, post_id, name, text):
    b.sql("INSERT INTO comments (post_id, depth, status, author_name, "
          "author_email, created, body_md, body_html) "
          "VALUES (?, 1, 'pending', ?, ?, ?, ?, ?)",
          (post_id, name, "nia@example.com", int(time.time()), text,
           "<p>%s</p>\n" % text))
    cid = b.sql("SELECT max(id) FROM comments")[0][0]
    b.sql("UPDATE comments SET path = ? WHERE id = ?", ("%010d" % cid, cid))
    return cid


def test_newly_approved_comment_joins_both_comment_feeds(fb, admin):
    post = post_row(fb, THREAD_TITLE)
    feeds = ["/comments/feed/", path_of(fb.urls["thread"]) + "feed/"]
    before = {p: fetch(fb, p) for p in feeds}
    cid = _add_pending(fb, post["id"], "Newcomer Nia",
                       "Held until the author says yes")
    for p in feeds:
        r = fetch(fb, p)
        assert b"Newcomer Nia" not in r.body
        # Held: nothing a reader sees changed.
        assert r.header("ETag") == before[p].header("ETag")
    token = admin.csrf("/admin/comments")
    r = admin.post("/admin/comments", {"csrf": token, "status": "pending",
                                       "one": "approve:%d" % cid})
    assert r.status == 303, r
    for p in feeds:
        r, d = feed(fb, p)
        assert d.entries[0].id.endswith(":comment-%d" % cid)
        assert d.entries[0].author == "Newcomer Nia"
        assert raw_content(r.body)[d.entries[0].id] == \
            "<p>Held until the author says yes</p>\n"
        feed_updated(d)
        assert r.header("ETag") != before[p].header("ETag")
        again = fb.get(p, headers={"If-None-Match":
                                   before[p].header("ETag")})
        assert again.status == 200 and again.body == r.body


# -- ids that last ------------------------------------------------------------

def _entry_for(d, post_id):
    found = [e for e in d.entries if e.id.endswith(":post-%d" % post_id)]
    assert len(found) == 1
    return found[0]


def test_entry_id_survives_a_slug_change(fb, admin):
    url = fb.add_post(post_file("Wandering Slug", "I will move.\n",
                                slug="wandering-slug", tags="Knees",
                                date="2024-05-04T06:00:00Z"))
    pid = fb.sql("SELECT id FROM posts WHERE slug = 'wandering-slug'")[0][0]
    _, d = feed(fb, "/feed/")
    old = _entry_for(d, pid)
    assert old.link == url
    old_tag_entry = _entry_for(feed(fb, "/tag/knees/feed/")[1], pid)

    r = admin.submit_editor("/admin/posts/%d" % pid, slug="settled-slug")
    assert r.status == 303, r
    assert fb.sql("SELECT slug FROM posts WHERE id = ?", (pid,))[0][0] == \
        "settled-slug"
    _, d = feed(fb, "/feed/")
    new = _entry_for(d, pid)
    assert new.id == old.id
    assert new.link == fb.base + "/2024/05/settled-slug/"
    assert new.title == old.title
    new_tag_entry = _entry_for(feed(fb, "/tag/knees/feed/")[1], pid)
    assert new_tag_entry.id == old_tag_entry.id == old.id
    # The new link works; the old one redirects to it.
    assert fb.get("/2024/05/settled-slug/").status == 200
    moved = fb.get(path_of(url))
    assert moved.status == 301
    assert moved.header("Location").endswith("/2024/05/settled-slug/")


def test_edit_moves_updated_not_published(fb, admin):
    url = fb.add_post(post_file("Edited Later", "First words.\n",
                                date="2024-05-04T05:00:00Z"))
    pid = fb.sql("SELECT id FROM posts WHERE title = 'Edited Later'")[0][0]
    _, d = feed(fb, "/feed/")
    before = _entry_for(d, pid)
    time.sleep(1.1)         # times are whole seconds
    r = admin.submit_editor("/admin/posts/%d" % pid,
                            body="Second thoughts, *better*.\n")
    assert r.status == 303, r
    r, d = feed(fb, "/feed/")
    body = r.body
    after = _entry_for(d, pid)
    row = [p for p in public_posts(fb) if p["id"] == pid][0]
    check_post_entry(fb, after, row)
    assert after.id == before.id
    assert after.published == before.published == "2024-05-04T05:00:00Z"
    assert after.updated > before.updated
    assert raw_content(body)[after.id] == \
        "<p>Second thoughts, <em>better</em>.</p>\n"
    feed_updated(d)
    assert d.feed.updated == after.updated    # now the newest change
    assert path_of(url) in after.link


# -- HTTP ---------------------------------------------------------------------

FEEDS = ["/feed/", "/tag/running/feed/", "/comments/feed/",
         "/2024/05/finding-the-knots/feed/"]


@pytest.mark.parametrize("path", FEEDS)
def test_feed_http_caching(fb, path):
    r = fetch(fb, path)
    etag = r.header("ETag")
    lm = r.header("Last-Modified")
    assert re.fullmatch(r'"[0-9a-f]{16}"', etag or ""), etag
    assert lm and calendar.timegm(time.strptime(
        lm, "%a, %d %b %Y %H:%M:%S GMT")) > 0
    assert r.header("Cache-Control") == "no-cache"
    # (If-Modified-Since: test_caching.py, on a blog whose clock is set)
    for h in ({"If-None-Match": etag}, {"If-None-Match": "W/" + etag},
              {"If-None-Match": '"nope", ' + etag}):
        c = fb.get(path, headers=h)
        assert c.status == 304, h
        assert c.body == b""
        assert c.header("ETag") == etag
    c = fb.get(path, headers={"If-None-Match": '"0000000000000000"'})
    assert c.status == 200 and c.body == r.body
    h = fb.request("HEAD", path, headers={"If-None-Match": etag})
    assert h.status == 304 and h.body == b""


@pytest.mark.parametrize("path", FEEDS)
def test_feed_is_the_same_from_every_worker(fb, path):
    """The ETag is the body's hash: both workers must make the same
    bytes, or 304s would come and go with the worker."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as ex:
        got = list(ex.map(lambda _: fb.get(path), range(16)))
    assert {r.status for r in got} == {200}
    assert len({r.header("ETag") for r in got}) == 1
    assert len({r.body for r in got}) == 1


# -- autodiscovery ------------------------------------------------------------

def alternates(b, path):
    r = b.get(path)
    assert r.status == 200, (path, r)
    head = parse_html(r.text).find("head")
    out = {}
    for l in head.find_all("link", rel="alternate"):
        assert l.attrs.get("type") == "application/atom+xml"
        assert l.attrs.get("title"), l
        out[l.attrs["href"]] = l.attrs["title"]
    return out


def test_autodiscovery_on_home(fb):
    a = alternates(fb, "/")
    assert a == {"/feed/": "Test Blog",
                 "/comments/feed/": "Test Blog \u00bb Comments Feed"}


def test_autodiscovery_on_a_tag_page(fb):
    a = alternates(fb, "/tag/running/")
    assert a["/tag/running/feed/"] == "Test Blog \u00bb Running Tag Feed"
    assert "/feed/" in a and "/comments/feed/" in a
    # Its later pages offer the same feed.
    assert "/tag/running/feed/" in alternates(fb, "/tag/running/page/2/")


def test_autodiscovery_on_a_post_page(fb):
    path = path_of(fb.urls["thread"])
    a = alternates(fb, path)
    assert a[path + "feed/"] == \
        "Test Blog \u00bb %s Comments Feed" % THREAD_TITLE
    assert "/feed/" in a and "/comments/feed/" in a


SITE_FEEDS = {"/feed/", "/comments/feed/"}


@pytest.mark.parametrize("path, own", [
    ("/", set()), ("/tag/running/", {"/tag/running/feed/"}),
    ("/tags/", set()),
    ("/2024/05/finding-the-knots/", {"/2024/05/finding-the-knots/feed/"}),
    ("/2024/", set()), ("/author/admin/", set())])
def test_every_advertised_feed_is_a_feed(fb, path, own):
    """Each page advertises the site's two feeds and its own, if it has
    one, and nothing else; each of them answers with a feed."""
    a = alternates(fb, path)
    assert set(a) == SITE_FEEDS | own, a
    for href in a:
        feed(fb, href)


def test_a_pages_advertised_feeds_are_feeds(fb):
    """A page (not a post) has no comments feed of its own: it offers
    the site's two."""
    a = alternates(fb, "/about/")
    assert set(a) == SITE_FEEDS, a
    for href in a:
        feed(fb, href)
