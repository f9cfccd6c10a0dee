"""What a place was on a day: for fact-checkers.

"Was Melitopol occupied in May 2022?", "Who claimed Zaporizhzhia in 2023?", "Was Tiraspol in
a Russian bloc?" The answer is read off the frame of that day: the territory the point lies
in, the state it belongs to de jure, who held it, who claimed it, and the memberships of its
state, each with the source of the fact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import shapely

from natomap.atlas import Resolution
from natomap.errors import OptionError
from natomap.film import Film, member_code
from natomap.geodata import Geodata
from natomap.memberships import MembershipTable

__all__ = ["where"]


def where(
    lat: float,
    lon: float,
    date: dt.date | str | None = None,
    *,
    memberships: MembershipTable | None = None,
    resolution: Resolution = "10m",
    geodata: Geodata | None = None,
) -> dict[str, Any]:
    """What the place at ``lat``, ``lon`` was on ``date`` (default today).

    Keys: ``date``, ``lat``, ``lon``, ``territory`` (code and name, or None at sea),
    ``de_jure`` (ISO code of the state it belongs to in international law), ``held_by``
    (ISO code of the state whose forces or proxies hold it against that, or None),
    ``holder`` (who holds it, in words), ``claimed_by`` (codes of states claiming it),
    ``approximate`` (whether the line there is an authored approximation), ``memberships``
    (organisation -> status of the de jure state that day) and ``sources``.

    >>> where(46.84, 35.37, "2022-06-01")["held_by"]  # Melitopol
    'RUS'
    """
    for name, value, low, high in (("lat", lat, -90, 90), ("lon", lon, -180, 180)):
        if not isinstance(value, int | float) or not low <= value <= high:
            raise OptionError(f"{name} must be a number from {low} to {high}, not {value!r}")
    film = Film.of("nato", memberships=memberships, geodata=geodata)
    day = film.frame_date(date or dt.date.today())
    frame = film.frame(day)
    geo = frame.geo(resolution)
    point = shapely.Point(lon, lat)
    hits = geo[geo.geometry.covers(point)]
    answer: dict[str, Any] = {"date": day.isoformat(), "lat": lat, "lon": lon}
    if hits.empty:
        answer.update(
            territory=None,
            de_jure=None,
            held_by=None,
            holder=None,
            claimed_by=[],
            approximate=False,
            memberships={},
            sources=[],
        )
        return answer
    row = hits.iloc[0]
    gd = film.geodata
    held = row.held_by if row.held_by != row.sovereign else None
    claimed = [c for c in (row.claimed_by or "").split(";") if c and c != row.sovereign]
    table = film.table
    statuses: dict[str, str] = {}
    sources: list[str] = []
    for org in table.organisations:
        code = member_code(gd, row.code, row.sovereign, org.key)
        statuses[org.key] = table.status(org.key, code, day)
        sources += [
            m.source for m in table.rows if m.org == org.key and m.code == code and m.active(day)
        ]
    territory_sources = [t.source for t in gd.territories() if t.code == row.code and t.valid(day)]
    answer.update(
        territory={"code": row.code, "name": row["name"], "today": row.current_name},
        de_jure=row.sovereign,
        held_by=held,
        holder=(row.holder or gd.name_of(held, day)) if held else None,
        claimed_by=claimed,
        approximate=bool(row.approximate),
        memberships=statuses,
        sources=sorted(set(territory_sources + sources)),
    )
    return answer
