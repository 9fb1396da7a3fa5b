"""How `kg build` scales: 1k, 10k and 100k papers of real text, locally and on a Dask cluster.

    python benchmarks/bench_scale.py                          # 1k, 10k, 100k; cold builds up to 10k
    python benchmarks/bench_scale.py --sizes 1000,10000 --cold-max 10000
    python benchmarks/bench_scale.py --cluster local:2        # cold builds on a LocalCluster too

The corpus is real text: the shared seeds (titles and abstracts), SciERC train and dev
abstracts, and SciREX papers cut into paragraphs of 100-250 words as pseudo-abstracts
(about 12,000 distinct texts). Beyond that it repeats, each copy with a distinct title
("... (copy 3)"), so every paper is a new paper to kg.

Each size is built in a fresh child process (so its peak RSS is its own) with its own
empty cache: a **cold** build (every paper through spaCy), then a **cached rebuild**
(every extraction from the cache: reading, linking and export only). Sizes above
``--cold-max`` are not extracted cold: extracting 100k papers takes about half an hour per
run on 2 cores. Their cache is seeded instead from the extractions of the first copy
(a copy's title only gains a suffix, so its extraction is the original's), and the
cached rebuild is measured as at every size. The growth exponent of link and export is
the least-squares slope of log(seconds) over log(papers).

Results are printed as a Markdown table and appended to benchmarks/results/scale.jsonl.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

# A child process that builds and prints its BuildReport; the parent reads its peak RSS.
_DRIVER = """
import json, sys
import kg
report = kg.BuildReport()
settings = json.loads(sys.argv[3])
kg.build([sys.argv[1]], sys.argv[2], report=report, **settings)
print(json.dumps({"papers": report.entries, "cached": report.cached, "extracted": report.extracted,
                  "seconds": report.seconds, "stages": report.stage_seconds}))
"""


def real_texts() -> Iterator[dict]:
    """Distinct real titles and abstracts: seeds, SciERC, SciREX paragraphs."""
    import kg
    from kg.train.distill import join_words
    from kg.train.scierc import read_scierc

    for paper in kg.read([SHARED / "seeds"]):
        yield {"title": paper.title, "abstract": paper.abstract, "date": paper.date}
    for split in ("train", "dev"):
        for number, doc in enumerate(read_scierc(SHARED / "data" / "scierc" / f"{split}.json")):
            yield {"title": f"SciERC {split} abstract {number}", "abstract": doc.text}
    for path in sorted((SHARED / "data" / "scirex" / "train").glob("*.json")):
        paper = json.loads(path.read_text())
        words = paper["words"]
        for number, (start, end) in enumerate(_paragraphs(paper["sentences"])):
            yield {
                "title": f"SciREX {paper['doc_id'][:12]} paragraph {number}",
                "abstract": join_words(words[start:end]),
            }


def _paragraphs(
    sentences: list[list[int]], low: int = 100, high: int = 250
) -> Iterator[tuple[int, int]]:
    """Runs of whole sentences of ``low`` to ``high`` words, as (first word, end word)."""
    start = None
    for first, end in sentences:
        start = first if start is None else start
        if end - start >= low:
            if end - start <= high:
                yield start, end
            start = None


def write_corpus(size: int, path: Path) -> int:
    """The first ``size`` papers of the real texts, repeated with distinct titles; returns
    how many distinct texts there are."""
    texts = list(real_texts())
    with path.open("w", encoding="utf-8") as out:
        for number in range(size):
            copy, index = divmod(number, len(texts))
            record = dict(texts[index])
            if copy:
                record["title"] = f"{record['title']} (copy {copy})"
            out.write(json.dumps(record) + "\n")
    return len(texts)


def seed_cache(corpus: Path, cache_dir: Path, distinct: int) -> None:
    """Fill the cache for papers beyond the first ``distinct`` from their first copy's
    extraction (run cold here first), so that a large cached rebuild can be measured."""
    import itertools

    import kg
    from kg.extract import Extractor
    from kg.extract.cache import ExtractionCache

    papers = kg.read([corpus])
    extractor = Extractor(kg.Settings())
    with ExtractionCache(cache_dir, extractor.fingerprint()) as cache:
        originals = list(extractor.extract_papers(itertools.islice(papers, distinct), cache))
        for number, paper in enumerate(papers, start=distinct):
            original = originals[number % distinct]
            cache.put(paper, dataclasses.replace(original, paper_key=paper.key))


def build(corpus: Path, out: Path, cache_dir: Path, settings: dict) -> dict:
    """One `kg build` in a child process: its report, wall time and peak RSS (the largest of
    the child and the worker processes it waited for)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _DRIVER,
                str(corpus),
                str(out),
                json.dumps({**settings, "cache_dir": str(cache_dir)}),
            ],
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read().strip()
    if child.returncode:
        sys.exit(f"build failed: {errors.splitlines()[-1] if errors else child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    result["wall"] = round(wall, 1)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024)  # Linux reports KiB
    return result


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) over log(papers)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(s, 1e-3)) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return round(
        sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs), 2
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--cold-max", type=int, default=10000, help="largest size built cold (default: %(default)s)"
    )
    parser.add_argument(
        "--cluster", default=None, help="also build cold on this Dask cluster (local:2)"
    )
    parser.add_argument("--formats", default="ttl,html")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            corpus = folder / f"papers_{size}.jsonl"
            distinct = write_corpus(size, corpus)
            row = {"papers": size, "distinct_texts": min(size, distinct)}
            settings = {"formats": args.formats}
            runs = [("local", {})] + (
                [("cluster", {"cluster": args.cluster})] if args.cluster else []
            )
            for name, extra in runs:
                cache = folder / f"cache_{size}_{name}"
                out = folder / f"out_{size}_{name}"
                if size <= args.cold_max:
                    cold = build(corpus, out, cache, {**settings, **extra})
                    row[f"{name}_cold_s"] = cold["wall"]
                    row[f"{name}_papers_per_s"] = round(size / cold["wall"], 1)
                    row[f"{name}_cold_peak_rss_mb"] = cold["peak_rss_mb"]
                    # linking read every paper's roles here; a rebuild takes them as kept
                    row[f"{name}_cold_link_s"] = cold["stages"].get("link")
                elif name == "local":
                    seed_cache(corpus, cache, min(size, distinct))
                else:
                    continue
                if name == "local":
                    warm = build(corpus, out, cache, settings)
                    row["cached_rebuild_s"] = warm["wall"]
                    row["link_s"] = warm["stages"].get("link")
                    row["export_s"] = warm["stages"].get("export")
                    row["read_and_cache_s"] = warm["stages"].get("extract")
                    row["cached_peak_rss_mb"] = warm["peak_rss_mb"]
            print(json.dumps(row), flush=True)
            rows.append(row)
    link_export = [(r["papers"], (r["link_s"] or 0) + (r["export_s"] or 0)) for r in rows]
    summary = {
        "rows": rows,
        "link_export_growth_exponent": slope(link_export),
        "cached_rebuild_growth_exponent": slope(
            [(r["papers"], r["cached_rebuild_s"]) for r in rows]
        ),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    record_result("scale", summary)


if __name__ == "__main__":
    main()
