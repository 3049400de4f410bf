#!/usr/bin/env bash
# Benchmarks galley's PDF backend against pandoc -t typst + the typst compiler.
#
# Usage: scripts/bench-pdf-vs-typst.sh [N_ARTICLES] [WORKDIR]
#
# Generates N fictional Markdown articles (scripts/gen-articles.py), builds one
# PDF briefing from them with galley (release build of examples/pdf_book.rs)
# and with typst (pandoc converts the same articles to one .typ file first),
# and times with hyperfine:
#   galley        : Markdown -> normalized Documents -> typeset PDF
#   galley-1thread: the same on one thread (RAYON_NUM_THREADS=1)
#   typst         : the typst compile step alone (python binding)
#   pandoc+typst  : pandoc -t typst, then typst compile
# Prints the medians, the ratio galley : typst, and the file sizes.
set -euo pipefail
N=${1:-100}
W=${2:-$(mktemp -d)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PANDOC=${PANDOC:-/tmp/checkers-venv/lib/python3.11/site-packages/pypandoc/files/pandoc}
PY=${TYPST_PYTHON:-/tmp/checkers-venv/bin/python}
mkdir -p "$W"
python3 "$ROOT/scripts/gen-articles.py" "$W/articles" "$N"
(cd "$ROOT" && cargo build --release --example pdf_book -q)
BIN="$ROOT/target/release/examples/pdf_book"

# One Markdown file for pandoc: each article's title, standfirst, byline and body.
python3 - "$W" <<'PY'
import glob, os, re, sys
w = sys.argv[1]
out = []
for f in sorted(glob.glob(os.path.join(w, "articles", "*.md"))):
    text = open(f, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    meta, body = {}, text
    if m:
        body = text[m.end():]
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip().strip('"')
    out.append(f"# {meta.get('title', 'Untitled')}\n\n*{meta.get('subtitle', '')}*\n\n"
               f"{meta.get('authors', '').strip('[]').replace(chr(34), '')} · {meta.get('source', '')} · "
               f"{meta.get('date', '')}\n\n<{meta.get('url', '')}>\n\n{body}\n")
open(os.path.join(w, "book.md"), "w", encoding="utf-8").write("\n".join(out))
open(os.path.join(w, "header.typ"), "w").write(
    '#set page(paper: "a4", numbering: "1 / 1")\n'
    '#set par(justify: true)\n'
    '#set text(hyphenate: true)\n'
    '#show heading.where(level: 1): it => { pagebreak(weak: true); it }\n')
PY
PANDOC_CMD="$PANDOC -s -t typst --toc -M title='Coastal Affairs Briefing' -M lang=en --include-in-header=$W/header.typ $W/book.md -o $W/book.typ"
eval "$PANDOC_CMD"
TYPST_CMD="$PY -c \"import typst; typst.compile('$W/book.typ', output='$W/typst.pdf')\""

hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$W/bench.json" \
  -n galley "$BIN $W/articles $W/galley.pdf" \
  -n galley-1thread "env RAYON_NUM_THREADS=1 $BIN $W/articles $W/galley-1thread.pdf" \
  -n typst "$TYPST_CMD" \
  -n pandoc+typst "$PANDOC_CMD && $TYPST_CMD"

python3 - "$W" <<'PY'
import json, os, sys
w = sys.argv[1]
r = {x["command"]: x for x in json.load(open(os.path.join(w, "bench.json")))["results"]}
g, g1, t, pt = (r[k]["median"] for k in ("galley", "galley-1thread", "typst", "pandoc+typst"))
gs, ts = (os.path.getsize(os.path.join(w, f)) for f in ("galley.pdf", "typst.pdf"))
if open(os.path.join(w, "galley.pdf"), "rb").read() != open(os.path.join(w, "galley-1thread.pdf"), "rb").read():
    print("WARNING: galley.pdf and galley-1thread.pdf differ")
print(f"median galley        {g:.3f} s")
print(f"median galley 1 thread {g1:.3f} s (typst / galley 1 thread = {t / g1:.2f}x)")
print(f"median typst compile {t:.3f} s   (typst / galley = {t / g:.2f}x)")
print(f"median pandoc+typst  {pt:.3f} s   (pandoc+typst / galley = {pt / g:.2f}x)")
print(f"size galley.pdf {gs} bytes, typst.pdf {ts} bytes (galley / typst = {gs / ts:.2f})")
PY
echo "outputs in $W"
