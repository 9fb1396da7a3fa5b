"""Ablation of kg's entity recognisers: one factor at a time, on data not used for selection.

    python benchmarks/ablate_recognisers.py                       # every variant and table
    python benchmarks/ablate_recognisers.py --variants fast transformer argmax --tables scierc
    python benchmarks/ablate_recognisers.py --no-heldout          # hide the held-out tables
    python benchmarks/ablate_recognisers.py --reuse               # print saved results again

Each variant changes one thing about the ``transformer`` recogniser (the MiniLM tagger), or
combines it with the ``fast`` one (the spaCy CNN); ``fast`` is the reference row:

- ``argmax``: each word's best tag, no BIO constraint, instead of Viterbi decoding;
- ``sentence`` / ``abstract``: one sentence per window / words packed up to the 256-piece
  budget across sentences, instead of whole sentences packed up to it (as in training);
- ``no-ost``: the model's OtherScientificTerm spans dropped; ``material-as-ost``: its
  Material spans typed by the rules for OtherScientificTerm (a concept unless the span names
  a dataset and ends in a dataset word or sits in a sentence about datasets; the shipped rule
  makes Material a dataset whenever it names one). Both relabel the model's spans before kg's
  rules see them (``labels`` of ``kg_transformer_entities``);
- ``fp32``: the int8 ONNX graph dequantised (``dequantise``): the same int8-rounded weights in
  float, float activations. It isolates the dynamic quantisation of activations (the
  int8 x int8 matrix products); the weights' rounding is in both rows. The fp32 weights the
  model was trained to are not kept, so their effect is not measured here. Dynamic
  quantisation scales each activation tensor as a whole, a run of up to 32 padded windows,
  so int8 tags of a window depend on the windows it runs with (SciERC dev's spans change
  with ``batch_size``: about 130 of 900 between 64 and 1); the float graph's do not;
- ``transformer-in-fast``: the transformer recogniser's spans in the fast pipeline (its encoder, tagger,
  punctuation sentences and parse-on-demand), to tell the recogniser from the pipeline around it;
- ensembles, in the fast pipeline (both recognisers run; ``combine`` merges their spans before
  kg's rules): ``union`` (every span of both; where spans overlap, one both agree on first,
  then the transformer's, then the longer), ``union-fast`` (the same, the fast one's first),
  ``agree`` (only spans both give with the same label), and ``per-label`` (each label from the
  recogniser ``PER_LABEL`` names, chosen on SciERC dev and the tuning gold alone).

Data and what it was used for:

- SciERC dev (span level: exact character span and label, Generic excluded, as
  ``python -m kg.evaluate scierc`` scores it): both recognisers were SELECTED on it;
- the tuning part of kg's seeds gold (``benchmarks/gold/seeds_gold.jsonl``, paper level after
  linking, generic entities hidden, as ``python -m kg.evaluate gold`` scores it): kg's rules
  were tuned on it, the recognisers were not selected on it; the per-label rule was chosen on it;
- the held-out part (``benchmarks/gold/seeds_heldout.jsonl``): used for nothing else; its table
  is printed apart, last.

One build of the seeds per variant is scored against both gold files. Every run is one
process with no extraction cache; speed is papers per second of wall time and per CPU second
(the process's CPU time: the rate of one core, whatever else runs on the machine). Results go
to benchmarks/results/ablate_recognisers/VARIANT.json (git-ignored); ``--reuse`` reads them.
"""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.evaluate import (  # noqa: E402
    SCIERC_LABELS,
    Score,
    build_gold_corpus,
    read_gold,
    scierc_label,
    score_gold,
    score_sets,
)
from kg.extract import Extractor, doc_mentions, load_pipeline  # noqa: E402
from kg.extract.transformer import TRANSFORMER_MODEL_PATH  # noqa: E402
from kg.records import Paper, PaperExtraction  # noqa: E402
from kg.settings import DEFAULT_MODEL, Settings  # noqa: E402
from kg.train.scierc import read_scierc  # noqa: E402

SHARED = REPO.parent / "shared"
SCIERC_DEV = SHARED / "data" / "scierc" / "dev.json"
SEEDS = SHARED / "seeds"
TUNING = REPO / "benchmarks" / "gold" / "seeds_gold.jsonl"
HELDOUT = REPO / "benchmarks" / "gold" / "seeds_heldout.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "ablate_recognisers"
LABELS = SCIERC_LABELS[:-1]  # scored labels: Generic excluded
FAST_KEY = "ablate_fast_ents"
TABLES = ("scierc", "tuning", "heldout", "speed")

# Which recogniser each label comes from in the per-label ensemble, chosen before the
# held-out gold was looked at: the recogniser with the higher F1 for the label on SciERC dev
# (recogniser alone), which the tuning gold's per-type F1 agreed with or left level
# (method .593 vs .574, metric .372 vs .361, dataset .455 vs .522, task .503 vs .500).
# Method and Metric: transformer (dev F1 .717 vs .667, .622 vs .567); Task, Material and
# OtherScientificTerm: fast (.553 vs .523, .541 vs .510, .537 vs .530); Generic, which is not
# scored: fast (its dev precision .82 against .77). Overlaps: the transformer's span first.
PER_LABEL = {
    "Method": "transformer",
    "Task": "fast",
    "Metric": "transformer",
    "Material": "fast",
    "OtherScientificTerm": "fast",
    "Generic": "fast",
}
BOOTSTRAP_SAMPLES = 2000


# --- the ensemble components (registered here: they exist for this benchmark only) --------


@Language.component("ablate_stash_fast")
def stash_fast(doc: Doc) -> Doc:
    """Keep the fast recogniser's entities before the transformer replaces ``doc.ents``."""
    doc.spans[FAST_KEY] = list(doc.ents)
    return doc


POLICIES = ("fast", "transformer", "agree", "union", "none")


@Language.factory(
    "ablate_combine",
    default_config={"policy": {}, "default": "union", "prefer": "transformer"},
)
class CombineRecognisers:
    """``doc.ents`` from both recognisers' spans (the fast one's in ``doc.spans[FAST_KEY]``,
    the transformer's in ``doc.ents``).

    ``policy`` maps a SciERC label to where its spans come from: ``fast``, ``transformer``,
    ``agree`` (spans both give, with this label), ``union`` (either) or ``none``; labels not
    in it follow ``default``. Overlapping candidates are resolved greedily: spans both
    recognisers agree on first, then the ``prefer`` recogniser's, then the longer, then the
    earlier.
    """

    def __init__(
        self, nlp: Language, name: str, policy: dict[str, str], default: str, prefer: str
    ) -> None:
        unknown = {p for p in [*policy.values(), default] if p not in POLICIES}
        if unknown or prefer not in ("fast", "transformer"):
            raise ValueError(f"bad ensemble policy {sorted(unknown)} or prefer {prefer!r}")
        self.policy, self.default, self.prefer = dict(policy), default, prefer

    def __call__(self, doc: Doc) -> Doc:
        spans = {
            "fast": {(s.start, s.end, s.label_) for s in doc.spans.get(FAST_KEY, [])},
            "transformer": {(e.start, e.end, e.label_) for e in doc.ents},
        }
        agreed = spans["fast"] & spans["transformer"]
        candidates = []  # (rank, start, end, label)
        for source, found in spans.items():
            for start, end, label in found:
                policy = self.policy.get(label, self.default)
                both = (start, end, label) in agreed
                if policy == "agree" and not both:
                    continue
                if policy in ("fast", "transformer") and policy != source:
                    continue
                if policy == "none":
                    continue
                rank = 0 if both else (1 if source == self.prefer else 2)
                candidates.append((rank, start, end, label))
        kept: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for _, start, end, label in sorted(candidates, key=lambda c: (c[0], c[1] - c[2], c[1])):
            if taken.isdisjoint(range(start, end)):
                kept.append((start, end, label))
                taken.update(range(start, end))
        doc.set_ents(
            [Span(doc, s, e, label=label) for s, e, label in sorted(kept)], default="outside"
        )
        return doc


# --- fp32: the int8 graph with its weights dequantised -------------------------------------


def dequantise(source: Path, target: Path) -> int:
    """Write to ``target`` the ONNX model of ``source`` with every dynamically quantised
    matrix product (DynamicQuantizeLinear on the activations -> MatMulInteger with int8
    weights -> Cast -> Mul by both scales) replaced by a float MatMul with the weights
    dequantised ((w - zero point) * scale), and copy its tokenizer and meta. The embedding
    tables (int8, dequantised after the lookup) are left as they are: that is exact already.
    Returns the number of matrix products replaced. Needs the ``onnx`` package."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source / "model.onnx"))
    graph = model.graph
    tensors = {t.name: t for t in graph.initializer}
    made_by = {output: node for node in graph.node for output in node.output}
    read_by: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            read_by.setdefault(name, []).append(node)
    replaced: dict[int, onnx.NodeProto] = {}
    removed: set[int] = set()
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        activations, weights, _, weights_zero = node.input
        quantise = made_by[activations]
        (cast,) = read_by[node.output[0]]
        (rescale,) = read_by[cast.output[0]]
        if (quantise.op_type, cast.op_type, rescale.op_type) != (
            "DynamicQuantizeLinear",
            "Cast",
            "Mul",
        ) or not weights.endswith("_quantized"):
            raise ValueError(f"unexpected quantised pattern around {node.name}")
        stem = weights[: -len("_quantized")]
        values = numpy_helper.to_array(tensors[weights]).astype(np.float32)
        zero = numpy_helper.to_array(tensors[weights_zero]).astype(np.float32)
        scale = numpy_helper.to_array(tensors[stem + "_scale"]).astype(np.float32)
        graph.initializer.append(numpy_helper.from_array((values - zero) * scale, stem + "_fp32"))
        replaced[id(node)] = helper.make_node(
            "MatMul", [quantise.input[0], stem + "_fp32"], [rescale.output[0]], name=node.name
        )
        removed.update((id(cast), id(rescale)))
    nodes = [replaced.get(id(n), n) for n in graph.node if id(n) not in removed]
    outputs = {o.name for o in graph.output}
    while True:  # drop what nothing reads any more (the activation quantisers, scale products)
        read = {name for n in nodes for name in n.input} | outputs
        live = [n for n in nodes if any(o in read for o in n.output)]
        if len(live) == len(nodes):
            break
        nodes = live
    read = {name for n in nodes for name in n.input}
    initializers = [t for t in graph.initializer if t.name in read]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    onnx.checker.check_model(model)
    target.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target / "model.onnx"))
    for name in ("tokenizer.json", "meta.json"):
        shutil.copy(source / name, target / name)
    return len(replaced)


# --- the variants ------------------------------------------------------------------------


def fresh_pipeline(entity_model: str) -> Language:
    """A pipeline of its own (``load_pipeline`` is cached; variants change theirs)."""
    return load_pipeline.__wrapped__(DEFAULT_MODEL, entity_model, (), True)


def transformer_variant(**config) -> Callable[[], Language]:
    """The transformer pipeline with ``kg_transformer_entities`` settings changed."""

    def make() -> Language:
        nlp = fresh_pipeline("transformer")
        if config:
            nlp.replace_pipe("kg_entities", "kg_transformer_entities", config=config)
        return nlp

    return make


def ensemble(policy: dict[str, str], default: str, prefer: str = "transformer"):
    """The fast pipeline with the transformer run after its recogniser and the two merged."""

    def make() -> Language:
        nlp = fresh_pipeline("fast")
        nlp.add_pipe("ablate_stash_fast", after="kg_entities")
        nlp.add_pipe(
            "kg_transformer_entities", name="ablate_transformer", after="ablate_stash_fast"
        )
        nlp.add_pipe(
            "ablate_combine",
            after="ablate_transformer",
            config={"policy": policy, "default": default, "prefer": prefer},
        )
        if default == "transformer" and not policy:  # the transformer's spans: its precisions
            meta = json.loads((TRANSFORMER_MODEL_PATH / "meta.json").read_text("utf-8"))
            nlp.replace_pipe(
                "kg_entity_rules",
                "kg_entity_rules",
                config={"model_precision": meta["precision_per_label"], "lexicon_files": []},
            )
        return nlp

    return make


FP32_DIR = Path(tempfile.gettempdir()) / "kg-ablate-fp32"


def fp32() -> Language:
    if not (FP32_DIR / "model.onnx").is_file():
        dequantise(TRANSFORMER_MODEL_PATH, FP32_DIR)
    return transformer_variant(model_path=str(FP32_DIR))()


VARIANTS: dict[str, tuple[str, Callable[[], Language]]] = {
    "fast": ("fast recogniser, as shipped (reference)", lambda: fresh_pipeline("fast")),
    "transformer": ("transformer recogniser, as shipped", transformer_variant()),
    "argmax": ("transformer, argmax decoding (no Viterbi)", transformer_variant(decode="argmax")),
    "sentence": ("transformer, one sentence per window", transformer_variant(windows="sentence")),
    "abstract": ("transformer, windows across sentences", transformer_variant(windows="abstract")),
    "no-ost": (
        "transformer, OtherScientificTerm spans dropped",
        transformer_variant(labels={"OtherScientificTerm": ""}),
    ),
    "material-as-ost": (
        "transformer, Material typed as OtherScientificTerm",
        transformer_variant(labels={"Material": "OtherScientificTerm"}),
    ),
    "fp32": ("transformer, float activations (int8-rounded weights)", fp32),
    "transformer-in-fast": ("transformer spans in the fast pipeline", ensemble({}, "transformer")),
    "union": ("ensemble: union, transformer first", ensemble({}, "union")),
    "union-fast": ("ensemble: union, fast first", ensemble({}, "union", prefer="fast")),
    "agree": ("ensemble: agreement (same span and label)", ensemble({}, "agree")),
    "per-label": (
        "ensemble: per label, "
        + "; ".join(
            f"{', '.join(k for k, v in PER_LABEL.items() if v == source)} from {source}"
            for source in sorted(set(PER_LABEL.values()))
        ),
        ensemble(PER_LABEL, "none"),
    ),
}


# --- measuring ---------------------------------------------------------------------------


class TimedExtractor(Extractor):
    """An extractor that counts the papers it extracts and adds up the time it takes."""

    wall = cpu = 0.0
    papers = 0

    def extract_here(self, papers: Iterable[Paper]) -> Iterator[PaperExtraction]:
        found = super().extract_here(papers)
        while True:
            wall, cpu = time.perf_counter(), time.process_time()
            extraction = next(found, None)
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu
            if extraction is None:
                return
            self.papers += 1
            yield extraction


def score_dict(score: Score) -> dict:
    return {
        "p": score.precision,
        "r": score.recall,
        "f": score.f1,
        "tp": score.tp,
        "predicted": score.predicted,
        "gold": score.gold,
    }


def measure_scierc(nlp: Language, path: Path) -> dict:
    """kg's mentions and the recogniser's own spans (``doc.ents``) against SciERC: exact
    character span and label, Generic excluded, per label and micro; and untyped (span only)."""
    documents = list(read_scierc(path))
    gold = {(i, s.start, s.end, s.label) for i, d in enumerate(documents) for s in d.spans}
    gold = {g for g in gold if g[-1] != "Generic"}
    mentions: set[tuple] = set()
    entities: set[tuple] = set()
    wall, cpu = time.perf_counter(), time.process_time()
    texts = (d.text for d in documents)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=Settings().batch_size)):
        for mention in doc_mentions(doc)[0]:
            if not mention.nested:
                mentions.add((i, mention.start, mention.end, scierc_label(mention)))
        for entity in doc.ents:
            if entity.label_ in LABELS:
                entities.add((i, entity.start_char, entity.end_char, entity.label_))
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu

    def untyped(items: set[tuple]) -> set[tuple]:
        return {(*item[:-1], "span") for item in items}

    report: dict = {"abstracts": len(documents), "seconds": seconds, "cpu_seconds": cpu_seconds}
    for name, predicted in (("kg", mentions), ("recogniser", entities)):
        scores = score_sets(gold, predicted, LABELS)
        report[name] = {label: score_dict(s) for label, s in scores.items()}
        report[name]["untyped"] = score_dict(
            score_sets(untyped(gold), untyped(predicted), ["span"])["micro"]
        )
    return report


def measure_gold(nlp: Language, seeds: Path, parts: dict[str, Path]) -> dict:
    """One build of ``seeds`` with ``nlp``, scored against each gold file of ``parts``."""
    records = {name: read_gold(path) for name, path in parts.items()}
    extractor = TimedExtractor(Settings(cache=False, processes=1), nlp=nlp)
    wall = time.perf_counter()
    papers, _, result = build_gold_corpus(
        [r for part in records.values() for r in part], seeds, extractor.settings,
        extractor=extractor,
    )  # fmt: skip
    report: dict = {
        "papers_built": extractor.papers,
        "build_seconds": time.perf_counter() - wall,
        "extract_seconds": extractor.wall,
        "extract_cpu_seconds": extractor.cpu,
    }
    for name, part in records.items():
        titles = {r["title"] for r in part}
        mine = {key: pair for key, pair in papers.items() if pair[1]["title"] in titles}
        scored = score_gold(mine, result)
        report[name] = {k: v for k, v in scored.items() if k not in ("errors", "proposed_errors")}
        report[name]["per_paper"] = {  # [tp, predicted, gold] of each paper, for the bootstrap
            key: [s["tp"], s["predicted"], s["gold"]]
            for key in sorted(mine)
            for s in [score_gold({key: mine[key]}, result)["entities_micro"]]
        }
    return report


def f1(tp, predicted, gold):
    """F1 of counts (numpy arrays or numbers)."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(2 * tp / (predicted + gold))


def bootstrap_delta(mine: dict, reference: dict) -> tuple[float, float]:
    """95% interval of the micro F1 difference ``mine`` - ``reference`` over papers resampled
    with replacement (paired: both on the same papers), from per-paper [tp, predicted, gold]."""
    import numpy as np

    keys = sorted(mine)
    a = np.array([mine[k] for k in keys], dtype=float)
    b = np.array([reference[k] for k in keys], dtype=float)
    picks = np.random.default_rng(0).integers(0, len(keys), (BOOTSTRAP_SAMPLES, len(keys)))
    sa, sb = a[picks].sum(axis=1), b[picks].sum(axis=1)
    deltas = f1(*sa.T) - f1(*sb.T)
    low, high = np.percentile(deltas, [2.5, 97.5])
    return float(low), float(high)


def run_variant(name: str, tables: set[str], args) -> dict:
    description, make = VARIANTS[name]
    started = time.perf_counter()
    nlp = make()
    nlp("Warm-up: we train a convolutional network on CIFAR-10.")  # opens onnxruntime
    report: dict = {"variant": name, "description": description,
                    "load_seconds": time.perf_counter() - started}  # fmt: skip
    if "scierc" in tables:
        report["scierc"] = measure_scierc(nlp, args.scierc)
    if tables & {"tuning", "heldout", "speed"}:
        report["gold"] = measure_gold(
            nlp, args.seeds, {"tuning": args.tuning, "heldout": args.heldout}
        )
    del nlp
    gc.collect()
    return report


# --- tables ------------------------------------------------------------------------------


def command(*extra: str) -> str:
    return shlex.join(["python", "benchmarks/ablate_recognisers.py", *extra])


def cell(score: dict) -> str:
    return f"{score['p']:.3f} / {score['r']:.3f} / {score['f']:.3f}"


def scierc_tables(reports: list[dict], names: str) -> str:
    rows = [r for r in reports if "scierc" in r]
    if not rows:
        return ""
    n = rows[0]["scierc"]["abstracts"]
    lines = [
        f"### SciERC dev ({n} abstracts): SELECTION SET of both recognisers",
        "",
        (
            "Span level, exact character span and label, Generic excluded. `kg`: kg's mentions "
            "(recogniser + rules), as `python -m kg.evaluate scierc` scores them; `recogniser`: "
            "the recogniser's own spans (`doc.ents`). P / R / F1."
        ),
        f"Reproduce: `{command('--tables', 'scierc', '--variants', *names.split())}`",
        "",
        "| variant | kg P / R / F1 | kg untyped F1 | recogniser P / R / F1 | recogniser untyped F1 |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        s = r["scierc"]
        lines.append(
            f"| {r['variant']} | {cell(s['kg']['micro'])} | {s['kg']['untyped']['f']:.3f} "
            f"| {cell(s['recogniser']['micro'])} | {s['recogniser']['untyped']['f']:.3f} |"
        )
    for source in ("recogniser", "kg"):
        lines += [
            "",
            f"Per label, {source} (P / R / F1), SciERC dev (selection set):",
            "",
            "| variant | " + " | ".join(LABELS) + " |",
            "|---|" + "---|" * len(LABELS),
        ]
        for r in rows:
            per = r["scierc"][source]
            lines.append(f"| {r['variant']} | " + " | ".join(cell(per[k]) for k in LABELS) + " |")
    return "\n".join(lines)


def gold_table(reports: list[dict], part: str, names: str) -> str:
    rows = [r for r in reports if part in r.get("gold", {})]
    if not rows:
        return ""
    reference = next((r for r in rows if r["variant"] == "fast"), None)
    papers = rows[0]["gold"][part]["papers"]
    if part == "tuning":
        title = (
            f"### Seeds gold, TUNING part ({papers} papers): kg's rules were tuned on it, the "
            "recognisers were not selected on it; the per-label rule was chosen on it"
        )
        file = "benchmarks/gold/seeds_gold.jsonl"
    else:
        title = (
            f"### Seeds gold, HELD-OUT part ({papers} papers): used for nothing else, "
            "looked at once, at the end"
        )
        file = "benchmarks/gold/seeds_heldout.jsonl"
    lines = [
        title,
        "",
        (
            "Paper level after linking the whole seeds corpus, generic entities hidden: the "
            "`entities (all types)` figure of `python -m kg.evaluate gold "
            f"{file} --seeds ../shared/seeds` (micro over method, dataset, task, metric); "
            "per-type F1 and proposed names apart. The interval is a paired bootstrap over "
            f"papers ({BOOTSTRAP_SAMPLES} resamples) of the F1 difference from fast."
        ),
        f"Reproduce: `{command('--tables', part, '--variants', *names.split())}`",
        "",
        (
            "| variant | P | R | F1 | tp / pred / gold | ΔF1 vs fast [95% interval] | ΔP vs fast "
            "| method F1 | dataset F1 | task F1 | metric F1 | proposed F1 |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        g = r["gold"][part]
        micro, fields = g["entities_micro"], g["per_field"]
        delta = "- | -"
        if reference is not None:
            base = reference["gold"][part]
            low, high = bootstrap_delta(g["per_paper"], base["per_paper"])
            delta = (
                f"{micro['f'] - base['entities_micro']['f']:+.3f} [{low:+.3f}, {high:+.3f}] | "
                f"{micro['p'] - base['entities_micro']['p']:+.3f}"
            )
        lines.append(
            f"| {r['variant']} | {micro['p']:.3f} | {micro['r']:.3f} | {micro['f']:.3f} "
            f"| {micro['tp']} / {micro['predicted']} / {micro['gold']} | {delta} | "
            + " | ".join(f"{fields[k]['f']:.3f}" for k in ("method", "dataset", "task", "metric"))
            + f" | {fields['proposed']['f']:.3f} |"
        )
    return "\n".join(lines)


def speed_table(reports: list[dict], names: str) -> str:
    rows = [r for r in reports if "gold" in r]
    if not rows:
        return ""
    lines = [
        "### Speed: extraction of the seeds (title + abstract per paper), one process",
        "",
        (
            "Wall time shares two cores with other work; papers per CPU second is one core's "
            "rate (the README asks 8 papers/s per core of the transformer model on "
            "`benchmarks/bench_extract.py`). Build = extraction + linking."
        ),
        f"Reproduce: `{command('--tables', 'speed', '--variants', *names.split())}`",
        "",
        (
            "| variant | papers | extract wall s | papers/s wall | papers per CPU s | build wall s "
            "| SciERC dev wall s |"
        ),
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        g = r["gold"]
        n = g["papers_built"]
        scierc = f"{r['scierc']['seconds']:.1f}" if "scierc" in r else "-"
        lines.append(
            f"| {r['variant']} | {n} | {g['extract_seconds']:.1f} | {n / g['extract_seconds']:.1f} "
            f"| {n / g['extract_cpu_seconds']:.1f} | {g['build_seconds']:.1f} | {scierc} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument("--tables", nargs="+", choices=TABLES, default=list(TABLES))
    parser.add_argument("--no-heldout", action="store_true", help="do not print held-out tables")
    parser.add_argument("--reuse", action="store_true", help="print saved results, run none")
    parser.add_argument("--scierc", type=Path, default=SCIERC_DEV)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    args = parser.parse_args()
    tables = set(args.tables) - ({"heldout"} if args.no_heldout else set())
    RESULTS.mkdir(parents=True, exist_ok=True)
    reports = []
    for name in args.variants:
        saved = RESULTS / f"{name}.json"
        if args.reuse:
            if saved.is_file():
                reports.append(json.loads(saved.read_text("utf-8")))
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        report = run_variant(name, set(args.tables), args)
        saved.write_text(json.dumps(report, indent=1), "utf-8")
        reports.append(report)
    names = " ".join(r["variant"] for r in reports)
    legend = "\n".join(f"- `{r['variant']}`: {r['description']}" for r in reports)
    parts = [f"## Recogniser ablation\n\nVariants:\n\n{legend}"]
    if "scierc" in tables:
        parts.append(scierc_tables(reports, names))
    if "tuning" in tables:
        parts.append(gold_table(reports, "tuning", names))
    if "speed" in tables:
        parts.append(speed_table(reports, names))
    if "heldout" in tables:  # last, apart
        parts.append(gold_table(reports, "heldout", names))
    print("\n\n".join(p for p in parts if p))


if __name__ == "__main__":
    main()
