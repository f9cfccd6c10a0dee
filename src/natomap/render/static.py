"""Static maps for reports: one frame drawn with matplotlib, saved as PNG, SVG or PDF.

The colours and categories are those of the HTML map (``natomap.render.style``), so a still
pasted into a report matches the interactive map. Territory shapes are clipped, projected and
turned into matplotlib paths once per process (most territories look the same on every
frame), so drawing forty frames costs forty draws, not forty projections.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlparse

import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath
from pyproj import CRS, Transformer

from natomap.atlas import Atlas, Resolution, View
from natomap.borders import border_line, geodesic_km
from natomap.dates import long_date
from natomap.errors import OptionError
from natomap.film import Film, Frame
from natomap.memberships import MembershipTable
from natomap.render import style
from natomap.render.export import RC
from natomap.render.style import Category, categories, notes

__all__ = ["REGIONS", "Region", "map_figure", "panels_figure", "static_map"]


@dataclass(frozen=True)
class Region:
    """A map view: its projection, the lon/lat box kept before projecting, the area shown.

    Clipping in lon/lat first keeps far-away shapes (which an azimuthal projection would
    stretch towards infinity) out of the projection and out of the SVG.
    """

    name: str
    crs: str
    clip: tuple[float, float, float, float]
    extent: tuple[float, float, float, float]
    simplify_m: float


REGIONS = {
    # LAEA Europe (EPSG:3035): equal-area, the EU's reference grid; from Iceland to the
    # Caucasus, North Cape to Cyprus.
    "europe": Region(
        "europe", "EPSG:3035", (-50, 20, 90, 85), (2.45e6, 1.35e6, 7.45e6, 5.6e6), 800
    ),
    # Equal Earth (EPSG:8857): equal-area world map; Antarctica left out.
    "world": Region(
        "world", "EPSG:8857", (-180, -58, 180, 90), (-1.72e7, -6.9e6, 1.72e7, 8.7e6), 4000
    ),
}


def _check_region(region: str) -> Region:
    if region not in REGIONS:
        raise OptionError(f"unknown region '{region}' (choose from {', '.join(REGIONS)})")
    return REGIONS[region]


@cache
def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(4326), CRS.from_user_input(crs), always_xy=True)


def project(geom: shapely.Geometry, region: str) -> shapely.Geometry:
    """Clip a lon/lat geometry to the region's box and project it into the region's CRS."""
    r = REGIONS[region]
    clipped = shapely.clip_by_rect(geom, *r.clip)
    if clipped.is_empty:
        return clipped
    transform = _transformer(r.crs).transform
    return shapely.transform(clipped, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=4096)
def _territory_path(geom: shapely.Geometry, region: str) -> MplPath | None:
    """The matplotlib path of one territory in the region's projection (cached: the key is
    the shape itself, so a territory unchanged between frames is projected once)."""
    projected = project(geom, region)
    if projected.is_empty:
        return None
    simple = shapely.simplify(projected, REGIONS[region].simplify_m, preserve_topology=True)
    # Exteriors and holes wound in opposite senses, so the non-zero fill rule leaves holes.
    simple = shapely.orient_polygons(simple)
    polygons = [p for p in shapely.get_parts(simple) if p.geom_type == "Polygon"]
    if not polygons:
        return None
    vertices, codes = [], []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _film(
    film: Film | None,
    org: str,
    memberships: MembershipTable | None,
    view: View,
    border: bool | None,
) -> Film:
    return film or Film.of(org, memberships=memberships, view=view, border=border)


def _border_geometry(frame: Frame, resolution: Resolution) -> list[shapely.Geometry]:
    atlas = Atlas.of(frame.film.geodata, resolution)
    t = frame.territories if resolution == "50m" else frame.geo(resolution)
    by_code = dict(zip(t.code, t.atoms, strict=True))
    return [border_line(atlas, by_code[p.member], by_code[p.russia]) for p in frame.border]


def _border_name(frame: Frame) -> str:
    """'NATO–USSR' while the border is with the Soviet Union, 'NATO–Russia' after, read off
    the frame (which code holds the territory on the other side)."""
    holder = "USSR" if any(p.russia == "SUN" for p in frame.border) else "Russia"
    return f"{frame.film.name}–{holder}"


def _legend_entries(film: Film, keys: set[str] | None, frame: Frame | None) -> list[Any]:
    handles: list[Any] = []
    for c in categories(film):
        if keys is not None and c.key not in keys:
            continue
        handles.append(
            Patch(
                facecolor=c.fill,
                edgecolor=style.HATCH
                if c.hatch
                else style.CLAIMED_LINE
                if c.outline
                else "#9A9A9A",
                hatch="////" if c.hatch else None,
                linestyle="--" if c.outline else "-",
                linewidth=0.8 if c.outline else 0.4,
                label=c.label,
            )
        )
    if not film.border:
        return handles
    label = f"{_border_name(frame)} land border" if frame else f"{film.name}–Russia/USSR border"
    handles.append(Line2D([], [], color=style.BORDER, linewidth=2, label=label))
    return handles


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
    r = _check_region(region)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 7))
    geo = frame.geo(resolution)
    by_key: dict[str, list[MplPath]] = {}
    for geom, key in zip(geo.geometry, geo.category, strict=True):
        path = _territory_path(geom, region)
        if path is not None:
            by_key.setdefault(key, []).append(path)
    ax.set_facecolor(style.SEA)
    for z, c in enumerate(categories(film)):
        if c.key in by_key:
            ax.add_collection(_collection(c, by_key[c.key], ax, z, line_scale), autolim=False)
    if film.border:
        _draw_border(ax, frame, resolution, region, line_scale)
    if forces:
        _draw_forces(ax, frame, region, line_scale)
    # The axes box decides the shape: the map shows more of the region's surroundings rather
    # than leaving white bands, so the region's extent is the data the view is fitted to.
    x0, y0, x1, y1 = r.extent
    ax.update_datalim([(x0, y0), (x1, y1)])
    ax.margins(0)
    ax.autoscale(True)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#BBBBBB")
        spine.set_linewidth(0.5)
    ax.natomap_crs = r.crs  # type: ignore[attr-defined]  # lets callers place points
    if legend:
        handles = _legend_entries(film, set(geo.category), frame)
        if forces:
            handles += _force_entries(frame.forces)
        ax.legend(handles=handles, loc="lower left", fontsize=7)
    return ax


def _draw_forces(ax: Axes, frame: Frame, region: str, line_scale: float) -> None:
    """The deployments in place as symbols: a shape per kind, a colour per side."""
    transform = _transformer(REGIONS[region].crs).transform
    for d in frame.forces:
        x, y = transform(d.lon, d.lat)
        marker = style.FORCE_SYMBOLS[d.kind][1]
        ax.plot(
            x,
            y,
            marker=marker,
            markersize=(9 if marker == "*" else 6.5) * max(line_scale, 0.6),
            markerfacecolor=style.FORCE_COLOURS[d.side],
            markeredgecolor="white",
            markeredgewidth=0.8,
            linestyle="none",
            zorder=6,
        )


def _force_entries(shown: tuple[Any, ...]) -> list[Any]:
    from natomap.deployments import KINDS

    present = {(d.kind, d.side) for d in shown}
    return [
        Line2D(
            [],
            [],
            marker=style.FORCE_SYMBOLS[kind][1],
            markerfacecolor=style.FORCE_COLOURS[side],
            markeredgecolor="white",
            markersize=11 if style.FORCE_SYMBOLS[kind][1] == "*" else 8,
            linestyle="none",
            label=label,
        )
        for kind, label in KINDS.items()
        for side in ("nato", "russia")
        if (kind, side) in present
    ]


def _collection(
    c: Category, paths: list[MplPath], ax: Axes, z: int, line_scale: float
) -> PathCollection:
    compound = MplPath.make_compound_path(*paths)
    width = 0.35 * line_scale
    kwargs: dict[str, Any] = {"facecolor": c.fill, "edgecolor": style.EDGE, "linewidth": width}
    if c.hatch:
        kwargs |= {"hatch": "////", "hatchcolor": style.HATCH}
    if c.outline:
        kwargs |= {"edgecolor": style.CLAIMED_LINE, "linestyle": "--", "linewidth": 2 * width}
    return PathCollection([compound], transform=ax.transData, zorder=1 + z / 100, **kwargs)


def _draw_border(
    ax: Axes, frame: Frame, resolution: Resolution, region: str, line_scale: float
) -> None:
    for line in _border_geometry(frame, resolution):
        projected = project(line, region)
        for part in shapely.get_parts(shapely.line_merge(projected)):
            if part.geom_type != "LineString":
                continue
            xy = np.asarray(part.coords)
            # A casing under the dark line keeps it visible on every fill colour.
            for colour, width, z in ((style.BORDER_CASING, 3.2, 3), (style.BORDER, 1.6, 4)):
                drawn = Line2D(*xy.T, color=colour, linewidth=width * line_scale, zorder=z)
                drawn.set_solid_capstyle("round")
                ax.add_line(drawn)


def source_line(film: Film) -> str:
    """Credits: the legend's notes (bare-year dates, approximate lines), the geometry, and the
    sites the film's facts cite most, as lines of at most ``_CREDIT_CHARS`` characters."""
    return film.geodata.memo(("source_line", film.table, film.key), lambda: _source_line(film))


_CREDIT_CHARS = 200  # about the width of a map at 6.5 pt type


def _source_line(film: Film) -> str:
    sites: Counter[str] = Counter()
    sites.update(urlparse(c.source).netloc.removeprefix("www.") for c in film.changes)
    top = [site for site, _ in sites.most_common(4)]
    more = len(sites) - len(top)
    cited = ", ".join(top) + (
        f" and {more} more sites (every row of natomap's geodata)" if more > 0 else ""
    )
    line = f"Borders: Natural Earth (public domain) · Facts: {cited} · Made with natomap"
    lines = [*notes(film), line]
    return "\n".join(textwrap.fill(part, _CREDIT_CHARS) for part in lines)


def _map_aspect(region: str) -> float:
    x0, y0, x1, y1 = REGIONS[region].extent
    return (y1 - y0) / (x1 - x0)


# Bands above and below the map, in inches at the reference width: title, legend, credits.
_TOP_IN, _LEGEND_ROW_IN, _REF_WIDTH_IN = 0.85, 0.2, 10.0


def map_figure(
    date: dt.date | str,
    region: str = "europe",
    *,
    width: float | None = None,
    height: float | None = None,
    dpi: float = 150,
    title: str | None = None,
    subtitle: str | None = None,
    text_scale: float = 1.0,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    all_categories: bool = False,
    legend: bool = True,
    border: bool | None = None,
    film: Film | None = None,
    forces: bool = False,
) -> Figure:
    """A finished map for a report: title with the date, subtitle with the border length,
    the map, a legend below it and a source line.

    Text is sized relative to the figure width (times ``text_scale``), so a map keeps its
    look at any size; the legend lists the categories on the map, or all of them
    (``all_categories``). Without ``legend`` the figure stops under the map (the GIF adds
    one legend strip, drawn once, under every frame).
    """
    film = _film(film, org, memberships, view, border)
    frame = film.frame(date)
    _check_region(region)
    keys = None if all_categories else set(frame.territories.category)
    handles = _legend_entries(film, keys, frame)
    if forces:
        from natomap.deployments import deployments

        shown = tuple(deployments(film.geodata)) if all_categories else frame.forces
        handles += _force_entries(shown)
    width = width or (height / (_map_aspect(region) + 0.2) if height else _REF_WIDTH_IN)
    scale = width / _REF_WIDTH_IN * text_scale
    # The band under the map holds the legend (three entries a row) and the source line.
    top, bottom = _TOP_IN * scale, (_legend_height(handles, film) if legend else 0.1) * scale
    height = height or width * _map_aspect(region) + top + bottom
    if height <= top + bottom:
        raise OptionError(f"--height: {height:.2f} in leaves no room for the map")
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), dpi=dpi)
        fig.patch.set_facecolor("white")
        ax = fig.add_axes((0.01, bottom / height, 0.98, 1 - (top + bottom) / height))
        # Lines thin with the map, so a small map is not all border.
        line_scale = min(1.0, max(0.5, width / _REF_WIDTH_IN))
        static_map(frame.date, ax, region, line_scale=line_scale, film=film, forces=forces)
        if title is None:
            count = len(frame.members)
            title = f"{film.name} on {long_date(frame.date)}: {count} member{'s' * (count != 1)}"
        if subtitle is None:
            subtitle = _subtitle(frame, film)
        fig.text(
            0.015,
            1 - 0.12 * scale / height,
            title,
            fontsize=17 * scale,
            fontweight="bold",
            va="top",
        )
        fig.text(0.015, 1 - 0.5 * scale / height, subtitle, fontsize=11 * scale, va="top")
        if legend:
            _draw_legend(fig, handles, scale, height, bottom, film)
    return fig


def _subtitle(frame: Frame, film: Film) -> str:
    """Maps with official lengths give the official border length; others the measured one
    when the border is drawn, else what changed on the map that day."""
    if film.border and frame.border_official_km is not None:
        km = frame.border_official_km
        return f"{_border_name(frame)} land border: {km:,.0f} km (official lengths)"
    if film.border:
        km = sum(geodesic_km(line) for line in _border_geometry(frame, "50m"))
        return f"{_border_name(frame)} land border: {km:,.0f} km (measured at 1:50m)"
    return frame.story.title


def _legend_height(handles: list[Any], film: Film) -> float:
    """Inches (at the reference width) for the legend, three entries a row, and credits."""
    credit_lines = source_line(film).count("\n") + 1
    return _LEGEND_ROW_IN * -(-len(handles) // 3) + 0.18 + 0.11 * credit_lines


def _draw_legend(
    fig: Figure, handles: list[Any], scale: float, height: float, top: float, film: Film
) -> None:
    """The legend under the map, its top ``top`` inches from the bottom, and the credits."""
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, (top - 0.04 * scale) / height),
        ncol=3,
        fontsize=8.5 * scale,
        frameon=False,
        handlelength=1.6,
        columnspacing=1.5,
    )
    fig.text(
        0.015,
        0.06 * scale / height,
        source_line(film),
        fontsize=6.5 * scale,
        color=style.MUTED,
        va="bottom",
        linespacing=1.3,
    )


def legend_figure(
    width: float, dpi: float, film: Film, text_scale: float = 1.0, forces: bool = False
) -> Figure:
    """The legend of every category and the credits alone, as ``map_figure`` draws them
    under a map of the same width: drawn once, pasted under every frame of the GIF."""
    handles = _legend_entries(film, None, None)
    if forces:
        from natomap.deployments import deployments

        handles += _force_entries(tuple(deployments(film.geodata)))
    scale = width / _REF_WIDTH_IN * text_scale
    height = _legend_height(handles, film) * scale
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), dpi=dpi)
        fig.patch.set_facecolor("white")
        _draw_legend(fig, handles, scale, height, height, film)
    return fig


def panels_figure(
    dates: Sequence[dt.date | str],
    region: str = "europe",
    *,
    ncols: int | None = None,
    panel_width: float = 4.0,
    dpi: float = 150,
    title: str | None = None,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    border: bool | None = None,
    film: Film | None = None,
    forces: bool = False,
) -> Figure:
    """Small multiples: one small map per date, one shared legend, for print."""
    film = _film(film, org, memberships, view, border)
    days = sorted({film.frame_date(d) for d in dates})
    if not days:
        raise OptionError("--dates: give at least one date")
    _check_region(region)
    ncols = ncols or min(3, len(days))
    nrows = -(-len(days) // ncols)
    spare = nrows * ncols - len(days)
    map_h = panel_width * _map_aspect(region)
    label_h, top, bottom = 0.5, 0.5, (0.3 if spare else 1.5)
    width = panel_width * ncols
    height = top + nrows * (map_h + label_h) + bottom
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), dpi=dpi)
        fig.patch.set_facecolor("white")
        keys: set[str] = set()
        for i, day in enumerate(days):
            row, col = divmod(i, ncols)
            left = col * panel_width / width
            y = height - top - (row + 1) * (map_h + label_h)
            ax = fig.add_axes(
                (left + 0.04 / width, y / height, (panel_width - 0.08) / width, map_h / height)
            )
            static_map(day, ax, region, line_scale=0.6, film=film, forces=forces)
            frame = film.frame(day)
            keys |= set(frame.territories.category)
            label = textwrap.shorten(frame.story.title, 52, placeholder="…")
            ax.set_title(f"{long_date(day)}\n{label}", fontsize=8.5, loc="left", pad=3)
        fig.text(
            0.01,
            1 - 0.15 / height,
            title or f"{film.name}, {days[0].year}–{days[-1].year}",
            fontsize=16,
            fontweight="bold",
            va="top",
        )
        handles = _legend_entries(film, keys, None)
        if forces:
            shown = tuple({d for day in days for d in film.frame(day).forces})
            handles += _force_entries(shown)
        if spare:
            col = ncols - spare
            anchor = ((col * panel_width + 0.15) / width, (bottom + map_h + label_h) / height)
            fig.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=anchor,
                fontsize=8.5,
                frameon=False,
                title="Legend",
                title_fontproperties={"weight": "bold"},
            )
        else:
            fig.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, 1.3 / height),
                ncol=3,
                fontsize=8.5,
                frameon=False,
            )
        fig.text(0.01, 0.08 / height, source_line(film), fontsize=6.5, color=style.MUTED)
    return fig
