#!/usr/bin/env bash
# Issue 15 item 4: none of the crates RustSec flags unmaintained (or that
# their maintainers archived) in galley's normal dependency tree, and one copy
# of the fontations parser harfrust shapes with.
#   rustybuzz 0.20  RUSTSEC-2026-0206 -> harfrust
#   ttf-parser      RUSTSEC-2026-0192 -> read-fonts (fontdb 0.24 no longer uses it)
#   serde_yaml 0.9  archived upstream -> yaml_serde
#   hyphenation     pulled bincode 1  -> hypher
# usage: scripts/check-maintained-deps.sh   (from the repository, offline)
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$( (cargo tree -e normal --offline --prefix none --all-features 2>/dev/null || cargo tree -e normal --prefix none --all-features) | sed "s/ (\*)$//")
bad=$(grep -E '^(rustybuzz|ttf-parser|hyphenation|serde_yaml v0\.9|bincode v1\.)[ ]' <<< "$tree" | sort -u || true)
if [ -n "$bad" ]; then
  echo "unmaintained crates in the dependency tree:"; echo "$bad"
  cargo tree -e normal --all-features -i "$(head -1 <<< "$bad" | cut -d' ' -f1)" | head -20
  exit 1
fi
for want in harfrust read-fonts; do
  grep -qE "^$want v" <<< "$tree" || { echo "$want is not in the dependency tree"; exit 1; }
done
copies=$(grep -E '^read-fonts v' <<< "$tree" | sort -u | wc -l)
[ "$copies" -eq 1 ] || { echo "read-fonts: $copies versions in the tree (harfrust's and another)"; exit 1; }
echo "maintained: $(grep -E '^(harfrust|read-fonts|fontdb) v' <<< "$tree" | sort -u | tr '\n' ' ')- no rustybuzz, ttf-parser, hyphenation, serde_yaml 0.9 or bincode 1"
