"""The measurements: border lengths, distances, area and centroid, and the `stats` command.

The expected official totals are the ones the issue states from the CIA World Factbook; the
code must reach them by summing the table over the pairs the 1:10m geometry says touch.
"""

from __future__ import annotations

import datetime as dt
import doctest
import io
import json
import sys

import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from PIL import Image

import natomap
from natomap import shared_border
from natomap.borders import GEOD, official_borders
from natomap.charts import chart_png, stats_csv
from natomap.cli import main
from natomap.errors import DataError
from natomap.film import frames
from natomap.geodata import Geodata
from natomap.measure import EUROPE_BOX, border_pairs, official_border_km, places, stats

stats_module = sys.modules["natomap.measure"]

ONE_DAY = dt.timedelta(days=1)
# (first day, official total in km, total the day before)
STEPS = [
    ("1952-02-18", 813, 196),
    ("1991-12-26", 191, 813),
    ("1999-03-12", 400, 191),
    ("2004-03-29", 1317, 400),
    ("2023-04-04", 2626, 1317),
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return stats()


def _row(table: pd.DataFrame, day: str) -> pd.Series:
    return table.set_index("date").loc[pd.Timestamp(day)]


def _previous(table: pd.DataFrame, day: str) -> pd.Series:
    index = table.index[table.date == pd.Timestamp(day)][0]
    return table.iloc[index - 1]


def test_official_total_in_1949_is_norway_and_the_ussr():
    assert official_border_km("1949-08-24") == 196
    assert official_border_km("1951-12-31") == 196


@pytest.mark.parametrize(("day", "km", "before"), STEPS)
def test_official_total_steps_on_its_date(day, km, before):
    first = dt.date.fromisoformat(day)
    assert official_border_km(first - ONE_DAY) == before
    assert official_border_km(first) == km
    assert official_border_km(first + ONE_DAY) == km


def test_pairs_come_from_the_geometry():
    cold_war = border_pairs("1960-01-01")
    assert sorted(zip(cold_war.member, cold_war.russia, strict=True)) == [
        ("NOR", "SUN"),
        ("TUR", "SUN"),
    ]
    today = border_pairs("2024-03-07")
    assert set(today.russia) == {"RUS"}
    assert sorted(today.member) == ["EST", "FIN", "LTU", "LVA", "NOR", "POL"]
    assert all(line.geom_type.endswith("LineString") for line in today.geometry)


def test_the_coarse_and_fine_atlases_name_the_same_pairs_on_every_frame():
    """Frames decide which pairs touch on the 1:50m atlas; at 1:10m the same pairs touch,
    and no other member territory meets territory Russia holds."""
    from natomap.atlas import Atlas

    fine = Atlas.of(Geodata.default(), "10m")
    touching = fine.touching()
    film = natomap.Film.of()
    for frame in film.frames:
        geo = frame.geo("10m")
        members = geo[geo.status.isin(["member", "founding member"]) & ~geo.russia_held]
        russia = geo[geo.russia_held]
        pairs = set()
        for m in members.itertuples():
            near = set().union(*(touching[a] for a in m.atoms))
            pairs |= {(m.code, r.code) for r in russia.itertuples() if near & r.atoms}
        assert pairs == {(p.member, p.russia) for p in frame.border}, frame.date
        assert official_border_km(frame.date) == sum(p.official_km for p in frame.border)


@pytest.mark.parametrize("day", ["1960-01-01", "2024-03-07"])
def test_measured_lengths_are_close_to_official(day):
    for row in border_pairs(day).itertuples():
        ratio = row.km / row.official_km
        assert 0.6 <= ratio <= 1.1, f"{row.member}–{row.russia}: {row.km:.0f} / {row.official_km}"


def test_finland_measured_shows_the_coastline_effect():
    pairs = border_pairs("2024-03-07").set_index("member")
    assert 1150 < pairs.km["FIN"] < pairs.official_km["FIN"]
    assert pairs.km["LVA"] / pairs.official_km["LVA"] == pytest.approx(0.64, abs=0.03)


def test_one_row_per_frame_and_border_never_zero(table):
    assert [d.date() for d in table.date] == frames()
    assert str(table.date.dtype).startswith("datetime64")
    assert (table.border_official_km > 0).all()
    assert (table.border_measured_10m_km > 0).all()


def test_border_drops_when_the_ussr_breaks_up(table):
    after, before = _row(table, "1991-12-26"), _previous(table, "1991-12-26")
    assert after.border_official_km < before.border_official_km
    assert before.border_official_km_TUR > 0 and after.border_official_km_TUR == 0
    assert after.border_measured_10m_km < before.border_measured_10m_km


def test_border_jumps_when_finland_joins(table):
    after, before = _row(table, "2023-04-04"), _previous(table, "2023-04-04")
    assert before.border_official_km_FIN == 0
    assert after.border_official_km - before.border_official_km == after.border_official_km_FIN
    assert after.border_measured_10m_km_FIN > 1000


def test_per_country_columns_add_up(table):
    official = table.filter(like="border_official_km_").sum(axis=1)
    measured = table.filter(like="border_measured_10m_km_").sum(axis=1)
    assert (official - table.border_official_km).abs().max() < 0.05
    assert (measured - table.border_measured_10m_km).abs().max() < 0.5


@pytest.mark.parametrize("day", ["1999-03-12", "2004-03-29"])
def test_moscow_gets_closer_at_the_eastern_waves(table, day):
    assert _row(table, day).moscow_to_nato_km < _previous(table, day).moscow_to_nato_km - 100


def test_distances_never_grow_and_petersburg_is_close_since_2004(table):
    assert table.moscow_to_nato_km.is_monotonic_decreasing
    assert _row(table, "2004-03-29").st_petersburg_to_nato_km < 200


def test_distance_is_the_geodesic_to_the_nearest_point():
    """Checked against the geodesic to every vertex of the 2004 members nearest Moscow."""
    from natomap.atlas import atlas

    moscow = next(p for p in places() if p.key == "moscow")
    frame = atlas("2004-03-29", "10m").set_index("code")
    coords = shapely.get_coordinates(shapely.union_all(frame.geometry[["EST", "LVA", "LTU"]]))
    _, _, metres = GEOD.inv([moscow.lon] * len(coords), [moscow.lat] * len(coords), *coords.T)
    nearest_vertex = metres.min() / 1000
    measured = _row(stats(["2004-03-29"]), "2004-03-29").moscow_to_nato_km
    assert measured <= nearest_vertex + 0.1
    assert measured == pytest.approx(nearest_vertex, abs=2)


def test_area_grows_by_swedens_land_in_2024(table):
    grew = _row(table, "2024-03-07").nato_area_km2 - _previous(table, "2024-03-07").nato_area_km2
    # Statistics Sweden: 450,295 km² with lakes; Natural Earth's outline is generalised.
    assert grew == pytest.approx(450_295, rel=0.03)


def test_european_centroid_moves_east_and_stays_in_europe(table):
    west, south, east, north = EUROPE_BOX
    assert table.europe_centroid_lon.between(west, east).all()
    assert table.europe_centroid_lat.between(south, north).all()
    assert table.europe_centroid_lon.iloc[-1] > table.europe_centroid_lon.iloc[0] + 5
    assert (
        _row(table, "2004-03-29").europe_centroid_lon
        > _previous(table, "2004-03-29").europe_centroid_lon
    )


@pytest.mark.parametrize("day", ["1949-05-01", "1900-01-01", "2999-01-01", "24-03-2004"])
def test_dates_outside_the_timeline_are_refused(day):
    with pytest.raises(ValueError, match=r"before|future|not a date"):
        official_border_km(day)
    with pytest.raises(ValueError, match=r"before|future|not a date"):
        stats([day])


def test_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown country 'XXX'"):
        shared_border("NOR", "XXX", "2000-01-01")


def test_shared_border_takes_names_and_refuses_non_neighbours():
    line, km = shared_border("Finland", "Russia", "2024-03-07")
    assert not line.is_empty and 1150 < km < 1309  # 1:10m by default, like `natomap border`
    _, coarse = shared_border("FIN", "RUS", "2024-03-07", "50m")
    assert coarse < km
    with pytest.raises(natomap.OptionError, match="FRA and RUS share no land border"):
        shared_border("FRA", "RUS", "2024-03-07")


def _copy(tmp_path, name, text):
    import shutil

    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    (folder / name).write_text(text, encoding="utf-8")
    Geodata(folder).accept()
    return Geodata.at(folder)


def test_a_touching_pair_without_an_official_length_is_a_data_error(tmp_path):
    path = Geodata.default().path("official_borders.csv")
    text = "".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("POL,RUS")
    )
    gd = _copy(tmp_path, "official_borders.csv", text)
    with pytest.raises(DataError, match=r"official_borders\.csv.*POL–RUS"):
        official_border_km("2000-01-01", geodata=gd)


def test_bad_official_row_names_file_line_and_field(tmp_path):
    gd = _copy(
        tmp_path,
        "official_borders.csv",
        "a,b,km,source\nNOR,RUS,191,https://x.org\nFIN,RUS,lots,https://x.org\n",
    )
    with pytest.raises(DataError, match=r"line 3, field 'km': 'lots' is not a number"):
        official_borders(gd)
    gd = _copy(
        tmp_path / "b",
        "official_borders.csv",
        "a,b,km,source\nNOR,RUS,191,https://x.org\nRUS,NOR,190,https://x.org\n",
    )
    with pytest.raises(DataError, match=r"line 3.*duplicate border"):
        official_borders(gd)


def test_bad_place_names_the_field(tmp_path):
    gd = _copy(
        tmp_path, "places.csv", "key,name,lon,lat,source\nmoscow,Moscow,37.6,95,https://x.org\n"
    )
    with pytest.raises(DataError, match=r"line 2, field 'lat'"):
        places(gd)


def test_doctests():
    assert doctest.testmod(stats_module).failed == 0


# The command line


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_table_lists_every_frame(table):
    result = _run("stats")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 + len(frames())
    assert "Moscow to NATO km" in lines[0]
    assert "FIN 1,309" in lines[-1]


def test_cli_csv_matches_the_table(table):
    result = _run("stats", "--format", "csv")
    assert result.exit_code == 0
    assert result.output == stats_csv(table)
    parsed = pd.read_csv(io.StringIO(result.output))
    assert parsed.border_official_km.iloc[-1] == 2626


def test_cli_json(table):
    result = _run("stats", "--format", "json", "--date", "1952-02-18", "--date", "2023-04-04")
    assert result.exit_code == 0
    records = json.loads(result.output)
    assert [r["date"] for r in records] == ["1952-02-18", "2023-04-04"]
    assert [r["border_official_km"] for r in records] == [813, 2626]
    assert records[1]["border_official_km_FIN"] == 1309


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--date", "1949-05-01"],
        ["stats", "--date", "2999-01-01"],
        ["stats", "--format", "xml"],
        ["border", "NOR", "XXX", "--date", "2000-01-01"],
        ["border", "NOR", "RUS", "--date", "1900-01-01"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args):
    result = _run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Error" in result.output


def test_cli_border():
    result = _run("border", "NOR", "RUS", "--date", "2024-03-07")
    assert result.exit_code == 0
    assert "official length: 191 km" in result.output


def test_cli_output_file_is_written_atomically(tmp_path):
    target = tmp_path / "stats.json"
    result = _run("stats", "--format", "json", "--date", "2004-03-29", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())[0]["border_official_km"] == 1317
    target.write_text("old")
    failed = _run("stats", "--date", "1949-05-01", "-o", str(target))
    assert failed.exit_code == 2
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stats.json"]
    missing = _run("stats", "-o", str(tmp_path / "nowhere" / "stats.csv"))
    assert missing.exit_code == 2 and "does not exist" in missing.output


# The build


def test_build_writes_stats_csv_and_png(nato_build, table):
    out = nato_build.out
    assert out / "stats.csv" in nato_build.written and out / "stats.png" in nato_build.written
    assert (out / "stats.csv").read_text() == stats_csv(table)
    png = (out / "stats.png").read_bytes()
    assert png == chart_png(table, natomap.Film.of()), "the chart must be the same bytes every run"
    image = Image.open(io.BytesIO(png))
    assert image.size == (1000, 750)
    assert "Software" not in image.info
