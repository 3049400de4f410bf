#!/usr/bin/env bash
# Issue 14's acceptance on one article that holds everything
# (tests/fixtures/complete/article.md: a table, footnotes, strikethrough, a
# task list, a code block and a local PNG), converted to every format:
# HTML and EPUB carry the table, the footnote semantics and the image;
# EPUBCheck 0/0; the Nu checker 0 errors; in the PDF pdfimages lists the
# image, pdffonts a monospace font, pdftotext -layout each table row on one
# line in order and the code with its spacing, the struck phrase a line
# through it, the footnote references links to their notes and back, and the
# tag structure check passes; the Markdown round-trips.
# usage: EPUBCHECK_JAR=... VNU_JAR=... check-complete.sh GALLEY OUT_DIR
set -euo pipefail
G=$(realpath "$1"); OUT=$2
FIX=tests/fixtures/complete/article.md
mkdir -p "$OUT"
for f in md html epub pdf txt; do "$G" convert "$FIX" --to "$f" -o "$OUT/a.$f" --quiet; done
fail() { echo "complete article: $*"; exit 1; }

# HTML: table, footnotes, strikethrough, task boxes, code, the image beside the page.
for want in '<th scope="col"' 'role="doc-noteref"' 'role="doc-endnotes"' '<del>' 'type="checkbox"' '<pre' '<img src="images/tide-chart-'; do
  grep -q "$want" "$OUT/a.html" || fail "HTML has no $want"
done
img=$(grep -o 'images/tide-chart-[0-9a-f]*\.png' "$OUT/a.html" | head -1)
cmp -s "$OUT/$img" tests/fixtures/complete/tide-chart.png || fail "HTML image $img is not beside the page"
java -jar "$VNU_JAR" --errors-only "$OUT/a.html"
echo "HTML: table, notes, strikethrough, tasks, code and image; Nu checker 0 errors"

# EPUB: the same semantics, the image in the manifest, EPUBCheck 0/0.
java -jar "$EPUBCHECK_JAR" "$OUT/a.epub" > "$OUT/epubcheck.txt" 2>&1 || { cat "$OUT/epubcheck.txt"; exit 1; }
grep -q "0 fatals / 0 errors / 0 warnings" "$OUT/epubcheck.txt" || { cat "$OUT/epubcheck.txt"; exit 1; }
unzip -p "$OUT/a.epub" '*.opf' | grep -q 'media-type="image/png"' || fail "EPUB manifest has no PNG"
chap=$(unzip -p "$OUT/a.epub" 'OEBPS/a-*.xhtml')
for want in '<table' 'epub:type="noteref"' 'epub:type="footnote"' '<img ' '<del>'; do
  grep -q "$want" <<< "$chap" || fail "EPUB chapter has no $want"
done
echo "EPUB: EPUBCheck 0 fatals / 0 errors / 0 warnings; table, noterefs, footnote asides, image in the manifest"

# PDF: the image, a monospace font, rows and code as printed, tagged.
pdfimages -list "$OUT/a.pdf" | awk 'NR > 2 && $3 == "image" { n++ } END { exit !(n >= 1) }' || fail "pdfimages lists no image"
pdffonts "$OUT/a.pdf" | grep -q 'Mono' || fail "pdffonts lists no monospace font"
pdftotext -layout "$OUT/a.pdf" "$OUT/a-pdf.txt"
python3 - "$OUT/a-pdf.txt" <<'PY'
import re, sys
raw = open(sys.argv[1], encoding="utf-8").read().splitlines()
lines = [re.sub(r"\s+", " ", l).strip() for l in raw]
rows = ["Section Depth now (m) Target (m) Weeks", "Outer bar 3.1 4.5 3",
        "Beacon reach 3.8 4.5 2", "Inner basin 2.6 4.0 4"]
at = [lines.index(r) if r in lines else -1 for r in rows]
assert -1 not in at and at == sorted(at) and at[-1] - at[0] == len(rows) - 1, ("table rows", at)
# The code keeps its column spacing: two or more spaces between the fields.
code = [l for l in raw if re.search(r"\b001\s{2,}Outer bar\s{2,}06:10\s{2,}3\.10\b", l)]
assert code, "code line with its spacing"
assert any(l.startswith("1. Seven members voted") for l in lines), "footnote 1"
assert any(l.startswith("2. Depths are in metres") for l in lines), "footnote 2"
print("PDF: table rows one line each in order, code with its spacing, both footnotes")
PY
pdfinfo "$OUT/a.pdf" | grep -q '^Tagged: *yes' || fail "PDF not tagged"
# The struck phrase has a line drawn through it (an artifact stroke in the
# struck run's colour, from that run's start to the next run's, above the
# baseline), and the footnote references and numbers are GoTo links.
qpdf --qdf --object-streams=disable "$OUT/a.pdf" "$OUT/a-qdf.pdf"
qpdf --json "$OUT/a.pdf" > "$OUT/a.json"
python3 - "$OUT/a-qdf.pdf" "$OUT/a.json" <<'PY'
import json, re, sys
data = open(sys.argv[1], "rb").read().decode("latin-1")
tok = re.compile(r"/Artifact BMC|/Artifact <<[^>]*>> BDC|/[A-Za-z]+ <<[^>]*>> BDC|/[A-Za-z]+ BMC|EMC|((?:-?[\d.]+ )+)(RG|rg|w|m|l|Tm)\b")
strokes, runs = [], []
art, stroke, fill, width, start = 0, None, None, 0.0, None
for m in tok.finditer(data):
    t = m.group(0)
    if t.startswith("/Artifact"): art += 1; continue
    if t.endswith("BMC") or t.endswith("BDC"): continue
    if t == "EMC": art = max(0, art - 1); continue
    f = [float(x) for x in m.group(1).split()]
    op = m.group(2)
    if op == "RG": stroke = f
    elif op == "rg": fill = f
    elif op == "w": width = f[0]
    elif op == "m": start = f
    elif op == "l" and start: strokes.append((start[0], start[1], f[0], f[1], width, stroke, art > 0)); start = None
    elif op == "Tm": runs.append((f[4], f[5], fill))
def struck(s):
    return s[1] == s[3] and s[4] < 1 and any(r[2] == s[5] and abs(r[0] - s[0]) < 0.02 and r[1] < s[1] < r[1] + 5 for r in runs)
strikes = [s for s in strokes if struck(s)]
assert len(strikes) == 1, ("one strike line", strikes)
x0, y, x1, _, w, color, artifact = strikes[0]
assert artifact, "strike line outside an artifact"
k = next(i for i, r in enumerate(runs) if r[2] == color and abs(r[0] - x0) < 0.02)
base = runs[k][1]
assert runs[k + 1][1] == base and abs(runs[k + 1][0] - x1) < 0.02, ("strike ends where the text after starts", x1, runs[k + 1])
assert 1.8 < y - base < 3.5, ("strike through the x-height's middle", y - base)
j = json.load(open(sys.argv[2]))
objs = j["qpdf"][1]
pages = [p["object"] for p in j["pages"]]
links = []
for v in objs.values():
    d = v.get("value")
    if isinstance(d, dict) and d.get("/Subtype") == "/Link":
        a = d["/A"]
        assert a["/S"] == "/GoTo" and "/StructParent" in d, d
        links.append((pages.index(d["/P"]), pages.index(a["/D"][0]), d["/Rect"][1], a["/D"][3]))
assert len(links) == 4, ("2 references and 2 note numbers link", links)
refs = [l for l in links if l[2] > 200]
assert len(refs) == 2 and all(l[3] < 120 for l in refs), ("references go to the page foot", links)
print("PDF: the struck phrase has its line (%.2f to %.2f, %.2f pt above the baseline, an artifact); %d footnote links" % (x0, x1, y - base, len(links)))
PY
python3 scripts/check-pdf-tags.py "$OUT/a.pdf" | tee "$OUT/tags.txt"
for role in 'Table 1' 'TH 4' 'Note 2' 'Figure 1' 'Code 1' 'H1 1'; do
  grep -q "[:,] $role\b" "$OUT/tags.txt" || fail "structure tree has no $role"
done

# Markdown: converting galley's output again changes nothing.
"$G" convert "$OUT/a.md" --to md -o "$OUT/a2.md" --quiet
cmp "$OUT/a.md" "$OUT/a2.md" || fail "Markdown does not round-trip"
echo "Markdown: round-trips"
