"""Member counts and statuses, checked against the dates NATO publishes."""

import datetime as dt
import json
import warnings

import pytest
from click.testing import CliRunner

import natomap
from natomap.cli import main
from natomap.memberships import Membership, MembershipTable, Organisation, bundled_table

# (accession day, members from that day): nato.int, "NATO member countries".
NATO_COUNTS = [
    ("1949-08-24", 12),
    ("1952-02-18", 14),
    ("1955-05-06", 15),
    ("1982-05-30", 16),
    ("1999-03-12", 19),
    ("2004-03-29", 26),
    ("2009-04-01", 28),
    ("2017-06-05", 29),
    ("2020-03-27", 30),
    ("2023-04-04", 31),
    ("2024-03-07", 32),
]


@pytest.mark.parametrize(("day", "count"), NATO_COUNTS)
def test_nato_count_on_and_before_each_accession(day, count):
    day = dt.date.fromisoformat(day)
    assert len(natomap.members(day)) == count
    before = [c for d, c in NATO_COUNTS if dt.date.fromisoformat(d) < day]
    if before:
        assert len(natomap.members(day - dt.timedelta(days=1))) == before[-1]


def test_nato_today_has_32_members_with_finland_and_sweden():
    today = natomap.members()
    assert len(today) == 32
    assert {"FIN", "SWE", "DEU", "TUR"} <= set(today)


def test_warsaw_pact_changes():
    # Dated from the treaty's entry into force (signed 1955-05-14), as NATO's members are.
    assert natomap.members("1955-06-04", org="warsaw-pact") == []
    founding = natomap.members("1955-06-05", org="Warsaw Pact")
    assert set(founding) == {"SUN", "POL", "CSK", "HUN", "ROU", "BGR", "ALB", "DDR"}
    assert "ALB" not in natomap.members("1968-09-13", org="warsaw-pact")
    assert "DDR" in natomap.members("1990-09-23", org="warsaw-pact")
    assert "DDR" not in natomap.members("1990-09-24", org="warsaw-pact")
    assert natomap.members("1991-07-01", org="warsaw-pact") == []


def test_organisations_by_key_or_name_in_any_case():
    assert natomap.members("2004-03-29", org="NATO") == natomap.members("2004-03-29")
    with pytest.raises(natomap.OptionError, match="unknown organisation 'seato'"):
        natomap.members(org="seato")


def test_old_argument_order_still_works_with_a_warning():
    with pytest.warns(DeprecationWarning, match="members\\(date, org="):
        old = natomap.members("nato", "2004-03-29")
    assert old == natomap.members("2004-03-29")
    with pytest.warns(DeprecationWarning):
        assert "DDR" in natomap.members("warsaw-pact", dt.date(1989, 11, 9))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        natomap.members("2004-03-29", org="nato")


def test_statuses_rank_member_over_aspirant_over_partner():
    status = bundled_table().status
    assert status("nato", "BEL", dt.date(2000, 1, 1)) == "founding member"
    assert status("nato", "POL", dt.date(1998, 1, 1)) == "partner"
    assert status("nato", "POL", dt.date(1999, 3, 12)) == "member"
    assert status("nato", "UKR", dt.date(2008, 4, 2)) == "partner"
    assert status("nato", "UKR", dt.date(2008, 4, 3)) == "aspirant"
    assert status("nato", "FIN", dt.date(2022, 5, 18)) == "aspirant"
    assert status("nato", "FIN", dt.date(2023, 4, 4)) == "member"
    assert status("nato", "CHN", dt.date(2023, 4, 4)) == "none"
    assert status("warsaw-pact", "POL", dt.date(1992, 1, 1)) == "former member"


def test_a_table_refuses_a_fact_without_a_source():
    row = Membership("club", "FRA", "member", dt.date(1950, 1, 1), None, "", "", 2)
    with pytest.raises(natomap.DataError, match="not a URL"):
        MembershipTable((row,), (Organisation.own("club"),))


def test_two_tables_in_one_process_do_not_mix(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("country,joined,source\nFrance,1958,https://example.org/a\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("country,joined,source\nPoland,2004,https://example.org/b\n", encoding="utf-8")
    club_a = natomap.read_table(a, org="club")
    club_b = natomap.read_table(b, org="club")
    assert natomap.members("2010-01-01", org="club", memberships=club_a) == ["FRA"]
    assert natomap.members("2010-01-01", org="club", memberships=club_b) == ["POL"]
    assert natomap.frames("club", memberships=club_a) != natomap.frames("club", memberships=club_b)


def test_cli_members_json_and_text():
    runner = CliRunner()
    result = runner.invoke(main, ["members", "--date", "2004-03-29", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 26
    result = runner.invoke(main, ["members", "--date", "1989-11-09", "--org", "warsaw-pact"])
    assert result.exit_code == 0
    assert "East Germany" in result.output and "Soviet Union" in result.output


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("1948-12-31", "before 1949-04-04"),
        ("2999-01-01", "in the future"),
        ("soon", "not a date"),
        ("0001-01-01", "before 1949-04-04"),
        ("20040329", "not a date"),
    ],
)
def test_cli_rejects_bad_dates_with_status_2(day, message):
    result = CliRunner().invoke(main, ["members", "--date", day])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_rejects_unknown_org():
    result = CliRunner().invoke(main, ["members", "--org", "seato"])
    assert result.exit_code == 2
    assert "unknown organisation 'seato'" in result.output


def test_timeline_lists_the_changes():
    table = natomap.timeline()
    assert str(table.date.dtype).startswith("datetime64")
    days = {d.date() for d in table.date}
    for day in ["1990-10-03", "1991-12-26", "1993-01-01", "2014-03-18", "2024-03-07"]:
        assert dt.date.fromisoformat(day) in days
    frames = natomap.frames()
    assert frames[0] == dt.date(1949, 8, 24) and frames[-1] >= dt.date(2024, 3, 7)
    assert frames == sorted(set(frames))
    result = CliRunner().invoke(main, ["timeline"])
    assert result.exit_code == 0
    assert "Germany is reunified" in result.output
    assert len(result.output.splitlines()) == len(table[table.drawn])


def test_timeline_as_csv_and_json():
    drawn = natomap.timeline().query("drawn")
    result = CliRunner().invoke(main, ["timeline", "--format", "csv"])
    lines = result.output.splitlines()
    assert lines[0] == "date,title,description,changes,drawn,members,sources"
    assert len(lines) == len(drawn) + 1 and lines[1].startswith("1949-04-04,")
    records = json.loads(CliRunner().invoke(main, ["timeline", "--format", "json"]).output)
    assert len(records) == len(drawn) and records[0]["date"] == "1949-04-04"
