"""The animated map's data: every distinct territory shape once, every frame as references.

Territories repeat over the 40 frames (France is the same shape in all of them), so a shape is
stored once and a frame lists which shapes show and in which style. Shapes are unions of the
atlas's building blocks (``atlas.pieces``) simplified together as one coverage, so neighbours
keep exactly the same border after simplification: no gaps or slivers between them, and a
USSR outline made of simplified republics matches the republics drawn after 1991.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from natomap.atlas import Resolution, View, atlas, pieces
from natomap.borders import nato_russia_border
from natomap.render.style import categories, classify
from natomap.timeline import frames, story

__all__ = ["map_data"]

SCALE = 100
"""Coordinates are stored as integers in hundredths of a degree (about 1 km)."""
_TOLERANCE = 0.05  # degrees; coverage_simplify's area-like tolerance, ~5 km wiggles removed
_MIN_PART = 0.004  # square degrees; smaller islands are dropped unless a territory's largest
_CLIP = shapely.box(-180, -60, 180, 85)  # Web Mercator's useful band, Antarctica left out
_MEMBER = ("member", "founding member")


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _simplified_pieces(resolution: Resolution) -> tuple[list[str], np.ndarray]:
    """The atlas's building blocks as a coverage (no overlaps), simplified together.

    A block that other blocks tile exactly (today's Germany, made of the two zones) is left
    out: territories made of it are drawn as the union of its finer blocks instead.
    """
    blocks = pieces(resolution)
    names = sorted(blocks)
    geoms = shapely.intersection(np.array([blocks[n] for n in names], dtype=object), _CLIP)
    tree = shapely.STRtree(shapely.point_on_surface(geoms))
    finest = []
    areas = shapely.area(geoms)
    for i, geom in enumerate(geoms):
        inside = [j for j in tree.query(geom, predicate="contains") if areas[j] < areas[i]]
        tiled = inside and areas[inside].sum() >= 0.999 * areas[i]
        if not tiled and not shapely.is_empty(geom):
            finest.append(i)
    return [names[i] for i in finest], shapely.coverage_simplify(geoms[finest], _TOLERANCE)


def _encode_ring(ring: shapely.LinearRing | shapely.LineString) -> list[int]:
    """Delta-encoded integer coordinates, repeated points removed: [x0, y0, dx1, dy1, ...]."""
    xy = np.round(np.asarray(ring.coords)[:, :2] * SCALE).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    xy = xy[keep]
    delta = np.vstack([xy[:1], np.diff(xy, axis=0)])
    return delta.ravel().tolist()


def _encode_polygons(geom: shapely.Geometry) -> list[list[list[int]]]:
    parts = [p for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    if not parts:
        return []
    largest = max(p.area for p in parts)
    out = []
    for part in sorted(parts, key=lambda p: -p.area):
        if part.area < _MIN_PART and part.area < largest:
            continue
        rings = [_encode_ring(part.exterior)] + [_encode_ring(r) for r in part.interiors]
        out.append([r for r in rings if len(r) >= 6])
    return [p for p in out if p]


def _encode_lines(geom: shapely.Geometry) -> list[list[int]]:
    lines = [g for g in getattr(geom, "geoms", [geom]) if not g.is_empty]
    return [_encode_ring(line) for line in lines]


def _status_text(row: Any, day: dt.date) -> str:
    """Tooltip lines for one territory on one day: its status and its NATO accession."""
    lines = []
    if row.held_by != row.sovereign:
        lines.append(f"Held by {row.held_by_name}, not recognised; de jure {row.sovereign_name}")
    if row.nato_status in _MEMBER:
        lines.append(f"NATO member since {_long_date(row.nato_joined)}")
    else:
        if row.warsaw_pact_status in _MEMBER:
            lines.append("Warsaw Pact member")
        if row.nato_status in ("aspirant", "partner"):
            lines.append(f"NATO {row.nato_status}")
        if row.nato_joined:
            lines.append(f"Joins NATO on {_long_date(row.nato_joined)}")
        elif row.nato_status == "none" and row.warsaw_pact_status not in _MEMBER:
            lines.append("Not in NATO")
    return "\n".join(lines)


def _border_km(day: dt.date, frame: gpd.GeoDataFrame | None = None) -> tuple[float, str]:
    """Length of the NATO–Russia land border on ``day`` and how it was obtained.

    Measured geodesically on the 1:50m outlines until the statistics module provides the
    official figures; swap this function then, the caption takes both values from here.
    """
    km = float(nato_russia_border(day, "50m", frame=frame).km.sum())
    return km, "measured on Natural Earth 1:50m outlines"


class _Registry:
    """Assigns a stable index to each distinct value, in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def add(self, key: Any, make: Any) -> int:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(make())
        return self.index[key]


def map_data(view: View = "de-jure", resolution: Resolution = "50m") -> dict[str, Any]:
    """Everything the player draws, as plain JSON-ready values.

    Keys: ``scale`` (coordinate divisor), ``categories`` (the legend), ``shapes`` (distinct
    territories: code, name, polygons of delta-encoded rings), ``lines`` (distinct NATO–Russia
    border lines), ``styles`` ([category index, tooltip status, 1 if Russia holds it, so
    outlined]) and ``frames`` (date, caption, alt text, border length, the shapes shown with
    their style, the border lines).
    """
    legend = categories()
    category_index = {c.key: i for i, c in enumerate(legend)}
    names, simple = _simplified_pieces(resolution)
    tree = shapely.STRtree(shapely.point_on_surface(simple))
    shapes, lines, styles = _Registry(), _Registry(), _Registry()
    out_frames = []
    for day in frames():
        frame = atlas(day, resolution, view=view)
        frame["category"] = classify(frame)
        by_code = dict(zip(frame.code, frame.name, strict=True))
        frame["held_by_name"] = [by_code.get(c, c) for c in frame.held_by]
        frame["sovereign_name"] = [by_code.get(c, c) for c in frame.sovereign]
        drawn_geoms = []
        shown = []
        for row in frame.itertuples():
            ids = tuple(int(i) for i in sorted(tree.query(row.geometry, predicate="contains")))
            geom = shapely.union_all(simple[list(ids)]) if ids else shapely.Polygon()
            drawn_geoms.append(geom)
            if geom.is_empty:
                continue
            shape_id = shapes.add(
                (row.code, row.name, ids),
                lambda row=row, geom=geom: {
                    "code": row.code,
                    "name": row.name,
                    "polygons": _encode_polygons(geom),
                },
            )
            style = (category_index[row.category], _status_text(row, day), int(row.russia_held))
            shown.append([shape_id, styles.add(style, lambda style=style: list(style))])
        drawn = frame.set_geometry(gpd.GeoSeries(drawn_geoms, crs=frame.crs))
        border = nato_russia_border(day, resolution, frame=drawn)
        line_ids = sorted(
            lines.add(line.wkb, lambda line=line: _encode_lines(line)) for line in border.geometry
        )
        km, km_note = _border_km(day, frame)
        told = story(day)
        out_frames.append(
            {
                "date": day.isoformat(),
                "label": _long_date(day),
                "title": told.title,
                "description": told.description,
                "alt": told.alt,
                "km": round(km),
                "km_note": km_note,
                "shown": sorted(shown),
                "border": line_ids,
            }
        )
    return {
        "scale": SCALE,
        "view": view,
        "categories": [
            {"key": c.key, "label": c.label, "fill": c.fill, "hatch": c.hatch} for c in legend
        ],
        "shapes": shapes.values,
        "lines": lines.values,
        "styles": styles.values,
        "frames": out_frames,
    }
