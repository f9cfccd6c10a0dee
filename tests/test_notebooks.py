"""The notebooks run top to bottom in a fresh kernel, offline, and their prose agrees with the data.

Each notebook is executed with nbclient in a temporary folder, as a reader would run it; its
markdown is then read for dated claims ("Finland joined NATO on 4 April 2023", "On 29 March
2004, Bulgaria ... joined", any "D Month YYYY" or ISO date) and every claim is checked against
the membership and event tables, so a wrong year in the prose fails the suite.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import pytest

import natomap
from natomap.memberships import bundled_table
from natomap.usertable import resolve_country
from waiting import wait_until


def rows():
    return bundled_table().rows


ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_S = 300
# Warnings are errors in the kernel, and in the commands a notebook runs (their stderr is
# captured, so a warning there would go unseen); ipykernel's own are left alone.
WARNINGS_AS_ERRORS = (
    "import os, warnings\nwarnings.simplefilter('error')\nos.environ['PYTHONWARNINGS'] = 'error'"
)

MONTH = "|".join(calendar.month_name[1:])
FULL_DATE = rf"\d{{1,2}} (?:{MONTH}) \d{{4}}"
WHEN = rf"(?:{FULL_DATE}|(?:(?:{MONTH}) )?\d{{4}})"
NAME = r"[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+)*"
NAMES = rf"{NAME}(?:, {NAME})*(?:,? and {NAME})?"
VERB = r"joined|joins|join|left|leaves|leave"
ORG = r"NATO|the alliance|the Warsaw Pact"
# "Greece and Turkey joined NATO on 18 February 1952", "Spain joined in 1982".
CLAIM_AFTER = re.compile(
    rf"(?<![\w-])(?P<who>{NAMES}) (?P<verb>{VERB})(?: (?P<org>{ORG}))?(?: (?:on|in))? "
    rf"(?P<when>{WHEN})\b"
)
# "On 29 March 2004, Bulgaria, Estonia ... and Slovenia joined", at the start of a sentence
# (mid-sentence, "joined on 1 April 2009, Montenegro joined..." belongs to the words before).
CLAIM_BEFORE = re.compile(
    rf"(?:^|(?<=[.:;!?] ))(?:On|In) (?P<when>{WHEN}), (?P<who>{NAMES}) (?P<verb>{VERB})"
    rf"(?: (?P<org>{ORG}))?"
)
ANY_DATE = re.compile(rf"\b(?:{FULL_DATE}|\d{{4}}-\d{{2}}-\d{{2}})\b")


@dataclass(frozen=True)
class Report:
    claims: int  # dated join/leave claims found and checked
    dates: int  # full dates found and checked
    problems: tuple[str, ...]


@cache
def _known_dates() -> frozenset[dt.date]:
    """Every day on which the data records something: events, changes, memberships."""
    days = {d.date() for org in ("nato", "warsaw-pact") for d in natomap.timeline(org).date}
    for m in rows():
        days.add(m.joined)
        if m.left:
            days.add(m.left)
    return frozenset(days)


def _parse_when(text: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) with None for the parts the text leaves out."""
    parts = text.split()
    if len(parts) == 3:
        return int(parts[2]), list(calendar.month_name).index(parts[1]), int(parts[0])
    if len(parts) == 2:
        return int(parts[1]), list(calendar.month_name).index(parts[0]), None
    return int(parts[0]), None, None


def _matches(day: dt.date, when: tuple[int, int | None, int | None]) -> bool:
    year, month, dom = when
    return (
        day.year == year
        and (month is None or day.month == month)
        and (dom is None or day.day == dom)
    )


def _names(who: str) -> list[str]:
    return [n for n in re.split(r", and |, | and ", who) if n]


def check_prose(text: str) -> Report:
    """Every dated claim in ``text`` checked against the data; problems name the phrase."""
    problems, claims = [], 0
    found = [m for pattern in (CLAIM_AFTER, CLAIM_BEFORE) for m in pattern.finditer(text)]
    for match in found:
        org = "warsaw-pact" if (match["org"] or "").endswith("Warsaw Pact") else "nato"
        when = _parse_when(match["when"])
        leaving = match["verb"].startswith("le")
        for name in _names(match["who"]):
            claims += 1
            try:
                code = resolve_country(name)
            except ValueError as err:
                problems.append(f"{match[0]!r}: cannot tell which country {name!r} is ({err})")
                continue
            days = [
                m.left if leaving else m.joined
                for m in rows()
                if m.org == org and m.code == code and m.status == "member"
            ]
            days = [d for d in days if d is not None]
            if not any(_matches(d, when) for d in days):
                has = ", ".join(str(d) for d in days) or "never, in the data"
                verb = "left" if leaving else "joined"
                problems.append(f"{match[0]!r}: {name} {verb} {org} on {has}")
    dates = 0
    for match in ANY_DATE.finditer(text):
        dates += 1
        text_day = match[0]
        if "-" in text_day:
            day = dt.date.fromisoformat(text_day)
        else:
            year, month, dom = _parse_when(text_day)
            day = dt.date(year, month, dom)  # type: ignore[arg-type]
        if day not in _known_dates():
            problems.append(f"{text_day!r}: nothing happens on that day in the data")
    return Report(claims, dates, tuple(problems))


def _markdown(path: Path) -> str:
    """The notebook's markdown, one paragraph or heading a line: claims are read across the
    line wraps of a paragraph, never across paragraphs."""
    nb = nbformat.read(path, as_version=4)
    paragraphs = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n\s*\n", cell.source):
            lines = block.strip().splitlines()
            headings = [line for line in lines if line.startswith("#")]
            paragraphs += headings
            paragraphs.append(" ".join(line.strip() for line in lines if line not in headings))
    return "\n".join(p for p in paragraphs if p)


# -- the checker itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Greece and Turkey joined NATO on 18 February 1952.",
        "Poland, Czechia and Hungary joined NATO on 12 March 1999.",
        "Spain joined NATO in 1982, and Finland joined in April 2023.",
        "On 29 March 2004, Bulgaria, Estonia, Latvia, Lithuania, Romania, Slovakia and Slovenia "
        "joined in the largest single enlargement.",
        "Albania left the Warsaw Pact in 1968.",
        "East Germany left the Warsaw Pact on 24 September 1990.",
    ],
)
def test_true_claims_pass(sentence):
    report = check_prose(sentence)
    assert report.claims >= 1 and report.problems == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Finland joined NATO in 2022.", "Finland joined nato on 2023-04-04"),
        ("Sweden joined on 7 March 2023.", "Sweden joined nato on 2024-03-07"),
        ("Greece and Turkey joined NATO in 1953.", "Greece joined nato"),
        ("On 29 March 2004, Estonia and Sweden joined.", "Sweden joined nato on 2024-03-07"),
        ("Ukraine joined NATO in 2008.", "never, in the data"),
        ("Albania left the Warsaw Pact in 1969.", "Albania left warsaw-pact on 1968-09-13"),
        ("Spain joined NATO in May 1983.", "Spain joined nato on 1982-05-30"),
        ("The Berlin Wall opened on 10 November 1989.", "'10 November 1989': nothing happens"),
        ("Open the map at nato-expansion.html#2004-03-30.", "'2004-03-30': nothing happens"),
        ("Then Poland joined in 1999.", "cannot tell which country 'Then Poland' is"),
        ("It grew. In 1998, Poland joined.", "Poland joined nato on 1999-03-12"),
    ],
)
def test_wrong_claims_fail(sentence, expected):
    problems = check_prose(sentence).problems
    assert any(expected in p for p in problems), problems


def test_the_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-nato-enlargement.ipynb",
        "02-russia-borders.ipynb",
        "03-maps-for-reports.ipynb",
        "04-folium-and-forces.ipynb",
    ]


# -- the notebooks as committed ------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_agrees_with_the_data(path):
    report = check_prose(_markdown(path))
    assert report.problems == ()
    assert report.claims + report.dates > 0, "no dated statement was checked"


def test_the_story_notebook_makes_checkable_claims():
    report = check_prose(_markdown(ROOT / "notebooks" / "01-nato-enlargement.ipynb"))
    assert report.claims >= 20 and report.dates >= 20, report


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_public_api_only(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
            assert not re.search(r"natomap(?:\.\w+)*\._|import _\w", cell.source), cell.source


# -- running them --------------------------------------------------------------------------


def _repo_files() -> set[Path]:
    skip = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "out"}
    found = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        found.update(Path(folder, f) for f in files)
    return found


def _execute(path: Path, cwd: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh ``python3`` kernel in ``cwd``; raises on the first error."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(WARNINGS_AS_ERRORS))  # hidden from the reader
    with pytest.MonkeyPatch.context() as env:
        # The kernel and the CLI it calls import this checkout's natomap, not another install.
        paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        env.setenv("PYTHONPATH", os.pathsep.join(paths))
        # Figures show inline as in Jupyter, even where the environment asks for a file backend.
        env.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=CELL_TIMEOUT_S,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.execute()  # raises CellExecutionError, naming the cell, on any error
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook executed once per test run, whichever test asks first."""
    done: dict[Path, nbformat.NotebookNode] = {}

    def run(path: Path) -> nbformat.NotebookNode:
        if path not in done:
            done[path] = _execute(path, tmp_path_factory.mktemp(path.stem))
        return done[path]

    return run


def _outputs(nb: nbformat.NotebookNode, mime: str) -> list[str]:
    return [
        o["data"][mime] for c in nb.cells for o in c.get("outputs", []) if mime in o.get("data", {})
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, executed):
    before = _repo_files()
    nb = executed(path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert nb.cells[0].source == WARNINGS_AS_ERRORS  # the run had warnings as errors
    stderr = [
        o["text"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    ]
    assert stderr == [], "the notebook printed to stderr (a warning?)"
    assert _repo_files() - before == set(), "the notebook wrote into the repository"
    assert _outputs(nb, "image/png"), "the notebook drew nothing"


@pytest.mark.browser
def test_inline_map_plays_in_the_exported_notebook(executed, offline_page, tmp_path):
    # The animated map is an iframe srcdoc: no "trust this notebook" wall, and an HTML export
    # of the notebook (which copies the output verbatim) still plays, offline.
    nb = executed(ROOT / "notebooks" / "01-nato-enlargement.ipynb")
    frames = [h for h in _outputs(nb, "text/html") if h.startswith('<iframe srcdoc="')]
    assert len(frames) == 1
    export = tmp_path / "exported.html"
    export.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'></head><body>{frames[0]}</body></html>",
        encoding="utf-8",
    )
    offline_page.goto(export.as_uri())
    wait_until(offline_page, "!!document.querySelector('iframe').contentWindow.natomap")
    inner = offline_page.frames[1]
    wait_until(inner, "window.natomap.maps.length === 1")
    current = inner.evaluate(
        "() => { const m = window.natomap.maps[0]; m.goTo('2004-03-29'); return m.current(); }"
    )
    assert current == "2004-03-29"
    assert inner.evaluate("document.querySelectorAll('.nm-shape').length") > 100
    assert offline_page.blocked == [] and offline_page.console_errors == []


@pytest.mark.browser
def test_folium_maps_work_offline_in_the_exported_notebook(executed, offline_page, tmp_path):
    # folium shows a map as an iframe of its page; natomap's maps make that page
    # self-contained, so an HTML export of the notebook shows them with no network.
    nb = executed(ROOT / "notebooks" / "04-folium-and-forces.ipynb")
    maps = [h for h in _outputs(nb, "text/html") if "srcdoc=" in h]
    assert len(maps) == 3
    export = tmp_path / "exported.html"
    export.write_text(
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        + "".join(f"<div style='width:900px;height:600px'>{m}</div>" for m in maps)
        + "</body></html>",
        encoding="utf-8",
    )
    offline_page.goto(export.as_uri())
    frames = offline_page.frames[1:]
    assert len(frames) == 3
    for frame in frames:
        frame.wait_for_function("document.querySelectorAll('path.nm-shape').length > 100")
    player = frames[2]
    player.wait_for_function("window.natomap && window.natomap.maps.length === 1")
    assert player.evaluate("window.natomap.maps[0].goTo('2004-03-29')") == "2004-03-29"
    assert offline_page.blocked == [] and offline_page.console_errors == []
