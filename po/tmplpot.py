#!/usr/bin/python3
"""tmplpot.py: print a .pot of every {{#_}}msgid{{/_}} in DIR/*.mustache.

The msgid is template source: markup and {{tags}} stay in it, and a
translation must keep them (a translated template that does not parse
fails every test). Usage: tmplpot.py templates > tmpl.pot
"""
import os
import re
import sys

OPEN, CLOSE = "{{#_}}", "{{/_}}"


def po_quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in s:
        return '"%s"' % s
    parts = s.split("\n")
    lines = ['""'] + ['"%s\\n"' % p for p in parts[:-1]]
    if parts[-1]:
        lines.append('"%s"' % parts[-1])
    return "\n".join(lines)


def main():
    d = sys.argv[1]
    seen = {}
    for name in sorted(os.listdir(d)):
        if not name.endswith(".mustache"):
            continue
        text = open(os.path.join(d, name), encoding="utf-8").read()
        for m in re.finditer(re.escape(OPEN) + "(.*?)" + re.escape(CLOSE),
                             text, re.S):
            seen.setdefault(m.group(1), []).append(name)
    print('msgid ""\nmsgstr ""\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n')
    for msgid, files in seen.items():
        print("#. template: %s" % ", ".join(sorted(set(files))))
        if "{{" in msgid or "<" in msgid:
            print("#. keep the {{tags}} and the markup as they are")
        print("msgid %s\nmsgstr \"\"\n" % po_quote(msgid))


main()
