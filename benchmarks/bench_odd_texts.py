"""Benchmark `kg build` on odd abstracts at the size limit: time and peak memory per text.

    python benchmarks/bench_odd_texts.py
    python benchmarks/bench_odd_texts.py --only one-sentence-of-names

Titles and abstracts are untrusted. Each text below is one abstract as long as a record
may be (``kg.readers.common.MAX_ABSTRACT_CHARS``), written to stress one part of the pipeline
(a sentence thousands of words long, thousands of short-form definitions, nested brackets,
one hyphenated word, numbers everywhere). Each is built alone in its own `kg build` process
with an empty cache, so a rule that reads a whole sentence once per name in it, or
compares every mention with every other, shows here as minutes where a real abstract
takes a fraction of a second. The `plain` row is a real abstract repeated to the same
length, for scale. Results are printed and appended to benchmarks/results/odd_texts.jsonl
(git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.readers.common import MAX_ABSTRACT_CHARS  # noqa: E402

PLAIN = (
    "We propose Quillformer, a sparse attention model for long documents. Quillformer "
    "reaches 84.1% accuracy on the Zarn benchmark, outperforming the Transformer by 2.3 "
    "points while using half of its memory. "
)


def _capitals(rng: random.Random, size: int = 3) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(size))


def odd_texts(seed: int = 1) -> dict[str, str]:
    """Each odd abstract by name, cut at a word to the size limit."""
    rng = random.Random(seed)
    texts = {
        "plain": PLAIN * (MAX_ABSTRACT_CHARS // len(PLAIN) + 1),
        "short-form-definitions": " ".join(
            f"we propose the Quill Zarn {(a := _capitals(rng)).lower()}ing ({a}) method, "
            f"which outperforms {_capitals(rng)} on {_capitals(rng)}-{i} by "
            f"{rng.random() * 10:.2f}% accuracy."
            for i in range(2000)
        ),
        "one-sentence-of-capitals": " ".join(f"{_capitals(rng)}{i}" for i in range(20000)),
        "nested-brackets": "A (B (C (D " * 3000 + ")" * 9000,
        "one-hyphenated-word": "-".join(["state", "of", "the", "art"] * 5000) + " model",
        "numbers": " ".join(f"{rng.random() * 100:.1f}% on X-{i}" for i in range(10000)),
        "one-sentence-of-names": ", ".join(f"Zarn{i}Net" for i in range(20000)),
        # a claim per name, in one sentence: the results read what comes before each name
        "one-sentence-of-claims": ", ".join(
            f"Zarn{i}Net outperforms Quill{i}Net by {rng.random() * 10:.1f} points on X-{i}"
            for i in range(2000)
        ),
        "one-sentence-of-ratios": ", ".join(
            f"Zarn{i}Net is {rng.randint(2, 9)}x faster than Quill{i}Net on X-{i}"
            for i in range(2000)
        ),
    }
    cut = {}
    for name, text in texts.items():
        text = text[: MAX_ABSTRACT_CHARS - 1]
        cut[name] = text[: text.rfind(" ")] + "."
    return cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="build only this text (repeatable)")
    parser.add_argument("--format", default="csv,ttl,html,report")
    args = parser.parse_args()
    texts = odd_texts()
    names = args.only or list(texts)
    unknown = sorted(set(names) - set(texts))
    if unknown:
        sys.exit(f"unknown text {', '.join(unknown)}; choose from {', '.join(texts)}")
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "odd.jsonl"
            record = {"title": f"An odd abstract: {name}", "abstract": texts[name]}
            source.write_text(json.dumps(record) + "\n", encoding="utf-8")
            env = {**os.environ, "KG_CACHE_DIR": str(Path(folder) / "cache")}
            command = [sys.executable, "-m", "kg", "build", str(source), "-q", "--force"]
            command += ["-o", str(Path(folder) / "out"), "--formats", args.format]
            log = Path(folder) / "stderr.txt"
            started = time.perf_counter()
            with log.open("wb") as errors:
                child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
                _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"{name}: {log.read_text('utf-8', 'replace').strip()}")
        peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
        record_result(
            "odd_texts",
            {
                "text": name,
                "chars": len(texts[name]),
                "seconds": round(seconds, 2),
                "peak_mb": round(peak_mb),
            },
        )


if __name__ == "__main__":
    main()
