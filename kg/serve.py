"""``kg serve``: the real Oxigraph SPARQL HTTP server, read-only, over a built graph.

The graph is bulk-loaded into an on-disk Oxigraph store (a temporary folder unless
``store`` is given) with the ``oxigraph`` command from the PyPI package of that name,
then ``oxigraph serve-read-only`` answers the SPARQL 1.1 Protocol at ``/query`` and has
no ``/update``. The server stops on Ctrl-C or SIGTERM and the temporary store is removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import KgError
from .load import resolve_graph_file

_LOAD_FORMATS = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".rdf": "rdf",
                 ".jsonld": "jsonld"}


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server binary (installed beside this Python, or on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KgError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def load_store(graph: str | Path, location: Path) -> None:
    """Bulk-load the graph file into an Oxigraph store folder."""
    file = resolve_graph_file(graph)
    fmt = _LOAD_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise KgError(f"{file}: the server cannot load this RDF file type")
    result = subprocess.run([oxigraph_command(), "load", "--location", str(location),
                             "--file", str(file), "--format", fmt],
                            capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise KgError(f"{file}: oxigraph could not load the graph ({last})")


def serve(graph: str | Path, host: str = "127.0.0.1", port: int = 7878,
          store: str | Path | None = None, announce=print) -> int:
    """Load ``graph`` and run the read-only server until interrupted; returns its exit code."""
    if not 0 < port < 65536:
        raise KgError(f"port {port} is out of range")
    temporary = store is None
    location = Path(tempfile.mkdtemp(prefix="kg-store-")) if temporary else Path(store)
    try:
        if temporary or not any(location.glob("*")):
            location.mkdir(parents=True, exist_ok=True)
            load_store(graph, location)
        shown_host = f"[{host}]" if ":" in host else host
        process = subprocess.Popen([oxigraph_command(), "serve-read-only", "--location",
                                    str(location), "--bind", f"{shown_host}:{port}"])
        base = f"http://{shown_host}:{port}"
        announce(f"SPARQL endpoint  {base}/query  (read-only; POST or GET, SPARQL 1.1 Protocol)")
        announce(f"browser UI       {base}/")
        announce("press Ctrl-C to stop")

        stopped = []

        def stop(signum, frame):  # forward the stop to the server, then wait for it below
            stopped.append(signum)
            process.terminate()

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            code = process.wait()
            return 0 if stopped else code
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=10)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            if process.poll() is None:
                process.kill()
    finally:
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
