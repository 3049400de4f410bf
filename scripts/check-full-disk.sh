#!/usr/bin/env bash
# Full-disk checks on a small tmpfs (needs root for mount; skips otherwise):
# 1. a book that grows from 3 to 80 articles on a 2.5 MB disk fails with
#    exit 1, leaves every previous output byte-identical and no staging;
# 2. `galley convert --to md,html,pdf` on a full disk writes all three
#    outputs of the input or none.
# usage: check-full-disk.sh GALLEY
set -euo pipefail
G=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
MNT=$(mktemp -d)
if ! mount -t tmpfs -o size=2500k tmpfs "$MNT" 2> /dev/null; then
  echo "SKIP: cannot mount a tmpfs here (not root, or no mount permission)"
  rmdir "$MNT"
  exit 0
fi
trap 'umount "$MNT"; rmdir "$MNT"' EXIT
export SOURCE_DATE_EPOCH=1700000000
snap() { (cd "$1" && find . -type f ! -name .galley.lock -print0 | sort -z | xargs -0 sha256sum); }
fail() { echo "FAIL: $*"; exit 1; }

# 1. Book on a full disk.
SRC=$(mktemp -d)
python3 "$HERE/gen-book.py" 400 "$SRC/gen" > /dev/null
mkdir -p "$MNT/b/articles"
cp "$SRC/gen/book.toml" "$MNT/b/"
printf '\n[output.pdf]\n' >> "$MNT/b/book.toml"
python3 - "$MNT/b/book.toml" <<'EOF'
import re, sys
p = sys.argv[1]
t = open(p).read()
# One untitled pool: src = "articles" instead of the generated sections.
t = re.sub(r"\[\[section\]\].*?\]\n", "", t, flags=re.S)
t = t.replace('[book]\n', '[book]\nsrc = "articles"\n', 1)
open(p, "w").write(t)
EOF
ls "$SRC/gen/articles" | head -3 | while read -r f; do cp "$SRC/gen/articles/$f" "$MNT/b/articles/"; done
"$G" build -q "$MNT/b" || fail "the 3-article build failed on an empty 2.5 MB disk"
before=$(snap "$MNT/b/book")
cp "$SRC/gen/articles/"* "$MNT/b/articles/" 2> /dev/null || true
n=$(ls "$MNT/b/articles" | wc -l)
set +e
err=$("$G" build -q "$MNT/b" 2>&1)
code=$?
set -e
[ "$code" = 1 ] || fail "the $n-article build on a full disk exited $code (want 1): $err"
echo "full disk: $n-article build exits 1: $err"
[ "$(snap "$MNT/b/book")" = "$before" ] || fail "a failed build changed the previous outputs"
left=$(find "$MNT/b" -name '.galley-*' -o -name '*.tmp')
[ -z "$left" ] || fail "staging left after a failed build: $left"
echo "full disk: previous outputs byte-identical, no staging left"

# 2. convert --to md,html,pdf on a full disk: all or nothing.
rm -rf "$MNT/b"
mkdir -p "$MNT/c"
cp "$SRC/gen/articles/$(ls "$SRC/gen/articles" | head -1)" "$SRC/one.txt"
# Room for the Markdown and HTML, not for the PDF too.
"$G" convert "$SRC/one.txt" --to md,html,pdf -o "$SRC/sizes" -q
room=$(( $(stat -c %s "$SRC/sizes/one.md") + $(stat -c %s "$SRC/sizes/one.html") + 8192 ))
cat /dev/zero > "$MNT/fill" 2> /dev/null || true
truncate -s "-$room" "$MNT/fill"
set +e
"$G" convert "$SRC/one.txt" --to md,html,pdf -o "$MNT/c" -q 2> "$SRC/err"
code=$?
set -e
count=$(find "$MNT/c" -type f | wc -l)
echo "full disk: convert --to md,html,pdf exited $code with $count files: $(cat "$SRC/err")"
[ "$code" = 1 ] || fail "convert on a full disk exited $code (want 1)"
[ "$count" = 0 ] || fail "convert failed but left $count outputs: $(ls -a "$MNT/c")"
rm -rf "$SRC"
echo "full disk: all checks passed"
