"""Curation files: each rule kind, selection, malformed files, provenance in RDF and CSV,
kg curate --suggest, and the command line end to end on the bundled sample.

The unit tests run on small hand-made graphs whose names are invented."""

from __future__ import annotations

import csv
import json
import warnings
from collections import defaultdict
from dataclasses import replace

import pytest
from conftest import run_kg

import kg
from kg.graph import KnowledgeGraph
from kg.link import link
from kg.link.curation import (
    Curation,
    Rule,
    Sense,
    apply_curation,
    load_curation,
    parse_curation,
    toml_string,
)
from kg.records import Entity, LinkedMention, Mention, Paper, PaperExtraction

# --- a hand-made corpus ---------------------------------------------------------------------


def corpus(*papers):
    """(extractions, papers) from (key, abstract, [(surface, label), ...]); each surface is
    found in the abstract after the previous one."""
    extractions, records = [], {}
    for key, text, spans in papers:
        mentions, position = [], 0
        for surface, label in spans:
            start = text.index(surface, position)
            position = start + len(surface)
            mentions.append(
                Mention(
                    start=start,
                    end=position,
                    text=surface,
                    label=label,
                    source="rule",
                    score=0.6,
                    sentence_start=0,
                    sentence_end=len(text),
                )
            )
        extractions.append(PaperExtraction(key, tuple(mentions)))
        records[key] = Paper(title=f"Paper {key}", abstract=text, key=key)
    return extractions, records


PAPERS = [
    (
        "p1",
        "Zorblax outperforms Quintessa on the Quintessa benchmark. Vexorium funded it.",
        [
            ("Zorblax", "method"),
            ("Quintessa", "method"),
            ("Quintessa benchmark", "dataset"),
            ("Vexorium", "concept"),
        ],
    ),
    (
        "p2",
        "Zorblax-9 is evaluated on Quintara with Vexorium support.",
        [("Zorblax-9", "method"), ("Quintara", "metric"), ("Vexorium", "concept")],
    ),
    (
        "p3",
        "We apply Zorblax-9 (Z9) to glimmering and report the Plonk rate.",
        [("Zorblax-9 (Z9)", "method"), ("glimmering", "task"), ("Plonk rate", "method")],
    ),
]


def curated(text: str, papers=PAPERS):
    """Link the hand-made corpus with the curation ``text``: (LinkResult, entities by label)."""
    extractions, records = corpus(*papers)
    result = link(extractions, records, curation=parse_curation(text, "c.toml"))
    return result, {e.label: e for e in result.entities.values()}


def by_label(result):
    return {e.label: e for e in result.entities.values()}


# --- the rules ------------------------------------------------------------------------------


def test_without_curation_the_corpus_links_as_it_did():
    extractions, records = corpus(*PAPERS)
    plain = link(extractions, records)
    assert plain.curation_log is None
    labels = by_label(plain)
    assert {"Zorblax", "Zorblax-9", "Quintessa", "Quintara", "Vexorium"} <= set(labels)
    assert all(e.curation == () for e in plain.entities.values())


def test_drop_removes_the_entity_its_mentions_and_its_edges():
    result, labels = curated('[[drop]]\nentity = "vexorium"\nreason = "a company"\n')
    assert "Vexorium" not in labels
    assert all(item.mention.text != "Vexorium" for item in result.mentions)
    assert all(r.object in result.entities for r in result.relations)
    log = result.curation_log
    assert log.applied == {"drop": 1} and log.unmatched == []
    assert log.dropped == ['concept:vexorium "Vexorium" (a company)']


def test_merge_makes_one_node_with_recounted_papers_and_mentions():
    extractions, records = corpus(*PAPERS)
    before = by_label(link(extractions, records))
    result, labels = curated(
        '[[merge]]\nentities = ["Quintara", "Quintessa"]\ninto = "Quintessa"\n'
    )
    assert "Quintara" not in labels
    merged = labels["Quintessa"]
    assert merged.key == before["Quintessa"].key  # named after that member: its key stays
    assert merged.paper_count == 2 and merged.mention_count == 3  # "Quintessa benchmark" too
    assert "Quintara" in merged.aliases
    assert merged.curation == ('merge: "Quintara", "Quintessa"',)
    # every mention and edge of the member now points to the merged node
    assert {i.paper_key for i in result.mentions if i.entity_key == merged.key} == {"p1", "p2"}
    assert {r.subject for r in result.relations if r.object == merged.key} == {"p1", "p2"}
    for relation in result.relations:  # evidence indexes are made again for the new order
        assert all(result.mentions[i].entity_key == relation.object for i in relation.evidence)


def test_merge_takes_the_type_most_mentions_have_and_a_later_rule_finds_it_by_any_name():
    result, labels = curated(
        '[[merge]]\nentities = ["Zorblax", "Zorblax-9", "Quintessa"]\n'
        'into = "Zorblax family"\n'
        '[[retype]]\nentity = "zorblax-9"\nto = "concept"\n'
    )
    merged = labels["Zorblax family"]
    assert merged.mention_count == 5 and merged.paper_count == 3
    assert merged.type == "concept"  # method by its mentions, then retyped by its old name
    assert merged.curation[-1] == "retype: to concept"
    assert result.curation_log.applied == {"merge": 1, "retype": 1}


def test_split_by_surfaces_and_by_papers():
    papers = [
        ("p1", "Zorblax helps.", [("Zorblax", "method")]),
        ("p2", "Zorblax-9 helps.", [("Zorblax-9", "method")]),
        ("p3", "Zorblax-9 (Z9) helps.", [("Zorblax-9 (Z9)", "method")]),
        ("p4", "Zorblax glows.", [("Zorblax", "method")]),
    ]
    # one entity that holds both names, as a lexicon alias would make it
    entities = {
        "zorblax": Entity(
            "zorblax", "method", "Zorblax", aliases=("Zorblax-9",), paper_count=4, mention_count=4
        )
    }
    extractions, _records = corpus(*papers)
    linked = [LinkedMention(e.paper_key, "zorblax", m) for e in extractions for m in e.mentions]
    rule = parse_curation(
        '[[split]]\nentity = "Zorblax"\nsenses = [\n'
        '  { label = "Zorblax-9", surfaces = ["zorblax-9"] },\n'
        '  { label = "Zorblax (glow)", papers = ["paper:p4"] },\n]\n'
    )
    curated_entities, mentions, log = apply_curation(entities, linked, rule)
    labels = {e.label: e for e in curated_entities.values()}
    nine, glow, rest = labels["Zorblax-9"], labels["Zorblax (glow)"], labels["Zorblax"]
    assert nine.key == "zorblax~zorblax9" and glow.key == "zorblax~zorblaxglow"
    assert (nine.paper_count, nine.mention_count) == (2, 2)  # "Zorblax-9 (Z9)" too
    assert (glow.paper_count, rest.paper_count) == (1, 1)
    assert rest.key == "zorblax" and rest.aliases == ()  # its mentions no longer use "Zorblax-9"
    assert nine.curation == ('split: from "Zorblax"',)
    assert rest.curation == ('split: 3 mentions moved to "Zorblax-9", "Zorblax (glow)"',)
    assert {m.paper_key: m.entity_key for m in mentions} == {
        "p1": "zorblax",
        "p2": nine.key,
        "p3": nine.key,
        "p4": glow.key,
    }
    assert log.applied == {"split": 1}


def test_a_sense_named_like_an_existing_entity_joins_it():
    _result, labels = curated(
        '[[split]]\nentity = "Quintessa"\n'
        'senses = [{ label = "Zorblax", surfaces = ["Quintessa"], to = "method" }]\n'
    )
    assert "Quintessa" not in labels  # all its mentions went: it is gone
    assert (labels["Zorblax"].mention_count, labels["Zorblax"].paper_count) == (3, 1)
    assert labels["Zorblax"].curation == ('split: mentions from "Quintessa"',)


def test_retype_changes_the_type_and_the_edges_not_the_key():
    extractions, records = corpus(*PAPERS)
    before = by_label(link(extractions, records))["Plonk rate"]
    result, labels = curated(
        '[[retype]]\nentity = "Plonk rate"\nto = "metric"\nreason = "a rate is measured"\n'
    )
    after = labels["Plonk rate"]
    # a rate no one sets is a quantity (a concept) to kg; the curation says it is measured
    assert (before.type, after.type, after.key) == ("concept", "metric", before.key)
    assert after.curation == ("retype: to metric; reason: a rate is measured",)
    edges = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("p3", "measures", after.key) in edges


def test_rename_keeps_the_old_label_as_an_alias():
    _result, labels = curated('[[rename]]\nentity = "glimmering"\nlabel = "Glimmering detection"\n')
    renamed = labels["Glimmering detection"]
    assert "glimmering" in renamed.aliases
    assert renamed.curation == ('rename: from "glimmering"',)


def test_generic_marks_and_unmarks():
    _result, labels = curated(
        '[[generic]]\nentity = "glimmering"\n[[generic]]\nentity = "Zorblax"\ngeneric = false\n'
    )
    assert labels["glimmering"].generic and labels["glimmering"].curation == ("generic: true",)
    assert not labels["Zorblax"].generic and labels["Zorblax"].curation == ()  # was not generic


def test_selection_by_node_id_and_type():
    extractions, records = corpus(*PAPERS)
    plain = by_label(link(extractions, records))
    key = plain["Zorblax-9"].key
    result, labels = curated(
        f'[[drop]]\nentity = "method:{key}"\n[[drop]]\nentity = "Quintessa"\ntype = "task"\n'
    )
    assert "Zorblax-9" not in labels
    assert "Quintessa" in labels  # no task of that label: the rule selects nothing
    assert result.curation_log.applied == {"drop": 1}
    assert len(result.curation_log.unmatched) == 1
    # a node id of another type than the rule's: nothing (the method was dropped)
    result, labels = curated(f'[[drop]]\nentity = "method:{key}"\ntype = "dataset"\n')
    assert "Zorblax-9" in labels and result.curation_log.applied == {}
    assert len(result.curation_log.unmatched) == 1


def test_a_rule_that_selects_nothing_is_a_warning_with_its_line():
    result, labels = curated(
        '[[retype]]\nentity = "Zorblax"\nto = "task"\n\n[[drop]]\nentity = "Frobnitz"\n'
    )
    assert labels["Zorblax"].type == "task"
    assert result.curation_log.unmatched == [
        'c.toml:5: [[drop]] entity = "Frobnitz" selects no entity'
    ]
    assert result.curation_log.summary() == "1 rule applied (1 retype), 1 selected nothing"


def test_kg_build_warns_of_a_rule_that_selects_nothing(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[[drop]]\nentity = "Frobnitz"\n', encoding="utf-8")
    report = kg.BuildReport()
    with pytest.warns(UserWarning, match='Frobnitz" selects no entity'):
        kg.build(None, entity_model="none", curation=path, report=report)
    assert report.curation_applied == {} and len(report.curation_unmatched) == 1


def test_curation_is_not_part_of_the_extraction_fingerprint(tmp_path):
    from kg.extract import Extractor
    from kg.settings import Settings

    path = tmp_path / "c.toml"
    path.write_text('[[drop]]\nentity = "Frobnitz"\n', encoding="utf-8")
    assert (
        Extractor(Settings(curation=str(path))).fingerprint() == Extractor(Settings()).fingerprint()
    )


@pytest.mark.parametrize("value", [5, "", ["a.toml"]])
def test_the_curation_setting_must_be_a_path(value):
    with pytest.raises(kg.KgError, match="setting curation"):
        kg.Settings(curation=value)


# --- malformed files ------------------------------------------------------------------------

BAD_FILES = [
    ('[[drop]\nentity = "x"\n', "not valid TOML"),
    ('[[dropp]]\nentity = "x"\n', "unknown rule kind 'dropp'"),
    ('drop = "x"\n', "drop must be an array of tables"),
    ('[[drop]]\nentity = "x"\ncolour = "red"\n', "c.toml:1: [[drop]]: unknown field 'colour'"),
    ('[[drop]]\nreason = "x"\n', "1: [[drop]]: 'entity' is missing"),
    ('[[drop]]\nentity = ""\n', "'entity' must be a non-empty text"),
    ('[[drop]]\nentity = "x"\ntype = "gadget"\n', "type must be one of"),
    ('[[merge]]\nentities = ["x"]\ninto = "x"\n', "two or more entities"),
    (
        '[[merge]]\nentities = ["x", 3]\ninto = "x"\n',
        "'entities' must be a list of non-empty texts",
    ),
    ('[[retype]]\nentity = "x"\nto = "thing"\n', "'to' must be one of"),
    ('[[generic]]\nentity = "x"\ngeneric = "yes"\n', "'generic' must be true or false"),
    ('[[split]]\nentity = "x"\nsenses = []\n', "'senses' must be a list of one or more tables"),
    ('[[split]]\nentity = "x"\nsenses = [{ label = "y" }]\n', "sense 1: give 'surfaces', 'papers'"),
    (
        '[[split]]\nentity = "x"\nsenses = [{ label = "y", papers = ["p1"], to = "gadget" }]\n',
        "sense 1: 'to' must be one of",
    ),
    ('[[rename]]\nentity = "x"\n', "'label' is missing"),
    # a name, not a page: a long label would cost every later step its length
    (f'[[rename]]\nentity = "x"\nlabel = "{"A b " * 200}"\n', "'label' is longer than 500"),
    (f'[[drop]]\nentity = "{"x" * 600}"\n', "'entity' is longer than 500"),
    (
        f'[[merge]]\nentities = ["x", "{"y" * 600}"]\ninto = "x"\n',
        "'entities' holds a text longer than 500",
    ),
    ("x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_a_malformed_file_is_one_error_naming_it(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(kg.InputError, match="^" + str(path).replace(".", r"\.")) as error:
        load_curation(path)
    assert message in str(error.value)


@pytest.mark.parametrize("command", ["build", "export"])
def test_a_malformed_file_on_the_command_line_is_one_line_exit_2(tmp_path, command):
    path = tmp_path / "c.toml"
    path.write_bytes(b'[[retype]]\nentity = "x"\nto = "thing"\n')
    out = tmp_path / "out"
    if command == "build":
        result = run_kg("build", "--curation", str(path), "-o", str(out))
        assert not out.exists()  # nothing was written, not even the folder
    else:
        out.mkdir()
        result = run_kg("export", str(out), "--curation", str(path))
    assert result.returncode == 3  # InputError
    assert result.stderr == (
        f"kg: error: {path}:1: [[retype]]: 'to' must be one of method, "
        "dataset, task, metric, concept, not 'thing'\n"
    )


def test_an_unreadable_file_is_one_error(tmp_path):
    (tmp_path / "latin1.toml").write_bytes(b'[[drop]]\nentity = "caf\xe9"\n')
    with pytest.raises(kg.InputError, match=r"latin1.toml: a curation file that is not UTF-8 text"):
        load_curation(tmp_path / "latin1.toml")
    with pytest.raises(kg.InputError, match=r"missing.toml: cannot read the curation file"):
        load_curation(tmp_path / "missing.toml")


def test_rules_written_out_read_back_the_same():
    rules = (
        # (quotes and backslashes escaped; a tab or newline would be cleaned to a space)
        Rule("drop", ('quote " and \\ back slash',), reason="x: 'y'"),
        Rule(
            "split",
            ("Zorblax",),
            "method",
            senses=(Sense("Z-9", ("Zorblax-9",)), Sense("Z (glow)", (), ("p4",), "task")),
        ),
        Rule("merge", ("a", "concept:b"), into="a"),
        Rule("retype", ("a",), to="task"),
        Rule("generic", ("a",), generic=False),
        Rule("rename", ("a",), label="Ä ☃"),
    )
    text = Curation(rules).to_toml()
    again = parse_curation(text)
    assert [
        (r.kind, r.entities, r.type, r.reason, r.to, r.into, r.label, r.generic, r.senses)
        for r in again.rules
    ] == [
        (r.kind, r.entities, r.type, r.reason, r.to, r.into, r.label, r.generic, r.senses)
        for r in rules
    ]
    assert toml_string("\x01") == '"\\u0001"'
    assert toml_string("a\tb\nc") == '"a\\tb\\nc"'


# --- provenance in RDF and CSV --------------------------------------------------------------


def test_provenance_goes_through_rdf_and_csv(tmp_path):
    from kg.export.tables import write_csv_tables
    from kg.rdf.write import write_rdf

    result, labels = curated(
        '[[retype]]\nentity = "Plonk rate"\nto = "metric"\nreason = "a rate"\n'
        '[[rename]]\nentity = "Plonk rate"\nlabel = "Plonk rate (x)"\n'
        '[[merge]]\nentities = ["Quintara", "Quintessa"]\n'
        'into = "Quintessa"\n'
    )
    _, records = corpus(*PAPERS)
    graph = KnowledgeGraph.from_parts(records, result)
    write_rdf(graph, tmp_path / "graph.ttl")
    loaded = kg.load(tmp_path / "graph.ttl")
    assert loaded.entities == graph.entities
    plonk = loaded.entities[labels["Plonk rate (x)"].key]
    assert plonk.curation == ("retype: to metric; reason: a rate", 'rename: from "Plonk rate"')
    assert "kg:curation" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    write_csv_tables(graph, tmp_path)
    with open(tmp_path / "entities.csv", encoding="utf-8", newline="") as handle:
        rows = {row["label"]: row for row in csv.DictReader(handle)}
    assert rows["Plonk rate (x)"]["curation"] == (
        'retype: to metric; reason: a rate | rename: from "Plonk rate"'
    )
    assert rows["Zorblax"]["curation"] == ""


def test_curate_relinks_a_loaded_graph_as_a_curated_link_would(tmp_path):
    from kg.rdf.write import write_rdf

    extractions, records = corpus(*PAPERS)
    graph = KnowledgeGraph.from_parts(records, link(extractions, records))
    write_rdf(graph, tmp_path / "graph.ttl")
    text = '[[merge]]\nentities = ["Quintara", "Quintessa"]\ninto = "Quintessa"\n'
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    relinked = kg.curate(kg.load(tmp_path / "graph.ttl"), tmp_path / "c.toml")
    direct = KnowledgeGraph.from_parts(
        records, link(extractions, records, curation=parse_curation(text, "c.toml"))
    )
    assert relinked == direct


def test_curate_refuses_a_graph_without_mentions(tmp_path):
    extractions, records = corpus(*PAPERS)
    graph = KnowledgeGraph.from_parts(records, link(extractions, records))
    graph.mentions = []
    with pytest.raises(kg.KgError, match="no mentions"):
        kg.curate(graph, Curation((Rule("drop", ("Zorblax",)),)))


# --- suggestions ------------------------------------------------------------------------------

SUGGESTION_PAPERS = [
    (
        "s1",
        (
            "We run Frobnitz on a Vexor GPU and the Quintessa benchmark. D grows with glimmering "
            "and plonk."
        ),
        [
            ("Frobnitz", "method", "Frobnitz"),
            ("Vexor", "method", "Vexor"),
            ("Quintessa", "method", "Quintessa"),
            ("D", "concept", "D"),
            ("glimmering", "concept", "glimmering"),
            ("plonk", "method", "plonk"),
        ],
    ),
    (
        "s2",
        "Vexor GPU clusters speed up Frobnitz-7 and Frobnitz. D shrinks; glimmering and plonk too.",
        [
            ("Vexor GPU", "method", "Vexor"),
            ("Frobnitz-7", "method", "Frobnitz"),
            ("Frobnitz", "method", "Frobnitz"),
            ("D", "concept", "D"),
            ("glimmering", "concept", "glimmering"),
            ("plonk", "method", "plonk"),
        ],
    ),
    (
        "s3",
        "Zemlo scores and Zemlo agree. The Quintessa benchmark is hard, glimmering and plonk.",
        [
            ("Zemlo scores", "metric", "Zemlo scores"),
            ("Zemlo", "metric", "Zemlo"),
            ("Quintessa", "method", "Quintessa"),
            ("glimmering", "concept", "glimmering"),
            ("plonk", "concept", "plonk"),
        ],
    ),
    (
        "s4",
        "Wumpus helps, and the Blerg score rises with glimmering.",
        [
            ("Wumpus", "method", "Wumpus"),
            ("Blerg", "method", "Wumpus"),
            ("glimmering", "concept", "glimmering"),
        ],
    ),
    ("s5", "Glimmering matters.", [("Glimmering", "concept", "glimmering")]),
]


def suggestion_corpus(hidden=()):
    """A graph with one of each likely error, invented names only, made by hand (as a
    linker might have left it): (paper, surface, mention label, entity label) per mention;
    the entities labelled in ``hidden`` are generic."""
    from kg.link import assemble

    records, linked, types, surfaces = {}, [], {}, defaultdict(set)
    for key, text, spans in SUGGESTION_PAPERS:
        records[key] = Paper(title=f"Paper {key}", abstract=text, key=key)
        position = 0
        for surface, label, entity in spans:
            start = text.index(surface, position)
            position = start + len(surface)
            mention = Mention(
                start=start,
                end=position,
                text=surface,
                label=label,
                source="model",
                score=0.6,
                sentence_start=0,
                sentence_end=len(text),
            )
            linked.append(LinkedMention(key, entity.lower(), mention))
            types.setdefault(entity, label)
            surfaces[entity].add(surface)
    entities = {}
    for label, entity_type in types.items():
        items = [i for i in linked if i.entity_key == label.lower()]
        entities[label.lower()] = Entity(
            label.lower(),
            entity_type,
            label,
            aliases=tuple(sorted(surfaces[label] - {label})),
            paper_count=len({i.paper_key for i in items}),
            mention_count=len(items),
            specificity=0.4 if label == "glimmering" else 1.0,
            generic=label in hidden,
        )
    return KnowledgeGraph.from_parts(records, assemble(entities, linked, records))


def test_suggestions_cover_each_signal_and_apply_as_printed():
    from kg.suggest import format_suggestions, suggest

    graph = suggestion_corpus()
    suggestions = suggest(graph)
    kinds = {(s.rule.kind, graph.entities[s.entities[0]].label) for s in suggestions}
    assert ("drop", "D") in kinds  # a one-character name
    assert ("drop", "Vexor") in kinds  # named as hardware ("Vexor GPU")
    assert ("retype", "Quintessa") in kinds  # "the Quintessa benchmark": a dataset
    assert ("merge", "Zemlo") in kinds  # "Zemlo scores" beside the metric Zemlo
    assert ("split", "Frobnitz") in kinds  # "Frobnitz-7" merged into Frobnitz
    assert ("split", "Wumpus") in kinds  # "Blerg", of Wumpus, is followed by "score"
    assert ("generic", "glimmering") in kinds  # a name that says little, in many papers
    assert ("retype", "plonk") in kinds  # a third of its mentions typed concept
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    text = format_suggestions(suggestions, graph)
    rules = parse_curation(text, "suggested.toml")
    assert len(rules.rules) == len(suggestions)
    assert all(
        line.startswith(
            (
                "#",
                "[[",
                "entity",
                "entities",
                "into",
                "to ",
                "generic",
                "senses",
                "  {",
                "]",
                "type",
            )
        )
        or not line
        for line in text.splitlines()
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every suggested rule selects something
        curated_graph = kg.curate(graph, rules)
    labels = {e.label: e for e in curated_graph.entities.values()}
    assert "D" not in labels and labels["Quintessa"].type == "dataset"
    assert "Zemlo scores" not in labels and "Frobnitz-7" in labels
    assert labels["Blerg score"].type == "metric" and labels["Wumpus"].mention_count == 1
    assert labels["glimmering"].generic and labels["plonk"].type == "concept"


def test_suggestions_about_entities_the_default_views_hide_come_last():
    from kg.suggest import format_suggestions, suggest

    # the likeliest drop or retype (a generic suggestion is about a shown entity only)
    first = next(
        s for s in suggest(suggestion_corpus(), top=None) if s.rule.kind in ("drop", "retype")
    )
    graph = suggestion_corpus()
    hidden_label = graph.entities[first.entities[0]].label
    graph = suggestion_corpus(hidden=(hidden_label,))
    suggestions = suggest(graph, top=None)
    assert [s.entities for s in suggestions][-1] == first.entities
    assert suggestions[-1].score > min(s.score for s in suggestions[:-1])  # not by its score
    text = format_suggestions(suggestions, graph)
    assert text.count("hidden from the default views already") == 1


def test_suggestions_write_an_untrusted_key_or_folder_name_on_one_comment_line():
    """A line break in a graph's entity key or in the folder's name would end a comment and
    put a live rule in the suggested file; it is written as an escape."""

    from kg.suggest import format_suggestions, suggest

    graph = suggestion_corpus()
    suggestions = suggest(graph)
    index = next(i for i, s in enumerate(suggestions) if s.rule.kind not in ("merge", "split"))
    hostile = 'x\n[[drop]]\nentity = "Quintessa"\n#'
    graph.entities[hostile] = graph.entities.pop(suggestions[index].entities[0])
    suggestions[index] = replace(suggestions[index], entities=(hostile,))
    text = format_suggestions(suggestions, graph, graph_name='out\u2028[[drop]]\nentity = "Zemlo"')
    rules = parse_curation(text, "suggested.toml")
    assert len(rules.rules) == len(suggestions)  # no more rules than suggestions
    assert "\\u000A[[drop]]" in text and "\\u2028" in text


def test_an_entity_whose_label_shows_nothing_is_suggested_by_its_node_id():
    """A graph edited by hand, a label of spaces: --suggest stopped with "a drop rule needs
    entity selectors", an error about a rule the user never wrote."""
    from kg.suggest import format_suggestions, suggest

    graph = suggestion_corpus()
    suggestions = suggest(graph, top=None)
    key = suggestions[0].entities[0]
    graph.entities[key] = replace(graph.entities[key], label="   ")
    again = suggest(graph, top=None)
    rules = parse_curation(format_suggestions(again, graph), "suggested.toml")
    entity = graph.entities[key]
    assert any(f"{entity.type}:{key}" in rule.entities for rule in rules.rules)


def test_suggest_top_limits_and_one_rule_per_entity():
    from kg.suggest import suggest

    graph = suggestion_corpus()
    assert len(suggest(graph, top=2)) == 2
    keys = [k for s in suggest(graph, top=None) for k in s.entities]
    assert len(keys) == len(set(keys))


# --- the command line, end to end on the bundled sample --------------------------------------


def test_suggest_then_export_with_curation_on_the_sample(tmp_path):
    out, again = tmp_path / "out", tmp_path / "again"
    assert run_kg("build", "-o", str(out), "--formats", "ttl,csv", "-q").returncode == 0
    suggested = run_kg("curate", str(out), "--suggest", "--top", "30")
    assert suggested.returncode == 0, suggested.stderr
    rules = parse_curation(suggested.stdout, "suggested.toml")
    # the sample's doubtful entities (two-character names, a kind-noun variant, a mixed type);
    # fewer as the linker gets them right ("Inception" in "Inception Score" went)
    assert len(rules.rules) >= 4
    (tmp_path / "c.toml").write_text(suggested.stdout, encoding="utf-8")
    exported = run_kg("export", str(out), "--curation", str(tmp_path / "c.toml"))
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr == ""  # every rule selected something
    applied = len(rules.rules)
    assert f"curation  {applied} rules applied (" in exported.stdout
    assert ", 0 selected nothing" in exported.stdout
    # the folder's formats were written again, curated
    assert {
        line.split("/")[-1] for line in exported.stdout.splitlines() if line.startswith("wrote")
    } == {
        "graph.ttl",
        "papers.csv",
        "entities.csv",
        "paper_entity.csv",
        "entity_entity.csv",
        "mentions.csv",
        "results.csv",
        "result_links.csv",
    }
    graph = kg.load(out)
    assert sum(1 for e in graph.entities.values() if e.curation) >= applied - 3  # drops leave none
    with open(out / "entities.csv", encoding="utf-8", newline="") as handle:
        assert any(row["curation"] for row in csv.DictReader(handle))
    # the same file at build time gives the same graph, from the cache
    built = run_kg(
        "build", "-o", str(again), "--formats", "ttl", "--curation", str(tmp_path / "c.toml")
    )
    assert built.returncode == 0, built.stderr
    assert "0 extracted" in built.stdout
    assert f"curation  {applied} rules applied" in built.stdout
    assert kg.load(again) == graph
    # applied again on the curated folder: a warning that it was curated before
    twice = run_kg("export", str(out), "--curation", str(tmp_path / "c.toml"), "--formats", "csv")
    assert twice.returncode == 0 and "curated before" in twice.stderr
    assert "graph.ttl is not written again (not in --formats)" in twice.stderr


def test_kg_curate_needs_suggest_and_mentions(tmp_path):
    out = tmp_path / "out"
    kg.build(out=out, formats="ttl", entity_model="none", evidence=False)
    result = run_kg("curate", str(out))
    assert result.returncode == 2 and result.stderr.startswith(
        "kg: error: kg curate needs --suggest"
    )
    result = run_kg("curate", str(out), "--suggest")
    assert result.returncode == 2 and "no mentions" in result.stderr
    (tmp_path / "c.toml").write_text('[[drop]]\nentity = "x"\n', encoding="utf-8")
    result = run_kg("export", str(out), "--curation", str(tmp_path / "c.toml"))
    assert result.returncode == 2 and "no mentions" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_kg("export", str(out))
    assert result.returncode == 2 and "--formats" in result.stderr


def test_suggestions_on_the_seeds_are_many_and_apply(seeds_build, tmp_path):
    out = seeds_build[1]
    suggested = run_kg("curate", str(out), "--suggest")
    assert suggested.returncode == 0, suggested.stderr
    rules = parse_curation(suggested.stdout)
    assert len(rules.rules) >= 20
    (tmp_path / "c.toml").write_text(suggested.stdout, encoding="utf-8")
    exported = run_kg(
        "export",
        str(out),
        "--curation",
        str(tmp_path / "c.toml"),
        "-o",
        str(tmp_path / "curated"),
        "--formats",
        "ttl",
    )
    assert exported.returncode == 0, exported.stderr
    assert f"curation  {len(rules.rules)} rules applied" in exported.stdout
    asked = run_kg(
        "query",
        str(tmp_path / "curated"),
        "--result-format",
        "json",
        "ASK { ?e <https://w3id.org/kg-papers/ontology#curation> ?c }",
    )
    assert json.loads(asked.stdout)["boolean"]


def test_an_empty_curation_of_the_seeds_gives_the_tables_kg_build_wrote(seeds_build, tmp_path):
    """Linking a built graph again from its own mentions, with no rule, gives the graph
    that was built: every role, flag, relation and evidence sentence in the tables."""
    out = seeds_build[1]
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    exported = run_kg(
        "export",
        str(out),
        "--curation",
        str(tmp_path / "none.toml"),
        "-o",
        str(tmp_path / "again"),
        "--formats",
        "csv",
    )
    assert exported.returncode == 0, exported.stderr
    for table in ("entities", "paper_entity", "entity_entity", "mentions", "results"):
        built = (out / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        again = (tmp_path / "again" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        assert sorted(again) == sorted(built), table


def test_a_curation_files_texts_are_cleaned_as_input_text_is():
    curation = parse_curation(
        '[[rename]]\nentity = "Quill\\u0007Net"\nlabel = "\\u001b]0;title\\u0007 Zarn\\uFFFFNet  v2"\n'
    )
    (rule,) = curation.rules
    assert rule.entities == ("Quill Net",) and rule.label == "]0;title Zarn Net v2"
    with pytest.raises(kg.InputError, match="'label' must be a non-empty text"):
        parse_curation('[[rename]]\nentity = "QuillNet"\nlabel = "\\u0007\\u0000"\n')
    # zero-width characters only: a label no one could see in the map or the report
    with pytest.raises(kg.InputError, match="'label' must be a non-empty text"):
        parse_curation('[[rename]]\nentity = "QuillNet"\nlabel = "\\u200b\\u2060"\n')


class _ScannedText(str):
    """A text that counts the characters ``count`` scans in it."""

    scanned = 0

    def count(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        type(self).scanned += max(0, end - start)
        return super().count(sub, start, end)


def test_each_rule_of_a_long_curation_file_is_named_by_its_line_in_one_pass():
    """The line numbers of rule headers, counted in one pass over a file of many rules: a
    count from the start for each header made 80,000 rules take 29 s."""
    from kg.link.curation import _header_lines

    text = _ScannedText(
        "# rules\n\n" + "".join(f'[[drop]]\nentity = "x{n}"\n\n' for n in range(2000))
    )
    assert _header_lines(text, "drop") == [3 + 3 * n for n in range(2000)]
    assert _ScannedText.scanned <= len(text)  # each character once, not once per header
    assert _header_lines('  [[ merge ]]\ninto = "a"\n[[drop]]\n', "merge") == [1]


_RENAMES = """
from kg.link.curation import apply_curation, parse_curation
from kg.records import Entity

entities = {"q": Entity("q", "method", "Quill")}
rules = "".join(f'[[rename]]\\nentity = "{"Quill" if i == 0 else f"Q{i - 1}"}"\\nlabel = "Q{i}"\\n' for i in range(32000))
curated, _, _ = apply_curation(entities, [], parse_curation(rules, "c.toml"))
assert curated["q"].label == "Q31999" and len(curated["q"].aliases) == 32000
assert list(curated["q"].aliases) == sorted(curated["q"].aliases)
print("linear")
"""


def test_thousands_of_renames_of_one_entity_take_linear_time():
    # each rename sorted the aliases again: 16,000 took 37 s, these would take minutes
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _RENAMES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


_MERGES = """
from kg.link.curation import apply_curation, parse_curation
from kg.records import Entity

entities = {"q": Entity("q", "method", "Quill")}
entities.update({f"z{i}": Entity(f"z{i}", "method", f"Zarn {i}") for i in range(24000)})
rules = "".join(
    f'[[merge]]\\nentities = ["Quill", "Zarn {i}"]\\ninto = "Quill"\\n' for i in range(24000)
)
curated, _, _ = apply_curation(entities, [], parse_curation(rules, "c.toml"))
assert list(curated) == ["q"] and len(curated["q"].aliases) == 24000
assert list(curated["q"].aliases) == sorted(curated["q"].aliases)
assert len(curated["q"].curation) == 24000
print("linear")
"""


def test_thousands_of_merges_into_one_entity_take_linear_time():
    # each merge gathered the aliases and steps of all merged so far: 9,000 took 18 s, these
    # would take minutes
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _MERGES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


_SPLIT_SURFACES = """
from kg.link.curation import Curation, Rule, Sense, apply_curation
from kg.records import Entity, LinkedMention, Mention

entities = {"q": Entity("q", "method", "Quill", aliases=("Quill Net",))}
names = ["Quill", "Quill Net (QN)", "Quill Net"]
linked = [
    LinkedMention(f"p{i}", "q", Mention(0, len(n), n, "method", "model", 0.9))
    for i in range(3000)
    for n in [names[i % 3]]
]
surfaces = tuple(f"zarn {i}" for i in range(600000)) + ("quill net",)
rule = Rule("split", ("Quill",), senses=(Sense("Quill Net", surfaces),))
curated, mentions, _ = apply_curation(entities, linked, Curation((rule,)))
counts = sorted(e.mention_count for e in curated.values())
assert counts == [1000, 2000], counts  # "Quill Net (QN)" starts with a surface
print("linear")
"""


def test_a_split_sense_of_many_surfaces_takes_linear_time():
    # each mention was compared with every surface: a sense of a million surfaces took 201 s
    # for 1,800 mentions, these would take minutes
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _SPLIT_SURFACES], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


def test_a_label_a_curation_gives_two_entities_names_one_row_or_column_each(tmp_path):
    from kg.analysis import pair_matrix

    result, _ = curated(
        '[[retype]]\nentity = "glimmering"\nto = "concept"\n'
        '[[rename]]\nentity = "glimmering"\nlabel = "Vexorium"\n'
    )
    _, records = corpus(*PAPERS)
    graph = KnowledgeGraph.from_parts(records, result)
    assert [e.label for e in graph.entities.values()].count("Vexorium") == 2
    counts, _ = pair_matrix(graph, "method", "concept")
    assert counts.columns.is_unique
    assert sorted(c for c in counts.columns if c.startswith("Vexorium")) == [
        "Vexorium [glimmering]",
        "Vexorium [vexorium]",
    ]
    kg.write_outputs(graph, tmp_path / "out", kg.Settings(formats=("report",)))
    assert (tmp_path / "out" / "report.html").is_file()
