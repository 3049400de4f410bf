#!/usr/bin/env python3
"""Compare a Spark run of `galley batch` with one direct run, record for record.

    compare-batch.py INPUT.jsonl DIRECT.jsonl SPARK.jsonl

Fails (exit 1) unless:
- each file has one line per input line;
- every converted record is byte-identical in both;
- every error record is an error record in both, with the same id, and the
  same message once line numbers are set aside (an error record's `line`
  counts within the stream galley was given: the whole file for the direct
  run, one partition under Spark). The one allowed difference: an input
  line that is not UTF-8 reaches galley under Spark already decoded by
  Hadoop's text reader (invalid bytes become U+FFFD), so its message may
  differ (it is an error record either way);
- every broken input record (ids `broken/...`, lines that are not JSON
  objects) is an error record.
"""

import json
import re
import sys

LINE = re.compile(r"\bline \d+")


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def is_broken(raw):
    try:
        v = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return True
    if not isinstance(v, dict):
        return True
    rid = v.get("id")
    return not isinstance(rid, (str, int)) or str(rid).startswith("broken/")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    inp, direct, spark = (read_lines(p) for p in sys.argv[1:])
    problems = []
    if not (len(inp) == len(direct) == len(spark)):
        sys.exit(f"line counts differ: input {len(inp)}, direct {len(direct)}, spark {len(spark)}")
    same = errors = broken = msg_decoded = 0
    for i, (raw, d, s) in enumerate(zip(inp, direct, spark), 1):
        dj, sj = json.loads(d), json.loads(s)
        if is_broken(raw):
            broken += 1
            if "error" not in dj or "error" not in sj:
                problems.append(f"line {i}: a broken record was converted ({d[:80]!r} / {s[:80]!r})")
                continue
        if "error" not in dj:
            if d != s:
                problems.append(f"line {i}: records differ (id {dj.get('id')!r})")
            else:
                same += 1
            continue
        errors += 1
        if "error" not in sj:
            problems.append(f"line {i}: error directly, converted under Spark")
            continue
        if dj.get("id") != sj.get("id"):
            problems.append(f"line {i}: error ids differ: {dj.get('id')!r} / {sj.get('id')!r}")
        if LINE.sub("line N", dj["error"]) != LINE.sub("line N", sj["error"]):
            try:
                raw.decode("utf-8")
                problems.append(f"line {i}: messages differ: {dj['error']!r} / {sj['error']!r}")
            except UnicodeDecodeError:
                msg_decoded += 1
    print(
        f"{len(inp)} records: {same} converted records byte-identical, {errors} error records "
        f"({broken} broken inputs, all errors in both runs"
        + (f"; {msg_decoded} not-UTF-8 line(s) with another message under Spark" if msg_decoded else "")
        + ")"
    )
    for p in problems[:20]:
        print("DIFF", p)
    if problems:
        sys.exit(f"{len(problems)} differences")
    if broken == 0:
        sys.exit("no broken records in the input: the check needs some")


if __name__ == "__main__":
    main()
