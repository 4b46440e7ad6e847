"""test_pages.py: every reading page, as a reader meets it.

The shared `blog` holds the content of content.py: 23 dated posts "Post
number N" (Nov 2023 .. Apr 2024, odd ones tagged Running, every fifth
Knees), "Über Café — naïve résumé" (May 1, 2024) and "Finding The Knots"
(May 2, 2024) with its comment thread, the page About, a draft and a
post scheduled for 2099. Site: "Test Blog", Europe/Berlin, 10 a page.
Tests that need other content use `empty_blog`, a blog of their own.
"""
import re
import time
import urllib.parse

import pytest

from conftest import parse_html
from content import THREAD_TITLE, UNICODE_TITLE

NOT_FOUND = "Oops! That page can\u2019t be found."

# Newest first, as every list shows them.
ALL_TITLES = [THREAD_TITLE, UNICODE_TITLE] + [
    "Post number %d" % i for i in range(23, 0, -1)]
RUNNING = [THREAD_TITLE, UNICODE_TITLE] + [
    "Post number %d" % i for i in range(23, 0, -2)]
KNEES = ["Post number %d" % i for i in (20, 15, 10, 5)]


def path_of(url):
    """The path of an absolute or site-relative URL."""
    return urllib.parse.urlsplit(url).path


def page(blog, path, status=200):
    r = blog.get(path)
    assert r.status == status, "GET %s: %d, wanted %d\n%s" % (
        path, r.status, status, r.body[:400])
    return r, parse_html(r.text)


def main(doc):
    m = doc.find("main", id_="main")
    assert m is not None, "no <main id=main>"
    return m


def listed_titles(doc):
    """Titles of the posts a list page shows, in order."""
    return [h.text() for h in main(doc).find_all("h2", cls="entry-title")]


def listed_links(doc):
    return [h.find("a").attrs["href"]
            for h in main(doc).find_all("h2", cls="entry-title")]


def paging(doc):
    """(older href, newer href, "Page N of M") of a list page's paging
    nav; (None, None, None) when there is none."""
    nav = main(doc).find("nav", cls="paging")
    if nav is None:
        return None, None, None
    older = nav.find("a", cls="older")
    newer = nav.find("a", cls="newer")
    if older is not None:
        assert "Older posts" in older.text()
    if newer is not None:
        assert "Newer posts" in newer.text()
    of = nav.find("span", cls="page-of")
    return (older.attrs["href"] if older is not None else None,
            newer.attrs["href"] if newer is not None else None,
            of.text() if of is not None else None)


def heading(doc):
    h = main(doc).find("h1")
    assert h is not None, "no <h1> in main"
    return h.text()


def title(doc):
    t = doc.find("title")
    return t.text() if t is not None else None


def assert_redirect(blog, path, to, status=301):
    r = blog.get(path)
    assert r.status == status, "GET %s: %d, wanted %d to %s" % (
        path, r.status, status, to)
    loc = r.header("Location")
    assert loc is not None, "GET %s: %d without Location" % (path, status)
    assert path_of(urllib.parse.urljoin(blog.base + path, loc)) == to, (
        "GET %s: Location %s, wanted %s" % (path, loc, to))
    assert r.body == b"" or len(r.body) < 1024


def assert_not_found(blog, path):
    """404, and the 404 page is the site's themed one."""
    r = blog.get(path)
    assert r.status == 404, "GET %s: %d, wanted 404" % (path, r.status)
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    doc = parse_html(r.text)
    assert heading(doc) == NOT_FOUND
    site = doc.find("p", cls="site-title")
    assert site is not None and site.text() == "Test Blog", \
        "404 page for %s lacks the site header" % path
    nav = doc.find("nav", cls="site-nav")
    assert nav is not None and nav.find("a", href="/tags/") is not None, \
        "no site navigation on the 404 page"
    return doc


# -- the home page ---------------------------------------------------------

def test_home_first_page_newest_first(blog):
    r, doc = page(blog, "/")
    assert title(doc) == "Test Blog"
    assert listed_titles(doc) == ALL_TITLES[:10]
    older, newer, of = paging(doc)
    assert older == "/page/2/"
    assert newer is None
    assert of == "Page 1 of 3"
    # Home shows whole posts, rendered from Markdown.
    assert "<p>Body of post 23.</p>" in r.text
    assert ('<p>A <em>second</em> paragraph with '
            '<a href="https://example.org/23">a link</a>.</p>') in r.text
    # The Home link is marked as the current page.
    home = doc.find("nav", cls="site-nav").find("a", href="/")
    assert home.attrs.get("aria-current") == "page"


def test_home_page_2_and_3(blog):
    r, doc = page(blog, "/page/2/")
    assert listed_titles(doc) == ALL_TITLES[10:20]
    assert paging(doc) == ("/page/3/", "/", "Page 2 of 3")
    assert title(doc) == "Page 2 \u2013 Test Blog"
    r, doc = page(blog, "/page/3/")
    assert listed_titles(doc) == ALL_TITLES[20:]
    assert paging(doc) == (None, "/page/2/", "Page 3 of 3")


def test_home_older_links_walk_every_post_once(blog):
    seen, path, hops = [], "/", 0
    while path is not None:
        r, doc = page(blog, path)
        seen += listed_titles(doc)
        older, newer, _ = paging(doc)
        path = older
        hops += 1
        assert hops <= 5, "Older posts links loop"
    assert seen == ALL_TITLES
    # And back with "Newer posts" from the last page.
    path, back = "/page/3/", []
    while path is not None:
        r, doc = page(blog, path)
        back.append(path)
        path = paging(doc)[1]
    assert back == ["/page/3/", "/page/2/", "/"]


def test_home_leaves_out_pages_drafts_and_future_posts(blog):
    text = "".join(blog.get(p).text for p in ("/", "/page/2/", "/page/3/"))
    for t in ("Secret Draft", "From The Future", "Who writes here"):
        assert t not in text
    assert ">About<" in text      # only as the nav link


def test_home_past_the_end_is_404(blog):
    assert_not_found(blog, "/page/4/")


def test_page_1_redirects_to_home(blog):
    assert_redirect(blog, "/page/1/", "/")


@pytest.mark.parametrize("path", [
    "/page/0/", "/page/-1/", "/page/99999999999/", "/page/abc/",
    "/page/01/", "/page/2.5/", "/page/1e3/", "/page/+2/"])
def test_bad_page_numbers_are_404_not_500(blog, path):
    assert_not_found(blog, path)


def test_home_comment_counts_link_to_comments(blog):
    r, doc = page(blog, "/")
    links = [a for a in main(doc).find_all("a")
             if a.attrs.get("href") == "/2024/05/finding-the-knots/#comments"]
    assert len(links) == 1
    assert links[0].text() == "9 Comments on Finding The Knots"


# -- a post ----------------------------------------------------------------

def test_post_page(blog):
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    assert title(doc) == "Finding The Knots \u2013 Test Blog"
    art = main(doc).find("article", cls="post")
    assert art.find("h1", cls="entry-title").text() == "Finding The Knots"
    # Date in the site's zone: 08:00 UTC is 10:00 in Berlin, same day.
    t = art.find("time")
    assert t.text() == "May 2, 2024"
    assert t.attrs["datetime"] == "2024-05-02T08:00:00Z"
    author = art.find("a", cls="author")
    assert author.attrs["href"] == "/author/admin/"
    assert author.text() == "Ada Admin"
    body = art.find("div", cls="entry-content")
    assert body.find("p").text() == "Dry needling, week three."
    assert body.find("h2").text() == "What changed"
    assert [li.text() for li in body.find("ul").find_all("li")] == [
        "less pain", "more range"]
    tags = [(a.text(), a.attrs["href"], a.attrs.get("rel"))
            for a in art.find("p", cls="tags-links").find_all("a")]
    assert tags == [("IMS", "/tag/ims/", "tag"),
                    ("Running", "/tag/running/", "tag")]


def test_post_links_work(blog):
    """Every link in a post's header and footer leads somewhere."""
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    art = main(doc).find("article", cls="post")
    for a in art.find_all("a"):
        href = a.attrs["href"]
        if href.startswith("/"):
            assert blog.get(href).status == 200, href


def post_nav(doc):
    nav = main(doc).find("nav", cls="post-navigation")
    if nav is None:
        return None, None
    prev = nav.find("div", cls="nav-previous")
    nxt = nav.find("div", cls="nav-next")

    def link(div, label):
        if div is None:
            return None
        a = div.find("a")
        assert a.text().startswith(label + " ")
        return a.text()[len(label) + 1:], a.attrs["href"], a.attrs["rel"]
    return link(prev, "Previous post"), link(nxt, "Next post")


def test_post_navigation_in_the_middle(blog):
    r, doc = page(blog, "/2024/01/post-number-12/")
    assert post_nav(doc) == (
        ("Post number 11", "/2024/01/post-number-11/", "prev"),
        ("Post number 13", "/2024/02/post-number-13/", "next"))


def test_post_navigation_at_the_edges(blog):
    r, doc = page(blog, "/2023/11/post-number-1/")
    assert post_nav(doc) == (
        None, ("Post number 2", "/2023/11/post-number-2/", "next"))
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    # The newest post: no "Next post" (not the scheduled one, not a page).
    assert post_nav(doc) == (
        (UNICODE_TITLE, "/2024/05/uber-cafe-naive-resume/", "prev"), None)
    r, doc = page(blog, "/2024/05/uber-cafe-naive-resume/")
    assert post_nav(doc) == (
        ("Post number 23", "/2024/04/post-number-23/", "prev"),
        (THREAD_TITLE, "/2024/05/finding-the-knots/", "next"))


def test_unicode_post(blog):
    r, doc = page(blog, path_of(blog.urls["unicode"]))
    assert path_of(blog.urls["unicode"]) == "/2024/05/uber-cafe-naive-resume/"
    assert main(doc).find("h1").text() == UNICODE_TITLE
    assert "Grüße aus Köln. 日本語も大丈夫。" in r.text
    assert title(doc) == UNICODE_TITLE + " \u2013 Test Blog"


@pytest.mark.parametrize("wrong", [
    "/2023/05/finding-the-knots/", "/2024/04/finding-the-knots/",
    "/2024/06/finding-the-knots/"])
def test_post_under_wrong_month_redirects(blog, wrong):
    assert_redirect(blog, wrong, "/2024/05/finding-the-knots/")


def test_post_slug_alone_redirects_to_post(blog):
    assert_redirect(blog, "/finding-the-knots/", "/2024/05/finding-the-knots/")


def test_draft_is_404(blog):
    url = path_of(blog.urls["draft"])
    assert_not_found(blog, url)
    assert_not_found(blog, "/2024/05/secret-draft/")
    assert_not_found(blog, "/secret-draft/")


def test_future_scheduled_post_is_404(blog):
    assert_not_found(blog, "/2099/01/from-the-future/")
    assert_not_found(blog, "/from-the-future/")
    assert_not_found(blog, "/2099/")
    assert_not_found(blog, "/2099/01/")


def test_unknown_post_is_themed_404(blog):
    doc = assert_not_found(blog, "/2024/05/no-such-post/")
    assert "home page" in main(doc).text()
    assert_not_found(blog, "/no-such-page/")
    assert_not_found(blog, "/no/such/thing/at/all/")


# -- the comment thread ----------------------------------------------------

def approved_comments(blog):
    """{id: (name, parent id)} of the approved comments, from the db."""
    rows = blog.sql(
        "SELECT c.id, c.author_name, c.parent_id, c.status FROM comments c "
        "JOIN posts p ON p.id = c.post_id WHERE p.title = ?", (THREAD_TITLE,))
    return ({r[0]: (r[1], r[2]) for r in rows if r[3] == "approved"},
            {r[0]: r[1] for r in rows if r[3] != "approved"})


def comment_items(doc):
    return {int(li.attrs["id"][len("comment-"):]): li
            for li in doc.find_all("li")
            if re.fullmatch(r"comment-\d+", li.attrs.get("id", ""))}


def comment_parent(li):
    for a in li.ancestors():
        if a.tag == "li" and a.attrs.get("id", "").startswith("comment-"):
            return int(a.attrs["id"][len("comment-"):])
    return None


def own_meta(li):
    """The comment's own header, not its replies'."""
    return li.find("article", cls="comment-body")


def test_comment_heading(blog):
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    h = main(doc).find("h2", cls="comments-title")
    assert h.text() == "9 thoughts on \u201cFinding The Knots\u201d"
    assert main(doc).find("section", id_="comments") is not None


def test_every_approved_comment_shown_with_its_id(blog):
    approved, hidden = approved_comments(blog)
    assert len(approved) == 9 and len(hidden) == 2
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    assert set(items) == set(approved)
    for cid, (name, _) in approved.items():
        assert own_meta(items[cid]).find("b", cls="fn").text() == name


def test_held_and_spam_comments_absent(blog):
    r = blog.get("/2024/05/finding-the-knots/")
    for s in ("Held Harry", "I am held for moderation", "Spammy Sam",
              "Buy things"):
        assert s not in r.text
    _, hidden = approved_comments(blog)
    for cid in hidden:
        assert 'id="comment-%d"' % cid not in r.text


def test_replies_nest_inside_parent_item(blog):
    approved, _ = approved_comments(blog)
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    for cid, (name, parent) in approved.items():
        assert comment_parent(items[cid]) == parent, (
            "comment %d (%s) is nested under %s, not %s" % (
                cid, name, comment_parent(items[cid]), parent))
        if parent is not None:
            # A list inside the parent's list item, as WordPress does.
            assert items[cid].parent.tag == "ol"
            assert "children" in items[cid].parent.classes()
            assert items[cid].parent.parent is items[parent]
        else:
            assert items[cid].parent.attrs.get("class") == "comment-list"


def test_four_deep_thread(blog):
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    deepest = [cid for cid, li in items.items()
               if "The author answers" in own_meta(li).text()]
    assert len(deepest) == 1
    chain, cid = [], deepest[0]
    while cid is not None:
        chain.append(own_meta(items[cid]).find("b", cls="fn").text())
        cid = comment_parent(items[cid])
    assert chain == ["Ada Admin", "Maria", "Bob", "Maria"]
    li = items[deepest[0]]
    lis = [a for a in li.ancestors() if a.tag == "li"]
    assert len(lis) == 3       # inside three comments: four levels deep


def test_no_empty_reply_lists(blog):
    """A comment without replies has no (empty) list of replies."""
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    for ol in doc.find_all("ol", cls="children"):
        li = ol.parent
        assert ol.find_all("li"), (
            "empty <ol class=children> inside %s" % li.attrs.get("id"))


def test_post_author_badge(blog):
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    badged = [cid for cid, li in items.items()
              if "Post author" in own_meta(li).text()]
    assert len(badged) == 1
    li = items[badged[0]]
    assert own_meta(li).find("b", cls="fn").text() == "Ada Admin"
    assert own_meta(li).find("span", cls="badge").text() == "Post author"
    assert "bypostauthor" in li.classes()
    assert r.text.count("Post author") == 1


def test_commenter_url_is_nofollow_ugc(blog):
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    linked = {}
    for cid, li in items.items():
        a = own_meta(li).find("b", cls="fn").find("a")
        if a is not None:
            linked[own_meta(li).find("b", cls="fn").text()] = a
    assert list(linked) == ["Carol"]
    a = linked["Carol"]
    assert a.attrs["href"] == "https://carol.example.net/"
    rel = a.attrs["rel"].split()
    assert "nofollow" in rel and "ugc" in rel


def test_comment_times_in_berlin(blog):
    approved, _ = approved_comments(blog)
    r, doc = page(blog, "/2024/05/finding-the-knots/")
    items = comment_items(doc)
    times = {}
    for cid, li in items.items():
        t = own_meta(li).find("time")
        times[approved[cid][0], own_meta(li).find(
            "div", cls="comment-content").text()] = (t.text(),
                                                      t.attrs["datetime"])
    # 08:54:20 UTC on May 2 is 10:54 in Berlin (CEST, UTC+2).
    assert times["Maria", "First!"] == ("May 2, 2024 at 10:54 am",
                                        "2024-05-02T08:54:20Z")
    assert times["Grace", "Fifth top-level"] == ("May 2, 2024 at 11:02 am",
                                                 "2024-05-02T09:02:20Z")
    # Each comment's permalink is its own anchor.
    for cid, li in items.items():
        assert own_meta(li).find("a", href="#comment-%d" % cid) is not None


def add_comment(b, post_id, name, text, parent=None, user=None, url="",
                created=1714640000, status="approved"):
    """A comment written straight into the db, as content.py does."""
    if parent:
        ppath, pdepth = b.sql(
            "SELECT path, depth FROM comments WHERE id = ?", (parent,))[0]
    else:
        ppath, pdepth = None, 0
    b.sql("INSERT INTO comments (post_id, parent_id, depth, status, "
          "author_name, author_email, author_url, user_id, created, body_md, "
          "body_html) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
          (post_id, parent, pdepth + 1, status, name,
           name.lower() + "@example.com", url, user, created, text,
           "<p>%s</p>\n" % text))
    cid = b.sql("SELECT max(id) FROM comments")[0][0]
    path = ("%s.%010d" % (ppath, cid)) if ppath else "%010d" % cid
    b.sql("UPDATE comments SET path = ? WHERE id = ?", (path, cid))
    b.sql("UPDATE posts SET comment_count = (SELECT count(*) FROM comments "
          "WHERE post_id = ?1 AND status = 'approved') WHERE id = ?1",
          (post_id,))
    return cid


def test_reply_does_not_inherit_parent_link_or_badge(empty_blog):
    """A reply to the author, or to a commenter with a web site, shows its
    own name: not the parent's badge, not the parent's link."""
    b = empty_blog
    url = b.add_post("title: Inheritance\ndate: 2024-03-01T12:00:00Z\n\nx\n")
    pid = b.sql("SELECT id FROM posts WHERE slug = 'inheritance'")[0][0]
    ada = add_comment(b, pid, "Ada Admin", "From the author", user=1)
    zed = add_comment(b, pid, "Zed", "Replying to the author", parent=ada)
    web = add_comment(b, pid, "Webby", "I have a site",
                      url="https://webby.example.net/")
    plain = add_comment(b, pid, "Plain", "I have none", parent=web)
    r, doc = page(b, path_of(url))
    items = comment_items(doc)
    assert set(items) == {ada, zed, web, plain}
    assert "Post author" in own_meta(items[ada]).text()
    assert "Post author" not in own_meta(items[zed]).text(), \
        "a reply to the author shows the 'Post author' badge"
    assert "bypostauthor" not in items[zed].classes()
    assert own_meta(items[web]).find("b", cls="fn").find("a") is not None
    assert own_meta(items[plain]).find("b", cls="fn").find("a") is None, \
        "a reply without a URL is linked to its parent's web site"
    assert main(doc).find("h2", cls="comments-title").text() == \
        "4 thoughts on \u201cInheritance\u201d"


# -- pages -----------------------------------------------------------------

def test_about_page(blog):
    r, doc = page(blog, "/about/")
    art = main(doc).find("article")
    assert "page" in art.classes()
    assert art.find("h1").text() == "About"
    assert "Who writes here, and why." in art.text()
    assert title(doc) == "About \u2013 Test Blog"
    # A page has no date, byline, tags or previous/next links.
    assert art.find("time") is None
    assert art.find("p", cls="entry-meta") is None
    assert main(doc).find("nav", cls="post-navigation") is None
    # It is in the site navigation, marked current here.
    nav = doc.find("nav", cls="site-nav")
    link = nav.find("a", href="/about/")
    assert link is not None and link.text() == "About"
    assert link.attrs.get("aria-current") == "page"
    assert nav.find("a", href="/").attrs.get("aria-current") is None


def test_about_in_nav_everywhere(blog):
    for path in ("/", "/tags/", "/2024/", "/2024/05/finding-the-knots/"):
        r, doc = page(blog, path)
        assert doc.find("nav", cls="site-nav").find(
            "a", href="/about/") is not None, path


def test_about_without_slash_redirects(blog):
    assert_redirect(blog, "/about", "/about/")
    r = blog.get("/about?x=1")
    assert r.status == 301
    assert r.header("Location").endswith("/about/?x=1")


def test_page_is_not_in_archives(blog):
    """The About page is dated when it was added; it is in no archive."""
    (published,) = blog.sql("SELECT published FROM posts WHERE slug = 'about'")[0]
    year = time.gmtime(published).tm_year
    if year not in (2023, 2024):
        assert_not_found(blog, "/%d/" % year)
    assert "About" not in [t for p in ("/author/admin/",
                                       "/author/admin/page/2/",
                                       "/author/admin/page/3/")
                           for t in listed_titles(page(blog, p)[1])]


# -- tags ------------------------------------------------------------------

def collect(blog, path):
    """All titles of a paginated list, following "Older posts"."""
    seen, pages = [], []
    while path is not None:
        r, doc = page(blog, path)
        pages.append(path)
        seen += listed_titles(doc)
        path = paging(doc)[0]
        assert len(pages) < 10
    return seen, pages


def test_tag_archive_running(blog):
    r, doc = page(blog, "/tag/running/")
    assert heading(doc) == "Tag Archives: Running"
    assert title(doc) == "Tag Archives: Running \u2013 Test Blog"
    assert listed_titles(doc) == RUNNING[:10]
    assert paging(doc) == ("/tag/running/page/2/", None, "Page 1 of 2")
    r, doc = page(blog, "/tag/running/page/2/")
    assert heading(doc) == "Tag Archives: Running"
    assert title(doc) == "Tag Archives: Running \u2013 Page 2 \u2013 Test Blog"
    assert listed_titles(doc) == RUNNING[10:]
    assert paging(doc) == (None, "/tag/running/", "Page 2 of 2")
    assert len(RUNNING) == 14


def test_tag_archive_shows_summaries_with_links(blog):
    r, doc = page(blog, "/tag/knees/")
    art = main(doc).find("article")
    assert art.find("a", cls="more-link").attrs["href"] == \
        "/2024/03/post-number-20/"
    assert "Body of post 20." in art.find("div", cls="entry-summary").text()


def test_tag_paging_edges(blog):
    assert_redirect(blog, "/tag/running/page/1/", "/tag/running/")
    assert_not_found(blog, "/tag/running/page/3/")
    assert_not_found(blog, "/tag/running/page/0/")


def test_tag_knees(blog):
    r, doc = page(blog, "/tag/knees/")
    assert heading(doc) == "Tag Archives: Knees"
    assert listed_titles(doc) == KNEES
    assert paging(doc) == (None, None, None)


def test_tag_ims(blog):
    r, doc = page(blog, "/tag/ims/")
    assert listed_titles(doc) == [THREAD_TITLE]


def unicode_tag_href(blog):
    r, doc = page(blog, "/tags/")
    links = [a for a in main(doc).find_all("a") if a.text() == "Über Café"]
    assert len(links) == 1, "no single 'Über Café' link on /tags/"
    return links[0].attrs["href"]


def test_unicode_tag(blog):
    href = unicode_tag_href(blog)
    assert href.isascii(), "tag link %r is not percent-encoded" % href
    assert re.fullmatch(r"/tag/[^/]+/", href)
    r, doc = page(blog, href)
    assert heading(doc) == "Tag Archives: Über Café"
    assert listed_titles(doc) == [UNICODE_TITLE]
    # The post links to the same tag address.
    r, doc = page(blog, "/2024/05/uber-cafe-naive-resume/")
    tags = {a.text(): a.attrs["href"]
            for a in main(doc).find("p", cls="tags-links").find_all("a")}
    assert tags == {"Running": "/tag/running/", "Über Café": href}


def test_unicode_tag_percent_encoded_link(blog):
    """The same tag address with every byte percent-encoded."""
    href = unicode_tag_href(blog)
    slug = urllib.parse.unquote(href[len("/tag/"):-1])
    enc = "".join("%%%02X" % c for c in slug.encode("utf-8"))
    r, doc = page(blog, "/tag/%s/" % enc)
    assert heading(doc) == "Tag Archives: Über Café"
    assert listed_titles(doc) == [UNICODE_TITLE]


@pytest.mark.parametrize("path", [
    "/tag/no-such-tag/", "/tag/no-such-tag/page/2/", "/tag/caf%C3%A9/"])
def test_unknown_tag_404(blog, path):
    assert_not_found(blog, path)


def test_tag_index(blog):
    r, doc = page(blog, "/tags/")
    assert heading(doc) == "Tags"
    assert title(doc) == "Tags \u2013 Test Blog"
    rows = []
    for li in main(doc).find("ul", cls="tag-index").find_all("li"):
        a = li.find("a")
        rows.append((a.text(), a.attrs["href"],
                     li.find("span", cls="count").text()))
    href = unicode_tag_href(blog)
    assert rows == [
        ("IMS", "/tag/ims/", "1 post"),
        ("Knees", "/tag/knees/", "4 posts"),
        ("Running", "/tag/running/", "14 posts"),
        ("Über Café", href, "1 post"),
    ]
    # The counts are the numbers of posts each archive lists.
    for name, link, count in rows:
        n = int(count.split()[0])
        assert len(collect(blog, link)[0]) == n, name


def test_tag_index_and_sidebar_leave_out_tags_without_public_posts(empty_blog):
    b = empty_blog
    b.add_post("title: Shown\ndate: 2024-02-01T12:00:00Z\ntags: Visible\n\nx\n")
    b.add_post("title: Hidden\nstatus: draft\ntags: Secret Draft Tag\n\nx\n")
    b.add_post("title: Later\ndate: 2099-02-01T12:00:00Z\nstatus: scheduled\n"
               "tags: Future Tag\n\nx\n")
    b.add_post("title: A Page\ntype: page\ntags: Page Tag\n\nx\n")
    r, doc = page(b, "/tags/")
    names = [li.find("a").text()
             for li in main(doc).find("ul", cls="tag-index").find_all("li")]
    assert names == ["Visible"]
    for t in ("Secret Draft Tag", "Future Tag"):
        assert t not in r.text
    r, doc = page(b, "/")
    assert "Secret Draft Tag" not in r.text and "Future Tag" not in r.text
    assert listed_titles(doc) == ["Shown"]


# -- date archives ---------------------------------------------------------

def test_year_archive_2024(blog):
    r, doc = page(blog, "/2024/")
    assert heading(doc) == "Yearly Archives: 2024"
    assert title(doc) == "Yearly Archives: 2024 \u2013 Test Blog"
    want = [THREAD_TITLE, UNICODE_TITLE] + [
        "Post number %d" % i for i in range(23, 8, -1)]
    seen, pages = collect(blog, "/2024/")
    assert seen == want
    assert pages == ["/2024/", "/2024/page/2/"]
    assert_redirect(blog, "/2024/page/1/", "/2024/")
    assert_not_found(blog, "/2024/page/3/")


def test_year_archive_2023(blog):
    r, doc = page(blog, "/2023/")
    assert heading(doc) == "Yearly Archives: 2023"
    assert listed_titles(doc) == ["Post number %d" % i for i in range(8, 0, -1)]
    assert paging(doc) == (None, None, None)


@pytest.mark.parametrize("path,name,posts", [
    ("/2024/01/", "January 2024", [12, 11, 10, 9]),
    ("/2023/11/", "November 2023", [4, 3, 2, 1]),
    ("/2023/12/", "December 2023", [8, 7, 6, 5]),
    ("/2024/04/", "April 2024", [23, 22, 21]),
    ("/2024/05/", "May 2024", None),
])
def test_month_archive(blog, path, name, posts):
    r, doc = page(blog, path)
    assert heading(doc) == "Monthly Archives: " + name
    want = ([THREAD_TITLE, UNICODE_TITLE] if posts is None else
            ["Post number %d" % i for i in posts])
    assert listed_titles(doc) == want


@pytest.mark.parametrize("path", [
    "/2022/", "/2025/", "/2024/06/", "/2023/10/", "/2024/12/", "/1999/01/",
    "/2024/13/", "/2024/00/", "/2024/1/", "/0999/"])
def test_empty_or_impossible_date_archive_404(blog, path):
    assert_not_found(blog, path)


def test_archive_boundaries_follow_berlin_time(empty_blog):
    """A post at 23:30 UTC on New Year's Eve is 00:30 on Jan 1 in Berlin
    (CET, +1); one at 22:30 UTC on June 30 is 00:30 on July 1 (CEST, +2)."""
    b = empty_blog
    ny = b.add_post("title: New Year\ndate: 2023-12-31T23:30:00Z\n\nx\n")
    eve = b.add_post("title: Still Old Year\ndate: 2023-12-31T22:30:00Z\n\nx\n")
    july = b.add_post("title: July Already\ndate: 2024-06-30T22:30:00Z\n\nx\n")
    june = b.add_post("title: Still June\ndate: 2024-06-30T21:30:00Z\n\nx\n")
    assert path_of(ny) == "/2024/01/new-year/"
    assert path_of(eve) == "/2023/12/still-old-year/"
    assert path_of(july) == "/2024/07/july-already/"
    assert path_of(june) == "/2024/06/still-june/"
    assert listed_titles(page(b, "/2023/")[1]) == ["Still Old Year"]
    assert listed_titles(page(b, "/2023/12/")[1]) == ["Still Old Year"]
    assert listed_titles(page(b, "/2024/01/")[1]) == ["New Year"]
    assert listed_titles(page(b, "/2024/06/")[1]) == ["Still June"]
    assert listed_titles(page(b, "/2024/07/")[1]) == ["July Already"]
    assert listed_titles(page(b, "/2024/")[1]) == [
        "July Already", "Still June", "New Year"]
    r, doc = page(b, "/2024/01/new-year/")
    assert main(doc).find("time").text() == "January 1, 2024"
    r, doc = page(b, "/2024/07/july-already/")
    assert main(doc).find("time").text() == "July 1, 2024"
    r, doc = page(b, "/2023/12/still-old-year/")
    assert main(doc).find("time").text() == "December 31, 2023"


# -- authors ---------------------------------------------------------------

def test_author_archive(blog):
    r, doc = page(blog, "/author/admin/")
    assert heading(doc) == "Author Archives: Ada Admin"
    assert title(doc) == "Author Archives: Ada Admin \u2013 Test Blog"
    seen, pages = collect(blog, "/author/admin/")
    assert seen == ALL_TITLES
    assert pages == ["/author/admin/", "/author/admin/page/2/",
                     "/author/admin/page/3/"]


@pytest.mark.parametrize("path", [
    "/author/nobody/", "/author/Admin/", "/author/admin/page/4/"])
def test_unknown_author_404(blog, path):
    assert_not_found(blog, path)


# -- an empty blog ---------------------------------------------------------

def test_empty_blog_home(empty_blog):
    r, doc = page(empty_blog, "/")
    assert doc.find("p", cls="site-title").text() == "Test Blog"
    assert "There are no posts yet." in main(doc).text()
    assert main(doc).find("article") is None
    assert paging(doc) == (None, None, None)
    assert_not_found(empty_blog, "/page/2/")
    r, doc = page(empty_blog, "/tags/")
    assert main(doc).find("ul", cls="tag-index") is None


# -- counts kept by triggers (sql/0005-counts.sql) ---------------------------

def test_paging_follows_every_change_to_the_counts(empty_blog):
    """The home page and a tag archive page by counts that triggers keep:
    whatever changes a post (the command line, or sqlite3 with foreign
    keys off, as here), the paging is that of the posts a reader can see,
    and the stored counts are the live ones."""
    b = empty_blog
    for i in range(1, 12):
        b.add_post("title: Counted %d\ndate: 2024-01-%02dT10:00:00Z\n"
                   "tags: Counted\n\nBody %d.\n" % (i, i, i))

    def shows(n):
        """The home page and /tag/counted/ list n posts over their pages."""
        for base in ("/", "/tag/counted/"):
            r, doc = page(b, base)
            assert len(listed_titles(doc)) == min(n, 10)
            if n > 10:
                assert paging(doc)[2] == "Page 1 of 2", base
                r, doc = page(b, base + "page/2/")
                assert len(listed_titles(doc)) == n - 10
                assert paging(doc)[2] == "Page 2 of 2"
            else:
                assert paging(doc) == (None, None, None), base
                assert_not_found(b, base + "page/2/")
        live = b.sql("SELECT count(*) FROM posts WHERE type = 'post' "
                     "AND status = 'published'")[0][0]
        assert b.sql("SELECT public_posts FROM site_state") == [(live,)]
        assert b.sql("SELECT post_count FROM tags WHERE slug = 'counted'"
                     ) == [(n,)]

    def pid(i):
        return b.sql("SELECT id FROM posts WHERE title = ?",
                     ("Counted %d" % i,))[0][0]

    shows(11)
    b.sql("UPDATE posts SET status = 'draft' WHERE id = ?", (pid(1),))
    shows(10)
    b.sql("UPDATE posts SET status = 'published' WHERE id = ?", (pid(1),))
    shows(11)
    b.sql("UPDATE posts SET type = 'page' WHERE id = ?", (pid(2),))
    shows(10)
    b.sql("UPDATE posts SET type = 'post' WHERE id = ?", (pid(2),))
    shows(11)
    # A link removed and put back.
    b.sql("DELETE FROM post_tags WHERE post_id = ?", (pid(3),))
    r, doc = page(b, "/tag/counted/")
    assert paging(doc) == (None, None, None)
    assert b.sql("SELECT post_count FROM tags WHERE slug = 'counted'"
                 ) == [(10,)]
    b.sql("INSERT INTO post_tags (post_id, tag_id) SELECT ?, id FROM tags "
          "WHERE slug = 'counted'", (pid(3),))
    shows(11)
    # A draft's links count for nothing, before and after.
    b.sql("UPDATE posts SET status = 'draft' WHERE id = ?", (pid(4),))
    b.sql("DELETE FROM post_tags WHERE post_id = ?", (pid(4),))
    b.sql("INSERT INTO post_tags (post_id, tag_id) SELECT ?, id FROM tags "
          "WHERE slug = 'counted'", (pid(4),))
    shows(10)
    # Deleted outright (its links left behind: foreign keys are off).
    b.sql("DELETE FROM posts WHERE id = ?", (pid(5),))
    shows(9)
    # And with the command line.
    b.add_post("title: Counted 12\ndate: 2024-01-12T10:00:00Z\n"
               "tags: Counted\n\nBody 12.\n")
    b.add_post("title: Counted 13\ndate: 2024-01-13T10:00:00Z\n"
               "tags: Counted\n\nBody 13.\n")
    shows(11)


def test_comment_counts_follow_every_change(empty_blog):
    """A post's comment count (kept by triggers) is that of its approved
    comments, whatever adds, moderates, moves or deletes them."""
    b = empty_blog
    url = b.add_post("title: Talked About\ndate: 2024-02-01T10:00:00Z\n\n"
                     "Body.\n")
    other = b.add_post("title: Quiet One\ndate: 2024-02-02T10:00:00Z\n\n"
                       "Body.\n")
    pid, oid = [b.sql("SELECT id FROM posts WHERE title = ?", (t,))[0][0]
                for t in ("Talked About", "Quiet One")]

    def add(status, post=None):
        b.sql("INSERT INTO comments (post_id, depth, status, author_name, "
              "created, body_md, body_html, path) VALUES (?, 1, ?, 'Reader',"
              " 1706781600, 'Hi', '<p>Hi</p>', '')", (post or pid, status))
        return b.sql("SELECT max(id) FROM comments")[0][0]

    def shows(n, m=0):
        assert b.sql("SELECT id, comment_count FROM posts ORDER BY id") == \
            [(pid, n), (oid, m)]
        r, doc = page(b, path_of(url))
        h = main(doc).find("h2", cls="comments-title")
        if n == 0:
            assert h is None
        else:
            assert h.text() == "%d %s on \u201cTalked About\u201d" % (
                n, "thought" if n == 1 else "thoughts")

    shows(0)
    a = add("approved")
    add("pending")
    c = add("approved")
    shows(2)
    b.sql("UPDATE comments SET status = 'spam' WHERE id = ?", (a,))
    shows(1)
    b.sql("UPDATE comments SET status = 'approved' WHERE status = 'pending'")
    shows(2)
    b.sql("UPDATE comments SET post_id = ? WHERE id = ?", (oid, c))
    shows(1, 1)
    b.sql("DELETE FROM comments WHERE id = ?", (c,))
    shows(1, 0)
    b.sql("DELETE FROM comments WHERE id = ?", (a,))   # spam: no change
    shows(1, 0)
    assert path_of(other) != path_of(url)


# -- HEAD ------------------------------------------------------------------

@pytest.mark.parametrize("path,status", [
    ("/", 200), ("/page/2/", 200), ("/2024/05/finding-the-knots/", 200),
    ("/tag/running/", 200), ("/tags/", 200), ("/about/", 200),
    ("/2024/", 200), ("/author/admin/", 200), ("/no-such-page/", 404),
    ("/about", 301)])
def test_head_same_headers_no_body(blog, path, status):
    g = blog.get(path)
    h = blog.request("HEAD", path)
    assert g.status == h.status == status
    assert h.body == b""
    assert h.header("Content-Length") == g.header("Content-Length")
    assert int(g.header("Content-Length")) == len(g.body)
    for name in ("Content-Type", "ETag", "Cache-Control", "Location"):
        assert h.header(name) == g.header(name), name
