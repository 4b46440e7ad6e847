"""test_mentions.py: Webmention and pingback, both ways, through nginx.

The other blog is played by Python HTTP servers on loopback addresses of
their own (127.0.77.N; this process, one thread each), which answer what
a test tells them to and record every request they get. The blog runs
with fetch_private on, so its keeper may fetch them, except in the test
that checks it may not. Nothing here sleeps: each test polls the stored
rows (the keeper's work is asynchronous) with procs.wait_for.
"""
import http.server
import itertools
import os
import re
import shutil
import socketserver
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from conftest import make_blog, parse_html
from procs import wait_for

_host = itertools.count(1)


class Peer:
    """A site on 127.0.77.N: routes[path] = (status, headers, body) or a
    callable(handler) -> (status, headers, body); requests keeps
    (method, path, headers, body) of everything it was sent."""

    def __init__(self):
        self.addr = "127.0.77.%d" % next(_host)
        self.routes = {}
        self.requests = []
        self.stop_slow = threading.Event()
        peer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                peer.requests.append((self.command, self.path,
                                      dict(self.headers), body))
                r = peer.routes.get(self.path) or \
                    peer.routes.get(self.path.split("?")[0])
                if r is None:
                    r = (404, {}, b"not here")
                if callable(r):
                    r = r(self, body)
                    if r is None:
                        return
                status, headers, out = r
                if isinstance(out, str):
                    out = out.encode("utf-8")
                self.send_response(status)
                headers = dict(headers)
                headers.setdefault("Content-Type",
                                   "text/html; charset=utf-8")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_HEAD = _any

        class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = S((self.addr, 0), H)
        self.port = self.server.server_address[1]
        self.base = "http://%s:%d" % (self.addr, self.port)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def url(self, path):
        return self.base + path

    def hits(self, path):
        return [r for r in self.requests if r[1] == path]

    def stop(self):
        self.stop_slow.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-mentions-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        b.settings(fetch_private=1, moderation="first")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def peer():
    p = Peer()
    try:
        yield p
    finally:
        p.stop()


_seq = itertools.count(1)


def add_post(b, body="Some words.", status="published"):
    """A post of its own: (id, absolute URL)."""
    n = next(_seq)
    slug = "mention-post-%d" % n
    url = b.add_post("title: Mentioned %d\nslug: %s\nstatus: %s\n\n%s\n"
                     % (n, slug, status, body))
    pid = b.sql("SELECT id FROM posts WHERE slug = ?", (slug,))[0][0]
    if not url.startswith("http"):
        url = b.base + url
    return pid, url


def webmention(b, source, target, fields=None):
    body = urllib.parse.urlencode(
        fields if fields is not None else
        [("source", source), ("target", target)]).encode()
    return b.request("POST", "/webmention", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded"})


def xmlrpc(b, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    r = b.request("POST", "/xmlrpc.php", body=body,
                  headers={"Content-Type": "text/xml"})
    return r


def ping_body(source, target, method="pingback.ping"):
    params = "".join("<param><value><string>%s</string></value></param>"
                     % x.replace("&", "&amp;").replace("<", "&lt;")
                     for x in (source, target) if x is not None)
    return ("<?xml version=\"1.0\"?><methodCall><methodName>%s"
            "</methodName><params>%s</params></methodCall>"
            % (method, params))


def fault(r):
    """(faultCode, faultString) of an XML-RPC answer, or (None, string)."""
    assert r.status == 200, r.body
    root = ET.fromstring(r.body)
    f = root.find("fault")
    if f is None:
        return None, root.find("params/param/value/string").text
    m = {}
    for member in f.iter("member"):
        v = member.find("value")[0]
        m[member.find("name").text] = v.text
    return int(m["faultCode"]), m["faultString"]


def queue_done(b, source):
    """Wait until the keeper has handled every mention from source:
    [(state, result)] in order."""
    def done():
        rows = b.sql("SELECT state, result FROM mention_queue WHERE "
                     "source = ? ORDER BY id", (source,))
        return rows if rows and all(r[0] != "queued" for r in rows) \
            else None
    return wait_for("the keeper to verify " + source, done, timeout=30)


def mention_rows(b, post_id):
    return b.sql("SELECT c.id, c.type, c.status, c.author_name, "
                 "c.author_url, c.body_html, m.author FROM mentions m "
                 "JOIN comments c ON c.id = m.comment_id WHERE "
                 "m.post_id = ? ORDER BY c.id", (post_id,))


def entry(target, title="A reply from afar", author="Jane Peer",
          text="I read this and liked it a lot."):
    return ("<!doctype html><html><head><title>Peer blog: %s</title>"
            "</head><body><article class=\"h-entry\"><h1 class=\"p-name\">"
            "%s</h1><p class=\"p-author h-card\"><img src=\"/me.png\" "
            "alt=\"\"><span class=\"p-name\">%s</span></p><div class="
            "\"e-content\"><p>%s See <a href=\"%s\">this post</a>.</p>"
            "</div></article></body></html>"
            % (title, title, author, text, target))


def thread_text(b, url):
    r = b.get(urllib.parse.urlsplit(url).path)
    assert r.status == 200
    return r.text


# -- advertised ---------------------------------------------------------------

def test_post_pages_advertise_both_endpoints(mb):
    _, url = add_post(mb)
    path = urllib.parse.urlsplit(url).path
    for tier in range(2):   # made by quire, then from the page files
        r = mb.get(path)
        assert r.status == 200
        link = r.header("Link")
        assert link is not None and 'rel="webmention"' in link
        href = link.split(">")[0].lstrip("<")
        assert urllib.parse.urljoin(url, href) == mb.base + "/webmention"
        if tier == 0:
            assert r.header("X-Pingback") == mb.base + "/xmlrpc.php"
        doc = parse_html(r.text)
        rels = {l.attrs.get("rel"): l.attrs.get("href")
                for l in doc.find_all("link")}
        assert rels["webmention"] == mb.base + "/webmention"
        assert rels["pingback"] == mb.base + "/xmlrpc.php"


# -- bad input -----------------------------------------------------------------

def test_webmention_bad_input_is_400_with_the_reason(mb, peer):
    _, url = add_post(mb)
    draft_id, draft = add_post(mb, status="draft")
    src = peer.url("/bad-input")
    before = mb.sql("SELECT count(*) FROM mention_queue")[0][0]
    cases = [
        ([("target", url)], "source: missing"),
        ([("source", src)], "target: missing"),
        ([("source", "javascript:alert(1)"), ("target", url)],
         "source: not an http or https URL"),
        ([("source", src), ("target", "not a url")],
         "target: not an http or https URL"),
        ([("source", url), ("target", url)],
         "source and target are the same address"),
        ([("source", src), ("target", "http://elsewhere.example/x/")],
         "target: not the address of a post or page on this site"),
        ([("source", src), ("target", mb.base + "/no/such/post/")],
         "target: not the address of a post or page on this site"),
        ([("source", src), ("target", draft)],
         "target: not a published post"),
        ([("source", src), ("source", src), ("target", url)],
         "source and target must each be sent once"),
    ]
    for fields, why in cases:
        r = webmention(mb, None, None, fields)
        assert r.status == 400, (fields, r.status)
        assert why in r.text, (fields, r.text)
    assert mb.sql("SELECT count(*) FROM mention_queue")[0][0] == before
    assert peer.requests == []
    r = mb.request("GET", "/webmention")
    assert r.status == 405


# -- receiving -----------------------------------------------------------------

def test_webmention_held_approved_updated_and_removed(mb, peer):
    pid, url = add_post(mb)
    src = peer.url("/replies/1")
    peer.routes["/replies/1"] = (200, {}, entry(url))
    r = webmention(mb, src, url)
    assert r.status == 202, r.text
    assert queue_done(mb, src)[-1][0] == "done"
    assert peer.hits("/replies/1"), "the source was fetched"
    (cid, kind, status, name, curl, body, author), = mention_rows(mb, pid)
    assert (kind, status, name, curl) == ("webmention", "pending",
                                          "A reply from afar", src)
    assert author == "Jane Peer"
    assert "Jane Peer" in body and "I read this and liked it a lot." in body
    # Held: the thread does not show it; the moderation queue does.
    assert "A reply from afar" not in thread_text(mb, url)
    mb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid,))
    page = thread_text(mb, url)
    m = re.search(r'<li id="comment-%d"[^>]*>\s*<p class="pingback-line">'
                  r'Mention: <a href="([^"]+)"[^>]*>([^<]+)</a>' % cid, page)
    assert m and m.group(1) == src and m.group(2) == "A reply from afar"
    assert "Jane Peer" in page

    # Sent again after an edit: the same comment, updated.
    peer.routes["/replies/1"] = (200, {}, entry(url, title="Edited reply"))
    assert webmention(mb, src, url).status == 202
    assert queue_done(mb, src)[-1][1] == "updated comment %d" % cid
    rows = mention_rows(mb, pid)
    assert [(r[0], r[2], r[3]) for r in rows] == [(cid, "approved",
                                                   "Edited reply")]
    assert "Edited reply" in thread_text(mb, url)

    # The source no longer links: the mention disappears.
    peer.routes["/replies/1"] = (200, {}, "<p>Nothing to see.</p>")
    assert webmention(mb, src, url).status == 202
    assert "does not link" in queue_done(mb, src)[-1][1]
    assert mention_rows(mb, pid) == []
    assert "Edited reply" not in thread_text(mb, url)

    # Back, then gone (410): removed again.
    peer.routes["/replies/1"] = (200, {}, entry(url, title="Back again"))
    webmention(mb, src, url)
    queue_done(mb, src)
    (cid2, *_), = mention_rows(mb, pid)
    mb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid2,))
    assert "Back again" in thread_text(mb, url)
    peer.routes["/replies/1"] = (410, {}, "gone")
    webmention(mb, src, url)
    assert "gone (410)" in queue_done(mb, src)[-1][1]
    assert mention_rows(mb, pid) == []
    assert "Back again" not in thread_text(mb, url)
    assert mb.sql("SELECT comment_count FROM posts WHERE id = ?",
                  (pid,))[0][0] == 0


def test_source_without_hentry_uses_title_and_text(mb, peer):
    pid, url = add_post(mb)
    src = peer.url("/plain")
    peer.routes["/plain"] = (200, {}, "<html><head><title>Plain &amp; "
                             "simple</title></head><body><p>Words before "
                             "<a href=\"%s\">a link</a>.</p></body></html>"
                             % url)
    assert webmention(mb, src, url).status == 202
    queue_done(mb, src)
    (_, kind, _, name, _, body, author), = mention_rows(mb, pid)
    assert (kind, name, author) == ("webmention", "Plain & simple", "")
    assert "Words before a link." in body


def test_pingback_by_xmlrpc_and_its_faults(mb, peer):
    pid, url = add_post(mb)
    draft_id, draft = add_post(mb, status="draft")
    src = peer.url("/pinging")
    peer.routes["/pinging"] = (200, {}, "<title>A WordPress post</title>"
                               "<p>I wrote <a href=\"%s\">about it</a>."
                               % url)
    code, s = fault(xmlrpc(mb, ping_body(src, url)))
    assert code is None and "queued" in s
    queue_done(mb, src)
    (cid, kind, status, name, *_), = mention_rows(mb, pid)
    assert (kind, status, name) == ("pingback", "pending",
                                    "A WordPress post")
    mb.sql("UPDATE comments SET status = 'approved' WHERE id = ?", (cid,))
    assert re.search(r'<p class="pingback-line">Pingback: <a href="%s"'
                     r'[^>]*>A WordPress post</a>' % re.escape(src),
                     thread_text(mb, url))
    # Registered already: 0x0030.
    assert fault(xmlrpc(mb, ping_body(src, url)))[0] == 0x30

    faults = [
        ("<methodCall><methodName>pingback.ping", -32700),
        ("", -32700),
        ("<?xml version=\"1.0\" encoding=\"x-klingon\"?><methodCall/>",
         -32701),
        ("<methodResponse/>", -32600),
        ("<!DOCTYPE x [<!ENTITY a \"b\">]><methodCall><methodName>&a;"
         "</methodName></methodCall>", -32600),
        (ping_body(src, url, method="system.listMethods"), -32601),
        (ping_body(src, None), -32602),
        ("<methodCall><methodName>pingback.ping</methodName><params>"
         "<param><value><int>1</int></value></param><param><value>"
         "<string>%s</string></value></param></params></methodCall>" % url,
         -32602),
        (ping_body("ftp://x.example/", url), 0x10),
        (ping_body(src, mb.base + "/nothing/here/"), 0x20),
        (ping_body(src, "http://elsewhere.example/a/"), 0x20),
        (ping_body(src, draft), 0x21),
        (ping_body(url, url), 0),
    ]
    before = mb.sql("SELECT count(*) FROM mention_queue")[0][0]
    for body, want in faults:
        code, msg = fault(xmlrpc(mb, body))
        assert code == want, (body, code, msg)
        assert msg
    assert mb.sql("SELECT count(*) FROM mention_queue")[0][0] == before


def test_one_address_may_queue_60_mentions_an_hour(mb, peer):
    """Each queued mention makes the keeper fetch a page from elsewhere:
    one address gets 60 an hour, then 429 with Retry-After (a pingback:
    fault 0x0031), and nothing more is queued or fetched; another
    address is not held up."""
    from admin_client import Client
    _, url = add_post(mb)
    flood = Client(mb, "127.0.60.1")

    def send(c, n):
        body = urllib.parse.urlencode(
            [("source", peer.url("/flood/%d" % n)), ("target", url)])
        return c.request("POST", "/webmention", body.encode(), {
            "Content-Type": "application/x-www-form-urlencoded"})
    # 60 accepted, then refused (up to 120 if the hour turns meanwhile).
    n = 0
    while True:
        r = send(flood, 1000 if n >= 60 else n)
        if r.status != 202:
            break
        n += 1
        assert n <= 120
    assert r.status == 429 and 60 <= n, (n, r.status)
    if n > 60:
        return      # the hour turned: what was refused is not known
    assert 0 < int(r.header("Retry-After")) <= 3600
    assert "too many mentions from your address" in r.text
    r = flood.request("POST", "/xmlrpc.php",
                      ping_body(peer.url("/flood/1001"), url).encode(),
                      {"Content-Type": "text/xml"})
    code, msg = fault(r)
    assert code == 0x31 and "too many pingbacks" in msg, (code, msg)
    assert send(Client(mb, "127.0.61.1"), 2000).status == 202
    queue_done(mb, peer.url("/flood/2000"))
    for refused in ("/flood/1000", "/flood/1001"):
        assert mb.sql("SELECT count(*) FROM mention_queue WHERE source = ?",
                      (peer.url(refused),)) == [(0,)]
        assert peer.hits(refused) == []


# -- what is never fetched -------------------------------------------------------

def test_private_addresses_are_refused_without_a_request(mb, peer):
    pid, url = add_post(mb)
    src = peer.url("/private")
    peer.routes["/private"] = (200, {}, entry(url))
    mb.settings(fetch_private=0)
    try:
        assert webmention(mb, src, url).status == 202
        (state, why), = queue_done(mb, src)
        assert state == "refused" and "private" in why, why
        # A name that resolves to 127.0.0.1 is refused alike.
        src2 = "http://localhost:%d/private" % peer.port
        assert webmention(mb, src2, url).status == 202
        (state, why), = queue_done(mb, src2)
        assert state == "refused" and "private" in why, why
    finally:
        mb.settings(fetch_private=1)
    assert peer.requests == [], "the peer saw no request"
    assert mention_rows(mb, pid) == []


def test_huge_looping_and_slow_sources_are_refused(mb, peer):
    pid, url = add_post(mb)
    link = "<a href=\"%s\">x</a>" % url
    peer.routes["/huge"] = (200, {}, link + "x" * (2 * 1024 * 1024))

    def loop(h, body):
        n = int(h.path.split("/")[-1])
        return (302, {"Location": "/loop/%d" % (n + 1)}, "")
    for i in range(20):
        peer.routes["/loop/%d" % i] = loop

    def slow(h, body):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(link.encode())
        h.wfile.flush()
        peer.stop_slow.wait(30)     # never finishes while the test runs
        return None
    peer.routes["/slow"] = slow
    for path, why in (("/huge", "larger than 1 MiB"),
                      ("/loop/0", "more than 5 redirects"),
                      ("/slow", "within 10 seconds")):
        src = peer.url(path)
        assert webmention(mb, src, url).status == 202
        (state, result), = queue_done(mb, src)
        assert state == "refused" and why in result, (path, result)
    assert len([r for r in peer.requests if r[1].startswith("/loop/")]) \
        == 6, "the first request and five redirects"
    assert mention_rows(mb, pid) == []


# -- sending ---------------------------------------------------------------------

def wm_endpoint(peer, name):
    def ep(h, body):
        return (202, {"Content-Type": "text/plain"}, "Accepted by %s" % name)
    return ep


def pingback_server(h, body):
    root = ET.fromstring(body)
    vals = [v.text for v in root.iter("string")]
    out = ("<?xml version=\"1.0\"?><methodResponse><params><param><value>"
           "<string>Thanks for %s</string></value></param></params>"
           "</methodResponse>" % vals[0])
    return (200, {"Content-Type": "text/xml"}, out)


def sent_rows(b, pid):
    return {r[0]: r[1:] for r in b.sql(
        "SELECT target, kind, endpoint, code, ok, answer FROM "
        "mention_sent WHERE post_id = ?", (pid,))}


def todo_empty(b):
    return b.sql("SELECT count(*) FROM mention_todo")[0][0] == 0


def test_sending_on_publish_discovers_every_way(mb, peer):
    P = peer.url
    page = "<!doctype html><title>t</title>"
    peer.routes.update({
        "/header": (200, {"Link": "<%s>; rel=\"webmention\"" % P("/wm1")},
                    page),
        "/header-rel": (200, {"Link": "</wm2>; rel=\"webmention\""}, page),
        "/link": (200, {}, page + "<link rel=\"webmention\" href=\"wm3\">"),
        "/a": (200, {}, page + "<p><a rel=\"webmention\" href=\"/wm4\">"
               "endpoint</a>"),
        "/redirect": (301, {"Location": "/moved/here"}, ""),
        "/moved/here": (200, {}, page + "<link rel=webmention href=\"../wm5"
                        "\">"),
        "/query": (200, {"Link": "<%s>; rel=\"webmention\"" %
                         P("/wm6?version=1&a=b")}, page),
        "/pb-header": (200, {"X-Pingback": P("/xmlrpc")}, page),
        "/pb-link": (200, {}, page + "<link rel=\"pingback\" href=\"%s\">"
                     % P("/xmlrpc")),
        "/nothing": (200, {}, page),
        "/xmlrpc": pingback_server,
    })
    for i in range(1, 7):
        peer.routes["/wm%d" % i] = wm_endpoint(peer, "wm%d" % i)
    targets = ["/header", "/header-rel", "/link", "/a", "/redirect",
               "/query", "/pb-header", "/pb-link", "/nothing"]
    body = "\n\n".join("Link [%s](%s)." % (t, P(t)) for t in targets)
    body += ("\n\nAnd [my own site](/) is not told, nor [an example]"
             "(https://example.org/x) name.")
    pid, url = add_post(mb, body)
    rows = wait_for("every link told", lambda: len(sent_rows(mb, pid)) ==
                    len(targets) and sent_rows(mb, pid), timeout=30)
    want = {
        "/header": ("webmention", P("/wm1")),
        "/header-rel": ("webmention", P("/wm2")),
        "/link": ("webmention", P("/wm3")),
        "/a": ("webmention", P("/wm4")),
        "/redirect": ("webmention", P("/wm5")),
        "/query": ("webmention", P("/wm6?version=1&a=b")),
        "/pb-header": ("pingback", P("/xmlrpc")),
        "/pb-link": ("pingback", P("/xmlrpc")),
    }
    for t, (kind, ep) in want.items():
        k, e, code, ok, answer = rows[P(t)]
        assert (k, e, ok) == (kind, ep, 1), (t, rows[P(t)])
    assert rows[P("/nothing")][0] == "none"
    assert "no Webmention endpoint" in rows[P("/nothing")][4]
    assert rows[P("/header")][2:] == (202, 1, "Accepted by wm1")
    assert rows[P("/pb-link")][4] == "Thanks for " + url
    # What each endpoint got: source and target, form-encoded; the query
    # string kept.
    for t in ("/header", "/query"):
        ep = want[t][1][len(peer.base):]
        (m, path, headers, sent), = peer.hits(ep)
        assert m == "POST" and path == ep
        assert urllib.parse.parse_qs(sent.decode()) == {
            "source": [url], "target": [P(t)]}
    assert len(peer.hits("/xmlrpc")) == 2

    # Updated without a change to the links: nobody is told again.
    n = len(peer.requests)
    mb.sql("UPDATE posts SET body_html = body_html || '<p>more</p>' "
           "WHERE id = ?", (pid,))
    wait_for("the update handled", lambda: todo_empty(mb))
    assert len(peer.requests) == n
    # One link changed: that target alone is told again.
    mb.sql("UPDATE posts SET body_html = replace(body_html, '>/header<', "
           "'>the header way<') WHERE id = ?", (pid,))
    wait_for("the update handled", lambda: todo_empty(mb) and
             len(peer.hits("/wm1")) == 2)
    assert len(peer.hits("/wm2")) == 1
    # A link removed: its target is told once more (so that it can take
    # the mention down), and then no more.
    mb.sql("UPDATE posts SET body_html = replace(body_html, '%s', "
           "'https://example.org/gone') WHERE id = ?" % P("/a"), (pid,))
    wait_for("the removal told", lambda: todo_empty(mb) and
             len(peer.hits("/wm4")) == 2)
    assert sent_rows(mb, pid)[P("/a")][0] == "webmention"
    assert len(peer.hits("/wm2")) == 1
    mb.sql("UPDATE posts SET body_html = body_html || '<p>again</p>' "
           "WHERE id = ?", (pid,))
    wait_for("the update handled", lambda: todo_empty(mb))
    assert len(peer.hits("/wm4")) == 2


def test_drafts_and_imported_posts_tell_nobody(mb, peer):
    peer.routes["/t"] = (200, {"Link": "</wm>; rel=webmention"}, "x")
    peer.routes["/wm"] = (202, {}, "ok")
    did, _ = add_post(mb, "[x](%s)" % peer.url("/t"), status="draft")
    wxr = os.path.join(mb.tmp, "import.wxr")
    with open(wxr, "w") as f:
        f.write(WXR % {"link": peer.url("/t")})
    mb.quire("import", "--format", "wxr", wxr)
    iid = mb.sql("SELECT id FROM posts WHERE slug = 'imported-link'")[0][0]
    assert mb.sql("SELECT status, import_key IS NOT NULL FROM posts "
                  "WHERE id = ?", (iid,)) == [("published", 1)]
    # A post published now, after both: once it is told, so would they
    # have been.
    pid, _ = add_post(mb, "[x](%s)" % peer.url("/t"))
    wait_for("the new post told", lambda: sent_rows(mb, pid))
    assert sent_rows(mb, did) == {} and sent_rows(mb, iid) == {}
    assert len(peer.hits("/wm")) == 1
    (_, _, _, sent), = [(m, p, h, b) for m, p, h, b in peer.hits("/wm")]
    assert "imported" not in sent.decode()


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title>
<link>http://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_email><![CDATA[ada@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Ada]]></wp:author_display_name></wp:author>
<item>
<title>Imported with a link</title>
<link>http://old.example/2020/01/imported-link/</link>
<pubDate>Wed, 01 Jan 2020 10:00:00 +0000</pubDate>
<dc:creator><![CDATA[admin]]></dc:creator>
<guid isPermaLink="false">http://old.example/?p=77</guid>
<content:encoded><![CDATA[See <a href="%(link)s">this</a>.]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>77</wp:post_id>
<wp:post_date><![CDATA[2020-01-01 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2020-01-01 10:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_name><![CDATA[imported-link]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[post]]></wp:post_type>
</item>
</channel>
</rss>
"""


def test_editor_publishes_tells_and_shows_each_answer(mb, peer):
    from admin_client import Client
    peer.routes["/article"] = (200, {"Link": "</endpoint>; "
                                     "rel=\"webmention\""}, "<title>a</title>")
    peer.routes["/endpoint"] = (400, {"Content-Type": "text/plain"},
                                "Source does not link here yet")
    peer.routes["/other"] = (200, {}, "<link rel=pingback href=/rpc>")
    peer.routes["/rpc"] = (200, {"Content-Type": "text/xml"},
                           "<?xml version=\"1.0\"?><methodResponse><fault>"
                           "<value><struct><member><name>faultCode</name>"
                           "<value><int>17</int></value></member><member>"
                           "<name>faultString</name><value><string>No link"
                           "</string></value></member></struct></value>"
                           "</fault></methodResponse>")
    c = Client(mb)
    c.login()
    r = c.submit_editor(title="Told from the editor", slug="told-editor",
                        body="See [the article](%s) and [more](%s)." % (
                            peer.url("/article"), peer.url("/other")),
                        status="publish")
    assert r.status == 303, r.text[:2000]
    pid = mb.sql("SELECT id FROM posts WHERE slug = 'told-editor'")[0][0]
    wait_for("both links told", lambda: len(sent_rows(mb, pid)) == 2)
    r = c.get("/admin/posts/%d" % pid)
    assert r.status == 200
    block = r.page().find("section", class_="mentions-sent")
    assert block is not None, "the editor shows what was sent"
    rows = [tr.text() for tr in block.find_all("tr")][1:]
    assert len(rows) == 2
    art = [t for t in rows if peer.url("/article") in t][0]
    assert "Webmention to " + peer.url("/endpoint") in art
    assert "400 Source does not link here yet" in art
    oth = [t for t in rows if peer.url("/other") in t][0]
    assert "Pingback to " + peer.url("/rpc") in oth
    assert "17 No link" in oth
    # Saved again unchanged: nobody is told twice.
    n = len(peer.hits("/endpoint"))
    r = c.submit_editor("/admin/posts/%d" % pid, excerpt="An excerpt.")
    assert r.status == 303
    wait_for("the save handled", lambda: todo_empty(mb))
    assert len(peer.hits("/endpoint")) == n
