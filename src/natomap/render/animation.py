"""The animated GIF: every frame of the timeline, its date and caption burnt in.

A GIF is for slides and messengers, where nothing can be clicked: the caption is in the
picture, the legend never moves, and the last frame stays up longer so it can be read. All
frames share one palette (the map has few colours; a palette per frame would make the
colours flicker and the file bigger).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

from natomap._io import atomic_path
from natomap.dates import long_date
from natomap.film import Film
from natomap.render import style
from natomap.render._parallel import parallel_calls
from natomap.render.export import check_writable
from natomap.render.static import legend_figure, map_figure
from natomap.render.style import categories

__all__ = ["FRAME_MS", "LAST_FRAME_MS", "animate", "gif_frame", "write_gif"]

FRAME_MS = 1400
LAST_FRAME_MS = 6000
WIDTH_PX = 800
_DPI = 100
# Text a little larger than on a printed map: a GIF is seen small, on slides and phones.
_TEXT_SCALE = 1.3


def gif_frame(
    film: Film, date: dt.date | str, width_px: int = WIDTH_PX, forces: bool = False
) -> np.ndarray:
    """One frame as an RGB array: the map with its date and caption, the legend under it."""
    frame = film.frame(date)
    count = len(frame.members)
    fig = map_figure(
        frame.date,
        width=width_px / _DPI,
        dpi=_DPI,
        title=f"{long_date(frame.date)} · {count} member{'s' * (count != 1)}",
        subtitle=frame.story.title,
        text_scale=_TEXT_SCALE,
        legend=False,
        film=film,
        forces=forces,
    )
    return np.concatenate([_raster(fig), _legend_strip(film, width_px, forces)])


def _legend_strip(film: Film, width_px: int, forces: bool = False) -> np.ndarray:
    """The legend of every category, the same pixels under every frame: it never moves, it
    costs one drawing, and the GIF encoder finds nothing to re-encode there."""
    return film.geodata.memo(
        ("legend_strip", film.table, film.key, film.border, width_px, forces),
        lambda: _raster(legend_figure(width_px / _DPI, _DPI, film, _TEXT_SCALE, forces)),
    )


def _raster(fig: Figure) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def write_gif(
    path: Path | str,
    rasters: list[np.ndarray],
    film: Film,
    durations: list[int] | None = None,
) -> Path:
    """Write RGB frames as a looping GIF with one shared palette, atomically."""
    if not rasters:
        raise ValueError("an animation needs at least one frame")
    durations = durations or [FRAME_MS] * (len(rasters) - 1) + [LAST_FRAME_MS]
    palette = _shared_palette(rasters, film)
    images = [
        Image.fromarray(r).quantize(palette=palette, dither=Image.Dither.NONE) for r in rasters
    ]
    with atomic_path(path) as tmp:
        images[0].save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=images[1:],
            duration=durations,
            loop=0,
            optimize=False,
            disposal=1,
        )
    return Path(path)


def _shared_palette(rasters: list[np.ndarray], film: Film) -> Image.Image:
    """One palette for every frame: the map's own colours exactly (so a fill in the GIF is
    the fill of the HTML map), then the blends that antialiasing makes, from frames side by
    side, so a colour that appears late (a new wave of members) has its entries too."""
    fixed = [c.fill for c in categories(film)]
    fixed += [style.EDGE, style.SEA, style.HATCH, style.BORDER, style.INK, "#FFFFFF"]
    exact = list(dict.fromkeys(tuple(round(255 * v) for v in to_rgb(c)) for c in fixed))
    step = max(1, len(rasters) // 8)
    sample = Image.fromarray(np.concatenate(rasters[::step] + [rasters[-1]], axis=0))
    blends = sample.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT)
    extra = blends.getpalette() or []
    colours = [*(v for c in exact for v in c), *extra[: 3 * (256 - len(exact))]]
    palette = Image.new("P", (1, 1))
    palette.putpalette(colours)
    return palette


def animate(
    path: Path | str,
    film: Film,
    width_px: int = WIDTH_PX,
    workers: int | None = None,
    forces: bool = False,
) -> Path:
    """Write the GIF of every frame of ``film`` to ``path``, drawing the frames on
    ``workers`` processes (default: every core); ``forces`` adds the deployments."""
    check_writable(path)
    frames = film.frames  # computed here once; the workers inherit or receive them
    jobs = [partial(gif_frame, film, f.date, width_px, forces) for f in frames]
    return write_gif(path, parallel_calls(jobs, workers, film=film), film)
