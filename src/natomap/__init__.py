"""natomap: animated maps of NATO's enlargement and Russia's borders, from sourced data."""

from typing import Any

from natomap.atlas import atlas
from natomap.borders import shared_border
from natomap.data import DataError
from natomap.membership import members, using
from natomap.render.html import animated_map
from natomap.stats import official_border_km, stats
from natomap.timeline import frames, timeline
from natomap.usertable import read_table

__all__ = [
    "DataError",
    "animated_map",
    "atlas",
    "frames",
    "members",
    "official_border_km",
    "read_table",
    "shared_border",
    "static_map",
    "stats",
    "timeline",
    "using",
]


def __getattr__(name: str) -> Any:
    # matplotlib is imported only by those who draw static maps, not by every CLI command.
    if name == "static_map":
        from natomap.render.static import static_map

        return static_map
    raise AttributeError(f"module 'natomap' has no attribute '{name}'")
