"""A learned second reading of the paper roles: a linear model over what the rules read.

The rules of ``kg.link.relate`` decide each (paper, entity) role from cue phrases; each
rule was read off annotated papers and carries over to new papers by about a tenth of what
it gains on the papers it was read from (docs/quality.md, "Paper roles"). This model reads
the same evidence again and learns, from all the annotated tuning papers at once, how far
to trust each reading: the rules' role, the role each naming votes for, the entity's type,
where and how often the paper names it, and the words around its namings. It is a
multinomial logistic regression (``kg.train.roles`` fits it with scikit-learn), stored as
plain weights in ``kg/models/roles/role_model.json`` and applied here with a dot product,
so a build needs no learning library.

The model replaces the rules' role only where it finds its own clearly likelier
(``ROLE_MARGIN``), and proposals are left to the rules and the extraction's proposal
detection: the model neither makes nor unmakes a ``proposes`` role (the list of a paper's
proposals stays what the text names).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from ..errors import KgError
from .resolve import COMMON_WORD_ZIPF, english_zipf

if TYPE_CHECKING:
    from .relate import Naming

ROLE_MODEL_FILE = "models/roles/role_model.json"
FEATURES_VERSION = 5
WEIGHT_DECIMALS = 5
# Words read on each side of a naming.
WINDOW_WORDS = 4
# How much likelier than the rules' role the model's must be to replace it. Chosen on six
# tests on tuning parts no rule or model had been read from: with no margin the model gained
# 0.018 on average but flipped 15 right roles for 43 wrong ones put right, and lowered
# `mentions` recall by 0.05; with 0.1 it gains 0.014, flipping 9 for 31, and `mentions`
# recall falls by 0.03; with 0.2, 0.009, 1 for 15, recall kept.
ROLE_MARGIN = 0.1
# Larger margins where the model would turn a minority role the rules read into the majority
# `uses`: a linear model drifts towards the commonest class, and the rules' cue for a
# background naming or a competitor is the rarer evidence. Chosen by leaving each annotated
# part out in turn (docs/quality.md, "Paper roles"): `mentions` recall 0.655 -> 0.676 on the
# seeds' parts and `comparesWith` 0.558 -> 0.577, accuracy 0.693 -> 0.691.
KEEP_MARGINS = {("mentions", "uses"): 0.2, ("comparesWith", "uses"): 0.3}
# The naming flags whose share and presence are features.
NAMING_FLAGS = (
    "in_title",
    "own",
    "after_own",
    "prior",
    "nested",
    "measure",
    "action",
    "topic",
    "proposed",
)
_WORD = re.compile(r"e\.g\.|i\.e\.|[A-Za-z]+|[%()\[\],:;]", re.IGNORECASE)


def _written_in(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name`` (any case) as whole words ("GAN" is not in
    "Organic")."""
    name, text = name.lower(), text.lower()
    start = text.find(name) if name else -1
    while start >= 0:
        end = start + len(name)
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        start = text.find(name, start + 1)
    return False


@lru_cache(maxsize=1 << 13)  # a sentence is read once per name in it
def _cue_words(text: str, *, opens_sentence: bool = False) -> tuple[str | None, ...]:
    """The words of ``text``, lower-cased, with None for each word written as a name (a
    capital after its first letter, "ZaRN", "QPLX", or a capital inside a sentence,
    "Quillnet") and for a letter alone (a variable): the model learns from the words that
    say what is done with a name, never from names themselves, which would make its weights
    a list of the names it was trained on. ``opens_sentence``: the text's first word may be
    capitalised, if it is a common English word ("Unlike")."""
    words: list[str | None] = []
    for index, word in enumerate(_WORD.findall(text)):
        if len(word) == 1 and word.isalpha() and word.lower() != "a":
            words.append(None)  # a letter alone is a variable ("in R^d"), not a cue
            continue
        plain = word.islower() or not word[0].isalpha()
        opening = (
            opens_sentence
            and index == 0
            and word[1:].islower()
            and english_zipf(word.lower()) >= COMMON_WORD_ZIPF  # "Unlike", not "Quillnet"
        )
        words.append(word.lower() if plain or opening else None)
    return tuple(words)


def role_features(
    found: Sequence[Naming],
    naming_roles: Sequence[str],
    rule_role: str,
    entity_type: str,
    label: str,
    *,
    generic: bool,
    paper_count: int,
    abstract: str,
    title: str = "",
    first_own_at: int | None = None,
) -> dict[str, float]:
    """The features of one (paper, entity): ``found`` its namings, ``naming_roles`` the role
    each votes for (``kg.link.relate.naming_role``), ``rule_role`` the rules' decision;
    ``first_own_at`` is where the abstract first speaks of the paper's own work ("we",
    "this paper"): namings before it are in the background the abstract opens with."""
    features: dict[str, float] = {
        f"rule={rule_role}": 1.0,
        f"type={entity_type}": 1.0,
        f"type*rule={entity_type}{rule_role}": 1.0,
        "log_namings": math.log1p(len(found)),
        "log_papers": math.log1p(paper_count),
        "generic": float(generic),
    }
    share = 1.0 / max(len(found), 1)
    for role, count in Counter(naming_roles).items():
        features[f"naming_role={role}"] = count * share
        features[f"any_naming_role={role}"] = 1.0
    for flag in NAMING_FLAGS:
        values = [bool(getattr(n, flag)) for n in found]
        if values:
            features[f"share_{flag}"] = sum(values) / len(values)
            features[f"any_{flag}"] = float(any(values))
    spans = [
        (
            n.sentence_start,
            n.sentence_end - n.sentence_start if n.sentence_end >= 0 else len(n.sentence),
        )
        for n in found
        if n.sentence_start >= 0
    ]
    if spans:
        places = [start / max(len(abstract), 1) for start, _ in spans]
        features["first_place"] = min(places)
        features["last_place"] = max(places)
        own_at = len(abstract) if first_own_at is None else first_own_at
        before_own = [start + length <= own_at for start, length in spans]
        features["share_before_own"] = sum(before_own) / len(before_own)
        features["all_before_own"] = float(all(before_own))
    features["label_in_title"] = float(_written_in(label, title))
    for naming in found:
        # the words around the naming, every name in its sentence blanked
        context = naming.without_names or naming.sentence
        before_text = context[: len(naming.before)]
        after_text = context[len(context) - len(naming.after) :] if naming.after else ""
        before = _cue_words(before_text, opens_sentence=True)[-WINDOW_WORDS:]
        after = _cue_words(after_text)[:WINDOW_WORDS]
        for word in filter(None, before):
            features[f"before:{word}"] = 1.0
        for word in filter(None, after):
            features[f"after:{word}"] = 1.0
        if before and before[-1]:
            features[f"just_before:{before[-1]}"] = 1.0
        if after and after[0]:
            features[f"just_after:{after[0]}"] = 1.0
        for word in set(filter(None, _cue_words(context, opens_sentence=True))):
            features[f"sentence:{word}"] = features.get(f"sentence:{word}", 0.0) + share
    words = label.split()
    head = _cue_words(words[-1]) if words else []
    if head and head[-1]:
        features[f"head:{head[-1]}"] = 1.0
    return features


@dataclass(frozen=True)
class RoleModel:
    """A multinomial logistic regression over ``role_features``: one weight per class and
    feature, one intercept per class."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    # what it was trained on and how (``to_json``'s ``about``), kept as read
    about: Mapping[str, object] = field(default_factory=dict, compare=False)

    def chances(self, features: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Each role's probability (columns in ``classes`` order) for each set of
        ``features`` (rows): the softmax of one product of all of them with the weights
        (features the model never saw weigh nothing)."""
        rows, columns, values = [], [], []
        for row, found in enumerate(features):
            for name, value in found.items():
                column = self._rows.get(name)
                if column is not None:
                    rows.append(row)
                    columns.append(column)
                    values.append(value)
        totals = np.tile(self._intercepts, (len(features), 1))
        if rows:
            weighted = self._matrix[columns] * np.asarray(values)[:, None]
            for number in range(len(self.classes)):
                totals[:, number] += np.bincount(
                    rows, weights=weighted[:, number], minlength=len(features)
                )
        exponentials = np.exp(totals - totals.max(axis=1, keepdims=True))
        return exponentials / exponentials.sum(axis=1, keepdims=True)

    @cached_property
    def _rows(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.weights)}

    @cached_property
    def _matrix(self) -> np.ndarray:
        return np.asarray(list(self.weights.values()), dtype=float).reshape(-1, len(self.classes))

    @cached_property
    def _intercepts(self) -> np.ndarray:
        return np.asarray(self.intercepts, dtype=float)

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each role's probability."""
        return dict(zip(self.classes, self.chances([features])[0].tolist(), strict=True))

    def predict(self, features: Mapping[str, float]) -> str:
        """The most likely role (the first class on a tie)."""
        return self.classes[int(np.argmax(self.chances([features])[0]))]

    def second_reading(self, features: Mapping[str, float], rule_role: str) -> str:
        """The role a build gives: the model's, where it is more likely than the rules'
        role by more than ``ROLE_MARGIN`` (``KEEP_MARGINS`` for a background naming or a
        competitor the model reads as used), unless either is ``proposes`` (proposals are
        the rules' and the extraction's to name); else the rules' role."""
        return self.second_readings([features], [rule_role])[0]

    def second_readings(
        self, features: Sequence[Mapping[str, float]], rule_roles: Sequence[str]
    ) -> list[str]:
        """``second_reading`` of many (paper, entity)s at once (a build reads thousands)."""
        if len(features) != len(rule_roles):
            raise ValueError("one rules' role per set of features")
        chances = self.chances(features)
        index = {role: number for number, role in enumerate(self.classes)}
        read_roles = []
        for row, rule_role in enumerate(rule_roles):
            best = int(np.argmax(chances[row]))
            read = self.classes[best]
            margin = KEEP_MARGINS.get((rule_role, read), ROLE_MARGIN)
            rules_chance = chances[row, index[rule_role]] if rule_role in index else 0.0
            keep = (
                rule_role == "proposes"
                or read == "proposes"
                or chances[row, best] - rules_chance <= margin
            )
            read_roles.append(rule_role if keep else read)
        return read_roles

    def to_json(self, **about: object) -> str:
        """The model as JSON, one feature per line, with ``about`` (what it was trained on,
        how) kept beside it."""
        head = json.dumps(
            {
                "features_version": FEATURES_VERSION,
                "about": about,
                "classes": list(self.classes),
                "intercepts": [round(b, WEIGHT_DECIMALS) for b in self.intercepts],
            }
        )
        rows = ",\n".join(
            f"{json.dumps(name)}: {json.dumps([round(w, WEIGHT_DECIMALS) for w in row])}"
            for name, row in sorted(self.weights.items())
        )
        return f'{head[:-1]}, "weights": {{\n{rows}\n}}}}\n'

    @classmethod
    def from_json(cls, text: str) -> RoleModel:
        """A model written by ``to_json``."""
        data = json.loads(text)
        if data.get("features_version") != FEATURES_VERSION:
            raise KgError(
                f"role model features version {data.get('features_version')!r}, "
                f"expected {FEATURES_VERSION} (retrain it: make model-roles)"
            )
        try:
            classes = tuple(str(c) for c in data["classes"])
            model = cls(
                classes,
                tuple(float(b) for b in data["intercepts"]),
                {name: tuple(float(w) for w in row) for name, row in data["weights"].items()},
                dict(data.get("about") or {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise KgError(f"role model: not a model file ({error!r})") from None
        if len(model.intercepts) != len(classes) or any(
            len(row) != len(classes) for row in model.weights.values()
        ):
            raise KgError("role model: a row of weights does not match its classes")
        return model


# The sources whose decisions the model reads: retrain it when they change.
RULE_SOURCES = ("link/relate.py", "link/role_model.py")


def rules_fingerprint() -> str:
    """A hash of ``RULE_SOURCES``, which ``kg.train.roles`` stores with the model: a test
    compares it with the sources' own, so that rules changed without retraining the model
    (``make model-roles``) fail the tests instead of silently reading stale weights."""
    digest = hashlib.sha256()
    for name in RULE_SOURCES:
        digest.update(resources.files("kg").joinpath(name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def packaged_role_model() -> RoleModel | None:
    """The model shipped in ``kg/models/roles``, or None where there is none."""
    path = resources.files("kg").joinpath(ROLE_MODEL_FILE)
    if not path.is_file():
        return None
    return RoleModel.from_json(path.read_text("utf-8"))
