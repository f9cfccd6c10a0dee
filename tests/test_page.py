"""The page for readers and publishers, in Chromium with the network blocked.

What a reader does with the map, checked as they would see it: Tab to Play, the map's own
keys, a link that keeps the date, downloads whose content is read back (the PNG's pixels at
a city, the CSV's rows), the embed code in a host page at 600 x 400 and 400 x 300, a phone,
print, dark mode, reduced motion, and axe-core's audit of each layout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from audit import audit
from natomap.cli import main
from natomap.errors import DateError
from natomap.film import Film
from natomap.render.html import animated_map, end_of_period, opening_frame, write_html
from natomap.render.style import categories
from waiting import wait_until

pytestmark = pytest.mark.browser

M = "window.natomap.maps[0]"
WARSAW = (52.23, 21.01)


@pytest.fixture(scope="module")
def film() -> Film:
    return Film.of()


@pytest.fixture(scope="module")
def page_path(film, tmp_path_factory) -> Path:
    (path,) = write_html(film, tmp_path_factory.mktemp("page"))
    return path


@pytest.fixture(scope="module")
def dated_path(film, tmp_path_factory) -> Path:
    """A page whose author chose to open it on 29 March 2004."""
    (path,) = write_html(film, tmp_path_factory.mktemp("dated"), date="2004-03-29")
    return path


def _open(page, url: str):
    page.goto(url)
    wait_until(page, "window.natomap && window.natomap.maps.length === 1")
    return page


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _frame_at(film: Film, day: dt.date) -> str:
    return _iso(max(d for d in film.dates if d <= day))


# --- keyboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["1949-08-24", "2024-03-07"])
def test_play_is_a_few_tab_presses_away(open_page, page_path, day):
    page = _open(open_page(), f"{page_path.as_uri()}#{day}")
    presses = 0
    while presses < 12:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.classList.contains('nm-play')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('nm-play')")
    assert presses <= 6, presses
    # No country shape is a Tab stop, however many the frame shows.
    stops = page.evaluate(
        "Array.from(document.querySelectorAll('.natomap path')).filter(p => p.tabIndex >= 0).length"
    )
    assert stops == 0 and page.evaluate("document.querySelectorAll('path.nm-shape').length") > 200


def test_the_map_is_one_focus_stop_with_its_own_keys(open_page, page_path, film):
    page = _open(open_page(), f"{page_path.as_uri()}#1999-03-12")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement === window.natomap.maps[0].map.getContainer()")
    assert focused
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    page.keyboard.press("ArrowRight")
    after = film.dates[film.dates.index(dt.date(1999, 3, 12)) + 1]
    assert page.evaluate(f"{M}.current()") == _iso(after)
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(f"{M}.current()") == "1999-03-12"
    # Up and down go from country to country; the reader hears its name and status.
    page.keyboard.press("ArrowDown")
    first = page.locator(".natomap .nm-live").text_content()
    shown = page.evaluate(f"{M}.view.shownByName().map(i => {M}.data.shapes[i].name)")
    assert first.startswith(shown[0] + ".")
    page.keyboard.press("ArrowDown")
    second = page.locator(".natomap .nm-live").text_content()
    assert second.startswith(shown[1] + ".")
    # The first country's tooltip fades out (Leaflet removes it after 200 ms).
    wait_until(page, "document.querySelectorAll('.natomap .leaflet-tooltip').length === 1")
    assert shown[1] in page.locator(".natomap .leaflet-tooltip").text_content()
    assert page.evaluate("document.querySelectorAll('path.nm-pointed').length") == 1
    zoom = page.evaluate(f"{M}.map.getZoom()")
    page.keyboard.press("+")
    assert page.evaluate(f"{M}.map.getZoom()") == zoom + 1
    assert page.console_errors == [] and page.blocked == []


def test_the_legend_and_links_stay_readable_to_screen_readers(open_page, page_path):
    page = _open(open_page(), page_path.as_uri())
    roles = page.evaluate(
        "Array.from(document.querySelectorAll('.natomap [role=application]')).length"
    )
    assert roles == 0  # an application role would hide the legend from browse mode
    live = page.evaluate("document.querySelectorAll('.natomap [aria-live]').length")
    assert live == 1  # each frame's sentence is announced once, by one region


# --- the address ---------------------------------------------------------------------------


def test_the_address_follows_the_map(open_page, page_path, film):
    page = _open(open_page(), page_path.as_uri())
    page.locator(".natomap .nm-next").click()
    assert page.evaluate("location.hash") == "#" + _iso(film.dates[1])
    page.locator(".natomap .nm-slider").fill("10")
    assert page.evaluate("location.hash") == "#" + _iso(film.dates[10])
    # Playing leaves the address alone until the film stops: at the end, or on pause.
    page.evaluate(f"{M}.goTo('{_iso(film.dates[-3])}'); {M}.play()")
    assert page.evaluate("location.hash") == "#" + _iso(film.dates[-3])
    wait_until(page, f"!{M}.playing()", timeout=10_000)
    assert page.evaluate("location.hash") == "#" + _iso(film.dates[-1])
    page.evaluate(f"{M}.goTo(0); {M}.play()")
    wait_until(page, f"{M}.current() !== '{_iso(film.dates[0])}'", timeout=10_000)
    page.locator(".natomap .nm-play").click()
    assert page.evaluate("location.hash") == "#" + page.evaluate(f"{M}.current()")
    # A reload of the address opens the same frame.
    page.reload()
    wait_until(page, "window.natomap && window.natomap.maps.length === 1")
    assert "#" + page.evaluate(f"{M}.current()") == page.evaluate("location.hash")


@pytest.mark.parametrize(
    "hash_, period_end",
    [("2004", dt.date(2004, 12, 31)), ("2004-03", dt.date(2004, 3, 31)), ("1990-10", None)],
)
def test_a_year_or_a_month_opens_the_map_at_its_end(open_page, page_path, film, hash_, period_end):
    page = _open(open_page(), f"{page_path.as_uri()}#{hash_}")
    expected = _frame_at(film, period_end or end_of_period(hash_))
    assert page.evaluate(f"{M}.current()") == expected
    assert page.console_errors == []


@pytest.mark.parametrize("hash_", ["2004-13", "abc", "%E0%A4%A", "1900", "2004-02-30"])
def test_a_bad_address_is_ignored(open_page, page_path, film, hash_):
    page = _open(open_page(), f"{page_path.as_uri()}#{hash_}")
    assert page.evaluate(f"{M}.current()") == _iso(film.dates[0])
    assert page.console_errors == []


def test_the_author_chooses_the_opening_frame(open_page, dated_path):
    text = dated_path.read_text(encoding="utf-8")
    assert 'data-natomap-date="2004-03-29"' in text
    page = _open(open_page(), dated_path.as_uri())
    assert page.evaluate(f"{M}.current()") == "2004-03-29"
    # The reader's address wins over the author's choice.
    page = _open(open_page(), dated_path.as_uri() + "#1955-05-14")
    assert page.evaluate(f"{M}.current()") == "1955-05-14"
    # An embed that loses the hash (pandoc inlines the frame as a data: URL) still opens there.
    host = dated_path.parent / "pandoc-like.html"
    host.write_text(
        "<!DOCTYPE html><title>report</title><iframe title='map' width='600' height='400' "
        f'srcdoc="{_attr(text)}"></iframe>',
        encoding="utf-8",
    )
    page = open_page()
    page.goto(host.as_uri())
    inner = _inner_frame(page)
    wait_until(inner, "window.natomap && window.natomap.maps.length === 1")
    assert inner.evaluate(f"{M}.current()") == "2004-03-29"


def _inner_frame(page):
    """The page's iframe (another origin to the host when both are files: reached through
    Playwright, not the host's DOM)."""
    for _ in range(400):
        if len(page.frames) > 1:
            return page.frames[1]
        page.wait_for_timeout(25)
    raise TimeoutError("the host page shows no iframe")


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


def test_opening_dates_are_checked_in_python_and_on_the_command_line(film, tmp_path):
    assert opening_frame(film, "2004") == max(d for d in film.dates if d.year <= 2004)
    assert opening_frame(film, "2004-02") == max(d for d in film.dates if d <= dt.date(2004, 2, 29))
    assert opening_frame(film, "2004-03-29") == dt.date(2004, 3, 29)
    assert end_of_period("2004-02") == dt.date(2004, 2, 29)
    assert end_of_period("1900") == dt.date(1900, 12, 31)
    for bad in ("2004-13", "04", "2004-02-30", "soon"):
        with pytest.raises(DateError, match="is not a date"):
            end_of_period(bad)
    with pytest.raises(DateError, match="before"):
        opening_frame(film, "1930")
    result = CliRunner().invoke(main, ["build", "--date", "2004-13", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "2004-13" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()
    m = animated_map(date="2022")
    assert f'data-natomap-date="{opening_frame(film, "2022").isoformat()}"' in m.html


# --- downloads, data, share ------------------------------------------------------------------


def _download(page, kind: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(f".natomap [data-export={kind}]").click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _hex(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def test_downloads_carry_the_frame_on_screen(open_page, page_path, film):
    day = "2004-03-29"
    page = _open(open_page(), f"{page_path.as_uri()}#{day}")
    page.locator(".natomap .nm-foot .nm-open", has_text="Share").click()
    frame = film.frame(day)
    fills = {c.key: c.fill for c in categories(film)}
    poland = frame.territories.set_index("code").loc["POL"]

    name, png = _download(page, "png")
    assert name == f"nato-expansion-{day}.png"
    image = Image.open(io.BytesIO(png)).convert("RGB")
    layout = page.evaluate(
        """([lat, lon]) => { const m = window.natomap.maps[0];
            const d = window.natomap.exporter.svgDocument(m);
            const p = m.map.latLngToContainerPoint([lat, lon]);
            return {x: d.mapX + p.x, y: d.mapY + p.y, width: d.width, height: d.height}; }""",
        list(WARSAW),
    )
    assert image.size == (layout["width"] * 2, layout["height"] * 2)
    pixel = image.getpixel((round(layout["x"] * 2), round(layout["y"] * 2)))
    assert _hex(pixel) == fills[poland.category].upper()

    name, svg = _download(page, "svg")
    assert name == f"nato-expansion-{day}.svg"
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "29 March 2004" in texts and frame.story.title.split()[0] in texts
    assert all(c.label.split()[0] in texts for c in categories(film))  # the legend
    assert "Natural Earth" in texts  # the credit
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 50

    name, data = _download(page, "csv")
    assert name == f"nato-expansion-{day}.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    shown = page.evaluate(f"{M}.data.frames[{M}.controller.current].shown.length")
    assert len(rows) == shown
    by_code = {r["code"]: r for r in rows}
    assert by_code["POL"]["status"] == "member (NATO)"
    assert by_code["POL"]["since"] == "1999-03-12" and "nato.int" in by_code["POL"]["source"]
    assert by_code["EST"]["since"] == day
    assert {r["date"] for r in rows} == {day}
    assert all(r["source"].startswith("http") for r in rows if r["status"])
    assert by_code["CHN"]["status"] == "" and by_code["CHN"]["source"] == ""

    name, data = _download(page, "timeline")
    assert name == "nato-expansion-timeline.csv"
    timeline = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [r["date"] for r in timeline] == [_iso(d) for d in film.dates]
    assert all(r["sources"].startswith("http") for r in timeline)
    assert page.locator(".natomap .nm-status").text_content() == f"Downloaded {name}."
    assert page.console_errors == [] and page.blocked == []


def test_copy_link_and_embed_code(open_page, page_path):
    page = _open(open_page(), f"{page_path.as_uri()}#2009-04-01")
    # What reaches the clipboard, caught where the page hands it over.
    page.evaluate(
        """() => { window.copied = [];
            navigator.clipboard.writeText = t => {
                window.copied.push(t); return Promise.resolve(); }; }"""
    )
    page.locator(".natomap .nm-foot .nm-open", has_text="Share").click()
    page.locator(".natomap [data-export=link]").click()
    wait_until(page, "window.copied.length === 1")
    assert page.evaluate("window.copied[0]") == page_path.as_uri() + "#2009-04-01"
    assert page.locator(".natomap .nm-status").text_content() == "Copied to the clipboard."
    page.locator(".natomap [data-export=embed]").click()
    wait_until(page, "window.copied.length === 2")
    code = page.evaluate("window.copied[1]")
    assert code == page.locator(".natomap .nm-embed").input_value()
    assert re.search(r'<iframe src="[^"]+#2009-04-01" title="NATO\'s enlargement', code)
    assert "<script>" in code and "natomap:height" in code


def test_the_table_view_lists_the_frame(open_page, page_path, film):
    page = _open(open_page(), f"{page_path.as_uri()}#1999-03-12")
    page.locator(".natomap .nm-foot .nm-open", has_text="Table").click()
    table = page.locator(".natomap .nm-table table")
    assert table.is_visible()
    assert "12 March 1999" in table.locator("caption").text_content()
    row = table.locator("tbody tr", has_text="Hungary").first
    assert "member (NATO)" in row.text_content() and "1999-03-12" in row.text_content()
    count = table.locator("tbody tr").count()
    assert count == page.evaluate(f"{M}.data.frames[{M}.controller.current].shown.length")
    # The table follows the film while it is open.
    page.evaluate(f"{M}.goTo('2004-03-29')")
    assert "29 March 2004" in table.locator("caption").text_content()
    row = table.locator("tbody tr", has_text="Slovakia").first
    assert "member (NATO)" in row.text_content()
    page.keyboard.press("Escape")
    assert not table.is_visible()


# --- layouts -------------------------------------------------------------------------------

PARTS = (".nm-head", ".nm-map", ".nm-bar", ".nm-caption", ".nm-foot")


def _layout(target) -> dict:
    return target.evaluate(
        """(parts) => {
            const box = document.querySelector('.natomap').getBoundingClientRect();
            const out = {width: innerWidth, height: innerHeight, parts: {}, small: [], targets: []};
            for (const s of parts) {
                const r = document.querySelector('.natomap ' + s).getBoundingClientRect();
                out.parts[s] = {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                                height: r.height};
            }
            const walker = document.createTreeWalker(document.querySelector('.natomap'),
                NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const n = walker.currentNode, e = n.parentElement;
                if (!n.textContent.trim() || !e.checkVisibility()) continue;
                if (e.closest('.nm-vh, [hidden], .leaflet-control-attribution')) continue;
                const size = parseFloat(getComputedStyle(e).fontSize);
                if (size < 12) out.small.push([n.textContent.trim().slice(0, 30), size]);
            }
            for (const b of document.querySelectorAll('.natomap button, .natomap input')) {
                if (!b.checkVisibility()) continue;
                const r = b.getBoundingClientRect();
                out.targets.push([b.className || b.type, r.width, r.height]);
            }
            out.caption = document.querySelector('.natomap .nm-what').getBoundingClientRect();
            return out;
        }""",
        list(PARTS),
    )


def _check_layout(layout: dict, touch: bool = False) -> None:
    parts = layout["parts"]
    for s in PARTS:
        assert parts[s]["height"] > 0, s
        assert parts[s]["bottom"] <= layout["height"] + 0.5, (s, parts[s], layout["height"])
        assert parts[s]["right"] <= layout["width"] + 0.5, s
    for upper, lower in zip(PARTS, PARTS[1:], strict=False):
        assert parts[upper]["bottom"] <= parts[lower]["top"] + 0.5, (upper, lower, parts)
    assert parts[".nm-map"]["height"] >= 100
    caption = layout["caption"]
    assert caption["height"] > 0 and caption["bottom"] <= parts[".nm-caption"]["bottom"] + 0.5
    assert layout["small"] == [], layout["small"]
    if touch:
        small = [t for t in layout["targets"] if min(t[1], t[2]) < 44]
        assert small == [], small


@pytest.mark.parametrize(("width", "height"), [(600, 400), (400, 300)])
def test_the_embed_code_renders_in_a_host_page(open_page, page_path, width, height):
    page = _open(open_page(), f"{page_path.as_uri()}#2014-03-18")
    code = page.evaluate(f"{M}.embedCode()")
    host = page_path.parent / f"host-{width}x{height}.html"
    # The host's column and a fixed height, as an editor sets them.
    fixed = code.replace('height="640"', f'height="{height}"').replace(
        "width:100%;", f"width:{width}px;height:{height}px;"
    )
    fixed = re.sub(r"<script>.*</script>", "", fixed, flags=re.S)
    host.write_text(
        f"<!DOCTYPE html><html lang='en'><title>Report</title><main><h1>Report</h1>{fixed}"
        "</main></html>",
        encoding="utf-8",
    )
    outer = open_page(1000, 900)
    outer.goto(host.as_uri())
    inner = _inner_frame(outer)
    wait_until(inner, "window.natomap.maps.length === 1")
    assert inner.evaluate(f"{M}.current()") == "2014-03-18"
    assert outer.evaluate("document.querySelector('iframe').title").startswith("NATO's")
    layout = _layout(inner)
    assert (layout["width"], layout["height"]) == (width, height)
    _check_layout(layout)
    # Opening the legend, or a panel, keeps everything inside the frame.
    inner.locator(".nm-legend-button").click()
    legend = inner.evaluate(
        "(() => { const r = document.querySelector('.nm-legend').getBoundingClientRect();"
        " const m = document.querySelector('.nm-map').getBoundingClientRect();"
        " return [r.bottom <= m.bottom + 0.5, r.top >= m.top - 0.5]; })()"
    )
    assert legend == [True, True]
    inner.locator(".nm-foot .nm-open", has_text="Sources").click()
    panel = inner.evaluate(
        "(() => { const r = document.querySelector('.nm-sources').getBoundingClientRect();"
        " const f = document.querySelector('.nm-foot').getBoundingClientRect();"
        " return [r.top >= 0, r.bottom <= f.top + 0.5, r.height > 60]; })()"
    )
    assert panel == [True, True, True]
    assert _layout(inner)["parts"][".nm-map"]["height"] == layout["parts"][".nm-map"]["height"]
    findings = audit(inner)
    assert findings == [], findings
    assert outer.console_errors == [] and outer.blocked == []


def test_the_embed_script_sizes_the_frame_to_its_content(open_page, page_path):
    page = _open(open_page(), page_path.as_uri())
    code = page.evaluate(f"{M}.embedCode()")
    host = page_path.parent / "host-auto.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><title>Report</title><div style='width:500px'>"
        f"{code}</div></html>",
        encoding="utf-8",
    )
    outer = open_page(900, 1200)
    outer.goto(host.as_uri())
    wait_until(outer, "document.querySelector('iframe').style.height !== ''")
    height = outer.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    # The map at a readable shape for 500 px (310 px) plus the title, controls and caption.
    assert 420 < height < 700, height


def test_a_phone(open_page, page_path, film):
    page = _open(open_page(320, 640, touch=True), f"{page_path.as_uri()}#2022-09-30")
    layout = _layout(page)
    _check_layout(layout, touch=True)
    findings = audit(page)
    assert findings == [], findings


def test_the_slider_keeps_its_length(open_page, page_path, film):
    page = _open(open_page(900, 650), page_path.as_uri())
    widths = set()
    for day in film.dates[::7]:
        page.evaluate(f"{M}.goTo('{day}')")
        widths.add(
            page.evaluate("document.querySelector('.nm-slider').getBoundingClientRect().width")
        )
    assert len(widths) == 1, widths


def test_desktop_audit_with_every_panel(open_page, page_path):
    page = _open(open_page(), f"{page_path.as_uri()}#2024-03-07")
    assert audit(page) == []
    for name in ("Sources", "Table", "Share"):
        page.locator(".natomap .nm-foot .nm-open", has_text=name).click()
        findings = audit(page)
        assert findings == [], (name, findings)


# --- print, dark mode, motion ------------------------------------------------------------------


def test_print_shows_the_legend_in_colour_and_no_controls(open_page, page_path, film):
    page = _open(open_page(900, 1200), f"{page_path.as_uri()}#1982-05-30")
    page.evaluate("document.querySelector('.nm-legend-body').hidden = true")  # closed on screen
    page.emulate_media(media="print")
    visible = page.evaluate(
        """() => ({legend: document.querySelector('.nm-legend-body').checkVisibility(),
                   bar: document.querySelector('.nm-bar').checkVisibility(),
                   sources: document.querySelector('.nm-sources').checkVisibility(),
                   caption: document.querySelector('.nm-what').checkVisibility()})"""
    )
    assert visible == {"legend": True, "bar": False, "sources": True, "caption": True}
    swatches = page.evaluate(
        "Array.from(document.querySelectorAll('.nm-legend-body .nm-swatch rect'))"
        ".map(r => r.getAttribute('fill'))"
    )
    for c in categories(film):
        if not c.hatch:
            assert c.fill in swatches, c
    # What the printer gets: the swatches' pixels, not empty squares.
    box = page.locator(".nm-legend-body .nm-swatch").first.bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    centre = shot.getpixel((shot.width // 2, shot.height // 2))
    assert _hex(centre) == categories(film)[0].fill.upper()
    assert page.console_errors == []


def test_dark_mode_and_reduced_motion(open_page, page_path):
    page = _open(open_page(dark=True, reduced_motion=True), page_path.as_uri())
    colours = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.natomap'));"
        " return [s.backgroundColor, s.color]; })()"
    )
    background = [int(v) for v in re.findall(r"\d+", colours[0])[:3]]
    text = [int(v) for v in re.findall(r"\d+", colours[1])[:3]]
    assert sum(background) < 150 and sum(text) > 600, colours
    options = page.evaluate(
        f"(() => {{ const o = {M}.map.options; return [o.zoomAnimation, o.fadeAnimation]; }})()"
    )
    assert options == [False, False]
    assert audit(page) == []


# --- languages -------------------------------------------------------------------------------


def test_every_word_of_the_bundled_maps_is_translated():
    from natomap.render.html import render_page
    from natomap.words import LANGUAGES, MISSING

    MISSING.clear()
    for lang in LANGUAGES:
        render_page(Film.of(), lang=lang)
        render_page(Film.of(view="de-facto"), lang=lang)
        render_page(Film.of("warsaw-pact"), lang=lang)
        render_page(Film.of("csto"), lang=lang)
    assert sorted(MISSING) == []


def test_a_german_page(open_page, film, tmp_path):
    (path,) = write_html(film, tmp_path, lang="de")
    text = path.read_text(encoding="utf-8")
    assert '<html lang="de">' in text and 'lang="de"' in text
    page = _open(open_page(), f"{path.as_uri()}#2024-03-07")
    assert page.locator(".natomap .nm-when").text_content() == "7. März 2024"
    assert page.locator(".natomap .nm-legend-button").text_content() == "Legende"
    assert page.locator(".natomap .nm-play").get_attribute("aria-label") == "Abspielen"
    # Numbers grouped the German way; captions in English, and marked so.
    assert "2.626 km" in page.locator(".natomap .nm-km").text_content()
    assert page.locator(".natomap .nm-what").get_attribute("lang") == "en"
    assert "Englisch" in page.locator(".natomap .nm-lang-note").text_content()
    # The tooltip names the country as German readers do.
    point = page.evaluate(
        """([lat, lon]) => { const m = window.natomap.maps[0];
            const p = m.map.latLngToContainerPoint([lat, lon]);
            const r = m.map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
        [50.94, 6.96],  # Cologne
    )
    page.mouse.move(*point)
    wait_until(page, "document.querySelectorAll('.natomap .leaflet-tooltip').length === 1")
    tip = page.locator(".natomap .leaflet-tooltip").text_content()
    assert "Deutschland" in tip and "NATO-Mitglied seit 6. Mai 1955" in tip
    assert page.console_errors == [] and page.blocked == []


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("fr", "7 mars 2024"),
        ("ja", "2024年3月7日"),
        ("uk", "7 березня 2024\u202fр."),  # CLDR puts a narrow no-break space before р.
        ("en", "7 March 2024"),
    ],
)
def test_dates_follow_the_language(lang, label):
    from natomap.words import words

    assert words(lang).date(dt.date(2024, 3, 7)) == label


def test_an_unknown_language_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["build", "--lang", "xx", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "'xx'" in result.output and "de" in result.output
    with pytest.raises(Exception, match="does not write 'xx'"):
        animated_map(lang="xx")


def test_frames_stored_as_changes_come_back_whole(open_page, page_path, film):
    from natomap.render.mapdata import map_data

    text = page_path.read_text(encoding="utf-8")
    assert text.count('"drop":') == len(film.dates) - 1  # every frame after the first
    page = _open(open_page(), page_path.as_uri())
    shown = page.evaluate(f"{M}.data.frames.map(f => f.shown)")
    assert shown == [f["shown"] for f in map_data(film)["frames"]]


def test_captions_in_the_pages_language_where_the_events_table_has_it(tmp_path, open_page):
    import shutil

    from natomap.geodata import Geodata

    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    events = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    header, rows = events[0], events[1:]
    # Sweden's accession, captioned in German too.
    out = [header + ",title_de,description_de"]
    for row in rows:
        german = ',"Schweden tritt der NATO bei","Schweden wird das 32. Mitglied."'
        out.append(row + (german if row.startswith("2024-03-07,") else ",,"))
    (folder / "events.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    geodata = Geodata(folder)
    geodata.accept()
    (path,) = write_html(Film.of(geodata=geodata), tmp_path, lang="de")
    page = _open(open_page(), f"{path.as_uri()}#2024-03-07")
    what = page.locator(".natomap .nm-what")
    assert what.text_content() == "Schweden tritt der NATO bei"
    assert what.get_attribute("lang") is None
    assert page.locator(".natomap .nm-desc").text_content() == "Schweden wird das 32. Mitglied."
    page.evaluate(f"{M}.goTo('2023-04-04')")
    assert what.get_attribute("lang") == "en" and "Finland" in what.text_content()
    assert page.locator(".natomap .nm-lang-note").count() == 1  # other captions are English
