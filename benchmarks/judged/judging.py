"""What the two listing scripts share: their command line's common part and its run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def listing_parser(description: str) -> argparse.ArgumentParser:
    """A parser with the inputs to build from, ``-o`` and ``--score``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("inputs", nargs="*", help="inputs to build from (e.g. ../shared/seeds)")
    parser.add_argument("-o", "--output", help="listing to write (default: standard output)")
    parser.add_argument("--score", type=Path, help="score a judged TSV instead")
    return parser


def run_listing(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    score: Callable[[Path], str],
    write: Callable[[object, TextIO], None],
) -> int:
    """Score ``--score``'s TSV, or build the inputs and ``write`` the listing of the graph."""
    if args.score:
        print(score(args.score))
        return 0
    if not args.inputs:
        parser.error("give the inputs to build from, or --score FILE")
    import kg

    graph = kg.build(args.inputs)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            write(graph, out)
    else:
        write(graph, sys.stdout)
    return 0
