"""Training the role model (``kg/models/roles/role_model.json``) on kg's role annotations.

    python benchmarks/roles/scirex_abstracts.py ../shared/data/scirex/train \
        build/scirex_abstracts.jsonl
    python -m kg.train.roles benchmarks/roles/roles_tuning*.jsonl \
        benchmarks/roles/roles_scirex*.jsonl --seeds ../shared/seeds build/scirex_abstracts.jsonl
    python -m kg.train.roles ... --cross-validate

Each input (the seeds folder, SciREX's abstracts) is built as ``kg build`` builds it
(extraction cached), the rules give
each (paper, entity) a role (``kg.link.relate.rule_roles``), and every annotated entity kg
finds is one example: its features (``kg.link.role_model.role_features``) and the role the
annotator gave it. A multinomial logistic regression (scikit-learn, L2, ``--c``) is fitted
on all of them; features seen in fewer than ``--min-count`` examples are left out. Only
tuning parts may be given: the held-out part stays held out. ``--cross-validate`` leaves
each file out in turn and prints the model's accuracy on it beside the rules' (which were
read off the same files, so their figure flatters them).

Needs scikit-learn (the ``train`` and ``test`` extras); a build applies the stored weights
without it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError, UsageError
from ..link.relate import is_survey, role_model_features, rule_roles
from ..link.role_model import ROLE_MODEL_FILE, RoleModel, rules_fingerprint
from ..settings import Settings

C_DEFAULT = 0.1  # inverse regularisation; 0.05 to 0.5 chosen alike on parts not read before
MIN_COUNT_DEFAULT = 2
PACKAGED_ROLE_MODEL = Path(__file__).resolve().parent.parent / ROLE_MODEL_FILE


@dataclass(frozen=True)
class RoleExample:
    """One annotated (paper, entity): where it comes from, its features and its gold role."""

    source: str
    paper_key: str
    features: dict[str, float]
    role: str
    rule_role: str
    survey: bool = False  # a build leaves a survey's roles to the rules


def role_examples(
    paths: Sequence[str | Path], seeds: str | Path | Sequence[str | Path]
) -> list[RoleExample]:
    """The annotated entities kg finds in the role gold files ``paths``.

    ``seeds`` is the input the gold papers are in, or several (the seeds folder, SciREX's
    abstracts): each file is read with the first input that holds all its titles, and each
    input is built as a corpus of its own, as ``kg build`` would build it.
    """
    from ..evaluate import read_gold
    from ..readers import expand_inputs, read_papers
    from ..records import identity_text

    inputs = [seeds] if isinstance(seeds, (str, Path)) else list(seeds)
    titles = [
        {identity_text(paper.title) for paper in read_papers(expand_inputs([source]))}
        for source in inputs
    ]
    gold_of: dict[int, list[tuple[dict, str]]] = {}  # input -> (record, its file's name)
    for path in paths:
        records = read_gold(path)
        wanted = {identity_text(record["title"]) for record in records}
        found = next((i for i, held in enumerate(titles) if wanted <= held), None)
        if found is None:
            raise KgError(f"no input holds every paper of {path}")
        held = gold_of.setdefault(found, [])
        again = wanted & {identity_text(record["title"]) for record, _ in held}
        if again or len(wanted) < len(records):
            raise KgError(f"{path}: a paper annotated twice (a gold title repeated)")
        held.extend((r, Path(path).name) for r in records)
    examples: list[RoleExample] = []
    for index, gold in sorted(gold_of.items()):
        examples.extend(_corpus_examples(gold, inputs[index]))
    return examples


def _corpus_examples(gold: Sequence[tuple[dict, str]], seeds: str | Path) -> list[RoleExample]:
    from ..evaluate import build_gold_corpus, match_gold_entities

    records = [record for record, _ in gold]
    source_of = {record["title"]: name for record, name in gold}
    # the rules alone: the model being trained replaces the packaged one
    papers, corpus, result = build_gold_corpus(records, seeds, Settings(), learned_roles=False)
    roles, namings = rule_roles(result.mentions, result.entities, corpus)
    examples = []
    for paper_key, item, entity_key in match_gold_entities(papers, result):
        paper, record = papers[paper_key]
        entity = result.entities[entity_key]
        rule_role = roles[(paper_key, entity_key)]
        features = role_model_features(namings[(paper_key, entity_key)], rule_role, entity, paper)
        examples.append(
            RoleExample(
                source_of[record["title"]],
                paper_key,
                features,
                item["role"],
                rule_role,
                is_survey(paper.title),
            )
        )
    return examples


def fit_role_model(
    examples: Sequence[RoleExample], *, c: float = C_DEFAULT, min_count: int = MIN_COUNT_DEFAULT
) -> RoleModel:
    """A logistic regression on ``examples`` (surveys left out, as a build leaves them to
    the rules): their features seen in ``min_count`` or more of them, L2 regularised with
    inverse strength ``c``."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise UsageError(
            "training the role model needs scikit-learn (pip install -e '.[train]')"
        ) from None
    examples = [e for e in examples if not e.survey]
    roles = sorted({e.role for e in examples})
    if len(roles) < 2:
        raise UsageError(f"the examples hold {len(roles)} role(s); a model needs two or more")
    seen = Counter(name for e in examples for name in e.features)
    kept = [{k: v for k, v in e.features.items() if seen[k] >= min_count} for e in examples]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    fitted = LogisticRegression(C=c, max_iter=5000).fit(matrix, [e.role for e in examples])
    classes = tuple(str(c) for c in fitted.classes_)
    coef, intercepts = fitted.coef_, fitted.intercept_
    rows: dict[str, tuple[float, ...]]
    biases: tuple[float, ...]
    if len(classes) == 2:  # one row: the second class's score against a zero first
        rows = {name: (0.0, float(coef[0, j])) for name, j in vectorizer.vocabulary_.items()}
        biases = (0.0, float(intercepts[0]))
    else:
        rows = {
            name: tuple(float(w) for w in coef[:, j]) for name, j in vectorizer.vocabulary_.items()
        }
        biases = tuple(float(b) for b in intercepts)
    rows = {name: row for name, row in rows.items() if any(abs(w) >= 1e-6 for w in row)}
    return RoleModel(classes, biases, rows)


def accuracy(model: RoleModel, examples: Sequence[RoleExample]) -> float:
    """The share of ``examples`` whose role the model reads right, proposals left to the
    rules as at build time (``kg.link.relate.paper_roles``)."""
    right = sum(final_role(model, e) == e.role for e in examples)
    return right / len(examples) if examples else 0.0


def final_role(model: RoleModel, example: RoleExample) -> str:
    """The role a build gives ``example``: the rules' in a survey, else
    ``RoleModel.second_reading``."""
    if example.survey:
        return example.rule_role
    return model.second_reading(example.features, example.rule_role)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.train.roles", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("gold", nargs="+", help="role gold files (tuning parts only)")
    parser.add_argument(
        "--seeds",
        required=True,
        nargs="+",
        help="the inputs the gold papers are in (the seeds folder; SciREX's abstracts)",
    )
    parser.add_argument("-o", "--output", default=str(PACKAGED_ROLE_MODEL))
    parser.add_argument("--c", type=float, default=C_DEFAULT, help="inverse L2 strength")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT_DEFAULT)
    parser.add_argument(
        "--cross-validate", action="store_true", help="leave each file out in turn; write nothing"
    )
    args = parser.parse_args(argv)
    held_out = [g for g in args.gold if "heldout" in Path(g).name]
    if held_out:
        parser.error(f"held-out data is never trained on: {', '.join(held_out)}")
    try:
        examples = role_examples(args.gold, args.seeds)
        if args.cross_validate:
            for name in sorted({e.source for e in examples}):
                inside = [e for e in examples if e.source != name]
                outside = [e for e in examples if e.source == name]
                model = fit_role_model(inside, c=args.c, min_count=args.min_count)
                rules = sum(e.rule_role == e.role for e in outside) / len(outside)
                print(
                    f"{name:<28} {len(outside):>4} entities  model {accuracy(model, outside):.3f}"
                    f"  rules {rules:.3f}"
                )
            return 0
        model = fit_role_model(examples, c=args.c, min_count=args.min_count)
    except KgError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return error.exit_code
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(
        model.to_json(
            trained_on=[Path(g).name for g in args.gold],
            examples=len(examples),
            c=args.c,
            min_count=args.min_count,
            training_accuracy=round(accuracy(model, examples), 4),
            rules_fingerprint=rules_fingerprint(),
        ),
        "utf-8",
    )
    print(f"{len(examples)} examples, {len(model.weights)} features -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
