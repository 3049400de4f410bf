#!/usr/bin/env python3
"""Fault injection: kill -9 a 2,000-article book build at 10 moments.

usage: fault-inject.py GALLEY WORKDIR [--articles N] [--moments K]

For each moment: build version A of the book to completion, change the
articles (version B), start a build, kill it with SIGKILL after a delay
spread over the measured build time, then check that the build folder holds
exactly A's outputs or exactly B's (file sets and bytes of markdown/ and
html/, the EPUB and the PDF; `unzip -t` and `qpdf --check` where present),
never a mix. Then the next build must succeed, equal B, and leave no
`.galley-*` staging folder or temp file. Exit 1 on any violation.
"""
import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def snapshot(book):
    """{relative path: sha256} of every output file (lock excluded)."""
    out = {}
    for d, _, files in os.walk(book):
        for f in files:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, book)
            # The lock, and staging a killed build left (checked separately:
            # the next build must remove it), are not outputs.
            if rel == ".galley.lock" or rel.startswith(".galley-"):
                continue
            with open(p, "rb") as fh:
                out[rel] = hashlib.sha256(fh.read()).hexdigest()
    return out


def staging(book):
    left = []
    for d, dirs, files in os.walk(book):
        for n in dirs + files:
            if n.startswith(".galley-") or n.endswith(".tmp"):
                left.append(os.path.join(d, n))
    return left


def build(galley, book_dir, env):
    r = subprocess.run([galley, "build", "-q", book_dir], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"build failed: {r.stderr}")


def set_version(articles, version):
    """Version B appends one sentence to every 7th article."""
    for i, name in enumerate(sorted(os.listdir(articles))):
        p = os.path.join(articles, name)
        with open(p, encoding="utf-8") as fh:
            text = fh.read()
        marker = "\n\nThe harbour office confirmed the figures on Friday.\n"
        text = text.replace(marker, "")
        if version == "B" and i % 7 == 0:
            text = text.rstrip("\n") + marker
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(text)


def integrity(book):
    problems = []
    for f in os.listdir(book):
        p = os.path.join(book, f)
        if f.endswith(".epub") and shutil.which("unzip"):
            if subprocess.run(["unzip", "-tq", p], capture_output=True).returncode != 0:
                problems.append(f"unzip -t fails on {f}")
        if f.endswith(".pdf") and shutil.which("qpdf"):
            if subprocess.run(["qpdf", "--check", p], capture_output=True).returncode not in (0, 3):
                problems.append(f"qpdf --check fails on {f}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("galley")
    ap.add_argument("workdir")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--moments", type=int, default=10)
    a = ap.parse_args()
    galley = os.path.abspath(a.galley)
    work = os.path.abspath(a.workdir)
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen-book.py"), str(a.articles), work], check=True, capture_output=True)
    with open(os.path.join(work, "book.toml"), "a") as fh:
        fh.write("\n[output.pdf]\n")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    articles = os.path.join(work, "articles")
    book = os.path.join(work, "book")

    # Reference outputs of A and B, and the build time.
    set_version(articles, "B")
    build(galley, work, env)
    snap_b = snapshot(book)
    set_version(articles, "A")
    t0 = time.monotonic()
    build(galley, work, env)
    duration = time.monotonic() - t0
    snap_a = snapshot(book)
    if snap_a == snap_b:
        sys.exit("versions A and B give the same outputs: the test would prove nothing")
    print(f"{a.articles} articles, a build takes {duration:.2f} s; killing at {a.moments} moments")

    failures = 0
    outcomes = {"old": 0, "new": 0}
    snaps = {"A": snap_a, "B": snap_b}
    cur = "A"  # the version the build folder holds
    for k in range(a.moments):
        new = "B" if cur == "A" else "A"
        set_version(articles, new)
        # From early reading to well past the measured time (the swap is at the
        # end, and a loaded machine runs slower than the timing run).
        delay = duration * 1.5 * (k + 1) / a.moments
        p = subprocess.Popen([galley, "build", "-q", work], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        code = p.wait()
        snap = snapshot(book)
        state = "old" if snap == snaps[cur] else "new" if snap == snaps[new] else None
        problems = integrity(book)
        if state is None:
            added = sorted(set(snap) - set(snaps[cur]))[:3]
            changed = sorted(f for f in snap if f in snaps[cur] and snap[f] != snaps[cur][f])[:3]
            problems.append(f"a mix of old and new outputs (e.g. added {added}, changed {changed})")
        else:
            outcomes[state] += 1
        # The next build completes or redoes the work and cleans up.
        build(galley, work, env)
        if snapshot(book) != snaps[new]:
            problems.append("the next build does not give the new version")
        left = staging(work)
        if left:
            problems.append(f"staging left after the next build: {left[:3]}")
        how = "finished before the kill" if code == 0 else "killed"
        print(f"moment {k + 1:2}: kill -9 after {delay:.2f} s ({how}) -> {state or 'MIXED'} outputs whole; next build clean" + ("" if not problems else f"; PROBLEMS: {problems}"))
        failures += bool(problems)
        cur = new
    print(f"fault injection: {a.moments - failures}/{a.moments} moments whole ({outcomes['old']} old, {outcomes['new']} new)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
