"""The animated HTML map, checked in real headless Chromium with the network blocked.

Expected colours are never written here: they come from the data (``atlas`` + ``classify``)
and the shared palette (``categories``); the test names the category the issue asks for and
checks the data agrees, then checks the page draws that category's colour.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import natomap
from natomap.atlas import atlas
from natomap.cli import main
from natomap.film import Film, frames, story
from natomap.render.html import animated_map, leaflet_assets, render_page, write_html
from natomap.render.style import categories
from waiting import wait_until

ROOT = Path(__file__).resolve().parents[1]
FILENAME = "nato-expansion.html"
FILL = {c.key: c.fill.lower() for c in categories(natomap.Film.of())}
CITIES = {  # (lat, lon) of a point well inside each territory
    "Warsaw": (52.23, 21.01),
    "Berlin": (52.52, 13.40),
    "Simferopol": (44.95, 34.10),
    "Paris": (48.86, 2.35),
    "Cologne": (50.94, 6.96),
}


@pytest.fixture(scope="session")
def built(nato_build) -> Path:
    return nato_build.out / FILENAME


@pytest.fixture(scope="session")
def built_de_facto(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html-de-facto")
    (path,) = write_html(Film.of(view="de-facto"), out)
    return path


def _open(page, url: str, count: int = 1):
    page.goto(url)
    wait_until(page, f"window.natomap && window.natomap.maps.length === {count}")
    return page


def _at(page, place: str, index: int = 0) -> dict:
    """What the map draws at a city: the topmost territory path there."""
    lat, lon = CITIES[place]
    return page.evaluate(
        """([i, lat, lon]) => {
            const m = window.natomap.maps[i];
            const p = m.map.latLngToContainerPoint([lat, lon]);
            const r = m.map.getContainer().getBoundingClientRect();
            const hits = document.elementsFromPoint(r.left + p.x, r.top + p.y);
            const el = hits.find(e => e.classList && e.classList.contains("nm-shape"));
            if (!el) return null;
            return {cls: el.getAttribute("class"), fill: el.getAttribute("fill"),
                    category: el.getAttribute("data-category"),
                    inside: m.container.contains(el)};
        }""",
        [index, lat, lon],
    )


def _category(day: str, code: str) -> str:
    """The category the data gives territory ``code`` on ``day``."""
    frame = natomap.frame(day).territories
    (category,) = frame.category[frame.code == code].tolist()
    return category


def _code_at(day: str, place: str) -> str:
    """The code of the territory the atlas has at a city on ``day``."""
    import shapely

    lat, lon = CITIES[place]
    frame = atlas(day)
    (code,) = frame.code[frame.contains(shapely.Point(lon, lat))].tolist()
    return code


def _expected(day: str, code: str, category: str) -> str:
    got = _category(day, code)
    assert got == category, f"the data says {code} is {got} on {day}"
    return FILL[category]


def test_page_renders_offline_with_every_frame(built, offline_page):
    page = _open(offline_page, built.as_uri())
    assert page.evaluate("window.natomap.maps[0].frames()") == [d.isoformat() for d in frames()]
    assert page.locator(".natomap path.nm-shape").count() > 150
    page.evaluate("window.natomap.maps[0].goTo('2024-03-07')")
    for small in ("LUX", "MNE"):  # the smallest members stay visible at the first view
        box = page.locator(f".natomap path.nm-code-{small}").bounding_box()
        assert box["width"] >= 3 and box["height"] >= 3, small
    assert page.console_errors == []
    assert page.blocked == []


@pytest.mark.parametrize(
    ("day", "place", "code", "category"),
    [
        ("1990-10-03", "Warsaw", "POL", "warsaw-pact"),
        ("1999-03-12", "Warsaw", "POL", "post-cold-war"),
        ("1949-08-24", "Paris", "FRA", "founding"),
        # Both German states once the Warsaw Pact is in force: neither covers the other.
        ("1955-06-05", "Cologne", "DEU", "cold-war"),
        ("1955-06-05", "Berlin", "DDR", "warsaw-pact"),
        ("1990-10-03", "Berlin", "DEU", "cold-war"),
    ],
)
def test_territory_has_its_category_colour(built, offline_page, day, place, code, category):
    fill = _expected(day, code, category)
    page = _open(offline_page, built.as_uri())
    assert page.evaluate(f"window.natomap.maps[0].goTo('{day}')") == day
    hit = _at(page, place)
    assert f"nm-code-{code}" in hit["cls"].split()
    assert (hit["fill"].lower(), hit["category"]) == (fill, category)


def test_two_germanys_then_one(built, offline_page):
    page = _open(offline_page, built.as_uri())
    page.evaluate("window.natomap.maps[0].goTo('1990-10-02')")
    east = _at(page, "Berlin")
    assert "nm-code-DDR" in east["cls"].split()
    # The GDR left the Warsaw Pact on 1990-09-24 (memberships.csv): colour as the data says.
    assert east["fill"].lower() == FILL[_category("1990-10-02", "DDR")]
    assert page.locator(".natomap path.nm-code-DEU").count() == 1
    page.evaluate("window.natomap.maps[0].goTo('1990-10-03')")
    united = _at(page, "Berlin")
    assert "nm-code-DEU" in united["cls"].split()
    assert united["category"] == _category("1990-10-03", "DEU")
    assert page.locator(".natomap path.nm-code-DDR").count() == 0


def test_crimea_hatched_from_its_seizure_only(built, offline_page):
    page = _open(offline_page, built.as_uri())
    before = page.evaluate("window.natomap.maps[0].goTo('2014-02-26')")
    assert before < "2014-02-27"
    hit = _at(page, "Simferopol")
    assert f"nm-code-{_code_at(before, 'Simferopol')}" in hit["cls"].split()
    assert hit["category"] != "held" and not hit["fill"].startswith("url(")
    page.evaluate("window.natomap.maps[0].goTo('2014-02-27')")
    hit = _at(page, "Simferopol")
    assert "nm-code-UA-43" in hit["cls"].split() and hit["category"] == "held"
    _expected("2014-02-27", "UA-43", "held")
    pattern_id = re.fullmatch(r"url\(#(.+)\)", hit["fill"]).group(1)
    # The pattern lives inside this map's own container and has the held colour under its hatch.
    fills = page.evaluate(
        """id => Array.from(window.natomap.maps[0].container.querySelectorAll("pattern"))
              .filter(p => p.id === id)
              .map(p => Array.from(p.children).map(c => c.getAttribute("fill")))""",
        pattern_id,
    )
    assert len(fills) == 1 and FILL["held"] in [f.lower() for f in fills[0]]


def test_de_facto_view_draws_crimea_inside_russia(built_de_facto, offline_page):
    page = _open(offline_page, built_de_facto.as_uri())
    page.evaluate("window.natomap.maps[0].goTo('2014-03-18')")
    hit = _at(page, "Simferopol")
    assert "nm-code-RUS" in hit["cls"].split() and hit["category"] == "russia"
    assert page.locator(".natomap path.nm-code-UA-43").count() == 0
    assert page.console_errors == []


def test_caption_and_screen_reader_text_follow_the_frame(built, offline_page):
    page = _open(offline_page, built.as_uri())
    page.evaluate("window.natomap.maps[0].goTo('1999-03-12')")
    told = story("1999-03-12")
    box = page.locator(".natomap")
    assert box.locator(".nm-what").text_content() == told.title
    assert box.locator(".nm-alt").text_content() == told.alt
    assert box.locator(".nm-live").text_content() == told.alt
    assert box.locator(".nm-slider").get_attribute("aria-valuetext") == "12 March 1999"
    assert re.search(r"NATO–Russia land border: [\d,]+ km", box.locator(".nm-km").text_content())
    assert box.locator(".nm-sources li.nm-current").count() == 1


def test_tooltip_names_territory_and_status(built, offline_page):
    page = _open(offline_page, built.as_uri())
    page.evaluate("window.natomap.maps[0].goTo('1990-10-03')")
    lat, lon = CITIES["Warsaw"]
    point = page.evaluate(
        """([lat, lon]) => { const m = window.natomap.maps[0];
            const p = m.map.latLngToContainerPoint([lat, lon]);
            const r = m.map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
        [lat, lon],
    )
    page.mouse.move(*point)
    tip = page.locator(".natomap .leaflet-tooltip")
    tip.wait_for()
    text = tip.text_content()
    assert "Poland" in text and "Warsaw Pact" in text and "Joins NATO on 12 March 1999" in text
    # Stepping with the tooltip open updates it to the new frame's status.
    page.evaluate("window.natomap.maps[0].goTo('1999-03-12')")
    text = tip.text_content()
    assert "NATO member since 12 March 1999" in text and "Warsaw Pact" not in text


def test_play_advances_and_stops_on_the_last_frame(built, offline_page):
    page = _open(offline_page, built.as_uri())
    m = "window.natomap.maps[0]"
    page.locator(".natomap .nm-play").click()
    assert page.evaluate(f"{m}.playing()")
    assert page.locator(".natomap .nm-play").get_attribute("aria-pressed") == "true"
    wait_until(page, f"{m}.current() === {m}.frames()[1]", timeout=5000)
    dates = page.evaluate(f"{m}.frames()")
    page.evaluate(f"{m}.goTo('{dates[-2]}'); {m}.play()")
    wait_until(page, f"!{m}.playing()", timeout=5000)
    assert page.evaluate(f"{m}.current()") == dates[-1]
    assert page.console_errors == []


def test_keyboard_steps_the_frames(built, offline_page):
    page = _open(offline_page, built.as_uri())
    m = "window.natomap.maps[0]"
    dates = page.evaluate(f"{m}.frames()")
    slider = page.locator(".natomap .nm-slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"{m}.current()") == dates[1]
    page.keyboard.press("End")
    assert page.evaluate(f"{m}.current()") == dates[-1]
    page.keyboard.press("Home")
    assert page.evaluate(f"{m}.current()") == dates[0]
    page.locator(".natomap .nm-next").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"{m}.current()") == dates[2]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(f"{m}.current()") == dates[1]
    slider.focus()
    page.keyboard.press(" ")
    assert page.evaluate(f"{m}.playing()")
    page.keyboard.press(" ")
    assert not page.evaluate(f"{m}.playing()")


def test_hash_selects_a_frame(built, offline_page):
    page = _open(offline_page, built.as_uri() + "#2004-03-29")
    assert page.evaluate("window.natomap.maps[0].current()") == "2004-03-29"
    assert page.locator(".natomap .nm-date").text_content() == "29 March 2004"
    latest = max(d for d in frames() if d.isoformat() <= "2010-01-01").isoformat()
    page.evaluate("window.location.hash = '#2010-01-01'")
    wait_until(page, f"window.natomap.maps[0].current() === '{latest}'")


def test_two_maps_on_one_page_do_not_interfere(built, offline_page, tmp_path):
    text = built.read_text(encoding="utf-8")
    fragment = re.search(r"<!-- natomap:map -->.*?<!-- /natomap:map -->", text, re.S).group(0)
    boxes = "".join(f'<div style="width:600px;height:420px">{fragment}</div>' for _ in range(2))
    host = text.replace(fragment, boxes + '<svg><path class="host" d="M0 0H9V9z"/></svg>')
    # A host page has its own policy: this one's inline styles are not in the map's.
    host = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", host)
    path = tmp_path / "two.html"
    path.write_text(host, encoding="utf-8")
    page = _open(offline_page, path.as_uri(), count=2)
    a, b = "window.natomap.maps[0]", "window.natomap.maps[1]"
    page.evaluate(f"{a}.goTo('2014-03-18')")
    assert page.evaluate(f"{b}.current()") == "1949-08-24"
    page.locator(".natomap").nth(1).locator(".nm-play").click()
    assert page.evaluate(f"{b}.playing()") and not page.evaluate(f"{a}.playing()")
    page.evaluate(f"{b}.pause(); {b}.goTo('2014-03-18')")
    for i in range(2):
        hit = _at(page, "Simferopol", i)
        assert hit["inside"] and hit["category"] == "held"
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)")
    assert len(ids) == len(set(ids)) >= 2
    page.locator(".natomap").nth(0).locator(".nm-slider").focus()
    page.keyboard.press("End")
    assert page.evaluate(f"{b}.current()") == "2014-03-18"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('path.host')).fill")
        == "rgb(0, 0, 0)"
    )
    assert page.console_errors == [] and page.blocked == []


def test_fills_a_600x400_iframe(built, offline_page, tmp_path):
    host = tmp_path / "host.html"
    host.write_text(
        f'<!DOCTYPE html><iframe src="{built.as_uri()}#1955-05-14" width="600" height="400"'
        ' style="border:0"></iframe>',
        encoding="utf-8",
    )
    offline_page.goto(host.as_uri())
    frame = offline_page.frame_locator("iframe")
    frame.locator(".natomap path.nm-code-DEU").first.wait_for()
    inner = offline_page.frames[1]
    sizes = inner.evaluate(
        """() => { const r = s => document.querySelector(s).getBoundingClientRect();
            return {map: r(".nm-map").height, bar: r(".nm-bar").bottom,
                    width: r(".natomap").width, current: window.natomap.maps[0].current()}; }"""
    )
    assert sizes["current"] == "1955-05-14"
    assert sizes["width"] == 600 and sizes["map"] > 180 and sizes["bar"] <= 400
    os.makedirs("/tmp/html-shots", exist_ok=True)
    offline_page.screenshot(
        path="/tmp/html-shots/iframe-600x400.png",
        clip={"x": 0, "y": 0, "width": 620, "height": 420},
    )
    assert offline_page.console_errors == [] and offline_page.blocked == []


# --- cheap checks of the HTML, no browser -----------------------------------------------


def test_default_page_is_self_contained(built):
    text = built.read_text(encoding="utf-8")
    css, js = leaflet_assets(cdn=False)
    assert css in text and js in text  # Leaflet inlined from xstatic-leaflet, as shipped
    # The SVG namespace is a name, not an address anything fetches.
    ours = text.replace(css, "").replace(js, "").replace('"http://www.w3.org/2000/svg"', "")
    # The map's data names its sources (for the table and the CSV); the page fetches none.
    ours = re.sub(
        r'<script type="application/json" class="nm-data">.*?</script>', "", ours, flags=re.S
    )
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", ours)
    for match in re.finditer(r"https?://", ours):
        before = ours[max(0, match.start() - 6) : match.start()]
        assert before == 'href="', f"URL outside a link: {ours[match.start() : match.end() + 40]}"
    assert "jquery" not in text.lower() and "bootstrap" not in text.lower()
    assert len(text.encode()) < 1_500_000


def test_css_touches_only_the_map_container():
    from importlib import resources

    css = resources.files("natomap.render").joinpath("player.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for block in re.findall(r"([^{}]+)\{", css):
        for selector in block.split(","):
            selector = selector.strip()
            if selector and not selector.startswith(("@media", "@container")):
                assert selector.startswith(".natomap"), selector


def test_cdn_and_tiles_options(built):
    cdn = render_page(natomap.Film.of(), cdn=True)
    assert 'src="https://unpkg.com/leaflet@' in cdn and len(cdn) < built.stat().st_size - 100_000
    tiles = render_page(natomap.Film.of(), tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in tiles


def test_bad_tiles_option_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--tiles", "Nope.Nope"])
    assert result.exit_code == 2
    assert "unknown tile provider 'Nope.Nope'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()  # not even the folder


def test_notebook_object(built, tmp_path):
    m = natomap.animated_map()
    assert m._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    saved = m.save(tmp_path / "map.html")
    assert saved.read_bytes() == built.read_bytes()
    assert animated_map is natomap.animated_map


def test_shapes_share_borders_and_never_cross_the_antimeridian():
    import numpy as np
    import shapely

    from natomap.atlas import Atlas
    from natomap.render.mapdata import SCALE, map_data, simplified_atoms

    _, simple = simplified_atoms(Atlas.of(natomap.Geodata.default(), "50m"))
    # Neighbours share their edges: no overlaps or gaps, except T-junctions a few km long where
    # natomap's inner-German line meets the Czech border (a vertex one side lacks).
    assert shapely.length(shapely.coverage_invalid_edges(simple)).sum() < 0.1
    data = map_data(natomap.Film.of())
    jumps = [
        shape["code"]
        for shape in data["shapes"]
        for polygon in shape["polygons"]
        for ring in polygon
        if np.abs(np.asarray(ring[2::2])).max(initial=0) > 180 * SCALE
    ]
    assert jumps == []  # a ring jumping half the world would draw a stripe across the map


# (place, date, what the tooltip says): on either side of each change of Russia's side.
TOOLTIPS = [
    ("Sukhumi", (43.0015, 41.0234), "2008-08-07", None),
    ("Sukhumi", (43.0015, 41.0234), "2008-08-08", "Held by"),
    ("Tskhinvali", (42.2258, 43.9675), "2008-08-07", None),
    ("Tskhinvali", (42.2258, 43.9675), "2008-08-08", "Held by"),
    ("Tiraspol", (46.8403, 29.6433), "1992-07-20", None),
    ("Tiraspol", (46.8403, 29.6433), "1992-07-21", "Held by"),
    ("Donetsk", (48.0159, 37.8029), "2014-05-10", None),
    ("Donetsk", (48.0159, 37.8029), "2015-06-01", "Held by"),
    ("Melitopol", (46.8489, 35.3653), "2022-03-20", None),
    ("Melitopol", (46.8489, 35.3653), "2022-03-21", "Held by"),
    ("Kherson", (46.6558, 32.6178), "2022-10-15", "Held by"),
    ("Kherson", (46.6558, 32.6178), "2022-11-11", "Claimed by Russia since 30 September 2022"),
    ("Zaporizhzhia", (47.8388, 35.1396), "2022-09-29", None),
    ("Zaporizhzhia", (47.8388, 35.1396), "2022-09-30", "Claimed by Russia since 30 September 2022"),
    ("Kyiv", (50.4547, 30.5238), "2022-03-21", None),
]


def test_tooltips_tell_who_holds_and_claims(built, offline_page):
    page = _open(offline_page, built.as_uri())
    m = "window.natomap.maps[0]"
    # One view from Moldova to the Caucasus: zooming redraws every shape, frames do not.
    page.evaluate(f"{m}.map.setView([46.8, 36.5], 5.5, {{animate: false}})")
    for place, (lat, lon), day, says in TOOLTIPS:
        page.evaluate(f"{m}.goTo('{day}')")
        point = page.evaluate(
            """([lat, lon]) => { const m = window.natomap.maps[0];
                const p = m.map.latLngToContainerPoint([lat, lon]);
                const r = m.map.getContainer().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y]; }""",
            [lat, lon],
        )
        page.mouse.move(0, 0)
        page.mouse.move(*point)
        wait_until(
            page,
            "document.querySelectorAll('.natomap .leaflet-tooltip').length === 1",
            timeout=3000,
        )
        text = page.locator(".natomap .leaflet-tooltip").text_content()
        if says is None:
            assert "Held by" not in text and "Claimed by" not in text, (place, day, text)
        else:
            assert says in text, (place, day, text)
        if "Held by" in text and day >= "2022-02-24":
            assert "Approximate" in text, (place, day, text)
    assert page.console_errors == [] and page.blocked == []


def test_page_stays_small_with_russias_side(built):
    assert built.stat().st_size < 1_000_000  # self-contained, Leaflet included
