"""Member counts and statuses, checked against the dates NATO publishes."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import natomap
from natomap.cli import main
from natomap.membership import status

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
    assert len(natomap.members("nato", day)) == count
    before = [c for d, c in NATO_COUNTS if dt.date.fromisoformat(d) < day]
    if before:
        assert len(natomap.members("nato", day - dt.timedelta(days=1))) == before[-1]


def test_nato_today_has_32_members_with_finland_and_sweden():
    today = natomap.members("nato")
    assert len(today) == 32
    assert {"FIN", "SWE", "DEU", "TUR"} <= set(today)


def test_warsaw_pact_changes():
    assert natomap.members("warsaw-pact", "1955-05-13") == []
    founding = natomap.members("warsaw-pact", "1955-05-14")
    assert set(founding) == {"SUN", "POL", "CSK", "HUN", "ROU", "BGR", "ALB", "DDR"}
    assert "ALB" not in natomap.members("warsaw-pact", "1968-09-13")
    assert "DDR" in natomap.members("warsaw-pact", "1990-09-23")
    assert "DDR" not in natomap.members("warsaw-pact", "1990-09-24")
    assert natomap.members("warsaw-pact", "1991-07-01") == []


def test_statuses_rank_member_over_aspirant_over_partner():
    assert status("nato", "BEL", dt.date(2000, 1, 1)) == "founding member"
    assert status("nato", "POL", dt.date(1998, 1, 1)) == "partner"
    assert status("nato", "POL", dt.date(1999, 3, 12)) == "member"
    assert status("nato", "UKR", dt.date(2008, 4, 2)) == "partner"
    assert status("nato", "UKR", dt.date(2008, 4, 3)) == "aspirant"
    assert status("nato", "FIN", dt.date(2022, 5, 18)) == "aspirant"
    assert status("nato", "FIN", dt.date(2023, 4, 4)) == "member"
    assert status("nato", "CHN", dt.date(2023, 4, 4)) == "none"


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
    [("1948-12-31", "before 1949-04-04"), ("2999-01-01", "in the future"), ("soon", "not a date")],
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
    days = set(table.date)
    for day in ["1990-10-03", "1991-12-26", "1993-01-01", "2014-03-18", "2024-03-07"]:
        assert dt.date.fromisoformat(day) in days
    frames = natomap.frames()
    assert frames[0] == dt.date(1949, 8, 24) and frames[-1] == dt.date(2024, 3, 7)
    assert frames == sorted(set(frames))
    result = CliRunner().invoke(main, ["timeline"])
    assert result.exit_code == 0
    assert "Germany is reunified" in result.output
    assert len(result.output.splitlines()) == len(table[table.drawn])
