#!/usr/bin/env bash
# Start-up time: one small article to HTML, whole process, galley vs pandoc,
# side by side.
#
#   scripts/bench-startup.sh [ARTICLE]      (default ../shared/seed/article.txt)
#
# GALLEY=path (default target/release/galley, built if missing), PANDOC=path
# (default `pandoc` on PATH), RUNS=N (default 15). Uses hyperfine when it is
# installed, else a loop timed with `date +%s%N`. Prints each tool's median
# wall time in ms and the ratio; without pandoc it says so and times galley
# alone.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ARTICLE="${1:-$ROOT/../shared/seed/article.txt}"
RUNS="${RUNS:-15}"
GALLEY="${GALLEY:-$ROOT/target/release/galley}"
PANDOC="${PANDOC:-$(command -v pandoc || true)}"
[ -f "$ARTICLE" ] || { echo "no such article: $ARTICLE" >&2; exit 1; }
if [ ! -x "$GALLEY" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
fi
if [ -z "$PANDOC" ] || [ ! -x "$PANDOC" ]; then
  echo "pandoc not found (set PANDOC=...): timing galley alone"
  PANDOC=""
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# pandoc reads the scraped text as Markdown (the closest it has), standalone
# HTML like galley's page.
GCMD=("$GALLEY" convert -q "$ARTICLE" --to html -o "$WORK/galley.html")
PCMD=("$PANDOC" -f markdown -t html5 -s --metadata "title=article" "$ARTICLE" -o "$WORK/pandoc.html")
"${GCMD[@]}"
[ -n "$PANDOC" ] && "${PCMD[@]}"

declare -A MED
if command -v hyperfine >/dev/null; then
  args=(-N --warmup 3 --runs "$RUNS" --export-json "$WORK/hf.json" -n galley "${GCMD[*]}")
  [ -n "$PANDOC" ] && args+=(-n pandoc "${PCMD[*]}")
  hyperfine "${args[@]}"
  while read -r name ms; do MED[$name]="$ms"; done < <(python3 - "$WORK/hf.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], f'{r["median"] * 1000:.2f}')
PY
)
else
  echo "hyperfine not found: timing a loop of $RUNS runs with date +%s%N"
  median() { # prints the median of N runs of "$@", in ms
    local ts=() t0 t1 i
    for ((i = 0; i < 3; i++)); do "$@" >/dev/null 2>&1; done
    for ((i = 0; i < RUNS; i++)); do
      t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
      ts+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR] = $1} END {
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f\n", m / 1000 }'
  }
  MED[galley]=$(median "${GCMD[@]}")
  [ -n "$PANDOC" ] && MED[pandoc]=$(median "${PCMD[@]}")
fi

echo "article: $ARTICLE ($(wc -c <"$ARTICLE") bytes), median of $RUNS runs"
echo "galley: ${MED[galley]} ms"
if [ -n "$PANDOC" ]; then
  echo "pandoc: ${MED[pandoc]} ms ($("$PANDOC" --version | head -1))"
  awk -v g="${MED[galley]}" -v p="${MED[pandoc]}" 'BEGIN { printf "ratio: pandoc / galley = %.1fx\n", p / g }'
fi
