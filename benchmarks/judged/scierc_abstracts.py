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

from kg.evaluate import scierc_as_papers
from kg.train.abstracts import papers_main


def scierc_abstracts(path: Path) -> Iterator[dict]:
    """``{"key", "title", "abstract"}`` for each SciERC document of two sentences or more,
    as ``kg.evaluate.scierc_as_papers`` reads it."""
    for _, paper in scierc_as_papers(path):
        yield {"key": paper.key, "title": paper.title, "abstract": paper.abstract}


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
