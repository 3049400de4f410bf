#!/usr/bin/env bash
# Issue 14 items 3, 4, 6 on real outputs: the fixture book of
# tests/fixtures/media (code block, inline code, a PNG with alpha, a JPEG,
# a missing and a remote image, a URL) built to every format, then checked
# with the external tools:
#   pdffonts        the monospace face is embedded
#   pdfimages       the PNG (with its soft mask) and the JPEG (as jpeg) are in
#   pdftotext       the code keeps its spacing; the URL has no inserted hyphen
#   EPUBCheck       0 errors / 0 warnings, images in the manifest
#   Nu checker      0 errors on the HTML pages
#   the warning     one, naming the article and the missing path
# Usage: scripts/check-media.sh GALLEY OUT_DIR   (EPUBCHECK_JAR, VNU_JAR set)
set -euo pipefail
G=$1
OUT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$ROOT/tests/fixtures/media/story" "$OUT/"
cat > "$OUT/book.toml" <<'TOML'
[book]
title = "Harbour Figures"
language = "en"
date = 2025-06-02
src = "story"

[output.markdown]
[output.html]
[output.epub]
[output.pdf]
system-fonts = false
[output.txt]
TOML
"$G" build "$OUT" 2> "$OUT/warnings.txt"
cat "$OUT/warnings.txt"
fail() { echo "FAIL: $*"; exit 1; }
[ "$(grep -c 'image' "$OUT/warnings.txt")" = 1 ] || fail "expected one image warning"
grep -q 'story/article.md: image missing-notice.png' "$OUT/warnings.txt" || fail "the warning names the article and path"
PDF=$(ls "$OUT"/book/*.pdf)
pdffonts "$PDF" | grep -q 'NotoSansMono' || fail "no monospace font in the PDF"
pdfimages -list "$PDF" | tee "$OUT/images.txt"
grep -qE '^ +[0-9]+ +[0-9]+ image +120 +60 +rgb' "$OUT/images.txt" || fail "PNG not embedded"
grep -qE ' smask +120 +60 ' "$OUT/images.txt" || fail "PNG alpha not a soft mask"
grep -qE ' image +90 +60 +rgb +3 +8 +jpeg ' "$OUT/images.txt" || fail "JPEG not embedded as DCT"
pdftotext -layout "$PDF" "$OUT/text.txt"
grep -q 'Port      Fee' "$OUT/text.txt" || fail "code spacing lost"
grep -q 'Osterby   19.75' "$OUT/text.txt" || fail "code spacing lost"
grep -q '→' "$OUT/text.txt" || fail "no wrap marker"
if grep -q 'ver-$' "$OUT/text.txt"; then fail "hyphen inserted in the URL"; fi
java -jar "$EPUBCHECK_JAR" --failonwarnings "$OUT"/book/*.epub
unzip -p "$OUT"/book/*.epub OEBPS/content.opf | grep -q 'media-type="image/png"' || fail "PNG not in the EPUB manifest"
java -jar "$VNU_JAR" --errors-only "$OUT"/book/html/*.html
ls "$OUT"/book/html/images/chart-*.png "$OUT"/book/html/images/photo-*.jpg > /dev/null || fail "images not beside the HTML"
grep -q '`fee_eur`' "$OUT"/book/txt/*.txt || fail "inline code not marked in txt"
echo "media: code, images and addresses checked in every format"
