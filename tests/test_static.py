"""Static maps, small multiples and the GIF: colours read back from the pixels, files that open,
deterministic bytes, type that stays readable at column width, one size for every still of a
film, another organisation's stills wholly its own, and command-line errors that leave
nothing behind."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.colors import to_rgb
from PIL import Image
from pyproj import Transformer

matplotlib.use("Agg")

import natomap  # noqa: E402
from natomap.cli import main  # noqa: E402
from natomap.film import frames  # noqa: E402
from natomap.outputs import Outputs  # noqa: E402
from natomap.render import style  # noqa: E402
from natomap.render.animation import LAST_FRAME_MS, animate  # noqa: E402
from natomap.render.batch import write_static  # noqa: E402
from natomap.render.export import parse_size, save_figure  # noqa: E402
from natomap.render.static import (  # noqa: E402
    StillCanvas,
    film_canvas,
    map_figure,
    panels_figure,
    static_map,
)
from natomap.render.style import categories  # noqa: E402
from natomap.usertable import read_table  # noqa: E402

FILL = {c.key: tuple(round(255 * v) for v in to_rgb(c.fill)) for c in categories(natomap.Film.of())}
HATCH = {c.key for c in categories(natomap.Film.of()) if c.hatch}
# City centres (lon, lat): where to read the colour.
# Tampere, not Helsinki: Helsinki is on the coast, which at 8 inches is a pixel from the sea.
WARSAW, TAMPERE, SIMFEROPOL = (21.01, 52.23), (23.76, 61.50), (34.10, 44.95)


def _render(date: str, tmp_path: Path, **kwargs) -> tuple[np.ndarray, matplotlib.figure.Figure]:
    fig = map_figure(date, width=8, dpi=100, **kwargs)
    path = save_figure(fig, tmp_path / f"{date}.png")
    return np.asarray(Image.open(path).convert("RGB")), fig


def _pixels_around(image: np.ndarray, fig, lon: float, lat: float, radius: int = 4) -> Counter:
    """The colours in a small square around a place, found by projecting it into the map's
    CRS and through the axes' transform to figure pixels (PNG rows run top-down)."""
    ax = fig.axes[0]
    x, y = Transformer.from_crs("EPSG:4326", ax.natomap_crs, always_xy=True).transform(lon, lat)
    px, py = ax.transData.transform((x, y))
    col, row = round(px), round(image.shape[0] - py)
    assert radius <= col < image.shape[1] - radius and radius <= row < image.shape[0] - radius
    patch = image[row - radius : row + radius + 1, col - radius : col + radius + 1]
    return Counter(map(tuple, patch.reshape(-1, 3).tolist()))


def _majority(image: np.ndarray, fig, place: tuple[float, float]) -> tuple[int, ...]:
    return _pixels_around(image, fig, *place).most_common(1)[0][0]


def _close(colour: tuple[int, ...], key: str) -> bool:
    return max(abs(a - b) for a, b in zip(colour, FILL[key], strict=True)) <= 3


def test_warsaw_goes_from_warsaw_pact_to_nato(tmp_path):
    image, fig = _render("1990-10-03", tmp_path)
    assert _close(_majority(image, fig, WARSAW), "warsaw-pact")
    image, fig = _render("1999-03-12", tmp_path)
    assert _close(_majority(image, fig, WARSAW), "post-cold-war")


def test_finland_changes_colour_when_it_joins(tmp_path):
    before, fig_before = _render("2023-04-03", tmp_path)
    after, fig_after = _render("2023-04-04", tmp_path)
    colour_before = _majority(before, fig_before, TAMPERE)
    colour_after = _majority(after, fig_after, TAMPERE)
    assert colour_before != colour_after
    assert _close(colour_after, "nordic")
    assert not any(_close(colour_before, key) for key in ("nordic", "founding", "post-cold-war"))


def test_simferopol_is_held_and_hatched_from_the_annexation(tmp_path):
    (key,) = HATCH
    hatch_rgb = tuple(round(255 * v) for v in to_rgb(style.HATCH))
    before, fig_before = _render("2014-02-26", tmp_path)
    after, fig_after = _render("2014-02-27", tmp_path)
    assert not _close(_majority(before, fig_before, SIMFEROPOL), key)
    assert _close(_majority(after, fig_after, SIMFEROPOL), key)
    # The hatch is drawn: its dark strokes appear among the fill around the city.
    around = _pixels_around(after, fig_after, *SIMFEROPOL, radius=8)
    darkish = sum(n for c, n in around.items() if sum(c) < sum(FILL[key]) - 150)
    assert darkish > 0 and hatch_rgb not in _pixels_around(before, fig_before, *SIMFEROPOL)


def test_the_two_germanys_get_their_own_colours(tmp_path):
    image, fig = _render("1961-08-13", tmp_path)
    bonn, leipzig = (7.10, 50.73), (12.37, 51.34)
    assert _close(_majority(image, fig, bonn), "cold-war")
    assert _close(_majority(image, fig, leipzig), "warsaw-pact")


def test_svg_is_xml_with_text_legend(tmp_path):
    path = save_figure(map_figure("2004-03-29"), tmp_path / "m.svg")
    root = ET.parse(path).getroot()
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for label in ("Post-Cold War accessions (1999–2020)", "NATO–Russia land border"):
        assert label in texts
    assert "29 March 2004" in texts


def test_pdf_has_one_page(tmp_path):
    from pypdf import PdfReader

    path = save_figure(map_figure("2004-03-29"), tmp_path / "m.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    assert "2004" in reader.pages[0].extract_text()


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_two_renders_are_identical_bytes(tmp_path, suffix):
    a = save_figure(map_figure("2014-03-18"), tmp_path / f"a.{suffix}").read_bytes()
    b = save_figure(map_figure("2014-03-18"), tmp_path / f"b.{suffix}").read_bytes()
    assert a == b
    assert b"Software" not in a and b"CreationDate" not in a


def test_static_map_draws_on_the_callers_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert static_map("1952-02-18", right, region="world") is right
    assert right.collections and not left.collections
    assert right.natomap_crs == "EPSG:8857"


def test_panels_share_one_legend(tmp_path):
    fig = panels_figure(["1949-08-24", "1990-10-03", "2024-03-07"], ncols=2)
    assert len(fig.legends) == 1
    assert len([ax for ax in fig.axes if ax.collections]) == 3
    path = save_figure(fig, tmp_path / "p.png")
    assert Image.open(path).size[0] == round(fig.get_figwidth() * fig.dpi)


def test_sizes_parse_inches_pixels_and_centimetres():
    assert parse_size("8in", 150) == 8
    assert parse_size("1600px", 200) == 8
    assert parse_size("2.54cm", 100) == pytest.approx(1)
    for bad in ("8 furlongs", "-3in", "0px", "1e9px"):
        with pytest.raises(ValueError, match="--width"):
            parse_size(bad, 150)


@pytest.fixture(scope="module")
def gif(nato_build) -> Path:
    return nato_build.out / "nato-expansion.gif"


def test_gif_has_one_frame_per_timeline_frame(gif):
    image = Image.open(gif)
    assert image.n_frames == len(frames())
    image.seek(0)
    first = np.asarray(image.convert("RGB"))
    durations = [image.info["duration"]]
    for i in range(1, image.n_frames):
        image.seek(i)
        durations.append(image.info["duration"])
    last = np.asarray(image.convert("RGB"))
    assert (first != last).any()
    assert durations[-1] == LAST_FRAME_MS > max(durations[:-1])


def test_gif_frames_use_the_category_colours(gif):
    image = Image.open(gif)
    image.seek(image.n_frames - 1)
    colours = {c for _, c in image.convert("RGB").getcolors(1 << 16)}
    for key in ("founding", "nordic", "russia", "held"):
        assert FILL[key] in colours


def test_build_writes_maps_panels_and_gif(nato_build):
    out = nato_build.out
    names = sorted(str(p.relative_to(out)) for p in nato_build.written)
    static = [n for n in names if n.startswith("maps/") or n.endswith((".gif", "panels.png"))]
    days = [d.isoformat() for d in frames()]
    stills = sorted(f"maps/{d}.{ext}" for d in days for ext in ("png", "svg"))
    assert static == [*stills, "nato-expansion.gif", "panels.png"]
    assert {"nato-expansion.html", "stats.csv", "stats.png"} <= set(names)
    # Every still of a build has one size, so a slideshow of them does not jump.
    sizes = {Image.open(out / s).size for s in stills if s.endswith(".png")}
    assert len(sizes) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["map", "--date", "2004-03-29", "-o", "{dir}/m.jpg"], "unknown file suffix"),
        (["map", "--date", "2004-03-29", "-o", "{dir}/m.png", "--format", "tiff"], "format"),
        (["map", "--date", "1930-01-01", "-o", "{dir}/m.png"], "before"),
        (["map", "--date", "1949-06-01", "-o", "{dir}/m.png"], "first map"),
        (["map", "--date", "2999-01-01", "-o", "{dir}/m.png"], "future"),
        (["map", "--date", "2004-03-29", "-o", "{dir}/missing/m.png"], "does not exist"),
        (["map", "--date", "2004-03-29", "-o", "{dir}/m.png", "--width", "wide"], "--width"),
        (["panels", "--dates", "2004-03-29,1066-10-14", "-o", "{dir}/p.png"], "before"),
        (["animate", "-o", "{dir}/a.png"], "gif"),
    ],
)
def test_bad_options_exit_2_and_leave_no_file(tmp_path, args, message):
    result = CliRunner().invoke(main, [a.format(dir=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_map_command_writes_the_file(tmp_path):
    out = tmp_path / "nato-2004.svg"
    result = CliRunner().invoke(main, ["map", "--date", "2004-03-29", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["nato-2004.svg"]


def test_png_size_follows_width_and_dpi(tmp_path):
    out = tmp_path / "m.png"
    args = ["map", "--date", "2004-03-29", "-o", str(out), "--width", "1200px", "--dpi", "120"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert Image.open(io.BytesIO(out.read_bytes())).size[0] == 1200


# --- type in points, a layout that gives way -------------------------------------------------


def _texts(fig) -> dict[str, list]:
    """The figure's Text artists by role: title and caption (the figure's texts above the
    map), credits (below it), legend entries."""
    ax = fig.axes[0]
    top = ax.get_position().y1
    above = [t for t in fig.texts if t.get_position()[1] > top and t.get_text()]
    below = [t for t in fig.texts if t.get_position()[1] < top and t.get_text()]
    legend = [t for lg in fig.legends for t in lg.get_texts()]
    return {"title": above[:1], "subtitle": above[1:], "credits": below, "legend": legend}


def _extents(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # places the legend's entries
    return canvas.get_renderer(), fig.bbox


@pytest.mark.parametrize("width_cm", [8, 16, 25.4])
def test_type_is_readable_and_nothing_is_cut_at_any_width(width_cm):
    fig = map_figure("2022-09-30", width=width_cm / 2.54, forces=True)
    assert fig.get_figwidth() * 2.54 == pytest.approx(width_cm)
    texts = _texts(fig)
    sizes = {role: [t.get_fontsize() for t in items] for role, items in texts.items()}
    assert all(sizes.values()), sizes  # every role is there
    assert min(sizes["legend"]) >= 6.5 and min(sizes["credits"]) >= 6
    assert min(sizes["title"]) > max(sizes["subtitle"]) > max(sizes["credits"])
    assert min(sizes["title"]) >= 9.5
    # Nothing runs off the figure, and the bands keep off the map and each other.
    renderer, page = _extents(fig)
    box = {role: [t.get_window_extent(renderer) for t in items] for role, items in texts.items()}
    legend = fig.legends[0].get_window_extent(renderer)
    axes = fig.axes[0].get_window_extent(renderer)
    for extent in [legend, *(b for boxes in box.values() for b in boxes)]:
        assert page.x0 - 0.5 <= extent.x0 and extent.x1 <= page.x1 + 0.5, extent
        assert page.y0 - 0.5 <= extent.y0 and extent.y1 <= page.y1 + 0.5, extent
    assert min(b.y0 for b in box["title"] + box["subtitle"]) >= axes.y1
    assert legend.y1 <= axes.y0 and max(b.y1 for b in box["credits"]) <= legend.y0


def test_a_column_wide_map_gives_way_with_fewer_columns_and_shorter_credits():
    narrow, wide = map_figure("2022-09-30", width=8 / 2.54), map_figure("2022-09-30")
    assert narrow.legends[0]._ncols < wide.legends[0]._ncols
    credits = {f: " ".join(t.get_text() for t in _texts(f)["credits"]) for f in (narrow, wide)}
    assert len(credits[narrow]) < len(credits[wide])
    assert "(public domain)" in credits[wide] and "(public domain)" not in credits[narrow]
    # The type is in points: the 8 cm map's legend is as large as at 16 cm, not half of it.
    mid = map_figure("2022-09-30", width=16 / 2.54)
    assert _texts(narrow)["legend"][0].get_fontsize() == _texts(mid)["legend"][0].get_fontsize()


def test_height_alone_sets_the_size_and_too_little_is_refused():
    fig = map_figure("2004-03-29", height=6)
    assert fig.get_figheight() == pytest.approx(6)
    ax = fig.axes[0].get_position()
    assert fig.get_figwidth() * ax.width == pytest.approx(
        fig.get_figheight() * ax.height / _europe_aspect(), rel=0.02
    )
    with pytest.raises(natomap.OptionError, match="--height"):
        map_figure("2004-03-29", width=8, height=1.5)


def _europe_aspect() -> float:
    from natomap.render.static import REGIONS

    return REGIONS["europe"].aspect


# --- bare maps ---------------------------------------------------------------------------------


def test_no_title_and_no_legend_leave_a_bare_map(tmp_path):
    bare = map_figure("2004-03-29", title=False, legend=False)
    assert bare.legends == []
    shown = [t.get_text() for t in bare.texts if t.get_text()]
    assert len(shown) == 1 and "Natural Earth" in shown[0]  # the credit line alone
    assert "29 March 2004" not in " ".join(shown)
    full = map_figure("2004-03-29")
    assert bare.get_figheight() < full.get_figheight()
    # The command line says the same.
    out = tmp_path / "bare.svg"
    args = ["map", "--date", "2004-03-29", "--no-title", "--no-legend", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    text = " ".join(ET.parse(out).getroot().itertext())
    assert "2004" not in text and "Founding members" not in text and "Natural Earth" in text
    both = CliRunner().invoke(main, [*args[:-2], "--title", "T", "-o", str(tmp_path / "b.svg")])
    assert both.exit_code == 2 and "--no-title" in both.output


def test_panels_without_title_or_legend(tmp_path):
    fig = panels_figure(["1949-08-24", "2024-03-07"], title=False, legend=False)
    assert fig.legends == []
    assert not any("NATO, " in t.get_text() for t in fig.texts)
    out = tmp_path / "p.svg"
    dates = "1949-08-24,2024-03-07"
    args = ["panels", "--dates", dates, "--no-title", "--no-legend", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    text = " ".join(ET.parse(out).getroot().itertext())
    assert "NATO, 1949–2024" not in text and "Founding members" not in text
    assert "24 August 1949" in text  # each panel keeps its date


def test_a_bare_film_canvas_has_no_title_or_legend():
    canvas = film_canvas(natomap.Film.of(), title=False, legend=False)
    fig = canvas.show(natomap.Film.of().frame("1999-03-12"))
    assert fig.legends == [] and not _texts(fig)["title"]


# --- one canvas, many frames -------------------------------------------------------------------


def test_a_frame_looks_the_same_whatever_was_shown_before():
    film = natomap.Film.of()
    a, b = film.frame("1955-05-06"), film.frame("2022-09-30")
    reused = StillCanvas(film, [a, b], all_categories=True)
    reused.show(a)
    reused.raster()
    reused.show(b)
    after_a = np.asarray(reused.raster())
    fresh = StillCanvas(film, [a, b], all_categories=True)
    fresh.show(b)
    assert (after_a == np.asarray(fresh.raster())).all()
    # The raster pastes back what stays and draws what changes: the same pixels as a full
    # draw of the figure.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    full = FigureCanvasAgg(fresh.figure)
    full.draw()
    assert (np.asarray(full.buffer_rgba())[..., :3] == after_a).all()


# --- one size for every still of a film; the GIF from the same drawings ------------------------


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first after the signature)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_every_still_of_the_nato_build_has_one_size(nato_build):
    sizes = {_png_size(p) for p in (nato_build.out / "maps").glob("*.png")}
    assert len(sizes) == 1 and len(list((nato_build.out / "maps").glob("*.png"))) > 90


def test_gif_frames_are_the_stills_scaled(nato_build, gif):
    (size,) = {_png_size(p) for p in (nato_build.out / "maps").glob("*.png")}
    image = Image.open(gif)
    assert image.n_frames == len(frames())
    expected = (800, round(size[1] * 800 / size[0]))
    for day in frames()[:: len(frames()) // 5]:
        image.seek(frames().index(day))
        frame = image.convert("RGB")
        assert frame.size == expected
        still = Image.open(nato_build.out / "maps" / f"{day}.png").resize(expected, Image.BOX)
        diff = np.abs(np.asarray(frame, int) - np.asarray(still, int))
        assert diff.mean() < 2, (day, diff.mean())  # only the palette's rounding


SRC = "https://european-union.europa.eu/principles-countries-history/country-profiles_en"
EU = (
    "country,joined,left,note,source\n"
    f"France,1958,,Founding member,{SRC}\n"
    f"Italy,1960,,,{SRC}\n"
    f"United Kingdom,1973,2020-02-01,Left after the 2016 referendum,{SRC}\n"
    f"Finland,1995,,,{SRC}\n"
)


@pytest.fixture(scope="module")
def eu(tmp_path_factory):
    """A user's table with one member at first, its film, and its stills, panels and GIF
    written as ``natomap build`` writes them."""
    from types import SimpleNamespace

    folder = tmp_path_factory.mktemp("eu")
    (folder / "eu.csv").write_text(EU, encoding="utf-8")
    film = natomap.Film.of("EU", memberships=read_table(folder / "eu.csv", "EU"))
    outputs = Outputs(folder / "out", film.organisation.stem)
    written = write_static(film, outputs)
    return SimpleNamespace(film=film, outputs=outputs, written=written, folder=folder)


def test_every_still_of_a_user_build_has_one_size(eu):
    pngs = list(eu.outputs.maps.glob("*.png"))
    assert len(pngs) == len(eu.film.dates) and len({_png_size(p) for p in pngs}) == 1


def test_the_users_stills_credit_the_users_sources(eu):
    for svg in eu.outputs.maps.glob("*.svg"):
        text = " ".join(ET.parse(svg).getroot().itertext())
        assert "european-union.europa.eu" in text, svg.name
        assert "NATO" not in text and "nato.int" not in text, svg.name
    # NATO's own stills cite natomap's sources, nato.int first among them.
    nato = " ".join(t.get_text() for t in _texts(map_figure("2004-03-29"))["credits"])
    assert "Facts: nato.int" in nato and "europa.eu" not in nato


def test_one_member_is_one_member(eu):
    first = " ".join(ET.parse(eu.outputs.still(eu.film.dates[0], "svg")).getroot().itertext())
    assert "EU on 1 January 1958: 1 member" in first and "1 members" not in first
    assert ": 2 members" in " ".join(
        ET.parse(eu.outputs.still(dt.date(1960, 1, 1), "svg")).getroot().itertext()
    )


def test_user_panel_title_years_are_the_html_pages(eu):
    from natomap.render.html import fragment

    _, page_title = fragment(eu.film)
    fig = panels_figure(film=eu.film)
    heading = next(t.get_text() for t in fig.texts if t.get_text().startswith("EU, "))
    years = re.findall(r"\b(1\d{3}|20\d{2})\b", heading)
    assert years and years == re.findall(r"\b(1\d{3}|20\d{2})\b", page_title)
    assert years[-1] == str(eu.film.dates[-1].year)


def test_gif_of_a_user_build_is_the_animate_commands(eu, tmp_path):
    built = eu.outputs.gif
    image = Image.open(built)
    assert image.n_frames == len(eu.film.dates)
    sizes = set()
    for i in range(image.n_frames):
        image.seek(i)
        sizes.add(image.convert("RGB").size)
    assert len(sizes) == 1
    again = animate(tmp_path / "a.gif", eu.film)
    assert again.read_bytes() == built.read_bytes()


# --- languages -------------------------------------------------------------------------------


def _svg_text(fig) -> str:
    import io as _io

    buffer = _io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def test_stills_speak_the_readers_language():
    from natomap.render.static import map_figure, panels_figure
    from natomap.words import LANGUAGES, MISSING

    film = natomap.Film.of()
    MISSING.clear()
    texts = {}
    for lang in LANGUAGES:
        fig = map_figure("2024-03-07", film=film, lang=lang, forces=True)
        texts[lang] = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    panels_figure(film=film, lang="uk")
    assert sorted(MISSING) == []
    assert "NATO am 7. März 2024: 32 Mitglieder" in texts["de"].replace("\xa0", " ")
    assert "Gründungsmitglieder (1949)" in texts["de"]
    assert "OTAN au 7 mars 2024 : 32 membres" in texts["fr"].replace("\xa0", " ")
    assert "2024年3月7日のNATO：加盟32か国" in texts["ja"]
    assert "NATO on 7 March 2024: 32 members" in texts["en"].replace("\xa0", " ")


@pytest.mark.parametrize(
    ("count", "text"), [(1, "1 член"), (2, "2 члена"), (5, "5 членов"), (21, "21 член")]
)
def test_counts_take_the_languages_plural(count, text):
    from natomap.words import words

    assert words("ru").count(count, "{count} member", "{count} members") == text


def test_japanese_stills_need_a_japanese_font(monkeypatch):
    from natomap.render import export
    from natomap.render.static import map_figure

    family = export.japanese_font()
    svg = _svg_text(map_figure("2024-03-07", lang="ja", width=6))
    assert family in svg and "2024年3月7日" in svg
    # A machine without one is told what to install, before anything is drawn.
    export.japanese_font.cache_clear()
    monkeypatch.setattr(export, "JAPANESE_FAMILIES", ("No Such Font",))
    with pytest.raises(natomap.OptionError, match="fonts-ipafont-gothic"):
        map_figure("2024-03-07", lang="ja")
    export.japanese_font.cache_clear()
