"""test_faults.py: crash and fault safety, from the outside.

- kill -9 a worker, then the master, under a comment load from four
  clients: every comment answered 303 is stored with exactly its text,
  nothing is half-written, the database is intact, and the service comes
  back (the master replaces the worker; a new master serves again; the
  old master's workers end by themselves).
- A locked database, a full disk, a file size limit and a read-only file
  system (real ones: a small tmpfs filled up, a tmpfs remounted
  read-only, an ext4 image on a loop device that the kernel turns
  read-only after an error, as it does after a disk error): POST
  /comment answers 503 with "could not be saved" and every typed
  character kept, never 500; pages keep being served; once the fault is
  gone the same form goes through. A disk that fails altogether (every
  read and write EIO): pages are served from what SQLite holds, a 503
  where that is not enough, never a 500; the comment's text comes back.
- Slow and stalled clients: nginx reads the request before quire sees
  it, so they hold no quire worker, and nginx's client timeouts (see
  contrib/nginx.conf) end them.

Each test runs on a blog of its own with two workers; every process is
stopped by PID, every mount unmounted. Mounting needs root and a kernel
that allows it: where it is not allowed, those tests are skipped, saying
why.
"""
import errno
import fcntl
import html
import http.client
import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid

import pytest

import conftest
from conftest import (ADMIN_PASSWORD, QUIRE, TOP, Blog, Response,
                      form_inputs, parse_html)
from content import post_file
from procs import alive, children, keeper, track, wait_for

SAVE_FAILED = "could not be saved"

# Every kind of character a person may type, which must come back as is.
NAME = "Zo\u00eb \u65e5\u672c <b>&amp; \"Q\" 'A'"
EMAIL = "zo\u00eb.o'brien+faults@example.org"
URL = "https://example.org/p\u00e4th?a=1&b='x'"
TEXT = ("\nZo\u00eb says: \u65e5\u672c\u8a9e \U0001F389 <script>x</script>"
        " & \"double\" 'single' &amp; \u00a0nbsp\n\nsecond line   ")


# -- processes ------------------------------------------------------------

def start_quire(b):
    """Start `quire serve` again on the blog's database and socket, as an
    administrator would after a crash; nginx keeps running."""
    wrapper = os.environ.get("QUIRE_WRAPPER", "").split()
    p = subprocess.Popen(
        wrapper + [QUIRE, "serve", "--db", b.db, "--listen", "unix:" + b.sock,
                   "--workers", str(b.workers), "--socket-mode", "666",
                   "--templates", b.templates],
        cwd=TOP, stderr=open(os.path.join(b.tmp, "quire.log"), "a"))
    b.procs.append(track(p))
    b.quire_proc = p
    wait_for("the new quire to serve", lambda: serves(b) or
             p.poll() is not None, timeout=20, step=0.1)
    assert p.poll() is None, "quire did not start:\n" + b.log()[-2000:]
    return p


def stop_quire(b):
    """SIGTERM the master and wait for it (nginx keeps running)."""
    p = b.quire_proc
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)


def serves(b):
    try:
        return b.get("/").status == 200
    except OSError:
        return False


# -- blogs ----------------------------------------------------------------

@pytest.fixture
def fault_blog(monkeypatch):
    """make(db_dir=None, posts=1, busy_ms=None) starts a blog whose
    database lives in db_dir (a mount) if given; comments go through at
    once (no fill time, flood delay or rate limit, no moderation). All
    are stopped at the end (a test that unmounts stops its blog first)."""
    made = []

    def make(db_dir=None, posts=1, busy_ms=None):
        tmp = tempfile.mkdtemp(prefix="quire-faults-")
        b = Blog(tmp, workers=2, pages=False)  # counts workers by pid
        made.append(b)
        if db_dir is not None:
            b.db = os.path.join(db_dir, "blog.db")
        b.quire("init", "--title", "Fault Blog", "--base-url", b.base)
        b.quire("user", "add", "--login", "admin", "--name", "Ada Admin",
                "--email", "ada@example.org", "--role", "admin",
                input=ADMIN_PASSWORD + "\n")
        b.paths = []
        for i in range(posts):
            url = b.add_post(post_file("Fault line %d" % i,
                                       "A post to comment on.\n"))
            b.paths.append(urllib.parse.urlsplit(url).path)
        b.path = b.paths[0]
        b.settings(min_fill_seconds=0, flood_seconds=0, rate_limit=1000000,
                 moderation="none")
        if busy_ms is not None:
            monkeypatch.setenv("QUIRE_BUSY_TIMEOUT_MS", str(busy_ms))
        b.start()
        monkeypatch.delenv("QUIRE_BUSY_TIMEOUT_MS", raising=False)
        return b
    yield make
    for b in made:
        b.stop()
        shutil.rmtree(b.tmp, ignore_errors=True)


# -- mounts ---------------------------------------------------------------

def run(*argv):
    if shutil.which(argv[0]) is None:
        pytest.skip("%s is not installed" % argv[0])
    return subprocess.run(list(argv), capture_output=True, text=True)


class Mount:
    """A file system of its own for a database: a size-limited tmpfs, or
    an ext4 image on a loop device. Skips the test when mounting is not
    allowed here."""

    def __init__(self, kind, size):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix="quire-mnt-")
        self.dev = None
        self.mounted = False
        if os.geteuid() != 0:
            self.cleanup()
            pytest.skip("mounting a file system needs root")
        if kind == "tmpfs":
            p = run("mount", "-t", "tmpfs", "-o", "size=%s" % size,
                    "tmpfs", self.dir)
        else:
            self.img = self.dir + ".img"
            with open(self.img, "wb") as f:
                f.truncate(size)
            p = run("mkfs.ext4", "-q", "-F", self.img)
            if p.returncode != 0:
                self.cleanup()
                pytest.skip("mkfs.ext4 failed: " + p.stderr.strip())
            p = run("losetup", "-f", "--show", self.img)
            if p.returncode != 0:
                self.cleanup()
                pytest.skip("no loop device: " + p.stderr.strip())
            self.dev = p.stdout.strip()
            p = run("mount", "-o", "errors=remount-ro", self.dev, self.dir)
        if p.returncode != 0:
            self.cleanup()
            pytest.skip("mount is not permitted here: " + p.stderr.strip())
        self.mounted = True

    def remount(self, mode):
        p = run("mount", "-o", "remount," + mode, self.dir)
        assert p.returncode == 0, "remount %s: %s" % (mode, p.stderr)

    def fs_error(self):
        """Make the kernel see an ext4 error: with errors=remount-ro it
        refuses every write from then on, open files included."""
        path = "/sys/fs/ext4/%s/trigger_fs_error" % os.path.basename(
            self.dev)
        if not os.path.exists(path):
            pytest.skip("this kernel has no %s" % path)
        with open(path, "w") as f:
            f.write("quire test_faults\n")

    def shut_down(self):
        """Take the disk away (EXT4_IOC_SHUTDOWN, as xfstests' godown
        does): from now on every read and write of it fails with EIO."""
        fd = os.open(self.dir, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, 0x8004587D, struct.pack("I", 2))  # NOLOGFLUSH
        except OSError as e:
            pytest.skip("EXT4_IOC_SHUTDOWN: %s" % e)
        finally:
            os.close(fd)

    def cleanup(self):
        if self.mounted:
            p = run("umount", self.dir)
            if p.returncode != 0:
                run("umount", "-l", self.dir)
            self.mounted = False
        if self.dev is not None:
            run("losetup", "-d", self.dev)
            self.dev = None
        if getattr(self, "img", None) and os.path.exists(self.img):
            os.unlink(self.img)
        shutil.rmtree(self.dir, ignore_errors=True)


# -- a commenter ----------------------------------------------------------

class Commenter:
    """A person at 127.0.0.N with a browser: fetches a post, fills in its
    comment form and sends it."""

    def __init__(self, b, n, name=None, email=None):
        self.b = b
        self.addr = "127.0.0.%d" % n
        self.name = name or "Person %d" % n
        self.email = email or "person%d@example.net" % n

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                          timeout=timeout,
                                          source_address=(self.addr, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def form(self, path):
        """The hidden fields of the post's comment form."""
        r = self.request("GET", path)
        assert r.status == 200, "GET %s: %d" % (path, r.status)
        return hidden_fields(r.text)

    def send(self, hidden, comment, author=None, email=None, url=""):
        fields = dict(hidden)
        fields.update(author=author or self.name, email=email or self.email,
                      url=url, comment=comment, submit="Post Comment")
        body = urllib.parse.urlencode(fields).encode("ascii")
        return self.request("POST", "/comment", body, {
            "Content-Type": "application/x-www-form-urlencoded"})


def hidden_fields(page):
    fields = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<input type="hidden" name="([a-z_A-Z]+)"[^>]*? value="([^"]*)"',
        page)}
    assert "token" in fields and "comment_post_ID" in fields, fields
    return fields


def kept_form(r):
    """The comment form as re-rendered in answer r: {field: value} as a
    browser would send it again, and the text of its message box."""
    doc = parse_html(r.text)
    f = doc.find("form", id_="commentform")
    assert f is not None, "no comment form in the %d answer" % r.status
    out = {}
    for inp in form_inputs(doc, "commentform"):
        name = inp.attrs.get("name")
        if name and inp.attrs.get("type") not in ("submit", "checkbox"):
            out[name] = inp.attrs.get("value") or ""
    raw = "".join(c for c in f.find("textarea", name="comment").children
                  if isinstance(c, str))
    out["comment"] = raw[1:] if raw.startswith("\n") else raw
    msg = " ".join(n.text() for n in doc.find_all(cls="form-errors"))
    return out, msg


def comment_id(r):
    loc = urllib.parse.urlsplit(r.header("Location") or "")
    m = re.fullmatch(r"comment-(\d+)", loc.fragment)
    assert m, "Location %r has no #comment-ID" % r.header("Location")
    return int(m.group(1))


def assert_refused_and_kept(r, hidden):
    """503, the form back with every character as typed and a new
    token, and a message that says the comment was not saved."""
    assert r.status == 503, "wanted 503, got %d" % r.status
    kept, msg = kept_form(r)
    assert SAVE_FAILED in msg, "message: %r" % msg
    assert (kept["author"], kept["email"], kept["url"], kept["comment"]) == (
        NAME, EMAIL, URL, TEXT)
    assert kept["token"] and kept["token"] != hidden["token"]
    return kept


def send_again(c, kept):
    """Press the button again on the re-rendered form."""
    return c.send({k: v for k, v in kept.items() if k not in
                   ("author", "email", "url", "comment")}, kept["comment"],
                  author=kept["author"], email=kept["email"], url=kept["url"])


def stored(b, cid):
    rows = b.sql("SELECT author_name, author_email, author_url, body_md, "
                 "status, path FROM comments WHERE id = ?", (cid,))
    return rows[0] if rows else None


def assert_sound(b):
    """The database is intact, fully written, and its counts are right."""
    assert b.sql("PRAGMA integrity_check") == [("ok",)]
    assert b.sql("PRAGMA foreign_key_check") == []
    assert b.sql("SELECT count(*) FROM comments WHERE path = ''") == [(0,)]
    assert b.sql("SELECT count(*) FROM comments c WHERE NOT EXISTS "
                 "(SELECT 1 FROM spent_nonces n WHERE n.comment_id = c.id)"
                 " AND c.type = 'comment'") == [(0,)]
    bad = b.sql("SELECT p.id, p.comment_count, (SELECT count(*) FROM "
                "comments c WHERE c.post_id = p.id AND c.status = "
                "'approved') AS n FROM posts p WHERE p.comment_count != n")
    assert bad == [], "comment_count differs from approved rows: %r" % bad


# -- 1. kill -9 under load ----------------------------------------------------

def test_kill_worker_then_master_under_comment_load(fault_blog):
    b = fault_blog(posts=8)
    master = b.quire_proc.pid
    stop = threading.Event()
    sent = []                   # (text, status or error, comment id)
    lock = threading.Lock()
    run_id = uuid.uuid4().hex[:8]

    def client(n):
        c = Commenter(b, 20 + n, email="killer%d@example.net" % n)
        i = 0
        while not stop.is_set():
            i += 1
            path = b.paths[(n + i) % len(b.paths)]
            try:
                hidden = c.form(path)
            except (AssertionError, OSError, http.client.HTTPException):
                time.sleep(0.02)        # 502 while no master: try again
                continue
            text = "Comment %d of client %d, run %s: \u00fcber \U0001F40C" % (
                i, n, run_id)
            try:
                r = c.send(hidden, text)
                status = r.status
                cid = comment_id(r) if status == 303 else None
            except (OSError, http.client.HTTPException) as e:
                status, cid = type(e).__name__, None
            with lock:
                sent.append((text, status, cid))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    orphans = set()
    try:
        for t in threads:
            t.start()
        time.sleep(2)
        workers = children(master)
        assert len(workers) == 2, workers
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        wait_for("the master to replace the killed worker", lambda:
                 len(children(master)) == 2 and victim not in
                 children(master))
        time.sleep(2)
        orphans = children(master) | {keeper(master)} - {None}
        b.quire_proc.send_signal(signal.SIGKILL)
        b.quire_proc.wait(timeout=10)
        # Its workers see their parent die and end by themselves.
        wait_for("the dead master's workers to exit", lambda: not any(
            alive(p) for p in orphans), timeout=15)
        time.sleep(0.5)                 # the outage: nginx answers 502
        start_quire(b)
        time.sleep(2)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        for p in orphans:               # only if the check above failed
            if alive(p):
                os.kill(p, signal.SIGKILL)

    ok = [(text, cid) for text, status, cid in sent if status == 303]
    lost = []
    for text, cid in ok:
        row = stored(b, cid)
        if row is None or row[3] != text or row[4] != "approved":
            lost.append((cid, text, row))
    others = {}
    for _, status, _ in sent:
        if status != 303:
            others[status] = others.get(status, 0) + 1
    print("comments posted: %d, 303s: %d, lost: %d (other answers: %r)" % (
        len(sent), len(ok), len(lost), others))
    assert not lost, "answered 303 but not stored as sent: %r" % lost[:5]
    assert len(ok) > 100, "too little load to mean anything: %d" % len(ok)
    assert not [s for s in others if s == 500], others
    # Each text at most once (a retry never duplicates) ...
    texts = b.sql("SELECT body_md, count(*) FROM comments WHERE body_md "
                  "LIKE ? GROUP BY body_md HAVING count(*) > 1",
                  ("%run " + run_id + "%",))
    assert texts == []
    # ... and nothing that was not sent.
    sent_texts = {text for text, _, _ in sent}
    for (body,) in b.sql("SELECT body_md FROM comments"):
        assert body in sent_texts
    assert_sound(b)
    assert "killed by signal 9" in b.log()
    assert serves(b)
    assert len(children(b.quire_proc.pid)) == 2
    # and it still takes comments
    c = Commenter(b, 24)
    r = c.send(c.form(b.path), "After the storm.")
    assert r.status == 303 and stored(b, comment_id(r))[3] == "After the storm."


# -- 2. faults of the database ---------------------------------------------

def prepare(b, n=40):
    """A commenter with a form; and the number of comments stored."""
    c = Commenter(b, n, name=NAME, email=EMAIL)
    return c, c.form(b.path), b.sql("SELECT count(*) FROM comments")[0][0]


def check_refused(b, c, hidden):
    """The fault lasts: POST gets 503 with the text kept; pages are
    still served."""
    r = c.send(hidden, TEXT, url=URL)
    kept = assert_refused_and_kept(r, hidden)
    for path in (b.path, "/", "/feed/", "/tags/"):
        g = c.request("GET", path)
        assert g.status == 200, "GET %s during the fault: %d" % (path, g.status)
    return kept


def check_accepted_again(b, c, kept, before):
    """The fault is gone: the form as it came back goes through."""
    r = send_again(c, kept)
    assert r.status == 303, "after the fault: %d" % r.status
    row = stored(b, comment_id(r))
    assert row[:4] == (NAME, EMAIL, URL, TEXT)
    assert b.sql("SELECT count(*) FROM comments")[0][0] == before + 1
    assert_sound(b)


def test_locked_database(fault_blog):
    """Another writer holds the lock longer than quire waits (its busy
    timeout, shortened here to 300 ms by $QUIRE_BUSY_TIMEOUT_MS)."""
    b = fault_blog(busy_ms=300)
    c, hidden, before = prepare(b)
    con = sqlite3.connect(b.db, isolation_level=None, timeout=10)
    try:
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE settings SET value = value WHERE key = 'title'")
        kept = check_refused(b, c, hidden)
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert "database is locked" in b.log()
    check_accepted_again(b, c, kept, before)


def test_disk_full(fault_blog):
    """The database's file system fills up (a 2 MiB tmpfs, topped up by
    another file): SQLite cannot grow the -wal file."""
    m, b = Mount("tmpfs", "2m"), None
    try:
        b = fault_blog(db_dir=m.dir)
        c, hidden, before = prepare(b)
        fill = os.path.join(m.dir, "fill")
        fd = os.open(fill, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as e:
            assert e.errno == errno.ENOSPC
        finally:
            os.close(fd)
        kept = check_refused(b, c, hidden)
        assert "database or disk is full" in b.log()
        os.unlink(fill)
        check_accepted_again(b, c, kept, before)
    finally:
        if b is not None:
            b.stop()
        m.cleanup()


def test_file_size_limit(fault_blog):
    """RLIMIT_FSIZE (systemd's LimitFSIZE=, ulimit -f) reached: a write
    past it must fail (EFBIG), not kill the worker with SIGXFSZ."""
    b = fault_blog()
    c, hidden, before = prepare(b)
    wal = os.path.getsize(b.db + "-wal")
    workers = children(b.quire_proc.pid)
    for w in workers:
        p = run("prlimit", "--pid", str(w), "--fsize=%d:" % wal)   # soft
        assert p.returncode == 0, p.stderr
    r = c.send(hidden, TEXT, url=URL)
    kept = assert_refused_and_kept(r, hidden)
    assert children(b.quire_proc.pid) == workers, "a worker died"
    for w in workers:
        p = run("prlimit", "--pid", str(w), "--fsize=unlimited:")
        assert p.returncode == 0, p.stderr
    check_accepted_again(b, c, kept, before)


def test_read_only_after_disk_error(fault_blog):
    """The kernel remounts the file system read-only under a running
    quire (ext4 errors=remount-ro after an error): comments are refused
    with the text kept; pages are served, also by a quire started again
    on the read-only file system."""
    m, b = Mount("ext4", 16 << 20), None
    try:
        b = fault_blog(db_dir=m.dir)
        c, hidden, before = prepare(b)
        r = c.send(c.form(b.path), "Written before the error.")
        assert r.status == 303
        m.fs_error()
        check_refused(b, c, hidden)
        stop_quire(b)
        start_quire(b)
        hidden = c.form(b.path)
        check_refused(b, c, hidden)
        assert "Written before the error." in c.request("GET", b.path).text
    finally:
        if b is not None:
            b.stop()
        m.cleanup()


def test_disk_gone(fault_blog):
    """The disk goes away under a running quire (every read and write
    fails with EIO): pages are served where SQLite still has what they
    need, a clear 503 where not, never a 500; a comment is refused with
    503 and its text given back."""
    m, b = Mount("ext4", 16 << 20), None
    try:
        b = fault_blog(db_dir=m.dir)
        c, hidden, before = prepare(b)
        m.shut_down()
        answers = {}
        for path in (b.path, "/", "/feed/", "/tags/", "/search?q=fault",
                     b.path, "/"):
            g = c.request("GET", path)
            answers[path] = g.status
            assert g.status in (200, 503), "GET %s: %d\n%s" % (
                path, g.status, b.log()[-1500:])
            if g.status == 503:
                assert "try again" in g.text, g.text[:300]
        r = c.send(hidden, TEXT, url=URL)
        assert r.status == 503, r.status
        # In the form, in a themed page, or in a plain-text one.
        assert TEXT.strip() in html.unescape(r.text) or (
            TEXT.strip() in r.text), r.text[:1000]
        print("pages with the disk gone: %r" % answers)
    finally:
        if b is not None:
            b.stop()
        m.cleanup()


def test_read_only_file_system_at_start(fault_blog):
    """quire started on a read-only file system after a clean shutdown
    (no -wal, no -shm: SQLite cannot open such a WAL database the usual
    way): pages are served read-only, comments refused with the text
    kept; once it is writable again, the workers notice and comments go
    through."""
    m, b = Mount("tmpfs", "8m"), None
    try:
        b = fault_blog(db_dir=m.dir)
        c = Commenter(b, 41, name=NAME, email=EMAIL)
        r = c.send(c.form(b.path), "Written before the remount.")
        assert r.status == 303
        before = b.sql("SELECT count(*) FROM comments")[0][0]
        stop_quire(b)
        # The last connection to close removes -wal and -shm; two
        # workers closing at once may both leave them: close one more.
        b.sql("PRAGMA user_version")
        assert not os.path.exists(b.db + "-wal")
        m.remount("ro")
        start_quire(b)
        assert "read-only file system" in b.log()
        hidden = c.form(b.path)
        kept = check_refused(b, c, hidden)
        assert "Written before the remount." in c.request("GET", b.path).text
        m.remount("rw")
        time.sleep(1.1)         # checked at most once a second
        check_accepted_again(b, c, kept, before)
        assert "writable again" in b.log()
    finally:
        if b is not None:
            b.stop()
        m.cleanup()


# -- 3. slow clients ------------------------------------------------------------

def restart_nginx(b, **over):
    """Start nginx again with some directives of contrib/nginx.conf
    changed (e.g. client_body_timeout="2s")."""
    conf = os.path.join(b.tmp, "nginx.conf")
    with open(conf) as f:
        text = f.read()
    for k, v in over.items():
        text, n = re.subn(r"^(\s*)%s [^;\n]+;" % k, r"\g<1>%s %s;" % (k, v),
                          text, flags=re.M)
        assert n == 1, "%s is not set in contrib/nginx.conf" % k
    with open(conf, "w") as f:
        f.write(text)
    b.nginx_proc.send_signal(signal.SIGTERM)
    b.nginx_proc.wait(timeout=10)
    b.procs.remove(b.nginx_proc)
    b.nginx_proc = subprocess.Popen(
        [conftest.NGINX, "-p", b.tmp, "-c", conf, "-e",
         os.path.join(b.tmp, "nginx.err"), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL)
    b.procs.append(track(b.nginx_proc))
    wait_for("nginx", lambda: serves(b), timeout=10)


def connected(s):
    """Is the socket still open at the other end, with no answer sent
    (no data waiting, no EOF, no reset)?"""
    readable, _, _ = select.select([s], [], [], 0)
    return not readable


def test_slow_clients_hold_no_worker(fault_blog):
    """Ten clients that stall (five in the headers, five in the body of
    a POST /comment) and five that trickle a byte at a time: the two
    quire workers keep answering others meanwhile, because nginx reads requests
    whole before passing them on; nginx ends the stalled ones after its
    client timeouts (shortened to 2 s here; the shipped values are in
    contrib/nginx.conf)."""
    b = fault_blog()
    restart_nginx(b, client_body_timeout="2s", client_header_timeout="2s")
    comments = b.sql("SELECT count(*) FROM comments")[0][0]
    body = urllib.parse.urlencode({
        "author": "Slow", "email": "slow@example.org", "comment": "x" * 3000,
        "comment_post_ID": "1", "token": "t"}).encode()
    stalled, tricklers = [], []
    for i in range(10):
        s = socket.create_connection(("127.0.0.1", b.port), 10)
        if i < 5:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        else:
            s.sendall(b"POST /comment HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(body) + body[:100])
        stalled.append((s, time.monotonic()))
    for i in range(5):
        s = socket.create_connection(("127.0.0.1", b.port), 10)
        s.sendall(b"POST /comment HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        tricklers.append(s)
    try:
        # Meanwhile other readers are answered, the first of them while
        # every stalled client is still connected: it did not wait for
        # nginx to drop them.
        for i in range(40):
            if i % 4 == 0:
                for s in tricklers:
                    try:
                        s.send(body[i:i + 1])
                    except OSError:     # dropped by nginx: not the point
                        pass
            r = b.get(b.path if i % 2 else "/")
            assert r.status == 200
            if i == 0:
                assert all(connected(s) for s, _ in stalled), \
                    "a reader was answered only once nginx dropped a " \
                    "stalled client"
            time.sleep(0.05)
        # The stalled ones are closed by nginx, with a 408 or without a
        # word, once its timeout (2 s) has passed, not before (60 s ends
        # a hang: a slow machine only closes them later).
        for s, t0 in stalled:
            s.settimeout(60)
            data = b""
            try:
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            except ConnectionResetError:
                pass
            took = time.monotonic() - t0
            assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:80]
            assert took > 1.5, "closed after %.1f s" % took
    finally:
        for s, _ in stalled:
            s.close()
        for s in tricklers:
            s.close()
    # quire never saw any of them.
    assert b.sql("SELECT count(*) FROM comments")[0][0] == comments
    assert "client went away" not in b.log()
