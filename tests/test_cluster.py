"""Extraction on a Dask cluster: same output as a local build, retries, cache, errors."""

from __future__ import annotations

import filecmp
import os
import re
import signal
import socket
import subprocess
import sys
import threading

import pytest
from conftest import cpu_seconds, messages, run_kg, wait_until

from kg.errors import KgError
from kg.settings import ClusterSpec, Settings, parse_cluster


def test_cluster_values_are_parsed_and_checked():
    assert parse_cluster("local:3") == ClusterSpec(workers=3)
    assert parse_cluster("local").workers >= 1
    assert parse_cluster("tcp://10.0.0.5:8786") == ClusterSpec(address="tcp://10.0.0.5:8786")
    for good in ("tcp://[::1]:8786", "tcp://[fe80::1%eth0]:8786", "tcp://héllo:8786"):
        assert parse_cluster(good).address == good  # addresses Dask reads
    # addresses Dask fails on only after its connect timeout (a bracket not closed: an
    # internal error after 60 s), with no host, or with a port out of range
    bad_addresses = (
        "tcp://[::1", "tcp://:8786", "tcp://x:99999", "tcp://x:0", "tcp://x/y", "tcp://x:8786/",
        "tcp://x:8786?y", "tcp://x:8786#y", "tcp://x:", "tcp://[::1]x:8786", "tcp://x",
        "tls://[::1]",
    )  # fmt: skip
    for bad in ("local:0", "locale", "10.0.0.5:8786", "http://x:1", *bad_addresses):
        with pytest.raises(KgError, match="--cluster"):
            parse_cluster(bad)
    with pytest.raises(KgError, match="--cluster"):
        Settings(cluster="everywhere")


def test_sample_on_a_local_cluster_is_byte_identical_to_a_local_build(tmp_path):
    local = run_kg("build", "-o", str(tmp_path / "local"), "--no-cache", "--formats", "ttl,nt")
    assert local.returncode == 0, local.stderr
    # partitions of 4 papers, so both workers get several
    clustered = run_kg(
        "build",
        "-o",
        str(tmp_path / "cluster"),
        "--no-cache",
        "--formats",
        "ttl,nt",
        "--cluster",
        "local:2",
        "--batch-size",
        "4",
    )
    assert clustered.returncode == 0, clustered.stderr
    for name in ("graph.ttl", "graph.nt"):
        assert filecmp.cmp(tmp_path / "local" / name, tmp_path / "cluster" / name, shallow=False), (
            name
        )


def test_a_local_cluster_of_more_workers_than_cores_is_capped_with_a_warning(tmp_path):
    """--cluster local:100000 started no extraction and grew memory without end."""
    result = run_kg(
        "build", "-o", str(tmp_path / "out"), "--no-cache", "--formats", "ttl",
        "--cluster", "local:100000", "--no-progress",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"asks for 100000 local workers, but this machine has \d+ CPU cores", result.stderr
    )
    assert (tmp_path / "out" / "graph.ttl").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_scheduler_is_one_line_error(tmp_path):
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            "-o",
            str(tmp_path / "out"),
            "--no-cache",
            "--cluster",
            f"tcp://127.0.0.1:{_free_port()}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert messages(result.stderr) == result.stderr.splitlines()[-1:], result.stderr  # one line
    assert "Traceback" not in result.stderr, result.stderr
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_cluster_without_dask_says_how_to_install_it(tmp_path):
    code = (
        "import sys; sys.modules['distributed'] = None; from kg.cli import main; "
        f"sys.exit(main(['build', '-o', {str(tmp_path)!r}, '--no-cache', '--cluster', 'local:1']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "pip install 'kg-papers[cluster]'" in result.stderr and "Traceback" not in result.stderr


def test_cache_hits_never_reach_the_cluster(tmp_path):
    cache = tmp_path / "cache"
    first = run_kg(
        "build",
        "-o",
        str(tmp_path / "a"),
        "--cache-dir",
        str(cache),
        "--cluster",
        "local:1",
        "--formats",
        "ttl",
    )
    assert first.returncode == 0, first.stderr
    # Everything is cached now: the build must not even try the (closed) scheduler port.
    again = run_kg(
        "build",
        "-o",
        str(tmp_path / "b"),
        "--cache-dir",
        str(cache),
        "--cluster",
        f"tcp://127.0.0.1:{_free_port()}",
        "--formats",
        "ttl",
    )
    assert again.returncode == 0, again.stderr
    assert filecmp.cmp(tmp_path / "a" / "graph.ttl", tmp_path / "b" / "graph.ttl", shallow=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_seeds_survive_a_killed_worker_and_match_the_local_build(seeds_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    # the smallest seeds file, in partitions of 16: several partitions, one of them killed
    papers = min(seeds_dir.iterdir(), key=lambda file: file.stat().st_size)
    options = ("--no-progress", "--formats", "ttl", "--batch-size", "16")
    local = run_kg("build", str(papers), "-o", str(tmp_path / "local"), *options)
    assert local.returncode == 0, local.stderr
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        # a worker given a partition, once it has spent a second of CPU on it: mid-partition
        busy = wait_until(
            lambda: [address for address, tasks in client.processing().items() if tasks],
            timeout=600,
            what="a worker to be given a partition",
        )
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        at_start = cpu_seconds(pid)
        wait_until(
            lambda: cpu_seconds(pid) >= at_start + 1.0,
            timeout=600,
            what="the busy worker to extract",
        )
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    try:
        killer.start()
        result = run_kg(
            "build",
            str(papers),
            "-o",
            str(tmp_path / "cluster"),
            "--no-cache",
            *options,
            "--cluster",
            cluster.scheduler_address,
        )
        killer.join(timeout=60)
    finally:
        client.close()
        cluster.close()
    assert result.returncode == 0, result.stderr
    assert killed, "no worker was busy to kill"
    assert filecmp.cmp(
        tmp_path / "local" / "graph.ttl", tmp_path / "cluster" / "graph.ttl", shallow=False
    )
