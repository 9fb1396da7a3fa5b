"""Files: atomic writes (a file appears whole or not at all), CSV cells made safe, and users'
small text files (lexicons, queries, curation files) read within a size limit."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

MIB = 1024 * 1024


# The longest file name most file systems take (bytes), less what atomic_path adds to a name
# (".", "." and 8 random characters, ".tmp").
_LONGEST_TEMPORARY_STEM = 255 - 14


def temporary_stem(name: str) -> str:
    """The part of ``atomic_path``'s temporary name that is the file's own name: the name,
    cut to fit where it is near the 255-byte limit."""
    while len(os.fsencode(name)) > _LONGEST_TEMPORARY_STEM:
        name = name[:-1]
    return name


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{temporary_stem(path.name)}.", suffix=".tmp", dir=path.parent
    )
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: str | Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number, maybe a percentage ("-2.3", "+0.208", "+1e5", "-4.1%"): a spreadsheet
# reads it as the number it is, no formula runs.
_SIGNED_NUMBER = re.compile(r"[-+](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula: text starting with =, +, -, @,
    tab or carriage return gets a leading apostrophe (OWASP's advice for CSV injection),
    unless it is a signed number ("+0.208", "-4.1%"), which it leaves as written."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_cells(frame):
    """A copy of a pandas DataFrame whose text cells are made safe by ``safe_cell``."""
    frame = frame.copy()
    for column in frame.columns:
        frame[column] = frame[column].map(safe_cell)
    return frame


def read_user_bytes(path: str | os.PathLike, *, limit: int, what: str) -> bytes:
    """The bytes of a user's file of at most ``limit`` bytes: a lexicon, a query, a curation
    file. ``InputError`` (naming ``what`` and the path) where it cannot be read, is no
    regular file (a FIFO would block, a device never end) or is larger, before reading."""
    where = os.fspath(path)
    if "\x00" in os.fsdecode(where):
        raise InputError(f"cannot read the {what} (its path holds a NUL character)", repr(where))
    try:
        if not stat.S_ISREG(os.stat(where).st_mode):  # no device is opened at all
            raise InputError(f"not a regular file (a {what} must be one)", where)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.open(where, flags)
    except OSError as err:
        raise InputError(f"cannot read the {what} ({err.strerror or err})", where) from None
    with open(handle, "rb") as file:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(f"not a regular file (a {what} must be one)", where)
        if status.st_size > limit:
            raise InputError(f"a {what} over {limit // MIB} MiB", where)
        try:
            data = file.read(limit + 1)
        except OSError as err:
            raise InputError(f"cannot read the {what} ({err.strerror or err})", where) from None
    if len(data) > limit:  # grew while read
        raise InputError(f"a {what} over {limit // MIB} MiB", where)
    return data


def read_user_text(path: str | os.PathLike, *, limit: int, what: str) -> str:
    """``read_user_bytes`` decoded as UTF-8 (a byte order mark, as Notepad saves, dropped)."""
    try:
        return read_user_bytes(path, limit=limit, what=what).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"a {what} that is not UTF-8 text", os.fspath(path)) from None


@contextlib.contextmanager
def folders_removed_unless_written(out: str | os.PathLike | None) -> Iterator[None]:
    """Within it, the folders of path ``out`` that do not exist yet (``out`` and its
    missing parents: what making it makes) are removed again if the block fails or is
    interrupted, where they are still empty: a failed build leaves no folder behind."""
    made = _folders_to_make(out) if out is not None else []
    try:
        yield
    except BaseException:
        _remove_empty_folders(made)
        raise


def _folders_to_make(out: str | os.PathLike) -> list[Path]:
    """The folders of path ``out`` that do not exist yet, deepest first: what making it
    makes."""
    missing: list[Path] = []
    folder = Path(out)
    if "\x00" in str(folder):
        return missing  # a path no system takes: making it fails, and makes nothing
    try:
        while not os.path.lexists(folder) and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
    except (OSError, ValueError):
        return []  # a path the system refuses: making it fails, and leaves nothing
    return missing


def _remove_empty_folders(folders: list[Path]) -> None:
    """Remove those of ``folders`` (deepest first) that are empty; stop at one that is not."""
    for folder in folders:
        try:
            folder.rmdir()
        except (OSError, ValueError):
            return
