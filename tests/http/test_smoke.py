"""test_smoke.py: the blog answers at all."""


def test_home_lists_newest_post(blog):
    r = blog.get("/")
    assert r.status == 200, blog.log()
    assert "Finding The Knots" in r.text
    assert r.header("Content-Type") == "text/html; charset=utf-8"
