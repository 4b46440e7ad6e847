"""test_admin_users.py: /admin/users and /admin/users/ID. Admins list and
add users; everyone edits their own profile and bio; admins change roles
(never leaving the blog without an admin), reset passwords and remove
users, whose posts go to another author; a password change ends the
user's other sessions; sessions are listed and can be signed out; an
author is refused (403) everywhere else. The pages are valid HTML."""
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


class Session:
    """A browser, in short: keeps cookies, sends this site's Origin, and
    fills in the CSRF token from the session's pages."""

    def __init__(self, blog, agent="pytest"):
        self.blog = blog
        self.agent = agent
        self.cookies = {}
        self.token = None

    def request(self, method, path, fields=None):
        headers = {"Origin": self.blog.base, "User-Agent": self.agent}
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

    def logged_in(self):
        """Does the session still work? (A dead one goes to the login.)"""
        r = self.get("/admin/")
        if r.status == 200:
            return True
        assert r.status == 303
        assert r.header("Location").startswith("/admin/login")
        return False


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
    tmp = tempfile.mkdtemp(prefix="quire-users-")
    b = None
    try:
        b = make_blog(tmp)
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(site):
    s = Session(site, "Admin Browser/1.0")
    assert s.login("admin", ADMIN_PASSWORD).status == 303
    return s


def user_id(site, login):
    rows = site.sql("SELECT id FROM users WHERE login = ?", (login,))
    return rows[0][0] if rows else None


def role_of(site, login):
    return site.sql("SELECT role FROM users WHERE login = ?", (login,))[0][0]


def add_user(admin, login, password="password-%s", role="author",
             name=None):
    r = admin.post("/admin/users", {
        "login": login, "name": name or login.title(),
        "email": "%s@example.org" % login, "role": role,
        "password": password % login if "%s" in password else password})
    assert r.status == 303, r.text
    return user_id(admin.blog, login)


def as_user(site, login, password=None, agent="pytest"):
    s = Session(site, agent)
    r = s.login(login, password or "password-%s" % login)
    assert r.status == 303, r.text
    return s


def profile(s, uid):
    """The profile fields of /admin/users/ID as the page shows them."""
    r = s.get("/admin/users/%d" % uid)
    assert r.status == 200
    doc = parse_html(r.text)
    form = doc.find("form", cls="user-form")
    out = {}
    for n in form.iter():
        name = n.attrs.get("name")
        if n.tag == "input" and name not in (None, "csrf"):
            out[name] = n.attrs.get("value", "")
        elif n.tag == "textarea":
            text = "".join(c for c in n.children if isinstance(c, str))
            out[name] = text[1:] if text.startswith("\n") else text
        elif n.tag == "select":
            sel = [o for o in n.find_all("option") if "selected" in o.attrs]
            out[name] = sel[0].attrs["value"] if sel else None
    return out


def save_profile(s, uid, **changes):
    fields = profile(s, uid)
    fields.update(changes)
    return s.post("/admin/users/%d" % uid, fields)


def field_error(doc, name):
    inp = doc.find(name=name)
    assert inp.attrs.get("aria-invalid") == "true", name
    ids = inp.attrs.get("aria-describedby", "").split()
    errs = [doc.find(id_=i) for i in ids]
    errs = [e for e in errs if e is not None and "field-error" in e.classes()]
    assert errs, "no error beside %s" % name
    return errs[0].text()


# -- the list and "Add user" -------------------------------------------------

def test_users_list(site, admin):
    r = admin.get("/admin/users")
    assert r.status == 200
    assert "no-store" in r.header("Cache-Control")
    doc = parse_html(r.text)
    rows = doc.find("table").find("tbody").find_all("tr")
    cells = [[td.text() for td in tr.find_all("td")] for tr in rows]
    posts = site.sql("SELECT count(*) FROM posts")[0][0]
    assert ["admin (you)", "Ada Admin", "ada@example.org", "admin",
            str(posts)] in cells
    assert doc.find("a", href="/admin/users/%d" % user_id(site, "admin"))
    assert doc.find("form", action="/admin/users") is not None


def test_add_user(site, admin):
    r = admin.post("/admin/users", {
        "login": "bea", "name": "Bea Author", "email": "bea@example.org",
        "role": "author", "password": "bea's password"})
    assert r.status == 303
    assert r.header("Location") == "/admin/users?done=added"
    r = admin.get("/admin/users?done=added")
    assert "Added." in r.text and "Bea Author" in r.text
    assert site.sql("SELECT name, email, role FROM users WHERE login = "
                    "'bea'") == [("Bea Author", "bea@example.org", "author")]
    pw = site.sql("SELECT pwhash FROM users WHERE login = 'bea'")[0][0]
    assert pw.startswith("$argon2id$")
    # The new user can log in.
    as_user(site, "bea", "bea's password")


def test_add_duplicate_login_is_refused_with_input_kept(site, admin):
    add_user(admin, "dupe")
    r = admin.post("/admin/users", {
        "login": "dupe", "name": "Another Dupe <b>", "email": "x@example.org",
        "role": "admin", "password": "a secret password"})
    assert r.status == 422
    doc = parse_html(r.text)
    assert "exists" in field_error(doc, "login")
    form = doc.find("form", action="/admin/users")
    assert form.find("input", name="login").attrs["value"] == "dupe"
    assert form.find("input", name="name").attrs["value"] == \
        "Another Dupe <b>"
    assert form.find("input", name="email").attrs["value"] == "x@example.org"
    assert "selected" in form.find("option", value="admin").attrs
    assert "a secret password" not in r.text
    assert form.find("input", name="password").attrs.get("value") is None
    assert site.sql("SELECT count(*) FROM users WHERE login = 'dupe'") == \
        [(1,)]


@pytest.mark.parametrize("fields,field,expect", [
    ({"password": "short"}, "password", "at least 8"),
    ({"login": "Bad Login"}, "login", "lower-case"),
    ({"login": ""}, "login", "lower-case"),
    ({"name": ""}, "name", "give a name"),
    ({"email": "nobody"}, "email", "email address"),
    ({"role": "root"}, "role", "admin or author"),
])
def test_add_invalid_user_is_refused(site, admin, fields, field, expect):
    typed = {"login": "newbie", "name": "New Bie", "email": "nb@example.org",
             "role": "author", "password": "long enough"}
    typed.update(fields)
    n = site.sql("SELECT count(*) FROM users")
    r = admin.post("/admin/users", typed)
    assert r.status == 422
    doc = parse_html(r.text)
    assert expect in field_error(doc, field)
    form = doc.find("form", action="/admin/users")
    for k in ("login", "name", "email"):
        assert form.find("input", name=k).attrs["value"] == typed[k]
    if field != "password":
        assert typed["password"] not in r.text
    assert site.sql("SELECT count(*) FROM users") == n


# -- authors ----------------------------------------------------------------

def test_author_edits_own_profile_and_bio(site, admin):
    uid = add_user(admin, "carla", name="Carla")
    carla = as_user(site, "carla")
    r = carla.get("/admin/users/%d" % uid)
    assert r.status == 200
    doc = parse_html(r.text)
    assert doc.find("select", name="role") is None     # not for authors
    assert doc.find("input", name="current_password") is not None
    assert doc.find("button", name="remove") is None
    r = save_profile(carla, uid, name="Carla Runner",
                     email="carla@example.net",
                     bio="I run *far*.\n\n<script>alert(1)</script>")
    assert r.status == 303
    assert r.header("Location") == "/admin/users/%d?done=saved" % uid
    assert "Saved." in carla.get(r.header("Location")).text
    p = profile(carla, uid)
    assert p["name"] == "Carla Runner"
    assert p["bio"] == "I run *far*.\n\n<script>alert(1)</script>"
    # Readers see the rendered bio (safe Markdown) on every worker.
    for _ in range(4):
        r = site.get("/author/carla/")
        assert r.status == 200
        assert "<em>far</em>" in r.text
        assert "<script>alert" not in r.text
        assert "Carla Runner" in r.text
    # Invalid input: 422, kept.
    r = save_profile(carla, uid, name="", email="nope", bio="kept bio")
    assert r.status == 422
    doc = parse_html(r.text)
    field_error(doc, "name")
    field_error(doc, "email")
    assert doc.find("input", name="email").attrs["value"] == "nope"
    assert "kept bio" in doc.find("textarea", name="bio").text()
    assert site.sql("SELECT name FROM users WHERE id = ?", (uid,)) == \
        [("Carla Runner",)]


def test_author_is_refused_elsewhere(site, admin):
    uid = user_id(site, "carla") or add_user(admin, "carla")
    carla = as_user(site, "carla")
    admin_id = user_id(site, "admin")
    assert carla.get("/admin/settings").status == 403
    assert carla.post("/admin/settings", {"title": "Mine"}).status == 403
    assert carla.get("/admin/users").status == 403
    assert carla.post("/admin/users", {
        "login": "sneaky", "name": "S", "email": "s@example.org",
        "role": "admin", "password": "long enough"}).status == 403
    assert user_id(site, "sneaky") is None
    assert carla.get("/admin/users/%d" % admin_id).status == 403
    assert carla.post("/admin/users/%d" % admin_id,
                      {"name": "Hacked", "email": "h@example.org"}
                      ).status == 403
    assert carla.post("/admin/users/%d" % admin_id,
                      {"revoke_others": "1"}).status == 403
    assert admin.logged_in()
    # Not even on their own page: no role change, no removal.
    r = save_profile(carla, uid, role="admin")
    assert r.status == 403
    assert role_of(site, "carla") == "author"
    r = carla.post("/admin/users/%d" % uid, {"remove": "1",
                                              "heir": str(admin_id)})
    assert r.status == 403
    assert user_id(site, "carla") == uid
    # The menu has no admin entries for them.
    doc = parse_html(carla.get("/admin/").text)
    assert doc.find("a", href="/admin/settings") is None
    assert doc.find("a", href="/admin/users/%d" % uid) is not None
    assert site.sql("SELECT value FROM settings WHERE key = 'title'") == \
        [("Test Blog",)]


def test_unknown_user_is_404(admin):
    assert admin.get("/admin/users/999999").status == 404


# -- roles ------------------------------------------------------------------

def test_admin_changes_a_role(site, admin):
    uid = add_user(admin, "dora")
    r = save_profile(admin, uid, role="admin")
    assert r.status == 303
    assert role_of(site, "dora") == "admin"
    dora = as_user(site, "dora")
    assert dora.get("/admin/settings").status == 200
    # Two admins: one may step down.
    r = save_profile(dora, uid, role="author")
    assert r.status == 303
    assert role_of(site, "dora") == "author"
    assert dora.get("/admin/settings").status == 403


def test_last_admin_cannot_be_demoted_or_removed(site, admin):
    assert site.sql("SELECT count(*) FROM users WHERE role = 'admin'") == \
        [(1,)]
    aid = user_id(site, "admin")
    r = save_profile(admin, aid, role="author", name="Ada Typed")
    assert r.status == 403
    doc = parse_html(r.text)
    assert "last admin" in field_error(doc, "role")
    assert doc.find("input", name="name").attrs["value"] == "Ada Typed"
    assert role_of(site, "admin") == "admin"
    assert site.sql("SELECT name FROM users WHERE id = ?", (aid,)) == \
        [("Ada Admin",)]
    other = user_id(site, "bea") or add_user(admin, "bea")
    r = admin.post("/admin/users/%d" % aid, {"remove": "1",
                                             "heir": str(other)})
    assert r.status == 403
    assert user_id(site, "admin") == aid
    assert parse_html(admin.get("/admin/users/%d" % aid).text).find(
        "button", name="remove") is None


# -- passwords and sessions -------------------------------------------------

def test_password_change_ends_other_sessions(site, admin):
    uid = add_user(admin, "eve", password="first password")
    a = as_user(site, "eve", "first password", "Browser A")
    b = as_user(site, "eve", "first password", "Browser B")
    assert a.logged_in() and b.logged_in()
    url = "/admin/users/%d" % uid
    # Own account: the current password is needed, and must be right.
    r = a.post(url, {"name": "Eve", "email": "eve@example.org",
                     "password": "second password",
                     "password2": "second password"})
    assert r.status == 422
    assert "current" in field_error(parse_html(r.text), "current_password")
    r = a.post(url, {"name": "Eve", "email": "eve@example.org",
                     "current_password": "wrong password",
                     "password": "second password",
                     "password2": "second password"})
    assert r.status == 422
    assert "wrong" in field_error(parse_html(r.text), "current_password")
    r = a.post(url, {"name": "Eve", "email": "eve@example.org",
                     "current_password": "first password",
                     "password": "second password",
                     "password2": "another password"})
    assert r.status == 422
    assert "differ" in field_error(parse_html(r.text), "password2")
    r = a.post(url, {"name": "Eve", "email": "eve@example.org",
                     "current_password": "first password",
                     "password": "short", "password2": "short"})
    assert r.status == 422
    assert "at least 8" in field_error(parse_html(r.text), "password")
    # Passwords are never sent back.
    assert "first password" not in r.text and 'value="short"' not in r.text
    for inp in parse_html(r.text).find_all("input", type="password"):
        assert "value" not in inp.attrs
    assert b.logged_in()
    r = a.post(url, {"name": "Eve", "email": "eve@example.org",
                     "current_password": "first password",
                     "password": "second password",
                     "password2": "second password"})
    assert r.status == 303
    assert r.header("Location") == url + "?done=password"
    assert "Password changed." in a.get(url + "?done=password").text
    assert a.logged_in()
    assert not b.logged_in()
    r = b.get("/admin/users/%d" % uid)
    assert r.status == 303 and r.header("Location").startswith(
        "/admin/login?next=")
    # The old password fails, the new one works.
    r = Session(site).login("eve", "first password")
    assert r.status == 200 and "wrong" in r.text
    as_user(site, "eve", "second password")


def test_admin_resets_a_password_without_their_own(site, admin):
    uid = add_user(admin, "finn", password="finn's first pw")
    f = as_user(site, "finn", "finn's first pw")
    doc = parse_html(admin.get("/admin/users/%d" % uid).text)
    assert doc.find("input", name="current_password") is None
    r = save_profile(admin, uid, password="set by the admin",
                     password2="set by the admin")
    assert r.status == 303
    assert not f.logged_in()
    assert admin.logged_in()
    as_user(site, "finn", "set by the admin")


def session_rows(s, uid):
    doc = parse_html(s.get("/admin/users/%d" % uid).text)
    sec = doc.find("section", cls="user-sessions")
    return [[td.text() for td in tr.find_all("td")] +
            [(tr.find("button") or parse_html("<p></p>")).attrs.get("value")]
            for tr in sec.find("tbody").find_all("tr")]


def test_sessions_are_listed_and_can_be_signed_out(site, admin):
    uid = add_user(admin, "gus")
    a = as_user(site, "gus", agent="Browser A/1.0")
    b = as_user(site, "gus", agent="Browser B/2.0")
    rows = session_rows(a, uid)
    assert len(rows) == 2
    mine = [r for r in rows if r[4] == "This browser"]
    other = [r for r in rows if r[4] == "Sign out"]
    assert len(mine) == 1 and mine[0][3] == "Browser A/1.0"
    assert len(other) == 1 and other[0][3] == "Browser B/2.0"
    assert other[0][2] == "127.0.0.1"
    assert re.match(r"\w+ \d+, \d{4} at \d+:\d\d [ap]m$", other[0][0])
    # An admin sees them too.
    assert len(session_rows(admin, uid)) == 2
    # Sign out B from A.
    r = a.post("/admin/users/%d" % uid, {"revoke": other[0][5]})
    assert r.status == 303
    assert r.header("Location") == "/admin/users/%d?done=revoked" % uid
    assert "Signed out there." in a.get(r.header("Location")).text
    assert not b.logged_in()
    assert a.logged_in()
    assert len(session_rows(a, uid)) == 1
    # "Sign out everywhere else".
    c = as_user(site, "gus", agent="Browser C")
    d = as_user(site, "gus", agent="Browser D")
    assert len(session_rows(a, uid)) == 3
    r = a.post("/admin/users/%d" % uid, {"revoke_others": "1"})
    assert r.status == 303
    assert not c.logged_in() and not d.logged_in() and a.logged_in()
    assert len(session_rows(a, uid)) == 1
    # Another user's session is not theirs to end, by its id.
    kid = add_user(admin, "kim")
    k = as_user(site, "kim")
    for (sid,) in site.sql("SELECT id FROM sessions WHERE user_id = ?",
                           (kid,)):
        assert a.post("/admin/users/%d" % uid,
                      {"revoke": str(sid)}).status == 303
    assert k.logged_in()
    assert a.post("/admin/users/%d" % kid, {"revoke": "1"}).status == 403
    # An admin signs all of gus's sessions out.
    r = admin.post("/admin/users/%d" % uid, {"revoke_others": "1"})
    assert r.status == 303
    assert not a.logged_in()


def test_revoking_this_browser_logs_out(site, admin):
    uid = add_user(admin, "hal")
    h = as_user(site, "hal")
    row = session_rows(h, uid)[0]
    assert row[4] == "This browser"
    sid = site.sql("SELECT id FROM sessions WHERE user_id = ?", (uid,))[0][0]
    r = h.post("/admin/users/%d" % uid, {"revoke": str(sid)})
    assert r.status == 303 and r.header("Location") == "/admin/login"
    assert not h.logged_in()


# -- removal ----------------------------------------------------------------

def test_remove_user_gives_posts_to_another_author(site, admin):
    gone = add_user(admin, "ivan", name="Ivan Leaving")
    heir = add_user(admin, "jill", name="Jill Heir")
    for i in (1, 2):
        path = os.path.join(site.tmp, "ivan-%d.md" % i)
        with open(path, "w", encoding="utf-8") as f:
            f.write("title: Ivan Post %d\nslug: ivans-post-%d\n"
                    "date: 2024-02-0%dT12:00:00Z\n\nBy Ivan.\n" % (i, i, i))
        site.quire("post", "add", "--author", "ivan", path)
    post_id = site.sql("SELECT id FROM posts WHERE slug = 'ivans-post-1'"
                       )[0][0]
    site.sql("INSERT INTO comments (post_id, depth, path, status, "
             "author_name, author_email, user_id, created, body_md, "
             "body_html) VALUES (?, 1, '', 'approved', 'Ivan Leaving', "
             "'ivan@example.org', ?, 1700000000, 'My own words', "
             "'<p>My own words</p>')", (post_id, gone))
    i = as_user(site, "ivan")
    assert "Ivan Post 1" in site.get("/author/ivan/").text
    doc = parse_html(admin.get("/admin/users/%d" % gone).text)
    sel = doc.find("select", name="heir")
    values = [o.attrs["value"] for o in sel.find_all("option")]
    assert str(heir) in values and str(gone) not in values
    assert "2 posts" in doc.find("section", cls="user-remove").text()
    # No heir, or the user themselves: refused, nothing removed.
    r = admin.post("/admin/users/%d" % gone, {"remove": "1"})
    assert r.status == 422
    r = admin.post("/admin/users/%d" % gone, {"remove": "1",
                                              "heir": str(gone)})
    assert r.status == 422
    assert user_id(site, "ivan") == gone
    r = admin.post("/admin/users/%d" % gone, {"remove": "1",
                                              "heir": str(heir)})
    assert r.status == 303
    assert r.header("Location") == "/admin/users?done=deleted"
    assert "Deleted" in admin.get("/admin/users?done=deleted").text
    assert user_id(site, "ivan") is None
    assert site.sql("SELECT DISTINCT author_id FROM posts WHERE slug LIKE "
                    "'ivans-post-%'") == [(heir,)]
    assert site.sql("SELECT user_id, body_md FROM comments WHERE "
                    "author_name = 'Ivan Leaving'") == [(None, "My own words")]
    assert site.sql("SELECT count(*) FROM sessions WHERE user_id = ?",
                    (gone,)) == [(0,)]
    assert not i.logged_in()
    for _ in range(4):
        doc = parse_html(site.get("/author/jill/").text)
        titles = [a.text() for a in doc.find_all("h2")]
        assert "Ivan Post 1" in titles and "Ivan Post 2" in titles
        assert site.get("/author/ivan/").status == 404
    r = site.get("/2024/02/ivans-post-1/")
    assert r.status == 200 and "My own words" in r.text


def test_forbidden_actions_are_403_not_silent(site, admin):
    aid = user_id(site, "admin")
    # Removing oneself.
    r = admin.post("/admin/users/%d" % aid, {"remove": "1", "heir": "1"})
    assert r.status == 403
    # The CSRF token is required (the dispatcher's check).
    uid = user_id(site, "bea") or add_user(admin, "bea")
    r = admin.post("/admin/users/%d" % uid, {"csrf": "0" * 64,
                                             "remove": "1",
                                             "heir": str(aid)})
    assert r.status == 403
    assert user_id(site, "bea") == uid


# -- HTML -------------------------------------------------------------------

def test_user_pages_are_valid_html(site, admin):
    uid = user_id(site, "carla") or add_user(admin, "carla")
    carla = as_user(site, "carla")
    aid = user_id(site, "admin")
    pages = {
        "users": admin.get("/admin/users?done=added"),
        "users-422": admin.post("/admin/users", {
            "login": "Bad Login", "name": "", "email": "x", "role": "root",
            "password": "x"}),
        "user-own": admin.get("/admin/users/%d?done=saved" % aid),
        "user-other": admin.get("/admin/users/%d" % uid),
        "user-author": carla.get("/admin/users/%d" % uid),
        "user-422": save_profile(carla, uid, name="", email="x",
                                 password="short", password2="other"),
        "user-403": save_profile(admin, aid, role="author"),
        "user-remove-422": admin.post("/admin/users/%d" % uid,
                                      {"remove": "1"}),
    }
    status = {k: v.status for k, v in pages.items()}
    assert status == {"users": 200, "users-422": 422, "user-own": 200,
                      "user-other": 200, "user-author": 200,
                      "user-422": 422, "user-403": 403,
                      "user-remove-422": 422}
    errors = vnu_errors({k: v.body for k, v in pages.items()})
    assert errors == {k: [] for k in pages}
