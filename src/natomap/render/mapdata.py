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
from natomap.membership import display_name, is_bundled_nato, rows
from natomap.render.style import categories, classify, notes
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
    """The atlas's building blocks (a partition of the land), simplified together as one
    coverage so that neighbours keep sharing their borders."""
    blocks = pieces(resolution)
    names = sorted(blocks)
    geoms = shapely.intersection(np.array([blocks[n] for n in names], dtype=object), _CLIP)
    kept = ~shapely.is_empty(geoms)
    return [n for n, k in zip(names, kept, strict=True) if k], shapely.coverage_simplify(
        geoms[kept], _TOLERANCE
    )


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


def _org_status_text(row: Any, day: dt.date, org: str) -> str:
    """Tooltip lines for a territory on a map of any organisation but NATO's own: its
    status in ``org``, when it joined, and the table's note on its membership."""
    name = display_name(org)
    lines = []
    if row.held_by != row.sovereign:
        lines.append(f"Held by {row.held_by_name}, not recognised; de jure {row.sovereign_name}")
    if row.status in _MEMBER:
        lines.append(f"Member of {name} since {_long_date(row.joined)}")
    elif row.status == "former member":
        lines.append(f"Former member of {name} (joined {_long_date(row.joined)})")
    elif row.status in ("aspirant", "partner"):
        lines.append(f"{row.status.capitalize()} of {name}")
    elif row.joined:
        lines.append(f"Joins {name} on {_long_date(row.joined)}")
    else:
        lines.append(f"Not in {name}")
    lines += [
        m.note
        for m in rows()
        if m.org == org and m.code == row.sovereign and m.note and m.active(day)
    ]
    return "\n".join(lines)


def _border_km(day: dt.date) -> tuple[float, str]:
    """Length of the NATO–Russia land border on ``day`` and where the figure comes from.

    Captions show the official (surveyed) lengths readers know, summed over the pairs that
    touch that day; ``natomap stats`` gives the measured lengths beside them.
    """
    from natomap.stats import official_border_km

    return official_border_km(day), "official lengths, CIA World Factbook"


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


def map_data(
    view: View = "de-jure",
    resolution: Resolution = "50m",
    org: str = "nato",
    border: bool | None = None,
) -> dict[str, Any]:
    """Everything the player draws, as plain JSON-ready values.

    Keys: ``scale`` (coordinate divisor), ``categories`` (the legend), ``notes`` (lines under
    the legend), ``border_label`` (the border line's legend entry and caption, or None when
    the map has no border: by default only NATO's has), ``shapes`` (distinct territories:
    code, name, polygons of delta-encoded rings), ``lines`` (distinct border lines with
    Russia), ``styles`` ([category index, tooltip status, 1 if Russia holds it, so
    outlined]) and ``frames`` (date, caption, alt text, border length, the shapes shown with
    their style, the border lines).
    """
    nato = is_bundled_nato(org)
    border = nato if border is None else border
    legend = categories(org)
    category_index = {c.key: i for i, c in enumerate(legend)}
    names, simple = _simplified_pieces(resolution)
    tree = shapely.STRtree(shapely.point_on_surface(simple))
    shapes, lines, styles = _Registry(), _Registry(), _Registry()
    out_frames = []
    unions: dict[tuple[int, ...], shapely.Geometry] = {}
    for day in frames(org):
        frame = atlas(day, resolution, view=view, org=None if nato else org)
        frame["category"] = classify(frame, org)
        by_code = dict(zip(frame.code, frame.name, strict=True))
        frame["held_by_name"] = [by_code.get(c, c) for c in frame.held_by]
        frame["sovereign_name"] = [by_code.get(c, c) for c in frame.sovereign]
        drawn_geoms = []
        shown = []
        for row in frame.itertuples():
            ids = tuple(int(i) for i in sorted(tree.query(row.geometry, predicate="contains")))
            if ids not in unions:  # most territories keep their shape over many frames
                unions[ids] = shapely.union_all(simple[list(ids)]) if ids else shapely.Polygon()
            geom = unions[ids]
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
            text = _status_text(row, day) if nato else _org_status_text(row, day, org)
            style = (category_index[row.category], text, int(row.russia_held))
            shown.append([shape_id, styles.add(style, lambda style=style: list(style))])
        drawn = frame.set_geometry(gpd.GeoSeries(drawn_geoms, crs=frame.crs))
        line_ids: list[int] = []
        km, km_note = 0.0, ""
        if border:
            column = "nato_status" if nato else "status"
            pairs = nato_russia_border(day, resolution, frame=drawn, status_column=column)
            line_ids = sorted(
                lines.add(line.wkb, lambda line=line: _encode_lines(line))
                for line in pairs.geometry
            )
            km, km_note = _border_km(day) if nato else (pairs.km.sum(), "measured at 1:50m")
        told = story(day, org)
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
        "notes": notes(org),
        "border_label": f"{display_name(org)}–Russia land border" if border else None,
        "categories": [
            {"key": c.key, "label": c.label, "fill": c.fill, "hatch": c.hatch} for c in legend
        ],
        "shapes": shapes.values,
        "lines": lines.values,
        "styles": styles.values,
        "frames": out_frames,
    }
