"""Community names on an invented corpus: distinctive specific members, one per type."""

from __future__ import annotations

from kg.community_names import community_names, community_term_scores, pick_name_parts
from kg.records import Entity, Relation

# Two invented fields. "Widgetformer" is named by every paper of both (the most frequent
# entity of each community) and "deep wobbling" is an umbrella term named nearly as often;
# neither says what a community is about.
TYPES = {
    "widgetformer": "method",
    "deep wobbling": "concept",
    "quillnet": "method",
    "zephyr-bench": "dataset",
    "glorp detection": "task",
    "frobnitz score": "metric",
    "snorkelgan": "method",
    "murk-10": "dataset",
    "blip synthesis": "task",
    "quux distance": "metric",
}
GENERIC = {"deep wobbling"}
PAPERS = {
    # the glorp field
    "g1": ["widgetformer", "deep wobbling", "quillnet", "zephyr-bench", "glorp detection"],
    "g2": ["widgetformer", "deep wobbling", "quillnet", "zephyr-bench", "frobnitz score"],
    "g3": ["widgetformer", "quillnet", "glorp detection", "frobnitz score"],
    "g4": ["widgetformer", "deep wobbling", "zephyr-bench", "glorp detection"],
    # the blip field
    "b1": ["widgetformer", "deep wobbling", "snorkelgan", "murk-10", "blip synthesis"],
    "b2": ["widgetformer", "snorkelgan", "murk-10", "quux distance"],
    "b3": ["widgetformer", "deep wobbling", "snorkelgan", "blip synthesis", "quux distance"],
}
GROUPS = [
    [
        "widgetformer",
        "deep wobbling",
        "quillnet",
        "zephyr-bench",
        "glorp detection",
        "frobnitz score",
    ],
    ["snorkelgan", "murk-10", "blip synthesis", "quux distance"],
]


def invented():
    counts: dict[str, int] = {}
    for names in PAPERS.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    entities = {
        key: Entity(
            key=key,
            type=kind,
            label=key.title() if kind != "task" else key,
            paper_count=counts[key],
            generic=key in GENERIC,
        )
        for key, kind in TYPES.items()
    }
    relations = [Relation(p, "uses", e) for p, names in PAPERS.items() for e in names]
    return entities, relations


def test_names_leave_out_hubs_and_umbrella_terms_and_take_one_per_type():
    entities, relations = invented()
    glorp, blip = community_names(entities, relations, GROUPS)
    # the most frequent members by paper count would be Widgetformer and deep wobbling
    assert max(GROUPS[0], key=lambda k: entities[k].paper_count) == "widgetformer"
    assert "Widgetformer" not in glorp and "Deep Wobbling" not in glorp
    parts = glorp.split(" · ")
    assert len(parts) == 3
    kinds = [next(e.type for e in entities.values() if e.label == p) for p in parts]
    assert len(set(kinds)) == 3  # one per type
    assert set(parts) <= {"Quillnet", "Zephyr-Bench", "glorp detection", "Frobnitz Score"}
    assert len(blip.split(" · ")) == 3 and "Snorkelgan" in blip
    assert community_names(entities, relations, GROUPS) == [glorp, blip]  # deterministic


def test_scores_rank_a_concentrated_member_over_one_spread_across_communities():
    entities, relations = invented()
    glorp, _ = community_term_scores(entities, relations, GROUPS)
    ranked = [key for key, _ in glorp]
    assert "deep wobbling" not in ranked  # generic: no score at all
    assert ranked.index("quillnet") < ranked.index("widgetformer")
    assert ranked.index("zephyr-bench") < ranked.index("widgetformer")
    assert all(score >= 0 for _, score in glorp)


def test_a_community_of_one_type_is_named_by_its_best_members_of_that_type():
    entities = {
        k: Entity(key=k, type="method", label=k.upper()) for k in ("fizznet", "buzzgrad", "hmm")
    }
    ranked = [("fizznet", 0.5), ("buzzgrad", 0.4), ("hmm", 0.3)]
    assert pick_name_parts(ranked, entities) == ["fizznet", "buzzgrad", "hmm"]
    assert pick_name_parts(ranked, entities, parts=1) == ["fizznet"]


def test_a_weak_member_of_another_type_does_not_displace_strong_ones():
    entities = {
        "fizznet": Entity(key="fizznet", type="method", label="FizzNet"),
        "buzzgrad": Entity(key="buzzgrad", type="method", label="BuzzGrad"),
        "tinyset": Entity(key="tinyset", type="dataset", label="TinySet"),
    }
    weak = [("fizznet", 1.0), ("buzzgrad", 0.9), ("tinyset", 0.05)]
    assert pick_name_parts(weak, entities, parts=2) == ["fizznet", "buzzgrad"]
    strong = [("fizznet", 1.0), ("buzzgrad", 0.9), ("tinyset", 0.6)]
    assert pick_name_parts(strong, entities, parts=2) == ["fizznet", "tinyset"]


def test_a_community_of_umbrella_terms_only_still_gets_a_name():
    entities = {
        "stuff": Entity(key="stuff", type="concept", label="stuff", generic=True),
        "things": Entity(key="things", type="concept", label="things", generic=True),
    }
    relations = [Relation("p1", "uses", "stuff"), Relation("p1", "uses", "things")]
    assert community_names(entities, relations, [["stuff", "things"]]) == ["stuff · things"]
    assert community_names(entities, relations, []) == []
