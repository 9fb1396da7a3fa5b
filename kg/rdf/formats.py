"""The one table of RDF file formats kg reads and writes, and how an output folder's graph
file is found. Readers (``kg.load``, ``kg query``), the server (``kg serve``) and the
exporters all derive from ``RDF_FORMATS``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError

# What kg says of an RDF 1.2 triple term, which it does not read (subject or object).
TRIPLE_TERM = "a triple as a term (RDF 1.2), which kg does not read"


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: its file suffix, pyoxigraph's name for it, the ``oxigraph``
    command's and rdflib's names for it, and whether kg writes it (``graph.<suffix>``)."""

    suffix: str
    oxigraph: ox.RdfFormat
    cli_name: str
    rdflib_name: str
    written: bool = False


# Written formats first, fastest to parse first: an output folder is read from the first
# one present (of the newest build).
RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat(".nt", ox.RdfFormat.N_TRIPLES, "nt", "nt", written=True),
    RdfFormat(".ttl", ox.RdfFormat.TURTLE, "ttl", "turtle", written=True),
    RdfFormat(".jsonld", ox.RdfFormat.JSON_LD, "jsonld", "json-ld", written=True),
    RdfFormat(".nq", ox.RdfFormat.N_QUADS, "nq", "nquads"),
    RdfFormat(".trig", ox.RdfFormat.TRIG, "trig", "trig"),
    RdfFormat(".rdf", ox.RdfFormat.RDF_XML, "rdf", "xml"),
    RdfFormat(".owl", ox.RdfFormat.RDF_XML, "rdf", "xml"),
)
BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS}
GRAPH_STEM = "graph"
FOLDER_FILES = tuple(f"{GRAPH_STEM}{f.suffix}" for f in RDF_FORMATS if f.written)
SAME_BUILD_SECONDS = 120  # files written this close together come from one build
UTF8_BOM = b"\xef\xbb\xbf"


def rdf_format(path: str | Path) -> RdfFormat:
    """The format of an RDF file, by its suffix; ``KgError`` for an unknown one."""
    found = BY_SUFFIX.get(Path(path).suffix.lower())
    if found is None:
        raise InputError(f"{path}: unknown RDF file type (use {', '.join(BY_SUFFIX)})")
    return found


def resolve_graph_file(path: str | Path) -> Path:
    """The RDF file behind ``path``: itself, or the graph file inside an output folder."""
    if not isinstance(path, (str, os.PathLike)):
        raise UsageError(f"path must be a file or folder name, not {type(path).__name__}")
    path = Path(path)
    if path.is_dir():
        found = [path / name for name in FOLDER_FILES if (path / name).is_file()]
        if found:
            # The newest build wins (a graph.nt left by an older build must not shadow it);
            # among the files of that build, the fastest to parse.
            newest = max(f.stat().st_mtime for f in found)
            return next(f for f in found if f.stat().st_mtime >= newest - SAME_BUILD_SECONDS)
        raise InputError(
            f"{path}: no {', '.join(FOLDER_FILES)} in this folder (run kg build -o {path} first)"
        )
    if not path.is_file():
        if path.exists():
            raise InputError(f"{path}: not a regular file (a graph is read from a file)")
        raise InputError(f"{path}: no such file or folder")
    rdf_format(path)
    return path


@contextlib.contextmanager
def rdf_input(file: str | Path) -> Iterator[dict]:
    """Keyword arguments for pyoxigraph's ``parse`` or ``bulk_load`` to read ``file``: its
    path, or the open file past a UTF-8 byte order mark (its Turtle and N-Triples parsers
    refuse one). Opening the file may raise ``OSError``; an RDF/XML file whose XML is nested
    deeper than ``MAX_XML_DEPTH``, or whose entities expand far beyond its size, raises
    ``ValueError`` (pyoxigraph would expand them all, and parse deep nesting in quadratic
    time)."""
    check_xml(file)
    with open(file, "rb") as handle:
        if handle.read(len(UTF8_BOM)) == UTF8_BOM:
            yield {"input": handle}
        else:
            yield {"path": str(file)}


# RDF/XML nests a few levels per resource (a description, a property, a collection), and
# blank nodes written inside one another add two each; kg writes none. The RDF/XML parser
# reads deeper nesting in quadratic time (32,000 levels: 2.6 s; 200,000 for minutes).
MAX_XML_DEPTH = 2000
XML_CHUNK = 1 << 20


def check_xml(file: str | Path) -> None:
    """Read an RDF/XML file once with expat, which refuses entities that expand to many
    times the document's size (its billion-laughs limit), and refuse nesting deeper than
    ``MAX_XML_DEPTH``: ``ValueError`` with the reason, else nothing (and nothing read for
    a file of another format)."""
    from xml.parsers import expat

    if rdf_format(file).oxigraph != ox.RdfFormat.RDF_XML:
        return
    parser = expat.ParserCreate()
    depth = 0

    def start(*_):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise ValueError(f"XML nested more than {MAX_XML_DEPTH} levels deep")

    def end(_):
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        with open(file, "rb") as handle:
            while chunk := handle.read(XML_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as err:
        raise ValueError(f"XML: {expat.ErrorString(err.code)}") from None


def parse_problem(err: BaseException) -> str:
    """The cause of a pyoxigraph parse failure, on one line."""
    message = (str(err).splitlines() or [""])[0]
    if isinstance(err, MemoryError):  # pyoxigraph's, for a term longer than its buffer
        return f"too large to parse: {message}" if message else "out of memory"
    return message or type(err).__name__
