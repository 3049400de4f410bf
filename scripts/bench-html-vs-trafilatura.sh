#!/usr/bin/env bash
# Times galley's HTML extraction against trafilatura on the development corpus,
# in one run. galley: one process converting every page (best of 3 runs, so
# process start-up is spread over 78 pages); trafilatura: extract() over the
# same pages in one Python process (parsing included, start-up and imports
# excluded).
#
# usage: scripts/bench-html-vs-trafilatura.sh [GALLEY_BIN] [CORPUS_DIR] [PYTHON]
#   PYTHON must have trafilatura installed (pip install trafilatura).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
galley=${1:-$here/../target/release/galley}
corpus=${2:-$here/../../shared/corpus}
py=${3:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/out"
n=0
for d in "$corpus"/pages/*/; do
  ln -s "$(cd "$d" && pwd)/source.html" "$tmp/in/$(basename "$d").html"
  n=$((n + 1))
done
best=""
for _ in 1 2 3; do
  s=$(date +%s%N)
  "$galley" convert --quiet "$tmp"/in/*.html --to md -o "$tmp/out"
  e=$(date +%s%N)
  t=$(( (e - s) / 1000 ))
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
galley_ms=$(echo "scale=3; $best / 1000 / $n" | bc)
echo "galley:      $n pages, $(echo "scale=1; $best / 1000" | bc) ms total, $galley_ms ms/page (one process, best of 3)"
"$py" - "$tmp/in" "$galley_ms" <<'PY'
import os, sys, time
import trafilatura
d, galley_ms = sys.argv[1], float(sys.argv[2])
pages = [open(os.path.join(d, f), encoding="utf-8", errors="replace").read() for f in sorted(os.listdir(d))]
trafilatura.extract(pages[0])  # warm-up
best = None
for _ in range(2):
    s = time.perf_counter()
    for p in pages:
        trafilatura.extract(p)
    t = time.perf_counter() - s
    best = t if best is None or t < best else best
ms = best * 1000 / len(pages)
print(f"trafilatura: {len(pages)} pages, {best*1000:.1f} ms total, {ms:.3f} ms/page (one process, best of 2)")
print(f"galley is {ms / galley_ms:.1f}x faster")
PY
