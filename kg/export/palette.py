"""Colours shared by graph.html and report.html, chosen to stay apart for colour-blind readers:
entity types use the Okabe-Ito palette, communities Paul Tol's "muted" scheme, and
sequential scales matplotlib's cividis."""

from __future__ import annotations

from ..rdf.terms import PAPER_RELATIONS

TYPE_COLOURS = {
    "paper": "#999999",
    "method": "#0072B2",
    "dataset": "#E69F00",
    "task": "#009E73",
    "metric": "#CC79A7",
    "concept": "#56B4E9",
}
# Edge colours of the paper -> entity roles, in the order kg.rdf.terms lists them
# (proposes, comparesWith, evaluatesOn, uses, addresses, measures, mentions).
RELATION_COLOURS = dict(
    zip(
        PAPER_RELATIONS,
        ("#D55E00", "#882255", "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#c9c9c9"),
        strict=True,
    )
)
COMMUNITY_COLOURS = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",  # Tol's muted, then three of his light
    "#77AADD",
    "#EE8866",
    "#FFAABB",
)
OTHER_COLOUR = "#DDDDDD"  # entities outside the coloured communities
SEQUENTIAL = "cividis"


def community_colour(number: int | None) -> str:
    """The colour of community ``number`` (0 is the largest); grey beyond the palette."""
    if number is None or number >= len(COMMUNITY_COLOURS):
        return OTHER_COLOUR
    return COMMUNITY_COLOURS[number]
