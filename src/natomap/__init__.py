"""natomap: animated maps of NATO's enlargement and Russia's borders, from sourced data.

The pipeline, in the order data flows: ``Geodata`` (the facts folder) and ``MembershipTable``
(who belongs where, when) -> ``atlas`` (territories on a day) -> ``Film``/``Frame`` (one
frame per date the map changes) -> the renderers (``animated_map``, ``static_map``, ``explore`` and
``natomap.folium`` for folium maps, ``html_fragment`` for documentation pages) and the
measurements (``stats``).
"""

from typing import Any

from natomap.atlas import Atlas, atlas
from natomap.borders import shared_border
from natomap.deployments import forces
from natomap.errors import DataError, DateError, GeodataError, NatomapError, OptionError, UserError
from natomap.film import Film, Frame, Story, frame, frames, story, timeline
from natomap.geodata import Geodata
from natomap.lookup import where
from natomap.measure import official_border_km, stats
from natomap.memberships import MembershipTable, Organisation, bundled_table, members
from natomap.render.html import animated_map
from natomap.usertable import read_table

__all__ = [
    "Atlas",
    "DataError",
    "DateError",
    "Film",
    "Frame",
    "Geodata",
    "GeodataError",
    "MembershipTable",
    "NatomapError",
    "OptionError",
    "Organisation",
    "Story",
    "UserError",
    "animated_map",
    "atlas",
    "bundled_table",
    "explore",
    "frame",
    "forces",
    "frames",
    "html_fragment",
    "members",
    "official_border_km",
    "read_table",
    "shared_border",
    "static_map",
    "stats",
    "story",
    "timeline",
    "where",
]


def __getattr__(name: str) -> Any:
    # matplotlib is imported only by those who draw static maps, not by every CLI command.
    if name == "static_map":
        from natomap.render.static import static_map

        return static_map
    # folium is imported only by those who draw folium maps.
    if name == "explore":
        from natomap.render.explore import explore

        return explore
    if name == "folium":
        import importlib

        return importlib.import_module("natomap.folium")
    if name == "html_fragment":
        from natomap.render.embed import html_fragment

        return html_fragment
    if name == "using":
        from natomap._compat import using

        return using
    raise AttributeError(f"module 'natomap' has no attribute '{name}'")
