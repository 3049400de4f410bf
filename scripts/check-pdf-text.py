#!/usr/bin/env python3
"""Checks that a PDF's text (pdftotext) holds every word of the given Markdown
articles' bodies, in reading order.

Usage: check-pdf-text.py PDF MD...

Words are compared after lower-casing and stripping punctuation; Markdown
syntax (front matter, #, >, list markers, emphasis, link targets) is removed
from the articles. Hyphenation at line ends is joined back: a line ending in
"-" is joined with the next line without the hyphen when the result is a word
of the articles, else with it. Exits 1 and names the first missing word.
"""
import re
import subprocess
import sys


def md_words(text):
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s*(#+|>|[-*+]|\d+\.)\s+", "", text)
    text = text.replace("*", "").replace("_", " ")
    return norm(text.split())


def norm(words):
    out = []
    for w in words:
        w = re.sub(r"[^\w]", "", w.lower())
        if w:
            out.append(w)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pdf, mds = sys.argv[1], sys.argv[2:]
    articles = [md_words(open(m, encoding="utf-8").read()) for m in mds]
    vocab = {w for a in articles for w in a}
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    raw = text.split()
    joined = []
    i = 0
    while i < len(raw):
        w = raw[i]
        if w.endswith("-") and len(w) > 1 and i + 1 < len(raw):
            cand = w[:-1] + raw[i + 1]
            if re.sub(r"[^\w]", "", cand.lower()) in vocab:
                joined.append(cand)
                i += 2
                continue
        joined.append(w)
        i += 1
    words = norm(joined)
    pos = 0
    for m, art in zip(mds, articles):
        for k, w in enumerate(art):
            try:
                pos = words.index(w, pos) + 1
            except ValueError:
                ctx = " ".join(art[max(0, k - 5):k + 1])
                print(f"{pdf}: word {k} of {m} ({w!r}) missing or out of order; after: ...{ctx}")
                return 1
    total = sum(len(a) for a in articles)
    print(f"{pdf}: all {total} words of {len(mds)} articles present in reading order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
