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
    organisation, else ``nato``.
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
        if data is None:
            return func(*args, org=org or "nato", **kwargs)
        from natomap.membership import using
        from natomap.usertable import read_table

        try:
            memberships, _ = read_table(data, org)
        except (DataError, ValueError) as err:
            raise UserError(str(err)) from None
        with using(memberships):
            return func(*args, org=memberships[0].org, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    names = dict(zip(*atlas(day)[["sovereign", "name"]].T.values, strict=True))
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
