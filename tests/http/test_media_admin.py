"""test_media_admin.py: photos through the admin area (issue 16), through
real nginx: the library at /admin/media (upload of many at once, bad
files each refused with its name and nothing kept, the byte limit's 413,
21 files), one photo's page (alt text and caption, the Markdown to copy,
where it is used, delete after a confirmation), the editor's `images'
and `featured' fields, authors kept to their own photos (another's is a
404), and a kill -9 of the worker during an upload. Images are made
here with python3-pil."""
import io
import os
import re
import shutil
import signal
import tempfile
import uuid

import pytest

from admin_client import Client, form_fields
from conftest import make_blog
from procs import children, keeper, wait_for

Image = pytest.importorskip("PIL.Image", reason="python3-pil is not installed")
from test_media import make_images, make_photo  # noqa: E402


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-media-admin-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        os.makedirs(os.path.join(tmp, "imgs"))
        b.imgs = make_images(os.path.join(tmp, "imgs"))
        b.media = os.path.join(tmp, "media")
        b.quire("user", "add", "--login", "alice", "--name", "Alice Author",
                "--email", "alice@example.org", "--role", "author",
                input="alice-pass-word\n")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(mb):
    c = Client(mb)
    c.login()
    return c


@pytest.fixture(scope="module")
def alice(mb):
    c = Client(mb)
    c.login("alice", "alice-pass-word")
    return c


def multipart(fields, files):
    """(body, content type) of a form: fields [(name, value)], files
    [(name, filename, bytes)], as a browser sends them."""
    b = "----quireTest" + uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                   "\r\n\r\n" % (b, k)).encode() + v.encode() + b"\r\n")
    for k, fn, data in files:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                   "filename=\"%s\"\r\nContent-Type: application/"
                   "octet-stream\r\n\r\n" % (b, k, fn)).encode() + data +
                  b"\r\n")
    out.write(("--%s--\r\n" % b).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


def send(c, path, fields, files):
    body, ct = multipart(fields, files)
    return c.request("POST", path, body, {"Content-Type": ct})


def read(path):
    with open(path, "rb") as f:
        return f.read()


def upload(c, names, b):
    files = [("files", os.path.basename(n), read(b.imgs[n]) if n in b.imgs
              else n) for n in names]
    return send(c, "/admin/media", [("csrf", c.csrf("/admin/media"))], files)


def media_rows(b):
    return b.sql("SELECT id, state FROM media ORDER BY id")


def media_files(b):
    """Every file under the media directory but .tmp/lock."""
    out = set()
    for d, _, fs in os.walk(b.media):
        for f in fs:
            p = os.path.relpath(os.path.join(d, f), b.media)
            if p != os.path.join(".tmp", "lock"):
                out.add(p)
    return out


def variant_files(b):
    return {r[0] for r in b.sql("SELECT file FROM media_variants")}


def error_text(r):
    e = r.page().find("div", cls="form-errors")
    return e.text().strip() if e else ""


def photo_jpeg(path, size=(1200, 800)):
    make_photo(path, size)
    return read(path)


# -- the library ---------------------------------------------------------------

def test_upload_many_at_once_lists_them_without_metadata(mb, admin):
    before = len(media_rows(mb))
    r = upload(admin, ["photo.jpg", "small.jpg", "alpha.png"], mb)
    assert r.status == 303, r.text[:2000]
    assert r.location == "/admin/media?done=uploaded"
    rows = mb.sql("SELECT id, width, height, original_name, alt FROM media "
                  "ORDER BY id")
    assert len(rows) == before + 3
    by_name = {row[3]: row for row in rows}
    # The phone photo, 3000 x 2000 stored sideways: upright, 2000 x 3000.
    assert by_name["photo.jpg"][1:3] == (2000, 3000)
    assert by_name["photo.jpg"][4] == "photo"
    page = admin.get("/admin/media")
    assert page.status == 200
    items = page.page().find_all("li", cls="media-item")
    texts = [i.text() for i in items]
    assert any("photo.jpg" in t and "2000 \u00d7 3000 px, " in t and "KB" in t
               for t in texts), texts
    assert any("small.jpg" in t and "300 \u00d7 200 px" in t for t in texts)
    # Each thumbnail is served by nginx with no EXIF and upright.
    pid = by_name["photo.jpg"][0]
    li = page.page().find("li", id_="photo-%d" % pid)
    src = li.find("img").attrs["src"]
    got = admin.get(src)
    assert got.status == 200
    im = Image.open(io.BytesIO(got.body))
    assert im.width < im.height
    assert not im.getexif(), "EXIF served: %r" % dict(im.getexif())
    assert b"QuireCam" not in got.body
    assert "Not used yet" in li.text()


BAD = [("bomb.png", "bomb.png", 422), ("drawing.svg", "drawing.svg", 422),
       ("truncated.jpg", "truncated.jpg", 422), ("notes.jpg", "notes.jpg",
                                                  422)]


@pytest.mark.parametrize("name,shown,status", BAD)
def test_a_bad_file_is_refused_by_name_and_nothing_kept(mb, admin, name,
                                                         shown, status):
    rows, files = media_rows(mb), media_files(mb)
    # A good new photo first: it must not be kept either.
    good = photo_jpeg(os.path.join(mb.tmp, "good-%s.jpg" % name),
                      (640 + len(name), 480))
    files_sent = [("files", "good.jpg", good),
                  ("files", name, read(mb.imgs[name]))]
    r = send(admin, "/admin/media", [("csrf", admin.csrf("/admin/media"))],
             files_sent)
    assert r.status == status, r.text[:2000]
    assert error_text(r).startswith(shown + ":"), error_text(r)
    assert media_rows(mb) == rows
    assert media_files(mb) == files


def test_over_the_byte_limit_is_413_naming_the_file(mb, admin):
    rows, files = media_rows(mb), media_files(mb)
    mb.settings(media_max_bytes=1048576)
    try:
        big = os.urandom(1048577)
        r = send(admin, "/admin/media", [("csrf", admin.csrf("/admin/media"))],
                 [("files", "huge.jpg", b"\xff\xd8\xff\xe0" + big)])
        assert r.status == 413
        assert error_text(r) == ("huge.jpg: the file is larger than 1 MiB, "
                                 "the most a photo may be.")
    finally:
        mb.settings(media_max_bytes=26214400)
    assert media_rows(mb) == rows
    assert media_files(mb) == files


def test_21_files_are_refused(mb, admin):
    rows = media_rows(mb)
    small = read(mb.imgs["small.jpg"])
    r = send(admin, "/admin/media", [("csrf", admin.csrf("/admin/media"))],
             [("files", "s%d.jpg" % i, small) for i in range(21)])
    assert r.status == 422
    assert error_text(r) == ("21 files were chosen: at most 20 can be sent "
                             "at once.")
    assert media_rows(mb) == rows


def test_upload_needs_the_csrf_token(mb, admin):
    rows = media_rows(mb)
    r = send(admin, "/admin/media", [("csrf", "x" * 64)],
             [("files", "small.jpg", read(mb.imgs["small.jpg"]))])
    assert r.status == 403
    assert media_rows(mb) == rows


def test_no_file_chosen(mb, admin):
    r = send(admin, "/admin/media", [("csrf", admin.csrf("/admin/media"))],
             [("files", "", b"")])
    assert r.status == 422
    assert "choose one or more photos" in error_text(r)


# -- the editor ----------------------------------------------------------------

def editor_fields(c, path="/admin/posts/new"):
    r = c.get(path)
    assert r.status == 200
    form = r.page().find("form", id_="editor")
    assert form.attrs.get("enctype") == "multipart/form-data"
    return dict(form_fields(form))


def view_url(c, pid):
    links = [a for a in c.get("/admin/posts/%d" % pid).page().find_all("a")
             if a.text() == "View"]
    assert links, "post %d has no View link" % pid
    return links[0].attrs["href"]


def test_editor_stores_photos_and_appends_them(mb, admin):
    f = editor_fields(admin)
    f.update(title="Race day", body="The start line.", tags="running",
             status="publish", save="1")
    jpg = photo_jpeg(os.path.join(mb.tmp, "knee.jpg"), (1600, 1200))
    r = send(admin, "/admin/posts/new", list(f.items()),
             [("images", "Taped knee.jpg", jpg)])
    assert r.status == 303, r.text[:3000]
    pid = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    mid = mb.sql("SELECT id FROM media WHERE original_name = ?",
                 ("Taped knee.jpg",))[0][0]
    body = mb.sql("SELECT body_md FROM posts WHERE id = ?", (pid,))[0][0]
    assert body == "The start line.\n\n![Taped knee](/media/%d)\n" % mid
    assert mb.sql("SELECT media_id FROM media_uses WHERE post_id = ?",
                  (pid,)) == [(mid,)]
    html = admin.get(view_url(admin, pid)).text
    assert "<picture>" in html and 'alt="Taped knee"' in html
    assert "srcset=" in html


def test_editor_upload_error_keeps_every_field(mb, admin):
    rows, files = media_rows(mb), media_files(mb)
    posts = mb.sql("SELECT count(*) FROM posts")[0][0]
    f = editor_fields(admin)
    f.update(title="Keep \u00e9 me", body="Line one\n\n  two <b>",
             tags="a, b", status="draft", excerpt="ex", save="1")
    for name in ("bomb.png", "drawing.svg", "truncated.jpg"):
        r = send(admin, "/admin/posts/new", list(f.items()),
                 [("images", name, read(mb.imgs[name]))])
        assert r.status == 422, r.text[:2000]
        assert error_text(r).startswith(name + ":")
        kept = dict(form_fields(r.page().find("form", id_="editor")))
        for k in ("title", "body", "tags", "status", "excerpt"):
            assert kept[k] == f[k], k
    small = read(mb.imgs["small.jpg"])
    r = send(admin, "/admin/posts/new", list(f.items()),
             [("images", "s%d.jpg" % i, small) for i in range(21)])
    assert r.status == 422
    assert error_text(r) == ("21 files were chosen: at most 20 can be sent "
                             "at once.")
    mb.settings(media_max_bytes=1048576)
    try:
        r = send(admin, "/admin/posts/new", list(f.items()),
                 [("images", "ok.jpg", small),
                  ("images", "huge.jpg", b"\xff\xd8" + os.urandom(1 << 20))])
        assert r.status == 413
        assert error_text(r).startswith("huge.jpg: the file is larger")
    finally:
        mb.settings(media_max_bytes=26214400)
    kept = dict(form_fields(r.page().find("form", id_="editor")))
    for k in ("title", "body", "tags", "status", "excerpt"):
        assert kept[k] == f[k], k
    assert media_rows(mb) == rows and media_files(mb) == files
    assert mb.sql("SELECT count(*) FROM posts")[0][0] == posts


def test_urlencoded_editor_still_works(mb, admin):
    r = admin.submit_editor(title="Plain form", body="x", status="draft")
    assert r.status == 303


def test_featured_photo_is_stored_and_shown(mb, admin):
    mid = mb.sql("SELECT id FROM media WHERE original_name = 'small.jpg'")[0][0]
    f = editor_fields(admin)
    f.update(title="Featured one", body="No photo in the text.",
             status="publish", featured=str(mid), tags="featured-tag",
             save="1")
    r = admin.post("/admin/posts/new", f)
    assert r.status == 303, r.text[:2000]
    pid = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    assert mb.sql("SELECT featured_id FROM posts WHERE id = ?",
                  (pid,)) == [(mid,)]
    e = admin.get("/admin/posts/%d" % pid).page()
    opt = [o for o in e.find("select", id_="featured").find_all("option")
           if "selected" in o.attrs]
    assert [o.attrs["value"] for o in opt] == [str(mid)]
    listing = admin.get("/tag/featured-tag/").text
    small = mb.sql("SELECT file FROM media_variants WHERE media_id = ? AND "
                   "format = 'jpeg'", (mid,))[0][0]
    assert 'src="/media/%s"' % small in listing
    og = admin.get(view_url(admin, pid)).page().find(
        "meta", property="og:image")
    assert og is not None and og.attrs["content"].endswith("/media/" + small)


# -- one photo -----------------------------------------------------------------

def new_photo(mb, c, size):
    jpg = photo_jpeg(os.path.join(mb.tmp, "p%dx%d.jpg" % size), size)
    r = send(c, "/admin/media", [("csrf", c.csrf("/admin/media"))],
             [("files", "p%dx%d.jpg" % size, jpg)])
    assert r.status == 303, r.text[:2000]
    return mb.sql("SELECT max(id) FROM media")[0][0]


def test_alt_text_edit_shows_on_the_post_page(mb, admin):
    mid = new_photo(mb, admin, (700, 500))
    r0 = admin.submit_editor(title="Alt post", body="![](/media/%d)" % mid,
                             status="publish")
    assert r0.status == 303
    page = admin.get("/admin/media/%d" % mid)
    assert page.status == 200
    md = page.page().find("input", id_="markdown")
    assert "readonly" in md.attrs
    assert md.attrs["value"] == "![p700x500](/media/%d)" % mid
    assert "Alt post" in page.page().find("main").text()
    r = admin.post("/admin/media/%d" % mid, {
        "csrf": admin.csrf("/admin/media/%d" % mid),
        "alt": "A bike on a mountain path", "caption": "Col du Galibier"})
    assert r.status == 303 and r.location.endswith("done=saved")
    pid = int(re.search(r"/admin/posts/(\d+)", r0.location).group(1))
    html = admin.get(view_url(admin, pid)).text
    assert 'alt="A bike on a mountain path"' in html
    assert "<figcaption>Col du Galibier</figcaption>" in html


def test_delete_used_photo_after_confirming(mb, admin):
    mid = new_photo(mb, admin, (720, 480))
    files = {r[0] for r in mb.sql("SELECT file FROM media_variants WHERE "
                                  "media_id = ?", (mid,))}
    assert files
    r = admin.submit_editor(title="Uses it", body="![x](/media/%d)" % mid,
                            status="draft")
    assert r.status == 303
    tok = admin.csrf("/admin/media/%d" % mid)
    r = admin.post("/admin/media/%d" % mid, {"csrf": tok, "delete": "1"})
    assert r.status == 200
    assert "Uses it" in r.page().find("section", cls="confirm").text()
    assert mb.sql("SELECT state FROM media WHERE id = ?", (mid,)) == \
        [("ready",)]
    r = admin.post("/admin/media/%d" % mid, {"csrf": tok, "delete": "1",
                                              "confirm": "1"})
    assert r.status == 303 and r.location == "/admin/media?done=deleted"
    assert mb.sql("SELECT count(*) FROM media WHERE id = ?", (mid,)) == [(0,)]
    assert mb.sql("SELECT count(*) FROM media_variants WHERE media_id = ?",
                  (mid,)) == [(0,)]
    for f in files:
        assert not os.path.exists(os.path.join(mb.media, f))
    assert media_files(mb) <= variant_files(mb)
    assert admin.get("/admin/media/%d" % mid).status == 404


def test_authors_see_and_manage_only_their_own(mb, admin, alice):
    theirs = new_photo(mb, admin, (650, 450))
    mine = new_photo(mb, alice, (660, 440))
    lib = alice.get("/admin/media").page()
    ids = [li.attrs["id"] for li in lib.find_all("li", cls="media-item")]
    assert ids == ["photo-%d" % mine]
    assert alice.get("/admin/media/%d" % theirs).status == 404
    r = alice.post("/admin/media/%d" % theirs, {
        "csrf": alice.csrf("/admin/media"), "alt": "mine now"})
    assert r.status == 404
    r = alice.post("/admin/media/%d" % theirs, {
        "csrf": alice.csrf("/admin/media"), "delete": "1", "confirm": "1"})
    assert r.status == 404
    assert mb.sql("SELECT alt FROM media WHERE id = ?", (theirs,)) != \
        [("mine now",)]
    assert alice.get("/admin/media/%d" % mine).status == 200
    # An admin sees everyone's.
    ids = [li.attrs["id"] for li in admin.get("/admin/media").page()
           .find_all("li", cls="media-item")]
    assert "photo-%d" % mine in ids and "photo-%d" % theirs in ids


# -- a crash during an upload ----------------------------------------------------

def test_kill_9_during_an_upload_leaves_no_orphan(mb, admin):
    import threading
    big = photo_jpeg(os.path.join(mb.tmp, "kill.jpg"), (6000, 4000))
    tok = admin.csrf("/admin/media")
    master = mb.quire_proc.pid
    done = []

    def go():
        try:
            done.append(send(admin, "/admin/media", [("csrf", tok)],
                             [("files", "kill.jpg", big)]).status)
        except Exception as e:      # the connection may just end
            done.append(repr(e))

    t = threading.Thread(target=go)
    t.start()
    tmpdir = os.path.join(mb.media, ".tmp")
    try:
        wait_for("a store to stage its files", lambda: done or any(
            f != "lock" for f in os.listdir(tmpdir)), timeout=30)
        victims = children(master) - {keeper(master)}
        for v in victims:
            os.kill(v, signal.SIGKILL)
    finally:
        t.join(60)
    assert done and done[0] != 303, "the upload finished before the kill"
    wait_for("new workers", lambda: len(children(master) - {
        keeper(master)} - victims) == 2, timeout=20)
    # A fresh worker cleans up what the killed one left.
    wait_for("no pending photo and no stray file", lambda: (
        mb.sql("SELECT count(*) FROM media WHERE state = 'pending'") ==
        [(0,)] and media_files(mb) <= variant_files(mb)), timeout=20)
    assert mb.sql("SELECT count(*) FROM media WHERE original_name = "
                  "'kill.jpg'") == [(0,)]
    assert admin.get("/admin/media").status == 200
