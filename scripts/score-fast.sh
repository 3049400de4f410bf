#!/usr/bin/env bash
# Shingle F1 of galley on one corpus input (scraped.txt or source.html), in one
# galley process for all pages (score-corpus.sh starts one per page).
# usage: score-fast.sh GALLEY CORPUS_DIR [scraped.txt|source.html] [--no PASS ...]
set -euo pipefail
G=$(realpath "$1"); C=$(realpath "$2"); IN=${3:-scraped.txt}; shift 3 || shift $#
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
ext=${IN##*.}
mkdir -p "$T/in" "$T/md" "$T/txt"
for d in "$C"/pages/*/; do ln -s "$d/$IN" "$T/in/$(basename "$d").$ext"; done
"$G" convert "$T"/in/* --to md -o "$T/md" --quiet "$@" 2> "$T/err" || true
python3 "$(dirname "$0")/../../shared/tools/strip_md.py" "$T/md" "$T/txt" > /dev/null
python3 "$(dirname "$0")/../../shared/tools/score.py" "$T/txt" --corpus "$C" | tail -4
