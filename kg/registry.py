"""Registries of kg's plug-in parts: output formats (exporters) and input formats (readers).

A part registers itself where it is defined, with a decorator::

    @exporter("graphml", order=40, help="GraphML for Gephi, Cytoscape and yEd")
    def write(graph, folder, settings): ...   # writes folder / "graph.graphml"

    @reader("csv", suffixes=(".csv", ".tsv"), sniff=looks_like_csv)
    def read_csv(stream, path, *, on_invalid=None): ...

and is found by importing every module of ``kg.export`` and ``kg.readers``, so adding a
format is adding one file. A name is registered once: a second part under a taken name
is a ``KgError`` (it would replace a format unseen). This module sits at the bottom of kg
and imports only ``kg.errors``; the packages are imported by name the first time a
registry is read.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from .errors import KgError

_PACKAGES = {"exporters": "kg.export", "readers": "kg.readers"}
_loaded: set[str] = set()


@dataclass(frozen=True)
class Exporter:
    """An output format: ``write(graph, folder, settings)`` writes ``files`` (paths relative
    to ``folder``; ``graph.<name>`` unless the format declares others) into ``folder``."""

    name: str
    write: Callable
    order: int
    help: str
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.files:
            object.__setattr__(self, "files", (f"graph.{self.name}",))


@dataclass(frozen=True)
class Reader:
    """An input format: ``read(stream, path, *, on_invalid)`` streams ``Paper`` records.

    ``sniff(head_text, file_name) -> float`` says how sure it is that a file is in its
    format (0: not at all); the highest score reads the file. ``binary`` readers get a
    binary stream, the others text.
    """

    name: str
    read: Callable
    suffixes: tuple[str, ...]
    sniff: Callable[[str, str], float]
    binary: bool = False


_EXPORTERS: dict[str, Exporter] = {}
_READERS: dict[str, Reader] = {}


def exporter(name: str, *, order: int, help: str, files: tuple[str, ...] = ()) -> Callable:
    """Register the decorated ``write(graph, folder, settings)`` as output format ``name``,
    writing ``files`` (default: ``graph.<name>``) into the folder it is given."""

    def register(write: Callable) -> Callable:
        _add(_EXPORTERS, "output format", Exporter(name, write, order, help, tuple(files)))
        return write

    return register


def reader(
    name: str,
    *,
    suffixes: tuple[str, ...],
    sniff: Callable[[str, str], float],
    binary: bool = False,
) -> Callable:
    """Register the decorated reader function as input format ``name``."""

    def register(read: Callable) -> Callable:
        _add(_READERS, "input format", Reader(name, read, suffixes, sniff, binary))
        return read

    return register


def _add(table: dict, kind: str, part: Exporter | Reader) -> None:
    """Register ``part`` under its name, which no other part may have: the same function
    registered again (its module imported anew) is no conflict."""
    taken = table.get(part.name)
    if taken is not None and _where(taken) != _where(part):
        raise KgError(
            f"{kind} {part.name!r} is registered twice: by {_where(taken)} and by "
            f"{_where(part)}; give the new one another name"
        )
    table[part.name] = part


def _where(part: Exporter | Reader) -> str:
    function = part.write if isinstance(part, Exporter) else part.read
    module = getattr(function, "__module__", "?")
    return f"{module}.{getattr(function, '__qualname__', repr(function))}"


def _load(kind: str) -> None:
    if kind in _loaded:
        return
    package = importlib.import_module(_PACKAGES[kind])
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    _loaded.add(kind)


def exporters() -> dict[str, Exporter]:
    """Every output format, in their declared order."""
    _load("exporters")
    return dict(sorted(_EXPORTERS.items(), key=lambda item: (item[1].order, item[0])))


def output_formats() -> tuple[str, ...]:
    """Names of the output formats, in their declared order."""
    return tuple(exporters())


def readers() -> dict[str, Reader]:
    """Every input format."""
    _load("readers")
    return dict(_READERS)
