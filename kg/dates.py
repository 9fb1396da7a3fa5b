"""Paper dates as kg keeps them: ISO text of what the source states, "2021", "2021-06",
"2021-06-15", or a year-less "--06-26" (Hugging Face dumps); the span of days each may mean."""

from __future__ import annotations

import datetime
import functools
from typing import TypeGuard


def has_year(date: str | None) -> TypeGuard[str]:
    """True when ``date`` states a year ("2021", "2021-06-15"; not "--06-26" or None)."""
    return date is not None and date[:4].isascii() and date[:4].isdigit()


def first_day(date: str) -> str:
    """The first day an ISO date may mean: "2021" -> "2021-01-01", "2021-06" -> "2021-06-01"."""
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date


def last_day(date: str) -> str:
    """The last day an ISO date may mean ("2021" -> "2021-12-31"; a month: its day 31,
    which sorts after its every day, as only comparisons use it)."""
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


def date_span(dates) -> tuple[str, str] | None:
    """The first and last of the dated ``dates`` (ISO strings), or None when none states a
    year."""
    dated = sorted(d for d in dates if has_year(d))
    return (dated[0], dated[-1]) if dated else None


@functools.lru_cache(maxsize=65536)  # a few thousand distinct days make most of a corpus
def valid_date(year: int, month: int | None, day: int | None) -> str | None:
    """ISO text of a date that exists on the calendar ("2024-02-30" does not: None)."""
    if month is None:
        return f"{year:04d}" if year >= 1 else None
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
