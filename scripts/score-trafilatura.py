#!/usr/bin/env python3
"""Scores trafilatura on the corpus's source.html pages, the same way
score-corpus.sh scores galley (shingle F1 against expected.txt), so both can
be put side by side from one run.

usage: PYTHON scripts/score-trafilatura.py [CORPUS_DIR]
  PYTHON must have trafilatura installed (pip install trafilatura).
"""
import os
import subprocess
import sys
import tempfile

import trafilatura

here = os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "corpus")
out = tempfile.mkdtemp(prefix="trafilatura-")
pages = sorted(os.listdir(os.path.join(corpus, "pages")))
for p in pages:
    with open(os.path.join(corpus, "pages", p, "source.html"), encoding="utf-8", errors="replace") as f:
        text = trafilatura.extract(f.read()) or ""
    with open(os.path.join(out, p + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
print(f"trafilatura {trafilatura.__version__} on {len(pages)} pages (outputs in {out})")
score = os.path.join(corpus, "..", "tools", "score.py")
subprocess.run([sys.executable, score, out, "--corpus", corpus], check=True)
