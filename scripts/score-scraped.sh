#!/usr/bin/env bash
# Scores galley's normalizer alone on the corpus's scraped.txt files, with
# extra convert arguments (e.g. `--no credits` to measure what one pass costs
# or gains). Faster than score-corpus.sh when only the text path matters.
#
# usage: scripts/score-scraped.sh OUT_DIR [GALLEY CONVERT ARGS...]
#   GALLEY (env): the binary, default target/release/galley
#   CORPUS (env): default ../shared/corpus
# Per-page figures: python3 ../shared/tools/score.py OUT_DIR/txt --corpus ../shared/corpus --per-page
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: score-scraped.sh OUT_DIR [ARGS...]}
shift
galley=${GALLEY:-$here/../target/release/galley}
corpus=${CORPUS:-$here/../../shared/corpus}
tools=$corpus/../tools
rm -rf "$out"
mkdir -p "$out/md"
for d in "$corpus"/pages/*/; do
  id=$(basename "$d")
  "$galley" convert --quiet "$@" "$d/scraped.txt" --to md -o "$out/md/$id.md"
done
python3 "$tools/strip_md.py" "$out/md" "$out/txt" > /dev/null
python3 "$tools/score.py" "$out/txt" --corpus "$corpus"
