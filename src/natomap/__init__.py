"""natomap: animated maps of NATO's enlargement and Russia's borders, from sourced data."""

from typing import Any

from natomap.atlas import atlas
from natomap.data import DataError
from natomap.membership import members
from natomap.timeline import frames, timeline

__all__ = ["DataError", "atlas", "frames", "members", "static_map", "timeline"]


def __getattr__(name: str) -> Any:
    # matplotlib is imported only by those who draw static maps, not by every CLI command.
    if name == "static_map":
        from natomap.render.static import static_map

        return static_map
    raise AttributeError(f"module 'natomap' has no attribute '{name}'")
