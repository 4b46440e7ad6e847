"""procs.py: what the tests that start, kill and watch `quire serve` need
to know of its processes, read from /proc."""
import os
import time


def _stat(pid):
    """The fields of /proc/PID/stat after "(comm)" (which may hold spaces
    and parentheses): state, ppid, ...; None if there is no such process."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def _comm(pid):
    """The process's name (/proc/PID/comm), or None."""
    try:
        with open("/proc/%s/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def children(pid):
    """PIDs of the live (not zombie) children of pid, but for quire
    serve's keeper (named quire-keeper): the workers of a master."""
    out = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            fields = _stat(d)
            if fields is not None and int(fields[1]) == pid and \
                    fields[0] != "Z" and _comm(d) != "quire-keeper":
                out.add(int(d))
    return out


def keeper(pid):
    """The PID of quire serve's keeper, a child of master pid, or None."""
    for d in os.listdir("/proc"):
        if d.isdigit():
            fields = _stat(d)
            if fields is not None and int(fields[1]) == pid and \
                    fields[0] != "Z" and _comm(d) == "quire-keeper":
                return int(d)
    return None


def alive(pid):
    """Is pid a live process (not gone, not a zombie)?"""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def wait_for(what, cond, timeout=10, step=0.05):
    """Poll cond() until it is true and return its value; fail with `what'
    after timeout seconds."""
    deadline = time.time() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(step)


def track(p, argv=None):
    """Record a process the tests started (a subprocess.Popen) in the
    directory $QUIRE_TEST_PIDS, if set: a file named by its PID holding
    its start time (so a reused PID is not taken for it) and its command
    line. At the end of `make check`, tests/check.sh reports as a failure,
    and stops by PID, any recorded process still running. Returns p."""
    d = os.environ.get("QUIRE_TEST_PIDS")
    if d and os.path.isdir(d):
        fields = _stat(p.pid)
        if fields is not None:
            with open(os.path.join(d, str(p.pid)), "w") as f:
                f.write("%s\n%s\n" % (fields[19], " ".join(
                    str(a) for a in (argv or p.args))))
    return p
