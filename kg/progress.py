"""Progress of long runs, for a progress bar or a log: the stages a run goes through
(``kg.build``, ``kg.write_outputs``, ``kg.validate``, ``kg.analysis.centrality`` take a
``stages`` function), and how far a build's extraction has got (``kg.build``'s
``progress`` function gets a ``PaperStream``). Nothing here prints: the command line
does, and the Python API stays quiet unless given a function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import KgError
from .records import Paper

if TYPE_CHECKING:
    from .readers import ReadMeter


@dataclass(frozen=True)
class Stage:
    """A stage of a long run, as it starts.

    Attributes
    ----------
    name : str
        What the stage does: ``extract``, ``link`` and ``write`` for a build (one ``write``
        per output format), ``read`` and ``validate`` for ``kg.validate``, ``measure`` for
        ``kg.analysis.centrality``.
    message : str
        One line for people, with the sizes known when it starts (``linking 16,538
        mentions of 624 papers...``); also the stage's ``str``.

    Examples
    --------
    >>> seen = []
    >>> _ = kg.build(entity_model="none", stages=seen.append)  # the bundled sample
    >>> [stage.name for stage in seen]
    ['extract', 'link']
    >>> print(seen[1])
    linking ... mentions of ... papers...
    """

    name: str
    message: str

    def __str__(self) -> str:
        return self.message


StageHook = Callable[[Stage], None]


def announce(stages: StageHook | None, name: str, message: str) -> None:
    """Tell ``stages``, if given, that stage ``name`` starts."""
    if stages is not None:
        stages(Stage(name, message))


def check_stages(stages: object) -> None:
    """A ``KgError`` unless ``stages`` is None or a function."""
    if stages is not None and not callable(stages):
        raise KgError(
            f"stages must be a function of a kg.progress.Stage, not {type(stages).__name__}"
        )


def byte_size(count: int) -> str:
    """A size for people, in decimal units as ``ls -h --si``: ``936 kB``, ``2.1 MB``."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            digits = 1 if count < 10 * size else 0
            return f"{count / size:.{digits}f} {unit}"
    return f"{count} bytes"


class Reading:
    """The unique papers read so far from a build's inputs, and the bytes they took."""

    def __init__(self, meter: ReadMeter) -> None:
        self.meter = meter
        self.papers = 0
        self.finished = False

    def count(self, papers: Iterator[Paper]) -> Iterator[Paper]:
        """``papers``, counted as they pass; ``finished`` once they end."""
        for paper in papers:
            self.papers += 1
            yield paper
        self.finished = True

    def total(self) -> int | None:
        """The papers in all: exact once the inputs are read to their end; until then
        the papers read so far scaled by the share of the inputs' bytes they took; None
        when that is unknown (standard input, nothing read yet)."""
        if self.finished:
            return self.papers
        total_bytes, read = self.meter.total, self.meter.bytes_read()
        if not total_bytes or not read or not self.papers:
            return None
        return max(self.papers, round(self.papers * total_bytes / read))


class PaperStream(Iterator[Paper]):
    """The papers of a build as their extraction is done (by the pipeline or from the
    cache), in input order: what ``kg.build`` gives its ``progress`` function.

    Reading runs ahead of extraction (workers are kept busy), so ``total`` is known
    before the papers are all through.
    """

    def __init__(self, papers: Iterator[Paper], reading: Reading) -> None:
        self._papers = papers
        self._reading = reading
        self.done = 0  # papers given out so far

    def __next__(self) -> Paper:
        paper = next(self._papers)
        self.done += 1
        return paper

    @property
    def total(self) -> int | None:
        """The papers in all (duplicates merged): exact once the inputs are read to their
        end (``estimated`` is then False), estimated from the bytes read until then; None
        when unknown (standard input)."""
        return self._reading.total()

    @property
    def estimated(self) -> bool:
        """Whether ``total`` is an estimate (the inputs are not read to their end yet)."""
        return not self._reading.finished

    @property
    def bytes_read(self) -> int:
        """Bytes of the input files read so far (compressed bytes for gzip files)."""
        return self._reading.meter.bytes_read()

    @property
    def total_bytes(self) -> int | None:
        """Bytes of the input files in all; None for standard input."""
        return self._reading.meter.total
