"""Shared land borders between territories, measured on the ellipsoid.

A shared border is where two territories' outlines coincide, not where they come close across
the sea. The atlas is a partition of atoms that share their outlines (Natural Earth's features
share their arcs; natomap's cuts share the cut), so the border of two territories is the union
of the common outlines of their touching atoms. Measured borders take each pair's line from
the atlas's prepared geometry: the arcs both use in world-atlas's topology, or where the
outlines coincide for atoms cut by an authored line (see ``natomap._topology``). Drawn
borders intersect the outlines, once per pair of atoms and resolution. Lengths are geodesic
(WGS84), never in degrees or a web projection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import shapely
from pyproj import Geod

from natomap._topology import common_outline
from natomap.atlas import Atlas, Resolution
from natomap.errors import OptionError
from natomap.geodata import Geodata

__all__ = [
    "GEOD",
    "OfficialBorder",
    "border_line",
    "geodesic_km",
    "measured_line",
    "official_borders",
    "shared_border",
]

GEOD = Geod(ellps="WGS84")


def geodesic_km(geom: shapely.Geometry) -> float:
    """Length of a line, or perimeter of a polygon, along the WGS84 ellipsoid, in km."""
    return float(GEOD.geometry_length(geom) / 1000) if not geom.is_empty else 0.0


@dataclass(frozen=True)
class OfficialBorder:
    """A surveyed land-border length between territories ``a`` and ``b``."""

    a: str
    b: str
    km: float
    source: str
    note: str = ""
    line: int = 0


def official_borders(geodata: Geodata | None = None) -> dict[tuple[str, str], OfficialBorder]:
    """``official_borders.csv`` keyed by (member side, Russian side), both ways round."""
    geodata = geodata or Geodata.default()
    return geodata.memo("official_borders", lambda: _load_official(geodata))


def _load_official(geodata: Geodata) -> dict[tuple[str, str], OfficialBorder]:
    out: dict[tuple[str, str], OfficialBorder] = {}
    for row in geodata.rows("official_borders.csv", ("a", "b", "km", "source")):
        border = OfficialBorder(
            a=row.text("a"),
            b=row.text("b"),
            km=row.number("km", 0.001, 40_000),  # type: ignore[arg-type]
            source=row.url(),
            note=row.text("note", False),
            line=row.line,
        )
        for key in ((border.a, border.b), (border.b, border.a)):
            if key in out:
                raise row.error(
                    "b", f"duplicate border {border.a}–{border.b} (line {out[key].line})"
                )
        out[(border.a, border.b)] = border
        out[(border.b, border.a)] = OfficialBorder(
            border.b, border.a, border.km, border.source, border.note, border.line
        )
    return out


def _atom_line(atlas: Atlas, a: str, b: str) -> shapely.Geometry:
    key = ("atom_line", atlas.resolution, *sorted((a, b)))
    return atlas.geodata.memo(key, lambda: common_outline(atlas.atoms[a][1], atlas.atoms[b][1]))


def border_line(atlas: Atlas, first: frozenset[str], second: frozenset[str]) -> shapely.Geometry:
    """The land border between two sets of atoms of ``atlas``, as drawn: where their
    outlines coincide."""
    touching = atlas.touching()
    lines = [
        _atom_line(atlas, a, b)
        for a in sorted(first)
        if a in touching
        for b in sorted(touching[a] & second)
    ]
    return _merged(lines)


def measured_line(atlas: Atlas, first: frozenset[str], second: frozenset[str]) -> shapely.Geometry:
    """The land border between two sets of atoms of ``atlas``, as measured: the prepared
    border of each pair of touching atoms (the world-atlas arcs both use, or where authored
    outlines coincide), read from ``Atlas.prepared`` with no geometric operation."""
    touching = atlas.touching()
    known = atlas.prepared().lines
    empty = shapely.MultiLineString()
    lines = [
        known.get((a, b) if a < b else (b, a), empty)
        for a in sorted(first)
        if a in touching
        for b in sorted(touching[a] & second)
    ]
    return _merged(lines)


def _merged(lines: list[shapely.Geometry]) -> shapely.Geometry:
    lines = [line for line in lines if not line.is_empty]
    if not lines:
        return shapely.MultiLineString()
    return shapely.line_merge(shapely.union_all(lines))


def shared_border(
    a: str,
    b: str,
    date: dt.date | str | None = None,
    resolution: Resolution = "10m",
    *,
    geodata: Geodata | None = None,
) -> tuple[shapely.Geometry, float]:
    """The land border of territories ``a`` and ``b`` on ``date`` (default today) and its
    length in km, measured on the 1:10m outlines unless ``resolution`` says otherwise.

    ``a`` and ``b`` are codes or names ("FIN", "Finland"); two territories that do not share
    a land border that day are an error, not 0 km.

    >>> line, km = shared_border("NOR", "SUN", "1960-01-01", "50m")
    >>> 150 < km < 250
    True
    """
    from natomap.dates import to_day

    geodata = geodata or Geodata.default()
    day = to_day(date or dt.date.today(), geodata)
    atlas = Atlas.of(geodata, resolution)
    frame = atlas.table(day).set_index("code")
    codes = []
    for given in (a, b):
        code = given if given in frame.index else _resolve(given, geodata)
        if code not in frame.index:
            raise OptionError(
                f"no territory '{given}' on {day} (see natomap.atlas({str(day)!r}).code)"
            )
        codes.append(code)
    line = measured_line(atlas, frame.atoms[codes[0]], frame.atoms[codes[1]])
    if line.is_empty:
        raise OptionError(f"{codes[0]} and {codes[1]} share no land border on {day}")
    return line, geodesic_km(line)


def _resolve(name: str, geodata: Geodata) -> str:
    from natomap.usertable import resolve_country

    try:
        return resolve_country(name, geodata)
    except ValueError as err:
        raise OptionError(str(err)) from None
