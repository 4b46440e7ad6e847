#!/usr/bin/python3
"""mail_burst.py: `make bench`'s mail row (DESIGN.md, "Mail").

A blog of its own (tests/http's make_blog: quire serve --pages behind
nginx) whose mail_command writes each message to a file. N comments
(default 1,000), each held for moderation, are posted in a burst by 8
clients; the row says how long until their N moderation mails were all
handed to mail_command, and the home page's p99 latency (wrk, 8
connections) while the mail goes out beside the same with no mail.

    /usr/bin/python3 tests/bench/mail_burst.py [N]
"""
import glob
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "http"))

from conftest import make_blog  # noqa: E402


def p99(base, path, secs):
    out = subprocess.run(["wrk", "-t1", "-c8", "-d%ds" % secs, "--latency",
                          base + path], capture_output=True, text=True).stdout
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", out, re.M)
    if not m:
        return float("nan")
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "us" else v * 1000 \
        if m.group(2) == "s" else v


def tokens(b, path, n):
    c = http.client.HTTPConnection("127.0.0.1", b.port)
    out = []
    for _ in range(n):
        c.request("GET", path)
        text = c.getresponse().read().decode()
        pid = re.search(r'name="comment_post_ID" value="(\d+)"', text)[1]
        tok = re.search(r'name="token" value="([^"]+)"', text)[1]
        out.append((pid, tok))
    c.close()
    return out


def post_all(b, toks, start):
    def run(part, k):
        c = http.client.HTTPConnection("127.0.0.1", b.port,
                                       source_address=("127.0.0.%d" %
                                                       (10 + k), 0))
        for i, (pid, tok) in part:
            body = ("author=Burst+%d&email=burst%d%%40example.net&comment="
                    "Burst+comment+%d&comment_post_ID=%s&comment_parent=0"
                    "&token=%s" % (i, i, i, pid, tok)).encode()
            c.request("POST", "/comment", body, {
                "Content-Type": "application/x-www-form-urlencoded"})
            c.getresponse().read()
        c.close()
    items = list(enumerate(toks))
    ts = [threading.Thread(target=run, args=(items[k::8], k))
          for k in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tmp = tempfile.mkdtemp(prefix="quire-mailbench-")
    b = None
    try:
        b = make_blog(tmp, content=True, workers=2, pages=True)
        maildir = os.path.join(tmp, "mail")
        os.mkdir(maildir)
        b.settings(moderation="all", min_fill_seconds="0",
                   rate_limit="1000000", flood_seconds="0",
                   notify_moderation="each",
                   mail_command="cat > %s/m.$$" % maildir)
        path = b.sql("SELECT '/' || strftime('%Y/%m/', published, "
                     "'unixepoch') || slug || '/' FROM posts WHERE "
                     "status = 'published' AND type = 'post' LIMIT 1")[0][0]
        toks = tokens(b, path, n)
        quiet = p99(b.base, "/", 5)
        start = time.time()
        post_all(b, toks, start)
        posted = time.time() - start
        busy = p99(b.base, "/", 5)
        deadline = start + 120
        while len(glob.glob(maildir + "/m.*")) < n and time.time() < deadline:
            time.sleep(0.05)
        took = time.time() - start
        got = len(glob.glob(maildir + "/m.*"))
        print("mail: %d held comments posted in %.1f s; %d moderation mails "
              "handed to mail_command %.1f s after the first; home p99 "
              "%.2f ms with mail going out, %.2f ms without" % (
                  n, posted, got, took, busy, quiet))
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
