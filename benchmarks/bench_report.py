"""Benchmark `kg report` on a built folder: the whole command, and where its time goes.

    kg build ../shared/seeds -o out
    python benchmarks/bench_report.py out --runs 3

Runs `kg report OUT -o TMP/report.html` as a user would (a fresh process: imports, loading
the graph, drawing every chart) and reports the best and median wall time; then, in this
process, the time to load the graph and to draw the report in one process and in one per
core (the default). Results are printed and appended to benchmarks/results/report.jsonl
(git-ignored).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", help="output folder or RDF file of kg build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    kg_command = [sys.executable, "-m", "kg"]

    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(
                kg_command + ["report", args.graph, "-o", f"{tmp}/report.html"],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - started)
        size = Path(tmp, "report.html").stat().st_size

    import kg
    from kg.export.report import render_report

    started = time.perf_counter()
    graph = kg.load(args.graph)
    load_s = time.perf_counter() - started
    draw = {}
    for workers in (1, None):
        started = time.perf_counter()
        render_report(graph, workers=workers)
        draw[workers or os.cpu_count()] = time.perf_counter() - started
    result = {
        "graph": args.graph,
        "papers": len(graph.papers),
        "entities": len(graph.entities),
        "kg_report_best_s": round(min(walls), 2),
        "kg_report_median_s": round(statistics.median(walls), 2),
        "load_s": round(load_s, 2),
        "cores": os.cpu_count(),
        **{f"draw_{n}_process_s": round(s, 2) for n, s in draw.items()},
        "report_bytes": size,
    }
    record_result("report", result)


if __name__ == "__main__":
    main()
