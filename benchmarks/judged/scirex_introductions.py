"""Write the opening of SciREX's training papers' introductions as a JSONL file kg reads, for
a judged listing of text no rule was written on.

Each paper whose sections include one headed "Introduction" gives its title (the first
sentence of its front matter) and the introduction's opening sentences, about as many
words as an abstract (``OPENING_WORDS``), as the abstract. Introductions name more earlier
work than abstracts do, and SciREX's text keeps LaTeX citation keys::

    python benchmarks/judged/scirex_introductions.py ../shared/data/scirex/train build/scirex_introductions.jsonl
    python benchmarks/judged/list_top.py build/scirex_introductions.jsonl -o intro1-listing.md

A paper's key is "intro" and the first 12 characters of its SciREX ``doc_id``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.train.abstracts import papers_main
from kg.train.distill import join_words

OPENING_WORDS = 220  # sentences are taken until this many words are reached
MIN_CHARACTERS = 300  # a shorter opening is a heading or a figure caption, no text
MAX_TITLE_CHARACTERS = 200
# Words of a heading that run on before the text ("Introduction and Related Work").
_HEADING_WORDS = frozenset(
    {
        "and",
        "Related",
        "Work",
        "Motivation",
        "Background",
        "Overview",
        "Contributions",
        "&",
        ":",
        ".",
        "1",
    }
)


def scirex_introductions(folder: Path) -> Iterator[dict]:
    """``{"key", "title", "abstract"}`` for each SciREX paper in ``folder`` with a title and
    an introduction."""
    for file in sorted(folder.glob("*.json")):
        paper = json.loads(file.read_text("utf-8"))
        words, sentences = paper["words"], paper["sentences"]
        if not paper["sections"]:
            continue
        title = _title(words, sentences, paper["sections"][0])
        introduction = next(
            (
                (start, end)
                for start, end in paper["sections"]
                if words[start : start + 2] == ["section", ":"]
                and len(words) > start + 2
                and words[start + 2].lower().startswith("introduc")
            ),
            None,
        )
        if title is None or introduction is None:
            continue
        opening: list[str] = []
        inside = [(s, e) for s, e in sentences if introduction[0] <= s and e <= introduction[1]]
        for number, (start, end) in enumerate(inside):
            if number == 0:
                start += 3  # "section : Introduction"
                while start < end and words[start] in _HEADING_WORDS:
                    start += 1
            opening += words[start:end]
            if len(opening) >= OPENING_WORDS:
                break
        text = join_words(opening)
        if len(text) >= MIN_CHARACTERS:
            yield {"key": "intro" + paper["doc_id"][:12], "title": title, "abstract": text}


def _title(words: list[str], sentences: list, front: tuple[int, int]) -> str | None:
    """The first sentence of the front matter ("document: TITLE ..."), or None."""
    start, end = front
    if words[start : start + 2] != ["document", ":"]:
        return None
    first = next(((s, e) for s, e in sentences if start <= s < end), None)
    if first is None:
        return None
    title = join_words(words[first[0] + 2 : first[1]])
    return title if 0 < len(title) <= MAX_TITLE_CHARACTERS else None


def main(argv: list[str] | None = None) -> int:
    return papers_main(
        argv,
        description=__doc__.splitlines()[0],
        source_help="SciREX's train folder",
        read=scirex_introductions,
        folder=True,
    )


if __name__ == "__main__":
    sys.exit(main())
