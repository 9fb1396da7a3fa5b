"""Entity resolution and paper roles kept between builds.

``resolve_mentions`` (the first half of linking: every mention under its entity, each entity
typed and named from all of its mentions) is a function of the extractions, the papers'
texts, the users' lexicons and kg's own code and word lists. A build whose papers all come
from the extraction cache with the same of each (a rebuild with another curation file,
which applies after resolution) takes the result from here instead of resolving again.

It lives in the extraction cache's SQLite file (table ``linking``), under a key that hashes
all of those: every source and data file of the kg package, the versions of Python (its
Unicode tables and casefolding) and of wordfreq (its word frequencies), the contents of the
users' lexicon files, and, in order, each paper's key and texts and the exact extraction
cache entry of each paper. A change to any of them is another key: a miss, never a stale
result. An entry that does not decode to records of the right types is a miss too, and a
store that cannot be opened or written is skipped: it never fails a build. The newest
``KEEP`` entries are kept. An entry also carries the English word frequencies the build
that kept it looked up (under the same wordfreq version: it is in the key), so that what a
rebuild reads after resolution (``broader`` edges, curation) needs no wordfreq either.

Each paper's roles (``kg.link.relate.paper_roles``, the longest part of linking) are kept
beside them (``RoleStore``, table ``roles``), one entry per paper under a digest of what
they are read from: a rebuild whose curation changes a few entities reads again only the
papers that name them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..extract.cache import MAX_ENTRY_BYTES, SqliteStore, checked_record, inflate
from ..files import read_user_bytes
from ..records import ENTITY_TYPES, Entity, LinkedMention, Mention, Paper, PaperExtraction
from ..text.lexicon import MAX_LEXICON_BYTES
from . import Resolved
from .resolve import remember_zipf

# How many bytes an entry may inflate to for each mention of its corpus, past
# ``MAX_ENTRY_BYTES`` (kg's own take about 82 a mention on the seeds, entities included)
ENTRY_BYTES_PER_MENTION = 4096
FORMAT = "kg linking 1"  # what an entry holds; a change of layout changes every key
KEEP = 4  # entries kept (a few corpora, or settings, at once)
_PACKAGE = Path(__file__).resolve().parent.parent

_SCHEMA = """
CREATE TABLE IF NOT EXISTS linking (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    stored REAL NOT NULL
) WITHOUT ROWID
"""


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """A hash of everything resolution runs besides its inputs: kg's source and data files,
    and the versions of Python and wordfreq."""
    digest = hashlib.sha256(FORMAT.encode())
    try:
        wordfreq = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        wordfreq = "none"
    digest.update(f"|{sys.version}|{unicodedata.unidata_version}|{wordfreq}|".encode())
    files = sorted(_PACKAGE.rglob("*.py")) + sorted(
        p for p in (_PACKAGE / "data").iterdir() if p.is_file()
    )
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def linking_key(
    papers: Mapping[str, Paper],
    extractions: Sequence[PaperExtraction],
    entries: Mapping[str, bytes],
    lexicon_files: Sequence[str] = (),
) -> str | None:
    """The key of the resolution of ``extractions`` of ``papers``; None when an extraction
    has no digest in ``entries`` (paper key -> ``kg.extract.cache.entry_digest`` of its
    cache entry): one not in the cache is not known by content."""
    digest = hashlib.sha256(code_digest())
    for path in lexicon_files:
        content = read_user_bytes(path, limit=MAX_LEXICON_BYTES, what="lexicon")
        digest.update(b"lexicon%d\0" % len(content) + content)
    digest.update(b"papers%d\0" % len(papers))
    for key, paper in papers.items():
        for text in (key, paper.title, paper.abstract):
            encoded = text.encode("utf-8", "surrogatepass")
            digest.update(b"%d\0" % len(encoded) + encoded)
    digest.update(b"extractions%d\0" % len(extractions))
    for extraction in extractions:
        entry = entries.get(extraction.paper_key)
        if entry is None:
            return None
        encoded = extraction.paper_key.encode("utf-8", "surrogatepass")
        digest.update(b"%d\0" % len(encoded) + encoded + entry)
    return digest.hexdigest()


_MENTION_FIELDS = tuple(spec.name for spec in fields(Mention))


def encode_resolved(resolved: Resolved, extractions: Sequence[PaperExtraction]) -> bytes:
    """``resolved`` as compressed JSON: entities field by field, and each linked mention as
    (extraction, mention) indexes when it is a mention of the extractions as they are, else
    whole (a name grown over its version number, one of a slash list)."""
    where = {
        id(mention): (number, index)
        for number, extraction in enumerate(extractions)
        for index, mention in enumerate(extraction.mentions)
    }
    linked: list[list] = []
    for item in resolved.linked:
        place = where.get(id(item.mention))
        if (
            place is not None
            and extractions[place[0]].mentions[place[1]] is item.mention
            and extractions[place[0]].paper_key == item.paper_key
        ):
            linked.append([place[0], place[1], item.entity_key])
        else:
            mention = [getattr(item.mention, name) for name in _MENTION_FIELDS]
            linked.append([item.paper_key, item.entity_key, mention])
    data = {
        "entities": [
            [
                e.key,
                e.type,
                e.label,
                list(e.aliases),
                e.abbreviation,
                e.paper_count,
                e.mention_count,
                e.generic,
                e.specificity,
                list(e.curation),
            ]
            for e in resolved.entities.values()
        ],
        "linked": linked,
        "left_out": dict(resolved.left_out),
        "retyped": dict(resolved.retyped),
        "zipf": resolved.zipf,
    }
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"))


def _strings(value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of strings")
    return tuple(value)


def _count(value) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a count")
    return value


def _counts(value) -> Counter:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError("not counts")
    return Counter({k: _count(v) for k, v in value.items()})


def _entity(row) -> Entity:
    if not isinstance(row, list) or len(row) != 10:
        raise ValueError("not an entity")
    key, kind, label, aliases, short, papers, mentions, generic, score, curation = row
    if (
        not isinstance(key, str)
        or kind not in ENTITY_TYPES
        or not isinstance(label, str)
        or not (short is None or isinstance(short, str))
        or type(generic) is not bool
        or type(score) is not float
    ):
        raise ValueError("not an entity")
    return Entity(
        key,
        kind,
        label,
        _strings(aliases),
        short,
        _count(papers),
        _count(mentions),
        generic,
        score,
        _strings(curation),
    )


def decode_resolved(blob: bytes, extractions: Sequence[PaperExtraction]) -> Resolved:
    """What ``encode_resolved`` stored, its mentions taken from ``extractions``; a
    ``ValueError`` when the entry is not one of such (damaged, or of other extractions)."""
    most = MAX_ENTRY_BYTES + ENTRY_BYTES_PER_MENTION * sum(len(e.mentions) for e in extractions)
    try:
        data = json.loads(inflate(blob, most))
    except (UnicodeDecodeError, RecursionError) as err:
        raise ValueError(f"not an entry ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("linked"), list):
        raise ValueError("not an entry")  # noqa: TRY004
    rows = data.get("entities")
    if not isinstance(rows, list):
        raise ValueError("not an entry")  # noqa: TRY004
    entities = {}
    for row in rows:
        entity = _entity(row)
        entities[entity.key] = entity
    linked = []
    for row in data["linked"]:
        if not isinstance(row, list) or len(row) != 3 or not isinstance(row[2], (str, list)):
            raise ValueError("not a linked mention")
        if type(row[0]) is int and type(row[1]) is int:
            number, index, entity_key = row
            if not (0 <= number < len(extractions)) or not (
                0 <= index < len(extractions[number].mentions)
            ):
                raise ValueError("a mention of other extractions")
            paper_key = extractions[number].paper_key
            mention = extractions[number].mentions[index]
        else:
            paper_key, entity_key, values = row
            if not isinstance(paper_key, str):
                raise ValueError("not a linked mention")
            try:
                mention = checked_record(Mention, values)
            except TypeError:
                raise ValueError("not a mention") from None
        if entity_key not in entities:
            raise ValueError("a mention of no entity")
        linked.append(LinkedMention(paper_key, entity_key, mention))
    zipf = data.get("zipf")
    if not isinstance(zipf, dict) or not all(
        isinstance(k, str) and type(v) is float for k, v in zipf.items()
    ):
        raise ValueError("not Zipf frequencies")
    return Resolved(
        entities, linked, _counts(data.get("left_out")), _counts(data.get("retyped")), zipf
    )


class LinkingStore(SqliteStore):
    """Resolutions kept in the extraction cache's file ``path`` (use as a context manager);
    ``problem`` says why the store was switched off, if it was."""

    what = "linking store"
    schema = _SCHEMA

    def get(self, key: str, extractions: Sequence[PaperExtraction]) -> Resolved | None:
        """The resolution kept under ``key``, or None (none, or one that does not decode)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM linking WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as err:
            self._disable(err)
            return None
        if row is None:
            return None
        try:
            resolved = decode_resolved(row[0], extractions)
        except ValueError:
            return None  # damaged: resolved again, and replaced
        remember_zipf(resolved.zipf)  # what linking reads again needs no wordfreq
        return resolved

    def put(self, key: str, resolved: Resolved, extractions: Sequence[PaperExtraction]) -> None:
        """Keep ``resolved`` under ``key``, and the newest ``KEEP`` entries in all."""
        if self._db is None:
            return
        data = encode_resolved(resolved, extractions)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO linking VALUES (?, ?, ?)", (key, data, time.time())
                )
                self._db.execute(
                    "DELETE FROM linking WHERE key NOT IN "
                    "(SELECT key FROM linking ORDER BY stored DESC LIMIT ?)",
                    (KEEP,),
                )
        except sqlite3.Error as err:
            self._disable(err)


_ROLES_SCHEMA = """
CREATE TABLE IF NOT EXISTS roles (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    stored REAL NOT NULL
) WITHOUT ROWID
"""
# Readings kept: this many per paper of the corpus built (a few curations of it), and at
# least this many in all (other corpora built with the same cache)
ROLES_KEPT_PER_PAPER = 4
ROLES_KEPT_AT_LEAST = 40_000
_LOOKUPS_PER_QUERY = 500  # below SQLite's limit on a statement's parameters


@lru_cache(maxsize=1)
def _roles_code_digest() -> bytes:
    """``code_digest`` and the packaged role model's weights: what reads the roles."""
    from .role_model import ROLE_MODEL_FILE

    model = _PACKAGE / ROLE_MODEL_FILE
    weights = model.read_bytes() if model.is_file() else b""
    return hashlib.sha256(code_digest() + hashlib.sha256(weights).digest()).digest()


class RoleStore(SqliteStore):
    """Each paper's roles as a build read them (``kg.link.relate.paper_roles``' ``memo``),
    in the extraction cache's file ``path``, under the digest of what they were read from
    and of kg's code and role model: a change to any of them is a miss, never a stale
    reading. Use as a context manager; a store that cannot be read or written is switched
    off and the roles are read again."""

    what = "role store"
    schema = _ROLES_SCHEMA

    def _key(self, digest: str) -> str:
        return hashlib.sha256(_roles_code_digest() + digest.encode()).hexdigest()

    def get_many(self, digests: Sequence[str]) -> dict[str, bytes]:
        """The readings kept under ``digests`` (those found)."""
        if self._db is None:
            return {}
        by_key = {self._key(d): d for d in digests}
        keys = list(by_key)
        found: dict[str, bytes] = {}
        hits: list[str] = []
        try:
            for start in range(0, len(keys), _LOOKUPS_PER_QUERY):
                chunk = keys[start : start + _LOOKUPS_PER_QUERY]
                rows = self._db.execute(
                    f"SELECT key, data FROM roles WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                found.update((by_key[key], data) for key, data in rows)
                hits.extend(key for key, _ in rows)
            if hits:  # readings in use count as new: the oldest unused go first
                now = time.time()
                with self._db:
                    self._db.executemany(
                        "UPDATE roles SET stored = ? WHERE key = ?", [(now, k) for k in hits]
                    )
        except sqlite3.Error as err:
            self._disable(err)
            return {}
        return found

    def put_many(self, found: Mapping[str, bytes], corpus_papers: int) -> None:
        """Keep the readings ``found`` (digest -> reading) of a corpus of ``corpus_papers``,
        and the newest ``ROLES_KEPT_PER_PAPER`` readings per paper of it (at least
        ``ROLES_KEPT_AT_LEAST``)."""
        if self._db is None or not found:
            return
        now = time.time()
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO roles VALUES (?, ?, ?)",
                    [(self._key(d), data, now) for d, data in found.items()],
                )
                (count,) = self._db.execute("SELECT COUNT(*) FROM roles").fetchone()
                limit = max(ROLES_KEPT_PER_PAPER * corpus_papers, ROLES_KEPT_AT_LEAST)
                if count > limit:
                    self._db.execute(
                        "DELETE FROM roles WHERE key NOT IN "
                        "(SELECT key FROM roles ORDER BY stored DESC LIMIT ?)",
                        (limit,),
                    )
        except sqlite3.Error as err:
            self._disable(err)
