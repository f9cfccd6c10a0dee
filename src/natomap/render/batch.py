"""Every static output of ``natomap build``, drawn on every core.

One job per frame shows that frame on the film's still canvas, draws it once, and writes the
PNG and the GIF frame from that one drawing (and the SVG); the small multiples are one more
job, started first because it is the longest. The frames, the canvas (its layout measured)
and the GIF's palette are made before the workers fork, so each is worked out once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from natomap.film import Film
from natomap.outputs import Outputs
from natomap.render._parallel import start_calls
from natomap.render.animation import WIDTH_PX, GifFrame, film_palette, gif_frame, write_gif
from natomap.render.export import save_figure, save_raster
from natomap.render.static import enlargement_dates, film_canvas, panels_figure

__all__ = ["enlargement_dates", "start_static", "write_static"]


def _still_and_frame(
    film: Film, day: dt.date, outputs: Outputs, forces: bool, palette: bytes, lang: str = "en"
) -> GifFrame:
    canvas = film_canvas(film, forces=forces, lang=lang)
    figure = canvas.show(film.frame(day))
    rgb = canvas.raster()
    save_raster(rgb, outputs.still(day, "png"), figure.dpi)
    save_figure(figure, outputs.still(day, "svg"))
    return gif_frame(rgb, WIDTH_PX, palette)


def _panels(film: Film, path: Path, forces: bool, lang: str = "en") -> Path:
    return save_figure(panels_figure(film=film, forces=forces, lang=lang), path)


def write_static(
    film: Film,
    outputs: Outputs,
    workers: int | None = None,
    forces: bool = False,
    lang: str = "en",
) -> list[Path]:
    """Write ``maps/<date>.png|svg`` for every frame, ``panels.png`` and the GIF."""
    return start_static(film, outputs, workers, forces, lang)()


def start_static(
    film: Film,
    outputs: Outputs,
    workers: int | None = None,
    forces: bool = False,
    lang: str = "en",
) -> Callable[[], list[Path]]:
    """Start drawing the stills, the panels and the GIF's frames on worker processes; the
    returned function waits for them, writes the GIF and returns every path written."""
    days = film.dates
    film.frames  # noqa: B018  # computed here, once, before the workers fork
    palette = film_palette(film_canvas(film, forces=forces, lang=lang), film, WIDTH_PX)
    outputs.maps.mkdir(parents=True, exist_ok=True)
    jobs: list[Callable[[], object]] = [partial(_panels, film, outputs.panels, forces, lang)]
    jobs += [partial(_still_and_frame, film, d, outputs, forces, palette, lang) for d in days]
    pending = start_calls(jobs, workers, film=film)

    def finish() -> list[Path]:
        panels, *frames = pending()
        gif = write_gif(outputs.gif, frames, palette)  # type: ignore[arg-type]
        stills = [outputs.still(d, ext) for d in days for ext in ("png", "svg")]
        return [*stills, panels, gif]  # type: ignore[list-item]

    finish.pool = getattr(pending, "pool", None)  # type: ignore[attr-defined]
    return finish
