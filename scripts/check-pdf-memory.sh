#!/usr/bin/env bash
# Issue 14 item 7: a 50 MB article that is one paragraph (no newline in its
# body) and an article of 1,000,000 tiny paragraphs, each converted to PDF
# in under 1 GB (10^9 bytes) of peak memory (GNU time's maximum resident
# set size, which it reports in KiB: the limit is 976,562 KiB).
# Also checks the PDFs: pdfinfo reads them, tagged, the last words on the last page.
#
# usage: scripts/check-pdf-memory.sh GALLEY WORKDIR
set -euo pipefail
G=$1
W=$2
LIMIT_KB=${LIMIT_KB:-976562}
mkdir -p "$W"
if [ ! -x /usr/bin/time ]; then
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends time) > "$W/time-install.log" 2>&1 || { tail -5 "$W/time-install.log"; exit 1; }
fi
python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
sent = [
    "The harbour council met on Tuesday to discuss the new ferry timetable, which adds two evening crossings.",
    "Residents had asked for later boats for years, according to a statement from the council transport office.",
    "Opposition members said the plan came too late and would cost more than the budget allowed.",
    "The operator expects the first evening crossing to run in May, weather permitting.",
]
with open(f"{w}/one-line.txt", "w", encoding="utf-8") as f:
    f.write("A harbour timetable in one paragraph\n\n")
    size, i = 0, 0
    while size < 50_000_000:
        s = f"{sent[i % 4]} This is sentence {i}. "
        f.write(s)
        size += len(s)
        i += 1
    f.write("The end of the single paragraph.\n")
with open(f"{w}/tiny.txt", "w", encoding="utf-8") as f:
    f.write("A million tiny paragraphs\n\n")
    for i in range(1_000_000):
        f.write(f"Para {i} ends here.\n\n")
PY
fail=0
for name in one-line tiny; do
  /usr/bin/time -f "%e %M" -o "$W/$name.time" "$G" convert "$W/$name.txt" --to pdf -o "$W/$name.pdf" --quiet
  read -r secs kb < "$W/$name.time"
  # (qpdf --check on these 70 and 140 MB files takes longer than converting
  # them; the PDF checks above run it on the books, built the same way.)
  pdfinfo "$W/$name.pdf" | grep -q '^Tagged: *yes' || { echo "FAIL: $name.pdf is not tagged"; fail=1; }
  pages=$(pdfinfo "$W/$name.pdf" | awk '/^Pages:/ { print $2 }')
  last=$(pdftotext -f "$pages" -l "$pages" "$W/$name.pdf" - | tr -s ' \n' '  ')
  case $name in
    one-line) want="The end of the single paragraph." ;;
    tiny) want="Para 999999 ends here." ;;
  esac
  case $last in *"$want"*) ;; *) echo "FAIL: the last page of $name.pdf does not end with \"$want\""; fail=1 ;; esac
  echo "$name: $(stat -c %s "$W/$name.txt") bytes in, $pages pages, ${secs} s, $((kb / 1024)) MiB ($((kb * 1024 / 1000000)) MB) peak"
  if [ "$kb" -ge "$LIMIT_KB" ]; then
    echo "FAIL: $name used $((kb * 1024 / 1000000)) MB, the limit is $((LIMIT_KB * 1024 / 1000000)) MB"
    fail=1
  fi
  rm -f "$W/$name.pdf"
done
rm -f "$W/one-line.txt" "$W/tiny.txt"
exit $fail
