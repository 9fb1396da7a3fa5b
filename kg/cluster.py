"""Work on a Dask cluster: extraction for ``kg build --cluster local[:N]`` or ``tcp://HOST:8786``.

The client (the ``kg build`` process) reads the input, keeps the extraction cache and
does linking and export; only extraction, nearly all of a cold build's time, goes out.
Papers travel in partitions of ``batch_size``; each worker process loads the spaCy
pipeline once, on its first partition, and keeps it. At most a few partitions per worker
are out at a time, so a large input is never read ahead, and results come back in input
order (a build is byte-identical to a local one) while each partition is handed to
``on_result`` as soon as it arrives (the cache writes it, so an interrupted build
resumes from there). A partition whose worker dies is run again elsewhere by Dask.
``cluster_map`` is the general part (an ordered map over chunks, like
``kg.processes.ordered_map`` for local processes); ``kg.extract`` supplies the work.

Dask is an optional dependency: ``pip install 'kg-papers[cluster]'``. Workers of a remote
cluster need kg installed, and the same paths for a custom entity model or lexicon.
"""

from __future__ import annotations

import itertools
import logging
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .errors import KgError
from .settings import ClusterSpec, cpu_cores

T = TypeVar("T")
R = TypeVar("R")

PARTITIONS_IN_FLIGHT_PER_WORKER = 2
INSTALL_HINT = (
    "--cluster needs Dask: pip install 'kg-papers[cluster]' (or pip install 'dask[distributed]')"
)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise KgError(INSTALL_HINT) from None
    return distributed


@contextmanager
def dask_client(spec: ClusterSpec):
    """A Dask client for ``spec``; a local cluster is started, and stopped on the way out."""
    distributed = _distributed()
    import dask

    cluster = None
    try:
        if spec.address is None:
            cores = cpu_cores()
            workers = spec.workers or cores
            if workers > cores:
                # (each worker is a process holding a pipeline: 100,000 of them grew memory
                # without end, as --processes would, which is capped the same way)
                warnings.warn(
                    f"--cluster {spec} asks for {workers} local workers, but this machine "
                    f"has {cores} CPU cores: using {cores}",
                    stacklevel=2,
                )
                workers = cores
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster, set_as_default=False)
        else:
            timeout = dask.config.get("distributed.comm.timeouts.connect")
            client = distributed.Client(spec.address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:  # (ValueError: an address Dask refuses)
        if cluster is not None:
            cluster.close()
        raise KgError(f"cannot reach the Dask scheduler at {spec}: {_first_line(err)}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def cluster_map(
    function: Callable[..., R],
    chunks: Iterable[T],
    spec: ClusterSpec,
    *,
    args: tuple = (),
    on_result: Callable[[T, R], None] | None = None,
) -> Iterator[R]:
    """``function(chunk, *args)`` for each chunk, computed on the Dask cluster ``spec`` and
    yielded in input order; ``on_result(chunk, result)`` is called as each one arrives.
    Without any chunk no cluster is started or contacted."""
    distributed = _distributed()
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    chunks = itertools.chain([first], chunks)
    with dask_client(spec) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = PARTITIONS_IN_FLIGHT_PER_WORKER * workers
        in_flight: dict = {}  # future -> (partition number, chunk)
        finished: dict[int, R] = {}
        completed = distributed.as_completed(loop=client.loop)
        submitted = emitted = 0
        run = f"kg-{uuid.uuid4().hex[:12]}"

        def submit_more() -> None:
            nonlocal submitted
            while len(in_flight) + len(finished) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    return
                future = client.submit(function, chunk, *args, pure=False, key=f"{run}-{submitted}")
                in_flight[future] = (submitted, chunk)
                completed.add(future)
                submitted += 1

        try:
            submit_more()
            for future in completed:
                number, chunk = in_flight.pop(future)
                result = _result(future, number)
                if on_result is not None:
                    on_result(chunk, result)
                finished[number] = result
                while emitted in finished:
                    yield finished.pop(emitted)
                    emitted += 1
                submit_more()
        finally:
            for future in in_flight:
                future.cancel()


def _result(future, number: int):
    try:
        return future.result()
    except KgError:
        raise
    except Exception as err:  # a worker's error, or KilledWorker after Dask's retries  # noqa: BLE001
        raise KgError(
            f"partition {number} failed on the cluster: {type(err).__name__}: {_first_line(err)}"
        ) from None
