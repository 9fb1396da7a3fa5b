"""Output folders: the manifest of the files kg wrote there, and the lock writers take.

kg overwrites or removes only a file that it wrote itself and that is unchanged since: the
folder's ``.kg-manifest.json`` records each such file's size and SHA-256. Any other file
in the way of an output is an error naming it, unless ``force``. A writer holds an
exclusive ``flock`` on the folder while it writes, so two kg processes writing into one
folder take turns, and leftovers of a killed run are removed only by the lock's holder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import stat
import warnings
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO, TypeGuard

from .errors import KgError, OutputRefused
from .files import read_user_bytes, write_text_atomic

MANIFEST = ".kg-manifest.json"
LOCK_FILE = ".kg-lock"  # only where the folder itself cannot be locked (some NFS mounts)
MANIFEST_VERSION = 1
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # kg writes a few kilobytes: a record per output file
_ABOUT = (
    "files kg wrote into this folder; kg overwrites or removes only these, and only "
    "while their size and sha256 still match"
)


def file_record(path: Path, fmt: str) -> dict:
    """What the manifest keeps of one file kg wrote: size, sha256, format and when, and
    its inode and modification time (moving it in place keeps both), which spare reading
    it again while they are unchanged."""
    status = path.stat()
    return {
        "size": status.st_size,
        "sha256": _sha256(path),
        "format": fmt,
        "inode": status.st_ino,
        "mtime_ns": status.st_mtime_ns,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _sha256(source: Path | BinaryIO) -> str:
    """The SHA-256 of a file, given by path or as an open binary file."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            return _sha256(handle)
    digest = hashlib.sha256()
    for block in iter(lambda: source.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _valid(record: object) -> TypeGuard[dict]:
    """A file record as kg writes it: a dict with an int ``size`` and a str ``sha256``."""
    return (
        isinstance(record, dict)
        and isinstance(record.get("size"), int)
        and isinstance(record.get("sha256"), str)
    )


def inside_name(name: object) -> TypeGuard[str]:
    """A name kg can have written into a folder: a relative path down from it, as kg's
    outputs are ("graph.ttl", "neo4j/papers.csv"); never absolute nor with "..", so that a
    manifest someone edited cannot name a file elsewhere for kg to remove."""
    if not isinstance(name, str) or "\x00" in name or "\\" in name:
        return False
    # ("/x" and "a//b" have an empty part, "" is one)
    return all(part not in ("", ".", "..") for part in name.split("/"))


def through_a_link(folder: Path, name: str) -> Path | None:
    """The first folder on the way from ``folder`` down to file ``name`` that is a symbolic
    link, if any: kg writes and removes nothing through one."""
    path = folder
    for part in PurePosixPath(name).parts[:-1]:
        path = path / part
        if path.is_symlink():
            return path
    return None


def _versions(record: dict | None) -> list[dict]:
    """A record, and the ``previous`` one it keeps while its file is being replaced."""
    if record is None:
        return []
    current = {k: v for k, v in record.items() if k != "previous"}
    previous = record.get("previous")
    return [current] + ([previous] if _valid(previous) else [])


def _not_a_folder_above(folder: Path, name: str) -> Path | None:
    """The first folder of ``name``'s path inside ``folder`` ("neo4j" for
    "neo4j/papers.csv") that exists and is no folder, or None."""
    above = folder
    for part in Path(name).parts[:-1]:
        above = above / part
        if os.path.lexists(above) and not above.is_dir():
            return above
    return None


class Manifest:
    """The manifest of ``folder``: relative path -> size, sha256, format, written.

    While a writer moves new files in place, a record also keeps the ``previous`` one, so
    that a run killed half-way leaves every file kg's own, in its old or its new version.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST
        self.files: dict[str, dict] = {}
        self._on_disk: dict[str, dict | None] = {}
        # a file of that name kg cannot read as its manifest: the user's, not to overwrite
        self.foreign = False
        try:  # (no FIFO to block on, no link to follow, nothing without bound)
            data = json.loads(read_user_bytes(self.path, limit=MAX_MANIFEST_BYTES, what="manifest"))
        except (KgError, ValueError, RecursionError):  # none (an older kg's), or unreadable
            self.foreign = os.path.lexists(self.path)
            return
        files = data.get("files") if isinstance(data, dict) else None
        self.foreign = not isinstance(files, dict)
        if isinstance(files, dict):
            self.files = {
                name: record
                for name, record in files.items()
                if inside_name(name) and _valid(record)
            }

    def on_disk(self, name: str) -> dict | None:
        """The record (without ``previous``) that file ``name`` still matches in size and
        sha256, else None: kg did not write it, or it changed since."""
        if name not in self._on_disk:
            self._on_disk[name] = self._match(name)
        return self._on_disk[name]

    def _match(self, name: str) -> dict | None:
        versions = _versions(self.files.get(name))
        if not versions or not inside_name(name) or through_a_link(self.folder, name):
            return None
        try:  # one open file for size and digest: another kg may be replacing it meanwhile
            handle = os.open(
                self.folder / name,
                os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0),
            )  # a FIFO must not block
        except OSError:  # missing, a symbolic link (kg writes none), unreadable
            return None
        with open(handle, "rb") as file:
            status = os.fstat(handle)
            versions = [v for v in versions if v["size"] == status.st_size]
            if not versions or not stat.S_ISREG(status.st_mode):
                return None
            for version in versions:  # the very file kg moved in place, untouched since
                if (version.get("inode"), version.get("mtime_ns")) == (
                    status.st_ino,
                    status.st_mtime_ns,
                ):
                    return version
            digest = _sha256(file)
        return next((v for v in versions if v["sha256"] == digest), None)

    def check(self, names: Iterable[str], *, force: bool) -> None:
        """Raise ``KgError`` naming the first of ``names`` that exists in the folder and is
        not kg's own (not written by kg, or changed since), unless ``force``."""
        names = list(dict.fromkeys(names))
        if os.path.lexists(self.path) and not stat.S_ISREG(os.lstat(self.path).st_mode):
            raise OutputRefused(  # kg would replace it with its manifest
                f"{self.path}: not a regular file, where kg keeps its manifest: move it away"
            )
        if self.foreign and not force:
            raise OutputRefused(
                f"{self.path}: not a manifest kg wrote, where kg keeps its manifest; overwrite "
                "it with --force (Python: force=True), or move it away"
            )
        for name in names:
            link = through_a_link(self.folder, name)
            if link is not None:  # even with force: what it points to is not this folder
                raise OutputRefused(
                    f"{link}: a symbolic link where kg writes {name}; kg writes and removes "
                    "nothing through one: move it away"
                )
            in_the_way = _not_a_folder_above(self.folder, name)
            if in_the_way is not None:  # even with force: kg replaces files, not folders
                raise OutputRefused(
                    f"{in_the_way}: not a folder, where kg writes {name}: move it away"
                )
            target = self.folder / name
            mode = os.lstat(target).st_mode if os.path.lexists(target) else None
            if mode is not None and stat.S_ISDIR(mode):
                raise OutputRefused(f"{target}: a folder, where kg writes a file: move it away")
            if mode is not None and not stat.S_ISREG(mode):
                # even with force: a device, a pipe or a link ("-o /dev/null") is no file
                # kg may replace
                raise OutputRefused(
                    f"{target}: not a regular file (a device, a pipe, a socket or a symbolic "
                    "link), where kg writes a file; kg replaces only files: move it away"
                )
        if force:
            return
        foreign = [
            name
            for name in names
            if os.path.lexists(self.folder / name) and self.on_disk(name) is None
        ]
        if not foreign:
            return
        path = self.folder / foreign[0]
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        if foreign[0] in self.files:
            why = "changed since kg wrote it"
        else:
            why = f"not written by kg, or by an older kg that kept no record in {MANIFEST}"
        raise OutputRefused(
            f"{path}: {why}{more}; overwrite it with --force (Python: force=True), or move it away"
        )

    def begin(self, records: dict[str, dict]) -> None:
        """Record the files about to be moved in place, each keeping the record of the file
        it replaces, and save."""
        for name, record in records.items():
            previous = self.on_disk(name) if os.path.lexists(self.folder / name) else None
            self.files[name] = {**record, "previous": previous} if previous else record
            self._on_disk.pop(name, None)
        self.save()

    def remove(self, names: Iterable[str]) -> list[Path]:
        """Remove those of ``names`` that are kg's own and unchanged; return their paths.

        A subfolder that this leaves empty goes too. Files kg did not write, or that
        changed since, are kept.
        """
        names = list(dict.fromkeys(names))
        removed = []
        for name in names:
            path = self.folder / name
            if path.is_file() and self.on_disk(name) is not None:
                path.unlink()
                self.files.pop(name, None)
                self._on_disk.pop(name, None)
                removed.append(path)
        for parent in {Path(name).parent for name in names} - {Path(".")}:
            if any(path.parent == self.folder / parent for path in removed):
                with contextlib.suppress(OSError):
                    (self.folder / parent).rmdir()  # only if now empty
        return removed

    def commit(self, moved: Iterable[str] = ()) -> None:
        """Save, now that files ``moved`` are in place: their previous records go; a record
        left with one by a killed run becomes the one its file matches; files no longer
        there are forgotten."""
        moved = set(moved)
        files = {}
        for name, record in self.files.items():
            if not os.path.lexists(self.folder / name):
                continue
            if "previous" in record and name not in moved:
                record = self.on_disk(name) or record
            files[name] = {k: v for k, v in record.items() if k != "previous"}
        self.files = files
        self._on_disk.clear()
        self.save()

    def save(self) -> None:
        """Write the manifest atomically: a reader sees the old one or the new one."""
        data = {
            "about": _ABOUT,
            "version": MANIFEST_VERSION,
            "files": dict(sorted(self.files.items())),
        }
        write_text_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def folder_lock(folder: str | Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the exclusive lock of output folder ``folder``; yield whether it is held.

    With ``wait`` (a writer), wait for another kg process that holds it, with a warning
    saying so; without, yield False at once when it is taken (cleanup that can be skipped).
    The lock is ``flock`` on the folder itself, or on ``.kg-lock`` in it where a folder
    cannot be locked; the kernel releases it when its holder exits, even when killed.
    """
    folder = Path(folder)
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            held = _try_lock(handle)
        except OSError:  # this file system cannot flock a folder: a lock file instead
            os.close(handle)
            handle = -1
            handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
            held = _try_lock(handle)
        if not held and wait:
            warnings.warn(
                f"{folder}: another kg process is writing into this folder; "
                "waiting for it to finish",
                stacklevel=3,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
            held = True
        yield held
    finally:
        if handle >= 0:
            os.close(handle)  # releases the lock


def _try_lock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
