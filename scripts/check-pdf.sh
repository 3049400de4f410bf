#!/usr/bin/env bash
# CI check of the PDF backend with external validators (qpdf, pdffonts,
# pdftotext): builds a fictional 12-article briefing, a single article and the
# bundled example book, and checks structure, fonts (all embedded and subset)
# and text order.
#
# Usage: scripts/check-pdf.sh [WORKDIR]   (needs a built target/debug or PROFILE=release)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=${1:-$(mktemp -d)}
PROFILE=${PROFILE:-debug}
FLAG=""; [ "$PROFILE" = release ] && FLAG="--release"
(cd "$ROOT" && cargo build $FLAG -q --example pdf_book --bin galley)
python3 "$ROOT/scripts/gen-articles.py" "$W/articles" 12 7
"$ROOT/target/$PROFILE/examples/pdf_book" "$W/articles" "$W/book.pdf" 5
"$ROOT/target/$PROFILE/galley" convert "$W/articles/article-000.md" --to pdf -o "$W/single.pdf"
# The bundled example briefing (book.toml at the repository root).
(cd "$ROOT" && "$ROOT/target/$PROFILE/galley" build --to pdf --dest "$W/example" --quiet)
fail=0
for pdf in "$W/book.pdf" "$W/single.pdf" "$W"/example/*.pdf; do
  qpdf --check "$pdf" >/dev/null || { echo "qpdf --check failed: $pdf"; qpdf --check "$pdf"; fail=1; }
  # Every font embedded (emb) and subset (sub).
  if pdffonts "$pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1; print } END { exit bad }'; then
    echo "pdffonts: all fonts embedded and subset: $pdf"
  else
    echo "pdffonts: a font is not embedded or not subset: $pdf"; fail=1
  fi
done
python3 "$ROOT/scripts/check-pdf-text.py" "$W/book.pdf" "$W"/articles/*.md || fail=1
python3 "$ROOT/scripts/check-pdf-text.py" "$W/single.pdf" "$W/articles/article-000.md" || fail=1
exit $fail
