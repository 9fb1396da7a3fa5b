"""Extraction stage: spaCy pipeline -> typed mentions, abbreviations and proposed names.

With the default ``fast`` recogniser (``kg/models/scierc_ner``) the pipeline is that model:
one token encoder feeding a POS tagger and the entity recogniser (``kg_entities``), then
punctuation sentences; the base pipeline (``Settings.model``) gives its POS table to
``kg_tag_pos`` and its parser to ``kg_proposed_names``, which parses only the sentences
its rules read. With ``transformer`` (the MiniLM tagger from ``kg/models/minilm_scierc``),
``none`` or a recogniser without a tagger, the base pipeline runs as it is (tagger and
parser; its OntoNotes NER and lemmatizer are dropped, as nothing reads them, and its
attribute ruler is replaced by the faster ``kg_tag_pos``) with the recogniser added.
kg's components, each registered with ``@Language.factory``, follow:
``kg_abbreviations`` -> ``kg_entity_rules`` -> ``kg_proposed_names`` -> ``kg_relations``
(the trained relation classifier; on any pipeline but the fast one, a copy of the fast
recogniser's encoder, ``kg_relation_encoder``, runs before it to give it the token vectors it
was trained on). To add a rule (or a whole stage), follow the recipe in the docstring of
``kg/extract/candidates.py``.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..processes import ordered_map
from ..records import Mention, Paper, PaperExtraction
from ..settings import (
    DEPRECATED_ENTITY_MODELS,
    ENTITY_MODEL_ALIASES,
    FAST_ENTITY_MODEL,
    MAX_TEXT_CHARS,
    TRANSFORMER_ENTITY_MODEL,
    Settings,
    parse_cluster,
)
from . import cache
from .paths import PACKAGED_ENTITY_MODEL, TRANSFORMER_MODEL_PATH

if TYPE_CHECKING:
    from spacy.language import Language

    from .pipeline import (
        GENERIC_KEY,
        NESTED_KEY,
        SPAN_KEY,
        adapt_tokenizer,
        doc_mentions,
        doc_relations,
        load_pipeline,
        original_text,
    )

KG_COMPONENTS = ("kg_abbreviations", "kg_entity_rules", "kg_proposed_names", "kg_relations")
RELATION_ENCODER = "kg_relation_encoder"
ENTITY_COMPONENT = "kg_entities"
UNUSED_COMPONENTS = ("ner", "lemmatizer")  # nothing reads their output
NO_ENTITY_MODEL = "none"

__all__ = [
    "GENERIC_KEY",
    "NESTED_KEY",
    "SPAN_KEY",
    "Extractor",
    "adapt_tokenizer",
    "doc_mentions",
    "doc_relations",
    "load_pipeline",
    "original_text",
]

# Names of the spaCy side (``kg.extract.pipeline``), imported with it on first use: a build
# whose papers all come from the extraction cache never imports spaCy.
_FROM_PIPELINE = frozenset(
    {
        "GENERIC_KEY",
        "NESTED_KEY",
        "SPAN_KEY",
        "adapt_tokenizer",
        "doc_mentions",
        "doc_relations",
        "load_pipeline",
        "original_text",
    }
)
# Submodules, imported on first use as attributes (``kg.extract.relations``).
_SUBMODULES = frozenset(
    {
        "abbreviations",
        "candidates",
        "entity_types",
        "lexicon",
        "loading",
        "overlaps",
        "pipeline",
        "pos",
        "proposed",
        "relations",
        "results",
        "rules",
        "spans",
        "transformer",
    }
)


def __getattr__(name: str) -> Any:
    if name in _FROM_PIPELINE:
        return getattr(importlib.import_module(".pipeline", __name__), name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def entity_model_path(name: str) -> Path | None:
    """Where the entity recogniser ``name`` lives: a packaged one, a path, or None for none."""
    name = ENTITY_MODEL_ALIASES.get(name, DEPRECATED_ENTITY_MODELS.get(name, name))
    if name == NO_ENTITY_MODEL:
        return None
    if name == FAST_ENTITY_MODEL:
        return PACKAGED_ENTITY_MODEL
    if name == TRANSFORMER_ENTITY_MODEL:
        return TRANSFORMER_MODEL_PATH
    return Path(name)


_CAPITALISED_WORD = re.compile(r"(?<=[\s\-/(\[:\"'])[A-Z][a-z]+\b")


def sentence_case(title: str) -> str:
    """A Title Cased Title in sentence case, same length: "Accurate Computation of X" ->
    "Accurate computation of X". The entity model learned from running text, where
    capitals mark names; words with other capitals or digits (ChartMoE, GPT-4) stay."""
    return _CAPITALISED_WORD.sub(lambda m: m.group().lower(), title)


# LaTeX left in abstracts: a non-breaking space "fit.~Then", a font command around a
# name "\textit{Foo-MAE}" or "{\em finite sample}". Blanked (same length, so offsets into
# the original text hold) before tokenizing: a tokenizer that glues "fit.~Then" or
# "\textit{Foo" into one word leaves no span boundary to repair.
_LATEX_TILDE = re.compile(r"(?<=\S)~(?=\S)")
_LATEX_GROUP = re.compile(r"\\[A-Za-z]+\{([^{}\\]*)\}")
_LATEX_SWITCH = re.compile(r"\{\\(?:it|em|bf|sc|tt|rm|sf|sl)\s+([^{}\\]*)\}")


# A run of more characters than this without a space is no word of a name (a URL, a formula,
# junk): read as plain words of letters, as the tokenizer takes quadratic time on some
# ("(((...)))"), and patterns on long runs of one character (a run of spaces, or of letters).
MAX_TOKEN_CHARS = 200
_OVERLONG = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
FILLER_WORD_CHARS = MAX_TOKEN_CHARS // 2 - 1
_FILLER_WORD = "x" * FILLER_WORD_CHARS + " "


def _filler(length: int) -> str:
    """As many characters of plain words and single spaces, ending in a letter."""
    words = _FILLER_WORD * (length // len(_FILLER_WORD) + 1)
    return words[: length - 1] + "x"


def blank_markup(text: str) -> str:
    """``text`` with LaTeX tildes and font commands around words turned into spaces, and
    runs of more than ``MAX_TOKEN_CHARS`` characters without a space into plain words of
    as many characters (offsets stay those of ``text``)."""
    if _OVERLONG.search(text):
        text = _OVERLONG.sub(lambda m: _filler(len(m.group())), text)
    if "~" not in text and "\\" not in text:
        return text

    def keep_group(match: re.Match) -> str:
        return (
            " " * (match.start(1) - match.start())
            + match.group(1)
            + " " * (match.end() - match.end(1))
        )

    text = _LATEX_TILDE.sub(" ", text)
    return _LATEX_SWITCH.sub(keep_group, _LATEX_GROUP.sub(keep_group, text))


_SURROGATE = re.compile("[\ud800-\udfff]")


class Extractor:
    """Runs the extraction pipeline over free text or over papers (title and abstract).

    The spaCy pipeline is loaded on first use, so a build answered entirely from the
    extraction cache never loads it. ``nlp`` runs a pipeline made elsewhere instead (a
    variant measured by a benchmark): in this process only, with no extraction cache.
    """

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        self.settings = settings or Settings()
        if nlp is not None:  # workers and the cache know pipelines by their settings only
            self.settings = self.settings.with_overrides(processes=1, cluster=None, cache=False)
        self._nlp: Language | None = nlp

    @property
    def loaded(self) -> bool:
        """Whether the spaCy pipeline has been loaded (a fully cached run never loads it)."""
        return self._nlp is not None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            from .pipeline import load_pipeline

            self._nlp = load_pipeline(
                self.settings.model, self.settings.entity_model, self.settings.lexicon
            )
        return self._nlp

    def fingerprint(self) -> str:
        """What cached extractions of this extractor are filed under."""
        return cache.fingerprint(
            self.settings.model,
            entity_model_path(self.settings.entity_model),
            self.settings.lexicon,
        )

    def extract_text(self, text: str) -> list[Mention]:
        """Mentions in one text (at most ``MAX_TEXT_CHARS`` long); offsets index into ``text``."""
        if not isinstance(text, str):
            raise UsageError(f"text must be a string, not {type(text).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            raise UsageError(
                f"text longer than the {MAX_TEXT_CHARS:,} characters kg extract takes; "
                "extract it in parts"
            )
        surrogate = None if text.isascii() else _SURROGATE.search(text)
        if surrogate:  # no text read as UTF-8 holds one; spaCy's hashing fails on it
            raise UsageError(
                f"text holds a lone surrogate (U+{ord(surrogate.group()):04X}) at character "
                f"{surrogate.start()}: no UTF-8 text does"
            )
        from .pipeline import doc_mentions

        doc = self.nlp.make_doc(blank_markup(text))
        if doc.text != text:
            doc._.kg_original = text
        doc = self.nlp(doc)
        return list(doc_mentions(doc)[0])

    def extract_papers(
        self, papers: Iterable[Paper], extraction_cache: cache.ExtractionCache | None = None
    ) -> Iterator[PaperExtraction]:
        """One ``PaperExtraction`` per paper, in input order, streaming in batches.

        With ``extraction_cache``, papers found there skip the pipeline and new results
        are added to it as soon as they are made.
        """
        if extraction_cache is None:
            yield from self._run_pipeline(papers)
            return
        queue: deque[tuple[Paper, PaperExtraction | None]] = deque()

        def misses() -> Iterator[Paper]:
            for paper in papers:
                found = extraction_cache.get(paper)
                queue.append((paper, found))
                if found is None:
                    yield paper

        def store(extracted: list[Paper], extractions: list[PaperExtraction]) -> None:
            for paper, extraction in zip(extracted, extractions):
                extraction_cache.put(paper, extraction)

        for extraction in self._run_pipeline(misses(), on_partition=store):
            while (cached := queue.popleft()[1]) is not None:
                yield cached
            yield extraction  # in the place of the miss just taken off the queue
        while queue:
            cached = queue.popleft()[1]
            assert cached is not None  # every miss was answered above
            yield cached

    def _run_pipeline(
        self, papers: Iterable[Paper], on_partition=None
    ) -> Iterator[PaperExtraction]:
        """Extractions of ``papers`` in order: here, in worker processes or on a Dask
        cluster; ``on_partition(papers, extractions)`` sees each chunk as it is done."""
        papers = iter(papers)
        size = self.settings.batch_size
        if self.settings.cluster is not None:
            from ..cluster import cluster_map  # Dask is optional

            worker_settings = self.settings.with_overrides(processes=1, cluster=None)
            yield from itertools.chain.from_iterable(
                cluster_map(
                    extract_partition,
                    iter(lambda: list(itertools.islice(papers, size)), []),
                    parse_cluster(self.settings.cluster),
                    args=(worker_settings,),
                    on_result=on_partition,
                )
            )
            return
        # Look ahead far enough to choose the number of processes (and not to load the
        # pipeline at all when nothing needs it).
        head = list(itertools.islice(papers, self.settings.worker_lookahead()))
        if not head:
            return
        # Something needs the pipeline: import spaCy here, before any worker is forked, so
        # that the workers share the imported modules instead of each importing them again.
        importlib.import_module(".pipeline", __name__)
        n_process = self.settings.workers(len(head))
        papers = itertools.chain(head, papers)
        sent: deque[list[Paper]] = deque()  # chunks out, to pair with their results

        def chunks() -> Iterator[list[Paper]]:
            for chunk in iter(lambda: list(itertools.islice(papers, size)), []):
                sent.append(chunk)
                yield chunk

        if n_process > 1:
            done = ordered_map(
                _extract_in_worker,
                chunks(),
                workers=n_process,
                initializer=_start_extractor,
                initargs=(self.settings,),
            )
        else:
            done = (list(self.extract_here(chunk)) for chunk in chunks())
        for extractions in done:
            chunk = sent.popleft()
            if on_partition is not None:
                on_partition(chunk, extractions)
            yield from extractions

    def extract_here(self, papers: Iterable[Paper]) -> Iterator[PaperExtraction]:
        """Extractions of ``papers`` made in this process, in order."""
        from .pipeline import extract_docs

        yield from extract_docs(self.nlp, papers, self.settings.batch_size)


# One extractor per settings in each worker process (local pool or Dask worker), kept for
# the life of the process so the pipeline is loaded once.
_WORKER_EXTRACTORS: dict[Settings, Extractor] = {}


def worker_extractor(settings: Settings) -> Extractor:
    """This process's extractor for ``settings``, made (and its pipeline loaded) once."""
    extractor = _WORKER_EXTRACTORS.get(settings)
    if extractor is None:
        extractor = _WORKER_EXTRACTORS[settings] = Extractor(settings)
        extractor.nlp  # noqa: B018  (load now, not inside the first chunk)
    return extractor


def _start_extractor(settings: Settings) -> None:
    """Local worker process setup: load the pipeline before the first chunk arrives."""
    global _LOCAL_SETTINGS
    _LOCAL_SETTINGS = settings
    worker_extractor(settings)


_LOCAL_SETTINGS: Settings | None = None


def extract_partition(papers: list[Paper], settings: Settings) -> list[PaperExtraction]:
    """Run on a Dask worker: extract ``papers`` with that worker's pipeline."""
    return list(worker_extractor(settings).extract_here(papers))


def _extract_in_worker(papers: list[Paper]) -> list[PaperExtraction]:
    assert _LOCAL_SETTINGS is not None
    return extract_partition(papers, _LOCAL_SETTINGS)
