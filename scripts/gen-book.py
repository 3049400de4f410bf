#!/usr/bin/env python3
"""Generate N fictional articles and a book.toml for tests and benchmarks.

usage: gen-book.py N DIR [--md-only] [--sections K] [--paragraphs P]

Writes DIR/articles/NNNN-slug.{txt,md} (scraped-style text with promo lines,
delimiters and share prompts, or Markdown with YAML front matter) and
DIR/book.toml grouping them in K sections, with markdown, html and epub
outputs. Deterministic: the same arguments give the same files.
"""
import argparse
import os
import random

PLACES = ["Marrow Bay", "Skerrin", "Gull Point", "Lowtown", "the north quay", "Eastshore", "Harrow Sands", "Kelp Island"]
PEOPLE = ["Ana Lima", "Tomas Reyes", "Ines Calloway", "Ravi Mehta", "Hannah Petrov", "Marta Quint", "Oluwaseun Hart", "Colm Arden", "Ruth Okafor", "Lena Vasquez"]
SOURCES = ["The Marrow Bay Courier", "Harbour Weekly", "The Coastal Ledger", "Bay Nature Notes", "Island Radio News"]
SUBJECTS = ["The council", "The ferry operator", "The harbour authority", "A local charity", "The school board", "Fishing crews", "The wildlife group", "Residents"]
VERBS = ["approved", "rejected", "postponed", "announced", "questioned", "welcomed", "criticised", "reviewed"]
OBJECTS = ["a plan to widen the coast road", "new rules for visiting yachts", "the winter ferry timetable", "a grant for the sea wall", "higher parking charges", "a survey of the dunes", "the library's opening hours", "a proposal for a new jetty"]
TAILS = ["after a long debate on Tuesday", "despite objections from island councillors", "following a public consultation", "at a meeting in the town hall", "without a formal vote", "for the second time this year"]
QUOTES = ["We have listened to what people told us", "This is not the end of the discussion", "The numbers simply did not add up", "People here deserve a straight answer", "We will be watching closely"]
NBSP = "\u00a0"


def sentence(r):
    return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(TAILS)} in {r.choice(PLACES)}, according to figures seen by reporters ({r.randint(2, 999)})."


def paragraph(r):
    if r.random() < 0.2:
        return f"\u201c{r.choice(QUOTES)},\u201d said {r.choice(PEOPLE)}, who has followed the issue for {r.randint(2, 30)} years."
    return " ".join(sentence(r) for _ in range(r.randint(2, 4)))


def title(r, i):
    return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} (story {i})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--md-only", action="store_true", help="only Markdown articles (for pandoc)")
    ap.add_argument("--sections", type=int, default=5)
    ap.add_argument("--paragraphs", type=int, default=8)
    a = ap.parse_args()
    r = random.Random(20250314)
    art_dir = os.path.join(a.dir, "articles")
    os.makedirs(art_dir, exist_ok=True)
    names = []
    for i in range(1, a.n + 1):
        t = title(r, i)
        author = r.choice(PEOPLE)
        source = r.choice(SOURCES)
        day = 1 + (i % 28)
        paras = [paragraph(r) for _ in range(a.paragraphs)]
        md = a.md_only or i % 3 == 0
        if md:
            name = f"{i:04d}.md"
            body = [
                "---",
                f"title: \"{t}\"",
                f"subtitle: \"{sentence(r)}\"",
                f"authors: [\"{author}\"]",
                f"source: \"{source}\"",
                f"date: 2025-03-{day:02d}",
                f"url: https://news.example/{i:04d}",
                "---",
                "",
            ]
            for k, p in enumerate(paras):
                body.append(p)
                body.append("")
                if k == 3:
                    body += ["## What happens next", ""]
            text = "\n".join(body)
        else:
            name = f"{i:04d}.txt"
            lines = [t, "", sentence(r), "", f"By {author}, {source}", "", f"Published: 2025-03-{day:02d}", "", "Share this article", ""]
            for k, p in enumerate(paras):
                lines += [p, ""]
                if k == 2:
                    lines += [f"Read{NBSP} {title(r, i + 100000)}", ""]
                if k == 4:
                    lines += ["- - - - - - - - - -", ""]
                if k == 5:
                    lines += ["Advertisement", ""]
            lines += ["Sign up for our morning newsletter", "", "Follow us on Facebook and Instagram", ""]
            text = "\n".join(lines)
        with open(os.path.join(art_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
        names.append(name)
    k = max(1, min(a.sections, a.n))
    per = (a.n + k - 1) // k
    toml = [
        "[book]",
        f"title = \"Generated Briefing ({a.n} articles)\"",
        "subtitle = \"A fictional test book\"",
        "authors = [\"galley test generator\"]",
        "language = \"en\"",
        "date = 2025-03-31",
        "description = \"Generated articles for validation and benchmarks.\"",
        "",
    ]
    for s in range(k):
        chunk = names[s * per:(s + 1) * per]
        if not chunk:
            break
        toml += ["[[section]]", f"title = \"Section {s + 1}\"", "articles = ["]
        toml += [f"  \"articles/{n}\"," for n in chunk]
        toml += ["]", ""]
    toml += ["[output.markdown]", "[output.html]", "[output.epub]", ""]
    with open(os.path.join(a.dir, "book.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(toml))


if __name__ == "__main__":
    main()
