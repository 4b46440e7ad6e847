"""test_comments.py: the comment system, from the outside.

Every test talks HTTP to nginx in front of `quire serve`, as a browser
would: it fetches a post, reads the comment form out of the page, fills
it in and sends it to POST /comment. Each simulated person is a `Client`
with a cookie jar of its own and a source address of its own
(127.0.0.N: rate limits and flood control are per address), and an email
of its own.

These tests change comment counts, so they run on a blog of their own
(module fixture `cb`, from conftest.make_blog), never on the session's
shared `blog`; every test comments on posts it adds itself.

Settings are written straight into the settings table (the workers
reload them when the database changes). Before every test the baseline
below is restored: minimum fill time 1 s (a form is sent just after the
next whole second: the token's issued-at has 1-second resolution), no
flood delay and a high rate limit, except in the tests of those features.

A few tests make tokens themselves (`mint`), with the blog's own secret
from its settings table, to get one issued minutes ago without waiting
minutes; `test_minted_token_is_accepted` shows the minting is right, so
that an "expired" answer to a minted token means expired, not forged.
"""
import base64
import hashlib
import hmac
import html
import http.client
import itertools
import os
import re
import shutil
import struct
import tempfile
import threading
import time
import urllib.parse

import pytest

from conftest import form_inputs, make_blog, parse_html
from content import post_file

BASELINE = {
    "moderation": "first",
    "min_fill_seconds": "1",
    "max_token_age": "172800",
    "rate_limit": "10000",      # the highest the setting takes
    "flood_seconds": "0",
    "max_depth": "5",
    "link_limit": "2",
    "close_after_days": "0",
    "blocklist": "",
}

HELD = "Your comment is awaiting moderation."

# Text that must come back byte for byte: non-ASCII, an emoji, markup
# characters, quotes, a leading newline and trailing spaces.
NAME = "Zo\u00eb \u65e5\u672c\u8a9e <b>&amp; \"Q\" 'A'"
EMAIL = "zo\u00eb.o'brien+x@example.org"
URL = "https://\u4f8b\u3048.example/p\u00e4th?a=1&b='x'"
TEXT = ("\nZo\u00eb says: \u65e5\u672c\u8a9e \U0001F389 <script>x</script>"
        " & \"double\" 'single' &amp; \u00a0nbsp\n\nsecond line   ")

_addr = itertools.count(30)     # 127.0.0.10-17: the concurrency test
_seq = itertools.count(1)


# -- the blog of this module ----------------------------------------------

@pytest.fixture(scope="module")
def cb():
    tmp = tempfile.mkdtemp(prefix="quire-comments-")
    # quire's own answers (tier 1): test_pagefiles.py has nginx's tokens.
    b = None
    try:
        b = make_blog(tmp, workers=4, pages=False)
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(autouse=True)
def baseline(cb):
    cb.settings(**BASELINE)
    yield


class Post:
    def __init__(self, b, title, url):
        self.title = title
        self.url = url
        self.path = urllib.parse.urlsplit(url).path
        self.id = b.sql("SELECT id FROM posts WHERE title = ?", (title,))[0][0]


def new_post(b, title=None, **headers):
    title = title or "Comment test %d" % next(_seq)
    url = b.add_post(post_file(title, "Body of *%s*.\n" % title, **headers))
    return Post(b, title, url)


def comment_count(b, post):
    return b.sql("SELECT comment_count FROM posts WHERE id = ?",
                 (post.id,))[0][0]


def approved_rows(b, post):
    return b.sql("SELECT count(*) FROM comments WHERE post_id = ? AND "
                 "status = 'approved'", (post.id,))[0][0]


def rows(b, post):
    """All stored comments of a post, as dicts, oldest first."""
    cols = ["id", "parent_id", "depth", "status", "author_name",
            "author_email", "author_url", "author_addr", "body_md",
            "body_html"]
    return [dict(zip(cols, r)) for r in b.sql(
        "SELECT %s FROM comments WHERE post_id = ? ORDER BY id" %
        ", ".join(cols), (post.id,))]


def approve(b, cid):
    b.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid,))
    b.sql("UPDATE posts SET comment_count = (SELECT count(*) FROM comments "
          "WHERE post_id = posts.id AND status = 'approved') WHERE id = "
          "(SELECT post_id FROM comments WHERE id = ?)", (cid,))


# -- a person with a browser ----------------------------------------------

class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self._doc = None

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def cookies_set(self):
        """{name: (value, attributes lower-cased)} of the Set-Cookie
        headers."""
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                first, _, attrs = v.partition(";")
                name, _, value = first.partition("=")
                out[name.strip()] = (value.strip(), attrs.lower())
        return out

    @property
    def doc(self):
        if self._doc is None:
            self._doc = parse_html(self.text)
        return self._doc

    def __repr__(self):
        return "<Resp %d %d bytes>" % (self.status, len(self.body))


class Form:
    """The comment form of a page: the values a browser would send."""

    def __init__(self, resp):
        self.resp = resp
        f = resp.doc.find("form", id_="commentform")
        assert f is not None, "no comment form in the page"
        self.node = f
        self.fields = {}
        for inp in form_inputs(resp.doc, "commentform"):
            name, typ = inp.attrs.get("name"), inp.attrs.get("type")
            if not name or typ == "submit":
                continue
            if typ == "checkbox":
                if "checked" in inp.attrs:
                    self.fields[name] = inp.attrs.get("value") or "on"
                continue
            self.fields[name] = inp.attrs.get("value") or ""
        self.fields["comment"] = textarea_value(
            f.find("textarea", name="comment"))
        self.token = self.fields["token"]
        self.issued = token_issued(self.token)

    @classmethod
    def quick(cls, resp):
        """Just the hidden fields, read with a regular expression: for
        the many requests of the concurrency test, where parsing pages
        of hundreds of comments would cost more than quire does."""
        self = cls.__new__(cls)
        self.resp = resp
        self.fields = {m.group(1): html.unescape(m.group(2)) for m in
                       re.finditer(r'<input type="hidden" name="([a-z_A-Z]+)"'
                                   r'[^>]*? value="([^"]*)"', resp.text)}
        assert set(self.fields) == {"comment_post_ID", "comment_parent",
                                    "token"}, self.fields
        self.fields["comment"] = ""
        self.token = self.fields["token"]
        self.issued = token_issued(self.token)
        return self

    def checked(self, name):
        inp = self.node.find("input", name=name)
        return inp is not None and "checked" in inp.attrs


class Client:
    def __init__(self, b, n=None, email=None, name=None):
        self.b = b
        self.n = n if n is not None else next(_addr)
        assert 2 <= self.n <= 254
        self.addr = "127.0.0.%d" % self.n
        self.email = email or "person%d@example.net" % self.n
        self.name = name or "Person %d" % self.n
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                          timeout=30,
                                          source_address=(self.addr, 0))
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Resp(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for name, (value, attrs) in resp.cookies_set().items():
            if value == "" or "max-age=0" in attrs:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        """fields: a dict or a list of pairs; values str or bytes."""
        items = fields.items() if isinstance(fields, dict) else fields
        body = urllib.parse.urlencode(list(items)).encode("ascii")
        return self.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded"})

    def form(self, path):
        r = self.get(path)
        assert r.status == 200, "GET %s: %d" % (path, r.status)
        return Form(r)

    def comment(self, form, wait=True, **over):
        """Fill in form (name, email of this person unless given) and
        send it, once the minimum fill time has passed."""
        fields = dict(form.fields)
        fields.setdefault("author", "")
        if not fields["author"]:
            fields["author"] = self.name
        if not fields.get("email"):
            fields["email"] = self.email
        fields["submit"] = "Post Comment"
        for k, v in over.items():
            k = {"save": "wp-comment-cookies-consent"}.get(k, k)
            if v is None:
                fields.pop(k, None)
            else:
                fields[k] = v
        if wait:
            wait_fill(self.b, form)
        return self.post("/comment", fields)


def wait_fill(b, *forms):
    """Sleep until every form's token is older than the minimum fill
    time, as the server counts it (whole seconds). The server reads
    time(2), which glibc takes from a coarse clock a few milliseconds
    behind the one Python reads: hence the margin."""
    need = int(b.current["min_fill_seconds"])
    until = max(f.issued for f in forms) + need + 0.03
    while time.time() < until:
        time.sleep(min(0.05, max(0.001, until - time.time())))


def textarea_value(node):
    """A textarea's value as a browser takes it: its text, less the one
    newline right after the start tag."""
    assert node is not None, "no textarea"
    raw = "".join(c for c in node.children if isinstance(c, str))
    return raw[1:] if raw.startswith("\n") else raw


def token_issued(token):
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    return struct.unpack(">Q", raw[1:9])[0]


def mint(b, post_id, issued, addr="127.0.0.1", nonce=None):
    """A token as quire makes one (see antispam.c), with the blog's own
    secret: version 1 | issued | post | nonce | network hash | MAC."""
    key = bytes.fromhex(b.sql(
        "SELECT value FROM settings WHERE key = 'secret_key'")[0][0])

    def subkey(i):
        return hashlib.blake2b(b"", digest_size=32, key=key,
                               salt=struct.pack("<Q", i) + bytes(8),
                               person=b"quire-as" + bytes(8)).digest()
    net = "4:" + bytes(int(x) for x in addr.split(".")[:3]).hex()
    nh = hashlib.blake2b(net.encode(), digest_size=8,
                         key=subkey(2)).digest()
    body = (bytes([1]) + struct.pack(">QQ", issued, post_id) +
            (nonce or os.urandom(16)) + nh)
    mac = hmac.new(subkey(1), body, hashlib.sha512).digest()[:32]
    return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode()


# -- reading the answers --------------------------------------------------

def location_id(post, r):
    """The comment id of a 303 to post#comment-ID."""
    assert r.status == 303, "wanted 303, got %d: %s" % (
        r.status, form_message(r) if r.status != 303 else "")
    loc = urllib.parse.urlsplit(r.header("Location"))
    assert loc.path == post.path, loc
    m = re.fullmatch(r"comment-(\d+)", loc.fragment)
    assert m, "Location %r has no #comment-ID" % r.header("Location")
    return int(m.group(1))


def form_message(r):
    """The text of the form's error boxes (.form-errors)."""
    try:
        return " ".join(n.text() for n in r.doc.find_all(cls="form-errors"))
    except AssertionError:
        return r.text[:300]


def li(doc, cid):
    return doc.find("li", id_="comment-%d" % cid)


def thoughts(doc):
    h = doc.find("h2", cls="comments-title")
    return h.text() if h is not None else None


def assert_kept(r, want, status):
    """The answer is the post page with the form re-rendered, every
    field as it was typed, and a fresh token."""
    assert r.status == status, "wanted %d, got %d: %s" % (
        status, r.status, form_message(r))
    assert r.doc.find("h1", cls="entry-title") is not None, "not the post page"
    f = Form(r)
    for k, v in want.items():
        if k in ("author", "email", "url", "comment"):
            assert f.fields[k] == v, "%s: %r != %r" % (k, f.fields[k], v)
    if "token" in want:
        assert f.token != want["token"], "the refused token came back"
    return f


# -- accepted -----------------------------------------------------------------

def test_accepted_and_approved(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    alice, reader = Client(cb, name="Alice Ünicode"), Client(cb)
    f1, f2 = alice.form(p.path), alice.form(p.path)
    assert thoughts(f1.resp.doc) is None        # no comments yet
    r = alice.comment(f1, comment="Hello *world*, with `code`.\n\n"
                      "- one\n- two\n")
    cid = location_id(p, r)
    row = rows(cb, p)[0]
    assert (row["id"], row["status"], row["author_name"], row["depth"]) == (
        cid, "approved", "Alice Ünicode", 1)
    assert row["author_email"] == alice.email
    assert row["author_addr"] == alice.addr
    assert comment_count(cb, p) == 1

    page = reader.get(p.path)
    assert page.status == 200
    c = li(page.doc, cid)
    assert c is not None, "the approved comment is not shown to a reader"
    assert c.find("b", cls="fn").text() == "Alice Ünicode"
    t = c.find("time")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t.attrs["datetime"])
    assert abs(time.mktime(time.strptime(t.attrs["datetime"],
               "%Y-%m-%dT%H:%M:%SZ")) - time.mktime(time.gmtime())) < 120
    assert t.text()
    body = c.find("div", cls="comment-content")
    assert body.find("em").text() == "world"
    assert body.find("code").text() == "code"
    assert [n.text() for n in body.find_all("li")] == ["one", "two"]
    assert HELD not in page.text
    assert thoughts(page.doc) == "1 thought on \u201c%s\u201d" % p.title

    r = alice.comment(f2, comment="Second one.")
    cid2 = location_id(p, r)
    assert cid2 != cid
    page = reader.get(p.path)
    assert li(page.doc, cid2) is not None
    assert thoughts(page.doc) == "2 thoughts on \u201c%s\u201d" % p.title
    assert comment_count(cb, p) == approved_rows(cb, p) == 2


def test_first_comment_held_then_trusted(cb):
    p = new_post(cb)
    writer, other = Client(cb), Client(cb)
    f1, f2 = writer.form(p.path), writer.form(p.path)
    r = writer.comment(f1, comment="My very first comment.")
    cid = location_id(p, r)
    assert "quire_own" in r.cookies_set()
    assert rows(cb, p)[0]["status"] == "pending"
    assert comment_count(cb, p) == 0

    mine = writer.get(p.path)
    c = li(mine.doc, cid)
    assert c is not None, "the writer does not see their held comment"
    assert c.find("p", cls="awaiting-moderation").text() == HELD
    assert "My very first comment." in c.text()

    theirs = other.get(p.path)
    assert li(theirs.doc, cid) is None
    assert HELD not in theirs.text and "My very first" not in theirs.text
    # Nor with a forged owner cookie.
    other.cookies["quire_own"] = "%d.AAAAAAAAAAAAAAAAAAAAAA" % cid
    assert "My very first" not in other.get(p.path).text

    approve(cb, cid)
    assert "My very first" in Client(cb).get(p.path).text
    r = writer.comment(f2, comment="Now I am trusted.")
    cid2 = location_id(p, r)
    assert rows(cb, p)[1]["status"] == "approved"
    page = Client(cb).get(p.path)
    assert li(page.doc, cid2) is not None and HELD not in page.text
    assert comment_count(cb, p) == approved_rows(cb, p) == 2


def test_moderation_all_holds_trusted(cb):
    p = new_post(cb)
    c = Client(cb)
    cb.settings(moderation="none")
    f1, f2 = c.form(p.path), c.form(p.path)
    location_id(p, c.comment(f1, comment="approved"))
    cb.settings(moderation="all")
    cid = location_id(p, c.comment(f2, comment="held anyway"))
    assert [x["status"] for x in rows(cb, p)] == ["approved", "pending"]
    assert li(c.get(p.path).doc, cid).find(cls="awaiting-moderation")


# -- threads -----------------------------------------------------------------

def test_reply_nesting(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    a, b = Client(cb, name="Maria Ñ"), Client(cb)
    cid = location_id(p, a.comment(a.form(p.path), comment="Top."))
    page = b.get(p.path)
    link = li(page.doc, cid).find("a", cls="comment-reply-link")
    assert link.attrs["href"] == "?replyto=%d#respond" % cid

    f = b.form(p.path + link.attrs["href"].split("#")[0])
    title = f.resp.doc.find("h2", id_="reply-title")
    assert title.text().startswith("Reply to Maria Ñ")
    cancel = title.find("a", id_="cancel-comment-reply-link")
    assert cancel.text() == "Cancel reply"
    assert urllib.parse.urlsplit(cancel.attrs["href"]).path == p.path
    assert f.fields["comment_parent"] == str(cid)
    # Without ?replyto the form is a new top-level comment.
    plain = b.form(p.path)
    assert plain.fields["comment_parent"] == "0"
    assert plain.resp.doc.find("h2", id_="reply-title").text() == \
        "Leave a Reply"

    rid = location_id(p, b.comment(f, comment="A reply."))
    row = [x for x in rows(cb, p) if x["id"] == rid][0]
    assert (row["parent_id"], row["depth"]) == (cid, 2)
    page = Client(cb).get(p.path)
    reply = li(page.doc, rid)
    parent = li(page.doc, cid)
    assert parent in list(reply.ancestors()), "the reply is not nested"
    assert reply.parent.tag == "ol" and "children" in reply.parent.classes()
    assert "depth-2" in reply.classes()
    assert comment_count(cb, p) == 2


def test_reply_beyond_max_depth_joins_thread(cb):
    cb.settings(moderation="none", max_depth=3)
    p = new_post(cb)
    c = Client(cb)
    forms = [c.form(p.path) for _ in range(4)]
    wait_fill(cb, *forms)
    ids = []
    for i, f in enumerate(forms):
        parent = ids[-1] if ids else 0
        r = c.comment(f, wait=False, comment_parent=str(parent),
                      comment="level %d" % (i + 1))
        ids.append(location_id(p, r))
    got = {x["id"]: (x["parent_id"], x["depth"]) for x in rows(cb, p)}
    assert got[ids[0]] == (None, 1)
    assert got[ids[1]] == (ids[0], 2)
    assert got[ids[2]] == (ids[1], 3)
    # The reply to the depth-3 comment: stored, at depth 3, beside it.
    assert got[ids[3]] == (ids[1], 3)
    page = Client(cb).get(p.path)
    deep = li(page.doc, ids[3])
    assert deep.parent.parent is li(page.doc, ids[1])
    assert "level 4" in deep.text()
    assert comment_count(cb, p) == 4


# -- invalid: 422, everything kept -------------------------------------------

GOOD = {"author": NAME, "email": EMAIL, "url": URL, "comment": TEXT}

INVALID = [
    # id, field with the error, the change, expected error text (part)
    ("missing-name", "author", {"author": ""}, "Please enter your name."),
    ("blank-name", "author", {"author": "   "}, "Please enter your name."),
    ("missing-email", "email", {"email": ""},
     "Please enter your email address."),
    ("bad-email", "email", {"email": "zo\u00eb at example"},
     "Please enter a valid email address."),
    ("bad-url", "url", {"url": "javascript:alert(1)"},
     "starting with http:// or https://"),
    ("url-quote", "url", {"url": "https://x.example/\"onmouseover=\"alert(1)"},
     "cannot hold spaces or the characters"),
    # The problem is the characters, not the missing http://.
    ("url-markup", "url", {"url": "exa<mple>.org"},
     "cannot hold spaces or the characters"),
    ("url-space", "url", {"url": "my site.example"},
     "cannot hold spaces or the characters"),
    ("missing-comment", "comment", {"comment": " \n "},
     "Please type your comment."),
    ("too-long", "comment", {"comment": "\u00e4" * 8192 + "x"},
     "Your comment is 16385 bytes; the limit is 16384."),
    ("control-char", "comment", {"comment": "bell \x01 here\n" + TEXT},
     "characters that are not allowed"),
    ("control-char-name", "author", {"author": "Zo\u00eb\x01"},
     "characters that are not allowed"),
]


@pytest.mark.parametrize("case", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_field_422_keeps_everything(cb, case):
    _, fld, change, message = case
    cb.settings(min_fill_seconds=0)
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    sent = dict(GOOD, **change)
    r = c.comment(f, **sent)
    # Names come back trimmed of surrounding white space; nothing else
    # is changed.
    want = dict(sent)
    if fld != "comment":
        want[fld] = sent[fld].strip()
    assert_kept(r, dict(want, token=f.token), 422)
    err = r.doc.find(id_="%s-error" % fld)
    assert err is not None and "field-error" in err.classes()
    assert message in err.text()
    field = r.doc.find(id_=fld)
    assert field.attrs.get("aria-invalid") == "true"
    assert "%s-error" % fld in field.attrs["aria-describedby"].split()
    assert err.parent is field.parent, "the error is not beside its field"
    # Only that field is marked.
    for other in ("author", "email", "url", "comment"):
        if other != fld:
            assert r.doc.find(id_="%s-error" % other) is None
            assert "aria-invalid" not in r.doc.find(id_=other).attrs
    assert "Everything you typed is kept" in form_message(r)
    assert rows(cb, p) == []
    assert 'onmouseover' not in [a for n in r.doc.iter() for a in n.attrs]


def test_invalid_utf8_422(cb):
    cb.settings(min_fill_seconds=0)
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    before = TEXT.encode() + b" bad \xff byte"
    r = c.comment(f, author=NAME, email=EMAIL, url=URL, comment=before)
    # What cannot be shown is shown as U+FFFD; every other character stays.
    kept = assert_kept(r, dict(GOOD, token=f.token,
                               comment=TEXT + " bad \ufffd byte"), 422)
    assert kept.fields["comment"] == TEXT + " bad \ufffd byte"
    err = r.doc.find(id_="comment-error")
    assert "characters that are not allowed" in err.text()
    assert r.doc.find(id_="comment").attrs["aria-describedby"] == \
        "comment-error"
    assert rows(cb, p) == []


def test_errors_then_fixed_submit_works(cb):
    """The re-rendered form, corrected, is accepted as it is."""
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    r = c.comment(c.form(p.path), author=NAME, email="", url=URL,
                  comment=TEXT)
    f = assert_kept(r, dict(GOOD, email=""), 422)
    r = c.comment(f, email=EMAIL)
    cid = location_id(p, r)
    row = rows(cb, p)[0]
    assert (row["id"], row["author_name"], row["author_email"],
            row["author_url"], row["body_md"]) == (cid, NAME, EMAIL, URL,
                                                   TEXT)
    shown = li(Client(cb).get(p.path).doc, cid)
    assert shown.find("b", cls="fn").text() == NAME
    assert shown.find("b", cls="fn").find("a").attrs["href"] == URL


# -- the same form twice, tokens ---------------------------------------------

def test_double_submit_one_comment(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    r1 = c.comment(f, comment="Clicked twice.")
    r2 = c.comment(f, comment="Clicked twice.")
    assert r1.status == r2.status == 303
    assert r1.header("Location") == r2.header("Location")
    assert [x["body_md"] for x in rows(cb, p)] == ["Clicked twice."]
    assert comment_count(cb, p) == 1
    # From another browser on the same network (a retry after a network
    # error, cookies lost) it is the same.
    other = Client(cb)
    r3 = other.comment(f, author=c.name, email=c.email,
                       comment="Clicked twice.")
    assert r3.header("Location") == r1.header("Location")
    assert len(rows(cb, p)) == 1


def test_replayed_token_other_text_403(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    location_id(p, c.comment(f, comment="The first text."))
    r = c.comment(f, author=NAME, email=EMAIL, url=URL, comment=TEXT)
    g = assert_kept(r, dict(GOOD, token=f.token), 403)
    assert "already used" in form_message(r)
    assert len(rows(cb, p)) == 1
    # The fresh token works: the person just presses the button again.
    cid = location_id(p, c.comment(g))
    assert [x["body_md"] for x in rows(cb, p)] == ["The first text.", TEXT]
    assert rows(cb, p)[1]["id"] == cid


def test_forged_token_403(cb):
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    t = f.token
    i = 30          # inside the nonce: the MAC no longer fits
    forged = t[:i] + ("A" if t[i] != "A" else "B") + t[i + 1:]
    r = c.comment(f, token=forged, author=NAME, email=EMAIL, url=URL,
                  comment=TEXT)
    g = assert_kept(r, dict(GOOD, token=forged), 403)
    assert "could not be verified" in form_message(r)
    assert g.token != f.token
    for bad in ("", "garbage", t[:-4], None):
        r = c.comment(f, token=bad, comment=TEXT)
        assert r.status == 403, bad
        assert Form(r).fields["comment"] == TEXT
    assert rows(cb, p) == []
    # A token of another post is refused too.
    q = new_post(cb)
    r = c.comment(c.form(q.path), comment_post_ID=str(p.id), comment=TEXT)
    assert r.status == 403 and rows(cb, p) == []


def test_minted_token_is_accepted(cb):
    """The test's own token maker makes what quire makes."""
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    tok = mint(cb, p.id, int(time.time()) - 10, c.addr)
    cid = location_id(p, c.comment(f, wait=False, token=tok,
                                   comment="minted"))
    assert rows(cb, p)[0]["id"] == cid


def test_expired_token_403(cb):
    cb.settings(max_token_age=60)
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    old = mint(cb, p.id, int(time.time()) - 120, c.addr)
    r = c.comment(f, wait=False, token=old, author=NAME, email=EMAIL,
                  url=URL, comment=TEXT)
    g = assert_kept(r, dict(GOOD, token=old), 403)
    assert "expired" in form_message(r)
    assert rows(cb, p) == []
    # Pressing the button again on the re-rendered form works.
    cb.settings(moderation="none")
    location_id(p, c.comment(g))
    assert [x["body_md"] for x in rows(cb, p)] == [TEXT]


def test_too_fast_403(cb):
    cb.settings(min_fill_seconds=5)
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    r = c.comment(f, wait=False, author=NAME, email=EMAIL, url=URL,
                  comment=TEXT)
    g = assert_kept(r, dict(GOOD, token=f.token), 403)
    assert "quicker than a person types" in form_message(r)
    assert rows(cb, p) == []
    # The fresh token is a new form: with the minimum fill time it works.
    cb.settings(min_fill_seconds=1, moderation="none")
    location_id(p, c.comment(g))
    assert len(rows(cb, p)) == 1


# -- spam ---------------------------------------------------------------------

def answer_shape(r):
    return (r.status, sorted(r.cookies_set()), len(r.body),
            urllib.parse.urlsplit(r.header("Location")).path)


def test_honeypot_is_spam_answered_as_held(cb):
    cb.settings(moderation="first")
    p = new_post(cb)
    human, bot, reader = Client(cb), Client(cb), Client(cb)
    fh, fb = human.form(p.path), bot.form(p.path)
    wait_fill(cb, fh, fb)
    held = human.comment(fh, wait=False, comment="A first-time human.")
    spam = bot.comment(fb, wait=False, subject="http://spam.example/",
                       comment="Buy my stuff.")
    hid, sid = location_id(p, held), location_id(p, spam)
    assert answer_shape(held) == answer_shape(spam)
    st = {x["id"]: x["status"] for x in rows(cb, p)}
    assert (st[hid], st[sid]) == ("pending", "spam")
    c = li(bot.get(p.path).doc, sid)
    assert c is not None and c.find("p", cls="awaiting-moderation")
    page = reader.get(p.path)
    assert li(page.doc, sid) is None and "Buy my stuff" not in page.text
    assert comment_count(cb, p) == 0


def test_honeypot_spam_even_when_trusted(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    bot = Client(cb)
    sid = location_id(p, bot.comment(bot.form(p.path), subject="x",
                                     comment="Trusted? No."))
    assert rows(cb, p)[0]["status"] == "spam"
    assert li(bot.get(p.path).doc, sid).find(cls="awaiting-moderation")
    assert "Trusted? No." not in Client(cb).get(p.path).text


def test_blocklist_is_spam(cb):
    cb.settings(moderation="none", blocklist="viagra\nbad@example.com")
    p = new_post(cb)
    w, b2, ok, reader = Client(cb), Client(cb, email="BAD@example.com"), \
        Client(cb), Client(cb)
    forms = [x.form(p.path) for x in (w, b2, ok)]
    wait_fill(cb, *forms)
    r1 = w.comment(forms[0], wait=False, comment="Cheap ViAgRa here")
    r2 = b2.comment(forms[1], wait=False, comment="Innocent words")
    r3 = ok.comment(forms[2], wait=False, comment="A fine comment")
    i1, i2, i3 = (location_id(p, r) for r in (r1, r2, r3))
    st = {x["id"]: x["status"] for x in rows(cb, p)}
    assert (st[i1], st[i2], st[i3]) == ("spam", "spam", "approved")
    for who, i in ((w, i1), (b2, i2)):
        c = li(who.get(p.path).doc, i)
        assert c is not None and c.find(cls="awaiting-moderation").text() \
            == HELD
    page = reader.get(p.path)
    assert li(page.doc, i1) is None and li(page.doc, i2) is None
    assert li(page.doc, i3) is not None
    assert comment_count(cb, p) == 1


def test_links_over_limit_held_even_if_trusted(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    c, reader = Client(cb), Client(cb)
    forms = [c.form(p.path) for _ in range(3)]
    wait_fill(cb, *forms)
    location_id(p, c.comment(forms[0], wait=False, comment="trusted now"))
    cb.settings(moderation="first", link_limit=1)
    one = location_id(p, c.comment(forms[1], wait=False,
                      comment="See [one](https://a.example/)."))
    two = location_id(p, c.comment(forms[2], wait=False,
                      comment="See [one](https://a.example/) and "
                              "[two](https://b.example/)."))
    st = {x["id"]: x["status"] for x in rows(cb, p)}
    assert (st[one], st[two]) == ("approved", "pending")
    assert li(c.get(p.path).doc, two).find(cls="awaiting-moderation")
    page = reader.get(p.path)
    assert li(page.doc, two) is None
    a = li(page.doc, one).find("div", cls="comment-content").find("a")
    assert a.attrs["href"] == "https://a.example/"
    assert set(a.attrs["rel"].split()) >= {"nofollow", "ugc"}


# -- rate limit and flood ------------------------------------------------------

def _not_near_minute_end(margin=3):
    """The rate limit counts in fixed minutes: start well inside one."""
    s = time.time() % 60
    if s > 60 - margin:
        time.sleep(60 - s + 0.1)


def test_rate_limit_429(cb):
    cb.settings(moderation="none", rate_limit=3, min_fill_seconds=0)
    p = new_post(cb)
    c, other = Client(cb), Client(cb)
    forms = [c.form(p.path) for _ in range(4)]
    _not_near_minute_end()
    for f in forms[:3]:
        location_id(p, c.comment(f, comment="within the limit"))
    r = c.comment(forms[3], author=NAME, email=c.email, url=URL,
                  comment=TEXT)
    assert_kept(r, dict(GOOD, email=c.email), 429)
    ra = r.header("Retry-After")
    assert ra is not None and ra.isdigit() and 1 <= int(ra) <= 60, ra
    assert "wait a minute" in form_message(r)
    assert len(rows(cb, p)) == 3
    # Another address is not limited.
    location_id(p, other.comment(other.form(p.path), comment="me too"))
    assert len(rows(cb, p)) == 4


def test_flood_429(cb):
    cb.settings(moderation="none", flood_seconds=15, min_fill_seconds=0)
    p = new_post(cb)
    c = Client(cb)
    same_email = Client(cb, email=c.email)
    other = Client(cb)
    f1, f2 = c.form(p.path), c.form(p.path)
    f3, f4 = same_email.form(p.path), other.form(p.path)
    location_id(p, c.comment(f1, comment="first"))
    r = c.comment(f2, author=NAME, email=c.email, url=URL, comment=TEXT)
    assert_kept(r, dict(GOOD, email=c.email), 429)
    ra = r.header("Retry-After")
    assert ra is not None and ra.isdigit() and 1 <= int(ra) <= 15, ra
    assert "too quickly" in form_message(r)
    # The same email from another address waits too; others do not.
    assert same_email.comment(f3, comment="me again").status == 429
    location_id(p, other.comment(f4, comment="someone else"))
    assert [x["body_md"] for x in rows(cb, p)] == ["first", "someone else"]


# -- closed, unknown, too large -----------------------------------------------

def test_closed_comments(cb):
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    cb.sql("UPDATE posts SET comments_open = 0 WHERE id = ?", (p.id,))
    page = c.get(p.path)
    assert page.status == 200
    assert page.doc.find(id_="respond") is None
    assert page.doc.find("form", id_="commentform") is None
    assert page.doc.find("p", cls="no-comments").text() == \
        "Comments are closed."
    r = c.comment(f, author=NAME, email=EMAIL, url=URL, comment=TEXT)
    assert_closed_answer(r, p)
    assert rows(cb, p) == []


def assert_closed_answer(r, p):
    assert r.status == 422, r.status
    assert "Comments are closed on this post." in r.doc.text()
    kept = [textarea_value(t) for t in r.doc.find_all("textarea")]
    assert TEXT in kept, "the typed text is lost: %r" % kept


def test_closed_after_days(cb):
    p = new_post(cb, date="2020-01-06T10:00:00Z")
    c = Client(cb)
    f = c.form(p.path)
    cb.settings(close_after_days=1)
    page = c.get(p.path)
    assert page.doc.find("form", id_="commentform") is None
    assert "Comments are closed." in page.doc.text()
    r = c.comment(f, author=NAME, email=EMAIL, url=URL, comment=TEXT)
    assert_closed_answer(r, p)
    assert rows(cb, p) == []
    # A new post is still open.
    q = new_post(cb)
    assert c.get(q.path).doc.find("form", id_="commentform") is not None


def test_parent_on_other_post_422(cb):
    cb.settings(moderation="none")
    p, q = new_post(cb), new_post(cb)
    c = Client(cb)
    fp, fq = c.form(p.path), c.form(q.path)
    wait_fill(cb, fp, fq)
    cid = location_id(p, c.comment(fp, wait=False, comment="on p"))
    for parent in (str(cid), "999999", "-3", "x1"):
        r = c.comment(fq, wait=False, comment_parent=parent, author=NAME,
                      email=EMAIL, url=URL, comment=TEXT)
        f = assert_kept(r, GOOD, 422)
        assert "not on this post" in form_message(r), parent
        assert f.fields["comment_parent"] == "0"
    assert rows(cb, q) == []
    # Replying to a held comment is refused alike (it is not shown).
    cb.settings(moderation="all")
    held = location_id(p, c.comment(c.form(p.path), comment="held"))
    r = c.comment(c.form(p.path), comment_parent=str(held), comment=TEXT)
    assert r.status == 422 and Form(r).fields["comment"] == TEXT


def test_unknown_post_422_keeps_text(cb):
    c = Client(cb)
    draft = new_post(cb, status="draft")
    for pid in ("999999", "0", "abc", str(draft.id), None):
        r = c.post("/comment", {k: v for k, v in {
            "author": NAME, "email": EMAIL, "url": URL, "comment": TEXT,
            "comment_post_ID": pid, "comment_parent": "0",
            "token": "x"}.items() if v is not None})
        assert r.status == 422, (pid, r.status)
        ta = r.doc.find("textarea", id_="kept-text")
        assert ta is not None and textarea_value(ta) == TEXT, pid
        assert "does not exist or is not open for comments" in r.doc.text()
    assert rows(cb, draft) == []


def test_body_over_64k_413(cb):
    p = new_post(cb)
    c = Client(cb)
    f = c.form(p.path)
    n = cb.sql("SELECT count(*) FROM comments")[0][0]
    r = c.comment(f, comment="a" * (64 * 1024 + 1))
    assert r.status == 413
    # Just under: quire reads it (and refuses the text as too long).
    r = c.comment(f, comment="a" * (60 * 1024))
    assert r.status == 422
    assert "the limit is 16384" in r.doc.find(id_="comment-error").text()
    assert cb.sql("SELECT count(*) FROM comments")[0][0] == n


# -- the writer's edit window --------------------------------------------------

def test_edit_window(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    w, other, replier = Client(cb), Client(cb), Client(cb)
    forms = [w.form(p.path), w.form(p.path), replier.form(p.path)]
    wait_fill(cb, *forms)
    cid = location_id(p, w.comment(forms[0], wait=False,
                                   comment="Orignal *txt*."))
    gone = location_id(p, w.comment(forms[1], wait=False,
                                    comment="Delete me."))
    assert comment_count(cb, p) == 2

    link = li(w.get(p.path).doc, cid).find("a", cls="comment-edit-link")
    assert link is not None and link.attrs["href"] == \
        "/comment/edit?c=%d" % cid
    assert li(other.get(p.path).doc, cid).find(
        "a", cls="comment-edit-link") is None

    e = w.get(link.attrs["href"])
    assert e.status == 200
    assert textarea_value(e.doc.find("textarea", name="comment")) == \
        "Orignal *txt*."
    assert e.doc.find("input", name="c").attrs["value"] == str(cid)

    assert other.get("/comment/edit?c=%d" % cid).status == 403
    r = other.post("/comment/edit", {"c": str(cid), "comment": "hijack",
                                     "save": "Save changes"})
    assert r.status == 403

    r = w.post("/comment/edit", {"c": str(cid), "comment": TEXT + " *ok*",
                                 "save": "Save changes"})
    assert r.status == 303 and location_id(p, r) == cid
    row = [x for x in rows(cb, p) if x["id"] == cid][0]
    assert row["body_md"] == TEXT + " *ok*"
    shown = li(other.get(p.path).doc, cid)
    assert shown.find("div", cls="comment-content").find("em").text() == "ok"
    assert "Orignal" not in shown.text()

    # An invalid edit keeps the text.
    r = w.post("/comment/edit", {"c": str(cid), "comment": "x\x01y",
                                 "save": "Save changes"})
    assert r.status == 422
    assert textarea_value(r.doc.find("textarea", name="comment")) == "x\x01y"

    # Once someone replied, it stays as it is.
    location_id(p, replier.comment(forms[2], wait=False,
                                   comment_parent=str(cid), comment="re"))
    assert w.get("/comment/edit?c=%d" % cid).status == 403
    r = w.post("/comment/edit", {"c": str(cid), "comment": "changed",
                                 "save": "Save changes"})
    assert r.status == 403
    assert [x for x in rows(cb, p) if x["id"] == cid][0]["body_md"] == \
        TEXT + " *ok*"

    # Delete: gone, and counted no more.
    assert comment_count(cb, p) == 3
    r = w.post("/comment/edit", {"c": str(gone), "comment": "Delete me.",
                                 "delete": "Delete comment"})
    assert r.status == 303
    assert urllib.parse.urlsplit(r.header("Location")).path == p.path
    assert gone not in [x["id"] for x in rows(cb, p)]
    assert comment_count(cb, p) == approved_rows(cb, p) == 2
    page = other.get(p.path)
    assert li(page.doc, gone) is None
    assert thoughts(page.doc) == "2 thoughts on \u201c%s\u201d" % p.title
    assert w.get("/comment/edit?c=%d" % gone).status == 403


# -- many at once --------------------------------------------------------------

def test_concurrent_comments(cb):
    cb.settings(moderation="none", rate_limit=10000, flood_seconds=0,
             min_fill_seconds=0)
    p = new_post(cb)
    threads, per = 8, 50
    results, errors = [], []
    lock = threading.Lock()

    def run(i):
        c = Client(cb, n=10 + i, email="crowd%d@example.net" % i,
                   name="Crowd %d" % i)
        try:
            for k in range(per):
                g = c.get(p.path)
                assert g.status == 200, g.status
                f = Form.quick(g)
                r = c.comment(f, wait=False, comment="crowd %d/%d" % (i, k))
                with lock:
                    results.append((i, k, r.status))
        except Exception as e:          # reported below
            with lock:
                errors.append("%d: %r" % (i, e))

    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    assert not errors, errors
    statuses = [s for _, _, s in results]
    assert len(statuses) == threads * per
    assert set(statuses) == {303}, sorted(set(statuses))
    got = rows(cb, p)
    assert len(got) == threads * per
    assert sorted(x["body_md"] for x in got) == sorted(
        "crowd %d/%d" % (i, k) for i in range(threads) for k in range(per))
    assert comment_count(cb, p) == approved_rows(cb, p) == threads * per
    page = Client(cb).get(p.path)
    assert len(page.doc.find_all("li", cls="comment")) == threads * per
    assert thoughts(page.doc) == "%d thoughts on \u201c%s\u201d" % (
        threads * per, p.title)


# -- no script from commenters ---------------------------------------------------

def test_xss(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    fs = [c.form(p.path) for _ in range(3)]
    wait_fill(cb, *fs)
    name = "<script>alert(1)</script>"
    body = ("<img src=x onerror=alert(1)> [x](javascript:alert(1)) "
            "<svg onload=alert(1)></svg> <a href=\"javascript:alert(2)\">a"
            "</a> [y](JaVaScRiPt:alert(3)) <script>alert(4)</script>")
    cid = location_id(p, c.comment(fs[0], wait=False, author=name,
                                   url="https://ok.example/", comment=body))
    assert rows(cb, p)[0]["body_md"] == body
    assert rows(cb, p)[0]["author_name"] == name

    r = c.comment(fs[1], wait=False, url="javascript:alert(1)",
                  comment="js url")
    assert r.status == 422 and r.doc.find(id_="url-error") is not None
    assert Form(r).fields["url"] == "javascript:alert(1)"
    evil = "https://x.example/\"onmouseover=\"alert(1)"
    r = c.comment(fs[2], wait=False, url=evil, comment="quote url")
    assert r.status == 422 and Form(r).fields["url"] == evil
    assert len(rows(cb, p)) == 1

    for page in (c.get(p.path), Client(cb).get(p.path), r):
        t = page.text
        assert "<script>alert" not in t
        assert "<svg" not in t and "<img src=x" not in t
        for n in page.doc.iter():
            assert n.tag != "script" or "src" in n.attrs
            for a, v in n.attrs.items():
                assert not a.startswith("on"), (n, a)
                if a in ("href", "src", "action") and v:
                    assert not v.strip().lower().startswith("javascript:"), n
    shown = li(Client(cb).get(p.path).doc, cid)
    assert shown.find("b", cls="fn").text() == name
    content = shown.find("div", cls="comment-content")
    assert content.find("img") is None and content.find("svg") is None


# -- avatars ---------------------------------------------------------------------

def test_avatars(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    a = Client(cb, email="Mixed.Case@Example.COM")
    b = Client(cb, email="mixed.case@example.com")
    d = Client(cb, email="someone.else@example.com")
    forms = [x.form(p.path) for x in (a, b, d)]
    wait_fill(cb, *forms)
    ids = [location_id(p, x.comment(f, wait=False, comment="hi"))
           for x, f in zip((a, b, d), forms)]
    page = Client(cb).get(p.path)
    srcs = []
    for i in ids:
        img = li(page.doc, i).find("img", cls="avatar")
        assert re.fullmatch(r"/avatar/[0-9a-f]{32}\.svg", img.attrs["src"])
        srcs.append(img.attrs["src"])
    assert srcs[0] == srcs[1] != srcs[2]
    low = page.text.lower()
    assert "mixed.case@example.com" not in low
    assert "someone.else@example.com" not in low
    assert "example.com" not in low

    r = Client(cb).get(srcs[0])
    assert r.status == 200
    assert r.header("Content-Type").split(";")[0] == "image/svg+xml"
    cc = r.header("Cache-Control")
    m = re.search(r"max-age=(\d+)", cc or "")
    assert m and int(m.group(1)) >= 30 * 86400, cc
    assert r.body.startswith(b"<svg") and b"<script" not in r.body
    assert Client(cb).get(srcs[0]).body == r.body
    for bad in ("/avatar/xyz.svg", "/avatar/%s.svg" % ("0" * 31),
                "/avatar/%s.svg" % ("A" * 32), "/avatar/%s.png" % ("0" * 32),
                "/avatar/%s.svg" % ("g" * 32)):
        assert Client(cb).get(bad).status == 404, bad


# -- "Save my name" --------------------------------------------------------------

def test_save_my_name_cookies(cb):
    cb.settings(moderation="none")
    p = new_post(cb)
    c = Client(cb)
    f1 = c.form(p.path)
    assert not f1.checked("wp-comment-cookies-consent")
    assert (f1.fields["author"], f1.fields["email"], f1.fields["url"]) == \
        ("", "", "")
    r = c.comment(f1, author=NAME, email=EMAIL, url=URL, save="yes",
                  comment="remember me")
    location_id(p, r)
    set_ = r.cookies_set()
    for k in ("comment_author", "comment_author_email",
              "comment_author_url"):
        v, attrs = set_[k]
        assert v and "max-age=31536000" in attrs and "httponly" in attrs, k
    assert urllib.parse.unquote(set_["comment_author"][0]) == NAME

    f2 = c.form(p.path)
    assert (f2.fields["author"], f2.fields["email"], f2.fields["url"]) == \
        (NAME, EMAIL, URL)
    assert f2.checked("wp-comment-cookies-consent")
    assert f2.fields["comment"] == ""

    r = c.comment(f2, save=None, comment="forget me")
    location_id(p, r)
    for k in ("comment_author", "comment_author_email",
              "comment_author_url"):
        v, attrs = r.cookies_set()[k]
        assert v == "" and "max-age=0" in attrs, k
    f3 = c.form(p.path)
    assert (f3.fields["author"], f3.fields["email"], f3.fields["url"]) == \
        ("", "", "")
    assert not f3.checked("wp-comment-cookies-consent")
    assert [x["author_name"] for x in rows(cb, p)] == [NAME, NAME]
