"""Marks the names a paper proposes: "we propose X", "named X", and titles "X: …".

Runs after ``kg_entity_rules`` and sets ``Span._.kg_proposed`` on its mentions; a title
prefix that no rule found becomes a new mention. ``paper_proposals`` then looks at title
and abstract together: a title prefix that is no coined word still names the paper's
contribution when the abstract writes it with the same capitals ("Neural Spectral
Methods: ..." and "We present Neural Spectral Methods, ..."), and a phrase of ordinary
words that the abstract proposes in so many words is a name when the title names it too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Mention
from ..text.vocabulary import (
    GENERIC_HEADS,
    GENERIC_NAMES,
    HEAD_TYPES,
    LEADING_NOISE,
    NAMING_WORDS,
    OWN_WORK_PARTICIPLES,
    PRIOR_WORK_WORDS,
    PROPOSAL_VERB_FORMS,
    TITLE_GENRES,
)
from ..text.words import (
    NEW_OBJECT_RENAMED,
    head_type,
    initials,
    is_name_like,
    singular,
    spells_by_initials,
)
from .entity_types import SCORE_ABBREVIATION, SCORE_NAME, classify_phrase
from .lexicon import load_lexicon
from .loading import load_standalone_parser
from .rules import NESTED_KEY, SPAN_KEY, register_extensions
from .spans import doc_text, original_text, repair_fragment, trim_span, whole_words

MAX_TITLE_NAME_WORDS = 4
GENERIC_TITLE_PREFIXES = frozenset(
    {
        "survey",
        "review",
        "position",
        "tutorial",
        "overview",
        "perspective",
        "introduction",
        "rethinking",
        "revisiting",
        "benchmarking",
        "towards",
        "toward",
        "case study",
        "editorial",
        "beyond",
        "on",
        "why",
        "how",
        "when",
        "what",
        "understanding",
        "demystifying",
    }
)
_SUBJECTS = re.compile(r"\b(we|this (paper|work|study|report)|our (work|paper))\b", re.IGNORECASE)


def _genre(rest: str) -> bool:
    """The part of a title after its colon names a genre: "A Survey of ...", "A Critical Review"."""
    words = rest.strip().lower().split()
    if words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return any(
        " ".join(words[skip : skip + len(g.split())]) == g for g in TITLE_GENRES for skip in (0, 1)
    )


def title_name(title: str) -> str | None:
    """The coined name in a title "Name: rest" or "Name (ABBR): rest", or None."""
    head, sep, rest = title.partition(":")
    if not sep or not rest.strip() or _genre(rest):
        return None
    head = head.strip()
    defined = re.search(r"\s*\(([^)]*)\)$", head)  # "Tiny Time Mixers (TTMs)" -> long form
    if defined:
        head = head[: defined.start()]
    words = head.split()
    if not words or len(words) > MAX_TITLE_NAME_WORDS or "," in head:
        return None
    if head.lower() in GENERIC_TITLE_PREFIXES or words[0].lower() in GENERIC_TITLE_PREFIXES:
        return None
    if any(w.lower() in _PERSONS for w in words):
        return None  # "Watch Your Step": a sentence, not a name
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
_NOT_IN_NAMES = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "be",
        "do",
        "does",
        "can",
        "could",
        "should",
        "will",
        "would",
        "why",
        "how",
        "what",
        "when",
        "where",
        "which",
        "who",
        "we",
        "you",
        "i",
        "it",
        "not",
        "as",
        "vs",
        "vs.",
        "versus",
        "beyond",
        "via",
        "from",
        "by",
        "on",
        "your",
        "our",
        "my",
        "their",
    }
)


# Pronouns: a title part with one speaks to someone ("Mind Your X"), it names nothing.
_PERSONS = frozenset({"we", "you", "i", "it", "your", "our", "my", "their", "us", "me"})


# Gerunds that open a title as a verb ("Making RL Efficient"), not a name ("Talking Models").
_VERB_OPENERS = frozenset(
    {
        "making",
        "improving",
        "learning",
        "training",
        "scaling",
        "exploring",
        "enabling",
        "leveraging",
        "using",
        "accelerating",
        "boosting",
        "unlocking",
        "evaluating",
        "analyzing",
        "analysing",
        "measuring",
        "probing",
        "mitigating",
        "reducing",
        "optimizing",
        "optimising",
        "lowering",
        "facilitating",
        "employing",
        "extending",
        "generalizing",
        "characterizing",
        "estimating",
    }
)
_TITLE_SPLIT = re.compile(
    r"\s+(?:for|with|via|in|on|of|from|by|to|and|as|through|using|towards?|under)\s+"
)
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "for",
        "with",
        "in",
        "on",
        "to",
        "and",
        "or",
        "via",
        "from",
        "by",
        "as",
        "at",
        "through",
        "using",
        "under",
    }
)


def title_head(title: str) -> str | None:
    """The part of a title before its colon when it could be a name: a few words, no
    comma, no verb-like or question words, not a genre word ("Survey", "Revisiting")."""
    head, sep, rest = title.partition(":")
    if not sep or not rest.strip() or _genre(rest):
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
    title = _without_genre(title.strip())  # "Zorb-2 Technical Report" names Zorb-2
    words = title.split()
    if len(words) <= 4 and not any(w.lower() in _FUNCTION_WORDS for w in words):
        found.append(_name_shaped(title.strip()))
    prefix = _TITLE_SPLIT.split(title, maxsplit=1)[0]
    if prefix != title:
        found.append(_name_shaped(prefix.strip()))
    return [f for f in found if f]


def _without_genre(title: str) -> str:
    """A title without the genre words that end it ("X Technical Report" -> "X"), if
    anything is left."""
    lowered = title.lower()
    for genre in sorted(TITLE_GENRES, key=len, reverse=True):
        if lowered.endswith(" " + genre) and len(title) > len(genre) + 1:
            return title[: -len(genre) - 1].rstrip()
    return title


def _name_shaped(head: str) -> str | None:
    words = head.split()
    if not words or len(words) > MAX_TITLE_HEAD_WORDS or "," in head:
        return None
    lowered = [w.lower() for w in words]
    if (
        head.lower() in GENERIC_TITLE_PREFIXES
        or lowered[0] in GENERIC_TITLE_PREFIXES
        or any(w in _NOT_IN_NAMES for w in lowered)
        or head.endswith("?")
        or re.search(r"(ed|ied|ing)$", lowered[-1])
        or lowered[0] in _VERB_OPENERS
    ):
        return None  # "Model Collapse Demystified", "Making RL Efficient"
    return head


def paper_proposals(
    title: str, abstract: str, mentions: Sequence[Mention], known: frozenset[str] | None = None
) -> tuple[Mention, ...]:
    """Title mentions marked (or added) as proposed: a title that is a short noun phrase
    ("Idempotent Generative Network"), or a title part (before a colon or a preposition)
    that the abstract writes with the same capitals, where a topic would be lower case; else
    a coined word of the title that leads it or that the abstract writes too. Names of the
    lexicon (``known``, default the packaged one) are never proposed. Nothing changes when a
    title mention is already proposed."""
    known = known_names() if known is None else known
    mentions = _headline_proposals(title, abstract, mentions, known)
    if any(m.proposed and m.field == "title" for m in mentions):
        return tuple(mentions)
    whole = title.strip()
    if (
        ":" not in whole
        and 1 < len(whole.split()) <= MAX_TITLE_HEAD_WORDS
        and _name_shaped(whole) is not None  # not "Learning with X", "Few-Shot X Learning"
        # a task's name, its head before any preposition ("Glyph Sorting with Noisy X")
        and "task"
        not in (head_type(whole.split()), head_type(_TITLE_SPLIT.split(whole)[0].split()))
        and not is_known(whole, known)
        and defined_with_short_form(whole, abstract, presented=False)
    ):
        # the whole title is what the abstract gives a short form of its initials ("we
        # study the Quill Folding with Zarn Caches (QFZC)"): the name of the paper's work,
        # before any shorter part of it that the abstract writes too ("Quill Folding")
        return _proposed_title_part(title, whole, mentions)
    for head in title_name_candidates(title):
        if is_known(head, known):
            continue
        whole_title = head == title.strip()
        if not whole_title and (
            " " not in head or not any(w[:1].isupper() for w in head.split()[1:])
        ):
            continue
        if whole_title and not all(w[:1].isupper() or not w[:1].isalpha() for w in head.split()):
            continue
        if not whole_title and not re.search(rf"(?<![\w-]){re.escape(head)}(?![\w-])", abstract):
            if _variant_of_a_written_name(head, abstract):
                return _proposed_title_part(title, head, mentions)
            continue
        return _proposed_title_part(title, head, mentions)
    coined = coined_title_word(title, abstract, known)
    if coined:
        return _proposed_title_part(title, coined, mentions)
    lead = _coined_title_lead(title, known)
    if lead:
        return _proposed_title_part(title, lead, mentions)
    means = title_means(title)
    if (
        means
        and not any(is_known(" ".join(means.split()[skip:]), known) for skip in (0, 1))
        and not is_known(means.split()[-1], known)
        and _OWN_PROPOSAL.search(abstract)
        and (len(means.split()) != MIN_MEANS_WORDS or _written_as_a_name(means, abstract))
    ):  # "via Multimodal Transformers" describes a known thing; it names nothing new
        return _proposed_title_part(title, means, mentions)
    for part in _title_parts(title):
        if not is_known(part, known) and defined_with_short_form(part, abstract):
            return _proposed_title_part(title, part, mentions)
    return tuple(mentions)


def _title_parts(title: str) -> list[str]:
    """The parts of a title that may be a name, however shaped: the head before its colon
    if it has one; else the words before the first preposition, and the whole title."""
    head = title.partition(":")[0].strip() if ":" in title else None
    whole = title.strip()
    parts = [head] if head else [_TITLE_SPLIT.split(whole, maxsplit=1)[0].strip(), whole]
    return [
        p
        for p in dict.fromkeys(parts)
        if 1 < len(p.split()) <= MAX_TITLE_HEAD_WORDS and not re.search(r"[,?]", p)
    ]


def defined_with_short_form(part: str, abstract: str, *, presented: bool = True) -> bool:
    """Whether the abstract defines ``part`` (any case, its last word singular or plural)
    with a short form of its initials, right after the words that propose or name it:
    "Quill Folding Samplers" in the title and "we propose a quill folding sampler (QFS)" or
    "our proposed quill folding sampler (QFS)" in the abstract make it a name, however the
    abstract writes it. A topic the abstract defines ("glyph networks (GNs) are ...", "we
    present an analysis of why the glyph network (GN) fails") is no proposal. With
    ``presented`` false (a whole title) no words need present it, but the sentence must
    speak of the paper's own work ("we", "our", "this paper") before it, not as something
    studied ("we study why ...") or earlier work ("existing X (ABBR)"), nor open a
    statement about it ("X (ABBR) is ...", "X (ABBR) methods ...")."""
    words = part.split()
    written = r"[\s-]+".join([*map(re.escape, words[:-1]), _any_number(words[-1])])
    defined = re.compile(rf"(?<![\w-]){written}\s*\(([A-Za-z0-9-]{{2,12}})\)", re.IGNORECASE)
    for found in defined.finditer(abstract):
        opening = abstract.rfind(". ", 0, found.start()) + 1
        before = abstract[opening : found.start()]
        if not spells_by_initials(words, found.group(1)):
            continue
        if (
            _PRESENTED_RIGHT_BEFORE.search(before)
            or (
                not presented
                and _SELF_REFERENCE.search(before)  # a sentence of the paper's own work
                and not _STUDIED_BEFORE.search(before)  # "we study why the X (ABBR) fails"
                and not _STATED_ABOUT_AFTER.match(abstract, found.end())
                and not any(w.lower() in PRIOR_WORK_WORDS for w in before.split()[-3:])
            )
        ):
            return True
    return False


# What a paper does to what it did not make: "we study", "an analysis of why", "how".
_STUDIED_BEFORE = re.compile(
    r"\b(?:analy[sz]\w*|stud(?:y|ies|ied|ying)|investigat\w*|understand\w*|why|how)\b",
    re.IGNORECASE,
)
# A definition that opens a statement about what it defines: "X (ABBR) are widely used".
_STATED_ABOUT_AFTER = re.compile(
    r"\s*(?:,[^,.;]{0,80},\s*)?(?:is|are|was|were|has|have|had|can|remains?|"
    r"methods?|approach(?:es)?|models?|algorithms?|techniques?|systems?)\b",
    re.IGNORECASE,
)


def _any_number(word: str) -> str:
    """A pattern for ``word`` singular or plural: "sampler(s)", "box(es)", "analys(is|es)"."""
    one = singular(word)
    if one.lower().endswith("is"):
        return re.escape(one[:-2]) + "(?:is|es)"
    return re.escape(one) + "(?:s|es)?"


# What presents the phrase right after it: "we propose a", "our proposed", "a new", "called".
_PRESENTED_RIGHT_BEFORE = re.compile(
    r"(?:\b(?:propose|introduce|present|develop|design|devise)\w*\s+(?:(?:a|an|the)\s+)?"
    r"(?:(?:new|novel)\s+)?"
    r"|\bour\s+(?:proposed|new|novel)\s+|\b(?:a|an)\s+(?:new|novel)\s+"
    r"|\b(?:called|termed|dubbed|named)\s+(?:(?:a|an|the)\s+)?)$",
    re.IGNORECASE,
)


# "X via Y", "X through Y", "X using Y": the title's means after what is done ("with" more
# often says under what condition: "X with Noisy Labels").
_MEANS_SPLIT = re.compile(r"\s+(?:via|through|using|by)\s+", re.IGNORECASE)
MIN_MEANS_WORDS = 2  # and two words are a name only when written as one (_written_as_a_name)


def _written_as_a_name(phrase: str, abstract: str) -> bool:
    """Whether a title's two words are a name: a coined word, or the abstract writes them
    with the title's capitals ("by Implicit Glyphing", written "implicit glyphing" in the
    abstract, is the technique's common name, not the paper's)."""
    return any(is_name_like(w) for w in phrase.split()) or bool(
        re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", abstract)
    )


def title_means(title: str) -> str | None:
    """The means a title names after what it does ("Glyph Sorting via Stable Quill
    Propagation" -> "Stable Quill Propagation"; "Improving X through Y"), in either part of
    a title with a colon: a name of two to five capitalised words, up to the next
    preposition, after a task or a doing. Not after a study ("Understanding X via Y"), in a
    question, or after a thing ("Zarnformers via Y")."""
    if title.rstrip().endswith("?"):
        return None
    head, _, rest = title.partition(":")
    for part in (rest, head) if rest else (title,):
        means = _means_after_doing(part)
        if means:
            return means
    return None


def _means_after_doing(text: str) -> str | None:
    parts = _MEANS_SPLIT.split(text.strip(), maxsplit=1)
    if len(parts) < 2:
        return None
    done, means = parts[0].split(), _TITLE_SPLIT.split(parts[1], maxsplit=1)[0].split()
    if not done or done[0].lower() in _STUDY_OPENERS - _VERB_OPENERS:
        return None
    doing = done[0].lower() in _VERB_OPENERS or done[0].lower().endswith("ing")
    if not doing and HEAD_TYPES.get(singular(done[-1].lower())) != "task":
        return None
    if not MIN_MEANS_WORDS <= len(means) <= MAX_TITLE_HEAD_WORDS:
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() for w in means):
        return None  # a description in lower case ("with limited data"), not a name
    if means[0].lower().endswith("ing"):
        return None  # "by Recombining Learned Glyphs": a clause, not a name
    lowered = [singular(w.lower()) for w in means]
    if lowered[0] in _FUNCTION_WORDS or (len(means) == 2 and lowered[-1] in GENERIC_HEADS):
        return None  # "via Limited Data": what it has, not what it makes
    return _name_shaped(" ".join(means))


# "We propose ...", "This paper presents ...": the abstract says the paper makes something.
_PROPOSAL_VERB = r"\b(propose|introduce|present|develop|design|devise)\w*"
_OWN_PROPOSAL = re.compile(rf"{_SUBJECTS.pattern}[^.;]{{0,40}}?{_PROPOSAL_VERB}", re.IGNORECASE)


def _variant_of_a_written_name(head: str, abstract: str) -> bool:
    """Whether a title's head is a new variant of a name the abstract writes: words put
    before it ("Graded Quill Folding" where the abstract speaks of quill folding and the
    paper presents something), the variant itself never written in the abstract. Not a
    study ("Understanding X", "The Power of X"), a doing ("Scaling X"), a task ("Fast Quill
    Generation"), a variant of a vague word ("Provable Benefits") nor a kind of an activity
    ("Graded Computation": a field's name, not a thing made).
    """
    words = head.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if len(words) < 2:
        return False
    first, rest = words[0].lower(), words[1:]
    if first in _STUDY_OPENERS or first.endswith("ing"):
        return False
    if HEAD_TYPES.get(singular(rest[-1].lower())) == "task":
        return False
    lowered = [singular(w.lower()) for w in rest]
    if all(w in GENERIC_HEADS for w in lowered):
        return False
    if len(rest) == 1 and _ACTIVITY_NOUN.search(lowered[0]):
        return False
    written = re.escape(" ".join(rest))
    proposes_it = rf"{_PROPOSAL_VERB}\s+(the\s+|an?\s+)?{written}(?![\w-])"
    if re.search(proposes_it, abstract, re.IGNORECASE):
        return False  # "we present Quillnet": the name itself is the proposal, not a variant
    return bool(
        re.search(rf"(?<![\w-]){written}s?(?![\w-])", abstract, re.IGNORECASE)
        and _OWN_PROPOSAL.search(abstract)
    )


_ACTIVITY_NOUN = re.compile(r"(tion|sion|ment)$")


# "We propose X", "this paper introduces X": a proposal verb right before a bare name.
_PROPOSED_BARE = re.compile(
    r"\b(we|this (paper|work|study))\s+(propose|introduce|present|develop)s?\s+$", re.IGNORECASE
)


def _headline_proposals(
    title: str, abstract: str, mentions: Sequence[Mention], known: frozenset[str]
) -> tuple[Mention, ...]:
    """Abstract mentions of a phrase of ordinary words that the abstract proposes in so many
    words ("We propose text-to-text regression") and the title names too: the title makes
    the phrase the paper's name for its contribution. A phrase the title does not name stays
    a description ("we propose forward pass caching" is no name)."""
    titled = {m.text.lower() for m in mentions if m.field == "title"}
    found = list(mentions)
    for index, m in enumerate(found):
        if (
            m.field == "title"
            or m.proposed
            or m.text.lower() not in titled
            or " " not in m.text
            or is_known(m.text, known)
            or not _PROPOSED_BARE.search(abstract, max(0, m.start - 40), m.start)
        ):
            continue
        found[index] = replace(m, proposed=True)
    return tuple(found)


# Title openers of papers that study something rather than make it: "Understanding FooNet".
_STUDY_OPENERS = (
    GENERIC_TITLE_PREFIXES
    | _VERB_OPENERS
    | {"investigating", "is", "are", "do", "does", "can", "should"}
)
_TITLE_WORD = re.compile(r"[^\s:,;()\[\]\"“”?!]+")


def coined_shape(word: str) -> bool:
    """A word whose capitals or digits no English spelling explains: camel case ("FooNet",
    "LoRA"), a digit between letters ("Q8Bert"), or hyphenated parts with a capital that is
    no title case ("X-Former", "FOO-Bar"; not "Gauss-Newton" or "LLM-based")."""
    if "-" not in word:
        return bool(re.search(r"[a-z][A-Z]", word) or re.search(r"[A-Za-z]\d+[A-Za-z]", word))
    parts = [p for p in word.split("-") if p]
    marked = any(
        (len(p) == 1 and p.isupper())
        or (len(p) > 1 and p.isupper() and p.isalpha())
        or coined_shape(p)
        for p in parts
    )
    capitals = all(
        p[:1].isupper() or p[:1].isdigit() or re.fullmatch(r"v\d+(\.\d+)*", p) for p in parts
    )
    return len(parts) > 1 and marked and capitals


def _coined_title_lead(title: str, known: frozenset[str]) -> str | None:
    """The words a title opens with before its first preposition when they hold a coined
    word no lexicon knows and, as a whole, are no known name: the paper's name for its own
    thing ("Quorb PlinthNets for Glyph Sorting", "A Q-ZNN Braid Network for ..."), not a
    task ("3D QZ Segmentation using ..."), a doing, nor a known model studied with a word
    before it ("Multilingual QuillBERT Models for ...")."""
    if ":" in title or title.rstrip().endswith("?"):
        return None
    whole = _without_genre(title.strip())
    lead = _TITLE_SPLIT.split(whole, maxsplit=1)[0].strip()
    if lead == whole or not 1 < len(lead.split()) <= MAX_TITLE_HEAD_WORDS:
        return None
    words = lead.split()
    while words and words[0].lower() in LEADING_NOISE:
        words = words[1:]  # "A X Network", "Efficient X CNN": the name without praise
    lead = " ".join(words)
    if (
        len(words) < 2
        or _name_shaped(lead) is None
        or words[0].lower() in _STUDY_OPENERS
        or re.search(r"(?:ing|ly)$", words[0].lower())  # "Solving X", "Optimally X": no name
        or not all(w[:1].isupper() or w[:1].isdigit() for w in words)  # written as a name
        # a coined word of its own: a known one ("Frozen QuillBERT Models") is studied
        or not any(_coined_word(w) and w[:1].isalpha() and not is_known(w, known) for w in words)
        or is_known(lead, known)
        or not (_coined_word(words[-1]) or head_type(words) == "method")  # a thing made
    ):
        return None
    return lead


def coined_title_word(title: str, abstract: str, known: frozenset[str]) -> str | None:
    """The first coined word of a title (see ``coined_shape``) that leads the title or that
    the abstract writes the same way, unless the title studies something ("Understanding
    X", a question), the word is a known name, or the abstract cites it as prior work."""
    head = _TITLE_SPLIT.split(title.partition(":")[0], maxsplit=1)[
        0
    ]  # "FooNet for X", not "X with FooNet"
    words = [m.group().rstrip(".") for m in _TITLE_WORD.finditer(head)]
    if not words or title.rstrip().endswith("?") or words[0].lower() in _STUDY_OPENERS:
        return None
    for index, word in enumerate(words):
        word = re.sub(r"['’]s$", "", word)
        if not coined_shape(word) or is_known(word, known):
            continue
        uses = list(re.finditer(rf"(?<![\w-]){re.escape(word)}s?(?![\w-])", abstract))
        if (index == 0 or uses) and not any(
            _CITATION.match(abstract[u.end() : u.end() + 80]) for u in uses
        ):
            return word
    return None


def _proposed_title_part(title: str, head: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    start = title.find(head)
    end = start + len(head)
    kept = [
        m
        for m in mentions
        if m.field != "title"
        or m.end <= start
        or m.start >= end
        or (m.start, m.end) == (start, end)
    ]
    same = [
        i for i, m in enumerate(kept) if m.field == "title" and (m.start, m.end) == (start, end)
    ]
    if same:
        kept[same[0]] = replace(kept[same[0]], proposed=True, nested=False)
    else:
        label = _title_name_type(title[end:] + " " + head)
        kept.append(
            Mention(
                start=start,
                end=end,
                text=head,
                label=label,
                source="rule",
                score=SCORE_NAME,
                proposed=True,
                field="title",
                sentence_start=0,
                sentence_end=len(title),
            )
        )
    return tuple(sorted(kept, key=lambda m: (m.field != "title", m.start, -m.end)))


def _title_name_type(context: str) -> str:
    """A name a title introduces is a dataset when the title speaks of one, else a method."""
    return "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", context.lower()) else "method"


def _coined_word(word: str) -> bool:
    """A word no title-casing explains: "LoRA-FAIR", "GPT-4", "bert2BERT" (not "Cross-Entropy")."""
    return any(
        len(part) > 1 and (any(ch.isdigit() for ch in part) or any(ch.isupper() for ch in part[1:]))
        for part in word.split("-")
    )


# --- what a proposal can be --------------------------------------------------------------

_ORDINARY_WORD = re.compile(r"^[a-z]+(?:['’][a-z]+)?$")
_SELF_REFERENCE = re.compile(
    r"\b(we|our|here|this (paper|work|study|report|article|method|approach|"
    r"framework|model|technique|algorithm))\b",
    re.IGNORECASE,
)


# The paper's own proposal told in the present passive: "a new scheme, called FooBP, is
# proposed" (earlier work is told in the past: "was proposed", "has been introduced").
# The verb right after the name ("called FooBP, is proposed"), not followed by who made it
# ("is introduced by Quill", "is proposed in the literature").
_PRESENT_PASSIVE_PROPOSAL = re.compile(
    r"\b(?:called|termed|dubbed|named)\s+(?:[^\s,]+\s+){0,3}?[^\s,]+,?\s+(?:is|are)\s+(?:here\s+)?"
    r"(?:newly\s+)?(?:proposed|presented|introduced|developed)\b"
    r"(?!\s+(?:by|in|at|from)\b|\s*[(\[])",
    re.IGNORECASE,
)


def _own_participle(token) -> bool:
    """A participle the words before make the paper's own: "our proposed", "newly
    introduced"; not "newly released", which others' data is ("the newly released X
    dataset" the paper evaluates on), unless "our" says so."""
    before = token.nbor(-1).lower_ if token.i > 0 else ""
    if before == "our":
        return True
    if before != "newly":
        return False
    return token.lower_ != "released" or (token.i > 1 and token.nbor(-2).lower_ == "our")


def normalise_name(text: str) -> str:
    """A name compared with the lexicon's: case, spacing, hyphens and a plural ignored."""
    words = text.split()
    if words:
        words[-1] = singular(words[-1])
    return re.sub(r"[^0-9a-z+]", "", " ".join(words).casefold())


@lru_cache(maxsize=8)
def known_names(lexicon_files: tuple[str, ...] = ()) -> frozenset[str]:
    """Every name and alias of the lexicons, normalised: names of prior work, never proposed."""
    return frozenset(
        normalise_name(name)
        for entry in load_lexicon(lexicon_files)
        for name in (entry.name, *entry.aliases)
    )


def is_known(text: str, known: frozenset[str]) -> bool:
    """A lexicon name, also with a kind word after it ("the Adam optimizer", "GCN model")."""
    words = text.split()
    while len(words) > 1 and singular(words[-1]) in GENERIC_NAMES:
        words = words[:-1]
    return normalise_name(text) in known or normalise_name(" ".join(words)) in known


def _as_in_running_text(token) -> str:
    """A word as it would be written mid-sentence: a sentence's capitalised first word lowered."""
    text = token.text
    if token.i == token.sent.start and text[:1].isupper() and text[1:] == text[1:].lower():
        return text.lower()
    return text


def _subject_before(doc: Doc, i: int) -> bool:
    """ "we" (or "this paper", "our work") in the few words before a verb: "we further propose"."""
    sentence_start = doc[i].sent.start
    window = doc[max(sentence_start, i - 4) : i]
    return any(t.lower_ == "we" for t in window) or bool(_SUBJECTS.search(window.text))


# Words that may stand between a proposal verb and the name it introduces: "we present a new,
# simple network architecture, called ..."; a preposition or another verb ends the search.
_BETWEEN_VERB_AND_NAME = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "ADV", "PUNCT", "CCONJ"})
_REACH_FROM_VERB = 8


def introduced_at(doc: Doc, i: int) -> bool:
    """Whether the phrase starting at token ``i`` is introduced right there by the paper: right
    after "we propose/introduce/present ...", "this paper presents", "our proposed",
    "called/named/dubbed", "which we call" (a few describing words may stand between)."""
    sentence_start = doc[i].sent.start
    for j in range(i - 1, max(sentence_start, i - _REACH_FROM_VERB) - 1, -1):
        token = doc[j]
        low = token.lower_
        if low in NAMING_WORDS:
            return not _so_called(token) and not (low == "namely" and token.i == sentence_start)
        if (
            low in ("call", "term", "dub", "name", "coin")
            and j > sentence_start
            and doc[j - 1].lower_ == "we"
        ):
            return True
        if low in PROPOSAL_VERB_FORMS:
            if (j > sentence_start and _own_participle(doc[j])) or (
                low in OWN_WORK_PARTICIPLES and j > sentence_start and doc[j - 1].lower_ == "the"
            ):
                return True  # "our proposed", "the introduced"
            return token.tag_ not in ("JJ", "VBN") and _subject_before(doc, j)
        if low == "our":
            return True  # "our method, Long Form (LF)"
        if low == "," and _renames_a_new_object(doc, j):
            return True  # "we frame a new setup of X, Long Form (LF), to ..."
        if not _describes(token):
            return (
                False  # (after a name, "we propose FooNet, a Long Form (LF) method" describes it)
            )
    return False


_RENAMED_AT_END = re.compile(r"\b" + NEW_OBJECT_RENAMED, re.IGNORECASE)
# The sentence's own subject, then what it does, up to "a new X,": not a subordinate clause
# ("Since we need a new metric, X is used"), nor a comparison ("we compare against the new
# detector, X,"; "a new", not "the new").
_OWN_CLAUSE_OPENING = re.compile(
    r"^\s*((in this (paper|work)|here|then|next|finally|also|further(more)?|first|second|"
    r"third),?\s+)?(we|this (paper|work|study))\b"
    r"(?![^,]*\b(compare\w*|against|than|unlike|versus|outperform\w*|over)\b)[^,]*"
    r"\ban?\s+(new|novel)\b",
    re.IGNORECASE,
)
MAX_RENAMED_CHARS = 200  # how far back "a new X," may open


def _renames_a_new_object(doc: Doc, comma: int) -> bool:
    """Whether the comma at token ``comma`` closes what a sentence of the paper's own, in its
    main clause, calls new ("We frame a new setup of X,"), so that a name after it is given
    to that thing."""
    sentence = doc[comma].sent
    before = doc_text(doc)[sentence.start_char : doc[comma].idx + 1]
    return bool(
        _OWN_CLAUSE_OPENING.match(before)
        and _RENAMED_AT_END.search(before[-MAX_RENAMED_CHARS:] + " ")
    )


def _describes(token) -> bool:
    """A word that may stand between a proposal verb and the name it introduces."""
    return (
        (token.pos_ in _BETWEEN_VERB_AND_NAME or token.is_quote)
        and token.text not in ("(", ")", ";", ".", "[", "]")
        and not is_name_like(token.text)
    )


def _leads_region(doc: Doc, i: int, regions: Sequence[tuple[int, int]]) -> bool:
    """Token ``i`` starts a region a proposal rule found, but for describing words before it:
    "our proposed method 'long form' (LF)", "Long Form (LF) is proposed"."""
    return any(
        start <= i < end and all(_describes(t) for t in doc[start:i]) for start, end in regions
    )


def _so_called(token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so"


# (long form, short form, introduced right after a proposal verb), each a span
Definition = tuple[Span, Span, bool]


def definitions(doc: Doc) -> list[Definition]:
    """The doc's abbreviation definitions, and whether each is introduced by the paper."""
    found = []
    for long_start, long_end, short_start, short_end in getattr(doc._, "kg_abbreviations", []):
        long = doc.char_span(long_start, long_end, alignment_mode="expand")
        short = doc.char_span(short_start, short_end, alignment_mode="expand")
        if long is None or short is None or (long.start < short.end and short.start < long.end):
            continue  # ("Foo Bar(FB)" is one word: no span can hold one form without the other)
        long = trim_span(long) or long
        found.append((long, short, introduced_at(doc, min(long.start, short.start))))
    return found


def ordinary_phrase(span: Span, defined: list[Definition]) -> tuple[bool, list[Definition]]:
    """Whether the name part of a mention (before "(ABBR)", kind words after it ignored) is
    only ordinary lower-case words as written in running text, an abbreviation standing for
    its long form; and the definitions it rests on."""
    short_forms = {short.text: (long, short, introduced) for long, short, introduced in defined}
    words: list[str] = []
    used: list[Definition] = []
    tokens = list(span)
    if "(" in [t.text for t in tokens]:
        tokens = tokens[: [t.text for t in tokens].index("(")]
    for token in tokens:
        if token.is_punct:
            continue
        definition = short_forms.get(token.text) or short_forms.get(token.text + "s")
        if definition is None and token.text.endswith("s"):
            definition = short_forms.get(token.text[:-1])  # "LLMs"
        if definition is not None:
            used.append(definition)
            words.extend(_as_in_running_text(t) for t in definition[0] if not t.is_punct)
        else:
            words.append(_as_in_running_text(token))
    used += [
        d
        for d in defined
        if (d[0].start < span.end and span.start < d[0].end) or span.start <= d[1].start < span.end
    ]
    return bool(words) and all(
        _ORDINARY_WORD.match(w) or _COUNTED.match(w) or w.isdigit() for w in words
    ), used


def not_a_proposal(
    span: Span,
    defined: list[Definition],
    known: frozenset[str],
    title: bool = False,
    regions: Sequence[tuple[int, int]] = (),
) -> bool:
    """A mention that cannot be the paper's new name: a lexicon name (long or short form),
    or, in running text, a lower-case phrase of ordinary words ("forward pass") that the
    paper does not define with an abbreviation right after a proposal verb (or where a
    proposal rule found it: "Long Form (LF) is proposed"; ``regions``, token offsets)."""
    text = span.text
    inner = re.search(r"\(([^()]*)\)\s*\S*$", text)
    base = text[: inner.start()].strip() if inner else text
    if is_known(base, known) or (inner and is_known(inner.group(1), known)):
        return True
    if title:
        return False
    doc = span.doc

    def introduced(definition: Definition) -> bool:
        long, short, here = definition
        # (or the short form alone, where a rule found the name the paper gives: "a new
        # sorting method based on Zarn Folding, or ZAFO for short")
        return (
            here
            or _leads_region(doc, min(long.start, short.start), regions)
            or (short.start, short.end) in regions
        )

    shorts = _short_forms_only(span, defined)
    if shorts:  # "a GHN", "our PTQ method": a term the paper defined as background
        return not any(introduced(d) for d in shorts)
    ordinary, used = ordinary_phrase(span, defined)
    if not ordinary or _quoted_coinage(span):
        return False
    if inner and " " not in inner.group(1).strip() and is_name_like(inner.group(1).strip()):
        used.append((span, span, introduced_at(doc, span.start)))  # "long form (LongF)" itself
    return not any(introduced(d) for d in used)


def _short_forms_only(span: Span, defined: list[Definition]) -> list[Definition]:
    """The definitions of the words of a mention made only of defined short forms (kind words
    after them aside: "PTQ method"); empty for any other mention."""
    words = span.text.split()  # whole words: "CS-IB" is a name made of two short forms
    if "(" in span.text:
        return []
    while len(words) > 1 and singular(words[-1]) in GENERIC_NAMES:
        words = words[:-1]
    by_short = {short.text: (long, short, here) for long, short, here in defined}
    found = [
        by_short.get(w)
        or by_short.get(w + "s")
        or (by_short.get(w[:-1]) if w.endswith("s") else None)
        for w in words
    ]  # "GHN" for "GHNs" and the other way round
    if not words or not all(found):
        return []
    return [d for d in found if d is not None]


_OPENING_QUOTES = frozenset({'"', "“", "'", "``", "‘"})


def _quoted_coinage(span: Span) -> bool:
    """A phrase put in quotes where the paper introduces it: 'which we call "foo-words"'."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].text in _OPENING_QUOTES
        and introduced_at(doc, span.start - 1)
    )


@Language.factory("kg_proposed_names", default_config={"parser_model": None, "lexicon_files": []})
class ProposedNames:
    """Flags proposed mentions; the title rule applies to docs whose ``Doc._.kg_field`` is "title".

    The "we propose X" rules read dependencies. On docs without a parse (kg's fast pipeline
    splits sentences by punctuation and parses nothing), the sentences that hold a proposal
    verb (about a fifth of an abstract's words) are parsed here, by the parser of the
    pipeline ``parser_model`` with an encoder of its own, a batch of docs at a time.
    """

    def __init__(
        self, nlp: Language, name: str, parser_model: str | None, lexicon_files: list[str]
    ) -> None:
        register_extensions()
        self.parser_model = parser_model
        self._parser = None
        self.known = known_names(tuple(lexicon_files))

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
        wanted = [
            (doc, sentence)
            for doc in docs
            if doc._.kg_field != "title" and not doc.has_annotation("DEP")
            for sentence in doc.sents
            if _may_propose(sentence)
        ]
        if not wanted:
            return {}
        bare = {id(doc): _without_entities(doc) for doc in {id(d): d for d, _ in wanted}.values()}
        parsed = self.parser.pipe(
            (_sentence_doc(bare[id(doc)], sentence) for doc, sentence in wanted), batch_size=256
        )
        return {
            (id(doc), sentence.start): sentence_doc[:]
            for (doc, sentence), sentence_doc in zip(wanted, parsed)
        }

    def _mark(self, doc: Doc, parsed: dict[tuple[int, int], Span]) -> Doc:
        spans = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        found_before = {(s.start, s.end) for s in spans}
        title = doc._.kg_field == "title"
        defined = definitions(doc)
        found_in: list[tuple[int, int]] = []  # where the proposal rules looked
        if title:
            spans = self._title(doc, spans)
        else:
            has_parse = doc.has_annotation("DEP")
            sentences = list(doc.sents)
            # each sentence is read with the spans that reach into it, not all the doc's (a
            # text of many sentences took time of their square)
            by_sentence, outside = _spans_by_sentence(spans, [s.start for s in sentences])
            marked: dict[int, Span] = {}
            for sentence, own in zip(sentences, by_sentence, strict=True):
                parse = sentence if has_parse else parsed.get((id(doc), sentence.start))
                regions = _naming_regions(sentence)
                if parse is not None:
                    offset = sentence.start - parse.start
                    regions = [
                        (start + offset, end + offset, bare, whole)
                        for start, end, bare, whole in _proposal_regions(parse)
                    ] + regions
                marked.update((id(s), s) for s in self._sentence(sentence, own, regions))
                found_in += [(start, end) for start, end, _, _ in regions]
            spans = self._defined_names(doc, outside + list(marked.values()), defined)
        kept = []
        for span in spans:
            if span._.kg_proposed and not_a_proposal(span, defined, self.known, title, found_in):
                if (span.start, span.end) not in found_before:
                    continue  # made here only to be proposed
                span._.kg_proposed = False
            kept.append(span)
        doc.spans[SPAN_KEY] = sorted(kept, key=lambda s: (s.start, s.end))
        return doc

    def _defined_names(self, doc: Doc, spans: list[Span], defined: list[Definition]) -> list[Span]:
        """ "we propose Long Name (ABBR)", "a model called Long Name (ABBR)": the definition is
        the name, as one mention (the linker joins its two forms), whatever pieces other
        sources found in it; known names found inside stay as nested mentions."""
        for long, short, introduced in defined:
            if (
                not introduced
                or long.start > short.start
                or is_known(long.text, self.known)
                or is_known(short.text, self.known)
            ):
                continue
            whole = (
                short.start == long.end + 1 and short.end < len(doc) and doc[short.end].text == ")"
            )
            end = short.end + 1 if whole else long.end  # "Long Form (LF)"; not "'long form' (LF)"
            if _cited(doc[long.start : end]):
                continue
            covering = [s for s in spans if s.start <= long.start and s.end >= end]
            if covering:
                covering[0]._.kg_proposed = True
                continue
            inside = [s for s in spans if s.start < end and long.start < s.end]
            label = (
                next((s.label_ for s in sorted(inside, key=lambda s: -len(s))), None)
                or (classify_phrase([t.text for t in long if not t.is_punct]) or ("method",))[0]
            )
            span = Span(doc, long.start, end, label=label)
            span._.kg_source, span._.kg_score, span._.kg_proposed = (
                "abbreviation",
                SCORE_ABBREVIATION,
                True,
            )
            nested = list(doc.spans[NESTED_KEY]) if NESTED_KEY in doc.spans else []
            nested += [
                s
                for s in inside
                if s._.kg_source == "lexicon" and long.start <= s.start and s.end <= end
            ]
            doc.spans[NESTED_KEY] = sorted(nested, key=lambda s: (s.start, s.end))
            replaced = {(s.start, s.end) for s in inside}
            spans = [s for s in spans if (s.start, s.end) not in replaced] + [span]
        return spans

    def _title(self, doc: Doc, spans: list[Span]) -> list[Span]:
        title = original_text(doc)  # the title rule reads the capitals
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

    def _sentence(
        self, sentence: Span, spans: list[Span], regions: list[tuple[int, int, bool, bool]]
    ) -> list[Span]:
        inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
        doc = sentence.doc
        for start, end, bare, whole in regions:
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                end += 3  # "a Differentiable Radiative Rasterization (DRR)": the definition too
            # A mention starting inside the region counts: "Perturb-and-Revise" is parsed as the
            # object "Perturb" and a conjunct. A name followed by a citation is someone else's.
            described = doc[start].lower_ in ("a", "an")  # "a fast ODE solver" is no name
            coined = [
                s
                for s in inside
                if start <= s.start < end
                and not _cited(s)
                and (_coined(s, start, end, described) or (bare and not described))
            ]
            if (
                whole
                and coined
                and end - start <= MAX_TITLE_NAME_WORDS
                and not any(s.start == start and s.end == end for s in coined)
                and not any(t.tag_ == "NNS" for t in doc[start : min(s.start for s in coined)])
                # "the proposed model, Quillnet, ...": an apposition names the thing alone
                and not any(t.text in (",", ";") for t in doc[start:end])
            ):
                # ("our proposed units FooA and FooB": a plural before the names is no part of them)
                # "the introduced trace NTK": the name is the whole phrase, not "NTK" alone.
                spans = [s for s in spans if s not in coined]
                inside = [s for s in inside if s not in coined]
                coined = [_rule_span(sentence.doc, start, end, coined[0].label_)]
                spans.append(coined[0])
            if not coined:
                name = _new_name(sentence.doc, start, end, spans)
                if name is not None:
                    spans.append(name)
                continue
            first = min(coined, key=lambda s: (s.start, -s.end))
            for span in coined:
                # The name, its longer or shorter variants at the same place, and its
                # abbreviation right after it: "Universally MBC (UMBC)".
                if span.start == first.start or (
                    span._.kg_source == "abbreviation" and 0 < span.start - first.end <= 2
                ):
                    span._.kg_proposed = True
        return spans


def _spans_by_sentence(spans: list[Span], starts: list[int]) -> tuple[list[list[Span]], list[Span]]:
    """The spans that reach into each sentence (by the sentences' first tokens, ``starts``;
    a span across two is in both), and those before the first."""
    by_sentence: list[list[Span]] = [[] for _ in starts]
    outside = []
    for span in spans:
        first = bisect_right(starts, span.start) - 1
        if first < 0:
            outside.append(span)
            continue
        for number in range(first, bisect_right(starts, max(span.end - 1, span.start))):
            by_sentence[number].append(span)
    return by_sentence, outside


# (start, end, bare object of "we propose", the region is the whole name), in tokens
Region = tuple[int, int, bool, bool]


def _may_propose(sentence: Span) -> bool:
    """Whether ``_proposal_regions`` can find anything in this sentence once it is parsed:
    it has a proposal verb, and "we" (or "this paper") or a participle ("X is proposed",
    "our proposed X"); or "we extend X to QuillNet" (``_extended_to``). One pass over its
    words: most sentences have none of them."""
    verbs = [t for t in sentence if t.lower_ in _MAY_PROPOSE_FORMS]
    if not verbs:
        return False
    if any(t.tag_ in ("VBN", "VBD", "JJ") and t.lower_ in PROPOSAL_VERB_FORMS for t in verbs):
        return True
    return bool(_SUBJECTS.search(sentence.text))


def _without_entities(doc: Doc) -> tuple[Doc, list, Any]:
    """A copy of ``doc`` without its entities, with its token attributes (the array and its
    attributes, for ``Span.as_doc``): a sentence made a doc of its own copied the whole
    doc's attributes and entities each time, which made a text of many sentences take time
    of their square. The parser reads the words, not the entities."""
    head = [a for a in doc._get_array_attrs() if a not in _ENTITY_ATTRS]
    array: Any = doc.to_array(head)
    copy = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    copy.from_array(head, array)
    copy.tensor = doc.tensor
    return copy, head, array


def _sentence_doc(bare: tuple[Doc, list, Any], sentence: Span) -> Doc:
    """``sentence`` as a doc of its own, from its doc's copy without entities and that
    copy's attributes (``_without_entities``), read once for all its sentences."""
    copy, head, array = bare
    span: Any = copy[sentence.start : sentence.end]  # (spaCy's stubs lack as_doc's array)
    return span.as_doc(array_head=head, array=array)


_ENTITY_ATTRS = frozenset({ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID})
_EXTEND_FORMS = frozenset({"extend", "extends"})
_MAY_PROPOSE_FORMS = PROPOSAL_VERB_FORMS | _EXTEND_FORMS


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
                    start, end = _phrase_extent(obj)
                    regions.append((start, end, _bare(obj), False))
                    named = _what_a_kind_names(obj)
                    if named is not obj:  # "we develop the notion of X": X is named, made
                        regions.append((*_phrase_extent(named), True, False))
                    given = _name_after_colon(sentence, obj, end) or _name_for_short(
                        sentence, obj, end
                    )
                    if given is not None:
                        regions.append((*given, True, False))
            if token.lower_ not in OWN_WORK_PARTICIPLES or _prior_work_passive(token, sentence):
                continue  # ("systems are built": no proposal)
            for passive in (c for c in token.children if c.dep_ == "nsubjpass"):
                regions.append((*_phrase_extent(_what_a_kind_names(passive)), False, False))
        elif (
            token.dep_ in ("amod", "acl")
            and token.head.i > token.i
            and token.i > sentence.start
            and (
                (
                    token.lower_ in OWN_WORK_PARTICIPLES
                    and token.nbor(-1).lower_ in ("the", "this", "these")
                )
                or _own_participle(token)
            )
        ):
            # "the introduced trace NTK", "our proposed PassUntil"
            named = [token.head, *(c for c in token.head.children if c.dep_ == "appos")]
            regions.append((token.i + 1, max(_phrase_extent(t)[1] for t in named), False, True))
            # "our proposed units FooA and FooB": each further name its own region
            for member in _named_members(named[1:]):
                if member.dep_ == "conj":
                    regions.append((*_phrase_extent(member), False, True))
    return regions + _extended_to(sentence)


def _name_after_colon(sentence: Span, obj, end: int) -> tuple[int, int] | None:
    """ "we introduce a novel tuning method: Quill-offset Tuning.": the name a colon gives
    the object ``obj`` that ends at token ``end``, up to the next comma, verb or the
    sentence's end. The object must be a kind of made thing ("method", "dataset"; not "a
    surprising finding: X overfits") and the name open with a capital or a coined word (":
    a method that ..." names nothing)."""
    doc = sentence.doc
    if end + 1 >= sentence.end or doc[end].text != ":" or not _names_a_made_kind(obj):
        return None
    first = doc[end + 1]
    if not (first.text[:1].isupper() or _coined_word(first.text)) or first.lower_ in ("we", "it"):
        return None
    stop = end + 1
    while stop < sentence.end and not (
        (doc[stop].is_punct and doc[stop].text not in "-/")
        or (stop > end + 1 and doc[stop].pos_ in ("VERB", "AUX") and doc[stop].text.islower())
    ):
        stop += 1
    return (end + 1, stop) if stop - end - 1 <= MAX_TITLE_NAME_WORDS else None


def _name_for_short(sentence: Span, obj, end: int) -> tuple[int, int] | None:
    """ "we propose a new sorting method based on Zarn Folding, or ZAFO for short": the
    short name the sentence gives the object ``obj`` (whose phrase ends at token ``end``)
    right after the name it is based on, whose initials it spells. The object must be a
    kind of made thing; what it is inspired by, compared with or tested on is no part of
    it ("a new method and evaluate it on the Quill Benchmark, or QB for short")."""
    doc = sentence.doc
    if (
        not _names_a_made_kind(obj)
        or end + 2 >= sentence.end
        or (doc[end].lower_, doc[end + 1].lower_) not in _BUILT_ON
    ):
        return None
    for i in range(end + 2, sentence.end - 3):
        if doc[i].lower_ == "or" and doc[i - 1].text == ",":
            short = doc[i + 1].text
            words = doc[end + 2 : i - 1].text.split()
            # the initials, or the first of them ("Leave-One-Out K-Nearest-Neighbor", LOOK)
            spelled = spells_by_initials(words, short) or "".join(initials(words)).startswith(
                short.lower()
            )
            if (doc[i + 2].lower_, doc[i + 3].lower_) == ("for", "short") and spelled:
                return (i + 1, i + 2)
            return None
    return None


# What a made thing is built on: its name is the made thing's too.
_BUILT_ON = frozenset({("based", "on"), ("built", "on"), ("built", "upon"), ("grounded", "in")})


def _names_a_made_kind(head) -> bool:
    """Whether a noun names a kind of thing a paper makes: a method's, a dataset's or a
    metric's head ("method", "benchmark", "score")."""
    return HEAD_TYPES.get(singular(head.lower_)) in ("method", "dataset", "metric") or (
        singular(head.lower_) in GENERIC_NAMES
    )


_KIND_OF_WORDS = frozenset({"concept", "notion", "idea", "family", "class", "paradigm"})


def _what_a_kind_names(head):
    """ "X is proposed": X, or for "the concept of X is proposed" the X it names."""
    if head.lower_ in _KIND_OF_WORDS:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            for named in (c for c in prep.children if c.dep_ == "pobj"):
                return named
    return head


def _extended_to(sentence: Span) -> list[Region]:
    """ "we extend ResNet to QuillNet", "we extend our method to a personalized
    application, QuillFed": a coined name the paper's extension leads to (only a coined
    name counts: the region is not bare)."""
    regions: list[Region] = []
    for verb in sentence:
        if verb.lower_ not in _EXTEND_FORMS or verb.dep_ in ("amod", "acl"):
            continue
        if not any(c.dep_ == "nsubj" and _is_own_subject(c) for c in verb.children):
            continue  # "prior work, which extends X to Y": someone else's extension
        if any(c.dep_ in ("dobj", "obj") and c.lower_ in _STUDY_WORDS for c in verb.children):
            continue  # "we extend our evaluation to QuillBench": where it is tried, not made
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
            for target in (c for c in prep.children if c.dep_ == "pobj"):
                for named in [target, *_named_members([target])]:
                    if named.lower_ not in _DATA_WORDS:  # "to the QuillNet dataset": data
                        regions.append((*_phrase_extent(named), False, False))
    return regions


_STUDY_WORDS = frozenset(
    {"evaluation", "evaluations", "experiments", "experiment", "analysis", "analyses", "study"}
    | {"studies", "results", "comparison", "comparisons", "investigation", "work"}
)
_DATA_WORDS = frozenset(
    {"dataset", "datasets", "data", "benchmark", "benchmarks", "corpus", "corpora", "set", "sets"}
)


def _is_own_subject(subject) -> bool:
    """ "we", or "this paper" / "our work": the paper speaking of itself."""
    if subject.lower_ == "we":
        return True
    return subject.lower_ in ("paper", "work", "study", "article") and any(
        c.lower_ in ("this", "our") for c in subject.children
    )


def _prior_work_passive(verb, sentence: Span) -> bool:
    """ "X was proposed (Smith et al., 2014)", "X has been introduced": the past tense, without
    the paper speaking of itself, tells of prior work."""
    past = any(c.lower_ in ("was", "were", "been") for c in verb.children)
    return past and not _SELF_REFERENCE.search(sentence.text)


def _naming_regions(sentence: Span) -> list[Region]:
    """What follows "dubbed", "called", "which we call": a name, whatever its shape
    ("namely X-Gaussian"); no parse needed."""
    regions: list[Region] = []
    if not (
        _SELF_REFERENCE.search(sentence.text) or _PRESENT_PASSIVE_PROPOSAL.search(sentence.text)
    ):
        return regions  # "a recent variant called FooNet showed": prior work
    for token in sentence:
        we_name = (
            token.lower_ in ("call", "term", "dub", "name", "coin")
            and token.i > sentence.start
            and token.nbor(-1).lower_ == "we"
        ) or _we_refer_to_as(token, sentence)
        if not (token.lower_ in NAMING_WORDS or we_name) or _so_called(token):
            continue
        doc = sentence.doc
        # (what "which we call" names may be a long phrase back: "the best existing parsing
        # models, which we call FooPCFG" names earlier work for short)
        if _names_earlier_work(doc, token, sentence, we_name):
            continue  # "a recent variant called FooNet"
        first = token.i + 1  # the name starts at the first word: quotes or ":" skipped
        if (
            we_name
            and first < sentence.end
            and doc[first].lower_ in ("it", "them", "this", "these", "our")
        ):
            first += 1  # "we term this approach FooSkip", "we call it Foo"
            while (
                first < min(sentence.end, token.i + 4)
                and doc[first].pos_ == "NOUN"
                and not is_name_like(doc[first].text)
            ):
                first += 1
        while first < sentence.end and doc[first].is_punct:
            first += 1
        if (
            first < sentence.end
            and doc[first].pos_ == "DET"
            and not (we_name and first + 1 < sentence.end and doc[first + 1].is_quote)
        ):
            continue  # "a matrix called the FooMatrix": a known thing described
        if we_name and doc[first].pos_ == "DET":
            first += 2  # "we term this a 'Quill property'": the quoted words are the name
        if first >= sentence.end or first - token.i > 4:
            continue
        if token.lower_ == "namely" and (token.i == sentence.start or token.nbor(1).text == ","):
            continue  # "Namely, the ...": a sentence adverb
        if token.lower_ == "named" and sentence.doc[first].lower_ in ("entity", "entities"):
            continue  # "named entity recognition"
        regions.append((first, first + 1, True, False))
    return regions


# What marks a phrase as the paper's own, ending the look back for earlier work.
_OWN_MARKERS = frozenset({"our", "we", "new", "novel", "proposed"})


def _names_earlier_work(doc: Doc, token, sentence: Span, we_name: bool) -> bool:
    """Whether what ``token`` (a naming word) names is earlier work: a word of earlier work
    in the four words before it ("a recent variant called FooNet"); for "which we call", in
    the phrase the clause hangs on, back to an own word or a comma ("the best existing
    parsing models, which we call FooPCFG"; not "our new model, which we call FooNet")."""
    if not we_name:
        window = doc[max(sentence.start, token.i - 4) : token.i]
        return any(t.lower_ in PRIOR_WORK_WORDS for t in window)
    i = token.i - 1
    while i > sentence.start and doc[i].lower_ in ("we", "which", "that", ","):
        i -= 1  # back over ", which we" to the phrase
    for j in range(i, max(sentence.start, i - 8) - 1, -1):
        word = doc[j].lower_
        if word in _OWN_MARKERS or word == ",":
            return False
        if word in PRIOR_WORK_WORDS:
            return True
    return False


def _we_refer_to_as(token, sentence: Span) -> bool:
    """The "as" of "which we refer to as X", "we refer to this effect as X": what follows
    is the name the paper gives."""
    if token.lower_ != "as" or token.i == sentence.start or token.i + 1 >= sentence.end:
        return False
    if token.nbor(-1).lower_ in ("such", "well") or token.nbor(1).lower_ in ("well", "in"):
        return False  # "such as X", "as well as X": no name given
    # what is referred to may be long: "we refer to the modified X, which adds Y, as Z"
    words = [t.lower_ for t in sentence.doc[max(sentence.start, token.i - 16) : token.i]]
    if "refer" not in words:
        return False
    refer = len(words) - 1 - words[::-1].index("refer")
    return "we" in words[:refer] and words[refer + 1 : refer + 2] == ["to"]


_CITATION = re.compile(r"^\s*\((?:[^()]*\bet al\b|[^()]*\b(?:19|20)\d\d\b)[^()]*\)")


def _cited(span: Span) -> bool:
    """A name followed by a citation, "EF21 (Richtarik et al., 2021)", is prior work."""
    return bool(_CITATION.match(doc_text(span.doc)[span.end_char : span.end_char + 80]))


def _objects(verb) -> list:
    """What a proposal verb introduces: direct objects, and their conjuncts and appositions."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "attr", "oprd"):
            found.append(child)
        elif child.dep_ == "ccomp":  # misparse of "We propose FooNet, a network evaluated on X"
            found.extend(t for t in child.children if t.dep_ == "nsubj" and t.i > verb.i)
        elif child.dep_ == "dep" and child.pos_ == "PROPN" and child.i > verb.i:
            found.append(child)  # "We introduce for X Foo Bar (FB), which ...": a lost object
    # Conjuncts are proposed too; an apposition only when it is the name ("a model, FooNet"),
    # not a description ("FooNet, a convolutional network").
    return found + _named_members(found)


def _named_members(heads: Sequence) -> list:
    """The conjuncts of ``heads`` and their appositions that are names, and again theirs:
    "two new units: the Foo Unit (FU), ...; and the Bar Unit (BU)" gives both units."""
    members: list = []
    pending = list(heads)
    while pending:
        head = pending.pop()
        for t in head.children:
            if t not in members and (t.dep_ == "conj" or (t.dep_ == "appos" and t.pos_ == "PROPN")):
                members.append(t)
                pending.append(t)
    return members


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
    return (
        not any(c.dep_ == "det" or c.lower_ in ("a", "an") for c in head.children)
        and head.pos_ in ("NOUN", "PROPN")
        and singular(head.text) not in GENERIC_HEADS
    )


def _new_name(doc: Doc, start: int, end: int, spans: list[Span]) -> Span | None:
    """A coined word no rule found, heading a proposal: "We propose Perturb-and-Revise, which ..."."""
    words = [t for t in doc[start:end] if not t.is_punct]
    if len(words) != 1 or not (_coined_word(words[0].text) or "-" in words[0].text):
        return None
    grown = whole_words(doc[words[0].i : words[0].i + 1])
    if [(p.start, p.end) for p in repair_fragment(grown)] != [(grown.start, grown.end)]:
        return None  # a fragment, a formula, a LaTeX command ("named \Algo")
    if any(s.start < grown.end and grown.start < s.end for s in spans):
        return None  # (before making the span: its attributes are shared with a span at its place)
    span = _rule_span(doc, grown.start, grown.end, "method")
    span._.kg_proposed = True
    return span


def _rule_span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = Span(doc, start, end, label=label)
    span._.kg_source, span._.kg_score = "rule", SCORE_NAME
    return span


_COUNTED = re.compile(r"^\d+(\.\d+)?-?([a-z]+|[DKMBx])$")  # "1-bit", "2-layer", "3D", "7B"
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?(-[a-z]+)?$")  # "ODE", "LLMs", "LLM-based"


def _coined(span: Span, start: int = 0, end: int = 1 << 30, described: bool = False) -> bool:
    """Only names (or defined abbreviations) count as proposed, not generic phrases; only
    the words between ``start`` and ``end`` are looked at ("variants of approximate eNTK"
    is not a name because it ends in one). A count ("1-bit") is no name, and neither is an
    acronym of a field's term before a common noun after "a" (``described``: "a fast ODE
    solver", "a QE approach")."""
    if span._.kg_source == "abbreviation" or re.search(
        r"\(\s*[A-Za-z][\w-]*[A-Z][\w-]*\s*\)", span.text
    ):
        return True  # a definition: "a Foo-token centric compression (Ftcc) scheme"
    named = [
        t
        for t in span
        if start <= t.i < end and is_name_like(t.text) and not _COUNTED.match(t.text)
    ]
    if (
        described
        and named
        and span[-1].text.islower()
        and all(_ACRONYM.match(t.text) for t in named)
    ):
        return False
    return bool(named)
