"""The names of the files natomap writes, decided in one place.

NATO's map is ``nato-expansion.*`` (the name its users link to); any other organisation's is
``<org>-membership.*`` (the stem comes with the organisation, ``Organisation.stem``), so two
maps built into one folder never overwrite each other's page or GIF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Outputs"]


@dataclass(frozen=True)
class Outputs:
    """Where each output of a build goes, inside ``folder``."""

    folder: Path
    stem: str = "nato-expansion"

    @property
    def html(self) -> Path:
        return self.folder / f"{self.stem}.html"

    @property
    def gif(self) -> Path:
        return self.folder / f"{self.stem}.gif"

    @property
    def gif_name(self) -> str:
        return f"{self.stem}.gif"

    @property
    def maps(self) -> Path:
        return self.folder / "maps"

    def still(self, day: dt.date, suffix: str) -> Path:
        return self.maps / f"{day.isoformat()}.{suffix}"

    @property
    def panels(self) -> Path:
        return self.folder / "panels.png"

    @property
    def stats_csv(self) -> Path:
        return self.folder / "stats.csv"

    @property
    def stats_png(self) -> Path:
        return self.folder / "stats.png"

    @property
    def manifest(self) -> Path:
        return self.folder / "natomap-build.json"
