#!/usr/bin/python3
"""photo.py: `make bench`'s photo row (issue 16), run by bench.sh.

One 24-megapixel JPEG (6000 x 4000, made here with python3-pil: a
smooth random texture under a gradient, about what a phone writes) is
uploaded through nginx to /admin/media (multipart/form-data, field
`files`, with a logged-in session and its CSRF token, as a browser
sends it) and turned into every variant. Printed:
  - seconds from the request to quire's 303 (one upload, median of 3,
    each a different file: a JPEG comment makes each one new);
  - the peak RSS of the quire worker during it (VmRSS sampled every
    10 ms, and VmHWM after);
  - the post page's p50/p99 through quire (tier 1) with wrk for SECS
    seconds, alone and while uploads run back to back.
When /admin/media does not take uploads (404 or 405: the upload page is
not there), the same is measured with `quire media add` (wall seconds
and peak RSS of that process, /usr/bin/time), and the output says so.

    photo.py BASE BASE1 DB QUIRE QPID POST_PATH SECS DIR LOGIN PASSWORD
"""
import http.client
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from PIL import Image

W, H = 6000, 4000


def make_jpeg():
    """A 24-megapixel JPEG: a low-resolution random texture, scaled up
    (smooth, like out-of-focus foliage), over a gradient."""
    tex = Image.effect_noise((W // 8, H // 8), 60).resize((W, H),
                                                          Image.BICUBIC)
    grad = Image.linear_gradient("L").resize((W, H))
    im = Image.merge("RGB", (tex, grad, Image.blend(tex, grad, 0.5)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def unique(jpeg, n):
    """The same photo, different bytes: a COM segment after SOI."""
    text = b"quire bench upload %d %d" % (n, time.monotonic_ns())
    return jpeg[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + \
        text + jpeg[2:]


class Site:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, u.hostname, u.port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=120)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    name, _, value = v.split(";")[0].partition("=")
                    self.cookies[name.strip()] = value
            return r.status, data
        finally:
            c.close()

    def login(self, login, password):
        body = urllib.parse.urlencode({"login": login, "password": password})
        st, _ = self.request("POST", "/admin/login", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.base})
        return st == 303

    def csrf(self, path):
        st, data = self.request("GET", path)
        m = re.search(rb'name="csrf" value="([^"]+)"', data)
        return st, (m.group(1).decode() if m else None)

    def upload(self, token, name, data):
        """POST one file to /admin/media: (status, seconds to the answer)."""
        b = "----quirebench%d" % time.monotonic_ns()
        body = b"".join([
            ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
             "%s\r\n" % (b, token)).encode(),
            ("--%s\r\nContent-Disposition: form-data; name=\"files\"; "
             "filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n" %
             (b, name)).encode(), data, ("\r\n--%s--\r\n" % b).encode()])
        t0 = time.monotonic()
        st, _ = self.request("POST", "/admin/media", body, {
            "Content-Type": "multipart/form-data; boundary=" + b,
            "Origin": self.base})
        return st, time.monotonic() - t0


def workers(qpid):
    try:
        with open("/proc/%d/task/%d/children" % (qpid, qpid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def status_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """The largest VmRSS of any worker, every 10 ms, until stopped."""

    def __init__(self, qpid):
        super().__init__(daemon=True)
        self.qpid, self.peak, self.stop = qpid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            for p in workers(self.qpid):
                self.peak = max(self.peak, status_kb(p, "VmRSS"))
            time.sleep(0.01)


def wrk(url, secs):
    """p50 and p99 in ms, requests/s and non-2xx answers of one wrk run."""
    out = subprocess.run(["wrk", "-t1", "-c4", "-d%ds" % secs, "--latency",
                          url], capture_output=True, text=True).stdout
    res = {"p50": "?", "p99": "?", "rps": "?", "bad": 0}
    for line in out.splitlines():
        f = line.split()
        if line.strip().startswith("50%"):
            res["p50"] = ms(f[1])
        elif line.strip().startswith("99%"):
            res["p99"] = ms(f[1])
        elif line.startswith("Requests/sec"):
            res["rps"] = f[1]
        elif "Non-2xx" in line:
            res["bad"] = int(f[-1])
    return res


def ms(s):
    for unit, k in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if s.endswith(unit):
            return "%.1f" % (float(s[:-len(unit)]) * k)
    return s


def cli_add(quire, db, media, path):
    """`quire media add`: (wall seconds, peak RSS KB, exit status)."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M", quire, "media",
                        "add", "--db", db, "--media", media, path],
                       capture_output=True, text=True)
    last = p.stderr.strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]), p.returncode


def main():
    (base, base1, db, quire, qpid, post, secs, d, login,
     password) = sys.argv[1:11]
    qpid, secs = int(qpid), int(secs)
    media = os.path.join(d, "media")
    t0 = time.monotonic()
    jpeg = make_jpeg()
    print("photo: one %dx%d JPEG, %.1f MB (made in %.1f s with python3-pil)"
          % (W, H, len(jpeg) / 1e6, time.monotonic() - t0))
    site = Site(base)
    if not site.login(login, password):
        print("photo: cannot log in as %s: no photo row" % login)
        return 1
    st, token = site.csrf("/admin/media")
    route = st == 200 and token is not None
    if route:
        st, _ = site.upload(token, "probe.jpg", unique(jpeg, 0))
        route = st not in (404, 405)
        if st == 413:
            print("photo: nginx or quire answered 413 for a %.1f MB upload"
                  % (len(jpeg) / 1e6))
        elif route and st != 303:
            print("photo: POST /admin/media answered %d, not 303" % st)
            return 1
    if not route:
        print("photo: /admin/media takes no uploads here (GET %d): "
              "measured with `quire media add` instead (the CLI process, "
              "not a worker; no nginx)" % st)
    times, peaks, hwm = [], [], 0
    for i in range(1, 4):
        if route:
            s = Sampler(qpid)
            s.start()
            st, sec = site.upload(token, "photo-%d.jpg" % i, unique(jpeg, i))
            s.stop.set()
            s.join()
            if st != 303:
                print("photo: upload %d answered %d" % (i, st))
                return 1
            times.append(sec)
            peaks.append(s.peak)
            hwm = max([hwm] + [status_kb(p, "VmHWM") for p in workers(qpid)])
        else:
            path = os.path.join(d, "photo-%d.jpg" % i)
            with open(path, "wb") as f:
                f.write(unique(jpeg, i))
            sec, kb, rc = cli_add(quire, db, media, path)
            if rc != 0:
                print("photo: quire media add failed (exit %d)" % rc)
                return 1
            times.append(sec)
            peaks.append(kb)
    how = "POST /admin/media through nginx, request to 303" if route else \
        "quire media add, wall clock"
    print("photo upload (%s): %.2f s median of 3 (%s)" % (
        how, statistics.median(times), ", ".join("%.2f" % t for t in times)))
    if route:
        print("worker peak RSS during an upload: %.0f MiB (VmRSS sampled "
              "every 10 ms; largest of 3); VmHWM after: %.0f MiB" %
              (max(peaks) / 1024, hwm / 1024))
    else:
        print("peak RSS of quire media add: %.0f MiB (largest of 3)" %
              (max(peaks) / 1024))

    # The post page through quire, alone and during a run of uploads.
    alone = wrk(base1 + post, secs)
    stop, done, bad = threading.Event(), [0], [0]

    def uploads():
        n = 100
        while not stop.is_set():
            n += 1
            if route:
                st, _ = site.upload(token, "run-%d.jpg" % n, unique(jpeg, n))
                ok = st == 303
            else:
                path = os.path.join(d, "run.jpg")
                with open(path, "wb") as f:
                    f.write(unique(jpeg, n))
                ok = cli_add(quire, db, media, path)[2] == 0
            done[0] += 1
            bad[0] += not ok

    t = threading.Thread(target=uploads, daemon=True)
    t.start()
    during = wrk(base1 + post, secs)
    stop.set()
    t.join()
    print("post page (tier 1, wrk -t1 -c4 -d%ds): alone p50 %s ms, p99 %s "
          "ms, %s req/s; during uploads p50 %s ms, p99 %s ms, %s req/s "
          "(%d uploads%s, %d non-2xx pages)" % (
              secs, alone["p50"], alone["p99"], alone["rps"], during["p50"],
              during["p99"], during["rps"], done[0],
              ", %d failed" % bad[0] if bad[0] else "", during["bad"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
