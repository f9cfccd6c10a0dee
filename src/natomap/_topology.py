"""Shared borders of the atlas's atoms, read off world-atlas's topology where it can be.

world-atlas is TopoJSON: a border between two countries is stored once, as arcs that both
countries' rings refer to. So the land border of two atoms made of world-atlas's own
polygons (a whole country, or a country's separate polygons such as Crimea and the rest of
Russia) is the arcs both use, found by set intersection and decoded, with no geometric
operation. Atoms cut by an authored line (the inner-German border, the lines of the areas
held in Ukraine, Georgia and Moldova) are not made of arcs alone; their borders are left to
the polygon method (``borders._common_outline``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import shapely

__all__ = ["SNAP_DEGREES", "TopologyIndex", "common_outline", "shared_lines"]

SNAP_DEGREES = 1e-5
"""Outlines are compared within this (about a metre): pieces cut by natomap get vertices
computed by overlay, equal to the metre but not always to the bit."""


class TopologyIndex:
    """The arcs of a TopoJSON ``countries`` object, by feature and polygon."""

    def __init__(self, topology: dict[str, Any]):
        self._topology = topology
        self._geometries = topology["objects"]["countries"]["geometries"]
        transform = topology.get("transform")
        self._scale = np.array(transform["scale"] if transform else (1.0, 1.0))
        self._translate = np.array(transform["translate"] if transform else (0.0, 0.0))
        self._decoded: dict[int, np.ndarray] = {}

    def arc(self, index: int) -> np.ndarray:
        """Coordinates of arc ``index`` (delta-decoded and transformed, as readers do)."""
        if index not in self._decoded:
            raw = np.asarray(self._topology["arcs"][index], dtype=np.float64)[:, :2]
            if self._topology.get("transform"):
                raw = np.cumsum(raw, axis=0) * self._scale + self._translate
            self._decoded[index] = raw
        return self._decoded[index]

    def polygons(self, feature: int) -> list[list[list[int]]]:
        """The rings (signed arc indices) of each polygon of feature number ``feature``."""
        geometry = self._geometries[feature]
        if geometry.get("type") == "Polygon":
            return [geometry["arcs"]]
        if geometry.get("type") == "MultiPolygon":
            return list(geometry["arcs"])
        return []

    def arcs_of(self, feature: int, polygons: Iterable[int] | None = None) -> frozenset[int]:
        """The arcs (unsigned) of a feature, or of some of its polygons."""
        rings = self.polygons(feature)
        chosen = range(len(rings)) if polygons is None else polygons
        return frozenset(a if a >= 0 else ~a for i in chosen for ring in rings[i] for a in ring)

    def polygon_at(self, feature: int, point: shapely.Point) -> int | None:
        """The polygon of ``feature`` whose outer ring covers ``point``."""
        for i, rings in enumerate(self.polygons(feature)):
            if rings and shapely.Polygon(self._ring(rings[0])).covers(point):
                return i
        return None

    def _ring(self, ring: list[int]) -> np.ndarray:
        parts = []
        for k, a in enumerate(ring):
            xy = self.arc(a) if a >= 0 else self.arc(~a)[::-1]
            parts.append(xy if k == 0 else xy[1:])
        return np.vstack(parts)

    def line(self, arcs: Iterable[int]) -> shapely.Geometry:
        """The arcs as one merged line (a MultiLineString where they do not join up)."""
        lines = [shapely.LineString(self.arc(a)) for a in sorted(arcs)]
        return shapely.line_merge(shapely.MultiLineString(lines))


def shared_lines(
    index: TopologyIndex,
    arcs: dict[str, frozenset[int]],
    touching: Mapping[str, Iterable[str]],
) -> dict[tuple[str, str], shapely.Geometry]:
    """For each pair of touching atoms that both have ``arcs``, the arcs both use (pairs
    that share none, meeting at a point, are left out)."""
    out: dict[tuple[str, str], shapely.Geometry] = {}
    for a in sorted(arcs):
        for b in sorted(touching.get(a, ())):
            if a < b and b in arcs:
                common = arcs[a] & arcs[b]
                if common:
                    out[(a, b)] = index.line(common)
    return out


def common_outline(a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    """The part of ``a``'s outline that runs along ``b``'s (within ``SNAP_DEGREES``)."""
    grown = b.buffer(SNAP_DEGREES)
    # Clip the outline to the neighbour first: Russia's outline has 100,000 vertices at
    # 1:10m, the part near Norway a few hundred.
    xmin, ymin, xmax, ymax = grown.bounds
    outline = shapely.clip_by_rect(a.boundary, xmin, ymin, xmax, ymax)
    shared = outline.intersection(grown)
    lines = [g for g in shapely.get_parts(shared) if g.geom_type.endswith("LineString")]
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.MultiLineString()
