#!/usr/bin/env bash
# galley batch against one `galley convert` process per file, per record.
#
# Usage: scripts/bench-batch.sh [BIN] [CORPUS_PAGES_DIR] [N] [ROUNDS]
#   BIN      galley binary (default target/release/galley)
#   CORPUS   a folder of page folders, each with scraped.txt and source.html
#            (default ../shared/corpus-dragnet/pages)
#   N        pages, every k-th of the sorted folder (default 200)
#   ROUNDS   rounds; the median of each measure is printed (default 3)
#
# For scraped text and for saved HTML: CPU seconds (user + sys, from
# /usr/bin/time) of `galley batch --jobs 1` over N JSON Lines records, and of a
# shell loop running `galley convert FILE -o OUT.md` over the same N files;
# prints records per CPU-second and the ratio. One core each, so the
# comparison is per record, not a parallel speed-up. The pages are data for
# the check, written to a temporary folder and removed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/target/release/galley}")
PAGES=${2:-$ROOT/../shared/corpus-dragnet/pages}
N=${3:-200}
ROUNDS=${4:-3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/text" "$W/html" "$W/out"

python3 - "$PAGES" "$N" "$W" <<'PY'
import json, os, sys
pages, n, w = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dirs = sorted(d for d in os.listdir(pages) if os.path.isdir(os.path.join(pages, d)))
step = max(1, len(dirs) // n)
sel = dirs[::step][:n]
with open(f"{w}/text.jsonl", "w") as t, open(f"{w}/html.jsonl", "w") as h:
    for d in sel:
        p = os.path.join(pages, d)
        s = open(os.path.join(p, "scraped.txt"), encoding="utf-8", errors="replace").read()
        open(f"{w}/text/{d}.txt", "w").write(s)
        t.write(json.dumps({"id": d, "text": s}) + "\n")
        b = open(os.path.join(p, "source.html"), "rb").read()
        try:
            x = b.decode("utf-8")
        except UnicodeDecodeError:
            x = b.decode("cp1252", errors="replace")
        open(f"{w}/html/{d}.html", "w").write(x)
        h.write(json.dumps({"id": d, "html": x}) + "\n")
print(f"{len(sel)} pages from {pages}")
PY

cpu() { # command... -> CPU seconds (user + sys)
  /usr/bin/time -f '%U %S' -o "$W/t" "$@" > /dev/null 2>&1 || true
  awk '{ printf "%.3f", $1 + $2 }' "$W/t"
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for kind in text html; do
  b=() c=()
  for _ in $(seq "$ROUNDS"); do
    b+=("$(cpu sh -c "'$BIN' batch --jobs 1 --quiet < '$W/$kind.jsonl' > '$W/out/batch.jsonl'")")
    c+=("$(cpu sh -c "for f in '$W/$kind'/*; do '$BIN' convert -q \"\$f\" -o '$W/out/one.md' || true; done")")
  done
  bm=$(echo "${b[*]}" | median) cm=$(echo "${c[*]}" | median)
  n=$(wc -l < "$W/$kind.jsonl")
  awk -v k="$kind" -v n="$n" -v b="$bm" -v c="$cm" 'BEGIN {
    printf "%-5s batch %6.2f CPU-s (%5.0f records/CPU-s)   convert per file %6.2f CPU-s (%5.0f files/CPU-s)   ratio %.1fx\n",
      k, b, n / b, c, n / c, c / b }'
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
