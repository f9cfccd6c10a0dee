"""The documentation snippet (docs/embedding.md), as a reader follows that page.

The page's own command writes the snippet; its reStructuredText example is rendered with
docutils (the engine behind Sphinx's ``raw`` directive) and opened in headless Chromium with
the network blocked. Nothing here is copied from the page by hand: the blocks are read from
it, so the page and the test cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import natomap
from natomap.cli import main
from natomap.render.style import categories

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "embedding.md"
FILL = {c.key: c.fill.lower() for c in categories(natomap.Film.of())}


def _blocks(language: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The page's command, run in a fresh docs folder, as the page says."""
    folder = tmp_path_factory.mktemp("docs-site")
    (command,) = [c for c in _blocks("console") if c.startswith("natomap embed")]
    args = shlex.split(command)[1:]
    output = Path(args[args.index("-o") + 1])  # docs/_static/nato-map.html
    target = folder / output.relative_to("docs")
    target.parent.mkdir(parents=True)
    args[args.index("-o") + 1] = str(target)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == natomap.html_fragment()
    return folder


def _render(site: Path, name: str, rst: str) -> Path:
    from docutils.core import publish_file

    source = site / f"{name}.rst"
    source.write_text(rst, encoding="utf-8")
    out = site / f"{name}.html"
    publish_file(
        source_path=str(source),
        destination_path=str(out),
        writer_name="html5",
        settings_overrides={"report_level": 2, "halt_level": 2},
    )
    return out


def _colour_at(page, index: int, lat: float, lon: float) -> str:
    page.locator(".natomap").nth(index).scroll_into_view_if_needed()
    return page.evaluate(
        """([i, lat, lon]) => { const m = window.natomap.maps[i];
            const p = m.map.latLngToContainerPoint([lat, lon]);
            const r = m.map.getContainer().getBoundingClientRect();
            const el = document.elementsFromPoint(r.left + p.x, r.top + p.y)
                .find(e => e.classList && e.classList.contains("nm-shape"));
            return el.getAttribute("fill").toLowerCase(); }""",
        [index, lat, lon],
    )


def test_the_page_documents_the_snippet():
    assert any("natomap embed -o" in c for c in _blocks("console"))
    (rst,) = _blocks("rst")
    assert ".. raw:: html" in rst and ":file:" in rst
    assert "--8<--" in "".join(_blocks("md"))


@pytest.mark.browser
def test_the_sphinx_example_renders_offline(site, offline_page):
    (rst,) = _blocks("rst")
    page = offline_page
    page.goto(_render(site, "index", rst).as_uri())
    page.wait_for_function("window.natomap && window.natomap.maps.length === 1")
    api = "window.natomap.maps[0]"
    assert page.evaluate(f"{api}.frames()") == [d.isoformat() for d in natomap.frames()]
    assert page.evaluate(f"{api}.goTo('1982-05-30')") == "1982-05-30"
    warsaw = natomap.frame("1982-05-30").territories.set_index("code").category["POL"]
    assert _colour_at(page, 0, 52.23, 21.01) == FILL[warsaw]
    page.locator(".natomap .nm-play").click()
    page.wait_for_function(f"{api}.current() > '1982-05-30'", timeout=5000)
    # The page's own text is still there, around the map, not in an iframe.
    assert "every frame has its sources" in page.locator("body").text_content()
    assert page.locator("iframe").count() == 0
    assert page.console_errors == [] and page.blocked == []


@pytest.mark.browser
def test_two_snippets_and_requirejs_on_one_page(site, offline_page):
    (rst,) = _blocks("rst")
    requirejs = "<script>window.define = function () {}; define.amd = {};</script>"
    amd = f".. raw:: html\n\n   {requirejs}\n\n"
    twice = amd + rst + "\n" + rst.split("\n", 3)[3]
    page = offline_page
    page.goto(_render(site, "twice", twice).as_uri())
    page.wait_for_function("window.natomap && window.natomap.maps.length === 2")
    page.evaluate("window.natomap.maps[1].goTo('2004-03-29')")
    assert page.evaluate("window.natomap.maps[0].current()") == "1949-08-24"
    assert _colour_at(page, 1, 52.23, 21.01) == FILL["post-cold-war"]
    assert page.evaluate("typeof window.L.map") == "function"
    assert page.console_errors == [] and page.blocked == []


def test_fragment_has_no_blank_lines_and_a_cdn_variant():
    local, online = natomap.html_fragment(), natomap.html_fragment(cdn=True)
    assert not re.search(r"\n\s*\n", local)
    assert 'src="https://unpkg.com/leaflet@' in online and len(online) < len(local) - 100_000
