"""The regions a still can show, and territory shapes turned into matplotlib paths.

Territory shapes are clipped, projected and turned into paths once per process (most
territories look the same on every frame), so drawing a hundred frames costs a hundred
draws, not a hundred projections.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import shapely
from matplotlib.path import Path as MplPath
from pyproj import CRS, Transformer

from natomap.errors import OptionError

__all__ = ["REGIONS", "Region", "check_region", "project", "territory_path", "transformer"]


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

    @property
    def aspect(self) -> float:
        """Height over width of the area shown."""
        x0, y0, x1, y1 = self.extent
        return (y1 - y0) / (x1 - x0)

    def limits(self, box_aspect: float) -> tuple[tuple[float, float], tuple[float, float]]:
        """The x and y limits that show the whole extent in a box of ``box_aspect`` (height
        over width) at one scale on both axes: the map shows more of the region's
        surroundings rather than leaving white bands."""
        x0, y0, x1, y1 = self.extent
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        if box_aspect > h / w:
            h = w * box_aspect
        else:
            w = h / box_aspect
        return (cx - w / 2, cx + w / 2), (cy - h / 2, cy + h / 2)


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


def check_region(region: str) -> Region:
    if region not in REGIONS:
        raise OptionError(f"unknown region '{region}' (choose from {', '.join(REGIONS)})")
    return REGIONS[region]


@cache
def transformer(crs: str) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(4326), CRS.from_user_input(crs), always_xy=True)


def project(geom: shapely.Geometry, region: str) -> shapely.Geometry:
    """Clip a lon/lat geometry to the region's box and project it into the region's CRS."""
    r = REGIONS[region]
    clipped = shapely.clip_by_rect(geom, *r.clip)
    if clipped.is_empty:
        return clipped
    transform = transformer(r.crs).transform
    return shapely.transform(clipped, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=4096)
def territory_path(geom: shapely.Geometry, region: str) -> MplPath | None:
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
