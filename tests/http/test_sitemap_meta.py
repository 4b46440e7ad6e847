"""test_sitemap_meta.py: what search engines and link previews read.

/sitemap.xml (well-formed, complete, nothing private, with lastmod),
/robots.txt, and the head of every kind of page: the canonical link,
the description, OpenGraph and Twitter card tags, and rel=next/prev on
paginated lists matching the Older/Newer links on the page.

The tests run on a blog of this module's own (`mb`): the shared content,
a site description, a post with an excerpt of its own and a draft with a
tag no public post has.
"""
import calendar
import datetime
import shutil
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zoneinfo

import pytest

from admin_client import Client
from conftest import make_blog, parse_html
from content import THREAD_TITLE, post_file

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DESCRIPTION = "Notes on running & knees <3 \u201cquoted\u201d"
EXCERPT = "Why the knee hurts & what helped: a <short> summary."


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-meta-")
    b = None
    try:
        b = make_blog(tmp)
        b.sql("INSERT OR REPLACE INTO settings (key, value) VALUES "
              "('description', ?)", (DESCRIPTION,))
        b.urls["excerpt"] = b.add_post(post_file(
            "Knee Report", "The long story of a knee.\n\nMore paragraphs.\n",
            date="2023-06-01T10:00:00Z", tags="Knees", excerpt=EXCERPT))
        b.urls["hidden_tag"] = b.add_post(post_file(
            "Draft With Its Own Tag", "Not public.\n", status="draft",
            tags="Drafttag"))
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def path_of(url):
    return urllib.parse.urlsplit(url).path


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def get(b, path, status=200):
    r = b.get(path)
    assert r.status == status, (path, r, r.text[:300])
    return r


# -- /sitemap.xml -------------------------------------------------------------

def sitemap(b):
    """{loc: lastmod or None}, checking the XML on the way."""
    r = get(b, "/sitemap.xml")
    assert r.header("Content-Type").split(";")[0] == "application/xml"
    assert r.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(r.body)                # well-formed, or it raises
    assert root.tag == SM + "urlset"
    out = {}
    for u in root:
        assert u.tag == SM + "url"
        assert {c.tag for c in u} <= {SM + "loc", SM + "lastmod"}
        loc = u.find(SM + "loc").text
        assert loc not in out, "listed twice: %s" % loc
        lm = u.find(SM + "lastmod")
        out[loc] = lm.text if lm is not None else None
    return out


def published_urls(b):
    """The URLs `quire post list` gives for published posts and pages."""
    p = b.quire("post", "list")
    urls = set()
    for line in p.stdout.splitlines():
        pid, status, date, url = line.split("\t")
        if status == "published":
            urls.add(url)
    return urls


def public_tags(b):
    """{slug: newest updated of its published posts}"""
    return dict(b.sql(
        "SELECT t.slug, max(p.updated) FROM tags t "
        "JOIN post_tags pt ON pt.tag_id = t.id "
        "JOIN posts p ON p.id = pt.post_id "
        "WHERE p.status = 'published' GROUP BY t.id"))


def test_sitemap_is_complete_and_has_nothing_else(mb):
    sm = sitemap(mb)
    posts = published_urls(mb)
    assert len(posts) >= 27
    tags = {mb.base + "/tag/%s/" % s for s in public_tags(mb)}
    assert {"running", "knees", "ims", "uber-cafe"} <= set(public_tags(mb))
    assert set(sm) == {mb.base + "/"} | posts | tags
    assert mb.base + "/about/" in sm


def test_sitemap_leaves_out_drafts_scheduled_and_empty_tags(mb):
    sm = sitemap(mb)
    for key in ("draft", "future", "hidden_tag"):
        assert mb.urls[key] not in sm
    for loc in sm:
        assert "secret-draft" not in loc and "from-the-future" not in loc
        assert "drafttag" not in loc
    # Its tag's archive does not show the draft either.
    assert "Draft With Its Own Tag" not in mb.get("/tag/drafttag/").text


def test_every_sitemap_url_is_a_page(mb):
    for loc in sitemap(mb):
        assert loc.startswith(mb.base + "/"), loc
        r = mb.get(path_of(loc))
        assert r.status == 200, (loc, r)
        canon = parse_html(r.text).find("link", rel="canonical")
        assert canon.attrs["href"] == loc


def test_sitemap_lastmod(mb):
    sm = sitemap(mb)
    now = time.time()
    rows = mb.sql("SELECT slug, type, published, updated FROM posts "
                  "WHERE status = 'published'")
    for slug, typ, published, updated in rows:
        if typ == "page":
            path = "/%s/" % slug
        else:
            d = datetime.datetime.fromtimestamp(published, TZ)
            path = "/%04d/%02d/%s/" % (d.year, d.month, slug)
        assert sm[mb.base + path] == iso(updated), path
    for slug, newest in public_tags(mb).items():
        assert sm[mb.base + "/tag/%s/" % slug] == iso(newest), slug
    newest_post = mb.sql("SELECT max(updated) FROM posts WHERE status = "
                         "'published' AND type = 'post'")[0][0]
    assert sm[mb.base + "/"] == iso(newest_post)
    for loc, lm in sm.items():
        assert lm is not None, loc
        t = calendar.timegm(time.strptime(lm, "%Y-%m-%dT%H:%M:%SZ"))
        assert t <= now + 1, "lastmod in the future: %s %s" % (loc, lm)


def test_sitemap_follows_new_and_trashed_posts(mb):
    url = mb.add_post(post_file("Sitemap Newcomer", "Hello.\n",
                                date="2023-07-01T10:00:00Z",
                                tags="Brand New Tag"))
    sm = sitemap(mb)
    assert url in sm
    assert mb.base + "/tag/brand-new-tag/" in sm
    pid = mb.sql("SELECT id FROM posts WHERE title = 'Sitemap Newcomer'")[0][0]
    admin = Client(mb)
    admin.login()
    r = admin.submit_editor("/admin/posts/%d" % pid, button="trash")
    assert r.status == 303, r
    sm = sitemap(mb)
    assert url not in sm
    assert mb.base + "/tag/brand-new-tag/" not in sm


# -- /robots.txt --------------------------------------------------------------

def test_robots_txt(mb):
    r = get(mb, "/robots.txt")
    assert r.header("Content-Type").split(";")[0] == "text/plain"
    lines = [l.strip() for l in r.text.splitlines()]
    assert "User-agent: *" in lines
    group = lines[lines.index("User-agent: *"):]
    assert "Disallow: /admin/" in group
    assert "Disallow: /" not in lines               # the rest may be crawled
    sitemaps = [l for l in lines if l.lower().startswith("sitemap:")]
    assert sitemaps == ["Sitemap: %s/sitemap.xml" % mb.base]
    assert get(mb, path_of(sitemaps[0].split(" ", 1)[1])).status == 200


# -- the head of every page ---------------------------------------------------

class Head:
    def __init__(self, text):
        doc = parse_html(text)
        self.doc = doc
        self.head = doc.find("head")

    def links(self, rel):
        return [l.attrs["href"] for l in self.head.find_all("link", rel=rel)]

    def meta(self, key):
        """The content of <meta property=key> or <meta name=key>; each
        may be there once at most."""
        found = [m.attrs.get("content") for m in self.head.find_all("meta")
                 if m.attrs.get("property") == key
                 or m.attrs.get("name") == key]
        assert len(found) <= 1, "%s %d times" % (key, len(found))
        return found[0] if found else None


def head(b, path):
    return Head(get(b, path).text)


def post_summary(b, title):
    excerpt, summary = b.sql("SELECT excerpt, summary FROM posts WHERE "
                             "title = ?", (title,))[0]
    return excerpt or summary


LISTS = ["/", "/page/2/", "/page/3/", "/tag/running/", "/tag/running/page/2/",
         "/tags/", "/2024/", "/2024/01/", "/author/admin/",
         "/author/admin/page/2/"]


@pytest.mark.parametrize("path", LISTS)
def test_list_page_head(mb, path):
    h = head(mb, path)
    assert h.links("canonical") == [mb.base + path]
    assert h.meta("og:url") == mb.base + path
    assert h.meta("og:type") == "website"
    assert h.meta("og:site_name") == "Test Blog"
    title = h.meta("og:title")
    assert title
    assert h.doc.find("title").text().startswith(title)
    assert h.meta("description") == DESCRIPTION
    assert h.meta("og:description") == DESCRIPTION
    assert h.meta("twitter:card") in ("summary", "summary_large_image")
    assert h.meta("twitter:title") == title


def test_home_head_names_the_site(mb):
    h = head(mb, "/")
    assert h.meta("og:title") == "Test Blog"
    assert h.doc.find("title").text() == "Test Blog"
    assert head(mb, "/tag/running/").meta("og:title") == \
        "Tag Archives: Running"


@pytest.mark.parametrize("key,title", [("thread", THREAD_TITLE),
                                       ("excerpt", "Knee Report"),
                                       ("unicode", None)])
def test_post_head_is_an_article_preview(mb, key, title):
    url = mb.urls[key]
    if title is None:
        title = mb.sql("SELECT title FROM posts WHERE slug = ?",
                       (path_of(url).strip("/").split("/")[-1],))[0][0]
    h = head(mb, path_of(url))
    assert h.links("canonical") == [url]
    assert h.meta("og:url") == url
    assert h.meta("og:type") == "article"
    assert h.meta("og:title") == title
    assert h.meta("twitter:title") == title
    assert h.meta("twitter:card") in ("summary", "summary_large_image")
    want = post_summary(mb, title)
    assert want
    assert h.meta("og:description") == want
    assert h.meta("description") == want
    # A post's head is no list: no rel=next/prev there.
    assert h.links("next") == [] and h.links("prev") == []


def test_excerpt_is_the_description(mb):
    h = head(mb, path_of(mb.urls["excerpt"]))
    assert h.meta("og:description") == EXCERPT
    # Escaped once in the markup, read back whole.
    raw = get(mb, path_of(mb.urls["excerpt"])).text
    assert ('content="Why the knee hurts &amp; what helped: a &lt;short&gt; '
            'summary."' in raw)


def test_post_without_excerpt_describes_itself(mb):
    h = head(mb, path_of(mb.urls["thread"]))
    assert h.meta("description") == \
        "Dry needling, week three. What changed less pain more range"


def test_page_head(mb):
    h = head(mb, "/about/")
    assert h.links("canonical") == [mb.base + "/about/"]
    assert h.meta("og:url") == mb.base + "/about/"
    assert h.meta("og:title") == "About"
    assert h.meta("og:description") == "Who writes here, and why."


def test_search_head(mb):
    h = head(mb, "/search?q=post")
    canon = h.links("canonical")
    assert len(canon) == 1 and canon[0].startswith(mb.base + "/search")
    assert h.meta("og:url") == canon[0]
    assert h.meta("og:title")


def test_canonical_leaves_out_the_query(mb):
    """The same page asked for with a tracking query has one address."""
    path = path_of(mb.urls["excerpt"])
    h = head(mb, path + "?utm_source=feed")
    assert h.links("canonical") == [mb.urls["excerpt"]]
    assert head(mb, "/?ref=x").links("canonical") == [mb.base + "/"]


# -- rel=next/prev ------------------------------------------------------------

def older_newer(h):
    nav = h.doc.find("main").find("nav", cls="paging")
    if nav is None:
        return None, None
    o = nav.find("a", cls="older")
    n = nav.find("a", cls="newer")
    return (o.attrs["href"] if o else None, n.attrs["href"] if n else None)


@pytest.mark.parametrize("start", ["/", "/tag/running/", "/author/admin/",
                                   "/2024/", "/search?q=post"])
def test_rel_next_prev_walk_the_list(mb, start):
    """Follow rel=next from the first page to the last: each page's head
    links are its Older/Newer links, and rel=prev leads back."""
    path, seen, prev = start, [], None
    while path is not None:
        assert path not in seen, "loop at %s" % path
        seen.append(path)
        h = head(mb, path)
        older, newer = older_newer(h)
        assert h.links("next") == ([older] if older else [])
        assert h.links("prev") == ([newer] if newer else [])
        if prev is not None:
            assert newer == prev, (path, newer, prev)
        else:
            assert newer is None
        prev, path = path, older
    # Walking back from the last page reaches the first.
    back, path = [], seen[-1]
    while path is not None:
        back.append(path)
        prev_links = head(mb, path).links("prev")
        path = prev_links[0] if prev_links else None
    back.reverse()
    assert back == seen


def test_lists_long_enough_have_more_pages(mb):
    """The walks above are not vacuous: these lists span pages."""
    for start, pages in [("/", 3), ("/tag/running/", 2),
                         ("/author/admin/", 3), ("/2024/", 2),
                         ("/search?q=post", 3)]:
        h = head(mb, start)
        assert h.links("next"), start
        n, path = 1, h.links("next")[0]
        while path:
            n += 1
            nxt = head(mb, path).links("next")
            path = nxt[0] if nxt else None
        assert n == pages, (start, n)


@pytest.mark.parametrize("path", ["/tags/", "/about/", "/2024/05/",
                                  "/2023/"])
def test_single_pages_have_no_rel_next_prev(mb, path):
    h = head(mb, path)
    assert older_newer(h) == (None, None)
    assert h.links("next") == [] and h.links("prev") == []
