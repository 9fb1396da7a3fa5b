"""Benchmark `kg build` end to end: wall time, papers/s and peak memory.

    python benchmarks/bench_build.py                      # the shared seeds corpus
    python benchmarks/bench_build.py --copies 10          # seeds x10 with distinct titles
    python benchmarks/bench_build.py --processes 2

Each run is a separate `kg build` process so that peak memory (max RSS) is its own.
Results are printed and appended to benchmarks/results/build.jsonl (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def replicate(copies: int, folder: Path) -> Path:
    """Seeds as JSONL, repeated with a copy number in every title so no copy is a duplicate."""
    sys.path.insert(0, str(REPO))
    from kg.readers import read_papers

    papers = list(read_papers([SEEDS]))
    path = folder / f"seeds_x{copies}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for paper in papers:
                title = paper.title if copy == 0 else f"{paper.title} (copy {copy})"
                out.write(json.dumps({"title": title, "abstract": paper.abstract}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="replicate the seeds N times")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--format", default="ttl,html")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = str(SEEDS) if args.copies == 1 else str(replicate(args.copies, folder))
        command = [sys.executable, "-m", "kg", "build", inputs, "-o", str(folder / "out"),
                   "--no-progress", "--processes", str(args.processes), "--format", args.format]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(result.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        papers = int(result.stdout.split()[1])
        sizes = {p.name: p.stat().st_size for p in (folder / "out").iterdir()}
    record = {"copies": args.copies, "processes": args.processes, "papers": papers,
              "seconds": round(seconds, 1), "papers_per_s": round(papers / seconds, 1),
              "peak_rss_mb": round(peak_mb), "output_bytes": sizes,
              "machine": f"{platform.machine()} {platform.python_version()}"}
    record_result("build", record)


if __name__ == "__main__":
    main()
