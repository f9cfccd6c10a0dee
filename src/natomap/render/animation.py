"""The animated GIF: every frame of the timeline, each the still of its date.

A GIF is for slides and messengers, where nothing can be clicked: the title and caption are
in the picture, the legend (every category, so it never moves) too, and the last frame
stays up longer so it can be read. A GIF frame is the still of its date scaled to the GIF's
width, from the same drawing as the still's PNG, never drawn a second time.

All frames share one palette, made before any frame is drawn (the map has few colours; a
palette per frame would make them flicker and the file bigger), so each frame is reduced to
it where it is drawn, and the file is written frame by frame as frames arrive: what waits
in memory is a frame's compressed palette indices, not its pixels.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from matplotlib.colors import to_rgb
from PIL import GifImagePlugin, Image, ImageChops

from natomap._io import atomic_path
from natomap.film import Film
from natomap.render import style
from natomap.render._layout import REF_WIDTH_IN
from natomap.render._parallel import parallel_calls
from natomap.render.export import check_writable
from natomap.render.static import StillCanvas, film_canvas
from natomap.render.style import categories

__all__ = ["FRAME_MS", "LAST_FRAME_MS", "GifFrame", "animate", "gif_frame", "write_gif"]

FRAME_MS = 1400
LAST_FRAME_MS = 6000
WIDTH_PX = 800
STILL_DPI = 150


@dataclass(frozen=True)
class GifFrame:
    """One frame reduced to the GIF's palette: its size and its indices, zlib-compressed
    (a few tens of kB, where the RGB pixels are 2 MB)."""

    size: tuple[int, int]
    indices: bytes

    def image(self, palette: bytes) -> Image.Image:
        image = Image.frombytes("P", self.size, zlib.decompress(self.indices))
        image.putpalette(palette)
        return image


def gif_dpi(width_px: int) -> float:
    """The resolution a GIF's frames are drawn at: the stills' own, or more for a GIF wider
    than the stills (a frame is scaled down, never up)."""
    return max(STILL_DPI, width_px / REF_WIDTH_IN)


def _scaled(image: Image.Image, width_px: int) -> Image.Image:
    """A still at the GIF's width: averaged over the still's pixels (a box filter: as sharp
    as Lanczos at this scale, in a third of the time)."""
    if image.width == width_px:
        return image
    height = round(image.height * width_px / image.width)
    return image.resize((width_px, height), Image.Resampling.BOX)


def gif_frame(rgb: Image.Image, width_px: int, palette: bytes) -> GifFrame:
    """A drawn still (RGB) as a GIF frame ``width_px`` wide in ``palette``."""
    scaled = _scaled(rgb, width_px)
    image = scaled.quantize(palette=_palette_image(palette), dither=Image.Dither.NONE)
    return GifFrame(image.size, zlib.compress(image.tobytes(), 1))


def _palette_image(palette: bytes) -> Image.Image:
    image = Image.new("P", (1, 1))
    image.putpalette(palette)
    return image


def film_palette(canvas: StillCanvas, film: Film, width_px: int) -> bytes:
    """The GIF's 256 colours, made before the frames are drawn: the map's own colours
    exactly (so a fill in the GIF is the fill of the HTML map), then the blends that
    antialiasing makes, read off the first and last frames (the legend, on every frame,
    carries every category's colour)."""
    fixed = [c.fill for c in categories(film)]
    fixed += [style.EDGE, style.SEA, style.HATCH, style.BORDER, style.INK, style.MUTED]
    fixed += [style.CLAIMED_LINE, *style.FORCE_COLOURS.values(), "#FFFFFF"]
    exact = list(dict.fromkeys(tuple(round(255 * v) for v in to_rgb(c)) for c in fixed))
    probes = []
    for frame in (film.frames[0], film.frames[-1]):
        canvas.show(frame)
        probes.append(_scaled(canvas.raster(), width_px))
    sample = Image.new("RGB", (width_px, sum(p.height for p in probes)))
    for i, probe in enumerate(probes):
        sample.paste(probe, (0, i * probes[0].height))
    blends = sample.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT)
    extra = (blends.getpalette() or [])[: 3 * (256 - len(exact))]
    colours = [*(v for c in exact for v in c), *extra]
    return bytes(colours + [0] * (768 - len(colours)))


def write_gif(
    path: Path | str,
    frames: Sequence[GifFrame],
    palette: bytes,
    durations: Sequence[int] | None = None,
) -> Path:
    """Write ``frames`` as a looping GIF, atomically, one frame at a time (each unpacked
    only while it is written): each frame after the first is stored as the box where it
    differs from the one before. ``durations`` in ms (default: ``FRAME_MS`` each,
    ``LAST_FRAME_MS`` for the last)."""
    if not frames:
        raise ValueError("an animation needs at least one frame")
    durations = durations or [FRAME_MS] * (len(frames) - 1) + [LAST_FRAME_MS]
    previous: Image.Image | None = None
    with atomic_path(path) as tmp, open(tmp, "wb") as fp:
        for duration, frame in zip(durations, frames, strict=True):
            image = frame.image(palette)
            if previous is None:
                info = {"loop": 0, "duration": duration}
                header, _ = GifImagePlugin.getheader(image, info=info)
                fp.write(b"".join(header))
                part, offset = image, (0, 0)
            else:
                box = ImageChops.subtract_modulo(image, previous).getbbox() or (0, 0, 1, 1)
                part, offset = image.crop(box), box[:2]
            for chunk in GifImagePlugin.getdata(part, offset, duration=duration, disposal=1):
                fp.write(chunk)
            previous = image
        fp.write(b";")
    return Path(path)


def _frame(
    film: Film,
    date: dt.date,
    width_px: int,
    palette: bytes,
    forces: bool,
    title: bool,
    legend: bool,
    lang: str = "en",
) -> GifFrame:
    canvas = film_canvas(
        film, forces=forces, title=title, legend=legend, dpi=gif_dpi(width_px), lang=lang
    )
    canvas.show(film.frame(date))
    return gif_frame(canvas.raster(), width_px, palette)


def animate(
    path: Path | str,
    film: Film,
    width_px: int = WIDTH_PX,
    workers: int | None = None,
    forces: bool = False,
    *,
    title: bool = True,
    legend: bool = True,
    lang: str = "en",
) -> Path:
    """Write the GIF of every frame of ``film`` to ``path``, drawing the frames on
    ``workers`` processes (default: every core); ``forces`` adds the deployments;
    ``title=False`` and ``legend=False`` leave a bare map; ``lang`` is the language of its
    words. At the default width it is the GIF ``natomap build`` writes, byte for byte."""
    check_writable(path)
    frames = film.frames  # computed here once; the workers inherit or receive them
    # Made before the workers fork, so they inherit the canvas and the palette.
    canvas = film_canvas(
        film, forces=forces, title=title, legend=legend, dpi=gif_dpi(width_px), lang=lang
    )
    palette = film_palette(canvas, film, width_px)
    jobs = [
        partial(_frame, film, f.date, width_px, palette, forces, title, legend, lang)
        for f in frames
    ]
    return write_gif(path, parallel_calls(jobs, workers, film=film), palette)
