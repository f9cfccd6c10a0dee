"""Forces on the map: the deployments table, the command, the HTML layer, the symbols."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import natomap
from natomap.cli import main
from natomap.deployments import KINDS, deployments, forces
from waiting import wait_until

ALL = deployments()


def _days():
    for d in ALL:
        yield d.start
        if d.end:
            yield d.end


@pytest.mark.parametrize("day", sorted(set(_days())), ids=str)
def test_forces_lists_exactly_what_is_in_place_on_each_change_and_the_day_before(day):
    for when in (day - dt.timedelta(days=1), day):
        expected = {d.id for d in ALL if d.start <= when and (d.end is None or when < d.end)}
        assert set(forces(when).id) == expected, when


def test_the_table_has_the_kinds_and_rows_the_story_needs():
    kinds = {d.kind for d in ALL}
    assert kinds == set(KINDS)
    efp_2017 = [d for d in ALL if d.kind == "efp" and d.start.year == 2017]
    efp_2022 = [d for d in ALL if d.kind == "efp" and d.start.year == 2022]
    assert len(efp_2017) == 4 and len(efp_2022) == 4
    assert {d.place for d in ALL if d.kind == "missile-defence"} >= {"Deveselu"}
    belarus = next(d for d in ALL if d.country == "BLR")
    assert belarus.side == "russia" and belarus.start <= dt.date(2022, 2, 10)
    assert all(d.source.startswith("http") and d.coord_source.startswith("http") for d in ALL)


def test_every_coordinate_lies_in_the_country_it_names():
    """Checked against the atlas of the deployment's first day (1:10m): the territory under
    the point belongs de jure to the country the row names (Sevastopol is Ukraine's)."""
    for d in ALL:
        frame = natomap.atlas(d.start, "10m")
        under = frame[frame.geometry.covers(shapely.Point(d.lon, d.lat))]
        assert len(under) == 1, d.id
        assert under.iloc[0].sovereign == d.country, (d.id, under.iloc[0].code)


def test_forces_returns_points():
    frame = forces("2022-06-01")
    assert frame.crs.to_epsg() == 4326 and (frame.geometry.geom_type == "Point").all()
    assert {"name", "side", "kind", "lat", "lon", "start", "end", "troops", "source"} <= set(
        frame.columns
    )
    assert frame.loc[frame.id == "efp-estonia", "troops"].item() == 1430


def test_cli_forces_table_json_csv_and_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["forces", "--date", "2017-07-01", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == len(forces("2017-07-01"))
    assert {"name", "side", "kind", "lat", "lon", "start", "end", "troops", "source"} == set(
        records[0]
    )
    csv_text = runner.invoke(main, ["forces", "--date", "2017-07-01", "--format", "csv"]).output
    assert len(pd.read_csv(io.StringIO(csv_text))) == len(records)
    target = tmp_path / "forces.csv"
    written = runner.invoke(main, ["forces", "--format", "csv", "-o", str(target)])
    assert written.exit_code == 0 and target.read_text().startswith("name,side,kind")
    bad = runner.invoke(main, ["forces", "--date", "1900-01-01"])
    assert bad.exit_code == 2 and "before" in bad.output


def test_frames_and_captions_where_deployments_start():
    film = natomap.Film.of()
    assert dt.date(2015, 9, 1) in film.dates and dt.date(2017, 4, 20) in film.dates
    caption = film.frame("2015-09-01").story.title
    assert "NATO Force Integration Units" in caption and "Tallinn" in caption


def test_stats_count_battlegroups_and_their_distance_to_russia():
    table = natomap.stats(["2016-01-01", "2017-07-01", "2025-06-01"])
    assert table.nato_battlegroups.tolist()[:2] == [0, 4]
    assert table.battlegroup_troops_known.iloc[1] == 1430 + 1887 + 1632 + 1033
    # Orzysz, Poland, lies about 60 km from Kaliningrad.
    assert 40 < table.battlegroup_to_russia_km.iloc[1] < 90


def test_static_map_draws_the_symbols(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from natomap.render.static import map_figure

    fig = map_figure("2022-06-01", film=natomap.Film.of(), forces=True)
    markers = [
        line for ax in fig.axes for line in ax.lines if line.get_marker() not in ("None", None)
    ]
    assert len(markers) == len(forces("2022-06-01"))
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "NATO Force Integration Unit" in labels and "Russian military base abroad" in labels


# -- the HTML layer, in Chromium -------------------------------------------------------------


def test_markers_appear_on_their_dates_toggle_from_the_keyboard_and_cite_sources(
    nato_build, offline_page
):
    page = offline_page
    page.goto((nato_build.out / "nato-expansion.html").as_uri())
    wait_until(page, "window.natomap && window.natomap.maps.length === 1")
    m = "window.natomap.maps[0]"
    count = "document.querySelectorAll('.natomap .nm-force').length"
    page.evaluate(f"{m}.goTo('2015-08-31')")
    before = page.evaluate(count)
    page.evaluate(f"{m}.goTo('2015-09-01')")
    assert page.evaluate(count) == before + 6  # six Force Integration Units
    page.evaluate(f"{m}.goTo('2017-04-12')")
    assert page.locator(".natomap .nm-force-efp").count() == 1  # Rukla since 2017-02-07
    page.evaluate(f"{m}.goTo('2017-06-19')")
    assert page.locator(".natomap .nm-force-efp").count() == 4
    # The layer switch is reached with the keyboard and switched with Space.
    switch = page.locator(".natomap .nm-forces-switch")
    switch.focus()
    page.keyboard.press(" ")
    assert not switch.is_checked() and page.evaluate(count) == 0
    page.keyboard.press(" ")
    assert switch.is_checked() and page.evaluate(count) > 0
    # A marker's tooltip says what it is, since when, and its source.
    page.evaluate(f"{m}.map.setView([59.26, 25.96], 6, {{animate: false}})")
    marker = page.locator(".natomap .nm-force-efp").first
    tip = page.locator(".natomap .leaflet-tooltip", has_text="battlegroup")
    for attempt in range(3):  # a busy machine can drop the first mouseover: move out and in
        page.mouse.move(1, 1)
        marker.hover()
        try:
            tip.wait_for(timeout=5000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    text = tip.text_content()
    assert "since" in text and "Source:" in text and "led by" in text
    assert page.console_errors == [] and page.blocked == []
