"""Who belongs to which organisation on a given day.

The facts come from ``memberships.csv`` unless a user's own table is in use: ``using(rows)``
swaps the table for everything that runs inside it (the command line's ``--data``), so every
renderer maps the user's organisation without being told.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from natomap.data import Membership, load_memberships, to_day

__all__ = [
    "ORGS",
    "Table",
    "accession",
    "adopt",
    "bundled",
    "display_name",
    "in_use",
    "is_bundled_nato",
    "members",
    "organisations",
    "output_stem",
    "rows",
    "status",
    "using",
    "year_only",
]

ORGS = {"nato": "NATO", "warsaw-pact": "Warsaw Pact"}
"""Display names of the organisations in the bundled data."""

_RANK = {"member": 0, "aspirant": 1, "partner": 2}


Table = tuple[tuple[Membership, ...], bool]
"""A user's table as ``using()`` holds it: the rows, and whether any date was a bare year."""

_ACTIVE: ContextVar[Table | None] = ContextVar("memberships", default=None)


@cache
def bundled() -> tuple[Membership, ...]:
    """The rows of the bundled ``memberships.csv``."""
    return load_memberships()


def rows() -> tuple[Membership, ...]:
    """The membership rows in use: a user's table inside ``using()``, else the bundled one."""
    table = _ACTIVE.get()
    return table[0] if table else bundled()


def year_only() -> bool:
    """Whether the table in use gave any date as a bare year (drawn from 1 January)."""
    table = _ACTIVE.get()
    return bool(table and table[1])


def in_use() -> Table | None:
    """The user's table in use, or None: what a worker process needs to map the same thing
    (a ContextVar does not cross into another process; see ``render._parallel``)."""
    return _ACTIVE.get()


def adopt(table: Table | None) -> None:
    """Use ``table`` (from ``in_use()`` in a parent process) for the rest of this context:
    the initializer of rendering worker processes."""
    if table is not None:
        _ACTIVE.set(table)


@contextmanager
def using(memberships: tuple[Membership, ...], year_only: bool = False) -> Iterator[None]:
    """Map ``memberships`` (e.g. from ``natomap.usertable.read_table``) instead of the bundled
    table for the duration of the block; ``year_only`` says some dates were bare years, so
    legends can say how they are drawn."""
    token = _ACTIVE.set((tuple(memberships), year_only))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def is_bundled_nato(org: str) -> bool:
    """Whether ``org`` is NATO from natomap's own data: the one map with accession waves, the
    Warsaw Pact as counter-bloc and the NATO–Russia border. Every other map (a user's table,
    even one naming its organisation NATO, or the bundled Warsaw Pact) shows membership only."""
    return org == "nato" and _ACTIVE.get() is None


def display_name(org: str) -> str:
    """How titles name ``org``: 'NATO' for the bundled key ``nato``, else the name as given."""
    return ORGS.get(org, org)


def output_stem(org: str) -> str:
    """The stem of the files natomap writes for ``org``: ``nato-expansion`` for NATO's own
    map (the name its users link to), ``<org>-membership`` for any other, made safe as a
    file name whatever the table calls its organisation."""
    if is_bundled_nato(org):
        return "nato-expansion"
    slug = re.sub(r"[^a-z0-9]+", "-", org.lower()).strip("-") or "organisation"
    return f"{slug[:60]}-membership"


def organisations() -> list[str]:
    """The organisation keys present in the data (``nato``, ``warsaw-pact``)."""
    return sorted({m.org for m in rows()})


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
        {m.code for m in rows() if m.org == org and m.status == "member" and m.active(day)}
    )


def founding_date(org: str) -> dt.date:
    """The day the first members joined; members from that day are founders."""
    _check_org(org)
    return min(m.joined for m in rows() if m.org == org and m.status == "member")


def accession(org: str, code: str) -> dt.date | None:
    """The first day ``code`` was a member of ``org``, or None."""
    days = [m.joined for m in rows() if m.org == org and m.code == code and m.status == "member"]
    return min(days) if days else None


def status(org: str, code: str, day: dt.date) -> str:
    """``code``'s status in ``org`` on ``day``: founding member, member, aspirant, partner, none.

    Membership outranks aspiring, which outranks partnership, so a partner that applies is an
    aspirant and an aspirant that joins is a member.
    """
    active = [m for m in rows() if m.org == org and m.code == code and m.active(day)]
    if not active:
        return "none"
    best = min(active, key=lambda m: _RANK[m.status])
    if best.status == "member" and best.joined == founding_date(org):
        return "founding member"
    return best.status
