"""A user's own table: lenient names, strict errors, and the timeline's invariants."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import natomap
from natomap.cli import main
from natomap.memberships import Membership, MembershipTable, Organisation
from natomap.usertable import read_table, resolve_country

# Run the package under test (this checkout's src/), not whichever copy is installed.
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
SRC = "https://example.org/source"
HEADER = "country,joined,left,note,source\n"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("North Macedonia", "MKD"),
        ("Northern Macedonia", "MKD"),
        ("Macedonia", "MKD"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("USSR", "SUN"),
        ("Soviet Union", "SUN"),
        ("DE", "DEU"),
        ("276", "DEU"),
        ("pol", "POL"),
        ("East Germany", "DDR"),
        ("Czechoslovakia", "CSK"),
        ("  united   KINGDOM ", "GBR"),
    ],
)
def test_names_match_leniently(name, code):
    assert resolve_country(name) == code


CASES = {
    "unknown-name": (HEADER + f"Germny,1958,,,{SRC}\n", "line 2, field 'country'", "did you mean"),
    "ambiguous-name": (HEADER + f"Korea,1991,,,{SRC}\n", "line 2, field 'country'", "ambiguous"),
    "ambiguous-congo": (HEADER + f"Congo,1991,,,{SRC}\n", "line 2, field 'country'", "ambiguous"),
    "compact-date": (HEADER + f"France,19580101,,,{SRC}\n", "line 2, field 'joined'", "not a date"),
    "year-zero": (HEADER + f"France,0000,,,{SRC}\n", "line 2, field 'joined'", "outside the span"),
    "year-one": (HEADER + f"France,0001-01-01,,,{SRC}\n", "line 2, field 'joined'", "outside"),
    "future-only": (HEADER + f"France,2999,,,{SRC}\n", "line 2, field 'joined'", "outside"),
    "aspirants-only": (
        "country,joined,status,source\n" + f"France,1958,aspirant,{SRC}\n",
        "field 'status'",
        "nothing to map",
    ),
    "overlap": (
        HEADER + f"France,1958,,,{SRC}\nFrance,1960,1970,,{SRC}\n",
        "line 3, field 'joined'",
        "already member",
    ),
    "duplicate-header": (
        "country,joined,joined,source\n" + f"France,1958,1959,{SRC}\n",
        "line 1, field 'joined'",
        "twice",
    ),
    "bad-date": (HEADER + f"France,1958-13-01,,,{SRC}\n", "line 2, field 'joined'", "not a date"),
    "left-before-joined": (HEADER + f"France,1958,1957,,{SRC}\n", "field 'left'", "not after"),
    "before-territory": (
        HEADER + f"Estonia,1960,,,{SRC}\n",
        "line 2, field 'code'",
        "no territory on 1960-01-01",
    ),
    "duplicate": (HEADER + f"France,1958,,,{SRC}\nFR,1958,,,{SRC}\n", "line 3", "duplicate"),
    "empty-file": ("", "", "empty"),
    "not-csv": ("just some text\nwithout commas\n", "line 1", "not a CSV table"),
    "missing-column": (
        "country,left,note,source\nFrance,,,x\n",
        "field 'joined'",
        "missing column",
    ),
    "no-source": (HEADER + "France,1958,,,\n", "field 'source'", "empty"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_tables_fail_cleanly_and_write_nothing(tmp_path, case):
    text, where, message = CASES[case]
    table = tmp_path / "table.csv"
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "members.json"
    result = subprocess.run(
        [sys.executable, "-m", "natomap", "members", "--data", str(table), "--json"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert str(table) in result.stderr and where in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


LATIN_1 = (HEADER + f"Türkiye,1952-02-18,,,{SRC}\n").encode("latin-1")
DRAWING = {
    "build": ["build", "--quiet", "--out", "{out}"],
    "map": ["map", "--date", "2004-03-29", "-o", "{out}/map.png"],
    "panels": ["panels", "-o", "{out}/panels.svg"],
    "animate": ["animate", "-o", "{out}/anim.gif"],
    "stats": ["stats", "--format", "csv", "-o", "{out}/stats.csv"],
}
BAD = {**CASES, "latin-1": (LATIN_1, "line 2", "not UTF-8")}


@pytest.mark.parametrize("command", DRAWING)
@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_drawing_commands_refuse_bad_tables_before_writing(tmp_path, case, command):
    content, where, message = BAD[case]
    table = tmp_path / "table.csv"
    table.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out"
    if command != "build":  # build makes its folder; the others write into one that exists
        out.mkdir()
    args = [a.format(out=out) for a in DRAWING[command]]
    result = CliRunner().invoke(main, [*args, "--data", str(table)])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()  # one line, no traceback
    assert str(table) in line and where in line and message in line
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    # Nothing written, not even a temporary file: build fails before making its folder.
    assert (not out.exists()) if command == "build" else list(out.iterdir()) == []


def test_build_with_bad_table_fails_in_a_real_process(tmp_path):
    table = tmp_path / "table.csv"
    table.write_bytes(LATIN_1)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "natomap", "build", "--data", str(table), "--out", str(out)],
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {table}, line 2: not UTF-8 text (it looks like Latin-1 or Windows-1252); "
        "save it as UTF-8 and try again"
    ]
    assert not out.exists()


def test_unknown_org_fails_before_drawing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--org", "eu", "--out", str(out)])
    assert result.exit_code == 2 and "--org: unknown organisation 'eu'" in result.output
    assert not out.exists()


def test_encodings(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(("\ufeff" + HEADER + f"Türkiye,1952-02-18,,,{SRC}\n").encode("utf-8"))
    assert read_table(bom).rows[0].code == "TUR"
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + f"Türkiye,1952-02-18,,,{SRC}\n").encode("latin-1"))
    result = CliRunner().invoke(main, ["members", "--data", str(latin)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.output and "Latin-1" in result.output


def test_years_mean_first_of_january_and_org_column(tmp_path):
    table = tmp_path / "blocs.csv"
    table.write_text(
        "org,country,joined,left,note,source\n"
        f"eu,France,1958,,,{SRC}\neu,UK,1973,2020-02-01,,{SRC}\n"
        f"csto,Russia,1994-04-20,,,{SRC}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["members", "--data", str(table)])
    assert result.exit_code == 2 and "several organisations (csto, eu)" in result.output
    eu = read_table(table, "eu")
    assert eu.year_only and eu.rows[0].joined == dt.date(1958, 1, 1)
    with pytest.warns(DeprecationWarning):
        rows, year_only = eu  # natomap 0.1's tuple still unpacks
    assert rows is eu and year_only
    result = CliRunner().invoke(
        main, ["members", "--data", str(table), "--org", "eu", "--date", "2021-01-01", "--json"]
    )
    assert result.exit_code == 0 and result.output.strip() == '["FRA"]'


def test_members_lists_each_code_under_its_own_name(tmp_path):
    # Denmark's and France's dependencies share their sovereign code; the list names the state.
    table = tmp_path / "nordic.csv"
    table.write_text(HEADER + f"Denmark,1973,,,{SRC}\nFrance,1958,,,{SRC}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["members", "--data", str(table), "--date", "2021-01-01"])
    assert result.exit_code == 0, result.output
    assert "DNK  Denmark" in result.output and "FRA  France" in result.output


# -- property tests: the timeline of any valid table ---------------------------------------

CODES = ["FRA", "POL", "NOR", "TUR", "ESP", "ITA", "PRT", "IRL"]
DAY0 = dt.date(1950, 1, 1)


@st.composite
def tables(draw):
    rows = []
    for code in draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=6, unique=True)):
        start = DAY0 + dt.timedelta(days=draw(st.integers(0, 20000)))
        length = draw(st.one_of(st.none(), st.integers(1, 8000)))
        end = start + dt.timedelta(days=length) if length else None
        if end and end > dt.date(2024, 1, 1):
            end = None
        rows.append(Membership("club", code, "member", start, end, SRC, "", len(rows) + 2))
    return tuple(rows)


@settings(max_examples=40, deadline=None)
@given(tables(), st.integers(0, 27000))
def test_members_are_exactly_the_rows_whose_interval_holds_the_day(rows, offset):
    day = min(DAY0 + dt.timedelta(days=offset), dt.date(2024, 1, 1))
    table = MembershipTable(rows, (Organisation.own("club"),))
    expected = sorted(m.code for m in rows if m.joined <= day and (m.left is None or day < m.left))
    assert natomap.members(day, org="club", memberships=table) == expected


@settings(max_examples=25, deadline=None)
@given(tables())
def test_frames_are_exactly_the_change_dates(rows):
    memberships = MembershipTable(rows, (Organisation.own("club"),))
    frames = natomap.frames("club", memberships=memberships)
    table = natomap.timeline("club", memberships=memberships)
    membership_days = {m.joined for m in rows} | {m.left for m in rows if m.left}
    start = min(m.joined for m in rows)
    assert {d for d in membership_days if d >= start} <= set(frames)
    # Every frame is a day on which the data says something changed, none is repeated.
    assert len(frames) == len(set(frames)) and frames == sorted(frames)
    changed = {d.date() for d in table.date}
    assert set(frames) <= changed


def test_an_organisation_known_only_by_its_file_gets_a_readable_name(tmp_path):
    from natomap.usertable import name_from_file

    assert name_from_file("eu_status") == "EU status"
    assert name_from_file("asean-members") == "ASEAN members"
    assert name_from_file("my_organisation") == "My organisation"
    path = tmp_path / "eu_status.csv"
    path.write_text("country,joined,source\nBelgium,1958,https://example.org/eu\n")
    table = read_table(path)
    (org,) = table.organisations
    assert org.name == "EU status" and org.key == "eu_status"
    film = natomap.Film.of(org.key, memberships=table)
    alt = film.frame("1958-01-01").story.alt
    assert alt == "1 January 1958: Belgium joins EU status, which now has 1 member."
    # --org (or a name column) says it exactly.
    (named,) = read_table(path, org="EEC").organisations
    assert named.name == "EEC"
