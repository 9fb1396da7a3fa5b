"""Overlap resolution: which of the candidate mentions are kept.

``resolve`` keeps non-overlapping mentions, the most trusted source first; ``nested_names``
keeps the known names inside a kept mention ("Transformer" in "Transformer-based language
model") for ``doc.spans["kg_nested"]``.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from ..text.words import singular
from .candidates import SOURCE_PRIORITY, Candidate, one_collection_word

# Words after a method's known name that make the two the name of a measure.
_MEASURE_WORDS = frozenset({"score", "metric"})


def resolve(candidates: list[Candidate], priority: dict[str, int] | None = None) -> list[Candidate]:
    """Non-overlapping mentions: the most trusted source first (``priority``, 0 first, or
    a candidate's own ``rank``), then longest, then leftmost.

    The same span offered by several sources is one mention: the first offer's label,
    and the model's label if the model offered it too.
    """
    priority = priority or SOURCE_PRIORITY
    kept: list[Candidate] = []
    by_span: dict[tuple[int, int], Candidate] = {}
    order = sorted(
        candidates,
        key=lambda c: (
            priority[c.source] if c.rank is None else c.rank,
            c.start - c.end,
            c.start,
        ),
    )
    starts: list[int] = []  # of ``kept``, which stays sorted by start and never overlaps
    for candidate in order:
        same = by_span.get((candidate.start, candidate.end))
        if same is not None:
            same.model_label = same.model_label or candidate.model_label
            continue
        # only the kept mentions on either side of where it would go can cross it
        at = bisect_left(starts, candidate.start)
        if any(candidate.crosses(other) for other in kept[max(at - 1, 0) : at + 1]):
            continue
        kept.insert(at, candidate)
        starts.insert(at, candidate.start)
        by_span[(candidate.start, candidate.end)] = candidate
    return kept


def nested_names(
    candidates: list[Candidate],
    kept: list[Candidate],
    priority: dict[str, int] | None = None,
    doc: Doc | None = None,
) -> list[Candidate]:
    """Known names strictly inside a kept mention that is no dataset name and no known name
    of another type, flattened.

    Given the ``doc``, a known name is no mention of its own between two capitalised words
    of the longer name ("Spatial Quillformer Networks", "Frechet Zarn Distance"), nor
    joined by a slash to another name in a name of data ("the Quill / DailyGlyph task", read
    as data by the recogniser), nor a method's before a word that names a measure or data
    ("Quill scores", "the Quill corpus"): there it is a word of another name."""
    spans = {(k.start, k.end) for k in kept}
    known = {(c.start, c.end, c.label) for c in candidates if c.source == "lexicon"}
    inner = [
        c
        for c in candidates
        if c.nestable
        and (c.start, c.end) not in spans
        and any(
            k.start <= c.start
            and c.end <= k.end
            and k.label != "dataset"
            and not _known_of_another_type(known, k, c)
            and not (doc is not None and _inside_a_name(doc, c, k))
            for k in kept
        )
    ]
    return resolve(inner, priority)


def _known_of_another_type(
    known: set[tuple[int, int, str]], outer: Candidate, inner: Candidate
) -> bool:
    """ "Zarn Score", a known metric, holds no mention of the method "Zarn"; a known name of
    the same type ("Vision Zarnformer") is a kind of the one inside and keeps it."""
    return any(
        (outer.start, outer.end) == (start, end) and label != inner.label
        for start, end, label in known
    )


def _inside_a_name(doc: Doc, inner: Candidate, outer: Candidate) -> bool:
    before = doc[inner.start - 1].text if outer.start < inner.start else ""
    after = doc[inner.end].text if inner.end < outer.end else ""
    if inner.label == "method" and (
        singular(after.lower()) in _MEASURE_WORDS
        or (one_collection_word(after) and inner.end + 1 == outer.end)
    ):
        # "Zarn scores", "the Quill corpus": the name of a measure or of data named after a
        # method; not data for it ("Quill benchmarks", "Quill benchmark problems"), nor a
        # task's name before "datasets", which says what they are for
        return True
    if before[:1].isupper() and after[:1].isupper() and doc._.kg_field != "title":
        return True  # "Spatial Quillformer Networks" (a title capitalises every word)
    # "Quill / DailyGlyph reading comprehension": data named by joining names with a slash
    return outer.model_label == "Material" and "/" in (before, after)
