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

import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..errors import KgError, UsageError
from ..processes import ordered_map
from ..records import Abbreviation, Mention, Paper, PaperExtraction, SentenceRelation
from ..settings import (
    DEFAULT_ENTITY_MODEL,
    DEFAULT_MODEL,
    DEPRECATED_ENTITY_MODELS,
    ENTITY_MODEL_ALIASES,
    FAST_ENTITY_MODEL,
    MAX_TEXT_CHARS,
    TRANSFORMER_ENTITY_MODEL,
    Settings,
    parse_cluster,
)
from . import (  # noqa: F401  (factories)
    abbreviations,
    cache,
    pos,
    proposed,
    relations,
    results,
    rules,
    transformer,
)
from .loading import load_spacy, load_standalone_parser
from .rules import GENERIC_KEY, NESTED_KEY, SPAN_KEY

KG_COMPONENTS = ("kg_abbreviations", "kg_entity_rules", "kg_proposed_names", "kg_relations")
RELATION_ENCODER = "kg_relation_encoder"
ENTITY_COMPONENT = "kg_entities"
UNUSED_COMPONENTS = ("ner", "lemmatizer")  # nothing reads their output
PACKAGED_ENTITY_MODEL = Path(__file__).resolve().parent.parent / "models" / "scierc_ner"
NO_ENTITY_MODEL = "none"

__all__ = ["GENERIC_KEY", "NESTED_KEY", "SPAN_KEY", "Extractor", "doc_mentions", "load_pipeline"]


def entity_model_path(name: str) -> Path | None:
    """Where the entity recogniser ``name`` lives: a packaged one, a path, or None for none."""
    name = ENTITY_MODEL_ALIASES.get(name, DEPRECATED_ENTITY_MODELS.get(name, name))
    if name == NO_ENTITY_MODEL:
        return None
    if name == FAST_ENTITY_MODEL:
        return PACKAGED_ENTITY_MODEL
    if name == TRANSFORMER_ENTITY_MODEL:
        return transformer.TRANSFORMER_MODEL_PATH
    return Path(name)


# spaCy keeps a period after a capital as part of the word ("U.S."), which also glues the
# full stop to sized names at the end of a sentence: "... outperforms LLaMA-65B." Split it
# after a digit and a capital (10M, 65B, 1K).
_SIZED_NAME_PERIOD = r"(?<=[0-9][A-Z])\."


def adapt_tokenizer(nlp: Language) -> Language:
    """kg's tokenizer rules on top of the pipeline's (used at run time and for training)."""
    patterns = list(nlp.Defaults.suffixes or ()) + [_SIZED_NAME_PERIOD]
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # typed as any callable; spaCy's own here
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(patterns).search
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(
    model: str = DEFAULT_MODEL,
    entity_model: str = DEFAULT_ENTITY_MODEL,
    lexicon_files: tuple[str, ...] = (),
    relation_classifier: bool = True,
) -> Language:
    """The spaCy pipeline ``model`` with kg's entity recogniser and components (cached);
    ``lexicon_files`` add users' names to the packaged lexicon; without ``relation_classifier``, no
    relation classifier (training it needs the rest).

    An entity model that brings its own tagger on a shared encoder (the fast one) replaces
    the base pipeline's encoder, tagger and parser: texts are encoded once, sentences are
    split by punctuation, and only sentences with a proposal verb are parsed (by ``model``'s
    parser, in ``kg_proposed_names``).
    """
    base = adapt_tokenizer(load_spacy(model, "spaCy pipeline", exclude=list(UNUSED_COMPONENTS)))
    if "parser" not in base.pipe_names:
        raise KgError(f"spaCy pipeline {model!r} has no parser; kg needs one for noun phrases")
    pos_rules = (
        pos.rules_from_attribute_ruler(
            cast(AttributeRuler, base.get_pipe("attribute_ruler")).patterns
        )
        if "attribute_ruler" in base.pipe_names
        else None
    )
    path = entity_model_path(entity_model)
    trained = None
    if path is not None and not (path / "model.onnx").is_file():
        trained = load_spacy(path, "entity model")
        if "ner" not in trained.pipe_names:
            raise KgError(f"entity model {str(path)!r} has no 'ner' component")
    proposal_config: dict = {}
    if trained is not None and "tagger" in trained.pipe_names:
        nlp = adapt_tokenizer(trained)
        nlp.rename_pipe("ner", ENTITY_COMPONENT)
        nlp.add_pipe("kg_tag_pos", after="tagger", config={"rules": pos_rules or []})
        nlp.add_pipe("sentencizer", after="kg_tag_pos")
        proposal_config = {"parser_model": model}
    else:
        nlp = base
        if pos_rules is not None:  # the same POS as the attribute ruler, a third of the time
            nlp.replace_pipe("attribute_ruler", "kg_tag_pos", config={"rules": pos_rules})
            nlp.rename_pipe("attribute_ruler", "kg_tag_pos")
        if trained is not None:
            nlp.add_pipe("ner", name=ENTITY_COMPONENT, source=trained)
        elif path is not None:
            nlp.add_pipe(
                "kg_transformer_entities", name=ENTITY_COMPONENT, config={"model_path": str(path)}
            )
    precision: dict[str, float] = {}
    if trained is not None:
        per_type = trained.meta.get("performance", {}).get("ents_per_type") or {}
        precision = {label: round(float(s["p"]), 3) for label, s in per_type.items()}
    elif path is not None:
        recogniser = cast(transformer.TransformerEntities, nlp.get_pipe(ENTITY_COMPONENT))
        precision = dict(recogniser.meta.get("precision_per_label") or {})
    lexicons = [str(Path(f).resolve()) for f in lexicon_files]
    configs = {
        "kg_entity_rules": {"model_precision": precision, "lexicon_files": lexicons},
        "kg_proposed_names": {**proposal_config, "lexicon_files": lexicons},
    }
    if (
        relation_classifier and path != PACKAGED_ENTITY_MODEL
    ):  # the relation classifier reads the fast encoder's vectors
        fast = (
            trained
            if trained is not None and path == PACKAGED_ENTITY_MODEL
            else load_spacy(PACKAGED_ENTITY_MODEL, "entity model")
        )
        nlp.add_pipe("tok2vec", name=RELATION_ENCODER, source=fast)
    for name in KG_COMPONENTS if relation_classifier else KG_COMPONENTS[:-1]:
        nlp.add_pipe(name, config=configs.get(name, {}))
    if proposal_config:  # the base pipeline is loaded already: take its parser from here
        proposals = cast(proposed.ProposedNames, nlp.get_pipe("kg_proposed_names"))
        proposals.parser = load_standalone_parser(base)
    return nlp


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


def blank_markup(text: str) -> str:
    """``text`` with LaTeX tildes and font commands around words turned into spaces."""
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


def original_text(doc: Doc) -> str:
    """The text a doc was made from before sentence-casing (titles) or LaTeX blanking, else its own text."""
    return doc._.kg_original or doc.text


def doc_relations(doc: Doc, field: str = "abstract") -> tuple[SentenceRelation, ...]:
    """Plain records for the relations ``kg_relations`` found in a processed doc."""
    text = original_text(doc)
    found = (
        SentenceRelation(
            label,
            head.start_char,
            head.end_char,
            text[head.start_char : head.end_char],
            tail.start_char,
            tail.end_char,
            text[tail.start_char : tail.end_char],
            score,
            field,
        )
        for head, tail, label, score in doc._.kg_relations or ()
    )
    return tuple(sorted(found, key=lambda r: (r.head_start, r.tail_start, r.label)))


def doc_mentions(
    doc: Doc, field: str = "abstract"
) -> tuple[tuple[Mention, ...], tuple[Abbreviation, ...]]:
    """Plain records for the mentions and abbreviation definitions in a processed doc."""
    text = original_text(doc)
    mentions = []
    flat = [(span, False) for span in doc.spans.get(SPAN_KEY, [])]
    for span, nested in flat + [(span, True) for span in doc.spans.get(NESTED_KEY, [])]:
        sentence = span.sent
        mentions.append(
            Mention(
                start=span.start_char,
                end=span.end_char,
                text=text[span.start_char : span.end_char],
                label=span.label_,
                source=span._.kg_source,
                score=round(float(span._.kg_score), 3),
                proposed=bool(span._.kg_proposed) and not nested,
                field=field,
                sentence_start=sentence.start_char,
                sentence_end=sentence.end_char,
                model_label=span._.kg_model_label,
                nested=nested,
            )
        )
    mentions.sort(key=lambda m: (m.start, -m.end))
    abbreviations_found = tuple(
        Abbreviation(short=text[s0:s1], long=text[l0:l1], field=field, start=l0, end=s1 + 1)
        for l0, l1, s0, s1 in doc._.kg_abbreviations
    )
    return tuple(mentions), abbreviations_found


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

        def fields() -> Iterator[tuple[Doc, tuple[str, str]]]:
            for paper in papers:
                for name in ("title", "abstract"):
                    text = paper.text_of(name)
                    cased = blank_markup(text)
                    cased = sentence_case(cased) if name == "title" else cased
                    doc = self.nlp.make_doc(cased)
                    doc._.kg_field = name
                    if cased != text:
                        doc._.kg_original = text
                    yield doc, (paper.key, name)

        docs = self.nlp.pipe(fields(), as_tuples=True, batch_size=self.settings.batch_size)
        proposals = cast(proposed.ProposedNames, self.nlp.get_pipe("kg_proposed_names"))
        known = proposals.known  # lexicon names: never proposed
        pending: list[Mention] = []
        pending_abbreviations: list[Abbreviation] = []
        pending_relations: list[SentenceRelation] = []
        title = ""
        sentences: dict[str, list[tuple[int, int]]] = {}  # per field, for the reported results
        for doc, (key, name) in docs:
            mentions, found = doc_mentions(doc, name)
            pending.extend(mentions)
            pending_abbreviations.extend(found)
            pending_relations.extend(doc_relations(doc, name))
            sentences[name] = [(s.start_char, s.end_char) for s in doc.sents]
            if name == "title":
                title = original_text(doc)
            else:
                mentions = proposed.paper_proposals(title, doc.text, pending, known)
                claims = results.paper_results(
                    {"title": title, "abstract": original_text(doc)}, sentences, mentions
                )
                yield PaperExtraction(
                    key,
                    mentions,
                    tuple(pending_abbreviations),
                    relations=tuple(pending_relations),
                    results=claims,
                )
                pending, pending_abbreviations, pending_relations = [], [], []


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
