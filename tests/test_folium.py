"""natomap on folium: ``explore`` and ``AnimatedLayer`` on a reader's own ``folium.Map``.

The pages are opened in headless Chromium with the network blocked. Expected colours come
from the data (the frame's category of the territory under a city) and the palette, never
from this file; each is checked twice: the fill Leaflet gave the shape there, and the pixel
the browser painted there.
"""

from __future__ import annotations

import io
import re

import folium
import pytest
from PIL import Image

import natomap
import natomap.folium
from natomap.errors import DateError, OptionError
from natomap.render.style import HATCH, categories

FILL = {c.key: c.fill.lower() for c in categories(natomap.Film.of())}
CITIES = {  # (lat, lon) well inside a territory
    "Warsaw": (52.23, 21.01),
    "Berlin": (52.52, 13.40),
    "Paris": (48.86, 2.35),
    "Simferopol": (44.95, 34.10),
    "Helsinki": (60.30, 25.00),
    "Moscow": (55.76, 37.62),
}
# (date, city, territory, category the data must give it there)
CASES = [
    ("1982-05-30", "Warsaw", "POL", "warsaw-pact"),
    ("1982-05-30", "Berlin", "DDR", "warsaw-pact"),
    ("1982-05-30", "Paris", "FRA", "founding"),
    ("2004-03-29", "Warsaw", "POL", "post-cold-war"),
    ("2004-03-29", "Moscow", "RUS", "russia"),
    ("2023-04-04", "Helsinki", "FIN", None),  # whatever the data says Finland is that day
]


def _category(day: str, code: str) -> str:
    t = natomap.frame(day).territories
    (category,) = t.category[t.code == code].tolist()
    return category


def _expected(day: str, code: str, category: str | None) -> str:
    got = _category(day, code)
    assert category is None or got == category, f"the data says {code} is {got} on {day}"
    return FILL[got]


def _point(page, map_js: str, place: str) -> tuple[float, float]:
    lat, lon = CITIES[place]
    return tuple(
        page.evaluate(
            f"""([lat, lon]) => {{ const m = {map_js};
                const p = m.latLngToContainerPoint([lat, lon]);
                const r = m.getContainer().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y]; }}""",
            [lat, lon],
        )
    )


def _shape_at(page, x: float, y: float) -> dict | None:
    return page.evaluate(
        """([x, y]) => { const el = document.elementsFromPoint(x, y)
              .find(e => e.classList && e.classList.contains("nm-shape"));
            return el ? {cls: el.getAttribute("class"), fill: el.getAttribute("fill")} : null; }""",
        [x, y],
    )


def _pixels(page, x: float, y: float, radius: int = 0) -> set[str]:
    """The colours the browser painted within ``radius`` pixels of (x, y)."""
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    x0, y0 = round(x), round(y)
    return {
        "#{:02x}{:02x}{:02x}".format(*shot.getpixel((x0 + dx, y0 + dy)))
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    }


def _near(colours: set[str], target: str, tolerance: int = 24) -> bool:
    """Whether some colour is within ``tolerance`` of ``target`` in every channel (a thin
    stripe at 45 degrees is antialiased: its exact colour may never be painted)."""
    want = [int(target[i : i + 2], 16) for i in (1, 3, 5)]
    return any(
        all(
            abs(int(c[i : i + 2], 16) - w) <= tolerance
            for i, w in zip((1, 3, 5), want, strict=True)
        )
        for c in colours
    )


def _pixel(page, x: float, y: float) -> str:
    (colour,) = _pixels(page, x, y)
    return colour


def _explored(day: str, tmp_path):
    m = natomap.explore(day, forces=True)
    folium.Marker([54.69, 25.28], tooltip="Vilnius, my marker").add_to(m)  # the reader's own
    folium.LayerControl(position="topleft").add_to(m)
    path = natomap.folium.save(m, tmp_path / f"explore-{day}.html")
    return m, path


# --- explore ---------------------------------------------------------------------------------


def test_explore_returns_a_folium_map_in_natomaps_colours(tmp_path, offline_page):
    by_day: dict[str, list] = {}
    for day, place, code, category in CASES:
        by_day.setdefault(day, []).append((place, code, category))
    for day, cases in by_day.items():
        m, path = _explored(day, tmp_path)
        assert isinstance(m, folium.Map)
        page = offline_page
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.nm-shape').length > 150")
        page.mouse.move(1, 799)  # no hover highlight over the cities
        for place, code, category in cases:
            fill = _expected(day, code, category)
            x, y = _point(page, m.get_name(), place)
            shape = _shape_at(page, x, y)
            assert f"nm-code-{code}" in shape["cls"].split(), (day, place, shape)
            assert shape["fill"].lower() == fill, (day, place)
            assert _pixel(page, x, y) == fill, (day, place)
        # The reader's marker shows, its image inlined.
        icon = page.locator("img.leaflet-marker-icon")
        assert icon.count() == 1 and icon.get_attribute("src").startswith("data:image/png")
        assert page.evaluate("document.querySelector('img.leaflet-marker-icon').naturalWidth") > 0
        assert page.console_errors == [] and page.blocked == []


def test_explore_hatches_held_territory_and_captions_the_date(tmp_path, offline_page):
    day = "2014-03-18"
    assert _category(day, "UA-43") == "held"
    m, path = _explored(day, tmp_path)
    offline_page.goto(path.as_uri())
    offline_page.wait_for_function("document.querySelectorAll('.nm-shape').length > 150")
    x, y = _point(offline_page, m.get_name(), "Simferopol")
    shape = _shape_at(offline_page, x, y)
    assert "nm-code-UA-43" in shape["cls"].split()
    pattern = re.fullmatch(r"url\(#(.+)\)", shape["fill"]).group(1)
    colours = offline_page.evaluate(
        "id => Array.from(document.getElementById(id).children, c => c.getAttribute('fill'))",
        pattern,
    )
    assert sorted(c.lower() for c in colours) == sorted([FILL["held"], HATCH.lower()])
    # Both stripes are painted around the city: the held colour and the hatch over it.
    painted = _pixels(offline_page, x, y, radius=6)
    assert FILL["held"] in painted and _near(painted, HATCH), painted
    told = natomap.story(day)
    caption = offline_page.locator(".nm-fl-caption").text_content()
    assert "18 March 2014" in caption and told.title in caption
    legend = offline_page.locator(".nm-fl-legend").text_content()
    assert "Held by Russia" in legend and "NATO–Russia land border" in legend
    assert offline_page.locator(".nm-force").count() == len(natomap.forces(day))


def test_explore_tooltip_tells_the_status(tmp_path, offline_page):
    m, path = _explored("1990-10-03", tmp_path)
    offline_page.goto(path.as_uri())
    offline_page.wait_for_function("document.querySelectorAll('.nm-shape').length > 150")
    offline_page.mouse.move(*_point(offline_page, m.get_name(), "Warsaw"))
    tip = offline_page.locator(".leaflet-tooltip")
    tip.wait_for()
    text = tip.text_content()
    assert "Poland" in text and "Warsaw Pact" in text and "Joins NATO on 12 March 1999" in text


def test_explore_draws_onto_the_readers_map():
    m = folium.Map(location=[50, 20], zoom_start=4, tiles=None)
    marker = folium.Marker([54.69, 25.28]).add_to(m)
    assert natomap.explore("2004-03-29", m=m) is m
    assert marker in m._children.values()
    html = natomap.folium.to_html(m)
    assert "nm-code-" in html and "center: [50.0, 20.0]" in html
    leaflet = html[html.index("Leaflet 1.9") : html.index("</script>")]
    assert "fitBounds" not in html.replace(leaflet, "")  # the reader's view is kept


def test_explore_refuses_a_date_before_the_first_map():
    with pytest.raises(DateError):
        natomap.explore("1948-01-01")


# --- the animated layer ----------------------------------------------------------------------


def _layered(tmp_path, **layer):
    m = folium.Map(tiles=None)
    folium.Marker([54.69, 25.28], tooltip="Vilnius, my marker").add_to(m)
    natomap.folium.AnimatedLayer("nato", **layer).add_to(m)
    folium.CircleMarker([59.44, 24.75], radius=6, color="#000").add_to(m)
    return m, natomap.folium.save(m, tmp_path / "layer.html")


def test_animated_layer_plays_steps_and_colours_a_readers_map(tmp_path, offline_page):
    m, path = _layered(tmp_path)
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_function("window.natomap && window.natomap.maps.length === 1")
    api = "window.natomap.maps[0]"
    # The player plays on the reader's folium map, with the reader's layers on it.
    assert page.evaluate(f"{api}.map === window.{m.get_name()}")
    assert page.locator(".natomap img.leaflet-marker-icon").count() == 1
    assert page.evaluate(f"{api}.frames()") == [d.isoformat() for d in natomap.frames()]
    for day, place, code, category in CASES:
        fill = _expected(day, code, category)
        page.evaluate(f"{api}.goTo('{day}')")
        page.mouse.move(1, 1)
        x, y = _point(page, f"{api}.map", place)
        shape = _shape_at(page, x, y)
        assert f"nm-code-{code}" in shape["cls"].split(), (day, place, shape)
        assert shape["fill"].lower() == fill and _pixel(page, x, y) == fill, (day, place)
    dates = page.evaluate(f"{api}.frames()")
    page.evaluate(f"{api}.goTo(0)")
    page.locator(".natomap .nm-next").click()
    assert page.evaluate(f"{api}.current()") == dates[1]
    page.locator(".natomap .nm-prev").click()
    assert page.evaluate(f"{api}.current()") == dates[0]
    page.locator(".natomap .nm-play").click()
    page.wait_for_function(f"{api}.current() === {api}.frames()[1]", timeout=5000)
    assert page.evaluate(f"{api}.playing()")
    page.locator(".natomap .nm-play").click()
    assert not page.evaluate(f"{api}.playing()")
    assert page.console_errors == [] and page.blocked == []


def test_animated_layer_takes_the_maps_place_and_size(tmp_path, offline_page):
    m = folium.Map(tiles=None, width=700, height=500)
    natomap.folium.AnimatedLayer("warsaw-pact", fill_opacity=0.5).add_to(m)
    path = natomap.folium.save(m, tmp_path / "pact.html")
    offline_page.goto(path.as_uri())
    offline_page.wait_for_function("window.natomap && window.natomap.maps.length === 1")
    box = offline_page.evaluate(
        """() => { const r = document.querySelector('.natomap').getBoundingClientRect();
            const s = document.querySelector('.nm-shape');
            return [r.width, r.height, getComputedStyle(s).fillOpacity]; }"""
    )
    assert box == [700, 500, "0.5"]
    assert offline_page.console_errors == [] and offline_page.blocked == []


def test_one_animated_layer_a_map_and_only_on_a_map():
    m = folium.Map()
    natomap.folium.AnimatedLayer().add_to(m)
    natomap.folium.AnimatedLayer().add_to(m)
    with pytest.raises(OptionError, match="one AnimatedLayer"):
        natomap.folium.to_html(m)
    group = folium.FeatureGroup().add_to(folium.Map())
    natomap.folium.AnimatedLayer().add_to(group)
    with pytest.raises(OptionError, match="folium.Map"):
        natomap.folium.to_html(group.get_root())


def test_animated_map_gives_folium_users_a_map():
    m = natomap.animated_map().to_folium(width=800)
    assert isinstance(m, folium.Map)
    layers = [c for c in m._children.values() if isinstance(c, natomap.folium.AnimatedLayer)]
    assert len(layers) == 1 and layers[0].film is natomap.Film.of()


# --- pages: offline, lean, the same every time -----------------------------------------------


def _external(html: str) -> list[str]:
    return re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", html)


def test_saves_are_byte_identical(tmp_path):
    def made():
        m = natomap.explore("2004-03-29", forces=True)
        folium.Marker([54.69, 25.28], tooltip="Vilnius").add_to(m)
        folium.FeatureGroup().add_to(m)  # a layer without a name: folium names it at random
        folium.LayerControl().add_to(m)
        return m

    m = made()
    first = natomap.folium.save(m, tmp_path / "a.html").read_bytes()
    m._repr_html_()  # a notebook displays it in between
    assert natomap.folium.save(m, tmp_path / "b.html").read_bytes() == first
    assert natomap.folium.to_html(made()).encode() == first
    layer = [_layered(tmp_path)[1].read_bytes() for _ in range(2)]
    assert layer[0] == layer[1]


def test_pages_are_self_contained_and_lean():
    m = natomap.explore("2004-03-29")
    html = natomap.folium.to_html(m)
    assert _external(html) == []
    for unused in ("jquery", "bootstrap", "font-awesome", "fontawesome"):
        assert unused not in html.lower(), unused
    online = natomap.folium.to_html(natomap.explore("2004-03-29", cdn=True))
    base = "https://unpkg.com/leaflet@"
    assert sorted(u.rsplit("/", 1)[1] for u in _external(online)) == ["leaflet.css", "leaflet.js"]
    assert all(u.startswith(base) for u in _external(online))
    assert len(online) < len(html) - 100_000


def test_a_folium_icon_keeps_the_plugin_it_needs():
    m = natomap.explore("2004-03-29")
    folium.Marker([50, 20], icon=folium.Icon(color="red")).add_to(m)
    links = _external(natomap.folium.to_html(m))
    assert any("awesome-markers" in u for u in links)
    assert not any("jquery" in u for u in links)
