"""Incremental extraction cache: a paper already extracted with the same pipeline is not
run through spaCy again.

Entries live in one SQLite file, keyed by a *fingerprint* of everything extraction depends
on (kg's extraction code, word lists and relation models, spaCy's version, the base pipeline
and the entity recogniser) and by a hash of the paper's exact title and abstract. Changing
any of them misses the cache instead of returning stale mentions. Writes are committed every
``COMMIT_EVERY`` papers or ``COMMIT_SECONDS``, whichever comes first, so an interrupted
build keeps what it finished and the next one resumes from there. An entry that does not
fit its paper (offsets outside the text, or a mention text that is not the text at its
offsets) is a miss. A cache that cannot be opened or read is reported and ignored: it never
fails a build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import math
import os
import re
import sqlite3
import time
import zlib
from dataclasses import astuple
from importlib import metadata
from pathlib import Path
from typing import Self

from ..errors import InputError, KgError
from ..files import read_user_bytes
from ..records import (
    CONTROL_CHARACTERS,
    ENTITY_TYPES,
    FIELDS,
    RELATION_LABELS,
    RESULT_KINDS,
    Abbreviation,
    Mention,
    Paper,
    PaperExtraction,
    Result,
    SentenceRelation,
)
from ..text.lexicon import MAX_LEXICON_BYTES

CACHE_FILE = "extractions.sqlite"
COMMIT_EVERY = 256  # papers
COMMIT_SECONDS = 2.0  # and at least this often while papers come in
_PACKAGE = Path(__file__).resolve().parent.parent
# The sources whose change must invalidate cached extractions; a retrained relation model
# always writes a new meta.json (its dev scores), so the metas stand for its weights.
_CODE = (
    "extract/*.py",
    "text/*.py",  # word shapes, vocabulary and lexicon readers the extraction calls
    "records.py",
    "data/lexicon.tsv",
    "data/vocabulary.toml",
    "models/relations*/meta.json",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extraction (
    fingerprint TEXT NOT NULL,
    paper TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (fingerprint, paper)
) WITHOUT ROWID
"""


def default_cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def _hash_files(digest, files, *, content: bool = True) -> None:
    for path in sorted(files):
        digest.update(path.name.encode())
        if content:
            digest.update(path.read_bytes())
        else:
            stat = path.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())


def _is_package(name: str) -> bool:
    """Whether ``name`` is an installed distribution (``spacy.util.is_package``)."""
    try:
        metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return True


def _package_path(name: str) -> Path:
    """The folder of the installed package ``name`` (``spacy.util.get_package_path``), found
    without importing it: a pipeline package imports spaCy, which a build answered from the
    cache does without."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        import spacy  # not a plain package: spaCy's way, and its errors

        return spacy.util.get_package_path(name)
    return Path(spec.origin).parent


def _spacy_version() -> str:
    """spaCy's version, as ``spacy.__version__`` says, without importing spaCy."""
    return metadata.version("spacy")


def _pipeline_folder(name: str | Path | None) -> Path | None:
    """The data folder of a spaCy pipeline given by package name or path."""
    if name is None:
        return None
    path = Path(name)
    if not path.exists() and _is_package(str(name)):
        package = _package_path(str(name))
        # an installed package keeps its data in a versioned subfolder
        path = next((p.parent for p in sorted(package.glob("*/config.cfg"))), package)
    return path if path.is_dir() else None


def _hash_pipeline(digest, name: str | Path | None) -> None:
    # meta.json and config.cfg by content; weights by size and time (a 500 MB pipeline
    # would otherwise cost seconds of hashing per build).
    folder = _pipeline_folder(name)
    if folder is None or not any((folder / f).is_file() for f in ("config.cfg", "meta.json")):
        return  # no pipeline (loading it says so): not a folder to walk ("/", "/usr")
    try:
        files = [p for p in folder.rglob("*") if p.is_file()]
    except OSError as error:
        raise InputError(
            f"cannot read the pipeline folder ({error.strerror})", str(folder)
        ) from None
    described = [p for p in files if p.name in ("meta.json", "config.cfg")]
    _hash_files(digest, described)
    _hash_files(digest, [p for p in files if p not in described], content=False)


def fingerprint(
    model: str, entity_model_path: str | Path | None, lexicon_files: tuple[str, ...] = ()
) -> str:
    """A short hash of everything an extraction result depends on (users' lexicons too)."""
    digest = hashlib.sha256()
    digest.update(f"spacy {_spacy_version()}|{model}|{entity_model_path}".encode())
    try:
        digest.update(metadata.version("kg").encode())
    except metadata.PackageNotFoundError:
        pass
    _hash_files(digest, [f for pattern in _CODE for f in _PACKAGE.glob(pattern)])
    _hash_pipeline(digest, model)
    _hash_pipeline(digest, entity_model_path)
    for path in lexicon_files:
        digest.update(read_user_bytes(path, limit=MAX_LEXICON_BYTES, what="lexicon"))
    return digest.hexdigest()[:24]


def text_key(paper: Paper) -> str:
    """Hash of the exact texts extraction reads (offsets depend on every character)."""
    text = paper.text_of("title") + "\x1f" + paper.text_of("abstract")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def entry_digest(data: bytes) -> bytes:
    """A short hash of a cache entry's bytes (the same entry decodes to the same records)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def encode(extraction: PaperExtraction) -> bytes:
    data = [
        [astuple(m) for m in extraction.mentions],
        [astuple(a) for a in extraction.abbreviations],
        [astuple(r) for r in extraction.relations],
        [astuple(r) for r in extraction.results],
    ]
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"))


# The most an entry may inflate to: a paper's extraction, its text at the longest a record
# may be, takes some megabytes.
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def inflate(blob: bytes, most: int) -> bytes:
    """``blob`` decompressed (zlib), or ``ValueError`` where it inflates past ``most`` bytes
    or is cut: a cache folder shared with others may hold anything."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(blob, most + 1)
    except (zlib.error, TypeError) as err:  # (TypeError: a value SQLite holds as text)
        raise ValueError(f"not an entry ({err})") from None
    if len(data) > most or not inflater.eof:
        raise ValueError(f"an entry of more than {most:,} bytes, or a cut one")
    return data


def decode(blob: bytes, paper_key: str) -> PaperExtraction:
    """The extraction stored by ``encode``; ``ValueError`` when the entry is not one (one
    that inflates past ``MAX_ENTRY_BYTES`` is none)."""
    mentions, abbreviations, relations, results = json.loads(inflate(blob, MAX_ENTRY_BYTES))
    return PaperExtraction(
        paper_key,
        tuple(checked_record(Mention, m) for m in mentions),
        tuple(checked_record(Abbreviation, a) for a in abbreviations),
        tuple(checked_record(SentenceRelation, r) for r in relations),
        tuple(_result(r) for r in results),
    )


_SPAN_FIELDS = ("metric_span", "dataset_span", "method_span")


def _result(values) -> Result:
    """A ``Result`` from its stored list: its spans are lists in JSON; every field checked."""
    if not isinstance(values, list) or len(values) != len(dataclasses.fields(Result)):
        raise ValueError("not a result")
    names = [spec.name for spec in dataclasses.fields(Result)]
    record = dict(zip(names, values))
    for name in _SPAN_FIELDS:
        span = record[name]
        if span is not None:
            if not (
                isinstance(span, list) and len(span) == 2 and all(type(v) is int for v in span)
            ):
                raise ValueError(f"{name} is not a span")
            record[name] = tuple(span)
    for name in ("number", "low", "high"):
        if record[name] is not None and (type(record[name]) not in (int, float)):
            raise ValueError(f"{name} is not a number")
    for name in ("start", "end", "sentence_start", "sentence_end"):
        if type(record[name]) is not int:
            raise ValueError(f"{name} is not an offset")
    if (
        not all(isinstance(record[n], str) for n in ("value", "unit", "kind", "field"))
        or record["kind"] not in RESULT_KINDS
        or type(record["ours"]) is not bool
    ):
        raise ValueError("not a result")
    return Result(
        **{
            **record,
            **{
                n: None if record[n] is None else float(record[n])
                for n in ("number", "low", "high")
            },
        }
    )


_FIELD_TYPES = {
    "int": (int,),
    "str": (str,),
    "float": (float, int),
    "bool": (bool,),
    "str | None": (str, type(None)),
}


def _field_checks(record_class) -> tuple[tuple[str, tuple[type, ...], bool], ...]:
    """(name, the types it may hold, whether a bool is one) per field of ``record_class``."""
    checks = _CHECKS.get(record_class)
    if checks is None:
        made = []
        for spec in dataclasses.fields(record_class):
            allowed = _FIELD_TYPES[str(spec.type)]  # annotations are strings (postponed)
            made.append((spec.name, allowed, bool in allowed))
        checks = _CHECKS[record_class] = tuple(made)
    return checks


_CHECKS: dict[type, tuple[tuple[str, tuple[type, ...], bool], ...]] = {}


def checked_record(record_class, values):
    """``record_class(*values)``, checked field by field against the annotated types (a
    damaged or foreign cache entry must not reach the linker with a wrong type)."""
    if not isinstance(values, list):
        raise ValueError("not a record")  # noqa: TRY004
    record = record_class(*values)
    for name, allowed, bools in _field_checks(record_class):
        value = getattr(record, name)
        if not isinstance(value, allowed) or (not bools and isinstance(value, bool)):
            raise ValueError(f"{name} is {type(value).__name__}")
    return record


# What a mention's source is: a word ("model", "rule", a plug-in's own name).
_SOURCE = re.compile(r"[A-Za-z][\w.-]{0,63}")


def _a_share(value: float) -> bool:
    """A score kg gives: a finite number from 0 to 1."""
    return math.isfinite(value) and 0 <= value <= 1


def _a_word(value: str | None) -> bool:
    """A short label kg writes (a model's label, a unit), or none: no control characters."""
    return value is None or (len(value) <= 64 and not CONTROL_CHARACTERS.search(value))


def fits(extraction: PaperExtraction, paper: Paper) -> bool:
    """True when every offset of ``extraction`` lies in ``paper``'s texts, every mention
    and abbreviation is the text at its offsets (an entry from another text does not), and
    every label, score and number is one kg gives (a damaged or foreign entry's "paper"
    type or NaN score would be written into a graph kg then refuses)."""
    texts = {name: paper.text_of(name) for name in FIELDS}
    for m in extraction.mentions:
        text = texts.get(m.field)
        if (
            text is None
            or not 0 <= m.start <= m.end <= len(text)
            or text[m.start : m.end] != m.text
            or not 0 <= m.sentence_start <= m.sentence_end <= len(text)
            or m.label not in ENTITY_TYPES
            or not _SOURCE.fullmatch(m.source)  # (a plug-in's own is one: "how to add a rule")
            or not _a_share(m.score)
            or not _a_word(m.model_label)
        ):
            return False
    for r in extraction.relations:
        text = texts.get(r.field)
        if (
            text is None
            or r.label not in RELATION_LABELS
            or not _a_share(r.score)
            or text[r.head_start : r.head_end] != r.head_text
            or not r.head_text
            or text[r.tail_start : r.tail_end] != r.tail_text
            or not r.tail_text
        ):
            return False
    for a in extraction.abbreviations:
        text = texts.get(a.field)
        short_end = a.end - 1  # before the closing parenthesis
        if (
            text is None
            or not 0 <= a.start <= len(text)
            or not 0 < a.end <= len(text)
            or text[a.start : a.start + len(a.long)] != a.long
            or text[short_end - len(a.short) : short_end] != a.short
        ):
            return False
    for result in extraction.results:
        text = texts.get(result.field)
        spans = [(result.start, result.end), (result.sentence_start, result.sentence_end)]
        spans += [
            s
            for s in (result.metric_span, result.dataset_span, result.method_span)
            if s is not None
        ]
        if (
            text is None
            or text[result.start : result.end] != result.value
            or not all(0 <= a <= b <= len(text) for a, b in spans)
            or not all(
                n is None or math.isfinite(n) for n in (result.number, result.low, result.high)
            )
            or not _a_word(result.unit)
        ):
            return False
    return True


class SqliteStore:
    """A table in an SQLite file that a build reads and writes but never fails on: a file
    that cannot be opened, read or written switches the store off (``problem`` says why)
    and the build goes on without it. Use as a context manager."""

    what = "store"  # how ``problem`` names it
    schema = ""  # the CREATE TABLE IF NOT EXISTS statement of its table

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            if self.path.is_file() and self.path.stat().st_size:
                if not _sqlite_file(self.path):
                    # (connecting would let SQLite take over the files beside it, a "-wal")
                    raise sqlite3.DatabaseError("not an SQLite file; kg leaves it as it is")
                if _foreign(_table_names(self.path)):
                    raise sqlite3.DatabaseError("another program's database; kg leaves it as it is")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute(self.schema)
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            self._disable(err)

    def _disable(self, err: Exception) -> None:
        self.problem = f"{self.what} {self.path} switched off ({err})"
        self._close_file()

    def _close_file(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def close(self) -> None:
        self._close_file()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ExtractionCache(SqliteStore):
    """Cached ``PaperExtraction`` records of one pipeline fingerprint, in ``folder``.

    Use as a context manager; ``hits`` and ``misses`` count lookups, ``problem`` holds the
    reason if the cache had to be switched off.
    """

    what = "extraction cache"
    schema = _SCHEMA

    def __init__(self, folder: str | Path, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.hits = self.misses = 0
        # paper key -> digest of the entry its extraction is (found or stored) in this run:
        # what the linking kept between builds is keyed by (``kg.link.stored``)
        self.entries: dict[str, bytes] = {}
        self._pending: list[tuple[str, str, bytes]] = []
        self._committed = time.monotonic()
        super().__init__(Path(folder) / CACHE_FILE)

    def get(self, paper: Paper) -> PaperExtraction | None:
        """The cached extraction of ``paper`` (under its own key), or None."""
        row = None
        if self._db is not None:
            try:
                row = self._db.execute(
                    "SELECT data FROM extraction WHERE fingerprint = ? AND paper = ?",
                    (self.fingerprint, text_key(paper)),
                ).fetchone()
            except sqlite3.Error as err:
                self._disable(err)
        if row is not None:
            try:
                extraction = decode(row[0], paper.key)
            except (ValueError, TypeError, zlib.error, KeyError):
                extraction = None  # a damaged entry is a miss; the fresh result replaces it
            if extraction is not None and not fits(extraction, paper):
                extraction = None  # so is one whose offsets do not fit the paper's text
            if extraction is not None:
                self.hits += 1
                self.entries[paper.key] = entry_digest(row[0])
                return extraction
        self.misses += 1
        return None

    def put(self, paper: Paper, extraction: PaperExtraction) -> None:
        if self._db is None:
            return
        data = encode(extraction)
        self.entries[paper.key] = entry_digest(data)
        self._pending.append((self.fingerprint, text_key(paper), data))
        if (
            len(self._pending) >= COMMIT_EVERY
            or time.monotonic() - self._committed >= COMMIT_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        self._committed = time.monotonic()
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO extraction VALUES (?, ?, ?)", self._pending
                )
        except sqlite3.Error as err:
            self._disable(err)
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        self._close_file()


def cache_summary(folder: str | Path) -> dict:
    """Location, size and entries per fingerprint of the cache in ``folder``."""
    if Path(folder).exists() and not Path(folder).is_dir():
        raise KgError(f"{folder}: not a folder (give the cache folder, not a file)")
    path = Path(folder) / CACHE_FILE
    summary = {
        "path": str(path),
        "bytes": path.stat().st_size if path.exists() else 0,
        "entries": {},
    }
    if path.exists():
        if not _is_kg_cache(path):
            raise KgError(
                f"{path}: not kg's extraction cache; move it away or give another --cache-dir"
            )
        try:
            # read only: a connection that may write would take over SQLite's files beside it
            with contextlib.closing(_read_only(path)) as db:
                summary["entries"] = dict(
                    db.execute("SELECT fingerprint, COUNT(*) FROM extraction GROUP BY fingerprint")
                )
        except sqlite3.Error as err:
            raise KgError(
                f"{path}: cannot read the extraction cache ({err}); kg cache --clear removes it"
            ) from None
    return summary


_SQLITE_HEADER = b"SQLite format 3\x00"


def _sqlite_file(path: Path) -> bool:
    """Whether the file at ``path`` starts as an SQLite database does."""
    with open(path, "rb") as stream:
        return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


# The tables kg's stores keep in the cache file (``SqliteStore`` subclasses' schemas)
KG_TABLES = frozenset({"extraction", "linking", "roles"})


def _table_names(path: Path) -> set[str] | None:
    """The tables of the SQLite database at ``path``; None for one too damaged to read."""
    try:
        with contextlib.closing(_read_only(path)) as db:
            return {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
    except sqlite3.DatabaseError:
        return None


def _foreign(tables: set[str] | None) -> bool:
    """Whether ``tables`` hold one kg never makes: another program's database, which a build
    must not add to nor ``kg cache --clear`` remove (a damaged one counts as kg's, cut short)."""
    return any(not name.startswith("sqlite_") and name not in KG_TABLES for name in tables or ())


def _is_kg_cache(path: Path) -> bool:
    """Whether the file at ``path`` is kg's cache: an SQLite database with kg's table and no
    other program's, or one too damaged to read (kg's, cut short); not another program's
    database, a pipe (opening it would wait for a writer) nor other text."""
    try:
        if not path.is_file():
            return False
        if path.stat().st_size == 0:
            return True  # what SQLite makes first: an empty database, which kg build adopts
        if not _sqlite_file(path):
            return False
    except OSError:
        return False
    tables = _table_names(path)
    return tables is None or ("extraction" in tables and not _foreign(tables))


def clear_cache(folder: str | Path) -> bool:
    """Delete the cache file in ``folder`` (and SQLite's files beside it); True if there was
    one. A file of that name that is not kg's cache is a ``KgError``, and nothing is removed."""
    if Path(folder).exists() and not Path(folder).is_dir():
        raise KgError(f"{folder}: not a folder (give the cache folder, not a file)")
    path = Path(folder) / CACHE_FILE
    files = [Path(str(path) + suffix) for suffix in ("", "-journal", "-wal", "-shm")]
    for file in files:
        if file.exists() and not file.is_file():
            raise KgError(f"{file}: not kg's cache file (not a regular file); move it away")
    if not path.exists():
        return False  # SQLite's files beside no database are nobody's kg knows of
    if not _is_kg_cache(path):
        raise KgError(f"{path}: not kg's extraction cache, so kg does not remove it; move it away")
    try:
        for file in files:
            file.unlink(missing_ok=True)
    except OSError as err:
        raise KgError(f"{path}: cannot remove the cache ({err.strerror or err})") from None
    return True
