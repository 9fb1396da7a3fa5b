"""Benchmark the extraction stage alone: papers/s on the seeds (title + abstract per paper).

    python benchmarks/bench_extract.py                    # packaged model + rules, 1 process
    python benchmarks/bench_extract.py --entity-model none

The pipeline is loaded and warmed up first, so the figure is the steady extraction rate.
Results are printed and appended to benchmarks/results/extract.jsonl (git-ignored).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entity-model", default=None, help="entity model (default: packaged)")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import kg
    from kg.extract import Extractor

    overrides = {"n_process": args.processes}
    if args.entity_model:
        overrides["entity_model"] = args.entity_model
    papers = list(kg.read([SEEDS]))
    extractor = Extractor(kg.Settings(**overrides))
    list(extractor.extract_papers(papers[:10]))  # warm-up
    started = time.perf_counter()
    mentions = sum(len(e.mentions) for e in extractor.extract_papers(papers))
    seconds = time.perf_counter() - started
    record_result("extract", {
        "papers": len(papers), "seconds": round(seconds, 1),
        "papers_per_second": round(len(papers) / seconds, 1), "mentions": mentions,
        "entity_model": args.entity_model or "kg_scierc_ner", "processes": args.processes,
        "python": platform.python_version(), "machine": platform.machine(),
    })


if __name__ == "__main__":
    main()
