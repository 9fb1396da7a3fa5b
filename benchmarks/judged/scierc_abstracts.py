"""Write SciERC's training abstracts as a JSONL file kg reads, for a judged listing.

SciERC (AI conference abstracts of 1980 to 2016, NLP, vision and speech) gives no titles:
each abstract's first sentence stands in for one, and the rest is the abstract. Text the
rules were not written on, older and of other fields than the seeds::

    python benchmarks/judged/scierc_abstracts.py ../shared/data/scierc/train.json build/scierc.jsonl
    python benchmarks/judged/list_top.py build/scierc.jsonl -o scierc1-listing.md
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.train.distill import join_words

# The Penn Treebank's tokens for brackets and quotes, as SciERC writes them.
_PTB_TOKENS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}


def scierc_abstracts(path: Path) -> Iterator[dict]:
    """``{"key", "title", "abstract"}`` for each SciERC document of two sentences or more,
    its bracket tokens ("-LRB-") written as brackets."""
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        document = json.loads(line)
        sentences = [
            join_words([_PTB_TOKENS.get(word, word) for word in words])
            for words in document["sentences"]
        ]
        if len(sentences) < 2:
            continue
        yield {
            "key": document["doc_key"],
            "title": sentences[0].rstrip(" ."),
            "abstract": " ".join(sentences[1:]),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scierc", type=Path, help="a SciERC file (DyGIE json lines)")
    parser.add_argument("output", type=Path, help="the JSONL file to write")
    args = parser.parse_args(argv)
    if not args.scierc.is_file():
        print(f"error: {args.scierc} is not a file", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    papers = list(scierc_abstracts(args.scierc))
    with args.output.open("w", encoding="utf-8") as out:
        for paper in papers:
            out.write(json.dumps(paper, ensure_ascii=False) + "\n")
    print(f"{len(papers)} papers -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
