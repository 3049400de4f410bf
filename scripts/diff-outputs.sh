#!/usr/bin/env bash
# Behaviour check for refactors (issue 12): runs two galley binaries on
#   1. the seed article (../shared/seed/article.txt), in every format;
#   2. the example book (`galley build` of the project's book.toml, every
#      configured format);
#   3. the corpus pages, to Markdown (scripts/diff-corpus-md.sh);
# and compares every output byte for byte (and exit codes and messages).
# PDF and EPUB are reproducible given SOURCE_DATE_EPOCH (tests/reproducible.rs),
# set here to a fixed value for both runs.
#
#   scripts/diff-outputs.sh BEFORE_BIN AFTER_BIN [--no-corpus]
#
# Extra formats that only AFTER knows (FORMATS_AFTER_ONLY, e.g. "txt") are
# run with AFTER alone and only checked to succeed.
# Exit code 1 when anything differs.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN [--no-corpus]" >&2; exit 2; }
BEFORE="$(realpath "$1")"; AFTER="$(realpath "$2")"; CORPUS=1
[ "${3:-}" = "--no-corpus" ] && CORPUS=0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
SEED="$SHARED/seed/article.txt"
FORMATS="${FORMATS:-md html epub pdf}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1710403200}"
bad=0

run() { # NAME BIN: seed in every format + the example book into $WORK/NAME
  local name="$1" bin="$2" out="$WORK/$1"
  mkdir -p "$out/seed"
  for f in $FORMATS; do
    "$bin" convert -q "$SEED" --to "$f" -o "$out/seed/article.$f" >"$out/seed/$f.log" 2>&1 \
      || echo "exit $?" >>"$out/seed/$f.log"
  done
  # The example book, built from a copy of the project (so nothing is
  # written into the checkout); `--dest` keeps the output outside it.
  (cd "$ROOT" && "$bin" build -q --dest "$out/book") >"$out/book.log" 2>&1 || echo "exit $?" >>"$out/book.log"
  rm -f "$out/book/.galley.lock"
}

run before "$BEFORE"
run after "$AFTER"
# What galley writes for itself in the build folder (lock, manifest with
# its own paths) is compared too: the manifest lists the same files.
if diff -r "$WORK/before" "$WORK/after" >"$WORK/diff.txt"; then
  echo "seed ($FORMATS) and example book: $(find "$WORK/after" -type f | wc -l) files identical"
else
  bad=1
  echo "seed and example book DIFFER:"
  head -40 "$WORK/diff.txt"
fi

for f in ${FORMATS_AFTER_ONLY:-}; do
  if "$AFTER" convert -q "$SEED" --to "$f" -o "$WORK/after-only.$f"; then
    echo "after only: seed --to $f ok ($(wc -c <"$WORK/after-only.$f") bytes)"
  else
    bad=1; echo "after only: seed --to $f FAILED"
  fi
done

if [ "$CORPUS" = 1 ]; then
  bash "$ROOT/scripts/diff-corpus-md.sh" "$BEFORE" "$AFTER" | tail -20 || bad=1
fi
[ "$bad" -eq 0 ] && echo "no differences"
exit "$bad"
