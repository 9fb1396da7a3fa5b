"""JSON containers of records, shared by every JSON reader: JSON Lines, a JSON array, a
wrapper object holding the records under a key ({"results": [...]}, {"data": [...]}), or
one object, each record with the line it starts on.

A reader turns records into papers; this module only finds them. JSON Lines are read a
line at a time (constant memory); a JSON document is read whole, up to
``MAX_JSON_DOCUMENT_CHARS``, and scanned item by item, so an error names the line of the
item, not its position in the array.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, TextIO

from ..errors import InputError
from .common import MAX_RECORD_CHARS, OnInvalid, bounded_lines

# Keys under which APIs and exports hold their records: kg's own "papers", Semantic
# Scholar's "data", OpenAlex's "results", and common others.
WRAPPER_KEYS = ("papers", "data", "results", "items", "records")
# A whole JSON document (.json) is parsed at once: read at most this much of it (larger
# collections belong in JSON Lines, read a record at a time).
MAX_JSON_DOCUMENT_CHARS = 256 * 1024 * 1024
MAX_JSON_DEPTH = 100  # nesting no paper record needs; deeper JSON is refused, not recursed into
TOO_DEEP = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
TOO_LONG_RECORD = (
    f"JSON record longer than {MAX_RECORD_CHARS:,} characters (the most one record may take)"
)
TOO_LONG_NUMBER = "invalid JSON (a number too long to read)"  # over 4,300 digits: Python's limit
# What decides nesting: strings (which may hold brackets), brackets and line ends.
_JSON_NESTING_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# What bounds an item: its brackets; a run of whole strings (brackets inside them are text)
# and other characters, read past as one token; a quote whose string does not close before
# the scan's end. (Possessive: a run never backtracks.)
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
_ITEM_TOKENS = re.compile(rf'(?:[^{{}}\[\]"]++|{_STRING.pattern})++|[\[\]{{}}]|"')
_DECODER = json.JSONDecoder()

Loads = Callable[[str | bytes], Any]  # json.loads, orjson.loads: text or UTF-8 bytes


def too_deep_line(text: str) -> int:
    """The line of ``text`` (JSON) where nesting first goes past ``MAX_JSON_DEPTH``."""
    depth, line = 0, 1
    for match in _JSON_NESTING_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                break
        elif token in "]}":
            depth -= 1
        else:
            line += token.count("\n")
    return line


def nesting(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def json_value(
    text: str | bytes, path: str, number: int | None = None, loads: Loads = json.loads
) -> Any:
    """``text`` parsed as JSON; ``InputError`` naming file and line when it is not JSON or
    nests too deeply (``number``: the line ``text`` is, else lines are counted in it).

    What a faster ``loads`` refuses is parsed again by ``json.loads``, which says why, or
    accepts what only it reads (escaped lone surrogates, which the paper checks then name).
    """
    try:
        return loads(text)
    except (ValueError, RecursionError):  # json's and orjson's JSONDecodeError are ValueErrors
        pass
    if isinstance(text, bytes):  # bytes that are not UTF-8 reach the paper's checks as such
        text = text.decode("utf-8", "surrogateescape")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"invalid JSON ({err.msg})", f"{path}:{number or err.lineno}") from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        raise InputError(TOO_LONG_NUMBER, f"{path}:{number or 1}") from None
    except RecursionError:
        raise InputError(TOO_DEEP, f"{path}:{number or too_deep_line(text)}") from None


def wrapped_records(value: Any) -> list | None:
    """The records a wrapper object holds (the first of ``WRAPPER_KEYS`` holding a list),
    the items of a list, or None for anything else (one record)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in WRAPPER_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
    return None


def json_records(
    stream: TextIO | BinaryIO, path: str, on_invalid: OnInvalid = None, *, loads: Loads = json.loads
) -> Iterator[tuple[int, Any]]:
    """``(line, record)`` for each record of a JSON Lines file or a JSON document.

    When the first non-blank line is a whole JSON value, the file is JSON Lines: one record
    per line, where a line holding an array or a wrapper object (an API page saved on one
    line) gives each of its records. Otherwise the file is one JSON document: an array, a
    wrapper object, or a single object. A malformed line raises ``InputError`` naming file
    and line, or goes to ``on_invalid`` and is skipped; a malformed document always raises.

    Parameters
    ----------
    stream : TextIO or BinaryIO
        What to read: text, or bytes (UTF-8) for a ``loads`` that parses bytes itself
        (orjson), which saves decoding each line first.
    path : str
        The file's name, for messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a line that is not JSON, which is then skipped.
    loads : callable
        Parses one line (``json.loads``, or a faster parser: what it refuses is parsed
        again by ``json.loads``, which names the problem).

    Yields
    ------
    tuple of (int, object)
        The 1-based line a record starts on and the parsed record (any JSON value: the
        reader checks it is an object).
    """
    lines = bounded_lines(stream, path, on_invalid)
    for number, line in lines:  # noqa: B007 (read after the loop)
        if line.strip():
            break
    else:
        return
    binary = isinstance(line, bytes)
    if number == 1:
        line = line.removeprefix(b"\xef\xbb\xbf" if binary else "\ufeff")
    if line.lstrip().startswith((b"{", b"[") if binary else ("{", "[")) and not _is_json(
        line, loads
    ):
        # not a whole value on the first line: one JSON document over several lines
        text = line + stream.read(MAX_JSON_DOCUMENT_CHARS - len(line) + 1)
        yield from _document(
            text.decode("utf-8", "surrogateescape") if binary else text, path, number - 1
        )
        return
    while True:
        if not line.isspace():
            try:
                value = loads(line)
            except (ValueError, RecursionError):
                try:
                    value = json_value(line, path, number, loads)  # names the problem
                except InputError as err:
                    if on_invalid is None:
                        raise
                    on_invalid(err)
                    value = _SKIPPED
            if type(value) is dict and value.keys().isdisjoint(WRAPPER_KEYS):
                yield number, value  # a record: most lines
            elif value is not _SKIPPED:
                records = wrapped_records(value)
                if records is None:
                    yield number, value
                else:
                    for record in records:
                        yield number, record
        following = next(lines, None)
        if following is None:
            return
        number, line = following


_SKIPPED = object()


def _is_json(text: str, loads: Loads) -> bool:
    """Whether ``text`` is one whole JSON value (too deep to parse counts: it is a whole
    line, which ``json_value`` then names)."""
    for parse in dict.fromkeys((loads, json.loads)):
        try:
            parse(text)
        except json.JSONDecodeError:  # (orjson's is one too)
            continue
        except ValueError:
            return True  # a number too long to read: a whole line all the same
        except RecursionError:
            return True
        return True
    return False


def _document(text: str, path: str, offset: int) -> Iterator[tuple[int, Any]]:
    """The records of one JSON document, each with its line (``offset`` lines come before
    ``text`` in the file)."""
    if len(text) > MAX_JSON_DOCUMENT_CHARS:
        raise InputError(
            f"JSON document longer than {MAX_JSON_DOCUMENT_CHARS:,} characters "
            "(write large collections as JSON Lines, one paper per line)",
            path,
        )
    scanner = _Scanner(text, path, offset)
    try:
        yield from scanner.document()
    except json.JSONDecodeError as err:
        raise InputError(f"invalid JSON ({err.msg})", f"{path}:{err.lineno + offset}") from None
    except RecursionError:
        raise InputError(TOO_DEEP, f"{path}:{too_deep_line(text) + offset}") from None


class _Scanner:
    """Walks a JSON document's top level (an array, or an object that may wrap one),
    decoding one item at a time and counting lines as it goes."""

    def __init__(self, text: str, path: str, offset: int) -> None:
        self.text, self.path, self.offset = text, path, offset
        self.pos = 0
        self._counted_to, self._line = 0, 1

    def line(self, pos: int) -> int:
        self._line += self.text.count("\n", self._counted_to, pos)
        self._counted_to = pos
        return self._line + self.offset

    def skip_space(self) -> str:
        """Move past whitespace; the next character ("" at the end)."""
        space = _WHITESPACE.match(self.text, self.pos)
        assert space is not None  # it matches the empty string too
        self.pos = space.end()
        return self.text[self.pos : self.pos + 1]

    def fail(self, expected: str) -> None:
        found = self.text[self.pos : self.pos + 1]
        raise InputError(
            f"invalid JSON (expected {expected}, found "
            f"{repr(found) if found else 'the end of the file'})",
            f"{self.path}:{self.line(self.pos)}",
        )

    def value(self) -> Any:
        if self.text[self.pos : self.pos + 1] in ('"', "[", "{") and not self._ends_within(
            MAX_RECORD_CHARS
        ):
            raise InputError(TOO_LONG_RECORD, f"{self.path}:{self.line(self.pos)}")
        try:
            value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        except json.JSONDecodeError:
            raise
        except ValueError:  # Python reads no integer of more than 4,300 digits
            raise InputError(TOO_LONG_NUMBER, f"{self.path}:{self.line(self.pos)}") from None
        return value

    def _ends_within(self, most: int) -> bool:
        """Whether the string, array or object at ``pos`` closes within ``most`` characters:
        found by its strings and brackets, before it is decoded (decoded whole, one item of
        hundreds of megabytes took gigabytes)."""
        if len(self.text) - self.pos <= most:
            return True  # (what is left is shorter: no item of it can be longer)
        if self.text[self.pos] == '"':  # a string: it ends where its closing quote is
            return _STRING.match(self.text, self.pos, self.pos + most) is not None
        depth = 0
        for match in _ITEM_TOKENS.finditer(self.text, self.pos, self.pos + most):
            token = match.group()
            if token == '"':
                return False  # a string not closed in the window (brackets in it are text)
            if token in "[{":
                depth += 1
            elif token in "]}":
                depth -= 1
            if depth <= 0:
                return True
        return False

    def document(self) -> Iterator[tuple[int, Any]]:
        start = self.skip_space()
        if start == "[":
            yield from self.array()
        elif start == "{":
            yield from self.object()
        else:
            yield self.line(self.pos), self.value()
        if self.skip_space():
            self.fail("the end of the document")

    def array(self) -> Iterator[tuple[int, Any]]:
        self.pos += 1
        if self.skip_space() == "]":
            self.pos += 1
            return
        while True:
            line = self.line(self.pos)
            yield line, self.value()
            following = self.skip_space()
            self.pos += 1
            if following == "]":
                return
            if following != ",":
                self.pos -= 1
                self.fail("',' or ']'")
            self.skip_space()

    def object(self) -> Iterator[tuple[int, Any]]:
        """The records of a wrapper object, or the object itself when it wraps none."""
        line, start = self.line(self.pos), self.pos
        self.pos += 1
        record: dict = {}
        wrapped = False
        if self.skip_space() == "}":
            self.pos += 1
            yield line, record
            return
        while True:
            if self.skip_space() != '"':
                self.fail("a property name in double quotes")
            key = self.value()
            if self.skip_space() != ":":
                self.fail("':'")
            self.pos += 1
            if not wrapped and key in WRAPPER_KEYS and self.skip_space() == "[":
                wrapped = True
                yield from self.array()
            else:
                self.skip_space()
                value = self.value()
                if not wrapped:
                    record[key] = value
                    if self.pos - start > MAX_RECORD_CHARS:  # (checked value by value)
                        raise InputError(TOO_LONG_RECORD, f"{self.path}:{line}")
            following = self.skip_space()
            self.pos += 1
            if following == "}":
                break
            if following != ",":
                self.pos -= 1
                self.fail("',' or '}'")
        if not wrapped:
            yield line, record
