#!/usr/bin/env bash
# Behaviour check for changes that must not change output: converts every
# scraped.txt and *.html page of the development corpora to Markdown with two
# galley binaries and compares the bytes (and the exit codes).
#
#   scripts/diff-corpus-md.sh BEFORE AFTER [CORPUS_DIR...]
#
# CORPUS_DIR defaults to ../shared/corpus and ../shared/corpus-dragnet (from
# the project root); each holds pages/<name>/{scraped.txt,*.html}.
# Prints the number of files compared and the number that differ; exit code 1
# when any differs.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE AFTER [CORPUS_DIR...]" >&2; exit 2; }
BEFORE="$1"; AFTER="$2"; shift 2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -eq 0 ]; then
  set -- "$ROOT/../shared/corpus" "$ROOT/../shared/corpus-dragnet"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

n=0; bad=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  rb=0; ra=0
  "$BEFORE" convert -q "$f" --to md -o - >"$WORK/b" 2>"$WORK/be" || rb=$?
  "$AFTER" convert -q "$f" --to md -o - >"$WORK/a" 2>"$WORK/ae" || ra=$?
  if [ "$rb" != "$ra" ] || ! cmp -s "$WORK/b" "$WORK/a" || ! cmp -s "$WORK/be" "$WORK/ae"; then
    bad=$((bad + 1))
    echo "DIFF: $f (exit $rb vs $ra)"
    diff "$WORK/b" "$WORK/a" | head -5 || true
  fi
done < <(for d in "$@"; do
  find "$d" -type f \( -name scraped.txt -o -name '*.html' \) -print0
done | sort -z)

echo "compared $n files, $bad differ"
[ "$bad" -eq 0 ]
