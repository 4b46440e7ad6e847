"""test_admin_settings.py: /admin/settings. An admin changes what readers
see (the title in the header, posts per page, the time zone of dates);
invalid values are refused with 422, nothing saved and every typed value
kept; the secret key is never shown; the page is valid HTML."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse

import pytest

from conftest import ADMIN_PASSWORD, TOP, make_blog, parse_html

VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")
JAVA = shutil.which("java") or "/usr/bin/java"

# Every field of the form, as the page shows it at first.
FIELDS = ["title", "description", "base_url", "timezone", "posts_per_page",
          "moderation", "max_depth", "link_limit", "min_fill_seconds",
          "rate_limit", "flood_seconds", "close_after_days", "max_token_age",
          "blocklist", "language", "date_format"]


class Session:
    """A browser, in short: keeps cookies, sends this site's Origin, and
    fills in the CSRF token from the session's pages."""

    def __init__(self, blog):
        self.blog = blog
        self.cookies = {}
        self.token = None

    def request(self, method, path, fields=None):
        headers = {"Origin": self.blog.base}
        if self.cookies:
            headers["Cookie"] = "; ".join(
                "%s=%s" % kv for kv in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        r = self.blog.request(method, path, body=body, headers=headers)
        for k, v in r.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if value == "" or "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return r

    def get(self, path):
        return self.request("GET", path)

    def csrf(self):
        if self.token is None:
            r = self.get("/admin/")
            assert r.status == 200, r
            self.token = re.search(r'name="csrf" value="([0-9a-f]{64})"',
                                   r.text).group(1)
        return self.token

    def post(self, path, fields):
        fields = dict(fields)
        fields.setdefault("csrf", self.csrf())
        return self.request("POST", path, fields)

    def login(self, login, password):
        r = self.request("POST", "/admin/login",
                         {"login": login, "password": password,
                          "next": "/admin/"})
        self.token = None
        return r


def vnu_errors(pages):
    """{name: [error messages]} for {name: HTML bytes}, in one JVM run."""
    assert os.path.exists(VNU), "no %s: run 'npm ci' in tests/" % VNU
    d = tempfile.mkdtemp(prefix="quire-vnu-")
    try:
        files = {}
        for name, body in pages.items():
            f = os.path.join(d, name + ".html")
            with open(f, "wb") as out:
                out.write(body)
            files[f] = name
        p = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                            "--format", "json"] + sorted(files),
                           capture_output=True, text=True, timeout=300)
        report = json.loads(p.stdout)
        out = {name: [] for name in pages}
        for m in report.get("messages", []):
            if m.get("type") not in ("error", "non-document-error", "fatal"):
                continue
            name = next(n for f, n in files.items()
                        if m.get("url", "").endswith("/" + os.path.basename(f)))
            out[name].append("line %s: %s (%r)" % (
                m.get("lastLine"), m.get("message"), m.get("extract")))
        return out
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="quire-settings-")
    b = None
    try:
        b = make_blog(tmp)
        # A post late in the evening, UTC: its day depends on the time zone.
        b.urls["late"] = b.add_post("title: Late Night\ndate: "
                                    "2024-03-14T23:30:00Z\n\nAfter dark.\n")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(site):
    s = Session(site)
    r = s.login("admin", ADMIN_PASSWORD)
    assert r.status == 303, r.text
    return s


def form_values(html):
    """{name: value} of the settings form as the page shows it."""
    doc = parse_html(html)
    form = doc.find("form", cls="settings-form")
    assert form is not None
    out = {}
    for n in form.iter():
        name = n.attrs.get("name")
        if not name or name in ("csrf", "save"):
            continue
        if n.tag == "input" and n.attrs.get("type") == "radio":
            if "checked" in n.attrs:
                out[name] = n.attrs["value"]
            else:
                out.setdefault(name, None)
        elif n.tag == "input":
            out[name] = n.attrs.get("value", "")
        elif n.tag == "textarea":
            text = "".join(c for c in n.children if isinstance(c, str))
            # A newline right after <textarea> is not part of the value.
            out[name] = text[1:] if text.startswith("\n") else text
    return out


def current(admin):
    r = admin.get("/admin/settings")
    assert r.status == 200
    return form_values(r.text)


def save(admin, **changes):
    fields = current(admin)
    fields.update(changes)
    return admin.post("/admin/settings", fields)


def stored(site, key):
    rows = site.sql("SELECT value FROM settings WHERE key = ?", (key,))
    return rows[0][0] if rows else None


def site_title(site, path="/"):
    doc = parse_html(site.get(path).text)
    return doc.find("p", cls="site-title").text()


def test_settings_form_has_every_field_with_its_help(admin):
    r = admin.get("/admin/settings")
    assert r.status == 200
    assert "no-store" in r.header("Cache-Control")
    v = form_values(r.text)
    for f in FIELDS:
        assert f in v, f
    assert v["title"] == "Test Blog"
    assert v["timezone"] == "Europe/Berlin"
    assert v["posts_per_page"] == "10"
    assert v["moderation"] == "first"
    doc = parse_html(r.text)
    # Each field names its help text (from site_settings[]).
    inp = doc.find("input", name="posts_per_page")
    help_ = doc.find(id_=inp.attrs["aria-describedby"])
    assert "posts on the home page" in help_.text()
    assert doc.find(id_="help-blocklist").text().startswith("words, emails")
    # Moderation is three radio buttons.
    radios = doc.find_all("input", type="radio", name="moderation")
    assert sorted(x.attrs["value"] for x in radios) == ["all", "first",
                                                          "none"]
    assert "secret" not in r.text.lower()


def test_saving_the_title_changes_the_public_header(site, admin):
    assert site_title(site) == "Test Blog"
    r = save(admin, title="Knots & Needles", description="A runner's notes")
    assert r.status == 303
    assert r.header("Location") == "/admin/settings?done=saved"
    r = admin.get("/admin/settings?done=saved")
    assert "Saved." in r.text
    assert form_values(r.text)["title"] == "Knots & Needles"
    # Both workers, whichever answers, show the new title.
    for _ in range(6):
        doc = parse_html(site.get("/").text)
        assert doc.find("p", cls="site-title").text() == "Knots & Needles"
        assert doc.find("p", cls="site-description").text() == \
            "A runner's notes"
    assert stored(site, "title") == "Knots & Needles"
    assert save(admin, title="Test Blog", description="").status == 303
    assert site_title(site) == "Test Blog"


def count_posts(site, path):
    r = site.get(path)
    if r.status != 200:
        return r.status, 0
    return 200, len(parse_html(r.text).find_all("article", cls="post"))


def test_posts_per_page_changes_home_pagination(site, admin):
    assert count_posts(site, "/") == (200, 10)
    assert count_posts(site, "/page/4/")[0] == 404
    assert save(admin, posts_per_page="5").status == 303
    for _ in range(4):
        assert count_posts(site, "/") == (200, 5)
    # 26 public posts: six pages of five, the last with one.
    assert count_posts(site, "/page/6/") == (200, 1)
    assert count_posts(site, "/page/7/")[0] == 404
    assert save(admin, posts_per_page="10").status == 303
    assert count_posts(site, "/") == (200, 10)
    assert count_posts(site, "/page/6/")[0] == 404


def shown_date(site):
    doc = parse_html(site.get(site.urls["late"]).text)
    t = doc.find("time")
    assert t.attrs["datetime"] == "2024-03-14T23:30:00Z"
    return t.text()


def test_time_zone_changes_shown_dates(site, admin):
    assert shown_date(site) == "March 15, 2024"       # Europe/Berlin
    assert save(admin, timezone="America/New_York").status == 303
    for _ in range(4):
        assert shown_date(site) == "March 14, 2024"
    r = admin.get("/admin/posts?q=Late")
    assert "March 14, 2024 at 7:30 pm" in r.text
    assert save(admin, timezone="Europe/Berlin").status == 303
    for _ in range(4):
        assert shown_date(site) == "March 15, 2024"


def field_error(doc, name):
    """The error text shown beside a field, checked to be announced."""
    inp = doc.find(name=name)
    if inp.tag == "input" and inp.attrs.get("type") == "radio":
        inp = next(a for a in inp.ancestors() if a.tag == "fieldset")
    else:
        assert inp.attrs.get("aria-invalid") == "true", name
    ids = inp.attrs.get("aria-describedby", "").split()
    errs = [doc.find(id_=i) for i in ids]
    errs = [e for e in errs if e is not None and "field-error" in e.classes()]
    assert errs, "no error beside %s" % name
    return errs[0].text()


@pytest.mark.parametrize("name,value,expect", [
    ("posts_per_page", "0", "from 1 to 100"),
    ("posts_per_page", "ten", "whole number"),
    ("timezone", "Mars/Olympus_Mons", "unknown time zone"),
    ("base_url", "example.org", "http://"),
    ("base_url", "https://", "full address"),
    ("title", "", "must not be empty"),
    ("moderation", "sometimes", "none, first or all"),
    ("max_depth", "11", "from 1 to 10"),
    ("max_token_age", "0", "from 1 to"),
    ("rate_limit", "-1", "from 1 to"),
    ("language", "xx", "shipped language"),
    ("language", "de_DE", "BCP 47"),
    ("language", "pt-BR", "shipped language"),
    ("date_format", "%Q %Y", "only %e"),
])
def test_an_invalid_value_is_refused_and_kept(site, admin, name, value,
                                              expect):
    before = site.sql("SELECT key, value FROM settings ORDER BY key")
    r = save(admin, **{name: value, "description": "typed, not saved"})
    assert r.status == 422
    doc = parse_html(r.text)
    assert expect.lower() in field_error(doc, name).lower()
    v = form_values(r.text)
    if name != "moderation":
        assert v[name] == value
    assert v["description"] == "typed, not saved"
    assert doc.find(role="alert") is not None
    assert site.sql("SELECT key, value FROM settings ORDER BY key") == before


def test_several_errors_nothing_saved_everything_kept(site, admin):
    before = site.sql("SELECT key, value FROM settings ORDER BY key")
    typed = {"title": "Half Saved?", "posts_per_page": "0",
             "timezone": "Nowhere/City", "base_url": "example.org",
             "blocklist": "viagra\r\ncasino"}
    r = save(admin, **typed)
    assert r.status == 422
    doc = parse_html(r.text)
    for name in ("posts_per_page", "timezone", "base_url"):
        field_error(doc, name)
    assert doc.find("input", name="title").attrs.get("aria-invalid") is None
    v = form_values(r.text)
    for k in ("title", "posts_per_page", "timezone", "base_url"):
        assert v[k] == typed[k]
    assert v["blocklist"].replace("\r\n", "\n") == "viagra\ncasino"
    assert "3 fields" in doc.find(role="alert").text()
    assert site.sql("SELECT key, value FROM settings ORDER BY key") == before
    assert site_title(site) == "Test Blog"
    assert count_posts(site, "/") == (200, 10)


def test_comment_policy_and_blocklist_are_stored(site, admin):
    r = save(admin, moderation="all", max_depth="3", link_limit="1",
             min_fill_seconds="2", rate_limit="7", flood_seconds="20",
             close_after_days="30", max_token_age="3600",
             blocklist="casino\r\n  pills  \r\n")
    assert r.status == 303
    v = current(admin)
    assert v["moderation"] == "all"
    assert (v["max_depth"], v["rate_limit"], v["close_after_days"]) == \
        ("3", "7", "30")
    assert stored(site, "blocklist") == "casino\n  pills  \n"
    r = save(admin, moderation="first", max_depth="5", link_limit="2",
             min_fill_seconds="3", rate_limit="5", flood_seconds="15",
             close_after_days="0", max_token_age="172800", blocklist="")
    assert r.status == 303
    assert current(admin)["moderation"] == "first"


def test_base_url_trailing_slash_is_trimmed(site, admin):
    assert save(admin, base_url=site.base + "/").status == 303
    assert stored(site, "base_url") == site.base


def test_secret_key_is_never_shown_nor_changed(site, admin):
    key = stored(site, "secret_key")
    assert key and len(key) == 64
    pages = ["/admin/", "/admin/settings", "/admin/settings?done=saved",
             "/admin/users", "/admin/users/1", "/admin/posts"]
    for p in pages:
        r = admin.get(p)
        assert r.status == 200, p
        assert key not in r.text, p
        assert "secret_key" not in r.text, p
    fields = current(admin)
    fields["secret_key"] = "0" * 64
    r = admin.post("/admin/settings", fields)
    assert r.status == 303
    assert stored(site, "secret_key") == key
    # A refused form does not show it either.
    r = save(admin, posts_per_page="0")
    assert r.status == 422 and key not in r.text


def test_settings_need_a_session_and_the_token(site, admin):
    r = site.get("/admin/settings")
    assert r.status == 303
    assert r.header("Location").startswith("/admin/login?next=")
    fields = current(admin)
    fields["title"] = "Forged"
    fields["csrf"] = "0" * 64
    assert admin.post("/admin/settings", fields).status == 403
    assert stored(site, "title") == "Test Blog"


def test_settings_pages_are_valid_html(site, admin):
    ok = admin.get("/admin/settings?done=saved")
    bad = save(admin, posts_per_page="0", timezone="Nowhere/City",
               moderation="x", blocklist="<b>&amp;</b>")
    assert ok.status == 200 and bad.status == 422
    errors = vnu_errors({"settings": ok.body, "settings-422": bad.body})
    assert errors == {"settings": [], "settings-422": []}
