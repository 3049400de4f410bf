#!/usr/bin/env bash
# Issue 14 items 1-2: the GFM fixture article (table, footnotes,
# strikethrough, task list) in every format. EPUBCheck 0 errors / 0 warnings,
# the Nu checker 0 errors on the HTML, the PDF's table rows one line each in
# order (pdftotext -layout) with its footnotes, the Markdown a fixed point.
# usage: EPUBCHECK_JAR=... VNU_JAR=... check-gfm.sh GALLEY OUT_DIR
set -euo pipefail
G=$(realpath "$1"); OUT=$2
FIX=tests/fixtures/gfm/harbour-fees.md
mkdir -p "$OUT"
for f in md html epub pdf txt; do "$G" convert "$FIX" --to "$f" -o "$OUT/gfm.$f" --quiet; done
java -jar "$EPUBCHECK_JAR" "$OUT/gfm.epub" > "$OUT/epubcheck.txt" 2>&1 || { cat "$OUT/epubcheck.txt"; exit 1; }
grep -q "0 fatals / 0 errors / 0 warnings" "$OUT/epubcheck.txt" || { cat "$OUT/epubcheck.txt"; exit 1; }
echo "EPUBCheck: 0 fatals / 0 errors / 0 warnings"
java -jar "$VNU_JAR" --errors-only "$OUT/gfm.html"
echo "Nu HTML checker: 0 errors"
for want in 'role="doc-noteref"' 'role="doc-endnotes"' '<th scope="col"' '<del>' 'type="checkbox"'; do
  grep -q "$want" "$OUT/gfm.html" || { echo "HTML: no $want"; exit 1; }
done
unzip -p "$OUT/gfm.epub" 'OEBPS/a-*.xhtml' | grep -c 'epub:type="footnote"' | grep -qx 2 || { echo "EPUB: not two footnote asides"; exit 1; }
pdftotext -layout "$OUT/gfm.pdf" "$OUT/gfm-pdf.txt"
python3 - "$OUT/gfm-pdf.txt" <<'PY'
import re, sys
lines = [re.sub(r"\s+", " ", l).strip() for l in open(sys.argv[1], encoding="utf-8")]
rows = ["Port Berths Daily fee (EUR) Change", "Northwick 120 18.50 +12%",
        "Saltmarsh 45 9.00 none", "Greyhaven 310 24.75 +8%", "Little Orm 12 6.00 none"]
at = [lines.index(r) if r in lines else -1 for r in rows]
assert -1 not in at and at == sorted(at) and at[-1] - at[0] == len(rows) - 1, (at, lines)
assert any(l.startswith("1. The schedule runs") for l in lines), "footnote 1"
print("pdftotext -layout: the 5 table rows one line each, in order; footnotes set")
PY
"$G" convert "$OUT/gfm.md" --to md -o "$OUT/gfm2.md" --quiet
cmp "$OUT/gfm.md" "$OUT/gfm2.md" && echo "Markdown: converting galley's output again changes nothing"
