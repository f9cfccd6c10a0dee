"""Any organisation from a user's table: every drawing command, safe pages, the same bytes.

The tables here are small but real (EU accession dates, the CSTO's Russia and Belarus); the
expected figures are facts about the world (Finland's area, the Belarus–Russia border), or
are computed by natomap's own independent functions, never copied from its output.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import natomap
from natomap.borders import shared_border
from natomap.cli import main
from natomap.film import Film
from natomap.measure import stats
from natomap.render.html import render_page
from natomap.render.style import YEAR_NOTE, categories
from natomap.usertable import read_table
from waiting import wait_until

# Run the package under test (this checkout's src/), not whichever copy is installed.
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
SRC = "https://european-union.europa.eu/principles-countries-history/country-profiles_en"
EU = (
    "country,joined,left,note,source\n"
    f"France,1958,,Founding member,{SRC}\n"
    f"Italy,1958,,,{SRC}\n"
    f"United Kingdom,1973,2020-02-01,Left after the 2016 referendum,{SRC}\n"
    f"Finland,1995,,,{SRC}\n"
    f"Poland,2004-05-01,,,{SRC}\n"
)
EVIL = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script><!--"


def _table(tmp_path: Path, text: str, name: str = "eu.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _build(out: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "natomap", "build", "--out", str(out), "--quiet", *args],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def eu_builds(tmp_path_factory) -> Path:
    """The user table built once by the command, in a process of its own (drawing on worker
    processes). Byte-identical builds are tested once, on NATO's map (test_structure)."""
    folder = tmp_path_factory.mktemp("eu")
    table = _table(folder, EU)
    _build(folder / "a", "--data", str(table), "--org", "EU")
    return folder / "a"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_user_table_build_draws_the_users_organisation(eu_builds):
    out = eu_builds
    names = set(_files(out))
    assert {"eu-membership.html", "eu-membership.gif", "panels.png", "stats.csv"} <= names
    assert not any("nato" in n for n in names if n != "natomap-build.json")
    stills = sorted((out / "maps").glob("*.svg"))
    assert len(stills) > 5
    # Every still was drawn in a worker process: each must show the user's organisation.
    for svg in stills:
        text = "".join(ET.parse(svg).getroot().itertext())
        assert "EU on " in text and "Members of EU" in text, svg.name
        assert "Warsaw Pact" not in text and "NATO" not in text, svg.name
        assert YEAR_NOTE in text, svg.name
    brexit = "".join(ET.parse(out / "maps" / "2020-02-01.svg").getroot().itertext())
    assert "Former members" in brexit and "United Kingdom leaves EU" in brexit
    page = (out / "eu-membership.html").read_text(encoding="utf-8")
    assert "Members of EU, 1958–" in page and "NATO–Russia land border" not in page


def test_the_build_writes_every_kind_of_output(eu_builds):
    assert {Path(n).suffix for n in _files(eu_builds)} >= {".html", ".svg", ".png", ".gif", ".csv"}


def test_categories_follow_the_table(tmp_path):
    eu = read_table(_table(tmp_path, EU), "EU")
    assert eu.year_only
    legend = categories(Film.of("EU", memberships=eu))
    assert [c.key for c in legend] == ["member", "former", "held", "claimed", "other"]
    assert legend[0].label == "Members of EU"
    with_status = EU.replace("source\n", "source,status\n").replace(f"{SRC}\n", f"{SRC},member\n")
    table = _table(tmp_path, with_status + f"Norway,1994,,,{SRC},partner\n", "partners.csv")
    partners = read_table(table, "EU")
    assert [c.key for c in categories(Film.of("EU", memberships=partners))] == [
        "member",
        "former",
        "partner",
        "held",
        "claimed",
        "other",
    ]
    # NATO's own map keeps its waves, the Warsaw Pact and Russia.
    assert {"warsaw-pact", "russia", "founding"} <= {c.key for c in categories(natomap.Film.of())}


def test_stats_of_another_organisation_measure_its_own_members(tmp_path):
    eu = read_table(_table(tmp_path, EU), "EU")
    (row,) = stats(["1995-01-01"], org="EU", memberships=eu).to_dict(orient="records")
    assert row["eu_members"] == 4  # France, Italy, the UK, Finland
    _, finland_russia = shared_border("FIN", "RUS", "1995-01-01", "10m")
    assert row["border_measured_10m_km"] == pytest.approx(finland_russia, abs=0.2)
    # Finland 338,000 km², France 550,000 (with its overseas part on Natural Earth's outline,
    # French Guiana, 84,000), Italy 301,000, the UK 244,000.
    assert 1_450_000 < row["eu_area_km2"] < 1_650_000


def test_a_member_russia_is_not_its_own_neighbour(tmp_path):
    csto = f"country,joined,source\nRussia,1994-04-20,{SRC}\nBelarus,1994-04-20,{SRC}\n"
    table = read_table(_table(tmp_path, csto, "csto.csv"))
    (row,) = stats(["2000-01-01"], org="csto", memberships=table).to_dict(orient="records")
    _, belarus_russia = shared_border("BLR", "RUS", "2000-01-01", "10m")
    assert row["csto_members"] == 2
    assert row["border_measured_10m_km"] == pytest.approx(belarus_russia, abs=0.2)
    # Official: 1,312 km; generalised outlines are shorter. Russia's whole outline (what a
    # member Russia "bordering" itself would add) is tens of thousands of km.
    assert 700 < belarus_russia < 1500


def test_border_on_request(tmp_path):
    table = _table(tmp_path, EU)
    out = tmp_path / "out"
    out.mkdir()
    for flag, name in (("--border", "with.svg"), (None, "without.svg")):
        args = ["map", "--data", str(table), "--date", "2004-05-01", "-o", str(out / name)]
        result = CliRunner().invoke(main, [*args, *([flag] if flag else [])])
        assert result.exit_code == 0, result.output
    with_border = "".join(ET.parse(out / "with.svg").getroot().itertext())
    without = "".join(ET.parse(out / "without.svg").getroot().itertext())
    assert "EU–Russia land border" in with_border and "km (measured at 1:50m)" in with_border
    csto = _table(tmp_path, f"country,joined,source\nRussia,1994-04-20,{SRC}\n", "csto.csv")
    args = ["map", "--data", str(csto), "--date", "2004-05-01", "-o", str(out / "c.svg")]
    refused = CliRunner().invoke(main, [*args, "--border"])
    assert refused.exit_code == 2 and "Russia is a member of CSTO" in refused.output
    assert "Russia land border" not in without


# -- text from the table is text, everywhere -----------------------------------------------

HOSTILE = (
    "org,country,joined,left,note,source\n"
    f'"{EVIL}",France,1958,,"{BREAKOUT}",https://example.org/"><img/src=x/onerror=alert(3)>\n'
    f'"{EVIL}",Poland,2004-05-01,,{EVIL},{SRC}\n'
)


def test_hostile_text_is_shown_as_text_in_chromium(tmp_path, offline_page):
    table = read_table(_table(tmp_path, HOSTILE, "evil.csv"))
    title = f"<b onmouseover=alert(4)>{EVIL}</b>"
    page_html = render_page(Film.of(EVIL, memberships=table), title=title)
    path = tmp_path / "evil.html"
    path.write_text(page_html, encoding="utf-8")
    dialogs = []
    offline_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    offline_page.goto(path.as_uri())
    wait_until(offline_page, "window.natomap && window.natomap.maps.length === 1")
    box = ".natomap"
    assert offline_page.inner_text(f"{box} .nm-title") == title
    assert offline_page.title() == title
    assert f"Members of {EVIL}" in offline_page.inner_text(f"{box} .nm-legend")
    offline_page.evaluate("window.natomap.maps[0].goTo('2004-05-01')")
    assert f"Poland joins {EVIL}" in offline_page.inner_text(f"{box} .nm-what")
    # The tooltip of France carries the table's note, as text.
    offline_page.evaluate(
        """() => {
          const api = window.natomap.maps[0];
          api.map.eachLayer(l => {
            if (l.options && /nm-code-FRA\\b/.test(l.options.className || "")) l.openTooltip();
          });
        }"""
    )
    offline_page.wait_for_selector(".nm-tip")
    assert BREAKOUT in offline_page.inner_text(".nm-tip")
    # The data block parsed whole: the note did not end the <script> early.
    data = offline_page.evaluate("JSON.parse(document.querySelector('script.nm-data').textContent)")
    assert any(BREAKOUT in style[1] for style in data["styles"])
    assert offline_page.evaluate("document.querySelectorAll('img, b').length") == 0
    offline_page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert 'https://example.org/"><img/src=x/onerror=alert(3)>' not in page_html
    assert offline_page.evaluate("document.querySelectorAll('img').length") == 0
    offline_page.hover(f"{box} .nm-title")
    assert dialogs == []
    assert offline_page.console_errors == [] and offline_page.blocked == []


def test_hostile_text_in_svg_is_escaped(tmp_path):
    table = _table(tmp_path, HOSTILE, "evil.csv")
    svg = tmp_path / "evil.svg"
    result = CliRunner().invoke(
        main, ["map", "--data", str(table), "--date", "2004-05-01", "-o", str(svg)]
    )
    assert result.exit_code == 0, result.output
    text = "".join(ET.parse(svg).getroot().itertext())  # well-formed XML
    assert f"{EVIL} on 1 May 2004: 2 members" in text
    assert "<img" not in svg.read_text(encoding="utf-8")
