"""Load test of ``kg serve``: many clients, slow queries, hang-ups and idle connections.

    python benchmarks/bench_serve.py OUT [--seconds 60] [--clients 100] [--idle 1100]

OUT is a built graph (``kg build ../shared/seeds -o OUT``). The script starts ``kg serve``
on a free loopback port with ``--timeout`` seconds per query and runs, all at once, for
``--seconds``:

* ``--clients`` clients in a loop, each on a keep-alive connection of its own:
  most send quick queries (the example queries' shapes: counts, lookups, a GROUP BY);
  ``--slow`` of them send queries that run into the time limit; ``--hangups`` of them send
  a slow query and hang up before the answer;
* ``--idle`` connections that send nothing or half a request, opened again whenever the
  server closes them (its idle timeout), so that many are held open throughout.

It reports, for the quick queries after ``--warmup`` seconds: count, status codes, p50,
p99 and worst latency; the answers of the slow and hung-up ones; the server's memory (RSS
of the server and its workers, sampled each second) after warm-up and at the end; and the
workers the pool replaced. Traffic goes to 127.0.0.1 only. Results go to
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

PREFIX = "PREFIX kg: <https://w3id.org/kg-papers/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
QUICK = [
    "ASK { ?s ?p ?o }",
    PREFIX + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }",
    PREFIX + "SELECT ?p ?t WHERE { ?p a kg:Paper ; dct:title ?t } LIMIT 20",
    PREFIX + "SELECT ?e ?l WHERE { ?e a kg:Method ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
    PREFIX + "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type",
]
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def request_bytes(query: str) -> bytes:
    body = query.encode()
    return (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Accept: application/sparql-results+json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body)


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


async def quick_client(port: int, stop: float, stats: Stats, rng: random.Random) -> None:
    reader = writer = None
    while time.monotonic() < stop:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.monotonic()
            writer.write(request_bytes(rng.choice(QUICK)))
            status = await read_response(reader)
            elapsed = time.monotonic() - started
            if started >= stats.warmup_until:
                stats.quick.append(elapsed)
                stats.count(stats.quick_status, status)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
            if time.monotonic() >= stats.warmup_until:
                stats.quick_errors += 1
            writer = None
        await asyncio.sleep(rng.uniform(0.0, 0.02))
    if writer is not None:
        writer.close()


async def slow_client(port: int, stop: float, stats: Stats, hang_up: bool) -> None:
    while time.monotonic() < stop:
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


async def idle_connection(port: int, stop: float, stats: Stats, half_sent: bool) -> None:
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
            except asyncio.TimeoutError:
                pass
            writer.transport.abort()
        except (ConnectionError, OSError):
            await asyncio.sleep(0.5)


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants, in MB (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except OSError:
            continue
    return total / 1024


async def sample_memory(pid: int, stop: float, samples: list[tuple[float, float]]) -> None:
    start = time.monotonic()
    while time.monotonic() < stop:
        samples.append((round(time.monotonic() - start, 1), round(tree_rss_mb(pid), 1)))
        await asyncio.sleep(1.0)


async def load(port: int, pid: int, args) -> tuple[Stats, list]:
    now = time.monotonic()
    stop = now + args.seconds
    stats = Stats(now + args.warmup)
    rng = random.Random(7)
    samples: list[tuple[float, float]] = []
    tasks = [sample_memory(pid, stop, samples)]
    quick = args.clients - args.slow - args.hangups
    tasks += [quick_client(port, stop, stats, random.Random(rng.random())) for _ in range(quick)]
    tasks += [slow_client(port, stop, stats, False) for _ in range(args.slow)]
    tasks += [slow_client(port, stop, stats, True) for _ in range(args.hangups)]
    tasks += [idle_connection(port, stop, stats, n % 2 == 1) for n in range(args.idle)]
    await asyncio.gather(*tasks)
    return stats, samples


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
    parser.add_argument("--slow", type=int, default=4, help="clients sending queries past the limit")
    parser.add_argument("--hangups", type=int, default=4, help="clients that hang up mid-query")
    parser.add_argument("--idle", type=int, default=1100, help="idle or half-sent connections")
    parser.add_argument("--timeout", type=float, default=2.0, help="kg serve --timeout")
    parser.add_argument("--idle-timeout", type=float, default=10.0, help="kg serve --idle-timeout")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", args.graph, "--port", str(port),
                               "--timeout", str(args.timeout), "--idle-timeout",
                               str(args.idle_timeout)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        announced = [server.stdout.readline() for _ in range(4)]
        if server.poll() is not None or "SPARQL endpoint" not in announced[0]:
            sys.exit("kg serve did not start:\n" + "".join(announced) + server.stdout.read())
        stats, samples = asyncio.run(load(port, server.pid, args))
    finally:
        server.terminate()
        tail = server.communicate(timeout=30)[0]
    quick = sorted(stats.quick)
    after_warmup = [mb for second, mb in samples if second >= args.warmup]
    five_xx = sum(n for status, n in stats.quick_status.items() if status >= 500)
    record = {
        "benchmark": "serve",
        "graph": args.graph,
        "seconds": args.seconds, "warmup": args.warmup, "clients": args.clients,
        "slow_clients": args.slow, "hangup_clients": args.hangups, "idle_connections": args.idle,
        "timeout": args.timeout, "idle_timeout": args.idle_timeout, "cores": os.cpu_count(),
        "quick_queries": len(quick),
        "quick_per_second": round(len(quick) / max(1e-9, args.seconds - args.warmup), 1),
        "quick_status": stats.quick_status, "quick_5xx": five_xx,
        "quick_connection_errors": stats.quick_errors,
        "quick_p50_ms": round(1000 * statistics.median(quick), 1) if quick else None,
        "quick_p99_ms": round(1000 * quick[int(0.99 * (len(quick) - 1))], 1) if quick else None,
        "quick_max_ms": round(1000 * quick[-1], 1) if quick else None,
        "slow_status": stats.slow_status, "hangups": stats.hangups,
        "idle_opened": stats.idle_opened, "idle_closed_by_server": stats.idle_closed_by_server,
        "rss_mb_after_warmup": after_warmup[0] if after_warmup else None,
        "rss_mb_end": after_warmup[-1] if after_warmup else None,
        "rss_mb_max": max(after_warmup) if after_warmup else None,
        "rss_mb_samples": samples,
        "server_output": tail.strip().splitlines()[-3:],
    }
    record_result("serve", record)


if __name__ == "__main__":
    main()
