"""Where benchmark scripts keep their records: benchmarks/results/NAME.jsonl (git-ignored)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def record_result(name: str, record: dict) -> None:
    """Print ``record`` and append it as one JSON line to results/``name``.jsonl."""
    print(json.dumps(record, indent=2))
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{name}.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
