"""The fact tables: every kind of mistake is caught with file, line and field."""

import hashlib
import shutil
import subprocess
import sys

import pytest

from natomap.errors import DataError, GeodataError
from natomap.geodata import Geodata
from natomap.memberships import bundled_table

HEADER = "org,code,status,joined,left,source,note\n"
GOOD = "nato,POL,member,1999-03-12,,https://www.nato.int/cps/en/natohq/topics_52044.htm,\n"


def edited_copy(tmp_path, name, text):
    """A copy of the bundled geodata with ``name`` replaced, its new hash accepted."""
    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    (folder / name).write_text(text, encoding="utf-8")
    Geodata(folder).accept()
    return Geodata.at(folder)


def memberships_of(tmp_path, body):
    gd = edited_copy(tmp_path, "memberships.csv", HEADER + GOOD + body)
    return bundled_table(gd), gd.path("memberships.csv")


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        ("nato,XYZ,member,1999-03-12,,https://a.example/,\n", 3, "code", "unknown territory code"),
        ("nato,HUN,member,1999-02-30,,https://a.example/,\n", 3, "joined", "not a date"),
        ("nato,HUN,member,19990312,,https://a.example/,\n", 3, "joined", "not a date"),
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
        "compact-date",
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
    with pytest.raises(DataError) as err:
        memberships_of(tmp_path, body)
    path = tmp_path / "geodata" / "memberships.csv"
    assert err.value.path.resolve() == path.resolve()
    assert err.value.line == line
    assert err.value.field == field
    assert message in err.value.message
    assert f"line {line}" in str(err.value)


def test_missing_and_repeated_columns_are_named(tmp_path):
    gd = edited_copy(tmp_path, "memberships.csv", "org,code,status,joined,source\n" + GOOD)
    with pytest.raises(DataError, match="line 1, field 'left': missing column"):
        bundled_table(gd)
    gd = edited_copy(tmp_path / "b", "memberships.csv", HEADER.replace("note", "code") + GOOD)
    with pytest.raises(DataError, match="line 1, field 'code': the header names 'code' twice"):
        bundled_table(gd)


def test_quoted_newlines_stay_in_their_field(tmp_path):
    body = 'nato,HUN,member,1999-03-12,,https://a.example/,"two\nlines\u2028here"\n'
    table, _ = memberships_of(tmp_path, body)
    (hun,) = [m for m in table.rows if m.code == "HUN"]
    assert hun.note == "two\nlines\u2028here" and hun.line == 3


def test_empty_and_non_utf8_files(tmp_path):
    gd = edited_copy(tmp_path, "memberships.csv", "")
    with pytest.raises(DataError, match="empty"):
        bundled_table(gd)
    folder = tmp_path / "latin"
    shutil.copytree(Geodata.default().folder, folder)
    (folder / "memberships.csv").write_bytes(
        (HEADER + "nato,POL,member,1999-03-12,,https://a.example/,Pologne é\n").encode("latin-1")
    )
    Geodata(folder).accept()
    with pytest.raises(DataError, match="not UTF-8"):
        bundled_table(Geodata.at(folder))


def test_bad_territory_and_event_rows(tmp_path):
    header = "code,name,sovereign,held_by,valid_from,valid_to,parts,source,note\n"
    gd = edited_copy(
        tmp_path,
        "territories.csv",
        header + "CSK,Czechoslovakia,,,1993-01-01,1990-01-01,CZE;SVK,https://a.example/,\n",
    )
    with pytest.raises(DataError, match="line 2, field 'valid_to'"):
        gd.territories()
    gd = edited_copy(
        tmp_path / "e",
        "events.csv",
        "date,title,description,source\n1999-03-12,,x,https://a.example/\n",
    )
    with pytest.raises(DataError, match="line 2, field 'title': empty"):
        gd.events()


def test_cli_reports_a_broken_table_with_status_2_and_no_traceback(tmp_path):
    source = Geodata.default().folder / "memberships.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("1949-08-24", "1949-08-32")
    gd = edited_copy(tmp_path, "memberships.csv", "".join(lines))
    result = subprocess.run(
        [sys.executable, "-m", "natomap", "members", "--date", "2000-01-01"],
        capture_output=True,
        text=True,
        env={"NATOMAP_GEODATA": str(gd.folder), "PATH": ""},
    )
    assert result.returncode == 2
    assert f"{gd.path('memberships.csv')}, line 6, field 'joined'" in result.stderr
    assert "Traceback" not in result.stderr


def test_geodata_folder_is_explicit_and_checked(tmp_path, monkeypatch):
    # A copy without Sweden gives 31 members today, in the same process.
    source = Geodata.default().folder / "memberships.csv"
    text = "".join(
        line
        for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("nato,SWE,member")
    )
    gd = edited_copy(tmp_path, "memberships.csv", text)
    import natomap

    assert len(natomap.members()) == 32
    monkeypatch.setenv("NATOMAP_GEODATA", str(gd.folder))
    assert len(natomap.members()) == 31
    monkeypatch.setenv("NATOMAP_GEODATA", str(tmp_path / "nowhere"))
    with pytest.raises(GeodataError, match="no such folder"):
        natomap.members()
    monkeypatch.delenv("NATOMAP_GEODATA")
    assert len(natomap.members()) == 32


def test_a_changed_file_is_refused_until_accepted(tmp_path):
    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    with (folder / "events.csv").open("a", encoding="utf-8") as f:
        f.write("2001-09-12,Article 5 invoked,,https://www.nato.int/\n")
    gd = Geodata(folder)
    with pytest.raises(GeodataError, match="events.csv: does not match its sha256"):
        gd.events()
    (folder / "places.csv").unlink()
    with pytest.raises(GeodataError, match="places.csv: missing"):
        gd.read_text("places.csv")


def test_bundled_tables_load_and_every_fact_has_a_source():
    gd = Geodata.default()
    table = bundled_table(gd)
    assert len([m for m in table.rows if m.org == "nato" and m.status == "member"]) == 32
    for row in (*table.rows, *gd.territories(), *gd.events(), *gd.names()):
        assert row.source.startswith(("https://", "http://"))


def test_shipped_files_match_the_manifest():
    gd = Geodata.default()
    manifest = gd.manifest
    assert manifest["package"] == "world-atlas@2.0.2"
    shipped = {
        p.relative_to(gd.folder).as_posix()
        for p in gd.folder.rglob("*")
        if p.is_file()
        and p.name not in {"manifest.json", "README.md"}
        and not p.name.endswith(".py")
        and "__pycache__" not in p.parts
    }
    assert shipped == set(manifest["files"])
    for name, meta in manifest["files"].items():
        digest = hashlib.sha256(gd.path(name).read_bytes()).hexdigest()
        assert digest == meta["sha256"], f"{name} changed; run geodata/make_geodata.py --manifest"
        assert meta["licence"] and meta["attribution"]
