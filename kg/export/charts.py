"""Charts for report.html, drawn with matplotlib as inline SVG.

Why matplotlib SVG: the page must work offline under the same Content-Security-Policy as
graph.html (inline scripts only, no ``eval``), and Vega-Lite's runtime compiles its
expressions with ``new Function``. A static SVG needs no script at all, keeps its text as
text (searchable, selectable), and matplotlib is the plotting library most users of the
field already have.

Every chart returns an ``Svg``: the markup, ready to inline, and the number of data points
drawn. Each point (bar, marker, cell) is an SVG group of class ``datum`` with a ``<title>``
tooltip; ``Svg.with_id_prefix`` makes its ids unique on a page of many charts.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from .palette import SEQUENTIAL

if TYPE_CHECKING:  # matplotlib itself is imported when a chart is drawn
    from matplotlib.typing import RcKeyType

MAX_LABEL = 38  # characters of an entity label drawn on an axis (the table has the rest)
PANEL_TITLE = 30  # characters of a small multiple's title, a third of the width
_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kg",
    "text.parse_math": False,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.family": "DejaVu Sans",
}
_DATUM = "kgdatum-"
EMPTY_CELL = "#f4f4f4"


@dataclass(frozen=True)
class Svg:
    """An inline SVG chart and the number of data points (``datum`` groups) it draws."""

    markup: str
    points: int

    def with_id_prefix(self, prefix: str) -> Svg:
        """The chart with every id (and reference to one) prefixed, so that many charts
        can share a page without their clip paths and markers clashing."""
        text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', self.markup)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
        return Svg(text, self.points)


def papers(count: int) -> str:
    """A count of papers as read.

    >>> papers(1), papers(1024)
    ('1 paper', '1,024 papers')
    """
    return f"{count:,} paper" if count == 1 else f"{count:,} papers"


def short(label: str, limit: int = MAX_LABEL) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis (tooltips and tables keep it whole)."""
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _tag(artist, tips: list[str], tip: str) -> None:
    artist.set_gid(f"{_DATUM}{len(tips)}")
    tips.append(tip)


def _svg(figure, tips: list[str], description: str) -> Svg:
    """The figure as inline SVG: prolog dropped, a ``<title>`` inside each datum group,
    and an accessible name."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # a character the font lacks ("𝔘" in a title) is drawn as a box, a matter of looks
        # the user cannot act on: matplotlib's warning for each would flood the terminal
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]

    def datum(match: re.Match) -> str:
        number = int(match.group(1))
        return f'<g id="d{number}" class="datum"><title>{escape(tips[number])}</title>'

    text, count = re.subn(rf'<g id="{_DATUM}(\d+)">', datum, text)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(description)}" ', 1)
    return Svg(text, count)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    value_axis: str,
    category_axis: str,
    colours: Sequence[str] | str,
    notes: Sequence[str] | None = None,
    horizontal: bool = True,
    tips: Sequence[str] | None = None,
) -> Svg:
    """Bars with axis titles; ``notes`` are printed at the end of each bar (horizontal)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        n = max(len(labels), 1)
        figure = _figure(7.2, 0.9 + 0.24 * n) if horizontal else _figure(7.2, 3.0)
        axes = figure.subplots()
        colours = [colours] * len(labels) if isinstance(colours, str) else list(colours)
        positions = range(len(labels))
        draw = axes.barh if horizontal else axes.bar
        bars = draw(positions, values, color=colours)
        tooltip: list[str] = []
        for number, bar in enumerate(bars):
            _tag(bar, tooltip, (tips[number] if tips else f"{labels[number]}: {values[number]:,}"))
        if horizontal:
            axes.set_yticks(list(positions), [short(label) for label in labels])
            axes.invert_yaxis()
            axes.set_xlabel(value_axis)
            axes.set_ylabel(category_axis)
            if notes:
                for bar, note in zip(bars, notes):
                    axes.annotate(
                        note,
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=8,
                    )
                axes.set_xlim(0, max(values, default=1) * 1.35 or 1)
        else:
            axes.set_xticks(
                list(positions),
                [short(label) for label in labels],
                rotation=60 if len(labels) > 8 else 0,
                ha="right" if len(labels) > 8 else "center",
            )
            axes.set_ylabel(value_axis)
            axes.set_xlabel(category_axis)
        axes.set_title(title, loc="left")
        return _svg(figure, tooltip, title)


def column_timeline(
    bins: Sequence[str], counts: Sequence[int], *, title: str, unit: str, colour: str
) -> Svg:
    """Papers per month or year as columns; long ranges get sparse tick labels."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        figure = _figure(7.2, 2.8)
        axes = figure.subplots()
        bars = axes.bar(range(len(bins)), counts, color=colour, width=0.85)
        tooltip: list[str] = []
        for label, count, bar in zip(bins, counts, bars):
            _tag(bar, tooltip, f"{label}: {papers(count)}")
        step = max(1, len(bins) // 12)
        axes.set_xticks(
            range(0, len(bins), step),
            [bins[i] for i in range(0, len(bins), step)],
            rotation=45 if unit == "month" else 0,
            ha="right" if unit == "month" else "center",
        )
        axes.set_xlabel(unit)
        axes.set_ylabel("papers")
        axes.set_title(title, loc="left")
        return _svg(figure, tooltip, title)


def small_lines(
    panels: Sequence[tuple[str, Sequence[str], Sequence[int], str]],
    *,
    title: str,
    unit: str,
    y_axis: str = "papers",
    legend: dict[str, str] | None = None,
    columns: int = 3,
) -> Svg:
    """Small multiples: one little line chart per (panel title, bins, counts, colour), with
    one marker per bin; ``legend`` maps colours to what they mean."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        rows = max(1, -(-len(panels) // columns))  # full rows keep every panel one size
        figure = _figure(7.2, 0.6 + 1.75 * rows)
        grid = figure.subplots(rows, columns, squeeze=False, sharey=False)
        tooltip: list[str] = []
        for axes, (name, bins, counts, colour) in zip(grid.flat, panels):
            axes.plot(range(len(bins)), counts, color=colour, linewidth=1.5)
            for x, (label, count) in enumerate(zip(bins, counts)):
                (marker,) = axes.plot([x], [count], "o", color=colour, markersize=3.5)
                _tag(marker, tooltip, f"{name}, {label}: {count:,}")
            axes.set_title(short(name, PANEL_TITLE), loc="left", fontsize=8.5)
            ends = sorted({0, len(bins) - 1})
            axes.set_xticks(ends, [bins[i] for i in ends], fontsize=7)
            axes.set_ylim(bottom=0)
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_xlabel(unit, fontsize=7)
            axes.set_ylabel(y_axis, fontsize=7)
        for axes in list(grid.flat)[len(panels) :]:
            axes.set_visible(False)
        if legend:
            from matplotlib.lines import Line2D

            figure.legend(
                [Line2D([], [], color=c, marker="o") for c in legend.values()],
                list(legend),
                loc="outside lower center",
                ncols=len(legend),
                fontsize=8,
            )
        figure.suptitle(title, x=0.01, ha="left", fontsize=10)
        return _svg(figure, tooltip, title)


def heat_map(
    counts, stated, *, title: str, row_axis: str, column_axis: str, stated_label: str
) -> Svg:
    """Cells coloured by count (cividis) with the count printed; cells where ``stated`` is
    True get a heavy outline, explained in the legend."""
    import matplotlib
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    with matplotlib.rc_context(_RC):
        rows, cols = counts.shape
        figure = _figure(
            7.2, 1.6 + 0.3 * rows + 0.06 * max((len(c) for c in counts.columns), default=0)
        )
        axes = figure.subplots()
        colour_map = matplotlib.colormaps[SEQUENTIAL + "_r"]  # light = few, dark = many
        top = max(int(counts.values.max()) if counts.size else 0, 1)
        norm = matplotlib.colors.Normalize(0, top)
        tooltip: list[str] = []
        for i, row in enumerate(counts.index):
            for j, column in enumerate(counts.columns):
                value = int(counts.iat[i, j])
                marked = bool(stated.iat[i, j])
                fill = colour_map(norm(value)) if value else EMPTY_CELL
                cell = Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor=fill,
                    edgecolor="#000000" if marked else "#ffffff",
                    linewidth=2.2 if marked else 0.5,
                )
                axes.add_patch(cell)
                _tag(
                    cell,
                    tooltip,
                    f"{row} \u00d7 {column}: {papers(value)}"
                    + (f" ({stated_label})" if marked else ""),
                )
                if value:
                    axes.text(
                        j,
                        i,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="#ffffff" if norm(value) > 0.5 else "#000000",
                    )
        axes.set_xlim(-0.5, cols - 0.5)
        axes.set_ylim(rows - 0.5, -0.5)
        axes.set_xticks(range(cols), [short(c) for c in counts.columns], rotation=50, ha="right")
        axes.set_yticks(range(rows), [short(r) for r in counts.index])
        axes.set_xlabel(column_axis)
        axes.set_ylabel(row_axis)
        axes.spines[:].set_visible(False)
        mappable = matplotlib.cm.ScalarMappable(norm=norm, cmap=colour_map)
        figure.colorbar(mappable, ax=axes, label="papers naming both", shrink=0.8)
        if stated.values.any():
            figure.legend(
                [
                    Line2D(
                        [],
                        [],
                        marker="s",
                        linestyle="",
                        markerfacecolor="#ffffff",
                        markeredgecolor="#000000",
                        markeredgewidth=2,
                        markersize=9,
                    )
                ],
                [stated_label],
                loc="outside lower left",
                fontsize=8,
                frameon=False,
            )
        axes.set_title(title, loc="left")
        return _svg(figure, tooltip, title)
