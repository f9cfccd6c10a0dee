"""The dates on which something changes, and what changed on each.

A change is read off the data: a membership interval starting or ending, a territory coming
into being, changing hands or changing its borders, or an event worth a caption. Each change
is kept as data (who, what, which organisation, since when, on what source); sentences are
made from it, never parsed back out of text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from natomap.geodata import Geodata, Territory
from natomap.memberships import MembershipTable, Organisation

__all__ = ["Change", "changes", "timeline_table"]


@dataclass(frozen=True, order=True)
class Change:
    """One fact that starts or ends on ``date``.

    ``kind`` is member, aspirant, partner (a membership row of ``org``), territory or event;
    ``action`` says what happened (joins, leaves, appears, held, renamed, borders, ceases,
    event); ``name`` is the territory's name of that day.
    """

    date: dt.date
    kind: str
    code: str
    org: str
    action: str
    name: str
    text: str
    source: str
    drawn: bool = True


_VERBS = {
    "member": ("joins {org}", "leaves {org}"),
    "aspirant": ("becomes an aspirant to {org}", "is no longer an aspirant to {org}"),
    "partner": ("becomes a partner of {org}", "is no longer a partner of {org}"),
    "frozen": ("freezes its participation in {org}", "resumes its participation in {org}"),
}


def changes(
    table: MembershipTable,
    organisation: Organisation,
    geodata: Geodata,
    drawn_kinds: frozenset[str],
) -> tuple[Change, ...]:
    """Every change of ``organisation``'s map, in date order.

    Its own membership rows and those of the blocs it is drawn against, the territories'
    changes, and (for an organisation whose ``events`` are the bundled captions) the events.
    ``drawn_kinds`` are the membership statuses the map shows; a change of another status
    (a partnership on NATO's map) is listed but does not make a frame.
    """
    orgs = {organisation.key, *organisation.blocs}
    names = {o.key: o.name for o in table.organisations}
    out: list[Change] = []
    for m in table.rows:
        if m.org not in orgs:
            continue
        drawn = m.status in drawn_kinds
        join, leave = _VERBS[m.status]
        name = geodata.sentence_name(m.code, m.joined)
        org_name = names[m.org]
        text = _capital(f"{name} {join.format(org=org_name)}")
        out.append(Change(m.joined, m.status, m.code, m.org, "joins", name, text, m.source, drawn))
        # An aspirant or partner that becomes a member is not news of its own.
        if m.left and not (m.status != "member" and _joins(table, m.code, m.org, m.left)):
            name = geodata.sentence_name(m.code, m.left - dt.timedelta(days=1))
            text = _capital(f"{name} {leave.format(org=org_name)}")
            out.append(
                Change(m.left, m.status, m.code, m.org, "leaves", name, text, m.source, drawn)
            )
    out += _territory_changes(geodata)
    if organisation.events:
        out += [
            Change(e.date, "event", "", "", "event", "", e.title, e.source, e.drawn)
            for e in geodata.events()
        ]
        out += _force_changes(geodata)
    return tuple(sorted(out))


_FORCES_PLURAL = {
    "nfiu": "NATO Force Integration Units",
    "efp": "NATO battlegroups",
    "missile-defence": "NATO missile-defence sites",
    "us-deployment": "US reinforcements",
    "russian-base": "Russian bases",
    "russian-forces": "Russian forces",
}


def _force_changes(geodata: Geodata) -> list[Change]:
    """Deployments starting or ending (``forces.csv``), one sentence per kind and day."""
    from natomap.deployments import Deployment, deployments

    grouped: dict[tuple[dt.date, str, str], list[Deployment]] = {}
    for d in deployments(geodata):
        grouped.setdefault((d.start, "starts", d.kind), []).append(d)
        if d.end:
            grouped.setdefault((d.end, "ends", d.kind), []).append(d)
    out = []
    for (day, action, kind), items in grouped.items():
        what = "In place" if action == "starts" else "No longer in place"
        if len(items) == 1:
            (d,) = items
            text = f"{what}: {d.name}, {d.place}"
        else:
            places = _and([d.place for d in items])
            text = f"{what}: {_FORCES_PLURAL[kind]} in {places}"
        source = items[0].source
        out.append(Change(day, "force", kind, "", action, "", text, source))
    return out


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    """A sentence starts with a capital, even when a name does not ("the Netherlands")."""
    return text[:1].upper() + text[1:]


def _joins(table: MembershipTable, code: str, org: str, day: dt.date) -> bool:
    return any(
        m.org == org and m.code == code and m.status == "member" and m.joined == day
        for m in table.rows
    )


def _territory_changes(geodata: Geodata) -> list[Change]:
    return geodata.memo("territory_changes", lambda: _load_territory_changes(geodata))


def _load_territory_changes(geodata: Geodata) -> list[Change]:
    territories = geodata.territories()
    out: list[Change] = []
    previous: dict[str, Territory] = {}
    for t in sorted(territories, key=lambda t: (t.valid_from or dt.date.min, t.line)):
        before = previous.get(t.code)
        previous[t.code] = t
        if t.valid_from is None:
            continue
        drawn = True
        if before is None and t.held_by != t.sovereign:
            holder = t.holder or geodata.name_of(t.held_by, t.valid_from)
            action, text = "held", f"{t.name}: held by {holder} (not recognised)"
        elif before is None:
            action, text = "appears", f"{t.name} appears on the map"
        elif before.name != t.name and before.parts == t.parts and before.regions == t.regions:
            action, text, drawn = "renamed", f"{before.name} becomes {t.name}", False
        else:
            action, text = "borders", f"{t.name}: new borders"
        out.append(
            Change(t.valid_from, "territory", t.code, "", action, t.name, text, t.source, drawn)
        )
    starts = {(t.code, t.valid_from) for t in territories}
    for t in territories:
        if t.valid_to and (t.code, t.valid_to) not in starts:
            text = f"{t.name} ceases to exist"
            out.append(
                Change(t.valid_to, "territory", t.code, "", "ceases", t.name, text, t.source)
            )
    return out


def timeline_table(
    all_changes: tuple[Change, ...],
    table: MembershipTable,
    organisation: Organisation,
    geodata: Geodata,
) -> pd.DataFrame:
    """One row per date on which something changes (see ``natomap.timeline``)."""
    today = dt.date.today()
    by_date: dict[dt.date, list[Change]] = {}
    for c in all_changes:
        if c.date <= today:
            by_date.setdefault(c.date, []).append(c)
    events = {e.date: e for e in geodata.events()} if organisation.events else {}
    rows = []
    for day, items in sorted(by_date.items()):
        facts = [c for c in items if c.kind != "event"]
        event = events.get(day)
        rows.append(
            {
                "date": pd.Timestamp(day),
                "title": event.title if event else "",
                "description": event.description if event else "",
                "changes": [c.text for c in facts],
                "drawn": any(c.drawn for c in items),
                "members": len(table.members(organisation.key, day)),
                "sources": sorted({c.source for c in items}),
            }
        )
    columns = ["date", "title", "description", "changes", "drawn", "members", "sources"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
