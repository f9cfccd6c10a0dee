"""Territories valid on a date, built from Natural Earth's modern countries.

The atlas answers one question: which territories exist on a day, with which geometry and who
owns, holds and claims them. It knows nothing of alliances.

Historical states are unions of modern pieces (the USSR, Czechoslovakia, Yugoslavia); the two
Germanys are cut along the authored inner-German border; Crimea is cut out of the Russia that
Natural Earth 4.1.0 draws (de facto) and given back to Ukraine de jure. Areas held or claimed
without recognition (Transnistria, Abkhazia, the lines of 2022 ...) are regions
(``regions.geojson``) that split their state's pieces into atoms; on each day the areas in
force are carved out of their sovereign's territory. Shapes that cross the antimeridian
(Russia, Fiji, Antarctica) are repaired here, once, so that every geometry natomap hands out
is valid and no renderer draws a band across the map.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from typing import Literal

import antimeridian
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from natomap._prepared import Prepared, cached
from natomap._topology import SNAP_DEGREES, TopologyIndex, common_outline, shared_lines
from natomap.errors import DataError, OptionError
from natomap.geodata import Geodata, Territory

__all__ = ["RESOLUTIONS", "RUSSIA", "Atlas", "Resolution", "View", "atlas"]

Resolution = Literal["50m", "10m"]
View = Literal["de-jure", "de-facto"]
RESOLUTIONS: tuple[str, ...] = ("50m", "10m")
VIEWS: tuple[str, ...] = ("de-jure", "de-facto")
RUSSIA = ("RUS", "SUN")
"""Codes whose holdings count as held by Russia (the USSR before 1991-12-26)."""

_WORLD = shapely.box(-180, -90, 180, 90)
# Atoms smaller than this (square degrees, ~1.5 km² in Europe) are slivers left where two
# authored lines nearly coincide; they join the neighbour they share most border with.
_SLIVER = 0.0002


def _repair(geom: shapely.Geometry) -> shapely.Geometry:
    """Split rings that cross 180° (read planar they self-intersect) and heal quantization.

    Only the polygons that reach 180° go through ``antimeridian`` (Russia's Chukotka, not
    its other 98 parts). At 1:10m, world-atlas's winding can make a ring around the South
    Pole read as the rest of the world; a polygon larger than a hemisphere is that mistake,
    and its complement is the land.
    """
    parts: list[shapely.Geometry] = []
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


def _east_side(line: shapely.LineString) -> shapely.Polygon:
    """The half-plane east of a north-south line, closed far to the east of its ends."""
    coords = list(line.coords)
    if coords[0][1] < coords[-1][1]:
        coords.reverse()
    far = max(x for x, _ in coords) + 30
    return shapely.Polygon([*coords, (far, coords[-1][1]), (far, coords[0][1])])


def _polygons(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the areal part of an overlay result (which may carry stray lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return shapely.normalize(shapely.union_all(parts))


@dataclass(frozen=True)
class Atom:
    """A smallest piece of land: one atlas piece, inside a given set of regions."""

    id: str
    piece: str
    regions: frozenset[str]


@dataclass(frozen=True)
class Region:
    """An area drawn by a clip polygon (``regions.geojson``) inside the pieces it applies to."""

    id: str
    name: str
    within: tuple[str, ...]
    clip: shapely.Geometry
    source: str
    note: str
    approximate: bool
    accuracy_km: float | None


class Atlas:
    """The territories of one geodata folder at one resolution; built once and kept.

    ``Atlas.of(geodata, resolution)`` gives the shared instance: Natural Earth's features
    repaired, cut into pieces and atoms, the territory shapes unioned once per set of atoms.
    """

    def __init__(self, geodata: Geodata, resolution: Resolution):
        if resolution not in RESOLUTIONS:
            raise OptionError(
                f"unknown resolution '{resolution}' (choose from {', '.join(RESOLUTIONS)})"
            )
        self.geodata = geodata
        self.resolution = resolution
        self._unions: dict[frozenset[str], shapely.Geometry] = {}

    @staticmethod
    def of(geodata: Geodata | None = None, resolution: Resolution = "50m") -> Atlas:
        geodata = geodata or Geodata.default()
        return geodata.memo(("atlas", resolution), lambda: Atlas(geodata, resolution))

    # --- geometry, once -----------------------------------------------------------------------

    @property
    def features(self) -> gpd.GeoDataFrame:
        """Natural Earth features with ISO codes and repaired geometry, one row per code."""
        return self.geodata.memo(("features_geo", self.resolution), self._load_features)

    def _load_features(self) -> gpd.GeoDataFrame:
        name = f"world-atlas/countries-{self.resolution}.json"
        raw = self.geodata.read_bytes(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = gpd.read_file(raw, layer="countries")
        rows = [
            {**vars(feature), "geometry": _repair(geom)}
            for feature, geom in zip(
                self.geodata.features(self.resolution), frame.geometry, strict=True
            )
        ]
        out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
        # world-atlas has an empty polygon for the Vatican at 1:10m; a territory needs a shape.
        return out[~out.is_empty].set_index("code", drop=False)

    def _cut(self, geom: shapely.Geometry, row: dict[str, str]) -> shapely.Geometry:
        """The piece ``row`` describes, cut out of ``geom`` (the feature it is taken from)."""
        polygons = list(getattr(geom, "geoms", [geom]))
        if row["method"] == "component":
            point = shapely.Point(float(row["lon"]), float(row["lat"]))
            return next(p for p in polygons if p.covers(point))
        line = shape(
            json.loads(self.geodata.read_text(row["line_file"]))["features"][0]["geometry"]
        )
        east = _east_side(line)
        if row["method"] == "east_of_line":
            return geom.intersection(east)
        return geom.difference(east)

    @property
    def pieces(self) -> dict[str, shapely.Geometry]:
        """The building blocks, a partition of the land: every feature, with Crimea cut out
        of Russia and Germany replaced by its two halves (so no two pieces overlap, and
        renderers can simplify them together as one coverage)."""
        return self.geodata.memo(("pieces", self.resolution), self._load_pieces)

    def _load_pieces(self) -> dict[str, shapely.Geometry]:
        features = self.features
        out = dict(zip(features.index, features.geometry, strict=True))
        path = self.geodata.path("pieces.csv")
        columns = ("piece", "cut_from", "method", "lon", "lat", "line_file", "source")
        halved = set()
        for line, row in self.geodata.raw_rows("pieces.csv", columns):
            source = row["cut_from"]
            if source not in out:
                raise DataError(path, line, "cut_from", f"no atlas piece '{source}'")
            piece = self._cut(out[source], row)
            out[row["piece"]] = shapely.normalize(piece)
            if row["method"] == "component":
                out[source] = shapely.normalize(out[source].difference(piece))
            else:
                halved.add(source)
        for code in halved:
            del out[code]
        return out

    def regions(self) -> dict[str, Region]:
        """``regions.geojson``: the clip polygons of areas held or claimed (none if absent)."""
        return self.geodata.memo("regions", self._load_regions)

    def _load_regions(self) -> dict[str, Region]:
        name = "regions.geojson"
        if name not in self.geodata.manifest["files"]:
            return {}
        path = self.geodata.path(name)
        data = json.loads(self.geodata.read_text(name))
        out = {}
        for i, feature in enumerate(data["features"], start=1):
            props = feature["properties"]
            for key in ("id", "name", "within", "source"):
                if not props.get(key):
                    raise DataError(path, None, key, f"feature {i} has no '{key}'")
            clip = shapely.make_valid(shape(feature["geometry"]))
            out[props["id"]] = Region(
                id=props["id"],
                name=props["name"],
                within=tuple(p.strip() for p in props["within"].split(";")),
                clip=clip,
                source=props["source"],
                note=props.get("note", ""),
                approximate=bool(props.get("approximate")),
                accuracy_km=props.get("accuracy_km"),
            )
        return out

    @property
    def atoms(self) -> dict[str, tuple[Atom, shapely.Geometry]]:
        """Pieces split by the regions that apply to them: a partition of the land in which
        every area natomap can show is a set of atoms."""
        return self.geodata.memo(("atoms", self.resolution), self._atoms_prepared)

    def _atoms_prepared(self) -> dict[str, tuple[Atom, shapely.Geometry]]:
        return {
            i: (Atom(i, piece, frozenset(regions)), geom)
            for i, piece, regions, geom in self.prepared().atoms
        }

    def prepared(self) -> Prepared:
        """The features' names, the atoms, which touch and their shared arcs: prepared once
        per geodata version and kept on disk (see ``natomap._prepared``), so that no process
        repeats the seconds of reading and repairing the TopoJSON."""
        return self.geodata.memo(
            ("prepared", self.resolution),
            lambda: cached(self._inputs(), self.resolution, self._prepare),
        )

    def _inputs(self) -> dict[str, str]:
        """The files the prepared geometry is made of, with the sha256 of their content
        (each read as every geodata file is: refused if it does not match the manifest)."""
        names = [
            f"world-atlas/countries-{self.resolution}.json",
            "atlas_features.csv",
            "sovereignty.csv",
            "pieces.csv",
        ]
        names += sorted(
            {
                row["line_file"]
                for _, row in self.geodata.raw_rows("pieces.csv", ("piece", "line_file"))
                if row["line_file"]
            }
        )
        if "regions.geojson" in self.geodata.manifest["files"]:
            names.append("regions.geojson")
        return {n: hashlib.sha256(self.geodata.read_bytes(n)).hexdigest() for n in names}

    def _prepare(self) -> Prepared:
        atoms = self._split_atoms()
        touching = _touching(atoms)
        arcs = self._topological_arcs(atoms)
        index = TopologyIndex(self.geodata.topology(self.resolution))
        lines = shared_lines(index, arcs, touching)
        for a in sorted(atoms):
            for b in sorted(touching[a]):
                if a < b and not (a in arcs and b in arcs):
                    line = common_outline(atoms[a][1], atoms[b][1])
                    if not line.is_empty:
                        lines[(a, b)] = line
        features = self.features
        return Prepared(
            features=tuple(zip(features.code, features.name, features.sovereign, strict=True)),
            atoms=tuple((i, a.piece, tuple(sorted(a.regions)), g) for i, (a, g) in atoms.items()),
            touching={k: tuple(sorted(v)) for k, v in touching.items()},
            topological=frozenset(arcs),
            lines=dict(sorted(lines.items())),
        )

    def _regions_by_piece(self) -> dict[str, list[Region]]:
        by_piece: dict[str, list[Region]] = {}
        for region in self.regions().values():
            for piece in region.within:
                by_piece.setdefault(piece, []).append(region)
        return by_piece

    def _split_atoms(self) -> dict[str, tuple[Atom, shapely.Geometry]]:
        by_piece = self._regions_by_piece()
        out: dict[str, tuple[Atom, shapely.Geometry]] = {}
        new_vertices = []
        for piece, geom in self.pieces.items():
            cells: list[tuple[frozenset[str], shapely.Geometry]] = [(frozenset(), geom)]
            for region in by_piece.get(piece, []):
                split = []
                for inside, cell in cells:
                    split.append((inside | {region.id}, _polygons(cell.intersection(region.clip))))
                    split.append((inside, _polygons(cell.difference(region.clip))))
                cells = [(k, g) for k, g in split if not g.is_empty]
            if len(cells) > 1:
                new_vertices.append(_new_vertices(geom, [g for _, g in cells]))
            for inside, cell in _merge_slivers(cells):
                atom_id = piece if not inside else f"{piece}@{'+'.join(sorted(inside))}"
                out[atom_id] = (Atom(atom_id, piece, inside), cell)
        return _noded(out, new_vertices)

    def _topological_arcs(
        self, atoms: dict[str, tuple[Atom, shapely.Geometry]]
    ) -> dict[str, frozenset[int]]:
        """The world-atlas arcs of each atom made of whole polygons of one feature: a feature
        itself, or a piece taken out of it as a polygon (Crimea) and what remains. Atoms cut
        by an authored line (the two Germanys, the regions) have none."""
        index = TopologyIndex(self.geodata.topology(self.resolution))
        number = {f.code: i for i, f in enumerate(self.geodata.features(self.resolution))}
        polygons: dict[str, tuple[int, set[int]]] = {
            code: (i, set(range(len(index.polygons(i))))) for code, i in number.items()
        }
        columns = ("piece", "cut_from", "method", "lon", "lat")
        for _, row in self.geodata.raw_rows("pieces.csv", columns):
            source = row["cut_from"]
            if row["method"] != "component" or source not in polygons:
                polygons.pop(source, None)
                continue
            feature, rest = polygons[source]
            point = shapely.Point(float(row["lon"]), float(row["lat"]))
            found = index.polygon_at(feature, point)
            if found is None:
                polygons.pop(source)
                continue
            polygons[row["piece"]] = (feature, {found})
            rest.discard(found)
        split = set(self._regions_by_piece())
        return {
            atom_id: index.arcs_of(*polygons[atom.piece])
            for atom_id, (atom, _) in atoms.items()
            if atom.piece in polygons and atom.piece not in split
        }

    def atoms_of(self, parts: tuple[str, ...], regions: tuple[str, ...] = ()) -> frozenset[str]:
        """The atoms of ``parts`` (pieces), inside any of ``regions`` if given.

        A region may be an intersection written ``A&B`` (inside A and inside B): the part of
        the 2022-11-11 line inside the Kherson oblast is ``UA-OCC-2022-11-11&UA-65``.
        """
        needs = [frozenset(r.split("&")) for r in regions]
        by_piece = self._atoms_by_piece()
        return frozenset(
            atom.id
            for piece in set(parts)
            for atom in by_piece.get(piece, ())
            if not needs or any(n <= atom.regions for n in needs)
        )

    def _atoms_by_piece(self) -> dict[str, tuple[Atom, ...]]:
        def index() -> dict[str, tuple[Atom, ...]]:
            out: dict[str, list[Atom]] = {}
            for atom, _ in self.atoms.values():
                out.setdefault(atom.piece, []).append(atom)
            return {k: tuple(v) for k, v in out.items()}

        return self.geodata.memo(("atoms_by_piece", self.resolution), index)

    def shape(self, atoms: frozenset[str]) -> shapely.Geometry:
        """The union of ``atoms``, built once: at 1:10m a union of the USSR's pieces takes
        about a second, and many frames ask for it again."""
        if atoms not in self._unions:
            self._unions[atoms] = shapely.union_all([self.atoms[a][1] for a in sorted(atoms)])
        return self._unions[atoms]

    # --- territories on a day -----------------------------------------------------------------

    def _default_territories(self) -> list[Territory]:
        """Features that no row of territories.csv governs: valid on every day."""
        return self.geodata.memo(("default_territories", self.resolution), self._defaults)

    def _defaults(self) -> list[Territory]:
        governed = {t.code for t in self.geodata.territories()}
        cut = {row["piece"] for _, row in self.geodata.raw_rows("pieces.csv", ("piece",))}
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
            for code, name, sovereign in self.prepared().features
            if code not in governed and code not in cut
        ]

    def territories_on(self, day: dt.date) -> list[tuple[Territory, frozenset[str]]]:
        """The territories of ``day`` with their atoms, historical rows first.

        A row whose code is its sovereign's is a state, made of its pieces. Any other row, and
        any row drawn by regions, is an area (Crimea, Transnistria, the areas held in 2022,
        the Saar ...): in file order, each area in force takes its atoms out of the state that
        has them, so a later area cannot take what an earlier one holds.
        """
        rows = [t for t in self.geodata.territories() if t.valid(day)]
        areas = [t for t in rows if t.code != t.sovereign or t.regions]
        states = [t for t in rows if t not in areas] + self._default_territories()
        taken: set[str] = set()
        carved: list[tuple[Territory, frozenset[str]]] = []
        for t in areas:
            own = self._atoms_checked(t) - taken
            if own:
                taken |= own
                carved.append((t, frozenset(own)))
        out = [(t, self._atoms_checked(t) - taken) for t in states]
        return [(t, a) for t, a in out if a] + carved

    def _atoms_checked(self, t: Territory) -> frozenset[str]:
        missing = [p for p in t.parts if p not in self._atoms_by_piece()]
        unknown = [n for r in t.regions for n in r.split("&") if n not in self.regions()]
        if missing or unknown:
            what = ", ".join(missing + unknown)
            raise DataError(
                self.geodata.path("territories.csv"),
                t.line,
                "parts" if missing else "regions",
                f"no atlas piece or region named {what}",
            )
        return self.atoms_of(t.parts, t.regions)

    def frame(self, day: dt.date, view: View = "de-jure") -> gpd.GeoDataFrame:
        """The atlas of ``day``: one row per territory, sorted by code (see ``atlas``)."""
        table = self.table(day, view)
        table.insert(
            table.columns.get_loc("atoms") + 1,
            "geometry",
            [self.shape(atoms) for atoms in table.atoms],
        )
        return gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")

    def table(self, day: dt.date, view: View = "de-jure") -> pd.DataFrame:
        """``frame`` without the geometry: the territories of ``day`` and their atoms, for
        callers that need the shapes of a few rows only (a union of atoms at 1:10m takes
        milliseconds to seconds)."""
        if view not in VIEWS:
            raise OptionError(f"unknown view '{view}' (choose de-jure or de-facto)")
        # Frames of membership changes share the atlas of their neighbours: the table only
        # changes with the rows of territories.csv in force.
        valid = tuple(i for i, t in enumerate(self.geodata.territories()) if t.valid(day))
        key = ("atlas_table", self.resolution, view, valid)
        return self.geodata.memo(key, lambda: self._table(day, view)).copy()

    def _table(self, day: dt.date, view: View) -> pd.DataFrame:
        rows = [
            {
                "code": t.code,
                "name": t.name,
                "sovereign": t.sovereign,
                "held_by": t.held_by,
                "claimed_by": ";".join(t.claimed_by),
                "holder": t.holder,
                "approximate": t.approximate,
                "atoms": atoms,
            }
            for t, atoms in self.territories_on(day)
        ]
        frame = pd.DataFrame(rows)
        if view == "de-facto":
            frame = self._merge_into_holders(frame)
        frame["russia_held"] = frame.held_by.isin(RUSSIA)
        return frame.sort_values("code", kind="stable").reset_index(drop=True)

    def _merge_into_holders(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Lines of control: an area its holder claims as its own (Crimea, and Russia's
        claimed annexations) becomes part of the holder's shape; an area held through
        proxies stays its own shape, held by them."""
        codes = frame.set_index("code")
        merged: list[str] = []
        for row in frame.itertuples():
            claimed = row.claimed_by.split(";") if row.claimed_by else []
            if (
                row.held_by != row.sovereign
                and row.held_by in codes.index
                and row.held_by in claimed
            ):
                codes.at[row.held_by, "atoms"] = codes.at[row.held_by, "atoms"] | row.atoms
                merged.append(row.code)
        return codes.drop(merged).reset_index()

    def touching(self) -> dict[str, frozenset[str]]:
        """For each atom, the atoms whose outline meets its own (land borders)."""
        return self.geodata.memo(
            ("touching", self.resolution),
            lambda: {k: frozenset(v) for k, v in self.prepared().touching.items()},
        )


def _touching(atoms: dict[str, tuple[Atom, shapely.Geometry]]) -> dict[str, frozenset[str]]:
    ids = list(atoms)
    geoms = np.array([atoms[i][1] for i in ids], dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=SNAP_DEGREES)
    out: dict[str, set[str]] = {i: set() for i in ids}
    for a, b in zip(left, right, strict=True):
        if a != b:
            out[ids[a]].add(ids[b])
    return {k: frozenset(v) for k, v in out.items()}


def _new_vertices(piece: shapely.Geometry, cells: list[shapely.Geometry]) -> shapely.Geometry:
    """The vertices the split added on ``piece``'s own outline: where a region's edge meets
    it. A neighbouring piece lacks them, which would break the shared edge."""
    old = {tuple(xy) for xy in shapely.get_coordinates(piece)}
    outline = piece.boundary
    points = [
        shapely.Point(xy)
        for cell in cells
        for xy in shapely.get_coordinates(cell.boundary)
        if tuple(xy) not in old
    ]
    near = [p for p in points if outline.distance(p) < SNAP_DEGREES / 100]
    return shapely.MultiPoint(near) if near else shapely.MultiPoint()


def _noded(
    atoms: dict[str, tuple[Atom, shapely.Geometry]], new_vertices: list[shapely.Geometry]
) -> dict[str, tuple[Atom, shapely.Geometry]]:
    """Insert the vertices the splits added into the neighbours' outlines, so that the atoms
    share every edge exactly (a valid coverage: simplified together, they stay gapless)."""
    points = shapely.union_all([v for v in new_vertices if not v.is_empty])
    if points.is_empty:
        return atoms
    out = {}
    for key, (atom, geom) in atoms.items():
        if shapely.dwithin(geom, points, SNAP_DEGREES):
            geom = shapely.snap(geom, points, SNAP_DEGREES / 100)
            if not geom.is_valid:
                geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        out[key] = (atom, geom)
    return out


def _merge_slivers(
    cells: list[tuple[frozenset[str], shapely.Geometry]],
) -> list[tuple[frozenset[str], shapely.Geometry]]:
    """Slivers between nearly coinciding lines join the neighbour they share most border
    with, so the atoms stay a partition; a small island with no neighbour stays itself."""
    cells = list(cells)
    islands: set[int] = set()
    while True:
        small = [i for i, (_, g) in enumerate(cells) if g.area < _SLIVER and id(g) not in islands]
        if not small or len(cells) == 1:
            return cells
        i = small[0]
        geom = cells[i][1]
        grown = geom.buffer(SNAP_DEGREES)
        length, j = max(
            (shapely.length(shapely.intersection(grown, g.boundary)), j)
            for j, (_, g) in enumerate(cells)
            if j != i
        )
        if length == 0:
            islands.add(id(geom))
            continue
        regions, keep = cells[j]
        cells[j] = (regions, _polygons(shapely.union(keep, geom)))
        del cells[i]


def atlas(
    date: dt.date | str,
    resolution: Resolution = "50m",
    view: View = "de-jure",
    *,
    geodata: Geodata | None = None,
) -> gpd.GeoDataFrame:
    """Territories that exist on ``date``, one row each, with who owns, holds and claims them.

    Columns: ``code``, ``name``, ``sovereign`` (de jure state), ``held_by`` (who controls it),
    ``claimed_by`` (states that claim it against its sovereign, ``;``-separated), ``holder``
    (who holds it for ``held_by``: the Russian army, a proxy authority), ``approximate``
    (whether its outline is an authored approximation), ``atoms``, ``russia_held`` and
    ``geometry`` (EPSG:4326, valid, never crossing 180°). With ``view="de-facto"``, an area
    its holder claims is drawn as part of the holder.

    Statuses in alliances are not the atlas's business: ``natomap.frame(date)`` adds them.

    >>> frame = atlas("1990-10-02")
    >>> sorted(frame.loc[frame.code.isin(["DEU", "DDR"]), "name"])
    ['East Germany', 'West Germany']
    """
    from natomap.dates import to_day

    geodata = geodata or Geodata.default()
    day = to_day(date, geodata)
    return Atlas.of(geodata, resolution).frame(day, view)
