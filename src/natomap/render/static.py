"""Static maps for reports: a frame drawn with matplotlib, saved as PNG, SVG or PDF.

The colours and categories are those of the HTML map (``natomap.render.style``), so a still
pasted into a report matches the interactive map. A still is a figure made once and shown
frame after frame: the map's paths change, not its artists (``render._layers``), and the
legend and credits are drawn once and pasted back. A build's hundred stills cost a hundred
draws, not a hundred figures, and share one layout (``render._layout``), so every still of a
film has one size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from natomap.atlas import Resolution, View
from natomap.borders import geodesic_km
from natomap.errors import OptionError
from natomap.film import Film, Frame
from natomap.memberships import MembershipTable
from natomap.render import style
from natomap.render._credits import credits
from natomap.render._layers import (
    MapLayers,
    border_geometry,
    border_label,
    force_entries,
    frame_axes,
    legend_entries,
)
from natomap.render._layout import (
    LEGEND_STYLE,
    LINESPACING,
    NBSP,
    REF_WIDTH_IN,
    Content,
    Measure,
    plan,
    plan_legend,
)
from natomap.render._projection import REGIONS, check_region
from natomap.render.export import rc_for
from natomap.words import Words, words

__all__ = [
    "REGIONS",
    "StillCanvas",
    "enlargement_dates",
    "film_canvas",
    "map_figure",
    "panel_dates",
    "panels_figure",
    "static_map",
]

SUBTITLE_LINES = 2
"""Lines a caption may take under the title (a longer one ends in '…')."""


def _film(
    film: Film | None,
    org: str,
    memberships: MembershipTable | None,
    view: View,
    border: bool | None,
) -> Film:
    return film or Film.of(org, memberships=memberships, view=view, border=border)


def _members(count: int, w: Words | None = None) -> str:
    return (w or words("en")).count(count, "{count} member", "{count} members")


def static_map(
    date: dt.date | str,
    ax: Axes | None = None,
    region: str = "europe",
    *,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    resolution: Resolution = "50m",
    border: bool | None = None,
    legend: bool = False,
    line_scale: float = 1.0,
    film: Film | None = None,
    forces: bool = False,
    lang: str = "en",
) -> Axes:
    """Draw the map of ``date`` on a matplotlib Axes and return the Axes.

    Colours are those of the HTML map; territory held without recognition is hatched; the
    land border between the organisation's members and Russia is drawn as a dark line
    (thinner with a smaller ``line_scale``, for small maps): by default on NATO's maps only.
    Without ``ax`` a new figure is made. ``memberships=natomap.read_table(path)`` maps your
    own organisation; ``forces=True`` adds the deployments in place (``natomap.forces``) as
    symbols, one shape per kind.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = static_map("2004-03-29")
    >>> ax.get_title()
    ''
    """
    film = _film(film, org, memberships, view, border)
    frame = film.frame(date)
    r = check_region(region)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 7))
    ax.set_facecolor(style.SEA)
    shown = MapLayers(ax, film, region, line_scale, forces, resolution).show(frame)
    # The axes box decides the shape: the map shows more of the region's surroundings rather
    # than leaving white bands, so the region's extent is the data the view is fitted to.
    x0, y0, x1, y1 = r.extent
    ax.update_datalim([(x0, y0), (x1, y1)])
    ax.margins(0)
    ax.autoscale(True)
    ax.set_aspect("equal", adjustable="datalim")
    frame_axes(ax, r.crs)
    if legend:
        w = words(lang)
        handles = legend_entries(film, shown, frame, w)
        if forces:
            handles += force_entries(frame.forces, w)
        ax.legend(handles=handles, loc="lower left", fontsize=7)
    return ax


# --- a finished still ------------------------------------------------------------------------


def _title(frame: Frame, w: Words | None = None) -> str:
    """'NATO on 30 September 2022: 30 members', broken (when it must be) before the date or
    the count, never inside them."""
    w = w or words("en")
    day, count = w.date(frame.date), _members(len(frame.members), w)
    return w(
        "{org} on {date}: {count}",
        org=w.data(frame.film.name),
        date=day.replace(" ", NBSP),
        count=count.replace(" ", NBSP),
    )


def _subtitle(frame: Frame, film: Film, w: Words | None = None) -> str:
    """What changed on the map (since when, on a day between two frames) and, where the
    border is drawn, its length: official where the organisation has official lengths,
    else measured."""
    w = w or words("en")
    last = max(d for d in film.dates if d <= frame.date)
    story = frame.story.title
    if story and last != frame.date:
        story = w("Since {date}: {story}", date=w.date(last), story=story)
    if not film.border:
        return story
    if frame.border_official_km is not None:
        km, how = frame.border_official_km, w("official lengths")
    else:
        km = sum(geodesic_km(line) for line in border_geometry(frame, "50m"))
        how = w("measured at 1:50m")
    border = w(
        "{border}: {km} km ({how})", border=border_label(film, frame, w), km=w.number(km), how=how
    )
    return f"{story}\n{border}" if story else border


class StillCanvas:
    """A finished still (title, caption, map, legend, credits) laid out once for
    ``frames`` and shown frame after frame with ``show``.

    The layout fits the longest title and caption of any of the frames, so every frame
    comes out the same size. ``title`` and ``subtitle``: None (or True) for the frame's own,
    text for the same on every frame, False (or '') for none; without a title the caption goes too,
    unless it is given. ``legend=False`` leaves out the legend and its notes.
    """

    def __init__(
        self,
        film: Film,
        frames: Sequence[Frame],
        region: str = "europe",
        *,
        width: float | None = None,
        height: float | None = None,
        dpi: float = 150,
        title: str | bool | None = None,
        subtitle: str | bool | None = None,
        legend: bool = True,
        all_categories: bool = False,
        forces: bool = False,
        text_scale: float = 1.0,
        lang: str = "en",
    ):
        r = check_region(region)
        self.film = film
        self.w = words(lang)
        self.rc = rc_for(lang)
        title = None if title is True else title
        subtitle = None if subtitle is True else subtitle
        if title is False or title == "":
            title = False
            subtitle = subtitle or False
        self._title, self._subtitle = title, subtitle
        self._texts = {f.date: self._texts_of(f) for f in frames}
        handles: list[Any] = []
        if legend:
            keys = None
            if not all_categories:
                keys = set().union(*(set(f.territories.category) for f in frames))
            handles = legend_entries(film, keys, frames[0] if len(frames) == 1 else None, self.w)
            if forces:
                from natomap.deployments import deployments

                shown = {d for f in frames for d in f.forces}
                handles += force_entries(
                    deployments(film.geodata) if all_categories else shown, self.w
                )
        self.measure = Measure(dpi, self.rc)
        content = Content(
            titles=[t for t, _ in self._texts.values()],
            subtitles=[s for _, s in self._texts.values()],
            handles=handles,
            credits=(
                (credits(film, lang=lang), credits(film, short=True, lang=lang))
                if legend
                else _bare_credits(film, lang)
            ),
            text_scale=text_scale,
            subtitle_lines=SUBTITLE_LINES,
        )
        self.plan = plan(self.measure, content, width=width, height=height, aspect=r.aspect)
        p = self.plan
        with matplotlib.rc_context(self.rc):
            fig = Figure(figsize=(p.width, p.height), dpi=dpi)
            fig.patch.set_facecolor("white")
            left, bottom, w, h = p.map_box
            ax = fig.add_axes((left / p.width, bottom / p.height, w / p.width, h / p.height))
            ax.set_facecolor(style.SEA)
            line_scale = min(1.0, max(0.5, p.width / REF_WIDTH_IN))
            self.layers = MapLayers(ax, film, region, line_scale, forces)
            xlim, ylim = r.limits(h / w)
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            ax.set_autoscale_on(False)
            frame_axes(ax, r.crs)
            x = p.margin / p.width
            text: dict[str, Any] = {"va": "top", "ha": "left", "linespacing": LINESPACING}
            self.title = fig.text(
                x, 1 - p.title_top / p.height, "", fontsize=p.sizes.title, fontweight="bold", **text
            )
            self.subtitle = fig.text(
                x, 1 - p.subtitle_top / p.height, "", fontsize=p.sizes.subtitle, **text
            )
            if p.legend:
                fig.legend(
                    handles=handles,
                    labels=list(p.legend.labels),
                    ncol=p.legend.ncol,
                    fontsize=p.sizes.legend,
                    loc="upper center",
                    bbox_to_anchor=(0.5, p.legend_top / p.height),
                    **LEGEND_STYLE,
                )
            if p.credits:
                fig.text(
                    x,
                    p.credits_bottom / p.height,
                    p.credits,
                    fontsize=p.sizes.credits,
                    color=style.MUTED,
                    va="bottom",
                    linespacing=LINESPACING,
                )
        self.figure = fig
        self._agg = FigureCanvasAgg(fig)
        self._background: Any = None

    def _texts_of(self, frame: Frame) -> tuple[str, str]:
        title = _title(frame, self.w) if self._title is None else self._title or ""
        # The film, not ``frame.film``: films that differ only in the border share frames.
        subtitle = (
            _subtitle(frame, self.film, self.w) if self._subtitle is None else self._subtitle or ""
        )
        return str(title), str(subtitle)

    def show(self, frame: Frame) -> Figure:
        """The still of ``frame``: the same figure, showing this frame now."""
        title, subtitle = self._texts.get(frame.date) or self._texts_of(frame)
        p, measure = self.plan, self.measure
        lines = measure.wrap(title, p.sizes.title, p.text_width, bold=True, max_lines=p.title_lines)
        self.title.set_text("\n".join(lines) if title else "")
        lines = measure.wrap(subtitle, p.sizes.subtitle, p.text_width, max_lines=SUBTITLE_LINES)
        self.subtitle.set_text("\n".join(lines[: p.subtitle_lines]) if subtitle else "")
        self.layers.show(frame)
        return self.figure

    def raster(self) -> Image.Image:
        """The still as shown now, in RGB, drawn once for the PNG and the GIF alike.

        The legend, the credits and the white around them are drawn on the first call and
        kept; later calls paste them back and draw only what changes between frames (the
        map and the title). Nothing drawn overlaps them, so the pixels are those of a full
        draw."""
        changing = [*self.figure.axes, self.title, self.subtitle]
        with matplotlib.rc_context(self.rc):
            for artist in changing:
                artist.set_animated(True)
            try:
                if self._background is None:
                    self._agg.draw()
                    self._background = self._agg.copy_from_bbox(self.figure.bbox)
                else:
                    self._agg.restore_region(self._background)
                for artist in changing:
                    self.figure.draw_artist(artist)
            finally:
                for artist in changing:
                    artist.set_animated(False)
        size = self._agg.get_width_height()
        rgba = Image.frombuffer("RGBA", size, self._agg.buffer_rgba(), "raw", "RGBA", 0, 1)
        return rgba.convert("RGB")


def _bare_credits(film: Film, lang: str = "en") -> tuple[list[str], list[str]]:
    """Without a legend, the notes that explain it go too; the sources stay."""
    return credits(film, lang=lang)[-1:], credits(film, short=True, lang=lang)[-1:]


def film_canvas(
    film: Film,
    *,
    forces: bool = False,
    title: bool = True,
    legend: bool = True,
    dpi: float = 150,
    lang: str = "en",
) -> StillCanvas:
    """The canvas of every frame of ``film`` at the reference width, with every category in
    the legend (so it never changes in a slideshow): made once per process, so a worker
    forked after it was made draws on it at once."""
    key = (
        "film_canvas",
        film.table,
        film.key,
        film.view,
        film.border,
        forces,
        title,
        legend,
        dpi,
        lang,
    )
    return film.geodata.memo(
        key,
        lambda: StillCanvas(
            film,
            film.frames,
            title=None if title else False,
            legend=legend,
            all_categories=True,
            forces=forces,
            dpi=dpi,
            lang=lang,
        ),
    )


def map_figure(
    date: dt.date | str,
    region: str = "europe",
    *,
    width: float | None = None,
    height: float | None = None,
    dpi: float = 150,
    title: str | bool | None = None,
    subtitle: str | bool | None = None,
    text_scale: float = 1.0,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    all_categories: bool = False,
    legend: bool = True,
    border: bool | None = None,
    film: Film | None = None,
    forces: bool = False,
    lang: str = "en",
) -> Figure:
    """A finished map for a report: title with the date and member count, a caption (what
    changed; the border's length), the map, a legend below it and the credits.

    ``width`` and ``height`` are in inches (default: 10 inches wide, as tall as the map
    needs). Type is set in points, growing with the width from a readable floor (times
    ``text_scale``); a narrow map gets fewer legend columns and shorter credits instead of
    smaller type. The legend lists the categories on the map, or all of them
    (``all_categories``). ``title=False`` and ``legend=False`` leave a bare map (the
    credits stay: a still carries its sources).
    """
    film = _film(film, org, memberships, view, border)
    frame = film.frame(date)
    canvas = StillCanvas(
        film,
        [frame],
        region,
        width=width,
        height=height,
        dpi=dpi,
        title=title,
        subtitle=subtitle,
        legend=legend,
        all_categories=all_categories,
        forces=forces,
        text_scale=text_scale,
        lang=lang,
    )
    return canvas.show(frame)


# --- small multiples -------------------------------------------------------------------------


def enlargement_dates(film: Film) -> list[dt.date]:
    """The frames on which the organisation gains members."""
    out: list[dt.date] = []
    previous = 0
    for frame in film.frames:
        if not out or len(frame.members) > previous:
            out.append(frame.date)
        previous = len(frame.members)
    return out


def panel_dates(film: Film) -> list[dt.date]:
    """The default small multiples: every enlargement, then the latest map, so the panels
    span the film's years, as the HTML map's title does."""
    return sorted({*enlargement_dates(film), film.dates[-1]})


def _span(days: Sequence[dt.date]) -> str:
    first, last = days[0].year, days[-1].year
    return str(first) if first == last else f"{first}–{last}"


# Panels keep their type in points whatever their number: 4-inch maps read like a page.
_PANEL_TITLE, _PANEL_LABEL, _PANEL_LEGEND, _PANEL_CREDITS = 16.0, 8.5, 8.5, 6.5


def panels_figure(
    dates: Sequence[dt.date | str] | None = None,
    region: str = "europe",
    *,
    ncols: int | None = None,
    panel_width: float = 4.0,
    dpi: float = 150,
    title: str | bool | None = None,
    legend: bool = True,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    border: bool | None = None,
    film: Film | None = None,
    forces: bool = False,
    lang: str = "en",
) -> Figure:
    """Small multiples: one small map per date, one shared legend, for print.

    Without ``dates``: every enlargement and the latest map (``panel_dates``), under a title
    whose years are the film's. ``title=False`` and ``legend=False`` leave them out.
    """
    film = _film(film, org, memberships, view, border)
    days = panel_dates(film) if dates is None else sorted({film.frame_date(d) for d in dates})
    if not days:
        raise OptionError("--dates: give at least one date")
    r = check_region(region)
    ncols = ncols or min(3, len(days))
    nrows = -(-len(days) // ncols)
    spare = nrows * ncols - len(days)
    width = panel_width * ncols
    w, rc = words(lang), rc_for(lang)
    measure = Measure(dpi, rc)
    margin = 0.1
    room = width - 2 * margin
    map_h = panel_width * r.aspect
    label_h = measure.height(2, _PANEL_LABEL) + 0.08
    cell_h = map_h + label_h
    if isinstance(title, str):
        heading = title
    else:
        heading = (
            "" if title is False else w("{org}, {span}", org=w.data(film.name), span=_span(days))
        )
    top = margin + (measure.height(1, _PANEL_TITLE, bold=True) + 0.1 if heading else 0)
    keys = set().union(*(set(film.frame(d).territories.category) for d in days))
    handles = legend_entries(film, keys, None, w) if legend else []
    if forces and legend:
        handles += force_entries(list({d for day in days for d in film.frame(day).forces}), w)
    labels = [h.get_label() for h in handles]
    lines = [
        line
        for part in (credits(film, lang=lang) if legend else _bare_credits(film, lang)[0])
        for line in measure.wrap(part, _PANEL_CREDITS, room)
    ]
    credits_h = measure.height(len(lines), _PANEL_CREDITS)
    side = below = None
    if handles and spare:
        cell_room = spare * panel_width - 0.3
        # Beside the maps, one column reads best.
        side = plan_legend(measure, handles, labels, _PANEL_LEGEND, cell_room, max_ncol=1)
        if side.width > cell_room or side.height > cell_h - 0.2:
            side = None  # the spare cells are too small: the legend goes under the maps
    if handles and side is None:
        below = plan_legend(measure, handles, labels, _PANEL_LEGEND, room)
    bottom = margin + credits_h + 0.1 + (below.height + 0.15 if below else 0)
    height = top + nrows * cell_h + bottom
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width, height), dpi=dpi)
        fig.patch.set_facecolor("white")
        for i, day in enumerate(days):
            row, col = divmod(i, ncols)
            left = col * panel_width / width
            y = height - top - (row + 1) * cell_h
            ax = fig.add_axes(
                (left + 0.04 / width, y / height, (panel_width - 0.08) / width, map_h / height)
            )
            static_map(day, ax, region, line_scale=0.6, film=film, forces=forces)
            story = film.frame(day).story.title
            (label,) = measure.wrap(story, _PANEL_LABEL, panel_width - 0.1, max_lines=1)
            ax.set_title(f"{w.date(day)}\n{label}", fontsize=_PANEL_LABEL, loc="left", pad=3)
        if heading:
            fig.text(
                margin / width,
                1 - margin / height,
                heading,
                fontsize=_PANEL_TITLE,
                fontweight="bold",
                va="top",
            )
        if side is not None:
            x = ((ncols - spare) * panel_width + 0.15) / width
            anchor = (x, (bottom + cell_h - 0.05) / height)
            fig.legend(
                handles=handles,
                labels=list(side.labels),
                ncol=side.ncol,
                loc="upper left",
                bbox_to_anchor=anchor,
                fontsize=_PANEL_LEGEND,
                **LEGEND_STYLE,
            )
        elif below is not None:
            fig.legend(
                handles=handles,
                labels=list(below.labels),
                ncol=below.ncol,
                loc="upper center",
                bbox_to_anchor=(0.5, (bottom - 0.1) / height),
                fontsize=_PANEL_LEGEND,
                **LEGEND_STYLE,
            )
        if lines:
            fig.text(
                margin / width,
                margin / height,
                "\n".join(lines),
                fontsize=_PANEL_CREDITS,
                color=style.MUTED,
                va="bottom",
                linespacing=LINESPACING,
            )
    return fig
