"""Shared fixtures: the spaCy pipeline is loaded once, the seeds corpus built once.

``run_kg`` runs the real command line in a process of its own, forked from one that has
imported kg once (``kg_runner``). Every test has temporary folders of its own (``TMPDIR``
included, which the ``kg`` processes it starts inherit), so nothing else running on the
machine, a ``kg serve`` of someone else's among them, can change what a test sees. Tests
wait for conditions with ``wait_until`` (a generous deadline, never a measured duration:
speed is for benchmarks/).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def private_extraction_cache(tmp_path_factory):
    """Builds in the tests (and the kg processes they start) cache in a fresh folder."""
    folder = tmp_path_factory.mktemp("kg_cache")
    previous = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = previous


@pytest.fixture(scope="session", autouse=True)
def private_session_tmpdir(tmp_path_factory):
    """A temporary folder of the session's own for what session- and module-scoped fixtures
    (and the processes they start) put in the system's temporary folder."""
    folder = tmp_path_factory.mktemp("session_tmpdir")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(folder))
        patch.setattr(tempfile, "tempdir", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def private_tmpdir(tmp_path_factory, monkeypatch) -> Path:
    """This test's own ``TMPDIR`` (its ``kg`` subprocesses inherit it) and ``tempfile``
    folder: a ``kg serve``'s temporary store, for one, lands here and nowhere else."""
    folder = tmp_path_factory.mktemp("tmpdir")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], *, timeout: float, what: str, interval: float = 0.05
) -> T:
    """Poll ``condition`` until it returns something true, and return that. The test fails,
    saying ``what`` it waited for, if it has not within ``timeout`` seconds: a deadline
    generous enough for a loaded machine, not a limit on how fast kg is."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"waited {timeout:g} s for {what}, in vain", pytrace=False)
        time.sleep(interval)


# Commands that stay in a process started for them: a server outlives its call, and a
# Dask cluster's workers and threads would outlive the test.
_OWN_PROCESS_COMMANDS = frozenset({"serve"})
_OWN_PROCESS_OPTIONS = frozenset({"--cluster"})
RUN_TIMEOUT = 600  # seconds: a command that has not ended by then has hung


def run_kg(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command line in a process of its own and return its exit status
    and the text of its standard output and error, as ``subprocess.run`` would.

    The process is a fork of a ``kg_runner``, which has imported kg and its libraries once
    for the session: each run is spared an interpreter's start and those imports, and
    is otherwise ``python -m kg`` (its standard input from ``stdin`` or empty, the working
    folder ``cwd``, this process's environment; two runners with different hash seeds take
    turns). ``kg serve`` and ``--cluster`` builds, and every ``run_kg_process``, start
    ``python -m kg`` itself."""
    if (args[:1] and args[0] in _OWN_PROCESS_COMMANDS) or _OWN_PROCESS_OPTIONS & set(args):
        return run_kg_process(*args, stdin=stdin, cwd=cwd)
    return _runner().run(args, stdin=stdin, cwd=cwd)


class _Runner:
    """A ``kg_runner`` process, and the socket the tests speak to it through."""

    def __init__(self, hash_seed: int) -> None:
        self.hash_seed = hash_seed
        self.connection, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("kg_runner.py")), str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            start_new_session=True,  # its commands in its process group, to end together
        )
        theirs.close()
        self.received = b""

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(
        self, args: tuple[str, ...], *, stdin: str | None, cwd: Path | None
    ) -> subprocess.CompletedProcess:
        with (
            tempfile.TemporaryFile() as input_file,
            tempfile.TemporaryFile() as out_file,
            tempfile.TemporaryFile() as err_file,
        ):
            input_file.write((stdin or "").encode())
            input_file.seek(0)
            request = {"args": list(args), "cwd": str(cwd or Path.cwd()), "env": dict(os.environ)}
            line = json.dumps(request).encode() + b"\n"
            self.connection.settimeout(None)
            # the descriptors go with the first byte; the rest of the line, however long, after
            socket.send_fds(
                self.connection,
                [line[:1]],
                [input_file.fileno(), out_file.fileno(), err_file.fileno()],
            )
            self.connection.sendall(line[1:])
            try:
                pid = self._answer(RUN_TIMEOUT)["pid"]
            except TimeoutError:
                self.end()  # out of step with it: the next run starts another
                raise subprocess.TimeoutExpired(["kg", *args], RUN_TIMEOUT) from None
            try:
                status = self._answer(RUN_TIMEOUT)["status"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)  # the command hung; the runner answers again
                self._answer(RUN_TIMEOUT)
                raise subprocess.TimeoutExpired(["kg", *args], RUN_TIMEOUT) from None
            out_file.seek(0)
            err_file.seek(0)
            # as subprocess.run(text=True) reads a pipe: universal newlines
            return subprocess.CompletedProcess(
                ["kg", *args],
                status,
                _universal_newlines(out_file.read()),
                _universal_newlines(err_file.read()),
            )

    def _answer(self, timeout: float) -> dict:
        self.connection.settimeout(timeout)
        while b"\n" not in self.received:
            data = self.connection.recv(4096)
            if not data:
                raise RuntimeError(f"kg_runner ended (exit status {self.process.wait()})")
            self.received += data
        line, self.received = self.received.split(b"\n", 1)
        return json.loads(line)

    def close(self) -> None:
        self.connection.close()  # the runner ends when it reads the end
        self.process.wait(timeout=60)

    def end(self) -> None:
        """End the runner and the command it runs (its process group is its own)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.connection.close()
        self.process.wait()


# Two runners, whose forks hash strings with different seeds, take turns: two runs a test
# compares are two interpreters' as they would be with python -m kg (output that depends
# on the order of a set of strings differs between them).
_RUNNERS: dict[int, _Runner] = {}
_TURNS = itertools.count()


def _runner() -> _Runner:
    turn = next(_TURNS) % 2
    if turn not in _RUNNERS or not _RUNNERS[turn].alive():
        other = _RUNNERS.get(1 - turn)
        seed = secrets.randbelow(2**32 - 1) + 1  # (not random: pytest-randomly seeds it)
        while other is not None and seed == other.hash_seed:
            seed = secrets.randbelow(2**32 - 1) + 1
        _RUNNERS[turn] = _Runner(seed)
    return _RUNNERS[turn]


def pytest_sessionfinish(session, exitstatus) -> None:
    while _RUNNERS:
        _RUNNERS.popitem()[1].close()


def _universal_newlines(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def run_kg_process(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command line in a process of its own (``python -m kg``)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def messages(stderr: str) -> list[str]:
    """The errors and warnings on a kg command's stderr (``kg: error: ...``,
    ``kg: warning: ...``), without its progress lines (``linking ... mentions...``)."""
    return [line for line in stderr.splitlines() if line.startswith("kg: ")]


class Listener:
    """A TCP listener on 127.0.0.1 that accepts, counts and closes every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._counted = threading.Condition()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            with self._counted:  # counted before it is closed: whoever connected and
                self.connections += 1  # then saw the close finds it counted already
                self._counted.notify_all()
            connection.close()

    def wait_for_more_than(self, count: int, seconds: float) -> bool:
        """Whether more than ``count`` connections arrive within ``seconds`` (the listener's
        thread counts them: a connection made just before may not be counted yet)."""
        with self._counted:
            return self._counted.wait_for(lambda: self.connections > count, timeout=seconds)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    """A fresh ``Listener`` for one test."""
    listening = Listener()
    yield listening
    listening.close()


SLOW_FIXTURES = {"seeds_dir", "seeds_build", "seeds_graph"}


def missing_shared_data(what: str, path: Path) -> None:
    """Skip a test whose ../shared data is absent; under CI (``CI=true``) fail instead,
    since there a missing corpus means the tests did not test what they claim."""
    message = f"shared {what} not found at {path}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " (CI must provide ../shared)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(items) -> None:
    """Every test that runs on the shared seeds corpus is ``slow`` (``-m "not slow"`` skips)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        missing_shared_data("seeds corpus", SEEDS)
    return SEEDS


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def seeds_build(seeds_dir, tmp_path_factory):
    """`kg build` of the seeds through the CLI: (completed process, output folder)."""
    out = tmp_path_factory.mktemp("seeds_out")
    result = run_kg(
        "build",
        str(seeds_dir),
        "-o",
        str(out),
        "--no-progress",
        "--formats",
        "ttl,nt,html,report,csv",
    )
    assert result.returncode == 0, result.stderr
    return result, out


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    from rdflib import Graph

    graph = Graph()
    graph.parse(seeds_build[1] / "graph.ttl", format="turtle")
    return graph


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used (Linux /proc); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
