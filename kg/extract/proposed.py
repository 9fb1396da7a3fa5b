"""Marks the names a paper proposes: "we propose X", "named X", and titles "X: …".

Runs after ``kg_entity_rules`` and sets ``Span._.kg_proposed`` on its mentions; a title
prefix that no rule found becomes a new mention. ``paper_proposals`` then looks at title
and abstract together: a title prefix that is no coined word still names the paper's
contribution when the abstract writes it with the same capitals ("Neural Spectral
Methods: ..." and "We present Neural Spectral Methods, ...").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Mention
from .loading import load_standalone_parser

from .rules import SCORE_NAME, SPAN_KEY, is_name_like, register_extensions, singular, whole_words
from .vocabulary import GENERIC_HEADS, HEAD_TYPES, NAMING_WORDS, PROPOSAL_VERB_FORMS

MAX_TITLE_NAME_WORDS = 4
GENERIC_TITLE_PREFIXES = frozenset({
    "survey", "review", "position", "tutorial", "overview", "perspective", "introduction",
    "rethinking", "revisiting", "benchmarking", "towards", "toward", "case study", "editorial",
    "beyond", "on", "why", "how", "when", "what", "understanding", "demystifying",
})
_SUBJECTS = re.compile(r"\b(we|this (paper|work|study|report)|our (work|paper))\b", re.I)


def title_name(title: str) -> str | None:
    """The coined name in a title "Name: rest" or "Name (ABBR): rest", or None."""
    head, sep, rest = title.partition(":")
    if not sep or not rest.strip():
        return None
    head = head.strip()
    defined = re.search(r"\s*\(([^)]*)\)$", head)  # "Tiny Time Mixers (TTMs)" -> long form
    if defined:
        head = head[:defined.start()]
    words = head.split()
    if not words or len(words) > MAX_TITLE_NAME_WORDS or "," in head:
        return None
    if head.lower() in GENERIC_TITLE_PREFIXES or words[0].lower() in GENERIC_TITLE_PREFIXES:
        return None
    if len(words) == 1 or defined or any(_coined_word(w) for w in words):
        return head
    # "Few-Bit Backward", "Perturb-and-Revise Editing": a hyphenated compound not ending in a
    # descriptive head noun ("Cross-Entropy Loss Functions" describes, it does not name).
    last = singular(words[-1])
    if any("-" in w for w in words) and last not in HEAD_TYPES and last not in GENERIC_HEADS:
        return head
    return None


MAX_TITLE_HEAD_WORDS = 5
# Words that make a title's head a sentence or a question, not a name.
_NOT_IN_NAMES = frozenset({
    "is", "are", "was", "were", "be", "do", "does", "can", "could", "should", "will", "would",
    "why", "how", "what", "when", "where", "which", "who", "we", "you", "i", "it", "not", "as",
    "vs", "vs.", "versus", "beyond", "via", "from", "by", "on",
})


# Gerunds that open a title as a verb ("Making RL Efficient"), not a name ("Talking Models").
_VERB_OPENERS = frozenset({
    "making", "improving", "learning", "training", "scaling", "exploring", "enabling", "leveraging",
    "using", "accelerating", "boosting", "unlocking", "evaluating", "analyzing", "analysing",
    "measuring", "probing", "mitigating", "reducing", "optimizing", "optimising", "lowering",
    "facilitating", "employing", "extending", "generalizing", "characterizing", "estimating",
})
_TITLE_SPLIT = re.compile(r"\s+(?:for|with|via|in|on|of|from|by|to|and|as|through|using|towards?|under)\s+")
_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "for", "with", "in", "on", "to", "and", "or",
                             "via", "from", "by", "as", "at", "through", "using", "under"})


def title_head(title: str) -> str | None:
    """The part of a title before its colon when it could be a name: a few words, no
    comma, no verb-like or question words, not a genre word ("Survey", "Revisiting")."""
    head, sep, rest = title.partition(":")
    if not sep or not rest.strip():
        return None
    return _name_shaped(re.sub(r"\s*\([^)]*\)$", "", head.strip()))


def title_name_candidates(title: str) -> list[str]:
    """Parts of a title that may name the paper's contribution, most likely first: the
    head before a colon; a short title that is one noun phrase ("Idempotent Generative
    Network"); the words before the first preposition ("Generalized Polyak Step Size for
    First Order Optimization")."""
    if ":" in title:
        head = title_head(title)
        return [head] if head else []
    found = []
    words = title.split()
    if len(words) <= 4 and not any(w.lower() in _FUNCTION_WORDS for w in words):
        found.append(_name_shaped(title.strip()))
    prefix = _TITLE_SPLIT.split(title, maxsplit=1)[0]
    if prefix != title:
        found.append(_name_shaped(prefix.strip()))
    return [f for f in found if f]


def _name_shaped(head: str) -> str | None:
    words = head.split()
    if not words or len(words) > MAX_TITLE_HEAD_WORDS or "," in head:
        return None
    lowered = [w.lower() for w in words]
    if head.lower() in GENERIC_TITLE_PREFIXES or lowered[0] in GENERIC_TITLE_PREFIXES \
            or any(w in _NOT_IN_NAMES for w in lowered) or head.endswith("?") \
            or re.search(r"(ed|ied|ing)$", lowered[-1]) or lowered[0] in _VERB_OPENERS:
        return None  # "Model Collapse Demystified", "Making RL Efficient"
    return head


def paper_proposals(title: str, abstract: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    """Title mentions marked (or added) as proposed: a title that is a short noun phrase
    ("Idempotent Generative Network"), or a title part (before a colon or a preposition)
    that the abstract writes with the same capitals, where a topic would be lower case.
    Nothing changes when a title mention is already proposed."""
    if any(m.proposed and m.field == "title" for m in mentions):
        return tuple(mentions)
    for head in title_name_candidates(title):
        whole_title = head == title.strip()
        if not whole_title and (" " not in head or not any(w[:1].isupper() for w in head.split()[1:])):
            continue
        if whole_title and not all(w[:1].isupper() or not w[:1].isalpha() for w in head.split()):
            continue
        if not whole_title and not re.search(rf"(?<![\w-]){re.escape(head)}(?![\w-])", abstract):
            continue
        return _proposed_title_part(title, head, mentions)
    return tuple(mentions)


def _proposed_title_part(title: str, head: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    start = title.find(head)
    end = start + len(head)
    kept = [m for m in mentions if m.field != "title" or m.end <= start or m.start >= end
            or (m.start, m.end) == (start, end)]
    same = [i for i, m in enumerate(kept) if m.field == "title" and (m.start, m.end) == (start, end)]
    if same:
        kept[same[0]] = replace(kept[same[0]], proposed=True, nested=False)
    else:
        label = _title_name_type(title[end:] + " " + head)
        kept.append(Mention(start=start, end=end, text=head, label=label, source="rule", score=SCORE_NAME,
                            proposed=True, field="title", sentence_start=0, sentence_end=len(title)))
    return tuple(sorted(kept, key=lambda m: (m.field != "title", m.start, -m.end)))


def _title_name_type(context: str) -> str:
    """A name a title introduces is a dataset when the title speaks of one, else a method."""
    return "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", context.lower()) else "method"


def _coined_word(word: str) -> bool:
    """A word no title-casing explains: "LoRA-FAIR", "GPT-4", "bert2BERT" (not "Cross-Entropy")."""
    return any(len(part) > 1 and (any(ch.isdigit() for ch in part) or any(ch.isupper() for ch in part[1:]))
               for part in word.split("-"))


@Language.factory("kg_proposed_names", default_config={"parser_model": None})
class ProposedNames:
    """Flags proposed mentions; the title rule applies to docs whose ``Doc._.kg_field`` is "title".

    The "we propose X" rules read dependencies. On docs without a parse (kg's fast pipeline
    splits sentences by punctuation and parses nothing), the sentences that hold a proposal
    verb (about a fifth of an abstract's words) are parsed here, by the parser of the
    pipeline ``parser_model`` with an encoder of its own, a batch of docs at a time.
    """

    def __init__(self, nlp: Language, name: str, parser_model: str | None) -> None:
        register_extensions()
        self.parser_model = parser_model
        self._parser = None

    @property
    def parser(self):
        if self._parser is None:
            self._parser = load_standalone_parser(self.parser_model)
        return self._parser

    @parser.setter
    def parser(self, parser) -> None:
        self._parser = parser

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in spacy.util.minibatch(docs, size=batch_size):
            parsed = self._parse_proposal_sentences(batch)
            for doc in batch:
                yield self._mark(doc, parsed)

    def _parse_proposal_sentences(self, docs: list[Doc]) -> dict[tuple[int, int], Span]:
        """Each unparsed abstract sentence with a proposal verb, parsed on its own, by
        (id of its doc, its first token)."""
        wanted = [(doc, sentence) for doc in docs
                  if doc._.kg_field != "title" and not doc.has_annotation("DEP")
                  for sentence in doc.sents if _may_propose(sentence)]
        if not wanted:
            return {}
        parsed = self.parser.pipe((sentence.as_doc() for _, sentence in wanted), batch_size=256)
        return {(id(doc), sentence.start): sentence_doc[:]
                for (doc, sentence), sentence_doc in zip(wanted, parsed)}

    def _mark(self, doc: Doc, parsed: dict[tuple[int, int], Span]) -> Doc:
        spans = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        if doc._.kg_field == "title":
            spans = self._title(doc, spans)
        else:
            has_parse = doc.has_annotation("DEP")
            for sentence in doc.sents:
                parse = sentence if has_parse else parsed.get((id(doc), sentence.start))
                regions = _naming_regions(sentence)
                if parse is not None:
                    offset = sentence.start - parse.start
                    regions = [(start + offset, end + offset, bare, whole)
                               for start, end, bare, whole in _proposal_regions(parse)] + regions
                spans = self._sentence(sentence, spans, regions)
        doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def _title(self, doc: Doc, spans: list[Span]) -> list[Span]:
        title = doc._.kg_original or doc.text  # the title rule reads the capitals
        name = title_name(title)
        if name is None:
            return spans
        start = title.find(name)
        target = doc.char_span(start, start + len(name), alignment_mode="expand")
        if target is None:
            return spans
        for span in spans:
            if span.start == target.start and span.end == target.end:
                span._.kg_proposed = True
                return spans
        span = _rule_span(doc, target.start, target.end, _title_name_type(title.partition(":")[2]))
        span._.kg_proposed = True
        # The title's name replaces the pieces of it that other sources found ("Few-Bit").
        return [s for s in spans if s.end <= span.start or s.start >= span.end] + [span]

    def _sentence(self, sentence: Span, spans: list[Span],
                  regions: list[tuple[int, int, bool, bool]]) -> list[Span]:
        inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
        doc = sentence.doc
        for start, end, bare, whole in regions:
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                end += 3  # "a Differentiable Radiative Rasterization (DRR)": the definition too
            # A mention starting inside the region counts: "Perturb-and-Revise" is parsed as the
            # object "Perturb" and a conjunct. A name followed by a citation is someone else's.
            coined = [s for s in inside if start <= s.start < end and (_coined(s, start, end) or bare)
                      and not _cited(s)]
            if whole and coined and end - start <= MAX_TITLE_NAME_WORDS and \
                    not any(s.start == start and s.end == end for s in coined):
                # "the introduced trace NTK": the name is the whole phrase, not "NTK" alone.
                spans = [s for s in spans if s not in coined]
                inside = [s for s in inside if s not in coined]
                coined = [_rule_span(sentence.doc, start, end, coined[0].label_)]
                spans.append(coined[0])
            if not coined:
                name = _new_name(sentence.doc, start, end)
                if name is not None and not any(s.start < name.end and name.start < s.end for s in spans):
                    spans.append(name)
                continue
            first = min(coined, key=lambda s: (s.start, -s.end))
            for span in coined:
                # The name, its longer or shorter variants at the same place, and its
                # abbreviation right after it: "Universally MBC (UMBC)".
                if span.start == first.start or (span._.kg_source == "abbreviation"
                                                 and 0 < span.start - first.end <= 2):
                    span._.kg_proposed = True
        return spans


# (start, end, bare object of "we propose", the region is the whole name), in tokens
Region = tuple[int, int, bool, bool]


def _may_propose(sentence: Span) -> bool:
    """Whether ``_proposal_regions`` can find anything in this sentence once it is parsed:
    it has a proposal verb, and "we" (or "this paper") or a participle ("X is proposed",
    "our proposed X")."""
    verbs = [t for t in sentence if t.lower_ in PROPOSAL_VERB_FORMS]
    return bool(verbs) and (any(t.tag_ in ("VBN", "VBD", "JJ") for t in verbs)
                            or bool(_SUBJECTS.search(sentence.text)))


def _proposal_regions(sentence: Span) -> list[Region]:
    """Where a parsed sentence introduces names: the objects of "we propose", what "is
    proposed", and the phrase after "our proposed"."""
    regions: list[Region] = []
    subject = bool(_SUBJECTS.search(sentence.text))
    for token in sentence:
        if token.lower_ not in PROPOSAL_VERB_FORMS:
            continue
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "acl"):
            if subject and token.dep_ != "xcomp":
                for obj in _objects(token):
                    regions.append((*_phrase_extent(obj), _bare(obj), False))
            for passive in (c for c in token.children if c.dep_ == "nsubjpass"):
                regions.append((*_phrase_extent(passive), False, False))  # "X is proposed"
        elif token.dep_ in ("amod", "acl") and token.head.i > token.i:
            # "the introduced trace NTK", "our proposed PassUntil"
            named = [token.head, *(c for c in token.head.children if c.dep_ == "appos")]
            regions.append((token.i + 1, max(_phrase_extent(t)[1] for t in named), False, True))
    return regions


def _naming_regions(sentence: Span) -> list[Region]:
    """What follows "dubbed", "called", "which we call": a name, whatever its shape
    ("namely X-Gaussian"); no parse needed."""
    regions: list[Region] = []
    for token in sentence:
        we_name = token.lower_ in ("call", "term", "dub", "name", "coin") and token.i > sentence.start \
            and token.nbor(-1).lower_ == "we"
        if token.lower_ in NAMING_WORDS or we_name:
            regions.append((token.i + 1, min(token.i + 6, sentence.end), True, False))
    return regions


_CITATION = re.compile(r"^\s*\((?:[^()]*\bet al\b|[^()]*\b(?:19|20)\d\d\b)[^()]*\)")


def _cited(span: Span) -> bool:
    """A name followed by a citation, "EF21 (Richtarik et al., 2021)", is prior work."""
    return bool(_CITATION.match(span.doc.text[span.end_char:span.end_char + 80]))


def _objects(verb) -> list:
    """What a proposal verb introduces: direct objects, and their conjuncts and appositions."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "attr", "oprd"):
            found.append(child)
        elif child.dep_ == "ccomp":  # misparse of "We propose FooNet, a network evaluated on X"
            found.extend(t for t in child.children if t.dep_ == "nsubj" and t.i > verb.i)
    # Conjuncts are proposed too; an apposition only when it is the name ("a model, FooNet"),
    # not a description ("FooNet, a convolutional network").
    return found + [t for head in found for t in head.children
                    if t.dep_ == "conj" or (t.dep_ == "appos" and t.pos_ == "PROPN")]


def _phrase_extent(head) -> tuple[int, int]:
    """The noun phrase of ``head`` without its prepositional, clausal or appended parts."""
    stop = {"prep", "relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "dep", "parataxis"}
    tokens = [head]
    pending = [c for c in head.children if c.dep_ not in stop]
    while pending:
        token = pending.pop()
        tokens.append(token)
        pending.extend(c for c in token.children if c.dep_ not in stop)
    return min(t.i for t in tokens), max(t.i for t in tokens) + 1


def _bare(head) -> bool:
    """An object without an indefinite article is named, not described: "we propose text-to-text
    regression" vs "we propose a simple strategy"."""
    return not any(c.dep_ == "det" or c.lower_ in ("a", "an") for c in head.children) \
        and head.pos_ in ("NOUN", "PROPN") and singular(head.text) not in GENERIC_HEADS


def _new_name(doc: Doc, start: int, end: int) -> Span | None:
    """A coined word no rule found, heading a proposal: "We propose Perturb-and-Revise, which ..."."""
    words = [t for t in doc[start:end] if not t.is_punct]
    if len(words) != 1 or not (_coined_word(words[0].text) or "-" in words[0].text):
        return None
    grown = whole_words(doc[words[0].i:words[0].i + 1])
    span = _rule_span(doc, grown.start, grown.end, "method")
    span._.kg_proposed = True
    return span


def _rule_span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = Span(doc, start, end, label=label)
    span._.kg_source, span._.kg_score = "rule", SCORE_NAME
    return span


def _coined(span: Span, start: int = 0, end: int = 1 << 30) -> bool:
    """Only names (or defined abbreviations) count as proposed, not generic phrases; only
    the words between ``start`` and ``end`` are looked at ("variants of approximate eNTK"
    is not a name because it ends in one)."""
    return span._.kg_source == "abbreviation" or \
        any(is_name_like(t.text) for t in span if start <= t.i < end)
