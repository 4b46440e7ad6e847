"""test_i18n.py: a site in each shipped language, through real nginx.

For every language in po/: the public pages, the admin's pages and a
password-protected post's form come in that language (a test lists any
English msgid of the catalog that reaches a page untranslated), <html lang> and, for Arabic, dir="rtl"; Polish plural
forms for 0, 1, 2, 5, 21, 22 and 112; the Nu checker finds nothing in
any language; an unknown language tag is refused (test_admin_settings).
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from admin_client import Client, form_fields
from conftest import TOP, make_blog, parse_html

PO = os.path.join(TOP, "po")
LANGS = sorted(f[:-3] for f in os.listdir(PO) if f.endswith(".po"))
VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")
JAVA = shutil.which("java") or "/usr/bin/java"

# (name, method, path, status): the public pages and the admin's login.
PAGES = [
    ("home", "GET", "/", 200),
    ("home-page-2", "GET", "/page/2/", 200),
    ("post", "GET", "/2024/05/finding-the-knots/", 200),
    ("page", "GET", "/about/", 200),
    ("tag", "GET", "/tag/running/", 200),
    ("tags", "GET", "/tags/", 200),
    ("year", "GET", "/2024/", 200),
    ("month", "GET", "/2024/05/", 200),
    ("author", "GET", "/author/admin/", 200),
    ("search", "GET", "/search?q=knots", 200),
    ("search-none", "GET", "/search?q=zzzzqqq", 200),
    ("search-form", "GET", "/search", 200),
    ("not-found", "GET", "/no-such-page/", 404),
    ("method-not-allowed", "POST", "/tags/", 405),
    ("bad-request", "GET", "/%C0%AF/", 400),
]


def _unquote(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"',
                                        "\\": "\\"}[m.group(1)], s[1:-1])


def read_po(path):
    """[(msgctxt, msgid, msgid_plural, [msgstr...])] of a .po file."""
    out, cur, key = [], None, None
    for line in open(path, encoding="utf-8").read().splitlines() + [""]:
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+'
                     r'(".*")$', line)
        if m:
            if m.group(1) in ("msgctxt", "msgid") and cur and \
                    "msgstr" in "".join(cur):
                out.append(cur)
                cur = None
            cur = cur or {}
            key = m.group(1)
            cur[key] = _unquote(m.group(2))
        elif line.startswith('"') and cur is not None:
            cur[key] += _unquote(line)
        elif not line.strip() and cur:
            out.append(cur)
            cur = None
    res = []
    for e in out:
        strs = [v for k, v in sorted(e.items()) if k.startswith("msgstr")]
        res.append((e.get("msgctxt"), e.get("msgid", ""),
                    e.get("msgid_plural"), strs))
    return res


class _Text(html.parser.HTMLParser):
    """A page's visible text nodes and the attributes a reader meets
    (aria-label, title, value of buttons, placeholder, alt), and
    <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea"):
            self.skip += 1
        a = dict(attrs)
        for k in ("aria-label", "title", "placeholder", "alt"):
            if a.get(k):
                self.items.append(a[k])
        if tag == "input" and a.get("type") in ("submit", "button") and \
                a.get("value"):
            self.items.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.items.append(data)


def page_text(body):
    p = _Text()
    p.feed(body)
    p.close()
    return [" ".join(s.split()) for s in p.items]


def leftovers(lang, body):
    """The catalog's English msgids that show on the page although the
    catalog translates them differently: a text node equal to one, or a
    long one anywhere in the text (markup and {{tags}} taken out)."""
    items = page_text(body)
    joined = " ".join(items)
    found = []
    for ctx, mid, plural, strs in read_po(os.path.join(PO, lang + ".po")):
        if not mid or ctx in ("date format", "time format"):
            continue
        if not strs or strs[0] == "" or strs[0] == mid:
            continue
        # The fixed words: cut at tags and placeholders (both plural
        # forms, the numbers being filled in).
        for piece in re.split(r"<[^>]*>|\{\{?[^}]*\}\}?", mid + "{}" +
                              (plural or "")):
            piece = " ".join(piece.split()).strip(" .:")
            if len(piece) < 4 or piece.lower() in ("quire",):
                continue
            if piece in items or piece + ":" in items or \
                    (len(piece) >= 24 and piece in joined):
                if not any(piece in " ".join(s.split()) for s in strs):
                    found.append(piece)
    return sorted(set(found))


@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="quire-i18n-")
    try:
        b = make_blog(tmp, pages=False)
        try:
            yield b
        finally:
            b.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(site):
    """{lang: {name: (status, body)}} for every language and page."""
    out = {}
    for lang in LANGS + ["en"]:
        site.settings(language=lang)
        got = {}
        for name, method, path, status in PAGES:
            r = site.request(method, path)
            got[name] = (r.status, r.text)
        got["login"] = (site.get("/admin/login").status,
                        site.get("/admin/login").text)
        out[lang] = got
    site.settings(language="en")
    return out


# (name, path) of the admin's pages, {post}, {comment}, {user} filled in.
ADMIN_PAGES = [
    ("dashboard", "/admin/"),
    ("posts", "/admin/posts"),
    ("posts-drafts", "/admin/posts?status=draft"),
    ("editor-new", "/admin/posts/new"),
    ("editor", "/admin/posts/{post}"),
    ("revisions", "/admin/posts/{post}/revisions"),
    ("comments", "/admin/comments?status=pending"),
    ("comments-approved", "/admin/comments?status=approved"),
    ("comment", "/admin/comments/{comment}"),
    ("tags", "/admin/tags"),
    ("settings", "/admin/settings"),
    ("users", "/admin/users"),
    ("user", "/admin/users/{user}"),
    ("privacy", "/admin/privacy"),
    ("media", "/admin/media"),
    ("appearance", "/admin/appearance"),
]


@pytest.fixture(scope="module")
def admin_pages(site):
    """{lang: {name: (status, body)}}: the admin's pages (a post saved
    twice, so it has revisions; a held comment; a draft) and a
    password-protected post's form, in every language."""
    c = Client(site)
    c.login()
    r = c.submit_editor("/admin/posts/new", title="Knots again",
                        status="publish", body="First words.\n",
                        tags="running")
    assert r.status == 303, r
    post = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    r = c.submit_editor("/admin/posts/%d" % post, body="Second words.\n")
    assert r.status == 303, r
    r = c.submit_editor("/admin/posts/new", title="A draft", status="draft")
    assert r.status == 303, r
    r = c.submit_editor("/admin/posts/new", title="Members only",
                        status="publish", body="Hidden.\n",
                        password="open sesame")
    assert r.status == 303, r
    hidden = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    site.sql("INSERT INTO comments(post_id, path, status, author_name, "
             "author_email, created, body_md, body_html) VALUES(?, "
             "'00000001', 'pending', 'Waiting Reader', 'w@example.org', "
             "1577872800, 'Held', '<p>Held</p>')", (post,))
    comment = site.sql("SELECT max(id) FROM comments")[0][0]
    user = site.sql("SELECT id FROM users WHERE login = 'admin'")[0][0]
    m = re.search(r'&middot; <a href="([^"]+)">View</a>',
                  c.get("/admin/posts/%d" % hidden).text)
    assert m, "no View link in the editor"
    view = m.group(1)
    out = {}
    for lang in LANGS + ["en"]:
        site.settings(language=lang)
        got = {}
        for name, path in ADMIN_PAGES:
            r = c.get(path.format(post=post, comment=comment, user=user))
            got[name] = (r.status, r.text)
        r = Client(site).get(view)
        got["protected"] = (r.status, r.text)
        out[lang] = got
    site.settings(language="en")
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_admin_pages_in_the_language(admin_pages, lang):
    bad = {}
    for name, (status, body) in admin_pages[lang].items():
        assert status == 200, "%s in %s: %d\n%s" % (name, lang, status,
                                                    body[:500])
        m = re.search(r'<html lang="([^"]*)"( dir="rtl")?>', body)
        assert m and m.group(1) == lang, name
        assert bool(m.group(2)) == (lang == "ar"), name
        left = leftovers(lang, body)
        if left:
            bad[name] = left
    assert not bad, "English left in %s:\n%s" % (lang, json.dumps(
        bad, indent=1, ensure_ascii=False))


def test_admin_pages_english_and_known_words(admin_pages):
    en = admin_pages["en"]
    assert "Awaiting moderation" in en["dashboard"][1]
    assert "This content is password protected" in en["protected"][1]
    de = admin_pages["de"]
    assert "Warten auf Freigabe" in de["dashboard"][1]
    assert "Einstellungen speichern" in de["settings"][1]
    assert "Dieser Inhalt ist passwortgeschützt" in de["protected"][1]
    assert "Zwei Schlagwörter zusammenführen" in de["tags"][1]
    assert "Freigeben" in de["comments"][1]
    assert "Zatwierdź" in admin_pages["pl"]["comment"][1]
    assert "Enregistrer les réglages" in admin_pages["fr"]["settings"][1]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_the_language(pages, lang):
    bad = {}
    for name, method, path, status in PAGES:
        got, body = pages[lang][name]
        assert got == status, "%s %s in %s: %d" % (method, path, lang, got)
        m = re.search(r'<html lang="([^"]*)"( dir="rtl")?>', body)
        assert m and m.group(1) == lang, "%s: %s" % (name, body[:200])
        assert bool(m.group(2)) == (lang == "ar"), name
        left = leftovers(lang, body)
        if left:
            bad[name] = left
    # The admin's login page: its words are the catalog's too (the rest
    # of the admin area is not translated yet).
    got, body = pages[lang]["login"]
    assert got == 200 and re.search(r'<html lang="%s"' % lang, body)
    if leftovers(lang, body):
        bad["login"] = leftovers(lang, body)
    assert not bad, "English left in %s:\n%s" % (lang, json.dumps(
        bad, indent=1, ensure_ascii=False))


def test_english_is_the_msgid(pages):
    for name, method, path, status in PAGES:
        got, body = pages["en"][name]
        assert got == status
        assert '<html lang="en">' in body
    assert "Leave a Reply" in pages["en"]["post"][1]


@pytest.mark.parametrize("lang,words", [
    ("de", ["Schreibe einen Kommentar", "Kommentar abschicken",
            "Zum Inhalt springen", "Monatsarchiv:", "Mai 2024"]),
    ("fr", ["Laisser un commentaire", "Aller au contenu",
            "Archives mensuelles\u00a0:", "mai 2024"]),
    ("es", ["Deja una respuesta", "Saltar al contenido", "mayo 2024"]),
    ("pl", ["Dodaj komentarz", "Przejdź do treści", "maj 2024"]),
    ("ar", ["اترك تعليقاً", "انتقل إلى المحتوى", "مايو 2024"]),
])
def test_known_phrases(pages, lang, words):
    text = pages[lang]["post"][1] + pages[lang]["month"][1]
    for w in words:
        assert w in text, "%s: %r missing" % (lang, w)


def test_dates_use_the_catalogs_month_names(site):
    site.settings(language="de")
    try:
        doc = parse_html(site.get("/2024/05/finding-the-knots/").text)
        date = doc.find("time").text()
        assert re.fullmatch(r"\d{1,2}\. Mai 2024", date), date
        site.settings(language="pl")
        doc = parse_html(site.get("/2024/05/finding-the-knots/").text)
        assert re.fullmatch(r"\d{1,2} maja 2024", doc.find("time").text())
        site.settings(date_format="%A, %d.%m.%Y")
        doc = parse_html(site.get("/2024/05/finding-the-knots/").text)
        assert re.fullmatch(r"(poniedziałek|wtorek|środa|czwartek|piątek|"
                            r"sobota|niedziela), \d\d\.05\.2024",
                            doc.find("time").text())
    finally:
        site.settings(language="en", date_format="")


def _post_with_comments(site, n, slug):
    url = site.add_post("---\ntitle: \"Plural %d\"\nslug: %s\n"
                        "date: 2020-01-0%dT10:00:00Z\n---\n\nText.\n"
                        % (n, slug, 1 + len(slug) % 8))
    pid = site.sql("SELECT id FROM posts WHERE slug = ?", (slug,))[0][0]
    for i in range(n):
        site.sql("INSERT INTO comments(post_id, path, status, author_name,"
                 " created, body_md, body_html) VALUES(?, ?, 'approved', "
                 "'Reader', 1577872800 + ?, 'Hi', '<p>Hi</p>')",
                 (pid, "%08d" % (i + 1), i))
    return url


def test_polish_plurals(site):
    want = {1: "1 komentarz do „Plural 1”",
            2: "2 komentarze do „Plural 2”",
            5: "5 komentarzy do „Plural 5”",
            21: "21 komentarzy do „Plural 21”",
            22: "22 komentarze do „Plural 22”",
            112: "112 komentarzy do „Plural 112”"}
    urls = {n: _post_with_comments(site, n, "plural-%d" % n) for n in want}
    site.settings(language="pl")
    try:
        for n, text in want.items():
            doc = parse_html(site.get(urls[n]).text)
            assert doc.find("h2", cls="comments-title").text() == text
        # 0: the count under a search with no hit.
        doc = parse_html(site.get("/search?q=zzzzqqq").text)
        assert doc.find("p", cls="search-count").text() == "0 wyników"
        doc = parse_html(site.get("/search?q=knots").text)
        assert doc.find("p", cls="search-count").text() in (
            "1 wynik", "2 wyniki", "3 wyniki", "4 wyniki")
    finally:
        site.settings(language="en")


def test_arabic_plurals_and_direction(site, pages):
    for name in [p[0] for p in PAGES] + ["login"]:
        assert re.search(r'<html lang="ar" dir="rtl">', pages["ar"][name][1]), \
            name
    site.settings(language="ar")
    try:
        doc = parse_html(site.get("/search?q=zzzzqqq").text)
        assert doc.find("p", cls="search-count").text() == "لا نتائج"
    finally:
        site.settings(language="en")


def test_regional_variant_uses_its_base(site):
    site.settings(language="de-AT")
    try:
        body = site.get("/2024/05/finding-the-knots/").text
        assert '<html lang="de-AT">' in body
        assert "Schreibe einen Kommentar" in body
    finally:
        site.settings(language="en")


def test_comment_form_errors_translated(site):
    site.settings(language="fr")
    try:
        r = site.request("POST", "/comment", body=b"comment=&author=&email="
                         b"x&comment_post_ID=1&token=t",
                         headers={"Content-Type":
                                  "application/x-www-form-urlencoded"})
        assert r.status in (403, 422)
        assert "Please" not in r.text
        assert "Veuillez" in r.text or "formulaire" in r.text
    finally:
        site.settings(language="en")


def test_nu_checker_in_every_language(pages):
    assert os.path.exists(VNU), "no %s: run 'npm ci' in tests/" % VNU
    d = tempfile.mkdtemp(prefix="quire-vnu-i18n-")
    try:
        files = []
        for lang in LANGS:
            for name, (status, body) in pages[lang].items():
                f = os.path.join(d, "%s-%s.html" % (lang, name))
                with open(f, "w", encoding="utf-8") as out:
                    out.write(body)
                files.append(f)
        p = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                            "--format", "json"] + sorted(files),
                           capture_output=True, text=True, timeout=600)
        report = json.loads(p.stdout)
        msgs = ["%s: %s" % (os.path.basename(m.get("url", "")),
                            m.get("message")) for m in
                report.get("messages", [])]
        assert not msgs, "\n".join(msgs[:40])
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("lang,reply,cancel", [
    ("en", "Reply to {name}", "Cancel reply"),
    ("de", "Schreibe eine Antwort an {name}", "Antworten abbrechen"),
    ("fr", "Répondre à {name}", None),
])
def test_reply_script_labels_in_the_language(pages, lang, reply, cancel):
    """reply.js writes "Reply to NAME" and "Cancel reply" when it moves
    the form: it takes them from the form, translated like the page."""
    body = pages[lang]["post"][1]
    m = re.search(r'<div id="respond"[^>]* data-reply="([^"]*)" '
                  r'data-cancel="([^"]*)"', body)
    assert m, "%s: no reply labels on the form" % lang
    assert html.unescape(m.group(1)) == reply
    if cancel is not None:
        assert html.unescape(m.group(2)) == cancel
    assert "{name}" in m.group(1)


# -- the admin's messages with numbers and names ----------------------------

def _png(width=3, height=2):
    """A tiny RGB PNG, made here (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\0" + b"\x80\x40\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _upload(c, files):
    """POST /admin/media with files [(filename, bytes)], as a browser."""
    b = "----quireI18n" + os.urandom(8).hex()
    parts = [("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
              "%s\r\n" % (b, c.csrf("/admin/media"))).encode()]
    for name, data in files:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"files\""
                      "; filename=\"%s\"\r\nContent-Type: application/"
                      "octet-stream\r\n\r\n" % (b, name)).encode() + data +
                     b"\r\n")
    parts.append(("--%s--\r\n" % b).encode())
    return c.request("POST", "/admin/media", b"".join(parts), {
        "Content-Type": "multipart/form-data; boundary=" + b})


def _mail_waiting(site, n):
    """n mails queued an hour ago (due only in 2100, so the keeper leaves
    them) and n given up: what the dashboard reports."""
    site.sql("DELETE FROM outbox")
    now = int(site.sql("SELECT CAST(strftime('%s', 'now') AS INTEGER)")[0][0])
    for i in range(n):
        for state in ("queued", "failed"):
            site.sql("INSERT INTO outbox(kind, dedupe, rcpt, message, state, "
                     "created, next_at) VALUES('test', ?, 'x@example.org', "
                     "'Subject: x\n\nx', ?, ?, 4102444800)",
                     ("i18n-%s-%d" % (state, i), state, now - 3600))


def _message(body):
    """The text of a refusal: the error page's message, a form's errors,
    or the notice."""
    doc = parse_html(body)
    out = [n.text() for cls in ("form-errors", "field-error", "notice")
           for n in doc.find_all(cls=cls)]
    page = doc.find("section", cls="error-page")
    if page is not None:
        out.append(page.find("p").text())
    return " | ".join(out)


@pytest.fixture(scope="module")
def admin_messages(site):
    """{lang: {name: (status, body)}}: pages that show a message built
    with numbers or names, each reached the way a user reaches it (a form
    sent, a photo uploaded), in every language."""
    c = Client(site)
    c.login()
    r = _upload(c, [("lake.png", _png())])
    assert r.status == 303, (r, r.text[:2000])
    photo = site.sql("SELECT max(id) FROM media")[0][0]
    r = c.submit_editor("/admin/posts/new", title="Messages", status="publish",
                        body="Words.\n", tags="alpha, beta")
    assert r.status == 303, r
    post = int(re.search(r"/admin/posts/(\d+)", r.location).group(1))
    site.sql("INSERT INTO comments(post_id, path, status, author_name, "
             "author_email, created, body_md, body_html) VALUES(?, "
             "'00000001', 'approved', 'Ann Reader', 'a@example.org', "
             "1577872800, 'Fine', '<p>Fine</p>')", (post,))
    comment = site.sql("SELECT max(id) FROM comments")[0][0]
    alpha = site.sql("SELECT id FROM tags WHERE slug = 'alpha'")[0][0]
    site.quire("user", "add", "--login", "bea", "--name", "Bea Author",
               "--email", "bea@example.org", "--role", "author",
               input="bea-pass-word-1\n")
    bea = site.sql("SELECT id FROM users WHERE login = 'bea'")[0][0]
    author = Client(site)
    author.login("bea", "bea-pass-word-1")
    site.sql("DELETE FROM menu_items")
    for i in range(50):
        site.sql("INSERT INTO menu_items(position, kind, target, label) "
                 "VALUES(?, 'link', 'https://example.org/', ?)",
                 (i + 1, "Item %d" % i))
    site.settings(media_max_bytes=1048576)
    tok = c.csrf()

    def look(changes):
        r = c.get("/admin/appearance")
        d = dict(form_fields(r.page().find("form", cls="appearance-form")))
        d.update(changes)
        d["save"] = "1"
        return c.post("/admin/appearance", list(d.items()))

    def moderate(action, cid):
        return c.post("/admin/comments", [("csrf", tok), ("status",
                      "approved"), ("action", action), ("id", str(cid))])

    def tag(name, slug):
        return c.post("/admin/tags", [("csrf", tok), ("action", "update"),
                                      ("id", str(alpha)), ("name", name),
                                      ("slug", slug)])
    out = {}
    try:
        for lang in LANGS + ["en"]:
            site.settings(language=lang)
            got = {}

            def keep(name, r):
                got[name] = (r.status, r.text)
            keep("media-photo", c.get("/admin/media/%d" % photo))
            keep("editor-featured", c.get("/admin/posts/%d" % post))
            keep("appearance-photos", c.get("/admin/appearance"))
            keep("user-other", c.get("/admin/users/%d" % bea))
            keep("restore-refused", moderate("restore", comment))
            keep("delete-refused", moderate("delete", comment))
            keep("no-comment", moderate("trash", 999999))
            keep("comment-too-long", c.post("/admin/comments/%d" % comment, {
                "csrf": tok, "comment": "x" * (16 * 1024 + 1)}))
            keep("settings-errors", c.post("/admin/settings", {
                "csrf": tok, "title": "t" * 201, "posts_per_page": "0"}))
            keep("settings-zone", c.post("/admin/settings", {
                "csrf": tok, "timezone": "Mars/Olympus_Mons"}))
            keep("upload-not-image", _upload(c, [("notes.txt", b"hello")]))
            keep("tag-name-taken", tag("beta", "alpha"))
            keep("tag-slug-taken", tag("alpha", "beta"))
            keep("css-too-long", look({"css": "a{color:red}\n" * 5042}))
            keep("menu-full", look({"new_kind": "link", "new_label": "One "
                                    "more", "new_url": "https://example.org/"}))
            keep("upload-too-many", _upload(c, [("s%d.png" % i, _png())
                                                for i in range(21)]))
            keep("upload-too-big", _upload(c, [("huge.png", _png() +
                                                b"\0" * 1048576)]))
            keep("slug-taken", c.submit_editor(
                "/admin/posts/new", title="Another", slug="messages"))
            keep("author-settings", author.get("/admin/settings"))
            keep("author-users", author.get("/admin/users"))
            for n in (1, 2, 5):
                keep("anonymised-%d" % n, c.get("/admin/privacy?anonymised="
                                                "%d" % n))
                keep("deleted-%d" % n, c.get("/admin/privacy?deleted=%d" % n))
                _mail_waiting(site, n)
                keep("mail-%d" % n, c.get("/admin/"))
            out[lang] = got
    finally:
        site.sql("DELETE FROM outbox")
        site.sql("DELETE FROM menu_items")
        site.settings(language="en", media_max_bytes=26214400)
    return out


MESSAGE_STATUS = {"restore-refused": 403, "delete-refused": 403,
                  "no-comment": 404, "comment-too-long": 422,
                  "settings-errors": 422, "tag-name-taken": 422,
                  "tag-slug-taken": 422, "css-too-long": 422,
                  "menu-full": 422, "upload-too-many": 422,
                  "upload-too-big": 413, "slug-taken": 422,
                  "settings-zone": 422, "upload-not-image": 422,
                  "author-settings": 403,
                  "author-users": 403}


@pytest.mark.parametrize("lang", LANGS)
def test_admin_messages_in_the_language(admin_messages, lang):
    bad = {}
    for name, (status, body) in admin_messages[lang].items():
        assert status == MESSAGE_STATUS.get(name, 200), "%s in %s: %d\n%s" % (
            name, lang, status, body[:800])
        left = leftovers(lang, body)
        # Short plural words escape leftovers(): the message itself
        # must not be the English one.
        en = admin_messages["en"][name][1]
        if name.startswith("mail-"):
            mine, theirs = [parse_html(b).find("div", id_="dash-mail").text()
                            for b in (body, en)]
        else:
            mine, theirs = _message(body), _message(en)
        if theirs and mine == theirs:
            left.append(mine)
        if left:
            bad[name] = left
    assert not bad, "English left in %s:\n%s" % (lang, json.dumps(
        bad, indent=1, ensure_ascii=False))


def test_admin_messages_english(admin_messages):
    en = {k: _message(b) for k, (s, b) in admin_messages["en"].items()}
    assert "only a comment in the trash or marked as spam can be " \
        "restored" in en["restore-refused"]
    assert en["restore-refused"].startswith("Comment ")
    assert "is approved:" in en["restore-refused"]
    assert "There is no comment 999999 (any more)." in en["no-comment"]
    assert "The text is 16385 bytes long; the limit is 16384." in \
        en["comment-too-long"]
    assert "This is too long: at most 200 bytes." in en["settings-errors"]
    assert "Please give a whole number from 1 to " in en["settings-errors"]
    assert "Another tag is already called \u201cbeta\u201d" in \
        en["tag-name-taken"]
    assert "The slug \u201cbeta\u201d is already used by the tag " \
        "\u201cbeta\u201d." in en["tag-slug-taken"]
    assert "This is too long: at most 65536 bytes." in en["css-too-long"]
    assert "The menu holds at most 50 items." in en["menu-full"]
    assert "21 files were chosen: at most 20 can be sent at once." in \
        en["upload-too-many"]
    assert "huge.png: the file is larger than 1 MiB" in en["upload-too-big"]
    assert "the slug 'messages' is already used by another post" in \
        en["slug-taken"]
    assert "Unknown time zone \u201cMars/Olympus_Mons\u201d (an IANA name " \
        "such as Europe/Berlin)." in en["settings-zone"]
    assert "notes.txt: not an image (not JPEG, PNG, WebP, GIF, HEIC or " \
        "AVIF)." in en["upload-not-image"]
    assert "Only an admin can change the site's settings." in \
        en["author-settings"]
    assert en["anonymised-1"] == "1 comment anonymised."
    assert en["anonymised-2"] == "2 comments anonymised."
    assert en["deleted-5"] == "5 comments deleted."
    body = admin_messages["en"]["mail-1"][1]
    mail = parse_html(body).find("div", id_="dash-mail").text()
    assert "Mail is waiting: 1 message not sent since " in mail
    assert "1 message given up after two days of trying." in mail
    body = admin_messages["en"]["mail-5"][1]
    mail = parse_html(body).find("div", id_="dash-mail").text()
    assert "Mail is waiting: 5 messages not sent since " in mail
    assert "5 messages given up after two days of trying." in mail
    page = admin_messages["en"]["appearance-photos"][1]
    assert re.search(r"Photo \d+: lake\.png \(3\u00d72\)", page)
    assert "lake (3\u00d72)" in admin_messages["en"]["editor-featured"][1]
    assert "<title>User bea" in admin_messages["en"]["user-other"][1]


@pytest.mark.parametrize("lang,want", [
    ("de", {
        "anonymised-1": "1 Kommentar anonymisiert.",
        "anonymised-2": "2 Kommentare anonymisiert.",
        "anonymised-5": "5 Kommentare anonymisiert.",
        "deleted-1": "1 Kommentar gelöscht.",
        "deleted-2": "2 Kommentare gelöscht.",
        "deleted-5": "5 Kommentare gelöscht.",
        "mail-1": ("Mails warten: 1 Nachricht seit ", " nicht gesendet. "
                   "1 Nachricht nach zwei Tagen Versuchen aufgegeben."),
        "mail-2": ("Mails warten: 2 Nachrichten seit ", " nicht gesendet. "
                   "2 Nachrichten nach zwei Tagen Versuchen aufgegeben."),
        "mail-5": ("Mails warten: 5 Nachrichten seit ", " nicht gesendet. "
                   "5 Nachrichten nach zwei Tagen Versuchen aufgegeben."),
        "no-comment": "Es gibt keinen Kommentar 999999 (mehr). Es wurde "
                      "nichts geändert.",
        "comment-too-long": "Der Text ist 16385 Bytes lang; die Grenze "
                            "liegt bei 16384. Bitte kürze ihn.",
        "tag-name-taken": "Ein anderes Schlagwort heißt bereits „beta“: Um "
                          "beide zu vereinen, führe sie unten zusammen.",
        "tag-slug-taken": "Die Titelform „beta“ wird bereits vom "
                          "Schlagwort „beta“ verwendet.",
        "upload-too-many": "21 Dateien wurden ausgewählt: Höchstens 20 "
                           "können auf einmal gesendet werden.",
        "upload-too-big": "huge.png: Die Datei ist größer als 1 MiB, die "
                          "Höchstgröße für ein Foto.",
        "css-too-long": "Das ist zu lang: höchstens 65536 Bytes.",
        "menu-full": "Das Menü fasst höchstens 50 Einträge.",
        "author-settings": "Nur ein Administrator kann die Einstellungen "
                           "der Website ändern.",
        "slug-taken": "die Titelform „messages“ wird bereits von einem "
                      "anderen Beitrag verwendet",
        "settings-zone": "Unbekannte Zeitzone „Mars/Olympus_Mons“ (ein "
                         "IANA-Name wie Europe/Berlin).",
        "upload-not-image": "notes.txt: kein Bild (weder JPEG, PNG, WebP, "
                            "GIF, HEIC noch AVIF).",
    }),
    ("pl", {
        "anonymised-1": "Zanonimizowano 1 komentarz.",
        "anonymised-2": "Zanonimizowano 2 komentarze.",
        "anonymised-5": "Zanonimizowano 5 komentarzy.",
        "deleted-1": "Usunięto 1 komentarz.",
        "deleted-2": "Usunięto 2 komentarze.",
        "deleted-5": "Usunięto 5 komentarzy.",
        "mail-1": ("Poczta czeka: 1 wiadomość czeka na wysłanie od ",
                   ". Po dwóch dniach prób porzucono 1 wiadomość."),
        "mail-2": ("Poczta czeka: 2 wiadomości czekają na wysłanie od ",
                   ". Po dwóch dniach prób porzucono 2 wiadomości."),
        "mail-5": ("Poczta czeka: 5 wiadomości czeka na wysłanie od ",
                   ". Po dwóch dniach prób porzucono 5 wiadomości."),
        "no-comment": "Nie ma (już) komentarza 999999. Niczego nie "
                      "zmieniono.",
        "comment-too-long": "Tekst ma 16385 bajtów; limit to 16384. Skróć "
                            "go.",
        "upload-too-many": "Wybrano 21 plików: naraz można wysłać najwyżej "
                           "20.",
        "css-too-long": "To jest za długie: najwyżej 65536 bajtów.",
        "menu-full": "Menu mieści najwyżej 50 pozycji.",
        "upload-not-image": "notes.txt: to nie jest obraz (ani JPEG, PNG, "
                            "WebP, GIF, HEIC, ani AVIF).",
    }),
])
def test_admin_messages_translated_exactly(admin_messages, lang, want):
    got = admin_messages[lang]
    for name, text in want.items():
        status, body = got[name]
        if name.startswith("mail-"):
            mail = parse_html(body).find("div", id_="dash-mail").text()
            head, tail = text
            assert mail.startswith(head), (name, mail)
            assert tail in mail, (name, mail)
        else:
            assert text in _message(body), (name, _message(body))
    # The slug's error stays beside the slug in any language.
    slug = parse_html(got["slug-taken"][1]).find("input", id_="slug")
    assert slug.attrs.get("aria-invalid") == "true"
    if lang == "pl":
        m = re.search(r"Komentarz \d+ jest zatwierdzony: przywrócić można "
                      r"tylko komentarz z kosza lub oznaczony jako spam\. "
                      r"Niczego nie zmieniono\.", _message(
                          got["restore-refused"][1]))
        assert m, _message(got["restore-refused"][1])
        assert "<title>Użytkownik bea" in got["user-other"][1]
        assert re.search(r"Zdjęcie \d+: lake\.png \(3\u00d72\)",
                         got["appearance-photos"][1])


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_complete(lang):
    """What `make po` leaves: every message of po/quire.pot in the
    catalog, translated (each plural form the header declares), nothing
    fuzzy, and the same {placeholders} as the English."""
    path = os.path.join(PO, lang + ".po")
    text = open(path, encoding="utf-8").read()
    assert not re.search(r"^#,.*\bfuzzy\b", text, re.M), "fuzzy in " + path
    assert not re.search(r"^#~", text, re.M), "obsolete entries in " + path
    n = int(re.search(r"nplurals=(\d+)", text).group(1))
    have = {(c, m, p): strs for c, m, p, strs in read_po(path)}
    pot = {(c, m, p) for c, m, p, _ in
           read_po(os.path.join(PO, "quire.pot"))}
    assert pot - set(have) == set(), "not in %s: run make po" % path
    bad = []
    for (ctx, mid, plural), strs in have.items():
        if not mid:
            continue
        want = set(re.findall(r"\{\w+\}", mid + (plural or "")))
        if len(strs) != (n if plural is not None else 1) or \
                any(s == "" for s in strs) or \
                any(not set(re.findall(r"\{\w+\}", s)) <= want
                    for s in strs):
            bad.append(mid)
    assert not bad, "%s: untranslated or wrong placeholders:\n%s" % (
        path, "\n".join(bad))


def test_embedded_catalogs_are_current():
    """src/po_embed.c (made by make) is po/embed.sh's output for the
    catalogs as they are."""
    emb = os.path.join(TOP, "src", "po_embed.c")
    if not os.path.exists(emb) or shutil.which("msgfmt") is None:
        pytest.skip("no src/po_embed.c or no msgfmt (build first)")
    out = subprocess.run(["sh", os.path.join(PO, "embed.sh"), PO],
                         capture_output=True, check=True).stdout
    with open(emb, "rb") as f:
        assert f.read() == out, "src/po_embed.c is stale: run make"


def _pl_form(n):
    """The Polish plural form of n (the catalog's Plural-Forms)."""
    return 0 if n == 1 else 1 if 2 <= n % 10 <= 4 and not \
        12 <= n % 100 <= 14 else 2


@pytest.mark.parametrize("lang,lines", [
    ("en", [("{n} published post", "{n} published posts"),
            ("{n} draft", "{n} drafts"),
            ("{n} scheduled post", "{n} scheduled posts"),
            ("{n} comment awaiting moderation",
             "{n} comments awaiting moderation"),
            ("{n} approved comment", "{n} approved comments"),
            ("{n} spam comment", "{n} spam comments")]),
    ("pl", [("{n} opublikowany wpis", "{n} opublikowane wpisy",
             "{n} opublikowanych wpisów"),
            ("{n} szkic", "{n} szkice", "{n} szkiców"),
            ("{n} zaplanowany wpis", "{n} zaplanowane wpisy",
             "{n} zaplanowanych wpisów"),
            ("{n} komentarz czeka na moderację",
             "{n} komentarze czekają na moderację",
             "{n} komentarzy czeka na moderację"),
            ("{n} zatwierdzony komentarz", "{n} zatwierdzone komentarze",
             "{n} zatwierdzonych komentarzy"),
            ("{n} komentarz oznaczony jako spam",
             "{n} komentarze oznaczone jako spam",
             "{n} komentarzy oznaczonych jako spam")]),
])
def test_dashboard_counts_in_plural_forms(admin_messages, lang, lines):
    """'At a glance': each count in its plural form (no '1 drafts')."""
    doc = parse_html(admin_messages[lang]["mail-1"][1])
    got = [li.text() for li in doc.find("ul", cls="glance").find_all("li")]
    assert len(got) == len(lines), got
    for text, forms in zip(got, lines):
        n = int(re.match(r"\d+", text).group(0))
        i = (n != 1) if lang == "en" else _pl_form(n)
        assert text == forms[i].format(n=n), (text, forms)
