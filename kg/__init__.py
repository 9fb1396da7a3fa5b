"""kg: build a knowledge graph of a research field from paper abstracts.

    >>> import kg
    >>> graph = kg.build(["papers.jsonl"], out="outputs")
    >>> graph.summary()["papers"]

Stages, one module each: ``kg.readers`` -> ``kg.extract`` -> ``kg.link`` ->
``kg.model`` -> ``kg.export``; settings live in ``kg.settings.Settings``.
"""

from .api import BuildReport, build, extract, read, sample_inputs, write_outputs
from .errors import InputError, KgError
from .rdf.read import load
from .rdf.validate import ontology_path, shapes_path, validate
from .model import KnowledgeGraph
from .records import Entity, Mention, Paper, Relation
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "build", "load", "extract", "read", "sample_inputs", "write_outputs", "BuildReport",
    "validate", "ontology_path", "shapes_path",
    "KnowledgeGraph", "Settings", "Paper", "Mention", "Entity", "Relation",
    "KgError", "InputError", "__version__",
]
