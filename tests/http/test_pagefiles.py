"""test_pagefiles.py: the second cache tier, as contrib/nginx.conf ships it.

quire serve --pages writes public pages as files that nginx serves by
itself; a page with a comment form is kept up to its token, and nginx
appends a fresh signed token to each view (set-misc and echo modules).
These tests read through the
real nginx and check what a reader and a commenter would notice: no page
from before a change, a token of their own in every view, their held
comment after the redirect, and nothing for admins or commenters from
the files.
"""
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import pytest

from admin_client import Client
from conftest import NGINX, TOP, form_inputs, free_port, make_blog, parse_html
from procs import track, wait_for


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
    """The form's fields as a browser sends them (the token included:
    the page's last element, form="commentform")."""
    return {i.attrs["name"]: i.attrs.get("value", "")
            for i in form_inputs(parse_html(html), "commentform")
            if "name" in i.attrs}


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
    # A post page: the page up to its token; nginx adds the token and
    # the end of the page.
    pb.get(path)
    r = pb.get(path)
    with open(page_file(pb, path, "form.html"), "rb") as fh:
        head = fh.read()
    assert head.endswith(b'<input type="hidden" name="token" value="')
    assert r.body.startswith(head)
    tail = r.body[len(head):]
    assert re.fullmatch(rb'3\.[0-9]+\.[0-9a-f]{32}\.[A-Za-z0-9_-]{43}\.'
                        rb'[A-Za-z0-9_-]{43}" form="commentform">\n'
                        rb'</body>\n</html>\n', tail), tail
    assert not os.path.exists(page_file(pb, path, "form.part"))


def test_every_view_has_its_own_token(pb):
    path = new_post(pb, "Tokens for everyone")
    first = pb.get(path)
    assert first.header("Cache-Control") == "private, no-cache"
    assert first.header("ETag") is None
    tokens = [token_of(pb.get(path).text) for _ in range(60)]
    assert all(t and t.startswith("3.") for t in tokens), tokens[:3]
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
        assert pb.get(path).text.startswith("FROM THE FILE3.")
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
                            ("/_quire/token.conf", 404, None),
                            ("/_quire/current/index.html", 404, None),
                            ("/current/", 404, None),
                            ("/token.conf", 301, "/token.conf/"),
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
    with open(os.path.join(pb.pages, "token.conf")) as f:
        key = re.search(r'set \$quire_key "([0-9a-f]{64})";', f.read()).group(1)
    assert os.stat(os.path.join(pb.pages, "token.conf")).st_mode & 0o077 == 0
    for p in ["/_quire/token.conf", "/token.conf", "/_quire/../token.conf",
              "/current/../token.conf"]:
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


def test_nginx_token_binds_the_readers_network(pb):
    """nginx's map (contrib/nginx.conf) and quire (edge_network) must
    agree on the reader's network: a comment from the network the page
    was read from is published at once; one sent from another network
    with that page's token is held for the author, not refused, and
    says so; a token with its network part altered is refused."""
    path = new_post(pb, "Networks")
    r, _ = comment(pb, path, "Same network", client=Client(pb, "127.0.7.10"))
    assert r.status == 303, r.text[:300]
    cid = int(r.header("Location").split("#comment-")[1])
    assert pb.sql("SELECT status FROM comments WHERE id = ?",
                  (cid,)) == [("approved",)]
    reader = Client(pb, "127.0.8.10")
    pb.get(path)    # the page file again, after the comment
    page = reader.get(path)
    fields = form(page.text)
    assert fields["token"].startswith("3."), fields["token"][:20]
    fields.update({"author": "Traveller", "email": "t@example.org",
                   "comment": "Read at home, sent from the train"})
    moved = Client(pb, "127.0.9.10")
    r = moved.post("/comment", fields)
    assert r.status == 303, r.text[:300]
    row = pb.sql("SELECT status FROM comments WHERE body_md = ?",
                 ("Read at home, sent from the train",))
    assert row == [("pending",)], row
    # The network part is under the MAC: changing it forges the token.
    pb.get(path)
    page = reader.get(path)
    fields = form(page.text)
    parts = fields["token"].split(".")
    parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
    fields.update({"token": ".".join(parts), "author": "Mallory",
                   "email": "m@example.org", "comment": "Forged network"})
    r = reader.post("/comment", fields)
    assert r.status == 403
    assert "Forged network" in r.text
    assert pb.sql("SELECT count(*) FROM comments WHERE body_md = ?",
                  ("Forged network",)) == [(0,)]


# What nginx's map and quire's edge_network (tests/unit/test_antispam.c
# has the same table) make of an address's text.
NETWORKS = [
    ("192.0.2.10", "4:192.0.2"),
    ("10.1.22.255", "4:10.1.22"),
    ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "6:2001:db8:85a3:8"),
    ("2001:db8:85a3:5600::1", "6:2001:db8:85a3:56"),
    ("2001:db8:85a3:ab::1", "6:2001:db8:85a3:0"),
    ("2001:db8:85a3:7:8:9:a:b", "6:2001:db8:85a3:0"),
    ("2001:db8:1::5", "6:2001:db8:1:0"),
    ("1:2:3:4", "6:1:2:3:0"),
    ("2001:db8::1", "?:2001:db8::1"),
    ("::1", "?:::1"),
    ("::ffff:192.0.2.1", "?:::ffff:192.0.2.1"),
]


def test_nginx_map_reads_networks_as_quire_does(tmp_path):
    """The map blocks of contrib/nginx.conf, run by a real nginx on an
    address given in the query instead of the client's: the same
    networks as the unit test's table for edge_network."""
    with open(os.path.join(TOP, "contrib", "nginx.conf")) as f:
        site = f.read()
    maps = re.findall(r"^map \$remote_addr \$quire_net \{.*?^\}", site,
                      re.S | re.M)
    assert len(maps) == 1
    port = free_port()
    conf = tmp_path / "nginx.conf"
    (tmp_path / "tmp").mkdir()
    conf.write_text(
        "worker_processes 1;\npid %s/nginx.pid;\nerror_log stderr warn;\n"
        "events { worker_connections 64; }\nhttp {\naccess_log off;\n"
        "client_body_temp_path %s/tmp;\nproxy_temp_path %s/tmp;\n"
        "fastcgi_temp_path %s/tmp;\nuwsgi_temp_path %s/tmp;\n"
        "scgi_temp_path %s/tmp;\n%s\nserver {\nlisten 127.0.0.1:%d;\n"
        "location / { default_type text/plain; return 200 $quire_net; }\n"
        "}\n}\n" % ((tmp_path,) * 6 + (
            maps[0].replace("$remote_addr", "$arg_a"), port)))
    p = track(subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf),
                                "-g", "daemon off;"],
                               stderr=subprocess.PIPE))
    try:
        def answer(addr):
            try:
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/?a=%s" % (port, addr),
                        timeout=5) as r:
                    return r.read().decode()
            except OSError:
                return None
        wait_for("nginx", lambda: answer("1.2.3.4") is not None)
        got = [(a, answer(a)) for a, _ in NETWORKS]
        assert got == NETWORKS
    finally:
        p.terminate()
        p.wait(timeout=10)


def test_no_404_while_generations_move(pb):
    """Readers of a page file while changes commit, each moving `current`
    to a new generation: one that moves between nginx finding the file
    and opening it must not give the reader a 404 (quire answers then).
    wrk reads for 4 s while another program changes a post every 10 ms
    (the keeper moves the generation)."""
    import sqlite3
    wrk = shutil.which("wrk")
    if wrk is None:
        pytest.skip("wrk is not installed (./configure installs it)")
    new_post(pb, "Moving generations", tags="moving")
    pid = pb.sql("SELECT max(id) FROM posts")[0][0]
    assert pb.get("/tag/moving/").status == 200
    stop = threading.Event()
    flips = [0]

    def writer():
        con = sqlite3.connect(pb.db, timeout=10)
        try:
            while not stop.is_set():
                con.execute("UPDATE posts SET title = title WHERE id = ?",
                            (pid,))
                con.commit()
                flips[0] += 1
                time.sleep(0.01)
        finally:
            con.close()
    t = threading.Thread(target=writer)
    t.start()
    try:
        out = subprocess.run([wrk, "-t1", "-c16", "-d4s",
                              "http://127.0.0.1:%d/tag/moving/" % pb.port],
                             capture_output=True, text=True, timeout=60)
    finally:
        stop.set()
        t.join()
    assert out.returncode == 0, out.stderr
    assert "Requests/sec" in out.stdout, out.stdout
    assert flips[0] > 50
    assert "Non-2xx" not in out.stdout, out.stdout
