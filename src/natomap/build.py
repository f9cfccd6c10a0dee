"""``natomap build``: every output in one run, with one progress display.

Each renderer contributes a task: a function that does the work, or starts it on worker
processes, and returns another that waits for it and returns the paths written (atomically).
The statistics are measured on a worker while this process draws the HTML map; the stills
are started after it (their workers are forked with its geometry loaded). Adding an output
to the build means adding its task to ``tasks()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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


Finish = Callable[[], list[Path]]
Task = tuple[str, Callable[[BuildOptions], Finish]]


def _now(write: Callable[[BuildOptions], list[Path]]) -> Callable[[BuildOptions], Finish]:
    """A task done in this process, at once."""

    def start(options: BuildOptions) -> Finish:
        written = write(options)
        return lambda: written

    return start


def _stats(options: BuildOptions) -> list[Path]:
    from natomap.charts import write_stats
    from natomap.stats import stats

    return write_stats(options.out, stats(org=options.org))


def tasks(options: BuildOptions) -> list[Task]:
    """The build's tasks, in the order they start: (label, function starting it)."""
    from natomap.render.html import write_html

    return [
        ("measurements (stats.csv, stats.png)", _start_stats),
        ("animated HTML map", _now(write_html)),
        ("maps, panels and GIF", _start_static),
    ]


def _start_stats(options: BuildOptions) -> Finish:
    """Measure on a worker of its own, the only task that reads the 1:10m atlas, while this
    process draws the HTML map."""
    from natomap.render._parallel import start_calls

    pending = start_calls([partial(_stats, options)], background=True)
    return lambda: pending()[0]


def _start_static(options: BuildOptions) -> Finish:
    from natomap.render.batch import start_static

    return start_static(
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
        finishing = []
        for label, start in todo:
            bar.update(task_id, description=f"natomap build: {label}")
            finishing.append((label, start(options)))
        for label, finish in finishing:
            bar.update(task_id, description=f"natomap build: {label}")
            written.extend(finish())
            bar.advance(task_id)
    return written
