"""``natomap build``: every output in one run, with one progress display, as a transaction.

The film's frames are computed first, once; then the statistics are measured on a worker,
the stills, panels and GIF frames drawn on others, and the HTML map in this process, all
from those frames. Everything is written into a fresh folder beside the target and moved
into place only when every output is finished, so a failed or interrupted build leaves the
previous output as it was, never a mix; a manifest (``natomap-build.json``) lists the files
a build wrote, so the next build replaces exactly those and nothing of the user's.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from natomap.errors import NatomapError, OutputError
from natomap.film import Film
from natomap.outputs import Outputs

__all__ = ["BuildOptions", "Interrupted", "build"]


class Interrupted(NatomapError):
    """The build was stopped (Ctrl-C, SIGTERM); nothing of it was kept."""

    exit_code = 130


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of the build (``natomap build`` options besides the film)."""

    out: Path = Path("out")
    tiles: str | None = None
    cdn: bool = False
    title: str | None = None
    date: str | None = None
    """``date``: the frame the HTML map opens on (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    lang: str = "en"
    """``lang``: the language of the maps' words (see ``natomap.words.LANGUAGES``)."""
    workers: int | None = None
    forces: bool = False
    """``forces``: draw the deployments on the stills, panels and GIF too."""


Finish = Callable[[], list[Path]]


def _stats(film: Film, outputs: Outputs) -> list[Path]:
    from natomap.charts import write_stats
    from natomap.measure import stats

    table = stats(org=film.key, memberships=film.table, geodata=film.geodata)
    return write_stats(outputs, table, film)


def _start_stats(film: Film, outputs: Outputs) -> Finish:
    """Measure on a worker of its own, the only task that reads the 1:10m atlas, while this
    process draws the HTML map."""
    from natomap.render._parallel import start_calls

    pending = start_calls([partial(_stats, film, outputs)], background=True, film=film)

    def finish() -> list[Path]:
        return pending()[0]

    finish.pool = getattr(pending, "pool", None)  # type: ignore[attr-defined]
    return finish


def _start_static(film: Film, outputs: Outputs, options: BuildOptions) -> Finish:
    from natomap.render.batch import start_static

    return start_static(film, outputs, options.workers, forces=options.forces, lang=options.lang)


def _start_html(film: Film, outputs: Outputs, options: BuildOptions) -> Finish:
    from natomap.render.html import write_html

    written = write_html(
        film, outputs.folder, options.tiles, options.cdn, options.title, options.date, options.lang
    )
    return lambda: written


@contextmanager
def _stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Ctrl-C and SIGTERM stop a build at once, keeping nothing of it: ``stop`` cleans up and
    the process exits with status 130. (An exception raised from a signal handler can land
    where Python ignores it, and the build would go on.)"""

    def handler(signum: int, frame: object) -> None:
        stop()
        if sys.stderr.isatty():
            sys.stderr.write("\x1b[?25h")  # the progress display hid the cursor
        sys.stderr.write("Error: interrupted: nothing was written\n")
        sys.stderr.flush()
        os._exit(130)

    try:
        previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def _stop_workers(finishing: list[Finish]) -> None:
    for finish in finishing:
        pool = getattr(finish, "pool", None)
        if pool is None:
            continue
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def build(
    film: Film | None = None, options: BuildOptions | None = None, progress: bool = True
) -> list[Path]:
    """Write every output of ``film`` (default: NATO's) into ``options.out``; returns the
    paths written, where they end up."""
    from natomap.render.html import opening_frame, tile_layer
    from natomap.words import words

    film = film or Film.of()
    options = options or BuildOptions()
    tile_layer(options.tiles)  # a wrong option stops the build before it creates anything
    words(options.lang)
    if options.lang == "ja":
        from natomap.render.export import japanese_font

        japanese_font()  # the stills need one: said before any work, not after
    if options.date is not None:
        opening_frame(film, options.date)
    target = options.out
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: folder {parent} does not exist")
    if target.exists() and not target.is_dir():
        raise OutputError(f"cannot write into {target}: it is a file, not a folder")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.natomap-", dir=parent))
    except OSError as err:
        raise OutputError(f"cannot write into {parent}: {err.strerror or err}") from None
    outputs = Outputs(staging, film.organisation.stem)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    finishing: list[Finish] = []

    def stop() -> None:
        _stop_workers(finishing)
        shutil.rmtree(staging, ignore_errors=True)

    try:
        with (
            _stop_on_signals(stop),
            Progress(*columns, disable=not progress, transient=False) as bar,
        ):
            steps = ["frames", "measurements", "maps, panels and GIF", "animated HTML map"]
            task = bar.add_task("natomap build", total=len(steps) + 1)
            bar.update(task, description=f"natomap build: {len(film.dates)} frames")
            film.frames  # noqa: B018  # every frame once, before any worker forks
            bar.advance(task)
            finishing.append(_start_stats(film, outputs))
            finishing.append(_start_static(film, outputs, options))
            bar.update(task, description="natomap build: animated HTML map")
            finishing.append(_start_html(film, outputs, options))
            written: list[Path] = []
            labels = ["measurements", "maps, panels and GIF", "animated HTML map"]
            for label, finish in zip(labels, finishing, strict=True):
                bar.update(task, description=f"natomap build: {label}")
                written.extend(finish())
                bar.advance(task)
            bar.update(task, description="natomap build: done")
            bar.advance(task)
        return _move_into_place(staging, target, written)
    except KeyboardInterrupt:
        _stop_workers(finishing)
        raise Interrupted("interrupted: nothing was written") from None
    except OutputError as err:
        _stop_workers(finishing)
        # Name the file the user asked for, not natomap's staging folder.
        raise OutputError(str(err).replace(str(staging), str(target))) from None
    except OSError as err:
        _stop_workers(finishing)
        where = str(err.filename or target).replace(str(staging), str(target))
        raise OutputError(f"cannot write {where}: {err.strerror or err}") from None
    except BaseException:
        _stop_workers(finishing)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, target: Path, written: list[Path]) -> list[Path]:
    """Move a finished build from ``staging`` into ``target``: replace the files of the
    previous build (its manifest says which), keep everything else the user has there."""
    relative = sorted(str(p.relative_to(staging)) for p in written)
    manifest = Outputs(target).manifest
    if not target.exists():
        _write_manifest(Outputs(staging).manifest, relative)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)  # mkdtemp made it private; the output is not
        os.rename(staging, target)
        return [target / r for r in relative]
    previous = _previous_files(manifest)
    for rel in relative:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, destination)
    for rel in sorted(previous - set(relative)):
        stale = target / rel
        if stale.is_file():
            stale.unlink()
    maps = target / "maps"
    if maps.is_dir() and not any(maps.iterdir()):
        maps.rmdir()
    _write_manifest(manifest, relative)
    return [target / r for r in relative]


def _previous_files(manifest: Path) -> set[str]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {str(f) for f in data["files"] if ".." not in Path(str(f)).parts}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _write_manifest(path: Path, files: list[str]) -> None:
    from natomap._io import write_atomic

    text = json.dumps({"generator": "natomap", "files": files}, indent=1) + "\n"
    write_atomic(path, text)
