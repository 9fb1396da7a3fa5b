"""Registries of kg's plug-in parts: output formats (exporters) and input formats (readers).

A part registers itself where it is defined, with a decorator::

    @exporter("graphml", order=40, help="GraphML for Gephi, Cytoscape and yEd")
    def write(graph, folder, settings): ...   # writes folder / "graph.graphml"

    @reader("csv", suffixes=(".csv", ".tsv"), sniff=looks_like_csv)
    def read_csv(stream, path, *, on_invalid=None): ...

and is found by importing every module of ``kg.export`` and ``kg.readers``, so adding a
format is adding one file. A name is registered once: a second part under a taken name
is a ``KgError`` (the same function registered again, as when its module is imported
anew, is not). This module sits at the bottom of kg and imports nothing of it but
``kg.errors``; the packages are imported by name the first time a registry is read.
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


def _same_definition(registered: Callable, new: Callable) -> bool:
    """The same function, or the same module-level definition made anew by importing its
    module again (``importlib.reload``); two closures of one function are not."""
    qualname = getattr(registered, "__qualname__", None)
    return registered is new or (
        qualname is not None
        and "<locals>" not in qualname
        and qualname == getattr(new, "__qualname__", None)
        and getattr(registered, "__module__", None) == getattr(new, "__module__", None)
    )


def _check_free(registry: str, name: str, registered: Callable | None, new: Callable) -> None:
    """Raise if ``name`` is taken in ``registry`` by another function than ``new``.

    Parameters
    ----------
    registry : str
        The registry's name, for the message: ``"exporter"`` or ``"reader"``.
    name : str
        The name being registered.
    registered : callable or None
        The function ``name`` is registered to now, or None if the name is free.
    new : callable
        The function to register under ``name``.

    Raises
    ------
    KgError
        When ``name`` is registered to a different function: two parts cannot share a
        name, and the second would silently replace the first.
    """
    if registered is None or _same_definition(registered, new):
        return
    raise KgError(
        f"{registry} registry: {name!r} is already registered to "
        f"{_where(registered)}; {_where(new)} cannot take the name too"
    )


def _where(function: Callable) -> str:
    module = getattr(function, "__module__", None) or "?"
    return f"{module}.{getattr(function, '__qualname__', repr(function))}"


def exporter(name: str, *, order: int, help: str, files: tuple[str, ...] = ()) -> Callable:
    """Register the decorated ``write(graph, folder, settings)`` as output format ``name``,
    writing ``files`` (default: ``graph.<name>``) into the folder it is given; a name taken
    by another function is a ``KgError``."""

    def register(write: Callable) -> Callable:
        registered = _EXPORTERS.get(name)
        _check_free("exporter", name, registered.write if registered else None, write)
        _EXPORTERS[name] = Exporter(name, write, order, help, tuple(files))
        return write

    return register


def reader(
    name: str,
    *,
    suffixes: tuple[str, ...],
    sniff: Callable[[str, str], float],
    binary: bool = False,
) -> Callable:
    """Register the decorated reader function as input format ``name``; a name taken by
    another function is a ``KgError``."""

    def register(read: Callable) -> Callable:
        registered = _READERS.get(name)
        _check_free("reader", name, registered.read if registered else None, read)
        _READERS[name] = Reader(name, read, suffixes, sniff, binary)
        return read

    return register


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
