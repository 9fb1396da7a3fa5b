"""Benchmark SPARQL engines on the example queries: pyoxigraph (kg query) vs rdflib.

    python benchmarks/bench_query.py --graph out/graph.nt --copies 5 --timeout 120

The graph's resources are copied N times under distinct IRIs (about 204k triples per
copy of the seeds build), so the example queries see N times the data. Both engines are
timed the same way: one warm-up run, then the median of ``--runs`` runs. rdflib gets
``--timeout`` seconds per run; a run cut off there counts as that long (and ends its
series), so the speed-up printed for it is a lower bound. Results go to
benchmarks/results/query.jsonl.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "ontology" / "queries"
RESOURCE = "<https://w3id.org/kg-papers/resource/"


class Timeout(Exception):
    pass


def replicate(source: Path, copies: int, target: Path) -> int:
    """Write ``copies`` copies of an N-Triples file with resource IRIs made distinct."""
    lines = source.read_text(encoding="utf-8").splitlines()
    count = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            prefix = f"{RESOURCE}c{copy}/"
            for line in lines:
                if line.strip():
                    out.write(line.replace(RESOURCE, prefix) + "\n")
                    count += 1
    return count


def median_time(runs: int, action, timeout: int = 0) -> tuple[float, bool]:
    """Median seconds of ``runs`` timed calls after one warm-up; True if one was cut off.

    With ``timeout``, each call gets that many seconds; a call cut off counts as
    ``timeout`` and stops the series.
    """
    times: list[float] = []
    for attempt in range(runs + 1):
        signal.alarm(timeout)
        started = time.perf_counter()
        try:
            action()
        except Timeout:
            return float(timeout), True
        finally:
            signal.alarm(0)
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times), False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", required=True, help="an N-Triples file from kg build")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per rdflib run")
    parser.add_argument(
        "--queries",
        type=Path,
        default=QUERIES,
        help="folder of .rq files (default: ontology/queries)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query and engine")
    args = parser.parse_args()

    import pyoxigraph as ox
    from rdflib import Graph

    queries = {p.stem: p.read_text() for p in sorted(args.queries.glob("*.rq"))}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "big.nt"
        triples = replicate(Path(args.graph), args.copies, data)
        started = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        ox_load = time.perf_counter() - started
        started = time.perf_counter()
        graph = Graph().parse(data, format="nt")
        rdflib_load = time.perf_counter() - started

    def on_alarm(signum, frame):
        raise Timeout

    signal.signal(signal.SIGALRM, on_alarm)
    results = []
    for name, text in queries.items():
        ox_seconds, _ = median_time(args.runs, lambda: list(store.query(text)))  # noqa: B023
        rdflib_seconds, cut = median_time(
            args.runs,
            lambda: list(graph.query(text)),  # noqa: B023
            timeout=args.timeout,
        )
        results.append(
            {
                "query": name,
                "oxigraph_s": round(ox_seconds, 5),
                "rdflib_s": round(rdflib_seconds, 4),
                "rdflib_cut_off": cut,
                "speedup": round(rdflib_seconds / max(ox_seconds, 1e-6), 1),
            }
        )
        mark = ">" if cut else ""
        print(
            f"{name:<28} oxigraph {ox_seconds:8.4f} s   rdflib {mark}{rdflib_seconds:8.2f} s   "
            f"speed-up {mark}{rdflib_seconds / max(ox_seconds, 1e-6):,.0f}x",
            flush=True,
        )
    record = {
        "triples": triples,
        "copies": args.copies,
        "runs": args.runs,
        "statistic": "median",
        "oxigraph_load_s": round(ox_load, 1),
        "rdflib_load_s": round(rdflib_load, 1),
        "queries": results,
    }
    record_result("query", record)


if __name__ == "__main__":
    sys.exit(main())
