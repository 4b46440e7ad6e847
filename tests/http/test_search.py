"""test_search.py: /search?q=, full-text search over titles, bodies and
tags (SQLite FTS5), read through nginx as a reader uses it.

Ranking (a title match above a body-only match), snippets with the
matches in <mark> and everything else escaped, paging, the index kept in
step with new posts, edits, drafts, the trash and deletion, and what a
reader may type: FTS5 operators, quotes, brackets, very long strings,
emoji, non-Latin scripts. None of it may ever be a 5xx.

The tests run on a blog of this module's own (`sb`): the shared content
plus a few posts with words no other post has.
"""
import re
import shutil
import tempfile
import urllib.parse

import pytest

from admin_client import Client
from conftest import make_blog, parse_html
from content import UNICODE_TITLE, post_file


@pytest.fixture(scope="module")
def sb():
    tmp = tempfile.mkdtemp(prefix="quire-search-")
    b = None
    try:
        b = make_blog(tmp)
        add = b.add_post
        # The same word in a title, in a body only (many times: a strong
        # body match) and in a tag only.
        add(post_file("The Quokka Question", "Nothing more to say about "
                      "island animals.\n", date="2022-01-01T10:00:00Z"))
        add(post_file("Island Notes", "Today a quokka came close. The quokka "
                      "smiled, as a quokka does; quokka, quokka, quokka.\n",
                      date="2022-01-02T10:00:00Z"))
        add(post_file("Marsupial Tags", "Animals of the island.\n",
                      date="2022-01-03T10:00:00Z", tags="Quokka"))
        # Words that are FTS5 operators elsewhere, as plain words of a post.
        add(post_file("Wombat Words", "The wombat and the numbat: near or "
                      "not, a title fight.\n", date="2022-01-04T10:00:00Z"))
        # Markup characters around a match.
        add(post_file("Zebra <i>stripes</i> & more", "Ampersand test: `<b>&` "
                      "zebra crossing \"quoted\" 'single'.\n\n<script>alert(1)"
                      "</script>\n", date="2022-01-05T10:00:00Z"))
        yield b
    finally:
        if b is not None:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def admin(sb):
    c = Client(sb)
    c.login()
    return c


# -- reading result pages -----------------------------------------------------

def search(b, q, page=None, status=200):
    path = "/search?q=" + urllib.parse.quote(q, safe="")
    if page is not None:
        path += "&page=%d" % page
    return get(b, path, status)


def get(b, path, status=200):
    r = b.get(path)
    assert r.status == status, (path, r, r.text[:300])
    return r


class Results:
    def __init__(self, r):
        self.r = r
        self.html = r.text                  # must be UTF-8
        self.doc = parse_html(self.html)
        self.main = self.doc.find("main")
        self.hits = self.main.find_all("article", cls="search-hit")

    @property
    def titles(self):
        return [h.find(cls="entry-title").text() for h in self.hits]

    @property
    def links(self):
        return [h.find(cls="entry-title").find("a").attrs["href"]
                for h in self.hits]

    @property
    def count(self):
        c = self.main.find("p", cls="search-count")
        return c.text() if c else None

    def query_box(self):
        form = self.main.find("form", role="search")
        assert form is not None and form.attrs["action"] == "/search"
        return form.find("input", name="q").attrs.get("value", "")

    def raw_hit(self, title):
        """The HTML of the hit with this title, as sent."""
        i = self.titles.index(title)
        parts = re.findall(r'<article class="post summary search-hit".*?'
                           r'</article>', self.html, re.S)
        return parts[i]


def results(b, q, page=None):
    return Results(search(b, q, page))


def paging_links(res):
    nav = res.main.find("nav", cls="paging")
    if nav is None:
        return None, None
    older = nav.find("a", cls="older")
    newer = nav.find("a", cls="newer")
    return (older.attrs["href"] if older else None,
            newer.attrs["href"] if newer else None)


def head_links(res, rel):
    return [l.attrs["href"] for l in res.doc.find("head").find_all(
        "link", rel=rel)]


# -- finding ------------------------------------------------------------------

def test_title_match_ranks_above_body_and_tag_matches(sb):
    res = results(sb, "quokka")
    assert res.count == "3 results"
    assert set(res.titles) == {"The Quokka Question", "Island Notes",
                               "Marsupial Tags"}
    # Six times in a body does not beat once in the title (with the
    # columns weighted alike, "Island Notes" would come first).
    assert res.titles[0] == "The Quokka Question"
    assert res.titles[-1] == "Island Notes"
    # Any letter case finds the same.
    assert results(sb, "QUOKKA").titles == res.titles


def test_tags_are_searched(sb):
    res = results(sb, "marsupial")
    assert res.titles == ["Marsupial Tags"]
    # By a tag's name alone: the fixture's "Knees" tag.
    knees = results(sb, "knees")
    want = sb.sql("SELECT count(*) FROM posts p JOIN post_tags pt ON "
                  "pt.post_id = p.id JOIN tags t ON t.id = pt.tag_id WHERE "
                  "t.slug = 'knees' AND p.status = 'published'")[0][0]
    assert want > 0
    assert knees.count == "%d results" % want


def test_every_word_is_required(sb):
    assert set(results(sb, "quokka island").titles) == {
        "The Quokka Question", "Island Notes", "Marsupial Tags"}
    assert results(sb, "quokka smiled").titles == ["Island Notes"]
    res = results(sb, "quokka zzyzx")
    assert res.hits == [] and res.count == "0 results"
    assert res.main.find(cls="no-results") is not None


def test_hit_links_and_dates(sb):
    res = results(sb, "knots")
    assert res.titles == ["Finding The Knots"]
    assert res.links == [urllib.parse.urlsplit(sb.urls["thread"]).path]
    assert get(sb, res.links[0]).status == 200
    assert res.hits[0].find("time").attrs["datetime"] == \
        "2024-05-02T08:00:00Z"
    # A page is found too, without a date.
    about = results(sb, "writes")
    assert about.titles == ["About"]
    assert about.links == ["/about/"]
    assert about.hits[0].find("time") is None


def test_matches_marked_in_title_and_snippet(sb):
    res = results(sb, "quokka")
    hit = res.hits[res.titles.index("Island Notes")]
    snippet = hit.find(cls="entry-summary")
    marks = snippet.find_all("mark")
    assert len(marks) >= 3
    assert {m.text() for m in marks} == {"quokka"}
    assert "Today a quokka came close." in snippet.text()
    title = res.hits[0].find(cls="entry-title")
    assert [m.text() for m in title.find_all("mark")] == ["Quokka"]
    # Only the matched word is marked.
    assert title.text() == "The Quokka Question"


def test_snippet_and_title_escape_everything_but_mark(sb):
    res = results(sb, "zebra")
    assert res.titles == ["Zebra <i>stripes</i> & more"]
    raw = res.raw_hit(res.titles[0])
    assert ('<mark>Zebra</mark> &lt;i&gt;stripes&lt;/i&gt; &amp; more'
            in raw)
    assert "&lt;b&gt;&amp; <mark>zebra</mark> crossing" in raw
    hit = res.hits[0]
    # No element came through from the text: only <mark>.
    tags = {n.tag for n in hit.find(cls="entry-summary").iter()}
    assert tags == {"p", "mark"}
    assert {n.tag for n in hit.find(cls="entry-title").iter()} == {"a",
                                                                   "mark"}
    assert "<b>" not in raw and "<i>" not in raw and "<script" not in raw
    assert hit.find(cls="entry-summary").text() == \
        "Ampersand test: <b>& zebra crossing \u201cquoted\u201d " \
        "\u2018single\u2019."


def test_unicode_words(sb):
    for q in ("K\u00f6ln", "koln", "K\u00d6LN", "Gr\u00fc\u00dfe",
              "\u00dcber", "uber", "caf\u00e9", "cafe", "na\u00efve",
              "\u65e5\u672c\u8a9e",                         # 日本語
              "\u65e5\u672c\u8a9e\u3082\u5927\u4e08\u592b"):   # the whole run
        res = results(sb, q)
        assert res.titles == [UNICODE_TITLE], q
        assert res.query_box() == q
    # The match is marked in the snippet.
    res = results(sb, "k\u00f6ln")
    assert [m.text() for m in res.hits[0].find_all("mark")] == ["K\u00f6ln"]
    res = results(sb, "\u65e5\u672c\u8a9e")
    assert res.hits[0].find("mark").text().startswith("\u65e5\u672c\u8a9e")


# -- paging -------------------------------------------------------------------

def test_paging_through_many_hits(sb):
    first = results(sb, "post")
    assert first.count == "23 results"
    assert len(first.hits) == 10
    older, newer = paging_links(first)
    assert older == "/search?q=post&page=2" and newer is None
    assert head_links(first, "next") == [older]
    assert head_links(first, "prev") == []
    second = Results(get(sb, older))
    assert len(second.hits) == 10
    older2, newer2 = paging_links(second)
    assert older2 == "/search?q=post&page=3"
    assert newer2 == "/search?q=post"
    assert head_links(second, "next") == [older2]
    assert head_links(second, "prev") == [newer2]
    third = Results(get(sb, older2))
    assert len(third.hits) == 3
    assert paging_links(third)[0] is None
    assert head_links(third, "next") == []
    seen = first.titles + second.titles + third.titles
    assert len(set(seen)) == 23
    assert set(seen) == {"Post number %d" % i for i in range(1, 24)}
    # The query stays in the box on later pages.
    assert third.query_box() == "post"
    # Past the end: no hits, no error.
    past = results(sb, "post", page=9)
    assert past.hits == []
    for bad in ("0", "-1", "abc", "99999999999999999999"):
        r = get(sb, "/search?q=post&page=" + bad)
        assert Results(r).titles == first.titles, bad


def test_paging_keeps_an_escaped_query(sb):
    q = "post & number"
    res = results(sb, q)
    older, _ = paging_links(res)
    assert older == "/search?q=" + urllib.parse.quote(q, safe="") + \
        "&page=2"
    again = Results(get(sb, older))
    assert again.query_box() == q
    assert len(again.hits) == 10


# -- what is never found ------------------------------------------------------

@pytest.mark.parametrize("word", ["secret", "draft", "yet", "future",
                                  "later"])
def test_drafts_and_scheduled_posts_are_never_found(sb, word):
    res = results(sb, word)
    assert res.hits == [], (word, res.titles)
    assert res.count == "0 results"


def test_new_post_found_then_trash_and_delete_take_it_away(sb, admin):
    url = sb.add_post(post_file("Ephemeral Thing", "A platypus passes "
                                "by.\n", date="2022-02-01T10:00:00Z",
                                tags="Fleeting"))
    pid = sb.sql("SELECT id FROM posts WHERE title = 'Ephemeral Thing'")[0][0]
    ed = "/admin/posts/%d" % pid
    for q in ("platypus", "ephemeral", "fleeting"):
        assert results(sb, q).titles == ["Ephemeral Thing"], q
    assert results(sb, "platypus").links == [
        urllib.parse.urlsplit(url).path]

    r = admin.submit_editor(ed, button="trash")
    assert r.status == 303, r
    for q in ("platypus", "ephemeral", "fleeting"):
        assert results(sb, q).hits == [], q

    r = admin.submit_editor(ed, button="restore")
    assert r.status == 303, r
    assert results(sb, "platypus").titles == ["Ephemeral Thing"]

    r = admin.submit_editor(ed, status="draft")
    assert r.status == 303, r
    assert results(sb, "platypus").hits == []
    r = admin.submit_editor(ed, status="publish")
    assert r.status == 303, r
    assert results(sb, "platypus").titles == ["Ephemeral Thing"]

    r = admin.submit_editor(ed, button="trash")
    assert r.status == 303, r
    r = admin.submit_editor(ed, button="delete")
    assert r.status == 303, r
    assert sb.sql("SELECT count(*) FROM posts WHERE id = ?", (pid,)) == [(0,)]
    # Gone from the index as well as from the results.
    assert sb.sql("SELECT count(*) FROM posts_fts WHERE rowid = ?",
                  (pid,)) == [(0,)]
    for q in ("platypus", "ephemeral", "fleeting"):
        assert results(sb, q).hits == [], q


def test_edits_are_searched_at_once(sb, admin):
    sb.add_post(post_file("Edit Me", "Original word: axolotl.\n",
                          date="2022-02-02T10:00:00Z"))
    pid = sb.sql("SELECT id FROM posts WHERE title = 'Edit Me'")[0][0]
    assert results(sb, "axolotl").titles == ["Edit Me"]
    r = admin.submit_editor("/admin/posts/%d" % pid, title="Edited Newt",
                            body="Changed word: salamander.\n",
                            tags="Amphibians")
    assert r.status == 303, r
    assert results(sb, "axolotl").hits == []
    assert results(sb, "salamander").titles == ["Edited Newt"]
    assert results(sb, "amphibians").titles == ["Edited Newt"]
    assert results(sb, "newt").titles == ["Edited Newt"]
    snippet = results(sb, "salamander").hits[0].find(cls="entry-summary")
    assert [m.text() for m in snippet.find_all("mark")] == ["salamander"]


# -- what a reader may type ---------------------------------------------------

WOMBAT = ["Wombat Words"]

# (query, the titles it must find; None: no words, the form only)
HOSTILE = [
    ('"', None),
    ('""', None),
    ('"wombat', WOMBAT),
    ('wombat"', WOMBAT),
    ('"wombat numbat"', WOMBAT),
    ('wombat AND numbat', WOMBAT),
    ('wombat OR NOT (', WOMBAT),
    ('wombat NOT numbat', WOMBAT),          # NOT is a word, not an operator
    ('wombat OR zzyzx', []),                # so is OR: both words needed
    ('AND', ["About", "Wombat Words"]),     # "Who writes here, and why."
    ('OR NOT (', WOMBAT),
    ('*', None),
    ('wombat*', WOMBAT),
    ('*wombat', WOMBAT),
    ('NEAR(', WOMBAT),
    ('NEAR(wombat numbat)', WOMBAT),
    ('NEAR(wombat numbat, 2)', []),         # "2" is a word too
    ('title:wombat', WOMBAT),
    ('{title body}:wombat', []),            # "body" is in no such post
    ('^', None),
    ('^wombat', WOMBAT),
    ('-', None),
    ('-wombat', WOMBAT),
    ('+wombat', WOMBAT),
    ('(wombat)', WOMBAT),
    (')(', None),
    ("wombat' OR '1'='1", []),
    ('wombat; DROP TABLE posts; --', []),
    ('\\"wombat\\"', WOMBAT),
    ('%wombat%', WOMBAT),
    ('%%zz%', []),
    ('\U0001F389', []),                     # an emoji: a word, found nowhere
    ('\U0001F389 wombat \U0001F389', WOMBAT),
    ('\u201cwombat\u201d', WOMBAT),         # curly quotes
    ('wombat\u2014numbat', []),             # one "word" of two: a phrase
    ('wombat\tnumbat\n', WOMBAT),
    (("wombat numbat " * 15)[:200], WOMBAT),
    (("wombat " * 300)[:2000], WOMBAT),
    ('"(*^-' * 400, None),
    ("x" * 2000, []),
    ("\u65e5\u672c" * 400, []),             # 2400 bytes of CJK
    ("\u00fc" * 1000, []),
]


@pytest.mark.parametrize("q,want", HOSTILE,
                         ids=["%d" % i for i in range(len(HOSTILE))])
def test_hostile_queries_are_words(sb, q, want):
    r = search(sb, q)
    res = Results(r)
    box = res.query_box()
    # The box shows what was searched: all of it, or its first 200
    # bytes, never cut inside a character.
    assert len(box.encode()) <= 200
    assert q.startswith(box) and (box == q or len(q.encode()) > 200)
    if want is None:
        assert res.count is None and res.hits == []
        assert res.main.find("h1").text() == "Search"
    else:
        assert sorted(res.titles) == want, (q, res.titles)
        assert res.count == "%d result%s" % (len(want),
                                              "" if len(want) == 1 else "s")


@pytest.mark.parametrize("raw", ["%zz", "%", "a%2", "%E2%82", "%FF", "%00",
                                 "%C0%AF"])
def test_malformed_escapes_are_400_not_500(sb, raw):
    r = sb.get("/search?q=" + raw)
    assert r.status == 400, (raw, r)


@pytest.mark.parametrize("path", ["/search", "/search?q=", "/search?q=+++",
                                  "/search?q=%22%22", "/search?page=2",
                                  "/search?x=1"])
def test_no_words_shows_the_form_only(sb, path):
    res = Results(get(sb, path))
    assert res.main.find("h1").text() == "Search"
    assert res.doc.find("title").text() == "Search \u2013 Test Blog"
    assert res.query_box() in ("", "   ", '""')
    assert res.hits == []
    assert res.count is None
    assert res.main.find(cls="no-results") is None
    assert res.main.find("nav", cls="paging") is None


def test_search_box_on_every_page(sb):
    for path in ("/", "/tags/", "/tag/running/", "/about/",
                 urllib.parse.urlsplit(sb.urls["thread"]).path, "/2024/",
                 "/nope/nothing/"):
        r = sb.get(path)
        doc = parse_html(r.text)
        forms = [f for f in doc.find_all("form", role="search")
                 if f.attrs.get("action") == "/search"]
        assert forms, path
        assert forms[0].attrs.get("method", "get").lower() == "get"
        assert forms[0].find("input", name="q") is not None
    # What the box sends finds posts.
    assert results(sb, "Finding Knots").titles == ["Finding The Knots"]


def test_results_page_title_names_the_query(sb):
    res = results(sb, "<wombat>")
    assert res.doc.find("title").text().startswith(
        "Search Results for \u201c<wombat>\u201d")
    assert res.main.find("h1").text() == "Search Results for: <wombat>"
    assert "<wombat>" not in res.html           # escaped everywhere
    assert res.titles == WOMBAT


# -- a word in most posts: bounded work ---------------------------------------

def test_common_word_ranks_the_newest_thousand_matches(tmp_path):
    """A word in 1,005 posts: the ranking reads the newest 1,000 matches
    only (so no query can make quire rank 100,000 posts per view), says
    so, and pages through them; a rarer word still finds the oldest
    post, since the bound is per query."""
    b = make_blog(str(tmp_path), content=False)
    try:
        rows = [("post", "published", "lemur-%d" % i, "Lemur %d" % i, 1,
                 1600000000 + i * 3600, "Lemur body %d." % i,
                 "<p>Lemur body %d.</p>" % i) for i in range(1, 1006)]
        con = __import__("sqlite3").connect(b.db)
        with con:
            for r in rows:
                cur = con.execute(
                    "INSERT INTO posts (type, status, slug, title, "
                    "author_id, published, created, updated, body_md, "
                    "body_html) VALUES (?, ?, ?, ?, ?, ?, ?6, ?6, ?, ?)", r)
                body = r[6] + (" aardvark" if r[3] == "Lemur 1" else "")
                con.execute("INSERT INTO posts_fts (rowid, title, body, "
                            "tags) VALUES (?, ?, ?, '')",
                            (cur.lastrowid, r[3], body))
        con.close()
        b.sql("SELECT 1")                  # the page files follow

        res = results(b, "lemur")
        assert res.count == ("More than 1000 matches: the best of the "
                             "newest 1000")
        assert len(res.hits) == 10
        nav = res.main.find("nav", cls="paging")
        assert nav.find("span", cls="page-of").text() == "Page 1 of 100"
        last = results(b, "lemur", page=100)
        assert len(last.hits) == 10
        assert paging_links(last)[0] is None     # no older page
        seen = set(res.titles) | set(last.titles)
        # Lemur 1 .. 5 are older than the newest 1,000 matches.
        assert not seen & {"Lemur %d" % i for i in range(1, 6)}
        assert search(b, "lemur", page=101).status == 200
        assert results(b, "lemur", page=101).hits == []
        # The oldest post is found by a word only it has.
        old = results(b, "aardvark")
        assert old.titles == ["Lemur 1"] and old.count == "1 result"
        # Both words: the match set is the one post, found.
        assert results(b, "lemur aardvark").titles == ["Lemur 1"]
    finally:
        b.stop()


# -- the order and the count, pinned ------------------------------------------

# The ranking as SQLite's own bm25() gives it (title x10, body x1, tags x4),
# equal scores oldest id first: what every page must show, in order.
BM25 = ("SELECT p.title FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
        "WHERE posts_fts MATCH ? AND p.status = 'published' "
        "ORDER BY bm25(posts_fts, 10.0, 1.0, 4.0), posts_fts.rowid")


def insert_posts(b, posts):
    """(title, body, status) rows straight into the database, indexed as
    quire indexes them; one post a day from 2021."""
    con = __import__("sqlite3").connect(b.db)
    with con:
        for i, (title, body, status) in enumerate(posts):
            t = 1609495200 + i * 86400
            cur = con.execute(
                "INSERT INTO posts (type, status, slug, title, author_id, "
                "published, created, updated, body_md, body_html) VALUES "
                "('post', ?, ?, ?, 1, ?, ?4, ?4, ?, ?)",
                (status, "p-%d" % i, title, t, body, "<p>%s</p>" % body))
            con.execute("INSERT INTO posts_fts (rowid, title, body, tags) "
                        "VALUES (?, ?, ?, '')", (cur.lastrowid, title, body))
    con.close()
    b.sql("SELECT 1")                  # the page files follow


def every_page(b, q):
    titles, page = [], 1
    while True:
        res = results(b, q, page=page)
        titles.append(res.titles)
        if paging_links(res)[0] is None:
            return res if page == 1 else results(b, q), titles
        page += 1


def test_order_and_count_pinned_page_by_page(tmp_path):
    """44 matches over 5 pages, many with equal scores: each page holds
    exactly bm25's next ten, equal scores oldest first, the draft among
    the matches neither shown nor counted."""
    b = make_blog(str(tmp_path), content=False)
    try:
        posts = []
        for i in range(1, 46):
            title = ("Gnu %d" if i % 9 == 0 else "Note %d") % i
            body = " ".join(["gnu"] * (1 + i % 4) + ["filler"] * (i % 5))
            posts.append((title, body, "draft" if i == 7 else "published"))
        posts += [("Other %d" % i, "nothing here", "published")
                  for i in range(15)]
        insert_posts(b, posts)
        want = [t for (t,) in b.sql(BM25, ('"gnu"',))]
        assert len(want) == 44 and "Note 7" not in want
        scores = b.sql("SELECT bm25(posts_fts, 10.0, 1.0, 4.0) FROM "
                       "posts_fts WHERE posts_fts MATCH '\"gnu\"'")
        assert len(set(scores)) < len(scores) - 10     # ties to order
        first, pages = every_page(b, "gnu")
        assert first.count == "44 results"
        assert [len(p) for p in pages] == [10, 10, 10, 10, 4]
        assert pages == [want[i:i + 10] for i in range(0, 44, 10)]
        # Once in the title outweighs up to four times in the body.
        assert set(pages[0][:5]) == {"Gnu 9", "Gnu 18", "Gnu 27", "Gnu 36",
                                     "Gnu 45"}
        # Equal scores: the older post first ("Note 1" and "Note 21" are
        # the same text).
        assert want.index("Note 1") < want.index("Note 21")
        assert pages[-1][-1] == want[-1]
        # Two words: the same.
        two = [t for (t,) in b.sql(BM25, ('"gnu" "filler"',))]
        assert len(two) > 20
        assert every_page(b, "gnu filler")[1] == [
            two[i:i + 10] for i in range(0, len(two), 10)]
    finally:
        b.stop()


def test_ranking_follows_the_words_of_other_posts(tmp_path):
    """How rare each word is across the blog weighs it: a post with
    more of the rarer word ranks first, and when other posts change which
    word is rarer (edited in the admin, by a worker, or in the database
    by another program) the next search follows at once in every
    worker."""
    b = make_blog(str(tmp_path), content=False)
    try:
        insert_posts(b, [("Alpha", "yak yak yak zebu", "published"),
                         ("Beta", "zebu zebu zebu yak", "published")] +
                     [("Zebu %d" % i, "zebu only", "published")
                      for i in range(3)] +
                     [("Filler %d" % i, "plain words", "published")
                      for i in range(40)])

        def check(want):
            assert [t for (t,) in b.sql(BM25, ('"yak" "zebu"',))] == want
            for _ in range(8):             # both workers, more than once
                res = results(b, "yak zebu")
                assert res.titles == want and res.count == "2 results"

        check(["Alpha", "Beta"])           # yak: 2 posts, zebu: 5
        admin = Client(b)
        admin.login()
        ids = [r[0] for r in b.sql("SELECT id FROM posts WHERE title LIKE "
                                   "'Filler %' ORDER BY id LIMIT 6")]
        for pid in ids:
            r = admin.submit_editor("/admin/posts/%d" % pid,
                                    body="A yak here.\n")
            assert r.status == 303, r
        check(["Beta", "Alpha"])           # yak: 8 posts, zebu: 5
        b.sql("UPDATE posts_fts SET body = 'plain words' WHERE rowid IN "
              "(%s)" % ",".join(str(i) for i in ids))
        check(["Alpha", "Beta"])
    finally:
        b.stop()
