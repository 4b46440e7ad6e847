"""test_trust.py: no commenter can touch another's words, and nothing
private reaches a page someone else is served.

Each test here is one finding of the review in issue 14, tried as the
attacker tried it, through real nginx: comment ids that came back for the
next person, held comments leaking into shared pages, cached pages
hiding a writer's held comment, edits slipping past moderation, rotating
IPv6 addresses, a staff email typed by a stranger, a post body taking the
form's token slot.

The blog of this module runs one worker (so a page one request put into
the worker's cache is the one the next request meets) and nginx's realip
module trusts X-Forwarded-For from loopback, as a site behind a proxy
would: that is how an IPv6 client is played over IPv4 loopback.
"""
import itertools
import shutil
import tempfile

import pytest

from conftest import make_blog
import test_comments
from test_comments import (BASELINE, HELD, Form, li, location_id, new_post,
                           rows, wait_fill)

_addr = itertools.count(40)     # this module's people: 127.0.0.40 on


class Client(test_comments.Client):
    def __init__(self, b, n=None, **kw):
        super().__init__(b, n if n is not None else next(_addr), **kw)

REALIP = """
	set_real_ip_from 127.0.0.0/8;
	real_ip_header X-Forwarded-For;
"""


@pytest.fixture(scope="module")
def tb():
    tmp = tempfile.mkdtemp(prefix="quire-trust-")
    b = None
    try:
        b = make_blog(tmp, workers=1, pages=False, nginx_extra=REALIP)
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(autouse=True)
def baseline(tb):
    tb.settings(**BASELINE)
    yield


class Client6(Client):
    """A person at an IPv6 address (named to nginx by the proxy header)."""

    def __init__(self, b, addr6, **kw):
        super().__init__(b, **kw)
        self.addr6 = addr6

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        h["X-Forwarded-For"] = self.addr6
        return super().request(method, path, body, h)


def row(b, cid):
    got = b.sql("SELECT status, body_md, author_name, author_email, "
                "user_id FROM comments WHERE id = ?", (cid,))
    return got[0] if got else None


def edit(c, cid, text):
    return c.post("/comment/edit", {"c": str(cid), "comment": text,
                                    "save": "Save changes"})


def delete(c, cid):
    return c.post("/comment/edit", {"c": str(cid), "comment": "",
                                    "delete": "Delete"})


# -- 1. comment ids never come back ------------------------------------------

def test_deleted_comment_id_is_never_given_again(tb):
    """Mallory comments, deletes it, and the next comment anyone posts
    must not take its id: her owner cookie must open nothing of it."""
    tb.settings(moderation="all")
    p = new_post(tb)
    mallory, alice = Client(tb), Client(tb)
    mid = location_id(p, mallory.comment(mallory.form(p.path),
                                         comment="Mallory was here."))
    assert delete(mallory, mid).status == 303
    assert row(tb, mid) is None

    secret = "Alice's private words, held for moderation."
    aid = location_id(p, alice.comment(alice.form(p.path), comment=secret))
    assert aid > mid, "id %d given again" % aid
    # Alice sees her held comment; Mallory sees nothing of it, and can
    # neither open nor change nor delete it.
    assert HELD in li(alice.get(p.path).doc, aid).text()
    assert secret not in mallory.get(p.path).text
    assert mallory.get("/comment/edit?c=%d" % aid).status == 403
    assert edit(mallory, aid, "rewritten").status == 403
    assert delete(mallory, aid).status == 403
    assert row(tb, aid)[:2] == ("pending", secret)


def test_admin_delete_of_newest_comment_frees_no_id(tb):
    """Deleting the newest comment for good (as the admin's "delete
    permanently" does) must not let the next comment reuse its id."""
    tb.settings(moderation="all")
    p = new_post(tb)
    first, second = Client(tb), Client(tb)
    fid = location_id(p, first.comment(first.form(p.path),
                                       comment="Spam, really."))
    tb.sql("DELETE FROM comments WHERE id = ?", (fid,))
    text = "The second person's held words."
    sid = location_id(p, second.comment(second.form(p.path), comment=text))
    assert sid > fid
    assert text not in first.get(p.path).text
    assert first.get("/comment/edit?c=%d" % sid).status == 403


def test_a_mark_opens_only_its_own_comment(tb):
    """A cookie that names a comment's id with any other secret (a
    forged mark, or the old id-only format) opens nothing."""
    tb.settings(moderation="all")
    p = new_post(tb)
    alice, eve = Client(tb), Client(tb)
    text = "Held words nobody else may read."
    aid = location_id(p, alice.comment(alice.form(p.path), comment=text))
    mark = alice.cookies["quire_own"]
    assert mark.startswith("%d." % aid)
    for forged in ["%d.%s" % (aid, "A" * 22), "%d.%s" % (aid, "x" * 22),
                   "%d.AAAAAAAAAAAAAAAAAAAAAA~%d.B" % (aid, aid)]:
        eve.cookies = {"quire_own": forged}
        assert text not in eve.get(p.path).text
        assert eve.get("/comment/edit?c=%d" % aid).status == 403


# -- 2. and 3. personal pages are never shared ---------------------------------

def test_held_comment_on_closed_post_never_reaches_other_readers(tb):
    tb.settings(moderation="all")
    p = new_post(tb)
    w = Client(tb)
    text = "Held, then the post closed its comments."
    cid = location_id(p, w.comment(w.form(p.path), comment=text))
    tb.sql("UPDATE posts SET comments_open = 0 WHERE id = ?", (p.id,))
    mine = w.get(p.path)
    assert mine.status == 200
    assert HELD in li(mine.doc, cid).text()
    cc = mine.header("Cache-Control")
    assert cc is not None and "private" in cc, cc
    assert mine.header("ETag") is None
    for _ in range(3):
        r = Client(tb).get(p.path)
        assert r.status == 200 and text not in r.text
        assert li(r.doc, cid) is None


def test_writer_sees_held_comment_when_page_is_cached(tb):
    """With one worker: an anonymous view puts the post page into the
    worker's cache; the writer's next view must still show their held
    comment (the cache must honour the cookies that storing does)."""
    tb.settings(moderation="all")
    p = new_post(tb)
    w = Client(tb)
    text = "My comment that waits for the moderator."
    cid = location_id(p, w.comment(w.form(p.path), comment=text))
    for _ in range(2):
        assert text not in Client(tb).get(p.path).text
    r = w.get(p.path)
    assert r.status == 200
    assert li(r.doc, cid) is not None and HELD in li(r.doc, cid).text()
    # The saved name comes back too, never another reader's.
    saved = Client(tb)
    f = saved.form(p.path)
    location_id(p, saved.comment(f, comment="Saved details.", save="yes"))
    assert Form(saved.get(p.path)).fields["author"] == saved.name
    assert Form(Client(tb).get(p.path)).fields["author"] == ""


# -- 4. an edit runs the policy -------------------------------------------------

LINKS = " ".join("[shop %d](https://spam%d.example/)" % (i, i)
                 for i in range(30))


def test_edit_of_approved_comment_goes_back_to_the_queue(tb):
    tb.settings(moderation="first")
    p = new_post(tb)
    w = Client(tb)
    cid = location_id(p, w.comment(w.form(p.path),
                                   comment="Lovely photos!"))
    assert row(tb, cid)[0] == "pending"
    tb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid,))
    assert "Lovely photos!" in Client(tb).get(p.path).text

    r = edit(w, cid, "Lovely photos! " + LINKS)
    assert r.status == 303
    assert row(tb, cid)[0] == "pending"
    anon = Client(tb).get(p.path).text
    assert "spam7.example" not in anon and "Lovely photos!" not in anon
    assert HELD in li(w.get(p.path).doc, cid).text()


def test_edit_is_held_by_the_same_policy_as_a_new_comment(tb):
    tb.settings(moderation="none", link_limit="2", blocklist="casino")
    p = new_post(tb)
    w = Client(tb)
    forms = [w.form(p.path) for _ in range(3)]
    wait_fill(tb, *forms)
    plain, links, blocked = [
        location_id(p, w.comment(f, wait=False, comment="First words %d." % i))
        for i, f in enumerate(forms)]
    assert [row(tb, c)[0] for c in (plain, links, blocked)] == \
        ["approved"] * 3
    # An ordinary edit of an approved comment stays approved.
    assert edit(w, plain, "First words, better.").status == 303
    assert row(tb, plain)[:2] == ("approved", "First words, better.")
    # Too many links: held, as a new comment would be.
    assert edit(w, links, "Now with links: " + LINKS).status == 303
    assert row(tb, links)[0] == "pending"
    # A blocklisted word: spam, as a new comment would be.
    assert edit(w, blocked, "Visit my casino.").status == 303
    assert row(tb, blocked)[0] == "spam"
    # Held stays held: an edit never approves.
    assert edit(w, links, "Sorry, no links.").status == 303
    assert row(tb, links)[0] == "pending"


# -- 6. one IPv6 /64 is one client ------------------------------------------------

def test_rate_limit_counts_an_ipv6_64_as_one_client(tb):
    tb.settings(rate_limit="3")
    p = new_post(tb)
    people = [Client6(tb, "2001:db8:1:2::%x" % (i + 1)) for i in range(8)]
    forms = [c.form(p.path) for c in people]
    wait_fill(tb, *forms)
    got = [c.comment(f, wait=False, comment="From the same /64, %d." % i)
           for i, (c, f) in enumerate(zip(people, forms))]
    assert [r.status for r in got] == [303] * 3 + [429] * 5
    assert got[3].header("Retry-After") is not None
    # Another /64 is another client.
    other = Client6(tb, "2001:db8:1:3::1")
    assert other.comment(other.form(p.path),
                         comment="A neighbour.").status == 303
    stored = [r["author_addr"] for r in rows(tb, p)]
    assert stored[:3] == ["2001:db8:1:2::1", "2001:db8:1:2::2",
                          "2001:db8:1:2::3"]


def test_flood_control_counts_an_ipv6_64_as_one_client(tb):
    tb.settings(flood_seconds="60")
    p = new_post(tb)
    a, b = Client6(tb, "2001:db8:7:7::a"), Client6(tb, "2001:db8:7:7:ffff::b")
    fa, fb = a.form(p.path), b.form(p.path)
    wait_fill(tb, fa, fb)
    assert a.comment(fa, wait=False, comment="First.").status == 303
    assert b.comment(fb, wait=False, comment="Rotated.").status == 429


# -- 8. trust needs the same name and email, never a user's ----------------------

def test_staff_email_typed_by_a_visitor_is_held(tb):
    tb.settings(moderation="first")
    p = new_post(tb)
    admin_id = tb.sql("SELECT id FROM users WHERE login = 'admin'")[0][0]
    # The admin's reply, as the admin's "reply" stores it.
    tb.sql("INSERT INTO comments (post_id, status, author_name, "
           "author_email, user_id, created, body_md, body_html, path) "
           "VALUES (?, 'approved', 'Ada Admin', 'ada@example.org', ?, "
           "unixepoch(), 'Thanks!', '<p>Thanks!</p>', 'x')",
           (p.id, admin_id))
    for email in ["ada@example.org", "ADA@Example.org"]:
        eve = Client(tb, name="Ada Admin", email=email)
        text = "Trust me, I am staff (%s)." % email
        cid = location_id(p, eve.comment(eve.form(p.path), comment=text))
        assert row(tb, cid)[0] == "pending"
        assert row(tb, cid)[4] is None
        mine = li(eve.get(p.path).doc, cid)
        assert mine is not None and HELD in mine.text()
        assert "Post author" not in mine.text()
        assert text not in Client(tb).get(p.path).text


def test_returning_commenter_needs_same_name_and_email(tb):
    tb.settings(moderation="first")
    p = new_post(tb)
    bob = Client(tb, name="Bob Builder", email="bob@example.net")
    first = location_id(p, bob.comment(bob.form(p.path), comment="Hi."))
    tb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (first,))
    again = location_id(p, bob.comment(bob.form(p.path), comment="Me again."))
    assert row(tb, again)[0] == "approved"
    mallory = Client(tb, name="Mallory", email="bob@example.net")
    cid = location_id(p, mallory.comment(mallory.form(p.path),
                                         comment="Not Bob."))
    assert row(tb, cid)[0] == "pending"


# -- 11. the token slot is found by structure ------------------------------------

def test_post_body_cannot_take_the_token_slot(tb):
    tb.settings(moderation="none")
    p = new_post(tb)
    trap = ('<p>Form:</p><input type="hidden" name="token" value="%s">'
            '<p>end</p>' % ("-" * 98))
    tb.sql("UPDATE posts SET body_html = ? WHERE id = ?", (trap, p.id))
    for _ in range(3):          # made, then from the worker's cache
        c = Client(tb)
        f = c.form(p.path)
        assert not f.token.startswith("-"), f.token
        r = c.comment(f, comment="The form still works.")
        assert r.status == 303, r.status
