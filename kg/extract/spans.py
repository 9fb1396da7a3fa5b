"""Span repair: where a candidate mention starts and ends.

Each function takes a spaCy span and returns it repaired (or nothing left of it):
``trim_span`` drops noise at a noun phrase's edges, ``repair_model_span`` fixes the trained
recogniser's boundaries, ``whole_words`` grows a span to whole words, ``without_derivation``
cuts "-based" and the like, ``split_coordinated_names`` splits "A and B", ``with_definition``
extends a span over its abbreviation ("hidden Markov models (HMMs)"), and
``repair_fragment`` repairs or drops spans cut at a hyphen, an ampersand, a slash or
inside brackets. Which of overlapping spans is kept is ``kg.extract.overlaps``' business.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..text.vocabulary import (
    DATASET_WORDS,
    LEADING_NOISE,
    MATH_WORDS,
    PRAISE_BEFORE_NAMES,
    PRONOUNS,
    TRAILING_NOISE,
)
from ..text.words import (
    CITATION_KEY,
    DEFINED_DOER_KINDS,
    DEFINED_MEASURE_KINDS,
    DEFINED_PART_KINDS,
    DERIVATION_SUFFIXES,
    KIND_WORDS,
    MEASURE_UNIT,
    NAME_PARAMETERS,
    TITLE_CASED_WORD,
    head_type,
    is_generic,
    is_name_like,
    singular,
)

_FINITE_VERB_TAGS = frozenset({"VBP", "VBZ", "VBD"})
_LEADING_PARTICIPLES = frozenset({"proposed", "introduced", "presented", "aforementioned"})
# Gerunds that open a clause acting on what follows ("addressing X", "mitigating X"): the
# thing is X; no name starts with one of them
_CLAUSE_GERUNDS = frozenset(
    {
        "addressing", "tackling", "solving", "handling", "overcoming", "mitigating",
        "alleviating", "improving", "enhancing", "achieving", "enabling", "ensuring",
        "reducing", "avoiding", "preventing", "leveraging", "exploiting", "using", "utilizing",
        "utilising", "providing", "studying", "investigating", "analyzing", "analysing",
        "exploring", "examining", "facilitating", "promoting",
    }
)  # fmt: skip
_EDGE_POS_START = frozenset({"DET", "PRON", "CCONJ", "ADP", "PUNCT", "SCONJ", "PART"})
_EDGE_POS_END = frozenset({"DET", "PRON", "CCONJ", "ADP", "PUNCT", "SCONJ", "PART", "AUX"})


_TEXT_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy joins the tokens anew on every access, and the
    repairs read the text around spans and tokens many times."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def original_text(doc: Doc) -> str:
    """The text a doc was made from before sentence-casing (titles) or LaTeX blanking, else
    its own text."""
    return doc._.kg_original or doc_text(doc)


def trim_span(span: Span) -> Span | None:
    """Drop determiners, pronouns, evaluative words and stray punctuation at the edges."""
    doc = span.doc
    start, end = span.start, span.end
    # A chunk never spans a parenthesis: keep the part before it.
    for token in span:
        if token.text in "()[]" and token.i > start:
            end = token.i
            break
    if any(t.pos_ == "CCONJ" for t in doc[start:end]):
        return None  # coordinations ("CIFAR-100 and ImageNet datasets") hold several entities
    while (
        start < end
        and not spelled_number_of_a_name(doc[start], end)  # "One Billion Word"
        and (
            doc[start].lower_ in LEADING_NOISE
            or (
                doc[start].text in PRAISE_BEFORE_NAMES
                and _capitalised(doc[min(start + 1, end - 1)])
            )
            or doc[start].is_punct
            or doc[start].pos_ in ("DET", "PRON", "NUM", "CCONJ", "ADP")
            or doc[start].lower_ in PRONOUNS
            or _multiplier_after_a_number(doc[start])
            or unit_after_a_number(doc[start])  # "16 GB memory": the number's unit
        )
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in TRAILING_NOISE
        or doc[end - 1].is_punct
        or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")
    ):
        end -= 1
    if start >= end:
        return None
    return _unless_lone_adjective(whole_words(doc[start:end]))


_CITATION_KEY = re.compile(rf"^{CITATION_KEY}$")


# Kind nouns of data a name of data may stand before ("the X dataset", "the X set", "the X
# challenge", "the X data set").
_DATA_KIND_WORDS = DATASET_WORDS | {
    "set", "sets", "data", "database", "databases", "challenge", "challenges", "split", "task",
}  # fmt: skip


def _name_goes_on_after(doc: Doc, start: int, end: int) -> int:
    """The end of a capitalised name of data that goes on past "in the", "in" or "of" in
    running text ("the Tagged Glyphs in the Dark dataset", "Common Quills in Context
    (CQC)"): the words before are two or more title-cased words, the words after one
    title-cased word (two after "in the") that end the run of capitals, and a kind noun of
    data or a parenthesis (its short form) follows; else the words after are a setting, a
    language or a tool ("Convolutional Networks in Keras", "... in English"). A title's
    capitals say nothing: there, ``end``."""
    if doc._.kg_field == "title" or end - start < 2:
        return end
    if not all(TITLE_CASED_WORD.match(t.text) for t in doc[start:end]):
        return end
    at = end
    if at < len(doc) and doc[at].lower_ in ("in", "of"):
        at += 1
    else:
        return end
    most = 1
    if at < len(doc) and doc[at - 1].lower_ == "in" and doc[at].lower_ == "the":
        at, most = at + 1, 2
    tail = at
    while (
        tail < len(doc)
        and tail - at < most
        and TITLE_CASED_WORD.match(doc[tail].text)
        and doc[tail].pos_ not in ("VERB", "AUX")
    ):
        tail += 1
    if tail == at or (tail < len(doc) and doc[tail].text[:1].isupper()):
        return end  # nothing capitalised after, or a longer run: another name
    if tail >= len(doc) or not (doc[tail].lower_ in _DATA_KIND_WORDS or doc[tail].text == "("):
        return end
    return tail


def spelled_number_of_a_name(token: Token, end: int) -> bool:
    """A number word capitalised mid-sentence before more capitalised words of the span:
    part of a name ("the Two Thousand Glyphs corpus"), not a count ("one model")."""
    return (
        token.like_num
        and token.text.isalpha()
        and token.doc._.kg_field != "title"  # a title's capitals say nothing
        and not token.is_sent_start
        and token.i + 1 < end
        and _capitalised(token)
        and _capitalised(token.doc[token.i + 1])
    )


def _capitals_go_on(token: Token) -> bool:
    """Whether a short word in capitals ("QZ") is the first of a name written in capitals
    whose next word the recogniser left out ("QZ GLYPHS"): the next word is capitals too,
    three letters or more, right after it (no mark between), and ends the phrase (in "QZ
    RBF kernel" it is a modifier of the noun after it)."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    after = doc[token.i + 2] if token.i + 2 < len(doc) else None
    return (
        following is not None
        and not (
            after is not None
            and after.pos_ == "NOUN"
            and after.is_lower
            and not _CITATION_KEY.match(after.text)  # "QZ GLYPHS zarnov2021glyph"
        )
        and bool(token.whitespace_)
        and 2 <= len(token.text) <= 4
        and token.text.isalpha()
        and token.text.isupper()
        and len(following.text) >= 3
        and following.text.isalpha()
        and following.text.isupper()
    )


def _multiplier_after_a_number(token: Token) -> bool:
    """ "fold" in "a 40 fold speed-up", "10 fold cross validation": how many times, no name."""
    return token.lower_ in ("fold", "-fold") and token.i > 0 and token.nbor(-1).like_num


def repair_model_span(span: Span) -> Span | None:
    """Boundary repair of a model entity: whole words, balanced parentheses, no dangling words.

    "Radiative Rasterization" inside "Differentiable-Radiative Rasterization" grows to the
    whole hyphenated word; "hidden Markov models (HMMs)" stays whole but "models (HMMs" is
    cut before the parenthesis; a span that starts or ends with a determiner, preposition,
    conjunction or punctuation loses it.
    """
    doc = span.doc
    start, end = span.start, span.end
    depth = 0
    for token in span:  # an unbalanced parenthesis ends (or starts) the span
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            depth -= 1
            if depth < 0:
                if token.i > start:
                    end = token.i
                    break
                start, depth = token.i + 1, 0
    if depth > 0:
        end = next(t.i for t in doc[start:end] if t.text in "([")
    while (
        start < end
        and (
            doc[start].pos_ in _EDGE_POS_START
            or doc[start].lower_ in PRONOUNS
            or doc[start].lower_ in _LEADING_PARTICIPLES
            # with two words or more after it: with one, the gerund may be a modifier
            # ("handling time", "reducing agent")
            or (doc[start].lower_ in _CLAUSE_GERUNDS and end - start > 2)
            or doc[start].tag_ in _FINITE_VERB_TAGS
            or _multiplier_after_a_number(doc[start])
            or unit_after_a_number(doc[start])  # "16 GB memory": the number's unit
        )
        and (not is_name_like(doc[start].text) or unit_after_a_number(doc[start]))
    ):
        start += 1  # "the", "introduced", "achieves" (accuracy); gerunds stay: "computing flow"
    while (
        end > start
        and doc[end - 1].pos_ in _EDGE_POS_END
        and not is_name_like(doc[end - 1].text)
        and doc[end - 1].text not in ")]"
    ):
        end -= 1
    if (
        doc._.kg_field == "title"
        and end - start > 2
        and doc[start].tag_ in ("VBG", "VB", "VBP")
        and (start == 0 or doc[start - 1].text == ":")
    ):
        start += 1  # "Improving Hyperparameter Learning", ": Distill Knowledge": the title's verb
    if end - start > 1 and _acts_on_what_follows(doc[end - 1]):
        end -= 1  # "data exhibiting higher angle concentration": a clause about the data
    for token in doc[start + 1 : end - 1]:
        if _verb_of_the_noun_before(token):
            end = token.i  # "backdoors cause models": a clause, its subject the name
            break
    start = _after_a_size(doc, start, end)
    if start >= end:
        return None
    while start > 0 and spelled_number_of_a_name(doc[start - 1], end):
        start -= 1  # "Thousand Glyphs" after "Two": the recogniser cut the name's number
    end = _name_goes_on_after(doc, start, end)
    if end - start == 1 and _capitals_go_on(doc[start]):
        end += 1  # "QZ" before "GLYPHS": the recogniser cut the name before its last word
    if _cut_before_its_noun(doc, end):
        end = _noun_phrase_end(doc, start, end) or end
    elif _suspended_before_a_coordination(doc, start, end) and _coordination_end(doc, end):
        return None  # the next conjunct keeps its own mention, which names its noun
    return _unless_lone_adjective(whole_words(doc[start:end]))


_PARAMETER_WORD = re.compile(r"^-?(parameters?|params?)$", re.IGNORECASE)
_MULTIPLIER = re.compile(r"^[KMBTkmbt]$")
_SIZE = re.compile(r"\d+(\.\d+)?[KMBTkmbt]")  # a model size: "60M", "1.3b" (not "3", "3D")
_MULTIPLIER_WORD = re.compile(r"^(thousand|million|billion|trillion)$", re.IGNORECASE)


def _after_a_size(doc: Doc, start: int, end: int) -> int:
    """Where a span starts once a model size before its name is cut off: "60M parameter
    encoder-decoder", "1.3B-parameter model" describe the encoder-decoder and the model by
    their size ("M" alone where the tokenizer split "60M"). A size that is not followed by
    a parameter word is left to the rules that drop numbers."""
    index = start
    if index < end and _SIZE.fullmatch(doc[index].text):
        index += 1  # "1.3B", "60M"
    elif (
        index < end
        and _MULTIPLIER.match(doc[index].text)
        and index > 0
        and not doc[index - 1].whitespace_
        and doc[index - 1].like_num
    ):
        index += 1  # "M" after "60": the tokenizer split "60M"
    elif index + 1 < end and doc[index].like_num and _MULTIPLIER_WORD.match(doc[index + 1].text):
        index += 2  # "7 billion"
    elif index < end and _MULTIPLIER_WORD.match(doc[index].text):
        index += 1  # "billion-parameter models"
    if index == start or index >= end:
        return start  # (not "3-parameter logistic model": a count of parameters names a model)
    if doc[index].text == "-" and index + 1 < end:
        index += 1
    if not _PARAMETER_WORD.match(doc[index].text):
        return start
    return index + 1


def _suspended_before_a_coordination(doc: Doc, start: int, end: int) -> bool:
    """Whether a span ends in an adjective that shares the noun of the next conjunct:
    "polynomial decaying spectral" in "... spectral and source conditions" is cut before
    the noun both adjectives describe, a fragment (grown over the coordination, it would be
    a list, no name)."""
    if end + 1 >= len(doc) or end - start < 2:
        return False
    last = doc[end - 1]
    return (
        last.tag_ == "JJ"
        and not is_name_like(last.text)
        and not last.text[:1].isupper()  # "Whisper Large and X-base encoders": a name's size
        and not is_name_like(doc[end - 2].text)
        and not _NOUN_SUFFIX.search(last.text)  # a noun the tagger misreads: "image fitting"
        and doc[end].lower_ in ("and", "or")
        and doc[end + 1].tag_ in _NOUN_PHRASE_TAGS
    )


def _coordination_end(doc: Doc, end: int) -> int | None:
    """The end of the noun phrase after the coordinator at ``end`` ("and source
    conditions"), within ``_MAX_NOUN_PHRASE_REST`` words, or None where it ends in no noun
    or is a noun alone ("spectral and conditions" shares no head)."""
    last_noun = None
    for index in range(end + 1, min(end + 1 + _MAX_NOUN_PHRASE_REST, len(doc))):
        token = doc[index]
        if token.is_sent_start or token.tag_ not in _NOUN_PHRASE_TAGS:
            break
        if token.tag_ in _NOUN_TAGS:
            last_noun = index + 1
    return last_noun if last_noun is not None and last_noun > end + 2 else None


# Tags of the words a noun phrase goes on with after an adjective: more modifiers, its nouns.
_NOUN_PHRASE_TAGS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "VBG", "HYPH"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# How many words a span cut before its noun may grow by: a noun phrase's rest, no clause.
_MAX_NOUN_PHRASE_REST = 4


def _cut_before_its_noun(doc: Doc, end: int) -> bool:
    """Whether a span ending at ``end`` ends in an adjective that the next word's noun phrase
    goes on from ("estimation of glyph-free [quill sampling]", "Zarn-efficient [fine-
    tuning]"): no English name ends in an attributive adjective, so the recogniser cut it
    before its noun. A predicate ("is Lipschitz continuous, and") is followed by no noun."""
    if end >= len(doc) or end == 0:
        return False
    last, following = doc[end - 1], doc[end]
    return (
        last.tag_ == "JJ"
        and not is_name_like(last.text)
        and not following.is_punct
        and (
            following.tag_ in _NOUN_PHRASE_TAGS
            # a hyphenated word the tagger splits ("fine-tuning": "fine" read as an adverb)
            or _hyphen_after(doc, end)
        )
    )


def _hyphen_after(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is joined by a hyphen to the next ("fine" in "fine-tuning")."""
    return not doc[index].whitespace_ and index + 1 < len(doc) and doc[index + 1].text == "-"


def _noun_phrase_end(doc: Doc, start: int, end: int) -> int | None:
    """Where the noun phrase that goes on after the span ``start:end`` ends, or None.

    Two ways, neither for a span of coordinated adjectives ("fast and tiny", which describe
    whatever follows): the end of the recogniser's entity that starts right after it, unless
    that entity is a name ("the parameter-efficient Zarn" describes Zarn) or a generic word
    ("models"); else, if a word of the span before the adjective is a noun ("estimation of
    glyph-free"; not "memory-efficient" alone, "a memory-efficient manner": an adjective's
    own noun describes), the last noun of the words after it, up to
    ``_MAX_NOUN_PHRASE_REST`` of them, or the end of a plain entity among them (its head),
    stopping at a name or a clause ("training using X")."""
    if any(token.tag_ == "CC" for token in doc[start:end]):
        return None
    entity_starts = {entity.start: entity for entity in doc.ents}
    following = entity_starts.get(end)
    if following is not None:
        return following.end if _plain_entity(following) else None
    last_word = _word_start(doc, start, end)  # the adjective's whole word: "glyph-free"
    if not any(token.tag_ in _NOUN_TAGS for token in doc[start:last_word]):
        return None
    last_noun = None
    index, words = end, 0
    while index < len(doc):
        token = doc[index]
        if token.is_sent_start or (token.is_punct and token.text != "-"):
            break
        glued = index > end and not doc[index - 1].whitespace_
        if not glued:
            words += 1
            if words > _MAX_NOUN_PHRASE_REST:
                return None  # no end within reach: a noun phrase's rest is shorter
            if index > end and index in entity_starts:
                other = entity_starts[index]
                return other.end if _plain_entity(other) else None  # its head, or a name
        inside_a_word = glued or _hyphen_after(doc, index)
        if not (token.tag_ in _NOUN_PHRASE_TAGS or inside_a_word) or (
            token.tag_ == "VBG" and not inside_a_word
        ):
            break  # "training using X": a clause, not the phrase
        if token.tag_ in _NOUN_TAGS or (inside_a_word and token.tag_ == "VBG"):
            last_noun = index + 1
        index += 1
    return last_noun


def _word_start(doc: Doc, start: int, end: int) -> int:
    """The first token of the whole word (tokens with no space between them) that the span
    ``start:end`` ends in, not before ``start``: "glyph-free" is three tokens."""
    word_start = end - 1
    while word_start > start and not doc[word_start - 1].whitespace_:
        word_start -= 1
    return word_start


def _plain_entity(entity: Span) -> bool:
    """A recogniser's entity in plain words, a head an adjective before it may belong to:
    no generic word ("models") and no name ("Zarn", a capital not opening its sentence)."""
    return entity.label_ != "Generic" and not any(
        is_name_like(t.text) or (t.text[:1].isupper() and not t.is_sent_start) for t in entity
    )


def _verb_of_the_noun_before(token: Token) -> bool:
    """A present-tense verb that agrees with the noun before it ("backdoors cause", "the
    sampler supports"): the noun is a clause's subject. Where they do not agree ("2-body
    pose forecasting": "pose" after a singular noun) the tag misreads a noun."""
    before = token.doc[token.i - 1].tag_
    return not is_name_like(token.text) and (
        (token.tag_ == "VBP" and before in ("NNS", "NNPS"))
        or (token.tag_ == "VBZ" and before in ("NN", "NNP"))
    )


# Tags that open a complement: "exhibiting [higher ...]", "covering [the ...]".
_COMPLEMENT_OPENING_TAGS = frozenset({"DT", "JJR", "JJS", "RBR", "PRP$", "CD", "PDT"})


def _acts_on_what_follows(token: Token) -> bool:
    """A participle ending a span (``token``) after a noun, whose complement follows: it
    belongs to a clause about the noun, not to a name ("data exhibiting [higher angle
    concentration]", "models trained [on ...]"). The fast pipeline has no parser, so the tags
    tell: a participle before a determiner, a comparative or a preposition. (A base-form verb
    opening a span, "and ease estimation", is no safer sign: the small tagger gives VB to
    many noun modifiers, "code optimization", "search distribution".)"""
    doc = token.doc
    if is_name_like(token.text) or token.text[:1].isupper() or token.i + 1 >= len(doc):
        return False
    if token.i == 0 or not doc[token.i - 1].tag_.startswith("NN"):
        return False
    following = doc[token.i + 1]
    if token.tag_ == "VBG":
        return following.tag_ in _COMPLEMENT_OPENING_TAGS
    return token.tag_ == "VBN" and following.lower_ in ("on", "with", "by", "from", "using")


def _unless_lone_adjective(span: Span) -> Span | None:
    """None for one word that is an adjective ("unsupervised", "information-theoretic"), or
    for adjectives alone ("discrete and continuous", "infinite dimensional"): they describe
    an entity, they name none. A coined word ("Bayesian", "ReLU-like") stays."""
    if (
        span[-1].tag_ in _ADJECTIVE_TAGS
        and (
            len(span.text.split()) == 1
            or (
                all(t.tag_ in _ADJECTIVE_TAGS or t.pos_ in ("CCONJ", "PUNCT", "ADV") for t in span)
                and not _NOUN_SUFFIX.search(span[-1].text)  # "post-hoc unlearning": a noun
            )
        )
        and not any(is_name_like(t.text) or t.text[:1].isupper() for t in span)
    ):
        return None
    return span


_ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})
_NOUN_SUFFIX = re.compile(
    r"(ness|ity|ities|ing|tion|sion|ment|ance|ence|ropy|logy|ism)$", re.IGNORECASE
)


def whole_words(span: Span) -> Span:
    """Grow a span to whole whitespace-delimited words ("Radiative" -> "Differentiable-Radiative")."""
    doc = span.doc
    start, end = span.start, span.end
    while (
        start > 0
        and not doc[start - 1].whitespace_
        and doc[start - 1].text not in "([\"'"
        and (doc[start - 1].text == "-" or doc[start].text == "-")
    ):
        start -= 1
    while (
        end < len(doc)
        and not doc[end - 1].whitespace_
        and doc[end].text not in ")],;:.\"'"
        and (doc[end].text == "-" or doc[end - 1].text == "-")
    ):
        end += 1
    if end < len(doc) and end > start and _version_plus(doc[end]):
        end += 1
    return doc[start : _closed_argument_end(doc, start, end)]


# How long the argument a name takes in brackets written against it may be: "TD(λ)",
# "ARIMA(p,d,q)", "GARCH(1,1)", not a clause.
_MAX_GLUED_ARGUMENT = 12


def _closed_argument_end(doc: Doc, start: int, end: int) -> int:
    """``end``, or past the closing bracket of an argument written against the name the
    span ends in ("TD(λ)", "Zarn(p,q)", "QuillGD(\\lambda)"): the tokenizer leaves "TD(λ" a
    token and ")" another, so the name would be cut inside its brackets."""
    word = "".join(t.text for t in doc[_word_start(doc, start, end) : end])
    opened = word.find("(")
    if opened < 0:
        return end
    name = word[:opened]
    if (
        sum(ch.isalpha() for ch in name) < 2  # "f(x)": a function of x, no name
        or not (is_name_like(name) or name[:1].isupper())
        or name.lower() in MATH_WORDS  # "Omega(1)", "Sigma(2)": a bound or a symbol
        or word.count("(") != word.count(")") + 1
    ):
        return end
    index = end
    # the argument's tokens, glued to each other or spaced after a comma ("GARCH(1, 1)")
    while index < len(doc) and (not doc[index - 1].whitespace_ or doc[index - 1].text == ","):
        word += doc[index].text
        index += 1
        if doc[index - 1].text == ")":
            return index if _GLUED_ARGUMENT.search(word) else end
        if len(word) - opened > _MAX_GLUED_ARGUMENT + 2:
            break
    return end


_VERB_TAGS_AFTER_A_NAME = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _version_plus(token: Token) -> bool:
    """A "+" or "++" that ends the name before it ("ZarnID3+", or "ZarnID3 +" in text
    split into tokens): an improved version, its own entity. The tokenizer splits a plus
    after a digit. Written against the name with a space or a mark after it, it is one
    ("ZarnID3+ and X"); spaced, it is no operator when what follows is punctuation, a verb
    or an adverb ("ZarnID3 + achieves", "(ZarnID3 +)"), never the other operand ("A + B")."""
    doc = token.doc
    if token.text not in ("+", "++") or not is_name_like(doc[token.i - 1].text):
        return False
    if token.i + 1 == len(doc):
        return True
    following = doc[token.i + 1]
    if not doc[token.i - 1].whitespace_ and (token.whitespace_ or following.is_punct):
        return True
    return (
        (following.is_punct and following.text not in "([-/")
        or following.tag_ in _VERB_TAGS_AFTER_A_NAME
        or (following.pos_ == "ADV" and following.is_lower)
    )


def without_derivation(span: Span) -> Span:
    """ "Transformer-based" -> "Transformer"; other spans unchanged."""
    if len(span) >= 3 and span[-2].text == "-" and span[-1].lower_ in DERIVATION_SUFFIXES:
        return span[:-2]
    return span


def split_coordinated_names(span: Span) -> list[Span]:
    """ "CIFAR10-C and ImageNet-R" -> two spans, when every conjunct holds a coined name, and
    "content comprehension and document parsing" or "precision and recall" too, when every
    conjunct's head word gives it the same type; other coordinations ("acoustic, n-gram,
    and parser probabilities") stay whole."""
    parts, start = [], span.start
    for token in span:
        if token.pos_ == "CCONJ" or token.text in (",", ";"):
            parts.append((start, token.i))
            start = token.i + 1
    parts.append((start, span.end))
    pieces = [span.doc[a:b] for a, b in parts if a < b]
    if len(pieces) < 2:
        return [span]
    if all(any(is_name_like(t.text) for t in piece) for piece in pieces):
        return pieces
    head_types = {
        head_type([t.text for t in piece if not t.is_punct] or [piece.text]) for piece in pieces
    }
    if len(head_types) == 1 and head_types <= {"task", "metric", "method"}:
        return pieces
    return [span]


def definition_ends(doc: Doc) -> dict[int, tuple[int, int]]:
    """For each abbreviation definition, where its first half ends -> where the whole ends.

    "hidden Markov models (HMMs)" and "KDS (Knowledge Delivery System)" are one mention
    each: a span ending with the first half is extended over the parenthesis.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A doc that ``kg_abbreviations`` has read (``doc._.kg_abbreviations``).

    Returns
    -------
    dict of int to (int, int)
        Character offset where a definition's first half ends -> (where that first half
        starts, the character offset just after the closing parenthesis); for
        ``with_definition``.
    """
    ends = {}
    definitions = getattr(doc._, "kg_abbreviations", [])
    text = doc_text(doc) if definitions else ""
    for long_start, long_end, short_start, short_end in definitions:
        first_start, first_end, inner_end = (
            (long_start, long_end, short_end)
            if long_start < short_start
            else (short_start, short_end, long_end)
        )
        closing = text.find(")", inner_end)
        if closing != -1 and not text[inner_end:closing].strip():
            ends[first_end] = (first_start, closing + 1)
    return ends


def with_definition(span: Span, definitions: dict[int, tuple[int, int]]) -> Span:
    """``span`` extended over the parenthesis of the abbreviation definition it starts.

    Only a span that holds the whole first half is: "human feedback" in "learning from
    human feedback (RLHF)" names a part of what the short form stands for, not all of it.

    Parameters
    ----------
    span : spacy.tokens.Span
        A mention, e.g. "hidden Markov models" in "hidden Markov models (HMMs)".
    definitions : dict of int to (int, int)
        ``definition_ends(span.doc)``.

    Returns
    -------
    spacy.tokens.Span
        "hidden Markov models (HMMs)" when ``span`` ends where a definition's first half
        ends and starts where it starts or before (lower-case words before a capitalised
        first half are left out); ``span`` itself otherwise.
    """
    first_start, end = definitions.get(span.end_char, (-1, None))
    if end is None:  # a span that holds the parenthesis already
        first_start, end = next(
            ((f, e) for f, e in definitions.values() if e == span.end_char), (-1, None)
        )
    if end is None or span.start_char > first_start:
        return span
    start = span.start_char
    text = doc_text(span.doc)
    if text[first_start].isupper() and not any(ch.isupper() for ch in text[start:first_start]):
        # "for glyph sorting Quill Folding (QF)": the capitalised long form is the name, the
        # lower-case words the recogniser took in before it are not.
        start = first_start
    return span.doc.char_span(start, end, label=span.label_, alignment_mode="expand") or span


def with_kind_after_definition(span: Span, definitions: dict[int, tuple[int, int]]) -> Span:
    """``span`` grown over the kind noun right after the abbreviation definition it ends
    with: "Zarn random field (ZRF) models", "the Quill Norm (QN) scores".

    The field's annotation (SciERC) takes the kind noun in, and relations are stated
    between whole spans; the linker names the entity without it where it is no part of the
    name (``kg.link.name_end_before_kind``).
    Not a noun that goes on ("(ZRF) model parameters": a thing of the model), nor one that
    does what a task's long form names ("glyph sorting (GS) systems", which the linker
    would name so, where the task itself is named).

    Parameters
    ----------
    span : spacy.tokens.Span
        A mention ending with a definition's closing parenthesis.
    definitions : dict of int to (int, int)
        ``definition_ends(span.doc)``.

    Returns
    -------
    spacy.tokens.Span
        ``span`` and the kind noun after it, or ``span`` itself.
    """
    doc = span.doc
    first_half = next(
        (
            (start, half_end)
            for half_end, (start, end) in definitions.items()
            if end == span.end_char
        ),
        None,
    )
    if first_half is None or span.end >= len(doc):
        return span
    kind = doc[span.end]
    if kind.tag_ not in ("NN", "NNS") or (
        span.end + 1 < len(doc)
        # "(ZRF) model parameters", "(ZRF) models' parameters", "(ZRF) model-based"
        and (doc[span.end + 1].tag_ in (*_NOUN_TAGS, "POS") or _hyphen_after(doc, span.end))
    ):
        return span
    one = singular(kind.text.lower())
    if one not in KIND_WORDS | DEFINED_PART_KINDS | DEFINED_MEASURE_KINDS | DEFINED_DOER_KINDS:
        return span
    long_words = doc_text(doc)[first_half[0] : first_half[1]].split()
    if (one in KIND_WORDS or one in DEFINED_DOER_KINDS) and head_type(long_words) == "task":
        return span
    return doc[span.start : span.end + 1]


# --- fragments: spans cut at a hyphen, an ampersand, a slash or inside brackets ----------

_DASHES = frozenset({"-", "--", "–", "—"})
# A number, a size or a range of them, maybe signed: "7B", "0.1B-1.2B", "+3", ">0", "~10k".
_QUANTITY = re.compile(
    rf"^[~≈<>≤≥±+\-]?\d[\d.,]*\s*(?:[KMBTkmb%x]|{MEASURE_UNIT})?"
    r"(\s*[-–]\s*[\d.,]+\s*[KMBTkmb%x]?)?$"
)
_UNIT = re.compile(MEASURE_UNIT)


def unit_after_a_number(token: Token) -> bool:
    """A unit written after its number ("16 GB", "16GB" split, "2.1 dB." ending a
    sentence): no name."""
    return (
        token.i > 0
        and token.doc[token.i - 1].like_num
        and bool(_UNIT.fullmatch(token.text.rstrip(".,;:")))
    )


_SIGNED_NUMBER = re.compile(r"^[~≈<>≤≥±+]\d")
_RELATION = re.compile(r"[=<>≤≥|]|\\[A-Za-z]")  # a relation or a LaTeX command
_GLUED_ARGUMENT = re.compile(NAME_PARAMETERS + "$")
_CITATION_AFTER = re.compile(r"^\s*(\(\s*(19|20)\d\d|,\s*(19|20)\d\d|et al\b)")


def _capitalised(token: Token) -> bool:
    """Capitalised as written (a title's original capitals, not its sentence case)."""
    text = original_text(token.doc)
    return text[token.idx : token.idx + 1].isupper() or is_name_like(token.text)


def _math_word(word: str) -> bool:
    """A variable or a formula: "epsilon^2", "f_theta", "R^{d}", "x"; not "BERT_BASE" (a
    capitalised name before the underscore) nor "l_2-regularization" (a word after a hyphen)."""
    if any(
        len(part) > 2 and part.isalpha() and part.lower() not in MATH_WORDS
        for part in word.split("-")[1:]
    ):
        return False
    bare = word.strip("()[],.;:")
    if re.search(r"[\^{}\\]", bare) or bare in MATH_WORDS or (len(bare) == 1 and bare.isalpha()):
        return True
    head, underscore, _ = bare.partition("_")
    return bool(underscore) and (len(head) <= 1 or head in MATH_WORDS or not head.isupper())


def repair_fragment(span: Span) -> list[Span]:
    """The names a candidate span stands for, once repaired: cut at a dash between spaces
    ("FooNet - a method"); grown over "&" to the capitalised name around it ("Alpha &
    Omega"), over an ordinary word joined by "/" before it ("zero/few-shot forecasting"),
    and over a suspended hyphen to a capitalised partner ("AB- and CD-buffers"). Nothing
    is left of a number, size or symbol ("7B", "+3 subphases"), a formula ("f(x)=x",
    "epsilon^2"), a span cut inside brackets or braces, an author pair before a year, or a
    fragment at a hyphen that no capitalised neighbour completes ("train-")."""
    doc = span.doc
    pieces, start = [], span.start
    for token in span:
        if (
            token.text in _DASHES
            and token.i > span.start
            and doc[token.i - 1].whitespace_
            and token.whitespace_
        ):
            pieces.append((start, token.i))
            start = token.i + 1
    pieces.append((start, span.end))
    repaired = []
    for start, end in pieces:
        while (
            len(pieces) > 1
            and start < end
            and doc[start].pos_ in ("DET", "ADP", "CCONJ", "PUNCT")
            and doc[start].text not in ("(", "[", "-")
            and doc[start].whitespace_
        ):
            start += 1  # ("FooNet - a method": "a" goes with the cut)
        while (
            len(pieces) > 1
            and end > start
            and doc[end - 1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT")
            and doc[end - 1].text not in (")", "]", "-")
        ):
            end -= 1
        if start < end:
            piece = _repair_piece(doc[start:end])
            if piece is not None and not (len(pieces) > 1 and is_generic([t.text for t in piece])):
                repaired.append(piece)  # ("FooNet - a method": "method" names nothing)
    return repaired


def _repair_piece(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and re.match(r"^\\[A-Za-z]+$", doc[start].text):
        start += 1  # a LaTeX command left before words: "\em finite sample"
    while end > start and re.match(r"^\\[A-Za-z]+$", doc[end - 1].text):
        end -= 1
    if start >= end:
        return None
    # "Alpha & Omega": the capitalised words on both sides of an ampersand are one name.
    if (
        end + 1 < len(doc)
        and doc[end].text == "&"
        and _capitalised(doc[end - 1])
        and _capitalised(doc[end + 1])
    ):
        end += 2
        while (
            end < len(doc)
            and _capitalised(doc[end])
            and doc[end].pos_ in ("PROPN", "NOUN", "ADJ")
            and doc[end - 1].text != ")"
        ):
            end += 1
        run = end - 3
        while run > start and _capitalised(doc[run - 1]):
            run -= 1
        start = max(start, run)  # "outdoor Alpha & Omega" -> "Alpha & Omega"
        end = whole_words(doc[start:end]).end
    if (
        start >= 2
        and doc[start - 1].text == "&"
        and _capitalised(doc[start])
        and _capitalised(doc[start - 2])
    ):
        start -= 2
        while (
            start > 0
            and _capitalised(doc[start - 1])
            and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            start -= 1
    # "zero/few-shot forecasting": the ordinary word before a slash modifies the same head.
    if (
        start >= 2
        and doc[start - 1].text == "/"
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
        and doc[start - 2].is_alpha
        and not is_name_like(doc[start - 2].text)
    ):
        start -= 2
    # "AB- and CD-buffers": a suspended hyphen; "train- and test-time": a fragment.
    if doc[end - 1].text.endswith("-"):
        partner = end + 1
        if (
            partner < len(doc)
            and doc[end].lower_ in ("and", "or", "to")
            and _capitalised(doc[partner])
        ):
            end = whole_words(doc[partner : partner + 1]).end
        else:
            return None
    if doc[start].text in _DASHES or (doc[start].text.startswith("-") and len(doc[start].text) > 1):
        return None  # a minus sign or an option: "-Omega", "-Oz"
    span = doc[start:end]
    # a name's parameters in brackets ("QuillGD(\lambda)") are checked as the name alone
    text = _GLUED_ARGUMENT.sub("", span.text)
    words = text.split()
    if text[:1] in "/\\" or text[-1:] in "/\\":
        return None
    if (
        not any(ch.isalpha() for ch in text)
        or _QUANTITY.match(text)
        or any(_SIGNED_NUMBER.match(w) for w in words)
    ):
        return None  # "7B", "0.1B-1.2B", "+3 subphases", "average +0.2 gain"
    if _RELATION.search(text) or all(_math_word(w) for w in words):
        return None  # "f(x)=x", "a(x)>0", "epsilon^2", "mathbb R^d"
    if text.count("{") != text.count("}") or text.count("[") != text.count("]"):
        # cut inside a group: "minimum width w_{min" keeps its words, "R^{d_y" is nothing
        while start < end and (
            _math_word(doc[start].text) or doc[start].text in ("[", "]", "{", "}")
        ):
            start += 1
        while end > start and (
            _math_word(doc[end - 1].text) or doc[end - 1].text in ("[", "]", "{", "}")
        ):
            end -= 1
        span = doc[start:end]
        if start >= end or re.search(r"[{}\[\]]", span.text):
            return None
    if "&" in text and _CITATION_AFTER.match(doc_text(doc)[span.end_char : span.end_char + 12]):
        return None  # "Smith & Jones (2019)": authors
    return span
