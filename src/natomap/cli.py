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
        except BrokenPipeError:  # the reader (e.g. `head`) has all it wants
            sys.stdout = None
            return None
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


def data_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--data FILE.csv`` and ``--org NAME``: map a user's own table instead of NATO's.

    The wrapped command receives ``org`` resolved: the ``--org`` given, else the table's
    organisation, else ``nato``. The table is read, and the organisation checked, before the
    command runs, so a bad table stops it before any output is written.
    """

    @click.option(
        "--data",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Your own membership table (CSV: code or country, joined, left, note, source).",
    )
    @click.option(
        "--org", default=None, help="Organisation to map [default: nato, or the table's]."
    )
    @wraps(func)
    def wrapper(*args: Any, data: Path | None, org: str | None, **kwargs: Any) -> Any:
        from natomap.membership import organisations, using

        if data is None:
            org = org or "nato"
            if org not in organisations():
                known = ", ".join(organisations())
                raise UserError(
                    f"--org: unknown organisation '{org}' (known: {known}; "
                    "or give your own table with --data FILE.csv)"
                )
            return func(*args, org=org, **kwargs)
        from natomap.usertable import read_table

        try:
            memberships, year_only = read_table(data, org)
        except (DataError, ValueError) as err:
            raise UserError(str(err)) from None
        with using(memberships, year_only):
            return func(*args, org=memberships[0].org, **kwargs)

    return wrapper


class _Group(click.Group):
    """A mistake in a fact table found anywhere in a command is the user's, not a crash."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as err:
            raise UserError(str(err)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="natomap")
def main() -> None:
    """Maps of NATO's enlargement and Russia's borders, 1949 to today."""


@main.command()
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@data_options
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
    # By code, not sovereign: Denmark is DNK, Greenland (sovereign DNK) is GRL.
    frame = atlas(day)
    names = dict(zip(frame.code, frame.name, strict=True))
    click.echo(f"{len(codes)} members of {org} on {day}:")
    for code in codes:
        click.echo(f"  {code}  {names.get(code, code)}")


@main.command()
@data_options
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


_border = click.option(
    "--border/--no-border",
    default=None,
    help="Draw the land border with Russia [default: on NATO's maps only].",
)


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
@click.option("--title", default=None, help="Title of the HTML map (default: from the data).")
@data_options
@_border
@_friendly
def build(
    out: Path,
    view: str,
    tiles: str | None,
    cdn: bool,
    quiet: bool,
    title: str | None,
    org: str,
    border: bool | None,
) -> None:
    """Write every map into OUT (default out/)."""
    from natomap.build import BuildOptions
    from natomap.build import build as run_build

    options = BuildOptions(
        out=out, view=view, tiles=tiles, cdn=cdn, org=org, border=border, title=title
    )
    written = run_build(options, progress=not quiet)
    for path in written:
        click.echo(path)


def _stats_text(table: Any, fmt: str) -> str:
    """The stats table as text: a readable table, CSV or JSON."""
    from natomap.charts import stats_csv
    from natomap.stats import places

    if fmt == "csv":
        return stats_csv(table)
    if fmt == "json":
        records = table.assign(date=table.date.astype(str)).to_dict(orient="records")
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    by_country = [c for c in table.columns if c.startswith("border_official_km_")]
    shown = table[["date", "nato_members", "nato_area_km2"]].copy()
    shown["border_km"] = table.border_official_km.map("{:,.0f}".format)
    shown["measured_10m_km"] = table.border_measured_10m_km.map("{:,.0f}".format)
    shown["bordering (official km)"] = [
        ", ".join(f"{c.rsplit('_', 1)[1]} {row[c]:,.0f}" for c in by_country if row[c])
        for _, row in table.iterrows()
    ]
    for place in places():
        shown[f"{place.name} to NATO km"] = table[f"{place.key}_to_nato_km"]
    shown["europe_centroid_lon"] = table.europe_centroid_lon.map("{:.2f}".format)
    shown["nato_area_km2"] = table.nato_area_km2.map("{:,}".format)
    return shown.to_string(index=False) + "\n"


@main.command()
@click.option(
    "--date",
    "dates",
    multiple=True,
    callback=lambda ctx, param, values: [_day(ctx, param, v) for v in values],
    help="Only this day, YYYY-MM-DD (repeatable; default: every frame of the map).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of printing.",
)
@data_options
@_friendly
def stats(dates: list[dt.date], fmt: str, output: Path | None, org: str) -> None:
    """Measure NATO's approach to Russia on every frame date.

    Border length (official and measured at 1:10m), member count and area, distance from
    Moscow and Saint Petersburg to the nearest NATO territory, and the alliance's European
    centroid. See docs/measuring.md for how each figure is measured.
    """
    from natomap._io import write_atomic
    from natomap.membership import is_bundled_nato
    from natomap.stats import stats as measure

    table = measure(dates or None, org=org)
    if is_bundled_nato(org) or fmt != "table":
        text = _stats_text(table, fmt)
    else:
        text = table.to_string(index=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(output)


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@click.option(
    "--resolution",
    type=click.Choice(["50m", "10m"]),
    default="10m",
    show_default=True,
    help="Natural Earth scale to measure on.",
)
@_friendly
def border(a: str, b: str, day: dt.date | None, resolution: str) -> None:
    """Length of the land border between territories A and B (codes such as NOR, RUS)."""
    from natomap.borders import shared_border
    from natomap.stats import official_borders

    day = day or dt.date.today()
    _, km = shared_border(a, b, day, resolution)
    official = official_borders().get((a, b)) or official_borders().get((b, a))
    click.echo(f"{a}–{b} on {day}: {km:,.1f} km measured at 1:{resolution}")
    if official:
        click.echo(f"official length: {official.km:,.0f} km ({official.source})")


def _output(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Refuse an output path that cannot be written before any drawing starts."""
    from natomap.render.export import check_writable

    if value is None:
        return None
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
_figure_output = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    callback=_output,
    help="File to write (.png, .svg or .pdf).",
)
_format = click.option(
    "--format", "fmt", default=None, help="png, svg or pdf (default: from the file suffix)."
)


@main.command("map")
@click.option("--date", "day", required=True, callback=_day, help="Day as YYYY-MM-DD.")
@_figure_output
@_format
@_region
@_view
@click.option("--width", default=None, help="Width, e.g. 10in, 25cm or 1600px (default 10in).")
@click.option("--height", default=None, help="Height (default: from the map's shape).")
@_dpi
@click.option("--title", default=None, help="Title (default: the date and member count).")
@data_options
@_border
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
    org: str,
    border: bool | None,
) -> None:
    """Write the map of one day as a PNG, SVG or PDF for a report."""
    from natomap.render.export import output_format, parse_size, save_figure
    from natomap.render.static import map_figure

    output_format(output, fmt)
    fig = map_figure(
        day,
        region,
        width=parse_size(width, dpi, "--width"),
        height=parse_size(height, dpi, "--height"),
        dpi=dpi,
        title=title,
        view=view,  # type: ignore[arg-type]
        org=org,
        border=border,
    )
    click.echo(save_figure(fig, output, fmt))


@main.command()
@click.option(
    "--dates",
    default=None,
    help="Comma-separated days (default: every day NATO gained members).",
)
@_figure_output
@_format
@_region
@_view
@click.option("--columns", type=click.IntRange(1, 8), default=None, help="Maps per row.")
@_dpi
@click.option("--title", default=None, help="Title over the grid.")
@data_options
@_border
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
    org: str,
    border: bool | None,
) -> None:
    """Write small multiples: one small map per date, one shared legend."""
    from natomap.render.batch import enlargement_dates
    from natomap.render.export import output_format, save_figure
    from natomap.render.static import panels_figure

    output_format(output, fmt)
    days = [d for d in (dates or "").split(",") if d.strip()] or enlargement_dates(org)
    fig = panels_figure(
        days,
        region,
        ncols=columns,
        dpi=dpi,
        title=title,
        view=view,  # type: ignore[arg-type]
        org=org,
        border=border,
    )
    click.echo(save_figure(fig, output, fmt))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    callback=_output,
    help="GIF file to write [default: nato-expansion.gif, or <org>-membership.gif].",
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
@data_options
@_border
@_friendly
def animate(output: Path | None, view: str, width_px: int, org: str, border: bool | None) -> None:
    """Write an animated GIF of every frame of the timeline."""
    from natomap.render.animation import animate as write_animation
    from natomap.render.batch import gif_name

    output = output or Path(gif_name(org))
    if output.suffix.lower() != ".gif":
        raise ValueError(f"unknown file suffix '{output.suffix}' of {output} (animate writes .gif)")
    written = write_animation(
        output,
        org=org,
        view=view,  # type: ignore[arg-type]
        width_px=width_px,
        border=border,
    )
    click.echo(written)
