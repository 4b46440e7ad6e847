"""The promise of DESIGN.md and the README, table by table: `quire export
--format json` imported into a fresh database beside the media directory,
and `quire backup DEST` restored (DEST and DEST.media/), each give the same
blog. The blog uses every feature that keeps rows: a photo (also the
site's icon and logo), a WordPress import with --uploads (photos, a PDF,
attachments, old upload URLs answered 301), a menu and sidebar, extra
CSS, a webmention comment and what was sent, revisions, a protected
post, and a confirmed reply subscription. Compared: the pages a reader
sees and the rows of each table."""
import hashlib
import json
import os
import re
import shutil
import tempfile
import time

import pytest

from conftest import Blog, make_blog

Image = pytest.importorskip("PIL.Image", reason="python3-pil is not installed")

import gen_wxr  # noqa: E402

CSS = "body { border-top: 4px solid #c33; }\n"
OLD_PDF = "/wp-content/uploads/2019/01/guide.pdf"

# Each table with the columns a move must keep, in a stable order. Ids
# are kept by the import, so rows compare as they are.
TABLES = {
    "posts": "SELECT id, type, status, slug, title, body_md, body_html, "
             "published, featured_id, password FROM posts ORDER BY id",
    "comments": "SELECT id, post_id, parent_id, type, status, author_name, "
                "author_email, author_url, body_html FROM comments "
                "ORDER BY id",
    "media": "SELECT id, name, hash, alt, caption FROM media ORDER BY id",
    "media_variants": "SELECT media_id, file, bytes FROM media_variants "
                      "ORDER BY file",
    "files": "SELECT id, hash, name, type, bytes, created, state FROM files "
             "ORDER BY id",
    "wp_attachments": "SELECT id, import_key, site, wp_id, wp_parent, "
                      "menu_order, media_id, file_id, post_id, path, page, "
                      "title, description, created FROM wp_attachments "
                      "ORDER BY id",
    "wp_uploads": "SELECT path, attachment_id FROM wp_uploads ORDER BY path",
    "menu_items": "SELECT position, kind, target, label FROM menu_items "
                  "ORDER BY position",
    "sidebar_blocks": "SELECT kind, position, enabled, title, body_md, "
                      "body_html FROM sidebar_blocks ORDER BY kind",
    "appearance": "SELECT front_page, icon_id, logo_id, css, css_hash "
                  "FROM appearance",
    "mentions": "SELECT comment_id, post_id, source, author FROM mentions",
    "mention_sent": "SELECT post_id, target, link_hash, kind, endpoint, "
                    "code, ok, answer, sent FROM mention_sent",
    "revisions": "SELECT post_id, created, kind, status, title, body "
                 "FROM revisions ORDER BY post_id, id",
    "mail_watch": "SELECT comment_id, email, created, stopped "
                  "FROM mail_watch ORDER BY comment_id",
    "mail_addrs": "SELECT email, confirmed FROM mail_addrs",
    "redirects": "SELECT old_path, new_path FROM redirects ORDER BY 1",
}


def make_jpeg(path, size, color):
    Image.new("RGB", size, color).save(path, "JPEG", quality=85)


def table_rows(b):
    return {t: b.sql(q) for t, q in TABLES.items()}


def same(b, text):
    """text without what differs by design between two copies: the base
    URL (each test blog has its own port), the form token and the
    generated avatars' names (both keyed by secret_key, which no export
    holds)."""
    text = re.sub(r"http://127\.0\.0\.1:[0-9]+", "BASE", text)
    text = re.sub(r'name="token" value="[^"]*"', 'name="token"', text)
    return re.sub(r"/avatar/[0-9a-f]{32}\.svg", "/avatar/X.svg", text)


def pages_of(b):
    """What a reader gets: the home page, a post, the protected post's
    form, /custom.css, the old PDF URL's 301 and the PDF itself."""
    out = {}
    for path in ("/", b.post_path, b.secret_path, "/custom.css",
                 "/tags/"):
        r = b.get(path)
        out[path] = (r.status, same(b, r.text))
    r = b.get(OLD_PDF)
    out["old"] = (r.status, r.header("Location"))
    pdf = b.get(r.header("Location"))
    out["pdf"] = (pdf.status, pdf.header("Content-Type"), pdf.body)
    return out


@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="quire-roundtrip-")
    b = None
    try:
        b = make_blog(tmp, content=False, pages=False)
        b.media = os.path.join(tmp, "media")
        # A WordPress blog with its uploads: photos, a PDF, old URLs.
        xml, up = os.path.join(tmp, "wp.xml"), os.path.join(tmp, "up")
        with open(xml, "w", encoding="utf-8") as f:
            gen_wxr.photos(f, uploads=up, posts=3, per_post=2, missing=1)
        b.quire("import", "--format", "wxr", "--uploads", up, xml)
        # A photo of our own: a post shows it; it is the icon and logo.
        make_jpeg(os.path.join(tmp, "own.jpg"), (900, 600), (30, 90, 160))
        url = b.quire("media", "add", "--alt", "Blue",
                      os.path.join(tmp, "own.jpg")).stdout.strip()
        own = b.sql("SELECT max(id) FROM media")[0][0]
        b.add_post("title: Our own\ntags: news\n\nText.\n\n![Blue](%s)\n"
                   % url)
        pid = b.sql("SELECT id FROM posts WHERE slug = 'our-own'")[0][0]
        b.add_post("title: Secret\n\nOnly for friends.\n")
        secret = b.sql("SELECT id FROM posts WHERE slug = 'secret'")[0][0]
        b.sql("UPDATE posts SET password = 'sesame' WHERE id = ?", (secret,))
        # Revisions: the post as it was, then as it is.
        for n, title in ((1, "Our first"), (2, "Our own")):
            b.sql("INSERT INTO revisions (post_id, author_id, created, kind, "
                  "status, title, body) VALUES (?, 1, ?, 'save', "
                  "'published', ?, 'Text.')", (pid, 1700000000 + n, title))
        # The look: a menu, a sidebar text block, icon, logo, extra CSS.
        tag = b.sql("SELECT id FROM tags WHERE slug = 'news'")[0][0]
        b.sql("INSERT INTO menu_items (position, kind, target, label) "
              "VALUES (1, 'home', '', 'Start'), (2, 'tag', ?, 'News'), "
              "(3, 'archive', '2019', 'Old days'), "
              "(4, 'link', 'https://example.org/', 'Elsewhere')",
              (str(tag),))
        b.sql("UPDATE sidebar_blocks SET enabled = 1, title = 'About', "
              "body_md = 'We *run*.', body_html = '<p>We <em>run</em>.</p>\n'"
              " WHERE kind = 'text'")
        b.sql("UPDATE appearance SET icon_id = ?, logo_id = ?, css = ?, "
              "css_hash = ?", (own, own, CSS, hashlib.blake2b(
                  CSS.encode(), digest_size=16).hexdigest()))
        # The keeper tells the new posts' links first: wait until it is
        # done, so it does not rewrite the row added below.
        deadline = time.monotonic() + 30
        while b.sql("SELECT count(*) FROM mention_todo")[0][0]:
            assert time.monotonic() < deadline, "mention_todo not emptied"
            time.sleep(0.05)
        # A webmention received and verified, and one sent.
        b.sql("INSERT INTO comments (id, post_id, depth, path, type, status, "
              "author_name, author_email, author_url, author_addr, "
              "author_agent, created, body_md, body_html) VALUES (9001, ?, "
              "1, '0000009001', 'webmention', 'approved', 'Jane Peer', '', "
              "'https://peer.example.net/', '', '', 1700000100, '', "
              "'<p>A reply from afar</p>')", (pid,))
        b.sql("INSERT INTO mentions (comment_id, post_id, source, author) "
              "VALUES (9001, ?, 'https://peer.example.net/reply', "
              "'Jane Peer')", (pid,))
        b.sql("INSERT INTO mention_sent (post_id, target, link_hash, kind, "
              "endpoint, code, ok, answer, sent) VALUES (?, "
              "'https://peer.example.net/', 'abc', 'webmention', "
              "'https://peer.example.net/wm', 202, 1, 'Accepted', "
              "1700000200)", (pid,))
        # A commenter who asked for replies and confirmed her address.
        b.sql("INSERT INTO comments (id, post_id, depth, path, type, status, "
              "author_name, author_email, author_url, author_addr, "
              "author_agent, created, body_md, body_html) VALUES (9002, ?, "
              "1, '0000009002', 'comment', 'approved', 'Wanda Watch', "
              "'wanda@example.org', '', '', '', 1700000300, 'Tell me.', "
              "'<p>Tell me.</p>\n')", (pid,))
        b.sql("INSERT INTO mail_watch (comment_id, email, created) VALUES "
              "(9002, 'wanda@example.org', 1700000300)")
        b.sql("INSERT INTO mail_addrs (email, confirmed) VALUES "
              "('wanda@example.org', 1700000400)")
        b.sql("DELETE FROM mail_events")
        b.post_path = [ln.split("\t")[3] for ln in b.quire(
            "post", "list").stdout.splitlines() if "/our-own/" in ln][0] \
            .replace(b.base, "")
        b.secret_path = b.post_path.replace("our-own", "secret")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_site_uses_every_feature(site):
    rows = table_rows(site)
    for t in ("files", "wp_attachments", "wp_uploads", "menu_items",
              "mentions", "mention_sent", "revisions", "mail_watch",
              "mail_addrs"):
        assert rows[t], t
    assert any(r[3] == "application/pdf" for r in rows["files"])


def test_export_has_every_table(site):
    path = os.path.join(site.tmp, "all.json")
    site.quire("export", "--format", "json", path)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for key in ("files", "wp_attachments", "appearance", "mentions",
                "mention_sent", "mail_watch", "mail_addrs", "revisions",
                "protected"):
        assert key in doc, key
    assert doc["appearance"]["css"] == CSS
    assert [m["target"] for m in doc["appearance"]["menu"]] == [
        "", "news", "2019", "https://example.org/"]
    mention = [c for c in doc["comments"] if c["id"] == 9001][0]
    assert (mention["type"], mention["status"]) == ("webmention", "approved")
    pdf = [a for a in doc["wp_attachments"] if a["path"].endswith(".pdf")][0]
    assert "2019/01/guide.pdf" in pdf["uploads"] and pdf["file_id"]


def test_export_import_gives_the_same_blog(site):
    path = os.path.join(site.tmp, "move.json")
    site.quire("export", "--format", "json", path)
    dest = os.path.join(site.tmp, "for-media.db")
    site.quire("backup", dest)
    b = Blog(tempfile.mkdtemp(prefix="quire-moved-", dir=site.tmp),
             pages=False)
    try:
        b.quire("init", "--title", "Copy", "--base-url", b.base)
        shutil.copytree(dest + ".media", os.path.join(b.tmp, "media"))
        b.quire("import", "--format", "json", path)
        b.post_path, b.secret_path = site.post_path, site.secret_path
        assert table_rows(b) == table_rows(site)
        # Nothing mailed for comments that only moved.
        assert b.sql("SELECT count(*) FROM mail_events")[0][0] == 0
        b.start()
        mine, theirs = pages_of(site), pages_of(b)
        assert theirs["pdf"][0] == 200 and theirs["old"][0] == 301
        assert theirs["/custom.css"] == mine["/custom.css"]
        assert CSS.strip() in theirs["/custom.css"][1]
        assert theirs == mine
    finally:
        b.stop()


def test_backup_restored_gives_the_same_blog(site):
    dest = os.path.join(site.tmp, "backup.db")
    p = site.quire("backup", dest)
    n_files = len(site.sql("SELECT name FROM files WHERE state = 'ready'"))
    for (name,) in site.sql("SELECT name FROM files WHERE state = 'ready'"):
        with open(os.path.join(site.media, name), "rb") as a, \
                open(os.path.join(dest + ".media", name), "rb") as c:
            assert a.read() == c.read(), name
    assert n_files >= 1 and "integrity_check ok" in p.stdout
    b = Blog(tempfile.mkdtemp(prefix="quire-restored-", dir=site.tmp),
             pages=False)
    try:
        shutil.copy(dest, b.db)
        shutil.copytree(dest + ".media", os.path.join(b.tmp, "media"))
        b.post_path, b.secret_path = site.post_path, site.secret_path
        assert table_rows(b) == table_rows(site)
        b.start()
        assert pages_of(b) == pages_of(site)
    finally:
        b.stop()


def test_comments_export_by_email_has_the_subscription(site):
    p = site.quire("comments", "export", "--email", "Wanda@Example.org")
    doc = json.loads(p.stdout)
    assert doc["mail"]["confirmed"].startswith("2023-11-")
    assert [(r["comment_id"], r["stopped"]) for r in
            doc["mail"]["replies"]] == [(9002, None)]


def _import_broken(site, name, change):
    path = os.path.join(site.tmp, name + ".json")
    site.quire("export", "--format", "json", path)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    change(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    b = Blog(tempfile.mkdtemp(prefix="quire-%s-" % name, dir=site.tmp),
             pages=False)
    b.quire("init", "--title", "Copy", "--base-url", b.base)
    shutil.copytree(site.media, os.path.join(b.tmp, "media"),
                    ignore=shutil.ignore_patterns(".tmp"))
    p = b.quire("import", "--format", "json", path, check=False)
    assert p.returncode == 1, p.stdout
    assert b.sql("SELECT (SELECT count(*) FROM posts), (SELECT count(*) "
                 "FROM files), (SELECT count(*) FROM menu_items), "
                 "(SELECT css FROM appearance)") == [(0, 0, 0, "")]
    return p.stderr


def _set(section, key, value, pick=lambda x: True):
    def change(doc):
        if section == "appearance":
            doc["appearance"][key] = value
            return
        for row in doc[section]:
            if pick(row):
                row[key] = value
                return
    return change


@pytest.mark.parametrize("change, message", [
    (_set("files", "type", "text/html"), 'bad "type" "text/html": a file '
     'named so is served as "application/pdf"'),
    (_set("files", "name", "../../etc/passwd"), 'bad "name" '
     '"../../etc/passwd"'),
    (_set("wp_attachments", "file_id", 999), '"file_id" 999 is not a file '
     'in the file\'s "files"'),
    (_set("appearance", "css", "a{}</style><script>"), '"css" holds '
     '</style'),
    (_set("appearance", "icon_id", 4242), '"icon_id" 4242 is not a photo'),
    (lambda d: d["appearance"].update(front_page=d["posts"][0]["id"]),
     'appearance: "front_page" is a post, not a page'),
    (lambda d: d["appearance"]["menu"][3].update(target="javascript:x"),
     'appearance menu item 4: "target" is not an http(s) address'),
    (_set("mentions", "comment_id", 9002), '"comment_id" is not a '
     'webmention or pingback comment'),
    (_set("mail_watch", "comment_id", 4711), '"comment_id" names no comment'),
])
def test_bad_sections_are_refused_whole(site, change, message):
    err = _import_broken(site, "bad", change)
    assert message in err, err
    assert err.startswith("quire: "), err


def test_missing_pdf_is_named(site):
    path = os.path.join(site.tmp, "nopdf.json")
    site.quire("export", "--format", "json", path)
    b = Blog(tempfile.mkdtemp(prefix="quire-nopdf-", dir=site.tmp),
             pages=False)
    b.quire("init", "--title", "Copy", "--base-url", b.base)
    shutil.copytree(site.media, os.path.join(b.tmp, "media"),
                    ignore=shutil.ignore_patterns(".tmp", "*.pdf"))
    p = b.quire("import", "--format", "json", path, check=False)
    assert p.returncode == 1
    assert "guide.pdf is not in the media directory" in p.stderr, p.stderr
    assert b.sql("SELECT count(*) FROM posts")[0][0] == 0


def test_an_export_without_the_new_sections_still_imports(site):
    path = os.path.join(site.tmp, "older.json")
    site.quire("export", "--format", "json", path)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for key in ("files", "wp_attachments", "appearance", "mentions",
                "mention_sent", "mail_watch", "mail_addrs"):
        del doc[key]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    b = Blog(tempfile.mkdtemp(prefix="quire-older-", dir=site.tmp),
             pages=False)
    b.quire("init", "--title", "Copy", "--base-url", b.base)
    shutil.copytree(site.media, os.path.join(b.tmp, "media"),
                    ignore=shutil.ignore_patterns(".tmp"))
    b.quire("import", "--format", "json", path)
    assert b.sql("SELECT count(*) FROM posts")[0][0] == \
        site.sql("SELECT count(*) FROM posts")[0][0]
    assert b.sql("SELECT count(*) FROM files")[0][0] == 0


def test_erasing_a_commenter_forgets_her_address_too(site):
    """(last: it changes the blog) Her consent to mail goes with her
    comments' emails, and her subscription with them."""
    p = site.quire("comments", "erase", "--email", "WANDA@example.org")
    assert p.stdout == "quire: anonymised 1 comment of WANDA@example.org\n"
    assert site.sql("SELECT count(*) FROM mail_addrs")[0][0] == 0
    assert site.sql("SELECT count(*) FROM mail_watch")[0][0] == 0
