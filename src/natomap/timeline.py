"""The dates on which the map changes, and what changed on each.

A change is read off the data: a membership interval starting or ending, a territory coming
into being or changing hands, or an event worth a caption. Grouped by date they give the
timeline; the dates on which the drawn map of an organisation changes are its frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pandas as pd

from natomap.data import Membership, atlas_features, load_events, load_territories
from natomap.membership import ORGS, bundled, founding_date, members, rows

__all__ = ["Change", "Story", "changes", "frames", "story", "timeline"]

# Kinds of change that recolour or redraw the map; partnerships are listed but not drawn.
DRAWN = {"member", "aspirant", "territory", "event"}


@dataclass(frozen=True, order=True)
class Change:
    date: dt.date
    kind: str
    code: str
    text: str
    source: str


def _names() -> dict[str, str]:
    """The latest name of each code, for sentences (``DEU`` is 'Germany', not 'West Germany')."""
    names: dict[str, str] = {}
    for t in sorted(load_territories(), key=lambda t: t.valid_from or dt.date.min):
        names[t.code] = t.name
    return names


def _name(code: str, day: dt.date, names: dict[str, str]) -> str:
    for t in load_territories():
        if t.code == code and t.valid(day):
            return t.name
    modern = {f.code: f.name for f in atlas_features("50m")}
    return modern.get(code) or names.get(code, code)


_VERBS = {
    "member": ("joins {org}", "leaves {org}"),
    "aspirant": ("becomes an aspirant to {org}", "is no longer an aspirant to {org}"),
    "partner": ("becomes a partner of {org}", "is no longer a partner of {org}"),
}


def changes() -> tuple[Change, ...]:
    """Every change in the data, in date order."""
    return _changes(rows())


@cache
def _changes(memberships: tuple[Membership, ...]) -> tuple[Change, ...]:
    names = _names()
    out: list[Change] = []
    for m in memberships:
        org = ORGS.get(m.org, m.org)
        join, leave = _VERBS[m.status]
        when_joined = m.joined - dt.timedelta(days=1)
        out.append(
            Change(
                m.joined,
                m.status,
                m.code,
                f"{_name(m.code, m.joined, names)} {join.format(org=org)}",
                m.source,
            )
        )
        # An aspirant or partner that becomes a member is not news of its own.
        if m.left and not (m.status != "member" and _joins(memberships, m.code, m.org, m.left)):
            out.append(
                Change(
                    m.left,
                    m.status,
                    m.code,
                    f"{_name(m.code, when_joined, names)} {leave.format(org=org)}",
                    m.source,
                )
            )
    previous: dict[str, object] = {}
    for t in sorted(load_territories(), key=lambda t: (t.valid_from or dt.date.min, t.line)):
        before = previous.get(t.code)
        previous[t.code] = t
        if t.valid_from is None:
            continue
        if before is None:
            text = f"{t.name} appears on the map"
        elif t.held_by != t.sovereign:
            text = f"{t.name} held by {_name(t.held_by, t.valid_from, names)} (not recognised)"
        elif before.name != t.name and before.parts == t.parts:
            text = f"{before.name} becomes {t.name}"
        else:
            text = f"{t.name}: new borders"
        out.append(Change(t.valid_from, "territory", t.code, text, t.source))
    for t in load_territories():
        if t.valid_to and not any(
            u.code == t.code and u.valid_from == t.valid_to for u in load_territories()
        ):
            out.append(
                Change(t.valid_to, "territory", t.code, f"{t.name} ceases to exist", t.source)
            )
    # The bundled events tell NATO's story; a user's own organisation gets its changes only.
    if memberships == bundled():
        out.extend(Change(e.date, "event", "", e.title, e.source) for e in load_events())
    return tuple(sorted(out))


def _joins(memberships: tuple[Membership, ...], code: str, org: str, day: dt.date) -> bool:
    return any(
        m.org == org and m.code == code and m.status == "member" and m.joined == day
        for m in memberships
    )


def timeline(org: str = "nato") -> pd.DataFrame:
    """One row per date on which something changes.

    Columns: ``date``, ``title`` (the event caption, if any), ``changes`` (what the data
    says changed, one sentence each), ``drawn`` (whether the map of ``org`` changes),
    ``members`` (how many members ``org`` has that day) and ``sources``.
    """
    today = dt.date.today()
    rows = []
    by_date: dict[dt.date, list[Change]] = {}
    for c in changes():
        if c.date <= today:
            by_date.setdefault(c.date, []).append(c)
    events = {e.date: e for e in load_events()}
    for day, items in sorted(by_date.items()):
        facts = [c for c in items if c.kind != "event"]
        rows.append(
            {
                "date": day,
                "title": events[day].title if day in events else "",
                "description": events[day].description if day in events else "",
                "changes": [c.text for c in facts],
                "drawn": any(c.kind in DRAWN for c in items),
                "members": len(members(org, day)),
                "sources": sorted({c.source for c in items}),
            }
        )
    return pd.DataFrame(rows)


def frames(org: str = "nato") -> list[dt.date]:
    """The dates on which the map of ``org`` changes, from the day its first members joined."""
    start = founding_date(org)
    table = timeline(org)
    return [d for d, drawn in zip(table.date, table.drawn, strict=True) if drawn and d >= start]


@dataclass(frozen=True)
class Story:
    """What a frame tells: a caption title, a longer description and a one-sentence text
    equivalent of the map for screen readers and alt text."""

    date: dt.date
    title: str
    description: str
    alt: str
    sources: tuple[str, ...]


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def story(date: dt.date | str, org: str = "nato") -> Story:
    """The caption and text equivalent of the map of ``org`` on ``date``.

    >>> story("1999-03-12").alt
    '12 March 1999: Czechia, Hungary and Poland join NATO, which now has 19 members.'
    """
    from natomap.data import to_day

    day = to_day(date)
    table = timeline(org)
    row = table[(table.date <= day) & table.drawn].iloc[-1]
    name = ORGS.get(org, org)
    count = len(members(org, day))
    joined = [
        c.code
        for c in changes()
        if c.date == row.date and c.kind == "member" and c.text.endswith(f"joins {name}")
    ]
    names_by_code = {
        c.code: c.text.removesuffix(f" joins {name}")
        for c in changes()
        if c.date == row.date and c.kind == "member"
    }
    when = f"{day.day} {day:%B %Y}"
    if joined and row.date == day:
        who = _join_names([names_by_code[c] for c in joined])
        verb = "joins" if len(joined) == 1 else "join"
        alt = f"{when}: {who} {verb} {name}, which now has {count} members."
    else:
        headline = row.title or "; ".join(row.changes)
        alt = f"{when}: {headline}. {name} has {count} members."
    title = row.title or "; ".join(row.changes)
    return Story(day, title, row.description, alt, tuple(row.sources))
