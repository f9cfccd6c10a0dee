"""Shared land borders between territories, measured on the ellipsoid.

A shared border is where two territories' outlines coincide, not where they come close across
the sea: the Natural Earth features share their arcs, so the common part of two outlines is
exactly their land border. Lengths are geodesic (WGS84), never in degrees or a web projection.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import geopandas as gpd
import shapely
from pyproj import Geod

from natomap.atlas import Resolution, atlas

__all__ = ["geodesic_km", "nato_russia_border", "shared_border"]

GEOD = Geod(ellps="WGS84")
# Outlines are compared within a few metres: the pieces cut by natomap (the two Germanys,
# Crimea) get vertices computed by overlay, equal to the metre but not always to the bit.
_SNAP_DEGREES = 1e-5


def geodesic_km(geom: shapely.Geometry) -> float:
    """Length of a line, or perimeter of a polygon, along the WGS84 ellipsoid, in km."""
    return GEOD.geometry_length(geom) / 1000 if not geom.is_empty else 0.0


@lru_cache(maxsize=64)
def _snapped(geom: shapely.Geometry) -> shapely.Geometry:
    """``geom`` grown by the snapping distance; cached since Russia's shape rarely changes."""
    return geom.buffer(_SNAP_DEGREES)


def _common_outline(a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    shared = a.boundary.intersection(_snapped(b))
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type.endswith("LineString")]
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.MultiLineString()


def shared_border(
    a: str, b: str, date: dt.date | str, resolution: Resolution = "50m"
) -> tuple[shapely.Geometry, float]:
    """The land border of territories ``a`` and ``b`` on ``date``, and its length in km.

    >>> line, km = shared_border("NOR", "SUN", "1960-01-01")
    >>> 150 < km < 250
    True
    """
    frame = atlas(date, resolution).set_index("code")
    for code in (a, b):
        if code not in frame.index:
            raise ValueError(f"no territory '{code}' on {date} (see natomap.atlas({str(date)!r}))")
    line = _common_outline(frame.geometry[a], frame.geometry[b])
    return line, geodesic_km(line)


def nato_russia_border(
    date: dt.date | str,
    resolution: Resolution = "50m",
    frame: gpd.GeoDataFrame | None = None,
    status_column: str = "nato_status",
) -> gpd.GeoDataFrame:
    """NATO members' land borders with territory Russia (the USSR) holds, one row per pair.

    Which pairs count comes from the atlas of that day, never from a list: a member counts
    if its outline meets the outline of a territory Russia holds (Kaliningrad included).
    Another organisation's border with Russia is read off ``status_column`` (``status`` of
    ``atlas(date, org=...)``); Russia, if a member itself (the CSTO), is not its own
    neighbour.
    """
    frame = atlas(date, resolution) if frame is None else frame
    russia = frame[frame.russia_held]
    nato = frame[frame[status_column].isin(["member", "founding member"]) & ~frame.russia_held]
    rows = []
    for _, r in russia.iterrows():
        near = nato[nato.intersects(_snapped(r.geometry))]
        for _, n in near.iterrows():
            line = _common_outline(n.geometry, r.geometry)
            if not line.is_empty:
                rows.append(
                    {"nato": n.code, "russia": r.code, "km": geodesic_km(line), "geometry": line}
                )
    return gpd.GeoDataFrame(
        rows, columns=["nato", "russia", "km", "geometry"], geometry="geometry", crs="EPSG:4326"
    )
