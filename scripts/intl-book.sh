#!/usr/bin/env bash
# Issue 13 acceptance: a book of every language fixture (the 23 scraped-style
# articles of tests/fixtures/normalize/intl-*, as galley reads them: no declared
# language) in every format, then the external checks:
#   EPUBCheck 0 errors 0 warnings; the Nu checker 0 errors on the HTML site;
#   pdffonts: every font embedded and subset; no missing-glyph warning;
#   each article's detected language on its HTML page (lang, dir for RTL).
#
#   scripts/intl-book.sh GALLEY OUT_DIR [BOOK_LANGUAGE]
# EPUBCHECK_JAR and VNU_JAR: the validators (as .ci/run sets them).
set -euo pipefail
G="$(realpath "$1")"; OUT="$2"; BOOK_LANG="${3:-en}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$OUT"; mkdir -p "$OUT/articles"
for d in "$ROOT"/tests/fixtures/normalize/intl-*/; do
  name=$(basename "$d"); cp "$d/input.txt" "$OUT/articles/${name#intl-}.txt"
done
cat > "$OUT/book.toml" <<TOML
[book]
title = "The World Desk"
subtitle = "One story from each of 22 languages"
authors = ["The Night Desk"]
language = "$BOOK_LANG"
date = 2025-03-14
src = "articles"

[output.markdown]
[output.html]
[output.epub]
[output.pdf]
TOML
"$G" build "$OUT" 2> "$OUT/build.log" || { cat "$OUT/build.log"; exit 1; }
cat "$OUT/build.log"
if grep -E 'have no glyphs|no glyph' "$OUT/build.log"; then echo "missing glyphs (above)"; exit 1; fi
n=$(ls "$OUT"/articles/*.txt | wc -l)
echo "intl book: $n articles built"
java -jar "$EPUBCHECK_JAR" --failonwarnings "$OUT"/book/*.epub > "$OUT/epubcheck.log" 2>&1 || { cat "$OUT/epubcheck.log"; exit 1; }
grep -E "^Messages:" "$OUT/epubcheck.log" || true
java -jar "$VNU_JAR" --errors-only "$OUT"/book/html/*.html
echo "Nu checker: $(ls "$OUT"/book/html/*.html | wc -l) HTML pages, 0 errors"
PDF=$(ls "$OUT"/book/*.pdf)
qpdf --check "$PDF" > /dev/null && echo "qpdf: clean"
pdffonts "$PDF" > "$OUT/fonts.txt"
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1; print "not embedded or not subset: " $0 } END { exit bad }' "$OUT/fonts.txt"
echo "pdffonts: $(($(wc -l < "$OUT/fonts.txt") - 2)) fonts, all embedded and subset"
# Every article page carries its detected language; RTL ones their direction.
python3 - "$OUT" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
bad = []
pages = {}
for p in (out / "book/html").glob("*.html"):
    t = p.read_text(encoding="utf-8")
    m = re.search(r'<html[^>]*\blang="([^"]+)"', t)
    d = re.search(r'<html[^>]*\bdir="([^"]+)"', t)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", t, re.S)
    pages[p.name] = (m.group(1) if m else None, d.group(1) if d else "ltr", (h1.group(1) if h1 else "").replace("’", "'"))
for f in sorted((out / "articles").glob("*.txt")):
    want = f.stem.split("-")[0]
    # The page whose title is the article's first line (its title).
    lines = [l.strip() for l in f.read_text(encoding="utf-8").split("\n") if l.strip()]
    probe = lines[0][:10] if lines else None
    hit = [(n, v) for n, v in pages.items() if probe and probe in v[2] and n != "index.html"]
    if not hit:
        bad.append(f"{f.name}: no page found"); continue
    name, (lang, direction, _) = hit[0]
    ok_lang = lang and lang.split("-")[0] == want
    ok_dir = direction == ("rtl" if want in ("ar", "he", "fa") else "ltr")
    print(f"  {f.stem:<10} -> {name:<60} lang={lang} dir={direction}" + ("" if ok_lang and ok_dir else "   <-- WRONG"))
    if not (ok_lang and ok_dir):
        bad.append(f.name)
if bad:
    print("wrong language or direction:", bad); sys.exit(1)
print(f"languages: every one of {len(list((out / 'articles').glob('*.txt')))} articles detected and marked")
PY
