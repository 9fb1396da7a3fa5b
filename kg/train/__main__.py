"""``python -m kg.train TRAIN.json DEV.json [-o DIR]``: the same as ``kg train``."""

from ..cli import main

if __name__ == "__main__":
    raise SystemExit(main(["train", *__import__("sys").argv[1:]]))
