"""Reported results: reading numbers, finding claims, linking them, RDF, tables, kg results,
the report and the evaluation. Every name is invented (none is in the seeds)."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import replace

import pytest
from conftest import run_kg

import kg
from kg.extract.cache import decode, encode
from kg.extract.results import find_results, parse_value, scan_values
from kg.leaderboard import board_title, head_class, leaderboards, metric_directions
from kg.rdf.terms import BROADER
from kg.records import Mention, Paper, PaperExtraction, Result

# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "text, number, low, high, unit",
    [
        ("~3x", 3.0, 3.0, 3.0, "x"),
        ("12-34%", None, 12.0, 34.0, "%"),
        ("1e-3", 0.001, 0.001, 0.001, ""),
        ("2.5 points", 2.5, 2.5, 2.5, "points"),
        ("3.5×", 3.5, 3.5, 3.5, "x"),
        ("two-fold", 2.0, 2.0, 2.0, "x"),
        ("half", 0.5, 0.5, 0.5, "x"),
        ("from 45.1 to 52.3", 52.3, 52.3, 52.3, ""),
        ("-2.3%", -2.3, -2.3, -2.3, "%"),
        ("\u22120.4", -0.4, -0.4, -0.4, ""),  # Unicode minus
        ("1,234.5", 1234.5, 1234.5, 1234.5, ""),
        ("12\\%", 12.0, 12.0, 12.0, "%"),  # LaTeX percent
        ("x3.27", 3.27, 3.27, 3.27, "x"),
        ("1.25sim1.56times", None, 1.25, 1.56, "x"),  # "~" and "×" as dumps write them
        ("2 to 2.5 points", None, 2.0, 2.5, "points"),
        ("10 percentage points", 10.0, 10.0, 10.0, "points"),
        ("an order of magnitude", 1.0, 1.0, 1.0, "orders of magnitude"),
        ("one to two orders of magnitude", None, 1.0, 2.0, "orders of magnitude"),
        ("twice", 2.0, 2.0, 2.0, "x"),
        ("85.3 ± 0.2", 85.3, 85.3, 85.3, ""),
        ("12%-34%", None, 12.0, 34.0, "%"),
        ("3.5 ms", 3.5, 3.5, 3.5, "ms"),
        ("97,5%", 97.5, 97.5, 97.5, "%"),  # a decimal comma, before a percent
        ("12,25 points", 12.25, 12.25, 12.25, "points"),
        ("2.3-point", 2.3, 2.3, 2.3, "points"),  # "a 2.3-point gain"
    ],
)
def test_values_read_as_written(text, number, low, high, unit):
    value = parse_value(text)
    assert value is not None and value.text == text
    assert (value.number, value.low, value.high, value.unit) == (number, low, high, unit)


@pytest.mark.parametrize(
    "text",
    [
        "34-12%",
        "1e999",
        "several orders of magnitude",
        "",
        "abc",
        "%",
        "1.2.3",
        "--5",
        "12-%",
        "x",
        "from 3 to",
        None,
        42,
    ],
)
def test_what_is_no_value_is_none_never_a_wrong_number(text):
    assert parse_value(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("Quornet gives a speedup of up to 25 over Zarnet.", "25"),
        ("Quornet gives a speed-up of 3.5 over Zarnet.", "3.5"),
        ("Quornet reaches a 3.5 speedup over Zarnet.", "3.5"),
    ],
)
def test_a_bare_number_a_speedup_names_is_a_factor(text, value):
    (r,) = _results(text, ("Quornet", "method"), ("Zarnet", "method"))
    assert (r.value, r.unit, r.kind) == (value, "x", "ratio")


def test_a_count_of_speedup_things_is_no_factor():
    assert [v.unit for _, _, v in scan_values("We run 8 speedup experiments.")] == [""]


def test_a_scale_of_points_is_no_value():
    assert scan_values("rated on a 5-point Likert scale and a 7-point rating scale") == []
    for text in (
        "a 9-point Plimp scale",
        "68-point landmarks",
        "a 1024-point FFT",
        "a 1024-point FFT with less memory",  # a comparative later: still a size
        "using 68-point glint landmarks achieves better alignment",
        "faces represented by 68-point landmarks",
        "a 17-point skeleton is more robust",
        "a 68-point landmark model leads to better alignment",
    ):
        assert scan_values(text) == [], text
    for text, value in (
        ("a 10-point drop", "10-point"),
        ("+ 4-point mAP", "4-point"),
        ("a +4-point mAP", "+4-point"),
        ("improves BLEU by 2.1-point", "2.1-point"),
        ("surpasses Plimp-3.5 on all baselines, by 2.1-point", "2.1-point"),
        ("is 4.1-point F1 higher than Zarnet", "4.1-point"),
        ("outperforms Zarnet by a 2.3-point margin", "2.3-point"),
        ("a 2.5-point higher accuracy", "2.5-point"),
        ("a 10-point gap", "10-point"),
        ("a 4-point absolute top-1 accuracy improvement", "4-point"),
    ):
        assert [v.text for _, _, v in scan_values(text)] == [value], text


def test_from_to_is_the_reached_score():
    value = parse_value("from 45.1 to 52.3")
    assert value.from_to and value.number == 52.3


def test_the_score_a_change_starts_from_is_a_result_of_no_method():
    text = "On Quorbank, Glarbnet raises the Plimp score from 55.3% to 80.5% over Zarnet."
    reached, starting = _results(
        text,
        ("Quorbank", "dataset"),
        ("Glarbnet", "method", {"proposed": True}),
        ("Plimp score", "metric"),
        ("Zarnet", "method"),
    )
    assert (reached.value, reached.number, reached.ours) == ("from 55.3% to 80.5%", 80.5, True)
    assert (starting.value, starting.number, starting.unit, starting.kind) == (
        "55.3%",
        55.3,
        "%",
        "score",
    )
    assert text[starting.start : starting.end] == "55.3%"
    assert not starting.ours and starting.method_span is None
    assert _span(text, starting.metric_span) == "Plimp score"
    assert _span(text, starting.dataset_span) == "Quorbank"
    # a change of a factor starts from a factor
    text = "On Quorbank, Glarbnet raises the speedup from 12.5x to 20x over Zarnet."
    reached, starting = _results(text, ("Glarbnet", "method", {"proposed": True}))
    assert (reached.kind, starting.kind, starting.value) == ("ratio", "ratio", "12.5x")


# ---------------------------------------------------------------- claims in a sentence


def _mention(
    text: str, phrase: str, label: str, *, proposed: bool = False, nth: int = 0
) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(
        start,
        start + len(phrase),
        phrase,
        label,
        "rule",
        0.9,
        proposed=proposed,
        sentence_start=0,
        sentence_end=len(text),
    )


def _results(text: str, *mentions: tuple) -> list[Result]:
    found = [
        _mention(text, *m[:2]) if len(m) == 2 else _mention(text, m[0], m[1], **m[2])
        for m in mentions
    ]
    return list(find_results(text, "abstract", [(0, len(text))], found))


def _span(text: str, span) -> str | None:
    return text[span[0] : span[1]] if span else None


def test_a_score_takes_its_metric_dataset_and_method():
    text = "Zorblax reaches 86.2% top-1 accuracy on the Quuxbench dataset."
    (r,) = _results(
        text, ("Zorblax", "method"), ("top-1 accuracy", "metric"), ("Quuxbench", "dataset")
    )
    assert (r.value, r.number, r.unit, r.kind) == ("86.2%", 86.2, "%", "score")
    assert text[r.start : r.end] == "86.2%"
    assert (
        _span(text, r.metric_span),
        _span(text, r.dataset_span),
        _span(text, r.method_span),
    ) == ("top-1 accuracy", "Quuxbench", "Zorblax")
    assert not r.ours


def test_a_metric_written_with_its_short_form_is_the_metric_however_the_whole_is_typed():
    # the whole "Long Form (ABBR)" typed a concept; its long form and short form are metrics
    text = "Our Quornet reaches a Zarvic Glint Distance (ZGD) of 7.4 on Plimpbench."
    mentions = [
        _mention(text, "Quornet", "method"),
        _mention(text, "Zarvic Glint Distance (ZGD)", "concept"),
        replace(_mention(text, "Zarvic Glint Distance", "metric"), nested=True),
        replace(_mention(text, "ZGD", "metric"), nested=True),
        _mention(text, "Plimpbench", "dataset"),
    ]
    (found,) = find_results(text, "abstract", [(0, len(text))], mentions)
    assert _span(text, found.metric_span) == "Zarvic Glint Distance (ZGD)"
    # parts that are no metrics make no metric of the whole
    mentions[2:4] = [replace(m, label="method") for m in mentions[2:4]]
    (found,) = find_results(text, "abstract", [(0, len(text))], mentions)
    assert found.metric_span is None
    # a long form a measure heads is that measure
    text = "Our Quornet reaches a normalised Glint Distance (nGD) of 7.4 on Zarnbench."
    mentions = [
        _mention(text, "Quornet", "method", proposed=True),
        _mention(text, "normalised Glint Distance (nGD)", "concept"),
        replace(_mention(text, "Glint Distance", "metric"), nested=True),
        _mention(text, "Zarnbench", "dataset"),
    ]
    (found,) = find_results(text, "abstract", [(0, len(text))], mentions)
    assert _span(text, found.metric_span) == "normalised Glint Distance (nGD)"
    # a metric inside the name that is neither its long nor its short form: a method named
    # after a measure, no measure
    text = "Our Plimp-Guided Quorb Decoder (PQD) reaches 30.1 on Zarnbench."
    for label in ("method", "concept"):  # however the whole is typed
        mentions = [
            _mention(text, "Plimp-Guided Quorb Decoder (PQD)", label, proposed=True),
            replace(_mention(text, "Plimp", "metric"), nested=True),
            _mention(text, "Zarnbench", "dataset"),
        ]
        (found,) = find_results(text, "abstract", [(0, len(text))], mentions)
        assert found.metric_span is None, label


def test_a_value_whose_own_place_is_named_takes_no_dataset_of_another_value():
    text = (
        "Quornet lowers perplexity from 21.2 to 20.1 on Plimpbank, from 30.5 to 28.3 on Zarvic "
        "Glint Word, and from 55.3 to 54.5 on Quorbench."
    )
    data = [("Plimpbank", "dataset"), ("Quorbench", "dataset")]
    found = _results(text, ("Quornet", "method"), ("perplexity", "metric"), *data)
    # named where the other values' data are named: a dataset, though no recogniser found it
    # (the score each change starts from is on the same data)
    assert [_span(text, r.dataset_span) for r in found] == [
        "Plimpbank",
        "Plimpbank",
        "Zarvic Glint Word",
        "Zarvic Glint Word",
        "Quorbench",
        "Quorbench",
    ]
    # named after the value, but no list of values on data: the data before is not its own,
    # a score's or a factor's
    for text in (
        "Quornet reaches 86.1% accuracy on Plimpbank and runs 3x faster on Zarvic Boards.",
        "Quornet reaches 86.1% accuracy on Plimpbank and 85.0% accuracy on Zarvic Boards.",
    ):
        found = _results(text, ("Quornet", "method"), ("accuracy", "metric"), data[0])
        assert [_span(text, r.dataset_span) for r in found] == ["Plimpbank", None], text
    # "in" a stage, a language: no place of data, the sentence's data stays
    text = "On Plimpbank, Quornet reaches 45.1% accuracy in Stage I and 47.3% in Stage II."
    found = _results(text, ("Quornet", "method"), ("accuracy", "metric"), data[0])
    assert [_span(text, r.dataset_span) for r in found] == ["Plimpbank", "Plimpbank"]
    # a value in another unit: its own place, no data named so; "in" a language or a part
    # of the paper: no place of data, the sentence's data stays
    for text, second in (
        ("Quornet reaches 45.1% on Plimpbank and runs at 30 FPS on Zarvic Titan X.", None),
        ("Quornet reaches 45.1% on Plimpbank and 31.2% in Zarvish.", "Plimpbank"),
        ("Quornet reaches 45.1% on Plimpbank and 85.0% in Tables 2 and 3.", "Plimpbank"),
        ("Quornet reaches 45.1% on Plimpbank and 85.0% on Supp Table 2.", "Plimpbank"),
    ):
        found = _results(text, ("Quornet", "method"), data[0])
        assert [_span(text, r.dataset_span) for r in found] == ["Plimpbank", second], text


def test_the_short_form_of_the_papers_proposal_is_its_own_name():
    from kg.extract.results import paper_results

    text = (
        "We present quorbing glint attention (QGA), a model of plimps. On Zarnbench, QGA "
        "achieves the best results for a model using standard word glints, attaining 2.5 F1 "
        "higher than the previous best."
    )
    mentions = [
        _mention(text, "quorbing glint attention (QGA)", "method", proposed=True),
        _mention(text, "QGA", "method", nth=1),
        _mention(text, "word glints", "method"),
        _mention(text, "Zarnbench", "dataset"),
    ]
    second = text.index("On Zarnbench")
    sentences = {"abstract": [(0, second - 1), (second, len(text))]}
    mentions = [replace(m, sentence_start=0 if m.start < second else second) for m in mentions]
    (found,) = paper_results({"abstract": text}, sentences, mentions)
    assert _span(text, found.method_span) == "QGA" and found.ours


def test_a_bare_number_next_to_a_metric_is_a_result():
    text = "On Quuxbench, Frumble obtains a Plimp score of 4.17 and 28.4 Blix."
    found = _results(
        text,
        ("Quuxbench", "dataset"),
        ("Frumble", "method"),
        ("Plimp score", "metric"),
        ("Blix", "metric"),
    )
    assert [(r.number, _span(text, r.metric_span)) for r in found] == [
        (4.17, "Plimp score"),
        (28.4, "Blix"),
    ]
    assert all(_span(text, r.dataset_span) == "Quuxbench" for r in found)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Snarfle outperforms Vorbnet by 2.5 points on Quuxbench.", "improvement"),
        ("Snarfle reduces the memory footprint by 45% on Quuxbench.", "reduction"),
        ("Snarfle is 3.5× faster than Vorbnet on Quuxbench.", "ratio"),
        ("Snarfle gives a relative gain of 11.5% on Quuxbench.", "improvement"),
        ("Snarfle needs 40% fewer parameters on Quuxbench.", "reduction"),
        ("Snarfle reaches 12-34% higher scores on Quuxbench.", "improvement"),
        ("Snarfle is ~3x faster on Quuxbench.", "ratio"),
        ("Snarfle improves the Blix rate by 6 percentage points on Quuxbench.", "improvement"),
        # a measure in percentage points named before "of" is that measure's value
        ("Snarfle has a mean forecast error of 6 percentage points on Quuxbench.", "score"),
        ("Snarfle shows average absolute errors of 18pp on Quuxbench.", "score"),
        (
            "Snarfle shows an increase in Blix rate of 6 percentage points on Quuxbench.",
            "improvement",
        ),
        ("Snarfle has a gap in the Blix score of 6 pp on Quuxbench.", "improvement"),
        # a change by an amount qualified, hyphenated or far from its verb
        ("Snarfle out-performs Vorbnet by nearly 1.5% on Quuxbench.", "improvement"),
        ("Snarfle beats Vorbnet by absolute 6.37% on Quuxbench.", "improvement"),
        (
            (
                "Snarfle improves over the plain way of stacking (one model with different "
                "seeds, all trained for long) by 1.31% on Quuxbench."
            ),
            "improvement",
        ),
        ("Snarfle keeps dependencies about 80% longer than Vorbnet on Quuxbench.", "improvement"),
        # a verb of another clause is not the change's ("raises ..., yet ... slips by")
        (
            (
                "Snarfle raises recall on Quuxbench and on the three smaller sets of scanned "
                "and hand-drawn glyphs from old letters, yet its precision slips by 3.2% there."
            ),
            "score",
        ),
    ],
)
def test_kinds(text, kind):
    (r,) = _results(text, ("Snarfle", "method"), ("Quuxbench", "dataset"))
    assert r.kind == kind
    assert _span(text, r.method_span) == "Snarfle"  # not Vorbnet, the baseline


@pytest.mark.parametrize(
    "text, kind",
    [
        # the verb before an earlier change: "improving X by 6x and the Y by 1.5%"
        (
            "Snarfle, speeding up Vorbnet by 6x and the Blix rate by 1.5%, wins on Quuxbench.",
            "improvement",
        ),
        # a measure paid for something else: down where higher is better, up where lower is
        ("Snarfle is 4x smaller at a cost of as little as 2.0 Blix on Quuxbench.", "reduction"),
        ("Snarfle is 4x smaller at a cost of 4.5% latency on Quuxbench.", "improvement"),
    ],
)
def test_the_kind_of_a_second_value(text, kind):
    names = [("Snarfle", "method"), ("Blix", "metric"), ("Quuxbench", "dataset")]
    found = _results(text, *[name for name in names if name[0] in text])
    assert [r.kind for r in found] == ["ratio", kind]


def test_a_changes_verb_is_read_past_an_aside():
    text = "Snarfle improves, while using half the memory, the Blix score by 2.3% on Quuxbench."
    found = _results(text, ("Snarfle", "method"), ("Quuxbench", "dataset"))
    assert [(r.value, r.kind) for r in found][-1] == ("2.3%", "improvement")


def test_a_baseline_is_not_the_method():
    text = "Compared with Vorbnet, Snarfle improves the Wuzzle rate by 3.1%."
    (r,) = _results(text, ("Vorbnet", "method"), ("Snarfle", "method"), ("Wuzzle rate", "metric"))
    assert _span(text, r.method_span) == "Snarfle" and r.kind == "improvement"


def test_ours_when_the_authors_speak_or_the_method_is_proposed():
    text = "Our method achieves 91.3% Wuzzle accuracy on Krelbench."
    (r,) = _results(text, ("Wuzzle accuracy", "metric"), ("Krelbench", "dataset"))
    assert r.ours and r.method_span is None
    text = "Glimmer reaches 91.3% Wuzzle accuracy on Krelbench."
    (r,) = _results(
        text,
        ("Glimmer", "method", {"proposed": True}),
        ("Wuzzle accuracy", "metric"),
        ("Krelbench", "dataset"),
    )
    assert r.ours and _span(text, r.method_span) == "Glimmer"


@pytest.mark.parametrize(
    "text",
    [
        "Accuracies on Quuxbench, Krelbench and Plimpset reach 99.4%, 80.3% and 27.3%, respectively.",
        # a list's ", and" is no clause break between the metric and its values
        (
            "Accuracies on Quuxbench, Krelbench, and Plimpset reach 99.4%, 80.3%, and 27.3%, "
            "respectively."
        ),
        (  # the word before the values
            "Accuracies on Quuxbench, Krelbench and Plimpset reach, respectively, 99.4%, 80.3% "
            "and 27.3%."
        ),
        (  # the word a verb before the values
            "Accuracies on Quuxbench, Krelbench, and Plimpset, respectively reach 99.4%, 80.3%, "
            "and 27.3%."
        ),
    ],
)
def test_respectively_pairs_values_and_datasets_in_order(text):
    found = _results(
        text,
        ("Accuracies", "metric"),
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
        ("Plimpset", "dataset"),
    )
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (99.4, "Quuxbench"),
        (80.3, "Krelbench"),
        (27.3, "Plimpset"),
    ]
    assert {_span(text, r.metric_span) for r in found} == {"Accuracies"}


def test_the_digits_after_a_decimal_comma_are_never_a_value_of_their_own():
    text = "The Wuzzle rate of Glimmer is 93,4% and its Plonk score 0,7 on Krelbench."
    found = _results(
        text, ("Wuzzle rate", "metric"), ("Plonk score", "metric"), ("Krelbench", "dataset")
    )
    assert [r.number for r in found] == [93.4]  # not 4%, and "0,7" is no 7


def test_respectively_over_a_list_read_in_part_gives_its_one_dataset_to_one_value():
    # "Krelbench-7 Wuzzle tasks" was not read as a dataset: the values pair with a list kg
    # read only the first item of, so the second value has no dataset, not Krelbench-6's
    text = (
        "Glimmer on Krelbench-6 and Krelbench-7 Wuzzle tasks reaches Plonk scores of 96.6% "
        "and 94.1% respectively."
    )
    found = _results(text, ("Krelbench-6", "dataset"), ("Plonk scores", "metric"))
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (96.6, "Krelbench-6"),
        (94.1, None),
    ]
    # the same where the read item closes the list
    text = "Glimmer on Wuzzle tasks and Krelbench-7 reaches Plonk scores of 96.6% and 94.1% respectively."
    found = _results(text, ("Krelbench-7", "dataset"), ("Plonk scores", "metric"))
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (96.6, None),
        (94.1, "Krelbench-7"),
    ]


def test_respectively_ends_a_list_and_pairs_no_name_of_the_next_values():
    text = (
        "Glimmer reaches high Wuzzle precision, 91.3% and 82.6% respectively for Quorbish and "
        "Plonkish, with the 12.5% Zarn ratio."
    )
    found = _results(text, ("Wuzzle precision", "metric"), ("Zarn ratio", "metric"))
    assert [(r.number, _span(text, r.metric_span)) for r in found] == [
        (91.3, "Wuzzle precision"),
        (82.6, "Wuzzle precision"),
        (12.5, "Zarn ratio"),
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        # the size of a gap between two things is neither's score
        ("The Wuzzle accuracy difference between the two Quux taggers is only 14.0%.", []),
        (
            (
                "The Wuzzle accuracy difference between the Quux taggers is 14.0%, and the "
                "difference could narrow further to 6.5%."
            ),
            [],
        ),
        # what a method narrows the gap to is its claim
        ("Glimmer narrows the gap between Quill and Zarn taggers to 2.1% Wuzzle accuracy.", [2.1]),
    ],
)
def test_a_gap_between_two_things_is_no_score_unless_narrowed(text, found):
    results = _results(text, ("Wuzzle accuracy", "metric"))
    assert [r.number for r in results] == found


def test_respectively_pairs_only_the_values_it_stands_at():
    text = (
        "Glimmer reaches 75.7% and 62.4% on Quuxset and Krelset respectively, near the people's "
        "level (72.5% for Quuxbench and 62.3% for Krelbench) on both."
    )
    found = _results(
        text,
        ("Quuxset", "dataset"),
        ("Krelset", "dataset"),
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
    )
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (75.7, "Quuxset"),
        (62.4, "Krelset"),
        (72.5, "Quuxbench"),  # "for X" after its value, not the list's pairing
        (62.3, "Krelbench"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Our Glimmer tagger reaches 73.2% Wuzzle F1 (given a baseline of 54.5%).",
        "Our Glimmer reranker improves on the baseline model's score of 54.5%, reaching 73.2% Wuzzle F1.",
        # earlier work's values, before and after them
        "Our Glimmer tagger reaches 73.2% Wuzzle F1, improving over the previous best Wuzzle F1 of 54.5%.",
        "Our Glimmer tagger reaches 73.2% Wuzzle F1, up from the 54.5% Wuzzle F1 of the prior best system.",
        "Our Glimmer tagger reaches 73.2% Wuzzle F1 and passes human-level performance (54.5%).",
        "Our Glimmer tagger reaches 73.2% Wuzzle F1; the best published result is 54.5%.",
    ],
)
def test_a_baselines_value_is_neither_the_papers_nor_its_methods(text):
    found = {
        r.number: r
        for r in _results(text, ("Glimmer", "method", {"proposed": True}), ("Wuzzle F1", "metric"))
    }
    assert not found[54.5].ours and found[54.5].method_span is None
    assert found[73.2].ours


@pytest.mark.parametrize(
    "text",
    [
        "The best previous result on our Krel benchmark was 73.2% accuracy.",
        "The previous best system we know of reaches 73.2% accuracy on Krel.",
    ],
)
def test_earlier_works_value_stays_its_own_where_the_paper_speaks_in_between(text):
    (r,) = _results(text, ("accuracy", "metric"), ("Krel", "dataset"))
    assert not r.ours


@pytest.mark.parametrize(
    "text",
    [
        # the paper's own value, whatever earlier work the sentence names before it
        "Our Glimmer surpasses prior methods with an accuracy of 73.2% on Krel.",
        "Unlike previous methods our Glimmer achieves an accuracy of 73.2% on Krel.",
        "Glimmer outperforms existing systems and achieves an accuracy of 73.2% on Krel.",
        "Glimmer achieves a Wuzzle correlation with human judgments of 73.2 on Krel.",
        "Glimmer reaches a human preference rate of 73.2% on Krel.",
        "Our Glimmer recovers 73.2% of human performance on Krel.",
    ],
)
def test_a_value_earlier_work_does_not_hold_stays_the_papers(text):
    names = [("Glimmer", "method", {"proposed": True}), ("accuracy", "metric"), ("Krel", "dataset")]
    (r,) = _results(text, *[name for name in names if name[0] in text])
    assert r.ours and _span(text, r.method_span) in ("Glimmer", None)  # ("unlike": none)


def test_values_listed_after_earlier_works_value_are_earlier_works_too():
    text = (
        "Our Glimmer reaches a Wuzzle F1 of 73.2 and a Blix error of 4.1, improving over "
        "the previous best Wuzzle F1 of 54.5 and Blix error of 9.25."
    )
    found = {
        r.number: r.ours
        for r in _results(
            text,
            ("Glimmer", "method", {"proposed": True}),
            ("Wuzzle F1", "metric"),
            ("Blix error", "metric"),
        )
    }
    assert found == {73.2: True, 4.1: True, 54.5: False, 9.25: False}


def test_state_of_the_art_named_as_a_holder_is_others_work_even_after_set_as_a_noun():
    text = "On the Krel set the current state of the art approach, using Snarfle, reaches 91.2%."
    (r,) = _results(text, ("Krel set", "dataset"), ("Snarfle", "method"))
    assert not r.ours
    # a claim to it stays the paper's
    text = "On Krelbench, we set a new state of the art with an accuracy of 91.2%."
    (r,) = _results(text, ("Krelbench", "dataset"), ("accuracy", "metric"))
    assert r.ours


def test_from_to_is_the_reached_score_and_the_score_it_starts_from():
    text = "Snarfle improves the Blix score from 45.1 to 52.3 on Krelbench."
    r, starting = _results(
        text, ("Snarfle", "method"), ("Blix score", "metric"), ("Krelbench", "dataset")
    )
    assert (r.value, r.number, r.kind) == ("from 45.1 to 52.3", 52.3, "score")
    assert (starting.value, starting.number, starting.ours) == ("45.1", 45.1, False)


@pytest.mark.parametrize(
    "text, number",
    [
        ("Snarfle has a Blix score of \u22121.25 on Krelbench.", -1.25),
        ("Snarfle has a Blix score of 1,234.5 on Krelbench.", 1234.5),
        ("Snarfle has a Blix score of 1e-3 on Krelbench.", 0.001),
    ],
)
def test_signs_separators_and_exponents(text, number):
    (r,) = _results(text, ("Snarfle", "method"), ("Blix score", "metric"), ("Krelbench", "dataset"))
    assert math.isclose(r.number, number)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Snarfle gives a two-fold speedup over Vorbnet.", 2.0),
        ("Snarfle halves the latency of Vorbnet.", 0.5),
    ],
)
def test_word_ratios(text, value):
    (r,) = _results(text, ("Snarfle", "method"), ("Vorbnet", "method"))
    assert (r.number, r.unit) == (value, "x")
    assert r.kind == ("reduction" if value < 1 else "ratio")  # "half the time" is a cut


@pytest.mark.parametrize(
    "text",
    [
        "We train Blorf-7B with 7B parameters on 1M images across 12 benchmarks in 2023.",
        "Zintar-4 and Qorvex-50 use top-1 routing and 3D convolutions at 4-bit precision.",
        "We pre-train on 3.4T tokens and 8.6 million images of 512 times 512 pixels in 32x32 patches.",
        "Glimmer is trained with a learning rate of 1e-3 and a weight decay 30 times larger than usual.",
        "Glimmer prunes weights at 50% sparsity and uses 10% of the labels.",
        "The bound is O(10^{-5}) for k=3 and p < 0.05 in Llama 2.",
        "We run Glimmer on 8x Q100 cards.",
        "",
        "1",
        "%%% 12-- x× ~ ≈ from to 1e999 \u2212 ,,, 3sim sim",
    ],
)
def test_sizes_counts_years_versions_settings_and_hyperparameters_are_not_results(text):
    assert _results(text) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Glimmer solves 96.6% of the hardest Krel puzzles.", ["96.6%"]),
        ("Glimmer answers 71% of the Quux questions correctly.", ["71%"]),
        ("Glimmer correctly classifies over 90% of the Krel images.", ["90%"]),
        ("Glimmer detects 95% of the Quux attacks.", ["95%"]),
        # a share of the data, not of cases got right
        ("We remove 30% of the Krel examples before training Glimmer.", []),
        ("Glimmer is trained on 20% of the Quux questions.", []),
        ("Like Krel, Glimmer predicts 15% of the input tokens, masked at random.", []),
        ("Glimmer passes only 30% of the tokens to the next layer.", []),
        ("Glimmer retrieves 10% of the Quux documents for reranking.", []),
        ("Glimmer identifies 5% of the Krel examples as noisy.", []),
        ("Glimmer correctly predicts 88% of the Krel labels.", ["88%"]),
    ],
)
def test_the_share_of_cases_a_method_gets_right_is_a_result(text, found):
    assert [r.value for r in _results(text, ("Glimmer", "method"))] == found


def test_odd_text_never_crashes():
    for text in [
        "5" * 500,
        "1," * 300,
        "x" * 100 + "3",
        "(" * 50 + "12%" + ")" * 50,
        "\u00d7\u00d7 3 \u00d7",
        "from 1e400 to 2e400%",
        "12.5.6.7%",
        "0x1F faster",
        "1 e 3 x",
    ]:
        scan_values(text)
        find_results(text, "abstract", [(0, len(text))], [])


def test_odd_mentions_never_crash():
    # a blank or one-character mention of any type next to values (a damaged cache entry,
    # a user's lexicon): no crash, and every metric mention made is text of its own span
    text = "Snarfle reaches 3x fewer   steps and 9.74 IS , respectively, in the  setting."
    for label in ("method", "metric", "dataset", "concept"):
        for start, end in ((7, 8), (24, 27), (0, 1), (len(text) - 9, len(text) - 1)):
            mention = Mention(
                start, end, text[start:end], label, "rule", 0.9, sentence_end=len(text)
            )
            made: list[Mention] = []
            find_results(text, "abstract", [(0, len(text))], [mention], measures=made)
            assert all(text[m.start : m.end] == m.text and m.text.strip() for m in made)


# ---------------------------------------------------------------- the pipeline, the cache and linking


def _measured(text: str, *mentions: tuple) -> tuple[list[Result], list[Mention]]:
    found = [_mention(text, *m) for m in mentions]
    made: list[Mention] = []
    results = list(find_results(text, "abstract", [(0, len(text))], found, measures=made))
    return results, made


def test_an_acronym_right_after_a_score_is_its_metric_not_the_one_before():
    text = "Snarfle reaches 4.2 PLX with 10 steps, and 9.7 GXR with 15 steps on Krelbench."
    found, made = _measured(
        text, ("Snarfle", "method"), ("PLX", "metric"), ("Krelbench", "dataset")
    )
    assert [(r.number, _span(text, r.metric_span)) for r in found] == [(4.2, "PLX"), (9.7, "GXR")]
    assert [(m.text, m.label) for m in made] == [("GXR", "metric")]


@pytest.mark.parametrize(
    "text, mentions, expected",
    [
        # a verb's bare form before the measure is no part of its name
        ("Snarfle can obtain accuracies of 61.2% on Krelbench.", [], ["accuracies"]),
        # what a comparative is in, after it
        (
            (
                "Snarfle is 12 times smaller in the model size and 2.5 times faster in terms "
                "of decoding speed."
            ),
            [],
            ["model size", "decoding speed"],
        ),
        # the object a verb changes by the value, found by no recogniser
        (
            "Snarfle cuts the per-query decoding latency by 41% over Vorbnet.",
            [],
            ["per-query decoding latency"],
        ),
        # a competitor beaten by the value is not what it measures
        (
            "Snarfle outperforms conventional glyph pooling by 3% on Krelbench.",
            [("glyph pooling", "concept")],
            [None],
        ),
        # the change's measure read to the recognised metric that holds its words
        (
            "Snarfle brings a 7% reduction in wuzzle error rate.",
            [("wuzzle error rate", "metric")],
            ["wuzzle error rate"],
        ),
        # an aside with a value of its own is that value's, not the one before it
        (
            "Snarfle gains 2.4% (a 9% wuzzle error reduction) over Vorbnet.",
            [("wuzzle error reduction", "metric")],
            [None, "wuzzle error"],  # the measure the reduction is of
        ),
        # a unit of compression is a measure whatever a recogniser typed it
        (
            "Snarfle reaches 1.19 bits-per-byte on Krelbench.",
            [("bits-per-byte", "method")],
            ["bits-per-byte"],
        ),
        # a noun before a measure stays in its name
        ("Snarfle reaches a hit ratio of 0.72 on Krelbench.", [], ["hit ratio"]),
        ("Snarfle reaches an exact match score of 78.2.", [], ["exact match score"]),
        # a verb before a measure is no part of its name
        ("We report perplexity of 12.3 on Krelbench.", [], ["perplexity"]),
        ("Snarfle can show accuracy of 61.2% on Krelbench.", [], ["accuracy"]),
        ("Snarfle achieves a state-of-the-art accuracy of 85.2%.", [], ["accuracy"]),
        ("Snarfle reduces the current consumption by 30%.", [], ["current consumption"]),
        ("Snarfle reaches a lower error of 2% on Krelbench.", [], ["error"]),  # a comparative
        # an aside's own value takes the metric in it, not the value before it
        (
            "Snarfle reaches an accuracy of 92.1% (88.4 F1) on Krelbench.",
            [("accuracy", "metric"), ("F1", "metric")],
            ["accuracy", "F1"],
        ),
        # an aside with a value but no claim of its own qualifies the value before it
        (
            "Snarfle improves BLEU and reaches 85.1% (±0.3) accuracy on Krelbench.",
            [("BLEU", "metric"), ("accuracy", "metric")],
            ["accuracy"],
        ),
        # whoever held it before, what improves is the measure
        ("Snarfle improves the state-of-the-art accuracy by 2.1%.", [], ["accuracy"]),
        ("Snarfle is 3x smaller in the number of parameters.", [], ["number of parameters"]),
        # what "the number of" counts
        (
            "Snarfle brings a 5x cut in the number of glyph parameters.",
            [],
            ["number of glyph parameters"],
        ),
        (
            "Snarfle reduces the number of wuzzle evaluations by 40%.",
            [],
            ["number of wuzzle evaluations"],
        ),
        # a count after "fewer" or "more" is what is counted; after "larger" it is a size
        (
            "Snarfle needs 3x fewer tokens and handles 26x larger graphs than Vorbnet.",
            [],
            ["tokens", None],
        ),
        ("Snarfle needs 10x fewer samples and 5x fewer queries.", [], ["samples", "queries"]),
    ],
)
def test_the_measure_a_value_names_in_its_own_words(text, mentions, expected):
    names = [("Snarfle", "method"), ("Vorbnet", "method"), ("Krelbench", "dataset")]
    found, _ = _measured(text, *[n for n in names if n[0] in text], *mentions)
    assert [_span(text, r.metric_span) for r in found] == expected


def test_a_quantity_after_a_ratio_is_what_it_measures_not_the_sentences_metric():
    text = "Snarfle keeps the same Wuzzle accuracy with 14 times fewer blorp steps."
    (r,), made = _measured(text, ("Snarfle", "method"), ("Wuzzle accuracy", "metric"))
    assert _span(text, r.metric_span) == "blorp steps" and r.kind == "ratio"
    assert [m.text for m in made] == ["blorp steps"]
    text = "Snarfle is 3x cheaper than Vorbnet on Krelbench, with a high Wuzzle accuracy."
    (r,), made = _measured(
        text, ("Snarfle", "method"), ("Vorbnet", "method"), ("Wuzzle accuracy", "metric")
    )
    assert r.metric_span is None and made == []  # no quantity named: none, not accuracy


@pytest.mark.parametrize(
    "text, metric, measure",
    [
        (
            "Snarfle gives a 14X cut in learnable glyph parameters over Vorbnet.",
            None,
            "learnable glyph parameters",
        ),
        (
            "Snarfle brings a 2.5x acceleration in wuzzle efficiency across tasks.",
            None,
            "wuzzle efficiency",
        ),
        (
            "Snarfle results in a fivefold blorp convergence acceleration and more.",
            None,
            "blorp convergence acceleration",
        ),
        ("Snarfle is 3times smaller.", None, None),  # a comparative that names nothing
        ("Snarfle is 100 times easier than Vorbnet.", None, None),
        # one word after a factor may be a verb: the metric named before stays
        (
            "Snarfle shows that glyph ratios up to x1500 exist, higher than Vorbnet.",
            "glyph ratios",
            "glyph ratios",
        ),
    ],
)
def test_what_a_factor_or_a_change_multiplies_is_its_measure(text, metric, measure):
    named = [("Snarfle", "method")] + ([(metric, "metric")] if metric else [])
    (r,), _ = _measured(text, *named)
    assert _span(text, r.metric_span) == measure


def test_a_measure_named_before_of_makes_a_bare_number_a_result():
    text = "Our framework reaches a Quill score of 0.91 for glyph prediction."
    (r,), made = _measured(text)
    assert (r.number, _span(text, r.metric_span)) == (0.91, "Quill score")
    assert [m.text for m in made] == ["Quill score"]
    text = "A Snarfle predictor achieves a Quill score greater than 0.95 on Krelbench."
    (r,), _ = _measured(text, ("Snarfle predictor", "method"))
    assert (r.number, _span(text, r.metric_span)) == (0.95, "Quill score")
    text = "The Quill dataset holds 0.91 million glyphs."  # no measure: no result
    assert _measured(text) == ([], [])


def test_a_name_of_another_type_at_a_value_is_no_measure():
    text = "Snarfle achieves 77.5 Krelbench, ahead of Vorbnet."
    found, made = _measured(text, ("Snarfle", "method"), ("Krelbench", "dataset"))
    assert made == [] and all(r.metric_span is None for r in found)


def test_respectively_pairs_values_with_methods_before_them_not_the_baselines_after():
    text = (
        "On Quuxbench and Krelbench, Snarfle achieves Wuzzle scores of 49.3 and 8.8, "
        "respectively, outperforming Vorbnet by 5.8% and 1.9%."
    )
    found, _ = _measured(
        text,
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
        ("Snarfle", "method"),
        ("Wuzzle scores", "metric"),
        ("Vorbnet", "method"),
    )
    assert [(r.number, _span(text, r.method_span)) for r in found] == [
        (49.3, "Snarfle"),
        (8.8, "Snarfle"),
        (5.8, "Snarfle"),
        (1.9, "Snarfle"),
    ]


@pytest.mark.parametrize(
    "text, datasets",
    [
        (  # trained on both: their values still pair in order
            (
                "Snarfle trained on Krelbench and Plimpbench reaches Wuzzle scores of 49.3 and 8.8, "
                "respectively."
            ),
            ["Krelbench", "Plimpbench"],
        ),
        (
            (
                "Snarfle, trained and evaluated on Krelbench and Plimpbench, reaches Wuzzle scores "
                "of 49.3 and 8.8, respectively."
            ),
            ["Krelbench", "Plimpbench"],
        ),
    ],
)
def test_respectively_keeps_the_order_where_no_other_data_is_evaluated_on(text, datasets):
    found, _ = _measured(
        text,
        ("Snarfle", "method"),
        ("Krelbench", "dataset"),
        ("Plimpbench", "dataset"),
        ("Wuzzle scores", "metric"),
    )
    assert [_span(text, r.dataset_span) for r in found] == datasets


def test_respectively_pairs_values_with_what_the_sentence_evaluates_on_not_trains_on():
    text = (
        "When fine-tuning Zarnlm on the Quuxset dataset and validating on Krelbench and "
        "Plimpbench, Snarfle achieves Wuzzle scores of 49.3 and 8.8, respectively."
    )
    found, _ = _measured(
        text,
        ("Zarnlm", "method"),
        ("Quuxset", "dataset"),
        ("Krelbench", "dataset"),
        ("Plimpbench", "dataset"),
        ("Snarfle", "method"),
        ("Wuzzle scores", "metric"),
    )
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (49.3, "Krelbench"),
        (8.8, "Plimpbench"),
    ]


def test_a_setting_is_not_what_reaches_a_score_and_a_claimed_state_of_the_art_is_ours():
    text = "In the class-balanced setting, our sampler yields a new state-of-the-art PLX of 1.7."
    (r,) = _results(text, ("class-balanced setting", "method"), ("PLX", "metric"))
    assert r.method_span is None and r.ours
    text = "In the class-balanced setting, D=2048 yields current state-of-the-art PLX of 1.7."
    (r,) = _results(text, ("class-balanced setting", "method"), ("PLX", "metric"))
    assert r.method_span is None and r.ours


def test_the_one_dataset_of_a_sentence_is_where_each_of_its_scores_was_measured():
    text = "Snarfle reaches 4.2 PLX with 10 steps, 3.3 PLX, and 9.7 GXR with 15 steps on Quuxbench."
    found = _results(
        text, ("Snarfle", "method"), ("PLX", "metric"), ("GXR", "metric"), ("Quuxbench", "dataset")
    )
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (4.2, "Quuxbench"),
        (3.3, "Quuxbench"),
        (9.7, "Quuxbench"),
    ]
    text = "Snarfle runs 3x faster than Vorbnet and reaches 9.7 GXR on Quuxbench."
    found = _results(
        text,
        ("Snarfle", "method"),
        ("Vorbnet", "method"),
        ("GXR", "metric"),
        ("Quuxbench", "dataset"),
    )
    assert [(r.value, _span(text, r.dataset_span)) for r in found] == [
        ("3x", None),  # a ratio is no score on the dataset
        ("9.7", "Quuxbench"),
    ]


def test_a_number_listed_after_another_takes_its_metric_not_the_next_ones():
    text = (
        "Snarfle reaches a Quill score of 0.98 for glyph runtime (mean error 15.57%) and "
        "0.78 for glyph power (median error 5.42%)."
    )
    found = _results(
        text,
        ("Snarfle", "method"),
        ("Quill score", "metric"),
        ("mean error", "metric"),
        ("median error", "metric"),
    )
    assert [(r.number, _span(text, r.metric_span)) for r in found] == [
        (0.98, "Quill score"),
        (15.57, "mean error"),
        (0.78, "Quill score"),
        (5.42, "median error"),
    ]


def test_a_metric_of_the_clause_before_is_not_the_values():
    text = (
        "Snarfle gives the best results for image and glyph scores, and averaging 85% on "
        "Quuxbench, it ranks first."
    )
    (r,) = _results(
        text, ("Snarfle", "method"), ("glyph scores", "metric"), ("Quuxbench", "dataset")
    )
    assert r.metric_span is None and _span(text, r.dataset_span) == "Quuxbench"


def test_a_metric_inside_an_aside_is_that_values_and_the_one_after_it_the_others():
    text = "Deep Snarfles reach 82% (Quuxbench) and 32% (Krelbench, top-5) accuracy here."
    found = _results(
        text,
        ("Snarfles", "method"),
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
        ("top-5", "metric"),
        ("accuracy", "metric"),
    )
    assert [(r.number, _span(text, r.metric_span), _span(text, r.dataset_span)) for r in found] == [
        (82, "accuracy", "Quuxbench"),
        (32, "top-5", "Krelbench"),  # not ranked with accuracies: a qualifier of its own
    ]
    text = "Deep Snarfles reach 82% (Quuxbench) and 32% (Krelbench) accuracy here."
    found = _results(
        text,
        ("Snarfles", "method"),
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
        ("accuracy", "metric"),
    )
    assert [_span(text, r.metric_span) for r in found] == ["accuracy", "accuracy"]


def test_values_written_with_slashes_take_the_datasets_written_with_slashes():
    text = "Snarfle beats Vorbnet on Quuxbench/Krelbench, with PLX scores of 1.91/2.43."
    found = _results(
        text,
        ("Snarfle", "method"),
        ("Vorbnet", "method"),
        ("Quuxbench", "dataset"),
        ("Krelbench", "dataset"),
        ("PLX scores", "metric"),
    )
    assert [(r.number, _span(text, r.dataset_span)) for r in found] == [
        (1.91, "Quuxbench"),
        (2.43, "Krelbench"),
    ]


CORPUS = [
    {
        "title": "Zorblax: Fast Glimmer Transformers",
        "date": "2024-03-01",
        "abstract": "We propose Zorblax, a sparse attention model. On the Quuxbench dataset, Zorblax reaches "
        "86.2% top-1 accuracy, 2.3 points higher than Vorbnet, and a Plimp error of 4.17, while "
        "running 3x faster than Vorbnet.",
    },
    {
        "title": "Vorbnet for images",
        "date": "2023-05-01",
        "abstract": "We introduce Vorbnet, a convolutional model. Vorbnet achieves 83.9% top-1 accuracy on "
        "Quuxbench and reduces the Plimp error by 12%.",
    },
    {
        "title": "Frumble: a study of sparse models",
        "date": "2024-06-01",
        "abstract": "We present Frumble. Our method obtains 88.0% top-1 accuracy on Quuxbench and a Plimp "
        "error of 3.1 on Quuxbench. It also lowers the Blorptance by 7% on Krelbench.",
    },
]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("results_corpus") / "papers.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in CORPUS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(corpus_file, tmp_path_factory):
    """(graph, output folder) of `kg build` of the corpus through the command line."""
    out = tmp_path_factory.mktemp("results_out")
    result = run_kg(
        "build",
        str(corpus_file),
        "-o",
        str(out),
        "--formats",
        "ttl,csv,neo4j,report,html",
        "--no-progress",
    )
    assert result.returncode == 0, result.stderr
    return kg.load(out), out


def test_the_pipeline_finds_results_and_the_cache_keeps_them(extractor):
    paper = kg.Paper(
        title="Snarfle",
        abstract="We propose Snarfle. Snarfle reaches 91.5% top-1 accuracy "
        "on Krelbench, 2x faster than Vorbnet.",
    )
    (extraction,) = extractor.extract_here([paper])
    assert [(r.value, r.kind) for r in extraction.results] == [("91.5%", "score"), ("2x", "ratio")]
    assert decode(encode(extraction), paper.key) == extraction


def test_a_measure_named_at_a_value_becomes_a_mention_of_the_paper(extractor):
    paper = kg.Paper(
        title="Snarfle",
        abstract="We propose Snarfle. Snarfle reaches 4.17 FID with 10 steps, 3.37 FID, and "
        "9.74 IS with only 15 steps on Krelbench.",
    )
    (extraction,) = extractor.extract_here([paper])
    text = paper.abstract
    assert [(r.value, text[slice(*r.metric_span)]) for r in extraction.results] == [
        ("4.17", "FID"),
        ("3.37", "FID"),
        ("9.74", "IS"),  # not the FID the recognisers found before it
    ]
    (made,) = [m for m in extraction.mentions if m.text == "IS"]
    assert made.label == "metric" and made.field == "abstract"
    assert decode(encode(extraction), paper.key) == extraction


def test_a_damaged_result_in_the_cache_is_a_miss():
    good = PaperExtraction(
        "k", (), (), results=(Result("86%", 86.0, 86.0, 86.0, "%", "score", 0, 3),)
    )
    assert decode(encode(good), "k") == good
    import zlib

    for bad in (
        [["86%", "86", 86, 86, "%", "score", 0, 3, "abstract", 0, 0, False, None, None, None]],
        [["86%", 86, 86, 86, "%", "bogus", 0, 3, "abstract", 0, 0, False, None, None, None]],
        [["86%", 86, 86, 86, "%", "score", 0, 3, "abstract", 0, 0, False, [1], None, None]],
    ):
        with pytest.raises(ValueError):
            decode(zlib.compress(json.dumps([[], [], bad]).encode()), "k")


def test_values_a_measure_was_brought_to_after_a_name_with_a_digit_are_its_scores():
    # "Plinth-2 to 47.69" is no range: the name's digit, then the first value
    text = "We improve the best Quux perplexities on Krel Treebank and Plinth-2 to 47.69 and 40.68 respectively."
    found = _results(
        text, ("Quux perplexities", "metric"), ("Krel Treebank", "dataset"), ("Plinth-2", "dataset")
    )
    assert [(r.number, r.kind, _span(text, r.dataset_span)) for r in found] == [
        (47.69, "score", "Krel Treebank"),
        (40.68, "score", "Plinth-2"),
    ]


@pytest.mark.parametrize("rate", ["bits / char", "bits per character", "bits per dimension"])
def test_a_measure_counted_per_unit_is_a_score_not_a_count(rate):
    # (after "regularise": a measure reached, however the model was set up)
    text = f"We regularise Zlstm to achieve 1.27 {rate} on Krel8."
    (r,) = _results(text, ("Zlstm", "method"), ("Krel8", "dataset"))
    assert (r.value, r.unit, _span(text, r.metric_span)) == ("1.27", "", rate)


@pytest.mark.parametrize(
    "text, found",
    [
        ("Snarfle does better (+ 0.15dB on Quuxbench and + 0.39dB on Krel).", ["improvement"] * 2),
        (
            "Snarfle reaches a Blix of 32.1 dB on Quuxbench, a gain of 0.4 dB.",
            ["score", "improvement"],
        ),
        # a change's kind is read up to the clause after it ("while needing less ...")
        ("Snarfle beats Vorbnet by 6.5 dB while needing less memory.", ["improvement"]),
        ("The noise level is set to 20 dB for every Snarfle run.", []),  # a level set
        ("Snarfle improves Blix on Quuxbench while noise of 20 dB is added.", []),
        ("The noise is raised by 10 dB and Snarfle still works.", []),  # a setting changed
        ("Snarfle improves Blix on Quuxbench when the noise is increased by 10 dB.", []),
        ("We add noise at 20 dB Plimp and Snarfle reaches 31.2 Blix on Quuxbench.", ["score"]),
        ("Our Snarfle reaches 31.2 dB Blix on Quuxbench.", ["score"]),  # the measure after
    ],
)
def test_decibels_are_results_where_a_measure_or_a_gain_is_named(text, found):
    names = [
        ("Snarfle", "method"),
        ("Blix", "metric"),
        ("Plimp", "metric"),
        ("Quuxbench", "dataset"),
    ]
    results = _results(text, *[name for name in names if name[0] in text])
    assert [r.kind for r in results] == found


def test_changes_listed_after_as_many_scores_are_in_their_measures_in_order():
    text = (
        "Glimmer reaches 88.1% Quux accuracy and 97.1% Blix accuracy on Krel, outperforming "
        "prior work by 3.7% and 5.5%."
    )
    mentions = (("Glimmer", "method"), ("Quux accuracy", "metric"), ("Blix accuracy", "metric"))
    found = _results(text, *mentions, ("Krel", "dataset"))
    assert [(r.number, _span(text, r.metric_span)) for r in found] == [
        (88.1, "Quux accuracy"),
        (97.1, "Blix accuracy"),
        (3.7, "Quux accuracy"),
        (5.5, "Blix accuracy"),
    ]
    # changes of a measure named between them and the scores are in that measure
    text = (
        "Glimmer reaches 88.1% Quux accuracy and 97.1% Blix accuracy, and improves the Plimp "
        "latency by 3.7% and 5.5% on Krel."
    )
    found = _results(text, *mentions, ("Plimp latency", "metric"), ("Krel", "dataset"))
    assert [_span(text, r.metric_span) for r in found[2:]] == ["Plimp latency"] * 2
    # ... or one no recogniser found
    text = (
        "Glimmer reaches 88.1% Quux accuracy and 97.1% Blix accuracy on Krel, and cuts the "
        "cost by 30% and 20%."
    )
    found = _results(text, *mentions, ("Krel", "dataset"))
    assert [_span(text, r.metric_span) for r in found[2:]] != ["Quux accuracy", "Blix accuracy"]
    # a word any measure may be called by names none of its own: paired in order
    text = (
        "Glimmer reaches 88.1% Quux accuracy and 97.1% Blix accuracy on Krel, improving both "
        "scores by 3.1% and 2.0%."
    )
    found = _results(text, *mentions, ("Krel", "dataset"))
    assert [_span(text, r.metric_span) for r in found[2:]] == ["Quux accuracy", "Blix accuracy"]


def test_gains_written_with_a_spaced_plus_are_one_list_paired_respectively():
    text = (
        "On three sets, Quux-1501, Plinth03 and Zarn-reID, we obtain + 4.37%, + 1.6% and "
        "+ 2.46% improvement in rank-1 Blix over the baseline, respectively."
    )
    found = _results(
        text,
        ("Quux-1501", "dataset"),
        ("Plinth03", "dataset"),
        ("Zarn-reID", "dataset"),
        ("rank-1 Blix", "metric"),
    )
    assert [(r.kind, _span(text, r.dataset_span)) for r in found] == [
        ("improvement", "Quux-1501"),
        ("improvement", "Plinth03"),
        ("improvement", "Zarn-reID"),
    ]


def test_a_score_given_for_a_method_after_it_is_that_methods():
    text = (
        "Zorb-Lite improves on the popular detector Plinth (34.4% AP at 34ms for Zorb-Lite "
        "compared to 33.0% AP at 39ms for Plinth on Krel)."
    )
    found = _results(
        text,
        ("Zorb-Lite", "method"),
        ("Zorb-Lite", "method", {"nth": 1}),
        ("Plinth", "method"),
        ("Plinth", "method", {"nth": 1}),
        ("AP", "metric"),
        ("Krel", "dataset"),
    )
    assert [(r.number, r.method_span[0]) for r in found] == [
        (34.4, text.index("Zorb-Lite", 10)),
        (33.0, text.rindex("Plinth")),
    ]
    # the paper's own method, named before, reaches the value for the backbone after "for"
    for text in (
        "Our Quorbing raises top-1 Blix to 78.1% for Plinth-50 on Krel.",
        "The Quorbing plug-in reaches 78.1% top-1 Blix for Plinth-50 on Krel.",
    ):
        (r,) = _results(
            text,
            ("Quorbing", "method", {"proposed": True}),
            ("Plinth-50", "method"),
            ("Krel", "dataset"),
        )
        assert _span(text, r.method_span) == "Quorbing" and r.ours
    # the paper speaking of others' scores: each "for X" is X's, the own one's too
    text = "We observe 61.2% Blix for Zarnet and 73.2% Blix for Quorbing on Krel."
    found = _results(
        text, ("Blix", "metric"), ("Zarnet", "method"), ("Quorbing", "method", {"proposed": True})
    )
    assert [(_span(text, r.method_span), r.ours) for r in found] == [
        ("Zarnet", False),
        ("Quorbing", True),
    ]
    # a change "for X" is made on X by someone else's method
    text = "With Quorbing, Blix accuracy improves from 55.3% to 80.5% for Plinth."
    r, starting = _results(text, ("Quorbing", "method", {"proposed": True}), ("Plinth", "method"))
    assert _span(text, r.method_span) == "Quorbing"
    assert starting.method_span is None and not starting.ours  # Plinth's before the change


def test_a_version_of_the_papers_own_proposal_reports_its_own_results(tmp_path):
    papers = [
        (
            "Quorbnets for glyph sorting",
            (
                "We propose Quorbnets (QBN), a new family of glyph sorters. On Krelbench, a "
                "deeper variant, QBN-131, reaches 91.2% Blix accuracy."
            ),
        )
    ]
    graph = _built(tmp_path, papers)
    (result,) = [r for r in graph.results if r.result.value == "91.2%"]
    assert graph.entities[result.method].label == "QBN-131" and result.result.ours


def test_results_are_linked_to_entities(built):
    graph, _ = built
    by_value = {r.result.value: r for r in graph.results}
    label = lambda key: graph.entities[key].label if key else None
    zorblax = by_value["86.2%"]  # its own measure, narrower than "accuracy" (skos:broader)
    assert (label(zorblax.metric), label(zorblax.dataset), label(zorblax.method)) == (
        "top-1 accuracy",
        "Quuxbench",
        "Zorblax",
    )
    assert zorblax.result.ours  # Zorblax is the paper's proposal
    broader = {(r.subject, r.object) for r in graph.entity_relations if r.predicate == BROADER}
    assert (zorblax.metric, "accuracy") in broader  # its leaderboard is its own
    assert label(by_value["3x"].method) == "Zorblax"  # "3x faster than Vorbnet": not the baseline
    frumble = by_value["88.0%"]  # "Our method obtains": the paper's proposed entity
    assert label(frumble.method) == "Frumble" and frumble.result.ours
    assert by_value["12%"].result.kind == "reduction"


def test_an_umbrella_term_is_no_dataset_of_a_result():
    from kg.link import link

    text = "Glimmer reaches 91.5% Wuzzle accuracy on a Welsh corpus and 88.0% on Quuxbench."
    spans = {
        name: (text.index(name), text.index(name) + len(name))
        for name in ("Glimmer", "Wuzzle accuracy", "a Welsh corpus", "Quuxbench")
    }
    mentions = tuple(
        Mention(*spans[name], name, label, "model", 0.9, sentence_end=len(text))
        for name, label in (
            ("Glimmer", "method"),
            ("Wuzzle accuracy", "metric"),
            ("a Welsh corpus", "dataset"),
            ("Quuxbench", "dataset"),
        )
    )
    results = tuple(
        Result(
            value,
            float(value[:-1]),
            float(value[:-1]),
            float(value[:-1]),
            "%",
            "score",
            text.index(value),
            text.index(value) + len(value),
            sentence_end=len(text),
            metric_span=spans["Wuzzle accuracy"],
            dataset_span=spans[data],
            method_span=spans["Glimmer"],
        )
        for value, data in (("91.5%", "a Welsh corpus"), ("88.0%", "Quuxbench"))
    )
    result = link(
        [PaperExtraction("p", mentions, results=results)],
        {"p": Paper(title="Glimmer", abstract=text, key="p")},
    )
    assert result.entities["welsh"].generic
    assert {r.result.value: r.dataset for r in result.results} == {
        "91.5%": None,
        "88.0%": "quuxbench",
    }


def test_rdf_round_trips_the_results_and_conforms(built, tmp_path):
    graph, out = built  # loaded from the graph.ttl kg build wrote
    assert len(graph.results) == 9
    kg.write_outputs(graph, tmp_path, kg.Settings(formats=("nt",)))
    again = kg.load(tmp_path / "graph.nt")
    assert again.results == graph.results and again == graph
    result = run_kg("validate", str(out))
    assert result.returncode == 0, result.stdout


def test_built_and_loaded_graphs_hold_the_same_results(corpus_file, tmp_path):
    built = kg.build([corpus_file], tmp_path, formats=("ttl",))
    assert kg.load(tmp_path).results == built.results
    curated = kg.curate(
        built,
        kg.link.curation.parse_curation(
            '[[rename]]\nentity = "Quuxbench"\nlabel = "Quuxbench v1"\n', "c.toml"
        ),
    )
    assert {curated.entities[r.dataset].label for r in curated.results if r.dataset} >= {
        "Quuxbench v1"
    }


def test_results_csv_has_its_columns(built):
    _, out = built
    with open(out / "results.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for column in (
        "paper_key",
        "title",
        "method",
        "dataset",
        "metric",
        "value",
        "number",
        "low",
        "high",
        "unit",
        "kind",
        "ours",
        "sentence",
    ):
        assert column in rows[0], column
    row = next(r for r in rows if r["value"] == "88.0%")
    assert (row["number"], row["unit"], row["kind"], row["ours"], row["method"]) == (
        "88.0",
        "%",
        "score",
        "true",
        "Frumble",
    )
    assert row["sentence"].startswith("Our method obtains 88.0%")
    with open(out / "neo4j" / "results.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[0] == "id:ID" and "number:double" in header and header[-1] == ":LABEL"
    assert "--nodes=results.csv" in (out / "neo4j" / "import.sh").read_text()


# ---------------------------------------------------------------- kg results


def test_kg_results_prints_a_leaderboard_best_first(built):
    _, out = built
    result = run_kg("results", str(out), "--dataset", "quuxbench")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    heading = next(i for i, line in enumerate(lines) if "accuracy" in line and "\u00d7" in line)
    assert "higher is better" in lines[heading]
    ranked = [line.split()[1] for line in lines[heading + 1 : heading + 7 : 2]]
    assert ranked == ["88.0%", "86.2%", "83.9%"]
    error = next(line for line in lines if "Plimp error" in line and "\u00d7" in line)
    assert "lower is better" in error
    plimp = lines.index(error)
    assert lines[plimp + 1].split()[1] == "3.1" and lines[plimp + 3].split()[1] == "4.17"


def test_kg_results_csv_and_json(built):
    _, out = built
    as_csv = run_kg("results", str(out), "--metric", "Plimp-Error", "--result-format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    assert [r["value"] for r in rows if r["rank"]] == ["3.1", "4.17"]
    assert {"paper_key", "title", "method", "sentence", "lower_is_better"} <= set(rows[0])
    as_json = json.loads(
        run_kg("results", str(out), "--method", "zorblax", "--result-format", "json").stdout
    )
    assert as_json and all(r["method"] == "Zorblax" for r in as_json)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--dataset", "Quuxbenc"],
            "no dataset named 'Quuxbenc' in the graph; close names: Quuxbench",
        ),
        (["--metric", "Zzyzx"], "no metric named 'Zzyzx' in the graph"),
        (["--dataset", " "], "--dataset needs a name"),
        (["--method", "b" * 120_000], "no method named 'bbbb"),  # cut, not 120 KB
    ],
)
def test_kg_results_unknown_names_are_one_line_errors(built, args, message):
    _, out = built
    result = run_kg("results", str(out), *args)
    assert result.returncode == 2 and len(result.stderr) < 1000
    assert (
        result.stderr.count("\n") == 1
        and message in result.stderr
        and "Traceback" not in result.stderr
    )


def test_kg_results_on_a_missing_graph_is_an_error(tmp_path):
    result = run_kg("results", str(tmp_path / "nothing"))
    assert result.returncode == 3 and result.stderr.startswith("kg: error:")


# ---------------------------------------------------------------- which way is better


@pytest.mark.parametrize(
    "name, cls",
    [
        ("Zorblax distance", "lower"),
        ("Plimp error rate", "lower"),
        ("Snarfle loss", "lower"),
        ("Quux inference time", "lower"),
        ("peak memory usage", "lower"),
        ("Blix divergence", "lower"),
        ("negative Quux likelihood", "lower"),
        ("Wuzzle accuracy", "higher"),
        ("Krel accuracy score", "higher"),
        ("Krel F1 score", "higher"),  # the F-measure family
        ("macro F-measure", "higher"),
        ("log-average Plimp miss rate", "lower"),  # counts of what went wrong
        ("Quux failure rate", "lower"),
        ("Plinth constraint violations", "lower"),
        ("Krel score", None),
        ("Blorptance", None),
        ("QXR", None),
    ],
)
def test_direction_from_the_head_word_of_invented_metrics(name, cls):
    assert head_class(name) == cls


def test_direction_from_the_corpus_when_the_name_says_nothing(built):
    graph, _ = built
    (key,) = [k for k, e in graph.entities.items() if e.label == "Blorptance"]
    assert metric_directions(graph, [key])[key].lower_is_better  # "lowers the Blorptance"
    boards = leaderboards(graph, metric="plimp error")
    assert [b.direction.lower_is_better for b in boards] == [True]


@pytest.mark.parametrize(
    "sentence, votes",
    [
        ("It gives a 13% decrease in Blorptance error.", {}),  # an error of it, not it
        ("It gives a 13% decrease in Blorptance on the test set.", {"lower": 1}),
        ("It improves the Blorptance of earlier work.", {"higher": 1}),
        # a change named as the price of something else went the measure's bad way
        ("It is faster, at the cost of slightly higher Blorptance.", {"lower": 1}),
        ("It runs at a small cost of lower Blorptance.", {"higher": 1}),
        # a change named as a noun after "with a" is a gain or a price: no vote
        ("It is 3x smaller, with a decrease of 0.4 Blorptance.", {}),
        ("Quillnet outperforms Zarnet, with a reduction of 30% in Blorptance.", {}),
        # an adjective after "with a" is the claim's own
        ("Quillnet outperforms Zarnet with a significantly lower Blorptance.", {"lower": 1}),
        ("We propose Quillnet, with an improved Blorptance over Zarnet.", {"higher": 1}),
        ("We obtain a model with a low Blorptance.", {"lower": 1}),
        ("Quillnet outperforms Zarnet, with a 30% reduction in Blorptance.", {}),
        # "from A to B" after an improvement verb: two votes for the way it went
        ("It improves the Blorptance from 0.9 to 0.3 on Krel.", {"higher": 1, "lower": 2}),
    ],
)
def test_a_cue_about_the_measure_a_name_is_followed_by_is_no_vote_for_the_name(sentence, votes):
    from types import SimpleNamespace

    from kg.leaderboard import _corpus_votes
    from kg.records import LinkedMention

    start = sentence.index("Blorptance")
    mention = Mention(
        start, start + 10, "Blorptance", "metric", "model", 0.9, sentence_end=len(sentence)
    )
    graph = SimpleNamespace(
        mentions=[LinkedMention("p", "blorptance", mention)],
        papers={"p": Paper(title="T", abstract=sentence, key="p")},
    )
    assert dict(_corpus_votes(graph, {"blorptance"}).get("blorptance", {})) == votes


def _built(tmp_path, papers, name="out", formats=("ttl",)):
    """``kg.build`` of ``papers`` ((title, abstract) pairs) into ``tmp_path / name``."""
    path = tmp_path / f"{name}.jsonl"
    path.write_text(
        "\n".join(json.dumps({"title": t, "abstract": a}) for t, a in papers) + "\n",
        encoding="utf-8",
    )
    return kg.build([path], tmp_path / name, formats=formats, cache=False)


def test_a_duration_with_no_metric_named_is_its_own_board_lower_first(tmp_path):
    papers = [
        ("Quillnet", "Quillnet needs 12 minutes to generate 50k images on the Krelbench dataset."),
        ("Glyphnet", "Glyphnet needs 3 minutes to generate 50k images on the Krelbench dataset."),
        ("Plimpnet", "We propose Plimpnet, which reaches 45% on the Krelbench dataset."),
    ]
    graph = _built(tmp_path, papers)
    boards = leaderboards(graph, dataset="Krelbench")
    (timed,) = [b for b in boards if b.unnamed_measure == "time"]
    assert timed.direction.lower_is_better
    assert [i.result.value for i in timed.scores] == ["3 minutes", "12 minutes"]
    assert "time (metric not named)" in board_title(graph, timed)
    others = [i.result.value for b in boards if b is not timed for i in b.scores]
    assert "45%" in others  # never ranked among the durations


def test_durations_rank_in_seconds_and_speeds_by_their_unit_higher_first(tmp_path):
    papers = [
        ("Quillnet", "Quillnet needs 2 minutes to generate 50k images on the Krelbench dataset."),
        ("Glyphnet", "Glyphnet needs 900 ms to generate 50k images on the Krelbench dataset."),
        ("Snorbnet", "Snorbnet needs 2000 µs to generate 50k images on the Krelbench dataset."),
        ("Plimpnet", "We propose Plimpnet, which runs at 45 fps on the Krelbench dataset."),
        ("Zarnnet", "We propose Zarnnet, which runs at 120 fps on the Krelbench dataset."),
        (
            "Vorbnet",
            "We propose Vorbnet, which decodes 900 tokens per second on the Krelbench dataset.",
        ),
    ]
    graph = _built(tmp_path, papers)
    boards = {b.unnamed_measure: b for b in leaderboards(graph, dataset="Krelbench")}
    assert [i.result.value for i in boards["time"].scores] == ["2000 µs", "900 ms", "2 minutes"]
    frames = boards["speed in frames per second"]
    assert not frames.direction.lower_is_better
    assert [i.result.value for i in frames.scores] == ["120 fps", "45 fps"]
    assert [i.result.value for i in boards["speed in tokens per second"].scores] == [
        "900 tokens per second"
    ]


def test_values_with_no_metric_named_are_listed_but_never_ranked(tmp_path):
    """Scores whose metric no sentence names may be of different measures: their board
    lists them by paper, with no rank, in the terminal, the CSV and the report alike."""
    papers = [
        ("Quillnet", "We propose Quillnet, which reaches 88% on the Krelbench dataset."),
        ("Glyphnet", "We propose Glyphnet, which reaches 45% on the Krelbench dataset."),
    ]
    out = tmp_path / "out"
    graph = _built(tmp_path, papers, formats=("ttl", "report"))
    (board,) = leaderboards(graph, dataset="Krelbench")
    assert board.metric is None and not board.ranked
    assert [i.result.value for i in board.scores] == ["45%", "88%"]  # by title, not by value
    assert [rank for rank, _ in board.ranks()] == [None, None]
    printed = run_kg("results", str(out), "--dataset", "Krelbench")
    assert printed.returncode == 0, printed.stderr
    assert (
        "not ranked (no metric named)" in printed.stdout
        and "higher is better" not in printed.stdout
    )
    assert [line.split()[0] for line in printed.stdout.splitlines()[1:4:2]] == ["-", "-"]
    rows = list(
        csv.DictReader(
            run_kg(
                "results", str(out), "--dataset", "Krelbench", "--result-format", "csv"
            ).stdout.splitlines()
        )
    )
    assert [(r["rank"], r["lower_is_better"]) for r in rows] == [("", ""), ("", "")]
    assert "not ranked (no metric named)" in (out / "report.html").read_text("utf-8")


# ---------------------------------------------------------------- report, map and evaluation


def test_report_and_map_list_results_escaped(tmp_path):
    hostile = '<script>alert("x")</script>'
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps(
            {
                "title": hostile + " Snarfle",
                "abstract": "We propose Snarfle. Snarfle reaches 91.5% top-1 accuracy on Krelbench "
                "<b>bold</b>.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    graph = kg.build([path], tmp_path / "out", formats=("report", "html"), cache=False)
    assert graph.results
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="results"' in report and "91.5%" in report
    assert "<script>alert" not in report and "<b>bold" not in report
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert '"results":[{"value":"91.5%"' in page and "<script>alert" not in page


def test_evaluate_results_scores_matches_and_agreement(corpus_file, tmp_path):
    from kg.evaluate import evaluate_results, gold_value

    assert gold_value({"value": "12-34%"}) == (12.0, 34.0)
    assert gold_value({"value": "x", "number": 3}) == (3.0, 3.0)
    keys = {p.title: p.key for p in kg.read(corpus_file)}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "// a comment\n"
        + "\n".join(
            json.dumps(r)
            for r in [
                {
                    "key": keys["Vorbnet for images"],
                    "results": [
                        {
                            "value": "83.90 %",
                            "dataset": "Quuxbench",
                            "metric": "top-1 accuracy",
                            "method": "Vorbnet",
                            "kind": "score",
                            "ours": True,
                        },
                        {
                            "value": "12%",
                            "kind": "reduction",
                            "metric": "Plimp error",
                            "dataset": "",
                            "method": "Vorbnet",
                        },
                        {"value": "99.9%"},
                    ],
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    report = evaluate_results(gold, corpus_file.parent)
    assert report["results"]["gold"] == 3 and report["results"]["tp"] == 2
    assert report["results"]["predicted"] == 2
    assert report["agreement"]["method"]["share"] == 1.0
    assert report["agreement"]["kind"]["agree"] == 2


def test_the_seeds_report_results_and_imagenet_has_a_leaderboard(seeds_build):
    _, out = seeds_build
    with open(out / "results.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 150 and len({r["paper_key"] for r in rows}) >= 80
    result = run_kg("results", str(out), "--dataset", "ImageNet")
    assert result.returncode == 0, result.stderr
    assert "ImageNet \u00d7 " in result.stdout and "    1  " in result.stdout


def test_a_reduction_of_a_share_of_a_quantity_measures_the_quantity():
    text = "Our reader can cut up to 30% of the peak glyph memory."
    (r,) = _results(text, ("peak glyph memory", "concept"))
    assert r.kind == "reduction" and _span(text, r.metric_span) == "peak glyph memory"


def test_a_claim_of_the_papers_own_method_takes_a_named_proposal_never_a_described_one():
    from kg.link import link_results
    from kg.records import Entity, LinkedMention, Relation

    text = "Our method cuts the Wuzzle rate by 12%."
    wuzzle = _mention(text, "Wuzzle rate", "metric")
    (result,) = _results(text, ("Wuzzle rate", "metric"))
    assert result.ours and result.method_span is None
    entities = {
        "wuzzlerate": Entity("wuzzlerate", "metric", "Wuzzle rate"),
        "braidedsampler": Entity("braidedsampler", "method", "braided sampler"),
        "quillsampler": Entity("quillsampler", "method", "Quill Sampler"),
    }
    linked = [LinkedMention("p1", "wuzzlerate", wuzzle)]

    def method_of(*proposals):
        relations = [Relation("p1", "proposes", key) for key in proposals]
        (found,) = link_results([("p1", result)], linked, entities, relations)
        return found.method

    assert method_of("braidedsampler", "quillsampler") == "quillsampler"
    assert method_of("braidedsampler") is None  # described: no name to put on a leaderboard
    # a benchmark the paper proposes is where its results are, not what reaches them
    entities["quillbench"] = Entity("quillbench", "dataset", "Quillbench")
    entities["glyphsorting"] = Entity("glyphsorting", "task", "QuillSort")
    assert method_of("quillbench") is None and method_of("glyphsorting") is None
    (on_it,) = link_results(
        [("p1", result)], linked, entities, [Relation("p1", "proposes", "quillbench")]
    )
    assert on_it.dataset == "quillbench"


def test_an_entity_a_curation_retypes_away_from_a_results_role_leaves_the_role():
    from kg.link import link_results
    from kg.records import Entity, LinkedMention

    text = "Krelnet reaches 91.2% Blix accuracy on Vostok-QA."
    mentions = [
        _mention(text, "Krelnet", "method"),
        _mention(text, "Blix accuracy", "metric"),
        _mention(text, "Vostok-QA", "dataset"),
    ]
    (result,) = find_results(text, "abstract", [(0, len(text))], mentions)
    keys = ("krelnet", "blixaccuracy", "vostokqa")
    linked = [LinkedMention("p1", key, m) for key, m in zip(keys, mentions)]

    def linked_with(*entities):
        (found,) = link_results([("p1", result)], linked, {e.key: e for e in entities}, [])
        return found.method, found.metric, found.dataset

    metric = Entity("blixaccuracy", "metric", "Blix accuracy")
    data = Entity("vostokqa", "dataset", "Vostok-QA")
    assert linked_with(Entity("krelnet", "method", "Krelnet"), metric, data) == keys
    # a user's retype: Krelnet is a dataset, so no method of the result
    retyped = Entity("krelnet", "dataset", "Krelnet", curation=("retype: to dataset",))
    assert linked_with(retyped, metric, data) == (None, "blixaccuracy", "vostokqa")
    # kg's own typing stands: a measure typed a concept is still the result's metric
    concept = Entity("blixaccuracy", "concept", "Blix accuracy")
    assert linked_with(Entity("krelnet", "method", "Krelnet"), concept, data) == keys


def test_the_papers_own_name_opening_an_example_reaches_the_value():
    text = (
        "Experiments show the worth of the braided cache and our glyph schedule, e.g., "
        "Quillnet improves the Wuzzle accuracy from 80.5% to 84.6% on Krelbench."
    )
    found = _results(
        text,
        ("braided cache", "method"),
        ("glyph schedule", "method"),
        ("Quillnet", "method", {"proposed": True}),
        ("Wuzzle accuracy", "metric"),
        ("Krelbench", "dataset"),
    )
    reached = [r for r in found if r.ours]  # (80.5% is where the change started)
    assert reached and all(_span(text, r.method_span) == "Quillnet" for r in reached)
    # a name the paper does not propose, after "e.g.", stays an example of others' work
    other = "Baselines, e.g., Vorbnet, reach 71.0% Wuzzle accuracy on Krelbench."
    (r,) = _results(other, ("Vorbnet", "method"), ("Wuzzle accuracy", "metric"))
    assert r.method_span is None


def test_a_long_method_name_is_cut_before_its_ours_mark(monkeypatch):
    """The method column keeps its width: a long name is cut, its "(ours)" mark kept."""
    from kg import leaderboard

    row = {
        "value": "1.0",
        "kind": "score",
        "method": "Quill Zarn Glyph Tessellation Network With Many Words",
        "ours": True,
        "sentence": "Quill reaches 1.0.",
        "title": "Quill",
    }
    monkeypatch.setattr(leaderboard, "result_row", lambda graph, item: row)
    monkeypatch.setattr(leaderboard, "board_title", lambda graph, board: "Quillbench x score")
    board = leaderboard.Leaderboard(
        None,
        "metric:zarn",
        leaderboard.Direction(False, "by default"),
        [object()],  # type: ignore[list-item]
    )
    line = leaderboard.format_boards(None, [board]).splitlines()[1]  # type: ignore[arg-type]
    assert "\u2026 (ours)" in line and "Quill Zarn Glyph" in line
    assert line.endswith("\u2026 (ours)  Quill")  # the title column where it always is
    method_column = len("    1  ") + 18 + 1  # rank, then the value's 18 characters
    assert line.index("(ours)") + len("(ours)") == method_column + leaderboard.METHOD_CHARS


def test_a_papers_own_short_form_takes_no_direction_from_the_lexicons_namesake():
    """A short form the lexicon knows gives a metric the lexicon's names (and so a head word
    for its direction), unless the paper names its metric in other words: its "Quill Glyph
    Coefficient (WER)" is not the word error rate."""
    from types import SimpleNamespace

    from kg.leaderboard import _lexicon_names

    def names(label, abbreviation=None):
        return _lexicon_names(SimpleNamespace(label=label, abbreviation=abbreviation, aliases=()))

    assert names("Quill Glyph Coefficient", "WER") == ()
    assert names("Quill Glyph Rate", "WER") == ()  # "rate" says nothing of which measure
    assert names("tessellated zarn law", "MRR") == ()
    assert "word error rate" in names("WER")
    assert "word error rate" in names("Quill error rate", "WER")  # its own words say which
    assert "mean reciprocal rank" in names("mean reciprocal ranks", "MRR")


@pytest.mark.parametrize(
    "text, metric, found",
    [
        ("Snarfle is scored with 17 glyph metrics on Quuxbench.", "glyph metrics", []),
        ("Snarfle is judged on 5 zarn scores for each Quuxbench split.", "zarn scores", []),
        ("Snarfle reaches 28 Wuzzle on Quuxbench.", "Wuzzle", [28.0]),  # a value, no count
        ("Snarfle reaches 0.91 glyph scores on Quuxbench.", "glyph scores", [0.91]),
        ("Snarfle reaches 12 Wuzzle scores on Quuxbench.", "Wuzzle scores", [12.0]),  # named
    ],
)
def test_a_whole_number_before_a_plural_kind_of_measure_counts_measures(text, metric, found):
    results = _results(text, ("Snarfle", "method"), (metric, "metric"), ("Quuxbench", "dataset"))
    assert [r.number for r in results] == found


@pytest.mark.parametrize(
    "before, lower",
    [
        ("our method can reduce up to 40% of the ", True),  # then "glyph spend"
        ("Snarfle saves up to 30% ", True),
        ("we cut by about 2x the ", True),
        ("Snarfle improves by 3% the ", False),
        ("we increase 2x the ", False),
    ],
)
def test_a_change_by_an_amount_votes_for_the_direction_of_what_it_changes(before, lower):
    from kg.leaderboard import _HIGHER_CUE, _LOWER_CUE

    assert bool(_LOWER_CUE.search(before)) is lower
    assert bool(_HIGHER_CUE.search(before)) is not lower


def test_a_measure_written_as_percentages_and_shares_of_one_ranks_on_one_scale(tmp_path):
    papers = [
        ("Quillnet", "We propose Quillnet, which reaches a Wuzzle score of 0.97 on Krelbench."),
        ("Glyphnet", "We propose Glyphnet, which reaches a Wuzzle score of 95% on Krelbench."),
        ("Plimpnet", "We propose Plimpnet, which reaches a Wuzzle score of 0.91 on Krelbench."),
    ]
    graph = _built(tmp_path, papers)
    (board,) = leaderboards(graph, dataset="Krelbench")
    assert [i.result.value for i in board.scores] == ["0.97", "95%", "0.91"]
    # small percentages beside a share of one are not read as shares: no scale is changed
    small = [
        ("Quillnet", "We propose Quillnet, which reaches a Wuzzle score of 0.8% on Krelbench."),
        ("Glyphnet", "We propose Glyphnet, which reaches a Wuzzle score of 0.7 on Krelbench."),
    ]
    graph = _built(tmp_path, small, name="small")
    (board,) = leaderboards(graph, dataset="Krelbench")
    assert [i.result.value for i in board.scores] == ["0.8%", "0.7"]


@pytest.mark.parametrize(
    "text, ours",
    [
        (
            "The Wuzzle rate was lower for the proposed vs. the old glyph sorter (4.3% vs. 17.1%).",
            [("4.3%", True), ("17.1%", False)],
        ),
        (
            "The Wuzzle rate was lower for the established versus our sorter (17.1% vs. 4.3%).",
            [("17.1%", False), ("4.3%", True)],
        ),
        (  # no two parties named before the values: both stay the paper's own
            "Our Snarfle reaches a Wuzzle rate of 81.2% on Krelbench vs. 74.0% on Plimpbench.",
            [("81.2%", True), ("74.0%", True)],
        ),
    ],
)
def test_values_set_against_each_other_belong_to_the_two_parties_in_order(text, ours):
    mentions = [("Wuzzle rate", "metric")]
    mentions += [(name, "method") for name in ("Snarfle",) if name in text]
    mentions += [(name, "dataset") for name in ("Krelbench", "Plimpbench") if name in text]
    found = _results(text, *mentions)
    assert [(r.value, r.ours) for r in found] == ours


def test_a_ratio_a_study_spans_is_a_setting_not_a_result():
    text = "Extrapolating Snarfle across an order of magnitude in compute yields higher Wuzzle errors of 18pp."
    found = _results(text, ("Snarfle", "method"), ("Wuzzle errors", "metric"))
    assert [r.value for r in found] == ["18pp"]
    faster = _results(
        "Snarfle is over 5x faster than Vorbnet.", ("Snarfle", "method"), ("Vorbnet", "method")
    )
    assert [r.value for r in faster] == ["5x"]  # "over" before a ratio is "more than"
    near = _results(
        "Snarfle is within 2x of the optimal Wuzzle cost.",
        ("Snarfle", "method"),
        ("Wuzzle cost", "metric"),
    )
    assert [r.value for r in near] == ["2x"]  # "within" a factor of the optimum: a result


def test_an_average_over_a_list_of_datasets_is_on_none_of_them():
    """ "On A, B, and C, ... an average increase of 16.6%" is on no one dataset, whichever
    side of the value says it is an average; a value on one dataset is on it."""
    names = [("Quillbench", "dataset"), ("ZBPP", "dataset"), ("Glyph-E", "dataset")]
    for text in (
        (
            "Experiments on the benchmarks Quillbench, ZBPP, and Glyph-E show that our QSD "
            "improves decoding, with an average pass@1 increase of 16.59%."
        ),
        "Our QSD improves pass@1 by 16.59% on average on Quillbench, ZBPP, and Glyph-E.",
        "Our QSD improves pass@1 on Quillbench, ZBPP, and Glyph-E by 16.59% on average.",
        "Our QSD reaches 16.59% average pass@1 on Quillbench, ZBPP and Glyph-E.",
        "Our QSD achieves a mean pass@1 gain of 16.59% on Quillbench, ZBPP and Glyph-E.",
    ):
        (r,) = _results(text, *names, ("pass@1", "metric"), ("QSD", "method"))
        assert r.dataset_span is None and _span(text, r.metric_span) == "pass@1", text
    text = (
        "Our QSD reaches an average accuracy of 85.1% on Quillbench, and 70.2% on ZBPP and Glyph-E."
    )
    first, second = _results(text, *names, ("accuracy", "metric"), ("QSD", "method"))
    assert _span(text, first.dataset_span) == "Quillbench"
    assert second.dataset_span is None  # averaged over the two it names, not the first's
    # an average over runs is still on its dataset, and "mean" in a metric's name is none
    text = "Our QSD reaches 85.1% accuracy on Quillbench and ZBPP, averaged over 3 seeds."
    (r,) = _results(text, *names[:2], ("accuracy", "metric"), ("QSD", "method"))
    assert r.dataset_span is not None
    text = "On Quillbench and ZBPP our QSD obtains a mean IoU of 45.2."
    (r,) = _results(text, *names[:2], ("mean IoU", "metric"), ("QSD", "method"))
    assert r.dataset_span is not None
    text = "Our QSD reaches 85.1% accuracy on Quillbench and 70.2% on ZBPP."
    first, second = _results(text, *names[:2], ("accuracy", "metric"), ("QSD", "method"))
    assert (_span(text, first.dataset_span), _span(text, second.dataset_span)) == (
        "Quillbench",
        "ZBPP",
    )


def test_a_name_headed_by_a_kind_noun_of_data_is_where_the_score_was_measured():
    text = (
        "Snarfle sorts glyphs in the extended Zarn-Kell dataset (ZK), and delivers 81.2% accuracy."
    )
    (r,) = _results(
        text,
        ("Snarfle", "method"),
        ("Zarn-Kell dataset (ZK)", "concept"),
        ("accuracy", "metric"),
    )
    assert _span(text, r.dataset_span) == "Zarn-Kell dataset (ZK)"
    text = "Snarfle sorts glyphs in a large glyph corpus, and delivers 81.2% accuracy."
    (r,) = _results(
        text, ("Snarfle", "method"), ("glyph corpus", "concept"), ("accuracy", "metric")
    )
    assert r.dataset_span is None  # described data, no name
    for text, measured in (
        ("Snarfle, pre-trained on the Zarn-Kell corpus, reaches 81.2% accuracy.", False),
        ("After pre-training on the Zarn-Kell corpus, Snarfle reaches 81.2% accuracy.", False),
        ("Snarfle retrieves passages from the Zarn-Kell corpus and reaches 61.2% accuracy.", False),
        ("Snarfle reaches 81.2% accuracy on the test split of the Zarn-Kell corpus.", True),
        ("Snarfle reaches 81.2% accuracy on the Blorp benchmark and the Zarn-Kell corpus.", True),
        ("Snarfle raises accuracy from 71% to 74% on the Zarn-Kell corpus.", True),  # a change
        # what a model is learned on, it is measured on too
        ("Snarfle reaches 79.4% accuracy with a model learned on Zarn-Kell corpus.", True),
    ):  # data trained on or drawn from is not where the score was measured
        r, *_ = _results(  # (a change also gives the score it starts from)
            text, ("Snarfle", "method"), ("Zarn-Kell corpus", "concept"), ("accuracy", "metric")
        )
        assert (_span(text, r.dataset_span) == "Zarn-Kell corpus") is measured, text


@pytest.mark.parametrize(
    "text, values",
    [
        # a speed reached, in things per second
        ("Zorblax reaches a throughput of 1,200 tokens per second.", ["1,200 tokens per second"]),
        ("Zorblax processes 45 frames/s on one Quux card.", ["45 frames/s"]),
        ("Our Krel renders at up to 90 fps.", ["90 fps"]),
        # a rate that is set, not reached
        ("The Quux clips are recorded at 30 fps.", []),
        # the time a run takes
        ("Zorblax trains in 3.5 hours on one Quux card.", ["3.5 hours"]),
        ("Training Zorblax finishes in 3 hours on one Quux card.", ["3 hours"]),
        ("Zorblax reaches an inference latency of 12 ms.", ["12 ms"]),
        ("Zorblax cuts the latency to 35 ms.", ["35 ms"]),
        ("Our Zorblax server sustains 1,200 tokens per second.", ["1,200 tokens per second"]),
        ("Zorblax runs in real time, with a frame rate of 62 fps.", ["62 fps"]),
        # in microseconds or "msec", and for one thing done
        ("Zorblax cuts the latency to 350 µs per request.", ["350 µs"]),
        ("The Krel decoder runs in 12 msec per frame.", ["12 msec"]),
        ("Our Zorblax index answers a query in 40 ms.", ["40 ms"]),
        ("Krel renders each 4K frame in 9 ms on one Quux card.", ["9 ms"]),
        ("The Quux camera captures a frame in 5 ms.", []),  # a device's time, nothing done
        # a time changed, counted per something
        ("Zorblax shortens the training time per epoch by 20 minutes.", ["20 minutes"]),
        # a time set, not taken
        ("We impose a limit so that each Krel solver runs in under 10 minutes.", []),
        ("We use an exposure time of 5 ms for every Krel capture.", []),
        # a time that is a setting
        ("Each Krel run has a time limit of 10 minutes.", []),
        ("We sample Quux frames every 40 ms.", []),
    ],
)
def test_speeds_reached_and_times_taken_are_results(text, values):
    names = [(name, "method") for name in ("Zorblax", "Krel") if name in text]
    assert [r.value for r in _results(text, *names)] == values


def test_a_speed_takes_no_score_measure_listed_with_it():
    text = "Zorblax generates Quux images at 30 fps with a Blix score of 2.1."
    found = _results(text, ("Zorblax", "method"), ("Blix score", "metric"))
    assert [(r.value, _span(text, r.metric_span)) for r in found] == [
        ("30 fps", None),
        ("2.1", "Blix score"),
    ]


def test_a_unit_written_once_after_a_list_is_the_last_values_only():
    # ("We prune 50, 70 and 90% of the weights": 50 and 70 are shares too, which a unit
    # handed down the list made results of)
    assert [r.value for r in _results("We prune 50, 70 and 90% of the Zorblax weights.")] == []
    assert [v.unit for _, _, v in scan_values("We stack 3 and 5 layers, reaching 91.2%.")] == [
        "",
        "layers",
        "%",
    ]
    values = scan_values("Zorblax scores 2.1 Blix and 3.4% error.")
    assert [v.unit for _, _, v in values] == ["", "%"]


def test_measures_listed_before_by_pair_with_the_values_in_order():
    text = "Zorblax improves Blix, Quuxrate and Krel score by 3%, 5% and 4% on Plimp."
    found = _results(
        text,
        ("Zorblax", "method"),
        ("Blix", "metric"),
        ("Quuxrate", "metric"),
        ("Krel score", "metric"),
        ("Plimp", "dataset"),
    )
    assert [(r.value, _span(text, r.metric_span)) for r in found] == [
        ("3%", "Blix"),
        ("5%", "Quuxrate"),
        ("4%", "Krel score"),
    ]
    # as many measures as values, or every value keeps the nearest
    text = "Zorblax improves Blix and Quuxrate by 3%, 5% and 4% on Plimp."
    found = _results(
        text,
        ("Zorblax", "method"),
        ("Blix", "metric"),
        ("Quuxrate", "metric"),
        ("Plimp", "dataset"),
    )
    assert {_span(text, r.metric_span) for r in found} == {"Quuxrate"}


@pytest.mark.parametrize(
    "text, found",
    [
        # a change named at its value
        (
            "Zorblax achieves on average +0.208 improvement in Blix correlation.",
            [("+0.208", "improvement")],
        ),
        ("Zorblax yields an average improvement of 8.87.", [("8.87", "improvement")]),
        ("Zorblax achieves a 1.35 absolute drop in Blix error.", [("1.35", "reduction")]),
        # an amount in a unit that something changed by, or changed to
        ("Zorblax reduces Krel memory by 5.93 GB.", [("5.93 GB", "reduction")]),
        ("We reduce the memory footprint of Krel by 4.2 GB.", [("4.2 GB", "reduction")]),
        ("Our Zorblax brings a saving of 3 hours per Krel run.", [("3 hours", "reduction")]),
        (
            "Zorblax cuts Krel time from 3.4 hours to 20 minutes.",
            [("from 3.4 hours to 20 minutes", "score"), ("3.4 hours", "score")],
        ),
        # whole numbers before a change noun count changes; amounts set are no results
        ("We list 3 improvements to Zorblax.", []),
        ("Each Krel node has 16 GB of memory and 2 drops of Quux.", []),
    ],
)
def test_changes_named_at_their_values_and_amounts_changed_by_are_results(text, found):
    names = [
        (n, t)
        for n, t in (("Zorblax", "method"), ("Krel", "method"), ("Quuxbench", "dataset"))
        if n in text
    ]
    assert [(r.value, r.kind) for r in _results(text, *names)] == found


@pytest.mark.parametrize(
    "text, metric, found",
    [
        # the measure a change noun follows is the metric; the kind says which way it moved
        (
            "Zorblax brings a 68% Blix memory reduction.",
            "Blix memory reduction",
            ("68%", "reduction", "Blix memory"),
        ),
        (
            "Zorblax gives a 12% relative Quux rate reduction.",
            "relative Quux rate reduction",
            ("12%", "reduction", "relative Quux rate"),
        ),
        (
            "Zorblax brings a 4.2x Blix latency speedup.",
            "Blix latency speedup",
            ("4.2x", "ratio", "Blix latency"),
        ),
        # no measure before the change noun: the mention as it is
        (
            "Zorblax reaches a remarkable speedup of up to 13.9 times.",
            "remarkable speedup",
            ("13.9 times", "ratio", "remarkable speedup"),
        ),
        (
            "Zorblax shows median and maximum speedups of 7x and 30x.",
            "median and maximum speedups",
            ("7x", "ratio", "median and maximum speedups"),
        ),
    ],
)
def test_a_change_nouns_metric_is_the_measure_it_changes(text, metric, found):
    (r, *_) = _results(text, ("Zorblax", "method"), (metric, "metric"))
    assert (r.value, r.kind, _span(text, r.metric_span)) == found


def test_a_value_a_clause_calls_lower_is_no_reduction():
    text = "Shrinking Krel drops the Blix to 25.6% which is much lower than Zorblax's 33.0%."
    found = _results(text, ("Krel", "method"), ("Blix", "metric"), ("Zorblax", "method"))
    assert found[0].value == "25.6%" and found[0].kind == "score"


def test_a_result_takes_the_entity_of_exactly_its_measure_inside_a_longer_mention():
    from kg.link import link

    text = "Glimmer brings a 68% Wuzzle memory reduction."
    longer = (text.index("Wuzzle memory reduction"), text.index("Wuzzle memory reduction") + 23)
    exact = (longer[0], longer[0] + len("Wuzzle memory"))
    mentions = (
        Mention(0, 7, "Glimmer", "method", "model", 0.9, sentence_end=len(text)),
        Mention(*longer, "Wuzzle memory reduction", "metric", "model", 0.9, sentence_end=len(text)),
        Mention(*exact, "Wuzzle memory", "metric", "rule", 0.5, sentence_end=len(text)),
    )
    start = text.index("68%")
    results = (
        Result(
            "68%",
            68.0,
            68.0,
            68.0,
            "%",
            "reduction",
            start,
            start + 3,
            sentence_end=len(text),
            metric_span=exact,
        ),
    )
    linked = link(
        [PaperExtraction("p", mentions, results=results)],
        {"p": Paper(title="Glimmer", abstract=text, key="p")},
    )
    (item,) = linked.results
    assert linked.entities[item.metric].label == "Wuzzle memory"


@pytest.mark.parametrize(
    "text",
    [
        # rates of the input or of a device, not speeds reached
        "Zorblax achieves 91.3% accuracy on Quux clips recorded at 30 fps.",
        "The Krel event camera generates up to 10,000 frames per second.",
        "We run Zorblax at 30 fps input.",
        # times set, not taken
        "We limit training to run in 24 hours on one Quux card.",
        "Zorblax reaches 88% accuracy when the training time grows from 30 minutes to 2 hours.",
        # settings changed, not results
        "We increase the audio sampling rate by 8 kHz for Zorblax inputs.",
        "We increase the memory of each Krel worker by 16 GB.",
        "We apply a 0.05 increase in the learning rate every 10 epochs.",
        "The Krel arm uses a proportional gain of 0.8 with Zorblax.",
    ],
)
def test_rates_times_and_amounts_of_a_setup_are_no_results(text):
    names = [(n, "method") for n in ("Zorblax", "Krel") if n in text]
    names += [(n, "metric") for n in ("training time", "sampling rate") if n in text]
    found = [
        r
        for r in _results(text, *names)
        if r.unit in ("fps", "frames per second", "hours", "kHz", "GB")
        or r.value in ("0.05", "0.8")
    ]
    assert found == []


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Using Zorblax, the Blix perplexity drops by 8.87.", "8.87", "reduction"),
        ("With Zorblax, the Blix score rises to 81.3 on Quuxbench.", "81.3", "score"),
        ("The Blix score of Zorblax is further improved by 1.7.", "1.7", "improvement"),
    ],
)
def test_a_measure_that_moves_by_or_to_a_value_is_its_result(text, value, kind):
    metric = "Blix perplexity" if "perplexity" in text else "Blix score"
    (r,) = _results(text, ("Zorblax", "method"), (metric, "metric"))
    assert (r.value, r.kind, _span(text, r.metric_span)) == (value, kind, metric)


@pytest.mark.parametrize(
    "text",
    [
        "The target Blix perplexity is lowered to 20 for the Krel runs.",
        "The minimum Blix score is raised to 30 when filtering the Quux pairs.",
        "The scale of the Blix score is raised to 10.",
        "The Blix score is reduced by 0.5 every 10 epochs.",
    ],
)
def test_a_setting_moved_by_a_value_is_no_result(text):
    metric = "Blix perplexity" if "perplexity" in text else "Blix score"
    assert _results(text, (metric, "metric")) == []


@pytest.mark.parametrize(
    "text, values",
    [
        (
            (
                "Zorblax reaches 81.2% Blix accuracy with only 1% labelled data, compared with 10% "
                "labelled data for Krelnet."
            ),
            ["81.2%"],
        ),
        # a number set against a setting's number, the measure named before both
        (
            (
                "The Blix accuracy of Zorblax is measured at a sampling temperature of 0.7, "
                "compared with 1.0 for Krelnet."
            ),
            [],
        ),
    ],
)
def test_a_value_set_against_a_setting_is_no_result(text, values):
    found = _results(
        text, ("Zorblax", "method"), ("Krelnet", "method"), ("Blix accuracy", "metric")
    )
    assert [r.value for r in found] == values


@pytest.mark.parametrize(
    "text",
    [
        "Zorblax processes each Quux stream in 40 ms chunks.",
        "Zorblax encodes each Krel video in 2 second clips.",
        "Zorblax reduces the tokens per batch by 30% on Quuxbench.",
        "We reduce the images per batch by 50% for Zorblax.",
    ],
)
def test_the_size_of_parts_or_of_a_batch_is_no_result(text):
    assert _results(text, ("Zorblax", "method")) == []


@pytest.mark.parametrize(
    "text, second",
    [
        ("Zorblax reaches 81.2% Blix accuracy, compared with 75.4% for Krelnet.", ("75.4%", False, "Krelnet")),
        (
            "Zorblax reaches 81.2% Blix accuracy, in comparison with 75.4% reached by Krelnet.",
            ("75.4%", False, "Krelnet"),
        ),
        ("Zorblax reaches 81.2% Blix accuracy, compared to 75.4% with plain training.", ("75.4%", False, None)),
        ("Zorblax reaches 28.4 Blix accuracy, versus 27.3 for Krelnet.", ("27.3", False, "Krelnet")),
        # whose it is, unnamed: a baseline's, not the paper's
        ("Zorblax reaches 28.4 Blix accuracy, versus 27.3 for the strongest baseline.", ("27.3", False, None)),
        # the paper's own, set against: ours, whoever is named first
        ("Krelnet reaches 75.4% Blix accuracy, compared with 81.2% for our Zorblax.", ("81.2%", True, "Zorblax")),
        # the same party on other data
        ("Zorblax reaches 81.2% Blix accuracy on Quuxbench vs. 74.0% on Plimpbench.", ("74.0%", True, "Zorblax")),
    ],
)  # fmt: skip
def test_the_value_a_result_is_compared_with_is_the_competitors(text, second):
    found = _results(
        text,
        ("Zorblax", "method", {"proposed": True}),
        *([("Krelnet", "method")] if "Krelnet" in text else []),
        *([(d, "dataset") for d in ("Quuxbench", "Plimpbench") if d in text]),
        ("Blix accuracy", "metric"),
    )
    first = found[0].value, found[0].ours, _span(text, found[0].method_span)
    assert first[0] in text and len(found) == 2, found
    assert (found[1].value, found[1].ours, _span(text, found[1].method_span)) == second
    assert first[1] is not second[1] or second[1] is True
    assert all(_span(text, r.metric_span) == "Blix accuracy" for r in found)


def test_a_competitor_named_before_keeps_the_value_set_against_the_papers():
    """The second name of the competitor was read as a dataset: its value went to no one,
    where the competitor named before it was right."""
    text = (
        "Zorb-Lite improves on the popular detector Plinth (34.4% AP at 34ms for Zorb-Lite "
        "compared to 33.0% AP at 39ms for Plinth on Krel)."
    )
    found = _results(
        text,
        ("Zorb-Lite", "method", {"proposed": True}),
        ("Zorb-Lite", "method", {"nth": 1, "proposed": True}),
        ("Plinth", "method"),
        ("Plinth", "dataset", {"nth": 1}),
        ("AP", "metric"),
    )
    assert [(r.number, r.ours, _span(text, r.method_span)) for r in found] == [
        (34.4, True, "Zorb-Lite"),
        (33.0, False, "Plinth"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a competitor's value after a setting of the paper's own is still the competitor's
        (
            (
                "Zorblax reaches 81.2% Blix accuracy with 1% labelled data, compared with "
                "74.0% for Krelnet."
            ),
            [("81.2%", True), ("74.0%", False)],
        ),
        (
            "Compared with 75.4% for Krelnet, Zorblax reaches 81.2% Blix accuracy.",
            [("75.4%", False), ("81.2%", True)],
        ),
        # the same party in another condition
        (
            "Zorblax reaches 91.2% Blix accuracy in domain versus 74.0% out of domain.",
            [("91.2%", True), ("74.0%", True)],
        ),
        (
            (
                "Zorblax reaches 81.2% Blix accuracy with pretraining versus 74.0% with "
                "random initialisation."
            ),
            [("81.2%", True), ("74.0%", True)],
        ),
        # a baseline of the paper's is no result of its own method
        (
            (
                "Zorblax reaches 81.2% Blix accuracy, compared with 75.4% for the best of "
                "our baselines."
            ),
            [("81.2%", True), ("75.4%", False)],
        ),
    ],
)
def test_whose_a_compared_value_is(text, expected):
    found = _results(
        text,
        ("Zorblax", "method", {"proposed": True}),
        *([("Krelnet", "method")] if "Krelnet" in text else []),
        ("Blix accuracy", "metric"),
    )
    assert [(r.value, r.ours) for r in found] == expected


@pytest.mark.parametrize(
    "text, value",
    [
        ("Zorblax solves 96.6% of the puzzles in Krel-Extreme.", "96.6%"),
        ("Zorblax detects 95.3% of the Quux anomalies.", "95.3%"),
        ("Zorblax reduces the GPU hours per epoch by 40%.", "40%"),
        ("Zorblax reduces the runtime per epoch by 30%.", "30%"),
        ("With Zorblax, the Blix reward increases by 45.2 per episode.", "45.2"),
        ("Zorblax samples a 256x256 Quux image in 0.2 seconds.", "0.2 seconds"),
    ],
)
def test_results_the_review_of_the_mends_kept(text, value):
    metrics = [("Blix reward", "metric")] if "Blix reward" in text else []
    assert [r.value for r in _results(text, ("Zorblax", "method"), *metrics)] == [value]


def test_each_competitor_listed_after_the_comparison_takes_its_own_value():
    text = (
        "Zorblax reaches 81.2% Blix accuracy, compared with 75.4% for Krelnet and 70.2% "
        "for Quillnet."
    )
    found = _results(
        text,
        ("Zorblax", "method", {"proposed": True}),
        ("Krelnet", "method"),
        ("Quillnet", "method"),
        ("Blix accuracy", "metric"),
    )
    assert [(r.value, r.ours, _span(text, r.method_span)) for r in found] == [
        ("81.2%", True, "Zorblax"),
        ("75.4%", False, "Krelnet"),
        ("70.2%", False, "Quillnet"),
    ]


@pytest.mark.parametrize(
    "text, second",
    [
        # after a comparison, in an aside or after "with", where the paper's value came first
        ("Glarbnet reaches 91.2% Blix accuracy, outperforming Krelnet (88.1%).", ("88.1%", False, "Krelnet")),
        ("Glarbnet reaches 77.0 Blix accuracy, better than Krelnet with 70.1 Blix accuracy.", ("70.1", False, "Krelnet")),
        ("Glarbnet reaches 77.0 Blix accuracy, ahead of Krelnet with a Blix accuracy of 70.1.", ("70.1", False, "Krelnet")),
        ("Glarbnet reaches 91.2% Blix accuracy, compared to Krelnet's 88.1%.", ("88.1%", False, "Krelnet")),
        # the other party of a contrast
        ("On Vostok-QA, Glarbnet obtains 80.5% Blix accuracy, while Krelnet obtains 78.2%.", ("78.2%", False, "Krelnet")),
        ("On Vostok-QA, Glarbnet obtains 80.5% Blix accuracy, whereas Krelnet only reaches 78.2%.", ("78.2%", False, "Krelnet")),
        ("On Vostok-QA, Glarbnet obtains 80.5% Blix accuracy; Krelnet only reaches 78.2%.", ("78.2%", False, "Krelnet")),
        # a competitor no method names: no method's
        ("Glarbnet reaches 91.2% Blix accuracy, whereas competing approaches obtain 88.1%.", ("88.1%", False, None)),
        ("Glarbnet reaches 91.2% Blix accuracy, exceeding strong baselines (88.1%).", ("88.1%", False, None)),
    ],
)  # fmt: skip
def test_a_value_named_after_its_competitor_is_the_competitors(text, second):
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *([("Krelnet", "method")] if "Krelnet" in text else []),
        *([("Vostok-QA", "dataset")] if "Vostok-QA" in text else []),
        ("Blix accuracy", "metric"),
    )
    assert len(found) == 2, found
    assert (found[0].ours, _span(text, found[0].method_span)) == (True, "Glarbnet")
    assert (found[1].value, found[1].ours, _span(text, found[1].method_span)) == second


@pytest.mark.parametrize(
    "text, expected",
    [
        # a gain over the competitor is the paper's, its score the competitor's
        (
            "Glarbnet reaches 91.2% Blix accuracy, outperforming Krelnet (88.1%) by 3.1 points.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet"), ("3.1 points", True, "Glarbnet")],
        ),
        # the paper's value before the competitor, or after "outperforms X with"
        (
            "Glarbnet (91.2%) outperforms Krelnet in Blix accuracy, while Quillnet obtains 85.0%.",
            [("91.2%", True, "Glarbnet"), ("85.0%", False, "Quillnet")],
        ),
        (
            "Glarbnet outperforms Krelnet with 91.2% Blix accuracy, while Quillnet only reaches 85.0%.",
            [("91.2%", True, "Glarbnet"), ("85.0%", False, "Quillnet")],
        ),
        # "while" before no party: a setting of the paper's own
        (
            "Glarbnet reaches 91.2% Blix accuracy while using 40% fewer parameters, whereas Krelnet only reaches 85.0%.",
            [("91.2%", True, "Glarbnet"), ("40%", True, "Glarbnet"), ("85.0%", False, "Krelnet")],
        ),
        (
            "Glarbnet reaches 91.2% Blix accuracy on Vostok-QA, while on Plimpset it obtains 85.3%, whereas Krelnet obtains 80.1%.",
            [("91.2%", True, "Glarbnet"), ("85.3%", True, "Glarbnet"), ("80.1%", False, "Krelnet")],
        ),
        # the paper's method with another part, set against a competitor's value
        (
            "Glarbnet reaches 91.2% Blix accuracy, higher than with Quillnet (87.3%), while Krelnet obtains 80.1%.",
            [("91.2%", True, "Glarbnet"), ("87.3%", True, "Glarbnet"), ("80.1%", False, "Krelnet")],
        ),
        # competitors listed with their values
        (
            "Glarbnet reaches 91.2% Blix accuracy, surpassing Krelnet (88.1%) and Quillnet (85.0%).",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet"), ("85.0%", False, "Quillnet")],
        ),
        # two values set against each other in the aside after a competitor: the second is its
        (
            "Glarbnet outperforms Krelnet (91.2% vs. 88.1%) in Blix accuracy on Vostok-QA.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet")],
        ),
        (
            "Glarbnet outperforms Krelnet [12] on Vostok-QA (91.2% vs. 88.1%) in Blix accuracy.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet")],
        ),
        (
            "Glarbnet beats Krelnet (91.2% vs. 88.1%) and Quillnet (91.2% vs. 85.0%) in Blix accuracy.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet"), ("91.2%", True, "Glarbnet"), ("85.0%", False, "Quillnet")],
        ),
        # the subject of a clause of its own, after another method's value
        (
            "Glarbnet obtains 91.2% Blix accuracy and Krelnet obtains 88.1% on Vostok-QA.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet")],
        ),
        (
            "Glarbnet reaches 91.2% Blix accuracy on Vostok-QA, and Krelnet reaches 88.1% on Plimpset.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet")],
        ),
        # another method whose name starts as the paper's does is no variant of it
        (
            "Glarbnet obtains 91.2% Blix accuracy and Glarbnetica obtains 88.1%.",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Glarbnetica")],
        ),
        # the paper's own method outdone, or a competitor outdoing another: in their order
        (
            "Quillnet outperforms Glarbnet (8.1% vs. 9.2%) in Blix accuracy.",
            [("8.1%", False, "Quillnet"), ("9.2%", True, "Glarbnet")],
        ),
        (
            "Glarbnet reaches 91.2% Blix accuracy, and Krelnet outperforms Quillnet (88.1% vs. 85.0%).",
            [("91.2%", True, "Glarbnet"), ("88.1%", False, "Krelnet"), ("85.0%", False, "Quillnet")],
        ),
    ],
)  # fmt: skip
def test_a_competitors_value_beside_the_papers_own_values(text, expected):
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *[(name, "method") for name in ("Krelnet", "Quillnet", "Glarbnetica") if name in text],
        *[(name, "dataset") for name in ("Vostok-QA", "Plimpset") if name in text],
        ("Blix accuracy", "metric"),
    )
    assert [(r.value, r.ours, _span(text, r.method_span)) for r in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        # whose value comes first is unsaid where the comparison comes before any method
        "Compared with Krelnet (88.1% vs. 91.2%), Glarbnet improves Blix accuracy.",
        "On Vostok-QA, compared with Krelnet (88.1% vs. 91.2%), Glarbnet improves Blix accuracy.",
        "Using Quillnet codes, compared with Krelnet (88.1% vs. 91.2%), Glarbnet improves Blix accuracy.",
        # a variant of the paper's own method is no competitor
        "Glarbnet obtains 91.2% Blix accuracy and Glarbnet-L obtains 93.0%.",
        "Glarbnet obtains 91.2% Blix accuracy and GlarbnetXL obtains 93.0%.",
        "Glarbnet outperforms Glarbnet-L (91.2% vs. 88.1%) in Blix accuracy.",
    ],
)
def test_values_beside_no_named_competitor_are_none_of_its(text):
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *[(name, "method") for name in ("Quillnet", "Glarbnet-L", "GlarbnetXL") if name in text],
        *[("Vostok-QA", "dataset")] * ("Vostok-QA" in text),
        *[("Krelnet", "method")] * ("Krelnet" in text),
        ("Blix accuracy", "metric"),
    )
    assert len(found) == 2, found
    assert all(_span(text, r.method_span) != "Krelnet" and r.ours for r in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Glarbnet reaches 63.1% Blix precision at a Vorp overlap of 0.7.",
        "Glarbnet reaches a Blix recall of 88.2% at a Blix precision of 90%.",
        "Glarbnet reaches 55.0 Blix precision under a Vorp overlap of 0.5.",
        "Glarbnet reaches 63.1% Blix precision at Vorp overlap = 0.7.",
        "Glarbnet reaches 63.1% Blix precision on Vostok-QA, at a Vorp overlap of 0.7.",
        "At a Vorp overlap of 0.7, Glarbnet reaches 63.1% Blix precision.",
        "Glarbnet reaches a Blix recall of 88.2% using a Blix precision of 90%.",
    ],
)
def test_a_measure_set_where_another_is_read_is_no_result(text):
    """The 0.7 of "63.1% AP at an IoU of 0.7" is where the precision is read, not a score."""
    names = ("Blix precision", "Blix recall", "Vorp overlap")
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *[(name, "metric") for name in names if name in text],
    )
    assert len(found) == 1, found
    assert _span(text, found[0].metric_span) in ("Blix precision", "Blix recall")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Glarbnet cuts the Blix latency by 40% at a Blix precision of 76.1%.", "76.1%"),
        ("Glarbnet runs in real time at a Blix precision of 45.1 on Vostok-QA.", "45.1"),
        ("Glarbnet ranks first at a Blix precision of 91.2%.", "91.2%"),
        ("Glarbnet trained on 8 Vorps runs at a Blix precision of 45.1.", "45.1"),
    ],
)
def test_a_score_after_at_with_no_score_before_it_is_a_result(text, value):
    """Only a score said first is read at the measure that follows "at"."""
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *[(name, "metric") for name in ("Blix latency", "Blix precision") if name in text],
    )
    assert value in [r.value for r in found]


@pytest.mark.parametrize(
    "text",
    [
        # an ablation or a variant of the paper's own system, not a competitor
        "Glarbnet reaches 91.2% Blix accuracy, while Glarbnet without Krelnet only reaches 61%.",
        "Glarbnet reaches 91.2% Blix accuracy, higher than Glarbnet without Krelnet (87.3%).",
        "Glarbnet reaches 91.2% Blix accuracy; removing Krelnet only reaches 61%.",
        "Glarbnet reaches 91.2% Blix accuracy, while its Krelnet-based variant obtains 88.1%.",
        "Glarbnet reaches 91.2% Blix accuracy on Vostok-QA, but the model only reaches 80.1% on Plimpset.",
    ],
)  # fmt: skip
def test_the_papers_own_values_near_a_competitor_stay_its_own(text):
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        *[("Glarbnet", "method", {"proposed": True, "nth": 1})] * (text.count("Glarbnet") > 1),
        *[("Krelnet", "method")] * ("Krelnet" in text),
        *[(name, "metric") for name in ("Blix accuracy", "Blix recall") if name in text],
        *[(name, "dataset") for name in ("Vostok-QA", "Plimpset") if name in text],
    )
    assert len(found) >= 2, found
    assert all(r.ours and _span(text, r.method_span) == "Glarbnet" for r in found), found


def test_a_competitor_whose_name_has_digits_takes_its_value():
    text = "Glarbnet reaches 91.2% Blix accuracy, outperforming Krel-4 (88.1%)."
    found = _results(text, ("Glarbnet", "method", {"proposed": True}), ("Blix accuracy", "metric"))
    assert [(r.value, r.ours) for r in found] == [("91.2%", True), ("88.1%", False)]


@pytest.mark.parametrize(
    "text",
    [
        "Glarbnet reaches 80.1% Blix recall and surpasses Krelnet on Plimpset (91.2% Blix accuracy).",
        "Glarbnet obtains 80.1% Blix recall and outperforms Krelnet by 3.1 points (91.2% Blix accuracy).",
        "Glarbnet reaches 91.2% Blix accuracy, outperforming Krelnet on Vostok-QA (88.1%).",
    ],
)  # fmt: skip
def test_a_value_not_right_after_its_competitor_is_no_ones(text):
    """Words between the competitor and the value leave it unsaid whose it is: no method's,
    never the paper's own (the competitor's, or the paper's on other data or measure)."""
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        ("Krelnet", "method"),
        *[(name, "metric") for name in ("Blix accuracy", "Blix recall") if name in text],
        *[(name, "dataset") for name in ("Vostok-QA", "Plimpset") if name in text],
    )
    last = found[-1]
    assert (last.ours, last.method_span) == (False, None), found


@pytest.mark.parametrize(
    "text, holder",
    [
        ("Glarbnet reaches 91.2% Blix accuracy, while Krelnet-based models obtain 78.2%.", "Krelnet"),
        ("Glarbnet reaches 91.2% Blix accuracy, while Krelnet without pretraining obtains 78.2%.", "Krelnet"),
        ("Glarbnet reaches 91.2% Blix accuracy, outperforming Krelnet [12] (88.1%).", "Krelnet"),
        ("Glarbnet reaches 91.2% Blix accuracy, surpassing the latest version of Krelnet (88.1%).", None),
    ],
)  # fmt: skip
def test_a_competitors_variant_or_part_is_still_the_competitor(text, holder):
    """Variant words ("-based", "without", "version") name the paper's own system only
    where the holder opens with it ("while Glarbnet without Krelnet ...")."""
    found = _results(
        text,
        ("Glarbnet", "method", {"proposed": True}),
        ("Krelnet", "method"),
        ("Blix accuracy", "metric"),
    )
    last = found[-1]
    assert (last.ours, _span(text, last.method_span)) == (False, holder), found
