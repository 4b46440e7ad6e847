#!/usr/bin/python3
"""deps.py: which files of src/ call which, and the cycles among them.

A file depends on another when it calls a function the other defines
(quire's style puts each definition's name at the start of a line). Two
files that call each other, directly or through others, are a cycle: the
rooms are not separate. Prints each cycle (a strongly connected group of
two or more files) and the count; exit 0 either way.

    /usr/bin/python3 tests/deps.py
"""
import glob
import os
import re

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEF = re.compile(r"^([a-z_][a-z0-9_]*)\(", re.M)
CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(")
STRIP = re.compile(r'/\*.*?\*/|"(?:\\.|[^"\\])*"|//[^\n]*', re.S)


def main():
    files = sorted(f for f in glob.glob(os.path.join(TOP, "src", "*.c"))
                   if not f.endswith("sql_embed.c"))
    text = {}
    owner = {}
    for f in files:
        name = os.path.basename(f)
        with open(f, encoding="utf-8", errors="replace") as fh:
            text[name] = STRIP.sub(" ", fh.read())
        static = set(re.findall(r"^static [^\n]*\n([a-z_][a-z0-9_]*)\(",
                                text[name], re.M))
        for fn in DEF.findall(text[name]):
            if fn not in static:
                owner.setdefault(fn, name)
    deps = {n: set() for n in text}
    for n, t in text.items():
        for fn in CALL.findall(t):
            o = owner.get(fn)
            if o is not None and o != n:
                deps[n].add(o)
    # Tarjan's strongly connected components.
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(deps[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(deps):
        if v not in index:
            visit(v)
    for comp in out:
        print("cycle: " + " <-> ".join(comp))
    print("%d files, %d cycles" % (len(text), len(out)))


if __name__ == "__main__":
    main()
