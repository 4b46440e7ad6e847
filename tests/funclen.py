#!/usr/bin/python3
"""funclen.py: the length of every function in src/*.c, as a table.

quire's style puts a definition's name at the start of a line, its body's
braces alone at the start of a line, so a function runs from the line
after its name's `{` to the matching `}` in column 0. Prints the median,
the 90th percentile and the longest, then (with -v) every function over
--over lines (default 60), longest first.

    /usr/bin/python3 tests/funclen.py [-v] [--over N] [FILE...]
"""
import glob
import os
import re
import statistics
import sys

NAME = re.compile(r"^([a-z_][a-z0-9_]*)\(")


def functions(path):
    """(name, body lines) of each function defined in path."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    name = None
    start = None
    for i, line in enumerate(lines):
        m = NAME.match(line)
        if m and start is None:
            name = m.group(1)
        elif line == "{" and name is not None and start is None:
            start = i
        elif line == "}" and start is not None:
            out.append((name, i - start - 1))
            name = start = None
        elif line.endswith(";") and start is None:
            name = None         # a prototype
    return out


def main(argv):
    verbose = "-v" in argv
    over = 60
    files = []
    args = [a for a in argv if a != "-v"]
    i = 0
    while i < len(args):
        if args[i] == "--over":
            over = int(args[i + 1])
            i += 2
            continue
        files.append(args[i])
        i += 1
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if not files:
        files = sorted(f for f in glob.glob(os.path.join(top, "src", "*.c"))
                       if not f.endswith("sql_embed.c"))
    rows = []
    for f in files:
        for name, n in functions(f):
            rows.append((n, os.path.basename(f), name))
    if not rows:
        print("no functions found")
        return 1
    ns = sorted(r[0] for r in rows)
    p90 = ns[min(len(ns) - 1, int(round(0.9 * (len(ns) - 1))))]
    longest = max(rows)
    print("functions %d  median %g  p90 %d  max %d (%s %s)  over %d: %d" % (
        len(ns), statistics.median(ns), p90, longest[0], longest[1],
        longest[2], over, sum(1 for n in ns if n > over)))
    if verbose:
        for n, f, name in sorted(rows, reverse=True):
            if n > over:
                print("%5d  %s  %s" % (n, f, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
