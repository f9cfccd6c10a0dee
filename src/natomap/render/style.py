"""What colour a territory gets on a date: the categories every renderer shares.

The HTML map, the static maps and the GIF must tell the same story in the same colours, so
the classification and the palette live here once. The palette is Okabe-Ito based, readable
with the common forms of colour blindness; held-but-unrecognised territory is hatched as well
as coloured, so it does not rely on colour alone.

NATO from natomap's own data is coloured by accession wave, against the Warsaw Pact and the
USSR/Russia. Any other organisation (a user's ``--data`` table, or the bundled Warsaw Pact) is
coloured by membership only: members, former members, aspirants and partners (when the table
has them) and other countries. Russia gets no colour of its own there, since it may be a
member (the CSTO); territory held without recognition (Crimea) stays hatched, because the
de jure view draws it on every map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import pandas as pd

from natomap.data import Row, geodata_path, read_rows
from natomap.membership import accession, display_name, is_bundled_nato, rows, year_only

__all__ = [
    "HATCH_FILL",
    "YEAR_NOTE",
    "Category",
    "categories",
    "classify",
    "notes",
]


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    fill: str
    hatch: bool = False


_FIXED = {
    "warsaw-pact": Category("warsaw-pact", "Warsaw Pact (1955–1991)", "#E69F00"),
    "russia": Category("russia", "USSR / Russia", "#D55E00"),
    "held": Category("held", "Held by Russia, not recognised (Crimea)", "#F4B183", hatch=True),
    "aspirant": Category("aspirant", "NATO aspirants", "#F0E442"),
    "other": Category("other", "Other countries", "#D9D9D9"),
}
# Members in the darkest blue of the NATO palette, former members in its palest, so a user's
# map reads like natomap's own.
_GENERIC = {
    "member": Category("member", "Members of {org}", "#1B4F8A"),
    "former": Category("former", "Former members", "#9DB9D6"),
    "aspirant": Category("aspirant", "Aspirants", "#F0E442"),
    "partner": Category("partner", "Partners", "#CC79A7"),
}
_GENERIC_STATUS = {
    "founding member": "member",
    "member": "member",
    "former member": "former",
    "aspirant": "aspirant",
    "partner": "partner",
}
YEAR_NOTE = "Dates given as a year are shown from 1 January"
HATCH_FILL = _FIXED["russia"].fill
"""The hatch lines over held territory: Russia's colour, on every map."""
_WAVE_FILLS = ["#1B4F8A", "#3F88C5", "#56B4E9", "#009E73", "#7FC6B0", "#9DB9D6"]


@cache
def _waves(org: str = "nato") -> tuple[tuple[Category, dt.date, dt.date], ...]:
    path = geodata_path("waves.csv")
    columns = ("org", "wave", "label", "joined_from", "joined_to", "source")
    out = []
    for line, values in read_rows(path, columns):
        row = Row(path, line, values)
        if row.text("org") != org:
            continue
        fill = _WAVE_FILLS[len(out) % len(_WAVE_FILLS)]
        out.append(
            (
                Category(row.text("wave"), row.text("label"), fill),
                row.day("joined_from"),
                row.day("joined_to"),
            )
        )
    return tuple(out)


def categories(org: str = "nato") -> list[Category]:
    """The legend's entries, in the order the legend lists them."""
    if is_bundled_nato(org):
        return [c for c, _, _ in _waves(org)] + list(_FIXED.values())
    table = [m for m in rows() if m.org == org]
    wanted = {"member"} | {m.status for m in table} | ({"former"} if _anyone_left(table) else set())
    out = [
        Category(c.key, c.label.format(org=display_name(org)), c.fill)
        for c in _GENERIC.values()
        if c.key in wanted
    ]
    return out + [_FIXED["held"], _FIXED["other"]]


def _anyone_left(table: list) -> bool:
    """Whether some country left ``org`` for good (not to rejoin the same day)."""
    members = [m for m in table if m.status == "member"]
    rejoined = {(m.code, m.joined) for m in members}
    return any(m.left and (m.code, m.left) not in rejoined for m in members)


def notes(org: str = "nato") -> list[str]:
    """Lines a legend adds under its entries: how bare-year dates are drawn."""
    return [YEAR_NOTE] if year_only() else []


def _wave(org: str, joined: dt.date | None) -> str | None:
    for category, start, end in _waves(org):
        if joined and start <= joined <= end:
            return category.key
    return None


def classify(frame: gpd.GeoDataFrame, org: str = "nato") -> pd.Series:
    """The category key of each row of an ``atlas()`` frame.

    Russia's holdings come first (a held territory keeps its de jure owner's status in the
    table, but the map shows who holds it), then NATO membership by accession wave, then the
    Warsaw Pact, then aspirants.
    """

    if not is_bundled_nato(org):
        return _classify_generic(frame, org)

    def one(row: pd.Series) -> str:
        if row.russia_held and row.held_by != row.sovereign:
            return "held"
        if row.russia_held:
            return "russia"
        if row.nato_status in ("member", "founding member"):
            return _wave(org, accession(org, row.sovereign)) or "other"
        if row.warsaw_pact_status in ("member", "founding member"):
            return "warsaw-pact"
        if row.nato_status == "aspirant":
            return "aspirant"
        return "other"

    return frame.apply(one, axis=1).rename("category")


def _classify_generic(frame: gpd.GeoDataFrame, org: str) -> pd.Series:
    """Membership categories from the ``status`` column ``atlas(..., org=org)`` adds."""
    if "status" not in frame.columns:
        raise ValueError(f"classify: the atlas frame has no status for {org}; use atlas(org=)")
    held = frame.russia_held & (frame.held_by != frame.sovereign)
    keys = [
        "held" if h else _GENERIC_STATUS.get(s, "other")
        for h, s in zip(held, frame.status, strict=True)
    ]
    return pd.Series(keys, index=frame.index, name="category")
