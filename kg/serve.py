"""``kg serve``: the real Oxigraph SPARQL HTTP server, read-only, over a built graph.

The graph is bulk-loaded into an on-disk Oxigraph store (a temporary folder unless
``store`` is given) with the ``oxigraph`` command from the PyPI package of that name,
then ``oxigraph serve-read-only`` answers the SPARQL 1.1 Protocol at ``/query`` and has
no ``/update``. Every query is stopped after ``timeout`` seconds by Oxigraph itself.

Oxigraph runs federated queries (SERVICE) by sending HTTP requests wherever a query
says. Unless ``allow_service``, the server listens on a private loopback port and a thin
front on the public address refuses such queries and passes everything else through.

The server stops on Ctrl-C or SIGTERM; Oxigraph is asked by the kernel to die with kg
(a SIGKILLed kg leaves no server behind), and temporary stores left by a killed kg are
removed by the next ``kg serve``.
"""

from __future__ import annotations

import http.client
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import KgError
from .rdf.formats import rdf_format, resolve_graph_file
from .processes import die_with_parent
from .query import DEFAULT_QUERY_TIMEOUT, SERVICE_REFUSED, uses_service

TEMP_STORE_PREFIX = "kg-store-"
OWNER_FILE = "kg-serve.pid"
MAX_QUERY_BYTES = 1024 * 1024
START_SECONDS = 60
# Headers the front passes on; hop-by-hop ones (Connection, Transfer-Encoding) are its own.
_FORWARDED = ("accept", "content-type", "accept-encoding", "user-agent")


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
    fmt = rdf_format(file).cli_name
    result = subprocess.run([oxigraph_command(), "load", "--location", str(location),
                             "--file", str(file), "--format", fmt],
                            capture_output=True, text=True, preexec_fn=_child_setup(os.getpid()))
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise KgError(f"{file}: oxigraph could not load the graph ({last})")


def _child_setup(parent_pid: int, memory_mb: int | None = None):
    """A ``preexec_fn`` for an oxigraph process: die with kg (whose pid is taken here, before
    the fork, so a kg that died in between is noticed), leave Ctrl-C to kg, and cap the
    address space at ``memory_mb``."""
    def setup() -> None:
        die_with_parent(parent_pid)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if memory_mb:
            import resource
            cap = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return setup


def remove_orphan_stores(folder: str | Path | None = None) -> list[Path]:
    """Delete temporary stores whose ``kg serve`` is gone (killed before it could)."""
    removed = []
    for store in Path(folder or tempfile.gettempdir()).glob(TEMP_STORE_PREFIX + "*"):
        try:
            owner = int((store / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            # no owner yet: a store being created right now, or one from before owners
            if time.time() - store.stat().st_mtime < 3600:
                continue
            owner = 0
        if owner and _alive(owner):
            continue
        shutil.rmtree(store, ignore_errors=True)
        removed.append(store)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        try:
            sock.bind((host, port))
        except OSError as err:
            raise KgError(f"cannot listen on {host} port {port} ({err.strerror or err})") from None


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen, host: str, port: int) -> None:
    connection = None
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KgError(f"the oxigraph server stopped at start (exit code {process.returncode})")
        try:  # answering a query, not just accepting connections: the store is open
            connection = http.client.HTTPConnection(host, port, timeout=5)
            connection.request("GET", "/query?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            if connection is not None:
                connection.close()
        time.sleep(0.1)
    raise KgError(f"the oxigraph server did not start within {START_SECONDS} s")


def _query_text(method: str, path: str, headers, body: bytes) -> str | None:
    """The SPARQL query a request carries (URL parameter, form field or body), if any."""
    texts = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query", [])
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method == "POST" and content_type == "application/sparql-query":
        texts.append(body.decode("utf-8", "replace"))
    elif method == "POST" and content_type == "application/x-www-form-urlencoded":
        texts += urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [])
    return "\n".join(texts) if texts else None


class OxigraphBackend:
    """``oxigraph serve-read-only`` on a private loopback port, restarted on demand: a
    query Oxigraph cannot stop (a sort over a cartesian product ignores its own timeout)
    is stopped by restarting the process, which takes well under a second."""

    def __init__(self, location: Path, timeout: float, memory_mb: int | None) -> None:
        self.location, self.timeout, self.memory_mb = location, timeout, memory_mb
        self.port = _free_loopback_port()
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.generation = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [oxigraph_command(), "serve-read-only", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", f"{self.timeout:g}"],
            preexec_fn=_child_setup(os.getpid(), self.memory_mb),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.generation += 1
        _wait_until_listening(self.process, "127.0.0.1", self.port)

    def restart(self, generation: int) -> None:
        """Kill and start again, unless another request did so since ``generation``."""
        with self.lock:
            if generation == self.generation and self.process is not None:
                self.stop()
                self.start()

    def ensure_running(self) -> None:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _client_gone(sock: socket.socket) -> bool:
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _front_handler(backend: OxigraphBackend, allow_service: bool):
    class Front(BaseHTTPRequestHandler):
        """Refuses SERVICE queries and stops long ones; passes the rest to Oxigraph."""

        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet, like oxigraph
            pass

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_QUERY_BYTES:
                self._refuse(413, f"request body over {MAX_QUERY_BYTES} bytes")
                return
            body = self.rfile.read(length) if length else b""
            query = _query_text(self.command, self.path, self.headers, body)
            if query is not None and not allow_service and uses_service(query):
                self._refuse(400, SERVICE_REFUSED)
                return
            for attempt in (1, 2):  # a second try if Oxigraph was restarting meanwhile
                backend.ensure_running()
                generation = backend.generation
                connection = http.client.HTTPConnection("127.0.0.1", backend.port)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARDED}
                    connection.request(self.command, self.path, body=body or None, headers=headers)
                    outcome = self._await(connection.sock)
                    if outcome == "gone":
                        backend.restart(generation)  # nobody waits for this answer any more
                        return
                    if outcome == "late":
                        backend.restart(generation)
                        self._refuse(503, f"query stopped after {backend.timeout:g} s "
                                          "(kg serve --timeout raises the limit)")
                        return
                    response = connection.getresponse()
                    data = response.read()
                    break
                except OSError as err:
                    if attempt == 2:
                        self._refuse(502, f"the SPARQL server did not answer ({err}); "
                                          "it is restarted for the next request")
                        return
                    time.sleep(0.2)
                finally:
                    connection.close()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _await(self, backend_socket) -> str:
            """"ready" when Oxigraph answers, "late" past the limit, "gone" if the client left."""
            deadline = time.monotonic() + backend.timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return "late"
                ready, _, _ = select.select([backend_socket, self.connection], [], [], min(left, 0.5))
                if backend_socket in ready:
                    return "ready"
                if self.connection in ready and _client_gone(self.connection):
                    return "gone"

        def _refuse(self, status: int, message: str) -> None:
            data = (message + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_HEAD = do_OPTIONS = _relay

    return Front


class _FrontServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, handler) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)


def serve(graph: str | Path, host: str = "127.0.0.1", port: int = 7878,
          store: str | Path | None = None, announce=print, *,
          timeout: float = DEFAULT_QUERY_TIMEOUT, allow_service: bool = False,
          memory_mb: int | None = None) -> int:
    """Load ``graph`` and run the read-only server until interrupted; returns 0."""
    if not 0 < port < 65536:
        raise KgError(f"port {port} is out of range")
    _check_port_free(host, port)  # before minutes of loading, and before announcing
    remove_orphan_stores()
    temporary = store is None
    location = Path(tempfile.mkdtemp(prefix=TEMP_STORE_PREFIX)) if temporary else Path(store)
    backend = OxigraphBackend(location, timeout, memory_mb)
    front = None
    stopping = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    try:
        if temporary:
            (location / OWNER_FILE).write_text(str(os.getpid()))
        if temporary or not any(p.name != OWNER_FILE for p in location.glob("*")):
            location.mkdir(parents=True, exist_ok=True)
            load_store(graph, location)
        backend.start()
        try:
            front = _FrontServer(host, port, _front_handler(backend, allow_service))
        except OSError as err:
            raise KgError(f"cannot listen on {host} port {port} ({err.strerror or err})") from None
        threading.Thread(target=front.serve_forever, daemon=True).start()
        shown_host = f"[{host}]" if ":" in host else host
        base = f"http://{shown_host}:{port}"
        announce(f"SPARQL endpoint  {base}/query  (read-only; POST or GET, SPARQL 1.1 Protocol)")
        announce(f"browser UI       {base}/")
        announce(f"queries stop after {timeout:g} s; SERVICE is "
                 f"{'allowed' if allow_service else 'refused (--allow-service allows it)'}")
        announce("press Ctrl-C to stop")
        while not stopping.wait(1):
            pass
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if front is not None:
            front.shutdown()
            front.server_close()
        backend.stop()
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
