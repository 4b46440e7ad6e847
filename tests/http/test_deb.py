"""test_deb.py: the Debian package (`make deb`, contrib/debian/).

test_deb_lintian: lintian finds no errors in quire_VERSION_ARCH.deb.
test_deb_install_serve_remove (root only): the package installs with
dpkg, the installed /usr/bin/quire makes a blog in a temporary directory
and serves it with the installed templates behind nginx configured from
the INSTALLED site file (/etc/nginx/sites-available/quire, adapted to a
free loopback port by contrib/nginx-local.sh, its /usr/share/quire paths
kept); `dpkg -r` then leaves the blog's database and takes the binary,
and `dpkg --purge` leaves the machine as it was. It never runs where the
package, the quire user or its directories are there already (someone
else's), and every process it starts is stopped by PID, every package
state it makes undone, even on failure."""
import grp
import http.client
import os
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time

import pytest

from conftest import NGINX, TOP, free_port

PKG = "quire"
SITE = "/etc/nginx/sites-available/quire"
UNIT = "/lib/systemd/system/quire.service"
WANTS = "/etc/systemd/system/multi-user.target.wants/quire.service"
SHARE = "/usr/share/quire"
# What the package's scripts make or ship outside dpkg's own files: if
# any is there before the test, it belongs to someone else.
OURS = ["/var/lib/quire", "/var/cache/quire", SITE, "/usr/bin/quire",
        WANTS]


def pkg_state():
    """dpkg's status of the package ('' when dpkg knows nothing of it)."""
    p = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}", PKG],
                       capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else ""


def user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_exists(name):
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def why_not_install():
    """The reason the install test cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (installs the package with dpkg)"
    if not shutil.which("dpkg-deb") or not shutil.which("dpkg"):
        return "no dpkg-deb (apt-get install dpkg-dev)"
    if pkg_state() not in ("", "un"):
        return "the package quire is installed here already (%s): not " \
            "touching someone else's installation" % pkg_state()
    if user_exists("quire") or group_exists("quire"):
        return "a quire user or group exists already: purging would " \
            "remove it"
    for path in OURS:
        if os.path.lexists(path):
            return "%s exists already: not touching it" % path
    if not os.path.exists(NGINX):
        return "no nginx"
    return None


def run(argv, **kw):
    """Run argv; fail the test with its output if it fails."""
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    assert p.returncode == 0, "%s: exit %d\n%s%s" % (
        " ".join(argv), p.returncode, p.stdout, p.stderr)
    return p


def dpkg(*args, check=True):
    """dpkg ARGS, waiting (up to 10 minutes) while someone else's apt or
    dpkg holds the lock, as on a machine shared with other work."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    deadline = time.time() + 600
    while True:
        p = subprocess.run(["dpkg"] + list(args), capture_output=True,
                           text=True, env=env, timeout=300)
        locked = p.returncode != 0 and \
            "locked by another process" in p.stderr
        if not locked or time.time() > deadline:
            break
        time.sleep(2)
    if check:
        assert p.returncode == 0, "dpkg %s: exit %d\n%s%s" % (
            " ".join(args), p.returncode, p.stdout, p.stderr)
    return p


@pytest.fixture(scope="module")
def deb():
    """The package, built by `make deb` (build/deb is its scratch tree)."""
    if not shutil.which("dpkg-deb"):
        pytest.skip("no dpkg-deb (apt-get install dpkg-dev)")
    if os.path.exists(os.path.join(TOP, "Makefile")):
        argv = ["make", "-s", "deb"]
    else:
        argv = ["sh", "contrib/debian/build.sh"]
    run(argv, cwd=TOP, timeout=900)
    with open(os.path.join(TOP, "VERSION")) as f:
        version = f.read().strip()
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    path = os.path.join(TOP, "quire_%s_%s.deb" % (version, arch))
    assert os.path.exists(path)
    return path


def test_deb_lintian(deb):
    if not shutil.which("lintian"):
        pytest.skip("no lintian (apt-get install lintian)")
    p = subprocess.run(["lintian", "--no-tag-display-limit", deb],
                       capture_output=True, text=True, timeout=600)
    errors = [l for l in p.stdout.splitlines() if l.startswith("E:")]
    assert not errors, "lintian:\n" + p.stdout + p.stderr
    assert p.returncode == 0, "lintian: exit %d\n%s%s" % (
        p.returncode, p.stdout, p.stderr)


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def wait_until(what, cond, proc, timeout=10):
    deadline = time.time() + timeout
    while not cond():
        if proc.poll() is not None:
            raise AssertionError("%s: exited %d" % (what, proc.returncode))
        if time.time() > deadline:
            raise AssertionError("%s: timed out" % what)
        time.sleep(0.02)


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def stop(procs):
    for p in reversed(procs):
        if p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
    for p in reversed(procs):
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
    procs.clear()


def installed_quire_pids():
    """Processes running the installed binary."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.readlink("/proc/%s/exe" % d) == "/usr/bin/quire":
                    out.append(int(d))
            except OSError:
                pass
    return out


def check_installed():
    """What the package put in place, before anything runs."""
    for path in ["/usr/bin/quire", SHARE + "/templates/layout.mustache",
                 SHARE + "/static/style.css",
                 "/usr/share/man/man1/quire.1.gz",
                 "/usr/share/doc/quire/copyright",
                 "/usr/share/doc/quire/changelog.gz", UNIT, SITE]:
        assert os.path.exists(path), path
    assert os.access("/usr/bin/quire", os.X_OK)
    q = pwd.getpwnam("quire")
    assert grp.getgrnam("quire")
    st = os.stat("/var/lib/quire")
    assert st.st_uid == q.pw_uid and (st.st_mode & 0o7777) == 0o700
    st = os.stat("/var/cache/quire")
    assert st.st_uid == q.pw_uid
    with open(UNIT) as f:
        unit = f.read()
    assert "/usr/local" not in unit
    assert "ExecStart=/usr/bin/quire serve " in unit
    assert "--templates /usr/share/quire/templates" in unit
    assert "ConditionPathExists=/var/lib/quire/quire.db" in unit
    with open(SITE) as f:
        site = f.read()
    assert "/usr/local" not in site
    assert "include /var/cache/quire/token*.conf;" in site
    assert "js_import" not in site
    assert not os.path.exists(SHARE + "/quire.js")
    # /static/ from a theme's static/ first, then the package's own.
    assert "/usr/share/quire/static/$quire_static =404;" in site
    # The site is installed, not enabled; it is a conffile.
    assert not os.path.lexists("/etc/nginx/sites-enabled/quire")
    conffiles = run(["dpkg-query", "-W", "-f=${Conffiles}", PKG]).stdout
    assert SITE in conffiles
    # Enabled, as Debian enables services (the unit's condition keeps it
    # from starting before the database exists); nothing started here.
    assert os.path.islink(WANTS)
    assert installed_quire_pids() == []


def test_deb_install_serve_remove(request):
    why = why_not_install()
    if why:
        pytest.skip(why)
    deb = request.getfixturevalue("deb")
    tmp = tempfile.mkdtemp(prefix="quire-deb-")
    procs = []
    try:
        dpkg("-i", deb)
        check_installed()

        # A blog made and served by the installed binary; cwd is the
        # temporary directory, so no ./templates of the tree is found.
        port = free_port()
        db = os.path.join(tmp, "blog.db")
        sock = os.path.join(tmp, "quire.sock")
        pages = os.path.join(tmp, "pages")
        run(["/usr/bin/quire", "init", "--db", db, "--title",
             "Packaged Blog", "--base-url", "http://127.0.0.1:%d" % port,
             "--timezone", "UTC"], cwd=tmp, timeout=60)
        run(["/usr/bin/quire", "user", "add", "--db", db, "--login", "me",
             "--name", "Deb Ian", "--email", "me@example.org", "--role",
             "admin"], input="a long enough password\n", cwd=tmp,
            timeout=60)
        post = os.path.join(tmp, "post.md")
        with open(post, "w") as f:
            f.write("title: Installed With Dpkg\ntags: debian\n\n"
                    "A post served by the *installed* quire.\n")
        url = run(["/usr/bin/quire", "post", "add", "--db", db, post],
                  cwd=tmp, timeout=60).stdout.strip()
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]

        qp = subprocess.Popen(
            ["/usr/bin/quire", "serve", "--db", db, "--listen",
             "unix:" + sock, "--workers", "2", "--socket-mode", "666",
             "--templates", SHARE + "/templates", "--pages", pages],
            cwd=tmp, stderr=open(os.path.join(tmp, "quire.log"), "w"))
        procs.append(qp)
        wait_until("quire serve", lambda: os.path.exists(sock), qp)

        # nginx from the installed site file, adapted the way make run
        # adapts contrib/nginx.conf; its /usr/share/quire paths stay.
        conf = run(["sh", os.path.join(TOP, "contrib", "nginx-local.sh"),
                    tmp, str(port), sock, SHARE + "/static", "2", pages],
                   env=dict(os.environ, NGINX_SITE=SITE)).stdout
        assert "include %s/token*.conf;" % pages in conf
        assert "/usr/share/quire/static/$quire_static =404;" in conf
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(conf)
        np = subprocess.Popen(
            [NGINX, "-p", tmp, "-c", os.path.join(tmp, "nginx.conf"),
             "-e", os.path.join(tmp, "nginx.err"), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL)
        procs.append(np)
        wait_until("nginx", lambda: port_open(port), np)

        for _ in range(2):      # from quire, then from its page files
            status, body = get(port, "/")
            assert status == 200, body[:500]
            assert b"Packaged Blog" in body
            assert b"Installed With Dpkg" in body
        status, body = get(port, path)
        assert status == 200, body[:500]
        assert b"Installed With Dpkg" in body
        status, body = get(port, "/static/style.css")
        assert status == 200
        with open(SHARE + "/static/style.css", "rb") as f:
            assert body == f.read()
        stop(procs)

        # Remove: the binary goes, the blog's data stays.
        dpkg("-r", PKG)
        assert not os.path.exists("/usr/bin/quire")
        assert not os.path.exists(SHARE)
        assert pkg_state() == "rc"
        con = sqlite3.connect(db)
        try:
            title = con.execute("SELECT value FROM settings WHERE "
                                "key = 'title'").fetchone()[0]
        finally:
            con.close()
        assert title == "Packaged Blog"
        assert os.path.isdir("/var/lib/quire")
        assert os.path.exists(SITE)         # a conffile: kept until purge
        assert user_exists("quire")

        # Purge: nothing of the package is left.
        dpkg("--purge", PKG)
        assert pkg_state() in ("", "un")
        for p in OURS + [UNIT]:
            assert not os.path.lexists(p), p
        for d in ("enabled", "masked"):
            state = "/var/lib/systemd/deb-systemd-helper-" + d
            for dirpath, dirs, files in os.walk(state):
                assert not [f for f in files if "quire" in f], dirpath
        assert not user_exists("quire")
        assert not group_exists("quire")
        assert os.path.exists(db)           # never ours to remove
    finally:
        stop(procs)
        if pkg_state() not in ("", "un"):
            dpkg("--purge", PKG, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
