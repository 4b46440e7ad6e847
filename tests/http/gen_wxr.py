#!/usr/bin/python3
"""gen_wxr.py: write WordPress exports (WXR 1.2) for the import tests and
for measurements. Deterministic (fixed seed): the same arguments give the
same file. Three kinds:

  big (default)  N posts with tags, categories, paragraphs and a shortcode
                 or two, and M comments spread over them in threads (some
                 replies come before their parents in the file, as
                 WordPress can write them). Written as a stream, so the
                 generator's own memory stays small too.
  bench          a blog like the benchmark corpus (../shared/bench): one
                 author, published posts, one category and 40 tags, all
                 comments approved, some written by the author.
  photos         a photo blog: --posts posts, each with --per-post photo
                 attachments (_wp_attached_file, sizes in
                 _wp_attachment_metadata, alt text, captions), a PDF,
                 bodies naming them every way WordPress does (<img> of a
                 size variant with srcset and wp-image-N inside a link to
                 the original, [gallery] with ids, include, exclude and
                 none, block-editor image, gallery and cover blocks),
                 _thumbnail_id; --uploads DIR writes the files (JPEGs in
                 every size the metadata names) with every --missing'th
                 attachment's file left out.
  theme          a small export like WordPress's Theme Unit Test data
                 (../shared/wxr): its landmark items with the same ids,
                 slugs and links (pages with parents, Greek titles and a
                 percent-encoded slug, the draft with no slug, the
                 scheduled, sticky, password-protected and untitled posts,
                 a title with markup, a ten-deep comment thread, a held
                 reply, pingbacks and trackbacks, [gallery] and [caption],
                 script and event handlers to remove, categories and tags
                 with odd names, attachments, menu items and menu terms),
                 plus --posts ordinary posts.

    /usr/bin/python3 tests/http/gen_wxr.py --posts 10000 --comments 100000 OUT
    /usr/bin/python3 tests/http/gen_wxr.py --kind theme --counts OUT.json OUT
    /usr/bin/python3 tests/http/gen_wxr.py --kind photos --posts 667 \
        --per-post 3 --uploads DIR OUT        (2,001 photos)

--counts FILE writes, as JSON, what `quire import` must then report (the
counts by type and status, the notes); the tests import this module and
call bench() or theme(), which return the same dict."""
import argparse
import json
import os
import random
import sys
import time

WORDS = ("run knee recovery tempo hill stretch foam calf rest sleep pace "
         "trail road race shoe mile interval strength core hip glute "
         "tendon patience coach plan week morning evening rain sun wind "
         "café naïve Zürich Ελληνικά 日本語 emoji").split()
TAGS = ["Tag %d" % i for i in range(60)] + ["A & B", "Crème brûlée"]
CATS = ["Category %d" % i for i in range(12)]


def slug(s):
    out = []
    for ch in s.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p) or "x"


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rnd, n):
    w = [rnd.choice(WORDS) for _ in range(n)]
    return " ".join(w).capitalize() + "."


def body(rnd, i):
    paras = []
    for p in range(rnd.randint(2, 6)):
        lines = [sentence(rnd, rnd.randint(6, 16))
                 for _ in range(rnd.randint(1, 3))]
        paras.append("\n".join(lines))
    if i % 7 == 0:
        paras.append('[caption id="attachment_%d" align="alignleft" '
                     'width="300"]<img src="/img/%d.jpg" alt="" /> A '
                     'caption[/caption]' % (i, i))
    if i % 11 == 0:
        paras.append("<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
    if i % 13 == 0:
        paras.append('[gallery ids="1,2,3"]')
    return "\n\n".join(paras)


def wp_date(t):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def big(f, posts=1000, comments=10000, seed=1):
    """The big kind, written to the file f; returns its counts."""
    rnd = random.Random(seed)
    w = f.write
    held = 0
    w('<?xml version="1.0" encoding="UTF-8" ?>\n'
      '<rss version="2.0"\n'
      '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
      '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
      '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
      '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
      '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
      '\t<title>Generated</title>\n\t<link>https://gen.example</link>\n'
      '\t<wp:wxr_version>1.2</wp:wxr_version>\n'
      '\t<wp:base_site_url>https://gen.example</wp:base_site_url>\n'
      '\t<wp:base_blog_url>https://gen.example</wp:base_blog_url>\n')
    for i, login in enumerate(("alice", "bob", "carol")):
        w("\t<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>%s"
          "</wp:author_login><wp:author_email>%s</wp:author_email>"
          "<wp:author_display_name>%s</wp:author_display_name>"
          "</wp:author>\n" % (i + 1, cdata(login),
                              cdata(login + "@gen.example"),
                              cdata(login.capitalize())))
    for c in CATS:
        w("\t<wp:category><wp:category_nicename>%s</wp:category_nicename>"
          "<wp:cat_name>%s</wp:cat_name></wp:category>\n" % (
              cdata(slug(c)), cdata(c.replace("&", "&amp;"))))
    for t in TAGS:
        w("\t<wp:tag><wp:tag_slug>%s</wp:tag_slug><wp:tag_name>%s"
          "</wp:tag_name></wp:tag>\n" % (cdata(slug(t)),
                                         cdata(t.replace("&", "&amp;"))))
    start = 1262304000              # 2010-01-01
    cid = 0
    per = [comments // posts] * posts
    for k in range(comments - sum(per)):
        per[k] += 1
    for i in range(posts):
        pid = i + 1
        t = start + i * 3600 * 7
        title = sentence(rnd, rnd.randint(2, 7))[:-1]
        w("\t<item>\n\t\t<title>%s</title>\n"
          "\t\t<link>https://gen.example/%s/%s/</link>\n"
          "\t\t<dc:creator>%s</dc:creator>\n"
          "\t\t<guid isPermaLink=\"false\">https://gen.example/?p=%d</guid>\n"
          "\t\t<content:encoded>%s</content:encoded>\n"
          "\t\t<excerpt:encoded>%s</excerpt:encoded>\n"
          "\t\t<wp:post_id>%d</wp:post_id>\n"
          "\t\t<wp:post_date>%s</wp:post_date>\n"
          "\t\t<wp:post_date_gmt>%s</wp:post_date_gmt>\n"
          "\t\t<wp:comment_status>open</wp:comment_status>\n"
          "\t\t<wp:post_name>%s</wp:post_name>\n"
          "\t\t<wp:status>publish</wp:status>\n"
          "\t\t<wp:post_type>post</wp:post_type>\n"
          "\t\t<wp:is_sticky>0</wp:is_sticky>\n" % (
              cdata(title), time.strftime("%Y/%m/%d", time.gmtime(t)),
              slug(title), cdata(rnd.choice(("alice", "bob", "carol"))),
              pid, cdata(body(rnd, i)), cdata(""), pid, wp_date(t),
              wp_date(t), cdata(slug(title))))
        for t_ in rnd.sample(TAGS, 3):
            w('\t\t<category domain="post_tag" nicename="%s">%s</category>\n'
              % (slug(t_), cdata(t_.replace("&", "&amp;"))))
        c = rnd.choice(CATS)
        w('\t\t<category domain="category" nicename="%s">%s</category>\n'
          % (slug(c), cdata(c)))
        ids = [cid + k + 1 for k in range(per[i])]
        cid += per[i]
        parents = {}
        for k, c_id in enumerate(ids):
            parents[c_id] = rnd.choice(ids[:k]) if k > 0 and \
                rnd.random() < 0.4 else 0
        order = list(ids)
        if len(order) > 3:          # a reply before its parent
            parents[ids[2]] = ids[1]
            order[1], order[2] = order[2], order[1]
        for c_id in order:
            ct = t + 600 * (c_id - ids[0] + 1)
            w("\t\t<wp:comment>\n"
              "\t\t\t<wp:comment_id>%d</wp:comment_id>\n"
              "\t\t\t<wp:comment_author>%s</wp:comment_author>\n"
              "\t\t\t<wp:comment_author_email>%s</wp:comment_author_email>\n"
              "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
              "\t\t\t<wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>\n"
              "\t\t\t<wp:comment_date>%s</wp:comment_date>\n"
              "\t\t\t<wp:comment_date_gmt>%s</wp:comment_date_gmt>\n"
              "\t\t\t<wp:comment_content>%s</wp:comment_content>\n"
              "\t\t\t<wp:comment_approved>%s</wp:comment_approved>\n"
              "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
              "\t\t\t<wp:comment_parent>%d</wp:comment_parent>\n"
              "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
              "\t\t</wp:comment>\n" % (
                  c_id, cdata("Reader %d" % (c_id % 500)),
                  cdata("reader%d@gen.example" % (c_id % 500)), c_id % 250,
                  wp_date(ct), wp_date(ct),
                  cdata(sentence(rnd, 12) + "\n\n" + sentence(rnd, 8)),
                  "0" if c_id % 10 == 0 else "1", parents[c_id]))
            held += c_id % 10 == 0
        w("\t</item>\n")
    w("</channel>\n</rss>\n")
    return {"posts": {"n": posts, "published": posts},
            "comments": {"n": comments, "approved": comments - held,
                         "pending": held, "spam": 0}}


# -- the bench and theme kinds: a small writer that counts what it writes --

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Export:
    """A WXR file being written, and what `quire import` must report of
    it (want()). ns: the wp namespace URI (WordPress wrote http:// and,
    later, https://)."""

    def __init__(self, f, site, title, ns="http://wordpress.org/export/1.2/"):
        self.f = f
        self.site = site
        self.slugs = set()          # every tag or category slug, once
        self.cats = self.tags = self.terms = 0
        self.authors = {}           # login -> author id
        self.posts = {"n": 0}
        self.pages = {"n": 0}
        self.comments = {"n": 0, "approved": 0, "pending": 0, "spam": 0}
        self.pings = {"n": 0, "pingbacks": 0, "trackbacks": 0}
        self.attachments = self.menu_items = self.protected = 0
        self.gallery = self.caption = 0
        self.items = 0              # posts and pages imported
        self.comment_rows = 0       # comments and pings imported
        self.by_author = 0          # comments with a known user id
        self.approved_on = {}       # post slug -> approved comments
        self.deepest = 0
        self.tag_posts = {}         # tag slug -> public posts with it
        self.f.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            '<rss version="2.0"\n'
            '\txmlns:excerpt="%(ns)sexcerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="%(ns)s"\n>\n<channel>\n'
            '\t<title>%(title)s</title>\n\t<link>%(site)s</link>\n'
            '\t<wp:wxr_version>1.2</wp:wxr_version>\n'
            '\t<wp:base_site_url>%(site)s</wp:base_site_url>\n'
            '\t<wp:base_blog_url>%(site)s</wp:base_blog_url>\n' % {
                "ns": ns, "title": esc(title), "site": site})

    def author(self, aid, login, name):
        self.authors[login] = aid
        self.f.write(
            "\t<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>"
            "%s</wp:author_login><wp:author_email>%s</wp:author_email>"
            "<wp:author_display_name>%s</wp:author_display_name>"
            "</wp:author>\n" % (aid, cdata(login),
                                cdata(login + "@example.org"), cdata(name)))

    def category(self, slug_, name, description="", parent=""):
        """name as WordPress writes it: entity-encoded (&amp;)."""
        self.cats += 1
        self.slugs.add(slug_)
        self.f.write(
            "\t<wp:category><wp:category_nicename>%s</wp:category_nicename>"
            "<wp:category_parent>%s</wp:category_parent>"
            "<wp:cat_name>%s</wp:cat_name>%s</wp:category>\n" % (
                cdata(slug_), cdata(parent), cdata(name),
                "<wp:category_description>%s</wp:category_description>" %
                cdata(description) if description else ""))

    def tag(self, slug_, name):
        self.tags += 1
        self.slugs.add(slug_)
        self.f.write("\t<wp:tag><wp:tag_slug>%s</wp:tag_slug><wp:tag_name>"
                     "%s</wp:tag_name></wp:tag>\n" % (cdata(slug_),
                                                       cdata(name)))

    def term(self, taxonomy, slug_, name):
        """A wp:term of another taxonomy (a menu): skipped, counted."""
        self.terms += 1
        self.f.write("\t<wp:term><wp:term_taxonomy>%s</wp:term_taxonomy>"
                     "<wp:term_slug>%s</wp:term_slug><wp:term_name>%s"
                     "</wp:term_name></wp:term>\n" % (
                         cdata(taxonomy), cdata(slug_), cdata(name)))

    def item(self, pid, title, date, link, ptype="post", status="publish",
             name=None, parent=0, content="", excerpt="", creator=None,
             password="", sticky=False, comments_open=True, terms=(),
             comments=()):
        """One <item>. date: local "YYYY-MM-DD HH:MM:SS" (the site is in
        UTC). terms: (domain, nicename, name); comments: dicts with id,
        author, content, and optionally parent, approved ("1", "0",
        "spam"), type ("", comment, pingback, trackback), user (a login)
        and date."""
        if name is None:
            name = slug(title)
        creator = creator or next(iter(self.authors))
        w = self.f.write
        w("\t<item>\n\t\t<title>%s</title>\n\t\t<link>%s</link>\n"
          "\t\t<dc:creator>%s</dc:creator>\n"
          "\t\t<guid isPermaLink=\"false\">%s/?p=%d</guid>\n"
          "\t\t<description></description>\n"
          "\t\t<content:encoded>%s</content:encoded>\n"
          "\t\t<excerpt:encoded>%s</excerpt:encoded>\n"
          "\t\t<wp:post_id>%d</wp:post_id>\n"
          "\t\t<wp:post_date>%s</wp:post_date>\n"
          "\t\t<wp:post_date_gmt>%s</wp:post_date_gmt>\n"
          "\t\t<wp:comment_status>%s</wp:comment_status>\n"
          "\t\t<wp:post_name>%s</wp:post_name>\n"
          "\t\t<wp:status>%s</wp:status>\n"
          "\t\t<wp:post_parent>%d</wp:post_parent>\n"
          "\t\t<wp:post_type>%s</wp:post_type>\n"
          "\t\t<wp:post_password>%s</wp:post_password>\n"
          "\t\t<wp:is_sticky>%d</wp:is_sticky>\n" % (
              esc(title), esc(self.site + link), cdata(creator),
              self.site, pid, cdata(content), cdata(excerpt), pid, date,
              "0000-00-00 00:00:00" if status == "draft" else date,
              "open" if comments_open else "closed", cdata(name), status,
              parent, ptype, cdata(password), int(sticky)))
        for domain, nicename, tname in terms:
            w('\t\t<category domain="%s" nicename="%s">%s</category>\n' % (
                domain, nicename, cdata(tname)))
        if ptype == "attachment":
            self.attachments += 1
        elif ptype == "nav_menu_item":
            self.menu_items += 1
        if ptype not in ("post", "page"):
            w("\t</item>\n")
            return
        self.items += 1
        st = {"publish": "published", "future": "scheduled",
              "draft": "draft", "private": "private",
              "pending": "pending"}[status]
        if password:
            self.protected += 1     # kept with its password
        d = self.posts if ptype == "post" else self.pages
        d["n"] += 1
        d[st] = d.get(st, 0) + 1
        self.gallery += content.count("[gallery")
        self.caption += content.count("[caption")
        for domain, nicename, _ in terms:
            self.slugs.add(nicename)
            if st == "published" and domain == "post_tag":
                self.tag_posts[nicename] = self.tag_posts.get(nicename, 0) + 1
        depth = {}
        for c in comments:
            self._comment(c, date, depth, name)
        w("\t</item>\n")

    def _comment(self, c, date, depth, post):
        ctype = c.get("type", "")
        approved = c.get("approved", "1")
        parent = c.get("parent", 0)
        uid = self.authors.get(c.get("user"), 0)
        self.comment_rows += 1
        depth[c["id"]] = depth.get(parent, 0) + 1
        self.deepest = max(self.deepest, depth[c["id"]])
        if ctype in ("pingback", "trackback"):
            self.pings["n"] += 1
            self.pings[ctype + "s"] += 1
        else:
            self.comments["n"] += 1
            self.comments[{"1": "approved", "0": "pending",
                           "spam": "spam"}[approved]] += 1
            if approved == "1":
                self.approved_on[post] = self.approved_on.get(post, 0) + 1
        self.by_author += uid != 0
        self.f.write(
            "\t\t<wp:comment>\n"
            "\t\t\t<wp:comment_id>%d</wp:comment_id>\n"
            "\t\t\t<wp:comment_author>%s</wp:comment_author>\n"
            "\t\t\t<wp:comment_author_email>%s</wp:comment_author_email>\n"
            "\t\t\t<wp:comment_author_url>%s</wp:comment_author_url>\n"
            "\t\t\t<wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>\n"
            "\t\t\t<wp:comment_date>%s</wp:comment_date>\n"
            "\t\t\t<wp:comment_date_gmt>%s</wp:comment_date_gmt>\n"
            "\t\t\t<wp:comment_content>%s</wp:comment_content>\n"
            "\t\t\t<wp:comment_approved>%s</wp:comment_approved>\n"
            "\t\t\t<wp:comment_type>%s</wp:comment_type>\n"
            "\t\t\t<wp:comment_parent>%d</wp:comment_parent>\n"
            "\t\t\t<wp:comment_user_id>%d</wp:comment_user_id>\n"
            "\t\t</wp:comment>\n" % (
                c["id"], cdata(c["author"]),
                cdata(c.get("email", "reader@example.org")),
                cdata(c.get("url", "")), c["id"] % 250,
                c.get("date", date), c.get("date", date),
                cdata(c["content"]), approved, cdata(ctype), parent, uid))

    def close(self):
        self.f.write("</channel>\n</rss>\n")

    def want(self):
        """What quire's import summary and tables must show."""
        return {
            "posts": dict(self.posts), "pages": dict(self.pages),
            "authors": len(self.authors),
            "tags": {"n": len(self.slugs), "categories": self.cats,
                     "tags": self.tags},
            "comments": dict(self.comments), "pingbacks": dict(self.pings),
            "attachments": self.attachments, "menu items": self.menu_items,
            "other terms": self.terms, "protected": self.protected,
            "gallery": self.gallery, "caption": self.caption,
            "items": self.items, "comment rows": self.comment_rows,
            "by author": self.by_author, "deepest": self.deepest,
            "approved on": dict(self.approved_on),
            "tag posts": dict(self.tag_posts),
        }


BENCH_TAGS = ("10K 5K Achilles Cadence Calf Core Cross-training Diet "
              "Easy-run Foam-roller Glutes Hamstring Heat Hills Hip IMS "
              "Injury Intervals Knee Long-run Marathon Mobility Motivation "
              "Night Pace Physio Plantar Race Recovery Rest Shin Shoes "
              "Sleep Strength Stretch Tempo Trail Treadmill Warm-up "
              "Weather").split()


def bench(f, posts=200, comments=1383, seed=1):
    """The bench kind (like ../shared/bench/wordpress-export.xml): one
    author, `posts` published posts with one category and 1 to 5 of 40
    tags, `comments` approved comments spread unevenly over them (none
    on some), every 17th by the author; returns Export.want()."""
    rnd = random.Random(seed)
    x = Export(f, "http://127.0.0.1:8081", "Health and Running")
    x.author(1, "natalie", "Natalie")
    x.category("uncategorized", "Uncategorized")
    for t in BENCH_TAGS:
        x.tag(slug(t), t)
    # Uneven: a quarter of the posts get no comment at all.
    weights = [0 if i % 4 == 3 else rnd.randint(1, 12) for i in range(posts)]
    per = [comments * wt // sum(weights) for wt in weights]
    k = 0
    while sum(per) < comments:
        if weights[k % posts]:
            per[k % posts] += 1
        k += 1
    start = 1609459200              # 2021-01-01
    cid = 0
    for i in range(posts):
        t = start + i * 86400 + 6 * 3600
        title = sentence(rnd, rnd.randint(3, 8))[:-1]
        cs = []
        for j in range(per[i]):
            cid += 1
            mine = cid % 17 == 0
            cs.append({"id": cid, "author": "Natalie" if mine else
                       "Reader %d" % (cid % 300),
                       "user": "natalie" if mine else None,
                       "parent": cs[-1]["id"] if cs and j % 5 == 4 else 0,
                       "content": sentence(rnd, 14),
                       "date": wp_date(t + 900 * (j + 1))})
        tags = rnd.sample(BENCH_TAGS, rnd.randint(1, 5))
        x.item(i + 1, title, wp_date(t), "/%s/%s/" % (
            time.strftime("%Y/%m/%d", time.gmtime(t)), slug(title)),
            creator="natalie", content=body(rnd, i) if i % 7 else
            "<p>%s</p>" % sentence(rnd, 20),
            terms=[("category", "uncategorized", "Uncategorized")] +
            [("post_tag", slug(tg), tg) for tg in tags], comments=cs)
    x.close()
    return x.want()


def theme(f, posts=12, seed=1):
    """The theme kind (like ../shared/wxr/themeunittestdata.wordpress.xml):
    its landmark items, then `posts` ordinary posts; returns
    Export.want()."""
    rnd = random.Random(seed)
    x = Export(f, "https://wpthemetestdata.wordpress.com", "Theme Unit Test",
               ns="https://wordpress.org/export/1.2/")
    x.author(24783058, "themedemos", "Theme Buster")
    x.author(2, "themereviewteam", "Theme Review Team")
    cats = [("uncategorized", "Uncategorized", ""),
            ("block", "Block", "Items in the block category have been "
             "created with the block editor."),
            ("cat-a", "Cat A", ""), ("cat-b", "Cat B", ""),
            ("parent-category", "Parent Category", ""),
            ("aciform", "aciform &amp; sub", "Ampersand &amp; entity"),
            ("edge-case-2", "Edge Case", ""), ("template-2", "Template", ""),
            ("child-category-01", "Child Category 01", ""),
            ("post-formats", "Post Formats", "Posts in this category test "
             "post formats.")]
    for s_, n, d in cats:
        x.category(s_, n, d, parent="parent-category" if
                   s_.startswith("child") else "")
    tags = [("content-2", "content περιεχόμενο"), ("template", "template"),
            ("8bit", "8BIT"), ("tag-quotes", "&quot;quotes&quot; &lt;b&gt;"),
            ("chattels", "chattels"), ("edge-case", "edge case"),
            ("unicode-tag", "日本語 Zürich"),
            ("post-formats", "Post Formats")]   # a category's slug too
    for s_, n in tags:
        x.tag(s_, n)
    for s_, n in (("all-pages", "All Pages"), ("short", "Short")):
        x.term("nav_menu", s_, n)
    A = "themedemos"

    def tcat(s_):
        return ("category", s_, dict((c[0], c[1]) for c in cats)[s_])

    # -- pages, with parents; Greek titles, a percent-encoded slug --
    x.item(2, "About The Tests", "2010-07-25 19:40:01", "/about/",
           ptype="page", name="about",
           content="<p>The theme unit tests, imported.</p>")
    x.item(155, "Page with comments", "2007-09-04 10:47:47",
           "/about/page-with-comments/", ptype="page", parent=2,
           content="Comments on a page.", comments=[
               {"id": 167, "author": "Anon", "content": "Anonymous comment.",
                "date": "2007-09-04 10:49:28"},
               {"id": 168, "author": "tellyworthtest2",
                "content": "Contributor comment.",
                "date": "2007-09-04 10:49:03"},
               {"id": 169, "author": "themedemos", "user": A,
                "content": "Author comment.", "date": "2007-09-04 10:48:51"},
               {"id": 1017, "author": "themereviewteam", "parent": 168,
                "approved": "0", "content": "nothing useful to say",
                "date": "2014-12-10 01:56:24"}])
    x.item(174, "Level 1", "2007-12-11 16:25:40", "/level-1/", ptype="page")
    x.item(173, "Level 2", "2007-12-11 16:23:33", "/level-1/level-2/",
           ptype="page", parent=174)
    x.item(172, "Level 3", "2007-12-11 16:23:16", "/level-1/level-2/level-3/",
           ptype="page", parent=173)
    g2 = "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2"
    x.item(1809, "Ελληνικά-Greek", "2020-02-14 13:31:00", "/greek/",
           ptype="page", name="greek", content="Ελληνικά.")
    x.item(1811, "Επίπεδο 2 -Second Greek level", "2020-02-14 13:31:47",
           "//greek/%s/" % g2, ptype="page", name=g2, parent=1809,
           content="Second Greek level.")
    x.item(1813, "Επίπεδο 3", "2020-02-14 13:32:50", "/greek/%s/%s/" % (
        g2, g2[:-1] + "3"), ptype="page", name=g2[:-1] + "3", parent=1811)

    # -- posts: every status, the odd titles, the shortcodes, the threads --
    x.item(1724, "Keyboard navigation", "2018-10-20 20:03:48",
           "/2018/10/20/keyboard-navigation/",
           content="<p>Tab through <a href=\"#x\">the links</a>.</p>",
           terms=[tcat("uncategorized"), ("post_tag", "8bit", "8BIT")])
    deep = [{"id": 904 + k if k < 4 else 906 + k, "author": "Level %d" % (
        k + 1), "content": "Comment Depth %02d" % (k + 1),
        "user": A if k in (4, 9) else None,
        "date": "2013-03-14 08:%02d:00" % (k + 1)} for k in range(10)]
    for k in range(1, 10):
        deep[k]["parent"] = deep[k - 1]["id"]
    x.item(1148, "Template: Comments", "2012-01-03 10:11:37",
           "/2012/01/03/template-comments/", content="Comments.",
           terms=[tcat("template-2"), ("post_tag", "template", "template")],
           comments=[
               {"id": 881, "author": "John Γιάννης Doe Κάποιος",
                "content": "<strong>Headings</strong>\n<h1>Header one</h1>"
                "\n<script>alert(1)</script><a href=\"javascript:alert(1)\""
                " onclick=\"x()\">link</a>", "date": "2012-09-03 10:18:04"},
               {"id": 900, "author": "Jane Doe",
                "content": "Comments? I love comments!",
                "url": "javascript:alert(1)"},
               {"id": 903, "author": "themedemos", "user": A,
                "content": "Author Comment."}] + deep + [
               {"id": 1015, "author": "auser", "approved": "0",
                "content": "this is test comment"},
               {"id": 1016, "author": "spammer", "approved": "spam",
                "content": "buy things"}])
    x.item(1149, "Template: Pingbacks And Trackbacks", "2012-01-01 10:17:18",
           "/2012/01/01/template-pingbacks-an-trackbacks/",
           name="template-pingbacks-an-trackbacks", content="Pings.",
           comments=[
               {"id": 921, "type": "trackback", "author": "Ping 1 &laquo; "
                "What&#8217;s a tellyworth?", "content": "[...] Trackback."},
               {"id": 922, "type": "trackback", "author": "Ping 2",
                "content": "[...] Another trackback test."},
               {"id": 923, "type": "pingback", "author": "Ping 4",
                "content": "[...] Another short one. [...]"},
               {"id": 924, "type": "pingback", "author": "Ping 3",
                "content": "[...] Just a short one. [...]"},
               {"id": 925, "type": "comment", "author": "John Doe",
                "content": "A comment amongst pingbacks."}])
    x.item(1153, "Scheduled", "2030-01-01 12:00:18",
           "/2020/01/01/scheduled/", status="future",
           content="Not yet public.")
    x.item(1164, "Draft", "2013-04-09 11:20:39", "/?p=1164", status="draft",
           name="", content="A draft with no slug.")
    x.item(1168, 'Template: Password Protected (the password is "enter")',
           "2012-01-04 09:38:05", "/2012/01/04/template-password-protected/",
           name="template-password-protected", password="enter",
           content="Behind a password.", comments=[
               {"id": 926, "author": "Jane Doe",
                "content": "This comment should not be visible."}])
    x.item(1169, "", "2009-09-05 09:00:23", "/2009/09/05/edge-case-no-title/",
           name="edge-case-no-title", content="No title.",
           terms=[tcat("edge-case-2"), ("post_tag", "edge-case",
                                         "edge case")])
    x.item(1173, "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>",
           "2013-01-05 10:00:49", "/2013/01/05/markup-title-with-markup/",
           name="markup-title-with-markup", content="Markup in the title.")
    x.item(993, "Template: Excerpt (Defined)", "2012-03-15 14:38:08",
           "/2012/03/15/template-excerpt-defined/",
           content="The whole post.", excerpt="A defined excerpt.",
           terms=[tcat("template-2"), ("post_tag", "content-2",
                                       "content περιεχόμενο")])
    x.item(1241, "Template: Sticky", "2012-01-07 07:07:21",
           "/2012/01/07/template-sticky/", sticky=True, content="Sticky.",
           terms=[tcat("cat-a")])
    x.item(555, "Post Format: Gallery", "2010-09-10 07:24:14",
           "/2010/09/10/post-format-gallery/",
           content='Before.\n\n[gallery columns="2"]\n\nAfter.')
    x.item(1163, "Post Format: Image (Caption)", "2010-08-07 06:00:19",
           "/2010/08/07/post-format-image-caption/", content=(
               '[caption id="attachment_754" align="alignnone" width="640"]'
               '<img src="/boat.jpg" alt="a boat" width="640" /> A boat'
               '[/caption]'))
    x.item(1178, "Markup: HTML Tags and Formatting", "2013-01-11 20:22:19",
           "/2013/01/11/markup-html-tags-and-formatting/", content=(
               "<h2>Headings</h2>\n<img src=\"/x.png\" onerror=\"alert(1)\""
               " alt=\"x\">\n<a href=\"javascript:alert(1)\">bad</a>\n"
               "<iframe src=\"https://example.org/\"></iframe>\n"
               "<SCRIPT>alert(2)</SCRIPT> <p onmouseover=\"x()\">text</p>"),
           terms=[("post_tag", "tag-quotes", "&quot;quotes&quot; &lt;b&gt;"),
                  ("post_tag", "unicode-tag", "日本語 Zürich"),
                  ("post_tag", "only-in-an-item", "Only In An Item")])
    x.item(1150, "Template: Comments Disabled", "2012-01-02 10:21:15",
           "/2012/01/02/template-comments-disabled/", comments_open=False,
           content="Closed.", terms=[tcat("cat-b"),
                                     tcat("child-category-01")])
    # Skipped: an attachment and menu items.
    x.item(611, "canola2", "2008-06-16 06:17:54",
           "/2010/09/10/post-format-gallery/canola2/", ptype="attachment",
           status="inherit", parent=555)
    for k in range(3):
        x.item(1100 + k, "Menu %d" % k, "2013-04-09 06:37:45",
               "/2013/04/09/menu-%d/" % k, ptype="nav_menu_item",
               terms=[("nav_menu", "short", "Short")])

    # -- ordinary posts, with tags, shortcodes and a few comments --
    cid = 5000
    for i in range(posts):
        t = 1262304000 + i * 86400 * 9
        title = sentence(rnd, rnd.randint(2, 6))[:-1]
        cs = []
        for j in range(i % 4):
            cid += 1
            cs.append({"id": cid, "author": "Reader %d" % cid,
                       "parent": cs[0]["id"] if j == 2 else 0,
                       "approved": "0" if cid % 5 == 0 else "1",
                       "content": sentence(rnd, 10)})
        x.item(2000 + i, title, wp_date(t), "/%s/%s/" % (
            time.strftime("%Y/%m/%d", time.gmtime(t)), slug(title)),
            content=body(rnd, i),
            terms=[tcat(rnd.choice(cats)[0])] + [
                ("post_tag", s_, n) for s_, n in rnd.sample(tags, 2)],
            comments=cs)
    x.close()
    return x.want()


# -- the photos kind --------------------------------------------------------

PHOTO_SIZES = ((150, 150, "thumbnail"), (300, 225, "medium"),
               (768, 576, "medium_large"))


def php_meta(w, h, stem, ext):
    """_wp_attachment_metadata as WordPress serializes it (PHP)."""
    def s_(x):
        return 's:%d:"%s";' % (len(x.encode()), x)
    sizes = []
    for sw, sh, name in PHOTO_SIZES:
        sizes.append(s_(name) + 'a:4:{%s%s%si:%d;%si:%d;%s%s}' % (
            s_("file"), s_("%s-%dx%d.%s" % (stem.rsplit("/", 1)[-1], sw,
                                            sh, ext)),
            s_("width"), sw, s_("height"), sh, s_("mime-type"),
            s_("image/jpeg")))
    return 'a:4:{%si:%d;%si:%d;%s%s%sa:%d:{%s}}' % (
        s_("width"), w, s_("height"), h, s_("file"),
        s_(stem + "." + ext), s_("sizes"), len(sizes), "".join(sizes))


def photos(f, posts=8, per_post=3, seed=1, uploads=None, missing=0,
           host="https://old.example"):
    """A photo blog (see the module's doc string). Returns what the tests
    check: attachments, photos, files, the missing files' paths, each
    post's galleries (slug: [images in each]), featured (slug: alt text),
    and every old upload URL with the attachment's original path."""
    rnd = random.Random(seed)
    up = host + "/wp-content/uploads/"
    w = f.write
    want = {"attachments": 0, "photos": 0, "files": 0, "missing": [],
            "galleries": {}, "featured": {}, "old_urls": {}, "posts": posts}
    w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
      'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
      '<title>Photos</title><link>%s</link>\n'
      '<wp:wxr_version>1.2</wp:wxr_version>\n'
      '<wp:base_site_url>%s</wp:base_site_url>\n'
      '<wp:base_blog_url>%s</wp:base_blog_url>\n'
      '<wp:author><wp:author_login>ph</wp:author_login>'
      '<wp:author_display_name>Phil Photo</wp:author_display_name>'
      '</wp:author>\n' % (host, host, host))

    def item(pid, title, ptype, link, content="", excerpt="", parent=0,
             url="", meta=(), date="2019-05-04 10:00:00", order=0,
             slug_=None):
        w("<item><title>%s</title><link>%s%s</link>"
          "<guid isPermaLink=\"false\">%s/?p=%d</guid>"
          "<dc:creator>ph</dc:creator>"
          "<content:encoded>%s</content:encoded>"
          "<excerpt:encoded>%s</excerpt:encoded>"
          "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date>"
          "<wp:post_date_gmt>%s</wp:post_date_gmt>"
          "<wp:post_name>%s</wp:post_name>"
          "<wp:status>%s</wp:status><wp:post_parent>%d</wp:post_parent>"
          "<wp:menu_order>%d</wp:menu_order>"
          "<wp:post_type>%s</wp:post_type>" % (
              esc(title), host, link, host, pid, cdata(content),
              cdata(excerpt), pid, date, date, slug_ or slug(title),
              "inherit" if ptype == "attachment" else "publish", parent,
              order, ptype))
        if url:
            w("<wp:attachment_url>%s</wp:attachment_url>" % esc(url))
        for k, v in meta:
            w("<wp:postmeta><wp:meta_key>%s</wp:meta_key>"
              "<wp:meta_value>%s</wp:meta_value></wp:postmeta>" % (
                  k, cdata(v)))
        w("</item>\n")

    aid = 10000
    for p in range(1, posts + 1):
        month = "%02d" % (p % 12 + 1)
        att = []
        for k in range(per_post):
            aid += 1
            stem = "2019/%s/p%d-photo-%d" % (month, p, k)
            rel = stem + ".jpg"
            gone = missing and aid % missing == 0
            att.append((aid, stem, gone))
            want["attachments"] += 1
            if gone:
                want["missing"].append(rel)
            else:
                want["photos"] += 1
                want["old_urls"][up + rel] = rel
                for sw, sh, _ in PHOTO_SIZES:
                    want["old_urls"]["/wp-content/uploads/%s-%dx%d.jpg" % (
                        stem, sw, sh)] = rel
            item(aid, "Photo %d of post %d" % (k, p), "attachment",
                 "/2019/%s/post-%d/photo-%d-%d/" % (month, p, p, k),
                 content="Description %d" % aid,
                 excerpt="Caption of photo %d" % aid, parent=p,
                 url=up + rel, order=k, slug_="photo-%d-%d" % (p, k),
                 meta=[("_wp_attached_file", rel),
                       ("_wp_attachment_metadata", php_meta(800, 600, stem,
                                                            "jpg")),
                       ("_wp_attachment_image_alt", "Alt of %d" % aid)])
            if uploads and not gone:
                write_jpeg(uploads, stem, rnd)
        a0, s0, g0 = att[0]
        body = ['%s\n' % sentence(rnd, 10),
                '<a href="%s%s.jpg"><img class="alignnone size-medium '
                'wp-image-%d" src="%s%s-300x225.jpg" srcset="%s%s-300x225'
                '.jpg 300w, %s%s-768x576.jpg 768w, %s%s.jpg 800w" '
                'sizes="(max-width: 300px) 100vw, 300px" '
                'alt="Inline %d" width="300" height="225"></a>\n' % (
                    up, s0, a0, up, s0, up, s0, up, s0, up, s0, p)]
        ids = [a for a, _, gone in att if not gone]
        kind = p % 4
        if kind == 0:
            body.append('[gallery ids="%s" columns="2"]' %
                        ",".join(str(a) for a, _, _ in att))
            n = len(ids)
        elif kind == 1:
            body.append('[gallery]')
            n = len(ids)
        elif kind == 2:
            body.append('[gallery exclude="%d" link="none"]' % a0)
            n = len([a for a in ids if a != a0])
        else:
            body.append('[gallery include="%d" size="thumbnail"]' % att[-1][0])
            n = 0 if att[-1][2] else 1
        want["galleries"]["post-%d" % p] = [n] if n else []
        if p == 1:
            aid += 1
            body.append('\n<a href="%s2019/01/guide.pdf">the guide</a>' % up)
            item(aid, "The guide", "attachment", "/guide/", parent=1,
                 url=up + "2019/01/guide.pdf",
                 meta=[("_wp_attached_file", "2019/01/guide.pdf")])
            want["attachments"] += 1
            want["files"] += 1
            if uploads:
                d = os.path.join(uploads, "2019", "01")
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "guide.pdf"), "wb") as g:
                    g.write(b"%PDF-1.4\n% a guide\n%%EOF\n")
            want["old_urls"][up + "2019/01/guide.pdf"] = "2019/01/guide.pdf"
        meta = [] if g0 else [("_thumbnail_id", str(a0))]
        if not g0:
            want["featured"]["post-%d" % p] = "Alt of %d" % a0
        item(p, "Post %d" % p, "post", "/2019/%s/post-%d/" % (month, p),
             content="\n".join(body), meta=meta, slug_="post-%d" % p)
    # A block-editor post: image, gallery and cover blocks.
    blocks = []
    first = 10001
    b_ids = [first, first + 1, first + 2]
    blocks.append('<!-- wp:image {"id":%d,"sizeSlug":"large"} -->\n'
                  '<figure class="wp-block-image size-large"><img src="'
                  '%s2019/02/p1-photo-0-768x576.jpg" alt="Block image" '
                  'class="wp-image-%d"/></figure>\n<!-- /wp:image -->' % (
                      first, up, first))
    blocks.append('<!-- wp:gallery {"ids":[%s],"columns":3} -->\n'
                  '<figure class="wp-block-gallery columns-3 is-cropped">'
                  '<ul class="blocks-gallery-grid">%s</ul></figure>\n'
                  '<!-- /wp:gallery -->' % (",".join(map(str, b_ids)), "".join(
                      '<li class="blocks-gallery-item"><figure><img src="'
                      '%s2019/02/p1-photo-%d.jpg" alt="" data-id="%d" '
                      'class="wp-image-%d"/></figure></li>' % (
                          up, k, a, a) for k, a in enumerate(b_ids))))
    blocks.append('<!-- wp:cover {"url":"%s2019/02/p1-photo-1.jpg","id":%d}'
                  ' -->\n<div class="wp-block-cover has-background-dim" '
                  'style="background-image:url(%s2019/02/p1-photo-1.jpg)">'
                  '<div class="wp-block-cover__inner-container"><p>Cover '
                  'text</p></div></div>\n<!-- /wp:cover -->' % (
                      up, first + 1, up))
    item(posts + 1, "Blocks", "post", "/2019/06/blocks/",
         content="\n\n".join(blocks), slug_="blocks",
         date="2019-06-01 10:00:00")
    want["blocks_gallery"] = len([a for a in b_ids if not (
        missing and a % missing == 0)])
    w("</channel>\n</rss>\n")
    return want


def write_jpeg(root, stem, rnd):
    """A small JPEG at ROOT/STEM.jpg (800x600, its own colours) and its
    sizes, as WordPress leaves them in wp-content/uploads."""
    from PIL import Image, ImageDraw
    path = os.path.join(root, stem + ".jpg")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    im = Image.new("RGB", (800, 600), tuple(rnd.randrange(256)
                                            for _ in range(3)))
    ImageDraw.Draw(im).ellipse([rnd.randrange(400), rnd.randrange(300),
                                400 + rnd.randrange(400),
                                300 + rnd.randrange(300)],
                               fill=tuple(rnd.randrange(256)
                                          for _ in range(3)))
    im.save(path, "JPEG", quality=80)
    for sw, sh, _ in PHOTO_SIZES:
        im.resize((sw, sh)).save("%s-%dx%d.jpg" % (os.path.join(root, stem),
                                                   sw, sh), "JPEG")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=("big", "bench", "theme", "photos"),
                    default="big")
    ap.add_argument("--per-post", type=int)
    ap.add_argument("--uploads", metavar="DIR")
    ap.add_argument("--missing", type=int)
    ap.add_argument("--posts", type=int)
    ap.add_argument("--comments", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--counts", metavar="FILE",
                    help="write what the import must report, as JSON")
    ap.add_argument("out", nargs="?", default="-")
    a = ap.parse_args()
    kw = {"seed": a.seed}
    if a.posts is not None:
        kw["posts"] = a.posts
    if a.comments is not None:
        if a.kind == "theme":
            ap.error("--comments: the theme kind has its own")
        kw["comments"] = a.comments
    if a.kind == "photos":
        for k in ("per_post", "uploads", "missing"):
            if getattr(a, k) is not None:
                kw[k] = getattr(a, k)
    f = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    want = {"big": big, "bench": bench, "theme": theme,
            "photos": photos}[a.kind](f, **kw)
    if f is not sys.stdout:
        f.close()
    if a.counts:
        with open(a.counts, "w", encoding="utf-8") as c:
            json.dump(want, c, indent=1, ensure_ascii=False, sort_keys=True)
            c.write("\n")


if __name__ == "__main__":
    main()
