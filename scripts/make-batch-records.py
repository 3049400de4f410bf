#!/usr/bin/env python3
"""JSON Lines records for `galley batch` from the shared corpora.

    make-batch-records.py SHARED OUT.jsonl [--copies N] [--no-broken]

One record per page and kind: `{"id": "dragnet/<page>/text", "text": ...}`
from scraped.txt and `{"id": "dragnet/<page>/html", "html": ...}` from
source.html, for ../shared/corpus-dragnet and ../shared/corpus; with
`--copies N` the whole set N times (ids suffixed `#k` from the second copy on),
so 2 copies of the 1,421 pages of both corpora are 5,684 records. Then, unless
--no-broken, nine broken records among them (bad JSON, not UTF-8, no text
field, an empty text, NUL bytes in a text, not an object, a blank line, two
bodies, an id that is an object), each of which must come back as an error
record. A saved page's bytes are decoded as UTF-8, else as Windows-1252
(JSON strings are Unicode; most 2012 pages are one or the other).

The records are data for checks only: they are made in a temporary folder
by CI and never committed.
"""

import json
import os
import sys

BROKEN = [
    b'{"id": "broken/bad-json", "text": "unterminated',
    b'\xff\xfe\x00\x01binary \x00 bytes \xc3\x28',
    b'{"id": "broken/no-text", "url": "https://example.org/a"}',
    b'{"id": "broken/empty", "text": "   "}',
    b'{"id": "broken/nul", "text": "a\\u0000b\\u0000c"}',
    b'["not", "an", "object"]',
    b"",
    b'{"id": "broken/two-bodies", "text": "a", "html": "<p>b</p>"}',
    b'{"id": {"nested": 1}, "text": "x"}',
]


def decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def pages(shared):
    for corpus, name in (("corpus-dragnet", "dragnet"), ("corpus", "readability")):
        root = os.path.join(shared, corpus, "pages")
        if not os.path.isdir(root):
            continue
        for page in sorted(os.listdir(root)):
            d = os.path.join(root, page)
            for file, field in (("scraped.txt", "text"), ("source.html", "html")):
                p = os.path.join(d, file)
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        yield f"{name}/{page}/{field}", field, decode(f.read())


def main():
    args = sys.argv[1:]
    copies, broken = 1, True
    if "--copies" in args:
        i = args.index("--copies")
        copies = int(args[i + 1])
        del args[i : i + 2]
    if "--no-broken" in args:
        args.remove("--no-broken")
        broken = False
    if len(args) != 2:
        sys.exit(__doc__)
    shared, out = args
    records = list(pages(shared))
    if not records:
        sys.exit(f"no pages under {shared}/corpus-dragnet or {shared}/corpus")
    n = 0
    bad = list(BROKEN) if broken else []
    total = len(records) * copies
    # Broken records spread over the stream, not bunched at one end.
    every = max(1, total // (len(bad) + 1))
    with open(out, "wb") as f:
        for k in range(copies):
            for rid, field, body in records:
                rid = rid if k == 0 else f"{rid}#{k + 1}"
                f.write(json.dumps({"id": rid, field: body}, ensure_ascii=False).encode() + b"\n")
                n += 1
                if bad and n % every == 0:
                    f.write(bad.pop(0) + b"\n")
        for b in bad:
            f.write(b + b"\n")
    broken_n = len(BROKEN) if broken else 0
    print(f"{n} article records and {broken_n} broken ones -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
