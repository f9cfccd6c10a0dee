"""What a map draws on one Axes, and what changes from frame to frame.

A collection per category holds that category's territories as one compound path, swapped
for each frame's (hatching belongs to a collection as a whole, so categories stay apart);
the land border is a casing and a line, each one line collection; the deployments are
markers. Drawing another frame changes paths, not artists, so a figure made once can show a
whole film.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from natomap.atlas import Atlas, Resolution
from natomap.borders import border_line
from natomap.film import Film, Frame
from natomap.render import style
from natomap.render._projection import REGIONS, project, territory_path, transformer
from natomap.render.style import Category, categories
from natomap.words import Words, words

__all__ = [
    "MapLayers",
    "border_geometry",
    "border_name",
    "force_entries",
    "frame_axes",
    "border_label",
    "legend_entries",
]


def border_name(frame: Frame) -> str:
    """'NATO–USSR' while the border is with the Soviet Union, 'NATO–Russia' after, read off
    the frame (which code holds the territory on the other side)."""
    holder = "USSR" if any(p.russia == "SUN" for p in frame.border) else "Russia"
    return f"{frame.film.name}–{holder}"


def border_label(film: Film, frame: Frame | None, w: Words | None = None) -> str:
    """The border line's name in the legend and caption: 'NATO–Russia land border' (or
    '–USSR', or '–USSR/Russia' for a legend of the whole film), in the language of ``w``."""
    w = w or words("en")
    org = w.data(film.name)
    if frame is None:
        return w("{org}–USSR/Russia land border", org=org)
    if any(p.russia == "SUN" for p in frame.border):
        return w("{org}–USSR land border", org=org)
    return w("{org}–Russia land border", org=org)


def border_geometry(frame: Frame, resolution: Resolution) -> list[shapely.Geometry]:
    atlas = Atlas.of(frame.film.geodata, resolution)
    t = frame.territories if resolution == "50m" else frame.geo(resolution)
    by_code = dict(zip(t.code, t.atoms, strict=True))
    return [border_line(atlas, by_code[p.member], by_code[p.russia]) for p in frame.border]


class MapLayers:
    """What changes on a map from frame to frame, on one Axes: a collection per category
    (its paths swapped per frame), the border as a casing and a line, the deployments."""

    def __init__(
        self,
        ax: Axes,
        film: Film,
        region: str,
        line_scale: float,
        forces: bool,
        resolution: Resolution = "50m",
    ):
        self.ax, self.film, self.region = ax, film, region
        self.line_scale, self.forces, self.resolution = line_scale, forces, resolution
        self.collections: dict[str, PathCollection] = {}
        for z, c in enumerate(categories(film)):
            collection = _collection(c, ax, z, line_scale)
            ax.add_collection(collection, autolim=False)
            self.collections[c.key] = collection
        self.border: list[LineCollection] = []
        if film.border:
            # A casing under the dark line keeps it visible on every fill colour.
            for colour, width, z in ((style.BORDER_CASING, 3.2, 3), (style.BORDER, 1.6, 4)):
                line = LineCollection(
                    [],
                    colors=colour,
                    linewidths=width * line_scale,
                    zorder=z,
                    capstyle="round",
                    joinstyle="round",
                )
                ax.add_collection(line, autolim=False)
                self.border.append(line)
        self.markers: list[Line2D] = []

    def show(self, frame: Frame) -> set[str]:
        """Draw ``frame`` in place of the frame shown before; returns its categories."""
        geo = frame.geo(self.resolution)
        by_key: dict[str, list[MplPath]] = {}
        for geom, key in zip(geo.geometry, geo.category, strict=True):
            path = territory_path(geom, self.region)
            if path is not None:
                by_key.setdefault(key, []).append(path)
        for key, collection in self.collections.items():
            paths = by_key.get(key)
            collection.set_paths([MplPath.make_compound_path(*paths)] if paths else [])
        if self.border:
            segments = _border_segments(frame, self.resolution, self.region)
            for line in self.border:
                line.set_segments(segments)
        for marker in self.markers:
            marker.remove()
        self.markers = []
        if self.forces:
            self.markers = _draw_forces(self.ax, frame, self.region, self.line_scale)
        return set(geo.category)


def _collection(c: Category, ax: Axes, z: int, line_scale: float) -> PathCollection:
    width = 0.35 * line_scale
    kwargs: dict[str, Any] = {"facecolor": c.fill, "edgecolor": style.EDGE, "linewidth": width}
    if c.hatch:
        kwargs |= {"hatch": "////", "hatchcolor": style.HATCH}
    if c.outline:
        kwargs |= {"edgecolor": style.CLAIMED_LINE, "linestyle": "--", "linewidth": 2 * width}
    return PathCollection([], transform=ax.transData, zorder=1 + z / 100, **kwargs)


def _border_segments(frame: Frame, resolution: Resolution, region: str) -> list[np.ndarray]:
    segments = []
    for line in border_geometry(frame, resolution):
        projected = project(line, region)
        for part in shapely.get_parts(shapely.line_merge(projected)):
            if part.geom_type == "LineString":
                segments.append(np.asarray(part.coords))
    return segments


def _draw_forces(ax: Axes, frame: Frame, region: str, line_scale: float) -> list[Line2D]:
    """The deployments in place as symbols: a shape per kind, a colour per side."""
    transform = transformer(REGIONS[region].crs).transform
    drawn = []
    for d in frame.forces:
        x, y = transform(d.lon, d.lat)
        marker = style.FORCE_SYMBOLS[d.kind][1]
        (line,) = ax.plot(
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
        drawn.append(line)
    return drawn


def frame_axes(ax: Axes, crs: str) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#BBBBBB")
        spine.set_linewidth(0.5)
    ax.natomap_crs = crs  # type: ignore[attr-defined]  # lets callers place points


def legend_entries(
    film: Film, keys: set[str] | None, frame: Frame | None, w: Words | None = None
) -> list[Any]:
    w = w or words("en")
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
                label=c.text(w),
            )
        )
    if not film.border:
        return handles
    label = border_label(film, frame, w)
    handles.append(Line2D([], [], color=style.BORDER, linewidth=2, label=label))
    return handles


def force_entries(shown: Iterable[Any], w: Words | None = None) -> list[Any]:
    from natomap.deployments import KINDS

    w = w or words("en")
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
            label=w(label),
        )
        for kind, label in KINDS.items()
        for side in ("nato", "russia")
        if (kind, side) in present
    ]
