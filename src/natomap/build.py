"""``natomap build``: every output in one run, with one progress display.

Each renderer contributes tasks; a task writes its files atomically and returns their
paths. Adding an output to the build means adding its task to ``tasks()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["BuildOptions", "build"]


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of the build (``natomap build`` options)."""

    out: Path = Path("out")
    view: str = "de-jure"
    tiles: str | None = None
    cdn: bool = False
    org: str = "nato"
    border: bool | None = None
    title: str | None = None
    """``org`` is any organisation of the membership table in use (``membership.using``);
    ``border`` draws its land border with Russia (default: NATO only); ``title`` replaces
    the HTML map's title."""


Task = tuple[str, Callable[[BuildOptions], list[Path]]]


def _stats(options: BuildOptions) -> list[Path]:
    from natomap.charts import write_stats
    from natomap.stats import stats

    return write_stats(options.out, stats(org=options.org))


def tasks(options: BuildOptions) -> list[Task]:
    """The build's tasks, in order: (label, function writing files)."""
    from natomap.render.html import write_html

    return [
        ("animated HTML map", write_html),
        ("measurements (stats.csv, stats.png)", _stats),
        ("maps, panels and GIF", _static),
    ]


def _static(options: BuildOptions) -> list[Path]:
    from natomap.render.batch import write_static

    return write_static(
        options.out,
        org=options.org,
        view=options.view,  # type: ignore[arg-type]
        border=options.border,
    )


def build(options: BuildOptions | None = None, progress: bool = True) -> list[Path]:
    """Write every output into ``options.out``; returns the paths written."""
    options = options or BuildOptions()
    from natomap.render.html import tile_layer

    tile_layer(options.tiles)  # a wrong option stops the build before it creates anything
    options.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    todo = tasks(options)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task_id = bar.add_task("natomap build", total=len(todo))
        for label, run in todo:
            bar.update(task_id, description=f"natomap build: {label}")
            written.extend(run(options))
            bar.advance(task_id)
    return written
