"""Reader for BibTeX and BibLaTeX files (exports of Zotero, Mendeley, JabRef, Google
Scholar, or a paper's own ``.bib``), parsed with bibtexparser 2.

Entries with an ``abstract`` become papers; the many entries without one are skipped and
counted. LaTeX in titles, abstracts and names becomes text with pylatexenc: braces that
protect case go (``{LoRA}``), accents are applied (``\\'e`` -> é), ``--`` and ``---``
become dashes, and math (``$O(n^2)$``) is kept as written; a bare ``%``, which LaTeX
would read as the start of a comment, is kept as a percent sign.

Fields read: ``title``, ``abstract``, ``author`` ("Last, First" or "First Last", joined
by "and"; "and others" dropped), ``date`` (BibLaTeX) else ``year`` and ``month``, ``doi``,
the arXiv id (``eprint`` with ``archiveprefix``/``eprinttype`` arXiv, or "arXiv:…" in
``journal``, ``note`` or ``url``), ``url``, and ``keywords`` as categories.

A file is read in pieces of about a megabyte, cut before a line that starts an entry, so
memory stays small however large the file; ``@string`` macros carry across pieces. An
entry whose braces do not balance ends where the parser finds the next entry: it is one
error naming its first line (or skipped with ``on_invalid``), and reading goes on.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import InputError
from ..ids import ARXIV, DOI, arxiv_id, arxiv_id_in_text, identifiers
from ..records import MONTH_NAMES, Paper, Source
from ..registry import reader
from .common import (
    MAX_ABSTRACT_CHARS,
    MAX_LIST_ITEMS,
    MAX_RECORD_CHARS,
    MAX_TITLE_CHARS,
    InputWarning,
    OnInvalid,
    WithoutAbstract,
    bounded_lines,
    checked,
    make_paper,
    stated_date,
    valid_date,
)

if TYPE_CHECKING:
    from bibtexparser.model import Entry

FORMAT = "bibtex"
CHUNK_CHARS = 1024 * 1024
_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_ENTRY_IN_HEAD = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
# What is left after an entry that an extra "}" closed early: its next fields.
_STRAY_FIELDS = re.compile(r"^[\s,]*[A-Za-z][\w:-]*\s*=\s*[{\"\d]")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_LATEX_HINT = re.compile(r"[\\{}$~]|--|``|''")  # what pylatexenc would change
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}


def looks_like_bibtex(head: str, name: str) -> float:
    """A line that opens an entry ("@article{", "@inproceedings{"); else a .bib name."""
    if _ENTRY_IN_HEAD.search(head):
        return 0.95
    return 0.5 if name.lower().removesuffix(".gz").endswith((".bib", ".bibtex")) else 0.0


@reader(FORMAT, suffixes=(".bib", ".bibtex"), sniff=looks_like_bibtex)
def read_bibtex(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """Yield one ``Paper`` per BibTeX entry that has an abstract.

    Parameters
    ----------
    stream : TextIO
        The .bib text.
    path : str
        The file's name, for ``Source`` and messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a malformed entry (unbalanced braces, an unreadable
        year), which is then skipped; without it the first one raises.

    Yields
    ------
    Paper
        ``Source.line`` is the line the entry starts on.

    Warns
    -----
    InputWarning
        Once at the end of the file, counting the entries without an abstract.
    """
    import bibtexparser
    from bibtexparser.library import Library

    # bibtexparser logs each malformed entry with its own, piece-relative line numbers;
    # this reader reports them itself
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    from bibtexparser.model import (
        Block,
        DuplicateBlockKeyBlock,
        Entry,
        ImplicitComment,
        MiddlewareErrorBlock,
        ParsingFailedBlock,
        String,
    )

    without = WithoutAbstract(path)
    strings: dict[str, String] = {}  # @string macros so far, by name: later pieces use them
    macros = _Macros()  # their texts, as concatenations use them
    for first_line, text in _pieces(stream, path, on_invalid):
        # the macros this piece may name, not every one defined before: a file of many
        # macros read in many pieces took time of their product
        named = {word.lower() for word in _WORD.findall(text)}
        known: list[Block] = [block for key, block in strings.items() if key.lower() in named]
        library = bibtexparser.parse_string(text, library=Library(known))
        for parsed in library.blocks[len(known) :]:
            line = first_line + (parsed.start_line or 0)
            where = f"{path}:{line}"
            block = (  # a key used twice: still a paper
                parsed.ignore_error_block if isinstance(parsed, DuplicateBlockKeyBlock) else parsed
            )
            if isinstance(block, String):
                if not isinstance(block.value, str):
                    strings[block.key] = block
                elif checked(macros.define, on_invalid, block.key, block.value, where):
                    strings[block.key] = block  # (not one past the bound, with --skip-invalid)
            elif isinstance(block, Entry):
                fields = {f.key.lower(): f.value for f in block.fields}
                if without.lacks(fields.get("abstract")):
                    continue
                source = Source(path, line, FORMAT)
                paper = checked(entry_paper, on_invalid, block, fields, source, macros)
                if paper is not None:
                    yield paper
            elif isinstance(block, (MiddlewareErrorBlock, ParsingFailedBlock)):
                checked(_fail, on_invalid, _parse_problem(block.error), where)
            elif isinstance(block, ImplicitComment) and _STRAY_FIELDS.match(block.comment):
                checked(
                    _fail,
                    on_invalid,
                    "fields after the end of an entry (an extra closing brace?)",
                    where,
                )
    without.report()


def _pieces(stream: TextIO, path: str, on_invalid: OnInvalid) -> Iterator[tuple[int, str]]:
    """(number of the piece's first line, text) of pieces of about ``CHUNK_CHARS``, each
    cut before a line that opens an entry (where the parser would cut anyway): at most
    ``CHUNK_CHARS`` and one entry. An entry (with what follows it up to the next) longer
    than ``MAX_RECORD_CHARS`` is an ``InputError`` naming its first line; with
    ``on_invalid`` it is reported and read through to the next entry, and the entries
    around it are read."""
    lines: list[str] = []
    size, start = 0, 1
    entry_index, entry_line, entry_size = 0, 1, 0  # the last entry opened: where, how long
    skipping = False
    for number, line in bounded_lines(stream, path, on_invalid):
        opens = bool(_ENTRY_START.match(line))
        if skipping:
            if not opens:
                continue
            skipping = False
        if opens:
            if lines and size >= CHUNK_CHARS:
                yield start, "".join(lines)
                lines, size, start = [], 0, number
            entry_index, entry_line, entry_size = len(lines), number, 0
        if entry_size + len(line) > MAX_RECORD_CHARS:
            checked(
                _fail,
                on_invalid,
                f"entry longer than {MAX_RECORD_CHARS:,} characters (unbalanced braces?)",
                f"{path}:{entry_line}",
            )
            # the entries before the long one are kept; the long one is left out
            if entry_index:
                yield start, "".join(lines[:entry_index])
            lines, size, skipping = [], 0, True
            continue
        if not lines:
            start = number
        lines.append(line)
        size += len(line)
        entry_size += len(line)
    if lines:
        yield start, "".join(lines)


def _fail(message: str, where: str) -> None:
    raise InputError(message, where)


def _parse_problem(error: Exception) -> str:
    """bibtexparser's reason on one line, without its own (piece-relative) line numbers."""
    reason = getattr(error, "abort_reason", None) or str(error)
    reason = " ".join(reason.split()).rstrip(".")
    return (
        f"malformed BibTeX entry (unbalanced braces or quotes?): {reason}"
        if reason
        else "malformed BibTeX entry (unbalanced braces or quotes?)"
    )


# A word a piece of a file may name a macro by (where bibtexparser reads a bare word).
_WORD = re.compile(r"[^\s#{}\",=@()]+")
# What each @string macro costs in the bound on them together, besides its name and text
# (the record kept of it): a file of a million empty macros is not free to read.
MACRO_COST = 64


class _Macros:
    """The texts of the @string macros defined so far, by lower-case name: each read when
    it is defined, as BibTeX does; together, each with its name and ``MACRO_COST``, at most
    ``MAX_RECORD_CHARS`` (a macro of a macro doubles at each level: twenty levels of two
    letters make two million)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.size = 0

    def define(self, name: str, value: str, where: str) -> bool:
        """Read the macro ``name`` (True); ``InputError`` past the bound (it is then not
        defined)."""
        joined = _concatenation(value, self, where)
        text = value if joined is None else joined
        key = name.lower()
        before = self.texts.get(key)
        cost = len(key) + len(text) + MACRO_COST
        size = self.size - (0 if before is None else len(key) + len(before) + MACRO_COST) + cost
        if size > MAX_RECORD_CHARS:
            raise InputError(
                f"@string macros longer than {MAX_RECORD_CHARS:,} characters together", where
            )
        self.texts[key], self.size = text, size
        return True

    def defined(self, name: str) -> bool:
        return name.lower() in self.texts or name.lower() in _MONTHS

    def text(self, name: str) -> str:
        key = name.lower()
        if key in self.texts:
            return self.texts[key]
        return MONTH_NAMES[_MONTHS[key] - 1]  # a month's name: what BibTeX's styles define


_BARE_WORD = re.compile(r"[^\s#{}\",]+")
_DELIMITERS = re.compile(r'[{}"]')
# The fields an entry's paper is read from: only they are joined.
_READ_FIELDS = frozenset(
    [
        "title",
        "abstract",
        "author",
        "year",
        "month",
        "date",
        "doi",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "journal",
        "note",
        "url",
        "howpublished",
        "keywords",
    ]
)


def _past_space(value: str, at: int) -> int:
    while at < len(value) and value[at].isspace():
        at += 1
    return at


def _piece_end(value: str, at: int) -> int | None:
    """Where the braced or quoted piece opening at ``at`` closes (its last character), or
    None when it does not: a quoted piece ends at a quote outside braces."""
    nesting = 0
    for delimiter in _DELIMITERS.finditer(value, at + 1):
        mark = delimiter.group()
        if mark == "{":
            nesting += 1
        elif mark == "}":
            if nesting == 0:
                return delimiter.start() if value[at] == "{" else None
            nesting -= 1
        elif nesting == 0 and value[at] == '"':
            return delimiter.start()
    return None


def _concatenation(value: str, macros: _Macros, where: str) -> str | None:
    """The text of a BibTeX concatenation (``"Quill " # {folding} # macro``), its pieces
    joined with the macros' texts; None when ``value`` is no concatenation, or names a
    macro not defined (one piece, or a braced text with a "#" in it: bibtexparser's
    reading stands). ``InputError`` for a text longer than ``MAX_RECORD_CHARS``."""
    if "#" not in value:
        return None
    pieces: list[tuple[bool, str]] = []  # (a macro's name?, text)
    at = _past_space(value, 0)
    while True:
        if value[at : at + 1] in ("{", '"'):
            end = _piece_end(value, at)
            if end is None:
                return None  # (unbalanced: not read as pieces)
            pieces.append((False, value[at + 1 : end]))
            at = end + 1
        else:
            word = _BARE_WORD.match(value, at)
            if word is None:
                return None
            pieces.append((not word.group().isdigit(), word.group()))
            at = word.end()
        at = _past_space(value, at)
        if at == len(value):
            break
        if value[at] != "#":
            return None
        at = _past_space(value, at + 1)
    if len(pieces) < 2 or not all(macros.defined(text) for named, text in pieces if named):
        return None
    texts, size = [], 0
    for named, text in pieces:
        texts.append(macros.text(text) if named else text)
        size += len(texts[-1])
        if size > MAX_RECORD_CHARS:
            raise InputError(
                f"a field's concatenation is longer than {MAX_RECORD_CHARS:,} characters", where
            )
    return "".join(texts)


def entry_paper(
    entry: Entry, fields: dict[str, Any], source: Source, macros: _Macros | None = None
) -> Paper:
    """The ``Paper`` of one BibTeX entry (``fields``: its fields by lower-case name; their
    concatenations, ``"a" # {b} # macro``, are joined with ``macros``' texts)."""
    if macros is not None:
        for name, value in fields.items():
            if name in _READ_FIELDS and isinstance(value, str):
                joined = _concatenation(value, macros, str(source))
                if joined is not None:
                    fields[name] = joined

    def text(name: str) -> str:
        return fields[name] if isinstance(fields.get(name), str) else ""

    eprint = text("eprint").strip()
    archive = (text("archiveprefix") or text("eprinttype")).strip().lower()
    found = identifiers(
        (DOI, latex_free(text("doi"))),
        (ARXIV, eprint if archive == "arxiv" or arxiv_id(eprint) else None),
        *(
            (ARXIV, arxiv_id_in_text(text(name)))
            for name in ("journal", "note", "url", "howpublished")
        ),
    )
    url = latex_free(text("url"))
    for name, most in (("title", MAX_TITLE_CHARS), ("abstract", MAX_ABSTRACT_CHARS)):
        # markup is refused before it is read: converting it costs far more than a check
        if len(text(name)) > LATEX_GROWTH * most:
            raise InputError(f"{name} longer than {most} characters", str(source))
    keywords = [k for k in re.split(r"\s*[,;]\s*", text("keywords")) if k.strip()]
    return make_paper(
        latex_text(text("title")),
        latex_text(text("abstract")),
        source,
        external_id=found[0] if found else entry.key,
        date=_date(fields, source),
        authors=_authors(text("author")),
        urls=[url] if url.startswith(("http://", "https://")) else [],
        categories=_latex_items(keywords),
        ids=found,
    )


# How many characters of LaTeX a field may hold per character of text it makes, at most,
# before it is read ("\\emph{a}" makes one): a field longer is refused unread.
LATEX_GROWTH = 8


def _latex_items(items: list[str]) -> list[str]:
    """Items of a list made text (``latex_text``), the ones past those a record keeps
    (``MAX_LIST_ITEMS``, with a warning later) left as written: not worth converting."""
    return [latex_text(item) for item in items[: MAX_LIST_ITEMS + 1]] + items[MAX_LIST_ITEMS + 1 :]


def _date(fields: dict[str, Any], source: Source) -> str | None:
    """ISO date of an entry: BibLaTeX ``date``, else ``year`` with ``month`` when it reads
    (a month that does not is left out, with a warning: the year still holds)."""
    date = fields.get("date")
    if isinstance(date, str) and date.strip():
        return stated_date(latex_free(date).split("/")[0], source)  # a range: its start
    year_field, month_field = fields.get("year"), fields.get("month")
    year = latex_free(year_field if isinstance(year_field, str) else "")
    if not year:
        return None
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise InputError(f"cannot read the year {year[:40]!r} (expected four digits)", str(source))
    month_text = latex_free(month_field if isinstance(month_field, str) else "")
    if not month_text:
        return year
    month = _month(month_text)
    if month is None:
        warnings.warn(
            f"{source}: month {month_text[:20]!r} not read; the year is kept",
            InputWarning,
            stacklevel=2,
        )
        return year
    return valid_date(int(year), month, None)


def _month(text: str) -> int | None:
    """1 to 12 for "6", "jun", "Jun.", "June"; None for anything else."""
    text = text.strip().rstrip(".").lower()
    if text.isascii() and text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.get(text)


def _authors(field: str) -> list[str]:
    """Names in reading order ("Hu, Edward J." -> "Edward J. Hu"), LaTeX made text; the
    "others" of "and others" dropped."""
    if not field.strip():
        return []
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    names: list[str] = []
    for name in split_multiple_persons_names(field):
        if name.strip().lower() == "others":
            continue
        if len(names) <= MAX_LIST_ITEMS:  # (the rest are counted, not kept: not read)
            try:
                parts = parse_single_name_into_parts(name, strict=False)
                name = latex_text(" ".join(parts.first + parts.von + parts.last + parts.jr))
            except InvalidNameError:
                name = latex_text(name)
        names.append(name)
    return names


def latex_free(text: str) -> str:
    """A value whose LaTeX is only protection (a DOI, a year, a URL): braces dropped."""
    return text.replace("{", "").replace("}", "").strip()


def latex_text(text: str) -> str:
    """LaTeX as plain text: case braces removed, accents and dashes made characters,
    math kept as written, ``\\%`` and a bare ``%`` both a percent sign.

    Examples
    --------
    >>> latex_text(r"{LoRA}: Caf\\'e -- $O(n^2)$ at 95% \\emph{less}")
    'LoRA: Café – $O(n^2)$ at 95% less'
    """
    if not _LATEX_HINT.search(text):
        return text  # plain text (most titles): nothing to convert, and pylatexenc is slow
    from pylatexenc.latexwalker import LatexWalker

    walker_context, converter = _latex()
    try:
        nodes = LatexWalker(
            _BARE_PERCENT.sub(r"\\%", text), latex_context=walker_context, tolerant_parsing=True
        ).get_latex_nodes()[0]
        return converter.nodelist_to_text(nodes)
    except Exception:  # noqa: BLE001  (pylatexenc's many errors: the text as written will do)
        return latex_free(text)


@functools.cache
def _latex():
    """pylatexenc's parser context and converter, with the macros .bib files use that it
    lacks (``\\href``; ``\\url`` without angle brackets; citations dropped)."""
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.latexwalker import get_default_latex_context_db as walker_db
    from pylatexenc.macrospec import MacroSpec

    def nothing(node) -> str:  # a citation leaves no text
        return ""

    cites = ("cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear")
    walker_context = walker_db()
    walker_context.add_context_category(
        "kg-bibtex",
        prepend=True,
        macros=[MacroSpec("href", "{{"), *(MacroSpec(c, "*[[{") for c in cites)],
    )
    text_context = get_default_latex_context_db()
    text_context.add_context_category(
        "kg-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("href", simplify_repl="%(2)s"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            *(MacroTextSpec(c, simplify_repl=nothing) for c in cites),
        ],
    )
    return walker_context, LatexNodes2Text(
        latex_context=text_context, math_mode="verbatim", keep_braced_groups=False
    )
