"""A process that runs ``kg`` command lines for the tests, each in a process of its own.

It imports kg and the libraries its commands use once, and loads the default pipeline,
then forks itself for each command
it is sent: the command's process starts with those imports made, and is otherwise what
``python -m kg`` makes of the command (its own standard streams, working folder and
environment; its exit status; tracebacks, warnings and exit handlers as an interpreter
ends). This process has no threads, so a fork of it is safe; the test process has many.

Started by ``conftest.run_kg`` with one end of a socket pair, whose number is its only
argument. A request is one JSON line (``args``, ``cwd``, ``env``) with the descriptors of
the command's standard input, output and error; the answers are two JSON lines: the pid of
the command's process, then its exit status (negative: the signal that ended it).
"""

from __future__ import annotations

import gc
import json
import os
import socket
import sys
import tempfile

# what the commands import, imported once before any fork
import pyoxigraph  # noqa: F401
import rdflib  # noqa: F401
import spacy  # noqa: F401

import kg.cli
import kg.export
import kg.extract
import kg.link
import kg.query
from kg.extract import Extractor
from kg.link.role_model import packaged_role_model

# ... and the default pipeline and role model, loaded once: a command that needs them finds
# them as a second build in one process would (each fork has its own copy)
Extractor().nlp  # noqa: B018 (loaded for its cache)
packaged_role_model()
# out of the garbage collector's sight: a fork's collections would otherwise go through
# (and so copy) all of it
gc.freeze()


def serve(connection: socket.socket) -> None:
    reader = connection.makefile("rb")
    while True:
        # a request's first byte comes with its descriptors, the rest of its line after
        first, fds, _flags, _address = socket.recv_fds(connection, 1, 3)
        if not first:
            return  # the tests are over
        request = json.loads(first + reader.readline())
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            reader.close()
            connection.close()
            run_command(request, fds)  # never returns: the interpreter exits
        for fd in fds:
            os.close(fd)
        _answer(connection, {"pid": pid})
        _, status = os.waitpid(pid, 0)
        _answer(connection, {"status": os.waitstatus_to_exitcode(status)})


def _answer(connection: socket.socket, answer: dict) -> None:
    connection.sendall(json.dumps(answer).encode() + b"\n")


def run_command(request: dict, fds: list[int]) -> None:
    """In the forked process: become the command's process, run it and exit as
    ``sys.exit(main())`` does (``python -m kg``)."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    tempfile.tempdir = None  # read again from TMPDIR
    os.chdir(request["cwd"])
    sys.argv = ["kg", *request["args"]]
    sys.exit(kg.cli.main(request["args"]))


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
