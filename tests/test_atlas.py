"""The atlas: valid, non-overlapping territories that cover the land, on every frame date."""

import csv
import datetime as dt
import warnings

import geopandas as gpd
import numpy as np
import pytest
import shapely
import shapely.ops
from pyproj import Geod

import natomap
from natomap.atlas import _repair
from natomap.geodata import Geodata


def geodata_path(name=""):
    return Geodata.default().path(name)


GEOD = Geod(ellps="WGS84")
FRAMES = natomap.frames()
SIMFEROPOL = shapely.Point(34.10, 44.95)


def km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


@pytest.fixture(scope="module")
def land():
    """The land of world-atlas 1:50m: its separate 'land' object, not the countries."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = gpd.read_file(geodata_path("world-atlas/countries-50m.json"), layer="land")
    # The land object crosses 180° like Russia does; it gets the same one-time repair.
    return shapely.union_all([_repair(g) for g in frame.geometry])


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_atoms_are_a_partition(resolution):
    """Every territory is a union of atoms; the atoms are valid and do not overlap."""
    from natomap.atlas import Atlas

    atoms = Atlas.of(natomap.Geodata.default(), resolution).atoms
    geoms = np.array([g for _, g in atoms.values()], dtype=object)
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    overlap = sum(
        km2(shapely.intersection(geoms[i], geoms[j]))
        for i, j in zip(left, right, strict=True)
        if i < j
    )
    assert overlap < 1.0  # km², slivers from healing quantized coordinates at most


def _territory_days():
    """The frames on which some territory starts or ends: the atlas changes only then."""
    bounds = {d for t in Geodata.default().territories() for d in (t.valid_from, t.valid_to) if d}
    return [d for d in FRAMES if d in bounds or d == FRAMES[0]]


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_territories_valid_and_distinct_on_every_frame(resolution):
    for day in _territory_days():
        frame = natomap.atlas(day, resolution)
        assert frame.crs.to_epsg() == 4326
        assert frame.code.is_unique, day
        assert frame.geometry.is_valid.all(), day
        assert not frame.geometry.is_empty.any(), day
        seen: set[str] = set()
        for atoms in frame.atoms:
            assert not seen & atoms, day  # no atom in two territories: no overlap
            seen |= atoms


@pytest.mark.parametrize("day", [FRAMES[0], dt.date(1990, 10, 2), FRAMES[-1]], ids=str)
def test_union_matches_the_worlds_land(day, land):
    frame = natomap.atlas(day)
    ours = shapely.union_all(frame.geometry.values)
    theirs = land
    # Compare away from the poles, where planar degrees are meaningless.
    band = shapely.box(-180, -60, 180, 84)
    difference = ours.intersection(band).symmetric_difference(theirs.intersection(band))
    assert km2(difference) < 0.001 * km2(theirs.intersection(band))


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_no_shape_crosses_the_antimeridian(resolution):
    """A polygon wider than 180° is one drawn the wrong way round: a stripe across the map."""
    frame = natomap.atlas("2024-03-07", resolution=resolution)
    russia = frame.set_index("code").geometry["RUS"]
    assert russia.is_valid
    for geom in frame.geometry:
        for polygon in getattr(geom, "geoms", [geom]):
            xmin, _, xmax, _ = polygon.bounds
            assert xmax - xmin <= 180 or polygon.bounds[1] < -60  # Antarctica rings the pole
    area = km2(russia)
    assert 16.0e6 < area < 17.5e6  # Russia: 17.1 million km², less Crimea (27,000 km²)


@pytest.mark.parametrize("day", [d for d in FRAMES if d >= dt.date(1991, 12, 26)], ids=str)
def test_crimea_is_never_in_russias_de_jure_territory(day):
    frame = natomap.atlas(day).set_index("code")
    assert not frame.geometry["RUS"].intersects(SIMFEROPOL)
    holder = frame[frame.geometry.intersects(SIMFEROPOL)]
    assert len(holder) == 1
    row = holder.iloc[0]
    assert row.sovereign == "UKR"
    assert row.russia_held == (day >= dt.date(2014, 2, 27))


def test_crimea_held_from_2014_02_27_claimed_from_03_18_and_drawn_inside_russia_de_facto():
    held = natomap.frame("2014-03-18").geo().set_index("code")
    crimea = held.loc["UA-43"]
    assert (crimea["name"], crimea.held_by, crimea.claimed_by) == ("Crimea", "RUS", "RUS")
    # Ukraine was non-aligned then (2010-07-01 to 2014-12-23): a partner, not an aspirant.
    assert crimea.nato_status == "partner"
    # ISO 3166-2: the Autonomous Republic (UA-43) 26,081 km², Sevastopol (UA-40) 864 km².
    assert 24_000 < km2(crimea.geometry) < 28_000
    assert 600 < km2(held.geometry["UA-40"]) < 1_000
    seized = natomap.atlas("2014-02-27").set_index("code").loc["UA-43"]
    assert (seized.held_by, seized.claimed_by) == ("RUS", "")
    before = natomap.atlas("2014-02-26").set_index("code")
    assert "UA-43" not in before.index and before.geometry["UKR"].covers(SIMFEROPOL)
    de_facto = natomap.atlas("2014-03-18", view="de-facto").set_index("code")
    assert "UA-43" not in de_facto.index and "UA-40" not in de_facto.index
    assert de_facto.geometry["RUS"].covers(SIMFEROPOL)
    # Seized but not yet claimed: its own shape, in Russia's colour, on lines of control.
    occupied = natomap.frame("2014-03-01", view="de-facto").territories.set_index("code")
    assert occupied.category["UA-43"] == "russia"


def test_two_germanys_until_reunification():
    divided = natomap.atlas("1990-10-02").set_index("code")
    assert {"DEU", "DDR"} <= set(divided.index)
    assert divided.loc["DEU", "name"] == "West Germany"
    assert 240_000 < km2(divided.geometry["DEU"]) < 256_000  # FRG: 248,577 km²
    assert 100_000 < km2(divided.geometry["DDR"]) < 116_000  # GDR: 108,333 km²
    united = natomap.atlas("1990-10-03").set_index("code")
    assert "DDR" not in united.index
    assert 350_000 < km2(united.geometry["DEU"]) < 365_000


def test_inner_german_border_matches_known_places():
    line_path = geodata_path("inner_german_border.geojson")
    line = shapely.from_geojson(line_path.read_text(encoding="utf-8")).geoms[0]
    frame = natomap.atlas("1980-01-01").set_index("code")
    with open(geodata_path("inner_german_border_checks.csv"), encoding="utf-8") as f:
        checks = list(csv.DictReader(f))
    assert len(checks) >= 15
    for place in checks:
        point = shapely.Point(float(place["lon"]), float(place["lat"]))
        if place["side"] == "on":
            nearest = shapely.ops.nearest_points(line, point)[0]
            _, _, metres = GEOD.inv(point.x, point.y, nearest.x, nearest.y)
            assert metres < 3000, place["name"]
        else:
            code = {"west": "DEU", "east": "DDR"}[place["side"]]
            assert frame.geometry[code].covers(point), place["name"]


def test_soviet_union_breaks_up_in_two_steps():
    assert "EST" not in natomap.atlas("1991-09-05").code.values
    sept = natomap.atlas("1991-09-06").set_index("code")
    assert {"EST", "LVA", "LTU", "SUN"} <= set(sept.index) and "RUS" not in sept.index
    dec = natomap.atlas("1991-12-26").set_index("code")
    assert "SUN" not in dec.index and {"RUS", "UKR", "BLR", "KAZ"} <= set(dec.index)
    assert dec.russia_held["RUS"] and not dec.russia_held["UKR"]


def test_historical_states_and_successors():
    assert {"CSK", "YUG"} <= set(natomap.atlas("1992-12-31").code)
    assert {"CZE", "SVK"} <= set(natomap.atlas("1993-01-01").code)
    codes = set(natomap.atlas("2006-06-03").code)
    assert {"SRB", "MNE"} <= codes and "SCG" not in codes and "XKX" not in codes
    assert "XKX" in set(natomap.atlas("2008-02-17").code)


def test_atlas_knows_territories_frames_know_alliances():
    frame = natomap.atlas("1999-03-12")
    assert list(frame.columns) == [
        "code",
        "name",
        "sovereign",
        "held_by",
        "claimed_by",
        "holder",
        "approximate",
        "atoms",
        "geometry",
        "russia_held",
    ]
    statuses = natomap.frame("1999-03-12").geo().set_index("code")
    for column in ["nato_status", "joined", "warsaw_pact_status", "category", "geometry"]:
        assert column in statuses.columns
    assert statuses.nato_status["POL"] == "member"
    assert statuses.joined["POL"] == dt.date(1999, 3, 12)
    assert statuses.nato_status["NOR"] == "founding member"
    assert statuses.warsaw_pact_status["POL"] == "former member"
    assert natomap.frame("1990-10-03").territories.set_index("code").warsaw_pact_status["POL"] in (
        "member",
        "founding member",
    )


def test_atlas_imports_nothing_about_memberships():
    import ast
    import inspect

    import natomap.atlas

    tree = ast.parse(inspect.getsource(natomap.atlas))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert not {m for m in imported if m and ("member" in m or "film" in m or "changes" in m)}


def test_atlas_rejects_bad_arguments():
    with pytest.raises(ValueError, match="before 1949-04-04"):
        natomap.atlas("1930-01-01")
    with pytest.raises(ValueError, match="unknown resolution"):
        natomap.atlas("2000-01-01", resolution="1m")
