#!/usr/bin/env python3
"""Check galley's clean copy of the seed article (../shared/seed/article.txt).

usage: check-seed.py GALLEY_BIN SEED_TXT OUT_DIR

Converts the seed to Markdown and HTML and checks: the title, subtitle,
author and source; the three `Read` + NBSP promo lines gone; every other
sentence of the input present word for word in both outputs (sentence sets
are compared, not one grep).
"""
import html
import html.parser
import re
import subprocess
import sys

TITLE = "US and Israeli officials convene virtually to discuss pending Rafah operation"
SUBTITLE_START = "The meeting was originally scheduled"


def sentences(text):
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        if not block:
            continue
        # split after . ! ? (optionally followed by a closing quote) + space + capital/quote
        for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”\"’]))\s+(?=[A-Z“\"‘])", block):
            s = s.strip()
            if s:
                out.append(s)
    return out


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag in ("p", "h1", "h2", "h3", "li", "blockquote", "div", "header", "footer"):
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def main():
    galley, seed, out = sys.argv[1:4]
    r = subprocess.run([galley, "convert", seed, "--to", "md,html", "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"galley failed: {r.stderr}")
    stem = re.sub(r"\.[^.]*$", "", seed.rsplit("/", 1)[-1])
    md = open(f"{out}/{stem}.md", encoding="utf-8").read()
    page = open(f"{out}/{stem}.html", encoding="utf-8").read()
    src = open(seed, encoding="utf-8").read()
    fails = []

    fm, body = md.split("\n---\n", 1) if md.startswith("---\n") else ("", md)
    fm += "\n"
    # Markdown backslash escapes (`Walla\!`, `\[City\]`) stand for the literal character.
    body = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", body)
    check = lambda ok, msg: ok or fails.append(msg)
    check(f"title: {TITLE}\n" in fm, "title")
    check(re.search(r"^subtitle: " + re.escape(SUBTITLE_START), fm, re.M), "subtitle")
    check("authors:\n- Joshua Marks\n" in fm, "author")
    check("source: JNS\n" in fm, "source")

    lines = [l for l in src.split("\n") if l.strip()]
    promos = [l for l in lines if l.startswith("Read\u00a0")]
    check(len(promos) == 3, f"expected 3 promo lines in the seed, found {len(promos)}")
    p = Text()
    p.feed(page)
    page_text = html.unescape("".join(p.parts))
    for l in promos:
        headline = l.split("\u00a0", 1)[1].strip()
        check(headline not in body, f"promo still in Markdown: {headline}")
        check(headline not in page_text, f"promo still in HTML: {headline}")

    kept_src = "\n\n".join(l for l in lines[3:] if not l.startswith("Read\u00a0"))
    want = sentences(kept_src)
    md_sents = set(sentences(body))
    html_sents = set(sentences(page_text))
    md_norm = " ".join(body.split())
    html_norm = " ".join(page_text.split())
    missing_md = [s for s in want if s not in md_sents and s not in md_norm]
    missing_html = [s for s in want if s not in html_sents and s not in html_norm]
    for s in missing_md:
        fails.append(f"sentence missing from Markdown: {s}")
    for s in missing_html:
        fails.append(f"sentence missing from HTML: {s}")
    # The standfirst is in the HTML header too.
    check(SUBTITLE_START in page_text, "subtitle missing from HTML header")
    print(f"seed: {len(want)} sentences checked; {len(want) - len(missing_md)} in Markdown, {len(want) - len(missing_html)} in HTML; promos removed: {len(promos)}")
    if fails:
        print("FAIL:\n  " + "\n  ".join(fails))
        sys.exit(1)
    print("seed: OK")


if __name__ == "__main__":
    main()
