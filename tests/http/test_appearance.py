"""test_appearance.py: /admin/appearance through real nginx. An admin
arranges the menu (pages, tags, archives, links; moved, removed), the
sidebar's blocks (on, off, order, a Markdown text), the front page (a
page, with the posts at /blog/), the site icon and logo (photos from the
library) and extra CSS (served at /custom.css); each change shows at once
on pages nginx serves from files and on pages from the workers' caches;
bad input is refused with 422, nothing saved and everything typed kept;
`quire serve --theme DIR` overrides templates and static files file by
file; the pages are valid HTML."""
import os
import shutil
import signal
import sqlite3
import tempfile

import pytest
from PIL import Image

from admin_client import Client, form_fields, poll
from conftest import TOP, make_blog, parse_html
from content import THREAD_TITLE, UNICODE_TITLE
from test_admin_settings import vnu_errors


@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="quire-look-")
    b = None
    try:
        # With page files (nginx serves "/" itself) and two workers,
        # each with its own page cache.
        b = make_blog(tmp, pages=True, workers=2)
        b.settings(min_fill_seconds=0, moderation="none")
        # A PNG with transparency stays a PNG (the icon); the logo,
        # without, becomes JPEG and WebP variants.
        for name, size, mode in (("icon.png", (256, 256), "RGBA"),
                                 ("logo.png", (900, 300), "RGB")):
            path = os.path.join(tmp, name)
            Image.new(mode, size, (200, 30, 30, 128)[:len(mode)]).save(path)
            out = b.quire("media", "add", "--alt", "The logo", path).stdout
            assert out.strip()
        b.photos = dict(b.sql("SELECT original_name, id FROM media"))
        b.about_id = b.sql("SELECT id FROM posts WHERE slug = 'about'")[0][0]
        b.tags = dict(b.sql("SELECT slug, id FROM tags"))
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(site):
    c = Client(site)
    c.login()
    return c


@pytest.fixture(autouse=True)
def fresh_look(site):
    """Every test starts from the look a new blog has."""
    site.sql("DELETE FROM menu_items")
    site.sql("UPDATE appearance SET front_page = NULL, icon_id = NULL, "
             "logo_id = NULL, css = '', css_hash = ''")
    for kind, pos, on in (("search", 1, 1), ("recent_posts", 2, 1),
                          ("recent_comments", 3, 0), ("tags", 4, 1),
                          ("archives", 5, 0), ("text", 6, 0)):
        site.sql("UPDATE sidebar_blocks SET position = ?, enabled = ?, "
                 "title = '', body_md = '', body_html = '' WHERE kind = ?",
                 (pos, on, kind))
    yield


# -- helpers -------------------------------------------------------------------

def form(admin):
    r = admin.get("/admin/appearance")
    assert r.status == 200, r
    return r, form_fields(r.page().find("form", cls="appearance-form"))


def save(admin, changes=None, button=("save", "1"), drop=()):
    """Press a button of the form as shown, with changes (a dict)."""
    _, fields = form(admin)
    d = {}
    for k, v in fields:
        d[k] = v
    for k in drop:
        d.pop(k, None)
    d.update(changes or {})
    d[button[0]] = button[1]
    return admin.post("/admin/appearance", list(d.items()))


def ok(r):
    assert r.status == 303, (r, r.text[:3000])
    assert r.location == "/admin/appearance?done=saved"


def add_item(admin, kind, label, **target):
    ch = {"new_kind": kind, "new_label": label}
    ch.update({"new_" + k: v for k, v in target.items()})
    return save(admin, ch)


def menu(site, path):
    """The menu of a public page as [(label, href)]."""
    r = site.get(path)
    assert r.status in (200, 404), (path, r)
    nav = parse_html(r.text).find("nav", cls="site-nav")
    assert nav is not None and nav.attrs.get("aria-label") == "Site"
    return [(a.text(), a.attrs["href"]) for a in nav.find_all("a")]


def blocks(site, path="/"):
    """The sidebar's blocks as [(class, node)], in order."""
    aside = parse_html(site.get(path).text).find("aside")
    if aside is None:
        return []
    return [([c for c in s.classes() if c.startswith("widget-")][0], s)
            for s in aside.find_all("section")]


# Public pages of every kind: through nginx's files ("/" ...) and, with
# a query, from a worker (its page cache after the first view).
PAGES = ["/", "/about/", "/tag/running/", "/2024/", "/2024/05/",
         "/2024/05/finding-the-knots/", "/author/admin/", "/tags/",
         "/page/2/", "/search?q=knots", "/?from=worker", "/tags/?w=1"]


def warm(site):
    """View every page twice, so that each is cached (files, workers)."""
    for p in PAGES:
        site.get(p)
        site.get(p)


# -- the menu ------------------------------------------------------------------

def test_default_menu_and_sidebar(site):
    assert menu(site, "/") == [("Home", "/"), ("About", "/about/"),
                               ("Tags", "/tags/")]
    assert [k for k, _ in blocks(site)] == ["widget-search",
                                            "widget-recent-posts",
                                            "widget-tags"]


def test_menu_items_show_on_every_public_page_in_order(site, admin):
    warm(site)
    ok(add_item(admin, "page", "About us", page=str(site.about_id)))
    ok(add_item(admin, "tag", "Running", tag=str(site.tags["running"])))
    ok(add_item(admin, "archive", "May 2024", archive="2024/05"))
    ok(add_item(admin, "archive", "Year 2023", archive="2023"))
    ok(add_item(admin, "link", "Elsewhere",
                url="https://example.org/a?b=1&c=2"))
    ok(add_item(admin, "home", "Start"))
    want = [("About us", "/about/"), ("Running", "/tag/running/"),
            ("May 2024", "/2024/05/"), ("Year 2023", "/2023/"),
            ("Elsewhere", "https://example.org/a?b=1&c=2"), ("Start", "/")]
    for p in PAGES:
        assert menu(site, p) == want, p
    assert menu(site, "/no-such-page/") == want
    # The current page is marked.
    nav = parse_html(site.get("/about/").text).find("nav", cls="site-nav")
    cur = [a.text() for a in nav.find_all("a") if "aria-current" in a.attrs]
    assert cur == ["About us"]
    rows = site.sql("SELECT position, kind, target, label FROM menu_items "
                    "ORDER BY position")
    assert rows == [(1, "page", str(site.about_id), "About us"),
                    (2, "tag", str(site.tags["running"]), "Running"),
                    (3, "archive", "2024/05", "May 2024"),
                    (4, "archive", "2023", "Year 2023"),
                    (5, "link", "https://example.org/a?b=1&c=2", "Elsewhere"),
                    (6, "home", "", "Start")]


def test_moving_and_removing_change_the_order_everywhere(site, admin):
    for label in ("One", "Two", "Three"):
        ok(add_item(admin, "link", label, url="https://example.org/" +
                    label.lower()))
    warm(site)
    labels = lambda p: [l for l, _ in menu(site, p)]
    ok(save(admin, button=("down", "1")))
    for p in PAGES:
        assert labels(p) == ["Two", "One", "Three"], p
    ok(save(admin, button=("up", "3")))
    for p in PAGES:
        assert labels(p) == ["Two", "Three", "One"], p
    # Position numbers: the last first.
    ok(save(admin, {"m0_pos": "3", "m1_pos": "2", "m2_pos": "1"}))
    for p in PAGES:
        assert labels(p) == ["One", "Three", "Two"], p
    ok(save(admin, button=("remove", "2")))
    for p in PAGES:
        assert labels(p) == ["One", "Two"], p
    # A label edited in place.
    ok(save(admin, {"m1_label": "Deux"}))
    for p in PAGES:
        assert labels(p) == ["One", "Deux"], p
    # The form shows the order with move buttons only where they move.
    r, _ = form(admin)
    rows = r.page().find("ol", cls="menu-rows").find_all("li")
    assert [row.find("input", name="m%d_label" % i).attrs["value"]
            for i, row in enumerate(rows)] == ["One", "Deux"]
    assert rows[0].find("button", name="up") is None
    assert rows[1].find("button", name="down") is None


def test_a_page_unpublished_drops_out_of_the_menu(site, admin):
    ok(add_item(admin, "page", "About", page=str(site.about_id)))
    ok(add_item(admin, "link", "Out", url="http://example.org/"))
    try:
        site.sql("UPDATE posts SET status = 'draft' WHERE id = ?",
                 (site.about_id,))
        assert menu(site, "/") == [("Out", "http://example.org/")]
    finally:
        site.sql("UPDATE posts SET status = 'published' WHERE id = ?",
                 (site.about_id,))
    assert menu(site, "/")[0] == ("About", "/about/")


# -- the sidebar ---------------------------------------------------------------

def test_sidebar_blocks_on_off_order_and_content(site, admin):
    warm(site)
    ok(save(admin, {
        "b_search_pos": "6",
        "b_text_on": "1", "b_text_pos": "1", "b_text_title": "Hello there",
        "b_text_body": "I grow **beans**.\n\n[bad](javascript:alert(1)) "
                       "<script>alert(2)</script>",
        "b_recent_comments_on": "1", "b_recent_comments_pos": "2",
        "b_archives_on": "1", "b_archives_pos": "3",
        "b_recent_posts_pos": "4", "b_tags_pos": "5",
    }, drop=("b_search_on",)))
    for p in PAGES:
        got = blocks(site, p)
        assert [k for k, _ in got] == [
            "widget-text", "widget-recent-comments", "widget-archives",
            "widget-recent-posts", "widget-tags"], p
    got = dict(blocks(site, "/"))
    text = got["widget-text"]
    assert text.find("h2").text() == "Hello there"
    assert text.find("strong").text() == "beans"
    widget = site.get("/").text.split('class="widget widget-text"')[1]
    widget = widget.split("</section>")[0]
    assert "javascript:" not in widget and "<script" not in widget
    recent = [a.text() for a in got["widget-recent-posts"].find_all("a")]
    assert recent[:2] == [THREAD_TITLE, UNICODE_TITLE]
    assert len(recent) == 5
    comments = got["widget-recent-comments"].find_all("a")
    assert comments and all(" on " in a.text() for a in comments)
    assert all("#comment-" in a.attrs["href"] for a in comments)
    months = [(a.text(), a.attrs["href"])
              for a in got["widget-archives"].find_all("a")]
    assert months[0] == ("May 2024", "/2024/05/")
    assert ("November 2023", "/2023/11/") in months
    assert got["widget-archives"].text().startswith("Archives May 2024 (2) April 2024 (3)")
    # No search box any more; stored as shown.
    assert 'id="search-q"' not in site.get("/?from=worker").text
    assert site.sql("SELECT kind, enabled FROM sidebar_blocks ORDER BY "
                    "position") == [("text", 1), ("recent_comments", 1),
                                    ("archives", 1), ("recent_posts", 1),
                                    ("tags", 1), ("search", 0)]
    # Every block off: no sidebar at all.
    ok(save(admin, drop=[k for k in ("b_search_on", "b_recent_posts_on",
                                     "b_recent_comments_on", "b_tags_on",
                                     "b_archives_on", "b_text_on")]))
    for p in PAGES:
        assert "<aside" not in site.get(p).text, p


def test_text_block_markdown_is_rendered_safely_when_saved(site, admin):
    ok(save(admin, {"b_text_on": "1", "b_text_body":
                    "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"}))
    body = site.sql("SELECT body_html FROM sidebar_blocks WHERE kind = "
                    "'text'")[0][0]
    assert "javascript:" not in body and "onerror" not in body
    assert "<img" not in body


# -- the front page ------------------------------------------------------------

def test_a_page_as_the_front_page_with_the_posts_at_blog(site, admin):
    warm(site)
    assert site.get("/blog/").status == 404
    ok(save(admin, {"front_page": str(site.about_id)}))
    for home in ("/", "/?from=worker"):
        r = site.get(home)
        assert r.status == 200
        doc = parse_html(r.text)
        assert "Who writes here, and why." in doc.find("main").text()
        assert THREAD_TITLE not in doc.find("main").text()
    r = site.get("/blog/")
    assert r.status == 200
    assert THREAD_TITLE in parse_html(r.text).find("main").text()
    older = parse_html(r.text).find("a", rel="next") or \
        parse_html(r.text).find("link", rel="next")
    assert older is not None and older.attrs["href"] == "/blog/page/2/"
    assert site.get("/blog/page/2/").status == 200
    assert site.get("/blog/page/3/").status == 200
    assert site.get("/blog/page/4/").status == 404
    r = site.get("/blog/page/1/")
    assert r.status == 301 and r.header("Location").endswith("/blog/")
    r = site.get("/page/2/")
    assert r.status == 301 and r.header("Location").endswith("/blog/page/2/")
    # Back to the latest posts.
    ok(save(admin, {"front_page": "0"}))
    assert THREAD_TITLE in parse_html(site.get("/").text).find("main").text()
    assert site.get("/blog/").status == 404
    assert site.get("/page/2/").status == 200


# -- icon, logo, CSS -----------------------------------------------------------

def test_icon_and_logo_from_the_photo_library(site, admin):
    warm(site)
    ok(save(admin, {"icon_id": str(site.photos["icon.png"]),
                    "logo_id": str(site.photos["logo.png"])}))
    for p in PAGES:
        doc = parse_html(site.get(p).text)
        icon = doc.find("link", rel="icon")
        assert icon.attrs["href"].startswith("/media/")
        assert icon.attrs["href"].endswith(".png")
        assert icon.attrs["type"] == "image/png"
        logo = doc.find("p", cls="site-logo").find("img")
        assert logo.attrs["src"].startswith("/media/")
        assert logo.attrs["alt"] == "The logo"
    r = site.get(icon.attrs["href"])
    assert r.status == 200 and r.body[:8] == b"\x89PNG\r\n\x1a\n"
    ok(save(admin, {"icon_id": "0", "logo_id": "0"}))
    doc = parse_html(site.get("/").text)
    assert doc.find("link", rel="icon").attrs["href"] == "/static/favicon.svg"
    assert doc.find("p", cls="site-logo") is None


def css_link(site, path="/"):
    links = [l.attrs["href"] for l in
             parse_html(site.get(path).text).find_all("link", rel="stylesheet")]
    return links


def test_extra_css_is_served_and_linked_after_the_theme(site, admin):
    assert css_link(site) == ["/static/style.css"]
    warm(site)
    css = "body { color: #123456; }\n.site-title::after { content: \"\u2665\"; }\n"
    ok(save(admin, {"css": css}))
    for p in PAGES:
        links = css_link(site, p)
        assert links[0] == "/static/style.css", p
        assert links[1].startswith("/custom.css?v="), p
    url = css_link(site)[1]
    r = site.get(url)
    assert r.status == 200
    assert r.header("Content-Type") == "text/css; charset=utf-8"
    assert r.body.decode("utf-8") == css
    assert "max-age=31536000" in r.header("Cache-Control")
    # A change: a new address, the new content.
    ok(save(admin, {"css": "p { margin: 0; }"}))
    url2 = css_link(site, "/?from=worker")[1]
    assert url2 != url and css_link(site)[1] == url2
    assert site.get(url2).text == "p { margin: 0; }"
    ok(save(admin, {"css": ""}))
    for p in PAGES:
        assert css_link(site, p) == ["/static/style.css"], p


# -- bad input -----------------------------------------------------------------

def refused(r, field_error_id, message_part):
    assert r.status == 422, (r, r.text[:2000])
    doc = r.page()
    assert doc.find(id_="form-error") is not None
    err = doc.find(id_=field_error_id)
    assert err is not None, r.text
    assert message_part in err.text(), err.text()
    return doc


def unchanged(site, before):
    assert site.sql("SELECT position, kind, target, label FROM menu_items "
                    "ORDER BY position") == before["menu"]
    assert site.sql("SELECT css FROM appearance") == before["css"]


def snapshot(site):
    return {"menu": site.sql("SELECT position, kind, target, label FROM "
                             "menu_items ORDER BY position"),
            "css": site.sql("SELECT css FROM appearance")}


@pytest.mark.parametrize("css", ["a{}</style><script>alert(1)</script>",
                                 "p{}</STYLE >", "x</StYlE"])
def test_css_with_a_style_end_tag_is_refused(site, admin, css):
    ok(add_item(admin, "link", "Kept", url="https://example.org/"))
    before = snapshot(site)
    r = save(admin, {"css": css, "new_kind": "link", "new_label": "New one",
                     "new_url": "https://example.org/new"})
    doc = refused(r, "css-error", "</style")
    from admin_client import textarea_value
    assert textarea_value(doc.find("textarea", name="css")) == css
    # Everything else typed is kept too.
    assert doc.find("input", name="new_label").attrs["value"] == "New one"
    unchanged(site, before)


def test_css_over_64_kb_is_refused(site, admin):
    before = snapshot(site)
    css = "a{color:red}\n" * (65536 // 13 + 1)
    assert len(css) > 65536
    r = save(admin, {"css": css})
    refused(r, "css-error", "at most 65536 bytes")
    unchanged(site, before)
    ok(save(admin, {"css": css[:65536]}))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 " javascript:alert(1)", "data:text/html,x",
                                 "ftp://example.org/", "//example.org/",
                                 "/relative", "https://", "vbscript:x"])
def test_a_menu_link_that_is_not_http_is_refused(site, admin, url):
    before = snapshot(site)
    r = save(admin, {"new_kind": "link", "new_label": "Click",
                     "new_url": url})
    doc = refused(r, "new-target-error", "http://")
    assert doc.find("input", name="new_url").attrs["value"] == url.strip()
    assert doc.find("input", name="new_label").attrs["value"] == "Click"
    unchanged(site, before)


def test_an_existing_link_changed_to_javascript_is_refused(site, admin):
    ok(add_item(admin, "link", "Fine", url="https://example.org/"))
    before = snapshot(site)
    r = save(admin, {"m0_url": "javascript:alert(1)"})
    refused(r, "m0-target-error", "http://")
    unchanged(site, before)


@pytest.mark.parametrize("kind,target,error", [
    ("page", "999999", "published page"),
    ("page", "abc", "published page"),
    ("tag", "999999", "Please choose a tag"),
    ("archive", "2024/13", "a month (2024/05)"),
    ("archive", "24", "a month (2024/05)"),
    ("nonsense", "", "what the item links to"),
])
def test_an_unknown_target_is_refused(site, admin, kind, target, error):
    before = snapshot(site)
    ch = {"new_kind": kind, "new_label": "Item"}
    ch["new_" + {"page": "page", "tag": "tag", "archive": "archive"}.get(
        kind, "url")] = target
    r = save(admin, ch)
    refused(r, "new-target-error", error)
    unchanged(site, before)


def test_an_unknown_page_as_front_page_or_photo_is_refused(site, admin):
    before = snapshot(site)
    refused(save(admin, {"front_page": "999999"}), "front-page-error",
            "published pages")
    refused(save(admin, {"icon_id": "999999"}), "icon-error", "library")
    refused(save(admin, {"logo_id": "x"}), "logo-error", "library")
    unchanged(site, before)
    assert site.sql("SELECT front_page, icon_id FROM appearance") == \
        [(None, None)]


def test_an_empty_label_is_refused(site, admin):
    ok(add_item(admin, "link", "Here", url="https://example.org/"))
    before = snapshot(site)
    refused(add_item(admin, "link", "", url="https://example.org/b"),
            "new-label-error", "label")
    refused(save(admin, {"m0_label": "   "}), "m0-label-error", "label")
    r = save(admin, {"m0_pos": "zero"})
    refused(r, "m0-pos-error", "whole number")
    assert r.page().find("input", name="m0_pos").attrs["value"] == "zero"
    unchanged(site, before)


def test_several_errors_at_once_each_beside_its_field(site, admin):
    r = save(admin, {"css": "</style>", "new_kind": "link",
                     "new_label": "", "new_url": "javascript:x",
                     "front_page": "424242"})
    assert r.status == 422
    assert "4 fields need correcting" in r.page().find(id_="form-error").text()
    for i in ("css-error", "new-label-error", "new-target-error",
              "front-page-error"):
        assert r.page().find(id_=i) is not None, i


def test_only_admins_with_a_token_may_change_the_look(site, admin):
    site.quire("user", "add", "--login", "writer", "--name", "Wendy Writer",
               "--email", "w@example.org", "--role", "author",
               input="a long enough password here\n", check=False)
    author = Client(site)
    author.login("writer", "a long enough password here")
    assert author.get("/admin/appearance").status == 403
    r = author.post("/admin/appearance", {"csrf": author.csrf(),
                                           "css": "p{}", "save": "1"})
    assert r.status == 403
    anon = Client(site)
    r = anon.get("/admin/appearance")
    assert r.status == 303 and "/admin/login" in r.location
    _, fields = form(admin)
    d = dict(fields)
    d["csrf"] = "0" * 64
    d["css"] = "p{}"
    assert admin.post("/admin/appearance", d).status == 403
    assert site.sql("SELECT css FROM appearance") == [("",)]


# -- valid HTML ------------------------------------------------------------------

def test_pages_are_valid_html(site, admin):
    ok(add_item(admin, "page", "About", page=str(site.about_id)))
    ok(add_item(admin, "link", "Out & about", url="https://example.org/?a=1&b=2"))
    ok(save(admin, {"b_text_on": "1", "b_text_title": "Hi",
                    "b_text_body": "Some *text*.", "b_archives_on": "1",
                    "b_recent_comments_on": "1",
                    "icon_id": str(site.photos["icon.png"]),
                    "logo_id": str(site.photos["logo.png"]),
                    "css": "p{}"}))
    shown = admin.get("/admin/appearance?done=saved")
    bad = save(admin, {"css": "</style>", "new_kind": "link",
                       "new_url": "javascript:x", "m0_label": ""})
    assert shown.status == 200 and bad.status == 422
    errors = vnu_errors({
        "appearance": shown.body, "appearance-422": bad.body,
        "home": site.get("/").body,
        "post": site.get("/2024/05/finding-the-knots/").body})
    assert errors == {"appearance": [], "appearance-422": [], "home": [],
                      "post": []}


# -- themes ----------------------------------------------------------------------

def test_a_theme_overrides_one_template_and_one_static_file(tmp_path):
    theme = tmp_path / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    with open(os.path.join(TOP, "templates", "layout.mustache")) as f:
        layout = f.read()
    assert "Powered by quire" in layout
    (theme / "templates" / "layout.mustache").write_text(
        layout.replace("Powered by quire", "Grown in my garden"))
    (theme / "static" / "style.css").write_text("body { color: green; }\n")
    os.makedirs(tmp_path / "blog")
    b = make_blog(str(tmp_path / "blog"), content=False, theme=str(theme))
    try:
        r = b.get("/")
        assert r.status == 200
        assert "Grown in my garden" in r.text
        assert "Powered by quire" not in r.text
        # Templates the theme has not: the built-in ones.
        assert b.get("/tags/").status == 200
        assert b.get("/static/style.css").text == "body { color: green; }\n"
        with open(os.path.join(TOP, "static", "admin.css"), "rb") as f:
            assert b.get("/static/admin.css").body == f.read()
        assert b.get("/static/nothing.css").status == 404
        # SIGHUP: the theme's templates read again.
        (theme / "templates" / "layout.mustache").write_text(
            layout.replace("Powered by quire", "Pruned in winter"))
        b.quire_proc.send_signal(signal.SIGHUP)
        assert poll(lambda: "Pruned in winter" in b.get("/").text and
                    "Pruned in winter" in b.get("/?q=1").text)
    finally:
        b.stop()


def test_a_missing_theme_is_an_error(tmp_path):
    os.makedirs(tmp_path / "blog")
    with pytest.raises(RuntimeError) as e:
        make_blog(str(tmp_path / "blog"), content=False,
                  theme=str(tmp_path / "no-such-theme"))
    assert "did not start" in str(e.value)
    with open(tmp_path / "blog" / "quire.log") as f:
        assert "no-such-theme" in f.read()
