"""kg: build a knowledge graph of a research field from paper abstracts.

    >>> import kg
    >>> graph = kg.build(["papers.jsonl"], out="outputs")  # doctest: +SKIP
    >>> graph.entity("Transformer").papers  # doctest: +SKIP
    >>> kg.analysis.centrality(graph, type="method", top=5)  # doctest: +SKIP
    >>> kg.sparql(graph, "SELECT ...").to_frame()  # doctest: +SKIP

The pipeline, one module or package per stage: ``kg.readers`` -> ``kg.extract`` ->
``kg.link`` -> ``kg.graph`` (``KnowledgeGraph``, plain data) -> ``kg.rdf`` / ``kg.export``
/ ``kg.query`` / ``kg.analysis`` / ``kg.serve``; settings live in ``kg.settings.Settings``
and errors in ``kg.errors``. ``kg.analysis``, ``kg.query``, ``kg.notebook`` and what they
export (``sparql``, ``show_map``, ``show_report``) are imported on first use, so that
``import kg`` and ``kg.load`` need neither networkx nor pyoxigraph.
"""

from __future__ import annotations

import importlib
from typing import Any

from .api import (
    BuildReport,
    build,
    curate,
    extract_mentions,
    read,
    sample_inputs,
    write_outputs,
)
from .errors import (
    InputError,
    KgError,
    NotConforming,
    OutputRefused,
    QueryError,
    QueryMemoryLimit,
    QueryTimeout,
    ServiceRefused,
    SettingsError,
    UsageError,
)
from .graph import KnowledgeGraph
from .rdf.read import load
from .rdf.validate import ontology_path, shapes_path, validate
from .records import Entity, Mention, Paper, Relation
from .settings import Settings
from .views import EntityView

__version__ = "0.1.0"

# name -> (module, attribute or None for the module itself), imported on first use
_LAZY = {
    "analysis": ("kg.analysis", None),
    "extract": ("kg.extract", None),
    "notebook": ("kg.notebook", None),
    "query": ("kg.query", None),
    "sparql": ("kg.query", "sparql"),
    "show_map": ("kg.notebook", "show_map"),
    "show_report": ("kg.notebook", "show_report"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "BuildReport",
    "Entity",
    "EntityView",
    "InputError",
    "KgError",
    "KnowledgeGraph",
    "Mention",
    "NotConforming",
    "OutputRefused",
    "Paper",
    "QueryError",
    "QueryMemoryLimit",
    "QueryTimeout",
    "Relation",
    "ServiceRefused",
    "Settings",
    "SettingsError",
    "UsageError",
    "__version__",
    "build",
    "curate",
    "extract_mentions",
    "load",
    "ontology_path",
    "read",
    "sample_inputs",
    "shapes_path",
    "show_map",
    "show_report",
    "sparql",
    "validate",
    "write_outputs",
]
