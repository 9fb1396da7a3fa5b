"""Notebook display of a graph: a summary table as its rich repr, and the interactive graph
and the report inline, each an ``<iframe srcdoc>`` holding the whole page so it works
offline and its scripts run sandboxed, apart from the notebook's page."""

from __future__ import annotations

from html import escape

from .records import ENTITY_TYPES, Entity

SUMMARY_TOP = 5  # names per type in the notebook summary


class InlinePage:
    """A self-contained HTML page that Jupyter displays inline (``_repr_html_``); ``html``
    is the page itself, to save or inspect."""

    def __init__(self, html: str, height: int = 650, title: str = "kg") -> None:
        self.html = html
        self.height = height
        self.title = title

    def _repr_html_(self) -> str:
        # sandbox without allow-same-origin: the page's scripts cannot touch the notebook
        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" title="{escape(self.title)}" '
                f'sandbox="allow-scripts" style="width: 100%; height: {int(self.height)}px; '
                'border: 1px solid #ddd;"></iframe>')

    def save(self, path) -> None:
        """Write the page to ``path`` (atomically)."""
        from .files import write_text_atomic
        write_text_atomic(path, self.html)


class NotebookMixin:
    """Jupyter views of ``KnowledgeGraph``; expects ``papers``, ``entities``,
    ``entity_counts``, ``relation_counts`` and ``mentions``."""

    def show(self, type: str | None = None, top: int = 300, height: int = 650,
             generic: bool = False):
        """The interactive graph (graph.html's view of the ``top`` most central entities,
        of one ``type`` if given, generic ones only with ``generic``), displayed inline in
        Jupyter; works offline."""
        from .export.html import render_html
        return InlinePage(render_html(self, max_entities=top, entity_type=type, generic=generic),
                          height, "kg graph")

    def report(self, height: int = 800):
        """report.html (summary, top entities, trends, matrices, proposals, communities),
        displayed inline in Jupyter; works offline."""
        from .export.report import render_report
        return InlinePage(render_report(self), height, "kg report")

    def _repr_html_(self) -> str:
        """A summary table for Jupyter: papers and their dates, entities per type with the
        most-mentioned names (umbrella terms left out), relations per type."""
        dates = sorted(p.date for p in self.papers.values() if p.date and not p.date.startswith("--"))
        span = f" ({escape(dates[0])} to {escape(dates[-1])})" if dates else ""
        rows = [f"<tr><th>papers</th><td>{len(self.papers):,}{span}</td></tr>"]
        by_type: dict[str, list[Entity]] = {t: [] for t in ENTITY_TYPES}
        for entity in self.entities.values():
            if not entity.generic:
                by_type[entity.type].append(entity)
        for entity_type, count in self.entity_counts().items():
            top = sorted(by_type[entity_type], key=lambda e: (-e.paper_count, e.key))[:SUMMARY_TOP]
            names = ", ".join(f"{escape(e.label)} ({e.paper_count})" for e in top)
            rows.append(f"<tr><th>{entity_type}</th><td>{count:,}</td><td>{names}</td></tr>")
        for predicate, count in self.relation_counts().items():
            rows.append(f"<tr><th>{escape(predicate)}</th><td>{count:,}</td><td>relations</td></tr>")
        rows.append(f"<tr><th>mentions</th><td>{len(self.mentions):,}</td><td>evidence</td></tr>")
        return ('<table class="kg-summary"><caption>kg KnowledgeGraph</caption>'
                + "".join(rows) + "</table>")


