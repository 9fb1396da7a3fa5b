"""The ontology and SHACL shapes that ship inside the package, and validation against them.

``kg validate OUT`` checks a built graph with pySHACL against ``shapes.ttl`` (with the
ontology as background, no inference) and lists each violation on one line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, KgError
from ..progress import StageHook, announce, byte_size, check_stages
from .formats import TRIPLE_TERM, rdf_format, rdf_input, resolve_graph_file
from .terms import PREFIXES

ONTOLOGY_FOLDER = "ontology"
MAX_LISTED = 50


def ontology_path() -> Path:
    """Path of kg's OWL ontology (``kg.ttl``), installed with the package.

    Examples
    --------
    >>> kg.ontology_path().name
    'kg.ttl'
    """
    return Path(str(resources.files("kg").joinpath(ONTOLOGY_FOLDER, "kg.ttl")))


def shapes_path() -> Path:
    """Path of kg's SHACL shapes (``shapes.ttl``), installed with the package.

    Examples
    --------
    >>> kg.shapes_path().name
    'shapes.ttl'
    """
    return Path(str(resources.files("kg").joinpath(ONTOLOGY_FOLDER, "shapes.ttl")))


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path and what is wrong."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class Validation:
    """The verdict on one graph file."""

    file: Path
    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations


def _rdflib_term(term):
    """The rdflib term of an Oxigraph one (IRI, blank node or literal)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if not isinstance(term, ox.Literal):  # an RDF 1.2 triple term
        raise ValueError(TRIPLE_TERM)  # noqa: TRY004
    if getattr(term, "direction", None):
        raise ValueError(
            f"a literal with a base direction (--{term.direction}), which kg does not read"
        )
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)  # a simple literal, as rdflib's own parsers read it
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal ("abc"^^xsd:double) it reads; the
    shapes report such values as violations, in one line each."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def validate(path: str | Path, *, stages: StageHook | None = None) -> Validation:
    """Check a graph against kg's SHACL shapes (``kg validate``).

    Parameters
    ----------
    path : path
        An output folder or an RDF file kg wrote.
    stages : callable, optional
        Called with a ``kg.progress.Stage`` as each stage starts: ``read`` (parsing the
        file) and ``validate`` (pySHACL), each with a line for people (``kg validate``
        prints them on stderr).

    Returns
    -------
    Validation
        ``conforms``, the ``violations`` (node, property path, message) and the number of
        ``triples`` checked.

    Raises
    ------
    InputError
        No RDF file there, or one that cannot be parsed.

    Examples
    --------
    >>> _ = kg.build(out="out", formats="ttl", entity_model="none")
    >>> kg.validate("out").conforms
    True
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    check_stages(stages)
    file = resolve_graph_file(path)
    announce(stages, "read", f"reading {file} ({byte_size(os.path.getsize(file))})...")
    data = Graph()
    with _quiet_rdflib():
        try:
            # read with Oxigraph, as every reader does (XML bounded, a byte order mark
            # skipped, no JSON-LD "@context" fetched), and handed to rdflib term by term:
            # rdflib's own Turtle and N-Triples parsers are quadratic in a long literal
            with rdf_input(file) as source:
                for quad in ox.parse(
                    **source, format=rdf_format(file).oxigraph, base_iri=file.absolute().as_uri()
                ):
                    data.add(
                        (
                            _rdflib_term(quad.subject),
                            _rdflib_term(quad.predicate),
                            _rdflib_term(quad.object),
                        )
                    )
        except Exception as err:  # rdflib raises many types for bad input  # noqa: BLE001
            raise InputError(
                f"{file}: cannot parse RDF ({str(err).splitlines()[0] if str(err) else err})"
            ) from None
        shapes = Graph().parse(shapes_path(), format="turtle")
        announce(
            stages,
            "validate",
            f"validating {file.name} against kg's shapes ({len(data):,} triples)...",
        )
        try:
            _, report, _ = shacl_validate(
                data,
                shacl_graph=shapes,
                inference="none",
                abort_on_first=False,
                allow_warnings=True,
            )
        except ArithmeticError as err:  # a "NaN"^^xsd:decimal stops pySHACL
            raise InputError(
                f"{file}: cannot check a value against the shapes ({type(err).__name__})"
            ) from None
    triples = len(data)
    del data  # (loaded again below: one graph in memory at a time)
    violations = []
    with _quiet_rdflib():
        violations.extend(_refused_on_loading(file))
    for result in report.subjects(predicate=None, object=SH.ValidationResult):
        violations.append(
            Violation(
                focus=_short(report.value(result, SH.focusNode)),
                path=_short(report.value(result, SH.resultPath)),
                message=str(report.value(result, SH.resultMessage) or "violates a shape"),
            )
        )
    return Validation(file, triples, tuple(sorted(violations, key=str)))


def _refused_on_loading(file: Path) -> list[Violation]:
    """What ``kg.load`` refuses in a graph that the shapes cannot say (a NaN value, an
    entity of two types, a count past what a number holds exactly): a graph that conforms
    is one every kg command reads."""
    from .read import load

    try:
        with warnings.catch_warnings():  # ("no kg papers in this graph": the shapes say so)
            warnings.simplefilter("ignore")
            load(file)
    except KgError as err:
        return [Violation(focus="-", path="-", message=f"kg.load refuses it: {err}")]
    return []


def _short(term) -> str:
    if term is None:
        return "-"
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text
