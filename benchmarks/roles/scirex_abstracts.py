"""Write the titles and abstracts of SciREX's training papers as a JSONL file kg reads.

The role gold parts ``roles_scirex*.jsonl`` annotate papers of this file, so they are
built and scored from it the way the other parts are from the seeds folder::

    python benchmarks/roles/scirex_abstracts.py ../shared/data/scirex/train build/scirex.jsonl
    python -m kg.evaluate roles benchmarks/roles/roles_scirex1.jsonl --seeds build/scirex.jsonl

Only papers whose first SciREX section is the whole front matter ("document: TITLE.
ABSTRACT ...") are written: their first sentence is the title and the rest of the section
the abstract. In the other layouts the first sections are sometimes the introduction or a
figure caption, which would be no abstract; and a first sentence that stops at the title's
colon or is a section's heading ("Appendix") is no whole title. A paper's key is the first 16 characters of its
SciREX ``doc_id``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.train.abstracts import papers_main
from kg.train.distill import join_words

MAX_ABSTRACT_WORDS = 450  # a longer first section runs on into the paper's body


def scirex_abstracts(folder: Path) -> Iterator[dict]:
    """``{"key", "title", "abstract"}`` for each SciREX paper in ``folder`` with a front matter."""
    for file in sorted(folder.glob("*.json")):
        paper = json.loads(file.read_text("utf-8"))
        words, (first_start, first_end) = paper["words"], paper["sections"][0]
        if words[first_start : first_start + 2] != ["document", ":"]:
            continue
        sentences = [(s, e) for s, e in paper["sentences"] if first_start <= s and e <= first_end]
        if len(sentences) < 2:
            continue
        title = join_words(words[sentences[0][0] + 2 : sentences[0][1]])
        abstract = words[sentences[1][0] : first_end]
        if not _whole_title(title) or len(abstract) > MAX_ABSTRACT_WORDS:
            continue
        yield {"key": paper["doc_id"][:16], "title": title, "abstract": join_words(abstract)}


def _whole_title(title: str) -> bool:
    """A title SciREX's sentences give whole: not cut at its colon ("Name:", the rest run
    into the abstract) and not a section's heading ("Appendix")."""
    return bool(title) and not title.endswith(":") and title.lower() not in _SECTION_WORDS


_SECTION_WORDS = frozenset({"appendix", "abstract", "introduction", "contents", "preface"})


def main(argv: list[str] | None = None) -> int:
    return papers_main(
        argv,
        description=__doc__.splitlines()[0],
        source_help="SciREX's train folder",
        read=scirex_abstracts,
        folder=True,
    )


if __name__ == "__main__":
    sys.exit(main())
