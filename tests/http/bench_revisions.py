#!/usr/bin/env python3
"""bench_revisions.py: the editor and the history page of a post with
1,000 revisions against a post with one, in the same run (issue 20's
bar: within 1.5x). Not a test module (pytest collects test_*.py only):

    /usr/bin/python3 tests/http/bench_revisions.py [ROUNDS]

Starts its own blog (conftest.make_blog), stops it by PID at the end.
Prints the median time of each page for each post and the ratios.
"""
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from admin_client import Client        # noqa: E402
from conftest import make_blog         # noqa: E402


def median_ms(c, path, rounds):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        r = c.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, (path, r)
    return statistics.median(times)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tmp = tempfile.mkdtemp(prefix="quire-bench-revisions-")
    b = None
    try:
        b = make_blog(tmp, content=False)
        c = Client(b)
        c.login()
        ids = []
        for title in ("One revision", "A thousand revisions"):
            r = c.submit_editor("/admin/posts/new", title=title,
                                body="Some text. " * 300, status="draft")
            assert r.status == 303, r
            ids.append(int(r.location.split("/")[3].split("?")[0]))
        one, many = ids
        b.sql("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 "
              "FROM n WHERE v < 999) INSERT INTO revisions (post_id, "
              "author_id, created, kind, status, title, body, tags, "
              "excerpt) SELECT ?, 1, 1700000000 + v, CASE WHEN v % 10 = 0 "
              "THEN 'autosave' ELSE 'save' END, 'draft', 'Title ' || v, "
              "'Some text. ' || v, 'a, b', '' FROM n", (many,))
        # The post's own save is its newest stored revision again.
        b.sql("UPDATE revisions SET id = (SELECT max(id) + 1 FROM "
              "revisions) WHERE id = (SELECT min(id) FROM revisions "
              "WHERE post_id = ?)", (many,))
        counts = [b.sql("SELECT count(*) FROM revisions WHERE post_id = ?",
                        (i,))[0][0] for i in ids]
        print("revisions: post %d: %d, post %d: %d" % (one, counts[0],
                                                       many, counts[1]))
        for name, fa, fb in (
                ("editor", "/admin/posts/%d", "/admin/posts/%d"),
                ("history", "/admin/posts/%d/revisions",
                 "/admin/posts/%d/revisions"),
                # The last page of 1,000 (offset 950) against the one.
                ("history last", "/admin/posts/%d/revisions",
                 "/admin/posts/%d/revisions?page=20")):
            # Interleaved rounds, so that both see the same machine.
            a_t, b_t = [], []
            for _ in range(rounds // 20):
                a_t.append(median_ms(c, fa % one, 10))
                b_t.append(median_ms(c, fb % many, 10))
            ma, mb = statistics.median(a_t), statistics.median(b_t)
            print("%-13s 1 rev: %6.2f ms   1000 revs: %6.2f ms   "
                  "ratio %.2f" % (name, ma, mb, mb / ma))
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
