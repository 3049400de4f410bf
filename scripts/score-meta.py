#!/usr/bin/env python3
"""Score galley's HTML metadata on the development corpus (../shared/corpus).

Runs `galley check --format json` over every pages/<name>/source.html (one
process) and compares with pages/<name>/meta.json:

  title   right when equal after Unicode case folding, whitespace collapse and
          quote/dash normalisation.
  byline  scored on pages whose meta.json has a byline: right when the word
          sets of galley's authors and of the expected byline (less a leading
          "by") agree, one containing the other.

usage: score-meta.py GALLEY_BIN [--corpus DIR] [--verbose]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    s = (s or "").casefold()
    for a, b in [("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " ")]:
        s = s.replace(a, b)
    return " ".join(s.split()).strip(" .")


def words(s):
    s = re.sub(r"^\s*by\s+", "", (s or "").casefold())
    return set(w for w in re.findall(r"\w+", s) if w not in {"by", "and"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpus"))
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    pages = sorted(os.listdir(os.path.join(a.corpus, "pages")))
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for p in pages:
            link = os.path.join(tmp, p + ".html")
            os.symlink(os.path.abspath(os.path.join(a.corpus, "pages", p, "source.html")), link)
            inputs.append(link)
        out = subprocess.run([a.galley, "check", "--format", "json", "--quiet", *inputs],
                             capture_output=True, text=True)
        results = {os.path.basename(r["input"])[:-5]: r for r in json.loads(out.stdout or "[]")}
    t_ok = t_n = b_ok = b_n = 0
    for p in pages:
        exp = json.load(open(os.path.join(a.corpus, "pages", p, "meta.json"), encoding="utf-8"))
        got = results.get(p, {}).get("meta", {})
        t_n += 1
        if norm(got.get("title")) == norm(exp.get("title")):
            t_ok += 1
        elif a.verbose:
            print(f"title  {p}: got {got.get('title')!r} want {exp.get('title')!r}")
        if exp.get("byline"):
            b_n += 1
            g, e = words(" ".join(got.get("authors", []))), words(exp["byline"])
            if g and (g <= e or e <= g):
                b_ok += 1
            elif a.verbose:
                print(f"byline {p}: got {got.get('authors')!r} want {exp['byline']!r}")
    print(f"title  {t_ok}/{t_n} = {t_ok / max(t_n, 1):.3f}")
    print(f"byline {b_ok}/{b_n} = {b_ok / max(b_n, 1):.3f} (pages with an expected byline)")


if __name__ == "__main__":
    sys.exit(main())
