"""Who belongs to which organisation on a given day, from ``memberships.csv``."""

from __future__ import annotations

import datetime as dt
from functools import cache

from natomap.data import Membership, load_memberships, to_day

__all__ = ["ORGS", "accession", "members", "organisations", "status"]

ORGS = {"nato": "NATO", "warsaw-pact": "Warsaw Pact"}
"""Display names of the organisations in the bundled data."""

_RANK = {"member": 0, "aspirant": 1, "partner": 2}


@cache
def _rows() -> tuple[Membership, ...]:
    return load_memberships()


def organisations() -> list[str]:
    """The organisation keys present in the data (``nato``, ``warsaw-pact``)."""
    return sorted({m.org for m in _rows()})


def _check_org(org: str) -> None:
    if org not in organisations():
        raise ValueError(f"unknown organisation '{org}' (known: {', '.join(organisations())})")


def members(org: str = "nato", date: dt.date | str | None = None) -> list[str]:
    """Codes of the members of ``org`` on ``date`` (default: today), sorted.

    >>> len(members("nato", "2004-03-29"))
    26
    >>> "DDR" in members("warsaw-pact", "1989-11-09")
    True
    """
    _check_org(org)
    day = to_day(date or dt.date.today())
    return sorted(
        {m.code for m in _rows() if m.org == org and m.status == "member" and m.active(day)}
    )


def founding_date(org: str) -> dt.date:
    """The day the first members joined; members from that day are founders."""
    _check_org(org)
    return min(m.joined for m in _rows() if m.org == org and m.status == "member")


def accession(org: str, code: str) -> dt.date | None:
    """The first day ``code`` was a member of ``org``, or None."""
    days = [m.joined for m in _rows() if m.org == org and m.code == code and m.status == "member"]
    return min(days) if days else None


def status(org: str, code: str, day: dt.date) -> str:
    """``code``'s status in ``org`` on ``day``: founding member, member, aspirant, partner, none.

    Membership outranks aspiring, which outranks partnership, so a partner that applies is an
    aspirant and an aspirant that joins is a member.
    """
    active = [m for m in _rows() if m.org == org and m.code == code and m.active(day)]
    if not active:
        return "none"
    best = min(active, key=lambda m: _RANK[m.status])
    if best.status == "member" and best.joined == founding_date(org):
        return "founding member"
    return best.status
