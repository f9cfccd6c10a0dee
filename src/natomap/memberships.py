"""Who belongs to which organisation on a given day: a membership table as a value.

A ``MembershipTable`` is read once (the bundled ``memberships.csv``, or a user's own CSV with
``natomap.read_table``) and passed explicitly to whatever draws or measures it. It is
immutable and refuses to exist with a fact that has no source. What differs between NATO's
map and any other organisation's (accession waves, the blocs on Russia's side, the border
with Russia, the captions of the bundled events) is an ``Organisation``: data from
``organisations.csv`` and ``waves.csv``, or a plain scheme for a user's own table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from natomap.data import Row
from natomap.errors import DataError, OptionError
from natomap.geodata import Geodata

__all__ = [
    "STATUSES",
    "Membership",
    "MembershipTable",
    "Organisation",
    "Wave",
    "bundled_table",
]

STATUSES = ("member", "frozen", "aspirant", "partner")
"""A row's status: ``frozen`` is a member that has frozen its participation without leaving
(Armenia in the CSTO since 2024-02-22): still a member, drawn and told as such."""
MEMBER = frozenset({"member", "founding member", "frozen member"})
_RANK = {"frozen": -1, "member": 0, "aspirant": 1, "partner": 2}


@dataclass(frozen=True)
class Membership:
    """One interval of one status in one organisation; ``left`` is exclusive, None = ongoing."""

    org: str
    code: str
    status: str
    joined: dt.date
    left: dt.date | None
    source: str
    note: str = ""
    line: int = 0

    def active(self, day: dt.date) -> bool:
        return self.joined <= day and (self.left is None or day < self.left)


@dataclass(frozen=True)
class Wave:
    """Members who joined between two days, coloured alike (``waves.csv``)."""

    key: str
    label: str
    joined_from: dt.date
    joined_to: dt.date
    source: str

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.joined_from <= day <= self.joined_to


@dataclass(frozen=True)
class Organisation:
    """How an organisation's map is told.

    ``blocs`` are the organisations drawn as Russia's side on its map (NATO's: the Warsaw
    Pact, then the CSTO); ``border`` whether its land border with Russia is drawn by default;
    ``events`` whether the captions of ``events.csv`` belong to its story (NATO's only: a
    user's EU map tells the EU's changes, not NATO's); ``official_borders`` whether surveyed
    lengths of its border pairs are in ``official_borders.csv``.
    """

    key: str
    name: str
    stem: str
    waves: tuple[Wave, ...] = ()
    blocs: tuple[str, ...] = ()
    bloc_label: str = ""
    border: bool = False
    events: bool = False
    official_borders: bool = False
    source: str = ""

    def wave(self, joined: dt.date | None) -> Wave | None:
        return next((w for w in self.waves if w.holds(joined)), None)

    @staticmethod
    def own(key: str, name: str | None = None) -> Organisation:
        """The plain scheme of a user's organisation: members, former members, aspirants,
        partners; no waves, no blocs, no border unless asked, no bundled captions."""
        slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "organisation"
        return Organisation(key=key, name=name or key, stem=f"{slug[:60]}-membership")


@dataclass(frozen=True, eq=False)
class MembershipTable:
    """Membership intervals of one or more organisations, with their schemes.

    >>> nato = bundled_table()
    >>> len(nato.members("nato", "2004-03-29"))
    26
    >>> "DDR" in nato.members("warsaw-pact", "1989-11-09")
    True
    """

    rows: tuple[Membership, ...]
    organisations: tuple[Organisation, ...]
    year_only: bool = False
    origin: str = ""
    _index: dict[tuple[str, str], tuple[Membership, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for m in self.rows:
            if not re.fullmatch(r"https?://\S+", m.source or ""):
                raise DataError(
                    self.origin or f"<table row for {m.code}>",
                    m.line or None,
                    "source",
                    f"'{m.source}' is not a URL (every fact needs a source)",
                )
        known = {o.key for o in self.organisations}
        missing = sorted({m.org for m in self.rows} - known)
        if missing:
            raise ValueError(f"no Organisation given for {', '.join(missing)}")
        index: dict[tuple[str, str], list[Membership]] = {}
        for m in self.rows:
            index.setdefault((m.org, m.code), []).append(m)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    # Equal tables are interchangeable (and share caches): compare by content, hash once.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MembershipTable):
            return NotImplemented
        return self is other or (self._key == other._key)

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _key(self) -> tuple[object, ...]:
        return (self.rows, self.organisations, self.year_only)

    @cached_property
    def _hash(self) -> int:
        return hash(self._key)

    def __iter__(self) -> Iterator[object]:
        # natomap 0.1's read_table returned (rows, year_only); keep that unpacking working.
        import warnings

        warnings.warn(
            "read_table() now returns a MembershipTable; pass it as memberships=table "
            "instead of unpacking it",
            DeprecationWarning,
            stacklevel=2,
        )
        return iter((self, self.year_only))

    def __repr__(self) -> str:
        orgs = ", ".join(o.key for o in self.organisations)
        origin = f" from {self.origin}" if self.origin else ""
        return f"<MembershipTable {orgs}: {len(self.rows)} rows{origin}>"

    # --- organisations ---------------------------------------------------------------------

    def orgs(self) -> list[str]:
        """The organisation keys present, in the order of their schemes."""
        return [o.key for o in self.organisations]

    def organisation(self, name: str) -> Organisation:
        """The scheme of ``name``: its key or display name, in any case ("NATO", "nato",
        "Warsaw Pact"); OptionError with the closest names otherwise."""
        wanted = _fold(name)
        for o in self.organisations:
            if wanted in (_fold(o.key), _fold(o.name)):
                return o
        known = [o.key for o in self.organisations]
        close = difflib.get_close_matches(wanted, [_fold(k) for k in known], n=2, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise OptionError(
            f"unknown organisation '{name}' (known: {', '.join(known)}{hint}; "
            "or map your own table with --data FILE.csv / memberships=read_table(FILE))"
        )

    def key(self, name: str) -> str:
        return self.organisation(name).key

    # --- who belongs -------------------------------------------------------------------------

    def rows_of(self, org: str) -> tuple[Membership, ...]:
        return tuple(m for m in self.rows if m.org == org)

    def members(self, org: str, day: dt.date) -> list[str]:
        """Codes of the members of ``org`` on ``day``, sorted."""
        return sorted(
            {m.code for m in self.rows if m.org == org and m.status == "member" and m.active(day)}
        )

    def founding_date(self, org: str) -> dt.date:
        """The day the first members joined; members from that day are founders."""
        return self._founding[org]

    @cached_property
    def _founding(self) -> dict[str, dt.date]:
        out: dict[str, dt.date] = {}
        for m in self.rows:
            if m.status == "member" and (m.org not in out or m.joined < out[m.org]):
                out[m.org] = m.joined
        return out

    def accession(self, org: str, code: str) -> dt.date | None:
        """The first day ``code`` was a member of ``org``, or None."""
        return self._accessions.get((org, code))

    @cached_property
    def _accessions(self) -> dict[tuple[str, str], dt.date]:
        # Asked for every territory of every frame (``status`` asks it of non-members).
        out: dict[tuple[str, str], dt.date] = {}
        for key, rows in self._index.items():
            days = [m.joined for m in rows if m.status == "member"]
            if days:
                out[key] = min(days)
        return out

    def status(self, org: str, code: str, day: dt.date) -> str:
        """``code``'s status in ``org`` on ``day``: founding member, member, frozen member,
        former member, aspirant, partner or none.

        Membership outranks aspiring, which outranks partnership, so a partner that applies
        is an aspirant and an aspirant that joins is a member. A member that has left is a
        former member unless it is something else again.
        """
        rows = self._index.get((org, code), ())
        active = [m for m in rows if m.active(day)]
        if not active:
            joined = self.accession(org, code)
            return "former member" if joined is not None and joined <= day else "none"
        best = min(active, key=lambda m: _RANK[m.status])
        if best.status == "frozen":
            return "frozen member"
        if best.status == "member" and best.joined == self._founding.get(org):
            return "founding member"
        return best.status

    def deciding(self, org: str, code: str, day: dt.date) -> Membership | None:
        """The row that decides ``code``'s status in ``org`` on ``day`` (for a former member,
        its last membership row), or None: where a frame's status and its source come from."""
        rows = self._index.get((org, code), ())
        active = [m for m in rows if m.active(day)]
        if active:
            return min(active, key=lambda m: _RANK[m.status])
        past = [m for m in rows if m.status == "member" and m.joined <= day]
        return max(past, key=lambda m: m.joined) if past else None

    def notes(self, org: str, code: str, day: dt.date) -> list[str]:
        """The notes of ``code``'s rows in ``org`` that hold on ``day``."""
        return [m.note for m in self._index.get((org, code), ()) if m.note and m.active(day)]

    def change_dates(self, org: str) -> list[dt.date]:
        """Every day a row of ``org`` starts or ends."""
        days = {m.joined for m in self.rows if m.org == org}
        days |= {m.left for m in self.rows if m.org == org and m.left}
        return sorted(days)


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "-", text.strip().lower())


def bundled_table(geodata: Geodata | None = None) -> MembershipTable:
    """The bundled ``memberships.csv`` with the schemes of ``organisations.csv``, read and
    checked once per geodata folder."""
    geodata = geodata or Geodata.default()
    return geodata.memo("memberships", lambda: _load_bundled(geodata))


def _load_bundled(geodata: Geodata) -> MembershipTable:
    name = "memberships.csv"
    path = geodata.path(name)
    out = []
    for row in geodata.rows(name, ("org", "code", "status", "joined", "left", "source")):
        out.append(_membership(row, row.text("org"), row.text("code")))
    check_rows(out, path, geodata)
    orgs = load_organisations(geodata)
    unknown = sorted({m.org for m in out} - {o.key for o in orgs})
    if unknown:
        line = next(m.line for m in out if m.org == unknown[0])
        raise DataError(path, line, "org", f"'{unknown[0]}' is not in organisations.csv")
    return MembershipTable(tuple(out), orgs, origin=str(path))


def _membership(row: Row, org: str, code: str) -> Membership:
    row.check_order("joined", "left")
    return Membership(
        org=org,
        code=code,
        status=row.choice("status", STATUSES) if row.values.get("status") else "member",
        joined=row.day("joined"),  # type: ignore[arg-type]
        left=row.day("left", False),
        source=row.url(),
        note=row.text("note", False),
        line=row.line,
    )


def load_organisations(geodata: Geodata) -> tuple[Organisation, ...]:
    """``organisations.csv`` with each organisation's waves from ``waves.csv``."""
    waves: dict[str, list[Wave]] = {}
    wave_columns = ("org", "wave", "label", "joined_from", "joined_to", "source")
    for row in geodata.rows("waves.csv", wave_columns):
        start, end = row.day("joined_from"), row.day("joined_to")
        if start and end and end < start:  # both days count: a wave may be one day
            raise row.error("joined_to", f"joined_to {end} is before joined_from {start}")
        waves.setdefault(row.text("org"), []).append(
            Wave(
                row.text("wave"),
                row.text("label"),
                row.day("joined_from"),  # type: ignore[arg-type]
                row.day("joined_to"),  # type: ignore[arg-type]
                row.url(),
            )
        )
    columns = ("org", "name", "stem", "blocs", "bloc_label", "border", "events", "source")
    out = []
    for row in geodata.rows("organisations.csv", columns):
        key = row.text("org")
        out.append(
            Organisation(
                key=key,
                name=row.text("name"),
                stem=row.text("stem"),
                waves=tuple(waves.get(key, ())),
                blocs=tuple(b.strip() for b in row.text("blocs", False).split(";") if b.strip()),
                bloc_label=row.text("bloc_label", False) or row.text("name"),
                border=row.choice("border", ("yes", "no")) == "yes",
                events=row.choice("events", ("yes", "no")) == "yes",
                official_borders=row.values.get("official_borders") == "yes",
                source=row.url(),
            )
        )
    return tuple(out)


def check_rows(rows: Iterable[Membership], path: object, geodata: Geodata) -> None:
    """Table-wide checks: no duplicate rows, no overlapping intervals of one status, and
    every code a territory that exists for the whole interval."""
    from pathlib import Path

    path = Path(str(path))
    rows = list(rows)
    seen: dict[tuple[str, str, str, dt.date], int] = {}
    for m in rows:
        key = (m.org, m.code, m.status, m.joined)
        if key in seen:
            raise DataError(
                path, m.line, None, f"duplicate membership row (same as line {seen[key]})"
            )
        seen[key] = m.line
    by_key: dict[tuple[str, str, str], list[Membership]] = {}
    for m in rows:
        by_key.setdefault((m.org, m.code, m.status), []).append(m)
    for spans in by_key.values():
        spans.sort(key=lambda m: m.joined)
        for before, after in zip(spans, spans[1:], strict=False):
            if before.left is None or after.joined < before.left:
                raise DataError(
                    path,
                    after.line,
                    "joined",
                    f"{after.code} is already {after.status} of {after.org} on {after.joined} "
                    f"(line {before.line})",
                )
    check_coverage(rows, path, geodata)


def check_coverage(
    rows: Iterable[Membership], path: object, geodata: Geodata, field: str = "code"
) -> None:
    """Every membership's code names a territory that exists for the whole interval."""
    from pathlib import Path

    spans = geodata.territory_spans()
    for m in rows:
        if m.code not in spans:
            raise DataError(Path(str(path)), m.line, field, f"unknown territory code '{m.code}'")
        day, end = m.joined, m.left or dt.date.today()
        for start, stop in sorted(spans[m.code], key=lambda s: s[0] or dt.date.min):
            if (start is None or start <= day) and (stop is None or day < stop):
                day = stop or end
            if day >= end:
                break
        if day < end:
            described = ", ".join(
                f"{a or 'from the start'} to {b or 'today'}" for a, b in spans[m.code]
            )
            raise DataError(
                Path(str(path)),
                m.line,
                field,
                f"'{m.code}' has no territory on {day} (it exists {described})",
            )


def members(
    date: dt.date | str | None = None,
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    geodata: Geodata | None = None,
) -> list[str]:
    """Codes of the members of ``org`` (key or name, any case) on ``date`` (default: today).

    >>> len(members("2004-03-29"))
    26
    >>> "DDR" in members("1989-11-09", org="Warsaw Pact")
    True
    """
    import warnings

    from natomap.dates import to_day

    table = memberships or bundled_table(geodata)
    if isinstance(date, str) and not re.match(r"[0-9]{4}-", date.strip()):
        # natomap 0.1 took (org, date): members("nato", "2004-03-29").
        warnings.warn(
            "members(org, date) is deprecated; call members(date, org=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        old_date: Any = None if org == "nato" else org  # the default, or the old date
        date, org = old_date, str(date)
    day = to_day(date or dt.date.today(), geodata)
    return table.members(table.key(org), day)
