"""``kg serve``: a read-only SPARQL 1.1 endpoint over a built graph.

How it holds up (the concurrency model):

* **HTTP** is Hypercorn's (h11): request parsing, header and body limits, keep-alive and
  idle timeouts (a connection that sends nothing, or a request a byte at a time, is
  closed after ``IDLE_SECONDS``), thousands of open connections on one event loop. The
  small ASGI app below only reads the SPARQL 1.1 Protocol: ``GET /query?query=``, ``POST``
  with ``application/sparql-query`` or a form; updates do not exist; a request with two
  Content-Type headers, or two queries, is refused.
* **Queries** run in a supervised pool of worker processes (``kg.serve.pool``), each with
  the on-disk Oxigraph store open read-only, no network, an address-space cap, and the
  time limit: a query that overruns, or whose client hangs up, costs its worker, which the
  pool kills and replaces. Slow queries lower their worker's priority and grow the pool,
  so quick queries keep being answered meanwhile. The queries running at once share a
  memory budget (``max_total_memory``, by default half the machine's memory): past it,
  the largest is stopped.
* **Answers** held by the server, being received from a worker or sent to a client, share
  a budget (``MAX_HELD_ANSWER_BYTES``); a large one past it is refused before it is read.
* **The store** is made from the graph file once, in a temporary folder removed on exit
  (or ``store=DIR``, kept and reused while the graph file is unchanged, as ``kg query
  --store`` does); temporary stores of a killed ``kg serve`` are removed by the next one.

The server stops on Ctrl-C or SIGTERM; the workers die with it (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import os
import re
import resource
import shutil
import signal
import socket
import tempfile
import urllib.parse
import warnings
from pathlib import Path

from ..errors import KgError, UsageError
from ..query import (
    DEFAULT_QUERY_TIMEOUT,
    MAX_QUERY_BYTES,
    lock_store,
    prepare_store,
    store_is_current,
)
from ..rdf.formats import resolve_graph_file
from .pool import (
    HELD_ANSWERS_HINT,
    MAX_HELD_ANSWER_BYTES,
    HeldAnswers,
    QueryPool,
    Reply,
)

TEMP_STORE_PREFIX = "kg-store-"
OWNER_FILE = "kg-serve.pid"
IDLE_SECONDS = 10.0  # default: a connection idle (or a request unfinished) this long is closed
MAX_HEADER_BYTES = 64 * 1024
BACKLOG = 4096
WATCH_SECONDS = 5  # how often the graph file is checked for a rebuild
# The most query workers kept ready, per CPU core (at least MIN_WORKER_CAP); the pool may
# grow to four times as many under slow queries. Thousands asked for forked until the
# machine ran out of memory.
WORKERS_PER_CORE = 16
MIN_WORKER_CAP = 64
# The queries running at once may use this share of the machine's memory together, by
# default (kg serve --max-total-memory): the rest is the system's, the page cache's (the
# store is read through it) and the server's.
TOTAL_MEMORY_SHARE = 0.5
_TEXT = "text/plain; charset=utf-8"
_SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store")]
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:60em}
textarea{width:100%;height:14em;font:14px monospace}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the graph. Send queries to <code>/query</code> (GET
<code>?query=</code>, or POST <code>application/sparql-query</code> or a form);
choose the result format with the Accept header (JSON, XML, CSV, TSV; N-Triples, Turtle,
RDF/XML, JSON-LD for CONSTRUCT and DESCRIBE).</p>
<form method="post" action="/query">
<textarea name="query">PREFIX kg: &lt;https://w3id.org/kg-papers/ontology#&gt;
SELECT ?paper ?title WHERE { ?paper a kg:Paper ; &lt;http://purl.org/dc/terms/title&gt; ?title } LIMIT 20</textarea>
<p><button type="submit">Run</button></p></form></body></html>
"""


def remove_orphan_stores(folder: str | Path | None = None) -> list[Path]:
    """Delete temporary stores whose ``kg serve`` is gone (killed before it could)."""
    removed = []
    for store in Path(folder or tempfile.gettempdir()).glob(TEMP_STORE_PREFIX + "*"):
        try:
            owner = int((store / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue  # no owner file: not a temporary store of kg serve (or one being made)
        if _alive(owner):
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


def _listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound now: a taken port fails before minutes of
    loading, and connections wait in its backlog until the server accepts them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as err:
        sock.close()
        raise KgError(f"cannot listen on {host} port {port} ({err.strerror or err})") from None
    return sock


def _more_open_files() -> None:
    """Raise the open-file limit to its ceiling: each connection is a descriptor."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(
                resource.RLIMIT_NOFILE,
                (hard if hard != resource.RLIM_INFINITY else max(soft, 65536), hard),
            )
        except (ValueError, OSError):
            pass


class Refused(Exception):
    """A request the endpoint answers with an error status before any query runs."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def _read_body(receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionAbortedError
        body += message.get("body", b"")
        if len(body) > MAX_QUERY_BYTES:
            raise Refused(413, f"request body over {MAX_QUERY_BYTES} bytes")
        if not message.get("more_body"):
            return bytes(body)


def _single(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    values = [v for k, v in headers if k.lower() == name]
    if len(values) > 1:
        raise Refused(400, f"{len(values)} {name.decode()} headers; send one")
    return values[0].decode("latin-1") if values else None


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, f"{what} is not UTF-8") from None


_MAX_FIELDS = 100  # parameters of a URL or a form
_COMPRESSED = re.compile(r"\b(gzip|x-gzip|deflate|br|compress|x-compress|zstd)\b")


def _form_query(text: str, what: str) -> str | None:
    try:
        fields = urllib.parse.parse_qs(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            errors="strict",
            max_num_fields=_MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise Refused(400, f"malformed {what}") from None
    except ValueError as err:
        if "fields" in str(err):  # parse_qs's max_num_fields
            raise Refused(400, f"more than {_MAX_FIELDS} parameters in the {what}") from None
        raise Refused(400, f"malformed {what}") from None
    unsupported = {"default-graph-uri", "named-graph-uri", "using-graph-uri"} & set(fields)
    if unsupported:
        raise Refused(400, f"{min(unsupported)} is not supported; the graph has one default graph")
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise Refused(400, f"{len(queries)} queries in the {what}; send one")
    return queries[0] if queries else None


def request_query(
    method: str, query_string: bytes, headers: list[tuple[bytes, bytes]], body: bytes
) -> str:
    """The SPARQL query of a SPARQL 1.1 Protocol request; ``Refused`` if there is none or
    more than one, or the request is malformed."""
    in_url = _form_query(_decode(query_string, "the URL"), "URL")
    content_type = (_single(headers, b"content-type") or "").split(";")[0].strip().lower()
    coding = (_single(headers, b"content-encoding") or "").strip().lower()
    if method != "GET" and _COMPRESSED.search(coding):  # a compressed body read as text is junk
        raise Refused(415, f"a body in {coding[:40]!r} coding; send the query uncompressed")
    if method == "GET":
        if in_url is None:
            raise Refused(400, "no query: GET /query?query=... (URL-encoded SPARQL)")
        return in_url
    if content_type == "application/sparql-query":
        if in_url is not None:
            raise Refused(400, "a query both in the URL and in the body; send one")
        return _decode(body, "the query")
    if content_type == "application/x-www-form-urlencoded":
        in_body = _form_query(_decode(body, "the form"), "form")
        if (in_body is None) == (in_url is None):
            raise Refused(400, "send one query, in the form or in the URL")
        return in_body if in_body is not None else in_url  # type: ignore[return-value]
    if content_type.startswith("application/sparql-update"):
        raise Refused(403, "this endpoint is read-only: updates are not accepted")
    raise Refused(
        415, "POST a query as application/sparql-query or application/x-www-form-urlencoded"
    )


_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback."""
    host = host.rstrip(".")  # "localhost.", the name fully qualified
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:  # (an IPv4 address written as IPv6, "::ffff:127.0.0.1", is the IPv4 one)
        mapped = getattr(address, "ipv4_mapped", None)
        return address.is_loopback or (mapped is not None and mapped.is_loopback)
    try:  # an IPv4 address written short or in another base ("127.1"), as sockets read it
        return ipaddress.ip_address(socket.inet_ntoa(socket.inet_aton(host))).is_loopback
    except (OSError, ValueError):
        return False


def _host_name(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The host a request names (its Host header without the port), None for none."""
    value = _single(headers, b"host")
    if value is None:
        return None
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


# The slowest reading the server waits for: an answer unread after the idle time and its
# size at this rate is dropped with its connection.
MIN_READ_BYTES_PER_SECOND = 1 << 20


def sparql_app(
    pool: QueryPool,
    idle_timeout: float = IDLE_SECONDS,
    *,
    loopback_only: bool = False,
    held: HeldAnswers | None = None,
):
    """The ASGI application: ``/`` (a small query page) and ``/query``. With
    ``loopback_only`` (a server bound to the loopback), a request must name a loopback
    host: a web page whose name an attacker points at 127.0.0.1 (DNS rebinding) gets 403,
    not the graph. The answers being sent are held together within ``held`` (default: a
    fresh account of ``MAX_HELD_ANSWER_BYTES``; ``kg serve`` shares the pool's, which
    counts the answers being received from workers too)."""
    if held is None:
        held = HeldAnswers(MAX_HELD_ANSWER_BYTES)

    async def respond(
        send,
        status: int,
        content_type: str,
        body: bytes,
        head: bool = False,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        headers = [
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
            *_SECURITY_HEADERS,
            *(extra or []),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else body})

    async def app(scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] == "websocket":
            # closed before it is accepted: the server answers the upgrade 403 (an app that
            # returns without a word left it a 500)
            await receive()
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        head = method == "HEAD"
        if loopback_only:
            try:
                named = _host_name(scope["headers"])
            except Refused as refusal:
                await respond(send, refusal.status, _TEXT, (str(refusal) + "\n").encode(), head)
                return
            if named is not None and not is_loopback(named):
                message = f"this endpoint answers requests to this machine only, not to {named!r}"
                await respond(send, 403, _TEXT, (message[:200] + "\n").encode(), head)
                return
        if path == "/" and method in ("GET", "HEAD"):
            await respond(
                send,
                200,
                "text/html; charset=utf-8",
                _PAGE.encode(),
                head,
                [
                    (
                        b"content-security-policy",
                        b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
                    )
                ],
            )
            return
        if path not in ("/query", "/sparql"):
            message = (
                "this endpoint is read-only: updates are not accepted"
                if path == "/update"
                else "not found: the endpoint is /query"
            )
            await respond(send, 404, _TEXT, (message + "\n").encode(), head)
            return
        if method == "OPTIONS":
            await respond(send, 204, _TEXT, b"", extra=[(b"allow", b"GET, POST, HEAD, OPTIONS")])
            return
        if method not in ("GET", "POST", "HEAD"):
            await respond(
                send,
                405,
                _TEXT,
                b"use GET or POST\n",
                extra=[(b"allow", b"GET, POST, HEAD, OPTIONS")],
            )
            return
        try:
            declared = _single(scope["headers"], b"content-length")
            if (
                declared is not None
                and declared.strip().isascii()
                and declared.strip().isdigit()
                and int(declared) > MAX_QUERY_BYTES
            ):
                raise Refused(413, f"request body over {MAX_QUERY_BYTES} bytes")
            try:
                body = await asyncio.wait_for(_read_body(receive), idle_timeout)
            except TimeoutError:
                raise Refused(408, f"the request body took over {idle_timeout:g} s") from None
            query = request_query(
                "GET" if head else method, scope["query_string"], scope["headers"], body
            )
            accept = (
                ", ".join(
                    v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"accept"
                )
                or None
            )
        except Refused as refusal:
            await respond(send, refusal.status, _TEXT, (str(refusal) + "\n").encode(), head)
            return
        except ConnectionAbortedError:
            return
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            reply: Reply | None = await pool.run(query, accept, gone)
        finally:
            gone.cancel()
        if reply is None:
            return
        size = 0 if head else len(reply.body)
        counted = reply.held  # taken by the pool as it received the answer, or now:
        if not counted and not held.take(size):
            await respond(
                send,
                503,
                _TEXT,
                (HELD_ANSWERS_HINT + "\n").encode(),
                extra=[(b"retry-after", b"30")],
            )
            return
        try:
            # a client that never reads its answer holds it for as long as a slow one could
            # take to read it, not for good
            await asyncio.wait_for(
                respond(send, reply.status, reply.content_type, reply.body, head, reply.headers),
                idle_timeout + size / MIN_READ_BYTES_PER_SECOND,
            )
        except TimeoutError:
            raise ConnectionAbortedError("the client did not read its answer") from None
        finally:
            held.give_back(counted or size)

    return app


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _bound_hypercorn_connections() -> None:
    """Make Hypercorn's idle limit hold for HTTP/2 too, and drop a connection closed with an
    answer still unread (once per process). Hypercorn switches a connection to HTTP/2 on
    its preface or an ``h2c`` upgrade, after the HTTP/1.1 side has stopped the connection's
    idle timer (a request had begun), and HTTP/2 restarts it only when a request's stream
    closes: a connection that sends its preface and then nothing, pings, or never finishes
    its headers, stayed open for good. The connection's protocol object now restarts the
    timer when it switches and has no request yet."""
    from hypercorn.asyncio import tcp_server

    if getattr(tcp_server, "_kg_bounded", False):
        return  # (a second server in this process would wrap the patches again)
    tcp_server._kg_bounded = True  # type: ignore[attr-defined]
    from hypercorn.events import Updated
    from hypercorn.protocol import ProtocolWrapper
    from hypercorn.protocol.h2 import H2Protocol

    class IdleAfterSwitch(ProtocolWrapper):
        async def handle(self, event) -> None:
            before = self.protocol
            await super().handle(event)
            now = self.protocol
            if now is not before and isinstance(now, H2Protocol) and now.idle:
                await self.send(Updated(idle=True))

    tcp_server.ProtocolWrapper = IdleAfterSwitch  # type: ignore[misc]

    # A connection closed with an answer its client has not read (the app gave up on it)
    # waited for that answer to drain, for good, holding it: its socket is dropped instead.
    closing = tcp_server.TCPServer._close

    async def close_unread(self) -> None:
        transport = self.writer.transport
        if transport.get_write_buffer_size() > 0:
            transport.abort()
        await closing(self)

    tcp_server.TCPServer._close = close_unread  # type: ignore[method-assign]


async def _serve(
    graph_file: Path,
    store: Path,
    listener: int,
    *,
    host: str,
    port: int,
    loopback_only: bool,
    timeout: float,
    max_memory: int | None,
    max_total_memory: int | None,
    allow_service: bool,
    workers: int,
    idle_timeout: float,
    announce,
) -> None:
    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.config import Config

    held = HeldAnswers(MAX_HELD_ANSWER_BYTES)  # one account: answers received, and being sent
    pool = QueryPool(
        store,
        workers=workers,
        timeout=timeout,
        max_memory=max_memory,
        max_total_memory=max_total_memory,
        allow_service=allow_service,
        held=held,
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    _bound_hypercorn_connections()
    config = Config()
    config.bind = [f"fd://{listener}"]  # bound and listening already (``_listen``)
    # Hypercorn's keep-alive timer runs from the connection's start (or the last answer)
    # until a request's headers are in, so it bounds idle and trickling clients alike; its
    # read_timeout would also cut clients waiting for a slow answer, so it stays off. The
    # app bounds the time a body takes.
    config.keep_alive_timeout = idle_timeout
    config.h11_max_incomplete_size = MAX_HEADER_BYTES
    config.backlog = BACKLOG
    config.accesslog = None
    config.errorlog = None
    config.graceful_timeout = 1
    try:
        # a SIGTERM while the workers start stops the start (hundreds of forks take a while)
        starting = asyncio.ensure_future(pool.start())
        stopped = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({starting, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
            return
        stopped.cancel()
        starting.result()
        # What exists now lives as long as the server: keep the collector off it, so that
        # a full collection, paid for by thousands of connections' objects, stays short.
        gc.freeze()
        server = asyncio.ensure_future(
            hypercorn_serve(
                sparql_app(pool, idle_timeout, loopback_only=loopback_only, held=held),
                config,
                shutdown_trigger=stopping.wait,
            )
        )
        base = f"http://{_bind_address(host, port)}"
        announce(f"SPARQL endpoint  {base}/query  (read-only; POST or GET, SPARQL 1.1 Protocol)")
        announce(f"browser UI       {base}/")
        network = (
            "query workers have no network"
            if pool.isolated
            else "the kernel refused the query workers a network namespace of their own"
        )
        together = (
            f"the queries running at once may use {max_total_memory:,} MB together"
            if max_total_memory
            else "no limit on the memory of the queries running at once"
        )
        announce(
            f"queries stop after {timeout:g} s; {workers} query workers; {together}; "
            f"SERVICE is {'allowed' if allow_service else 'refused'}; {network}"
        )
        announce("press Ctrl-C to stop")
        warned = False
        zygote_exited = pool.zygote_exited
        assert zygote_exited is not None  # pool.start set it
        while not server.done():
            await asyncio.wait(
                {server, zygote_exited},
                timeout=WATCH_SECONDS,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if server.done():
                break
            if zygote_exited.done():
                raise KgError("the query workers' zygote process exited (killed?); kg serve stops")
            if not warned and not store_is_current(graph_file, store):
                announce(
                    f"note: {graph_file} has changed since it was loaded; restart "
                    "kg serve to serve the new graph"
                )
                warned = True
        server.result()
    finally:
        stopping.set()
        await pool.close()


def serve(
    graph: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    store: str | Path | None = None,
    announce=print,
    *,
    timeout: float = DEFAULT_QUERY_TIMEOUT,
    allow_service: bool = False,
    max_memory: int | None = None,
    max_total_memory: int | None = None,
    workers: int | None = None,
    idle_timeout: float = IDLE_SECONDS,
) -> int:
    """Serve ``graph`` (an output folder or RDF file) over the SPARQL 1.1 Protocol until
    Ctrl-C or SIGTERM; returns 0.

    Parameters
    ----------
    graph : str or Path
        Output folder of ``kg build``, or an RDF file.
    host, port : str, int
        Address to listen on.
    store : str or Path, optional
        Folder for the on-disk store, kept and reused while the graph file is unchanged;
        default: a temporary folder removed on exit.
    announce : callable
        Called with each line to show (the URLs, the limits).
    timeout : float
        Seconds a query may run; past them it is stopped and answered 503.
    allow_service : bool
        Let SERVICE clauses through (the workers then keep the network).
    max_memory : int, optional
        Memory, in MB, each query worker may add (``--max-memory``); a query needing more
        is answered 503. None: no limit.
    max_total_memory : int, optional
        Memory, in MB, the queries running at once may add to their workers' resident
        memory together (``--max-total-memory``); past it, the largest is stopped and
        answered 503 saying why, the others go on. None (default): half the machine's
        memory (its cgroup's limit where lower); 0: no limit.
    workers : int, optional
        Query worker processes kept ready (default: four per CPU core, at least 8).
    idle_timeout : float
        Seconds a connection may stay idle, or take to send its request, before it is
        closed.
    """
    from ..settings import cpu_cores, machine_memory_mb

    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise UsageError(f"port {port!r} is out of range")
    for name, value in (("timeout", timeout), ("idle_timeout", idle_timeout)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise UsageError(f"{name} must be a number of seconds above 0, not {value!r}")
    if max_total_memory is not None and (
        isinstance(max_total_memory, bool)
        or not isinstance(max_total_memory, int)
        or max_total_memory < 0
    ):
        raise UsageError(
            "max_total_memory must be a whole number of MB, 0 for no limit, "
            f"not {max_total_memory!r}"
        )
    if max_total_memory is None:
        machine = machine_memory_mb()
        max_total_memory = int(machine * TOTAL_MEMORY_SHARE) if machine else 0
    workers = workers or max(8, 4 * cpu_cores())
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError(f"workers must be a whole number of at least 1, not {workers!r}")
    most = max(MIN_WORKER_CAP, WORKERS_PER_CORE * cpu_cores())
    if workers > most:
        warnings.warn(
            f"--workers asks for {workers:,} query workers, but this machine has "
            f"{cpu_cores()} CPU cores: using {most}",
            stacklevel=2,
        )
        workers = most
    if not isinstance(host, str) or not host.strip():
        # (an empty host, "--host \"$HOST\"" with HOST unset, binds every interface)
        raise UsageError(f"host must name an address to listen on, not {host!r}")
    graph_file = resolve_graph_file(graph)
    listener = _listen(host, port)  # before minutes of loading, and before announcing
    # requests must name this machine where it listens on its loopback, however the address
    # was written ("127.1" binds 127.0.0.1)
    loopback_only = is_loopback(host) or is_loopback(listener.getsockname()[0])
    remove_orphan_stores()
    _more_open_files()
    temporary = store is None
    location = Path(tempfile.mkdtemp(prefix=TEMP_STORE_PREFIX)) if store is None else Path(store)
    hold = None
    try:
        if temporary:
            (location / OWNER_FILE).write_text(str(os.getpid()))
            folder = prepare_store(graph_file, location / "store")
        else:
            folder = prepare_store(graph_file, location)
        hold = lock_store(folder, shared=True)  # no one makes it again while we serve it
        if hold is None:
            raise KgError(f"{folder}: the store is being made again by another kg; try again")
        asyncio.run(
            _serve(
                graph_file,
                folder,
                listener.detach(),
                host=host,
                port=port,
                loopback_only=loopback_only,
                timeout=float(timeout),
                max_memory=max_memory,
                max_total_memory=max_total_memory or None,
                allow_service=allow_service,
                workers=workers,
                idle_timeout=float(idle_timeout),
                announce=announce,
            )
        )
        return 0
    except OSError as err:
        raise KgError(f"cannot serve on {host} port {port} ({err.strerror or err})") from None
    finally:
        if hold is not None:
            os.close(hold)
        if listener.fileno() != -1:  # not handed to the HTTP server
            listener.close()
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
