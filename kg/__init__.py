"""kg: build a knowledge graph of a research field from paper abstracts.

    >>> import kg
    >>> graph = kg.build(["papers.jsonl"], out="outputs")
    >>> graph.summary()["papers"]
    >>> graph.entity("Transformer").papers  # a DataFrame; see also entities_frame, subset

Stages, one module each: ``kg.readers`` -> ``kg.extract`` -> ``kg.link`` ->
``kg.model`` -> ``kg.export``; settings live in ``kg.settings.Settings``.
"""

import sys
import types

from .api import BuildReport, build, curate, extract, read, sample_inputs, write_outputs
from .errors import InputError, KgError
from .model import KnowledgeGraph
from .notebook import EntityView
from .rdf.read import load
from .rdf.validate import ontology_path, shapes_path, validate
from .records import Entity, Mention, Paper, Relation
from .settings import Settings

__version__ = "0.1.0"


class _Package(types.ModuleType):
    """The ``kg`` module. ``kg.extract`` is the public function; importing the extraction
    stage, the package of the same name, must not replace it. (The stage is imported only
    when something is extracted, which keeps spaCy out of ``import kg``; Python's import
    system then sets the parent's attribute to the new submodule.)"""

    def __setattr__(self, name: str, value) -> None:
        if name == "extract" and isinstance(value, types.ModuleType):
            return  # the stage stays reachable as sys.modules["kg.extract"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "BuildReport",
    "Entity",
    "EntityView",
    "InputError",
    "KgError",
    "KnowledgeGraph",
    "Mention",
    "Paper",
    "Relation",
    "Settings",
    "__version__",
    "build",
    "curate",
    "extract",
    "load",
    "ontology_path",
    "read",
    "sample_inputs",
    "shapes_path",
    "validate",
    "write_outputs",
]
