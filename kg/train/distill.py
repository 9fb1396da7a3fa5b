"""In-domain text for the fast recogniser, labelled by the transformer one (distillation).

SciREX's own annotations cover four of SciERC's six labels and draw spans their own way,
so the fast CNN does not learn from them directly. Instead the transformer MiniLM tagger,
which saw SciREX while it was fine-tuned and tags in SciERC's conventions, labels the
opening sections of the SciREX training papers; those docs join SciERC train when the CNN
is trained (``kg train --distill``). SciERC dev still selects the model, and the SciREX
papers that the transformer model held out are left out here too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import DocBin

from ..settings import TRANSFORMER_ENTITY_MODEL
from .transformer import SCIREX_HOLDOUT

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "?", "!", "%", "'s", "n't", "-"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "-"})


def join_words(words: list[str]) -> str:
    """Running text from SciREX words ("state - of - the - art" -> "state-of-the-art")."""
    parts: list[str] = []
    previous = None
    for word in words:
        if (
            previous is not None
            and word not in _NO_SPACE_BEFORE
            and previous not in _NO_SPACE_AFTER
        ):
            parts.append(" ")
        parts.append(word)
        previous = word
    return "".join(parts)


def scirex_passages(
    folder: Path, max_words: int = 1200, passage_words: int = 120, holdout: int = SCIREX_HOLDOUT
) -> Iterator[str]:
    """Passages of whole sentences (about ``passage_words`` words) from the opening
    ``max_words`` words of each SciREX paper but the last ``holdout`` (by file name)."""
    files = sorted(Path(folder).glob("*.json"))
    for file in files[: len(files) - holdout] if holdout else files:
        paper = json.loads(file.read_text("utf-8-sig"))
        words = paper["words"]
        passage: list[str] = []
        for start, end in paper["sentences"]:
            if start >= max_words:
                break
            sentence = words[start:end]
            if sentence[:2] == ["section", ":"]:  # SciREX's section markers are no text
                sentence = sentence[2:]
            passage.extend(sentence)
            if len(passage) >= passage_words:
                yield join_words(passage)
                passage = []
        if passage:
            yield join_words(passage)


def teacher_docs(
    texts: Iterable[str], entity_model: str = TRANSFORMER_ENTITY_MODEL, batch_size: int = 64
):
    """Docs with ``doc.ents`` set by the teacher recogniser (kg's rules are not run)."""
    from ..extract import KG_COMPONENTS, load_pipeline

    nlp = load_pipeline(entity_model=entity_model)
    with nlp.select_pipes(disable=list(KG_COMPONENTS)):
        for doc in nlp.pipe(texts, batch_size=batch_size):
            labelled = nlp.make_doc(doc.text)  # the same tokens: only the labels travel
            spans = (labelled.char_span(e.start_char, e.end_char, label=e.label_) for e in doc.ents)
            labelled.ents = [span for span in spans if span is not None]
            yield labelled


def write_teacher_docbin(scirex_folder: Path, target: Path, **options) -> int:
    """Label SciREX passages with the transformer recogniser and save them as a DocBin."""
    docs = list(teacher_docs(scirex_passages(scirex_folder, **options)))
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(target)
    return len(docs)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m kg.train.distill", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("scirex", type=Path, help="folder of SciREX train json files")
    parser.add_argument("out", type=Path, help="DocBin to write (.spacy)")
    parser.add_argument(
        "--max-words",
        type=int,
        default=1200,
        help="words read from the start of each paper (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    count = write_teacher_docbin(args.scirex, args.out, max_words=args.max_words)
    print(f"wrote {count} teacher-labelled passages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
