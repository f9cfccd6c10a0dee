"""Static maps, small multiples and the GIF: colours read back from the pixels, files that open,
deterministic bytes, and command-line errors that leave nothing behind."""

from __future__ import annotations

import io
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
from natomap.render import style  # noqa: E402
from natomap.render.animation import LAST_FRAME_MS  # noqa: E402
from natomap.render.export import parse_size, save_figure  # noqa: E402
from natomap.render.static import map_figure, panels_figure, static_map  # noqa: E402
from natomap.render.style import categories  # noqa: E402

FILL = {c.key: tuple(round(255 * v) for v in to_rgb(c.fill)) for c in categories(natomap.Film.of())}
HATCH = {c.key for c in categories(natomap.Film.of()) if c.hatch}
# City centres (lon, lat): where to read the colour.
WARSAW, HELSINKI, SIMFEROPOL = (21.01, 52.23), (24.94, 60.17), (34.10, 44.95)


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


def test_helsinki_changes_colour_when_finland_joins(tmp_path):
    before, fig_before = _render("2023-04-03", tmp_path)
    after, fig_after = _render("2023-04-04", tmp_path)
    colour_before = _majority(before, fig_before, HELSINKI)
    colour_after = _majority(after, fig_after, HELSINKI)
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
