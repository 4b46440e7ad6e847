"""test_html_valid.py: every kind of page is valid HTML5, by the Nu HTML
Checker (vnu.jar from npm's vnu-jar). The JVM starts slowly, so all
pages are saved to one directory and checked in one run; each page then
gets its own test with the checker's messages, readably."""
import json
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import TOP

VNU = os.path.join(TOP, "tests", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")
JAVA = shutil.which("java") or "/usr/bin/java"

# (name, path, expected status): one of every page type.
PAGES = [
    ("home", "/", 200),
    ("home-page-2", "/page/2/", 200),
    ("home-last-page", "/page/3/", 200),
    ("post-with-comments", "/2024/05/finding-the-knots/", 200),
    ("post-unicode", "/2024/05/uber-cafe-naive-resume/", 200),
    ("post-first", "/2023/11/post-number-1/", 200),
    ("page", "/about/", 200),
    ("tag-archive", "/tag/running/", 200),
    ("tag-archive-page-2", "/tag/running/page/2/", 200),
    ("tag-unicode", "/tag/uber-cafe/", 200),
    ("tags", "/tags/", 200),
    ("year", "/2024/", 200),
    ("month", "/2024/01/", 200),
    ("author", "/author/admin/", 200),
    ("not-found", "/no-such-page/", 404),
    ("method-not-allowed", "/tags/", 405),
    ("bad-request", "/%C0%AF/", 400),
]


@pytest.fixture(scope="module")
def checked(blog):
    """{name: [error messages]} for every page in PAGES."""
    assert os.path.exists(VNU), "no %s: run 'npm ci' in tests/" % VNU
    assert os.path.exists(JAVA), "no java: apt-get install default-jre-headless"
    d = tempfile.mkdtemp(prefix="quire-vnu-")
    try:
        files = {}
        for name, path, status in PAGES:
            method = "POST" if status == 405 else "GET"
            r = blog.request(method, path)
            assert r.status == status, "%s %s: %d" % (method, path, r.status)
            assert r.header("Content-Type") == "text/html; charset=utf-8"
            f = os.path.join(d, name + ".html")
            with open(f, "wb") as out:
                out.write(r.body)
            files[f] = name
        p = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                            "--format", "json"] + sorted(files),
                           capture_output=True, text=True, timeout=300)
        try:
            report = json.loads(p.stdout)
        except ValueError:
            raise AssertionError("vnu gave no JSON (exit %d):\n%s\n%s" % (
                p.returncode, p.stdout[:2000], p.stderr[:2000]))
        out = {name: [] for name in files.values()}
        for m in report.get("messages", []):
            url = m.get("url", "")
            name = next((n for f, n in files.items()
                         if url.endswith("/" + os.path.basename(f))), None)
            assert name is not None, "vnu message for no page: %r" % m
            out[name].append(m)
        texts = {name: open(f, encoding="utf-8").read().splitlines()
                 for f, name in files.items()}
        return out, texts
    finally:
        shutil.rmtree(d, ignore_errors=True)


def describe(m, lines):
    """One vnu message, with the offending line of the page."""
    line = m.get("lastLine") or m.get("firstLine")
    s = "  %s line %s: %s" % (m.get("type"), line, m.get("message"))
    if m.get("extract"):
        s += "\n      extract: %r" % m["extract"]
    if line and 0 < line <= len(lines):
        s += "\n      line:    %s" % lines[line - 1].strip()[:200]
    return s


@pytest.mark.parametrize("name,path,status", PAGES,
                         ids=[p[0] for p in PAGES])
def test_page_is_valid_html(checked, name, path, status):
    errors, texts = checked
    msgs = [m for m in errors[name] if m.get("type") in
            ("error", "non-document-error", "fatal")]
    assert not msgs, "%s (%s) is not valid HTML:\n%s" % (
        path, name, "\n".join(describe(m, texts[name]) for m in msgs))
    # The checker did see a document (not an empty file).
    assert any("<!DOCTYPE html>" in line for line in texts[name][:2])


def test_empty_blog_home_is_valid_html(empty_blog):
    r = empty_blog.get("/")
    assert r.status == 200
    p = subprocess.run([JAVA, "-jar", VNU, "--errors-only", "--stdout",
                        "--format", "json", "-"], input=r.body,
                       capture_output=True, timeout=300)
    report = json.loads(p.stdout)
    lines = r.text.splitlines()
    msgs = [m for m in report.get("messages", [])
            if m.get("type") in ("error", "non-document-error", "fatal")]
    assert not msgs, "the empty blog's home is not valid HTML:\n" + \
        "\n".join(describe(m, lines) for m in msgs)
