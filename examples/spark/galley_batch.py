#!/usr/bin/env python3
"""Clean an archive of articles with Spark: an RDD of JSON Lines piped
through `galley batch`.

    spark-submit galley_batch.py --galley /opt/galley/galley \
        --input  hdfs:///archive/articles.jsonl \
        --output hdfs:///archive/clean        [--to md,html] [--partitions N]

Each input line is one article record (`{"id", "text" | "markdown" | "html",
"url"?, "title"?, ...}`). `rdd.pipe` starts one `galley batch --jobs 1`
process per partition (Spark gives each task one core), writes the
partition's lines to its stdin and reads one output record per input line
back, in order, so the output keeps the input's partitioning and order:
`collect()` or `saveAsTextFile` gives the records in input order. A broken
input line comes back as an error record `{"id"?, "line", "error"}` (its
`line` counts within the partition) and the job goes on.

galley is one self-contained binary: ship it to the workers with
`spark-submit --files galley` (then pass `--galley ./galley`), or install it
at the same path on every node (the README's "Running at scale").

`--collect FILE` (for tests and small runs) writes the records to one local
file instead of `--output`.
"""

import argparse
import os
import shlex
import sys


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--galley", required=True, help="path of the galley binary on the workers")
    p.add_argument("--input", required=True, help="JSON Lines of articles (any Spark path)")
    p.add_argument("--output", help="folder for the output records (saveAsTextFile)")
    p.add_argument("--collect", help="write the records to this local file instead")
    p.add_argument("--to", default="md", help="formats in each record: md, html, txt")
    p.add_argument("--partitions", type=int, default=0, help="input partitions (default: Spark's)")
    p.add_argument("--master", default=None, help="e.g. local[2] (default: spark-submit's)")
    a = p.parse_args(argv)
    if not (a.output or a.collect):
        p.error("give --output or --collect")

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("galley-batch")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")

    lines = sc.textFile(a.input, minPartitions=a.partitions or None) if a.partitions else sc.textFile(a.input)
    # One galley process per partition; --quiet: its summary line on
    # stderr is not wanted in the task logs. A partition with broken
    # records makes galley exit 1: checkCode=False keeps the job going
    # (the error records are in the output).
    # (`pipe` runs the command with only the variables given here.)
    cmd = shlex.join([a.galley, "batch", "--jobs", "1", "--to", a.to, "--quiet"])
    env = {k: os.environ[k] for k in ("SOURCE_DATE_EPOCH",) if k in os.environ}
    records = lines.pipe(cmd, env=env, checkCode=False)
    if a.collect:
        with open(a.collect, "w", encoding="utf-8") as f:
            for r in records.toLocalIterator():
                f.write(r + "\n")
    else:
        records.saveAsTextFile(a.output)
    spark.stop()


if __name__ == "__main__":
    sys.exit(main())
