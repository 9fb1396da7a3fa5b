"""Write SciERC's training abstracts as a JSONL file kg reads, for a judged listing.

SciERC (AI conference abstracts of 1980 to 2016, NLP, vision and speech) gives no titles:
each abstract's first sentence stands in for one, and the rest is the abstract. Text the
rules were not written on, older and of other fields than the seeds::

    python benchmarks/judged/scierc_abstracts.py ../shared/data/scierc/train.json build/scierc.jsonl
    python benchmarks/judged/list_top.py build/scierc.jsonl -o scierc1-listing.md
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from kg.train.abstracts import papers_main
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
    return papers_main(
        argv,
        description=__doc__.splitlines()[0],
        source_help="a SciERC file (DyGIE json lines)",
        read=scierc_abstracts,
        folder=False,
    )


if __name__ == "__main__":
    sys.exit(main())
