"""Benchmark the extraction stage alone: papers/s on the seeds (title + abstract per paper).

    python benchmarks/bench_extract.py                    # packaged model + rules, 1 process
    python benchmarks/bench_extract.py --entity-model transformer
    python benchmarks/bench_extract.py --entity-model none
    python benchmarks/bench_extract.py --baseline         # and stock en_core_web_sm on the same texts

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
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time the stock pipeline (every component, 1 process) on the same texts",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N papers only")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import kg
    from kg.extract import Extractor

    overrides = {"processes": args.processes}
    if args.entity_model:
        overrides["entity_model"] = args.entity_model
    papers = list(kg.read([SEEDS]))[: args.limit]
    extractor = Extractor(kg.Settings(**overrides))
    list(extractor.extract_papers(papers[:10]))  # warm-up
    started = time.perf_counter()
    mentions = sum(len(e.mentions) for e in extractor.extract_papers(papers))
    seconds = time.perf_counter() - started
    record = {
        "papers": len(papers),
        "seconds": round(seconds, 1),
        "papers_per_second": round(len(papers) / seconds, 1),
        "mentions": mentions,
        "entity_model": extractor.settings.entity_model,
        "processes": args.processes,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    if args.baseline:
        import spacy

        stock = spacy.load(kg.Settings().model)  # every component, its NER and lemmatizer too
        texts = [text for paper in papers for text in (paper.title, paper.abstract)]
        list(stock.pipe(texts[:20]))
        started = time.perf_counter()
        for _ in stock.pipe(texts, batch_size=extractor.settings.batch_size):
            pass
        baseline = time.perf_counter() - started
        record.update(
            stock_pipeline=stock.meta["name"],
            stock_seconds=round(baseline, 1),
            stock_papers_per_second=round(len(papers) / baseline, 1),
            speedup_over_stock=round(baseline / seconds, 2),
        )
    record_result("extract", record)


if __name__ == "__main__":
    main()
