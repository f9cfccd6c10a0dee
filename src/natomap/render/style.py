"""What colour a territory gets on a date: the categories every renderer shares.

The HTML map, the static maps and the GIF must tell the same story in the same colours, so
the classification and the palette live here once. The palette is Okabe-Ito based, readable
with the common forms of colour blindness; held-but-unrecognised territory is hatched as well
as coloured, so it does not rely on colour alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import pandas as pd

from natomap.data import Row, geodata_path, read_rows
from natomap.membership import accession

__all__ = ["CATEGORIES", "Category", "classify", "legend"]


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
    return [c for c, _, _ in _waves(org)] + list(_FIXED.values())


CATEGORIES = categories()


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


def legend(org: str = "nato") -> list[Category]:
    """Alias of :func:`categories` for renderers."""
    return categories(org)
