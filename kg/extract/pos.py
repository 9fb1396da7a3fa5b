"""Coarse part-of-speech from fine tags: a fast stand-in for a pipeline's attribute ruler.

The stock English pipelines set ``Token.pos`` with an ``attribute_ruler``: a table from
Penn tags to universal POS plus a few word-specific exceptions ("that" as a relative
pronoun), run through spaCy's Matcher, which cost about a tenth of kg's extraction time.
kg reads only POS from it (no morphology, no lemmas), so ``kg_tag_pos`` applies the same
single-token rules with two dictionary lookups per token. ``rules_from_attribute_ruler``
derives the rules from the pipeline being replaced, so another English pipeline keeps
its own table.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def rules_from_attribute_ruler(patterns: list[dict]) -> list[list]:
    """``[conditions, POS]`` rules from an attribute ruler's one-token patterns that set POS,
    in the ruler's order (a later rule wins). Conditions test TAG, LOWER, DEP or IS_SPACE with
    a value, ``{"IN": [...]}`` or ``{"NOT_IN": [...]}``; patterns over several tokens (rare,
    and about words kg never reads) are left out."""
    rules = []
    for pattern in patterns:
        pos = pattern.get("attrs", {}).get("POS")
        tokens = pattern["patterns"][0]
        if pos is None or len(tokens) != 1 or pattern.get("index", 0) != 0:
            continue
        if set(tokens[0]) <= {"TAG", "LOWER", "DEP", "IS_SPACE"}:
            rules.append([dict(tokens[0]), pos])
    return rules


def _holds(condition, value) -> bool:
    if isinstance(condition, dict):
        if "IN" in condition:
            return value in condition["IN"]
        return value not in condition.get("NOT_IN", ())
    return value == condition


@Language.factory("kg_tag_pos", default_config={"rules": []})
class TagToPos:
    """Sets ``Token.pos`` from the fine tag, the word and its dependency label."""

    def __init__(self, nlp: Language, name: str, rules: list[list]) -> None:
        # A plain tag rule is one dictionary lookup; rules that name words are looked up by
        # the word; the few others are tried on every token.
        self.tag_pos: dict[str, str] = {}
        self.by_word: dict[str, list[tuple[int, dict, str]]] = {}
        self.general: list[tuple[int, dict, str]] = []
        for order, (conditions, pos) in enumerate(rules):
            if set(conditions) == {"TAG"} and isinstance(conditions["TAG"], str):
                self.tag_pos[conditions["TAG"]] = pos
            elif isinstance(conditions.get("LOWER"), (str, dict)) and not (
                isinstance(conditions["LOWER"], dict) and "NOT_IN" in conditions["LOWER"]
            ):
                lower = conditions["LOWER"]
                for word in [lower] if isinstance(lower, str) else lower["IN"]:
                    self.by_word.setdefault(word, []).append((order, conditions, pos))
            else:
                self.general.append((order, conditions, pos))
        # Each word's rules merged with the general ones once, in the ruler's order.
        self.by_word = {
            word: sorted(self.general + rules, key=lambda c: c[0])
            for word, rules in self.by_word.items()
        }

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            pos = self.tag_pos.get(token.tag_)
            candidates = self.by_word.get(token.lower_, self.general)
            if candidates:
                values = {
                    "TAG": token.tag_,
                    "LOWER": token.lower_,
                    "DEP": token.dep_,
                    "IS_SPACE": token.is_space,
                }
                for _, conditions, special in candidates:
                    if all(_holds(c, values[k]) for k, c in conditions.items()):
                        pos = special
            if pos is not None:
                token.pos_ = pos
        return doc
