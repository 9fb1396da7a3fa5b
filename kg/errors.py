"""Errors that reach the user as one line, never as a traceback.

Every error kg raises on purpose is a ``KgError``; its class says what went wrong and its
``exit_code`` is the status the ``kg`` command exits with (listed in ``kg --help``):

====  ==================  ==========================================================
code  class               meaning
====  ==================  ==========================================================
1     (none)              an internal error: a bug in kg (``KG_DEBUG=1`` shows it)
2     ``UsageError``      a bad option, argument or setting (``KgError`` itself too)
3     ``InputError``      an input file, record, curation file or graph kg cannot read
4     ``QueryError``      a SPARQL query kg cannot run (syntax, arguments)
5     ``ServiceRefused``  a SPARQL SERVICE clause, refused unless allowed
6     ``QueryTimeout``    a query (or other bounded task) ran out of time
7     ``QueryMemoryLimit``  a query (or other bounded task) ran out of memory
8     ``OutputRefused``   an output file kg did not write, or that changed (``--force``)
9     ``NotConforming``   ``kg validate``: the graph breaks the ontology's shapes
130   (none)              interrupted (Ctrl-C)
143   (none)              terminated (SIGTERM)
====  ==================  ==========================================================

Examples
--------
>>> issubclass(kg.QueryTimeout, kg.KgError), kg.QueryTimeout.exit_code
(True, 6)
>>> isinstance(kg.UsageError("bad"), ValueError)  # ``except ValueError`` still catches it
True
"""

from __future__ import annotations

import math
import numbers
import sys

EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class KgError(Exception):
    """A problem with the user's input, settings or environment; the CLI prints it on one
    line and exits with ``exit_code``."""

    exit_code = 2


class UsageError(KgError, ValueError):
    """A bad option, argument or setting value (also a ``ValueError``)."""

    exit_code = 2


class SettingsError(UsageError, TypeError):
    """An unknown setting name (also a ``TypeError``, as for an unknown keyword)."""


class InputError(KgError):
    """Malformed or unreadable input; the message names the file and line."""

    exit_code = 3

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message)


class QueryError(KgError):
    """A SPARQL query that cannot run: a syntax error or a bad argument."""

    exit_code = 4


class ServiceRefused(QueryError):
    """A SERVICE clause (federated query), refused unless allowed."""

    exit_code = 5


class QueryTimeout(KgError):
    """A query, or another task kg bounds in time, ran past its time limit."""

    exit_code = 6


class QueryMemoryLimit(KgError):
    """A query, or another task kg bounds in memory, needed more than its limit."""

    exit_code = 7


class OutputRefused(KgError):
    """An output path kg will not overwrite: a file kg did not write, or one that changed
    since it did (``--force`` overwrites)."""

    exit_code = 8


class NotConforming(KgError):
    """A graph that breaks the ontology's SHACL shapes (``kg validate``)."""

    exit_code = 9


EXIT_CODES = {
    cls.__name__: cls.exit_code
    for cls in (
        KgError,
        UsageError,
        InputError,
        QueryError,
        ServiceRefused,
        QueryTimeout,
        QueryMemoryLimit,
        OutputRefused,
        NotConforming,
    )
}


def check_count(name: str, value, *, least: int, optional: bool = False) -> int | None:
    """``value`` as an ``int`` if it is a whole number of ``least`` or more (numpy's too),
    or None where ``optional`` and it is None; else ``UsageError`` naming ``name``."""
    if optional and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < least:
        raise UsageError(f"{name} must be a whole number of {least} or more, not {value!r:.60}")
    return int(value)


def check_flag(name: str, value) -> bool:
    """``value`` if it is True or False (numpy's too); else ``UsageError`` naming ``name``
    (a "yes" or a 1 would read as true without a word)."""
    numpy = sys.modules.get("numpy")  # (not imported for this: a numpy bool comes with it)
    if not (isinstance(value, bool) or (numpy is not None and isinstance(value, numpy.bool_))):
        raise UsageError(f"{name} must be True or False, not {value!r:.60}")
    return bool(value)


def check_number(name: str, value, *, least: float, most: float = math.inf) -> float:
    """``value`` as a ``float`` if it is a finite number from ``least`` to ``most`` (numpy's
    too); else ``UsageError`` naming ``name``."""
    try:
        number = float(value) if isinstance(value, numbers.Real) else math.nan
    except OverflowError:  # an int too large for a float
        number = math.inf
    if isinstance(value, bool) or not (math.isfinite(number) and least <= number <= most):
        span = f"of {least:g} or more" if math.isinf(most) else f"from {least:g} to {most:g}"
        raise UsageError(f"{name} must be a number {span}, not {value!r:.60}")
    return number
