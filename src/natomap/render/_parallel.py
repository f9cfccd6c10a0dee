"""Run independent rendering jobs on every core, with workers that die with their parent.

Drawing a map is CPU-bound Python (matplotlib), so threads do not help; processes do.
Workers are forked where the platform allows it, so they start with the parent's loaded
tables, geometry and frames instead of computing them again; elsewhere each worker is handed
the film's frames. A worker whose parent is gone (killed, even with SIGKILL) exits at once
instead of drawing on for nobody.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["parallel_calls", "start_calls"]

_PR_SET_PDEATHSIG = 1


def _call(job: Callable[[], T]) -> T:
    return job()


def _watch_parent(parent: int) -> None:
    """Exit when the parent process is gone: the kernel's parent-death signal on Linux, a
    watcher thread everywhere (it also covers a parent that dies before prctl ran)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, name="natomap-parent-watch", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _start_worker(parent: int, film: Any, frames: Any) -> None:
    # Ctrl-C reaches the whole process group; the parent decides what stops, and how. A
    # forked worker must not run the parent's handlers: SIGTERM simply ends it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _watch_parent(parent)
    if film is not None and frames:
        film.adopt(frames)


def parallel_calls(
    jobs: Sequence[Callable[[], T]], workers: int | None = None, *, film: Any = None
) -> list[T]:
    """The results of ``jobs`` (picklable callables without arguments, e.g. partials), in
    order; in this process when there is one core or one job."""
    return start_calls(jobs, workers, film=film)()


def start_calls(
    jobs: Sequence[Callable[[], T]],
    workers: int | None = None,
    *,
    background: bool = False,
    film: Any = None,
) -> Callable[[], list[T]]:
    """Start ``jobs`` on worker processes now; the returned function waits for their results.

    This process is free in between (``natomap build`` measures the statistics while the
    workers draw the stills). Workers are forked: start them while this process runs no
    other thread. ``film`` (whose frames are computed) is handed to workers that are not
    forked, so they do not compute its frames again.
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 and not background:  # ``background``: on a worker even when alone
        return lambda: [job() for job in jobs]
    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    frames = None
    if film is not None and context.get_start_method() != "fork":
        frames = film.frames
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), film, frames),
    )
    futures = [pool.submit(_call, job) for job in jobs]

    def results() -> list[T]:
        try:
            return [future.result() for future in futures]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    results.pool = pool  # type: ignore[attr-defined]  # lets an interrupted build stop it
    return results
