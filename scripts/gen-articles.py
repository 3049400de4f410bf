#!/usr/bin/env python3
"""Writes N fictional Markdown news articles (with YAML front matter) into DIR.

Usage: gen-articles.py DIR [N] [SEED]

The text is made up from a fixed vocabulary with a seeded PRNG, so the same
arguments always give the same files. Nothing is copied from real articles.
"""
import os
import random
import sys

PLACES = ["Port Aldren", "Kessmoor", "Vellan Bay", "Orrin Falls", "Saltmarsh", "Drennick",
          "Upper Calloway", "Marrowgate", "Estholm", "Lindqvist Harbour"]
PEOPLE = ["Ana Lima", "Tomas Reyes", "Marta Oyelaran", "Ilse Brandvold", "Kofi Mensah-Hart",
          "Priya Raghunathan", "Jonah Whitcombe", "Sofia Karamanlis", "Eero Laaksonen", "Ruth Okafor"]
SOURCES = ["Harbour Post", "The Kessmoor Courier", "Vellan Daily", "Northern Ledger", "Coastal Review"]
NOUNS = ["council", "harbour", "committee", "breakwater", "budget", "ferry", "school", "bridge",
         "hospital", "election", "railway", "festival", "library", "reservoir", "market", "union",
         "minister", "inquiry", "proposal", "contract", "winter", "storm", "museum", "orchestra",
         "shipyard", "lighthouse", "archive", "tribunal", "cooperative", "observatory"]
VERBS = ["approved", "rejected", "postponed", "questioned", "welcomed", "criticised", "funded",
         "reviewed", "announced", "defended", "investigated", "reconsidered", "endorsed"]
ADJS = ["controversial", "long-awaited", "unexpected", "modest", "ambitious", "contentious",
        "provisional", "comprehensive", "extraordinary", "unanimous", "independent", "municipal"]
ADVS = ["eventually", "reluctantly", "unanimously", "quietly", "formally", "narrowly", "finally"]
LINKERS = ["However,", "Meanwhile,", "In the end,", "According to officials,", "By Thursday,",
           "For now,", "Critics say", "Supporters argue that", "Unusually,"]


def sentence(r):
    n1, n2 = r.sample(NOUNS, 2)
    s = f"the {r.choice(ADJS)} {n1} {r.choice(ADVS)} {r.choice(VERBS)} the {n2} plan"
    extra = r.random()
    if extra < 0.3:
        s += f" after {r.randint(2, 40)} hours of debate in {r.choice(PLACES)}"
    elif extra < 0.55:
        s += f", said {r.choice(PEOPLE)}, who has followed the {r.choice(NOUNS)} for years"
    elif extra < 0.7:
        s += f" at a cost of {r.randint(2, 900)} million"
    if r.random() < 0.35:
        s = r.choice(LINKERS) + " " + s
    s = s[0].upper() + s[1:]
    return s + r.choice([".", ".", ".", "?" if r.random() < 0.1 else "."])


def paragraph(r, k=None):
    k = k or r.randint(2, 6)
    words = " ".join(sentence(r) for _ in range(k))
    if r.random() < 0.2:
        words = words.replace(" plan", " *plan*", 1)
    if r.random() < 0.1:
        words = words.replace(" the ", " **the** ", 1)
    if r.random() < 0.08:
        words += f" Details are in the [published report](https://records.example/{r.randint(100, 999)}/report)."
    return words


def article(r, i):
    place = r.choice(PLACES)
    title = f"{place} {r.choice(NOUNS)} {r.choice(VERBS)} {r.choice(ADJS)} {r.choice(NOUNS)} plan"
    title = title[0].upper() + title[1:]
    authors = r.sample(PEOPLE, r.randint(1, 2))
    out = ["---", f"title: \"{title}\"",
           f"subtitle: \"{sentence(r)}\"",
           "authors: [" + ", ".join(f'"{a}"' for a in authors) + "]",
           f"source: \"{r.choice(SOURCES)}\"",
           f"date: 2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
           f"url: https://news.example/{i:03d}/{title.lower().replace(' ', '-')}",
           "---", ""]
    blocks = []
    for b in range(r.randint(8, 14)):
        x = r.random()
        if b > 2 and x < 0.12:
            blocks.append(f"## {r.choice(ADJS).capitalize()} {r.choice(NOUNS)} questions")
        elif b > 2 and x < 0.2:
            blocks.append("> " + paragraph(r, 2))
        elif b > 2 and x < 0.27:
            blocks.append("\n".join(f"- {sentence(r)}" for _ in range(r.randint(2, 4))))
        else:
            blocks.append(paragraph(r))
    return "\n".join(out) + "\n\n".join(blocks) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 14
    r = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        with open(os.path.join(d, f"article-{i:03d}.md"), "w", encoding="utf-8") as f:
            f.write(article(r, i))


if __name__ == "__main__":
    main()
