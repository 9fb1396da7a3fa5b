"""List a random sample of the method x dataset pairs behind the report's evaluation matrix,
for judging by hand from the abstract alone.

    python benchmarks/judged/list_matrix_cells.py ../shared/seeds --seed 20261206 \
        -o benchmarks/judged/matrix-cells-listing.md
    python benchmarks/judged/list_matrix_cells.py --score benchmarks/judged/matrix-cells.tsv \
        ../shared/seeds

The first form builds the graph in memory (the extraction cache makes this quick) and
lists every (paper, method, dataset) triple a paper could put in the matrix under any
rule: the paper ``evaluatesOn`` the dataset and proposes, compares with or uses the method
(both specific). It draws ``--per-stratum`` triples at random (seeded) from each stratum,
the method's role crossed with whether the paper proposes a method (a paper that proposes
none is a study, or a benchmark), and writes each with the paper's title and abstract, and a key (the
stratum) the judge does not read. A judge reads the listing and writes one verdict per
pair into a TSV with the columns

    id  role  study  method  dataset  verdict  reason

where verdict is ``yes`` (the abstract says the paper's experiments run, test or compare
the method on the dataset), ``part`` (the method is only a component, tool or setting of
the experiments on it: an optimizer, a backbone) or ``no`` (the abstract does not connect
them, or an end is not a method or a dataset). ``--score`` prints the share ``yes`` per
stratum and, when inputs are given, each matrix rule's precision over all the triples it
counts, each stratum weighted by its size in the build.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from judging import listing_parser, run_listing

ROLES = ("proposes", "comparesWith", "uses")
# Which (role, study) strata each rule counts.
RULES = {
    "every role (before 2026-12-06)": {(r, s) for r in ROLES for s in (False, True)},
    "uses only where no method is proposed (now)": {(r, s) for r in ROLES for s in (False, True)}
    - {("uses", False)},
    "no uses": {(r, s) for r in ROLES[:2] for s in (False, True)},
}


def triples(graph) -> list[tuple[str, str, str, str, bool]]:
    """(paper key, method key, dataset key, the method's role, study) for every pair a
    paper's roles could put in the evaluation matrix."""
    proposing = {
        r.subject
        for r in graph.relations
        if r.predicate == "proposes" and graph.entities[r.object].type == "method"
    }
    methods: dict[str, dict[str, str]] = defaultdict(dict)
    datasets: dict[str, set[str]] = defaultdict(set)
    for relation in graph.relations:
        entity = graph.entities[relation.object]
        if entity.generic or relation.subject not in graph.papers:
            continue
        if entity.type == "method" and relation.predicate in ROLES:
            methods[relation.subject][relation.object] = relation.predicate
        elif entity.type == "dataset" and relation.predicate == "evaluatesOn":
            datasets[relation.subject].add(relation.object)
    return sorted(
        (paper, method, dataset, role, paper not in proposing)
        for paper, named in methods.items()
        for method, role in named.items()
        for dataset in datasets[paper]
    )


def write_listing(graph, out, seed: int, per_stratum: int) -> None:
    strata = defaultdict(list)
    for item in triples(graph):
        strata[item[3], item[4]].append(item)
    rng = random.Random(seed)
    drawn = [
        t
        for key in sorted(strata)
        for t in rng.sample(strata[key], min(per_stratum, len(strata[key])))
    ]
    rng.shuffle(drawn)
    out.write(
        "# Method x dataset pairs to judge\n\nFor each pair: does the paper evaluate the "
        "method on the dataset? yes / part / no (see the script's docstring).\n\n"
    )
    key = []
    for number, (paper, method, dataset, role, study) in enumerate(drawn, 1):
        record = graph.papers[paper]
        labels = graph.entities[method].label, graph.entities[dataset].label
        out.write(
            f"## M{number}: {labels[0]} / {labels[1]}\n\n**{record.title}**\n\n{record.abstract}\n\n"
        )
        key.append(f"M{number}\t{role}\t{study}\t{labels[0]}\t{labels[1]}")
    out.write("<!-- key (not for the judge): id, role, study, method, dataset\n")
    out.write("\n".join(key) + "\n-->\n")


def score(path: Path, inputs: list[str]) -> str:
    verdicts: dict[tuple[str, bool], Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdicts[row["role"], row["study"] == "True"][row["verdict"]] += 1
    lines = [
        "| method's role | paper | judged | yes | part | no | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for (role, study), counts in sorted(verdicts.items()):
        judged = sum(counts.values())
        lines.append(
            f"| {role} | {'proposes no method' if study else 'proposes a method'} | {judged} | {counts['yes']} "
            f"| {counts['part']} | {counts['no']} | {counts['yes'] / judged:.2f} |"
        )
    if inputs:
        import kg

        sizes = Counter((t[3], t[4]) for t in triples(kg.build(inputs)))
        lines += [
            "",
            "| rule | pairs counted | estimated precision | estimated true pairs |",
            "|---|---|---|---|",
        ]
        for name, strata in RULES.items():
            # over the strata judged; pairs of a stratum without verdicts are counted apart
            judged_strata = [s for s in strata if verdicts[s]]
            counted = sum(sizes[s] for s in judged_strata)
            unjudged = sum(sizes[s] for s in strata) - counted
            true = sum(
                sizes[s] * verdicts[s]["yes"] / sum(verdicts[s].values()) for s in judged_strata
            )
            precision = f"{true / counted:.2f}" if counted else "-"
            extra = f" (+{unjudged} in strata not judged)" if unjudged else ""
            lines.append(f"| {name} | {counted}{extra} | {precision} | {true:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = listing_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--per-stratum", type=int, default=25, help="pairs drawn per stratum")
    args = parser.parse_args(argv)
    return run_listing(
        parser,
        args,
        lambda path: score(path, args.inputs),
        lambda graph, out: write_listing(graph, out, args.seed, args.per_stratum),
    )


if __name__ == "__main__":
    sys.exit(main())
