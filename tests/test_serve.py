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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    assert subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(out), "--format", "nt",
                           "-q"]).returncode == 0
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(out), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None:
                pytest.fail(f"kg serve exited: {process.stdout.read()}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("kg serve did not start within 60 s")
    yield base, process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


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
