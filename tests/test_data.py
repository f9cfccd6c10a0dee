"""The fact tables: every kind of mistake is caught with file, line and field."""

import hashlib
import shutil
import subprocess
import sys

import pytest

from natomap.data import (
    DataError,
    geodata_path,
    load_events,
    load_manifest,
    load_memberships,
    load_territories,
)

HEADER = "org,code,status,joined,left,source,note\n"
GOOD = "nato,POL,member,1999-03-12,,https://www.nato.int/cps/en/natohq/topics_52044.htm,\n"


def write(tmp_path, text, name="memberships.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        ("nato,XYZ,member,1999-03-12,,https://a.example/,\n", 3, "code", "unknown territory code"),
        ("nato,HUN,member,1999-02-30,,https://a.example/,\n", 3, "joined", "not a date"),
        ("nato,HUN,member,1999-03-12,1998-01-01,https://a.example/,\n", 3, "left", "not after"),
        ("nato,HUN,member,1999-03-12,1999-03-12,https://a.example/,\n", 3, "left", "not after"),
        (GOOD, 3, None, "duplicate membership row (same as line 2)"),
        ("nato,HUN,member,1999-03-12,,,\n", 3, "source", "empty"),
        ("nato,HUN,member,1999-03-12,,nato.int,\n", 3, "source", "not a URL"),
        ("nato,HUN,ally,1999-03-12,,https://a.example/,\n", 3, "status", "not one of"),
        ("nato,EST,member,1980-01-01,,https://a.example/,\n", 3, "code", "no territory on 1980"),
        (
            "nato,DDR,member,1980-01-01,,https://a.example/,\n",
            3,
            "code",
            "no territory on 1990-10-03",
        ),
        ("nato,POL,member,2000-01-01,,https://a.example/,\n", 3, "joined", "already member"),
        ("nato,HUN,member,1999-03-12,,https://a.example/,,extra\n", 3, None, "more fields"),
    ],
    ids=[
        "unknown-code",
        "impossible-date",
        "reversed-dates",
        "empty-interval",
        "duplicate",
        "no-source",
        "source-not-url",
        "bad-status",
        "no-geometry-yet",
        "no-geometry-after",
        "overlap",
        "extra-field",
    ],
)
def test_bad_membership_rows_are_named(tmp_path, body, line, field, message):
    path = write(tmp_path, HEADER + GOOD + body)
    with pytest.raises(DataError) as err:
        load_memberships(path)
    assert err.value.path == path
    assert err.value.line == line
    assert err.value.field == field
    assert message in err.value.message
    assert str(path) in str(err.value) and f"line {line}" in str(err.value)


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, "org,code,status,joined,source\n" + GOOD)
    with pytest.raises(DataError, match="line 1, field 'left': missing column"):
        load_memberships(path)


def test_empty_and_non_utf8_files(tmp_path):
    with pytest.raises(DataError, match="empty"):
        load_memberships(write(tmp_path, ""))
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "nato,POL,member,1999-03-12,,https://a.example/,Pologne é\n").encode("latin-1")
    )
    with pytest.raises(DataError, match="not UTF-8"):
        load_memberships(path)


def test_bad_territory_and_event_rows(tmp_path):
    header = "code,name,sovereign,held_by,valid_from,valid_to,parts,source,note\n"
    path = write(
        tmp_path,
        header + "CSK,Czechoslovakia,,,1993-01-01,1990-01-01,CZE;SVK,https://a.example/,\n",
        "territories.csv",
    )
    with pytest.raises(DataError, match="line 2, field 'valid_to'"):
        load_territories(path)
    path = write(
        tmp_path, "date,title,description,source\n1999-03-12,,x,https://a.example/\n", "events.csv"
    )
    with pytest.raises(DataError, match="line 2, field 'title': empty"):
        load_events(path)


def test_cli_reports_a_broken_table_with_status_2_and_no_traceback(tmp_path):
    data = tmp_path / "geodata"
    shutil.copytree(geodata_path(), data)
    table = data / "memberships.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("1949-08-24", "1949-08-32")
    table.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "natomap", "members", "--date", "2000-01-01"],
        capture_output=True,
        text=True,
        env={"NATOMAP_GEODATA": str(data), "PATH": ""},
    )
    assert result.returncode == 2
    assert f"{table}, line 6, field 'joined'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundled_tables_load_and_every_fact_has_a_source():
    memberships = load_memberships()
    assert len([m for m in memberships if m.org == "nato" and m.status == "member"]) == 32
    for row in (*memberships, *load_territories(), *load_events()):
        assert row.source.startswith("https://")


def test_shipped_files_match_the_manifest():
    manifest = load_manifest()
    assert manifest["package"] == "world-atlas@2.0.2"
    shipped = {
        p.relative_to(geodata_path()).as_posix()
        for p in geodata_path().rglob("*")
        if p.is_file() and p.name not in {"manifest.json", "README.md", "make_geodata.py"}
    }
    assert shipped == set(manifest["files"])
    for name, meta in manifest["files"].items():
        digest = hashlib.sha256(geodata_path(name).read_bytes()).hexdigest()
        assert digest == meta["sha256"], f"{name} changed; run geodata/make_geodata.py --manifest"
        assert meta["licence"] and meta["attribution"]
