#!/usr/bin/env python3
"""Checks a tagged PDF's structure over `qpdf --json` (no PDF/UA or PDF/A
validator is installable from the registries galley's CI reaches).

Fails unless:
- the catalog has /StructTreeRoot, /MarkInfo <</Marked true>> and /Lang;
- every text-showing and painting operator of every page's content stream
  is inside marked content that is an /Artifact or has an MCID, and every
  MCID maps through the /ParentTree (the page's /StructParents) to a
  structure element whose /K holds that MCID on that page;
- every /Figure element has a non-empty /Alt;
- every link annotation has a /StructParent that maps to a /Link element
  holding it as an /OBJR.

With --standard a-2b|ua-1 it also checks the metadata stream: the XMP has
pdfaid:part 2 and conformance B (or pdfuaid:part 1), dc:title equal to the
/Info title, and (PDF/A-2b) an sRGB output intent with an ICC profile.

Usage: check-pdf-tags.py FILE.pdf [--standard a-2b|ua-1] [--quiet]
"""

import base64
import json
import re
import subprocess
import sys
from collections import Counter

PAINT = {b"TJ", b"Tj", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*",
         b"b", b"b*", b"Do", b"sh", b"BI"}


def load(path):
    out = subprocess.run(
        ["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", path],
        check=True, capture_output=True).stdout
    j = json.loads(out)
    objs = {}
    trailer = None
    for k, v in j["qpdf"][1].items():
        if k == "trailer":
            trailer = v["value"]
        elif k.startswith("obj:"):
            objs[k[4:]] = v
    return objs, trailer


class Doc:
    def __init__(self, path):
        self.objs, self.trailer = load(path)

    def get(self, x):
        """Follows a reference; returns the value (or the stream dict)."""
        if isinstance(x, str) and x.endswith(" R"):
            o = self.objs.get(x)
            if o is None:
                return None
            if "value" in o:
                return o["value"]
            return o["stream"]["dict"]
        return x

    def data(self, ref):
        o = self.objs.get(ref)
        if not o or "stream" not in o:
            return b""
        d = o["stream"].get("data")
        return base64.b64decode(d) if d else b""


def text(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return v


def tokens(data):
    """A small content-stream tokenizer: yields (kind, value)."""
    i, n = 0, len(data)
    ws = b" \t\r\n\f\0"
    delim = b"()<>[]{}/%"
    while i < n:
        c = data[i:i + 1]
        if c in ws:
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, i = 1, i + 1
            while i < n and depth:
                ch = data[i:i + 1]
                if ch == b"\\":
                    i += 2
                    continue
                depth += {b"(": 1, b")": -1}.get(ch, 0)
                i += 1
            yield ("str", None)
        elif data[i:i + 2] == b"<<":
            yield ("<<", None)
            i += 2
        elif data[i:i + 2] == b">>":
            yield (">>", None)
            i += 2
        elif c == b"<":
            j = data.index(b">", i)
            yield ("str", None)
            i = j + 1
        elif c in b"[]":
            yield (c.decode(), None)
            i += 1
        elif c == b"/":
            j = i + 1
            while j < n and data[j:j + 1] not in ws and data[j:j + 1] not in delim:
                j += 1
            yield ("name", data[i + 1:j])
            i = j
        else:
            j = i
            while j < n and data[j:j + 1] not in ws and data[j:j + 1] not in delim:
                j += 1
            if j == i:
                j += 1
            w = data[i:j]
            if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", w):
                yield ("num", w)
            else:
                yield ("op", w)
            i = j


def marked_content(data):
    """Yields ('mc', tag, mcid or None) for each BDC/BMC, ('end',) for EMC,
    ('paint', op) for each painting or text-showing operator."""
    operands = []
    depth = 0  # inside << >> of an inline property list
    for kind, val in tokens(data):
        if kind == "<<":
            depth += 1
            operands.append(("<<", None))
            continue
        if kind == ">>":
            depth -= 1
            operands.append((">>", None))
            continue
        if kind != "op" or depth > 0:
            operands.append((kind, val))
            continue
        if val == b"BDC" or val == b"BMC":
            tag = next((v for k, v in operands if k == "name"), b"")
            mcid = None
            for a, b in zip(operands, operands[1:]):
                if a == ("name", b"MCID") and b[0] == "num":
                    mcid = int(b[1])
            yield ("mc", tag, mcid)
        elif val == b"EMC":
            yield ("end",)
        elif val in PAINT:
            yield ("paint", val)
        operands = []


def pages_of(doc, node, out):
    d = doc.get(node)
    if d.get("/Type") == "/Pages":
        for k in d.get("/Kids", []):
            pages_of(doc, k, out)
    else:
        out.append((node, d))


def nums(doc, node, out):
    d = doc.get(node)
    arr = d.get("/Nums", [])
    for k in range(0, len(arr) - 1, 2):
        out[arr[k]] = arr[k + 1]
    for kid in d.get("/Kids", []):
        nums(doc, kid, out)


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    std = None
    if "--standard" in args:
        std = args[args.index("--standard") + 1]
    path = [a for a in args if a.endswith(".pdf")][0]
    doc = Doc(path)
    errors = []
    root = doc.get(doc.trailer["/Root"])
    str_root = doc.get(root.get("/StructTreeRoot"))
    if not str_root:
        print(f"{path}: no /StructTreeRoot (the PDF is not tagged)")
        return 1
    if not (doc.get(root.get("/MarkInfo")) or {}).get("/Marked"):
        errors.append("/MarkInfo /Marked is not true")
    if not text(root.get("/Lang")):
        errors.append("no /Lang in the catalog")
    if not (doc.get(root.get("/ViewerPreferences")) or {}).get("/DisplayDocTitle"):
        errors.append("no /ViewerPreferences /DisplayDocTitle true")
    parent = {}
    nums(doc, str_root["/ParentTree"], parent)

    # Every element: its role; figures need /Alt.
    roles = Counter()
    elem_refs = {}
    stack = [str_root.get("/K")]
    seen = set()
    while stack:
        k = stack.pop()
        if isinstance(k, list):
            stack.extend(k)
            continue
        if not (isinstance(k, str) and k.endswith(" R")) or k in seen:
            continue
        seen.add(k)
        e = doc.get(k)
        if not isinstance(e, dict) or e.get("/Type") not in (None, "/StructElem"):
            continue
        if "/S" not in e:
            continue
        role = e["/S"][1:]
        roles[role] += 1
        elem_refs[k] = e
        if role == "Figure" and not (text(e.get("/Alt")) or "").strip():
            errors.append(f"Figure {k} has no /Alt")
        stack.append(e.get("/K"))

    def holds_mcid(eref, page_ref, mcid):
        e = elem_refs.get(eref)
        if e is None:
            return False
        kids = e.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for k in kids:
            if isinstance(k, int) and k == mcid and e.get("/Pg") == page_ref:
                return True
            if isinstance(k, dict) and k.get("/MCID") == mcid and k.get("/Pg", e.get("/Pg")) == page_ref:
                return True
        return False

    pages = []
    pages_of(doc, root["/Pages"], pages)
    n_mcids = n_paint = n_artifact_paint = 0
    for pno, (pref, page) in enumerate(pages, 1):
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(doc.data(r) for r in refs if r)
        key = page.get("/StructParents")
        arr = doc.get(parent.get(key)) if key is not None else None
        mc_stack = []
        for ev in marked_content(data):
            if ev[0] == "mc":
                mc_stack.append(ev)
                if ev[2] is not None:
                    n_mcids += 1
                    if arr is None:
                        errors.append(f"page {pno}: MCID {ev[2]} but no /StructParents entry")
                    elif ev[2] >= len(arr) or not holds_mcid(arr[ev[2]], pref, ev[2]):
                        errors.append(f"page {pno}: MCID {ev[2]} does not map to an element holding it")
            elif ev[0] == "end":
                if not mc_stack:
                    errors.append(f"page {pno}: EMC without BDC/BMC")
                else:
                    mc_stack.pop()
            else:
                n_paint += 1
                if any(m[1] == b"Artifact" for m in mc_stack):
                    n_artifact_paint += 1
                elif not any(m[2] is not None for m in mc_stack):
                    errors.append(f"page {pno}: '{ev[1].decode()}' outside any tagged or artifact content")
        if mc_stack:
            errors.append(f"page {pno}: marked content left open")
        for a in page.get("/Annots", []) or []:
            ad = doc.get(a)
            if ad.get("/Subtype") != "/Link":
                continue
            sp = ad.get("/StructParent")
            e = parent.get(sp) if sp is not None else None
            ed = elem_refs.get(e) if e else None
            if ed is None or ed.get("/S") != "/Link":
                errors.append(f"page {pno}: link annotation {a} is not in a Link element")
                continue
            kids = ed.get("/K")
            kids = kids if isinstance(kids, list) else [kids]
            if not any(isinstance(k, dict) and k.get("/Type") == "/OBJR" and k.get("/Obj") == a for k in kids):
                errors.append(f"page {pno}: Link element {e} does not hold annotation {a}")

    if std:
        md = root.get("/Metadata")
        xmp = doc.data(md).decode("utf-8", "replace") if md else ""
        info = doc.get(doc.trailer.get("/Info")) or {}
        if not xmp:
            errors.append("no metadata stream")
        if std == "a-2b":
            if "<pdfaid:part>2</pdfaid:part>" not in xmp or "<pdfaid:conformance>B</pdfaid:conformance>" not in xmp:
                errors.append("XMP lacks pdfaid:part 2 / conformance B")
            intents = root.get("/OutputIntents") or []
            ok = False
            for oi in intents:
                oid = doc.get(oi)
                prof = oid.get("/DestOutputProfile")
                pdata = doc.data(prof) if prof else b""
                if oid.get("/S") == "/GTS_PDFA1" and pdata[36:40] == b"acsp" and pdata[16:20] == b"RGB ":
                    ok = True
            if not ok:
                errors.append("no sRGB output intent with an ICC profile")
        if std == "ua-1" and "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
            errors.append("XMP lacks pdfuaid:part 1")
        title = text(info.get("/Title"))
        m = re.search(r'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', xmp, re.S)
        unesc = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        if not m or unesc(m.group(1)) != title:
            errors.append(f"XMP dc:title does not match /Info /Title ({title!r})")

    for e in errors[:40]:
        print(f"{path}: {e}")
    if len(errors) > 40:
        print(f"{path}: ... {len(errors) - 40} more")
    if not quiet or errors:
        top = ", ".join(f"{r} {c}" for r, c in roles.most_common())
        print(f"{path}: {len(pages)} pages, {n_mcids} MCIDs, {n_paint} painting operators "
              f"({n_artifact_paint} artifacts); elements: {top}"
              + (f"; standard {std}: metadata checked" if std else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
