"""Word lists that type noun phrases by their head and trim uninformative words.

The lists are data, in ``kg/data/vocabulary.toml`` (each with a comment on what it is
for), so that a rule change is a data change; this module reads them once and gives them
names. Every entry is lower-case; heads are matched on the singular form of the last word.
"""

from __future__ import annotations

import tomllib
from importlib import resources

VOCABULARY_FILE = "data/vocabulary.toml"


def load_vocabulary() -> dict:
    """The word lists of ``kg/data/vocabulary.toml``, as parsed (lists keep file order)."""
    return tomllib.loads(resources.files("kg").joinpath(VOCABULARY_FILE).read_text("utf-8"))


_LISTS = load_vocabulary()

# Head word (singular, lower-case) -> entity type.
HEAD_TYPES: dict[str, str] = {
    head: kind for kind, heads in _LISTS["head_types"].items() for head in heads
}
METRIC_PHRASE_HEADS = frozenset(_LISTS["metric_phrase_heads"])
MEASURED_QUANTITY_HEADS = frozenset(_LISTS["measured_quantity_heads"])
SINGLE_WORD_NOISE = frozenset(_LISTS["single_word_noise"])
NOT_METHODS = frozenset(_LISTS["not_methods"])
NOT_DATASETS = frozenset(_LISTS["not_datasets"])
DATASET_WORDS = frozenset(_LISTS["dataset_words"])
LEARNING_SETTINGS = frozenset(_LISTS["learning_settings"])
GENERIC_HEADS = frozenset(_LISTS["generic_heads"])
GENERIC_NAMES = frozenset(_LISTS["generic_names"])
STOP_PHRASES = frozenset(_LISTS["stop_phrases"])
LEADING_NOISE = frozenset(_LISTS["leading_noise"])
PRAISE_BEFORE_NAMES = frozenset(_LISTS["praise_before_names"])
TRAILING_NOISE = frozenset(_LISTS["trailing_noise"])
PRONOUNS = frozenset(_LISTS["pronouns"])
PROPOSAL_VERBS = frozenset(_LISTS["proposal_verbs"])
NAMING_WORDS = frozenset(_LISTS["naming_words"])
OWN_WORK_PARTICIPLES = frozenset(_LISTS["own_work_participles"])
TITLE_GENRES = frozenset(_LISTS["title_genres"])
PRIOR_WORK_WORDS = frozenset(_LISTS["prior_work_words"])
MATH_WORDS = frozenset(_LISTS["math_words"])


def _inflections(verb: str) -> set[str]:
    """Regular forms of a verb: propose -> proposes, proposed, proposing (builds -> built too)."""
    stem = verb.removesuffix("e")
    forms = {verb, verb + "s", stem + "ed", stem + "ing"}
    return forms | ({"built"} if verb == "build" else set())


# Every form of a proposal verb, so that no lemmatizer has to run for this one test.
PROPOSAL_VERB_FORMS = frozenset(form for verb in PROPOSAL_VERBS for form in _inflections(verb))
