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

from admin_client import Client
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
        if plural is not None:
            continue        # numbers are filled in: checked by value
        # The template's fixed words: cut at tags and placeholders.
        for piece in re.split(r"<[^>]*>|\{\{?[^}]*\}\}?", mid):
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
