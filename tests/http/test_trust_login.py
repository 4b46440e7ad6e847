"""test_trust_login.py: issue 14's findings 5 and 13, through real nginx.

Login throttling counts per login and network, per network over all
logins, and per login over all networks (which never refuses a network
that has not failed).

A blog of this module's own (fixture `tb`); clients bind loopback source
addresses of their own (127.0.0.N, which nginx passes on as REMOTE_ADDR),
each acting as another person or network.
"""
import shutil
import tempfile

import pytest

from admin_client import Client, clear_of_window_edge
from conftest import make_blog

WRONG = "The login or password is wrong."
THROTTLED = "Too many failed logins"


@pytest.fixture(scope="module")
def tb():
    tmp = tempfile.mkdtemp(prefix="quire-trust-login-")
    b = make_blog(tmp, content=False)
    b.users = 0
    yield b
    b.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def new_user(b, role="admin"):
    """A user of the test's own: (login, password)."""
    b.users += 1
    login = "trust%d" % b.users
    pw = "pass-%d-word" % b.users
    b.quire("user", "add", "--login", login, "--name", "Trust %d" % b.users,
            "--email", "%s@example.org" % login, "--role", role,
            input=pw + "\n")
    return login, pw


def try_login(addr, b, login, pw):
    return Client(b, addr=addr).post("/admin/login",
                                     {"login": login, "password": pw})


def assert_throttled(r, login):
    assert r.status == 429, r
    retry = r.header("Retry-After")
    assert retry is not None and retry.isdigit(), retry
    assert int(retry) > 0
    text = r.main_text()
    assert THROTTLED in text and "try again" in text
    assert WRONG not in text
    assert r.page().find("input", name="login").attrs["value"] == login
    assert r.set_cookies() == {}


def assert_logged_in(r):
    assert r.status == 303, r
    assert r.location.endswith("/admin/")
    assert "quire_session" in r.set_cookies()


# -- finding 5: one attacker must not lock the owner out --------------------

def test_failures_from_one_network_do_not_lock_out_another(tb):
    clear_of_window_edge()
    login, pw = new_user(tb)
    for i in range(5):
        r = try_login("127.0.0.2", tb, login, "wrong%d" % i)
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    r = try_login("127.0.0.2", tb, login, "wrong5")
    assert_throttled(r, login)
    assert int(r.header("Retry-After")) <= 900
    # The owner, on a network of their own, gets in.
    assert_logged_in(try_login("127.0.0.3", tb, login, pw))
    # The attacker's network waits, even with the right password.
    assert_throttled(try_login("127.0.0.2", tb, login, pw), login)
    # And the throttled network is refused whatever case the login has.
    assert_throttled(try_login("127.0.0.2", tb, login.upper(), pw),
                     login.upper())


def test_distributed_guessing_never_refuses_a_clean_network(tb):
    # The per-login count runs in hour-long windows: keep clear of the
    # edge, so that all of this test's failures land in one of them.
    clear_of_window_edge(need=120, window=3600)
    login, pw = new_user(tb)
    # 50 failures, each from a network of its own (each under the
    # per-network limits): the login's own limit is then reached.
    for i in range(50):
        r = try_login("127.0.0.%d" % (10 + i), tb, login, "guess%d" % i)
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    # A network that has failed for this login now waits ...
    r = try_login("127.0.0.10", tb, login, pw)
    assert_throttled(r, login)
    assert int(r.header("Retry-After")) <= 3600
    # ... a clean network still gets in with the right password ...
    assert_logged_in(try_login("127.0.0.100", tb, login, pw))
    # ... and a clean network with a wrong one is told to wait (its one
    # try is spent), as it is when it comes back.
    assert_throttled(try_login("127.0.0.101", tb, login, "guess-more"), login)
    assert_throttled(try_login("127.0.0.101", tb, login, pw), login)
    # Other logins are not slowed down by this one's guessing.
    other, opw = new_user(tb)
    assert_logged_in(try_login("127.0.0.10", tb, other, opw))


def test_one_network_trying_many_logins_is_throttled(tb):
    clear_of_window_edge()
    login, pw = new_user(tb)
    addr = "127.0.0.200"
    for i in range(20):
        r = try_login(addr, tb, "nobody%d" % i, "nope")
        assert r.status == 200 and WRONG in r.main_text(), (i, r)
    assert_throttled(try_login(addr, tb, "nobody-else", "nope"),
                     "nobody-else")
    assert_throttled(try_login(addr, tb, login, pw), login)
    assert_logged_in(try_login("127.0.0.201", tb, login, pw))
