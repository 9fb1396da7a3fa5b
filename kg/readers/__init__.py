"""Readers: turn input files into a stream of ``Paper`` records.

Each reader module registers its format with ``kg.registry.reader``: a name, file suffixes,
a ``sniff(head_text, file_name)`` score and the reader function. ``detect_format`` asks
every reader and the most confident one reads the file. A new input format is one new
module in this package.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import sys
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, UsageError
from ..manifest import MANIFEST, Manifest
from ..records import Paper
from ..registry import readers
from .common import MAX_RECORD_CHARS

__all__ = [
    "STDIN",
    "ReadMeter",
    "deduplicate",
    "detect_format",
    "expand_inputs",
    "read_file",
    "read_papers",
]

STDIN = "-"
SNIFF_BYTES = 64 * 1024
# A first line read whole to tell JSON Lines from JSON; a longer one is no JSON Lines record
# kg reads, and the file's name decides.
MAX_SNIFF_LINE = MAX_RECORD_CHARS
GZIP_MAGIC = b"\x1f\x8b"
# Records that share an identifier but not their title are named, this many at most.
MAX_CONFLICT_WARNINGS = 5
_WORD = re.compile(r"\w+")
_READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


def input_suffixes() -> tuple[str, ...]:
    """File suffixes a folder is searched for: those the readers declare."""
    return tuple(sorted({s for r in readers().values() for s in r.suffixes}))


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> list[str]:
    """Files named directly, plus the input files found (recursively, sorted) in folders,
    less the outputs kg wrote there (listed in a manifest, as written; with a warning)."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # one path, not its characters
    files: list[str] = []
    for item in inputs:
        item = os.fsdecode(item) if isinstance(item, bytes) else str(item)
        if item == STDIN:
            if STDIN in files:  # (it can be read once; gzip data would go unnoticed)
                raise InputError("standard input is named twice", STDIN)
            files.append(item)
            continue
        try:
            files.extend(_input_files(item))
        except OSError as err:  # a name too long, a link into a folder the user may not read
            raise InputError(f"cannot read ({err.strerror or err})", err.filename or item) from None
    return files


def _input_files(item: str) -> list[str]:
    """The input files ``item`` names: itself, or those found in it (``expand_inputs``)."""
    path = Path(item)
    if path.is_dir():
        suffixes = input_suffixes()
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.name.lower().removesuffix(".gz").endswith(suffixes)
        )
        outputs = _kg_outputs(found, path)
        if outputs:
            files_word = "file" if len(outputs) == 1 else "files"
            warnings.warn(
                f"{item}: left out {len(outputs):,} {files_word} kg wrote there "
                f"(listed in their folder's {MANIFEST}), {_shown_names(outputs)}",
                stacklevel=3,
            )
            found = [p for p in found if p not in outputs]
        if not found:
            raise InputError(f"folder contains no input files ({', '.join(suffixes)})", item)
        return [str(p) for p in found]
    if path.is_file():
        return [item]
    if path.exists():
        raise InputError("not a regular file", item)
    raise InputError("no such file or folder", item)


def _kg_outputs(files: list[Path], folder: Path) -> set[Path]:
    """The ``files`` (found in ``folder``) that are kg's outputs as they were written, by
    the manifest of their own folder or of one above it up to ``folder`` (a build's
    manifest lists ``neo4j/entities.csv``): a table of an earlier build is no paper."""
    manifests: dict[Path, Manifest] = {}
    outputs = set()
    for file in files:
        owner = file.parent
        while True:
            manifest = manifests.get(owner)
            if manifest is None:
                manifest = manifests[owner] = Manifest(owner)
            if manifest.files and manifest.on_disk(file.relative_to(owner).as_posix()):
                outputs.add(file)
                break
            if owner == folder or owner == owner.parent:
                break
            owner = owner.parent
    return outputs


def _shown_names(files: Iterable[Path], most: int = 3) -> str:
    names = sorted(str(file) for file in files)
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


class ReadMeter:
    """How far reading a list of input files has got, in bytes as they are stored (a gzip
    file's compressed bytes): a percentage and a time left without counting the records
    first, whatever the format.

    Parameters
    ----------
    files : list of str
        The input files, as ``expand_inputs`` returns them. Standard input (``-``) has no
        size: then ``total`` is None.
    """

    def __init__(self, files: Iterable[str]) -> None:
        files = list(files)
        self._sizes = {} if STDIN in files else {path: _size(path) for path in files}
        self.total: int | None = None if STDIN in files else sum(self._sizes[p] for p in files)
        self._finished = 0  # bytes of the files read to their end
        self._current: object | None = None  # the stored bytes of the file being read

    def bytes_read(self) -> int:
        """Bytes of the inputs read so far (never more than ``total``)."""
        position = 0
        tell = getattr(self._current, "tell", None)
        if tell is not None:
            with contextlib.suppress(OSError, ValueError):  # closed, or a pipe
                position = tell()
        done = self._finished + position
        return done if self.total is None else min(done, self.total)

    def _start(self, handle: object) -> None:
        # a gzip file's position in its compressed bytes is that of the file it reads
        self._current = getattr(handle, "fileobj", None) or handle

    def _finish(self, path: str) -> None:
        self._current = None
        self._finished += self._sizes.get(path, 0)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # reading it will say why
        return 0


# Byte order marks of the wide Unicode encodings (UTF-32's first: its little-endian mark
# begins with UTF-16's).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def detect_format(head: bytes, name: str = "") -> str:
    """Name of the reader for a file, judged by its first bytes (the name only breaks ties)."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            raise InputError(f"{encoding} text: kg reads UTF-8 (save it as UTF-8)", name or None)
    if b"\x00" in head[:4096]:
        raise InputError("binary data, not a text file", name or None)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text:
        raise InputError("empty file", name or None)
    scores = {fmt: r.sniff(text, name) for fmt, r in readers().items()}
    best = max(scores, key=lambda fmt: (scores[fmt], fmt))
    if scores[best] <= 0:
        raise InputError("not a format kg reads", name or None)
    return best


def format_by_name(name: str) -> str | None:
    """The reader whose file suffix ``name`` has (``.gz`` aside), or None."""
    stem = name.lower().removesuffix(".gz")
    return next((fmt for fmt, r in sorted(readers().items()) if stem.endswith(r.suffixes)), None)


def _first_line_cut(head: bytes) -> bool:
    """True when ``head`` (what the buffer holds) ends inside a first line that opens a JSON
    object: JSON Lines and a one-line JSON document look alike until that line ends."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"\n" not in head


class _Prefixed(io.RawIOBase):
    """A binary stream that gives ``prefix`` first, then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix, self._stream = memoryview(prefix), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _open_binary(path: str) -> BinaryIO | gzip.GzipFile:
    """The bytes of ``path`` (``-``: standard input), decompressed when they are gzip data,
    which is told by its first bytes whatever the file is called."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and (sys.stdin is None or sys.stdin.closed):
        # (closed when kg started, or read to its end already by an earlier "-")
        raise InputError("standard input is closed, or was read already", name)
    try:
        handle = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115 (returned open)
    except OSError as err:
        raise InputError(err.strerror or "cannot open", path) from None
    try:
        magic = handle.peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)] if hasattr(handle, "peek") else b""
    except _READ_ERRORS as err:
        if path != STDIN:
            handle.close()
        raise InputError(f"cannot read ({err})", name) from None
    if magic != GZIP_MAGIC:
        return handle
    if path == STDIN:
        return gzip.GzipFile(fileobj=handle)
    handle.close()
    try:
        return gzip.open(path, "rb")  # (closes its own file)
    except OSError as err:
        raise InputError(err.strerror or "cannot open", path) from None


def read_file(
    path: str,
    fmt: str | None = None,
    *,
    on_invalid: Callable[[InputError], None] | None = None,
    meter: ReadMeter | None = None,
) -> Iterator[Paper]:
    """Stream the papers of one file (``-`` reads JSON Lines from standard input); ``meter``,
    if given, follows the bytes read."""
    name = "<stdin>" if path == STDIN else path
    raw = _open_binary(path)
    if meter is not None:
        meter._start(raw)
    try:
        # typeshed types sys.stdin.buffer as BinaryIO, which lacks readinto; it has one.
        buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
        try:
            head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            if fmt is None and not head.strip(b"\xef\xbb\xbf \t\r\n"):
                return  # an empty file holds no papers (one empty input among many is no error)
            if fmt is None and path != STDIN and _first_line_cut(head):
                # a JSON line longer than the sniffing window: judge the whole first line
                first_line = buffered.readline(MAX_SNIFF_LINE)
                buffered = io.BufferedReader(_Prefixed(first_line, buffered))
                head = first_line
                if len(first_line) >= MAX_SNIFF_LINE and not first_line.endswith(b"\n"):
                    fmt = format_by_name(name)  # None: one JSON document on one line?
        except _READ_ERRORS as err:
            raise InputError(f"cannot read ({err})", name) from None
        if fmt is None:
            fmt = "jsonl" if path == STDIN else detect_format(head, name)
        known = readers()
        if fmt not in known:
            raise UsageError(f"unknown input format {fmt!r} (known: {', '.join(sorted(known))})")
        reader, binary = known[fmt].read, known[fmt].binary
        # Undecodable bytes become lone surrogates, which make_paper refuses for that record
        # alone (skippable), instead of failing the whole file.
        stream = (
            buffered
            if binary
            else io.TextIOWrapper(
                buffered, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
        )
        try:
            yield from reader(stream, name, on_invalid=on_invalid)
        except UnicodeDecodeError:
            raise InputError("not valid UTF-8 text", name) from None
        except _READ_ERRORS as err:
            raise InputError(f"cannot read ({err})", name) from None
    finally:
        if meter is not None:
            meter._finish(path)
        if path != STDIN:
            raw.close()


def read_papers(
    inputs: Iterable[str | os.PathLike],
    *,
    on_invalid: Callable[[InputError], None] | None = None,
    meter: ReadMeter | None = None,
) -> Iterator[Paper]:
    """Stream every entry of every input, in order; duplicates are not removed here.

    A malformed record ends the run with an ``InputError`` naming file and line, unless
    ``on_invalid`` is given: then the error is passed to it and the record skipped.
    ``meter`` (a ``ReadMeter`` of the same inputs), if given, follows the bytes read.
    """
    for path in expand_inputs(inputs):
        yield from read_file(path, on_invalid=on_invalid, meter=meter)


def deduplicate(
    papers: Iterable[Paper],
    seen: MutableMapping[str, Paper],
    index: MutableMapping[str, str] | None = None,
) -> Iterator[Paper]:
    """Yield each paper the first time it is seen; later copies are merged into ``seen``.

    Two records are copies of one paper when they have the same key (normalised title
    and abstract) or share an external identifier (arXiv id, DOI, Semantic Scholar or
    OpenAlex id): the same paper from arXiv, OpenAlex and a .bib file, whose texts differ
    in small ways, is one paper that remembers every source (``Paper.merged_with``).

    Parameters
    ----------
    papers : iterable of Paper
        The records, in reading order.
    seen : mutable mapping
        Paper key -> merged ``Paper``; ends up holding every unique paper with all of its
        sources, under the key of its first copy.
    index : mutable mapping, optional
        Identifier, or the key of a later copy -> the key its paper is held under in
        ``seen``. A fresh one is used when not given. It holds one entry per identifier
        and per differing copy, their strings shared with the papers: a lookup per
        record, and memory a small part of what ``seen`` holds.

    Yields
    ------
    Paper
        The first copy of each paper (its text is what the graph is built from).

    Warns
    -----
    UserWarning
        For a record that shares an identifier with an earlier one but not its title (half
        their words or more): two papers given one id by mistake (the first five, then a
        count).
    """
    index = {} if index is None else index
    conflicts = 0
    for paper in papers:
        key = paper.key if paper.key in seen else index.get(paper.key)
        if key is None:
            shared = next((ident for ident in paper.ids if ident in index), None)
            key = None if shared is None else index[shared]
            if key is not None and not _same_title(seen[key].title, paper.title):
                conflicts += 1
                if conflicts <= MAX_CONFLICT_WARNINGS:
                    warnings.warn(
                        f"{_where(paper)} has the identifier {shared} of {_where(seen[key])}, "
                        f"but another title ({paper.title[:60]!r}, not "
                        f"{seen[key].title[:60]!r}): read as one paper, the first",
                        stacklevel=2,
                    )
        if key is None:
            seen[paper.key] = paper
            for ident in paper.ids:
                index.setdefault(ident, paper.key)
            yield paper
            continue
        seen[key] = seen[key].merged_with(paper)
        if paper.key != key:
            index.setdefault(paper.key, key)
        for ident in paper.ids:
            index.setdefault(ident, key)
    if conflicts > MAX_CONFLICT_WARNINGS:
        warnings.warn(
            f"{conflicts - MAX_CONFLICT_WARNINGS:,} more records have the identifier of a "
            "paper with another title (each read as that paper)",
            stacklevel=2,
        )


def _where(paper: Paper) -> str:
    return str(paper.sources[0]) if paper.sources else repr(paper.title[:60])


def _same_title(first: str, second: str) -> bool:
    """Whether two titles can be one paper's: versions and sources reword a title a little
    (at least half their words shared), not wholly."""
    a, b = set(_WORD.findall(first.casefold())), set(_WORD.findall(second.casefold()))
    return not a or not b or len(a & b) * 2 >= min(len(a), len(b))
