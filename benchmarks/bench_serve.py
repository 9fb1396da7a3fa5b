"""Load test of ``kg serve``: many clients, slow queries, hang-ups and idle connections.

    python benchmarks/bench_serve.py OUT [--seconds 60] [--clients 100] [--idle 1100]

OUT is a built graph (``kg build ../shared/seeds -o OUT``). The script starts ``kg serve``
on a free loopback port with ``--timeout`` seconds per query and runs, all at once, for
``--seconds``:

* ``--clients`` clients in a loop, each on a keep-alive connection of its own:
  most send quick queries (the example queries' shapes: counts, lookups, a GROUP BY),
  each waiting a random ``--think`` time (0 to twice it) between queries, as people and
  dashboards do; ``--think 0`` is a closed loop that saturates the server by design;
  ``--unique`` makes every query text new (a trailing comment), defeating the workers'
  cache of parsed queries;
  ``--slow`` of them send queries that run into the time limit; ``--hangups`` of them send
  a slow query and hang up before the answer; these pause ``--slow-think`` on average
  between tries (0 makes them a flood of heavy queries);
* ``--idle`` connections that send nothing or half a request, opened at random moments
  during the warm-up and opened again whenever the server closes them (its idle timeout),
  so that that many are held open throughout; they run in a process of their own, at
  nice 10, so that holding them takes CPU neither from the measured clients nor from the
  server (the server's own work for them, accepting and closing, is unchanged).

It reports, for the quick queries after ``--warmup`` seconds: count, status codes, p50,
p99 and worst latency; the answers of the slow and hung-up ones; memory, sampled each
second: the server process's RSS, and the PSS of the server with all its workers (shared
pages counted once), after warm-up, at the end and at most. Traffic goes to 127.0.0.1 only. Results go to
benchmarks/results/serve.jsonl.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from recording import record_result

PREFIX = (
    "PREFIX kg: <https://w3id.org/kg-papers/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
)
QUICK = [
    "ASK { ?s ?p ?o }",
    PREFIX + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }",
    PREFIX + "SELECT ?p ?t WHERE { ?p a kg:Paper ; dct:title ?t } LIMIT 20",
    PREFIX
    + "SELECT ?e ?l WHERE { ?e a kg:Method ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } LIMIT 50",
    PREFIX + "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type",
]
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def request_bytes(query: str) -> bytes:
    body = query.encode()
    return (
        b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


async def read_response(reader: asyncio.StreamReader) -> int:
    """Status of one HTTP/1.1 response (its body read and dropped)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status


class Stats:
    def __init__(self, warmup_until: float) -> None:
        self.warmup_until = warmup_until
        self.quick: list[float] = []
        self.quick_status: dict[int, int] = {}
        self.quick_errors = 0
        self.slow_status: dict[int, int] = {}
        self.hangups = 0
        self.idle_opened = 0
        self.idle_closed_by_server = 0

    def count(self, table: dict, status: int) -> None:
        table[status] = table.get(status, 0) + 1


async def quick_client(
    port: int, stop: float, stats: Stats, rng: random.Random, think: float, unique: bool
) -> None:
    reader = writer = None
    await asyncio.sleep(rng.uniform(0, 2 * think))
    while time.monotonic() < stop:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            query = rng.choice(QUICK)
            if unique:
                query += f"\n# {rng.random()}"
            started = time.monotonic()
            writer.write(request_bytes(query))
            status = await read_response(reader)
            elapsed = time.monotonic() - started
            if started >= stats.warmup_until:
                stats.quick.append(elapsed)
                stats.count(stats.quick_status, status)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
            if time.monotonic() >= stats.warmup_until:
                stats.quick_errors += 1
            writer = None
        await asyncio.sleep(rng.uniform(0.0, 2 * think))
    if writer is not None:
        writer.close()


async def slow_client(port: int, stop: float, stats: Stats, hang_up: bool, think: float) -> None:
    while time.monotonic() < stop:
        await asyncio.sleep(random.uniform(0, 2 * think))
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_bytes(SLOW))
            if hang_up:
                await asyncio.sleep(random.uniform(0.2, 0.6))
                writer.transport.abort()
                stats.hangups += 1
                continue
            stats.count(stats.slow_status, await read_response(reader))
            writer.close()
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
            await asyncio.sleep(0.1)


async def idle_connection(
    port: int, stop: float, stats: Stats, half_sent: bool, start_within: float
) -> None:
    await asyncio.sleep(random.uniform(0, start_within))  # idle clients do not come in step
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            stats.idle_opened += 1
            if half_sent:
                writer.write(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
            left = stop - time.monotonic()
            try:
                data = await asyncio.wait_for(reader.read(1), max(0.0, left))
                if not data:
                    stats.idle_closed_by_server += 1
            except TimeoutError:
                pass
            writer.transport.abort()
        except (ConnectionError, OSError):
            await asyncio.sleep(0.5)


def _kb(path: str, field: str) -> int:
    for line in Path(path).read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS of the process, PSS of it and all its descendants), in MB (Linux /proc)."""
    rss = _kb(f"/proc/{pid}/status", "VmRSS:") / 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += _kb(f"/proc/{current}/smaps_rollup", "Pss:")
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return round(rss, 1), round(total / 1024, 1)


async def sample_memory(pid: int, stop: float, samples: list) -> None:
    start = time.monotonic()
    while time.monotonic() < stop:
        samples.append((round(time.monotonic() - start, 1), *memory_mb(pid)))
        await asyncio.sleep(1.0)


async def load(port: int, pid: int, args) -> tuple[Stats, list]:
    import gc

    gc.freeze()  # the measuring client's own pauses are not the server's latency
    now = time.monotonic()
    stop = now + args.seconds
    stats = Stats(now + args.warmup)
    rng = random.Random(7)
    samples: list[tuple[float, float]] = []
    tasks = [sample_memory(pid, stop, samples)]
    quick = args.clients - args.slow - args.hangups
    tasks += [
        quick_client(port, stop, stats, random.Random(rng.random()), args.think, args.unique)
        for _ in range(quick)
    ]
    tasks += [slow_client(port, stop, stats, False, args.slow_think) for _ in range(args.slow)]
    tasks += [slow_client(port, stop, stats, True, args.slow_think) for _ in range(args.hangups)]
    await asyncio.gather(*tasks)
    return stats, samples


async def idle_load(port: int, stop: float, count: int, start_within: float) -> tuple[int, int]:
    stats = Stats(0)
    await asyncio.gather(
        *(idle_connection(port, stop, stats, n % 2 == 1, start_within) for n in range(count))
    )
    return stats.idle_opened, stats.idle_closed_by_server


def idle_process(port: int, seconds: float, count: int, start_within: float, results) -> None:
    """The idle connections, in a process of their own, so that holding them does not
    slow the clients whose latency is measured; at low priority, since on this one machine
    its CPU would otherwise be taken from the server (clients are elsewhere in real use)."""
    os.nice(10)
    results.put(asyncio.run(idle_load(port, time.monotonic() + seconds, count, start_within)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", help="output folder of kg build (the seeds build)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument(
        "--slow", type=int, default=4, help="clients sending queries past the limit"
    )
    parser.add_argument("--hangups", type=int, default=4, help="clients that hang up mid-query")
    parser.add_argument("--idle", type=int, default=1100, help="idle or half-sent connections")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause of a quick client between queries, in seconds",
    )
    parser.add_argument(
        "--slow-think",
        type=float,
        default=1.0,
        help="mean pause of a slow or hanging-up client between queries",
    )
    parser.add_argument("--unique", action="store_true", help="every quick query text differs")
    parser.add_argument("--timeout", type=float, default=2.0, help="kg serve --timeout")
    parser.add_argument("--idle-timeout", type=float, default=10.0, help="kg serve --idle-timeout")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            args.graph,
            "--port",
            str(port),
            "--timeout",
            str(args.timeout),
            "--idle-timeout",
            str(args.idle_timeout),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        announced = [server.stdout.readline() for _ in range(4)]
        if server.poll() is not None or "SPARQL endpoint" not in announced[0]:
            sys.exit("kg serve did not start:\n" + "".join(announced) + server.stdout.read())
        import multiprocessing

        results = multiprocessing.get_context("fork").Queue()
        idle = multiprocessing.get_context("fork").Process(
            target=idle_process, args=(port, args.seconds, args.idle, args.warmup, results)
        )
        idle.start()
        stats, samples = asyncio.run(load(port, server.pid, args))
        stats.idle_opened, stats.idle_closed_by_server = results.get(timeout=120)
        idle.join(30)
    finally:
        server.terminate()
        tail = server.communicate(timeout=30)[0]
    quick = sorted(stats.quick)
    after_warmup = [(rss, pss) for second, rss, pss in samples if second >= args.warmup]
    five_xx = sum(n for status, n in stats.quick_status.items() if status >= 500)
    record = {
        "benchmark": "serve",
        "graph": args.graph,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "clients": args.clients,
        "slow_clients": args.slow,
        "hangup_clients": args.hangups,
        "idle_connections": args.idle,
        "timeout": args.timeout,
        "idle_timeout": args.idle_timeout,
        "cores": os.cpu_count(),
        "quick_queries": len(quick),
        "quick_per_second": round(len(quick) / max(1e-9, args.seconds - args.warmup), 1),
        "quick_status": stats.quick_status,
        "quick_5xx": five_xx,
        "quick_connection_errors": stats.quick_errors,
        "quick_p50_ms": round(1000 * statistics.median(quick), 1) if quick else None,
        "quick_p99_ms": round(1000 * quick[int(0.99 * (len(quick) - 1))], 1) if quick else None,
        "quick_max_ms": round(1000 * quick[-1], 1) if quick else None,
        "slow_status": stats.slow_status,
        "hangups": stats.hangups,
        "idle_opened": stats.idle_opened,
        "idle_closed_by_server": stats.idle_closed_by_server,
        "think": args.think,
        "slow_think": args.slow_think,
        "unique": args.unique,
        "server_rss_mb_after_warmup": after_warmup[0][0] if after_warmup else None,
        "server_rss_mb_end": after_warmup[-1][0] if after_warmup else None,
        "server_rss_mb_max": max(r for r, _ in after_warmup) if after_warmup else None,
        "all_pss_mb_after_warmup": after_warmup[0][1] if after_warmup else None,
        "all_pss_mb_end": after_warmup[-1][1] if after_warmup else None,
        "all_pss_mb_max": max(p for _, p in after_warmup) if after_warmup else None,
        "memory_samples_second_rss_pss": samples,
        "server_output": tail.strip().splitlines()[-int(os.environ.get("BENCH_TAIL", "3")) :],
    }
    samples_text = record.pop("memory_samples_second_rss_pss")
    record_result("serve", record)
    print("memory (second, server RSS MB, all PSS MB):", samples_text)


if __name__ == "__main__":
    main()
