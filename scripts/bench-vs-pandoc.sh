#!/usr/bin/env bash
# Side-by-side: the EPUB digest of N generated Markdown articles, galley vs pandoc.
#
#   scripts/bench-vs-pandoc.sh [N]          (default N=1000)
#
# Needs hyperfine, GNU time (/usr/bin/time) and pandoc (PANDOC=path, else
# `pandoc` on PATH, else the one installed by shared/tools/install-checkers.sh).
# Prints hyperfine's table, the median ratio, and each tool's peak RSS.
set -euo pipefail
N="${1:-1000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PANDOC="${PANDOC:-$(command -v pandoc || echo /tmp/checkers-venv/lib/python3.11/site-packages/pypandoc/files/pandoc)}"
[ -x "$PANDOC" ] || { echo "pandoc not found (set PANDOC=...)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine not found" >&2; exit 1; }

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
GALLEY="$ROOT/target/release/galley"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/scripts/gen-book.py" "$N" "$WORK/book" --md-only
cd "$WORK/book/articles"

echo "== $N Markdown articles, $(du -sh . | cut -f1) ($("$PANDOC" --version | head -1); galley $("$GALLEY" --version | cut -d' ' -f2))"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$WORK/hf.json" \
  -n galley "$GALLEY build -q $WORK/book --to epub --dest $WORK/out-galley" \
  -n pandoc "$PANDOC *.md -o $WORK/digest.epub"

python3 - "$WORK/hf.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
g, p = r["galley"]["median"], r["pandoc"]["median"]
print(f"median: galley {g:.3f} s, pandoc {p:.3f} s, galley is {p / g:.1f}x faster")
PY

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f MB\n", $2/1024}'; }
echo "peak RSS: galley $(rss "$GALLEY" build -q "$WORK/book" --to epub --dest "$WORK/out-galley"), pandoc $(rss "$PANDOC" ./*.md -o "$WORK/digest.epub")"
ls -l "$WORK"/out-galley/*.epub "$WORK/digest.epub" | awk '{print $5, $9}'
