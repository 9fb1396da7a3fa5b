"""SPARQL over a built graph with pyoxigraph (rdflib's own engine is far too slow at scale).

``sparql(graph, query)`` answers a query over a ``KnowledgeGraph`` in Python.

``open_store`` loads an output folder or RDF file into an in-memory Oxigraph store, or
into an on-disk one kept for the next query (``store=DIR``: a large graph is parsed once,
and again only when the file changes); ``run_query`` answers SELECT / ASK / CONSTRUCT /
DESCRIBE and ``format_results`` prints SPARQL 1.1 JSON, CSV, TSV or a plain table.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import XSD

from .errors import InputError, KgError, QueryError, ServiceRefused, UsageError
from .files import safe_cell
from .processes import run_bounded
from .rdf.formats import rdf_format, resolve_graph_file
from .rdf.terms import PREFIXES
from .rdf.write import write_ntriples

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

RESULT_FORMATS = ("table", "json", "csv", "tsv")
DEFAULT_QUERY_TIMEOUT = 60.0  # seconds, for kg query and kg serve
DEFAULT_QUERY_MEMORY_MB = 4096  # kg query: memory a query run may add, loading the graph included
MAX_ERROR_CHARS = 160
STORE_KEY = "sparql_store"  # where ``sparql`` keeps a graph's store, in ``graph.cache``
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_XSD = str(XSD)
_NUMBERS = {
    _XSD + "integer": int,
    _XSD + "int": int,
    _XSD + "long": int,
    _XSD + "decimal": float,
    _XSD + "double": float,
    _XSD + "float": float,
}


STORE_MARKER = "kg-source.json"


def open_store(path: str | Path, store: str | Path | None = None) -> ox.Store:
    """A store holding the graph at ``path`` (folder or RDF file): in memory, or with
    ``store`` an on-disk Oxigraph store in that folder, reused while the file is unchanged."""
    file = resolve_graph_file(path)
    if store is None:
        return _loaded(ox.Store(), file)
    return _read_only(prepare_store(file, store))


def prepare_store(path: str | Path, store: str | Path) -> Path:
    """An on-disk Oxigraph store of the graph at ``path`` in folder ``store``: the one there
    if it was made from this very file (path, size and modification time, recorded in
    ``kg-source.json``), else made anew. A folder holding anything else is refused."""
    file = resolve_graph_file(path)
    folder = Path(store)
    marker = folder / STORE_MARKER
    source = _fingerprint(file)
    try:
        if marker.is_file() and json.loads(marker.read_text("utf-8")) == source:
            return folder
    except (OSError, ValueError, RecursionError):
        pass  # unreadable (or nested past Python's limit): build it again
    if folder.exists() and not folder.is_dir():
        raise KgError(f"{folder}: not a folder; give a folder for the store")
    if (
        folder.exists()
        and any(c.name not in _LEFT_ALONE for c in folder.iterdir())
        and not marker.is_file()
    ):
        raise KgError(f"{folder}: not empty and not a kg query store; give another folder")
    lock = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = lock_store(folder, shared=False)
        if lock is None:
            raise KgError(
                f"{folder}: the store is in use (a kg serve on it?) and would have "
                "to be made again; stop that server or give another folder"
            )
        children = [c for c in folder.iterdir() if c.name not in _LEFT_ALONE]
        foreign = sorted(
            child.name
            for child in children
            if not (
                _STORE_FILE.fullmatch(child.name) and child.is_file() and not child.is_symlink()
            )
        )
        if foreign:
            raise KgError(
                f"{folder}: holds files kg did not write ({', '.join(map(repr, foreign[:3]))}"
                f"{', ...' if len(foreign) > 3 else ''}); move them or give another folder"
            )
        # first, and marked unfinished: a store half made again (interrupted, timed out) is
        # never taken for a finished one, and is still known as kg's to make again
        marker.write_text(json.dumps({"unfinished": True}), encoding="utf-8")
        for child in children:  # the folder itself stays: it carries the lock
            if child != marker:
                child.unlink()
        loaded = _loaded(ox.Store(str(folder)), file)
        loaded.optimize()
        loaded.flush()
        del loaded  # closes the writer before the read-only reopen
        marker.write_text(json.dumps(source), encoding="utf-8")  # last: marks a finished store
    except OSError as err:
        raise KgError(f"{folder}: cannot write the store ({err.strerror or err})") from None
    finally:
        if lock is not None:
            os.close(lock)
    return folder


# The files of an Oxigraph (RocksDB) store, and kg's marker: what making a store anew
# removes. Anything else in the folder is the user's and makes kg refuse it.
# What a file manager leaves in any folder it shows: neither refused nor removed.
_LEFT_ALONE = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_STORE_FILE = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|"
    r"\d+\.(sst|log|blob|dbtmp)|" + re.escape(STORE_MARKER)
)


def lock_store(folder: str | Path, *, shared: bool) -> int | None:
    """An ``flock`` on a store folder, as an open descriptor (close it to release), or None
    when another process holds it the other way. ``kg serve`` holds a shared one while it
    serves; making a store again takes an exclusive one, so a store is never replaced
    under a running server."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def store_is_current(path: str | Path, store: str | Path) -> bool:
    """Whether the store in folder ``store`` was made from the graph file now at ``path``."""
    try:
        marker = Path(store) / STORE_MARKER
        return json.loads(marker.read_text("utf-8")) == _fingerprint(resolve_graph_file(path))
    except (OSError, ValueError, RecursionError, KgError):
        return False


def _read_only(folder: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(folder))
    except OSError as err:
        raise KgError(f"{folder}: cannot open the store ({err})") from None


def _loaded(store: ox.Store, file: Path) -> ox.Store:
    from .rdf.formats import parse_problem, rdf_input

    try:
        with rdf_input(file) as source:
            store.bulk_load(**source, format=rdf_format(file).oxigraph)
    except (SyntaxError, ValueError, OSError, MemoryError) as err:  # MemoryError: a huge term
        raise InputError(f"{file}: cannot parse RDF ({parse_problem(err)})") from None
    return store


def _fingerprint(file: Path) -> dict:
    stat = file.stat()
    return {"file": str(file.resolve()), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def graph_store(graph: KnowledgeGraph) -> ox.Store:
    """An in-memory store of a ``KnowledgeGraph``'s triples."""
    text = io.StringIO()
    write_ntriples(graph, text)
    store = ox.Store()
    store.bulk_load(text.getvalue().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def sparql(
    graph: KnowledgeGraph,
    query: str,
    *,
    timeout: float | None = None,
    allow_service: bool = False,
) -> QueryRows:
    """Rows of a SPARQL query over a graph, answered by an Oxigraph store.

    The store is made on first use (opened from the file the graph was loaded from, else
    filled with the graph's triples) and kept in ``graph.cache`` for later queries.

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph to query.
    query : str
        A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).
    timeout : float, optional
        Seconds after which the query is stopped (``QueryTimeout``).
    allow_service : bool, default False
        Allow SERVICE clauses (federated queries). Without it they are refused and the
        query runs in a child process that has no network.

    Returns
    -------
    QueryRows
        A list of ``{variable: value}`` dicts; ``.to_frame()`` gives a pandas DataFrame.

    Raises
    ------
    KgError
        A syntax error, a refused SERVICE clause or a bad argument; ``QueryTimeout`` and
        ``QueryMemoryLimit`` (both ``KgError``) when the query runs out of time or memory.

    Examples
    --------
    >>> import kg
    >>> graph = kg.build(entity_model="none")  # the bundled sample, rules only
    >>> rows = kg.sparql(graph, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    ...                  "SELECT ?label WHERE { ?e skos:prefLabel ?label } LIMIT 3")
    >>> rows.variables, len(rows)
    (['label'], 3)
    """
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout < float("inf")
    ):
        raise QueryError(
            f"timeout must be a number of seconds above 0 (or None), not {timeout!r:.60}"
        )
    if not isinstance(allow_service, bool):
        raise QueryError(f"allow_service must be True or False, not {allow_service!r:.60}")
    from .graph import check_graph

    check_graph(graph)
    if not isinstance(query, str):
        raise QueryError(f"the query must be a string, not {type(query).__name__}")
    import rdflib.plugins.sparql.parser  # noqa: F401  (built once here, not in each child)

    def checked() -> None:
        # parsed within the limits too: a query's text alone can take minutes to parse
        check_query(query, allow_service=allow_service)

    cached = graph.cache.get(STORE_KEY)
    parsed = cached is None
    if cached is None:  # a refused or malformed query makes no store
        run_bounded(checked, timeout=timeout, isolate=not allow_service, what="query")
        cached = open_store(graph.source) if graph.source is not None else graph_store(graph)
        graph.cache[STORE_KEY] = cached
    store: ox.Store = cached

    def answer() -> QueryRows:
        if not parsed:
            checked()
        return query_rows(execute(store, query))

    return run_bounded(answer, timeout=timeout, isolate=not allow_service, what="query")


class QueryRows(list):
    """The rows ``sparql`` returns: a list of ``{variable: value}`` dicts, as
    before, that also knows its variables and turns into a DataFrame.

    Examples
    --------
    >>> import kg
    >>> graph = kg.build(entity_model="none")  # the bundled sample, rules only
    >>> result = kg.sparql(graph, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    ...                    "SELECT ?label WHERE { ?e skos:prefLabel ?label } LIMIT 3")
    >>> result.variables
    ['label']
    >>> result.to_frame().shape
    (3, 1)
    """

    def __init__(self, items=(), variables: list[str] | None = None) -> None:
        super().__init__(items)
        self.variables = (
            list(variables)
            if variables is not None
            else list(dict.fromkeys(name for row in self for name in row))
        )

    def to_frame(self):
        """The rows as a pandas DataFrame, one column per variable in the query's order
        (an unbound value is None); a query without answers gives an empty frame with
        the columns."""
        import pandas as pd

        return pd.DataFrame(
            [[row.get(name) for name in self.variables] for row in self], columns=self.variables
        )

    def __reduce__(self):  # pickled whole through the query's child process
        return type(self), (list(self), self.variables)


SERVICE_REFUSED = (
    "SERVICE (federated query) is disabled: it would make the query engine "
    "send requests to other servers; --allow-service (allow_service=True) "
    "enables it"
)
MAX_QUERY_CHARS = 1_000_000
MAX_QUERY_BYTES = 1024 * 1024  # a query file or request body, read no further


_ESCAPE = re.compile(r"\\[uU]")


def _parse_trees(sparql: str) -> list:
    """The query's parse trees: one, or two when it holds ``\\u`` escapes.

    SPARQL 1.1 replaces ``\\uXXXX`` escapes everywhere before parsing (rdflib does);
    Oxigraph replaces them only inside strings and IRIs. ``"\\u0022"`` is then a quote
    that opens a long string to one and a one-character string to the other, and what
    follows is read two ways. So such a query must parse both ways (rdflib's grammar
    takes ``\\u`` nowhere in the raw text, so in effect escapes are refused).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import Query, parseQuery

    if not isinstance(sparql, str):
        raise QueryError(f"the query must be a string, not {type(sparql).__name__}")
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(sparql):,} characters long; at most "
            f"{MAX_QUERY_CHARS:,} are accepted"
        )
    # SPARQL ends a comment at a CR as at an LF; rdflib's grammar only at an LF. The
    # trees are only read for checks, so a CR inside a long string may become an LF.
    text = sparql.replace("\r", "\n")
    try:
        trees = [parseQuery(text)]
        if _ESCAPE.search(text):
            try:
                trees.append(Query.parse_string(text, parse_all=True))
            except ParseException:
                raise QueryError(
                    "SPARQL \\u escapes are refused here: parsers disagree on where "
                    "they apply, which could hide a SERVICE clause; write the "
                    "characters themselves"
                ) from None
        return trees
    except ParseException as err:
        message = " ".join(str(err).split())
        if len(message) > MAX_ERROR_CHARS:
            message = message[:MAX_ERROR_CHARS] + "…"
        raise QueryError(f"SPARQL syntax error: {message}") from None
    except RecursionError:
        raise QueryError(
            "SPARQL syntax error: the query is nested more deeply than kg's parser "
            "follows (about 20 levels of brackets)"
        ) from None
    except KgError:
        raise
    except Exception as err:  # the grammar's actions reject some terms with other errors  # noqa: BLE001
        raise QueryError(
            f"SPARQL syntax error: {' '.join(str(err).split())[:MAX_ERROR_CHARS]}"
        ) from None


def uses_service(sparql: str) -> bool:
    """True when a query has a SERVICE clause (federated query: the engine would send HTTP
    requests to the address it names), anywhere in its parse tree: inside subqueries,
    EXISTS filters and OPTIONAL, written with escapes, comments or any spacing the SPARQL
    grammar allows. Strings, IRIs and comments that merely contain the word do not count.
    A text that is not a query raises ``KgError``."""
    return any(_has_service(tree) for tree in _parse_trees(sparql))


def _has_service(node) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse, with ``KgError``, a text that is not a SPARQL query, and a query with a
    SERVICE clause unless ``allow_service``. What the engine runs is then also kept off
    the network where the kernel allows (``kg.processes.deny_network``)."""
    trees = _parse_trees(sparql)
    if not allow_service and any(_has_service(tree) for tree in trees):
        raise ServiceRefused(SERVICE_REFUSED)


def run_query(store: ox.Store, sparql: str, *, allow_service: bool = False):
    """The raw pyoxigraph result; a malformed query raises ``KgError`` with its position, and
    so does a SERVICE clause unless ``allow_service``."""
    check_query(sparql, allow_service=allow_service)
    return execute(store, sparql)


# Prefixes a query may use without declaring them: kg's own and the vocabularies its
# graphs use (``kg.rdf.terms.PREFIXES``); a query's own PREFIX lines take precedence.
QUERY_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}


def execute(store: ox.Store, sparql: str):
    """The raw pyoxigraph result of a query ``check_query`` has passed already, kg's prefixes
    declared (``QUERY_PREFIXES``); engine errors as ``KgError``."""
    try:
        return store.query(sparql, prefixes=QUERY_PREFIXES)
    except SyntaxError as err:
        raise QueryError(syntax_error_message(sparql, err)) from None
    except (ValueError, OSError) as err:
        raise QueryError(f"SPARQL query failed: {str(err).splitlines()[0]}") from None


def syntax_error_message(sparql: str, error: SyntaxError) -> str:
    """One line for the engine's syntax ``error`` on ``sparql``: which prefix is not
    declared, where that is the error, else the engine's first line, cut to
    ``MAX_ERROR_CHARS``."""
    message = str(error).splitlines()[0] if str(error) else "the query does not parse"
    undeclared = _undeclared_prefixes(sparql) if "Prefix not found" in message else []
    if undeclared:
        known = ", ".join(f"{name}:" for name in QUERY_PREFIXES)
        return (
            f"SPARQL syntax error: prefix {', '.join(undeclared)} not declared (add a PREFIX "
            f"line for it; kg declares {known})"
        )
    if len(message) > MAX_ERROR_CHARS:
        message = message[:MAX_ERROR_CHARS] + "…"
    return f"SPARQL syntax error: {message}"


# What a query writes in IRIs, strings and comments, where a colon is no prefix's
_NOT_NAMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"
)
_PREFIXED_NAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def _undeclared_prefixes(sparql: str) -> list[str]:
    """The prefixes ``sparql`` uses in prefixed names ("foo:bar") that neither it nor kg
    (``QUERY_PREFIXES``) declares, in order of first use, each as written with its colon."""
    text = _NOT_NAMES.sub(" ", sparql)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)} | set(QUERY_PREFIXES)
    found: list[str] = []
    for match in _PREFIXED_NAME.finditer(text):
        name = match.group(1) or ""
        if name not in declared and f"{name}:" not in found:
            found.append(f"{name}:")
    return found


def python_value(term):
    """A Python value for an RDF term: str for IRIs and text, int/float/bool for numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype in _NUMBERS:
            try:
                return _NUMBERS[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == _XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def rows(result) -> list[dict]:
    """SELECT results as a list of {variable: Python value}; ASK as [{"result": bool}]."""
    if isinstance(result, ox.QueryBoolean):
        return [{"result": bool(result)}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{name: python_value(solution[name]) for name in names} for solution in result]
    return [
        {
            "subject": t.subject.value,
            "predicate": t.predicate.value,
            "object": python_value(t.object),
        }
        for t in result
    ]


def query_rows(result) -> QueryRows:
    """``rows`` of a result as ``QueryRows``, with the variables of a SELECT (for an ASK:
    "result"; for CONSTRUCT and DESCRIBE: subject, predicate, object)."""
    if isinstance(result, ox.QueryBoolean):
        variables = ["result"]
    elif isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
    else:
        variables = ["subject", "predicate", "object"]
    return QueryRows(rows(result), variables)


def _safe_csv(text: str) -> str:
    """SPARQL CSV results whose cells a spreadsheet will not run as formulas (``safe_cell``,
    as kg's other CSV files), numbers left as they are ("-2.3"): values from titles and
    abstracts are untrusted."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    safe = [rows[0], *([safe_cell(cell) for cell in row] for row in rows[1:])] if rows else []
    if safe == rows:
        return text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(safe)
    return out.getvalue()


def _safe_tsv(text: str) -> str:
    """SPARQL TSV results whose strings a spreadsheet will not run as formulas: it takes
    TSV's quotes as a text qualifier, so ``"=cmd|..."`` is read as a formula. A string
    (plain, with a language tag or typed ``xsd:string``) that starts one gets an
    apostrophe inside its quotes, as ``safe_cell`` does; typed values ("-2.3"^^xsd:double,
    dates) are left as they are."""
    return _TSV_STRING_CELL.sub(_safe_tsv_cell, text)


def _safe_tsv_cell(found: re.Match) -> str:
    cell = found.group()
    if not cell.startswith('"') or cell[1:2] not in ("=", "+", "-", "@"):
        return cell
    closing = cell.rfind('"')
    if (
        closing > 0
        and cell[closing + 1 :].startswith("^^")
        and not cell.endswith(_XSD_STRING)
        and _SIGNED_VALUE.fullmatch(cell[1:closing])
    ):
        return cell  # a typed number or date ("-2.3"^^xsd:double, "-INF"), no formula
    return "\"'" + cell[1:]


# One TSV cell (between tabs and line ends: SPARQL TSV escapes both inside terms).
_TSV_STRING_CELL = re.compile(r"[^\t\n]+")
_XSD_STRING = f"<{XSD.string}>"
# The lexical form of a signed number or date: "-2.3", "+1e5", "-INF", "-0044-03-15".
_SIGNED_VALUE = re.compile(r"[-+](?:INF|[\d.:eETZ+-]+)")


def format_results(result, fmt: str = "table") -> str:
    """Text of a query result: SPARQL 1.1 JSON/CSV/TSV results, or an aligned table."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format {fmt!r} (choose from {', '.join(RESULT_FORMATS)})")
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)) and fmt != "table":
        text = bytes(result.serialize(format=_OX_RESULTS[fmt]) or b"").decode("utf-8")
        return _safe_csv(text) if fmt == "csv" else _safe_tsv(text) if fmt == "tsv" else text
    if not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)) and fmt != "table":
        return bytes(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    table = rows(result)
    if not table:
        return "(no results)\n"
    columns = list(table[0])
    cells = [[_cell(row[c]) for c in columns] for row in table]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."
