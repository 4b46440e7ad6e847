"""test_media.py: photos (issue 16) through the command line, quire and
real nginx: `quire media add` of generated images (python3-pil), good and
bad; what is stored (no metadata, upright, never upscaled, WebP beside
JPEG or PNG, animation kept); /media/ as nginx and quire answer it; and
photos in a post's Markdown. The blog is this module's own."""
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib

import pytest

from conftest import QUIRE, TOP, make_blog, parse_html

Image = pytest.importorskip("PIL.Image", reason="python3-pil is not installed")
ImageDraw = pytest.importorskip("PIL.ImageDraw")

URL = re.compile(r"^/media/([0-9a-f]{2})/\1[0-9a-f]{18}-([0-9]+)\."
                 r"(jpg|png|gif)$")
EXIFTOOL = shutil.which("exiftool")


# -- the images --------------------------------------------------------------

def make_photo(path, size=(3000, 2000)):
    """A JPEG as a phone writes it: sideways (orientation 6: turn it 90
    degrees clockwise to view), with the camera and GPS position. Green
    at the stored top left, red elsewhere: upright, green is top right."""
    im = Image.new("RGB", size, (200, 40, 40))
    ImageDraw.Draw(im).rectangle([0, 0, size[0] // 2, size[1] // 2],
                                 fill=(30, 200, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "QuireCam"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E",
                    4: (13.0, 24.0, 36.0)}
    im.save(path, "JPEG", quality=90, exif=exif.tobytes())


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def make_images(d):
    paths = {}

    def p(name):
        paths[name] = os.path.join(d, name)
        return paths[name]

    make_photo(p("photo.jpg"))
    Image.new("RGBA", (900, 600), (0, 0, 255, 128)).save(p("alpha.png"))
    frames = [Image.new("P", (320, 200), i * 40) for i in range(5)]
    frames[0].save(p("anim.gif"), save_all=True, append_images=frames[1:],
                   duration=100, loop=0, comment=b"made at 52.52N 13.41E")
    Image.new("RGB", (300, 200), (10, 10, 200)).save(p("small.jpg"))
    with open(paths["photo.jpg"], "rb") as f:
        whole = f.read()
    with open(p("truncated.jpg"), "wb") as f:
        f.write(whole[:len(whole) // 2])
    with open(p("drawing.svg"), "w") as f:
        f.write('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/'
                'svg" width="10" height="10"><script>alert(1)</script>'
                '</svg>\n')
    # A decompression bomb: a PNG header claiming 100000 x 100000 pixels.
    with open(p("bomb.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000,
                                               8, 2, 0, 0, 0)) +
                png_chunk(b"IDAT", zlib.compress(b"\0" * 4096)) +
                png_chunk(b"IEND", b""))
    with open(p("notes.jpg"), "w") as f:
        f.write("This is a text file with a .jpg name.\n")
    return paths


# -- the blog ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="quire-media-")
    b = None
    try:
        b = make_blog(tmp, content=False, pages=False)
        b.media = os.path.join(tmp, "media")
        b.images = make_images(os.path.join(tmp))
        b.urls = {}
        for name in ("photo.jpg", "alpha.png", "anim.gif", "small.jpg"):
            p = b.quire("media", "add", "--alt", "A test " + name,
                        b.images[name])
            b.urls[name] = p.stdout.strip()
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def media_files(b):
    out = set()
    for root, dirs, files in os.walk(b.media):
        for f in files:
            out.add(os.path.relpath(os.path.join(root, f), b.media))
    return out


def variants(b, url):
    """(format, width, height, file) of the photo whose URL is url."""
    name = url[len("/media/"):].rsplit("-", 1)[0]
    return b.sql("SELECT v.format, v.width, v.height, v.file FROM "
                 "media_variants v JOIN media m ON m.id = v.media_id "
                 "WHERE m.name = ? ORDER BY v.format, v.width", (name,))


def fetch_image(b, file):
    r = b.get("/media/" + file)
    assert r.status == 200, (file, r.status)
    assert r.header("Cache-Control") == \
        "public, max-age=31536000, immutable", r.headers
    return r, Image.open(io.BytesIO(r.body))


# -- quire media add ---------------------------------------------------------

def test_good_photos_print_their_urls(site):
    for name, url in site.urls.items():
        m = URL.match(url)
        assert m, (name, url)
    assert site.urls["photo.jpg"].endswith("-2000.jpg")   # upright width
    assert site.urls["alpha.png"].endswith("-900.png")
    assert site.urls["anim.gif"].endswith("-320.gif")
    assert site.urls["small.jpg"].endswith("-300.jpg")    # never upscaled


def test_same_photo_twice_is_stored_once(site):
    before = site.sql("SELECT count(*) FROM media")[0][0]
    p = site.quire("media", "add", site.images["photo.jpg"])
    assert p.stdout.strip() == site.urls["photo.jpg"]
    assert site.sql("SELECT count(*) FROM media")[0][0] == before


@pytest.mark.parametrize("name,reason", [
    ("truncated.jpg", "truncated"),
    ("drawing.svg", "SVG is not accepted"),
    ("bomb.png", "too many pixels (100000 x 100000"),
    ("notes.jpg", "not an image (not JPEG, PNG, WebP, GIF, HEIC or AVIF)"),
])
def test_bad_files_are_refused_whole(site, name, reason):
    rows = site.sql("SELECT count(*) FROM media")[0][0]
    files = media_files(site)
    p = site.quire("media", "add", site.images[name], check=False)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    line = "quire: media add: %s: " % site.images[name]
    assert p.stderr.startswith(line), p.stderr
    assert reason in p.stderr, p.stderr
    assert p.stderr.count("\n") == 1, p.stderr      # one clear line
    assert site.sql("SELECT count(*) FROM media")[0][0] == rows
    assert media_files(site) == files


def test_good_and_bad_together(site):
    """Each file stands alone: the good one is stored, the bad one named,
    exit status 1."""
    tmp = os.path.dirname(site.images["photo.jpg"])
    other = os.path.join(tmp, "other.png")
    Image.new("RGB", (640, 480), (1, 2, 3)).save(other)
    p = site.quire("media", "add", other, site.images["notes.jpg"],
                   check=False)
    assert p.returncode == 1
    assert URL.match(p.stdout.strip()), p.stdout
    assert "notes.jpg: not an image" in p.stderr


def test_over_the_byte_limit(site):
    site.settings(media_max_bytes=50000)
    try:
        p = site.quire("media", "add", site.images["photo.jpg"],
                       check=False)
    finally:
        site.settings(media_max_bytes=26214400)
    assert p.returncode == 1
    assert "larger than 50000 bytes" in p.stderr


def test_media_list(site):
    out = site.quire("media", "list").stdout.splitlines()
    rows = [line.split("\t") for line in out]
    urls = [r[4] for r in rows]
    for url in site.urls.values():
        assert url in urls
    photo = rows[urls.index(site.urls["photo.jpg"])]
    assert photo[1] == "2000x3000"
    assert int(photo[2]) == os.path.getsize(site.images["photo.jpg"])


# -- what is stored ----------------------------------------------------------

def test_photo_variants_upright_no_metadata(site):
    v = variants(site, site.urls["photo.jpg"])
    widths = sorted({w for _, w, _, _ in v})
    assert widths == [480, 800, 1200, 1600, 2000]
    assert {f for f, _, _, _ in v} == {"jpeg", "webp"}
    for fmt, w, h, file in v:
        r, im = fetch_image(site, file)
        assert r.header("Content-Type") == \
            ("image/webp" if fmt == "webp" else "image/jpeg")
        assert im.size == (w, h) and w <= 2000
        assert h == w * 3 // 2, (w, h)          # portrait: turned upright
        assert not im.getexif(), (file, dict(im.getexif()))
        assert "exif" not in im.info and "xmp" not in im.info, im.info
        assert "icc_profile" not in im.info
        rgb = im.convert("RGB")
        # green is now at the top right
        assert rgb.getpixel((w - 5, 5))[1] > 150, rgb.getpixel((w - 5, 5))
        assert rgb.getpixel((5, 5))[0] > 150, rgb.getpixel((5, 5))
        if EXIFTOOL:
            p = subprocess.run([EXIFTOOL, "-G1", "-a", "-"], input=r.body,
                               capture_output=True, timeout=30)
            meta = p.stdout.decode("utf-8", "replace")
            assert "GPS" not in meta and "QuireCam" not in meta, meta
            assert "Orientation" not in meta, meta


def test_alpha_kept_as_png(site):
    v = variants(site, site.urls["alpha.png"])
    assert {f for f, _, _, _ in v} == {"png", "webp"}
    for fmt, w, h, file in v:
        _, im = fetch_image(site, file)
        assert im.mode in ("RGBA", "LA"), (file, im.mode)
        assert im.getpixel((5, 5))[3] == 128


def test_animation_kept(site):
    v = variants(site, site.urls["anim.gif"])
    assert {f for f, _, _, _ in v} == {"gif", "webp"}
    for fmt, w, h, file in v:
        r, im = fetch_image(site, file)
        assert getattr(im, "n_frames", 1) == 5, file
        assert (w, h) == (320, 200)
        assert b"52.52N" not in r.body              # the GIF comment


# -- /media/ -----------------------------------------------------------------

def test_unknown_media_names_404(site):
    good = site.urls["photo.jpg"]
    for path in (good.replace("-2000.", "-2001."), "/media/",
                 "/media/.tmp/lock", "/media/ab/", good + "x",
                 good.replace(".jpg", ".svg")):
        r = site.get(path)
        assert r.status == 404, (path, r.status)
    # nginx refuses a path above the root itself
    r = site.get("/media/%2e%2e/%2e%2e/blog.db")
    assert r.status in (400, 404) and b"SQLite" not in r.body


def quire_direct(site, path):
    """One request straight to quire (no nginx), through test-request."""
    req = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path
    p = subprocess.run([QUIRE, "test-request", "--db", site.db,
                        "--templates", os.path.join(TOP, "templates")],
                       input=req.encode(), capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    headers = dict(line.split(": ", 1) for line in
                   head.decode().split("\r\n") if ": " in line)
    return int(headers["Status"].split()[0]), headers, body


def test_quire_answers_media_itself(site):
    url = site.urls["photo.jpg"]
    status, h, body = quire_direct(site, url)
    assert status == 200
    assert h["Content-Type"] == "image/jpeg"
    assert h["Cache-Control"] == "public, max-age=31536000, immutable"
    assert body == site.get(url).body
    status, h, _ = quire_direct(site, url.replace(".jpg", ".webp"))
    assert status == 200 and h["Content-Type"] == "image/webp"


@pytest.mark.parametrize("path", [
    "/media/../blog.db", "/media/%2e%2e/blog.db", "/media/ab/..%2f..%2fblog.db",
    "/media/.tmp/lock", "/media/..%2fblog.db/x", "/media//etc/passwd",
])
def test_quire_refuses_traversal(site, path):
    status, _, body = quire_direct(site, path)
    assert status in (400, 404), (path, status)
    assert b"SQLite" not in body


# -- photos in posts ---------------------------------------------------------

def test_post_shows_pictures(site):
    photo, alpha = site.urls["photo.jpg"], site.urls["alpha.png"]
    alpha_id = site.sql("SELECT id FROM media WHERE name = ?",
                        (alpha[7:30],))[0][0]
    url = site.add_post(
        "title: With photos\n\n"
        "First ![A <b>sideways</b> & \"upright\" photo](%s) here.\n\n"
        "![](/media/%d \"Blue, <i>half</i> transparent\")\n\n"
        "![elsewhere](https://example.org/x.jpg)\n" % (photo, alpha_id))
    r = site.get(url[len(site.base):])
    assert r.status == 200
    doc = parse_html(r.text)
    pics = doc.find_all("picture")
    assert len(pics) == 2
    first, second = [p.find("img") for p in pics]
    src = pics[0].find("source")
    assert src.attrs["type"] == "image/webp"
    assert src.attrs["srcset"].split(", ")[0].endswith("-480.webp 480w")
    assert src.attrs["sizes"] == first.attrs["sizes"]
    assert first.attrs["src"] == photo
    assert [s.split()[1] for s in first.attrs["srcset"].split(", ")] == \
        ["480w", "800w", "1200w", "1600w", "2000w"]
    assert (first.attrs["width"], first.attrs["height"]) == ("2000", "3000")
    assert first.attrs["alt"] == "A sideways & \u201cupright\u201d photo"
    assert "loading" not in first.attrs          # the first: not lazy
    assert first.attrs["decoding"] == "async"
    assert pics[0].parent.tag == "a" and pics[0].parent.attrs["href"] == photo
    assert second.attrs["loading"] == "lazy"
    assert second.attrs["src"] == alpha
    assert second.attrs["alt"] == "A test alpha.png"   # the stored alt
    fig = pics[1].parent.parent
    assert fig.tag == "figure"
    assert fig.find("figcaption").text() == "Blue, <i>half</i> transparent"
    assert doc.find("img", src="https://example.org/x.jpg") is not None
    # every file a page names is there
    for p in pics:
        for s in [p.find("source").attrs["srcset"],
                  p.find("img").attrs["srcset"]]:
            for item in s.split(", "):
                assert site.get(item.split()[0]).status == 200
    # and the library knows where each photo is used
    post_id = site.sql("SELECT id FROM posts WHERE slug = 'with-photos'")[0][0]
    rows = [line.split("\t") for line in
            site.quire("media", "list").stdout.splitlines()]
    used = {r[4]: r[3] for r in rows}
    assert used[photo] == str(post_id) and used[alpha] == str(post_id)
    assert used[site.urls["anim.gif"]] == "-"


def test_post_og_image(site):
    photo = site.urls["photo.jpg"]
    url = site.add_post("title: Shared photo\n\n![The view](%s)\n" % photo)
    doc = parse_html(site.get(url[len(site.base):]).text)
    meta = {m.attrs.get("property") or m.attrs.get("name"):
            m.attrs.get("content") for m in doc.find_all("meta")}
    assert meta["og:image"] == site.base + photo.replace("-2000.", "-1200.")
    assert (meta["og:image:width"], meta["og:image:height"]) == \
        ("1200", "1800")
    assert meta["og:image:alt"] == "A test photo.jpg"
    assert meta["twitter:card"] == "summary_large_image"
    url = site.add_post("title: No photo\n\nJust words.\n")
    doc = parse_html(site.get(url[len(site.base):]).text)
    assert doc.find("meta", property="og:image") is None
    assert doc.find("meta", name="twitter:card").attrs["content"] == "summary"


VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")


@pytest.mark.skipif(not os.path.exists(VNU) or not shutil.which("java"),
                    reason="no vnu.jar or java (tests/: npm ci)")
def test_photo_post_is_valid_html(site, tmp_path):
    url = site.add_post(
        "title: Valid photos\n\n"
        "Inline ![one](%s) and [![linked](%s)](https://example.org/).\n\n"
        "![two](%s \"A caption\")\n" % (
            site.urls["photo.jpg"], site.urls["alpha.png"],
            site.urls["anim.gif"]))
    page = tmp_path / "photos.html"
    page.write_bytes(site.get(url[len(site.base):]).body)
    p = subprocess.run([shutil.which("java"), "-jar", VNU, "--errors-only",
                        str(page)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr


def test_crash_leftovers_are_removed(site):
    """A store cut short leaves a pending row (which no page may name),
    files in place or in DIR/.tmp: the next media add removes them all."""
    name = "ee/ee00000000000000dead"
    site.sql("INSERT INTO media (hash, name, format, width, height, bytes, "
             "created, state) VALUES ('ee' || hex(randomblob(31)), ?, "
             "'jpeg', 800, 600, 1234, 0, 'pending')", (name,))
    mid = site.sql("SELECT id FROM media WHERE name = ?", (name,))[0][0]
    site.sql("INSERT INTO media_variants (media_id, format, width, height, "
             "file, bytes) VALUES (?, 'jpeg', 800, 600, ?, 1)",
             (mid, name + "-800.jpg"))
    os.makedirs(os.path.join(site.media, "ee"), exist_ok=True)
    placed = os.path.join(site.media, name + "-800.jpg")
    left = os.path.join(site.media, ".tmp", "ee-ee00000000000000dead-480."
                        "webp.12345")
    for f in (placed, left):
        with open(f, "wb") as out:
            out.write(b"half a photo")
    # a pending photo is never shown
    url = site.add_post("title: Pending\n\n![p](/media/%s-800.jpg)\n" % name)
    doc = parse_html(site.get(url[len(site.base):]).text)
    assert doc.find("picture") is None
    assert name not in site.quire("media", "list").stdout
    # the next store cleans up
    tmp = os.path.dirname(site.images["photo.jpg"])
    fresh = os.path.join(tmp, "fresh.png")
    Image.new("RGB", (200, 100), (9, 99, 199)).save(fresh)
    p = site.quire("media", "add", fresh)
    assert "removed photo %d" % mid in p.stderr
    assert not os.path.exists(placed) and not os.path.exists(left)
    assert site.sql("SELECT count(*) FROM media WHERE name = ?", (name,)) \
        == [(0,)]
    new = site.sql("SELECT max(id) FROM media")[0][0]
    assert new > mid                            # ids are never given twice
    assert site.sql("SELECT count(*) FROM media_variants WHERE media_id = ?",
                    (mid,)) == [(0,)]


def test_archive_shows_thumbnail(site):
    photo = site.urls["photo.jpg"]
    site.add_post("title: Tagged photo\ntags: Thumbs\n\nWords first.\n\n"
                  "![x](%s)\n" % photo)
    site.add_post("title: Tagged words\ntags: Thumbs\n\nNo photo here.\n")
    r = site.get("/tag/thumbs/")
    assert r.status == 200
    doc = parse_html(r.text)
    arts = {a.find("h2").text(): a for a in doc.find_all("article")}
    thumb = arts["Tagged photo"].find("a", cls="entry-thumb")
    assert thumb is not None
    img = thumb.find("img")
    assert img.attrs["src"] == photo.replace("-2000.", "-480.")
    assert (img.attrs["width"], img.attrs["height"]) == ("480", "720")
    assert img.attrs["loading"] == "lazy" and img.attrs["alt"] == ""
    assert thumb.find("source").attrs["srcset"] == \
        photo.replace("-2000.jpg", "-480.webp")
    assert arts["Tagged words"].find("a", cls="entry-thumb") is None


def test_admin_editor_renders_photos_and_keeps_uses(site):
    from admin_client import Client
    admin = Client(site)
    admin.login()
    photo = site.urls["photo.jpg"]
    body = "Look:\n\n![From the editor](%s \"Edited\")\n" % photo
    r = admin.submit_editor(title="Editor photo", body=body, button="preview")
    assert r.status == 200
    prev = r.page().find("figure", cls="photo")
    assert prev is not None and prev.find("img").attrs["src"] == photo
    r = admin.submit_editor(title="Editor photo", body=body, status="publish")
    assert r.status == 303, r.text[:2000]
    pid = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    view = [a.attrs["href"] for a in admin.get("/admin/posts/%d" % pid)
            .page().find("form", id_="editor").find_all("a")
            if a.text() == "View"][0]
    doc = parse_html(site.get(view).text)
    assert doc.find("figure", cls="photo").find("figcaption").text() == \
        "Edited"
    mid = site.sql("SELECT id FROM media WHERE name = ?",
                   (photo[7:30],))[0][0]
    assert (pid, mid) in site.sql("SELECT post_id, media_id FROM media_uses")
    r = admin.submit_editor("/admin/posts/%d" % pid, body="No photo now.\n")
    assert r.status == 303
    assert site.sql("SELECT count(*) FROM media_uses WHERE post_id = ?",
                    (pid,)) == [(0,)]
