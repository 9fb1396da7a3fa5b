"""The graph in a notebook: the interactive map and the report inline, each an
``<iframe srcdoc>`` holding the whole page, so it works offline and its scripts run
sandboxed, apart from the notebook's page."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .graph import KnowledgeGraph


class InlinePage:
    """A self-contained HTML page that Jupyter displays inline (``_repr_html_``); ``html``
    is the page itself, to save or inspect."""

    def __init__(self, html: str, height: int = 650, title: str = "kg") -> None:
        self.html = html
        self.height = height
        self.title = title

    def _repr_html_(self) -> str:
        # sandbox without allow-same-origin: the page's scripts cannot touch the notebook
        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" title="{escape(self.title)}" '
            f'sandbox="allow-scripts" style="width: 100%; height: {int(self.height)}px; '
            'border: 1px solid #ddd;"></iframe>'
        )

    def save(self, path) -> None:
        """Write the page to ``path`` (atomically)."""
        from .files import write_text_atomic

        write_text_atomic(path, self.html)


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

    return InlinePage(
        render_html(graph, top=top, type=type, generic=generic),
        height,
        "kg map",
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

    return InlinePage(render_report(graph), height, "kg report")
