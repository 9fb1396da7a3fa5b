"""The graph in a notebook: the interactive map and the report inline, each an
``<iframe srcdoc>`` holding the whole page, so it works offline and its scripts run
sandboxed, apart from the notebook's page."""

from __future__ import annotations

import os
from html import escape
from typing import TYPE_CHECKING

from .errors import UsageError, check_count, check_flag, check_number
from .records import ENTITY_TYPES

if TYPE_CHECKING:
    from pathlib import Path

    from .graph import KnowledgeGraph


class InlinePage:
    """A self-contained HTML page that Jupyter displays inline (``_repr_html_``); ``html``
    is the page itself, to save or inspect."""

    def __init__(self, html: str, height: int = 650, title: str = "kg", kind: str = "view") -> None:
        self.html = html
        self.height = _checked_height(height)
        self.title = title
        self.kind = kind  # what the folder's manifest records it as: "view" or "report"

    def _repr_html_(self) -> str:
        # sandbox without allow-same-origin: the page's scripts cannot touch the notebook
        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" title="{escape(self.title)}" '
            f'sandbox="allow-scripts" style="width: 100%; height: {int(self.height)}px; '
            'border: 1px solid #ddd;"></iframe>'
        )

    def save(self, path, *, force: bool = False) -> Path:
        """Write the page to ``path`` (atomically) and return it; a file kg did not write
        there, or another of kg's outputs, is not overwritten unless ``force``, as with
        ``kg view`` and ``kg report``."""
        from .api import write_page

        check_flag("force", force)
        try:
            where = os.fsdecode(path)
        except TypeError:
            raise UsageError(f"path must be a file path, not {type(path).__name__}") from None
        if "\x00" in where:
            raise UsageError(f"path must be a file path, not {where!r:.60} (a NUL character)")
        if os.path.isdir(where):
            raise UsageError(f"{where}: is a folder; give a file name for the page")
        return write_page(where, self.html, self.kind, force=force)


def _checked_height(height) -> int:
    return int(check_number("height", height, least=1, most=100_000))  # pixels


def show_map(
    graph: KnowledgeGraph,
    type: str | None = None,
    top: int = 300,
    height: int = 650,
    generic: bool = False,
) -> InlinePage:
    """The interactive map inline in Jupyter (works offline).

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph to draw.
    type : str, optional
        Draw the entities of one type only.
    top : int, default 300
        Entities drawn, most central first (graph.html's ``--html-max-nodes``).
    height : int, default 650
        Height of the inline frame, in pixels.
    generic : bool, default False
        Draw umbrella terms too (``--include-generic``).

    Returns
    -------
    InlinePage
        The page; Jupyter displays it, ``.save(path)`` writes it.

    Examples
    --------
    >>> import kg
    >>> page = kg.show_map(kg.build(), top=50)  # the bundled sample
    >>> page.html.startswith("<!DOCTYPE html>") or page.html.lstrip().startswith("<")
    True
    """
    from .export.html import render_html
    from .graph import check_graph

    check_graph(graph)
    check_count("top", top, least=1)
    if type is not None and type not in ENTITY_TYPES:
        raise UsageError(
            f"type must be one of {', '.join(ENTITY_TYPES)} (or None), not {type!r:.60}"
        )
    check_flag("generic", generic)
    height = _checked_height(height)
    return InlinePage(
        render_html(graph, top=int(top), type=type, generic=generic), height, "kg map"
    )


def show_report(graph: KnowledgeGraph, height: int = 800) -> InlinePage:
    """report.html (summary, top entities, trends, matrices, proposals, communities) inline
    in Jupyter (works offline).

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph to report on.
    height : int, default 800
        Height of the inline frame, in pixels.

    Returns
    -------
    InlinePage
        The page; Jupyter displays it, ``.save(path)`` writes it.
    """
    from .export.report import render_report
    from .graph import check_graph

    check_graph(graph)
    height = _checked_height(height)
    return InlinePage(render_report(graph), height, "kg report", "report")
