"""test_admin_posts.py: writing and managing posts in the admin area.

The editor is used as a browser uses it: each test opens the editor
page, reads its form (the CSRF token included), changes fields and
presses a button (save, preview, trash, restore, delete). What the
public sees is then read through nginx: the home page, the post's URL,
tag pages, the feed, search.

The tests run on a blog of this module's own (`pb`); the posts list
(counts and paging) on another (`lb`) where nothing else adds posts.
"""
import datetime
import re
import shutil
import tempfile
import time
import urllib.parse
import zoneinfo

import pytest

from admin_client import Client, form_values, poll
from conftest import make_blog, parse_html

TZ = zoneinfo.ZoneInfo("Europe/Berlin")     # the time zone make_blog sets

# Text that must come back byte for byte: a leading newline, markup
# characters, entities, both quotes, an emoji, CJK, a no-break space,
# a tab and trailing spaces.
KEEP = ("\nFirst line <b>bold</b> & &amp; \"double\" 'single' \U0001F389 "
        "\u65e5\u672c\u8a9e\u00a0x\t<script>alert(1)</script>\n\n"
        "- a list item\n\n   trailing   \n")


@pytest.fixture(scope="module")
def pb():
    tmp = tempfile.mkdtemp(prefix="quire-admin-posts-")
    b = None
    try:
        b = make_blog(tmp, content=False)
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


_seq = iter(range(1, 10 ** 6))


def unique(word):
    return "%s %d" % (word, next(_seq))


def post_id(location):
    m = re.fullmatch(r"/admin/posts/(\d+)\?done=(\w+)", location or "")
    assert m, "not the editor of a post: %r" % location
    return int(m.group(1)), m.group(2)


def create(c, expect_done="published", **values):
    """Write a post through the editor; its id."""
    values.setdefault("status", "publish")
    values.setdefault("body", "Some text.\n")
    r = c.submit_editor("/admin/posts/new", **values)
    assert r.status == 303, "%r\n%s" % (r, r.text[:3000])
    pid, done = post_id(r.location)
    assert done == expect_done, r.location
    return pid


def edit(c, pid, button="save", **values):
    return c.submit_editor("/admin/posts/%d" % pid, button=button, **values)


def row(b, pid):
    rows = b.sql("SELECT status, title, slug, body_md, published, author_id, "
                 "updated, type FROM posts WHERE id = ?", (pid,))
    if not rows:
        return None
    return dict(zip(["status", "title", "slug", "body_md", "published",
                     "author_id", "updated", "type"], rows[0]))


def path_of(b, pid):
    """The public path a post has (or would have) by its row: /YYYY/MM/
    SLUG/ in the site's time zone."""
    r = row(b, pid)
    d = datetime.datetime.fromtimestamp(r["published"], TZ)
    return "/%04d/%02d/%s/" % (d.year, d.month,
                              urllib.parse.quote(r["slug"], safe=""))


def view_link(c, pid):
    """The "View" link of the editor (published posts only)."""
    r = c.get("/admin/posts/%d" % pid)
    assert r.status == 200
    for a in r.page().find("form", id_="editor").find_all("a"):
        if a.text() == "View":
            return a.attrs["href"]
    return None


def local(ts):
    return datetime.datetime.fromtimestamp(ts, TZ).strftime("%Y-%m-%dT%H:%M")


def titles_on(b, path):
    """The titles of the posts a public page lists (none for a 404)."""
    r = b.get(path)
    if r.status == 404:
        return []
    assert r.status == 200, (path, r)
    return [h.text() for h in parse_html(r.text).find_all(cls="entry-title")]


def editor_error(r):
    """(error text, [names of the fields marked invalid])"""
    page = r.page()
    err = page.find(id_="form-error")
    bad = [n.attrs.get("name") for n in page.iter()
           if n.attrs.get("aria-invalid") == "true"]
    for n in page.iter():
        if n.attrs.get("aria-invalid") == "true":
            assert n.attrs.get("aria-describedby") == "form-error"
    return (err.text() if err else None), bad


def post_count(b):
    return b.sql("SELECT count(*) FROM posts")[0][0]


# -- writing ---------------------------------------------------------------

def test_write_and_publish_a_markdown_post(pb, admin):
    title = "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c \u2713"
    body = ("# The heading\n\nAn *emphasised* word and `code`.\n\n"
            "- first item\n- second item\n")
    r = admin.submit_editor(title=title, tags="Alpha, \u0392\u03ae\u03c4\u03b1",
                            body=body, status="publish")
    assert r.status == 303
    pid, done = post_id(r.location)
    assert done == "published"
    # The editor it lands on says so and holds what was written.
    e = admin.get(r.location)
    assert e.status == 200
    assert "Published." in e.main_text()
    v = form_values(e)
    assert v["title"] == title and v["body"] == body
    assert v["tags"] == "Alpha, \u0392\u03ae\u03c4\u03b1"
    assert v["status"] == "publish"
    stored = row(pb, pid)
    assert stored["status"] == "published" and stored["body_md"] == body
    # Public, at the address the editor links to.
    url = view_link(admin, pid)
    assert url == path_of(pb, pid)
    page = pb.get(url)
    assert page.status == 200

    def rendered(resp):
        doc = parse_html(resp.text)
        art = [a for a in doc.find_all("article")
               if title in a.text()]
        assert art, "no article titled %r" % title
        content = art[0].find(cls="entry-content")
        heads = [h.text() for t in ("h1", "h2", "h3")
                 for h in content.find_all(t)]
        assert "The heading" in heads
        assert content.find("em").text() == "emphasised"
        items = [li.text() for li in content.find("ul").find_all("li")]
        assert items == ["first item", "second item"]
        assert "# The heading" not in resp.text and "*emphasised*" \
            not in resp.text

    rendered(page)
    assert title in titles_on(pb, "/")
    rendered(pb.get("/"))
    # On both tag pages (as a summary: the text, no Markdown left), the
    # Greek one at its own address.
    tags = parse_html(pb.get("/tags/").text)
    greek = [a.attrs["href"] for a in tags.find_all("a")
             if a.text().startswith("\u0392\u03ae\u03c4\u03b1")]
    assert greek, "no tag link for the Greek tag on /tags/"
    for tagpage in ["/tag/alpha/", urllib.parse.urlsplit(greek[0]).path]:
        doc = parse_html(pb.get(tagpage).text)
        art = [a for a in doc.find_all("article") if title in a.text()]
        assert art, "%s does not list the post" % tagpage
        summary = art[0].find(cls="entry-summary").text()
        assert "The heading An emphasised word and code" in summary
        assert "first item" in summary
        assert "#" not in summary and "*" not in summary
    # And in the feed and the search.
    assert title in pb.get("/feed/").text
    assert title in titles_on(pb, "/search?q=emphasised")


def test_preview_renders_and_saves_nothing(pb, admin):
    n = post_count(pb)
    title = "Preview \u00e9 <b>\"title\"</b> & co \U0001F600"
    body = "## Preview heading\n\n" + KEEP
    r = admin.submit_editor(button="preview", title=title, body=body,
                            tags="X, <y>", slug="preview-slug",
                            status="publish")
    assert r.status == 200
    assert post_count(pb) == n
    doc = r.page()
    sec = doc.find("section", cls="preview")
    assert sec is not None, "no preview shown"
    assert sec.find("h2", cls="entry-title").text() == title
    content = sec.find(cls="entry-content")
    assert "Preview heading" in [h.text() for h in content.find_all("h2")]
    assert content.find("ul") is not None
    # Text that needs escaping stays text, in the preview and the form.
    assert "<script>alert(1)</script>" not in r.text
    v = form_values(r)
    assert v["body"] == body
    assert v["title"] == title
    assert v["tags"] == "X, <y>"
    assert v["slug"] == "preview-slug"
    assert v["status"] == "publish"
    # Still nothing saved, and nothing public.
    assert post_count(pb) == n
    assert title not in pb.get("/").text


def _buttons(r):
    return [b.attrs.get("name") for b in
            r.page().find("form", id_="editor").find_all("button")]


def test_new_post_editor_offers_only_save_and_preview(pb, admin):
    """A post not yet saved has nothing to trash, restore or delete."""
    assert _buttons(admin.get("/admin/posts/new")) == ["save", "preview"]
    r = admin.submit_editor(button="preview", title="Not yet", body="x")
    assert r.status == 200
    assert _buttons(r) == ["save", "preview"]
    r = admin.submit_editor(title="", body="x")
    assert r.status == 422
    assert _buttons(r) == ["save", "preview"]
    pid = create(admin, expect_done="saved", title=unique("Saved once"),
                 status="draft")
    assert _buttons(admin.get("/admin/posts/%d" % pid)) == \
        ["save", "preview", "trash"]


def test_preview_of_a_saved_post_changes_nothing(pb, admin):
    pid = create(admin, title=unique("Previewed"), body="Original body.\n")
    before = row(pb, pid)
    r = edit(admin, pid, button="preview", title="Changed title",
             body="# Changed body\n")
    assert r.status == 200
    assert r.page().find("section", cls="preview") is not None
    assert form_values(r)["title"] == "Changed title"
    assert row(pb, pid) == before
    assert "Original body." in pb.get(path_of(pb, pid)).text


def test_empty_title_is_refused_and_keeps_every_character(pb, admin):
    n = post_count(pb)
    r = admin.submit_editor(title="", body=KEEP, tags="Keep <me>, & \"me\"",
                            slug="kept-slug", excerpt="An \"excerpt\" <x>",
                            status="publish")
    assert r.status == 422
    assert post_count(pb) == n
    err, bad = editor_error(r)
    assert err and "title" in err.lower()
    assert bad == ["title"]
    v = form_values(r)
    assert v["body"] == KEEP
    assert v["tags"] == "Keep <me>, & \"me\""
    assert v["slug"] == "kept-slug"
    assert v["excerpt"] == "An \"excerpt\" <x>"
    assert v["status"] == "publish"
    # A resubmission with a title goes through as it stands.
    v["title"] = "Now with a title"
    v["save"] = "1"
    r = admin.post("/admin/posts/new", v)
    assert r.status == 303
    pid, _ = post_id(r.location)
    assert row(pb, pid)["body_md"] == KEEP


def test_whitespace_title_is_no_title(pb, admin):
    n = post_count(pb)
    r = admin.submit_editor(title="   ", body="x")
    assert r.status == 422, "a title of spaces was taken: %r" % r
    assert post_count(pb) == n


def test_taken_slug_is_refused_beside_the_slug_field(pb, admin):
    create(admin, title=unique("Owner"), slug="taken-slug")
    n = post_count(pb)
    title = unique("Second \u00fc")
    r = admin.submit_editor(title=title, slug="taken-slug", body=KEEP,
                            status="publish")
    assert r.status == 422
    assert post_count(pb) == n
    err, bad = editor_error(r)
    assert bad == ["slug"]
    assert "slug" in err.lower()
    v = form_values(r)
    assert v["title"] == title and v["body"] == KEEP
    assert v["slug"] == "taken-slug"
    # Editing another post onto the taken slug: refused the same way.
    other = create(admin, title=unique("Other"), slug="free-slug")
    r = edit(admin, other, slug="taken-slug")
    assert r.status == 422
    assert editor_error(r)[1] == ["slug"]
    assert row(pb, other)["slug"] == "free-slug"


# -- status ----------------------------------------------------------------

def test_scheduled_post_appears_by_itself(pb, admin):
    title = unique("Scheduled")
    tag = unique("Later").replace(" ", "")
    when = local(time.time() + 2 * 86400)
    pid = create(admin, expect_done="scheduled", title=title, tags=tag,
                 status="schedule", when=when)
    r = row(pb, pid)
    assert r["status"] == "scheduled"
    assert local(r["published"]) == when
    assert view_link(admin, pid) is None
    e = admin.get("/admin/posts/%d" % pid)
    assert form_values(e)["status"] == "schedule"
    assert form_values(e)["when"] == when
    # Not public anywhere.
    assert pb.get(path_of(pb, pid)).status == 404
    assert title not in pb.get("/").text
    assert title not in pb.get("/feed/").text
    assert pb.get("/tag/%s/" % tag.lower()).status == 404 or \
        title not in pb.get("/tag/%s/" % tag.lower()).text
    assert title not in titles_on(pb, "/search?q=" +
                                  urllib.parse.quote(title))
    listed = admin.get("/admin/posts?status=scheduled")
    assert title in listed.main_text()
    # Its time comes (the clock moved into the past, in the database).
    pb.sql("UPDATE posts SET published = ? WHERE id = ?",
           (int(time.time()) - 5, pid))
    assert poll(lambda: title in pb.get("/").text, timeout=10), \
        "the post did not appear when its time came"
    assert row(pb, pid)["status"] == "published"
    assert pb.get(path_of(pb, pid)).status == 200
    assert title in pb.get("/tag/%s/" % tag.lower()).text
    assert title in pb.get("/feed/").text


def test_scheduling_in_the_past_is_refused(pb, admin):
    n = post_count(pb)
    title = unique("Too late")
    r = admin.submit_editor(title=title, body=KEEP, status="schedule",
                            when=local(time.time() - 3600))
    assert r.status == 422
    assert post_count(pb) == n
    err, bad = editor_error(r)
    assert bad == ["when"] and "future" in err
    v = form_values(r)
    assert v["body"] == KEEP and v["title"] == title
    assert v["status"] == "schedule"
    # And with no time at all.
    r = admin.submit_editor(title=title, status="schedule", when="")
    assert r.status == 422
    assert post_count(pb) == n


def test_bad_date_is_refused(pb, admin):
    n = post_count(pb)
    r = admin.submit_editor(title=unique("Bad date"), when="next tuesday")
    assert r.status == 422
    assert editor_error(r)[1] == ["when"]
    assert post_count(pb) == n


def test_draft_is_not_public_until_published(pb, admin):
    title = unique("Drafty")
    tag = unique("Drafttag").replace(" ", "")
    pid = create(admin, expect_done="saved", title=title, tags=tag,
                 status="draft")
    assert row(pb, pid)["status"] == "draft"
    path = path_of(pb, pid)
    assert pb.get(path).status == 404
    assert title not in pb.get("/").text
    assert title not in pb.get("/feed/").text
    assert title not in titles_on(pb, "/search?q=Drafty")
    assert title not in pb.get("/tag/%s/" % tag.lower()).text
    assert title in admin.get("/admin/posts?status=draft").main_text()
    assert title not in admin.get("/admin/posts?status=published").main_text()
    # The control: publishing it makes the same address work.
    r = edit(admin, pid, status="publish", when="")
    assert r.status == 303 and post_id(r.location)[1] == "published"
    assert pb.get(path_of(pb, pid)).status == 200
    assert title in pb.get("/").text


def test_unpublishing_takes_a_post_down(pb, admin):
    title = unique("Unpublished")
    pid = create(admin, title=title)
    path = path_of(pb, pid)
    assert pb.get(path).status == 200
    r = edit(admin, pid, status="draft")
    assert r.status == 303
    assert row(pb, pid)["status"] == "draft"
    assert pb.get(path).status == 404
    assert title not in pb.get("/").text


# -- addresses -------------------------------------------------------------

def _redirect(b, path):
    r = b.get(path)
    loc = urllib.parse.urlsplit(r.header("Location") or "")
    return r.status, loc.path


def test_changed_slug_redirects_and_chains_collapse(pb, admin):
    pid = create(admin, title=unique("Moving"), slug="first-home")
    a = path_of(pb, pid)
    assert pb.get(a).status == 200
    r = edit(admin, pid, slug="second-home")
    assert r.status == 303
    b = path_of(pb, pid)
    assert b != a and b.endswith("/second-home/")
    assert _redirect(pb, a) == (301, b)
    assert pb.get(b).status == 200
    r = edit(admin, pid, slug="third-home")
    assert r.status == 303
    c = path_of(pb, pid)
    # Straight to the newest, from both old addresses.
    assert _redirect(pb, a) == (301, c)
    assert _redirect(pb, b) == (301, c)
    assert pb.get(c).status == 200
    # Back to the first slug: it is a page again, not a redirect loop.
    r = edit(admin, pid, slug="first-home")
    assert r.status == 303
    assert pb.get(a).status == 200
    assert _redirect(pb, c) == (301, a)
    assert _redirect(pb, b) == (301, a)


def test_changed_date_redirects(pb, admin):
    pid = create(admin, title=unique("Redated"), slug="redated-post")
    old = path_of(pb, pid)
    r = edit(admin, pid, when="2021-03-10T12:00")
    assert r.status == 303
    new = path_of(pb, pid)
    assert new == "/2021/03/redated-post/"
    assert _redirect(pb, old) == (301, new)
    assert pb.get(new).status == 200


def test_draft_slug_change_leaves_no_redirect(pb, admin):
    pid = create(admin, expect_done="saved", title=unique("Quiet"),
                 slug="quiet-one", status="draft")
    old = path_of(pb, pid)
    edit(admin, pid, slug="quiet-two")
    assert pb.get(old).status == 404


# -- trash -----------------------------------------------------------------

def test_trash_restore_and_delete(pb, admin):
    title = unique("Binned")
    tag = unique("Bintag").replace(" ", "")
    pid = create(admin, title=title, tags=tag)
    path = path_of(pb, pid)
    tagpage = "/tag/%s/" % tag.lower()
    assert title in pb.get(tagpage).text

    r = edit(admin, pid, button="trash")
    assert r.status == 303
    assert r.location == "/admin/posts/%d?done=trashed" % pid
    assert row(pb, pid)["status"] == "trash"
    assert pb.get(path).status == 404
    assert title not in pb.get("/").text
    assert title not in pb.get("/feed/").text
    assert title not in (pb.get(tagpage).text
                         if pb.get(tagpage).status == 200 else "")
    assert title in admin.get("/admin/posts?status=trash").main_text()
    assert title not in admin.get("/admin/posts").main_text()
    assert _buttons(admin.get("/admin/posts/%d" % pid)) == \
        ["save", "preview", "restore", "delete"]

    r = edit(admin, pid, button="restore")
    assert r.status == 303
    assert r.location == "/admin/posts/%d?done=restored" % pid
    assert row(pb, pid)["status"] == "published"
    assert pb.get(path).status == 200
    assert title in pb.get(tagpage).text
    assert title not in admin.get("/admin/posts?status=trash").main_text()

    # Delete for good only from the trash.
    token = admin.csrf("/admin/posts/%d" % pid)
    r = admin.post("/admin/posts/%d" % pid, {"csrf": token, "delete": "1"})
    assert r.status == 403
    assert "trash" in r.main_text()
    assert row(pb, pid)["status"] == "published"
    assert pb.get(path).status == 200

    edit(admin, pid, button="trash")
    r = edit(admin, pid, button="delete")
    assert r.status == 303
    assert r.location == "/admin/posts?status=trash&done=deleted"
    assert row(pb, pid) is None
    assert admin.get("/admin/posts/%d" % pid).status == 404
    assert pb.get(path).status == 404
    assert title not in admin.get("/admin/posts?status=trash").main_text()
    assert title not in titles_on(pb, "/search?q=Binned")


def test_restored_draft_stays_a_draft(pb, admin):
    pid = create(admin, expect_done="saved", title=unique("Draft bin"),
                 status="draft")
    edit(admin, pid, button="trash")
    edit(admin, pid, button="restore")
    assert row(pb, pid)["status"] == "draft"
    assert pb.get(path_of(pb, pid)).status == 404


# -- authors ---------------------------------------------------------------

AUTHOR_PW = "author password 1"


@pytest.fixture(scope="module")
def author(pb):
    pb.quire("user", "add", "--login", "writer", "--name", "Wren Writer",
             "--email", "wren@example.org", "--role", "author",
             input=AUTHOR_PW + "\n")
    c = Client(pb)
    c.login("writer", AUTHOR_PW)
    c.uid = pb.sql("SELECT id FROM users WHERE login = 'writer'")[0][0]
    return c


def test_author_writes_and_edits_own_posts(pb, author):
    title = unique("By the author")
    pid = create(author, title=title, body="Mine.\n")
    assert row(pb, pid)["author_id"] == author.uid
    assert pb.get(path_of(pb, pid)).status == 200
    r = edit(author, pid, title=title + " (edited)")
    assert r.status == 303
    assert row(pb, pid)["title"] == title + " (edited)"
    assert title + " (edited)" in pb.get(path_of(pb, pid)).text
    r = edit(author, pid, button="trash")
    assert r.status == 303 and row(pb, pid)["status"] == "trash"


def test_author_cannot_touch_an_admins_post(pb, admin, author):
    title = unique("Admin only")
    pid = create(admin, title=title)
    before = row(pb, pid)
    r = author.get("/admin/posts/%d" % pid)
    assert r.status == 403
    assert "own posts" in r.main_text()
    token = author.csrf("/admin/posts/new")
    fields = dict(form_values(admin.get("/admin/posts/%d" % pid)))
    fields.update(csrf=token, title="Hijacked", save="1")
    for extra in [{}, {"preview": "1"}, {"trash": "1"}, {"delete": "1"}]:
        r = author.post("/admin/posts/%d" % pid, dict(fields, **extra))
        assert r.status == 403, (extra, r)
    edit(admin, pid, button="trash")
    r = author.post("/admin/posts/%d" % pid, {"csrf": token, "delete": "1"})
    assert r.status == 403
    r = author.post("/admin/posts/%d" % pid, {"csrf": token, "restore": "1"})
    assert r.status == 403
    after = row(pb, pid)
    assert after["title"] == before["title"] and after["status"] == "trash"
    # Not in the author's list either.
    assert title not in author.get("/admin/posts?status=trash").main_text()
    assert title in admin.get("/admin/posts?status=trash").main_text()


def test_author_list_shows_own_posts_only(pb, admin, author):
    mine = unique("Author list mine")
    theirs = unique("Author list theirs")
    create(author, title=mine)
    create(admin, title=theirs)
    text = author.get("/admin/posts").main_text()
    assert mine in text and theirs not in text
    text = admin.get("/admin/posts?q=Author%20list").main_text()
    assert mine in text and theirs in text


def test_unknown_post_is_404(pb, admin):
    assert admin.get("/admin/posts/987654").status == 404
    r = admin.post("/admin/posts/987654", {"csrf": admin.csrf(),
                                           "title": "x", "save": "1"})
    assert r.status == 404


# -- the list --------------------------------------------------------------

@pytest.fixture(scope="module")
def lb():
    tmp = tempfile.mkdtemp(prefix="quire-admin-list-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        c = Client(b)
        c.login()
        for i in range(1, 26):
            create(c, expect_done="published" if i % 5 == 0 else "saved",
                   title="Paging post %02d" % i,
                   status="publish" if i % 5 == 0 else "draft",
                   when=local(time.time() - 86400 * (30 - i)))
        create(c, title="Something else")
        create(c, title="Discount 100% off")
        create(c, title="Snake_case title")
        b.admin = c
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def list_page(c, query):
    r = c.get("/admin/posts" + query)
    assert r.status == 200, (query, r)
    doc = r.page()
    rows = []
    tbody = doc.find("tbody")
    for tr in (tbody.find_all("tr") if tbody else []):
        cells = tr.find_all("td")
        rows.append((cells[0].find("a").text(), cells[2].text()))
    nav = doc.find("nav", cls="paging")
    links = {a.text().strip("\u2190\u2192 "): a.attrs["href"]
             for a in nav.find_all("a")}
    total = re.search(r"(\d+) in this view", doc.text())
    return rows, links, int(total.group(1))


def test_list_pages_by_twenty(lb):
    c = lb.admin
    rows, links, total = list_page(c, "")
    assert total == 28
    assert len(rows) == 20
    assert set(links) == {"Older"}
    # Newest first.
    assert rows[0][0] == "Snake_case title"
    rows2, links2, _ = list_page(
        c, "?" + urllib.parse.urlsplit(links["Older"]).query)
    assert len(rows2) == 8
    assert set(links2) == {"Newer"}
    seen = [t for t, _ in rows + rows2]
    assert len(set(seen)) == 28
    assert seen[-1] == "Paging post 01"


def test_list_filters_by_status(lb):
    c = lb.admin
    rows, links, total = list_page(c, "?status=draft")
    assert total == 20 and len(rows) == 20
    assert {s for _, s in rows} == {"draft"}
    assert links == {}
    rows, links, total = list_page(c, "?status=published")
    assert total == 8 and {s for _, s in rows} == {"published"}
    rows, _, total = list_page(c, "?status=scheduled")
    assert total == 0 and rows == []
    # An unknown status is no filter.
    assert list_page(c, "?status=bogus")[2] == 28


def test_list_searches_titles_across_pages(lb):
    c = lb.admin
    rows, links, total = list_page(c, "?q=paging")
    assert total == 25 and len(rows) == 20
    assert all(t.startswith("Paging post") for t, _ in rows)
    assert "Older" in links, "no link to the rest of the results"
    rows2, _, total2 = list_page(
        c, "?" + urllib.parse.urlsplit(links["Older"]).query)
    assert total2 == 25, "the next page lost the search: %s" % links["Older"]
    assert len(rows2) == 5
    assert all(t.startswith("Paging post") for t, _ in rows2)
    # Search and status together.
    rows, _, total = list_page(c, "?status=published&q=Paging")
    assert total == 5
    assert {t for t, _ in rows} == {"Paging post %02d" % i
                                   for i in (5, 10, 15, 20, 25)}
    rows, _, total = list_page(c, "?q=post%2007")
    assert [t for t, _ in rows] == ["Paging post 07"]


def test_list_search_takes_wildcards_literally(lb):
    c = lb.admin
    rows, _, _ = list_page(c, "?q=" + urllib.parse.quote("%"))
    assert [t for t, _ in rows] == ["Discount 100% off"]
    rows, _, _ = list_page(c, "?q=" + urllib.parse.quote("e_c"))
    assert [t for t, _ in rows] == ["Snake_case title"]
    rows, _, total = list_page(c, "?q=" + urllib.parse.quote("\\"))
    assert total == 0 and rows == []
