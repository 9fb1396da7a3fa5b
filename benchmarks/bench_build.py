"""Benchmark `kg build` end to end: wall time, papers/s and peak memory.

    python benchmarks/bench_build.py                      # the shared seeds corpus
    python benchmarks/bench_build.py --copies 10          # seeds x10 with distinct titles
    python benchmarks/bench_build.py --processes 2
    python benchmarks/bench_build.py --rebuild            # then again, from the warm cache

Each run is a separate `kg build` process so that peak memory (max RSS) is its own, with
an empty extraction cache of its own (a cold build); ``--rebuild`` times a second build of
the same input answered from that cache.
Results are printed and appended to benchmarks/results/build.jsonl (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
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


def timed_run(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="replicate the seeds N times")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--format", default="ttl,html")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="also time a second build from the warm extraction cache",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = str(SEEDS) if args.copies == 1 else str(replicate(args.copies, folder))
        command = [
            sys.executable,
            "-m",
            "kg",
            "build",
            inputs,
            "-o",
            str(folder / "out"),
            "--no-progress",
            "--processes",
            str(args.processes),
            "--formats",
            args.format,
        ]
        env = dict(os.environ, KG_CACHE_DIR=str(folder / "cache"))
        seconds, result = timed_run(command, env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rebuild_seconds = timed_run(command, env)[0] if args.rebuild else None
        papers = int(result.stdout.split()[1])
        sizes = {p.name: p.stat().st_size for p in (folder / "out").iterdir()}
    record = {
        "copies": args.copies,
        "processes": args.processes,
        "papers": papers,
        "seconds": round(seconds, 1),
        "papers_per_s": round(papers / seconds, 1),
        "peak_rss_mb": round(peak_mb),
        "output_bytes": sizes,
        "rebuild_from_cache_s": rebuild_seconds and round(rebuild_seconds, 1),
        "machine": f"{platform.machine()} {platform.python_version()}",
    }
    record_result("build", record)


if __name__ == "__main__":
    main()
