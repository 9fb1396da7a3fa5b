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

from kg.train.scierc import read_scierc


def scierc_abstracts(path: Path) -> Iterator[dict]:
    """``{"key", "title", "abstract"}`` for each SciERC document of two sentences or more,
    as ``kg.train.scierc`` reads it into running text."""
    for document in read_scierc(path):
        if len(document.sentences) < 2:
            continue
        (title_start, title_end), (abstract_start, _) = document.sentences[:2]
        yield {
            "key": document.key,
            "title": document.text[title_start:title_end].rstrip(" ."),
            "abstract": document.text[abstract_start:],
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
