#!/usr/bin/env bash
# issue 16 in CI: `galley batch` under Spark (local[2], PySpark from PyPI)
# equals one direct `galley batch` run record for record, on >= 5,000
# records of both shared corpora (scraped text and saved HTML) plus broken
# records, which must come back as error records; then the briefings
# example (mapPartitions over a manifest) on a small store.
#
#   scripts/ci-batch.sh GALLEY_BIN SHARED OUT
set -euo pipefail
G=$1
SHARED=$2
OUT=$3
mkdir -p "$OUT"
ROOT=$(cd "$(dirname "$0")/.." && pwd)

# PySpark in its own venv (kept between runs on one machine). Java is
# already there for EPUBCheck; PySpark 4 needs Java 17.
VENV=${SPARK_VENV:-/tmp/galley-spark-venv}
if ! "$VENV/bin/python" -c 'import pyspark' 2> /dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pyspark > "$OUT/pip.log" 2>&1 || { tail -20 "$OUT/pip.log"; exit 1; }
fi
"$VENV/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'
export PYSPARK_PYTHON="$VENV/bin/python"

python3 "$ROOT/scripts/make-batch-records.py" "$SHARED" "$OUT/records.jsonl" --copies 2

# One direct run (exit 1: the broken records failed, as they must).
rc=0
/usr/bin/time -f "direct galley batch: %e s, %M KB peak" "$G" batch --quiet < "$OUT/records.jsonl" > "$OUT/direct.jsonl" || rc=$?
[ "$rc" -eq 1 ] || { echo "galley batch exited $rc (expected 1: some records are broken)"; exit 1; }

# The Spark example: 4 partitions on 2 local cores, one galley per partition.
start=$SECONDS
"$VENV/bin/python" "$ROOT/examples/spark/galley_batch.py" --master 'local[2]' --galley "$G" \
  --input "$OUT/records.jsonl" --partitions 4 --collect "$OUT/spark.jsonl" 2> "$OUT/spark.log" \
  || { tail -30 "$OUT/spark.log"; exit 1; }
echo "Spark local[2] run: $((SECONDS - start)) s"
python3 "$ROOT/scripts/compare-batch.py" "$OUT/records.jsonl" "$OUT/direct.jsonl" "$OUT/spark.jsonl"

# Briefings under Spark: a store of 200 articles from the direct run, 40
# readers of 5 articles (one with an unknown article id), 3 partitions.
python3 - "$OUT" << 'EOF'
import json, sys
out = sys.argv[1]
n = 0
with open(f"{out}/direct.jsonl") as src, open(f"{out}/store.jsonl", "w") as store:
    ids = []
    for line in src:
        r = json.loads(line)
        if "error" in r or not str(r["id"]).endswith("/text") or "#" in str(r["id"]):
            continue
        store.write(line)
        ids.append(r["id"])
        if len(ids) == 200:
            break
with open(f"{out}/readers.jsonl", "w") as m:
    for k in range(40):
        arts = [ids[(k * 7 + j * 13) % len(ids)] for j in range(5)]
        if k == 17:
            arts[2] = "no-such-article"
        m.write(json.dumps({"reader": f"reader-{k:03}", "title": f"Briefing {k}", "articles": arts,
                            "formats": ["epub"]}) + "\n")
EOF
"$VENV/bin/python" "$ROOT/examples/spark/galley_briefings.py" --master 'local[2]' --galley "$G" \
  --manifest "$OUT/readers.jsonl" --articles "$OUT/store.jsonl" --dest "$OUT/books" \
  --partitions 3 --collect "$OUT/briefings.jsonl" 2> "$OUT/briefings.log" && bstatus=0 || bstatus=$?
[ "$bstatus" -eq 1 ] || { tail -30 "$OUT/briefings.log"; echo "briefings job exited $bstatus (expected 1: one reader names an unknown article)"; exit 1; }
python3 - "$OUT" << 'EOF'
import json, os, sys
out = sys.argv[1]
recs = [json.loads(l) for l in open(f"{out}/briefings.jsonl")]
built = [r for r in recs if "files" in r]
failed = [r for r in recs if "error" in r]
assert len(recs) == 40, len(recs)
assert len(built) == 39 and len(failed) == 1, (len(built), failed)
assert failed[0]["reader"] == "reader-017" and "no-such-article" in failed[0]["error"], failed
for r in built:
    assert os.path.getsize(os.path.join(out, "books", r["files"][0])) > 0
print(f"briefings under Spark: {len(built)} EPUBs built, 1 reader failed as it should ({failed[0]['error']})")
EOF
if [ -n "${EPUBCHECK_JAR:-}" ]; then
  for f in $(ls "$OUT"/books/*.epub | head -5); do
    java -jar "$EPUBCHECK_JAR" --failonwarnings "$f" > "$OUT/epubcheck.log" 2>&1 || { cat "$OUT/epubcheck.log"; exit 1; }
  done
  echo "EPUBCheck: 5 briefings, 0 errors, 0 warnings"
fi
rm -rf "$OUT"
