"""content.py: the posts, pages and comments every HTTP test sees.

Posts come in through `quire post add`, as an author would add them.
Comments are written straight into the SQLite file (the comment form is
tested on its own), in the same thread-path form quire uses.
"""

# 23 dated posts, oldest first; 10 a page gives 3 pages on the home page.
POSTS = []
for i in range(1, 24):
    month = 11 + (i - 1) // 4          # Nov 2023 .. Apr 2024
    year = 2023 + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = 1 + ((i - 1) % 4) * 7
    tags = ["Running"] if i % 2 else []
    if i % 5 == 0:
        tags.append("Knees")
    POSTS.append({
        "title": "Post number %d" % i,
        "slug": "post-number-%d" % i,
        "date": "%04d-%02d-%02dT10:00:00Z" % (year, month, day),
        "tags": tags,
        "body": "Body of post %d.\n\nA *second* paragraph with "
                "[a link](https://example.org/%d).\n" % (i, i),
    })

# The newest: a Unicode title, and the post with the comment thread.
UNICODE_TITLE = "Über Café — naïve résumé"
THREAD_TITLE = "Finding The Knots"


def post_file(title, body, **headers):
    lines = ["title: %s" % title]
    for k, v in headers.items():
        lines.append("%s: %s" % (k, v))
    return "\n".join(lines) + "\n\n" + body


def load(b):
    b.urls = {}
    for p in POSTS:
        b.urls[p["slug"]] = b.add_post(post_file(
            p["title"], p["body"], slug=p["slug"], date=p["date"],
            tags=", ".join(p["tags"])))
    b.urls["unicode"] = b.add_post(post_file(
        UNICODE_TITLE, "Grüße aus Köln. 日本語も大丈夫。\n",
        date="2024-05-01T09:30:00Z", tags="Über Café, Running"))
    b.urls["thread"] = b.add_post(
        "---\ntitle: \"%s\"\ndate: 2024-05-02T08:00:00Z\ntags: [IMS, Running]\n"
        "---\n\nDry needling, week three.\n\n## What changed\n\n- less pain\n"
        "- more range\n" % THREAD_TITLE)
    b.urls["about"] = b.add_post(post_file(
        "About", "Who writes here, and why.\n", type="page", slug="about"))
    b.urls["draft"] = b.add_post(post_file(
        "Secret Draft", "Not yet.\n", status="draft"))
    b.urls["future"] = b.add_post(post_file(
        "From The Future", "Later.\n", date="2099-01-01T00:00:00Z",
        status="scheduled"))
    add_thread(b)


def add_thread(b):
    """9 approved comments on the thread post (one thread 4 deep, one
    reply by the post author), plus a held one and a spam one."""
    post_id = b.sql("SELECT id FROM posts WHERE title = ?",
                    (THREAD_TITLE,))[0][0]
    t0 = 1714640000  # 2024-05-02 08:53:20 UTC

    def add(name, text, parent=None, status="approved", user=None,
            url="", minutes=0):
        if parent:
            ppath, pdepth = b.sql(
                "SELECT path, depth FROM comments WHERE id = ?", (parent,))[0]
        else:
            ppath, pdepth = None, 0
        b.sql("INSERT INTO comments (post_id, parent_id, depth, status, "
              "author_name, author_email, author_url, user_id, created, "
              "body_md, body_html) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
              (post_id, parent, pdepth + 1, status, name,
               name.lower().replace(" ", ".") + "@example.com", url, user,
               t0 + minutes * 60, text, "<p>%s</p>\n" % text))
        cid = b.sql("SELECT max(id) FROM comments")[0][0]
        path = ("%s.%010d" % (ppath, cid)) if ppath else "%010d" % cid
        b.sql("UPDATE comments SET path = ? WHERE id = ?", (path, cid))
        return cid

    c1 = add("Maria", "First!", minutes=1)
    c2 = add("Bob", "Replying to Maria", parent=c1, minutes=2)
    c3 = add("Maria", "Back to Bob", parent=c2, minutes=3)
    add("Ada Admin", "The author answers", parent=c3, user=1, minutes=4)
    add("Carol", "Second top-level", url="https://carol.example.net/",
        minutes=5)
    c6 = add("Dan", "Third top-level", minutes=6)
    add("Eve", "A reply to Dan", parent=c6, minutes=7)
    add("Frank", "Fourth top-level", minutes=8)
    add("Grace", "Fifth top-level", minutes=9)
    add("Held Harry", "I am held for moderation", status="pending",
        minutes=10)
    add("Spammy Sam", "Buy things", status="spam", minutes=11)
    b.sql("UPDATE posts SET comment_count = (SELECT count(*) FROM comments "
          "WHERE post_id = ?1 AND status = 'approved') WHERE id = ?1",
          (post_id,))
