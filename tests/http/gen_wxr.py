#!/usr/bin/python3
"""gen_wxr.py: write a large WordPress export (WXR 1.2) for import tests
and measurements: N posts with tags, categories, paragraphs and a shortcode
or two, and M comments spread over them in threads (some replies come
before their parents in the file, as WordPress can write them).

    /usr/bin/python3 tests/http/gen_wxr.py --posts 10000 --comments 100000 OUT

Deterministic (fixed seed): the same arguments give the same file. Written
as a stream, so the generator's own memory stays small too."""
import argparse
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--comments", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out", nargs="?", default="-")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    f = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    w = f.write
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
    per = [a.comments // a.posts] * a.posts
    for k in range(a.comments - sum(per)):
        per[k] += 1
    for i in range(a.posts):
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
        w("\t</item>\n")
    w("</channel>\n</rss>\n")
    if f is not sys.stdout:
        f.close()


if __name__ == "__main__":
    main()
