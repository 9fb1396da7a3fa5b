"""Linker: merge surface variants into canonical entities and connect them to papers.

Merge rules, applied to every mention:

1. lexicon aliases map to their canonical name ("Transformers" -> "Transformer");
2. an abbreviation maps to its long form when defined in the same paper, or, if it is
   used bare, when the corpus defines it one way only ("NC" defined two ways stays "NC")
   and, for two letters or fewer, something corroborates that sense in the paper;
3. otherwise the normalised text is the key: case-folded, hyphens, spaces and quotes
   dropped, leading determiners / evaluative words removed, last word singularised.

Digits are kept, so "GPT-3" != "GPT-4" and "ResNet-50" != "ResNet-18".

Mentions of a lone word that says nothing by itself ("Code", "training", "parameters")
stay in the extraction's output but make no entity: they would only be hubs of noise.

Umbrella terms ("neural networks", "deep learning", "large language models"; the list is
``kg/data/umbrella_terms.txt``) are kept and typed but marked ``generic``, and rankings
leave them out by default. ``broader`` relations (``skos:broader``) join a name to the
nearest entity of its type that its last words name: "deep neural networks" ->
"neural networks", "image classification" -> "classification".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from ..rdf.terms import BROADER, PROPOSES
from ..records import (
    ENTITY_TYPES,
    Abbreviation,
    Entity,
    LinkedMention,
    LinkedResult,
    LinkResult,
    Mention,
    Paper,
    PaperExtraction,
    Relation,
    Result,
    SentenceRelation,
    mention_order,
    result_order,
)
from ..text.lexicon import load_lexicon
from ..text.vocabulary import (
    DATASET_WORDS,
    LEADING_NOISE,
    LEARNING_SETTINGS,
    METRIC_PHRASE_HEADS,
    NOT_DATASETS,
    NOT_METHODS,
    PRAISE_BEFORE_NAMES,
    PRONOUNS,
    SINGLE_WORD_NOISE,
)
from ..text.words import (
    ACTIVITY_HEAD,
    CITATION_KEY,
    DEFINED_DOER_KINDS,
    DEFINED_MEASURE_KINDS,
    DEFINED_PART_KINDS,
    DERIVATION_SUFFIXES,
    DESCRIBING_ENDING,
    KIND_WORDS,
    NAME_PARAMETERS,
    cut_from_a_quantity,
    graded_by_a_parameter,
    head_type,
    is_counted_unit,
    is_name_like,
    is_short_form,
    names_a_number_format,
    names_a_studied_system,
    singular,
    spells_by_initials,
)
from .curation import Curation, apply_curation, retyped
from .relate import (
    ESTABLISHED_PAPERS,
    MADE_THING_KINDS,
    RoleMemo,
    bounds_not_tools,
    evaluations_typed,
    kinds_not_peers,
    paper_roles,
    reads_as_name,
    stated_relations,
)
from .resolve import (
    ADVERB_OF_MANNER,
    COMMON_WORD_ZIPF,
    GENERIC_BELOW,
    KIND_VOTE,
    MIN_UNMEASURED_READ,
    YEAR,
    KindEvidence,
    WordStatistics,
    decide_type,
    differ_in_version,
    english_zipf,
    is_a_kind_alone,
    is_adjective_compound,
    kind_noun_type,
    kinds,
    known_zipf,
    names_a_happening,
    names_a_split,
    opens_sentence,
    slash_versions,
    specificity,
    subset_base,
    task_on_a_thing,
    version_base,
)
from .role_model import RoleModel

# A word ending in "s" stays whole when it is this much more frequent in English (Zipf) than
# the word without the "s" ("bias" 4.2 against "bia" 2.8).
SINGULAR_KEEPS_S = 1.3
# Longer names are clauses (of a title, mostly), not names of datasets.
MAX_NAME_WORDS = 6
# The most words of a name's tail looked up as its broader entity ("neural networks" of
# "deep neural networks").
MAX_BROADER_WORDS = 12
# A bare abbreviation takes the corpus-wide long form only if this share of its
# definitions agree.
UNAMBIGUOUS_SHARE = 0.75
# A short form this long or shorter takes another paper's long form only with corroboration
# (``corroborated_expansions``): a second paper defining it so, or a name the papers share.
MAX_AMBIGUOUS_SHORT = 2
MIN_SENSE_DEFINERS = 2
# A long form's last word this rare in English (Zipf) corroborates its sense where a paper
# writes it ("distillation" 2.6 does; "learning" 4.9 is in every abstract).
RARE_HEAD_ZIPF = 3.5
_WORD = re.compile(r"[^\W\d_]+")
# How strongly, against a concept, the recognisers must read a task-headed name as a task
# for it to be one (``_task_read_as_concept``).
TASK_READ_SHARE = 0.5
# How many mentions of X, read as something other than a method, keep "X models" apart
# from it (``merge_kind_variants``): one reading may be the recogniser's slip.
MIN_READ_AS_OTHER = 2
_DROP = re.compile(r"[^\w+#@]|_", re.UNICODE)
# Leading words dropped for merging: determiners and praise, not modifiers that make a kind
# of a thing ("wide X" is not X).
_DROPPED_LEADING = LEADING_NOISE - kinds().content_modifiers
# Merge keys of the words that make no entity alone ("data", "model").
_NOISE_KEYS = frozenset(_DROP.sub("", word) for word in SINGLE_WORD_NOISE)
# Not a name: markup or formula characters, or no run of two letters besides a letter with
# digits ("F1", "T5"); sizes such as "7B" are not names either.
_FORMULA = re.compile(
    r"[~<>=\\{}|]|^[+\-*/]|\s[+\-]\d|\s-[a-z]|^\d[\d.,]*\s*([x×](?!\s*\d)|%|times\b|sim\d)"
    r"|(?<![A-Za-z])\^|\^(?!\d\b)"  # a caret is a formula's, except a letter's power: "R^2"
)
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")
_ROMAN_NUMERAL = re.compile(r"(?=[IVX]{2,})X{0,3}(IX|IV|V?I{0,3})")
_LETTER_DIGITS = re.compile(r"^[^\W\d_]\d+$")
_CITATION_KEY = re.compile(rf"^{CITATION_KEY}$")
# A version number right after a name: " 3", "-2", " 3.1", " v2", " 7B"; not followed by a
# word that makes it a count ("3 times", "2 layers") or by more digits.
_NOT_A_COUNT = (
    r"(?![\w%×]|\.\d|\s*[x×]\b|\s+(?:times|of|out|percent|points?|layers?|epochs?|steps?|"
    r"tokens?|parameters?|billion|million|thousand|hours?|days?|GPUs?|seconds?|minutes?|bits?)\b"
    r"|(?<!\d[BbMm])\s+[a-z]+s\b)"
)
_VERSION_AFTER = re.compile(
    r"[ -]((?:v?\d{1,2}(?:\.\d{1,2})?(?:[ -]\d{1,3}(?:\.\d)?[BbMm])?|\d{1,3}(?:\.\d)?[BbMm]))"
    + _NOT_A_COUNT
)  # a lower-case plural after a bare number makes it a count ("X 10 classes"); after a
# size it is the sentence's verb or the size's models ("X 34B achieves", "X 7B models")
_PLUS_AFTER = re.compile(r"\+{1,2}(?![\w+])")
# A year right after a dataset's name: its edition, not a count ("X 2000 images").
_YEAR_AFTER = re.compile(rf"[ -]({YEAR}){_NOT_A_COUNT}")
_QUOTES = "\"'`“”‘’«»"
# what brackets add to a name, not its parameters written against it ("TD(λ)")
_PARENTHESISED = re.compile(rf"(?!{NAME_PARAMETERS})\s*\([^()]*\)")
_NAME_PARAMETERS = re.compile(NAME_PARAMETERS)
# A short form in brackets and one word after it: "Quill Folding (QF) algorithm".
_KIND_AFTER_SHORT_FORM = re.compile(r"\s+\(([^()\s]{1,12})\)\s+([A-Za-z]+)$")
# The last word of a long form that describes the noun after it rather than naming a thing
# is a participle or an adjective by its ending (``DESCRIBING_ENDING``: "fully connected (FC)
# layer", "autoregressive (AR) model"), or two words joined before a part or a measure
# ("vision-language (VL) encoder", "key-value (KV) score"), unless a prefix makes the joined
# word a noun ("Self-Attention").
# Before a part or a doer, an adjective's ending more ("convolutional (Conv) layer", "linear
# (L) unit"), which before a kind word a name may have ("Dense Passage Retrieval (DPR) model").
_ADJECTIVE_ENDING = re.compile(r"(?:al|ar|ic|ent|ant)$", re.IGNORECASE)
_NOUN_MAKING_PREFIXES = frozenset({"self", "cross", "multi", "co", "meta", "pre", "post", "sub"})
# A sentence's full stop the tokenizer left on a name ending in a capital or a digit
# ("... and Quorbench-C."): not part of it, unless the name has other stops ("U.S.").
_FULL_STOP_AFTER_NAME = re.compile(r"(?<=[A-Z0-9])\.$")


# A name in capitals that spells a common English word ("ARC", "PILE") names a benchmark or
# a model, the word in lower case the word itself ("domains such as math"): their merge keys
# differ. A word this common (Zipf frequency) or more is such a word.
CAPITALISED_WORD_ZIPF = 4.0
_CAPITALS_WORD = re.compile(r"^([A-Z]{3,})s?$")
# a word written with the capitals of the short form a long form spells ("TRAnsformer-based
# Glyph Engine (TRAGE)"): the same word, cased for the acronym, not a spelling of its own
_ACRONYM_CASED_WORD = re.compile(r"\b[A-Z]{2,}[a-z]{2,}\b")


@lru_cache(maxsize=1 << 18)
def normalise(text: str, *, keep_leading: bool = False) -> str:
    """Merge key of a surface form: "the Large-Language Models" -> "largelanguagemodel";
    a common English word written in capitals keeps them ("ARC" -> "ARC", not "arc").
    ``keep_leading`` keeps the leading words it would drop (a short form spells them:
    ``long_form_key``)."""
    text = unicodedata.normalize("NFKC", text).strip()
    capitals = _CAPITALS_WORD.match(text)
    if capitals and english_zipf(capitals[1].lower()) >= CAPITALISED_WORD_ZIPF:
        return capitals[1]  # its plural too: "ANNs" is "ANN"
    words = text.split()
    while (
        not keep_leading
        and len(words) > 1
        and (
            (
                words[0].lower() in _DROPPED_LEADING
                and not (len(words[0]) > 1 and words[0].isupper())  # "WIDE X": a name's capitals
                and words[1].lower() not in _LATIN_AFTER_A
            )
            or praises_a_name(words)
        )
    ):
        words = words[1:]
    if words:
        # a year written short is the year: "WMT’14" is "WMT 2014"
        words[-1] = _SHORT_YEAR.sub(_full_year, words[-1])
        words[-1] = _singular_last(words[-1].rstrip("~.,;:!?)]}'\"’”"))
        if len(words) > 1 and words[-1].lower() == "net":
            words[-1] = "network"  # "residual nets": the short spelling of "networks"
        if (
            len(words) > 2
            and words[-1].lower() == "network"
            and words[-2].lower() == "neural"
            and words[-3].lower() in _NEURAL_ARCHITECTURE_WORDS
        ):
            # "fully convolutional neural network" is "fully convolutional network"; other
            # words before "network" may name networks of another field ("complex
            # networks", "optical networks", "Bayesian network")
            del words[-2]
    return _DROP.sub("", " ".join(_american(word) for word in words).casefold())


_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d{2})$|(?<=[A-Za-z])['’](\d{2})$")


def _full_year(found: re.Match) -> str:
    """ "’14" -> "2014", "’98" -> "1998" (a year written with its last two digits)."""
    digits = found[1] or found[2]
    return ("20" if int(digits) < 50 else "19") + digits


# Words that name a neural architecture before "network" with or without "neural"
_NEURAL_ARCHITECTURE_WORDS = frozenset(
    {
        "convolutional", "recurrent", "feedforward", "feed-forward", "deep", "residual",
        "spiking", "connected", "fully-connected", "fully-convolutional", "multilayer",
        "multi-layer", "shallow", "wide", "physics-informed", "equivariant", "siamese",
    }
)  # fmt: skip


# Collection words that end names when capitalised ("Penn-style Treebank", "Quill Corpus").
_NAMING_COLLECTIONS = frozenset({"treebank", "corpus", "corpora", "collection"})
# "a priori" keeps its "a": the two words are one term.
_LATIN_AFTER_A = frozenset({"priori", "posteriori", "fortiori"})
_A_BEFORE = re.compile(r"\ba\s+$", re.IGNORECASE)


# The rest of a bibliography database's citation key left in the text after its first
# word: "DBLP:journals/corr/Zarn17", written out as "DBLP: conf / acl / Zarn17".
_CITATION_KEY_REST = re.compile(
    r"\s*:\s*(?:journals|conf|books|phd|series|corr)\s*/\s*[\w-]+\s*/\s*[\w-]*\d\d\b"
)


# ... and what comes before its last part: "DBLP: conf / emnlp / " before "Zarn17".
_CITATION_KEY_BEFORE = re.compile(
    r"\bDBLP\s*:\s*(?:journals|conf|books|phd|series|corr)\s*/\s*[\w-]+\s*/\s*$"
)


def _ends_a_citation_key(text: str | None, start: int) -> bool:
    """Whether the mention starting at ``start`` ends a citation key ("ZarnQP17" in
    "DBLP: conf / acl / ZarnQP17"): who wrote a cited work, and when, no entity."""
    return (
        text is not None
        and _CITATION_KEY_BEFORE.search(text, max(0, start - 60), start) is not None
    )


def praises_a_name(words: list[str]) -> bool:
    """Whether the first of ``words`` says what others think of the name after it, in lower
    case ("influential Quillbank", "seminal ZarnNet"): no part of the name. Before a lower-
    case word it may be a term's ("influential node identification")."""
    return (
        len(words) > 1
        and words[0] in PRAISE_BEFORE_NAMES
        and (words[1][:1].isupper() or is_name_like(words[1]))
    )


def _opens_a_citation_key(text: str | None, end: int) -> bool:
    """Whether the mention ending at ``end`` is the first word of a citation key
    ("DBLP" in "DBLP:conf/acl/Zarn17"): the name of where the key comes from, no entity."""
    return text is not None and _CITATION_KEY_REST.match(text, end) is not None


def _cut_from_a_latin_term(surface: str, text: str | None, start: int) -> bool:
    """Whether a mention is the second word of "a priori" (or "a posteriori") alone, its
    "a" left before it: "determine X a priori" names nothing; the recogniser took "a" for
    an article. A longer name keeps it ("posteriori error estimator")."""
    return (
        surface.lower() in _LATIN_AFTER_A
        and text is not None
        and _A_BEFORE.search(text, max(0, start - 3), start) is not None
    )


# British spellings and their American forms ("modelling" and "modeling", "normalisation"
# and "normalization"), for merge keys: a word is written the American way when that form
# is an English word more common than the word as written ("noise" stays, "noize" is rarer).
_BRITISH_SPELLINGS = (
    (re.compile(r"(?<=[a-z]{3})ell(ing|ed|er)$"), r"el\1"),
    (re.compile(r"(?<=[a-z]{3})is(ation|ations|e|es|ed|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (re.compile(r"(behavi|neighb|col|fav|flav|lab|harb|rum|vap|hum|hon)our(s?)$"), r"\1or\2"),
    (re.compile(r"(cent|fib|met|lit|calib|sab|somb|spect|theat|meag|lust)re(s?)$"), r"\1er\2"),
)
# Two spellings of one word that both dictionaries give, whatever their frequencies (the
# rarer inflections of both are missing from word lists): the longer form is the key's.
_VARIANT_SPELLINGS = (
    (re.compile(r"parametri(?=[sz])"), "parameteri"),  # "parametrization"
    (re.compile(r"^adaption(?=s?$)"), "adaptation"),
)
AMERICAN_FORM_ZIPF = 1.0  # the American form is a word of English at least this common


def _american(word: str) -> str:
    """A word in its American spelling, if it is a British one ("modelling" -> "modeling")."""
    for part_separator in ("-", "/"):
        if part_separator in word:
            return part_separator.join(_american(part) for part in word.split(part_separator))
    lower = word.lower()
    for pattern, replacement in _VARIANT_SPELLINGS:
        lower = pattern.sub(replacement, lower)
    variant = lower != word.lower()
    for pattern, replacement in _BRITISH_SPELLINGS:
        american = pattern.sub(replacement, lower)
        # a variant's word is known to be one word in two spellings: its rarer inflections
        # ("reparameterization") are missing from word lists
        if american != lower and (
            variant or english_zipf(american) >= max(AMERICAN_FORM_ZIPF, english_zipf(lower))
        ):
            return american
    return lower if variant else word


def surface_form(text: str, label: str | None = None) -> str:
    """A mention's name without parenthesised parts: "hidden Markov models (HMMs)" ->
    "hidden Markov models", "KDS (Knowledge Delivery System)" -> "KDS" (which the paper's
    abbreviation definition then expands); a dataset without its kind: "ChartQA benchmark"
    -> "ChartQA"; a name without its kind: "ChartMoE framework" -> "ChartMoE" (and
    "QuillNet-based model" -> "QuillNet-based", a description that names nothing); a
    derivation from a coined name alone, the noun it modifies left out: "QuillNet-based" ->
    "QuillNet"; a name without a citation key left in it ("Quillbank zarnov2021glyph") or
    the capitalised article that opens a title or a sentence ("A Quill-LSTM Network")."""
    text = text.replace("~", " ").strip(_QUOTES + " ") or text  # LaTeX spaces, quotes around
    if text.count(".") == 1:
        text = _FULL_STOP_AFTER_NAME.sub("", text)
    name_end = name_end_before_kind(text)
    if name_end is not None:
        # "Quill Folding (QF) algorithm": the short form closes the name it stands for, the
        # kind word after it says what that is
        text = text[:name_end]
    # (quotes again: "“ exponential glyph unit ” (EGU)" has them before its bracket)
    words = _PARENTHESISED.sub(" ", text).strip(_QUOTES + " ").split() or text.split()
    if len(words) > 1:
        # "Quillbank zarnov2021glyph (benchmark)": a citation key left in a name
        words = [w for w in words if not _CITATION_KEY.match(w)] or words
    if len(words) > 1 and words[0] in ("A", "An") and words[1][:1].isupper():
        words = words[1:]  # "A Quill-LSTM Network for X" opening a title or a sentence
    if (
        label == "dataset"
        and len(words) > 1
        and words[-1].lower() in DATASET_WORDS
        and not (words[-1][:1].isupper() and words[-1].lower() in _NAMING_COLLECTIONS)
    ):
        words = words[:-1]  # "the Quillbank benchmark"; not "Quill Treebank", a name's end
    elif names_a_split(words) and (is_name_like(words[-3]) or _capitalised_rare(words[-3])):
        words = words[:-2]  # "the Quillbank test set": the collection's data
    elif derived := _name_derived_from(words):
        words = derived  # "Quill U-Net-based" alone: the paper names Quill U-Net
    elif (
        len(words) > 1
        and singular(words[-1]) in KIND_WORDS
        and is_name_like(words[-2])
        and not _title_cased_participle(words[-2])
    ):
        words = words[:-1]  # "the ChartMoE framework", "X-Gaussian model": the name alone
    return " ".join(words) or text


def name_end_before_kind(text: str) -> int | None:
    """Where the name ends in a mention "Long Form (ABBR) kind" whose kind noun is no part
    of it ("Quill Folding (QF) algorithm", "the Zarn Norm (ZN) scores"): just after the
    short form's bracket; None where the mention is no such thing or the kind noun is part
    of the name (``_names_before_its_kind``)."""
    found = _KIND_AFTER_SHORT_FORM.search(text)
    if found is None or not _kind_cut(text[: found.start()].split(), *found.groups()):
        return None
    return found.end(1) + 1


def _kind_cut(long_words: list[str], short: str, kind_word: str) -> bool:
    """Whether ``kind_word`` after "long words (short)" is no part of the name."""
    kind = singular(kind_word.lower())
    return (kind in KIND_WORDS or _written_as_a_short_form(short)) and _names_before_its_kind(
        long_words, short, kind
    )


def _written_as_a_short_form(word: str) -> bool:
    """Whether a word in brackets may be a short form (``is_short_form``: "QF", "SNv2"), or
    one in lower case with a digit for "to" or "for" between letters ("s2s"); not a word
    ("connectionist (neural) network", "(Robust)"), a number or a version ("(v2)").
    (Before a kind word anything in brackets is set aside: "X (2.0x) model" is X.)"""
    return is_short_form(word) or bool(re.fullmatch(r"[a-z]+[24][a-z]+", word))


def _names_before_its_kind(long_words: list[str], short: str, kind: str) -> bool:
    """Whether ``long_words``, the long form before the short form ``short`` and ``kind``
    ("Quill Folding" (QF) "algorithm"), name a thing of that kind without it. Not where the
    short form spells the kind too ("gated zarn (GZU) unit"), nor where the long form
    describes the kind ("fully connected (FC) layer", "vision-language (VL) encoder"; before
    a part or a doer also one word alone, "convolutional (Conv) layer", or an adjective's
    ending), nor where what does, serves or measures a task or an activity follows its name
    ("glyph sorting (GS) systems", "glyph inference (GI) classifiers"; "the Glyph Extraction
    (GE) layer", a part written as a name, is named by it)."""
    part_or_doer = kind not in KIND_WORDS
    if (
        not long_words
        or kind not in KIND_WORDS | DEFINED_DOER_KINDS | DEFINED_PART_KINDS | DEFINED_MEASURE_KINDS
        or spells_by_initials([*long_words, kind], short)
    ):
        return False
    last = long_words[-1]
    joined = last.split("-")
    described = last.islower()  # a title's capitals make a name ("Visual Zarnive (VZ) Models")
    if (
        (described and DESCRIBING_ENDING.search(last))
        # an adverb before it ("label-conditionally sturdy (LS) loss")
        or any(ADVERB_OF_MANNER.match(w.split("-")[-1].lower()) for w in long_words[:-1])
        or (
            part_or_doer
            and (
                (len(long_words) == 1 and not is_name_like(last))
                or (described and _ADJECTIVE_ENDING.search(last))
                or (
                    len(joined) > 1
                    and all(part.isalpha() for part in joined)
                    and joined[0].lower() not in _NOUN_MAKING_PREFIXES
                )
            )
        )
    ):
        return False
    named_part = kind in DEFINED_PART_KINDS and all(w[:1].isupper() for w in long_words)
    if part_or_doer and _names_a_doing_by_head(singular(last.lower())):
        # "glyph inference (GI) classifiers", "Sparse Zarn Training (SZT) criteria": what
        # does, serves or measures the activity, not the activity; "the Glyph Extraction
        # (GE) layer", a part written as a name, is named by it
        return named_part
    if head_type(long_words) == "task":
        return named_part
    return True


def _name_derived_from(words: list[str]) -> list[str] | None:
    """The words of a mention that ends in a derivation from a coined name, the derivation
    cut ("Quill U-Net-based", "ZarnNet-style" -> "Quill U-Net", "ZarnNet"), where the
    recogniser took the modifier without the noun it modifies: the name is what the mention
    names. None where the name is no coined one ("attention-based", "Machine-Learning-Based"
    in a title's capitals) or a noun follows ("QuillNet-based glyph sorter", "Quill
    U-Net-based architecture": a thing built on the name, which a proposal verb may make)."""
    base, dash, suffix = words[-1].rpartition("-")
    if not (dash and base and suffix.lower() in DERIVATION_SUFFIXES) or any(
        w.lower() in ("and", "or") for w in words[:-1]
    ):
        return None
    title_cased = all(
        len(part) > 2 and part[0].isupper() and part[1:].islower() for part in base.split("-")
    )
    if not is_name_like(base) or title_cased:
        return None
    return [*words[:-1], base]


def _capitalised_rare(word: str) -> bool:
    """A capitalised word that is no common English word ("Zarnbank"; not "Learning")."""
    return word[:1].isupper() and english_zipf(word.lower()) < COMMON_WORD_ZIPF


def _title_cased_participle(word: str) -> bool:
    """Whether a word is a past participle capitalised, as in a title ("Pre-Trained",
    "Fine-Tuned"): it describes the kind word after it, which a name cannot do without."""
    parts = word.split("-")
    return (
        all(part[:1].isupper() and part[1:].islower() for part in parts)
        and parts[-1].endswith("ed")
        and english_zipf(parts[-1].lower()) >= COMMON_WORD_ZIPF
    )


def is_junk_name(name: str) -> bool:
    """Not a name at all: no run of two letters ("7B", "a >0" after its article, "x"),
    formula or markup characters ("~", "=", "<"), a leading operator ("+3 steps") or a
    result ("4.2x speed-up", "12% gain").
    A letter with digits is a name ("F1", "L2"), and so is a token of letters and digits
    with two letters or more ("A3C", "R2D2"), but not a citation key left in the text
    ("zarnov2021glyph": a surname, a year and a word)."""
    name = _NAME_PARAMETERS.sub("", name.strip())  # "QuillGD(\\lambda)" is read as "QuillGD"
    if _FORMULA.search(name) or _CITATION_KEY.match(name):
        return True
    name = name.replace("^", "")  # "R^2": a letter's power reads as its digit
    if _LETTER_RUN.search(name) or _LETTER_DIGITS.match(name):
        return False
    return not (name.isalnum() and sum(ch.isalpha() for ch in name) >= 2 and not name[0].isdigit())


@lru_cache(maxsize=1)
def umbrella_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(merge keys of umbrella terms, lower-cased vague modifiers) from ``umbrella_terms.txt``."""
    sections: dict[str, set[str]] = {"terms": set(), "modifiers": set()}
    current = None
    for line in (
        resources.files("kg").joinpath("data/umbrella_terms.txt").read_text("utf-8").splitlines()
    ):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections[line[1:-1]]
        elif current is not None:
            current.add(line)
    return (
        frozenset(normalise(t) for t in sections["terms"]),
        frozenset(m.lower() for m in sections["modifiers"]),
    )


def _an_umbrella(key: str, label: str) -> bool:
    """Whether an entity is an umbrella term, by its merge key or its label: hidden as
    generic whatever a paper says of it."""
    return key in umbrella_vocabulary()[0] or is_umbrella(label)


def is_umbrella(name: str) -> bool:
    """An umbrella term, possibly after vague modifiers: "deep neural networks", "LLMs",
    "large pre-trained language models"; not "graph neural networks"."""
    terms, modifiers = umbrella_vocabulary()
    words = name.split()
    while len(words) > 1 and words[0].lower() in modifiers:
        words = words[1:]
    return normalise(" ".join(words)) in terms


def _singular_last(word: str) -> str:
    # Only the part after the last hyphen inflects: "state-space models" -> "state-space model".
    prefix, dash, last = word.rpartition("-")
    return f"{prefix}{dash}{_singular_es(last)}" if last else word


@lru_cache(maxsize=1 << 16)
def _singular_es(word: str) -> str:
    """``singular``, checked against English: a word whose final "s" is its own stays
    ("bias", not "bia"), and before a final "es" the form that is a word wins ("biases" ->
    "bias", "databases" -> "database")."""
    found = singular(word)
    lower = word.lower()
    if found == lower or not lower.isalpha() or (word[-2:-1].isupper() and word[-1] == "s"):
        return found  # an acronym's plural drops its "s" only: "QEs" is "QE", not "Q"
    if (
        found == lower[:-1]
        and lower.endswith("es")
        and english_zipf(lower[:-2]) > max(english_zipf(found), 1.5)
    ):
        return lower[:-2]
    if english_zipf(lower) - english_zipf(found) >= SINGULAR_KEEPS_S:
        return lower  # the "s" belongs to the word: "bias", "series", "canvas"
    return found


@dataclass
class _EntityDraft:
    type_votes: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    long_surfaces: Counter = field(default_factory=Counter)
    short_surfaces: Counter = field(default_factory=Counter)
    papers: set = field(default_factory=set)
    mentions: int = 0
    canonical_name: str | None = None
    canonical_type: str | None = None
    evidence: KindEvidence = field(default_factory=KindEvidence)
    proposed: bool = False  # some paper proposes it
    proposed_in: set = field(default_factory=set)  # the papers that do
    # mentions of each spelling where its capitals say nothing: opening a sentence, in a title
    openings: Counter = field(default_factory=Counter)

    def absorb(self, other: _EntityDraft) -> None:
        """Take in the mentions of a variant of the same entity ("X tasks" into X); its
        spellings become aliases, never the label."""
        for name in ("type_votes", "surfaces", "short_surfaces", "openings"):
            getattr(self, name).update(getattr(other, name))
        self.papers |= other.papers
        self.mentions += other.mentions
        self.canonical_name = self.canonical_name or other.canonical_name
        self.canonical_type = self.canonical_type or other.canonical_type
        self.evidence.absorb(other.evidence)
        self.proposed = self.proposed or other.proposed
        self.proposed_in |= other.proposed_in


def lexicon_keys(extra_files: tuple[str, ...] = ()) -> dict[str, tuple[str, str, str]]:
    """Merge key of every lexicon name and alias -> (canonical key, canonical name, type).
    An alias that differs from its name by a number is left out: it names another version;
    so is a word in lower case that is the name's head alone ("parsing" of "shallow
    parsing"): it names any thing of that kind, in one paper this one, in another another."""
    keys: dict[str, tuple[str, str, str]] = {}
    for entry in load_lexicon(extra_files):
        canonical = normalise(entry.name)
        head = entry.name.split()[-1].lower() if " " in entry.name else None
        for name in (entry.name, *entry.aliases):
            if head and name.islower() and normalise(name) == normalise(head):
                continue
            if not differ_in_version(name, entry.name):  # "X-1K" is not "X"; "X10" is "X-10"
                keys.setdefault(normalise(name), (canonical, entry.name, entry.type))
                # as a defined long form whose short form spells a leading word is keyed
                keys.setdefault(
                    normalise(name, keep_leading=True), (canonical, entry.name, entry.type)
                )
    return keys


# A short form defined inside a long form ("named glyph (NG) sorting (NGS)"): no part of the
# name the long form spells.
_INNER_SHORT_FORM = re.compile(r"\s+\((?=[^()]*[A-Z])[^()\s,]{1,12}\)(?=\s)")


def long_form(abbreviation: Abbreviation) -> str:
    """The long form of a definition as a name: "named glyph (NG) sorting" for "NGS" is
    "named glyph sorting"."""
    return " ".join(_INNER_SHORT_FORM.sub(" ", abbreviation.long).split()) or abbreviation.long


# How many words a recogniser may leave out before a defined name (``_spelled_names``)
MAX_SPELLED_LEADING = 3


def spelled_leading_word(abbreviation: Abbreviation) -> str | None:
    """The leading word of a long form that merge keys and labels drop (praise, a size, a
    count: ``normalise``) but that its short form spells, so it is part of the name: "high"
    of "high capacity glyph folding (HCGF)", not of "glyph folding (GF)"; None otherwise."""
    words = long_form(abbreviation).split()
    if (
        len(words) > 1
        and words[0].lower() not in _NOT_NAME_WORDS  # "our glyph model (OGM)": whose
        and normalise(" ".join(words)) != normalise(" ".join(words), keep_leading=True)
        and spells_by_initials(words, abbreviation.short)
        and not spells_by_initials(words[1:], abbreviation.short)
    ):
        return words[0]
    return None


def long_form_key(abbreviation: Abbreviation) -> str:
    """Merge key of a definition's long form, its first word kept where the short form
    spells it (``spelled_leading_word``)."""
    keep = spelled_leading_word(abbreviation) is not None
    return normalise(long_form(abbreviation), keep_leading=keep)


# Words that say whose or which a name is, not what: never part of a name a short form spells
# ("our glyph model (OGM)" is that paper's, not every paper's "our glyph model").
_NOT_NAME_WORDS = PRONOUNS | {"a", "an", "the", "our", "their", "its", "his", "her", "my", "your"}


@dataclass(frozen=True)
class _SpelledNames:
    """What the corpus's definitions say about words before names (``_spelled_names``)."""

    # merge key of a defined long form's tail -> {the words before it, lower-cased: the
    # long form's key}: "visual glyph answering (VGA)" gives "glyphanswering" {"visual": ...}
    grow: dict[str, dict[str, str]]
    # a leading word merge keys drop that a short form spells -> the keys of the tails it
    # opens: "high capacity glyph folding (HCGF)" gives "high" {"capacityglyphfolding"}
    kept: dict[str, set[str]]


def _spelled_names(extractions: Iterable[PaperExtraction]) -> _SpelledNames:
    """The words before a name that short forms defined in the corpus spell with it. A
    recogniser leaves an adjective, praise or a size out of a name ("visual", "novel",
    "stacked"); where the corpus defines the whole name, the words are the name's, in every
    paper that writes them before the tail; the tail written alone stays a name of its own
    ("low glyph rate (LGR)": "glyph rate" alone is another thing)."""
    grow: dict[str, dict[str, str]] = defaultdict(dict)
    kept: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for abbreviation in extraction.abbreviations:
            words = long_form(abbreviation).split()
            if len(words) < 2 or not spells_by_initials(words, abbreviation.short):
                continue
            spelled = spelled_leading_word(abbreviation)
            long_key = normalise(" ".join(words), keep_leading=spelled is not None)
            if spelled is not None:
                kept[spelled.lower()].add(normalise(" ".join(words[1:])))
            for cut in range(1, min(len(words), MAX_SPELLED_LEADING + 1)):
                tail = words[cut:]
                if (
                    spells_by_initials(tail, abbreviation.short)
                    or not _LETTER_RUN.search(tail[-1])
                    or words[cut - 1].lower() in _NOT_NAME_WORDS
                ):
                    break
                leading = " ".join(words[:cut]).lower()
                grow[normalise(" ".join(tail))].setdefault(leading, long_key)
    return _SpelledNames(dict(grow), dict(kept))


def _with_kept_leading_word(surface: str, kept: Mapping[str, Set[str]]) -> str | None:
    """``surface`` from its first word on, where that word (or the one after a word the
    merge key drops: "the") is one a short form spells before the words that follow it
    ("the high capacity glyph folding clusters", where HCGF is defined); None otherwise."""
    words = surface.split()
    for cut in (0, 1):
        if cut and words[0].lower() not in _DROPPED_LEADING:
            break  # only a word the merge key drops goes: "X-ray novel glyph folding" stays
        tails = kept.get(words[cut].lower()) if len(words) > cut + 1 else None
        if tails is None:
            continue
        rest = words[cut + 1 :]
        for end in range(1, min(len(rest), MAX_BROADER_WORDS) + 1):
            if normalise(" ".join(rest[:end])) in tails:
                return " ".join(words[cut:])
    return None


def abbreviation_senses(extractions: Iterable[PaperExtraction]) -> dict[str, Counter]:
    """Short-form key -> Counter of long-form keys over all definitions in the corpus."""
    senses: dict[str, Counter] = defaultdict(Counter)
    for extraction in extractions:
        for abbreviation in extraction.abbreviations:
            senses[normalise(abbreviation.short)][long_form_key(abbreviation)] += 1
    return senses


def corroborated_expansions(
    extractions: Sequence[PaperExtraction],
    expansions: Mapping[str, str],
    papers: Mapping[str, Paper] | None = None,
) -> dict[str, set[str]]:
    """The doubtful short forms among the corpus expansions (``unambiguous_expansions``):
    short-form key -> the papers writing it bare that may take its long form; a short form
    not in the result carries to every paper.

    A short form of two letters or fewer names many things: one paper's "CG" is a chain
    graph, another's a conjugate gradient. Its sense carries to another paper only when two
    papers or more define it that way, or when the paper shares a specific name (not an
    umbrella term) with a paper that defines it, writes the long form itself, or writes the
    long form's last word where that word is rare in English and no kind noun (a paper on
    "model distillation" that writes "KD"; needs ``papers``). Longer short forms always
    carry. The work grows with the doubtful short forms' papers, not papers x senses."""
    definers: dict[tuple[str, str], set[str]] = defaultdict(set)
    heads: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for abbreviation in extraction.abbreviations:
            short, long = normalise(abbreviation.short), long_form_key(abbreviation)
            definers[(short, long)].add(extraction.paper_key)
            long_words = long_form(abbreviation).split()
            if long_words and short in expansions and expansions[short] == long:
                head = singular(long_words[-1])
                if english_zipf(head) < RARE_HEAD_ZIPF and kinds().lookup(head) is None:
                    heads[short].add(head)
    doubtful = {
        short: long
        for short, long in expansions.items()
        if len(short) <= MAX_AMBIGUOUS_SHORT and len(definers[(short, long)]) < MIN_SENSE_DEFINERS
    }
    if not doubtful:
        return {}

    def names(extraction: PaperExtraction) -> set[str]:
        return {
            normalise(surface_form(m.text, m.label))
            for m in extraction.mentions
            if not m.nested and (" " in m.text.strip() or is_name_like(m.text))
        }

    defining = {key for (short, _), keys in definers.items() if short in doubtful for key in keys}
    names_in = {e.paper_key: names(e) for e in extractions if e.paper_key in defining}
    allowed: dict[str, set[str]] = {short: set() for short in doubtful}
    for extraction in extractions:
        written = {
            normalise(m.text)
            for m in extraction.mentions
            # (a cheap look first: a doubtful key is two letters, "CGs" at most three)
            if len(m.text) <= MAX_AMBIGUOUS_SHORT + 1 and is_short_form(m.text)
        } & doubtful.keys()
        if not written:
            continue
        own = names(extraction)
        paper = papers.get(extraction.paper_key) if papers is not None else None
        written_words = (
            {singular(word) for word in _WORD.findall(f"{paper.title}\n{paper.abstract}")}
            if paper is not None
            else set()
        )
        for short in written:
            long = doubtful[short]
            if (
                long in own
                or not heads[short].isdisjoint(written_words)
                or any(
                    shared != short and not is_umbrella(shared)
                    for definer in definers[(short, long)] - {extraction.paper_key}
                    for shared in own & names_in[definer]
                )
            ):
                allowed[short].add(extraction.paper_key)
    return allowed


def unambiguous_expansions(senses: dict[str, Counter]) -> dict[str, str]:
    """Short-form key -> long-form key, for abbreviations the corpus uses one way."""
    expansions = {}
    for short, longs in senses.items():
        long_key, count = longs.most_common(1)[0]
        if count / sum(longs.values()) >= UNAMBIGUOUS_SHARE:
            expansions[short] = long_key
    return expansions


@dataclass
class Resolved:
    """The mentions resolved into entities, before any curation: what ``resolve_mentions``
    makes and ``link`` builds the relations from (``kg.link.stored`` keeps it between builds)."""

    entities: dict[str, Entity]
    linked: list[LinkedMention]  # in the order of the extractions' mentions
    left_out: Counter = field(default_factory=Counter)  # entities left out, by class
    retyped: Counter = field(default_factory=Counter)  # "majority -> type" changes
    # the Zipf frequencies of English words known when it was made (``known_zipf``)
    zipf: dict[str, float] = field(default_factory=dict)


def link(
    extractions: list[PaperExtraction],
    papers: Mapping[str, Paper] | None = None,
    *,
    lexicon_files: tuple[str, ...] = (),
    curation: Curation | None = None,
    resolved: Resolved | None = None,
    learned_roles: bool | RoleModel = True,
    role_memo: RoleMemo | None = None,
) -> LinkResult:
    """Canonical entities and typed relations for a whole corpus.

    With ``papers`` (key -> Paper) the sentences are read again for entity->entity
    relations; without, only paper->entity relations are made. ``lexicon_files`` are users'
    lexicons, as given to the extraction. ``curation`` (``kg.link.curation.load_curation``) is
    applied to the resolved entities before the relations are made; what it did is the
    result's ``curation_log``. ``resolved``: what ``resolve_mentions`` made of these
    extractions, papers and lexicons before (kept by ``kg.link.stored``), instead of
    resolving them again. ``learned_roles``: the packaged role model (or the
    ``kg.link.role_model.RoleModel`` given) reads the rules' evidence for each paper's roles
    again (``kg.link.relate.paper_roles``); with False the rules alone decide.
    ``role_memo``: each paper's roles as read before (``kg.link.stored.RoleStore``), for
    the papers whose texts, mentions and entities are unchanged.
    """
    if resolved is None:
        resolved = resolve_mentions(extractions, papers, lexicon_files=lexicon_files)
    entities, linked = resolved.entities, resolved.linked
    log = None
    if curation is not None:
        entities, linked, log = apply_curation(entities, linked, curation)
    stated = {e.paper_key: e.relations for e in extractions if e.relations}
    claims = [(e.paper_key, r) for e in extractions for r in e.results]
    result = replace(
        assemble(
            entities,
            linked,
            papers,
            stated,
            claims,
            learned_roles=learned_roles,
            role_memo=role_memo,
        ),
        curation_log=log,
    )
    result.left_out.update(resolved.left_out)
    result.retyped.update(resolved.retyped)
    return result


def resolve_mentions(
    extractions: list[PaperExtraction],
    papers: Mapping[str, Paper] | None = None,
    *,
    lexicon_files: tuple[str, ...] = (),
) -> Resolved:
    """Every mention under the key of its entity, and the entities resolved from all of
    their mentions (``link``'s first half: what curation rules then apply to)."""
    lexicon = lexicon_keys(tuple(lexicon_files))
    senses = abbreviation_senses(extractions)
    global_expansions = unambiguous_expansions(senses)
    # a doubtful short form -> the papers that may take its corpus sense
    doubtful_takers = corroborated_expansions(extractions, global_expansions, papers)
    drafts: dict[str, _EntityDraft] = defaultdict(_EntityDraft)
    linked: list[LinkedMention] = []
    junk: set[str] = set()
    named_in_full: set[str] = set()
    # every name the corpus writes: a name cut at its short form may grow into one
    # (and how many mentions write each: a title's description written once is no name)
    times_written = Counter(
        normalise(surface_form(m.text, m.label))
        for e in extractions
        for m in e.mentions
        if not m.nested
    )
    written_in_corpus = set(times_written)
    spelled = _spelled_names(extractions)

    for extraction in extractions:
        paper = papers.get(extraction.paper_key) if papers is not None else None
        definitions = (*extraction.abbreviations, *short_forms_in_place(extraction, paper))
        local = {normalise(a.short): long_form_key(a) for a in definitions}
        defined_here = set(local.values())
        # "MLP layers" in a paper that defines MLP: the same thing as "multi-layer perceptron
        # (MLP) layers", which is named without its kind noun
        kinds_cut = _kinds_cut_after_short_forms(extraction.mentions, definitions)
        long_surface_of = {
            normalise(a.short): long_form(a).strip(_QUOTES + " ") or a.long for a in definitions
        }
        spans = {(m.field, m.start, m.end) for m in extraction.mentions}
        longest_from: dict[tuple[str, int], int] = {}
        for place, start, end in spans:
            longest_from[(place, start)] = max(end, longest_from.get((place, start), end))
        written = _written_names(extraction.mentions)
        narrower = _in_a_task_of_another_medium(extraction.mentions)
        for whole in extraction.mentions:
            if whole.nested and (whole.field, whole.start, whole.end) in narrower:
                continue  # "visual [glyph answering]": the paper's task is the other one
            text = paper.text_of(whole.field) if paper is not None else None
            if text is not None and whole.label in ("method", "dataset") and not whole.nested:
                whole = _with_version(whole, text, longest_from)
            if text is not None and not whole.nested:
                if cut_from_a_quantity(text, whole.start):
                    junk.add(normalise(whole.text))
                    continue
                whole = _as_written_in_full(whole, text, written, spans)
                whole = _with_head_after_short_form(whole, text, written, spans, written_in_corpus)
                cut = _name_without_its_verb(whole, text, written)
                if cut is not whole and (cut.field, cut.start, cut.end) in spans:
                    continue  # the name alone is a mention of its own already
                whole = cut
                if whole.field == "title":
                    described = _description_of_the_title_name(
                        whole, text, extraction.mentions, local, times_written
                    )
                    if described is None:
                        continue  # "Quillnet: A Braided Decoding Algorithm": Quillnet again
                    whole = described
                if whole.label in ("method", "dataset"):
                    cut = _name_without_description(whole)
                    if cut is not whole and (cut.field, cut.start, cut.end) in spans:
                        continue  # the name alone is a mention of its own already
                    whole = _with_name_word_before(cut, text, spans)
                whole = _with_spelled_words_before(whole, text, spelled.grow, spans, defined_here)
            # one mention, or one per version of a slash list ("X-10/100"), or the two
            # sides of a title that says what is done to what ("Learning of X")
            pieces = [
                (surface, mention)
                for found in _title_clause_pieces(whole, text, spans)
                for surface, mention in _version_pieces(
                    found, surface_form(found.text, found.label), text
                )
            ]
            for surface, mention in pieces:
                surface_key = normalise(surface)
                if (
                    not surface_key
                    or surface_key in _NOISE_KEYS
                    or (" " not in surface and singular(surface) in SINGLE_WORD_NOISE)
                ):
                    continue  # a word that says nothing, alone or after dropped words ("real-world data")
                takes_corpus_sense = surface_key in global_expansions and (
                    surface_key not in doubtful_takers
                    or extraction.paper_key in doubtful_takers[surface_key]
                )
                a_short_form = surface_key in local or takes_corpus_sense
                if (
                    is_junk_name(surface)
                    or (_ROMAN_NUMERAL.fullmatch(surface) and not a_short_form)
                    or _cut_from_a_latin_term(surface, text, mention.start)
                    or _opens_a_citation_key(text, mention.end)
                    or _ends_a_citation_key(text, mention.start)
                ) and surface_key not in lexicon:
                    # (a Roman numeral no paper defines numbers a phase or an edition:
                    # "Phase II"; "VI" defined as a long form's short form is a name)
                    junk.add(surface_key)
                    continue
                key, is_short = surface_key, False
                keeps_leading = False
                if spelled.kept:
                    # "(the) high capacity glyph folding", where HCGF is defined: the word
                    # the merge key drops names the thing, unless the paper defines the
                    # name without it and not with it
                    with_word = _with_kept_leading_word(surface, spelled.kept)
                    if with_word is not None and (
                        surface_key not in defined_here
                        or normalise(with_word, keep_leading=True) in defined_here
                    ):
                        surface, keeps_leading = with_word, True
                        key = normalise(with_word, keep_leading=True)
                short_and_kind = surface.split()
                if (
                    len(short_and_kind) == 2
                    and (normalise(short_and_kind[0]), singular(short_and_kind[1].lower()))
                    in kinds_cut
                ):
                    surface = short_and_kind[0]  # "MLP layers": the MLP
                    surface_key = normalise(surface)
                if surface_key in local:
                    key, is_short = local[surface_key], True
                elif is_short_form(surface) and takes_corpus_sense:
                    key, is_short = global_expansions[surface_key], True
                canonical_name = canonical_type = None
                if key in lexicon:
                    key, canonical_name, canonical_type = lexicon[key]
                draft = drafts[key]
                draft.canonical_name = draft.canonical_name or canonical_name
                draft.canonical_type = draft.canonical_type or canonical_type
                _count(
                    draft,
                    mention,
                    surface,
                    surface_key,
                    is_short,
                    long_surface_of,
                    text,
                    extraction.paper_key,
                    keeps_leading=keeps_leading,
                )
                linked.append(LinkedMention(extraction.paper_key, key, mention))
                if not _by_its_letter(mention, surface):
                    named_in_full.add(key)
        for definition in definitions:
            # "Quill Folding Sampler (QFS)" gives the entity its short form, even where the
            # abstract never writes "QFS" again: users look it up by it
            long_key = long_form_key(definition)
            defined = drafts.get(lexicon[long_key][0] if long_key in lexicon else long_key)
            if (
                defined is not None
                and _WRITTEN_SHORT_FORM.fullmatch(definition.short)
                and definition.short not in defined.short_surfaces
            ):
                defined.short_surfaces[definition.short] += 1

    # a version that only a bare letter names ("S" of "X-R, S") is no entity: a letter
    # alone is no evidence anyone can read; it counts once the name is written out
    for key in set(drafts) - named_in_full:
        del drafts[key]
        junk.add(key)
    redirects = merge_spellings_of_a_short_form(drafts)
    redirects = _then(redirects, merge_short_form_compounds(drafts, lexicon, senses, redirects))
    redirects = _then(redirects, merge_kind_variants(drafts, senses))
    redirects = _then(redirects, merge_of_phrases(drafts, redirects))
    if redirects:
        linked = [
            LinkedMention(i.paper_key, redirects[i.entity_key], i.mention)
            if i.entity_key in redirects
            else i
            for i in linked
        ]
    statistics = (
        WordStatistics(p.title + "\n" + p.abstract for p in papers.values())
        if papers is not None
        else WordStatistics()
    )
    entities: dict[str, Entity] = {}
    left_out: Counter = Counter({"not a name": len(junk)} if junk else {})
    retyped: Counter = Counter()
    for key, draft in sorted(drafts.items()):
        entity, left_class, retype = _resolve(key, draft, statistics)
        if entity is None:
            left_out[left_class] += 1
            continue
        entities[key] = entity
        if retype:
            retyped[retype] += 1
    known_data = frozenset(k for k, (_, _, kind) in lexicon.items() if kind == "dataset")
    for key, entity in list(entities.items()):
        if entity.type != "dataset" and _derives_from_a_dataset(
            key, entity.label, entities, known_data
        ):
            # a version or subset of a dataset ("Quillbench-C", "Quillbench 2600",
            # "TinyQuillbench") is data
            entities[key] = replace(entity, type="dataset")
            retyped[f"{entity.type} -> dataset"] += 1
    linked = [item for item in linked if item.entity_key in entities]
    return Resolved(entities, linked, left_out, retyped, known_zipf())


def _derives_from_a_dataset(
    key: str, label: str, entities: Mapping[str, Entity], known: Set[str]
) -> bool:
    """Whether a version or a small subset's name is made from a dataset's, two steps at
    most ("TinyQuillbench-C" -> "TinyQuillbench" -> "Quillbench"): one of the corpus, or
    one of the lexicons' (``known``: their datasets' merge keys), where the version is a
    number, a year or an image size ("Quillbench 64x64", "Quillbench 2019" where no paper
    names Quillbench alone; not "Quillbench-7B" nor "Quillbench-LM": a model named after
    the data)."""
    name = label
    for _ in range(2):
        base_name = version_base(name) or subset_base(name) or ""
        if not base_name:
            return False
        base_key = normalise(base_name)
        base = entities.get(base_key)
        if base_key != key and (
            (base is not None and base.type == "dataset")
            or (base_key in known and _DATA_VERSION.fullmatch(label[len(base_name) :]))
        ):
            return True
        name = base_name
    return False


# How a version of a collection is written after its name: " 64x64", "-2019", "-100", " 1K"
# (a count or a size of images, an edition); not a model's size ("-7B") or letters ("-LM").
_DATA_VERSION = re.compile(
    r"[\s_-]*(?:\d+\s*[x×]\s*\d+|\d+(?:\.\d+)?[kK]?(?:[-–/]\d+(?:\.\d+)?[kK]?)*)"
)  # also editions or sizes in a row: "12-14", "10/100"


# A title that opens with a short name and a colon: "QFS: Quill Folding Samplers for X".
_TITLE_SHORT_NAME = re.compile(r"^\s*([^\s:]{2,12}):\s+")
# A short form defined with the long form's head word: "Quill-Folding divergence (QF
# divergence)"; group 1 is the short form, group 2 the head.
_SHORT_WITH_HEAD = re.compile(r"\s*\(([^\s()]{2,12}) ([\w-]+)\)")


def short_forms_in_place(extraction: PaperExtraction, paper: Paper | None) -> list[Abbreviation]:
    """Short forms a paper defines where "long form (SHORT)" does not: a title's short name
    before the colon for the name that follows it ("QFS: Quill Folding Sampler for X", also
    after one word more: "QFS: Unified Quill Folding Sampler"), and
    a short form written with the long form's head ("quill-folding divergence (QF
    divergence)", which defines "QF" and "QF divergence"). The short form must spell the
    long form's initials."""
    if paper is None:
        return []
    found = []
    title_name = _TITLE_SHORT_NAME.match(paper.title or "")
    for mention in extraction.mentions:
        if mention.nested:
            continue
        if (
            title_name
            and mention.field == "title"
            and mention.start == title_name.end()
            and is_short_form(title_name.group(1))
            and any(  # "QFS: Unified Quill Folding Samplers": a word before the spelled ones
                spells_by_initials(mention.text.split()[skip:], title_name.group(1))
                for skip in (0, 1)
            )
        ):
            found.append(Abbreviation(title_name.group(1), mention.text, "title", 0, mention.end))
        text = paper.text_of(mention.field)
        with_head = _SHORT_WITH_HEAD.match(text, mention.end) if text else None
        words = mention.text.split()
        if (
            with_head
            and len(words) > 1
            and with_head.group(2).lower() == words[-1].lower()
            and is_short_form(with_head.group(1))
            and spells_by_initials(words[:-1], with_head.group(1))
        ):
            short = with_head.group(1)
            for written in (short, f"{short} {with_head.group(2)}"):
                found.append(
                    Abbreviation(
                        written, mention.text, mention.field, mention.start, with_head.end()
                    )
                )
    return found


# A short form as letters and digits ("QFS", "Q2-Net", "QF+"), not a symbol ("W\\", "Q^*").
_WRITTEN_SHORT_FORM = re.compile(r"[A-Za-z][A-Za-z0-9+-]+")


def _with_version(
    mention: Mention, text: str, longest_from: Mapping[tuple[str, int], int]
) -> Mention:
    """A name's mention grown over what the text writes right after it and the recogniser
    may leave out: plus signs ("Quill2+", "Glyph++", a successor), then a version number
    ("X 3", "X-2 7B") or a dataset's year ("Quillbank 2009", an edition); not over a count
    ("X 3 times"), nor where another mention from the same place is longer already
    (``longest_from``: the end of the paper's longest mention from each field and start)."""
    if (
        not is_name_like_name(mention.text)
        or longest_from.get((mention.field, mention.start), 0) > mention.end
    ):
        return mention
    plus = _PLUS_AFTER.match(text, mention.end)
    if plus and not mention.text.endswith("+"):
        mention = replace(mention, end=plus.end(), text=text[mention.start : plus.end()])
    found = _VERSION_AFTER.match(text, mention.end)
    if found is None and mention.label == "dataset":
        found = _YEAR_AFTER.match(text, mention.end)
    if not found:
        return mention
    return replace(mention, end=found.end(1), text=text[mention.start : found.end(1)])


def _as_written_in_full(
    mention: Mention, text: str, written: set[str], spans: set[tuple[str, int, int]]
) -> Mention:
    """A mention grown over the capitalised or hyphenated words just before it when, with
    them, it is what another mention of the paper says in full ("Fine-Tuning" in a title's
    "Parameter-Efficient Fine-Tuning with X" where the abstract names "parameter-efficient
    fine-tuning"); not onto the span of another mention (``spans``). ``written``: the
    merge keys of the paper's mentions."""
    before = text[max(0, mention.start - 60) : mention.start]
    own_key = normalise(surface_form(mention.text, mention.label))
    for pattern in _WORDS_BEFORE:
        found = pattern.search(before)
        if found is None:
            continue
        start = mention.start - (len(before) - found.start())
        if not _NAME_WORDS.match(found.group()):
            continue  # "the trained X", "Learning X": a description around a name
        whole = text[start : mention.end]
        whole_key = normalise(surface_form(whole, mention.label))
        if (
            whole_key != own_key
            and whole_key in written
            and not any(
                field == mention.field and start <= other_start < mention.start
                for field, other_start, _ in spans
            )
        ):
            return replace(mention, start=start, text=whole)
    return mention


def _kinds_cut_after_short_forms(
    mentions: Iterable[Mention], definitions: Iterable[Abbreviation]
) -> set[tuple[str, str]]:
    """(short-form key, kind noun) of each "ABBR kind" of ``mentions`` ("MLP layers", "QN
    scores") whose short form the paper defines and whose long form would be named without
    that kind noun ("Quill Norm (QN) scores" is Quill Norm: ``name_end_before_kind``)."""
    long_of = {d.short: long_form(d).split() for d in definitions}
    return {
        (normalise(short), singular(kind.lower()))
        for short, kind in (m.text.split() for m in mentions if m.text.count(" ") == 1)
        if short in long_of and _kind_cut(long_of[short], short, kind)
    }


def _written_names(mentions: Iterable[Mention]) -> set[str]:
    """The keys of the names ``mentions`` write (a nested known name is no name written)."""
    return {normalise(surface_form(m.text, m.label)) for m in mentions if not m.nested}


def _with_head_after_short_form(
    mention: Mention,
    text: str,
    written: set[str],
    spans: set[tuple[str, int, int]],
    written_in_corpus: Set[str],
) -> Mention:
    """A mention cut at the short form it defines grown over the noun after it, where the
    paper writes that noun after the short form too, or the corpus writes the name with
    that noun: "Quill-Zarn (QZ)" in "the Quill-Zarn (QZ) divergence", where a mention of
    "QZ divergence" follows or another paper names the "Quill-Zarn divergence", is the
    divergence (the recogniser stopped at the bracket). Not onto another mention."""
    defined = _SHORT_FORM_AT_END.search(mention.text)
    following = _NOUN_AFTER.match(text, mention.end)
    if defined is None or following is None:
        return mention
    short, noun = defined["short"], following["noun"]
    name = mention.text[: defined.start()].rstrip()
    spelled = {normalise(f"{short} {noun}"), normalise(f"{short.removesuffix('s')} {noun}")}
    if (
        not (spelled & written or normalise(f"{name} {noun}") in written_in_corpus)
        or _is_plural(noun)  # "X (QZ) inputs": a set of things described by it
        or kinds().lookup(singular(noun)) is not None  # "X (QZ) models": a kind of it
        or singular(noun) in _PARTS_OF_A_DOING
        or noun in _FUNCTION_WORDS
    ):
        return mention
    end = following.end("noun")
    if any(f == mention.field and mention.end < s < end for f, s, _ in spans):
        return mention
    # the recogniser's label was for the name it cut: a doing's noun makes it a task
    label = "task" if head_type([noun]) == "task" else mention.label
    return replace(mention, end=end, text=text[mention.start : end], label=label)


# Words that join or point, never a name's noun: "X (QZ) and Y" goes on to another name.
_FUNCTION_WORDS = frozenset(
    {
        "and", "or", "nor", "but", "of", "for", "in", "on", "at", "to", "from", "with",
        "by", "as", "via", "than", "the", "a", "an", "is", "are", "was", "were", "be",
        "been", "has", "have", "had", "can", "could", "may", "might", "will", "would",
        "that", "which", "who", "this", "these", "those", "it", "its", "their", "we",
        "also", "not", "such", "both", "each", "into", "under", "over", "between",
    }
)  # fmt: skip
# The parts of a doing a name may be followed by: "the X (QZ) stage" is a stage of X.
_PARTS_OF_A_DOING = frozenset({"stage", "step", "phase", "round", "part"})
# A mention that ends in the short form it defines: "Quill-Zarn (QZ)".
_SHORT_FORM_AT_END = re.compile(r"\(\s*(?P<short>[A-Za-z][\w-]*)\s*\)$")
# The lower-case word right after a mention.
_NOUN_AFTER = re.compile(r" (?P<noun>[a-z][a-z-]*[a-z])\b")


# A capitalised word right before a known name, in running text: "In contrast, Quill
# Glyphnet 34B ..." (group 1). Not the sentence's first word ("However GPT-4"), which the
# lookbehind leaves out as it must follow a word or a comma.
_NAME_WORD_BEFORE = re.compile(r"(?<=[\w,)] )([A-Z]\w*(?:-\w+)*) $")


_SHORT_FORM_AFTER = re.compile(r"\s*\([^()]*\)$")


def _in_a_task_of_another_medium(mentions: Sequence[Mention]) -> set[tuple[str, int, int]]:
    """The places of the known tasks nested at the end of a task's name right after a word
    that names another medium (``MEDIUM_WORDS``): "visual question answering", "3D object
    detection" are tasks of their own, with their own data, which the paper addresses rather
    than the broader one (``broader_relations`` links the two). How the task is done makes
    no other task ("neural machine translation", "graph-based dependency parsing" address
    the broader task too), nor a medium word further before ("image classification and
    object detection")."""
    longest: dict[tuple[str, int], Mention] = {}
    for outer in mentions:
        if not outer.nested and outer.label == "task":
            place = (outer.field, outer.start + len(_SHORT_FORM_AFTER.sub("", outer.text)))
            if place not in longest or outer.start < longest[place].start:
                longest[place] = outer
    found = set()
    for inner in mentions:
        around = longest.get((inner.field, inner.end)) if inner.nested else None
        if around is None or inner.label != "task" or around.start >= inner.start:
            continue
        before = around.text[: inner.start - around.start].split()
        if before and before[-1].lower().strip("()[]") in MEDIUM_WORDS:
            found.add((inner.field, inner.start, inner.end))
    return found


# Words that name what a task works on, its medium, when written right before a task's name:
# they make another task ("visual question answering", "3D object detection", "multimodal
# sentiment analysis"). Not words a medium opens ("graph-based", "image-level": how it is
# done), nor media a task may already be about ("document", "graph", "point").
MEDIUM_WORDS = frozenset(
    {"visual", "image", "video", "diagram", "3d", "6d", "multimodal", "multi-modal", "audio",
     "audiovisual", "audio-visual"}
)  # fmt: skip
_WORD_BEFORE = re.compile(r"\S+")
# What may open a run of words before a name: a bracket or a quotation mark
_OPENING_MARKS = "([{\"'“‘«"


def _with_spelled_words_before(
    mention: Mention,
    text: str,
    spelled_before: Mapping[str, Mapping[str, str]],
    spans: set[tuple[str, int, int]],
    defined_here: Set[str],
) -> Mention:
    """A mention grown over the words just before it that a short form defined in the corpus
    spells with it (``_SpelledNames.grow``), the most such words first: "visual [glyph
    answering]" where a paper defines "visual glyph answering (VGA)". Not onto another
    mention, nor where the paper defines the name as it is (``defined_here``: long-form
    keys): "deep [glyph networks (GNs)]" names the GNs."""
    if not spelled_before:
        return mention
    words = surface_form(mention.text, mention.label).split()
    leading_words = None
    for end in range(min(len(words), MAX_BROADER_WORDS), 0, -1):
        # the defined name, or the defined name and more ("visual [glyph answering tasks]")
        key = normalise(" ".join(words[:end]))
        if key in defined_here:
            return mention
        leading_words = spelled_before.get(key)
        if leading_words:
            break
    if not leading_words:
        return mention
    window = max(0, mention.start - 40 * MAX_SPELLED_LEADING)
    before = text[window : mention.start]
    if not before[-1:].isspace():
        return mention
    found = list(_WORD_BEFORE.finditer(before))[-MAX_SPELLED_LEADING:]
    for take in range(len(found), 0, -1):
        taken = [w.group() for w in found[-take:]]
        opening = len(taken[0]) - len(taken[0].lstrip(_OPENING_MARKS))  # "(visual X"
        taken[0] = taken[0][opening:]
        if " ".join(taken).lower() not in leading_words:
            continue
        start = window + found[-take].start() + opening
        if not opening and start > 0 and not text[start - 1].isspace():
            return mention  # the window cut a word
        if any(
            field == mention.field and other_start < mention.start and other_end > start
            for field, other_start, other_end in spans
        ):
            return mention  # the words are a mention of their own
        return replace(mention, start=start, text=text[start : mention.end])
    return mention


def _with_name_word_before(
    mention: Mention, text: str, spans: set[tuple[str, int, int]]
) -> Mention:
    """A known name (a lexicon match) grown over the capitalised word just before it in
    running text: that word makes a longer name the lexicon does not know ("Quill
    Transformer", "Sum GNN", "Code X 34B"), which is a thing of its own. Not in a title,
    where every word is capitalised, nor onto another mention."""
    if mention.source != "lexicon" or mention.field == "title":
        return mention
    found = _NAME_WORD_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if found is None or found.group(1).lower() in LEADING_NOISE | PRONOUNS:
        return mention
    start = found.start(1)
    if any(
        field == mention.field and other_start < mention.start and other_end > start
        for field, other_start, other_end in spans
    ):
        return mention  # the word belongs to a mention of its own
    return replace(mention, start=start, text=text[start : mention.end])


# What a recogniser may take in before a name it found: a description that ends in a kind
# noun ("the lightweight framework X", "the language model X") or a verb done to it
# ("fine-tuning X").
_KIND_BEFORE_NAME = re.compile(r"^(?:[a-z][\w-]* ){0,3}([a-z]+) (?=\S+$)")
_VERB_BEFORE_NAME = re.compile(r"^[a-z][a-z-]*ing (?=\S)")


# A title that opens with a name and a colon, and the article after it ("Quillnet: A ...");
# group "name" is the name.
_TITLE_NAME_COLON = re.compile(
    r"^\s*(?P<name>[^:]{1,60}?)\s*:\s+(?:(?:an?|the)\s+)?", re.IGNORECASE
)
# Kind nouns a title's description of its name ends in, besides ``KIND_WORDS``: what the
# named thing is ("a causality-conforming solution", "a kinematic perspective").
_DESCRIBED_KINDS = KIND_WORDS | {"solution", "perspective", "network", "formulation", "view"}
_TITLE_CLAUSE_LINKS = frozenset(
    {"of", "for", "with", "in", "on", "to", "using", "via", "by", "from"}
)


def _description_of_the_title_name(
    mention: Mention,
    title: str | None,
    mentions: Sequence[Mention],
    local: Mapping[str, str],
    times_written: Mapping[str, int],
) -> Mention | None:
    """A title mention, or None where it only says again what the title's name is.

    "Quillnet: A Braided Decoding Algorithm for X" proposes Quillnet, and the phrase after
    the colon, ending in a kind noun, describes it: no second thing. What comes before the
    kind noun stays when the corpus writes it as a name ("Quillnet: A Zarn Filter Approach
    to X" uses the Zarn filter); else the phrase goes. A phrase the name abbreviates
    ("QBD: Quill Braided Decoding") is its long form and stays whole, and so does every
    phrase where the name is no proposal the extraction flagged ("Learning Rates: A Random
    Matrix Approach" names nothing before its colon), and a phrase written elsewhere too
    ("Quillnet: Deep Braided Networks for X", where the corpus writes deep braided networks
    again): a kind the name is one of."""
    opening = _TITLE_NAME_COLON.match(title or "")
    words = mention.text.split()
    if (
        opening is None
        or not _starts_the_phrase_after(opening, mention.start)
        or len(words) < 2
        or singular(words[-1].lower()) not in _DESCRIBED_KINDS
        or any(w.lower() in _TITLE_CLAUSE_LINKS for w in words)
    ):
        # no phrase after a title's name, no kind noun, or two things ("X: Quill Folding of
        # Zarn Models", read apart later)
        return mention
    name = next(
        (
            m
            for m in mentions
            if m.field == "title"
            and m.proposed
            and (m.start, m.end) == (opening.start("name"), opening.end("name"))
        ),
        None,
    )
    if (
        name is None
        or local.get(normalise(name.text)) == normalise(mention.text)
        or times_written[normalise(surface_form(mention.text, mention.label))] > 1
    ):
        return mention  # a long form, or a name written elsewhere too ("Deep Quill Networks")
    kept = mention.text[: mention.text.rindex(" ")].rstrip()
    if not times_written[normalise(surface_form(kept, mention.label))]:
        return None
    return replace(mention, end=mention.start + len(kept), text=kept, proposed=False)


def _starts_the_phrase_after(opening: re.Match, start: int) -> bool:
    """Whether a mention at ``start`` opens the phrase after the title's name and colon,
    its article included or not ("Quillnet: A Braided ...")."""
    return start == opening.end() or (
        opening.end("name") < start < opening.end()
        and bool(_ARTICLE.fullmatch(opening.string[start : opening.end()]))
    )


_ARTICLE = re.compile(r"(?:an?|the)\s+", re.IGNORECASE)


def _name_without_description(mention: Mention) -> Mention:
    """A mention that ends in a coined name, cut after the lower-case description before it
    when that ends in a kind noun ("language model QuillLM-7B" is QuillLM-7B), or after the
    verb that opens it ("fine-tuning QuillLM" is QuillLM, "pruning sparse Glyph-RNNs" is
    "sparse Glyph-RNNs"). Adjectives before a name make a kind of it ("linear Glyph-RNNs")
    and stay."""
    words = mention.text.split()
    if len(words) < 2 or "(" in mention.text or not is_name_like(words[-1]):
        return mention  # "language models (LMs)": a name defined, not described
    found = _KIND_BEFORE_NAME.match(mention.text)
    if found is None or singular(found.group(1)) not in KIND_WORDS:
        found = _VERB_BEFORE_NAME.match(mention.text)
        if found is None:
            return mention
    start = mention.start + found.end()
    return replace(mention, start=start, text=mention.text[found.end() :])


# A coined or short name, then one more word: its possessive ("QFS's solution") or a plural
# word ("QFS frames ..."); group 1 is the name.
_NAME_AND_WORD = re.compile(r"^(\S+?)(?:'s \S+| [a-z]+s)$")
# What opens a sentence before its subject: "Notably, ", "In addition, " (a few words, a
# comma), or the words that say a name is the paper's own thing ("..., our model ").
_SENTENCE_OPENING = re.compile(
    r"^\W*(?:\w+ ){0,2}\w+, $|(?:^|, )(?:our|the proposed) (?:[\w-]+ )?"
    rf"(?:{MADE_THING_KINDS}|agent|network)s? $",
    re.IGNORECASE,
)
# What follows a plural-looking word that is the sentence's verb, and seldom a noun: "as",
# an article or a possessive ("QFS ranks as ...", "QFS frames the task as ..."). After a
# noun a verb or a preposition follows instead ("QFS samples are ...", "QFS layers in
# deep stacks ...", "QFS agents with tools ...").
_AFTER_A_VERB = re.compile(
    r"\s+(?:as|the|a|an|its|their|this|these|our|"
    # or a doing as its object ("QFS frames forgetting as ..."), not an "-ing" word that
    # opens a phrase after a noun ("QFS samples during training", "QFS features using X")
    r"(?!(?:during|including|using|following|regarding|concerning|according|involving|"
    r"containing|having|being|requiring|showing|trained|based)\b)[a-z]+ing)\b"
)


# A release of a model by its size ("QFS-7B", "Zarn-Quill-10.8B-v1.0"): a name, even where the
# paper never writes it alone.
_SIZED_RELEASE = re.compile(r"[A-Za-z]-\d+(?:\.\d+)?[BM]\b")


def _name_without_its_verb(mention: Mention, text: str, written: set[str]) -> Mention:
    """A mention that is a coined or short name the paper also writes alone, with the
    word after it taken in, cut back to the name: its possessive ("QFS's solution": QFS
    is what is spoken of) or, where the name opens a sentence and no verb follows, its
    verb, which the tagger read as a plural noun ("QFS frames forgetting as ...",
    "Notably, QFS-7B ranks as ...", "..., our model QFS-7B-v2 ranks as ...": a release by
    its size is a name even where the paper never writes it alone). "QFS models combine
    ..." and "QFS layers in ..." stay: a verb or a preposition follows a noun."""
    found = _NAME_AND_WORD.match(mention.text)
    if found is None:
        return mention
    name = found.group(1)
    if not (is_short_form(name) or is_name_like(name)):
        return mention
    if normalise(name) not in written and not _SIZED_RELEASE.search(name):
        return mention
    if "'s " not in mention.text:
        opening = text[mention.sentence_start : mention.start]
        if (opening and not _SENTENCE_OPENING.search(opening)) or not _AFTER_A_VERB.match(
            text, mention.end
        ):
            return mention
    return replace(mention, end=mention.start + len(name), text=name)


# Words that can open a name: capitalised or hyphenated, joined by "and" or "of", no
# gerund first ("Parameter-Efficient", "Efficient and Effective").
_NAME_WORD = r"(?:[A-Z][\w-]*|\w+-[\w-]+)"
_NAME_WORDS = re.compile(rf"^(?![A-Za-z]+ing\b){_NAME_WORD}(?: (?:and |of )?{_NAME_WORD})* $")
# Three, two or one words right before a mention.
_WORDS_BEFORE = tuple(re.compile(rf"(?<![\w-])(?:[\w-]+ ){{{n}}}$") for n in (3, 2, 1))


# Where a title's first part ends: the end, a colon, or a preposition opening the rest
# ("X of Y towards Z", "X of Y for Z").
_TITLE_PART_END = re.compile(
    r"\s*(?:$|[:?]|(?:towards?|for|with|via|in|on|using|through|under|beyond)\s)", re.IGNORECASE
)
# A title's name before its colon: what follows opens the title's next part ("QuillFit:
# Direct Folding of Glyph Models").
_TITLE_NAME_BEFORE = re.compile(r"[^:]{1,60}:\s+")
# Heads that name a doing ("learning", "parameterization"): stricter than ACTIVITY_HEAD,
# whose "-ure" and "-ance" also end things ("mixture", "distance").
_DOING_HEAD = re.compile(r"..(?:ing|tion|sion|ment|sis)$")


def _names_a_doing_by_head(head: str) -> bool:
    """Whether a (singular, lower-case) head word names a doing: by its ending
    ("parameterization", "learning") or as an activity without one ("search", "inference")."""
    return bool(_DOING_HEAD.search(head)) or head in kinds().action_heads


def _title_clause_pieces(
    mention: Mention, text: str | None, spans: Set[tuple[str, int, int]] = frozenset()
) -> list[Mention]:
    """A mention that opens a title, or its part after a name and a colon, and fills that
    part (up to a colon or a preposition) and says what is done to what ("Self-supervised
    Learning of Motion Capture", "Direct Parameterization of Deep Networks for Z"): its two
    sides, the doing (a method, or a task when its head names one) and what it is done to,
    but for a side already in ``spans`` (field, start, end of the paper's mentions). After
    a name, the doing needs two words ("Zarn: Detection of X" stays whole). Other mentions:
    themselves."""
    if text is None or mention.field != "title" or mention.nested:
        return [mention]
    after_a_name = mention.start > 0 and _TITLE_NAME_BEFORE.fullmatch(text[: mention.start])
    if not (mention.start == 0 or after_a_name) or not _TITLE_PART_END.match(text, mention.end):
        return [mention]
    cut = mention.text.find(" of ")
    if cut <= 0:
        return [mention]
    doing, done_to = mention.text[:cut], mention.text[cut + 4 :]
    if after_a_name and " " not in doing:
        return [mention]  # "Zarn: Detection of Glyph Inputs": one word is no doing's name
    if not _names_a_doing_by_head(singular(doing.split()[-1].lower())) or not done_to:
        return [mention]
    start_of_rest = mention.start + cut + 4
    pieces = [
        replace(
            mention,
            end=mention.start + cut,
            # a doing is a method, unless its head names a task ("Sparse Summarization")
            label="task" if head_type(doing.split()) == "task" else "method",
            text=doing,
            proposed=False,
        ),
        replace(
            mention,
            start=start_of_rest,
            text=done_to,
            label=head_type(done_to.split()) or mention.label,
            proposed=False,
            model_label=None,
        ),
    ]
    # a side that is already a mention of its own (a known name nested in the title) is
    # that mention: one mention per span
    return [p for p in pieces if (p.field, p.start, p.end) not in spans]


def is_name_like_name(name: str) -> bool:
    """A coined or capitalised name ("Zorblax", "QX-Net"), not a common phrase."""
    return any(is_name_like(w) or w[:1].isupper() for w in name.split())


# A lettered version ("X-R") and the bare letters of more versions after it in the text:
# "X-R, S", "X-R/S and C" (X-S, X-C). Group 1 holds the listed letters.
_LETTERED_VERSION = re.compile(r"^(?P<base>.*[A-Za-z].*-)[A-Z]{1,2}$")
# A letter after "and" or "or" ends the list or is followed by more of it ("X-R, S, and
# C"), never by a word ("X-R and A new model": "A" is an article).
_LETTER_END = r"(?=\s*(?:[,;:.)\]/]|and\b|or\b|$))"
_MORE_LETTERS = re.compile(
    rf"((?:(?:\s*[,/]\s*|,?\s+(?:and|or)\s+(?=[A-Z]{{1,2}}{_LETTER_END}))[A-Z]{{1,2}}(?![\w-]))+)"
)
_LISTED_LETTERS = re.compile(r"[A-Z]{1,2}(?![\w-])")


def _version_pieces(
    mention: Mention, surface: str, text: str | None = None
) -> list[tuple[str, Mention]]:
    """(name, mention) pairs: one, or one per version of a slash list ("X-10/100" is "X-10"
    at "X-10" and "X-100" at "100"), each mention with its own offsets; with the ``text``
    the mention is in, also one per version its lettered name lists after it by letters
    alone ("X-R, S": "X-S" at "S")."""
    names = slash_versions(surface)
    if len(names) == 1:
        return [(surface, mention), *_listed_letter_versions(mention, surface, text)]
    number = re.search(r"\d+[kKmMbB]?$", names[0])
    if number is None:  # slash_versions only splits names that end in a number
        return [(surface, mention)]
    tail = number.group()  # "10" of "X-10"
    listed = tail + "".join("/" + n[len(names[0]) - len(tail) :] for n in names[1:])
    offset = mention.text.rfind(listed)
    if offset < 0:
        return [(surface, mention)]
    first_end = offset + len(tail)
    pieces = [
        (names[0], replace(mention, end=mention.start + first_end, text=mention.text[:first_end]))
    ]
    position, listed_end = first_end, offset + len(listed)
    for name in names[1:]:
        start = position + 1
        position = mention.text.find("/", start, listed_end)
        end = position if position >= 0 else listed_end
        pieces.append(
            (
                name,
                replace(
                    mention,
                    start=mention.start + start,
                    end=mention.start + end,
                    text=mention.text[start:end],
                ),
            )
        )
        if position < 0:
            break
    return pieces


def _by_its_letter(mention: Mention, surface: str) -> bool:
    """A mention that is a version's letter alone ("S" for "X-S", ``_listed_letter_versions``)."""
    return len(mention.text) <= 2 and mention.text.isalpha() and surface != mention.text


def _listed_letter_versions(
    mention: Mention, surface: str, text: str | None
) -> list[tuple[str, Mention]]:
    """The versions "X-R, S" lists after "X-R" by their letters alone: ("X-S", mention of "S")."""
    if text is None or version_base(surface) is None:  # its quick checks first
        return []
    lettered = _LETTERED_VERSION.match(surface)
    if lettered is None:
        return []
    listed = _MORE_LETTERS.match(text, mention.end)
    if listed is None:
        return []
    return [
        (
            lettered["base"] + found.group(),
            replace(mention, start=found.start(), end=found.end(), text=found.group()),
        )
        for found in _LISTED_LETTERS.finditer(text, listed.start(1), listed.end(1))
    ]


def merge_spellings_of_a_short_form(drafts: dict[str, _EntityDraft]) -> dict[str, str]:
    """Merge two long forms of one short form that are spellings of one name ("quill
    foldng (QF)" and "quill folding (QF)", "quill graphy (QG)" and "quill gram (QG)"):
    their keys are at least ``SPELLING_SIMILARITY`` alike. The one with fewer mentions merges
    into the other. Returns old key -> new key."""
    by_short: dict[str, list[str]] = defaultdict(list)
    for key in sorted(drafts):
        for short in {normalise(s) for s in drafts[key].short_surfaces}:
            by_short[short].append(key)
    redirects: dict[str, str] = {}
    for keys in by_short.values():
        # most mentioned first: the others merge into it
        ranked = sorted(
            {_final(k, redirects) for k in keys}, key=lambda k: (-drafts[k].mentions, k)
        )
        # (what the others merge into is among the most mentioned: a short form a hostile
        # corpus gives thousands of long forms costs thousands of comparisons each, not
        # millions)
        for at, key in enumerate(ranked[:MAX_SPELLING_TARGETS]):
            if key in redirects:
                continue
            for other in ranked[at + 1 :]:
                if (
                    other not in redirects
                    and not any(ch.isdigit() for ch in key + other)  # versions stay apart
                    # a name and a longer one ("X process" and "X process kernel", "deep
                    # X process")
                    and not (key.startswith(other) or other.startswith(key))
                    and not (key.endswith(other) or other.endswith(key))
                    and _alike(key, other)
                ):
                    drafts[key].absorb(drafts.pop(other))
                    redirects[other] = key
    return {old: _final(new, redirects) for old, new in redirects.items()}


# Two long forms of one short form this alike (difflib's ratio of their keys) are one name
# spelled two ways: a typo, a dropped letter, "-ogram" and "-ography".
SPELLING_SIMILARITY = 0.9
# The long forms of one short form that the others may merge into, the most mentioned first.
MAX_SPELLING_TARGETS = 50


def _alike(first: str, second: str) -> bool:
    """Whether two keys are ``SPELLING_SIMILARITY`` alike (difflib's cheap upper bounds
    first: most pairs differ in length or letters enough to tell at once)."""
    matcher = SequenceMatcher(None, first, second)
    return (
        matcher.real_quick_ratio() >= SPELLING_SIMILARITY
        and matcher.quick_ratio() >= SPELLING_SIMILARITY
        and matcher.ratio() >= SPELLING_SIMILARITY
    )


def _then(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    """Two rounds of merges (old key -> new key) as one."""
    return {old: second.get(new, new) for old, new in first.items()} | second


def merge_short_form_compounds(
    drafts: dict[str, _EntityDraft],
    lexicon: Mapping[str, tuple[str, str, str]] | None = None,
    defined: Mapping[str, Iterable[str]] | None = None,
    earlier: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Merge a name that holds a short form ("offline QF", "QF schedules") into the same
    name written out ("offline quill folding", "quill folding schedules") where that is an
    entity too: the short form's expansions are those the corpus defines (``defined``:
    short-form key -> long-form keys, ``abbreviation_senses``) or the lexicon knows (the
    drafts' short spellings). A short form with several expansions merges only where
    exactly one of them makes an entity's name. ``earlier``: merges made before, which
    the names found go through. Returns old key -> new key."""
    expansions = _short_form_expansions(drafts, defined)
    redirects: dict[str, str] = {}
    for key in sorted(drafts):
        if not drafts[key].surfaces:
            continue
        words = drafts[key].surfaces.most_common(1)[0][0].split()
        if len(words) < 2:
            continue
        targets: set[str] = set()
        for at, word in enumerate(words):
            if not is_short_form(word):
                continue
            # keyed as a short form is ("RNNs" is "RNN")
            for long_key in expansions.get(normalise(word), ()):
                # the words around the short form keyed as any name is, then the long
                # form's key in its place
                spelled = normalise(" ".join([*words[:at], _SHORT_FORM_SLOT, *words[at + 1 :]]))
                target = spelled.replace(_SHORT_FORM_SLOT, long_key)
                if lexicon is not None and target in lexicon:
                    target = lexicon[target][0]
                target = _final(_final(target, earlier or {}), redirects)
                if target != key and target in drafts:
                    targets.add(target)
        if len(targets) != 1:
            continue
        (target,) = targets
        drafts[target].absorb(drafts.pop(key))
        redirects[key] = target
    return {old: _final(new, redirects) for old, new in redirects.items()}


def _short_form_expansions(
    drafts: Mapping[str, _EntityDraft], defined: Mapping[str, Iterable[str]] | None
) -> dict[str, set[str]]:
    """Short-form key -> the keys of what it stands for: the long forms the corpus defines
    it as (``defined``) and the entities written with it as their short spelling."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for short, longs in (defined or {}).items():
        expansions[short].update(longs)
    for key, draft in drafts.items():
        for short in draft.short_surfaces:
            if " " not in short and is_short_form(short):
                expansions[normalise(short)].add(key)
    return expansions


# Stands for a short form while the words around it are keyed (lower case, one word).
_SHORT_FORM_SLOT = "qqshortformqq"


def merge_of_phrases(
    drafts: dict[str, _EntityDraft], earlier: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Merge "A of B" into "B A" where that is an entity too ("folding of quills" into
    "quill folding"): the same thing, the noun that is acted on or measured written before
    it. Not a name written with capitals ("Folding of Quills"), and only where A is one or
    two words and B holds no other "of". ``earlier``: merges made before, which the names
    found go through. Returns old key -> new key."""
    redirects: dict[str, str] = {}
    for key in sorted(drafts):
        draft = drafts[key]
        if draft.canonical_name:
            continue
        label = _most_informative(
            draft.long_surfaces or draft.surfaces, draft.openings, draft.surfaces
        )
        parts = _OF_PHRASE.fullmatch(label)
        if parts is None:
            continue
        head, of_what = parts["head"], parts["of"].split()
        if all(w[0].isupper() for w in (*head.split(), *of_what) if w[0].isalpha()):
            continue  # a name: "Folding of Quills"
        of_what[-1] = singular(of_what[-1]) if of_what[-1].islower() else of_what[-1]
        spelled = normalise(" ".join([*of_what, head]))
        if spelled == normalise(head):
            continue  # B was dropped as a word that says nothing: "detection of a certain"
        target = _final(_final(spelled, earlier or {}), redirects)
        if target != key and target in drafts:
            drafts[target].absorb(drafts.pop(key))
            redirects[key] = target
    return {old: _final(new, redirects) for old, new in redirects.items()}


# "A of B": A one or two words, B one to three words without another "of".
_OF_PHRASE = re.compile(
    r"(?P<head>[\w-]+(?: [\w-]+)?) of (?:the |a |an )?(?P<of>(?!of\b)[\w-]+(?: (?!of\b)[\w-]+){0,2})"
)


# Kind words that name a tool made for what they follow as well as a thing of that name
# ("Quill optimizer" is Quill; "deep learning optimizers" are not deep learning).
_TOOL_KINDS = frozenset({"optimizer", "optimiser"})


def merge_kind_variants(
    drafts: dict[str, _EntityDraft], defined: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """Merge "X tasks", "X scores", "X model" into X where X is an entity too: the kind
    noun (lower-case, ``variant_suffixes`` of ``kinds.toml``) adds nothing to the name. A
    capitalised kind word is part of a name and stays. X may be a short form that stands
    for one entity ("QN scores" into "Quill Norm", defined as QN; ``defined`` as for
    ``merge_short_form_compounds``). A named measure summed up ("average BLEU") merges into
    the measure (``summary_modifiers``). Returns old key -> new key."""
    redirects: dict[str, str] = {}
    suffixes = kinds().variant_suffixes
    expansions = _short_form_expansions(drafts, defined)
    for key in sorted(drafts):
        draft = drafts[key]
        # the name as written out ("NLP tasks" merged into "natural language processing
        # tasks" is read by the latter)
        spellings = draft.long_surfaces or draft.surfaces
        # as running text writes it: a title's capitals ("Quill Sieve Models") say nothing
        surface = _most_informative(spellings, draft.openings, draft.surfaces) if spellings else ""
        words = surface.split()
        if len(words) < 2 or not words[-1].islower() or draft.canonical_name:
            continue  # a lexicon name ("X model" may be one) is not a variant
        kind = singular(words[-1])
        kind_types = {t for t, nouns in suffixes.items() if kind in nouns}
        if not kind_types:
            continue
        target = _final(normalise(" ".join(words[:-1])), redirects)
        if target not in drafts and len(words) == 2 and is_short_form(words[0]):
            stands_for = {_final(k, redirects) for k in expansions.get(target, ())} & set(drafts)
            if len(stands_for) == 1:
                (target,) = stands_for  # "QN scores": the entity QN stands for
        if target == key or target not in drafts or key in redirects:
            continue
        if kind in _TOOL_KINDS and is_umbrella(" ".join(words[:-1])):
            continue  # "deep learning optimizers" are optimizers for a field, not the field
        if (
            kind_types == {"method"}
            and kind_noun_type(words[:-1], words[-1], "method", artifact_keeps_kind=False) == "task"
        ):
            # "Quill summarization approaches" and "Quill summarization models" are means to
            # a task, not spellings of it: neither merges into the other, and each keeps its
            # own type (a task's systems never merge: "system" is no variant suffix)
            continue
        if (
            kind_types == {"method"}
            and drafts[target].mentions >= MIN_READ_AS_OTHER
            and _majority(drafts[target].type_votes) != "method"
        ):
            # "latent variable models" are models with latent variables, which the text
            # reads, more than once, as something other than a method: the models are no
            # spelling of it
            continue
        votes = (
            drafts[target].type_votes
            + draft.type_votes
            + Counter({t: KIND_VOTE * draft.mentions for t in kind_types})
        )
        if _majority(votes) not in kind_types:
            continue  # together they must be of the kind's type: "reward model" is no "reward"
        drafts[target].absorb(drafts.pop(key))
        redirects[key] = target
    for key in sorted(set(drafts) - set(redirects)):
        measure = _summarised_measure(key, drafts[key], drafts)
        if measure is not None and _final(measure, redirects) in drafts:
            measure = _final(measure, redirects)
            drafts[measure].absorb(drafts.pop(key))
            redirects[key] = measure
    return {old: _final(new, redirects) for old, new in redirects.items()}


def _summarised_measure(
    key: str, draft: _EntityDraft, drafts: dict[str, _EntityDraft]
) -> str | None:
    """The key of the named measure that ``draft`` sums up ("average BLEU", "downstream
    pass@1 scores" -> BLEU, pass@1), where that measure is an entity, named by a coined word
    (a common word after "average" may name a measure of its own: "average accuracy")."""
    if draft.canonical_name or not draft.surfaces:
        return None
    words = draft.surfaces.most_common(1)[0][0].split()
    table = kinds()
    if len(words) < 2 or words[0].lower() not in table.summary_modifiers:
        return None
    rest = words[1:]
    if (
        len(rest) > 1
        and rest[-1].islower()
        and singular(rest[-1]) in table.variant_suffixes["metric"]
    ):
        rest = rest[:-1]  # "scores"
    if not any(is_name_like(w) for w in rest):
        return None
    target = normalise(" ".join(rest))
    found = drafts.get(target)
    if found is None or target == key:
        return None
    votes = found.type_votes + draft.type_votes
    if _majority(votes) != "metric":
        return None
    return target


def _majority(votes: Counter) -> str:
    """The type with most votes (ties: the earlier of ``ENTITY_TYPES``)."""
    return max(ENTITY_TYPES, key=lambda t: (votes[t], -ENTITY_TYPES.index(t)))


def _final(key: str, redirects: Mapping[str, str]) -> str:
    while key in redirects:
        key = redirects[key]
    return key


def _count(
    draft: _EntityDraft,
    mention,
    surface: str,
    surface_key: str,
    is_short: bool,
    long_surface_of: dict[str, str],
    text: str | None,
    paper_key: str,
    *,
    keeps_leading: bool = False,
) -> None:
    """Add one mention's votes, spellings and kind evidence to its entity's draft; a
    spelling ``keeps_leading`` its first word where a short form spells it."""
    draft.type_votes[mention.label] += mention.score
    if not keeps_leading:
        surface = _without_leading_noise(surface)
    draft.surfaces[surface] += 1
    if mention.field == "title" or (text is not None and opens_sentence(text, mention.start)):
        draft.openings[surface] += 1
    if is_short:
        draft.short_surfaces[surface] += 1
        if surface_key in long_surface_of:
            draft.long_surfaces[long_surface_of[surface_key]] += 1
    else:
        draft.long_surfaces[surface] += 1
    # "Quill Folding (QF) models" named Quill Folding: the name ends at its short form, and
    # the kind noun after it is read as a kind noun after a name is
    name_end = name_end_before_kind(mention.text) or len(mention.text)
    named = _PARENTHESISED.sub(" ", mention.text[:name_end])
    if is_short and surface_key in long_surface_of:
        named = long_surface_of[surface_key]  # an abbreviation is the kind its expansion names
    draft.evidence.add(
        named,
        mention.label,
        text,
        mention.start,
        mention.start + name_end,
        in_title=mention.field == "title",
    )
    draft.papers.add(paper_key)
    draft.mentions += 1
    draft.proposed = draft.proposed or mention.proposed
    if mention.proposed:
        draft.proposed_in.add(paper_key)


def _abbreviated_term(label: str) -> bool:
    """Whether a label with a short form names a term by it: two words or more, not a
    quantity ("numbers of evaluations (NFE)", "memory footprint (MF)": how many or how
    much) or a category ("distillation methods (DMs)"), nor one hyphenated word that
    describes ("state-of-the-art (SOTA)"), nor a kind noun alone ("knowledge bases (KBs)":
    any of them), nor a level of a quantity ("high resolution (HR)", "low glint (LG)": a
    condition, however often written so). One short form for "X and Y" names one thing
    ("glyph reading and sorting (GRS)")."""
    words = [w.lower() for w in label.split()]
    before_of = words[: words.index("of")] if "of" in words else []
    table = kinds()
    return (
        len(words) > 1
        and not (len(words) == 2 and words[0] in _LEVEL_WORDS)
        and not any(singular(w) in _QUANTITY_NOUNS for w in before_of)
        and singular(words[-1]) not in table.amount_heads
        and words[-1] not in table.category_plurals
        and not is_a_kind_alone(words)
    )


# Words that give a quantity's level: with one noun after them, a level or a condition
# ("high resolution", "low light"), not a term, even where a short form is given to it.
_LEVEL_WORDS = frozenset({"high", "low", "large", "small", "long", "short", "higher", "lower"})
# What counts or measures what follows "of": "number of X", "degrees of freedom".
_QUANTITY_NOUNS = frozenset(
    {"number", "amount", "degree", "fraction", "share", "percentage", "proportion", "rate",
     "ratio", "count", "size"}
)  # fmt: skip


def _without_leading_noise(surface: str) -> str:
    """A spelling without the lower-case words its merge key drops ("low relative errors"
    -> "relative errors"): they praise or count, they do not name. A capitalised one is part
    of a name ("High Bandwidth Memory") and stays."""
    words = surface.split()
    dropped = 0
    while dropped < len(words) - 1 and (
        words[dropped] in _DROPPED_LEADING or praises_a_name(words[dropped:])
    ):
        dropped += 1
    return " ".join(words[dropped:]) if dropped else surface


def assemble(
    entities: dict[str, Entity],
    linked: list[LinkedMention],
    papers: Mapping[str, Paper] | None = None,
    stated: Mapping[str, Sequence[SentenceRelation]] | None = None,
    results: Iterable[tuple[str, Result]] = (),
    *,
    learned_roles: bool | RoleModel = True,
    role_memo: RoleMemo | None = None,
) -> LinkResult:
    """The relations of resolved entities and their linked mentions: each paper's role for
    each entity (read from ``papers``' sentences; ``learned_roles`` and ``role_memo`` as in
    ``link``),
    ``broader`` edges, the entity -> entity relations ``stated`` (paper key -> the
    extraction's sentence relations); ``results`` (paper key, result) get the keys of the
    entities they refer to."""
    linked = sorted(
        linked, key=mention_order
    )  # the order kg.load restores; evidence indexes refer to it
    between = (
        kinds_not_peers(
            bounds_not_tools(
                evaluations_typed(stated_relations(linked, stated), entities, linked, papers or {}),
                entities,
            ),
            entities,
        )
        if stated
        else []
    )
    between = sorted(
        between + broader_relations(entities), key=lambda r: (r.subject, r.predicate, r.object)
    )
    named: set[int] = set()
    relations = paper_roles(
        linked, entities, papers or {}, named=named, learned=learned_roles, memo=role_memo
    )
    for index in named:  # a sentence names the proposal: flagged as the extraction flags one
        item = linked[index]
        linked[index] = replace(item, mention=replace(item.mention, proposed=True))
    _shown_as_own_names(entities, linked, {linked[index].entity_key for index in named})
    return LinkResult(
        entities,
        relations,
        linked,
        between,
        results=link_results(results, linked, entities, relations),
    )


def _shown_as_own_names(
    entities: dict[str, Entity], linked: Sequence[LinkedMention], keys: Set[str]
) -> None:
    """Unhide the methods and datasets ``keys`` that a sentence names as a paper's proposal
    ("we introduce quill sorting, a method ...") where resolution hid them as unspecific:
    it reads the extraction's flags, and these are flagged after it, from the sentences.
    The rule is resolution's (a paper's own name is never hidden as unspecific when most
    papers that name it propose it); an umbrella term or a curated entity stays as it is,
    and so does a notion or an activity ("we describe data collection, transcription,
    ...": what the paper does, no thing it makes)."""
    papers: defaultdict[str, set[str]] = defaultdict(set)
    proposing: defaultdict[str, set[str]] = defaultdict(set)
    for item in linked:
        if item.entity_key in keys:
            papers[item.entity_key].add(item.paper_key)
            if item.mention.proposed:
                proposing[item.entity_key].add(item.paper_key)
    for key in keys:
        entity = entities.get(key)
        if (
            entity is not None
            and entity.generic
            and entity.type in ("method", "dataset")
            and not entity.curation
            and 2 * len(proposing[key]) >= len(papers[key])
            and not _an_umbrella(key, entity.label)
        ):
            entities[key] = replace(entity, generic=False)


def broader_relations(entities: dict[str, Entity]) -> list[Relation]:
    """``broader`` edges from a multi-word name to the longest entity of the same type
    that its last words name ("deep neural networks" -> "neural networks")."""
    relations = []
    for key, entity in entities.items():
        base = version_base(entity.label)
        base_key = normalise(base) if base else None
        if base_key and base_key != key and base_key in entities:
            relations.append(Relation(key, BROADER, base_key))  # "X-1K" -> "X", any types
            continue
        words = entity.label.split()
        # (no entity's name is longer than a few words: a longer tail is never looked up,
        # and a curated label of thousands of words costs no quadratic time)
        for start in range(max(1, len(words) - MAX_BROADER_WORDS), len(words)):
            candidate = normalise(" ".join(words[start:]))
            target = entities.get(candidate)
            if target is not None and candidate != key and target.type == entity.type:
                relations.append(Relation(key, BROADER, candidate))
                break
    return relations


def _shown_aliases(surfaces: Iterable[str], label: str) -> tuple[str, ...]:
    """The spellings of an entity other than its ``label``, less those that only case a word
    for an acronym's letters where another spelling writes the same words plainly (lookups
    ignore case, so nothing is lost) and those that are the label with a word broken by a
    line break's hyphen."""
    spellings = {s for s in surfaces if mend_broken_words(s) != label}  # "neu-ral" is no name
    plain = {s.lower() for s in spellings | {label} if not _ACRONYM_CASED_WORD.search(s)}
    return tuple(
        sorted(
            s
            for s in spellings - {label}
            if not (_ACRONYM_CASED_WORD.search(s) and s.lower() in plain)
        )
    )


def _resolve(
    key: str, draft: _EntityDraft, statistics: WordStatistics
) -> tuple[Entity | None, str | None, str | None]:
    """(entity, None, retyping) for an entity of the graph, or (None, class, None) for one left
    out as hardware, an organisation, software, a venue or a person. ``retyping`` says
    "dataset -> method" when the kind evidence overrules the recognisers' majority."""
    label = draft.canonical_name or _most_informative(
        draft.long_surfaces or draft.surfaces, draft.openings, draft.surfaces
    )
    evidence = draft.evidence
    majority = _majority(draft.type_votes)
    if draft.canonical_type:
        entity_type = draft.canonical_type
    else:
        left_class = (
            evidence.left_out_class(draft.mentions) or _named_outsider(label) or _people(label)
        )
        if left_class:
            return None, left_class, None
        entity_type = decide_type(
            draft.type_votes, evidence, ENTITY_TYPES, head_type(label.split())
        )
        voted = entity_type
        if entity_type == "concept" and _task_read_as_concept(label, draft):
            entity_type = "task"  # then checked as every task is, below
        elif entity_type == "task" and _ends_in_a_data_kind(label):
            entity_type = "concept"  # "glyph sorting datasets": described data, not the task
        if (
            entity_type == "metric" or (entity_type == "method" and _names_a_setting(label))
        ) and evidence.is_hyperparameter(draft.mentions):
            entity_type = "concept"  # set or tuned, not measured nor run: a hyperparameter
        elif entity_type == "method" and (
            _tunes_settings(label)
            or _adapting_to(label)
            or (_learning_in_a_setting(label) and not evidence.is_means())
        ):
            # choosing hyperparameters, or adapting a model to a setting ("speaker
            # adaptation"), is a task, whatever does it
            entity_type = "task"
        elif (
            entity_type == "task"
            and evidence.is_means()
            and not _tunes_settings(label)
            and singular(label.split()[-1]) not in ("problem", "task", "challenge")
        ):
            entity_type = "method"  # "via X", "X can provide ...": what does, not what is done
        elif entity_type == "task" and (
            (evidence.read and evidence.is_phenomenon())
            or not _headed_as_task(label, called_a_task=evidence.kinds["task"] > 0)
        ):
            entity_type = "concept"  # a phenomenon, a regime or a setting: nothing to do
        if entity_type == "method" and (
            _headed_by_a_measure_word(label)
            or (_headed_by_a_rate(label) and not evidence.is_hyperparameter(draft.mentions))
        ):
            # "Quill-Zarn divergence", "aspect ratio", "glyph click rate" (a rate no one
            # sets): a measure, never a method, however a paper uses it ("minimise the X
            # divergence"); a metric where a mention read as a metric is given a value ("a X
            # of 0.4"), else a concept
            entity_type = "metric" if evidence.valued else "concept"
        elif voted == entity_type == "method" and (
            _PROPERTY_NOUN.search(label.lower()) or _QUANTITY_NOUN.search(label)
        ):
            # "glyph interpretability", "reasoning capabilities", "kernel size" (a task
            # written as a means stays a doing: "via assessing X")
            entity_type = "concept"
        if entity_type in ("method", "task") and names_a_happening(label):
            # "vanishing activations", "the glyph collapse problem": what happens to a model,
            # whatever a recogniser read or the text does about it ("solve", "mitigate")
            entity_type = "concept"
        elif entity_type in ("metric", "task") and names_a_number_format(label):
            entity_type = "concept"  # "machine precision": how numbers are computed
        elif entity_type == "method" and names_a_studied_system(label):
            entity_type = "concept"  # "chaotic systems": what is modelled, not a model
        elif entity_type != "concept" and graded_by_a_parameter(label):
            entity_type = "concept"  # "epsilon-accuracy": a level a guarantee holds at
        elif entity_type == "dataset":
            entity_type = _checked_dataset_type(label, evidence)
        elif (
            entity_type == "metric"
            and _ANALYSED_PROPERTY.search(label.lower())
            and not evidence.numbered
        ):
            # "query complexity", "glyph expressivity": what an analysis states (in big-O, a
            # bound), not a score experiments report, even "in terms of" it; given a number
            # ("a glyph complexity of 0.8"), a measure
            entity_type = "concept"
        elif (
            entity_type == "metric"
            and evidence.read
            and not _called_a_measure(label)
            and (
                (not evidence.valued and not _headed_as_metric(label))
                or (
                    not evidence.measured
                    and (
                        evidence.read >= MIN_UNMEASURED_READ
                        or (evidence.read == 1 and draft.canonical_name is None)
                    )
                )
            )
        ):
            # never given a value nor said to be a measure, and not named as one ("higher
            # angle spread"); or named as one but only reasoned about ("the divergence
            # between the two laws"), in enough mentions to tell, or in its only mention
            # when no lexicon knows it ("we derive the X"): a quantity, not a metric
            entity_type = "concept"
        if _called_a_dataset_by_name(label, entity_type, draft):
            # "the Quillbench dataset": a name the text calls a dataset, whatever a
            # recogniser read around its other mentions; checked as every dataset is
            entity_type = _checked_dataset_type(label, evidence)
        if entity_type in ("concept", "method") and _edition_of_a_name(label):
            # "QUILL 2015": a year's edition of a collection (or of its challenge), whatever
            # the text says around it
            entity_type = "dataset"
        if entity_type == "concept" and (
            _CAMEL_CASE_NAME.match(label) or _RELEASE_VERSION.search(label)
        ):
            # "ZarnGrad", "QuillBERT": coined so, a model or algorithm; "Quorb v2.1": a
            # release of one (a notion has no versions)
            entity_type = "method"
        if is_counted_unit(label):
            entity_type = "metric"  # "GFLOPs", "GPU hours": what results are counted in
        elif (
            entity_type == "task"
            and evidence.written_as_name
            and label.split()[-1].capitalize() in kinds().collection_plurals
        ):
            entity_type = "dataset"  # "Basic Quill Questions" written as a name: a collection
    short = draft.short_surfaces.most_common(1)[0][0] if draft.short_surfaces else None
    aliases = _shown_aliases(draft.surfaces, label)
    # a name the abstracts write as a proper name ("the Quill Folding Method") is one, unless
    # many papers do (writers capitalise umbrella terms too: "Deep Learning")
    named = draft.canonical_name is not None or (
        evidence.written_as_name > 0 and len(draft.papers) < ESTABLISHED_PAPERS
    )
    # a phrase the writers give a short form is a term they name by it ("in-context
    # learning (ICL)", "Street View House Numbers (SVHN)"), however plain its words
    named = named or (short is not None and _abbreviated_term(label))
    # "Lie groups", "Taylor expansion": everyday words after a proper name make a term
    eponymous = 2 * evidence.written_with_a_name >= evidence.read > 0
    score = specificity(label, statistics, named=named, eponymous=eponymous)
    if (
        entity_type == "metric"
        and evidence.measured * MEASURED_SHARE >= draft.mentions
        and _measure_of_a_process(label)
    ):
        # "training time", "inference latency", "win rate": what results are measured in,
        # however common the words (before, "training time" in 14 seeds papers was hidden);
        # not a stage named so ("at inference time") in more than two of its mentions in three
        score = max(score, MEASURE_SPECIFICITY)
    if entity_type == "task" and score < GENERIC_BELOW:
        # "view synthesis", "policy evaluation": a doing named by the thing it is done to
        score = max(score, task_on_a_thing(label, statistics))
    # a paper's own new name is never hidden as unspecific, however plain its words, unless
    # most papers that name it propose nothing by it ("a character-level decoder" proposed
    # in one paper does not make "decoder" specific in five others)
    own_name = draft.proposed and 2 * len(draft.proposed_in) >= len(draft.papers)
    generic = (
        _an_umbrella(key, label)
        or (score < GENERIC_BELOW and not own_name)
        or (entity_type == "task" and not named and not own_name and evidence.is_loose())
    )
    entity = Entity(
        key=key,
        type=entity_type,
        label=label,
        aliases=aliases,
        abbreviation=short,
        paper_count=len(draft.papers),
        mention_count=draft.mentions,
        generic=generic,
        specificity=score,
    )
    return entity, None, (f"{majority} -> {entity_type}" if entity_type != majority else None)


_NOT_A_NAME = re.compile(r"[{}=\\_^]|,\s*dots")
# One coined word in camel case: a capital, lower-case letters, then a capital ("ZarnGrad",
# "QuillBERT", "SimQuill-2"). Concepts are named in ordinary words or as acronyms.
_CAMEL_CASE_NAME = re.compile(r"^[A-Z][a-z]+[A-Z][\w-]*$")
# A release's version after a name: "Quorb v2.1", "Zarn V3", "Quorb-v2".
_RELEASE_VERSION = re.compile(r"\S[\s-][vV]\d+(?:\.\d+)*$")


# "hyperparameter tuning", "hyper-parameter search": the activity of choosing settings.
_SETTINGS_CHOICE = re.compile(
    r"^(?:\S+\s+)?hyper-?parameters?\s+(?:tuning|optimi[sz]ation|search|selection|sweeps?)$",
    re.IGNORECASE,
)


def _adapting_to(label: str) -> bool:
    """A name for adapting a model to a setting: "adaptation" after what it is adapted to
    (``adaptation_targets`` of kinds.toml: "domain", "speaker", "test-time"); not how it
    is adapted ("low-rank adaptation"), nor a name written in capitals."""
    words = label.split()
    if len(words) < 2 or singular(words[-1]) != "adaptation" or not label[1:].islower():
        return False
    targets = kinds().adaptation_targets
    # "test-time" as written (its first letter may open a sentence), or the last part of
    # "cross-domain"
    target = words[-2].lower()
    return target in targets or target.rpartition("-")[2] in targets


def _names_a_setting(label: str) -> bool:
    """Whether a name ends in the head of a quantity one sets ("weight decay", "step
    size"): a method's name ("Quill Monte Carlo") is run, not set, whatever words of
    setting stand near it."""
    words = label.lower().split()
    heads = kinds().hyperparameter_heads
    # "warm-up" whole, or the last part of "learning-rate"
    return bool(words) and (
        singular(words[-1]) in heads or singular(words[-1].rpartition("-")[2]) in heads
    )


def _learning_in_a_setting(label: str) -> bool:
    """Learning named by the setting it happens in ("class-incremental learning", "offline
    reinforcement learning", "few-shot RL"): a problem setting people work on, a task, not
    one method (``learning_settings`` of ``kg/data/vocabulary.toml``)."""
    if _title_cased(label):
        return False  # "Quill Continual Learning": a name the paper gives its method
    words = label.lower().split()
    if words[-1:] == ["rl"] or words[-2:] == ["reinforcement", "learning"]:
        before = words[:-2] if words[-1] == "learning" else words[:-1]
    elif words[-1:] == ["learning"]:
        before = words[:-1]
    else:
        return False
    # sharing across tasks is how a model learns, not where: annotators call it a method
    return bool(before) and before[-1] in LEARNING_SETTINGS - {"multi-task", "multitask"}


def _tunes_settings(label: str) -> bool:
    """A name for choosing hyperparameters ("hyperparameter search"): a task, not a method;
    a named method for it ("Hyperband") is a method."""
    return bool(_SETTINGS_CHOICE.match(label))


# Heads of a property ("instability", "robustness"): a name ending so is no task.
_PROPERTY_HEAD = re.compile(r"..(?:ity|ness)$")
# How common in English (Zipf) the adjective behind a noun in -ance or -ence must be for the
# noun to name a state ("invariance" of "invariant", "coherence" of "coherent") rather than
# an activity ("inference", "surveillance": no such adjective is in use).
STATE_ADJECTIVE_ZIPF = 3.0


def _state_of_an_adjective(head: str) -> bool:
    """A noun in -ance or -ence whose adjective in -ant or -ent is a common word: a state or
    a property ("invariance", "significance"), not an activity ("assistance": "assistant"
    names a person)."""
    other = head[:-2] + "t"
    return (
        head.endswith(("ance", "ence"))
        and other not in _AGENT_NOUNS_IN_ANT
        and english_zipf(other) >= STATE_ADJECTIVE_ZIPF
    )


# Words in -ant or -ent that English uses as nouns of a person, not as adjectives: the
# noun in -ance or -ence beside them names an activity ("assistance", "correspondence").
_AGENT_NOUNS_IN_ANT = frozenset(
    {"assistant", "attendant", "correspondent", "accountant", "consultant", "participant",
     "defendant", "applicant", "servant", "tenant", "student", "resident", "agent"}
)  # fmt: skip


def _task_read_as_concept(label: str, draft: _EntityDraft) -> bool:
    """Whether a name the recognisers' labels made a concept names a task: its head names
    one ("glyph recognition"), the recognisers read a task in it at least half as strongly
    as a concept, and no definition or kind noun calls it a concept ("X is a phenomenon",
    "the X phenomenon"). Not "X modelling" after a compound or a discipline's adjective
    ("data-driven modelling", "statistical modelling"), a way of working."""
    words = label.split()
    evidence = draft.evidence
    if (
        head_type(words) != "task"
        or draft.type_votes["task"] < TASK_READ_SHARE * draft.type_votes["concept"]
        or evidence.defined["concept"]
        or evidence.kinds["concept"]
    ):
        return False
    first = words[0].lower() if len(words) > 1 else ""
    modelling = singular(words[-1].lower()) in ("modeling", "modelling")
    return not (
        modelling and (is_adjective_compound(first) or first in kinds().discipline_adjectives)
    )


def _headed_as_task(label: str, *, called_a_task: bool = False) -> bool:
    """A name that can be a task: a verb first ("improving X robustness"; "training" and
    the field's other gerund heads are nouns), a coined word, or a head that names an
    activity ("segmentation", "search": ``action_heads`` of ``kg/data/kinds.toml``) or a
    problem ("X task", or ``called_a_task``: a mention followed by "task" or "problem") and
    no property ("rollout instability", "adversarial robustness"). The head of "X of Y" is
    X. A name headed otherwise ("discrete time", "noiseless case") is a setting or a thing."""
    words = label.split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    first = words[0] if words else ""
    if (
        len(words) > 1
        and first.endswith("ing")
        and first.islower()
        and "-" not in first  # "anti-forgetting capabilities": a compound modifier
        and not head_type([first])
    ):
        return True  # a verb first; not a gerund the field uses as a noun ("training X")
    if not words:
        return True
    head = singular(words[-1].lower())
    if _PROPERTY_HEAD.search(head) or _state_of_an_adjective(head):
        # "Quill-7 capabilities", "permutation invariance": what a thing has, not what is done
        return False
    if any(is_name_like(w) for w in words):
        return True
    return (
        first.lower().endswith("ing")  # "modeling X dynamics": the gerund may be the verb
        or bool(ACTIVITY_HEAD.search(head))
        or head in kinds().action_heads
        or kinds().typed.get(head) == "task"
        or "-to-" in words[-1]  # "text-to-speech"
        or called_a_task  # "the X problem" somewhere
    )


# How specific a measure of a process is (``_measure_of_a_process``): above GENERIC_BELOW,
# where at least one mention in MEASURED_SHARE is in a measure's place.
MEASURE_SPECIFICITY = 0.5
MEASURED_SHARE = 3
# Heads of a measure of a process ("training time", "inference speed", "error rate"), and
# the ones that are a measure alone ("latency"). Not "error": "approximation error" and
# "estimation error" are as often a theory's quantities as what results are measured in.
_PROCESS_MEASURE_HEADS = frozenset(
    {"time", "speed", "latency", "throughput", "runtime", "speedup", "rate"}
)
_MEASURE_ALONE = frozenset({"latency", "throughput", "runtime", "speedup", "perplexity"})


def _measure_of_a_process(label: str) -> bool:
    """Whether a metric's name is a measure of a process: a measure's head after one or two
    words that name what is measured ("training time", "inference speed", "win rate"), or
    a measure alone ("latency"); in the singular (a measure is named so: "arrival rates"
    occur), not two things joined ("time and memory", "memory & time"), and not a setting
    or a rate of nature ("dropout rate", "growth rate", "in real time")."""
    words = label.split()
    if not words or _is_plural(words[-1]):
        return False
    head = words[-1].lower()
    if len(words) == 1:
        return head in _MEASURE_ALONE
    return (
        len(words) <= 3
        and head in _PROCESS_MEASURE_HEADS
        and not any(w.lower() in _JOINING for w in words)
        and words[0].lower() not in _NOT_A_PROCESS_MEASURED
    )


_JOINING = frozenset({"and", "or", "&", "/", "vs", "vs.", "versus"})
# What names a setting one chooses, a rate of nature or an idiom, not a process whose
# measure results are given in ("dropout rate", "heart rate", "in real time").
_NOT_A_PROCESS_MEASURED = frozenset(
    {
        "learning", "dropout", "decay", "warmup", "warm-up", "momentum", "masking", "mask",
        "sampling", "heart", "growth", "arrival", "birth", "death", "interest", "mutation",
        "real", "run", "lead", "half",
    }
)  # fmt: skip


# A property named by the adjective it is made from ("-able": "glyph interpretability",
# "reasoning capabilities", "trainability"): what a thing has, never a way of doing.
_PROPERTY_NOUN = re.compile(r"[ai]bilit(?:y|ies)\W*$")
# How big or how much of a thing, or what holds of it, written in lower case ("kernel size",
# "packing fraction", "model capacity", "time-reversal symmetry"; not "Polyak Step Size", a
# rule a paper names so)
_QUANTITY_NOUN = re.compile(r"\b(?:sizes?|fractions?|capacit(?:y|ies)|symmetr(?:y|ies))$")
# Heads of a property an analysis states rather than a score results report.
_ANALYSED_PROPERTY = re.compile(r"\b(?:complexity|complexities|expressivity|expressiveness)$")


def _headed_by_a_measure_word(label: str) -> bool:
    """Whether a name ends in a word that names a measure ("divergence", "ratio", "error",
    "accuracy": ``METRIC_PHRASE_HEADS``), in lower case and in the singular: a measure,
    not a short form ("Quill-MAE" may be a model) nor a map ("self-organizing map")."""
    words = label.split()
    if not words or not words[-1].islower() or _is_plural(words[-1]):
        return False
    return singular(words[-1]) in METRIC_PHRASE_HEADS


def _headed_by_a_rate(label: str) -> bool:
    """Whether a name of two words or more ends in "rate" in lower case ("click-through
    rate", "glyph error rates"): how often something happens, or a value one sets
    ("learning rate"; ``KindEvidence.is_hyperparameter`` tells them apart)."""
    words = label.split()
    return len(words) > 1 and words[-1].islower() and singular(words[-1]) == "rate"


def _headed_as_metric(label: str) -> bool:
    """A name whose head word says it is a measure ("robust accuracy", "interpolation
    error", "speedup"): a metric even where no result is given. Not a plural head: a
    measure is named in the singular, and "rounding errors" or "pairwise correlations" are
    things that occur, not what results are measured in."""
    words = label.split()
    if not words or _is_plural(words[-1]):
        return False
    return singular(words[-1]) in METRIC_PHRASE_HEADS or head_type(words) == "metric"


def _called_a_measure(label: str) -> bool:
    """A coined name its own last word calls a measure ("the QRX-50 metric", "the ZQ
    score"): a metric even where the text only introduces it. After plain words these
    words say too little: a metric space's "Euclidean metric", measure theory's "Gaussian
    measure", the values a model computes ("a confidence score"); and "metric" or
    "measure" after a short form without a digit may name a learned distance ("the QDA
    metric")."""
    words = label.split()
    if len(words) < 2:
        return False
    last = words[-1].lower()
    if last == "score":
        return _coined(words[-2])
    return last in ("metric", "measure") and any(c.isdigit() for c in words[-2])


def _coined(word: str) -> bool:
    """A word written as a coined name: with a digit or a capital inside one of its
    parts ("QRX-50", "ZarnQA", "topK"; not "Fisher-Rao")."""
    return any(c.isdigit() for c in word) or any(
        c.isupper() for part in re.split(r"[-/\u2010-\u2015]", word) for c in part[1:]
    )


def _is_plural(word: str) -> bool:
    """A plural word in lower case or with a capital first ("errors", "Errors"; not
    "bias", "loss" or "FLOPs")."""
    lower = word.lower()
    return word[1:] == lower[1:] and lower.isalpha() and _singular_es(lower) != lower


def _people(label: str) -> str | None:
    """ "person" for a group of people named by what they are or do ("human raters", "LLM
    users", "expert annotators"): who takes part in the work, never a method, data, a task
    or a measure. Not "mixture of experts" (a mixture) nor "user embeddings" (a thing)."""
    written = label.split()
    if "of" in written:
        written = written[: written.index("of")]
    if not written or any(is_name_like(w) or w.isupper() for w in written):
        return None  # "GPT-4 evaluators", "LLM annotators", "LoRA experts": models at work
    words = [w.lower() for w in written]
    people = kinds().people
    head = singular(words[-1].split("-")[-1])  # "crowd-workers", "human-annotators"
    modifiers = {p for w in words[:-1] for p in w.split("-")} | set(words[-1].split("-")[:-1])
    if head in _PEOPLE_ONLY_WITH_PEOPLE:
        # also a part of a model ("routed experts"), a program ("weak labelers"), a
        # process of a distributed job ("backup workers"), a rendered body ("digital
        # humans") or a scene's ("dense crowds"): people where a people word says so
        return "person" if modifiers & people else None
    return "person" if head in people else None


# Heads that name people only beside a word that does ("human experts", "crowd workers").
_PEOPLE_ONLY_WITH_PEOPLE = frozenset(
    {"expert", "worker", "labeler", "labeller", "evaluator", "human", "crowd"}
)


def _named_outsider(label: str) -> str | None:
    """The class of a name the vocabulary knows is no method or dataset (a chip, a
    company, a library: ``not_methods`` and ``not_datasets``), or that is a lab's name."""
    words = label.split()
    if (
        len(words) > 1
        and words[-1] == "Research"
        and all(w[:1].isupper() for w in words)
        and any(w.isupper() and len(w) > 1 for w in words[:-1])
    ):
        return "organisation"  # "Quill AI Research", "QRX Research": a lab, not a field
    if label.lower() not in NOT_METHODS | NOT_DATASETS:
        return None
    return kinds().kind([label]) or "software or organisation"


def _checked_dataset_type(label: str, evidence: KindEvidence) -> str:
    """A dataset's type checked by its name and its places in the text: a model's name or
    head word makes it a method ("Japanese Math LLM", "LoRA+", "English RoBERTa"), software
    or a formula fragment a concept; a name never seen where data goes ("evaluated on X",
    "the X dataset", "datasets such as X") is a method when coined, else a concept."""
    words = label.split()
    if label.lower() in NOT_DATASETS or _NOT_A_NAME.search(label):
        return "concept"
    methods = _lexicon_method_keys()
    if head_type(words) == "method" or any(normalise(w.rstrip("+")) in methods for w in words):
        return "method"
    lower_case = not any(w[:1].isupper() or is_name_like(w) for w in words)
    if lower_case and _names_a_task_done(words):
        return "task"  # "glyph question answering" before "datasets": what data is for
    if lower_case or len(words) > MAX_NAME_WORDS:
        return "concept"  # described data ("three public datasets"), or a title's clause
    # a capital only where a sentence opens ("Relational databases are ...") names nothing
    opening = _capital_of_an_opening(words) and not evidence.written_with_a_name
    if opening and _ends_in_a_data_kind(label) and evidence.read:
        return "concept"  # a kind of data, no name of one
    if evidence.read and not evidence.data:
        named = any(is_name_like(w) for w in words) or (
            not opening and any(w[:1].isupper() for w in words)
        )
        return "method" if named else "concept"
    return "dataset"


def _names_a_task_done(words: list[str]) -> bool:
    """Whether lower-case words read as data name the task the data is for: a task's head
    in the singular ("glyph question answering"), not what doing it gives ("reference
    translations", "manual segmentations") nor a dialogue, which is data."""
    head = words[-1].lower()
    return head_type(words) == "task" and singular(head) == head and head not in _DATA_TASK_HEADS


# Task heads that name the data too: "customer support dialogue" is a collection.
_DATA_TASK_HEADS = frozenset({"dialogue", "dialog"})


# A capitalised first word this common in English (Zipf) is a word, not a coined name.
OPENING_WORD_ZIPF = 3.0


def _capital_of_an_opening(words: list[str]) -> bool:
    """Whether the one capital of a phrase of lower-case words is its first letter and its
    first word an English word ("Relational databases", capitalised where a sentence opens;
    not "Quillnet corpus", whose capital word is no English word, nor "Zarnbench"). Where
    the phrase stands is read from the mentions (``written_with_a_name``)."""
    return (
        len(words) > 1
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and words[0].isalpha()
        and english_zipf(words[0].lower()) >= OPENING_WORD_ZIPF
        and all(w.islower() for w in words[1:])
    )


def _ends_in_a_data_kind(label: str) -> bool:
    """Whether a name's head is a kind noun of data ("glyph sorting datasets"; not
    "sorting of glyph datasets", whose head is the doing before "of")."""
    words = label.lower().split()
    return (
        bool(words)
        and kinds().lookup(singular(words[-1])) == "dataset"
        and not any(w in _PREPOSITIONS for w in words)
    )


_PREPOSITIONS = frozenset({"of", "on", "for", "in", "from", "with", "by", "to"})


def _called_a_dataset_by_name(label: str, entity_type: str, draft: _EntityDraft) -> bool:
    """A concept or method that is a name, coined or a capitalised word no common English
    word spells ("Quillbench"), and that a kind noun calls a dataset ("the X dataset", "the
    X benchmark") more often than anything else, and, for a method, more often than the
    recognisers' method readings weigh; not a language's name ("the Welsh corpus" is data
    in that language)."""
    evidence = draft.evidence
    called = evidence.kinds["dataset"]
    if entity_type not in ("concept", "method"):
        return False
    if entity_type == "method" and called <= draft.type_votes["method"]:
        return False
    return (
        called > 0
        and all(evidence.kinds[t] < called for t in ENTITY_TYPES if t != "dataset")
        and any(is_name_like(w) or _capitalised_rare(w) for w in label.split())
        and label.lower() not in kinds().languages
    )


def _edition_of_a_name(label: str) -> bool:
    """A name followed by a year ("Quillbank 2009", "QUILL 2015"): an edition of a
    collection or of a challenge, where the word before the year is written as a name."""
    words = label.split()
    return (
        len(words) > 1
        and bool(_YEAR_AFTER.fullmatch(f" {words[-1]}"))
        and (words[-2][:1].isupper() or is_name_like(words[-2]))
    )


@lru_cache(maxsize=1)
def _lexicon_method_keys() -> frozenset[str]:
    return frozenset(
        normalise(name)
        for entry in load_lexicon()
        if entry.type == "method"
        for name in (entry.name, *entry.aliases)
    )


def _most_informative(surfaces: Counter, openings: Counter, written: Counter) -> str:
    """Most frequent spelling (ignoring case), written as in running text.

    ``written`` counts the mentions that write each spelling (``surfaces`` may also count a
    long form once for each mention of its short form) and ``openings`` those of them that
    open a sentence or stand in a title, where capitals say nothing about a name. A
    spelling whose capital only ever opens a sentence ("Quill tuning is ...") gives way to
    the same words in lower case ("quill tuning"). Title-cased forms ("Deep Quill
    Networks") come from titles: a form used mid-sentence is preferred when there is one,
    and where running text writes the same words only otherwise (singular, hyphenated),
    each word takes the case most of its running uses give it (with "deep Quill network"
    written mid-sentence, "Deep Quill Networks" reads "deep Quill networks"). Ties: longer,
    then alphabetical.
    """
    by_folded: Counter = Counter()
    for surface, count in surfaces.items():
        by_folded[surface.casefold()] += count
    best = max(by_folded, key=lambda f: (by_folded[f], len(f), f))
    spellings = [s for s in surfaces if s.casefold() == best]
    spellings = [
        s
        for s in spellings
        if not (
            " " in s
            and s[:1].isupper()
            and s.split()[0][1:].islower()
            and s[:1].lower() + s[1:] in surfaces
            and openings[s] >= written[s]
        )
    ] or spellings
    label = max(spellings, key=lambda s: (not _title_cased(s), surfaces[s], s))
    if _title_cased(label):
        label = _cased_as_running_text(label, written, openings)
    return mend_broken_words(label)


# A lower-case word broken by a hyphen, as text taken from a typeset page has it ("neu-ral").
_BROKEN_WORD = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")
WHOLE_WORD_ZIPF = 3.0  # the word joined is at least this common in English (Zipf),
BROKEN_PART_GAP = 1.0  # and its rarer part at least this much rarer: no word of its own


def mend_broken_words(text: str) -> str:
    """``text`` with the words a line break's hyphen cut in two joined again: "multilayer
    neu-ral network" -> "multilayer neural network", where the whole is a common English
    word and one part much rarer; compounds stay ("pre-training", "non-linear", "on-line",
    "self-play")."""
    if "-" not in text:
        return text

    def join(match: re.Match) -> str:
        first, second = match.group(1), match.group(2)
        whole = english_zipf(first + second)
        rarer = min(english_zipf(first), english_zipf(second))
        if whole >= WHOLE_WORD_ZIPF and rarer <= whole - BROKEN_PART_GAP:
            return first + second
        return match.group()

    return _BROKEN_WORD.sub(join, text)


_SPELLED_WORD = re.compile(r"[^\s-]+")


def _cased_as_running_text(label: str, surfaces: Counter, openings: Counter) -> str:
    """A title-cased ``label`` with each word in the case most running-text uses of the
    same words give it (mid-sentence mentions only; number and hyphens may differ): a term
    the titles capitalise, not a name ("Hidden Quill Models" -> "hidden Quill models")."""
    words = _spelled_words(label)
    lower: Counter = Counter()  # word position -> running uses in lower case
    upper: Counter = Counter()
    for surface, count in surfaces.items():
        running = count - openings[surface]
        if running <= 0 or _title_cased(surface) or _spelled_words(surface) != words:
            continue
        for position, word in enumerate(_SPELLED_WORD.findall(surface)):
            (lower if word[:1].islower() else upper)[position] += running
    positions = iter(range(len(words)))

    def recased(found: re.Match) -> str:
        position = next(positions)
        return found.group().lower() if lower[position] > upper[position] else found.group()

    return _SPELLED_WORD.sub(recased, label)


def _spelled_words(text: str) -> tuple[str, ...]:
    """The words of a spelling, whatever their case, hyphens or number."""
    return tuple(singular(w) for w in _SPELLED_WORD.findall(text.casefold()))


def _title_cased(text: str) -> bool:
    words = [w for w in _SPELLED_WORD.findall(text) if w[:1].isalpha()]
    return len(words) > 1 and all(w[0].isupper() and w[1:] == w[1:].lower() for w in words)


RESULT_ROLES = ("metric", "dataset", "method")


def link_results(
    results: Iterable[tuple[str, Result]],
    linked: list[LinkedMention],
    entities: Mapping[str, Entity],
    relations: list[Relation],
) -> list[LinkedResult]:
    """Each result with the entities of the mentions its spans cover (the mention that
    overlaps a span most, a whole name before a nested one), and for a claim about the
    paper's own method that names none, the paper's proposed entity that has a name and is
    no dataset, task or metric (a method first, then one the extraction flagged, then one
    with a short form, "Quill Sampler (QS)", then the one it names most; a proposal it only
    describes, "a braided sampler", stands for no result); a result that names no dataset, in a paper that proposes one
    (a benchmark), is on it; a claim about an entity the paper proposes is ``ours``. A span
    no mention of the graph covers becomes None, and so does a dataset span whose entity
    is an umbrella term ("a German corpus")."""
    spans: dict[tuple[str, str], list[LinkedMention]] = defaultdict(list)
    named: Counter = Counter()
    flagged: set[tuple[str, str]] = set()  # proposals named by the extraction's flag
    for item in linked:
        spans[(item.paper_key, item.mention.field)].append(item)
        named[(item.paper_key, item.entity_key)] += 1
        if item.mention.proposed:
            flagged.add((item.paper_key, item.entity_key))
    proposed: dict[
        str, tuple
    ] = {}  # paper -> (is a method, named, abbreviated, mentions in it, key) of its best proposal
    own: set[tuple[str, str]] = set()
    for relation in relations:
        if relation.predicate == PROPOSES:
            own.add((relation.subject, relation.object))
            entity = entities[relation.object]
            if entity.type in ("dataset", "task", "metric"):
                continue  # what the results are on or of, not what reaches them
            if not (
                (relation.subject, relation.object) in flagged
                or entity.abbreviation is not None
                or reads_as_name(entity.label)
            ):
                continue  # described, not named ("a random forest-based model"): no name to give
            rank = (
                entities[relation.object].type == "method",
                (relation.subject, relation.object) in flagged,
                entities[relation.object].abbreviation is not None,
                named[(relation.subject, relation.object)],
                relation.object,
            )
            proposed[relation.subject] = max(rank, proposed.get(relation.subject, rank))
    own_data = {paper: key for (paper, key) in sorted(own) if entities[key].type == "dataset"}
    own_names = {
        (paper, normalise(name))
        for paper, key in own
        for name in (entities[key].label, entities[key].abbreviation)
        if name
    }
    found = []
    for paper_key, result in results:
        keys: dict[str, str | None] = {}
        new_spans: dict[str, tuple[int, int] | None] = {}
        for role in RESULT_ROLES:
            span = getattr(result, f"{role}_span")
            covering = _covering(spans.get((paper_key, result.field), ()), span) if span else None
            if covering is not None and role == "dataset" and entities[covering.entity_key].generic:
                # "a German corpus", "the SI result": an umbrella term names no data the
                # result was measured on, so it makes no board of its own
                covering = None
            if covering is not None and _retyped_away(entities[covering.entity_key], role):
                covering = None  # a curation said it is no method (dataset, metric) after all
            keys[role] = covering.entity_key if covering else None
            new_spans[role] = (covering.mention.start, covering.mention.end) if covering else None
        if keys["method"] is None and result.ours:
            keys["method"] = proposed[paper_key][-1] if paper_key in proposed else None
        if keys["dataset"] is None and paper_key in own_data:
            keys["dataset"] = own_data[
                paper_key
            ]  # a benchmark paper's results are on its benchmark
        # named, and proposed by the paper, or a version of what it proposes ("Quill-131"
        # where the paper proposes Quill)
        ours = (
            result.ours
            or (paper_key, keys["method"]) in own
            or (
                keys["method"] is not None
                and _a_version_of_own(entities[keys["method"]], paper_key, own_names)
            )
        )
        located = replace(
            result,
            ours=ours,
            metric_span=new_spans["metric"],
            dataset_span=new_spans["dataset"],
            method_span=new_spans["method"],
        )
        found.append(
            LinkedResult(paper_key, located, keys["metric"], keys["dataset"], keys["method"])
        )
    return sorted(found, key=result_order)


def _retyped_away(entity: Entity, role: str) -> bool:
    """Whether a curation rule retyped ``entity`` to another type than a result's ``role``
    (a method, dataset or metric): the user's word on what it is, which the result's span
    does not outweigh. kg's own typing is not: a measure it types a concept ("memory
    usage") still is the result's metric."""
    return entity.type != role and retyped(entity)


def _a_version_of_own(entity: Entity, paper_key: str, own_names: set[tuple[str, str]]) -> bool:
    """Whether ``entity`` is a version ("Quill-131", "Quill v2") of a name the paper proposes."""
    return any(
        (base := version_base(name)) is not None and (paper_key, normalise(base)) in own_names
        for name in (entity.label, entity.abbreviation)
        if name
    )


def _covering(items: Iterable[LinkedMention], span: tuple[int, int]) -> LinkedMention | None:
    best, best_rank = None, None
    for item in items:
        m = item.mention
        overlap = min(m.end, span[1]) - max(m.start, span[0])
        if overlap > 0:
            # the mention of exactly the span first: "memory" in "memory reduction", where the
            # results read the measure a change noun follows
            rank = (
                (m.start, m.end) == span,
                overlap,
                not m.nested,
                m.end - m.start,
                item.entity_key,
            )
            if best_rank is None or rank > best_rank:
                best, best_rank = item, rank
    return best
