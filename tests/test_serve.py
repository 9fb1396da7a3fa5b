"""`kg serve`: the real Oxigraph server process, queried over HTTP with SPARQLWrapper."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def start_server(graph, host: str = "127.0.0.1"):
    """A running ``kg serve`` process on ``host`` and its base URL, once it answers."""
    port = free_port(host)
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--host", host,
                                "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/", timeout=1)
            return base, process
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None:
                pytest.fail(f"kg serve exited: {process.stdout.read()}")
            time.sleep(0.2)
    process.kill()
    pytest.fail("kg serve did not start within 60 s")


def stop_server(process) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=20)[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    assert subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out), "--format", "nt",
                           "-q"]).returncode == 0
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


def test_post_query_over_the_sparql_protocol(server):
    base, _ = server
    client = SPARQLWrapper(f"{base}/query")
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
                    "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }")
    result = client.query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) >= 40


def test_updates_are_refused(server):
    base, _ = server
    request = urllib.request.Request(
        f"{base}/update", method="POST",
        data=b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code in (403, 404, 405)


def test_sigterm_stops_cleanly_and_announces_urls(server):
    base, process = server
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert f"{base}/query" in output and "browser UI" in output
    assert process.returncode in (0, -signal.SIGTERM, 128 + signal.SIGTERM)


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
