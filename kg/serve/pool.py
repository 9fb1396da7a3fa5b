"""A supervised pool of SPARQL worker processes, for ``kg serve``.

Each worker holds the on-disk Oxigraph store open read-only and answers one query at a
time over a socket of its own. The pool belongs to the server's event loop:

* workers are forked by a *zygote*, a small process started once that has imported
  pyoxigraph and the query parser, so a replacement is ready in milliseconds instead of
  the second a fresh interpreter needs;
* the zygote enters a network namespace of its own before anything else
  (``kg.processes.deny_network``), so every worker it forks has no route to any host,
  this one included, whatever a query asks the engine to fetch; SERVICE is also refused
  by parsing each query (``kg.query.check_query``) unless ``allow_service``;
* a query that outruns its time limit, whose client hangs up, or whose worker dies (the
  memory cap: each worker's address space is limited) costs that worker: the pool kills
  it and forks a fresh one; the event loop never waits on a worker;
* the queries running at once share a memory budget (``max_total_memory``): while any
  runs, the pool measures what each has added to its worker's resident memory every
  ``MEMORY_CHECK_SECONDS``, and past the budget it stops the largest (503, saying why);
* the answers the server holds, being received from workers or sent to clients, share a
  budget too (``HeldAnswers``): a large answer past it is refused before it is read;
* the pool keeps ``spare`` idle workers beyond the busy ones (up to ``max_workers``), and
  a query that has used ``LONG_QUERY_SECONDS`` of CPU has its worker lowered to the least
  priority, so slow queries starve quick ones neither of workers nor of CPU; such a worker
  is retired when its query ends.

Messages are length-prefixed frames: the request is JSON (query, Accept header, whether
SERVICE is allowed); the answer is a JSON head (status, content type) and a body.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import struct
import sys
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import KgError

LONG_QUERY_SECONDS = 0.05  # of CPU
WORKER_NICENESS = 5  # workers and the zygote, below the HTTP server's event loop
SLOW_NICENESS = 19  # a slow query gets the CPU that quick ones leave
START_SECONDS = 60
MAX_RESPONSE_BYTES = 1 << 30
# While any query runs, the busy workers' memory is measured this often: a query that
# allocates 2 GB a second passes the budget by at most about 100 MB before it is stopped.
MEMORY_CHECK_SECONDS = 0.05
# The answers the server holds together, being received from workers or sent to clients:
# one more is refused (503) unless small or the only one. A client that never reads would
# otherwise hold its answer for good. (The connection's write buffer holds a copy of what
# the client has not read: twice this.)
MAX_HELD_ANSWER_BYTES = 1 << 29
SMALL_ANSWER_BYTES = 1 << 20
_FRAME = struct.Struct("!I")
_PID = struct.Struct("!q")
MEMORY_HINT = "the query needed more memory than each worker may use (kg serve --max-memory)"
TOTAL_MEMORY_HINT = (
    "the queries running at once needed more memory than the server gives them together "
    "(kg serve --max-total-memory); this one, the largest, was stopped: try again later"
)
HELD_ANSWERS_HINT = (
    "the server is holding too many large answers for clients (being received or not yet "
    "read): try again later"
)


# --- negotiation: what the client accepts, for each kind of result --------------------------

RESULTS_FORMATS = {  # media type -> format, for SELECT and ASK results
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {  # media type -> format, for CONSTRUCT and DESCRIBE results
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_ANY_FORMAT = {**RESULTS_FORMATS, **GRAPH_FORMATS}


def negotiate(accept: str | None, offered: Mapping[str, object], default: str) -> str | None:
    """The media type to answer with: the client's most preferred one among ``offered``
    (q-values honoured, wildcards give ``default``); None when it accepts none of them."""
    if not accept or not accept.strip():
        return default
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):  # text/*: the default if it is one, else the first offered
            family = [m for m in (default, *offered) if m.startswith(media[:-1])]
            if family:
                return family[0]
    return None


# --- the worker side --------------------------------------------------------------------------


def _read_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_frame(sock: socket.socket) -> bytes | None:
    head = _read_exact(sock, _FRAME.size)
    return None if head is None else _read_exact(sock, _FRAME.unpack(head)[0])


def _send_answer(sock: socket.socket, status: int, content_type: str, body: bytes) -> None:
    head = json.dumps({"status": status, "type": content_type}).encode()
    sock.sendall(_FRAME.pack(len(head)) + head + _FRAME.pack(len(body)))
    sock.sendall(body)


_CHECKED_CACHE_SIZE = 512
_CHECKED_MAX_CHARS = 20_000
_checked: OrderedDict[tuple[str, bool], tuple[type[KgError], str] | None] = OrderedDict()


def checked_query(query: str, allow_service: bool) -> None:
    """``kg.query.check_query``, remembering the verdicts on the last few hundred short
    query texts: parsing costs far more than running a typical query, and endpoints get
    the same texts again and again (dashboards, notebooks, scripts)."""
    from ..query import check_query

    key = (query, allow_service)
    if key in _checked:
        _checked.move_to_end(key)
        verdict = _checked[key]
        if verdict is not None:
            raise verdict[0](verdict[1])  # the same class: QueryError, ServiceRefused, ...
        return
    try:
        check_query(query, allow_service=allow_service)
        verdict = None
    except KgError as err:
        verdict = (type(err), str(err))
    if len(query) <= _CHECKED_MAX_CHARS:
        _checked[key] = verdict
        if len(_checked) > _CHECKED_CACHE_SIZE:
            _checked.popitem(last=False)
    if verdict is not None:
        raise verdict[0](verdict[1])


def answer(store, request: dict) -> tuple[int, str, bytes]:
    """(status, content type, body) for one request, computed in a worker."""
    from ..query import QUERY_PREFIXES, syntax_error_message

    text = "text/plain; charset=utf-8"
    if negotiate(request.get("accept"), _ANY_FORMAT, next(iter(_ANY_FORMAT))) is None:
        # no result of any kind can be sent as asked: said before the query runs
        return 406, text, ("results can be sent as " + ", ".join(_ANY_FORMAT) + "\n").encode()
    try:
        checked_query(request["query"], bool(request.get("allow_service", False)))
        result = store.query(request["query"], prefixes=QUERY_PREFIXES)
        solutions = isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
        offered = RESULTS_FORMATS if solutions else GRAPH_FORMATS
        media = negotiate(request.get("accept"), offered, next(iter(offered)))
        if media is None:
            return 406, text, ("this result can be sent as " + ", ".join(offered) + "\n").encode()
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):  # as ``solutions`` says
            body = result.serialize(format=RESULTS_FORMATS[media])
        else:
            body = ox.serialize(result, format=GRAPH_FORMATS[media])
        assert body is not None  # serialize returns the bytes when given no output
        if len(body) > MAX_RESPONSE_BYTES:
            return (
                507,
                text,
                f"the result is over {MAX_RESPONSE_BYTES >> 20} MB; add a LIMIT\n".encode(),
            )
        return 200, media + ("; charset=utf-8" if media.startswith("text/") else ""), body
    except KgError as err:
        return 400, text, (str(err) + "\n").encode()
    except SyntaxError as err:
        return 400, text, (syntax_error_message(request["query"], err) + "\n").encode()
    except MemoryError:
        return 503, text, (MEMORY_HINT + "\n").encode()
    except (ValueError, OSError, RuntimeError) as err:
        return (
            500,
            text,
            f"the query failed: {str(err).splitlines()[0] if str(err) else err!r}\n".encode(),
        )


def _worker(sock: socket.socket, store_folder: str, max_memory: int | None) -> None:
    """A forked worker: open the store, then answer requests until the socket closes."""
    try:
        store = ox.Store.read_only(store_folder)
    except (OSError, ValueError) as err:
        _send_answer(sock, 500, "text/plain", f"cannot open the store: {err}".encode())
        return
    if max_memory:  # after the store is open: it maps what it needs (threads, caches) then
        from ..processes import limit_address_space

        limit_address_space(max_memory)
    _send_answer(sock, 200, "text/plain", b"ready")
    while True:
        frame = _read_frame(sock)
        if frame is None:
            return
        _send_answer(sock, *answer(store, json.loads(frame)))


def zygote_main(argv: list[str]) -> None:
    """``python -m kg.serve.zygote CONTROL_FD PARENT_PID STORE MAX_MEMORY HOST_NETNS``: fork a
    worker for each socket the server sends over the control socket; exit with the server.

    The server started this process in a network namespace of its own where it could
    (``isolate_zygote``, before the interpreter had any thread); whether it is in one is
    told by comparing its namespace with the server's, ``HOST_NETNS``.
    """
    from ..processes import die_with_parent

    control_fd, parent_pid, store_folder, max_memory, host_netns = argv
    die_with_parent(int(parent_pid))
    try:
        isolated = os.readlink("/proc/self/ns/net") != host_netns
    except OSError:
        isolated = False
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    os.nice(WORKER_NICENESS)  # the event loop, which answers everyone, comes first
    from ..query import check_query

    check_query("ASK {}")  # builds the grammar once, before any fork
    control = socket.socket(fileno=int(control_fd))
    control.sendall(json.dumps({"isolated": isolated}).encode() + b"\n")
    zygote_pid = os.getpid()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            return
        if not message or not fds:
            return  # the server is gone
        try:
            pid = os.fork()
        except OSError:
            os.close(fds[0])
            control.sendall(_PID.pack(-1))  # no process to be had now: the server says so
            continue
        if pid == 0:
            try:
                control.close()
                # quiet: a worker past its memory cap aborts with a message of its own
                os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                die_with_parent(zygote_pid)
                _worker(socket.socket(fileno=fds[0]), store_folder, int(max_memory) or None)
            finally:
                os._exit(0)
        os.close(fds[0])
        control.sendall(_PID.pack(pid))


def isolate_zygote() -> None:
    """``preexec_fn`` of the zygote: a network namespace of its own, entered between fork
    and exec, where the child has one thread (a user namespace needs that)."""
    from ..processes import deny_network

    deny_network()


# --- the server side --------------------------------------------------------------------------


@dataclass
class Reply:
    """What the server sends back for one query: ``held`` is how many bytes of it the pool
    has counted in the held answers' budget (the caller gives them back once it is sent)."""

    status: int
    content_type: str
    body: bytes
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    held: int = 0


class HeldAnswers:
    """The bytes of the answers the server holds, together: being received from workers, or
    being sent to clients. One more is taken unless it is over ``SMALL_ANSWER_BYTES`` and
    would pass ``budget`` with others held (the only one is taken whatever its size, up to
    ``MAX_RESPONSE_BYTES``: an answer a worker may send can always be had when the server
    is quiet)."""

    def __init__(self, budget: int = MAX_HELD_ANSWER_BYTES) -> None:
        self.budget = budget
        self.size = 0

    def take(self, size: int) -> bool:
        """Count ``size`` bytes more and say True, or say False and count nothing."""
        if size > SMALL_ANSWER_BYTES and self.size and self.size + size > self.budget:
            return False
        self.size += size
        return True

    def give_back(self, size: int) -> None:
        """Count ``size`` bytes taken earlier no more."""
        self.size -= size


class _HeldFull(Exception):
    """An answer that the held answers' budget has no room for."""


@dataclass(eq=False)
class _Worker:
    pid: int
    pidfd: int | None  # signals go through it: the zygote reaps workers, pids get reused
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    busy_since: float | None = None
    slow: bool = False  # lowered in priority; retired after its query
    timer: asyncio.TimerHandle | None = None  # the next look at its CPU use
    alive: bool = field(default=True)
    memory_at_start: int | None = None  # its resident memory (bytes) when its query began
    stopped: str | None = None  # why the pool stopped its query, if it did

    def exited(self) -> bool:
        if self.pidfd is None:
            return False
        import select

        poller = select.poll()  # not select(): descriptors pass 1024 with many connections
        poller.register(self.pidfd, select.POLLIN)
        return bool(poller.poll(0))  # readable once it exited


class QueryPool:
    """Worker processes answering SPARQL queries on the store in ``store``.

    ``workers`` are kept ready; the pool grows past them, up to ``max_workers``, only
    while slow queries hold workers. Every query gets ``timeout`` seconds; each worker
    may add ``max_memory`` MB, and the queries running at once ``max_total_memory`` MB
    together (None: no such limit). Answers are read from the workers within ``held``.
    """

    def __init__(
        self,
        store: Path,
        *,
        workers: int,
        timeout: float,
        max_memory: int | None,
        allow_service: bool,
        max_workers: int | None = None,
        max_total_memory: int | None = None,
        held: HeldAnswers | None = None,
    ) -> None:
        self.store, self.size, self.timeout = store, workers, timeout
        self.max_memory, self.allow_service = max_memory, allow_service
        self.memory_budget = None if not max_total_memory else max_total_memory << 20
        self.held = held if held is not None else HeldAnswers()
        self._memory_timer: asyncio.TimerHandle | None = None
        self.max_workers = max_workers or 4 * workers
        self.spare = workers  # idle beyond the busy: a burst seldom waits for a fork
        self.isolated = False
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._starting = 0
        self._changed = asyncio.Condition()
        self._spawn_lock = asyncio.Lock()
        self._control: socket.socket | None = None
        self._zygote: asyncio.subprocess.Process | None = None
        self._tasks: set[asyncio.Task] = set()
        self.zygote_exited: asyncio.Future | None = None

    async def start(self) -> None:
        """Start the zygote and the first workers; ``KgError`` if they cannot start."""
        server_end, zygote_end = socket.socketpair()
        self._control = server_end
        server_end.setblocking(False)
        try:
            host_netns = os.readlink("/proc/self/ns/net")
        except OSError:
            host_netns = "unknown"
        self._zygote = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kg.serve.zygote",
            str(zygote_end.fileno()),
            str(os.getpid()),
            str(self.store),
            str(self.max_memory or 0),
            host_netns,
            pass_fds=(zygote_end.fileno(),),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            preexec_fn=None if self.allow_service else isolate_zygote,
        )
        zygote_end.close()
        loop = asyncio.get_running_loop()
        try:
            line = await asyncio.wait_for(self._read_control_line(loop), START_SECONDS)
        except (TimeoutError, ConnectionError, ValueError):
            raise KgError("the query workers did not start") from None
        self.isolated = bool(line.get("isolated"))
        self._starting += self.size
        first = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        problems = [p for p in first if isinstance(p, BaseException)]
        if problems:
            raise KgError(f"the query workers did not start ({problems[0]})")
        self.zygote_exited = asyncio.ensure_future(self._zygote.wait())

    async def _read_control_line(self, loop) -> dict:
        data = b""
        while not data.endswith(b"\n"):
            chunk = await loop.sock_recv(self._control, 4096)
            if not chunk:
                raise ConnectionError("zygote exited")
            data += chunk
        return json.loads(data)

    async def _spawn(self) -> None:
        """Fork one worker and put it among the idle ones once it has opened the store;
        the caller has counted it in ``_starting`` already (synchronously, so that
        ``_top_up`` never asks twice for one missing worker)."""
        loop = asyncio.get_running_loop()
        server_end, worker_end = socket.socketpair()
        worker = None
        try:
            async with self._spawn_lock:
                control = self._control
                assert control is not None  # start opens it before any worker is spawned
                socket.send_fds(control, [b"F"], [worker_end.fileno()])
                worker_end.close()
                raw = b""
                while len(raw) < _PID.size:
                    chunk = await asyncio.wait_for(
                        loop.sock_recv(control, _PID.size - len(raw)), START_SECONDS
                    )
                    if not chunk:
                        raise KgError("the query workers' zygote exited")
                    raw += chunk
            pid = _PID.unpack(raw)[0]
            if pid < 0:
                raise KgError("the system refused a new process for a query worker")
            try:
                pidfd = os.pidfd_open(pid)
            except (AttributeError, OSError):
                pidfd = None
            reader, writer = await asyncio.open_unix_connection(sock=server_end, limit=1 << 20)
            worker = _Worker(pid, pidfd, reader, writer)
            status, _, body, _ = await asyncio.wait_for(self._receive(worker), START_SECONDS)
            if status != 200:
                raise KgError(body.decode("utf-8", "replace"))
        except BaseException:
            if worker is not None:
                self._kill(worker)
            else:
                server_end.close()
            worker_end.close()
            async with self._changed:
                self._starting -= 1
                self._changed.notify_all()  # waiters look again (and ask for a worker)
            raise
        async with self._changed:
            self._starting -= 1
            self._all.add(worker)
            self._idle.insert(0, worker)  # a fresh worker is used after the warm ones
            self._changed.notify()

    def _spawn_later(self) -> None:
        self._starting += 1
        task = asyncio.create_task(self._spawn())
        self._tasks.add(task)
        task.add_done_callback(self._spawned)

    def _spawned(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # seen: a failed fork is retried by the next request

    def _wanted(self) -> int:
        """Workers to keep: ``size``, and always ``spare`` idle ones beyond the busy, so
        that a request seldom waits for a fork (up to ``max_workers``)."""
        busy = sum(1 for w in self._all if w.busy_since is not None)
        return min(self.max_workers, max(self.size, busy + self.spare))

    def _top_up(self) -> None:
        while len(self._all) + self._starting < self._wanted():
            self._spawn_later()

    async def _acquire(self, deadline: float) -> _Worker | None:
        async with self._changed:
            while True:
                while self._idle and self._idle[-1].exited():
                    self._retire(self._idle[-1])  # died while idle (killed from outside)
                if self._idle:
                    break
                if self.zygote_exited is not None and self.zygote_exited.done():
                    raise KgError("the query workers' zygote has exited; restart kg serve")
                self._top_up()
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                try:
                    await asyncio.wait_for(self._changed.wait(), min(left, 1.0))
                except TimeoutError:
                    if self._idle:
                        self._changed.notify()  # a wake-up meant for us is not lost
            worker = self._idle.pop()
            worker.busy_since = time.monotonic()
            return worker

    async def _release(self, worker: _Worker) -> None:
        worker.busy_since = None
        if not worker.alive:  # stopped by the memory budget as its answer came
            self._retire(worker)
            return
        # a slow worker has the least priority for good; an extra one goes once plenty
        # are idle (not as soon as the count allows, which would fork and kill in turns)
        if worker.slow or (
            len(self._all) > self.size and len(self._idle) >= self.size + self.spare
        ):
            self._retire(worker, replace=worker.slow)
            return
        async with self._changed:
            self._idle.append(worker)
            self._changed.notify()

    def _kill(self, worker: _Worker) -> None:
        if worker.alive:
            worker.alive = False
            try:
                if worker.pidfd is not None:
                    signal.pidfd_send_signal(worker.pidfd, signal.SIGKILL)
                    os.close(worker.pidfd)
                else:
                    os.kill(worker.pid, signal.SIGKILL)
            except OSError:
                pass  # it had exited already
        worker.writer.close()

    def _retire(self, worker: _Worker, replace: bool = True) -> None:
        self._kill(worker)
        self._all.discard(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        if replace:
            self._top_up()

    async def _receive(
        self, worker: _Worker, held: HeldAnswers | None = None
    ) -> tuple[int, str, bytes, int]:
        """(status, content type, body, bytes of it counted in ``held``) of the worker's
        answer; ``_HeldFull``, before the body is read, when ``held`` has no room for it."""
        head = await worker.reader.readexactly(_FRAME.size)
        meta = json.loads(await worker.reader.readexactly(_FRAME.unpack(head)[0]))
        size = _FRAME.unpack(await worker.reader.readexactly(_FRAME.size))[0]
        if held is None:
            return meta["status"], meta["type"], await worker.reader.readexactly(size), 0
        if not held.take(size):
            raise _HeldFull
        try:
            body = await worker.reader.readexactly(size)
        except BaseException:
            held.give_back(size)
            raise
        return meta["status"], meta["type"], body, size

    async def run(
        self, query: str, accept: str | None, client_gone: asyncio.Future | None = None
    ) -> Reply | None:
        """Answer one query; None when the client hung up first (its worker is replaced).
        The answer's bytes are counted in ``held`` (``Reply.held``) until the caller gives
        them back."""
        started = time.monotonic()
        deadline = started + self.timeout
        try:
            worker = await self._acquire(deadline)
        except KgError as err:
            return _text(503, str(err))
        if worker is None:
            return _text(
                503,
                f"all {len(self._all)} query workers stayed busy for "
                f"{self.timeout:g} s; try again later",
            )
        if client_gone is not None and client_gone.done():
            await self._release(worker)  # hung up while waiting: the worker is untouched
            return None
        request = json.dumps(
            {"query": query, "accept": accept, "allow_service": self.allow_service}
        ).encode()
        receiving = None
        answered = False  # the answer received is the caller's (and its held bytes)
        worker.timer = asyncio.get_running_loop().call_later(
            LONG_QUERY_SECONDS, self._demote, worker, _cpu_seconds(worker.pid)
        )
        if self.memory_budget is not None:
            worker.memory_at_start = _resident_bytes(worker.pid)
            self._watch_memory()
        try:
            worker.writer.write(_FRAME.pack(len(request)) + request)
            await worker.writer.drain()
            receiving = asyncio.ensure_future(self._receive(worker, self.held))
            waiting = {receiving} | ({client_gone} if client_gone is not None else set())
            done, _ = await asyncio.wait(
                waiting,
                timeout=max(0.0, deadline - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
            if receiving in done:
                status, content_type, body, held = receiving.result()
                answered = True
                await self._release(worker)
                return Reply(status, content_type, body, held=held)
            self._retire(worker)
            if client_gone is not None and client_gone in done:
                return None
            return _text(
                503,
                f"query stopped after {self.timeout:g} s (the time limit; "
                "kg serve --timeout raises it)",
            )
        except _HeldFull:
            self._retire(worker)  # its answer is unread in the socket
            return _text(503, HELD_ANSWERS_HINT, retry=True)
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            self._retire(worker)
            if worker.stopped is not None:
                return _text(503, worker.stopped, retry=True)
            return _text(
                503,
                "the query's worker process died (past its memory cap, with "
                "--max-memory, or killed); it has been replaced",
            )
        except BaseException:
            self._retire(worker)  # cancelled: the worker is mid-query
            raise
        finally:
            worker.memory_at_start = None
            if worker.timer is not None:
                worker.timer.cancel()
            if receiving is not None and not receiving.done():
                receiving.cancel()  # (it gives back what it counted as it ends)
            elif (
                receiving is not None
                and not answered
                and not receiving.cancelled()
                and receiving.exception() is None
            ):
                self.held.give_back(receiving.result()[3])  # came as the time ran out

    def _watch_memory(self) -> None:
        """Measure the busy workers' memory soon, unless that is planned already."""
        if self.memory_budget is not None and self._memory_timer is None:
            self._memory_timer = asyncio.get_running_loop().call_later(
                MEMORY_CHECK_SECONDS, self._check_memory
            )

    def _check_memory(self) -> None:
        """What the running queries have added to their workers' resident memory, together:
        past the budget, stop the largest query (then the next largest, ...) until the rest
        fit. Measured again while any query runs. Resident, not mapped: the address space a
        worker reserves is no memory the machine lacks."""
        self._memory_timer = None
        budget = self.memory_budget
        added: dict[_Worker, int] = {}
        for worker in self._all:
            start = worker.memory_at_start
            if worker.alive and worker.busy_since is not None and start is not None:
                now = _resident_bytes(worker.pid)
                added[worker] = 0 if now is None else max(0, now - start)
        if not added or budget is None:
            return  # no query runs: the next one starts the measuring again
        total = sum(added.values())
        for worker in sorted(added, key=added.__getitem__, reverse=True):
            if total <= budget:
                break
            worker.stopped = TOTAL_MEMORY_HINT
            self._kill(worker)  # its query's run() answers 503 with the reason
            total -= added[worker]
        self._watch_memory()

    def _demote(self, worker: _Worker, cpu_at_start: float | None) -> None:
        """A query that has used ``LONG_QUERY_SECONDS`` of CPU: least priority for its
        worker, and spares kept ready. CPU, not time: a quick query that waited for the
        CPU is not slow, and lowering it would make it so."""
        if not worker.alive or worker.busy_since is None or worker.exited():
            return  # done, or gone (its pid may be another process's by now)
        used = _cpu_seconds(worker.pid)
        if (
            cpu_at_start is not None
            and used is not None
            and used - cpu_at_start < LONG_QUERY_SECONDS
        ):
            worker.timer = asyncio.get_running_loop().call_later(
                LONG_QUERY_SECONDS / 2, self._demote, worker, cpu_at_start
            )
            return
        worker.slow = True
        try:
            os.setpriority(os.PRIO_PROCESS, worker.pid, SLOW_NICENESS)
        except OSError:
            pass
        self._top_up()

    async def close(self) -> None:
        """Kill every worker and the zygote."""
        for task in list(self._tasks):
            task.cancel()
        if self._memory_timer is not None:
            self._memory_timer.cancel()
            self._memory_timer = None
        for worker in list(self._all):
            self._retire(worker, replace=False)
        if self._control is not None:
            self._control.close()
        if self._zygote is not None and self._zygote.returncode is None:
            self._zygote.kill()
            await self._zygote.wait()


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds a process has used (Linux /proc), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _resident_bytes(pid: int) -> int | None:
    """A process's resident memory of its own (anonymous: not the pages of files it maps,
    which the store's readers share and the kernel may drop), in bytes; from Linux's
    /proc, None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            fields = statm.read().split()
        return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return None


def _text(status: int, message: str, retry: bool = False) -> Reply:
    return Reply(
        status,
        "text/plain; charset=utf-8",
        (message + "\n").encode(),
        [(b"retry-after", b"30")] if retry else [],
    )
