"""Child processes that never outlive kg: extraction workers, and bounded query runs.

``ordered_map`` runs extraction in worker processes.

spaCy's own ``nlp.pipe(n_process=...)`` joins its workers on the way out, so a Ctrl-C
or a killed parent left them blocked on a pipe for good, and each printed a traceback.
Here the parent owns a process pool and feeds it chunks of papers, a few at a time so a
large input is never read ahead. The workers:

* ask Linux to kill them when the parent dies (``PR_SET_PDEATHSIG``), so a SIGKILL of the
  parent leaves nothing behind;
* ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent should act
  on it (it stops the workers in a ``finally``) and print one line;
* are killed, not joined, when the parent stops early for any reason.

``run_bounded`` runs one task (a SPARQL query) in a forked child with a time limit and a
memory cap: an engine cannot be interrupted from Python, but a process can be killed.

``deny_network`` moves a process into a network namespace of its own, which has no
interface but a loopback that is down: whatever the query engine is asked to fetch (a
SPARQL SERVICE clause names any URL) it cannot reach another host, nor this one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .errors import KgError, QueryMemoryLimit, QueryTimeout

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
CHUNKS_IN_FLIGHT_PER_WORKER = 2


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def deny_network() -> bool:
    """Cut this process off from every network: a new, empty network namespace (Linux).

    Root (or CAP_SYS_ADMIN) gets one directly; anyone else through a user namespace of
    their own, where their uid and gid map to themselves, so files stay readable and
    writable as before. Must be called while the process has a single thread (a user
    namespace cannot be entered otherwise), so right after a fork. Returns False where
    the kernel refuses both (containers without those rights, other systems): callers
    still refuse SERVICE by parsing the query, and say that the second guard is off.
    """
    return enter_network_namespace(direct=True)


def enter_network_namespace(direct: bool) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
    except OSError:
        return False
    if direct and libc.unshare(_CLONE_NEWNET) == 0:
        return True
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        return False
    try:
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"{uid} {uid} 1"),
            ("gid_map", f"{gid} {gid} 1"),
        ):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except OSError:
        pass  # unmapped ids still cannot reach a network; only new files would fail
    return True


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux; elsewhere a no-op)."""
    if sys.platform.startswith("linux"):
        try:
            _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the request was in place
        os._exit(1)


def _start_worker(parent_pid: int, initializer: Callable[..., None], initargs: tuple) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    initializer(*initargs)


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the imported modules with the workers (no second import of spaCy);
    # where it does not exist, spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def ordered_map(
    function: Callable[[T], R],
    chunks: Iterable[T],
    *,
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple = (),
    what: str = "an extraction worker process",
) -> Iterator[R]:
    """``function(chunk)`` for each chunk, computed in ``workers`` processes and yielded in
    input order. ``function`` and ``initializer`` must be module-level (picklable); ``what``
    names a worker in the error raised if one dies."""
    executor = ProcessPoolExecutor(
        workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )
    pending: deque[Future] = deque()
    limit = CHUNKS_IN_FLIGHT_PER_WORKER * workers
    try:
        for number, chunk in enumerate(chunks):
            if number == 0:
                # Workers are forked on the first submit: keep SIGINT blocked until each
                # has set it to be ignored (they inherit the mask).
                old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    pending.append(executor.submit(function, chunk))
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, old)
            else:
                pending.append(executor.submit(function, chunk))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        executor.shutdown(wait=True)
    except BrokenProcessPool:
        hint = (
            "; try --processes 1 or a smaller --batch-size"
            if what == "an extraction worker process"
            else ""
        )
        raise KgError(f"{what} died (out of memory?){hint}") from None
    finally:
        _stop(executor)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Shut the pool down now: pending work is cancelled, running workers are killed."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    results = getattr(executor, "_result_queue", None)  # shutdown forgets it
    executor.shutdown(wait=False, cancel_futures=True)
    killed = False
    for process in processes:
        if process.is_alive():
            process.kill()
            killed = True
    for process in processes:
        process.join(timeout=5)
    if killed:
        # A worker killed while it wrote a result leaves the pool's reading thread waiting
        # for the rest of it, and Python's exit waits for that thread: closing this
        # process's own end of the result pipe, the last one open, gives it end-of-file.
        writer = getattr(results, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError):
                writer.close()


def available_memory_cap(extra_mb: int) -> int:
    """An address-space limit ``extra_mb`` above what this process maps already."""
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        mapped = 0
    return mapped + extra_mb * 1024 * 1024


def limit_address_space(extra_mb: int) -> None:
    """Limit this process's address space to ``extra_mb`` above what it maps already, or to
    the limit it was started under where that is lower (a process may lower its limit, not
    raise it: ``ulimit -v`` set before kg runs stands)."""
    import resource

    cap = available_memory_cap(extra_mb)
    for limit in resource.getrlimit(resource.RLIMIT_AS):  # (ulimit -Sv, ulimit -Hv)
        if limit != resource.RLIM_INFINITY:
            cap = min(cap, limit)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run_child(
    task: Callable[[], R], connection, parent_pid: int, max_memory: int | None, isolate: bool
) -> None:
    if isolate:
        deny_network()
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # The child speaks only through the pipe: what a library prints as it fails (Rust's
    # "memory allocation of N bytes failed", a backtrace) would stand beside kg's one line.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    if max_memory is not None:
        limit_address_space(max_memory)
    outcome: tuple[str, object]  # ("ok", what task returned) or (problem, its message)
    try:
        outcome = ("ok", task())
    except KgError as err:  # sent whole: its class tells the caller what went wrong
        outcome = ("kg-error", err)
    except MemoryError:
        outcome = ("memory", None)
    except SystemError as err:
        # under a tight memory limit an allocation deep in the interpreter or an extension
        # fails without an exception of its own ("error return without exception set")
        outcome = ("memory", None) if max_memory is not None else ("error", f"SystemError: {err}")
    except Exception as err:  # reported by the parent as one line  # noqa: BLE001
        outcome = ("error", f"{type(err).__name__}: {err}")
    try:
        connection.send(outcome)
    except MemoryError:
        connection.send(("memory", None))
    connection.close()


# The longest wait one poll() takes: its milliseconds are a C int (about 24.8 days).
_POLL_SECONDS = 86_400.0


def _answered_within(receive, timeout: float | None) -> bool:
    """Whether ``receive`` has something to read within ``timeout`` seconds (None: no
    limit), waiting a day at a time so that any limit, however long, can be waited for."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        remaining = _POLL_SECONDS if deadline is None else deadline - time.monotonic()
        if remaining <= 0:
            return bool(receive.poll(0))
        if receive.poll(min(remaining, _POLL_SECONDS)):
            return True


def run_bounded(
    task: Callable[[], R],
    *,
    timeout: float | None = None,
    max_memory: int | None = None,
    isolate: bool = False,
    what: str = "task",
) -> R:
    """``task()`` in a forked child process, killed after ``timeout`` seconds or when it
    maps ``max_memory`` more than this process; either raises ``KgError``. With ``isolate``
    the child has no network (``deny_network``). Without fork (Windows), or with neither
    limits nor isolation, ``task()`` runs here."""
    if (
        timeout is None and max_memory is None and not isolate
    ) or "fork" not in multiprocessing.get_all_start_methods():
        return task()
    if multiprocessing.current_process().daemon:
        if timeout is None and max_memory is None:
            return task()  # a daemonic process may not fork: the parser's guard alone
        raise KgError(
            f"{what} limits need a child process, which a daemonic process (a "
            "multiprocessing pool worker) may not start; run it without limits"
        )
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_run_child, args=(task, send, os.getpid(), max_memory, isolate), daemon=True
    )
    child.start()
    send.close()
    try:
        if not _answered_within(receive, timeout):
            raise QueryTimeout(
                f"{what} stopped after {timeout:g} s (the time limit; --timeout raises it)"
            )
        try:
            status, value = receive.recv()
        except EOFError:
            child.join(5)
            status, value = ("memory", None) if max_memory is not None else ("died", child.exitcode)
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if status == "ok":
        return value
    if status == "memory":
        raise QueryMemoryLimit(
            f"{what} needed more than {max_memory} MB of memory (--max-memory raises it)"
        )
    if status == "died":
        raise KgError(f"{what} process ended unexpectedly (exit code {value})")
    if status == "kg-error":
        raise value
    raise KgError(value)


def _run_beside(task: Callable[[], R], connection, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    outcome: tuple[str, object]
    try:
        outcome = ("ok", task())
    except BaseException as err:  # raised again in the parent, as it would be there  # noqa: BLE001
        outcome = ("raise", err)
    try:
        connection.send(outcome)
    except Exception:  # an exception that does not pickle: its class and message  # noqa: BLE001
        error = outcome[1]
        connection.send(("error", f"{type(error).__name__}: {error}"))
    connection.close()


class Beside:
    """``task()`` running in a forked child beside this process (``start_beside``)."""

    def __init__(self, task: Callable[[], R], what: str) -> None:
        self.what = what
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # SIGINT stays blocked until the child has set it to be ignored (it inherits the mask)
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self._child = context.Process(
                target=_run_beside, args=(task, send, os.getpid()), daemon=True
            )
            self._child.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        send.close()

    def result(self):
        """What the task returned; what it raised is raised here (a ``KgError`` naming
        ``what`` if it cannot be, or if the child died)."""
        try:
            status, value = self._receive.recv()
        except EOFError:
            self._child.join(5)
            raise KgError(
                f"{self.what} ended unexpectedly (exit code {self._child.exitcode}; out of memory?)"
            ) from None
        finally:
            self.stop()
        if status == "ok":
            return value
        if status == "raise":
            raise value
        raise KgError(f"{self.what}: {value}")

    def stop(self) -> None:
        """Kill the child if it still runs, and wait for it."""
        if self._child.is_alive():
            self._child.kill()
        self._child.join(5)
        self._receive.close()


def can_start_beside() -> bool:
    """Whether ``Beside`` can run a task now: fork exists, this is not a daemonic process
    (a multiprocessing pool worker, which may not start children), and it runs one thread
    (a lock another thread holds at the fork, a notebook kernel's say, would be held for
    good in the child)."""
    import threading

    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
        and threading.active_count() == 1
    )
