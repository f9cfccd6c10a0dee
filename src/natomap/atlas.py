"""Territories valid on a date, built from Natural Earth's modern countries.

Historical states are unions of modern pieces (the USSR, Czechoslovakia, Yugoslavia); the two
Germanys are cut along the authored inner-German border; Crimea is cut out of the Russia that
Natural Earth 4.1.0 draws (de facto) and given back to Ukraine de jure. Shapes that cross the
antimeridian (Russia, Fiji, Antarctica) are repaired here, once, so that every geometry natomap
hands out is valid and no renderer draws a band across the map.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from functools import cache
from typing import Literal

import antimeridian
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from natomap.data import (
    DataError,
    Territory,
    atlas_features,
    geodata_path,
    load_territories,
    read_rows,
    to_day,
    treaty_areas,
)
from natomap.membership import accession, status

__all__ = ["RESOLUTIONS", "atlas", "pieces", "territories_on"]

Resolution = Literal["50m", "10m"]
View = Literal["de-jure", "de-facto"]
RESOLUTIONS: tuple[str, ...] = ("50m", "10m")
RUSSIA = ("RUS", "SUN")
"""Codes whose holdings count as held by Russia (the USSR before 1991-12-26)."""


_WORLD = shapely.box(-180, -90, 180, 90)


def _repair(geom: shapely.Geometry) -> shapely.Geometry:
    """Split rings that cross 180° (read planar they self-intersect) and heal quantization.

    Only the polygons that reach 180° go through ``antimeridian`` (Russia's Chukotka, not
    its other 98 parts). At 1:10m, world-atlas's winding can make a ring around the South
    Pole read as the rest of the world; a polygon larger than a hemisphere is that mistake,
    and its complement is the land.
    """
    parts = []
    for polygon in getattr(geom, "geoms", [geom]):
        xmin, _, xmax, _ = polygon.bounds
        if xmin <= -179.999 or xmax >= 179.999:
            # As a MultiPolygon: antimeridian checks a lone Polygon's result and refuses the
            # 1:10m quantization errors that make_valid heals just below.
            fixed = shape(antimeridian.fix_shape(shapely.MultiPolygon([polygon]), fix_winding=True))
            if not fixed.is_valid:
                fixed = shapely.make_valid(fixed, method="structure", keep_collapsed=False)
            if fixed.area > _WORLD.area / 2:
                fixed = _WORLD.difference(fixed)
            parts.extend(getattr(fixed, "geoms", [fixed]))
        else:
            parts.append(polygon)
    geom = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return shapely.normalize(geom)


@cache
def _features(resolution: Resolution) -> gpd.GeoDataFrame:
    """Natural Earth features with ISO codes and repaired geometry, one row per code."""
    path = geodata_path(f"world-atlas/countries-{resolution}.json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = gpd.read_file(path, layer="countries")
    rows = [
        {**vars(feature), "geometry": _repair(geom)}
        for feature, geom in zip(atlas_features(resolution), frame.geometry, strict=True)
    ]
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    # world-atlas has an empty polygon for the Vatican at 1:10m; a territory needs a shape.
    return out[~out.is_empty].set_index("code", drop=False)


def _cut(geom: shapely.Geometry, row: dict[str, str]) -> shapely.Geometry:
    """The piece ``row`` describes, cut out of ``geom`` (the feature it is taken from)."""
    polygons = list(getattr(geom, "geoms", [geom]))
    if row["method"] == "component":
        point = shapely.Point(float(row["lon"]), float(row["lat"]))
        return next(p for p in polygons if p.covers(point))
    line_path = geodata_path(row["line_file"])
    line = shape(json.loads(line_path.read_text(encoding="utf-8"))["features"][0]["geometry"])
    east = _east_side(line)
    if row["method"] == "east_of_line":
        return geom.intersection(east)
    return geom.difference(east)


def _east_side(line: shapely.LineString) -> shapely.Polygon:
    """The half-plane east of a north-south line, closed far to the east of its ends."""
    coords = list(line.coords)
    if coords[0][1] < coords[-1][1]:
        coords.reverse()
    far = max(x for x, _ in coords) + 30
    return shapely.Polygon([*coords, (far, coords[-1][1]), (far, coords[0][1])])


@cache
def pieces(resolution: Resolution = "50m") -> dict[str, shapely.Geometry]:
    """The building blocks, a partition of the land: every feature, with Crimea cut out of
    Russia and Germany replaced by its two halves (so no two pieces overlap, and renderers
    can simplify them together as one coverage)."""
    features = _features(resolution)
    out = dict(zip(features.index, features.geometry, strict=True))
    path = geodata_path("pieces.csv")
    columns = ("piece", "cut_from", "method", "lon", "lat", "line_file", "source")
    halved = set()
    for line, row in read_rows(path, columns):
        if row["cut_from"] not in features.index:
            raise DataError(path, line, "cut_from", f"no atlas feature '{row['cut_from']}'")
        piece = _cut(features.geometry[row["cut_from"]], row)
        out[row["piece"]] = shapely.normalize(piece)
        if row["method"] == "component":
            out[row["cut_from"]] = shapely.normalize(out[row["cut_from"]].difference(piece))
        else:
            halved.add(row["cut_from"])
    for code in halved:
        del out[code]
    return out


@cache
def _union(parts: tuple[str, ...], resolution: Resolution) -> shapely.Geometry:
    """The shape of a territory made of ``parts``, built once: at 1:10m a union of the USSR's
    pieces takes about a second, and every frame asks for it again."""
    blocks = pieces(resolution)
    return shapely.union_all([blocks[p] for p in parts])


def _default_territories(resolution: Resolution) -> list[Territory]:
    """Features that no row of territories.csv governs: valid on every day."""
    governed = {t.code for t in load_territories()}
    cut = {line_row["piece"] for _, line_row in read_rows(geodata_path("pieces.csv"), ("piece",))}
    features = _features(resolution)
    return [
        Territory(
            code,
            name,
            sovereign,
            sovereign,
            None,
            None,
            (code,),
            "https://www.naturalearthdata.com/",
        )
        for code, name, sovereign in zip(
            features.code, features.name, features.sovereign, strict=True
        )
        if code not in governed and code not in cut
    ]


def territories_on(day: dt.date, resolution: Resolution = "50m") -> list[Territory]:
    """The territory rows valid on ``day``, historical rows first."""
    historical = [t for t in load_territories() if t.valid(day)]
    return historical + _default_territories(resolution)


def atlas(
    date: dt.date | str,
    resolution: Resolution = "50m",
    view: View = "de-jure",
    org: str | None = None,
) -> gpd.GeoDataFrame:
    """Territories that exist on ``date``, one row each, with their status on that day.

    Columns: ``code``, ``name``, ``sovereign`` (de jure state, whose memberships apply),
    ``held_by`` (who controls it), ``russia_held``, ``nato_status``, ``nato_joined``,
    ``warsaw_pact_status`` and ``geometry`` (EPSG:4326, valid, never crossing 180°).
    With ``view="de-facto"``, territory held by another state is drawn as part of it.
    With ``org`` (any organisation of the membership table in use, e.g. a user's own),
    ``status`` (as ``membership.status``, or ``former member``) and ``joined`` (first
    accession) are added before ``geometry``.

    >>> frame = atlas("1990-10-02")
    >>> sorted(frame.loc[frame.code.isin(["DEU", "DDR"]), "name"])
    ['East Germany', 'West Germany']
    """
    day = to_day(date)
    if resolution not in RESOLUTIONS:
        raise ValueError(
            f"unknown resolution '{resolution}' (choose from {', '.join(RESOLUTIONS)})"
        )
    if view not in ("de-jure", "de-facto"):
        raise ValueError(f"unknown view '{view}' (choose de-jure or de-facto)")
    blocks = pieces(resolution)
    rows = []
    for t in territories_on(day, resolution):
        missing = [p for p in t.parts if p not in blocks]
        if missing:
            raise DataError(
                geodata_path("territories.csv"),
                t.line,
                "parts",
                f"no atlas piece named {', '.join(missing)}",
            )
        rows.append(
            {
                "code": t.code,
                "name": t.name,
                "sovereign": t.sovereign,
                "held_by": t.held_by,
                "geometry": _union(t.parts, resolution),
            }
        )
    frame = pd.DataFrame(rows)
    if view == "de-facto":
        frame = _merge_into_holders(frame)
    frame["russia_held"] = frame.held_by.isin(RUSSIA)
    frame["nato_status"] = [status("nato", s, day) for s in frame.sovereign]
    frame["nato_joined"] = [accession("nato", s) for s in frame.sovereign]
    frame["warsaw_pact_status"] = [status("warsaw-pact", s, day) for s in frame.sovereign]
    if org is not None:
        # A dependency inside a treaty's area takes its sovereign's memberships for that
        # treaty only: Greenland is NATO territory through Denmark, but left the EC in 1985.
        areas = treaty_areas()
        codes = [
            sovereign if org in areas.get(code, {org}) else code
            for code, sovereign in zip(frame.code, frame.sovereign, strict=True)
        ]
        frame["joined"] = [accession(org, c) for c in codes]
        frame["status"] = [
            _org_status(org, c, day, joined) for c, joined in zip(codes, frame.joined, strict=True)
        ]
    frame = frame.sort_values("code", kind="stable").reset_index(drop=True)
    columns = [
        "code",
        "name",
        "sovereign",
        "held_by",
        "russia_held",
        "nato_status",
        "nato_joined",
        "warsaw_pact_status",
        *(["status", "joined"] if org is not None else []),
        "geometry",
    ]
    return gpd.GeoDataFrame(frame[columns], geometry="geometry", crs="EPSG:4326")


def _org_status(org: str, code: str, day: dt.date, joined: dt.date | None) -> str:
    """``status`` on ``day``, with 'former member' for a member that has left (a map of the
    EU after 2020 shows the United Kingdom as having left, not as never having joined)."""
    now = status(org, code, day)
    if now == "none" and joined is not None and joined <= day:
        return "former member"
    return now


def _merge_into_holders(frame: pd.DataFrame) -> pd.DataFrame:
    """Draw lines of control: a held territory becomes part of its holder's shape."""
    held = frame.held_by != frame.sovereign
    holders = frame.set_index("code")
    for _, row in frame[held].iterrows():
        if row.held_by in holders.index:
            holders.at[row.held_by, "geometry"] = shapely.union(
                holders.at[row.held_by, "geometry"], row.geometry
            )
    return holders.drop(frame.code[held].tolist()).reset_index()
