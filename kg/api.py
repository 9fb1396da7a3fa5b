"""The public Python API; the command line is a thin layer over these functions."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import InputError, KgError
from .export.graphml import write_graphml
from .export.html import write_html
from .export.rdf import RDF_FORMATS, write_rdf
from .extract import Extractor
from .extract.cache import ExtractionCache, default_cache_dir
from .link import link
from .model import KnowledgeGraph
from .readers import deduplicate, expand_inputs, read_papers
from .records import Mention, Paper
from .settings import OUTPUT_FORMATS, Settings

OUTPUT_STEM = "graph"


def sample_inputs() -> list[str]:
    """Paths of the bundled sample corpus (an HF-dump text file and a JSONL file)."""
    folder = resources.files("kg").joinpath("data/sample")
    return sorted(str(folder.joinpath(name)) for name in ("daily_papers.txt", "papers.jsonl"))


@dataclass
class BuildReport:
    """What a build read, skipped, wrote and how long it took."""

    entries: int = 0
    skipped: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    cached: int = 0  # papers whose extraction came from the cache
    extracted: int = 0  # papers run through the spaCy pipeline
    cache_problem: str | None = None


def _check_settings(settings: Settings) -> None:
    unknown = [f for f in settings.formats if f not in OUTPUT_FORMATS]
    if unknown:
        raise KgError(f"unknown output format {unknown[0]!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    if settings.batch_size < 1:
        raise KgError("batch size must be at least 1")
    if settings.html_max_entities < 1:
        raise KgError("--html-max-nodes must be at least 1")


def build(inputs: Iterable[str | os.PathLike] | None = None, out: str | os.PathLike | None = None,
          settings: Settings | None = None, *, report: BuildReport | None = None,
          progress: Callable[[Iterator[Paper]], Iterator[Paper]] | None = None,
          **overrides) -> KnowledgeGraph:
    """Read ``inputs`` (files, folders, ``-``; default: the bundled sample), extract,
    link, and return the ``KnowledgeGraph``; with ``out``, also write the output files.

    Keyword overrides change single settings: ``kg.build(paths, out, n_process=2)``.
    """
    started = time.perf_counter()
    settings = (settings or Settings()).with_overrides(**overrides)
    _check_settings(settings)
    report = report if report is not None else BuildReport()
    files = expand_inputs(list(inputs) if inputs else sample_inputs())  # fail before loading a model

    def count(papers: Iterator[Paper]) -> Iterator[Paper]:
        for paper in papers:
            report.entries += 1
            yield paper

    def skip(error: InputError) -> None:
        report.skipped.append(str(error))

    seen: dict[str, Paper] = {}
    stream = deduplicate(count(read_papers(files, on_invalid=skip if settings.skip_invalid else None)),
                         seen)
    if progress is not None:
        stream = progress(stream)
    extractor = Extractor(settings)
    if settings.cache:
        with ExtractionCache(settings.cache_dir or default_cache_dir(),
                             extractor.fingerprint()) as extraction_cache:
            extractions = list(extractor.extract_papers(stream, extraction_cache))
        report.cached, report.extracted = extraction_cache.hits, extraction_cache.misses
        report.cache_problem = extraction_cache.problem
    else:
        extractions = list(extractor.extract_papers(stream))
        report.extracted = len(extractions)
    if not seen:
        raise KgError("no papers found in the inputs")
    graph = KnowledgeGraph.from_parts(seen, link(extractions, seen))
    if out is not None:
        report.files = write_outputs(graph, out, settings)
    report.seconds = time.perf_counter() - started
    return graph


def write_outputs(graph: KnowledgeGraph, out: str | os.PathLike, settings: Settings) -> list[Path]:
    """Write every format in ``settings.formats`` into folder ``out``; return the paths."""
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise KgError(f"{folder}: output path exists and is not a folder")
    written = []
    for fmt in settings.formats:
        path = folder / f"{OUTPUT_STEM}.{fmt}"
        if fmt in RDF_FORMATS:
            written.append(write_rdf(graph, path, fmt, evidence=settings.evidence))
        elif fmt == "graphml":
            written.append(write_graphml(graph, path))
        elif fmt == "html":
            written.append(write_html(graph, path, max_entities=settings.html_max_entities))
    return written


def extract(text: str, *, model: str | None = None, entity_model: str | None = None) -> list[Mention]:
    """Typed mentions in ``text``: character offsets, label, text, proposed, source, score.

    ``model`` names the spaCy pipeline for tokens and parses, ``entity_model`` the trained
    recogniser (default: the packaged SciERC model; ``"none"`` for rules only).
    """
    overrides = {k: v for k, v in (("model", model), ("entity_model", entity_model)) if v}
    return Extractor(Settings(**overrides)).extract_text(text)


def read(inputs: Iterable[str | os.PathLike]) -> Iterator[Paper]:
    """Stream the unique papers of ``inputs`` (duplicates across files are dropped)."""
    return deduplicate(read_papers(inputs), {})
