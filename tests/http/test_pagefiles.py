"""test_pagefiles.py: the second cache tier, as contrib/nginx.conf ships it.

quire serve --pages writes public pages as files that nginx serves by
itself; a page with a comment form is an SSI document into which nginx
writes a fresh token (contrib/quire.js). These tests read through the
real nginx and check what a reader and a commenter would notice: no page
from before a change, a token of their own in every view, their held
comment after the redirect, and nothing for admins or commenters from
the files.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest

from admin_client import Client
from conftest import TOP, make_blog, parse_html


@pytest.fixture(scope="module")
def pb():
    tmp = tempfile.mkdtemp(prefix="quire-pages-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        b.settings(min_fill_seconds=0, flood_seconds=0, moderation="none",
                   rate_limit=100000)
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def new_post(b, title, body="Some text.", tags="garden"):
    out = b.add_post("title: %s\ntags: %s\n\n%s\n" % (title, tags, body))
    url = out.split()[-1]
    return urllib.parse.urlsplit(url).path


def page_file(b, path, name):
    return os.path.join(b.pages, "current", path.lstrip("/"), name)


def token_of(html):
    m = re.search(r'name="token" value="([^"]*)"', html)
    return m.group(1) if m else None


def form(html):
    doc = parse_html(html)
    f = doc.find("form", id_="commentform")
    return {i.attrs["name"]: i.attrs.get("value", "")
            for i in f.find_all("input") if "name" in i.attrs}


def comment(b, path, text, client=None, name="Rosa Reader", token=None):
    c = client or Client(b)
    r = c.get(path)
    assert r.status == 200, r
    fields = form(r.text)
    fields.update({"author": name, "email": "rosa@example.org",
                   "comment": text})
    if token is not None:
        fields["token"] = token
    return c.post("/comment", fields), c


def test_pages_are_served_from_files(pb):
    path = new_post(pb, "Served from a file")
    r1 = pb.get("/")
    assert r1.status == 200
    f = page_file(pb, "/", "index.html")
    assert os.path.exists(f), os.listdir(os.path.join(pb.pages, "current"))
    with open(f, "rb") as fh:
        assert fh.read() == r1.body
    r2 = pb.get("/")
    assert r2.body == r1.body
    # Both answers carry the same validators (nginx's, for the file).
    assert r2.header("ETag") == r1.header("ETag")
    assert pb.get("/", headers={"If-None-Match": r1.header("ETag")}
                  ).status == 304
    assert r2.header("Cache-Control") == "no-cache"
    assert "default-src 'self'" in r2.header("Content-Security-Policy")
    assert r2.header("X-Content-Type-Options") == "nosniff"
    # The feed too, with its own type.
    pb.get("/feed/")
    f = pb.get("/feed/")
    assert f.header("Content-Type").startswith("application/atom+xml")
    assert os.path.exists(page_file(pb, "/feed/", "index.atom"))
    # A post page: an SSI document and the part it includes.
    pb.get(path)
    assert os.path.exists(page_file(pb, path, "form.html"))
    assert os.path.exists(page_file(pb, path, "form.part"))


def test_every_view_has_its_own_token(pb):
    path = new_post(pb, "Tokens for everyone")
    first = pb.get(path)
    assert first.header("Cache-Control") == "private, no-cache"
    assert first.header("ETag") is None
    tokens = [token_of(pb.get(path).text) for _ in range(60)]
    assert all(t and t.startswith("2.") for t in tokens), tokens[:3]
    assert len(set(tokens)) == 60
    # Apart from the token, every reader gets the same page.
    bodies = {re.sub(r'name="token" value="[^"]*"', "", pb.get(path).text)
              for _ in range(5)}
    assert len(bodies) == 1


def test_comment_with_an_nginx_token_once(pb):
    path = new_post(pb, "A post to comment on")
    pb.get(path)
    r, c = comment(pb, path, "Hello from a cached page")
    assert r.status == 303, r.text[:500]
    cid = int(r.header("Location").split("#comment-")[1])
    row = pb.sql("SELECT status, body_md FROM comments WHERE id = ?", (cid,))
    assert row == [("approved", "Hello from a cached page")]
    # The next reader, anyone, gets the page with it.
    assert "Hello from a cached page" in pb.get(path).text
    # The same token again with other text: refused, text kept.
    tok = None
    m = pb.sql("SELECT count(*) FROM comments")[0][0]
    page = pb.get(path).text
    tok = token_of(page)
    r1, _ = comment(pb, path, "First use", token=tok)
    assert r1.status == 303
    r2, _ = comment(pb, path, "Second use, other words", token=tok)
    assert r2.status == 403
    assert "Second use, other words" in r2.text
    assert pb.sql("SELECT count(*) FROM comments")[0][0] == m + 1


def test_token_is_for_its_own_post(pb):
    a = new_post(pb, "Post A")
    b = new_post(pb, "Post B")
    pb.get(a)
    tok = token_of(pb.get(a).text)
    r, _ = comment(pb, b, "Wrong post's token", token=tok)
    assert r.status == 403
    assert "Wrong post&#39;s token" in r.text or \
        "Wrong post's token" in r.text


def test_forged_and_missing_tokens_are_refused(pb):
    path = new_post(pb, "Forgery")
    pb.get(path)
    tok = token_of(pb.get(path).text)
    parts = tok.split(".")
    parts[1] = str(int(parts[1]) - 3600)   # an older time, to skip the wait
    r, _ = comment(pb, path, "Forged time", token=".".join(parts))
    assert r.status == 403
    parts = tok.split(".")
    parts[2] = "f" * 32                     # a nonce of one's own
    r, _ = comment(pb, path, "Forged nonce", token=".".join(parts))
    assert r.status == 403
    r, _ = comment(pb, path, "No token", token="")
    assert r.status == 403
    assert "No token" in r.text


def test_no_stale_page_after_each_comment(pb):
    """Comment, then read as somebody else: the comment is there, every
    time, in every worker, through the files."""
    path = new_post(pb, "Busy thread")
    for i in range(25):
        pb.get(path)
        r, _ = comment(pb, path, "Comment number %d here" % i)
        assert r.status == 303
        for _ in range(3):
            page = pb.get(path).text
            assert "Comment number %d here" % i in page, i


def test_held_comment_shown_to_its_writer_only(pb):
    path = new_post(pb, "Moderated")
    pb.sql("UPDATE settings SET value = 'all' WHERE key = 'moderation'")
    try:
        pb.get(path)
        r, c = comment(pb, path, "Please hold me")
        assert r.status == 303
        mine = c.get(r.header("Location").split("#")[0])
        assert "Please hold me" in mine.text
        assert "awaiting moderation" in mine.text.lower()
        # Another reader, through the page files: not there.
        assert "Please hold me" not in pb.get(path).text
        # The author approves it in the admin: everyone sees it at once.
        cid = int(r.header("Location").split("#comment-")[1])
        admin = Client(pb)
        admin.login()
        admin.get("/admin/comments?status=pending")
        a = admin.post("/admin/comments", {
            "status": "pending", "one": "approve:%d" % cid,
            "csrf": admin.csrf("/admin/comments")})
        assert a.status == 303, a
        assert "Please hold me" in pb.get(path).text
    finally:
        pb.sql("UPDATE settings SET value = 'none' WHERE key = 'moderation'")


def test_command_line_changes_show_at_once(pb):
    pb.get("/")
    new_post(pb, "Straight from the command line")
    assert "Straight from the command line" in pb.get("/").text


def test_sqlite_changes_reach_the_files(pb):
    pb.get("/")
    pb.sql("UPDATE settings SET value = 'Renamed Blog' WHERE key = 'title'")
    assert "Renamed Blog" in pb.get("/").text
    pb.sql("UPDATE settings SET value = 'Test Blog' WHERE key = 'title'")
    assert "Renamed Blog" not in pb.get("/").text


def test_personal_requests_bypass_the_files(pb):
    path = new_post(pb, "Bypass")
    pb.get("/")
    pb.get(path)
    # Mark the files, to tell which answers come from them.
    home = page_file(pb, "/", "index.html")
    with open(home, "w") as f:
        f.write("FROM THE FILE")
    with open(page_file(pb, path, "form.html"), "w") as f:
        f.write("FROM THE FILE")
    try:
        assert pb.get("/").text == "FROM THE FILE"
        assert pb.get(path).text == "FROM THE FILE"
        # Other cookies do not matter.
        c = Client(pb)
        c.cookies["theme"] = "dark"
        assert c.get("/").text == "FROM THE FILE"
        # An admin session: quire answers.
        admin = Client(pb)
        admin.login()
        assert "FROM THE FILE" not in admin.get("/").text
        # A commenter's cookies: their own page, from quire.
        c = Client(pb)
        c.cookies["comment_author"] = "Rosa%20Reader"
        page = c.get(path)
        assert form(page.text)["author"] == "Rosa Reader"
        c = Client(pb)
        c.cookies["quire_own"] = "junk"
        assert "FROM THE FILE" not in c.get(path).text
        # A query string, and any method but GET and HEAD, go to quire.
        assert "FROM THE FILE" not in pb.get("/?x=1").text
        assert pb.request("POST", "/", body=b"").status == 405
        assert pb.request("DELETE", path).status == 405
    finally:
        new_post(pb, "Bypass done")     # a change: fresh files
    assert "FROM THE FILE" not in pb.get("/").text


def test_hostile_paths_are_not_files(pb):
    # nginx refuses a path out of the root (400); the page files' own
    # directory is not served (404); a name without its slash is sent to
    # the slash (quire's usual 301), which is then not found either.
    for p, status, then in [("/../../etc/passwd/", 400, None),
                            ("/%2e%2e/", 400, None),
                            ("/_quire/token.key", 404, None),
                            ("/_quire/current/index.html", 404, None),
                            ("/current/", 404, None),
                            ("/token.key", 301, "/token.key/"),
                            ("/.lock", 301, "/.lock/")]:
        r = pb.get(p)
        assert r.status == status, (p, r.status)
        if then is not None:
            loc = re.sub(r"^https?://[^/]+", "", r.header("Location"))
            assert loc == then, (p, loc)
            r = pb.get(then)
            assert r.status == 404, (then, r.status)
        if r.status == 404 and b"<!DOCTYPE html>" in r.body:
            assert "That page can\u2019t be found." in r.text, p
        assert b"token" not in r.body or b"Oops" in r.body, p
    with open(os.path.join(pb.pages, "token.key")) as f:
        key = f.read().split()[0]
    for p in ["/_quire/token.key", "/token.key", "/_quire/../token.key"]:
        assert key.encode() not in pb.get(p).body


def test_scheduled_post_appears_without_a_request_to_quire(pb):
    pb.get("/")
    due = int(time.time()) + 3
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(due))
    pb.add_post("title: Appears on time\nstatus: scheduled\ndate: %s\n\n"
                "Soon.\n" % when)

    def shown():
        # Never before its time (a slow machine only looks later).
        seen = "Appears on time" in pb.get("/").text
        if seen:
            assert time.time() >= due - 1, "shown before its time"
        return seen
    shown()
    # Then it appears by itself; the long timeout only ends a hang.
    deadline = time.time() + 60
    while not shown():
        assert time.time() < deadline, "never appeared"
        time.sleep(0.2)


def test_readers_during_writes_never_go_back(pb):
    """Readers polling the home page while posts are added: once a reader
    has seen N posts, no later answer shows fewer."""
    pb.get("/")
    stop = threading.Event()
    errors = []

    def reader():
        seen = 0
        while not stop.is_set():
            r = pb.get("/feed/")
            if r.status != 200:
                continue    # (a busy 503 is not an old page)
            n = r.text.count("<entry>")
            if n < seen:
                errors.append((seen, n))
            seen = max(seen, n)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(8):
            new_post(pb, "Race %d" % i)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []


def test_quire_js_network_matches_quire(pb):
    """contrib/quire.js and src/antispam.c must agree on the client's
    network (/24, /56), or every comment via nginx would be held."""
    import ipaddress
    tmp = tempfile.mkdtemp(prefix="quire-js-")
    try:
        shutil.copy(os.path.join(TOP, "contrib", "quire.js"),
                    os.path.join(tmp, "quire.mjs"))
        addrs = ["192.0.2.10", "203.0.113.255", "10.1.2.3", "::1",
                 "2001:db8:aa:bbcc::1", "2001:db8::", "fe80::1:2:3:4",
                 "::ffff:192.0.2.1", "2001:0db8:0000:00ff:0000:0000:0000:1",
                 "1:2:3:4:5:6:7:8"]
        script = ("import q from './quire.mjs';\n"
                  "console.log(JSON.stringify(%s.map(q.network)));\n"
                  % json.dumps(addrs))
        with open(os.path.join(tmp, "t.mjs"), "w") as f:
            f.write(script)
        out = subprocess.run(["node", "t.mjs"], cwd=tmp, text=True,
                             capture_output=True, timeout=30)
        assert out.returncode == 0, out.stderr
        got = json.loads(out.stdout)
        for a, n in zip(addrs, got):
            ip = ipaddress.ip_address(a)
            if ip.version == 4:
                want = "4:" + ip.packed[:3].hex()
            else:
                want = "6:" + ip.packed[:7].hex()
            assert n == want, (a, n, want)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
