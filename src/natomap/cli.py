"""The ``natomap`` command.

Every user mistake (a bad date, an unknown organisation, a malformed table) ends with one
line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from natomap.data import DataError, to_day

__all__ = ["main"]


class UserError(click.ClickException):
    exit_code = 2


def _friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn data and input errors into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (DataError, ValueError, OSError) as err:
            raise UserError(str(err)) from None

    return wrapper


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return to_day(value)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="natomap")
def main() -> None:
    """Maps of NATO's enlargement and Russia's borders, 1949 to today."""


@main.command()
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@click.option("--org", default="nato", show_default=True, help="nato or warsaw-pact.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of codes.")
@_friendly
def members(day: dt.date | None, org: str, as_json: bool) -> None:
    """List the members of an organisation on a day."""
    from natomap.atlas import atlas
    from natomap.membership import members as members_on

    day = day or dt.date.today()
    codes = members_on(org, day)
    if as_json:
        click.echo(json.dumps(codes))
        return
    names = dict(zip(*atlas(day)[["sovereign", "name"]].T.values, strict=True))
    click.echo(f"{len(codes)} members of {org} on {day}:")
    for code in codes:
        click.echo(f"  {code}  {names.get(code, code)}")


@main.command()
@click.option("--org", default="nato", show_default=True, help="Organisation whose map is drawn.")
@click.option("--all", "show_all", is_flag=True, help="Also list changes the map does not show.")
@_friendly
def timeline(org: str, show_all: bool) -> None:
    """Print every date on which the map changes, and what changed."""
    from natomap.timeline import timeline as table

    for row in table(org).itertuples():
        if not (row.drawn or show_all):
            continue
        what = "; ".join(row.changes)
        title = row.title or what
        detail = f"  ({what})" if row.title and what else ""
        click.echo(f"{row.date}  {row.members:>2}  {title}{detail}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default="out",
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--view",
    type=click.Choice(["de-jure", "de-facto"]),
    default="de-jure",
    show_default=True,
    help="Recognised borders (held territory hatched) or lines of control.",
)
@click.option("--tiles", default=None, help="Add a basemap tile layer (an xyzservices name).")
@click.option(
    "--cdn", is_flag=True, help="Load JavaScript libraries from CDNs (smaller, needs the network)."
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@_friendly
def build(out: Path, view: str, tiles: str | None, cdn: bool, quiet: bool) -> None:
    """Write every map into OUT (default out/)."""
    from natomap.build import BuildOptions
    from natomap.build import build as run_build

    written = run_build(BuildOptions(out=out, view=view, tiles=tiles, cdn=cdn), progress=not quiet)
    for path in written:
        click.echo(path)


def _output(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse an output path that cannot be written before any drawing starts."""
    from natomap.render.static import check_writable

    try:
        return check_writable(value)
    except OSError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


_region = click.option(
    "--region",
    type=click.Choice(["europe", "world"]),
    default="europe",
    show_default=True,
    help="Europe in LAEA (EPSG:3035) or the world in Equal Earth (EPSG:8857).",
)
_view = click.option(
    "--view",
    type=click.Choice(["de-jure", "de-facto"]),
    default="de-jure",
    show_default=True,
    help="Recognised borders (held territory hatched) or lines of control.",
)
_dpi = click.option(
    "--dpi", type=click.FloatRange(20, 1200), default=150, show_default=True, help="Resolution."
)
_format = click.option(
    "--format", "fmt", default=None, help="png, svg or pdf (default: from the file suffix)."
)


@main.command("map")
@click.option("--date", "day", required=True, callback=_day, help="Day as YYYY-MM-DD.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    callback=_output,
    help="File to write (.png, .svg or .pdf).",
)
@_format
@_region
@_view
@click.option("--width", default=None, help="Width, e.g. 10in, 25cm or 1600px (default 10in).")
@click.option("--height", default=None, help="Height (default: from the map's shape).")
@_dpi
@click.option("--title", default=None, help="Title (default: the date and member count).")
@_friendly
def map_command(
    day: dt.date,
    output: Path,
    fmt: str | None,
    region: str,
    view: str,
    width: str | None,
    height: str | None,
    dpi: float,
    title: str | None,
) -> None:
    """Write the map of one day as a PNG, SVG or PDF for a report."""
    from natomap.render.static import map_figure, output_format, parse_size, save_figure

    output_format(output, fmt)
    fig = map_figure(
        day,
        region,
        width=parse_size(width, dpi, "--width"),
        height=parse_size(height, dpi, "--height"),
        dpi=dpi,
        title=title,
        view=view,  # type: ignore[arg-type]
    )
    click.echo(save_figure(fig, output, fmt))


@main.command()
@click.option(
    "--dates",
    default=None,
    help="Comma-separated days (default: every day NATO gained members).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    callback=_output,
    help="File to write (.png, .svg or .pdf).",
)
@_format
@_region
@_view
@click.option("--columns", type=click.IntRange(1, 8), default=None, help="Maps per row.")
@_dpi
@click.option("--title", default=None, help="Title over the grid.")
@_friendly
def panels(
    dates: str | None,
    output: Path,
    fmt: str | None,
    region: str,
    view: str,
    columns: int | None,
    dpi: float,
    title: str | None,
) -> None:
    """Write small multiples: one small map per date, one shared legend."""
    from natomap.render.batch import enlargement_dates
    from natomap.render.static import output_format, panels_figure, save_figure

    output_format(output, fmt)
    days = [d for d in (dates or "").split(",") if d.strip()] or enlargement_dates()
    fig = panels_figure(
        days,
        region,
        ncols=columns,
        dpi=dpi,
        title=title,
        view=view,  # type: ignore[arg-type]
    )
    click.echo(save_figure(fig, output, fmt))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default="nato-expansion.gif",
    show_default=True,
    callback=_output,
    help="GIF file to write.",
)
@_view
@click.option(
    "--width",
    "width_px",
    type=click.IntRange(200, 4000),
    default=800,
    show_default=True,
    help="Width in pixels.",
)
@_friendly
def animate(output: Path, view: str, width_px: int) -> None:
    """Write an animated GIF of every frame of the timeline."""
    from natomap.render.animation import animate as write_animation

    if output.suffix.lower() != ".gif":
        raise ValueError(f"unknown file suffix '{output.suffix}' of {output} (animate writes .gif)")
    click.echo(write_animation(output, view=view, width_px=width_px))  # type: ignore[arg-type]
