"""How close NATO comes to Russia, frame by frame, measured on natomap's own geometry.

For every date: how many members NATO has and how much land they cover, how long the land
border between NATO members and Russia (the USSR before 1991-12-26) is, how far Moscow and
Saint Petersburg are from the nearest NATO territory, and where the centre of NATO's European
territory lies. Which borders exist on a date is read off the 1:10m atlas of that day; the
border *length* is reported twice, because generalised outlines are shorter than surveyed
borders (the coastline effect): the official length, summed from ``official_borders.csv``
over the pairs the geometry says touch, and the length measured on the 1:10m outlines.

All lengths, areas and distances are geodesic on the WGS84 ellipsoid. See docs/measuring.md.

``natomap.stats`` is also the name of the table function the package exports; import helpers
from this module with ``from natomap.stats import official_border_km``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from natomap.atlas import atlas, territories_on
from natomap.borders import GEOD, nato_russia_border
from natomap.data import DataError, Row, geodata_path, read_rows, to_day
from natomap.membership import display_name, founding_date, in_use, is_bundled_nato, members
from natomap.timeline import frames

__all__ = [
    "EUROPE_BOX",
    "RESOLUTION",
    "OfficialBorder",
    "Place",
    "border_pairs",
    "official_border_km",
    "official_borders",
    "places",
    "stats",
]

RESOLUTION = "10m"
"""The atlas every figure here is measured on: the finest natomap ships."""

EUROPE_BOX = (-25.0, 34.0, 45.0, 72.0)
"""(west, south, east, north) in degrees: 'Europe' for the alliance's European centroid.

A member territory counts if its own centroid lies in the box, and only its part inside the
box counts: mainland Europe, the British Isles, Iceland, the Mediterranean islands and all of
Turkey; not North America, Svalbard, the Azores west of 25°W, Madeira, the Canaries or
overseas France (French Guiana is part of Natural Earth's France).
"""

# An equal-area projection for Europe (ETRS89-LAEA), so that the centroid is area-weighted.
_EQUAL_AREA = "EPSG:3035"
_MEMBER = ("member", "founding member")
_ORG = "nato"


@dataclass(frozen=True)
class OfficialBorder:
    """A surveyed land-border length between territories ``a`` and ``b``."""

    a: str
    b: str
    km: float
    source: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Place:
    """A city natomap measures distances from; ``key`` names its columns."""

    key: str
    name: str
    lon: float
    lat: float
    source: str
    line: int = 0


def _number(row: Row, field: str, low: float, high: float) -> float:
    text = row.text(field)
    try:
        value = float(text)
    except ValueError:
        raise row.error(field, f"'{text}' is not a number") from None
    if not low <= value <= high:
        raise row.error(field, f"{value} is outside {low}..{high}")
    return value


@cache
def official_borders(path: Path | None = None) -> dict[tuple[str, str], OfficialBorder]:
    """``official_borders.csv`` keyed by (NATO side, Russian side), checked row by row."""
    path = path or geodata_path("official_borders.csv")
    out: dict[tuple[str, str], OfficialBorder] = {}
    for line, values in read_rows(path, ("a", "b", "km", "source")):
        row = Row(path, line, values)
        border = OfficialBorder(
            a=row.text("a"),
            b=row.text("b"),
            km=_number(row, "km", 0.001, 40_000),
            source=row.url(),
            note=row.text("note", False),
            line=line,
        )
        for key in ((border.a, border.b), (border.b, border.a)):
            if key in out:
                first = out[key].line
                raise row.error("b", f"duplicate border {border.a}–{border.b} (line {first})")
        out[(border.a, border.b)] = border
    return out


@cache
def places(path: Path | None = None) -> tuple[Place, ...]:
    """``places.csv``: the cities whose distance to NATO the table reports."""
    path = path or geodata_path("places.csv")
    out = []
    for line, values in read_rows(path, ("key", "name", "lon", "lat", "source")):
        row = Row(path, line, values)
        out.append(
            Place(
                key=row.text("key"),
                name=row.text("name"),
                lon=_number(row, "lon", -180, 180),
                lat=_number(row, "lat", -90, 90),
                source=row.url(),
                line=line,
            )
        )
    return tuple(out)


def _check_day(date: dt.date | str) -> dt.date:
    """A day on NATO's timeline: from the day the treaty entered into force to today."""
    day = to_day(date)
    start = founding_date(_ORG)
    if day < start:
        raise ValueError(f"{day} is before {start}, the day NATO came into being")
    return day


@lru_cache(maxsize=64)
def _nato_and_russia(day: dt.date) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    frame = atlas(day, RESOLUTION)
    return frame[frame.nato_status.isin(_MEMBER)], frame[frame.russia_held]


# Shapes change on a handful of dates only; these caches are keyed by what a shape is made of
# (its atlas pieces), so each border and each territory is measured once for all 40 frames.
_BORDERS: dict[tuple, gpd.GeoDataFrame] = {}
_MEASURES: dict[tuple[str, ...], _Measure] = {}


def border_pairs(date: dt.date | str) -> gpd.GeoDataFrame:
    """NATO–Russia land borders on ``date`` at 1:10m, one row per pair, with official lengths.

    Columns: ``nato``, ``russia``, ``km`` (measured at 1:10m), ``official_km``, ``source``,
    ``geometry``. A pair that touches but has no official length is a data error.

    >>> border_pairs("1960-01-01")[["nato", "russia", "official_km"]].values.tolist()
    [['NOR', 'SUN', 196.0], ['TUR', 'SUN', 617.0]]
    """
    day = _check_day(date)
    nato, russia = _nato_and_russia(day)
    parts = {t.code: t.parts for t in territories_on(day, RESOLUTION)}
    key = tuple(tuple((c, parts[c]) for c in side.code) for side in (nato, russia))
    if key not in _BORDERS:
        both = gpd.GeoDataFrame(pd.concat([nato, russia]), crs=nato.crs)
        _BORDERS[key] = nato_russia_border(day, RESOLUTION, both)
    pairs = _BORDERS[key].copy()
    official = _official_for(pairs, day, RESOLUTION)
    pairs["official_km"] = [o.km for o in official]
    pairs["source"] = [o.source for o in official]
    return pairs[["nato", "russia", "km", "official_km", "source", "geometry"]]


def _official_for(pairs: gpd.GeoDataFrame, day: dt.date, resolution: str) -> list[OfficialBorder]:
    """The official length of each touching pair; a pair without one is a data error."""
    official = official_borders()
    for pair in zip(pairs.nato, pairs.russia, strict=True):
        if pair not in official:
            raise DataError(
                geodata_path("official_borders.csv"),
                None,
                "a",
                f"no official length for the {pair[0]}–{pair[1]} border, which the 1:{resolution} "
                f"atlas shows on {day}; add a row with its source",
            )
    return [official[p] for p in zip(pairs.nato, pairs.russia, strict=True)]


def official_border_km(date: dt.date | str) -> float:
    """The NATO–Russia land border on ``date`` in km, from official (surveyed) lengths.

    The figure captions show: the sum of the official lengths of the pairs that touch that
    day. Which pairs touch is read off the 1:50m atlas: on every frame it names the same pairs
    as the 1:10m one (a test checks), and maps and captions need not load 1:10m geometry.

    >>> official_border_km("2023-04-04")
    2626.0
    """
    day = _check_day(date)
    pairs = nato_russia_border(day, "50m")
    return float(sum(o.km for o in _official_for(pairs, day, "50m")))


@dataclass(frozen=True)
class _Measure:
    """What one territory contributes to a frame's figures."""

    area_km2: float
    distance_km: dict[str, float]
    europe_area: float
    europe_moment: tuple[float, float]


@cache
def _to_equal_area() -> Transformer:
    return Transformer.from_crs("EPSG:4326", _EQUAL_AREA, always_xy=True)


@cache
def _centred_on(place: Place) -> Transformer:
    # Azimuthal equidistant on the ellipsoid: distance from the centre is the true geodesic.
    aeqd = f"+proj=aeqd +lat_0={place.lat} +lon_0={place.lon} +ellps=WGS84 +units=m"
    return Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)


def _project(geom: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def _measure(geom: shapely.Geometry) -> _Measure:
    area = abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))[0]) / 1e6
    distance = {
        p.key: shapely.distance(_project(geom, _centred_on(p)), shapely.Point(0, 0)) / 1000
        for p in places()
    }
    box = shapely.box(*EUROPE_BOX)
    europe = geom.intersection(box) if box.contains(geom.centroid) else shapely.Polygon()
    flat = _project(europe, _to_equal_area())
    centre = flat.centroid if not flat.is_empty else shapely.Point(0, 0)
    return _Measure(area, distance, flat.area, (flat.area * centre.x, flat.area * centre.y))


def _measures(day: dt.date) -> list[_Measure]:
    nato, _ = _nato_and_russia(day)
    parts = {t.code: t.parts for t in territories_on(day, RESOLUTION)}
    out = []
    for code, geom in zip(nato.code, nato.geometry, strict=True):
        if parts[code] not in _MEASURES:
            _MEASURES[parts[code]] = _measure(geom)
        out.append(_MEASURES[parts[code]])
    return out


def _row(day: dt.date, countries: list[str]) -> dict[str, object]:
    pairs = border_pairs(day)
    measures = _measures(day)
    # A member could border more than one territory Russia holds: add them up.
    official = pairs.groupby("nato").official_km.sum()
    measured = pairs.groupby("nato").km.sum()
    europe = sum(m.europe_area for m in measures)
    x = sum(m.europe_moment[0] for m in measures) / europe
    y = sum(m.europe_moment[1] for m in measures) / europe
    lon, lat = _to_equal_area().transform(x, y, direction="INVERSE")
    row: dict[str, object] = {
        "date": day,
        "nato_members": len(members(_ORG, day)),
        "nato_area_km2": round(sum(m.area_km2 for m in measures)),
        "border_official_km": round(float(pairs.official_km.sum()), 1),
        "border_measured_10m_km": round(float(pairs.km.sum()), 1),
    }
    for code in countries:
        row[f"border_official_km_{code}"] = round(float(official.get(code, 0.0)), 1)
    for code in countries:
        row[f"border_measured_10m_km_{code}"] = round(float(measured.get(code, 0.0)), 1)
    for place in places():
        row[f"{place.key}_to_nato_km"] = round(min(m.distance_km[place.key] for m in measures), 1)
    row["europe_centroid_lon"] = round(float(lon), 3)
    row["europe_centroid_lat"] = round(float(lat), 3)
    return row


def stats(dates: Iterable[dt.date | str] | None = None, org: str = "nato") -> pd.DataFrame:
    """The measurements, one row per date (default: every frame of the NATO map).

    Columns: ``date``, ``nato_members``, ``nato_area_km2`` (geodesic area of member
    territory at 1:10m), ``border_official_km`` and ``border_measured_10m_km`` (the
    NATO–Russia land border), the same per NATO country of ``official_borders.csv``
    (``border_official_km_NOR``, ``border_measured_10m_km_NOR``...), ``<place>_to_nato_km``
    for each city of ``places.csv`` (great-circle distance to the nearest member territory)
    and ``europe_centroid_lon``/``_lat`` (area-weighted centre of members' land in
    :data:`EUROPE_BOX`). Kilometres are rounded to 0.1 km, areas to 1 km².

    >>> table = stats(["1949-08-24", "2024-03-07"])
    >>> table.border_official_km.tolist()
    [196.0, 2626.0]

    For any other organisation of the membership table in use (a user's ``--data``) the
    same figures are measured for its members, under generic names: ``members``,
    ``area_km2``, ``border_measured_10m_km`` (its members' land border with Russia),
    ``<place>_to_members_km``. Official lengths are known for NATO's pairs only, so they
    are left out.
    """
    if not is_bundled_nato(org):
        return _org_stats(org, dates)
    days = [_check_day(d) for d in (frames(_ORG) if dates is None else dates)]
    countries = sorted({b.a for b in official_borders().values()})
    return pd.DataFrame([_row(day, countries) for day in days])


def _org_stats(org: str, dates: Iterable[dt.date | str] | None) -> pd.DataFrame:
    """``stats()`` of an organisation other than NATO: measured figures only."""
    start = founding_date(org)
    days = [to_day(d) for d in (frames(org) if dates is None else dates)]
    for day in days:
        if day < start:
            raise ValueError(f"{day} is before {start}, when {display_name(org)} had members")
    return pd.DataFrame([_org_row(day, org) for day in days])


def _org_row(day: dt.date, org: str) -> dict[str, object]:
    frame = _org_frame(day, org, in_use())
    member = frame[frame.status.isin(_MEMBER)]
    parts = {t.code: t.parts for t in territories_on(day, RESOLUTION)}
    border_key = (org, in_use(), tuple((c, parts[c]) for c in frame.code[frame.russia_held]))
    border_key += (tuple((c, parts[c]) for c in member.code),)
    if border_key not in _BORDERS:
        _BORDERS[border_key] = nato_russia_border(day, RESOLUTION, frame, status_column="status")
    measures = []
    for code, geom in zip(member.code, member.geometry, strict=True):
        if parts[code] not in _MEASURES:
            _MEASURES[parts[code]] = _measure(geom)
        measures.append(_MEASURES[parts[code]])
    row: dict[str, object] = {
        "date": day,
        "members": len(members(org, day)),
        "area_km2": round(sum(m.area_km2 for m in measures)),
        "border_measured_10m_km": round(float(_BORDERS[border_key].km.sum()), 1),
    }
    for place in places():
        nearest = min((m.distance_km[place.key] for m in measures), default=float("nan"))
        row[f"{place.key}_to_members_km"] = round(nearest, 1)
    return row


@lru_cache(maxsize=64)
def _org_frame(day: dt.date, org: str, table: object) -> gpd.GeoDataFrame:
    # ``table`` (the user's, or None) keys the cache: two tables may name the same org.
    return atlas(day, RESOLUTION, org=org)
