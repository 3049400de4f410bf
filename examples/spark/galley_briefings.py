#!/usr/bin/env python3
"""Per-reader morning briefings with Spark: a `mapPartitions` job over the
readers' manifest that runs `galley build --manifest` once per partition.

    spark-submit galley_briefings.py --galley /opt/galley/galley \
        --manifest hdfs:///briefings/readers.jsonl \
        --articles /shared/store.jsonl \
        --dest     /shared/books            [--partitions N]

Each manifest line is `{"reader": id, "title"?, "articles": [ids...],
"formats": ["epub", "pdf"]}`. Every partition writes its lines to a
temporary manifest and runs one galley process on it: galley reads the
article store (as `galley batch` wrote it) and normalizes each article once,
then renders each of the partition's readers' books from those documents
into `DEST/<reader>.epub|pdf`, each file renamed into place. `--articles` and
`--dest` must be paths every worker sees (a shared file system); galley
locks `DEST` while it commits, so partitions may share it.

The job's result is one JSON line per reader: `{"reader", "files",
"articles"}`, or `{"reader"?, "line", "error"}` for a reader that failed
(an unknown article id, a bad line); the others are built regardless.
`--collect FILE` writes those lines to a local file; otherwise they are
counted and the failures printed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile


def build_partition(galley, articles, dest):
    """The function mapPartitions runs: one galley process per partition."""

    def run(lines):
        lines = [l for l in lines if l.strip()]
        if not lines:
            return
        with tempfile.TemporaryDirectory(prefix="galley-briefings-") as tmp:
            manifest = os.path.join(tmp, "readers.jsonl")
            with open(manifest, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            p = subprocess.run(
                [galley, "build", "--manifest", manifest, "--articles", articles,
                 "--dest", dest, "--jobs", "1", "--quiet"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            # Exit 1 = some readers failed: their error records are in stdout.
            if p.returncode not in (0, 1):
                raise RuntimeError(f"galley build failed ({p.returncode}): {p.stderr.strip()}")
            for out in p.stdout.splitlines():
                yield out

    return run


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--galley", required=True)
    p.add_argument("--manifest", required=True, help="readers' JSON Lines (any Spark path)")
    p.add_argument("--articles", required=True, help="the article store, on a path every worker sees")
    p.add_argument("--dest", required=True, help="output folder, on a path every worker sees")
    p.add_argument("--partitions", type=int, default=0)
    p.add_argument("--collect", help="write the per-reader lines to this local file")
    p.add_argument("--master", default=None)
    a = p.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("galley-briefings")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    readers = sc.textFile(a.manifest, minPartitions=a.partitions) if a.partitions else sc.textFile(a.manifest)
    results = readers.mapPartitions(build_partition(a.galley, os.path.abspath(a.articles), os.path.abspath(a.dest)))
    failed = 0
    out = open(a.collect, "w", encoding="utf-8") if a.collect else None
    for line in results.toLocalIterator():
        if "error" in json.loads(line):
            failed += 1
            if not out:
                print(line, file=sys.stderr)
        if out:
            out.write(line + "\n")
    if out:
        out.close()
    spark.stop()
    print(f"briefings: {failed} readers failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
