"""conftest.py: a real quire behind real nginx on a free loopback port.

The `blog` fixture (one per test session) makes a temporary directory with
a fresh SQLite database (quire init, quire user add, quire post add of the
files in tests/http/content/), starts `quire serve` on a unix socket and
nginx with the configuration from contrib/, and stops both by PID at the
end. Tests talk HTTP to nginx only.
"""
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time

import pytest

from procs import track

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QUIRE = os.path.join(TOP, "quire")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ADMIN_PASSWORD = "correct horse battery staple"
# External corpora (WordPress's Theme Unit Test export, the benchmark
# export) are not part of the repository: they are read from
# $QUIRE_SHARED (relative paths from the repository's top), by default
# ../shared beside the repository; tests that need one are skipped,
# with the reason, when it is absent (need_corpus).
SHARED = os.path.abspath(os.path.join(
    TOP, os.environ.get("QUIRE_SHARED") or os.path.join("..", "shared")))


def need_corpus(path):
    """path, a file under SHARED; skips the test when it is absent."""
    if not os.path.isfile(path):
        pytest.skip("external corpus %s not found (set QUIRE_SHARED to "
                    "the folder holding bench/ and wxr/; default "
                    "../shared beside the repository)" % path)
    return path


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        """Every value of a header that may come more than once."""
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def __repr__(self):
        return "<Response %d %d bytes>" % (self.status, len(self.body))


class Blog:
    def __init__(self, tmp, workers=2, templates=None, pages=True,
                 nginx_extra="", theme=None):
        self.tmp = tmp
        # quire serve --theme DIR, and nginx's static files from
        # DIR/static first (contrib/nginx-local.sh's THEME).
        self.theme = theme
        # Lines for nginx's http block (e.g. the realip module's, for a
        # blog behind a proxy that names the client).
        self.nginx_extra = nginx_extra
        self.templates = templates or os.path.join(TOP, "templates")
        self.db = os.path.join(tmp, "blog.db")
        self.sock = os.path.join(tmp, "quire.sock")
        # quire serve --pages (the second tier), as contrib/ runs it;
        # the modules that test quire's own answers go without.
        self.pages = os.path.join(tmp, "pages")
        self.use_pages = pages
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.workers = workers
        self.procs = []
        self.current = {}           # settings written by settings()

    # -- the command line -------------------------------------------------
    def quire(self, *args, input=None, check=True, db=True):
        argv = [QUIRE] + list(args)
        if db:
            argv += ["--db", self.db]
        p = subprocess.run(argv, input=input, capture_output=True,
                           text=True, cwd=TOP, timeout=60)
        if check and p.returncode != 0:
            raise AssertionError("quire %s: exit %d\n%s" % (
                " ".join(args), p.returncode, p.stderr))
        return p

    def add_post(self, text):
        path = os.path.join(self.tmp, "post-%d.md" % time.monotonic_ns())
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return self.quire("post", "add", path).stdout.strip()

    def sql(self, query, args=()):
        con = sqlite3.connect(self.db, timeout=10)
        try:
            cur = con.execute(query, args)
            rows = cur.fetchall()
            con.commit()
            changed = con.execute(
                "SELECT changed FROM site_state").fetchone()[0]
        finally:
            con.close()
        self.wait_pages(changed)
        return rows

    def settings(self, **kv):
        """Write settings (key=value) in one transaction, as the admin's
        settings page would, and wait for the page files like sql();
        self.current keeps what the tests have written."""
        con = sqlite3.connect(self.db, timeout=10)
        try:
            with con:
                con.executemany(
                    "INSERT INTO settings(key, value) VALUES(?, ?) ON "
                    "CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [(k, str(v)) for k, v in kv.items()])
            changed = con.execute(
                "SELECT changed FROM site_state").fetchone()[0]
        finally:
            con.close()
        self.current.update((k, str(v)) for k, v in kv.items())
        self.wait_pages(changed)

    def pages_clock(self):
        """The change clock of the page files nginx serves, or None."""
        try:
            gen = os.readlink(os.path.join(self.pages, "current"))
        except OSError:
            return None
        return int(gen[1:].split("-")[0])

    def wait_pages(self, changed):
        """A change made behind quire's back (sqlite3, as here) reaches
        nginx's page files when quire's keeper sees it, within about
        10 ms (README): wait for that, as a reader would not notice."""
        if getattr(self, "quire_proc", None) is None or \
                self.quire_proc.poll() is not None:
            return
        deadline = time.time() + 5
        while time.time() < deadline:
            c = self.pages_clock()
            if c is None or c >= changed:
                return
            time.sleep(0.002)

    # -- the servers -----------------------------------------------------
    def start(self):
        """Start quire serve and nginx; if either fails to start, stop
        what did start (by PID) before raising."""
        _started.append(self)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        # $QUIRE_WRAPPER prefixes `quire serve` (make valgrind), which is
        # then slower to start and to stop.
        wrapper = os.environ.get("QUIRE_WRAPPER", "").split()
        self.slow = 6 if wrapper else 1
        self.quire_proc = subprocess.Popen(
            wrapper + [QUIRE, "serve", "--db", self.db, "--listen",
                       "unix:" + self.sock, "--workers", str(self.workers),
                       "--socket-mode", "666", "--templates", self.templates]
            + (["--pages", self.pages] if self.use_pages else [])
            + (["--theme", self.theme] if self.theme else []),
            cwd=TOP, stderr=open(os.path.join(self.tmp, "quire.log"), "a"))
        self.procs.append(track(self.quire_proc))
        deadline = time.time() + 10 * self.slow
        while not os.path.exists(self.sock):
            if time.time() > deadline or self.quire_proc.poll() is not None:
                raise RuntimeError("quire did not start:\n" + self.log())
            time.sleep(0.02)
        conf = subprocess.run(
            ["sh", os.path.join(TOP, "contrib", "nginx-local.sh"), self.tmp,
             str(self.port), self.sock, os.path.join(TOP, "static"),
             str(self.workers), self.pages], capture_output=True, text=True,
            check=True, env=dict(os.environ, THEME=self.theme or ""))
        text = conf.stdout
        if self.nginx_extra:
            head, _, tail = text.rpartition("}")
            text = head + self.nginx_extra + "\n}" + tail
        with open(os.path.join(self.tmp, "nginx.conf"), "w") as f:
            f.write(text)
        self.nginx_proc = subprocess.Popen(
            [NGINX, "-p", self.tmp, "-c", os.path.join(self.tmp, "nginx.conf"),
             "-e", os.path.join(self.tmp, "nginx.err"), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL)
        self.procs.append(track(self.nginx_proc))
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                if time.time() > deadline or self.nginx_proc.poll() is not None:
                    raise RuntimeError("nginx did not start")
                time.sleep(0.02)

    def running(self):
        return [p for p in self.procs if p.poll() is None]

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(self.procs):
            try:
                p.wait(timeout=15 * getattr(self, "slow", 1))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []

    def log(self):
        try:
            with open(os.path.join(self.tmp, "quire.log")) as f:
                return f.read()
        except OSError:
            return ""

    # -- HTTP ------------------------------------------------------------
    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def raw(self, data, timeout=10):
        """Send raw bytes, return the raw response bytes."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout)
        try:
            s.sendall(data)
            chunks = []
            while True:
                try:
                    c = s.recv(65536)
                except socket.timeout:
                    break
                if not c:
                    break
                chunks.append(c)
            return b"".join(chunks)
        finally:
            s.close()


def csp_directives(value):
    """A Content-Security-Policy as {directive: [sources]}."""
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def make_blog(tmp, content=True, workers=2, templates=None, pages=True,
              nginx_extra="", theme=None):
    """A started blog in tmp; templates: a theme directory (default: the
    tree's templates/); pages: with quire's page files for nginx;
    nginx_extra: lines for nginx's http block; theme: quire serve
    --theme's directory. Leaves nothing running if
    it fails; the caller stops the blog it returns (try/finally around
    everything after this call)."""
    b = Blog(tmp, workers=workers, templates=templates, pages=pages,
             nginx_extra=nginx_extra, theme=theme)
    b.quire("init", "--title", "Test Blog", "--base-url", b.base,
            "--timezone", "Europe/Berlin")
    b.quire("user", "add", "--login", "admin", "--name", "Ada Admin",
            "--email", "ada@example.org", "--role", "admin",
            input=ADMIN_PASSWORD + "\n")
    if content:
        from content import load
        load(b)
    b.start()
    return b


@pytest.fixture(scope="session")
def blog():
    tmp = tempfile.mkdtemp(prefix="quire-http-")
    # The shared blog tests quire's own answers (tier 1);
    # test_pagefiles.py tests nginx's page files (tier 2).
    try:
        b = make_blog(tmp, pages=False)
        try:
            yield b
        finally:
            b.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def empty_blog():
    """A blog with no posts at all, for its own test."""
    tmp = tempfile.mkdtemp(prefix="quire-empty-")
    try:
        b = make_blog(tmp, content=False, pages=False)
        try:
            yield b
        finally:
            b.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- the counts for tests/check.sh ------------------------------------------

_counts = {"passed": 0, "failed": 0, "skipped": 0}
_started = []           # every Blog started (Blog.start)
_left = []              # what was still running at the end


def pytest_runtest_logreport(report):
    if report.when == "call":
        if report.passed:
            _counts["passed"] += 1
        elif report.failed:
            _counts["failed"] += 1
        elif hasattr(report, "wasxfail"):
            # An expected failure (xfail(strict=True): a known bug the
            # test describes); it passes, and is listed (-rx).
            _counts["passed"] += 1
        else:
            _counts["skipped"] += 1
    elif report.failed:          # setup or teardown errors count as failures
        _counts["failed"] += 1
    elif report.when == "setup" and report.skipped:
        _counts["skipped"] += 1  # a skip from a fixture (need_corpus)


def pytest_sessionfinish(session, exitstatus):
    # Every fixture has been torn down: a blog still running was leaked
    # by one. Stop it (by PID) and count it as a failure.
    for b in _started:
        procs = b.running()
        if procs:
            _left.append("%s: %s" % (b.tmp, ", ".join(
                "pid %d (%s)" % (p.pid, os.path.basename(str(p.args[0])))
                for p in procs)))
            b.stop()
            _counts["failed"] += 1
    path = os.environ.get("QUIRE_TEST_COUNTS")
    if path:
        with open(path, "w") as f:
            f.write("%d passed, %d failed, %d skipped\n" % (
                _counts["passed"], _counts["failed"], _counts["skipped"]))


def pytest_terminal_summary(terminalreporter):
    for line in _left:
        terminalreporter.write_line("fail - left running after its "
                                    "fixture ended: " + line)


# -- reading HTML (for the tests) ------------------------------------------
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    """An element of a parsed page: tag, attrs (dict), children (Nodes and
    text strings), parent."""

    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []
        self.parent = parent

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        """The visible text, whitespace collapsed."""
        out = []

        def walk(n):
            for c in n.children:
                if isinstance(c, str):
                    out.append(c)
                else:
                    walk(c)
        walk(self)
        return " ".join("".join(out).split())

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        """Descendants by tag, class and attribute values (id_="x" for
        id, since id is a Python name too)."""
        want = {k.rstrip("_"): v for k, v in attrs.items()}
        return [n for n in self.iter()
                if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes())
                and all(n.attrs.get(k) == v for k, v in want.items())]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

    def __repr__(self):
        return "<%s %r>" % (self.tag, self.attrs)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root
        self.errors = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.cur.tag))
            n = self.cur
            while n is not None and n.tag != tag:
                n = n.parent
            if n is None:
                return
            self.cur = n
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text):
    """Parse a page quire made into a Node tree. quire's markup closes
    every element, so a mismatched end tag is an assertion failure."""
    b = _TreeBuilder()
    b.feed(text)
    b.close()
    assert not b.errors, "badly nested HTML: %s" % "; ".join(b.errors[:5])
    assert b.cur is b.root, "unclosed element <%s>" % b.cur.tag
    return b.root


def inputs_naming(doc, form_id):
    """The <input>s of the page that belong to the form with that id by
    naming it, form="..." (the comment form's token, the page's last
    element)."""
    return [i for i in doc.find_all("input")
            if i.attrs.get("form") == form_id]


def form_inputs(doc, form_id):
    """The <input>s of the form with that id, as a browser submits it:
    those inside it and those elsewhere in the page that name it."""
    f = doc.find("form", id_=form_id)
    assert f is not None, "no form #%s in the page" % form_id
    return f.find_all("input") + inputs_naming(doc, form_id)
