"""How close an alliance comes to Russia, frame by frame, measured on natomap's geometry.

For every frame: how many members the organisation has and how much land they cover, how
long its members' land border with territory Russia holds (the USSR before 1991-12-26) is,
how far Moscow and Saint Petersburg are from the nearest member territory, where the centre
of its European territory lies, and how much land Russia holds outside its recognised
borders. Which borders exist on a date is read off the frame; the border *length* is
reported twice where official lengths exist (NATO's), because generalised outlines are
shorter than surveyed borders (the coastline effect): the official length, summed from
``official_borders.csv`` over the pairs the geometry says touch, and the length measured on
the 1:10m outlines.

All lengths, areas and distances are geodesic on the WGS84 ellipsoid. See docs/measuring.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from natomap.atlas import Atlas, Resolution
from natomap.borders import GEOD, geodesic_km, measured_line, official_borders
from natomap.film import BorderPair, Film, Frame
from natomap.geodata import Geodata
from natomap.memberships import MEMBER, MembershipTable

__all__ = [
    "EUROPE_BOX",
    "RESOLUTION",
    "Place",
    "border_pairs",
    "official_border_km",
    "places",
    "stats",
]

RESOLUTION: Resolution = "10m"
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


@dataclass(frozen=True)
class Place:
    """A city natomap measures distances from; ``key`` names its columns."""

    key: str
    name: str
    lon: float
    lat: float
    source: str
    line: int = 0


def places(geodata: Geodata | None = None) -> tuple[Place, ...]:
    """``places.csv``: the cities whose distance to the alliance the table reports."""
    geodata = geodata or Geodata.default()
    return geodata.memo("places", lambda: _load_places(geodata))


def _load_places(geodata: Geodata) -> tuple[Place, ...]:
    return tuple(
        Place(
            key=row.text("key"),
            name=row.text("name"),
            lon=row.number("lon", -180, 180),  # type: ignore[arg-type]
            lat=row.number("lat", -90, 90),  # type: ignore[arg-type]
            source=row.url(),
            line=row.line,
        )
        for row in geodata.rows("places.csv", ("key", "name", "lon", "lat", "source"))
    )


@dataclass(frozen=True)
class _Measure:
    """What one territory contributes to a frame's figures."""

    area_km2: float
    distance_km: dict[str, float]
    europe_area: float
    europe_moment: tuple[float, float]


_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", _EQUAL_AREA, always_xy=True)


def _centred_on(place: Place) -> Transformer:
    # Azimuthal equidistant on the ellipsoid: distance from the centre is the true geodesic.
    # A transformer takes ~8 ms to make: one per place, not one per territory and frame.
    return _aeqd(place.lon, place.lat)


@lru_cache(maxsize=256)
def _aeqd(lon: float, lat: float) -> Transformer:
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m"
    return Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)


def _project(geom: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def area_km2(geom: shapely.Geometry) -> float:
    """Geodesic area of a (multi)polygon in km²."""
    oriented = shapely.orient_polygons(geom)
    if oriented.geom_type not in ("Polygon", "MultiPolygon"):
        return float(abs(GEOD.geometry_area_perimeter(oriented)[0]) / 1e6)
    # What ``Geod.geometry_area_perimeter`` sums, ring by ring in the same order, but with
    # the coordinates as arrays: it converts them point by point (a third of ``stats()``).
    total = 0.0
    for polygon in shapely.get_parts(oriented):
        area = _ring_area(polygon.exterior)
        for hole in polygon.interiors:
            area += _ring_area(hole)
        total += area
    return float(abs(total) / 1e6)


def _ring_area(ring: shapely.LinearRing) -> float:
    xy = shapely.get_coordinates(ring)
    return float(GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])[0])


def _measure(geom: shapely.Geometry, towns: tuple[Place, ...]) -> _Measure:
    distance = {
        p.key: shapely.distance(_project(geom, _centred_on(p)), shapely.Point(0, 0)) / 1000
        for p in towns
    }
    box = shapely.box(*EUROPE_BOX)
    europe = geom.intersection(box) if box.contains(geom.centroid) else shapely.Polygon()
    flat = _project(europe, _TO_EQUAL_AREA)
    centre = flat.centroid if not flat.is_empty else shapely.Point(0, 0)
    return _Measure(
        area_km2(geom), distance, flat.area, (flat.area * centre.x, flat.area * centre.y)
    )


def _measured(atlas: Atlas, atoms: frozenset[str]) -> _Measure:
    """A territory's measures, once per set of atoms: its shape (a union at 1:10m) is only
    built the first time a frame measures it."""
    towns = places(atlas.geodata)
    key = ("measure", atlas.resolution, atoms)
    return atlas.geodata.memo(key, lambda: _measure(_shape(atlas, atoms), towns))


def _shape(atlas: Atlas, atoms: frozenset[str]) -> shapely.Geometry:
    """A territory's shape to measure. A territory of one atom is measured on the atom as it
    is: the union that draws it only rewrites its rings (for Canada at 1:10m, a quarter of a
    second) and changes its area by less than 1e-7 km²."""
    if len(atoms) == 1:
        (atom,) = atoms
        return atlas.atoms[atom][1]
    return atlas.shape(atoms)


def _prefix(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_") or "org"


def _territories(frame: Frame, atlas: Atlas) -> pd.DataFrame:
    """The territories of ``frame`` at the atlas's resolution with what is measured: atoms,
    status, who holds them. ``Frame.territories_at`` would also name and classify each
    territory, for every frame: a third of the time of ``stats()``."""
    table = atlas.table(frame.date, frame.film.view)
    known = dict(
        zip(frame.territories.code.tolist(), frame.territories.status.tolist(), strict=True)
    )
    codes, sovereigns = table.code.tolist(), table.sovereign.tolist()
    status = [known.get(c) for c in codes]
    missing = [i for i, s in enumerate(status) if s is None]
    if missing:
        found = frame.film.statuses(
            [codes[i] for i in missing], [sovereigns[i] for i in missing], frame.date
        )
        for i, s in zip(missing, found, strict=True):
            status[i] = s
    table["status"] = status
    return table


def _row(frame: Frame, atlas: Atlas, countries: list[str]) -> dict[str, object]:
    org = frame.film.organisation
    p = _prefix(org.key)
    t = _territories(frame, atlas)
    members = t[t.status.isin(MEMBER) & ~t.russia_held]
    measures = [_measured(atlas, a) for a in members.atoms]
    measured: dict[str, float] = {}
    by_code = dict(zip(t.code.tolist(), t.atoms.tolist(), strict=True))
    for pair in frame.border:
        km = _border_km(atlas, by_code[pair.member], by_code[pair.russia])
        measured[pair.member] = measured.get(pair.member, 0.0) + km
    row: dict[str, object] = {
        "date": frame.date,
        f"{p}_members": len(frame.members),
        f"{p}_area_km2": round(sum(m.area_km2 for m in measures)),
    }
    if org.official_borders:
        official: dict[str, float] = {}
        for pair in frame.border:
            official[pair.member] = official.get(pair.member, 0.0) + (pair.official_km or 0.0)
        row["border_official_km"] = round(sum(official.values()), 1)
        row["border_measured_10m_km"] = round(sum(measured.values()), 1)
        for code in countries:
            row[f"border_official_km_{code}"] = round(official.get(code, 0.0), 1)
        for code in countries:
            row[f"border_measured_10m_km_{code}"] = round(measured.get(code, 0.0), 1)
    else:
        row["border_measured_10m_km"] = round(sum(measured.values()), 1)
    for place in places(atlas.geodata):
        nearest = min((m.distance_km[place.key] for m in measures), default=float("nan"))
        row[f"{place.key}_to_{p}_km"] = round(nearest, 1)
    europe = sum(m.europe_area for m in measures)
    lon = lat = float("nan")
    if europe:
        x = sum(m.europe_moment[0] for m in measures) / europe
        y = sum(m.europe_moment[1] for m in measures) / europe
        lon, lat = _TO_EQUAL_AREA.transform(x, y, direction="INVERSE")
    row["europe_centroid_lon"] = round(float(lon), 3)
    row["europe_centroid_lat"] = round(float(lat), 3)
    held = t[t.russia_held & (t.held_by != t.sovereign)]
    row["russia_held_abroad_km2"] = round(sum(_measured(atlas, a).area_km2 for a in held.atoms))
    if org.events:  # the bundled story carries the forces (forces.csv)
        row.update(_battlegroups(frame, t, atlas))
    return row


def _battlegroups(frame: Frame, table: pd.DataFrame, atlas: Atlas) -> dict[str, object]:
    """NATO's forward battlegroups in place: how many, the troops in them where a source
    gives a number, and the shortest great-circle distance from one to territory Russia
    holds (Kaliningrad, for Orzysz)."""
    groups = [d for d in frame.forces if d.kind == "efp" and d.side == "nato"]
    russia = table[table.russia_held]
    gd = frame.film.geodata
    distances: list[float] = []
    for d in groups:
        for atoms in russia.atoms:
            key = ("to_russia", d.id, atoms)
            distances.append(gd.memo(key, partial(_distance_to, d.lon, d.lat, atlas, atoms)))
    troops = [d.troops for d in groups if d.troops]
    return {
        "nato_battlegroups": len(groups),
        "battlegroup_troops_known": sum(troops),
        "battlegroup_to_russia_km": round(min(distances), 1) if distances else float("nan"),
    }


def _distance_to(lon: float, lat: float, atlas: Atlas, atoms: frozenset[str]) -> float:
    return _distance_km(lon, lat, _shape(atlas, atoms))


def _distance_km(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """Great-circle distance from a point to a shape: the shape's part near the point (a box
    grown until it holds some of it) in an azimuthal equidistant projection on the point."""
    centre = Place("point", "point", lon, lat, "")
    for reach in (5, 15, 45, 180):
        near = shapely.clip_by_rect(
            geom, lon - reach * 2, lat - reach, lon + reach * 2, lat + reach
        )
        if not near.is_empty:
            km = shapely.distance(_project(near, _centred_on(centre)), shapely.Point(0, 0)) / 1000
            # Anything outside the box is farther than the box's nearest edge.
            if reach == 180 or km < reach * 111 * 0.5:
                return float(km)
    return float("nan")


def _border_km(atlas: Atlas, first: frozenset[str], second: frozenset[str]) -> float:
    """The measured length of a border, once per pair of shapes (most frames repeat them)."""
    key = ("border_km", atlas.resolution, first, second)
    return atlas.geodata.memo(key, lambda: geodesic_km(measured_line(atlas, first, second)))


def _pair_lines(
    frame: Frame, table: pd.DataFrame, atlas: Atlas
) -> list[tuple[BorderPair, shapely.Geometry]]:
    by_code = dict(zip(table.code.tolist(), table.atoms.tolist(), strict=True))
    return [(p, measured_line(atlas, by_code[p.member], by_code[p.russia])) for p in frame.border]


def border_pairs(
    date: dt.date | str,
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    geodata: Geodata | None = None,
) -> gpd.GeoDataFrame:
    """The land borders between the organisation's members and territory Russia holds on
    ``date``, one row per pair: ``member``, ``russia``, ``km`` (measured at 1:10m),
    ``official_km`` (where known), ``source`` and ``geometry`` (the line, at 1:10m).

    >>> border_pairs("1960-01-01")[["member", "russia", "official_km"]].values.tolist()
    [['NOR', 'SUN', 196.0], ['TUR', 'SUN', 617.0]]
    """
    film = Film.of(org, memberships=memberships, geodata=geodata)
    frame = film.frame(date)
    atlas = Atlas.of(film.geodata, RESOLUTION)
    rows = [
        {
            "member": p.member,
            "russia": p.russia,
            "km": round(geodesic_km(line), 1),
            "official_km": p.official_km,
            "source": p.source,
            "geometry": line,
        }
        for p, line in _pair_lines(frame, _territories(frame, atlas), atlas)
    ]
    columns = ["member", "russia", "km", "official_km", "source", "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def stats(
    dates: Iterable[dt.date | str] | None = None,
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    geodata: Geodata | None = None,
) -> pd.DataFrame:
    """The measurements, one row per date (default: every frame of the organisation's map).

    Columns, for NATO (``<org>`` is the organisation's key, ``nato``): ``date``
    (datetime64), ``<org>_members``, ``<org>_area_km2`` (geodesic area of member territory
    at 1:10m), ``border_official_km`` and ``border_measured_10m_km`` (the land border with
    Russia), the same per member country of ``official_borders.csv``
    (``border_official_km_NOR``, ``border_measured_10m_km_NOR`` ...), ``<place>_to_<org>_km``
    for each city of ``places.csv`` (great-circle distance to the nearest member territory),
    ``europe_centroid_lon``/``_lat`` (area-weighted centre of members' land in
    :data:`EUROPE_BOX`), ``russia_held_abroad_km2`` (land Russia holds outside its
    recognised borders, measured on the outlines: Crimea, Transnistria, the occupied areas)
    and, from ``forces.csv``, ``nato_battlegroups`` (forward battlegroups and brigades in
    place), ``battlegroup_troops_known`` (their troops where a source gives a number) and
    ``battlegroup_to_russia_km`` (shortest distance from one to territory Russia holds).
    Kilometres are rounded to 0.1 km, areas to 1 km².

    An organisation without official border lengths (a user's own table) gets the measured
    figures only.

    >>> table = stats(["1949-08-24", "2024-03-07"])
    >>> table.border_official_km.tolist()
    [196.0, 2626.0]
    """
    film = Film.of(org, memberships=memberships, geodata=geodata)
    days = film.dates if dates is None else [film.frame_date(d) for d in dates]
    atlas = Atlas.of(film.geodata, RESOLUTION)
    countries = sorted(
        {b.a for b in official_borders(film.geodata).values() if b.a not in ("RUS", "SUN")}
    )
    table = pd.DataFrame([_row(film.frame(d), atlas, countries) for d in days])
    if not table.empty:
        table["date"] = pd.to_datetime(table["date"])
    return table


def official_border_km(
    date: dt.date | str,
    *,
    memberships: MembershipTable | None = None,
    geodata: Geodata | None = None,
) -> float:
    """NATO's land border with Russia on ``date`` in km, from official (surveyed) lengths:
    the figure captions show.

    >>> official_border_km("2023-04-04")
    2626.0
    """
    frame = Film.of("nato", memberships=memberships, geodata=geodata).frame(date)
    return float(frame.border_official_km or 0.0)
