"""Corpus-level entity resolution: what an entity is, decided from all of its mentions.

The linker (``kg.link``) groups mentions under merge keys; this module decides, for each
group, from every mention and the words around it:

- its **kind**: the kind nouns that end its names or follow its mentions ("the X dataset",
  "X GPUs", "X Inc."; ``kg/data/kinds.toml``) vote for a type, or for a class that is not
  part of a field's graph (hardware, organisation, software, venue, person), which leaves
  the entity out;
- its **type**: the recognisers' labels weighted by their scores, plus those kind votes; a
  quantity that is tuned or scheduled ("tuning the X", "X warm-up") is a hyperparameter, so
  a concept; a dataset needs evidence that it is data (a dataset kind noun, "evaluated on
  X", a list after "datasets such as");
- its **versions**: "X-1K", "X 32x32", "X-2-7B" and "X v2" are names of their own, with
  ``skos:broader`` to the base name ("X"), never aliases of it;
- its **specificity** (0 to 1): how much its name says, from how rare its words are in
  general English (``wordfreq``) and among the corpus's abstracts; coined names (capitals
  inside, digits) are specific. Low specificity makes an entity ``generic``.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..text.vocabulary import (
    GENERIC_HEADS,
    GENERIC_NAMES,
    LEADING_NOISE,
    MEASURED_QUANTITY_HEADS,
    METRIC_PHRASE_HEADS,
    PRONOUNS,
)
from ..text.words import (
    DERIVATION_SUFFIXES,
    DESCRIBING_ENDING,
    TITLE_CASED_WORD,
    head_type,
    is_name_like,
    is_short_form,
    singular,
)

KINDS_FILE = "data/kinds.toml"
# An entity is left out when at least this share of its mentions name a left-out kind.
LEFT_OUT_SHARE = 0.34
# A metric or method is a hyperparameter (a concept) when this share of mentions is tuned.
HYPERPARAMETER_SHARE = 0.25
# A task is a phenomenon (a concept) when at least this share of its mentions read is
# suffered, mitigated or observed.
PHENOMENON_SHARE = 0.34
# A metric read in this many mentions, none where results are measured, is a concept,
# whatever its head word says.
MIN_UNMEASURED_READ = 3
# An "-ing" word rarer than this in English (Zipf) before a made thing's head is a verb's
# form ("surpassing models"); a commoner one is a noun ("programming model").
VERB_FORM_ZIPF = 4.0
# Share of an entity's mentions written as a means that makes a task a method.
MEANS_SHARE = 0.4
ROLE_VOTE = 0.5  # weight of a role word before a mention ("using X", "for X")
KIND_VOTE = 1.0  # weight of a kind noun against a recogniser's label (scores are 0.4 to 0.9)
# Below this specificity an entity is generic.
GENERIC_BELOW = 0.3
# A lone word at least this frequent in English (Zipf 3, once per 10 million words:
# "alignment", "memory", "retrieval") is generic: it means different things in different papers.
COMMON_WORD_ZIPF = 3.0
# A phrase of words all at least this frequent in English (Zipf 4.5: "hidden", "upper") is
# an everyday phrase, not a term, unless its head names a measure ("test error").
EVERYDAY_ZIPF = 4.5
# A half of a hyphenated pair rarer than this in English is a proper name ("Kullback-")
EPONYM_ZIPF = 3.5
# A lone word is a head noun without a modifier: it counts this share of its rarity.
LONE_WORD_FACTOR = 0.4
# Corpus statistics are used from this many papers on; below, general English alone.
MIN_CORPUS_PAPERS = 50

_WORD = re.compile(r"[A-Za-z][\w'-]*|\d[\w.-]*")
_EVALUATION_ON = re.compile(
    r"\b(train\w*|evaluat\w*|test\w*|experiment\w*|results?|accuracy|perform\w*|benchmark\w*|"
    r"fine-?tun\w*|pre-?train\w*|achiev\w*|report\w*|validat\w*|state[- ]of[- ]the[- ]art|sota|"
    r"score\w*|gains?|improv\w*|outperform\w*|surpass\w*|beat\w*)\b(?:[^.;:]|\.(?=\d)){0,50}"
    r"\b(on|in|across|over|using|with)\s+(the\s+)?"
    r"(?:[\w-]+(?: [\w-]+){0,3}(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*[(/]\s*)){0,6}$",
    re.IGNORECASE,
)
# A metric's place: what results are measured in ("in terms of X", "improves X", "higher X",
# "X of 91%", "X = 0.8", "X improves").
_MEASURED_BEFORE = re.compile(
    r"\b(in terms of|measured (by|in|with)|evaluated (by|with|in)|achiev\w*|obtain\w*|reach\w*|"
    r"attain\w*|improv\w*|increas\w*|reduc\w*|decreas\w*|boost\w*|lower|higher|better|worse|"
    r"best|report\w*|gains? (in|of)|drop (in|of)|comparable|competitive|superior|"
    r"greater|smaller|larger|faster|slower|improvements? of \S+ in|"
    r"state-of-the-art|sota)\s+(the\s+|an?\s+|its\s+|their\s+|our\s+)?([\w-]+\s+){0,2}$"
    # "outperform A on both X and Y", "evaluate performance through X"
    r"|\b(outperform\w*|surpass\w*|beat\w*)\b[^.;:]{0,60}\b(on|in)\s+(both\s+|all\s+)?"
    r"([\w-]+\s+(and\s+|or\s+)?){0,3}$"
    r"|\bevaluat\w*(\s+\w+){0,2}\s+(through|via|using|with)\s+(the\s+)?$",
    re.IGNORECASE,
)
_VALUE_AFTER = re.compile(
    r"\s*(?:(?:\(|of|=|:|at|by|to|from)\s*)?(?:(?:about|around|up to|over|only|nearly|~|≈)\s*)?[+-]?\d"
    r"|\s*(?:of|at)?\s*(?:on the order of|of the order of)\b"  # "errors on the order of 1e-8"
)
_MEASURED_AFTER = re.compile(
    _VALUE_AFTER.pattern + r"|\s*(score|improv|increas|decreas|drop|gain|degrad|↑|↓)",
    re.IGNORECASE,
)
# Said outright to be what results are measured by: "in terms of X", "measured by X".
_NAMED_AS_MEASURE_BEFORE = re.compile(
    r"\b(in terms of|measured (by|in|with)|evaluated (by|with|in)|metrics? (such as|like|of)|"
    r"report\w*)\s+(the\s+|its\s+|their\s+|our\s+)?([\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A number right before a measure, at most one word between: "4.8% test error",
# "3x inference speedup", "a 0.99 rank correlation".
_NUMBER_BEFORE = re.compile(
    r"(?<![\w.])[+-]?\d[\d,.]*(?:\s*(?:-|–|~|to|sim)\s*\d[\d,.]*)?"
    r"\s*(?:%|x|×|times|-?fold)?\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# A quantity the experiments vary, so a setting: "for any X", "across model sizes and X".
_VARIED_BEFORE = re.compile(
    r"\b(?:for any|across|over a range of|various|varying|different)\b[^.;:(),]{0,60}$",
    re.IGNORECASE,
)
# A measure named with how good it is, inside the mention: "low error", "higher accuracy".
_VALUED_FIRST = frozenset(
    [
        "low",
        "lower",
        "lowest",
        "high",
        "higher",
        "highest",
        "small",
        "smaller",
        "smallest",
        "better",
        "best",
        "worse",
        "worst",
        "good",
        "poor",
    ]
)
# Role words right before a mention: what a method is used by, what a task is done for.
_USED_BEFORE = re.compile(
    r"\b(using|use|uses|used|via|through|apply|applying|applies|applied|"
    r"leverag\w*|employ\w*|adopt\w*|based on|built on|train\w* with|"
    r"optimi[sz]ed (with|by))\s+(the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# What a means is written with besides a use: "built by X", "an extension of X".
_AGENT_BEFORE = re.compile(
    r"\b(built (up )?by|computed by|obtained by|extensions? of|variants? of|generali[sz]ations? of)"
    r"\s+(the\s+|an?\s+)?(\w+\s+)?$",
    re.IGNORECASE,
)
# A name that does something, as a means does: "X can provide", "X affects the quality".
_AGENT_AFTER = re.compile(
    r"\s*(\([^()]{0,20}\)\s*)?((can|could)(?!\s+(be|also be|not be)\b)|provides?|affects?|"
    r"enables?|yields?|produces?|allows?|offers?)\b",
    re.IGNORECASE,
)
# A doing's object after it: "search of the best X", "control over X", "optimization over all X".
_OBJECT_AFTER = re.compile(r"\s+(of|over)\s+(the|all|its|their|an?|each|every)\b", re.IGNORECASE)
# A doing graded as done better or worse: "towards better X", "enables finer X".
_GRADED_BEFORE = re.compile(
    r"\b(better|worse|faster|slower|finer|improved|poor|more (accurate|precise|efficient))\s+$",
    re.IGNORECASE,
)
# Mentions written as a plain doing (``KindEvidence.loose``) at least this share of those
# read, in two or more: a task's name used as a description, not a task people work on.
LOOSE_SHARE = 0.5

_ADDRESSED_BEFORE = re.compile(
    r"\b(tackl\w*|address\w*|solv\w*|task of|problem of|"
    r"approach(es)? (to|for)|methods? for|models? for|algorithms? for|"
    r"framework for|applied to|applications? to)\s+(the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_SUFFERED_BEFORE = re.compile(
    r"\b(mitigat\w*|alleviat\w*|suffer\w* from|prevent\w*|avoid\w*|"
    r"overcom\w*|exhibit\w*|counteract\w*|combat\w*|phenomenon of|"
    r"emergence of|onset of|occurrence of|prone to)\s+(the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# What happens, said by the verb after it: "X occurs when ...", "X arises in ...", "X may
# emerge"; a task is done, never said to occur.
_HAPPENS_AFTER = re.compile(
    r"\s+(?:(?:can|may|might|could|does|did|often|also|only|still|first|then|typically|"
    r"usually)\s+){0,2}(?:occur(?:s|red)?|happen(?:s|ed)?|"
    # a task also "arises in many applications" or "emerges as a key problem": these two
    # only with what makes them happen
    r"(?:aris(?:e|es)|arose|emerg(?:e|es|ed))(?=\s+(?:when|whenever|during|from|because|due|"
    r"after|if|once)\b))\b",
    re.IGNORECASE,
)
# A venue in a citation, after its authors: "[Quillo and Zarnik, NAME 2018]", "(Quillo et
# al., NAME 2019)".
_CITED_VENUE_BEFORE = re.compile(
    r"[\[(;]\s*(?:(?:[A-Z][a-z'-]+,\s*)*[A-Z][a-z'-]+,? (?:and|&) [A-Z][a-z'-]+|"
    r"[A-Z][\w'-]+ et al\.?),\s*$"
    r"|\bet al\.?\s*[\[(]\s*$"  # "Quillo et al. [NAME'21]"
)  # (two authors or more, or "et al.": one name and a comma may open a list, "(Quillbank, X
# 2012)")
# A year a name may carry (an edition: "X 2009") or a citation gives.
YEAR = r"(?:19[5-9]\d|20[0-3]\d)"
_YEAR = re.compile(rf"\b{YEAR}\b")
_ONE_AUTHOR_CITED_BEFORE = re.compile(r"\[\s*[A-Z][\w'-]+,\s*$")
_YEAR_CLOSING_BRACKET = re.compile(rf"\b{YEAR}\s*\]")
# A short name with its year's last two digits: "NAME'21", "QCL’04" (a venue's edition).
_NAME_WITH_SHORT_YEAR = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z]{2,10}['’]\d{2}$")
# The words before "set" that make "X test set" a split of the collection X.
SPLIT_WORDS = frozenset({"test", "training", "validation", "dev", "development", "evaluation"})


def names_a_split(words: list[str]) -> bool:
    """Whether a name ends in a split of a collection before it ("Quillbank test set")."""
    return (
        len(words) > 2
        and words[-1].lower() in ("set", "sets", "split", "splits")
        and words[-2].lower() in SPLIT_WORDS
    )


def is_adjective_compound(word: str) -> bool:
    """Whether a hyphenated word is a compound adjective ("Quill-based", "data-driven",
    "Zarn-funded": a past participle of an English verb after the hyphen)."""
    if _ADJECTIVE_COMPOUND.match(word):
        return True
    parts = word.split("-")
    last = parts[-1]
    if (
        len(parts) < 2
        or not all(parts)
        or not (last.isalpha() and last.islower() and last.endswith("ed"))
        or any(ch.isdigit() for part in parts[:-1] for ch in part)
    ):
        # a capitalised last part ends a name ("Quillbench-Corrupted"), and so does one
        # after a version ("Zarn-2-aligned")
        return False
    if len(last) < 6:
        return False  # "seed", "embed", "bed": too short to read by frequency
    stems = [last[:-2], last[:-1]]  # "fund(ed)", "generate(d)"
    if last[-3] == last[-4]:
        stems.append(last[:-3])  # "map(ped)", "embed(ded)"
    stem = max(english_zipf(s) for s in stems if len(s) > 2)
    # a participle is about as common as its verb or rarer; a noun in "-ed" ("speed") is
    # far more common than the letters before it
    return stem >= PARTICIPLE_STEM_ZIPF and english_zipf(last) < stem + 1.0


# The verb of a past participle ("fund" of "funded", "quantize" of "quantized") is an
# English word at least this common (Zipf).
PARTICIPLE_STEM_ZIPF = 1.5


def kind_noun_type(
    name: list[str], noun: str, kind: str | None, *, artifact_keeps_kind: bool = True
) -> str | None:
    """The type the kind noun ``noun`` (of type ``kind``) after the name ``name`` gives it:
    "Quill summarization" before "approaches" names a task that approaches are for; else
    the kind noun's own type ("Quill" before "method"). A made thing ("Quill summarization
    models") is a model of its own, unless ``artifact_keeps_kind`` is False (the name is
    still what the models are for); a short form is a name ("the QTC method"); an action
    noun without an activity suffix ("search") may name a means as well as a task: all
    keep the kind's. A task written in lower case before a data kind noun ("glyph clustering
    benchmarks") is the task that data is for; written as a name, it is the data's name."""
    if (
        kind == "method"
        and len(name) > 0
        and not (artifact_keeps_kind and singular(noun.lower()) in kinds().artifact_heads)
        and head_type(name) == "task"
        and not is_short_form(name[-1])
        and singular(name[-1].lower()) not in kinds().action_heads
    ):
        return "task"
    if (
        kind == "dataset"
        and len(name) > 0
        and all(w.islower() and not is_name_like(w) for w in name)
        and head_type(name) == "task"
    ):
        return "task"  # "eight glyph clustering benchmarks": the data of a task, in lower case
    return kind


# "research at X", "our demonstration at X": a place, with nothing after the name that
# makes it a measure of something ("at X scale", "at X resolution").
_AT_BEFORE = re.compile(r"\bat\s+(the\s+)?$", re.IGNORECASE)
_PLACE_ENDS = re.compile(
    r"\s*(?:$|[,.;:()]|(?:in|and|or|on|for|to|with|is|are|was|were|has|have)\b)",
    re.IGNORECASE,
)
_YEAR_AFTER_NAME = re.compile(r"\s*'?\d{2,4}\b")


def _place_named_at(surface: str, text: str, start: int, end: int) -> str | None:
    """The class of a short form in capitals written as where something is done or shown
    ("research at QLRI", "our demonstration at QCL 2004"): a venue with a year after it, else
    an organisation; None for any other mention."""
    if _NAME_WITH_SHORT_YEAR.match(surface) and _AT_BEFORE.search(text, max(0, start - 8), start):
        return "venue"  # "a recent paper at QCL'20"
    if not (surface.isupper() and surface.isalpha() and 2 <= len(surface) <= 8):
        return None
    if not _AT_BEFORE.search(text, max(0, start - 8), start):
        return None
    if _YEAR_AFTER_NAME.match(text, end):
        return "venue"
    return "organisation" if _PLACE_ENDS.match(text, end) else None


def _cited_venue(text: str, start: int, end: int) -> bool:
    """Whether the mention at ``text[start:end]`` names where a cited work appeared: after
    its authors in a citation, with the year ("[Quill and Zarn, NAME 2018]"), or after one
    author in square brackets that close right after the year ("[Quill, NAME 1987]")."""
    one_author = _ONE_AUTHOR_CITED_BEFORE.search(text, max(0, start - 40), start)
    if one_author:
        # not a list of data after its kind noun ("the stereo benchmarks [X, Y 2015]")
        return bool(
            _YEAR_CLOSING_BRACKET.search(text, start, min(len(text), end + 8))
            and not _LISTED_AFTER_DATA.search(
                text, max(0, one_author.start() - 80), one_author.start()
            )
        )
    return bool(
        _CITED_VENUE_BEFORE.search(text, max(0, start - 60), start)
        and (
            _YEAR.search(text, start, min(len(text), end + 6))
            or _NAME_WITH_SHORT_YEAR.match(text[start:end])
        )
    )


# A value reported on data: "72.5 for X", "61.2 (Quill score) on the X", "24.4 Quill on X".
_VALUE_ON = re.compile(
    r"(?<![\w.-])\d[\d.,]*%?\s*(?:\([^()]{1,30}\)\s*)?\b(?:for|on)\s+(?:the\s+)?$"
    r"|(?<![\w.-])(?:\d+(?:\.\d+)?%|\d+\.\d+)\s*(?:[A-Za-z][\w@-]*\s+){1,3}?on\s+(?:the\s+)?$"
)  # (a digit inside a name is no value: "Zarn-4 for X"; "34.4% AP at 34ms for X": a method)
# Data a sentence opens on: "On X, our tracker reaches ...".
_OPENING_ON = re.compile(r"(?:^|[.!?]\s+)(?:On|Across)\s+(?:the\s+)?$")
_LISTED_AFTER_DATA = re.compile(
    r"\b(datasets?|benchmarks?|corpora|corpus|data sets?|databases?|knowledge bases?)\b"
    r"[^.;]{0,80}$",
    re.IGNORECASE,
)
# An apposition after a name, up to its article: "X, a ...", "X (Long Name), an ...".
_APPOSITION = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?,\s*(?:a|an)\s+", re.IGNORECASE)
_APPOSITION_STOPS = frozenset(["of", "for", "with", "that", "which", "to", "in", "on", "and", "or"])
MAX_APPOSITIVE_WORDS = 4  # "a simple yet effective method": the kind noun within four words
# Where a phrase after an article ends: a punctuation mark or a clause ("a phenomenon where
# the network ...": the network is not what the phrase names).
_PHRASE_END = re.compile(
    r"[,.;:()\[\]]|\b(?:where|when|which|that|who|whose|whereby|while|because|if)\b",
    re.IGNORECASE,
)
# Heads that say too little for a definition to type a name.
_UNDEFINING_HEADS = frozenset(["problem", "problems", "challenge", "challenges", "issue", "issues"])
# A definition after a name, up to its article: "X is a ...", "X refers to the ...", "X is
# still a ...", with a bracket or an "or" naming it again between them ("X, or Long Name,
# is a ...").
_DEFINED_AS = re.compile(
    r"\s*(?:\([^()]{0,120}\)\s*)?(?:,\s*or\s+[^,.;:()]{1,60},\s*)?"
    r"(?:is|are|refers to|denotes)\s+(?:(?:(?!hardly|rarely|scarcely|barely)[a-z]+ly|still|also|now|often)\s+)?(?:a|an|the)\s+",
    re.IGNORECASE,
)
_SENTENCE_ARTICLE = re.compile(r"\b(the|an?)\s*$", re.IGNORECASE)
# The other name of what a sentence opens with: "X, or [Y], is a ..."
_OTHER_NAME_BEFORE = re.compile(
    r"(?:^|[.!?:;]\s+)(?:the\s+|an?\s+)?[^,.;:()]{1,60},\s*or\s+$", re.IGNORECASE
)
_DEFINED_AFTER_OTHER_NAME = re.compile(
    r"\s*,\s*(?:is|are|refers to|denotes)\s+(?:a|an|the)\s+", re.IGNORECASE
)
# A kind noun that a name is given to: "a phenomenon known as X", "this effect is called X",
# "we refer to this phenomenon as X"; group 1 or 2 is the kind noun.
_NAMED_KIND_BEFORE = re.compile(
    r"\b([\w-]+)\s+(?:(?:is|are|was|were)\s+)?(?:(?:commonly|often|also|now)\s+)?"
    r"(?:known as|referred to as|termed|called|dubbed)\s+[\"'\u201c]?$"
    r"|\brefer to (?:this|these|the|such)\s+([\w-]+)\s+as\s+[\"'\u201c]?$",
    re.IGNORECASE,
)
# Examples in brackets after a task: "retrieval (e.g. X and Y)", "detection (such as X)";
# group 1 is the word before the bracket. Names listed there are the task's datasets.
_TASK_EXAMPLES_BEFORE = re.compile(
    r"\b([\w-]+)\s*\(\s*(?:e\.g\.,?|such as|like|including)\s+"
    r"(?:[\w.+-]+(?:\s+[\w.+-]+){0,2}(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,6}$",
    re.IGNORECASE,
)
# A kind noun introducing a list the mention is in: "sensors such as A, B and X",
# "chips like X", "companies, e.g. X"; group 1 is the kind noun and the word before it.
_KIND_LIST_BEFORE = re.compile(
    r"\b((?:[\w-]+\s+)?[\w-]+)\s*,?\s+(?:such as|like|including|e\.g\.,?|namely|for example,?)\s+"
    r"(?:[\w&.+-]+(?: [\w&.+-]+){0,3}(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,6}$",
    re.IGNORECASE,
)
# The cue phrases of ``_KIND_LIST_BEFORE``, one of which its every match holds: a window of
# ASCII text without any (lower-cased) cannot match, and is not searched.
_KIND_LIST_CUES = ("such as", "like", "including", "e.g.", "namely", "for example")
# A version after a base name: a number or size ("-1K", "-103", " 7B"), an image size
# ("32x32"), a "v2", or one or two capitals after a hyphen ("-R", "-C").
MAX_VERSIONED_NAME = 64  # longer names are never read for a version suffix
_VERSION = re.compile(
    r"^(?P<base>.*?[A-Za-z][^\s]*?)(?:[-_ ]?(?<![\d.])(?P<suffix>\d+(?:\.\d+)*[kKmMbBtT]?"
    r"|\d+\s*[x×]\s*\d+|[vV]\d+(?:\.\d+)*)|-(?P<letters>[A-Z]{1,2}))$"
)
_SLASH_VERSIONS = re.compile(
    r"^(?P<base>.*?[A-Za-z][^\s/]*?-?)(?P<first>\d+[kKmMbB]?)"
    r"(?P<rest>(?:/\d+[kKmMbB]?)+)$"
)
_DIGITS = re.compile(r"\d+")
# A lone word that is an agent noun ("decoder"), a property ("sparsity", "smoothness") or a
# plural ("mappings"; not "lasso" or "analysis").
# A compound adjective: a word with a hyphenated part that makes adjectives ("CNN-based",
# "noise-free", "task-specific", "ReLU-like", "information-theoretic").
_ADJECTIVE_COMPOUND = re.compile(
    r"^[^\W_][\w.]*(?:-[\w.]+)*-(theoretic|theoretical|based|aware|free|specific|efficient|"
    r"dependent|independent|invariant|agnostic|like|wise|driven|guided|conditioned|oriented|"
    r"centric|friendly|intensive|preserving|optimal|level|grained|dimensional)$",
    re.IGNORECASE,
)
# A word "non-" makes of an adjective, known by an adjective's ending ("non-crossing",
# "Non-Parametric", "non-local"); not a noun so made ("non-linearities", "non-members",
# "non-response").
_PREFIXED_ADJECTIVE = re.compile(
    r"^non-[a-z-]*(?:ing|ed|al|ar|ic|ive|ous|ent|ant|able|ible)$", re.IGNORECASE
)


def ends_in_a_modifier(label: str) -> bool:
    """Whether a phrase of several words ends in a compound adjective, its head noun cut off
    ("derive glyph-efficient", "Sorting of Non-Crossing"): it names nothing."""
    words = label.split()
    return len(words) > 1 and bool(
        is_adjective_compound(words[-1]) or _PREFIXED_ADJECTIVE.match(words[-1])
    )


def is_a_kind_alone(words: Sequence[str]) -> bool:
    """Whether ``words`` are only a kind noun of a dataset, a method, a task or a metric,
    in one word or two ("Knowledge Bases", "data sets", "Architectures"): any thing of that
    kind. Not a concept's: its kind nouns are also its terms ("overfitting", "Markov
    chains")."""
    return kinds().lookup(" ".join(singular(w.lower()) for w in words)) not in (None, "concept")


def _plain_symbol(word: str) -> str:
    """A symbol as plain characters: "R²" and "R^{2}" as "R2" and "R^2"."""
    return unicodedata.normalize("NFKC", word).replace("{", "").replace("}", "")


# A capital with a number, as written or raised ("S4", "R^2", "F_1"): a coined symbol.
_LETTER_NUMBER = re.compile(r"^[A-Z][\^_]?\d{1,3}$")
# One letter, a variable, before a word and a hyphen ("k-means", "Q-learning", "n-grams",
# "t-test"): a term of art, however common the word; not "e-" for electronic ("e-mail"), "a"
# (an article), an ordinal ("k-th"), nor an adjective ("k-bounded", "n-dimensional",
# "u-shaped", "x-like"). A word before the letter ("top-k", "rank-r") is an operator that
# names different things in different papers (sampling, sparsification, a consistency).
_VARIABLE_COMPOUND = re.compile(r"^[b-df-zB-DF-Z]-(?!(?:th|st|nd|rd)$)(?P<word>[a-z]{2,})$")
# Words a letter counts or shapes rather than names ("k-shot", "n-way", "l-layer", "k-hop",
# "x-axis", "u-turn", "v-shape", "s-curve", "x-ray", "t-shirt"): a setting or an everyday
# thing, no term of art
_COUNTED_OR_SHAPED = frozenset(
    {"shot", "shots", "way", "layer", "layers", "hop", "hops", "fold", "step", "steps"}
    | {"axis", "axes", "ray", "rays", "turn", "turns", "shape", "curve", "curves", "ring"}
    | {"rings", "shirt", "shirts", "bit", "bits", "dim", "dims", "dimension", "dimensions"}
)
# Two capitalised names joined by a hyphen: an eponym ("Quill-Zarn"), whatever the words after
_NAME_PAIR = re.compile(r"^[A-Z][a-z]+-[A-Z][a-z]+$")
_MANNER_HEADS = frozenset({"fashion", "manner", "way"})
# Heads of a way of looking at something ("a game-theoretic perspective"): what is looked at
# is named elsewhere, if at all.
_VIEWPOINT_HEADS = frozenset({"perspective", "standpoint", "vantage"})
# The short words a title leaves in lower case ("Memory-Sharing and Folding for Glyphs")
_TITLE_LOWER_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "of", "for", "in", "on", "with", "to", "via", "from", "by"}
)
_LONE_VAGUE = re.compile(r"..(?:(?:er|or)s?|ity|ities|ness|ism|ance|ence|[^siu]s)$")


@dataclass(frozen=True)
class Kinds:
    """The word lists of ``kinds.toml``, each word lower-case and singular."""

    left_out: dict[str, str]  # kind noun -> hardware | organisation | software | venue | person
    typed: dict[str, str]  # kind noun -> entity type
    hyperparameter_before: frozenset[str]
    hyperparameter_after: frozenset[str]
    hyperparameter_heads: frozenset[str]  # "rate", "size": what a set quantity's name ends in
    described_content_heads: frozenset[str]  # "information", "cue": what a thing holds
    variant_suffixes: dict[str, frozenset[str]]  # entity type -> kind nouns dropped from names
    content_modifiers: frozenset[str]
    summary_modifiers: frozenset[str]  # "average", "downstream": not part of a measure's name
    software_before: tuple[str, ...]  # "implemented in": what follows is software
    prefixes: frozenset[str]  # hyphenated parts that say nothing alone ("pre")
    term_prefixes: frozenset[str]  # prefixes that make a term of art ("self-X", "cross-X")
    people: frozenset[str]  # who does a task, not what it is done to ("human ranking")
    vague_heads: frozenset[str]  # heads of vague phrases, besides GENERIC_HEADS
    category_plurals: frozenset[str]  # "tasks", "methods": a name ending so is a category
    collection_plurals: frozenset[str]  # "Questions" ending a written name: a dataset
    languages: frozenset[str]  # "welsh", "swahili": what a corpus is written in, no name
    adaptation_targets: frozenset[str]  # "domain", "speaker": what a model is adapted to
    problem_forms: frozenset[str]  # "convex", "ill-posed": a form of problem, before "problem"
    action_heads: frozenset[str]  # "search", "control": activities without an activity suffix
    artifact_heads: frozenset[str]  # "model", "network": a made thing
    amount_heads: frozenset[str]  # "cost", "drop": a name ending so says how much, not which
    agent_heads: frozenset[str]  # "detector", "encoder": a part named by its job
    behaviour_adjectives: frozenset[str]  # "adaptive", "robust": how a method behaves
    discipline_adjectives: frozenset[str]  # "statistical", "Bayesian": a discipline's
    discipline_heads: frozenset[str]  # "model", "theory": a way of working after "statistical"
    described_data_heads: frozenset[str]  # "data", "samples": a name ending so describes data
    qualitative_modifiers: frozenset[str]  # "systematic", "judicious": how well, not which
    happening_heads: frozenset[str]  # "collapse", "forgetting": what happens to a model
    change_participles: frozenset[str]  # "vanishing", "exploding": before what changes
    troubles: frozenset[str]  # "problem", "issue": after a happening's name

    def lookup(self, phrase: str) -> str | None:
        """The class (left-out class or type) of one kind noun or two-word kind, or None."""
        return self.left_out.get(phrase) or self.typed.get(phrase)

    def kind(self, words: list[str]) -> str | None:
        """The class named by the last one or two of ``words`` (the end of a name)."""
        if not words:
            return None
        if names_a_split(words):
            return "dataset"  # "the Quillbank test set" (not after a name: "X training set")
        last = singular(words[-1].rstrip(".,;:"))
        two = f"{singular(words[-2])} {last}" if len(words) > 1 else ""
        if (two.lower() in _CONTESTS or last.lower() in _CONTESTS) and len(words) > 1:
            # "the Quill-2019 glyph sorting challenge", "the QSB shared task": a benchmark
            # named after its contest; "memory challenges" names none
            named = words[: -2 if two.lower() in _CONTESTS else -1]
            return "dataset" if any(_names_a_contest(w) for w in named) else None
        found = (two and self.lookup(two)) or self.lookup(last) or self.lookup(words[-1].lower())
        if found == "concept" and _names_a_doing(words):
            # "modelling physical dynamics", "estimation of the X law": the concept is the
            # object of what the name says is done, not what the name is
            return None
        if found == "dataset" and len(words) > 1:
            return kind_noun_type(words[:-1], words[-1], found)  # "glyph sorting benchmarks"
        if (
            found == "concept"
            and last.lower() == "equation"
            and {"neural", "differential"} <= {w.lower() for w in words[:-1]}
        ):
            # "neural stochastic differential equations": a network written as a differential
            # equation, a method (not "neural field equations", a model of brain tissue)
            return "method"
        return found

    def kind_after(self, words: list[str]) -> str | None:
        """The class named by the first one or two of ``words`` (the words after a mention)."""
        if not words:
            return None
        first, second = words[0].rstrip(",;:."), (words[1] if len(words) > 1 else "")
        if first.lower() == "et" and second.lower().startswith("al"):
            return "person"
        if second:
            found = self.lookup(f"{first.lower()} {singular(second.rstrip('.,;:'))}")
            if found:
                return found
        return self.lookup(singular(first)) or self.lookup(first.lower())


# What a benchmark is called as a contest: "challenge", "competition", "shared task".
_CONTESTS = frozenset({"challenge", "competition", "shared task", "track", "bakeoff", "bake-off"})


def _names_a_contest(word: str) -> bool:
    """A word that can name a contest: written as a name (capitals, digits: "ISBI",
    "VOC2012", "Quill")."""
    return is_name_like(word) or word[:1].isupper() or any(ch.isdigit() for ch in word)


def _names_a_doing(words: list[str]) -> bool:
    """Whether a name of words says something is done to what its last word names: an
    "of" before it ("estimation of X dynamics") or a doing in "-ing" before two words or
    more ("forecasting fluid dynamics"; not "scaling law", "training dynamics"), unless a
    name follows it ("reproducing kernel Hilbert space": the "-ing" word describes)."""
    lowered = [w.lower() for w in words]
    if "of" in lowered[:-1]:
        return True
    return (
        len(words) >= 3
        and lowered[0].endswith("ing")
        and (words[0][:1].isupper() or not any(w[:1].isupper() for w in words[1:]))
    )


@lru_cache(maxsize=1)
def kinds() -> Kinds:
    """The kind nouns of ``kg/data/kinds.toml``."""
    data = tomllib.loads(resources.files("kg").joinpath(KINDS_FILE).read_text("utf-8"))

    def table(section: dict) -> dict[str, str]:
        return {word: cls for cls, words in section.items() for word in words}

    return Kinds(
        left_out=table(data["left_out"]),
        typed=table(data["typed"]),
        hyperparameter_before=frozenset(data["hyperparameter"]["before"]),
        hyperparameter_after=frozenset(data["hyperparameter"]["after"]),
        hyperparameter_heads=frozenset(data["hyperparameter"]["heads"]),
        described_content_heads=frozenset(data["described_content_heads"]["words"]),
        variant_suffixes={t: frozenset(w) for t, w in data["variant_suffixes"].items()},
        content_modifiers=frozenset(data["content_modifiers"]["words"]),
        summary_modifiers=frozenset(data["summary_modifiers"]["words"]),
        software_before=tuple(data["software_before"]["phrases"]),
        prefixes=frozenset(data["prefixes"]["words"]),
        term_prefixes=frozenset(data["term_prefixes"]["words"]),
        people=frozenset(data["people"]["words"]),
        vague_heads=frozenset(data["vague_heads"]["words"]) | GENERIC_HEADS,
        category_plurals=frozenset(data["category_plurals"]["words"]),
        collection_plurals=frozenset(data["collection_plurals"]["words"]),
        languages=frozenset(data["languages"]["words"]),
        adaptation_targets=frozenset(data["adaptation_targets"]["words"]),
        problem_forms=frozenset(data["problem_forms"]["words"]),
        action_heads=frozenset(w.lower() for w in data["action_heads"]["words"]),
        artifact_heads=frozenset(data["artifact_heads"]["words"]),
        amount_heads=frozenset(data["amount_heads"]["words"]),
        agent_heads=frozenset(data["agent_heads"]["words"]),
        discipline_adjectives=frozenset(data["discipline_adjectives"]["words"]),
        discipline_heads=frozenset(data["discipline_heads"]["words"]),
        described_data_heads=frozenset(data["described_data_heads"]["words"]),
        qualitative_modifiers=frozenset(data["qualitative_modifiers"]["words"]),
        behaviour_adjectives=frozenset(data["behaviour_adjectives"]["words"]),
        happening_heads=frozenset(data["happening"]["heads"]),
        change_participles=frozenset(data["happening"]["participles"]),
        troubles=frozenset(data["happening"]["troubles"]),
    )


_COORDINATORS = frozenset({"and", "or", "/", "&"})


def names_a_happening(label: str) -> bool:
    """Whether a name says what happens to a model or its training, a phenomenon (a
    concept) whatever the text does about it ("mitigate", "solve the X problem"): its head
    is a happening ("glyph collapse", "weight explosion issues") or participles of change
    stand before what changes ("vanishing activations", "exploding / vanishing norms",
    "vanishing-glyph problem"); not before a kind noun or a task's head ("a vanishing glyph
    model", "vanishing point detection"), and not a name written as one ("Sorting without
    Forgetting") nor a doing ("sorting without forgetting")."""
    table = kinds()
    written = label.split()
    if any(w[:1].isupper() and w[1:].islower() for w in written[1:]) or any(
        w.lower() in _DOING_WORDS for w in written
    ):
        return False
    words = [w for w in re.split(r"\s+|(?<=\w)/(?=\w)", label.lower()) if w]
    while len(words) > 1 and singular(words[-1]) in table.troubles:
        words.pop()
    if not words:
        return False
    if words[-1] in table.happening_heads or singular(words[-1]) in table.happening_heads:
        return len(words) > 1 or words[-1] not in table.change_participles
    # participles, then what changes, which no kind noun of a type nor a task's head ends
    parts = [p for w in words for p in (w.split("-") if "-" in w[1:] else [w]) if p]
    leading = 0
    while leading < len(parts) - 1 and (
        parts[leading] in table.change_participles or (leading and parts[leading] in _COORDINATORS)
    ):
        leading += 1
    return (
        bool(leading)
        and table.typed.get(singular(parts[-1])) in (None, "concept")
        and head_type(parts[-1:]) != "task"
    )


# Words that make a name a doing or a way of doing ("sorting without forgetting").
_DOING_WORDS = frozenset({"without", "with", "via", "by", "for", "using"})


LEFT_OUT_CLASSES = ("hardware", "organisation", "software", "venue", "person")


def _listed_kind(table: Kinds, text: str, start: int) -> str | None:
    """The class of a kind noun introducing the list the mention at ``start`` is in
    ("sensors such as X": hardware; "optimizers such as A and X": method); None where no
    kind noun does. A type of the field's counts only after a plural, a category of things
    ("a flow model including X" lists its parts), and never a concept ("settings such as
    X" says where, not what X is)."""
    begin = max(0, start - 120)
    window = text[begin:start]
    if window.isascii():  # else case-insensitive matching reaches beyond ASCII ("ſuch as")
        lower = window.lower()
        if not any(cue in lower for cue in _KIND_LIST_CUES):
            return None  # most mentions: no list cue before them, and the pattern is slow
    return kind_of_list(table, _KIND_LIST_BEFORE.search(text, begin, start))


def kind_of_list(table: Kinds, listed: re.Match | None) -> str | None:
    """``_listed_kind``'s answer for a match of ``_KIND_LIST_BEFORE`` (or None)."""
    if listed is None:
        return None
    words = listed.group(1).split()
    found = table.kind(words)
    if found in LEFT_OUT_CLASSES:
        return found
    head = table.kind(words[-1:])  # "segmentation datasets such as X": X is a dataset
    plural = singular(words[-1]) != words[-1].lower()  # ("Model", "LLM" are no plurals)
    return head if plural and head in ("method", "dataset", "task", "metric") else None


# A kind noun joined to a mention by "and", "or" or a slash: right after it and ending its
# phrase, or heading only the data it gives ("X and camera data"); or right before it in
# the plural ("cameras and X"). Not a modifier of another head ("X and sensor
# malfunctions", "sensor and dataset-specific assumptions").
_JOINED_AFTER = re.compile(
    r"\s*(?:and|or|&|/)\s*([A-Za-z-]+)"
    r"(?=\s*(?:$|[,.;:)]|(?:data|inputs?|images?|streams?|signals?|readings?|frames?|"
    r"measurements?|in|on|for|to|with|of|as|and|or)\b))",
    re.IGNORECASE,
)
_JOINED_BEFORE = re.compile(r"([A-Za-z-]+s)\s*(?:and|or|&|/)\s*$", re.IGNORECASE)


# Names joined to a mention whose plural kind noun ends the list: "X and Quux-7 datasets",
# "X, Quux and Zarn benchmarks" (group 1: the names, group 2: the kind noun).
_SHARED_KIND_AFTER = re.compile(
    r"\s*(?:,\s*|\s+(?:and|or|&)\s+)((?:[\w.+-]+,?\s+(?:and\s+|or\s+)?){1,3}?)([a-z]+s)\b"
)


def _shared_kind_after(table: Kinds, text: str, end: int) -> str | None:
    """The type of a plural kind noun that a list ends in, where the mention opens it and
    the other items are names ("the X and (the) Quux-7 datasets": X is a dataset too; not "X and
    downstream tasks", where the kind noun heads its own phrase)."""
    listed = _SHARED_KIND_AFTER.match(text, end, min(len(text), end + 80))
    if listed is None or not re.search(r"\b(?:and|or)\b|&", listed.group()):
        return None  # "On X, Quorb models improve": a comma ends an opening phrase
    # ("the X and the Quux collections": an article before a name is no name)
    names = [w.strip(",") for w in listed.group(1).split() if w not in ("and", "or", "the")]
    if not names or not all(is_name_like(w) or w[:1].isupper() for w in names):
        return None
    noun = listed.group(2)
    kind = table.kind_after([noun])
    plural = singular(noun) != noun
    # (a task's kind noun ends lists of what is studied as often as of tasks: "X and Y tasks")
    return kind if plural and kind in ("method", "dataset") else None


def _coordinated_hardware(table: Kinds, text: str, start: int, end: int) -> str | None:
    """The class of a name joined to a kind noun of hardware ("X and camera data", "cameras
    and X", "X/GPU"): hardware, a sensor or a device named beside another; else None. A
    device's name is written with a capital; a lower-case phrase ("3D points and cameras")
    names what the device sees."""
    words = text[start:end].split()
    if not words or words[-1].islower():
        return None
    joined = [
        found.group(1)
        for found in (
            _JOINED_AFTER.match(text, end),
            _JOINED_BEFORE.search(text, max(0, start - 30), start),
        )
        if found is not None
    ]
    hardware = any(table.left_out.get(singular(word.lower())) == "hardware" for word in joined)
    return "hardware" if hardware else None


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the mention at ``start`` is its sentence's first words, after an article."""
    before = _SENTENCE_ARTICLE.sub("", text[max(0, start - 40) : start]).rstrip()
    return not before or before.endswith((".", "!", "?", ":", ";"))


def _apposition(text: str, end: int) -> re.Match | None:
    """The opening of an apposition after ``text[:end]`` (up to its article), unless the
    phrase is the subject of a clause ("Using X, a set of glyphs is built")."""
    opening = _APPOSITION.match(text, end)
    if opening is None:
        return None
    # the phrase up to a mark or a relative clause ("a technique that can ...")
    phrase = _PHRASE_END.split(text[opening.end() : opening.end() + 160], maxsplit=1)[0]
    return None if _CLAUSE_VERB.search(phrase) else opening


def _appositive_definition(table: Kinds, text: str, opening: re.Match | None) -> str | None:
    """The class an apposition (``_apposition``'s ``opening``) defines the mention as ("we
    propose X, a method for ..."): what the authors say it is, as a copula says it ("X is
    a method ..."), unless its head says too little ("X, a hard problem": a task to solve
    or a trouble to suffer)."""
    if opening is None or set(_phrase_words(text, opening)) & _UNDEFINING_HEADS:
        return None
    return _kind_after_article(table, text, opening)


_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|can|could|will|would|may)\b")


def _kind_after_article(table: Kinds, text: str, opening: re.Match | None) -> str | None:
    """The class of the head kind noun of the phrase after ``opening`` (an apposition or a
    definition, up to its article): the last kind noun within a few words, before a
    preposition, a clause or a punctuation mark ("a chat task suite for ...": a suite, so a
    dataset; "a dataset distillation method": a method)."""
    if opening is None:
        return None
    return _head_kind(table, _phrase_words(text, opening))


def _phrase_words(text: str, opening: re.Match) -> list[str]:
    """The first words (lower-cased) of the phrase after ``opening``, up to a punctuation
    mark or a clause."""
    phrase = _PHRASE_END.split(text[opening.end() : opening.end() + 60], maxsplit=1)[0]
    return [w.lower() for w in _WORD.findall(phrase)[:MAX_APPOSITIVE_WORDS]]


def _head_kind(table: Kinds, words: list[str]) -> str | None:
    found, last = None, ""
    for number, word in enumerate(words):
        if word in _APPOSITION_STOPS:
            if word == "of" and last in _RELATIONAL_KIND_NOUNS:
                return None  # "a variant of X": of X's kind, which the words do not say
            break
        before, last = last, singular(word)
        # a two-word kind ("a knowledge base", "a data set") where the phrase ends with it,
        # not a modifier of a later head ("a knowledge base question answering system")
        ends = number + 1 == len(words) or words[number + 1] in _APPOSITION_STOPS
        two = table.lookup(f"{before} {last}") if before and ends else None
        found = two or table.lookup(last) or found
    return found


# Kind nouns that take the kind of what follows their "of" ("an unsupervised variant of X")
_RELATIONAL_KIND_NOUNS = frozenset(
    {
        "variant",
        "version",
        "extension",
        "generalization",
        "generalisation",
        "modification",
        "subset",
        "instance",
        "adaptation",
        "combination",
    }
)


def _defined_kind(table: Kinds, text: str, start: int, end: int) -> str | None:
    """The class of the kind noun a definition gives the mention at ``text[start:end]``: the
    sentence it opens says what it is ("X is a surprising phenomenon where ...", "X, or Long
    Name, refers to the task of ..."), or the name is given to a kind ("a phenomenon known
    as X", "we refer to this effect as X"). "X is a major problem" defines nothing: a
    problem may be a task to solve or a phenomenon to suffer."""
    found = None
    opening = _DEFINED_AS.match(text, end) if _opens_sentence(text, start) else None
    if opening is None and _OTHER_NAME_BEFORE.search(text, max(0, start - 80), start):
        opening = _DEFINED_AFTER_OTHER_NAME.match(text, end)  # "X, or Y, is a phenomenon"
    if opening is not None:
        words = _phrase_words(text, opening)
        if not set(words) & _UNDEFINING_HEADS:
            found = _head_kind(table, words)
    if found is None:
        named = _NAMED_KIND_BEFORE.search(text, max(0, start - 80), start)
        if named is not None:
            noun = (named.group(1) or named.group(2)).lower()
            if noun not in _UNDEFINING_HEADS:
                found = table.lookup(singular(noun))
    return found


def _task_example(surface: str, text: str, start: int) -> str | None:
    """The type "dataset" for a name listed in brackets as an example of a task ("retrieval
    (e.g. X and Y)", "audio tagging (such as X)"): the data the task is run on."""
    named = any(is_name_like(w) or w[:1].isupper() for w in surface.split())
    if not named or "(" not in text[max(0, start - 80) : start]:
        return None
    listed = _TASK_EXAMPLES_BEFORE.search(text, max(0, start - 80), start)
    return "dataset" if listed and head_type([listed.group(1)]) == "task" else None


@dataclass
class KindEvidence:
    """What the words in and around an entity's mentions say about it."""

    kinds: Counter = field(default_factory=Counter)  # class or type -> mentions
    # class or type -> mentions a definition gives it ("X is a phenomenon where ...")
    defined: Counter = field(default_factory=Counter)
    hyperparameter: int = 0  # mentions tuned, set or scheduled
    data: int = 0  # mentions in a dataset's place ("evaluated on X", "datasets such as X")
    measured: int = 0  # mentions in a metric's place ("in terms of X", "X of 91%", "lower X")
    valued: int = 0  # of those, with a value or said to be a measure ("X of 91%", "in terms of X")
    numbered: int = 0  # of those, with a number ("X of 91%", "4.2 X"), not only named a measure
    roles: Counter = field(default_factory=Counter)  # "method" ("using X") or "task" ("for X")
    read: int = 0  # mentions whose surrounding text was read
    # mentions in running text written as a proper name ("the Quill Folding Method")
    written_as_name: int = 0
    # mentions in running text that hold a proper name among lower-case words ("a Zarn
    # expansion", "compact Velm groups")
    written_with_a_name: int = 0
    # mentions written as a means ("via X", "an extension of X") or doing something ("X can
    # provide", "X affects"), whatever their label
    means: int = 0
    # mentions written as a plain doing: with its object after it ("control over the X",
    # "optimization of the X") or graded by a comparative ("better X")
    loose: int = 0

    def absorb(self, other: KindEvidence) -> None:
        self.kinds.update(other.kinds)
        self.defined.update(other.defined)
        self.written_as_name += other.written_as_name
        self.written_with_a_name += other.written_with_a_name
        self.hyperparameter += other.hyperparameter
        self.data += other.data
        self.measured += other.measured
        self.valued += other.valued
        self.numbered += other.numbered
        self.roles.update(other.roles)
        self.read += other.read
        self.means += other.means
        self.loose += other.loose

    def add(
        self,
        surface: str,
        label: str,
        text: str | None,
        start: int,
        end: int,
        *,
        in_title: bool = False,
    ) -> None:
        """Count one mention: its name ``surface``, typed ``label``, at ``text[start:end]``
        (text may be None; ``in_title`` when it is the title, where every word is
        capitalised). Only a mention typed dataset is checked for a dataset's place."""
        table = kinds()
        words = surface.split()
        found = table.kind(words)
        if text is not None:
            self.read += 1
            self.written_as_name += not in_title and written_as_name(text, start, end)
            self.written_with_a_name += not in_title and written_with_a_name(text, start, end)
            after = _WORD.findall(text[end : end + 40])[:2]
            in_brackets = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
            if in_brackets:
                after = _WORD.findall(text[end + 1 : end + 40])[:2]  # "long form (QTC) model"
            elif end < len(text) and not text[end].isspace():
                after = []  # "X-based", "X-style", "X: Split ..." (a title's colon): not a kind
            before = [w.lower() for w in _WORD.findall(text[max(0, start - 40) : start])[-3:]]
            # an apposition: "X, a benchmark of ...", "X (Long Name), an optimizer that ..."
            apposition = _apposition(text, end)
            defined = _defined_kind(table, text, start, end) or _appositive_definition(
                table, text, apposition
            )
            if defined:
                self.defined[defined] += 1
            found = (
                found
                or ("venue" if _cited_venue(text, start, end) else None)
                or _place_named_at(surface, text, start, end)
                or (
                    kind_noun_type(words, after[0], table.kind_after(after))
                    if after and not text[start:end].rstrip().endswith(")") and not in_brackets
                    else table.kind_after(after)  # "long form (QTC) model": a name's kind
                )
                or _kind_after_article(table, text, apposition)
                or defined
                or _listed_kind(table, text, start)
                or _shared_kind_after(table, text, end)
                or _coordinated_hardware(table, text, start, end)
                or _task_example(surface, text, start)
            )
            if not found and text[max(0, start - 20) : start].lower().rstrip().endswith(
                table.software_before
            ):
                found = "software"
            if set(before) & table.hyperparameter_before or (
                after and not in_brackets and after[0].lower() in table.hyperparameter_after
            ):
                self.hyperparameter += 1
            elif label == "metric" and _VARIED_BEFORE.search(text, max(0, start - 80), start):
                self.hyperparameter += 1  # a setting the experiments vary: "across X ratios"
            if label == "dataset" and (
                _EVALUATION_ON.search(text, max(0, start - 120), start)
                or _LISTED_AFTER_DATA.search(text, max(0, start - 120), start)
                or _VALUE_ON.search(text, max(0, start - 60), start)
                or (
                    _OPENING_ON.search(text, max(0, start - 12), start)
                    and text[end : end + 1] == ","
                )
            ):
                self.data += 1
            if label == "metric":
                numbered = bool(
                    _NUMBER_BEFORE.search(text, max(0, start - 30), start)
                    or _VALUE_AFTER.match(text, end)
                )
                valued = numbered or bool(
                    _NAMED_AS_MEASURE_BEFORE.search(text, max(0, start - 60), start)
                )
                self.numbered += numbered
                self.valued += valued
                self.measured += valued or bool(
                    _MEASURED_BEFORE.search(text, max(0, start - 100), start)
                    or _MEASURED_AFTER.match(text, end)
                    or surface.split()[0].lower() in _VALUED_FIRST
                )
            close = max(0, start - 40)
            # what "can arise" or "occurs" is no agent ("X can provide ...")
            happens = _HAPPENS_AFTER.match(text, end) is not None
            means = bool(
                _USED_BEFORE.search(text, close, start)
                or _AGENT_BEFORE.search(text, close, start)
                or (_AGENT_AFTER.match(text, end) and not happens)
            )
            self.means += means
            self.loose += bool(
                _OBJECT_AFTER.match(text, end) or _GRADED_BEFORE.search(text, close, start)
            )
            if label in ("method", "task"):
                if means:
                    self.roles["method"] += 1
                elif _ADDRESSED_BEFORE.search(text, close, start):
                    self.roles["task"] += 1
                elif happens or _SUFFERED_BEFORE.search(text, close, start):
                    # a phenomenon: "mitigate X", "suffer from X", "X occurs"
                    self.roles["concept"] += 1
        if found:
            self.kinds[found] += 1
        if found == "dataset":
            self.data += 1

    def left_out_class(self, mentions: int) -> str | None:
        """The left-out class that enough mentions name, if any."""
        counts = [(self.kinds[c], c) for c in LEFT_OUT_CLASSES if self.kinds[c]]
        if not counts:
            return None
        count, cls = max(counts)
        return cls if count >= LEFT_OUT_SHARE * mentions else None

    def is_phenomenon(self) -> bool:
        """Mentions where the text suffers, mitigates or observes it ("suffer from X",
        "mitigate X", "the emergence of X") outnumber those where it is tackled ("address
        X") and are at least a third of those read: a phenomenon, not a task."""
        suffered = self.roles["concept"]
        return suffered > self.roles["task"] and suffered >= PHENOMENON_SHARE * self.read

    def is_loose(self) -> bool:
        """Mentions written as a plain doing ("control over the X", "better X") are at least
        ``LOOSE_SHARE`` of two or more read: a description, not the name of a task."""
        return self.read >= 2 and self.loose >= LOOSE_SHARE * self.read

    def is_means(self) -> bool:
        """Mentions written as a means ("via X", "using X", "an extension of X") or as
        doing something ("X can provide ...") are at least ``MEANS_SHARE`` of two or more
        read, and none says X is tackled ("for X", "address X"): a method, not a task."""
        return self.read >= 2 and self.roles["task"] == 0 and self.means >= MEANS_SHARE * self.read

    def is_hyperparameter(self, mentions: int) -> bool:
        return self.hyperparameter > 0 and self.hyperparameter >= HYPERPARAMETER_SHARE * mentions


def decide_type(
    label_votes: Counter,
    evidence: KindEvidence,
    types: tuple[str, ...],
    head: str | None = None,
) -> str:
    """The type a definition gives (most of) an entity's definitions ("X is a phenomenon
    where ...", "a method called X"), unless as many kind nouns around its other mentions
    name another type; else the type with most votes: the recognisers' scores, one vote per
    kind noun, and half a vote per role word ("using X" for a method, "for X" for a task).
    A definition is what the authors say the thing is, where a recogniser's label reads the
    words around one mention. Between types with as many votes, the type of the name's
    ``head`` word ("glyph synthesis": task), if it is one of them, else the first."""
    defined = [(n, t) for t, n in evidence.defined.items() if t in types]
    if defined:
        count, defined_type = max(defined)
        # kind nouns around the other mentions ("the X dataset") can outweigh it; the
        # recognisers' labels cannot
        said_otherwise = max(
            (evidence.kinds[t] - evidence.defined[t] for t in types if t != defined_type),
            default=0,
        )
        if count > sum(evidence.defined.values()) - count and count >= said_otherwise:
            return defined_type
    votes: dict[str, float] = {t: label_votes[t] for t in types}
    for t in types:
        votes[t] += KIND_VOTE * evidence.kinds[t] + ROLE_VOTE * evidence.roles[t]
    return max(types, key=lambda t: (round(votes[t], 9), t == head, -types.index(t)))


# Versions -------------------------------------------------------------------------------


def version_base(name: str) -> str | None:
    """The name a version is a version of: "X-1K" -> "X", "X-2-7B" -> "X-2", "X 32x32" -> "X",
    "X v2" -> "X", "X-R" -> "X"; None when ``name`` has no version suffix. A version needs a
    base of two letters or more ("A100" has none)."""
    if len(name) > MAX_VERSIONED_NAME:
        return None  # no name is that long; the pattern would backtrack over it
    stripped = name.strip()
    last = stripped[-1:]
    if not (last.isdecimal() or "A" <= last <= "Z" or last in "kmbt"):
        return None  # every suffix ends in a digit, a capital or a size ("7b"): most names don't
    found = _VERSION.match(stripped)
    if not found:
        return None
    base = found.group("base").rstrip("-_ ")
    if sum(ch.isalpha() for ch in base) < 2 or not (is_name_like(base) or base[:1].isupper()):
        return None
    return base


# A small subset's name: a size word before a capitalised name ("TinyQuillbench",
# "mini-Quillbench").
_SUBSET = re.compile(r"^(?i:tiny|mini|small|micro)[-_ ]?(?P<base>[A-Z][\w-]+)$")


def subset_base(name: str) -> str | None:
    """The name a small subset is drawn from: "TinyQuillbench" -> "Quillbench",
    "mini-Quillbench" -> "Quillbench"; None for other names."""
    found = _SUBSET.match(name.strip())
    return found.group("base") if found else None


def slash_versions(name: str) -> list[str]:
    """Names joined by a slash of versions: "X-10/100" -> ["X-10", "X-100"]; else [name]."""
    if "/" not in name:
        return [name]  # most names: the pattern needs a slash
    found = _SLASH_VERSIONS.match(name.strip()) if len(name) <= MAX_VERSIONED_NAME else None
    if not found:
        return [name]
    base = found.group("base")
    return [base + found.group("first")] + [
        base + part for part in found.group("rest").split("/")[1:]
    ]


def differ_in_version(first: str, second: str) -> bool:
    """Two names for distinct versions of one thing: one is the other with a version
    ("X-1K" and "X"), both are versions of one base ("Y-2" and "Y-103"), or a letter follows
    the number ("Z-4" and "Z-4o"). Not "X10" and "X-10", nor a name and its long form ("T5"
    and its expansion, "F1 score" and "F-score")."""
    a, b = _compact(first), _compact(second)
    if a == b:
        return False
    base_a, base_b = version_base(first), version_base(second)
    if (base_a and _compact(base_a) == b) or (base_b and _compact(base_b) == a):
        return True
    if base_a and base_b and _compact(base_a) == _compact(base_b):
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and short[-1:].isdigit() and len(long) - len(short) <= 2


def _compact(name: str) -> str:
    return re.sub(r"\W|_", "", name).lower()


# Specificity ----------------------------------------------------------------------------


class WordStatistics:
    """Document frequencies of words among a corpus's papers (titles and abstracts)."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.papers = 0
        self.document_frequency: Counter = Counter()
        for text in texts:
            self.papers += 1
            self.document_frequency.update({w.lower() for w in _WORD.findall(text)})

    def corpus_rarity(self, word: str) -> float:
        """1 for a word in at most 1% of papers, 0 in 20% or more, log-linear between; 1 when
        the corpus is too small to tell."""
        if self.papers < MIN_CORPUS_PAPERS:
            return 1.0
        share = max(self.document_frequency[word], 1) / self.papers
        return _clamp(math.log(0.20 / share) / math.log(0.20 / 0.01))


# Small words a name written in title case leaves in lower case ("Rate of Quill Folding").
_NAME_FUNCTION_WORDS = frozenset(
    {"of", "for", "in", "on", "with", "to", "the", "a", "an", "via", "by"}
)


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence (or the text, or follows a colon), where a
    capital says nothing about a name."""
    before = text[max(0, start - 200) : start].rstrip()
    return not before or before[-1] in ".!?:;"


def written_as_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written as a proper name in running text: two words
    or more, each capitalised (small function words aside), where the sentence does not
    open and no coordination joins them ("trained with the Quill Folding Method"), or one
    word of such parts joined by hyphens ("a win rate on Quill-Hard"); not "Deep Models show
    ..." at a sentence's start, "Pillar-based and Voxel-based" nor a language pair ("En-De",
    "Welsh-to-English")."""
    words = text[start:end].split()
    if len(words) == 1 and "-" in words[0]:
        parts = [w for w in words[0].split("-") if w]
        if any(len(p) < 3 or p.lower() in kinds().languages for p in parts):
            return False  # "En-De", "English-Welsh": a language pair, a direction of work
        words = parts  # "Quill-Hard": two capitalised words
    if len(words) < 2 or opens_sentence(text, start):
        return False
    if not text[start : start + 1].isupper() or any(w.lower() in ("and", "or", "&") for w in words):
        return False
    return all(
        w[:1].isupper() or w.lower() in _NAME_FUNCTION_WORDS or not w[:1].isalpha() for w in words
    )


# A word written as a proper name: a capital, then lower-case letters ("Zarn", "Velm").
_PROPER_WORD = re.compile(r"[A-Z][a-z]+")


def written_with_a_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds one proper name among lower-case words in running
    text, where the sentence does not open: "a Zarn expansion", "compact Velm groups" (a
    term named after someone); not "Zarn expansions are ..." at a sentence's start, nor a
    language ("Japanese text") or a name the lexicon knows ("Adam training": what is done
    with a thing, named by the thing)."""
    words = text[start:end].split()
    if len(words) < 2 or opens_sentence(text, start):
        return False
    proper = [w for w in words if w[:1].isupper()]
    return (
        len(proper) == 1
        and proper[0] != words[-1]
        and bool(_PROPER_WORD.fullmatch(proper[0]))
        and proper[0].lower() not in kinds().languages
        and proper[0].lower() not in _known_phrases()
    )


# Zipf frequencies looked up so far, word -> value (``english_zipf``'s memory). A resolution
# kept between builds (``kg.link.stored``) carries them: a rebuild that takes it need not
# load wordfreq's data (0.2 s) for the words linking reads again.
_ZIPF: dict[str, float] = {}
MAX_REMEMBERED_ZIPF = 1 << 16


def english_zipf(word: str) -> float:
    """Zipf frequency of a word in general English (``wordfreq``): 7 for "the", 3 for a
    word seen once per 10 million words, 0 for an unknown one."""
    found = _ZIPF.get(word)
    if found is None:
        from wordfreq import zipf_frequency

        found = zipf_frequency(word, "en")
        if len(_ZIPF) < MAX_REMEMBERED_ZIPF:
            _ZIPF[word] = found
    return found


def known_zipf() -> dict[str, float]:
    """The Zipf frequencies looked up so far in this process."""
    return dict(_ZIPF)


def remember_zipf(values: dict[str, float]) -> None:
    """Take ``values`` (``known_zipf()`` of a process with the same wordfreq) as looked up."""
    for word, value in values.items():
        if len(_ZIPF) >= MAX_REMEMBERED_ZIPF:
            break
        _ZIPF.setdefault(word, value)


def english_rarity(word: str) -> float:
    """1 for a word rare in general English (Zipf frequency 3 or less: "tangent"), 0.5 at
    Zipf 5 ("function"), 0 at 7 ("the")."""
    return _clamp((7.0 - english_zipf(word)) / 4.0)


# "SOTA", "state-of-the-art" written short: a claim of being best, no coined name.
_PRAISE_ACRONYM = re.compile(r"sotas?", re.IGNORECASE)
# A verb's -ing form ("designing", "computing"); "ring", "king" are too short to be one.
_DOING = re.compile(r"^[a-z]{3,}ing$")
# An adverb of the way something is done, by its ending ("automatically", "iteratively",
# "efficiently", "theoretically grounded"); not "early", nor one of degree ("infinitely
# wide", "highly").
ADVERB_OF_MANNER = re.compile(r"^[a-z]{3,}(?:ally|ively|ently|antly|ately|ously|fully|edly)$")


def specificity(
    label: str, statistics: WordStatistics, *, named: bool = False, eponymous: bool = False
) -> float:
    """How much a name says, 0 to 1.

    0 for a phrase cut before its head noun ("derive glyph-efficient", whether named or
    not) and for a kind noun of a dataset, method, task or metric alone, however written
    ("Knowledge Bases", "data sets"); else 1 for coined names ("ResNet-50", "LoRA"; not
    "SOTA", a claim of being best) and ``named`` ones (from the lexicon). Else
    the rarest of its informative words, each as rare as it is both in general English and
    among the corpus's papers: "gradient descent" is specific by "descent". Words that are
    the head of vague phrases ("model", "data", "performance": the generic heads of
    ``kg/data/vocabulary.toml``) inform nothing, so "training data" scores 0. A lone word
    is a head noun without a modifier and gets a share of its rarity; a common English word
    alone, an agent noun alone ("encoder"), a plural category ("X methods") or a made
    thing's head after past participles only ("fine-tuned model") gets 0. An ``eponymous``
    name, written with a proper name among its lower-case words ("Zarn expansion"), is a
    term however common its words are in English."""
    words = [w for w in re.split(r"[\s/]+", label) if w]
    table = kinds()
    if not words:
        return 0.0
    if ends_in_a_modifier(label):
        return 0.0  # "derive glyph-efficient": a description cut before its head noun
    if is_a_kind_alone(words):
        return 0.0  # a kind noun alone, however written ("Knowledge Bases"): any of them
    if named:
        return 1.0  # "Quill Folding Methods" written as a name is one, whatever its head
    if len(words) == 1 and is_adjective_compound(words[0]):
        return 0.0  # "X-based", "information-theoretic": describes a thing, names none
    if any(_eponym(w) for w in words) and not all(
        w[0].isupper() for w in words if w[0].isalpha() and w not in _TITLE_LOWER_WORDS
    ):
        return 1.0  # "Zarn-Velmorn bounds": two names joined in lower-case words, no title
    if len(words) > 1 and words[-1].lower() in table.category_plurals:
        return 0.0  # "X methods", "Y tasks": a category of things, not one
    if (
        len(words) > 2
        and words[-1].islower()
        and singular(words[-1]) != words[-1]
        and is_a_kind_alone(words[-2:])
    ):
        return 0.0  # "glyph QA data sets", "X knowledge bases": a category, in two words
    if _means_to_a_task(words, table):
        return 0.0  # "glyph sorting systems", "glyph sorting models": whatever does the task
    if len(words) > 1 and words[-1].islower() and singular(words[-1]) in _MANNER_HEADS:
        return 0.0  # "in an unsupervised fashion": how something is done, not a thing
    if len(words) > 1 and singular(words[-1].lower()) in _VIEWPOINT_HEADS:
        return 0.0  # "a game-theoretic perspective": a way of looking, not a thing
    if any(
        (is_name_like(w) and not TITLE_CASED_WORD.match(w) and not _PRAISE_ACRONYM.fullmatch(w))
        or _LETTER_NUMBER.match(_plain_symbol(w))
        for w in words
    ) or _named_by_a_variable(words[-1]):
        # coined ("S4 layer": a capital with digits; "k-means", "optimal Q-function": a head
        # named by a variable); "Trade-Off" in a title is not
        return 1.0
    if any(w in ("and", "or") for w in words[1:-1]):
        return 0.0  # "X and Y Zs": two things, not one
    content = [
        w.lower().strip(".,;:()")
        for w in words
        if w.lower() not in LEADING_NOISE and w.lower() not in PRONOUNS
    ]
    parts = [
        p
        for w in content
        for p in _without_prefix(w, table.vague_heads).split("-")
        if p.isalpha() and len(p) > 1 and p not in table.prefixes
    ]
    informative = [
        p
        for p in parts
        if singular(p) not in table.vague_heads
        and p not in table.vague_heads
        and p.removesuffix("s") not in table.vague_heads
    ]
    # "self-X", "cross-X" alone, or "multi-X learning": the compound is the term (a way of
    # learning named by it), whatever its parts say alone; not before another vague head
    # ("multi-stage framework")
    first = content[0] if content else ""
    term = (
        "-" in first
        and first.split("-", 1)[0] in table.term_prefixes
        and (
            (len(content) == 1 and bool(_NOUN_ENDING.search(first)))  # not "cross-domain"
            or (len(content) == 2 and content[1] == "learning")
        )
    )
    if term:
        informative.append(first)
    if not informative:
        return 0.0
    # such a compound alone is a term as two words are, not a lone common word
    lone = len(content) == 1 and not term
    if all(p in table.qualitative_modifiers or ADVERB_OF_MANNER.match(p) for p in informative):
        return 0.0  # "systematic approach", "theoretically grounded optimizers": how well
    written = [w for w in words if w.lower().strip(".,;:()") in content]  # as written
    if (
        len(content) == 2
        and singular(content[1]) in _SETTING_HEADS
        and written[:1]
        and written[0].islower()
        and not _LETTER_NUMBER.match(_plain_symbol(written[0]))
    ):
        return 0.0  # "stochastic setting", "full-batch scenario": how a problem is posed
    if len(content) == 2 and ADVERB_OF_MANNER.match(content[0]) and _DOING.match(content[1]):
        return 0.0  # "automatically designing": a doing cut from what it is done to
    if (
        singular(content[-1]) in table.vague_heads
        and singular(content[-1]) not in METRIC_PHRASE_HEADS  # "one-shot accuracy" is measured
        and set(informative) <= _counted_parts(content)
    ):
        return 0.0  # "three-pronged approach", "two-tier scheme": how many parts, not which
    if len(content) > 1 and _participles_before_artifact(content, table):
        return 0.0  # "fine-tuned model", "quantized networks": what was done to a vague thing
    if (
        len(content) > 1
        and not eponymous
        and singular(content[-1]) not in METRIC_PHRASE_HEADS
        and all(english_zipf(p) >= EVERYDAY_ZIPF for p in informative)
    ):
        return 0.0  # an everyday phrase ("front step"): only words any text uses
    if (
        len(content) == 2
        and (content[0] in table.discipline_adjectives or content[0] in table.behaviour_adjectives)
        and (content[1] in table.discipline_heads or singular(content[1]) in table.discipline_heads)
    ):
        # "mathematical modelling", "statistical models", "linguistic theory": a
        # discipline's way of working, no one method or thing; "adaptive algorithm": a
        # class of methods by how they behave
        return 0.0
    if _a_way_of_doing_an_activity(content, table):
        return 0.0  # "sampling method", "modelling framework": any way of doing it
    if _class_of_problems(content):
        return 0.0  # "constrained optimization": a kind of problem, no one task or method
    if _job_on_an_everyday_thing(words, content, table):
        return 0.0  # "house detector": any part that does the job
    if lone and english_zipf(informative[0]) >= COMMON_WORD_ZIPF:
        return 0.0  # a common English word alone names different things in different papers
    if lone and _LONE_VAGUE.search(informative[0]):
        return 0.0  # "decoder" (a part's role), "sparsity" (a property), "mappings" (a plural)
    if len(content) > 1 and singular(content[-1]) in table.amount_heads:
        if _change_of_a_thing(content, table):
            # "dimensionality reduction", "duality gap": as specific as what changes
            changed = [p for p in informative if p != content[-1]]
            return round(max((_rarity(p, statistics) for p in changed), default=0.0), 3)
        return 0.0  # "memory overhead", "annotation costs": how much, not which
    if len(content) > 1 and singular(content[-1]) in table.described_data_heads:
        return 0.0  # "unlabeled data", "noisy samples": described data, not a dataset
    if (
        len(content) == 2
        and singular(content[-1]) == "factor"
        and _FORM_ADJECTIVE.match(content[0])
    ):
        return 0.0  # "logarithmic factors", "influential factors": a bound's or a text's wording
    if (
        len(content) == 2
        and singular(content[-1]) in table.described_content_heads
        and content[0] == words[-2]  # in lower case as written
        and " ".join(content) not in _known_phrases()
    ):
        return 0.0  # "contextual information", "visual cues": what something holds
    rarity = max(_rarity(p, statistics) for p in informative)
    return round(rarity * (LONE_WORD_FACTOR if lone else 1.0), 3)


def _named_by_a_variable(word: str) -> bool:
    """A letter, a variable, joined to a word that it names a term with ("k-means",
    "Q-learning", ``_VARIABLE_COMPOUND``), not one it counts or shapes ("k-shot", "x-axis")
    nor an adjective."""
    found = _VARIABLE_COMPOUND.match(word)
    return (
        found is not None
        and found["word"] not in _COUNTED_OR_SHAPED
        and not DESCRIBING_ENDING.search(word)
        and not _FORM_ADJECTIVE.match(found["word"])
        and found["word"] not in DERIVATION_SUFFIXES
    )


def _rarity(word: str, statistics: WordStatistics) -> float:
    """How rare a word is both in general English and among the corpus's papers."""
    return min(english_rarity(word), statistics.corpus_rarity(word))


# A noun by its ending: "-tion", "-ment", "-ing", "-ity", "-er" ("self-attention",
# "cross-encoder", "self-training"), not an adjective ("cross-domain", "self-supervised").
_NOUN_ENDING = re.compile(r"(tion|sion|ment|ing|ity|ness|ance|ence|er|or|py)$")


# An adjective by its ending ("logarithmic", "exponential", "multiplicative"); not a noun
# ("normalization factor") nor a participle ("scaling factor"). Endings in -ant and -ent are
# left out: they end nouns as often ("coefficient", "agent").
_FORM_ADJECTIVE = re.compile(r"^[a-z][a-z-]*(?:ic|al|ive|ous)$")


def _means_to_a_task(words: list[str], table: Kinds) -> bool:
    """A plural made thing ("models", "networks", "systems") after a task's name in
    lower-case words ("glyph sorting systems"): any of those that do the task, no one of
    them (one written as a name, "Quill Sorting Networks", is one)."""
    last = words[-1]
    return (
        len(words) > 1
        and last.islower()
        and last.endswith("s")
        and (singular(last) in table.artifact_heads or singular(last) == "system")
        and all(w.islower() for w in words[:-1])
        and head_type(words[:-1]) == "task"
    )


# An adjective by its ending ("constrained", "combinatorial", "stochastic", "evolutionary",
# "multi-objective", "convex", "bilevel"), not a noun naming what is optimised
# ("hyperparameter", "portfolio", "prompt").
_PROBLEM_FORM_ADJECTIVE = re.compile(r"^[a-z][a-z-]*(?:ed|al|ic|ary|ive|ex|level|ular|inear)$")
# What a class of problems asks for: the best value of something, whichever way.
_OPTIMISING = frozenset(
    {"optimization", "optimisation", "maximization", "maximisation", "minimization",
     "minimisation"}
)  # fmt: skip


_WAYS_OF_DOING = frozenset(
    {"method", "approach", "framework", "technique", "scheme", "strategy", "procedure",
     "algorithm", "paradigm"}
)  # fmt: skip


# The parts a doing goes through: "sampling steps", "decoding phase", "pre-processing step".
_PARTS_OF_DOING = frozenset({"step", "stage", "phase", "round"})


def _a_way_of_doing_an_activity(content: list[str], table: Kinds) -> bool:
    """An activity's noun alone before the head of a way of doing ("sampling method",
    "modelling framework", "clustering algorithm") or of one of its parts ("sampling
    steps", "decoding phase"): any way of doing it, or a part of any, no one method; a
    thing's noun says which ("kernel method")."""
    if len(content) != 2:
        return False
    head, activity = singular(content[1]), content[0]
    if head in _PARTS_OF_DOING:
        activity = activity.rpartition("-")[2]  # "pre-processing step"
    elif head not in _WAYS_OF_DOING or "-" in activity:
        return False
    return (
        head_type([activity]) == "task"
        or activity in table.action_heads
        or bool(_ACTIVITY_NOUN.search(activity))
    )


def task_on_a_thing(label: str, statistics: WordStatistics) -> float:
    """How specific a task named by what is done to what is ("view synthesis", "policy
    evaluation", "program search"): as rare as the thing it is done to, which says which
    task it is, however vague the doing's word is alone. 0 for another name: two lower-case
    words, a noun of doing after a countable noun (its plural is written in the corpus, so
    it is no adjective: "joint selection", "raw predictions") that is not vague ("model
    training", "performance evaluation") nor an amount ("cost reduction"). A thing common in
    the corpus says little ("feature engineering" where most papers write "features"),
    unless the doing's word heads a task's name ("text classification" in a corpus of text
    papers, "glyph-to-glyph translation"): then the thing is as rare as it is in English.
    A mapping's name may be title-cased ("Glyph-to-Glyph Translation"); another title's
    words ("Combining Glyph Matching and ...") are not read as a task's."""
    words = label.split()
    if len(words) != 2 or not all(w.replace("-", "").isalpha() for w in words):
        return 0.0
    if not all(w.islower() for w in words) and not (
        _MAPPING.match(words[0]) and TITLE_CASED_WORD.match(words[1])
    ):
        return 0.0
    words = [w.lower() for w in words]
    table = kinds()
    # the doing's last part says what it is: "re-identification"
    thing, activity = words[0], singular(words[1].rpartition("-")[2])
    task_head = head_type([activity]) == "task"
    mapped = thing.split("-to-") if task_head and _MAPPING.match(thing) else [thing]
    thing = max(mapped, key=english_rarity)  # "image-to-text": the rarer side
    if "-" in thing:
        return 0.0
    doing = (
        bool(_ACTIVITY_NOUN.search(activity))
        or activity.endswith("sis")
        or activity in table.action_heads
    )
    plurals = [thing + "s", thing + "es"] + ([thing[:-1] + "ies"] if thing.endswith("y") else [])
    countable = any(statistics.document_frequency[plural] > 0 for plural in plurals)
    if (
        not doing
        or not countable
        or activity in GENERIC_NAMES
        or activity in table.amount_heads
        or thing in GENERIC_NAMES
        or thing in table.amount_heads
        or thing in METRIC_PHRASE_HEADS
        or thing in LEADING_NOISE
        or thing in table.people
    ):
        return 0.0
    if task_head and thing not in table.vague_heads:
        return round(english_rarity(thing), 3)
    return round(_rarity(thing, statistics), 3)


_MAPPING = re.compile(r"^[A-Za-z]+-to-[A-Za-z]+$")  # "image-to-image", "Speech-to-Text"


def _without_prefix(word: str, vague_heads: frozenset[str]) -> str:
    """A doing written without the hyphen after a prefix of time, hyphenated where the
    doing is a vague head: "retraining" is "re-training", as "pre-training" is. Only a
    doing: the prefix of a thing's name is part of the word ("resource")."""
    for prefix in _WHEN_PREFIXES:
        rest = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(rest) >= MIN_PREFIXED_REST
            and rest.endswith("ing")
            and rest in vague_heads
        ):
            return f"{prefix}-{rest}"
    return word


MIN_PREFIXED_REST = 4  # letters after a prefix for a word to be read as prefixed
# Prefixes that only say when a doing happens: "unlearning" or "cotraining" is another
# doing, not "learning" or "training" again.
_WHEN_PREFIXES = ("re", "pre", "post")


def _change_of_a_thing(content: list[str], table: Kinds) -> bool:
    """A change ("reduction", "gap") of something that is no quantity: a technique or a
    notion ("dimensionality reduction", "duality gap"), where a change of a quantity
    ("memory reduction", "accuracy drop") is an amount."""
    changed = content[-2].rpartition("-")[2]  # the word right before the change
    return (
        singular(content[-1]) in _CHANGE_HEADS
        and not _FORM_ADJECTIVE.match(changed)  # "polylogarithmic gap": how big, not of what
        and not changed.endswith("ed")
        and not any(
            singular(word) in table.amount_heads
            or singular(word) in METRIC_PHRASE_HEADS
            or singular(word) in MEASURED_QUANTITY_HEADS
            or singular(word) in GENERIC_NAMES
            for word in content[:-1]
        )
    )


# Changes that name a technique or a notion when what changes is no quantity: "variance
# reduction", "modality gap" (an increase or a drop is of an amount, as a rule).
_CHANGE_HEADS = frozenset({"reduction", "gap"})


# Heads of the conditions a problem is posed under: one word before them says how, not which
# ("stochastic setting", "noiseless case"); more words may name one ("bandit feedback setting").
_SETTING_HEADS = frozenset({"setting", "scenario", "case", "situation", "circumstance"})


# A noun of doing by its ending ("sampling", "interpolation", "assignment"); not "-al" or
# "-ure" as ``ACTIVITY_HEAD`` allows: "kernel", "neural", "structure" name things
_ACTIVITY_NOUN = re.compile(r"..(?:ing|tion|sion|ment)$")


def _class_of_problems(content: list[str]) -> bool:
    """An adjective alone before "optimization", "maximization" or "minimization" (or
    "... problem"), read by its ending, or one of ``problem_forms`` alone before "problem":
    the form of a class of problems ("constrained optimization", "modular maximization",
    "combinatorial problem"), which names no one task
    nor method; what is optimised ("hyperparameter optimization"), a school's method
    ("Bayesian optimization") or another word before "problem" ("eigenvalue problem")
    does. (Before "problem" an ending says too little: "isoperimetric problem".)"""
    if len(content) == 2 and singular(content[-1]) == "problem":
        # so is one of the adjectives of a problem's form alone before "problem"
        # ("combinatorial problem", "ill-posed problems"); other words may name one
        # problem ("isoperimetric problem", "eigenvalue problem")
        return content[0] in kinds().problem_forms
    words = content[:-1] if content and singular(content[-1]) == "problem" else content
    return (
        len(words) == 2
        and words[1] in _OPTIMISING
        and bool(_PROBLEM_FORM_ADJECTIVE.match(words[0]))
    )


def _job_on_an_everyday_thing(words: list[str], content: list[str], table: Kinds) -> bool:
    """A part named by its job (``agent_heads``: "detector", "encoder") done on an everyday
    thing in lower-case words ("house detector", "music encoders"), unless those words are
    a known name ("random forest regressor") or written as one ("Quillcorp tokenizer")."""
    return (
        len(content) > 1
        and singular(content[-1]) in table.agent_heads
        and all(w.islower() for w in words[:-1])
        and all(english_zipf(p) >= EVERYDAY_ZIPF for p in content[:-1])
        and " ".join(content[:-1]) not in _known_phrases()
    )


@lru_cache(maxsize=1)
def _known_phrases() -> frozenset[str]:
    """The packaged lexicon's names and aliases, lower-case, singular and plural."""
    from ..text.lexicon import load_lexicon

    names = {n.lower() for entry in load_lexicon() for n in (entry.name, *entry.aliases)}
    return frozenset(names | {n + "s" for n in names})


def _eponym(word: str) -> bool:
    """Two capitalised names joined by a hyphen, one of them a rare word ("Quill-Zarn"), not
    a capitalised compound of everyday words ("Multi-Task", "Self-Supervised")."""
    return (
        bool(_NAME_PAIR.match(word))
        and min(english_zipf(half.lower()) for half in word.split("-")) < EPONYM_ZIPF
    )


# Words that count the parts of a thing when they open a hyphenated word ("three-pronged",
# "multi-step", "2-stage")
_COUNT_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "single",
        "dual",
        "double",
        "triple",
        "multi",
    ]
)


def _counted_parts(content: list[str]) -> set[str]:
    """The two parts of the hyphenated words that count a thing's parts ("three-pronged",
    "two-stage"); not a count before a word that says which thing ("dual-path",
    "two-timescale")."""
    found = set()
    for word in content:
        parts = word.split("-")
        if (
            len(parts) == 2
            and (parts[0] in _COUNT_WORDS or parts[0].isdigit())
            and _PART_NOUN.match(parts[1])
        ):
            found.update(parts)
    return found


# Words for the parts a thing is counted in, after a count ("three-pronged", "two-tiered")
_PART_NOUN = re.compile(
    r"^(?:stage|step|tier|prong|spoke|phase|fold|level|part|pass|round|layer|piece)(?:s|d|ed)?$"
)


def _participles_before_artifact(words: list[str], table: Kinds) -> bool:
    """A made thing's head ("model", "network") with only participles before it: what was
    done to it ("fine-tuned model") or what it does ("surpassing models"); not a field's
    noun in "-ing" ("learning", "pooling" in "max-pooling layers", "programming model")."""
    if singular(words[-1]) not in table.artifact_heads:
        return False
    before = words[:-1]
    first = next((i for i, w in enumerate(before) if _is_participle(w)), None)
    # a size or a place in time before them says no more ("small pruned model", "large
    # fine-tuned model"); a noun there says which kind ("memory augmented network"), and so
    # does a word after a participle ("fine-tuned language model")
    return (
        first is not None
        and all(w in _SIZE_WORDS for w in before[:first])
        and all(_is_participle(w) for w in before[first:])
    )


_SIZE_WORDS = frozenset(
    {"small", "large", "big", "tiny", "huge", "new", "original", "final", "single", "whole"}
)


def _is_participle(word: str) -> bool:
    """A past participle ("fine-tuned"; not "diffusion-based", which says which kind) or a
    present one that is no field's noun ("surpassing"; not "pooling", "programming")."""
    return (word.rsplit("-", 1)[-1].endswith("ed") and not word.endswith("-based")) or (
        word.endswith("ing")
        and "-" not in word
        and head_type([word]) is None
        and english_zipf(word) < VERB_FORM_ZIPF
    )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))
