"""Every static output of ``natomap build``, drawn on every core.

One job per frame draws the still (saved as PNG and SVG) and the GIF frame of that date from
the same frame; the small multiples are one more job, started first because it is the
longest. The frames are computed before the workers start, so each is worked out once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from natomap.film import Film
from natomap.outputs import Outputs
from natomap.render._parallel import start_calls
from natomap.render.animation import gif_frame, write_gif
from natomap.render.export import save_figure
from natomap.render.static import map_figure, panels_figure

__all__ = ["enlargement_dates", "start_static", "write_static"]


def enlargement_dates(film: Film) -> list[dt.date]:
    """The frames on which the organisation gains members: the default small multiples."""
    out: list[dt.date] = []
    previous = 0
    for frame in film.frames:
        if not out or len(frame.members) > previous:
            out.append(frame.date)
        previous = len(frame.members)
    return out


def _still_and_frame(film: Film, day: dt.date, outputs: Outputs, forces: bool) -> np.ndarray:
    # Every still lists the whole legend, so all have one size and a slideshow never jumps.
    fig = map_figure(day, film=film, all_categories=True, forces=forces)
    save_figure(fig, outputs.still(day, "png"))
    save_figure(fig, outputs.still(day, "svg"))
    return gif_frame(film, day, forces=forces)


def _panels(film: Film, path: Path, forces: bool) -> Path:
    return save_figure(panels_figure(enlargement_dates(film), film=film, forces=forces), path)


def write_static(
    film: Film, outputs: Outputs, workers: int | None = None, forces: bool = False
) -> list[Path]:
    """Write ``maps/<date>.png|svg`` for every frame, ``panels.png`` and the GIF."""
    return start_static(film, outputs, workers, forces)()


def start_static(
    film: Film, outputs: Outputs, workers: int | None = None, forces: bool = False
) -> Callable[[], list[Path]]:
    """Start drawing the stills, the panels and the GIF's frames on worker processes; the
    returned function waits for them, writes the GIF and returns every path written."""
    days = film.dates
    film.frames  # noqa: B018  # computed here, once, before the workers fork
    outputs.maps.mkdir(parents=True, exist_ok=True)
    jobs: list[Callable[[], object]] = [partial(_panels, film, outputs.panels, forces)]
    jobs += [partial(_still_and_frame, film, d, outputs, forces) for d in days]
    pending = start_calls(jobs, workers, film=film)

    def finish() -> list[Path]:
        panels, *rasters = pending()
        gif = write_gif(outputs.gif, rasters, film)  # type: ignore[arg-type]
        stills = [outputs.still(d, ext) for d in days for ext in ("png", "svg")]
        return [*stills, panels, gif]  # type: ignore[list-item]

    finish.pool = getattr(pending, "pool", None)  # type: ignore[attr-defined]
    return finish
