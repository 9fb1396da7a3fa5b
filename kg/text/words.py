"""Word-shape tests shared by extraction, linking and curation: coined names, plurals,
phrases that name nothing.

Plain string functions, no spaCy: ``is_name_like("GPT-2")``, ``singular("LLMs")``,
``is_generic(["this", "approach"])``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .vocabulary import GENERIC_NAMES, HEAD_TYPES, LEADING_NOISE, PRONOUNS, STOP_PHRASES

# The ending of a word that describes the noun after it rather than naming a thing: a
# participle or an adjective ("fully connected", "autoregressive", "foldable", "hopeless").
DESCRIBING_ENDING = re.compile(r"(?:ed|ive|ous|able|ible|ful|less)$", re.IGNORECASE)

# Kind words dropped after a name: "the ChartMoE framework" is ChartMoE.
KIND_WORDS = frozenset(
    {
        "method",
        "framework",
        "approach",
        "model",
        "algorithm",
        "technique",
        "architecture",
        "system",
        "module",
        "strategy",
        "scheme",
        "pipeline",
        "toolkit",
    }
)

# Parts a name defined with its short form may be followed by ("the Glyph Extraction (GE)
# layer"): what the named thing is, as the kind words are; a part is named by the doing a
# title-cased long form names.
DEFINED_PART_KINDS = frozenset({"layer", "block", "unit", "mechanism"})
# Measures so ("the Zarn Norm (ZN) scores"); after a doing they measure it ("Sparse Zarn
# Training (SZT) criteria").
DEFINED_MEASURE_KINDS = frozenset({"score", "criterion", "metric", "measure", "value"})
# Things that do what a name says, as the kind words are ("support zarn machine (SZM)
# classifier"); after a task's name, things that do the task. Not "network" nor "solver":
# "X networks" are built with X ("ReLU networks"), "X solvers" solve X ("ODE solvers").
DEFINED_DOER_KINDS = frozenset({"classifier", "estimator"})

# A web or mail address, a handle or a quotation mark; "pass@1" and "Recall@K" are names.
NOT_A_NAME = re.compile(r"://|www\.|\.(com|org|io|html?)\b|@(?=[\w-]+\.[A-Za-z])|(?<!\w)@|[\"“”]")
# (a letter with a digit after it, a digit with a letter after it, a capital after the first
# character, two capitals first, or "@" between word characters; each tried from the start
# only, so a word of thousands of characters takes linear time)
_NAME_LIKE = re.compile(
    r"^[^A-Za-z]*[A-Za-z].*\d|^\D*\d.*[A-Za-z]|^.+[A-Z]|^[A-Z]{2,}|\w@\w", re.DOTALL
)


# A BibTeX key left in a text: a surname, a year, a word of the title, all in lower case
# ("zarnov2021glyph", "zarn2018co"; a surname of one letter before a title word of three
# letters or more: "q2020glyph"); no entity and no part of one, nor a break in a list. Not
# a name with a year and digits or one letter after it ("quill2017task4", "zorb2014en2de",
# "k2019b").
CITATION_KEY = r"(?:[a-z]{2,}(?:19|20)\d\d[a-z]+|[a-z](?:19|20)\d\d[a-z]{3,})"

# The parameters of a name written against it in brackets: "TD(λ)", "TD(0)", "GARCH(1,1)",
# "ARIMA(p,d,q)", "QuillGD(\lambda)". Part of the name ("TD(0)" is another method); a word
# or a year in brackets ("BERT(base)", "BERT(2019)", "networks(NNs)") is not, nor one letter
# alone ("ReLU(x)", "Omega(n)": a function of a variable).
_GREEK = (
    r"[\u0370-\u03ff]|\\(?:var)?(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|"
    r"kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega)"
)
_ONE_PARAMETER = rf"(?:\d{{1,3}}(?:\.\d+)?|{_GREEK})"
_ANY_PARAMETER = rf"(?:{_ONE_PARAMETER}|[A-Za-z])"
NAME_PARAMETERS = (
    r"(?<=[A-Za-z][A-Za-z0-9]|[A-Za-z0-9][A-Za-z])"
    rf"\((?:{_ONE_PARAMETER}|{_ANY_PARAMETER}(?:,\s?{_ANY_PARAMETER}){{1,3}})\)"
)

# The last part of a word made from a name ("QuillNet-based", "GlyphLM-style"): the name is
# one of its own, not part of a new compound name.
DERIVATION_SUFFIXES = frozenset(
    {
        "based", "style", "like", "driven", "powered", "guided", "inspired", "augmented",
        "enhanced", "assisted", "centric",
    }
)  # fmt: skip


def is_name_like(word: str) -> bool:
    """Looks like a coined name: "BERT", "GPT-2", "ResNet", "LLaMA2", "bert2BERT", "pass@k"
    (not "32k")."""
    return (
        bool(_NAME_LIKE.search(word))
        and sum(ch.isalpha() for ch in word) >= 2
        and not NOT_A_NAME.search(word)
    )


# Suffixes of a noun that names an activity ("segmentation", "parsing", "analysis",
# "alignment", "retrieval", "capture").
ACTIVITY_HEAD = re.compile(r"..(?:ing|tion|sion|ment|sis|ance|ence|al|ure)$")


# A unit of measurement opening a phrase: "kHz sampling rate" after "44.1".
_UNIT_FIRST = re.compile(r"(?:[kMGT]?Hz|ms|[KMGT]i?B|dB|fps|FPS|[GT]?FLOPs?|kW)\b")
_NUMBER_END = re.compile(r"\d\s?$")


def cut_from_a_quantity(text: str, start: int) -> bool:
    """Whether the phrase at ``text[start:]`` opens with the unit of a number written just
    before it ("44.1 kHz sampling rate"): the rest of a quantity, not a name."""
    return bool(
        _NUMBER_END.search(text, max(0, start - 2), start) and _UNIT_FIRST.match(text, start)
    )


# A word written in title case: "Quill", "Glyph-Sorting" (a capital, then lower case).
TITLE_CASED_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*$")
# A measure counted per unit: "bits per dim", "1.27 bits / char", "bits-per-byte".
PER_UNIT = (
    r"(?:bits?|nats?)\s*(?:per|/|-per-)\s*(?:char(?:acter)?s?|bytes?|dim(?:ension)?s?|"
    r"(?:sub-?)?pixels?|tokens?|words?)"
)
# Units of a duration, as results write them ("3 minutes", "12 GPU hours", "40 ms").
DURATION_UNIT = re.compile(
    r"^(?:(?:gpu|tpu|cpu|wall[- ]clock)[- ])?(?P<unit>ms|msecs?|milliseconds?|µs|μs|microseconds?|s|secs?|seconds?|mins?|"
    r"minutes?|h|hrs?|hours?|days?|weeks?)$",
    re.IGNORECASE,
)
# A rate, things done per second: "fps", "tokens/s", "45 frames per second".
RATE_UNIT = re.compile(
    r"^(?:(?P<fps>fps)|it/s|(?P<things>[a-z]+?)s?\s?(?:per\s+second|/\s?s(?:ec)?))$",
    re.IGNORECASE,
)
# The unit of a measured amount written short after its number: "34ms", "16GB", "60fps"
# (not "s", "h" or "W" alone: "300W" is as often a name).
MEASURE_UNIT = r"(?:ms|µs|μs|secs?|mins?|hrs?|[MGTP]i?B|KiB|[kKMG]?Hz|[kM]W|fps|FPS|dB)"
# A unit that compute, memory or compression is counted in, named alone: "FLOPs", "GMACs",
# "GPU hours", "bits per dim". What results are measured in, never a method or a task.
_COUNTED_UNIT = re.compile(
    r"^(?:[KMGTPE]?FLOP[Ss]?|[KMGT]?MACs?|[GT]?OPS|GPU[- ]hours?|TPU[- ]hours?|"
    rf"{PER_UNIT})$"
)


def is_counted_unit(label: str) -> bool:
    """Whether a name is a unit of compute, memory or compression alone ("GFLOPs", "GPU
    hours", "bits per dim"): a measure results are given in."""
    return bool(_COUNTED_UNIT.match(label.strip()))


# A property graded by a parameter named with a Greek letter: "epsilon-accuracy",
# "delta-smooth functions", "alpha-stable law" (Greek letters as LaTeX-less text spells them).
_GREEK_PARAMETER = re.compile(
    r"^(?:(?:var)?epsilon|alpha|beta|gamma|delta|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|"
    r"rho|sigma|tau|upsilon|(?:var)?phi|chi|psi|omega|[α-ω])-[a-z]"
)


def graded_by_a_parameter(label: str) -> bool:
    """Whether a name opens with a Greek-letter parameter and a hyphen ("epsilon-optimal
    policy", "delta-robustness"): a property at some level of the parameter, a notion of
    the theory, not a method, task or metric. A capital after the hyphen is a coined name
    ("mu-Transfer")."""
    return bool(_GREEK_PARAMETER.match(label))


# A number format or a numerical tolerance named by its precision: "machine precision",
# "mixed precision", "8-bit precision", "floating point accuracy". How finely numbers are
# stored or computed, not the metric "precision" (or "accuracy") of a classifier.
_NUMBER_FORMAT = re.compile(
    r"^(?:(?:machine|mixed|full|half|single|double|low|high|reduced|limited|arbitrary|"
    r"numerical|numeric|floating[- ]point|fixed[- ]point|\d+[- ]bits?|fp\d+|bf16|int\d+)"
    r"[- ]precision|(?:machine|floating[- ]point|fixed[- ]point|double|single|half|"
    r"\d+[- ]bits?)[- ]accuracy)(?:$|[- ])",
    re.IGNORECASE,
)


def names_a_number_format(label: str) -> bool:
    """Whether a name is a number format or a numerical tolerance ("machine precision",
    "half precision", "floating point accuracy", "mixed-precision arithmetic"): a notion of
    how numbers are computed, never a metric or a task."""
    return bool(_NUMBER_FORMAT.match(label.strip()))


# "X systems" whose last modifier is an adjective of nature ("chaotic", "molecular",
# "nonlinear", "high-dimensional", "coupled"): a system studied, modelled or simulated, not
# one somebody built ("ranking systems", "retrieval system").
_STUDIED_SYSTEM = re.compile(r"\w(?:al|ic|ar|ous|ed)[ -]systems?$", re.IGNORECASE)


def names_a_studied_system(label: str) -> bool:
    """Whether a name is a system described by its nature ("chaotic systems", "a nonlinear
    system"): an object of study, a concept. A system named by what it does or serves
    ("ranking systems", "dialogue system") is a method."""
    return bool(_STUDIED_SYSTEM.search(label.strip()))


_AT_CUT_OFF = re.compile(r"^[A-Za-z][\w-]*@(?:\d+(?:\.\d+)?|[kKnN])$")


def is_measure_at_cut_off(word: str) -> bool:
    """A measure taken at a cut-off: "pass@k", "Recall@10", "mAP@0.5"."""
    return bool(_AT_CUT_OFF.match(word))


# Plurals English took from Latin and Greek: by ending where the ending says it
# ("hypotheses", "analyses", "matrices", "vertices"), else word by word ("criteria",
# "corpora"; not every word in "-a" is a plural: "diaspora", "anima")
_CLASSICAL_PLURALS = (
    (re.compile(r"(?<=..)(?<!e)eses$"), "esis"),
    (re.compile(r"(?<=..)yses$"), "ysis"),
    (re.compile(r"(?<=..)trices$"), "trix"),
    (re.compile(r"(?<=..)rtices$"), "rtex"),
    (re.compile(r"(?<![a-z])indices$"), "index"),
    (re.compile(r"(?<![a-z])appendices$"), "appendix"),
)
# (only words ending so are looked at: ``singular`` is called for every word linked)
_CLASSICAL_ENDINGS = ("ses", "ces", "a", "ae")
_CLASSICAL_WORDS = {
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "corpora": "corpus",
    "maxima": "maximum",
    "minima": "minimum",
    "optima": "optimum",
    "extrema": "extremum",
    "spectra": "spectrum",
    "formulae": "formula",
    "lemmata": "lemma",
    "schemata": "schema",
}


def singular(word: str) -> str:
    """Lower-case singular of an English noun or an acronym plural ("LLMs" -> "llm"), and of
    the plurals English took from Latin and Greek ("hypotheses", "matrices", "corpora")."""
    lower = word.lower()
    if (
        len(word) > 2
        and word.endswith("s")
        and (word[:-1].isupper() or (word[-2].isupper() and sum(c.isupper() for c in word) >= 2))
    ):
        return lower[:-1]  # "LLMs", and a short form in mixed case ("ReLUs", "ViTs"; not "mAs")
    if lower.endswith(_CLASSICAL_ENDINGS) and not is_name_like(word):  # "ELECTRA": a name
        prefix, dash, last = lower.rpartition("-")
        if last in _CLASSICAL_WORDS:
            return prefix + dash + _CLASSICAL_WORDS[last]
        for plural, ending in _CLASSICAL_PLURALS:
            if plural.search(lower):
                return plural.sub(ending, lower)
    if len(lower) <= 3 or lower.endswith(("ss", "us", "is", "ics", "ous")):
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return lower[:-2]
    if lower.endswith("s"):
        return lower[:-1]
    return lower


def is_generic(words: list[str]) -> bool:
    """A phrase that names nothing: "method", "this approach", "the proposed framework"."""
    content = [w for w in words if w.lower() not in LEADING_NOISE and w.lower() not in PRONOUNS]
    if not content or compact(content) in STOP_PHRASES:
        return True
    return (
        len(content) == 1 and singular(content[0]) in GENERIC_NAMES and not is_name_like(content[0])
    )


def compact(words: list[str]) -> str:
    """A phrase's comparison key: lower case, last word singular, letters and digits only.

    Parameters
    ----------
    words : list of str
        The phrase's words, at least one.

    Returns
    -------
    str
        The key ``STOP_PHRASES`` is written in: ``["State-of-the-art", "Models"]`` ->
        ``"stateoftheartmodel"``.
    """
    return re.sub(r"[^a-z0-9]", "", " ".join(words[:-1] + [singular(words[-1])]).lower())


MAX_SHORT_CHARS = 12
MIN_SHORT_CHARS = 2
MAX_SHORT_WORDS = 2


def is_short_form(text: str) -> bool:
    """A plausible abbreviation: 2-12 chars, at most two words, a capital letter, starts alnum."""
    return (
        MIN_SHORT_CHARS <= len(text) <= MAX_SHORT_CHARS
        and len(text.split()) <= MAX_SHORT_WORDS
        and text[0].isalnum()
        and any(ch.isupper() for ch in text)
        and not text.isdigit()
        and not re.fullmatch(r"[A-Z][a-z]+", text)
    )  # "Model" is a word, not an abbreviation


# Words a long form may hold that give its short form no letter ("Mixture of Experts").
_UNSPELLED = frozenset(
    {"of", "with", "from", "for", "and", "the", "a", "an", "to", "in", "on", "via", "by"}
)


def initials(words: Sequence[str], *, every_word: bool = False) -> list[str]:
    """The first letter of each word or hyphenated part, lower-cased, grammar words skipped
    unless ``every_word`` ("Mixture of Low-Rank Experts" -> m, l, r, e)."""
    return [
        part[0].lower()
        for word in words
        if every_word or word.lower() not in _UNSPELLED
        for part in word.replace("/", "-").split("-")
        if part[:1].isalnum()
    ]


def short_form_letters(short: str, *, counted: bool = True) -> list[list[str]]:
    """What a long form's initials may spell for ``short``, lower-cased, in order of
    preference: all its letters and digits (a plural "s" at the end left out: "eNTKs" e, n,
    t, k), then a lower-case prefix as one letter before its capitals ("bi-QSTM" b, q, s,
    t, m), then, with two capitals or more, its capitals and digits alone ("LoRA" l, r, a;
    "MoE" m, e), then, if ``counted``, its letters with a digit after one counting it
    (``counted_letters``: "Q4" q, q, q, q)."""
    body = short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short
    spelled = [[c.lower() for c in body if c.isalnum()]]
    capitals = [c.lower() for c in body if c.isupper() or c.isdigit()]
    # a lower-case prefix before the capitals abbreviates one word: "bi-QSTM" is
    # "bidirectional QSTM" (not "ResNet": its lower-case letters are inside a word)
    prefix = re.match(r"([a-z]+)-?(?=[A-Z0-9])", body)
    for letters in ([prefix.group(1)[0], *capitals] if prefix else [], capitals):
        if len(letters) >= 2 and letters not in spelled:
            spelled.append(letters)
    letters_counted = counted_letters(body) if counted else None
    if letters_counted is not None and letters_counted not in spelled:
        spelled.append(letters_counted)
    return spelled


_ASCII_DIGITS = frozenset("0123456789")  # not "³" in "A³C": str.isdigit() says it is one


def counted_letters(short: str) -> list[str] | None:
    """The letters a short form spells where a digit after a letter counts that letter
    ("Q4": q, q, q, q for "Quill Quorb Query Quantizer"; "A3C": a, a, a, c; "ZG2N": z, g, g,
    n), lower-cased; None for a short form without such a digit, or with a digit that is no
    count (a 0 or 1, a number of two digits, or one opening the short form)."""
    letters: list[str] = []
    counted = False
    for i, ch in enumerate(short):
        if ch in _ASCII_DIGITS:
            if ch in "01" or i == 0 or not short[i - 1].isalpha():
                return None
            if i + 1 < len(short) and short[i + 1] in _ASCII_DIGITS:
                return None
            letters.extend([short[i - 1].lower()] * (int(ch) - 1))
            counted = True
        elif ch.isalpha():
            letters.append(ch.lower())
    return letters if counted else None


# What a sentence calls new, then a comma: a name given to it may follow ("we frame a new
# setup of X, Quill Oracle Optimization (QOO), to ...", "a new width limit, the X limit").
NEW_OBJECT_RENAMED = r"(an?|the)\s+(new|novel)\s+[^,()]{0,80}\w[^,()]{0,80},\s*(the\s+)?$"


def sounded_letters(short: str) -> list[str] | None:
    """The letters a short form spells where a 2 or a 4 between letters stands for "to" or
    "for" ("L2DC": l, t, d, c; "Seq2Seq": s, t, s), to be matched against every word's
    initial, grammar words included (``initials(words, every_word=True)``): "Learning to
    Design Circuits", "Text-to-Speech"; None for a short form with no such digit ("A2C"
    has one, but "Advantage Actor-Critic" has no "to")."""
    letters, sounded = [], False
    for i, ch in enumerate(short):
        between = 0 < i < len(short) - 1 and short[i - 1].isalpha() and short[i + 1].isalpha()
        if ch in _SOUNDED_DIGITS and between:
            letters.append(_SOUNDED_DIGITS[ch])
            sounded = True
        elif ch.isupper():
            letters.append(ch.lower())
    return letters if sounded and len(letters) >= 3 else None


_SOUNDED_DIGITS = {"2": "t", "4": "f"}


# A name written with its short form: "Quill Glint Attention (QGA)".
WITH_SHORT_FORM = re.compile(r"(?P<long>.*\S)\s*\((?P<short>[^()\s]{2,12})\)")


def defined_parts(name: str) -> tuple[str, ...]:
    """The long form and the short form of a name written "Long Form (SHORT)" (a paper
    goes on with "SHORT" alone), or nothing."""
    found = WITH_SHORT_FORM.fullmatch(name.strip())
    return (found["long"], found["short"]) if found else ()


def spells_by_initials(words: Sequence[str], short: str) -> bool:
    """Whether ``words`` spell the short form by their initials (``initials``,
    ``short_form_letters``): "Low-Rank Adaptation" LoRA, "Mixture of Experts" MoE."""
    found = initials(words)
    return bool(found) and found in short_form_letters(short)


def head_type(words: list[str]) -> str | None:
    """The entity type its head word gives a phrase ("image classification" -> task), or None.
    A measure at a cut-off ("Recall@10", "pass@k") is headed by the measure."""
    head = singular(words[-1].split("@")[0] if "@" in words[-1][1:] else words[-1])
    two = f"{singular(words[-2])} {head}" if len(words) > 1 else ""
    found = HEAD_TYPES.get(two) or HEAD_TYPES.get(head)
    if found is None and "-" in head:
        found = HEAD_TYPES.get(head.rsplit("-", 1)[-1])
    return found


# Characters drawn as blank that Unicode files as letters or symbols: the Hangul fillers,
# the Braille blank, the combining grapheme joiner.
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


def shows_text(text: str) -> bool:
    """Whether ``text`` holds a character one can see: not only spaces and invisible ones
    (zero-width spaces and joiners, format characters, variation selectors and other marks
    with nothing to mark, blank fillers)."""
    return any(
        not ch.isspace()
        and ch not in _BLANK_CHARACTERS
        and unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me")
        for ch in text
    )


# The longest sentence written whole with each mention, result and stated relation (in the
# RDF, the tables and `kg results`; the longest of the seeds, SciREX and its introductions
# has 938 characters); of a longer one, which only a text made to be odd has (one
# "sentence" of 20,000 characters naming 1,750 names was written 1,750 times: 37 MB of
# Turtle), the part around the mention.
MAX_SENTENCE_CHARS = 2_000


def sentence_shown(text: str, start: int, end: int, at: int) -> str:
    """``text[start:end]``, or where it is longer than ``MAX_SENTENCE_CHARS`` the part of
    that length around offset ``at``, with "…" where it is cut."""
    if end - start <= MAX_SENTENCE_CHARS:
        return text[start:end]
    half = MAX_SENTENCE_CHARS // 2
    first = max(start, min(at - half, end - MAX_SENTENCE_CHARS))
    last = first + MAX_SENTENCE_CHARS
    return ("…" if first > start else "") + text[first:last] + ("…" if last < end else "")
