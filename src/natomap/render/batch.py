"""Every static output of ``natomap build``, drawn on every core.

One job per frame date draws the still (saved as PNG and SVG) and the GIF frame of that
date, so the atlas, the categories and the border of a date are computed once for both; the
small multiples are one more job, started first because it is the longest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from natomap.atlas import View
from natomap.membership import output_stem
from natomap.render._parallel import start_calls
from natomap.render.animation import gif_frame, write_gif
from natomap.render.export import save_figure
from natomap.render.static import map_figure, panels_figure

__all__ = ["enlargement_dates", "gif_name", "start_static", "write_static"]


def enlargement_dates(org: str = "nato") -> list[dt.date]:
    """The frames on which ``org`` gains members: the default small multiples."""
    from natomap.timeline import frames, timeline

    table = timeline(org).set_index("date")
    days = frames(org)
    return [
        d
        for prev, d in zip([None, *days], days, strict=False)
        if prev is None or table.members[d] > table.members[prev]
    ]


def _still_and_frame(
    day: dt.date, folder: Path, org: str, view: View, border: bool | None
) -> np.ndarray:
    fig = map_figure(day, org=org, view=view, border=border)
    save_figure(fig, folder / f"{day}.png")
    save_figure(fig, folder / f"{day}.svg")
    return gif_frame(day, org=org, view=view, border=border)


def _panels(path: Path, org: str, view: View, border: bool | None) -> Path:
    figure = panels_figure(enlargement_dates(org), org=org, view=view, border=border)
    return save_figure(figure, path)


def gif_name(org: str = "nato") -> str:
    """``nato-expansion.gif`` for NATO, ``<org>-membership.gif`` for another organisation."""
    return f"{output_stem(org)}.gif"


def write_static(
    out: Path,
    org: str = "nato",
    view: View = "de-jure",
    workers: int | None = None,
    border: bool | None = None,
) -> list[Path]:
    """Write ``out/maps/<date>.png|svg`` for every frame, ``out/panels.png`` and the GIF."""
    return start_static(out, org, view, workers, border)()


def start_static(
    out: Path,
    org: str = "nato",
    view: View = "de-jure",
    workers: int | None = None,
    border: bool | None = None,
) -> Callable[[], list[Path]]:
    """Start drawing the stills, the panels and the GIF's frames on worker processes; the
    returned function waits for them, writes the GIF and returns every path written.

    The workers draw the membership table in use (a user's ``--data`` too): ``start_calls``
    hands it to each of them.
    """
    from natomap.timeline import frames

    days = frames(org)
    folder = out / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [partial(_panels, out / "panels.png", org, view, border)]
    jobs += [partial(_still_and_frame, d, folder, org, view, border) for d in days]
    pending = start_calls(jobs, workers)

    def finish() -> list[Path]:
        panels, *rasters = pending()
        gif = write_gif(out / gif_name(org), rasters, org=org)
        stills = [folder / f"{d}.{ext}" for d in days for ext in ("png", "svg")]
        return [*stills, panels, gif]

    return finish
