"""test_cli.py: the `quire` command line as its user meets it: help,
usage errors (exit 2), failures (exit 1, "quire: what: why" on stderr),
and what the commands print. Each test works on databases of its own in
a temporary directory, which is also the working directory (so a default
./quire.db never lands in the source tree)."""
import os
import re
import sqlite3
import subprocess

import pytest

from conftest import QUIRE, TOP

BASE = "http://blog.example.test"
PASSWORD = "a long enough password"


class Cli:
    def __init__(self, tmp):
        self.tmp = str(tmp)
        self.db = os.path.join(self.tmp, "site.db")

    def run(self, *args, input=None, env=None, db=True):
        argv = [QUIRE] + list(args)
        if db:
            argv += ["--db", self.db]
        e = dict(os.environ)
        e.pop("QUIRE_DB", None)
        e.update(env or {})
        return subprocess.run(argv, input=input, capture_output=True,
                              text=True, cwd=self.tmp, env=e, timeout=60)

    def ok(self, *args, **kw):
        p = self.run(*args, **kw)
        assert p.returncode == 0, "quire %s: exit %d\n%s" % (
            " ".join(args), p.returncode, p.stderr)
        return p

    def init(self, tz="Europe/Berlin"):
        self.ok("init", "--title", "CLI Blog", "--base-url", BASE,
                "--timezone", tz)
        self.ok("user", "add", "--login", "admin", "--name", "Ada Admin",
                "--email", "ada@example.org", "--role", "admin",
                input=PASSWORD + "\n")
        return self

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return name

    def setting(self, key):
        con = sqlite3.connect(self.db)
        try:
            return con.execute("SELECT value FROM settings WHERE key = ?",
                               (key,)).fetchone()[0]
        finally:
            con.close()


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path)


@pytest.fixture
def site(tmp_path):
    return Cli(tmp_path).init()


def assert_fails(p, status, *needles):
    assert p.returncode == status, "exit %d, wanted %d\nstdout: %s\n" \
        "stderr: %s" % (p.returncode, status, p.stdout, p.stderr)
    for n in needles:
        assert n in p.stderr, "%r not in stderr:\n%s" % (n, p.stderr)
    assert "Segmentation" not in p.stderr


# -- help ------------------------------------------------------------------

COMMANDS = ["init", "user add", "user passwd", "post add", "post list",
            "serve", "migrate", "comments export", "comments erase",
            "comments prune", "media add", "media list"]


def test_help_lists_every_command(cli):
    p = cli.run("--help", db=False)
    assert p.returncode == 0 and p.stderr == ""
    assert p.stdout.startswith("usage: quire COMMAND")
    for c in COMMANDS:
        assert re.search(r"^  %s\b" % re.escape(c), p.stdout, re.M), \
            "quire --help does not list '%s'" % c
    assert "--db FILE" in p.stdout


@pytest.mark.parametrize("cmd", ["init", "user", "post", "serve", "migrate",
                                 "import", "export", "backup", "demo",
                                 "test-request", "comments", "media"])
def test_every_working_command_is_in_help(cli, cmd):
    """A command the program runs is one its --help names (and the design's
    import, export and backup are not yet commands if it does not)."""
    listed = re.search(r"^  %s\b" % re.escape(cmd),
                       cli.run("--help", db=False).stdout, re.M)
    p = cli.run(cmd, "--help", db=False)
    if p.returncode == 0:
        assert listed, "'quire %s' works but --help does not list it" % cmd
    else:
        assert not listed, "--help lists '%s' but it fails: %s" % (
            cmd, p.stderr)
        assert_fails(p, 2, "unknown command '%s'" % cmd)


@pytest.mark.parametrize("cmd", COMMANDS + ["demo", "test-request"])
def test_subcommand_help(cli, cmd):
    p = cli.run(*cmd.split(), "--help", db=False)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("usage: quire " + cmd), p.stdout
    assert p.stderr == ""
    assert not os.path.exists(os.path.join(cli.tmp, "quire.db"))


def test_version(cli):
    p = cli.run("--version", db=False)
    assert p.returncode == 0
    with open(os.path.join(TOP, "VERSION")) as f:
        assert p.stdout == "quire %s\n" % f.read().strip()


def test_no_command_is_usage_error(cli):
    p = cli.run(db=False)
    assert_fails(p, 2, "usage: quire COMMAND")
    assert p.stdout == ""


def test_unknown_command(cli):
    p = cli.run("frobnicate", db=False)
    assert_fails(p, 2, "quire: unknown command 'frobnicate'")


@pytest.mark.parametrize("args,message", [
    (["init"], "--title and --base-url are required"),
    (["init", "--title", "T"], "--title and --base-url are required"),
    (["init", "--db", "x.db", "--title"], "--title needs a value"),
    (["init", "--bogus", "x"], "unknown option --bogus"),
    (["user", "add", "--login", "x", "--name", "X"],
     "--login, --name and --email are required"),
    (["user", "add", "--login", "x", "--name", "X", "--email", "x@y.z",
      "--role", "king"], "--role is admin or author"),
    (["user", "passwd"], "--login is required"),
    (["user"], "usage: quire user add|passwd"),
    (["post"], "usage: quire post add|list"),
    (["post", "publish"], "usage: quire post add|list"),
    (["post", "add"], "one FILE.md is needed"),
    (["post", "add", "a.md", "b.md"], "one FILE.md is needed"),
    (["serve", "--workers", "0"], "--workers is 1 to 256"),
    (["serve", "--workers", "many"], "--workers is 1 to 256"),
    (["serve", "--socket-mode", "999"], "--socket-mode is octal"),
    (["migrate", "extra"], "unexpected argument 'extra'"),
])
def test_usage_errors_exit_2(site, args, message):
    p = site.run(*args, db="--db" not in args)
    assert_fails(p, 2, message)


# -- init and migrate --------------------------------------------------------

def test_init_creates_a_database(cli):
    p = cli.ok("init", "--title", "Mine", "--base-url", BASE)
    assert re.fullmatch(r"created .*site\.db \(schema version \d+\)\n",
                        p.stdout), p.stdout
    assert cli.setting("title") == "Mine"
    assert cli.setting("base_url") == BASE


def test_init_twice_refuses(site):
    p = site.run("init", "--title", "Other", "--base-url", "http://x.test")
    assert_fails(p, 1, "quire: %s: already initialised" % site.db)
    assert site.setting("title") == "CLI Blog"
    assert site.setting("base_url") == BASE


def test_init_in_missing_directory(cli):
    p = cli.run("init", "--title", "T", "--base-url", BASE, "--db",
                os.path.join(cli.tmp, "no", "such", "dir", "x.db"), db=False)
    assert_fails(p, 1, "quire: ", "x.db")


def test_migrate_up_to_date(site):
    p = site.ok("migrate")
    assert re.fullmatch(r".*site\.db: 0 migrations applied; schema version "
                        r"\d+\n", p.stdout), p.stdout


def test_default_db_from_environment(site):
    p = site.run("post", "list", env={"QUIRE_DB": site.db}, db=False)
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""


@pytest.mark.parametrize("args", [
    ["post", "list"], ["migrate"], ["post", "add", "x.md"],
    ["user", "passwd", "--login", "admin"],
    ["serve", "--listen", "unix:s.sock"]])
def test_missing_database_is_a_clear_error(cli, args):
    cli.write("x.md", "title: X\n\nx\n")
    p = cli.run(*args, input=PASSWORD + "\n")
    assert_fails(p, 1, "quire: %s: no such database (create it with "
                 "'quire init')" % cli.db)
    assert not os.path.exists(cli.db), "a failed command created the db"


def test_missing_default_database(cli):
    p = cli.run("post", "list", db=False)
    assert_fails(p, 1, "quire: quire.db: no such database")
    assert not os.path.exists(os.path.join(cli.tmp, "quire.db"))


# -- users -----------------------------------------------------------------

def test_user_add(site):
    p = site.ok("user", "add", "--login", "bob", "--name", "Bob",
                "--email", "bob@example.org", input=PASSWORD + "\n")
    assert p.stdout == "added author bob (id 2)\n"


def test_user_add_short_password(site):
    p = site.run("user", "add", "--login", "bob", "--name", "Bob",
                 "--email", "bob@example.org", input="short\n")
    assert_fails(p, 1, "quire: password: must be at least 8 characters")
    p = site.run("user", "add", "--login", "bob", "--name", "Bob",
                 "--email", "bob@example.org", input="")
    assert_fails(p, 1, "quire: password: ")
    # Nothing was added: bob can be added now.
    site.ok("user", "add", "--login", "bob", "--name", "Bob",
            "--email", "bob@example.org", input=PASSWORD + "\n")


def test_user_add_duplicate_login(site):
    p = site.run("user", "add", "--login", "admin", "--name", "Imposter",
                 "--email", "x@example.org", input=PASSWORD + "\n")
    assert_fails(p, 1, "quire: admin: a user with this login exists")


@pytest.mark.parametrize("login,email,message", [
    ("Bob", "bob@example.org", "quire: Bob: a login is"),
    ("-bob", "bob@example.org", "quire: -bob: a login is"),
    ("bob", "not-an-email", "quire: not-an-email: not an email address"),
])
def test_user_add_invalid(site, login, email, message):
    p = site.run("user", "add", "--login", login, "--name", "Bob",
                 "--email", email, input=PASSWORD + "\n")
    assert_fails(p, 1, message)


def test_user_passwd(site):
    p = site.ok("user", "passwd", "--login", "admin",
                input="another long password\n")
    assert p.stdout == "password set for admin\n"
    p = site.run("user", "passwd", "--login", "nobody", input=PASSWORD + "\n")
    assert_fails(p, 1, "quire: nobody: no such user")
    p = site.run("user", "passwd", "--login", "admin", input="short\n")
    assert_fails(p, 1, "quire: password: must be at least 8 characters")


# -- posts -----------------------------------------------------------------

def test_post_add_prints_absolute_url(site):
    f = site.write("hello.md", "title: Hello World\ndate: 2024-05-01T10:00:00Z"
                   "\ntags: One, Two\n\nSome *text*.\n")
    p = site.ok("post", "add", f)
    assert p.stdout == BASE + "/2024/05/hello-world/\n"
    assert p.stderr == ""


def test_post_add_fenced_header_and_page(site):
    f = site.write("page.md", "---\ntitle: \"Contact Me\"\ntype: page\n---\n\n"
                   "Write to me.\n")
    assert site.ok("post", "add", f).stdout == BASE + "/contact-me/\n"


def test_post_add_from_stdin(site):
    p = site.ok("post", "add", "-", input="title: Piped\ndate: "
                "2024-03-03T12:00:00Z\n\nfrom a pipe\n")
    assert p.stdout == BASE + "/2024/03/piped/\n"


def test_post_add_local_time_is_the_sites(site):
    """A date without a zone is Berlin time: 00:30 on July 1 (CEST) is
    22:30 UTC on June 30, and the URL has the local month."""
    f = site.write("l.md", "title: Midnight\ndate: 2024-07-01 00:30\n\nx\n")
    assert site.ok("post", "add", f).stdout == BASE + "/2024/07/midnight/\n"
    line = site.ok("post", "list").stdout.splitlines()[0]
    assert line.split("\t")[1:] == [
        "published", "2024-06-30T22:30:00Z", BASE + "/2024/07/midnight/"]


def test_post_add_draft_says_so(site):
    f = site.write("d.md", "title: Not Yet\nstatus: draft\n\nx\n")
    p = site.ok("post", "add", f)
    assert p.stdout.startswith(BASE + "/") and p.stdout.endswith(
        "/not-yet/\n")
    assert re.search(r"quire: post \d+ is draft, not yet public", p.stderr)


@pytest.mark.parametrize("text,why", [
    ("slug: no-title\n\nbody\n", "no title: add a 'title:' line"),
    ("title: \n\nbody\n", "no title"),
    ("title: Bad Date\ndate: yesterday\n\nbody\n",
     "date: 'yesterday' is not an ISO 8601 date"),
    ("title: Bad Date\ndate: 2024-02-30T10:00:00Z\n\nbody\n",
     "date: '2024-02-30T10:00:00Z' is not an ISO 8601 date"),
    ("title: Bad Status\nstatus: maybe\n\nbody\n",
     "status: 'maybe' is not draft, published or scheduled"),
    ("title: When\nstatus: scheduled\n\nbody\n",
     "status: scheduled needs a date: line"),
])
def test_post_add_bad_file(site, text, why):
    f = site.write("bad.md", text)
    p = site.run("post", "add", f)
    assert_fails(p, 1, "quire: bad.md: " + why)
    assert p.stdout == ""
    assert site.ok("post", "list").stdout == ""


def test_post_add_taken_slug(site):
    site.ok("post", "add", site.write("a.md", "title: First\nslug: same\n\n"
                                      "x\n"))
    p = site.run("post", "add", site.write("b.md", "title: Second\nslug: "
                                           "same\n\ny\n"))
    assert_fails(p, 1, "quire: b.md: the slug 'same' is already used")
    # A page may not take a post's slug either (both live at /SLUG/).
    p = site.run("post", "add", site.write("c.md", "title: Page\ntype: page\n"
                                           "slug: same\n\nz\n"))
    assert_fails(p, 1, "quire: c.md: the slug 'same' is already used")
    assert len(site.ok("post", "list").stdout.splitlines()) == 1


def test_post_add_missing_file_and_unknown_author(site):
    p = site.run("post", "add", "nope.md")
    assert_fails(p, 1, "quire: nope.md: No such file or directory")
    f = site.write("a.md", "title: A\n\nx\n")
    p = site.run("post", "add", "--author", "ghost", f)
    assert_fails(p, 1, "quire: ghost: no such user")


def test_post_list(site):
    urls = []
    for name, hdr in [("old", "date: 2023-01-05T08:00:00Z"),
                      ("new", "date: 2024-06-01T08:00:00Z"),
                      ("draft", "status: draft"),
                      ("future", "date: 2099-01-01T00:00:00Z\nstatus: "
                                 "scheduled"),
                      ("page", "type: page\ndate: 2022-01-01T00:00:00Z")]:
        f = site.write(name + ".md", "title: %s\n%s\n\nx\n" % (name, hdr))
        urls.append(site.ok("post", "add", f).stdout.strip())
    lines = site.ok("post", "list").stdout.splitlines()
    assert len(lines) == 5
    rows = [line.split("\t") for line in lines]
    for r in rows:
        assert len(r) == 4, r
        assert r[0].isdigit()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r[2]), r
        assert r[3].startswith(BASE + "/")
    by_url = {r[3]: r for r in rows}
    assert set(by_url) == set(urls)
    assert by_url[BASE + "/2023/01/old/"][1:3] == [
        "published", "2023-01-05T08:00:00Z"]
    assert by_url[BASE + "/2099/01/future/"][1:3] == [
        "scheduled", "2099-01-01T00:00:00Z"]
    assert by_url[BASE + "/page/"][1] == "published"
    assert [r[1] for r in rows].count("draft") == 1
    # Newest first.
    dates = [r[2] for r in rows]
    assert dates == sorted(dates, reverse=True)
