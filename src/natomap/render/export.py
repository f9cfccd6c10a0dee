"""Saving figures for reports: the format from the file name, sizes from the command line,
and files written atomically with no timestamps, so a report's build is reproducible."""

from __future__ import annotations

import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Literal

import matplotlib
from matplotlib.figure import Figure
from PIL import Image

from natomap._io import atomic_path
from natomap.errors import OptionError, OutputError

__all__ = [
    "FORMATS",
    "RC",
    "check_writable",
    "japanese_font",
    "output_format",
    "parse_size",
    "rc_for",
    "save_figure",
    "save_raster",
]

FORMATS = ("png", "svg", "pdf")
Format = Literal["png", "svg", "pdf"]
TEXT_COLOUR = "#222222"
# Fixed rcParams so that two renders of the same map are the same bytes, and SVG text stays
# text (searchable, translatable, editable in Inkscape or Illustrator).
RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "natomap",
    "pdf.fonttype": 42,
    "hatch.linewidth": 0.8,
    "font.family": "DejaVu Sans",
    "text.color": TEXT_COLOUR,
    # Text from a user's table ("$5bn fund") is shown as typed, never read as TeX math.
    "text.parse_math": False,
}
# Fonts with Japanese glyphs, in order of preference; DejaVu Sans has none.
JAPANESE_FAMILIES = (
    "Noto Sans CJK JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "IPAPGothic",
    "TakaoGothic",
    "VL Gothic",
)
_JAPANESE_FILES = ("notosanscjk", "sourcehansans", "ipaexg", "ipag", "takao", "vl-gothic")


def rc_for(lang: str = "en") -> dict[Any, Any]:
    """The rcParams of a still in ``lang``: DejaVu Sans, with a Japanese font behind it for
    Japanese (only then: the family list is written into SVG text, which must not depend on
    the fonts a machine happens to have)."""
    if lang != "ja":
        return RC
    return {**RC, "font.family": ["DejaVu Sans", japanese_font()]}


@cache
def japanese_font() -> str:
    """The family of a Japanese font on this machine (found by matplotlib, or among the
    system's font files when matplotlib's font cache predates it); OptionError if none."""
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((family for family in JAPANESE_FAMILIES if family in names), None)

    family = known()
    if family is None:
        for path in sorted(font_manager.findSystemFonts()):
            if any(key in Path(path).name.lower() for key in _JAPANESE_FILES):
                font_manager.fontManager.addfont(path)
        family = known()
    if family is None:
        raise OptionError(
            "--lang ja: the stills need a Japanese font and this machine has none; install "
            "one (Debian: apt-get install fonts-ipafont-gothic)"
        )
    # Japanese fonts come in one weight: bold titles fall back to it, and matplotlib would
    # log that for every glyph of every title.
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return family


METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "natomap"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "natomap", "Producer": None},
}


def parse_size(text: str | None, dpi: float, option: str = "--width") -> float | None:
    """A size like ``8in``, ``20cm``, ``1600px`` or ``8`` (inches) in inches."""
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(in|px|cm)?\s*", str(text))
    if not match or float(match.group(1)) <= 0:
        raise OptionError(f"{option}: '{text}' is not a size (use e.g. 8in, 20cm or 1600px)")
    value, unit = float(match.group(1)), match.group(2) or "in"
    inches = {"in": value, "px": value / dpi, "cm": value / 2.54}[unit]
    if not 1 <= inches * dpi <= 20000 or inches > 100:
        raise OptionError(f"{option}: '{text}' is out of range (1 to 20000 pixels, 100 inches)")
    return inches


def output_format(path: Path | str, fmt: str | None = None) -> Format:
    """The file format asked for: ``fmt`` if given, else the path's suffix."""
    chosen = (fmt or Path(path).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        what = f"format '{fmt}'" if fmt else f"file suffix '{Path(path).suffix}' of {path}"
        raise OptionError(f"unknown {what} (choose from {', '.join(FORMATS)})")
    return chosen  # type: ignore[return-value]


def check_writable(path: Path | str) -> Path:
    """Fail before any drawing if ``path`` cannot be written (a folder that is missing or
    read-only), with a message that names the path."""
    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir():
            raise OutputError(f"cannot write {path}: it is a folder")
        if not folder.is_dir():
            raise OutputError(f"cannot write {path}: folder {folder} does not exist")
        fd, probe = tempfile.mkstemp(prefix=f".{path.name[:40]}.", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    os.close(fd)
    os.unlink(probe)
    return path


def save_figure(fig: Figure, path: Path | str, fmt: str | None = None) -> Path:
    """Save ``fig`` atomically and deterministically (no timestamps, fixed SVG ids)."""
    chosen = output_format(path, fmt)
    if chosen == "png":
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
        with matplotlib.rc_context(RC):
            canvas.draw()
        size = canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        return save_raster(rgba.convert("RGB"), path, fig.dpi)
    with matplotlib.rc_context(RC), atomic_path(path) as tmp:
        fig.savefig(tmp, format=chosen, dpi=fig.dpi, metadata=METADATA[chosen])
    return Path(path)


def save_raster(rgb: Image.Image, path: Path | str, dpi: float) -> Path:
    """Save an RGB image (a drawn figure) as a PNG, atomically, with no text chunks: RGB, as
    a map has no transparency, and at zlib level 1 (a tenth larger than the default, written
    three times faster: a build writes a hundred)."""
    with atomic_path(path) as tmp:
        rgb.save(tmp, format="png", compress_level=1, dpi=(dpi, dpi))
    return Path(path)
