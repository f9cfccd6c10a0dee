"""The bands of text around a still, laid out in points, measured before anything is drawn.

A still is read at the size it is printed: a map pasted into a report column is 8 cm wide,
and its legend must still be readable there. So type is set in points, growing with the
figure from a floor (at 8 cm the legend is 7 pt, the credits 6 pt), and a narrow figure
makes the layout give way, not the type: fewer legend columns, labels on two lines,
shorter credits, a title on two lines. Every length is measured with the renderer that
will draw the text, so each band is as tall as its text, nothing runs off the page, and a
layout worked out once for every frame of a film gives every still of it one size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from natomap.errors import OptionError
from natomap.render.export import RC

__all__ = [
    "LEGEND_STYLE",
    "LINESPACING",
    "NBSP",
    "REF_WIDTH_IN",
    "Content",
    "LegendPlan",
    "Measure",
    "Plan",
    "TypeSizes",
    "plan",
    "plan_legend",
]

REF_WIDTH_IN = 10.0
"""The width at which the type has its reference sizes; wider figures scale it up."""
_PT = 1 / 72
LINESPACING = 1.25
NBSP = "\u00a0"
"""Joins words a line must not break between ("30 members"); drawn as a space."""
LEGEND_STYLE: dict[str, Any] = {
    "frameon": False,
    "handlelength": 1.6,
    "handletextpad": 0.6,
    "columnspacing": 1.2,
    "labelspacing": 0.45,
    "borderpad": 0.2,
    "borderaxespad": 0.0,
}
"""How the legend under a map is set; measured and drawn with the same values."""


@dataclass(frozen=True)
class TypeSizes:
    """Type sizes in points: the reference sizes times the figure's width over 10 inches,
    never below a floor that prints readably (title 10 pt, subtitle 8, legend 7, credits 6).
    """

    title: float
    subtitle: float
    legend: float
    credits: float

    @staticmethod
    def at(width_in: float, text_scale: float = 1.0) -> TypeSizes:
        grow = width_in / REF_WIDTH_IN
        sizes = (
            max(floor, ref * grow) * text_scale
            for ref, floor in ((18, 10), (12, 8), (10, 7), (7.5, 6))
        )
        return TypeSizes(*(round(s, 2) for s in sizes))


class Measure:
    """Text and legend extents in inches, from an Agg renderer at the figure's resolution
    (glyph metrics are hinted per resolution, so a layout for 150 dpi is measured there)."""

    def __init__(self, dpi: float, rc: dict[Any, Any] | None = None):
        self.rc = rc or RC
        with matplotlib.rc_context(self.rc):
            self.figure = Figure(figsize=(2, 2), dpi=dpi)  # its size changes no extent
            self.renderer = FigureCanvasAgg(self.figure).get_renderer()
        self.dpi = dpi
        self._fonts: dict[tuple[float, bool], FontProperties] = {}
        # A film's titles are measured to lay it out, then again to show each frame.
        self._widths: dict[tuple[str, float, bool], float] = {}
        self._heights: dict[tuple[int, float, bool, float], float] = {}
        self._wrapped: dict[tuple[str, float, float, bool, int | None], list[str]] = {}

    def font(self, size: float, bold: bool = False) -> FontProperties:
        key = (size, bold)
        if key not in self._fonts:
            weight = "bold" if bold else "normal"
            family = self.rc["font.family"]
            self._fonts[key] = FontProperties(family=family, size=size, weight=weight)
        return self._fonts[key]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        if key not in self._widths:
            w, _, _ = self.renderer.get_text_width_height_descent(
                text, self.font(size, bold), ismath=False
            )
            self._widths[key] = float(w) / self.dpi
        return self._widths[key]

    def wrap(
        self,
        text: str,
        size: float,
        width: float,
        bold: bool = False,
        max_lines: int | None = None,
    ) -> list[str]:
        """``text`` broken at spaces into lines at most ``width`` inches wide (a word wider
        than that gets a line of its own); each paragraph of it (the parts between newlines)
        takes at most ``max_lines`` lines, the last ending in '…' when the text goes on.
        Words joined by ``NBSP`` stay on one line (and come out joined by a space)."""
        key = (text, size, width, bold, max_lines)
        if key not in self._wrapped:
            self._wrapped[key] = self._wrap(text, size, width, bold, max_lines)
        return list(self._wrapped[key])

    def _wrap(
        self, text: str, size: float, width: float, bold: bool, max_lines: int | None
    ) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = [w for w in paragraph.split(" ") if w]
            lines += self._wrap_paragraph(words, size, width, bold, max_lines)
        return [line.replace(NBSP, " ") for line in lines]

    def _wrap_paragraph(
        self, words: list[str], size: float, width: float, bold: bool, max_lines: int | None
    ) -> list[str]:
        lines: list[str] = []
        start = 0
        while start < len(words):
            if max_lines is not None and len(lines) == max_lines - 1:
                rest = " ".join(words[start:])
                if self.width(rest, size, bold) > width:
                    n = self._fit(words[start:], size, width, bold, "…")
                    rest = " ".join(words[start : start + n]).rstrip(",;:") + "…"
                return [*lines, rest]
            n = self._fit(words[start:], size, width, bold)
            lines.append(" ".join(words[start : start + n]))
            start += n
        return lines or [""]

    def _fit(self, words: list[str], size: float, width: float, bold: bool, end: str = "") -> int:
        """How many of ``words`` (at least one) fit on a line of ``width`` inches, followed
        by ``end``: a binary search, as a line only grows wider with each word."""
        low, high = 1, len(words)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(" ".join(words[:mid]) + end, size, bold) <= width:
                low = mid
            else:
                high = mid - 1
        return low

    def height(
        self, lines: int, size: float, bold: bool = False, linespacing: float = LINESPACING
    ) -> float:
        """The height of a block of ``lines`` lines, as matplotlib sets it (from the top of
        the first line's ascenders to the last line's descenders)."""
        if lines <= 0:
            return 0.0
        key = (lines, size, bold, linespacing)
        if key not in self._heights:
            self._heights[key] = self._height(*key)
        return self._heights[key]

    def _height(self, lines: int, size: float, bold: bool, linespacing: float) -> float:
        text = self.figure.text(
            0,
            0,
            "\n".join(["Åg"] * lines),
            fontproperties=self.font(size, bold),
            linespacing=linespacing,
        )
        try:
            return float(text.get_window_extent(self.renderer).height) / self.dpi
        finally:
            text.remove()

    def legend(
        self, handles: Sequence[Any], labels: Sequence[str], size: float, ncol: int
    ) -> tuple[float, float]:
        """Width and height of the legend these entries make."""
        with matplotlib.rc_context(self.rc):
            legend = self.figure.legend(
                handles=list(handles),
                labels=list(labels),
                ncol=ncol,
                fontsize=size,
                **LEGEND_STYLE,
            )
        try:
            box = legend.get_window_extent(self.renderer)
            return float(box.width) / self.dpi, float(box.height) / self.dpi
        finally:
            legend.remove()


@dataclass(frozen=True)
class LegendPlan:
    """The legend under the map: how many columns, the labels as broken into lines."""

    ncol: int
    labels: tuple[str, ...]
    width: float
    height: float


def plan_legend(
    measure: Measure,
    handles: Sequence[Any],
    labels: Sequence[str],
    size: float,
    room: float,
    max_ncol: int = 4,
) -> LegendPlan:
    """The lowest legend that fits ``room`` inches: each number of columns (up to
    ``max_ncol``) is tried with the labels as they are, then with long labels on two lines;
    the lowest wins, a broken label counting half a line more.

    The tries are sized from each label's measured lines, as matplotlib stacks a legend
    (columns filled top to bottom); only the best is then built as a legend and measured,
    and if it turns out wider than ``room``, the next."""
    em = size * _PT
    style = LEGEND_STYLE
    handle = (style["handlelength"] + style["handletextpad"]) * em
    tries: list[tuple[float, int, int, list[str]]] = []
    for ncol in range(min(max_ncol, len(labels)), 0, -1):
        columns = room - (2 * style["borderpad"] + (ncol - 1) * style["columnspacing"]) * em
        text_room = columns / ncol - handle
        if text_room <= 0:
            continue
        wrapped = [measure.wrap(label, size, text_room) for label in labels]
        shapes = [[[label] for label in labels]]
        if any(len(w) > 1 for w in wrapped) and all(len(w) <= 2 for w in wrapped):
            shapes.append(wrapped)
        for lines in shapes:
            w, h = _legend_size(measure, lines, size, ncol)
            if w > room:
                continue
            broken = sum(len(entry) > 1 for entry in lines)
            # A broken label costs half a line: rows of one line read more easily.
            tries.append((h / em + 0.5 * broken, broken, -ncol, ["\n".join(e) for e in lines]))
    for _, _, ncol, shown in sorted(tries):
        w, h = measure.legend(handles, shown, size, -ncol)
        if w <= room:
            return LegendPlan(-ncol, tuple(shown), w, h)
    # Too narrow even for one column: one column, labels broken to fit.
    shown = ["\n".join(measure.wrap(label, size, max(room - handle, em))) for label in labels]
    w, h = measure.legend(handles, shown, size, 1)
    return LegendPlan(1, tuple(shown), w, h)


def _legend_size(
    measure: Measure, entries: list[list[str]], size: float, ncol: int
) -> tuple[float, float]:
    """The width and height of a legend of ``entries`` (each a label's lines) in ``ncol``
    columns, as matplotlib lays one out: columns of ``ceil(n / ncol)`` entries, each entry a
    handle and its text, a column as wide as its widest entry."""
    em = size * _PT
    style = LEGEND_STYLE
    rows = -(-len(entries) // ncol)
    columns = [entries[i : i + rows] for i in range(0, len(entries), rows)]
    width = height = 0.0
    for column in columns:
        text = max(measure.width(t, size) for entry in column for t in entry)
        width += (style["handlelength"] + style["handletextpad"]) * em + text
        # Legend labels keep matplotlib's line spacing, 1.2; a handle is 0.7 em high.
        tall = sum(max(measure.height(len(e), size, linespacing=1.2), 0.7 * em) for e in column)
        height = max(height, tall + (len(column) - 1) * style["labelspacing"] * em)
    width += ((len(columns) - 1) * style["columnspacing"] + 2 * style["borderpad"]) * em
    return width, height + 2 * style["borderpad"] * em


@dataclass(frozen=True)
class Plan:
    """Where everything of a still goes, in inches: from the top for the title and
    subtitle, from the bottom for the legend and credits; ``map_box`` is (left, bottom,
    width, height)."""

    width: float
    height: float
    dpi: float
    sizes: TypeSizes
    margin: float
    title_top: float
    title_lines: int
    subtitle_top: float
    subtitle_lines: int
    map_box: tuple[float, float, float, float]
    legend: LegendPlan | None
    legend_top: float
    credits: str
    credits_bottom: float

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin


@dataclass(frozen=True)
class Content:
    """What a still's bands must hold: every title and caption the layout must fit (each
    frame's, when one layout serves a film), the legend's entries, the credits in a long
    and a short form."""

    titles: Sequence[str]
    subtitles: Sequence[str]
    handles: Sequence[Any]
    credits: tuple[Sequence[str], Sequence[str]]
    text_scale: float = 1.0
    subtitle_lines: int = 2
    """Lines each paragraph of a caption may take (a longer one ends in '…')."""

    @property
    def labels(self) -> list[str]:
        return [h.get_label() for h in self.handles]


def plan(
    measure: Measure,
    content: Content,
    *,
    width: float | None,
    height: float | None,
    aspect: float,
) -> Plan:
    """Lay out a still: the title band fits the longest title and caption of ``content``,
    the legend goes under the map, then the credits (the long form, or the short one when
    the long one would take more lines than it has parts, plus one).

    Without a width, the width comes from ``height`` (the map fills what the bands leave)
    or is the reference 10 inches; without a height, the map keeps the region's ``aspect``.
    """
    if width is None:
        width = REF_WIDTH_IN
        if height is not None:
            # The bands depend on the width (type grows with it, legend columns change):
            # settle it in a few steps.
            for _ in range(6):
                top, bottom, _ = _bands(measure, content, width)
                settled = max((height - top - bottom) / aspect + 2 * _margin(width), 1.0)
                if abs(settled - width) < 0.005:
                    break
                width = settled
    top, bottom, parts = _bands(measure, content, width)
    margin = _margin(width)
    map_width = width - 2 * margin
    if height is None:
        height = top + map_width * aspect + bottom
    map_height = height - top - bottom
    if map_height < 0.25 * map_width:
        raise OptionError(
            f"--height: {height:.2f} in leaves no room for the map under the title and over "
            f"the legend (they take {top + bottom:.2f} in)"
        )
    return Plan(
        width=width,
        height=height,
        dpi=measure.dpi,
        map_box=(margin, bottom, map_width, map_height),
        margin=margin,
        **parts,
    )


def _margin(width: float) -> float:
    return 0.04 + 0.012 * width


def _bands(measure: Measure, content: Content, width: float) -> tuple[float, float, dict[str, Any]]:
    """The heights of the band above the map and the band below it, and the plan's parts."""
    sizes = TypeSizes.at(width, content.text_scale)
    room = width - 2 * _margin(width)
    pt = _PT
    title_lines = max(
        (len(measure.wrap(t, sizes.title, room, bold=True)) for t in content.titles if t),
        default=0,
    )
    sub_lines = max(
        (
            len(measure.wrap(s, sizes.subtitle, room, max_lines=content.subtitle_lines))
            for s in content.subtitles
            if s
        ),
        default=0,
    )
    y = 0.55 * sizes.title * pt if title_lines or sub_lines else _margin(width)
    title_top = y
    y += measure.height(title_lines, sizes.title, bold=True)
    if title_lines and sub_lines:
        y += 0.3 * sizes.title * pt
    subtitle_top = y
    y += measure.height(sub_lines, sizes.subtitle)
    if title_lines or sub_lines:
        y += 0.6 * sizes.subtitle * pt
    top = y

    long, short = content.credits
    lines = [line for part in long for line in measure.wrap(part, sizes.credits, room)]
    if len(lines) > len(long) + 1:
        lines = [line for part in short for line in measure.wrap(part, sizes.credits, room)]
    bottom = 0.5 * sizes.credits * pt
    credits_bottom = bottom
    bottom += measure.height(len(lines), sizes.credits) if lines else 0.0
    legend = None
    legend_top = bottom
    if content.handles:
        bottom += 0.6 * sizes.legend * pt
        legend = plan_legend(measure, content.handles, content.labels, sizes.legend, room)
        bottom += legend.height
        legend_top = bottom
    bottom += 0.6 * sizes.legend * pt if content.handles or lines else 0.0
    parts = {
        "sizes": sizes,
        "title_top": title_top,
        "title_lines": title_lines,
        "subtitle_top": subtitle_top,
        "subtitle_lines": sub_lines,
        "legend": legend,
        "legend_top": legend_top,
        "credits": "\n".join(lines),
        "credits_bottom": credits_bottom,
    }
    return top, bottom, parts
