"""Papers of a public dataset written as a JSONL file kg reads (``{"key", "title",
"abstract"}`` per line): the inputs of the judged listings and of the role model's SciREX
parts (``benchmarks/judged/scierc_abstracts.py``, ``benchmarks/roles/scirex_abstracts.py``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from ..files import atomic_path


def write_papers(papers: Iterable[dict], output: Path) -> int:
    """Write ``papers`` to ``output``, one JSON object a line, whole or not at all; the
    number written."""
    count = 0
    with atomic_path(output) as tmp, tmp.open("w", encoding="utf-8") as out:
        for paper in papers:
            out.write(json.dumps(paper, ensure_ascii=False) + "\n")
            count += 1
    return count


def papers_main(
    argv: list[str] | None,
    *,
    description: str,
    source_help: str,
    read: Callable[[Path], Iterable[dict]],
    folder: bool,
) -> int:
    """The command line of a script that writes a dataset's papers: ``SOURCE OUTPUT``,
    SOURCE a folder (``folder``) or a file that ``read`` reads."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("source", type=Path, help=source_help)
    parser.add_argument("output", type=Path, help="the JSONL file to write")
    args = parser.parse_args(argv)
    if not (args.source.is_dir() if folder else args.source.is_file()):
        print(f"error: {args.source} is not a {'folder' if folder else 'file'}", file=sys.stderr)
        return 2
    count = write_papers(read(args.source), args.output)
    print(f"{count} papers -> {args.output}")
    return 0
