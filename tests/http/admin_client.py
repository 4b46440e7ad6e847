"""admin_client.py: a browser-like client for the admin tests.

A `Client` has a cookie jar and a loopback source address of its own
(127.1.X.Y: login throttling counts failures per address, so clients
that fail logins on purpose must not share an address with clients that
log in for real). It reads forms out of the pages quire serves and sends
them back as a browser would, the CSRF token included.
"""
import hashlib
import http.client
import itertools
import time
import urllib.parse

from conftest import ADMIN_PASSWORD, inputs_naming, parse_html

_addr = itertools.count(1)


def next_addr():
    """A loopback address no other client of this test run uses."""
    n = next(_addr)
    assert n < 250 * 250
    return "127.1.%d.%d" % (n // 250, n % 250 + 2)


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def location(self):
        return self.header("Location")

    def set_cookies(self):
        """{name: (value, [attribute strings, lower case])}"""
        out = {}
        for v in self.all("Set-Cookie"):
            parts = [p.strip() for p in v.split(";")]
            name, _, value = parts[0].partition("=")
            out[name] = (value, [p.lower() for p in parts[1:]])
        return out

    def page(self):
        return parse_html(self.text)

    def main_text(self):
        """The visible text of <main>."""
        return self.page().find("main").text()

    def __repr__(self):
        return "<Resp %d %s %d bytes>" % (self.status, self.location or "",
                                           len(self.body))


def textarea_value(node):
    """A textarea's value as a browser takes it: its text, less the one
    newline right after the start tag."""
    s = "".join(c for c in node.children if isinstance(c, str))
    return s[1:] if s.startswith("\n") else s


def form_fields(form, doc=None):
    """The successful controls of a parsed <form> as a browser sends them
    (buttons left out: the caller says which one was pressed). With the
    page's doc, also the inputs elsewhere in it that name the form with
    form="..." (the comment form's token is the page's last element)."""
    fields = []
    nodes = list(form.iter())
    if doc is not None and form.attrs.get("id"):
        nodes += inputs_naming(doc, form.attrs["id"])
    for n in nodes:
        name = n.attrs.get("name")
        if not name or "disabled" in n.attrs:
            continue
        if n.tag == "input":
            t = (n.attrs.get("type") or "text").lower()
            if t in ("submit", "button", "image", "reset", "file"):
                continue
            if t in ("checkbox", "radio"):
                if "checked" in n.attrs:
                    fields.append((name, n.attrs.get("value") or "on"))
                continue
            fields.append((name, n.attrs.get("value") or ""))
        elif n.tag == "textarea":
            fields.append((name, textarea_value(n)))
        elif n.tag == "select":
            opts = n.find_all("option")
            sel = [o for o in opts if "selected" in o.attrs] or opts[:1]
            for o in sel:
                fields.append((name, o.attrs.get("value", o.text())))
    return fields


class Client:
    def __init__(self, blog, addr=None):
        self.b = blog
        self.addr = addr or next_addr()
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                          timeout=30,
                                          source_address=(self.addr, 0))
        h = dict(headers or {})
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Resp(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for name, (value, attrs) in resp.set_cookies().items():
            if value == "" or "max-age=0" in attrs:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        """fields: a dict or a list of pairs."""
        items = fields.items() if isinstance(fields, dict) else fields
        body = urllib.parse.urlencode(list(items)).encode("ascii")
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body, h)

    # -- the admin area ---------------------------------------------------
    @property
    def session(self):
        return self.cookies.get("quire_session")

    def login(self, login="admin", password=ADMIN_PASSWORD, next=None,
              expect=303):
        fields = {"login": login, "password": password}
        if next is not None:
            fields["next"] = next
        r = self.post("/admin/login", fields)
        assert r.status == expect, "login as %s: %r\n%s" % (
            login, r, r.text[:2000])
        return r

    def csrf(self, path="/admin/"):
        """The CSRF token from a page's forms (the one every admin form of
        this session carries)."""
        r = self.get(path)
        assert r.status == 200, "GET %s: %r" % (path, r)
        inp = r.page().find("input", name="csrf")
        assert inp is not None, "no csrf field on %s" % path
        return inp.attrs["value"]

    def editor(self, path="/admin/posts/new"):
        """The editor's form fields as a list of pairs, from GET path."""
        r = self.get(path)
        assert r.status == 200, "GET %s: %r\n%s" % (path, r, r.text[:1000])
        return form_fields(r.page().find("form", id_="editor"))

    def submit_editor(self, path="/admin/posts/new", button="save",
                      **values):
        """Open the editor at path, set values (None removes a field,
        e.g. comments_open=None unticks the box) and press a button."""
        fields = dict(self.editor(path))
        for k, v in values.items():
            if v is None:
                fields.pop(k, None)
            else:
                fields[k] = v
        fields[button] = "1"
        return self.post(path, fields)


def form_values(resp, form_id="editor"):
    """{name: value} of a form in a response (the last value wins)."""
    return dict(form_fields(resp.page().find("form", id_=form_id)))


def session_hash(cookie_value):
    """What quire stores for a session cookie: BLAKE2b-256 of its 32
    bytes (libsodium's crypto_generichash without a key)."""
    import base64
    raw = base64.urlsafe_b64decode(cookie_value + "=" * (-len(cookie_value)
                                                         % 4))
    assert len(raw) == 32
    return hashlib.blake2b(raw, digest_size=32).digest()


def clear_of_window_edge(need=30, window=900):
    """Login throttling counts in fixed 15-minute windows: wait out the
    end of the current one if fewer than `need` seconds of it are left,
    so that a test's failures all land in one window."""
    left = window - time.time() % window
    if left < need:
        time.sleep(left + 1.5)


def poll(fn, timeout=10, interval=0.1):
    """Call fn until it returns a true value or timeout seconds pass;
    return the last value."""
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > deadline:
            return v
        time.sleep(interval)
