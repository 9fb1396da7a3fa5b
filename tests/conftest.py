"""Shared fixtures: the spaCy pipeline is loaded once, the seeds corpus built once.

``run_kg`` runs the real command line in this process (``run_kg_process`` in one of its
own, for what only a process shows). Every test has temporary folders of its own
(``TMPDIR`` included, which the ``kg`` processes it starts inherit, and ``tempfile``'s
folder, which the runs in this process use), so nothing else running on the machine, a
``kg serve`` of someone else's among them, can change what a test sees. Tests wait for conditions with
``wait_until`` (a generous deadline, never a measured duration: speed is for benchmarks/).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
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


# Commands that stay in a process of their own: a server outlives its call, and a Dask
# cluster's workers and threads would outlive the test.
_OWN_PROCESS_COMMANDS = frozenset({"serve"})
_OWN_PROCESS_OPTIONS = frozenset({"--cluster"})
# What a fresh interpreter does with warnings (-W unset): the runs in this process see the
# same, not pytest's filters, and warn again in every run (each has a registry of its own).
_INTERPRETER_WARNING_FILTERS = (
    ("ignore", DeprecationWarning),
    ("ignore", PendingDeprecationWarning),
    ("ignore", ImportWarning),
    ("ignore", ResourceWarning),
)


def run_kg(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command line and return what a process running it would:
    its exit status and the text of its standard output and error.

    The command runs in this process (``kg.cli.main`` with streams of its own, standard
    input from ``stdin`` or empty, the working folder ``cwd``), which spares each run an
    interpreter's start and spaCy's import; ``kg serve`` and ``--cluster`` builds run in a
    process of their own. ``run_kg_process`` always starts one (the ``python -m kg`` entry
    point itself, signals, closed streams)."""
    if (args[:1] and args[0] in _OWN_PROCESS_COMMANDS) or _OWN_PROCESS_OPTIONS & set(args):
        return run_kg_process(*args, stdin=stdin, cwd=cwd)
    from kg.cli import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    own = (  # held here: a wrapper closes its bytes when it is collected
        io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8"),
        io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True),
    )
    streams = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = own
    folder = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with warnings.catch_warnings():
            warnings.resetwarnings()
            for action, category in _INTERPRETER_WARNING_FILTERS:
                warnings.simplefilter(action, category)
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors, as `python -m kg` exits
                if isinstance(exit_.code, str):
                    print(exit_.code, file=sys.stderr)
                status = 1 if isinstance(exit_.code, str) else exit_.code or 0
            except Exception:  # noqa: BLE001 (what escapes main ends a process with a traceback)
                traceback.print_exc()
                status = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os.chdir(folder)
        sys.stdin, sys.stdout, sys.stderr = streams
    # as subprocess.run(text=True) reads a pipe: universal newlines
    completed = subprocess.CompletedProcess(
        ["kg", *args],
        status,
        _universal_newlines(out_bytes.getvalue()),
        _universal_newlines(err_bytes.getvalue()),
    )
    del own
    return completed


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
