"""Forces on the map: NATO's eastern presence and Russia's forward forces, by date.

Deployments are points on the timeline, not territory: a battlegroup in Tapa does not change
who Estonia belongs to. They live in ``forces.csv`` (one row per deployment, each with its
source and the source of its coordinates) and are read by the frames and the renderers; the
atlas never sees them. Points are towns or bases as the table says, not exact positions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from natomap.data import no_duplicates
from natomap.errors import DataError
from natomap.geodata import Geodata

__all__ = ["KINDS", "Deployment", "deployments", "forces"]

KINDS = {
    "nfiu": "NATO Force Integration Unit",
    "efp": "NATO battlegroup or brigade (forward presence)",
    "missile-defence": "NATO missile defence site (Aegis Ashore)",
    "us-deployment": "US reinforcements (2022)",
    "russian-base": "Russian military base abroad",
    "russian-forces": "Russian forces deployed abroad",
}
"""Kinds of deployment, in legend order, with what the legend calls them."""
SIDES = ("nato", "russia")


@dataclass(frozen=True)
class Deployment:
    """One deployment: who, what, where, from when until when (``end`` exclusive)."""

    id: str
    name: str
    side: str
    kind: str
    country: str
    place: str
    lon: float
    lat: float
    coord_source: str
    start: dt.date
    end: dt.date | None
    troops: int | None
    troops_date: dt.date | None
    lead: str
    source: str
    note: str = ""
    line: int = 0

    def active(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def deployments(geodata: Geodata | None = None) -> tuple[Deployment, ...]:
    """Every row of ``forces.csv``, checked (an empty tuple if the folder has no such file)."""
    geodata = geodata or Geodata.default()
    return geodata.memo("forces", lambda: _load(geodata))


def _load(geodata: Geodata) -> tuple[Deployment, ...]:
    name = "forces.csv"
    if name not in geodata.manifest["files"]:
        return ()
    columns = ("id", "name", "side", "kind", "country", "place", "lon", "lat", "start", "source")
    out = []
    for row in geodata.rows(name, columns):
        row.check_order("start", "end")
        troops = row.number("troops", 1, 1_000_000, required=False)
        if troops is not None and not row.values.get("troops_date"):
            raise row.error("troops_date", "a troop number needs the date it was given for")
        out.append(
            Deployment(
                id=row.text("id"),
                name=row.text("name"),
                side=row.choice("side", SIDES),
                kind=row.choice("kind", tuple(KINDS)),
                country=row.text("country"),
                place=row.text("place"),
                lon=row.number("lon", -180, 180),  # type: ignore[arg-type]
                lat=row.number("lat", -90, 90),  # type: ignore[arg-type]
                coord_source=row.url("coord_source"),
                start=row.day("start"),  # type: ignore[arg-type]
                end=row.day("end", False),
                troops=int(troops) if troops is not None else None,
                troops_date=row.day("troops_date", False),
                lead=row.text("lead", False),
                source=row.url(),
                note=row.text("note", False),
                line=row.line,
            )
        )
    no_duplicates(out, lambda d: d.id, geodata.path(name), "deployment id")
    spans = geodata.territory_spans()
    for d in out:
        if d.country not in spans:
            raise DataError(geodata.path(name), d.line, "country", f"unknown country '{d.country}'")
    return tuple(out)


def active_on(day: dt.date, geodata: Geodata | None = None) -> tuple[Deployment, ...]:
    """The deployments in place on ``day``."""
    return tuple(d for d in deployments(geodata) if d.active(day))


def forces(
    date: dt.date | str | None = None, *, geodata: Geodata | None = None
) -> gpd.GeoDataFrame:
    """The deployments in place on ``date`` (default today), one point each (EPSG:4326).

    Columns: ``id``, ``name``, ``side``, ``kind``, ``country``, ``place``, ``lat``, ``lon``,
    ``start``, ``end``, ``troops`` (where a source gives a number; ``troops_date`` says
    when), ``lead``, ``source``, ``coord_source``, ``note``, ``geometry``.

    >>> sorted(forces("2017-07-01").query("kind == 'efp'").place)
    ['Orzysz', 'Rukla', 'Tapa', 'Ādaži']
    """
    from natomap.dates import to_day

    geodata = geodata or Geodata.default()
    day = to_day(date or dt.date.today(), geodata)
    rows = [
        {
            "id": d.id,
            "name": d.name,
            "side": d.side,
            "kind": d.kind,
            "country": d.country,
            "place": d.place,
            "lat": d.lat,
            "lon": d.lon,
            "start": pd.Timestamp(d.start),
            "end": pd.Timestamp(d.end) if d.end else pd.NaT,
            "troops": d.troops,
            "troops_date": pd.Timestamp(d.troops_date) if d.troops_date else pd.NaT,
            "lead": d.lead,
            "source": d.source,
            "coord_source": d.coord_source,
            "note": d.note,
        }
        for d in active_on(day, geodata)
    ]
    frame = pd.DataFrame(rows, columns=list(_COLUMNS))
    frame["troops"] = frame["troops"].astype("Int64")
    geometry = gpd.points_from_xy(frame.lon, frame.lat, crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


_COLUMNS = (
    "id",
    "name",
    "side",
    "kind",
    "country",
    "place",
    "lat",
    "lon",
    "start",
    "end",
    "troops",
    "troops_date",
    "lead",
    "source",
    "coord_source",
    "note",
)
