#!/usr/bin/env python3
"""Make a large scraped-style text file, or verify galley's Markdown of it.

usage: gen-big.py BYTES OUT.txt          write about BYTES of text
       gen-big.py --verify IN.txt OUT.md  every numbered paragraph is in OUT.md, in order,
                                          and every promo/ad line is gone
"""
import re
import sys

SENT = [
    "The harbour council met on Tuesday to discuss the new ferry timetable, which adds two evening crossings.",
    "Residents had asked for later boats for years, according to a statement from the council transport office.",
    "Opposition members said the plan came too late and would cost more than the budget allowed.",
    "The operator expects the first evening crossing to run in May, weather permitting.",
]
JUNK = ["Advertisement", "Read\u00a0 Storm closes coastal road for a second day", "Share this article", "- - - - - -"]


def write(n, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("Harbour council approves new ferry timetable\n\nBy Ana Lima, Harbour Post\n\n")
        size, i = 0, 0
        while size < n:
            p = f"{SENT[i % 4]} {SENT[(i + 1) % 4]} This is paragraph {i}.\n\n"
            if i % 5 == 0:
                p += JUNK[(i // 5) % len(JUNK)] + "\n\n"
            f.write(p)
            size += len(p.encode())
            i += 1


def verify(src, md):
    text = open(md, encoding="utf-8").read()
    n = len(re.findall(r"This is paragraph \d+\.", open(src, encoding="utf-8").read()))
    got = [int(x) for x in re.findall(r"This is paragraph (\d+)\.", text)]
    if got != list(range(n)):
        sys.exit(f"FAIL: {n} paragraphs in input, {len(got)} in output (or out of order)")
    for j in JUNK:
        if j in text:
            sys.exit(f"FAIL: artifact left in output: {j!r}")
    print(f"OK: {n} paragraphs in order, {len(text)} bytes of Markdown, no artifacts")


if __name__ == "__main__":
    if sys.argv[1] == "--verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        write(int(sys.argv[1]), sys.argv[2])
