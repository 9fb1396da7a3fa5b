"""`kg serve`: the real server process (Hypercorn in front of a pool of Oxigraph workers),
queried over HTTP with SPARQLWrapper, urllib and raw sockets."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import cpu_seconds, run_kg, wait_until
from SPARQLWrapper import JSON, POST, SPARQLWrapper

import kg


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def start_server(graph, host: str = "127.0.0.1", *options: str):
    """A running ``kg serve`` process on ``host`` and its base URL, once it answers. Its
    temporary store goes into the ``TMPDIR`` of the test (or fixture) that starts it."""
    port = free_port(host)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            str(graph),
            "--host",
            host,
            "--port",
            str(port),
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"kg serve exited: {process.stdout.read()}")
        try:
            urllib.request.urlopen(f"{base}/", timeout=5).close()
            return True
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    try:
        wait_until(answers, timeout=300, what="kg serve to answer", interval=0.2)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return base, process


def stop_server(process) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=20)[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    assert (
        subprocess.run(
            [sys.executable, "-m", "kg", "build", "-o", str(out), "--formats", "nt", "-q"]
        ).returncode
        == 0
    )
    return out


@pytest.fixture(scope="module")
def server(built):
    base, process = start_server(built)
    yield base, process
    stop_server(process)


def _ipv6_loopback() -> bool:
    try:
        free_port("::1")
        return True
    except OSError:
        return False


def test_post_query_over_the_sparql_protocol(server, built):
    base, _ = server
    client = SPARQLWrapper(f"{base}/query")
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(
        "PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"
    )
    result = client.query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) == len(kg.load(built).papers)


def test_kg_prefixes_need_no_declaring_on_the_endpoint(server, built):
    base, _ = server
    status, _, body = post(base, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }")
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(
        kg.load(built).papers
    )
    status, _, body = post(base, "SELECT ?p WHERE { ?p a quill:Paper }")
    assert status == 400 and "prefix quill: not declared" in body


def test_updates_are_refused(server):
    base, _ = server
    request = urllib.request.Request(
        f"{base}/update",
        method="POST",
        data=b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code in (403, 404, 405)


def test_sigterm_stops_cleanly_and_announces_urls(own_server):
    base, process = own_server()  # not the module's server: other tests use that one
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert f"{base}/query" in output and "browser UI" in output
    assert process.returncode in (0, -signal.SIGTERM, 128 + signal.SIGTERM)
    assert "Warning" not in output  # nothing beside the announcement (runpy warned once)


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_serves_on_ipv6_loopback(built):
    base, process = start_server(built, "::1")
    try:
        client = SPARQLWrapper(f"{base}/query")
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setQuery("ASK { ?s ?p ?o }")
        assert client.query().convert()["boolean"] is True
    finally:
        output = stop_server(process)
    assert f"{base}/query" in output  # the announced URL brackets the address


# --- the HTTP front: limits, malformed requests, hang-ups, idle connections ---------------------


@pytest.fixture
def own_server(built):
    """A server of this test's own (killing or overloading it touches no other test)."""
    servers = []

    def start(*options: str):
        base, process = start_server(built, "127.0.0.1", *options)
        servers.append(process)
        return base, process

    yield start
    for process in servers:
        stop_server(process)


def raw_request(base: str, data: bytes, wait: float = 30.0) -> bytes:
    """Send ``data`` as is and return the whole answer (until the server closes or 1 s idle)."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    with socket.create_connection((host, port), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                sock.settimeout(1.0)
        except TimeoutError:
            pass
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def post(
    base: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 60
) -> tuple[int, str, str]:
    request = urllib.request.Request(
        f"{base}/query",
        data=query.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { ?s ?p ?o }"


def test_a_request_to_another_host_name_gets_no_graph(own_server):
    # a web page whose name an attacker points at 127.0.0.1 (DNS rebinding) reads nothing
    base, _ = own_server()
    request = "GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n"
    answer = raw_request(base, request.format("rebound.example:8000").encode())
    assert status_of(answer) == 403 and b"this machine only" in answer
    for host in ("127.0.0.1", "localhost:8000", "[::1]:8000", "localhost."):
        assert status_of(raw_request(base, request.format(host).encode())) == 200, host


def test_a_loopback_address_written_short_still_refuses_other_host_names(built):
    # "127.1" binds 127.0.0.1: requests naming another host get no graph there either
    base, process = start_server(built, "127.1")
    try:
        request = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: rebound.example\r\n\r\n"
        assert status_of(raw_request(base, request)) == 403
    finally:
        stop_server(process)


def test_an_empty_host_is_refused_not_every_interface(built):
    result = run_kg("serve", str(built), "--host", "", "--port", "9")
    assert result.returncode == 2
    assert result.stderr.strip() == "kg: error: host must name an address to listen on, not ''"


def test_a_websocket_upgrade_is_refused_cleanly(own_server):
    base, _ = own_server()
    request = (
        b"GET /query HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
        b"Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 13\r\n\r\n"
    )
    assert status_of(raw_request(base, request)) == 403  # not a 500


def test_two_content_type_headers_are_refused(own_server):
    base, _ = own_server()
    query = b"SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    answer = raw_request(
        base,
        b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: text/plain\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: " + str(len(query)).encode() + b"\r\n\r\n" + query,
    )
    assert status_of(answer) == 400 and b"content-type headers" in answer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_malformed_content_lengths_get_400_and_cost_no_memory(own_server):
    base, process = own_server()
    before = rss_kb(process.pid)
    for length in (b"-1", b"abc", b"1e9", b"99999999999999999999"):
        answer = raw_request(
            base,
            b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            b"application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\n" + b"x" * 100_000,
        )
        assert status_of(answer) in (400, 413), (length, answer[:80])
    assert post(base, ASK)[0] == 200
    assert rss_kb(process.pid) - before < 50_000
    too_big = raw_request(
        base,
        b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        b"application/sparql-query\r\nContent-Length: 5000000\r\n\r\n" + b"#" * 2_000_000,
    )
    assert status_of(too_big) == 413


def test_protocol_errors_are_answered_plainly(own_server):
    base, _ = own_server()
    two = urllib.parse.urlencode([("query", ASK), ("query", ASK)])
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{base}/query?{two}", timeout=30)
    assert info.value.code == 400 and b"2 queries" in info.value.read()
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{base}/query", timeout=30)
    assert info.value.code == 400
    assert post(base, "SELECT * WHERE { ?s ?p }")[0] == 400
    assert post(base, ASK, accept="image/png")[0] == 406
    code, kind, body = post(base, "SELECT ?s { ?s ?p ?o } LIMIT 2", accept="text/csv")
    assert code == 200 and kind.startswith("text/csv") and body.splitlines()[0] == "s"
    code, kind, body = post(
        base,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
        accept="text/turtle;q=0.9, application/n-triples;q=0.5",
    )
    assert code == 200 and kind.startswith("text/turtle") and body.strip()
    code, kind, _ = post(base, ASK, accept="application/sparql-results+xml")
    assert code == 200 and kind == "application/sparql-results+xml"
    # a runaway query asked for in a format nothing is sent in: refused before it runs
    started = time.monotonic()
    slow = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    assert post(base, slow, accept="image/png")[0] == 406 and time.monotonic() - started < 20
    # more parameters than are read, and a compressed body, each named as such
    many = urllib.parse.urlencode([("query", ASK)] + [(f"a{i}", "1") for i in range(200)])
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{base}/query?{many}", timeout=30)
    assert info.value.code == 400 and b"more than 100 parameters" in info.value.read()
    request = urllib.request.Request(
        f"{base}/query",
        data=ASK.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Content-Encoding": "gzip"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=30)
    assert info.value.code == 415


def children(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_client_that_hangs_up_costs_only_its_own_query(own_server):
    # one worker: the pool holds at most four, so four hang-ups left running would take
    # every worker for a minute and the questions below would time out
    base, process = own_server("--timeout", "60", "--workers", "1")
    host, port = "127.0.0.1", urllib.parse.urlsplit(base).port
    body = SLOW.encode()
    busy: set[int] = set()

    def a_worker_newly_on_the_slow_query() -> set[int]:
        # the query workers are forked by the server's zygote, its one child; a fresh
        # worker has used next to no CPU, one running the slow query soon a good deal
        workers = [w for zygote in children(process.pid) for w in children(zygote)]
        return {w for w in workers if w not in busy and cpu_seconds(w) >= 0.3}

    for _ in range(4):  # more hang-ups than workers: each costs (and frees) one worker
        with socket.create_connection((host, port)) as sock:
            sock.sendall(
                b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/"
                b"sparql-query\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            # the client leaves only once its query is under way
            busy |= wait_until(
                a_worker_newly_on_the_slow_query, timeout=120, what="the slow query to run"
            )
    results: list[int] = []

    def ask() -> None:
        results.append(post(base, ASK, timeout=120)[0])

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 20
    assert process.poll() is None


def test_idle_and_trickling_connections_are_closed(own_server):
    base, _ = own_server("--idle-timeout", "1")
    host, port = "127.0.0.1", urllib.parse.urlsplit(base).port
    with socket.create_connection((host, port), timeout=120) as idle:
        assert idle.recv(10) == b""  # closed by the server (our timeout would raise)
    request = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nX-Slow: " + b"a" * 1200
    sent = 0
    with socket.create_connection((host, port), timeout=120) as trickle:
        try:
            for byte in request:  # one byte each 0.05 s: the whole request takes a minute
                trickle.sendall(bytes([byte]))
                sent += 1
                time.sleep(0.05)  # the client's pace, not a wait for the server
            answer = trickle.recv(10)
        except (BrokenPipeError, ConnectionResetError):
            answer = b""  # the server closed the connection: our bytes were refused
    assert sent < len(request) and answer == b"", (
        f"the server let a request trickle in for {sent} bytes and answered {answer!r}"
    )


@pytest.mark.parametrize("opening", ["preface", "h2c"])
def test_an_idle_http2_connection_is_closed_too(own_server, opening):
    """An HTTP/2 connection (its preface, or an h2c upgrade answered 101) that then sends
    nothing, or only pings, was never closed: held ones used up the server's descriptors."""
    from hyperframe.frame import PingFrame, SettingsFrame

    base, _ = own_server("--idle-timeout", "1")
    host, port = "127.0.0.1", urllib.parse.urlsplit(base).port
    if opening == "preface":
        hello = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SettingsFrame(0).serialize()
    else:  # an upgrade on a request without a body: the request becomes stream 1
        hello = (
            b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SettingsFrame(0).serialize()
        )
    with socket.create_connection((host, port), timeout=120) as held:
        held.sendall(hello)
        started = time.monotonic()
        try:
            while held.recv(65536):  # until the server closes (our timeout would raise)
                if time.monotonic() - started < 5:
                    held.sendall(PingFrame(0, opaque_data=b"12345678").serialize())
        except (ConnectionResetError, BrokenPipeError):
            pass  # closed while our ping was on its way
    assert time.monotonic() - started < 60


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs many descriptors")
def test_1100_idle_connections_do_not_stop_real_queries(own_server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2500:
        pytest.skip("this machine allows too few open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2500), hard))
    base, process = own_server("--idle-timeout", "60", "--timeout", "2", "--workers", "1")
    port = urllib.parse.urlsplit(base).port
    idle = []
    try:
        for number in range(1100):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            if number % 2:
                sock.sendall(b"GET /query HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half-sent
            idle.append(sock)
        assert post(base, ASK, timeout=120)[0] == 200
        # a worker replaced now has descriptors numbered above 1024 (select() cannot)
        assert post(base, SLOW, timeout=30)[0] == 503
        assert [post(base, ASK, timeout=30)[0] for _ in range(10)] == [200] * 10
    finally:
        for sock in idle:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert process.poll() is None


def test_a_query_over_its_memory_costs_its_worker_only(own_server):
    base, _ = own_server("--max-memory", "300", "--timeout", "60")
    code, _, body = post(base, "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i")
    assert code == 503 and "memory" in body
    assert post(base, ASK)[0] == 200


def anonymous_memory(pid: int) -> int:
    """A process's resident memory of its own (not the files it maps), in bytes; 0 once
    it is gone."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_queries_running_at_once_share_a_memory_budget(own_server):
    """Each worker's memory was capped, not their sum: six heavy queries at once held six
    times --max-memory (5 GB with 700 MB each), and a few at the default 4096 MB could
    exhaust the machine. Past --max-total-memory, the largest running query is stopped
    with a 503 that says why; quick queries go on being answered."""
    # the heavy query needs gigabytes: unbounded, the three would hold 3 x 800 MB
    base, process = own_server(
        "--max-total-memory", "100", "--max-memory", "800", "--timeout", "300", "--workers", "2"
    )
    heavy = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c # "

    def workers() -> list[int]:
        return [w for zygote in children(process.pid) for w in children(zygote)]

    idle = sum(anonymous_memory(w) for w in workers())
    answers: list[tuple[int, str]] = []

    def ask(query: str) -> None:
        code, _, body = post(base, query, timeout=300)
        answers.append((code, body))

    threads = [threading.Thread(target=ask, args=(heavy + str(n),)) for n in range(3)]
    threads += [threading.Thread(target=ask, args=(ASK,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    peak = [0]

    def answered() -> bool:  # measuring the workers' memory meanwhile
        peak[0] = max(peak[0], sum(anonymous_memory(w) for w in workers()))
        return not any(thread.is_alive() for thread in threads)

    wait_until(answered, timeout=600, what="the queries to be answered", interval=0.02)
    stopped = [body for code, body in answers if code == 503]
    assert len(stopped) == 3 and all("--max-total-memory" in body for body in stopped), answers
    assert sorted(code for code, _ in answers) == [200, 200, 200, 503, 503, 503]
    # under half of what they would hold unbounded (spare workers forked meanwhile included)
    assert peak[0] - idle < 1000 << 20, f"{(peak[0] - idle) >> 20} MB"
    assert [post(base, ASK)[0] for _ in range(5)] == [200] * 5
    assert process.poll() is None


def test_large_answers_count_against_the_held_budget_before_they_are_read(built, tmp_path):
    """A worker's answer, up to 1 GiB, was read whole into the server before the budget of
    answers held was consulted, and answers being received were not counted: many large
    ones at once added up. Its size is now taken from the budget before it is read; one
    that does not fit is refused (503, Retry-After) and its worker replaced."""
    import asyncio

    from kg.query import prepare_store
    from kg.serve.pool import HELD_ANSWERS_HINT, SMALL_ANSWER_BYTES, HeldAnswers, QueryPool

    store = prepare_store(built / "graph.nt", tmp_path / "store")
    everything = "SELECT * { ?s ?p ?o }"

    async def scenario():
        held = HeldAnswers(10 * SMALL_ANSWER_BYTES)
        pool = QueryPool(
            store, workers=1, timeout=120, max_memory=None, allow_service=False, held=held
        )
        await pool.start()
        try:
            first = await pool.run(everything, None)
            assert first is not None and first.status == 200
            assert SMALL_ANSWER_BYTES < len(first.body) == first.held == held.size
            held.budget = held.size + len(first.body) // 2  # no room for a second one
            refused = await pool.run(everything, None)
            small = await pool.run(ASK, None)
            held.give_back(first.held)  # the first is sent: its room is free again
            again = await pool.run(everything, None)
            return refused, small, again, held.size
        finally:
            await pool.close()

    refused, small, again, size = asyncio.run(scenario())
    assert refused.status == 503 and refused.body.decode().strip() == HELD_ANSWERS_HINT
    assert (b"retry-after", b"30") in refused.headers and refused.held == 0
    assert small.status == 200 and again.status == 200
    assert size == small.held + again.held  # (the test gives back neither)


def test_a_stale_store_is_made_again_from_the_rebuilt_graph(tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    papers = tmp_path / "papers.jsonl"
    papers.write_text(
        '{"title": "FooNet for bar", "abstract": "We propose FooNet, a method '
        'for bar detection on the Baz dataset."}\n',
        encoding="utf-8",
    )
    count = (
        "PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"
    )
    served, in_graph = [], []
    for inputs in ([], [str(papers)]):  # the sample, then one paper into the same folder
        assert (
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kg",
                    "build",
                    *inputs,
                    "-o",
                    str(out),
                    "--formats",
                    "nt",
                    "-q",
                ]
            ).returncode
            == 0
        )
        base, process = start_server(out, "127.0.0.1", "--store", str(store))
        try:
            code, _, body = post(base, count)
        finally:
            stop_server(process)
        assert code == 200
        served.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
        in_graph.append(len(kg.load(out).papers))
    assert served == in_graph and in_graph[1] == 1 and in_graph[0] > 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_a_store_that_cannot_be_written_is_a_one_line_error(built):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            str(built),
            "--store",
            "/proc/kg-store",
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert (
        result.stderr.startswith("kg: error: /proc/kg-store")
        and len(result.stderr.splitlines()) == 1
    )


def test_negotiation_follows_the_accept_header():
    from kg.serve.pool import negotiate

    offered = {"application/sparql-results+json": 1, "text/csv": 2, "text/tab-separated-values": 3}
    default = "application/sparql-results+json"
    assert negotiate(None, offered, default) == default
    assert negotiate("text/*", offered, default) == "text/csv"
    assert (
        negotiate("text/csv;q=0.4, text/tab-separated-values;q=0.9", offered, default)
        == "text/tab-separated-values"
    )
    assert negotiate("image/png", offered, default) is None
    assert negotiate("image/png, */*;q=0.1", offered, default) == default


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kg_serve_stops_with_one_line_when_its_workers_zygote_dies(built):
    _base, process = start_server(built, "127.0.0.1")
    children = [
        int(c)
        for t in Path(f"/proc/{process.pid}/task").iterdir()
        for c in (t / "children").read_text().split()
    ]
    zygotes = [
        pid for pid in children if b"kg.serve.zygote" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(zygotes) == 1
    os.kill(zygotes[0], signal.SIGKILL)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 2
    assert output.strip().splitlines()[-1].startswith("kg: error: the query workers' zygote")


def test_a_store_in_use_by_kg_serve_is_never_made_again_under_it(tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    papers = tmp_path / "papers.jsonl"
    papers.write_text(
        '{"title": "FooNet for bar", "abstract": "We propose FooNet, a method '
        'for bar detection on the Baz dataset."}\n',
        encoding="utf-8",
    )
    build = [sys.executable, "-m", "kg", "build", "-o", str(out), "--formats", "nt", "-q"]
    assert subprocess.run(build).returncode == 0
    base, process = start_server(out, "127.0.0.1", "--store", str(store))
    try:
        assert subprocess.run([*build, str(papers)]).returncode == 0  # the graph changes
        query = [sys.executable, "-m", "kg", "query", str(out), "--store", str(store), ASK]
        refused = subprocess.run(query, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and "in use" in refused.stderr
        assert post(base, ASK)[0] == 200  # the server's store is whole
    finally:
        stop_server(process)
    answered = subprocess.run(query, capture_output=True, text=True, timeout=120)
    assert answered.returncode == 0 and answered.stdout.strip().endswith("True")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_more_query_workers_than_the_machine_can_hold_are_capped_with_a_warning(own_server):
    """--workers 100000 forked until the machine ran out of memory, deaf to SIGTERM. Asked
    for a few more than the cap (so that, were it missing, the test forks a few more, not
    100,000), the server starts the cap's number."""
    from kg.serve import MIN_WORKER_CAP, WORKERS_PER_CORE
    from kg.settings import cpu_cores

    most = max(MIN_WORKER_CAP, WORKERS_PER_CORE * cpu_cores())
    _base, process = own_server("--workers", str(most + 8))
    workers = [w for zygote in children(process.pid) for w in children(zygote)]
    assert 0 < len(workers) <= most
    output = stop_server(process)
    assert f"kg: warning: --workers asks for {most + 8:,} query workers" in output
    assert f"using {most}" in output and f"; {most} query workers;" in output


def test_answers_clients_do_not_read_are_held_within_a_budget_and_for_a_while():
    """Clients that send a query and never read its answer held it in the server for good,
    each (8 such held 2.8 GB): the answers being sent are held together up to a budget
    (another large one gets 503), and one unread for its time is dropped."""
    import asyncio

    from kg.serve import sparql_app
    from kg.serve.pool import SMALL_ANSWER_BYTES, HeldAnswers, Reply

    class Answers:  # the query pool's part the app uses: an answer of the size asked for
        async def run(self, query, accept, gone):
            return Reply(200, "text/plain", b"x" * int(query.split()[-1]))

    budget = 4 * SMALL_ANSWER_BYTES
    app = sparql_app(Answers(), idle_timeout=0.5, held=HeldAnswers(budget))
    big = budget // 2 + 1

    def scope(size):
        return {"type": "http", "method": "GET", "path": "/query", "headers": [],
                "query_string": f"query=ASK%7B%7D%20{size}".encode()}  # fmt: skip

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def ask(size, unread: asyncio.Event | None = None):
        sent = []

        async def send(message):
            sent.append(message)
            if message["type"] == "http.response.body" and unread is not None:
                unread.set()
                await asyncio.Event().wait()  # a client that never reads

        try:
            await app(scope(size), receive, send)
        except ConnectionAbortedError:
            return "dropped"
        return sent[0]["status"]

    async def scenario():
        sending = asyncio.Event()
        unread = asyncio.ensure_future(ask(big, sending))
        await sending.wait()  # it has its answer and is sending it
        during = [await ask(big), await ask(10)]
        return during, await unread, await ask(big)

    during, unread, after = asyncio.run(scenario())
    assert during == [503, 200]  # another large answer waits; a small one goes
    assert unread == "dropped"  # after the idle time and what its size takes at 1 MB/s
    assert after == 200  # its budget back


def test_loopback_addresses_are_known_however_written():
    from kg.serve import is_loopback

    for host in ("127.0.0.1", "127.1", "::1", "localhost", "::ffff:127.0.0.1", "::ffff:7f00:1"):
        assert is_loopback(host), host
    for host in ("10.0.0.1", "::ffff:10.0.0.1", "example.org", ""):
        assert not is_loopback(host), host
