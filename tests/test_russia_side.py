"""Russia's side of the map: held and claimed areas, their lines, the CSTO, and statuses that
change. Expected facts are the dated events of the sources (geodata/), never natomap's output."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
import shapely
from click.testing import CliRunner
from pyproj import Geod

import natomap
from natomap.cli import main
from natomap.geodata import Geodata
from natomap.lookup import where
from natomap.memberships import bundled_table

GEOD = Geod(ellps="WGS84")
REGIONS = Geodata.default().path("regions")
# (lat, lon): GeoNames town points (geodata/regions/checks_*.csv cite them).
PLACES = {
    "Sukhumi": (43.0015, 41.0234),
    "Tskhinvali": (42.2258, 43.9675),
    "Tiraspol": (46.8403, 29.6433),
    "Donetsk": (48.0159, 37.8029),
    "Melitopol": (46.8489, 35.3653),
    "Kherson": (46.6558, 32.6178),
    "Zaporizhzhia": (47.8388, 35.1396),
    "Kyiv": (50.4547, 30.5238),
}


def km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))[0]) / 1e6


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def before(text: str) -> str:
    return (day(text) - dt.timedelta(days=1)).isoformat()


# (place, the day it changes, (held_by, claimed_by) before, after)
CHANGES = [
    ("Sukhumi", "2008-08-08", (None, []), ("RUS", [])),
    ("Tskhinvali", "2008-08-08", (None, []), ("RUS", [])),
    ("Tiraspol", "1992-07-21", (None, []), ("RUS", [])),
    ("Donetsk", "2014-05-11", (None, []), ("RUS", [])),
    ("Donetsk", "2022-09-30", ("RUS", []), ("RUS", ["RUS"])),
    ("Melitopol", "2022-03-21", (None, []), ("RUS", [])),
    ("Kherson", "2022-11-11", ("RUS", ["RUS"]), (None, ["RUS"])),
    ("Zaporizhzhia", "2022-09-30", (None, []), (None, ["RUS"])),
]


@pytest.mark.parametrize("resolution", ["50m", "10m"])
@pytest.mark.parametrize(("place", "on", "was", "became"), CHANGES, ids=lambda v: str(v))
def test_held_and_claimed_on_either_side_of_each_change(resolution, place, on, was, became):
    lat, lon = PLACES[place]
    for when, expected in ((before(on), was), (on, became)):
        answer = where(lat, lon, when, resolution=resolution)
        got = (answer["held_by"], answer["claimed_by"])
        assert got == expected, (place, when, answer["territory"])


def test_kyiv_never_held_and_zaporizhzhia_never_held():
    for when in ["1992-01-01", "2014-03-01", "2022-03-21", "2022-10-01", "2025-06-01"]:
        assert where(*PLACES["Kyiv"], when, resolution="50m")["held_by"] is None
        assert where(*PLACES["Zaporizhzhia"], when, resolution="50m")["held_by"] is None


def test_kherson_held_in_october_2022():
    answer = where(*PLACES["Kherson"], "2022-10-15")
    assert answer["held_by"] == "RUS" and answer["claimed_by"] == ["RUS"]
    assert answer["approximate"] and answer["territory"]["code"] == "UA-OCC"


def _checks(name: str) -> list[dict[str, str]]:
    with open(REGIONS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_authored_lines_put_every_named_town_on_its_side(resolution):
    """geodata/regions/checks_occupied.csv: on every snapshot, every town that a dated source
    says was held (or free) lies in (or outside) the areas the atlas has Russia hold."""
    rows = _checks("checks_occupied.csv")
    assert len(rows) >= 100 and len({r["snapshot"] for r in rows}) >= 5
    for snapshot in sorted({r["snapshot"] for r in rows}):
        frame = natomap.atlas(snapshot, resolution)
        held = shapely.union_all(
            list(frame.geometry[frame.russia_held & (frame.sovereign == "UKR")])
        )
        wrong = [
            r["name"]
            for r in rows
            if r["snapshot"] == snapshot
            and held.covers(shapely.Point(float(r["lon"]), float(r["lat"])))
            != (r["side"] == "held")
        ]
        assert wrong == [], (snapshot, wrong)
        assert all(r["source"].startswith(("https://", "http://")) for r in rows)


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_natural_earth_areas_hold_their_towns(resolution):
    rows = [r for r in _checks("checks_breakaway.csv") if "[NE deviation]" not in r["note"]]
    regions = natomap.Atlas.of(Geodata.default(), resolution).regions()
    atlas = natomap.Atlas.of(Geodata.default(), resolution)
    for region in sorted({r["area"] for r in rows}):
        shape = atlas.shape(atlas.atoms_of(regions[region].within, (region,)))
        for r in (r for r in rows if r["area"] == region):
            inside = shape.covers(shapely.Point(float(r["lon"]), float(r["lat"])))
            assert inside == (r["inside"] == "yes"), (region, r["name"])


# Published areas (km²) and the tolerance each area meets. Where Natural Earth's own line is
# known to differ (its Transnistria strip leaves out Bender and is narrower than the
# left-bank units; its South Ossetia line is generous; its 1:50m coast cuts Sevastopol), the
# wider tolerance is the measured gap, said in geodata/README.md, not a guess.
AREAS = [
    ("2014-03-18", "UA-43", 26_081, 0.10),  # Autonomous Republic of Crimea
    ("2014-03-18", "UA-40", 864, 0.25),
    ("2016-01-01", "GE-AB", 8_660, 0.10),
    ("2016-01-01", "GE-SO", 3_900, 0.20),
    ("2016-01-01", "MD-SN", 4_163, 0.30),
    ("2016-01-01", "UA-DONBAS", 16_825, 0.10),
    ("2022-11-11", "UA-OCC", 81_700, 0.10),  # DeepState, ~1 Jan 2023, less Crimea
    ("2024-02-18", "UA-OCC", 81_700, 0.10),  # DeepState brackets it: 81,700 (2023) ... 84,800
    ("2025-01-01", "UA-OCC", 84_800, 0.10),  # DeepState, 1 Jan 2025, less Crimea
]


@pytest.mark.parametrize(("when", "code", "published", "tolerance"), AREAS)
def test_held_areas_measure_close_to_published_figures(when, code, published, tolerance):
    frame = natomap.atlas(when, "10m")
    held = frame[frame.code.str.startswith(code)] if code == "UA-OCC" else frame[frame.code == code]
    assert len(held) >= 1
    measured = sum(km2(g) for g in held.geometry)
    assert abs(measured - published) / published <= tolerance, (code, round(measured))


# Russia's greatest extent (March 2022) and the withdrawal from the north (April 2022), with
# Crimea, against the published estimates, which disagree more than 10% with each other:
# 119,000 (CNN/ISW) and 132,000 km² (ISW maps in The Times) to about 25% of Ukraine's
# 603,628 km² (War Mapper) at the peak; Zelensky's "about 20%" (125,000 km², 2 June 2022) for
# after the withdrawal. natomap's March line is an envelope of the road corridors held in the
# north (accuracy 20-50 km there), so it sits at the top of that range: the test holds it to
# within 10% of the range, and geodata/README.md says where it falls.
SPREAD = [
    ("2022-03-21", 119_000, 151_000),
    ("2022-04-08", 125_000, 125_000),
]


@pytest.mark.parametrize(("when", "low", "high"), SPREAD)
def test_held_areas_with_crimea_fall_within_the_published_estimates(when, low, high):
    frame = natomap.atlas(when, "10m")
    held = frame[frame.code.str.startswith("UA-OCC") | frame.code.isin(["UA-43", "UA-40"])]
    measured = sum(km2(g) for g in held.geometry)
    assert low * 0.9 <= measured <= high * 1.1, round(measured)


def test_geometry_valid_on_every_frame_of_russias_side():
    for frame in natomap.Film.of().frames:
        if frame.date < day("1991-12-26"):
            continue
        geo = frame.geo()
        held = geo[geo.russia_held | geo.claimed_by.astype(bool)]
        assert held.geometry.is_valid.all() and not held.geometry.is_empty.any(), frame.date


def test_de_facto_lines_of_control():
    late = natomap.frame("2023-01-01", view="de-facto").geo().set_index("code")
    # Claimed and held: drawn inside Russia; held elsewhere by proxies: Russia's colour.
    assert "UA-OCC" not in late.index and "UA-43" not in late.index
    assert late.geometry["RUS"].covers(shapely.Point(35.3653, 46.8489))  # Melitopol
    assert late.category["MD-SN"] == "russia" and late.category["GE-AB"] == "russia"
    # Claims stay claims on either view: Zaporizhzhia is Ukraine's, claimed by Russia.
    assert late.category["UA-23"] == "claimed"
    recognised = natomap.frame("2023-01-01").geo().set_index("code")
    assert recognised.category["UA-OCC"] == "held" and recognised.category["UA-23"] == "claimed"


# -- blocs and statuses ----------------------------------------------------------------------

# (day, CSTO members from that day): the Collective Security Treaty in force 1994-04-20 for
# nine states; Azerbaijan, Georgia and Uzbekistan out 1999-04-20; Uzbekistan back 2006-08-16,
# suspended 2012-12-19. Armenia froze its participation on 2024-02-22 without leaving.
CSTO = [
    ("1994-04-20", 9),
    ("1999-04-20", 6),
    ("2006-08-16", 7),
    ("2012-12-19", 6),
    ("2024-02-22", 6),
]


@pytest.mark.parametrize(("when", "count"), CSTO)
def test_csto_membership_on_each_change_and_the_day_before(when, count):
    assert len(natomap.members(when, org="CSTO")) == count
    earlier = [c for d, c in CSTO if d < when]
    assert len(natomap.members(before(when), org="csto")) == (earlier[-1] if earlier else 0)


def test_armenia_frozen_not_gone_and_csto_on_natos_map():
    table = bundled_table()
    assert table.status("csto", "ARM", day("2024-02-21")) == "founding member"
    assert table.status("csto", "ARM", day("2024-02-22")) == "frozen member"
    assert "ARM" in natomap.members("2025-01-01", org="csto")
    frame = natomap.frame("2000-01-01").territories.set_index("code")
    assert frame.category["BLR"] == "csto" and frame.category["KAZ"] == "csto"
    assert natomap.frame("1994-04-19").territories.set_index("code").category["BLR"] == "other"


@pytest.mark.parametrize(
    ("code", "when", "status"),
    [
        ("UKR", "2010-06-30", "aspirant"),
        ("UKR", "2010-07-01", "partner"),  # non-bloc law: not an aspirant
        ("UKR", "2014-12-22", "partner"),
        ("UKR", "2014-12-23", "aspirant"),
        ("RUS", "2014-03-31", "partner"),
        ("RUS", "2014-04-01", "none"),  # NATO suspends practical cooperation
        ("MLT", "1995-04-26", "partner"),
        ("MLT", "1996-10-27", "none"),
        ("MLT", "2008-04-03", "partner"),
    ],
)
def test_statuses_that_change(code, when, status):
    assert bundled_table().status("nato", code, day(when)) == status


def test_stats_add_the_area_russia_holds_abroad():
    table = natomap.stats(["2014-02-26", "2014-03-18", "2022-03-21", "2025-01-01"])
    held = table.russia_held_abroad_km2.tolist()
    assert held[0] < held[1] < held[2]  # Crimea and Sevastopol, then the 2022 invasion
    transnistria_abkhazia_ossetia = 3_052 + 8_644 + 4_466
    assert held[0] == pytest.approx(transnistria_abkhazia_ossetia, rel=0.02)


def test_where_for_fact_checkers():
    result = CliRunner().invoke(
        main, ["where", "46.8489", "35.3653", "--date", "2022-10-15", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"territory", "de_jure", "held_by", "claimed_by", "memberships", "sources"} <= set(
        answer
    )
    assert (answer["de_jure"], answer["held_by"], answer["claimed_by"]) == ("UKR", "RUS", ["RUS"])
    assert answer["memberships"]["nato"] == "aspirant" and answer["memberships"]["csto"] == "none"
    assert answer["sources"] and all(s.startswith("http") for s in answer["sources"])
    text = CliRunner().invoke(main, ["where", "43.5", "34.0", "--date", "2000-01-01"])
    assert text.exit_code == 0 and "not on land" in text.output  # the Black Sea
    bad = CliRunner().invoke(main, ["where", "95", "30"])
    assert bad.exit_code == 2 and "lat must be" in bad.output


def test_captions_tell_russias_side():
    titles = {f.date.isoformat(): f.story.title for f in natomap.Film.of().frames}
    for when in ["2008-08-08", "2008-08-12", "2008-08-26", "2014-02-27", "2014-09-05",
                 "2015-02-12", "2022-02-21", "2022-02-24", "2022-03-02", "2022-09-30",
                 "2022-10-12", "2022-11-11"]:  # fmt: skip
        assert titles.get(when), when
    assert "eleven" in natomap.frame("1991-12-26").story.description
    assert "Eight days" in natomap.frame("1955-05-14").story.description
    assert "the Czech Republic" in natomap.frame("1999-03-12").story.alt
    assert natomap.frame("1952-02-18").story.changes[-1] == "Turkey joins NATO"
