"""test_server.py: the process model of `quire serve`: scheduled posts
that go live on their own, workers that die and are replaced, SIGHUP
template reloads, SIGTERM shutdown, and failing fast on a bad setup.

Each test starts a blog of its own (conftest.make_blog) so the shared
one is never disturbed; every process is stopped by PID."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import QUIRE, TOP, make_blog
from procs import alive, children, track, wait_for


@pytest.fixture
def new_blog():
    """make(**kw) starts a fresh blog without content; all are stopped
    at the end of the test."""
    made = []

    def make(**kw):
        tmp = tempfile.mkdtemp(prefix="quire-srv-")
        made.append(tmp)
        b = make_blog(tmp, content=False, pages=False, **kw)  # counts workers
        made[-1] = (tmp, b)
        return b
    yield make
    for m in made:
        if isinstance(m, tuple):
            m[1].stop()
            m = m[0]
        shutil.rmtree(m, ignore_errors=True)


def path_of(url):
    return "/" + url.split("/", 3)[3]


# -- scheduled posts ---------------------------------------------------------

def test_scheduled_post_goes_live_on_time_without_cron(new_blog):
    b = new_blog()
    b.add_post("title: Already Here\ndate: 2024-01-01T12:00:00Z\n\nx\n")
    due = int(time.time()) + 4
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(due))
    url = b.add_post("title: Right On Time\ndate: %s\nstatus: scheduled\n\n"
                     "Published by the clock.\n" % stamp)
    path = path_of(url)

    def shown():
        """The post's page, checked against the clock: before its time
        it is not there (404, not on the home page), from then on it is.
        A slow machine only gets here later, so this cannot fail
        because of it."""
        r = b.get(path)
        on_home = "Right On Time" in b.get("/").text
        now = time.time()
        if r.status == 200 or on_home:
            assert now >= due - 1, "published before its time"
        else:
            assert r.status == 404
        return r if r.status == 200 else None
    # Before its time: not there, on either worker.
    for _ in range(4):
        shown()
    # Then it goes live by itself (the generous timeout only ends a hang).
    r = wait_for("the scheduled post to go live", shown, timeout=due + 60
                 - time.time(), step=0.1)
    assert "Published by the clock." in r.text
    home = b.get("/")
    assert home.status == 200
    i = home.text.find("Right On Time")
    assert 0 <= i < home.text.find("Already Here"), \
        "the newly published post is not first on the home page"
    # Every worker agrees.
    for _ in range(4):
        assert b.get(path).status == 200
    status = b.sql("SELECT status FROM posts WHERE slug = 'right-on-time'")
    assert status == [("published",)]


# -- workers -----------------------------------------------------------------

def test_killed_worker_is_replaced_and_site_keeps_answering(new_blog):
    b = new_blog(workers=2)
    b.add_post("title: Steady\ndate: 2024-01-01T12:00:00Z\n\nx\n")
    master = b.quire_proc.pid
    workers = wait_for("2 workers", lambda: (lambda c: c if len(c) == 2
                                             else None)(children(master)))
    victim = sorted(workers)[0]
    os.kill(victim, signal.SIGKILL)
    wait_for("the killed worker to go", lambda: not alive(victim))
    for i in range(20):
        r = b.get("/")
        assert r.status == 200, "request %d after the kill: %d" % (i, r.status)
        assert "Steady" in r.text

    def replaced():
        c = children(master)
        return c if len(c) == 2 and victim not in c else None
    now = wait_for("a new worker in the dead one's place", replaced)
    assert sorted(workers)[1] in now, "the other worker was restarted too"
    assert b.quire_proc.poll() is None, "the master died"
    assert "killed by signal 9" in b.log()
    for _ in range(6):
        assert b.get("/").status == 200


# -- SIGHUP ------------------------------------------------------------------

def test_sighup_reloads_templates(new_blog):
    tmpl = tempfile.mkdtemp(prefix="quire-tmpl-")
    try:
        theme = os.path.join(tmpl, "templates")
        shutil.copytree(os.path.join(TOP, "templates"), theme)
        b = new_blog(workers=2, templates=theme)
        master = b.quire_proc.pid
        before = wait_for("2 workers", lambda: (
            lambda c: c if len(c) == 2 else None)(children(master)))
        assert "Powered by quire</p>" in b.get("/").text
        layout = os.path.join(theme, "layout.mustache")
        with open(layout, encoding="utf-8") as f:
            text = f.read()
        assert "Powered by quire" in text
        with open(layout, "w", encoding="utf-8") as f:
            f.write(text.replace("Powered by quire",
                                 "Powered by quire, freshly reloaded"))
        # Not before the signal: templates are parsed once.
        for _ in range(4):
            assert "freshly reloaded" not in b.get("/").text
        os.kill(master, signal.SIGHUP)
        streak = [0]

        def all_new():
            ok = "freshly reloaded" in b.get("/").text
            streak[0] = streak[0] + 1 if ok else 0
            return streak[0] >= 6
        wait_for("every worker to show the new template", all_new,
                 timeout=5, step=0.02)
        # Reloaded in place: the same master and workers.
        assert b.quire_proc.poll() is None
        assert children(master) == before
        # A broken theme is refused; the old one keeps serving.
        with open(layout, "w", encoding="utf-8") as f:
            f.write("{{#unclosed}}\n")
        os.kill(master, signal.SIGHUP)
        for _ in range(8):
            r = b.get("/")
            assert r.status == 200
            assert "freshly reloaded" in r.text
        wait_for("a log line about the broken theme",
                 lambda: "keeping the old ones" in b.log(), timeout=5)
        assert children(master) == before
    finally:
        shutil.rmtree(tmpl, ignore_errors=True)


# -- SIGTERM -----------------------------------------------------------------

def test_sigterm_exits_cleanly(new_blog):
    b = new_blog(workers=2)
    assert b.get("/").status == 200
    master = b.quire_proc.pid
    workers = children(master)
    assert len(workers) == 2
    assert os.path.exists(b.sock)
    os.kill(master, signal.SIGTERM)
    rc = b.quire_proc.wait(timeout=60)         # only a hang takes so long
    assert rc == 0, "quire serve exited %d on SIGTERM\n%s" % (rc, b.log())
    assert not os.path.exists(b.sock), "the socket file was left behind"
    for w in workers:
        assert not alive(w), "worker %d outlived its master" % w
    assert "quire: stopped" in b.log()


# -- failing fast ------------------------------------------------------------

def serve(tmp, *args):
    sock = os.path.join(tmp, "s.sock")
    try:
        # A serve that fails exits; one that starts runs until stopped
        # (the generous timeout tells the two apart on a slow machine).
        p = subprocess.run([QUIRE, "serve", "--listen", "unix:" + sock,
                            "--workers", "1"] + list(args),
                           capture_output=True, text=True, cwd=tmp,
                           timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("quire serve %s kept running" % " ".join(args))
    assert not os.path.exists(sock), "a socket was made for a failed start"
    return p


@pytest.fixture
def workdir():
    d = tempfile.mkdtemp(prefix="quire-fail-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def init_db(d):
    db = os.path.join(d, "ok.db")
    subprocess.run([QUIRE, "init", "--db", db, "--title", "T", "--base-url",
                    "http://t.test"], check=True, capture_output=True)
    return db


def test_serve_missing_database(workdir):
    db = os.path.join(workdir, "missing.db")
    p = serve(workdir, "--db", db)
    assert p.returncode == 1
    assert "quire: %s: no such database (create it with 'quire init')" % db \
        in p.stderr
    assert not os.path.exists(db)


def test_serve_database_that_is_not_initialised(workdir):
    db = os.path.join(workdir, "empty.db")
    open(db, "w").close()
    p = serve(workdir, "--db", db, "--templates",
              os.path.join(TOP, "templates"))
    assert p.returncode == 1
    assert "schema version 0" in p.stderr and "quire init" in p.stderr


def test_serve_missing_templates(workdir):
    db = init_db(workdir)
    missing = os.path.join(workdir, "no-theme")
    p = serve(workdir, "--db", db, "--templates", missing)
    assert p.returncode == 1
    assert p.stderr.startswith("quire: serve: ")
    assert missing in p.stderr


def test_serve_templates_dir_without_a_theme(workdir):
    db = init_db(workdir)
    theme = os.path.join(workdir, "theme")
    os.mkdir(theme)
    with open(os.path.join(theme, "home.mustache"), "w") as f:
        f.write("hello\n")
    p = serve(workdir, "--db", db, "--templates", theme)
    assert p.returncode == 1
    assert "not a quire theme" in p.stderr


def test_serve_broken_template(workdir):
    db = init_db(workdir)
    theme = os.path.join(workdir, "theme")
    shutil.copytree(os.path.join(TOP, "templates"), theme)
    with open(os.path.join(theme, "post.mustache"), "a") as f:
        f.write("{{#oops}}\n")
    p = serve(workdir, "--db", db, "--templates", theme)
    assert p.returncode == 1
    assert "post" in p.stderr and "oops" in p.stderr


@pytest.mark.parametrize("where", ["unix socket in a missing directory",
                                   "TCP port in use"])
def test_serve_cannot_listen(workdir, where):
    """libfcgi's FCGX_OpenSocket prints "bind/listen: ..." and exit()s by
    itself on failure; quire must say what failed, as "quire: ...", and
    exit 1 like every other error."""
    db = init_db(workdir)
    busy = socket.socket()
    try:
        if where.startswith("unix"):
            addr = "unix:" + os.path.join(workdir, "no", "dir", "s.sock")
        else:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            addr = "127.0.0.1:%d" % busy.getsockname()[1]
        p = subprocess.run([QUIRE, "serve", "--db", db, "--workers", "1",
                            "--listen", addr, "--templates",
                            os.path.join(TOP, "templates")],
                           capture_output=True, text=True, timeout=10)
    finally:
        busy.close()
    assert p.returncode == 1 and "quire: serve: cannot listen on %s" % addr \
        in p.stderr, (
            "quire serve --listen %s (%s): exit %d, stderr %r; wanted exit 1 "
            "and 'quire: serve: cannot listen on %s: why'" % (
                addr, where, p.returncode, p.stderr, addr))


def _fcgi_get(sock_path, uri):
    """A minimal FastCGI client: one GET, the CGI response's bytes."""
    import struct

    def rec(t, content):
        return struct.pack("!BBHHBx", 1, t, 1, len(content), 0) + content

    def nv(name, value):
        return bytes([len(name), len(value)]) + name + value
    params = b"".join(nv(k, v) for k, v in [
        (b"REQUEST_METHOD", b"GET"), (b"REQUEST_URI", uri.encode()),
        (b"REMOTE_ADDR", b"127.0.0.1")])
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock_path)
    s.sendall(rec(1, struct.pack("!HB5x", 1, 0)) + rec(4, params) +
              rec(4, b"") + rec(5, b""))
    data = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
    s.close()
    out, i = b"", 0
    while i + 8 <= len(data):         # STDOUT records' content only
        t, n, pad = data[i + 1], struct.unpack("!H", data[i + 4:i + 6])[0], \
            data[i + 6]
        if t == 6:
            out += data[i + 8:i + 8 + n]
        i += 8 + n + pad
    return out


def test_serves_a_fastcgi_socket_on_fd_0(tmp_path):
    """Without --listen, quire serves the listening socket it is given on
    standard input, as spawn-fcgi passes it."""
    db = str(tmp_path / "fd0.db")
    subprocess.run([QUIRE, "init", "--db", db, "--title", "Fd Zero",
                    "--base-url", "http://127.0.0.1:9"], check=True,
                   capture_output=True)
    path = str(tmp_path / "fd0.sock")
    ls = socket.socket(socket.AF_UNIX)
    ls.bind(path)
    ls.listen(16)
    p = subprocess.Popen([QUIRE, "serve", "--db", db, "--workers", "2",
                          "--templates", os.path.join(TOP, "templates")],
                         stdin=ls.fileno(), stderr=subprocess.DEVNULL,
                         cwd=TOP)
    track(p)
    ls.close()
    try:
        deadline = time.time() + 10
        while True:
            try:
                out = _fcgi_get(path, "/")
                break
            except OSError:
                assert time.time() < deadline, "no answer on fd 0"
                time.sleep(0.05)
        assert out.startswith(b"Status: 200 OK"), out[:80]
        assert b"Fd Zero" in out
        assert _fcgi_get(path, "/nope/").startswith(b"Status: 404")
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=15) == 0
