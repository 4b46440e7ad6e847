"""test_mail.py: mail (DESIGN.md, "Mail"), from the outside.

A blog of its own whose mail_command is a small capturing script: each
message it is given becomes a file in a directory, which the tests read
with Python's email package (email.policy.default) and require to parse
without defects. Files in that directory steer the script: `fail' makes
it fail (exit 75, a message on stderr), `block' makes it wait, after
reading the message, until `release' appears.

Mail is sent by quire serve's keeper, about once a second: the tests
poll (the outbox and the directory), they never sleep. "No mail" is
checked once the keeper is idle: no mail event left to handle and no
message queued or being sent.
"""
import base64
import email
import email.policy
import glob
import hashlib
import hmac
import os
import re
import shutil
import signal
import struct
import tempfile
import time
import urllib.parse

import pytest

from admin_client import Client as Admin, form_fields
from conftest import make_blog
from procs import alive, keeper, wait_for
from test_comments import Client, new_post, wait_fill

CAPTURE = """#!/bin/sh
d='%s'
if [ -e "$d/fail" ]; then
	cat > /dev/null
	echo "451 simulated: the mail server is unreachable" >&2
	exit 75
fi
tmp="$d/tmp.$$"
cat > "$tmp"
if [ -e "$d/block" ]; then
	: > "$d/blocked.$$"
	while [ ! -e "$d/release" ]; do sleep 0.02; done
fi
mv "$tmp" "$d/msg.$(date +%%s%%N).$$.eml"
"""

BASE = {
    "moderation": "first",
    "min_fill_seconds": "1",
    "rate_limit": "10000",
    "flood_seconds": "0",
    "notify_moderation": "each",
    "notify_replies": "on",
    "mail_from": "blog@example.org",
}


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-mail-")
    b = None
    try:
        b = make_blog(tmp, workers=2, pages=False)
        b.maildir = os.path.join(tmp, "mail")
        os.mkdir(b.maildir)
        b.capture = os.path.join(tmp, "capture.sh")
        with open(b.capture, "w") as f:
            f.write(CAPTURE % b.maildir)
        b.quire("user", "add", "--login", "bob", "--name", "Bob Author",
                "--email", "bob@example.org", "--role", "author",
                input="bob-password-123\n")
        yield b
    finally:
        if b is not None:
            release(b)
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(autouse=True)
def base(mb):
    for f in ("fail", "block", "release"):
        try:
            os.unlink(os.path.join(mb.maildir, f))
        except OSError:
            pass
    mb.settings(mail_command="sh " + mb.capture, **BASE)
    yield


def release(b):
    d = getattr(b, "maildir", None)
    if d and os.path.isdir(d):
        open(os.path.join(d, "release"), "w").close()


# -- reading the mail --------------------------------------------------------

def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert not msg.defects, (path, msg.defects)
    for k, v in msg.items():
        assert not getattr(v, "defects", ()), (k, v.defects)
    assert msg["Date"] and msg["Message-ID"] and msg["From"]
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    return raw, msg


def mails(b, to=None, subject=None, body=None):
    """The captured messages, oldest first, as (raw, msg, text), those
    to `to' whose subject and body hold the given text."""
    out = []
    for path in sorted(glob.glob(os.path.join(b.maildir, "msg.*.eml"))):
        raw, msg = parse(path)
        text = msg.get_content()
        if to is not None and msg["To"].addresses[0].addr_spec != to:
            continue
        if subject is not None and subject not in str(msg["Subject"]):
            continue
        if body is not None and body not in text:
            continue
        out.append((raw, msg, text))
    return out


def wait_mail(b, n=1, **kw):
    return wait_for("%d mail(s) %r" % (n, kw),
                    lambda: len(mails(b, **kw)) >= n and mails(b, **kw),
                    timeout=20)


def idle(b):
    """Wait until the keeper has handled every mail event and nothing is
    queued or being sent (failed attempts wait for later: not idle)."""
    def quiet():
        ev = b.sql("SELECT count(*) FROM mail_events")[0][0]
        out = b.sql("SELECT count(*) FROM outbox WHERE state IN "
                    "('queued', 'sending')")[0][0]
        return ev == 0 and out == 0
    wait_for("the keeper to be idle", quiet, timeout=20)


def link(text, path):
    m = re.search(re.escape(path) + r"\?t=([A-Za-z0-9_-]+)", text)
    assert m, "no %s link in:\n%s" % (path, text)
    return m.group(1)


def say(b, client, post, text, **over):
    """Post a comment as client; its id (the newest of that author)."""
    form = client.form(post.path + (
        "?replyto=%d" % over["parent"] if "parent" in over else ""))
    over.pop("parent", None)
    wait_fill(b, form)
    r = client.comment(form, wait=False, comment=text, **over)
    assert r.status == 303, (r.status, r.text[:2000])
    return b.sql("SELECT max(id) FROM comments WHERE body_md = ?",
                 (text,))[0][0]


def status(b, cid):
    return b.sql("SELECT status FROM comments WHERE id = ?", (cid,))[0][0]


def mint(b, kind, ident, expires):
    """A mail token as mail.c makes one, with the blog's own secret:
    version 1 | kind | expires | id | HMAC-SHA512-256 (crypto_auth)
    keyed with the subkey 1 of context "quire-ml"."""
    key = bytes.fromhex(b.sql(
        "SELECT value FROM settings WHERE key = 'secret_key'")[0][0])
    sub = hashlib.blake2b(b"", digest_size=32, key=key,
                          salt=struct.pack("<Q", 1) + bytes(8),
                          person=b"quire-ml" + bytes(8)).digest()
    body = bytes([1, kind]) + struct.pack(">QQ", expires, ident)
    mac = hmac.new(sub, body, hashlib.sha512).digest()[:32]
    return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode()


def bob_post(b, title):
    """A post by the author bob (his moderation mail goes to him and the
    admin)."""
    p = new_post(b, title)
    b.sql("UPDATE posts SET author_id = (SELECT id FROM users WHERE "
          "login = 'bob') WHERE id = ?", (p.id,))
    return p


# -- moderation --------------------------------------------------------------

def test_moderation_mail_and_signed_link(mb):
    post = bob_post(mb, "Moderated \u00e9t\u00e9 post")
    c = Client(mb, email="first.timer@example.net", name="First T\u00efmer")
    cid = say(mb, c, post, "Please approve me, r\u00e9sum\u00e9.")
    assert status(mb, cid) == "pending"
    got = {}
    for to in ("bob@example.org", "ada@example.org"):
        raw, msg, text = wait_mail(mb, to=to, subject="Please moderate")[-1]
        assert post.title in str(msg["Subject"])
        assert "Please approve me, r\u00e9sum\u00e9." in text
        assert "First T\u00efmer" in text
        # The commenter's address is in no mail to anyone else.
        assert b"first.timer" not in raw and "first.timer" not in text
        got[to] = link(text, "/moderate")
    t = got["bob@example.org"]

    # GET shows the comment and its buttons, and changes nothing.
    stranger = Client(mb)
    r = stranger.get("/moderate?t=" + t)
    assert r.status == 200
    assert "Please approve me" in r.text and "First T\u00efmer" in r.text
    for v in ("approve", "spam", "trash"):
        assert 'value="%s"' % v in r.text
    assert status(mb, cid) == "pending"

    # A second held comment: the first link cannot touch it.
    other = say(mb, Client(mb), post, "Another held one.")
    assert status(mb, other) == "pending"
    r = stranger.post("/moderate", {"t": t, "action": "approve",
                                    "c": str(other), "id": str(other)})
    assert r.status == 303
    assert status(mb, cid) == "approved"          # no login needed
    assert status(mb, other) == "pending"         # its one comment only
    r = stranger.get(r.header("Location"))
    assert r.status == 200 and "now approved" in r.text

    # The admin's link works too, and may change its mind: spam.
    r = stranger.post("/moderate", {"t": got["ada@example.org"],
                                    "action": "spam"})
    assert r.status == 303 and status(mb, cid) == "spam"
    r = stranger.post("/moderate", {"t": t, "action": "delete"})
    assert r.status == 400 and status(mb, cid) == "spam"

    # A changed token, and one for nothing at all.
    bad = t[:30] + ("A" if t[30] != "A" else "B") + t[31:]
    assert stranger.get("/moderate?t=" + bad).status == 400
    assert stranger.post("/moderate", {"t": bad, "action": "approve"}
                         ).status == 400
    assert stranger.get("/moderate").status == 400
    assert status(mb, other) == "pending"


def test_moderation_mail_in_the_sites_language(mb):
    """A German site: the held comment's mail has a German subject and
    body (the keeper reads the catalog of site.language), and Python's
    email package parses it clean (parse() checks the defects)."""
    idle(mb)            # mails of the tests before: composed in English
    mb.settings(language="de")
    try:
        post = bob_post(mb, "Sommer \u00fcber den D\u00e4chern")
        c = Client(mb, email="erst.mal@example.net", name="Erna")
        cid = say(mb, c, post, "Bitte freischalten.")
        assert status(mb, cid) == "pending"
        raw, msg, text = wait_mail(mb, to="bob@example.org",
                                   subject="Sommer \u00fcber")[-1]
        assert str(msg["Subject"]).endswith(
            "Bitte moderieren: \u201eSommer \u00fcber den D\u00e4chern"
            "\u201c")
        assert text.startswith("Ein neuer Kommentar wartet auf deine "
                               "Freigabe.\n\n")
        assert "Zu \u201eSommer \u00fcber den D\u00e4chern\u201c (" in text
        assert "Von: Erna\n" in text
        assert "dieser Link gilt 7 Tage lang" in text
        assert "Alles, was wartet: " in text
        for english in ("A new comment", "Please moderate", "From:",
                        "Everything waiting", "Approve it"):
            assert english not in text and english not in str(
                msg["Subject"]), english
        link(text, "/moderate")
    finally:
        mb.settings(language="en")


def test_expired_and_forged_tokens(mb):
    post = new_post(mb)
    cid = say(mb, Client(mb), post, "Held for the expiry test.")
    old = int(time.time()) - 10
    r = Client(mb).post("/moderate", {"t": mint(mb, 1, cid, old),
                                      "action": "approve"})
    assert r.status == 410 and "expired" in r.text
    assert status(mb, cid) == "pending"
    # The same, unexpired, minted with the key: works (the minting is
    # right, so 410 above means expired).
    r = Client(mb).post("/moderate", {"t": mint(mb, 1, cid, old + 3600),
                                      "action": "approve"})
    assert r.status == 303 and status(mb, cid) == "approved"
    # A moderation token is no confirm or unsubscribe token.
    t = mint(mb, 1, cid, old + 3600)
    assert Client(mb).get("/email/confirm?t=" + t).status == 400
    assert Client(mb).get("/email/unsubscribe?t=" + t).status == 400
    assert Client(mb).get("/email/confirm?t=" + mint(mb, 2, cid, old)
                          ).status == 410
    assert Client(mb).get("/email/unsubscribe?t=" + mint(mb, 3, cid, old)
                          ).status == 410


def test_digest(mb):
    mb.settings(notify_moderation="off")
    post = bob_post(mb, "Digest post")
    a = say(mb, Client(mb), post, "Digest comment one.")
    b2 = say(mb, Client(mb), post, "Digest comment two.")
    idle(mb)
    assert not mails(mb, subject="Please moderate", body="Digest comment")
    mb.settings(notify_moderation="digest")
    for to in ("bob@example.org", "ada@example.org"):
        raw, msg, text = wait_mail(mb, to=to, subject="waiting for "
                                   "moderation")[-1]
        assert "Digest comment one." in text and "Digest comment two." in text
        assert text.count("/moderate?t=") >= 2
    assert status(mb, a) == status(mb, b2) == "pending"
    n = len(mails(mb, subject="waiting for moderation"))
    say(mb, Client(mb), post, "Digest comment three.")
    idle(mb)
    # At most one digest a day; the third waits for tomorrow's.
    assert len(mails(mb, subject="waiting for moderation")) == n
    assert not mails(mb, body="Digest comment three.")


# -- replies -----------------------------------------------------------------

def test_reply_notifications(mb):
    mb.settings(moderation="none")
    post = new_post(mb, "Replies \u2603 post")
    alice = Client(mb, email="Alice.W@example.net", name="Alice W")
    parent = say(mb, alice, post, "Tell me when someone answers.",
                 notify="1")
    # First a confirmation for the address (double opt-in).
    raw, msg, text = wait_mail(mb, to="Alice.W@example.net",
                               subject="Please confirm")[-1]
    t = link(text, "/email/confirm")
    assert post.title in text
    # Before confirming: a reply sends nothing.
    say(mb, Client(mb, email="early@example.net"), post, "Early reply.",
        parent=parent)
    idle(mb)
    assert not mails(mb, to="Alice.W@example.net", subject="replied")

    r = Client(mb).get("/email/confirm?t=" + t)
    assert r.status == 200 and "Confirm" in r.text
    assert mb.sql("SELECT count(*) FROM mail_addrs")[0][0] == 0
    r = Client(mb).post("/email/confirm", {"t": t})
    assert r.status == 303
    assert mb.sql("SELECT email FROM mail_addrs") == [
        ("Alice.W@example.net",)]
    # A replayed confirmation is harmless.
    r = Client(mb).post("/email/confirm", {"t": t})
    assert r.status == 303
    assert mb.sql("SELECT count(*) FROM mail_addrs")[0][0] == 1
    assert "Address confirmed" in Client(mb).get("/email/confirm?t=" + t).text

    # An approved reply: one mail, without the replier's address.
    bobby = Client(mb, email="replier.secret@example.net", name="Bobby R")
    rid = say(mb, bobby, post, "Here is my answer \u00e0 toi.",
              parent=parent)
    raw, msg, text = wait_mail(mb, to="Alice.W@example.net",
                               subject="Bobby R replied")[-1]
    assert "Here is my answer \u00e0 toi." in text
    assert "#comment-%d" % rid in text
    assert b"replier.secret" not in raw
    unsub = msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    m = re.fullmatch(r"<(http://[^>]+/email/unsubscribe\?t=[\w-]+)>",
                     str(unsub))
    assert m, unsub

    # Her own reply: no mail to herself; a held reply: none either,
    # until it is approved (by the admin's moderation).
    say(mb, alice, post, "Replying to myself.", parent=parent)
    mb.settings(moderation="all")
    held = say(mb, Client(mb, email="held@example.net", name="Held H"),
               post, "A held reply.", parent=parent)
    assert status(mb, held) == "pending"
    idle(mb)
    assert not mails(mb, to="Alice.W@example.net", body="Replying to myself")
    assert not mails(mb, to="Alice.W@example.net", body="A held reply.")
    admin = Admin(mb)
    admin.login()
    r = admin.post("/admin/comments/%d" % held, {
        "csrf": admin.csrf(), "action": "approve"})
    assert r.status == 303 and status(mb, held) == "approved"
    wait_mail(mb, to="Alice.W@example.net", body="A held reply.")
    # Approved again after a change of mind: still one mail.
    admin.post("/admin/comments/%d" % held, {"csrf": admin.csrf(),
                                             "action": "unapprove"})
    admin.post("/admin/comments/%d" % held, {"csrf": admin.csrf(),
                                             "action": "approve"})
    idle(mb)
    assert len(mails(mb, to="Alice.W@example.net", body="A held reply.")) == 1

    # RFC 8058 one-click: a POST with no cookie and no CSRF token.
    url = urllib.parse.urlsplit(m.group(1))
    one = Client(mb)
    r = one.request("POST", url.path + "?" + url.query,
                    b"List-Unsubscribe=One-Click",
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200 and "no more" in r.text
    assert mb.sql("SELECT stopped IS NOT NULL FROM mail_watch WHERE "
                  "comment_id = ?", (parent,)) == [(1,)]
    r = one.request("POST", url.path + "?" + url.query,
                    b"List-Unsubscribe=One-Click",
                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200           # replayed: harmless
    mb.settings(moderation="none")
    say(mb, Client(mb), post, "After unsubscribing.", parent=parent)
    idle(mb)
    assert not mails(mb, to="Alice.W@example.net", body="After unsub")


def test_notify_box_and_spam(mb):
    mb.settings(moderation="none")
    post = new_post(mb)
    r = Client(mb).get(post.path)
    assert 'name="notify"' in r.text
    assert "Email me replies to my comment" in r.text
    # A spam comment (honeypot) asking for replies: no confirmation.
    say(mb, Client(mb, email="victim@example.net"), post, "Spammy.",
        notify="1", subject="I am a bot")
    idle(mb)
    assert not mails(mb, to="victim@example.net")
    mb.settings(notify_replies="off")
    assert 'name="notify"' not in Client(mb).get(post.path).text


# -- the outbox --------------------------------------------------------------

def test_failing_command_is_retried_and_shown(mb):
    open(os.path.join(mb.maildir, "fail"), "w").close()
    post = new_post(mb, "Retry post")
    cid = say(mb, Client(mb), post, "Held while mail fails.")

    def tried():
        rows = mb.sql("SELECT id, attempts, last_error, state FROM outbox "
                      "WHERE kind = 'moderation' AND dedupe LIKE ?",
                      ("mod:%d:%%" % cid,))
        return rows if rows and all(r[1] >= 1 and r[3] == "queued"
                                    for r in rows) else None
    rows = wait_for("a failed attempt", tried, timeout=20)
    assert "simulated: the mail server is unreachable" in rows[0][2]
    assert "exit status 75" in rows[0][2]
    admin = Admin(mb)
    admin.login()
    r = admin.get("/admin/")
    assert r.status == 200
    assert "Mail is waiting" in r.text
    assert "simulated: the mail server is unreachable" in r.text
    # The mail server comes back; its retry is made due now.
    os.unlink(os.path.join(mb.maildir, "fail"))
    mb.sql("UPDATE outbox SET next_at = 0 WHERE state = 'queued'")
    wait_mail(mb, subject="Please moderate", body="Held while mail fails.",
              n=len(rows))
    idle(mb)
    for i, attempts, err, state in mb.sql(
            "SELECT id, attempts, last_error, state FROM outbox WHERE "
            "dedupe LIKE ?", ("mod:%d:%%" % cid,)):
        assert state == "sent" and attempts == 2 and err == ""
    assert "Mail is waiting" not in admin.get("/admin/").text


def test_keeper_killed_while_sending(mb):
    master = mb.quire_proc.pid
    open(os.path.join(mb.maildir, "block"), "w").close()
    post = new_post(mb, "Kill post")
    say(mb, Client(mb), post, "Held while the keeper dies.")
    wait_for("the mail command to block",
             lambda: glob.glob(os.path.join(mb.maildir, "blocked.*")),
             timeout=20)
    old = keeper(master)
    assert old is not None
    os.kill(old, signal.SIGKILL)
    wait_for("a new keeper", lambda: keeper(master) not in (None, old),
             timeout=20)
    # The mailer outlived its keeper and still holds its message.
    row = mb.sql("SELECT state, pid FROM outbox WHERE state = 'sending'")
    assert row and alive(row[0][1])
    release(mb)
    idle(mb)
    got = mails(mb, subject="Please moderate",
                body="Held while the keeper dies.")
    n = mb.sql("SELECT count(*) FROM outbox WHERE message LIKE "
               "'%Kill post%'")[0][0]
    # Every message once: none lost, none twice (the post is the
    # admin's: one moderation mail).
    assert len(got) == n == 1
    assert mb.sql("SELECT count(*) FROM outbox WHERE message LIKE "
                  "'%Kill post%' AND (state <> 'sent' OR attempts <> 1)"
                  )[0][0] == 0
    os.unlink(os.path.join(mb.maildir, "block"))


# -- the command line and the settings ---------------------------------------

def test_quire_mail_test(mb):
    p = mb.quire("mail", "test", "--to", "someone@example.org")
    assert "exit status 0" in p.stdout
    raw, msg, text = mails(mb, to="someone@example.org")[-1]
    assert "Test mail" in str(msg["Subject"])
    mb.settings(mail_command="echo mailer says no >&2; exit 3")
    p = mb.quire("mail", "test", "--to", "someone@example.org", check=False)
    assert p.returncode == 1
    assert "exit status 3: mailer says no" in p.stderr
    assert p.stderr.startswith("quire: mail test: ")
    p = mb.quire("mail", "test", check=False)
    assert p.returncode == 2 and "--to" in p.stderr
    p = mb.quire("mail", "test", "--to", "not an address", check=False)
    assert p.returncode == 1
    p = mb.quire("mail", "--help", check=False)
    assert p.returncode == 0 and "mail test --to ADDR" in p.stdout
    # `quire mail send': what is due now (the keeper left nothing).
    idle(mb)
    p = mb.quire("mail", "send")
    assert p.stdout == "quire: mail send: 0 sent, 0 failed (tried again " \
        "later)\n"


@pytest.mark.parametrize("field, value, why", [
    ("notify_moderation", "weekly", "each, digest or off"),
    ("notify_replies", "maybe", "on or off"),
    ("mail_from", "Blog <blog@example.org>", "must be an address"),
    ("mail_command", "", "one line"),
])
def test_settings_bad_input(mb, field, value, why):
    admin = Admin(mb)
    admin.login()
    r = admin.get("/admin/settings")
    fields = dict(form_fields(r.page().find("form", cls="settings-form")))
    fields["title"] = "Changed title that must not be saved"
    fields[field] = value
    r = admin.post("/admin/settings", fields)
    assert r.status == 422
    assert why in r.text
    assert mb.sql("SELECT value FROM settings WHERE key = 'title'")[0][0] \
        == "Test Blog"
    assert "Changed title that must not be saved" in r.text
