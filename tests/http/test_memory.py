"""test_memory.py: a worker's memory stays flat under load.

100,000 requests through nginx to a two-worker quire, from four client
processes on kept-alive connections: a mix of every kind of page (home,
archives, tags, feeds, search, sitemap, avatars, 404s, HEAD, conditional
GETs), forms refused (a bad token: the post page re-rendered with the
text) and one comment stored in every hundred requests. Each worker's
VmRSS is read from /proc after 10,000 requests (everything warmed up:
page cache, prepared statements, arenas) and after 100,000: it must not
have grown by 1 MiB.

Some growth is expected: the 900 comments stored meanwhile grow the
database by some 300 KiB, and SQLite's page cache (at most 2 MB a
connection) grows with what it reads of it; the same mix without the
comments grows a worker by under 50 KiB over 200,000 requests. Leaks
proper are valgrind's business (make valgrind).
"""
import http.client
import multiprocessing
import re
import shutil
import tempfile
import time
import urllib.parse

import pytest

from conftest import make_blog
from content import post_file
from procs import children

WARM = 10000
TOTAL = 100000
CLIENTS = 4
GROWTH_KB = 1024


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s for %d" % (key, pid))


@pytest.fixture(scope="module")
def mb():
    tmp = tempfile.mkdtemp(prefix="quire-memory-")
    b = None
    try:
        b = make_blog(tmp, workers=2, pages=False)  # counts workers
        b.settings(min_fill_seconds=0, flood_seconds=0, rate_limit=1000000,
                   moderation="none")
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def page_mix(b):
    """Paths of every kind of page, as (method, path, headers)."""
    urls = sorted(urllib.parse.urlsplit(u).path for u in b.urls.values())
    home = b.get("/")
    etag = home.header("ETag")
    avatar = re.search(r'/avatar/[0-9a-f]+\.svg', b.get(
        urllib.parse.urlsplit(b.urls["thread"]).path).text)
    mix = [("GET", "/", {}), ("GET", "/page/2/", {}), ("GET", "/page/3/", {}),
           ("GET", "/tags/", {}), ("GET", "/tag/running/", {}),
           ("GET", "/tag/running/page/2/", {}), ("GET", "/feed/", {}),
           ("GET", "/tag/running/feed/", {}), ("GET", "/comments/feed/", {}),
           ("GET", "/sitemap.xml", {}), ("GET", "/robots.txt", {}),
           ("GET", "/2024/", {}), ("GET", "/2024/05/", {}),
           ("GET", "/author/admin/", {}), ("GET", "/search?q=post", {}),
           ("GET", "/search?q=knots+dry", {}), ("GET", "/no/such/page/", {}),
           ("GET", "/2024/05/no-such-post/", {}), ("HEAD", "/", {}),
           ("GET", "/?replyto=1", {})]
    if etag:
        mix.append(("GET", "/", {"If-None-Match": etag}))
    if avatar:
        mix.append(("GET", avatar.group(0), {}))
    mix += [("GET", u, {}) for u in urls[:8]]
    mix.append(("GET", urllib.parse.urlsplit(b.urls["thread"]).path +
                "feed/", {}))
    return mix


def tokens(b, path, n):
    """n fresh comment forms of the post at path: (post id, token)."""
    c = http.client.HTTPConnection("127.0.0.1", b.port, timeout=30)
    out = []
    for _ in range(n):
        c.request("GET", path)
        page = c.getresponse().read().decode()
        out.append((re.search(r'name="comment_post_ID" value="(\d+)"',
                              page).group(1),
                    re.search(r'name="token" value="([^"]+)"',
                              page).group(1)))
    c.close()
    return out


def client(args):
    """Requests first..last-1 of the sequence, on one kept-alive
    connection; returns {status: count}."""
    port, mix, toks, other, first, last = args
    counts = {}
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(first, last):
        if i % 100 == 99 and toks:
            pid, tok = toks[(i // 100) % len(toks)]
            method, path, headers = "POST", "/comment", {
                "Content-Type": "application/x-www-form-urlencoded"}
            body = urllib.parse.urlencode({
                "author": "Load %d" % i, "email": "load%d@example.org" % i,
                "comment": "Comment number %d, *kept* short." % i,
                "comment_post_ID": pid, "comment_parent": "0",
                "token": tok}).encode()
        elif i % 50 == 24:
            method, path, headers = "POST", "/comment", {
                "Content-Type": "application/x-www-form-urlencoded"}
            body = urllib.parse.urlencode({
                "author": "Bad token", "email": "bad@example.org",
                "comment": "A form from an old page \u00fc %d" % i,
                "comment_post_ID": other, "token": "forged"}).encode()
        else:
            method, path, headers = mix[i % len(mix)]
            body = None
        for attempt in range(2):
            try:
                c.request(method, path, body=body, headers=headers)
                r = c.getresponse()
                r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                c.close()           # nginx ended the kept connection
                if attempt:
                    raise
        counts[r.status] = counts.get(r.status, 0) + 1
    c.close()
    return counts


def load(b, mix, toks, other, first, last):
    """Requests first..last-1 from CLIENTS processes; {status: count}.
    Comments are stored with toks; forged forms are sent to post other
    (one whose page does not grow with the comments stored)."""
    step = (last - first) // CLIENTS
    parts = []
    for k in range(CLIENTS):
        lo = first + k * step
        hi = last if k == CLIENTS - 1 else lo + step
        parts.append((b.port, mix, toks[k::CLIENTS], other, lo, hi))
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        results = pool.map(client, parts)
    total = {}
    for r in results:
        for k, v in r.items():
            total[k] = total.get(k, 0) + v
    return total


def test_worker_rss_stays_flat(mb):
    b = mb
    mix = page_mix(b)
    url = b.add_post(post_file("Memory lane", "Comments from the load.\n"))
    toks = tokens(b, urllib.parse.urlsplit(url).path, TOTAL // 100)
    other = tokens(b, urllib.parse.urlsplit(b.urls["thread"]).path, 1)[0][0]
    workers = children(b.quire_proc.pid)
    assert len(workers) == 2
    t0 = time.time()
    c1 = load(b, mix, toks[:WARM // 100], other, 0, WARM)
    rss1 = {w: status_kb(w, "VmRSS") for w in workers}
    c2 = load(b, mix, toks[WARM // 100:], other, WARM, TOTAL)
    took = time.time() - t0
    rss2 = {w: status_kb(w, "VmRSS") for w in workers}
    hwm = {w: status_kb(w, "VmHWM") for w in workers}
    counts = {k: c1.get(k, 0) + c2.get(k, 0) for k in set(c1) | set(c2)}
    print("%d requests in %.1f s (%.0f/s); answers %r" % (
        sum(counts.values()), took, sum(counts.values()) / took,
        dict(sorted(counts.items()))))
    for w in sorted(workers):
        print("worker %d: VmRSS %d kB after %d requests, %d kB after %d "
              "(%+d kB); VmHWM %d kB" % (w, rss1[w], WARM, rss2[w], TOTAL,
                                         rss2[w] - rss1[w], hwm[w]))
    assert sum(counts.values()) == TOTAL
    assert not [s for s in counts if s >= 500], counts
    assert counts.get(303, 0) >= (TOTAL // 100) * 0.9, counts
    assert children(b.quire_proc.pid) == workers, "a worker was replaced"
    for w in workers:
        assert rss2[w] - rss1[w] < GROWTH_KB, (
            "worker %d grew %d kB" % (w, rss2[w] - rss1[w]))
