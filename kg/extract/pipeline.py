"""The spaCy side of extraction: building kg's pipeline and reading mentions, abbreviations,
relations and results off the docs it makes.

Everything here needs spaCy, so ``kg.extract`` imports this module only when a paper has to
be run through the pipeline: a build answered entirely from the extraction cache never
imports spaCy. ``kg.extract`` re-exports the public names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import cast

import spacy
from spacy.lang.tokenizer_exceptions import emoticons
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from ..errors import KgError
from ..records import Abbreviation, Mention, Paper, PaperExtraction, SentenceRelation
from ..settings import DEFAULT_ENTITY_MODEL, DEFAULT_MODEL
from . import (
    ENTITY_COMPONENT,
    FILLER_WORD_CHARS,
    KG_COMPONENTS,
    RELATION_ENCODER,
    UNUSED_COMPONENTS,
    abbreviations,
    blank_markup,
    entity_model_path,
    pos,
    proposed,
    relations,
    results,
    rules,
    sentence_case,
    transformer,
)
from .loading import load_spacy, load_standalone_parser
from .paths import PACKAGED_ENTITY_MODEL
from .rules import GENERIC_KEY, NESTED_KEY, SPAN_KEY
from .spans import doc_text, original_text

__all__ = [
    "GENERIC_KEY",
    "NESTED_KEY",
    "SPAN_KEY",
    "adapt_tokenizer",
    "doc_mentions",
    "doc_relations",
    "extract_docs",
    "load_pipeline",
    "original_text",
]

# The modules whose ``@Language.factory`` components the pipeline is made of (importing them
# registers the components).
FACTORIES = (abbreviations, pos, proposed, relations, results, rules, transformer)


# spaCy keeps a period after a capital as part of the word ("U.S."), which also glues the
# full stop to sized names at the end of a sentence: "... outperforms LLaMA-65B." Split it
# after a digit and a capital (10M, 65B, 1K).
_SIZED_NAME_PERIOD = r"(?<=[0-9][A-Z])\."


# A short form written against the word before its bracket: "Glyph Diffusion(GlyDiff)". The
# suffix rules have cut the closing bracket off already; a formula's bracket ("max(d_x",
# "Omega(K^2") is left whole.
# (Bounded, and one capital pinned after the first: a long token cannot make it backtrack.)
_SHORT_FORM_BRACKET = r"(?<=[a-z]{3})\((?=[A-Z][a-z0-9-]{0,12}[A-Z][A-Za-z0-9-]{0,12}$)"


def adapt_tokenizer(nlp: Language) -> Language:
    """kg's tokenizer rules on top of the pipeline's (used at run time and for training)."""
    patterns = list(nlp.Defaults.suffixes or ()) + [_SIZED_NAME_PERIOD]
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # typed as any callable; spaCy's own here
    # A paper writes no emoticons: spaCy's keep "(QGA):" and "(Figure 8)" as the tokens "):"
    # and "8)", which glued a colon to the name before it
    tokenizer.rules = {k: v for k, v in (tokenizer.rules or {}).items() if k not in emoticons}
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(patterns).search
    infixes = list(nlp.Defaults.infixes or ()) + [_SHORT_FORM_BRACKET]
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
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


def doc_relations(
    doc: Doc, field: str = "abstract", skipped: set[int] | None = None
) -> tuple[SentenceRelation, ...]:
    """Plain records for the relations ``kg_relations`` found in a processed doc, none in
    its front matter (``skipped``: ``front_matter(doc)``, computed when not given)."""
    text = original_text(doc)
    skipped = front_matter(doc) if skipped is None else skipped
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
        if head.sent.start_char not in skipped
    )
    return tuple(sorted(found, key=lambda r: (r.head_start, r.tail_start, r.label)))


# What only a paper's front matter holds: an e-mail address ("zarn@quill-lab.org"; not
# "R@1.We", a measure before a missing space), or the markup of author and address lists
# ("addressref = aff1").
# (tried where an address can start only: a run of thousands of word characters is read once)
_MAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z][\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b")
_AUTHOR_MARKUP = re.compile(r"\b(?:addressref|corref|noteref)\s*=")
# Where authors work, as an affiliation names it: "Quill University, Zarnland".
_AFFILIATION = re.compile(
    r"\b(?:Universit(?:y|ies|é|à|ät|at|ad|eit)|Institute|Inst\.|Department|Dept\.|"
    r"Laborator(?:y|ies)|College|School of)(?!\w)"
)
# The small words an address leaves in lower case: "Department of X and Y, Ecole de Z".
_ADDRESS_SMALL_WORDS = frozenset({"of", "and", "for", "the", "de", "des", "du", "la", "di", "&"})


def _reads_as_an_address(text: str) -> bool:
    """Whether a sentence is written as an address: an affiliation word, two parts or more
    split by commas, and every word capitalised, a number, a mark or a small word of names
    ("Department of Glyphs, Quill University, Zarnland"; not "Experiments on the Quill
    University Corpus", nor "Keywords: glyph sorting; Quill University Corpus")."""
    if not _AFFILIATION.search(text) or "," not in text:
        return False
    return all(
        not word[:1].isalpha() or word[:1].isupper() or word.lower() in _ADDRESS_SMALL_WORDS
        for word in text.split()
    )


def front_matter(doc: Doc) -> set[int]:
    """Where the sentences of front matter pasted into an abstract start (before or after
    it): those with author-list markup, and those with an e-mail address or written as an
    address (``_reads_as_an_address``) with no finite verb (authors and addresses state
    nothing; "data is available from zarn@quill-lab.org" is a sentence like any other). A
    title, read in sentence case, does not read as an address."""
    return {
        sentence.start_char
        for sentence in doc.sents
        if _AUTHOR_MARKUP.search(sentence.text)
        or (
            (_MAIL_ADDRESS.search(sentence.text) or _reads_as_an_address(sentence.text))
            # names and addresses state nothing: a sentence that does ("Quill reaches
            # ...", "data is available from ...") is the text itself
            and not any(t.tag_ in _FINITE_VERB_TAGS for t in sentence)
        )
    }


_FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _sentence_start(doc: Doc, offset: int) -> int:
    """Where the sentence that holds character ``offset`` of a doc starts."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else -1


def _holds_filler(span: Span, text: str) -> bool:
    """Whether ``span`` holds a filler word ``blank_markup`` wrote for an overlong run of the
    ``text`` (a word as long as a filler word's that the text writes otherwise)."""
    return any(
        len(token) >= FILLER_WORD_CHARS and text[token.idx : token.idx + len(token)] != token.text
        for token in span
    )


def doc_mentions(
    doc: Doc, field: str = "abstract", skipped: set[int] | None = None
) -> tuple[tuple[Mention, ...], tuple[Abbreviation, ...]]:
    """Plain records for the mentions and abbreviation definitions in a processed doc, none
    in its front matter (``skipped``: ``front_matter(doc)``, computed when not given)."""
    text = original_text(doc)
    skipped = front_matter(doc) if skipped is None else skipped
    mentions = []
    flat = [(span, False) for span in doc.spans.get(SPAN_KEY, [])]
    for span, nested in flat + [(span, True) for span in doc.spans.get(NESTED_KEY, [])]:
        sentence = span.sent
        if sentence.start_char in skipped:
            continue  # authors, addresses and e-mails a text pasted from a paper's first page
        if _holds_filler(span, text):
            continue  # a run of characters too long for a word, read as filler words
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
        if not skipped or _sentence_start(doc, l0) not in skipped
    )
    return tuple(mentions), abbreviations_found


def extract_docs(
    nlp: Language, papers: Iterable[Paper], batch_size: int
) -> Iterator[PaperExtraction]:
    """Extractions of ``papers`` made with the pipeline ``nlp``, in order."""

    def fields() -> Iterator[tuple[Doc, tuple[str, str]]]:
        for paper in papers:
            for name in ("title", "abstract"):
                text = paper.text_of(name)
                cased = blank_markup(text)
                cased = sentence_case(cased) if name == "title" else cased
                doc = nlp.make_doc(cased)
                doc._.kg_field = name
                if cased != text:
                    doc._.kg_original = text
                yield doc, (paper.key, name)

    docs = nlp.pipe(fields(), as_tuples=True, batch_size=batch_size)
    proposals = cast(proposed.ProposedNames, nlp.get_pipe("kg_proposed_names"))
    known = proposals.known  # lexicon names: never proposed
    pending: list[Mention] = []
    pending_abbreviations: list[Abbreviation] = []
    pending_relations: list[SentenceRelation] = []
    title = ""
    sentences: dict[str, list[tuple[int, int]]] = {}  # per field, for the reported results
    for doc, (key, name) in docs:
        skipped = front_matter(doc)  # once for the doc's mentions and relations
        mentions, found = doc_mentions(doc, name, skipped)
        pending.extend(mentions)
        pending_abbreviations.extend(found)
        pending_relations.extend(doc_relations(doc, name, skipped))
        sentences[name] = [(s.start_char, s.end_char) for s in doc.sents]
        if name == "title":
            title = original_text(doc)
        else:
            mentions = proposed.paper_proposals(title, doc_text(doc), pending, known)
            measures: list[Mention] = []
            claims = results.paper_results(
                {"title": title, "abstract": original_text(doc)}, sentences, mentions, measures
            )
            if measures:  # metrics named at reported values that the recognisers missed
                mentions = tuple(
                    sorted(
                        (*mentions, *measures), key=lambda m: (m.field != "title", m.start, -m.end)
                    )
                )
            yield PaperExtraction(
                key,
                mentions,
                tuple(pending_abbreviations),
                relations=tuple(pending_relations),
                results=claims,
            )
            pending, pending_abbreviations, pending_relations = [], [], []
