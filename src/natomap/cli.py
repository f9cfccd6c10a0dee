"""The ``natomap`` command.

A user's mistake (a bad date, an unknown organisation, a malformed table) ends with one line
on stderr and exit status 2; a machine's (a full disk, a missing folder, a broken geodata
copy) with one line naming the path and exit status 1; Ctrl-C with "interrupted" and 130.
Anything else is a bug in natomap and keeps its traceback.
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

from natomap.errors import NatomapError, OptionError, UserError
from natomap.words import LANGUAGES

__all__ = ["cli", "main"]


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    from natomap.dates import to_day

    if value is None:
        return None
    try:
        return to_day(value)
    except UserError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def _table(path: Path | None, org: str | None) -> tuple[Any, str]:
    """The membership table (the bundled one, or ``--data``'s) and the organisation key."""
    from natomap.memberships import bundled_table
    from natomap.usertable import read_table

    if path is None:
        table = bundled_table()
        try:
            return table, table.key(org or "nato")
        except OptionError as err:
            raise OptionError(f"--org: {err}") from None
    table = read_table(path, org)
    return table, table.orgs()[0]


def data_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--data FILE.csv`` and ``--org NAME``: map a user's own table instead of NATO's.

    The wrapped command receives ``table`` (a MembershipTable) and ``org`` (its key), read
    and checked before the command runs, so a bad table stops it before any output exists.
    """

    @click.option(
        "--data",
        type=click.Path(dir_okay=True, path_type=Path),
        help="Your own membership table (CSV: code or country, joined, left, note, source).",
    )
    @click.option(
        "--org",
        default=None,
        help="Organisation to map, by key or name, any case [default: nato, or the table's].",
    )
    @wraps(func)
    def wrapper(*args: Any, data: Path | None, org: str | None, **kwargs: Any) -> Any:
        table, key = _table(data, org)
        return func(*args, table=table, org=key, **kwargs)

    return wrapper


def film_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--data``, ``--org``, ``--view`` and ``--border``: the film a drawing command draws."""

    @data_options
    @click.option(
        "--view",
        type=click.Choice(["de-jure", "de-facto"]),
        default="de-jure",
        show_default=True,
        help="Recognised borders (held territory hatched) or lines of control.",
    )
    @click.option(
        "--border/--no-border",
        default=None,
        help="Draw the land border with Russia [default: on NATO's maps only].",
    )
    @wraps(func)
    def wrapper(
        *args: Any, table: Any, org: str, view: str, border: bool | None, **kwargs: Any
    ) -> Any:
        from natomap.film import Film

        film = Film.of(org, memberships=table, view=view, border=border)  # type: ignore[arg-type]
        if film.border and any("RUS" in table.members(org, d) for d in table.change_dates(org)):
            raise OptionError(
                f"--border: Russia is a member of {film.name}, "
                "so it has no border with Russia to draw"
            )
        return func(*args, film=film, **kwargs)

    return wrapper


class _Failure(click.ClickException):
    """A natomap error, shown as one line with its own exit status."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class _Group(click.Group):
    """natomap's errors are one line; a broken pipe is the reader having all it wants;
    anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NatomapError as err:
            raise _Failure(str(err), err.exit_code) from None
        except KeyboardInterrupt:
            raise _Failure("interrupted", 130) from None
        except BrokenPipeError:
            sys.stdout = None
            return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="natomap")
def main() -> None:
    """Maps of NATO's enlargement and Russia's borders, 1949 to today."""


cli = main


# --- what the data says ----------------------------------------------------------------------


@main.command()
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@data_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of codes.")
def members(day: dt.date | None, table: Any, org: str, as_json: bool) -> None:
    """List the members of an organisation on a day."""
    from natomap.atlas import atlas

    day = day or dt.date.today()
    codes = table.members(org, day)
    if as_json:
        click.echo(json.dumps(codes))
        return
    # By code, not sovereign: Denmark is DNK, Greenland (sovereign DNK) is GRL.
    frame = atlas(day)
    names = dict(zip(frame.code, frame.name, strict=True))
    name = table.organisation(org).name
    click.echo(f"{len(codes)} member{'s' * (len(codes) != 1)} of {name} on {day}:")
    for code in codes:
        click.echo(f"  {code}  {names.get(code, code)}")


@main.command()
@data_options
@click.option("--all", "show_all", is_flag=True, help="Also list changes the map does not show.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def timeline(table: Any, org: str, show_all: bool, fmt: str) -> None:
    """Print every date on which the map changes, and what changed."""
    from natomap.film import Film

    rows = Film.of(org, memberships=table).timeline
    if not show_all:
        rows = rows[rows.drawn]
    if fmt == "csv":
        flat = rows.assign(
            date=rows.date.dt.strftime("%Y-%m-%d"),
            changes=rows.changes.map("; ".join),
            sources=rows.sources.map(" ".join),
        )
        click.echo(flat.to_csv(index=False, lineterminator="\n"), nl=False)
        return
    if fmt == "json":
        records = rows.assign(date=rows.date.dt.strftime("%Y-%m-%d")).to_dict(orient="records")
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    for row in rows.itertuples():
        what = "; ".join(row.changes)
        title = row.title or what
        detail = f"  ({what})" if row.title and what else ""
        click.echo(f"{row.date:%Y-%m-%d}  {row.members:>2}  {title}{detail}")


# --- outputs ----------------------------------------------------------------------------------

lang_option = click.option(
    "--lang",
    default="en",
    show_default=True,
    type=click.Choice(list(LANGUAGES)),
    help="Language of the map's words, dates and country names (captions stay English).",
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
@click.option("--tiles", default=None, help="Add a basemap tile layer (an xyzservices name).")
@click.option(
    "--cdn", is_flag=True, help="Load JavaScript libraries from CDNs (smaller, needs the network)."
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option("--title", default=None, help="Title of the HTML map (default: from the data).")
@click.option(
    "--date",
    "opening",
    default=None,
    help="Date the HTML map opens on: YYYY-MM-DD, YYYY-MM or YYYY (default: the first frame).",
)
@click.option(
    "--forces", is_flag=True, help="Draw the deployments on the stills, panels and GIF too."
)
@lang_option
@film_options
def build(
    out: Path,
    tiles: str | None,
    cdn: bool,
    quiet: bool,
    title: str | None,
    opening: str | None,
    forces: bool,
    lang: str,
    film: Any,
) -> None:
    """Write every map into OUT (default out/)."""
    from natomap.build import BuildOptions
    from natomap.build import build as run_build

    options = BuildOptions(
        out=out, tiles=tiles, cdn=cdn, title=title, date=opening, forces=forces, lang=lang
    )
    for path in run_build(film, options, progress=not quiet):
        click.echo(path)


def _stats_text(table: Any, fmt: str, film: Any) -> str:
    """The stats table as text: a readable table, CSV or JSON."""
    from natomap.charts import stats_csv
    from natomap.measure import places

    if fmt == "csv":
        return stats_csv(table)
    if fmt == "json":
        records = table.assign(date=table.date.dt.strftime("%Y-%m-%d")).to_dict(orient="records")
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    key = film.key.replace("-", "_")
    shown = table[["date", f"{key}_members", f"{key}_area_km2"]].copy()
    shown["date"] = table.date.dt.strftime("%Y-%m-%d")
    if "border_official_km" in table.columns:
        by_country = [c for c in table.columns if c.startswith("border_official_km_")]
        shown["border_km"] = table.border_official_km.map("{:,.0f}".format)
        shown["measured_10m_km"] = table.border_measured_10m_km.map("{:,.0f}".format)
        shown["bordering (official km)"] = [
            ", ".join(f"{c.rsplit('_', 1)[1]} {row[c]:,.0f}" for c in by_country if row[c])
            for _, row in table.iterrows()
        ]
    else:
        shown["border_measured_10m_km"] = table.border_measured_10m_km.map("{:,.0f}".format)
    for place in places(film.geodata):
        shown[f"{place.name} to {film.name} km"] = table[f"{place.key}_to_{key}_km"]
    shown["europe_centroid_lon"] = table.europe_centroid_lon.map("{:.2f}".format)
    shown["russia_held_abroad_km2"] = table.russia_held_abroad_km2.map("{:,}".format)
    shown[f"{key}_area_km2"] = table[f"{key}_area_km2"].map("{:,}".format)
    return shown.to_string(index=False) + "\n"


def _output(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Refuse an output path that cannot be written before any drawing starts."""
    from natomap.render.export import check_writable

    if value is None:
        return None
    try:
        return check_writable(value)
    except NatomapError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


_table_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
_text_output = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=_output,
    help="Write to this file (atomically) instead of printing.",
)


@main.command()
@click.option(
    "--date",
    "dates",
    multiple=True,
    callback=lambda ctx, param, values: [_day(ctx, param, v) for v in values],
    help="Only this day, YYYY-MM-DD (repeatable; default: every frame of the map).",
)
@_table_format
@_text_output
@data_options
def stats(dates: list[dt.date], fmt: str, output: Path | None, table: Any, org: str) -> None:
    """Measure the alliance's approach to Russia on every frame date.

    Border length (official and measured at 1:10m), member count and area, distance from
    Moscow and Saint Petersburg to the nearest member territory, the alliance's European
    centroid and the land Russia holds outside its recognised borders. See
    docs/measuring.md for how each figure is measured.
    """
    from natomap._io import write_atomic
    from natomap.film import Film
    from natomap.measure import stats as measure

    film = Film.of(org, memberships=table)
    text = _stats_text(measure(dates or None, org=org, memberships=table), fmt, film)
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
def border(a: str, b: str, day: dt.date | None, resolution: str) -> None:
    """Length of the land border between territories A and B (codes or names: FIN, Finland)."""
    from natomap.borders import official_borders, shared_border
    from natomap.geodata import Geodata
    from natomap.usertable import resolve_country

    day = day or dt.date.today()
    _, km = shared_border(a, b, day, resolution)  # type: ignore[arg-type]
    codes = []
    for name in (a, b):
        try:
            codes.append(resolve_country(name, Geodata.default()))
        except ValueError:
            codes.append(name)
    official = official_borders().get((codes[0], codes[1]))
    click.echo(f"{codes[0]}–{codes[1]} on {day}: {km:,.1f} km measured at 1:{resolution}")
    if official:
        click.echo(f"official length: {official.km:,.0f} km ({official.source})")


_forces = click.option(
    "--forces", is_flag=True, help="Draw the deployments in place (natomap forces) as symbols."
)
_region = click.option(
    "--region",
    type=click.Choice(["europe", "world"]),
    default="europe",
    show_default=True,
    help="Europe in LAEA (EPSG:3035) or the world in Equal Earth (EPSG:8857).",
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
_no_title = click.option(
    "--no-title", is_flag=True, help="No title or caption over the map (a bare map)."
)
_no_legend = click.option(
    "--no-legend",
    is_flag=True,
    help="No legend (nor its notes) under the map; the one credit line stays.",
)


def _title_option(title: str | None, no_title: bool) -> str | bool | None:
    """``--title TEXT`` or ``--no-title`` (not both) as the drawing functions take it."""
    if title is not None and no_title:
        raise OptionError("--title and --no-title: give one or the other")
    return False if no_title else title


@main.command("map")
@click.option("--date", "day", required=True, callback=_day, help="Day as YYYY-MM-DD.")
@_figure_output
@_format
@_region
@click.option(
    "--width",
    default=None,
    help="Width, e.g. 8cm (a report column), 10in or 1600px [default: 10in]. Type is set in "
    "points and stays readable: a narrow map gets fewer legend columns, not smaller type.",
)
@click.option("--height", default=None, help="Height [default: from the map's shape].")
@_dpi
@click.option("--title", default=None, help="Title [default: the date and member count].")
@_no_title
@_no_legend
@_forces
@lang_option
@film_options
def map_command(
    day: dt.date,
    output: Path,
    fmt: str | None,
    region: str,
    width: str | None,
    height: str | None,
    dpi: float,
    title: str | None,
    no_title: bool,
    no_legend: bool,
    forces: bool,
    lang: str,
    film: Any,
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
        title=_title_option(title, no_title),
        legend=not no_legend,
        film=film,
        forces=forces,
        lang=lang,
    )
    click.echo(save_figure(fig, output, fmt))


@main.command()
@click.option(
    "--dates",
    default=None,
    help="Comma-separated days [default: every day the organisation gained members, and the "
    "latest map].",
)
@_figure_output
@_format
@_region
@click.option("--columns", type=click.IntRange(1, 8), default=None, help="Maps per row.")
@_dpi
@click.option("--title", default=None, help="Title over the grid [default: name and years].")
@_no_title
@_no_legend
@_forces
@lang_option
@film_options
def panels(
    dates: str | None,
    output: Path,
    fmt: str | None,
    region: str,
    columns: int | None,
    dpi: float,
    title: str | None,
    no_title: bool,
    no_legend: bool,
    forces: bool,
    lang: str,
    film: Any,
) -> None:
    """Write small multiples: one small map per date, one shared legend."""
    from natomap.render.export import output_format, save_figure
    from natomap.render.static import panels_figure

    output_format(output, fmt)
    days: list[Any] = [d.strip() for d in (dates or "").split(",") if d.strip()]
    if dates is not None and not days:
        raise OptionError("--dates: give at least one date")
    fig = panels_figure(
        days or None,
        region,
        ncols=columns,
        dpi=dpi,
        title=_title_option(title, no_title),
        legend=not no_legend,
        film=film,
        forces=forces,
        lang=lang,
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
@click.option(
    "--width",
    "width_px",
    type=click.IntRange(200, 4000),
    default=800,
    show_default=True,
    help="Width in pixels.",
)
@_no_title
@_no_legend
@_forces
@lang_option
@film_options
def animate(
    output: Path | None,
    width_px: int,
    no_title: bool,
    no_legend: bool,
    forces: bool,
    lang: str,
    film: Any,
) -> None:
    """Write an animated GIF of every frame of the timeline: each frame is the still of its
    date (at the default width, the GIF ``natomap build`` writes)."""
    from natomap.outputs import Outputs
    from natomap.render.animation import animate as write_animation

    output = output or Path(Outputs(Path("."), film.organisation.stem).gif_name)
    if output.suffix.lower() != ".gif":
        raise OptionError(
            f"unknown file suffix '{output.suffix}' of {output} (animate writes .gif)"
        )
    gif = write_animation(
        output,
        film,
        width_px=width_px,
        forces=forces,
        title=not no_title,
        legend=not no_legend,
        lang=lang,
    )
    click.echo(gif)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    callback=_output,
    help="HTML snippet to write, e.g. docs/_static/nato-map.html.",
)
@click.option(
    "--height",
    type=click.IntRange(300, 4000),
    default=620,
    show_default=True,
    help="Height in CSS pixels.",
)
@click.option("--title", default=None, help="Title above the map.")
@click.option("--cdn", is_flag=True, help="Load Leaflet from unpkg (smaller, needs the network).")
@film_options
def embed(output: Path, height: int, title: str | None, cdn: bool, film: Any) -> None:
    """Write the animated map as an HTML snippet for a Sphinx or MkDocs page (no iframe)."""
    from natomap.render.embed import write_fragment

    click.echo(write_fragment(output, film=film, height=height, title=title, cdn=cdn))


@main.command("forces")
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of deployments.")
@_table_format
@_text_output
def forces_command(day: dt.date | None, as_json: bool, fmt: str, output: Path | None) -> None:
    """List the deployments in place on a day: NATO's eastern presence, Russia's forces abroad."""
    from natomap._io import write_atomic
    from natomap.deployments import forces

    table = forces(day)
    columns = ["name", "side", "kind", "lat", "lon", "start", "end", "troops", "source"]
    shown = table[columns].copy()
    for column in ("start", "end"):
        shown[column] = shown[column].dt.strftime("%Y-%m-%d").fillna("")
    if as_json or fmt == "json":
        records = shown.astype(object).where(shown.notna(), None).to_dict(orient="records")
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = shown.to_csv(index=False, lineterminator="\n")
    else:
        plain = shown.drop(columns=["source", "lat", "lon"]).astype(object)
        text = plain.where(plain.notna(), "").to_string(index=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(output)


@main.command("where")
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--date", "day", callback=_day, help="Day as YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@data_options
def where_command(
    lat: float, lon: float, day: dt.date | None, as_json: bool, table: Any, org: str
) -> None:
    """What the place at LAT LON was on a day: territory, state, holder, claims, blocs.

    For fact-checkers: every answer comes with the sources of its facts. Use -- before a
    negative latitude (natomap where -- -33.9 18.4).
    """
    from natomap.lookup import where

    answer = where(lat, lon, day, memberships=table if org != "nato" or table else None)
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
        return
    if answer["territory"] is None:
        click.echo(f"{lat}, {lon} on {answer['date']}: not on land in natomap's atlas")
        return
    t = answer["territory"]
    click.echo(f"{lat}, {lon} on {answer['date']}: {t['name']} ({t['code']})")
    click.echo(f"  de jure:    {answer['de_jure']}")
    click.echo(
        f"  held by:    {answer['held_by'] or 'its own state'}"
        + (f" ({answer['holder']})" if answer["holder"] else "")
    )
    click.echo(f"  claimed by: {', '.join(answer['claimed_by']) or 'nobody else'}")
    if answer["approximate"]:
        click.echo("  (the line there is an approximate, authored outline)")
    for key, status in answer["memberships"].items():
        click.echo(f"  {key}: {status}")
    for url in answer["sources"]:
        click.echo(f"  source: {url}")


@main.command("geodata")
@click.option("--accept", "accept", is_flag=True, help="Record the current hashes of every file.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def geodata_command(accept: bool, folder: Path | None) -> None:
    """Check a geodata folder (default: the one in use) against its manifest.

    With --accept, record the current sha256 of every file, after editing a copy on purpose.
    """
    from natomap.geodata import Geodata

    gd = Geodata(folder) if folder else Geodata.default()
    if accept:
        changed = gd.accept()
        click.echo(f"{gd.folder}: recorded new hashes for {len(changed)} file(s)")
        for name in changed:
            click.echo(f"  {name}")
        return
    for name in sorted(gd.manifest["files"]):
        gd.read_bytes(name)
    click.echo(f"{gd.folder}: {len(gd.manifest['files'])} files match manifest.json")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
